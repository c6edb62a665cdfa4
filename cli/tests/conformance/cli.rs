//! `entgen migrate validate | hash | lint` on every directory: the binary as scripts see it.

use super::common::{assert_validate_accepts_and_hash_reproduces, entgen};
use super::{case_dirs, is_golang_migrate};

#[test]
fn validate_accepts_and_hash_reproduces_every_directory() {
    let mut n = 0;
    for group in ["real", "edge"] {
        for dir in case_dirs(group) {
            let format = if is_golang_migrate(&dir) {
                "golang-migrate"
            } else {
                "atlas"
            };
            assert_validate_accepts_and_hash_reproduces(&dir, format);
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
