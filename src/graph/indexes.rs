//! Pass 6: indexes. Columns resolved to storage names (fields, then the FK columns of
//! `@edges(...)`), names computed as ent does (`lower(Type)_col1_col2`); an edge schema gets
//! the unique index on its join columns when it declares none.

use super::attributes as attrs;
use super::model::{
    EdgeDirection, Entity, Graph, Index, IndexColumn, Relation, RelationKind, Storage,
};
use crate::diagnostics::{Diagnostics, closest, messages};
use crate::naming;
use crate::syntax::ast::{self, Ident};

const INDEX_ATTRIBUTES: &[&str] = &["unique", "edges", "name", "where", "desc", "using"];

pub fn lower_index(
    index: &ast::Index,
    entity: &Entity,
    relations: &[Relation],
    diagnostics: &mut Diagnostics,
) -> Option<Index> {
    let mut columns: Vec<(String, &Ident)> = Vec::new();
    for ident in &index.columns {
        columns.push((field_column(ident, entity, diagnostics)?, ident));
    }
    let mut lowered = Index {
        name: String::new(),
        span: index.span,
        comment: index.doc.as_ref().map(|d| d.text.clone()),
        columns: Vec::new(),
        unique: false,
        predicate: None,
        method: None,
    };
    let mut name = None;
    let mut desc: Option<Vec<Ident>> = None;
    for attribute in
        attrs::known_attributes(&index.attributes, INDEX_ATTRIBUTES, "an index", diagnostics)
    {
        match attribute.name.name.as_str() {
            "unique" => {
                attrs::no_args(attribute, diagnostics);
                lowered.unique = true;
            }
            "edges" => {
                for edge in attrs::idents(attribute, diagnostics) {
                    let column = edge_column(&edge, entity, relations, diagnostics)?;
                    columns.push((column, index.columns.first().unwrap_or(&attribute.name)));
                }
            }
            "name" => name = attrs::one_string(attribute, diagnostics),
            "where" => lowered.predicate = attrs::one_string(attribute, diagnostics),
            "using" => lowered.method = attrs::one_ident(attribute, diagnostics).map(|m| m.name),
            "desc" => desc = Some(attrs::idents(attribute, diagnostics)),
            _ => {}
        }
    }
    if columns.is_empty() {
        diagnostics.push(messages::index_without_columns(index.span));
        return None;
    }
    for (i, (column, _)) in columns.iter().enumerate() {
        if let Some(first) = columns[..i].iter().find(|(c, _)| c == column) {
            diagnostics.push(messages::index_column_twice(columns[i].1, first.1.span));
            return None;
        }
    }
    lowered.columns = columns
        .iter()
        .map(|(column, _)| IndexColumn {
            column: column.clone(),
            desc: false,
        })
        .collect();
    apply_desc(&mut lowered, desc, entity, diagnostics);
    let column_names: Vec<&str> = lowered.columns.iter().map(|c| c.column.as_str()).collect();
    lowered.name = name.unwrap_or_else(|| naming::index_name(&entity.name, &column_names));
    Some(lowered)
}

fn field_column(ident: &Ident, entity: &Entity, diagnostics: &mut Diagnostics) -> Option<String> {
    if let Some(field) = entity.field(&ident.name) {
        return Some(field.column.clone());
    }
    if entity.edge(&ident.name).is_some() {
        diagnostics.push(messages::index_names_edge_as_field(ident));
        return None;
    }
    let names = std::iter::once("id").chain(entity.fields.values().map(|f| f.name.as_str()));
    diagnostics.push(messages::unknown_index_field(
        ident,
        &entity.name,
        closest(&ident.name, names),
    ));
    None
}

/// The FK column of an edge usable in an index: one in this entity's table, so M2O, the inverse
/// side of an O2O (ent), or either side of an O2O between rows of this entity (`spouse`).
fn edge_column(
    edge_name: &Ident,
    entity: &Entity,
    relations: &[Relation],
    diagnostics: &mut Diagnostics,
) -> Option<String> {
    let Some(edge) = entity.edge(&edge_name.name) else {
        let names = entity.edges.values().map(|e| e.name.as_str());
        diagnostics.push(messages::unknown_index_edge(
            edge_name,
            &entity.name,
            closest(&edge_name.name, names),
        ));
        return None;
    };
    let storage = &relations[edge.relation].storage;
    let usable = match (edge.kind, storage) {
        (RelationKind::M2O, _) => true,
        (RelationKind::O2O, Storage::ForeignKey(fk)) => {
            edge.direction == EdgeDirection::Inverse || fk.holder == fk.references
        }
        _ => false,
    };
    match storage {
        Storage::ForeignKey(fk) if usable => Some(fk.column.clone()),
        _ => {
            diagnostics.push(messages::index_edge_without_fk(
                edge_name,
                edge.kind,
                edge.direction,
            ));
            None
        }
    }
}

/// `@desc`: every column descending; `@desc(a, b)`: those fields only.
fn apply_desc(
    index: &mut Index,
    desc: Option<Vec<Ident>>,
    entity: &Entity,
    diagnostics: &mut Diagnostics,
) {
    let Some(desc) = desc else { return };
    if desc.is_empty() {
        index.columns.iter_mut().for_each(|c| c.desc = true);
        return;
    }
    for ident in desc {
        let column = entity
            .field(&ident.name)
            .map(|f| f.column.as_str())
            .unwrap_or(&ident.name);
        match index.columns.iter_mut().find(|c| c.column == column) {
            Some(c) => c.desc = true,
            None => {
                let names = index.columns.iter().map(|c| c.column.as_str());
                diagnostics.push(messages::desc_column_not_in_index(
                    &ident,
                    closest(&ident.name, names),
                ));
            }
        }
    }
}

/// The unique index of an edge schema (`@through(name, Entity)`) on its two join columns,
/// added when the entity does not declare one (ent's rule): one row per pair.
pub fn add_edge_schema_indexes(graph: &mut Graph) {
    for relation in &graph.relations {
        let Storage::JoinTable(join) = &relation.storage else {
            continue;
        };
        let Some(through) = join.through else {
            continue;
        };
        let entity = &mut graph.entities[through];
        let covers_pair = |index: &Index| {
            index.unique
                && index.predicate.is_none()
                && index.columns.len() == 2
                && join
                    .columns
                    .iter()
                    .all(|c| index.columns.iter().any(|ic| &ic.column == c))
        };
        if entity.indexes.iter().any(covers_pair) {
            continue;
        }
        let columns: Vec<&str> = join.columns.iter().map(String::as_str).collect();
        entity.indexes.push(Index {
            name: naming::index_name(&entity.name, &columns),
            span: entity.span,
            comment: None,
            columns: join
                .columns
                .iter()
                .map(|column| IndexColumn {
                    column: column.clone(),
                    desc: false,
                })
                .collect(),
            unique: true,
            predicate: None,
            method: None,
        });
    }
}
