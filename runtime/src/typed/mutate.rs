//! The generic mutation builders generated `<Entity>Create` / `<Entity>Update` types wrap:
//! defaults, hooks, checks, the statement, then edge writes, in ent's order.
//!
//! Order of a save: creation (or update) defaults for unset fields ▶ before hooks (which may
//! change the mutation) ▶ validators and required-field checks ▶ SQL (inside a transaction
//! when edges need more statements) ▶ after hooks.

use std::marker::PhantomData;

use super::edge_write::{EdgeChange, EdgeOp, LinkEdge, write_edges};
use super::entity::{Detached, Entity};
use super::predicate::Predicate;
use super::select::Projection;
use crate::builder::{
    ConflictAction, Delete as DeleteStmt, Insert, OnConflict, Pred, Query, Select, SqlType,
    max_params,
};
use crate::client::{self, Client, Hooks, Mutation, Op, Outcome};
use crate::dialect::Dialect;
use crate::driver::{Io, finish, now};
use crate::error::Error;
use crate::value::{FromValue, Value};

/// A create of one `E` on client `C`.
pub struct Create<E: Entity, C> {
    client: C,
    m: Mutation,
    edges: Vec<EdgeChange>,
    conflict: Option<OnConflict>,
    entity: PhantomData<fn() -> E>,
}

impl<E: Entity, C> Create<E, C> {
    /// An empty create.
    pub fn new(client: C) -> Self {
        Create {
            client,
            m: Mutation::new(E::NAME, Op::CREATE).with_sensitive(E::SENSITIVE),
            edges: Vec::new(),
            conflict: None,
            entity: PhantomData,
        }
    }

    /// Sets a column.
    pub fn set(mut self, column: &'static str, value: impl Into<Value>) -> Self {
        self.m.set(column, value);
        self
    }

    /// Links the new row to `ids` over `edge` (an edge whose link is not in `E`'s table).
    pub fn add_edge(mut self, edge: impl Into<LinkEdge>, bidi: bool, ids: Vec<Value>) -> Self {
        self.edges.push(EdgeChange {
            edge: edge.into(),
            bidi,
            op: EdgeOp::Add(ids),
        });
        self
    }

    /// The pending mutation, as hooks will see it.
    pub fn mutation(&self) -> &Mutation {
        &self.m
    }

    /// The pending mutation, to change it.
    pub fn mutation_mut(&mut self) -> &mut Mutation {
        &mut self.m
    }

    /// Upsert: on a conflict over the columns of `columns` (a unique index), do what
    /// [`Create::update_new_values`] or [`Create::do_nothing`] says (default: update).
    pub fn on_conflict<P: Projection<E>>(mut self, columns: P) -> Self {
        let conflict = OnConflict::columns(columns.columns(), ConflictAction::UpdateNewValues);
        // The id and immutable fields keep their stored values (ent's `UpdateNewValues`).
        let keep = std::iter::once(E::ID).chain(E::IMMUTABLE.iter().copied());
        self.conflict = Some(conflict.keep(keep));
        self
    }

    /// On conflict, overwrite the existing row with the values set here, except its id and
    /// its immutable fields, which keep their stored values.
    pub fn update_new_values(mut self) -> Self {
        if let Some(c) = &mut self.conflict {
            c.action = ConflictAction::UpdateNewValues;
        }
        self
    }

    /// On conflict, keep the existing row untouched: `exec` then succeeds, while `save` and
    /// `id`, having no row to return, report not found.
    pub fn do_nothing(mut self) -> Self {
        if let Some(c) = &mut self.conflict {
            c.action = ConflictAction::DoNothing;
        }
        self
    }

    fn prepared(mut self) -> Self {
        E::create_defaults(&mut self.m);
        self
    }

    /// The client and what a save sends, creation defaults applied.
    #[cfg_attr(not(feature = "async"), allow(dead_code))]
    pub(crate) fn into_run_parts(self) -> (C, Mutation, CreateRest) {
        let Create {
            client,
            m,
            edges,
            conflict,
            ..
        } = self.prepared();
        (client, m, CreateRest { edges, conflict })
    }
}

/// What a create sends besides its mutation: edge links and the upsert option.
pub(crate) struct CreateRest {
    edges: Vec<EdgeChange>,
    conflict: Option<OnConflict>,
}

impl<E: Entity> Create<E, &Client> {
    /// Creates the row and returns it as stored (database defaults included);
    /// [`Error::NotFound`] when `do_nothing` skipped it, as there is then no row to return.
    pub fn save(self) -> Result<E, Error> {
        self.run()?.ok_or(Error::NotFound { entity: E::LABEL })
    }

    /// Creates the row. A row skipped by `do_nothing` (its conflict left the existing row
    /// alone) is not an error: that is what `do_nothing` asks for.
    pub fn exec(self) -> Result<(), Error> {
        self.run().map(|_| ())
    }

    /// Creates the row and returns its id; [`Error::NotFound`] when `do_nothing` skipped it.
    pub fn id(self) -> Result<E::Id, Error> {
        self.save().map(|e| e.id())
    }

    /// Creates the row: `None` when `do_nothing` skipped it (after hooks then see no row
    /// affected, and no edge is written).
    fn run(self) -> Result<Option<E>, Error> {
        let (client, m, rest) = self.into_run_parts();
        client.mutate(m, |drv, m| now(create_on::<_, E>(drv, m, &rest)))
    }
}

/// A create on one connection, after the before hooks: checks, the INSERT and, in one
/// transaction with it, the edges. Returns the row (`None` when `do_nothing` skipped it) and
/// the outcome after hooks see.
pub(crate) async fn create_on<D: Io, E: Entity>(
    drv: &mut D,
    m: &Mutation,
    rest: &CreateRest,
) -> Result<(Option<E>, Outcome), Error> {
    E::check(m)?;
    let conflict = rest.conflict.as_ref();
    let may_skip = skips_rows(conflict);
    let created = if rest.edges.is_empty() {
        created_row(insert_one::<_, E>(drv, m, conflict).await?, may_skip)?
    } else {
        drv.begin().await?;
        let body = create_with_edges::<_, E>(drv, m, rest, may_skip).await;
        finish(drv, body).await?
    };
    let outcome = Outcome {
        affected: u64::from(created.is_some()),
        ids: created.iter().map(|e| e.id().into()).collect(),
    };
    Ok((created, outcome))
}

/// The INSERT and the edges of the row it created (inside a transaction level).
async fn create_with_edges<D: Io, E: Entity>(
    drv: &mut D,
    m: &Mutation,
    rest: &CreateRest,
    may_skip: bool,
) -> Result<Option<E>, Error> {
    let created = created_row(
        insert_one::<_, E>(drv, m, rest.conflict.as_ref()).await?,
        may_skip,
    )?;
    if let Some(e) = &created {
        write_edges(drv, &[e.id().into()], &rest.edges).await?;
    }
    Ok(created)
}

/// Whether an INSERT with this upsert option may create fewer rows than it sends
/// (`do_nothing`).
fn skips_rows(conflict: Option<&OnConflict>) -> bool {
    conflict.is_some_and(|c| c.action == ConflictAction::DoNothing)
}

/// The row an INSERT returned: none is only fine when `do_nothing` may have skipped it.
fn created_row<E: Entity>(rows: Vec<E>, may_skip: bool) -> Result<Option<E>, Error> {
    if rows.is_empty() && may_skip {
        return Ok(None);
    }
    client::only(rows, E::LABEL).map(Some)
}

/// Many creates of `E` sent as multi-row INSERTs, one per run of neighbouring rows that set the
/// same columns: on PostgreSQL, a run of at least 100 rows whose columns have plain or enum
/// types goes as one array parameter per column (`INSERT ... SELECT FROM unnest(...)`, one
/// statement per 50k rows); other runs, and other dialects, as `VALUES` batches split under the
/// dialect's parameter limit.
pub struct CreateBulk<E: Entity, C> {
    client: C,
    rows: Vec<Create<E, Detached>>,
}

impl<E: Entity, C> CreateBulk<E, C> {
    /// The creates `rows`, each built with `<Entity>Create::new()`.
    pub fn new(client: C, rows: impl IntoIterator<Item = Create<E, Detached>>) -> Self {
        CreateBulk {
            client,
            rows: rows.into_iter().collect(),
        }
    }
}

impl<E: Entity> CreateBulk<E, &Client> {
    /// Creates every row, returning the rows created in the order given.
    ///
    /// A row's upsert option ([`Create::on_conflict`]) applies to it, and neighbouring rows
    /// with the same option share a statement. Two rows that update the same conflicting row
    /// go in separate statements, so the later one wins, as it would row by row. A row that
    /// `do_nothing` skipped (its conflict left the existing row alone) is left out of the
    /// result: none of its edges is written, and after hooks see it with no row affected.
    /// RETURNING does not say which rows were skipped, so when that matters (a row of the run
    /// has edges, or a hook is registered) a run that skipped rows is rolled back to a
    /// savepoint and sent again one row per statement.
    pub fn save(self) -> Result<Vec<E>, Error> {
        let CreateBulk { client, rows } = self;
        let hooks = client.hooks();
        let bulk = prepare_bulk(&hooks, rows)?;
        let inserted = now(insert_rows_on::<_, E>(&mut *client.conn()?, &bulk))?;
        after_bulk(&hooks, &bulk, inserted)
    }

    /// Creates every row; rows that `do_nothing` skipped are not an error, as with
    /// [`CreateBulk::save`].
    pub fn exec(self) -> Result<(), Error> {
        self.save().map(|_| ())
    }
}

impl<E: Entity, C> CreateBulk<E, C> {
    /// The client and the rows.
    #[cfg_attr(not(feature = "async"), allow(dead_code))]
    pub(crate) fn into_parts(self) -> (C, Vec<Create<E, Detached>>) {
        (self.client, self.rows)
    }
}

/// The rows of a bulk create, their before hooks run and their fields checked.
pub(crate) struct PreparedBulk {
    muts: Vec<Mutation>,
    extras: Vec<RowExtras>,
    hooked: bool,
}

/// Creation defaults, before hooks and checks of every row of a bulk create.
pub(crate) fn prepare_bulk<E: Entity>(
    hooks: &Hooks,
    rows: Vec<Create<E, Detached>>,
) -> Result<PreparedBulk, Error> {
    let mut muts = Vec::with_capacity(rows.len());
    let mut extras = Vec::with_capacity(rows.len());
    let hooked = !hooks.is_empty();
    for row in rows {
        let row = row.prepared();
        let mut m = row.m;
        if hooked {
            hooks.run_before(&mut m)?;
        }
        E::check(&m)?;
        muts.push(m);
        extras.push(RowExtras {
            edges: row.edges,
            conflict: row.conflict,
        });
    }
    Ok(PreparedBulk {
        muts,
        extras,
        hooked,
    })
}

/// The after hooks of a bulk create, and the rows created in the order given.
pub(crate) fn after_bulk<E: Entity>(
    hooks: &Hooks,
    bulk: &PreparedBulk,
    inserted: Vec<Inserted<E>>,
) -> Result<Vec<E>, Error> {
    if bulk.hooked {
        // With hooks, every row's fate is known (see `insert_rows`): a hook per row given.
        let mut inserted = inserted.iter().peekable();
        for (i, m) in bulk.muts.iter().enumerate() {
            let created = inserted.next_if(|row| row.input == Some(i));
            let outcome = Outcome {
                affected: u64::from(created.is_some()),
                ids: created.iter().map(|row| row.entity.id().into()).collect(),
            };
            hooks.run_after(m, &outcome)?;
        }
    }
    Ok(inserted.into_iter().map(|row| row.entity).collect())
}

/// What a bulk row carries besides its fields.
struct RowExtras {
    edges: Vec<EdgeChange>,
    conflict: Option<OnConflict>,
}

/// A row the bulk created, with the index of the row given that created it. The index is
/// `None` only for rows of a run where `do_nothing` skipped some rows and nothing (no edge, no
/// hook) needed to know which.
pub(crate) struct Inserted<E> {
    input: Option<usize>,
    entity: E,
}

/// The mutation's fields as a one-row INSERT (`DEFAULT VALUES` when it sets none).
fn insert_of(m: &Mutation, table: &'static str) -> Insert {
    let ins = m.to_insert(table);
    if m.fields().is_empty() {
        ins.values(Vec::new())
    } else {
        ins
    }
}

/// Inserts one row returning it: no row when `do_nothing` skipped it.
async fn insert_one<D: Io, E: Entity>(
    drv: &mut D,
    m: &Mutation,
    conflict: Option<&OnConflict>,
) -> Result<Vec<E>, Error> {
    if !drv.insert_returning() {
        return insert_one_read_back::<_, E>(drv, m, conflict).await;
    }
    let q = insert_one_statement::<E>(m, conflict, drv.dialect())?;
    drv.query(&q, E::from_row).await
}

/// [`insert_one`] without `INSERT ... RETURNING` (MySQL): the INSERT, then the row read back
/// by its id, as ent takes the id from `LAST_INSERT_ID()`. ent returns the values it sent;
/// entgen returns the row as stored, as `RETURNING` does on the other databases: columns the
/// database fills (SQL defaults, NULLs of unset optional fields) and the server's own forms of
/// the values sent (times cut to the column's precision, MySQL 8's normalized JSON) are only
/// known by reading the row. Both statements run in one transaction (a savepoint is not
/// needed inside one), so the row read is the row written: the INSERT's lock on it keeps
/// other sessions out until the commit.
async fn insert_one_read_back<D: Io, E: Entity>(
    drv: &mut D,
    m: &Mutation,
    conflict: Option<&OnConflict>,
) -> Result<Vec<E>, Error> {
    if drv.in_transaction() {
        return insert_then_select::<_, E>(drv, m, conflict).await;
    }
    drv.begin().await?;
    let body = insert_then_select::<_, E>(drv, m, conflict).await;
    finish(drv, body).await
}

/// The INSERT of one row and the SELECT of the row it created or (an upsert) updated; no row
/// when `INSERT IGNORE` (`do_nothing`) skipped it.
async fn insert_then_select<D: Io, E: Entity>(
    drv: &mut D,
    m: &Mutation,
    conflict: Option<&OnConflict>,
) -> Result<Vec<E>, Error> {
    let given = given_id(m, E::ID);
    let mut ins = insert_of(m, E::TABLE);
    if given.is_none() {
        // An upsert that updates then names the updated row's id in LAST_INSERT_ID().
        ins = ins.mysql_last_insert_id(E::ID);
    }
    if let Some(c) = conflict {
        ins = ins.on_conflict(c.clone());
    }
    let dialect = drv.dialect();
    // Rows matched: 0 only when INSERT IGNORE skipped the row.
    if drv.execute(&ins.build(dialect)?).await? == 0 {
        return Ok(Vec::new());
    }
    let updating = conflict.filter(|c| c.action != ConflictAction::DoNothing);
    let generated = drv.inserted_ids(1).first().map(|&id| id_value(id));
    let by = match (given, generated, updating) {
        // The id sent: the row inserted, unless an upsert updated another row holding the
        // same key, which only its conflict columns find.
        (Some(id), _, Some(c)) => conflict_row(m, c).unwrap_or_else(|| Pred::eq(E::ID, id)),
        (Some(id), _, None) => Pred::eq(E::ID, id),
        (None, Some(id), _) => Pred::eq(E::ID, id),
        // An upsert whose own assignments set the id leaves LAST_INSERT_ID() unset.
        (None, None, Some(c)) => conflict_row(m, c).ok_or_else(|| no_id(E::TABLE))?,
        (None, None, None) => return Err(no_id(E::TABLE)),
    };
    drv.query(&select_where::<E>(by, dialect), E::from_row)
        .await
}

/// `SELECT` of the entity's columns from its table, filtered by `by`.
fn select_where<E: Entity>(by: Pred, dialect: Dialect) -> Query {
    Select::from(E::TABLE)
        .columns(E::COLUMNS.iter().copied())
        .filter(by)
        .build(dialect)
}

/// The id a mutation sets (client-side UUIDs and strings, or an explicit integer).
fn given_id(m: &Mutation, id: &str) -> Option<Value> {
    m.field(id).filter(|v| !matches!(v, Value::Null)).cloned()
}

/// An `AUTO_INCREMENT` id as a value of the id column's type (`bigint`).
fn id_value(id: u64) -> Value {
    i64::try_from(id).map_or(Value::U64(id), Value::I64)
}

/// The row holding the values `m` gives the upsert's conflict columns (a unique index), when
/// it gives them all.
fn conflict_row(m: &Mutation, conflict: &OnConflict) -> Option<Pred> {
    let parts = conflict.columns.iter().map(|c| {
        let v = m.field(c).filter(|v| !matches!(v, Value::Null))?;
        Some(Pred::eq(c.clone(), v.clone()))
    });
    parts.collect::<Option<Vec<_>>>().map(Pred::and)
}

fn no_id(table: &str) -> Error {
    Error::Build(
        format!(
            "INSERT into {table} generated no id (LAST_INSERT_ID() is 0): its id column is not \
             AUTO_INCREMENT and the row did not set it"
        )
        .into(),
    )
}

/// The one-row INSERT of `m` with its upsert option, returning the row.
fn insert_one_statement<E: Entity>(
    m: &Mutation,
    conflict: Option<&OnConflict>,
    dialect: Dialect,
) -> Result<Query, Error> {
    let mut ins = insert_of(m, E::TABLE).returning(E::COLUMNS.iter().copied());
    if let Some(c) = conflict {
        ins = ins.on_conflict(c.clone());
    }
    ins.build(dialect)
}

/// Groups of at least this many rows go out as one `unnest` statement on PostgreSQL; smaller
/// ones as a `VALUES` list, which needs no look-up of the column types first.
const UNNEST_MIN_ROWS: usize = 100;

/// Inserts the rows inside one transaction, in input order: each run of neighbours that set the
/// same columns with the same upsert option ([`group_rows`]) is sent as one INSERT per batch,
/// and RETURNING gives its rows in the order sent. Then the edges of the rows created.
///
/// A `do_nothing` run that returns fewer rows than it sent has skipped some, and RETURNING
/// does not say which. When that matters (a row of the run has edges, or `hooked`), the run
/// is rolled back to a savepoint and sent again one row per statement.
pub(crate) async fn insert_rows_on<D: Io, E: Entity>(
    drv: &mut D,
    bulk: &PreparedBulk,
) -> Result<Vec<Inserted<E>>, Error> {
    if bulk.muts.is_empty() {
        return Ok(Vec::new());
    }
    drv.begin().await?;
    let body = insert_rows::<_, E>(drv, bulk).await;
    finish(drv, body).await
}

/// [`insert_rows_on`] inside its transaction.
async fn insert_rows<D: Io, E: Entity>(
    drv: &mut D,
    bulk: &PreparedBulk,
) -> Result<Vec<Inserted<E>>, Error> {
    let PreparedBulk {
        muts,
        extras,
        hooked,
    } = bulk;
    let mut out: Vec<Inserted<E>> = Vec::with_capacity(muts.len());
    for rows in group_rows(muts, extras) {
        let conflict = extras[rows[0]].conflict.as_ref();
        let may_skip = skips_rows(conflict);
        let must_match = *hooked || rows.iter().any(|&i| !extras[i].edges.is_empty());
        // `None`: skipped rows that must be matched, and the run was rolled back; or rows
        // whose ids only a statement each tells (see `ids_per_row`).
        let created = if ids_per_row(drv, muts, &rows, conflict, E::ID) {
            None
        } else if may_skip && must_match {
            drv.begin().await?;
            match insert_run::<_, E>(drv, muts, &rows, conflict).await {
                Ok(created) if created.len() == rows.len() => {
                    drv.end(true).await?;
                    Some(created)
                }
                Ok(_) => {
                    drv.end(false).await?;
                    None
                }
                Err(e) => {
                    let _ = drv.end(false).await;
                    return Err(e);
                }
            }
        } else {
            Some(insert_run::<_, E>(drv, muts, &rows, conflict).await?)
        };
        match created {
            Some(created) if created.len() == rows.len() => {
                // Runs are consecutive rows, so their results in turn are in input order.
                let matched = rows.iter().zip(created);
                out.extend(matched.map(|(&i, entity)| Inserted {
                    input: Some(i),
                    entity,
                }));
            }
            // Only `DO NOTHING` skips rows.
            Some(created) if may_skip => out.extend(created.into_iter().map(|entity| Inserted {
                input: None,
                entity,
            })),
            Some(created) => {
                return Err(Error::Build(
                    format!(
                        "INSERT into {} returned {} rows for {} sent",
                        E::TABLE,
                        created.len(),
                        rows.len()
                    )
                    .into(),
                ));
            }
            None => {
                for &i in &rows {
                    let created = insert_one::<_, E>(drv, &muts[i], conflict).await?;
                    out.extend(created.into_iter().map(|entity| Inserted {
                        input: Some(i),
                        entity,
                    }));
                }
            }
        }
    }
    for row in &out {
        if let Some(x) = row.input.map(|i| &extras[i])
            && !x.edges.is_empty()
        {
            write_edges(drv, &[row.entity.id().into()], &x.edges).await?;
        }
    }
    Ok(out)
}

/// Whether, without `INSERT ... RETURNING`, a run's rows must go one per statement to learn
/// their ids: an upsert's updated rows and `INSERT IGNORE`'s skipped ones leave gaps in the ids
/// a multi-row INSERT generates (and which rows they were is not told), a run of rows that set
/// no column is one statement per row anyway, and one that sets the id to NULL for some rows
/// mixes given and generated ids. ent does not handle these (it numbers the rows from
/// `LAST_INSERT_ID()` whatever happened); one statement per row gets them right.
fn ids_per_row<D: Io>(
    drv: &D,
    muts: &[Mutation],
    rows: &[usize],
    conflict: Option<&OnConflict>,
    id: &str,
) -> bool {
    !drv.insert_returning()
        && (conflict.is_some()
            || muts[rows[0]].fields().is_empty()
            || rows
                .iter()
                .any(|&i| matches!(muts[i].field(id), Some(Value::Null))))
}

/// Sends one run of rows (see [`group_rows`]), returning the rows created in the order sent.
async fn insert_run<D: Io, E: Entity>(
    drv: &mut D,
    muts: &[Mutation],
    rows: &[usize],
    conflict: Option<&OnConflict>,
) -> Result<Vec<E>, Error> {
    let dialect = drv.dialect();
    let first = &muts[rows[0]];
    let columns: Vec<&'static str> = first.fields().iter().map(|(c, _)| *c).collect();
    let mut created = Vec::with_capacity(rows.len());
    if columns.is_empty() {
        // `DEFAULT VALUES` inserts one row per statement: the same statement for each.
        let q = insert_one_statement::<E>(first, conflict, dialect)?;
        for _ in rows {
            created.extend(drv.query(&q, E::from_row).await?);
        }
        return Ok(created);
    }
    let mut ins = Insert::into(E::TABLE).columns(columns.iter().copied());
    for c in E::SENSITIVE {
        ins = ins.sensitive(c);
    }
    if !drv.insert_returning() {
        // No upsert here (see `ids_per_row`).
        return insert_run_read_back::<_, E>(drv, ins, muts, rows, &columns).await;
    }
    if let Some(c) = conflict {
        ins = ins.on_conflict(c.clone());
    }
    ins = ins.returning(E::COLUMNS.iter().copied());
    let types = if dialect == Dialect::Postgres && rows.len() >= UNNEST_MIN_ROWS {
        array_types(drv, E::TABLE, &columns).await?
    } else {
        None
    };
    let batches = match types {
        Some(types) => {
            // Straight from the mutations into one array per column.
            let arrays = (0..columns.len())
                .map(|j| {
                    rows.iter()
                        .map(|&i| muts[i].fields()[j].1.clone())
                        .collect()
                })
                .collect();
            ins.array_types(types).unnest_batches(dialect, arrays)?
        }
        None => {
            for &i in rows {
                ins.push_row(muts[i].fields().iter().map(|(_, v)| v.clone()).collect());
            }
            ins.into_batches(dialect)?
        }
    };
    for q in &batches {
        created.extend(drv.query(q, E::from_row).await?);
    }
    Ok(created)
}

/// [`insert_run`] without `INSERT ... RETURNING` (MySQL), for a run without an upsert: each
/// `VALUES` batch, then its rows read back by id (see [`insert_one_read_back`] for why read
/// back), inside the bulk's transaction. The ids are the rows' own when they set the id
/// column, else the ones the batch generated, from `LAST_INSERT_ID()` on (see
/// [`Driver::inserted_ids`](crate::driver::Driver::inserted_ids) for when those are
/// consecutive). A row missing from what is read back is an error, not a guess.
async fn insert_run_read_back<D: Io, E: Entity>(
    drv: &mut D,
    mut ins: Insert,
    muts: &[Mutation],
    rows: &[usize],
    columns: &[&'static str],
) -> Result<Vec<E>, Error> {
    let dialect = drv.dialect();
    let id_at = columns.iter().position(|c| *c == E::ID);
    for &i in rows {
        ins.push_row(muts[i].fields().iter().map(|(_, v)| v.clone()).collect());
    }
    let per_batch = ins.rows_per_batch(dialect);
    let batches = ins.into_batches(dialect)?;
    let mut created = Vec::with_capacity(rows.len());
    for (q, batch) in batches.iter().zip(rows.chunks(per_batch)) {
        let inserted = drv.execute(q).await?;
        let ids: Vec<Value> = match id_at {
            Some(j) => batch
                .iter()
                .map(|&i| muts[i].fields()[j].1.clone())
                .collect(),
            None => drv
                .inserted_ids(batch.len())
                .into_iter()
                .map(id_value)
                .collect(),
        };
        if inserted != batch.len() as u64 || ids.is_empty() {
            return Err(no_id(E::TABLE));
        }
        created.extend(select_by_ids::<_, E>(drv, ids).await?);
    }
    Ok(created)
}

/// The rows whose ids are `ids`, in that order; an error naming the first id not found.
async fn select_by_ids<D: Io, E: Entity>(drv: &mut D, ids: Vec<Value>) -> Result<Vec<E>, Error> {
    let dialect = drv.dialect();
    let mut found = std::collections::HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(max_params(dialect)) {
        let q = select_where::<E>(Pred::is_in(E::ID, chunk.iter().cloned()), dialect);
        for e in drv.query(&q, E::from_row).await? {
            found.insert(e.id(), e);
        }
    }
    ids.into_iter()
        .map(|v| {
            let missing = || {
                Error::Build(
                    format!(
                        "INSERT into {}: row {v:?} not found after the insert (were the \
                         AUTO_INCREMENT ids of the statement not consecutive?)",
                        E::TABLE
                    )
                    .into(),
                )
            };
            let id = E::Id::from_value(v.clone()).map_err(|_| missing())?;
            found.remove(&id).ok_or_else(missing)
        })
        .collect()
}

/// The rows' indices in runs of neighbours that set the same columns (in the same order) with
/// the same upsert option. Runs are inserted in input order, so rows keep the order (and the
/// rising ids) they were given, and a row may refer to one before it in the same bulk.
///
/// A row that would update the same conflicting row as an earlier row of its run starts a new
/// run: PostgreSQL refuses one statement that updates a row twice ("ON CONFLICT DO UPDATE
/// command cannot affect row a second time"), while two statements apply both in turn.
fn group_rows(muts: &[Mutation], extras: &[RowExtras]) -> Vec<Vec<usize>> {
    let same = |a: usize, b: usize| {
        let (fa, fb) = (muts[a].fields(), muts[b].fields());
        // Column names are the generated code's constants: the same pointer, mostly.
        fa.len() == fb.len()
            && fa
                .iter()
                .zip(fb)
                .all(|((c, _), (d, _))| std::ptr::eq(*c, *d) || c == d)
            && extras[a].conflict == extras[b].conflict
    };
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut keys = RunKeys::default();
    for i in 0..muts.len() {
        let key = update_key(&muts[i], extras[i].conflict.as_ref());
        match groups.last_mut() {
            Some(run) if same(run[0], i) && !keys.holds(&key) => run.push(i),
            _ => {
                keys = RunKeys::default();
                groups.push(vec![i]);
            }
        }
        keys.insert(key);
    }
    groups
}

/// The values a row gives the conflict columns of an upsert that updates (`None` for other
/// rows, and for rows that leave a conflict column unset or NULL, which never conflict).
fn update_key<'m>(m: &'m Mutation, conflict: Option<&OnConflict>) -> Option<Vec<&'m Value>> {
    let conflict = conflict.filter(|c| c.action == ConflictAction::UpdateNewValues)?;
    conflict
        .columns
        .iter()
        .map(|c| m.field(c).filter(|v| !matches!(v, Value::Null)))
        .collect()
}

/// The conflict keys of the rows of one run so far.
#[derive(Default)]
struct RunKeys<'m> {
    by_hash: std::collections::HashMap<u64, Vec<Vec<&'m Value>>>,
}

impl<'m> RunKeys<'m> {
    /// Whether the run already holds `key` (never for no key).
    fn holds(&self, key: &Option<Vec<&'m Value>>) -> bool {
        key.as_ref().is_some_and(|key| {
            self.by_hash
                .get(&Self::hash(key))
                .is_some_and(|same_hash| same_hash.contains(key))
        })
    }

    /// Records `key`.
    fn insert(&mut self, key: Option<Vec<&'m Value>>) {
        if let Some(key) = key {
            self.by_hash.entry(Self::hash(&key)).or_default().push(key);
        }
    }

    fn hash(key: &[&Value]) -> u64 {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        for v in key {
            v.hash_key(&mut hasher);
        }
        std::hash::Hasher::finish(&hasher)
    }
}

/// The element type of each column for the `unnest` form: the types PostgreSQL gives the
/// parameters of `INSERT INTO table (columns) VALUES ($1, ...)`, i.e. the columns' own types
/// (prepared once per connection, no rows sent). `None` when a column's type has no plain array
/// form, or on SQLite, so the rows go as `VALUES` lists instead.
async fn array_types<D: Io>(
    drv: &mut D,
    table: &'static str,
    columns: &[&'static str],
) -> Result<Option<Vec<SqlType>>, Error> {
    let probe = Insert::into(table)
        .columns(columns.iter().copied())
        .values(vec![Value::Null; columns.len()])
        .build(Dialect::Postgres)?;
    drv.array_param_types(&probe).await
}

/// Marks an update of the rows a predicate selects (`update()`): `exec` returns the count.
#[derive(Debug, Clone, Copy)]
pub struct Many;

/// Marks an update of one row by id (`update_one`): `save` returns the row.
#[derive(Debug, Clone, Copy)]
pub struct One;

/// An update of `E` rows on client `C`; `K` is [`Many`] or [`One`].
pub struct Update<E: Entity, C, K> {
    client: C,
    m: Mutation,
    edges: Vec<EdgeChange>,
    kind: PhantomData<fn() -> (E, K)>,
}

impl<E: Entity, C, K> Update<E, C, K> {
    fn with_op(client: C, op: Op) -> Self {
        Update {
            client,
            m: Mutation::new(E::NAME, op).with_sensitive(E::SENSITIVE),
            edges: Vec::new(),
            kind: PhantomData,
        }
    }

    /// Sets a column.
    pub fn set(mut self, column: &'static str, value: impl Into<Value>) -> Self {
        self.m.set(column, value);
        self
    }

    /// Adds to a numeric column.
    pub fn add(mut self, column: &'static str, value: impl Into<Value>) -> Self {
        self.m.add(column, value);
        self
    }

    /// Sets a nullable column to NULL.
    pub fn clear(mut self, column: &'static str) -> Self {
        self.m.clear(column);
        self
    }

    /// Changes links over `edge` (an edge whose link is not in `E`'s table).
    pub fn edge(mut self, edge: impl Into<LinkEdge>, bidi: bool, op: EdgeOp) -> Self {
        let edge = edge.into();
        self.edges.push(EdgeChange { edge, bidi, op });
        self
    }

    /// The pending mutation, as hooks will see it.
    pub fn mutation(&self) -> &Mutation {
        &self.m
    }

    /// The pending mutation, to change it.
    pub fn mutation_mut(&mut self) -> &mut Mutation {
        &mut self.m
    }
}

impl<E: Entity, C> Update<E, C, Many> {
    /// An update of every row (narrow it with [`Update::filter`]).
    pub fn new(client: C) -> Self {
        Update::with_op(client, Op::UPDATE)
    }

    /// Updates only the rows matching `pred` (several calls are ANDed).
    pub fn filter(mut self, pred: Predicate<E>) -> Self {
        let p = pred.into_pred();
        self.m.filter = Some(match self.m.filter.take() {
            None => p,
            Some(q) => q.and_also(p),
        });
        self
    }
}

impl<E: Entity, C> Update<E, C, One> {
    /// An update of the row whose id is `id`.
    pub fn new_one(client: C, id: E::Id) -> Self {
        let mut u = Update::with_op(client, Op::UPDATE_ONE);
        u.m.ids = vec![id.into()];
        u
    }
}

impl<E: Entity, C, K> Update<E, C, K> {
    /// The client, the mutation (update defaults applied) and the edge changes.
    pub(crate) fn into_run_parts(self) -> (C, Mutation, Vec<EdgeChange>) {
        let Update {
            client,
            mut m,
            edges,
            ..
        } = self;
        E::update_defaults(&mut m);
        (client, m, edges)
    }
}

impl<E: Entity> Update<E, &Client, Many> {
    /// Runs the update; returns the number of rows it matched.
    pub fn exec(self) -> Result<u64, Error> {
        let (client, m, edges) = self.into_run_parts();
        client.mutate(m, |drv, m| now(update_many_on::<_, E>(drv, m, &edges)))
    }
}

impl<E: Entity> Update<E, &Client, One> {
    /// Runs the update and returns the row as stored; [`Error::NotFound`] when no row has the id.
    pub fn save(self) -> Result<E, Error> {
        let (client, m, edges) = self.into_run_parts();
        client.mutate(m, |drv, m| now(update_one_on::<_, E>(drv, m, &edges)))
    }

    /// Runs the update.
    pub fn exec(self) -> Result<(), Error> {
        self.save().map(|_| ())
    }
}

/// An update by predicate on one connection, after the before hooks: the number of rows.
pub(crate) async fn update_many_on<D: Io, E: Entity>(
    drv: &mut D,
    m: &Mutation,
    edges: &[EdgeChange],
) -> Result<(u64, Outcome), Error> {
    E::check(m)?;
    let filter = m.filter.clone().unwrap_or(Pred::Const(true));
    if edges.is_empty() {
        let q = m.to_update(E::TABLE).filter(filter).build(drv.dialect())?;
        let n = drv.execute(&q).await?;
        return Ok((n, outcome(n, Vec::new())));
    }
    drv.begin().await?;
    let body = update_many_with_edges::<_, E>(drv, m, filter, edges).await;
    let ids = finish(drv, body).await?;
    let n = ids.len() as u64;
    Ok((n, outcome(n, ids)))
}

/// The rows' ids, their update and their edges (inside a transaction level).
async fn update_many_with_edges<D: Io, E: Entity>(
    drv: &mut D,
    m: &Mutation,
    filter: Pred,
    edges: &[EdgeChange],
) -> Result<Vec<Value>, Error> {
    let q = Select::from(E::TABLE)
        .column(E::ID)
        .filter(filter)
        .build(drv.dialect());
    let ids: Vec<Value> = drv.query(&q, |r| r.value(0)).await?;
    let up = m.to_update(E::TABLE);
    if !up.is_empty() && !ids.is_empty() {
        let q = up
            .filter(Pred::is_in(E::ID, ids.clone()))
            .build(drv.dialect())?;
        drv.execute(&q).await?;
    }
    if !ids.is_empty() {
        write_edges(drv, &ids, edges).await?;
    }
    Ok(ids)
}

/// An update by id on one connection, after the before hooks: the row as stored.
pub(crate) async fn update_one_on<D: Io, E: Entity>(
    drv: &mut D,
    m: &Mutation,
    edges: &[EdgeChange],
) -> Result<(E, Outcome), Error> {
    E::check(m)?;
    let id = m.ids.first().cloned().unwrap_or(Value::Null);
    let by_id = Pred::eq(E::ID, id.clone());
    let up = m.to_update(E::TABLE);
    let dialect = drv.dialect();
    let select = || select_where::<E>(by_id.clone(), dialect);
    if dialect == Dialect::Mysql && !up.is_empty() {
        // MySQL has no UPDATE ... RETURNING: the update, then the row, together.
        let (update, select) = (up.filter(by_id.clone()).build(dialect)?, select());
        drv.begin().await?;
        let body = update_then_select::<_, E>(drv, &update, &select, &id, edges).await;
        let e = finish(drv, body).await?;
        return Ok((e, outcome(1, vec![id])));
    }
    let q = if up.is_empty() {
        select()
    } else {
        up.filter(by_id)
            .returning(E::COLUMNS.iter().copied())
            .build(drv.dialect())?
    };
    let e = if edges.is_empty() && m.added_fields().is_empty() {
        client::only(drv.query(&q, E::from_row).await?, E::LABEL)?
    } else {
        // The row and its links change together or not at all; and a sum that no
        // longer fits the field's Rust type (`add_level(1)` at `i8::MAX`, which the
        // wider column holds) fails to decode and is rolled back, not left unreadable.
        drv.begin().await?;
        let body = update_one_with_edges::<_, E>(drv, &q, &id, edges).await;
        finish(drv, body).await?
    };
    Ok((e, outcome(1, vec![id])))
}

/// MySQL's update of one row: the UPDATE, then the row read back, then its edges (inside a
/// transaction level).
async fn update_then_select<D: Io, E: Entity>(
    drv: &mut D,
    update: &Query,
    select: &Query,
    id: &Value,
    edges: &[EdgeChange],
) -> Result<E, Error> {
    drv.execute(update).await?;
    update_one_with_edges::<_, E>(drv, select, id, edges).await
}

/// The row's update and its edges (inside a transaction level).
async fn update_one_with_edges<D: Io, E: Entity>(
    drv: &mut D,
    q: &Query,
    id: &Value,
    edges: &[EdgeChange],
) -> Result<E, Error> {
    let e = client::only(drv.query(q, E::from_row).await?, E::LABEL)?;
    write_edges(drv, std::slice::from_ref(id), edges).await?;
    Ok(e)
}

fn outcome(affected: u64, ids: Vec<Value>) -> Outcome {
    Outcome { affected, ids }
}

/// A delete of the `E` rows a predicate selects.
pub struct Delete<E: Entity, C> {
    client: C,
    m: Mutation,
    entity: PhantomData<fn() -> E>,
}

impl<E: Entity, C> Delete<E, C> {
    /// A delete of every row (narrow it with [`Delete::filter`]).
    pub fn new(client: C) -> Self {
        Delete {
            client,
            m: Mutation::new(E::NAME, Op::DELETE).with_sensitive(E::SENSITIVE),
            entity: PhantomData,
        }
    }

    /// Deletes only the rows matching `pred` (several calls are ANDed).
    pub fn filter(mut self, pred: Predicate<E>) -> Self {
        let p = pred.into_pred();
        self.m.filter = Some(match self.m.filter.take() {
            None => p,
            Some(q) => q.and_also(p),
        });
        self
    }
}

impl<E: Entity, C> Delete<E, C> {
    /// The client and the mutation.
    pub(crate) fn into_run_parts(self) -> (C, Mutation) {
        (self.client, self.m)
    }
}

impl<E: Entity> Delete<E, &Client> {
    /// Runs the delete; returns the number of rows deleted.
    pub fn exec(self) -> Result<u64, Error> {
        let (client, m) = self.into_run_parts();
        client.mutate(m, |drv, m| now(delete_on::<_, E>(drv, m)))
    }
}

/// A delete by predicate on one connection: the number of rows deleted.
pub(crate) async fn delete_on<D: Io, E: Entity>(
    drv: &mut D,
    m: &Mutation,
) -> Result<(u64, Outcome), Error> {
    let mut del = DeleteStmt::from(E::TABLE);
    if let Some(p) = &m.filter {
        del = del.filter(p.clone());
    }
    let n = drv.execute(&del.build(drv.dialect())).await?;
    Ok((n, outcome(n, Vec::new())))
}

/// A delete of one `E` row by id.
pub struct DeleteOne<E: Entity, C> {
    client: C,
    m: Mutation,
    entity: PhantomData<fn() -> E>,
}

impl<E: Entity, C> DeleteOne<E, C> {
    /// A delete of the row whose id is `id`.
    pub fn new(client: C, id: E::Id) -> Self {
        let mut m = Mutation::new(E::NAME, Op::DELETE_ONE).with_sensitive(E::SENSITIVE);
        m.ids = vec![id.into()];
        DeleteOne {
            client,
            m,
            entity: PhantomData,
        }
    }
}

impl<E: Entity, C> DeleteOne<E, C> {
    /// The client and the mutation.
    pub(crate) fn into_run_parts(self) -> (C, Mutation) {
        (self.client, self.m)
    }
}

impl<E: Entity> DeleteOne<E, &Client> {
    /// Runs the delete; [`Error::NotFound`] when no row has the id.
    pub fn exec(self) -> Result<(), Error> {
        let (client, m) = self.into_run_parts();
        client.mutate(m, |drv, m| now(delete_one_on::<_, E>(drv, m)))
    }
}

/// A delete by id on one connection; [`Error::NotFound`] when no row has the id.
pub(crate) async fn delete_one_on<D: Io, E: Entity>(
    drv: &mut D,
    m: &Mutation,
) -> Result<((), Outcome), Error> {
    let id = m.ids.first().cloned().unwrap_or(Value::Null);
    let q = DeleteStmt::from(E::TABLE)
        .filter(Pred::eq(E::ID, id.clone()))
        .build(drv.dialect());
    match drv.execute(&q).await? {
        0 => Err(Error::NotFound { entity: E::LABEL }),
        n => Ok(((), outcome(n, vec![id]))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(email: Value, action: &Option<ConflictAction>) -> (Mutation, RowExtras) {
        let mut m = Mutation::new("User", Op::CREATE);
        m.set("email", email);
        let conflict = action.clone().map(|a| OnConflict::columns(["email"], a));
        let edges = Vec::new();
        (m, RowExtras { edges, conflict })
    }

    fn runs(rows: Vec<(Mutation, RowExtras)>) -> Vec<Vec<usize>> {
        let (muts, extras): (Vec<_>, Vec<_>) = rows.into_iter().unzip();
        group_rows(&muts, &extras)
    }

    #[test]
    fn an_update_of_a_key_already_in_the_run_starts_a_new_run() {
        let update = Some(ConflictAction::UpdateNewValues);
        let keys = ["a", "b", "a", "c", "b", "a"];
        let rows = keys
            .map(|k| row(Value::from(k), &update))
            .into_iter()
            .collect();
        assert_eq!(runs(rows), [vec![0, 1], vec![2, 3, 4], vec![5]]);
        // -0.0 == 0.0, so they are one key.
        let floats = [0.0, -0.0].map(|f| row(Value::F64(f), &update)).into_iter();
        assert_eq!(runs(floats.collect()), [vec![0], vec![1]]);
    }

    #[test]
    fn rows_that_update_nothing_twice_share_a_run() {
        let skip = Some(ConflictAction::DoNothing);
        let same = ["a", "a"].map(|k| row(Value::from(k), &skip)).into_iter();
        assert_eq!(runs(same.collect()), [vec![0, 1]]);
        let update = Some(ConflictAction::UpdateNewValues);
        let nulls = [Value::Null, Value::Null]
            .map(|v| row(v, &update))
            .into_iter();
        assert_eq!(runs(nulls.collect()), [vec![0, 1]], "NULLs never conflict");
        let plain = ["a", "a"].map(|k| row(Value::from(k), &None)).into_iter();
        assert_eq!(runs(plain.collect()), [vec![0, 1]]);
    }
}
