//! `entgen migrate status`: applied files, pending files, and the file that failed part way
//! with its error (Atlas `migrate status`).

use std::path::Path;

use entgen_runtime::dir::MigrationFile;
use entgen_runtime::exec::revision::{TYPE_BASELINE, TYPE_RESOLVED, format_utc};
use entgen_runtime::exec::{self, ConnectOptions, Status};

use super::apply::{exec_failure, prepare};
use super::{CliError, format_duration};

/// The report (for stdout) and the problem, if the directory and database disagree.
pub fn run(
    dir: &Path,
    format: Option<&str>,
    url: &str,
    revisions_schema: Option<String>,
) -> Result<(String, Option<CliError>), CliError> {
    let connect = ConnectOptions {
        revisions_schema,
        create: false,
    };
    let (mut db, files, history) = prepare(dir, format, url, &connect)?;
    let status = exec::status(&mut db, &files, &history).map_err(exec_failure)?;
    let report = render(&files, &status);
    let problem = status.problem.map(exec_failure);
    Ok((report, problem))
}

/// The report: a summary, then one line per file.
pub fn render(files: &[MigrationFile], s: &Status) -> String {
    let state = if s.problem.is_some() {
        "ERROR"
    } else if s.partial.is_some() {
        "FAILED"
    } else if s.pending.is_empty() {
        "OK"
    } else {
        "PENDING"
    };
    let current = s
        .applied
        .last()
        .map_or_else(|| "none".to_string(), |(i, _)| files[*i].version.clone());
    let next = s
        .pending
        .first()
        .map_or_else(|| "none".to_string(), |&i| files[i].version.clone());
    let mut out = format!(
        "Migration status: {state}\n  current version: {current}\n  next version:    {next}\n  applied files:   {}\n  pending files:   {}\n",
        s.applied.len(),
        s.pending.len()
    );
    if !s.out_of_order.is_empty() {
        out.push_str(&format!(
            "  out of order:    {} (older than the last applied file)\n",
            s.out_of_order.len()
        ));
    }
    if !files.is_empty() {
        out.push('\n');
    }
    let width = files.iter().map(|f| f.name.len()).max().unwrap_or(0);
    for (i, f) in files.iter().enumerate() {
        if let Some((_, r)) = s.applied.iter().find(|(j, _)| *j == i) {
            let kind = if r.kind & TYPE_BASELINE != 0 {
                "baseline"
            } else if r.kind & TYPE_RESOLVED != 0 {
                "resolved"
            } else {
                "applied "
            };
            let at = format_utc(r.executed_at);
            out.push_str(&format!(
                "{kind} {:width$}  {} UTC  {} statement(s) in {}\n",
                f.name,
                &at[..19.min(at.len())],
                r.total,
                format_duration(r.execution_time)
            ));
        } else if let Some((_, r)) = s.partial.as_ref().filter(|(j, _)| *j == i) {
            // Statements that stayed applied (no transaction, or MySQL's DDL): the next apply
            // resumes after them.
            let (label, resume) = if r.applied > 0 {
                (
                    "partial ",
                    format!("; apply resumes at statement {}", r.applied + 1),
                )
            } else {
                ("failed  ", String::new())
            };
            out.push_str(&format!(
                "{label} {:width$}  {} of {} statement(s) applied{resume}\n",
                f.name, r.applied, r.total
            ));
            if let Some(e) = &r.error {
                out.push_str(&format!("           error: {e}\n"));
            }
            if let Some(stmt) = &r.error_stmt {
                let line = f
                    .statements
                    .iter()
                    .find(|st| &st.text == stmt)
                    .map(|st| format!(" (line {})", st.line))
                    .unwrap_or_default();
                out.push_str(&format!(
                    "           statement{line}: {}\n",
                    stmt.replace('\n', "\n             ")
                ));
            }
        } else if s.pending.contains(&i) {
            out.push_str(&format!("pending  {}\n", f.name));
        } else if s.out_of_order.contains(&i) {
            out.push_str(&format!("pending  {:width$}  out of order\n", f.name));
        } else if s.problem.is_some() {
            out.push_str(&format!("unknown  {}\n", f.name));
        } else {
            // Before a baseline or the checkpoint a first run started from.
            out.push_str(&format!("skipped  {}\n", f.name));
        }
    }
    out
}
