//! `entgen generate`: the client for a schema directory, written where it changed, or checked.

use std::path::{Path, PathBuf};

use super::project::Project;
use super::{Printer, exit};
use crate::codegen::{Config, Features, GenerateError, Generated, WriteReport};

#[derive(clap::Args)]
pub struct Args {
    /// The schema directory.
    /// (default: `schema` in entgen.toml, else `schema`)
    schema_dir: Option<PathBuf>,
    /// The directory the client's modules are written to (`mod.rs` + one file per module).
    #[arg(long, default_value = "ent")]
    target: PathBuf,
    /// Optional parts of the client: versioned-migration, serde, async.
    #[arg(long, value_delimiter = ',')]
    feature: Vec<String>,
    /// Write nothing; exit 1 and name the files that are stale.
    #[arg(long)]
    check: bool,
    /// Skip the rustfmt pass (prettyplease's formatting only); by default rustfmt runs when
    /// installed, so that the files pass `cargo fmt --check`.
    #[arg(long)]
    no_rustfmt: bool,
    /// Format every file again instead of reusing the files whose rendered source is unchanged
    /// (the cache is `.entgen-cache/` in the target directory, ignored by git).
    #[arg(long)]
    no_cache: bool,
}

/// Exit 0 when written (or up to date under `--check`), 1 on an invalid schema or stale files,
/// 2 when files cannot be read or written.
impl Args {
    /// The schema directory, once [`run`] has filled in the project file's default.
    fn schema_dir(&self) -> &Path {
        self.schema_dir.as_deref().unwrap_or(Path::new("schema"))
    }
}

pub fn run(mut args: Args, project: &Project, printer: &Printer) -> i32 {
    args.schema_dir = Some(project.schema_dir(args.schema_dir.take()));
    let mut config = Config::new();
    config
        .out_dir(&args.target)
        .files()
        .emit_rerun_if_changed(false);
    if args.no_rustfmt {
        config.rustfmt(false);
    }
    if args.no_cache {
        config.format_cache(false);
    }
    for name in &args.feature {
        if !Features::default().enable(name) {
            printer.error(&GenerateError::UnknownFeature(name.clone()).to_string());
            return exit::FAILURE;
        }
        config.feature(name);
    }
    let Some((_, graph)) = printer.load_graph(args.schema_dir()) else {
        return exit::INVALID;
    };
    if args.check {
        match config.check_graph(&graph) {
            Ok(generated) => stale(printer, &args, &generated.report),
            Err(error) => fail(printer, &error),
        }
    } else {
        match config.generate_graph(&graph) {
            Ok(generated) => written(printer, &args.target, &generated),
            Err(error) => fail(printer, &error),
        }
    }
}

fn fail(printer: &Printer, error: &GenerateError) -> i32 {
    printer.error(&error.to_string());
    match error {
        GenerateError::InvalidSchema { .. } => exit::INVALID,
        _ => exit::FAILURE,
    }
}

/// Names each stale file on stdout (as `fmt --check` does) and the command that fixes them.
fn stale(printer: &Printer, args: &Args, report: &WriteReport) -> i32 {
    if !report.changed() {
        printer.status(&format!("{} is up to date", args.target.display()));
        return exit::OK;
    }
    for path in &report.written {
        let why = if path.exists() { "stale" } else { "missing" };
        printer.output(&format!("{} ({why})\n", path.display()));
    }
    for path in &report.deleted {
        printer.output(&format!("{} (no longer generated)\n", path.display()));
    }
    let mut command = format!(
        "entgen generate {} --target {}",
        args.schema_dir().display(),
        args.target.display()
    );
    if !args.feature.is_empty() {
        command.push_str(&format!(" --feature {}", args.feature.join(",")));
    }
    if args.no_rustfmt {
        command.push_str(" --no-rustfmt");
    }
    printer.error(&format!(
        "{} generated file(s) are stale; run `{command}`",
        report.written.len() + report.deleted.len()
    ));
    exit::INVALID
}

fn written(printer: &Printer, target: &Path, generated: &Generated) -> i32 {
    let report = &generated.report;
    for path in &report.written {
        printer.status(&format!("wrote {}", path.display()));
    }
    for path in &report.deleted {
        printer.status(&format!("deleted {}", path.display()));
    }
    printer.status(&format!(
        "{}: {} written, {} unchanged, {} deleted; {} formatted, {} from the format cache",
        target.display(),
        report.written.len(),
        report.unchanged.len(),
        report.deleted.len(),
        generated.formatted,
        generated.files.len() - generated.formatted
    ));
    exit::OK
}
