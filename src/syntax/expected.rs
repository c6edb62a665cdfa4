//! Explaining a line the grammar could not read: where it stops making sense, what was
//! expected there and what was found.

use pest::Parser as _;

use super::parser::{Rule, SchemaParser};
use crate::diagnostics::Span;

/// What went wrong in a bad line, ready for a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explained {
    /// The culprit: the token where the line stops making sense (or the whole line).
    pub span: Span,
    /// What the grammar would have accepted there, in words ("a type", "`(`").
    pub expected: String,
    /// What is there instead ("`:`", "end of line").
    pub found: String,
}

/// Re-parses `text` (one line, located at `line_span`) with a strict rule and translates pest's
/// deepest failure into words.
pub fn explain_bad_text(rule: Rule, text: &str, line_span: Span) -> Explained {
    pest::set_error_detail(true);
    let Err(error) = SchemaParser::parse(rule, text) else {
        // Parses alone but not in context (e.g. a member followed by `}` junk).
        return Explained {
            span: line_span,
            expected: "end of line".into(),
            found: format!("`{}`", text.trim()),
        };
    };
    let position = match error.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    };
    let mut expected: Vec<String> = Vec::new();
    if let Some(attempts) = error.parse_attempts() {
        for token in attempts.expected_tokens() {
            if let Some(words) = describe_token(&token.to_string()) {
                push_unique(&mut expected, words);
            }
        }
        for stack in attempts.call_stacks() {
            let rule = stack.parent.unwrap_or(stack.deepest.get_rule().copied().unwrap_or(Rule::EOI));
            if let Some(words) = describe_rule(rule) {
                push_unique(&mut expected, words);
            }
        }
    }
    if expected.is_empty() {
        expected.push("end of line".into());
    }
    let (found, width) = found_at(text, position);
    let start = line_span.start as usize + position;
    Explained {
        span: Span::new(line_span.file, start, start + width),
        expected: join_or(&expected),
        found,
    }
}

fn push_unique(list: &mut Vec<String>, words: String) {
    if !list.contains(&words) {
        list.push(words);
    }
}

fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    }
}

/// Words for a literal token pest expected.
fn describe_token(token: &str) -> Option<String> {
    match token {
        "/*" | "//" | "///" | " " | "\t" | "\n" | "\r\n" | "\r" => None,
        "@" => Some("an attribute".into()),
        "\"" | "r" | "#" => None,
        "-" => None,
        t => Some(format!("`{t}`")),
    }
}

/// Words for a rule pest was inside when it failed.
fn describe_rule(rule: Rule) -> Option<String> {
    let words = match rule {
        Rule::field_type => "a type",
        Rule::attribute | Rule::attr_name => "an attribute",
        Rule::block_attr_name | Rule::block_attribute => "an entity attribute",
        Rule::attr_arg | Rule::attr_args => "an argument",
        Rule::string | Rule::raw_string | Rule::int | Rule::float | Rule::bool => "a value",
        Rule::edge_to | Rule::edge_from | Rule::kw_to | Rule::kw_from => "`to` or `from`",
        Rule::cardinality | Rule::many | Rule::optional_mark => "`[]` or `?`",
        Rule::index_columns => "`(`",
        Rule::enum_values => "an enum value",
        Rule::kw_entity | Rule::kw_mixin => "`entity` or `mixin`",
        Rule::EOI => "end of line",
        _ => return None,
    };
    Some(words.to_string())
}

/// The token at `position` and its width in bytes (at least 1 unless at the end).
fn found_at(text: &str, position: usize) -> (String, usize) {
    let rest = &text[position.min(text.len())..];
    let Some(first) = rest.chars().next() else {
        return ("end of line".into(), 0);
    };
    let word_len = if first.is_alphanumeric() || first == '_' {
        rest.find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len())
    } else {
        first.len_utf8()
    };
    (format!("`{}`", &rest[..word_len]), word_len)
}
