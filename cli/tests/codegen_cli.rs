//! `entgen generate` as a user runs it: every file under the banner, nothing rewritten when
//! nothing changed, files of removed entities deleted but hand-written files kept, `--check`
//! naming stale files with exit 1, the same bytes on every run, and schema errors with their
//! position and exit 1.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{entgen, text};
use entgen::codegen::{BANNER, FORMAT_CACHE_DIR};

/// A fresh directory for one test under cargo's scratch space.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("codegen_cli")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

fn blog() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../schemas/blog")
        .display()
        .to_string()
}

fn generate(schema: &str, target: &Path, extra: &[&str]) -> std::process::Output {
    let target = target.display().to_string();
    let mut args = vec!["generate", schema, "--target", &target];
    args.extend_from_slice(extra);
    entgen(&args)
}

/// Every file of a directory (not recursive) with its bytes.
fn contents(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .expect("read target")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_file())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).expect("read file"))
        })
        .collect()
}

fn write_schema(dir: &Path, text: &str) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("schema.schema"), text).unwrap();
}

const USER_AND_PET: &str = "entity User {\n    name string\n    edge pets to Pet[]\n}\n\n\
                            entity Pet {\n    name string\n    edge owner from User.pets?\n}\n";
const USER_ONLY: &str = "entity User {\n    name string\n}\n";

#[test]
fn writes_every_module_under_the_banner() {
    let target = scratch("banner").join("ent");
    let output = generate(&blog(), &target, &[]);
    assert!(output.status.success(), "{}", text(&output));
    let files = contents(&target);
    assert!(files.contains_key("mod.rs"), "{:?}", files.keys());
    assert!(files.contains_key("migrate.rs"), "{:?}", files.keys());
    assert!(files.len() > 3, "a module per entity: {:?}", files.keys());
    for (name, bytes) in &files {
        let first_line = String::from_utf8_lossy(bytes)
            .lines()
            .next()
            .unwrap_or("")
            .to_owned();
        assert_eq!(first_line, BANNER, "{name}");
    }
    let mod_rs = String::from_utf8_lossy(&files["mod.rs"]).into_owned();
    assert!(mod_rs.contains("pub mod migrate;"), "{mod_rs}");
    assert!(
        text(&output).contains(&format!("wrote {}", target.join("mod.rs").display())),
        "{}",
        text(&output)
    );
}

#[test]
fn a_second_run_rewrites_nothing() {
    let target = scratch("unchanged").join("ent");
    assert!(generate(&blog(), &target, &[]).status.success());
    let mtime = |p: &Path| std::fs::metadata(p).unwrap().modified().unwrap();
    let before: Vec<_> = contents(&target)
        .keys()
        .map(|name| (name.clone(), mtime(&target.join(name))))
        .collect();
    // File systems with coarse timestamps would hide a rewrite made right away.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let output = generate(&blog(), &target, &[]);
    assert!(output.status.success(), "{}", text(&output));
    assert!(text(&output).contains(" 0 written"), "{}", text(&output));
    for (name, time) in before {
        assert_eq!(mtime(&target.join(&name)), time, "{name} was rewritten");
    }
}

#[test]
fn the_format_cache_reuses_unchanged_files_and_never_hides_an_edit() {
    let dir = scratch("format_cache");
    let (schema, target) = (dir.join("schema"), dir.join("ent"));
    write_schema(&schema, USER_AND_PET);
    let schema = schema.display().to_string();
    let first = generate(&schema, &target, &[]);
    assert!(first.status.success(), "{}", text(&first));
    assert!(
        text(&first).contains("from the format cache"),
        "{}",
        text(&first)
    );
    let ignore = std::fs::read_to_string(target.join(FORMAT_CACHE_DIR).join(".gitignore"));
    assert!(ignore.expect("the cache ignores itself").contains("\n*\n"));

    // Nothing changed: nothing is formatted again.
    let second = generate(&schema, &target, &[]);
    assert!(
        text(&second).contains(" 0 formatted, 4 from the format cache"),
        "{}",
        text(&second)
    );

    // One entity changed: only its module (and the tables) are formatted; the bytes are those
    // of a run without the cache.
    let with_age = USER_AND_PET.replace("entity User {\n", "entity User {\n    age int?\n");
    write_schema(&dir.join("schema"), &with_age);
    let third = generate(&schema, &target, &[]);
    assert!(
        text(&third).contains(" 2 formatted, 2 from the format cache"),
        "{}",
        text(&third)
    );
    let uncached = dir.join("uncached");
    assert!(
        generate(&schema, &uncached, &["--no-cache"])
            .status
            .success()
    );
    assert_eq!(contents(&target), contents(&uncached));
    assert!(!uncached.join(FORMAT_CACHE_DIR).exists());

    // A generated file edited by hand is a cache miss and is put back.
    let pet = target.join("pet.rs");
    let generated = std::fs::read(&pet).expect("pet.rs");
    std::fs::write(
        &pet,
        b"// @generated by entgen \xe2\x80\x94 do not edit\nbroken\n",
    )
    .expect("edit");
    let fourth = generate(&schema, &target, &[]);
    assert!(text(&fourth).contains(" 1 formatted"), "{}", text(&fourth));
    assert_eq!(std::fs::read(&pet).expect("pet.rs"), generated);
}

#[test]
fn files_of_removed_entities_are_deleted_and_hand_written_files_kept() {
    let dir = scratch("removed");
    let (schema, target) = (dir.join("schema"), dir.join("ent"));
    write_schema(&schema, USER_AND_PET);
    let schema_arg = schema.display().to_string();
    assert!(generate(&schema_arg, &target, &[]).status.success());
    let with_pet: Vec<String> = contents(&target).into_keys().collect();
    std::fs::write(target.join("extra.rs"), "// mine\npub fn helper() {}\n").unwrap();
    std::fs::write(target.join("notes.txt"), "notes").unwrap();

    write_schema(&schema, USER_ONLY);
    let output = generate(&schema_arg, &target, &[]);
    assert!(output.status.success(), "{}", text(&output));
    let now = contents(&target);
    let removed: Vec<&String> = with_pet.iter().filter(|n| !now.contains_key(*n)).collect();
    assert!(
        !removed.is_empty(),
        "the pet module is deleted: {:?}",
        now.keys()
    );
    for name in &removed {
        assert!(
            text(&output).contains(&format!("deleted {}", target.join(name).display())),
            "{}",
            text(&output)
        );
    }
    assert!(
        now.contains_key("extra.rs"),
        "a file without the banner is kept"
    );
    assert!(now.contains_key("notes.txt"));
    assert!(!String::from_utf8_lossy(&now["mod.rs"]).contains("pet"));
}

#[test]
fn check_names_stale_missing_and_removed_files_and_exits_1() {
    let dir = scratch("check");
    let (schema, target) = (dir.join("schema"), dir.join("ent"));
    write_schema(&schema, USER_AND_PET);
    let schema_arg = schema.display().to_string();
    assert!(generate(&schema_arg, &target, &[]).status.success());

    let up_to_date = generate(&schema_arg, &target, &["--check"]);
    assert_eq!(up_to_date.status.code(), Some(0), "{}", text(&up_to_date));

    let mod_rs = target.join("mod.rs");
    let edited = std::fs::read_to_string(&mod_rs).unwrap() + "\n// edited by hand\n";
    std::fs::write(&mod_rs, &edited).unwrap();
    std::fs::remove_file(target.join("migrate.rs")).unwrap();
    let before = contents(&target);
    let stale = generate(&schema_arg, &target, &["--check"]);
    assert_eq!(stale.status.code(), Some(1), "{}", text(&stale));
    let stdout = String::from_utf8_lossy(&stale.stdout);
    assert!(
        stdout.contains(&format!("{} (stale)", mod_rs.display())),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "{} (missing)",
            target.join("migrate.rs").display()
        )),
        "{stdout}"
    );
    assert!(
        text(&stale).contains("run `entgen generate"),
        "{}",
        text(&stale)
    );
    assert_eq!(contents(&target), before, "--check writes nothing");

    write_schema(&schema, USER_ONLY);
    let removed = generate(&schema_arg, &target, &["--check"]);
    assert_eq!(removed.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&removed.stdout).contains("(no longer generated)"),
        "{}",
        text(&removed)
    );
}

#[test]
fn the_same_schema_gives_the_same_bytes() {
    let dir = scratch("deterministic");
    let (a, b) = (dir.join("a"), dir.join("b"));
    assert!(
        generate(&blog(), &a, &["--feature", "versioned-migration"])
            .status
            .success()
    );
    assert!(
        generate(&blog(), &b, &["--feature", "versioned-migration"])
            .status
            .success()
    );
    assert_eq!(contents(&a), contents(&b));
}

#[test]
fn an_invalid_schema_exits_1_naming_file_line_and_column() {
    let dir = scratch("invalid");
    let schema = dir.join("schema");
    write_schema(&schema, "entity User {\n    name strin\n}\n");
    let target = dir.join("ent");
    let output = generate(&schema.display().to_string(), &target, &[]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let expected = format!("{}:2:10", schema.join("schema.schema").display());
    assert!(text(&output).contains(&expected), "{}", text(&output));
    assert!(!target.exists(), "nothing is written for an invalid schema");
}

#[test]
fn an_unknown_feature_is_a_usage_error() {
    let target = scratch("feature").join("ent");
    let output = generate(&blog(), &target, &["--feature", "graphql"]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(
        text(&output).contains("unknown feature `graphql`"),
        "{}",
        text(&output)
    );
}
