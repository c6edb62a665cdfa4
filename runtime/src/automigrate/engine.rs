//! The run itself, the same for every database: inspect, diff, hooks, policy, plan, execute.

use super::error::HookStage;
use super::options::{ApplyContext, DiffContext, LogEntry};
use super::report::Report;
use super::session::Session;
use super::{MigrateError, Options, global_id, hints};
use crate::dialect::Dialect;
use crate::diff::{DiffOptions, diff_printed};
use crate::plan::Plan;
use crate::schema::Schema;

/// Everything between taking the lock and committing; `report.statements` holds what ran.
pub(crate) async fn migrate(
    session: &mut impl Session,
    desired: &Schema,
    opts: &mut Options<'_>,
    report: &mut Report,
) -> Result<(), MigrateError> {
    let dialect = session.dialect();
    let mut desired = desired.clone();
    if opts.global_unique_ids {
        global_id::add_types_table(&mut desired, dialect);
    }

    // 1. The current state of the tables we know (and of those about to be renamed).
    let names = hints::tables_to_inspect(&desired, &opts.table_renames);
    let current = session.inspect(names).await?;

    // 2. Id ranges, from the types recorded so far (on MySQL with the tables' counters, which
    // existing tables may have below their range).
    let mut counters = Vec::new();
    if opts.global_unique_ids {
        let mut types = if current.get(global_id::TYPES_TABLE).is_some() {
            session
                .query_strings("read ent_types", &global_id::select_types(dialect))
                .await?
        } else {
            Vec::new()
        };
        report.new_types = global_id::assign_ranges(&mut desired, &mut types, dialect)?;
        if dialect == Dialect::Mysql {
            counters = session
                .query_strings(
                    "read the tables' AUTO_INCREMENT counters",
                    global_id::MYSQL_COUNTERS,
                )
                .await?;
        }
    }

    // 3. The desired expressions as the database prints them (an exact comparison; see
    // `inspect::postgres::database_forms`), then the diff with the hints that still apply, then
    // the diff hooks, then the policy.
    let printed = session.database_forms(&desired).await?;
    let (table_renames, column_renames) = hints::applicable(
        &current,
        &desired,
        &opts.table_renames,
        &opts.column_renames,
    );
    let diff_opts = DiffOptions {
        dialect,
        table_renames,
        column_renames,
    };
    let mut changes = diff_printed(&current, &desired, &printed, &diff_opts)?;
    let ctx = DiffContext {
        dialect,
        current: &current,
        desired: &desired,
    };
    for hook in &mut opts.diff_hooks {
        changes = hook(&ctx, changes).map_err(MigrateError::hook(HookStage::Diff))?;
    }
    let (changes, skipped) = super::policy::enforce(changes, opts);
    report.skipped = skipped;

    // 4. The plan, with the new types recorded and, online on SQLite, without the foreign-key
    // pragmas the session replaces.
    let mut plan = crate::planner::plan(&changes, dialect)?;
    if opts.global_unique_ids && dialect == Dialect::Sqlite {
        let fixes = global_id::keep_sqlite_ranges(&plan.statements, &desired);
        let at = plan
            .statements
            .iter()
            .rposition(|s| !super::sqlite_pragma(&s.sql))
            .map_or(plan.statements.len(), |i| i + 1);
        plan.statements.splice(at..at, fixes);
    }
    if opts.global_unique_ids && dialect == Dialect::Mysql {
        plan.statements
            .extend(global_id::keep_mysql_ranges(&counters, &desired, &current));
    }
    if let Some(insert) = global_id::insert_types(&report.new_types, dialect) {
        plan.statements.push(insert);
    }
    if opts.write_to.is_none() && dialect == Dialect::Sqlite {
        plan.statements.retain(|s| !super::sqlite_pragma(&s.sql));
    }
    report.changes = changes;
    if plan.is_empty() {
        return Ok(());
    }

    // 5. Apply hooks, then every statement.
    for hook in &mut opts.apply_hooks {
        let mut ctx = ApplyContext {
            dialect,
            changes: &report.changes,
            plan: &mut plan,
        };
        hook(&mut ctx).map_err(MigrateError::hook(HookStage::Apply))?;
    }
    execute(session, plan, opts, report).await
}

async fn execute(
    session: &mut impl Session,
    plan: Plan,
    opts: &mut Options<'_>,
    report: &mut Report,
) -> Result<(), MigrateError> {
    let written = report.written;
    for s in plan.statements {
        if let Some(sink) = &mut opts.debug {
            sink(&LogEntry {
                comment: &s.comment,
                sql: &s.sql,
                written,
            });
        }
        match &mut opts.write_to {
            Some(w) => writeln!(w, "-- {}\n{};", s.comment, s.sql).map_err(MigrateError::Write)?,
            None => session
                .execute(&s.sql)
                .await
                .map_err(|error| MigrateError::Statement {
                    sql: s.sql.clone(),
                    comment: s.comment.clone(),
                    error,
                })?,
        }
        report.statements.push(s);
    }
    Ok(())
}
