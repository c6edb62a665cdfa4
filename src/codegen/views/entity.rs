//! One entity's module, as the templates print it.

use super::edge::{EdgeView, edge_schema_view, edge_view, hidden_fks};
use super::field::{
    EnumView, FieldView, HiddenFk, checks, create_defaults, enum_view, field_view, is_required,
    update_defaults,
};
use super::rust::id_type;
use super::{doc_lines, lit};
use crate::graph::{EntityId, Graph};

/// Everything the per-entity templates print.
#[derive(Debug, Clone)]
pub struct EntityView {
    /// `User`.
    pub name: String,
    /// The module's identifier (`user`, `r#type`).
    pub module_name: String,
    /// Whether a field or edge name makes generated names `non_snake_case` refuses.
    pub non_snake_case_names: bool,
    /// The struct's field of eager-loaded edges (`edges`).
    pub edges_field: String,
    /// Rustdoc lines of the struct.
    pub doc: Vec<String>,
    /// Literals of the table, label, name and id column.
    pub table: String,
    pub label: String,
    pub name_lit: String,
    pub id_column: String,
    /// The id's Rust type.
    pub id_type: String,
    /// The id, then the other fields.
    pub id: FieldView,
    pub fields: Vec<FieldView>,
    pub hidden: Vec<HiddenFk>,
    pub enums: Vec<EnumView>,
    /// `--feature serde`: the struct and its enums derive `Serialize`/`Deserialize`.
    pub serde: bool,
    pub edges: Vec<EdgeView>,
    /// `"id", "name", ..` for `Entity::COLUMNS`.
    pub columns: String,
    /// `"password", ..` for `Entity::SENSITIVE`.
    /// Literals of the `@immutable` columns, which an upsert does not overwrite.
    pub immutable: String,
    pub sensitive: String,
    pub create_defaults: Vec<String>,
    pub update_defaults: Vec<String>,
    /// Checks run on create only (required fields and edges).
    pub required: Vec<String>,
    /// Validator calls.
    pub checks: Vec<String>,
    /// `(static name, pattern literal)` of `@match` validators.
    pub patterns: Vec<(String, String)>,
    /// `.clone()` for ids that are not `Copy` (strings), else empty.
    pub id_clone: String,
}

pub fn entity_view(graph: &Graph, owner: EntityId) -> EntityView {
    let e = &graph.entities[owner];
    let id = field_view(e, &e.id, 0, true);
    let fields: Vec<FieldView> = e
        .fields
        .values()
        .enumerate()
        .map(|(i, f)| field_view(e, f, i + 1, false))
        .collect();
    let hidden: Vec<HiddenFk> = hidden_fks(graph, owner, e)
        .into_iter()
        .enumerate()
        .map(|(i, (column, ty))| HiddenFk {
            ident: crate::graph::hidden_fk_field(&column),
            rust_type: format!("Option<{ty}>"),
            index: fields.len() + 1 + i,
        })
        .collect();
    let mut columns = vec![lit(&e.id.column)];
    columns.extend(e.fields.values().map(|f| lit(&f.column)));
    columns.extend(
        hidden_fks(graph, owner, e)
            .into_iter()
            .map(|(c, _)| lit(&c)),
    );
    // The column literals of the fields `pick` selects, for a `&[&str]` constant.
    let columns_where = |pick: fn(&crate::graph::Field) -> bool| {
        let picked = e.fields.values().filter(|f| pick(f));
        picked
            .map(|f| lit(&f.column))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let sensitive = columns_where(|f| f.sensitive);
    let immutable = columns_where(|f| f.immutable);
    let all_fields = std::iter::once(&e.id).chain(e.fields.values());
    let mut checks_lines = Vec::new();
    let mut patterns = Vec::new();
    for f in all_fields.clone() {
        let (lines, pats) = checks(f);
        checks_lines.extend(lines);
        patterns.extend(pats);
    }
    let mut edges: Vec<EdgeView> = e
        .edges
        .values()
        .map(|x| edge_view(graph, owner, e, x))
        .collect();
    edges.extend(
        e.edges
            .values()
            .filter_map(|x| edge_schema_view(graph, owner, e, x)),
    );
    let mut required: Vec<String> = e
        .fields
        .values()
        .filter(|f| is_required(f))
        .map(|f| {
            format!(
                "validate::value_required({}, {}, m.field({}))?;",
                lit(&e.name),
                lit(&f.name),
                lit(&f.column)
            )
        })
        .collect();
    if !e.id.auto_increment && e.id.default.is_none() {
        required.push(format!(
            "validate::value_required({}, {}, m.field({}))?;",
            lit(&e.name),
            lit(&e.id.name),
            lit(&e.id.column)
        ));
    }
    for x in &edges {
        if let Some(col) = &x.required_column {
            required.push(format!(
                "validate::value_required_edge({}, {}, m.field({col}))?;",
                lit(&e.name),
                lit(&x.name)
            ));
        }
    }
    EntityView {
        name: e.name.clone(),
        module_name: super::rust::ident(&e.label),
        non_snake_case_names: crate::graph::has_non_snake_case_names(e),
        edges_field: e.edges_field.clone(),
        doc: doc_lines(e.comment.as_deref(), format!("A {} entity.", e.name)),
        table: lit(&e.table),
        label: lit(&e.label),
        name_lit: lit(&e.name),
        id_column: lit(&e.id.column),
        id_type: id_type(e),
        id,
        enums: all_fields.clone().filter_map(enum_view).collect(),
        create_defaults: all_fields.clone().filter_map(create_defaults).collect(),
        update_defaults: e.fields.values().filter_map(update_defaults).collect(),
        fields,
        hidden,
        serde: false,
        edges,
        columns: columns.join(", "),
        sensitive,
        immutable,
        required,
        checks: checks_lines,
        patterns,
        id_clone: if id_type(e) == "String" {
            ".clone()".into()
        } else {
            String::new()
        },
    }
}
