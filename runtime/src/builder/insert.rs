//! INSERT statements: single and multi-row, batched under the dialect's parameter limit,
//! RETURNING, and upserts.
//!
//! Many rows go out as `VALUES (...), (...)` batches, or on PostgreSQL, when the caller knows
//! each column's type ([`Insert::array_types`]), as one array parameter per column:
//! `INSERT INTO t (a, b) SELECT ... FROM unnest($1::"pg_catalog"."int8"[], $2::...[]) WITH
//! ORDINALITY ... ORDER BY ordinality`. That statement has the same text for any number of
//! rows (one parse and one prepared statement for every batch size) and carries
//! [`UNNEST_ROWS`] rows per statement whatever the number of columns.

use std::borrow::Cow;

use super::update::Assign;
use super::{Ident, Query, Writer, max_params};
use crate::dialect::Dialect;
use crate::error::Error;
use crate::value::Value;

/// What to do when a row conflicts with an existing one.
#[derive(Debug, Clone, PartialEq)]
pub enum ConflictAction {
    /// `DO NOTHING`: the conflicting row is skipped (and RETURNING yields nothing for it).
    DoNothing,
    /// `DO UPDATE SET c = EXCLUDED.c` for every inserted column except the conflict target
    /// and [`OnConflict::keep`] (ent's `UpdateNewValues`).
    UpdateNewValues,
    /// `DO UPDATE SET target = table.target`: keeps the row as it is but makes RETURNING yield
    /// its id (ent's `Ignore`).
    Ignore,
    /// `DO UPDATE SET` these assignments ([`Assign::Excluded`] for the new value).
    Update(Vec<(Ident, Assign)>),
}

/// `ON CONFLICT (columns) <action>`.
#[derive(Debug, Clone, PartialEq)]
pub struct OnConflict {
    /// The conflict target: the columns of a unique index.
    pub columns: Vec<Ident>,
    /// The action.
    pub action: ConflictAction,
    /// Columns [`ConflictAction::UpdateNewValues`] leaves as they are even when the row sets
    /// them: the primary key and immutable fields (ent's `UpdateNewValues`).
    pub keep: Vec<Ident>,
}

impl OnConflict {
    /// `ON CONFLICT (columns)` with an action.
    pub fn columns<C: Into<Ident>>(
        columns: impl IntoIterator<Item = C>,
        action: ConflictAction,
    ) -> OnConflict {
        OnConflict {
            columns: columns.into_iter().map(Into::into).collect(),
            action,
            keep: Vec::new(),
        }
    }

    /// Leaves `columns` as they are on an update of new values.
    pub fn keep<C: Into<Ident>>(mut self, columns: impl IntoIterator<Item = C>) -> OnConflict {
        self.keep.extend(columns.into_iter().map(Into::into));
        self
    }
}

/// Rows per statement of the `unnest` form: the arrays of one statement are built and sent at
/// once, so this bounds the memory of one round trip (the parameter limit does not apply).
pub const UNNEST_ROWS: usize = 50_000;

/// A PostgreSQL type as the server names it (`pg_catalog`, `int8`): the element type of a
/// column sent as one array parameter ([`Insert::array_types`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SqlType {
    /// The schema (`pg_catalog` for built-in types).
    pub schema: String,
    /// The type name (`int8`, `varchar`, `timestamptz`, an enum's name).
    pub name: String,
}

impl SqlType {
    /// A type in `schema`.
    pub fn new(schema: impl Into<String>, name: impl Into<String>) -> SqlType {
        SqlType {
            schema: schema.into(),
            name: name.into(),
        }
    }
}

/// `INSERT INTO table (columns) VALUES (...), (...) [ON CONFLICT ...] [RETURNING ...]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Insert {
    table: Ident,
    columns: Vec<Ident>,
    sensitive: Vec<bool>,
    rows: Vec<Vec<Value>>,
    returning: Vec<Ident>,
    on_conflict: Option<OnConflict>,
    /// Per column, the element type for the `unnest` form (PostgreSQL).
    array_types: Option<Vec<SqlType>>,
    /// MySQL: the `AUTO_INCREMENT` column an upsert sets to `LAST_INSERT_ID(column)`.
    last_insert_id: Option<Ident>,
}

impl Insert {
    /// An INSERT into `table`.
    pub fn into(table: impl Into<Ident>) -> Insert {
        Insert {
            table: table.into(),
            columns: Vec::new(),
            sensitive: Vec::new(),
            rows: Vec::new(),
            returning: Vec::new(),
            on_conflict: None,
            array_types: None,
            last_insert_id: None,
        }
    }

    /// Sets the column list (for [`Insert::values`]).
    pub fn columns<C: Into<Ident>>(mut self, columns: impl IntoIterator<Item = C>) -> Insert {
        self.columns = columns.into_iter().map(Into::into).collect();
        self.sensitive = vec![false; self.columns.len()];
        self
    }

    /// Adds a row, one value per column.
    pub fn values(mut self, row: Vec<Value>) -> Insert {
        self.rows.push(row);
        self
    }

    /// Adds a row, in place.
    pub fn push_row(&mut self, row: Vec<Value>) {
        self.rows.push(row);
    }

    /// Single-row form: adds a column and its value to the (only) row.
    pub fn set(mut self, column: impl Into<Ident>, value: impl Into<Value>) -> Insert {
        self.push_set(column, value.into(), false);
        self
    }

    /// Like [`Insert::set`], the value redacted in the debug log.
    pub fn set_sensitive(mut self, column: impl Into<Ident>, value: impl Into<Value>) -> Insert {
        self.push_set(column, value.into(), true);
        self
    }

    /// Single-row form, in place.
    pub fn push_set(&mut self, column: impl Into<Ident>, value: Value, sensitive: bool) {
        self.columns.push(column.into());
        self.sensitive.push(sensitive);
        match self.rows.first_mut() {
            Some(row) => row.push(value),
            None => self.rows.push(vec![value]),
        }
    }

    /// Marks a column's values as sensitive (redacted in the debug log).
    pub fn sensitive(mut self, column: &str) -> Insert {
        if let Some(i) = self.columns.iter().position(|c| c == column) {
            self.sensitive[i] = true;
        }
        self
    }

    /// `RETURNING columns` (PostgreSQL; SQLite 3.35+, which the bundled library is).
    pub fn returning<C: Into<Ident>>(mut self, columns: impl IntoIterator<Item = C>) -> Insert {
        self.returning = columns.into_iter().map(Into::into).collect();
        self
    }

    /// On MySQL, adds `column = LAST_INSERT_ID(column)` to an upsert's `ON DUPLICATE KEY
    /// UPDATE` (unless it assigns `column` already), as ent does: `LAST_INSERT_ID()` then
    /// names the row the statement inserted or updated, where it otherwise names only an
    /// inserted one. `column` is the table's `AUTO_INCREMENT` key. No effect elsewhere, nor
    /// without an upsert that updates.
    pub fn mysql_last_insert_id(mut self, column: impl Into<Ident>) -> Insert {
        self.last_insert_id = Some(column.into());
        self
    }

    /// `ON CONFLICT ...`.
    pub fn on_conflict(mut self, on_conflict: OnConflict) -> Insert {
        self.on_conflict = Some(on_conflict);
        self
    }

    /// Sends the rows as one array parameter per column (`unnest`), each array of the type
    /// given for its column, when [`Insert::build_batches`] renders for PostgreSQL and there
    /// are at least two rows. Other dialects, and a list that does not have one type per
    /// column, keep the `VALUES` form.
    pub fn array_types(mut self, types: Vec<SqlType>) -> Insert {
        self.array_types = Some(types);
        self
    }

    /// Whether [`Insert::build_batches`] renders the `unnest` form for `dialect`.
    pub fn uses_unnest(&self, dialect: Dialect) -> bool {
        dialect == Dialect::Postgres
            && self.rows.len() > 1
            && !self.columns.is_empty()
            && self
                .array_types
                .as_ref()
                .is_some_and(|t| t.len() == self.columns.len())
    }

    /// The number of rows.
    pub fn row_count(&self) -> usize {
        self.rows.len()
    }

    /// Whether the statement returns rows.
    pub fn has_returning(&self) -> bool {
        !self.returning.is_empty()
    }

    /// Rows per statement so that no statement passes the dialect's parameter limit (or, in
    /// the `unnest` form, [`UNNEST_ROWS`]).
    pub fn rows_per_batch(&self, dialect: Dialect) -> usize {
        if self.uses_unnest(dialect) {
            return UNNEST_ROWS;
        }
        (max_params(dialect) / self.columns.len().max(1)).max(1)
    }

    /// Renders one statement holding every row; an error when that would pass the dialect's
    /// parameter limit (use [`Insert::build_batches`]).
    pub fn build(&self, dialect: Dialect) -> Result<Query, Error> {
        self.check()?;
        if self.rows.len() * self.columns.len() > max_params(dialect) {
            return Err(Error::Build(Cow::Owned(format!(
                "{} rows of {} columns pass {dialect}'s limit of {} parameters; build in batches",
                self.rows.len(),
                self.columns.len(),
                max_params(dialect)
            ))));
        }
        Ok(self.render(dialect, &self.rows))
    }

    /// Renders as many statements as needed to stay under the parameter limit, rows in order:
    /// `VALUES` batches, or the `unnest` form (see [`Insert::array_types`]).
    pub fn build_batches(&self, dialect: Dialect) -> Result<Vec<Query>, Error> {
        self.check()?;
        if self.uses_unnest(dialect) {
            return self.clone().into_batches(dialect);
        }
        Ok(self
            .rows
            .chunks(self.rows_per_batch(dialect))
            .map(|rows| self.render(dialect, rows))
            .collect())
    }

    fn check(&self) -> Result<(), Error> {
        if self.rows.is_empty() {
            return Err(Error::Build("INSERT without rows".into()));
        }
        if self.columns.is_empty() && self.rows.len() > 1 {
            return Err(Error::Build(
                "INSERT of several rows without columns".into(),
            ));
        }
        if let Some(bad) = self.rows.iter().position(|r| r.len() != self.columns.len()) {
            return Err(Error::Build(Cow::Owned(format!(
                "row {bad} of INSERT INTO {} has {} values for {} columns",
                self.table,
                self.rows[bad].len(),
                self.columns.len()
            ))));
        }
        self.check_conflict()
    }

    fn check_conflict(&self) -> Result<(), Error> {
        if let Some(oc) = &self.on_conflict {
            if oc.columns.is_empty() {
                return Err(Error::Build("ON CONFLICT without columns".into()));
            }
            if let ConflictAction::Update(sets) = &oc.action
                && sets.is_empty()
            {
                return Err(Error::Build("ON CONFLICT DO UPDATE without SET".into()));
            }
        }
        Ok(())
    }

    fn render(&self, dialect: Dialect, rows: &[Vec<Value>]) -> Query {
        let mut w = Writer::new(dialect);
        w.raw(if self.mysql_ignore(dialect) {
            // DO NOTHING: rows that hit a unique key are skipped and not returned. The driver
            // turns IGNORE's other downgraded refusals (a missing referenced row) back into
            // errors (`driver::mysql`).
            "INSERT IGNORE INTO "
        } else {
            "INSERT INTO "
        });
        w.ident(&self.table);
        if self.columns.is_empty() && dialect == Dialect::Mysql {
            // MySQL has no DEFAULT VALUES.
            w.raw(" () VALUES ()");
        } else if self.columns.is_empty() {
            w.raw(" DEFAULT VALUES");
        } else {
            self.render_columns(&mut w);
            w.raw(" VALUES ");
            for (r, row) in rows.iter().enumerate() {
                w.raw(if r == 0 { "(" } else { ", (" });
                for (i, v) in row.iter().enumerate() {
                    if i > 0 {
                        w.raw(", ");
                    }
                    w.arg_maybe_secret(v.clone(), self.sensitive.get(i) == Some(&true));
                }
                w.raw(")");
            }
        }
        self.render_tail(&mut w);
        w.finish()
    }

    /// Like [`Insert::build_batches`]; in the `unnest` form the values are moved into the
    /// statements instead of copied.
    pub fn into_batches(mut self, dialect: Dialect) -> Result<Vec<Query>, Error> {
        if !self.uses_unnest(dialect) {
            return self.build_batches(dialect);
        }
        self.check()?;
        let rows = std::mem::take(&mut self.rows);
        let mut columns: Vec<Vec<Value>> = (0..self.columns.len())
            .map(|_| Vec::with_capacity(rows.len()))
            .collect();
        for row in rows {
            for (column, v) in columns.iter_mut().zip(row) {
                column.push(v);
            }
        }
        self.unnest_batches(dialect, columns)
    }

    /// The `unnest` form (see [`Insert::array_types`]) of rows given column by column:
    /// `columns[j][i]` is row `i`'s value for column `j`, which spares callers that hold
    /// their rows as something else a `Vec` per row. Rows added with [`Insert::push_row`]
    /// are not sent. An error on a dialect without arrays, without a type per column, or for
    /// columns of different lengths.
    pub fn unnest_batches(
        &self,
        dialect: Dialect,
        columns: Vec<Vec<Value>>,
    ) -> Result<Vec<Query>, Error> {
        if dialect != Dialect::Postgres {
            return Err(Error::Build(Cow::Owned(format!(
                "{dialect} has no array parameters for INSERT INTO {} ... unnest",
                self.table
            ))));
        }
        let typed = self.array_types.as_ref().map_or(0, Vec::len);
        if self.columns.is_empty() || typed != self.columns.len() || columns.len() != typed {
            return Err(Error::Build(Cow::Owned(format!(
                "INSERT INTO {} ... unnest needs one type and one array per column ({} columns, \
                 {typed} types, {} arrays)",
                self.table,
                self.columns.len(),
                columns.len()
            ))));
        }
        let rows = columns[0].len();
        if let Some(bad) = columns.iter().position(|c| c.len() != rows) {
            return Err(Error::Build(Cow::Owned(format!(
                "column {} of INSERT INTO {} has {} values for {rows} rows",
                self.columns[bad],
                self.table,
                columns[bad].len()
            ))));
        }
        if rows == 0 {
            return Err(Error::Build("INSERT without rows".into()));
        }
        self.check_conflict()?;
        // Each column's values are moved out UNNEST_ROWS at a time (splitting off the tail on
        // every pass would copy it again each time).
        let mut values: Vec<_> = columns.into_iter().map(Vec::into_iter).collect();
        let out = (0..rows.div_ceil(UNNEST_ROWS))
            .map(|_| {
                let batch = values
                    .iter_mut()
                    .map(|c| c.by_ref().take(UNNEST_ROWS).collect())
                    .collect();
                self.render_unnest(dialect, batch)
            })
            .collect();
        Ok(out)
    }

    /// `INSERT INTO t (a, b) SELECT "c1", "c2" FROM unnest($1::T1[], $2::T2[]) WITH ORDINALITY
    /// AS "__rows"("c1", "c2", "ord") ORDER BY "ord" ...`: rows inserted (and returned) in the
    /// order given; the ordinality is the scan's own order, so the ORDER BY costs no sort.
    /// `columns` holds the rows' values column by column.
    fn render_unnest(&self, dialect: Dialect, columns: Vec<Vec<Value>>) -> Query {
        let types = self.array_types.as_deref().unwrap_or_default();
        let mut w = Writer::new(dialect);
        w.raw("INSERT INTO ");
        w.ident(&self.table);
        self.render_columns(&mut w);
        w.raw(" SELECT ");
        self.render_aliases(&mut w);
        w.raw(" FROM unnest(");
        for (i, (ty, column)) in types.iter().zip(columns).enumerate() {
            if i > 0 {
                w.raw(", ");
            }
            w.arg_maybe_secret(Value::Array(column), self.sensitive.get(i) == Some(&true));
            w.raw("::");
            w.ident(&ty.schema);
            w.raw(".");
            w.ident(&ty.name);
            w.raw("[]");
        }
        w.raw(") WITH ORDINALITY AS \"__rows\"(");
        self.render_aliases(&mut w);
        w.raw(", \"ord\") ORDER BY \"ord\"");
        self.render_tail(&mut w);
        w.finish()
    }

    /// ` (a, b)`: the column list of both forms.
    fn render_columns(&self, w: &mut Writer) {
        w.raw(" (");
        for (i, c) in self.columns.iter().enumerate() {
            if i > 0 {
                w.raw(", ");
            }
            w.ident(c);
        }
        w.raw(")");
    }

    /// `"c1", "c2"`: the names the `unnest` form gives its columns, one per column.
    fn render_aliases(&self, w: &mut Writer) {
        for i in 0..self.columns.len() {
            if i > 0 {
                w.raw(", ");
            }
            w.raw("\"c");
            w.integer(i as u64 + 1);
            w.raw("\"");
        }
    }

    /// What follows the rows in both forms: `ON CONFLICT ...` and `RETURNING ...`.
    fn render_tail(&self, w: &mut Writer) {
        if let Some(oc) = &self.on_conflict {
            self.render_conflict(w, oc);
        }
        for (i, c) in self.returning.iter().enumerate() {
            w.raw(if i == 0 { " RETURNING " } else { ", " });
            w.ident(c);
        }
    }

    fn render_conflict(&self, w: &mut Writer, oc: &OnConflict) {
        if self.mysql_ignore(w.dialect()) {
            return;
        }
        if w.dialect() == Dialect::Mysql {
            return self.render_duplicate_key(w, oc);
        }
        w.raw(" ON CONFLICT (");
        for (i, c) in oc.columns.iter().enumerate() {
            if i > 0 {
                w.raw(", ");
            }
            w.ident(c);
        }
        w.raw(")");
        let sets: Vec<(Ident, Assign)> = match &oc.action {
            ConflictAction::DoNothing => {
                w.raw(" DO NOTHING");
                return;
            }
            ConflictAction::UpdateNewValues => {
                let sets: Vec<_> = self
                    .columns
                    .iter()
                    .filter(|c| !oc.columns.contains(c) && !oc.keep.contains(c))
                    .map(|c| (c.clone(), Assign::Excluded))
                    .collect();
                if sets.is_empty() {
                    ignore_sets(oc)
                } else {
                    sets
                }
            }
            ConflictAction::Ignore => ignore_sets(oc),
            ConflictAction::Update(sets) => sets.clone(),
        };
        w.raw(" DO UPDATE SET ");
        for (i, (c, a)) in sets.iter().enumerate() {
            if i > 0 {
                w.raw(", ");
            }
            let secret = self
                .columns
                .iter()
                .position(|x| x == c)
                .is_some_and(|i| self.sensitive[i]);
            a.render(w, &self.table, c, secret);
        }
    }
}

impl Insert {
    /// Whether this is MySQL's form of DO NOTHING: `INSERT IGNORE`.
    fn mysql_ignore(&self, dialect: Dialect) -> bool {
        dialect == Dialect::Mysql
            && self
                .on_conflict
                .as_ref()
                .is_some_and(|oc| oc.action == ConflictAction::DoNothing)
    }

    /// MySQL's upsert: `ON DUPLICATE KEY UPDATE`, which fires on any unique key (MySQL cannot
    /// name the conflict target). Ignore is a no-op assignment of the conflict columns, which
    /// returns the existing row.
    fn render_duplicate_key(&self, w: &mut Writer, oc: &OnConflict) {
        let sets: Vec<(Ident, Assign)> = match &oc.action {
            ConflictAction::DoNothing | ConflictAction::Ignore => ignore_sets(oc),
            ConflictAction::UpdateNewValues => {
                let sets: Vec<_> = self
                    .columns
                    .iter()
                    .filter(|c| !oc.columns.contains(c) && !oc.keep.contains(c))
                    .map(|c| (c.clone(), Assign::Excluded))
                    .collect();
                if sets.is_empty() {
                    ignore_sets(oc)
                } else {
                    sets
                }
            }
            ConflictAction::Update(sets) => sets.clone(),
        };
        w.raw(" ON DUPLICATE KEY UPDATE ");
        for (i, (c, a)) in sets.iter().enumerate() {
            if i > 0 {
                w.raw(", ");
            }
            let secret = self
                .columns
                .iter()
                .position(|x| x == c)
                .is_some_and(|i| self.sensitive[i]);
            a.render(w, &self.table, c, secret);
        }
        if let Some(id) = &self.last_insert_id
            && !sets.iter().any(|(c, _)| c == id)
        {
            w.raw(", ");
            w.ident(id);
            w.raw(" = LAST_INSERT_ID(");
            w.column(Some(&self.table), id);
            w.raw(")");
        }
    }
}

/// `target = table.target` for each conflict column: a no-op update that still returns the row.
fn ignore_sets(oc: &OnConflict) -> Vec<(Ident, Assign)> {
    oc.columns
        .iter()
        .map(|c| (c.clone(), Assign::Column(c.clone())))
        .collect()
}
