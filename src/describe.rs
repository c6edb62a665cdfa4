//! `entgen describe`: each entity's fields, edges and indexes as ASCII tables, in the layout of
//! ent's `ent describe`, plus the storage names the graph computed (table, FK columns and
//! symbols, join tables) so users can check what the database will hold.

use crate::graph::{DefaultValue, Edge, Entity, Field, Graph, Storage, Validator};

pub fn describe(graph: &Graph) -> String {
    let mut out = String::new();
    for entity in graph.entities.values() {
        out.push_str(&format!("{} (table \"{}\"):\n", entity.name, entity.table));
        out.push_str(&fields_table(entity));
        if !entity.edges.is_empty() {
            out.push_str(&edges_table(graph, entity));
        }
        if !entity.indexes.is_empty() {
            out.push_str(&indexes_table(entity));
        }
    }
    out
}

fn fields_table(entity: &Entity) -> String {
    let header = [
        "Field",
        "Type",
        "Column",
        "Unique",
        "Optional",
        "Default",
        "UpdateDefault",
        "Immutable",
        "Validators",
        "Comment",
    ];
    let rows = std::iter::once(&entity.id)
        .chain(entity.fields.values())
        .map(field_row)
        .collect();
    render_table(&header, rows)
}

fn field_row(field: &Field) -> Vec<String> {
    vec![
        field.name.clone(),
        field.ty.schema_name(),
        field.column.clone(),
        field.unique.to_string(),
        field.optional.to_string(),
        field.default.as_ref().map_or(String::new(), default_text),
        field
            .update_default
            .as_ref()
            .map_or(String::new(), default_text),
        field.immutable.to_string(),
        field
            .validators
            .iter()
            .map(validator_text)
            .collect::<Vec<_>>()
            .join(", "),
        field.comment.clone().unwrap_or_default().replace('\n', " "),
    ]
}

fn default_text(value: &DefaultValue) -> String {
    match value {
        DefaultValue::Bool(b) => b.to_string(),
        DefaultValue::Int(n) => n.to_string(),
        DefaultValue::Float(f) => f.to_string(),
        DefaultValue::String(s) | DefaultValue::Json(s) => format!("{s:?}"),
        DefaultValue::Enum(v) => v.clone(),
        DefaultValue::Now => "now".into(),
        DefaultValue::UuidV4 => "uuid_v4".into(),
    }
}

fn validator_text(validator: &Validator) -> String {
    match validator {
        Validator::MaxLen(n) => format!("max_len({n})"),
        Validator::MinLen(n) => format!("min_len({n})"),
        Validator::NotEmpty => "not_empty".into(),
        Validator::Match(re) => format!("match({re:?})"),
        Validator::Min(n) => format!("min({n})"),
        Validator::Max(n) => format!("max({n})"),
        Validator::Range(a, b) => format!("range({a}, {b})"),
        Validator::Positive => "positive".into(),
        Validator::Negative => "negative".into(),
        Validator::NonNegative => "non_negative".into(),
    }
}

fn edges_table(graph: &Graph, entity: &Entity) -> String {
    let header = [
        "Edge", "Type", "Inverse", "BackRef", "Relation", "Unique", "Optional", "Storage",
        "Comment",
    ];
    let rows = entity.edges.values().map(|e| edge_row(graph, e)).collect();
    render_table(&header, rows)
}

fn edge_row(graph: &Graph, edge: &Edge) -> Vec<String> {
    let is_inverse = edge.direction == crate::graph::EdgeDirection::Inverse;
    vec![
        edge.name.clone(),
        graph.entities[edge.target].name.clone(),
        is_inverse.to_string(),
        if is_inverse {
            edge.inverse.clone().unwrap_or_default()
        } else {
            String::new()
        },
        edge.kind.to_string(),
        edge.unique.to_string(),
        (!edge.required).to_string(),
        storage_text(graph, &graph.relations[edge.relation].storage),
        edge.comment.clone().unwrap_or_default().replace('\n', " "),
    ]
}

fn storage_text(graph: &Graph, storage: &Storage) -> String {
    match storage {
        Storage::ForeignKey(fk) => format!(
            "{}.{} -> {}.id ({}, {}{}, ON DELETE {})",
            graph.entities[fk.holder].table,
            fk.column,
            graph.entities[fk.references].table,
            fk.symbol,
            if fk.nullable { "NULL" } else { "NOT NULL" },
            if fk.unique { ", UNIQUE" } else { "" },
            fk.on_delete.sql()
        ),
        Storage::JoinTable(join) => format!(
            "join {}({}, {}) ({}, {})",
            join.table, join.columns[0], join.columns[1], join.symbols[0], join.symbols[1]
        ),
    }
}

fn indexes_table(entity: &Entity) -> String {
    let header = ["Index", "Columns", "Unique", "Where", "Using"];
    let rows = entity
        .indexes
        .iter()
        .map(|index| {
            let columns: Vec<String> = index
                .columns
                .iter()
                .map(|c| {
                    if c.desc {
                        format!("{} DESC", c.column)
                    } else {
                        c.column.clone()
                    }
                })
                .collect();
            vec![
                index.name.clone(),
                columns.join(", "),
                index.unique.to_string(),
                index.predicate.clone().unwrap_or_default(),
                index.method.clone().unwrap_or_default(),
            ]
        })
        .collect();
    render_table(&header, rows)
}

/// An ASCII table in ent's (tablewriter's) layout, each line indented with a tab.
fn render_table(header: &[&str], rows: Vec<Vec<String>>) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let rule = format!(
        "\t+{}+\n",
        widths
            .iter()
            .map(|w| "-".repeat(w + 2))
            .collect::<Vec<_>>()
            .join("+")
    );
    let line = |cells: &mut dyn Iterator<Item = &str>| {
        let cells: Vec<String> = cells
            .zip(&widths)
            .map(|(c, w)| format!(" {c}{} ", " ".repeat(w - c.chars().count())))
            .collect();
        format!("\t|{}|\n", cells.join("|"))
    };
    let mut out = rule.clone();
    out.push_str(&line(&mut header.iter().copied()));
    out.push_str(&rule);
    for row in &rows {
        out.push_str(&line(&mut row.iter().map(String::as_str)));
    }
    out.push_str(&rule);
    out
}
