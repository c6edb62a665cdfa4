//! Versions of migration files: every file must carry one, no two files may share one, and a
//! new file's version comes after the directory's last, in the directory's own style (UTC
//! timestamps, Atlas's `now` `20060102150405`, or sequence numbers).

use std::cmp::Ordering;
use std::time::SystemTime;

use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};

use super::error::DirError;
use super::listing::compare_numeric;

/// How to version a new migration file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewVersion {
    /// The directory's next version at this time: a `YYYYMMDDHHMMSS` UTC timestamp, moved to one
    /// second after the last file's when the clock is not past it (two `migrate new` within one
    /// second), or the next sequence number when the directory numbers its files.
    Now(SystemTime),
    /// Exactly this version; refused when it is not after the directory's last one.
    Timestamp(String),
    /// One more than the highest numeric version in the directory (`1` when there is none),
    /// zero-padded like the existing files when they are.
    NextSequence,
}

/// The layout Atlas gives a timestamp version.
const TIMESTAMP: &str = "%Y%m%d%H%M%S";

/// `t` as `YYYYMMDDHHMMSS` in UTC, the version Atlas writes (`time.Now().UTC().Format(...)`).
pub fn utc_timestamp(t: SystemTime) -> String {
    DateTime::<Utc>::from(t).format(TIMESTAMP).to_string()
}

/// Whether `v` reads as a `YYYYMMDDHHMMSS` timestamp (a real date and time).
fn as_timestamp(v: &str) -> Option<NaiveDateTime> {
    if v.len() != 14 {
        return None;
    }
    NaiveDateTime::parse_from_str(v, TIMESTAMP).ok()
}

/// Orders versions: two all-digit versions by value (`10` after `9`, `01` equal to `1`),
/// anything else as text.
pub fn compare_versions(a: &str, b: &str) -> Ordering {
    let digits = |v: &str| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit());
    if digits(a) && digits(b) {
        compare_numeric(a, b)
    } else {
        a.cmp(b)
    }
}

/// The highest of `versions` by [`compare_versions`].
fn last<'a>(versions: &[&'a str]) -> Option<&'a str> {
    versions
        .iter()
        .copied()
        .max_by(|a, b| compare_versions(a, b))
}

/// The version a new file gets in a directory whose files have `versions`.
pub fn resolve(version: &NewVersion, versions: &[&str]) -> Result<String, DirError> {
    let last = last(versions);
    match version {
        NewVersion::NextSequence => Ok(next_sequence(versions.iter().copied())),
        NewVersion::Timestamp(v) => match last {
            Some(l) if compare_versions(v, l) != Ordering::Greater => {
                Err(DirError::VersionNotAfter {
                    version: v.clone(),
                    last: l.to_string(),
                })
            }
            _ => Ok(v.clone()),
        },
        NewVersion::Now(t) => {
            let now = utc_timestamp(*t);
            let Some(l) = last else {
                return Ok(now);
            };
            if let Some(at) = as_timestamp(l) {
                if compare_versions(&now, l) == Ordering::Greater {
                    return Ok(now);
                }
                let next = at + TimeDelta::seconds(1);
                return Ok(next.format(TIMESTAMP).to_string());
            }
            if l.bytes().all(|b| b.is_ascii_digit()) {
                // A numbered directory (golang-migrate's 000001, goose's 1, …) stays numbered.
                return Ok(next_sequence(versions.iter().copied()));
            }
            Ok(now)
        }
    }
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

/// Refuses a listing (file name, version) in which a file has no version (a name like
/// `init.sql`), or two files have the same one (`1` and `01` are the same number), naming the
/// files. `None` versions are files that need none (Flyway's repeatables).
pub fn check_unique<'a>(
    files: impl IntoIterator<Item = (&'a str, Option<&'a str>)>,
) -> Result<(), DirError> {
    let mut seen: Vec<(&str, &str)> = Vec::new();
    for (name, version) in files {
        let Some(version) = version else { continue };
        if !has_version(version) {
            return Err(DirError::NoVersion {
                file: name.to_string(),
            });
        }
        if let Some((first, _)) = seen
            .iter()
            .find(|(_, v)| compare_versions(v, version) == Ordering::Equal)
        {
            return Err(DirError::DuplicateVersion {
                version: version.to_string(),
                first: first.to_string(),
                second: name.to_string(),
            });
        }
        seen.push((name, version));
    }
    Ok(())
}

/// A version starts with a digit (`20240101000000`, `1`, `2.1`): what comes before the first
/// `_` of `init.sql` or `add_users.sql` is a word, not a version.
fn has_version(v: &str) -> bool {
    v.as_bytes().first().is_some_and(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

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

    #[test]
    fn a_new_version_comes_after_the_last_one() {
        let t = UNIX_EPOCH + Duration::from_secs(1_716_229_416); // 20240520182336
        let now = NewVersion::Now(t);
        assert_eq!(resolve(&now, &[]).unwrap(), "20240520182336");
        assert_eq!(
            resolve(&now, &["20240101000000"]).unwrap(),
            "20240520182336"
        );
        // Same second, and a file from the future: one second after the last.
        assert_eq!(
            resolve(&now, &["20240520182336"]).unwrap(),
            "20240520182337"
        );
        assert_eq!(
            resolve(&now, &["20241231235959"]).unwrap(),
            "20250101000000"
        );
        // A numbered directory stays numbered.
        assert_eq!(resolve(&now, &["000001", "000002"]).unwrap(), "000003");
        assert_eq!(resolve(&now, &["7"]).unwrap(), "8");
        let given = NewVersion::Timestamp("5".into());
        assert!(matches!(
            resolve(&given, &["5"]),
            Err(DirError::VersionNotAfter { .. })
        ));
        assert_eq!(resolve(&given, &["4"]).unwrap(), "5");
    }

    #[test]
    fn versions_are_unique_and_present() {
        let ok = [
            ("1_a.sql", Some("1")),
            ("2_b.sql", Some("2")),
            ("R__v.sql", None),
        ];
        assert!(check_unique(ok).is_ok());
        match check_unique([("1_a.sql", Some("1")), ("01_b.sql", Some("01"))]) {
            Err(DirError::DuplicateVersion { first, second, .. }) => {
                assert_eq!((first.as_str(), second.as_str()), ("1_a.sql", "01_b.sql"));
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            check_unique([("init.sql", Some("init"))]),
            Err(DirError::NoVersion { file }) if file == "init.sql"
        ));
    }
}
