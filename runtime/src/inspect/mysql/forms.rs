//! The desired schema's SQL expressions in MySQL's or MariaDB's own spelling.
//!
//! # Why the server prints them, not a normalizer
//! Both servers keep a check clause or an expression default as a parse tree and print it back
//! their own way, and the two ways differ: MariaDB drops redundant parentheses, lower-cases
//! keywords, quotes identifiers, reprints literals and renames functions
//! (`(lo <= hi) AND (hi < 1000)` → `` `lo` <= `hi` and `hi` < 1000 ``, `'it''s'` → `'it\'s'`,
//! `lower('ABC')` → `lcase('ABC')`, `NOT (a IS NULL)` → `` `a` is not null ``, `true` → `1`);
//! MySQL 8 keeps a parenthesis around every operation (`` ((`lo` <= `hi`) and (`hi` < 1000)) ``),
//! adds charset introducers to strings and casts where it converts. A text normalizer provably
//! equivalent to that would have to parse SQL with each server's precedence and reprint it with
//! each server's function aliases and literal rules, version by version; any rule it missed
//! drops and re-adds a check on every deploy. So, as on PostgreSQL
//! (`inspect::postgres::database_forms`) and as Atlas does, the server prints the desired
//! expressions too: each table of the desired schema that carries a check or an expression
//! default is created as a session-local `TEMPORARY` table `entgen_forms_<n>` (same column types
//! and defaults, its checks named `entgen_forms_<n>_c<i>`), `SHOW CREATE TABLE` reads them back, and the
//! printed forms, read by the same functions the inspector reads `CHECK_CLAUSE` and
//! `COLUMN_DEFAULT` with, replace the desired ones in a copy of the schema for the diff to
//! compare (`diff::diff_printed`; statements keep the user's text).
//!
//! `SHOW CREATE TABLE` because `information_schema` lists no temporary tables (before MariaDB
//! 11.2, and never on MySQL 8); it prints a check exactly as `CHECK_CLAUSE` does (MySQL 8 adds
//! one outer parenthesis, which normalization strips) and a default as `COLUMN_DEFAULT` does.
//! Temporary tables need only the `CREATE TEMPORARY TABLES` privilege, commit nothing, are
//! invisible to other sessions, never shadow a table the migration inspects (the inspector reads
//! `information_schema`) and are dropped at the end, whatever happened. Round trips: one batch
//! creating every scratch table, one `SHOW CREATE TABLE` per table with expressions, one drop;
//! none when the schema has no check and no expression default. (Not a constant number: the
//! statement API reads one result set per query, and folding several tables into one scratch
//! table would meet column-name clashes and MySQL's 65,535-byte row limit, refusing schemas
//! that are valid.)

use super::super::rows;
use super::{D, InspectError, read_check, read_default};
use crate::driver::{Driver, Io, now};
use crate::schema::{Check, DefaultValue, Schema, Table};

/// `desired` with every check and expression default replaced by the form the server prints
/// for it on this connection, to compare with inspected tables (never to execute). Tables
/// without expressions are returned as they are, and no statement runs when no table has one.
/// An expression the server refuses is an error naming the table and the statement.
pub fn database_forms(driver: &mut Driver, desired: &Schema) -> Result<Schema, InspectError> {
    now(database_forms_on(driver, desired))
}

/// [`database_forms`] on any connection.
pub(crate) async fn database_forms_on<D: Io>(
    driver: &mut D,
    desired: &Schema,
) -> Result<Schema, InspectError> {
    let with_exprs: Vec<usize> = (0..desired.tables.len())
        .filter(|&i| has_expressions(&desired.tables[i]))
        .collect();
    if with_exprs.is_empty() {
        return Ok(desired.clone());
    }
    let scratch: Vec<Table> = with_exprs
        .iter()
        .enumerate()
        .map(|(n, &i)| scratch_table(&desired.tables[i], n))
        .collect();
    let printed = printed_tables(driver, desired, &with_exprs, &scratch).await;
    // Drop whatever was created, also after an error (a pooled connection lives on).
    let names: Vec<String> = scratch.iter().map(|t| D.quote_ident(&t.name)).collect();
    let dropped = driver
        .execute_batch(&format!(
            "DROP TEMPORARY TABLE IF EXISTS {}",
            names.join(", ")
        ))
        .await
        .map_err(|source| InspectError::Query {
            query: "DROP TEMPORARY TABLE (expression forms)",
            source,
        });
    let printed = printed?;
    dropped?;

    let mut out = desired.clone();
    for (n, (&i, create)) in with_exprs.iter().zip(&printed).enumerate() {
        take_forms(&mut out.tables[i], create, n);
    }
    Ok(out)
}

/// Whether a table carries an expression the server prints in its own form. (Index
/// expressions are left out: MariaDB has none, and MySQL has no partial indexes.)
fn has_expressions(t: &Table) -> bool {
    !t.checks.is_empty()
        || t.columns
            .iter()
            .any(|c| matches!(c.default, Some(DefaultValue::Expr(_))))
}

/// The columns of `t` (types, nullability and defaults kept; identity and comments dropped,
/// as are indexes and foreign keys, which hold no expressions and would need other tables), its
/// primary key (MySQL's `sql_require_primary_key` applies to temporary tables too) and its
/// checks, named `entgen_forms_<n>_c<i>` to map back by position (unique across the scratch
/// tables: MySQL 8's check names are per schema).
fn scratch_table(t: &Table, n: usize) -> Table {
    let mut s = Table::new(format!("entgen_forms_{n}"));
    s.primary_key = t.primary_key.clone();
    s.columns = t
        .columns
        .iter()
        .map(|c| {
            let mut c = c.clone();
            c.identity = None;
            c.comment = None;
            c
        })
        .collect();
    s.checks = t
        .checks
        .iter()
        .enumerate()
        .map(|(i, c)| Check::new(check_name(n, i), c.expr.clone()))
        .collect();
    s
}

fn check_name(n: usize, i: usize) -> String {
    format!("entgen_forms_{n}_c{i}")
}

/// Creates the scratch tables and returns their `SHOW CREATE TABLE` text, in order.
async fn printed_tables<D: Io>(
    driver: &mut D,
    desired: &Schema,
    with_exprs: &[usize],
    scratch: &[Table],
) -> Result<Vec<String>, InspectError> {
    let mut statements = Vec::with_capacity(scratch.len());
    for (t, &i) in scratch.iter().zip(with_exprs) {
        let sql = D
            .create_temporary_table(t)
            .map_err(|e| InspectError::Catalog {
                table: desired.tables[i].name.clone(),
                detail: e.to_string(),
            })?;
        statements.push((i, sql));
    }
    create_scratch(driver, desired, &statements).await?;
    let mut out = Vec::with_capacity(scratch.len());
    for t in scratch {
        let sql = format!("SHOW CREATE TABLE {}", D.quote_ident(&t.name));
        let rows = rows::run(
            driver,
            "SHOW CREATE TABLE (expression forms)",
            &sql,
            Vec::new(),
        )
        .await?;
        let create = rows
            .iter()
            .next()
            .map(|r| r.at::<String>(1))
            .transpose()?
            .ok_or_else(|| InspectError::Catalog {
                table: t.name.clone(),
                detail: "SHOW CREATE TABLE returned no row".into(),
            })?;
        out.push(create);
    }
    Ok(out)
}

/// Runs the statements in one round trip; when that fails, drops what it made and runs them
/// one by one to name the table and the statement the server refused.
async fn create_scratch<D: Io>(
    driver: &mut D,
    desired: &Schema,
    statements: &[(usize, String)],
) -> Result<(), InspectError> {
    let batch: Vec<&str> = statements.iter().map(|(_, sql)| sql.as_str()).collect();
    let batch_error = match driver.execute_batch(&batch.join(";\n")).await {
        Ok(()) => return Ok(()),
        Err(e) => e,
    };
    for (n, (i, sql)) in statements.iter().enumerate() {
        let drop = format!("DROP TEMPORARY TABLE IF EXISTS `entgen_forms_{n}`");
        let ran = match driver.execute_batch(&drop).await {
            Ok(()) => driver.execute_batch(sql).await,
            Err(e) => Err(e),
        };
        if let Err(source) = ran {
            return Err(InspectError::Expression {
                table: desired.tables[*i].name.clone(),
                sql: sql.clone(),
                reason: source.database_message(),
            });
        }
    }
    Err(InspectError::Query {
        query: "CREATE TEMPORARY TABLE (expression forms)",
        source: batch_error,
    })
}

/// Copies the printed forms from a scratch table's `SHOW CREATE TABLE` onto the desired table.
fn take_forms(table: &mut Table, create: &str, n: usize) {
    let defs = definitions(create);
    for (i, check) in table.checks.iter_mut().enumerate() {
        let name = check_name(n, i);
        if let Some(clause) = defs.iter().find_map(|d| check_clause(d, &name)) {
            check.expr = read_check(clause);
        }
    }
    for column in &mut table.columns {
        if !matches!(column.default, Some(DefaultValue::Expr(_))) {
            continue;
        }
        if let Some(text) = defs.iter().find_map(|d| column_default(d, &column.name)) {
            // `SHOW CREATE TABLE` prints SQL text on both servers, as MariaDB's
            // `COLUMN_DEFAULT` and MySQL's for a `DEFAULT_GENERATED` expression do.
            column.default = read_default(text, &column.ty, true, true);
        }
    }
}

/// Where each character of `sql` stands: inside a quoted string or identifier or not, and at
/// which parenthesis depth. MySQL strings escape with `\` and with a doubled quote.
fn scan(sql: &str) -> Vec<(usize, char, bool, usize)> {
    let mut out = Vec::with_capacity(sql.len());
    let mut quote: Option<char> = None;
    let mut depth = 0usize;
    let mut chars = sql.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match quote {
            Some(q) => {
                out.push((at, c, false, depth));
                if c == '\\' && q != '`' {
                    if let Some((at, e)) = chars.next() {
                        out.push((at, e, false, depth));
                    }
                } else if c == q {
                    if let Some(&(at, n)) = chars.peek()
                        && n == q
                    {
                        chars.next();
                        out.push((at, n, false, depth));
                    } else {
                        quote = None;
                    }
                }
            }
            None => {
                if matches!(c, '\'' | '"' | '`') {
                    quote = Some(c);
                    out.push((at, c, false, depth));
                    continue;
                }
                if c == ')' {
                    depth = depth.saturating_sub(1);
                }
                out.push((at, c, true, depth));
                if c == '(' {
                    depth += 1;
                }
            }
        }
    }
    out
}

/// `sql` without the parentheses that wrap all of it, read with MySQL's lexical rules (the
/// shared normalizer does not know a backslash escapes a quote: `('it\'s')`). MySQL 8 prints
/// one pair more in `SHOW CREATE TABLE` than in its catalog, MariaDB none: without them both
/// read alike.
pub(super) fn unwrap_parens(sql: &str) -> &str {
    let mut sql = sql.trim();
    while sql.starts_with('(') {
        let closes_at_end = scan(sql)
            .iter()
            .find(|&&(_, c, plain, depth)| c == ')' && plain && depth == 0)
            .is_some_and(|&(at, ..)| at == sql.len() - 1);
        if !closes_at_end {
            break;
        }
        sql = sql[1..sql.len() - 1].trim();
    }
    sql
}

/// The column and constraint definitions of a `CREATE TABLE` statement, trimmed.
fn definitions(create: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (at, c, plain, depth) in scan(create) {
        match (c, plain, depth, start) {
            ('(', true, 0, None) => start = Some(at + 1),
            (',', true, 1, Some(s)) => {
                out.push(create[s..at].trim());
                start = Some(at + 1);
            }
            (')', true, 0, Some(s)) => {
                out.push(create[s..at].trim());
                break;
            }
            _ => {}
        }
    }
    out
}

/// The backquoted name that starts `def` and the rest of it.
fn leading_ident(def: &str) -> Option<(String, &str)> {
    let rest = def.strip_prefix('`')?;
    let mut name = String::new();
    let mut chars = rest.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c == '`' {
            if chars.peek().is_some_and(|&(_, n)| n == '`') {
                chars.next();
                name.push('`');
                continue;
            }
            return Some((name, rest[at + 1..].trim_start()));
        }
        name.push(c);
    }
    None
}

/// The clause of `CONSTRAINT `name` CHECK (clause)`, parentheses included.
fn check_clause<'a>(def: &'a str, name: &str) -> Option<&'a str> {
    let rest = strip_word(def, "CONSTRAINT")?;
    let (found, rest) = leading_ident(rest)?;
    (found == name).then_some(())?;
    strip_word(rest, "CHECK")
}

/// The default of column `name`'s definition (`` `name` type ... DEFAULT expr [COMMENT ...] ``).
fn column_default<'a>(def: &'a str, name: &str) -> Option<&'a str> {
    let (found, rest) = leading_ident(def)?;
    (found == name).then_some(())?;
    let words = top_level_words(rest);
    let (_, after) = words
        .iter()
        .find(|(w, _)| w.eq_ignore_ascii_case("DEFAULT"))?;
    let end = words
        .iter()
        .filter(|&&(_, at)| at > *after)
        .find(|(w, _)| {
            [
                "COMMENT",
                "ON",
                "CHECK",
                "INVISIBLE",
                "CONSTRAINT",
                "REFERENCES",
            ]
            .iter()
            .any(|k| w.eq_ignore_ascii_case(k))
        })
        .map_or(rest.len(), |&(w, at)| at - w.len());
    Some(rest[*after..end].trim())
}

/// The bare words outside quotes and parentheses, each with the offset just past it.
fn top_level_words(sql: &str) -> Vec<(&str, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    for (at, c, plain, depth) in scan(sql) {
        let word_char = plain && depth == 0 && is_word(c);
        match (start, word_char) {
            (None, true) => start = Some(at),
            (Some(s), false) => {
                out.push((&sql[s..at], at));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((&sql[s..], sql.len()));
    }
    out
}

/// `def` after the keyword `kw` and the spaces that follow it.
fn strip_word<'a>(def: &'a str, kw: &str) -> Option<&'a str> {
    let head = def.get(..kw.len())?;
    let rest = &def[kw.len()..];
    (head.eq_ignore_ascii_case(kw) && rest.starts_with(char::is_whitespace))
        .then(|| rest.trim_start())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{ColumnType, Literal};

    /// MariaDB 10.11's `SHOW CREATE TABLE` of a scratch table.
    const MARIADB: &str = "CREATE TEMPORARY TABLE `entgen_forms_0` (\n  `lo` int(11) NOT NULL,\n  `s` varchar(20) DEFAULT lcase('a,b)'),\n  `x` text DEFAULT 'it\\'s' COMMENT 'c',\n  `d` int(11) DEFAULT ((1 + 2) * 3),\n  CONSTRAINT `entgen_forms_0_c0` CHECK (`lo` <= `hi` and `hi` < 1000),\n  CONSTRAINT `entgen_forms_0_c1` CHECK (`s` in ('a','it\\'s', ')'))\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";

    #[test]
    fn reads_checks_and_defaults_of_show_create_table() {
        let defs = definitions(MARIADB);
        assert_eq!(defs.len(), 6, "{defs:#?}");
        let clause = |name| defs.iter().find_map(|d| check_clause(d, name));
        assert_eq!(
            clause("entgen_forms_0_c0"),
            Some("(`lo` <= `hi` and `hi` < 1000)")
        );
        assert_eq!(
            clause("entgen_forms_0_c1"),
            Some("(`s` in ('a','it\\'s', ')'))")
        );
        assert_eq!(
            read_check(clause("entgen_forms_0_c0").unwrap()),
            "lo <= hi and hi < 1000"
        );
        assert_eq!(
            read_check(clause("entgen_forms_0_c1").unwrap()),
            read_check("`s` in ('a','it\\'s', ')')")
        );
        assert_eq!(unwrap_parens("(('it\\'s') = (a))"), "('it\\'s') = (a)");
        assert_eq!(unwrap_parens("(a) or (b)"), "(a) or (b)");
        let default = |name| defs.iter().find_map(|d| column_default(d, name));
        assert_eq!(default("s"), Some("lcase('a,b)')"));
        assert_eq!(default("x"), Some("'it\\'s'"));
        assert_eq!(default("d"), Some("((1 + 2) * 3)"));
        assert_eq!(default("lo"), None);
        assert_eq!(
            read_default("'it\\'s'", &ColumnType::Text, true, true),
            Some(DefaultValue::Literal(Literal::String("it's".into())))
        );
    }

    /// MySQL 8 prints one more parenthesis around a check than `CHECK_CLAUSE` does, and
    /// defaults in parentheses: the same forms once read.
    #[test]
    fn mysql_8_prints_read_as_its_catalog() {
        let create = "CREATE TEMPORARY TABLE `entgen_forms_0` (\n  `lo` int NOT NULL,\n  `s` varchar(255) DEFAULT (lower(_utf8mb4'ABC')),\n  CONSTRAINT `entgen_forms_0_c0` CHECK (((`lo` <= `hi`) and (`hi` < 1000)))\n) ENGINE=InnoDB";
        let defs = definitions(create);
        let clause = defs
            .iter()
            .find_map(|d| check_clause(d, "entgen_forms_0_c0"));
        assert_eq!(
            read_check(clause.unwrap()),
            read_check("((`lo` <= `hi`) and (`hi` < 1000))")
        );
        let default = defs.iter().find_map(|d| column_default(d, "s")).unwrap();
        let ty = ColumnType::string();
        assert_eq!(
            read_default(default, &ty, false, true),
            read_default("lower(_utf8mb4'ABC')", &ty, false, true)
        );
    }
}
