//! Statement splitting and directives, by Atlas's rules.

#![cfg(feature = "migrate-dir")]

use entgen_runtime::dir::directive::DirectiveError;
use entgen_runtime::dir::split::SplitErrorKind;
use entgen_runtime::dir::{FileDirectives, NoLint, ScanOptions, TxMode, split};

struct Case {
    name: &'static str,
    opts: ScanOptions,
    input: &'static str,
    /// Expected statements as (line, text).
    want: &'static [(usize, &'static str)],
}

const PG: ScanOptions = ScanOptions::POSTGRES;
const GENERIC: ScanOptions = ScanOptions::GENERIC;

const CASES: &[Case] = &[
    Case {
        name: "PostgreSQL block comments nest",
        opts: PG,
        input: "/* a /* b; */ c; */ CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n",
        want: &[
            (1, "CREATE TABLE a (id int);"),
            (2, "CREATE TABLE b (id int);"),
        ],
    },
    Case {
        name: "one statement per semicolon, lines counted",
        opts: PG,
        input: "CREATE TABLE a (id int);\n\nCREATE TABLE b (id int);\n",
        want: &[
            (1, "CREATE TABLE a (id int);"),
            (3, "CREATE TABLE b (id int);"),
        ],
    },
    Case {
        name: "semicolons inside strings and identifiers",
        opts: PG,
        input: "INSERT INTO t VALUES ('a;b', 'it''s; fine');\nSELECT \"odd;name\" FROM t;",
        want: &[
            (1, "INSERT INTO t VALUES ('a;b', 'it''s; fine');"),
            (2, "SELECT \"odd;name\" FROM t;"),
        ],
    },
    Case {
        name: "dollar-quoted function body",
        opts: PG,
        input: "CREATE FUNCTION touch() RETURNS trigger AS $$\nBEGIN\n  NEW.updated_at = now();\n  RETURN NEW;\nEND;\n$$ LANGUAGE plpgsql;\nCREATE TRIGGER t BEFORE UPDATE ON x FOR EACH ROW EXECUTE FUNCTION touch();\n",
        want: &[
            (
                1,
                "CREATE FUNCTION touch() RETURNS trigger AS $$\nBEGIN\n  NEW.updated_at = now();\n  RETURN NEW;\nEND;\n$$ LANGUAGE plpgsql;",
            ),
            (
                7,
                "CREATE TRIGGER t BEFORE UPDATE ON x FOR EACH ROW EXECUTE FUNCTION touch();",
            ),
        ],
    },
    Case {
        name: "tagged dollar quote holding $$ and a semicolon",
        opts: PG,
        input: "DO $body$ BEGIN PERFORM '$$;'; END $body$;\nSELECT $1$;",
        want: &[
            (1, "DO $body$ BEGIN PERFORM '$$;'; END $body$;"),
            (2, "SELECT $1$;"),
        ],
    },
    Case {
        name: "BEGIN ATOMIC body",
        opts: GENERIC,
        input: "CREATE FUNCTION f(x int) RETURNS boolean LANGUAGE SQL\nBEGIN ATOMIC\nselect case when x % 2 = 0 then true else false end; -- tricky\nSELECT 2;\nEND;\nSELECT 3;",
        want: &[
            (
                1,
                "CREATE FUNCTION f(x int) RETURNS boolean LANGUAGE SQL\nBEGIN ATOMIC\nselect case when x % 2 = 0 then true else false end; -- tricky\nSELECT 2;\nEND;",
            ),
            (6, "SELECT 3;"),
        ],
    },
    Case {
        name: "BEGIN … END trigger body (SQLite)",
        opts: ScanOptions::SQLITE,
        input: "CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n  UPDATE t SET c = 1;\n  INSERT INTO log VALUES (1);\nEND;\nSELECT 1;",
        want: &[
            (
                1,
                "CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n  UPDATE t SET c = 1;\n  INSERT INTO log VALUES (1);\nEND;",
            ),
            (5, "SELECT 1;"),
        ],
    },
    Case {
        name: "without MatchBegin a BEGIN block is split (Atlas's generic scanner)",
        opts: GENERIC,
        input: "CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n  UPDATE t SET c = 1;\nEND;",
        want: &[
            (
                1,
                "CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n  UPDATE t SET c = 1;",
            ),
            (3, "END;"),
        ],
    },
    Case {
        name: "BEGIN TRANSACTION without END stays a statement",
        opts: PG,
        input: "BEGIN TRANSACTION;\nSELECT 1;\nCOMMIT;",
        want: &[(1, "BEGIN TRANSACTION;"), (2, "SELECT 1;"), (3, "COMMIT;")],
    },
    Case {
        name: "comments above a statement are not part of it; inside they are",
        opts: PG,
        input: "-- create \"users\" table\nCREATE TABLE users (\n  id int -- the key; really\n  /* ; */\n);\n",
        want: &[(
            2,
            "CREATE TABLE users (\n  id int -- the key; really\n  /* ; */\n);",
        )],
    },
    Case {
        name: "Atlas's generic scanner: block comments do not nest, the first */ closes",
        opts: GENERIC,
        input: "/* outer /* inner */ SELECT 1;\n/* a /* b */ c */ SELECT 2;",
        want: &[(1, "SELECT 1;"), (2, "c */ SELECT 2;")],
    },
    Case {
        name: "trailing statement without semicolon",
        opts: PG,
        input: "SELECT 1;\nSELECT 2\n",
        want: &[(1, "SELECT 1;"), (2, "SELECT 2")],
    },
    Case {
        name: "a final comment without newline is kept as text, as in Atlas",
        opts: PG,
        input: "SELECT 1;\n-- done",
        want: &[(1, "SELECT 1;"), (2, "-- done")],
    },
    Case {
        name: "CRLF line endings",
        opts: PG,
        input: "-- first\r\nSELECT 1;\r\nSELECT 'a\r\nb';\r\n\r\nSELECT 3;\r\n",
        want: &[(2, "SELECT 1;"), (3, "SELECT 'a\r\nb';"), (6, "SELECT 3;")],
    },
    Case {
        name: "atlas:delimiter on the first line",
        opts: PG,
        input: "-- atlas:delimiter GO\nSELECT 1;\nSELECT 2;\nGO\nSELECT 3\nGO\n",
        want: &[(2, "SELECT 1;\nSELECT 2;"), (5, "SELECT 3")],
    },
    Case {
        name: "atlas:delimiter with escapes",
        opts: PG,
        input: "-- atlas:delimiter \\n\\n\\n\nCREATE TABLE a (id int);\nCREATE TABLE b (id int);\n\n\n\nSELECT 1;",
        want: &[
            (2, "CREATE TABLE a (id int);\nCREATE TABLE b (id int);"),
            (7, "SELECT 1;"),
        ],
    },
    Case {
        name: "MySQL DELIMITER command",
        opts: ScanOptions::MYSQL,
        input: "DELIMITER //\nCREATE PROCEDURE p() BEGIN SELECT 1; END//\nDELIMITER ;\nSELECT 2;",
        want: &[
            (2, "CREATE PROCEDURE p() BEGIN SELECT 1; END"),
            (4, "SELECT 2;"),
        ],
    },
    Case {
        name: "MySQL hash comments and backslash escapes",
        opts: ScanOptions::MYSQL,
        input: "# note\nINSERT INTO t VALUES ('a\\'; b');\nSELECT 2; # trailing\n",
        want: &[(2, "INSERT INTO t VALUES ('a\\'; b');"), (3, "SELECT 2;")],
    },
    Case {
        name: "PostgreSQL E'' strings honour backslash escapes",
        opts: PG,
        input: "INSERT INTO t VALUES (E'it\\'s; ok');\nSELECT '\\';",
        want: &[
            (1, "INSERT INTO t VALUES (E'it\\'s; ok');"),
            (2, "SELECT '\\';"),
        ],
    },
    Case {
        name: "semicolons inside parentheses do not split",
        opts: PG,
        input: "CREATE RULE r AS ON INSERT TO t DO ALSO (SELECT 1; SELECT 2);\nSELECT 3;",
        want: &[
            (
                1,
                "CREATE RULE r AS ON INSERT TO t DO ALSO (SELECT 1; SELECT 2);",
            ),
            (2, "SELECT 3;"),
        ],
    },
    Case {
        name: "multi-byte text",
        opts: PG,
        input: "  INSERT INTO t VALUES ('héllo; wörld');\nSELECT 'ü';",
        want: &[
            (1, "INSERT INTO t VALUES ('héllo; wörld');"),
            (2, "SELECT 'ü';"),
        ],
    },
    Case {
        name: "empty and blank input",
        opts: PG,
        input: " \n\t\r\n",
        want: &[],
    },
];

#[test]
fn splitting_table() {
    for case in CASES {
        let got = split(case.input, &case.opts)
            .unwrap_or_else(|e| panic!("{}: unexpected error {e}", case.name));
        let got: Vec<(usize, &str)> = got.iter().map(|s| (s.line, s.text.as_str())).collect();
        assert_eq!(got, case.want, "{}", case.name);
    }
}

#[test]
fn offsets_point_at_the_statement() {
    let input = "-- c\n\n  SELECT 1;\nSELECT 2;";
    let stmts = split(input, &PG).unwrap();
    for s in &stmts {
        assert!(input[s.offset..].starts_with(&s.text));
    }
}

#[test]
fn comments_and_statement_directives() {
    let input = "-- atlas:nolint DS103\n--atlas:nolint\nALTER TABLE t DROP COLUMN c;\n\n-- detached\n\nSELECT 1;\n/*atlas:nolint MF101*/\nSELECT 2;";
    let stmts = split(input, &PG).unwrap();
    assert_eq!(
        stmts[0].comments,
        ["-- atlas:nolint DS103\n", "--atlas:nolint\n"]
    );
    assert_eq!(stmts[0].directive("nolint"), ["DS103", ""]);
    assert!(
        stmts[1].comments.is_empty(),
        "a blank line detaches comments"
    );
    assert_eq!(stmts[2].directive("nolint"), ["MF101"]);
}

#[test]
fn errors_name_line_and_column() {
    let cases: &[(&str, SplitErrorKind, &str)] = &[
        (
            "SELECT 'open",
            SplitErrorKind::UnclosedQuote('\''),
            "1:8: unclosed quote '\\''",
        ),
        (
            "SELECT 1;\n\n  SELECT \"x",
            SplitErrorKind::UnclosedQuote('"'),
            "3:10: unclosed quote '\"'",
        ),
        (
            "()(unclosed",
            SplitErrorKind::UnclosedParen,
            "1:3: unclosed '('",
        ),
        (
            "1234)6789",
            SplitErrorKind::UnexpectedParen,
            "1:5: unexpected ')'",
        ),
        (
            "-- atlas:delimiter GO",
            SplitErrorKind::NoInputAfterDelimiter("GO".into()),
            "1:1: no input found after delimiter \"GO\"",
        ),
        (
            "DELIMITER  \nSELECT 1;",
            SplitErrorKind::EmptyDelimiter,
            "1:1: empty delimiter",
        ),
    ];
    for (input, kind, msg) in cases {
        let err = split(input, &PG).unwrap_err();
        assert_eq!(&err.kind, kind, "{input:?}");
        assert_eq!(err.to_string(), *msg, "{input:?}");
    }
}

#[test]
fn hostile_input_never_panics_and_stays_fast() {
    let many_begins = "BEGIN ".repeat(5000) + "x;";
    let stmts = split(&many_begins, &ScanOptions::POSTGRES).unwrap();
    assert_eq!(stmts.len(), 1);
    let atomic = "BEGIN ATOMIC ".repeat(300);
    assert!(split(&atomic, &ScanOptions::POSTGRES).is_ok());
    for input in [
        "$",
        "$$",
        "$a",
        "'",
        "/*",
        "--",
        "DELIMITER '",
        "DELIMITER ",
        "E'\\",
        "\u{feff}",
    ] {
        let _ = split(input, &ScanOptions::POSTGRES);
        let _ = split(input, &ScanOptions::MYSQL);
    }
}

#[test]
fn file_directives() {
    let d = FileDirectives::parse(
        "-- atlas:txmode none\n-- atlas:nolint DS103 destructive\n-- atlas:nolint MF101\n\nCREATE INDEX CONCURRENTLY i ON t (c);\n",
    )
    .unwrap();
    assert_eq!(d.txmode, Some(TxMode::None));
    assert_eq!(
        d.nolint,
        Some(NoLint::Only(vec![
            "DS103".into(),
            "destructive".into(),
            "MF101".into()
        ]))
    );
    assert!(!d.sum_ignore);

    let d =
        FileDirectives::parse("-- atlas:nolint\n-- atlas:nolint DS101\n\nDROP TABLE t;").unwrap();
    assert_eq!(d.nolint, Some(NoLint::All));

    let d = FileDirectives::parse("-- atlas:checkpoint v1.2\n\nCREATE TABLE t (id int);").unwrap();
    assert_eq!(d.checkpoint.as_deref(), Some("v1.2"));

    // Without the blank line the comment belongs to the first statement: no directive.
    let d = FileDirectives::parse("-- atlas:txmode none\nCREATE INDEX CONCURRENTLY i ON t (c);")
        .unwrap();
    assert_eq!(d.txmode, None);
    // Atlas does not see a CRLF blank line as blank either.
    let d = FileDirectives::parse("-- atlas:txmode none\r\n\r\nSELECT 1;").unwrap();
    assert_eq!(d.txmode, None);

    assert_eq!(
        FileDirectives::parse("-- atlas:txmode all\n\nSELECT 1;").unwrap_err(),
        DirectiveError::TxModeAllInFile
    );
    assert!(matches!(
        FileDirectives::parse("-- atlas:txmode none\n-- atlas:txmode file\n\nSELECT 1;"),
        Err(DirectiveError::MultipleTxModes(_))
    ));
    assert!(matches!(
        FileDirectives::parse("-- atlas:txmode sometimes\n\nSELECT 1;"),
        Err(DirectiveError::UnknownTxMode(_))
    ));

    let d = FileDirectives::parse("-- atlas:sum ignore\nSELECT 1;").unwrap();
    assert!(d.sum_ignore);
    assert!(
        !FileDirectives::parse("-- atlas:sum ignore\r\nSELECT 1;")
            .unwrap()
            .sum_ignore
    );
    assert!(
        !FileDirectives::parse("-- atlas:sum ignore \nSELECT 1;")
            .unwrap()
            .sum_ignore
    );
    assert!(
        !FileDirectives::parse("SELECT 1;\n-- atlas:sum ignore\n")
            .unwrap()
            .sum_ignore
    );

    let d = FileDirectives::parse("-- atlas:delimiter \\n\\n\n\nSELECT 1;").unwrap();
    assert_eq!(d.delimiter.as_deref(), Some("\n\n"));
}

/// PostgreSQL agrees: each statement split from a file with nested comments runs on the server.
#[test]
fn nested_comments_split_as_postgres_reads_them() {
    let mut db = entgen_runtime::testing::TestDb::postgres();
    let file = "/* outer /* inner; */ still a comment; */\nCREATE TABLE a (id int);\n\
                /* one /* two /* three */ */ */ INSERT INTO a VALUES (1);\n\
                INSERT INTO a /* x /* y; */ z */ VALUES (2);\n";
    let stmts = split(file, &PG).unwrap();
    assert_eq!(stmts.len(), 3, "{stmts:?}");
    for s in &stmts {
        db.execute(&s.text)
            .unwrap_or_else(|e| panic!("{}: {e}", s.text));
    }
    assert_eq!(db.query_i64("SELECT sum(id)::bigint FROM a").unwrap(), 3);
}
