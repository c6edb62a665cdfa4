//! Offline replay: a migration directory's SQL read into the [`crate::schema`] model without a
//! database, giving the schema that replaying the files on a dev database and inspecting it
//! would give (`entgen migrate diff` with neither `--url` nor `--dev-url`).
//!
//! Each statement is parsed with the `sqlparser` crate in the directory's dialect and applied
//! to the model. Statements that change no schema (`INSERT`, `UPDATE`, `PRAGMA`, transaction
//! control, …) are skipped. A statement the replayer does not model, or whose stored form
//! only the server knows (PostgreSQL prints expressions in its own spelling; see [`expr`]), is
//! refused naming its file and line, with a pointer to `--dev-url`: the model is exact or
//! there is none.
//!
//! Types, defaults and expressions go through the same functions the inspectors use
//! ([`crate::dialect::Dialect::parse_type`], [`crate::dialect::parse_default`],
//! [`crate::dialect::normalize_expr`], the SQLite inspector's DDL reader), so the model is in
//! the inspected form.
//!
//! # Why `sqlparser`
//! A well-kept parser with PostgreSQL, SQLite and MySQL dialects, so hand-written DDL in any
//! spelling is read by a real grammar rather than by token patterns. It was measured before
//! being chosen: the 1000-entity directory (3,500 statements, 1.6 MB) parses in about 30 ms
//! in a release build, a tenth of the 0.3 s budget for the whole `migrate diff`
//! (BENCHMARKS.md has the end-to-end figure).

mod alter_table;
mod column;
mod constraint;
mod create_table;
mod error;
mod expr;
mod index;
mod model;
mod mysql;
mod names;
mod parse;

pub use error::ReplayError;

use sqlparser::ast::{ObjectType, Statement};

use crate::dialect::Dialect;
use crate::dir::{MigrationDir, MigrationFile, ScanOptions};
use crate::schema::Schema;
use error::{StmtError, StmtResult};
use model::Model;

/// Atlas's revisions table: it belongs to the migration tool, not to the schema.
const REVISIONS_TABLE: &str = "atlas_schema_revisions";

/// The schema `dir`'s files build in `dialect`.
pub fn replay(dir: &MigrationDir, dialect: Dialect) -> Result<Schema, ReplayError> {
    let opts = match dialect {
        Dialect::Postgres => ScanOptions::POSTGRES,
        Dialect::Sqlite => ScanOptions::SQLITE,
        Dialect::Mysql => ScanOptions::MYSQL,
    };
    replay_files(&dir.migrations(&opts)?, dialect)
}

/// The schema `files` build in `dialect`, in order.
pub fn replay_files(files: &[MigrationFile], dialect: Dialect) -> Result<Schema, ReplayError> {
    let mut model = Model::new(dialect);
    for (file, parsed) in files.iter().zip(parse_files(files, dialect)) {
        apply_file(&mut model, file, parsed)?;
    }
    Ok(finish(model))
}

/// The schema before each file, as far as the replay gets: `states[i]` is what `files[..i]`
/// build. It stops at the first file holding a statement it cannot model, and says why
/// (`migrate lint` takes the state before each file from here).
pub fn replay_prefixes(
    files: &[MigrationFile],
    dialect: Dialect,
) -> (Vec<Schema>, Option<ReplayError>) {
    let mut model = Model::new(dialect);
    let mut states = Vec::with_capacity(files.len());
    for (file, parsed) in files.iter().zip(parse_files(files, dialect)) {
        states.push(finish(model.clone()));
        if let Err(e) = apply_file(&mut model, file, parsed) {
            return (states, Some(e));
        }
    }
    (states, None)
}

/// Each file's statements parsed, in order. Parsing is most of the work and each statement
/// parses alone: on all cores. Applying depends on order: one after the other.
fn parse_files(files: &[MigrationFile], dialect: Dialect) -> Vec<Vec<StmtResult<Vec<Statement>>>> {
    let texts: Vec<&str> = files
        .iter()
        .flat_map(|f| f.statements.iter().map(|s| s.text.as_str()))
        .collect();
    let mut parsed = parse::parse_all(dialect, &texts).into_iter();
    files
        .iter()
        .map(|f| parsed.by_ref().take(f.statements.len()).collect())
        .collect()
}

fn apply_file(
    model: &mut Model,
    file: &MigrationFile,
    parsed: Vec<StmtResult<Vec<Statement>>>,
) -> Result<(), ReplayError> {
    for (stmt, parsed) in file.statements.iter().zip(parsed) {
        parsed
            .and_then(|statements| {
                statements
                    .iter()
                    .try_for_each(|s| apply(model, s, &stmt.text))
            })
            .map_err(|e| e.at(&file.name, stmt.line, &stmt.text))?;
    }
    Ok(())
}

/// The model in inspected form, the migration tool's own table left out.
fn finish(model: Model) -> Schema {
    let mut schema = model.finish();
    schema.tables.retain(|t| t.name != REVISIONS_TABLE);
    schema
}

fn apply(model: &mut Model, s: &Statement, text: &str) -> StmtResult {
    let d = model.dialect;
    match s {
        s if changes_nothing(s) => Ok(()),
        Statement::CreateTable(ct) => create_table::create(model, ct, text),
        Statement::CreateIndex(ci) => index::create(model, ci, text),
        Statement::AlterTable(at) => alter_table::alter(model, at, text),
        Statement::Drop {
            object_type: ObjectType::Table,
            if_exists,
            names,
            cascade,
            ..
        } => {
            for n in names {
                let n = names::object(d, n)?;
                if !model.has_table(&n) && *if_exists {
                    continue;
                }
                model.drop_table(&n, *cascade)?;
            }
            Ok(())
        }
        Statement::Drop {
            object_type: ObjectType::Index,
            if_exists,
            names,
            table: Some(table),
            ..
        } if d == Dialect::Mysql => {
            let table = names::object(d, table)?;
            for n in names {
                let n = names::object(d, n)?;
                let t = model.table(&table)?;
                if *if_exists && !t.indexes.iter().any(|i| i.name == n) {
                    continue;
                }
                let mut t = t.clone();
                let mut alter = mysql::Alter::new(&t, model.generated_of(&table));
                alter.drop_index(&mut t, &n)?;
                let generated = alter.finish(&t)?;
                model.set_generated(&table, generated);
                *model.table_mut(&table)? = t;
            }
            Ok(())
        }
        Statement::RenameTable(renames) if d == Dialect::Mysql => {
            for r in renames {
                model.rename_table(
                    &names::object(d, &r.old_name)?,
                    &names::object(d, &r.new_name)?,
                )?;
            }
            Ok(())
        }
        Statement::Drop {
            object_type: ObjectType::Index,
            if_exists,
            names,
            cascade: false,
            ..
        } if d != Dialect::Mysql => {
            for n in names {
                index::drop(model, &names::object(d, n)?, *if_exists)?;
            }
            Ok(())
        }
        Statement::AlterIndex { name, operation } => {
            let sqlparser::ast::AlterIndexOperation::RenameIndex { index_name } = operation;
            index::rename(
                model,
                &names::object(d, name)?,
                &names::object(d, index_name)?,
            )
        }
        Statement::Comment {
            object_type,
            object_name,
            comment,
            if_exists: false,
        } if d == Dialect::Postgres => {
            set_comment(model, *object_type, object_name, comment.clone())
        }
        other => Err(StmtError::unsupported(format!(
            "`{}` statements",
            kind(other)
        ))),
    }
}

/// Statements that leave the schema as it is: data changes, queries, transaction control,
/// session settings. (`PRAGMA foreign_keys` and `SET` change the session, not the schema.)
pub(crate) fn changes_nothing(s: &Statement) -> bool {
    matches!(
        s,
        Statement::Insert(_)
            | Statement::Update(_)
            | Statement::Delete(_)
            | Statement::Query(_)
            | Statement::Pragma { .. }
            | Statement::StartTransaction { .. }
            | Statement::Commit { .. }
            | Statement::Rollback { .. }
            | Statement::Set(_)
            | Statement::Analyze(_)
    )
}

/// `COMMENT ON TABLE t IS '…'` / `COMMENT ON COLUMN t.c IS '…'` (PostgreSQL).
fn set_comment(
    model: &mut Model,
    object_type: sqlparser::ast::CommentObject,
    name: &sqlparser::ast::ObjectName,
    text: Option<String>,
) -> StmtResult {
    use sqlparser::ast::CommentObject;
    let d = model.dialect;
    let text = text.filter(|t| !t.is_empty());
    match object_type {
        CommentObject::Table => {
            model.table_mut(&names::object(d, name)?)?.comment = text;
            Ok(())
        }
        CommentObject::Column => {
            let mut parts = name.0.clone();
            let column = match parts.pop() {
                Some(sqlparser::ast::ObjectNamePart::Identifier(id)) => names::ident(d, &id),
                _ => return Err(StmtError::unsupported("this column name")),
            };
            let table = names::object(d, &sqlparser::ast::ObjectName(parts))?;
            let t = model.table_mut(&table)?;
            let c = t
                .columns
                .iter_mut()
                .find(|c| c.name == column)
                .ok_or_else(|| {
                    StmtError::invalid(format!(
                        "column `{column}` of table `{table}` does not exist"
                    ))
                })?;
            c.comment = text;
            Ok(())
        }
        other => Err(StmtError::unsupported(format!("comments on {other:?}"))),
    }
}

/// The statement's leading keywords, for the refusal.
fn kind(s: &Statement) -> String {
    s.to_string()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}
