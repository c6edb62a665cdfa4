//! Edges as the templates print them: storage read off the graph's relation.

use super::field::is_required;
use super::rust::{const_name, id_type, ident};
use super::{doc_lines, lit};
use crate::graph::{
    Edge, EdgeDirection, Entity, EntityId, Graph, RelationKind, Storage, hidden_fk_field,
};

/// How an edge is written by the mutation builders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EdgeSetter {
    /// The FK is a column of this entity's table: set or clear the column.
    Column {
        /// Whether the column may be NULL (gets `clear_<edge>` on update).
        nullable: bool,
    },
    /// The link is elsewhere (target FK or join table): an edge change.
    Link,
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
    /// At most one target.
    pub unique: bool,
    /// `runtime::builder::Edge { .. }` literal.
    pub edge_literal: String,
    pub bidi: bool,
    /// `fk` of the `EdgeRef` (`None` or `Some(|e| ..)`).
    pub fk_expr: String,
    /// Set/clear the column (FK in this table).
    pub column_setter: bool,
    /// `clear_<edge>` on update for a column setter.
    pub column_clearable: bool,
    /// Link changes (target FK or join table).
    pub link_setter: bool,
    /// `add_<edge>` exists: false for an `@through` edge whose edge schema has required fields
    /// without defaults (a link row could not be written from the two keys alone).
    pub link_addable: bool,
    /// The edge schema's type name (`Like`) for an `@through` edge, else empty.
    pub through_name: String,
    /// The edge `add_<edge>` links over: `LIKED_POSTS`, or for an `@through` edge
    /// `LIKED_POSTS.through::<super::like::Like>()` so the link rows get the edge schema's
    /// creation defaults.
    pub link_edge: String,
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
        /// The edge schema (`@through`) whose table this is.
        through: Option<EntityId>,
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
                through: jt.through,
            }
        }
    }
}

pub(crate) fn edge_view(graph: &Graph, owner: EntityId, entity: &Entity, edge: &Edge) -> EdgeView {
    let target = &graph.entities[edge.target];
    let module = ident(&target.label);
    let place = place(graph, owner, edge);
    let storage = match &place {
        Place::SourceFk { column, .. } => format!("typed::EdgeStorage::SourceFk({})", lit(column)),
        Place::TargetFk { column } => format!("typed::EdgeStorage::TargetFk({})", lit(column)),
        Place::Join {
            table,
            source,
            target,
            ..
        } => format!(
            "typed::EdgeStorage::Join {{ table: {}, source_column: {}, target_column: {} }}",
            lit(table),
            lit(source),
            lit(target)
        ),
    };
    let edge_literal = format!(
        "typed::Edge {{ name: {}, source_table: {}, source_key: {}, target_table: {}, target_key: {}, storage: {storage} }}",
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
        Place::SourceFk { column, .. } => format!("Some(|e| e.{}{copy})", hidden_fk_field(column)),
        _ => "None".into(),
    };
    let setter = match &place {
        Place::SourceFk { nullable, .. } => EdgeSetter::Column {
            nullable: *nullable,
        },
        _ => EdgeSetter::Link,
    };
    let through = match &place {
        Place::Join {
            through: Some(t), ..
        } => Some((*t, &graph.entities[*t])),
        _ => None,
    };
    let blocking = match (&place, through) {
        (Place::Join { source, target, .. }, Some((t, through))) => {
            required_without_default(graph, t, through, [source, target])
        }
        _ => Vec::new(),
    };
    let const_name = const_name(&edge.name);
    let link_edge = match through {
        Some((_, t)) => format!(
            "{const_name}.through::<super::{}::{}>()",
            ident(&t.label),
            t.name
        ),
        None => const_name.clone(),
    };
    let mut doc = doc_lines(
        edge.comment.as_deref(),
        format!("The `{}` edge to {}.", edge.name, target.name),
    );
    if let Some((_, t)) = through
        && !blocking.is_empty()
    {
        let needs: Vec<String> = blocking.iter().map(|f| format!("`{f}`")).collect();
        doc.push(String::new());
        doc.push(format!(
            "No `add_{}` setter: each link is a `{}` row, which needs {}",
            edge.name,
            t.name,
            needs.join(", ")
        ));
        doc.push(format!(
            "(required, no default); create the `{}` rows instead.",
            t.name
        ));
    }
    let required_column = match &place {
        Place::SourceFk { column, .. } if edge.required => Some(lit(column)),
        _ => None,
    };
    let (column_setter, column_clearable) = match &setter {
        EdgeSetter::Column { nullable } => (true, *nullable),
        EdgeSetter::Link => (false, false),
    };
    EdgeView {
        column_setter,
        column_clearable,
        link_setter: setter == EdgeSetter::Link,
        link_addable: blocking.is_empty(),
        through_name: through.map(|(_, t)| t.name.clone()).unwrap_or_default(),
        link_edge,
        name: edge.name.clone(),
        name_lit: lit(&edge.name),
        ident: ident(&edge.name),
        const_name,
        doc,
        target: format!("super::{module}::{}", target.name),
        target_query: format!("super::{module}::{}Query", target.name),
        unique: edge.unique,
        edge_literal,
        bidi: edge.bidi,
        fk_expr,
        mutable: !edge.immutable,
        required_column,
    }
}

/// The edge ent adds for `@through(name, Entity)`: an O2M edge called `name` from the owner to
/// the edge schema's rows (`user.query_likes()`, `with_likes`), stored as the edge schema's FK
/// to the owner. Read-only: a row of the edge schema has its own create builder, and the M2M
/// edge's setters write such rows. `None` for an edge without `@through`.
pub(crate) fn edge_schema_view(
    graph: &Graph,
    owner: EntityId,
    entity: &Entity,
    edge: &Edge,
) -> Option<EdgeView> {
    let (name, through) = edge.through.as_ref()?;
    let Place::Join { source, .. } = place(graph, owner, edge) else {
        return None;
    };
    let schema = &graph.entities[*through];
    // The edge schema's edge to the owner whose FK column is the join column on our side.
    let back = schema.edges.values().find(|b| {
        b.target == owner
            && matches!(&graph.relations[b.relation].storage,
                        Storage::ForeignKey(fk) if fk.column == source)
    })?;
    let rows = Edge {
        name: name.clone(),
        span: edge.span,
        comment: Some(format!(
            "The `{}` rows behind the `{}` edge, one per link (its edge schema).",
            schema.name, edge.name
        )),
        direction: EdgeDirection::Inverse,
        target: *through,
        unique: false,
        required: false,
        immutable: true,
        inverse: Some(back.name.clone()),
        kind: RelationKind::O2M,
        bidi: false,
        relation: back.relation,
        field: None,
        through: None,
    };
    let mut view = edge_view(graph, owner, entity, &rows);
    view.link_setter = false;
    view.column_setter = false;
    view.column_clearable = false;
    Some(view)
}

/// What a row of the edge schema `through` (entity `id`) needs besides the join columns `keys`
/// and cannot get from a default: required fields (the id when it is neither generated nor
/// defaulted) and required edges whose FK is a column of its table, by schema name.
fn required_without_default(
    graph: &Graph,
    id: EntityId,
    through: &Entity,
    keys: [&String; 2],
) -> Vec<String> {
    let mut out = Vec::new();
    if !through.id.auto_increment && is_required(&through.id) {
        out.push(through.id.name.clone());
    }
    for f in through.fields.values() {
        if is_required(f) && !keys.contains(&&f.column) {
            out.push(f.name.clone());
        }
    }
    for e in through.edges.values().filter(|e| e.required) {
        if let Place::SourceFk {
            column,
            field: None,
            ..
        } = place(graph, id, e)
            && !keys.contains(&&column)
        {
            out.push(e.name.clone());
        }
    }
    out
}

/// The FK columns of edges stored in `entity`'s table without a field: `(column, target id type)`.
pub(crate) fn hidden_fks(graph: &Graph, owner: EntityId, entity: &Entity) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for edge in entity.edges.values() {
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

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::codegen::{Features, render};
    use crate::diagnostics::Diagnostics;
    use crate::schema_dir::parse_sources;

    /// `User.liked` goes through `Like`, whose other field has a default; `User.rated` through
    /// `Rating`, whose `stars` is required without one.
    const SCHEMA: &str = r#"
entity User {
    edge liked  to Post[] @through(likes, Like)
    edge rated  to Post[] @through(ratings, Rating)
    edge follows to Post[]
}
entity Post {
    edge likers from User.liked[]
    edge raters from User.rated[]
}
entity Like {
    at      time @default(now)
    note    string?
    user_id int
    post_id int
    edge user to User @field(user_id)
    edge post to Post @field(post_id)
}
entity Rating {
    stars   int
    user_id int
    post_id int
    edge user to User @field(user_id)
    edge post to Post @field(post_id)
}
"#;

    fn graph() -> Graph {
        let mut diagnostics = Diagnostics::new();
        let parsed = parse_sources(
            vec![(PathBuf::from("test.schema"), SCHEMA.into())],
            &mut diagnostics,
        );
        crate::graph::build(&parsed.files, &mut diagnostics).expect("valid schema")
    }

    fn edge<'a>(graph: &'a Graph, entity: &str, name: &str) -> (EntityId, &'a Edge) {
        let owner = graph.entities.get_index_of(entity).expect("entity");
        let edge = graph.entities[owner].edges.get(name).expect("edge");
        (owner, edge)
    }

    fn view(graph: &Graph, entity: &str, name: &str) -> EdgeView {
        let (owner, e) = edge(graph, entity, name);
        edge_view(graph, owner, &graph.entities[owner], e)
    }

    #[test]
    fn through_edges_are_written_through_the_edge_schema_from_both_sides() {
        let g = graph();
        for (entity, name) in [("User", "liked"), ("Post", "likers")] {
            let v = view(&g, entity, name);
            assert!(v.link_setter && v.link_addable, "{name}");
            assert_eq!(v.through_name, "Like");
            assert_eq!(
                v.link_edge,
                format!("{}.through::<super::like::Like>()", v.const_name)
            );
        }
        let plain = view(&g, "User", "follows");
        assert_eq!(plain.link_edge, "FOLLOWS");
        assert!(plain.through_name.is_empty());
    }

    #[test]
    fn a_required_field_without_default_on_the_edge_schema_removes_add_and_says_why() {
        let g = graph();
        for (entity, name) in [("User", "rated"), ("Post", "raters")] {
            let v = view(&g, entity, name);
            assert!(v.link_setter && !v.link_addable, "{name}");
            let doc = v.doc.join("\n");
            assert!(
                doc.contains(&format!("No `add_{name}` setter"))
                    && doc.contains("`stars`")
                    && doc.contains("create the `Rating` rows instead"),
                "{doc}"
            );
        }
        let modules = render(&g, &Features::default()).unwrap();
        let user = modules
            .iter()
            .find(|m| m.name == "user")
            .expect("user module");
        // Create and update each get `add_liked`; `rated` keeps remove and clear on update.
        assert_eq!(user.source.matches("pub fn add_liked(").count(), 2);
        assert!(!user.source.contains("pub fn add_rated("));
        assert!(user.source.contains("pub fn remove_rated("));
        assert!(user.source.contains("pub fn clear_rated("));
    }
}
