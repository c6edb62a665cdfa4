//! What MySQL and MariaDB do differently from the other two, as far as the replay models it.
//!
//! * Index names are per table; an unnamed index is named after its first column (`a`, then
//!   `a_2`, …). `DROP INDEX i ON t` names the table.
//! * A foreign key without an index starting with its columns gets one from the server, named
//!   after the key. Inspection leaves that index out while the key stands; dropping the key
//!   leaves it behind as an ordinary index; adding an index that serves the key drops it; and
//!   the server refuses a statement that leaves a kept key without any index.
//! * Table options (`CHARSET`, `COLLATE`, `ENGINE=InnoDB`, `AUTO_INCREMENT`, `COMMENT`) and the
//!   column options `CHARACTER SET`, `COLLATE`, `COMMENT`, `ON UPDATE` are not part of the model
//!   (inspection does not read them), so they change nothing.
//! * The server stores check clauses and expression defaults in its own spelling: only forms
//!   whose spelling is known are accepted (literals, `CURRENT_TIMESTAMP` and its synonyms, a
//!   comparison of a column with a non-negative integer), and constraints the server would name
//!   itself (unnamed checks and foreign keys, whose names differ between MySQL and MariaDB) are
//!   refused.

use std::collections::HashSet;

use sqlparser::ast::{
    AlterTableOperation, BinaryOperator, ColumnDef, CreateIndex, Expr, IndexColumn, IndexType,
    MySQLColumnPosition, OrderBySort, SqlOption, TableConstraint, Value,
};

use super::column::column;
use super::error::{StmtError, StmtResult};
use super::model::Model;
use super::names::{ident, idents, object};
use crate::dialect::Dialect;
use crate::dialect::mysql::{canonical_default_expr, key_served};
use crate::schema::{
    Check, ColumnType, DefaultValue, ForeignKey, Index, IndexPart, ReferenceAction, Table,
};

const D: Dialect = Dialect::Mysql;

/// Table options the model does not hold; anything else is refused.
pub(crate) fn table_options(options: &[SqlOption]) -> StmtResult {
    for o in options {
        let key = match o {
            SqlOption::KeyValue { key, .. } => key.to_string(),
            SqlOption::NamedParenthesizedList(l) if l.values.is_empty() => {
                let engine = l.name.as_ref().map(|n| n.value.to_ascii_lowercase());
                if l.key.value.eq_ignore_ascii_case("ENGINE") && engine.as_deref() == Some("innodb")
                {
                    continue;
                }
                l.key.value.clone()
            }
            SqlOption::Comment(_) => continue,
            other => other.to_string(),
        };
        let key = key.to_ascii_uppercase();
        let known = [
            "CHARSET",
            "CHARACTER SET",
            "DEFAULT CHARSET",
            "DEFAULT CHARACTER SET",
            "COLLATE",
            "DEFAULT COLLATE",
            "AUTO_INCREMENT",
            "ROW_FORMAT",
        ];
        if !known.contains(&key.as_str()) {
            return Err(StmtError::unsupported(format!("the table option `{o}`")));
        }
    }
    Ok(())
}

/// A column default as inspection reads it back.
pub(crate) fn default(e: &Expr, ty: &ColumnType) -> StmtResult<Option<DefaultValue>> {
    let literal = match e {
        Expr::Value(v) => match &v.value {
            Value::SingleQuotedString(s) | Value::DoubleQuotedString(s) => {
                Some(crate::schema::Literal::String(s.clone()))
            }
            _ => None,
        },
        _ => None,
    };
    if let Some(l) = literal {
        return Ok(Some(DefaultValue::Literal(
            crate::dialect::expr::canonical_literal(l, ty),
        )));
    }
    let text = e.to_string();
    match crate::dialect::parse_default(&text, ty) {
        Some(DefaultValue::Expr(x)) => {
            let canonical = canonical_default_expr(&x);
            if canonical.starts_with("CURRENT_TIMESTAMP") {
                Ok(Some(DefaultValue::Expr(canonical)))
            } else {
                Err(StmtError::unsupported(format!(
                    "MySQL stores the default `{text}` in its own spelling, which cannot be predicted offline"
                )))
            }
        }
        other => Ok(other),
    }
}

/// Adds a table constraint (`PRIMARY KEY`, `UNIQUE`, `INDEX`/`KEY`, `FOREIGN KEY`, `CHECK`).
pub(crate) fn add_constraint(table: &mut Table, c: &TableConstraint) -> StmtResult {
    match c {
        TableConstraint::PrimaryKey(pk) => {
            if !table.primary_key.is_empty() {
                return Err(StmtError::invalid(format!(
                    "table `{}` has two primary keys",
                    table.name
                )));
            }
            let cols = parts(table, &pk.columns, pk.index_type.as_ref())?;
            table.primary_key = cols.into_iter().map(|p| column_of(&p)).collect();
            let pk = table.primary_key.clone();
            for c in &mut table.columns {
                if pk.contains(&c.name) {
                    c.nullable = false;
                }
            }
        }
        TableConstraint::Unique(u) => {
            let parts = parts(table, &u.columns, u.index_type.as_ref())?;
            let name = u
                .index_name
                .as_ref()
                .or(u.name.as_ref())
                .map(|n| ident(D, n));
            add_index(table, name, parts, true)?;
        }
        TableConstraint::Index(i) => {
            let parts = parts(table, &i.columns, i.index_type.as_ref())?;
            let name = i.name.as_ref().map(|n| ident(D, n));
            add_index(table, name, parts, false)?;
        }
        TableConstraint::ForeignKey(fk) => {
            let Some(name) = &fk.name else {
                return Err(StmtError::unsupported(
                    "an unnamed foreign key (MySQL and MariaDB name it, and its index, each their own way); name it with CONSTRAINT",
                ));
            };
            if fk.index_name.is_some() {
                return Err(StmtError::unsupported("an index name on a foreign key"));
            }
            let symbol = ident(D, name);
            if table.foreign_keys.iter().any(|f| f.symbol == symbol) {
                return Err(StmtError::invalid(format!(
                    "foreign key `{symbol}` of table `{}` already exists",
                    table.name
                )));
            }
            let columns = idents(D, &fk.columns);
            for c in &columns {
                if table.get_column(c).is_none() {
                    return Err(StmtError::invalid(format!(
                        "column `{c}` of table `{}` does not exist",
                        table.name
                    )));
                }
            }
            table.foreign_keys.push(ForeignKey {
                symbol,
                columns,
                ref_table: object(D, &fk.foreign_table)?,
                ref_columns: idents(D, &fk.referred_columns),
                on_delete: action(fk.on_delete)?,
                on_update: action(fk.on_update)?,
            });
        }
        TableConstraint::Check(ck) => {
            let Some(name) = &ck.name else {
                return Err(StmtError::unsupported(
                    "an unnamed CHECK (MySQL and MariaDB name it each their own way); name it with CONSTRAINT",
                ));
            };
            if ck.enforced == Some(false) {
                return Err(StmtError::unsupported("a CHECK that is NOT ENFORCED"));
            }
            let expr = condition(table, &ck.expr)?;
            table.checks.push(Check::new(ident(D, name), expr));
        }
        other => {
            return Err(StmtError::unsupported(format!(
                "the table constraint `{other}`"
            )));
        }
    }
    Ok(())
}

/// A referential action as the inspector reads it: MySQL reports `RESTRICT` for a key that named
/// none, so `RESTRICT` reads as `NO ACTION` (which MySQL treats the same).
fn action(a: Option<sqlparser::ast::ReferentialAction>) -> StmtResult<ReferenceAction> {
    Ok(match super::constraint::action(a)? {
        ReferenceAction::Restrict => ReferenceAction::NoAction,
        other => other,
    })
}

/// A CHECK clause as the inspector reads it back: `col op n`, a column compared with a
/// non-negative integer (the server stores other forms in its own spelling).
fn condition(table: &Table, e: &Expr) -> StmtResult<String> {
    let simple = || -> Option<String> {
        let Expr::BinaryOp { left, op, right } = strip(e) else {
            return None;
        };
        let op = match op {
            BinaryOperator::Eq => "=",
            BinaryOperator::NotEq => "<>",
            BinaryOperator::Lt => "<",
            BinaryOperator::LtEq => "<=",
            BinaryOperator::Gt => ">",
            BinaryOperator::GtEq => ">=",
            _ => return None,
        };
        let Expr::Identifier(id) = strip(left) else {
            return None;
        };
        let col = table.get_column(&ident(D, id))?;
        let Expr::Value(v) = strip(right) else {
            return None;
        };
        let Value::Number(n, _) = &v.value else {
            return None;
        };
        let n: u32 = n.parse().ok()?;
        let quoted = D.quote_ident(&col.name);
        let name = crate::dialect::normalize_expr(&unquote_plain(&quoted));
        Some(format!("{name} {op} {n}"))
    };
    simple().ok_or_else(|| {
        StmtError::unsupported(format!(
            "MySQL stores the check `{e}` in its own spelling, which cannot be predicted offline"
        ))
    })
}

/// `` `a` `` → `a` for names that need no quotes, as the inspector prints check clauses.
fn unquote_plain(quoted: &str) -> String {
    let inner = &quoted[1..quoted.len() - 1];
    let plain = inner
        .chars()
        .next()
        .is_some_and(|f| f.is_ascii_alphabetic() || f == '_')
        && inner.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain {
        inner.to_owned()
    } else {
        quoted.to_owned()
    }
}

fn strip(e: &Expr) -> &Expr {
    match e {
        Expr::Nested(inner) => strip(inner),
        other => other,
    }
}

fn column_of(p: &IndexPart) -> String {
    p.column_name().unwrap_or_default().to_owned()
}

/// Key parts: plain columns of the table, ascending or descending (prefix lengths and
/// expressions are not modelled).
fn parts(
    table: &Table,
    columns: &[IndexColumn],
    using: Option<&IndexType>,
) -> StmtResult<Vec<IndexPart>> {
    if !matches!(using, None | Some(IndexType::BTree)) {
        return Err(StmtError::unsupported("an index method other than BTREE"));
    }
    columns
        .iter()
        .map(|c| {
            let Expr::Identifier(id) = &c.column.expr else {
                return Err(StmtError::unsupported(format!(
                    "the index part `{}` (only plain columns are modelled)",
                    c.column.expr
                )));
            };
            let name = ident(D, id);
            if table.get_column(&name).is_none() {
                return Err(StmtError::invalid(format!(
                    "column `{name}` of table `{}` does not exist",
                    table.name
                )));
            }
            let desc = match &c.column.options.sort {
                None | Some(OrderBySort::Asc) => false,
                Some(OrderBySort::Desc) => true,
                Some(other) => {
                    return Err(StmtError::unsupported(format!(
                        "the index ordering `{other:?}`"
                    )));
                }
            };
            Ok(IndexPart {
                key: crate::schema::IndexKey::Column(name),
                desc,
            })
        })
        .collect()
}

/// Adds an index under `name`, or under MySQL's name for an unnamed one: its first column,
/// then `_2`, `_3`, … while taken.
fn add_index(
    table: &mut Table,
    name: Option<String>,
    parts: Vec<IndexPart>,
    unique: bool,
) -> StmtResult {
    let taken = |t: &Table, n: &str| n == "PRIMARY" || t.indexes.iter().any(|i| i.name == n);
    let name = match name {
        Some(n) if taken(table, &n) => {
            return Err(StmtError::invalid(format!(
                "index `{n}` of table `{}` already exists",
                table.name
            )));
        }
        Some(n) => n,
        None => {
            let first = column_of(&parts[0]);
            let mut n = first.clone();
            let mut k = 2;
            while taken(table, &n) {
                n = format!("{first}_{k}");
                k += 1;
            }
            n
        }
    };
    let mut index = Index::new(name, Vec::<String>::new()).parts(parts);
    index.unique = unique;
    table.indexes.push(index);
    Ok(())
}

/// `CREATE [UNIQUE] INDEX name ON t (…)`.
pub(crate) fn create_index(model: &mut Model, ci: &CreateIndex) -> StmtResult {
    let Some(name) = &ci.name else {
        return Err(StmtError::unsupported("an index without a name"));
    };
    let name = object(D, name)?;
    let table_name = object(D, &ci.table_name)?;
    let mut table = model.table(&table_name)?.clone();
    if ci.if_not_exists && table.indexes.iter().any(|i| i.name == name) {
        return Ok(());
    }
    if ci.predicate.is_some() || !ci.include.is_empty() || !ci.with.is_empty() {
        return Err(StmtError::invalid(
            "MySQL has no partial indexes, INCLUDE or WITH",
        ));
    }
    let parts = parts(&table, &ci.columns, ci.using.as_ref())?;
    add_index(&mut table, Some(name), parts, ci.unique)?;
    let mut alter = Alter::new(&table, model.generated_of(&table_name));
    alter.settle(&mut table);
    let generated = alter.finish(&table)?;
    model.set_generated(&table_name, generated);
    *model.table_mut(&table_name)? = table;
    Ok(())
}

/// One statement's changes to one table, checked when it ends: the server refuses to leave a
/// foreign key it keeps without an index.
pub(crate) struct Alter {
    before: Table,
    /// Keys whose own index (made by the server) an explicit `DROP INDEX` removed.
    dropped_own_index: HashSet<String>,
    /// Indexes the server made for keys dropped since: it drops such an index once another
    /// index, or the index it makes for a new key, starts with the same columns.
    pub(crate) generated: HashSet<String>,
}

impl Alter {
    pub(crate) fn new(before: &Table, generated: HashSet<String>) -> Self {
        Self {
            before: before.clone(),
            dropped_own_index: HashSet::new(),
            generated,
        }
    }

    /// Whether `fk` has an index of `table`'s own (the server's leftovers do not count: it makes
    /// a new one for a new key).
    fn served(&self, table: &Table, fk: &ForeignKey) -> bool {
        key_served(table, fk, |i| self.generated.contains(i))
    }

    /// `DROP INDEX name`: an index of the table, or the one the server made for key `name`.
    pub(crate) fn drop_index(&mut self, table: &mut Table, name: &str) -> StmtResult {
        if table.indexes.iter().any(|i| i.name == name) {
            table.indexes.retain(|i| i.name != name);
            self.generated.remove(name);
            return Ok(());
        }
        let own = self
            .before
            .foreign_keys
            .iter()
            .find(|fk| fk.symbol == name && !self.served(&self.before, fk));
        match own {
            Some(fk) if !self.dropped_own_index.contains(&fk.symbol) => {
                self.dropped_own_index.insert(fk.symbol.clone());
                Ok(())
            }
            _ => Err(StmtError::invalid(format!(
                "index `{name}` of table `{}` does not exist",
                table.name
            ))),
        }
    }

    /// `DROP FOREIGN KEY name`: the index the server made for the key stays, as an ordinary
    /// index (which the server still replaces as it sees fit).
    pub(crate) fn drop_foreign_key(&mut self, table: &mut Table, name: &str) -> StmtResult {
        let fk = table
            .foreign_keys
            .iter()
            .find(|fk| fk.symbol == name)
            .cloned()
            .ok_or_else(|| {
                StmtError::invalid(format!(
                    "foreign key `{name}` of table `{}` does not exist",
                    table.name
                ))
            })?;
        table.foreign_keys.retain(|f| f.symbol != name);
        let own_index = !self.served(table, &fk) && !self.dropped_own_index.contains(name);
        if own_index && !table.indexes.iter().any(|i| i.name == name) {
            table.indexes.push(Index::new(name, fk.columns.clone()));
            self.generated.insert(name.to_owned());
        }
        Ok(())
    }

    /// Drops the leftover indexes that another index, or the index the server makes for a key
    /// without one, now covers (starts with their columns).
    pub(crate) fn settle(&mut self, table: &mut Table) {
        let columns = |i: &Index| -> Vec<String> {
            i.parts
                .iter()
                .map(|p| p.column_name().unwrap_or_default().to_owned())
                .collect()
        };
        let mut covering: Vec<Vec<String>> = table
            .indexes
            .iter()
            .filter(|i| !self.generated.contains(&i.name))
            .map(columns)
            .collect();
        covering.extend(
            table
                .foreign_keys
                .iter()
                .filter(|fk| !self.served(table, fk))
                .map(|fk| fk.columns.clone()),
        );
        let gone: Vec<String> = table
            .indexes
            .iter()
            .filter(|i| self.generated.contains(&i.name))
            .filter(|i| {
                let g = columns(i);
                covering.iter().any(|c| c.starts_with(&g))
            })
            .map(|i| i.name.clone())
            .collect();
        table.indexes.retain(|i| !gone.contains(&i.name));
        for g in gone {
            self.generated.remove(&g);
        }
    }

    /// Fails when a key the statement kept is left without an index; returns the leftover
    /// indexes for the model to keep.
    pub(crate) fn finish(self, after: &Table) -> StmtResult<HashSet<String>> {
        for fk in &after.foreign_keys {
            let kept = self
                .before
                .foreign_keys
                .iter()
                .any(|f| f.symbol == fk.symbol);
            let own_index_left =
                !self.served(&self.before, fk) && !self.dropped_own_index.contains(&fk.symbol);
            if kept && !self.served(after, fk) && !own_index_left {
                return Err(StmtError::invalid(format!(
                    "MySQL refuses to leave foreign key `{}` of table `{}` without an index",
                    fk.symbol, after.name
                )));
            }
        }
        Ok(self.generated)
    }
}

/// `ADD COLUMN … [FIRST | AFTER c]`, `MODIFY COLUMN`, `CHANGE COLUMN`: the column (with its
/// inline constraints) put in place of `replacing` or at the position asked.
pub(crate) fn place_column(
    table: &mut Table,
    def: &ColumnDef,
    replacing: Option<&str>,
    position: Option<&MySQLColumnPosition>,
) -> StmtResult {
    let parsed = column(D, def)?;
    let mut col = parsed.column;
    if parsed.primary_key {
        return Err(StmtError::unsupported(
            "PRIMARY KEY in a column definition here",
        ));
    }
    let at = match replacing {
        Some(old) => {
            let i = table
                .columns
                .iter()
                .position(|c| c.name == old)
                .ok_or_else(|| {
                    StmtError::invalid(format!(
                        "column `{old}` of table `{}` does not exist",
                        table.name
                    ))
                })?;
            table.columns.remove(i);
            i
        }
        None => table.columns.len(),
    };
    if table.get_column(&col.name).is_some() {
        return Err(StmtError::invalid(format!(
            "column `{}` of table `{}` already exists",
            col.name, table.name
        )));
    }
    if table.in_primary_key(replacing.unwrap_or(&col.name)) {
        col.nullable = false;
    }
    let at = match position {
        None => at,
        Some(MySQLColumnPosition::First) => 0,
        Some(MySQLColumnPosition::After(c)) => {
            let c = ident(D, c);
            1 + table
                .columns
                .iter()
                .position(|x| x.name == c)
                .ok_or_else(|| {
                    StmtError::invalid(format!(
                        "column `{c}` of table `{}` does not exist",
                        table.name
                    ))
                })?
        }
    };
    table.columns.insert(at, col);
    for c in &parsed.constraints {
        add_constraint(table, c)?;
    }
    Ok(())
}

/// Drops a column: MySQL takes it out of the indexes that use it (dropping those left empty),
/// and refuses while a foreign key or check uses it.
pub(crate) fn drop_column(table: &mut Table, col: &str) -> StmtResult {
    if table
        .foreign_keys
        .iter()
        .any(|f| f.columns.iter().any(|c| c == col))
    {
        return Err(StmtError::invalid(format!(
            "MySQL refuses to drop column `{col}` of table `{}`: a foreign key uses it",
            table.name
        )));
    }
    let probe = Table::new("").column(crate::schema::Column::new(col, ColumnType::Text));
    if table
        .checks
        .iter()
        .any(|c| !super::expr::columns_in(D, &probe, &c.expr).is_empty())
    {
        return Err(StmtError::unsupported(format!(
            "dropping column `{col}`, which a CHECK uses (drop the check first)"
        )));
    }
    if table.in_primary_key(col) {
        return Err(StmtError::unsupported("dropping a primary-key column"));
    }
    for i in &mut table.indexes {
        i.parts.retain(|p| p.column_name() != Some(col));
    }
    table.indexes.retain(|i| !i.parts.is_empty());
    table.columns.retain(|c| c.name != col);
    Ok(())
}

/// Whether an `ALTER TABLE` operation changes nothing the model holds.
pub(crate) fn ignorable(op: &AlterTableOperation) -> bool {
    matches!(
        op,
        AlterTableOperation::AutoIncrement { .. }
            | AlterTableOperation::Algorithm { .. }
            | AlterTableOperation::Lock { .. }
    )
}
