//! Migrations on real databases: for each hand-written pair S1 → S2, create S1 and insert rows,
//! plan S1 → S2 from the inspected database, apply it, check the database now inspects as S2
//! (empty diff, canonical form) with the rows kept; then apply the reverse plan and check S1 is
//! back, rows included.

use entgen_runtime::dialect::Dialect;
use entgen_runtime::diff::{DiffOptions, diff};
use entgen_runtime::planner::plan;
use entgen_runtime::schema::{
    Check, Column, ColumnType, DefaultValue, ForeignKey, Index, IndexPart, IntWidth,
    ReferenceAction, Schema, Table,
};
use entgen_runtime::testing::TestDb;

struct Pair {
    s1: Schema,
    s2: Schema,
    /// Rows inserted at S1.
    seed: &'static str,
    /// Queries returning a number, with the value expected at S2 and again after the reverse.
    checks: Vec<(&'static str, i64)>,
    /// Rename hints.
    hints: fn(DiffOptions) -> DiffOptions,
}

fn pair(s1: Schema, s2: Schema) -> Pair {
    Pair {
        s1,
        s2,
        seed: "",
        checks: Vec::new(),
        hints: |o| o,
    }
}

impl Pair {
    fn seed(mut self, sql: &'static str) -> Self {
        self.seed = sql;
        self
    }
    fn check(mut self, sql: &'static str, want: i64) -> Self {
        self.checks.push((sql, want));
        self
    }
    fn hints(mut self, f: fn(DiffOptions) -> DiffOptions) -> Self {
        self.hints = f;
        self
    }
}

fn id() -> Column {
    Column::new("id", ColumnType::int64()).identity()
}

fn users() -> Table {
    Table::new("users")
        .column(id())
        .column(Column::new("name", ColumnType::string()))
        .primary_key(["id"])
}

fn pets() -> Table {
    Table::new("pets")
        .column(id())
        .column(Column::new("owner_id", ColumnType::int64()).nullable())
        .primary_key(["id"])
        .foreign_key(
            ForeignKey::new("pets_owner", "owner_id", "users", "id")
                .on_delete(ReferenceAction::SetNull),
        )
}

const SEED_USERS: &str = "INSERT INTO users (name) VALUES ('ann'), ('bob')";
const COUNT_USERS: &str = "SELECT count(*) FROM users";

fn one(t: Table) -> Schema {
    Schema::new().table(t)
}

/// The comparable form: canonical, with columns in name order (a reverse `ADD COLUMN` appends).
fn comparable(d: Dialect, s: &Schema) -> Schema {
    let mut s = d.canonical_schema(s);
    for t in &mut s.tables {
        t.columns.sort_by(|a, b| a.name.cmp(&b.name));
    }
    s
}

fn assert_at(db: &mut TestDb, want: &Schema, what: &str) {
    let d = db.dialect();
    let got = db.inspect().expect("inspect");
    let drift = diff(&got, want, &DiffOptions::new(d)).expect("diff");
    assert!(drift.is_empty(), "{d} {what}: drift: {drift:#?}");
    assert_eq!(
        comparable(d, &got),
        comparable(d, want),
        "{d} {what}: inspected schema differs"
    );
}

fn run(mut db: TestDb, name: &str, mut p: Pair) {
    let d = db.dialect();
    // MySQL's CAST knows SIGNED, not bigint (PostgreSQL needs the cast: its sum is numeric).
    if d == Dialect::Mysql {
        for (sql, _) in &mut p.checks {
            *sql = sql.replace("AS bigint)", "AS signed)").leak();
        }
    }
    let create = plan(
        &diff(&Schema::new(), &p.s1, &DiffOptions::new(d)).unwrap(),
        d,
    )
    .unwrap();
    db.apply(&create)
        .unwrap_or_else(|e| panic!("{d} {name} create S1: {e}"));
    if !p.seed.is_empty() {
        db.execute(p.seed)
            .unwrap_or_else(|e| panic!("{d} {name} seed: {e}"));
    }
    let current = db.inspect().expect("inspect S1");
    let changes = diff(&current, &p.s2, &(p.hints)(DiffOptions::new(d))).expect("diff S1 → S2");
    let up = plan(&changes, d).unwrap_or_else(|e| panic!("{d} {name} plan: {e}"));
    db.apply(&up)
        .unwrap_or_else(|e| panic!("{d} {name} up: {e}"));
    assert_at(&mut db, &p.s2, &format!("{name} at S2"));
    for (sql, want) in &p.checks {
        assert_eq!(db.query_i64(sql).unwrap(), *want, "{d} {name} at S2: {sql}");
    }
    let down = up.reversed().unwrap_or_else(|e| panic!("{d} {name}: {e}"));
    db.apply(&down)
        .unwrap_or_else(|e| panic!("{d} {name} down: {e}"));
    assert_at(&mut db, &p.s1, &format!("{name} back at S1"));
    for (sql, want) in &p.checks {
        assert_eq!(
            db.query_i64(sql).unwrap(),
            *want,
            "{d} {name} back at S1: {sql}"
        );
    }
}

fn add_table() -> Pair {
    pair(
        one(users()),
        one(users())
            .table(pets())
            .table(Table::new("tags").column(id()).primary_key(["id"])),
    )
    .seed(SEED_USERS)
    .check(COUNT_USERS, 2)
}

fn drop_table() -> Pair {
    pair(one(users()).table(pets()), one(users()))
        .seed("INSERT INTO users (name) VALUES ('ann'); INSERT INTO pets (owner_id) VALUES (1)")
        .check(COUNT_USERS, 1)
}

fn add_columns() -> Pair {
    pair(
        one(users()),
        one(users()
            .column(Column::new("nick", ColumnType::string()).nullable())
            .column(Column::new("age", ColumnType::int(IntWidth::W32)).default(18))
            .column(Column::new("active", ColumnType::Bool).default(true))
            .column(
                Column::new("joined", ColumnType::Time)
                    .default(DefaultValue::expr("CURRENT_TIMESTAMP")),
            )),
    )
    .seed(SEED_USERS)
    .check(COUNT_USERS, 2)
    .check("SELECT count(*) FROM users WHERE name = 'bob'", 1)
}

fn drop_columns() -> Pair {
    pair(
        one(users()
            .column(Column::new("nick", ColumnType::string()).nullable())
            .column(Column::new("age", ColumnType::int(IntWidth::W32)).default(18))
            .index(Index::new("users_nick", ["nick"]))),
        one(users()),
    )
    .seed("INSERT INTO users (name, nick) VALUES ('ann', 'a'), ('bob', NULL)")
    .check("SELECT count(*) FROM users WHERE name = 'ann'", 1)
}

fn modify_types() -> Pair {
    pair(
        one(users()
            .column(Column::new("age", ColumnType::int(IntWidth::W32)))
            .column(Column::new("score", ColumnType::Float32).nullable())
            .column(Column::new("bio", ColumnType::String { size: Some(20) }))),
        one(users()
            .column(Column::new("age", ColumnType::int64()))
            .column(Column::new("score", ColumnType::Float64).nullable())
            .column(Column::new("bio", ColumnType::Text))),
    )
    .seed("INSERT INTO users (name, age, score, bio) VALUES ('ann', 30, 1.5, 'hi'), ('bob', 40, NULL, 'yo')")
    .check("SELECT CAST(sum(age) AS bigint) FROM users", 70)
}

fn modify_null_and_default() -> Pair {
    pair(
        one(users()
            .column(Column::new("nick", ColumnType::string()).nullable())
            .column(Column::new("level", ColumnType::int(IntWidth::W32)).default(1))
            .column(Column::new("flag", ColumnType::Bool).default(false))),
        one(users()
            .column(Column::new("nick", ColumnType::string()).default("anon"))
            .column(Column::new("level", ColumnType::int(IntWidth::W32)).nullable())
            .column(Column::new("flag", ColumnType::Bool).default(true))),
    )
    .seed("INSERT INTO users (name, nick, level) VALUES ('ann', 'a', 5), ('bob', 'b', 7)")
    .check("SELECT CAST(sum(level) AS bigint) FROM users", 12)
}

fn indexes() -> Pair {
    pair(
        one(users()
            .column(Column::new("email", ColumnType::string()))
            .column(Column::new("deleted", ColumnType::Bool).default(false))
            .index(Index::new("users_name", ["name"]))
            .index(Index::new("users_email", ["email"]))
            .index(Index::new("users_name_email", ["name", "email"]).unique())),
        one(users()
            .column(Column::new("email", ColumnType::string()))
            .column(Column::new("deleted", ColumnType::Bool).default(false))
            .index(
                Index::new("users_email", ["email"])
                    .unique()
                    .predicate("NOT deleted"),
            )
            .index(Index::new("users_name_email", ["email", "name"]).unique())
            .index(
                Index::new("users_name_desc", ["name"]).parts(vec![IndexPart::column_desc("name")]),
            )),
    )
    .seed("INSERT INTO users (name, email) VALUES ('ann', 'a@x'), ('bob', 'b@x')")
    .check(COUNT_USERS, 2)
}

fn foreign_keys() -> Pair {
    let mut p2 = pets();
    p2.foreign_keys[0].on_delete = ReferenceAction::Cascade;
    let p2 = p2
        .column(Column::new("vet_id", ColumnType::int64()).nullable())
        .foreign_key(ForeignKey::new("pets_vet", "vet_id", "users", "id"));
    let s1_pets = Table::new("pets")
        .column(id())
        .column(Column::new("owner_id", ColumnType::int64()).nullable())
        .column(Column::new("friend_id", ColumnType::int64()).nullable())
        .primary_key(["id"])
        .foreign_key(
            ForeignKey::new("pets_owner", "owner_id", "users", "id")
                .on_delete(ReferenceAction::SetNull),
        )
        .foreign_key(ForeignKey::new("pets_friend", "friend_id", "pets", "id"));
    let s2_pets = Table {
        columns: [p2.columns.clone(), vec![s1_pets.columns[2].clone()]].concat(),
        ..p2
    };
    pair(one(users()).table(s1_pets), one(users()).table(s2_pets))
        .seed(
            "INSERT INTO users (name) VALUES ('ann'); INSERT INTO pets (owner_id) VALUES (1), (1)",
        )
        .check("SELECT count(*) FROM pets WHERE owner_id = 1", 2)
}

fn checks() -> Pair {
    pair(
        one(users()
            .column(Column::new("age", ColumnType::int(IntWidth::W32)))
            .check(Check::new("age_positive", "age > 0"))
            .check(Check::new("age_small", "age < 200"))),
        one(users()
            .column(Column::new("age", ColumnType::int(IntWidth::W32)))
            .check(Check::new("age_positive", "age >= 0"))
            .check(Check::new("age_small", "age < 500"))),
    )
    .seed("INSERT INTO users (name, age) VALUES ('ann', 3)")
    .check(COUNT_USERS, 1)
}

fn rename_column() -> Pair {
    let mut to = users().column(Column::new("age", ColumnType::int(IntWidth::W32)).default(0));
    to.columns[1].name = "full_name".into();
    pair(
        one(users().index(Index::new("users_name", ["name"]))),
        one(to.index(Index::new("users_name", ["full_name"]))),
    )
    .seed(SEED_USERS)
    .hints(|o| o.rename_column("users", "name", "full_name"))
    .check("SELECT count(*) FROM users WHERE id > 0", 2)
}

fn rename_table() -> Pair {
    let mut people = users();
    people.name = "people".into();
    let mut p = pets();
    p.foreign_keys[0].ref_table = "people".into();
    pair(one(users()).table(pets()), one(people).table(p))
        .seed("INSERT INTO users (name) VALUES ('ann'); INSERT INTO pets (owner_id) VALUES (1)")
        .hints(|o| o.rename_table("users", "people"))
        .check("SELECT count(*) FROM pets WHERE owner_id = 1", 1)
}

fn primary_key() -> Pair {
    let t = |pk: &[&str]| {
        Table::new("memberships")
            .column(Column::new("user_id", ColumnType::int64()))
            .column(Column::new("group_id", ColumnType::int64()))
            .column(Column::new("role", ColumnType::string()).default("member"))
            .primary_key(pk.iter().copied())
    };
    pair(one(t(&["user_id"])), one(t(&["user_id", "group_id"])))
        .seed("INSERT INTO memberships (user_id, group_id) VALUES (1, 1), (2, 1)")
        .check("SELECT count(*) FROM memberships", 2)
}

fn cycle_and_self_reference() -> Pair {
    let a = Table::new("a")
        .column(id())
        .column(Column::new("b_id", ColumnType::int64()).nullable())
        .column(Column::new("parent_id", ColumnType::int64()).nullable())
        .primary_key(["id"])
        .foreign_key(ForeignKey::new("a_b", "b_id", "b", "id"))
        .foreign_key(
            ForeignKey::new("a_parent", "parent_id", "a", "id").on_delete(ReferenceAction::Cascade),
        );
    let b = Table::new("b")
        .column(id())
        .column(Column::new("a_id", ColumnType::int64()).nullable())
        .primary_key(["id"])
        .foreign_key(ForeignKey::new("b_a", "a_id", "a", "id"));
    pair(one(users()), one(users()).table(a).table(b))
        .seed(SEED_USERS)
        .check(COUNT_USERS, 2)
}

fn comments() -> Pair {
    pair(
        one(users().comment("people").column(
            Column::new("bio", ColumnType::Text)
                .nullable()
                .comment("about"),
        )),
        one(users().comment("accounts").column(
            Column::new("web", ColumnType::Text)
                .nullable()
                .comment("site"),
        )),
    )
    .seed(SEED_USERS)
    .check(COUNT_USERS, 2)
}

fn identity() -> Pair {
    let plain = Table::new("counters")
        .column(Column::new("id", ColumnType::int64()))
        .column(Column::new("n", ColumnType::int64()).default(0))
        .primary_key(["id"]);
    let with_identity = Table::new("counters")
        .column(Column::new("id", ColumnType::int64()).identity())
        .column(Column::new("n", ColumnType::int64()).default(0))
        .primary_key(["id"]);
    pair(one(plain), one(with_identity))
        .seed("INSERT INTO counters (id, n) VALUES (1, 10), (2, 20)")
        .check("SELECT CAST(sum(n) AS bigint) FROM counters", 30)
}

macro_rules! migrate_tests {
    ($($name:ident),* $(,)?) => {
        mod postgres {
            $(#[test] fn $name() { super::run(super::TestDb::postgres(), stringify!($name), super::$name()); })*
        }
        mod sqlite {
            $(#[test] fn $name() { super::run(super::TestDb::sqlite_memory(), stringify!($name), super::$name()); })*
        }
        mod mariadb {
            $(#[test] fn $name() { super::run(super::TestDb::mysql(), stringify!($name), super::$name()); })*
        }
    };
}

migrate_tests!(
    add_table,
    drop_table,
    add_columns,
    drop_columns,
    modify_types,
    modify_null_and_default,
    indexes,
    foreign_keys,
    checks,
    rename_column,
    rename_table,
    primary_key,
    cycle_and_self_reference,
    comments,
    identity,
);

#[test]
fn postgres_honours_the_schema_in_the_url() {
    let mut db = TestDb::postgres_with_schema("tenant one");
    assert!(db.url().contains("search_path"), "{}", db.url());
    let s = one(users());
    let p = plan(
        &diff(&Schema::new(), &s, &DiffOptions::new(Dialect::Postgres)).unwrap(),
        Dialect::Postgres,
    )
    .unwrap();
    db.apply(&p).unwrap();
    assert_eq!(
        db.query_i64("SELECT count(*) FROM pg_tables WHERE schemaname = 'tenant one'")
            .unwrap(),
        1
    );
    assert_eq!(
        db.query_i64("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
            .unwrap(),
        0
    );
    assert_at(&mut db, &s, "schema from URL");
    let public = db
        .inspect_with(&entgen_runtime::inspect::InspectOptions::default().schema("public"))
        .unwrap();
    assert_eq!(public, Schema::new());
}

#[test]
fn sqlite_file_database() {
    run(TestDb::sqlite_file(), "drop_columns", drop_columns());
}
