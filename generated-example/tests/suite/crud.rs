//! Create, read, update, delete through the generated client on PostgreSQL, SQLite and MariaDB.

use super::*;
// The runtime's copies: the example has no chrono or serde_json dependency of its own.
use entgen_runtime::{chrono, serde_json};
use generated_example::ent::user::UserCreate;
use generated_example::ent::user::{self, Role};
use generated_example::ent::{Error, tag};

#[bisync_test]
#[test]
async fn create_applies_defaults_and_returns_the_stored_row() {
    for db in databases().await {
        let c = &db.client;
        let before = chrono::Utc::now() - chrono::Duration::seconds(5);
        let u = c
            .user()
            .create()
            .set_name("Ada")
            .set_email("ada@example.com")
            .set_password("secret123")
            .save()
            .await
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
        let fetched = c.user().get(u.id).await.unwrap();
        assert_eq!(fetched, u, "{}: get returns what save returned", db.name);
        // Database-side default (`@default_sql`) read back by RETURNING.
        let p = post(c, u.id, "Hello").await;
        assert_eq!(p.word_count, 0, "{}", db.name);
        assert_eq!(p.views, 0);
        assert!(!p.published);
    }
}

#[bisync_test]
#[test]
async fn get_first_only_report_not_found_and_not_singular() {
    for db in databases().await {
        let c = &db.client;
        let e = c.user().get(42).await.unwrap_err();
        assert!(e.is_not_found(), "{}: {e}", db.name);
        assert_eq!(e.to_string(), "entgen: user not found");
        let e = c.user().query().first().await.unwrap_err();
        assert!(e.is_not_found());
        user(c, "A", Some(1)).await;
        user(c, "B", Some(2)).await;
        let e = c.user().query().only().await.unwrap_err();
        assert!(e.is_not_singular(), "{}: {e}", db.name);
        assert_eq!(e.to_string(), "entgen: user not singular");
        let only = c
            .user()
            .query()
            .filter(user::NAME.eq("B"))
            .only()
            .await
            .unwrap();
        assert_eq!(only.age, Some(2));
        let count = c.user().query().count().await.unwrap();
        assert_eq!(count, 2);
        let over_1 = c.user().query().filter(user::AGE.gt(1)).exist().await;
        assert!(over_1.unwrap());
        let over_2 = c.user().query().filter(user::AGE.gt(2)).exist().await;
        assert!(!over_2.unwrap());
        let ids = c
            .user()
            .query()
            .order(user::NAME.desc())
            .ids()
            .await
            .unwrap();
        assert_eq!(ids.len(), 2);
        let first_id = c
            .user()
            .query()
            .order(user::NAME.desc())
            .first_id()
            .await
            .unwrap();
        assert_eq!(first_id, ids[0]);
        let only_id = c
            .user()
            .query()
            .filter(user::NAME.eq("A"))
            .only_id()
            .await
            .unwrap();
        assert_eq!(only_id, ids[1]);
        let page = c
            .user()
            .query()
            .order(user::NAME.asc())
            .offset(1)
            .limit(1)
            .all()
            .await
            .unwrap();
        assert_eq!(names(&page), ["B"], "{}", db.name);
    }
}

#[bisync_test]
#[test]
async fn update_one_sets_adds_clears_and_applies_update_defaults() {
    for db in databases().await {
        let c = &db.client;
        let u = user(c, "Ada", Some(30)).await;
        pause(std::time::Duration::from_millis(5)).await;
        let v = c
            .user()
            .update_one(&u)
            .add_age(2)
            .set_nickname("countess")
            .set_role(Role::Admin)
            .save()
            .await
            .unwrap();
        assert_eq!(v.age, Some(32), "{}", db.name);
        assert_eq!(v.nickname.as_deref(), Some("countess"));
        assert_eq!(v.role, Role::Admin);
        assert_eq!(v.created_at, u.created_at, "{}: immutable", db.name);
        // ent's MySQL column is `timestamp`, which keeps whole seconds.
        if db.is_mysql() {
            assert!(v.updated_at >= u.updated_at, "{}: update default", db.name);
        } else {
            assert!(v.updated_at > u.updated_at, "{}: update default", db.name);
        }
        let w = c
            .user()
            .update_one_id(u.id)
            .clear_age()
            .clear_nickname()
            .save()
            .await
            .unwrap();
        assert_eq!((w.age, w.nickname), (None, None), "{}", db.name);
        let e = c
            .user()
            .update_one_id(999)
            .set_name("x")
            .save()
            .await
            .unwrap_err();
        assert!(e.is_not_found(), "{}: {e}", db.name);
    }
}

#[bisync_test]
#[test]
async fn update_and_delete_many_by_predicate_return_counts() {
    for db in databases().await {
        let c = &db.client;
        for (n, age) in [("A", 10), ("B", 20), ("C", 30)] {
            user(c, n, Some(age)).await;
        }
        let n = c
            .user()
            .update()
            .filter(user::AGE.ge(20))
            .set_bio("old")
            .exec()
            .await
            .unwrap();
        assert_eq!(n, 2, "{}", db.name);
        let bios = c
            .user()
            .query()
            .filter(user::BIO.eq("old"))
            .count()
            .await
            .unwrap();
        assert_eq!(bios, 2);
        let n = c
            .user()
            .delete()
            .filter(user::AGE.lt(15))
            .exec()
            .await
            .unwrap();
        assert_eq!(n, 1, "{}", db.name);
        let b = c
            .user()
            .query()
            .filter(user::NAME.eq("B"))
            .only()
            .await
            .unwrap();
        c.user().delete_one(&b).exec().await.unwrap();
        let e = c.user().delete_one_id(b.id).exec().await.unwrap_err();
        assert!(e.is_not_found(), "{}: {e}", db.name);
        let left = c.user().query().all().await.unwrap();
        assert_eq!(names(&left), ["C"]);
        let deleted = c.user().delete().exec().await.unwrap();
        assert_eq!(deleted, 1);
    }
}

#[bisync_test]
#[test]
async fn create_bulk_inserts_in_one_statement_and_returns_rows_in_order() {
    for db in databases().await {
        let c = &db.client;
        db.log.clear();
        let rows = (0..50).map(|i| {
            UserCreate::new()
                .set_name(format!("u{i:02}"))
                .set_email(format!("u{i}@example.com"))
                .set_password("password1")
        });
        let users = c.user().create_bulk(rows).save().await.unwrap();
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
        let count = c.user().query().count().await.unwrap();
        assert_eq!(count, 50);
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
        let e = c.user().create_bulk(bad).save().await.unwrap_err();
        assert!(
            matches!(e, Error::Validation { field: "name", .. }),
            "{}: {e}",
            db.name
        );
        let count = c.user().query().count().await.unwrap();
        assert_eq!(count, 50);
        let tags = c
            .tag()
            .create_bulk(
                ["a", "b"].map(|n| generated_example::ent::tag::TagCreate::new().set_name(n)),
            )
            .save()
            .await
            .unwrap();
        assert_eq!(
            tags.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
            ["a", "b"]
        );
        let tagged = c.tag().query().filter(tag::NAME.is_in(["a", "b"])).count();
        let tagged = tagged.await.unwrap();
        assert_eq!(tagged, 2);
    }
}

/// Thousands of rows in one bulk: on PostgreSQL one `unnest` INSERT (one array per column)
/// whatever the number of rows, on SQLite `VALUES` batches under the parameter limit; either
/// way every value type, NULLs, defaults, hooks, edges and upserts come back as sent, in input
/// order.
#[bisync_test]
#[test]
async fn create_bulk_of_thousands_of_rows_round_trips_every_type() {
    use entgen_runtime::typed::types::{Json, Uuid};
    use entgen_runtime::value::Value;
    use generated_example::ent::{Hook, Op};
    use std::sync::{Arc, Mutex};

    const N: i64 = 6000;
    let t0 = chrono::DateTime::from_timestamp(1_700_000_000, 123_456_000).unwrap();
    let row = |i: i64, group: Option<i64>| {
        let nulls = i % 3 == 0;
        let mut u = UserCreate::new()
            .set_name(format!("u{i}"))
            .set_email(format!("u{i}@example.com"))
            .set_password("password1")
            .set_age(i % 150)
            .set_role(if i % 2 == 0 {
                Role::Admin
            } else {
                Role::Author
            })
            .set_api_key(Uuid::from_u128(i as u128 + 1))
            .set_created_at(t0 + chrono::Duration::microseconds(i));
        if let Some(g) = group {
            // Edges of bulk rows are linked once the rows exist.
            u = u.add_groups([g]);
        }
        // Explicit NULLs keep every row on the same columns (one statement).
        let u = u.into_inner();
        if nulls {
            u.set("bio", Value::Null)
                .set("settings", Value::Null)
                .set("avatar", Value::Null)
        } else {
            u.set("bio", format!("bio ‘{i}’"))
                .set("settings", serde_json::json!({"i": i, "tags": ["a", null]}))
                .set("avatar", vec![0u8, (i % 256) as u8, 255])
        }
    };
    for db in databases().await {
        let pg = db.name == "postgres";
        let c = &db.client;
        let group = c.group().create().set_name("bulk").save().await.unwrap();
        let counts = Arc::new(Mutex::new((0, 0)));
        let (before, after) = (counts.clone(), counts.clone());
        c.user().use_hook(Hook::before(Op::CREATE, move |_| {
            before.lock().unwrap().0 += 1;
            Ok(())
        }));
        c.user().use_hook(Hook::after(Op::CREATE, move |_, _| {
            after.lock().unwrap().1 += 1;
            Ok(())
        }));
        db.log.clear();
        let rows = (0..N).map(|i| row(i, (i == 0 || i == N - 1).then_some(group.id)));
        let users = entgen_runtime::typed::CreateBulk::new(c.raw(), rows)
            .save()
            .await
            .unwrap();
        assert_eq!(
            *counts.lock().unwrap(),
            (N, N),
            "{}: hooks per row",
            db.name
        );
        let inserts: Vec<String> = db
            .log
            .lines()
            .into_iter()
            .filter(|l| {
                l.starts_with("query=INSERT INTO \"users\"")
                    || l.starts_with("query=INSERT INTO `users`")
            })
            .collect();
        if pg {
            assert_eq!(inserts.len(), 1, "postgres: one INSERT for {N} rows");
            assert!(inserts[0].contains("unnest("), "{}", &inserts[0][..200]);
        } else {
            assert!(inserts.len() > 1, "sqlite: VALUES batches under the limit");
            assert!(inserts.iter().all(|l| l.contains(") VALUES (")));
        }
        assert_eq!(users.len(), N as usize);
        assert!(users.windows(2).all(|w| w[0].id < w[1].id), "{}", db.name);
        let stored = c.user().query().order(user::ID.asc()).all().await.unwrap();
        assert_eq!(
            stored, users,
            "{}: returned rows are the stored rows",
            db.name
        );
        for (i, u) in (0..N).zip(&users) {
            assert_eq!(u.name, format!("u{i}"));
            assert_eq!(u.age, Some(i % 150));
            assert_eq!(
                u.role,
                if i % 2 == 0 {
                    Role::Admin
                } else {
                    Role::Author
                }
            );
            assert_eq!(u.api_key, Uuid::from_u128(i as u128 + 1));
            let created = t0 + chrono::Duration::microseconds(i);
            if db.is_mysql() {
                // `timestamp` keeps whole seconds (MariaDB cuts the fraction off).
                assert_eq!(u.created_at.timestamp(), created.timestamp());
            } else {
                assert_eq!(u.created_at, created);
            }
            assert!(u.updated_at > t0, "{}: default applied", db.name);
            if i % 3 == 0 {
                assert_eq!((&u.bio, &u.settings, &u.avatar), (&None, &None, &None));
            } else {
                assert_eq!(u.bio.as_deref(), Some(format!("bio ‘{i}’").as_str()));
                let json: Json = serde_json::json!({"i": i, "tags": ["a", null]});
                assert_eq!(u.settings.as_ref(), Some(&json));
                assert_eq!(u.avatar.as_deref(), Some(&[0u8, (i % 256) as u8, 255][..]));
            }
        }
        let members = c
            .group()
            .query()
            .with_members(|q| q.order(user::ID.asc()))
            .only()
            .await
            .unwrap();
        assert_eq!(
            members
                .members()
                .unwrap()
                .iter()
                .map(|u| u.id)
                .collect::<Vec<_>>(),
            [users[0].id, users[N as usize - 1].id],
            "{}",
            db.name
        );

        // Runs of rows leaving different optional fields unset: one statement per run, rows
        // inserted (ids rising) and returned in input order, so a row may refer to one
        // before it.
        db.log.clear();
        let mixed = (0..300).map(|i| {
            UserCreate::new()
                .set_name(format!("m{i}"))
                .set_email(format!("m{i}@example.com"))
                .set_password("password1")
                .set_optional_age(((i / 100) % 2 == 0).then_some(i % 150))
        });
        let made = c.user().create_bulk(mixed).save().await.unwrap();
        let ages: Vec<Option<i64>> = made.iter().map(|u| u.age).collect();
        assert_eq!(
            ages,
            (0..300)
                .map(|i| ((i / 100) % 2 == 0).then_some(i % 150))
                .collect::<Vec<_>>()
        );
        assert!(made.windows(2).all(|w| w[0].id < w[1].id), "{}", db.name);
        assert!(
            made.iter()
                .enumerate()
                .all(|(i, u)| u.name == format!("m{i}"))
        );
        let inserts = db
            .log
            .lines()
            .iter()
            .filter(|l| l.starts_with("query=INSERT"))
            .count();
        assert_eq!(inserts, 3, "{}: three runs, three statements", db.name);

        // Upsert: rows whose email exists update that row (same id), the others are new.
        let upsert = (N - 100..N + 100).map(|i| {
            UserCreate::new()
                .set_name(format!("v{i}"))
                .set_email(format!("u{i}@example.com"))
                .set_password("password2")
                .set_age(1)
                .on_conflict(user::EMAIL)
                .update_new_values()
        });
        let up = c.user().create_bulk(upsert).save().await.unwrap();
        assert_eq!(up.len(), 200);
        for (k, u) in up.iter().enumerate() {
            assert_eq!(u.name, format!("v{}", N - 100 + k as i64));
            assert_eq!(u.age, Some(1));
            if k < 100 {
                assert_eq!(
                    u.id,
                    users[N as usize - 100 + k].id,
                    "{}: same row",
                    db.name
                );
            } else {
                assert!(u.id > users[N as usize - 1].id);
            }
        }
        let total = N + 300 + 100;
        let count = c.user().query().count().await.unwrap();
        assert_eq!(count, total as u64);
        // `do_nothing`: rows whose email exists are skipped and left out of the result; the
        // others come back in input order. 200 rows take the `unnest` form on PostgreSQL.
        let skip = (N - 100..N + 100).map(|i| {
            UserCreate::new()
                .set_name(format!("w{i}"))
                .set_email(if i < N {
                    format!("u{i}@example.com")
                } else {
                    format!("w{i}@example.com")
                })
                .set_password("password2")
                .on_conflict(user::EMAIL)
                .do_nothing()
        });
        let made = c.user().create_bulk(skip).save().await.unwrap();
        assert_eq!(
            made.iter().map(|u| u.name.clone()).collect::<Vec<_>>(),
            (N..N + 100).map(|i| format!("w{i}")).collect::<Vec<_>>(),
            "{}: the skipped rows are left out",
            db.name
        );
        assert!(made.windows(2).all(|w| w[0].id < w[1].id), "{}", db.name);
        let count = c.user().query().count().await.unwrap();
        assert_eq!(count, total as u64 + 100);
        let email = format!("u{}@example.com", N - 1);
        let kept = c.user().query().filter(user::EMAIL.eq(email)).only().await;
        let name = format!("v{}", N - 1);
        assert_eq!(
            kept.unwrap().name,
            name,
            "{}: existing row untouched",
            db.name
        );
    }
}
