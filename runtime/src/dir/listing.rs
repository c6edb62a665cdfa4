//! Which files of a directory belong to a format, and in what order: for running them and for
//! `atlas.sum` (Atlas `LocalDir.Files`, `GolangMigrateDir.Files`, `FlywayDir.Files`, and each
//! type's `Checksum`).

use std::cmp::Ordering;
use std::fs;
use std::path::Path;

use super::error::DirError;
use super::format::{Format, SumConvention, Template, flyway_version};

/// The top-level names of `dir` ending in `suffix`, in byte order (Go `fs.Glob(dir, "*<suffix>")`
/// then `sort`): case-sensitive, dot-files included, subdirectories not entered.
pub fn top_level(dir: &Path, suffix: &str) -> Result<Vec<String>, DirError> {
    let mut names = Vec::new();
    for entry in read_dir(dir)? {
        let entry = entry.map_err(|e| DirError::io(dir, e))?;
        match entry.file_name().into_string() {
            Ok(name) if name.ends_with(suffix) => names.push(name),
            Ok(_) => {}
            Err(raw) => {
                let lossy = raw.to_string_lossy().into_owned();
                if lossy.ends_with(suffix) {
                    return Err(DirError::NonUtf8Name {
                        dir: dir.to_path_buf(),
                        name: lossy,
                    });
                }
            }
        }
    }
    names.sort_unstable();
    Ok(names)
}

fn read_dir(dir: &Path) -> Result<fs::ReadDir, DirError> {
    fs::read_dir(dir).map_err(|e| DirError::io(dir, e))
}

/// The migration files of `dir` for `format`, relative and `/`-separated, in execution order.
pub fn migration_names(dir: &Path, format: &Format) -> Result<Vec<String>, DirError> {
    match format {
        Format::Atlas | Format::Goose | Format::Liquibase | Format::Dbmate | Format::SqlMigrate => {
            top_level(dir, ".sql")
        }
        Format::GolangMigrate => top_level(dir, ".up.sql"),
        Format::Flyway => flyway_names(dir),
        Format::Template(t) => {
            let t = Template::parse(t)?;
            template_names(dir, &t)
        }
    }
}

/// The files `atlas.sum` covers for `format`, in hashing order.
pub fn sum_names(
    dir: &Path,
    format: &Format,
    convention: SumConvention,
) -> Result<Vec<String>, DirError> {
    match (format, convention) {
        (Format::GolangMigrate | Format::Flyway, SumConvention::AllSqlFiles) => {
            top_level(dir, ".sql")
        }
        _ => migration_names(dir, format),
    }
}

fn template_names(dir: &Path, t: &Template) -> Result<Vec<String>, DirError> {
    let mut names: Vec<(String, String)> = top_level(dir, ".sql")?
        .into_iter()
        .filter_map(|n| {
            let v = t.match_name(&n)?.0.to_string();
            Some((n, v))
        })
        .collect();
    if t.uses_seq() {
        // Sequence numbers run in numeric order (`10` after `9`), names breaking ties.
        names.sort_by(|(a, va), (b, vb)| compare_numeric(va, vb).then_with(|| a.cmp(b)));
    }
    Ok(names.into_iter().map(|(n, _)| n).collect())
}

/// Compares digit strings as numbers, whatever their length or leading zeros.
pub fn compare_numeric(a: &str, b: &str) -> Ordering {
    let a = a.trim_start_matches('0');
    let b = b.trim_start_matches('0');
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// Reads a file named relative to `dir`, refusing anything but a regular file (or a link to
/// one).
pub fn read_file(dir: &Path, name: &str) -> Result<Vec<u8>, DirError> {
    let path = dir.join(name);
    let meta = fs::metadata(&path).map_err(|e| DirError::io(&path, e))?;
    if !meta.is_file() {
        return Err(DirError::NotAFile { path });
    }
    fs::read(&path).map_err(|e| DirError::io(&path, e))
}

/// Flyway files in Atlas's order (`FlywayDir.Files`, Atlas ≥ v0.33): a depth-first walk in byte
/// order that skips hidden directories and keeps `*.sql` files of at least four characters
/// starting with `V`, `B` or `R`; then the latest baseline, the versioned files after it by
/// numeric version, and the repeatables.
fn flyway_names(dir: &Path) -> Result<Vec<String>, DirError> {
    let mut walked = Vec::new();
    walk(dir, "", &mut walked)?;
    Ok(flyway_order(walked))
}

fn walk(root: &Path, rel: &str, out: &mut Vec<String>) -> Result<(), DirError> {
    let here = if rel.is_empty() {
        root.to_path_buf()
    } else {
        root.join(rel)
    };
    let mut entries = Vec::new();
    for entry in read_dir(&here)? {
        let entry = entry.map_err(|e| DirError::io(&here, e))?;
        let kind = entry
            .file_type()
            .map_err(|e| DirError::io(entry.path(), e))?;
        let name = match entry.file_name().into_string() {
            Ok(name) => name,
            Err(raw) => {
                let lossy = raw.to_string_lossy().into_owned();
                let relevant = if kind.is_dir() {
                    !lossy.starts_with('.')
                } else {
                    lossy.ends_with(".sql")
                };
                if relevant {
                    return Err(DirError::NonUtf8Name {
                        dir: here.clone(),
                        name: lossy,
                    });
                }
                continue;
            }
        };
        entries.push((name, kind.is_dir()));
    }
    entries.sort_unstable();
    for (name, is_dir) in entries {
        let path = if rel.is_empty() {
            name.clone()
        } else {
            format!("{rel}/{name}")
        };
        if is_dir {
            if !name.starts_with('.') {
                walk(root, &path, out)?;
            }
        } else if name.ends_with(".sql") && name.len() >= 4 && name.starts_with(['V', 'B', 'R']) {
            out.push(path);
        }
    }
    Ok(())
}

/// Atlas `flywayFiles.add` and `names`, quirks included: baselines and versions compare as
/// strings (`B2` drops `V10`), and a new baseline filters earlier versioned *paths* against its
/// version, which removes nothing in practice.
fn flyway_order(walked: Vec<String>) -> Vec<String> {
    let mut baseline: Option<String> = None;
    let mut versioned: Vec<String> = Vec::new();
    let mut repeatable: Vec<String> = Vec::new();
    for path in walked {
        let base = path.rsplit('/').next().unwrap_or(&path);
        match base.as_bytes().first() {
            Some(b'B') => {
                if let Some(b) = &baseline
                    && flyway_version(&path) < flyway_version(b)
                {
                    continue;
                }
                let bv = flyway_version(&path);
                versioned.retain(|v| v.as_str() > bv.as_str());
                baseline = Some(path);
            }
            Some(b'V') => {
                let keep = baseline
                    .as_ref()
                    .is_none_or(|b| flyway_version(b) < flyway_version(&path));
                if keep {
                    versioned.push(path);
                }
            }
            _ => repeatable.push(path),
        }
    }
    // Go's sort.Slice is stable for up to 12 elements; a stable sort matches it there.
    let by_version = |a: &String, b: &String| {
        flyway_numeric(&flyway_version(a)).cmp(&flyway_numeric(&flyway_version(b)))
    };
    versioned.sort_by(by_version);
    repeatable.sort_by(by_version);
    baseline
        .into_iter()
        .chain(versioned)
        .chain(repeatable)
        .collect()
}

/// Atlas `flywayVersionCompare`'s key: parts split at `.` or `_`, each read with Go's
/// `strconv.Atoi` (0 when not a number, clamped when too large).
fn flyway_numeric(v: &str) -> Vec<i64> {
    v.split(['.', '_'])
        .map(|part| match part.parse::<i64>() {
            Ok(n) => n,
            Err(e) => match e.kind() {
                std::num::IntErrorKind::PosOverflow => i64::MAX,
                std::num::IntErrorKind::NegOverflow => i64::MIN,
                _ => 0,
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(paths: &[&str]) -> Vec<String> {
        flyway_order(paths.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn flyway_quirks() {
        // Walk order: B2, R__views, V1, V10, V2, V3, v3/V3_1 (U files are never walked in).
        assert_eq!(
            order(&[
                "B2__baseline.sql",
                "R__views.sql",
                "V10__ten.sql",
                "V1__one.sql",
                "V2__two.sql",
                "V3__three.sql",
                "v3/V3_1__sub.sql",
            ]),
            vec![
                "B2__baseline.sql",
                "V3__three.sql",
                "v3/V3_1__sub.sql",
                "R__views.sql"
            ]
        );
        assert_eq!(
            order(&["V10__b.sql", "V2__a.sql", "V2_1__c.sql"]),
            vec!["V2__a.sql", "V2_1__c.sql", "V10__b.sql"]
        );
    }

    #[test]
    fn numeric_parts_follow_atoi() {
        assert_eq!(flyway_numeric("1.2_3"), vec![1, 2, 3]);
        assert_eq!(flyway_numeric("x"), vec![0]);
        assert_eq!(flyway_numeric(""), vec![0]);
        assert_eq!(flyway_numeric("99999999999999999999"), vec![i64::MAX]);
    }

    #[test]
    fn numeric_compare() {
        assert_eq!(compare_numeric("9", "10"), Ordering::Less);
        assert_eq!(compare_numeric("010", "9"), Ordering::Greater);
        assert_eq!(compare_numeric("07", "7"), Ordering::Equal);
    }
}
