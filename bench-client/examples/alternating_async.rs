//! The async client against hand-written `tokio-postgres` code over the same pool, the two
//! sides taking turns in blocks (see `alternating.rs`): insert, get, list 10k, eager 1000 × 10
//! on a pool of one connection, then 64 tasks getting users by id through a pool of 8.
//!
//! Run: `cargo run --release -p bench-client --example alternating_async [BLOCKS]`.

use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use bench_client::async_workloads as work;
use tokio::runtime::Runtime;

/// Runs `a` and `b` `blocks` times each on `rt`, alternating which goes first, and returns
/// the median time of each.
fn alternate<A, B>(
    rt: &Runtime,
    blocks: usize,
    a: impl Fn() -> A,
    b: impl Fn() -> B,
) -> (Duration, Duration)
where
    A: Future<Output = ()>,
    B: Future<Output = ()>,
{
    let (mut times_a, mut times_b) = (Vec::with_capacity(blocks), Vec::with_capacity(blocks));
    let time_a = || {
        let start = Instant::now();
        rt.block_on(a());
        start.elapsed()
    };
    let time_b = || {
        let start = Instant::now();
        rt.block_on(b());
        start.elapsed()
    };
    time_a();
    time_b();
    for block in 0..blocks {
        if block % 2 == 0 {
            times_a.push(time_a());
            times_b.push(time_b());
        } else {
            times_b.push(time_b());
            times_a.push(time_a());
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
    // The database and its rows come from the sync setup (outside the runtime).
    let (db, sync_client, _) = bench_client::workloads::setup();
    drop(sync_client);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let one = rt.block_on(work::open(&db, 1));
    let c = &one;
    println!(
        "{:44} {:>12} {:>12} {:>7}",
        "case (per operation)", "entgen", "hand", "ratio"
    );
    let counter = AtomicU64::new(0);
    let next = || counter.fetch_add(1, Ordering::Relaxed) + 1;
    let next_id = || (next() % 10_000) as i64 + 1;

    let insert = alternate(
        &rt,
        blocks,
        || async {
            for _ in 0..50 {
                black_box(work::insert_entgen(c, next()).await);
            }
        },
        || async {
            for _ in 0..50 {
                black_box(work::insert_hand(c, next()).await);
            }
        },
    );
    report("insert one: entgen / hand", insert, 50);

    let get = alternate(
        &rt,
        blocks,
        || async {
            for _ in 0..200 {
                black_box(work::get_entgen(c, next_id()).await);
            }
        },
        || async {
            for _ in 0..200 {
                black_box(work::get_hand(c, next_id()).await);
            }
        },
    );
    report("get by id: entgen / hand", get, 200);

    let list = alternate(
        &rt,
        blocks,
        || async { drop(black_box(work::list_entgen(c).await)) },
        || async { drop(black_box(work::list_hand(c).await)) },
    );
    report("list 10k: entgen / hand", list, 1);

    let eager = alternate(
        &rt,
        blocks,
        || async { drop(black_box(work::eager_entgen(c).await)) },
        || async { drop(black_box(work::eager_hand(c).await)) },
    );
    report("eager 1000 x 10: entgen / hand", eager, 1);

    // 64 tasks on one shared client over a pool of 8; the figure is time per get, so the
    // ratio is the inverse of the throughput ratio.
    let shared = rt.block_on(work::open(&db, 8));
    let (tasks, per_task) = (64, 10);
    let got = alternate(
        &rt,
        blocks,
        || work::concurrent_get_entgen(&shared, tasks, per_task),
        || work::concurrent_get_hand(&shared, tasks, per_task),
    );
    report(
        "get by id, 64 tasks, shared pool of 8",
        got,
        (tasks * per_task) as u32,
    );
    drop((one, shared));
    drop(rt);
    drop(db);
}
