//! `atlas.sum` computed by the runtime, byte for byte Atlas's, on every directory.

use std::fs;

use entgen_runtime::dir::{DirError, Format, MigrationDir, SumCheck, SumConvention};

use super::{NO_VERSION, case_dirs, real, testdata};

#[test]
fn every_directory_reproduces_its_atlas_sum() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for group in ["real", "edge"] {
        for dir in case_dirs(group) {
            let want = fs::read(dir.join("atlas.sum"))
                .unwrap_or_else(|e| panic!("{}: no atlas.sum: {e}", dir.display()));
            // Opened in the format its files show: `edge/golang_migrate` and Atlas's own up/down
            // test directory are golang-migrate; goose files in a plain directory hash as Atlas's.
            let md = MigrationDir::open_detected(&dir).unwrap();
            let got = md.compute_sum().unwrap().render();
            if got.as_bytes() != want.as_slice() {
                failures.push(format!(
                    "{}\n--- computed\n{got}--- stored\n{}",
                    dir.display(),
                    String::from_utf8_lossy(&want)
                ));
            }
            match md.check_sum() {
                // Atlas hashes it, but a file without a version could never be applied.
                Err(DirError::NoVersion { file }) if dir.ends_with(NO_VERSION) => {
                    assert_eq!(file, ".hidden.sql");
                }
                check => assert_eq!(
                    check.unwrap(),
                    SumCheck::Valid,
                    "{}: validate should accept the directory",
                    dir.display()
                ),
            }
            checked += 1;
        }
    }
    assert!(failures.is_empty(), "mismatches:\n{}", failures.join("\n"));
    // 39 real directories and 12 edge cases when the collection was made.
    assert!(checked >= 51, "only {checked} directories checked");
}

#[test]
fn a_real_golang_migrate_directory_hashes_the_same_in_both_conventions() {
    // beavermoney has only .up.sql files, so both golang-migrate rules agree with Atlas's sum.
    let dir = real("beavermoney+beavermoney__ent__migrate__migrations");
    let want = fs::read_to_string(dir.join("atlas.sum")).expect("test data");
    for convention in [SumConvention::Current, SumConvention::AllSqlFiles] {
        let md = MigrationDir::open(&dir, Format::GolangMigrate)
            .unwrap()
            .with_sum_convention(convention);
        assert_eq!(md.compute_sum().unwrap().render(), want);
    }
}

#[test]
fn golang_migrate_before_atlas_0_33_sums_down_files_too() {
    let dir = testdata().join("edge/golang_migrate");
    let md = MigrationDir::open(&dir, Format::GolangMigrate)
        .unwrap()
        .with_sum_convention(SumConvention::AllSqlFiles);
    let sum = md.compute_sum().unwrap();
    let names: Vec<&str> = sum.entries().iter().map(|e| e.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "1_init.down.sql",
            "1_init.up.sql",
            "2_x.down.sql",
            "2_x.up.sql"
        ]
    );
    // Cross-checked with the reference implementation (atlassum.py) in its plain mode.
    assert_eq!(
        sum.render().lines().next(),
        Some("h1:pGpfKPskkSbVG/dw5zV9xlDrZxRVUVB0VLJezeGp/0Q=")
    );
}
