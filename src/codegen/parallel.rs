//! Work spread over all the machine's threads, results in the input's order.
//!
//! Generating a 1000-entity client is thousands of independent pieces of work (a chunk to
//! format, a file to hash or write), so each thread takes the next piece from a shared counter
//! until none is left: a thread that drew small pieces simply takes more.

use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicUsize, Ordering};

/// `work` applied to every item, on all threads, taking the items in the order `order` gives
/// (a permutation of the indices of `items`; largest first keeps one big item from finishing
/// alone at the end). Returns each item's result, in the order of `items`, or the panic its
/// work raised: a panic in syn or prettyplease is a bug in them, and the caller reports it for
/// that item instead of aborting the generator.
pub(crate) fn map_in_order<T, R>(
    items: &[T],
    order: &[usize],
    work: impl Fn(&T) -> R + Sync,
) -> Vec<std::thread::Result<R>>
where
    T: Sync,
    R: Send,
{
    debug_assert_eq!(order.len(), items.len());
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(order.len())
        .max(1);
    let next = AtomicUsize::new(0);
    let take_share = || {
        let mut done = Vec::new();
        while let Some(&index) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
            let result = std::panic::catch_unwind(AssertUnwindSafe(|| work(&items[index])));
            done.push((index, result));
        }
        done
    };
    let shares: Vec<Vec<(usize, std::thread::Result<R>)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads).map(|_| scope.spawn(take_share)).collect();
        // A share's own bookkeeping does not panic: every panic of `work` was caught.
        handles
            .into_iter()
            .flat_map(|handle| handle.join())
            .collect()
    });
    let mut slots: Vec<Option<std::thread::Result<R>>> = (0..items.len()).map(|_| None).collect();
    for (index, result) in shares.into_iter().flatten() {
        slots[index] = Some(result);
    }
    slots.into_iter().flatten().collect()
}

/// `work` applied to every item on all threads, first to last, results in the order of
/// `items`. For work that only panics on a bug in entgen itself: the panic is resumed here.
pub(crate) fn map<T, R>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R>
where
    T: Sync,
    R: Send,
{
    let order: Vec<usize> = (0..items.len()).collect();
    map_in_order(items, &order, work)
        .into_iter()
        .map(|result| result.unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_the_items_order_whatever_the_order_of_work() {
        let items: Vec<usize> = (0..1000).collect();
        let backwards: Vec<usize> = (0..1000).rev().collect();
        let squares: Vec<usize> = map_in_order(&items, &backwards, |n| n * n)
            .into_iter()
            .flatten()
            .collect();
        assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>());
        assert_eq!(map(&items, |n| n + 1)[999], 1000);
        assert!(map(&[] as &[usize], |n| *n).is_empty());
    }

    #[test]
    fn a_panicking_item_is_reported_and_the_others_still_done() {
        let items = [1, 2, 3];
        let results = map_in_order(&items, &[0, 1, 2], |&n| {
            assert!(n != 2, "two");
            n * 10
        });
        assert_eq!(results.len(), 3);
        assert_eq!(*results[0].as_ref().expect("done"), 10);
        assert!(results[1].is_err());
        assert_eq!(*results[2].as_ref().expect("done"), 30);
    }
}
