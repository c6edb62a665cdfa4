//! The revisions table, with Atlas's columns (`atlas_schema_revisions`,
//! `cmd/atlas/internal/migrate/ent/schema/revision.go`), so that Atlas and entgen can share a
//! database.

use std::time::{Duration, SystemTime};

/// The table's name (and, without a schema in the URL, the name of the schema holding it).
pub const REVISIONS_TABLE: &str = "atlas_schema_revisions";

/// Atlas's reserved row for cloud reporting; not a migration.
pub const CLOUD_IDENTIFIER: &str = ".atlas_cloud_identifier";

/// `type` bit: a baseline revision (files up to it were never run here).
pub const TYPE_BASELINE: i64 = 1;
/// `type` bit: the file was executed.
pub const TYPE_EXECUTE: i64 = 2;
/// `type` bit: marked as applied by hand (`migrate set`).
pub const TYPE_RESOLVED: i64 = 4;

/// One row of the revisions table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    /// The file's version (primary key).
    pub version: String,
    /// The file's description.
    pub description: String,
    /// Bit flags: [`TYPE_BASELINE`], [`TYPE_EXECUTE`], [`TYPE_RESOLVED`].
    pub kind: i64,
    /// Statements applied so far.
    pub applied: i64,
    /// Statements in the file.
    pub total: i64,
    /// When the file started.
    pub executed_at: SystemTime,
    /// How long it ran.
    pub execution_time: Duration,
    /// The error of the last attempt, if it failed.
    pub error: Option<String>,
    /// The statement that failed.
    pub error_stmt: Option<String>,
    /// The file's `atlas.sum` hash (without `h1:`).
    pub hash: String,
    /// Running statement hashes of a partially applied file.
    pub partial_hashes: Option<Vec<String>>,
    /// Who applied it, e.g. `entgen v0.1.0`.
    pub operator_version: String,
}

impl Revision {
    /// Whether the file ran to its end without error (or is a baseline or resolved row).
    pub fn is_complete(&self) -> bool {
        self.error.is_none() && self.applied >= self.total
            || self.kind & (TYPE_BASELINE | TYPE_RESOLVED) != 0
    }

    /// Whether the file stopped part way (an error, or fewer statements than it has).
    pub fn is_partial(&self) -> bool {
        !self.is_complete()
    }
}

/// `partial_hashes` as the JSON Atlas stores.
pub(crate) fn hashes_to_json(h: &Option<Vec<String>>) -> Option<String> {
    h.as_ref()
        .map(|v| serde_json::to_string(v).unwrap_or_else(|_| "[]".into()))
}

/// Reads the JSON of `partial_hashes`; anything unreadable counts as none.
pub(crate) fn hashes_from_json(s: Option<&str>) -> Option<Vec<String>> {
    s.and_then(|s| serde_json::from_str(s).ok())
}

/// `t` as `YYYY-MM-DD HH:MM:SS.fffffffff+00:00` (UTC), the text SQLite rows hold.
pub fn format_utc(t: SystemTime) -> String {
    let d = t
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap_or(Duration::ZERO);
    let secs = d.as_secs();
    let (y, m, day) = civil_from_days(secs / 86_400);
    let rem = secs % 86_400;
    format!(
        "{y:04}-{m:02}-{day:02} {:02}:{:02}:{:02}.{:09}+00:00",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        d.subsec_nanos()
    )
}

/// Parses what [`format_utc`] writes (and RFC 3339 with `T`/`Z`); `UNIX_EPOCH` when unreadable.
pub fn parse_utc(s: &str) -> SystemTime {
    fn num(s: &str) -> Option<u64> {
        s.parse().ok()
    }
    let parse = || -> Option<SystemTime> {
        let s = s.trim();
        let (date, rest) = s.split_at_checked(10)?;
        let mut dp = date.split('-');
        let (y, m, d) = (num(dp.next()?)?, num(dp.next()?)?, num(dp.next()?)?);
        let time = rest.get(1..)?;
        let (hms, frac) = match time.split_once('.') {
            Some((a, b)) => (a, b),
            None => (time.get(..8)?, ""),
        };
        let mut tp = hms.get(..8)?.split(':');
        let (hh, mm, ss) = (num(tp.next()?)?, num(tp.next()?)?, num(tp.next()?)?);
        let digits: String = frac.chars().take_while(|c| c.is_ascii_digit()).collect();
        let nanos = if digits.is_empty() {
            0
        } else {
            let padded = format!("{digits:0<9}");
            num(&padded[..9])? as u32
        };
        let days = days_from_civil(y, m, d)?;
        let secs = days * 86_400 + hh * 3600 + mm * 60 + ss;
        Some(SystemTime::UNIX_EPOCH + Duration::new(secs, nanos))
    };
    parse().unwrap_or(SystemTime::UNIX_EPOCH)
}

fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + u64::from(month <= 2), month, day)
}

fn days_from_civil(y: u64, m: u64, d: u64) -> Option<u64> {
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || y < 1970 {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y / 400;
    let yoe = y - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe).checked_sub(719_468)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_round_trip() {
        let t = SystemTime::UNIX_EPOCH + Duration::new(1_732_245_600, 123_456_789);
        let s = format_utc(t);
        assert_eq!(s, "2024-11-22 03:20:00.123456789+00:00");
        assert_eq!(parse_utc(&s), t);
        assert_eq!(
            parse_utc("2024-11-22T03:20:00Z"),
            SystemTime::UNIX_EPOCH + Duration::from_secs(1_732_245_600)
        );
        assert_eq!(parse_utc("garbage"), SystemTime::UNIX_EPOCH);
    }

    #[test]
    fn completeness() {
        let mut r = Revision {
            version: "1".into(),
            description: "a".into(),
            kind: TYPE_EXECUTE,
            applied: 2,
            total: 2,
            executed_at: SystemTime::UNIX_EPOCH,
            execution_time: Duration::ZERO,
            error: None,
            error_stmt: None,
            hash: String::new(),
            partial_hashes: None,
            operator_version: String::new(),
        };
        assert!(r.is_complete());
        r.applied = 1;
        assert!(r.is_partial());
        r.kind = TYPE_BASELINE;
        assert!(r.is_complete());
    }
}
