//! Indexes (plain and unique; composite, partial, descending, with an access method).

/// What one part of an index covers.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum IndexKey {
    /// A column, by name.
    Column(String),
    /// An SQL expression (e.g. `lower(name)`), as the database prints it.
    Expr(String),
}

/// One part of an index key.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IndexPart {
    /// Column or expression.
    pub key: IndexKey,
    /// `DESC` ordering.
    pub desc: bool,
}

impl IndexPart {
    /// An ascending column part.
    pub fn column(name: impl Into<String>) -> Self {
        Self {
            key: IndexKey::Column(name.into()),
            desc: false,
        }
    }

    /// A descending column part.
    pub fn column_desc(name: impl Into<String>) -> Self {
        Self {
            key: IndexKey::Column(name.into()),
            desc: true,
        }
    }

    /// The column name, if this part is a column.
    pub fn column_name(&self) -> Option<&str> {
        match &self.key {
            IndexKey::Column(c) => Some(c),
            IndexKey::Expr(_) => None,
        }
    }
}

/// An index on a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Index {
    /// Index name (schema-wide unique in PostgreSQL and SQLite).
    pub name: String,
    /// `CREATE UNIQUE INDEX`.
    pub unique: bool,
    /// Key parts, in order.
    pub parts: Vec<IndexPart>,
    /// Partial-index predicate (`WHERE ...`), without the keyword.
    pub predicate: Option<String>,
    /// Access method (`gin`, `brin`, ...); `None` means the default (btree).
    pub method: Option<String>,
}

impl Index {
    /// An index over the given columns, ascending.
    pub fn new<I, S>(name: impl Into<String>, columns: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self {
            name: name.into(),
            unique: false,
            parts: columns.into_iter().map(IndexPart::column).collect(),
            predicate: None,
            method: None,
        }
    }

    /// Makes the index unique (builder style).
    #[must_use]
    pub fn unique(mut self) -> Self {
        self.unique = true;
        self
    }

    /// Sets the partial-index predicate (builder style).
    #[must_use]
    pub fn predicate(mut self, predicate: impl Into<String>) -> Self {
        self.predicate = Some(predicate.into());
        self
    }

    /// Sets the access method (builder style).
    #[must_use]
    pub fn method(mut self, method: impl Into<String>) -> Self {
        self.method = Some(method.into());
        self
    }

    /// Replaces the parts (builder style).
    #[must_use]
    pub fn parts(mut self, parts: Vec<IndexPart>) -> Self {
        self.parts = parts;
        self
    }

    /// Names of the columns the index covers (expression parts are skipped).
    pub fn column_names(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(IndexPart::column_name)
    }
}
