//! The `entgen` command line: clap types, one file per subcommand, one printer. Exit codes
//! (shared/cli.md): 0 done, 1 invalid input or a failed check, 2 usage or runtime error.

mod describe;
mod fmt;
mod generate;
mod migrate;
mod new;
mod printer;
mod project;
mod schema;
mod values;

use clap::{Parser, Subcommand, ValueEnum};

pub use printer::Printer;

/// Exit codes scripts rely on.
pub mod exit {
    pub const OK: i32 = 0;
    /// Invalid input, or a check that failed (stale files, diagnostics).
    pub const INVALID: i32 = 1;
    /// Usage error or runtime failure.
    pub const FAILURE: i32 = 2;
}

#[derive(Parser)]
#[command(
    name = "entgen",
    version,
    about = "Schema-first code generator and migration engine for Rust"
)]
struct Cli {
    /// When to colour messages.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto, global = true)]
    color: ColorArg,
    /// Print only errors.
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand)]
enum Command {
    /// Create skeleton .schema files (ent's `ent new`).
    New(new::Args),
    /// Print each entity's fields, edges and indexes with the storage names they map to.
    Describe(describe::Args),
    /// Format .schema files canonically.
    Fmt(fmt::Args),
    /// Generate the Rust client; `--check` names stale files instead of writing.
    Generate(generate::Args),
    /// Print the DDL that creates the schema's tables on an empty database.
    Schema(schema::Args),
    /// Versioned migrations: diff, hash, validate, new, apply, status, lint.
    Migrate(migrate::Args),
}

/// Runs the command line; returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return match error.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    exit::OK
                }
                _ => exit::FAILURE,
            };
        }
    };
    let printer = Printer::new(
        match cli.color {
            ColorArg::Always => Some(true),
            ColorArg::Never => Some(false),
            ColorArg::Auto => None,
        },
        cli.quiet,
    );
    let project = match project::Project::find() {
        Ok(p) => p,
        Err(e) => {
            printer.error(&e);
            return exit::INVALID;
        }
    };
    match cli.command {
        Command::New(args) => new::run(args, &project, &printer),
        Command::Describe(args) => describe::run(args, &project, &printer),
        Command::Fmt(args) => fmt::run(args, &project, &printer),
        Command::Generate(args) => generate::run(args, &project, &printer),
        Command::Schema(args) => schema::run(args, &project, &printer),
        Command::Migrate(args) => migrate::run(args, &project, &printer),
    }
}
