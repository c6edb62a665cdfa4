//! SQL expression text: normalization for comparison, and reading defaults back from catalogs.

use super::lexer::{self, Token, TokenKind};
use crate::schema::{ColumnType, DefaultValue, Literal};

/// Normalizes an SQL expression for comparison: comments dropped, whitespace outside literals
/// collapsed to one space (and removed next to parentheses), and redundant outer parentheses
/// stripped. `(age  > 0)` and `age > 0` normalize to the same text; literal and identifier
/// spelling is kept.
pub fn normalize_expr(expr: &str) -> String {
    let tokens = lexer::significant(expr);
    let (mut lo, mut hi) = (0, tokens.len());
    while hi - lo >= 2
        && tokens[lo].is_punct(expr, '(')
        && lexer::matching_paren(expr, &tokens[..hi], lo) == Some(hi - 1)
    {
        lo += 1;
        hi -= 1;
    }
    join_tokens(expr, &tokens[lo..hi])
}

/// Joins tokens with single spaces where the source had any gap, except just inside parentheses
/// and before commas.
fn join_tokens(src: &str, tokens: &[Token]) -> String {
    let mut out = String::new();
    let mut prev: Option<&Token> = None;
    for t in tokens {
        if let Some(p) = prev {
            let gap = p.end != t.start;
            let tight = p.is_punct(src, '(') || t.is_punct(src, ')') || t.is_punct(src, ',');
            if gap && !tight {
                out.push(' ');
            }
        }
        out.push_str(t.text(src));
        prev = Some(t);
    }
    out
}

/// Whether the whole expression is wrapped in one pair of parentheses.
pub fn is_wrapped(expr: &str) -> bool {
    let tokens = lexer::significant(expr);
    !tokens.is_empty()
        && tokens[0].is_punct(expr, '(')
        && lexer::matching_paren(expr, &tokens, 0) == Some(tokens.len() - 1)
}

/// Wraps an expression in parentheses unless it already is (Atlas's `MayWrap`).
pub fn may_wrap(expr: &str) -> String {
    let t = expr.trim();
    if is_wrapped(t) {
        t.to_owned()
    } else {
        format!("({t})")
    }
}

/// Reads a default as a catalog prints it (`'x'::character varying`, `'-1'::integer`, `0`,
/// `true`, `now()`, SQLite's `'x'` or `(1 + 1)`) back into the model. `None` for `NULL`.
pub fn parse_default(text: &str, ty: &ColumnType) -> Option<DefaultValue> {
    let norm = normalize_expr(text);
    let tokens = lexer::significant(&norm);
    let src = norm.as_str();
    // Strip a trailing cast on a single literal: `'x'::character varying`, `NULL::text`.
    let literal_end = match tokens.iter().position(|t| t.is_punct(src, ':')) {
        Some(i) if i > 0 && tokens.get(i + 1).is_some_and(|t| t.is_punct(src, ':')) => i,
        _ => tokens.len(),
    };
    let lit = &tokens[..literal_end];
    let value = match lit {
        [] => return None,
        [t] if t.kind == TokenKind::String => {
            Some(Literal::String(lexer::unquote_string(t.text(src))))
        }
        [t] if t.is_word(src, "null") => return None,
        [t] if t.is_word(src, "true") => Some(Literal::Bool(true)),
        [t] if t.is_word(src, "false") => Some(Literal::Bool(false)),
        [t] if t.kind == TokenKind::Number => number(t.text(src), ty),
        [s, t] if t.kind == TokenKind::Number && (s.is_punct(src, '-') || s.is_punct(src, '+')) => {
            number(&format!("{}{}", s.text(src), t.text(src)), ty)
        }
        _ => None,
    };
    match value {
        Some(l) => Some(DefaultValue::Literal(canonical_literal(l, ty))),
        // An expression, or a cast on something that is not a plain literal.
        None => Some(DefaultValue::Expr(norm)),
    }
}

fn number(text: &str, ty: &ColumnType) -> Option<Literal> {
    if !ty.is_fractional()
        && let Ok(i) = text.parse::<i64>()
    {
        return Some(Literal::Int(i));
    }
    text.parse::<f64>()
        .ok()
        .filter(|f| f.is_finite())
        .map(Literal::Float)
}

/// Brings a literal to the form the database reports for a column of type `ty`: numbers in
/// strings become numbers on numeric columns, `0`/`1`/`'t'` become booleans on boolean columns,
/// and numbers or booleans become strings on other columns.
pub fn canonical_literal(l: Literal, ty: &ColumnType) -> Literal {
    match ty {
        ColumnType::Bool => match l {
            Literal::Int(0) => Literal::Bool(false),
            Literal::Int(1) => Literal::Bool(true),
            Literal::String(ref s) => match s.to_ascii_lowercase().as_str() {
                "t" | "true" | "1" | "yes" | "on" => Literal::Bool(true),
                "f" | "false" | "0" | "no" | "off" => Literal::Bool(false),
                _ => l,
            },
            other => other,
        },
        t if t.is_integer() => match l {
            Literal::String(ref s) => s.trim().parse::<i64>().map(Literal::Int).unwrap_or(l),
            Literal::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Literal::Int(f as i64),
            other => other,
        },
        t if t.is_fractional() => match l {
            Literal::String(ref s) => s
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|f| f.is_finite())
                .map(Literal::Float)
                .unwrap_or(l),
            Literal::Int(i) => Literal::Float(i as f64),
            other => other,
        },
        ColumnType::Raw(_) => l,
        _ => match l {
            Literal::Int(i) => Literal::String(i.to_string()),
            Literal::Float(f) => Literal::String(f.to_string()),
            Literal::Bool(b) => Literal::String(b.to_string()),
            s @ Literal::String(_) => s,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::IntWidth;

    #[test]
    fn normalizes_expressions() {
        assert_eq!(normalize_expr("((age  >\n 0))"), "age > 0");
        assert_eq!(normalize_expr("(a) OR (b)"), "(a) OR (b)");
        assert_eq!(normalize_expr("lower( name )"), "lower(name)");
        assert_eq!(normalize_expr("f(a , b)"), "f(a, b)");
        assert_eq!(normalize_expr("'a  b' = x"), "'a  b' = x");
        assert_eq!(normalize_expr(""), "");
        assert_eq!(normalize_expr("(("), "((");
    }

    #[test]
    fn wraps() {
        assert_eq!(may_wrap("a > 0"), "(a > 0)");
        assert_eq!(may_wrap("(a > 0)"), "(a > 0)");
        assert_eq!(may_wrap("(a) OR (b)"), "((a) OR (b))");
    }

    #[test]
    fn parses_catalog_defaults() {
        let int = ColumnType::int(IntWidth::W32);
        let s = ColumnType::string();
        let lit = |l| Some(DefaultValue::Literal(l));
        assert_eq!(
            parse_default("'x'::character varying", &s),
            lit(Literal::String("x".into()))
        );
        assert_eq!(
            parse_default("'it''s'::text", &s),
            lit(Literal::String("it's".into()))
        );
        assert_eq!(parse_default("'-1'::integer", &int), lit(Literal::Int(-1)));
        assert_eq!(parse_default("-1", &int), lit(Literal::Int(-1)));
        assert_eq!(parse_default("0", &int), lit(Literal::Int(0)));
        assert_eq!(
            parse_default("'1.5'::real", &ColumnType::Float32),
            lit(Literal::Float(1.5))
        );
        assert_eq!(
            parse_default("1", &ColumnType::Float64),
            lit(Literal::Float(1.0))
        );
        assert_eq!(
            parse_default("true", &ColumnType::Bool),
            lit(Literal::Bool(true))
        );
        assert_eq!(
            parse_default("1", &ColumnType::Bool),
            lit(Literal::Bool(true))
        );
        assert_eq!(parse_default("NULL::character varying", &s), None);
        assert_eq!(
            parse_default("now()", &ColumnType::Time),
            Some(DefaultValue::expr("now()"))
        );
        assert_eq!(
            parse_default("(1 + 1)", &int),
            Some(DefaultValue::expr("1 + 1"))
        );
        assert_eq!(
            parse_default("nextval('s'::regclass)", &int),
            Some(DefaultValue::expr("nextval('s'::regclass)"))
        );
    }
}
