//! Versions of new migration files: UTC timestamps (Atlas's `now`, `20060102150405`) or the
//! next sequence number after the existing files.

use std::time::{SystemTime, UNIX_EPOCH};

use super::listing::compare_numeric;

/// How to version a new migration file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewVersion {
    /// A given version, normally a `YYYYMMDDHHMMSS` UTC timestamp (see [`utc_timestamp`]).
    Timestamp(String),
    /// One more than the highest numeric version in the directory (`1` when there is none),
    /// zero-padded like the existing files when they are.
    NextSequence,
}

/// `t` as `YYYYMMDDHHMMSS` in UTC, the version Atlas writes (`time.Now().UTC().Format(...)`).
/// Times before 1970 give `19700101000000`.
pub fn utc_timestamp(t: SystemTime) -> String {
    let secs = t
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = secs / 86_400;
    let rem = secs % 86_400;
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}{month:02}{day:02}{:02}{:02}{:02}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

/// The sequence number after `versions`: the highest all-digit version plus one, as a decimal of
/// any length. When some version has leading zeros (`0007`), the result is padded to that width.
/// Non-numeric versions are ignored; with none left the result is `1` (padded likewise).
pub fn next_sequence<'a>(versions: impl IntoIterator<Item = &'a str>) -> String {
    let numeric: Vec<&str> = versions
        .into_iter()
        .filter(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
        .collect();
    let width = numeric
        .iter()
        .filter(|v| v.len() > 1 && v.starts_with('0'))
        .map(|v| v.len())
        .max()
        .unwrap_or(0);
    let next = match numeric.into_iter().max_by(|a, b| compare_numeric(a, b)) {
        Some(max) => increment(max),
        None => "1".to_string(),
    };
    format!("{next:0>width$}")
}

/// Adds one to a decimal digit string.
fn increment(digits: &str) -> String {
    let mut out: Vec<u8> = digits.trim_start_matches('0').bytes().collect();
    let mut i = out.len();
    loop {
        if i == 0 {
            out.insert(0, b'1');
            break;
        }
        i -= 1;
        if out[i] == b'9' {
            out[i] = b'0';
        } else {
            out[i] += 1;
            break;
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| "1".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn timestamps() {
        assert_eq!(utc_timestamp(UNIX_EPOCH), "19700101000000");
        let t = UNIX_EPOCH + Duration::from_secs(1_716_229_416);
        assert_eq!(utc_timestamp(t), "20240520182336");
        let leap = UNIX_EPOCH + Duration::from_secs(951_782_400); // 2000-02-29
        assert_eq!(utc_timestamp(leap), "20000229000000");
    }

    #[test]
    fn sequences() {
        assert_eq!(next_sequence([]), "1");
        assert_eq!(next_sequence(["1", "2", "10", "9"]), "11");
        assert_eq!(next_sequence(["0001", "0002"]), "0003");
        assert_eq!(next_sequence(["0099"]), "0100");
        assert_eq!(next_sequence(["9999"]), "10000");
        assert_eq!(next_sequence(["1", "x", "2.1"]), "2");
        assert_eq!(
            next_sequence(["99999999999999999999999"]),
            "100000000000000000000000"
        );
    }
}
