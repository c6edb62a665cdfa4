//! Turning a [`Plan`] into the exact files Atlas's formatters write: `DefaultFormatter`
//! (`sql/migrate/dir.go`) and the golang-migrate, goose, flyway, liquibase and dbmate
//! formatters (`sql/sqltool/tool.go`), plus sql-migrate, which Atlas does not write.
//!
//! Liquibase is the one format where entgen departs from Atlas's bytes: Atlas writes rollbacks
//! as `--rollback: <sql>`, which Liquibase does not read (its formatted-SQL parser wants
//! `--rollback <sql>`), so `liquibase rollback-count` fails on Atlas's files.

use crate::plan::{Plan, PlannedStatement};

use super::directive::{directive_line, escape_delimiter};
use super::error::DirError;
use super::format::{Format, Template, is_version};

/// Extras for the formats that carry them (Atlas format and templates).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteOptions {
    /// Whole directive lines written at the top of the file, e.g. `-- atlas:txmode none`
    /// (see [`directive_line`]).
    pub directives: Vec<String>,
    /// A statement delimiter other than `;` (written first as `-- atlas:delimiter <d>`).
    pub delimiter: Option<String>,
}

/// A file to write: its name in the directory and its exact content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// File name, relative to the directory.
    pub name: String,
    /// Exact content.
    pub contents: String,
}

/// Renders `plan` as the files of `format` for `version` (Atlas `Formatter.Format`): up files
/// first, then down/undo files where the format has them. Atlas's formatters other than the
/// default take the version from the clock; here the caller's version is used everywhere
/// (including Liquibase changeset ids).
pub fn render(
    format: &Format,
    plan: &Plan,
    version: &str,
    opts: &WriteOptions,
) -> Result<Vec<GeneratedFile>, DirError> {
    if !is_version(version) {
        return Err(DirError::InvalidVersion(version.to_string()));
    }
    check_name(&plan.name)?;
    let carries_directives = matches!(format, Format::Atlas | Format::Template(_));
    if !carries_directives && (!opts.directives.is_empty() || opts.delimiter.is_some()) {
        return Err(DirError::DirectivesUnsupported {
            format: format.to_string(),
        });
    }
    let name = plan.name.as_str();
    let suffix = |sep: &str| {
        if name.is_empty() {
            String::new()
        } else {
            format!("{sep}{name}")
        }
    };
    let stmts = plan.statements.as_slice();
    let files = match format {
        Format::Atlas => vec![file(
            format!("{version}{}.sql", suffix("_")),
            atlas_body(stmts, opts),
        )],
        Format::GolangMigrate => vec![
            file(
                format!("{version}{}.up.sql", suffix("_")),
                up_body(stmts, None),
            ),
            file(
                format!("{version}{}.down.sql", suffix("_")),
                down_body(stmts, None),
            ),
        ],
        Format::Goose => vec![file(
            format!("{version}{}.sql", suffix("_")),
            format!(
                "-- +goose Up\n{}\n-- +goose Down\n{}",
                up_body(stmts, Some(GOOSE)),
                down_body(stmts, Some(GOOSE))
            ),
        )],
        Format::SqlMigrate => vec![file(
            format!("{version}{}.sql", suffix("_")),
            format!(
                "-- +migrate Up\n{}\n-- +migrate Down\n{}",
                up_body(stmts, Some(SQL_MIGRATE)),
                down_body(stmts, Some(SQL_MIGRATE))
            ),
        )],
        Format::Flyway => vec![
            file(
                format!("V{version}{}.sql", suffix("__")),
                up_body(stmts, None),
            ),
            file(
                format!("U{version}{}.sql", suffix("__")),
                down_body(stmts, None),
            ),
        ],
        Format::Liquibase => vec![file(
            format!("{version}{}.sql", suffix("_")),
            liquibase_body(stmts, version),
        )],
        Format::Dbmate => vec![file(
            format!("{version}{}.sql", suffix("_")),
            format!(
                "-- migrate:up\n{}\n-- migrate:down\n{}",
                up_body(stmts, None),
                down_body(stmts, None)
            ),
        )],
        Format::Template(t) => {
            let t = Template::parse(t)?;
            if t.uses_seq() && !version.bytes().all(|b| b.is_ascii_digit()) {
                return Err(DirError::InvalidVersion(version.to_string()));
            }
            vec![file(t.render(version, name), template_body(stmts, opts))]
        }
    };
    Ok(files)
}

fn file(name: String, contents: String) -> GeneratedFile {
    GeneratedFile { name, contents }
}

/// Atlas uses the name as given; we refuse what would escape the directory or break a line.
fn check_name(name: &str) -> Result<(), DirError> {
    if name.contains(['/', '\\']) || name.chars().any(char::is_control) || name == ".." {
        return Err(DirError::InvalidName(name.to_string()));
    }
    Ok(())
}

/// `strings.Join(directives, "\n") + "\n\n"`, the delimiter directive first.
fn header(opts: &WriteOptions) -> String {
    let mut lines: Vec<String> = Vec::new();
    if let Some(d) = &opts.delimiter {
        lines.push(directive_line("delimiter", &escape_delimiter(d)));
    }
    lines.extend(opts.directives.iter().cloned());
    if lines.is_empty() {
        String::new()
    } else {
        lines.join("\n") + "\n\n"
    }
}

/// Atlas `DefaultFormatter`: `-- <Comment>` with the first byte upper-cased, then `<cmd>;`.
/// An empty plan gives an empty file.
fn atlas_body(stmts: &[PlannedStatement], opts: &WriteOptions) -> String {
    let delim = opts.delimiter.as_deref().unwrap_or(";");
    let mut out = header(opts);
    for s in stmts {
        if !s.comment.is_empty() {
            out.push_str("-- ");
            out.push_str(&capitalize(&s.comment));
            out.push('\n');
        }
        out.push_str(&s.sql);
        out.push_str(delim);
        out.push('\n');
    }
    out
}

/// Go's `upper(slice . 0 1)`: only an ASCII first byte changes. (Atlas mangles a multi-byte
/// first character into U+FFFD; we leave it as it is.)
fn capitalize(s: &str) -> String {
    let mut out = s.to_string();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    out
}

/// The marker prefix of formats that split at lines ending in `;` unless a statement is
/// wrapped in `<prefix> StatementBegin` / `<prefix> StatementEnd`.
const GOOSE: &str = "-- +goose";
const SQL_MIGRATE: &str = "-- +migrate";

/// The up body of the sqltool formatters: `-- <comment>` (as given) then `<cmd>;`.
fn up_body(stmts: &[PlannedStatement], markers: Option<&str>) -> String {
    let mut out = String::new();
    for s in stmts {
        if !s.comment.is_empty() {
            out.push_str("-- ");
            out.push_str(&s.comment);
            out.push('\n');
        }
        push_stmt(&mut out, &s.sql, markers);
    }
    out
}

/// The down body: statements in reverse order, each as `-- reverse: <comment>` then its reverse
/// statements; a statement without reverse is left out, comment included.
fn down_body(stmts: &[PlannedStatement], markers: Option<&str>) -> String {
    let mut out = String::new();
    for s in stmts.iter().rev().filter(|s| !s.reverse.is_empty()) {
        if !s.comment.is_empty() {
            out.push_str("-- reverse: ");
            out.push_str(&s.comment);
            out.push('\n');
        }
        for r in &s.reverse {
            push_stmt(&mut out, r, markers);
        }
    }
    out
}

/// Appends `<stmt>;\n`. For goose and sql-migrate (`markers`), a statement with a line inside
/// that ends in `;` (a PL/pgSQL body) is wrapped in `<markers> StatementBegin/End`: those tools
/// (and Atlas's goose reader) end a statement at every such line. Atlas never writes the
/// markers; goose files without such statements are byte-identical to Atlas's.
fn push_stmt(out: &mut String, stmt: &str, markers: Option<&str>) {
    let wrap = markers.filter(|_| has_inner_end(stmt));
    if let Some(m) = wrap {
        out.push_str(&format!("{m} StatementBegin\n"));
    }
    out.push_str(stmt);
    out.push_str(";\n");
    if let Some(m) = wrap {
        out.push_str(&format!("{m} StatementEnd\n"));
    }
}

/// Atlas `LiquibaseFormatter`'s layout, one changeset per statement, with its reverse as
/// Liquibase reads it: every line of every reverse statement behind `--rollback ` (Liquibase
/// joins them and splits at `;`). A statement without a reverse gets `--rollback empty`, which
/// Liquibase takes as a rollback that does nothing rather than refusing to roll back. A
/// statement with a line inside that ends in `;` (a PL/pgSQL body) gets `splitStatements:false`,
/// as Liquibase would otherwise cut it there.
fn liquibase_body(stmts: &[PlannedStatement], version: &str) -> String {
    let mut out = String::from("--liquibase formatted sql");
    for (i, s) in stmts.iter().enumerate() {
        let split = if has_inner_end(&s.sql) {
            " splitStatements:false"
        } else {
            ""
        };
        out.push_str(&format!("\n--changeset atlas:{version}-{}{split}\n", i + 1));
        if !s.comment.is_empty() {
            out.push_str("--comment: ");
            out.push_str(&s.comment);
        }
        out.push('\n');
        out.push_str(&s.sql);
        out.push_str(";\n");
        for r in &s.reverse {
            let mut lines = r.lines().peekable();
            while let Some(line) = lines.next() {
                out.push_str("--rollback ");
                out.push_str(line);
                if lines.peek().is_none() {
                    out.push(';');
                }
                out.push('\n');
            }
        }
        if s.reverse.is_empty() {
            out.push_str("--rollback empty\n");
        }
    }
    out
}

/// Whether a line inside the statement ends in `;`, where line-based splitters end it.
fn has_inner_end(stmt: &str) -> bool {
    stmt.lines()
        .any(|l| l.trim_end().ends_with(';') && !l.starts_with("--"))
}

/// Template files hold bare statements: `<cmd>;` per line, no comments.
fn template_body(stmts: &[PlannedStatement], opts: &WriteOptions) -> String {
    let delim = opts.delimiter.as_deref().unwrap_or(";");
    let mut out = header(opts);
    for s in stmts {
        out.push_str(&s.sql);
        out.push_str(delim);
        out.push('\n');
    }
    out
}
