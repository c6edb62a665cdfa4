//! What edge setters accept as targets: an id, or the entity itself (ent's `AddPetIDs(ids...)`
//! and `AddPets(pets...)` in one method), so `add_tags([rust.id])`, `add_tags([&rust])` and
//! `add_tags(&tags)` all link the same rows.

use super::entity::Entity;
use crate::value::Value;

/// A target of an edge to `E`: `E`'s id type, `&E` or `E`.
///
/// Implemented for every id type an entity can have (integers, `String`, `Uuid`) whenever it is
/// `E`'s id type, so an integer literal in `add_friends([1, 2])` still infers.
pub trait IdOf<E: Entity> {
    /// The id of the target.
    fn into_id(self) -> E::Id;
}

impl<E: Entity> IdOf<E> for &E {
    fn into_id(self) -> E::Id {
        self.id()
    }
}

impl<E: Entity> IdOf<E> for E {
    fn into_id(self) -> E::Id {
        self.id()
    }
}

/// `impl<E: Entity<Id = T>> IdOf<E> for T` for each id type: a blanket impl over `E::Id` would
/// overlap with the impls for `E` and `&E` in the compiler's eyes.
macro_rules! id_types {
    ($($t:ty),* $(,)?) => {$(
        impl<E: Entity<Id = $t>> IdOf<E> for $t {
            fn into_id(self) -> $t {
                self
            }
        }
    )*};
}

id_types!(i8, i16, i32, i64, u8, u16, u32, u64, String, uuid::Uuid);

/// The value of one target's id (generated `set_<edge>` setters use it).
pub fn id_value<E: Entity>(target: impl IdOf<E>) -> Value {
    target.into_id().into()
}

/// The values of the targets' ids (generated `add_<edge>` / `remove_<edge>` setters use it).
pub fn id_values<E: Entity>(targets: impl IntoIterator<Item = impl IdOf<E>>) -> Vec<Value> {
    targets.into_iter().map(id_value::<E>).collect()
}
