//! How the `entgen` binary reports diagnostics: exit codes, colour choices, and that it prints
//! exactly what the snapshots in `tests/diagnostics/expected/` show.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/diagnostics/cases")
}

/// Runs `entgen` in the cases directory with `NO_COLOR` unset unless given.
fn entgen(args: &[&str], no_color: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_entgen"));
    command.args(args).current_dir(cases_dir());
    command.env_remove("NO_COLOR");
    if let Some(value) = no_color {
        command.env("NO_COLOR", value);
    }
    command.output().expect("run entgen")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn has_ansi(text: &str) -> bool {
    text.contains("\x1b[")
}

#[test]
fn invalid_input_exits_1_with_every_error_and_the_count() {
    let output = entgen(&["describe", "many_errors_one_file"], Some("1"));
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stderr(&output);
    for code in ["E0301", "E0102", "E0310", "E0401", "E0503"] {
        assert!(
            text.contains(&format!("error[{code}]")),
            "{code} missing:\n{text}"
        );
    }
    assert!(
        text.ends_with("error: aborting due to 5 errors\n"),
        "{text}"
    );
    assert!(
        output.stdout.is_empty(),
        "nothing is described for an invalid schema"
    );
}

#[test]
fn the_cli_prints_what_the_snapshot_shows() {
    let case = "many_errors_one_file";
    let output = entgen(&["describe", "--color", "never", case], None);
    let expected_path = cases_dir().join(format!("../expected/{case}.txt"));
    let expected = std::fs::read_to_string(expected_path).expect("snapshot exists");
    let shown = stderr(&output).replace(&format!("{case}{}", std::path::MAIN_SEPARATOR), "");
    assert_eq!(shown, expected);
}

#[test]
fn a_missing_directory_is_invalid_input() {
    let output = entgen(&["describe", "no/such/dir"], Some("1"));
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("error[E0001]"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_valid_schema_exits_0_without_diagnostics() {
    let blog = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas/blog");
    let output = entgen(&["describe", blog.to_str().unwrap()], Some("1"));
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!stderr(&output).contains("error"), "{}", stderr(&output));
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["describe", "--no-such-flag"][..],
        &["no-such-command"],
        &["describe", "--color", "sometimes", "unknown_type"],
        &[],
    ] {
        let output = entgen(args, Some("1"));
        assert_eq!(
            output.status.code(),
            Some(2),
            "entgen {args:?}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn color_always_paints_diagnostics() {
    let output = entgen(
        &["describe", "--color", "always", "unknown_type"],
        Some("1"),
    );
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert!(has_ansi(&text), "no ANSI codes:\n{text}");
    assert!(text.contains("\x1b[1;31merror[E0301]\x1b[0m"), "{text:?}");
}

#[test]
fn no_color_or_never_prints_plain_text() {
    let runs = [
        entgen(&["describe", "--color", "auto", "unknown_type"], Some("1")),
        entgen(&["describe", "unknown_type"], Some("1")),
        entgen(&["describe", "--color", "never", "unknown_type"], None),
        // Not a terminal: `auto` stays plain even without NO_COLOR.
        entgen(&["describe", "--color", "auto", "unknown_type"], None),
    ];
    for output in runs {
        assert_eq!(output.status.code(), Some(1));
        let text = stderr(&output);
        assert!(text.contains("error[E0301]"), "{text}");
        assert!(!has_ansi(&text), "ANSI codes in:\n{text:?}");
    }
}
