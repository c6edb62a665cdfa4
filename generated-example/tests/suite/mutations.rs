//! Validators, hooks, upserts, typed constraint errors, transactions, the debug log and
//! sensitive fields, on PostgreSQL, SQLite and MariaDB.

use std::sync::{Arc, Mutex};

use super::*;
use generated_example::ent::profile;
use generated_example::ent::user::{self, UserCreate};
use generated_example::ent::{ConstraintKind, Error, Hook, Op, post};

fn valid_user(c: &Client) -> UserCreate<&RawClient> {
    c.user()
        .create()
        .set_name("Ada")
        .set_email("ada@example.com")
        .set_password("password1")
}

#[bisync_test]
#[test]
async fn validators_and_required_fields_refuse_before_any_sql() {
    for db in databases().await {
        let c = &db.client;
        db.log.clear();
        let cases = [
            (
                valid_user(c).set_name(""),
                "name",
                "value is less than the required length",
            ),
            (
                valid_user(c).set_name("x".repeat(65)),
                "name",
                "value is greater than the required length",
            ),
            (
                valid_user(c).set_email("no-at-sign"),
                "email",
                "value does not match validation",
            ),
            (valid_user(c).set_age(151), "age", "value out of range"),
            (valid_user(c).set_age(-1), "age", "value out of range"),
            (
                valid_user(c).set_password("short"),
                "password",
                "value is less than the required length",
            ),
        ];
        for (create, field, reason) in cases {
            match create.save().await {
                Err(Error::Validation {
                    entity,
                    field: f,
                    reason: why,
                    ..
                }) => {
                    assert_eq!(
                        (entity, f, why.as_ref()),
                        ("User", field, reason),
                        "{}",
                        db.name
                    )
                }
                other => panic!("{}: {field}: {other:?}", db.name),
            }
        }
        let e = c
            .user()
            .create()
            .set_name("Ada")
            .set_password("password1")
            .save()
            .await
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "entgen: missing required field \"User.email\"",
            "{}",
            db.name
        );
        assert!(e.is_validation());
        assert!(
            db.log.lines().is_empty(),
            "{}: no SQL ran: {:?}",
            db.name,
            db.log.lines()
        );
        // Numeric validators of every kind, on create and update.
        let g = c
            .group()
            .create()
            .set_name("g")
            .set_level(0)
            .save()
            .await
            .unwrap_err();
        assert!(
            matches!(g, Error::Validation { field: "level", .. }),
            "{}: positive is strict",
            db.name
        );
        let g = c
            .group()
            .create()
            .set_name("g")
            .set_debt(0)
            .save()
            .await
            .unwrap_err();
        assert!(
            matches!(g, Error::Validation { field: "debt", .. }),
            "{}: negative is strict",
            db.name
        );
        let g = c.group().create().set_name("g").save().await.unwrap();
        let e = c
            .group()
            .update_one(&g)
            .set_name("")
            .save()
            .await
            .unwrap_err();
        assert!(
            matches!(e, Error::Validation { field: "name", .. }),
            "{}: min_len on update",
            db.name
        );
        let u = user(c, "Bob", None).await;
        let e = c
            .user()
            .update_one(&u)
            .set_age(200)
            .save()
            .await
            .unwrap_err();
        assert!(
            matches!(e, Error::Validation { field: "age", .. }),
            "{}",
            db.name
        );
        let ok = c
            .profile()
            .create()
            .set_display_name("p")
            .set_score(5.0)
            .set_balance(-100)
            .set_user(u.id)
            .save()
            .await
            .unwrap();
        assert_eq!((ok.score, ok.balance), (5.0, -100));
        let e = c
            .profile()
            .update_one(&ok)
            .set_score(5.5)
            .save()
            .await
            .unwrap_err();
        assert!(
            matches!(e, Error::Validation { field: "score", .. }),
            "{}",
            db.name
        );
        let e = c
            .profile()
            .update_one(&ok)
            .set_website("ftp://x")
            .save()
            .await
            .unwrap_err();
        assert!(
            matches!(
                e,
                Error::Validation {
                    field: "website",
                    ..
                }
            ),
            "{}",
            db.name
        );
        let no_website = c.profile().query().filter(profile::WEBSITE.is_null());
        let no_website = no_website.exist().await.unwrap();
        assert!(no_website);
    }
}

/// The text of the error a refused mutation returned.
fn message<T: std::fmt::Debug>(r: Result<T, Error>) -> String {
    r.unwrap_err().to_string()
}

/// A validation error names each failing rule with its limit and what the value had, and a
/// mutation that breaks several rules reports all of them, in schema order, before any SQL.
#[bisync_test]
#[test]
async fn validation_errors_name_the_rule_its_limit_and_every_failure() {
    for mut db in databases().await {
        let c = &mut db.client;
        db.log.clear();
        let refused = valid_user(c).set_name("x".repeat(70)).save().await;
        assert_eq!(
            message(refused),
            "entgen: validator failed for field \"User.name\": @max_len(64): value is greater than \
             the required length, got 70 bytes",
            "{}",
            db.name
        );
        let refused = valid_user(c).set_email("no-at-sign").save().await;
        assert_eq!(
            message(refused),
            "entgen: validator failed for field \"User.email\": @match(\"^[^@ ]+@[^@ ]+$\"): value \
             does not match validation",
            "{}",
            db.name
        );
        let refused = valid_user(c).set_age(151).save().await;
        assert!(
            message(refused).ends_with("\"User.age\": @range(0, 150): value out of range, got 151"),
            "{}",
            db.name
        );
        let refused = c.group().create().set_name("g").set_level(0).save().await;
        assert!(
            message(refused).ends_with("\"Group.level\": @positive: value out of range, got 0"),
            "{}",
            db.name
        );

        let all = valid_user(c)
            .set_name("")
            .set_email("nobody")
            .set_age(200)
            .set_password("short")
            .save()
            .await
            .unwrap_err();
        let Error::Validation {
            field, failures, ..
        } = &all
        else {
            panic!("{}: {all:?}", db.name)
        };
        let rules: Vec<(&str, &str)> = failures
            .iter()
            .map(|f| (f.field, f.rule.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(
            rules,
            [
                ("name", "@not_empty"),
                ("email", "@match(\"^[^@ ]+@[^@ ]+$\")"),
                ("age", "@range(0, 150)"),
                ("password", "@min_len(8)"),
            ],
            "{}",
            db.name
        );
        assert_eq!(*field, "name", "{}: the first failure leads", db.name);
        let text = all.to_string();
        assert!(text.starts_with("entgen: 4 validators failed: "), "{text}");
        assert!(
            text.ends_with(
                "\"User.password\": @min_len(8): value is less than the required length"
            ),
            "a sensitive field's failure says nothing of its value: {text}"
        );

        // On update too, and an unset field is not checked.
        let u = valid_user(c).save().await.unwrap();
        let e = c
            .user()
            .update_one(&u)
            .set_name("y".repeat(65))
            .set_age(-1)
            .save()
            .await
            .unwrap_err();
        let Error::Validation { failures, .. } = &e else {
            panic!("{}: {e:?}", db.name)
        };
        let got: Vec<Option<&str>> = failures.iter().map(|f| f.got.as_deref()).collect();
        assert_eq!(got, [Some("65 bytes"), Some("-1")], "{}", db.name);
        let p = c
            .profile()
            .create()
            .set_display_name("p")
            .set_user(u.id)
            .save()
            .await
            .unwrap();
        let refused = c.profile().update_one(&p).set_score(5.5).save().await;
        assert!(
            message(refused)
                .ends_with("\"Profile.score\": @range(-1.5, 5): value out of range, got 5.5"),
            "{}",
            db.name
        );
        let statements = db.log.lines();
        assert!(
            statements.iter().all(|s| !s.contains("UPDATE")),
            "{}: refused updates send no SQL: {statements:?}",
            db.name
        );
    }
}

#[bisync_test]
#[test]
async fn constraint_errors_are_told_apart() {
    for db in databases().await {
        let c = &db.client;
        let ada = user(c, "Ada", Some(1)).await;
        let e = valid_user(c).save().await.unwrap_err();
        assert_eq!(
            e.constraint_kind(),
            Some(ConstraintKind::Unique),
            "{}: {e}",
            db.name
        );
        assert!(e.to_string().starts_with("entgen: constraint failed:"));
        let e = c
            .post()
            .create()
            .set_title("t")
            .set_body("b")
            .set_slug("s")
            .set_author(999)
            .save()
            .await
            .unwrap_err();
        assert!(e.is_foreign_key_violation(), "{}: {e}", db.name);
        // `@@check(age_ok, "age >= 0")` guards what the validator would let through on update.
        let e = c
            .user()
            .update()
            .filter(user::ID.eq(ada.id))
            .add_age(-5)
            .exec()
            .await
            .unwrap_err();
        assert!(e.is_check_violation(), "{}: {e}", db.name);
    }
}

#[bisync_test]
#[test]
async fn hooks_run_in_order_see_and_change_mutations() {
    for db in databases().await {
        let c = &db.client;
        let seen = Arc::new(Mutex::new(Vec::<String>::new()));
        let s1 = seen.clone();
        c.use_hook(Hook::before(Op::CREATE | Op::UPDATE_ONE, move |m| {
            s1.lock()
                .unwrap()
                .push(format!("before {} {:?}", m.entity(), m.op()));
            if m.entity() == "User" && m.field("bio").is_none() && m.op().is(Op::CREATE) {
                m.set("bio", "set by hook");
            }
            Ok(())
        }));
        let s2 = seen.clone();
        c.use_hook(Hook::after(Op::ALL, move |m, outcome| {
            s2.lock()
                .unwrap()
                .push(format!("after {} {}", m.entity(), outcome.affected));
            Ok(())
        }));
        c.tag().use_hook(Hook::before(Op::ANY_DELETE, |_| {
            Err(Error::validation("Tag", "id", "tags are forever"))
        }));
        let u = user(c, "Ada", None).await;
        assert_eq!(
            u.bio.as_deref(),
            Some("set by hook"),
            "{}: before hook changed the row",
            db.name
        );
        c.user().update_one(&u).set_age(3).save().await.unwrap();
        let t = c.tag().create().set_name("x").save().await.unwrap();
        let e = c.tag().delete_one(&t).exec().await.unwrap_err();
        assert_eq!(
            e.to_string(),
            "entgen: validator failed for field \"Tag.id\": tags are forever"
        );
        let tags = c.tag().query().count().await.unwrap();
        assert_eq!(tags, 1, "{}: refused before SQL", db.name);
        c.user().delete_one(&u).exec().await.unwrap();
        assert_eq!(
            *seen.lock().unwrap(),
            [
                "before User Op(1)",
                "after User 1",
                "before User Op(4)",
                "after User 1",
                "before Tag Op(1)",
                "after Tag 1",
                "after User 1",
            ],
            "{}",
            db.name
        );
    }
}

#[bisync_test]
#[test]
async fn upsert_updates_new_values_or_does_nothing() {
    for db in databases().await {
        let c = &db.client;
        let first = user(c, "Ada", Some(1)).await;
        let again = valid_user(c)
            .set_name("Ada Lovelace")
            .set_age(2)
            .on_conflict(user::EMAIL)
            .update_new_values()
            .save()
            .await
            .unwrap();
        assert_eq!(again.id, first.id, "{}: same row", db.name);
        assert_eq!(
            (again.name.as_str(), again.age),
            ("Ada Lovelace", Some(2)),
            "{}",
            db.name
        );
        // The new row's defaults for the immutable `created_at` and `api_key` do not overwrite
        // the stored ones (ent's `UpdateNewValues`).
        assert_eq!(
            (again.created_at, again.api_key),
            (first.created_at, first.api_key),
            "{}: immutable fields kept",
            db.name
        );
        let e = valid_user(c)
            .set_name("Ignored")
            .on_conflict(user::EMAIL)
            .do_nothing()
            .save()
            .await
            .unwrap_err();
        assert!(
            e.is_not_found(),
            "{}: do nothing returns no row: {e}",
            db.name
        );
        // `exec` asks for no row back: a skipped row is what `do_nothing` is for.
        valid_user(c)
            .set_name("Ignored too")
            .on_conflict(user::EMAIL)
            .do_nothing()
            .exec()
            .await
            .unwrap_or_else(|e| panic!("{}: exec of a skipped row: {e}", db.name));
        let e = valid_user(c)
            .on_conflict(user::EMAIL)
            .do_nothing()
            .id()
            .await
            .unwrap_err();
        assert!(e.is_not_found(), "{}: no id to return: {e}", db.name);
        let stored = c.user().get(first.id).await.unwrap();
        assert_eq!(stored.name, "Ada Lovelace");
        let count = c.user().query().count().await.unwrap();
        assert_eq!(count, 1);
        // Without a conflict, `exec` of the same builder inserts.
        valid_user(c)
            .set_email("grace@example.com")
            .on_conflict(user::EMAIL)
            .do_nothing()
            .exec()
            .await
            .unwrap();
        let count = c.user().query().count().await.unwrap();
        assert_eq!(count, 2, "{}", db.name);
    }
}

#[bisync_test]
#[test]
async fn transactions_commit_roll_back_and_roll_back_on_drop() {
    for db in databases().await {
        let c = &db.client;
        let tx = c.tx().await.unwrap();
        let ada = user_in(&tx, "Ada").await;
        tx.post()
            .create()
            .set_title("t")
            .set_body("b")
            .set_slug("s")
            .set_author(ada)
            .save()
            .await
            .unwrap();
        tx.commit().await.unwrap();
        {
            let tx = c.tx().await.unwrap();
            user_in(&tx, "Bob").await;
            let inside = tx.user().query().count().await.unwrap();
            assert_eq!(inside, 2, "{}: visible inside", db.name);
            tx.rollback().await.unwrap();
        }
        {
            let tx = c.tx().await.unwrap();
            user_in(&tx, "Cy").await;
            // Dropped without commit.
        }
        let tx = c.tx().await.unwrap();
        {
            let inner = tx.tx().await.unwrap();
            user_in(&inner, "Dora").await;
            inner.rollback().await.unwrap();
        }
        user_in(&tx, "Eve").await;
        tx.commit().await.unwrap();
        let names: Vec<String> = c
            .user()
            .query()
            .order(user::NAME.asc())
            .select(user::NAME)
            .all()
            .await
            .unwrap();
        assert_eq!(names, ["Ada", "Eve"], "{}", db.name);
        let posts = c.post().query().filter(post::has_author()).count().await;
        assert_eq!(posts.unwrap(), 1);
    }
}

/// A transaction's client kept past its commit or rollback (a clone handed to other code)
/// fails with ent's "already committed or rolled back" instead of writing outside it.
#[bisync_test]
#[test]
async fn a_transactions_client_fails_after_the_transaction_ends() {
    for db in databases().await {
        let c = &db.client;
        for commit in [false, true] {
            let tx = c.tx().await.unwrap();
            let kept = tx.as_client();
            user_in(&tx, "Inside").await;
            if commit {
                tx.commit().await.unwrap();
            } else {
                tx.rollback().await.unwrap();
            }
            let late = kept.user().create().set_name("Late").set_email("late@x.io");
            let e = late.set_password("password1").save().await.unwrap_err();
            assert!(matches!(e, Error::TransactionDone), "{}: {e}", db.name);
            assert_eq!(
                e.to_string(),
                "entgen: the transaction has already been committed or rolled back"
            );
            // A query as well as a mutation.
            let e = kept.user().query().count().await.unwrap_err();
            assert!(matches!(e, Error::TransactionDone), "{}: {e}", db.name);
        }
        let late = c
            .user()
            .query()
            .filter(user::NAME.eq("Late"))
            .count()
            .await
            .unwrap();
        assert_eq!(late, 0, "{}", db.name);
        // The connection went back to the pool once the kept client was gone too.
        let inside = c.user().query().filter(user::NAME.eq("Inside")).count();
        let inside = inside.await.unwrap();
        assert_eq!(inside, 1);
    }
}

#[bisync_test]
#[test]
async fn a_failed_statement_dooms_a_postgres_transaction_unless_its_savepoint_is_rolled_back() {
    for db in databases().await {
        let c = &db.client;
        let tx = c.tx().await.unwrap();
        user_in(&tx, "Ada").await;
        // The same email again: a unique violation.
        let e = tx
            .user()
            .create()
            .set_name("Ada")
            .set_email("Ada@example.com")
            .set_password("password1")
            .save()
            .await
            .unwrap_err();
        assert!(e.is_unique_violation(), "{}: {e}", db.name);
        let committed = tx.commit().await;
        let count = c.user().query().count().await.unwrap();
        if db.name == "postgres" {
            // PostgreSQL aborted the transaction; its COMMIT would roll back silently.
            let e = committed.unwrap_err();
            assert!(
                matches!(e, Error::TransactionAborted { ref cause } if cause.contains("unique")),
                "{e}"
            );
            assert_eq!(count, 0, "nothing of the transaction is saved");
        } else {
            // SQLite undid the failed statement only.
            committed.unwrap();
            assert_eq!(count, 1);
        }

        // A failure inside a savepoint rolled back leaves the transaction usable.
        let tx = c.tx().await.unwrap();
        user_in(&tx, "Bob").await;
        {
            let inner = tx.tx().await.unwrap();
            let again = inner
                .user()
                .create()
                .set_name("Bob")
                .set_email("Bob@example.com")
                .set_password("password1")
                .save()
                .await;
            assert!(again.unwrap_err().is_unique_violation());
            inner.rollback().await.unwrap();
        }
        user_in(&tx, "Cy").await;
        tx.commit().await.unwrap();
        let names: Vec<String> = c
            .user()
            .query()
            .filter(user::NAME.ne("Ada"))
            .order(user::NAME.asc())
            .select(user::NAME)
            .all()
            .await
            .unwrap();
        assert_eq!(names, ["Bob", "Cy"], "{}", db.name);
    }
}

#[bisync]
async fn user_in(tx: &Tx, name: &str) -> i64 {
    tx.user()
        .create()
        .set_name(name)
        .set_email(format!("{name}@example.com"))
        .set_password("password1")
        .id()
        .await
        .unwrap()
}

#[bisync_test]
#[test]
async fn sensitive_fields_are_redacted_in_debug_and_the_statement_log() {
    for db in databases().await {
        let c = &db.client;
        db.log.clear();
        let u = valid_user(c)
            .set_password("hunter2hunter2")
            .save()
            .await
            .unwrap();
        let debug = format!("{u:?}");
        assert!(debug.contains("password: <sensitive>"), "{debug}");
        assert!(!debug.contains("hunter2"), "{debug}");
        c.user()
            .query()
            .filter(user::PASSWORD.eq("hunter2hunter2"))
            .count()
            .await
            .unwrap();
        c.user()
            .update_one(&u)
            .set_password("swordfish12")
            .save()
            .await
            .unwrap();
        let log = db.log.lines().join("\n");
        assert!(log.contains("<redacted>"), "{}: {log}", db.name);
        assert!(
            !log.contains("hunter2") && !log.contains("swordfish"),
            "{}: {log}",
            db.name
        );
        assert!(
            log.contains("ada@example.com"),
            "{}: other values are logged",
            db.name
        );
    }
}

#[bisync_test]
#[test]
async fn bulk_rows_are_checked_and_hooked_one_by_one() {
    for db in databases().await {
        let c = &db.client;
        let count = Arc::new(Mutex::new(0));
        let n = count.clone();
        c.user().use_hook(Hook::before(Op::CREATE, move |_| {
            *n.lock().unwrap() += 1;
            Ok(())
        }));
        let rows = (0..3).map(|i| {
            UserCreate::new()
                .set_name(format!("u{i}"))
                .set_email(format!("u{i}@x.y"))
                .set_password("password1")
        });
        c.user().create_bulk(rows).exec().await.unwrap();
        assert_eq!(*count.lock().unwrap(), 3, "{}", db.name);
        let p = post(c, 1, "priced").await;
        let p = c
            .post()
            .update_one(&p)
            .set_price(19.99)
            .save()
            .await
            .unwrap();
        assert_eq!(p.price, 19.99, "{}: numeric column round trip", db.name);
        for price in [0.0, -1234.5, 0.01, 99_999_999.99] {
            let p = c
                .post()
                .update_one(&p)
                .set_price(price)
                .save()
                .await
                .unwrap();
            assert_eq!(p.price, price, "{}: {price}", db.name);
        }
    }
}

#[bisync_test]
#[test]
async fn bulk_do_nothing_skips_existing_rows_with_their_edges_and_hooks() {
    for db in databases().await {
        let c = &db.client;
        let ada = user(c, "ada", None).await;
        let bulk = |names: [&str; 3]| {
            names.map(|name| {
                UserCreate::new()
                    .set_name(format!("{name} (new)"))
                    .set_email(format!("{name}@example.com"))
                    .set_password("password1")
                    .add_friends([ada.id])
                    .on_conflict(user::EMAIL)
                    .do_nothing()
            })
        };
        // Edges, no hooks: the skipped row gets no friend.
        let made = c
            .user()
            .create_bulk(bulk(["bob", "ada", "cy"]))
            .save()
            .await;
        let made = made.unwrap();
        assert_eq!(names(&made), ["bob (new)", "cy (new)"], "{}", db.name);
        let friends = c
            .user()
            .query_friends(&ada)
            .order(user::NAME.asc())
            .all()
            .await;
        assert_eq!(
            names(&friends.unwrap()),
            ["bob (new)", "cy (new)"],
            "{}: only the rows created are linked",
            db.name
        );

        // No edges, no hooks: one statement, whose RETURNING holds the rows created.
        // Without RETURNING, a statement per row: which rows INSERT IGNORE skipped, and so
        // the ids of the others, only its count of rows per statement tells.
        let plain = ["bob", "eve"].map(|name| {
            UserCreate::new()
                .set_name(format!("{name} (new)"))
                .set_email(format!("{name}@example.com"))
                .set_password("password1")
                .on_conflict(user::EMAIL)
                .do_nothing()
        });
        db.log.clear();
        let made = c.user().create_bulk(plain).save().await.unwrap();
        assert_eq!(names(&made), ["eve (new)"], "{}", db.name);
        let inserts = db
            .log
            .lines()
            .iter()
            .filter(|l| l.contains("INSERT"))
            .count();
        let statements = if db.returning() { 1 } else { 2 };
        assert_eq!(inserts, statements, "{}: {:?}", db.name, db.log.lines());

        // With an after hook, every row is reported: 0 rows affected for the skipped ones.
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        c.user()
            .use_hook(Hook::after(Op::CREATE, move |m, outcome| {
                let email = m.field("email").cloned();
                log.lock().unwrap().push((email, outcome.affected));
                Ok(())
            }));
        c.user()
            .create_bulk(bulk(["bob", "dee", "ada"]))
            .exec()
            .await
            .unwrap();
        let seen: Vec<(String, u64)> = seen
            .lock()
            .unwrap()
            .iter()
            .map(|(email, n)| (format!("{email:?}"), *n))
            .collect();
        let affected: Vec<u64> = seen.iter().map(|(_, n)| *n).collect();
        assert_eq!(affected, [0, 1, 0], "{}: {seen:?}", db.name);
        assert!(seen[1].0.contains("dee@example.com"), "{}", db.name);
        let count = c.user().query().count().await.unwrap();
        assert_eq!(count, 5, "{}", db.name);
        let friends = c.user().query_friends(&ada).count().await.unwrap();
        assert_eq!(friends, 3);
    }
}

#[bisync_test]
#[test]
async fn bulk_upsert_of_one_key_twice_applies_both_in_turn() {
    for db in databases().await {
        let c = &db.client;
        let rows = [("a", "first"), ("b", "other"), ("a", "second")].map(|(key, name)| {
            UserCreate::new()
                .set_name(name)
                .set_email(format!("{key}@example.com"))
                .set_password("password1")
                .on_conflict(user::EMAIL)
                .update_new_values()
        });
        // PostgreSQL refuses one statement that updates a row twice; the bulk splits it.
        let made = c.user().create_bulk(rows).save().await.unwrap();
        assert_eq!(names(&made), ["first", "other", "second"], "{}", db.name);
        assert_eq!(made[0].id, made[2].id, "{}: the same row", db.name);
        let a = c
            .user()
            .query()
            .filter(user::EMAIL.eq("a@example.com"))
            .only()
            .await;
        assert_eq!(a.unwrap().name, "second", "{}: the later row wins", db.name);
        let count = c.user().query().count().await.unwrap();
        assert_eq!(count, 2, "{}", db.name);
    }
}

#[bisync_test]
#[test]
async fn an_addition_past_the_field_type_is_refused_and_leaves_the_row_readable() {
    for db in databases().await {
        let c = &db.client;
        let g = c
            .group()
            .create()
            .set_name("g")
            .set_level(i8::MAX)
            .save()
            .await
            .unwrap();
        // The column (`smallint` on PostgreSQL) would hold 128; the `int8` field cannot.
        let e = c
            .group()
            .update_one(&g)
            .add_level(1)
            .save()
            .await
            .unwrap_err();
        if db.is_mysql() {
            // ent's MySQL column is `tinyint`, as narrow as the field: the server refuses.
            assert!(e.to_string().contains("Out of range"), "{}: {e}", db.name);
        } else {
            assert!(matches!(e, Error::Decode { .. }), "{}: {e}", db.name);
        }
        let stored = c.group().get(g.id).await.unwrap();
        assert_eq!(stored.level, i8::MAX, "{}: rolled back", db.name);
    }
}
