//! Planned migration statements: what the planner produces and what both the executor and the
//! migration-directory writer consume.

/// One SQL statement of a migration, with the human comment Atlas writes above it and the
/// statements that undo it (empty when the change cannot be reversed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedStatement {
    /// The statement, without a trailing semicolon.
    pub sql: String,
    /// A one-line human description, e.g. `create "users" table`.
    pub comment: String,
    /// Statements that undo this one, in the order they must run.
    pub reverse: Vec<String>,
}

/// An ordered list of statements that moves a database from one schema to another.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// The migration name given by the user (`add_pets`), used in file names.
    pub name: String,
    /// Statements in execution order.
    pub statements: Vec<PlannedStatement>,
}
