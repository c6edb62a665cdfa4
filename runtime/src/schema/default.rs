//! Column defaults: literal values or raw SQL expressions.

/// A literal default value, written as an SQL literal of the column's type.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// `true` / `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A finite float (NaN and infinities cannot be rendered and are rejected by the planner).
    Float(f64),
    /// A string, quoted when rendered (also used for JSON documents and other typed strings).
    String(String),
}

/// A column default.
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultValue {
    /// A literal value (`DEFAULT 'x'`, `DEFAULT 0`, `DEFAULT true`).
    Literal(Literal),
    /// A raw SQL expression (`DEFAULT now()`), compared after whitespace and outer-parenthesis
    /// normalization; write it as the database prints it back to avoid spurious changes.
    Expr(String),
}

impl DefaultValue {
    /// A raw SQL expression default.
    pub fn expr(sql: impl Into<String>) -> Self {
        Self::Expr(sql.into())
    }
}

impl From<Literal> for DefaultValue {
    fn from(l: Literal) -> Self {
        Self::Literal(l)
    }
}

impl From<bool> for DefaultValue {
    fn from(v: bool) -> Self {
        Self::Literal(Literal::Bool(v))
    }
}

impl From<i64> for DefaultValue {
    fn from(v: i64) -> Self {
        Self::Literal(Literal::Int(v))
    }
}

impl From<i32> for DefaultValue {
    fn from(v: i32) -> Self {
        Self::Literal(Literal::Int(v.into()))
    }
}

impl From<f64> for DefaultValue {
    fn from(v: f64) -> Self {
        Self::Literal(Literal::Float(v))
    }
}

impl From<&str> for DefaultValue {
    fn from(v: &str) -> Self {
        Self::Literal(Literal::String(v.to_owned()))
    }
}

impl From<String> for DefaultValue {
    fn from(v: String) -> Self {
        Self::Literal(Literal::String(v))
    }
}
