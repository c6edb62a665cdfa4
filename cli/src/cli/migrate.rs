//! `entgen migrate …`: flags for the commands in `crate::migrate`, and their printing.

use std::path::PathBuf;
use std::time::Duration;

use clap::Subcommand;
use entgen_runtime::dialect::Dialect;
use entgen_runtime::exec::{ApplyOptions, ExecOrder};

use super::project::Project;
use super::values::{self, DialectArg, TxModeArg};
use super::{Printer, exit};
use crate::migrate::{self, CliError, lint};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args)]
struct DirArgs {
    /// The migration directory (default: `migrations.dir` in entgen.toml, else `migrations`).
    #[arg(long)]
    dir: Option<PathBuf>,
    /// atlas | golang-migrate | goose | flyway | liquibase | dbmate | sql-migrate |
    /// template:"<name template>" (default: `migrations.format` in entgen.toml, else the format
    /// the files show, else atlas)
    #[arg(long, value_parser = values::format)]
    format: Option<String>,
}

/// A directory and format with the project file's defaults filled in.
struct Dir {
    dir: PathBuf,
    format: Option<String>,
}

impl DirArgs {
    fn resolve(self, project: &Project) -> Dir {
        Dir {
            dir: project.migration_dir(self.dir),
            format: project.format(self.format),
        }
    }
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
        /// The database: postgres://user:pass@host:port/db[?search_path=s], sqlite://path
        /// (default: the variable named by `database.url_env` in entgen.toml).
        #[arg(long, short)]
        url: Option<String>,
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
        /// Statement-splitting rules (default: `dialect` in entgen.toml, else postgres).
        #[arg(long, value_enum)]
        dialect: Option<DialectArg>,
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
    /// The schema directory (default: `schema` in entgen.toml, else `schema`).
    #[arg(long)]
    schema: Option<PathBuf>,
    #[command(flatten)]
    dir: DirArgs,
    /// Compare with this live database (its tables are the current state).
    #[arg(long, short, conflicts_with = "dev_url")]
    url: Option<String>,
    /// Replay the directory on this clean database, then compare (it is emptied again).
    /// Without --url or --dev-url: the variable named by `database.dev_url_env` in entgen.toml,
    /// else the one named by `database.url_env`, else the directory's SQL is replayed offline,
    /// no database needed.
    #[arg(long)]
    dev_url: Option<String>,
    /// The dialect of the directory when it is replayed offline (default: `dialect` in
    /// entgen.toml, else postgres).
    #[arg(long, value_enum, conflicts_with_all = ["url", "dev_url"])]
    dialect: Option<DialectArg>,
    /// Write only the SQL files, no atlas.sum (for tools that keep none).
    #[arg(long)]
    no_sum: bool,
}

#[derive(clap::Args)]
struct ApplyArgs {
    #[command(flatten)]
    dir: DirArgs,
    /// The database: postgres://user:pass@host:port/db[?search_path=s], sqlite://path
    /// (default: the variable named by `database.url_env` in entgen.toml).
    #[arg(long, short)]
    url: Option<String>,
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
    /// Transaction mode.
    #[arg(long, value_enum, default_value_t = TxModeArg::File)]
    tx_mode: TxModeArg,
    /// Pending files older than the last applied one: linear (refuse, default), linear-skip
    /// (leave them out) or non-linear (run them first).
    #[arg(long, default_value = "linear", value_parser = ["linear", "linear-skip", "non-linear"])]
    exec_order: String,
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
    dialect: DialectArg,
    files: &[entgen_runtime::dir::MigrationFile],
) -> (Dialect, Vec<entgen_runtime::schema::Schema>, Option<String>) {
    let Some(d) = dialect.runtime_dialect() else {
        let note =
            format!("no offline replay for {dialect:?}: the catalog is read from the statements");
        return (Dialect::Postgres, Vec::new(), Some(note));
    };
    let (states, stopped) = entgen_runtime::replay::replay_prefixes(files, d);
    let note =
        stopped.map(|e| format!("the catalog is read from the statements from here on: {e}"));
    (d, states, note)
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

fn fail(printer: &Printer, f: CliError) -> i32 {
    printer.error_chain(&f.error);
    f.exit_code
}

/// The database URL of `--url`, or of the project file's variable; a usage error without one.
fn url(project: &Project, flag: Option<String>) -> Result<String, CliError> {
    project.url(flag).map_err(CliError::runtime)?.ok_or_else(|| {
        CliError::runtime("give --url (or name its environment variable as `url_env` under [database] in entgen.toml)")
    })
}

/// Where `migrate diff` reads the current state from, before it is borrowed for the run.
enum CurrentState {
    Url(String),
    DevUrl(String),
    Offline(Dialect),
}

/// The flags first, then the project file's dev database, then its database, else the
/// directory replayed offline in `--dialect` (or the project file's, else PostgreSQL's).
fn current_state(args: &DiffArgs, project: &Project) -> Result<CurrentState, String> {
    if let Some(url) = &args.url {
        return Ok(CurrentState::Url(url.clone()));
    }
    if let Some(url) = &args.dev_url {
        return Ok(CurrentState::DevUrl(url.clone()));
    }
    if let Some(url) = project.dev_url(None)? {
        return Ok(CurrentState::DevUrl(url));
    }
    if let Some(url) = project.url(None)? {
        return Ok(CurrentState::Url(url));
    }
    let dialect = project
        .dialect(args.dialect)?
        .unwrap_or(DialectArg::Postgres);
    dialect
        .runtime_dialect()
        .map(CurrentState::Offline)
        .ok_or_else(|| format!("no offline replay for {dialect:?} yet: give --dev-url"))
}

/// `migrate diff`: the graph must be valid before anything is compared.
fn diff(args: DiffArgs, project: &Project, printer: &Printer) -> i32 {
    let Some((_, graph)) = printer.load_graph(&project.schema_dir(args.schema.clone())) else {
        return exit::INVALID;
    };
    let current = match current_state(&args, project) {
        Ok(c) => c,
        Err(e) => return fail(printer, CliError::runtime(e)),
    };
    let current = match &current {
        CurrentState::Url(url) => migrate::diff::Current::Url(url),
        CurrentState::DevUrl(url) => migrate::diff::Current::DevUrl(url),
        CurrentState::Offline(dialect) => migrate::diff::Current::Offline(*dialect),
    };
    let dir = args.dir.resolve(project);
    match migrate::diff::run(
        &graph,
        &dir.dir,
        &args.name,
        dir.format.as_deref(),
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

pub fn run(args: Args, project: &Project, printer: &Printer) -> i32 {
    match args.command {
        Command::Diff(d) => diff(d, project, printer),
        Command::Hash(d) => hash(d.resolve(project), printer),
        Command::Validate(d) => validate(d.resolve(project), printer),
        Command::New { name, dir } => new(&name, dir.resolve(project), printer),
        Command::Apply(a) => apply(a, project, printer),
        Command::Status {
            dir,
            url: flag,
            revisions_schema,
        } => {
            let dir = dir.resolve(project);
            let url = match url(project, flag) {
                Ok(u) => u,
                Err(f) => return fail(printer, f),
            };
            match migrate::status::run(&dir.dir, dir.format.as_deref(), &url, revisions_schema) {
                Ok((report, problem)) => {
                    printer.output(&report);
                    match problem {
                        Some(f) => fail(printer, f),
                        None => exit::OK,
                    }
                }
                Err(f) => fail(printer, f),
            }
        }
        Command::Lint {
            dir,
            latest,
            dialect,
            dev_url,
        } => match project.dialect(dialect) {
            Ok(dialect) => lint(
                dir.resolve(project),
                latest,
                dialect,
                dev_url,
                project,
                printer,
            ),
            Err(e) => fail(printer, CliError::runtime(e)),
        },
    }
}

fn hash(d: Dir, printer: &Printer) -> i32 {
    match migrate::hash::run(&d.dir, d.format.as_deref()) {
        Ok(msg) => {
            printer.status(&msg);
            exit::OK
        }
        Err(f) => fail(printer, f),
    }
}

fn validate(d: Dir, printer: &Printer) -> i32 {
    match migrate::validate::run(&d.dir, d.format.as_deref()) {
        Ok(msg) => {
            printer.status(&msg);
            exit::OK
        }
        Err(f) => fail(printer, f),
    }
}

fn new(name: &str, d: Dir, printer: &Printer) -> i32 {
    match migrate::new::run(&d.dir, name, d.format.as_deref()) {
        Ok(paths) => {
            for p in paths {
                printer.output(&format!("{}\n", p.display()));
            }
            exit::OK
        }
        Err(f) => fail(printer, f),
    }
}

fn apply(a: ApplyArgs, project: &Project, printer: &Printer) -> i32 {
    let exec_order = match a.exec_order.parse::<ExecOrder>() {
        Ok(o) => o,
        Err(e) => return fail(printer, CliError::runtime(e)),
    };
    let url = match url(project, a.url) {
        Ok(u) => u,
        Err(f) => return fail(printer, f),
    };
    let dir = a.dir.resolve(project);
    let req = migrate::apply::Request {
        dir: dir.dir,
        format: dir.format,
        url,
        revisions_schema: a.revisions_schema,
        options: ApplyOptions {
            amount: a.amount,
            dry_run: a.dry_run,
            allow_dirty: a.allow_dirty,
            baseline: a.baseline,
            tx_mode: a.tx_mode.into(),
            exec_order,
            lock_timeout: a.lock_timeout,
            ..ApplyOptions::default()
        },
    };
    match migrate::apply::run(&req, printer) {
        Ok(()) => exit::OK,
        Err(f) => fail(printer, f),
    }
}

fn lint(
    dir: Dir,
    latest: Option<usize>,
    dialect: Option<DialectArg>,
    dev_url: Option<String>,
    project: &Project,
    printer: &Printer,
) -> i32 {
    let dialect = dialect.unwrap_or(DialectArg::Postgres);
    let opts = dialect.scan_options();
    let dev_url = match project.dev_url(dev_url) {
        Ok(u) => u,
        Err(e) => return fail(printer, CliError::runtime(e)),
    };
    let md = match migrate::directory::open(&dir.dir, dir.format.as_deref()) {
        Ok(md) => md,
        Err(f) => return fail(printer, f),
    };
    let mut code = exit::OK;
    match migrate::directory::sum_problem(&md) {
        Ok(None) => {}
        Ok(Some(problem)) => code = fail(printer, CliError::invalid(problem)),
        Err(f) => return fail(printer, f),
    }
    let files = match md.migrations(&opts) {
        Ok(f) => f,
        Err(e) => return fail(printer, migrate::directory::dir_failure(&e)),
    };
    let (d, states, note) = lint_context(dialect, &files);
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
