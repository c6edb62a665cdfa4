//! The users' language reference, `docs/schema-language.md`, checked against the implementation:
//! every `schema` example is a valid schema, every `schema error=CODE` example reports its code,
//! and every error code, field type and attribute the implementation knows is documented.

use std::collections::BTreeSet;
use std::path::PathBuf;

use entgen::diagnostics::{ColorChoice, Diagnostics, render};
use entgen::graph::{Graph, RelationKind};
use entgen::schema_dir::parse_sources;

const DOC: &str = include_str!("../docs/schema-language.md");

/// A fenced example of the reference: its info string after "```" and its text.
struct Example {
    info: &'static str,
    text: &'static str,
    line: usize,
}

fn examples() -> Vec<Example> {
    let mut out = Vec::new();
    let mut rest = DOC;
    while let Some(start) = rest.find("\n```") {
        let info_start = start + 4;
        let info_end = info_start + rest[info_start..].find('\n').expect("fence line");
        let body_start = info_end + 1;
        let body_end = body_start + rest[body_start..].find("```").expect("closing fence");
        let line = DOC[..DOC.len() - rest.len() + start].lines().count() + 2;
        out.push(Example {
            info: &rest[info_start..info_end],
            text: &rest[body_start..body_end],
            line,
        });
        rest = &rest[body_end + 3..];
    }
    out
}

/// The graph (when valid), the codes reported and the rendered diagnostics of one file.
fn check(text: &str) -> (Option<Graph>, Vec<&'static str>, String) {
    let mut diagnostics = Diagnostics::new();
    let parsed = parse_sources(
        vec![(PathBuf::from("example.schema"), text.to_string())],
        &mut diagnostics,
    );
    let graph = entgen::graph::build(&parsed.files, &mut diagnostics);
    let sorted = diagnostics.into_sorted();
    let codes = sorted.iter().map(|d| d.code).collect();
    let rendered = sorted
        .iter()
        .map(|d| render(d, &parsed.sources, ColorChoice::Never))
        .collect();
    (graph, codes, rendered)
}

#[test]
fn every_schema_example_is_valid() {
    let mut n = 0;
    let mut failures = Vec::new();
    for example in examples().iter().filter(|e| e.info == "schema") {
        let (graph, _, rendered) = check(example.text);
        if graph.is_none() || !rendered.is_empty() {
            failures.push(format!(
                "docs/schema-language.md:{}:\n{rendered}",
                example.line
            ));
        }
        n += 1;
    }
    assert!(
        failures.is_empty(),
        "examples that should be valid:\n{}",
        failures.join("\n")
    );
    assert!(n >= 12, "only {n} examples");
}

#[test]
fn every_error_example_reports_its_code() {
    let mut n = 0;
    let mut failures = Vec::new();
    for example in examples() {
        let Some(code) = example.info.strip_prefix("schema error=") else {
            continue;
        };
        let (_, codes, rendered) = check(example.text);
        if !codes.contains(&code) {
            failures.push(format!(
                "docs/schema-language.md:{} should report {code}, reported {codes:?}:\n{rendered}",
                example.line
            ));
        }
        n += 1;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(n >= 80, "only {n} error examples");
}

/// Every code `src/diagnostics/messages.rs` can report.
fn implemented_codes() -> BTreeSet<String> {
    let source = include_str!("../src/diagnostics/messages.rs");
    source
        .split('"')
        .filter(|s| {
            s.len() == 5 && s.starts_with('E') && s[1..].bytes().all(|b| b.is_ascii_digit())
        })
        .map(String::from)
        .collect()
}

/// Codes about files and directories, which no schema text can show.
const WITHOUT_EXAMPLE: &[&str] = &["E0001", "E0002", "E0003", "E0004", "E0005", "E0100"];

#[test]
fn every_error_code_is_documented_with_an_example() {
    let codes = implemented_codes();
    assert!(codes.len() >= 80, "{codes:?}");
    let examples = examples();
    for code in &codes {
        assert!(
            DOC.contains(&format!("**{code}**")),
            "{code} is not documented in docs/schema-language.md"
        );
        let has_example = examples
            .iter()
            .any(|e| e.info == format!("schema error={code}"));
        assert!(
            has_example || WITHOUT_EXAMPLE.contains(&code.as_str()),
            "{code} has no `schema error={code}` example"
        );
    }
    // And the reference names no code that does not exist.
    for word in DOC.split(|c: char| !c.is_ascii_alphanumeric()) {
        if word.len() == 5 && word.starts_with('E') && word[1..].bytes().all(|b| b.is_ascii_digit())
        {
            assert!(
                codes.contains(word),
                "docs name {word}, which entgen never reports"
            );
        }
    }
}

/// The names in `const …_ATTRIBUTES: &[&str] = &[...]` of a graph pass's source.
fn attributes_in(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    for declaration in source.split("_ATTRIBUTES: &[&str] = &[").skip(1) {
        let list = &declaration[..declaration.find(']').expect("end of list")];
        out.extend(list.split('"').skip(1).step_by(2).map(String::from));
    }
    assert!(!out.is_empty(), "no attribute list found");
    out
}

#[test]
fn every_attribute_is_documented() {
    let member_sources = [
        include_str!("../src/graph/fields.rs"),
        include_str!("../src/graph/edges.rs"),
        include_str!("../src/graph/indexes.rs"),
    ];
    for source in member_sources {
        for name in attributes_in(source) {
            assert!(
                DOC.contains(&format!("`@{name}")),
                "attribute @{name} is not documented"
            );
        }
    }
    for name in attributes_in(include_str!("../src/graph/entities.rs")) {
        assert!(
            DOC.contains(&format!("`@@{name}")),
            "entity attribute @@{name} is not documented"
        );
    }
}

/// Every field type, as the schema spells it.
const TYPES: &[&str] = &[
    "bool", "int", "int64", "int32", "int16", "int8", "uint", "uint64", "uint32", "uint16",
    "uint8", "float", "float64", "float32", "string", "text", "bytes", "time", "uuid", "json",
];

#[test]
fn every_type_is_documented_and_accepted() {
    for ty in TYPES {
        assert!(
            DOC.contains(&format!("| `{ty}`")) || DOC.contains(&format!(", `{ty}` |")),
            "type {ty} is not in the reference's type table"
        );
        let (graph, codes, _) = check(&format!("entity Sample {{\n    value {ty}\n}}\n"));
        assert!(graph.is_some(), "{ty}: {codes:?}");
    }
    assert!(DOC.contains("| `enum(a, b, ...)`"));
    // And a type the table does not have is refused, so the list above is the whole set.
    let (graph, codes, rendered) = check("entity Sample {\n    value decimal\n}\n");
    assert!(graph.is_none() && codes == ["E0301"]);
    let listed = rendered
        .lines()
        .find(|l| l.contains("types:"))
        .expect("the E0301 note lists the types");
    for word in listed.split(|c: char| !c.is_ascii_alphanumeric()) {
        if word.starts_with(|c: char| c.is_ascii_lowercase()) && word != "types" && word != "note" {
            assert!(
                DOC.contains(&format!("`{word}")),
                "the E0301 note names {word}, which the reference does not document"
            );
        }
    }
}

/// The edge forms example means what its relation table says.
#[test]
fn the_edge_examples_have_the_documented_relation_kinds() {
    let owner_example = examples()
        .into_iter()
        .find(|e| e.info == "schema" && e.text.starts_with("entity Owner {"))
        .expect("the Owner example");
    let (graph, _, rendered) = check(owner_example.text);
    let graph = graph.unwrap_or_else(|| panic!("{rendered}"));
    let owner = graph.entity("Owner").unwrap();
    let kind = |edge: &str| owner.edge(edge).unwrap().kind;
    assert_eq!(kind("pets"), RelationKind::O2M);
    assert_eq!(kind("passport"), RelationKind::O2O);
    assert_eq!(kind("clubs"), RelationKind::M2M);
    assert_eq!(kind("home"), RelationKind::M2O);
    assert_eq!(kind("peers"), RelationKind::M2M);
    assert!(owner.edge("peers").unwrap().bidi);
    assert_eq!(kind("partner"), RelationKind::O2O);
    assert!(owner.edge("partner").unwrap().bidi);
    let pet = graph.entity("Pet").unwrap();
    assert_eq!(pet.edge("owner").unwrap().kind, RelationKind::M2O);
}
