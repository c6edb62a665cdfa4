//! Pass 4: edges. Targets resolved, each inverse (`from T.ref`) paired with the assoc edge it
//! names, and the attributes of a pair merged (storage keys and `@on_delete` once per pair).

use super::attributes as attrs;
use super::entities::EntityDraft;
use super::model::{EdgeDirection, EntityId, RefAction};
use super::{FastMap, map_with_capacity};
use crate::diagnostics::{Diagnostics, Span, closest, messages};
use crate::naming;
use crate::syntax::ast::{self, Attribute, Cardinality, Direction, Ident};

const EDGE_ATTRIBUTES: &[&str] = &[
    "field",
    "on_delete",
    "immutable",
    "column",
    "table",
    "columns",
    "symbol",
    "symbols",
    "through",
    "comment",
];

/// Attributes that configure the relation rather than one edge: written once per pair.
pub const PAIR_ATTRIBUTES: &[&str] = &[
    "on_delete",
    "column",
    "table",
    "columns",
    "symbol",
    "symbols",
];

/// An edge with its target resolved and attributes read; not yet paired.
pub struct EdgeDraft<'a> {
    pub owner: EntityId,
    pub ast: &'a ast::Edge,
    pub target: EntityId,
    pub direction: EdgeDirection,
    pub unique: bool,
    pub required: bool,
    pub immutable: bool,
    pub comment: Option<String>,
    pub field: Option<Ident>,
    pub on_delete: Option<(RefAction, Span)>,
    pub keys: StorageKeys,
    pub through: Option<(Ident, EntityId)>,
    /// The attributes given, for "once per pair" checks and precise messages.
    pub attributes: Vec<&'a Attribute>,
    /// For an inverse: index (into the drafts) of the assoc edge it refers to.
    pub paired_with: Option<usize>,
}

/// `@column`, `@symbol`, `@table`, `@columns`, `@symbols`.
#[derive(Default, Clone)]
pub struct StorageKeys {
    pub column: Option<String>,
    pub symbol: Option<String>,
    pub table: Option<String>,
    pub columns: Option<[String; 2]>,
    pub symbols: Option<[String; 2]>,
}

impl StorageKeys {
    /// Keys of the pair: whichever edge wrote them (the checks ensure only one did).
    pub fn merged(&self, other: &StorageKeys) -> StorageKeys {
        StorageKeys {
            column: self.column.clone().or_else(|| other.column.clone()),
            symbol: self.symbol.clone().or_else(|| other.symbol.clone()),
            table: self.table.clone().or_else(|| other.table.clone()),
            columns: self.columns.clone().or_else(|| other.columns.clone()),
            symbols: self.symbols.clone().or_else(|| other.symbols.clone()),
        }
    }
}

/// Lowers and pairs the edges of all entities. Drafts come out in entity, then declaration order.
pub fn lower_edges<'a>(
    drafts: &[EntityDraft<'a>],
    mixin_names: &[&str],
    diagnostics: &mut Diagnostics,
) -> Vec<EdgeDraft<'a>> {
    let mut ids: FastMap<&str, EntityId> = map_with_capacity(drafts.len());
    ids.extend(
        drafts
            .iter()
            .enumerate()
            .map(|(i, d)| (d.entity.name.as_str(), i)),
    );
    let mut edges = Vec::new();
    for (owner, draft) in drafts.iter().enumerate() {
        let mut seen: Vec<&Ident> = Vec::new();
        for expanded in &draft.edges {
            let edge = expanded.edge;
            let duplicate = check_edge_name(&edge.name, draft, &seen, diagnostics);
            seen.push(&edge.name);
            // A duplicate is still read (its own mistakes are reported) but makes no relation,
            // which would only repeat the duplicate as colliding columns and symbols.
            let lowered = lower_edge(owner, edge, &ids, mixin_names, diagnostics);
            if let Some(lowered) = lowered.filter(|_| !duplicate) {
                edges.push(lowered);
            }
        }
        let own = edges.iter().filter(|e| e.owner == owner);
        check_through_names(draft, drafts, &seen, own, diagnostics);
    }
    pair_inverses(&mut edges, drafts, diagnostics);
    check_pairs(&edges, diagnostics);
    edges
}

/// Reports casing and name clashes; true when the edge repeats an earlier edge's name.
fn check_edge_name(
    name: &Ident,
    draft: &EntityDraft<'_>,
    seen: &[&Ident],
    diagnostics: &mut Diagnostics,
) -> bool {
    if !naming::is_snake(&name.name) {
        diagnostics.push(messages::member_name_not_snake(
            name,
            "edge",
            naming::to_snake_suggestion(&name.name),
        ));
    }
    if let Some(first) = seen.iter().find(|e| e.name == name.name) {
        diagnostics.push(messages::duplicate_member(name, "edge", first.span));
        return true;
    }
    if let Some(field) = draft.entity.field(&name.name) {
        diagnostics.push(messages::edge_and_field_share_name(name, field.span));
    }
    false
}

/// `@through(name, Entity)` also names an edge of the owner to the edge schema's rows (ent's
/// `QueryLikes`), so that name must not be taken by a field, an edge or another `@through`.
fn check_through_names<'a>(
    draft: &EntityDraft<'_>,
    drafts: &[EntityDraft<'_>],
    edge_names: &[&Ident],
    own: impl Iterator<Item = &'a EdgeDraft<'a>>,
    diagnostics: &mut Diagnostics,
) {
    let mut seen: Vec<&Ident> = edge_names.to_vec();
    for edge in own {
        let Some((name, schema)) = &edge.through else {
            continue;
        };
        let schema = &drafts[*schema].entity.name;
        let taken = match seen.iter().find(|e| e.name == name.name) {
            Some(first) => Some(("edge", first.span)),
            None => draft.entity.field(&name.name).map(|f| ("field", f.span)),
        };
        if let Some((what, first)) = taken {
            diagnostics.push(messages::through_name_taken(name, schema, what, first));
        }
        seen.push(name);
    }
}

fn lower_edge<'a>(
    owner: EntityId,
    edge: &'a ast::Edge,
    ids: &FastMap<&str, EntityId>,
    mixin_names: &[&str],
    diagnostics: &mut Diagnostics,
) -> Option<EdgeDraft<'a>> {
    let target = resolve_entity(&edge.target, ids, mixin_names, diagnostics)?;
    let mut draft = EdgeDraft {
        owner,
        ast: edge,
        target,
        direction: match edge.direction {
            Direction::To => EdgeDirection::Assoc,
            Direction::From => EdgeDirection::Inverse,
        },
        unique: edge.cardinality != Cardinality::Many,
        required: edge.cardinality == Cardinality::Required,
        immutable: false,
        comment: edge.doc.as_ref().map(|d| d.text.clone()),
        field: None,
        on_delete: None,
        keys: StorageKeys::default(),
        through: None,
        attributes: Vec::new(),
        paired_with: None,
    };
    for attribute in
        attrs::known_attributes(&edge.attributes, EDGE_ATTRIBUTES, "an edge", diagnostics)
    {
        apply_attribute(&mut draft, attribute, ids, mixin_names, diagnostics);
        draft.attributes.push(attribute);
    }
    Some(draft)
}

pub fn resolve_entity(
    name: &Ident,
    ids: &FastMap<&str, EntityId>,
    mixin_names: &[&str],
    diagnostics: &mut Diagnostics,
) -> Option<EntityId> {
    if let Some(id) = ids.get(name.name.as_str()) {
        return Some(*id);
    }
    if mixin_names.contains(&name.name.as_str()) {
        diagnostics.push(messages::edge_to_mixin(name));
    } else {
        diagnostics.push(messages::unknown_entity(
            name,
            closest(&name.name, ids.keys().copied()),
        ));
    }
    None
}

fn apply_attribute(
    draft: &mut EdgeDraft<'_>,
    attribute: &Attribute,
    ids: &FastMap<&str, EntityId>,
    mixin_names: &[&str],
    diagnostics: &mut Diagnostics,
) {
    let keys = &mut draft.keys;
    match attribute.name.name.as_str() {
        "field" => draft.field = attrs::one_ident(attribute, diagnostics),
        "immutable" => {
            attrs::no_args(attribute, diagnostics);
            draft.immutable = true;
        }
        "comment" => {
            if let Some(doc) = &draft.ast.doc {
                diagnostics.push(messages::doc_and_comment(attribute, doc.span));
            }
            draft.comment = attrs::comment(attribute, diagnostics);
        }
        "on_delete" => {
            draft.on_delete = attrs::one_ident(attribute, diagnostics).and_then(|action| {
                let parsed = ref_action(&action.name);
                if parsed.is_none() {
                    let known = [
                        "cascade",
                        "set_null",
                        "restrict",
                        "no_action",
                        "set_default",
                    ];
                    diagnostics.push(messages::unknown_ref_action(
                        &action,
                        closest(&action.name, known),
                    ));
                }
                parsed.map(|a| (a, action.span))
            })
        }
        "column" => keys.column = attrs::one_string(attribute, diagnostics),
        "symbol" => keys.symbol = attrs::one_string(attribute, diagnostics),
        "table" => keys.table = attrs::one_string(attribute, diagnostics),
        "columns" => keys.columns = pair_of_strings(attribute, diagnostics),
        "symbols" => keys.symbols = pair_of_strings(attribute, diagnostics),
        "through" => {
            let Some(args) = attrs::positional(attribute, 2, diagnostics) else {
                return;
            };
            let name = attrs::ident_arg(&args[0], attribute, diagnostics);
            let entity = attrs::ident_arg(&args[1], attribute, diagnostics)
                .and_then(|e| resolve_entity(&e, ids, mixin_names, diagnostics));
            if let (Some(name), Some(entity)) = (name, entity) {
                draft.through = Some((name, entity));
            }
        }
        _ => {}
    }
}

fn pair_of_strings(attribute: &Attribute, diagnostics: &mut Diagnostics) -> Option<[String; 2]> {
    let strings = attrs::strings(attribute, 2, diagnostics)?;
    let [a, b]: [String; 2] = strings.try_into().ok()?;
    Some([a, b])
}

fn ref_action(name: &str) -> Option<RefAction> {
    Some(match name {
        "cascade" => RefAction::Cascade,
        "set_null" => RefAction::SetNull,
        "restrict" => RefAction::Restrict,
        "no_action" => RefAction::NoAction,
        "set_default" => RefAction::SetDefault,
        _ => return None,
    })
}

/// Finds, for every inverse edge, the assoc edge it names on its target.
fn pair_inverses(
    edges: &mut [EdgeDraft<'_>],
    drafts: &[EntityDraft<'_>],
    diagnostics: &mut Diagnostics,
) {
    // Edges come grouped by owner, in entity order: each entity's edges are one range.
    let mut by_owner: Vec<std::ops::Range<usize>> = vec![0..0; drafts.len()];
    for (j, edge) in edges.iter().enumerate() {
        let range = &mut by_owner[edge.owner];
        if range.start == range.end {
            *range = j..j;
        }
        range.end = j + 1;
    }
    // For each assoc edge, the inverse already paired with it.
    let mut inverse_of: Vec<Option<usize>> = vec![None; edges.len()];
    for i in 0..edges.len() {
        if edges[i].direction != EdgeDirection::Inverse {
            continue;
        }
        let Some(reference) = edges[i].ast.reference.as_ref() else {
            continue;
        };
        let (owner, target) = (edges[i].owner, edges[i].target);
        let candidates: Vec<usize> = by_owner[target].clone().collect();
        let Some(&j) = candidates
            .iter()
            .find(|&&j| edges[j].ast.name.name == reference.name)
        else {
            let names = candidates.iter().map(|&j| edges[j].ast.name.name.as_str());
            let suggestion = closest(&reference.name, names);
            let target_name = &drafts[target].entity.name;
            diagnostics.push(messages::unknown_edge_reference(
                edges[i].ast,
                reference,
                target_name,
                suggestion,
            ));
            continue;
        };
        if edges[j].direction == EdgeDirection::Inverse {
            diagnostics.push(messages::reference_to_inverse_edge(reference, edges[j].ast));
            continue;
        }
        if edges[j].target != owner {
            let points_to = &drafts[edges[j].target].entity.name;
            let expected = &drafts[owner].entity.name;
            diagnostics.push(messages::inverse_type_mismatch(
                edges[i].ast,
                edges[j].ast,
                points_to,
                expected,
            ));
            continue;
        }
        if let Some(other) = inverse_of[j] {
            diagnostics.push(messages::assoc_edge_has_two_inverses(
                edges[i].ast,
                edges[other].ast.name.span,
            ));
            continue;
        }
        inverse_of[j] = Some(i);
        edges[i].paired_with = Some(j);
    }
}

/// ent's pair rules: not required both ways; pair attributes once.
fn check_pairs(edges: &[EdgeDraft<'_>], diagnostics: &mut Diagnostics) {
    for inverse in edges.iter().filter(|e| e.paired_with.is_some()) {
        let assoc = &edges[inverse.paired_with.unwrap_or_default()];
        if inverse.required && assoc.required {
            diagnostics.push(messages::required_both_ways(
                inverse.ast,
                assoc.ast.name.span,
            ));
        }
        for attribute in &inverse.attributes {
            let name = attribute.name.name.as_str();
            if !PAIR_ATTRIBUTES.contains(&name) {
                continue;
            }
            if let Some(first) = assoc.attributes.iter().find(|a| a.name.name == name) {
                diagnostics.push(messages::pair_attribute_twice(attribute, first.span));
            }
        }
    }
}
