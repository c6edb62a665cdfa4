//! Storage of eager-loaded edges, type-erased so that an entity's type does not contain the
//! types of the entities it links to.
//!
//! A generated `UserEdges` used to hold `Option<Vec<Post>>`, `PostEdges` held
//! `Option<Vec<Comment>>`, and so on: for a long chain of distinct entities (E0 → E1 → … → E199)
//! drop-check and the auto-trait and derive checks walked every link and overflowed rustc's
//! recursion limit. [`Loaded<T>`] keeps the targets behind a trait object, names `T` only
//! through `PhantomData<fn() -> T>` (which owns no `T`), and implements its traits without
//! bounds on `T`, so no check goes through it.

use std::any::Any;
use std::fmt;
use std::marker::PhantomData;
use std::panic::{RefUnwindSafe, UnwindSafe};

/// The loaded targets of one edge: `Vec<T>` behind a trait object.
///
/// The unwind-safety supertraits keep entities that embed edges `UnwindSafe`, as they were
/// when the edges were stored as `Option<Vec<T>>`.
trait ErasedEdge: Any + Send + Sync + UnwindSafe + RefUnwindSafe {
    fn clone_box(&self) -> Box<dyn ErasedEdge>;
    fn as_any(&self) -> &dyn Any;
    fn into_any(self: Box<Self>) -> Box<dyn Any>;
    fn fmt_debug(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;
    fn eq_dyn(&self, other: &dyn ErasedEdge) -> bool;
}

impl<T> ErasedEdge for Vec<T>
where
    T: Clone + fmt::Debug + PartialEq + Send + Sync + UnwindSafe + RefUnwindSafe + 'static,
{
    fn clone_box(&self) -> Box<dyn ErasedEdge> {
        Box::new(self.clone())
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn into_any(self: Box<Self>) -> Box<dyn Any> {
        self
    }

    fn fmt_debug(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }

    fn eq_dyn(&self, other: &dyn ErasedEdge) -> bool {
        other
            .as_any()
            .downcast_ref::<Vec<T>>()
            .is_some_and(|other| self == other)
    }
}

/// The eager-loaded targets of an edge (`user.edges.posts`): not loaded until
/// [`set`](Loaded::set) by a `with_<edge>` query.
///
/// `Clone`, `Debug`, `PartialEq` and `Default` hold for every `T` (they go through the stored
/// trait object), and `Loaded<T>` is `Send + Sync` whatever `T` is: that is what keeps checks on
/// an entity from recursing into the entities it links to. Unique edges store zero or one
/// target ([`set_first`](Loaded::set_first), [`get_first`](Loaded::get_first)).
pub struct Loaded<T> {
    targets: Option<Box<dyn ErasedEdge>>,
    // `fn() -> T`, not `T`: a `Loaded<T>` owns no `T` as far as drop-check and auto traits see.
    _target: PhantomData<fn() -> T>,
}

impl<T> Loaded<T> {
    /// Not loaded.
    pub const fn new() -> Self {
        Loaded {
            targets: None,
            _target: PhantomData,
        }
    }

    /// Whether the edge was loaded (possibly with no targets).
    pub fn is_loaded(&self) -> bool {
        self.targets.is_some()
    }

    /// Back to not loaded.
    pub fn clear(&mut self) {
        self.targets = None;
    }
}

impl<T: 'static> Loaded<T> {
    /// The loaded targets, `None` when the edge was not loaded.
    pub fn get(&self) -> Option<&[T]> {
        self.targets.as_ref().map(|t| {
            t.as_any()
                .downcast_ref::<Vec<T>>()
                .expect("Loaded<T> holds a Vec<T>")
                .as_slice()
        })
    }

    /// The target of a unique edge: `None` when not loaded, `Some(None)` when loaded and absent.
    pub fn get_first(&self) -> Option<Option<&T>> {
        self.get().map(<[T]>::first)
    }

    /// Takes the loaded targets out, leaving the edge not loaded.
    pub fn take(&mut self) -> Option<Vec<T>> {
        self.targets.take().map(|t| {
            *t.into_any()
                .downcast::<Vec<T>>()
                .expect("Loaded<T> holds a Vec<T>")
        })
    }
}

impl<T> Loaded<T>
where
    T: Clone + fmt::Debug + PartialEq + Send + Sync + UnwindSafe + RefUnwindSafe + 'static,
{
    /// Stores the loaded targets (possibly none): the edge is loaded.
    pub fn set(&mut self, targets: Vec<T>) {
        self.targets = Some(Box::new(targets));
    }

    /// Stores the first of the loaded targets, for a unique edge: the edge is loaded.
    pub fn set_first(&mut self, mut targets: Vec<T>) {
        targets.truncate(1);
        self.set(targets);
    }
}

impl<T> Default for Loaded<T> {
    fn default() -> Self {
        Loaded::new()
    }
}

impl<T> Clone for Loaded<T> {
    fn clone(&self) -> Self {
        Loaded {
            targets: self.targets.as_ref().map(|t| t.clone_box()),
            _target: PhantomData,
        }
    }
}

impl<T> PartialEq for Loaded<T> {
    fn eq(&self, other: &Self) -> bool {
        match (&self.targets, &other.targets) {
            (None, None) => true,
            (Some(a), Some(b)) => a.eq_dyn(b.as_ref()),
            _ => false,
        }
    }
}

/// Prints like the `Option<Vec<T>>` it stands for: `None` or `Some([..])`.
impl<T> fmt::Debug for Loaded<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Targets<'a>(&'a dyn ErasedEdge);
        impl fmt::Debug for Targets<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt_debug(f)
            }
        }
        match &self.targets {
            None => f.write_str("None"),
            Some(t) => f.debug_tuple("Some").field(&Targets(t.as_ref())).finish(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Loaded;

    #[derive(Clone, Debug, PartialEq)]
    struct Node {
        id: i64,
        next: Loaded<Node>,
    }

    fn node(id: i64) -> Node {
        Node {
            id,
            next: Loaded::default(),
        }
    }

    #[test]
    fn set_get_take_and_is_loaded() {
        let mut l: Loaded<Node> = Loaded::default();
        assert!(!l.is_loaded());
        assert_eq!(l.get(), None);
        assert_eq!(l.get_first(), None);
        l.set(vec![node(1), node(2)]);
        assert!(l.is_loaded());
        assert_eq!(l.get().map(<[Node]>::len), Some(2));
        assert_eq!(l.get_first(), Some(Some(&node(1))));
        assert_eq!(l.take(), Some(vec![node(1), node(2)]));
        assert!(!l.is_loaded());
        l.set(Vec::new());
        assert!(l.is_loaded());
        assert_eq!(l.get(), Some(&[][..]));
        assert_eq!(l.get_first(), Some(None));
        l.clear();
        assert!(!l.is_loaded());
    }

    #[test]
    fn set_first_keeps_one() {
        let mut l: Loaded<Node> = Loaded::new();
        l.set_first(vec![node(1), node(2)]);
        assert_eq!(l.get(), Some(&[node(1)][..]));
    }

    #[test]
    fn clone_eq_and_debug_follow_the_targets() {
        let mut a = node(1);
        a.next.set(vec![node(2)]);
        let b = a.clone();
        assert_eq!(a, b);
        let mut c = node(1);
        assert_ne!(a, c);
        c.next.set(Vec::new());
        assert_ne!(a, c);
        assert_eq!(format!("{:?}", node(3).next), "None");
        assert_eq!(
            format!("{:?}", a.next),
            format!("{:?}", Some(vec![node(2)]))
        );
        assert_eq!(
            format!("{:#?}", a.next),
            format!("{:#?}", Some(vec![node(2)]))
        );
    }

    fn assert_send_sync_unwind<
        T: Send + Sync + std::panic::UnwindSafe + std::panic::RefUnwindSafe,
    >() {
    }

    #[test]
    fn auto_traits_hold() {
        assert_send_sync_unwind::<Node>();
        assert_send_sync_unwind::<Loaded<std::rc::Rc<i64>>>();
    }
}
