//! Reading what the pragmas do not tell from stored `CREATE TABLE` / `CREATE INDEX` text:
//! AUTOINCREMENT, CHECK constraints, constraint names of foreign keys, index predicates and
//! expression parts. Unknown syntax is skipped, never an error.

use crate::dialect::lexer::{self, Token, TokenKind, unquote_ident};
use crate::dialect::normalize_expr;
use crate::schema::Check;

/// A foreign key as written in `CREATE TABLE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ParsedForeignKey {
    /// Constraint name (empty when unnamed).
    pub name: String,
    /// Referencing columns.
    pub columns: Vec<String>,
    /// Referenced table.
    pub ref_table: String,
}

/// What `CREATE TABLE` text tells beyond the pragmas.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ParsedTable {
    /// The column declared `AUTOINCREMENT`.
    pub autoincrement: Option<String>,
    /// CHECK constraints (table-level and column-level), in declaration order.
    pub checks: Vec<Check>,
    /// Foreign keys, in declaration order.
    pub foreign_keys: Vec<ParsedForeignKey>,
}

/// Parses the body of a `CREATE TABLE` statement.
pub(crate) fn parse_create_table(sql: &str) -> ParsedTable {
    let toks = lexer::significant(sql);
    let mut out = ParsedTable::default();
    let Some(open) = toks.iter().position(|t| t.is_punct(sql, '(')) else {
        return out;
    };
    let Some(close) = lexer::matching_paren(sql, &toks, open) else {
        return out;
    };
    for def in split_commas(sql, &toks[open + 1..close]) {
        let Some(first) = def.first() else { continue };
        let table_constraint = ["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"]
            .iter()
            .any(|k| first.is_word(sql, k));
        if table_constraint {
            table_constraint_def(sql, def, &mut out);
        } else {
            column_def(sql, def, &mut out);
        }
    }
    out
}

fn table_constraint_def(sql: &str, def: &[Token], out: &mut ParsedTable) {
    let (name, rest) = constraint_name(sql, def);
    match rest.first() {
        Some(t) if t.is_word(sql, "CHECK") => {
            if let Some(expr) = paren_text(sql, &rest[1..]) {
                out.checks.push(Check {
                    name,
                    expr: normalize_expr(expr),
                });
            }
        }
        Some(t) if t.is_word(sql, "FOREIGN") => {
            let Some(open) = rest.iter().position(|t| t.is_punct(sql, '(')) else {
                return;
            };
            let Some(close) = lexer::matching_paren(sql, rest, open) else {
                return;
            };
            let columns = idents(sql, &rest[open + 1..close]);
            let ref_table = rest[close..]
                .iter()
                .position(|t| t.is_word(sql, "REFERENCES"))
                .and_then(|i| rest.get(close + i + 1))
                .map(|t| unquote_ident(t.text(sql)))
                .unwrap_or_default();
            out.foreign_keys.push(ParsedForeignKey {
                name,
                columns,
                ref_table,
            });
        }
        _ => {}
    }
}

fn column_def(sql: &str, def: &[Token], out: &mut ParsedTable) {
    let Some(first) = def.first() else { return };
    let column = unquote_ident(first.text(sql));
    let mut i = 1;
    let mut pending_name = String::new();
    while i < def.len() {
        let t = def[i];
        if t.is_punct(sql, '(') {
            i = lexer::matching_paren(sql, def, i).map_or(def.len(), |c| c + 1);
            continue;
        }
        if t.is_word(sql, "AUTOINCREMENT") {
            out.autoincrement = Some(column.clone());
        } else if t.is_word(sql, "CONSTRAINT") {
            pending_name = def
                .get(i + 1)
                .map(|n| unquote_ident(n.text(sql)))
                .unwrap_or_default();
            i += 2;
            continue;
        } else if t.is_word(sql, "CHECK") {
            if let Some(expr) = paren_text(sql, &def[i + 1..]) {
                out.checks.push(Check {
                    name: std::mem::take(&mut pending_name),
                    expr: normalize_expr(expr),
                });
            }
        } else if t.is_word(sql, "REFERENCES") {
            let ref_table = def
                .get(i + 1)
                .map(|n| unquote_ident(n.text(sql)))
                .unwrap_or_default();
            out.foreign_keys.push(ParsedForeignKey {
                name: std::mem::take(&mut pending_name),
                columns: vec![column.clone()],
                ref_table,
            });
        }
        i += 1;
    }
}

/// `CONSTRAINT name rest...` → (name, rest); otherwise ("", def).
fn constraint_name<'t>(sql: &str, def: &'t [Token]) -> (String, &'t [Token]) {
    match def {
        [c, n, rest @ ..] if c.is_word(sql, "CONSTRAINT") => (unquote_ident(n.text(sql)), rest),
        _ => (String::new(), def),
    }
}

/// The source text inside the parentheses that open at `toks[0]`.
fn paren_text<'s>(sql: &'s str, toks: &[Token]) -> Option<&'s str> {
    if !toks.first()?.is_punct(sql, '(') {
        return None;
    }
    let close = lexer::matching_paren(sql, toks, 0)?;
    Some(&sql[toks[0].end..toks[close].start])
}

/// Identifier names in a comma-separated list.
fn idents(sql: &str, toks: &[Token]) -> Vec<String> {
    split_commas(sql, toks)
        .into_iter()
        .filter_map(|part| part.first().map(|t| unquote_ident(t.text(sql))))
        .collect()
}

/// Splits tokens at commas outside parentheses.
fn split_commas<'t>(sql: &str, toks: &'t [Token]) -> Vec<&'t [Token]> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, t) in toks.iter().enumerate() {
        if t.is_punct(sql, '(') {
            depth += 1;
        } else if t.is_punct(sql, ')') {
            depth -= 1;
        } else if t.is_punct(sql, ',') && depth == 0 {
            out.push(&toks[start..i]);
            start = i + 1;
        }
    }
    if start < toks.len() {
        out.push(&toks[start..]);
    }
    out
}

/// What `CREATE INDEX` text tells beyond the pragmas.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ParsedIndex {
    /// Key parts' source text without `ASC`/`DESC`/`COLLATE`, normalized.
    pub parts: Vec<String>,
    /// The `WHERE` predicate, normalized.
    pub predicate: Option<String>,
}

/// Parses `CREATE [UNIQUE] INDEX name ON table (parts) [WHERE predicate]`.
pub(crate) fn parse_create_index(sql: &str) -> ParsedIndex {
    let toks = lexer::significant(sql);
    let mut out = ParsedIndex::default();
    let Some(on) = toks.iter().position(|t| t.is_word(sql, "ON")) else {
        return out;
    };
    let Some(open) = toks
        .iter()
        .skip(on)
        .position(|t| t.is_punct(sql, '('))
        .map(|i| i + on)
    else {
        return out;
    };
    let Some(close) = lexer::matching_paren(sql, &toks, open) else {
        return out;
    };
    for part in split_commas(sql, &toks[open + 1..close]) {
        let end = part
            .iter()
            .position(|t| ["ASC", "DESC", "COLLATE"].iter().any(|k| t.is_word(sql, k)))
            .unwrap_or(part.len());
        if let (Some(a), Some(b)) = (part.first(), part[..end].last()) {
            out.parts.push(normalize_expr(&sql[a.start..b.end]));
        }
    }
    if let Some(w) = toks[close..].iter().position(|t| t.is_word(sql, "WHERE")) {
        let from = toks[close + w].end;
        let text = sql[from..].trim().trim_end_matches(';');
        out.predicate = Some(normalize_expr(text)).filter(|p| !p.is_empty());
    }
    out
}

/// Whether a part's source text is a plain (possibly quoted) column name.
pub(crate) fn is_plain_identifier(text: &str) -> bool {
    let toks = lexer::significant(text);
    matches!(toks.as_slice(), [t] if matches!(t.kind, TokenKind::Word | TokenKind::QuotedIdent))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_create_table() {
        let sql = "CREATE TABLE `t` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, \
            `a``b` text NOT NULL DEFAULT 'CHECK (x)' CONSTRAINT cc CHECK (length(`a``b`) > 0), \
            o integer REFERENCES u(id), \
            CONSTRAINT `fk` FOREIGN KEY (`o`, \"p\") REFERENCES `users` (`id`, `q`) ON DELETE CASCADE, \
            CONSTRAINT `c1` CHECK (o > 0), CHECK ((o < 10)))";
        let p = parse_create_table(sql);
        assert_eq!(p.autoincrement.as_deref(), Some("id"));
        assert_eq!(
            p.checks,
            vec![
                Check::new("cc", "length(`a``b`) > 0"),
                Check::new("c1", "o > 0"),
                Check::new("", "o < 10")
            ]
        );
        assert_eq!(p.foreign_keys.len(), 2);
        assert_eq!(
            p.foreign_keys[0],
            ParsedForeignKey {
                name: "".into(),
                columns: vec!["o".into()],
                ref_table: "u".into()
            }
        );
        assert_eq!(
            p.foreign_keys[1],
            ParsedForeignKey {
                name: "fk".into(),
                columns: vec!["o".into(), "p".into()],
                ref_table: "users".into()
            }
        );
    }

    #[test]
    fn parses_create_index() {
        let p = parse_create_index(
            "CREATE INDEX `i` ON `t` (`a` DESC, lower(b) COLLATE nocase) WHERE a IS NOT NULL;",
        );
        assert_eq!(p.parts, vec!["`a`", "lower(b)"]);
        assert_eq!(p.predicate.as_deref(), Some("a IS NOT NULL"));
        assert!(is_plain_identifier("`a`"));
        assert!(!is_plain_identifier("lower(b)"));
    }

    #[test]
    fn odd_text_never_fails() {
        for sql in [
            "",
            "CREATE TABLE",
            "CREATE TABLE t (",
            "CREATE TABLE t (CONSTRAINT)",
            "CREATE INDEX i ON t (a",
        ] {
            let _ = parse_create_table(sql);
            let _ = parse_create_index(sql);
        }
    }
}
