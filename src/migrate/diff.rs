//! `entgen migrate diff NAME`: the schema's tables compared with the current state, written as
//! a new migration in the directory's format, `atlas.sum` updated.
//!
//! The current state is a live database (`--url`, ent's inspect mode) or the directory replayed
//! on a clean dev database (`--dev-url`, ent's replay mode), which is refused when not empty and
//! emptied again afterwards.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use entgen_runtime::dialect::Dialect as SqlDialect;
use entgen_runtime::diff::{DiffOptions, applicable_renames, diff};
use entgen_runtime::dir::{
    MigrationDir, NewVersion, ScanOptions, WriteOptions, render, utc_timestamp,
};
use entgen_runtime::exec::{DbUrl, REVISIONS_TABLE};
use entgen_runtime::inspect::{self, InspectOptions};
use entgen_runtime::planner::plan;
use entgen_runtime::schema::Schema;

use super::Failure;
use super::directory::{dir_failure, parse_format, sum_problem};
use crate::graph::Graph;

/// Where the current state comes from.
pub enum Current<'a> {
    /// A live database: its tables are the current state.
    Url(&'a str),
    /// A clean database on which the directory is replayed.
    DevUrl(&'a str),
}

/// What `diff` did.
#[derive(Debug)]
pub enum Outcome {
    /// The directory already describes the schema.
    NoChanges,
    /// Files written (`atlas.sum` last when it changed).
    Written(Vec<PathBuf>),
}

/// How to write the files.
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteMode {
    /// `--no-sum`: write only the SQL files, for tools that keep no `atlas.sum` (an existing
    /// `atlas.sum` is still checked and kept up to date).
    pub no_sum: bool,
}

pub fn run(
    graph: &Graph,
    dir: &Path,
    name: &str,
    format: Option<&str>,
    current: Current<'_>,
    mode: WriteMode,
) -> Result<Outcome, Failure> {
    let format = parse_format(format)?;
    let md = MigrationDir::create(dir, format).map_err(|e| dir_failure(&e))?;
    let keeps_sum = !mode.no_sum || md.read_sum().map_err(|e| dir_failure(&e))?.is_some();
    if !keeps_sum {
        // No integrity file to check against: the files are taken as they are.
    } else if let Some(problem) = sum_problem(&md)? {
        return Err(Failure::invalid(format!(
            "refusing to write a migration: {problem}"
        )));
    }
    let url = match current {
        Current::Url(url) | Current::DevUrl(url) => url,
    };
    let mut db = Database::connect(url)?;
    let current_schema = match current {
        Current::Url(_) => db.inspect()?,
        Current::DevUrl(_) => db.replay(&md)?,
    };
    let dialect = db.dialect();
    let graph_dialect = crate::sql::graph_dialect(dialect).ok_or_else(|| {
        Failure::runtime(format!(
            "{} is not supported by migrate diff yet",
            dialect.name()
        ))
    })?;
    let desired = crate::sql::tables(graph, graph_dialect);
    let mut options = DiffOptions::new(dialect);
    // Hints apply only while the old name still exists, so they can stay in the schema.
    let (table_renames, column_renames) = applicable_renames(
        &current_schema,
        &desired,
        &crate::sql::table_renames(graph),
        &crate::sql::column_renames(graph),
    );
    options.table_renames = table_renames;
    options.column_renames = column_renames;
    let changes = diff(&current_schema, &desired, &options)
        .map_err(|e| Failure::runtime(format!("cannot compare: {e}")))?;
    if changes.is_empty() {
        return Ok(Outcome::NoChanges);
    }
    let mut migration =
        plan(&changes, dialect).map_err(|e| Failure::runtime(format!("cannot plan: {e}")))?;
    migration.name = name.to_string();
    let version = match md.format().template() {
        Some(Ok(t)) if t.uses_seq() => NewVersion::NextSequence,
        _ => NewVersion::Timestamp(utc_timestamp(SystemTime::now())),
    };
    if keeps_sum {
        return md
            .write_plan(&migration, &version, &WriteOptions::default())
            .map(Outcome::Written)
            .map_err(|e| dir_failure(&e));
    }
    write_without_sum(&md, &migration, &version).map(Outcome::Written)
}

/// The plan's files, and nothing else; existing files are never overwritten.
fn write_without_sum(
    md: &MigrationDir,
    migration: &entgen_runtime::plan::Plan,
    version: &NewVersion,
) -> Result<Vec<PathBuf>, Failure> {
    let version = md.resolve_version(version).map_err(|e| dir_failure(&e))?;
    let files = render(md.format(), migration, &version, &WriteOptions::default())
        .map_err(|e| dir_failure(&e))?;
    let mut written = Vec::new();
    for file in files {
        let path = md.path().join(&file.name);
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut f| std::io::Write::write_all(&mut f, file.contents.as_bytes()))
            .map_err(|e| Failure::runtime(format!("cannot write {}: {e}", path.display())))?;
        written.push(path);
    }
    Ok(written)
}

/// A connection used only to read the schema (and, for a dev database, to replay files). One
/// exists per run, so the size difference between the variants does not matter.
#[allow(clippy::large_enum_variant)]
enum Database {
    Postgres {
        client: postgres::Client,
        schema: Option<String>,
        url: String,
    },
    Sqlite(rusqlite::Connection),
}

impl Database {
    fn connect(url: &str) -> Result<Database, Failure> {
        let parsed = DbUrl::parse(url).map_err(|e| Failure::runtime(e.to_string()))?;
        let masked = entgen_runtime::exec::mask_password(url);
        let unreachable = |e: &dyn std::fmt::Display| {
            Failure::runtime(format!("cannot connect to {masked}: {e}"))
        };
        Ok(match parsed {
            DbUrl::Postgres {
                driver_url,
                search_path,
            } => {
                let client = postgres::Client::connect(&driver_url, postgres::NoTls)
                    .map_err(|e| unreachable(&e))?;
                let schema = search_path.map(|p| {
                    p.split(',')
                        .next()
                        .unwrap_or("")
                        .trim()
                        .trim_matches('"')
                        .to_string()
                });
                Database::Postgres {
                    client,
                    schema,
                    url: masked,
                }
            }
            DbUrl::SqliteFile { path, .. } => {
                Database::Sqlite(rusqlite::Connection::open(&path).map_err(|e| unreachable(&e))?)
            }
            DbUrl::SqliteMemory => Database::Sqlite(
                rusqlite::Connection::open_in_memory().map_err(|e| unreachable(&e))?,
            ),
        })
    }

    fn dialect(&self) -> SqlDialect {
        match self {
            Database::Postgres { .. } => SqlDialect::Postgres,
            Database::Sqlite(_) => SqlDialect::Sqlite,
        }
    }

    fn inspect(&mut self) -> Result<Schema, Failure> {
        let mut schema = match self {
            Database::Postgres { client, schema, .. } => {
                let mut options = InspectOptions::default();
                if let Some(s) = schema {
                    options = options.schema(s.clone());
                }
                inspect::postgres::inspect(client, &options)
            }
            Database::Sqlite(conn) => inspect::sqlite::inspect(conn, &InspectOptions::default()),
        }
        .map_err(|e| Failure::runtime(format!("cannot inspect the database: {e}")))?;
        schema.tables.retain(|t| t.name != REVISIONS_TABLE);
        Ok(schema)
    }

    /// Replays the directory on this (empty) database, inspects the result, and empties it again.
    fn replay(&mut self, md: &MigrationDir) -> Result<Schema, Failure> {
        if let Some(table) = self.inspect()?.tables.first() {
            return Err(Failure::invalid(format!(
                "the dev database is not clean: it has table `{}`; give --dev-url an empty database",
                table.name
            )));
        }
        let scan = match self {
            Database::Postgres { .. } => ScanOptions::POSTGRES,
            Database::Sqlite(_) => ScanOptions::SQLITE,
        };
        let files = md.migrations(&scan).map_err(|e| dir_failure(&e))?;
        let replayed = files.iter().try_for_each(|file| {
            file.statements.iter().try_for_each(|stmt| {
                self.execute(&stmt.text).map_err(|e| {
                    Failure::runtime(format!(
                        "replaying {} on the dev database, line {}: {e}",
                        file.name, stmt.line
                    ))
                })
            })
        });
        let inspected = replayed.and_then(|()| self.inspect());
        self.clean()?;
        inspected
    }

    fn execute(&mut self, sql: &str) -> Result<(), String> {
        match self {
            Database::Postgres { client, schema, .. } => {
                if let Some(s) = schema {
                    client
                        .batch_execute(&format!(
                            "SET search_path TO {}",
                            SqlDialect::Postgres.quote_ident(s)
                        ))
                        .map_err(|e| e.to_string())?;
                }
                client.batch_execute(sql).map_err(|e| e.to_string())
            }
            Database::Sqlite(conn) => conn.execute_batch(sql).map_err(|e| e.to_string()),
        }
    }

    /// Drops what the replay created, so the dev database is clean for the next run.
    fn clean(&mut self) -> Result<(), Failure> {
        let tables = self.inspect()?.tables;
        let dialect = self.dialect();
        for table in tables {
            let sql = match dialect {
                SqlDialect::Postgres => format!(
                    "DROP TABLE IF EXISTS {} CASCADE",
                    dialect.quote_ident(&table.name)
                ),
                _ => format!("DROP TABLE IF EXISTS {}", dialect.quote_ident(&table.name)),
            };
            if let Database::Sqlite(conn) = self {
                let _ = conn.execute_batch("PRAGMA foreign_keys = OFF");
            }
            self.execute(&sql).map_err(|e| {
                let url = match self {
                    Database::Postgres { url, .. } => url.clone(),
                    Database::Sqlite(_) => "the dev database".into(),
                };
                Failure::runtime(format!("cannot clean {url}: {e}"))
            })?;
        }
        Ok(())
    }
}
