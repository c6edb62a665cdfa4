//! Reading attribute arguments, with one diagnostic per misuse. Passes ask for the shape they
//! need (`one_string`, `idents`, ...) and get `None` after the problem has been reported.

use crate::diagnostics::{Diagnostics, closest, messages};
use crate::syntax::ast::{Arg, Attribute, Ident, LiteralKind};

/// Attributes that may be given more than once (`@@check(a, "...")`, `@@check(b, "...")`;
/// `@match`, as ent's `Match` may be called several times: a value must match every pattern).
const REPEATABLE: &[&str] = &["check", "match"];

/// Reports attributes not in `known` (with a suggestion) and attributes given twice.
/// Returns the attributes that are known, first occurrence only (every occurrence of a
/// [`REPEATABLE`] one).
///
/// An attribute repeated many times is one mistake: it gets one diagnostic, at its second
/// occurrence, that counts the others (one per repetition would print the line again each time).
pub fn known_attributes<'a>(
    attributes: &'a [Attribute],
    known: &[&str],
    on_what: &str,
    diagnostics: &mut Diagnostics,
) -> Vec<&'a Attribute> {
    let mut seen: Vec<&Attribute> = Vec::new();
    // Per attribute name given more than once: its first occurrence, the second, and how many.
    let mut repeated: Vec<(&Attribute, &Attribute, usize)> = Vec::new();
    for attribute in attributes {
        let name = attribute.name.name.as_str();
        if !known.contains(&name) {
            let suggestion = closest(name, known.iter().copied());
            diagnostics.push(messages::unknown_attribute(attribute, on_what, suggestion));
        } else if REPEATABLE.contains(&name) {
            seen.push(attribute);
        } else if let Some(entry) = repeated.iter_mut().find(|(f, _, _)| f.name.name == name) {
            entry.2 += 1;
        } else if let Some(first) = seen.iter().find(|a| a.name.name == name) {
            repeated.push((first, attribute, 1));
        } else {
            seen.push(attribute);
        }
    }
    for (first, again, times) in repeated {
        diagnostics.push(messages::duplicate_attribute(again, first.name.span, times));
    }
    seen
}

/// Flags, like `@unique`: no arguments.
pub fn no_args(attribute: &Attribute, diagnostics: &mut Diagnostics) {
    if attribute.args.is_some() {
        diagnostics.push(messages::unexpected_arguments(attribute));
    }
}

/// Exactly `n` arguments, none of them named.
pub fn positional<'a>(
    attribute: &'a Attribute,
    n: usize,
    diagnostics: &mut Diagnostics,
) -> Option<&'a [Arg]> {
    let args = attribute.args();
    if args.len() != n {
        diagnostics.push(messages::wrong_argument_count(attribute, n));
        return None;
    }
    if let Some(key) = args.iter().find_map(|a| a.key.as_ref()) {
        diagnostics.push(messages::unexpected_argument_key(key, attribute));
        return None;
    }
    Some(args)
}

pub fn one_string(attribute: &Attribute, diagnostics: &mut Diagnostics) -> Option<String> {
    let args = positional(attribute, 1, diagnostics)?;
    string_arg(&args[0], attribute, diagnostics)
}

/// `@comment("...")`: the text becomes doc comments and SQL comments, where a carriage return
/// (Rust refuses a bare one in a doc comment) or a NUL (PostgreSQL refuses it) cannot go.
pub fn comment(attribute: &Attribute, diagnostics: &mut Diagnostics) -> Option<String> {
    let args = positional(attribute, 1, diagnostics)?;
    let text = string_arg(&args[0], attribute, diagnostics)?;
    if text.contains(['\r', '\0']) {
        diagnostics.push(messages::comment_with_carriage_return(&args[0]));
        return None;
    }
    Some(text)
}

pub fn string_arg(
    arg: &Arg,
    attribute: &Attribute,
    diagnostics: &mut Diagnostics,
) -> Option<String> {
    match &arg.value.kind {
        LiteralKind::String(s) => Some(s.clone()),
        other => {
            diagnostics.push(messages::wrong_argument_type(
                arg, attribute, "a string", other,
            ));
            None
        }
    }
}

/// An optional single string: `@deprecated` or `@deprecated("reason")`.
pub fn optional_string(
    attribute: &Attribute,
    diagnostics: &mut Diagnostics,
) -> Option<Option<String>> {
    match attribute.args() {
        [] => Some(None),
        _ => one_string(attribute, diagnostics).map(Some),
    }
}

/// A non-negative integer such as a length.
pub fn one_size(attribute: &Attribute, diagnostics: &mut Diagnostics) -> Option<u64> {
    let args = positional(attribute, 1, diagnostics)?;
    match args[0].value.kind {
        LiteralKind::Int(n) if n >= 0 && n <= i128::from(u32::MAX) => Some(n as u64),
        LiteralKind::Int(_) => {
            diagnostics.push(messages::size_out_of_range(&args[0], attribute));
            None
        }
        ref other => {
            diagnostics.push(messages::wrong_argument_type(
                &args[0],
                attribute,
                "an integer",
                other,
            ));
            None
        }
    }
}

/// A number: integer or float.
pub fn number_arg(arg: &Arg, attribute: &Attribute, diagnostics: &mut Diagnostics) -> Option<f64> {
    match arg.value.kind {
        LiteralKind::Int(n) => Some(n as f64),
        LiteralKind::Float(f) if f.is_finite() => Some(f),
        ref other => {
            diagnostics.push(messages::wrong_argument_type(
                arg, attribute, "a number", other,
            ));
            None
        }
    }
}

/// Bare names: `@edges(owner, kind)`, `@desc(a, b)`.
pub fn idents(attribute: &Attribute, diagnostics: &mut Diagnostics) -> Vec<Ident> {
    attribute
        .args()
        .iter()
        .filter_map(|arg| ident_arg(arg, attribute, diagnostics))
        .collect()
}

pub fn ident_arg(arg: &Arg, attribute: &Attribute, diagnostics: &mut Diagnostics) -> Option<Ident> {
    match &arg.value.kind {
        LiteralKind::Ident(name) if arg.key.is_none() => Some(Ident {
            name: name.clone(),
            span: arg.value.span,
        }),
        other => {
            diagnostics.push(messages::wrong_argument_type(
                arg, attribute, "a name", other,
            ));
            None
        }
    }
}

pub fn one_ident(attribute: &Attribute, diagnostics: &mut Diagnostics) -> Option<Ident> {
    let args = positional(attribute, 1, diagnostics)?;
    ident_arg(&args[0], attribute, diagnostics)
}

/// Several strings: `@columns("a", "b")`.
pub fn strings(
    attribute: &Attribute,
    n: usize,
    diagnostics: &mut Diagnostics,
) -> Option<Vec<String>> {
    let args = positional(attribute, n, diagnostics)?;
    args.iter()
        .map(|a| string_arg(a, attribute, diagnostics))
        .collect()
}
