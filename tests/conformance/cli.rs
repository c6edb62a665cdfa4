//! `entgen migrate validate | hash | lint` on every directory: the binary as scripts see it.

use std::fs;
use std::path::{Path, PathBuf};

use super::common::{entgen, text};
use super::{case_dirs, is_golang_migrate};

/// A writable copy of a directory, removed on drop.
struct Copy(PathBuf);

impl Copy {
    fn of(src: &Path) -> Copy {
        let dst = std::env::temp_dir().join(format!(
            "entgen-conformance-{}-{}",
            std::process::id(),
            src.file_name().unwrap().to_string_lossy()
        ));
        let _ = fs::remove_dir_all(&dst);
        fs::create_dir_all(&dst).unwrap();
        for e in fs::read_dir(src).unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_file() {
                fs::copy(e.path(), dst.join(e.file_name())).unwrap();
            }
        }
        Copy(dst)
    }

    fn s(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for Copy {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

#[test]
fn validate_accepts_and_hash_reproduces_every_directory() {
    let mut n = 0;
    for group in ["real", "edge"] {
        for dir in case_dirs(group) {
            let copy = Copy::of(&dir);
            let format = if is_golang_migrate(&dir) {
                "golang-migrate"
            } else {
                "atlas"
            };
            let out = entgen(&["migrate", "validate", "--dir", copy.s(), "--format", format]);
            assert_eq!(
                out.status.code(),
                Some(0),
                "{}: {}",
                dir.display(),
                text(&out)
            );
            let want = fs::read(dir.join("atlas.sum")).unwrap();
            fs::remove_file(copy.0.join("atlas.sum")).unwrap();
            let out = entgen(&["migrate", "hash", "--dir", copy.s(), "--format", format]);
            assert_eq!(
                out.status.code(),
                Some(0),
                "{}: {}",
                dir.display(),
                text(&out)
            );
            let got = fs::read(copy.0.join("atlas.sum")).unwrap();
            assert_eq!(
                String::from_utf8_lossy(&got),
                String::from_utf8_lossy(&want),
                "{}",
                dir.display()
            );
            n += 1;
        }
    }
    assert!(n >= 51, "only {n} directories");
}

#[test]
fn lint_runs_on_every_real_directory_without_crashing() {
    let dirs = case_dirs("real");
    assert!(dirs.len() >= 39, "only {} directories", dirs.len());
    for dir in dirs {
        for dialect in ["postgres", "sqlite", "mysql"] {
            let d = dir.to_str().unwrap();
            let out = entgen(&["migrate", "lint", "--dir", d, "--dialect", dialect]);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                matches!(out.status.code(), Some(0 | 1)) && !stderr.contains("panicked"),
                "{}: {stderr}",
                dir.display()
            );
        }
    }
}
