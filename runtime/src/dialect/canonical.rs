//! Canonical forms: what inspecting a database gives back for a model entgen rendered.
//!
//! The diff compares canonical forms, and round-trip tests assert
//! `inspect(apply(render(model))) == canonical_schema(model)`.

use super::Dialect;
use super::expr::{canonical_literal, normalize_expr};
use crate::schema::{
    Check, Column, ColumnType, DefaultValue, Identity, Index, IndexKey, IndexPart, IntWidth,
    Schema, Table,
};

impl Dialect {
    /// The schema as inspection returns it: tables and their indexes, foreign keys and checks
    /// sorted by name, and every table in [`Dialect::canonical_table`] form.
    pub fn canonical_schema(self, schema: &Schema) -> Schema {
        Schema {
            tables: schema
                .tables
                .iter()
                .map(|t| self.canonical_table(t))
                .collect(),
        }
        .sorted()
    }

    /// The table as inspection returns it, objects kept in their order:
    /// * types through [`Dialect::canonical_type`];
    /// * primary-key columns NOT NULL on PostgreSQL (the database forces it);
    /// * literal defaults brought to the column type, expressions normalized;
    /// * on SQLite, comments dropped and identity settings reset (AUTOINCREMENT has no start or
    ///   increment in DDL);
    /// * empty comments dropped; index methods lower-cased, `btree` (the default) dropped;
    ///   predicates, index expressions and check expressions normalized.
    pub fn canonical_table(self, t: &Table) -> Table {
        let comments = self.supports_comments();
        Table {
            name: t.name.clone(),
            columns: t
                .columns
                .iter()
                .map(|c| {
                    let c = self.canonical_column(c, t.in_primary_key(&c.name));
                    self.serial_as_inspected(&t.name, c)
                })
                .collect(),
            primary_key: t.primary_key.clone(),
            indexes: t.indexes.iter().map(|i| self.canonical_index(i)).collect(),
            foreign_keys: t.foreign_keys.clone(),
            checks: t
                .checks
                .iter()
                .map(|c| Check {
                    name: c.name.clone(),
                    expr: normalize_expr(&c.expr),
                })
                .collect(),
            comment: if comments {
                non_empty(&t.comment)
            } else {
                None
            },
        }
    }

    /// PostgreSQL's `serial` types are shorthands: the column is an integer whose default takes
    /// the next value of the sequence `<table>_<column>_seq`, and that is what inspection reads.
    fn serial_as_inspected(self, table: &str, mut c: Column) -> Column {
        let ColumnType::Raw(raw) = &c.ty else {
            return c;
        };
        let width = match (self, raw.to_ascii_lowercase().as_str()) {
            (Self::Postgres, "smallserial" | "serial2") => IntWidth::W16,
            (Self::Postgres, "serial" | "serial4") => IntWidth::W32,
            (Self::Postgres, "bigserial" | "serial8") => IntWidth::W64,
            _ => return c,
        };
        c.ty = ColumnType::Int {
            width,
            unsigned: false,
        };
        let sequence = self.stored_identifier(&format!("{table}_{}_seq", c.name));
        let sequence = self.quote_string(&sequence);
        c.default = Some(DefaultValue::Expr(normalize_expr(&format!(
            "nextval({sequence}::regclass)"
        ))));
        c
    }

    /// The column as inspection returns it; `in_pk` tells whether it is part of the primary key.
    pub fn canonical_column(self, c: &Column, in_pk: bool) -> Column {
        let ty = self.canonical_type(&c.ty);
        let nullable = match self {
            Self::Postgres | Self::Mysql => c.nullable && !in_pk,
            Self::Sqlite => c.nullable,
        };
        let default = c.default.as_ref().map(|d| match d {
            DefaultValue::Literal(l) => DefaultValue::Literal(canonical_literal(l.clone(), &ty)),
            DefaultValue::Expr(e) if self == Self::Mysql => {
                DefaultValue::Expr(super::mysql::canonical_default_expr(&normalize_expr(e)))
            }
            DefaultValue::Expr(e) => DefaultValue::Expr(normalize_expr(e)),
        });
        // SQLite's AUTOINCREMENT and MySQL's AUTO_INCREMENT have no per-column start or step.
        let identity = match self {
            Self::Postgres => c.identity,
            Self::Sqlite | Self::Mysql => c.identity.map(|_| Identity::default()),
        };
        let comment = if self.supports_comments() {
            non_empty(&c.comment)
        } else {
            None
        };
        Column {
            name: c.name.clone(),
            ty,
            nullable,
            default,
            identity,
            comment,
        }
    }

    /// The index as inspection returns it.
    pub fn canonical_index(self, i: &Index) -> Index {
        let method = match self {
            Self::Postgres => i
                .method
                .as_deref()
                .map(str::to_ascii_lowercase)
                .filter(|m| m != "btree" && !m.is_empty()),
            Self::Sqlite | Self::Mysql => None,
        };
        Index {
            name: self.stored_identifier(&i.name),
            unique: i.unique,
            parts: i
                .parts
                .iter()
                .map(|p| IndexPart {
                    key: match &p.key {
                        IndexKey::Column(c) => IndexKey::Column(c.clone()),
                        IndexKey::Expr(e) => IndexKey::Expr(normalize_expr(e)),
                    },
                    desc: p.desc,
                })
                .collect(),
            predicate: i
                .predicate
                .as_deref()
                .map(normalize_expr)
                .filter(|p| !p.is_empty() && self != Self::Mysql),
            method,
        }
    }
}

fn non_empty(s: &Option<String>) -> Option<String> {
    s.clone().filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_serial_column_reads_back_as_an_integer_with_its_sequence() {
        let table =
            Table::new("licenses").column(Column::new("id", ColumnType::Raw("bigserial".into())));
        let canonical = Dialect::Postgres.canonical_table(&table);
        let id = &canonical.columns[0];
        assert_eq!(
            id.ty,
            ColumnType::Int {
                width: IntWidth::W64,
                unsigned: false
            }
        );
        assert_eq!(
            id.default,
            Some(DefaultValue::Expr(normalize_expr(
                "nextval('licenses_id_seq'::regclass)"
            )))
        );
        // SQLite has no serial types.
        let sqlite = Dialect::Sqlite.canonical_table(&table);
        assert_eq!(sqlite.columns[0].default, None);
    }
}
