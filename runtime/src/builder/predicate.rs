//! WHERE predicates: ent's operator sets as one tree type.

use super::edge::{Edge, EdgeStorage};
use super::select::Select;
use super::{Ident, Writer};
use crate::dialect::Dialect;
use crate::value::Value;

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `=`
    Eq,
    /// `<>`
    Ne,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `<`
    Lt,
    /// `<=`
    Le,
}

impl Op {
    fn sql(self) -> &'static str {
        match self {
            Op::Eq => " = ",
            Op::Ne => " <> ",
            Op::Gt => " > ",
            Op::Ge => " >= ",
            Op::Lt => " < ",
            Op::Le => " <= ",
        }
    }
}

/// Where a substring must occur.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LikeKind {
    /// Anywhere (`contains`).
    Contains,
    /// At the start (`has_prefix`).
    Prefix,
    /// At the end (`has_suffix`).
    Suffix,
}

/// A predicate tree over the columns of one table (the "scope": the table of the statement, or
/// the aliased table of a sub-select for `has_<edge>_with`).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Pred {
    /// `column <op> value`.
    Cmp {
        /// The column.
        column: Ident,
        /// The operator.
        op: Op,
        /// The value.
        value: Value,
    },
    /// `column [NOT] IN (values...)`; an empty list is `FALSE` (`TRUE` negated). On
    /// PostgreSQL, `column = ANY($n)` / `column <> ALL($n)` with one array parameter.
    In {
        /// The column.
        column: Ident,
        /// The values.
        values: Vec<Value>,
        /// `NOT IN`.
        negated: bool,
    },
    /// Substring tests, case-sensitive or folded. PostgreSQL: `LIKE`/`ILIKE` with `%` and `_`
    /// escaped; SQLite: `GLOB` (case-sensitive, unlike its `LIKE`) or `LIKE ... ESCAPE '\'`.
    Like {
        /// The column.
        column: Ident,
        /// Where the text must occur.
        kind: LikeKind,
        /// The text (not a pattern: wildcards in it are escaped).
        text: String,
        /// Case-insensitive (`contains_fold`).
        fold: bool,
    },
    /// `lower(column) = lower(value)` (`equal_fold`).
    EqualFold {
        /// The column.
        column: Ident,
        /// The text.
        text: String,
    },
    /// `column IS [NOT] NULL`.
    Null {
        /// The column.
        column: Ident,
        /// `IS NOT NULL`.
        negated: bool,
    },
    /// `column [NOT] IN (SELECT ...)`: traversals (`query_<edge>()`).
    InSelect {
        /// The column.
        column: Ident,
        /// The sub-select, projecting one column.
        select: Box<Select>,
        /// `NOT IN`.
        negated: bool,
    },
    /// `EXISTS (...)` over an edge, with predicates on the edge's target (`has_<edge>`,
    /// `has_<edge>_with`).
    HasEdge {
        /// The edge.
        edge: Edge,
        /// Predicates on the target table (empty for `has_<edge>`).
        preds: Vec<Pred>,
    },
    /// All of them (`TRUE` when empty).
    And(Vec<Pred>),
    /// Any of them (`FALSE` when empty).
    Or(Vec<Pred>),
    /// `NOT (...)`.
    Not(Box<Pred>),
    /// A constant.
    Const(bool),
    /// A predicate on another table of the statement (a joined one), qualified with its name.
    On {
        /// The table.
        table: Ident,
        /// The predicate on its columns.
        pred: Box<Pred>,
    },
    /// A predicate whose arguments the debug log redacts (sensitive fields).
    Sensitive(Box<Pred>),
}

fn cmp(column: impl Into<Ident>, op: Op, value: impl Into<Value>) -> Pred {
    Pred::Cmp {
        column: column.into(),
        op,
        value: value.into(),
    }
}

impl Pred {
    /// `column = value`.
    pub fn eq(column: impl Into<Ident>, value: impl Into<Value>) -> Pred {
        cmp(column, Op::Eq, value)
    }
    /// `column <> value`.
    pub fn ne(column: impl Into<Ident>, value: impl Into<Value>) -> Pred {
        cmp(column, Op::Ne, value)
    }
    /// `column > value`.
    pub fn gt(column: impl Into<Ident>, value: impl Into<Value>) -> Pred {
        cmp(column, Op::Gt, value)
    }
    /// `column >= value`.
    pub fn ge(column: impl Into<Ident>, value: impl Into<Value>) -> Pred {
        cmp(column, Op::Ge, value)
    }
    /// `column < value`.
    pub fn lt(column: impl Into<Ident>, value: impl Into<Value>) -> Pred {
        cmp(column, Op::Lt, value)
    }
    /// `column <= value`.
    pub fn le(column: impl Into<Ident>, value: impl Into<Value>) -> Pred {
        cmp(column, Op::Le, value)
    }
    /// `column IN (values)`.
    pub fn is_in<V: Into<Value>>(
        column: impl Into<Ident>,
        values: impl IntoIterator<Item = V>,
    ) -> Pred {
        Pred::In {
            column: column.into(),
            values: values.into_iter().map(Into::into).collect(),
            negated: false,
        }
    }
    /// `column NOT IN (values)`.
    pub fn not_in<V: Into<Value>>(
        column: impl Into<Ident>,
        values: impl IntoIterator<Item = V>,
    ) -> Pred {
        Pred::In {
            column: column.into(),
            values: values.into_iter().map(Into::into).collect(),
            negated: true,
        }
    }
    fn like(column: impl Into<Ident>, kind: LikeKind, text: impl Into<String>, fold: bool) -> Pred {
        Pred::Like {
            column: column.into(),
            kind,
            text: text.into(),
            fold,
        }
    }
    /// The column contains `text` (case-sensitive).
    pub fn contains(column: impl Into<Ident>, text: impl Into<String>) -> Pred {
        Self::like(column, LikeKind::Contains, text, false)
    }
    /// The column starts with `text`.
    pub fn has_prefix(column: impl Into<Ident>, text: impl Into<String>) -> Pred {
        Self::like(column, LikeKind::Prefix, text, false)
    }
    /// The column ends with `text`.
    pub fn has_suffix(column: impl Into<Ident>, text: impl Into<String>) -> Pred {
        Self::like(column, LikeKind::Suffix, text, false)
    }
    /// The column contains `text`, ignoring case.
    pub fn contains_fold(column: impl Into<Ident>, text: impl Into<String>) -> Pred {
        Self::like(column, LikeKind::Contains, text, true)
    }
    /// The column equals `text`, ignoring case.
    pub fn equal_fold(column: impl Into<Ident>, text: impl Into<String>) -> Pred {
        Pred::EqualFold {
            column: column.into(),
            text: text.into(),
        }
    }
    /// `column IS NULL`.
    pub fn is_null(column: impl Into<Ident>) -> Pred {
        Pred::Null {
            column: column.into(),
            negated: false,
        }
    }
    /// `column IS NOT NULL`.
    pub fn not_null(column: impl Into<Ident>) -> Pred {
        Pred::Null {
            column: column.into(),
            negated: true,
        }
    }
    /// `column IN (SELECT ...)`.
    pub fn in_select(column: impl Into<Ident>, select: Select) -> Pred {
        Pred::InSelect {
            column: column.into(),
            select: Box::new(select),
            negated: false,
        }
    }
    /// At least one row at the other end of `edge`.
    pub fn has_edge(edge: Edge) -> Pred {
        Pred::HasEdge {
            edge,
            preds: Vec::new(),
        }
    }
    /// At least one row at the other end of `edge` matching all `preds`.
    pub fn has_edge_with(edge: Edge, preds: impl IntoIterator<Item = Pred>) -> Pred {
        Pred::HasEdge {
            edge,
            preds: preds.into_iter().collect(),
        }
    }
    /// All of `preds`.
    pub fn and(preds: impl IntoIterator<Item = Pred>) -> Pred {
        Pred::And(preds.into_iter().collect())
    }
    /// Any of `preds`.
    pub fn or(preds: impl IntoIterator<Item = Pred>) -> Pred {
        Pred::Or(preds.into_iter().collect())
    }
    /// The negation of `pred`.
    #[allow(clippy::should_implement_trait)]
    pub fn not(pred: Pred) -> Pred {
        Pred::Not(Box::new(pred))
    }
    /// `pred` over the columns of `table` (a joined table) instead of the statement's.
    pub fn on(table: impl Into<Ident>, pred: Pred) -> Pred {
        Pred::On {
            table: table.into(),
            pred: Box::new(pred),
        }
    }
    /// This predicate with its arguments redacted in the debug log.
    pub fn sensitive(self) -> Pred {
        Pred::Sensitive(Box::new(self))
    }
    /// `self AND other`, flattening nested ANDs.
    pub fn and_also(self, other: Pred) -> Pred {
        match self {
            Pred::And(mut v) => {
                v.push(other);
                Pred::And(v)
            }
            p => Pred::And(vec![p, other]),
        }
    }

    /// Renders this predicate; bare columns are qualified with `scope`.
    pub(crate) fn render(&self, w: &mut Writer, scope: Option<&str>) {
        match self {
            Pred::Cmp { column, op, value } => {
                w.column(scope, column);
                w.raw(op.sql());
                w.arg(value.clone());
            }
            Pred::In {
                column,
                values,
                negated,
            } => {
                if values.is_empty() {
                    w.raw(if *negated { "TRUE" } else { "FALSE" });
                    return;
                }
                if w.dialect() == Dialect::Postgres {
                    // One array parameter: the same statement text (and cached plan) for any
                    // number of values, and no parameter limit.
                    w.column(scope, column);
                    w.raw(if *negated { " <> ALL(" } else { " = ANY(" });
                    w.arg(Value::Array(values.clone()));
                    w.raw(")");
                    return;
                }
                w.column(scope, column);
                w.raw(if *negated { " NOT IN (" } else { " IN (" });
                for (i, v) in values.iter().enumerate() {
                    if i > 0 {
                        w.raw(", ");
                    }
                    w.arg(v.clone());
                }
                w.raw(")");
            }
            Pred::Like {
                column,
                kind,
                text,
                fold,
            } => render_like(w, scope, column, *kind, text, *fold),
            Pred::EqualFold { column, text } => {
                w.raw("lower(");
                w.column(scope, column);
                w.raw(") = lower(");
                w.arg(Value::String(text.clone()));
                w.raw(")");
            }
            Pred::Null { column, negated } => {
                w.column(scope, column);
                w.raw(if *negated { " IS NOT NULL" } else { " IS NULL" });
            }
            Pred::InSelect {
                column,
                select,
                negated,
            } => {
                w.column(scope, column);
                w.raw(if *negated { " NOT IN (" } else { " IN (" });
                select.render(w);
                w.raw(")");
            }
            Pred::HasEdge { edge, preds } => render_has_edge(w, scope, edge, preds),
            Pred::And(preds) => render_list(w, scope, preds, " AND ", "TRUE"),
            Pred::Or(preds) => render_list(w, scope, preds, " OR ", "FALSE"),
            Pred::Not(p) => {
                w.raw("NOT (");
                p.render(w, scope);
                w.raw(")");
            }
            Pred::Const(b) => w.raw(if *b { "TRUE" } else { "FALSE" }),
            Pred::On { table, pred } => pred.render(w, Some(table)),
            Pred::Sensitive(p) => {
                w.enter_secret();
                p.render(w, scope);
                w.leave_secret();
            }
        }
    }
}

fn render_list(w: &mut Writer, scope: Option<&str>, preds: &[Pred], sep: &str, empty: &str) {
    match preds {
        [] => w.raw(empty),
        [one] => one.render(w, scope),
        many => {
            for (i, p) in many.iter().enumerate() {
                if i > 0 {
                    w.raw(sep);
                }
                let group = matches!(p, Pred::And(v) | Pred::Or(v) if v.len() > 1);
                if group {
                    w.raw("(");
                }
                p.render(w, scope);
                if group {
                    w.raw(")");
                }
            }
        }
    }
}

/// Escapes LIKE wildcards with a backslash.
fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escapes GLOB wildcards by bracketing them.
fn escape_glob(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        match c {
            '*' => out.push_str("[*]"),
            '?' => out.push_str("[?]"),
            '[' => out.push_str("[[]"),
            c => out.push(c),
        }
    }
    out
}

fn wrap(kind: LikeKind, escaped: String, wildcard: char) -> String {
    match kind {
        LikeKind::Contains => format!("{wildcard}{escaped}{wildcard}"),
        LikeKind::Prefix => format!("{escaped}{wildcard}"),
        LikeKind::Suffix => format!("{wildcard}{escaped}"),
    }
}

fn render_like(
    w: &mut Writer,
    scope: Option<&str>,
    column: &str,
    kind: LikeKind,
    text: &str,
    fold: bool,
) {
    match (w.dialect(), fold) {
        // ent's tables are `utf8mb4_bin` on MySQL, so LIKE matches case; `\` is its default
        // escape character.
        (Dialect::Mysql, false) => {
            w.column(scope, column);
            w.raw(" LIKE ");
            w.arg(Value::String(wrap(kind, escape_like(text), '%')));
        }
        (Dialect::Mysql, true) => {
            w.raw("LOWER(");
            w.column(scope, column);
            w.raw(") LIKE LOWER(");
            w.arg(Value::String(wrap(kind, escape_like(text), '%')));
            w.raw(")");
        }
        (Dialect::Postgres, _) => {
            w.column(scope, column);
            w.raw(if fold { " ILIKE " } else { " LIKE " });
            w.arg(Value::String(wrap(kind, escape_like(text), '%')));
        }
        (_, false) => {
            w.column(scope, column);
            w.raw(" GLOB ");
            w.arg(Value::String(wrap(kind, escape_glob(text), '*')));
        }
        (_, true) => {
            // SQLite's LIKE ignores ASCII case.
            w.column(scope, column);
            w.raw(" LIKE ");
            w.arg(Value::String(wrap(kind, escape_like(text), '%')));
            w.raw(" ESCAPE '\\'");
        }
    }
}

fn render_has_edge(w: &mut Writer, scope: Option<&str>, edge: &Edge, preds: &[Pred]) {
    let alias = w.alias();
    w.raw("EXISTS (SELECT 1 FROM ");
    match edge.storage {
        EdgeStorage::TargetFk(fk) => {
            from_as(w, edge.target_table, &alias);
            w.raw(" WHERE ");
            w.column(Some(&alias), fk);
            w.raw(" = ");
            w.column(scope, edge.source_key);
            filter(w, &alias, preds);
        }
        EdgeStorage::SourceFk(fk) => {
            from_as(w, edge.target_table, &alias);
            w.raw(" WHERE ");
            w.column(Some(&alias), edge.target_key);
            w.raw(" = ");
            w.column(scope, fk);
            filter(w, &alias, preds);
        }
        EdgeStorage::Join {
            table,
            source_column,
            target_column,
        } => {
            from_as(w, table, &alias);
            let target = if preds.is_empty() {
                None
            } else {
                let target = w.alias();
                w.raw(" JOIN ");
                from_as(w, edge.target_table, &target);
                w.raw(" ON ");
                w.column(Some(&target), edge.target_key);
                w.raw(" = ");
                w.column(Some(&alias), target_column);
                Some(target)
            };
            w.raw(" WHERE ");
            w.column(Some(&alias), source_column);
            w.raw(" = ");
            w.column(scope, edge.source_key);
            if let Some(target) = target {
                filter(w, &target, preds);
            }
        }
    }
    w.raw(")");
}

fn from_as(w: &mut Writer, table: &str, alias: &str) {
    w.ident(table);
    w.raw(" AS ");
    w.ident(alias);
}

fn filter(w: &mut Writer, scope: &str, preds: &[Pred]) {
    for p in preds {
        w.raw(" AND ");
        let group = matches!(p, Pred::Or(v) if v.len() > 1);
        if group {
            w.raw("(");
        }
        p.render(w, Some(scope));
        if group {
            w.raw(")");
        }
    }
}
