//! Reading migration files back: version, description, directives and the up statements of each
//! format (Atlas `LocalFile.StmtDecls`, `GooseFile.StmtDecls`, `DBMateFile.StmtDecls`,
//! `SetRepeatableVersion`).

use std::path::Path;

use super::directive::{FileDirectives, TxMode};
use super::error::DirError;
use super::format::Format;
use super::split::{ScanOptions, Stmt, split};

/// One migration file, ready to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationFile {
    /// Name relative to the directory, `/`-separated (the name `atlas.sum` lists).
    pub name: String,
    /// The version: the part of the name before the first `_` (flyway: after the prefix letter,
    /// before `__`; repeatables get `<previous version>R`).
    pub version: String,
    /// The description from the name (golang-migrate: without `.up`).
    pub description: String,
    /// The up statements, in order, with their lines in the file.
    pub statements: Vec<Stmt>,
    /// File-level directives (`atlas:txmode`, `atlas:nolint`, `atlas:checkpoint`, …).
    pub directives: FileDirectives,
}

impl MigrationFile {
    /// Whether the file is an Atlas checkpoint (`-- atlas:checkpoint`), run only on a fresh
    /// database.
    pub fn is_checkpoint(&self) -> bool {
        self.directives.checkpoint.is_some()
    }
}

/// Parses one migration file of `format`. `path` is only used to name the file in errors.
/// Empty statements (two delimiters in a row) are dropped.
pub fn parse_file(
    format: &Format,
    name: &str,
    bytes: &[u8],
    opts: &ScanOptions,
    path: &Path,
) -> Result<MigrationFile, DirError> {
    let content = std::str::from_utf8(bytes).map_err(|e| DirError::NonUtf8File {
        path: path.to_path_buf(),
        offset: e.valid_up_to(),
    })?;
    let (version, description) = format
        .version_and_description(name)
        .unwrap_or_else(|| (String::new(), String::new()));
    let mut directives = FileDirectives::parse(content).map_err(|source| DirError::Directive {
        path: path.to_path_buf(),
        source,
    })?;
    let split_err = |source| DirError::Split {
        path: path.to_path_buf(),
        source,
    };
    let statements = match format {
        Format::Goose | Format::SqlMigrate => {
            let section = marked_up(content, path, Markers::of(format))?;
            if section.no_transaction {
                directives.txmode = Some(TxMode::None);
            }
            section.split(content, opts).map_err(split_err)?
        }
        Format::Dbmate => {
            let section = dbmate_up(content);
            if section.no_transaction {
                directives.txmode = Some(TxMode::None);
            }
            section.split(content, opts).map_err(split_err)?
        }
        _ => split(content, opts).map_err(split_err)?,
    };
    Ok(MigrationFile {
        name: name.to_string(),
        version,
        description,
        statements: statements
            .into_iter()
            .filter(|s| !s.text.is_empty())
            .collect(),
        directives,
    })
}

/// Atlas `SetRepeatableVersion`: flyway repeatables (version `""`) and everything after the
/// first of them get the version of the file before it (or `0`) followed by `R`.
pub fn set_repeatable_versions(files: &mut [MigrationFile]) {
    let Some(idx) = files.iter().position(|f| f.version.is_empty()) else {
        return;
    };
    let base = if idx == 0 {
        "0".to_string()
    } else {
        files[idx - 1].version.clone()
    };
    if base.is_empty() {
        return;
    }
    for f in &mut files[idx..] {
        f.version = format!("{base}R");
    }
}

/// The up section of a goose or dbmate file rewritten for the scanner, with each rewritten
/// line's original line number (0 for inserted lines).
struct Section {
    text: String,
    origin: Vec<usize>,
    no_transaction: bool,
}

impl Section {
    fn new(header: &[&str]) -> Self {
        Section {
            text: header.iter().map(|l| format!("{l}\n")).collect(),
            origin: vec![0; header.len()],
            no_transaction: false,
        }
    }

    fn push(&mut self, line: &str, origin: usize) {
        self.text.push_str(line);
        self.text.push('\n');
        self.origin.push(origin);
    }

    /// Splits the rewritten text and maps positions back to the original file.
    fn split(
        &self,
        original: &str,
        opts: &ScanOptions,
    ) -> Result<Vec<Stmt>, super::split::SplitError> {
        let text = self.text.strip_suffix('\n').unwrap_or(&self.text);
        let line_starts: Vec<usize> = std::iter::once(0)
            .chain(original.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let rewritten_starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let mut stmts = split(text, opts).map_err(|mut e| {
            e.line = self.original_line(e.line);
            e
        })?;
        for s in &mut stmts {
            let column = s.offset - rewritten_starts.get(s.line - 1).copied().unwrap_or(0);
            let line = self.original_line(s.line);
            s.line = line;
            s.offset = line_starts.get(line - 1).copied().unwrap_or(0) + column;
        }
        Ok(stmts)
    }

    /// The original line of a rewritten line, or of the closest original line before it.
    fn original_line(&self, rewritten: usize) -> usize {
        let upto = rewritten.min(self.origin.len());
        self.origin[..upto]
            .iter()
            .rev()
            .find(|&&o| o > 0)
            .copied()
            .unwrap_or(1)
    }
}

/// Lines as Go's `bufio.Scanner` yields them: split at `\n`, one trailing `\r` dropped, no
/// empty last line.
fn scan_lines(content: &str) -> impl Iterator<Item = (usize, &str)> {
    let body = content.strip_suffix('\n').unwrap_or(content);
    let lines = (!content.is_empty()).then(|| body.split('\n'));
    lines
        .into_iter()
        .flatten()
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .enumerate()
        .map(|(i, l)| (i + 1, l))
}

const GOOSE_DELIM: &str = "-- ATLAS_DELIM_END";

/// The marker lines of goose (`-- +goose Up`) and sql-migrate (`-- +migrate Up`), which read
/// files alike.
#[derive(Clone, Copy)]
struct Markers {
    prefix: &'static str,
}

impl Markers {
    fn of(format: &Format) -> Self {
        let prefix = match format {
            Format::SqlMigrate => "-- +migrate",
            _ => "-- +goose",
        };
        Markers { prefix }
    }

    /// The marker a line is (`Up`, `Down`, `StatementBegin`, `StatementEnd`), and whether it
    /// turns the file's transaction off: goose's `-- +goose NO TRANSACTION`, sql-migrate's
    /// `-- +migrate Up notransaction` (whose options follow the word).
    fn read(self, line: &str) -> (Option<&str>, bool) {
        let Some(rest) = line.strip_prefix(self.prefix).map(str::trim) else {
            return (None, false);
        };
        if self.prefix == "-- +goose" {
            let marker = Some(rest).filter(|p| is_marker(p));
            return (marker, rest.eq_ignore_ascii_case("NO TRANSACTION"));
        }
        let mut words = rest.split_whitespace();
        let marker = words.next().filter(|p| is_marker(p));
        let no_tx = marker == Some("Up") && words.any(|w| w == "notransaction");
        (marker, no_tx)
    }
}

fn is_marker(word: &str) -> bool {
    matches!(word, "Up" | "Down" | "StatementBegin" | "StatementEnd")
}

#[derive(PartialEq)]
enum Goose {
    None,
    Up,
    Begin,
    End,
}

/// Atlas `GooseFile.StmtDecls`: the lines up to `-- +goose Down` become statements, each line
/// ending in `;` closing one, a `StatementBegin … StatementEnd` block making one. Unlike Atlas,
/// only lines that *are* goose markers are dropped (Atlas drops every line containing `Down`,
/// `StatementBegin` or `StatementEnd`), and `-- +goose NO TRANSACTION` sets txmode none.
/// sql-migrate's files read the same way with `-- +migrate` markers.
fn marked_up(content: &str, path: &Path, markers: Markers) -> Result<Section, DirError> {
    let mut section = Section::new(&[&format!("-- atlas:delimiter {GOOSE_DELIM}"), ""]);
    let mut state = Goose::None;
    for (n, line) in scan_lines(content) {
        let (pragma, no_transaction) = markers.read(line);
        if no_transaction {
            section.no_transaction = true;
        }
        let unexpected = |what: &str| DirError::Pragma {
            path: path.to_path_buf(),
            line: n,
            message: format!("unexpected '{} {what}'", markers.prefix),
        };
        match pragma {
            Some("Up") if state == Goose::None => state = Goose::Up,
            Some("Down") if state == Goose::Up => break,
            Some("StatementBegin") if state == Goose::Up => state = Goose::Begin,
            Some("StatementEnd") if state == Goose::Begin => state = Goose::End,
            Some(other) => return Err(unexpected(other)),
            None => {
                if state != Goose::End {
                    let line = line.trim_end();
                    section.push(line, n);
                    if state == Goose::Up && line.ends_with(';') && !line.starts_with("--") {
                        section.push(GOOSE_DELIM, 0);
                    }
                }
            }
        }
        if state == Goose::End {
            state = Goose::Up;
            section.push(GOOSE_DELIM, 0);
        }
    }
    Ok(section)
}

const DBMATE_PRAGMA: &str = "-- migrate:";

/// Atlas `DBMateFile.StmtDecls`: the lines between `-- migrate:up` and `-- migrate:down`.
/// Unlike Atlas, marker options are understood (`-- migrate:up transaction:false` still opens the
/// up section, and sets txmode none) and only marker lines are dropped (Atlas drops every up line
/// containing `down`).
fn dbmate_up(content: &str) -> Section {
    let mut section = Section::new(&[]);
    let mut up = false;
    for (n, line) in scan_lines(content) {
        if let Some(rest) = line.strip_prefix(DBMATE_PRAGMA) {
            let mut words = rest.split_whitespace();
            match words.next() {
                Some("up") => {
                    up = true;
                    if words.any(|w| w == "transaction:false") {
                        section.no_transaction = true;
                    }
                    continue;
                }
                Some("down") => break,
                _ => {}
            }
        }
        if up {
            section.push(line, n);
        }
    }
    section
}
