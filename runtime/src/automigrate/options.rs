//! Options of a run (ent's `schema.MigrateOption`s) and the hook types.

use std::io;
use std::time::Duration;

use super::error::HookError;
use crate::dialect::Dialect;
use crate::diff::{Change, ColumnRename, TableRename};
use crate::plan::{Plan, PlannedStatement};
use crate::schema::Schema;

/// The lock name used unless [`Options::lock_name`] sets another; PostgreSQL's advisory-lock
/// key is derived from it ([`super::lock_key`]).
pub const DEFAULT_LOCK_NAME: &str = "entgen_automigrate";

/// A hook run before the migration starts, with the desired schema it may change
/// (ent's `WithHooks` middleware, the part before `next.Create`). An error stops the run before
/// anything is touched.
pub type BeforeHook<'a> = Box<dyn FnMut(&mut Schema) -> Result<(), HookError> + 'a>;

/// A hook run after the transaction committed (or, in offline mode, after the statements were
/// written), with the report. An error is returned by [`super::run`], but the migration is kept.
pub type AfterHook<'a> = Box<dyn FnMut(&super::Report) -> Result<(), HookError> + 'a>;

/// A diff hook (ent's `WithDiffHook`): sees the raw changes between the current and the
/// desired schema and returns the changes to plan; it may filter, reorder or rewrite them (see
/// [`super::rename_column`]). Diff hooks run in order, each on the previous one's output, before
/// the append-only policy.
pub type DiffHook<'a> =
    Box<dyn FnMut(&DiffContext<'_>, Vec<Change>) -> Result<Vec<Change>, HookError> + 'a>;

/// An apply hook (ent's `WithApplyHook`): sees the plan before it runs and may add statements
/// before or after it (e.g. back-fill NULLs before `SET NOT NULL`), or rewrite it. Statements
/// added here run in the same transaction, are logged and, in offline mode, written.
pub type ApplyHook<'a> = Box<dyn FnMut(&mut ApplyContext<'_>) -> Result<(), HookError> + 'a>;

/// A debug sink: called with every statement before it runs (or is written).
pub type DebugSink<'a> = Box<dyn FnMut(&LogEntry<'_>) + 'a>;

/// What a diff hook sees besides the changes.
#[derive(Debug)]
pub struct DiffContext<'s> {
    /// The database's dialect.
    pub dialect: Dialect,
    /// The inspected state (only the tables the desired schema names, and renamed ones).
    pub current: &'s Schema,
    /// The desired state (with `ent_types` and id ranges when global unique ids are on).
    pub desired: &'s Schema,
}

/// What an apply hook sees and may change.
#[derive(Debug)]
pub struct ApplyContext<'s> {
    /// The database's dialect.
    pub dialect: Dialect,
    /// The changes the plan applies.
    pub changes: &'s [Change],
    /// The plan, in execution order; hooks may change it.
    pub plan: &'s mut Plan,
}

impl ApplyContext<'_> {
    /// Runs `sql` before every statement of the plan (after those added before it).
    pub fn before(&mut self, sql: impl Into<String>, comment: impl Into<String>) {
        let at = self
            .plan
            .statements
            .iter()
            .take_while(|s| s.reverse.is_empty() && s.comment.starts_with(HOOK_PREFIX))
            .count();
        self.plan
            .statements
            .insert(at, hook_statement(sql.into(), comment.into()));
    }

    /// Runs `sql` after every statement of the plan.
    pub fn after(&mut self, sql: impl Into<String>, comment: impl Into<String>) {
        self.plan
            .statements
            .push(hook_statement(sql.into(), comment.into()));
    }
}

/// Comments of statements added by apply hooks start with this.
pub const HOOK_PREFIX: &str = "apply hook: ";

fn hook_statement(sql: String, comment: String) -> PlannedStatement {
    PlannedStatement {
        sql,
        comment: format!("{HOOK_PREFIX}{comment}"),
        reverse: Vec::new(),
    }
}

/// One statement handed to the debug sink.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LogEntry<'s> {
    /// The statement's comment.
    pub comment: &'s str,
    /// The statement.
    pub sql: &'s str,
    /// Whether it is written to [`Options::write_to`] instead of being run.
    pub written: bool,
}

impl std::fmt::Display for LogEntry<'_> {
    /// `automigrate: exec: <sql> -- <comment>` (or `write:`).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let verb = if self.written { "write" } else { "exec" };
        write!(f, "automigrate: {verb}: {} -- {}", self.sql, self.comment)
    }
}

/// Options of [`super::run`]. The defaults are ent's: append-only (no table drops, no column or
/// index drops), foreign keys created, no global unique ids, no debug output, statements run.
pub struct Options<'a> {
    /// Drop columns that are no longer desired (ent's `WithDropColumn`).
    pub drop_columns: bool,
    /// Drop indexes that are no longer desired (ent's `WithDropIndex`).
    pub drop_indexes: bool,
    /// Create (and drop) foreign keys; when off, foreign-key changes are left out and new tables
    /// get none (ent's `WithForeignKeys`).
    pub foreign_keys: bool,
    /// ent's `WithGlobalUniqueID`: a table `ent_types(id, type)` records every table with an
    /// identity primary key in first-seen order, and the k-th one's ids start at `k << 32`.
    pub global_unique_ids: bool,
    /// Table rename hints (only applied while the old table exists and the new one does not).
    pub table_renames: Vec<TableRename>,
    /// Column rename hints, by desired table name (`entgen::sql::column_renames`); only applied
    /// while the old column exists and the new one does not.
    pub column_renames: Vec<ColumnRename>,
    /// Offline mode: write the statements here (`-- comment` line, then the statement and `;`)
    /// instead of running them. The database is still inspected, inside a transaction that is
    /// rolled back.
    pub write_to: Option<&'a mut dyn io::Write>,
    /// Called with every statement before it runs or is written.
    pub debug: Option<DebugSink<'a>>,
    /// PostgreSQL schema to migrate; `None` means the connection's current schema (the first
    /// existing schema of its `search_path`). Set with `SET LOCAL search_path` for the run.
    pub schema: Option<String>,
    /// Name of the migration lock; runs with the same name on the same database wait for each
    /// other.
    pub lock_name: String,
    /// How long to wait for the lock; `None` waits as long as it takes.
    pub lock_timeout: Option<Duration>,
    /// Hooks run before the migration, in order.
    pub before: Vec<BeforeHook<'a>>,
    /// Hooks run after the migration, in order.
    pub after: Vec<AfterHook<'a>>,
    /// Diff hooks, in order.
    pub diff_hooks: Vec<DiffHook<'a>>,
    /// Apply hooks, in order.
    pub apply_hooks: Vec<ApplyHook<'a>>,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Self {
            drop_columns: false,
            drop_indexes: false,
            foreign_keys: true,
            global_unique_ids: false,
            table_renames: Vec::new(),
            column_renames: Vec::new(),
            write_to: None,
            debug: None,
            schema: None,
            lock_name: DEFAULT_LOCK_NAME.to_owned(),
            lock_timeout: None,
            before: Vec::new(),
            after: Vec::new(),
            diff_hooks: Vec::new(),
            apply_hooks: Vec::new(),
        }
    }
}

impl std::fmt::Debug for Options<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Options")
            .field("drop_columns", &self.drop_columns)
            .field("drop_indexes", &self.drop_indexes)
            .field("foreign_keys", &self.foreign_keys)
            .field("global_unique_ids", &self.global_unique_ids)
            .field("table_renames", &self.table_renames)
            .field("column_renames", &self.column_renames)
            .field("write_to", &self.write_to.is_some())
            .field("debug", &self.debug.is_some())
            .field("schema", &self.schema)
            .field("lock_name", &self.lock_name)
            .field("lock_timeout", &self.lock_timeout)
            .field("before", &self.before.len())
            .field("after", &self.after.len())
            .field("diff_hooks", &self.diff_hooks.len())
            .field("apply_hooks", &self.apply_hooks.len())
            .finish()
    }
}

impl<'a> Options<'a> {
    /// ent's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    /// Allows dropping columns (builder style).
    #[must_use]
    pub fn drop_columns(mut self, on: bool) -> Self {
        self.drop_columns = on;
        self
    }

    /// Allows dropping indexes (builder style).
    #[must_use]
    pub fn drop_indexes(mut self, on: bool) -> Self {
        self.drop_indexes = on;
        self
    }

    /// Creates foreign keys or not (builder style).
    #[must_use]
    pub fn foreign_keys(mut self, on: bool) -> Self {
        self.foreign_keys = on;
        self
    }

    /// Turns global unique ids on or off (builder style).
    #[must_use]
    pub fn global_unique_ids(mut self, on: bool) -> Self {
        self.global_unique_ids = on;
        self
    }

    /// Adds a table rename hint (builder style).
    #[must_use]
    pub fn rename_table(mut self, from: impl Into<String>, to: impl Into<String>) -> Self {
        self.table_renames.push(TableRename::new(from, to));
        self
    }

    /// Adds a column rename hint; `table` is the desired table name (builder style).
    #[must_use]
    pub fn rename_column(
        mut self,
        table: impl Into<String>,
        from: impl Into<String>,
        to: impl Into<String>,
    ) -> Self {
        self.column_renames.push(ColumnRename::new(table, from, to));
        self
    }

    /// Adds column rename hints, e.g. `entgen::sql::column_renames(&graph)` (builder style).
    #[must_use]
    pub fn column_renames(mut self, renames: impl IntoIterator<Item = ColumnRename>) -> Self {
        self.column_renames.extend(renames);
        self
    }

    /// Writes the statements to `w` instead of running them (builder style).
    #[must_use]
    pub fn write_to(mut self, w: &'a mut dyn io::Write) -> Self {
        self.write_to = Some(w);
        self
    }

    /// Calls `sink` with every statement (builder style).
    #[must_use]
    pub fn debug(mut self, sink: impl FnMut(&LogEntry<'_>) + 'a) -> Self {
        self.debug = Some(Box::new(sink));
        self
    }

    /// Prints every statement to standard error (builder style), as ent's `client.Debug()`.
    #[must_use]
    pub fn debug_stderr(self) -> Self {
        self.debug(|e| eprintln!("{e}"))
    }

    /// Migrates this PostgreSQL schema instead of the current one (builder style).
    #[must_use]
    pub fn schema(mut self, schema: impl Into<String>) -> Self {
        self.schema = Some(schema.into());
        self
    }

    /// Sets the lock name (builder style).
    #[must_use]
    pub fn lock_name(mut self, name: impl Into<String>) -> Self {
        self.lock_name = name.into();
        self
    }

    /// Gives up waiting for the lock after `timeout` (builder style).
    #[must_use]
    pub fn lock_timeout(mut self, timeout: Duration) -> Self {
        self.lock_timeout = Some(timeout);
        self
    }

    /// Adds a hook run before the migration (builder style).
    #[must_use]
    pub fn before(mut self, hook: impl FnMut(&mut Schema) -> Result<(), HookError> + 'a) -> Self {
        self.before.push(Box::new(hook));
        self
    }

    /// Adds a hook run after the migration (builder style).
    #[must_use]
    pub fn after(mut self, hook: impl FnMut(&super::Report) -> Result<(), HookError> + 'a) -> Self {
        self.after.push(Box::new(hook));
        self
    }

    /// Adds a diff hook (builder style).
    #[must_use]
    pub fn diff_hook(
        mut self,
        hook: impl FnMut(&DiffContext<'_>, Vec<Change>) -> Result<Vec<Change>, HookError> + 'a,
    ) -> Self {
        self.diff_hooks.push(Box::new(hook));
        self
    }

    /// Adds an apply hook (builder style).
    #[must_use]
    pub fn apply_hook(
        mut self,
        hook: impl FnMut(&mut ApplyContext<'_>) -> Result<(), HookError> + 'a,
    ) -> Self {
        self.apply_hooks.push(Box::new(hook));
        self
    }
}
