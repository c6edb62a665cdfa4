use std::path::PathBuf;

use super::{Printer, exit};

#[derive(clap::Args)]
pub struct Args {
    /// The schema directory.
    #[arg(default_value = "schema")]
    schema_dir: PathBuf,
}

pub fn run(args: Args, printer: &Printer) -> i32 {
    match printer.load_graph(&args.schema_dir) {
        Some((_, graph)) => {
            printer.output(&crate::describe::describe(&graph));
            exit::OK
        }
        None => exit::INVALID,
    }
}
