//! `entgen migrate …`: flags for the commands in `crate::migrate`, and their printing.

use std::path::PathBuf;
use std::time::Duration;

use clap::Subcommand;
use entgen_runtime::dialect::Dialect;
use entgen_runtime::dir::{ScanOptions, TxMode};
use entgen_runtime::exec::ApplyOptions;

use super::{Printer, exit};
use crate::migrate::{self, Failure, lint};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args)]
struct DirArgs {
    /// The migration directory.
    #[arg(long, default_value = "migrations")]
    dir: PathBuf,
    /// atlas (default) | golang-migrate | goose | flyway | liquibase | dbmate | template:"<name template>"
    #[arg(long)]
    format: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Write a migration that moves the current state to the schema (updates atlas.sum).
    Diff(DiffArgs),
    /// (Re)write atlas.sum for the files as they are.
    Hash(DirArgs),
    /// Check that atlas.sum matches the files; exit 1 naming every added, edited or removed file.
    Validate(DirArgs),
    /// Create an empty migration file for hand-written SQL and update atlas.sum.
    New {
        /// The migration name, used in the file name.
        name: String,
        #[command(flatten)]
        dir: DirArgs,
    },
    /// Apply pending migration files to a database.
    Apply(ApplyArgs),
    /// Show applied and pending files, and any file that failed part way.
    Status {
        #[command(flatten)]
        dir: DirArgs,
        /// The database: postgres://user:pass@host:port/db[?search_path=s], sqlite://path.
        #[arg(long, short)]
        url: String,
        /// PostgreSQL schema of the revisions table (default: the URL's search_path, else atlas_schema_revisions).
        #[arg(long)]
        revisions_schema: Option<String>,
    },
    /// Report destructive, data-dependent and backward-incompatible changes.
    Lint {
        #[command(flatten)]
        dir: DirArgs,
        /// Lint only the last N files (earlier files give context).
        #[arg(long)]
        latest: Option<usize>,
        /// Statement-splitting rules: postgres (default), sqlite or mysql.
        #[arg(long, default_value = "postgres")]
        dialect: String,
        /// Also replay every file on this clean dev database (emptied again afterwards): a
        /// statement the database refuses is an error naming its file and line.
        #[arg(long)]
        dev_url: Option<String>,
    },
}

#[derive(clap::Args)]
struct DiffArgs {
    /// The migration name, used in the file name.
    name: String,
    /// The schema directory.
    #[arg(long, default_value = "schema")]
    schema: PathBuf,
    #[command(flatten)]
    dir: DirArgs,
    /// Compare with this live database (its tables are the current state).
    #[arg(long, short, conflicts_with = "dev_url")]
    url: Option<String>,
    /// Replay the directory on this clean database, then compare (it is emptied again).
    /// Without --url and --dev-url the directory's SQL is replayed offline, no database needed.
    #[arg(long)]
    dev_url: Option<String>,
    /// The dialect of the directory when it is replayed offline: postgres (default) or sqlite.
    #[arg(long, conflicts_with_all = ["url", "dev_url"], value_parser = parse_dialect)]
    dialect: Option<Dialect>,
    /// Write only the SQL files, no atlas.sum (for tools that keep none).
    #[arg(long)]
    no_sum: bool,
}

#[derive(clap::Args)]
struct ApplyArgs {
    #[command(flatten)]
    dir: DirArgs,
    /// The database: postgres://user:pass@host:port/db[?search_path=s], sqlite://path.
    #[arg(long, short)]
    url: String,
    /// Apply at most N pending files.
    amount: Option<usize>,
    /// Print the statements that would run; change nothing.
    #[arg(long)]
    dry_run: bool,
    /// Apply even though the database has objects but no revisions.
    #[arg(long, conflicts_with = "baseline")]
    allow_dirty: bool,
    /// On a database without revisions, mark the files up to VERSION as applied.
    #[arg(long, value_name = "VERSION")]
    baseline: Option<String>,
    /// Transaction mode: file (one per file, default), all (one for the run) or none.
    #[arg(long, default_value = "file", value_parser = ["file", "all", "none"])]
    tx_mode: String,
    /// How long to wait for another apply to finish: 10s (default), 500ms, 2m, or seconds.
    #[arg(long, default_value = "10s", value_parser = parse_duration)]
    lock_timeout: Duration,
    /// PostgreSQL schema of the revisions table (default: the URL's search_path, else atlas_schema_revisions).
    #[arg(long)]
    revisions_schema: Option<String>,
}

/// The schema before each file, replayed offline, for `migrate lint`'s catalog, and a note when
/// the replay stops early (the rest of the catalog is then read from the statements).
fn lint_context(
    dialect: &str,
    files: &[entgen_runtime::dir::MigrationFile],
) -> (Dialect, Vec<entgen_runtime::schema::Schema>, Option<String>) {
    let Some(d) = Dialect::from_name(dialect) else {
        let note =
            format!("no offline replay for {dialect}: the catalog is read from the statements");
        return (Dialect::Postgres, Vec::new(), Some(note));
    };
    let (states, stopped) = entgen_runtime::replay::replay_prefixes(files, d);
    let note =
        stopped.map(|e| format!("the catalog is read from the statements from here on: {e}"));
    (d, states, note)
}

fn parse_dialect(name: &str) -> Result<Dialect, String> {
    Dialect::from_name(name)
        .ok_or_else(|| format!("unknown dialect `{name}`; expected postgres or sqlite"))
}

fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let (num, unit) = s
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .map_or((s, "s"), |i| (&s[..i], &s[i..]));
    let n: f64 = num
        .parse()
        .map_err(|_| format!("invalid duration {s:?}: use e.g. 10s, 500ms or 2m"))?;
    let secs = match unit {
        "ms" => n / 1000.0,
        "s" => n,
        "m" => n * 60.0,
        "h" => n * 3600.0,
        _ => return Err(format!("invalid duration unit in {s:?}: use ms, s, m or h")),
    };
    Duration::try_from_secs_f64(secs).map_err(|e| format!("invalid duration {s:?}: {e}"))
}

fn fail(printer: &Printer, f: Failure) -> i32 {
    printer.error(&f.message);
    f.code
}

/// `migrate diff`: the graph must be valid before anything is compared.
fn diff(args: DiffArgs, printer: &Printer) -> i32 {
    let Some((_, graph)) = printer.load_graph(&args.schema) else {
        return exit::INVALID;
    };
    let current = match (&args.url, &args.dev_url) {
        (Some(url), _) => migrate::diff::Current::Url(url),
        (None, Some(url)) => migrate::diff::Current::DevUrl(url),
        (None, None) => migrate::diff::Current::Offline(args.dialect.unwrap_or(Dialect::Postgres)),
    };
    match migrate::diff::run(
        &graph,
        &args.dir.dir,
        &args.name,
        args.dir.format.as_deref(),
        current,
        migrate::diff::WriteMode {
            no_sum: args.no_sum,
        },
    ) {
        Ok(migrate::diff::Outcome::NoChanges) => {
            printer.status("no changes");
            exit::OK
        }
        Ok(migrate::diff::Outcome::Written(paths)) => {
            for p in paths {
                printer.output(&format!("{}\n", p.display()));
            }
            exit::OK
        }
        Err(f) => fail(printer, f),
    }
}

pub fn run(args: Args, printer: &Printer) -> i32 {
    match args.command {
        Command::Diff(d) => diff(d, printer),
        Command::Hash(d) => match migrate::hash::run(&d.dir, d.format.as_deref()) {
            Ok(msg) => {
                printer.status(&msg);
                exit::OK
            }
            Err(f) => fail(printer, f),
        },
        Command::Validate(d) => match migrate::validate::run(&d.dir, d.format.as_deref()) {
            Ok(msg) => {
                printer.status(&msg);
                exit::OK
            }
            Err(f) => fail(printer, f),
        },
        Command::New { name, dir } => {
            match migrate::new::run(&dir.dir, &name, dir.format.as_deref()) {
                Ok(paths) => {
                    for p in paths {
                        printer.output(&format!("{}\n", p.display()));
                    }
                    exit::OK
                }
                Err(f) => fail(printer, f),
            }
        }
        Command::Apply(a) => {
            let tx_mode = match a.tx_mode.parse::<TxMode>() {
                Ok(m) => m,
                Err(e) => return fail(printer, Failure::runtime(e)),
            };
            let req = migrate::apply::Request {
                dir: a.dir.dir,
                format: a.dir.format,
                url: a.url,
                revisions_schema: a.revisions_schema,
                options: ApplyOptions {
                    amount: a.amount,
                    dry_run: a.dry_run,
                    allow_dirty: a.allow_dirty,
                    baseline: a.baseline,
                    tx_mode,
                    lock_timeout: a.lock_timeout,
                    ..ApplyOptions::default()
                },
            };
            match migrate::apply::run(&req, printer) {
                Ok(()) => exit::OK,
                Err(f) => fail(printer, f),
            }
        }
        Command::Status {
            dir,
            url,
            revisions_schema,
        } => match migrate::status::run(&dir.dir, dir.format.as_deref(), &url, revisions_schema) {
            Ok((report, problem)) => {
                printer.output(&report);
                match problem {
                    Some(f) => fail(printer, f),
                    None => exit::OK,
                }
            }
            Err(f) => fail(printer, f),
        },
        Command::Lint {
            dir,
            latest,
            dialect,
            dev_url,
        } => {
            let opts = match dialect.as_str() {
                "postgres" | "postgresql" => ScanOptions::POSTGRES,
                "sqlite" => ScanOptions::SQLITE,
                "mysql" => ScanOptions::MYSQL,
                other => {
                    return fail(
                        printer,
                        Failure::runtime(format!(
                            "--dialect {other:?}: expected postgres, sqlite or mysql"
                        )),
                    );
                }
            };
            let md = match migrate::directory::open(&dir.dir, dir.format.as_deref()) {
                Ok(md) => md,
                Err(f) => return fail(printer, f),
            };
            let mut code = exit::OK;
            match migrate::directory::sum_problem(&md) {
                Ok(None) => {}
                Ok(Some(problem)) => code = fail(printer, Failure::invalid(problem)),
                Err(f) => code = fail(printer, f),
            }
            let files = match md.migrations(&opts) {
                Ok(f) => f,
                Err(e) => return fail(printer, migrate::directory::dir_failure(&e)),
            };
            let (d, states, note) = lint_context(&dialect, &files);
            if let Some(note) = note {
                printer.status(&note);
            }
            let findings = lint::lint_from(&files, latest, d, &states);
            printer.output(&lint::render(md.path(), &findings));
            let errors = findings
                .iter()
                .filter(|f| f.severity == lint::Severity::Error)
                .count();
            let linted = latest.map_or(files.len(), |n| n.min(files.len()));
            printer.status(&format!(
                "{linted} file(s) linted: {errors} error(s), {} warning(s)",
                findings.len() - errors
            ));
            if errors > 0 {
                printer.error(
                    "destructive changes found; if they are intended, add `-- atlas:nolint [CODES]` (followed by a blank line) at the top of the file, or above the statement",
                );
                code = exit::INVALID;
            }
            if let Some(url) = dev_url {
                match migrate::lint::replay(&md, &url) {
                    Ok(()) => printer.status("every file ran on the dev database"),
                    Err(f) => code = code.max(fail(printer, f)),
                }
            }
            code
        }
    }
}
