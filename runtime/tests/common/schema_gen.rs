//! Random schema pairs S1 -> S2 for property tests (`schema_proptest`, `replay_offline`): a
//! deterministic PRNG seeded per case, tables with hostile names, columns of every type family
//! with defaults, foreign keys, indexes (expression, partial, GIN), checks, and S2 as renames,
//! drops, retypes and additions of S1's parts.
#![allow(dead_code)]

use std::collections::BTreeSet;

use entgen_runtime::schema::{
    Check, Column, ColumnType, DefaultValue, ForeignKey, Index, IndexKey, IndexPart, IntWidth,
    Literal, ReferenceAction, Schema, Table,
};

/// SplitMix64: small, fast, deterministic.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Family {
    Int,
    Float,
    Str,
    Bool,
    Time,
    Uuid,
    Json,
    Bytes,
}

pub fn family(ty: &ColumnType) -> Family {
    match ty {
        ColumnType::Int { .. } => Family::Int,
        ColumnType::Float32 | ColumnType::Float64 => Family::Float,
        ColumnType::String { .. } | ColumnType::Text => Family::Str,
        ColumnType::Bool => Family::Bool,
        ColumnType::Time => Family::Time,
        ColumnType::Uuid => Family::Uuid,
        ColumnType::Json => Family::Json,
        _ => Family::Bytes,
    }
}

pub fn type_in(rng: &mut Rng, f: Family) -> ColumnType {
    match f {
        Family::Int => ColumnType::int(*rng.pick(&[IntWidth::W16, IntWidth::W32, IntWidth::W64])),
        Family::Float => rng
            .pick(&[ColumnType::Float32, ColumnType::Float64])
            .clone(),
        Family::Str => rng
            .pick(&[
                ColumnType::string(),
                ColumnType::String { size: Some(50) },
                ColumnType::Text,
            ])
            .clone(),
        Family::Bool => ColumnType::Bool,
        Family::Time => ColumnType::Time,
        Family::Uuid => ColumnType::Uuid,
        Family::Json => ColumnType::Json,
        Family::Bytes => ColumnType::Bytes,
    }
}

pub fn default_for(rng: &mut Rng, ty: &ColumnType) -> Option<DefaultValue> {
    let lit = |l| Some(DefaultValue::Literal(l));
    match family(ty) {
        Family::Int => lit(Literal::Int(rng.below(200) as i64 - 100)),
        Family::Float => lit(Literal::Float(rng.below(100) as f64 + 0.5)),
        Family::Str => lit(Literal::String(
            rng.pick(&["", "x", "it's", "a b"]).to_string(),
        )),
        Family::Bool => lit(Literal::Bool(rng.chance(50))),
        Family::Time => Some(DefaultValue::expr("CURRENT_TIMESTAMP")),
        Family::Uuid => lit(Literal::String(
            "00000000-0000-0000-0000-000000000001".into(),
        )),
        Family::Json => lit(Literal::String(rng.pick(&["{}", "[]"]).to_string())),
        Family::Bytes => None,
    }
}

pub const FAMILIES: [Family; 9] = [
    Family::Int,
    Family::Int,
    Family::Float,
    Family::Str,
    Family::Str,
    Family::Bool,
    Family::Time,
    Family::Uuid,
    Family::Json,
];

/// Names are never reused within a case, so indexes and constraints never collide.
pub struct Names(pub usize);

impl Names {
    pub fn next(&mut self, prefix: &str) -> String {
        self.0 += 1;
        format!("{prefix}{}", self.0)
    }

    /// A fresh name, sometimes hostile: upper case, both quote characters, a space, unicode.
    pub fn hostile(&mut self, rng: &mut Rng, prefix: &str) -> String {
        let n = self.next(prefix);
        if rng.chance(25) {
            format!("{} \"q\" `b` é", n.to_uppercase())
        } else {
            n
        }
    }
}

pub fn new_column(rng: &mut Rng, names: &mut Names, tables: &[String]) -> Column {
    if !tables.is_empty() && rng.chance(20) {
        return Column::new(names.next("fk"), ColumnType::int64()).nullable();
    }
    let f = if rng.chance(5) {
        Family::Bytes
    } else {
        *rng.pick(&FAMILIES)
    };
    let ty = type_in(rng, f);
    let mut c = Column::new(names.next("c"), ty);
    c.default = if rng.chance(70) {
        default_for(rng, &c.ty)
    } else {
        None
    };
    c.nullable = f == Family::Bytes || rng.chance(40);
    if rng.chance(15) {
        c.comment = Some(rng.pick(&["a comment", "it's", "ünï"]).to_string());
    }
    c
}

pub fn new_table(rng: &mut Rng, names: &mut Names, tables: &[String]) -> Table {
    let mut t = Table::new(names.hostile(rng, "t"))
        .column(Column::new("id", ColumnType::int64()).identity())
        .primary_key(["id"]);
    for _ in 0..rng.below(5) {
        t.columns.push(new_column(rng, names, tables));
    }
    if rng.chance(20) {
        t.comment = Some("table comment".into());
    }
    add_constraints(rng, names, &mut t, tables);
    t
}

pub fn add_constraints(rng: &mut Rng, names: &mut Names, t: &mut Table, tables: &[String]) {
    let cols: Vec<Column> = t.columns.iter().skip(1).cloned().collect();
    for c in cols.iter().filter(|c| c.name.starts_with("fk")) {
        if !t.foreign_keys.iter().any(|fk| fk.columns[0] == c.name) {
            let mut targets: Vec<&String> = tables.iter().collect();
            targets.push(&t.name);
            let action = *rng.pick(&[
                ReferenceAction::NoAction,
                ReferenceAction::Cascade,
                ReferenceAction::SetNull,
                ReferenceAction::Restrict,
            ]);
            let fk = ForeignKey::new(
                names.hostile(rng, "fk_"),
                c.name.clone(),
                rng.pick(&targets).as_str(),
                "id",
            )
            .on_delete(action);
            t.foreign_keys.push(fk);
        }
    }
    if !cols.is_empty() && rng.chance(50) {
        let mut parts = Vec::new();
        for _ in 0..1 + rng.below(2) {
            let c = rng.pick(&cols);
            if parts
                .iter()
                .any(|p: &IndexPart| p.column_name() == Some(c.name.as_str()))
            {
                continue;
            }
            let key = if c.ty == ColumnType::Text && rng.chance(30) {
                IndexKey::Expr(format!("lower({})", c.name))
            } else {
                IndexKey::Column(c.name.clone())
            };
            parts.push(IndexPart {
                key,
                desc: rng.chance(25),
            });
        }
        let mut idx = Index::new(names.hostile(rng, "i"), Vec::<String>::new()).parts(parts);
        idx.unique = rng.chance(40);
        if rng.chance(25) {
            idx.predicate = Some(format!("{} IS NOT NULL", rng.pick(&cols).name));
        }
        if !idx.unique
            && idx.parts.len() == 1
            && rng.chance(50)
            && let Some(c) = idx.parts[0].column_name().and_then(|n| t.get_column(n))
            && c.ty == ColumnType::Json
        {
            idx.method = Some("gin".into());
            idx.parts[0].desc = false;
            idx.predicate = None;
        }
        t.indexes.push(idx);
    }
    if let Some(c) = cols
        .iter()
        .find(|c| family(&c.ty) == Family::Int && !c.name.starts_with("fk"))
        && rng.chance(30)
    {
        t.checks.push(Check::new(
            names.hostile(rng, "ck"),
            format!("{} < 1000000", c.name),
        ));
    }
}

pub struct Case {
    pub s1: Schema,
    pub s2: Schema,
    pub table_renames: Vec<(String, String)>,
    pub column_renames: Vec<(String, String, String)>,
}

pub fn generate(seed: u64) -> Case {
    let mut rng = Rng(seed);
    let mut names = Names(0);
    let s1 = initial(&mut rng, &mut names);
    evolve(&mut rng, &mut names, s1)
}

/// A first schema of one to three tables.
pub fn initial(rng: &mut Rng, names: &mut Names) -> Schema {
    let mut s1 = Schema::new();
    for _ in 0..1 + rng.below(3) {
        let existing: Vec<String> = s1.tables.iter().map(|t| t.name.clone()).collect();
        let t = new_table(rng, names, &existing);
        s1.tables.push(t);
    }
    fixup(&mut s1);
    s1
}

/// `s1` and a next version of it, with the renames that lead there.
pub fn evolve(rng: &mut Rng, names: &mut Names, s1: Schema) -> Case {
    let mut s2 = Schema::new();
    let mut table_renames = Vec::new();
    let mut column_renames = Vec::new();
    let names_1: Vec<String> = s1.tables.iter().map(|t| t.name.clone()).collect();
    for t in &s1.tables {
        if rng.chance(15) {
            continue; // dropped
        }
        let mut t = t.clone();
        let original = t.name.clone();
        if rng.chance(10) {
            let new = names.hostile(rng, "t");
            table_renames.push((t.name.clone(), new.clone()));
            t.name = new;
        }
        mutate(rng, names, &mut t, &original, &names_1, &mut column_renames);
        s2.tables.push(t);
    }
    // References to renamed tables follow the rename.
    for t in &mut s2.tables {
        for fk in &mut t.foreign_keys {
            if let Some((_, new)) = table_renames.iter().find(|(old, _)| *old == fk.ref_table) {
                fk.ref_table = new.clone();
            }
        }
    }
    for _ in 0..rng.below(2) {
        let existing: Vec<String> = s2.tables.iter().map(|t| t.name.clone()).collect();
        let t = new_table(rng, names, &existing);
        s2.tables.push(t);
    }
    fixup(&mut s2);
    Case {
        s1,
        s2,
        table_renames,
        column_renames,
    }
}

/// Mutates `t` (called `original` at S1); column renames are recorded under `original`.
pub fn mutate(
    rng: &mut Rng,
    names: &mut Names,
    t: &mut Table,
    original: &str,
    tables: &[String],
    renames: &mut Vec<(String, String, String)>,
) {
    let mut columns = vec![t.columns[0].clone()];
    let old_columns = t.columns.clone();
    for c in old_columns.iter().skip(1) {
        if rng.chance(15) {
            continue; // dropped
        }
        let mut c = c.clone();
        if rng.chance(20) && !c.name.starts_with("fk") {
            let f = family(&c.ty);
            c.ty = type_in(rng, f);
        }
        if rng.chance(15) && family(&c.ty) != Family::Bytes && !c.name.starts_with("fk") {
            c.nullable = !c.nullable;
        }
        if rng.chance(20) {
            c.default = default_for(rng, &c.ty).filter(|_| rng.chance(70));
        }
        if rng.chance(10) {
            c.comment = if c.comment.is_some() {
                None
            } else {
                Some("new comment".into())
            };
        }
        if rng.chance(8) {
            let new = names.next(if c.name.starts_with("fk") { "fk" } else { "c" });
            renames.push((original.to_owned(), c.name.clone(), new.clone()));
            rename_refs(t, &c.name, &new);
            c.name = new;
        }
        columns.push(c);
    }
    for _ in 0..rng.below(3) {
        columns.push(new_column(rng, names, tables));
    }
    t.columns = columns;
    if rng.chance(30) {
        t.indexes.retain(|_| rng.chance(50));
    }
    if rng.chance(30) {
        t.checks.clear();
    }
    for fk in &mut t.foreign_keys {
        if rng.chance(20) {
            fk.on_delete = *rng.pick(&[
                ReferenceAction::NoAction,
                ReferenceAction::Cascade,
                ReferenceAction::SetNull,
            ]);
        }
    }
    if rng.chance(10) {
        t.comment = if t.comment.is_some() {
            None
        } else {
            Some("changed".into())
        };
    }
    add_constraints(rng, names, t, tables);
}

/// Renames a column in the table's indexes, keys and checks (the new table's view of them).
pub fn rename_refs(t: &mut Table, old: &str, new: &str) {
    for i in &mut t.indexes {
        for p in &mut i.parts {
            match &mut p.key {
                IndexKey::Column(c) if c == old => *c = new.to_owned(),
                IndexKey::Expr(e) if *e == format!("lower({old})") => *e = format!("lower({new})"),
                _ => {}
            }
        }
        if i.predicate.as_deref() == Some(&format!("{old} IS NOT NULL")) {
            i.predicate = Some(format!("{new} IS NOT NULL"));
        }
    }
    for fk in &mut t.foreign_keys {
        for c in &mut fk.columns {
            if c == old {
                *c = new.to_owned();
            }
        }
    }
    for ck in &mut t.checks {
        if ck.expr == format!("{old} < 1000000") {
            ck.expr = format!("{new} < 1000000");
        }
    }
}

/// Keeps a generated schema valid and migratable with data in it: references to missing tables
/// and columns go, checks and expression parts stay on columns whose type prints them back the
/// same, NOT NULL columns have defaults (a row exists when they are added or restored), and
/// foreign-key columns stay nullable.
pub fn fixup(s: &mut Schema) {
    let tables: BTreeSet<String> = s.tables.iter().map(|t| t.name.clone()).collect();
    for t in &mut s.tables {
        let cols: Vec<Column> = t.columns.clone();
        let col = |n: &str| cols.iter().find(|c| c.name == n);
        t.foreign_keys
            .retain(|fk| tables.contains(&fk.ref_table) && col(&fk.columns[0]).is_some());
        let fk_cols: Vec<String> = t
            .foreign_keys
            .iter()
            .map(|fk| fk.columns[0].clone())
            .collect();
        for c in t.columns.iter_mut().skip(1) {
            if fk_cols.contains(&c.name) || c.name.starts_with("fk") {
                c.ty = ColumnType::int64();
                c.nullable = true;
                c.default = None;
            } else if !c.nullable && c.default.is_none() {
                c.default = default_for(&mut Rng(c.name.len() as u64), &c.ty);
                if c.default.is_none() {
                    c.nullable = true;
                }
            }
        }
        t.checks.retain(|ck| {
            let name = ck.expr.split(' ').next().unwrap_or("");
            col(name).is_some_and(|c| family(&c.ty) == Family::Int && !c.name.starts_with("fk"))
        });
        t.indexes.retain_mut(|i| {
            i.parts.retain(|p| match &p.key {
                IndexKey::Column(c) => col(c).is_some(),
                IndexKey::Expr(e) => {
                    let inner = e.trim_start_matches("lower(").trim_end_matches(')');
                    col(inner).is_some_and(|c| c.ty == ColumnType::Text)
                }
            });
            if let Some(p) = &i.predicate {
                let name = p.split(' ').next().unwrap_or("");
                if col(name).is_none() {
                    i.predicate = None;
                }
            }
            if i.method.is_some()
                && (i.parts.len() != 1
                    || i.parts[0].column_name().and_then(col).map(|c| &c.ty)
                        != Some(&ColumnType::Json))
            {
                i.method = None;
            }
            !i.parts.is_empty()
        });
    }
}

/// Leaves out of `s` what `d` cannot hold at all, so that a case asks only for what the
/// database can do. MySQL/MariaDB: no partial indexes, no index methods beyond BTREE, no
/// expression index parts (MariaDB has none; MySQL 8's functional parts are not modelled), and
/// no index on `longtext`, `json` or `blob` columns (MySQL indexes them only with a key prefix
/// length, which the model does not carry).
pub fn restrict_to(d: entgen_runtime::dialect::Dialect, s: &mut Schema) {
    if d != entgen_runtime::dialect::Dialect::Mysql {
        return;
    }
    for t in &mut s.tables {
        let cols = t.columns.clone();
        let indexable = |n: &str| {
            cols.iter().any(|c| {
                c.name == n
                    && !matches!(
                        c.ty,
                        ColumnType::Text | ColumnType::Json | ColumnType::Bytes
                    )
            })
        };
        t.indexes.retain_mut(|i| {
            i.predicate = None;
            i.method = None;
            i.parts.retain(|p| p.column_name().is_some_and(indexable));
            !i.parts.is_empty()
        });
    }
}

/// [`generate`] for dialect `d` (see [`restrict_to`]).
pub fn generate_for(seed: u64, d: entgen_runtime::dialect::Dialect) -> Case {
    let mut case = generate(seed);
    restrict_to(d, &mut case.s1);
    restrict_to(d, &mut case.s2);
    case
}
