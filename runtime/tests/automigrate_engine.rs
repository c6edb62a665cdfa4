//! Auto-migration (`automigrate::run`, ent's `Schema.Create`) on real databases: PostgreSQL from
//! the machine, SQLite in memory and in a file, each test on its own fresh database.

use std::cell::RefCell;

use entgen_runtime::automigrate::{
    HookStage, MigrateError, Options, Report, Skipped, rename_column, run,
};
use entgen_runtime::diff::{Change, DiffOptions, TableChange, diff};
use entgen_runtime::plan::PlannedStatement;
use entgen_runtime::schema::{Column, ColumnType, ForeignKey, Index, Schema, Table};
use entgen_runtime::testing::TestDb;

/// One test body per database kind.
macro_rules! on_every_db {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                use entgen_runtime::testing::TestDb;

                #[test]
                fn postgres() {
                    super::$name(&mut TestDb::postgres());
                }

                #[test]
                fn sqlite_memory() {
                    super::$name(&mut TestDb::sqlite_memory());
                }

                #[test]
                fn sqlite_file() {
                    super::$name(&mut TestDb::sqlite_file());
                }
            }
        )*
    };
}

on_every_db!(
    creates_from_empty_and_second_run_is_a_no_op,
    append_only_keeps_a_removed_column_and_drop_columns_drops_it,
    indexes_are_dropped_only_with_the_option,
    an_index_on_a_dropped_column_goes_with_it,
    diff_hook_turns_drop_and_add_into_a_rename,
    apply_hook_back_fills_before_not_null,
    write_to_writes_the_statements_and_leaves_the_database_untouched,
    debug_logs_every_statement,
    failure_mid_plan_rolls_everything_back,
    global_unique_ids_give_disjoint_ranges,
    foreign_keys_off_creates_none,
    rename_hints_apply_once,
    table_rename_hint_keeps_rows_and_applies_once,
    before_and_after_hooks_wrap_the_run,
);

/// The same bodies on MariaDB, except the one that needs transactional DDL (a failed run rolled
/// back whole).
macro_rules! on_mariadb {
    ($($name:ident),* $(,)?) => {
        mod mariadb {
            use entgen_runtime::testing::TestDb;
            $(
                #[test]
                fn $name() {
                    super::$name(&mut TestDb::mysql());
                }
            )*
        }
    };
}

on_mariadb!(
    creates_from_empty_and_second_run_is_a_no_op,
    append_only_keeps_a_removed_column_and_drop_columns_drops_it,
    indexes_are_dropped_only_with_the_option,
    an_index_on_a_dropped_column_goes_with_it,
    diff_hook_turns_drop_and_add_into_a_rename,
    apply_hook_back_fills_before_not_null,
    write_to_writes_the_statements_and_leaves_the_database_untouched,
    debug_logs_every_statement,
    global_unique_ids_give_disjoint_ranges,
    foreign_keys_off_creates_none,
    rename_hints_apply_once,
    table_rename_hint_keeps_rows_and_applies_once,
    before_and_after_hooks_wrap_the_run,
);

/// MySQL's DDL commits statement by statement: a run failing part-way keeps what ran before,
/// names the failing statement, and the next run finishes the job from what it inspects. The
/// named lock is released either way.
#[test]
fn mariadb_failure_mid_plan_keeps_earlier_statements_and_releases_the_lock() {
    let mut db = TestDb::mysql();
    let desired = Schema::new().table(users(vec![])).table(pets());
    let mut opts = Options::default();
    opts.apply_hooks.push(Box::new(|ctx| {
        let bad = PlannedStatement {
            sql: "ALTER TABLE nowhere ADD COLUMN x int".into(),
            comment: "a statement that fails".into(),
            reverse: Vec::new(),
        };
        ctx.plan.statements.insert(1, bad);
        Ok(())
    }));
    let e = migrate(&mut db, &desired, &mut opts).unwrap_err();
    assert!(
        matches!(&e, MigrateError::Statement { comment, .. } if comment == "a statement that fails"),
        "{e}"
    );
    assert_eq!(
        count(
            &mut db,
            "SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
        ),
        1,
        "the first table stays"
    );
    assert_eq!(
        count(
            &mut db,
            "SELECT IS_FREE_LOCK(CONCAT(DATABASE(), '.entgen_automigrate'))"
        ),
        1,
        "lock released"
    );
    migrate(&mut db, &desired, &mut Options::default()).unwrap();
    assert!(drift(&mut db, &desired).is_empty());
}

/// Global unique ids on MariaDB: a new table's range comes with `CREATE TABLE … AUTO_INCREMENT
/// = n`; tables that existed before global ids were turned on get theirs with `ALTER TABLE …
/// AUTO_INCREMENT = n` (ent's `verifyRange`), once. Inspection sees no drift either way, and ids
/// land in their table's range.
#[test]
fn mariadb_global_unique_ids_move_existing_tables_into_their_ranges() {
    let mut db = TestDb::mysql();
    let v1 = Schema::new().table(users(vec![])).table(pets());
    migrate(&mut db, &v1, &mut Options::default()).unwrap();
    db.execute("INSERT INTO pets (name) VALUES ('before')")
        .unwrap();

    let mut opts = Options::new().global_unique_ids(true);
    let report = migrate(&mut db, &v1, &mut opts).unwrap();
    assert_eq!(report.new_types, vec!["users", "pets"]);
    let sql: Vec<&str> = report.statements.iter().map(|s| s.sql.as_str()).collect();
    assert!(
        sql.contains(&"ALTER TABLE `pets` AUTO_INCREMENT = 4294967296")
            && !sql.iter().any(|s| s.starts_with("ALTER TABLE `users`")),
        "users keeps range 0, pets moves to range 1: {sql:#?}"
    );
    assert!(migrate(&mut db, &v1, &mut opts).unwrap().is_empty());

    let tags = Table::new("tags")
        .column(id())
        .column(Column::new("name", ColumnType::string()))
        .primary_key(["id"]);
    let v2 = v1.clone().table(tags);
    let report = migrate(&mut db, &v2, &mut opts).unwrap();
    assert!(
        report
            .statements
            .iter()
            .any(|s| s.sql.starts_with("CREATE TABLE `tags`")
                && s.sql.ends_with("AUTO_INCREMENT = 8589934592")),
        "{:#?}",
        report.statements
    );
    assert!(migrate(&mut db, &v2, &mut opts).unwrap().is_empty());
    assert!(drift(&mut db, &v2).is_empty());

    for t in ["users", "pets", "tags"] {
        db.execute(&format!("INSERT INTO `{t}` (name) VALUES ('x')"))
            .unwrap();
    }
    let id_of = |db: &mut TestDb, t: &str| count(db, &format!("SELECT max(id) FROM `{t}`"));
    assert_eq!(id_of(&mut db, "users"), 1);
    assert_eq!(id_of(&mut db, "pets"), 1 << 32);
    assert_eq!(id_of(&mut db, "tags"), 2 << 32);
}

/// A run waits for the named lock another connection holds, and gives up after the timeout.
#[test]
fn mariadb_lock_timeout_when_another_connection_holds_the_lock() {
    let mut db = TestDb::mysql();
    let mut other = entgen_runtime::driver::Driver::open(db.url()).unwrap();
    other
        .execute_batch("DO GET_LOCK(CONCAT(DATABASE(), '.entgen_automigrate'), 0)")
        .unwrap();
    let mut opts = Options {
        lock_timeout: Some(std::time::Duration::from_secs(1)),
        ..Options::default()
    };
    let e = migrate(&mut db, &Schema::new().table(users(vec![])), &mut opts).unwrap_err();
    assert!(matches!(e, MigrateError::LockTimeout { .. }), "{e}");
    other
        .execute_batch("DO RELEASE_LOCK(CONCAT(DATABASE(), '.entgen_automigrate'))")
        .unwrap();
    migrate(
        &mut db,
        &Schema::new().table(users(vec![])),
        &mut Options::default(),
    )
    .unwrap();
}

fn migrate(
    db: &mut TestDb,
    desired: &Schema,
    opts: &mut Options<'_>,
) -> Result<Report, MigrateError> {
    db.with_driver(|d| run(d, desired, opts))
}

fn id() -> Column {
    Column::new("id", ColumnType::int64()).identity()
}

fn users(extra: Vec<Column>) -> Table {
    let mut t = Table::new("users")
        .column(id())
        .column(Column::new("name", ColumnType::string()))
        .primary_key(["id"]);
    t.columns.extend(extra);
    t
}

fn pets() -> Table {
    Table::new("pets")
        .column(id())
        .column(Column::new("name", ColumnType::string()))
        .column(Column::new("owner_id", ColumnType::int64()).nullable())
        .primary_key(["id"])
        .index(Index::new("pets_name", ["name"]))
        .foreign_key(ForeignKey::new("pets_owner", "owner_id", "users", "id"))
}

/// The changes still needed to reach `desired`, by the engine's own diff.
fn drift(db: &mut TestDb, desired: &Schema) -> Vec<Change> {
    let names: Vec<String> = desired.tables.iter().map(|t| t.name.clone()).collect();
    let current = db
        .inspect_with(&entgen_runtime::inspect::InspectOptions::default().tables(names))
        .expect("inspect");
    diff(&current, desired, &DiffOptions::new(db.dialect())).expect("diff")
}

fn count(db: &mut TestDb, sql: &str) -> i64 {
    db.query_i64(sql).unwrap_or_else(|e| panic!("{e}"))
}

fn creates_from_empty_and_second_run_is_a_no_op(db: &mut TestDb) {
    let desired = Schema::new().table(pets()).table(users(vec![]));
    let report = migrate(db, &desired, &mut Options::new()).expect("first run");
    assert!(!report.is_empty());
    assert!(!report.written);
    assert!(
        report
            .statements
            .iter()
            .any(|s| s.comment == "create \"users\" table"),
        "{:#?}",
        report.statements
    );
    assert_eq!(drift(db, &desired), vec![]);
    db.execute("INSERT INTO users (name) VALUES ('a')").unwrap();
    db.execute("INSERT INTO pets (name, owner_id) VALUES ('rex', 1)")
        .unwrap();

    let again = migrate(db, &desired, &mut Options::new()).expect("second run");
    assert!(again.is_empty(), "{:#?}", again.statements);
    assert!(again.changes.is_empty());
    assert!(again.skipped.is_empty());
    assert_eq!(count(db, "SELECT count(*) FROM pets"), 1);
}

fn append_only_keeps_a_removed_column_and_drop_columns_drops_it(db: &mut TestDb) {
    let age = Column::new("age", ColumnType::int64()).nullable();
    let v1 = Schema::new().table(users(vec![age])).table(pets());
    migrate(db, &v1, &mut Options::new()).unwrap();
    db.execute("INSERT INTO users (name, age) VALUES ('a', 3)")
        .unwrap();

    // v2 drops `age` and adds `email`: the addition runs, the drop is skipped.
    let email = Column::new("email", ColumnType::string()).nullable();
    let v2 = Schema::new().table(users(vec![email])).table(pets());
    let report = migrate(db, &v2, &mut Options::new()).unwrap();
    assert!(!report.is_empty());
    assert_eq!(
        report.skipped,
        vec![Skipped::DropColumn {
            table: "users".into(),
            column: "age".into()
        }]
    );
    assert_eq!(count(db, "SELECT age FROM users WHERE name = 'a'"), 3);
    assert_eq!(
        count(db, "SELECT count(*) FROM users WHERE email IS NULL"),
        1
    );
    let again = migrate(db, &v2, &mut Options::new()).unwrap();
    assert!(again.is_empty(), "{:#?}", again.statements);

    let report = migrate(db, &v2, &mut Options::new().drop_columns(true)).unwrap();
    assert!(report.skipped.is_empty());
    assert_eq!(drift(db, &v2), vec![]);
    let users = db.inspect().unwrap();
    assert!(users.get("users").unwrap().get_column("age").is_none());
    assert_eq!(count(db, "SELECT count(*) FROM users WHERE name = 'a'"), 1);
}

fn indexes_are_dropped_only_with_the_option(db: &mut TestDb) {
    let v1 = Schema::new().table(users(vec![])).table(pets());
    migrate(db, &v1, &mut Options::new()).unwrap();
    let mut without = pets();
    without.indexes.clear();
    let v2 = Schema::new().table(users(vec![])).table(without);

    let report = migrate(db, &v2, &mut Options::new().drop_columns(true)).unwrap();
    assert!(report.is_empty(), "{:#?}", report.statements);
    assert_eq!(
        report.skipped,
        vec![Skipped::DropIndex {
            table: "pets".into(),
            index: "pets_name".into()
        }]
    );
    assert!(
        db.inspect()
            .unwrap()
            .get("pets")
            .unwrap()
            .get_index("pets_name")
            .is_some()
    );

    let report = migrate(db, &v2, &mut Options::new().drop_indexes(true)).unwrap();
    assert_eq!(report.statements.len(), 1, "{:#?}", report.statements);
    assert!(
        db.inspect()
            .unwrap()
            .get("pets")
            .unwrap()
            .get_index("pets_name")
            .is_none()
    );
    assert_eq!(drift(db, &v2), vec![]);
}

fn diff_hook_turns_drop_and_add_into_a_rename(db: &mut TestDb) {
    let nick = Column::new("nick", ColumnType::string()).nullable();
    migrate(
        db,
        &Schema::new().table(users(vec![nick])),
        &mut Options::new(),
    )
    .unwrap();
    db.execute("INSERT INTO users (name, nick) VALUES ('a', 'ace')")
        .unwrap();

    let nickname = Column::new("nickname", ColumnType::string()).nullable();
    let v2 = Schema::new().table(users(vec![nickname]));
    let seen = RefCell::new(Vec::new());
    let mut opts = Options::new().diff_hook(|ctx, mut changes| {
        seen.borrow_mut().push(changes.clone());
        assert!(rename_column(
            &mut changes,
            ctx.dialect,
            "users",
            "nick",
            "nickname"
        ));
        Ok(changes)
    });
    let report = migrate(db, &v2, &mut opts).unwrap();
    drop(opts);
    // The hook saw the raw drop + add.
    let Change::ModifyTable(m) = &seen.borrow()[0][0] else {
        panic!("{:#?}", seen.borrow());
    };
    assert!(matches!(
        &m.changes[..],
        [TableChange::DropColumn(_), TableChange::AddColumn(_)]
    ));
    assert!(
        report
            .statements
            .iter()
            .any(|s| s.comment == "rename a column from \"nick\" to \"nickname\""),
        "{:#?}",
        report.statements
    );
    assert_eq!(
        count(db, "SELECT count(*) FROM users WHERE nickname = 'ace'"),
        1
    );
    assert_eq!(drift(db, &v2), vec![]);
}

fn apply_hook_back_fills_before_not_null(db: &mut TestDb) {
    let bio = |nullable: bool| {
        let c = Column::new("bio", ColumnType::string());
        if nullable { c.nullable() } else { c }
    };
    migrate(
        db,
        &Schema::new().table(users(vec![bio(true)])),
        &mut Options::new(),
    )
    .unwrap();
    db.execute("INSERT INTO users (name, bio) VALUES ('a', 'x'), ('b', NULL)")
        .unwrap();
    let v2 = Schema::new().table(users(vec![bio(false)]));

    // Without the back-fill the NULL row makes the plan fail, and nothing changes.
    let err = migrate(db, &v2, &mut Options::new()).unwrap_err();
    assert!(matches!(err, MigrateError::Statement { .. }), "{err}");
    assert_eq!(count(db, "SELECT count(*) FROM users WHERE bio IS NULL"), 1);

    let mut opts = Options::new().apply_hook(|ctx| {
        let becomes_not_null = ctx.changes.iter().any(|c| match c {
            Change::ModifyTable(m) => m.changes.iter().any(|tc| {
                matches!(tc, TableChange::ModifyColumn { to, changed, .. }
                    if to.name == "bio" && changed.nullable && !to.nullable)
            }),
            _ => false,
        });
        if becomes_not_null {
            ctx.before(
                "UPDATE users SET bio = '' WHERE bio IS NULL",
                "back-fill users.bio",
            );
        }
        Ok(())
    });
    let report = migrate(db, &v2, &mut opts).unwrap();
    assert_eq!(
        report.statements[0].comment,
        "apply hook: back-fill users.bio"
    );
    assert_eq!(count(db, "SELECT count(*) FROM users WHERE bio = ''"), 1);
    assert_eq!(count(db, "SELECT count(*) FROM users"), 2);
    assert_eq!(drift(db, &v2), vec![]);
}

fn write_to_writes_the_statements_and_leaves_the_database_untouched(db: &mut TestDb) {
    let desired = Schema::new().table(users(vec![])).table(pets());
    let mut out = Vec::new();
    let report = migrate(db, &desired, &mut Options::new().write_to(&mut out)).unwrap();
    assert!(report.written);
    let text = String::from_utf8(out).unwrap();
    for s in &report.statements {
        assert!(
            text.contains(&format!("-- {}\n{};\n", s.comment, s.sql)),
            "{text}"
        );
    }
    assert!(text.contains("CREATE TABLE"), "{text}");
    assert!(db.inspect().unwrap().tables.is_empty());

    // The written script applies as is and brings the database to the desired state.
    db.execute(&text).unwrap();
    assert_eq!(drift(db, &desired), vec![]);
    let mut out = Vec::new();
    let report = migrate(db, &desired, &mut Options::new().write_to(&mut out)).unwrap();
    assert!(report.is_empty());
    assert!(out.is_empty());
}

fn debug_logs_every_statement(db: &mut TestDb) {
    let log = RefCell::new(Vec::new());
    let desired = Schema::new().table(users(vec![])).table(pets());
    let mut opts = Options::new().debug(|e| {
        assert!(!e.written);
        assert!(e.to_string().starts_with("automigrate: exec: "));
        log.borrow_mut().push(e.sql.to_owned());
    });
    let report = migrate(db, &desired, &mut opts).unwrap();
    drop(opts);
    let sql: Vec<String> = report.statements.iter().map(|s| s.sql.clone()).collect();
    assert!(!sql.is_empty());
    assert_eq!(*log.borrow(), sql);
}

fn failure_mid_plan_rolls_everything_back(db: &mut TestDb) {
    let desired = Schema::new().table(users(vec![])).table(pets());
    let mut opts = Options::new().apply_hook(|ctx| {
        ctx.plan.statements.insert(
            1,
            PlannedStatement {
                sql: "INSERT INTO no_such_table (x) VALUES (1)".into(),
                comment: "a statement that fails".into(),
                reverse: vec![],
            },
        );
        Ok(())
    });
    let err = migrate(db, &desired, &mut opts).unwrap_err();
    match &err {
        MigrateError::Statement {
            sql,
            comment,
            error,
        } => {
            assert_eq!(sql, "INSERT INTO no_such_table (x) VALUES (1)");
            assert_eq!(comment, "a statement that fails");
            assert!(error.contains("no_such_table"), "{error}");
        }
        other => panic!("{other}"),
    }
    assert!(
        err.to_string().contains("INSERT INTO no_such_table"),
        "{err}"
    );
    assert!(
        db.inspect().unwrap().tables.is_empty(),
        "the first CREATE TABLE was rolled back"
    );
    // The connection is usable and the next run succeeds.
    migrate(db, &desired, &mut Options::new()).unwrap();
    assert_eq!(drift(db, &desired), vec![]);
}

fn global_unique_ids_give_disjoint_ranges(db: &mut TestDb) {
    let v1 = Schema::new().table(users(vec![])).table(pets());
    let mut opts = Options::new().global_unique_ids(true);
    let report = migrate(db, &v1, &mut opts).unwrap();
    assert_eq!(report.new_types, vec!["users", "pets"]);
    assert!(
        report
            .statements
            .iter()
            .any(|s| s.comment == "add pk ranges for users,pets tables"),
        "{:#?}",
        report.statements
    );
    assert!(migrate(db, &v1, &mut opts).unwrap().is_empty());

    // A third table, first in the desired order, still gets the next range.
    let groups = Table::new("groups")
        .column(id())
        .column(Column::new("name", ColumnType::string()))
        .primary_key(["id"]);
    let v2 = Schema::new()
        .table(groups)
        .table(users(vec![]))
        .table(pets());
    let report = migrate(db, &v2, &mut opts).unwrap();
    assert_eq!(report.new_types, vec!["groups"]);
    assert!(migrate(db, &v2, &mut opts).unwrap().is_empty());

    db.execute("INSERT INTO users (name) VALUES ('a')").unwrap();
    db.execute("INSERT INTO pets (name) VALUES ('b')").unwrap();
    db.execute("INSERT INTO groups (name) VALUES ('c')")
        .unwrap();
    let users_id = count(db, "SELECT id FROM users");
    let pets_id = count(db, "SELECT id FROM pets");
    let groups_id = count(db, "SELECT id FROM groups");
    assert_eq!((users_id, pets_id, groups_id), (1, 1 << 32, 2 << 32));
    assert_eq!(
        count(db, "SELECT id FROM ent_types WHERE type = 'groups'"),
        3,
        "ent_types records the tables in first-seen order"
    );
    assert_eq!(count(db, "SELECT count(*) FROM ent_types"), 3);
}

fn foreign_keys_off_creates_none(db: &mut TestDb) {
    let desired = Schema::new().table(users(vec![])).table(pets());
    let mut opts = Options::new().foreign_keys(false);
    let report = migrate(db, &desired, &mut opts).unwrap();
    assert_eq!(
        report.skipped,
        vec![Skipped::ForeignKey {
            table: "pets".into(),
            symbol: "pets_owner".into()
        }]
    );
    assert!(
        db.inspect()
            .unwrap()
            .get("pets")
            .unwrap()
            .foreign_keys
            .is_empty()
    );
    // A dangling reference is accepted: there is no key.
    db.execute("INSERT INTO pets (name, owner_id) VALUES ('rex', 42)")
        .unwrap();
    assert!(migrate(db, &desired, &mut opts).unwrap().is_empty());
    // With foreign keys on, the key is added (and the dangling row makes it fail, rolled back).
    let err = migrate(db, &desired, &mut Options::new()).unwrap_err();
    assert!(
        matches!(
            err,
            MigrateError::Statement { .. } | MigrateError::ForeignKeyCheck { .. }
        ),
        "{err}"
    );
    db.execute("DELETE FROM pets").unwrap();
    migrate(db, &desired, &mut Options::new()).unwrap();
    assert_eq!(drift(db, &desired), vec![]);
}

fn rename_hints_apply_once(db: &mut TestDb) {
    let nick = Column::new("nick", ColumnType::string()).nullable();
    migrate(
        db,
        &Schema::new().table(users(vec![nick])),
        &mut Options::new(),
    )
    .unwrap();
    db.execute("INSERT INTO users (name, nick) VALUES ('a', 'ace')")
        .unwrap();
    let nickname = Column::new("nickname", ColumnType::string()).nullable();
    let v2 = Schema::new().table(users(vec![nickname]));
    let mut opts = Options::new().rename_column("users", "nick", "nickname");
    let report = migrate(db, &v2, &mut opts).unwrap();
    assert!(!report.is_empty());
    assert_eq!(
        count(db, "SELECT count(*) FROM users WHERE nickname = 'ace'"),
        1
    );
    // The hint stays (as `@renamed_from` does) and no longer applies.
    assert!(migrate(db, &v2, &mut opts).unwrap().is_empty());
}

fn before_and_after_hooks_wrap_the_run(db: &mut TestDb) {
    let desired = Schema::new().table(users(vec![]));
    // A failing before hook stops the run before anything is touched.
    let err = migrate(
        db,
        &desired,
        &mut Options::new().before(|_| Err("not today".into())),
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            MigrateError::Hook {
                stage: HookStage::Before,
                ..
            }
        ),
        "{err}"
    );
    assert!(db.inspect().unwrap().tables.is_empty());

    let after = RefCell::new(Vec::new());
    let mut opts = Options::new()
        .before(|schema| {
            schema.tables.push(pets());
            Ok(())
        })
        .after(|report| {
            after.borrow_mut().push(report.statements.len());
            Ok(())
        });
    let report = migrate(db, &desired, &mut opts).unwrap();
    assert!(migrate(db, &desired, &mut opts).unwrap().is_empty());
    drop(opts);
    assert_eq!(*after.borrow(), vec![report.statements.len(), 0]);
    assert!(db.inspect().unwrap().get("pets").is_some());
}

#[test]
fn postgres_failing_ddl_names_the_statement_and_rolls_back() {
    let mut db = TestDb::postgres();
    let bad = Table::new("zzz")
        .column(Column::new("x", ColumnType::Raw("no_such_type".into())))
        .primary_key(["x"]);
    let desired = Schema::new().table(users(vec![])).table(bad);
    let err = db
        .with_driver(|d| run(d, &desired, &mut Options::new()))
        .unwrap_err();
    let MigrateError::Statement {
        sql,
        comment,
        error,
    } = &err
    else {
        panic!("{err}");
    };
    assert_eq!(comment, "create \"zzz\" table");
    assert!(sql.starts_with("CREATE TABLE \"zzz\""), "{sql}");
    assert!(error.contains("no_such_type"), "{error}");
    assert!(db.inspect().unwrap().tables.is_empty());
}

#[test]
fn postgres_migrates_the_search_path_schema() {
    let mut db = TestDb::postgres_with_schema("app space");
    let desired = Schema::new().table(users(vec![])).table(pets());
    db.with_driver(|d| run(d, &desired, &mut Options::new()))
        .unwrap();
    assert_eq!(
        count(
            &mut db,
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'app space'"
        ),
        2
    );
    assert_eq!(
        count(
            &mut db,
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ),
        0
    );
    assert!(
        db.with_driver(|d| run(d, &desired, &mut Options::new()))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn postgres_schema_option_sets_the_search_path_for_the_run() {
    let mut db = TestDb::postgres();
    db.execute("CREATE SCHEMA other").unwrap();
    let desired = Schema::new().table(users(vec![]));
    let mut opts = Options::new().schema("other");
    db.with_driver(|d| run(d, &desired, &mut opts)).unwrap();
    assert_eq!(
        count(
            &mut db,
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'other'"
        ),
        1
    );
    assert!(
        db.inspect().unwrap().tables.is_empty(),
        "public is untouched"
    );
    assert!(
        db.with_driver(|d| run(d, &desired, &mut opts))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn sqlite_offline_script_keeps_the_foreign_key_pragmas() {
    let mut db = TestDb::sqlite_memory();
    let age = Column::new("age", ColumnType::int64()).nullable();
    db.with_driver(|d| {
        run(
            d,
            &Schema::new().table(users(vec![age])),
            &mut Options::new(),
        )
    })
    .unwrap();
    let mut out = Vec::new();
    let mut opts = Options::new().drop_columns(true).write_to(&mut out);
    let report = db
        .with_driver(|d| run(d, &Schema::new().table(users(vec![])), &mut opts))
        .unwrap();
    drop(opts);
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.starts_with(
            "-- disable the enforcement of foreign-keys constraints\nPRAGMA foreign_keys = off;\n"
        ),
        "{text}"
    );
    assert!(report.written);
    assert!(
        db.inspect()
            .unwrap()
            .get("users")
            .unwrap()
            .get_column("age")
            .is_some()
    );
    assert_eq!(
        count(&mut db, "PRAGMA foreign_keys"),
        1,
        "the setting is restored"
    );
}

fn an_index_on_a_dropped_column_goes_with_it(db: &mut TestDb) {
    let age = Column::new("age", ColumnType::int64()).nullable();
    let v1 = Schema::new().table(users(vec![age]).index(Index::new("users_age", ["age"])));
    migrate(db, &v1, &mut Options::new()).unwrap();
    db.execute("INSERT INTO users (name, age) VALUES ('a', 3)")
        .unwrap();
    let v2 = Schema::new().table(users(vec![]));
    // Append-only: both stay.
    let report = migrate(db, &v2, &mut Options::new()).unwrap();
    assert!(report.is_empty(), "{:#?}", report.statements);
    assert_eq!(report.skipped.len(), 2, "{:#?}", report.skipped);
    // Dropping columns takes the index on the column along, even without `drop_indexes`.
    let report = migrate(db, &v2, &mut Options::new().drop_columns(true)).unwrap();
    assert!(report.skipped.is_empty(), "{:#?}", report.skipped);
    assert_eq!(drift(db, &v2), vec![]);
    assert_eq!(count(db, "SELECT count(*) FROM users"), 1);
}

#[test]
fn sqlite_rebuild_keeps_the_id_range_of_an_empty_table() {
    let mut db = TestDb::sqlite_file();
    let mut opts = Options::new().global_unique_ids(true);
    let v1 = Schema::new().table(users(vec![])).table(pets());
    db.with_driver(|d| run(d, &v1, &mut opts)).unwrap();
    // Making a column nullable rebuilds `pets`, which forgets its sqlite_sequence row.
    let mut loose = pets();
    loose.columns[1].nullable = true;
    let v2 = Schema::new().table(users(vec![])).table(loose);
    let report = db.with_driver(|d| run(d, &v2, &mut opts)).unwrap();
    assert!(
        report
            .statements
            .iter()
            .any(|s| s.comment == "set sequence for \"pets\" table"),
        "{:#?}",
        report.statements
    );
    db.execute("INSERT INTO pets (name) VALUES (NULL)").unwrap();
    assert_eq!(count(&mut db, "SELECT id FROM pets"), 1 << 32);
    assert!(
        db.with_driver(|d| run(d, &v2, &mut opts))
            .unwrap()
            .is_empty()
    );
}

fn table_rename_hint_keeps_rows_and_applies_once(db: &mut TestDb) {
    let mut people = users(vec![]);
    people.name = "people".into();
    migrate(db, &Schema::new().table(people), &mut Options::new()).unwrap();
    db.execute("INSERT INTO people (name) VALUES ('a')")
        .unwrap();
    let v2 = Schema::new().table(users(vec![]));
    let mut opts = Options::new().rename_table("people", "users");
    let report = migrate(db, &v2, &mut opts).unwrap();
    assert!(
        report
            .statements
            .iter()
            .any(|s| s.comment == "rename a table from \"people\" to \"users\""),
        "{:#?}",
        report.statements
    );
    assert_eq!(count(db, "SELECT count(*) FROM users WHERE name = 'a'"), 1);
    assert!(migrate(db, &v2, &mut opts).unwrap().is_empty());
    // Without the hint the old table would simply be kept: tables are never dropped.
    assert!(db.inspect().unwrap().get("people").is_none());
}
