//! Pass 7: storage names checked as a whole: no two tables, columns of one table, FK symbols or
//! index names collide, and no table or column name is longer than PostgreSQL keeps (it would
//! silently cut it and the next diff would drift).

use super::model::{Dialect, Graph, Storage};
use super::{FastMap, map_with_capacity};
use crate::diagnostics::{Diagnostics, Span, messages};

pub fn check(graph: &Graph, diagnostics: &mut Diagnostics) {
    check_tables(graph, diagnostics);
    check_columns(graph, diagnostics);
    check_symbols(graph, diagnostics);
}

fn check_tables(graph: &Graph, diagnostics: &mut Diagnostics) {
    let mut tables: FastMap<&str, Span> =
        map_with_capacity(graph.entities.len() + graph.relations.len());
    for entity in graph.entities.values() {
        check_length(&entity.table, "table", entity.span, diagnostics);
        if let Some(first) = tables.insert(&entity.table, entity.span) {
            let (again, first) = later_first(entity.span, first);
            diagnostics.push(messages::table_name_collision(&entity.table, again, first));
        }
    }
    for relation in &graph.relations {
        let Storage::JoinTable(join) = &relation.storage else {
            continue;
        };
        // A join table stored in an edge schema's table was checked as that entity's table.
        if join.through.is_some() {
            continue;
        }
        let span = relation_span(graph, relation);
        check_length(&join.table, "join table", span, diagnostics);
        for column in &join.columns {
            check_length(column, "column", span, diagnostics);
        }
        if let Some(first) = tables.insert(&join.table, span) {
            let (again, first) = later_first(span, first);
            diagnostics.push(messages::table_name_collision(&join.table, again, first));
        }
    }
}

fn relation_span(graph: &Graph, relation: &super::model::Relation) -> Span {
    let owner = &graph.entities[relation.owner];
    owner
        .edge(&relation.assoc_edge)
        .map_or(owner.span, |e| e.span)
}

fn check_columns(graph: &Graph, diagnostics: &mut Diagnostics) {
    // FK columns not bound to a field, by the entity whose table holds them.
    let mut foreign_keys: Vec<Vec<&super::model::Relation>> =
        vec![Vec::new(); graph.entities.len()];
    for relation in &graph.relations {
        if let Storage::ForeignKey(fk) = &relation.storage
            && fk.field.is_none()
        {
            foreign_keys[fk.holder].push(relation);
        }
    }
    for (id, entity) in graph.entities.values().enumerate() {
        let mut columns: FastMap<&str, Span> =
            map_with_capacity(entity.fields.len() + 1 + foreign_keys[id].len());
        for field in std::iter::once(&entity.id).chain(entity.fields.values()) {
            check_length(&field.column, "column", field.span, diagnostics);
            if let Some(first) = columns.insert(&field.column, field.span) {
                let (again, first) = later_first(field.span, first);
                diagnostics.push(messages::column_name_collision(
                    &field.column,
                    &entity.table,
                    again,
                    first,
                ));
            }
        }
        for relation in &foreign_keys[id] {
            let Storage::ForeignKey(fk) = &relation.storage else {
                continue;
            };
            let span = relation_span(graph, relation);
            check_length(&fk.column, "column", span, diagnostics);
            // A key stored in the primary key itself (ent's edgefield Info) is bound to the id
            // when it has the referenced key's type (`relations::bind_primary_key`); when it
            // has not, it collides with the id here.
            if let Some(first) = columns.insert(&fk.column, span) {
                let (again, first) = later_first(span, first);
                diagnostics.push(messages::column_name_collision(
                    &fk.column,
                    &entity.table,
                    again,
                    first,
                ));
            }
        }
    }
}

/// ent's `ensureUniqueFKs` (MySQL wants FK names unique per database), and the same for index
/// names (PostgreSQL keeps them in one namespace per schema).
fn check_symbols(graph: &Graph, diagnostics: &mut Diagnostics) {
    let mut foreign_keys = SymbolSet::with_capacity(graph.relations.len() * 2);
    for relation in &graph.relations {
        let span = relation_span(graph, relation);
        match &relation.storage {
            Storage::ForeignKey(fk) => foreign_keys.add(&fk.symbol, span, diagnostics),
            Storage::JoinTable(join) if join.through.is_some() => {}
            Storage::JoinTable(join) => join
                .symbols
                .iter()
                .for_each(|s| foreign_keys.add(s, span, diagnostics)),
        }
    }
    let index_count = graph.entities.values().map(|e| e.indexes.len()).sum();
    let mut indexes = SymbolSet::with_capacity(index_count);
    for entity in graph.entities.values() {
        for index in &entity.indexes {
            indexes.add(&index.name, index.span, diagnostics);
        }
    }
    // The implicit `<table>_<column>_key` indexes are not shortened by md5 but cut by
    // PostgreSQL, so two long ones can end up with one name.
    for entity in graph.entities.values() {
        for field in entity
            .fields
            .values()
            .filter(|f| f.unique && f.edge.is_none())
        {
            let name =
                Graph::unique_column_index_name(&entity.table, &field.column, Dialect::Postgres);
            indexes.add_cut(&name, field.span, diagnostics);
        }
    }
    for relation in &graph.relations {
        if let Storage::ForeignKey(fk) = &relation.storage
            && fk.unique
        {
            let table = &graph.entities[fk.holder].table;
            let name = Graph::unique_column_index_name(table, &fk.column, Dialect::Postgres);
            indexes.add_cut(&name, relation_span(graph, relation), diagnostics);
        }
    }
}

/// Names as PostgreSQL stores them (shortened past 63 bytes), with where each was made.
struct SymbolSet {
    seen: FastMap<String, Span>,
}

impl SymbolSet {
    fn with_capacity(capacity: usize) -> SymbolSet {
        SymbolSet {
            seen: map_with_capacity(capacity),
        }
    }

    /// A name entgen shortens (md5) before PostgreSQL sees it.
    fn add(&mut self, name: &str, span: Span, diagnostics: &mut Diagnostics) {
        self.insert(Graph::symbol(name, Dialect::Postgres), span, diagnostics);
    }

    /// A name given to PostgreSQL whole, which it cuts to 63 bytes.
    fn add_cut(&mut self, name: &str, span: Span, diagnostics: &mut Diagnostics) {
        let stored = entgen_runtime::dialect::Dialect::Postgres.stored_identifier(name);
        self.insert(stored, span, diagnostics);
    }

    fn insert(&mut self, stored: String, span: Span, diagnostics: &mut Diagnostics) {
        if let Some(first) = self.seen.insert(stored.clone(), span) {
            let (again, first) = later_first(span, first);
            diagnostics.push(messages::symbol_collision(&stored, again, first));
        }
    }
}

fn check_length(name: &str, what: &str, span: Span, diagnostics: &mut Diagnostics) {
    let limit = Dialect::Postgres.max_identifier_len();
    if name.len() > limit {
        diagnostics.push(messages::name_too_long(what, name, limit, span));
    }
}

/// Two places that made the same name, the later first: like a name declared twice, a
/// collision is reported where the name was made again (files in sorted path order, then
/// position), whatever order the entities are checked in.
fn later_first(a: Span, b: Span) -> (Span, Span) {
    if a >= b { (a, b) } else { (b, a) }
}
