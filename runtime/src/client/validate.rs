//! ent's built-in validators, for generated code to call before any SQL runs. Each returns
//! [`Error::Validation`] with ent's wording.

use crate::error::{Error, reason};
use crate::value::Value;

/// `MinLen(n)` (and `NotEmpty` as `min_len(.., 1)`): at least `n` bytes, as ent counts.
pub fn min_len(entity: &'static str, field: &'static str, v: &str, n: usize) -> Result<(), Error> {
    if v.len() < n {
        return Err(Error::validation(entity, field, reason::MIN_LEN));
    }
    Ok(())
}

/// `MaxLen(n)`: at most `n` bytes.
pub fn max_len(entity: &'static str, field: &'static str, v: &str, n: usize) -> Result<(), Error> {
    if v.len() > n {
        return Err(Error::validation(entity, field, reason::MAX_LEN));
    }
    Ok(())
}

/// `Min`, `Max`, `Range`, `Positive`, `Negative`, `NonNegative`: `v` within the bounds given.
pub fn range<T: PartialOrd>(
    entity: &'static str,
    field: &'static str,
    v: T,
    min: Option<T>,
    max: Option<T>,
) -> Result<(), Error> {
    // A value that does not compare with a bound (NaN) is out of range.
    let low = min.is_some_and(|m| v.partial_cmp(&m).is_none_or(|o| o.is_lt()));
    let high = max.is_some_and(|m| v.partial_cmp(&m).is_none_or(|o| o.is_gt()));
    if low || high {
        return Err(Error::validation(entity, field, reason::RANGE));
    }
    Ok(())
}

/// A value was given for every required field (`missing required field "User.age"`).
pub fn required<T>(entity: &'static str, field: &'static str, v: Option<T>) -> Result<T, Error> {
    v.ok_or(Error::MissingField { entity, field })
}

/// A `@match` pattern, compiled on first use and kept (generated as a `static`).
pub struct Pattern {
    source: &'static str,
    compiled: std::sync::OnceLock<Result<regex::Regex, regex::Error>>,
}

impl Pattern {
    /// The pattern `source` (Rust `regex` syntax, as ent's Go `regexp` for common patterns).
    pub const fn new(source: &'static str) -> Pattern {
        Pattern {
            source,
            compiled: std::sync::OnceLock::new(),
        }
    }

    /// The pattern as written.
    pub fn source(&self) -> &'static str {
        self.source
    }

    fn is_match(&self, text: &str) -> Result<bool, regex::Error> {
        match self.compiled.get_or_init(|| regex::Regex::new(self.source)) {
            Ok(re) => Ok(re.is_match(text)),
            Err(e) => Err(e.clone()),
        }
    }
}

impl std::fmt::Debug for Pattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Pattern({:?})", self.source)
    }
}

/// The length ent's length validators measure: bytes of text or of a byte string.
fn value_len(v: &Value) -> Option<usize> {
    match v {
        Value::String(s) => Some(s.len()),
        Value::Bytes(b) => Some(b.len()),
        _ => None,
    }
}

/// A number as `f64`, for range validators.
fn value_number(v: &Value) -> Option<f64> {
    Some(match *v {
        Value::I8(x) => x.into(),
        Value::I16(x) => x.into(),
        Value::I32(x) => x.into(),
        Value::I64(x) => x as f64,
        Value::U8(x) => x.into(),
        Value::U16(x) => x.into(),
        Value::U32(x) => x.into(),
        Value::U64(x) => x as f64,
        Value::F32(x) => x.into(),
        Value::F64(x) => x,
        _ => return None,
    })
}

/// `MinLen(n)` / `NotEmpty` on a mutation value (absent or NULL values pass).
pub fn value_min_len(
    entity: &'static str,
    field: &'static str,
    v: Option<&Value>,
    n: usize,
) -> Result<(), Error> {
    match v.and_then(value_len) {
        Some(len) if len < n => Err(Error::validation(entity, field, reason::MIN_LEN)),
        _ => Ok(()),
    }
}

/// `MaxLen(n)` on a mutation value (absent or NULL values pass).
pub fn value_max_len(
    entity: &'static str,
    field: &'static str,
    v: Option<&Value>,
    n: usize,
) -> Result<(), Error> {
    match v.and_then(value_len) {
        Some(len) if len > n => Err(Error::validation(entity, field, reason::MAX_LEN)),
        _ => Ok(()),
    }
}

/// `Match(re)` on a mutation value (absent or NULL values pass).
pub fn value_match(
    entity: &'static str,
    field: &'static str,
    v: Option<&Value>,
    pattern: &Pattern,
) -> Result<(), Error> {
    let Some(Value::String(s)) = v else {
        return Ok(());
    };
    match pattern.is_match(s) {
        Ok(true) => Ok(()),
        Ok(false) => Err(Error::validation(entity, field, reason::MATCH)),
        Err(e) => Err(Error::validation(
            entity,
            field,
            format!("invalid pattern {:?}: {e}", pattern.source),
        )),
    }
}

/// `Min`/`Positive`/`NonNegative` (strict for `Positive`) on a mutation value.
pub fn value_min(
    entity: &'static str,
    field: &'static str,
    v: Option<&Value>,
    min: f64,
    strict: bool,
) -> Result<(), Error> {
    match v.and_then(value_number) {
        // NaN compares false with every bound: it is out of range, not in it.
        Some(x) if x.is_nan() || x < min || (strict && x == min) => {
            Err(Error::validation(entity, field, reason::RANGE))
        }
        _ => Ok(()),
    }
}

/// `Max`/`Negative` (strict for `Negative`) on a mutation value.
pub fn value_max(
    entity: &'static str,
    field: &'static str,
    v: Option<&Value>,
    max: f64,
    strict: bool,
) -> Result<(), Error> {
    match v.and_then(value_number) {
        Some(x) if x.is_nan() || x > max || (strict && x == max) => {
            Err(Error::validation(entity, field, reason::RANGE))
        }
        _ => Ok(()),
    }
}

/// A required field was set (and not to NULL) on create.
pub fn value_required(
    entity: &'static str,
    field: &'static str,
    v: Option<&Value>,
) -> Result<(), Error> {
    match v {
        Some(v) if !v.is_null() => Ok(()),
        _ => Err(Error::MissingField { entity, field }),
    }
}

/// A required edge stored in the entity's own table was set on create.
pub fn value_required_edge(
    entity: &'static str,
    edge: &'static str,
    v: Option<&Value>,
) -> Result<(), Error> {
    match v {
        Some(v) if !v.is_null() => Ok(()),
        _ => Err(Error::MissingEdge { entity, edge }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validators_use_ent_texts() {
        assert!(min_len("User", "name", "", 1).is_err());
        assert!(min_len("User", "name", "a", 1).is_ok());
        let e = max_len("User", "name", "abcd", 3).unwrap_err();
        assert_eq!(
            e.to_string(),
            "entgen: validator failed for field \"User.name\": value is greater than the required length"
        );
        assert!(range("User", "age", 0, Some(1), None).is_err());
        assert!(range("User", "age", 5, Some(1), Some(5)).is_ok());
        assert!(range("User", "age", 6.0, None, Some(5.0)).is_err());
        assert!(range("User", "age", f64::NAN, None, Some(5.0)).is_err());
        assert_eq!(
            required::<i32>("User", "age", None)
                .unwrap_err()
                .to_string(),
            "entgen: missing required field \"User.age\""
        );
    }

    #[test]
    fn bounds_refuse_nan_and_keep_their_strictness() {
        let min = |x: f64, strict| value_min("T", "f", Some(&Value::F64(x)), 0.5, strict);
        let max = |x: f64, strict| value_max("T", "f", Some(&Value::F64(x)), 1.5, strict);
        assert!(min(f64::NAN, false).is_err() && max(f64::NAN, false).is_err());
        assert!(min(0.5, false).is_ok() && min(0.5, true).is_err() && min(0.4, false).is_err());
        assert!(max(1.5, false).is_ok() && max(1.5, true).is_err() && max(1.6, false).is_err());
        assert!(min(f64::INFINITY, false).is_ok() && max(f64::NEG_INFINITY, false).is_ok());
        assert!(
            value_min("T", "f", None, 0.5, false).is_ok(),
            "unset is not checked"
        );
    }
}
