//! Which format a directory's files are in, told from their names and first lines, so that a
//! directory opened in the wrong format is refused before anything reads, hashes or runs it (a
//! golang-migrate directory read as Atlas's would run its `.down.sql` files as migrations).

use std::path::Path;

use super::error::DirError;
use super::format::Format;
use super::listing::{read_file, top_level};

/// The format the files show, with the file that shows it; `None` for a directory without
/// `.sql` files. Plain SQL files are Atlas's format.
pub fn detect(dir: &Path) -> Result<Option<(Format, String)>, DirError> {
    let names = top_level(dir, ".sql")?;
    // golang-migrate: every file is one half of an up/down pair (Atlas directories may hold a
    // stray `x.up.sql`).
    let up_down = |n: &String| n.ends_with(".up.sql") || n.ends_with(".down.sql");
    if !names.is_empty() && names.iter().all(up_down) {
        let shown = names.iter().find(|n| n.ends_with(".down.sql"));
        return Ok(Some((
            Format::GolangMigrate,
            shown.unwrap_or(&names[0]).clone(),
        )));
    }
    if let Some(n) = names.iter().find(|n| is_flyway_name(n)) {
        return Ok(Some((Format::Flyway, n.clone())));
    }
    for n in &names {
        // What cannot be read here is reported by whoever reads it for real.
        let Ok(bytes) = read_file(dir, n) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        if let Some(format) = format_of_content(&text) {
            return Ok(Some((format, n.clone())));
        }
    }
    Ok(names.first().map(|n| (Format::Atlas, n.clone())))
}

/// Refuses `declared` when the files show another format, naming the file that shows it.
/// Templates are taken as declared (they name files as their author chose).
pub fn check(dir: &Path, declared: &Format) -> Result<(), DirError> {
    if matches!(declared, Format::Template(_)) {
        return Ok(());
    }
    match detect(dir)? {
        Some((found, file)) if &found != declared => Err(DirError::FormatMismatch {
            dir: dir.to_path_buf(),
            declared: declared.to_string(),
            found: found.to_string(),
            file,
        }),
        _ => Ok(()),
    }
}

/// `V1__init.sql`, `U1__init.sql`, `B1__base.sql`, `R__views.sql`.
fn is_flyway_name(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some('R') => name.starts_with("R__"),
        Some('V' | 'U' | 'B') => {
            chars.next().is_some_and(|c| c.is_ascii_digit()) && name.contains("__")
        }
        _ => false,
    }
}

/// The format whose markers a file carries: goose's `-- +goose Up`, sql-migrate's
/// `-- +migrate Up`, dbmate's `-- migrate:up`, Liquibase's `--liquibase formatted sql` first line.
fn format_of_content(text: &str) -> Option<Format> {
    let first = text.lines().map(str::trim).find(|l| !l.is_empty());
    if first.is_some_and(|l| {
        l.to_ascii_lowercase()
            .starts_with("--liquibase formatted sql")
    }) {
        return Some(Format::Liquibase);
    }
    for line in text.lines().map(str::trim_start) {
        if line.starts_with("-- +goose Up") || line.starts_with("-- +goose up") {
            return Some(Format::Goose);
        }
        if line.starts_with("-- +migrate Up") || line.starts_with("-- +migrate up") {
            return Some(Format::SqlMigrate);
        }
        if line.starts_with("-- migrate:up") {
            return Some(Format::Dbmate);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_markers() {
        assert!(is_flyway_name("V1__init.sql"));
        assert!(is_flyway_name("R__views.sql"));
        assert!(!is_flyway_name("Vacation_plan.sql"));
        assert!(!is_flyway_name("20240101_init.sql"));
        assert_eq!(
            format_of_content("-- +goose Up\nCREATE TABLE a ();\n-- +goose Down\n"),
            Some(Format::Goose)
        );
        assert_eq!(
            format_of_content("-- migrate:up\nCREATE TABLE a ();\n"),
            Some(Format::Dbmate)
        );
        assert_eq!(
            format_of_content("\n--liquibase formatted sql\n--changeset a:1\n"),
            Some(Format::Liquibase)
        );
        assert_eq!(
            format_of_content("-- +migrate Up notransaction\nCREATE TABLE a ();\n"),
            Some(Format::SqlMigrate)
        );
        assert_eq!(format_of_content("CREATE TABLE a ();\n"), None);
    }
}
