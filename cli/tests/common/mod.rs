//! Helpers shared by the tests that run the `entgen` binary. (Each test crate uses a subset.)
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs the `entgen` binary without colour.
pub fn entgen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_entgen"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run entgen")
}

/// Stdout then stderr, for assertions on whatever the command said.
pub fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// A writable copy of a directory in the temporary directory, removed on drop.
pub struct DirCopy(pub PathBuf);

impl DirCopy {
    /// A copy of `src` (subdirectories included); `tag` keeps concurrent tests apart.
    pub fn of(src: &Path, tag: &str) -> DirCopy {
        let dst = DirCopy::empty(&format!(
            "{tag}-{}",
            src.file_name().unwrap().to_string_lossy()
        ));
        copy_dir(src, &dst.0);
        dst
    }

    /// A new empty directory.
    pub fn empty(tag: &str) -> DirCopy {
        let dst = std::env::temp_dir().join(format!("entgen-test-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dst);
        std::fs::create_dir_all(&dst).unwrap();
        DirCopy(dst)
    }

    /// The path as a command-line argument.
    pub fn s(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for DirCopy {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    for e in std::fs::read_dir(src).unwrap() {
        let e = e.unwrap();
        let to = dst.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to);
        } else {
            std::fs::copy(e.path(), &to).unwrap();
        }
    }
}

/// `entgen migrate validate` accepts a copy of `dir` (a migration directory with the
/// `atlas.sum` Atlas wrote) and, its sum removed, `migrate hash` writes the same bytes again.
pub fn assert_validate_accepts_and_hash_reproduces(dir: &Path, format: &str) {
    let copy = DirCopy::of(dir, "hash");
    let out = entgen(&["migrate", "validate", "--dir", copy.s(), "--format", format]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}: {}",
        dir.display(),
        text(&out)
    );
    let want = std::fs::read(dir.join("atlas.sum")).unwrap();
    std::fs::remove_file(copy.0.join("atlas.sum")).unwrap();
    let out = entgen(&["migrate", "hash", "--dir", copy.s(), "--format", format]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}: {}",
        dir.display(),
        text(&out)
    );
    let got = std::fs::read(copy.0.join("atlas.sum")).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&got),
        String::from_utf8_lossy(&want),
        "{}",
        dir.display()
    );
}
