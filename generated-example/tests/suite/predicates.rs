//! ent's predicate sets per field type, combinators, ordering, projections and aggregates on
//! PostgreSQL, SQLite and MariaDB.

use super::*;
use generated_example::ent::comment::{self, Mood};
use generated_example::ent::user::{self, Role};
use generated_example::ent::{Predicate, count, post};

#[bisync]
async fn people(c: &Client) {
    for (name, age) in [
        ("Ada", Some(36)),
        ("Bob", Some(20)),
        ("Cy", None),
        ("dora", Some(50)),
    ] {
        user(c, name, age).await;
    }
    c.user()
        .update()
        .filter(user::NAME.eq("Ada"))
        .set_role(Role::Admin)
        .set_nickname("100% ada_")
        .exec()
        .await
        .unwrap();
}

#[bisync]
async fn query(c: &Client, p: Predicate<generated_example::ent::User>) -> Vec<String> {
    let users = c
        .user()
        .query()
        .filter(p)
        .order(user::NAME.asc())
        .all()
        .await
        .unwrap();
    names(&users).into_iter().map(str::to_owned).collect()
}

#[bisync_test]
#[test]
async fn comparison_and_membership_predicates() {
    for db in databases().await {
        let c = &db.client;
        people(c).await;
        let n = db.name;
        let got = query(c, user::NAME.eq("Bob")).await;
        assert_eq!(got, ["Bob"], "{n}");
        let got = query(c, user::NAME.ne("Bob")).await;
        assert_eq!(got, ["Ada", "Cy", "dora"], "{n}");
        let got = query(c, user::AGE.gt(20)).await;
        assert_eq!(got, ["Ada", "dora"], "{n}");
        let got = query(c, user::AGE.ge(20)).await;
        assert_eq!(got, ["Ada", "Bob", "dora"], "{n}");
        let got = query(c, user::AGE.lt(36)).await;
        assert_eq!(got, ["Bob"], "{n}");
        let got = query(c, user::AGE.le(36)).await;
        assert_eq!(got, ["Ada", "Bob"], "{n}");
        let got = query(c, user::NAME.is_in(["Cy", "Bob", "x"])).await;
        assert_eq!(got, ["Bob", "Cy"], "{n}");
        let got = query(c, user::NAME.not_in(["Cy", "Bob"])).await;
        assert_eq!(got, ["Ada", "dora"], "{n}");
        let got = query(c, user::NAME.is_in(Vec::<String>::new())).await;
        assert!(got.is_empty(), "{n}");
        let got = query(c, user::AGE.is_null()).await;
        assert_eq!(got, ["Cy"], "{n}");
        let got = query(c, user::AGE.not_null()).await;
        assert_eq!(got, ["Ada", "Bob", "dora"], "{n}");
        let got = query(c, user::ROLE.eq(Role::Admin)).await;
        assert_eq!(got, ["Ada"], "{n}");
        let got = query(c, user::ROLE.ne(Role::Admin)).await;
        assert_eq!(got.len(), 3, "{n}");
        let ada = c
            .user()
            .query()
            .filter(user::NAME.eq("Ada"))
            .only()
            .await
            .unwrap();
        let got = query(c, user::ID.eq(ada.id)).await;
        assert_eq!(got, ["Ada"], "{n}");
        let got = query(c, user::API_KEY.eq(ada.api_key)).await;
        assert_eq!(got, ["Ada"], "{n}");
        let got = query(c, user::CREATED_AT.le(ada.created_at)).await;
        assert_eq!(got.first().map(String::as_str), Some("Ada"), "{n}");
    }
}

#[bisync_test]
#[test]
async fn string_predicates_escape_wildcards_and_fold_case() {
    for db in databases().await {
        let c = &db.client;
        people(c).await;
        let n = db.name;
        let got = query(c, user::NAME.contains("o")).await;
        assert_eq!(got, ["Bob", "dora"], "{n}");
        let got = query(c, user::NAME.has_prefix("D")).await;
        assert_eq!(got, Vec::<String>::new(), "{n}: case-sensitive");
        let got = query(c, user::NAME.has_prefix("d")).await;
        assert_eq!(got, ["dora"], "{n}");
        let got = query(c, user::NAME.has_suffix("y")).await;
        assert_eq!(got, ["Cy"], "{n}");
        let got = query(c, user::NAME.equal_fold("DORA")).await;
        assert_eq!(got, ["dora"], "{n}");
        let got = query(c, user::NAME.contains_fold("DA")).await;
        assert_eq!(got, ["Ada"], "{n}");
        let got = query(c, user::EMAIL.contains_fold("EXAMPLE")).await;
        assert_eq!(got.len(), 4, "{n}");
        // `%` and `_` are text, not wildcards.
        let got = query(c, user::NICKNAME.contains("0% a")).await;
        assert_eq!(got, ["Ada"], "{n}");
        let got = query(c, user::NICKNAME.has_suffix("a_")).await;
        assert_eq!(got, ["Ada"], "{n}");
        let got = query(c, user::NICKNAME.contains("%x")).await;
        assert!(got.is_empty(), "{n}");
    }
}

#[bisync_test]
#[test]
async fn and_or_not_combine_predicates() {
    for db in databases().await {
        let c = &db.client;
        people(c).await;
        let n = db.name;
        let p = Predicate::and([user::AGE.gt(10), user::AGE.lt(40)]);
        let got = query(c, p).await;
        assert_eq!(got, ["Ada", "Bob"], "{n}");
        let p = Predicate::or([user::NAME.eq("Cy"), user::AGE.gt(40)]);
        let got = query(c, p).await;
        assert_eq!(got, ["Cy", "dora"], "{n}");
        let p = Predicate::not(user::NAME.has_prefix("A"));
        let got = query(c, p).await;
        assert_eq!(got, ["Bob", "Cy", "dora"], "{n}");
        let p = (user::AGE.gt(30) | user::AGE.is_null()) & !user::ROLE.eq(Role::Admin);
        let got = query(c, p).await;
        assert_eq!(got, ["Cy", "dora"], "{n}");
        // Filters called twice are ANDed.
        let both = c
            .user()
            .query()
            .filter(user::AGE.gt(10))
            .filter(user::NAME.has_prefix("B"))
            .all()
            .await
            .unwrap();
        assert_eq!(names(&both), ["Bob"], "{n}");
    }
}

#[bisync_test]
#[test]
async fn edge_predicates_use_exists_subqueries() {
    for db in databases().await {
        let c = &db.client;
        people(c).await;
        let ada = c
            .user()
            .query()
            .filter(user::NAME.eq("Ada"))
            .only()
            .await
            .unwrap();
        let bob = c
            .user()
            .query()
            .filter(user::NAME.eq("Bob"))
            .only()
            .await
            .unwrap();
        post(c, ada.id, "Rust tips").await;
        post(c, bob.id, "Go tips").await;
        let n = db.name;
        let got = query(c, user::has_posts()).await;
        assert_eq!(got, ["Ada", "Bob"], "{n}");
        let got = query(c, user::has_posts_with([post::TITLE.has_prefix("Rust")])).await;
        assert_eq!(got, ["Ada"], "{n}");
        let got = query(c, Predicate::not(user::has_posts())).await;
        assert_eq!(got, ["Cy", "dora"], "{n}");
        let rust = c
            .post()
            .query()
            .filter(post::has_author_with([user::NAME.eq("Ada")]))
            .only()
            .await
            .unwrap();
        assert_eq!(rust.title, "Rust tips", "{n}");
    }
}

#[bisync_test]
#[test]
async fn enums_round_trip_and_parse() {
    for db in databases().await {
        let c = &db.client;
        let u = user(c, "Ada", None).await;
        let p = post(c, u.id, "Hi").await;
        let happy = c
            .comment()
            .create()
            .set_body("yay")
            .set_post(p.id)
            .set_mood(Mood::Happy)
            .save()
            .await
            .unwrap();
        let plain = c
            .comment()
            .create()
            .set_body("meh")
            .set_post(p.id)
            .save()
            .await
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
            .await
            .unwrap();
        assert_eq!(sad.len(), 1, "{}", db.name);
        assert_eq!(Mood::ALL.len(), 3);
    }
}

#[bisync_test]
#[test]
async fn select_projections_and_group_by_aggregates() {
    for db in databases().await {
        let c = &db.client;
        people(c).await;
        let n = db.name;
        let rows = c
            .user()
            .query()
            .filter(user::AGE.not_null())
            .order(user::NAME.asc())
            .select((user::NAME, user::AGE))
            .all()
            .await
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
            .await
            .unwrap();
        assert_eq!(roles.len(), 2, "{n}");
        let first = c
            .user()
            .query()
            .order(user::AGE.desc())
            .filter(user::AGE.not_null())
            .select(user::NAME)
            .first()
            .await
            .unwrap();
        assert_eq!(first, "dora", "{n}");
        let mut by_role = c
            .user()
            .query()
            .group_by(user::ROLE)
            .aggregate(count())
            .aggregate(user::AGE.max())
            .scan::<(i64, Option<i64>)>()
            .await
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
            .await
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
