//! INSERT statements: single and multi-row, batched under the dialect's parameter limit,
//! RETURNING, and upserts.

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
    /// (ent's `UpdateNewValues`).
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

    /// `ON CONFLICT ...`.
    pub fn on_conflict(mut self, on_conflict: OnConflict) -> Insert {
        self.on_conflict = Some(on_conflict);
        self
    }

    /// The number of rows.
    pub fn row_count(&self) -> usize {
        self.rows.len()
    }

    /// Whether the statement returns rows.
    pub fn has_returning(&self) -> bool {
        !self.returning.is_empty()
    }

    /// Rows per statement so that no statement passes the dialect's parameter limit.
    pub fn rows_per_batch(&self, dialect: Dialect) -> usize {
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

    /// Renders as many statements as needed to stay under the parameter limit, rows in order.
    pub fn build_batches(&self, dialect: Dialect) -> Result<Vec<Query>, Error> {
        self.check()?;
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
        w.raw("INSERT INTO ");
        w.ident(&self.table);
        if self.columns.is_empty() {
            w.raw(" DEFAULT VALUES");
        } else {
            w.raw(" (");
            for (i, c) in self.columns.iter().enumerate() {
                if i > 0 {
                    w.raw(", ");
                }
                w.ident(c);
            }
            w.raw(") VALUES ");
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
        if let Some(oc) = &self.on_conflict {
            self.render_conflict(&mut w, oc);
        }
        for (i, c) in self.returning.iter().enumerate() {
            w.raw(if i == 0 { " RETURNING " } else { ", " });
            w.ident(c);
        }
        w.finish()
    }

    fn render_conflict(&self, w: &mut Writer, oc: &OnConflict) {
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
                    .filter(|c| !oc.columns.contains(c))
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

/// `target = table.target` for each conflict column: a no-op update that still returns the row.
fn ignore_sets(oc: &OnConflict) -> Vec<(Ident, Assign)> {
    oc.columns
        .iter()
        .map(|c| (c.clone(), Assign::Column(c.clone())))
        .collect()
}
