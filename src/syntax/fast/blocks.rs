//! The file, its blocks and their bodies, and doc comments: `file`, `block`, `body`,
//! `member_line`, `docs` and `dangling_docs` of the grammar.

use super::cursor::Cursor;
use super::{Miss, Parsed};
use crate::syntax::ast::{Block, BlockKind, Doc, Ident, Member};

/// Doc comment lines read, before it is known whether they document something.
struct DocLines {
    start: usize,
    /// Each line from its `///` to the end of the line.
    lines: Vec<(usize, usize)>,
}

impl Cursor<'_> {
    /// `file = SOI ~ "\u{FEFF}"? ~ NEWLINE* ~ ((block | bad_top) ~ NEWLINE*)* ~ EOI`: any line that is not a
    /// block is a `bad_top`, which pest reports.
    pub(super) fn file(&mut self) -> Parsed<Vec<Block>> {
        let mut blocks = Vec::new();
        // `"\u{FEFF}"?`: a byte order mark.
        if self.pos == 0 && self.starts_with("\u{FEFF}".as_bytes()) {
            self.pos = 3;
        }
        loop {
            self.blank_lines()?;
            if self.at_end() {
                return Ok(blocks);
            }
            blocks.push(self.block()?);
        }
    }

    /// `block = docs? ~ block_kind ~ (ident ~ "{" | bad_header) ~ body ~ block_close`; every
    /// way of failing ends in a diagnostic (`bad_top`, `bad_header`, `unclosed_block`).
    fn block(&mut self) -> Parsed<Block> {
        let start = self.pos;
        let doc = if self.starts_with(b"///") {
            let lines = self.doc_lines()?;
            Some(self.docs_before_item(lines)?)
        } else {
            None
        };
        let kind = if self.keyword(b"entity") {
            BlockKind::Entity
        } else if self.keyword(b"mixin") {
            BlockKind::Mixin
        } else {
            return Err(Miss::GiveUp);
        };
        self.skip()?;
        let name = self.ident().map_err(|_| Miss::GiveUp)?;
        self.skip()?;
        if !self.eat(b'{') {
            return Err(Miss::GiveUp);
        }
        self.skip()?;
        let members = self.body()?;
        self.skip()?;
        if !self.eat(b'}') {
            return Err(Miss::GiveUp);
        }
        Ok(Block {
            kind,
            doc,
            name,
            members,
            span: self.rule_span(start),
        })
    }

    /// `body = NEWLINE* ~ (member_line ~ (NEWLINE+ | &"}"))*`, up to the closing brace.
    fn body(&mut self) -> Parsed<Vec<Member>> {
        let mut members = Vec::new();
        self.blank_lines()?;
        loop {
            if self.at(b'}') {
                return Ok(members);
            }
            if self.at_end() {
                // `unclosed_block`.
                return Err(Miss::GiveUp);
            }
            members.push(self.member_line()?);
            self.skip()?;
            if self.at_newline() {
                self.blank_lines()?;
            } else if !self.at(b'}') {
                return Err(Miss::GiveUp);
            }
        }
    }

    /// `member_line = dangling_docs | docs? ~ (member ~ &line_end | !block_start ~ bad_member)`:
    /// only the documented member followed by the end of its line is valid.
    fn member_line(&mut self) -> Parsed<Member> {
        let doc = if self.starts_with(b"///") {
            let lines = self.doc_lines()?;
            Some(self.docs_before_item(lines)?)
        } else {
            None
        };
        let member = self.member(doc).map_err(|_| Miss::GiveUp)?;
        self.skip()?;
        if self.at_newline() || self.at(b'}') || self.at_end() {
            Ok(member)
        } else {
            Err(Miss::GiveUp)
        }
    }

    /// `doc_comment ~ (NEWLINE ~ doc_comment)*`, the part `docs` and `dangling_docs` share.
    fn doc_lines(&mut self) -> Parsed<DocLines> {
        let start = self.pos;
        let mut lines = vec![self.doc_comment()];
        self.skip()?;
        loop {
            let before = self.pos;
            if !self.newline() {
                break;
            }
            self.skip()?;
            if !self.starts_with(b"///") {
                self.pos = before;
                break;
            }
            lines.push(self.doc_comment());
            self.skip()?;
        }
        Ok(DocLines { start, lines })
    }

    fn doc_comment(&mut self) -> (usize, usize) {
        let start = self.pos;
        self.pos = self.line_end();
        (start, self.pos)
    }

    /// The rest of `docs` (`~ NEWLINE+`), leaving the cursor on the documented item. Doc lines
    /// followed by `}` are `dangling_docs`, and doc lines that end the text document nothing:
    /// both are reported by pest.
    fn docs_before_item(&mut self, doc: DocLines) -> Parsed<Doc> {
        if !self.newline() {
            return Err(Miss::GiveUp);
        }
        // pest reads `NEWLINE+` as `NEWLINE ~ NEWLINE*`: what it skips after the first line
        // break belongs to `docs` even when no second one follows (a block comment there
        // stretches the doc comment's span); after later line breaks it does not.
        self.skip()?;
        let mut end = self.pos;
        while self.newline() {
            end = self.pos;
            self.skip()?;
        }
        if self.at(b'}') || self.at_end() {
            return Err(Miss::GiveUp);
        }
        let text = doc
            .lines
            .iter()
            .map(|&(s, e)| {
                let line = self.text[s..e].trim_end_matches('\r');
                let line = &line[3..];
                line.strip_prefix(' ').unwrap_or(line)
            })
            .collect::<Vec<_>>()
            .join("\n");
        let trimmed_end = doc.start + self.text[doc.start..end].trim_end().len();
        Ok(Doc {
            text,
            span: self.span(doc.start, trimmed_end),
        })
    }

    pub(super) fn ident(&mut self) -> Parsed<Ident> {
        let (start, end) = self.ident_range()?;
        Ok(Ident {
            name: self.text[start..end].to_string(),
            span: self.span(start, end),
        })
    }
}
