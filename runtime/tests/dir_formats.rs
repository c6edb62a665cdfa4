//! Golden files per format (the exact bytes Atlas's formatters write) and reading them back.

#![cfg(feature = "migrate-dir")]

use std::fs;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use entgen_runtime::dir::{
    Format, GeneratedFile, MigrationDir, NewVersion, ScanOptions, SumCheck, WriteOptions, render,
};
use entgen_runtime::plan::{Plan, PlannedStatement};

const V: &str = "20240520182336";

fn stmt(sql: &str, comment: &str, reverse: &[&str]) -> PlannedStatement {
    PlannedStatement {
        sql: sql.to_string(),
        comment: comment.to_string(),
        reverse: reverse.iter().map(|s| s.to_string()).collect(),
    }
}

/// The plan of Atlas's own formatter test (`sql/sqltool/tool_test.go`).
fn tooling_plan() -> Plan {
    Plan {
        name: "tooling-plan".into(),
        statements: vec![
            stmt(
                "CREATE TABLE t1(c int)",
                "create table t1",
                &["DROP TABLE t1 IF EXISTS"],
            ),
            stmt(
                "CREATE TABLE t2(c int)",
                "create table t2",
                &["DROP TABLE t2"],
            ),
        ],
    }
}

const FUNCTION: &str = "CREATE FUNCTION \"touch\"() RETURNS trigger AS $$\nBEGIN\n  NEW.updated_at = now();\n  RETURN NEW;\nEND;\n$$ LANGUAGE plpgsql";

/// Irreversible and multi-statement reverses, a statement without comment, a function body.
fn pets_plan() -> Plan {
    Plan {
        name: "add_pets".into(),
        statements: vec![
            stmt(
                "CREATE TABLE \"pets\" (\"id\" bigint NOT NULL, \"name\" character varying NOT NULL, PRIMARY KEY (\"id\"))",
                "create \"pets\" table",
                &["DROP TABLE \"pets\""],
            ),
            stmt(
                "CREATE INDEX \"pets_name\" ON \"pets\" (\"name\")",
                "create index \"pets_name\" to table: \"pets\"",
                &["DROP INDEX \"pets_name\""],
            ),
            stmt(
                "DROP SCHEMA \"old\" CASCADE",
                "drop schema named \"old\"",
                &[],
            ),
            stmt(
                "DROP TABLE \"legacy\"",
                "drop \"legacy\" table",
                &[
                    "CREATE TABLE \"legacy\" (\"id\" integer NOT NULL)",
                    "CREATE INDEX \"legacy_id\" ON \"legacy\" (\"id\")",
                ],
            ),
            stmt(FUNCTION, "", &["DROP FUNCTION \"touch\"()"]),
        ],
    }
}

fn files(format: &str, plan: &Plan) -> Vec<(String, String)> {
    let format: Format = format.parse().unwrap();
    render(&format, plan, V, &WriteOptions::default())
        .unwrap()
        .into_iter()
        .map(|GeneratedFile { name, contents }| (name, contents))
        .collect()
}

fn pair(name: &str, contents: &str) -> (String, String) {
    (name.to_string(), contents.to_string())
}

const TOOLING_UP: &str =
    "-- create table t1\nCREATE TABLE t1(c int);\n-- create table t2\nCREATE TABLE t2(c int);\n";
const TOOLING_DOWN: &str = "-- reverse: create table t2\nDROP TABLE t2;\n-- reverse: create table t1\nDROP TABLE t1 IF EXISTS;\n";

#[test]
fn atlas_sqltool_fixtures() {
    let plan = tooling_plan();
    assert_eq!(
        files("atlas", &plan),
        [pair(
            "20240520182336_tooling-plan.sql",
            "-- Create table t1\nCREATE TABLE t1(c int);\n-- Create table t2\nCREATE TABLE t2(c int);\n"
        )]
    );
    assert_eq!(
        files("golang-migrate", &plan),
        [
            pair("20240520182336_tooling-plan.up.sql", TOOLING_UP),
            pair("20240520182336_tooling-plan.down.sql", TOOLING_DOWN),
        ]
    );
    assert_eq!(
        files("goose", &plan),
        [pair(
            "20240520182336_tooling-plan.sql",
            &format!("-- +goose Up\n{TOOLING_UP}\n-- +goose Down\n{TOOLING_DOWN}")
        )]
    );
    assert_eq!(
        files("flyway", &plan),
        [
            pair("V20240520182336__tooling-plan.sql", TOOLING_UP),
            pair("U20240520182336__tooling-plan.sql", TOOLING_DOWN),
        ]
    );
    assert_eq!(
        files("liquibase", &plan),
        [pair(
            "20240520182336_tooling-plan.sql",
            "--liquibase formatted sql\n\
             --changeset atlas:20240520182336-1\n\
             --comment: create table t1\n\
             CREATE TABLE t1(c int);\n\
             --rollback DROP TABLE t1 IF EXISTS;\n\
             \n\
             --changeset atlas:20240520182336-2\n\
             --comment: create table t2\n\
             CREATE TABLE t2(c int);\n\
             --rollback DROP TABLE t2;\n"
        )]
    );
    assert_eq!(
        files("dbmate", &plan),
        [pair(
            "20240520182336_tooling-plan.sql",
            &format!("-- migrate:up\n{TOOLING_UP}\n-- migrate:down\n{TOOLING_DOWN}")
        )]
    );
}

const PETS_UP: &str = "-- create \"pets\" table\n\
CREATE TABLE \"pets\" (\"id\" bigint NOT NULL, \"name\" character varying NOT NULL, PRIMARY KEY (\"id\"));\n\
-- create index \"pets_name\" to table: \"pets\"\n\
CREATE INDEX \"pets_name\" ON \"pets\" (\"name\");\n\
-- drop schema named \"old\"\n\
DROP SCHEMA \"old\" CASCADE;\n\
-- drop \"legacy\" table\n\
DROP TABLE \"legacy\";\n";

const PETS_DOWN: &str = "DROP FUNCTION \"touch\"();\n\
-- reverse: drop \"legacy\" table\n\
CREATE TABLE \"legacy\" (\"id\" integer NOT NULL);\n\
CREATE INDEX \"legacy_id\" ON \"legacy\" (\"id\");\n\
-- reverse: create index \"pets_name\" to table: \"pets\"\n\
DROP INDEX \"pets_name\";\n\
-- reverse: create \"pets\" table\n\
DROP TABLE \"pets\";\n";

#[test]
fn atlas_format_capitalizes_comments() {
    let got = files("atlas", &pets_plan());
    assert_eq!(
        got,
        [pair(
            "20240520182336_add_pets.sql",
            &format!(
                "-- Create \"pets\" table\n\
                 CREATE TABLE \"pets\" (\"id\" bigint NOT NULL, \"name\" character varying NOT NULL, PRIMARY KEY (\"id\"));\n\
                 -- Create index \"pets_name\" to table: \"pets\"\n\
                 CREATE INDEX \"pets_name\" ON \"pets\" (\"name\");\n\
                 -- Drop schema named \"old\"\n\
                 DROP SCHEMA \"old\" CASCADE;\n\
                 -- Drop \"legacy\" table\n\
                 DROP TABLE \"legacy\";\n\
                 {FUNCTION};\n"
            )
        )]
    );
}

#[test]
fn down_files_reverse_the_plan_and_skip_irreversible_statements() {
    let got = files("golang-migrate", &pets_plan());
    assert_eq!(
        got,
        [
            pair(
                "20240520182336_add_pets.up.sql",
                &format!("{PETS_UP}{FUNCTION};\n")
            ),
            pair("20240520182336_add_pets.down.sql", PETS_DOWN),
        ]
    );
}

#[test]
fn goose_wraps_only_statements_with_inner_semicolons() {
    let got = files("goose", &pets_plan());
    assert_eq!(
        got,
        [pair(
            "20240520182336_add_pets.sql",
            &format!(
                "-- +goose Up\n{PETS_UP}-- +goose StatementBegin\n{FUNCTION};\n-- +goose StatementEnd\n\n-- +goose Down\n{PETS_DOWN}"
            )
        )]
    );
}

#[test]
fn sql_migrate_marks_up_and_down_and_wraps_inner_semicolons() {
    let got = files("sql-migrate", &pets_plan());
    assert_eq!(
        got,
        [pair(
            "20240520182336_add_pets.sql",
            &format!(
                "-- +migrate Up\n{PETS_UP}-- +migrate StatementBegin\n{FUNCTION};\n-- +migrate StatementEnd\n\n-- +migrate Down\n{PETS_DOWN}"
            )
        )]
    );
}

#[test]
fn liquibase_changesets() {
    let got = files("liquibase", &pets_plan());
    let want = format!(
        "--liquibase formatted sql\n\
         --changeset atlas:{V}-1\n\
         --comment: create \"pets\" table\n\
         CREATE TABLE \"pets\" (\"id\" bigint NOT NULL, \"name\" character varying NOT NULL, PRIMARY KEY (\"id\"));\n\
         --rollback DROP TABLE \"pets\";\n\
         \n\
         --changeset atlas:{V}-2\n\
         --comment: create index \"pets_name\" to table: \"pets\"\n\
         CREATE INDEX \"pets_name\" ON \"pets\" (\"name\");\n\
         --rollback DROP INDEX \"pets_name\";\n\
         \n\
         --changeset atlas:{V}-3\n\
         --comment: drop schema named \"old\"\n\
         DROP SCHEMA \"old\" CASCADE;\n\
         --rollback empty\n\
         \n\
         --changeset atlas:{V}-4\n\
         --comment: drop \"legacy\" table\n\
         DROP TABLE \"legacy\";\n\
         --rollback CREATE TABLE \"legacy\" (\"id\" integer NOT NULL);\n\
         --rollback CREATE INDEX \"legacy_id\" ON \"legacy\" (\"id\");\n\
         \n\
         --changeset atlas:{V}-5 splitStatements:false\n\
         \n\
         {FUNCTION};\n\
         --rollback DROP FUNCTION \"touch\"();\n"
    );
    assert_eq!(got, [pair("20240520182336_add_pets.sql", &want)]);
}

#[test]
fn dbmate_and_flyway() {
    let plan = pets_plan();
    assert_eq!(
        files("dbmate", &plan),
        [pair(
            "20240520182336_add_pets.sql",
            &format!("-- migrate:up\n{PETS_UP}{FUNCTION};\n\n-- migrate:down\n{PETS_DOWN}")
        )]
    );
    assert_eq!(
        files("flyway", &plan),
        [
            pair(
                "V20240520182336__add_pets.sql",
                &format!("{PETS_UP}{FUNCTION};\n")
            ),
            pair("U20240520182336__add_pets.sql", PETS_DOWN),
        ]
    );
}

#[test]
fn encore_template_holds_bare_statements() {
    let format: Format = "template:{{seq}}_{{name}}.up.sql".parse().unwrap();
    let got = render(&format, &tooling_plan(), "3", &WriteOptions::default()).unwrap();
    assert_eq!(got[0].name, "3_tooling-plan.up.sql");
    assert_eq!(
        got[0].contents,
        "CREATE TABLE t1(c int);\nCREATE TABLE t2(c int);\n"
    );
    assert!(render(&format, &tooling_plan(), V, &WriteOptions::default()).is_ok());
    assert!(render(&format, &tooling_plan(), "v3", &WriteOptions::default()).is_err());
}

#[test]
fn empty_plans() {
    let empty = Plan {
        name: "manual".into(),
        statements: vec![],
    };
    assert_eq!(
        files("atlas", &empty),
        [pair("20240520182336_manual.sql", "")]
    );
    assert_eq!(
        files("goose", &empty),
        [pair(
            "20240520182336_manual.sql",
            "-- +goose Up\n\n-- +goose Down\n"
        )]
    );
    assert_eq!(
        files("dbmate", &empty),
        [pair(
            "20240520182336_manual.sql",
            "-- migrate:up\n\n-- migrate:down\n"
        )]
    );
    assert_eq!(
        files("liquibase", &empty),
        [pair(
            "20240520182336_manual.sql",
            "--liquibase formatted sql"
        )]
    );
    assert_eq!(
        files("golang-migrate", &empty),
        [
            pair("20240520182336_manual.up.sql", ""),
            pair("20240520182336_manual.down.sql", ""),
        ]
    );
    let unnamed = Plan::default();
    assert_eq!(files("atlas", &unnamed), [pair("20240520182336.sql", "")]);
    assert_eq!(files("flyway", &unnamed)[0].0, "V20240520182336.sql");
}

#[test]
fn directives_and_delimiter_head_atlas_files() {
    let opts = WriteOptions {
        directives: vec!["-- atlas:txmode none".into()],
        delimiter: Some("\nGO".into()),
    };
    let got = render(&Format::Atlas, &tooling_plan(), V, &opts).unwrap();
    assert_eq!(
        got[0].contents,
        "-- atlas:delimiter \\nGO\n-- atlas:txmode none\n\n\
         -- Create table t1\nCREATE TABLE t1(c int)\nGO\n\
         -- Create table t2\nCREATE TABLE t2(c int)\nGO\n"
    );
    assert!(render(&Format::Goose, &tooling_plan(), V, &opts).is_err());
}

#[test]
fn bad_names_and_versions_are_refused() {
    let mut plan = tooling_plan();
    plan.name = "../escape".into();
    assert!(render(&Format::Atlas, &plan, V, &WriteOptions::default()).is_err());
    plan.name = "line\nbreak".into();
    assert!(render(&Format::Atlas, &plan, V, &WriteOptions::default()).is_err());
    let plan = tooling_plan();
    for v in ["", "2024_01", "20240101 000000", "a/b"] {
        assert!(
            render(&Format::Atlas, &plan, v, &WriteOptions::default()).is_err(),
            "{v:?}"
        );
    }
}

struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Scratch {
        static N: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "entgen-dir-formats-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = fs::remove_dir_all(&path);
        Scratch(path)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

#[test]
fn every_format_reads_back_what_it_wrote() {
    for format in [
        "atlas",
        "golang-migrate",
        "goose",
        "flyway",
        "liquibase",
        "dbmate",
        "sql-migrate",
        "template:{{seq}}_{{name}}.up.sql",
    ] {
        let scratch = Scratch::new();
        let format: Format = format.parse().unwrap();
        let dir = MigrationDir::create(&scratch.0, format.clone()).unwrap();
        let plan = pets_plan();
        let version = if matches!(format, Format::Template(_)) {
            NewVersion::NextSequence
        } else {
            NewVersion::Timestamp(V.into())
        };
        let written = dir
            .write_plan(&plan, &version, &WriteOptions::default())
            .unwrap();
        assert!(written.iter().any(|p| p.ends_with("atlas.sum")), "{format}");
        assert_eq!(dir.check_sum().unwrap(), SumCheck::Valid, "{format}");

        let migrations = dir.migrations(&ScanOptions::POSTGRES).unwrap();
        assert_eq!(migrations.len(), 1, "{format}: {migrations:?}");
        let m = &migrations[0];
        let want_version = if matches!(format, Format::Template(_)) {
            "1"
        } else {
            V
        };
        assert_eq!(m.version, want_version, "{format}");
        assert_eq!(m.description, "add_pets", "{format}");
        let texts: Vec<&str> = m.statements.iter().map(|s| s.text.as_str()).collect();
        let want: Vec<String> = plan
            .statements
            .iter()
            .map(|s| format!("{};", s.sql))
            .collect();
        assert_eq!(texts, want, "{format}");
        // Lines point into the real file.
        let content = fs::read_to_string(scratch.0.join(&m.name)).unwrap();
        for s in &m.statements {
            assert!(content[s.offset..].starts_with(&s.text), "{format}: {s:?}");
            let line = content.lines().nth(s.line - 1).unwrap();
            assert!(
                s.text.starts_with(line.trim()),
                "{format}: line {} is {line:?}",
                s.line
            );
        }
        // A second plan: a new sequence number, or a refusal to reuse the same timestamp.
        let again = dir.write_plan(&plan, &version, &WriteOptions::default());
        match version {
            NewVersion::Timestamp(_) => {
                let err = again.unwrap_err().to_string();
                assert!(err.contains("not after") && err.contains(V), "{err}");
            }
            _ => {
                assert!(again.unwrap()[0].ends_with("2_add_pets.up.sql"));
                assert_eq!(dir.migrations(&ScanOptions::POSTGRES).unwrap().len(), 2);
            }
        }
        assert_eq!(dir.check_sum().unwrap(), SumCheck::Valid, "{format}");
    }
}

#[test]
fn sum_covers_only_the_files_the_format_runs() {
    let scratch = Scratch::new();
    let dir = MigrationDir::create(&scratch.0, Format::GolangMigrate).unwrap();
    dir.write_plan(
        &pets_plan(),
        &NewVersion::Timestamp(V.into()),
        &WriteOptions::default(),
    )
    .unwrap();
    let sum = fs::read_to_string(scratch.0.join("atlas.sum")).unwrap();
    assert!(
        sum.contains("_add_pets.up.sql h1:") && !sum.contains(".down.sql"),
        "{sum}"
    );

    let scratch = Scratch::new();
    let dir = MigrationDir::create(&scratch.0, Format::Flyway).unwrap();
    dir.write_plan(
        &pets_plan(),
        &NewVersion::Timestamp(V.into()),
        &WriteOptions::default(),
    )
    .unwrap();
    let sum = fs::read_to_string(scratch.0.join("atlas.sum")).unwrap();
    assert!(
        sum.contains("V20240520182336__add_pets.sql") && !sum.contains("U2024"),
        "{sum}"
    );
}
