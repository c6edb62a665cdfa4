//! The schema being built: tables by name, with the lookups and cross-table bookkeeping that
//! statements need (renames that foreign keys follow, indexes found by name), and the final
//! form that inspection would return.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use super::error::{StmtError, StmtResult};
use crate::dialect::Dialect;
use crate::schema::{Schema, Table};

/// The tables replayed so far.
#[derive(Debug, Clone)]
pub(crate) struct Model {
    /// The dialect whose rules the statements follow.
    pub dialect: Dialect,
    /// Tables by name: inspection returns them sorted by name, so order of creation is not kept.
    tables: BTreeMap<String, Table>,
    /// PostgreSQL sequences of `serial` columns: (sequence, owning table, column). They keep
    /// their name when the table is renamed and go when it is dropped.
    sequences: Vec<(String, String, String)>,
    /// MySQL: indexes the server made for a foreign key that was dropped since, as (table,
    /// index). They are ordinary indexes to inspection, but the server still replaces them
    /// (see `mysql::Alter`).
    generated: BTreeSet<(String, String)>,
}

impl Model {
    /// An empty database.
    pub(crate) fn new(dialect: Dialect) -> Self {
        Self {
            dialect,
            tables: BTreeMap::new(),
            sequences: Vec::new(),
            generated: BTreeSet::new(),
        }
    }

    /// Adds a new table; a name taken is refused unless `if_not_exists`.
    pub(crate) fn create(&mut self, table: Table, if_not_exists: bool) -> StmtResult {
        if self.tables.contains_key(&table.name) {
            if if_not_exists {
                return Ok(());
            }
            return Err(StmtError::invalid(format!(
                "table `{}` already exists",
                table.name
            )));
        }
        // MySQL's index names are per table (and checked as the table is built).
        if self.dialect != Dialect::Mysql {
            for index in &table.indexes {
                self.check_index_name_free(&index.name)?;
            }
        }
        self.tables.insert(table.name.clone(), table);
        Ok(())
    }

    /// The table named `name`.
    pub(crate) fn table(&self, name: &str) -> StmtResult<&Table> {
        self.tables
            .get(name)
            .ok_or_else(|| StmtError::invalid(format!("table `{name}` does not exist")))
    }

    /// The table named `name`, to change.
    pub(crate) fn table_mut(&mut self, name: &str) -> StmtResult<&mut Table> {
        self.tables
            .get_mut(name)
            .ok_or_else(|| StmtError::invalid(format!("table `{name}` does not exist")))
    }

    /// Whether a table of this name exists.
    pub(crate) fn has_table(&self, name: &str) -> bool {
        self.tables.contains_key(name)
    }

    /// Removes a table; foreign keys of other tables that point at it are removed too when
    /// `cascade` (PostgreSQL's `DROP TABLE … CASCADE`). Without it PostgreSQL refuses to drop a
    /// referenced table; SQLite drops it and leaves the references dangling.
    pub(crate) fn drop_table(&mut self, name: &str, cascade: bool) -> StmtResult {
        if self.tables.remove(name).is_none() {
            return Err(StmtError::invalid(format!("table `{name}` does not exist")));
        }
        self.sequences.retain(|(_, t, _)| t != name);
        self.generated.retain(|(t, _)| t != name);
        if self.dialect == Dialect::Postgres {
            let referenced_by = self
                .tables
                .values()
                .find(|t| t.foreign_keys.iter().any(|f| f.ref_table == name));
            if let Some(other) = referenced_by {
                if !cascade {
                    return Err(StmtError::invalid(format!(
                        "table `{}` has a foreign key to `{name}` (drop it first, or use CASCADE)",
                        other.name
                    )));
                }
                for t in self.tables.values_mut() {
                    t.foreign_keys.retain(|f| f.ref_table != name);
                }
            }
        }
        Ok(())
    }

    /// Renames a table; foreign keys that point at it follow (PostgreSQL keeps them by oid,
    /// SQLite 3.26+ rewrites them).
    pub(crate) fn rename_table(&mut self, from: &str, to: &str) -> StmtResult {
        if self.tables.contains_key(to) {
            return Err(StmtError::invalid(format!("table `{to}` already exists")));
        }
        let mut table = self
            .tables
            .remove(from)
            .ok_or_else(|| StmtError::invalid(format!("table `{from}` does not exist")))?;
        table.name = to.to_owned();
        if self.dialect == Dialect::Sqlite {
            // SQLite's indexes for UNIQUE constraints are named after their table.
            let (old, new) = (
                format!("sqlite_autoindex_{from}_"),
                format!("sqlite_autoindex_{to}_"),
            );
            for i in &mut table.indexes {
                if let Some(n) = i.name.strip_prefix(&old) {
                    i.name = format!("{new}{n}");
                }
            }
        }
        self.tables.insert(to.to_owned(), table);
        for (_, t, _) in &mut self.sequences {
            if t == from {
                *t = to.to_owned();
            }
        }
        let moved = self.generated_of(from);
        self.set_generated(to, moved);
        self.set_generated(from, HashSet::new());
        for t in self.tables.values_mut() {
            for fk in &mut t.foreign_keys {
                if fk.ref_table == from {
                    fk.ref_table = to.to_owned();
                }
            }
        }
        Ok(())
    }

    /// MySQL: the indexes of `table` the server made for keys dropped since.
    pub(crate) fn generated_of(&self, table: &str) -> HashSet<String> {
        self.generated
            .iter()
            .filter(|(t, _)| t == table)
            .map(|(_, i)| i.clone())
            .collect()
    }

    /// Sets the indexes of `table` the server made for keys dropped since.
    pub(crate) fn set_generated(&mut self, table: &str, indexes: HashSet<String>) {
        self.generated.retain(|(t, _)| t != table);
        self.generated
            .extend(indexes.into_iter().map(|i| (table.to_owned(), i)));
    }

    /// Foreign keys of other tables that reference column `from` of `table` follow its rename
    /// (MySQL; the table's own keys are renamed with it).
    pub(crate) fn rename_referenced_column(&mut self, table: &str, from: &str, to: &str) {
        for t in self.tables.values_mut().filter(|t| t.name != table) {
            for fk in t.foreign_keys.iter_mut().filter(|f| f.ref_table == table) {
                for c in fk.ref_columns.iter_mut().filter(|c| *c == from) {
                    *c = to.to_owned();
                }
            }
        }
    }

    /// Gives a `serial` column of `table` its sequence and default.
    pub(crate) fn serial(&mut self, table: &str, column: &mut crate::schema::Column) -> StmtResult {
        let (seq, default) = super::column::serial_default(table, &column.name, |n| {
            self.sequences.iter().any(|(s, _, _)| s == n) || self.tables.contains_key(n)
        })?;
        column.default = Some(default);
        self.sequences
            .push((seq, table.to_owned(), column.name.clone()));
        Ok(())
    }

    /// Forgets the sequence a dropped column owned.
    pub(crate) fn drop_sequence_of(&mut self, table: &str, column: &str) {
        self.sequences
            .retain(|(_, t, c)| !(t == table && c == column));
    }

    /// The name of the table holding index `name`, if any.
    pub(crate) fn index_table(&self, name: &str) -> Option<String> {
        self.tables
            .values()
            .find(|t| t.indexes.iter().any(|i| i.name == name))
            .map(|t| t.name.clone())
    }

    /// Index names are schema-wide in both dialects (and share PostgreSQL's namespace of
    /// relations with tables).
    pub(crate) fn check_index_name_free(&self, name: &str) -> StmtResult {
        let taken = self.index_table(name).is_some()
            || (self.dialect == Dialect::Postgres && self.tables.contains_key(name));
        if taken {
            return Err(StmtError::invalid(format!(
                "relation `{name}` already exists"
            )));
        }
        Ok(())
    }

    /// Whether a constraint of this name exists on `table` (PostgreSQL: per table; checks,
    /// foreign keys and unique indexes share the namespace).
    pub(crate) fn constraint_taken(&self, table: &Table, name: &str) -> bool {
        table.checks.iter().any(|c| c.name == name)
            || table.foreign_keys.iter().any(|f| f.symbol == name)
            || self.index_table(name).is_some()
    }

    /// The schema as inspecting the database would return it.
    pub(crate) fn finish(self) -> Schema {
        let dialect = self.dialect;
        let mut tables: Vec<Table> = self.tables.into_values().collect();
        // A key declared without referenced columns references the primary key.
        let snapshot: Vec<(String, Vec<String>)> = tables
            .iter()
            .map(|t| (t.name.clone(), t.primary_key.clone()))
            .collect();
        for t in &mut tables {
            for fk in &mut t.foreign_keys {
                if fk.ref_columns.is_empty()
                    && let Some((_, pk)) = snapshot.iter().find(|(n, _)| *n == fk.ref_table)
                {
                    fk.ref_columns = pk.clone();
                }
            }
            if dialect == Dialect::Mysql {
                // The index MySQL made for a key is not part of the inspected model.
                let fks = t.foreign_keys.clone();
                t.indexes
                    .retain(|i| !crate::dialect::mysql::is_foreign_key_index(i, &fks));
            }
            if dialect == Dialect::Postgres {
                // PostgreSQL makes primary-key columns NOT NULL.
                let pk = t.primary_key.clone();
                for c in &mut t.columns {
                    if pk.contains(&c.name) {
                        c.nullable = false;
                    }
                }
            }
        }
        Schema { tables }.sorted()
    }
}
