//! Field types: resolving a type name, and which attributes each type accepts (ent's builder
//! method sets, see reference/ent.md §1.2).

use super::model::{FieldType, IntType};

/// Every type keyword, for "did you mean".
pub const TYPE_NAMES: &[&str] = &[
    "bool", "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32",
    "uint64", "float", "float32", "float64", "string", "text", "bytes", "time", "uuid", "json",
    "enum",
];

/// The type for a keyword other than `enum` (which needs its values).
pub fn scalar_type(name: &str) -> Option<FieldType> {
    Some(match name {
        "bool" => FieldType::Bool,
        "int" => FieldType::Int(IntType::Int),
        "int8" => FieldType::Int(IntType::Int8),
        "int16" => FieldType::Int(IntType::Int16),
        "int32" => FieldType::Int(IntType::Int32),
        "int64" => FieldType::Int(IntType::Int64),
        "uint" => FieldType::Int(IntType::Uint),
        "uint8" => FieldType::Int(IntType::Uint8),
        "uint16" => FieldType::Int(IntType::Uint16),
        "uint32" => FieldType::Int(IntType::Uint32),
        "uint64" => FieldType::Int(IntType::Uint64),
        "float" | "float64" => FieldType::Float64,
        "float32" => FieldType::Float32,
        "string" => FieldType::String,
        "text" => FieldType::Text,
        "bytes" => FieldType::Bytes,
        "time" => FieldType::Time,
        "uuid" => FieldType::Uuid,
        "json" => FieldType::Json,
        _ => return None,
    })
}

/// Why an attribute does not fit a type, or `None` when it does.
pub fn attribute_misfit(attribute: &str, ty: &FieldType) -> Option<&'static str> {
    let signed_or_float = match ty {
        FieldType::Int(i) => i.is_signed(),
        FieldType::Float32 | FieldType::Float64 => true,
        _ => false,
    };
    let fits = match attribute {
        "max_len" | "min_len" | "not_empty" => {
            matches!(ty, FieldType::String | FieldType::Text | FieldType::Bytes)
        }
        "match" => ty.is_stringy(),
        "min" | "max" | "range" | "positive" => ty.is_numeric(),
        "negative" | "non_negative" => signed_or_float,
        "unique" => !matches!(ty, FieldType::Bool | FieldType::Json | FieldType::Enum(_)),
        "update_default" => matches!(ty, FieldType::Time) || ty.is_numeric(),
        _ => true,
    };
    if fits {
        return None;
    }
    Some(match attribute {
        "max_len" | "min_len" | "not_empty" => "string, text and bytes fields",
        "match" => "string and text fields",
        "min" | "max" | "range" | "positive" => "numeric fields",
        "negative" | "non_negative" => "signed integer and float fields",
        "unique" => "fields other than bool, json and enum",
        "update_default" => "time and numeric fields",
        _ => "other types",
    })
}
