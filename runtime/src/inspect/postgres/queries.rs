//! PostgreSQL catalog queries. [`TABLES_QUERY`] takes `$1` = schema name and `$2` = table names
//! (`text[]`, or NULL for all tables) and returns the tables with their oids; every other query
//! takes `$1` = those oids (`oid[]`) and returns rows for all of them at once, so inspection runs
//! the same number of queries for one table or a thousand.
//!
//! Costs that matter at a few thousand tables: the table filter (namespace, partitions,
//! extension-owned tables) runs once, not in every query; comments are joined from
//! `pg_description`, not read with `obj_description`/`col_description`, which are SQL functions
//! run as a separate query per row; per-row catalog functions (`pg_get_indexdef`,
//! `pg_index_column_has_property`) are avoided where a column says the same.

/// The schema of the connection when none is given (first existing `search_path` entry).
pub const CURRENT_SCHEMA_QUERY: &str = "SELECT current_schema()::text";

/// Ordinary and partitioned tables of `$1`, not partitions, not extension-owned, optionally
/// restricted to the names in `$2`, with their oids and comments.
pub const TABLES_QUERY: &str = "SELECT c.oid AS oid, c.relname::text AS name, d.description AS comment \
     FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
     LEFT JOIN pg_catalog.pg_description d ON d.objoid = c.oid \
       AND d.classoid = 'pg_catalog.pg_class'::regclass AND d.objsubid = 0 \
     WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition \
     AND ($2::text[] IS NULL OR c.relname::text = ANY($2::text[])) \
     AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = 'pg_catalog.pg_class'::regclass \
       AND e.objid = c.oid AND e.deptype = 'e') \
     ORDER BY c.relname";

/// Columns of the tables `$1`: type as `format_type` prints it, nullability, default expression,
/// identity kind with its sequence start and increment, generation kind, comment.
pub const COLUMNS_QUERY: &str = "SELECT a.attrelid AS table_oid, a.attname::text AS name, \
     pg_catalog.format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null, \
     pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) AS default_expr, a.attidentity::text AS identity, \
     a.attgenerated::text AS generated, s.seqstart AS identity_start, s.seqincrement AS identity_increment, \
     d.description AS comment \
     FROM pg_catalog.pg_attribute a \
     LEFT JOIN pg_catalog.pg_description d ON d.objoid = a.attrelid \
       AND d.classoid = 'pg_catalog.pg_class'::regclass AND d.objsubid = a.attnum \
     LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum \
     LEFT JOIN pg_catalog.pg_depend dep ON a.attidentity <> '' \
       AND dep.classid = 'pg_catalog.pg_class'::regclass AND dep.refclassid = 'pg_catalog.pg_class'::regclass \
       AND dep.refobjid = a.attrelid AND dep.refobjsubid = a.attnum AND dep.deptype = 'i' \
     LEFT JOIN pg_catalog.pg_sequence s ON s.seqrelid = dep.objid \
     WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped \
     ORDER BY a.attrelid, a.attnum";

/// Indexes of the tables `$1` (including the primary key), one row per key part: uniqueness,
/// access method, predicate, column or expression, descending flag (bit 0 of `indoption`,
/// `INDOPTION_DESC`), and the kind of constraint it backs. `pg_get_indexdef` runs only for
/// expression parts.
pub const INDEXES_QUERY: &str = "SELECT x.indrelid AS table_oid, i.relname::text AS index_name, \
     x.indisunique AS is_unique, x.indisprimary AS is_primary, am.amname::text AS method, \
     pg_catalog.pg_get_expr(x.indpred, x.indrelid) AS predicate, k.ord::int AS ord, \
     a.attname::text AS column_name, \
     CASE WHEN k.attnum = 0 THEN pg_catalog.pg_get_indexdef(x.indexrelid, k.ord::int, true) END AS expr, \
     (x.indoption[k.ord::int - 1] & 1) <> 0 AS descending, \
     con.contype::text AS constraint_type \
     FROM pg_catalog.pg_index x \
     JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid \
     JOIN pg_catalog.pg_am am ON am.oid = i.relam \
     CROSS JOIN LATERAL unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord) \
     LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum AND k.attnum <> 0 \
     LEFT JOIN pg_catalog.pg_constraint con ON con.conindid = x.indexrelid AND con.conrelid = x.indrelid \
       AND con.contype IN ('p', 'u', 'x') \
     WHERE x.indrelid = ANY($1::oid[]) AND k.ord <= x.indnkeyatts \
     ORDER BY x.indrelid, i.relname, k.ord";

/// Foreign keys of the tables `$1` with their columns, referenced table and columns, and action
/// codes. The key parts are joined and aggregated once rather than read by two subqueries per
/// constraint.
pub const FOREIGN_KEYS_QUERY: &str = "SELECT con.conrelid AS table_oid, con.conname::text AS name, \
     rt.relname::text AS ref_table, rn.nspname::text AS ref_schema, \
     array_agg(a.attname::text ORDER BY k.ord) AS columns, \
     array_agg(ra.attname::text ORDER BY k.ord) AS ref_columns, \
     con.confupdtype::text AS on_update, con.confdeltype::text AS on_delete \
     FROM unnest($1::oid[]) AS t(oid) \
     JOIN pg_catalog.pg_constraint con ON con.conrelid = t.oid \
     JOIN pg_catalog.pg_class rt ON rt.oid = con.confrelid \
     JOIN pg_catalog.pg_namespace rn ON rn.oid = rt.relnamespace \
     CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(attnum, ref_attnum, ord) \
     JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum \
     JOIN pg_catalog.pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = k.ref_attnum \
     WHERE con.contype = 'f' \
     GROUP BY con.oid, con.conrelid, con.conname, rt.relname, rn.nspname, con.confupdtype, con.confdeltype \
     ORDER BY con.conrelid, con.conname";

/// CHECK constraints of the tables `$1` with their expressions.
pub const CHECKS_QUERY: &str = "SELECT con.conrelid AS table_oid, con.conname::text AS name, \
     pg_catalog.pg_get_expr(con.conbin, con.conrelid) AS expr \
     FROM unnest($1::oid[]) AS t(oid) \
     JOIN pg_catalog.pg_constraint con ON con.conrelid = t.oid \
     WHERE con.contype = 'c' \
     ORDER BY con.conrelid, con.conname";

/// The number of catalog queries one inspection runs when the schema is given (one more when
/// it is read from the connection).
pub const QUERY_COUNT: usize = 5;
