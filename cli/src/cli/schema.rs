use std::path::PathBuf;

use super::{Printer, exit};
use crate::graph::Dialect;

#[derive(clap::Args)]
pub struct Args {
    /// The schema directory.
    #[arg(default_value = "schema")]
    schema_dir: PathBuf,
    /// The SQL dialect: postgres, sqlite or mysql.
    #[arg(long, value_parser = parse_dialect)]
    dialect: Dialect,
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
pub fn run(args: Args, printer: &Printer) -> i32 {
    let Some((_, graph)) = printer.load_graph(&args.schema_dir) else {
        return exit::INVALID;
    };
    match crate::sql::create_statements(&graph, args.dialect) {
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
