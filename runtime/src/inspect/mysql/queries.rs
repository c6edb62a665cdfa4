//! The `information_schema` queries of the MySQL/MariaDB inspector: one per kind of object, each
//! reading every table of the connection's database (`DATABASE()`), so their number does not
//! grow with the table count. Rows come ordered so that objects assemble in one pass.

/// `VERSION()`: MariaDB says so in it.
pub const VERSION_QUERY: &str = "SELECT VERSION()";

/// Base tables of the current database.
pub const TABLES_QUERY: &str = "SELECT TABLE_NAME FROM information_schema.TABLES \
     WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME";

/// Columns in table order: type as declared (`COLUMN_TYPE`), nullability, default as the
/// server prints it, `EXTRA` (`auto_increment`, MySQL's `DEFAULT_GENERATED`).
pub const COLUMNS_QUERY: &str = "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, \
     COLUMN_DEFAULT, EXTRA FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() \
     ORDER BY TABLE_NAME, ORDINAL_POSITION";

/// Index parts (the primary key is the index `PRIMARY`); `COLLATION` is `D` for a descending
/// part. MySQL 8's functional parts have no column and an `EXPRESSION`.
pub const INDEXES_QUERY_MYSQL: &str = "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, \
     COLLATION, EXPRESSION FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() \
     ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX";

/// [`INDEXES_QUERY_MYSQL`] for MariaDB, which has no functional index parts.
pub const INDEXES_QUERY_MARIADB: &str = "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, \
     COLUMN_NAME, COLLATION, NULL FROM information_schema.STATISTICS \
     WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX";

/// Foreign-key columns with their references and actions. The actions come from a derived
/// table that GROUP BY makes the server materialize (with a key on the join columns): joined
/// to the view directly, MariaDB 10.11 compares every pair of rows (a block nested loop over
/// two `information_schema` scans), 0.8-1 s for 3000 keys against 0.15 s this way.
pub const FOREIGN_KEYS_QUERY: &str = "SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, \
     k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, r.UPDATE_RULE, r.DELETE_RULE \
     FROM information_schema.KEY_COLUMN_USAGE k \
     JOIN (SELECT TABLE_NAME, CONSTRAINT_NAME, UPDATE_RULE, DELETE_RULE \
     FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() \
     GROUP BY TABLE_NAME, CONSTRAINT_NAME, UPDATE_RULE, DELETE_RULE) r \
     ON r.TABLE_NAME = k.TABLE_NAME AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME \
     WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL \
     ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION";

/// Check constraints on MariaDB, whose names are per table (`TABLE_NAME` is in the view).
pub const CHECKS_QUERY_MARIADB: &str = "SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE \
     FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() \
     ORDER BY TABLE_NAME, CONSTRAINT_NAME";

/// Check constraints on MySQL 8, whose names are per database: the table comes from
/// `TABLE_CONSTRAINTS`.
pub const CHECKS_QUERY_MYSQL: &str = "SELECT t.TABLE_NAME, c.CONSTRAINT_NAME, c.CHECK_CLAUSE \
     FROM information_schema.CHECK_CONSTRAINTS c \
     JOIN information_schema.TABLE_CONSTRAINTS t \
     ON t.CONSTRAINT_SCHEMA = c.CONSTRAINT_SCHEMA AND t.CONSTRAINT_NAME = c.CONSTRAINT_NAME \
     AND t.CONSTRAINT_TYPE = 'CHECK' \
     WHERE c.CONSTRAINT_SCHEMA = DATABASE() ORDER BY t.TABLE_NAME, c.CONSTRAINT_NAME";
