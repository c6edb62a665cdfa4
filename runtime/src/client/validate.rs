//! ent's built-in validators, for generated code to call before any SQL runs. Each returns
//! [`Error::Validation`] with ent's wording.

use crate::error::{Error, reason};

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
    let low = min.is_some_and(|m| v < m);
    let high = max.is_some_and(|m| v > m);
    if low || high {
        return Err(Error::validation(entity, field, reason::RANGE));
    }
    Ok(())
}

/// A value was given for every required field (`missing required field "User.age"`).
pub fn required<T>(entity: &'static str, field: &'static str, v: Option<T>) -> Result<T, Error> {
    v.ok_or(Error::MissingField { entity, field })
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
        assert_eq!(
            required::<i32>("User", "age", None)
                .unwrap_err()
                .to_string(),
            "entgen: missing required field \"User.age\""
        );
    }
}
