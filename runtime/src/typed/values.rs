//! Values generated defaults are made of.

use crate::client::Mutation;
use crate::value::Value;

/// `@default(now)`: the current instant.
pub fn now() -> Value {
    Value::Time(chrono::Utc::now())
}

/// `@default(uuid_v4)`: a fresh random UUID.
pub fn uuid_v4() -> Value {
    Value::Uuid(uuid::Uuid::new_v4())
}

/// A JSON default, as written in the schema (the generator checked that it parses; text that
/// does not is kept as a JSON string rather than lost).
pub fn json_default(text: &str) -> Value {
    Value::Json(
        serde_json::from_str(text).unwrap_or_else(|_| serde_json::Value::String(text.into())),
    )
}

/// Sets `column` to `value()` unless the mutation sets or clears it already (how generated
/// builders apply `@default` and `@update_default`).
pub fn set_default(m: &mut Mutation, column: &'static str, value: impl FnOnce() -> Value) {
    if m.field(column).is_none() && !m.field_cleared(column) {
        m.set(column, value());
    }
}
