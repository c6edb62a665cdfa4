//! The benchmark cases of `benches/vs_postgres.rs` with the two sides taking turns: a block of
//! the generated client, then the same block by hand, and again, so that both see the same
//! machine (criterion measures one side for seconds, then the other, and on a shared machine
//! the ratio then moves by ±10 %). Prints each side's median block time and their ratio.
//!
//! Run: `cargo run --release -p bench-client --example alternating [BLOCKS]` (default 41
//! blocks per case; PostgreSQL at `ENTGEN_TEST_POSTGRES_URL`, by default 127.0.0.1:5432), and
//! with `ENTGEN_BENCH_DB=mysql` the same cases on MySQL/MariaDB (`ENTGEN_TEST_MYSQL_URL`, by
//! default root@127.0.0.1:3306) against hand-written `mysql` crate code, plus inserts on MySQL
//! 8's path (no `INSERT ... RETURNING`; `?returning=false`).

use std::cell::Cell;
use std::hint::black_box;
use std::time::{Duration, Instant};

use bench_client::workloads::{self as work, Backend};

/// Runs `a` and `b` `blocks` times each, alternating (and alternating which goes first), and
/// returns the median time of each.
fn alternate(blocks: usize, mut a: impl FnMut(), mut b: impl FnMut()) -> (Duration, Duration) {
    let (mut times_a, mut times_b) = (Vec::with_capacity(blocks), Vec::with_capacity(blocks));
    let time = |f: &mut dyn FnMut()| {
        let start = Instant::now();
        f();
        start.elapsed()
    };
    a();
    b();
    for block in 0..blocks {
        if block % 2 == 0 {
            times_a.push(time(&mut a));
            times_b.push(time(&mut b));
        } else {
            times_b.push(time(&mut b));
            times_a.push(time(&mut a));
        }
    }
    (median(times_a), median(times_b))
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn report(case: &str, (first, second): (Duration, Duration), per_block: u32) {
    let (first, second) = (first / per_block, second / per_block);
    let ratio = first.as_secs_f64() / second.as_secs_f64();
    println!("{case:44} {first:>12.2?} {second:>12.2?} {ratio:>7.3}");
}

fn main() {
    let blocks: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(41);
    let backend = Backend::from_env();
    let (db, client, hand) = work::setup_on(backend);
    // Both sides run on the client's connection (see `workloads`), one at a time.
    let c = || &client;
    let hand = &hand;
    println!("{}, {blocks} blocks per case", backend.name());
    println!(
        "{:44} {:>12} {:>12} {:>7}",
        "case (per operation)", "first", "second", "ratio"
    );

    // A fresh number per call (unique emails, the next id), shared by both sides' closures.
    let counter = Cell::new(0u64);
    let next = || {
        counter.set(counter.get() + 1);
        counter.get()
    };
    let next_id = || (next() % 10_000) as i64 + 1;

    let insert = alternate(
        blocks,
        || (0..50).for_each(|_| drop(black_box(work::insert_entgen(c(), next())))),
        || (0..50).for_each(|_| drop(black_box(work::insert_hand(c(), hand, next())))),
    );
    report("insert one: entgen / hand", insert, 50);

    if backend == Backend::Mysql {
        // MySQL 8's path on MariaDB: the INSERT, LAST_INSERT_ID() and the row read back, in a
        // transaction (the hand-written side sends the INSERT alone, as before).
        let mysql8 = work::pooled_with(&db, 1, "returning=false");
        let insert = alternate(
            blocks,
            || (0..50).for_each(|_| drop(black_box(work::insert_entgen(&mysql8, next())))),
            || (0..50).for_each(|_| drop(black_box(work::insert_hand(&mysql8, hand, next())))),
        );
        report("insert one, no RETURNING: entgen / hand", insert, 50);
    }

    let get = alternate(
        blocks,
        || (0..200).for_each(|_| drop(black_box(work::get_entgen(c(), next_id())))),
        || (0..200).for_each(|_| drop(black_box(work::get_hand(c(), hand, next_id())))),
    );
    report("get by id: entgen / hand", get, 200);

    let list = alternate(
        blocks,
        || drop(black_box(work::list_entgen(c()))),
        || drop(black_box(work::list_hand(c(), hand))),
    );
    report("list 10k: entgen / hand", list, 1);

    let eager = alternate(
        blocks,
        || drop(black_box(work::eager_entgen(c()))),
        || drop(black_box(work::eager_hand(c(), hand))),
    );
    report("eager 1000 x 10: entgen / hand", eager, 1);

    // N threads on one shared client with a pool of 8, against hand-written code over the
    // same pool; the figure is time per get (the inverse of throughput).
    let shared = work::pooled(&db, 8);
    for threads in [1, 2, 8] {
        let per_thread = 400 / threads;
        let got = alternate(
            blocks,
            || work::threaded_get_entgen(&shared, threads, per_thread),
            || work::threaded_get_hand(&shared, hand, threads, per_thread),
        );
        report(
            &format!("get by id, {threads} thread(s), shared pool"),
            got,
            (per_thread * threads) as u32,
        );
    }

    // Fewer blocks: each is 10k rows, and row by row takes about a second.
    let bulk_blocks = blocks.div_ceil(4).max(3);
    let bulk = alternate(
        bulk_blocks,
        || drop(black_box(work::bulk_entgen(c(), next()))),
        || drop(black_box(work::row_by_row_entgen(c(), next()))),
    );
    report("bulk 10k: create_bulk / row by row", bulk, 1);
    println!(
        "create_bulk is {:.1}x faster than create().save() row by row in one transaction",
        bulk.1.as_secs_f64() / bulk.0.as_secs_f64()
    );
}
