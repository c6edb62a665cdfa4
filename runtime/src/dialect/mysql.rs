//! MySQL and MariaDB spellings of column types (ent's `dialect/sql/schema/mysql.go` mapping,
//! Atlas's `sql/mysql` normalization of what `information_schema.COLUMNS.COLUMN_TYPE` reports).
//!
//! MariaDB reports integer display widths (`int(11)`, `bigint(20) unsigned`) and MySQL 8 does
//! not; both are read as the same integer. `tinyint(1)` is how both report `bool`.

use super::types::split_type;
use crate::schema::{ColumnType, ForeignKey, Index, IndexKey, IntWidth, Table};

/// Largest `varchar` length ent writes; longer strings become text types.
const MAX_VARCHAR: u32 = 65_535;

/// ent's string length when a field has no `@max_len` (`DefaultStringLen`).
pub const DEFAULT_STRING_LEN: u32 = 255;

/// Whether `i` is the index MySQL makes for one of `fks` (named after the key, on exactly its
/// columns, not unique): not part of the model, since ent's tables do not declare it.
#[cfg_attr(
    not(any(
        feature = "migrate-dir",
        feature = "postgres",
        feature = "sqlite",
        feature = "mysql"
    )),
    allow(dead_code)
)]
pub(crate) fn is_foreign_key_index(i: &Index, fks: &[ForeignKey]) -> bool {
    fks.iter().any(|fk| {
        !i.unique
            && i.name == fk.symbol
            && i.parts.len() == fk.columns.len()
            && i.parts
                .iter()
                .zip(&fk.columns)
                .all(|(p, c)| p.key == IndexKey::Column(c.clone()) && !p.desc)
    })
}

/// Whether an index of `table` (or its primary key), other than those `skip` names, starts with
/// `fk`'s columns, so that MySQL needs no index of its own for the key.
#[cfg_attr(not(feature = "migrate-dir"), allow(dead_code))]
pub(crate) fn key_served(table: &Table, fk: &ForeignKey, skip: impl Fn(&str) -> bool) -> bool {
    let starts = |cols: Vec<Option<&str>>| {
        cols.len() >= fk.columns.len()
            && fk
                .columns
                .iter()
                .zip(&cols)
                .all(|(f, c)| Some(f.as_str()) == *c)
    };
    starts(table.primary_key.iter().map(|c| Some(c.as_str())).collect())
        || table
            .indexes
            .iter()
            .filter(|i| !skip(&i.name))
            .any(|i| starts(i.parts.iter().map(|p| p.column_name()).collect()))
}

/// Renders a type as ent writes it in MySQL DDL.
pub(crate) fn render_type(ty: &ColumnType) -> String {
    match ty {
        ColumnType::Bool => "bool".into(),
        ColumnType::Int { width, unsigned } => {
            let base = match width {
                IntWidth::W8 => "tinyint",
                IntWidth::W16 => "smallint",
                IntWidth::W32 => "int",
                IntWidth::W64 => "bigint",
            };
            if *unsigned {
                format!("{base} unsigned")
            } else {
                base.into()
            }
        }
        // ent writes `double` for float32 too.
        ColumnType::Float32 | ColumnType::Float64 => "double".into(),
        ColumnType::String { size: None } => format!("varchar({DEFAULT_STRING_LEN})"),
        ColumnType::String { size: Some(n) } if *n <= MAX_VARCHAR => format!("varchar({n})"),
        ColumnType::String { size: Some(n) } if *n <= 16_777_215 => "mediumtext".into(),
        ColumnType::String { .. } | ColumnType::Text => "longtext".into(),
        ColumnType::Enum { values } => {
            let values: Vec<String> = values.iter().map(|v| quote_string(v)).collect();
            format!("enum({})", values.join(","))
        }
        ColumnType::Bytes => "blob".into(),
        ColumnType::Time => "timestamp".into(),
        ColumnType::Uuid => "char(36)".into(),
        ColumnType::Json => "json".into(),
        ColumnType::Decimal {
            precision: Some(p),
            scale: Some(s),
        } => format!("decimal({p},{s})"),
        ColumnType::Decimal {
            precision: Some(p),
            scale: None,
        } => format!("decimal({p})"),
        ColumnType::Decimal {
            precision: None, ..
        } => "decimal".into(),
        ColumnType::Raw(raw) => raw.clone(),
    }
}

/// A string literal as MySQL reads it: `'` doubled and `\` escaped (MySQL treats a backslash in
/// a string as an escape unless `NO_BACKSLASH_ESCAPES` is set; doubling it is right both ways).
pub(crate) fn quote_string(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "''"))
}

/// The text of one MySQL string literal (`'it\'s'`, `'it''s'`), backslash escapes read as
/// MySQL reads them; `None` when `lit` is not exactly one literal. MariaDB prints string
/// defaults this way in `information_schema.COLUMNS`.
#[cfg_attr(
    not(any(feature = "postgres", feature = "sqlite", feature = "mysql")),
    allow(dead_code)
)]
pub(crate) fn unquote_string(lit: &str) -> Option<String> {
    let mut chars = lit.trim().strip_prefix('\'')?.chars();
    let mut out = String::new();
    loop {
        match chars.next()? {
            '\'' => match chars.next() {
                None => return Some(out),
                Some('\'') => out.push('\''),
                Some(_) => return None,
            },
            '\\' => match chars.next()? {
                '0' => out.push('\0'),
                'b' => out.push('\u{8}'),
                'n' => out.push('\n'),
                'r' => out.push('\r'),
                't' => out.push('\t'),
                'Z' => out.push('\u{1a}'),
                // `\%` and `\_` keep their backslash (they are LIKE escapes).
                c @ ('%' | '_') => {
                    out.push('\\');
                    out.push(c);
                }
                c => out.push(c),
            },
            c => out.push(c),
        }
    }
}

/// A default expression in one spelling: MariaDB prints `CURRENT_TIMESTAMP` as
/// `current_timestamp()` and MySQL as `CURRENT_TIMESTAMP`; `now()` and `localtimestamp` are the
/// same function.
pub(crate) fn canonical_default_expr(e: &str) -> String {
    let compact: String = e
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    let (name, precision) = match compact.split_once('(') {
        Some((name, rest)) => (name.to_owned(), rest.trim_end_matches(')').to_owned()),
        None => (compact.clone(), String::new()),
    };
    match name.as_str() {
        "current_timestamp" | "now" | "localtimestamp" | "localtime" => {
            if precision.is_empty() || precision == "0" {
                "CURRENT_TIMESTAMP".into()
            } else {
                format!("CURRENT_TIMESTAMP({precision})")
            }
        }
        _ => e.to_owned(),
    }
}

/// Reads a MySQL type spelling (`COLUMN_TYPE`, or written by a user in `@db_type`) into the
/// model: display widths dropped, `tinyint(1)` as bool, `decimal(10)` as `decimal(10,0)`.
pub(crate) fn parse_type(raw: &str) -> ColumnType {
    if let Some(values) = enum_values(raw) {
        return ColumnType::Enum { values };
    }
    let t = split_type(raw);
    let Some(args) = t.args.as_deref() else {
        return ColumnType::Raw(t.normalized);
    };
    let (base, unsigned) = match t.base.strip_suffix(" unsigned") {
        Some(base) => (base, true),
        // `zerofill` and other attributes keep the type as written.
        None if t.base.contains(' ') && !t.base.starts_with("double precision") => {
            return ColumnType::Raw(t.normalized);
        }
        None => (t.base.as_str(), false),
    };
    let int = |width| ColumnType::Int { width, unsigned };
    match (base, args) {
        ("tinyint" | "bool" | "boolean", [1]) if !unsigned => ColumnType::Bool,
        ("bool" | "boolean", []) => ColumnType::Bool,
        ("tinyint", [] | [_]) => int(IntWidth::W8),
        ("smallint", [] | [_]) => int(IntWidth::W16),
        ("int" | "integer", [] | [_]) => int(IntWidth::W32),
        ("bigint", [] | [_]) => int(IntWidth::W64),
        ("double" | "double precision" | "real", []) if !unsigned => ColumnType::Float64,
        ("float", []) if !unsigned => ColumnType::Float32,
        ("varchar", [n]) if *n == DEFAULT_STRING_LEN => ColumnType::String { size: None },
        ("varchar", [n]) => ColumnType::String { size: Some(*n) },
        ("longtext", []) => ColumnType::Text,
        ("blob", []) => ColumnType::Bytes,
        ("timestamp", []) => ColumnType::Time,
        ("char", [36]) => ColumnType::Uuid,
        ("json", []) => ColumnType::Json,
        ("decimal" | "numeric", []) => ColumnType::Decimal {
            precision: Some(10),
            scale: Some(0),
        },
        ("decimal" | "numeric", [p]) => ColumnType::Decimal {
            precision: Some(*p),
            scale: Some(0),
        },
        ("decimal" | "numeric", [p, s]) => ColumnType::Decimal {
            precision: Some(*p),
            scale: Some(*s),
        },
        _ => ColumnType::Raw(t.normalized),
    }
}

/// The values of `enum('a','b')`, `'` and `\` unescaped; `None` for any other type.
fn enum_values(raw: &str) -> Option<Vec<String>> {
    let raw = raw.trim();
    let head = raw.get(..5)?;
    if !head.eq_ignore_ascii_case("enum(") || !raw.ends_with(')') {
        return None;
    }
    let inner = raw[5..raw.len() - 1].trim();
    let mut values = Vec::new();
    let mut chars = inner.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.next()? != '\'' {
            return None;
        }
        let mut value = String::new();
        loop {
            match chars.next()? {
                '\'' if chars.peek() == Some(&'\'') => {
                    chars.next();
                    value.push('\'');
                }
                '\'' => break,
                '\\' => value.push(chars.next()?),
                c => value.push(c),
            }
        }
        values.push(value);
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        match chars.next() {
            None => return Some(values),
            Some(',') => continue,
            Some(_) => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_mariadb_and_mysql_report() {
        assert_eq!(parse_type("tinyint(1)"), ColumnType::Bool);
        assert_eq!(parse_type("tinyint(4)"), ColumnType::int(IntWidth::W8));
        assert_eq!(parse_type("int(11)"), ColumnType::int(IntWidth::W32));
        assert_eq!(parse_type("int"), ColumnType::int(IntWidth::W32));
        assert_eq!(
            parse_type("bigint(20) unsigned"),
            ColumnType::uint(IntWidth::W64)
        );
        assert_eq!(parse_type("varchar(255)"), ColumnType::string());
        assert_eq!(
            parse_type("VARCHAR(40)"),
            ColumnType::String { size: Some(40) }
        );
        assert_eq!(parse_type("char(36)"), ColumnType::Uuid);
        assert_eq!(
            parse_type("int(10) zerofill"),
            ColumnType::Raw("int(10) zerofill".into())
        );
        assert_eq!(
            parse_type("datetime(3)"),
            ColumnType::Raw("datetime(3)".into())
        );
    }

    #[test]
    fn string_literals_read_back_with_either_escape() {
        assert_eq!(unquote_string(r"'it\'s'").as_deref(), Some("it's"));
        assert_eq!(unquote_string("'it''s'").as_deref(), Some("it's"));
        assert_eq!(unquote_string(r"'a\\b\n'").as_deref(), Some("a\\b\n"));
        assert_eq!(unquote_string("''").as_deref(), Some(""));
        assert_eq!(unquote_string("'a' 'b'"), None);
        assert_eq!(unquote_string("concat('a')"), None);
        assert_eq!(
            unquote_string(&quote_string("x\\'y")).as_deref(),
            Some("x\\'y")
        );
    }

    #[test]
    fn current_timestamp_has_one_spelling() {
        for e in [
            "CURRENT_TIMESTAMP",
            "current_timestamp()",
            "now()",
            "NOW( )",
        ] {
            assert_eq!(canonical_default_expr(e), "CURRENT_TIMESTAMP", "{e}");
        }
        assert_eq!(
            canonical_default_expr("current_timestamp(3)"),
            "CURRENT_TIMESTAMP(3)"
        );
        assert_eq!(canonical_default_expr("1 + 2"), "1 + 2");
    }

    #[test]
    fn enums_round_trip_with_quotes_and_backslashes() {
        let ty = ColumnType::Enum {
            values: vec![
                "a".into(),
                "it's".into(),
                r"back\slash".into(),
                "x,y".into(),
            ],
        };
        let rendered = render_type(&ty);
        assert_eq!(rendered, r"enum('a','it''s','back\\slash','x,y')");
        assert_eq!(parse_type(&rendered), ty);
        assert_eq!(
            parse_type("enum('a','b"),
            ColumnType::Raw("enum('a','b".into())
        );
    }

    #[test]
    fn render_then_parse_is_stable() {
        for ty in [
            ColumnType::Bool,
            ColumnType::uint(IntWidth::W8),
            ColumnType::int(IntWidth::W16),
            ColumnType::uint(IntWidth::W32),
            ColumnType::Float32,
            ColumnType::Float64,
            ColumnType::string(),
            ColumnType::String { size: Some(9) },
            ColumnType::String {
                size: Some(100_000),
            },
            ColumnType::Text,
            ColumnType::Bytes,
            ColumnType::Time,
            ColumnType::Uuid,
            ColumnType::Json,
            ColumnType::Decimal {
                precision: Some(5),
                scale: None,
            },
            ColumnType::Raw("datetime".into()),
        ] {
            let once = parse_type(&render_type(&ty));
            assert_eq!(parse_type(&render_type(&once)), once, "{ty:?}");
        }
    }
}
