//! `client.schema()`: auto-migration and versioned migration files from the generated client.

use super::*;

use entgen_runtime::testing::TestDb;
use entgen_runtime::versioned::{DiffOptions, DiffOutcome};

#[bisync_test]
#[test]
async fn schema_create_builds_every_table_once() {
    for make in [TestDb::postgres, TestDb::sqlite_file, TestDb::mysql] {
        let db = ScratchDb::new(make);
        let c = Client::open(db.url()).await.unwrap();
        let first = create_schema(&c).await.unwrap();
        let sql: Vec<String> = first
            .statements
            .iter()
            .map(|s| s.sql.to_lowercase())
            .collect();
        for table in [
            "users",
            "posts",
            "likes",
            "user_friends",
            "group_members",
            "post_tags",
        ] {
            assert!(
                sql.iter()
                    .any(|s| s.contains("create table") && s.contains(table)),
                "{:?}: {table} missing from {sql:#?}",
                c.dialect()
            );
        }
        let second = create_schema(&c).await.unwrap();
        assert!(
            second.statements.is_empty(),
            "{:?}: {:?}",
            c.dialect(),
            second.statements
        );
        let tags = c.tag().query().count().await.unwrap();
        assert_eq!(tags, 0);
    }
}

#[bisync_test]
#[test]
async fn schema_diff_writes_a_migration_file_from_a_dev_database() {
    let db = ScratchDb::new(TestDb::postgres);
    let dir = std::env::temp_dir().join(format!(
        "entgen-generated-diff-{}-{}",
        module_path!().replace("::", "-"),
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    let c = Client::open(db.url()).await.unwrap();
    let outcome = c
        .schema()
        .diff("init", &dir, &DiffOptions::default())
        .await
        .unwrap();
    let DiffOutcome::Written(files) = outcome else {
        panic!("expected files, got {outcome:?}");
    };
    let sql_file = files
        .iter()
        .find(|f| f.extension().is_some_and(|e| e == "sql"))
        .unwrap();
    let text = std::fs::read_to_string(sql_file).unwrap();
    assert!(text.contains("CREATE TABLE \"users\""), "{text}");
    assert!(dir.join("atlas.sum").exists());
    let again = c
        .schema()
        .diff("again", &dir, &DiffOptions::default())
        .await
        .unwrap();
    assert_eq!(again, DiffOutcome::NoChanges);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `Mode::Offline`: the directory is replayed without touching the database, so the client's
/// own database (which holds the tables) can be the connection, on every dialect.
#[bisync_test]
#[test]
async fn schema_diff_offline_reads_the_directory_not_the_database() {
    use entgen_runtime::versioned::Mode;
    for make in [TestDb::postgres, TestDb::sqlite_file, TestDb::mysql] {
        let db = ScratchDb::new(make);
        let dir = std::env::temp_dir().join(format!(
            "entgen-generated-offline-{}-{}-{}",
            module_path!().replace("::", "-"),
            db.dialect(),
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        let c = Client::open(db.url()).await.unwrap();
        // The application's database has its tables: a dev-database replay would refuse it.
        create_schema(&c).await.unwrap();
        let offline = DiffOptions::default().mode(Mode::Offline);
        let first = c.schema().diff("init", &dir, &offline).await.unwrap();
        assert!(
            matches!(first, DiffOutcome::Written(_)),
            "{}: {first:?}",
            db.dialect()
        );
        let again = c.schema().diff("again", &dir, &offline).await.unwrap();
        assert_eq!(again, DiffOutcome::NoChanges, "{}", db.dialect());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
