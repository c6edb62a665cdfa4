//! Pure planner: [`Change`]s in, a [`Plan`] of SQL statements out, each with Atlas's comment and
//! the statements that reverse it.
//!
//! Ordering across tables is decided once, in `order.rs` (referenced tables created first,
//! foreign-key cycles broken by adding keys after the tables, drops last, referencing tables
//! dropped first). Statement text per dialect is in `postgres.rs` and `sqlite.rs`; the DDL
//! fragments come from [`crate::dialect`].
//!
//! SQLite cannot `ALTER` most things; such tables are rebuilt (new table, copy rows, drop, rename,
//! recreate indexes) between `PRAGMA foreign_keys = off` and `PRAGMA foreign_keys = on`, as Atlas
//! does. Those pragmas are no-ops inside a transaction, so an executor must switch foreign keys
//! off before `BEGIN`, run `PRAGMA foreign_key_check` before `COMMIT`, and switch them back on
//! after (see `crate::testing::TestDb::apply` for one).

mod error;
mod go_quote;
mod mysql;
mod order;
mod postgres;
mod sqlite;
mod validate;

pub use error::PlanError;
pub use go_quote::go_quote;

use crate::dialect::Dialect;
use crate::diff::Change;
use crate::plan::{Plan, PlannedStatement};

/// Plans the statements that apply `changes` in `dialect`. The plan's name is left empty.
pub fn plan(changes: &[Change], dialect: Dialect) -> Result<Plan, PlanError> {
    validate::identifiers(changes, dialect)?;
    let steps = order::order(changes, dialect);
    let statements = match dialect {
        Dialect::Postgres => postgres::plan(&steps)?,
        Dialect::Sqlite => sqlite::plan(&steps)?,
        Dialect::Mysql => mysql::plan(&steps)?,
    };
    Ok(Plan {
        name: String::new(),
        statements,
    })
}

/// Shorthand for a planned statement.
pub(crate) fn stmt(sql: String, comment: String, reverse: Vec<String>) -> PlannedStatement {
    PlannedStatement {
        sql,
        comment,
        reverse,
    }
}

/// `create index "i" to table: "t"` and the other Atlas comment texts, in one place.
pub(crate) mod comments {
    use super::go_quote as q;

    pub fn create_table(t: &str) -> String {
        format!("create {} table", q(t))
    }
    pub fn drop_table(t: &str) -> String {
        format!("drop {} table", q(t))
    }
    pub fn modify_table(t: &str) -> String {
        format!("modify {} table", q(t))
    }
    pub fn rename_table(from: &str, to: &str) -> String {
        format!("rename a table from {} to {}", q(from), q(to))
    }
    pub fn rename_column(from: &str, to: &str) -> String {
        format!("rename a column from {} to {}", q(from), q(to))
    }
    pub fn create_index(i: &str, t: &str) -> String {
        format!("create index {} to table: {}", q(i), q(t))
    }
    pub fn drop_index(i: &str, t: &str) -> String {
        format!("drop index {} from table: {}", q(i), q(t))
    }
    pub fn table_comment(t: &str) -> String {
        format!("set comment to table: {}", q(t))
    }
    pub fn column_comment(c: &str, t: &str) -> String {
        format!("set comment to column: {} on table: {}", q(c), q(t))
    }
    pub fn add_column(c: &str, t: &str) -> String {
        format!("add column {} to table: {}", q(c), q(t))
    }
    pub fn copy_rows(from: &str, to: &str) -> String {
        format!(
            "copy rows from old table {} to new temporary table {}",
            q(from),
            q(to)
        )
    }
    pub fn drop_after_copy(t: &str) -> String {
        format!("drop {} table after copying rows", q(t))
    }
    pub fn rename_temporary(from: &str, to: &str) -> String {
        format!("rename temporary table {} to {}", q(from), q(to))
    }
    pub fn set_sequence(t: &str) -> String {
        format!("set sequence for {} table", q(t))
    }
    pub const FK_OFF: &str = "disable the enforcement of foreign-keys constraints";
    pub const FK_ON: &str = "enable back the enforcement of foreign-keys constraints";
}
