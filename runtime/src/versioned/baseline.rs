//! The state a new migration starts from: the connection's tables as they are (inspect mode),
//! or the directory replayed on a clean dev database (replay mode), which is emptied again.
//! Written once over [`Io`], for the sync `Driver` and the async client's connections.

use crate::dialect::Dialect;
use crate::dir::{MigrationDir, MigrationFile, ScanOptions};
use crate::driver::Io;
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
pub(super) async fn inspect<D: Io>(driver: &mut D) -> Result<Schema, DiffError> {
    let mut schema = inspect_all(driver).await?;
    schema.tables.retain(|t| t.name != REVISIONS_TABLE);
    Ok(schema)
}

async fn inspect_all<D: Io>(driver: &mut D) -> Result<Schema, InspectError> {
    crate::inspect::inspect_on(driver, &InspectOptions::default()).await
}

/// `desired` with its expressions as the connected database prints them. PostgreSQL and
/// MySQL/MariaDB rewrite them (see `inspect::{postgres, mysql}::database_forms`); SQLite keeps
/// the statement text entgen wrote, which inspection reads back.
pub(super) async fn database_forms<D: Io>(
    driver: &mut D,
    desired: &Schema,
) -> Result<Schema, InspectError> {
    match driver.dialect() {
        Dialect::Postgres => crate::inspect::postgres::database_forms_on(driver, desired).await,
        Dialect::Mysql => crate::inspect::mysql::database_forms_on(driver, desired).await,
        Dialect::Sqlite => Ok(desired.clone()),
    }
}

/// Replays `dir` on the (empty) database, inspects the result, and empties the database again,
/// also when the replay failed part way.
pub(super) async fn replay<D: Io>(driver: &mut D, dir: &MigrationDir) -> Result<Schema, DiffError> {
    if let Some(table) = inspect(driver).await?.tables.first() {
        return Err(DiffError::NotClean {
            table: table.name.clone(),
        });
    }
    let files = dir.migrations(&scan_options(driver.dialect()))?;
    let replayed = match run_files(driver, &files).await {
        Ok(()) => inspect(driver).await,
        Err(e) => Err(e),
    };
    let created = match &replayed {
        Ok(schema) => schema.tables.iter().map(|t| t.name.clone()).collect(),
        Err(_) => table_names(driver).await?,
    };
    clean(driver, &created).await?;
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

async fn run_files<D: Io>(driver: &mut D, files: &[MigrationFile]) -> Result<(), DiffError> {
    for file in files {
        for stmt in &file.statements {
            driver
                .execute_batch(&stmt.text)
                .await
                .map_err(|e| DiffError::Replay {
                    file: file.name.clone(),
                    line: stmt.line,
                    reason: reason(&e),
                })?;
        }
    }
    Ok(())
}

async fn table_names<D: Io>(driver: &mut D) -> Result<Vec<String>, DiffError> {
    Ok(inspect(driver)
        .await?
        .tables
        .into_iter()
        .map(|t| t.name)
        .collect())
}

/// Drops `tables`, leaving the dev database as it was found.
async fn clean<D: Io>(driver: &mut D, tables: &[String]) -> Result<(), DiffError> {
    match driver.dialect() {
        Dialect::Postgres => clean_postgres(driver, tables).await,
        Dialect::Sqlite => clean_sqlite(driver, tables).await,
        Dialect::Mysql => clean_mysql(driver, tables).await,
    }
}

/// MySQL has no CASCADE for tables: foreign-key checks are switched off for the session while
/// the tables go (DDL commits on its own, so there is no transaction to wrap it in).
async fn clean_mysql<D: Io>(driver: &mut D, tables: &[String]) -> Result<(), DiffError> {
    let d = Dialect::Mysql;
    let _ = driver.execute_batch("SET FOREIGN_KEY_CHECKS = 0").await;
    let mut dropped = Ok(());
    for chunk in tables.chunks(DROP_CHUNK) {
        let names: Vec<String> = chunk.iter().map(|t| d.quote_ident(t)).collect();
        let sql = format!("DROP TABLE IF EXISTS {}", names.join(", "));
        if let Err(e) = driver.execute_batch(&sql).await {
            dropped = Err(clean_error(chunk, &e));
            break;
        }
    }
    let _ = driver.execute_batch("SET FOREIGN_KEY_CHECKS = 1").await;
    dropped
}

/// `DROP TABLE a, b, … CASCADE` in chunks: order does not matter with CASCADE.
async fn clean_postgres<D: Io>(driver: &mut D, tables: &[String]) -> Result<(), DiffError> {
    let d = Dialect::Postgres;
    for chunk in tables.chunks(DROP_CHUNK) {
        let names: Vec<String> = chunk.iter().map(|t| d.quote_ident(t)).collect();
        let sql = format!("DROP TABLE IF EXISTS {} CASCADE", names.join(", "));
        driver
            .execute_batch(&sql)
            .await
            .map_err(|e| clean_error(chunk, &e))?;
    }
    Ok(())
}

/// SQLite has no CASCADE: foreign keys are switched off for the drops (outside the
/// transaction, where the pragma has effect) and restored afterwards, since the connection may
/// be an application's. One transaction, so the drops cost one sync.
async fn clean_sqlite<D: Io>(driver: &mut D, tables: &[String]) -> Result<(), DiffError> {
    if tables.is_empty() {
        return Ok(());
    }
    let d = Dialect::Sqlite;
    let fk_on = sqlite_foreign_keys(driver).await;
    let _ = driver.execute_batch("PRAGMA foreign_keys = off").await;
    let dropped = match driver.begin().await {
        Ok(()) => {
            let mut body = Ok(());
            for table in tables {
                let sql = format!("DROP TABLE IF EXISTS {}", d.quote_ident(table));
                if let Err(e) = driver.execute_batch(&sql).await {
                    body = Err(e);
                    break;
                }
            }
            // `finish` commits, or rolls back keeping the statement's error.
            crate::driver::finish(driver, body)
                .await
                .map_err(|e| clean_error(&tables[..1], &e))
        }
        Err(e) => Err(clean_error(&tables[..1], &e)),
    };
    if fk_on {
        let _ = driver.execute_batch("PRAGMA foreign_keys = on").await;
    }
    dropped
}

/// Whether SQLite enforces foreign keys on this connection (entgen's drivers switch them on).
async fn sqlite_foreign_keys<D: Io>(driver: &mut D) -> bool {
    let q = crate::builder::Query::new("PRAGMA foreign_keys", Vec::new());
    driver
        .query(&q, |row| row.get::<i64>(0))
        .await
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
