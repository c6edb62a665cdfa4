//! How an edge is stored, as generated code describes it in constants.

use super::predicate::Pred;
use super::select::{Expr, Select};

/// Where an edge's link lives. Names come from the graph; the runtime never computes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EdgeStorage {
    /// The target table holds a column referencing the source's key (O2M, and O2O seen from
    /// the side that does not hold the FK): `pets.owner_id → users.id` for `User.pets`.
    TargetFk(&'static str),
    /// The source table holds a column referencing the target's key (M2O, O2O from the FK
    /// holder): `pets.owner_id → users.id` for `Pet.owner`.
    SourceFk(&'static str),
    /// A join table (M2M): `user_groups(user_id, group_id)` for `User.groups`.
    Join {
        /// The join table.
        table: &'static str,
        /// Its column referencing the source's key.
        source_column: &'static str,
        /// Its column referencing the target's key.
        target_column: &'static str,
    },
}

/// An edge from one table to another, e.g. generated as
/// `pub const PETS: Edge = Edge { name: "pets", source_table: "users", source_key: "id",
/// target_table: "pets", target_key: "id", storage: EdgeStorage::TargetFk("owner_id") };`
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Edge {
    /// The edge's name (for `NotLoaded` errors and logs).
    pub name: &'static str,
    /// The table the edge starts from.
    pub source_table: &'static str,
    /// The source's key column (its id).
    pub source_key: &'static str,
    /// The table the edge leads to.
    pub target_table: &'static str,
    /// The target's key column (its id).
    pub target_key: &'static str,
    /// Where the link is stored.
    pub storage: EdgeStorage,
}

impl Edge {
    /// A predicate on the *target* table selecting the rows reached from the source rows that
    /// `from` selects (ent's `Query<Edge>()` traversal). `from`'s projection is replaced.
    ///
    /// - FK on the target: `target.fk IN (SELECT source.key FROM source WHERE ...)`
    /// - FK on the source: `target.key IN (SELECT source.fk FROM source WHERE ...)`
    /// - join table: `target.key IN (SELECT j.target_col FROM j WHERE j.source_col IN (SELECT
    ///   source.key FROM source WHERE ...))`
    pub fn traverse(&self, mut from: Select) -> Pred {
        match self.storage {
            EdgeStorage::TargetFk(fk) => {
                from.set_columns([Expr::col(self.source_key)]);
                Pred::in_select(fk, from)
            }
            EdgeStorage::SourceFk(fk) => {
                from.set_columns([Expr::col(fk)]);
                Pred::in_select(self.target_key, from)
            }
            EdgeStorage::Join {
                table,
                source_column,
                target_column,
            } => {
                from.set_columns([Expr::col(self.source_key)]);
                let join = Select::from(table)
                    .column(target_column)
                    .filter(Pred::in_select(source_column, from));
                Pred::in_select(self.target_key, join)
            }
        }
    }
}
