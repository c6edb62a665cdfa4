use std::path::PathBuf;

use super::project::Project;
use super::{Printer, exit};
use crate::diagnostics::Diagnostics;
use crate::format::reformat;
use crate::schema_dir::read_schema_dir;

#[derive(clap::Args)]
pub struct Args {
    /// The schema directory.
    /// (default: `schema` in entgen.toml, else `schema`)
    schema_dir: Option<PathBuf>,
    /// Write nothing; exit 1 and name the files that are not formatted.
    #[arg(long)]
    check: bool,
}

/// Formats every file that parses; a file with syntax errors is reported and left untouched.
pub fn run(args: Args, project: &Project, printer: &Printer) -> i32 {
    let schema_dir = project.schema_dir(args.schema_dir);
    let mut diagnostics = Diagnostics::new();
    let parsed = read_schema_dir(&schema_dir, &mut diagnostics);
    let broken: Vec<_> = diagnostics
        .iter()
        .filter_map(|d| d.primary.as_ref().map(|l| l.span.file))
        .collect();
    let had_errors = printer.diagnostics(diagnostics, &parsed.sources);
    let mut stale = Vec::new();
    for ((id, source), ast) in parsed.sources.files().zip(&parsed.files) {
        if broken.contains(&id) {
            continue;
        }
        let Some(formatted) = reformat(source, ast) else {
            continue;
        };
        if args.check {
            printer.output(&format!("{}\n", source.path.display()));
            stale.push(source.path.clone());
            continue;
        }
        if let Err(error) = std::fs::write(&source.path, formatted) {
            printer.error(&format!("cannot write {}: {error}", source.path.display()));
            return exit::FAILURE;
        }
        printer.status(&format!("formatted {}", source.path.display()));
    }
    if !stale.is_empty() {
        printer.error(&format!(
            "{} file(s) are not formatted; run `entgen fmt {}`",
            stale.len(),
            schema_dir.display()
        ));
    }
    if had_errors || !stale.is_empty() {
        exit::INVALID
    } else {
        exit::OK
    }
}
