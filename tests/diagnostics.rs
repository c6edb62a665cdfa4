//! Snapshot tests of diagnostics: every directory under `tests/diagnostics/cases/` is a schema
//! directory with something wrong in it; its rendered diagnostics (colourless, paths relative to
//! the case directory, with the closing summary) must equal `tests/diagnostics/expected/<case>.txt`.
//!
//! `UPDATE_EXPECT=1 cargo test --test diagnostics` rewrites the expected files; read the diff
//! before committing it.

use std::fs;
use std::path::{Path, PathBuf};

use entgen::diagnostics::{ColorChoice, Diagnostics, render, summary};
use entgen::schema_dir::read_schema_dir;

/// The codes each case reports, in report order. Codes are part of entgen's interface (users
/// search for them, scripts match them), so a change here must be deliberate.
const CODES: &[(&str, &[&str])] = &[
    (
        "attr_arg_types",
        &[
            "E0308", "E0217", "E0217", "E0217", "E0217", "E0214", "E0217",
        ],
    ),
    (
        "attr_args_wrong",
        &["E0214", "E0215", "E0216", "E0217", "E0215"],
    ),
    ("attr_duplicate", &["E0213", "E0213"]),
    ("attr_repeated", &["E0213"]),
    ("comment_carriage_return", &["E0325", "E0325", "E0325"]),
    ("default_float_infinite", &["E0324", "E0324"]),
    ("default_nul", &["E0322"]),
    ("default_uint64_beyond_bigint", &["E0323", "E0323"]),
    ("field_type_missing", &["E0102"]),
    ("header_without_brace", &["E0101"]),
    ("attr_missing_name", &["E0102"]),
    (
        "attr_unknown",
        &["E0212", "E0212", "E0212", "E0212", "E0212"],
    ),
    ("block_bad_name", &["E0103", "E0103"]),
    ("block_header_brace_next_line", &["E0101"]),
    ("block_name_casing", &["E0202", "E0202", "E0202"]),
    ("check_duplicate", &["E0210", "E0215"]),
    ("closing_brace_junk", &["E0101", "E0101"]),
    ("column_collision", &["E0602", "E0602"]),
    ("crlf_file", &["E0301", "E0102", "E0218", "E0401"]),
    ("db_type_errors", &["E0318", "E0316", "E0317", "E0319"]),
    ("default_enum_not_a_value", &["E0310", "E0310"]),
    ("default_json_invalid", &["E0311"]),
    ("default_out_of_range", &["E0309", "E0309", "E0309"]),
    (
        "default_wrong_type",
        &[
            "E0308", "E0308", "E0308", "E0308", "E0308", "E0308", "E0308",
        ],
    ),
    ("doc_and_comment", &["E0218", "E0218", "E0218"]),
    ("doc_comment_dangling", &["E0110", "E0110"]),
    ("doc_comment_not_allowed", &["E0111", "E0111"]),
    ("duplicate_edge", &["E0210"]),
    ("duplicate_entity_across_files", &["E0201"]),
    ("duplicate_entity_same_file", &["E0201", "E0201"]),
    ("duplicate_field", &["E0210", "E0210"]),
    ("duplicate_field_mixin_later_file", &["E0210"]),
    (
        "edge_bad_lines",
        &["E0102", "E0102", "E0102", "E0102", "E0102"],
    ),
    ("edge_field_mismatch", &["E0414", "E0415", "E0416"]),
    ("edge_field_not_fk_side", &["E0412", "E0412", "E0412"]),
    ("edge_field_unknown", &["E0413"]),
    ("edge_name_casing", &["E0204"]),
    ("edge_to_mixin", &["E0402"]),
    ("enum_values", &["E0302", "E0302", "E0303", "E0305"]),
    ("enum_variant_collision", &["E0306", "E0306"]),
    ("field_and_edge_same_name", &["E0211", "E0211"]),
    ("field_name_casing", &["E0204", "E0204", "E0204"]),
    (
        "generated_name_clash",
        &["E0220", "E0220", "E0220", "E0220", "E0220"],
    ),
    ("id_field", &["E0320", "E0321"]),
    ("index_columns", &["E0501", "E0502", "E0507"]),
    ("index_edge_without_fk", &["E0506", "E0506", "E0506"]),
    ("index_unknown_edge", &["E0505"]),
    ("index_unknown_field", &["E0503", "E0504"]),
    ("integer_out_of_range", &["E0109"]),
    ("inverse_of_inverse", &["E0404"]),
    ("inverse_type_mismatch", &["E0405"]),
    ("keyword_field_name", &["E0205", "E0205", "E0205"]),
    ("long_names", &["E0604", "E0604"]),
    (
        "many_errors_one_file",
        &["E0301", "E0102", "E0310", "E0401", "E0503"],
    ),
    (
        "member_bad_lines",
        &[
            "E0102", "E0102", "E0102", "E0102", "E0102", "E0102", "E0102", "E0102",
        ],
    ),
    (
        "member_keyword_alone",
        &["E0102", "E0102", "E0102", "E0102"],
    ),
    (
        "member_unclosed_parens",
        &["E0102", "E0102", "E0102", "E0102", "E0102"],
    ),
    ("mixin_cycle", &["E0209", "E0209"]),
    ("mixin_errors_once", &["E0301", "E0307"]),
    ("mixin_misuse", &["E0219", "E0207", "E0208"]),
    ("no_schema_files", &["E0003"]),
    ("not_utf8", &["E0004"]),
    ("on_delete_set_null_required", &["E0410"]),
    ("on_delete_unknown", &["E0409"]),
    ("pair_attribute_twice", &["E0408", "E0408"]),
    ("regex_and_range", &["E0313", "E0314", "E0315"]),
    ("required_both_ways", &["E0407"]),
    (
        "reserved_entity_name",
        &["E0203", "E0203", "E0203", "E0203"],
    ),
    ("storage_key_wrong_relation", &["E0411", "E0411", "E0411"]),
    ("symbol_collision", &["E0603", "E0603"]),
    ("table_collision", &["E0601", "E0601"]),
    (
        "tabs_and_unicode",
        &["E0301", "E0107", "E0102", "E0301", "E0102"],
    ),
    ("through_edge_schema", &["E0418"]),
    ("through_name_taken", &["E0419", "E0419"]),
    ("through_not_m2m", &["E0417"]),
    ("top_level_junk", &["E0101", "E0101"]),
    ("two_inverses", &["E0406"]),
    ("unclosed_block", &["E0104", "E0104"]),
    ("unclosed_comment", &["E0105"]),
    ("unclosed_string", &["E0106"]),
    ("unique_with_literal_default", &["E0312"]),
    ("unknown_edge_ref", &["E0403", "E0403"]),
    ("unknown_entity", &["E0401", "E0401"]),
    ("unknown_escape", &["E0107", "E0108", "E0107"]),
    ("unknown_mixin", &["E0206"]),
    ("unknown_type", &["E0301", "E0301", "E0301"]),
    (
        "validators_misfit",
        &["E0307", "E0307", "E0307", "E0307", "E0307", "E0307"],
    ),
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diagnostics")
}

fn case_names() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(root().join("cases"))
        .expect("tests/diagnostics/cases exists")
        .map(|entry| entry.expect("readable case entry"))
        .filter(|entry| entry.path().is_dir())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// What the CLI's `load_graph` does: read, parse, build the graph (even after syntax errors).
fn diagnose(case: &str) -> (Diagnostics, entgen::diagnostics::SourceMap) {
    let dir = root().join("cases").join(case);
    let mut diagnostics = Diagnostics::new();
    let parsed = read_schema_dir(&dir, &mut diagnostics);
    if !parsed.files.is_empty() {
        entgen::graph::build(&parsed.files, &mut diagnostics);
    }
    (diagnostics, parsed.sources)
}

/// The rendered report of a case, exactly as `entgen describe` prints it to stderr, with the
/// case directory removed from paths.
fn rendered(case: &str) -> String {
    let (diagnostics, sources) = diagnose(case);
    let errors = diagnostics.error_count();
    let warnings = diagnostics.iter().count() - errors;
    let mut out = String::new();
    for diagnostic in diagnostics.into_sorted() {
        out.push_str(&render(&diagnostic, &sources, ColorChoice::Never));
        out.push('\n');
    }
    if errors > 0 {
        out.push_str(&summary(errors, warnings, ColorChoice::Never));
    }
    let dir = root().join("cases").join(case);
    let with_slash = format!("{}{}", dir.display(), std::path::MAIN_SEPARATOR);
    out.replace(&with_slash, "")
        .replace(&dir.display().to_string(), ".")
}

fn codes(case: &str) -> Vec<&'static str> {
    let (diagnostics, _) = diagnose(case);
    diagnostics.into_sorted().iter().map(|d| d.code).collect()
}

#[test]
fn rendered_diagnostics_match_snapshots() {
    let update = std::env::var_os("UPDATE_EXPECT").is_some_and(|v| v == "1");
    let expected_dir = root().join("expected");
    let mut failures = Vec::new();
    for case in case_names() {
        let actual = rendered(&case);
        let path = expected_dir.join(format!("{case}.txt"));
        if update {
            fs::create_dir_all(&expected_dir).expect("create expected dir");
            fs::write(&path, &actual).expect("write expected file");
            continue;
        }
        let expected = fs::read_to_string(&path).unwrap_or_default();
        if expected != actual {
            failures.push(format!(
                "case `{case}` ({}):\n{}",
                path.display(),
                diff(&expected, &actual)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} snapshot(s) differ (- expected, + actual); rerun with UPDATE_EXPECT=1 to accept:\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_case_reports_at_least_one_error() {
    let clean: Vec<String> = case_names()
        .into_iter()
        .filter(|case| !diagnose(case).0.has_errors())
        .collect();
    assert!(clean.is_empty(), "cases without errors: {clean:?}");
}

#[test]
fn error_codes_are_stable() {
    let cases = case_names();
    let mut problems = Vec::new();
    for case in &cases {
        let actual = codes(case);
        match CODES.iter().find(|(name, _)| name == case) {
            Some((_, expected)) if *expected == actual.as_slice() => {}
            Some((_, expected)) => {
                problems.push(format!("{case}: expected {expected:?}, found {actual:?}"))
            }
            None => problems.push(format!("{case}: not in CODES; found {actual:?}")),
        }
    }
    for (name, _) in CODES {
        if !cases.iter().any(|c| c == name) {
            problems.push(format!("{name}: in CODES but no such case directory"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn snapshots_have_cases_and_enough_cases_exist() {
    let cases = case_names();
    assert!(cases.len() >= 45, "only {} cases", cases.len());
    let orphans: Vec<String> = fs::read_dir(root().join("expected"))
        .expect("tests/diagnostics/expected exists")
        .map(|e| {
            e.expect("readable")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|f| !cases.iter().any(|c| format!("{c}.txt") == *f))
        .collect();
    assert!(
        orphans.is_empty(),
        "expected files without a case: {orphans:?}"
    );
}

/// Codes no case directory can produce: a missing path, a path that is a file, an unreadable
/// file, the parser giving up (tested through the CLI in `tests/cli.rs` and
/// `tests/cli_diagnostics.rs`).
const CODES_WITHOUT_CASE: &[&str] = &["E0001", "E0002", "E0005", "E0100"];

#[test]
fn every_code_has_a_case() {
    let messages = include_str!("../src/diagnostics/messages.rs");
    let mut defined: Vec<&str> = messages
        .split('"')
        .filter(|s| {
            s.len() == 5 && s.starts_with('E') && s[1..].bytes().all(|b| b.is_ascii_digit())
        })
        .collect();
    defined.sort_unstable();
    defined.dedup();
    let covered: Vec<&str> = CODES
        .iter()
        .flat_map(|(_, codes)| codes.iter().copied())
        .collect();
    let missing: Vec<&str> = defined
        .into_iter()
        .filter(|code| !covered.contains(code) && !CODES_WITHOUT_CASE.contains(code))
        .collect();
    assert!(
        missing.is_empty(),
        "codes without a snapshot case (add tests/diagnostics/cases/<name>/): {missing:?}"
    );
}

/// A line diff (longest common subsequence), `-` for expected, `+` for actual.
fn diff(expected: &str, actual: &str) -> String {
    let a: Vec<&str> = expected.lines().collect();
    let b: Vec<&str> = actual.lines().collect();
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = String::new();
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            out.push_str(&format!("  {}\n", a[i]));
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            out.push_str(&format!("- {}\n", a[i]));
            i += 1;
        } else {
            out.push_str(&format!("+ {}\n", b[j]));
            j += 1;
        }
    }
    out
}
