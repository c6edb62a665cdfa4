//! Writing links of edges whose storage is not a column of the mutated table: the FK of the
//! target table (O2M, O2O from the side without the column) or a join table (M2M).
//! Links stored in the mutated table (M2O) are plain column sets of the mutation.
//!
//! The join table of an edge declared `@through(name, Entity)` is the table of an entity (an
//! edge schema, ent's `Through`): a new link is a new row of that entity, so it gets the
//! entity's creation defaults as ent's `createE.defaults()` gives them. Generated setters name
//! the entity with [`through`] when they build the edge change.

use super::entity::Entity;
use crate::builder::{ConflictAction, Delete, Edge, EdgeStorage, Insert, OnConflict, Pred, Update};
use crate::client::{Mutation, Op};
use crate::driver::Io;
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

#[derive(Debug, Clone)]
pub(crate) struct EdgeChange {
    pub(crate) edge: LinkEdge,
    pub(crate) bidi: bool,
    pub(crate) op: EdgeOp,
}

/// The edge a mutation changes links over, with the edge schema whose rows the links are for
/// an edge declared `@through`. An [`Edge`] converts into one without an edge schema.
#[derive(Debug, Clone, Copy)]
pub struct LinkEdge {
    pub(crate) edge: Edge,
    pub(crate) schema: Option<EdgeSchema>,
}

impl From<Edge> for LinkEdge {
    fn from(edge: Edge) -> Self {
        LinkEdge { edge, schema: None }
    }
}

/// `edge`, stored in the table of the edge schema `T` (`@through(name, T)`): adding a link
/// inserts a `T` row with `T`'s creation defaults. Generated `add_<edge>` setters of
/// `@through` edges pass their edge through it.
pub fn through<T: Entity>(edge: Edge) -> LinkEdge {
    LinkEdge {
        edge,
        schema: Some(EdgeSchema {
            name: T::NAME,
            defaults: T::create_defaults,
            sensitive: T::SENSITIVE,
        }),
    }
}

/// The entity whose table is an edge's join table (`@through`): what a link row needs
/// besides the two foreign keys.
#[derive(Clone, Copy)]
pub(crate) struct EdgeSchema {
    /// The entity's type name, for its creation mutation.
    name: &'static str,
    /// [`Entity::create_defaults`] of the entity.
    defaults: fn(&mut Mutation),
    /// Columns the debug log redacts.
    sensitive: &'static [&'static str],
}

impl std::fmt::Debug for EdgeSchema {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EdgeSchema")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// The storage of a join table's links: the table and its two columns, plus the edge schema
/// when the table belongs to one.
#[derive(Clone, Copy)]
struct JoinTable {
    table: &'static str,
    source_column: &'static str,
    target_column: &'static str,
    schema: Option<EdgeSchema>,
}

/// Applies `changes` to the links of the rows `sources`, in order.
pub(crate) async fn write_edges<D: Io>(
    drv: &mut D,
    sources: &[Value],
    changes: &[EdgeChange],
) -> Result<(), Error> {
    for c in changes {
        match c.edge.edge.storage {
            EdgeStorage::TargetFk(fk) => target_fk(drv, &c.edge.edge, fk, sources, &c.op).await?,
            EdgeStorage::Join {
                table,
                source_column,
                target_column,
            } => {
                let jt = JoinTable {
                    table,
                    source_column,
                    target_column,
                    schema: c.edge.schema,
                };
                join(drv, jt, sources, &c.op).await?;
                if c.bidi {
                    join_reverse(drv, jt, sources, &c.op).await?;
                }
            }
            EdgeStorage::SourceFk(_) => {
                return Err(Error::Build(
                    format!(
                        "edge {} is stored in its own table: set its column",
                        c.edge.edge.name
                    )
                    .into(),
                ));
            }
        }
    }
    Ok(())
}

async fn target_fk<D: Io>(
    drv: &mut D,
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
    drv.execute(&q).await?;
    Ok(())
}

async fn join<D: Io>(
    drv: &mut D,
    jt: JoinTable,
    sources: &[Value],
    op: &EdgeOp,
) -> Result<(), Error> {
    let d = drv.dialect();
    match op {
        EdgeOp::Add(ids) => {
            if ids.is_empty() || sources.is_empty() {
                return Ok(());
            }
            for q in link_rows(jt, sources, ids).build_batches(d)? {
                drv.execute(&q).await?;
            }
        }
        EdgeOp::Remove(ids) => {
            let q = Delete::from(jt.table)
                .filter(Pred::is_in(jt.source_column, sources.to_vec()))
                .filter(Pred::is_in(jt.target_column, ids.clone()))
                .build(d);
            drv.execute(&q).await?;
        }
        EdgeOp::Clear => {
            let q = Delete::from(jt.table)
                .filter(Pred::is_in(jt.source_column, sources.to_vec()))
                .build(d);
            drv.execute(&q).await?;
        }
    }
    Ok(())
}

/// The INSERT of one link row per (source, target): the two keys, then, for an edge schema,
/// the entity's creation defaults, computed per row so that each row gets its own (a UUID id
/// default must differ between rows). A link that exists already is left as it is (ent's
/// `ON CONFLICT DO NOTHING`): adding it again is not an error.
fn link_rows(jt: JoinTable, sources: &[Value], ids: &[Value]) -> Insert {
    let keys = [jt.source_column, jt.target_column];
    let existing = OnConflict::columns(keys, ConflictAction::DoNothing);
    let Some(schema) = jt.schema else {
        let mut ins = Insert::into(jt.table).columns(keys).on_conflict(existing);
        for s in sources {
            for t in ids {
                ins.push_row(vec![s.clone(), t.clone()]);
            }
        }
        return ins;
    };
    let defaults = || {
        let mut m = Mutation::new(schema.name, Op::CREATE);
        (schema.defaults)(&mut m);
        m
    };
    // Every row sets the same columns: the defaults of a fresh mutation.
    let extra: Vec<&'static str> = defaults()
        .fields()
        .iter()
        .map(|(c, _)| *c)
        .filter(|c| !keys.contains(c))
        .collect();
    let mut ins = Insert::into(jt.table)
        .columns(keys.into_iter().chain(extra.iter().copied()))
        .on_conflict(existing);
    for c in schema.sensitive {
        ins = ins.sensitive(c);
    }
    for s in sources {
        for t in ids {
            let m = defaults();
            let mut row = vec![s.clone(), t.clone()];
            row.extend(
                extra
                    .iter()
                    .map(|c| m.field(c).cloned().unwrap_or(Value::Null)),
            );
            ins.push_row(row);
        }
    }
    ins
}

/// The mirror links of a symmetric edge: (target, source) for every (source, target).
async fn join_reverse<D: Io>(
    drv: &mut D,
    jt: JoinTable,
    sources: &[Value],
    op: &EdgeOp,
) -> Result<(), Error> {
    match op {
        EdgeOp::Add(ids) => {
            for t in ids {
                // Skip self-links: the forward insert wrote them already.
                let others: Vec<Value> = sources.iter().filter(|s| *s != t).cloned().collect();
                join(drv, jt, std::slice::from_ref(t), &EdgeOp::Add(others)).await?;
            }
            Ok(())
        }
        EdgeOp::Remove(ids) => join(drv, jt, ids, &EdgeOp::Remove(sources.to_vec())).await,
        EdgeOp::Clear => {
            let q = Delete::from(jt.table)
                .filter(Pred::is_in(jt.target_column, sources.to_vec()))
                .build(drv.dialect());
            drv.execute(&q).await?;
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::Dialect;
    use crate::driver::Row;
    use crate::typed::{now, set_default, uuid_v4};

    /// An edge schema whose id and `at` come from creation defaults, and whose `note` is
    /// sensitive and defaulted too.
    #[derive(Clone)]
    struct Follow;

    impl Entity for Follow {
        type Id = uuid::Uuid;
        const NAME: &'static str = "Follow";
        const LABEL: &'static str = "follow";
        const TABLE: &'static str = "follows";
        const ID: &'static str = "id";
        const COLUMNS: &'static [&'static str] = &["id", "at", "note", "user_id", "post_id"];
        const SENSITIVE: &'static [&'static str] = &["note"];
        fn from_row(_: &Row<'_>) -> Result<Self, Error> {
            Ok(Follow)
        }
        fn id(&self) -> uuid::Uuid {
            uuid::Uuid::nil()
        }
        fn create_defaults(m: &mut Mutation) {
            set_default(m, "id", uuid_v4);
            set_default(m, "at", now);
            set_default(m, "note", || Value::from("hi"));
        }
        fn update_defaults(_: &mut Mutation) {}
        fn check(_: &Mutation) -> Result<(), Error> {
            Ok(())
        }
    }

    const EDGE: Edge = Edge {
        name: "followed",
        source_table: "users",
        source_key: "id",
        target_table: "posts",
        target_key: "id",
        storage: EdgeStorage::Join {
            table: "follows",
            source_column: "user_id",
            target_column: "post_id",
        },
    };

    fn table(schema: Option<EdgeSchema>) -> JoinTable {
        JoinTable {
            table: "follows",
            source_column: "user_id",
            target_column: "post_id",
            schema,
        }
    }

    #[test]
    fn a_plain_join_row_is_the_two_keys_and_an_existing_one_is_kept() {
        let q = link_rows(table(None), &[1.into()], &[2.into(), 3.into()])
            .build(Dialect::Postgres)
            .unwrap();
        assert_eq!(
            q.sql,
            r#"INSERT INTO "follows" ("user_id", "post_id") VALUES ($1, $2), ($3, $4) ON CONFLICT ("user_id", "post_id") DO NOTHING"#
        );
        assert_eq!(q.args, [1, 2, 1, 3].map(Value::from));
    }

    #[test]
    fn an_edge_schema_row_gets_its_own_creation_defaults_after_the_keys() {
        assert_eq!(LinkEdge::from(EDGE).schema.map(|s| s.name), None);
        let link = through::<Follow>(EDGE);
        assert_eq!(link.edge, EDGE);
        let schema = link.schema;
        assert_eq!(schema.map(|s| s.name), Some("Follow"));
        let q = link_rows(table(schema), &[1.into()], &[2.into(), 3.into()])
            .build(Dialect::Postgres)
            .unwrap();
        assert!(
            q.sql.starts_with(
                r#"INSERT INTO "follows" ("user_id", "post_id", "id", "at", "note") VALUES"#
            ),
            "{}",
            q.sql
        );
        let rows: Vec<&[Value]> = q.args.chunks(5).collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0][..2], [1, 2].map(Value::from));
        assert_eq!(rows[1][..2], [1, 3].map(Value::from));
        assert!(matches!(rows[0][2], Value::Uuid(_)));
        assert_ne!(rows[0][2], rows[1][2], "each link row has its own id");
        assert!(matches!(rows[0][3], Value::Time(_)));
        assert_eq!(rows[0][4], Value::from("hi"));
        assert_eq!(q.redacted, [4, 9], "the sensitive column is redacted");
    }
}
