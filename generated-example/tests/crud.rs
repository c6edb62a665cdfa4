//! Create, read, update, delete through the generated client on PostgreSQL and SQLite.

mod common;

use common::{databases, names, user};
use generated_example::ent::user::UserCreate;
use generated_example::ent::user::{self, Role};
use generated_example::ent::{Error, tag};

#[test]
fn create_applies_defaults_and_returns_the_stored_row() {
    for mut db in databases() {
        let c = &mut db.client;
        let before = chrono::Utc::now() - chrono::Duration::seconds(5);
        let u = c
            .user()
            .create()
            .set_name("Ada")
            .set_email("ada@example.com")
            .set_password("secret123")
            .save()
            .unwrap();
        assert!(u.id > 0, "{}", db.name);
        assert_eq!(u.role, Role::Reader, "{}: enum default", db.name);
        assert!(u.created_at > before, "{}: now default", db.name);
        assert_eq!(
            u.settings,
            Some(serde_json::json!({"theme": "light"})),
            "{}: JSON default",
            db.name
        );
        assert_eq!(u.age, None);
        let fetched = c.user().get(u.id).unwrap();
        assert_eq!(fetched, u, "{}: get returns what save returned", db.name);
        // Database-side default (`@default_sql`) read back by RETURNING.
        let p = common::post(c, u.id, "Hello");
        assert_eq!(p.word_count, 0, "{}", db.name);
        assert_eq!(p.views, 0);
        assert!(!p.published);
    }
}

#[test]
fn get_first_only_report_not_found_and_not_singular() {
    for mut db in databases() {
        let c = &mut db.client;
        let e = c.user().get(42).unwrap_err();
        assert!(e.is_not_found(), "{}: {e}", db.name);
        assert_eq!(e.to_string(), "entgen: user not found");
        assert!(c.user().query().first().unwrap_err().is_not_found());
        user(c, "A", Some(1));
        user(c, "B", Some(2));
        let e = c.user().query().only().unwrap_err();
        assert!(e.is_not_singular(), "{}: {e}", db.name);
        assert_eq!(e.to_string(), "entgen: user not singular");
        let only = c.user().query().filter(user::NAME.eq("B")).only().unwrap();
        assert_eq!(only.age, Some(2));
        assert_eq!(c.user().query().count().unwrap(), 2);
        assert!(c.user().query().filter(user::AGE.gt(1)).exist().unwrap());
        assert!(!c.user().query().filter(user::AGE.gt(2)).exist().unwrap());
        let ids = c.user().query().order(user::NAME.desc()).ids().unwrap();
        assert_eq!(ids.len(), 2);
        assert_eq!(
            c.user()
                .query()
                .order(user::NAME.desc())
                .first_id()
                .unwrap(),
            ids[0]
        );
        assert_eq!(
            c.user()
                .query()
                .filter(user::NAME.eq("A"))
                .only_id()
                .unwrap(),
            ids[1]
        );
        assert_eq!(
            names(
                &c.user()
                    .query()
                    .order(user::NAME.asc())
                    .offset(1)
                    .limit(1)
                    .all()
                    .unwrap()
            ),
            ["B"],
            "{}",
            db.name
        );
    }
}

#[test]
fn update_one_sets_adds_clears_and_applies_update_defaults() {
    for mut db in databases() {
        let c = &mut db.client;
        let u = user(c, "Ada", Some(30));
        std::thread::sleep(std::time::Duration::from_millis(5));
        let v = c
            .user()
            .update_one(&u)
            .add_age(2)
            .set_nickname("countess")
            .set_role(Role::Admin)
            .save()
            .unwrap();
        assert_eq!(v.age, Some(32), "{}", db.name);
        assert_eq!(v.nickname.as_deref(), Some("countess"));
        assert_eq!(v.role, Role::Admin);
        assert_eq!(v.created_at, u.created_at, "{}: immutable", db.name);
        assert!(v.updated_at > u.updated_at, "{}: update default", db.name);
        let w = c
            .user()
            .update_one_id(u.id)
            .clear_age()
            .clear_nickname()
            .save()
            .unwrap();
        assert_eq!((w.age, w.nickname), (None, None), "{}", db.name);
        let e = c
            .user()
            .update_one_id(999)
            .set_name("x")
            .save()
            .unwrap_err();
        assert!(e.is_not_found(), "{}: {e}", db.name);
    }
}

#[test]
fn update_and_delete_many_by_predicate_return_counts() {
    for mut db in databases() {
        let c = &mut db.client;
        for (n, age) in [("A", 10), ("B", 20), ("C", 30)] {
            user(c, n, Some(age));
        }
        let n = c
            .user()
            .update()
            .filter(user::AGE.ge(20))
            .set_bio("old")
            .exec()
            .unwrap();
        assert_eq!(n, 2, "{}", db.name);
        let bios = c
            .user()
            .query()
            .filter(user::BIO.eq("old"))
            .count()
            .unwrap();
        assert_eq!(bios, 2);
        let n = c.user().delete().filter(user::AGE.lt(15)).exec().unwrap();
        assert_eq!(n, 1, "{}", db.name);
        let b = c.user().query().filter(user::NAME.eq("B")).only().unwrap();
        c.user().delete_one(&b).exec().unwrap();
        let e = c.user().delete_one_id(b.id).exec().unwrap_err();
        assert!(e.is_not_found(), "{}: {e}", db.name);
        assert_eq!(names(&c.user().query().all().unwrap()), ["C"]);
        assert_eq!(c.user().delete().exec().unwrap(), 1);
    }
}

#[test]
fn create_bulk_inserts_in_one_statement_and_returns_rows_in_order() {
    for mut db in databases() {
        let c = &mut db.client;
        db.log.clear();
        let rows = (0..50).map(|i| {
            UserCreate::new()
                .set_name(format!("u{i:02}"))
                .set_email(format!("u{i}@example.com"))
                .set_password("password1")
        });
        let users = c.user().create_bulk(rows).save().unwrap();
        assert_eq!(users.len(), 50, "{}", db.name);
        assert_eq!(users[7].name, "u07");
        assert!(users.windows(2).all(|w| w[0].id < w[1].id));
        let inserts = db
            .log
            .lines()
            .into_iter()
            .filter(|l| l.starts_with("query=INSERT"))
            .count();
        assert_eq!(inserts, 1, "{}: one multi-row INSERT", db.name);
        assert_eq!(c.user().query().count().unwrap(), 50);
        // A row failing validation stops the whole bulk before any SQL.
        let bad = [
            UserCreate::new()
                .set_name("ok")
                .set_email("ok@x.y")
                .set_password("password1"),
            UserCreate::new()
                .set_name("")
                .set_email("bad@x.y")
                .set_password("password1"),
        ];
        let e = c.user().create_bulk(bad).save().unwrap_err();
        assert!(
            matches!(e, Error::Validation { field: "name", .. }),
            "{}: {e}",
            db.name
        );
        assert_eq!(c.user().query().count().unwrap(), 50);
        let tags = c
            .tag()
            .create_bulk(
                ["a", "b"].map(|n| generated_example::ent::tag::TagCreate::new().set_name(n)),
            )
            .save()
            .unwrap();
        assert_eq!(
            tags.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
            ["a", "b"]
        );
        assert_eq!(
            c.tag()
                .query()
                .filter(tag::NAME.is_in(["a", "b"]))
                .count()
                .unwrap(),
            2
        );
    }
}

#[test]
fn clients_wrap_connections_the_application_owns() {
    let sqlite = entgen_runtime::typed::rusqlite::Connection::open_in_memory().unwrap();
    let mut c = generated_example::ent::Client::from_sqlite(sqlite).unwrap();
    c.schema().create(&mut Default::default()).unwrap();
    user(&mut c, "Solo", None);
    assert_eq!(c.user().query().count().unwrap(), 1);

    let mut pg_db = entgen_runtime::testing::TestDb::postgres();
    let pg = entgen_runtime::typed::postgres::Client::connect(
        pg_db.url(),
        entgen_runtime::typed::postgres::NoTls,
    )
    .unwrap();
    let _ = pg_db.pg();
    let mut c = generated_example::ent::Client::from_postgres(pg);
    c.schema().create(&mut Default::default()).unwrap();
    user(&mut c, "Solo", None);
    assert_eq!(c.user().query().count().unwrap(), 1);
    let again = c.schema().create(&mut Default::default()).unwrap();
    assert!(
        again.statements.is_empty(),
        "second create plans nothing: {:?}",
        again.statements
    );
}
