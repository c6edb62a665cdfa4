//! ent's built-in validators, for generated code to call before any SQL runs: a [`Checks`]
//! runs every [`Rule`] of a mutation and returns one [`Error::Validation`] listing each
//! failure, in ent's wording plus the rule and what the value had.

use std::borrow::Cow;

use crate::error::{Error, ValidationFailure, reason};
use crate::value::Value;

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

/// A validator of the schema, with its limit: what generated code checks a field against.
#[derive(Debug, Clone, Copy)]
pub enum Rule<'a> {
    /// `@min_len(n)`: at least `n` bytes, as ent counts.
    MinLen(usize),
    /// `@not_empty`: at least one byte.
    NotEmpty,
    /// `@max_len(n)`: at most `n` bytes.
    MaxLen(usize),
    /// `@match("re")`: the text matches the pattern.
    Match(&'a Pattern),
    /// `@min(x)`.
    Min(f64),
    /// `@max(x)`.
    Max(f64),
    /// `@range(a, b)`: both bounds included.
    Range(f64, f64),
    /// `@positive`: above zero.
    Positive,
    /// `@negative`: below zero.
    Negative,
    /// `@non_negative`: zero or above.
    NonNegative,
}

impl std::fmt::Display for Rule<'_> {
    /// The rule as the schema writes it (`@max_len(64)`, `@match("^[a-z]+$")`, `@range(0, 150)`).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Rule::MinLen(n) => write!(f, "@min_len({n})"),
            Rule::NotEmpty => f.write_str("@not_empty"),
            Rule::MaxLen(n) => write!(f, "@max_len({n})"),
            Rule::Match(p) => write!(f, "@match({:?})", p.source),
            Rule::Min(x) => write!(f, "@min({x})"),
            Rule::Max(x) => write!(f, "@max({x})"),
            Rule::Range(a, b) => write!(f, "@range({a}, {b})"),
            Rule::Positive => f.write_str("@positive"),
            Rule::Negative => f.write_str("@negative"),
            Rule::NonNegative => f.write_str("@non_negative"),
        }
    }
}

impl Rule<'_> {
    /// Why `v` breaks the rule (ent's reason, and the length or number it had), or `None` when
    /// it keeps it. Values of a kind the rule does not measure pass, as NULL does.
    fn refusal(&self, v: &Value) -> Option<(Cow<'static, str>, Option<String>)> {
        let refused = |why: &'static str, got: String| Some((Cow::Borrowed(why), Some(got)));
        match *self {
            Rule::MinLen(n) => value_len(v)
                .filter(|&len| len < n)
                .and_then(|len| refused(reason::MIN_LEN, bytes(len))),
            Rule::NotEmpty => Rule::MinLen(1).refusal(v),
            Rule::MaxLen(n) => value_len(v)
                .filter(|&len| len > n)
                .and_then(|len| refused(reason::MAX_LEN, bytes(len))),
            Rule::Match(pattern) => {
                let Value::String(s) = v else { return None };
                match pattern.is_match(s) {
                    Ok(true) => None,
                    Ok(false) => Some((reason::MATCH.into(), None)),
                    Err(e) => Some((format!("invalid pattern: {e}").into(), None)),
                }
            }
            Rule::Min(min) => bounded(v, Some((min, false)), None),
            Rule::Max(max) => bounded(v, None, Some((max, false))),
            Rule::Range(min, max) => bounded(v, Some((min, false)), Some((max, false))),
            Rule::Positive => bounded(v, Some((0.0, true)), None),
            Rule::Negative => bounded(v, None, Some((0.0, true))),
            Rule::NonNegative => bounded(v, Some((0.0, false)), None),
        }
    }
}

/// "1 byte", "70 bytes".
fn bytes(n: usize) -> String {
    if n == 1 {
        "1 byte".into()
    } else {
        format!("{n} bytes")
    }
}

/// A number outside `(bound, strict)` limits: ent's "value out of range" with the number.
fn bounded(
    v: &Value,
    min: Option<(f64, bool)>,
    max: Option<(f64, bool)>,
) -> Option<(Cow<'static, str>, Option<String>)> {
    let x = value_number(v)?;
    // NaN compares false with every bound: it is out of range, not in it.
    let low = min.is_some_and(|(m, strict)| x.is_nan() || x < m || (strict && x == m));
    let high = max.is_some_and(|(m, strict)| x.is_nan() || x > m || (strict && x == m));
    (low || high).then(|| (reason::RANGE.into(), Some(x.to_string())))
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

/// Every validator of one mutation, run in schema order: each failure is kept, so that the
/// error names all of them rather than the first.
#[derive(Debug)]
pub struct Checks {
    entity: &'static str,
    failures: Vec<ValidationFailure>,
}

impl Checks {
    /// No failures yet, for a mutation of `entity`.
    pub fn new(entity: &'static str) -> Checks {
        Checks {
            entity,
            failures: Vec::new(),
        }
    }

    /// `field`'s mutation value against `rule`; an absent or NULL value passes.
    pub fn field(&mut self, field: &'static str, v: Option<&Value>, rule: Rule<'_>) {
        self.check(field, v, rule, true);
    }

    /// As [`Checks::field`] for a `@sensitive` field: a failure does not say what the value had,
    /// not even its length.
    pub fn sensitive(&mut self, field: &'static str, v: Option<&Value>, rule: Rule<'_>) {
        self.check(field, v, rule, false);
    }

    fn check(&mut self, field: &'static str, v: Option<&Value>, rule: Rule<'_>, reveal: bool) {
        let Some((reason, got)) = v.and_then(|v| rule.refusal(v)) else {
            return;
        };
        self.failures.push(ValidationFailure {
            entity: self.entity,
            field,
            rule: Some(rule.to_string()),
            reason,
            got: got.filter(|_| reveal),
        });
    }

    /// `Ok` when every check passed, else [`Error::Validation`] listing each failure.
    pub fn finish(self) -> Result<(), Error> {
        match Error::validation_failures(self.failures) {
            None => Ok(()),
            Some(e) => Err(e),
        }
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

    fn one(field: &'static str, v: Value, rule: Rule<'_>) -> Result<(), Error> {
        let mut checks = Checks::new("User");
        checks.field(field, Some(&v), rule);
        checks.finish()
    }

    #[test]
    fn a_failure_names_the_rule_its_limit_and_what_the_value_had() {
        let e = one("name", Value::from("a".repeat(70)), Rule::MaxLen(64)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "entgen: validator failed for field \"User.name\": @max_len(64): value is greater \
             than the required length, got 70 bytes"
        );
        static LOWER: Pattern = Pattern::new("^[a-z]+$");
        let e = one("nick", Value::from("Ada"), Rule::Match(&LOWER)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "entgen: validator failed for field \"User.nick\": @match(\"^[a-z]+$\"): value does \
             not match validation"
        );
        let e = one("age", Value::I32(151), Rule::Range(0.0, 150.0)).unwrap_err();
        assert!(
            e.to_string()
                .ends_with("@range(0, 150): value out of range, got 151"),
            "{e}"
        );
        let e = one("score", Value::F32(0.5), Rule::Min(1.5)).unwrap_err();
        assert!(
            e.to_string()
                .ends_with("@min(1.5): value out of range, got 0.5"),
            "{e}"
        );
        let e = one("name", Value::from(""), Rule::NotEmpty).unwrap_err();
        assert!(
            e.to_string()
                .ends_with("@not_empty: value is less than the required length, got 0 bytes"),
            "{e}"
        );
    }

    #[test]
    fn every_failure_is_reported_in_order() {
        let mut checks = Checks::new("User");
        checks.field("name", Some(&Value::from("")), Rule::NotEmpty);
        checks.field("age", Some(&Value::I64(-1)), Rule::NonNegative);
        checks.field("bio", None, Rule::MaxLen(1));
        checks.field("nick", Some(&Value::Null), Rule::MinLen(3));
        let e = checks.finish().unwrap_err();
        let Error::Validation {
            field, failures, ..
        } = &e
        else {
            panic!("{e:?}")
        };
        assert_eq!(*field, "name", "the first failure leads");
        let fields: Vec<&str> = failures.iter().map(|f| f.field).collect();
        assert_eq!(fields, ["name", "age"], "absent and NULL values pass");
        assert_eq!(
            e.to_string(),
            "entgen: 2 validators failed: validator failed for field \"User.name\": @not_empty: \
             value is less than the required length, got 0 bytes; validator failed for field \
             \"User.age\": @non_negative: value out of range, got -1"
        );
        assert!(Checks::new("User").finish().is_ok());
    }

    #[test]
    fn a_sensitive_field_fails_without_saying_what_it_had() {
        let mut checks = Checks::new("User");
        checks.sensitive("password", Some(&Value::from("hunter2")), Rule::MinLen(8));
        assert_eq!(
            checks.finish().unwrap_err().to_string(),
            "entgen: validator failed for field \"User.password\": @min_len(8): value is less \
             than the required length"
        );
    }

    #[test]
    fn limits_keep_ent_semantics() {
        let ok = |v: Value, rule| one("f", v, rule).is_ok();
        assert!(
            ok(Value::from("é"), Rule::MaxLen(2)) && !ok(Value::from("é"), Rule::MaxLen(1)),
            "bytes"
        );
        assert!(!ok(Value::Bytes(vec![0; 3]), Rule::MaxLen(2)));
        assert!(ok(Value::I8(0), Rule::NonNegative) && !ok(Value::I8(0), Rule::Positive));
        assert!(ok(Value::I8(-1), Rule::Negative) && !ok(Value::I8(0), Rule::Negative));
        assert!(ok(Value::F64(150.0), Rule::Range(0.0, 150.0)));
        for rule in [Rule::Min(0.5), Rule::Max(1.5), Rule::Range(0.0, 1.0)] {
            assert!(!ok(Value::F64(f64::NAN), rule), "NaN is out of range");
        }
        assert!(ok(Value::F64(f64::INFINITY), Rule::Min(0.5)));
        assert!(ok(Value::F64(f64::NEG_INFINITY), Rule::Max(1.5)));
        static BAD: Pattern = Pattern::new("(");
        let e = one("f", Value::from("x"), Rule::Match(&BAD)).unwrap_err();
        assert!(
            e.to_string().contains("@match(\"(\"): invalid pattern"),
            "{e}"
        );
    }

    #[test]
    fn required_fields_use_ent_texts() {
        assert_eq!(
            required::<i32>("User", "age", None)
                .unwrap_err()
                .to_string(),
            "entgen: missing required field \"User.age\""
        );
    }
}
