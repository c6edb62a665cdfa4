//! `atlas.sum` byte compatibility: every directory of the repository's `testdata/atlas-sum`
//! (cases with the sum Atlas writes for them, see its README), plus validation reports. The run
//! over real Atlas directories is the root crate's `conformance` test target.

#![cfg(feature = "migrate-dir")]

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use entgen_runtime::dir::sum::{SumInput, SumParseError};
use entgen_runtime::dir::{
    ChangeKind, DirError, Format, HashFile, MigrationDir, SumCheck, SumConvention,
};

fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/atlas-sum")
}

/// The format a case is hashed with: `golang_migrate` is Atlas ≥ 0.33's golang-migrate layout;
/// every other case is a plain Atlas directory.
fn format_for(name: &str) -> Format {
    match name {
        "golang_migrate" => Format::GolangMigrate,
        _ => Format::Atlas,
    }
}

fn case_dirs() -> Vec<PathBuf> {
    let root = testdata();
    let entries = fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("atlas.sum cases missing at {}: {e}", root.display()));
    let mut dirs: Vec<PathBuf> = entries
        .map(|e| e.expect("read test data entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

#[test]
fn every_case_directory_reproduces_its_atlas_sum() {
    let mut checked = Vec::new();
    let mut failures = Vec::new();
    for dir in case_dirs() {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let want = fs::read(dir.join("atlas.sum"))
            .unwrap_or_else(|e| panic!("{}: no atlas.sum: {e}", dir.display()));
        let md = MigrationDir::open(&dir, format_for(&name)).unwrap();
        let got = md.compute_sum().unwrap().render();
        if got.as_bytes() != want.as_slice() {
            failures.push(format!(
                "{name}\n--- computed\n{got}--- stored\n{}",
                String::from_utf8_lossy(&want)
            ));
        }
        match md.check_sum() {
            // Atlas hashes files without a version, but they could never be applied.
            Err(DirError::NoVersion { .. }) if name == "byte_order" => {}
            check => assert_eq!(
                check.unwrap(),
                SumCheck::Valid,
                "{name}: validate should accept the directory"
            ),
        }
        checked.push(name);
    }
    assert!(failures.is_empty(), "mismatches:\n{}", failures.join("\n"));
    assert!(checked.len() >= 13, "only {checked:?} checked");
}

#[test]
fn the_ignore_directive_counts_only_alone_on_the_first_line() {
    let listed = |case: &str| -> Vec<String> {
        let md = MigrationDir::open(testdata().join(case), Format::Atlas).unwrap();
        let sum = md.compute_sum().unwrap();
        sum.entries().iter().map(|e| e.name.clone()).collect()
    };
    assert_eq!(listed("ignore_directive"), ["1_tables.sql", "3_more.sql"]);
    assert_eq!(listed("ignore_prefixes"), ["3_no_mode.sql"]);
    for kept in [
        "ignore_on_second_line",
        "ignore_with_cr",
        "ignore_with_blank",
    ] {
        assert_eq!(listed(kept), ["1_x.sql"], "{kept}");
    }
    assert_eq!(
        listed("byte_order"),
        [
            ".dotted.sql",
            "10_second.sql",
            "9_first.sql",
            "Upper.sql",
            "_under.sql",
            "lower.sql"
        ]
    );
}

#[test]
fn golang_migrate_before_atlas_0_33_sums_down_files_too() {
    let dir = testdata().join("golang_migrate");
    let md = MigrationDir::open(&dir, Format::GolangMigrate)
        .unwrap()
        .with_sum_convention(SumConvention::AllSqlFiles);
    let sum = md.compute_sum().unwrap();
    let names: Vec<&str> = sum.entries().iter().map(|e| e.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "1_users.down.sql",
            "1_users.up.sql",
            "2_email.down.sql",
            "2_email.up.sql"
        ]
    );
    // Cross-checked with the reference implementation (atlassum.py) in its plain mode.
    assert_eq!(
        sum.render().lines().next(),
        Some("h1:BljC94tcfugkCXWauO+0QcD4iKTPjtonn3neeu0c6GY=")
    );
    // The current convention is the sum stored in the case.
    let current = MigrationDir::open(&dir, Format::GolangMigrate).unwrap();
    let want = fs::read_to_string(dir.join("atlas.sum")).unwrap();
    assert_eq!(current.compute_sum().unwrap().render(), want);
}

fn sum_of(files: &[(&str, &str)]) -> String {
    HashFile::compute(files.iter().map(|(name, content)| SumInput {
        name,
        bytes: content.as_bytes(),
    }))
    .render()
}

#[test]
fn documented_vectors() {
    // entgo.io blog "versioned-migrations-sum-file" (golang-migrate files in a plain directory).
    let up = "-- create \"users\" table\nCREATE TABLE `users` (`id` bigint NOT NULL AUTO_INCREMENT, PRIMARY KEY (`id`)) CHARSET utf8mb4 COLLATE utf8mb4_bin;\n";
    let down = "-- reverse: create \"users\" table\nDROP TABLE `users`;\n";
    assert_eq!(
        sum_of(&[
            ("20220504114411_initial.down.sql", down),
            ("20220504114411_initial.up.sql", up)
        ]),
        "h1:SxbWjP6gufiBpBjOVtFXgXy7q3pq1X11XYUxvT4ErxM=\n\
         20220504114411_initial.down.sql h1:OllnelRaqecTrPbd2YpDbBEymCpY/l6ihbyd/tVDgeY=\n\
         20220504114411_initial.up.sql h1:o/6yOczGSNYQLlvALEU9lK2/L6/ws65FrHJkEk/tjBk=\n"
    );
    // ariga/atlas#3460: six empty files, up files only (≥ v0.33) and all of them (< v0.33).
    let up_only = sum_of(&[
        ("1_foo.up.sql", ""),
        ("2_foo.up.sql", ""),
        ("3_foo.up.sql", ""),
    ]);
    assert!(up_only.starts_with("h1:U7koTgSs9HfZBVlJvVyjl3TYQsL1XtYgN3wGlgpbSz4=\n1_foo.up.sql h1:sA//QCV2RBTEr8hSuRTm/DFDWs0VcSQHQKZDIGNQ7Y0=\n"));
    let all = sum_of(&[
        ("1_foo.down.sql", ""),
        ("1_foo.up.sql", ""),
        ("2_foo.down.sql", ""),
        ("2_foo.up.sql", ""),
        ("3_foo.down.sql", ""),
        ("3_foo.up.sql", ""),
    ]);
    assert!(all.starts_with("h1:vhPiFlhkYSJ1MVyYMAM2gjEm5pjE1ny4RLyYRKvyeB0=\n1_foo.down.sql h1:wIeaJ1N6KNIM8zeLU6ImjpnMm+OEe7yYGv4DbLwdNPw=\n"));
    // A third-party Go test.
    assert_eq!(
        sum_of(&[
            ("0000000001_init.down.sql", "DROP TABLE users;\n"),
            (
                "0000000001_init.up.sql",
                "CREATE TABLE users (id SERIAL PRIMARY KEY);\n"
            ),
        ]),
        "h1:dV4b2tjr5jLyPdgrKp+m/NTaWTKMVgV80o5ps0Ew/GE=\n\
         0000000001_init.down.sql h1:b4afj7upDcaQPh2KA7KdMZl7PEqNfrt1lEui6Gw5lHA=\n\
         0000000001_init.up.sql h1:5pdFXxDzI9YASZoApjzSlatn7yMRKqTZ/pSe714fz0w=\n"
    );
}

/// A scratch directory removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(files: &[(&str, &str)]) -> Scratch {
        static N: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "entgen-dir-sum-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).unwrap();
        for (name, content) in files {
            let p = path.join(name);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, content).unwrap();
        }
        Scratch(path)
    }

    fn write(&self, name: &str, content: &str) {
        fs::write(self.0.join(name), content).unwrap();
    }

    fn remove(&self, name: &str) {
        fs::remove_file(self.0.join(name)).unwrap();
    }

    fn dir(&self) -> MigrationDir {
        MigrationDir::open(&self.0, Format::Atlas).unwrap()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn hashed(files: &[(&str, &str)]) -> Scratch {
    let s = Scratch::new(files);
    assert!(s.dir().write_sum().unwrap());
    assert!(
        !s.dir().write_sum().unwrap(),
        "rehashing an unchanged directory rewrites nothing"
    );
    assert_eq!(s.dir().check_sum().unwrap(), SumCheck::Valid);
    s
}

fn mismatch(s: &Scratch) -> Vec<(String, ChangeKind, usize)> {
    match s.dir().check_sum().unwrap() {
        SumCheck::Mismatch(d) => d
            .changes
            .into_iter()
            .map(|c| (c.file, c.kind, c.line))
            .collect(),
        other => panic!("expected a mismatch, got {other:?}"),
    }
}

const THREE: &[(&str, &str)] = &[
    ("1_a.sql", "CREATE TABLE a (id int);\n"),
    ("2_b.sql", "CREATE TABLE b (id int);\n"),
    ("3_c.sql", "CREATE TABLE c (id int);\n"),
];

#[test]
fn validate_names_an_edited_file() {
    let s = hashed(THREE);
    s.write("2_b.sql", "CREATE TABLE b (id bigint);\n");
    assert_eq!(
        mismatch(&s),
        [("2_b.sql".to_string(), ChangeKind::Edited, 3)]
    );
    let SumCheck::Mismatch(d) = s.dir().check_sum().unwrap() else {
        unreachable!()
    };
    assert_eq!(d.changes[0].to_string(), "file 2_b.sql was edited");
    assert_eq!(
        d.unverified,
        ["3_c.sql"],
        "later files cannot be checked one by one"
    );
}

#[test]
fn validate_names_an_added_file_and_sees_past_it() {
    let s = hashed(THREE);
    s.write("2a_new.sql", "SELECT 1;\n");
    assert_eq!(
        mismatch(&s),
        [("2a_new.sql".to_string(), ChangeKind::Added, 4)]
    );
    // An edit after the added file is still found.
    s.write("3_c.sql", "CREATE TABLE c (id bigint);\n");
    assert_eq!(
        mismatch(&s),
        [
            ("2a_new.sql".to_string(), ChangeKind::Added, 4),
            ("3_c.sql".to_string(), ChangeKind::Edited, 4),
        ]
    );
}

#[test]
fn validate_names_a_removed_file() {
    let s = hashed(THREE);
    s.remove("2_b.sql");
    assert_eq!(
        mismatch(&s),
        [("2_b.sql".to_string(), ChangeKind::Removed, 3)]
    );
}

#[test]
fn validate_lists_every_added_and_removed_file() {
    let s = hashed(THREE);
    s.remove("1_a.sql");
    s.remove("3_c.sql");
    s.write("4_d.sql", "SELECT 4;\n");
    s.write("5_e.sql", "SELECT 5;\n");
    let mut got = mismatch(&s);
    got.sort();
    assert_eq!(
        got,
        [
            ("1_a.sql".to_string(), ChangeKind::Removed, 2),
            ("3_c.sql".to_string(), ChangeKind::Removed, 4),
            ("4_d.sql".to_string(), ChangeKind::Added, 3),
            ("5_e.sql".to_string(), ChangeKind::Added, 4),
        ]
    );
}

#[test]
fn missing_sum_is_reported_only_when_there_are_files() {
    let empty = Scratch::new(&[]);
    assert_eq!(empty.dir().check_sum().unwrap(), SumCheck::Valid);
    let s = Scratch::new(THREE);
    assert_eq!(s.dir().check_sum().unwrap(), SumCheck::NotFound);
}

#[test]
fn malformed_sum_names_the_line() {
    let s = hashed(THREE);
    let text = fs::read_to_string(s.0.join("atlas.sum")).unwrap();
    s.write(
        "atlas.sum",
        &text.replace("2_b.sql", "<<<<<<< HEAD\n2_b.sql"),
    );
    let err = s.dir().check_sum().unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("atlas.sum") && msg.contains("line 3"), "{msg}");
    match err {
        entgen_runtime::dir::DirError::MalformedSum { source, .. } => {
            assert!(matches!(source, SumParseError::BadLine { line: 3, .. }))
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn ignored_files_are_named_but_not_listed() {
    let s = hashed(&[
        ("1_a.sql", "SELECT 1;\n"),
        ("2_b.sql", "-- atlas:sum ignore\nSELECT 2;\n"),
        ("3_c.sql", "SELECT 3;\n"),
    ]);
    let sum = fs::read_to_string(s.0.join("atlas.sum")).unwrap();
    assert!(!sum.contains("2_b.sql"));
    // Editing an ignored file does not matter; renaming it does (its name is hashed).
    s.write("2_b.sql", "-- atlas:sum ignore\nSELECT 22;\n");
    assert_eq!(s.dir().check_sum().unwrap(), SumCheck::Valid);
    s.remove("2_b.sql");
    s.write("2_x.sql", "-- atlas:sum ignore\nSELECT 2;\n");
    assert!(!s.dir().check_sum().unwrap().is_valid());
}
