//! Foreign keys and their referential actions.

/// What happens to referencing rows when the referenced row is deleted or updated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ReferenceAction {
    /// `NO ACTION` (the SQL default; an omitted action means this).
    #[default]
    NoAction,
    /// `RESTRICT`.
    Restrict,
    /// `CASCADE`.
    Cascade,
    /// `SET NULL`.
    SetNull,
    /// `SET DEFAULT`.
    SetDefault,
}

impl ReferenceAction {
    /// The SQL spelling, e.g. `SET NULL`.
    pub fn as_sql(self) -> &'static str {
        match self {
            Self::NoAction => "NO ACTION",
            Self::Restrict => "RESTRICT",
            Self::Cascade => "CASCADE",
            Self::SetNull => "SET NULL",
            Self::SetDefault => "SET DEFAULT",
        }
    }

    /// Parses an SQL spelling (case-insensitive, any spacing); `None` for unknown text.
    pub fn from_sql(s: &str) -> Option<Self> {
        let norm: Vec<String> = s.split_whitespace().map(str::to_ascii_uppercase).collect();
        match norm.join(" ").as_str() {
            "NO ACTION" | "" => Some(Self::NoAction),
            "RESTRICT" => Some(Self::Restrict),
            "CASCADE" => Some(Self::Cascade),
            "SET NULL" => Some(Self::SetNull),
            "SET DEFAULT" => Some(Self::SetDefault),
            _ => None,
        }
    }
}

/// A foreign-key constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForeignKey {
    /// Constraint name (ent's `<table>_<ref>_<edge>` symbol). Empty when the database holds an
    /// unnamed constraint (SQLite); unnamed keys are matched by their parts.
    pub symbol: String,
    /// Referencing columns, in order.
    pub columns: Vec<String>,
    /// Referenced table (same schema).
    pub ref_table: String,
    /// Referenced columns, in the same order as `columns`.
    pub ref_columns: Vec<String>,
    /// `ON DELETE` action.
    pub on_delete: ReferenceAction,
    /// `ON UPDATE` action.
    pub on_update: ReferenceAction,
}

impl ForeignKey {
    /// A single-column foreign key with `NO ACTION` for both actions.
    pub fn new(
        symbol: impl Into<String>,
        column: impl Into<String>,
        ref_table: impl Into<String>,
        ref_column: impl Into<String>,
    ) -> Self {
        Self {
            symbol: symbol.into(),
            columns: vec![column.into()],
            ref_table: ref_table.into(),
            ref_columns: vec![ref_column.into()],
            on_delete: ReferenceAction::NoAction,
            on_update: ReferenceAction::NoAction,
        }
    }

    /// Sets the `ON DELETE` action (builder style).
    #[must_use]
    pub fn on_delete(mut self, action: ReferenceAction) -> Self {
        self.on_delete = action;
        self
    }

    /// Sets the `ON UPDATE` action (builder style).
    #[must_use]
    pub fn on_update(mut self, action: ReferenceAction) -> Self {
        self.on_update = action;
        self
    }
}
