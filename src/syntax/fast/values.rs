//! Attributes and literals: `attribute`, `block_attribute`, `attr_args`, `attr_arg`, `value`,
//! `enum_value` and the atomic literal rules. A literal pest would report (an unclosed string,
//! an unknown escape, an integer out of range) or that this parser does not follow (a raw string
//! it cannot close) gives up.

use super::cursor::{Cursor, is_ident_char};
use super::{Miss, Parsed};
use crate::diagnostics::Diagnostics;
use crate::syntax::ast::{Arg, Attribute, EnumValue, Literal, LiteralKind};
use crate::syntax::literal::{decode_string, parse_float};

impl Cursor<'_> {
    /// `attribute*`, after the skip that precedes it.
    pub(super) fn attributes(&mut self) -> Parsed<Vec<Attribute>> {
        let mut attributes = Vec::new();
        loop {
            let before = self.pos;
            if !attributes.is_empty() {
                self.skip()?;
            }
            match self.attribute(1) {
                Ok(attribute) => attributes.push(attribute),
                Err(Miss::NoMatch) => {
                    self.pos = before;
                    return Ok(attributes);
                }
                Err(Miss::GiveUp) => return Err(Miss::GiveUp),
            }
        }
    }

    /// `block_attribute = block_attr_name ~ attr_args?`
    pub(super) fn block_attribute(&mut self) -> Parsed<Attribute> {
        self.attribute(2)
    }

    /// `attribute = attr_name ~ attr_args?` (`at_signs` = 1) or `block_attribute` (2).
    fn attribute(&mut self, at_signs: usize) -> Parsed<Attribute> {
        let start = self.pos;
        for _ in 0..at_signs {
            if !self.eat(b'@') {
                return Err(Miss::NoMatch);
            }
        }
        let name = self.ident()?;
        self.skip()?;
        let before_args = self.pos;
        let args = match self.parenthesized_list(|cursor| cursor.attr_arg()) {
            Ok(args) => Some(args),
            Err(Miss::NoMatch) => {
                self.pos = before_args;
                None
            }
            Err(Miss::GiveUp) => return Err(Miss::GiveUp),
        };
        Ok(Attribute {
            name,
            args,
            span: self.rule_span(start),
        })
    }

    /// `attr_arg = (arg_key ~ ":")? ~ value`
    fn attr_arg(&mut self) -> Parsed<Arg> {
        let start = self.pos;
        let key = match self.ident() {
            Ok(key) => {
                self.skip()?;
                if self.eat(b':') {
                    Some(key)
                } else {
                    self.pos = start;
                    None
                }
            }
            Err(_) => {
                self.pos = start;
                None
            }
        };
        self.skip()?;
        let value = self.value()?;
        Ok(Arg {
            key,
            value,
            span: self.rule_span(start),
        })
    }

    /// `value`: dispatched on the first character like the grammar's silent rule.
    fn value(&mut self) -> Parsed<Literal> {
        let start = self.pos;
        let kind = match self.peek() {
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(b'"') => LiteralKind::String(self.string()?),
            Some(b'r') if matches!(self.peek_at(1), Some(b'"' | b'#')) => {
                LiteralKind::String(self.raw_string()?)
            }
            _ => {
                if let Some(value) = self.bool() {
                    LiteralKind::Bool(value)
                } else {
                    LiteralKind::Ident(self.ident()?.name)
                }
            }
        };
        Ok(Literal {
            kind,
            span: self.span(start, self.pos),
        })
    }

    /// `enum_value = string | raw_string | unclosed_string | ident`
    pub(super) fn enum_value(&mut self) -> Parsed<EnumValue> {
        let start = self.pos;
        let (value, quoted) = match self.peek() {
            Some(b'"') => (self.string()?, true),
            Some(b'r') if matches!(self.peek_at(1), Some(b'"' | b'#')) => {
                (self.raw_string()?, true)
            }
            _ => (self.ident()?.name, false),
        };
        Ok(EnumValue {
            value,
            quoted,
            span: self.span(start, self.pos),
        })
    }

    /// `int | float`; an integer out of range is reported by pest.
    fn number(&mut self) -> Parsed<LiteralKind> {
        let start = self.pos;
        self.eat(b'-');
        if self.digits() == 0 {
            return Err(Miss::NoMatch);
        }
        let next = self.peek();
        if !next.is_some_and(|b| is_ident_char(b) || b == b'.') {
            let text = &self.text[start..self.pos];
            return text.parse().map(LiteralKind::Int).map_err(|_| Miss::GiveUp);
        }
        if !self.eat(b'.') || self.digits() == 0 {
            return Err(Miss::NoMatch);
        }
        let before_exponent = self.pos;
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if !self.eat(b'+') {
                self.eat(b'-');
            }
            if self.digits() == 0 {
                self.pos = before_exponent;
            }
        }
        Ok(LiteralKind::Float(parse_float(&self.text[start..self.pos])))
    }

    /// `ASCII_DIGIT*`: how many were read.
    fn digits(&mut self) -> usize {
        let start = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        self.pos - start
    }

    /// `bool = ("true" | "false") ~ !ident_char`
    fn bool(&mut self) -> Option<bool> {
        if self.keyword(b"true") {
            Some(true)
        } else if self.keyword(b"false") {
            Some(false)
        } else {
            None
        }
    }

    /// `string`, decoded. Unclosed strings and escapes pest reports give up.
    fn string(&mut self) -> Parsed<String> {
        let start = self.pos;
        self.pos += 1;
        loop {
            match self.peek() {
                Some(b'"') => break,
                Some(b'\\') if !matches!(self.peek_at(1), None | Some(b'\n' | b'\r')) => {
                    self.pos += 2;
                }
                None | Some(b'\\' | b'\n' | b'\r') => return Err(Miss::GiveUp),
                Some(_) => self.pos += 1,
            }
        }
        self.pos += 1;
        let mut diagnostics = Diagnostics::new();
        let span = self.span(start, self.pos);
        let value = decode_string(&self.text[start..self.pos], span, &mut diagnostics);
        if diagnostics.is_empty() {
            Ok(value)
        } else {
            Err(Miss::GiveUp)
        }
    }

    /// `raw_string`: `r"..."` or with up to three `#`; the text as it is.
    fn raw_string(&mut self) -> Parsed<String> {
        let hashes = self.bytes[self.pos + 1..]
            .iter()
            .take_while(|&&b| b == b'#')
            .count();
        if hashes > 3 || self.peek_at(1 + hashes) != Some(b'"') {
            return Err(Miss::GiveUp);
        }
        let body_start = self.pos + hashes + 2;
        let closing = &b"\"###"[..hashes + 1];
        let line = &self.bytes[body_start..self.line_end_from(body_start)];
        let Some(length) = line.windows(closing.len()).position(|w| w == closing) else {
            return Err(Miss::GiveUp);
        };
        let body = self.text[body_start..body_start + length].to_string();
        self.pos = body_start + length + closing.len();
        Ok(body)
    }

    fn line_end_from(&self, from: usize) -> usize {
        self.bytes[from..]
            .iter()
            .position(|&b| b == b'\n' || b == b'\r')
            .map_or(self.bytes.len(), |i| from + i)
    }
}
