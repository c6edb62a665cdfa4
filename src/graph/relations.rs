//! Pass 5: relation kinds and where each relation is stored, exactly as ent decides them
//! (reference/ent.md §1.4 and §2.3): which table holds the foreign key, its column, symbol,
//! nullability and ON DELETE action, or the M2M join table with its columns and symbols.

use super::edges::{EdgeDraft, StorageKeys};
use super::entities::EntityDraft;
use super::model::{
    Edge, EdgeDirection, EntityId, FieldType, ForeignKey, JoinTable, RefAction, Relation,
    RelationKind, Storage,
};
use crate::diagnostics::{Diagnostics, messages};
use crate::naming;

/// Decides every relation and attaches the final edges to the entities.
pub fn resolve(
    drafts: &mut [EntityDraft<'_>],
    edges: &[EdgeDraft<'_>],
    diagnostics: &mut Diagnostics,
) -> Vec<Relation> {
    let mut relations = Vec::new();
    let mut relation_of_edge: Vec<Option<usize>> = vec![None; edges.len()];
    let mut inverse_of: Vec<Option<usize>> = vec![None; edges.len()];
    for (j, edge) in edges.iter().enumerate() {
        if let Some(i) = edge.paired_with {
            inverse_of[i] = Some(j);
        }
    }
    for (i, assoc) in edges.iter().enumerate() {
        if assoc.direction != EdgeDirection::Assoc {
            continue;
        }
        let inverse = inverse_of[i];
        let relation = relation_for(assoc, inverse.map(|j| &edges[j]), drafts, diagnostics);
        relation_of_edge[i] = Some(relations.len());
        if let Some(j) = inverse {
            relation_of_edge[j] = Some(relations.len());
        }
        relations.push(relation);
    }
    for (i, draft) in edges.iter().enumerate() {
        let Some(relation_id) = relation_of_edge[i] else {
            // An inverse whose reference did not resolve (already reported).
            continue;
        };
        let edge = final_edge(draft, &relations[relation_id], relation_id);
        let edges = &mut drafts[draft.owner].entity.edges;
        edges.insert(edge.name.clone(), edge);
    }
    for (i, draft) in edges.iter().enumerate() {
        if let Some(relation_id) = relation_of_edge[i] {
            bind_edge_field(draft, &mut relations[relation_id], drafts, diagnostics);
        }
    }
    for (i, draft) in edges.iter().enumerate() {
        if let Some(relation_id) = relation_of_edge[i] {
            bind_primary_key(draft, &mut relations[relation_id], drafts);
        }
    }
    check_through(edges, &relations, &relation_of_edge, diagnostics);
    for (i, draft) in edges.iter().enumerate() {
        if let (Some((name, entity)), Some(relation)) = (&draft.through, relation_of_edge[i]) {
            store_through(name, *entity, relation, &mut relations, drafts, diagnostics);
        }
    }
    relations
}

/// `@through(name, Entity)`: the M2M relation is stored in the edge schema's table, whose two
/// required edges (with `@field`s) point at both ends (ent's edge schemas).
fn store_through(
    name: &crate::syntax::ast::Ident,
    through: EntityId,
    relation_id: usize,
    relations: &mut [Relation],
    drafts: &[EntityDraft<'_>],
    diagnostics: &mut Diagnostics,
) {
    let Storage::JoinTable(join) = &relations[relation_id].storage else {
        return;
    };
    let ends = join.references;
    let entity = &drafts[through].entity;
    // The edge schema's FK edges, in declaration order; a same-type relation takes two of them.
    let mut fk_edges = entity
        .edges
        .values()
        .filter(|e| e.kind == RelationKind::M2O && e.required && e.field.is_some());
    let mut pick = |end: EntityId| fk_edges.find(|e| e.target == end).map(|e| e.relation);
    let (Some(first), Some(second)) = (pick(ends[0]), pick(ends[1])) else {
        let names = [&drafts[ends[0]].entity.name, &drafts[ends[1]].entity.name];
        diagnostics.push(messages::through_entity_without_edges(
            name,
            &entity.name,
            names,
        ));
        return;
    };
    let fk = |relation: usize| match &relations[relation].storage {
        Storage::ForeignKey(fk) => Some((fk.column.clone(), fk.symbol.clone())),
        Storage::JoinTable(_) => None,
    };
    let (Some((c1, s1)), Some((c2, s2))) = (fk(first), fk(second)) else {
        return;
    };
    relations[relation_id].storage = Storage::JoinTable(JoinTable {
        table: entity.table.clone(),
        columns: [c1, c2],
        references: ends,
        symbols: [s1, s2],
        through: Some(through),
    });
}

/// ent's table: kind from the uniqueness of both edges (or of the lone assoc edge).
fn kind_of(assoc: &EdgeDraft<'_>, inverse: Option<&EdgeDraft<'_>>) -> RelationKind {
    match (assoc.unique, inverse.map(|e| e.unique)) {
        (true, Some(true)) => RelationKind::O2O,
        (false, Some(true)) => RelationKind::O2M,
        (true, Some(false)) => RelationKind::M2O,
        (false, Some(false)) => RelationKind::M2M,
        (true, None) if assoc.target == assoc.owner => RelationKind::O2O,
        (false, None) if assoc.target == assoc.owner => RelationKind::M2M,
        (true, None) => RelationKind::M2O,
        (false, None) => RelationKind::O2M,
    }
}

fn relation_for(
    assoc: &EdgeDraft<'_>,
    inverse: Option<&EdgeDraft<'_>>,
    drafts: &[EntityDraft<'_>],
    diagnostics: &mut Diagnostics,
) -> Relation {
    let kind = kind_of(assoc, inverse);
    let keys = match inverse {
        Some(inv) => assoc.keys.merged(&inv.keys),
        None => assoc.keys.clone(),
    };
    check_storage_keys(kind, assoc, inverse, diagnostics);
    let storage = match kind {
        RelationKind::M2M => Storage::JoinTable(join_table(assoc, inverse, &keys, drafts)),
        _ => Storage::ForeignKey(foreign_key(
            kind,
            assoc,
            inverse,
            &keys,
            drafts,
            diagnostics,
        )),
    };
    Relation {
        owner: assoc.owner,
        assoc_edge: assoc.ast.name.name.clone(),
        inverse: inverse.map(|inv| (inv.owner, inv.ast.name.name.clone())),
        kind,
        storage,
    }
}

/// Which table holds the FK: the assoc side for M2O and lone unique (bidi O2O) edges, the
/// target side for O2M and for O2O with an inverse.
fn fk_holder(
    kind: RelationKind,
    assoc: &EdgeDraft<'_>,
    inverse: Option<&EdgeDraft<'_>>,
) -> EntityId {
    match (kind, inverse) {
        (RelationKind::M2O, _) | (RelationKind::O2O, None) => assoc.owner,
        _ => assoc.target,
    }
}

fn foreign_key(
    kind: RelationKind,
    assoc: &EdgeDraft<'_>,
    inverse: Option<&EdgeDraft<'_>>,
    keys: &StorageKeys,
    drafts: &[EntityDraft<'_>],
    diagnostics: &mut Diagnostics,
) -> ForeignKey {
    let holder = fk_holder(kind, assoc, inverse);
    let references = if holder == assoc.owner {
        assoc.target
    } else {
        assoc.owner
    };
    let owner = &drafts[assoc.owner].entity;
    let edge_name = &assoc.ast.name.name;
    let column = keys
        .column
        .clone()
        .unwrap_or_else(|| [owner.label.as_str(), &naming::snake(edge_name)].join("_"));
    // `[...].join` rather than `format!`: one exact allocation, and this runs for every edge.
    let symbol = keys.symbol.clone().unwrap_or_else(|| {
        [
            drafts[holder].entity.table.as_str(),
            &drafts[references].entity.table,
            edge_name,
        ]
        .join("_")
    });
    // The edge on the holder's side decides whether the column may be NULL; self-references
    // always may (ent: a row must be insertable before the row it points to).
    let holder_side_required = if holder == assoc.owner {
        assoc.required
    } else {
        inverse.is_some_and(|inv| inv.required)
    };
    let nullable = assoc.owner == assoc.target || !holder_side_required;
    let explicit = assoc
        .on_delete
        .or_else(|| inverse.and_then(|inv| inv.on_delete));
    let on_delete = match explicit {
        Some((RefAction::SetNull, span)) if !nullable => {
            diagnostics.push(messages::set_null_on_required_edge(span, &column));
            RefAction::NoAction
        }
        Some((action, _)) => action,
        None if nullable => RefAction::SetNull,
        None => RefAction::NoAction,
    };
    ForeignKey {
        holder,
        column,
        references,
        symbol,
        nullable,
        unique: kind == RelationKind::O2O,
        on_delete,
        field: None,
    }
}

fn join_table(
    assoc: &EdgeDraft<'_>,
    inverse: Option<&EdgeDraft<'_>>,
    keys: &StorageKeys,
    drafts: &[EntityDraft<'_>],
) -> JoinTable {
    let owner = &drafts[assoc.owner].entity;
    let target = &drafts[assoc.target].entity;
    let edge_name = &assoc.ast.name.name;
    let table = keys
        .table
        .clone()
        .unwrap_or_else(|| [owner.label.as_str(), edge_name].join("_"));
    let columns = keys.columns.clone().unwrap_or_else(|| {
        let first = [owner.label.as_str(), "id"].join("_");
        let mut second = [target.label.as_str(), "id"].join("_");
        if first == second {
            // Same type: the second column is named after the edge that reads it backwards.
            let name = inverse.map_or(edge_name, |inv| &inv.ast.name.name);
            second = [naming::singularize(name).as_str(), "id"].join("_");
        }
        [first, second]
    });
    let symbols = keys.symbols.clone().unwrap_or_else(|| {
        [
            [table.as_str(), &columns[0]].join("_"),
            [table.as_str(), &columns[1]].join("_"),
        ]
    });
    JoinTable {
        table,
        columns,
        references: [assoc.owner, assoc.target],
        symbols,
        through: None,
    }
}

/// `@table`/`@columns`/`@symbols` belong to join tables, `@column`/`@symbol` to FK columns.
fn check_storage_keys(
    kind: RelationKind,
    assoc: &EdgeDraft<'_>,
    inverse: Option<&EdgeDraft<'_>>,
    diagnostics: &mut Diagnostics,
) {
    let misplaced: &[&str] = if kind == RelationKind::M2M {
        &["column", "symbol", "on_delete"]
    } else {
        &["table", "columns", "symbols"]
    };
    let attributes = assoc
        .attributes
        .iter()
        .chain(inverse.iter().flat_map(|i| i.attributes.iter()));
    for attribute in attributes {
        if misplaced.contains(&attribute.name.name.as_str()) {
            diagnostics.push(messages::storage_key_does_not_fit_relation(attribute, kind));
        }
    }
}

fn final_edge(draft: &EdgeDraft<'_>, relation: &Relation, relation_id: usize) -> Edge {
    let is_assoc = draft.direction == EdgeDirection::Assoc;
    let inverse = if is_assoc {
        relation.inverse.as_ref().map(|(_, name)| name.clone())
    } else {
        Some(relation.assoc_edge.clone())
    };
    let kind = if is_assoc {
        relation.kind
    } else {
        relation.kind.flipped()
    };
    let through = draft
        .through
        .as_ref()
        .map(|(name, entity)| (name.name.clone(), *entity));
    Edge {
        name: draft.ast.name.name.clone(),
        span: draft.ast.name.span,
        comment: draft.comment.clone(),
        direction: draft.direction,
        target: draft.target,
        unique: draft.unique,
        required: draft.required,
        immutable: draft.immutable,
        inverse,
        kind,
        bidi: is_assoc && relation.inverse.is_none() && draft.owner == draft.target,
        relation: relation_id,
        field: draft.field.as_ref().map(|f| f.name.clone()),
        through,
    }
}

/// Whether this edge is the one whose table holds the FK (ent's `Edge.OwnFK`): M2O, or O2O on
/// the inverse side or bidirectional.
fn owns_fk(draft: &EdgeDraft<'_>, relation: &Relation) -> bool {
    let Storage::ForeignKey(fk) = &relation.storage else {
        return false;
    };
    let kind = match draft.direction {
        EdgeDirection::Assoc => relation.kind,
        EdgeDirection::Inverse => relation.kind.flipped(),
    };
    let bidi = relation.inverse.is_none() && draft.owner == draft.target;
    fk.holder == draft.owner
        && (kind == RelationKind::M2O
            || kind == RelationKind::O2O && (draft.direction == EdgeDirection::Inverse || bidi))
}

/// `@field(f)`: the FK column becomes the declared field `f`, which must agree with the edge.
fn bind_edge_field(
    draft: &EdgeDraft<'_>,
    relation: &mut Relation,
    drafts: &mut [EntityDraft<'_>],
    diagnostics: &mut Diagnostics,
) {
    let Some(field_name) = &draft.field else {
        return;
    };
    if !owns_fk(draft, relation) {
        diagnostics.push(messages::edge_field_without_fk(
            field_name,
            &draft.ast.name.name,
        ));
        return;
    }
    let target_id_type: FieldType = drafts[draft.target].entity.id.ty.clone();
    let entity = &mut drafts[draft.owner].entity;
    let Some(field) = entity.fields.get_mut(&field_name.name) else {
        let names = entity.fields.values().map(|f| f.name.as_str());
        let suggestion = crate::diagnostics::closest(&field_name.name, names);
        diagnostics.push(messages::unknown_edge_field(field_name, suggestion));
        return;
    };
    if field.ty != target_id_type {
        diagnostics.push(messages::edge_field_type_mismatch(
            field_name,
            field.span,
            &field.ty,
            &target_id_type,
        ));
    }
    if field.optional == draft.required {
        diagnostics.push(messages::edge_field_optionality_mismatch(
            field_name,
            field.span,
            field.optional,
        ));
    }
    if field.immutable != draft.immutable {
        diagnostics.push(messages::edge_field_immutability_mismatch(
            field_name,
            field.span,
            field.immutable,
        ));
    }
    field.edge = Some(draft.ast.name.name.clone());
    if let Storage::ForeignKey(fk) = &mut relation.storage {
        fk.column = field.column.clone();
        fk.field = Some(field.name.clone());
    }
}

/// ent's edgefield `Info` (its issue 1288): a key stored in the holder's primary key itself
/// (`@column("id")`, of the referenced key's type) is the id, as if the edge were bound to it
/// with `@field(id)`: the client writes the edge by setting the id and reads it from the id,
/// and has no column of its own for it. The edge is then as immutable as the id.
fn bind_primary_key(
    draft: &EdgeDraft<'_>,
    relation: &mut Relation,
    drafts: &mut [EntityDraft<'_>],
) {
    if !owns_fk(draft, relation) {
        return;
    }
    let Storage::ForeignKey(fk) = &mut relation.storage else {
        return;
    };
    let id = &drafts[draft.owner].entity.id;
    let same_type = id.ty == drafts[fk.references].entity.id.ty;
    if fk.field.is_some() || fk.column != id.column || !same_type {
        return;
    }
    fk.field = Some(id.name.clone());
    let entity = &mut drafts[draft.owner].entity;
    if let Some(edge) = entity.edges.get_mut(draft.ast.name.name.as_str()) {
        edge.immutable = true;
    }
}

/// `@through(name, Entity)` is for M2M edges only.
fn check_through(
    edges: &[EdgeDraft<'_>],
    relations: &[Relation],
    relation_of_edge: &[Option<usize>],
    diagnostics: &mut Diagnostics,
) {
    for (i, draft) in edges.iter().enumerate() {
        let (Some((name, _)), Some(relation)) = (&draft.through, relation_of_edge[i]) else {
            continue;
        };
        if relations[relation].kind != RelationKind::M2M {
            diagnostics.push(messages::through_on_non_m2m(name, relations[relation].kind));
        }
    }
}
