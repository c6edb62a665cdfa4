//! Pass 3: each entity's own shape: table name, id, fields, checks and comment. Edges and
//! indexes are kept as syntax for the later passes, which need every entity first.

use super::attributes as attrs;
use super::fields::{declared_id, implicit_id, lower_field};
use super::mixins::ExpandedMember;
use super::model::{ByName, Check, Entity, Field};
use crate::diagnostics::{Diagnostics, messages};
use crate::naming;
use crate::syntax::ast::{self, Attribute, Block, Member};

const ENTITY_ATTRIBUTES: &[&str] = &["table", "check", "comment", "renamed_from"];

/// An entity with its fields lowered, and the members later passes lower.
pub struct EntityDraft<'a> {
    pub entity: Entity,
    pub edges: Vec<ExpandedEdge<'a>>,
    pub indexes: Vec<&'a ast::Index>,
}

#[derive(Clone, Copy)]
pub struct ExpandedEdge<'a> {
    pub edge: &'a ast::Edge,
}

pub fn lower_entity<'a>(
    block: &'a Block,
    members: &[ExpandedMember<'a>],
    diagnostics: &mut Diagnostics,
) -> EntityDraft<'a> {
    let name = block.name.name.clone();
    let mut entity = Entity {
        table: naming::table_name(&name),
        renamed_from: None,
        label: naming::label(&name),
        name,
        span: block.name.span,
        comment: block.doc.as_ref().map(|d| d.text.clone()),
        id: implicit_id(block.name.span),
        fields: ByName::with_capacity(members.len()),
        edges: ByName::new(),
        indexes: Vec::new(),
        checks: ByName::new(),
        edges_field: String::new(),
    };
    // Sized for the usual case (every member a field, or an edge, ...): no regrowth.
    let mut edges = Vec::with_capacity(members.len());
    let mut indexes = Vec::new();
    let mut block_attributes = Vec::new();
    for expanded in members {
        match expanded.member {
            Member::Field(field) => add_field(&mut entity, field, expanded.mixin, diagnostics),
            Member::Edge(edge) => edges.push(ExpandedEdge { edge }),
            Member::Index(index) => indexes.push(index),
            Member::BlockAttribute(attribute) => block_attributes.push((attribute, expanded.mixin)),
            Member::Use(_) => {}
        }
    }
    let attributes: Vec<Attribute> = block_attributes.iter().map(|(a, _)| (*a).clone()).collect();
    for attribute in
        attrs::known_attributes(&attributes, ENTITY_ATTRIBUTES, "an entity", diagnostics)
    {
        let mixin = block_attributes
            .iter()
            .find(|(a, _)| a.span == attribute.span)
            .and_then(|(_, m)| *m);
        apply_entity_attribute(&mut entity, block, attribute, mixin, diagnostics);
    }
    EntityDraft {
        entity,
        edges,
        indexes,
    }
}

fn add_field(
    entity: &mut Entity,
    field: &ast::Field,
    mixin: Option<&str>,
    diagnostics: &mut Diagnostics,
) {
    // The implicit id (spanned at the entity name) gives way to a declared one.
    let implicit_id = |f: &&Field| f.name == "id" && f.span == entity.span;
    if let Some(first) = entity.field(&field.name.name).filter(|f| !implicit_id(f)) {
        diagnostics.push(messages::duplicate_member(&field.name, "field", first.span));
        return;
    }
    let Some(lowered) = lower_field(field, mixin, diagnostics) else {
        return;
    };
    if lowered.name == "id" {
        entity.id = declared_id(lowered, diagnostics);
    } else {
        entity.fields.insert(lowered.name.clone(), lowered);
    }
}

fn apply_entity_attribute(
    entity: &mut Entity,
    block: &Block,
    attribute: &Attribute,
    mixin: Option<&str>,
    diagnostics: &mut Diagnostics,
) {
    match attribute.name.name.as_str() {
        "renamed_from" => {
            if mixin.is_some() {
                diagnostics.push(messages::table_in_mixin(attribute));
            } else {
                entity.renamed_from = attrs::one_string(attribute, diagnostics);
            }
        }
        "table" => {
            if mixin.is_some() {
                diagnostics.push(messages::table_in_mixin(attribute));
            } else if let Some(table) = attrs::one_string(attribute, diagnostics) {
                entity.table = table;
            }
        }
        "comment" => {
            if let Some(doc) = &block.doc {
                diagnostics.push(messages::doc_and_comment(attribute, doc.span));
            }
            if let Some(comment) = attrs::comment(attribute, diagnostics) {
                entity.comment = Some(comment);
            }
        }
        "check" => {
            let Some(args) = attrs::positional(attribute, 2, diagnostics) else {
                return;
            };
            let name = attrs::ident_arg(&args[0], attribute, diagnostics);
            let expr = attrs::string_arg(&args[1], attribute, diagnostics);
            if let (Some(name), Some(expr)) = (name, expr) {
                if let Some(first) = entity.checks.get(&name.name) {
                    diagnostics.push(messages::duplicate_member(&name, "check", first.span));
                    return;
                }
                let check = Check {
                    name: name.name.clone(),
                    expr,
                    span: name.span,
                };
                entity.checks.insert(name.name, check);
            }
        }
        _ => {}
    }
}
