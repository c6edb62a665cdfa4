//! Names the generated client derives from an entity's members must not clash, or the client
//! would not compile and the user would meet a rustc error in generated code instead of one in
//! their schema. Member names are unique within an entity (checked earlier), so a clash needs a
//! prefix or suffix the generator adds:
//!
//! - an optional field `title` gets `set_optional_title`, which a field (or unique edge) named
//!   `optional_title` also gets as its plain setter;
//! - an edge `tags` gets `has_tags_with`, which an edge named `tags_with` gets as `has_<edge>`;
//! - the entity struct keeps its loaded edges in a field called `edges`, and the foreign key of
//!   an edge without `@field` in a private field `fk_<column>`.

use super::model::{Entity, EntityId, Graph, Storage};
use crate::diagnostics::{Diagnostics, messages};

/// The struct field the generated entity keeps its loaded edges in.
const EDGES_FIELD: &str = "edges";

/// The private struct field that holds an FK column no field exposes (`fk_owner_id`).
pub fn hidden_fk_field(column: &str) -> String {
    format!(
        "fk_{}",
        column
            .to_lowercase()
            .replace(|c: char| !c.is_alphanumeric(), "_")
    )
}

/// Reports every clash of generated names in every entity.
pub fn check(graph: &Graph, diagnostics: &mut Diagnostics) {
    for (id, entity) in graph.entities.iter().enumerate() {
        check_edges_field(entity, diagnostics);
        check_hidden_fk_fields(graph, id, entity, diagnostics);
        check_optional_setters(entity, diagnostics);
        check_has_with(entity, diagnostics);
    }
}

fn check_edges_field(entity: &Entity, diagnostics: &mut Diagnostics) {
    if let Some(field) = entity.fields.iter().find(|f| f.name == EDGES_FIELD) {
        diagnostics.push(messages::reserved_member_name(
            EDGES_FIELD,
            field.span,
            "the generated struct keeps the eager-loaded edges in `edges`",
        ));
    }
}

/// A field named like the private field of an FK column in the entity's table that no field
/// exposes (an edge's column without `@field`).
fn check_hidden_fk_fields(
    graph: &Graph,
    id: EntityId,
    entity: &Entity,
    diagnostics: &mut Diagnostics,
) {
    for edge in &entity.edges {
        let Storage::ForeignKey(fk) = &graph.relations[edge.relation].storage else {
            continue;
        };
        if fk.holder != id || fk.field.is_some() {
            continue;
        }
        let hidden = hidden_fk_field(&fk.column);
        if let Some(field) = entity.fields.iter().find(|f| f.name == hidden) {
            diagnostics.push(messages::reserved_member_name(
                &hidden,
                field.span,
                &format!(
                    "the generated struct keeps the foreign key of edge `{}` (column `{}`) in a \
                     private field of that name",
                    edge.name, fk.column
                ),
            ));
        }
    }
}

/// `set_optional_<f>` of an optional field against the plain `set_<g>` of a field, or a
/// unique edge, named `optional_<f>`.
fn check_optional_setters(entity: &Entity, diagnostics: &mut Diagnostics) {
    for optional in entity.fields.iter().filter(|f| f.optional) {
        let setter = format!("optional_{}", optional.name);
        let field = entity.fields.iter().find(|f| f.name == setter);
        let edge = entity.edges.iter().find(|e| e.unique && e.name == setter);
        let Some(span) = field.map(|f| f.span).or(edge.map(|e| e.span)) else {
            continue;
        };
        diagnostics.push(messages::generated_name_clash(
            &format!("set_{setter}"),
            (span, format!("its setter is `set_{setter}`")),
            (
                optional.span,
                format!("optional, so it also gets `set_{setter}`, taking an `Option`"),
            ),
            "rename one of the two members",
        ));
    }
}

/// `has_<e>_with` of an edge against `has_<e2>` of an edge named `<e>_with`.
fn check_has_with(entity: &Entity, diagnostics: &mut Diagnostics) {
    for edge in &entity.edges {
        let with = format!("{}_with", edge.name);
        if let Some(other) = entity.edges.iter().find(|e| e.name == with) {
            diagnostics.push(messages::generated_name_clash(
                &format!("has_{with}"),
                (other.span, format!("its predicate is `has_{with}`")),
                (
                    edge.span,
                    format!("its predicate with conditions is also `has_{with}`"),
                ),
                "rename one of the two edges",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostics::Diagnostics;
    use crate::schema_dir::parse_sources;

    fn errors(schema: &str) -> Vec<String> {
        let mut diagnostics = Diagnostics::new();
        let parsed = parse_sources(
            vec![("a.schema".into(), schema.to_owned())],
            &mut diagnostics,
        );
        let built = crate::graph::build(&parsed.files, &mut diagnostics);
        assert!(built.is_none() || !diagnostics.has_errors());
        diagnostics
            .iter()
            .map(|d| format!("{} {}", d.code, d.message))
            .collect()
    }

    #[test]
    fn clashing_generated_names_are_schema_errors() {
        let found = errors(
            "entity A {\n    title string?\n    optional_title string?\n    edges int?\n    \
             edge b to B[]\n    edge b_with to B[]\n    fk_a_c string?\n    edge c to C?\n}\n\
             entity B {\n}\nentity C {\n    edge a from A.c[]\n}\n",
        );
        assert_eq!(
            found,
            [
                "E0220 a field cannot be named `edges`: the generated struct keeps the \
                 eager-loaded edges in `edges`",
                "E0220 a field cannot be named `fk_a_c`: the generated struct keeps the foreign \
                 key of edge `c` (column `a_c`) in a private field of that name",
                "E0220 two members would generate the same name `set_optional_title` in the client",
                "E0220 two members would generate the same name `has_b_with` in the client",
            ]
        );
    }

    #[test]
    fn near_names_that_do_not_clash_are_fine() {
        // `optional_title` next to a required `title`; `b_with` without a `b` edge.
        let found = errors(
            "entity A {\n    title string\n    optional_title string?\n    \
             edge b_with to B[]\n}\nentity B {\n}\n",
        );
        assert!(found.is_empty(), "{found:?}");
    }
}
