//! The front end on inputs that used to mislead or blow up (issue 14, points 6 and 7): plain
//! comments between doc lines, a byte order mark, and very large repetitions, which must be
//! read (or reported once) without a cost that grows faster than the input. No timing here:
//! `bench/front_end_blowups.sh` measures them.

mod common;

use std::path::PathBuf;

use entgen::diagnostics::{ColorChoice, Diagnostics, FileId, SourceFile, SourceMap, render};
use entgen::graph::FieldType;
use entgen::schema_dir::parse_sources;

/// The diagnostics of one schema file, rendered without colour.
fn diagnose(schema: &str) -> (Diagnostics, String) {
    let mut diagnostics = Diagnostics::new();
    let parsed = parse_sources(
        vec![(PathBuf::from("test.schema"), schema.into())],
        &mut diagnostics,
    );
    let graph = entgen::graph::build(&parsed.files, &mut diagnostics);
    assert!(graph.is_none() || !diagnostics.has_errors());
    let rendered = rendered(&diagnostics, &parsed.sources);
    (diagnostics, rendered)
}

fn rendered(diagnostics: &Diagnostics, sources: &SourceMap) -> String {
    diagnostics
        .iter()
        .map(|d| render(d, sources, ColorChoice::Never))
        .collect()
}

#[test]
fn a_plain_comment_between_doc_lines_belongs_to_the_doc_comment() {
    let g = common::graph(
        "/// A customer.\n// commented out\n/// More.\nentity Customer {\n    /// The mail.\n    // TODO: check\n    /// Unique.\n    email string\n}\n",
    );
    let customer = &g.entities[0];
    assert_eq!(customer.comment.as_deref(), Some("A customer.\nMore."));
    assert_eq!(
        customer.fields[0].comment.as_deref(),
        Some("The mail.\nUnique.")
    );
}

#[test]
fn fmt_keeps_a_comment_between_doc_lines_above_the_doc_comment() {
    let text = "/// A customer.\n// commented out\n/// More.\nentity Customer {\n    /// The mail.\n    // TODO: check\n    /// Unique.\n    email string\n}\n";
    let format = |text: &str| {
        let mut diagnostics = Diagnostics::new();
        let ast = entgen::syntax::parse_file(FileId(0), text, &mut diagnostics);
        assert!(diagnostics.is_empty());
        let source = SourceFile::new(PathBuf::from("a.schema"), text.to_owned());
        entgen::format::format_file(&source, &ast)
    };
    let once = format(text);
    assert_eq!(
        once,
        "// commented out\n/// A customer.\n/// More.\nentity Customer {\n    // TODO: check\n    /// The mail.\n    /// Unique.\n    email string\n}\n"
    );
    assert_eq!(format(&once), once, "formatting is idempotent");
}

#[test]
fn a_byte_order_mark_starts_a_file() {
    let g = common::graph("\u{FEFF}entity Customer {\n    email string\n}\n");
    assert_eq!(g.entities[0].name, "Customer");
    // Positions after it are still right.
    let (diagnostics, text) = diagnose("\u{FEFF}entity Customer {\n    email strin\n}\n");
    assert!(diagnostics.has_errors());
    assert!(text.contains("test.schema:2:11"), "{text}");
}

#[test]
fn an_attribute_repeated_50_000_times_is_one_short_diagnostic() {
    let schema = format!(
        "entity Doc {{\n    title string{}\n}}\n",
        " @max_len(5)".repeat(50_000)
    );
    let (diagnostics, text) = diagnose(&schema);
    assert_eq!(
        diagnostics.error_count(),
        1,
        "{}",
        &text[..text.len().min(2000)]
    );
    assert!(
        text.contains("is given 50000 times"),
        "{}",
        &text[..text.len().min(2000)]
    );
    // The line is 600 KB; the diagnostic shows a window of it, once.
    assert!(
        text.len() < 4_000,
        "{} bytes:\n{}",
        text.len(),
        &text[..text.len().min(4000)]
    );
}

#[test]
fn a_chain_of_4000_mixins_expands() {
    let mut schema = String::from("mixin M0 {\n    f0 string\n}\n");
    for i in 1..4000 {
        schema.push_str(&format!(
            "mixin M{i} {{\n    use M{}\n    f{i} string\n}}\n",
            i - 1
        ));
    }
    schema.push_str("entity Doc {\n    use M3999\n}\n");
    let g = common::graph(&schema);
    let fields = &g.entities[0].fields;
    assert_eq!(fields.len(), 4000);
    assert_eq!(
        fields[0].name, "f0",
        "the deepest mixin's members come first"
    );
    // A cycle closed at the end of the chain is still found, once.
    let cyclic = schema.replace("mixin M0 {\n", "mixin M0 {\n    use M3999\n");
    let (diagnostics, text) = diagnose(&cyclic);
    let cycles = diagnostics.iter().filter(|d| d.code == "E0209").count();
    assert_eq!(cycles, 1, "{}", &text[..text.len().min(2000)]);
}

#[test]
fn an_enum_with_50_000_values_is_read_and_a_duplicate_is_found() {
    let values: Vec<String> = (0..50_000).map(|i| format!("v{i}")).collect();
    let schema = format!("entity Doc {{\n    kind enum({})\n}}\n", values.join(", "));
    let g = common::graph(&schema);
    let FieldType::Enum(variants) = &g.entities[0].fields[0].ty else {
        panic!("an enum");
    };
    assert_eq!(variants.len(), 50_000);
    assert_eq!(variants[49_999].rust_name, "V49999");
    let duplicated = format!(
        "entity Doc {{\n    kind enum({}, v7)\n}}\n",
        values.join(", ")
    );
    let (diagnostics, _) = diagnose(&duplicated);
    assert_eq!(diagnostics.error_count(), 1);
}
