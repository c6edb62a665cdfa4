//! The generated client against hand-written `postgres` crate code doing the same work on real
//! PostgreSQL (issue: code generation, goal ≤ 1.10×; bulk create ≥ 10× faster than row by row):
//! insert one row, get one row by id, list 10k rows, eager-load 1000 users × 10 pets, and
//! bulk-create 10k rows; and 1, 2 and 8 threads getting rows by id through one shared client
//! (a pool of 8) against hand-written code over the same pool. The work itself is in `bench_client::workloads`.
//!
//! Criterion measures one side for its whole measurement time and then the other, so a change
//! in the machine's state between the two shows up in the ratio; `cargo run --release -p
//! bench-client --example alternating` runs the same work with the sides taking turns.
//!
//! Run: `cargo bench -p bench-client` (PostgreSQL at `ENTGEN_TEST_POSTGRES_URL`, by default
//! 127.0.0.1:5432); `ENTGEN_BENCH_DB=mysql cargo bench -p bench-client` runs the same cases on
//! MySQL/MariaDB against hand-written `mysql` crate code. Ratios are in BENCHMARKS.md.

use std::hint::black_box;
use std::time::Duration;

use bench_client::ent::Client;
use bench_client::workloads::{self as work, Backend, Hand};
use criterion::{Criterion, criterion_group, criterion_main};

fn insert_one(c: &mut Criterion, client: &Client, hand: &Hand) {
    let mut g = c.benchmark_group("insert_one");
    let mut n = 0u64;
    g.bench_function("entgen", |b| {
        b.iter(|| {
            n += 1;
            black_box(work::insert_entgen(client, n))
        })
    });
    g.bench_function("hand", |b| {
        b.iter(|| {
            n += 1;
            black_box(work::insert_hand(client, hand, n))
        })
    });
    g.finish();
}

fn get_by_id(c: &mut Criterion, client: &Client, hand: &Hand) {
    let mut g = c.benchmark_group("get_by_id");
    let mut id = 0i64;
    g.bench_function("entgen", |b| {
        b.iter(|| {
            id = id % 10_000 + 1;
            black_box(work::get_entgen(client, id))
        })
    });
    g.bench_function("hand", |b| {
        b.iter(|| {
            id = id % 10_000 + 1;
            black_box(work::get_hand(client, hand, id))
        })
    });
    g.finish();
}

fn list_10k(c: &mut Criterion, client: &Client, hand: &Hand) {
    let mut g = c.benchmark_group("list_10k");
    g.sample_size(20);
    g.bench_function("entgen", |b| {
        b.iter(|| black_box(work::list_entgen(client)))
    });
    g.bench_function("hand", |b| {
        b.iter(|| black_box(work::list_hand(client, hand)))
    });
    g.finish();
}

fn eager_1000x10(c: &mut Criterion, client: &Client, hand: &Hand) {
    let mut g = c.benchmark_group("eager_1000x10");
    g.sample_size(20);
    g.bench_function("entgen", |b| {
        b.iter(|| black_box(work::eager_entgen(client)))
    });
    g.bench_function("hand", |b| {
        b.iter(|| black_box(work::eager_hand(client, hand)))
    });
    g.finish();
}

fn bulk_create_10k(c: &mut Criterion, client: &Client, hand: &Hand) {
    let mut g = c.benchmark_group("bulk_create_10k");
    g.sample_size(10);
    let mut round = 0u64;
    g.bench_function("entgen_create_bulk", |b| {
        b.iter(|| {
            round += 1;
            black_box(work::bulk_entgen(client, round))
        })
    });
    g.bench_function("entgen_row_by_row_in_tx", |b| {
        b.iter(|| {
            round += 1;
            black_box(work::row_by_row_entgen(client, round))
        })
    });
    g.bench_function("hand_row_by_row_in_tx", |b| {
        b.iter(|| {
            round += 1;
            black_box(work::row_by_row_hand(client, hand, round))
        })
    });
    g.finish();
}

/// Row by row without a transaction, as a loop of `create().save()` runs by default: every
/// insert commits. Fewer rows (1000), reported per 10k in BENCHMARKS.md.
fn row_by_row_autocommit(c: &mut Criterion, client: &Client) {
    let mut g = c.benchmark_group("row_by_row_autocommit_1k");
    g.sample_size(10);
    let mut n = 1_000_000_000u64;
    g.bench_function("entgen", |b| {
        b.iter(|| {
            for _ in 0..1_000 {
                n += 1;
                black_box(work::insert_entgen(client, n));
            }
        })
    });
    g.finish();
}

/// N threads getting users by id through one shared client with a pool of 8, against
/// hand-written code over the same pool (400 gets per iteration, split over the threads).
fn threaded_get(c: &mut Criterion, shared: &Client, hand: &Hand) {
    for threads in [1, 2, 8] {
        let mut g = c.benchmark_group(format!("get_by_id_{threads}_threads"));
        g.sample_size(20);
        let per_thread = 400 / threads;
        g.bench_function("entgen", |b| {
            b.iter(|| work::threaded_get_entgen(shared, threads, per_thread))
        });
        g.bench_function("hand", |b| {
            b.iter(|| work::threaded_get_hand(shared, hand, threads, per_thread))
        });
        g.finish();
    }
}

fn benches(c: &mut Criterion) {
    let (db, client, hand) = work::setup_on(Backend::from_env());
    insert_one(c, &client, &hand);
    get_by_id(c, &client, &hand);
    list_10k(c, &client, &hand);
    eager_1000x10(c, &client, &hand);
    bulk_create_10k(c, &client, &hand);
    row_by_row_autocommit(c, &client);
    threaded_get(c, &work::pooled(&db, 8), &hand);
}

criterion_group! {
    name = vs_postgres;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = benches
}
criterion_main!(vs_postgres);
