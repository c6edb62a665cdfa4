//! Laying out one file: items (blocks, members, comments) with the blank lines between them,
//! aligned runs, and comments attached where they were written.

use crate::diagnostics::{SourceFile, Span};
use crate::syntax::ast::{
    Attribute, Block, Cardinality, Comment, Direction, Doc, Edge, Field, Index, Member, SchemaFile,
};

const INDENT: &str = "    ";

/// Cells longer than this (a long `enum(...)` type, say) overflow their column instead of
/// pushing every other line of the run to the right.
const MAX_ALIGNED_CELL: usize = 20;

/// Formats a whole file.
pub fn format_file(source: &SourceFile, ast: &SchemaFile) -> String {
    let ctx = Ctx {
        source,
        comments: &ast.comments,
    };
    let mut out = String::new();
    let mut items: Vec<TopItem> = ast.blocks.iter().map(TopItem::Block).collect();
    items.extend(
        ast.comments
            .iter()
            .filter(|c| {
                !ast.blocks
                    .iter()
                    .any(|b| contains(b.span, c.span) && !in_doc(b.doc.as_ref(), c))
                    && !ctx.is_trailing_top(c, ast)
            })
            .map(TopItem::Comment),
    );
    // A plain comment between doc lines is printed just above the doc comment.
    items.sort_by_key(|item| match item {
        TopItem::Comment(c) => ast
            .blocks
            .iter()
            .find(|b| in_doc(b.doc.as_ref(), c))
            .map_or((c.span.start, 0), |b| (ctx.block_start(b), 0)),
        TopItem::Block(b) => (ctx.block_start(b), 1),
    });
    let mut previous: Option<&TopItem> = None;
    for item in &items {
        if let Some(prev) = previous {
            let glued = matches!(prev, TopItem::Comment(_))
                && ctx.line_gap(prev.end(), item.start(&ctx)) == 0;
            out.push_str(if glued { "" } else { "\n" });
        }
        match item {
            TopItem::Block(block) => ctx.block(block, ast, &mut out),
            TopItem::Comment(comment) => {
                out.push_str(&comment.text);
                out.push('\n');
            }
        }
        previous = Some(item);
    }
    out
}

enum TopItem<'a> {
    Block(&'a Block),
    Comment(&'a Comment),
}

impl TopItem<'_> {
    fn start(&self, ctx: &Ctx<'_>) -> u32 {
        match self {
            TopItem::Block(b) => ctx.block_start(b),
            TopItem::Comment(c) => c.span.start,
        }
    }
    fn end(&self) -> u32 {
        match self {
            TopItem::Block(b) => b.span.end,
            TopItem::Comment(c) => c.span.end,
        }
    }
}

fn contains(outer: Span, inner: Span) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

/// A plain comment written between the lines of a doc comment.
fn in_doc(doc: Option<&crate::syntax::ast::Doc>, comment: &Comment) -> bool {
    doc.is_some_and(|d| contains(d.span, comment.span))
}

struct Ctx<'a> {
    source: &'a SourceFile,
    comments: &'a [Comment],
}

/// One line of a block body, or a comment on a line of its own.
enum BodyItem<'a> {
    Member(&'a Member),
    Comment(&'a Comment),
}

impl<'a> Ctx<'a> {
    fn text(&self, span: Span) -> &'a str {
        &self.source.text[span.range()]
    }

    fn line(&self, offset: u32) -> usize {
        self.source.line_col(offset as usize).line
    }

    /// Blank lines between the end of one thing and the start of the next.
    fn line_gap(&self, end: u32, start: u32) -> usize {
        let (end_line, start_line) = (self.line(end.saturating_sub(1)), self.line(start));
        let blank = (end_line + 1..start_line)
            .filter(|&l| self.source.line_text(l).trim().is_empty())
            .count();
        blank.min(1)
    }

    fn block_start(&self, block: &Block) -> u32 {
        block
            .doc
            .as_ref()
            .map_or(block.span.start, |d| d.span.start)
    }

    /// A comment after a block's `}` on the same line.
    fn is_trailing_top(&self, comment: &Comment, ast: &SchemaFile) -> bool {
        ast.blocks.iter().any(|b| {
            comment.span.start >= b.span.end
                && self.line(b.span.end - 1) == self.line(comment.span.start)
        })
    }

    fn trailing_comments(&self, start: u32, end: u32) -> Vec<&'a Comment> {
        // Comments inside the member (between its tokens) and after it on its last line.
        let last_line = self.line(end.saturating_sub(1));
        self.comments
            .iter()
            .filter(|c| {
                c.span.start >= start
                    && (c.span.start < end || self.line(c.span.start) == last_line)
            })
            .collect()
    }

    fn doc(&self, doc: Option<&Doc>, indent: &str, out: &mut String) {
        for line in doc.map(doc_lines).unwrap_or_default() {
            out.push_str(indent);
            out.push_str(&line);
            out.push('\n');
        }
    }

    fn block(&self, block: &Block, ast: &SchemaFile, out: &mut String) {
        self.doc(block.doc.as_ref(), "", out);
        out.push_str(&format!("{} {} {{", block.kind.keyword(), block.name.name));
        let header_line = self.line(block.name.span.start);
        let body = self.body_items(block);
        let header_comments: Vec<&Comment> = self
            .comments
            .iter()
            .filter(|c| contains(block.span, c.span) && self.line(c.span.start) == header_line)
            .collect();
        let close_comments: Vec<&Comment> = ast
            .comments
            .iter()
            .filter(|c| {
                c.span.start >= block.span.end
                    && self.line(block.span.end - 1) == self.line(c.span.start)
            })
            .collect();
        if body.is_empty() && header_comments.is_empty() {
            out.push('}');
        } else {
            for comment in &header_comments {
                out.push(' ');
                out.push_str(&comment.text);
            }
            out.push('\n');
            self.body(&body, out);
            out.push('}');
        }
        for comment in close_comments {
            out.push(' ');
            out.push_str(&comment.text);
        }
        out.push('\n');
    }

    /// Members and own-line comments of a block, in source order.
    fn body_items(&self, block: &'a Block) -> Vec<BodyItem<'a>> {
        let header_line = self.line(block.name.span.start);
        let mut items: Vec<BodyItem<'a>> = block.members.iter().map(BodyItem::Member).collect();
        let trailing: Vec<&Comment> = block
            .members
            .iter()
            .flat_map(|m| self.trailing_comments(m.span().start, m.span().end))
            .collect();
        items.extend(
            self.comments
                .iter()
                .filter(|c| contains(block.span, c.span))
                .filter(|c| self.line(c.span.start) != header_line)
                .filter(|c| !trailing.iter().any(|t| t.span == c.span))
                .filter(|c| !in_doc(block.doc.as_ref(), c))
                .map(BodyItem::Comment),
        );
        // A plain comment between doc lines is printed just above the doc comment.
        items.sort_by_key(|item| match item {
            BodyItem::Comment(c) => block
                .members
                .iter()
                .find(|m| in_doc(m.doc(), c))
                .map_or((c.span.start, 0), |m| {
                    (self.item_start(&BodyItem::Member(m)), 0)
                }),
            BodyItem::Member(_) => (self.item_start(item), 1),
        });
        items
    }

    fn body(&self, items: &[BodyItem<'a>], out: &mut String) {
        let mut i = 0;
        let mut previous_end: Option<u32> = None;
        while i < items.len() {
            let start = self.item_start(&items[i]);
            if previous_end.is_some_and(|end| self.line_gap(end, start) > 0) {
                out.push('\n');
            }
            // A run: consecutive members of one alignable kind with no blank line between.
            let mut j = i + 1;
            while j < items.len()
                && same_kind(&items[i], &items[j])
                && self.line_gap(self.item_end(&items[j - 1]), self.item_start(&items[j])) == 0
            {
                j += 1;
            }
            self.run(&items[i..j], out);
            previous_end = Some(self.item_end(&items[j - 1]));
            i = j;
        }
    }

    fn item_start(&self, item: &BodyItem<'_>) -> u32 {
        match item {
            BodyItem::Member(m) => m.doc().map_or(m.span().start, |d| d.span.start),
            BodyItem::Comment(c) => c.span.start,
        }
    }

    fn item_end(&self, item: &BodyItem<'_>) -> u32 {
        match item {
            // Its trailing comments are printed on its line, so they end it: a block comment
            // that spans lines after the member must not open a gap the next run would see
            // (it did, and `fmt` aligned differently on its second pass).
            BodyItem::Member(m) => {
                let span = m.span();
                self.trailing_comments(span.start, span.end)
                    .iter()
                    .map(|c| c.span.end)
                    .fold(span.end, u32::max)
            }
            BodyItem::Comment(c) => c.span.end,
        }
    }

    /// Renders aligned lines: each member as columns, padded to the run's widths.
    fn run(&self, items: &[BodyItem<'a>], out: &mut String) {
        let rows: Vec<Row> = items.iter().map(|item| self.row(item)).collect();
        let columns = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
        let mut widths = vec![0usize; columns];
        for row in &rows {
            // The last cell is never padded, so it does not widen its column.
            for (k, cell) in row
                .cells
                .iter()
                .enumerate()
                .take(row.cells.len().saturating_sub(1))
            {
                let len = cell.chars().count();
                if len <= MAX_ALIGNED_CELL {
                    widths[k] = widths[k].max(len);
                }
            }
        }
        let line_widths: Vec<usize> = rows
            .iter()
            .map(|row| join_cells(&row.cells, &widths).chars().count())
            .collect();
        // Trailing comments line up with each other, not with the longest line of the run.
        let comment_column = rows
            .iter()
            .zip(&line_widths)
            .filter(|(row, _)| !row.trailing.is_empty())
            .map(|(_, w)| *w)
            .max()
            .unwrap_or(0);
        for (row, width) in rows.iter().zip(line_widths) {
            for doc_line in &row.doc {
                out.push_str(INDENT);
                out.push_str(doc_line);
                out.push('\n');
            }
            out.push_str(INDENT);
            let line = join_cells(&row.cells, &widths);
            out.push_str(&line);
            if !row.trailing.is_empty() {
                let pad = if row.cells.is_empty() {
                    0
                } else {
                    comment_column - width + 1
                };
                out.push_str(&" ".repeat(pad));
                out.push_str(&row.trailing.join(" "));
            }
            out.push('\n');
        }
    }

    fn row(&self, item: &BodyItem<'a>) -> Row {
        match item {
            BodyItem::Comment(c) => Row {
                doc: Vec::new(),
                cells: Vec::new(),
                trailing: vec![c.text.clone()],
            },
            BodyItem::Member(member) => {
                let span = member.span();
                let doc = member.doc().map(doc_lines).unwrap_or_default();
                let trailing = self
                    .trailing_comments(span.start, span.end)
                    .into_iter()
                    .map(|c| c.text.clone())
                    .collect();
                Row {
                    doc,
                    cells: self.member_cells(member),
                    trailing,
                }
            }
        }
    }

    fn member_cells(&self, member: &Member) -> Vec<String> {
        match member {
            Member::Field(field) => self.field_cells(field),
            Member::Edge(edge) => self.edge_cells(edge),
            Member::Index(index) => vec![self.index_line(index)],
            Member::Use(use_decl) => vec![format!("use {}", use_decl.mixin.name)],
            Member::BlockAttribute(attribute) => vec![self.attribute(attribute, "@@")],
        }
    }

    fn field_cells(&self, field: &Field) -> Vec<String> {
        let mut ty = field.ty.name.name.clone();
        if let Some(values) = &field.ty.enum_values {
            let values: Vec<&str> = values.iter().map(|v| self.text(v.span)).collect();
            ty.push_str(&format!("({})", values.join(", ")));
        }
        if field.ty.optional {
            ty.push('?');
        }
        let mut cells = vec![field.name.name.clone(), ty];
        if !field.attributes.is_empty() {
            cells.push(self.attributes(&field.attributes));
        }
        cells
    }

    fn edge_cells(&self, edge: &Edge) -> Vec<String> {
        let mark = match edge.cardinality {
            Cardinality::Many => "[]",
            Cardinality::Optional => "?",
            Cardinality::Required => "",
        };
        let target = match (&edge.direction, &edge.reference) {
            (Direction::From, Some(reference)) => {
                format!("from {}.{}{mark}", edge.target.name, reference.name)
            }
            _ => format!("to {}{mark}", edge.target.name),
        };
        let mut cells = vec![format!("edge {}", edge.name.name), target];
        if !edge.attributes.is_empty() {
            cells.push(self.attributes(&edge.attributes));
        }
        cells
    }

    fn index_line(&self, index: &Index) -> String {
        let columns: Vec<&str> = index.columns.iter().map(|c| c.name.as_str()).collect();
        let mut line = format!("index ({})", columns.join(", "));
        if !index.attributes.is_empty() {
            line.push(' ');
            line.push_str(&self.attributes(&index.attributes));
        }
        line
    }

    fn attributes(&self, attributes: &[Attribute]) -> String {
        attributes
            .iter()
            .map(|a| self.attribute(a, "@"))
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn attribute(&self, attribute: &Attribute, sigil: &str) -> String {
        let mut text = format!("{sigil}{}", attribute.name.name);
        if let Some(args) = &attribute.args {
            let args: Vec<String> = args
                .iter()
                .map(|arg| {
                    let value = self.text(arg.value.span);
                    match &arg.key {
                        Some(key) => format!("{}: {value}", key.name),
                        None => value.to_string(),
                    }
                })
                .collect();
            text.push_str(&format!("({})", args.join(", ")));
        }
        text
    }
}

/// A doc comment's lines as `/// text`. Rendered from the doc's text, not its span, because
/// plain comments may sit between doc lines (they are printed on their own).
fn doc_lines(doc: &Doc) -> Vec<String> {
    doc.text
        .lines()
        .map(|line| {
            if line.is_empty() {
                "///".to_string()
            } else {
                format!("/// {line}")
            }
        })
        .collect()
}

struct Row {
    doc: Vec<String>,
    cells: Vec<String>,
    trailing: Vec<String>,
}

fn join_cells(cells: &[String], widths: &[usize]) -> String {
    let mut line = String::new();
    for (k, cell) in cells.iter().enumerate() {
        if k > 0 {
            line.push(' ');
        }
        line.push_str(cell);
        if k + 1 < cells.len() {
            line.push_str(&" ".repeat(widths[k].saturating_sub(cell.chars().count())));
        }
    }
    line
}

fn same_kind(a: &BodyItem<'_>, b: &BodyItem<'_>) -> bool {
    matches!(
        (a, b),
        (
            BodyItem::Member(Member::Field(_)),
            BodyItem::Member(Member::Field(_))
        ) | (
            BodyItem::Member(Member::Edge(_)),
            BodyItem::Member(Member::Edge(_))
        )
    )
}
