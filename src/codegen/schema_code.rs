//! The generated `migrate` module: the desired runtime `Schema` as readable Rust constructors.
//!
//! The tables are the ones `sql::tables` computes for each runtime dialect, printed back as the
//! builder calls of `entgen_runtime::schema` (one function per table, like ent's
//! `migrate/schema.go`), so that the generated client migrates to exactly what `entgen schema`
//! prints. Parts that are the same in every dialect (PostgreSQL, SQLite, MySQL) are printed
//! once; a part that differs becomes a `match dialect`, as small as possible (one column, one
//! index, or else the table), dialects that agree sharing an arm.

use std::collections::BTreeSet;
use std::fmt::Write;

use entgen_runtime::schema::{
    Check, Column, ColumnType, DefaultValue, ForeignKey, Identity, IdentityGeneration, Index,
    IndexKey, IndexPart, IntWidth, Literal, ReferenceAction, Schema, Table,
};

use super::CHUNK_BREAK;
use crate::graph::{Dialect, Graph};

/// Rust source of a function `pub fn schema(dialect: Dialect) -> Schema` (plus its `use` lines)
/// that builds the tables `sql::tables` computes for `graph`, for each runtime dialect.
pub fn schema_module_source(graph: &Graph) -> String {
    let postgres = crate::sql::tables(graph, Dialect::Postgres);
    let sqlite = crate::sql::tables(graph, Dialect::Sqlite);
    let mysql = crate::sql::tables(graph, Dialect::Mysql);
    let mut printer = Printer::default();
    let all = [&postgres, &sqlite, &mysql];
    let body = if same_table_names(&postgres, &sqlite) && same_table_names(&postgres, &mysql) {
        printer.shared_schema(graph, all)
    } else {
        printer.split_schema(graph, all)
    };
    format!("{}{body}", printer.use_lines())
}

/// One value per runtime dialect, in this order: PostgreSQL, SQLite, MySQL.
type PerDialect<'a, T> = [&'a T; 3];

fn same_table_names(a: &Schema, b: &Schema) -> bool {
    a.tables.len() == b.tables.len()
        && a.tables
            .iter()
            .zip(&b.tables)
            .all(|(a, b)| a.name == b.name)
}

/// Prints Rust expressions and remembers which names of `entgen_runtime` they use, so that the
/// module imports exactly those (an unused import would fail `clippy -D warnings`).
#[derive(Default)]
struct Printer {
    used: BTreeSet<&'static str>,
    fn_names: BTreeSet<String>,
    /// Whether the table being printed branched on the dialect.
    branched: bool,
}

/// The names of `entgen_runtime::schema` the module may import, in rustfmt's order.
const IMPORTS: [&str; 15] = [
    "Check",
    "Column",
    "ColumnType",
    "DefaultValue",
    "ForeignKey",
    "Identity",
    "IdentityGeneration",
    "Index",
    "IndexKey",
    "IndexPart",
    "IntWidth",
    "Literal",
    "ReferenceAction",
    "Schema",
    "Table",
];

impl Printer {
    fn use_name(&mut self, name: &'static str) -> &'static str {
        self.used.insert(name);
        name
    }

    /// `use` lines as rustfmt orders them: `dialect` before `schema`, names sorted.
    fn use_lines(&self) -> String {
        let mut lines = String::new();
        if self.used.contains("Dialect") {
            lines.push_str("use entgen_runtime::dialect::Dialect;\n");
        }
        let names: Vec<&str> = IMPORTS
            .into_iter()
            .filter(|name| *name == "Schema" || self.used.contains(name))
            .collect();
        match names.as_slice() {
            [one] => {
                let _ = writeln!(lines, "use entgen_runtime::schema::{one};");
            }
            many => {
                let _ = writeln!(
                    lines,
                    "use entgen_runtime::schema::{{{}}};",
                    many.join(", ")
                );
            }
        }
        lines
    }

    /// Every dialect has the same tables in the same order: one function per table.
    fn shared_schema(&mut self, graph: &Graph, schemas: PerDialect<'_, Schema>) -> String {
        let mut functions = String::new();
        let mut calls = Vec::new();
        let [postgres, sqlite, mysql] = schemas;
        let tables = postgres
            .tables
            .iter()
            .zip(&sqlite.tables)
            .zip(&mysql.tables);
        for (index, ((pg, lite), my)) in tables.enumerate() {
            let name = self.fn_name(&pg.name, "");
            self.branched = false;
            let body = match self.shared_table([pg, lite, my]) {
                Some(body) => body,
                None => self.dialect_match([pg, lite, my], Self::table),
            };
            let (params, args) = if self.branched {
                ("dialect: Dialect", "dialect")
            } else {
                ("", "")
            };
            let _ = write!(
                functions,
                "{CHUNK_BREAK}#[doc = {doc:?}]\n{allow}fn {name}({params}) -> Table {{ {body} }}\n",
                doc = table_doc(graph, index, &pg.name),
                allow = float_allow(&[pg, lite, my]),
            );
            calls.push(format!("{name}({args})"));
        }
        let dialect_used = self.used.contains("Dialect");
        schema_fn(dialect_used, &pushes(&calls)) + &functions
    }

    /// The dialects have different tables (not the case today): one list per dialect.
    fn split_schema(&mut self, graph: &Graph, schemas: PerDialect<'_, Schema>) -> String {
        let mut functions = String::new();
        let mut lists = Vec::new();
        let [postgres, sqlite, mysql] = schemas;
        for (schema, suffix) in [
            (sqlite, "_sqlite"),
            (mysql, "_mysql"),
            (postgres, "_postgres"),
        ] {
            let mut calls = Vec::new();
            for (index, table) in schema.tables.iter().enumerate() {
                let name = self.fn_name(&table.name, suffix);
                let body = self.table(table);
                let _ = write!(
                    functions,
                    "{CHUNK_BREAK}#[doc = {doc:?}]\n{allow}fn {name}() -> Table {{ {body} }}\n",
                    doc = table_doc(graph, index, &table.name),
                    allow = float_allow(&[table]),
                );
                calls.push(format!("{name}()"));
            }
            lists.push(pushes(&calls));
        }
        let dialect = self.use_name("Dialect");
        let statements = format!(
            "match dialect {{ {dialect}::Sqlite => {{ {} }} {dialect}::Mysql => {{ {} }} _ => {{ {} }} }}",
            lists[0], lists[1], lists[2]
        );
        schema_fn(true, &statements) + &functions
    }

    /// A Rust function name for a table, unique in the module.
    fn fn_name(&mut self, table: &str, suffix: &str) -> String {
        let mut base: String = table
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '_'
                }
            })
            .collect();
        if base.starts_with(|c: char| c.is_ascii_digit()) {
            base.insert(0, '_');
        }
        base.push_str("_table");
        base.push_str(suffix);
        let mut name = base.clone();
        let mut n = 2;
        while !self.fn_names.insert(name.clone()) {
            name = format!("{base}_{n}");
            n += 1;
        }
        name
    }

    /// `match dialect { Sqlite => <sqlite>, Mysql => <mysql>, _ => <postgres> }` for one part,
    /// with the arms of dialects that print alike merged.
    fn dialect_match<T>(
        &mut self,
        [pg, lite, my]: PerDialect<'_, T>,
        print: fn(&mut Self, &T) -> String,
    ) -> String {
        let lite = print(self, lite);
        let my = print(self, my);
        let pg = print(self, pg);
        let d = self.use_name("Dialect");
        self.branched = true;
        if my == pg {
            format!("match dialect {{ {d}::Sqlite => {lite}, _ => {pg} }}")
        } else if my == lite {
            format!("match dialect {{ {d}::Sqlite | {d}::Mysql => {lite}, _ => {pg} }}")
        } else if lite == pg {
            format!("match dialect {{ {d}::Mysql => {my}, _ => {pg} }}")
        } else {
            format!("match dialect {{ {d}::Sqlite => {lite}, {d}::Mysql => {my}, _ => {pg} }}")
        }
    }

    /// One part, printed once when every dialect agrees.
    fn part<T: PartialEq>(
        &mut self,
        parts: PerDialect<'_, T>,
        print: fn(&mut Self, &T) -> String,
    ) -> String {
        let [pg, lite, my] = parts;
        if pg == lite && pg == my {
            print(self, pg)
        } else {
            self.dialect_match(parts, print)
        }
    }

    /// A table whose shape (name, key, number of each part) is the same in every dialect, with
    /// a `match dialect` per differing part; `None` when the shapes differ.
    fn shared_table(&mut self, tables: PerDialect<'_, Table>) -> Option<String> {
        let [pg, lite, my] = tables;
        let same_shape = |a: &Table, b: &Table| {
            a.name == b.name
                && a.primary_key == b.primary_key
                && a.comment == b.comment
                && a.columns.len() == b.columns.len()
                && a.indexes.len() == b.indexes.len()
                && a.foreign_keys.len() == b.foreign_keys.len()
                && a.checks.len() == b.checks.len()
        };
        if !same_shape(pg, lite) || !same_shape(pg, my) {
            return None;
        }
        let mut out = self.table_head(pg);
        for i in 0..pg.columns.len() {
            let parts = [&pg.columns[i], &lite.columns[i], &my.columns[i]];
            let _ = write!(out, ".column({})", self.part(parts, Self::column));
        }
        out.push_str(&primary_key(pg));
        for i in 0..pg.indexes.len() {
            let parts = [&pg.indexes[i], &lite.indexes[i], &my.indexes[i]];
            let _ = write!(out, ".index({})", self.part(parts, Self::index));
        }
        for i in 0..pg.foreign_keys.len() {
            let parts = [
                &pg.foreign_keys[i],
                &lite.foreign_keys[i],
                &my.foreign_keys[i],
            ];
            let _ = write!(out, ".foreign_key({})", self.part(parts, Self::foreign_key));
        }
        for i in 0..pg.checks.len() {
            let parts = [&pg.checks[i], &lite.checks[i], &my.checks[i]];
            let _ = write!(out, ".check({})", self.part(parts, Self::check));
        }
        out.push_str(&comment(&pg.comment));
        Some(out)
    }

    fn table(&mut self, table: &Table) -> String {
        let mut out = self.table_head(table);
        for column in &table.columns {
            let _ = write!(out, ".column({})", self.column(column));
        }
        out.push_str(&primary_key(table));
        for index in &table.indexes {
            let _ = write!(out, ".index({})", self.index(index));
        }
        for fk in &table.foreign_keys {
            let _ = write!(out, ".foreign_key({})", self.foreign_key(fk));
        }
        for check in &table.checks {
            let _ = write!(out, ".check({})", self.check(check));
        }
        out.push_str(&comment(&table.comment));
        out
    }

    fn table_head(&mut self, table: &Table) -> String {
        let table_name = self.use_name("Table");
        format!("{table_name}::new({:?})", table.name)
    }

    fn column(&mut self, column: &Column) -> String {
        let column_name = self.use_name("Column");
        let mut out = format!(
            "{column_name}::new({:?}, {})",
            column.name,
            self.column_type(&column.ty)
        );
        if column.nullable {
            out.push_str(".nullable()");
        }
        if let Some(default) = &column.default {
            let _ = write!(out, ".default({})", self.default_value(default));
        }
        out.push_str(&comment(&column.comment));
        match column.identity {
            None => out,
            Some(identity) if identity == Identity::default() => out + ".identity()",
            Some(identity) => {
                let identity = self.identity(identity);
                format!("{column_name} {{ identity: Some({identity}), ..{out} }}")
            }
        }
    }

    fn identity(&mut self, identity: Identity) -> String {
        let generation = match identity.generation {
            IdentityGeneration::ByDefault => "ByDefault",
            IdentityGeneration::Always => "Always",
        };
        format!(
            "{}{{ generation: {}::{generation}, start: {}, increment: {} }}",
            self.use_name("Identity"),
            self.use_name("IdentityGeneration"),
            identity.start,
            identity.increment
        )
    }

    fn column_type(&mut self, ty: &ColumnType) -> String {
        let name = self.use_name("ColumnType");
        match ty {
            ColumnType::Bool => format!("{name}::Bool"),
            ColumnType::Int { width, unsigned } => {
                let constructor = if *unsigned { "uint" } else { "int" };
                let width = match width {
                    IntWidth::W8 => "W8",
                    IntWidth::W16 => "W16",
                    IntWidth::W32 => "W32",
                    IntWidth::W64 => "W64",
                };
                format!(
                    "{name}::{constructor}({}::{width})",
                    self.use_name("IntWidth")
                )
            }
            ColumnType::Float32 => format!("{name}::Float32"),
            ColumnType::Float64 => format!("{name}::Float64"),
            ColumnType::String { size: None } => format!("{name}::string()"),
            ColumnType::String { size: Some(size) } => {
                format!("{name}::String {{ size: Some({size}) }}")
            }
            ColumnType::Text => format!("{name}::Text"),
            ColumnType::Bytes => format!("{name}::Bytes"),
            ColumnType::Time => format!("{name}::Time"),
            ColumnType::Uuid => format!("{name}::Uuid"),
            ColumnType::Json => format!("{name}::Json"),
            ColumnType::Enum { values } => {
                format!("{name}::Enum {{ values: {} }}", string_vec(values))
            }
            ColumnType::Decimal { precision, scale } => {
                format!("{name}::Decimal {{ precision: {precision:?}, scale: {scale:?} }}")
            }
            ColumnType::Raw(sql) => format!("{name}::Raw({sql:?}.into())"),
        }
    }

    fn default_value(&mut self, default: &DefaultValue) -> String {
        match default {
            DefaultValue::Literal(Literal::Bool(value)) => value.to_string(),
            DefaultValue::Literal(Literal::String(value)) => format!("{value:?}"),
            // An integer literal would be ambiguous between the `From<i32>` and `From<i64>`
            // impls; the variant says what it is.
            DefaultValue::Literal(Literal::Int(value)) => {
                format!("{}::Int({value})", self.use_name("Literal"))
            }
            DefaultValue::Literal(Literal::Float(value)) => {
                format!(
                    "{}::Float({})",
                    self.use_name("Literal"),
                    float_literal(*value)
                )
            }
            DefaultValue::Expr(sql) => format!("{}::expr({sql:?})", self.use_name("DefaultValue")),
        }
    }

    fn index(&mut self, index: &Index) -> String {
        let index_name = self.use_name("Index");
        let plain_columns: Option<Vec<&str>> = index
            .parts
            .iter()
            .map(|p| p.column_name().filter(|_| !p.desc))
            .collect();
        let mut out = match plain_columns {
            Some(columns) => format!(
                "{index_name}::new({:?}, {})",
                index.name,
                str_array(&columns)
            ),
            None => {
                let parts: Vec<String> = index.parts.iter().map(|p| self.index_part(p)).collect();
                format!(
                    "{index_name}::new({:?}, std::iter::empty::<&str>()).parts(vec![{}])",
                    index.name,
                    parts.join(", ")
                )
            }
        };
        if index.unique {
            out.push_str(".unique()");
        }
        if let Some(predicate) = &index.predicate {
            let _ = write!(out, ".predicate({predicate:?})");
        }
        if let Some(method) = &index.method {
            let _ = write!(out, ".method({method:?})");
        }
        out
    }

    fn index_part(&mut self, part: &IndexPart) -> String {
        let name = self.use_name("IndexPart");
        match &part.key {
            IndexKey::Column(column) if part.desc => format!("{name}::column_desc({column:?})"),
            IndexKey::Column(column) => format!("{name}::column({column:?})"),
            IndexKey::Expr(sql) => format!(
                "{name} {{ key: {}::Expr({sql:?}.into()), desc: {} }}",
                self.use_name("IndexKey"),
                part.desc
            ),
        }
    }

    fn foreign_key(&mut self, fk: &ForeignKey) -> String {
        let name = self.use_name("ForeignKey");
        if fk.columns.len() != 1 || fk.ref_columns.len() != 1 {
            let on_delete = self.action(fk.on_delete);
            let on_update = self.action(fk.on_update);
            return format!(
                "{name} {{ symbol: {:?}.into(), columns: {}, ref_table: {:?}.into(), \
                 ref_columns: {}, on_delete: {on_delete}, on_update: {on_update} }}",
                fk.symbol,
                string_vec(&fk.columns),
                fk.ref_table,
                string_vec(&fk.ref_columns),
            );
        }
        let mut out = format!(
            "{name}::new({:?}, {:?}, {:?}, {:?})",
            fk.symbol, fk.columns[0], fk.ref_table, fk.ref_columns[0]
        );
        if fk.on_delete != ReferenceAction::NoAction {
            let _ = write!(out, ".on_delete({})", self.action(fk.on_delete));
        }
        if fk.on_update != ReferenceAction::NoAction {
            let _ = write!(out, ".on_update({})", self.action(fk.on_update));
        }
        out
    }

    fn action(&mut self, action: ReferenceAction) -> String {
        let variant = match action {
            ReferenceAction::NoAction => "NoAction",
            ReferenceAction::Restrict => "Restrict",
            ReferenceAction::Cascade => "Cascade",
            ReferenceAction::SetNull => "SetNull",
            ReferenceAction::SetDefault => "SetDefault",
        };
        format!("{}::{variant}", self.use_name("ReferenceAction"))
    }

    fn check(&mut self, check: &Check) -> String {
        format!(
            "{}::new({:?}, {:?})",
            self.use_name("Check"),
            check.name,
            check.expr
        )
    }
}

/// The public entry point, with its documentation. The tables are pushed one statement each:
/// a builder chain thousands of calls long would nest as deep in the compiler.
fn schema_fn(dialect_used: bool, statements: &str) -> String {
    let (param, note) = if dialect_used {
        ("dialect: Dialect", "")
    } else {
        (
            "_dialect: entgen_runtime::dialect::Dialect",
            " They are the same in every dialect.",
        )
    };
    format!(
        "/// The tables the schema maps to in `dialect`: what `client.schema().create(...)`\n\
         /// migrates the database to, and what `entgen schema` prints as DDL.{note}\n\
         pub fn schema({param}) -> Schema {{ let mut schema = Schema::new(); {statements} schema }}\n\n"
    )
}

fn pushes(calls: &[String]) -> String {
    calls
        .iter()
        .map(|call| format!("schema.tables.push({call});"))
        .collect()
}

fn table_doc(graph: &Graph, index: usize, table: &str) -> String {
    // `sql::tables` lists the entities' tables first, in entity order, then the join tables.
    match graph.entities.get_index(index).map(|(_, entity)| entity) {
        Some(entity) if entity.table == table => {
            format!(
                " The `{table}` table, where `{}` entities are stored.",
                entity.name
            )
        }
        _ => format!(" The `{table}` join table."),
    }
}

fn primary_key(table: &Table) -> String {
    if table.primary_key.is_empty() {
        String::new()
    } else {
        let columns: Vec<&str> = table.primary_key.iter().map(String::as_str).collect();
        format!(".primary_key({})", str_array(&columns))
    }
}

fn comment(comment: &Option<String>) -> String {
    match comment {
        Some(text) => format!(".comment({text:?})"),
        None => String::new(),
    }
}

fn str_array(items: &[&str]) -> String {
    let items: Vec<String> = items.iter().map(|s| format!("{s:?}")).collect();
    format!("[{}]", items.join(", "))
}

fn string_vec(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|s| format!("{s:?}.into()")).collect();
    format!("vec![{}]", items.join(", "))
}

/// A Rust expression for an `f64` that reads back as the same value.
fn float_literal(value: f64) -> String {
    if value.is_nan() {
        "f64::NAN".into()
    } else if value.is_infinite() {
        if value > 0.0 {
            "f64::INFINITY"
        } else {
            "f64::NEG_INFINITY"
        }
        .into()
    } else {
        // `{:?}` is the shortest text that parses back to the same bits, always with a `.` or
        // an exponent, so it is a float literal.
        format!("{value:?}")
    }
}

/// A schema default of 3.14 is a literal, not an approximation of π: clippy's
/// `approx_constant` (deny by default) must not reject the generated code.
fn float_allow(tables: &[&Table]) -> &'static str {
    let has_float = tables
        .iter()
        .flat_map(|t| &t.columns)
        .any(|c| matches!(c.default, Some(DefaultValue::Literal(Literal::Float(_)))));
    if has_float {
        "#[allow(clippy::approx_constant)]\n"
    } else {
        ""
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;

    fn graph_of(dir: &str) -> Graph {
        let mut diagnostics = Diagnostics::new();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        let parsed = crate::schema_dir::read_schema_dir(&dir, &mut diagnostics);
        crate::graph::build(&parsed.files, &mut diagnostics).expect("valid schema")
    }

    fn synthetic_graph(entities: usize) -> Graph {
        let mut diagnostics = Diagnostics::new();
        let parsed = crate::schema_dir::parse_sources(
            vec![(
                "synthetic.schema".into(),
                crate::synthetic::schema(entities),
            )],
            &mut diagnostics,
        );
        crate::graph::build(&parsed.files, &mut diagnostics).expect("valid schema")
    }

    #[test]
    fn blog_schema_source_parses_and_is_deterministic() {
        let graph = graph_of("schemas/blog");
        let source = schema_module_source(&graph);
        assert_eq!(source, schema_module_source(&graph));
        let formatted = crate::codegen::format_source(&source).expect("parses");
        if std::env::var_os("SHOW").is_some() {
            println!("{formatted}");
        }
        assert!(
            formatted.contains("pub fn schema(dialect: Dialect) -> Schema"),
            "{formatted}"
        );
    }

    #[test]
    fn synthetic_schema_source_parses() {
        let source = schema_module_source(&synthetic_graph(3));
        let formatted = crate::codegen::format_source(&source).expect("parses");
        if std::env::var_os("SHOW").is_some() {
            println!("{formatted}");
        }
    }
}
