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

/// A plan that cannot be reversed, naming the first statement without a reverse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("statement {comment:?} cannot be reversed: {sql}")]
pub struct IrreversibleError {
    /// The statement.
    pub sql: String,
    /// Its comment.
    pub comment: String,
}

impl Plan {
    /// Whether every statement has a reverse (Atlas's `Plan.Reversible`).
    pub fn is_reversible(&self) -> bool {
        self.statements.iter().all(|s| !s.reverse.is_empty())
    }

    /// Whether the plan has no statements.
    pub fn is_empty(&self) -> bool {
        self.statements.is_empty()
    }

    /// The down migration: each statement's reverse, last statement first, commented
    /// `reverse: <comment>` as Atlas writes down files. The reversed plan's statements carry no
    /// reverses of their own.
    pub fn reversed(&self) -> Result<Plan, IrreversibleError> {
        let mut statements = Vec::new();
        for s in self.statements.iter().rev() {
            if s.reverse.is_empty() {
                return Err(IrreversibleError {
                    sql: s.sql.clone(),
                    comment: s.comment.clone(),
                });
            }
            statements.extend(s.reverse.iter().map(|r| PlannedStatement {
                sql: r.clone(),
                comment: format!("reverse: {}", s.comment),
                reverse: Vec::new(),
            }));
        }
        Ok(Plan {
            name: self.name.clone(),
            statements,
        })
    }
}
