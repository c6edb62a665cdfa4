//! A reference executor for plans, used by tests: every statement in one transaction, rolled
//! back on the first error, which names the statement.
//!
//! On SQLite, `PRAGMA foreign_keys` is a no-op inside a transaction, so the executor switches
//! foreign keys off before `BEGIN` (skipping the plan's own pragma statements), runs
//! `PRAGMA foreign_key_check` before `COMMIT` (any row fails the migration), and restores the
//! previous setting afterwards.

use crate::plan::Plan;

/// A statement of a plan failed.
#[derive(Debug, thiserror::Error)]
#[error("applying {comment:?}: {error}\n  statement: {sql}")]
pub struct ApplyError {
    /// The statement.
    pub sql: String,
    /// Its comment.
    pub comment: String,
    /// The database error.
    pub error: String,
}

fn fail(sql: &str, comment: &str, error: impl std::fmt::Display) -> ApplyError {
    ApplyError {
        sql: sql.to_owned(),
        comment: comment.to_owned(),
        error: error.to_string(),
    }
}

/// Applies `plan` on PostgreSQL in one transaction.
pub(super) fn postgres(client: &mut postgres::Client, plan: &Plan) -> Result<(), ApplyError> {
    let mut tx = client
        .transaction()
        .map_err(|e| fail("BEGIN", "begin", e))?;
    for s in &plan.statements {
        tx.batch_execute(&s.sql)
            .map_err(|e| fail(&s.sql, &s.comment, super::postgres_db::pg_error(&e)))?;
    }
    tx.commit().map_err(|e| fail("COMMIT", "commit", e))
}

/// Applies `plan` on MySQL statement by statement: MySQL commits each DDL statement on its
/// own, so there is no transaction to roll back; the error names the statement that failed
/// (those before it stay applied).
pub(super) fn mysql(driver: &mut crate::driver::Driver, plan: &Plan) -> Result<(), ApplyError> {
    for s in &plan.statements {
        driver
            .execute_batch(&s.sql)
            .map_err(|e| fail(&s.sql, &s.comment, e))?;
    }
    Ok(())
}

/// Applies `plan` on SQLite in one transaction with foreign keys off and checked at the end.
pub(super) fn sqlite(conn: &rusqlite::Connection, plan: &Plan) -> Result<(), ApplyError> {
    let was_on: i64 = conn
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .map_err(|e| fail("PRAGMA foreign_keys", "read foreign_keys", e))?;
    conn.execute_batch("PRAGMA foreign_keys = off")
        .map_err(|e| fail("PRAGMA foreign_keys = off", "disable foreign keys", e))?;
    let result = sqlite_tx(conn, plan);
    if was_on != 0 {
        conn.execute_batch("PRAGMA foreign_keys = on")
            .map_err(|e| fail("PRAGMA foreign_keys = on", "enable foreign keys", e))?;
    }
    result
}

fn sqlite_tx(conn: &rusqlite::Connection, plan: &Plan) -> Result<(), ApplyError> {
    let tx = conn
        .unchecked_transaction()
        .map_err(|e| fail("BEGIN", "begin", e))?;
    for s in &plan.statements {
        if s.sql
            .to_ascii_lowercase()
            .starts_with("pragma foreign_keys")
        {
            continue;
        }
        tx.execute_batch(&s.sql)
            .map_err(|e| fail(&s.sql, &s.comment, e))?;
    }
    let violations: i64 = tx
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .map_err(|e| fail("PRAGMA foreign_key_check", "check foreign keys", e))?;
    if violations > 0 {
        return Err(fail(
            "PRAGMA foreign_key_check",
            "check foreign keys",
            format!("{violations} foreign-key violations"),
        ));
    }
    tx.commit().map_err(|e| fail("COMMIT", "commit", e))
}
