//! From the graph to SQL: the tables a schema maps to in each dialect ([`tables`]), and the full
//! DDL that creates them on an empty database ([`create_statements`]), planned by the runtime's
//! diff and planner so that `entgen schema`, `migrate diff` and auto-migration agree.

mod tables;

pub use tables::{column_renames, graph_dialect, sql_dialect, table_renames, tables};

use entgen_runtime::diff::{DiffOptions, diff};
use entgen_runtime::plan::Plan;
use entgen_runtime::planner::plan;
use entgen_runtime::schema::Schema;

use crate::graph::{Dialect, Graph};

/// Why DDL could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum DdlError {
    #[error("{0} is not supported yet: DDL is rendered for postgres, sqlite and mysql")]
    UnsupportedDialect(&'static str),
    #[error("the tables are inconsistent: {0}")]
    Diff(#[from] entgen_runtime::diff::DiffError),
    #[error("cannot plan the statements: {0}")]
    Plan(#[from] entgen_runtime::planner::PlanError),
}

/// The statements that create every table of the graph on an empty database, in an order that
/// applies as is (referenced tables first; FK cycles closed after the tables).
pub fn create_statements(graph: &Graph, dialect: Dialect) -> Result<Plan, DdlError> {
    let sql_dialect = sql_dialect(dialect).ok_or(DdlError::UnsupportedDialect(dialect.key()))?;
    let desired = tables(graph, dialect);
    let changes = diff(&Schema::new(), &desired, &DiffOptions::new(sql_dialect))?;
    Ok(plan(&changes, sql_dialect)?)
}

/// A plan as an SQL script: each statement under its comment, as Atlas writes migration files.
pub fn render_script(plan: &Plan) -> String {
    plan.statements
        .iter()
        .map(|s| format!("-- {}\n{};\n", capitalize(&s.comment), s.sql))
        .collect()
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
