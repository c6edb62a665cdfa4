//! SQLite spellings of column types (ent's mapping). SQLite keeps the declared type text, so
//! parsing only has to undo case and spacing.

use super::types::split_type;
use crate::schema::ColumnType;

/// Renders a type as entgen writes it in SQLite DDL.
pub(crate) fn render_type(ty: &ColumnType) -> String {
    match ty {
        ColumnType::Bool => "bool".into(),
        ColumnType::Int { .. } => "integer".into(),
        ColumnType::Float32 | ColumnType::Float64 => "real".into(),
        ColumnType::String { size: None } | ColumnType::Text | ColumnType::Enum { .. } => {
            "text".into()
        }
        ColumnType::String { size: Some(n) } => format!("varchar({n})"),
        ColumnType::Bytes => "blob".into(),
        ColumnType::Time => "datetime".into(),
        ColumnType::Uuid => "uuid".into(),
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

/// Reads a declared SQLite type back into the model.
pub(crate) fn parse_type(raw: &str) -> ColumnType {
    let t = split_type(raw);
    let Some(args) = t.args.as_deref() else {
        return ColumnType::Raw(t.normalized);
    };
    match (t.base.as_str(), args) {
        ("bool" | "boolean", []) => ColumnType::Bool,
        ("integer", []) => ColumnType::int64(),
        ("real", []) => ColumnType::Float64,
        ("text", []) => ColumnType::Text,
        ("varchar", [n]) => ColumnType::String { size: Some(*n) },
        ("blob", []) => ColumnType::Bytes,
        ("datetime", []) => ColumnType::Time,
        ("uuid", []) => ColumnType::Uuid,
        ("json", []) => ColumnType::Json,
        ("decimal", []) => ColumnType::Decimal {
            precision: None,
            scale: None,
        },
        ("decimal", [p]) => ColumnType::Decimal {
            precision: Some(*p),
            scale: None,
        },
        ("decimal", [p, s]) => ColumnType::Decimal {
            precision: Some(*p),
            scale: Some(*s),
        },
        _ => ColumnType::Raw(t.normalized),
    }
}
