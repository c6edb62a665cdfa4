//! Conformance with Atlas on real migration directories: 39 directories from public
//! repositories (Atlas's own test data, ent's examples, projects that use them) and Atlas's edge
//! cases, each with the `atlas.sum` Atlas wrote. That collection is not part of this repository,
//! so this target is not part of `cargo test --workspace --all-targets`; it runs with the
//! collection's directory named explicitly (`.ci/run` names the project's copy):
//!
//! ```sh
//! ENTGEN_ATLAS_TESTDATA=DIR cargo test -p entgen-cli --features conformance --test conformance
//! ```
//!
//! Without the variable, or without `real/` and `edge/` under it, every test fails and says
//! why. The cases entgen keeps for itself are in `testdata/atlas-sum` and run in the ordinary
//! suite.

#[path = "../common/mod.rs"]
mod common;

mod apply;
mod atlas_sum;
mod cli;

use std::fs;
use std::path::PathBuf;

/// The edge case whose `.hidden.sql` has no version: Atlas hashes it, entgen refuses to apply it.
const NO_VERSION: &str = "sort_bytewise";

/// The collection's root: `real/` and `edge/` directories, each with Atlas's `atlas.sum`.
fn testdata() -> PathBuf {
    let root = PathBuf::from(std::env::var_os("ENTGEN_ATLAS_TESTDATA").expect(
        "the real Atlas directories are not part of this repository: set \
         ENTGEN_ATLAS_TESTDATA to the directory that holds their real/ and edge/",
    ));
    assert!(
        root.join("real").is_dir() && root.join("edge").is_dir(),
        "the real Atlas directories are absent: no real/ and edge/ under {}; set \
         ENTGEN_ATLAS_TESTDATA to the directory that holds them",
        root.display()
    );
    root
}

/// The directories of `group` (`real` or `edge`), sorted.
fn case_dirs(group: &str) -> Vec<PathBuf> {
    let root = testdata().join(group);
    let mut dirs: Vec<PathBuf> = fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|e| e.expect("read test data entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(!dirs.is_empty(), "no directories under {}", root.display());
    dirs
}

/// A real directory by name.
fn real(name: &str) -> PathBuf {
    testdata().join("real").join(name)
}
