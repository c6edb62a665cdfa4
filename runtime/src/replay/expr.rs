//! Expressions (defaults, CHECK constraints, partial-index predicates, index keys) in the form
//! inspection returns them.
//!
//! SQLite stores the text as written, so the replay keeps the statement's own text (through the
//! inspector's DDL reader or the expression as printed). PostgreSQL stores a parsed tree and
//! prints it back in its own spelling (casts added, operators parenthesized, `IN` lists turned
//! into `= ANY (ARRAY[...])`), which cannot be predicted without the server. So on PostgreSQL
//! only forms whose printed spelling is known are accepted: literals, a few niladic functions
//! as defaults, and checks and predicates of one comparison between an integer column and a
//! non-negative integer, `col IS [NOT] NULL`, a boolean column and its `NOT`. Anything else is
//! refused with a pointer to `--dev-url`, never guessed.

use sqlparser::ast::{BinaryOperator, Expr, UnaryOperator, Value};

use super::error::{StmtError, StmtResult};
use crate::dialect::{Dialect, normalize_expr, parse_default};
use crate::schema::{ColumnType, DefaultValue, Table};

/// PostgreSQL defaults that are not literals but print back exactly as written.
const POSTGRES_NILADIC_DEFAULTS: &[&str] = &[
    "now()",
    "CURRENT_TIMESTAMP",
    "CURRENT_DATE",
    "gen_random_uuid()",
];

/// A column default in the model's form; `None` for `DEFAULT NULL`.
pub(crate) fn default(
    dialect: Dialect,
    expr: &Expr,
    ty: &ColumnType,
) -> StmtResult<Option<DefaultValue>> {
    if dialect == Dialect::Mysql {
        return super::mysql::default(expr, ty);
    }
    let text = expr.to_string();
    if is_literal(expr) || dialect == Dialect::Sqlite {
        return Ok(parse_default(&text, ty));
    }
    let norm = normalize_expr(&text);
    if POSTGRES_NILADIC_DEFAULTS.contains(&norm.as_str()) {
        return Ok(Some(DefaultValue::Expr(norm)));
    }
    Err(postgres_expression("default", &text))
}

/// Whether the expression is a plain literal (`'x'`, `1`, `-1.5`, `true`, `NULL`).
fn is_literal(expr: &Expr) -> bool {
    match expr {
        Expr::Value(v) => matches!(
            v.value,
            Value::Number(..) | Value::SingleQuotedString(_) | Value::Boolean(_) | Value::Null
        ),
        Expr::UnaryOp {
            op: UnaryOperator::Minus | UnaryOperator::Plus,
            expr,
        } => matches!(&**expr, Expr::Value(v) if matches!(v.value, Value::Number(..))),
        Expr::Nested(inner) => is_literal(inner),
        _ => false,
    }
}

/// A CHECK expression or index predicate on PostgreSQL, as `pg_get_expr` prints it (after
/// [`normalize_expr`]); `what` names it in the refusal.
pub(crate) fn postgres_condition(table: &Table, expr: &Expr, what: &str) -> StmtResult<String> {
    simple_condition(table, expr).ok_or_else(|| postgres_expression(what, &expr.to_string()))
}

fn simple_condition(table: &Table, expr: &Expr) -> Option<String> {
    match expr {
        Expr::Nested(inner) => simple_condition(table, inner),
        Expr::Identifier(id) => {
            let col = plain_column(table, id)?;
            (table.get_column(&col)?.ty == ColumnType::Bool).then_some(col)
        }
        Expr::UnaryOp {
            op: UnaryOperator::Not,
            expr,
        } => {
            let inner = simple_condition(table, expr)?;
            (!inner.contains(' ')).then(|| format!("NOT {inner}"))
        }
        Expr::IsNull(e) => Some(format!("{} IS NULL", column_of(table, e)?)),
        Expr::IsNotNull(e) => Some(format!("{} IS NOT NULL", column_of(table, e)?)),
        Expr::BinaryOp { left, op, right } => {
            let op = match op {
                BinaryOperator::Eq => "=",
                BinaryOperator::NotEq => "<>",
                BinaryOperator::Lt => "<",
                BinaryOperator::LtEq => "<=",
                BinaryOperator::Gt => ">",
                BinaryOperator::GtEq => ">=",
                _ => return None,
            };
            let col = column_of(table, left)?;
            if !table.get_column(&col)?.ty.is_integer() {
                return None;
            }
            let Expr::Value(v) = &**right else {
                return None;
            };
            let Value::Number(n, _) = &v.value else {
                return None;
            };
            // Integers that fit `integer` print bare; wider ones get a cast.
            let n: i32 = n.parse().ok().filter(|n| *n >= 0)?;
            Some(format!("{col} {op} {n}"))
        }
        _ => None,
    }
}

/// A plain column reference, as PostgreSQL prints it (names needing quotes are refused).
fn column_of(table: &Table, expr: &Expr) -> Option<String> {
    match expr {
        Expr::Identifier(id) => plain_column(table, id),
        Expr::Nested(inner) => column_of(table, inner),
        _ => None,
    }
}

fn plain_column(table: &Table, id: &sqlparser::ast::Ident) -> Option<String> {
    let name = super::names::ident(Dialect::Postgres, id);
    let plain = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    (plain && table.get_column(&name).is_some()).then_some(name)
}

fn postgres_expression(what: &str, text: &str) -> StmtError {
    StmtError::unsupported(format!(
        "PostgreSQL stores the {what} `{text}` in its own spelling, which cannot be predicted offline"
    ))
}

/// Column names an expression mentions (for PostgreSQL's check names and for dropping
/// constraints with a column), distinct, in order of appearance.
pub(crate) fn columns_in(dialect: Dialect, table: &Table, text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for tok in crate::dialect::lexer::significant(text) {
        let raw = tok.text(text);
        let name = match tok.kind {
            crate::dialect::lexer::TokenKind::QuotedIdent => {
                crate::dialect::lexer::unquote_ident(raw)
            }
            crate::dialect::lexer::TokenKind::Word if dialect == Dialect::Postgres => {
                raw.to_lowercase()
            }
            crate::dialect::lexer::TokenKind::Word => raw.to_owned(),
            _ => continue,
        };
        let known = table.columns.iter().find(|c| {
            c.name == name || (dialect == Dialect::Sqlite && c.name.eq_ignore_ascii_case(&name))
        });
        if let Some(c) = known
            && !out.contains(&c.name)
        {
            out.push(c.name.clone());
        }
    }
    out
}
