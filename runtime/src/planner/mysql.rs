//! MySQL and MariaDB statements for ordered steps (Atlas's `sql/mysql/migrate.go`).
//!
//! A new table is one `CREATE TABLE` with its indexes inside (MySQL names indexes per table, and
//! Atlas writes them there for ent). A modified table is its column renames, then one
//! `ALTER TABLE` carrying every other change: constraint and index drops first (MySQL refuses
//! to drop an index a foreign key still uses, and dropping the key first frees it), then
//! column changes (`MODIFY COLUMN` restates the whole definition), then index and constraint
//! additions, which may use the columns added before them in the same statement.
//!
//! When the plan renames tables or columns, foreign-key and check drops move to the start of
//! the plan under the old names (as on PostgreSQL), so that their reverses run after the renames
//! are undone; an index drop's reverse is written under the new column names instead. The index
//! MySQL makes for a foreign key is written out where an index change decides whether the key
//! needs it, so that both directions leave the indexes MySQL would.
//!
//! MySQL's DDL is not transactional: every statement commits. An executor records progress
//! per statement.

use super::order::Step;
use super::{PlanError, comments, stmt};
use crate::dialect::{Dialect, RenderError};
use crate::diff::{ModifyTable, TableChange};
use crate::plan::PlannedStatement;
use crate::schema::{Check, Column, ForeignKey, Index, IndexKey, Table};

const D: Dialect = Dialect::Mysql;

pub(super) fn plan(steps: &[Step<'_>]) -> Result<Vec<PlannedStatement>, PlanError> {
    let mut out = Vec::new();
    // With renames in the plan, every index and constraint drop runs first, under the old names,
    // so that its reverse (which recreates the object as it was, old names included) runs after
    // the renames are undone (as on PostgreSQL).
    let renames = steps.iter().any(|s| match s {
        Step::Rename { .. } => true,
        Step::Modify(m) => m
            .changes
            .iter()
            .any(|c| matches!(c, TableChange::RenameColumn { .. })),
        _ => false,
    });
    let mut parts = Vec::new();
    for step in steps {
        if let Step::Modify(m) = step {
            let mut p = modify_parts(m)?;
            if renames {
                out.extend(p.old_world());
            }
            parts.push(p);
        }
    }
    let mut parts = parts.into_iter();
    for step in steps {
        match step {
            Step::Rename { from, to } => out.push(stmt(
                D.rename_table(from, to),
                comments::rename_table(from, to),
                vec![D.rename_table(to, from)],
            )),
            Step::Add(t) => out.push(add_table(t)?),
            Step::Drop(t) => out.push(stmt(
                D.drop_table(&t.name),
                comments::drop_table(&t.name),
                vec![add_table(t)?.sql],
            )),
            Step::AddForeignKeys { table, fks } => {
                out.extend(alter_table(table, fks.iter().map(add_fk).collect()));
            }
            Step::DropForeignKeys { table, fks } => {
                let clauses = fks
                    .iter()
                    .map(|fk| drop_fk(table, fk))
                    .collect::<Result<_, _>>()?;
                out.extend(alter_table(table, clauses));
            }
            Step::Modify(_) => out.extend(parts.next().map(ModifyParts::rest).unwrap_or_default()),
        }
    }
    Ok(out)
}

/// `CREATE TABLE` with its indexes, keys and checks.
fn add_table(t: &Table) -> Result<PlannedStatement, PlanError> {
    Ok(stmt(
        D.create_table(t).map_err(PlanError::render(&t.name))?,
        comments::create_table(&t.name),
        vec![D.drop_table(&t.name)],
    ))
}

/// Where a clause goes in its `ALTER TABLE`: drops of keys and indexes, then columns, then
/// additions of indexes and keys.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Phase {
    DropConstraint,
    DropIndex,
    Column,
    AddIndex,
    AddConstraint,
}

/// One clause of an `ALTER TABLE` with its inverse (`None` when it cannot be undone).
struct Clause {
    sql: String,
    phase: Phase,
    reverse: Option<String>,
    reverse_phase: Phase,
}

/// One `ALTER TABLE` with the clauses in phase order; its reverse carries the inverse clauses,
/// again in phase order.
fn alter_table(table: &str, mut clauses: Vec<Clause>) -> Option<PlannedStatement> {
    if clauses.is_empty() {
        return None;
    }
    clauses.sort_by_key(|c| c.phase);
    let head = format!("ALTER TABLE {} ", D.quote_ident(table));
    let sql = head.clone()
        + &clauses
            .iter()
            .map(|c| c.sql.as_str())
            .collect::<Vec<_>>()
            .join(", ");
    let mut inverse: Vec<&Clause> = clauses.iter().rev().collect();
    inverse.sort_by_key(|c| c.reverse_phase);
    let reverse: Option<Vec<&str>> = inverse.iter().map(|c| c.reverse.as_deref()).collect();
    // An empty reverse is a clause whose undoing another clause's reverse does by itself.
    let reverse = reverse
        .map(|r| r.into_iter().filter(|r| !r.is_empty()).collect::<Vec<_>>())
        .filter(|r| !r.is_empty())
        .map(|r| vec![head + &r.join(", ")])
        .unwrap_or_default();
    Some(stmt(sql, comments::modify_table(table), reverse))
}

fn add_fk(fk: &ForeignKey) -> Clause {
    Clause {
        sql: format!("ADD {}", D.foreign_key_sql(fk)),
        phase: Phase::AddConstraint,
        reverse: (!fk.symbol.is_empty())
            .then(|| format!("DROP FOREIGN KEY {}", D.quote_ident(&fk.symbol))),
        reverse_phase: Phase::DropConstraint,
    }
}

fn drop_fk(table: &str, fk: &ForeignKey) -> Result<Clause, PlanError> {
    if fk.symbol.is_empty() {
        return Err(PlanError::Unnamed {
            table: table.to_owned(),
            what: "foreign key",
            detail: format!("{:?}", fk.columns),
        });
    }
    Ok(Clause {
        sql: format!("DROP FOREIGN KEY {}", D.quote_ident(&fk.symbol)),
        phase: Phase::DropConstraint,
        reverse: Some(format!("ADD {}", D.foreign_key_sql(fk))),
        reverse_phase: Phase::AddConstraint,
    })
}

fn add_check(c: &Check) -> Clause {
    Clause {
        sql: format!("ADD {}", D.check_sql(c)),
        phase: Phase::AddConstraint,
        reverse: (!c.name.is_empty())
            .then(|| format!("DROP CONSTRAINT {}", D.quote_ident(&c.name))),
        reverse_phase: Phase::DropConstraint,
    }
}

fn drop_check(table: &str, c: &Check) -> Result<Clause, PlanError> {
    if c.name.is_empty() {
        return Err(PlanError::Unnamed {
            table: table.to_owned(),
            what: "check constraint",
            detail: c.expr.clone(),
        });
    }
    // `DROP CONSTRAINT` works for checks on MySQL 8.0.19+ and MariaDB.
    Ok(Clause {
        sql: format!("DROP CONSTRAINT {}", D.quote_ident(&c.name)),
        phase: Phase::DropConstraint,
        reverse: Some(format!("ADD {}", D.check_sql(c))),
        reverse_phase: Phase::AddConstraint,
    })
}

fn add_index(i: &Index) -> Clause {
    Clause {
        sql: format!("ADD {}", D.index_definition(i)),
        phase: Phase::AddIndex,
        reverse: Some(format!("DROP INDEX {}", D.quote_ident(&i.name))),
        reverse_phase: Phase::DropIndex,
    }
}

/// Dropping `i`; its reverse recreates it under the columns' new names (`renamed`), since it runs
/// before the column renames are undone.
fn drop_index(i: &Index, renamed: &impl Fn(&str) -> String) -> Clause {
    let mut back = i.clone();
    for p in &mut back.parts {
        if let IndexKey::Column(c) = &mut p.key {
            *c = renamed(c);
        }
    }
    Clause {
        sql: format!("DROP INDEX {}", D.quote_ident(&i.name)),
        phase: Phase::DropIndex,
        reverse: Some(format!("ADD {}", D.index_definition(&back))),
        reverse_phase: Phase::AddIndex,
    }
}

fn column_clause(verb: &str, c: &Column) -> Result<String, RenderError> {
    Ok(format!("{verb} COLUMN {}", D.column_sql(c)?))
}

/// `MODIFY COLUMN` restating `to` under its (new) name; the reverse restates `from` under the
/// same name, since both directions run while the column has its new name.
fn modify_column(from: &Column, to: &Column) -> Result<Clause, RenderError> {
    let mut back = from.clone();
    back.name.clone_from(&to.name);
    Ok(Clause {
        sql: column_clause("MODIFY", to)?,
        phase: Phase::Column,
        reverse: Some(column_clause("MODIFY", &back)?),
        reverse_phase: Phase::Column,
    })
}

fn modify_parts(m: &ModifyTable) -> Result<ModifyParts, PlanError> {
    let t = m.to.name.as_str();
    let err = PlanError::render;
    let renamed = |c: &str| {
        m.changes
            .iter()
            .find_map(|ch| match ch {
                TableChange::RenameColumn { from, to } if from == c => Some(to.clone()),
                _ => None,
            })
            .unwrap_or_else(|| c.to_owned())
    };
    let mut renames = Vec::new();
    let mut clauses = Vec::new();
    for c in &m.changes {
        match c {
            // MySQL keeps no comments in entgen's model (see `Dialect::supports_comments`).
            TableChange::SetComment { .. } => {}
            TableChange::AddColumn(col) => clauses.push(Clause {
                sql: column_clause("ADD", col).map_err(err(t))?,
                phase: Phase::Column,
                reverse: Some(format!("DROP COLUMN {}", D.quote_ident(&col.name))),
                reverse_phase: Phase::Column,
            }),
            TableChange::DropColumn(col) => clauses.push(Clause {
                sql: format!("DROP COLUMN {}", D.quote_ident(&col.name)),
                phase: Phase::Column,
                reverse: Some(column_clause("ADD", col).map_err(err(t))?),
                reverse_phase: Phase::Column,
            }),
            TableChange::ModifyColumn { from, to, changed } => {
                if changed.ty || changed.nullable || changed.default || changed.identity {
                    clauses.push(modify_column(from, to).map_err(err(t))?);
                }
            }
            TableChange::RenameColumn { from, to } => renames.push(stmt(
                D.rename_column(t, from, to),
                comments::rename_column(from, to),
                vec![D.rename_column(t, to, from)],
            )),
            TableChange::ModifyPrimaryKey { from, to } => {
                let add = |cols: &[String]| format!("ADD PRIMARY KEY ({})", D.ident_list(cols));
                if !from.is_empty() {
                    clauses.push(Clause {
                        sql: "DROP PRIMARY KEY".into(),
                        phase: Phase::DropConstraint,
                        reverse: Some(add(from)),
                        reverse_phase: Phase::AddConstraint,
                    });
                }
                if !to.is_empty() {
                    clauses.push(Clause {
                        sql: add(to),
                        phase: Phase::AddConstraint,
                        reverse: Some("DROP PRIMARY KEY".into()),
                        reverse_phase: Phase::DropConstraint,
                    });
                }
            }
            TableChange::AddIndex(i) => clauses.push(add_index(i)),
            TableChange::DropIndex(i) => clauses.push(drop_index(i, &renamed)),
            TableChange::AddForeignKey(fk) => clauses.push(add_fk(fk)),
            TableChange::DropForeignKey(fk) => {
                clauses.push(drop_fk(t, fk)?);
                let re_added =
                    m.to.foreign_keys
                        .iter()
                        .any(|k| k.symbol == fk.symbol && k.columns == fk.columns);
                if made_index_for(&m.from, fk)
                    && !re_added
                    && !m.to.indexes.iter().any(|i| i.name == fk.symbol)
                {
                    // MySQL keeps the index it made for the key; adding the key back (the
                    // reverse) makes it again. A key re-added on the same columns (a changed
                    // action) reuses it.
                    clauses.push(Clause {
                        sql: format!("DROP INDEX {}", D.quote_ident(&fk.symbol)),
                        phase: Phase::DropIndex,
                        reverse: Some(String::new()),
                        reverse_phase: Phase::DropIndex,
                    });
                }
            }
            TableChange::AddCheck(c) => clauses.push(add_check(c)),
            TableChange::DropCheck(c) => clauses.push(drop_check(t, c)?),
        }
    }
    clauses.extend(foreign_key_indexes(m, &renamed));
    Ok(ModifyParts {
        old_table: m.from.name.clone(),
        table: t.to_owned(),
        renames,
        clauses,
        re_added: re_added_constraint(m),
    })
}

/// The statements of one modified table: its column renames and the clauses of its
/// `ALTER TABLE`, of which the drops may run first under the old names (`old_world`).
struct ModifyParts {
    old_table: String,
    table: String,
    renames: Vec<PlannedStatement>,
    clauses: Vec<Clause>,
    /// Whether a constraint is dropped and added under one name.
    re_added: bool,
}

impl ModifyParts {
    /// Whether a clause drops a foreign key or check (not the primary key, which no rename
    /// concerns). Index drops stay in the main statement, their reverses written under the new
    /// column names: MySQL refuses to drop an index a foreign key relies on before the index
    /// that replaces it is there.
    fn is_drop(c: &Clause) -> bool {
        let key = c.phase == Phase::DropConstraint && !c.sql.starts_with("DROP PRIMARY KEY");
        // The index MySQL made for a dropped key goes with the key (adding the key back makes
        // it again, so its reverse is empty).
        let made_index = c.phase == Phase::DropIndex && c.reverse.as_deref() == Some("");
        key || made_index
    }

    /// The key and check drops, in one `ALTER TABLE` under the table's current name.
    fn old_world(&mut self) -> Option<PlannedStatement> {
        let (drops, rest) = std::mem::take(&mut self.clauses)
            .into_iter()
            .partition(Self::is_drop);
        self.clauses = rest;
        self.re_added = false;
        alter_table(&self.old_table, drops)
    }

    /// The column renames, then one `ALTER TABLE` with what is left.
    fn rest(self) -> Vec<PlannedStatement> {
        let mut out = self.renames;
        let mut clauses = self.clauses;
        // MySQL refuses to drop a constraint and add one of the same name in one statement
        // ("Duplicate key on write or update"): such drops go first, in their own ALTER TABLE.
        if self.re_added {
            let (drops, rest): (Vec<Clause>, Vec<Clause>) =
                clauses.into_iter().partition(Self::is_drop);
            out.extend(alter_table(&self.table, drops));
            clauses = rest;
        }
        out.extend(alter_table(&self.table, clauses));
        out
    }
}

/// The index MySQL made for a foreign key the change keeps, where the change decides whether
/// one is needed: an index that served the key going leaves the key needing its own (MySQL
/// refuses the drop otherwise), and an index that serves it coming makes MySQL drop the one it
/// made. Both are written out, so that the reverse restores the same indexes.
fn foreign_key_indexes(m: &ModifyTable, renamed: &impl Fn(&str) -> String) -> Vec<Clause> {
    let mut from = m.from.clone();
    for c in &mut from.primary_key {
        *c = renamed(c);
    }
    for i in &mut from.indexes {
        for p in &mut i.parts {
            if let IndexKey::Column(c) = &mut p.key {
                *c = renamed(c);
            }
        }
    }
    let dropped = |fk: &ForeignKey| {
        m.changes
            .iter()
            .any(|c| matches!(c, TableChange::DropForeignKey(d) if d.symbol == fk.symbol))
    };
    let index = |fk: &ForeignKey| {
        format!(
            "ADD INDEX {} ({})",
            D.quote_ident(&fk.symbol),
            D.ident_list(&fk.columns)
        )
    };
    let drop = |fk: &ForeignKey| format!("DROP INDEX {}", D.quote_ident(&fk.symbol));
    let mut out = Vec::new();
    for fk in &m.to.foreign_keys {
        let kept = from
            .foreign_keys
            .iter()
            .any(|k| k.symbol == fk.symbol && !k.symbol.is_empty() && !dropped(k));
        if !kept {
            continue;
        }
        match (made_index_for(&from, fk), made_index_for(&m.to, fk)) {
            (false, true) => out.push(Clause {
                sql: index(fk),
                phase: Phase::AddIndex,
                reverse: Some(drop(fk)),
                reverse_phase: Phase::DropIndex,
            }),
            (true, false) => out.push(Clause {
                sql: drop(fk),
                phase: Phase::DropIndex,
                reverse: Some(index(fk)),
                reverse_phase: Phase::AddIndex,
            }),
            _ => {}
        }
    }
    out
}

/// Whether MySQL made an index for `fk` when it was added to `table` (as inspected, which leaves
/// such indexes out): it does, named after the key, unless an index or the primary key already
/// starts with the key's columns.
fn made_index_for(table: &Table, fk: &ForeignKey) -> bool {
    let starts_with_fk = |cols: Vec<Option<&str>>| {
        cols.len() >= fk.columns.len()
            && fk
                .columns
                .iter()
                .zip(&cols)
                .all(|(f, c)| Some(f.as_str()) == *c)
    };
    let pk = table.primary_key.iter().map(|c| Some(c.as_str())).collect();
    !fk.symbol.is_empty()
        && !table.indexes.iter().any(|i| i.name == fk.symbol)
        && !starts_with_fk(pk)
        && !table.indexes.iter().any(|i| {
            starts_with_fk(
                i.parts
                    .iter()
                    .map(|p| match &p.key {
                        crate::schema::IndexKey::Column(c) => Some(c.as_str()),
                        crate::schema::IndexKey::Expr(_) => None,
                    })
                    .collect(),
            )
        })
}

/// Whether the changes drop a foreign key or check and add one with the same name.
fn re_added_constraint(m: &ModifyTable) -> bool {
    fn name(c: &TableChange) -> Option<&String> {
        match c {
            TableChange::DropForeignKey(fk) | TableChange::AddForeignKey(fk) => Some(&fk.symbol),
            TableChange::DropCheck(c) | TableChange::AddCheck(c) => Some(&c.name),
            _ => None,
        }
    }
    let dropped: Vec<&String> = m
        .changes
        .iter()
        .filter(|c| {
            matches!(
                c,
                TableChange::DropForeignKey(_) | TableChange::DropCheck(_)
            )
        })
        .filter_map(name)
        .collect();
    m.changes.iter().any(|c| {
        matches!(c, TableChange::AddForeignKey(_) | TableChange::AddCheck(_))
            && name(c).is_some_and(|n| !n.is_empty() && dropped.contains(&n))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{DiffOptions, diff};
    use crate::schema::{ColumnType, Schema};

    fn plan_sql(from: &Schema, to: &Schema) -> Vec<PlannedStatement> {
        let changes = diff(from, to, &DiffOptions::new(D)).unwrap();
        crate::planner::plan(&changes, D).unwrap().statements
    }

    fn users() -> Table {
        Table::new("users")
            .column(Column::new("id", ColumnType::int64()).identity())
            .column(Column::new("name", ColumnType::string()))
            .primary_key(["id"])
    }

    #[test]
    fn creates_tables_with_their_indexes_inside() {
        let t = users().index(Index::new("name", ["name"]).unique());
        let s = plan_sql(&Schema::new(), &Schema { tables: vec![t] });
        assert_eq!(s.len(), 1);
        assert_eq!(
            s[0].sql,
            "CREATE TABLE `users` (`id` bigint NOT NULL AUTO_INCREMENT, `name` varchar(255) NOT NULL, PRIMARY KEY (`id`), UNIQUE INDEX `name` (`name`)) CHARSET utf8mb4 COLLATE utf8mb4_bin"
        );
        assert_eq!(s[0].reverse, vec!["DROP TABLE `users`"]);
    }

    /// MySQL drops the index it made for a key once another index serves the key, and refuses to
    /// drop the index a key relies on: both directions write that index out.
    #[test]
    fn the_index_mysql_makes_for_a_key_is_written_out_both_ways() {
        let parent = users();
        let child = |with_index: bool| {
            let mut t = Table::new("c")
                .column(Column::new("id", ColumnType::int64()).identity())
                .column(Column::new("a", ColumnType::int64()).nullable())
                .primary_key(["id"])
                .foreign_key(ForeignKey::new("fa", "a", "users", "id"));
            if with_index {
                t = t.index(Index::new("ia", ["a"]).unique());
            }
            t
        };
        let from = Schema {
            tables: vec![parent.clone(), child(false)],
        };
        let to = Schema {
            tables: vec![parent, child(true)],
        };
        let s = plan_sql(&from, &to);
        assert_eq!(s.len(), 1, "{s:#?}");
        assert_eq!(
            s[0].sql,
            "ALTER TABLE `c` DROP INDEX `fa`, ADD UNIQUE INDEX `ia` (`a`)"
        );
        assert_eq!(
            s[0].reverse,
            vec!["ALTER TABLE `c` DROP INDEX `ia`, ADD INDEX `fa` (`a`)"]
        );
    }

    #[test]
    fn one_alter_table_with_drops_first_and_its_reverse() {
        let from = users()
            .column(Column::new(
                "age",
                ColumnType::int(crate::schema::IntWidth::W32),
            ))
            .index(Index::new("age", ["age"]));
        let mut to = users().index(Index::new("name", ["name"]));
        to.columns[1].nullable = true;
        let s = plan_sql(&Schema { tables: vec![from] }, &Schema { tables: vec![to] });
        assert_eq!(s.len(), 1, "{s:#?}");
        assert_eq!(
            s[0].sql,
            "ALTER TABLE `users` DROP INDEX `age`, MODIFY COLUMN `name` varchar(255) NULL, DROP COLUMN `age`, ADD INDEX `name` (`name`)"
        );
        assert_eq!(
            s[0].reverse,
            vec![
                "ALTER TABLE `users` DROP INDEX `name`, ADD COLUMN `age` int NOT NULL, MODIFY COLUMN `name` varchar(255) NOT NULL, ADD INDEX `age` (`age`)"
            ]
        );
    }
}
