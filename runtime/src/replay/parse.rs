//! Statements' text into `sqlparser` syntax trees, on all cores.

use sqlparser::ast::Statement;
use sqlparser::dialect::{GenericDialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect};
use sqlparser::parser::Parser;

use super::changes_nothing;
use super::error::{StmtError, StmtResult};
use crate::dialect::Dialect;

/// Statements under this many are parsed on the calling thread (threads cost more).
const PARALLEL_FROM: usize = 256;

/// Each text parsed in `d`, in order; statements that change no schema parse to nothing.
pub(crate) fn parse_all(d: Dialect, texts: &[&str]) -> Vec<StmtResult<Vec<Statement>>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads < 2 || texts.len() < PARALLEL_FROM {
        return texts.iter().map(|t| parse(d, t)).collect();
    }
    let chunk = texts.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = texts
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(|t| parse(d, t)).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    })
}

/// One statement (as the directory reader split it).
fn parse(d: Dialect, text: &str) -> StmtResult<Vec<Statement>> {
    if let Some(skip) = pragma(d, text) {
        return skip.map(|()| Vec::new());
    }
    let parsed = match d {
        Dialect::Postgres => Parser::parse_sql(&PostgreSqlDialect {}, text),
        Dialect::Sqlite => Parser::parse_sql(&SQLiteDialect {}, text),
        Dialect::Mysql => Parser::parse_sql(&MySqlDialect {}, text),
    };
    match parsed {
        Ok(s) => Ok(s),
        // Statements the dialect's grammar does not know may still be harmless (`SET`
        // variants): try the generic grammar before refusing.
        Err(e) => match Parser::parse_sql(&GenericDialect {}, text) {
            Ok(s) if s.iter().all(changes_nothing) => Ok(Vec::new()),
            _ => Err(StmtError::unsupported(format!("the SQL parser says: {e}"))),
        },
    }
}

/// SQLite's `PRAGMA` statements (which `sqlparser` reads only in part): they set the session,
/// except those that change how the schema is stored or renamed, which are refused. `None` when
/// the statement is not a pragma.
fn pragma(d: Dialect, text: &str) -> Option<StmtResult> {
    let toks = crate::dialect::lexer::significant(text);
    if d != Dialect::Sqlite || !toks.first()?.is_word(text, "PRAGMA") {
        return None;
    }
    let name = toks.get(1).map(|t| t.text(text).to_ascii_lowercase());
    Some(match name.as_deref() {
        Some("writable_schema" | "legacy_alter_table") => Err(StmtError::unsupported(
            "PRAGMA writable_schema and legacy_alter_table",
        )),
        _ => Ok(()),
    })
}
