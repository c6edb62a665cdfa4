//! `entgen migrate lint`: statement-level analysis of migration files with Atlas's codes
//! (`sql/sqlcheck`): destructive changes (DS101 schema, DS102 table, DS103 column dropped),
//! data-dependent changes (MF101 unique index on existing columns, MF103 NOT NULL column without
//! default on an existing table, MF104 column made NOT NULL), backward-incompatible changes
//! (BC101 table renamed, BC102 column renamed), CD101 foreign key dropped, and EG101 (entgen's
//! own; Atlas's open-source analyzers have no code for it) column type narrowed or converted with `USING`.
//! On MySQL/MariaDB (`--dialect mysql`) Atlas's `mysqlcheck` codes: MY101 (a NOT NULL column
//! without default added to an existing table: the server fills existing rows with the type's
//! implicit value instead of failing, so it replaces MF103), MY110/MY111/MY112/MY113 (enum
//! values removed, reordered, inserted before the end, or past 255: the server copies the
//! table, and removed values fail on rows holding them), and EG102 (entgen's own): a file that
//! changes both schema and data, which MySQL cannot run atomically since each DDL statement
//! commits on its own.
//!
//! Earlier files are replayed into a small catalog (tables, columns, types, foreign keys), so a
//! file knows which tables existed before it (the state before each file comes from the offline
//! replay into the schema model when it can read the files, [`lint_from`]; otherwise from the
//! statements themselves), as Atlas's spans do: a table created and dropped in
//! the same file is not reported, and an SQLite table rebuild (`CREATE new_t`, copy,
//! `DROP t`, `ALTER TABLE new_t RENAME TO t`) is a modification, not a drop and a rename.
//! Destructive findings are errors (Atlas's default); the others are warnings.
//!
//! The analysis needs no database: it reads the statements themselves, which is what Atlas's
//! analyzers look at too (Atlas uses its dev database to compute the changes of each file; the
//! catalog replay here gives the same "did the table exist before this file" answers for the
//! statements entgen and Atlas write). `--dev-url` adds what only a database can tell
//! ([`replay`]): whether every file actually runs, in order, on a clean database.

use std::collections::{HashMap, HashSet};
use std::fmt;

use entgen_runtime::dialect::Dialect;
use entgen_runtime::dir::{MigrationFile, NoLint};
use entgen_runtime::schema::Schema;

use super::sql::{Cursor, Kind, Tok, paren_list, tokens};

/// `--dev-url`: replays the directory on a clean dev database (emptied again afterwards). A
/// statement that fails is invalid input (exit 1), named by file and line; an unreachable
/// database is a runtime failure (exit 2).
pub fn replay(dir: &entgen_runtime::dir::MigrationDir, url: &str) -> Result<(), super::CliError> {
    use entgen_runtime::versioned::DiffError;
    let mut driver = super::diff::connect(url)?;
    entgen_runtime::versioned::replay(&mut driver, dir)
        .map(drop)
        .map_err(|e| match e {
            DiffError::Replay { .. } | DiffError::NotClean { .. } => {
                super::CliError::invalid(e.to_string())
            }
            DiffError::Dir(e) => super::directory::dir_failure(&e),
            e => super::CliError::failed(e),
        })
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Fails `migrate lint` (exit 1).
    Error,
    /// Reported only.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The migration file (relative name).
    pub file: String,
    /// 1-based line of the statement.
    pub line: usize,
    /// Atlas's code, e.g. `DS102`.
    pub code: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// What and why.
    pub message: String,
}

/// The analyzer a code belongs to (the names `-- atlas:nolint` accepts besides codes).
pub fn analyzer(code: &str) -> &'static str {
    if code == "EG102" {
        return "nontransactional";
    }
    match &code[..2.min(code.len())] {
        "DS" => "destructive",
        "MF" | "EG" => "data_depend",
        "BC" => "incompatible",
        "CD" => "condrop",
        "MY" => "mysql",
        _ => "other",
    }
}

fn severity(code: &str) -> Severity {
    if code.starts_with("DS") {
        Severity::Error
    } else {
        Severity::Warning
    }
}

fn suppressed(nolint: &NoLint, code: &str) -> bool {
    match nolint {
        NoLint::All => true,
        NoLint::Only(list) => list
            .iter()
            .any(|c| c.eq_ignore_ascii_case(code) || c.eq_ignore_ascii_case(analyzer(code))),
    }
}

#[derive(Debug, Clone, Default)]
struct Column {
    ty: String,
}

#[derive(Debug, Clone, Default)]
struct Table {
    columns: Vec<(String, Column)>,
    fks: HashSet<String>,
}

impl Table {
    fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|(n, _)| n == name).map(|(_, c)| c)
    }
    fn column_mut(&mut self, name: &str) -> Option<&mut Column> {
        self.columns
            .iter_mut()
            .find(|(n, _)| n == name)
            .map(|(_, c)| c)
    }
}

/// What earlier files created.
#[derive(Debug, Default)]
struct Catalog {
    tables: HashMap<String, Table>,
}

impl Catalog {
    /// The catalog of a replayed schema: types in the dialect's spelling, foreign keys by name.
    fn from_schema(dialect: Dialect, schema: &Schema) -> Catalog {
        let tables = schema
            .tables
            .iter()
            .map(|t| {
                let table = Table {
                    columns: t
                        .columns
                        .iter()
                        .map(|c| {
                            let ty = dialect.render_type(&c.ty).to_lowercase();
                            (c.name.clone(), Column { ty })
                        })
                        .collect(),
                    fks: t.foreign_keys.iter().map(|f| f.symbol.clone()).collect(),
                };
                (t.name.clone(), table)
            })
            .collect();
        Catalog { tables }
    }
}

/// What the current file did so far (Atlas's resource spans).
#[derive(Debug, Default)]
struct Scope {
    tables: HashSet<String>,
    columns: HashSet<(String, String)>,
    schemas: HashSet<String>,
    /// `ALTER TABLE from RENAME TO to` statements of the file: to → from.
    renames: HashMap<String, String>,
    /// Tables being rebuilt (dropped, then replaced by a renamed copy): name → copy.
    rebuilt: HashMap<String, String>,
}

type Report = Vec<(&'static str, String)>;

/// Lints `files` (in execution order) with no offline replay; only the last `latest` files are
/// reported, the earlier ones are replayed for context. (The command always passes what the
/// replay found, through [`lint_from`].)
#[cfg(test)]
pub fn lint(files: &[MigrationFile], latest: Option<usize>) -> Vec<Finding> {
    lint_from(files, latest, Dialect::Postgres, &[])
}

/// Lints `files` (in execution order), with the schema before each file from the offline replay
/// (`entgen_runtime::replay::replay_prefixes`): `states[i]` is what the files before file `i`
/// build. Where a state is given the catalog starts the file from it (exact, whatever the
/// earlier files spelled); past the states, the statements themselves carry it on.
pub fn lint_from(
    files: &[MigrationFile],
    latest: Option<usize>,
    dialect: Dialect,
    states: &[Schema],
) -> Vec<Finding> {
    let first_reported = latest.map_or(0, |n| files.len().saturating_sub(n));
    let mut catalog = Catalog::default();
    let mut findings = Vec::new();
    for (i, file) in files.iter().enumerate() {
        if let Some(state) = states.get(i) {
            catalog = Catalog::from_schema(dialect, state);
        }
        let toks: Vec<Vec<Tok>> = file.statements.iter().map(|s| tokens(&s.text)).collect();
        let mut scope = Scope::default();
        for t in &toks {
            let mut c = Cursor::new(t);
            if c.eat_all(&["ALTER", "TABLE"]) {
                c.eat_all(&["IF", "EXISTS"]);
                c.eat("ONLY");
                if let Some(from) = c.qualified_name()
                    && c.eat_all(&["RENAME", "TO"])
                    && let Some(to) = c.qualified_name()
                {
                    scope.renames.insert(to, from);
                }
            }
        }
        let mut reports: Vec<Report> = toks
            .iter()
            .map(|t| statement(t, &mut catalog, &mut scope, dialect))
            .collect();
        if dialect == Dialect::Mysql
            && let Some(first) = reports.first_mut()
            && let Some(finding) = mixes_schema_and_data(&toks)
        {
            first.push(finding);
        }
        for (stmt, report) in file.statements.iter().zip(reports) {
            if i < first_reported {
                continue;
            }
            let stmt_nolint: Vec<String> = stmt.directive("nolint");
            for (code, message) in report {
                if file
                    .directives
                    .nolint
                    .as_ref()
                    .is_some_and(|n| suppressed(n, code))
                {
                    continue;
                }
                let by_stmt = stmt_nolint.iter().any(|args| {
                    let codes: Vec<String> = args.split_whitespace().map(str::to_string).collect();
                    codes.is_empty() || suppressed(&NoLint::Only(codes), code)
                });
                if by_stmt {
                    continue;
                }
                findings.push(Finding {
                    file: file.name.clone(),
                    line: stmt.line,
                    code,
                    severity: severity(code),
                    message,
                });
            }
        }
    }
    findings
}

/// EG102 for a MySQL file holding both DDL and data changes: each DDL statement commits on its
/// own, so the file cannot run all or nothing.
fn mixes_schema_and_data(files: &[Vec<Tok>]) -> Option<(&'static str, String)> {
    let first_word = |t: &Vec<Tok>| t.first().map(|t| t.text.to_ascii_uppercase());
    let words: Vec<String> = files.iter().filter_map(first_word).collect();
    let ddl = words
        .iter()
        .any(|w| ["CREATE", "ALTER", "DROP", "RENAME", "TRUNCATE"].contains(&w.as_str()));
    let data = words
        .iter()
        .find(|w| ["INSERT", "UPDATE", "DELETE", "REPLACE"].contains(&w.as_str()))?;
    ddl.then(|| {
        (
            "EG102",
            format!(
                "MySQL commits each DDL statement on its own: this file changes the schema and runs {data}, so a failure part-way leaves it partly applied (what ran before the failing statement stays)"
            ),
        )
    })
}

fn statement(toks: &[Tok], cat: &mut Catalog, scope: &mut Scope, dialect: Dialect) -> Report {
    let mut c = Cursor::new(toks);
    let mut out = Report::new();
    if c.eat("CREATE") {
        c.eat_all(&["OR", "REPLACE"]);
        let unique = c.eat("UNIQUE");
        c.eat("TEMPORARY");
        c.eat("TEMP");
        c.eat("UNLOGGED");
        if c.eat("TABLE") {
            create_table(&mut c, cat, scope);
        } else if c.eat("INDEX") && unique {
            create_unique_index(&mut c, cat, scope, &mut out);
        } else if c.eat("SCHEMA") || c.eat("DATABASE") {
            c.eat_all(&["IF", "NOT", "EXISTS"]);
            if let Some(s) = c.qualified_name() {
                scope.schemas.insert(s);
            }
        }
    } else if c.eat("DROP") {
        if c.eat("SCHEMA") || c.eat("DATABASE") {
            c.eat_all(&["IF", "EXISTS"]);
            while let Some(s) = c.qualified_name() {
                if !scope.schemas.contains(&s) {
                    out.push(("DS101", format!("Dropping schema {s:?}")));
                }
                if !c.eat_punct(',') {
                    break;
                }
            }
        } else if c.eat("TABLE") {
            c.eat_all(&["IF", "EXISTS"]);
            while let Some(t) = c.qualified_name() {
                drop_table(&t, cat, scope, &mut out);
                if !c.eat_punct(',') {
                    break;
                }
            }
        }
    } else if c.eat_all(&["ALTER", "TABLE"]) {
        c.eat_all(&["IF", "EXISTS"]);
        c.eat("ONLY");
        if let Some(table) = c.qualified_name() {
            c.eat_punct('*');
            alter_table(&mut c, &table, cat, scope, &mut out, dialect);
        }
    }
    out
}

/// A column definition: name, type text, NOT NULL, DEFAULT (or an implicit one).
struct ColumnDef {
    name: String,
    ty: String,
    not_null: bool,
    has_default: bool,
}

fn column_def(toks: &[Tok]) -> Option<ColumnDef> {
    let mut c = Cursor::new(toks);
    let name = c.bump().filter(|t| t.is_name())?.name();
    let mut ty = String::new();
    let mut not_null = false;
    let mut has_default = false;
    let constraint_words = [
        "NOT",
        "NULL",
        "DEFAULT",
        "PRIMARY",
        "UNIQUE",
        "REFERENCES",
        "CHECK",
        "CONSTRAINT",
        "GENERATED",
        "COLLATE",
        "AUTO_INCREMENT",
        "AUTOINCREMENT",
        "AS",
        "COMMENT",
        "ON",
    ];
    let mut in_type = true;
    let mut i = 0;
    let rest: Vec<&Tok> = std::iter::from_fn(|| c.bump()).collect();
    while i < rest.len() {
        let t = rest[i];
        if in_type && t.kind == Kind::Word && constraint_words.iter().any(|w| t.is(w)) {
            in_type = false;
        }
        if in_type {
            if !ty.is_empty()
                && !t.punct('(')
                && !t.punct(')')
                && !t.punct(',')
                && !ty.ends_with('(')
            {
                ty.push(' ');
            }
            if t.kind == Kind::Str {
                // An enum value: quoted again, so that the values can be read back.
                ty.push_str(&format!("'{}'", t.text.to_lowercase().replace('\'', "''")));
            } else {
                ty.push_str(&t.text.to_lowercase());
            }
            i += 1;
            continue;
        }
        if t.is("NOT") && rest.get(i + 1).is_some_and(|n| n.is("NULL")) {
            not_null = true;
            i += 2;
            continue;
        }
        if t.is("PRIMARY") {
            not_null = true;
        }
        if t.is("DEFAULT")
            || t.is("GENERATED")
            || t.is("AS")
            || t.is("AUTO_INCREMENT")
            || t.is("AUTOINCREMENT")
        {
            has_default = true;
        }
        i += 1;
    }
    if ty.contains("serial") {
        has_default = true;
    }
    Some(ColumnDef {
        name,
        ty,
        not_null,
        has_default,
    })
}

fn is_table_constraint(t: &Tok) -> bool {
    [
        "CONSTRAINT",
        "PRIMARY",
        "UNIQUE",
        "FOREIGN",
        "CHECK",
        "EXCLUDE",
        "INDEX",
        "KEY",
        "FULLTEXT",
        "SPATIAL",
        "LIKE",
    ]
    .iter()
    .any(|w| t.is(w))
}

fn create_table(c: &mut Cursor<'_>, cat: &mut Catalog, scope: &mut Scope) {
    c.eat_all(&["IF", "NOT", "EXISTS"]);
    let Some(name) = c.qualified_name() else {
        return;
    };
    let rest: Vec<Tok> = std::iter::from_fn(|| c.bump()).cloned().collect();
    let (parts, _) = paren_list(&rest);
    let mut table = Table::default();
    for part in parts {
        let Some(first) = part.first() else { continue };
        if is_table_constraint(first) {
            if first.is("CONSTRAINT")
                && let Some(n) = part.get(1)
                && part.iter().any(|t| t.is("FOREIGN") || t.is("REFERENCES"))
            {
                table.fks.insert(n.name());
            }
            continue;
        }
        if let Some(def) = column_def(part) {
            table.columns.push((def.name, Column { ty: def.ty }));
        }
    }
    scope.tables.insert(name.clone());
    cat.tables.insert(name, table);
}

fn create_unique_index(c: &mut Cursor<'_>, cat: &Catalog, scope: &Scope, out: &mut Report) {
    c.eat("CONCURRENTLY");
    c.eat_all(&["IF", "NOT", "EXISTS"]);
    let mut index = String::new();
    if !c.peek().is_some_and(|t| t.is("ON")) {
        index = c.qualified_name().unwrap_or_default();
    }
    if !c.eat("ON") {
        return;
    }
    c.eat("ONLY");
    let Some(table) = c.qualified_name() else {
        return;
    };
    if c.eat("USING") {
        c.bump();
    }
    let rest: Vec<Tok> = std::iter::from_fn(|| c.bump()).cloned().collect();
    let (parts, _) = paren_list(&rest);
    let columns: Vec<String> = parts
        .iter()
        .filter_map(|p| p.first().filter(|t| t.is_name()).map(Tok::name))
        .collect();
    unique_on_existing(&index, &table, &columns, cat, scope, out);
}

fn unique_on_existing(
    index: &str,
    table: &str,
    columns: &[String],
    cat: &Catalog,
    scope: &Scope,
    out: &mut Report,
) {
    if scope.tables.contains(table) {
        return;
    }
    // Atlas: a unique index on a column that existed before this file.
    let Some(col) = columns
        .iter()
        .find(|col| !scope.columns.contains(&(table.to_string(), (*col).clone())))
    else {
        return;
    };
    let _ = cat;
    out.push((
        "MF101",
        format!(
            "Adding a unique index {index:?} on table {table:?} might fail in case column {col:?} contains duplicate entries"
        ),
    ));
}

fn drop_table(t: &str, cat: &mut Catalog, scope: &mut Scope, out: &mut Report) {
    if let Some(copy) = scope.renames.get(t).cloned() {
        // SQLite rebuild: the copy takes the table's place. Columns the copy lacks are dropped.
        if let (Some(old), Some(new)) = (cat.tables.get(t), cat.tables.get(&copy)) {
            let gone: Vec<String> = old
                .columns
                .iter()
                .filter(|(n, _)| new.column(n).is_none())
                .map(|(n, _)| format!("{n:?}"))
                .collect();
            if !gone.is_empty() {
                out.push(("DS103", dropped_columns(&gone)));
            }
        }
        scope.rebuilt.insert(t.to_string(), copy);
        cat.tables.remove(t);
        return;
    }
    if !scope.tables.contains(t) {
        out.push(("DS102", format!("Dropping table {t:?}")));
    }
    cat.tables.remove(t);
}

fn dropped_columns(names: &[String]) -> String {
    match names {
        [one] => format!("Dropping non-virtual column {one}"),
        [init @ .., last] => format!(
            "Dropping non-virtual columns {} and {last}",
            init.join(", ")
        ),
        [] => String::new(),
    }
}

fn alter_table(
    c: &mut Cursor<'_>,
    table: &str,
    cat: &mut Catalog,
    scope: &mut Scope,
    out: &mut Report,
    dialect: Dialect,
) {
    let new_table = scope.tables.contains(table);
    let mut dropped = Vec::new();
    while !c.done() {
        let action = c.until_comma();
        if action.is_empty() {
            if c.bump().is_none() {
                break;
            }
            continue;
        }
        let mut a = Cursor::new(action);
        if a.eat("DROP") {
            if a.eat("CONSTRAINT") {
                a.eat_all(&["IF", "EXISTS"]);
                if let Some(n) = a.qualified_name()
                    && cat.tables.get_mut(table).is_some_and(|t| t.fks.remove(&n))
                {
                    out.push(("CD101", format!("Dropping foreign-key constraint {n:?}")));
                }
                continue;
            }
            if a.eat_all(&["FOREIGN", "KEY"]) {
                let n = a.qualified_name().unwrap_or_default();
                out.push(("CD101", format!("Dropping foreign-key constraint {n:?}")));
                continue;
            }
            if a.peek().is_some_and(|t| {
                [
                    "INDEX",
                    "KEY",
                    "PRIMARY",
                    "CHECK",
                    "DEFAULT",
                    "PARTITION",
                    "UNIQUE",
                ]
                .iter()
                .any(|w| t.is(w))
            }) {
                continue;
            }
            a.eat("COLUMN");
            a.eat_all(&["IF", "EXISTS"]);
            if let Some(col) = a.qualified_name() {
                let temporary =
                    new_table || scope.columns.contains(&(table.to_string(), col.clone()));
                if !temporary {
                    dropped.push(format!("{col:?}"));
                }
                if let Some(t) = cat.tables.get_mut(table) {
                    t.columns.retain(|(n, _)| *n != col);
                }
            }
        } else if a.eat("ADD") {
            if a.peek().is_some_and(is_table_constraint) {
                let mut name = String::new();
                if a.eat("CONSTRAINT") {
                    name = a.qualified_name().unwrap_or_default();
                }
                if a.eat("UNIQUE") {
                    a.eat("KEY");
                    a.eat("INDEX");
                    if !a.peek().is_some_and(|t| t.punct('('))
                        && let Some(n) = a.qualified_name()
                    {
                        name = n;
                    }
                    let rest: Vec<Tok> = std::iter::from_fn(|| a.bump()).cloned().collect();
                    let (parts, _) = paren_list(&rest);
                    let cols: Vec<String> = parts
                        .iter()
                        .filter_map(|p| p.first().filter(|t| t.is_name()).map(Tok::name))
                        .collect();
                    unique_on_existing(&name, table, &cols, cat, scope, out);
                } else if action.iter().any(|t| t.is("FOREIGN"))
                    && !name.is_empty()
                    && let Some(t) = cat.tables.get_mut(table)
                {
                    t.fks.insert(name);
                }
                continue;
            }
            a.eat("COLUMN");
            a.eat_all(&["IF", "NOT", "EXISTS"]);
            let rest: Vec<Tok> = std::iter::from_fn(|| a.bump()).cloned().collect();
            if let Some(def) = column_def(&rest) {
                if def.not_null && !def.has_default && !new_table && dialect == Dialect::Mysql {
                    out.push((
                        "MY101",
                        format!(
                            "Adding a non-nullable {:?} column {:?} on table {table:?} without a DEFAULT value implicitly sets existing rows with {}",
                            def.ty,
                            def.name,
                            mysql_implicit_default(&def.ty)
                        ),
                    ));
                } else if def.not_null && !def.has_default && !new_table {
                    out.push((
                        "MF103",
                        format!(
                            "Adding a non-nullable {:?} column {:?} will fail in case table {table:?} is not empty",
                            def.ty, def.name
                        ),
                    ));
                }
                scope.columns.insert((table.to_string(), def.name.clone()));
                cat.tables
                    .entry(table.to_string())
                    .or_default()
                    .columns
                    .push((def.name, Column { ty: def.ty }));
            }
        } else if a.eat("ALTER") {
            a.eat("COLUMN");
            let Some(col) = a.qualified_name() else {
                continue;
            };
            let new_column = new_table || scope.columns.contains(&(table.to_string(), col.clone()));
            if a.eat_all(&["SET", "NOT", "NULL"]) {
                if !new_column {
                    out.push((
                        "MF104",
                        format!(
                            "Modifying nullable column {col:?} to non-nullable might fail in case it contains NULL values"
                        ),
                    ));
                }
            } else if a.eat_all(&["SET", "DATA", "TYPE"]) || a.eat("TYPE") {
                let ty = type_text(&mut a);
                let using = a.peek().is_some_and(|t| t.is("USING"));
                change_type(table, &col, &ty, new_column, using, cat, out);
            }
        } else if a.eat("MODIFY") || a.peek().is_some_and(|t| t.is("CHANGE")) {
            // MySQL: MODIFY [COLUMN] c type …, CHANGE [COLUMN] old new type …
            let change = a.eat("CHANGE");
            a.eat("COLUMN");
            let mut col = a.qualified_name().unwrap_or_default();
            if change
                && let Some(new) = a.qualified_name()
                && new != col
            {
                if !new_table {
                    out.push(("BC102", format!("Renaming column {col:?} to {new:?}")));
                }
                if let Some(c) = cat
                    .tables
                    .get_mut(table)
                    .and_then(|t| t.columns.iter_mut().find(|(n, _)| *n == col))
                {
                    c.0 = new.clone();
                }
                col = new;
            }
            let rest: Vec<Tok> = std::iter::from_fn(|| a.bump()).cloned().collect();
            let mut def_toks = vec![Tok {
                kind: Kind::Word,
                text: col.clone(),
            }];
            def_toks.extend(rest);
            if let Some(def) = column_def(&def_toks) {
                let new_column =
                    new_table || scope.columns.contains(&(table.to_string(), col.clone()));
                let old = cat
                    .tables
                    .get(table)
                    .and_then(|t| t.column(&col))
                    .map(|c| c.ty.clone());
                if let Some(old) = old.filter(|_| !new_column && dialect == Dialect::Mysql) {
                    out.extend(enum_change(&col, &old, &def.ty));
                }
                change_type(table, &col, &def.ty, new_column, false, cat, out);
            }
        } else if a.eat("RENAME") {
            if a.eat("TO") || a.eat("AS") {
                if let Some(new) = a.qualified_name() {
                    let rebuild = scope.rebuilt.get(&new).is_some_and(|copy| copy == table);
                    if !new_table && !rebuild {
                        out.push(("BC101", format!("Renaming table {table:?} to {new:?}")));
                    }
                    if let Some(t) = cat.tables.remove(table) {
                        cat.tables.insert(new.clone(), t);
                    }
                    if scope.tables.remove(table) && !rebuild {
                        scope.tables.insert(new);
                    }
                }
            } else if a.eat("CONSTRAINT") || a.eat("INDEX") || a.eat("KEY") {
                continue;
            } else {
                a.eat("COLUMN");
                if let Some(old) = a.qualified_name()
                    && a.eat("TO")
                    && let Some(new) = a.qualified_name()
                {
                    let new_column =
                        new_table || scope.columns.contains(&(table.to_string(), old.clone()));
                    if !new_column {
                        out.push(("BC102", format!("Renaming column {old:?} to {new:?}")));
                    }
                    if let Some(c) = cat
                        .tables
                        .get_mut(table)
                        .and_then(|t| t.columns.iter_mut().find(|(n, _)| *n == old))
                    {
                        c.0 = new;
                    }
                }
            }
        }
    }
    if !dropped.is_empty() {
        out.push(("DS103", dropped_columns(&dropped)));
    }
}

/// The value MySQL gives existing rows for a NOT NULL column added without a default.
fn mysql_implicit_default(ty: &str) -> &'static str {
    let base = ty.split(['(', ' ']).next().unwrap_or("");
    match base {
        "tinyint" | "smallint" | "mediumint" | "int" | "integer" | "bigint" | "decimal"
        | "numeric" | "float" | "double" | "real" | "bit" | "bool" | "boolean" | "year" => "0",
        "date" => "'0000-00-00'",
        "datetime" | "timestamp" => "'0000-00-00 00:00:00'",
        "time" => "'00:00:00'",
        "enum" => "the first enum value",
        "json" => "'null'",
        _ => "''",
    }
}

/// The values of an `enum('a', 'b')` type text; `None` for other types.
fn enum_values(ty: &str) -> Option<Vec<String>> {
    let inner = ty.trim().strip_prefix("enum(")?.strip_suffix(')')?;
    let mut values = Vec::new();
    let mut chars = inner.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace() || *c == ',').is_some() {}
        match chars.next() {
            None => return Some(values),
            Some('\'') => {}
            Some(_) => return None,
        }
        let mut v = String::new();
        loop {
            match chars.next()? {
                '\'' if chars.peek() == Some(&'\'') => {
                    chars.next();
                    v.push('\'');
                }
                '\'' => break,
                '\\' => v.push(chars.next()?),
                c => v.push(c),
            }
        }
        values.push(v);
    }
}

/// Atlas's MY110–MY113 for an enum column changed from `from` to `to`.
fn enum_change(col: &str, from: &str, to: &str) -> Option<(&'static str, String)> {
    let (old, new) = (enum_values(from)?, enum_values(to)?);
    let removed: Vec<&String> = old.iter().filter(|v| !new.contains(v)).collect();
    if !removed.is_empty() {
        return Some((
            "MY110",
            format!(
                "Removing enum values {removed:?} from column {col:?} requires a table copy, and fails on rows holding them"
            ),
        ));
    }
    let kept: Vec<&String> = new.iter().filter(|v| old.contains(v)).collect();
    if kept.iter().copied().ne(old.iter()) {
        return Some((
            "MY111",
            format!("Reordering the enum values of column {col:?} requires a table copy"),
        ));
    }
    if !new.starts_with(&old) {
        return Some((
            "MY112",
            format!(
                "Inserting enum values into column {col:?} not at the end requires a table copy"
            ),
        ));
    }
    (old.len() <= 255 && new.len() > 255).then(|| {
        (
            "MY113",
            format!(
                "Exceeding 255 enum values in column {col:?} changes its storage size and requires a table copy"
            ),
        )
    })
}

/// The type after `TYPE`, up to `USING`/`COLLATE`/the end.
fn type_text(a: &mut Cursor<'_>) -> String {
    let mut ty = String::new();
    while let Some(t) = a.peek() {
        if t.is("USING") || t.is("COLLATE") {
            break;
        }
        a.bump();
        if !ty.is_empty() && !t.punct('(') && !t.punct(')') && !t.punct(',') && !ty.ends_with('(') {
            ty.push(' ');
        }
        ty.push_str(&t.text.to_lowercase());
    }
    ty
}

/// A type change of an existing column: EG101 when it may fail on or lose existing values,
/// and always when it converts them with a `USING` expression (a row that does not convert
/// makes the statement fail, though the table may well be empty).
fn change_type(
    table: &str,
    col: &str,
    ty: &str,
    new_column: bool,
    using: bool,
    cat: &mut Catalog,
    out: &mut Report,
) {
    if using && !new_column {
        out.push((
            "EG101",
            format!(
                "Changing the type of column {col:?} to {ty:?} converts existing values with USING: it fails if table {table:?} has a row whose value does not convert"
            ),
        ));
        if let Some(c) = cat.tables.get_mut(table).and_then(|t| t.column_mut(col)) {
            c.ty = ty.to_string();
        }
        return;
    }
    let Some(c) = cat.tables.get_mut(table).and_then(|t| t.column_mut(col)) else {
        return;
    };
    if !new_column && let Some(why) = narrowing(&c.ty, ty) {
        out.push((
            "EG101",
            format!(
                "Changing the type of column {col:?} from {:?} to {ty:?} {why}",
                c.ty
            ),
        ));
    }
    c.ty = ty.to_string();
}

/// Why changing `from` to `to` may fail or lose data, if it may.
pub fn narrowing(from: &str, to: &str) -> Option<&'static str> {
    let (fb, fa) = split_type(from);
    let (tb, ta) = split_type(to);
    let int_rank = |b: &str| match b {
        "tinyint" => Some(1),
        "smallint" | "int2" | "smallserial" | "serial2" => Some(2),
        "mediumint" => Some(3),
        "integer" | "int" | "int4" | "serial" | "serial4" => Some(4),
        "bigint" | "int8" | "bigserial" | "serial8" => Some(8),
        _ => None,
    };
    let float_rank = |b: &str| match b {
        "real" | "float4" | "float" => Some(4),
        "double precision" | "float8" | "double" => Some(8),
        _ => None,
    };
    let is_text = |b: &str| {
        matches!(
            b,
            "text"
                | "varchar"
                | "character varying"
                | "char"
                | "character"
                | "bpchar"
                | "nvarchar"
                | "nchar"
                | "clob"
                | "longtext"
                | "mediumtext"
                | "tinytext"
                | "citext"
        )
    };
    let is_decimal = |b: &str| matches!(b, "numeric" | "decimal");
    if fb == tb && fa == ta {
        return None;
    }
    if let (Some(f), Some(t)) = (int_rank(&fb), int_rank(&tb)) {
        return (t < f).then_some("narrows the integer range: existing values may not fit");
    }
    if let (Some(f), Some(t)) = (float_rank(&fb), float_rank(&tb)) {
        return (t < f).then_some("reduces the precision: existing values may lose digits");
    }
    if is_text(&fb) && is_text(&tb) {
        let limit = |b: &str, a: &[u64]| {
            if matches!(b, "text" | "clob" | "longtext" | "mediumtext" | "citext") {
                None
            } else {
                a.first()
                    .copied()
                    .or(if b.starts_with("char") || b == "bpchar" {
                        Some(1)
                    } else {
                        None
                    })
            }
        };
        return match (limit(&fb, &fa), limit(&tb, &ta)) {
            (None, Some(_)) => Some("limits the length: longer existing values will not fit"),
            (Some(f), Some(t)) if t < f => {
                Some("shortens the length: longer existing values will not fit")
            }
            _ => None,
        };
    }
    if is_decimal(&fb) && is_decimal(&tb) {
        let p = |a: &[u64]| (a.first().copied(), a.get(1).copied().unwrap_or(0));
        return match (p(&fa), p(&ta)) {
            ((None, _), (Some(_), _)) => Some("limits the precision: existing values may not fit"),
            ((Some(fp), fs), (Some(tp), ts))
                if tp < fp || ts < fs || tp.saturating_sub(ts) < fp.saturating_sub(fs) =>
            {
                Some("reduces the precision or scale: existing values may not fit")
            }
            _ => None,
        };
    }
    if (int_rank(&fb).is_some() || float_rank(&fb).is_some() || is_decimal(&fb))
        && (int_rank(&tb).is_some() || is_decimal(&tb))
    {
        return Some("may round or overflow existing values");
    }
    if is_text(&tb) {
        return None;
    }
    if fb != tb && !fb.is_empty() && !tb.is_empty() {
        return Some("converts existing values, which may fail");
    }
    None
}

/// `character varying(255)` → (`character varying`, [255]).
fn split_type(t: &str) -> (String, Vec<u64>) {
    let t = t.trim().to_lowercase();
    let (base, args) = match t.find('(') {
        Some(i) => {
            let close = t[i..].find(')').map_or(t.len(), |j| i + j);
            let args = t[i + 1..close]
                .split(',')
                .filter_map(|a| a.trim().parse().ok())
                .collect();
            let tail = t.get(close + 1..).unwrap_or("").trim();
            let base = format!("{} {tail}", t[..i].trim());
            (base.trim().to_string(), args)
        }
        None => (t.clone(), Vec::new()),
    };
    let base = match base.as_str() {
        "int4" => "integer".to_string(),
        "int" => "integer".to_string(),
        "int8" => "bigint".to_string(),
        "int2" => "smallint".to_string(),
        "varchar" => "character varying".to_string(),
        "float8" => "double precision".to_string(),
        "float4" => "real".to_string(),
        "decimal" => "numeric".to_string(),
        _ => base,
    };
    (base, args)
}

/// One line per finding: `path:line: severity CODE: message`.
pub fn render(dir: &std::path::Path, findings: &[Finding]) -> String {
    findings
        .iter()
        .map(|f| {
            format!(
                "{}:{}: {} {}: {}\n",
                dir.join(&f.file).display(),
                f.line,
                f.severity,
                f.code,
                f.message
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use entgen_runtime::dir::reader::parse_file;
    use entgen_runtime::dir::{Format, ScanOptions};

    use super::*;

    fn run(files: &[(&str, &str)]) -> Vec<(String, usize, &'static str)> {
        lint(&parsed(files), None)
            .into_iter()
            .map(|f| (f.file, f.line, f.code))
            .collect()
    }

    fn parsed(files: &[(&str, &str)]) -> Vec<MigrationFile> {
        files
            .iter()
            .map(|(n, c)| {
                parse_file(
                    &Format::Atlas,
                    n,
                    c.as_bytes(),
                    &ScanOptions::POSTGRES,
                    Path::new(n),
                )
                .unwrap()
            })
            .collect()
    }

    const INIT: (&str, &str) = (
        "1_init.sql",
        "CREATE TABLE users (id bigint NOT NULL, name varchar(255), age integer, email text, PRIMARY KEY (id));\n\
         CREATE TABLE pets (id bigint, owner_id bigint, CONSTRAINT pets_owner_fk FOREIGN KEY (owner_id) REFERENCES users (id));\n",
    );

    #[test]
    fn destructive() {
        let f = run(&[
            INIT,
            (
                "2_drop.sql",
                "DROP TABLE pets;\nALTER TABLE users DROP COLUMN age, DROP COLUMN email;\nDROP SCHEMA IF EXISTS archive CASCADE;\n",
            ),
        ]);
        assert_eq!(
            f,
            [
                ("2_drop.sql".into(), 1, "DS102"),
                ("2_drop.sql".into(), 2, "DS103"),
                ("2_drop.sql".into(), 3, "DS101")
            ]
        );
    }

    #[test]
    fn temporary_objects_are_not_reported() {
        let f = run(&[(
            "1_tmp.sql",
            "CREATE TABLE t (a int);\nALTER TABLE t ADD COLUMN b int NOT NULL;\nCREATE UNIQUE INDEX t_a ON t (a);\nALTER TABLE t DROP COLUMN b;\nDROP TABLE t;\n",
        )]);
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn data_dependent_and_incompatible() {
        let f = run(&[
            INIT,
            (
                "2_change.sql",
                "CREATE UNIQUE INDEX users_email ON users (email);\n\
                 ALTER TABLE users ADD COLUMN nick text NOT NULL;\n\
                 ALTER TABLE users ADD COLUMN score int NOT NULL DEFAULT 0;\n\
                 ALTER TABLE users ALTER COLUMN name SET NOT NULL;\n\
                 ALTER TABLE users ALTER COLUMN name TYPE varchar(50);\n\
                 ALTER TABLE users ALTER COLUMN age TYPE bigint;\n\
                 ALTER TABLE users RENAME COLUMN email TO mail;\n\
                 ALTER TABLE pets RENAME TO animals;\n\
                 ALTER TABLE animals DROP CONSTRAINT pets_owner_fk;\n\
                 ALTER TABLE users ADD CONSTRAINT users_nick UNIQUE (nick);\n",
            ),
        ]);
        let codes: Vec<(usize, &str)> = f.iter().map(|(_, l, c)| (*l, *c)).collect();
        assert_eq!(
            codes,
            [
                (1, "MF101"),
                (2, "MF103"),
                (4, "MF104"),
                (5, "EG101"),
                (7, "BC102"),
                (8, "BC101"),
                (9, "CD101")
            ]
        );
    }

    #[test]
    fn sqlite_rebuild_is_a_modification() {
        let f = run(&[
            ("1_init.sql", "CREATE TABLE `t` (`a` integer, `b` text);\n"),
            (
                "2_rebuild.sql",
                "CREATE TABLE `new_t` (`a` integer NOT NULL);\nINSERT INTO `new_t` (`a`) SELECT `a` FROM `t`;\nDROP TABLE `t`;\nALTER TABLE `new_t` RENAME TO `t`;\n",
            ),
        ]);
        assert_eq!(f, [("2_rebuild.sql".into(), 3, "DS103")]);
    }

    #[test]
    fn nolint_at_file_and_statement_level() {
        let f = run(&[
            INIT,
            ("2_a.sql", "-- atlas:nolint\n\nDROP TABLE pets;\n"),
            (
                "3_b.sql",
                "-- atlas:nolint DS103\n\nALTER TABLE users DROP COLUMN age;\nDROP TABLE users;\n",
            ),
            (
                "4_c.sql",
                "CREATE TABLE x (a int);\nCREATE TABLE y (a int);\n",
            ),
            (
                "5_d.sql",
                "-- atlas:nolint destructive\nDROP TABLE x;\nDROP TABLE y;\n",
            ),
        ]);
        assert_eq!(
            f,
            [
                ("3_b.sql".into(), 4, "DS102"),
                ("5_d.sql".into(), 3, "DS102")
            ]
        );
    }

    #[test]
    fn a_using_cast_may_fail_on_existing_rows() {
        let found = run(&[
            (
                "1_t.sql",
                "CREATE TABLE t (id bigint, age character varying);\n",
            ),
            (
                "2_age.sql",
                "ALTER TABLE \"t\" ALTER COLUMN \"age\" TYPE bigint USING \"age\"::bigint;\n",
            ),
        ]);
        assert_eq!(found, [("2_age.sql".to_string(), 1, "EG101")]);
        let msg = &lint(
            &parsed(&[
                ("1_t.sql", "CREATE TABLE t (id bigint, age text);\n"),
                (
                    "2_age.sql",
                    "ALTER TABLE t ALTER COLUMN age TYPE boolean USING age::boolean;\n",
                ),
            ]),
            None,
        )[0]
        .message;
        assert!(
            msg.contains("USING") && msg.contains("does not convert"),
            "{msg}"
        );
    }

    #[test]
    fn enum_changes() {
        assert_eq!(
            enum_values("enum('a', 'it''s','b\\'c')"),
            Some(vec!["a".into(), "it's".into(), "b'c".into()])
        );
        let code = |from, to| enum_change("k", from, to).map(|(c, _)| c);
        assert_eq!(code("enum('a','b')", "enum('a')"), Some("MY110"));
        assert_eq!(code("enum('a','b')", "enum('b','a')"), Some("MY111"));
        assert_eq!(code("enum('a','b')", "enum('x','a','b')"), Some("MY112"));
        assert_eq!(code("enum('a','b')", "enum('a','b','c')"), None);
        let toks = tokens("kind enum('a','c') NOT NULL");
        assert_eq!(column_def(&toks).unwrap().ty, "enum('a', 'c')");
    }

    #[test]
    fn narrowing_rules() {
        assert!(narrowing("bigint", "integer").is_some());
        assert!(narrowing("integer", "bigint").is_none());
        assert!(narrowing("text", "varchar(10)").is_some());
        assert!(narrowing("varchar(10)", "varchar(20)").is_none());
        assert!(narrowing("character varying(20)", "varchar(10)").is_some());
        assert!(narrowing("numeric(10,2)", "numeric(8,2)").is_some());
        assert!(narrowing("integer", "text").is_none());
        assert!(narrowing("text", "integer").is_some());
        assert!(narrowing("double precision", "real").is_some());
        // Nonsense never panics.
        assert!(narrowing("numeric(2,5)", "numeric(1,9)").is_some());
        assert!(narrowing("varchar(", "x(1,2").is_some());
    }
}
