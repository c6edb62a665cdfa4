use std::path::PathBuf;

use super::values::DialectArg;
use super::{Printer, exit};

#[derive(clap::Args)]
pub struct Args {
    /// The schema directory.
    #[arg(default_value = "schema")]
    schema_dir: PathBuf,
    /// The SQL dialect.
    #[arg(long, value_enum)]
    dialect: DialectArg,
}

/// Prints the DDL that creates the schema's tables on an empty database (ent's `ent schema`).
pub fn run(args: Args, printer: &Printer) -> i32 {
    let Some((_, graph)) = printer.load_graph(&args.schema_dir) else {
        return exit::INVALID;
    };
    match crate::sql::create_statements(&graph, args.dialect.dialect()) {
        Ok(plan) => {
            printer.output(&crate::sql::render_script(&plan));
            exit::OK
        }
        Err(error) => {
            printer.error(&error.to_string());
            exit::FAILURE
        }
    }
}
