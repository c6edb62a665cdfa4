//! The lexical layer of the fast parser: position, pest's implicit skipping (blanks and
//! comments), line breaks, identifiers, keywords and spans.

use super::{Miss, Parsed};
use crate::diagnostics::{FileId, Span};

pub(super) struct Cursor<'a> {
    pub(super) file: FileId,
    /// The text being parsed, which starts at byte `base` of the file.
    pub(super) text: &'a str,
    pub(super) bytes: &'a [u8],
    pub(super) base: usize,
    pub(super) pos: usize,
}

/// `ident_char` of the grammar.
pub(super) fn is_ident_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

impl<'a> Cursor<'a> {
    pub(super) fn new(file: FileId, text: &'a str, base: usize) -> Cursor<'a> {
        Cursor {
            file,
            text,
            bytes: text.as_bytes(),
            base,
            pos: 0,
        }
    }

    pub(super) fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    pub(super) fn peek_at(&self, offset: usize) -> Option<u8> {
        self.bytes.get(self.pos + offset).copied()
    }

    pub(super) fn at(&self, b: u8) -> bool {
        self.peek() == Some(b)
    }

    pub(super) fn at_end(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    pub(super) fn starts_with(&self, s: &[u8]) -> bool {
        self.bytes[self.pos..].starts_with(s)
    }

    /// Consumes `b` if it is next.
    pub(super) fn eat(&mut self, b: u8) -> bool {
        let found = self.at(b);
        if found {
            self.pos += 1;
        }
        found
    }

    /// `"\n"` or `"\r\n"` (a lone `\r` was ruled out before parsing).
    pub(super) fn at_newline(&self) -> bool {
        matches!(self.peek(), Some(b'\n' | b'\r'))
    }

    /// Consumes one line break if it is next.
    pub(super) fn newline(&mut self) -> bool {
        match self.peek() {
            Some(b'\n') => {
                self.pos += 1;
                true
            }
            Some(b'\r') => {
                self.pos += 2;
                true
            }
            _ => false,
        }
    }

    /// The end of the current line: the next line break or the end of the text.
    pub(super) fn line_end(&self) -> usize {
        self.bytes[self.pos..]
            .iter()
            .position(|&b| b == b'\n' || b == b'\r')
            .map_or(self.bytes.len(), |i| self.pos + i)
    }

    /// pest's implicit skip between two tokens of a non-atomic rule: spaces, tabs and comments
    /// (a block comment may span lines: the tokens around it are then on one line for the
    /// grammar). A block comment never closed is reported: left to pest.
    pub(super) fn skip(&mut self) -> Parsed<()> {
        loop {
            while matches!(self.peek(), Some(b' ' | b'\t')) {
                self.pos += 1;
            }
            if !self.at(b'/') {
                return Ok(());
            }
            match self.peek_at(1) {
                Some(b'*') => self.pos = self.block_comment_end()?,
                Some(b'/') if self.is_line_comment() => self.pos = self.line_end(),
                _ => return Ok(()),
            }
        }
    }

    /// At `/*`: just after the first `*/` (block comments do not nest).
    fn block_comment_end(&self) -> Parsed<usize> {
        let body = self.pos + 2;
        self.bytes[body..]
            .windows(2)
            .position(|w| w == b"*/")
            .map(|i| body + i + 2)
            .ok_or(Miss::GiveUp)
    }

    /// At `//`: a plain comment unless it is a doc comment (`///` but not `////`).
    fn is_line_comment(&self) -> bool {
        self.peek_at(2) != Some(b'/') || self.peek_at(3) == Some(b'/')
    }

    /// Line breaks and what pest skips around them (`NEWLINE*` between skips).
    pub(super) fn blank_lines(&mut self) -> Parsed<()> {
        self.skip()?;
        while self.newline() {
            self.skip()?;
        }
        Ok(())
    }

    /// An identifier: its start and end.
    pub(super) fn ident_range(&mut self) -> Parsed<(usize, usize)> {
        let start = self.pos;
        match self.peek() {
            Some(b) if b.is_ascii_alphabetic() || b == b'_' => self.pos += 1,
            _ => return Err(Miss::NoMatch),
        }
        while self.peek().is_some_and(is_ident_char) {
            self.pos += 1;
        }
        Ok((start, self.pos))
    }

    /// A keyword not followed by an identifier character (`kw_*` of the grammar).
    pub(super) fn keyword(&mut self, word: &[u8]) -> bool {
        let matched = self.starts_with(word)
            && !self
                .bytes
                .get(self.pos + word.len())
                .copied()
                .is_some_and(is_ident_char);
        if matched {
            self.pos += word.len();
        }
        matched
    }

    /// A file span of chunk offsets.
    pub(super) fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, self.base + start, self.base + end)
    }

    /// The span of a rule that started at `start` and ends here, without trailing blanks, as the
    /// pest lowering computes it.
    pub(super) fn rule_span(&self, start: usize) -> Span {
        let mut end = self.pos;
        while end > start && matches!(self.bytes[end - 1], b' ' | b'\t') {
            end -= 1;
        }
        self.span(start, end)
    }
}
