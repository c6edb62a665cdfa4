//! The desired schema's SQL expressions in PostgreSQL's own spelling.
//!
//! # Why the database prints them
//! PostgreSQL keeps an expression as a parse tree and prints it back in its own form:
//! `a >= 0 AND a <= 5` comes back as `(a >= 0) AND (a <= 5)`, `s IN ('x', 'y')` as
//! `(s)::text = ANY ((ARRAY['x'::character varying, 'y'::character varying])::text[])`,
//! `lower('ABC')` as `lower('ABC'::text)`. Which casts it adds depends on the column types,
//! the operators and functions installed and the server version, so no hand-written rewriter
//! can predict that form exactly: any rule it missed would drop and re-add a check, or rebuild an
//! index under lock, on every deploy. Atlas's answer is to let the database print the desired
//! expression too, and so does entgen: every table of the desired schema that carries an
//! expression (a check, an index predicate or expression part, an expression default) is
//! created as a temporary table in a transaction (a savepoint inside one) that is rolled back,
//! the temporary tables are inspected with the very queries that read the live tables, and
//! the printed forms replace the desired ones in a copy of the schema. The diff compares that
//! copy with the inspected tables (`diff::diff_printed`): both hold the database's text for
//! the same trees, so equal trees compare equal, and the diff and planner stay pure. The
//! statements still carry the user's text: a printed form is not always a fixed point
//! (`s IN ('a')` prints as `(s)::text = ANY ((ARRAY['a'::character varying])::text[])`, which
//! PostgreSQL parses back as another cast and prints differently), so it is never executed.
//!
//! Temporary tables need only the `TEMPORARY` privilege that every role has by default (a
//! scratch schema would need `CREATE` on the database); their columns have the desired types,
//! so casts come out as they will on the real table; unqualified names of functions and types
//! resolve through the connection's own `search_path`, as they will when the migration runs.
//! Nothing is left behind: the transaction is rolled back.

use super::{D, InspectError, InspectOptions, inspect_on};
use crate::driver::{Driver, Io, now};
use crate::error::Error;
use crate::schema::{Check, DefaultValue, Index, IndexKey, Schema, Table};

/// A failed step of the forms' transaction, naming it.
fn step(query: &'static str) -> impl FnOnce(Error) -> InspectError {
    move |source| InspectError::Query { query, source }
}

/// `desired` with every expression replaced by the form PostgreSQL prints for it on this
/// connection, to compare with inspected tables (never to execute). Tables without
/// expressions are returned as they are, and no query runs when no table has one. An
/// expression the server refuses is an error naming the table and the SQL.
pub fn database_forms(driver: &mut Driver, desired: &Schema) -> Result<Schema, InspectError> {
    now(database_forms_on(driver, desired))
}

/// [`database_forms`] on any connection.
pub(crate) async fn database_forms_on<D: Io>(
    driver: &mut D,
    desired: &Schema,
) -> Result<Schema, InspectError> {
    let with_exprs: Vec<usize> = (0..desired.tables.len())
        .filter(|&i| has_expressions(&desired.tables[i]))
        .collect();
    if with_exprs.is_empty() {
        return Ok(desired.clone());
    }
    driver
        .begin()
        .await
        .map_err(step("BEGIN (expression forms)"))?;
    let printed = printed_tables(driver, desired, &with_exprs).await;
    // Roll back whatever happened: the temporary tables go with the transaction.
    let rolled_back = driver
        .end(false)
        .await
        .map_err(step("ROLLBACK (expression forms)"));
    let printed = printed?;
    rolled_back?;

    let mut out = desired.clone();
    for (n, &i) in with_exprs.iter().enumerate() {
        let table = &mut out.tables[i];
        let scratch = printed
            .get(&table.name)
            .ok_or_else(|| InspectError::Catalog {
                table: table.name.clone(),
                detail: "the temporary table that prints its expressions was not found".into(),
            })?;
        take_forms(table, scratch, n);
    }
    Ok(out)
}

/// Inside the transaction: creates the scratch tables of the tables `with_exprs` lists and
/// inspects them.
async fn printed_tables<D: Io>(
    driver: &mut D,
    desired: &Schema,
    with_exprs: &[usize],
) -> Result<Schema, InspectError> {
    // Relations resolve in pg_temp first however the connection's search_path lists it (the
    // setting is undone with the transaction).
    driver
        .execute_batch(
            "SELECT pg_catalog.set_config('search_path', 'pg_temp, ' || pg_catalog.current_setting('search_path'), true)",
        )
        .await
        .map_err(step("SET search_path (expression forms)"))?;
    let mut names = Vec::with_capacity(with_exprs.len());
    let mut statements: Vec<(usize, String)> = Vec::new();
    for (n, &i) in with_exprs.iter().enumerate() {
        let scratch = scratch_table(&desired.tables[i], n);
        statements.extend(
            scratch_statements(&scratch)?
                .into_iter()
                .map(|sql| (i, sql)),
        );
        names.push(scratch.name);
    }
    create_scratch(driver, desired, &statements).await?;
    let temp_schema = super::super::rows::run(
        driver,
        "TEMP_SCHEMA_QUERY",
        "SELECT nspname::text FROM pg_catalog.pg_namespace WHERE oid = pg_catalog.pg_my_temp_schema()",
        Vec::new(),
    )
    .await?
    .iter()
    .next()
    .map(|r| r.at::<String>(0))
    .transpose()?
    .ok_or_else(|| InspectError::Catalog {
        table: String::new(),
        detail: "the session has no temporary schema".into(),
    })?;
    inspect_on(
        driver,
        &InspectOptions::default().schema(temp_schema).tables(names),
    )
    .await
}

/// Runs the statements in one round trip (a schema may have hundreds of such tables); when
/// that fails, runs them one by one to name the table and the statement the server refused.
async fn create_scratch<D: Io>(
    driver: &mut D,
    desired: &Schema,
    statements: &[(usize, String)],
) -> Result<(), InspectError> {
    let batch: Vec<&str> = statements.iter().map(|(_, sql)| sql.as_str()).collect();
    driver
        .begin()
        .await
        .map_err(step("SAVEPOINT (expression forms)"))?;
    let batch_error = match driver.execute_batch(&batch.join(";\n")).await {
        Ok(()) => {
            return driver
                .end(true)
                .await
                .map_err(step("RELEASE SAVEPOINT (expression forms)"));
        }
        Err(e) => e,
    };
    driver
        .end(false)
        .await
        .map_err(step("ROLLBACK TO SAVEPOINT (expression forms)"))?;
    for (i, sql) in statements {
        if let Err(source) = driver.execute_batch(sql).await {
            return Err(InspectError::Expression {
                table: desired.tables[*i].name.clone(),
                sql: sql.clone(),
                reason: source.database_message(),
            });
        }
    }
    Err(InspectError::Query {
        query: "CREATE TEMPORARY TABLE (expression forms)",
        source: batch_error,
    })
}

/// Whether a table carries an expression PostgreSQL would print in its own form.
fn has_expressions(t: &Table) -> bool {
    !t.checks.is_empty()
        || t.indexes.iter().any(index_has_expressions)
        || t.columns
            .iter()
            .any(|c| matches!(c.default, Some(DefaultValue::Expr(_))))
}

fn index_has_expressions(i: &Index) -> bool {
    i.predicate.is_some() || i.parts.iter().any(|p| matches!(p.key, IndexKey::Expr(_)))
}

/// The objects of `t` that hold expressions. The table keeps its name (an expression may name
/// it: `users.age > 0`; a temporary table may share a permanent one's name), checks and indexes
/// get names that cannot clash and map back by position: check `c<i>`, index
/// `entgen_forms_<n>_<i>` (index names share the schema). Columns keep names and types;
/// identity and comments are dropped, as are foreign keys and the primary key, which hold no
/// expressions and would need other tables.
fn scratch_table(t: &Table, n: usize) -> Table {
    let name = format!("entgen_forms_{n}");
    let mut s = Table::new(t.name.clone());
    s.columns = t
        .columns
        .iter()
        .map(|c| {
            let mut c = c.clone();
            c.identity = None;
            c.comment = None;
            c
        })
        .collect();
    s.checks = t
        .checks
        .iter()
        .enumerate()
        .map(|(i, c)| Check::new(format!("c{i}"), c.expr.clone()))
        .collect();
    s.indexes = t
        .indexes
        .iter()
        .enumerate()
        .filter(|(_, ix)| index_has_expressions(ix))
        .map(|(i, ix)| {
            let mut ix = ix.clone();
            ix.name = format!("{name}_{i}");
            ix
        })
        .collect();
    s
}

/// `CREATE TEMPORARY TABLE` and its indexes.
fn scratch_statements(t: &Table) -> Result<Vec<String>, InspectError> {
    let render = |e: crate::dialect::RenderError| InspectError::Catalog {
        table: t.name.clone(),
        detail: e.to_string(),
    };
    let mut out = vec![D.create_temporary_table(t).map_err(render)?];
    out.extend(t.indexes.iter().map(|i| D.create_index(&t.name, i)));
    Ok(out)
}

/// Copies the printed forms from the inspected scratch table onto the desired table.
fn take_forms(table: &mut Table, scratch: &Table, n: usize) {
    for (i, check) in table.checks.iter_mut().enumerate() {
        if let Some(c) = scratch.checks.iter().find(|c| c.name == format!("c{i}")) {
            check.expr = c.expr.clone();
        }
    }
    for (i, index) in table.indexes.iter_mut().enumerate() {
        let scratch_name = format!("entgen_forms_{n}_{i}");
        let Some(printed) = scratch.indexes.iter().find(|x| x.name == scratch_name) else {
            continue;
        };
        index.predicate = printed.predicate.clone();
        for (part, printed) in index.parts.iter_mut().zip(&printed.parts) {
            if matches!(part.key, IndexKey::Expr(_)) {
                part.key = printed.key.clone();
            }
        }
    }
    for column in &mut table.columns {
        if !matches!(column.default, Some(DefaultValue::Expr(_))) {
            continue;
        }
        if let Some(printed) = scratch.columns.iter().find(|c| c.name == column.name) {
            column.default = printed.default.clone();
        }
    }
}
