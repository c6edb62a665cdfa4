//! PostgreSQL catalog queries. Each takes `$1` = schema name and `$2` = table names (`text[]`, or
//! NULL for all tables) and returns rows for every table at once, so inspection runs the same
//! number of queries for one table or a thousand.

/// The schema of the connection when none is given (first existing `search_path` entry).
pub const CURRENT_SCHEMA_QUERY: &str = "SELECT current_schema()::text";

/// Shared filter: ordinary and partitioned tables of `$1`, not partitions, not extension-owned,
/// optionally restricted to the names in `$2`. Expects the table as `c` and namespace as `n`.
macro_rules! table_filter {
    () => {
        "n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition \
         AND ($2::text[] IS NULL OR c.relname::text = ANY($2::text[])) \
         AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = 'pg_catalog.pg_class'::regclass \
         AND e.objid = c.oid AND e.deptype = 'e')"
    };
}

/// Tables and their comments.
pub const TABLES_QUERY: &str = concat!(
    "SELECT c.relname::text AS name, pg_catalog.obj_description(c.oid, 'pg_class') AS comment \
     FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE ",
    table_filter!(),
    " ORDER BY c.relname"
);

/// Columns of all tables: type as `format_type` prints it, nullability, default expression,
/// identity kind with its sequence start and increment, generation kind, comment.
pub const COLUMNS_QUERY: &str = concat!(
    "SELECT c.relname::text AS table_name, a.attname::text AS name, \
     pg_catalog.format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null, \
     pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) AS default_expr, a.attidentity::text AS identity, \
     a.attgenerated::text AS generated, s.seqstart AS identity_start, s.seqincrement AS identity_increment, \
     pg_catalog.col_description(c.oid, a.attnum) AS comment \
     FROM pg_catalog.pg_attribute a \
     JOIN pg_catalog.pg_class c ON c.oid = a.attrelid \
     JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
     LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum \
     LEFT JOIN pg_catalog.pg_depend dep ON a.attidentity <> '' \
       AND dep.classid = 'pg_catalog.pg_class'::regclass AND dep.refclassid = 'pg_catalog.pg_class'::regclass \
       AND dep.refobjid = c.oid AND dep.refobjsubid = a.attnum AND dep.deptype = 'i' \
     LEFT JOIN pg_catalog.pg_sequence s ON s.seqrelid = dep.objid \
     WHERE a.attnum > 0 AND NOT a.attisdropped AND ",
    table_filter!(),
    " ORDER BY c.relname, a.attnum"
);

/// Indexes (including the primary key), one row per key part: uniqueness, access method,
/// predicate, column or expression, descending flag, and the kind of constraint it backs.
pub const INDEXES_QUERY: &str = concat!(
    "SELECT c.relname::text AS table_name, i.relname::text AS index_name, x.indisunique AS is_unique, \
     x.indisprimary AS is_primary, am.amname::text AS method, \
     pg_catalog.pg_get_expr(x.indpred, x.indrelid) AS predicate, k.ord::int AS ord, \
     a.attname::text AS column_name, pg_catalog.pg_get_indexdef(x.indexrelid, k.ord::int, true) AS expr, \
     COALESCE(pg_catalog.pg_index_column_has_property(x.indexrelid, k.ord::int, 'desc'), false) AS descending, \
     con.contype::text AS constraint_type \
     FROM pg_catalog.pg_index x \
     JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid \
     JOIN pg_catalog.pg_class c ON c.oid = x.indrelid \
     JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
     JOIN pg_catalog.pg_am am ON am.oid = i.relam \
     CROSS JOIN LATERAL unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord) \
     LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum AND k.attnum <> 0 \
     LEFT JOIN pg_catalog.pg_constraint con ON con.conindid = x.indexrelid AND con.conrelid = x.indrelid \
       AND con.contype IN ('p', 'u', 'x') \
     WHERE k.ord <= x.indnkeyatts AND ",
    table_filter!(),
    " ORDER BY c.relname, i.relname, k.ord"
);

/// Foreign keys with their columns, referenced table and columns, and action codes.
pub const FOREIGN_KEYS_QUERY: &str = concat!(
    "SELECT c.relname::text AS table_name, con.conname::text AS name, rt.relname::text AS ref_table, \
     rn.nspname::text AS ref_schema, \
     ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord) \
       JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns, \
     ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord) \
       JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord) AS ref_columns, \
     con.confupdtype::text AS on_update, con.confdeltype::text AS on_delete \
     FROM pg_catalog.pg_constraint con \
     JOIN pg_catalog.pg_class c ON c.oid = con.conrelid \
     JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
     JOIN pg_catalog.pg_class rt ON rt.oid = con.confrelid \
     JOIN pg_catalog.pg_namespace rn ON rn.oid = rt.relnamespace \
     WHERE con.contype = 'f' AND ",
    table_filter!(),
    " ORDER BY c.relname, con.conname"
);

/// CHECK constraints with their expressions.
pub const CHECKS_QUERY: &str = concat!(
    "SELECT c.relname::text AS table_name, con.conname::text AS name, \
     pg_catalog.pg_get_expr(con.conbin, con.conrelid) AS expr \
     FROM pg_catalog.pg_constraint con \
     JOIN pg_catalog.pg_class c ON c.oid = con.conrelid \
     JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
     WHERE con.contype = 'c' AND ",
    table_filter!(),
    " ORDER BY c.relname, con.conname"
);

/// The number of catalog queries one inspection runs when the schema is given (one more when
/// it is read from the connection).
pub const QUERY_COUNT: usize = 5;
