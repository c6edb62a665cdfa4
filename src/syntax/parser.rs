//! Text → [`SchemaFile`]: runs the pest grammar and lowers its pairs, one function per rule.
//!
//! The grammar catches bad lines instead of failing (see `grammar/schema.pest`), so a file always
//! yields a tree plus the diagnostics of every line that did not make sense.

use pest::Parser as _;
use pest::iterators::Pair;

use super::ast::*;
use super::expected::explain_bad_text;
use super::literal::{decode_string, parse_float, parse_int, unclosed_quote};
use crate::diagnostics::{Diagnostics, FileId, Span, messages};

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/schema.pest"]
#[grammar = "../grammar/comments_fast.pest"]
pub(crate) struct SchemaParser;

/// Files larger than this are cut at top-level block boundaries and the pieces parsed on
/// separate threads (a 1000-entity schema is about 560 KB).
pub const PARALLEL_CHUNK_BYTES: usize = 192 * 1024;

/// Parses one file. Never fails: problems become diagnostics and the tree holds what could be read.
pub fn parse_file(file: FileId, text: &str, diagnostics: &mut Diagnostics) -> SchemaFile {
    parse_file_in_chunks(file, text, diagnostics, PARALLEL_CHUNK_BYTES)
}

/// [`parse_file`] with the chunk size as a parameter, so tests can force the split on small
/// inputs and check it changes nothing.
pub fn parse_file_in_chunks(
    file: FileId,
    text: &str,
    diagnostics: &mut Diagnostics,
    chunk_bytes: usize,
) -> SchemaFile {
    let comments = super::comments::scan(file, text, diagnostics);
    let cuts = super::chunks::cut_points(text, &comments, chunk_bytes);
    let ranges: Vec<(usize, usize)> = std::iter::once(0)
        .chain(cuts.iter().copied())
        .zip(cuts.iter().copied().chain(std::iter::once(text.len())))
        .collect();
    let parsed: Vec<(Vec<Block>, Diagnostics)> = if ranges.len() == 1 {
        vec![parse_chunk(file, text, 0)]
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = ranges
                .iter()
                .map(|&(start, end)| {
                    scope.spawn(move || parse_chunk(file, &text[start..end], start))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .collect()
        })
    };
    // A syntax error can make a run of bad lines span a cut, which the whole-file parse reports
    // as one mistake; files with errors are therefore parsed again in one piece. Valid files,
    // the common case, keep the parallel result, which is then exactly the whole-file parse.
    let parsed = if parsed.len() > 1 && parsed.iter().any(|(_, d)| !d.is_empty()) {
        vec![parse_chunk(file, text, 0)]
    } else {
        parsed
    };
    let mut blocks = Vec::new();
    for (chunk_blocks, chunk_diagnostics) in parsed {
        blocks.extend(chunk_blocks);
        diagnostics.extend(chunk_diagnostics);
    }
    SchemaFile { blocks, comments }
}

/// Parses `text` with the hand-written parser only (see `syntax::fast`), in one piece: `None`
/// when it gives up, i.e. when the text is not plainly valid. Tests compare it with
/// [`parse_file_with_pest`].
pub fn parse_file_fast(file: FileId, text: &str) -> Option<SchemaFile> {
    let mut diagnostics = Diagnostics::new();
    let comments = super::comments::scan(file, text, &mut diagnostics);
    if !diagnostics.is_empty() {
        return None;
    }
    let blocks = super::fast::parse_blocks(file, text, 0)?;
    Some(SchemaFile { blocks, comments })
}

/// Parses `text` with the pest grammar only, in one piece: the specification the fast path
/// must agree with.
pub fn parse_file_with_pest(file: FileId, text: &str, diagnostics: &mut Diagnostics) -> SchemaFile {
    let comments = super::comments::scan(file, text, diagnostics);
    let (blocks, chunk_diagnostics) = parse_chunk_with_pest(file, text, 0);
    diagnostics.extend(chunk_diagnostics);
    SchemaFile { blocks, comments }
}

/// Parses `text`, which starts at byte `base` of the file: the fast parser when the text is
/// plainly valid, pest (and its diagnostics) otherwise.
fn parse_chunk(file: FileId, text: &str, base: usize) -> (Vec<Block>, Diagnostics) {
    match super::fast::parse_blocks(file, text, base) {
        Some(blocks) => (blocks, Diagnostics::new()),
        None => parse_chunk_with_pest(file, text, base),
    }
}

fn parse_chunk_with_pest(file: FileId, text: &str, base: usize) -> (Vec<Block>, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let mut lowering = Lowering {
        file,
        text,
        base,
        diagnostics: &mut diagnostics,
    };
    let blocks = match SchemaParser::parse(Rule::file, text) {
        Ok(mut pairs) => {
            let file_pair = pairs.next().expect("the file rule yields one pair");
            lowering.file(file_pair)
        }
        // The grammar's catch-all rules accept any text, so this is only reached if pest gives
        // up (e.g. its call limit); report it instead of panicking.
        Err(error) => {
            let offset = base
                + match error.location {
                    pest::error::InputLocation::Pos(p) => p,
                    pest::error::InputLocation::Span((s, _)) => s,
                };
            lowering
                .diagnostics
                .push(messages::unparsable_file(Span::new(file, offset, offset)));
            Vec::new()
        }
    };
    (blocks, diagnostics)
}

struct Lowering<'a> {
    file: FileId,
    /// The chunk being lowered, which starts at byte `base` of the file; spans are file offsets.
    text: &'a str,
    base: usize,
    diagnostics: &'a mut Diagnostics,
}

/// Children of a pair, without the comments pest interleaves (they are collected separately).
fn children<'i>(pair: Pair<'i, Rule>) -> impl Iterator<Item = Pair<'i, Rule>> {
    pair.into_inner()
}

impl Lowering<'_> {
    /// Where a pair was written, without trailing blanks: a rule ending in an optional part
    /// (`attr_args?`) keeps the blanks pest skipped before trying it, which would otherwise
    /// stretch a caret past the attribute.
    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let s = pair.as_span();
        let end = s.start() + s.as_str().trim_end_matches([' ', '\t']).len();
        Span::new(self.file, self.base + s.start(), self.base + end)
    }

    /// The text under a (file-offset) span of this chunk.
    fn slice(&self, span: Span) -> &str {
        &self.text[span.start as usize - self.base..span.end as usize - self.base]
    }

    fn ident(&self, pair: Pair<'_, Rule>) -> Ident {
        Ident {
            name: pair.as_str().to_string(),
            span: self.span(&pair),
        }
    }

    fn file(&mut self, pair: Pair<'_, Rule>) -> Vec<Block> {
        let mut blocks = Vec::new();
        let mut bad_run: Option<Span> = None;
        for child in children(pair) {
            match child.as_rule() {
                Rule::block => {
                    self.flush_bad_top(&mut bad_run);
                    if let Some(block) = self.block(child) {
                        blocks.push(block);
                    }
                }
                // Consecutive bad lines are one mistake (usually a broken header whose body
                // followed it), so they make one diagnostic.
                Rule::bad_top => {
                    let span = self.span(&child);
                    bad_run = Some(bad_run.map_or(span, |run| run.to(span)));
                }
                _ => {}
            }
        }
        self.flush_bad_top(&mut bad_run);
        blocks
    }

    fn flush_bad_top(&mut self, run: &mut Option<Span>) {
        let Some(span) = run.take() else { return };
        let first_line_end = self
            .slice(span)
            .find('\n')
            .map_or(span.end as usize, |i| span.start as usize + i);
        let line = Span::new(self.file, span.start as usize, first_line_end);
        let text = self.slice(line);
        let diagnostic = if text.trim_start().starts_with("///") {
            // Doc lines above a broken header (`entity Customer` without `{`): the header is
            // the mistake, not the doc comment.
            match self.first_line_after_docs(span) {
                Some(header) => {
                    let text = self.slice(header);
                    let explained = explain_bad_text(super::strict::Rule::top_strict, text, header);
                    messages::expected_block(explained)
                }
                None => messages::doc_comment_documents_nothing(line),
            }
        } else {
            let explained = explain_bad_text(super::strict::Rule::top_strict, text, line);
            messages::expected_block(explained)
        };
        self.diagnostics.push(diagnostic);
    }

    /// The first line of a run of bad top-level lines that is not a doc comment, a plain
    /// comment or blank.
    fn first_line_after_docs(&self, run: Span) -> Option<Span> {
        let mut start = run.start as usize;
        for line in self.slice(run).split_inclusive('\n') {
            let trimmed = line.trim();
            if !trimmed.is_empty() && !trimmed.starts_with("//") {
                let end = start + line.trim_end().len();
                return Some(Span::new(self.file, start, end));
            }
            start += line.len();
        }
        None
    }

    fn docs(&self, pair: Pair<'_, Rule>) -> Doc {
        let span = self.span(&pair);
        let lines: Vec<&str> = children(pair)
            .filter(|p| p.as_rule() == Rule::doc_comment)
            .map(|p| {
                let text = p.as_str().trim_end_matches('\r');
                let text = &text[3..];
                text.strip_prefix(' ').unwrap_or(text)
            })
            .collect();
        let end = span.start as usize + self.slice(span).trim_end().len();
        Doc {
            text: lines.join("\n"),
            span: Span::new(self.file, span.start as usize, end),
        }
    }

    fn block(&mut self, pair: Pair<'_, Rule>) -> Option<Block> {
        let span = self.span(&pair);
        let mut doc = None;
        let mut kind = BlockKind::Entity;
        let mut name = None;
        let mut members = Vec::new();
        for child in children(pair) {
            match child.as_rule() {
                Rule::docs => doc = Some(self.docs(child)),
                Rule::kw_entity => kind = BlockKind::Entity,
                Rule::kw_mixin => kind = BlockKind::Mixin,
                Rule::ident => name = Some(self.ident(child)),
                Rule::bad_header => {
                    let header = self.span(&child);
                    let text = child.as_str().trim_end_matches('{').trim();
                    self.diagnostics
                        .push(messages::invalid_block_name(kind, text, header));
                }
                Rule::body => members = self.body(child),
                Rule::block_close => {
                    let close = child.into_inner().next();
                    if close.is_some_and(|c| c.as_rule() == Rule::unclosed_block)
                        && let Some(name) = &name
                    {
                        self.diagnostics.push(messages::unclosed_block(kind, name));
                    }
                }
                _ => {}
            }
        }
        Some(Block {
            kind,
            doc,
            name: name?,
            members,
            span,
        })
    }

    fn body(&mut self, pair: Pair<'_, Rule>) -> Vec<Member> {
        children(pair)
            .filter(|p| p.as_rule() == Rule::member_line)
            .filter_map(|line| self.member_line(line))
            .collect()
    }

    fn member_line(&mut self, pair: Pair<'_, Rule>) -> Option<Member> {
        let mut doc = None;
        for child in children(pair) {
            match child.as_rule() {
                Rule::docs => doc = Some(self.docs(child)),
                Rule::dangling_docs => {
                    let docs = self.docs(child);
                    self.diagnostics
                        .push(messages::doc_comment_documents_nothing(docs.span));
                }
                Rule::bad_member => {
                    let span = self.span(&child);
                    let text = child.as_str();
                    let trimmed_len = text.trim_end().len();
                    let span = Span::new(
                        self.file,
                        span.start as usize,
                        span.start as usize + trimmed_len,
                    );
                    self.bad_member(&text[..trimmed_len], span);
                }
                Rule::field_decl => return Some(Member::Field(self.field(child, doc))),
                Rule::edge_decl => return Some(Member::Edge(self.edge(child, doc))),
                Rule::index_decl => return Some(Member::Index(self.index(child, doc))),
                Rule::use_decl => {
                    self.doc_not_allowed(doc.as_ref(), "a `use` line");
                    return Some(Member::Use(self.use_decl(child)));
                }
                Rule::block_attribute => {
                    self.doc_not_allowed(doc.as_ref(), "an entity attribute");
                    return Some(Member::BlockAttribute(self.attribute(child)));
                }
                _ => {}
            }
        }
        None
    }

    /// A member line that does not parse: an unclosed string explains it best; otherwise the
    /// place where the line stops making sense.
    fn bad_member(&mut self, text: &str, span: Span) {
        if let Some(quote) = unclosed_quote(text) {
            let start = span.start as usize + quote;
            let string = Span::new(self.file, start, span.end as usize);
            self.diagnostics.push(messages::unclosed_string(string));
            return;
        }
        let explained = explain_bad_text(super::strict::Rule::member_strict, text, span);
        self.diagnostics.push(messages::invalid_member(explained));
    }

    fn doc_not_allowed(&mut self, doc: Option<&Doc>, what: &str) {
        if let Some(doc) = doc {
            self.diagnostics
                .push(messages::doc_comment_not_allowed(doc.span, what));
        }
    }

    fn field(&mut self, pair: Pair<'_, Rule>, doc: Option<Doc>) -> Field {
        let span = self.span(&pair);
        let mut inner = children(pair);
        let name = self.ident(inner.next().expect("field name"));
        let ty = self.field_type(inner.next().expect("field type"));
        let attributes = inner.map(|a| self.attribute(a)).collect();
        Field {
            doc,
            name,
            ty,
            attributes,
            span,
        }
    }

    fn field_type(&mut self, pair: Pair<'_, Rule>) -> TypeExpr {
        let span = self.span(&pair);
        let mut name = None;
        let mut enum_values = None;
        let mut optional = false;
        for child in children(pair) {
            match child.as_rule() {
                Rule::ident => name = Some(self.ident(child)),
                Rule::enum_values => {
                    enum_values = Some(children(child).filter_map(|v| self.enum_value(v)).collect())
                }
                Rule::optional_mark => optional = true,
                _ => {}
            }
        }
        TypeExpr {
            name: name.expect("type name"),
            enum_values,
            optional,
            span,
        }
    }

    fn enum_value(&mut self, pair: Pair<'_, Rule>) -> Option<EnumValue> {
        let span = self.span(&pair);
        let (value, quoted) = match pair.as_rule() {
            Rule::ident => (pair.as_str().to_string(), false),
            _ => match self.literal(pair).kind {
                LiteralKind::String(s) => (s, true),
                _ => return None,
            },
        };
        Some(EnumValue {
            value,
            quoted,
            span,
        })
    }

    fn edge(&mut self, pair: Pair<'_, Rule>, doc: Option<Doc>) -> Edge {
        let span = self.span(&pair);
        let mut inner = children(pair).skip(1); // `edge`
        let name = self.ident(inner.next().expect("edge name"));
        let target_pair = inner.next().expect("edge target");
        let direction = match target_pair.as_rule() {
            Rule::edge_from => Direction::From,
            _ => Direction::To,
        };
        let mut target = None;
        let mut reference = None;
        let mut cardinality = Cardinality::Required;
        for child in children(target_pair) {
            match child.as_rule() {
                Rule::ident if target.is_none() => target = Some(self.ident(child)),
                Rule::ident => reference = Some(self.ident(child)),
                Rule::cardinality => {
                    cardinality = match child.into_inner().next().map(|c| c.as_rule()) {
                        Some(Rule::many) => Cardinality::Many,
                        _ => Cardinality::Optional,
                    }
                }
                _ => {}
            }
        }
        let attributes = inner.map(|a| self.attribute(a)).collect();
        Edge {
            doc,
            name,
            direction,
            target: target.expect("edge target name"),
            reference,
            cardinality,
            attributes,
            span,
        }
    }

    fn index(&mut self, pair: Pair<'_, Rule>, doc: Option<Doc>) -> Index {
        let span = self.span(&pair);
        let mut columns = Vec::new();
        let mut attributes = Vec::new();
        for child in children(pair) {
            match child.as_rule() {
                Rule::index_columns => columns = children(child).map(|c| self.ident(c)).collect(),
                Rule::attribute => attributes.push(self.attribute(child)),
                _ => {}
            }
        }
        Index {
            doc,
            columns,
            attributes,
            span,
        }
    }

    fn use_decl(&mut self, pair: Pair<'_, Rule>) -> Use {
        let span = self.span(&pair);
        let mixin = children(pair)
            .find(|p| p.as_rule() == Rule::ident)
            .map(|p| self.ident(p))
            .expect("mixin name");
        Use { mixin, span }
    }

    fn attribute(&mut self, pair: Pair<'_, Rule>) -> Attribute {
        let span = self.span(&pair);
        let mut inner = children(pair);
        let name_pair = inner.next().expect("attribute name");
        let name_span = self.span(&name_pair);
        let at_signs = if name_pair.as_rule() == Rule::block_attr_name {
            2
        } else {
            1
        };
        let name = Ident {
            name: name_pair.as_str()[at_signs..].to_string(),
            span: Span::new(
                self.file,
                name_span.start as usize + at_signs,
                name_span.end as usize,
            ),
        };
        let args = inner
            .next()
            .map(|args| children(args).map(|a| self.arg(a)).collect());
        Attribute { name, args, span }
    }

    fn arg(&mut self, pair: Pair<'_, Rule>) -> Arg {
        let span = self.span(&pair);
        let mut key = None;
        let mut value = None;
        for child in children(pair) {
            match child.as_rule() {
                Rule::arg_key => key = child.into_inner().next().map(|k| self.ident(k)),
                _ => value = Some(self.literal(child)),
            }
        }
        Arg {
            key,
            value: value.expect("argument value"),
            span,
        }
    }

    fn literal(&mut self, pair: Pair<'_, Rule>) -> Literal {
        let span = self.span(&pair);
        let text = pair.as_str();
        let kind = match pair.as_rule() {
            Rule::string => LiteralKind::String(decode_string(text, span, self.diagnostics)),
            Rule::raw_string => {
                let body = pair
                    .into_inner()
                    .find(|p| {
                        matches!(
                            p.as_rule(),
                            Rule::raw_body_0
                                | Rule::raw_body_1
                                | Rule::raw_body_2
                                | Rule::raw_body_3
                        )
                    })
                    .map_or("", |p| p.as_str());
                LiteralKind::String(body.to_string())
            }
            Rule::unclosed_string => {
                self.diagnostics.push(messages::unclosed_string(span));
                LiteralKind::String(text[1..].to_string())
            }
            Rule::int => LiteralKind::Int(parse_int(text, span, self.diagnostics)),
            Rule::float => LiteralKind::Float(parse_float(text)),
            Rule::bool => LiteralKind::Bool(text == "true"),
            _ => LiteralKind::Ident(text.to_string()),
        };
        Literal { kind, span }
    }
}
