//! SQLite catalog queries. They join `sqlite_schema` with the table-valued pragma functions, so
//! each returns rows for every table at once.

/// Ordinary tables of `main` and their `CREATE TABLE` text (`pragma_table_list` leaves out views,
/// virtual tables and their shadow tables; internal `sqlite_*` tables are excluded).
pub const TABLES_QUERY: &str = "SELECT l.name, m.sql FROM pragma_table_list AS l \
     JOIN sqlite_schema AS m ON m.type = 'table' AND m.name = l.name \
     WHERE l.schema = 'main' AND l.type = 'table' AND l.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' \
     ORDER BY l.name";

/// Columns of all tables (`pragma_table_xinfo`, which also lists generated columns).
pub const COLUMNS_QUERY: &str = "SELECT m.name, c.cid, c.name, c.type, c.\"notnull\", c.dflt_value, c.pk, c.hidden \
     FROM sqlite_schema AS m, pragma_table_xinfo(m.name) AS c \
     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY m.name, c.cid";

/// Index key parts of all tables (`pragma_index_list` + `pragma_index_xinfo`), with the
/// `CREATE INDEX` text for predicates and expressions.
pub const INDEXES_QUERY: &str = "SELECT m.name, il.name, il.\"unique\", il.origin, il.partial, \
     ii.seqno, ii.cid, ii.name, ii.\"desc\", s.sql \
     FROM sqlite_schema AS m, pragma_index_list(m.name) AS il, pragma_index_xinfo(il.name) AS ii \
     LEFT JOIN sqlite_schema AS s ON s.type = 'index' AND s.name = il.name \
     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND ii.key = 1 \
     ORDER BY m.name, il.name, ii.seqno";

/// Foreign keys of all tables (`pragma_foreign_key_list`), one row per column pair.
pub const FOREIGN_KEYS_QUERY: &str = "SELECT m.name, f.id, f.seq, f.\"table\", f.\"from\", f.\"to\", \
     f.on_update, f.on_delete \
     FROM sqlite_schema AS m, pragma_foreign_key_list(m.name) AS f \
     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY m.name, f.id, f.seq";

/// The number of catalog queries one inspection runs.
pub const QUERY_COUNT: usize = 4;
