//! The hand-written fast parser against the pest grammar, which stays the specification: on every
//! input the fast parser accepts, both must build the same tree (spans included) and pest must
//! report nothing; on invalid or unusual input the fast parser must give up, so that the
//! diagnostics still come from the grammar.

use std::path::Path;

use entgen::diagnostics::{Diagnostics, FileId};
use entgen::syntax::{parse_file, parse_file_fast, parse_file_with_pest};

const FILE: FileId = FileId(0);

/// Both parsers on `text`: the fast parser's tree (if it accepted) must be pest's, and pest must
/// then have found nothing to report. Returns whether the fast parser accepted.
fn agree(text: &str) -> bool {
    let mut diagnostics = Diagnostics::new();
    let pest = parse_file_with_pest(FILE, text, &mut diagnostics);
    let Some(fast) = parse_file_fast(FILE, text) else {
        return false;
    };
    assert!(
        diagnostics.is_empty(),
        "the fast parser accepted text pest reports:\n{text}\n{:?}",
        diagnostics.into_sorted()
    );
    assert_eq!(fast, pest, "the parsers disagree on:\n{text}");
    true
}

fn accepted_and_equal(text: &str) {
    assert!(
        agree(text),
        "the fast parser gave up on valid text:\n{text}"
    );
}

/// The language reference, `docs/schema-language.md`.
const REFERENCE: &str = include_str!("../docs/schema-language.md");

/// Every `schema` example of the reference, valid and invalid.
fn reference_examples() -> Vec<&'static str> {
    REFERENCE
        .split("```schema")
        .skip(1)
        .map(|block| {
            let body = &block[block.find('\n').expect("fence line") + 1..];
            &body[..body.find("```").expect("closing fence")]
        })
        .collect()
}

#[test]
fn the_reference_examples_and_the_blog_schema_parse_the_same_both_ways() {
    let examples = reference_examples();
    assert!(examples.len() > 90, "{} examples", examples.len());
    // The first one is the whole example; the fast parser must take it. The others (error
    // examples among them) must parse the same whenever the fast parser accepts them.
    accepted_and_equal(examples[0]);
    for example in &examples {
        agree(example);
    }
    let blog = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/blog");
    let mut count = 0;
    for entry in std::fs::read_dir(blog).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        accepted_and_equal(&text);
        accepted_and_equal(&text.replace('\n', "\r\n"));
        count += 1;
    }
    assert!(count >= 4);
}

#[test]
fn the_synthetic_schema_parses_the_same_both_ways() {
    accepted_and_equal(&entgen::synthetic::schema(30));
}

/// Every inline example of the reference (`name type?`, `@range(a, b)`, ...) as a member line,
/// as a block attribute and as a whole line: whatever the fast parser accepts, it must read as
/// pest.
#[test]
fn every_inline_example_of_the_reference_parses_the_same_both_ways() {
    let snippets: Vec<&str> = REFERENCE.split('`').skip(1).step_by(2).collect();
    assert!(snippets.len() > 100, "{} snippets", snippets.len());
    let mut accepted = 0;
    for snippet in &snippets {
        for text in [
            format!("entity T {{\n    {snippet}\n}}\n"),
            format!("entity T {{\n    name string {snippet}\n}}\n"),
            format!("{snippet}\n"),
        ] {
            accepted += usize::from(agree(&text));
        }
    }
    assert!(accepted > 50, "only {accepted} snippets accepted");
}

/// Valid text whose tree depends on the finer points of the grammar: pest's skipping of blanks
/// and comments (and the spans it leaves), backtracking between members, literals.
const VALID: &[&str] = &[
    "",
    "\n\n",
    "entity A {}",
    "entity A {}\n",
    "  entity A {}  \n",
    "entity A { x int }",
    "entity A { x int @unique }\nentity B {\n}",
    "entity A {\n} entity B {\n}\n",
    "entity A {\n  x int // trailing\n  y int? // trailing\n  z string @unique // c\n}\n",
    "entity A {\n  x int   \n  y string @a   @b(1)   \n}\n",
    "// leading\n\n// more\nentity A { // after brace\n  // inside\n  x int\n} // after\n",
    "entity A {\n  edge int\n  index foo\n  used string?\n  to int\n  from int\n}\n",
    "entity A {\n  edge x to B\n  edge y to B?\n  edge z to B[]\n  edge w to B [ ]\n}\n",
    "entity A {\n  edge x from B.y\n  edge x from B . y ?\n  edge x from B.y[] @field(b_id) @on_delete(cascade)\n}\n",
    "entity A {\n  index ()\n  index (a)\n  index (a, b,)\n  index ( a , b ) @unique @name(\"i\")\n}\n",
    "mixin M {\n  created time @default(now)\n}\nentity A {\n  use M\n}\n",
    "entity A {\n  @@table(\"t\")\n  @@check(c, \"x > 0\")\n  @@comment(\"a\\\"b\")\n  @@x\n}\n",
    "entity A {\n  k enum(a, \"b-c\", r\"d\", r#\"e\"#, f,)? @default(a)\n  e enum()\n}\n",
    "entity A {\n  x int @default(-12) @range(0, 1.5) @min(-1.5e3) @max(2.5E+2) @x(1.0e-2)\n}\n",
    "entity A {\n  x string @db_type(postgres: \"numeric(10,2)\", mysql : \"decimal\" , sqlite:\"n\")\n}\n",
    "entity A {\n  x string @match(r\"^\\d+$\") @a(r#\"x\"y\"#) @b(r##\"a\"#b\"##) @c(r###\"q\"###)\n}\n",
    "entity A {\n  x string @comment(\"tab\\t nl\\n \\u{1F600} é 😀\") // é\n}\n",
    "entity A {\n  x bool @default(true) @a(false) @b(trueish) @c(r) @d(rr)\n}\n",
    "entity A {\n  x int @a() @b( ) @c(1,) @d( 1 , 2 )\n}\n",
    "/// The doc.\nentity A {\n  /// A field.\n  x int\n}\n",
    "///No space\n///  Two spaces\nentity A {\n  ///\n  x int\n}\n",
    "/// doc\n\n// between\n\nentity A {\n  /// d\n  // c\n\n  x int\n}\n",
    "//// not a doc\nentity A {\n  //// nor this\n  x int\n}\n",
    "entity A {\n\n\n  x int\n\n\n}\n\n\n",
    "entity A {\n\tx\tint\t@unique\t\n}\n",
    "entity A {\n  x int @a @b\n  }\n",
    "entity A {\n  x int }\n",
    "entity A {\n  entity B\n  mixin C\n}\n",
    "entity _A1 {\n  _x int\n  X Int\n}\n",
    "entity A {\n  x int\n}",
    "/* a\n block */ entity /* x */ A /* y\n */ {\n  x /* a\n b */ int /**/\n  /* c */ y int @a(/* d */ 1)\n}\n",
    "entity A {\n  ///\n  /*\n*/x int\n  /// d\n /* c */ y int\n  /// e\n\n /* c */ z int\n}\n",
    "/// d\n/* c */ entity A {\n}\n",
    "entity A {\n  x int // no newline at the end",
];

#[test]
fn valid_text_parses_the_same_both_ways() {
    for text in VALID {
        if text.ends_with("at the end") {
            // An unclosed block: pest reports it, so the fast parser must give up.
            assert!(!agree(text));
            continue;
        }
        accepted_and_equal(text);
        accepted_and_equal(&text.replace('\n', "\r\n"));
    }
}

/// Text the fast parser must leave to pest: every diagnostic comes from the grammar.
const GIVEN_UP: &[&str] = &[
    "entity A {\n  x string @comment(\"open\n}\n",
    "entity A {\n  x string @match(\"\\d\")\n}\n",
    "entity A {\n  x string @c(\"\\u{110000}\")\n}\n",
    "entity A {\n  x int @default(170141183460469231731687303715884105728)\n}\n",
    "entity A {\n  /// doc\n  use M\n}\n",
    "entity A {\n  /// doc\n  @@table(\"t\")\n}\n",
    "entity A {\n  x int\n  /// dangling\n}\n",
    "/// dangling\n",
    "entity A {\n  x int\n",
    "entity A {\n  x int /* never closed\n}\n",
    "entity A {\r  x int\r}\r",
    "entity A {\n  x int junk(\n}\n",
    "entity A {\n  edge x to\n}\n",
    "entity A {\n  index (a b)\n}\n",
    "entity a-b {\n}\n",
    "junk\n",
    "entity A {\n  x int @x(r####\"a\"####)\n}\n",
    "entity A {\n  x int\n} junk\n",
    "entity A {\n  x int @\n}\n",
    "entity A {\n  x 1nt\n}\n",
    "entity A {\n  x int @default(1e5)\n}\n",
];

#[test]
fn invalid_or_unusual_text_is_left_to_pest_with_the_same_diagnostics() {
    for text in GIVEN_UP {
        assert!(
            parse_file_fast(FILE, text).is_none(),
            "the fast parser accepted:\n{text}"
        );
        let mut through_fast_path = Diagnostics::new();
        let tree = parse_file(FILE, text, &mut through_fast_path);
        let mut pest_only = Diagnostics::new();
        let pest_tree = parse_file_with_pest(FILE, text, &mut pest_only);
        assert_eq!(tree, pest_tree, "{text}");
        assert_eq!(
            through_fast_path.into_sorted(),
            pest_only.into_sorted(),
            "{text}"
        );
    }
}

/// Mutation fuzzing of the agreement alone (`tests/fuzz_parser.rs` fuzzes the whole front end):
/// edits of valid schemas, biased towards what the fast parser has to follow exactly. Runs
/// `ENTGEN_FUZZ_SECS` seconds (3 by default).
#[test]
fn the_parsers_agree_on_mutants_of_valid_schemas() {
    const PIECES: &[&str] = &[
        " ", "\t", "\n", "\r\n", "// c", "/* c */", "/*\n*/", "/// d\n", "{", "}", "(", ")", ",",
        "?", "[]", ".", ":", "@", "@@", "@x", "@x(1)", "\"s\"", "\"\\n\"", "\"\\d\"", "r\"x\"",
        "r#\"y\"#", "-1", "1.5e3", "1e5", "true", "edge ", "index ", "use ", " to ", " from ",
        "entity ", "mixin ", "x int", "é",
    ];
    let seconds: u64 = std::env::var("ENTGEN_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let blog = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/blog");
    let mut seeds: Vec<String> = std::fs::read_dir(blog)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    seeds.sort();
    seeds.push(entgen::synthetic::schema(2));
    seeds.extend(VALID.iter().map(|s| s.to_string()));
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n.max(1) as u64) as usize
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(seconds);
    let (mut cases, mut accepted) = (0u64, 0u64);
    while std::time::Instant::now() < deadline {
        let mut chars: Vec<char> = seeds[next(seeds.len())].chars().collect();
        for _ in 0..=next(3) {
            let at = next(chars.len() + 1);
            match next(3) {
                0 if !chars.is_empty() => {
                    let end = (at + next(6) + 1).min(chars.len());
                    chars.drain(at.min(end)..end);
                }
                1 => {
                    chars.splice(at..at, PIECES[next(PIECES.len())].chars());
                }
                _ if !chars.is_empty() => {
                    let start = next(chars.len());
                    let end = (start + next(30) + 1).min(chars.len());
                    let piece: Vec<char> = chars[start..end].to_vec();
                    chars.splice(at..at, piece);
                }
                _ => {}
            }
        }
        let text: String = chars.into_iter().collect();
        accepted += u64::from(agree(&text));
        cases += 1;
    }
    eprintln!(
        "agreement fuzz: {cases} cases in {seconds}s, {accepted} accepted by the fast parser"
    );
    assert!(accepted > 0, "the fast parser accepted no mutant");
}
