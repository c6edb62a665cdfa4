//! Identifiers as the database stores them, and the names PostgreSQL gives unnamed
//! constraints.

use sqlparser::ast::{Ident, ObjectName, ObjectNamePart};

use super::error::{StmtError, StmtResult};
use crate::dialect::Dialect;

/// An identifier as stored: PostgreSQL folds unquoted names to lower case; SQLite and MySQL
/// keep them.
pub(crate) fn ident(dialect: Dialect, id: &Ident) -> String {
    match (dialect, id.quote_style) {
        (Dialect::Postgres, None) => id.value.to_lowercase(),
        (Dialect::Postgres, Some(_)) | (Dialect::Sqlite | Dialect::Mysql, _) => id.value.clone(),
    }
}

/// The last part of a possibly schema-qualified name (`public.users` → `users`). Schemas other
/// than the one the directory is replayed into are not modelled, so any qualifier but
/// PostgreSQL's `public` and SQLite's `main` is refused.
pub(crate) fn object(dialect: Dialect, name: &ObjectName) -> StmtResult<String> {
    let parts: Vec<String> = name
        .0
        .iter()
        .map(|p| match p {
            ObjectNamePart::Identifier(id) => Ok(ident(dialect, id)),
            other => Err(StmtError::unsupported(format!("the name `{other}`"))),
        })
        .collect::<StmtResult<_>>()?;
    match parts.as_slice() {
        [one] => Ok(one.clone()),
        [schema, one] if matches!(schema.as_str(), "public" | "main") => Ok(one.clone()),
        _ => Err(StmtError::unsupported(format!(
            "objects in another schema (`{name}`)"
        ))),
    }
}

/// Identifiers of a list.
pub(crate) fn idents(dialect: Dialect, ids: &[Ident]) -> Vec<String> {
    ids.iter().map(|i| ident(dialect, i)).collect()
}

/// PostgreSQL's name for an unnamed constraint: `<table>_<columns>_<suffix>` (columns joined
/// by `_`; none for a check on several columns). PostgreSQL shortens names over 63 bytes and
/// adds a number when a name is taken; those cases are refused rather than imitated.
pub(crate) fn postgres_constraint_name(
    table: &str,
    columns: &[String],
    suffix: &str,
    taken: impl Fn(&str) -> bool,
) -> StmtResult<String> {
    let mut parts = vec![table.to_owned()];
    parts.extend(columns.iter().cloned());
    parts.push(suffix.to_owned());
    let name = parts.join("_");
    let max = Dialect::Postgres.max_identifier_len().unwrap_or(usize::MAX);
    if name.len() > max {
        return Err(StmtError::unsupported(format!(
            "an unnamed constraint whose generated name `{name}` PostgreSQL would shorten; name it"
        )));
    }
    if taken(&name) {
        return Err(StmtError::unsupported(format!(
            "an unnamed constraint whose generated name `{name}` is taken (PostgreSQL would number it); name it"
        )));
    }
    Ok(name)
}
