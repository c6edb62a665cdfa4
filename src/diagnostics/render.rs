//! rustc-style rendering: location, the source line, a caret under the culprit, help and notes.

use std::fmt::Write;

use super::diagnostic::{Diagnostic, Label, Severity};
use super::source::SourceMap;

/// Whether to colour the output (`--color auto|always|never`, `NO_COLOR`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorChoice {
    Always,
    Never,
}

impl ColorChoice {
    /// Resolves `auto` for a stream: colour only on a terminal and when `NO_COLOR` is unset or empty.
    pub fn auto(stream_is_terminal: bool) -> ColorChoice {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        if stream_is_terminal && !no_color {
            ColorChoice::Always
        } else {
            ColorChoice::Never
        }
    }
}

struct Style {
    color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
    fn severity(&self, severity: Severity, text: &str) -> String {
        match severity {
            Severity::Error => self.paint("1;31", text),
            Severity::Warning => self.paint("1;33", text),
        }
    }
    fn gutter(&self, text: &str) -> String {
        self.paint("1;34", text)
    }
    fn bold(&self, text: &str) -> String {
        self.paint("1", text)
    }
}

/// Renders one diagnostic to text (ends with a newline).
pub fn render(diagnostic: &Diagnostic, sources: &SourceMap, color: ColorChoice) -> String {
    let style = Style {
        color: color == ColorChoice::Always,
    };
    let mut out = String::new();
    let kind = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let _ = writeln!(
        out,
        "{}: {}",
        style.severity(diagnostic.severity, &format!("{kind}[{}]", diagnostic.code)),
        style.bold(&diagnostic.message)
    );
    let gutter_width = gutter_width(diagnostic, sources);
    let pad = " ".repeat(gutter_width);
    if let Some(label) = &diagnostic.primary {
        snippet(
            &mut out,
            label,
            sources,
            &style,
            gutter_width,
            "-->",
            diagnostic.severity,
        );
    } else if let Some(path) = &diagnostic.path {
        let _ = writeln!(out, "{pad}{} {}", style.gutter("-->"), path.display());
    }
    for label in &diagnostic.secondary {
        snippet(
            &mut out,
            label,
            sources,
            &style,
            gutter_width,
            ":::",
            Severity::Warning,
        );
    }
    if diagnostic.help.is_some() || !diagnostic.notes.is_empty() {
        if diagnostic.primary.is_some() || !diagnostic.secondary.is_empty() {
            let _ = writeln!(out, "{pad} {}", style.gutter("|"));
        }
        if let Some(help) = &diagnostic.help {
            let _ = writeln!(out, "{pad} {} {help}", style.gutter("= help:"));
        }
        for note in &diagnostic.notes {
            let _ = writeln!(out, "{pad} {} {note}", style.gutter("= note:"));
        }
    }
    out
}

fn gutter_width(diagnostic: &Diagnostic, sources: &SourceMap) -> usize {
    diagnostic
        .primary
        .iter()
        .chain(&diagnostic.secondary)
        .map(|l| sources.line_col(l.span).line.to_string().len())
        .max()
        .unwrap_or(1)
}

fn snippet(
    out: &mut String,
    label: &Label,
    sources: &SourceMap,
    style: &Style,
    gutter_width: usize,
    arrow: &str,
    severity: Severity,
) {
    let file = sources.file(label.span.file);
    let start = file.line_col(label.span.start as usize);
    let pad = " ".repeat(gutter_width);
    let _ = writeln!(
        out,
        "{pad}{} {}:{}:{}",
        style.gutter(arrow),
        file.path.display(),
        start.line,
        start.col
    );
    // Long lines (minified or generated files) are shown as a window around the culprit.
    let (line, start_col) = window(file.line_text(start.line), start.col);
    let line = line.as_str();
    let _ = writeln!(out, "{pad} {}", style.gutter("|"));
    let shown: String = line
        .chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect();
    let _ = writeln!(
        out,
        "{} {} {}",
        style.gutter(&format!("{:>gutter_width$}", start.line)),
        style.gutter("|"),
        shown
    );
    // The caret covers the span's part of its first line, at least one character.
    let line_chars = line.chars().count();
    let end = file.line_col(label.span.end as usize);
    let end_col = if end.line == start.line {
        (end.col + start_col)
            .saturating_sub(start.col)
            .min(line_chars + 1)
    } else {
        line_chars + 1
    };
    let width = end_col.saturating_sub(start_col).max(1);
    let carets = if severity == Severity::Error {
        "^"
    } else {
        "-"
    }
    .repeat(width);
    let marker = style.severity(severity, &format!("{carets} {}", label.message));
    let _ = writeln!(
        out,
        "{pad} {} {}{}",
        style.gutter("|"),
        " ".repeat(start_col - 1),
        marker.trim_end()
    );
}

/// Characters shown on either side of the culprit when a line is too long to print whole.
const WINDOW: usize = 60;

/// The part of `line` to print and the culprit's column within it.
fn window(line: &str, col: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= 2 * WINDOW {
        return (line.to_string(), col);
    }
    let from = col.saturating_sub(WINDOW + 1);
    let to = (col + WINDOW).min(chars.len());
    let mut shown: String = chars[from..to].iter().collect();
    let mut new_col = col - from;
    if from > 0 {
        shown.insert_str(0, "...");
        new_col += 3;
    }
    if to < chars.len() {
        shown.push_str("...");
    }
    (shown, new_col)
}

/// The closing line of a run: how many errors (and warnings) there were.
pub fn summary(errors: usize, warnings: usize, color: ColorChoice) -> String {
    let style = Style {
        color: color == ColorChoice::Always,
    };
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("1 {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    let mut text = format!("aborting due to {}", plural(errors, "error"));
    if warnings > 0 {
        text.push_str(&format!(" and {}", plural(warnings, "warning")));
    }
    format!(
        "{}: {}\n",
        style.severity(Severity::Error, "error"),
        style.bold(&text)
    )
}
