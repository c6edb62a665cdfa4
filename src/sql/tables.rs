//! Graph → desired tables, per dialect, with ent's type mapping and column order
//! (reference/ent.md §3): the primary key, then the entity's own fields in schema order (mixin
//! fields first), then foreign-key columns in the order the relations are met walking entities
//! (sorted by name) and their `to` edges; M2M join tables after the entities. Every name is read off
//! the graph; only the dialect's shortening of long symbols is applied here.

use entgen_runtime::dialect::{Dialect as SqlDialect, MYSQL_DEFAULT_STRING_LEN, parse_default};
use entgen_runtime::diff::{ColumnRename, TableRename};
use entgen_runtime::schema::{
    Check, Column, ColumnType, DefaultValue, ForeignKey, Index, IndexPart, IntWidth, Literal,
    ReferenceAction, Schema, Table,
};

use crate::graph::{
    DefaultValue as FieldDefault, Dialect, EdgeDirection, Entity, EntityId, Field, FieldType,
    Graph, IntType, RefAction, Storage,
};

/// The dialects entgen renders tables for today.
pub fn sql_dialect(dialect: Dialect) -> Option<SqlDialect> {
    match dialect {
        Dialect::Postgres => Some(SqlDialect::Postgres),
        Dialect::Sqlite => Some(SqlDialect::Sqlite),
        Dialect::Mysql => Some(SqlDialect::Mysql),
    }
}

/// The graph's name for a dialect the runtime works with (`None` for one the graph does not
/// render tables for yet).
pub fn graph_dialect(dialect: SqlDialect) -> Option<Dialect> {
    match dialect {
        SqlDialect::Postgres => Some(Dialect::Postgres),
        SqlDialect::Sqlite => Some(Dialect::Sqlite),
        SqlDialect::Mysql => Some(Dialect::Mysql),
        _ => None,
    }
}

/// The tables a graph maps to in `dialect`.
pub fn tables(graph: &Graph, dialect: Dialect) -> Schema {
    let mut tables: Vec<Table> = graph
        .entities
        .values()
        .map(|e| entity_table(e, dialect))
        .collect();
    let unique_fks = add_foreign_keys(graph, dialect, &mut tables);
    for ((table, entity), unique_fks) in tables
        .iter_mut()
        .zip(graph.entities.values())
        .zip(unique_fks)
    {
        add_indexes(table, entity, &unique_fks, dialect);
    }
    for relation in &graph.relations {
        if let Storage::JoinTable(join) = &relation.storage
            && join.through.is_none()
        {
            tables.push(join_table(graph, join, dialect));
        }
    }
    Schema { tables }
}

/// `@@renamed_from` hints, so the diff renames a table instead of dropping and creating it.
pub fn table_renames(graph: &Graph) -> Vec<TableRename> {
    graph
        .entities
        .values()
        .filter_map(|entity| {
            entity.renamed_from.as_ref().map(|from| TableRename {
                from: from.clone(),
                to: entity.table.clone(),
            })
        })
        .collect()
}

/// `@renamed_from` hints, so the diff renames a column instead of dropping and adding it.
pub fn column_renames(graph: &Graph) -> Vec<ColumnRename> {
    graph
        .entities
        .values()
        .flat_map(|entity| {
            entity.fields.values().filter_map(move |field| {
                field.renamed_from.as_ref().map(|from| ColumnRename {
                    table: entity.table.clone(),
                    from: from.clone(),
                    to: field.column.clone(),
                })
            })
        })
        .collect()
}

fn entity_table(entity: &Entity, dialect: Dialect) -> Table {
    let mut table = Table::new(&entity.table);
    let mut id = field_column(&entity.id, dialect);
    // A storage type of its own (`bigserial`, ent's integration License) replaces the identity:
    // ent prints the type as given and no `GENERATED ... AS IDENTITY`.
    if entity.id.auto_increment && !matches!(id.ty, ColumnType::Raw(_)) {
        id = id.identity();
    }
    table.columns.push(id);
    table.primary_key = vec![entity.id.column.clone()];
    // Edge fields are FK columns: they take their place among the foreign keys, as in ent.
    for field in entity.fields.values().filter(|f| f.edge.is_none()) {
        table.columns.push(field_column(field, dialect));
    }
    table.checks = entity
        .checks
        .values()
        .map(|c| Check::new(&c.name, &c.expr))
        .collect();
    table
}

/// ent's order (Atlas's conversion of ent's tables): the implicit unique index of each unique
/// column in column order (`@unique` fields, then O2O FK columns), then the schema's indexes.
fn add_indexes(table: &mut Table, entity: &Entity, unique_fks: &[String], dialect: Dialect) {
    let unique_fields = entity
        .fields
        .values()
        .filter(|f| f.unique && f.edge.is_none());
    let unique_columns: Vec<&str> = unique_fields
        .map(|f| f.column.as_str())
        .chain(unique_fks.iter().map(String::as_str))
        .collect();
    let in_column_order: Vec<String> = table
        .columns
        .iter()
        .filter(|c| unique_columns.contains(&c.name.as_str()))
        .map(|c| c.name.clone())
        .collect();
    for column in in_column_order {
        table
            .indexes
            .push(unique_index(&entity.table, &column, dialect));
    }
    for index in &entity.indexes {
        let parts = index
            .columns
            .iter()
            .map(|c| {
                if c.desc {
                    IndexPart::column_desc(&c.column)
                } else {
                    IndexPart::column(&c.column)
                }
            })
            .collect();
        let mut sql_index =
            Index::new(Graph::symbol(&index.name, dialect), Vec::<String>::new()).parts(parts);
        sql_index.unique = index.unique;
        // MySQL has no partial indexes; ent leaves the predicate out there.
        sql_index.predicate = index
            .predicate
            .clone()
            .filter(|_| dialect != Dialect::Mysql);
        // Index methods are a PostgreSQL feature; SQLite has only B-trees.
        sql_index.method = index
            .method
            .clone()
            .filter(|_| dialect == Dialect::Postgres);
        table.indexes.push(sql_index);
    }
}

fn unique_index(table: &str, column: &str, dialect: Dialect) -> Index {
    Index::new(
        Graph::unique_column_index_name(table, column, dialect),
        [column],
    )
    .unique()
}

fn field_column(field: &Field, dialect: Dialect) -> Column {
    let mut column = Column::new(&field.column, column_type(field, dialect));
    column.nullable = field.optional;
    column.default = column_default(field, &column.ty);
    // ent writes a `timestamp` without a database default as NULL on MariaDB (and MySQL before
    // 8.0.2), where NOT NULL would give it an implicit `DEFAULT CURRENT_TIMESTAMP ON UPDATE
    // CURRENT_TIMESTAMP` under `explicit_defaults_for_timestamp = OFF`. The client still
    // requires the value.
    if dialect == Dialect::Mysql && column.ty == ColumnType::Time && column.default.is_none() {
        column.nullable = true;
    }
    column
}

/// ent's mapping; `@db_type` for the dialect wins.
fn column_type(field: &Field, dialect: Dialect) -> ColumnType {
    if let Some((_, raw)) = field.db_types.iter().find(|(d, _)| *d == dialect) {
        return ColumnType::Raw(raw.clone());
    }
    match &field.ty {
        FieldType::Bool => ColumnType::Bool,
        FieldType::Int(int) => int_type(*int),
        FieldType::Float32 => ColumnType::Float32,
        FieldType::Float64 => ColumnType::Float64,
        // PostgreSQL and SQLite columns have no length: `@max_len` is a validator there (ent).
        FieldType::String if dialect != Dialect::Mysql => ColumnType::String { size: None },
        // MySQL's `varchar` needs one: `@max_len` (`longtext` past 65535), or ent's 255, which
        // is what the runtime writes for a string without a size.
        FieldType::String => ColumnType::String {
            size: field
                .size
                .map(|n| u32::try_from(n).unwrap_or(u32::MAX))
                .filter(|n| *n != MYSQL_DEFAULT_STRING_LEN),
        },
        FieldType::Text => ColumnType::Text,
        FieldType::Bytes => ColumnType::Bytes,
        FieldType::Time => ColumnType::Time,
        FieldType::Uuid => ColumnType::Uuid,
        FieldType::Json => ColumnType::Json,
        FieldType::Enum(variants) => ColumnType::Enum {
            values: variants.iter().map(|v| v.value.clone()).collect(),
        },
    }
}

fn int_type(int: IntType) -> ColumnType {
    let (width, unsigned) = match int {
        IntType::Int8 => (IntWidth::W8, false),
        IntType::Int16 => (IntWidth::W16, false),
        IntType::Int32 => (IntWidth::W32, false),
        IntType::Int | IntType::Int64 => (IntWidth::W64, false),
        IntType::Uint8 => (IntWidth::W8, true),
        IntType::Uint16 => (IntWidth::W16, true),
        IntType::Uint32 => (IntWidth::W32, true),
        IntType::Uint | IntType::Uint64 => (IntWidth::W64, true),
    };
    ColumnType::Int { width, unsigned }
}

/// Only literal defaults of numeric, bool, string and enum fields reach the DDL (ent); `now` and
/// `uuid_v4` are applied by the client. `@default_sql` is the database's own expression.
fn column_default(field: &Field, ty: &ColumnType) -> Option<DefaultValue> {
    if let Some(sql) = &field.default_sql {
        // Read as the database will print it back (`0` is a literal, `now()` an expression),
        // so that the next diff sees no change.
        return parse_default(sql, ty).or_else(|| Some(DefaultValue::expr(sql)));
    }
    let literal = match field.default.as_ref()? {
        FieldDefault::Bool(b) => Literal::Bool(*b),
        // The graph refuses values beyond i64 (a uint64 column is a bigint).
        FieldDefault::Int(n) => Literal::Int(i64::try_from(*n).ok()?),
        // Databases print an integral float default as an integer (`DEFAULT 0`); write it that
        // way so inspecting it gives back the same literal.
        FieldDefault::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Literal::Int(*f as i64),
        FieldDefault::Float(f) => Literal::Float(*f),
        FieldDefault::String(s) | FieldDefault::Enum(s)
            if !matches!(field.ty, FieldType::Bytes) =>
        {
            Literal::String(s.clone())
        }
        _ => return None,
    };
    Some(DefaultValue::Literal(literal))
}

/// FK columns copy the referenced key's type, without its identity.
fn reference_column(name: &str, referenced: &Entity, nullable: bool, dialect: Dialect) -> Column {
    let mut column = Column::new(name, column_type(&referenced.id, dialect));
    column.nullable = nullable;
    column
}

fn action(action: RefAction) -> ReferenceAction {
    ReferenceAction::from_sql(action.sql()).unwrap_or(ReferenceAction::NoAction)
}

/// FK columns and constraints, in ent's order: entities by name, then their `to` edges (the
/// one edge of each relation that declares it), whichever table holds the column. Returns, per
/// table, the FK columns that are unique (O2O).
fn add_foreign_keys(graph: &Graph, dialect: Dialect, tables: &mut [Table]) -> Vec<Vec<String>> {
    let mut unique = vec![Vec::new(); tables.len()];
    for entity in graph.entities.values() {
        for edge in entity.edges.values() {
            if edge.direction != EdgeDirection::Assoc {
                continue;
            }
            let Storage::ForeignKey(fk) = &graph.relations[edge.relation].storage else {
                continue;
            };
            let holder: EntityId = fk.holder;
            let referenced = &graph.entities[fk.references];
            let table = &mut tables[holder];
            let nullable = match &fk.field {
                Some(field) => {
                    graph.entities[holder]
                        .field(field)
                        .is_some_and(|f| f.optional)
                        || fk.nullable
                }
                None => fk.nullable,
            };
            let mut column = reference_column(&fk.column, referenced, nullable, dialect);
            if let Some(field) = fk
                .field
                .as_ref()
                .and_then(|f| graph.entities[holder].field(f))
            {
                column.default = column_default(field, &column.ty);
            }
            // A key that is already a column (the primary key itself, ent's edgefield Info) is
            // only constrained; that column keeps its own uniqueness.
            if table.columns.iter().all(|c| c.name != column.name) {
                table.columns.push(column);
                if fk.unique {
                    unique[holder].push(fk.column.clone());
                }
            }
            table.foreign_keys.push(
                ForeignKey::new(
                    Graph::symbol(&fk.symbol, dialect),
                    &fk.column,
                    &referenced.table,
                    &referenced.id.column,
                )
                .on_delete(action(fk.on_delete)),
            );
        }
    }
    unique
}

/// `<owner>_<edge>(c1, c2)`: both columns NOT NULL, the pair is the key, rows go with either end.
fn join_table(graph: &Graph, join: &crate::graph::JoinTable, dialect: Dialect) -> Table {
    let mut table = Table::new(&join.table);
    for (column, referenced) in join.columns.iter().zip(join.references) {
        table.columns.push(reference_column(
            column,
            &graph.entities[referenced],
            false,
            dialect,
        ));
    }
    table.primary_key = join.columns.to_vec();
    for ((column, referenced), symbol) in
        join.columns.iter().zip(join.references).zip(&join.symbols)
    {
        let referenced = &graph.entities[referenced];
        table.foreign_keys.push(
            ForeignKey::new(
                Graph::symbol(symbol, dialect),
                column,
                &referenced.table,
                &referenced.id.column,
            )
            .on_delete(ReferenceAction::Cascade),
        );
    }
    table
}
