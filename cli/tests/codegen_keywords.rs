//! A schema whose names are Rust keywords or otherwise awkward, and whose shapes are rare (a
//! symmetric O2O edge), in `tests/codegen_keywords/`, generates a client that is
//! `clippy -D warnings` clean and works: generated into a scratch crate (reused between runs
//! so its build is incremental), linted, built and run against SQLite and PostgreSQL.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use entgen_runtime::testing::TestDb;

const MAIN: &str = r#"
use kwcrate::ent::keyword::{self, Kind};
use kwcrate::ent::marker::MarkerCreate;
use entgen_runtime::typed::Entity;
use kwcrate::ent::{Client, card, note, order, other, pal, person, r#type, status};

fn main() {
    let url = std::env::args().nth(1).unwrap_or_else(|| "sqlite::memory:".to_owned());
    let mut c = Client::open(&url).unwrap();
    c.schema().create(&mut Default::default()).unwrap();
    let o = c.other().create().set_gen("g").save().unwrap();
    let k = c
        .keyword()
        .create()
        .set_type("t")
        .set_match(3)
        .set_self("me")
        .set_kind(Kind::Match)
        .set_factor(keyword::Factor::V2fa)
        .add_move([o.id])
        .set_where(o.id)
        .save()
        .unwrap();
    assert!(!k.r#fn);
    assert_eq!(k.self_.as_deref(), Some("me"));
    assert_eq!(k.factor, Some(keyword::Factor::V2fa));
    let odd = [keyword::Factor::Empty, keyword::Factor::Ünï].map(keyword::Factor::as_str);
    assert_eq!(odd, ["", "ünï"]);
    let found = c
        .keyword()
        .query()
        .filter(keyword::TYPE.eq("t"))
        .filter(keyword::MATCH.gt(2))
        .filter(keyword::has_move_with([other::GEN.eq("g")]))
        .with_move(|q| q)
        .with_where(|q| q)
        .only()
        .unwrap();
    assert_eq!(found.r#move().unwrap().len(), 1);
    assert_eq!(found.r#where().unwrap().map(|o| o.id), Some(o.id));
    let k = c.keyword().update_one(&found).set_loop(7).clear_match().save().unwrap();
    assert_eq!((k.r#loop, k.r#match), (7, None));
    let m = c.marker().create().save().unwrap();
    // An edge named like a fixed method of the client (`of`): both work.
    c.other().update_one(&o).add_of([m.id]).save().unwrap();
    assert_eq!(c.other().query_of(&o).ids().unwrap(), [m.id]);
    assert_eq!(c.other().of(&o).query_of().count().unwrap(), 1);
    let more = c
        .marker()
        .create_bulk([MarkerCreate::new(), MarkerCreate::new()])
        .save()
        .unwrap();
    assert_eq!(more.iter().map(|x| x.id).collect::<Vec<_>>(), [m.id + 1, m.id + 2]);
    // Enum types renamed where the plain name is taken in the module.
    let s = c
        .status()
        .create()
        .set_error(status::ErrorEnum::Major)
        .set_default(status::DefaultEnum::Y)
        .save()
        .unwrap();
    assert_eq!((s.status, s.error), (status::StatusEnum::On, Some(status::ErrorEnum::Major)));
    // Entities named like runtime types: `ent::Order` is the entity.
    let line = c.value().create().set_amount(5).save().unwrap();
    let order: kwcrate::ent::Order = c.order().create().add_lines([&line]).save().unwrap();
    let loaded = c
        .order()
        .query()
        .filter(order::ID.eq(order.id))
        .with_lines(|q| q)
        .only()
        .unwrap();
    assert_eq!(loaded.lines().unwrap()[0].amount, 5);
    c.edge().create().save().unwrap();
    c.hook().create().save().unwrap();
    c.entity().create().save().unwrap();
    c.predicate().create().save().unwrap();
    // `@match` still checks, next to a field named like its pattern.
    assert!(c.coded().create().set_code("UPPER").save().is_err());
    // Every `@match` applies: this one is lower case but too short for the second.
    assert!(c.coded().create().set_code("a").save().is_err());
    c.coded().create().set_code("lower").set_code_pattern_0("x").save().unwrap();
    // Entities named like a keyword, a crate, the client's own module.
    let t = c.r#type().create().set_a__b(1).set_edges(2).add_e_([m.id]).save().unwrap();
    let t = c
        .r#type()
        .query()
        .filter(r#type::ID.eq(t.id))
        .with_e_(|q| q)
        .only()
        .unwrap();
    assert_eq!((t.a__b, t.edges, t.e_().unwrap().len()), (Some(1), Some(2), 1));
    c.crate_().create().save().unwrap();
    c.entgen_runtime().create().save().unwrap();
    c.std().create().save().unwrap();
    c.ent().create().save().unwrap();
    // A symmetric O2O edge: both rows point at each other, and change together.
    let a = c.pal().create().set_name("a").save().unwrap();
    let b = c.pal().create().set_name("b").set_spouse(a.id).save().unwrap();
    let spouse = |c: &Client, p: &pal::Pal| {
        c.pal().query_spouse(p).all().unwrap().into_iter().map(|s| s.name).collect::<Vec<_>>()
    };
    assert_eq!((spouse(&mut c, &a), spouse(&mut c, &b)), (vec!["b".to_owned()], vec!["a".to_owned()]));
    let d = c.pal().create().set_name("d").save().unwrap();
    c.pal().update_one(&a).set_spouse(d.id).save().unwrap();
    assert_eq!((spouse(&mut c, &a), spouse(&mut c, &d)), (vec!["d".to_owned()], vec!["a".to_owned()]));
    assert!(spouse(&mut c, &b).is_empty(), "b was left");
    c.pal().update_one(&d).clear_spouse().save().unwrap();
    assert!(spouse(&mut c, &a).is_empty() && spouse(&mut c, &d).is_empty());
    // A foreign key that is the primary key: setting the edge sets the id, the edge is read
    // from the id. Another person first, so ids of the two tables differ unless set.
    c.person().create().set_name("other").save().unwrap();
    let u = c.person().create().set_name("u").save().unwrap();
    let card = c.card().create().set_content("c").set_person(u.id).save().unwrap();
    assert_eq!(card.id, u.id);
    // The id is read and written once, not a second time as the edge's column.
    assert_eq!(<card::Card as Entity>::COLUMNS, ["id", "content"]);
    assert_eq!(<note::Note as Entity>::COLUMNS, ["id", "text"]);
    assert_eq!(c.card().get(u.id).unwrap().content.as_deref(), Some("c"));
    assert_eq!(c.person().query_card(&u).only_id().unwrap(), u.id);
    assert_eq!(c.card().query_person(&card).only().unwrap().name, "u");
    let has = card::has_person_with([person::NAME.eq("u")]);
    assert_eq!(c.card().query().filter(has).only_id().unwrap(), u.id);
    assert_eq!(c.person().query().filter(person::has_card()).only_id().unwrap(), u.id);
    let loaded = c.person().query().filter(person::ID.eq(u.id)).with_card(|q| q).only().unwrap();
    assert_eq!(loaded.card().unwrap().and_then(|x| x.content.as_deref()), Some("c"));
    let loaded = c.card().query().with_person(|q| q).only().unwrap();
    assert_eq!(loaded.person().unwrap().map(|p| p.id), Some(u.id));
    let n = c.note().create().set_text("n").set_author(u.id).save().unwrap();
    assert_eq!(n.id, u.id);
    assert_eq!(c.note().query_author(&n).only().unwrap().name, "u");
    let by_u = c.note().query().filter(note::has_author_with([person::NAME.eq("u")]));
    assert_eq!(by_u.only_id().unwrap(), u.id);
    let loaded = c.note().query().with_author(|q| q).only().unwrap();
    assert_eq!(loaded.author().unwrap().map(|p| p.id), Some(u.id));
    println!("keywords ok: {:?}", k.kind);
}
"#;

/// The workspace root (this test belongs to `cli/`).
fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn scratch_crate(dir: &Path) {
    std::fs::create_dir_all(dir.join("src/bin")).unwrap();
    let runtime = workspace().join("runtime");
    let manifest = format!(
        "[package]\nname = \"kwcrate\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
         [workspace]\n\n[features]\ndefault = [\"versioned-migration\"]\n\
         versioned-migration = [\"entgen-runtime/migrate-dir\"]\n\n\
         [dependencies]\nentgen-runtime = {{ path = {:?} }}\n",
        runtime.display().to_string()
    );
    write_if_changed(&dir.join("Cargo.toml"), &manifest);
    write_if_changed(
        &dir.join("src/lib.rs"),
        "//! Generated from tests/codegen_keywords.\n#![deny(missing_docs, warnings)]\n\npub mod ent;\n",
    );
    write_if_changed(&dir.join("src/bin/main.rs"), MAIN);
    // The workspace's lock file: the same dependency versions, resolved offline.
    let lock = std::fs::read_to_string(workspace().join("Cargo.lock")).unwrap();
    write_if_changed(&dir.join("Cargo.lock"), &lock);
}

fn write_if_changed(path: &Path, text: &str) {
    if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
        std::fs::write(path, text).unwrap();
    }
}

#[test]
fn keyword_names_generate_a_working_client() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("codegen-keywords");
    scratch_crate(&dir);
    let out = common::entgen(&[
        "generate",
        workspace().join("tests/codegen_keywords").to_str().unwrap(),
        "--target",
        dir.join("src/ent").to_str().unwrap(),
        "--feature",
        "versioned-migration",
    ]);
    assert!(out.status.success(), "{}", common::text(&out));
    // Lint-clean (an empty `if`, `ent::ent`, `set_a__b` are clippy or rustc warnings), then run.
    let clippy = cargo(
        &dir,
        &["clippy", "--quiet", "--offline", "--", "-D", "warnings"],
    );
    assert!(clippy.status.success(), "{}", common::text(&clippy));
    let build = cargo(&dir, &["build", "--quiet", "--offline", "--bin", "main"]);
    assert!(build.status.success(), "{}", common::text(&build));
    let main = Path::new(env!("CARGO_TARGET_TMPDIR")).join("codegen_compile/target/debug/main");
    let postgres = TestDb::postgres();
    for url in ["sqlite::memory:", postgres.url()] {
        let run = Command::new(&main).arg(url).output().unwrap();
        let text = common::text(&run);
        assert!(run.status.success(), "{url}: {text}");
        assert!(text.contains("keywords ok: Match"), "{url}: {text}");
    }
}

fn cargo(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO"))
        .args(args)
        .current_dir(dir)
        // The target directory of tests/codegen_compile.rs's scratch crate: the runtime and its
        // dependencies are then built once for both tests.
        .env(
            "CARGO_TARGET_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("codegen_compile/target"),
        )
        .env_remove("RUSTFLAGS")
        .output()
        .unwrap()
}
