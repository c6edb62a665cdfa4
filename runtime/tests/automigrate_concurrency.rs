//! Two processes migrating one database at once: each run takes the migration lock inside its
//! transaction (PostgreSQL `pg_advisory_xact_lock`, SQLite `BEGIN IMMEDIATE`), so one waits; it
//! then inspects what the other committed and finds nothing to do. Threads with their own
//! connections stand in for processes.

use std::sync::{Arc, Barrier};
use std::thread;
use std::time::Duration;

use entgen_runtime::automigrate::{MigrateError, Options, Report, run};
use entgen_runtime::diff::{DiffOptions, diff};
use entgen_runtime::driver::Driver;
use entgen_runtime::schema::{Column, ColumnType, ForeignKey, Index, Schema, Table};
use entgen_runtime::testing::TestDb;

fn desired() -> Schema {
    let id = || Column::new("id", ColumnType::int64()).identity();
    Schema::new()
        .table(
            Table::new("users")
                .column(id())
                .column(Column::new("name", ColumnType::string()))
                .primary_key(["id"])
                .index(Index::new("users_name", ["name"]).unique()),
        )
        .table(
            Table::new("pets")
                .column(id())
                .column(Column::new("owner_id", ColumnType::int64()).nullable())
                .primary_key(["id"])
                .foreign_key(ForeignKey::new("pets_owner", "owner_id", "users", "id")),
        )
}

/// Options whose diff hook (run while the lock is held) sleeps, so the other run surely
/// arrives while the lock is taken.
fn slow_options<'a>() -> Options<'a> {
    Options::new()
        .global_unique_ids(true)
        .diff_hook(|_, changes| {
            thread::sleep(Duration::from_millis(300));
            Ok(changes)
        })
}

/// Runs `migrate` on two threads released together and checks the outcome.
fn race<F>(migrate: F) -> [Report; 2]
where
    F: Fn() -> Result<Report, MigrateError> + Send + Sync + 'static,
{
    let migrate = Arc::new(migrate);
    let barrier = Arc::new(Barrier::new(2));
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let (migrate, barrier) = (Arc::clone(&migrate), Arc::clone(&barrier));
            thread::spawn(move || {
                barrier.wait();
                migrate()
            })
        })
        .collect();
    let reports: Vec<Report> = handles
        .into_iter()
        .map(|h| h.join().expect("no panic").expect("both runs succeed"))
        .collect();
    let [a, b]: [Report; 2] = reports.try_into().expect("two reports");
    assert!(
        a.is_empty() != b.is_empty(),
        "exactly one run applies statements: {} and {}",
        a.statements.len(),
        b.statements.len()
    );
    let (winner, loser) = if a.is_empty() { (&b, &a) } else { (&a, &b) };
    assert!(
        winner
            .statements
            .iter()
            .any(|s| s.comment == "create \"users\" table")
    );
    assert!(loser.changes.is_empty());
    assert!(
        loser.lock_wait >= Duration::from_millis(100),
        "the second run waited for the lock: {:?}",
        loser.lock_wait
    );
    [a, b]
}

fn check_created_once(db: &mut TestDb) {
    let current = db.inspect().unwrap();
    let mut want = desired();
    want.tables.insert(
        0,
        entgen_runtime::automigrate::global_id::types_table(db.dialect()),
    );
    // Identity starts come from the ranges; compare everything else through the diff after
    // taking the starts from the database.
    for t in &mut want.tables {
        if let Some(now) = current.get(&t.name) {
            for c in &mut t.columns {
                if let (Some(id), Some(cur)) = (&mut c.identity, now.get_column(&c.name)) {
                    *id = cur.identity.unwrap_or(*id);
                }
            }
        }
    }
    let changes = diff(&current, &want, &DiffOptions::new(db.dialect())).unwrap();
    assert_eq!(changes, vec![]);
    assert_eq!(db.query_i64("SELECT count(*) FROM ent_types").unwrap(), 2);
}

#[test]
fn postgres_two_runs_at_once_one_waits_and_finds_nothing_to_do() {
    let mut db = TestDb::postgres();
    let url = db.url().to_owned();
    race(move || {
        let mut driver = Driver::open(&url).expect("connect");
        run(&mut driver, &desired(), &mut slow_options())
    });
    check_created_once(&mut db);
}

#[test]
fn sqlite_file_two_runs_at_once_one_waits_and_finds_nothing_to_do() {
    let mut db = TestDb::sqlite_file();
    let path = db.url().trim_start_matches("file:").to_owned();
    race(move || {
        let conn = rusqlite::Connection::open(&path).expect("open");
        run(
            &mut Driver::from_sqlite(conn).expect("wrap"),
            &desired(),
            &mut slow_options(),
        )
    });
    check_created_once(&mut db);
}

#[test]
fn postgres_lock_timeout_gives_up() {
    let db = TestDb::postgres();
    let mut holder = postgres::Client::connect(db.url(), postgres::NoTls).unwrap();
    let mut tx = holder.transaction().unwrap();
    let key = entgen_runtime::automigrate::lock_key("entgen_automigrate");
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&key])
        .unwrap();
    let mut other = Driver::open(db.url()).unwrap();
    let mut opts = Options::new().lock_timeout(Duration::from_millis(200));
    let err = run(&mut other, &desired(), &mut opts).unwrap_err();
    assert!(matches!(err, MigrateError::LockTimeout { .. }), "{err}");
    tx.rollback().unwrap();
    assert!(!run(&mut other, &desired(), &mut opts).unwrap().is_empty());
}

#[test]
fn sqlite_lock_timeout_gives_up() {
    let db = TestDb::sqlite_file();
    let path = db.url().trim_start_matches("file:").to_owned();
    let holder = rusqlite::Connection::open(&path).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let other = rusqlite::Connection::open(&path).unwrap();
    other.busy_timeout(Duration::from_millis(10)).unwrap();
    let mut other = Driver::from_sqlite(other).unwrap();
    let mut opts = Options::new().lock_timeout(Duration::from_millis(200));
    let err = run(&mut other, &desired(), &mut opts).unwrap_err();
    assert!(matches!(err, MigrateError::LockTimeout { .. }), "{err}");
    holder.execute_batch("ROLLBACK").unwrap();
    assert!(!run(&mut other, &desired(), &mut opts).unwrap().is_empty());
}

/// `client.migrate` runs its DDL through the driver's `execute_batch` on one pooled
/// connection; every other connection of the pool drops the statements it prepared before,
/// so a `SELECT *` cached on either connection sees the new column instead of failing with
/// PostgreSQL's "cached plan must not change result type".
#[test]
fn postgres_pooled_connections_forget_statements_after_a_migration() {
    use entgen_runtime::builder::Query;
    use entgen_runtime::client::Client;
    use entgen_runtime::driver::PoolOptions;

    let db = TestDb::postgres();
    let client = Client::open_with(db.url(), &PoolOptions::default().max_size(2)).unwrap();
    let users = |extra: bool| {
        let mut t = Table::new("users")
            .column(Column::new("id", ColumnType::int64()).identity())
            .column(Column::new("name", ColumnType::string()))
            .primary_key(["id"]);
        if extra {
            t = t.column(Column::new("age", ColumnType::int64()).nullable());
        }
        Schema::new().table(t)
    };
    client.migrate(&users(false), &mut Options::new()).unwrap();
    let select = Query::new("SELECT * FROM users", Vec::new());
    let insert = Query::new("INSERT INTO users (name) VALUES ('x')", Vec::new());
    let widths = || {
        // Both connections at once, so each runs (and caches) the statement.
        let mut a = client.conn().unwrap();
        let mut b = client.conn().unwrap();
        [&mut a, &mut b].map(|conn| {
            conn.execute(&insert).unwrap();
            conn.query_as::<Vec<entgen_runtime::value::Value>>(&select)
                .unwrap_or_else(|e| panic!("{e}"))[0]
                .len()
        })
    };
    assert_eq!(widths(), [2, 2]);
    client.migrate(&users(true), &mut Options::new()).unwrap();
    assert_eq!(widths(), [3, 3]);
}
