//! The syntax tree of one `.schema` file, as written: nothing is resolved or validated here
//! beyond what the grammar says. Every node keeps its [`Span`].

use crate::diagnostics::Span;

/// A name as written, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// `///` lines attached to the next item, joined with `\n`, each line without the `///` and one
/// leading space.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    pub text: String,
    pub span: Span,
}

/// A comment that is not a doc comment (`// ...` or `/* ... */`); kept for `fmt`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub text: String,
    pub span: Span,
}

/// One parsed file.
#[derive(Debug, Clone, PartialEq)]
pub struct SchemaFile {
    pub blocks: Vec<Block>,
    pub comments: Vec<Comment>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Entity,
    Mixin,
}

impl BlockKind {
    pub fn keyword(self) -> &'static str {
        match self {
            BlockKind::Entity => "entity",
            BlockKind::Mixin => "mixin",
        }
    }
}

/// `entity Name { ... }` or `mixin Name { ... }`.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub kind: BlockKind,
    pub doc: Option<Doc>,
    pub name: Ident,
    pub members: Vec<Member>,
    /// From the keyword (or the doc comment) to the closing brace.
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Member {
    Field(Field),
    Edge(Edge),
    Index(Index),
    Use(Use),
    /// `@@table(...)`, `@@check(...)`, `@@comment(...)`.
    BlockAttribute(Attribute),
}

impl Member {
    pub fn span(&self) -> Span {
        match self {
            Member::Field(f) => f.span,
            Member::Edge(e) => e.span,
            Member::Index(i) => i.span,
            Member::Use(u) => u.span,
            Member::BlockAttribute(a) => a.span,
        }
    }

    pub fn doc(&self) -> Option<&Doc> {
        match self {
            Member::Field(f) => f.doc.as_ref(),
            Member::Edge(e) => e.doc.as_ref(),
            Member::Index(i) => i.doc.as_ref(),
            Member::Use(_) | Member::BlockAttribute(_) => None,
        }
    }
}

/// `name type attrs...`
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub doc: Option<Doc>,
    pub name: Ident,
    pub ty: TypeExpr,
    pub attributes: Vec<Attribute>,
    pub span: Span,
}

/// `string`, `int?`, `enum(a, "b-c")?`
#[derive(Debug, Clone, PartialEq)]
pub struct TypeExpr {
    pub name: Ident,
    /// Present for `enum(...)` (and, wrongly, for any other name followed by parentheses, which
    /// the graph reports).
    pub enum_values: Option<Vec<EnumValue>>,
    pub optional: bool,
    pub span: Span,
}

/// One value of `enum(...)`: an identifier or a string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumValue {
    pub value: String,
    pub quoted: bool,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// `edge name to T...`: an assoc edge (ent's `edge.To`).
    To,
    /// `edge name from T.ref...`: an inverse edge (ent's `edge.From(...).Ref(...)`).
    From,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cardinality {
    /// `T[]`
    Many,
    /// `T?`: unique, optional.
    Optional,
    /// `T`: unique, required.
    Required,
}

/// `edge name to T[]` or `edge name from T.ref?`
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    pub doc: Option<Doc>,
    pub name: Ident,
    pub direction: Direction,
    pub target: Ident,
    /// The assoc edge an inverse edge refers to (`from T.ref`).
    pub reference: Option<Ident>,
    pub cardinality: Cardinality,
    pub attributes: Vec<Attribute>,
    pub span: Span,
}

/// `index (a, b) attrs...`
#[derive(Debug, Clone, PartialEq)]
pub struct Index {
    pub doc: Option<Doc>,
    pub columns: Vec<Ident>,
    pub attributes: Vec<Attribute>,
    pub span: Span,
}

/// `use Mixin`
#[derive(Debug, Clone, PartialEq)]
pub struct Use {
    pub mixin: Ident,
    pub span: Span,
}

/// `@name`, `@name(args)`, `@@name(args)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    /// Without the `@` or `@@`.
    pub name: Ident,
    /// `None` when written without parentheses.
    pub args: Option<Vec<Arg>>,
    pub span: Span,
}

impl Attribute {
    pub fn args(&self) -> &[Arg] {
        self.args.as_deref().unwrap_or(&[])
    }
}

/// One argument of an attribute: `value` or `key: value`.
#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    pub key: Option<Ident>,
    pub value: Literal,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum LiteralKind {
    /// A decoded string (`"..."` or a raw string).
    String(String),
    Int(i128),
    Float(f64),
    Bool(bool),
    /// A bare identifier: an enum variant, a built-in like `now`, an edge or column name.
    Ident(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Literal {
    pub kind: LiteralKind,
    pub span: Span,
}

impl LiteralKind {
    /// How the kind is named in messages ("a string", "an integer", ...).
    pub fn describe(&self) -> &'static str {
        match self {
            LiteralKind::String(_) => "a string",
            LiteralKind::Int(_) => "an integer",
            LiteralKind::Float(_) => "a float",
            LiteralKind::Bool(_) => "a boolean",
            LiteralKind::Ident(_) => "a name",
        }
    }
}
