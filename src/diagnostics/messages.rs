//! Every message entgen reports about a schema, with its stable code.
//!
//! Codes are grouped by stage and never reused:
//! - `E00xx` reading files and directories
//! - `E01xx` syntax
//! - `E02xx` declarations and names (entities, mixins, duplicates, casing)
//! - `E03xx` fields: types, attributes, defaults, validators
//! - `E04xx` edges and relations
//! - `E05xx` indexes and entity attributes
//! - `E06xx` storage names (tables, columns, symbols)

use std::path::Path;

use super::diagnostic::Diagnostic;
use super::span::Span;
use crate::graph::FieldType;
use crate::syntax::Explained;
use crate::syntax::ast::{Arg, Attribute, Block, BlockKind, Edge, EnumValue, Ident, LiteralKind};

/// An attribute as written: `@unique`, or `@@table` for an entity attribute.
fn written(attribute: &Attribute) -> String {
    let at_signs = (attribute.name.span.start - attribute.span.start) as usize;
    format!(
        "{}{}",
        "@".repeat(at_signs.clamp(1, 2)),
        attribute.name.name
    )
}

/// "a" or "an" before a field type's name (`an int`, `a uint`, `an enum`).
fn a_type(ty: &FieldType) -> String {
    let name = ty.base_name();
    let article = if name.starts_with(['i', 'e']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {name}")
}

/// What a literal is, for "found ...": names are quoted as written (`found `today``).
fn found_literal(kind: &LiteralKind) -> String {
    match kind {
        LiteralKind::Ident(name) => format!("`{name}`"),
        other => other.describe().to_string(),
    }
}

// ---------------------------------------------------------------- E00xx: files

pub fn schema_dir_missing(path: &Path) -> Diagnostic {
    Diagnostic::error(
        "E0001",
        format!("schema directory `{}` does not exist", path.display()),
    )
    .in_path(path)
    .help("pass the directory that holds your .schema files, or create one with `entgen new`")
}

pub fn schema_dir_not_a_directory(path: &Path) -> Diagnostic {
    Diagnostic::error("E0002", format!("`{}` is not a directory", path.display()))
        .in_path(path)
        .help("entgen reads every .schema file of a directory; pass the directory")
}

pub fn no_schema_files(path: &Path) -> Diagnostic {
    Diagnostic::error("E0003", format!("no .schema files in `{}`", path.display()))
        .in_path(path)
        .help("create one with `entgen new User`")
}

pub fn not_utf8(path: &Path, line: usize, col: usize) -> Diagnostic {
    Diagnostic::error(
        "E0004",
        format!(
            "`{}` is not valid UTF-8 (first invalid byte at line {line}, column {col})",
            path.display()
        ),
    )
    .in_path(path)
    .help("save the file as UTF-8")
}

pub fn unreadable(path: &Path, error: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        "E0005",
        format!("cannot read `{}`: {error}", path.display()),
    )
    .in_path(path)
}

// ---------------------------------------------------------------- E01xx: syntax

pub fn unparsable_file(span: Span) -> Diagnostic {
    Diagnostic::error("E0100", "the parser gave up on this file").at(span, "stopped here")
}

pub fn expected_block(explained: Explained) -> Diagnostic {
    let help = if explained.expected == "`{`" {
        "the `{` goes on the line of the name: `entity User {`"
    } else {
        "a schema file holds `entity Name { ... }` and `mixin Name { ... }` blocks"
    };
    Diagnostic::error(
        "E0101",
        format!("expected {}, found {}", explained.expected, explained.found),
    )
    .at(explained.span, format!("expected {}", explained.expected))
    .help(help)
}

pub fn invalid_member(explained: Explained) -> Diagnostic {
    let hint = member_hint(&explained);
    let diagnostic = Diagnostic::error(
        "E0102",
        format!("expected {}, found {}", explained.expected, explained.found),
    )
    .at(explained.span, format!("expected {}", explained.expected));
    match hint {
        Some(hint) => diagnostic.help(hint),
        None => diagnostic,
    }
}

/// Habits from other schema languages that deserve a targeted hint.
fn member_hint(explained: &Explained) -> Option<&'static str> {
    let found = explained.found.as_str();
    let expected = explained.expected.as_str();
    let in_parentheses = expected.contains("`)`") || expected.contains("a value");
    match found {
        "`:`" => return Some("fields are written `name type`, without a colon"),
        "`;`" => return Some("write one member per line, without separators"),
        "`,`" if !in_parentheses => {
            return Some("write one member per line, without separators");
        }
        "`=`" => return Some("defaults are written `@default(value)`"),
        _ => {}
    }
    if expected == "`.`" {
        return Some("an inverse edge names the edge it mirrors: `edge owner from User.pets`");
    }
    if found.starts_with("`\"") && expected.contains("name") {
        return Some("names are written without quotes");
    }
    if found.starts_with("`@") && !found.starts_with("`@@") && explained.expected.contains("`@@`") {
        return Some("entity attributes are written with two `@`: `@@table(\"...\")`");
    }
    if !found.is_ascii() && found.chars().any(char::is_alphabetic) {
        return Some("names are ASCII: letters, digits and `_`");
    }
    None
}

pub fn invalid_block_name(kind: BlockKind, text: &str, span: Span) -> Diagnostic {
    let keyword = kind.keyword();
    if text.is_empty() {
        return Diagnostic::error("E0103", format!("expected a name after `{keyword}`"))
            .at(span, "expected a name");
    }
    let diagnostic = Diagnostic::error("E0103", format!("`{text}` is not a valid {keyword} name"))
        .at(span, "expected an UpperCamel name");
    match crate::naming::to_upper_camel_suggestion(text) {
        Some(suggestion) => diagnostic.help(format!("did you mean `{suggestion}`?")),
        None => diagnostic.help(format!(
            "{keyword} names are UpperCamel, like `UserProfile`"
        )),
    }
}

pub fn unclosed_block(kind: BlockKind, name: &Ident) -> Diagnostic {
    Diagnostic::error(
        "E0104",
        format!("{} `{}` has no closing `}}`", kind.keyword(), name.name),
    )
    .at(name.span, "this block is never closed")
    .help("add `}` after its last member")
}

pub fn unclosed_block_comment(span: Span) -> Diagnostic {
    Diagnostic::error("E0105", "unterminated block comment")
        .at(span, "this comment is never closed")
        .help("close it with `*/` (block comments do not nest)")
}

pub fn unclosed_string(span: Span) -> Diagnostic {
    Diagnostic::error("E0106", "unterminated string")
        .at(span, "this string has no closing quote")
        .help("strings are single-line; close it with `\"`")
}

pub fn unknown_escape(span: Span, escape: char) -> Diagnostic {
    Diagnostic::error("E0107", format!("unknown escape `\\{escape}` in string"))
        .at(span, "unknown escape")
        .help(format!(
            "escapes are \\\" \\\\ \\n \\t \\r \\u{{...}}; for regular expressions use a raw string: r\"...\\{escape}...\""
        ))
}

pub fn invalid_unicode_escape(span: Span) -> Diagnostic {
    Diagnostic::error("E0108", "invalid unicode escape").at(
        span,
        "expected `\\u{...}` with 1 to 6 hex digits naming a character",
    )
}

pub fn integer_out_of_range(span: Span) -> Diagnostic {
    Diagnostic::error("E0109", "integer literal out of range").at(span, "too large")
}

pub fn doc_comment_documents_nothing(span: Span) -> Diagnostic {
    Diagnostic::error("E0110", "doc comment documents nothing")
        .at(span, "nothing follows this doc comment")
        .help("use `//` for a plain comment")
}

pub fn doc_comment_not_allowed(span: Span, what: &str) -> Diagnostic {
    Diagnostic::error("E0111", format!("doc comments cannot document {what}"))
        .at(span, "not allowed here")
        .help("use `//` for a plain comment")
}

// ---------------------------------------------------------------- E02xx: declarations and names

pub fn duplicate_declaration(later: &Block, first: &Block) -> Diagnostic {
    Diagnostic::error("E0201", format!("`{}` is declared twice", later.name.name))
        .at(
            later.name.span,
            format!(
                "{} `{}` declared again here",
                later.kind.keyword(),
                later.name.name
            ),
        )
        .also_at(
            first.name.span,
            format!(
                "first declared here as {} `{}`",
                first.kind.keyword(),
                first.name.name
            ),
        )
        .help("entity and mixin names share one namespace across all files; rename one of them")
}

pub fn block_name_not_upper_camel(
    kind: BlockKind,
    name: &Ident,
    suggestion: Option<String>,
) -> Diagnostic {
    let diagnostic = Diagnostic::error(
        "E0202",
        format!("{} name `{}` is not UpperCamel", kind.keyword(), name.name),
    )
    .at(name.span, "expected a name like `UserProfile`");
    match suggestion {
        Some(s) => diagnostic.help(format!("did you mean `{s}`?")),
        None => diagnostic,
    }
}

pub fn reserved_entity_name(name: &Ident) -> Diagnostic {
    Diagnostic::error(
        "E0203",
        format!("`{}` cannot name an entity: it collides with a name the generated code or Rust's prelude uses", name.name),
    )
    .at(name.span, "reserved name")
    .help(format!(
        "pick another name, e.g. `{}Entity`, and keep the table with `@@table(\"{}\")`",
        name.name,
        crate::naming::table_name(&name.name)
    ))
}

pub fn member_name_not_snake(name: &Ident, what: &str, suggestion: Option<String>) -> Diagnostic {
    let diagnostic = Diagnostic::error(
        "E0204",
        format!("{what} name `{}` is not snake_case", name.name),
    )
    .at(name.span, "expected a name like `created_at`");
    match suggestion {
        Some(s) => diagnostic.help(format!("did you mean `{s}`?")),
        None => diagnostic,
    }
}

pub fn keyword_as_field_name(name: &Ident) -> Diagnostic {
    Diagnostic::error(
        "E0205",
        format!("`{}` is a keyword and cannot name a field", name.name),
    )
    .at(name.span, "keyword")
    .help(format!(
        "name the field e.g. `data_{0}` and keep the column with `@column(\"{0}\")`",
        name.name
    ))
}

pub fn unknown_mixin(name: &Ident, suggestion: Option<&str>) -> Diagnostic {
    Diagnostic::error("E0206", format!("unknown mixin `{}`", name.name))
        .at(name.span, "no mixin has this name")
        .did_you_mean(suggestion)
}

pub fn use_of_entity(name: &Ident) -> Diagnostic {
    Diagnostic::error(
        "E0207",
        format!("`{}` is an entity, not a mixin", name.name),
    )
    .at(name.span, "`use` takes a mixin")
    .help("declare the shared members in `mixin Name { ... }` and `use` that")
}

pub fn mixin_used_twice(name: &Ident) -> Diagnostic {
    Diagnostic::error("E0208", format!("mixin `{}` is used twice", name.name))
        .at(name.span, "used again here")
}

/// `stack`: the entity, then the mixins being expanded; the cycle is shown from the mixin that
/// closes it (the same for every entity that uses it, so it is reported once).
pub fn mixin_cycle(name: &Ident, stack: &[&str]) -> Diagnostic {
    let from = stack.iter().position(|m| *m == name.name).unwrap_or(0);
    Diagnostic::error(
        "E0209",
        format!(
            "mixin `{}` uses itself: {} -> {}",
            name.name,
            stack[from..].join(" -> "),
            name.name
        ),
    )
    .at(name.span, "cycle closes here")
}

/// A name written twice is reported at the later place (files in sorted path order, then
/// position), whichever the passes met first (a mixin's members are expanded first).
fn later_first(a: Span, b: Span) -> (Span, Span) {
    if a >= b { (a, b) } else { (b, a) }
}

pub fn duplicate_member(name: &Ident, what: &str, first: Span) -> Diagnostic {
    let (again, first) = later_first(name.span, first);
    Diagnostic::error("E0210", format!("{what} `{}` is declared twice", name.name))
        .at(again, "declared again here")
        .also_at(first, "first declared here")
}

pub fn edge_and_field_share_name(name: &Ident, field: Span) -> Diagnostic {
    let diagnostic = Diagnostic::error(
        "E0211",
        format!("a field and an edge are both named `{}`", name.name),
    );
    let diagnostic = if field > name.span {
        diagnostic
            .at(field, "field declared here")
            .also_at(name.span, "edge declared here")
    } else {
        diagnostic
            .at(name.span, "edge declared here")
            .also_at(field, "field declared here")
    };
    diagnostic.help("rename the edge, e.g. use the field for the FK column with `@field(...)`")
}

pub fn unknown_attribute(
    attribute: &Attribute,
    on_what: &str,
    suggestion: Option<&str>,
) -> Diagnostic {
    Diagnostic::error(
        "E0212",
        format!("unknown attribute `{}` on {on_what}", written(attribute)),
    )
    .at(attribute.name.span, "unknown attribute")
    .did_you_mean(suggestion)
}

/// `again` is the second occurrence; `repeats` counts every occurrence after the first.
pub fn duplicate_attribute(again: &Attribute, first: Span, repeats: usize) -> Diagnostic {
    let title = match repeats {
        1 => format!("attribute `{}` is given twice", written(again)),
        n => format!("attribute `{}` is given {} times", written(again), n + 1),
    };
    let diagnostic = Diagnostic::error("E0213", title)
        .at(again.name.span, "given again here")
        .also_at(first, "first given here");
    match repeats {
        1 => diagnostic,
        n => diagnostic.note(format!("and {} more times after this one", n - 1)),
    }
}

pub fn unexpected_arguments(attribute: &Attribute) -> Diagnostic {
    Diagnostic::error(
        "E0214",
        format!("`{}` takes no arguments", written(attribute)),
    )
    .at(attribute.span, "remove the parentheses")
}

pub fn wrong_argument_count(attribute: &Attribute, n: usize) -> Diagnostic {
    let expected = match n {
        1 => "one argument".to_string(),
        2 => "two arguments".to_string(),
        n => format!("{n} arguments"),
    };
    Diagnostic::error(
        "E0215",
        format!(
            "`{}` takes {expected}, found {}",
            written(attribute),
            attribute.args().len()
        ),
    )
    .at(attribute.span, format!("expected {expected}"))
}

pub fn unexpected_argument_key(key: &Ident, attribute: &Attribute) -> Diagnostic {
    Diagnostic::error(
        "E0216",
        format!("`{}` takes no named arguments", written(attribute)),
    )
    .at(key.span, "remove `{key}:`".replace("{key}", &key.name))
}

pub fn wrong_argument_type(
    arg: &Arg,
    attribute: &Attribute,
    expected: &str,
    found: &LiteralKind,
) -> Diagnostic {
    Diagnostic::error(
        "E0217",
        format!(
            "`{}` expects {expected}, found {}",
            written(attribute),
            found_literal(found)
        ),
    )
    .at(arg.value.span, format!("expected {expected}"))
}

pub fn doc_and_comment(attribute: &Attribute, doc: Span) -> Diagnostic {
    Diagnostic::error("E0218", "both a doc comment and a `@comment`")
        .at(attribute.span, "comment given here")
        .also_at(doc, "and documented here")
        .help("keep one of them")
}

pub fn table_in_mixin(attribute: &Attribute) -> Diagnostic {
    Diagnostic::error(
        "E0219",
        format!("`@@{}` cannot be used in a mixin", attribute.name.name),
    )
    .at(attribute.span, "entity-only attribute")
}

/// Two members whose generated methods (or struct fields) would have the same name: the client
/// would not compile. `name` is the generated name, `what` says what makes it.
pub fn generated_name_clash(
    what: &str,
    name: &str,
    later: (Span, String),
    first: (Span, String),
    help: &str,
) -> Diagnostic {
    Diagnostic::error(
        "E0220",
        format!("two {what} would generate the same name `{name}` in the client"),
    )
    .at(later.0, later.1)
    .also_at(first.0, first.1)
    .help(help.to_owned())
}

/// An entity whose accessor on the generated client would be one of the client's own methods.
pub fn accessor_taken(
    entity: &str,
    span: Span,
    accessor: &str,
    method: &str,
    table: &str,
) -> Diagnostic {
    Diagnostic::error(
        "E0220",
        format!(
            "the entity `{entity}` cannot have its accessor `{accessor}()`: the generated `{method}` has that name"
        ),
    )
    .at(span, "entity declared here")
    .help(format!(
        "rename the entity, e.g. `{entity}Entity`, and keep its table with `@@table(\"{table}\")`"
    ))
}

/// A field named like a member the generated entity struct already has.
/// An edge whose accessor on the entity would hide a trait method (`user.clone()`).
pub fn shadowing_edge_name(edge: &str, span: Span, method: &str) -> Diagnostic {
    Diagnostic::error(
        "E0220",
        format!(
            "an edge cannot be named `{edge}`: its accessor would hide `{method}` on the entity"
        ),
    )
    .at(span, format!("`entity.{edge}()` would return the edge"))
    .help("rename the edge (and the `.ref` of its inverse edge, if it has one)")
}

pub fn reserved_member_name(field: &str, span: Span, why: &str) -> Diagnostic {
    Diagnostic::error("E0220", format!("a field cannot be named `{field}`: {why}"))
        .at(span, "reserved in the generated struct")
        .help("rename the field; `@column(\"...\")` keeps the column name if it must stay")
}

// ---------------------------------------------------------------- E03xx: fields

pub fn unknown_type(name: &Ident, suggestion: Option<&str>) -> Diagnostic {
    Diagnostic::error("E0301", format!("unknown type \"{}\"", name.name))
        .at(name.span, "expected a field type")
        .did_you_mean(suggestion)
        .note("types: bool, int, int8..int64, uint, uint8..uint64, float, float32, string, text, bytes, time, uuid, json, enum(...)")
}

pub fn enum_without_values(name: &Ident) -> Diagnostic {
    Diagnostic::error("E0302", "an enum needs at least one value")
        .at(name.span, "no values")
        .help("write the values in parentheses: `enum(draft, published)`")
}

pub fn values_on_non_enum(name: &Ident) -> Diagnostic {
    Diagnostic::error("E0303", format!("type `{}` takes no values", name.name))
        .at(name.span, "only `enum(...)` takes values")
}

pub fn duplicate_enum_value(value: &EnumValue, first: Span) -> Diagnostic {
    Diagnostic::error(
        "E0305",
        format!("enum value \"{}\" is listed twice", value.value),
    )
    .at(value.span, "listed again here")
    .also_at(first, "first listed here")
}

pub fn enum_variant_collision(
    value: &EnumValue,
    other: &str,
    variant: &str,
    first: Span,
) -> Diagnostic {
    Diagnostic::error(
        "E0306",
        format!(
            "enum values \"{other}\" and \"{}\" both become the Rust variant `{variant}`",
            value.value
        ),
    )
    .at(value.span, format!("becomes `{variant}`"))
    .also_at(first, format!("also becomes `{variant}`"))
}

pub fn attribute_does_not_fit_type(
    attribute: &Attribute,
    ty: &FieldType,
    fits: &str,
) -> Diagnostic {
    Diagnostic::error(
        "E0307",
        format!(
            "`{}` does not apply to {} field",
            written(attribute),
            a_type(ty)
        ),
    )
    .at(attribute.span, format!("only for {fits}"))
}

pub fn default_of_wrong_type(
    arg: &Arg,
    attribute: &Attribute,
    ty: &FieldType,
    expected: &str,
) -> Diagnostic {
    let diagnostic = Diagnostic::error(
        "E0308",
        format!(
            "`{}` of {} field must be {expected}, found {}",
            written(attribute),
            a_type(ty),
            found_literal(&arg.value.kind)
        ),
    )
    .at(arg.value.span, format!("expected {expected}"));
    match default_hint(&arg.value.kind, ty) {
        Some(hint) => diagnostic.help(hint),
        None => diagnostic,
    }
}

/// Why a default of the wrong kind was likely written, and the fix.
fn default_hint(found: &LiteralKind, ty: &FieldType) -> Option<String> {
    let LiteralKind::Ident(name) = found else {
        return None;
    };
    match name.as_str() {
        "now" => Some("`now` is a default for time fields only".into()),
        "uuid_v4" => Some("`uuid_v4` is a default for uuid fields only".into()),
        _ if ty.is_stringy() || matches!(ty, FieldType::Bytes) => {
            Some(format!("strings are quoted: `@default(\"{name}\")`"))
        }
        _ => None,
    }
}

pub fn default_out_of_range(arg: &Arg, ty: &FieldType) -> Diagnostic {
    Diagnostic::error(
        "E0309",
        format!("default does not fit in {}", ty.base_name()),
    )
    .at(arg.value.span, "out of range")
}

pub fn enum_default_not_a_value(arg: &Arg, value: &str, suggestion: Option<&str>) -> Diagnostic {
    Diagnostic::error(
        "E0310",
        format!("default \"{value}\" is not one of the enum's values"),
    )
    .at(arg.value.span, "not a value of this enum")
    .did_you_mean(suggestion)
}

pub fn invalid_json_default(arg: &Arg, error: &str) -> Diagnostic {
    Diagnostic::error("E0311", "default of a json field is not valid JSON")
        .at(arg.value.span, error.to_string())
}

pub fn unique_with_literal_default(
    unique: &Attribute,
    default: &Attribute,
    field: &str,
) -> Diagnostic {
    Diagnostic::error(
        "E0312",
        format!("unique field `{field}` cannot have a literal default"),
    )
    .at(unique.span, "unique")
    .also_at(default.span, "literal default")
    .help("the second row created with the default would violate the unique index")
}

pub fn invalid_regex(attribute: &Attribute, error: &str) -> Diagnostic {
    // The regex crate's message ends with `error: <what>` after a picture of the pattern.
    let last_line = error.lines().last().unwrap_or(error).trim();
    let what = last_line.strip_prefix("error: ").unwrap_or(last_line);
    let span = attribute
        .args()
        .first()
        .map_or(attribute.span, |arg| arg.value.span);
    Diagnostic::error("E0313", "invalid regular expression in `@match`").at(span, what)
}

pub fn empty_range(attribute: &Attribute) -> Diagnostic {
    Diagnostic::error("E0314", "`@range(a, b)` needs a <= b").at(attribute.span, "empty range")
}

pub fn size_out_of_range(arg: &Arg, attribute: &Attribute) -> Diagnostic {
    Diagnostic::error(
        "E0315",
        format!(
            "`@{}` takes a length from 0 to 4294967295",
            attribute.name.name
        ),
    )
    .at(arg.value.span, "out of range")
}

pub fn db_type_without_dialects(attribute: &Attribute) -> Diagnostic {
    Diagnostic::error("E0316", "`@db_type` needs at least one dialect").at(
        attribute.span,
        "e.g. `@db_type(postgres: \"numeric(10,2)\")`",
    )
}

pub fn db_type_needs_key(arg: &Arg) -> Diagnostic {
    Diagnostic::error("E0317", "`@db_type` arguments name their dialect").at(
        arg.span,
        "write `postgres: \"...\"`, `mysql: \"...\"` or `sqlite: \"...\"`",
    )
}

pub fn unknown_dialect(key: &Ident, suggestion: Option<&str>) -> Diagnostic {
    Diagnostic::error("E0318", format!("unknown dialect `{}`", key.name))
        .at(key.span, "expected postgres, mysql or sqlite")
        .did_you_mean(suggestion)
}

pub fn duplicate_dialect(key: &Ident) -> Diagnostic {
    Diagnostic::error("E0319", format!("dialect `{}` is given twice", key.name))
        .at(key.span, "given again")
}

pub fn optional_id(span: Span) -> Diagnostic {
    Diagnostic::error("E0320", "the `id` field cannot be optional").at(span, "remove the `?`")
}

pub fn unsupported_id_type(span: Span, ty: &FieldType) -> Diagnostic {
    Diagnostic::error(
        "E0321",
        format!("`id` cannot be of type {}", ty.base_name()),
    )
    .at(span, "expected an integer, string, uuid or bytes type")
}

pub fn default_with_nul(arg: &Arg) -> Diagnostic {
    Diagnostic::error(
        "E0322",
        "a default cannot contain a NUL character (`\\u{0}`)",
    )
    .at(arg.value.span, "contains NUL")
    .help("PostgreSQL text cannot hold NUL, and the DDL that sets it fails on both databases")
}

pub fn unsigned_default_beyond_storage(arg: &Arg, ty: &FieldType) -> Diagnostic {
    Diagnostic::error(
        "E0323",
        format!(
            "default does not fit the {} column: the database stores it as a signed 64-bit integer",
            ty.base_name()
        ),
    )
    .at(arg.value.span, format!("above {}", i64::MAX))
    .help("PostgreSQL and SQLite have no unsigned 64-bit integer; ent maps uint64 to bigint")
}

pub fn float_default_out_of_range(arg: &Arg, ty: &FieldType) -> Diagnostic {
    Diagnostic::error(
        "E0324",
        format!("default does not fit in {}", ty.base_name()),
    )
    .at(arg.value.span, "too large: it would be infinite")
}

pub fn comment_with_carriage_return(arg: &Arg) -> Diagnostic {
    Diagnostic::error(
        "E0325",
        "a comment cannot contain a carriage return (`\\r`) or a NUL character",
    )
    .at(arg.value.span, "contains `\\r` or NUL")
    .help("write `\\n` for a line break")
}

// ---------------------------------------------------------------- E04xx: edges

pub fn unknown_entity(name: &Ident, suggestion: Option<&str>) -> Diagnostic {
    Diagnostic::error("E0401", format!("unknown entity `{}`", name.name))
        .at(name.span, "no entity has this name")
        .did_you_mean(suggestion)
}

pub fn edge_to_mixin(name: &Ident) -> Diagnostic {
    Diagnostic::error(
        "E0402",
        format!("`{}` is a mixin; edges point at entities", name.name),
    )
    .at(name.span, "a mixin")
}

pub fn unknown_edge_reference(
    edge: &Edge,
    reference: &Ident,
    target: &str,
    suggestion: Option<&str>,
) -> Diagnostic {
    let mut message = format!(
        "edge \"{}\" refers to {target}.{}, but {target} has no edge \"{}\"",
        edge.name.name, reference.name, reference.name
    );
    if let Some(s) = suggestion {
        message.push_str(&format!("; did you mean \"{s}\"?"));
    }
    Diagnostic::error("E0403", message).at(reference.span, "no such edge")
}

pub fn reference_to_inverse_edge(reference: &Ident, target_edge: &Edge) -> Diagnostic {
    Diagnostic::error(
        "E0404",
        format!(
            "`{}` is itself an inverse edge; `from` must name a `to` edge",
            reference.name
        ),
    )
    .at(reference.span, "refers to an inverse edge")
    .also_at(target_edge.name.span, "declared with `from` here")
}

pub fn inverse_type_mismatch(
    inverse: &Edge,
    target_edge: &Edge,
    points_to: &str,
    expected: &str,
) -> Diagnostic {
    let target = &inverse.target.name;
    let reference = inverse.reference.as_ref().unwrap_or(&inverse.name);
    Diagnostic::error(
        "E0405",
        format!(
            "edge `{}` of {expected} is the inverse of {target}.{}, but {target}.{} points to {points_to}, not {expected}",
            inverse.name.name, reference.name, reference.name
        ),
    )
    .at(reference.span, format!("points to {points_to}, not {expected}"))
    .also_at(target_edge.name.span, format!("points to {points_to}"))
    .help(format!(
        "an inverse edge lives in the entity its `to` edge points to: move this edge to {points_to}, or name an edge of {target} that points to {expected}"
    ))
}

pub fn assoc_edge_has_two_inverses(edge: &Edge, first: Span) -> Diagnostic {
    Diagnostic::error("E0406", "two inverse edges refer to the same edge")
        .at(edge.name.span, "second inverse")
        .also_at(first, "first inverse")
}

pub fn required_both_ways(edge: &Edge, other: Span) -> Diagnostic {
    Diagnostic::error("E0407", "edges cannot be required in both directions")
        .at(edge.name.span, "required here")
        .also_at(other, "and here")
        .help("make one side optional (`T?` or `T[]`): a row must exist before the other can point at it")
}

pub fn pair_attribute_twice(attribute: &Attribute, first: Span) -> Diagnostic {
    Diagnostic::error(
        "E0408",
        format!(
            "`@{}` is given on both edges of a pair",
            attribute.name.name
        ),
    )
    .at(attribute.span, "given again here")
    .also_at(first, "first given here")
    .help("write it on one edge of the pair only")
}

pub fn unknown_ref_action(action: &Ident, suggestion: Option<&str>) -> Diagnostic {
    Diagnostic::error(
        "E0409",
        format!("unknown referential action `{}`", action.name),
    )
    .at(
        action.span,
        "expected cascade, set_null, restrict, no_action or set_default",
    )
    .did_you_mean(suggestion)
}

pub fn set_null_on_required_edge(span: Span, column: &str) -> Diagnostic {
    Diagnostic::error(
        "E0410",
        format!("`set_null` on a required edge: column `{column}` is NOT NULL"),
    )
    .at(span, "cannot set a NOT NULL column to NULL")
    .help("make the edge optional, or use cascade / restrict / no_action")
}

pub fn storage_key_does_not_fit_relation(
    attribute: &Attribute,
    kind: crate::graph::RelationKind,
) -> Diagnostic {
    let (why, help) = if kind == crate::graph::RelationKind::M2M {
        let help = if attribute.name.name == "on_delete" {
            "remove it: rows of a join table are always deleted with either end (ON DELETE CASCADE)"
        } else {
            "use @table, @columns or @symbols (join-table FKs always cascade)"
        };
        ("an M2M relation is stored in a join table", help)
    } else {
        (
            "this relation is stored in a foreign-key column",
            "use @column or @symbol",
        )
    };
    Diagnostic::error(
        "E0411",
        format!(
            "`@{}` does not apply to an {kind} edge",
            attribute.name.name
        ),
    )
    .at(attribute.span, why)
    .help(help)
}

pub fn edge_field_without_fk(field: &Ident, edge: &str) -> Diagnostic {
    Diagnostic::error(
        "E0412",
        format!(
            "edge `{edge}` does not hold the foreign key, so it cannot have `@field({})`",
            field.name
        ),
    )
    .at(field.span, "not the FK-holding side")
    .help("put `@field` on the edge whose table holds the column (the M2O side, or the `from` side of an O2O)")
}

pub fn unknown_edge_field(field: &Ident, suggestion: Option<&str>) -> Diagnostic {
    Diagnostic::error(
        "E0413",
        format!("`@field({})` names no field of this entity", field.name),
    )
    .at(field.span, "no such field")
    .did_you_mean(suggestion)
}

pub fn edge_field_type_mismatch(
    field: &Ident,
    declared: Span,
    ty: &FieldType,
    id_type: &FieldType,
) -> Diagnostic {
    Diagnostic::error(
        "E0414",
        format!(
            "edge field `{}` is {} but the referenced id is {}",
            field.name,
            ty.base_name(),
            id_type.base_name()
        ),
    )
    .at(
        field.span,
        format!("expected a {} field", id_type.base_name()),
    )
    .also_at(declared, "field declared here")
}

pub fn edge_field_optionality_mismatch(
    field: &Ident,
    declared: Span,
    field_optional: bool,
) -> Diagnostic {
    let (field_is, edge_is) = if field_optional {
        ("optional", "required")
    } else {
        ("required", "optional")
    };
    Diagnostic::error(
        "E0415",
        format!("edge field `{}` is {field_is} but the edge is {edge_is}", field.name),
    )
    .at(field.span, "optionality differs")
    .also_at(declared, "field declared here")
    .help("an optional edge (`T?`) goes with an optional field (`int?`), a required one (`T`) with a required field")
}

pub fn edge_field_immutability_mismatch(
    field: &Ident,
    declared: Span,
    field_immutable: bool,
) -> Diagnostic {
    let which = if field_immutable {
        "the field is @immutable but the edge is not"
    } else {
        "the edge is @immutable but the field is not"
    };
    Diagnostic::error("E0416", format!("edge field `{}`: {which}", field.name))
        .at(field.span, "immutability differs")
        .also_at(declared, "field declared here")
}

pub fn through_on_non_m2m(name: &Ident, kind: crate::graph::RelationKind) -> Diagnostic {
    Diagnostic::error(
        "E0417",
        format!("`@through` is for M2M edges; this edge is {kind}"),
    )
    .at(name.span, "not an M2M edge")
}

/// `@through(name, Entity)` names the owner's edge to the edge schema's rows; `what` says what
/// already has that name ("field", "edge").
pub fn through_name_taken(name: &Ident, entity: &str, what: &str, first: Span) -> Diagnostic {
    Diagnostic::error(
        "E0419",
        format!(
            "`@through({}, {entity})` names an edge to the `{entity}` rows, but the {what} `{}` already has that name",
            name.name, name.name
        ),
    )
    .at(name.span, "names the edge to the edge schema's rows")
    .also_at(first, format!("{what} named here"))
    .help(format!(
        "pick another name: it becomes `query_{}()` and `with_{}()` on the client",
        name.name, name.name
    ))
}

pub fn through_entity_without_edges(name: &Ident, entity: &str, ends: [&String; 2]) -> Diagnostic {
    Diagnostic::error(
        "E0418",
        format!(
            "edge schema `{entity}` needs required edges to {} and {} bound to fields",
            ends[0], ends[1]
        ),
    )
    .at(name.span, "used as an edge schema here")
    .help(format!(
        "declare e.g. `edge {} to {} @field({}_id)` and the matching field in {entity}",
        crate::naming::snake(ends[0]),
        ends[0],
        crate::naming::snake(ends[0])
    ))
}

// ---------------------------------------------------------------- E05xx: indexes

pub fn index_without_columns(span: Span) -> Diagnostic {
    Diagnostic::error("E0501", "index has no columns")
        .at(span, "empty index")
        .help("list fields, `index (a, b)`, or edges, `index () @edges(owner)`")
}

pub fn index_column_twice(column: &Ident, first: Span) -> Diagnostic {
    Diagnostic::error(
        "E0502",
        format!("`{}` appears twice in the index", column.name),
    )
    .at(column.span, "again here")
    .also_at(first, "first here")
}

pub fn unknown_index_field(ident: &Ident, entity: &str, suggestion: Option<&str>) -> Diagnostic {
    Diagnostic::error(
        "E0503",
        format!("index on unknown field `{}` of {entity}", ident.name),
    )
    .at(ident.span, "no such field")
    .did_you_mean(suggestion)
}

pub fn index_names_edge_as_field(ident: &Ident) -> Diagnostic {
    Diagnostic::error("E0504", format!("`{}` is an edge, not a field", ident.name))
        .at(ident.span, "an edge")
        .help(format!(
            "index an edge's FK column with `@edges({})`",
            ident.name
        ))
}

pub fn unknown_index_edge(ident: &Ident, entity: &str, suggestion: Option<&str>) -> Diagnostic {
    Diagnostic::error(
        "E0505",
        format!("index on unknown edge `{}` of {entity}", ident.name),
    )
    .at(ident.span, "no such edge")
    .did_you_mean(suggestion)
}

pub fn index_edge_without_fk(
    ident: &Ident,
    kind: crate::graph::RelationKind,
    direction: crate::graph::EdgeDirection,
) -> Diagnostic {
    let why = if kind == crate::graph::RelationKind::O2O
        && direction == crate::graph::EdgeDirection::Assoc
    {
        "non-inverse edge of an O2O relation: its FK lives in the other table".to_string()
    } else {
        format!("{kind} edge: its FK is not in this table")
    };
    Diagnostic::error(
        "E0506",
        format!("edge `{}` cannot be indexed here", ident.name),
    )
    .at(ident.span, why)
    .help("@edges takes M2O edges, or the `from` side of an O2O")
}

pub fn desc_column_not_in_index(ident: &Ident, suggestion: Option<&str>) -> Diagnostic {
    Diagnostic::error(
        "E0507",
        format!(
            "`@desc({})` names a column that is not in the index",
            ident.name
        ),
    )
    .at(ident.span, "not in the index")
    .did_you_mean(suggestion)
}

// ---------------------------------------------------------------- E06xx: storage names

pub fn table_name_collision(table: &str, span: Span, first: Span) -> Diagnostic {
    Diagnostic::error("E0601", format!("two tables are named `{table}`"))
        .at(span, "maps to the same table")
        .also_at(first, "first mapped here")
        .help("rename one with `@@table(\"...\")` (or `@table` on an M2M edge)")
}

pub fn column_name_collision(column: &str, table: &str, span: Span, first: Span) -> Diagnostic {
    Diagnostic::error(
        "E0602",
        format!("two columns of `{table}` are named `{column}`"),
    )
    .at(span, "maps to the same column")
    .also_at(first, "first mapped here")
    .help("rename one with `@column(\"...\")`")
}

pub fn symbol_collision(symbol: &str, span: Span, first: Span) -> Diagnostic {
    Diagnostic::error(
        "E0603",
        format!("two constraints or indexes are named `{symbol}`"),
    )
    .at(span, "same name")
    .also_at(first, "first here")
    .help("name one explicitly with `@symbol(\"...\")` or `@name(\"...\")`")
}

pub fn name_too_long(what: &str, name: &str, limit: usize, span: Span) -> Diagnostic {
    Diagnostic::error(
        "E0604",
        format!(
            "{what} name `{name}` is {} bytes; PostgreSQL keeps at most {limit}",
            name.len()
        ),
    )
    .at(span, "name too long")
    .help(
        "PostgreSQL would silently cut it and every later diff would drift; choose a shorter name",
    )
}
