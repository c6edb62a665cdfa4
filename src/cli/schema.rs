use std::path::PathBuf;

use super::project::Project;
use super::{Printer, exit};
use crate::graph::Dialect;

#[derive(clap::Args)]
pub struct Args {
    /// The schema directory.
    /// (default: `schema` in entgen.toml, else `schema`)
    schema_dir: Option<PathBuf>,
    /// The SQL dialect: postgres, sqlite or mysql.
    /// (default: `dialect` in entgen.toml)
    #[arg(long)]
    dialect: Option<String>,
}

fn parse_dialect(name: &str) -> Result<Dialect, String> {
    match name {
        "postgresql" | "pg" => Ok(Dialect::Postgres),
        "sqlite3" => Ok(Dialect::Sqlite),
        _ => Dialect::from_key(name)
            .ok_or_else(|| format!("unknown dialect `{name}`; expected postgres, sqlite or mysql")),
    }
}

/// Prints the DDL that creates the schema's tables on an empty database (ent's `ent schema`).
pub fn run(args: Args, project: &Project, printer: &Printer) -> i32 {
    let Some(name) = project.dialect(args.dialect) else {
        printer.error("give --dialect postgres|sqlite|mysql (or `dialect` in entgen.toml)");
        return exit::FAILURE;
    };
    let dialect = match parse_dialect(&name) {
        Ok(d) => d,
        Err(e) => {
            printer.error(&format!("--dialect: {e}"));
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
