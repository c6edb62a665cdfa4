//! The language reference (`docs/schema-language.md`) is tested against itself: its whole
//! example must parse and mean what the text after it says. (`tests/language_reference.rs`
//! checks every other example and every error code.)

use std::path::{Path, PathBuf};

use entgen::diagnostics::{ColorChoice, Diagnostics, render};
use entgen::graph::{DefaultValue, FieldType, Graph, RelationKind, Storage};
use entgen::schema_dir::parse_sources;

/// The first `schema` block of the reference: User, Post, Timestamps and the entities they
/// point at.
fn spec_example() -> String {
    let text = include_str!("../docs/schema-language.md");
    let start = text.find("```schema\n").expect("a fenced block") + 10;
    let end = start + text[start..].find("```").expect("closing fence");
    text[start..end].to_string()
}

fn build(files: Vec<(&str, String)>) -> Graph {
    let mut diagnostics = Diagnostics::new();
    let sources = files
        .into_iter()
        .map(|(p, t)| (PathBuf::from(p), t))
        .collect();
    let parsed = parse_sources(sources, &mut diagnostics);
    let graph = entgen::graph::build(&parsed.files, &mut diagnostics);
    let rendered: String = diagnostics
        .into_sorted()
        .iter()
        .map(|d| render(d, &parsed.sources, ColorChoice::Never))
        .collect();
    graph.unwrap_or_else(|| panic!("the reference's example must be valid:\n{rendered}"))
}

#[test]
fn the_spec_example_parses_and_means_what_it_says() {
    let graph = build(vec![("blog/user.schema", spec_example())]);
    let user = graph.entity("User").unwrap();
    assert_eq!(user.table, "users");

    // "mixin: its members come first, in order"
    let names: Vec<&str> = user
        .fields
        .values()
        .take(3)
        .map(|f| f.name.as_str())
        .collect();
    assert_eq!(names, ["created_at", "updated_at", "name"]);
    assert!(
        user.comment
            .as_deref()
            .unwrap()
            .starts_with("A person who writes posts.")
    );

    let field = |name: &str| user.field(name).unwrap();
    assert!(
        field("age").optional,
        "`?`: optional on create, NULL column"
    );
    assert!(matches!(&field("role").ty, FieldType::Enum(v) if v.len() == 3));
    assert_eq!(
        field("role").default,
        Some(DefaultValue::Enum("reader".into()))
    );
    assert!(field("password").sensitive);
    assert!(field("api_key").unique && field("api_key").immutable);
    assert_eq!(field("api_key").default, Some(DefaultValue::UuidV4));
    assert_eq!(field("nickname").renamed_from.as_deref(), Some("nick"));
    assert_eq!(user.checks[0].name, "age_ok");

    let kind = |entity: &str, edge: &str| graph.entity(entity).unwrap().edge(edge).unwrap().kind;
    // "O2M when Post declares `from User.posts` as one"
    assert_eq!(kind("User", "posts"), RelationKind::O2M);
    assert_eq!(kind("Post", "author"), RelationKind::M2O);
    // "unique, optional assoc edge" (with Profile's unique inverse: O2O)
    assert_eq!(kind("User", "profile"), RelationKind::O2O);
    // "inverse of Group.members: M2M"
    assert_eq!(kind("User", "groups"), RelationKind::M2M);
    // "same type, no inverse: symmetric M2M"
    assert_eq!(kind("User", "friends"), RelationKind::M2M);
    assert!(user.edge("friends").unwrap().bidi);
    // "directional M2M on the same type ... and its inverse"
    assert_eq!(kind("User", "following"), RelationKind::M2M);
    assert!(!user.edge("following").unwrap().bidi);

    // "edge field: the FK exposed as a regular field", with @on_delete(cascade)
    let post = graph.entity("Post").unwrap();
    let author = post.edge("author").unwrap();
    let Storage::ForeignKey(fk) = &graph.relations[author.relation].storage else {
        panic!("FK expected")
    };
    assert_eq!(fk.column, "author_id");
    assert_eq!(fk.on_delete.sql(), "CASCADE");
    assert!(!fk.nullable);

    // "index (title) @edges(author) @unique // unique per author"
    let index = &post.indexes[0];
    assert!(index.unique);
    let columns: Vec<&str> = index.columns.iter().map(|c| c.column.as_str()).collect();
    assert_eq!(columns, ["title", "author_id"]);
    assert_eq!(user.indexes[1].name, "user_email_role");
}

#[test]
fn the_bundled_blog_example_is_valid_and_formatted() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/blog");
    let mut diagnostics = Diagnostics::new();
    let parsed = entgen::schema_dir::read_schema_dir(&dir, &mut diagnostics);
    let graph = entgen::graph::build(&parsed.files, &mut diagnostics);
    assert!(
        graph.is_some() && !diagnostics.has_errors(),
        "schemas/blog must be valid"
    );
    for ((_, source), ast) in parsed.sources.files().zip(&parsed.files) {
        assert_eq!(
            entgen::format::reformat(source, ast),
            None,
            "{} is not formatted",
            source.path.display()
        );
    }
}
