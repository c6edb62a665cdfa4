//! Names the generated client derives from an entity's members must not clash, or the client
//! would not compile and the user would meet a rustc error in generated code instead of one in
//! their schema. Member names are unique within an entity (checked earlier), so a clash needs a
//! prefix or suffix the generator adds:
//!
//! - an optional field `title` gets `set_optional_title`, which a field (or unique edge) named
//!   `optional_title` also gets as its plain setter;
//! - an edge `tags` gets `has_tags_with`, which an edge named `tags_with` gets as `has_<edge>`;
//! - the foreign key of an edge without `@field` lives in a private struct field `fk_<column>`;
//! - `self` and `self_` are both `self_` in Rust (`self` cannot be a raw identifier);
//! - an edge accessor named `clone`, `to_owned` or `type_id` would hide the trait method of
//!   that name on the entity (`user.clone()` would return the edge).
//!
//! The struct keeps its loaded edges in a field `edges`, or `loaded_edges` when the schema has
//! a field `edges` ([`name_edges_fields`]).
//!
//! The enum type of an `enum(...)` field is named here too ([`name_enum_types`]): `Role` for a
//! field `role`, unless that name is taken in the entity's module (an entity `Status` with a
//! field `status`, a field `default` against the prelude's `Default`), when it is `StatusEnum`.

use super::model::{Entity, EntityId, FieldType, Graph, Storage};
use super::{FastMap, map_with_capacity};
use crate::diagnostics::{Diagnostics, messages};
use crate::naming::{RESERVED_TYPE_NAMES, rust_field_ident, upper_camel};

/// The types the generated entity module declares besides its enums (`User`, `UserQuery`, ...).
const ENTITY_TYPE_SUFFIXES: &[&str] = &[
    "",
    "Query",
    "Create",
    "Update",
    "UpdateOne",
    "Client",
    "Edges",
];

/// Names the enum type of every `enum(...)` field: its name in UpperCamel case, with `Enum`
/// added (again, if need be) while that is a reserved name (the client's `Error`, a prelude
/// name), one of the entity's own types or another enum field's plain name. Entity modules
/// import no UpperCamel name (runtime types are `typed::Value`, ...), so nothing else is taken.
pub fn name_enum_types(graph: &mut Graph) {
    for entity in graph.entities.values_mut() {
        let own_types: Vec<String> = ENTITY_TYPE_SUFFIXES
            .iter()
            .map(|suffix| format!("{}{suffix}", entity.name))
            .collect();
        let is_enum = |ty: &FieldType| matches!(ty, FieldType::Enum(_));
        let plain: Vec<String> = entity
            .fields
            .values()
            .filter(|f| is_enum(&f.ty))
            .map(|f| upper_camel(&f.name))
            .collect();
        let mut taken: Vec<String> = Vec::new();
        for field in entity.fields.values_mut().filter(|f| is_enum(&f.ty)) {
            let own = upper_camel(&field.name);
            let mut name = own.clone();
            while RESERVED_TYPE_NAMES.contains(&name.as_str())
                || own_types.contains(&name)
                || taken.contains(&name)
                || (name != own && plain.contains(&name))
            {
                name.push_str("Enum");
            }
            taken.push(name.clone());
            field.enum_type = name;
        }
    }
}

/// Names the struct field the generated entity keeps its loaded edges in: `edges`, unless a
/// field of the schema has that name (the schema language allows it), then `loaded_edges`,
/// with `_` added while that is a field's name too.
pub fn name_edges_fields(graph: &mut Graph) {
    for entity in graph.entities.values_mut() {
        let taken = |name: &str| {
            entity
                .fields
                .values()
                .any(|f| rust_field_ident(&f.name) == name)
        };
        let mut name = "edges".to_owned();
        if taken(&name) {
            name = "loaded_edges".to_owned();
            while taken(&name) {
                name.push('_');
            }
        }
        entity.edges_field = name;
    }
}

/// Edge names whose accessor (`user.clone()`) would hide a method of a trait the entity
/// implements (`Clone`, and `ToOwned` and `Any` through it) without a compile error at the
/// call; an edge named `eq` or `fmt` hides one too, but every call then fails to compile.
const SHADOWING_EDGE_NAMES: &[(&str, &str)] = &[
    ("clone", "Clone::clone"),
    ("to_owned", "ToOwned::to_owned"),
    ("type_id", "Any::type_id"),
];

/// Whether a field or edge name of `entity` makes generated names that rustc's
/// `non_snake_case` lint refuses: the schema allows `a__b` and `e_`, but `set_a__b` and
/// `has_e__with` hold a double underscore inside (the generated module then allows the lint).
pub fn has_non_snake_case_names(entity: &Entity) -> bool {
    let odd = |name: &str| name.contains("__") || name.ends_with('_');
    entity.fields.values().any(|f| odd(&f.name)) || entity.edges.values().any(|e| odd(&e.name))
}

/// The private struct field that holds an FK column no field exposes (`fk_owner_id`).
pub fn hidden_fk_field(column: &str) -> String {
    format!(
        "fk_{}",
        column
            .to_lowercase()
            .replace(|c: char| !c.is_alphanumeric(), "_")
    )
}

/// The methods the generated `Client` and `Tx` have besides one accessor per entity
/// (`templates/client.rs.txt`), with where they are.
const CLIENT_METHODS: &[(&str, &str)] = &[
    ("open", "Client::open"),
    ("open_with", "Client::open_with"),
    ("from_pool", "Client::from_pool"),
    ("new", "Client::new"),
    ("from_postgres", "Client::from_postgres"),
    ("from_sqlite", "Client::from_sqlite"),
    ("debug", "Client::debug"),
    ("with_logger", "Client::with_logger"),
    ("dialect", "Client::dialect"),
    ("raw", "Client::raw"),
    ("use_hook", "Client::use_hook"),
    ("tx", "Client::tx"),
    ("schema", "Client::schema"),
    ("commit", "Tx::commit"),
    ("as_client", "Tx::as_client"),
    ("rollback", "Tx::rollback"),
];

/// Reports every clash of generated names: entities sharing a module or named like a method of
/// the client, then each entity's members.
pub fn check(graph: &Graph, diagnostics: &mut Diagnostics) {
    check_modules(graph, diagnostics);
    check_accessors(graph, diagnostics);
    for (id, entity) in graph.entities.values().enumerate() {
        check_rust_idents(entity, diagnostics);
        check_shadowing_edges(entity, diagnostics);
        check_hidden_fk_fields(graph, id, entity, diagnostics);
        check_optional_setters(entity, diagnostics);
        check_has_with(entity, diagnostics);
    }
}

/// Two entities whose names snake-case alike (`HTTPServer`, `HttpServer`) would share a module
/// file (the tables may still differ, with `@@table`).
fn check_modules(graph: &Graph, diagnostics: &mut Diagnostics) {
    for (index, entity) in graph.entities.values().enumerate() {
        let earlier = graph.entities[..index]
            .values()
            .find(|e| e.label == entity.label);
        if let Some(first) = earlier {
            let module = &entity.label;
            diagnostics.push(messages::generated_name_clash(
                "entities",
                &format!("{module}.rs"),
                (entity.span, format!("its module is `{module}`")),
                (first.span, format!("its module is also `{module}`")),
                "rename one of the two entities",
            ));
        }
    }
}

/// An entity's accessor on the client (`client.user()`) is its label: it must not be one of the
/// client's own methods (`Commit` would make `tx.commit()` ambiguous).
fn check_accessors(graph: &Graph, diagnostics: &mut Diagnostics) {
    // A reserved name (`Tx`, `Debug`) was reported already.
    let named = graph
        .entities
        .values()
        .filter(|e| !crate::naming::is_reserved_type_name(&e.name));
    for entity in named {
        if let Some((_, method)) = CLIENT_METHODS.iter().find(|(m, _)| *m == entity.label) {
            diagnostics.push(messages::accessor_taken(
                &entity.name,
                entity.span,
                &entity.label,
                method,
                &entity.table,
            ));
        }
    }
}

/// Two fields, or two edges, with one Rust identifier: `self` is written `self_`, which is
/// also the plain name `self_`.
fn check_rust_idents(entity: &Entity, diagnostics: &mut Diagnostics) {
    let fields = entity.fields.values().map(|f| (f.name.as_str(), f.span));
    let edges = entity.edges.values().map(|e| (e.name.as_str(), e.span));
    for (what, members) in [
        ("fields", fields.collect::<Vec<_>>()),
        ("edges", edges.collect()),
    ] {
        // The first member with each identifier (entities may have thousands of fields).
        let mut first: FastMap<std::borrow::Cow<'_, str>, usize> = map_with_capacity(members.len());
        for (index, &(name, span)) in members.iter().enumerate() {
            let ident = rust_field_ident(name);
            let earlier = match first.get(&ident) {
                Some(&i) => Some(&members[i]),
                None => {
                    first.insert(ident.clone(), index);
                    None
                }
            };
            if let Some(&(other, other_span)) = earlier {
                let label = |name: &str| match rust_field_ident(name) {
                    same if same == name => format!("named `{name}`"),
                    written => format!("`{name}` is written `{written}` in Rust"),
                };
                diagnostics.push(messages::generated_name_clash(
                    what,
                    &ident,
                    (span, label(name)),
                    (other_span, label(other)),
                    "rename one of the two; `@column(\"...\")` keeps a field's column name",
                ));
            }
        }
    }
}

/// An edge whose accessor would hide a trait method of the entity ([`SHADOWING_EDGE_NAMES`]).
fn check_shadowing_edges(entity: &Entity, diagnostics: &mut Diagnostics) {
    for edge in entity.edges.values() {
        if let Some((_, method)) = SHADOWING_EDGE_NAMES.iter().find(|(n, _)| *n == edge.name) {
            diagnostics.push(messages::shadowing_edge_name(&edge.name, edge.span, method));
        }
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
    for edge in entity.edges.values() {
        let Storage::ForeignKey(fk) = &graph.relations[edge.relation].storage else {
            continue;
        };
        if fk.holder != id || fk.field.is_some() {
            continue;
        }
        let hidden = hidden_fk_field(&fk.column);
        if let Some(field) = entity.fields.get(&hidden) {
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
    for optional in entity.fields.values().filter(|f| f.optional) {
        let setter = format!("optional_{}", optional.name);
        let field = entity.fields.get(&setter);
        let edge = entity.edges.get(&setter).filter(|e| e.unique);
        let Some(span) = field.map(|f| f.span).or(edge.map(|e| e.span)) else {
            continue;
        };
        diagnostics.push(messages::generated_name_clash(
            "members",
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
    for edge in entity.edges.values() {
        let with = format!("{}_with", edge.name);
        if let Some(other) = entity.edges.get(&with) {
            diagnostics.push(messages::generated_name_clash(
                "edges",
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
            "entity A {\n    title string?\n    optional_title string?\n    \
             edge b to B[]\n    edge b_with to B[]\n    fk_a_c string?\n    edge c to Cx?\n}\n\
             entity B {\n}\nentity Cx {\n    edge a from A.c[]\n}\n",
        );
        assert_eq!(
            found,
            [
                "E0220 a field cannot be named `fk_a_c`: the generated struct keeps the foreign \
                 key of edge `c` (column `a_c`) in a private field of that name",
                "E0220 two members would generate the same name `set_optional_title` in the client",
                "E0220 two edges would generate the same name `has_b_with` in the client",
            ]
        );
    }

    #[test]
    fn enum_types_whose_name_is_taken_get_enum_added() {
        let mut diagnostics = Diagnostics::new();
        let schema = "entity Status {\n    status enum(a, b)\n    status_enum enum(c, d)?\n    \
                      error enum(e, f)?\n    role enum(g, h)?\n}\n";
        let parsed = parse_sources(vec![("a.schema".into(), schema.into())], &mut diagnostics);
        let graph = crate::graph::build(&parsed.files, &mut diagnostics).expect("valid");
        let names: Vec<(&str, &str)> = graph.entities[0]
            .fields
            .values()
            .map(|f| (f.name.as_str(), f.enum_type.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                // The entity's own name, then `status_enum`'s plain name: both taken.
                ("status", "StatusEnumEnum"),
                ("status_enum", "StatusEnum"),
                // The client's `Error`, a reserved name.
                ("error", "ErrorEnum"),
                ("role", "Role"),
            ]
        );
    }

    #[test]
    fn members_one_in_rust_and_edges_hiding_trait_methods_are_refused() {
        let found = errors(
            "entity A {\n    self string?\n    self_ string?\n    type int?\n    type_ int?\n    \
             edge clone to A[]\n    edge type_id to A[]\n    edge eq to A[]\n}\n",
        );
        assert_eq!(
            found,
            [
                "E0220 two fields would generate the same name `self_` in the client",
                "E0220 an edge cannot be named `clone`: its accessor would hide `Clone::clone` \
                 on the entity",
                "E0220 an edge cannot be named `type_id`: its accessor would hide \
                 `Any::type_id` on the entity",
            ]
        );
    }

    #[test]
    fn a_field_named_edges_moves_the_loaded_edges_to_loaded_edges() {
        let mut diagnostics = Diagnostics::new();
        let schema = "entity A {\n    edges int?\n    loaded_edges int?\n}\nentity B {\n}\n";
        let parsed = parse_sources(vec![("a.schema".into(), schema.into())], &mut diagnostics);
        let graph = crate::graph::build(&parsed.files, &mut diagnostics).expect("valid");
        let names: Vec<&str> = graph
            .entities
            .values()
            .map(|e| e.edges_field.as_str())
            .collect();
        assert_eq!(names, ["loaded_edges_", "edges"]);
    }

    #[test]
    fn entities_sharing_a_module_are_refused() {
        let found = errors(
            "entity HTTPServer {\n    @@table(\"a\")\n}\nentity HttpServer {\n    @@table(\"b\")\n}\n",
        );
        assert_eq!(
            found,
            ["E0220 two entities would generate the same name `http_server.rs` in the client"]
        );
    }

    #[test]
    fn entities_named_like_a_client_method_are_refused() {
        let found = errors("entity Commit {\n}\nentity Schema {\n}\nentity Committer {\n}\n");
        assert_eq!(
            found,
            [
                "E0220 the entity `Commit` cannot have its accessor `commit()`: the generated \
                 `Tx::commit` has that name",
                "E0220 the entity `Schema` cannot have its accessor `schema()`: the generated \
                 `Client::schema` has that name",
            ]
        );
    }

    /// `CLIENT_METHODS` is every method the root template gives `Client` and `Tx` besides the
    /// entity accessors, so that a new one is checked against entity names too.
    #[test]
    fn client_methods_list_the_root_template() {
        let template = include_str!("../../templates/client.rs.txt");
        let client_and_tx = &template[..template.find("impl SchemaClient").expect("schema client")];
        let mut written: Vec<&str> = client_and_tx
            .split("pub fn ")
            .skip(1)
            .filter_map(|rest| rest.split('(').next())
            .filter(|name| !name.starts_with("{{"))
            .collect();
        written.sort_unstable();
        written.dedup();
        let mut listed: Vec<&str> = super::CLIENT_METHODS.iter().map(|(m, _)| *m).collect();
        listed.sort_unstable();
        assert_eq!(written, listed);
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
