//! `atlas.sum`: computing, rendering, parsing and validating the migration directory integrity
//! file, byte-compatible with Atlas (`sql/migrate/dir.go`: `HashFile`, `NewHashFile`, `Sum`,
//! `MarshalText`, `UnmarshalText`, `Validate`).

use std::collections::HashSet;
use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};

use super::directive::is_sum_ignored;

/// The name of the integrity file (Atlas `HashFileName`).
pub const SUM_FILE_NAME: &str = "atlas.sum";

/// One line of `atlas.sum`: a file name and its chained hash (base64, without `h1:`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SumEntry {
    /// The file name relative to the directory, with `/` separators.
    pub name: String,
    /// Standard base64 (padded) of the running SHA-256 after this file.
    pub hash: String,
}

/// The parsed or computed content of `atlas.sum` (Atlas `HashFile`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HashFile {
    entries: Vec<SumEntry>,
}

/// A file as the hash sees it: its name and raw bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SumInput<'a> {
    /// Relative name, `/`-separated; its UTF-8 bytes are hashed.
    pub name: &'a str,
    /// The file content, hashed unmodified (no CRLF or BOM normalisation).
    pub bytes: &'a [u8],
}

/// Why `atlas.sum` could not be parsed (Atlas `ErrChecksumFormat`, `ErrChecksumMismatch` from
/// `UnmarshalText`). Lines are 1-based; line 1 holds the total.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SumParseError {
    /// The file is empty.
    #[error("line 1: atlas.sum is empty")]
    Empty,
    /// A line is not valid UTF-8.
    #[error("line {line}: not valid UTF-8")]
    NotUtf8 {
        /// The offending line.
        line: usize,
    },
    /// A file line lacks `h1:` (merge-conflict markers and blank lines end up here).
    #[error("line {line}: expected `<file> h1:<hash>`, found {text:?}")]
    BadLine {
        /// The offending line.
        line: usize,
        /// Its text.
        text: String,
    },
    /// The total on line 1 does not match the file lines (the sum was edited by hand or merged).
    #[error("line 1: the total hash does not match the file lines below it")]
    TotalMismatch,
}

impl SumParseError {
    /// The 1-based line of `atlas.sum` the error is about.
    pub fn line(&self) -> usize {
        match self {
            SumParseError::Empty | SumParseError::TotalMismatch => 1,
            SumParseError::NotUtf8 { line } | SumParseError::BadLine { line, .. } => *line,
        }
    }
}

impl HashFile {
    /// Computes the sum of `files`, already selected and ordered for the directory's format
    /// (Atlas `NewHashFile`). One SHA-256 runs over every name and content and is snapshotted
    /// after each file; a file with `atlas:sum ignore` on its first line feeds only its name
    /// and gets no entry.
    pub fn compute<'a>(files: impl IntoIterator<Item = SumInput<'a>>) -> Self {
        let mut running = Sha256::new();
        let mut entries = Vec::new();
        for file in files {
            running.update(file.name.as_bytes());
            if is_sum_ignored(file.bytes) {
                continue;
            }
            running.update(file.bytes);
            let snapshot = running.clone().finalize();
            entries.push(SumEntry {
                name: file.name.to_string(),
                hash: STANDARD.encode(snapshot),
            });
        }
        HashFile { entries }
    }

    /// Builds a hash file from entries as they are (e.g. after editing).
    pub fn from_entries(entries: Vec<SumEntry>) -> Self {
        HashFile { entries }
    }

    /// The entries, in file order.
    pub fn entries(&self) -> &[SumEntry] {
        &self.entries
    }

    /// The hash recorded for `name`, without `h1:` (Atlas `SumByName`); this is what the
    /// revisions table stores in its `hash` column.
    pub fn hash_of(&self, name: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|e| e.name == name)
            .map(|e| e.hash.as_str())
    }

    /// The total on line 1, without `h1:` (Atlas `HashFile.Sum`): SHA-256 over each name
    /// followed by its base64 hash text.
    pub fn total(&self) -> String {
        let mut sha = Sha256::new();
        for e in &self.entries {
            sha.update(e.name.as_bytes());
            sha.update(e.hash.as_bytes());
        }
        STANDARD.encode(sha.finalize())
    }

    /// The exact bytes of `atlas.sum` (Atlas `MarshalText`): `h1:<total>\n` then
    /// `<name> h1:<hash>\n` per file.
    pub fn render(&self) -> String {
        let mut out = format!("h1:{}\n", self.total());
        for e in &self.entries {
            out.push_str(&e.name);
            out.push_str(" h1:");
            out.push_str(&e.hash);
            out.push('\n');
        }
        out
    }

    /// Parses `atlas.sum` (Atlas `UnmarshalText`): lines split at `\n` with one trailing `\r`
    /// dropped; line 1 is the total (a leading `h1:` is stripped); every other line splits at its
    /// first `h1:`, the name part trimmed. The total must match the lines.
    pub fn parse(bytes: &[u8]) -> Result<Self, SumParseError> {
        if bytes.is_empty() {
            return Err(SumParseError::Empty);
        }
        let body = bytes.strip_suffix(b"\n").unwrap_or(bytes);
        let mut lines = body.split(|&b| b == b'\n').enumerate().map(|(i, l)| {
            let l = l.strip_suffix(b"\r").unwrap_or(l);
            std::str::from_utf8(l).map_err(|_| SumParseError::NotUtf8 { line: i + 1 })
        });
        let first = lines.next().ok_or(SumParseError::Empty)??;
        let claimed = first.strip_prefix("h1:").unwrap_or(first);
        let mut entries = Vec::new();
        for (i, line) in lines.enumerate() {
            let line = line?;
            let Some((name, hash)) = line.split_once("h1:") else {
                return Err(SumParseError::BadLine {
                    line: i + 2,
                    text: line.to_string(),
                });
            };
            entries.push(SumEntry {
                name: name.trim().to_string(),
                hash: hash.to_string(),
            });
        }
        let file = HashFile { entries };
        if file.total() != claimed {
            return Err(SumParseError::TotalMismatch);
        }
        Ok(file)
    }
}

/// The running per-statement hashes Atlas stores in the revisions table's `partial_hashes`
/// (`Executor.Execute`, `sql/migrate/migrate.go`): one SHA-256 over the statement texts,
/// snapshotted after each, as `h1:<base64>`.
pub fn partial_hashes<'a>(statements: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut running = Sha256::new();
    statements
        .into_iter()
        .map(|text| {
            running.update(text.as_bytes());
            format!("h1:{}", STANDARD.encode(running.clone().finalize()))
        })
        .collect()
}

/// What happened to one file since `atlas.sum` was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// The file is new: it has no line in `atlas.sum`.
    Added,
    /// The file's content (or name order) changed.
    Edited,
    /// `atlas.sum` lists the file but it is gone.
    Removed,
}

impl ChangeKind {
    /// `added`, `edited` or `removed`, as Atlas's `ChecksumError.Reason` spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Edited => "edited",
            ChangeKind::Removed => "removed",
        }
    }
}

impl fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One file that does not match `atlas.sum` (Atlas `ChecksumError`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SumChange {
    /// The file name as listed in the directory or in `atlas.sum`.
    pub file: String,
    /// Added, edited or removed.
    pub kind: ChangeKind,
    /// The 1-based `atlas.sum` line: the recorded line for edited and removed files, the line
    /// the file would take in a fresh sum for added files.
    pub line: usize,
}

impl fmt::Display for SumChange {
    /// `file 3_x.sql was edited`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "file {} was {}", self.file, self.kind)
    }
}

/// The result of comparing a directory with its `atlas.sum` (Atlas `Validate`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SumCheck {
    /// `atlas.sum` matches the files (or there is neither a sum nor any file).
    Valid,
    /// There are migration files but no `atlas.sum` (Atlas `ErrChecksumNotFound`).
    NotFound,
    /// `atlas.sum` does not match the files.
    Mismatch(SumDiff),
}

impl SumCheck {
    /// Whether the directory passed.
    pub fn is_valid(&self) -> bool {
        matches!(self, SumCheck::Valid)
    }
}

/// The files that differ from `atlas.sum`.
///
/// Hashes are chained, so once one file differs the later files can no longer be checked one by
/// one: every added and removed file is listed, plus the first edited file; later files that
/// `atlas.sum` also lists are in `unverified`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SumDiff {
    /// Added, edited and removed files, in directory order (removed ones by their old line).
    pub changes: Vec<SumChange>,
    /// Files after the first difference whose content cannot be verified individually.
    pub unverified: Vec<String>,
}

/// Compares the recorded sum with the directory's current files (already selected and ordered
/// for the format) and names what changed (Atlas `Validate` and its `ChecksumError`, extended
/// to list every added and removed file).
///
/// To look past an added file, the chain is recomputed as it was before that file existed
/// (current files minus added ones); a removed or edited file breaks the chain for good.
pub fn diff(recorded: &HashFile, files: &[SumInput<'_>]) -> SumDiff {
    let current = HashFile::compute(files.iter().cloned());
    if current.entries == recorded.entries {
        return SumDiff::default();
    }
    let recorded_names: HashSet<&str> = recorded.entries.iter().map(|e| e.name.as_str()).collect();
    let current_names: HashSet<&str> = current.entries.iter().map(|e| e.name.as_str()).collect();
    let added: HashSet<&str> = current_names.difference(&recorded_names).copied().collect();

    let mut changes = Vec::new();
    for (i, e) in current.entries.iter().enumerate() {
        if added.contains(e.name.as_str()) {
            changes.push(SumChange {
                file: e.name.clone(),
                kind: ChangeKind::Added,
                line: i + 2,
            });
        }
    }
    for (i, e) in recorded.entries.iter().enumerate() {
        if !current_names.contains(e.name.as_str()) {
            changes.push(SumChange {
                file: e.name.clone(),
                kind: ChangeKind::Removed,
                line: i + 2,
            });
        }
    }

    // The chain as it was without the added files.
    let old_view = HashFile::compute(files.iter().filter(|f| !added.contains(f.name)).cloned());
    let mut unverified = Vec::new();
    let mut broken = false;
    let mut old = old_view.entries.iter();
    for (i, rec) in recorded.entries.iter().enumerate() {
        if !current_names.contains(rec.name.as_str()) {
            broken = true;
            continue;
        }
        // A file met out of its recorded order (or listed twice) breaks the chain too.
        let Some(now) = old.find(|e| e.name == rec.name) else {
            if !broken {
                changes.push(SumChange {
                    file: rec.name.clone(),
                    kind: ChangeKind::Edited,
                    line: i + 2,
                });
            }
            broken = true;
            continue;
        };
        if broken {
            unverified.push(rec.name.clone());
        } else if now.hash != rec.hash {
            broken = true;
            changes.push(SumChange {
                file: rec.name.clone(),
                kind: ChangeKind::Edited,
                line: i + 2,
            });
        }
    }
    changes.sort_by_key(|c| {
        let pos = current
            .entries
            .iter()
            .position(|e| e.name == c.file)
            .unwrap_or(usize::MAX);
        (pos, c.line)
    });
    SumDiff {
        changes,
        unverified,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs<'a>(files: &'a [(&'a str, &'a str)]) -> Vec<SumInput<'a>> {
        files
            .iter()
            .map(|(n, c)| SumInput {
                name: n,
                bytes: c.as_bytes(),
            })
            .collect()
    }

    #[test]
    fn partial_hashes_chain() {
        let h = partial_hashes(["SELECT 1;", "SELECT 2;"]);
        assert_eq!(h.len(), 2);
        assert_eq!(
            h[0],
            format!("h1:{}", STANDARD.encode(Sha256::digest(b"SELECT 1;")))
        );
        assert_eq!(
            h[1],
            format!(
                "h1:{}",
                STANDARD.encode(Sha256::digest(b"SELECT 1;SELECT 2;"))
            )
        );
    }

    #[test]
    fn empty_directory_sum() {
        assert_eq!(
            HashFile::compute([]).render(),
            "h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n"
        );
    }

    #[test]
    fn parse_round_trips_and_tolerates_crlf() {
        let files = [("1_a.sql", "A"), ("2_b.sql", "B")];
        let sum = HashFile::compute(inputs(&files));
        let text = sum.render();
        assert_eq!(HashFile::parse(text.as_bytes()).unwrap(), sum);
        let crlf = text.replace('\n', "\r\n");
        assert_eq!(HashFile::parse(crlf.as_bytes()).unwrap(), sum);
        let no_final_newline = text.trim_end();
        assert_eq!(HashFile::parse(no_final_newline.as_bytes()).unwrap(), sum);
    }

    #[test]
    fn parse_names_the_bad_line() {
        let files = [("1_a.sql", "A")];
        let text = HashFile::compute(inputs(&files)).render();
        let blank = format!("{text}\n");
        assert_eq!(
            HashFile::parse(blank.as_bytes()).unwrap_err(),
            SumParseError::BadLine {
                line: 3,
                text: String::new()
            }
        );
        let conflict = text.replace("1_a.sql", "<<<<<<< HEAD\n1_a.sql");
        assert_eq!(HashFile::parse(conflict.as_bytes()).unwrap_err().line(), 2);
        let tampered = text.replacen("h1:", "h1:X", 1);
        assert_eq!(
            HashFile::parse(tampered.as_bytes()).unwrap_err(),
            SumParseError::TotalMismatch
        );
        assert_eq!(HashFile::parse(b"").unwrap_err(), SumParseError::Empty);
    }
}
