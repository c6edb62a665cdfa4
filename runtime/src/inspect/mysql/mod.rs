//! MySQL 8 and MariaDB inspection over [`Driver::query`], with a fixed number of
//! `information_schema` queries (see [`queries`]).
//!
//! What the two servers report differently is read back into one model:
//! * MariaDB keeps `json` as `longtext` with a `CHECK (json_valid(`col`))` named after the
//!   column: such a column reads as JSON and its check is left out;
//! * MariaDB prints defaults as SQL (`'it''s'`, `1.5`, `(1 + 2)`, `NULL` for none); MySQL 8
//!   prints literals bare and marks expressions `DEFAULT_GENERATED`;
//! * MySQL creates an index for each foreign key that has none, named after the key: it is not
//!   part of the model (ent's tables do not declare it), so it is left out;
//! * check clauses come back with quoted identifiers (`` `age` >= 0 ``); plain ones are unquoted.
//!   Beyond that each server prints clauses and expression defaults its own way, so the diff
//!   compares them with the desired ones as the server prints those ([`database_forms`]).
//!
//! Limits: index prefix lengths (`col(10)`), character sets and collations are not read.

mod forms;
pub mod queries;

pub use forms::database_forms;
pub(crate) use forms::database_forms_on;

use std::collections::HashMap;

use super::rows::Rec;
use super::{InspectError, InspectOptions};
use crate::dialect::{Dialect, normalize_expr, parse_default};
use crate::driver::{Driver, Io, now};
use crate::schema::{
    Check, Column, ColumnType, DefaultValue, ForeignKey, Identity, Index, IndexKey, IndexPart,
    Literal, ReferenceAction, Schema, Table,
};
use queries::*;

const D: Dialect = Dialect::Mysql;

/// Reads the tables of the connection's database.
pub fn inspect(driver: &mut Driver, opts: &InspectOptions) -> Result<Schema, InspectError> {
    now(inspect_on(driver, opts))
}

/// [`inspect`] on any connection.
pub(crate) async fn inspect_on<D: Io>(
    driver: &mut D,
    opts: &InspectOptions,
) -> Result<Schema, InspectError> {
    let mariadb = run(driver, "VERSION_QUERY", VERSION_QUERY, |r| {
        r.at::<String>(0)
    })
    .await?
    .first()
    .is_some_and(|v| v.contains("MariaDB"));

    let mut tables: Vec<Table> = run(driver, "TABLES_QUERY", TABLES_QUERY, |r| r.at::<String>(0))
        .await?
        .into_iter()
        .filter(|name| opts.wants(name))
        .map(Table::new)
        .collect();
    let pos: HashMap<String, usize> = tables
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();

    for c in run(driver, "COLUMNS_QUERY", COLUMNS_QUERY, ColumnRow::read).await? {
        if let Some(&i) = pos.get(&c.table) {
            tables[i].columns.push(c.column(mariadb));
        }
    }

    let index_query = if mariadb {
        ("INDEXES_QUERY_MARIADB", INDEXES_QUERY_MARIADB)
    } else {
        ("INDEXES_QUERY_MYSQL", INDEXES_QUERY_MYSQL)
    };
    for p in run(driver, index_query.0, index_query.1, IndexRow::read).await? {
        if let Some(&i) = pos.get(&p.table) {
            p.add_to(&mut tables[i]);
        }
    }

    for f in run(
        driver,
        "FOREIGN_KEYS_QUERY",
        FOREIGN_KEYS_QUERY,
        FkRow::read,
    )
    .await?
    {
        if let Some(&i) = pos.get(&f.table) {
            f.add_to(&mut tables[i]);
        }
    }

    let check_query = if mariadb {
        ("CHECKS_QUERY_MARIADB", CHECKS_QUERY_MARIADB)
    } else {
        ("CHECKS_QUERY_MYSQL", CHECKS_QUERY_MYSQL)
    };
    let checks = run(driver, check_query.0, check_query.1, |r| {
        Ok((r.at::<String>(0)?, r.at::<String>(1)?, r.at::<String>(2)?))
    })
    .await?;
    for (table, name, clause) in checks {
        if let Some(&i) = pos.get(&table) {
            add_check(&mut tables[i], name, &clause);
        }
    }

    for t in &mut tables {
        drop_foreign_key_indexes(t);
    }
    Ok(Schema { tables }.sorted())
}

/// Runs one catalog query (through [`super::rows`], which names it in every error) and reads
/// each row with `f`.
async fn run<T, D: Io>(
    driver: &mut D,
    name: &'static str,
    sql: &str,
    f: impl FnMut(Rec<'_>) -> Result<T, InspectError>,
) -> Result<Vec<T>, InspectError> {
    super::rows::run(driver, name, sql, Vec::new())
        .await?
        .iter()
        .map(f)
        .collect()
}

struct ColumnRow {
    table: String,
    name: String,
    ty: String,
    nullable: bool,
    default: Option<String>,
    extra: String,
}

impl ColumnRow {
    fn read(r: Rec<'_>) -> Result<Self, InspectError> {
        Ok(Self {
            table: r.at(0)?,
            name: r.at(1)?,
            ty: r.at(2)?,
            nullable: r.at::<String>(3)? == "YES",
            default: r.at(4)?,
            extra: r.at::<Option<String>>(5)?.unwrap_or_default(),
        })
    }

    fn column(self, mariadb: bool) -> Column {
        let ty = D.parse_type(&self.ty);
        let extra = self.extra.to_ascii_lowercase();
        let default = self
            .default
            .as_deref()
            .and_then(|d| read_default(d, &ty, mariadb, extra.contains("default_generated")));
        Column {
            name: self.name,
            ty,
            nullable: self.nullable,
            default,
            identity: extra.contains("auto_increment").then(Identity::default),
            comment: None,
        }
    }
}

/// A default as the server prints it, in the model.
fn read_default(
    text: &str,
    ty: &ColumnType,
    mariadb: bool,
    generated: bool,
) -> Option<DefaultValue> {
    if mariadb || generated {
        // SQL text: `'x'` (MariaDB escapes `'` and `\` with a backslash), `1.5`, `NULL`,
        // `current_timestamp()`, `(1 + 2)`.
        if let Some(s) = crate::dialect::mysql::unquote_string(text) {
            return Some(DefaultValue::Literal(
                crate::dialect::expr::canonical_literal(Literal::String(s), ty),
            ));
        }
        // `CURRENT_TIMESTAMP` in one spelling, whichever server printed it; outer parentheses
        // dropped as MySQL reads strings (MySQL 8's `SHOW CREATE TABLE` adds a pair).
        return parse_default(forms::unwrap_parens(text), ty).map(|d| match d {
            DefaultValue::Expr(e) => {
                DefaultValue::Expr(crate::dialect::mysql::canonical_default_expr(&e))
            }
            literal => literal,
        });
    }
    // MySQL 8 prints a literal without quotes.
    let literal = match ty {
        t if t.is_numeric() || *t == ColumnType::Bool => {
            return parse_default(text, ty);
        }
        _ => Literal::String(text.to_owned()),
    };
    Some(DefaultValue::Literal(
        crate::dialect::expr::canonical_literal(literal, ty),
    ))
}

struct IndexRow {
    table: String,
    name: String,
    unique: bool,
    column: Option<String>,
    desc: bool,
    expression: Option<String>,
}

impl IndexRow {
    fn read(r: Rec<'_>) -> Result<Self, InspectError> {
        Ok(Self {
            table: r.at(0)?,
            name: r.at(1)?,
            unique: r.at::<i64>(2)? == 0,
            column: r.at(3)?,
            desc: r.at::<Option<String>>(4)?.as_deref() == Some("D"),
            expression: r.at(5)?,
        })
    }

    /// Adds this part to the table's primary key or to the index it belongs to.
    fn add_to(self, table: &mut Table) {
        if self.name == "PRIMARY" {
            table.primary_key.extend(self.column);
            return;
        }
        let key = match (self.column, self.expression) {
            (Some(c), _) => IndexKey::Column(c),
            (None, Some(e)) => IndexKey::Expr(normalize_expr(&unquote_identifiers(&e))),
            (None, None) => return,
        };
        let part = IndexPart {
            key,
            desc: self.desc,
        };
        match table.indexes.iter_mut().find(|i| i.name == self.name) {
            Some(index) => index.parts.push(part),
            None => {
                let mut index = Index::new(self.name, Vec::<String>::new()).parts(vec![part]);
                index.unique = self.unique;
                table.indexes.push(index);
            }
        }
    }
}

struct FkRow {
    table: String,
    name: String,
    column: String,
    ref_table: String,
    ref_column: String,
    on_update: String,
    on_delete: String,
}

impl FkRow {
    fn read(r: Rec<'_>) -> Result<Self, InspectError> {
        Ok(Self {
            table: r.at(0)?,
            name: r.at(1)?,
            column: r.at(2)?,
            ref_table: r.at(3)?,
            ref_column: r.at(4)?,
            on_update: r.at(5)?,
            on_delete: r.at(6)?,
        })
    }

    fn add_to(self, table: &mut Table) {
        if let Some(fk) = table
            .foreign_keys
            .iter_mut()
            .find(|fk| fk.symbol == self.name)
        {
            fk.columns.push(self.column);
            fk.ref_columns.push(self.ref_column);
            return;
        }
        let action = |s: &str| ReferenceAction::from_sql(s).unwrap_or(ReferenceAction::NoAction);
        // MySQL reports RESTRICT where none was given; ent writes NO ACTION, which MySQL treats
        // the same way.
        let action = |s: &str| match action(s) {
            ReferenceAction::Restrict => ReferenceAction::NoAction,
            a => a,
        };
        let mut fk = ForeignKey::new(self.name, self.column, self.ref_table, self.ref_column)
            .on_delete(action(&self.on_delete));
        fk.on_update = action(&self.on_update);
        table.foreign_keys.push(fk);
    }
}

/// A check, unless it is MariaDB's `json_valid` check of a JSON column, which makes that column
/// JSON instead. MariaDB names the check after the column, and keeps that name when the column
/// is renamed: the clause decides.
fn add_check(table: &mut Table, name: String, clause: &str) {
    let clause = read_check(clause);
    if let Some(column) = table
        .columns
        .iter_mut()
        .find(|c| c.ty == ColumnType::Text && clause == json_valid_clause(&c.name))
    {
        column.ty = ColumnType::Json;
        return;
    }
    table.checks.push(Check::new(name, clause));
}

/// A check clause as the server prints it, in the model: outer parentheses dropped, plain
/// identifiers unquoted, spacing normalized (the same reading for `CHECK_CLAUSE` and for the
/// printed desired checks of [`database_forms`]).
fn read_check(clause: &str) -> String {
    normalize_expr(&unquote_identifiers(forms::unwrap_parens(clause)))
}

/// MariaDB's check of a JSON column, as `add_check` reads clauses.
fn json_valid_clause(column: &str) -> String {
    read_check(&format!("json_valid({})", D.quote_ident(column)))
}

/// Leaves out the index MySQL made for a foreign key.
fn drop_foreign_key_indexes(table: &mut Table) {
    let fks = &table.foreign_keys;
    table
        .indexes
        .retain(|i| !crate::dialect::mysql::is_foreign_key_index(i, fks));
}

/// `` `age` >= 0 `` → `age >= 0`: backticks dropped around identifiers that need none (letters,
/// digits and `_`, not starting with a digit). Text in string literals is left alone.
fn unquote_identifiers(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    let mut in_string: Option<char> = None;
    while let Some(c) = chars.next() {
        match in_string {
            Some(q) => {
                out.push(c);
                if c == '\\' {
                    out.extend(chars.next());
                } else if c == q {
                    in_string = None;
                }
            }
            None if c == '\'' || c == '"' => {
                in_string = Some(c);
                out.push(c);
            }
            None if c == '`' => {
                let mut ident = String::new();
                let mut closed = false;
                for n in chars.by_ref() {
                    if n == '`' {
                        closed = true;
                        break;
                    }
                    ident.push(n);
                }
                let plain = closed
                    && ident
                        .chars()
                        .next()
                        .is_some_and(|f| f.is_ascii_alphabetic() || f == '_')
                    && ident.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                if plain {
                    out.push_str(&ident);
                } else {
                    out.push('`');
                    out.push_str(&ident);
                    if closed {
                        out.push('`');
                    }
                }
            }
            None => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unquotes_plain_identifiers_only() {
        assert_eq!(unquote_identifiers("`age` >= 0"), "age >= 0");
        assert_eq!(
            unquote_identifiers("`a b` = '`x`' AND json_valid(`s`)"),
            "`a b` = '`x`' AND json_valid(s)"
        );
    }

    #[test]
    fn reads_defaults_of_both_servers() {
        let s = ColumnType::string();
        assert_eq!(
            read_default("'it''s'", &s, true, false),
            Some(DefaultValue::Literal(Literal::String("it's".into())))
        );
        assert_eq!(
            read_default(r"'it\'s \\'", &s, true, false),
            Some(DefaultValue::Literal(Literal::String(r"it's \".into())))
        );
        assert_eq!(read_default("NULL", &s, true, false), None);
        assert_eq!(
            read_default("it's", &s, false, false),
            Some(DefaultValue::Literal(Literal::String("it's".into())))
        );
        assert_eq!(
            read_default("1", &ColumnType::Bool, false, false),
            Some(DefaultValue::Literal(Literal::Bool(true)))
        );
        assert_eq!(
            read_default("(1 + 2)", &ColumnType::int64(), true, false),
            Some(DefaultValue::Expr("1 + 2".into()))
        );
    }
}
