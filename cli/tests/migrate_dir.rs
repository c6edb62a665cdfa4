//! `entgen migrate hash | validate | new` on copies of the repository's atlas.sum cases
//! (`testdata/atlas-sum`): the binary as scripts see it.

mod common;

use common::{DirCopy, assert_validate_accepts_and_hash_reproduces, entgen, text};

use std::fs;
use std::path::{Path, PathBuf};

fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/atlas-sum")
}

fn cases() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(testdata())
        .expect("testdata/atlas-sum")
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn format_of(dir: &Path) -> &'static str {
    if dir.ends_with("golang_migrate") {
        "golang-migrate"
    } else {
        "atlas"
    }
}

/// The case whose files have no version (it shows Atlas's byte-wise order of names).
const NO_VERSIONS: &str = "byte_order";

/// Atlas hashes files without a version, but they could never be applied: `validate` refuses
/// the directory naming such a file, and `hash` still writes Atlas's sum.
#[test]
fn files_without_a_version_are_refused_but_hashed_as_atlas_does() {
    let dir = testdata().join(NO_VERSIONS);
    let copy = DirCopy::of(&dir, "no-versions");
    let out = entgen(&["migrate", "validate", "--dir", copy.s()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("has no version"), "{}", text(&out));
    fs::remove_file(copy.0.join("atlas.sum")).unwrap();
    let out = entgen(&["migrate", "hash", "--dir", copy.s()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(
        fs::read_to_string(copy.0.join("atlas.sum")).unwrap(),
        fs::read_to_string(dir.join("atlas.sum")).unwrap()
    );
}

#[test]
fn validate_accepts_and_hash_reproduces_every_testdata_directory() {
    let all = cases();
    assert!(all.len() >= 13, "only {} directories", all.len());
    for dir in all.iter().filter(|d| !d.ends_with(NO_VERSIONS)) {
        assert_validate_accepts_and_hash_reproduces(dir, format_of(dir));
    }
}

const LIBRARY: &str = "library";

#[test]
fn validate_names_an_edited_file() {
    let copy = DirCopy::of(&testdata().join(LIBRARY), "edit");
    let f = copy.0.join("20250301090100_books.sql");
    let mut content = fs::read_to_string(&f).unwrap();
    content.push_str("-- an edit\n");
    fs::write(&f, content).unwrap();
    let out = entgen(&["migrate", "validate", "--dir", copy.s()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let t = text(&out);
    assert!(t.contains("20250301090100_books.sql was edited"), "{t}");
    assert!(t.contains("entgen migrate hash --dir"), "{t}");
}

#[test]
fn validate_names_added_and_removed_files() {
    let copy = DirCopy::of(&testdata().join(LIBRARY), "addrm");
    fs::write(copy.0.join("20990101000000_new.sql"), "SELECT 1;\n").unwrap();
    fs::write(copy.0.join("20250305000000_between.sql"), "SELECT 2;\n").unwrap();
    let out = entgen(&["migrate", "validate", "--dir", copy.s()]);
    assert_eq!(out.status.code(), Some(1));
    let t = text(&out);
    assert!(t.contains("20990101000000_new.sql was added"), "{t}");
    assert!(t.contains("20250305000000_between.sql was added"), "{t}");
    assert!(
        !t.contains("was edited"),
        "added files alone must not look like edits: {t}"
    );

    let copy = DirCopy::of(&testdata().join(LIBRARY), "rm");
    fs::remove_file(copy.0.join("20250310080000_book_isbn.sql")).unwrap();
    let out = entgen(&["migrate", "validate", "--dir", copy.s()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("20250310080000_book_isbn.sql was removed"),
        "{}",
        text(&out)
    );
    // Hash fixes it.
    assert_eq!(
        entgen(&["migrate", "hash", "--dir", copy.s()])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        entgen(&["migrate", "validate", "--dir", copy.s()])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn validate_reports_a_missing_or_malformed_sum() {
    let copy = DirCopy::of(&testdata().join("one_file"), "nosum");
    fs::remove_file(copy.0.join("atlas.sum")).unwrap();
    let out = entgen(&["migrate", "validate", "--dir", copy.s()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("no atlas.sum"), "{}", text(&out));
    fs::write(copy.0.join("atlas.sum"), "h1:abc\n<<<<<<< HEAD\n").unwrap();
    let out = entgen(&["migrate", "validate", "--dir", copy.s()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("line 2"), "{}", text(&out));
    let out = entgen(&["migrate", "validate", "--dir", "/nonexistent/entgen-dir"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("/nonexistent/entgen-dir"),
        "{}",
        text(&out)
    );
    let out = entgen(&[
        "migrate",
        "validate",
        "--dir",
        copy.s(),
        "--format",
        "bogus",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
}

#[test]
fn new_writes_an_empty_file_and_updates_the_sum() {
    let copy = DirCopy::of(&testdata().join("one_file"), "new");
    let out = entgen(&["migrate", "new", "add_pets", "--dir", copy.s()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let names: Vec<String> = fs::read_dir(&copy.0)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with("_add_pets.sql"))
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    assert_eq!(fs::read(copy.0.join(&names[0])).unwrap(), b"");
    assert!(
        names[0].len() == "20240101000000_add_pets.sql".len(),
        "{}",
        names[0]
    );
    let sum = fs::read_to_string(copy.0.join("atlas.sum")).unwrap();
    assert!(sum.contains(&names[0]), "{sum}");
    assert_eq!(
        entgen(&["migrate", "validate", "--dir", copy.s()])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn new_refuses_a_directory_that_does_not_match_its_sum() {
    let copy = DirCopy::of(&testdata().join("one_file"), "newrefuse");
    fs::write(
        copy.0.join("20250115000000_init.sql"),
        "CREATE TABLE t (id bigint);\n",
    )
    .unwrap();
    let out = entgen(&["migrate", "new", "more", "--dir", copy.s()]);
    assert_eq!(out.status.code(), Some(1));
    let t = text(&out);
    assert!(t.contains("20250115000000_init.sql was edited"), "{t}");
    assert!(t.contains("entgen migrate hash"), "{t}");
    let written = fs::read_dir(&copy.0)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains("more")
        })
        .count();
    assert_eq!(written, 0);
}

#[test]
fn new_in_other_formats() {
    let dir = DirCopy::empty("newfmt");
    let gm = dir.0.join("gm");
    let out = entgen(&[
        "migrate",
        "new",
        "init",
        "--dir",
        gm.to_str().unwrap(),
        "--format",
        "golang-migrate",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let mut names: Vec<String> = fs::read_dir(&gm)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(names[0].ends_with("_init.down.sql") && names[1].ends_with("_init.up.sql"));
    let seq = dir.0.join("seq");
    for expect in ["1_a.up.sql", "2_b.up.sql"] {
        let name = &expect[2..3];
        let out = entgen(&[
            "migrate",
            "new",
            name,
            "--dir",
            seq.to_str().unwrap(),
            "--format",
            "template:{{seq}}_{{name}}.up.sql",
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        assert!(seq.join(expect).exists(), "{expect}");
    }
    let out = entgen(&["migrate", "new", "bad/name", "--dir", seq.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
}
