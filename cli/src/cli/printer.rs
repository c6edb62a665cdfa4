//! Everything the CLI says goes through here: messages and diagnostics to stderr (coloured per
//! `--color` / `NO_COLOR`), results to stdout.

use std::io::{IsTerminal, Write};
use std::path::Path;

use crate::diagnostics::{ColorChoice, Diagnostics, SourceMap, render, summary};
use crate::graph::Graph;
use crate::schema_dir::{ParsedSchema, read_schema_dir};

pub struct Printer {
    color: ColorChoice,
    quiet: bool,
}

impl Printer {
    /// `force_color`: `Some` for `--color always|never`, `None` for auto.
    pub fn new(force_color: Option<bool>, quiet: bool) -> Printer {
        let color = match force_color {
            Some(true) => ColorChoice::Always,
            Some(false) => ColorChoice::Never,
            None => ColorChoice::auto(std::io::stderr().is_terminal()),
        };
        Printer { color, quiet }
    }

    /// Prints diagnostics in source order with the closing count; true when there were errors.
    pub fn diagnostics(&self, diagnostics: Diagnostics, sources: &SourceMap) -> bool {
        let errors = diagnostics.error_count();
        let warnings = diagnostics.iter().count() - errors;
        let mut stderr = std::io::stderr().lock();
        for diagnostic in diagnostics.into_sorted() {
            if self.quiet && !diagnostic.is_error() {
                continue;
            }
            let _ = writeln!(stderr, "{}", render(&diagnostic, sources, self.color));
        }
        if errors > 0 {
            let _ = write!(stderr, "{}", summary(errors, warnings, self.color));
        }
        errors > 0
    }

    /// A one-line error not tied to a schema position (runtime failures).
    pub fn error(&self, message: &str) {
        let label = if self.color == ColorChoice::Always {
            "\x1b[1;31merror\x1b[0m"
        } else {
            "error"
        };
        eprintln!("{label}: {message}");
    }

    /// An error, then each cause its message does not already include (`caused by: ..`), as
    /// cargo prints an error chain.
    pub fn error_chain(&self, error: &anyhow::Error) {
        let mut shown = error.to_string();
        self.error(&shown);
        for cause in error.chain().skip(1) {
            let text = cause.to_string();
            if !shown.contains(&text) {
                eprintln!("  caused by: {text}");
            }
            shown = text;
        }
    }

    /// Progress and outcome messages; silenced by `--quiet`.
    pub fn status(&self, message: &str) {
        if !self.quiet {
            eprintln!("{message}");
        }
    }

    /// A result on stdout.
    pub fn output(&self, text: &str) {
        let mut stdout = std::io::stdout().lock();
        let _ = stdout.write_all(text.as_bytes());
        let _ = stdout.flush();
    }

    /// Reads, parses and validates a schema directory, printing every diagnostic. `None` when
    /// any error was found (the caller exits with 1).
    pub fn load_graph(&self, dir: &Path) -> Option<(ParsedSchema, Graph)> {
        let mut diagnostics = Diagnostics::new();
        let parsed = read_schema_dir(dir, &mut diagnostics);
        // The graph runs even after syntax errors (bad lines are skipped), so one run reports
        // every mistake; it only yields a graph when nothing at all was wrong.
        let graph = if parsed.files.is_empty() {
            None
        } else {
            crate::graph::build(&parsed.files, &mut diagnostics)
        };
        let had_errors = self.diagnostics(diagnostics, &parsed.sources);
        match graph {
            Some(graph) if !had_errors => Some((parsed, graph)),
            _ => None,
        }
    }
}
