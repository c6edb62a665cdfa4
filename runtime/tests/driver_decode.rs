//! `Row::get` reads common column types straight into the Rust type, without a `Value` in
//! between. That path must give exactly what the `Value` path gives (`T::from_value` of
//! `Row::value`), errors included, for every column type and every requested type: these
//! tests compare the two on PostgreSQL, SQLite and MySQL/MariaDB for a grid of columns × Rust
//! types.

use chrono::{DateTime, Utc};
use entgen_runtime::async_client::AsyncClient;
use entgen_runtime::builder::Query;
use entgen_runtime::driver::{Driver, Io, Row};
use entgen_runtime::error::Error;
use entgen_runtime::testing::TestDb;
use entgen_runtime::value::{FromValue, Value};
use uuid::Uuid;

/// `Row::get::<T>` and the `Value` path, as comparable text (`Ok(..)` or the error).
fn both<T: FromValue + std::fmt::Debug>(row: &Row<'_>, i: usize) -> (String, String) {
    let direct = row.get::<T>(i);
    let through_value = row.value(i).and_then(|v| {
        T::from_value(v).map_err(|source| Error::Decode {
            column: row.column_name(i).unwrap_or_default().to_owned(),
            source,
        })
    });
    (format!("{direct:?}"), format!("{through_value:?}"))
}

macro_rules! compare {
    ($row:expr, $i:expr, $mismatches:expr, [$($t:ty),+ $(,)?]) => {$(
        let (direct, through_value) = both::<$t>($row, $i);
        if direct != through_value {
            $mismatches.push(format!(
                "column {} ({:?}) as {}: get gave {direct}, the Value path {through_value}",
                $i,
                $row.column_name($i),
                stringify!($t),
            ));
        }
    )+};
}

/// Compares every column of `row` as each supported Rust type, noting each difference.
fn check_row(row: &Row<'_>, mismatches: &mut Vec<String>) {
    for i in 0..row.len() {
        compare!(row, i, mismatches, [
            i8, i16, i32, i64, u8, u16, u32, u64, bool, f32, f64, String, Vec<u8>,
            Uuid, DateTime<Utc>, serde_json::Value, Value,
        ]);
        compare!(row, i, mismatches, [
            Option<i64>, Option<u8>, Option<String>, Option<bool>, Option<f64>,
            Option<f32>, Option<Vec<u8>>, Option<Uuid>, Option<DateTime<Utc>>,
            Option<serde_json::Value>, Option<Value>,
        ]);
    }
    // An index past the end fails the same way on both paths.
    compare!(row, row.len(), mismatches, [i64, Option<String>]);
}

/// Compares every column of `sql`'s single row as each supported Rust type; returns the
/// number of columns checked.
fn check_grid(driver: &mut Driver, sql: &str) -> usize {
    let mut mismatches = Vec::new();
    let mut columns = 0;
    driver
        .for_each(&Query::new(sql, Vec::new()), |row| {
            columns = row.len();
            check_row(row, &mut mismatches);
            Ok(())
        })
        .unwrap();
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    columns
}

#[test]
fn postgres_direct_decoding_matches_the_value_path() {
    let db = TestDb::postgres();
    let mut driver = Driver::open(db.url()).unwrap();
    let sql = r#"SELECT 1::int2 AS i2, (-2)::int4 AS i4, 3::int8 AS i8, 300::int4 AS big4,
        (-32768)::int2 AS min2, 9223372036854775807::int8 AS max8, 0::int8 AS zero,
        1::int8 AS one, true AS yes, false AS no, 1.5::float4 AS f4, 2.25::float8 AS f8,
        1e300::float8 AS huge, 'nan'::float8 AS nan, 'txt'::text AS txt, 'vc'::varchar AS vc,
        'bp'::char(3) AS bp, 'nm'::name AS nm, '1'::text AS one_text,
        '{"a": 1}'::text AS json_text, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::text AS uuid_text,
        '2024-05-01 10:20:30+00'::text AS time_text, '\x00ff'::bytea AS bin,
        '\x6869'::bytea AS utf8_bin,
        '2024-05-01 10:20:30.123456+00'::timestamptz AS tz,
        '2024-05-01 10:20:30'::timestamp AS ts, '2024-05-01'::date AS d,
        'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid AS u, '{"a": [1, 2]}'::json AS j,
        '{"b": null}'::jsonb AS jb, '"s"'::jsonb AS jstr, 12::numeric AS num,
        2.5::numeric AS frac, 'x'::"char" AS ch, 7::oid AS o,
        NULL::int8 AS null_int, NULL::text AS null_text, NULL::timestamptz AS null_tz,
        NULL::bool AS null_bool, NULL::uuid AS null_uuid, NULL AS null_unknown"#;
    assert_eq!(check_grid(&mut driver, sql), 41);
}

/// A table whose columns have the types ent's MySQL tables have, and its one row.
const MYSQL_GRID: [&str; 2] = [
    "CREATE TABLE grid (b tinyint(1), tu tinyint unsigned, ti tinyint, si smallint, \
             i int, bi bigint, bu bigint unsigned, f float, d double, num decimal(10,2), \
             whole decimal(10,0), vc varchar(255), uuid_text char(36), js json, lt longtext, \
             bin varbinary(10), blb blob, ts timestamp(6) NULL, dt datetime, day date, \
             e enum('a','b'), tm time, one_text varchar(5), absent bigint)",
    "INSERT INTO grid VALUES (1, 255, -128, 300, -2, 9223372036854775807, \
             18446744073709551615, 1.5, 2.25, 2.50, 12, 'txt', \
             'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{\"a\": [1, 2]}', 'long', x'00ff', \
             x'6869', '2024-05-01 10:20:30.123456', '2024-05-01 10:20:30', '2024-05-01', \
             'b', '10:20:30', '1', NULL)",
];

/// Literals too: their types are the server's own choice.
const MYSQL_LITERALS: &str =
    "SELECT 0 AS zero, 2 AS two, -5 AS neg, 1.5 AS frac, 'x' AS txt, NULL AS n";

#[test]
fn mysql_direct_decoding_matches_the_value_path() {
    let mut db = TestDb::mysql();
    let driver = db.mysql_driver();
    for sql in MYSQL_GRID {
        driver.execute_batch(sql).unwrap();
    }
    assert_eq!(check_grid(driver, "SELECT * FROM grid"), 24);
    assert_eq!(check_grid(driver, MYSQL_LITERALS), 6);
}

/// The async client's `mysql_async` rows are `mysql_common` rows too, and decode straight into
/// fields by the same code: the same grid on them.
#[test]
fn mysql_async_direct_decoding_matches_the_value_path() {
    let mut db = TestDb::mysql();
    for sql in MYSQL_GRID {
        db.mysql_driver().execute_batch(sql).unwrap();
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (columns, mismatches) = runtime.block_on(async {
        let client = AsyncClient::open(db.url()).await.unwrap();
        let mut conn = client.mysql_conn().await.unwrap();
        let mut mismatches = Vec::new();
        let mut columns = 0;
        for sql in ["SELECT * FROM grid", MYSQL_LITERALS] {
            let q = Query::new(sql, Vec::new());
            let rows = Io::for_each(&mut *conn, &q, |row| {
                columns += row.len();
                check_row(row, &mut mismatches);
                Ok(())
            });
            rows.await.unwrap();
        }
        (columns, mismatches)
    });
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    assert_eq!(columns, 24 + 6);
}

#[test]
fn sqlite_direct_decoding_matches_the_value_path() {
    for db in [TestDb::sqlite_memory(), TestDb::sqlite_file()] {
        let mut driver = Driver::open(db.url()).unwrap();
        let sql = r#"SELECT 1 AS one, 0 AS zero, -5 AS neg, 300 AS big,
            9223372036854775807 AS max, 2 AS two, 1.5 AS real, 2.0 AS whole, 'txt' AS txt,
            '' AS empty, x'00ff' AS bin, x'6869' AS utf8_bin,
            '2024-05-01 10:20:30.000000000+00:00' AS time_text, 1714558830 AS unix,
            'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11' AS uuid_text, '{"a": 1}' AS json_text,
            '1' AS one_text, NULL AS absent"#;
        assert_eq!(check_grid(&mut driver, sql), 18);
    }
}

#[test]
fn postgres_one_dimensional_arrays_decode_element_by_element() {
    let db = TestDb::postgres();
    let mut driver = Driver::open(db.url()).unwrap();
    let q = Query::new(
        "SELECT ARRAY['a', NULL, 'c']::text[], ARRAY['x']::name[], ARRAY[1, 2]::int8[], '{}'::int4[]",
        Vec::new(),
    );
    let rows = driver.query_as::<Vec<Value>>(&q).unwrap();
    assert_eq!(
        rows,
        vec![vec![
            Value::Array(vec![
                Value::String("a".into()),
                Value::Null,
                Value::String("c".into())
            ]),
            Value::Array(vec![Value::String("x".into())]),
            Value::Array(vec![Value::I64(1), Value::I64(2)]),
            Value::Array(vec![]),
        ]]
    );
    // Arrays go back as parameters in the same form.
    let q = Query::new(
        "SELECT $1::text[] = ARRAY['a', NULL, 'c']::text[]",
        vec![rows[0][0].clone()],
    );
    assert_eq!(driver.query_as::<(bool,)>(&q).unwrap(), vec![(true,)]);
}
