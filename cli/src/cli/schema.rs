use std::path::PathBuf;

use super::project::Project;
use super::values::DialectArg;
use super::{Printer, exit};

#[derive(clap::Args)]
pub struct Args {
    /// The schema directory.
    /// (default: `schema` in entgen.toml, else `schema`)
    schema_dir: Option<PathBuf>,
    /// The SQL dialect (default: `dialect` in entgen.toml).
    #[arg(long, value_enum)]
    dialect: Option<DialectArg>,
}

/// Prints the DDL that creates the schema's tables on an empty database (ent's `ent schema`).
pub fn run(args: Args, project: &Project, printer: &Printer) -> i32 {
    let dialect = match project.dialect(args.dialect) {
        Ok(Some(dialect)) => dialect.dialect(),
        Ok(None) => {
            printer.error("give --dialect postgres|sqlite|mysql (or `dialect` in entgen.toml)");
            return exit::FAILURE;
        }
        Err(e) => {
            printer.error(&e);
            return exit::FAILURE;
        }
    };
    let Some((_, graph)) = printer.load_graph(&project.schema_dir(args.schema_dir)) else {
        return exit::INVALID;
    };
    match crate::sql::create_statements(&graph, dialect) {
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
