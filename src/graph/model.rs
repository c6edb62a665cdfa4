//! The validated, resolved schema graph. Everything downstream (describe, code generation,
//! tables, migrations) reads this and nothing else; every storage name is decided here.

use indexmap::IndexMap;

use crate::diagnostics::Span;

/// Graph members keyed by name, iterated in insertion (declaration) order: a lookup by name is
/// a hash lookup, and `map[i]` is still the i-th member.
pub type ByName<T> = IndexMap<String, T>;

/// Index of an entity in [`Graph::entities`].
pub type EntityId = usize;

/// Index of a relation in [`Graph::relations`].
pub type RelationId = usize;

/// The SQL dialects entgen names things for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dialect {
    Postgres,
    Sqlite,
    Mysql,
}

impl Dialect {
    pub const ALL: [Dialect; 3] = [Dialect::Postgres, Dialect::Sqlite, Dialect::Mysql];

    /// The key used in `@db_type(postgres: ...)` and on the command line.
    pub fn key(self) -> &'static str {
        match self {
            Dialect::Postgres => "postgres",
            Dialect::Sqlite => "sqlite",
            Dialect::Mysql => "mysql",
        }
    }

    pub fn from_key(key: &str) -> Option<Dialect> {
        Dialect::ALL.into_iter().find(|d| d.key() == key)
    }

    /// Longest identifier the server keeps (PostgreSQL silently cuts longer ones).
    pub fn max_identifier_len(self) -> usize {
        match self {
            Dialect::Postgres => 63,
            Dialect::Mysql => 64,
            // SQLite has no limit; ent uses MySQL's for symbols.
            Dialect::Sqlite => 64,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Graph {
    /// Entities in the order ent iterates them: sorted by name.
    pub entities: ByName<Entity>,
    /// One per assoc edge (with its inverse, if any), in entity then edge order.
    pub relations: Vec<Relation>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    /// `User`
    pub name: String,
    pub span: Span,
    /// Doc comment or `@@comment`.
    pub comment: Option<String>,
    /// `users`: `@@table`, or snake(pluralize(name)) as ent computes it.
    pub table: String,
    /// `@@renamed_from("old_table")`: the table's previous name, so migrations rename it
    /// (keeping its rows) instead of dropping one table and creating another.
    pub renamed_from: Option<String>,
    /// `user`: snake(name); prefix of FK columns and join-table names.
    pub label: String,
    /// The primary key: declared `id` or the implicit auto-increment `id int`.
    pub id: Field,
    /// Fields other than `id`: mixin fields first, then the entity's own, in declaration order.
    pub fields: ByName<Field>,
    /// In declaration order.
    pub edges: ByName<Edge>,
    pub indexes: Vec<Index>,
    pub checks: ByName<Check>,
    /// The generated struct's field of eager-loaded edges: `edges`, or `loaded_edges` when a
    /// field of the schema is named `edges` (see `client_names`).
    pub edges_field: String,
}

impl Entity {
    pub fn field(&self, name: &str) -> Option<&Field> {
        if self.id.name == name {
            Some(&self.id)
        } else {
            self.fields.get(name)
        }
    }

    pub fn edge(&self, name: &str) -> Option<&Edge> {
        self.edges.get(name)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub span: Span,
    /// Doc comment or `@comment`.
    pub comment: Option<String>,
    /// Storage key: `@column`, or snake(name).
    pub column: String,
    pub ty: FieldType,
    /// `?`: optional on create, NULL column, `Option<T>`.
    pub optional: bool,
    pub unique: bool,
    pub immutable: bool,
    pub sensitive: bool,
    pub default: Option<DefaultValue>,
    pub update_default: Option<DefaultValue>,
    /// `@default_sql("expr")`: the database fills the value.
    pub default_sql: Option<String>,
    pub deprecated: Option<Deprecation>,
    /// `@db_type(...)` overrides, by dialect.
    pub db_types: Vec<(Dialect, String)>,
    pub validators: Vec<Validator>,
    /// Column size from `@max_len` (ent's `Size`).
    pub size: Option<u64>,
    pub renamed_from: Option<String>,
    /// The mixin the field came from.
    pub mixin: Option<String>,
    /// Integer primary keys are auto-increment.
    pub auto_increment: bool,
    /// Set when the field exposes an edge's foreign key (`@field` on the edge).
    pub edge: Option<String>,
    /// The generated Rust enum type of an `enum(...)` field: `Role` for `role`, or `RoleEnum`
    /// when `Role` is taken in the entity's module (the entity `Role` itself, a prelude name,
    /// the client's `Error`); empty for other types. Set by [`super::client_names`].
    pub enum_type: String,
}

impl Field {
    /// A required field with no attributes, stored in a column of its own name.
    pub fn new(name: &str, span: Span, ty: FieldType) -> Field {
        Field {
            name: name.to_string(),
            span,
            comment: None,
            column: name.to_string(),
            ty,
            optional: false,
            unique: false,
            immutable: false,
            sensitive: false,
            default: None,
            update_default: None,
            default_sql: None,
            deprecated: None,
            db_types: Vec::new(),
            validators: Vec::new(),
            size: None,
            renamed_from: None,
            mixin: None,
            auto_increment: false,
            edge: None,
            enum_type: String::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deprecation {
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IntType {
    Int,
    Int8,
    Int16,
    Int32,
    Int64,
    Uint,
    Uint8,
    Uint16,
    Uint32,
    Uint64,
}

impl IntType {
    pub fn is_signed(self) -> bool {
        matches!(
            self,
            IntType::Int | IntType::Int8 | IntType::Int16 | IntType::Int32 | IntType::Int64
        )
    }

    /// The values a column of this type can hold.
    pub fn range(self) -> (i128, i128) {
        match self {
            IntType::Int | IntType::Int64 => (i64::MIN as i128, i64::MAX as i128),
            IntType::Int8 => (i8::MIN as i128, i8::MAX as i128),
            IntType::Int16 => (i16::MIN as i128, i16::MAX as i128),
            IntType::Int32 => (i32::MIN as i128, i32::MAX as i128),
            IntType::Uint | IntType::Uint64 => (0, u64::MAX as i128),
            IntType::Uint8 => (0, u8::MAX as i128),
            IntType::Uint16 => (0, u16::MAX as i128),
            IntType::Uint32 => (0, u32::MAX as i128),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldType {
    Bool,
    Int(IntType),
    Float32,
    Float64,
    String,
    Text,
    Bytes,
    Time,
    Uuid,
    Json,
    Enum(Vec<EnumVariant>),
}

impl FieldType {
    /// The type as written in a schema (`int32`, `enum(a, b)`).
    pub fn schema_name(&self) -> String {
        match self {
            FieldType::Enum(variants) => {
                let values: Vec<String> = variants
                    .iter()
                    .map(|v| {
                        if crate::naming::is_snake(&v.value) {
                            v.value.clone()
                        } else {
                            format!("{:?}", v.value)
                        }
                    })
                    .collect();
                format!("enum({})", values.join(", "))
            }
            other => other.base_name().to_string(),
        }
    }

    /// The type's keyword (`enum` for enums).
    pub fn base_name(&self) -> &'static str {
        match self {
            FieldType::Bool => "bool",
            FieldType::Int(IntType::Int) => "int",
            FieldType::Int(IntType::Int8) => "int8",
            FieldType::Int(IntType::Int16) => "int16",
            FieldType::Int(IntType::Int32) => "int32",
            FieldType::Int(IntType::Int64) => "int64",
            FieldType::Int(IntType::Uint) => "uint",
            FieldType::Int(IntType::Uint8) => "uint8",
            FieldType::Int(IntType::Uint16) => "uint16",
            FieldType::Int(IntType::Uint32) => "uint32",
            FieldType::Int(IntType::Uint64) => "uint64",
            FieldType::Float32 => "float32",
            FieldType::Float64 => "float",
            FieldType::String => "string",
            FieldType::Text => "text",
            FieldType::Bytes => "bytes",
            FieldType::Time => "time",
            FieldType::Uuid => "uuid",
            FieldType::Json => "json",
            FieldType::Enum(_) => "enum",
        }
    }

    pub fn is_numeric(&self) -> bool {
        matches!(
            self,
            FieldType::Int(_) | FieldType::Float32 | FieldType::Float64
        )
    }

    pub fn is_stringy(&self) -> bool {
        matches!(self, FieldType::String | FieldType::Text)
    }
}

/// One value of an `enum(...)` field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumVariant {
    /// Stored value: `free-user`.
    pub value: String,
    /// Rust variant: `FreeUser`.
    pub rust_name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum DefaultValue {
    Bool(bool),
    Int(i128),
    Float(f64),
    String(String),
    /// An enum value (the stored value, not the Rust variant).
    Enum(String),
    /// JSON text, checked to parse.
    Json(String),
    /// `now`: applied by the client.
    Now,
    /// `uuid_v4`: applied by the client.
    UuidV4,
}

impl DefaultValue {
    /// Whether the database can hold this default as a literal (ent writes only these to DDL).
    pub fn is_literal(&self) -> bool {
        !matches!(self, DefaultValue::Now | DefaultValue::UuidV4)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Validator {
    MaxLen(u64),
    MinLen(u64),
    NotEmpty,
    Match(String),
    Min(f64),
    Max(f64),
    Range(f64, f64),
    Positive,
    Negative,
    NonNegative,
}

/// ent's relation kinds, seen from one edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RelationKind {
    O2O,
    O2M,
    M2O,
    M2M,
}

impl RelationKind {
    /// The same relation seen from the other end.
    pub fn flipped(self) -> RelationKind {
        match self {
            RelationKind::O2M => RelationKind::M2O,
            RelationKind::M2O => RelationKind::O2M,
            other => other,
        }
    }
}

impl std::fmt::Display for RelationKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            RelationKind::O2O => "O2O",
            RelationKind::O2M => "O2M",
            RelationKind::M2O => "M2O",
            RelationKind::M2M => "M2M",
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EdgeDirection {
    /// `to`: ent's `edge.To`.
    Assoc,
    /// `from T.ref`: ent's `edge.From(...).Ref(ref)`.
    Inverse,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    pub name: String,
    pub span: Span,
    pub comment: Option<String>,
    pub direction: EdgeDirection,
    pub target: EntityId,
    /// `T?` or `T`.
    pub unique: bool,
    /// `T` (required on create).
    pub required: bool,
    pub immutable: bool,
    /// The paired edge on the target entity: for an assoc edge its inverse (if declared), for an
    /// inverse edge the assoc edge it refers to.
    pub inverse: Option<String>,
    /// The relation from this edge's point of view.
    pub kind: RelationKind,
    /// A same-type edge with no inverse: symmetric (ent's `Bidi`).
    pub bidi: bool,
    pub relation: RelationId,
    /// The field exposing this edge's FK (`@field`).
    pub field: Option<String>,
    /// `@through(name, Entity)`.
    pub through: Option<(String, EntityId)>,
}

/// An edge pair and where it is stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Relation {
    /// The entity declaring the assoc (`to`) edge.
    pub owner: EntityId,
    pub assoc_edge: String,
    /// The entity and name of the inverse (`from`) edge, if declared.
    pub inverse: Option<(EntityId, String)>,
    /// The kind seen from the assoc edge.
    pub kind: RelationKind,
    pub storage: Storage,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Storage {
    ForeignKey(ForeignKey),
    JoinTable(JoinTable),
}

/// A foreign-key column of an O2O, O2M or M2O relation.
#[derive(Debug, Clone, PartialEq)]
pub struct ForeignKey {
    /// The entity whose table holds the column.
    pub holder: EntityId,
    pub column: String,
    /// The referenced entity (its id column).
    pub references: EntityId,
    /// The constraint name before dialect shortening; see [`Graph::symbol`].
    pub symbol: String,
    pub nullable: bool,
    /// O2O FK columns are unique.
    pub unique: bool,
    pub on_delete: RefAction,
    /// Set when a declared field is this column (`@field`), or the id when the key is stored
    /// in the primary key itself (ent's edgefield Info).
    pub field: Option<String>,
}

/// An M2M join table.
#[derive(Debug, Clone, PartialEq)]
pub struct JoinTable {
    pub table: String,
    /// `(owner column, target column)`, e.g. `(user_id, group_id)`.
    pub columns: [String; 2],
    /// The referenced entities, in column order.
    pub references: [EntityId; 2],
    /// FK constraint names before dialect shortening.
    pub symbols: [String; 2],
    /// `@through(name, Entity)`: the edge schema whose own table is the join table (so no
    /// separate table is created for this relation).
    pub through: Option<EntityId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RefAction {
    NoAction,
    Restrict,
    Cascade,
    SetNull,
    SetDefault,
}

impl RefAction {
    pub fn sql(self) -> &'static str {
        match self {
            RefAction::NoAction => "NO ACTION",
            RefAction::Restrict => "RESTRICT",
            RefAction::Cascade => "CASCADE",
            RefAction::SetNull => "SET NULL",
            RefAction::SetDefault => "SET DEFAULT",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Index {
    /// The name as ent computes it (before dialect shortening; see [`Graph::symbol`]).
    pub name: String,
    pub span: Span,
    pub comment: Option<String>,
    /// Column names (field columns and edge FK columns).
    pub columns: Vec<IndexColumn>,
    pub unique: bool,
    /// `@where`: a partial index.
    pub predicate: Option<String>,
    /// `@using`: the index method (PostgreSQL).
    pub method: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexColumn {
    pub column: String,
    pub desc: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub name: String,
    pub expr: String,
    pub span: Span,
}

impl Graph {
    pub fn entity(&self, name: &str) -> Option<&Entity> {
        self.entities.get(name)
    }

    /// A constraint or index name as the dialect stores it: names over the dialect's limit are
    /// shortened as ent does (prefix + `_` + md5).
    pub fn symbol(name: &str, dialect: Dialect) -> String {
        crate::naming::shorten_symbol(name, dialect.max_identifier_len())
    }

    /// The implicit unique index of a `@unique` field (or an O2O FK column): MySQL names it after
    /// the column, PostgreSQL and SQLite `<table>_<column>_key`. ent never shortens this name
    /// (unlike explicit index names and FK symbols): SQLite keeps it whole and PostgreSQL cuts
    /// it to 63 bytes itself (`Dialect::stored_identifier` in the runtime predicts the cut).
    pub fn unique_column_index_name(table: &str, column: &str, dialect: Dialect) -> String {
        match dialect {
            Dialect::Mysql => column.to_string(),
            Dialect::Postgres | Dialect::Sqlite => format!("{table}_{column}_key"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;
    use crate::schema_dir::parse_sources;

    /// Members declared out of alphabetical order, so that declaration order is visible.
    const SCHEMA: &str = r#"
entity Zoo {
    title  string
    acres  int
    edge residents to Animal
    edge keepers to Animal
    @@check(small_enough, "acres < 1000")
    @@check(any_acres, "acres >= 0")
}
entity Animal {
    name string
}
"#;

    fn graph() -> Graph {
        let mut diagnostics = Diagnostics::new();
        let parsed = parse_sources(
            vec![("zoo.schema".into(), SCHEMA.to_owned())],
            &mut diagnostics,
        );
        crate::graph::build(&parsed.files, &mut diagnostics).expect("valid schema")
    }

    #[test]
    fn lookups_by_name_find_the_named_member() {
        let graph = graph();
        let zoo = graph.entity("Zoo").expect("Zoo");
        assert_eq!(zoo.table, "zoos");
        assert_eq!(
            graph.entity("Animal").map(|e| e.table.as_str()),
            Some("animals")
        );
        assert!(graph.entity("Keeper").is_none());
        assert_eq!(
            zoo.field("acres").map(|f| &f.ty),
            Some(&FieldType::Int(IntType::Int))
        );
        assert_eq!(zoo.field("id").map(|f| f.auto_increment), Some(true));
        assert!(zoo.field("name").is_none());
        let keepers = zoo.edge("keepers").expect("keepers");
        assert_eq!(keepers.name, "keepers");
        assert_eq!(graph.entities[keepers.target].name, "Animal");
        assert!(zoo.edge("animals").is_none());
        assert_eq!(
            zoo.checks.get("any_acres").map(|c| c.expr.as_str()),
            Some("acres >= 0")
        );
    }

    #[test]
    fn iteration_keeps_declaration_order() {
        let graph = graph();
        // Entities in ent's order (sorted by name); an entity id is its position.
        let entities: Vec<&str> = graph.entities.values().map(|e| e.name.as_str()).collect();
        assert_eq!(entities, ["Animal", "Zoo"]);
        assert_eq!(graph.entities[1].name, "Zoo");
        let zoo = &graph.entities[1];
        let fields: Vec<&str> = zoo.fields.values().map(|f| f.name.as_str()).collect();
        assert_eq!(fields, ["title", "acres"]);
        let edges: Vec<&str> = zoo.edges.values().map(|e| e.name.as_str()).collect();
        assert_eq!(edges, ["residents", "keepers"]);
        let checks: Vec<&str> = zoo.checks.values().map(|c| c.name.as_str()).collect();
        assert_eq!(checks, ["small_enough", "any_acres"]);
        // The map's keys are the members' own names.
        assert!(zoo.fields.iter().all(|(key, f)| *key == f.name));
        assert!(zoo.edges.iter().all(|(key, e)| *key == e.name));
    }
}
