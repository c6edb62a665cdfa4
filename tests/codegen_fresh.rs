//! The checked-in client in `generated-example/src/ent` is what the generator writes today for
//! `schemas/blog` (rust-analyzer's `ensure_file_contents`): a template change without
//! regenerating fails here. Locally the files are rewritten (run the test again to see it
//! pass); under `CI` nothing is written and the test names the command to run.

use std::path::Path;

const COMMAND: &str = "cargo run -p entgen-cli -- generate schemas/blog --target generated-example/src/ent \
                       --feature versioned-migration --feature async";

#[test]
fn generated_example_is_up_to_date() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut config = entgen::Config::new();
    config
        .out_dir(root.join("generated-example/src/ent"))
        .files()
        .feature("versioned-migration")
        .feature("async")
        .emit_rerun_if_changed(false);
    let schema = root.join("schemas/blog");
    let in_ci = std::env::var_os("CI").is_some();
    let generated = if in_ci {
        config.check(&schema)
    } else {
        config.generate(&schema)
    };
    let report = match generated {
        Ok(generated) => generated.report,
        Err(error) => panic!("generating the example failed: {error}"),
    };
    if !report.changed() {
        return;
    }
    let stale: Vec<String> = report
        .written
        .iter()
        .chain(&report.deleted)
        .map(|p| format!("  {}", p.strip_prefix(root).unwrap_or(p).display()))
        .collect();
    if in_ci {
        panic!(
            "generated-example/src/ent is stale:\n{}\nrun `{COMMAND}` and commit the result",
            stale.join("\n")
        );
    }
    panic!(
        "generated-example/src/ent was stale and has been regenerated:\n{}\n\
         run the tests again (and commit the files)",
        stale.join("\n")
    );
}
