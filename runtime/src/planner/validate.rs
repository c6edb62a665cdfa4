//! Identifier checks before planning: every name the plan writes must survive the database
//! unchanged (PostgreSQL truncates names longer than 63 bytes).

use super::PlanError;
use crate::dialect::Dialect;
use crate::diff::{Change, TableChange};
use crate::schema::{IndexKey, Table};

/// Checks every identifier the changes create.
pub(super) fn identifiers(changes: &[Change], d: Dialect) -> Result<(), PlanError> {
    for c in changes {
        match c {
            Change::AddTable(t) => table(t, d)?,
            Change::ModifyTable(m) => {
                table(&m.to, d)?;
                for tc in &m.changes {
                    if let TableChange::RenameColumn { to, .. } = tc {
                        d.check_identifier(to)
                            .map_err(PlanError::render(&m.to.name))?;
                    }
                }
            }
            Change::RenameTable { to, .. } => {
                d.check_identifier(to).map_err(PlanError::render(to))?
            }
            Change::DropTable(_) => {}
        }
    }
    Ok(())
}

fn table(t: &Table, d: Dialect) -> Result<(), PlanError> {
    let err = PlanError::render(&t.name);
    let check = |n: &str| d.check_identifier(n);
    // Index names may be longer than PostgreSQL keeps: it cuts them to 63 bytes, the canonical
    // form predicts the cut, and ent writes them whole (the `<table>_<column>_key` of a unique
    // column is never shortened).
    for index in &t.indexes {
        d.check_identifier(&d.stored_identifier(&index.name))
            .map_err(PlanError::render(&t.name))?;
    }
    let names = std::iter::once(t.name.as_str())
        .chain(t.columns.iter().map(|c| c.name.as_str()))
        .chain(t.primary_key.iter().map(String::as_str))
        .chain(t.indexes.iter().flat_map(|i| {
            i.parts.iter().filter_map(|p| match &p.key {
                IndexKey::Column(c) => Some(c.as_str()),
                IndexKey::Expr(_) => None,
            })
        }))
        .chain(
            t.foreign_keys
                .iter()
                .filter(|f| !f.symbol.is_empty())
                .map(|f| f.symbol.as_str()),
        )
        .chain(t.foreign_keys.iter().map(|f| f.ref_table.as_str()))
        .chain(
            t.foreign_keys
                .iter()
                .flat_map(|f| f.columns.iter().chain(&f.ref_columns).map(String::as_str)),
        )
        .chain(
            t.checks
                .iter()
                .filter(|c| !c.name.is_empty())
                .map(|c| c.name.as_str()),
        );
    for n in names {
        if let Err(e) = check(n) {
            return Err(err(e));
        }
    }
    Ok(())
}
