//! CHECK constraints.

/// A table-level CHECK constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// Constraint name; empty for an unnamed check (then the database picks a name and a plan that
    /// adds it cannot be reversed).
    pub name: String,
    /// The boolean SQL expression, without the surrounding `CHECK (...)`.
    pub expr: String,
}

impl Check {
    /// A named check.
    pub fn new(name: impl Into<String>, expr: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            expr: expr.into(),
        }
    }
}
