//! Property: whatever SQL expression a schema holds (checks, partial-index predicates,
//! expression index parts, `@default_sql` defaults), once the migration entgen wrote has run,
//! the database diffs as "no changes": `migrate diff --url` (inspect mode on the migrated
//! database), `migrate diff --dev-url` (the directory replayed on a dev database) and a second
//! auto-migration (`schema().create()`, which must run no statement).
//!
//! Expressions are generated from a grammar that covers what PostgreSQL rewrites when it stores
//! them: boolean operators and their nesting, comparisons (`<>` and `!=`), `IN` / `NOT IN`
//! lists, `BETWEEN` ranges, `LIKE` patterns, `IS [NOT] NULL`, casts, functions, arithmetic,
//! `CASE` and quoted literals with doubled quotes and spaces. Cases come from a deterministic
//! PRNG: 12 per dialect by default (each a schema of three tables holding about 30
//! expressions), `ENTGEN_EXPR_CASES=n` for more, `ENTGEN_EXPR_SEED=s` to replay one case. Every
//! run prints how many expressions it tried.

use std::path::{Path, PathBuf};

use entgen_runtime::automigrate::{Options, run};
use entgen_runtime::dialect::Dialect;
use entgen_runtime::driver::Driver;
use entgen_runtime::schema::{
    Check, Column, ColumnType, DefaultValue, Index, IndexKey, IndexPart, IntWidth, Schema, Table,
};
use entgen_runtime::testing::TestDb;
use entgen_runtime::versioned::{self, DiffOptions, DiffOutcome, Mode};

/// SplitMix64: small, fast, deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Generates expressions over the columns every generated table has: `a` integer, `b` bigint,
/// `f` double, `s` varchar, `x` text, `flag` boolean (all nullable). Counts what it made.
///
/// On MySQL/MariaDB (`mysql`) the grammar is restricted only where MySQL cannot say the same
/// thing: `||` is OR there (not concatenation; `concat()` is used), casts name MySQL's types
/// (`SIGNED`, `CHAR`, `DOUBLE`), `LIKE` has no `ESCAPE '\'` (a backslash escapes the quote in a
/// MySQL string; it is LIKE's default escape anyway), and tables get no partial or expression
/// index (neither exists on MariaDB).
struct Gen {
    rng: Rng,
    made: usize,
    mysql: bool,
}

const STRINGS: &[&str] = &[
    "'a'",
    "'active'",
    "'it''s'",
    "'two  spaces'",
    "''",
    "'O''Brien'",
    "'100%'",
    "'x_y'",
    "'Ünïcödé'",
];
const PATTERNS: &[&str] = &["'a%'", "'%b'", "'_c%'", "'%it''s%'", "'100\\%'", "'x_y'"];
const CMP: &[&str] = &["=", "<>", "!=", "<", "<=", ">", ">="];

impl Gen {
    fn new(seed: u64, dialect: Dialect) -> Gen {
        Gen {
            rng: Rng(seed),
            made: 0,
            mysql: dialect == Dialect::Mysql,
        }
    }

    /// `CAST(e AS ty)` with `ty` one of `integer`, `text`, `double precision`, in MySQL's
    /// spelling there.
    fn cast(&self, e: &str, ty: &str) -> String {
        let ty = match (self.mysql, ty) {
            (true, "integer") => "SIGNED",
            (true, "text") => "CHAR",
            (true, "double precision") => "DOUBLE",
            (_, ty) => ty,
        };
        format!("CAST({e} AS {ty})")
    }

    /// Text concatenation.
    fn concat(&self, a: &str, b: &str) -> String {
        if self.mysql {
            format!("concat({a}, {b})")
        } else {
            format!("{a} || {b}")
        }
    }

    fn int(&mut self) -> String {
        let n = self.rng.below(2000) as i64 - 1000;
        n.to_string()
    }

    fn string(&mut self) -> String {
        self.rng.pick(STRINGS).to_owned()
    }

    /// A numeric term: columns, literals, arithmetic, functions, casts, CASE.
    fn num(&mut self, depth: u32) -> String {
        let leaf = depth == 0;
        match self.rng.below(if leaf { 5 } else { 13 }) {
            0 => self.rng.pick(&["a", "b"]).to_owned(),
            1 => self.int(),
            2 => "f".to_owned(),
            3 => format!("{}.5", self.rng.below(100)),
            4 => self
                .rng
                .pick(&["length(s)", "abs(a)", "coalesce(b, 0)"])
                .to_owned(),
            5 => {
                let op = self.rng.pick(&["+", "-", "*"]);
                format!("{} {op} {}", self.num(depth - 1), self.num(depth - 1))
            }
            6 => format!("({} + {}) * 2", self.num(depth - 1), self.num(depth - 1)),
            7 => format!("a % {}", 2 + self.rng.below(9)),
            8 => format!("-{}", self.rng.pick(&["a", "b", "f"])),
            9 => {
                let e = self.rng.pick(&["f", "a", "'7'"]);
                self.cast(e, "integer")
            }
            10 => format!(
                "CASE WHEN {} THEN {} ELSE {} END",
                self.boolean(depth - 1),
                self.int(),
                self.num(depth - 1)
            ),
            11 => format!("abs({})", self.num(depth - 1)),
            _ => format!("coalesce({}, {})", self.num(depth - 1), self.int()),
        }
    }

    /// A text term.
    fn text(&mut self, depth: u32) -> String {
        match self.rng.below(if depth == 0 { 3 } else { 9 }) {
            0 => self.rng.pick(&["s", "x"]).to_owned(),
            1 => self.string(),
            2 => self
                .rng
                .pick(&["lower(s)", "upper(x)", "trim(s)"])
                .to_owned(),
            3 => format!(
                "substr({}, 1, {})",
                self.text(depth - 1),
                1 + self.rng.below(5)
            ),
            4 => {
                let n = self.num(depth - 1);
                self.cast(&n, "text")
            }
            5 => {
                let (a, b) = (self.text(depth - 1), self.text(depth - 1));
                self.concat(&a, &b)
            }
            6 => format!("replace({}, 'a', 'b')", self.text(depth - 1)),
            7 => format!(
                "CASE WHEN {} THEN {} ELSE {} END",
                self.boolean(depth - 1),
                self.string(),
                self.text(depth - 1)
            ),
            _ => format!("coalesce({}, {})", self.text(depth - 1), self.string()),
        }
    }

    /// A boolean expression of nesting at most `depth`.
    fn boolean(&mut self, depth: u32) -> String {
        let leaf = depth == 0;
        match self.rng.below(if leaf { 11 } else { 16 }) {
            0 => {
                let op = self.rng.pick(CMP);
                format!("{} {op} {}", self.num(depth), self.num(depth))
            }
            1 => {
                let op = self.rng.pick(CMP);
                format!("{} {op} {}", self.text(depth), self.string())
            }
            2 => {
                let not = self.rng.pick(&["", "NOT "]);
                let n = 1 + self.rng.below(4);
                let items: Vec<String> = (0..n).map(|_| self.string()).collect();
                format!("s {not}IN ({})", items.join(", "))
            }
            3 => {
                let not = self.rng.pick(&["", "NOT "]);
                let n = 1 + self.rng.below(4);
                let items: Vec<String> = (0..n).map(|_| self.int()).collect();
                format!(
                    "{} {not}IN ({})",
                    self.rng.pick(&["a", "b"]),
                    items.join(", ")
                )
            }
            4 => {
                let not = self.rng.pick(&["", "NOT "]);
                format!(
                    "{} {not}BETWEEN {} AND {}",
                    self.num(depth),
                    self.int(),
                    self.int()
                )
            }
            5 => {
                let not = self.rng.pick(&["", "NOT "]);
                let pattern = self.rng.pick(PATTERNS);
                let escape = if pattern.contains('\\') && !self.mysql {
                    " ESCAPE '\\'"
                } else {
                    ""
                };
                format!("{} {not}LIKE {pattern}{escape}", self.text(depth))
            }
            6 => format!(
                "{} IS {}NULL",
                self.rng.pick(&["a", "s", "f", "x", "flag"]),
                self.rng.pick(&["", "NOT "])
            ),
            7 => self
                .rng
                .pick(&["flag", "NOT flag", "flag = true", "flag <> false"])
                .to_owned(),
            8 => format!(
                "length({}) {} {}",
                self.text(depth),
                self.rng.pick(CMP),
                self.rng.below(20)
            ),
            9 => {
                let n = self.num(depth);
                format!("{} <> {}", self.cast(&n, "text"), self.string())
            }
            10 => format!(
                "{} = {}",
                self.rng.pick(&["s", "x"]),
                self.rng.pick(&["s", "x"])
            ),
            11 => format!(
                "{} AND {}",
                self.boolean(depth - 1),
                self.boolean(depth - 1)
            ),
            12 => format!("{} OR {}", self.boolean(depth - 1), self.boolean(depth - 1)),
            13 => format!(
                "({} OR {}) AND {}",
                self.boolean(depth - 1),
                self.boolean(depth - 1),
                self.boolean(depth - 1)
            ),
            14 => format!("NOT ({})", self.boolean(depth - 1)),
            _ => format!(
                "CASE WHEN {} THEN {} ELSE {} END",
                self.boolean(depth - 1),
                self.boolean(depth - 1),
                self.rng.pick(&["true", "false", "flag"])
            ),
        }
    }

    fn check(&mut self) -> String {
        self.made += 1;
        let depth = self.rng.below(4) as u32;
        self.boolean(depth)
    }

    /// A predicate for a partial index: functions the index may use must be immutable, which
    /// every function in the grammar is.
    fn predicate(&mut self) -> String {
        self.check()
    }

    /// An expression index part.
    fn index_expr(&mut self) -> String {
        self.made += 1;
        // A bare column would be a column part, not an expression.
        match self.rng.below(5) {
            0 => format!("lower({})", self.text(1)),
            1 => format!("{} + 1", self.num(1)),
            2 => format!("coalesce({}, '')", self.text(1)),
            3 => format!("abs({})", self.num(1)),
            _ => {
                let t = self.text(1);
                self.concat(&t, "'z'")
            }
        }
    }

    /// A constant default for a column of each type (`@default_sql`).
    fn default(&mut self, ty: &str) -> String {
        self.made += 1;
        if self.mysql {
            let options: &[&str] = match ty {
                "int" => &[
                    "(1 + 2) * 3",
                    "abs(-5)",
                    "length('abc')",
                    "CAST('7' AS SIGNED)",
                    "CASE WHEN 1 > 0 THEN 1 ELSE 2 END",
                    "-(4)",
                    "coalesce(NULL, 3)",
                ],
                "text" => &[
                    "lower('ABC')",
                    "concat('a', 'b')",
                    "upper('it''s')",
                    "CAST(42 AS CHAR)",
                    "replace('abc', 'b', 'x')",
                    "substr('hello', 2, 3)",
                    "trim('  x  ')",
                ],
                "float" => &["1.5 * 2", "abs(-2.5)", "CAST('1.25' AS DOUBLE)"],
                "bool" => &["1 > 0", "NOT false", "'a' <> 'b'"],
                _ => &["CURRENT_TIMESTAMP"],
            };
            return self.rng.pick(options).to_owned();
        }
        let options: &[&str] = match ty {
            "int" => &[
                "(1 + 2) * 3",
                "abs(-5)",
                "length('abc')",
                "CAST('7' AS integer)",
                "CASE WHEN 1 > 0 THEN 1 ELSE 2 END",
                "-(4)",
                "coalesce(NULL, 3)",
            ],
            "text" => &[
                "lower('ABC')",
                "'a' || 'b'",
                "upper('it''s')",
                "CAST(42 AS text)",
                "replace('abc', 'b', 'x')",
                "substr('hello', 2, 3)",
                "trim('  x  ')",
            ],
            "float" => &["1.5 * 2", "abs(-2.5)", "CAST('1.25' AS double precision)"],
            "bool" => &["1 > 0", "NOT false", "'a' <> 'b'"],
            _ => &["CURRENT_TIMESTAMP"],
        };
        self.rng.pick(options).to_owned()
    }

    /// Table `t<n>` with the expression columns, four checks, a partial index, an expression
    /// index (sometimes partial too; no index on MySQL) and expression defaults on five more
    /// columns.
    fn table(&mut self, n: usize) -> Table {
        let name = format!("t{n}");
        let mut t = Table::new(&name)
            .column(Column::new("id", ColumnType::int64()).identity())
            .column(Column::new("a", ColumnType::int(IntWidth::W32)).nullable())
            .column(Column::new("b", ColumnType::int64()).nullable())
            .column(Column::new("f", ColumnType::Float64).nullable())
            .column(Column::new("s", ColumnType::string()).nullable())
            .column(Column::new("x", ColumnType::Text).nullable())
            .column(Column::new("flag", ColumnType::Bool).nullable())
            .primary_key(["id"]);
        for (col, ty, kind) in [
            ("d_int", ColumnType::int(IntWidth::W32), "int"),
            ("d_text", ColumnType::string(), "text"),
            ("d_float", ColumnType::Float64, "float"),
            ("d_bool", ColumnType::Bool, "bool"),
            ("d_time", ColumnType::Time, "time"),
        ] {
            let default = DefaultValue::expr(self.default(kind));
            t.columns
                .push(Column::new(col, ty).nullable().default(default));
        }
        for i in 0..4 {
            t.checks
                .push(Check::new(format!("{name}_c{i}"), self.check()));
        }
        if self.mysql {
            return t;
        }
        let partial = Index::new(format!("{name}_partial"), ["s", "a"]).predicate(self.predicate());
        let mut expr_index = Index::new(format!("{name}_expr"), Vec::<String>::new()).parts(vec![
            IndexPart {
                key: IndexKey::Expr(self.index_expr()),
                desc: self.rng.below(2) == 0,
            },
            IndexPart::column("b"),
        ]);
        if self.rng.below(2) == 0 {
            expr_index = expr_index.predicate(self.predicate());
        }
        t.indexes = vec![partial, expr_index];
        t
    }
}

/// A migration directory under the system's temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let path =
            std::env::temp_dir().join(format!("entgen-expr-{tag}-{}-{nanos}", std::process::id()));
        TempDir(path)
    }

    fn path(&self) -> &Path {
        &self.0
    }

    /// The migration files' contents in directory order.
    fn migrations(&self) -> Vec<String> {
        let mut names: Vec<PathBuf> = std::fs::read_dir(&self.0)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "sql"))
            .collect();
        names.sort();
        names
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

fn open(db: &TestDb) -> Driver {
    Driver::open(db.url()).unwrap_or_else(|e| panic!("{}: {e}", db.url()))
}

fn fresh(dialect: Dialect) -> TestDb {
    match dialect {
        Dialect::Postgres => TestDb::postgres(),
        Dialect::Mysql => TestDb::mysql(),
        _ => TestDb::sqlite_file(),
    }
}

/// One case: write the first migration from a dev database, run it on the target, then every
/// way of asking for a diff must find nothing to do.
fn case(dialect: Dialect, seed: u64, dev: &TestDb, target: &mut TestDb) -> Result<usize, String> {
    let mut g = Gen::new(seed, dialect);
    let desired = Schema {
        tables: (0..3).map(|n| g.table(n)).collect(),
    };
    let describe = |what: &str| {
        format!(
            "seed {seed} ({}): {what}\nschema: {desired:#?}",
            dialect.name()
        )
    };
    let dir = TempDir::new(&format!("{}-{seed}", dialect.name()));
    let mut dev_driver = open(dev);
    let replay = DiffOptions::default();
    match versioned::diff(&mut dev_driver, &desired, "init", dir.path(), &replay) {
        Ok(DiffOutcome::Written(_)) => {}
        other => return Err(describe(&format!("first diff wrote nothing: {other:?}"))),
    }
    for file in dir.migrations() {
        target
            .execute(&file)
            .map_err(|e| describe(&format!("the migration failed: {e}")))?;
    }

    // `migrate diff --url`: the migrated database against the schema.
    let mut target_driver = open(target);
    let inspect = DiffOptions::default().mode(Mode::Inspect);
    let url_dir = TempDir::new(&format!("{}-{seed}-url", dialect.name()));
    match versioned::diff(
        &mut target_driver,
        &desired,
        "drift",
        url_dir.path(),
        &inspect,
    ) {
        Ok(DiffOutcome::NoChanges) => {}
        other => {
            let files = url_dir.migrations();
            return Err(describe(&format!(
                "--url found drift: {other:?}\n{files:#?}"
            )));
        }
    }
    drop(target_driver);

    // `migrate diff --dev-url`: the directory replayed against the schema.
    match versioned::diff(&mut dev_driver, &desired, "drift", dir.path(), &replay) {
        Ok(DiffOutcome::NoChanges) => {}
        other => {
            return Err(describe(&format!(
                "--dev-url found drift: {other:?}\n{:#?}",
                dir.migrations()
            )));
        }
    }

    // A second `schema().create()` runs nothing.
    let mut opts = Options::default();
    let report = target
        .with_driver(|d| run(d, &desired, &mut opts))
        .map_err(|e| describe(&format!("auto-migration failed: {e}")))?;
    if !report.statements.is_empty() {
        let sql: Vec<&str> = report.statements.iter().map(|s| s.sql.as_str()).collect();
        return Err(describe(&format!("schema().create() ran {sql:#?}")));
    }

    // Leave the target empty for the next case.
    let drop = match dialect {
        Dialect::Postgres => "DROP TABLE t0, t1, t2 CASCADE".to_owned(),
        Dialect::Mysql => "DROP TABLE t0, t1, t2".to_owned(),
        _ => "DROP TABLE t0; DROP TABLE t1; DROP TABLE t2;".to_owned(),
    };
    target.execute(&drop)?;
    Ok(g.made)
}

fn no_drift_for_generated_expressions(dialect: Dialect) {
    let seeds: Vec<u64> = match env_number("ENTGEN_EXPR_SEED") {
        Some(seed) => vec![seed],
        None => (0..env_number("ENTGEN_EXPR_CASES").unwrap_or(12)).collect(),
    };
    let dev = fresh(dialect);
    let mut target = fresh(dialect);
    let mut tried = 0;
    for &seed in &seeds {
        match case(dialect, seed, &dev, &mut target) {
            Ok(n) => tried += n,
            Err(e) => panic!("{e}"),
        }
    }
    eprintln!(
        "expression drift ({}): {} cases, {tried} expressions, no drift",
        dialect.name(),
        seeds.len()
    );
    assert!(tried > 0);
}

#[test]
fn postgres_has_no_drift_for_generated_expressions() {
    no_drift_for_generated_expressions(Dialect::Postgres);
}

#[test]
fn sqlite_has_no_drift_for_generated_expressions() {
    no_drift_for_generated_expressions(Dialect::Sqlite);
}

#[test]
fn mysql_has_no_drift_for_generated_expressions() {
    no_drift_for_generated_expressions(Dialect::Mysql);
}

/// Migrates `target` to `desired` twice: the first run does something, the second nothing.
fn assert_second_run_changes_nothing(target: &mut TestDb, desired: &Schema) {
    let first = target
        .with_driver(|d| run(d, desired, &mut Options::default()))
        .unwrap();
    assert!(!first.statements.is_empty());
    let second = target
        .with_driver(|d| run(d, desired, &mut Options::default()))
        .unwrap();
    let sql: Vec<&str> = second.statements.iter().map(|s| s.sql.as_str()).collect();
    assert!(sql.is_empty(), "the second run changed something: {sql:#?}");
}

/// The check MariaDB prints as `` `lo` <= `hi` and `hi` < 1000 `` (parentheses dropped, keywords
/// lower-cased, identifiers quoted) and a default it prints as `lcase('ABC')`: the second
/// `schema().create()` runs nothing.
#[test]
fn mysql_check_and_default_do_not_drift() {
    let mut target = TestDb::mysql();
    let desired = Schema::new().table(
        Table::new("ranges")
            .column(Column::new("id", ColumnType::int64()).identity())
            .column(Column::new("lo", ColumnType::int(IntWidth::W32)))
            .column(Column::new("hi", ColumnType::int(IntWidth::W32)))
            .column(
                Column::new("code", ColumnType::string())
                    .default(DefaultValue::expr("lower('ABC')")),
            )
            .primary_key(["id"])
            .check(Check::new("lo_hi", "(lo <= hi) AND (hi < 1000)")),
    );
    assert_second_run_changes_nothing(&mut target, &desired);
}

/// The issue's own examples, one table, on PostgreSQL: a check with `AND`, checks with `IN`,
/// `BETWEEN`, `LIKE`, `<>` on a string and a function call, a partial index and an expression
/// default.
#[test]
fn postgres_issue_examples_have_no_drift() {
    let mut target = TestDb::postgres();
    let desired = Schema::new().table(
        Table::new("items")
            .column(Column::new("id", ColumnType::int64()).identity())
            .column(Column::new("a", ColumnType::int(IntWidth::W32)))
            .column(Column::new("s", ColumnType::string()))
            .column(
                Column::new("code", ColumnType::string())
                    .default(DefaultValue::expr("lower('ABC')")),
            )
            .primary_key(["id"])
            .check(Check::new("c1", "a >= 0 AND a <= 5"))
            .check(Check::new("c2", "s IN ('active', 'gone')"))
            .check(Check::new("c3", "a BETWEEN 0 AND 9"))
            .check(Check::new("c4", "s LIKE 'a%' OR s <> 'x'"))
            .check(Check::new("c5", "length(s) <> 3"))
            .index(Index::new("items_active", ["s"]).predicate("s = 'active'")),
    );
    assert_second_run_changes_nothing(&mut target, &desired);
}

/// Diffs a table whose check names a column that does not exist against `dev`, and asserts the
/// refusal names the table and the expression and that no directory was written.
fn assert_refused_expression_names_the_table(dev: &TestDb, dir_tag: &str) {
    let desired = Schema::new().table(
        Table::new("bad")
            .column(Column::new("id", ColumnType::int64()).identity())
            .column(Column::new("a", ColumnType::int(IntWidth::W32)))
            .primary_key(["id"])
            .check(Check::new("c", "no_such_column > 0")),
    );
    let dir = TempDir::new(dir_tag);
    let err = versioned::diff(
        &mut open(dev),
        &desired,
        "init",
        dir.path(),
        &DiffOptions::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("\"bad\""), "{err}");
    assert!(err.contains("no_such_column"), "{err}");
    assert!(!dir.path().join("atlas.sum").exists());
}

/// An expression the server refuses is reported with its table and statement, before anything
/// is written, and the database is left as it was.
#[test]
fn postgres_refused_expression_names_the_table() {
    assert_refused_expression_names_the_table(&TestDb::postgres(), "refused");
}

/// On MySQL/MariaDB too, an expression the server refuses is reported with its table and
/// statement before anything is written.
#[test]
fn mysql_refused_expression_names_the_table() {
    assert_refused_expression_names_the_table(&TestDb::mysql(), "refused-mysql");
}
