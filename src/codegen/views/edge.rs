//! Edges as the templates print them: storage read off the graph's relation.

use super::rust::{const_name, id_type, ident};
use super::{doc_lines, lit};
use crate::graph::{Edge, EdgeDirection, Entity, EntityId, Graph, RelationKind, Storage};

/// How an edge is written by the mutation builders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EdgeSetter {
    /// The FK is a column of this entity's table: set or clear the column.
    Column {
        /// The column literal.
        column: String,
        /// Whether the column may be NULL (gets `clear_<edge>` on update).
        nullable: bool,
    },
    /// The link is elsewhere (target FK or join table): an edge change.
    Link,
    /// No setters (edge schemas through `@through`: create the edge entity instead).
    None,
}

/// One edge of an entity.
#[derive(Debug, Clone)]
pub struct EdgeView {
    /// Schema name (`posts`).
    pub name: String,
    /// The name as a string literal.
    pub name_lit: String,
    /// Rust identifier for the accessor and the edges field.
    pub ident: String,
    /// The constant (`POSTS`).
    pub const_name: String,
    /// Rustdoc lines.
    pub doc: Vec<String>,
    /// The target type as seen from a sibling module (`super::post::Post`).
    pub target: String,
    /// The target's query type (`super::post::PostQuery`).
    pub target_query: String,
    /// The target's id type.
    pub target_id: String,
    /// At most one target.
    pub unique: bool,
    /// `runtime::builder::Edge { .. }` literal.
    pub edge_literal: String,
    pub bidi: bool,
    /// `fk` of the `EdgeRef` (`None` or `Some(|e| ..)`).
    pub fk_expr: String,
    /// The FK column literal when the link is a column of this table.
    pub fk_column: String,
    /// Set/clear the column (FK in this table).
    pub column_setter: bool,
    /// `clear_<edge>` on update for a column setter.
    pub column_clearable: bool,
    /// Link changes (target FK or join table).
    pub link_setter: bool,
    /// Setter on update (not `@immutable`).
    pub mutable: bool,
    /// A required edge whose FK is in this table: checked on create.
    pub required_column: Option<String>,
}

/// Where an edge of `entity` (index `owner`) keeps its link.
enum Place {
    SourceFk {
        column: String,
        nullable: bool,
        field: Option<String>,
    },
    TargetFk {
        column: String,
    },
    Join {
        table: String,
        source: String,
        target: String,
        through: bool,
    },
}

fn place(graph: &Graph, owner: EntityId, edge: &Edge) -> Place {
    let relation = &graph.relations[edge.relation];
    match &relation.storage {
        Storage::ForeignKey(fk) => {
            let held_here = fk.holder == owner;
            let self_ref = edge.target == owner;
            let source = held_here
                && (!self_ref
                    || match edge.kind {
                        RelationKind::M2O => true,
                        RelationKind::O2M | RelationKind::M2M => false,
                        RelationKind::O2O => edge.direction == EdgeDirection::Inverse || edge.bidi,
                    });
            if source {
                Place::SourceFk {
                    column: fk.column.clone(),
                    nullable: fk.nullable,
                    field: fk.field.clone(),
                }
            } else {
                Place::TargetFk {
                    column: fk.column.clone(),
                }
            }
        }
        Storage::JoinTable(jt) => {
            let (source, target) = match edge.direction {
                EdgeDirection::Assoc => (jt.columns[0].clone(), jt.columns[1].clone()),
                EdgeDirection::Inverse => (jt.columns[1].clone(), jt.columns[0].clone()),
            };
            Place::Join {
                table: jt.table.clone(),
                source,
                target,
                through: jt.through.is_some(),
            }
        }
    }
}

pub(crate) fn edge_view(graph: &Graph, owner: EntityId, entity: &Entity, edge: &Edge) -> EdgeView {
    let target = &graph.entities[edge.target];
    let module = ident(&target.label);
    let place = place(graph, owner, edge);
    let storage = match &place {
        Place::SourceFk { column, .. } => format!("EdgeStorage::SourceFk({})", lit(column)),
        Place::TargetFk { column } => format!("EdgeStorage::TargetFk({})", lit(column)),
        Place::Join {
            table,
            source,
            target,
            ..
        } => format!(
            "EdgeStorage::Join {{ table: {}, source_column: {}, target_column: {} }}",
            lit(table),
            lit(source),
            lit(target)
        ),
    };
    let edge_literal = format!(
        "Edge {{ name: {}, source_table: {}, source_key: {}, target_table: {}, target_key: {}, storage: {storage} }}",
        lit(&edge.name),
        lit(&entity.table),
        lit(&entity.id.column),
        lit(&target.table),
        lit(&target.id.column),
    );
    // Ids are `Copy` except strings.
    let copy = if id_type(target) == "String" {
        ".clone()"
    } else {
        ""
    };
    let fk_expr = match &place {
        Place::SourceFk { field: Some(f), .. } => {
            let optional = entity.field(f).is_some_and(|f| f.optional);
            if optional {
                format!("Some(|e| e.{}{copy})", ident(f))
            } else {
                format!("Some(|e| Some(e.{}{copy}))", ident(f))
            }
        }
        Place::SourceFk { column, .. } => format!("Some(|e| e.{}{copy})", hidden_ident(column)),
        _ => "None".into(),
    };
    let setter = match &place {
        Place::SourceFk {
            column, nullable, ..
        } => EdgeSetter::Column {
            column: lit(column),
            nullable: *nullable,
        },
        Place::Join { through: true, .. } => EdgeSetter::None,
        _ => EdgeSetter::Link,
    };
    let required_column = match &place {
        Place::SourceFk { column, .. } if edge.required => Some(lit(column)),
        _ => None,
    };
    let (fk_column, column_setter, column_clearable) = match &setter {
        EdgeSetter::Column { column, nullable } => (column.clone(), true, *nullable),
        _ => (String::new(), false, false),
    };
    EdgeView {
        fk_column,
        column_setter,
        column_clearable,
        link_setter: setter == EdgeSetter::Link,
        name: edge.name.clone(),
        name_lit: lit(&edge.name),
        ident: ident(&edge.name),
        const_name: const_name(&edge.name),
        doc: doc_lines(
            edge.comment.as_deref(),
            format!("The `{}` edge to {}.", edge.name, target.name),
        ),
        target: format!("super::{module}::{}", target.name),
        target_query: format!("super::{module}::{}Query", target.name),
        target_id: id_type(target),
        unique: edge.unique,
        edge_literal,
        bidi: edge.bidi,
        fk_expr,
        mutable: !edge.immutable,
        required_column,
    }
}

/// The private struct field holding an FK column that no field exposes.
pub(crate) fn hidden_ident(column: &str) -> String {
    format!(
        "fk_{}",
        column
            .to_lowercase()
            .replace(|c: char| !c.is_alphanumeric(), "_")
    )
}

/// The FK columns of edges stored in `entity`'s table without a field: `(column, target id type)`.
pub(crate) fn hidden_fks(graph: &Graph, owner: EntityId, entity: &Entity) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for edge in &entity.edges {
        if let Place::SourceFk {
            column,
            field: None,
            ..
        } = place(graph, owner, edge)
            && !out.iter().any(|(c, _)| *c == column)
        {
            out.push((column, id_type(&graph.entities[edge.target])));
        }
    }
    out
}
