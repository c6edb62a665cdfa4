//! `MigrationDir` on disk: errors that name the path, file selection and order per format,
//! reading goose/dbmate/flyway files back, sequence numbers and the atlas.sum conventions.

#![cfg(feature = "migrate-dir")]

use std::fs;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use entgen_runtime::dir::{
    DirError, Format, MigrationDir, NewVersion, ScanOptions, SumCheck, SumConvention, TxMode,
    WriteOptions,
};
use entgen_runtime::plan::{Plan, PlannedStatement};

struct Scratch(PathBuf);

impl Scratch {
    fn new(files: &[(&str, &str)]) -> Scratch {
        static N: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "entgen-dir-local-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).unwrap();
        for (name, content) in files {
            let p = path.join(name);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, content).unwrap();
        }
        Scratch(path)
    }

    fn open(&self, format: Format) -> MigrationDir {
        MigrationDir::open(&self.0, format).unwrap()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn plan(name: &str) -> Plan {
    Plan {
        name: name.into(),
        statements: vec![PlannedStatement {
            sql: "CREATE TABLE \"pets\" (\"id\" bigint)".into(),
            comment: "create \"pets\" table".into(),
            reverse: vec!["DROP TABLE \"pets\"".into()],
        }],
    }
}

fn texts(dir: &MigrationDir) -> Vec<(String, String, Vec<String>)> {
    dir.migrations(&ScanOptions::POSTGRES)
        .unwrap()
        .into_iter()
        .map(|m| {
            (
                m.name,
                m.version,
                m.statements.into_iter().map(|s| s.text).collect(),
            )
        })
        .collect()
}

#[test]
fn open_names_the_missing_or_wrong_path() {
    let scratch = Scratch::new(&[("file.sql", "SELECT 1;")]);
    let missing = scratch.0.join("nope");
    let err = MigrationDir::open(&missing, Format::Atlas).unwrap_err();
    assert!(matches!(err, DirError::NotFound { .. }));
    assert!(
        err.to_string().contains(&missing.display().to_string()),
        "{err}"
    );

    let file = scratch.0.join("file.sql");
    let err = MigrationDir::open(&file, Format::Atlas).unwrap_err();
    assert!(err.to_string().contains("is not a directory"), "{err}");

    let err = MigrationDir::open(&scratch.0, Format::Template("{{name}}.sql".into())).unwrap_err();
    assert!(err.to_string().contains("{{name}}.sql"), "{err}");
}

#[test]
fn create_makes_the_directory() {
    let scratch = Scratch::new(&[]);
    let nested = scratch.0.join("a/b/migrations");
    let dir = MigrationDir::create(&nested, Format::Atlas).unwrap();
    assert!(nested.is_dir());
    assert_eq!(dir.check_sum().unwrap(), SumCheck::Valid);
}

#[test]
fn non_utf8_content_is_hashed_but_cannot_be_run() {
    let scratch = Scratch::new(&[("1_a.sql", "SELECT 1;\n")]);
    fs::write(scratch.0.join("2_b.sql"), b"SELECT '\xff';\n").unwrap();
    let dir = scratch.open(Format::Atlas);
    assert!(dir.write_sum().unwrap());
    assert_eq!(dir.check_sum().unwrap(), SumCheck::Valid);
    let err = dir.migrations(&ScanOptions::POSTGRES).unwrap_err();
    assert!(
        matches!(err, DirError::NonUtf8File { offset: 8, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("2_b.sql"), "{err}");
}

#[cfg(unix)]
#[test]
fn non_utf8_file_names_are_refused_only_when_they_count() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let scratch = Scratch::new(&[("1_a.sql", "SELECT 1;\n")]);
    fs::write(scratch.0.join(OsStr::from_bytes(b"notes\xff.txt")), "x").unwrap();
    let dir = scratch.open(Format::Atlas);
    assert_eq!(dir.migration_names().unwrap(), ["1_a.sql"]);
    fs::write(scratch.0.join(OsStr::from_bytes(b"2_\xff.sql")), "x").unwrap();
    let err = dir.migration_names().unwrap_err();
    assert!(matches!(err, DirError::NonUtf8Name { .. }), "{err:?}");
}

#[test]
fn a_directory_named_like_a_migration_is_an_error() {
    let scratch = Scratch::new(&[("1_a.sql", "SELECT 1;\n"), ("2_b.sql/x", "")]);
    let err = scratch.open(Format::Atlas).compute_sum().unwrap_err();
    assert!(matches!(err, DirError::NotAFile { .. }), "{err:?}");
    assert!(err.to_string().contains("2_b.sql"), "{err}");
}

#[test]
fn atlas_files_run_in_byte_order_from_the_top_level_only() {
    let scratch = Scratch::new(&[
        ("20240101000000_a.sql", "SELECT 1;"),
        ("20240102000000_b.sql", "SELECT 2;"),
        ("sub/20240103000000_c.sql", "SELECT 3;"),
        ("notes.txt", "x"),
        ("X.SQL", "x"),
    ]);
    let dir = scratch.open(Format::Atlas);
    assert_eq!(
        dir.migration_names().unwrap(),
        ["20240101000000_a.sql", "20240102000000_b.sql"]
    );
}

#[test]
fn errors_in_files_name_the_file_and_line() {
    let scratch = Scratch::new(&[("1_a.sql", "SELECT 1;\n\nSELECT 'open;\n")]);
    let err = scratch
        .open(Format::Atlas)
        .migrations(&ScanOptions::POSTGRES)
        .unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("1_a.sql:3:8: unclosed quote"), "{msg}");

    let scratch = Scratch::new(&[("1_a.sql", "-- atlas:txmode all\n\nSELECT 1;\n")]);
    let msg = scratch
        .open(Format::Atlas)
        .migrations(&ScanOptions::POSTGRES)
        .unwrap_err()
        .to_string();
    assert!(msg.contains("1_a.sql") && msg.contains("\"all\""), "{msg}");
}

#[test]
fn directives_reach_the_migration() {
    let scratch = Scratch::new(&[
        ("1_a.sql", "CREATE TABLE t (c int);\n"),
        (
            "2_ck.sql",
            "-- atlas:checkpoint\n\nCREATE TABLE t (c int);\n",
        ),
        (
            "3_idx.sql",
            "-- atlas:txmode none\n\nCREATE INDEX CONCURRENTLY i ON t (c);\n",
        ),
    ]);
    let m = scratch
        .open(Format::Atlas)
        .migrations(&ScanOptions::POSTGRES)
        .unwrap();
    assert!(!m[0].is_checkpoint() && m[1].is_checkpoint());
    assert_eq!(m[2].directives.txmode, Some(TxMode::None));
    assert_eq!(m[2].statements[0].line, 3);
}

#[test]
fn sequence_templates_order_numerically_and_continue_the_count() {
    let scratch = Scratch::new(&[
        ("1_init.up.sql", "CREATE TABLE a (id int);\n"),
        ("2_b.up.sql", "CREATE TABLE b (id int);\n"),
        ("10_c.up.sql", "CREATE TABLE c (id int);\n"),
        ("10_c.down.sql", "DROP TABLE c;\n"),
    ]);
    let dir = scratch.open("template:{{seq}}_{{name}}.up.sql".parse().unwrap());
    assert_eq!(
        dir.migration_names().unwrap(),
        ["1_init.up.sql", "2_b.up.sql", "10_c.up.sql"]
    );
    let written = dir
        .write_plan(
            &plan("add_pets"),
            &NewVersion::NextSequence,
            &WriteOptions::default(),
        )
        .unwrap();
    assert!(written[0].ends_with("11_add_pets.up.sql"), "{written:?}");
    assert_eq!(
        fs::read_to_string(&written[0]).unwrap(),
        "CREATE TABLE \"pets\" (\"id\" bigint);\n"
    );
    let sum = fs::read_to_string(scratch.0.join("atlas.sum")).unwrap();
    assert!(!sum.contains("down"), "{sum}");
}

#[test]
fn padded_sequences_stay_padded() {
    let scratch = Scratch::new(&[
        ("0001_init.sql", "SELECT 1;\n"),
        ("0002_more.sql", "SELECT 2;\n"),
    ]);
    let dir = scratch.open(Format::Atlas);
    assert_eq!(
        dir.resolve_version(&NewVersion::NextSequence).unwrap(),
        "0003"
    );
    let empty = Scratch::new(&[]);
    assert_eq!(
        empty
            .open(Format::Atlas)
            .resolve_version(&NewVersion::NextSequence)
            .unwrap(),
        "1"
    );
}

#[test]
fn golang_migrate_keeps_the_convention_of_an_existing_sum() {
    let scratch = Scratch::new(&[
        ("1_init.up.sql", "CREATE TABLE t (id int);\n"),
        ("1_init.down.sql", "DROP TABLE t;\n"),
    ]);
    // Written by ent's NewLocalDir + golang-migrate formatter (or Atlas < 0.33): down files too.
    let legacy = scratch
        .open(Format::GolangMigrate)
        .with_sum_convention(SumConvention::AllSqlFiles);
    legacy.write_sum().unwrap();
    let dir = scratch.open(Format::GolangMigrate);
    assert_eq!(dir.sum_convention(), SumConvention::AllSqlFiles);
    assert_eq!(dir.check_sum().unwrap(), SumCheck::Valid);
    dir.write_plan(
        &plan("pets"),
        &NewVersion::Timestamp("2".into()),
        &WriteOptions::default(),
    )
    .unwrap();
    let sum = fs::read_to_string(scratch.0.join("atlas.sum")).unwrap();
    assert!(sum.contains("2_pets.down.sql h1:"), "{sum}");
    // Without a sum, Atlas ≥ 0.33's rule applies.
    let fresh = Scratch::new(&[("1_init.up.sql", "x"), ("1_init.down.sql", "y")]);
    assert_eq!(
        fresh.open(Format::GolangMigrate).sum_convention(),
        SumConvention::Current
    );
    // Only up files run.
    assert_eq!(
        texts(&scratch.open(Format::GolangMigrate))
            .iter()
            .map(|t| t.0.as_str())
            .collect::<Vec<_>>(),
        ["1_init.up.sql", "2_pets.up.sql"]
    );
}

fn flyway_dir() -> Scratch {
    Scratch::new(&[
        ("B2__baseline.sql", "CREATE TABLE b (id int);\n"),
        ("V1__one.sql", "SELECT 1;\n"),
        ("V2__two.sql", "SELECT 2;\n"),
        ("V3__three.sql", "SELECT 3;\n"),
        ("V10__ten.sql", "SELECT 10;\n"),
        ("U3__three.sql", "DROP 3;\n"),
        ("R__views.sql", "CREATE VIEW v AS SELECT 1;\n"),
        ("v3/V3_1__sub.sql", "SELECT 31;\n"),
        (".hidden/V9__hidden.sql", "SELECT 9;\n"),
    ])
}

#[test]
fn flyway_selection_order_and_sum_match_atlas() {
    let scratch = flyway_dir();
    let dir = scratch.open(Format::Flyway);
    // Cross-checked with shared/tools/atlassum.py (`compute(dir, 'flyway')`).
    assert_eq!(
        dir.compute_sum().unwrap().render(),
        "h1:cb81j/1rNYqEs4V4RsAJHh7JprxL/6qQc9Od7AU7nrY=\n\
         B2__baseline.sql h1:kqwJM3gpY2h4SfUCJUSN4qsEVNy7AmZPRhIkmorLA8k=\n\
         V3__three.sql h1:HPPGS8+10swkRLiZcpCZzOZs4Rhsuf8MeiiWHM5gaOE=\n\
         v3/V3_1__sub.sql h1:L3WiCsoDYrqMxm/6sHZ2t2XcdQ0VV9KZ4enlWeJjGgo=\n\
         R__views.sql h1:WSxrvfio0GufpBXWiiHRcqoSEiK0JfPBtiH96PNBDXU=\n"
    );
    let legacy = dir.clone().with_sum_convention(SumConvention::AllSqlFiles);
    assert!(
        legacy
            .compute_sum()
            .unwrap()
            .render()
            .starts_with("h1:xU7ppIlTV5eI/jGz5qLGXiT4sTauPK5W3mOpxj8iutw=\n")
    );

    let got: Vec<(String, String)> = texts(&dir).into_iter().map(|t| (t.0, t.1)).collect();
    assert_eq!(
        got,
        [
            ("B2__baseline.sql".to_string(), "2".to_string()),
            ("V3__three.sql".into(), "3".into()),
            ("v3/V3_1__sub.sql".into(), "3_1".into()),
            ("R__views.sql".into(), "3_1R".into()),
        ]
    );
}

#[test]
fn flyway_sum_with_undo_files_is_detected_as_legacy() {
    let scratch = flyway_dir();
    scratch
        .open(Format::Flyway)
        .with_sum_convention(SumConvention::AllSqlFiles)
        .write_sum()
        .unwrap();
    let dir = scratch.open(Format::Flyway);
    assert_eq!(dir.sum_convention(), SumConvention::AllSqlFiles);
    assert_eq!(dir.check_sum().unwrap(), SumCheck::Valid);
}

#[test]
fn goose_files_written_by_hand() {
    let scratch = Scratch::new(&[(
        "20240101000000_fn.sql",
        "-- +goose Up\n-- +goose NO TRANSACTION\nCREATE TABLE t (state text);\r\nUPDATE t SET state = 'Down';\n\
         -- +goose StatementBegin\nCREATE FUNCTION f() RETURNS int AS $$\nBEGIN\n  RETURN 1;\nEND;\n$$ LANGUAGE plpgsql;\n\
         -- +goose StatementEnd\nCREATE INDEX i\n  ON t (state);\n\n-- +goose Down\nDROP TABLE t;\n",
    )]);
    let dir = scratch.open(Format::Goose);
    let m = dir.migrations(&ScanOptions::POSTGRES).unwrap();
    let stmts: Vec<(usize, &str)> = m[0]
        .statements
        .iter()
        .map(|s| (s.line, s.text.as_str()))
        .collect();
    assert_eq!(
        stmts,
        [
            (3, "CREATE TABLE t (state text);"),
            (4, "UPDATE t SET state = 'Down';"),
            (
                6,
                "CREATE FUNCTION f() RETURNS int AS $$\nBEGIN\n  RETURN 1;\nEND;\n$$ LANGUAGE plpgsql;"
            ),
            (12, "CREATE INDEX i\n  ON t (state);"),
        ]
    );
    assert_eq!(m[0].directives.txmode, Some(TxMode::None));

    let bad = Scratch::new(&[("1_x.sql", "-- +goose Up\n-- +goose StatementEnd\n")]);
    let err = bad
        .open(Format::Goose)
        .migrations(&ScanOptions::POSTGRES)
        .unwrap_err();
    assert!(matches!(err, DirError::Pragma { line: 2, .. }), "{err:?}");
    assert!(err.to_string().contains("1_x.sql:2"), "{err}");
}

#[test]
fn dbmate_files_written_by_hand() {
    let scratch = Scratch::new(&[(
        "20240101000000_x.sql",
        "-- migrate:up transaction:false\nALTER TABLE t ADD COLUMN shutdown_at timestamptz;\nCREATE INDEX CONCURRENTLY i ON t (shutdown_at);\n\n-- migrate:down\nDROP INDEX i;\n",
    )]);
    let m = scratch
        .open(Format::Dbmate)
        .migrations(&ScanOptions::POSTGRES)
        .unwrap();
    let stmts: Vec<(usize, &str)> = m[0]
        .statements
        .iter()
        .map(|s| (s.line, s.text.as_str()))
        .collect();
    assert_eq!(
        stmts,
        [
            (2, "ALTER TABLE t ADD COLUMN shutdown_at timestamptz;"),
            (3, "CREATE INDEX CONCURRENTLY i ON t (shutdown_at);"),
        ]
    );
    assert_eq!(m[0].directives.txmode, Some(TxMode::None));
}

#[test]
fn write_sum_touches_nothing_when_in_sync() {
    let scratch = Scratch::new(&[("1_a.sql", "SELECT 1;\n")]);
    let dir = scratch.open(Format::Atlas);
    assert!(dir.write_sum().unwrap());
    let before = fs::metadata(scratch.0.join("atlas.sum"))
        .unwrap()
        .modified()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    assert!(!dir.write_sum().unwrap());
    let after = fs::metadata(scratch.0.join("atlas.sum"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(before, after);
    let leftovers: Vec<_> = fs::read_dir(&scratch.0)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn liquibase_master_changelog_lists_every_file_and_is_not_summed() {
    let scratch = Scratch::new(&[]);
    let dir = scratch.open(Format::Liquibase);
    let first = dir
        .write_plan(
            &plan("pets"),
            &NewVersion::Timestamp("1".into()),
            &WriteOptions::default(),
        )
        .unwrap();
    let master = scratch.0.join("db.changelog-master.yaml");
    assert!(first.contains(&master), "{first:?}");
    dir.write_plan(
        &plan("more"),
        &NewVersion::Timestamp("2".into()),
        &WriteOptions::default(),
    )
    .unwrap();
    let text = fs::read_to_string(&master).unwrap();
    let a = text.find("file: \"1_pets.sql\"").expect(&text);
    let b = text.find("file: \"2_more.sql\"").expect(&text);
    assert!(a < b, "in order:\n{text}");
    assert!(text.contains("relativeToChangelogFile: true"), "{text}");
    assert_eq!(dir.migration_names().unwrap(), ["1_pets.sql", "2_more.sql"]);
    assert_eq!(dir.check_sum().unwrap(), SumCheck::Valid);
    let sum = fs::read_to_string(scratch.0.join("atlas.sum")).unwrap();
    assert!(!sum.contains("changelog"), "{sum}");

    // Other formats get no master changelog.
    let other = Scratch::new(&[]);
    let atlas = other.open(Format::Atlas);
    atlas
        .write_plan(
            &plan("pets"),
            &NewVersion::Timestamp("1".into()),
            &WriteOptions::default(),
        )
        .unwrap();
    assert!(!other.0.join("db.changelog-master.yaml").exists());
}

#[test]
fn sql_migrate_files_written_by_hand() {
    let scratch = Scratch::new(&[(
        "20240101000000_fn.sql",
        "-- +migrate Up notransaction\nCREATE TABLE t (state text);\n\
         -- +migrate StatementBegin\nCREATE FUNCTION f() RETURNS int AS $$\nBEGIN\n  RETURN 1;\nEND;\n$$ LANGUAGE plpgsql;\n\
         -- +migrate StatementEnd\n\n-- +migrate Down\nDROP TABLE t;\n",
    )]);
    let dir = scratch.open(Format::SqlMigrate);
    let m = dir.migrations(&ScanOptions::POSTGRES).unwrap();
    let stmts: Vec<(usize, &str)> = m[0]
        .statements
        .iter()
        .map(|s| (s.line, s.text.as_str()))
        .collect();
    assert_eq!(
        stmts,
        [
            (2, "CREATE TABLE t (state text);"),
            (
                4,
                "CREATE FUNCTION f() RETURNS int AS $$\nBEGIN\n  RETURN 1;\nEND;\n$$ LANGUAGE plpgsql;"
            ),
        ]
    );
    assert_eq!(m[0].directives.txmode, Some(TxMode::None));
    let plain = Scratch::new(&[(
        "1_x.sql",
        "-- +migrate Up\nSELECT 1;\n-- +migrate Down\nSELECT 2;\n",
    )]);
    let m = plain
        .open(Format::SqlMigrate)
        .migrations(&ScanOptions::POSTGRES)
        .unwrap();
    assert_eq!(m[0].statements.len(), 1);
    assert_eq!(m[0].directives.txmode, None);
}
