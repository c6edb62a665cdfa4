//! Member lines: `member = use_decl | edge_decl | index_decl | block_attribute | field_decl`,
//! tried in that order with pest's backtracking (`edge int` is a field named `edge`).

use super::cursor::Cursor;
use super::{Miss, Parsed};
use crate::syntax::ast::{
    Cardinality, Direction, Doc, Edge, EnumValue, Field, Ident, Index, Member, TypeExpr, Use,
};

/// An edge's target as written after its name: `to T[]` or `from T.ref?`.
struct EdgeTarget {
    direction: Direction,
    target: Ident,
    reference: Option<Ident>,
    cardinality: Cardinality,
}

impl Cursor<'_> {
    /// One member; `doc` is the doc comment above it, which only some members may have.
    pub(super) fn member(&mut self, doc: Option<Doc>) -> Parsed<Member> {
        let start = self.pos;
        let member = match self.use_decl() {
            Err(Miss::NoMatch) => {
                self.pos = start;
                match self.edge_decl() {
                    Err(Miss::NoMatch) => {
                        self.pos = start;
                        match self.index_decl() {
                            Err(Miss::NoMatch) => {
                                self.pos = start;
                                match self.block_attribute() {
                                    Err(Miss::NoMatch) => {
                                        self.pos = start;
                                        self.field_decl().map(Member::Field)
                                    }
                                    other => other.map(Member::BlockAttribute),
                                }
                            }
                            other => other.map(Member::Index),
                        }
                    }
                    other => other.map(Member::Edge),
                }
            }
            other => other.map(Member::Use),
        }?;
        with_doc(member, doc)
    }

    /// `use_decl = kw_use ~ ident`
    fn use_decl(&mut self) -> Parsed<Use> {
        let start = self.pos;
        if !self.keyword(b"use") {
            return Err(Miss::NoMatch);
        }
        self.skip()?;
        let mixin = self.ident()?;
        Ok(Use {
            mixin,
            span: self.rule_span(start),
        })
    }

    /// `edge_decl = kw_edge ~ ident ~ (edge_to | edge_from) ~ attribute*`
    fn edge_decl(&mut self) -> Parsed<Edge> {
        let start = self.pos;
        if !self.keyword(b"edge") {
            return Err(Miss::NoMatch);
        }
        self.skip()?;
        let name = self.ident()?;
        self.skip()?;
        let before_target = self.pos;
        let target = match self.edge_to() {
            Err(Miss::NoMatch) => {
                self.pos = before_target;
                self.edge_from()?
            }
            other => other?,
        };
        self.skip()?;
        let attributes = self.attributes()?;
        Ok(Edge {
            doc: None,
            name,
            direction: target.direction,
            target: target.target,
            reference: target.reference,
            cardinality: target.cardinality,
            attributes,
            span: self.rule_span(start),
        })
    }

    /// `edge_to = kw_to ~ ident ~ cardinality?`
    fn edge_to(&mut self) -> Parsed<EdgeTarget> {
        if !self.keyword(b"to") {
            return Err(Miss::NoMatch);
        }
        self.skip()?;
        let target = self.ident()?;
        self.skip()?;
        Ok(EdgeTarget {
            direction: Direction::To,
            target,
            reference: None,
            cardinality: self.cardinality()?,
        })
    }

    /// `edge_from = kw_from ~ ident ~ "." ~ ident ~ cardinality?`
    fn edge_from(&mut self) -> Parsed<EdgeTarget> {
        if !self.keyword(b"from") {
            return Err(Miss::NoMatch);
        }
        self.skip()?;
        let target = self.ident()?;
        self.skip()?;
        if !self.eat(b'.') {
            return Err(Miss::NoMatch);
        }
        self.skip()?;
        let reference = self.ident()?;
        self.skip()?;
        Ok(EdgeTarget {
            direction: Direction::From,
            target,
            reference: Some(reference),
            cardinality: self.cardinality()?,
        })
    }

    /// `cardinality?` where `cardinality = many | optional_mark` and `many = "[" ~ "]"`.
    fn cardinality(&mut self) -> Parsed<Cardinality> {
        let before = self.pos;
        if self.eat(b'[') {
            self.skip()?;
            if self.eat(b']') {
                return Ok(Cardinality::Many);
            }
            self.pos = before;
            return Ok(Cardinality::Required);
        }
        Ok(if self.eat(b'?') {
            Cardinality::Optional
        } else {
            Cardinality::Required
        })
    }

    /// `index_decl = kw_index ~ index_columns ~ attribute*`
    fn index_decl(&mut self) -> Parsed<Index> {
        let start = self.pos;
        if !self.keyword(b"index") {
            return Err(Miss::NoMatch);
        }
        self.skip()?;
        let columns = self.index_columns()?;
        self.skip()?;
        let attributes = self.attributes()?;
        Ok(Index {
            doc: None,
            columns,
            attributes,
            span: self.rule_span(start),
        })
    }

    /// `index_columns = "(" ~ (ident ~ ("," ~ ident)* ~ ","?)? ~ ")"`
    fn index_columns(&mut self) -> Parsed<Vec<Ident>> {
        self.parenthesized_list(|cursor| cursor.ident())
    }

    /// `field_decl = ident ~ field_type ~ attribute*`
    fn field_decl(&mut self) -> Parsed<Field> {
        let start = self.pos;
        let name = self.ident()?;
        self.skip()?;
        let ty = self.field_type()?;
        self.skip()?;
        let attributes = self.attributes()?;
        Ok(Field {
            doc: None,
            name,
            ty,
            attributes,
            span: self.rule_span(start),
        })
    }

    /// `field_type = ident ~ enum_values? ~ optional_mark?`
    fn field_type(&mut self) -> Parsed<TypeExpr> {
        let start = self.pos;
        let name = self.ident()?;
        self.skip()?;
        let before_values = self.pos;
        let enum_values = match self.enum_values() {
            Ok(values) => Some(values),
            Err(Miss::NoMatch) => {
                self.pos = before_values;
                None
            }
            Err(Miss::GiveUp) => return Err(Miss::GiveUp),
        };
        self.skip()?;
        let optional = self.eat(b'?');
        Ok(TypeExpr {
            name,
            enum_values,
            optional,
            span: self.rule_span(start),
        })
    }

    /// `enum_values = "(" ~ (enum_value ~ ("," ~ enum_value)* ~ ","?)? ~ ")"`
    fn enum_values(&mut self) -> Parsed<Vec<EnumValue>> {
        self.parenthesized_list(|cursor| cursor.enum_value())
    }

    /// `"(" ~ (item ~ ("," ~ item)* ~ ","?)? ~ ")"`, the shape of every list in the grammar.
    pub(super) fn parenthesized_list<T>(
        &mut self,
        mut item: impl FnMut(&mut Self) -> Parsed<T>,
    ) -> Parsed<Vec<T>> {
        if !self.eat(b'(') {
            return Err(Miss::NoMatch);
        }
        self.skip()?;
        let mut items = Vec::new();
        let before_items = self.pos;
        match item(self) {
            Ok(first) => {
                items.push(first);
                loop {
                    let before_next = self.pos;
                    self.skip()?;
                    if !self.eat(b',') {
                        self.pos = before_next;
                        break;
                    }
                    self.skip()?;
                    match item(self) {
                        Ok(next) => items.push(next),
                        Err(Miss::NoMatch) => {
                            self.pos = before_next;
                            break;
                        }
                        Err(Miss::GiveUp) => return Err(Miss::GiveUp),
                    }
                }
                self.skip()?;
                self.eat(b',');
            }
            Err(Miss::NoMatch) => self.pos = before_items,
            Err(Miss::GiveUp) => return Err(Miss::GiveUp),
        }
        self.skip()?;
        if self.eat(b')') {
            Ok(items)
        } else {
            Err(Miss::NoMatch)
        }
    }
}

/// Attaches the doc comment to a member that may have one; a `use` line or an entity attribute
/// with a doc comment is reported by pest.
fn with_doc(member: Member, doc: Option<Doc>) -> Parsed<Member> {
    Ok(match member {
        Member::Field(field) => Member::Field(Field { doc, ..field }),
        Member::Edge(edge) => Member::Edge(Edge { doc, ..edge }),
        Member::Index(index) => Member::Index(Index { doc, ..index }),
        Member::Use(_) | Member::BlockAttribute(_) if doc.is_some() => {
            return Err(Miss::GiveUp);
        }
        other => other,
    })
}
