//! Writing links of edges whose storage is not a column of the mutated table: the FK of the
//! target table (O2M, O2O from the side without the column) or a join table (M2M).
//! Links stored in the mutated table (M2O) are plain column sets of the mutation.

use crate::builder::{Delete, Edge, EdgeStorage, Insert, Pred, Update};
use crate::driver::Driver;
use crate::error::Error;
use crate::value::Value;

/// What to do with an edge's links.
#[derive(Debug, Clone, PartialEq)]
pub enum EdgeOp {
    /// Link to these ids.
    Add(Vec<Value>),
    /// Unlink these ids.
    Remove(Vec<Value>),
    /// Unlink everything.
    Clear,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct EdgeChange {
    pub(crate) edge: Edge,
    pub(crate) bidi: bool,
    pub(crate) op: EdgeOp,
}

/// Applies `changes` to the links of the rows `sources`, in order.
pub(crate) fn write_edges(
    drv: &mut Driver,
    sources: &[Value],
    changes: &[EdgeChange],
) -> Result<(), Error> {
    for c in changes {
        match c.edge.storage {
            EdgeStorage::TargetFk(fk) => target_fk(drv, &c.edge, fk, sources, &c.op)?,
            EdgeStorage::Join {
                table,
                source_column,
                target_column,
            } => {
                join(drv, table, source_column, target_column, sources, &c.op)?;
                if c.bidi {
                    join_reverse(drv, table, source_column, target_column, sources, &c.op)?;
                }
            }
            EdgeStorage::SourceFk(_) => {
                return Err(Error::Build(
                    format!(
                        "edge {} is stored in its own table: set its column",
                        c.edge.name
                    )
                    .into(),
                ));
            }
        }
    }
    Ok(())
}

fn target_fk(
    drv: &mut Driver,
    edge: &Edge,
    fk: &'static str,
    sources: &[Value],
    op: &EdgeOp,
) -> Result<(), Error> {
    let d = drv.dialect();
    let q = match op {
        EdgeOp::Add(ids) => {
            let Some(source) = sources.last() else {
                return Ok(());
            };
            if ids.is_empty() {
                return Ok(());
            }
            Update::table(edge.target_table)
                .set(fk, source.clone())
                .filter(Pred::is_in(edge.target_key, ids.clone()))
                .build(d)?
        }
        EdgeOp::Remove(ids) => Update::table(edge.target_table)
            .clear(fk)
            .filter(Pred::and([
                Pred::is_in(edge.target_key, ids.clone()),
                Pred::is_in(fk, sources.to_vec()),
            ]))
            .build(d)?,
        EdgeOp::Clear => Update::table(edge.target_table)
            .clear(fk)
            .filter(Pred::is_in(fk, sources.to_vec()))
            .build(d)?,
    };
    drv.execute(&q)?;
    Ok(())
}

fn join(
    drv: &mut Driver,
    table: &'static str,
    source_column: &'static str,
    target_column: &'static str,
    sources: &[Value],
    op: &EdgeOp,
) -> Result<(), Error> {
    let d = drv.dialect();
    match op {
        EdgeOp::Add(ids) => {
            if ids.is_empty() || sources.is_empty() {
                return Ok(());
            }
            let mut ins = Insert::into(table).columns([source_column, target_column]);
            for s in sources {
                for t in ids {
                    ins.push_row(vec![s.clone(), t.clone()]);
                }
            }
            for q in ins.build_batches(d)? {
                drv.execute(&q)?;
            }
        }
        EdgeOp::Remove(ids) => {
            let q = Delete::from(table)
                .filter(Pred::is_in(source_column, sources.to_vec()))
                .filter(Pred::is_in(target_column, ids.clone()))
                .build(d);
            drv.execute(&q)?;
        }
        EdgeOp::Clear => {
            let q = Delete::from(table)
                .filter(Pred::is_in(source_column, sources.to_vec()))
                .build(d);
            drv.execute(&q)?;
        }
    }
    Ok(())
}

/// The mirror links of a symmetric edge: (target, source) for every (source, target).
fn join_reverse(
    drv: &mut Driver,
    table: &'static str,
    source_column: &'static str,
    target_column: &'static str,
    sources: &[Value],
    op: &EdgeOp,
) -> Result<(), Error> {
    match op {
        EdgeOp::Add(ids) => {
            for t in ids {
                // Skip self-links: the forward insert wrote them already.
                let others: Vec<Value> = sources.iter().filter(|s| *s != t).cloned().collect();
                join(
                    drv,
                    table,
                    source_column,
                    target_column,
                    std::slice::from_ref(t),
                    &EdgeOp::Add(others),
                )?;
            }
            Ok(())
        }
        EdgeOp::Remove(ids) => join(
            drv,
            table,
            source_column,
            target_column,
            ids,
            &EdgeOp::Remove(sources.to_vec()),
        ),
        EdgeOp::Clear => {
            let q = Delete::from(table)
                .filter(Pred::is_in(target_column, sources.to_vec()))
                .build(drv.dialect());
            drv.execute(&q)?;
            Ok(())
        }
    }
}
