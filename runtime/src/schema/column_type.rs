//! Dialect-neutral column types.

/// Width of an integer column in bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IntWidth {
    /// 8 bits (ent `int8`/`uint8`).
    W8,
    /// 16 bits.
    W16,
    /// 32 bits.
    W32,
    /// 64 bits.
    W64,
}

/// A column type, independent of the SQL dialect.
///
/// The variants are what ent's field types need; [`ColumnType::Raw`] carries any other type
/// verbatim (ent's `SchemaType`, entgen's `@db_type`). How each variant is spelled per dialect,
/// and which spellings a database reports back for it, is decided by
/// [`crate::dialect::Dialect::render_type`] and [`crate::dialect::Dialect::parse_type`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ColumnType {
    /// Boolean.
    Bool,
    /// Integer of the given width; `unsigned` widens it where the dialect has no unsigned types
    /// (PostgreSQL maps `uint32` to `bigint`, as ent does).
    Int {
        /// Width in bits.
        width: IntWidth,
        /// Whether the Go/Rust type is unsigned.
        unsigned: bool,
    },
    /// 32-bit float.
    Float32,
    /// 64-bit float.
    Float64,
    /// Variable-length string, `varchar(size)` or unbounded `varchar` when `size` is `None`.
    String {
        /// Maximum length in characters.
        size: Option<u32>,
    },
    /// Unbounded text.
    Text,
    /// Binary data.
    Bytes,
    /// Point in time with time zone (`timestamptz` on PostgreSQL).
    Time,
    /// UUID.
    Uuid,
    /// JSON document (`jsonb` on PostgreSQL).
    Json,
    /// Enumeration stored as a string (ent maps it to `character varying` on PostgreSQL and `text`
    /// on SQLite); the values are kept for dialects with native enums.
    Enum {
        /// Allowed values, in order.
        values: Vec<String>,
    },
    /// Exact numeric, `numeric(precision, scale)`.
    Decimal {
        /// Total digits.
        precision: Option<u32>,
        /// Digits after the point.
        scale: Option<u32>,
    },
    /// A type spelled verbatim in SQL, e.g. `numeric(10,2)`, `citext`, `timestamp(3)`.
    Raw(String),
}

impl ColumnType {
    /// Signed integer of the given width.
    pub fn int(width: IntWidth) -> Self {
        Self::Int {
            width,
            unsigned: false,
        }
    }

    /// Unsigned integer of the given width.
    pub fn uint(width: IntWidth) -> Self {
        Self::Int {
            width,
            unsigned: true,
        }
    }

    /// `int64`, ent's default id and int type.
    pub fn int64() -> Self {
        Self::int(IntWidth::W64)
    }

    /// Unbounded `varchar`, ent's string type.
    pub fn string() -> Self {
        Self::String { size: None }
    }

    /// Whether values of this type are numbers (so literal defaults are written unquoted).
    pub fn is_numeric(&self) -> bool {
        matches!(
            self,
            Self::Int { .. } | Self::Float32 | Self::Float64 | Self::Decimal { .. }
        )
    }

    /// Whether this is an integer type.
    pub fn is_integer(&self) -> bool {
        matches!(self, Self::Int { .. })
    }

    /// Whether this is a floating-point or decimal type.
    pub fn is_fractional(&self) -> bool {
        matches!(self, Self::Float32 | Self::Float64 | Self::Decimal { .. })
    }
}
