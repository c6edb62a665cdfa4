//! PostgreSQL spellings of column types (ent's mapping, Atlas's `FormatType` normalization).

use super::types::split_type;
use crate::schema::{ColumnType, IntWidth};

/// Renders a type as entgen writes it in PostgreSQL DDL.
pub(crate) fn render_type(ty: &ColumnType) -> String {
    match ty {
        ColumnType::Bool => "boolean".into(),
        ColumnType::Int { width, unsigned } => match (width, unsigned) {
            (IntWidth::W8, _) | (IntWidth::W16, false) => "smallint",
            (IntWidth::W16, true) | (IntWidth::W32, false) => "integer",
            (IntWidth::W32, true) | (IntWidth::W64, _) => "bigint",
        }
        .into(),
        ColumnType::Float32 => "real".into(),
        ColumnType::Float64 => "double precision".into(),
        ColumnType::String { size: None } | ColumnType::Enum { .. } => "character varying".into(),
        ColumnType::String { size: Some(n) } => format!("character varying({n})"),
        ColumnType::Text => "text".into(),
        ColumnType::Bytes => "bytea".into(),
        ColumnType::Time => "timestamptz".into(),
        ColumnType::Uuid => "uuid".into(),
        ColumnType::Json => "jsonb".into(),
        ColumnType::Decimal {
            precision: Some(p),
            scale: Some(s),
        } => format!("numeric({p},{s})"),
        ColumnType::Decimal {
            precision: Some(p),
            scale: None,
        } => format!("numeric({p})"),
        ColumnType::Decimal {
            precision: None, ..
        } => "numeric".into(),
        ColumnType::Raw(raw) => raw.clone(),
    }
}

/// Reads a PostgreSQL type spelling (from `format_type` or written by a user) into the model,
/// normalizing aliases: `int4` → integer, `varchar(10)` → `character varying(10)`,
/// `timestamp with time zone` → timestamptz, and so on. Unknown types become
/// [`ColumnType::Raw`] with a normalized spelling.
pub(crate) fn parse_type(raw: &str) -> ColumnType {
    let t = split_type(raw);
    let Some(args) = t.args.as_deref() else {
        return ColumnType::Raw(t.normalized);
    };
    let int = |w| ColumnType::int(w);
    match (t.base.as_str(), args) {
        ("boolean" | "bool", []) => ColumnType::Bool,
        ("smallint" | "int2", []) => int(IntWidth::W16),
        ("integer" | "int" | "int4", []) => int(IntWidth::W32),
        ("bigint" | "int8", []) => int(IntWidth::W64),
        ("real" | "float4", []) => ColumnType::Float32,
        ("double precision" | "float8" | "float", []) => ColumnType::Float64,
        ("float", [p]) if *p <= 24 => ColumnType::Float32,
        ("float", [_]) => ColumnType::Float64,
        ("character varying" | "varchar", []) => ColumnType::String { size: None },
        ("character varying" | "varchar", [n]) => ColumnType::String { size: Some(*n) },
        ("text", []) => ColumnType::Text,
        ("bytea", []) => ColumnType::Bytes,
        ("uuid", []) => ColumnType::Uuid,
        ("jsonb", []) => ColumnType::Json,
        ("timestamptz" | "timestamp with time zone", []) => ColumnType::Time,
        ("timestamptz" | "timestamp with time zone", [6]) => ColumnType::Time,
        ("timestamptz" | "timestamp with time zone", [p]) => {
            ColumnType::Raw(format!("timestamptz({p})"))
        }
        ("timestamp" | "timestamp without time zone", []) => ColumnType::Raw("timestamp".into()),
        ("timestamp" | "timestamp without time zone", [6]) => ColumnType::Raw("timestamp".into()),
        ("timestamp" | "timestamp without time zone", [p]) => {
            ColumnType::Raw(format!("timestamp({p})"))
        }
        ("timetz" | "time with time zone", []) => ColumnType::Raw("timetz".into()),
        ("time" | "time without time zone", []) => ColumnType::Raw("time".into()),
        ("numeric" | "decimal", []) => ColumnType::Decimal {
            precision: None,
            scale: None,
        },
        ("numeric" | "decimal", [p]) => ColumnType::Decimal {
            precision: Some(*p),
            scale: Some(0),
        },
        ("numeric" | "decimal", [p, s]) => ColumnType::Decimal {
            precision: Some(*p),
            scale: Some(*s),
        },
        ("character" | "char" | "bpchar", []) => ColumnType::Raw("character(1)".into()),
        ("character" | "char" | "bpchar", [n]) => ColumnType::Raw(format!("character({n})")),
        _ => ColumnType::Raw(t.normalized),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_aliases() {
        assert_eq!(parse_type("int4"), ColumnType::int(IntWidth::W32));
        assert_eq!(parse_type("INTEGER"), ColumnType::int(IntWidth::W32));
        assert_eq!(
            parse_type("varchar(20)"),
            ColumnType::String { size: Some(20) }
        );
        assert_eq!(parse_type("timestamp with time zone"), ColumnType::Time);
        assert_eq!(
            parse_type("timestamp(3) with time zone"),
            ColumnType::Raw("timestamptz(3)".into())
        );
        assert_eq!(
            parse_type("decimal(10)"),
            ColumnType::Decimal {
                precision: Some(10),
                scale: Some(0)
            }
        );
        assert_eq!(parse_type("float(10)"), ColumnType::Float32);
        assert_eq!(parse_type("integer[]"), ColumnType::Raw("integer[]".into()));
        assert_eq!(
            parse_type("\"MyEnum\""),
            ColumnType::Raw("\"MyEnum\"".into())
        );
        assert_eq!(parse_type("char"), ColumnType::Raw("character(1)".into()));
    }

    #[test]
    fn render_then_parse_is_stable() {
        for ty in [
            ColumnType::Bool,
            ColumnType::uint(IntWidth::W8),
            ColumnType::uint(IntWidth::W16),
            ColumnType::uint(IntWidth::W32),
            ColumnType::Float32,
            ColumnType::Float64,
            ColumnType::string(),
            ColumnType::String { size: Some(9) },
            ColumnType::Enum {
                values: vec!["a".into()],
            },
            ColumnType::Decimal {
                precision: Some(5),
                scale: None,
            },
            ColumnType::Raw("json".into()),
        ] {
            let once = parse_type(&render_type(&ty));
            assert_eq!(parse_type(&render_type(&once)), once, "{ty:?}");
        }
    }
}
