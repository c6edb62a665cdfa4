//! `entgen migrate validate | hash | lint` on every directory: the binary as scripts see it.

use std::fs;

use super::common::{DirCopy, entgen, text};
use super::{NO_VERSION, case_dirs};

#[test]
fn validate_accepts_and_hash_reproduces_every_directory() {
    let mut n = 0;
    for group in ["real", "edge"] {
        for dir in case_dirs(group) {
            let copy = DirCopy::of(&dir, &format!("all-{group}"));
            // No --format: each directory is read in the format its files show.
            let out = entgen(&["migrate", "validate", "--dir", copy.s()]);
            // Atlas validates only the sum; entgen also refuses a file without a version (it
            // could never be applied), and still hashes it as Atlas does.
            let refused = dir.ends_with(NO_VERSION);
            assert_eq!(
                out.status.code(),
                Some(if refused { 1 } else { 0 }),
                "{}: {}",
                dir.display(),
                text(&out)
            );
            if refused {
                assert!(
                    text(&out).contains(".hidden.sql has no version"),
                    "{}",
                    text(&out)
                );
            }
            let want = fs::read(dir.join("atlas.sum")).unwrap();
            // A golang-migrate sum that lists `.down.sql` files (Atlas < 0.33) tells `hash` to
            // keep that convention; without it, hash follows today's rule.
            if !String::from_utf8_lossy(&want).contains(".down.sql") {
                fs::remove_file(copy.0.join("atlas.sum")).unwrap();
            }
            let out = entgen(&["migrate", "hash", "--dir", copy.s()]);
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
