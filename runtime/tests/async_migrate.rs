//! Auto-migration (`schema().create`) and migration diffs (`schema().diff`) on the async
//! client's own connections: the one engine, awaited over tokio-postgres on PostgreSQL and
//! over mysql_async on MariaDB. Every statement of the run (lock, inspection, the expressions'
//! printed forms, DDL) goes through the client's statement logger, which a sync connection of
//! the engine's own would bypass.

#![cfg(feature = "async")]

use std::sync::{Arc, Mutex};

use entgen_runtime::async_client::AsyncClient;
use entgen_runtime::automigrate::{HookError, MigrateError, Options};
use entgen_runtime::schema::{Column, ColumnType, Schema};
use entgen_runtime::testing::{TestDb, fixtures};
use entgen_runtime::versioned::{DiffOptions, DiffOutcome, Mode};

/// A current-thread runtime, as the smallest application has (the migration's IO must still
/// make progress while its run is driven on a blocking thread).
fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// An async client whose statements are all recorded.
async fn logged(url: &str) -> (AsyncClient, Arc<Mutex<Vec<String>>>) {
    let log = Arc::new(Mutex::new(Vec::new()));
    let sink = log.clone();
    let client = AsyncClient::open(url)
        .await
        .unwrap()
        .with_logger(move |q| sink.lock().unwrap().push(q.sql.clone()));
    (client, log)
}

fn take(log: &Mutex<Vec<String>>) -> Vec<String> {
    std::mem::take(&mut *log.lock().unwrap())
}

fn assert_ran(log: &[String], fragment: &str) {
    assert!(
        log.iter().any(|s| s.contains(fragment)),
        "no statement containing {fragment:?} went through the client: {log:#?}"
    );
}

/// The `.sql` file a diff wrote; fails when it wrote none.
fn written_sql(outcome: DiffOutcome) -> String {
    let DiffOutcome::Written(files) = outcome else {
        panic!("expected a migration file, got {outcome:?}");
    };
    files
        .iter()
        .find(|f| f.extension().is_some_and(|e| e == "sql"))
        .map(|f| std::fs::read_to_string(f).unwrap())
        .unwrap()
}

/// `people` with one more column.
fn with_nickname() -> Schema {
    with_nickname_on(fixtures::checks())
}

fn with_nickname_on(mut desired: Schema) -> Schema {
    desired.tables[0]
        .columns
        .push(Column::new("nickname", ColumnType::Text).nullable());
    desired
}

#[test]
fn create_and_diff_run_on_the_async_clients_own_connections() {
    let db = TestDb::postgres();
    let dir = std::env::temp_dir().join(format!("entgen-async-migrate-{}", db.name()));
    let _ = std::fs::remove_dir_all(&dir);
    runtime().block_on(async {
        let (client, log) = logged(db.url()).await;

        // A `Send` future (options with hooks that are not `Send` are made where it runs): it
        // can be spawned.
        let spawned = client.clone();
        let migrate = async move { spawned.migrate(fixtures::checks(), |_| {}).await };
        let report = tokio::spawn(migrate).await.unwrap().unwrap();
        assert!(
            report
                .statements
                .iter()
                .any(|s| s.sql.contains("CREATE TABLE")),
            "{report:?}"
        );
        let ran = take(&log);
        assert_ran(&ran, "pg_advisory_xact_lock");
        assert_ran(&ran, "pg_catalog.pg_class");
        // The checks printed by the database, on a temporary copy of the table.
        assert_ran(&ran, "CREATE TEMPORARY TABLE");
        assert_ran(&ran, "CREATE TABLE \"people\"");
        assert_eq!(ran.last().map(String::as_str), Some("COMMIT"), "{ran:#?}");

        // The checks compare equal in the database's spelling: a second run has nothing to do.
        let again = client.migrate(fixtures::checks(), |_| {}).await.unwrap();
        assert!(again.is_empty(), "{:?}", again.changes);

        // The table is there for the client's queries (its statement caches were refreshed).
        let n = client
            .pg_conn()
            .await
            .unwrap()
            .client()
            .query_one("SELECT count(*) FROM people", &[])
            .await
            .unwrap()
            .get::<_, i64>(0);
        assert_eq!(n, 0);

        // A diff against the live database writes only the new column.
        take(&log);
        let live = DiffOptions::default().mode(Mode::Inspect);
        let outcome = client
            .diff_dir(with_nickname(), "nickname".into(), dir.clone(), live)
            .await
            .unwrap();
        let sql = written_sql(outcome);
        assert!(
            sql.contains("ADD COLUMN \"nickname\" text NULL"),
            "the file:\n{sql}"
        );
        assert!(!sql.contains("CHECK"), "the checks compared equal:\n{sql}");
        assert_ran(&take(&log), "pg_catalog.pg_class");
    });
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_failed_async_migration_rolls_back_and_leaves_the_connection_usable() {
    let db = TestDb::postgres();
    runtime().block_on(async {
        let (client, log) = logged(db.url()).await;
        let failing = |opts: &mut Options<'_>| {
            *opts = std::mem::take(opts).apply_hook(|ctx| {
                ctx.after("SELECT no_such_function()", "fails after the tables");
                Ok::<(), HookError>(())
            });
        };
        let e = client
            .migrate(fixtures::checks(), failing)
            .await
            .unwrap_err();
        assert!(
            matches!(&e, MigrateError::Statement { sql, .. } if sql.contains("no_such_function")),
            "{e}"
        );
        assert_eq!(
            take(&log).last().map(String::as_str),
            Some("ROLLBACK"),
            "the run ended its transaction"
        );
        // Nothing was created, and the next run (on the same pooled connection) succeeds.
        let report = client.migrate(fixtures::checks(), |_| {}).await.unwrap();
        assert!(
            report
                .statements
                .iter()
                .any(|s| s.sql.contains("CREATE TABLE")),
            "{report:?}"
        );
    });
}

#[test]
fn create_and_diff_run_on_the_async_clients_mysql_connections() {
    let db = TestDb::mysql();
    let dir = std::env::temp_dir().join(format!("entgen-async-migrate-{}", db.name()));
    let _ = std::fs::remove_dir_all(&dir);
    runtime().block_on(async {
        let (client, log) = logged(db.url()).await;
        let report = client.migrate(fixtures::checks(), |_| {}).await.unwrap();
        assert!(
            report
                .statements
                .iter()
                .any(|s| s.sql.contains("CREATE TABLE")),
            "{report:?}"
        );
        let ran = take(&log);
        assert_ran(&ran, "GET_LOCK(");
        assert_ran(&ran, "information_schema");
        // The checks as MariaDB prints them (`(lo <= hi) AND (hi < 1000)` comes back as
        // `lo <= hi and hi < 1000`), so that the second run finds nothing to do.
        assert_ran(&ran, "CREATE TEMPORARY TABLE `entgen_forms_0`");
        assert_ran(&ran, "CREATE TABLE `people`");
        assert!(
            ran.last().is_some_and(|s| s.contains("RELEASE_LOCK(")),
            "the lock is released last: {ran:#?}"
        );
        let again = client.migrate(fixtures::checks(), |_| {}).await.unwrap();
        assert!(again.is_empty(), "{:?}", again.changes);

        let live = DiffOptions::default().mode(Mode::Inspect);
        let outcome = client
            .diff_dir(
                with_nickname_on(fixtures::checks()),
                "nickname".into(),
                dir.clone(),
                live,
            )
            .await
            .unwrap();
        let sql = written_sql(outcome);
        assert!(sql.contains("`nickname`"), "the file:\n{sql}");
        assert!(!sql.contains("CHECK"), "the checks compared equal:\n{sql}");
        assert_ran(&take(&log), "information_schema");
    });
    std::fs::remove_dir_all(&dir).unwrap();
}
