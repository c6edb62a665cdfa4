//! Errors of the planner.

use crate::dialect::RenderError;

/// Why a set of changes cannot be turned into statements.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    /// Something in a table cannot be written in the dialect.
    #[error("table {table:?}: {source}")]
    Render {
        /// The table involved.
        table: String,
        /// The problem.
        source: RenderError,
    },
    /// A constraint without a name cannot be dropped by name.
    #[error("table {table:?}: cannot drop the unnamed {what} {detail}")]
    Unnamed {
        /// The table involved.
        table: String,
        /// `check constraint` or `foreign key`.
        what: &'static str,
        /// The constraint's expression or columns.
        detail: String,
    },
}

impl PlanError {
    pub(crate) fn render(table: &str) -> impl FnOnce(RenderError) -> PlanError + '_ {
        move |source| PlanError::Render {
            table: table.to_owned(),
            source,
        }
    }
}
