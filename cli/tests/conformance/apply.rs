//! `entgen migrate apply` of real ent directories on a live PostgreSQL.

use entgen_runtime::testing::TestDb;

use super::common::{entgen, text};
use super::real;

#[test]
fn postgres_applies_a_real_ent_directory() {
    let mut db = TestDb::postgres();
    let dir = real("Comfy-Org+registry-backend__ent__migrate__migrations");
    let d = dir.to_str().unwrap();
    let out = entgen(&["migrate", "apply", "--dir", d, "--url", db.url()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 27);
    let st = entgen(&["migrate", "status", "--dir", d, "--url", db.url()]);
    assert!(text(&st).contains("Migration status: OK"), "{}", text(&st));
    let applied = db
        .query_i64(
            "SELECT count(*) FROM atlas_schema_revisions.atlas_schema_revisions WHERE error IS NULL",
        )
        .unwrap();
    assert_eq!(applied, 27);
}

#[test]
fn a_real_file_with_pasted_log_output_fails_at_the_line_where_it_starts() {
    let db = TestDb::postgres();
    let dir = real("PacificStudio+openase__ent__migrate__migrations");
    let d = dir.to_str().unwrap();
    let out = entgen(&["migrate", "apply", "--dir", d, "--url", db.url()]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out)
            .contains("20260401000000_202604010001_bootstrap_schema.sql:139: statement failed"),
        "{}",
        text(&out)
    );
}
