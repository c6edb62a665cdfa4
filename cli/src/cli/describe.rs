use std::path::PathBuf;

use super::project::Project;
use super::{Printer, exit};

#[derive(clap::Args)]
pub struct Args {
    /// The schema directory.
    /// (default: `schema` in entgen.toml, else `schema`)
    schema_dir: Option<PathBuf>,
}

pub fn run(args: Args, project: &Project, printer: &Printer) -> i32 {
    match printer.load_graph(&project.schema_dir(args.schema_dir)) {
        Some((_, graph)) => {
            printer.output(&crate::describe::describe(&graph));
            exit::OK
        }
        None => exit::INVALID,
    }
}
