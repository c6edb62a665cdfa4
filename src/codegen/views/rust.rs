//! Rust spellings of schema types and values.

use crate::graph::{DefaultValue, Entity, Field, FieldType, IntType};
use crate::naming::rust_field_ident;

/// The Rust type of a field's values (not wrapped in `Option`).
pub(crate) fn base_type(field: &Field) -> String {
    match &field.ty {
        FieldType::Bool => "bool".into(),
        FieldType::Int(i) => int_type(*i).into(),
        FieldType::Float32 => "f32".into(),
        FieldType::Float64 => "f64".into(),
        FieldType::String | FieldType::Text => "String".into(),
        FieldType::Bytes => "Vec<u8>".into(),
        FieldType::Time => "typed::types::DateTime<typed::types::Utc>".into(),
        FieldType::Uuid => "typed::types::Uuid".into(),
        FieldType::Json => "typed::types::Json".into(),
        FieldType::Enum(_) => field.enum_type.clone(),
    }
}

fn int_type(i: IntType) -> &'static str {
    match i {
        IntType::Int | IntType::Int64 => "i64",
        IntType::Int8 => "i8",
        IntType::Int16 => "i16",
        IntType::Int32 => "i32",
        IntType::Uint | IntType::Uint64 => "u64",
        IntType::Uint8 => "u8",
        IntType::Uint16 => "u16",
        IntType::Uint32 => "u32",
    }
}

/// The id's Rust type, as seen from a sibling module (`super::user::…` not needed: ids are
/// plain types or runtime re-exports).
pub(crate) fn id_type(entity: &Entity) -> String {
    base_type(&entity.id)
}

/// The Rust identifier of a schema name (`type` → `r#type`).
pub(crate) fn ident(name: &str) -> String {
    rust_field_ident(name).into_owned()
}

/// `SCREAMING_CASE` constant name for a field or edge.
pub(crate) fn const_name(name: &str) -> String {
    name.to_uppercase()
}

/// A Rust expression of type `Value` for a default, or `None` when the default cannot be
/// written for this type.
pub(crate) fn default_value(field: &Field, default: &DefaultValue) -> String {
    let ty = base_type(field);
    let typed = |lit: String| format!("|| typed::Value::from({lit})");
    match default {
        DefaultValue::Now => "typed::now".into(),
        DefaultValue::UuidV4 => "typed::uuid_v4".into(),
        DefaultValue::Bool(b) => typed(b.to_string()),
        DefaultValue::Int(i) => typed(format!("{i}_{ty}")),
        DefaultValue::Float(f) => typed(format!("{f:?}_{ty}")),
        DefaultValue::String(s) => typed(format!("{s:?}")),
        DefaultValue::Enum(v) => {
            let variant = match &field.ty {
                FieldType::Enum(vs) => vs
                    .iter()
                    .find(|x| &x.value == v)
                    .map(|x| x.rust_name.clone())
                    .unwrap_or_default(),
                _ => String::new(),
            };
            typed(format!("{ty}::{variant}"))
        }
        DefaultValue::Json(text) => format!("|| typed::json_default({text:?})"),
    }
}
