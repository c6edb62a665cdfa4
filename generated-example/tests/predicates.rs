//! ent's predicate sets per field type, combinators, ordering, projections and aggregates on
//! PostgreSQL and SQLite.

mod common;

use common::sync::{databases, names, user};
use generated_example::ent::comment::{self, Mood};
use generated_example::ent::user::{self, Role};
use generated_example::ent::{Client, Predicate, count, post};

fn people(c: &Client) {
    for (name, age) in [
        ("Ada", Some(36)),
        ("Bob", Some(20)),
        ("Cy", None),
        ("dora", Some(50)),
    ] {
        user(c, name, age);
    }
    c.user()
        .update()
        .filter(user::NAME.eq("Ada"))
        .set_role(Role::Admin)
        .set_nickname("100% ada_")
        .exec()
        .unwrap();
}

fn query(c: &Client, p: Predicate<generated_example::ent::User>) -> Vec<String> {
    let users = c
        .user()
        .query()
        .filter(p)
        .order(user::NAME.asc())
        .all()
        .unwrap();
    names(&users).into_iter().map(str::to_owned).collect()
}

#[test]
fn comparison_and_membership_predicates() {
    for db in databases() {
        let c = &db.client;
        people(c);
        let n = db.name;
        assert_eq!(query(c, user::NAME.eq("Bob")), ["Bob"], "{n}");
        assert_eq!(query(c, user::NAME.ne("Bob")), ["Ada", "Cy", "dora"], "{n}");
        assert_eq!(query(c, user::AGE.gt(20)), ["Ada", "dora"], "{n}");
        assert_eq!(query(c, user::AGE.ge(20)), ["Ada", "Bob", "dora"], "{n}");
        assert_eq!(query(c, user::AGE.lt(36)), ["Bob"], "{n}");
        assert_eq!(query(c, user::AGE.le(36)), ["Ada", "Bob"], "{n}");
        assert_eq!(
            query(c, user::NAME.is_in(["Cy", "Bob", "x"])),
            ["Bob", "Cy"],
            "{n}"
        );
        assert_eq!(
            query(c, user::NAME.not_in(["Cy", "Bob"])),
            ["Ada", "dora"],
            "{n}"
        );
        assert!(
            query(c, user::NAME.is_in(Vec::<String>::new())).is_empty(),
            "{n}"
        );
        assert_eq!(query(c, user::AGE.is_null()), ["Cy"], "{n}");
        assert_eq!(
            query(c, user::AGE.not_null()),
            ["Ada", "Bob", "dora"],
            "{n}"
        );
        assert_eq!(query(c, user::ROLE.eq(Role::Admin)), ["Ada"], "{n}");
        assert_eq!(query(c, user::ROLE.ne(Role::Admin)).len(), 3, "{n}");
        let ada = c
            .user()
            .query()
            .filter(user::NAME.eq("Ada"))
            .only()
            .unwrap();
        assert_eq!(query(c, user::ID.eq(ada.id)), ["Ada"], "{n}");
        assert_eq!(query(c, user::API_KEY.eq(ada.api_key)), ["Ada"], "{n}");
        assert_eq!(
            query(c, user::CREATED_AT.le(ada.created_at))
                .first()
                .map(String::as_str),
            Some("Ada"),
            "{n}"
        );
    }
}

#[test]
fn string_predicates_escape_wildcards_and_fold_case() {
    for db in databases() {
        let c = &db.client;
        people(c);
        let n = db.name;
        assert_eq!(query(c, user::NAME.contains("o")), ["Bob", "dora"], "{n}");
        assert_eq!(
            query(c, user::NAME.has_prefix("D")),
            Vec::<String>::new(),
            "{n}: case-sensitive"
        );
        assert_eq!(query(c, user::NAME.has_prefix("d")), ["dora"], "{n}");
        assert_eq!(query(c, user::NAME.has_suffix("y")), ["Cy"], "{n}");
        assert_eq!(query(c, user::NAME.equal_fold("DORA")), ["dora"], "{n}");
        assert_eq!(query(c, user::NAME.contains_fold("DA")), ["Ada"], "{n}");
        assert_eq!(
            query(c, user::EMAIL.contains_fold("EXAMPLE")).len(),
            4,
            "{n}"
        );
        // `%` and `_` are text, not wildcards.
        assert_eq!(query(c, user::NICKNAME.contains("0% a")), ["Ada"], "{n}");
        assert_eq!(query(c, user::NICKNAME.has_suffix("a_")), ["Ada"], "{n}");
        assert!(query(c, user::NICKNAME.contains("%x")).is_empty(), "{n}");
    }
}

#[test]
fn and_or_not_combine_predicates() {
    for db in databases() {
        let c = &db.client;
        people(c);
        let n = db.name;
        let p = Predicate::and([user::AGE.gt(10), user::AGE.lt(40)]);
        assert_eq!(query(c, p), ["Ada", "Bob"], "{n}");
        let p = Predicate::or([user::NAME.eq("Cy"), user::AGE.gt(40)]);
        assert_eq!(query(c, p), ["Cy", "dora"], "{n}");
        let p = Predicate::not(user::NAME.has_prefix("A"));
        assert_eq!(query(c, p), ["Bob", "Cy", "dora"], "{n}");
        let p = (user::AGE.gt(30) | user::AGE.is_null()) & !user::ROLE.eq(Role::Admin);
        assert_eq!(query(c, p), ["Cy", "dora"], "{n}");
        // Filters called twice are ANDed.
        let both = c
            .user()
            .query()
            .filter(user::AGE.gt(10))
            .filter(user::NAME.has_prefix("B"))
            .all()
            .unwrap();
        assert_eq!(names(&both), ["Bob"], "{n}");
    }
}

#[test]
fn edge_predicates_use_exists_subqueries() {
    for db in databases() {
        let c = &db.client;
        people(c);
        let ada = c
            .user()
            .query()
            .filter(user::NAME.eq("Ada"))
            .only()
            .unwrap();
        let bob = c
            .user()
            .query()
            .filter(user::NAME.eq("Bob"))
            .only()
            .unwrap();
        common::sync::post(c, ada.id, "Rust tips");
        common::sync::post(c, bob.id, "Go tips");
        let n = db.name;
        assert_eq!(query(c, user::has_posts()), ["Ada", "Bob"], "{n}");
        assert_eq!(
            query(c, user::has_posts_with([post::TITLE.has_prefix("Rust")])),
            ["Ada"],
            "{n}"
        );
        assert_eq!(
            query(c, Predicate::not(user::has_posts())),
            ["Cy", "dora"],
            "{n}"
        );
        let rust = c
            .post()
            .query()
            .filter(post::has_author_with([user::NAME.eq("Ada")]))
            .only()
            .unwrap();
        assert_eq!(rust.title, "Rust tips", "{n}");
    }
}

#[test]
fn enums_round_trip_and_parse() {
    for db in databases() {
        let c = &db.client;
        let u = user(c, "Ada", None);
        let p = common::sync::post(c, u.id, "Hi");
        let happy = c
            .comment()
            .create()
            .set_body("yay")
            .set_post(p.id)
            .set_mood(Mood::Happy)
            .save()
            .unwrap();
        let plain = c
            .comment()
            .create()
            .set_body("meh")
            .set_post(p.id)
            .save()
            .unwrap();
        assert_eq!(happy.mood, Some(Mood::Happy), "{}", db.name);
        assert_eq!(plain.mood, Some(Mood::SoSo), "{}: default", db.name);
        assert_eq!(Mood::VerySad.as_str(), "Very-Sad");
        assert_eq!("so-so".parse::<Mood>().unwrap(), Mood::SoSo);
        assert!("nope".parse::<Mood>().is_err());
        let sad = c
            .comment()
            .query()
            .filter(comment::MOOD.is_in([Mood::VerySad, Mood::Happy]))
            .all()
            .unwrap();
        assert_eq!(sad.len(), 1, "{}", db.name);
        assert_eq!(Mood::ALL.len(), 3);
    }
}

#[test]
fn select_projections_and_group_by_aggregates() {
    for db in databases() {
        let c = &db.client;
        people(c);
        let n = db.name;
        let rows = c
            .user()
            .query()
            .filter(user::AGE.not_null())
            .order(user::NAME.asc())
            .select((user::NAME, user::AGE))
            .all()
            .unwrap();
        assert_eq!(
            rows,
            [
                ("Ada".to_string(), Some(36)),
                ("Bob".into(), Some(20)),
                ("dora".into(), Some(50))
            ],
            "{n}"
        );
        let roles = c
            .user()
            .query()
            .select(user::ROLE)
            .distinct()
            .all()
            .unwrap();
        assert_eq!(roles.len(), 2, "{n}");
        let first = c
            .user()
            .query()
            .order(user::AGE.desc())
            .filter(user::AGE.not_null())
            .select(user::NAME)
            .first()
            .unwrap();
        assert_eq!(first, "dora", "{n}");
        let mut by_role = c
            .user()
            .query()
            .group_by(user::ROLE)
            .aggregate(count())
            .aggregate(user::AGE.max())
            .scan::<(i64, Option<i64>)>()
            .unwrap();
        by_role.sort_by_key(|(r, _)| *r);
        let sums = c
            .user()
            .query()
            .group_by(user::ROLE)
            .aggregate(user::AGE.sum())
            .aggregate(user::AGE.mean())
            .aggregate(user::AGE.min())
            .scan::<(Option<i64>, Option<f64>, Option<i64>)>()
            .unwrap();
        let readers = sums.iter().find(|(r, _)| *r == Role::Reader).unwrap();
        assert_eq!(
            readers.1,
            (Some(70), Some(35.0), Some(20)),
            "{n}: NULL ages skipped"
        );
        assert_eq!(
            by_role,
            [(Role::Admin, (1, Some(36))), (Role::Reader, (3, Some(50)))],
            "{n}"
        );
    }
}
