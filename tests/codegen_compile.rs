//! The client for a 200-entity schema (plus an entity whose fields are Rust keywords) compiles,
//! passes `clippy -D warnings` and `rustfmt --check`: this is how CI compiles a large generated
//! client. The crate lives in a fixed directory under cargo's scratch space with its own target
//! directory, and files are only rewritten when they change, so later runs build incrementally.

use std::path::{Path, PathBuf};
use std::process::Command;

const ENTITIES: usize = 200;

#[test]
fn a_200_entity_client_builds_and_is_clippy_and_rustfmt_clean() {
    let krate = Path::new(env!("CARGO_TARGET_TMPDIR")).join("codegen_compile");
    write_crate(&krate);
    let mut config = entgen::Config::new();
    config
        .out_dir(krate.join("src/ent"))
        .files()
        .feature("versioned-migration")
        .emit_rerun_if_changed(false);
    if let Err(error) = config.generate(krate.join("schema")) {
        panic!("generating the 200-entity client failed: {error}");
    }
    cargo(&krate, &["clippy", "--", "-D", "warnings"]);
    cargo(&krate, &["build"]);
    rustfmt_check(&krate.join("src/ent/mod.rs"));
}

fn write_crate(krate: &Path) {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"));
    let runtime = workspace.join("runtime");
    let manifest = format!(
        "[package]\nname = \"entgen-compile-check\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\
         publish = false\n\n[dependencies]\nentgen-runtime = {{ path = {:?} }}\n\n\
         [features]\ndefault = [\"versioned-migration\"]\n\
         versioned-migration = [\"entgen-runtime/migrate-dir\"]\n\n\
         # Not a member of the entgen workspace it may sit in.\n[workspace]\n",
        runtime.display().to_string()
    );
    write_if_changed(&krate.join("Cargo.toml"), &manifest);
    write_if_changed(
        &krate.join("src/lib.rs"),
        // The synthetic entities form a 200-long cycle of edges (E0 → E1 → … → E0). Loaded
        // edges are type-erased (`typed::Loaded`), so this compiles with rustc's default
        // recursion limit: no `recursion_limit` attribute here.
        "//! A generated 200-entity client, compiled by entgen's tests.\n\npub mod ent;\n",
    );
    // The workspace's versions, so the check builds what the workspace builds, offline.
    let lock = std::fs::read_to_string(workspace.join("Cargo.lock")).expect("Cargo.lock");
    if !krate.join("Cargo.lock").exists() {
        write_if_changed(&krate.join("Cargo.lock"), &lock);
    }
    let schema = entgen::synthetic::schema(ENTITIES) + entgen::synthetic::keyword_entity();
    write_if_changed(&krate.join("schema/synthetic.schema"), &schema);
}

fn write_if_changed(path: &Path, contents: &str) {
    if std::fs::read_to_string(path).ok().as_deref() == Some(contents) {
        return;
    }
    std::fs::create_dir_all(path.parent().expect("parent")).expect("create dir");
    std::fs::write(path, contents).expect("write");
}

fn cargo(krate: &Path, args: &[&str]) {
    let cargo = std::env::var_os("CARGO").map_or_else(|| PathBuf::from("cargo"), PathBuf::from);
    let output = Command::new(cargo)
        .args(args)
        .current_dir(krate)
        // Its own target directory: the one running this test is locked by cargo.
        .env("CARGO_TARGET_DIR", krate.join("target"))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("run cargo");
    assert!(
        output.status.success(),
        "`cargo {}` failed on the generated client:\n{}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
}

fn rustfmt_check(root_module: &Path) {
    let rustfmt =
        std::env::var_os("RUSTFMT").map_or_else(|| PathBuf::from("rustfmt"), PathBuf::from);
    let output = Command::new(rustfmt)
        .args(["--check", "--edition", "2024"])
        .arg(root_module)
        .output()
        .expect("run rustfmt");
    assert!(
        output.status.success(),
        "the generated client is not rustfmt-clean:\n{}",
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .take(60)
            .collect::<Vec<_>>()
            .join("\n")
    );
}
