//! The revisions table, with Atlas's columns (`atlas_schema_revisions`,
//! `cmd/atlas/internal/migrate/ent/schema/revision.go`), so that Atlas and entgen can share a
//! database.

use std::time::{Duration, SystemTime};

use chrono::{DateTime, NaiveDateTime, Utc};

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
    DateTime::<Utc>::from(t)
        .format("%Y-%m-%d %H:%M:%S%.9f+00:00")
        .to_string()
}

/// Parses what [`format_utc`] writes (and RFC 3339 with `T`/`Z` or any offset);
/// `UNIX_EPOCH` when unreadable.
pub fn parse_utc(s: &str) -> SystemTime {
    let s = s.trim();
    DateTime::parse_from_rfc3339(s)
        .or_else(|_| DateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f%:z"))
        .map(|t| SystemTime::from(t.with_timezone(&Utc)))
        .or_else(|_| {
            NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f")
                .map(|t| SystemTime::from(t.and_utc()))
        })
        .unwrap_or(SystemTime::UNIX_EPOCH)
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
