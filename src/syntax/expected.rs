//! Explaining a line the grammar could not read: where it stops making sense, what was
//! expected there and what was found.

use pest::Parser as _;

use super::strict::{Rule, SchemaParser};
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
    let rule = narrowed(rule, text);
    if rule == Rule::edge_strict
        && let Some(explained) = edge_without_name(text, line_span)
    {
        return explained;
    }
    pest::set_error_detail(true);
    let Err(error) = SchemaParser::parse(rule, text) else {
        // Parses alone but not in context (e.g. a member followed by `}` junk).
        return Explained {
            span: line_span,
            expected: "end of line".into(),
            found: format!("`{}`", text.trim()),
        };
    };
    let mut position = match error.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    };
    let at_word_end = text[..position]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
    let mut expected: Vec<String> = Vec::new();
    if let Some(attempts) = error.parse_attempts() {
        for token in attempts.expected_tokens() {
            let token = token.to_string();
            let words = if continues_a_name(&token) {
                // Continuing the word just typed is never what the user meant.
                if at_word_end {
                    continue;
                }
                Some(slot_words(text, position).to_string())
            } else {
                describe_token(&token)
            };
            if let Some(words) = words {
                push_unique(&mut expected, words);
            }
        }
    }
    if text[position..].starts_with(|c: char| !c.is_ascii() && c.is_alphabetic()) {
        // `Pét`: the name is the culprit, not its first non-ASCII letter.
        position = word_start(text, position);
        expected = vec![slot_words(text, position).to_string()];
    }
    let at_member_start = text[..position].trim().is_empty();
    // (An `@` followed by a name is a whole attribute: what was expected is something before it,
    // like the type in `email @unique`.)
    let name_follows = text[position..]
        .strip_prefix('@')
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_'));
    if text[position..].starts_with('@') && !at_member_start && !name_follows {
        // `@` with no name after it: what follows the `@` is the culprit.
        expected = vec!["an attribute name after `@`".into()];
        position += 1;
    }
    if after_plain_type(text, position) {
        // Only `enum` takes `(values)`.
        expected.retain(|w| w != "`(`");
    }
    if after_integer(text, position) {
        // `10.5` could go on, but a missing `)` is the likelier mistake.
        expected.retain(|w| w != "`.`");
    }
    if expected.is_empty() {
        expected.push(slot_words(text, position).to_string());
    }
    // Words ("a field name") before tokens ("`edge`"): the likeliest intent first.
    expected.sort_by_key(|w| w.starts_with('`'));
    let (found, width) = found_at(text, position);
    let start = line_span.start as usize + position;
    Explained {
        span: Span::new(line_span.file, start, start + width),
        expected: join_or(&expected),
        found,
    }
}

/// A member line led by a keyword is explained as that member alone.
fn narrowed(rule: Rule, text: &str) -> Rule {
    if rule != Rule::member_strict {
        return rule;
    }
    let first = text.trim_start();
    let word_end = first
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(first.len());
    let followed_by_more = !first[word_end..].trim().is_empty();
    match &first[..word_end] {
        "edge" if followed_by_more => Rule::edge_strict,
        "index" if first[word_end..].trim_start().starts_with('(') => Rule::index_strict,
        "use" if followed_by_more => Rule::use_strict,
        _ => rule,
    }
}

/// `edge to Pet`: the name is missing, not the direction.
fn edge_without_name(text: &str, line_span: Span) -> Option<Explained> {
    let words: Vec<(usize, &str)> = words_with_offsets(text).take(3).collect();
    let [_, (offset, direction), _] = words.as_slice() else {
        return None;
    };
    if !matches!(*direction, "to" | "from") {
        return None;
    }
    let start = line_span.start as usize + offset;
    Some(Explained {
        span: Span::new(line_span.file, start, start + direction.len()),
        expected: "an edge name".into(),
        found: format!("`{direction}`"),
    })
}

/// The words of a line (names and keywords) with their byte offsets.
fn words_with_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(move |w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
}

/// Whether `position` directly follows the type of a field line, and that type is not `enum`.
fn after_plain_type(text: &str, position: usize) -> bool {
    let words: Vec<&str> = words_with_offsets(&text[..position])
        .map(|(_, w)| w)
        .collect();
    match words.as_slice() {
        [first, ty] => !matches!(*first, "edge" | "index" | "use") && *ty != "enum",
        _ => false,
    }
}

/// The start of the name that `position` is in (ASCII letters, digits and `_` before it).
fn word_start(text: &str, position: usize) -> usize {
    text[..position]
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .map_or(0, |i| i + 1)
}

/// Whether an integer literal ends right at `position`.
fn after_integer(text: &str, position: usize) -> bool {
    words_with_offsets(&text[..position])
        .last()
        .is_some_and(|(offset, word)| {
            offset + word.len() == position && word.bytes().all(|b| b.is_ascii_digit())
        })
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

/// Tokens that only say "an identifier could go on here".
fn continues_a_name(token: &str) -> bool {
    // The grammar spells `_` both as a string and as the range `'_'..'_'`.
    matches!(token, "a..z" | "A..Z" | "0..9" | "_" | "_.._")
}

/// Words for a literal token pest expected.
fn describe_token(token: &str) -> Option<String> {
    match token {
        // Trivia: comments (all start with `/`) and whitespace, as strings or ranges.
        "/" | "/*" | "//" | "///" | " " | "\t" | " .. " | "\t..\t" | "\n" | "\r\n" | "\r" => None,
        "@" => Some("an attribute".into()),
        "true" | "false" | "\"" | "r" | "r\"" | "r#" | "-" => Some("a value".into()),
        "#" => None,
        t => Some(format!("`{t}`")),
    }
}

/// What kind of name belongs at `position` of a member line, judged from the words before it:
/// `name type`, `edge name to|from Target[.ref]`, `use Mixin`, `index (fields)`, `@attr(values)`.
fn slot_words(text: &str, position: usize) -> &'static str {
    let before = &text[..position];
    if let Some(at) = before.rfind('@') {
        if before[at..].contains('(') && !before[at..].contains(')') {
            return "a value";
        }
        if !before[at..].contains(' ') {
            return "an attribute name";
        }
    }
    let words: Vec<&str> = before
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    match (words.first().copied(), words.len()) {
        (Some("edge"), 1) => "an edge name",
        (Some("edge"), 2) => "`to` or `from`",
        (Some("edge"), 3) => "an entity name",
        (Some("edge"), _) => "an edge name",
        (Some("use"), _) => "a mixin name",
        (Some("index"), _) => "a field name",
        (Some("entity" | "mixin"), _) => "a name",
        (None, _) => "a field name",
        (Some(_), 1) => "a type",
        (Some(_), _) => "a name",
    }
}

/// The token at `position` and its width in bytes (at least 1 unless at the end).
fn found_at(text: &str, position: usize) -> (String, usize) {
    let rest = &text[position.min(text.len())..];
    let Some(first) = rest.chars().next() else {
        return ("end of line".into(), 0);
    };
    if first == ' ' || first == '\t' {
        return ("a blank".into(), 1);
    }
    if first == '"' {
        // A quoted word: show it whole (`"title"`).
        let len = rest[1..].find('"').map_or(rest.len(), |i| i + 2);
        return (format!("`{}`", &rest[..len]), len);
    }
    let word_len = if first.is_alphanumeric() || first == '_' {
        rest.find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len())
    } else {
        first.len_utf8()
    };
    (format!("`{}`", &rest[..word_len]), word_len)
}
