//! The state a new migration starts from: the connection's tables as they are (inspect mode),
//! or the directory replayed on a clean dev database (replay mode), which is emptied again.

use crate::dialect::Dialect;
use crate::dir::{MigrationDir, MigrationFile, ScanOptions};
use crate::driver::Driver;
use crate::error::Error;
use crate::inspect::{InspectError, InspectOptions};
use crate::schema::Schema;

use super::error::DiffError;

/// Atlas's revisions table (`crate::exec::REVISIONS_TABLE`, which needs every feature): it
/// belongs to the migration tool, not to the schema, so it is never part of a diff.
const REVISIONS_TABLE: &str = "atlas_schema_revisions";

/// Tables dropped per statement when cleaning PostgreSQL: few round trips, and few enough
/// locks for the default `max_locks_per_transaction`.
const DROP_CHUNK: usize = 100;

/// The connection's tables (its current schema on PostgreSQL), the revisions table left out.
pub(super) fn inspect(driver: &mut Driver) -> Result<Schema, DiffError> {
    let mut schema = inspect_all(driver)?;
    schema.tables.retain(|t| t.name != REVISIONS_TABLE);
    Ok(schema)
}

fn inspect_all(driver: &mut Driver) -> Result<Schema, InspectError> {
    crate::inspect::inspect(driver, &InspectOptions::default())
}

/// `desired` with its expressions as the connected database prints them. Only PostgreSQL
/// rewrites them; SQLite keeps the statement text entgen wrote, which inspection reads back, and
/// the MySQL inspector normalizes what MySQL/MariaDB print (quoted identifiers, MariaDB's SQL
/// defaults) back to entgen's own form.
pub(super) fn database_forms(
    driver: &mut Driver,
    desired: &Schema,
) -> Result<Schema, InspectError> {
    match driver.dialect() {
        Dialect::Postgres => crate::inspect::postgres::database_forms(driver, desired),
        Dialect::Sqlite | Dialect::Mysql => Ok(desired.clone()),
    }
}

/// Replays `dir` on the (empty) database, inspects the result, and empties the database again,
/// also when the replay failed part way.
pub(super) fn replay(driver: &mut Driver, dir: &MigrationDir) -> Result<Schema, DiffError> {
    if let Some(table) = inspect(driver)?.tables.first() {
        return Err(DiffError::NotClean {
            table: table.name.clone(),
        });
    }
    let files = dir.migrations(&scan_options(driver.dialect()))?;
    let replayed = run_files(driver, &files).and_then(|()| inspect(driver));
    let created = match &replayed {
        Ok(schema) => schema.tables.iter().map(|t| t.name.clone()).collect(),
        Err(_) => table_names(driver)?,
    };
    clean(driver, &created)?;
    replayed
}

/// The lexical rules of the connected database for reading the files.
fn scan_options(dialect: Dialect) -> ScanOptions {
    match dialect {
        Dialect::Postgres => ScanOptions::POSTGRES,
        Dialect::Sqlite => ScanOptions::SQLITE,
        Dialect::Mysql => ScanOptions::MYSQL,
    }
}

fn run_files(driver: &mut Driver, files: &[MigrationFile]) -> Result<(), DiffError> {
    for file in files {
        for stmt in &file.statements {
            driver
                .execute_batch(&stmt.text)
                .map_err(|e| DiffError::Replay {
                    file: file.name.clone(),
                    line: stmt.line,
                    reason: reason(&e),
                })?;
        }
    }
    Ok(())
}

fn table_names(driver: &mut Driver) -> Result<Vec<String>, DiffError> {
    Ok(inspect(driver)?
        .tables
        .into_iter()
        .map(|t| t.name)
        .collect())
}

/// Drops `tables`, leaving the dev database as it was found.
fn clean(driver: &mut Driver, tables: &[String]) -> Result<(), DiffError> {
    match driver.dialect() {
        Dialect::Postgres => clean_postgres(driver, tables),
        Dialect::Sqlite => clean_sqlite(driver, tables),
        Dialect::Mysql => clean_mysql(driver, tables),
    }
}

/// MySQL has no CASCADE for tables: foreign-key checks are switched off for the session while
/// the tables go (DDL commits on its own, so there is no transaction to wrap it in).
fn clean_mysql(driver: &mut Driver, tables: &[String]) -> Result<(), DiffError> {
    let d = Dialect::Mysql;
    let _ = driver.execute_batch("SET FOREIGN_KEY_CHECKS = 0");
    let dropped = tables.chunks(DROP_CHUNK).try_for_each(|chunk| {
        let names: Vec<String> = chunk.iter().map(|t| d.quote_ident(t)).collect();
        let sql = format!("DROP TABLE IF EXISTS {}", names.join(", "));
        driver
            .execute_batch(&sql)
            .map_err(|e| clean_error(chunk, &e))
    });
    let _ = driver.execute_batch("SET FOREIGN_KEY_CHECKS = 1");
    dropped
}

/// `DROP TABLE a, b, … CASCADE` in chunks: order does not matter with CASCADE.
fn clean_postgres(driver: &mut Driver, tables: &[String]) -> Result<(), DiffError> {
    let d = Dialect::Postgres;
    for chunk in tables.chunks(DROP_CHUNK) {
        let names: Vec<String> = chunk.iter().map(|t| d.quote_ident(t)).collect();
        let sql = format!("DROP TABLE IF EXISTS {} CASCADE", names.join(", "));
        driver
            .execute_batch(&sql)
            .map_err(|e| clean_error(chunk, &e))?;
    }
    Ok(())
}

/// SQLite has no CASCADE: foreign keys are switched off for the drops (outside the
/// transaction, where the pragma has effect) and restored afterwards, since the connection may
/// be an application's. One transaction, so the drops cost one sync.
fn clean_sqlite(driver: &mut Driver, tables: &[String]) -> Result<(), DiffError> {
    if tables.is_empty() {
        return Ok(());
    }
    let d = Dialect::Sqlite;
    let fk_on = sqlite_foreign_keys(driver);
    let _ = driver.execute_batch("PRAGMA foreign_keys = off");
    let dropped = (|| {
        let mut tx = driver
            .transaction()
            .map_err(|e| clean_error(&tables[..1], &e))?;
        for table in tables {
            let sql = format!("DROP TABLE IF EXISTS {}", d.quote_ident(table));
            tx.execute_batch(&sql)
                .map_err(|e| clean_error(std::slice::from_ref(table), &e))?;
        }
        tx.commit().map_err(|e| clean_error(&tables[..1], &e))
    })();
    if fk_on {
        let _ = driver.execute_batch("PRAGMA foreign_keys = on");
    }
    dropped
}

/// Whether SQLite enforces foreign keys on this connection (entgen's drivers switch them on).
fn sqlite_foreign_keys(driver: &mut Driver) -> bool {
    let q = crate::builder::Query::new("PRAGMA foreign_keys", Vec::new());
    driver
        .query(&q, |row| row.get::<i64>(0))
        .map(|rows| rows.first() == Some(&1))
        .unwrap_or(true)
}

fn clean_error(tables: &[String], e: &Error) -> DiffError {
    DiffError::Clean {
        table: tables.first().cloned().unwrap_or_default(),
        more: tables.len().saturating_sub(1),
        reason: reason(e),
    }
}

/// The database's message without the client layer's `entgen:` prefix.
fn reason(e: &Error) -> String {
    e.database_message()
}
