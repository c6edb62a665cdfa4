//! `entgen migrate hash | validate | new` on copies of the atlas.sum test directories
//! (`../shared/testdata/atlas-sum`): the binary as scripts see it.

mod common;

use common::{entgen, text};

use std::fs;
use std::path::{Path, PathBuf};

fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/testdata/atlas-sum")
}

/// A writable copy of a directory, removed on drop.
struct Copy(PathBuf);

impl Copy {
    fn of(src: &Path, tag: &str) -> Copy {
        let dst = std::env::temp_dir().join(format!(
            "entgen-migrate-dir-{tag}-{}-{}",
            std::process::id(),
            src.file_name().unwrap().to_string_lossy()
        ));
        let _ = fs::remove_dir_all(&dst);
        copy_dir(src, &dst);
        Copy(dst)
    }
    fn empty(tag: &str) -> Copy {
        let dst =
            std::env::temp_dir().join(format!("entgen-migrate-dir-{tag}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dst);
        fs::create_dir_all(&dst).unwrap();
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

fn copy_dir(src: &Path, dst: &Path) {
    fs::create_dir_all(dst).unwrap();
    for e in fs::read_dir(src).unwrap() {
        let e = e.unwrap();
        let to = dst.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to);
        } else {
            fs::write(&to, fs::read(e.path()).unwrap()).unwrap();
        }
    }
}

fn cases() -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for group in ["real", "edge"] {
        let mut dirs: Vec<PathBuf> = fs::read_dir(testdata().join(group))
            .expect("shared/testdata/atlas-sum must sit beside the repository")
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir())
            .collect();
        dirs.sort();
        for d in dirs {
            out.push((group.to_string(), d));
        }
    }
    out
}

/// Test directories whose versions `validate` refuses, with the reason it gives.
const REFUSED_VERSIONS: &[(&str, &str)] = &[("sort_bytewise", ".hidden.sql has no version")];

#[test]
fn validate_accepts_and_hash_reproduces_every_testdata_directory() {
    let all = cases();
    assert!(all.len() >= 51, "only {} directories", all.len());
    for (group, dir) in &all {
        let copy = Copy::of(dir, &format!("all-{group}"));
        // No --format: each directory is read in the format its files show (`edge/golang_migrate`
        // and Atlas's own up/down test directory are golang-migrate; goose files hash as Atlas's).
        let out = entgen(&["migrate", "validate", "--dir", copy.s()]);
        // Atlas validates only the sum; entgen also refuses versions that could not be applied
        // (two files with one version, a file without one), and still hashes them as Atlas does.
        let refused = REFUSED_VERSIONS
            .iter()
            .find(|(name, _)| dir.ends_with(name))
            .map(|(_, why)| *why);
        assert_eq!(
            out.status.code(),
            Some(if refused.is_some() { 1 } else { 0 }),
            "{}: {}",
            dir.display(),
            text(&out)
        );
        if let Some(why) = refused {
            assert!(text(&out).contains(why), "{}", text(&out));
        }
        let want = fs::read(dir.join("atlas.sum")).unwrap();
        // A golang-migrate sum that lists `.down.sql` files (Atlas < 0.33) tells `hash` to keep
        // that convention; without it, hash would follow today's rule.
        if !String::from_utf8_lossy(&want).contains(".down.sql") {
            fs::remove_file(copy.0.join("atlas.sum")).unwrap();
        } else {
            fs::write(copy.0.join("atlas.sum"), &want).unwrap();
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
    }
}

const REAL: &str = "real/Comfy-Org+registry-backend__ent__migrate__migrations";

#[test]
fn validate_names_an_edited_file() {
    let copy = Copy::of(&testdata().join(REAL), "edit");
    let f = copy.0.join("20240711000828_migration.sql");
    let mut content = fs::read_to_string(&f).unwrap();
    content.push_str("-- an edit\n");
    fs::write(&f, content).unwrap();
    let out = entgen(&["migrate", "validate", "--dir", copy.s()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let t = text(&out);
    assert!(t.contains("20240711000828_migration.sql was edited"), "{t}");
    assert!(t.contains("entgen migrate hash --dir"), "{t}");
}

#[test]
fn validate_names_added_and_removed_files() {
    let copy = Copy::of(&testdata().join(REAL), "addrm");
    fs::write(copy.0.join("20990101000000_new.sql"), "SELECT 1;\n").unwrap();
    fs::write(copy.0.join("20240600000000_between.sql"), "SELECT 2;\n").unwrap();
    let out = entgen(&["migrate", "validate", "--dir", copy.s()]);
    assert_eq!(out.status.code(), Some(1));
    let t = text(&out);
    assert!(t.contains("20990101000000_new.sql was added"), "{t}");
    assert!(t.contains("20240600000000_between.sql was added"), "{t}");
    assert!(
        !t.contains("was edited"),
        "added files alone must not look like edits: {t}"
    );

    let copy = Copy::of(&testdata().join(REAL), "rm");
    fs::remove_file(copy.0.join("20250123210944_migration.sql")).unwrap();
    let out = entgen(&["migrate", "validate", "--dir", copy.s()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("20250123210944_migration.sql was removed"),
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
    let copy = Copy::of(&testdata().join("edge/single"), "nosum");
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
    let copy = Copy::of(&testdata().join("edge/single"), "new");
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
    let copy = Copy::of(&testdata().join("edge/single"), "newrefuse");
    fs::write(
        copy.0.join("20240101000000_init.sql"),
        "CREATE TABLE t (id bigint);\n",
    )
    .unwrap();
    let out = entgen(&["migrate", "new", "more", "--dir", copy.s()]);
    assert_eq!(out.status.code(), Some(1));
    let t = text(&out);
    assert!(t.contains("20240101000000_init.sql was edited"), "{t}");
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
    let dir = Copy::empty("newfmt");
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
