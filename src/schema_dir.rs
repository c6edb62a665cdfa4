//! Reading a schema directory: every `.schema` file below it, in sorted path order, parsed.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostics, SourceMap, messages};
use crate::syntax::{self, ast::SchemaFile};

/// The parsed files of a schema directory, with the sources kept for diagnostics.
pub struct ParsedSchema {
    pub sources: SourceMap,
    pub files: Vec<SchemaFile>,
    /// The `.schema` files read, in the order they were read (for `cargo:rerun-if-changed`).
    pub paths: Vec<PathBuf>,
}

/// Reads and parses every `.schema` file under `dir` (recursively, sorted by path so that
/// "declared twice" errors point at the same place on every machine).
pub fn read_schema_dir(dir: &Path, diagnostics: &mut Diagnostics) -> ParsedSchema {
    let mut parsed = ParsedSchema {
        sources: SourceMap::new(),
        files: Vec::new(),
        paths: Vec::new(),
    };
    if !dir.exists() {
        diagnostics.push(messages::schema_dir_missing(dir));
        return parsed;
    }
    if !dir.is_dir() {
        diagnostics.push(messages::schema_dir_not_a_directory(dir));
        return parsed;
    }
    let mut paths = Vec::new();
    if let Err(error) = collect_schema_files(dir, &mut paths) {
        diagnostics.push(messages::unreadable(dir, &error));
        return parsed;
    }
    if paths.is_empty() {
        diagnostics.push(messages::no_schema_files(dir));
        return parsed;
    }
    paths.sort();
    for path in paths {
        let Some(text) = read_utf8(&path, diagnostics) else {
            continue;
        };
        let file = parsed.sources.add(path.clone(), text);
        let ast = syntax::parse_file(file, &parsed.sources.file(file).text, diagnostics);
        parsed.files.push(ast);
        parsed.paths.push(path);
    }
    parsed
}

/// Parses schema text given directly (tests, `fmt` of one file, benchmarks).
pub fn parse_sources(
    sources: Vec<(PathBuf, String)>,
    diagnostics: &mut Diagnostics,
) -> ParsedSchema {
    let mut parsed = ParsedSchema {
        sources: SourceMap::new(),
        files: Vec::new(),
        paths: Vec::new(),
    };
    for (path, text) in sources {
        let file = parsed.sources.add(path.clone(), text);
        let ast = syntax::parse_file(file, &parsed.sources.file(file).text, diagnostics);
        parsed.files.push(ast);
        parsed.paths.push(path);
    }
    parsed
}

fn collect_schema_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let file_type = entry.file_type()?;
        if file_type.is_dir() {
            collect_schema_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "schema") {
            out.push(path);
        }
    }
    Ok(())
}

fn read_utf8(path: &Path, diagnostics: &mut Diagnostics) -> Option<String> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            diagnostics.push(messages::unreadable(path, &error));
            return None;
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => Some(text),
        Err(error) => {
            let bytes = error.as_bytes();
            let valid = error.utf8_error().valid_up_to();
            let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
            let line = prefix.matches('\n').count() + 1;
            let col = prefix.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            diagnostics.push(messages::not_utf8(path, line, col));
            None
        }
    }
}
