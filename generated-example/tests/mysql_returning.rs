//! Creates on MySQL 8's path, run on MariaDB with `?returning=false`: no `INSERT ...
//! RETURNING`, ids from `LAST_INSERT_ID()` (consecutive for a multi-row INSERT), rows read back
//! by id. Every other test of the generated client runs on that path too (`databases()`);
//! these check what only it does. And that MariaDB's own path is `RETURNING`. On the sync
//! client (the suite's `databases()` runs the `AsyncClient` on that path as well).

mod common;

use common::sync::{Db, mysql8_path, names, open_mariadb, user};
use generated_example::ent::profile::ProfileCreate;
use generated_example::ent::user::{self, User, UserCreate};

fn statements(db: &Db, starting: &str) -> Vec<String> {
    db.log
        .lines()
        .into_iter()
        .filter(|l| l.starts_with(starting))
        .collect()
}

/// What the database holds for `users`, fetched one by one.
fn stored(db: &Db, users: &[User]) -> Vec<User> {
    users
        .iter()
        .map(|u| db.client.user().get(u.id).unwrap())
        .collect()
}

#[test]
fn the_server_version_chooses_returning_and_the_url_can_say_no() {
    let db = open_mariadb();
    user(&db.client, "Ada", None);
    let inserts = statements(&db, "query=INSERT");
    assert!(inserts[0].contains(" RETURNING "), "{inserts:?}");

    let db = mysql8_path();
    db.log.clear();
    let ada = user(&db.client, "Ada", Some(36));
    assert!(
        db.log.lines().iter().all(|l| !l.contains("RETURNING")),
        "{:?}",
        db.log.lines()
    );
    // The INSERT and the row read back by its id, in one transaction.
    let lines = db.log.lines();
    assert!(lines[0].starts_with("query=BEGIN"), "{lines:?}");
    assert!(lines[2].contains("WHERE `users`.`id` = ?"), "{lines:?}");
    assert!(lines[3].starts_with("query=COMMIT"), "{lines:?}");
    assert_eq!(db.client.user().get(ada.id).unwrap(), ada);
}

#[test]
fn bulk_ids_are_consecutive_from_last_insert_id_and_rows_come_back_as_stored() {
    let db = mysql8_path();
    let c = &db.client;
    user(c, "first", None);
    db.log.clear();
    let rows = (0..300).map(|i| {
        UserCreate::new()
            .set_name(format!("u{i:03}"))
            .set_email(format!("u{i}@example.com"))
            .set_password("password1")
    });
    let made = c.user().create_bulk(rows).save().unwrap();
    assert_eq!(made.len(), 300);
    assert_eq!(made[0].id, 2, "after the first user");
    assert!(made.windows(2).all(|w| w[1].id == w[0].id + 1));
    assert_eq!(made[123].name, "u123");
    // One INSERT for the rows, one SELECT for all of them.
    assert_eq!(statements(&db, "query=INSERT").len(), 1);
    assert_eq!(statements(&db, "query=SELECT").len(), 1);
    assert_eq!(stored(&db, &made), made, "returned as stored");
}

#[test]
fn concurrent_bulks_each_get_their_own_rows() {
    let db = mysql8_path();
    let c = &db.client;
    std::thread::scope(|s| {
        for t in 0..2 {
            s.spawn(move || {
                for round in 0..5 {
                    let rows = (0..100).map(|i| {
                        UserCreate::new()
                            .set_name(format!("t{t}-r{round}-{i:03}"))
                            .set_email(format!("t{t}-r{round}-{i}@example.com"))
                            .set_password("password1")
                    });
                    let made = c.user().create_bulk(rows).save().unwrap();
                    let expected: Vec<String> =
                        (0..100).map(|i| format!("t{t}-r{round}-{i:03}")).collect();
                    assert_eq!(names(&made), expected);
                    assert!(made.windows(2).all(|w| w[1].id == w[0].id + 1));
                }
            });
        }
    });
    assert_eq!(c.user().query().count().unwrap(), 1000);
}

#[test]
fn client_side_ids_need_no_last_insert_id() {
    let db = mysql8_path();
    let c = &db.client;
    let owner = |name: &str| user(c, name, None).id;
    let solo = c.profile().create().set_display_name("solo");
    let one = solo.set_user(owner("solo")).save().unwrap();
    assert_eq!(c.profile().get(one.id).unwrap(), one);
    assert_eq!(one.visits, 0);
    let rows = ["a", "b", "c"].map(|n| ProfileCreate::new().set_display_name(n).set_user(owner(n)));
    let made = c.profile().create_bulk(rows).save().unwrap();
    let got: Vec<&str> = made.iter().map(|p| p.display_name.as_str()).collect();
    assert_eq!(got, ["a", "b", "c"], "in the order given");
    for p in &made {
        assert_eq!(&c.profile().get(p.id).unwrap(), p);
    }
}

#[test]
fn upserts_return_the_row_they_updated_or_nothing_when_ignored() {
    let db = mysql8_path();
    let c = &db.client;
    let _other = user(c, "Other", None);
    let ada = user(c, "Ada", Some(1));
    db.log.clear();
    let again = c
        .user()
        .create()
        .set_name("Ada Lovelace")
        .set_email("ada@example.com")
        .set_password("password1")
        .set_age(2)
        .on_conflict(user::EMAIL)
        .update_new_values()
        .save()
        .unwrap();
    assert_eq!(again.id, ada.id, "the row updated, not a new id");
    assert_eq!((again.name.as_str(), again.age), ("Ada Lovelace", Some(2)));
    assert_eq!(again.api_key, ada.api_key, "immutable kept");
    assert_eq!(c.user().get(ada.id).unwrap(), again);
    let insert = &statements(&db, "query=INSERT")[0];
    assert!(
        insert.contains("`id` = LAST_INSERT_ID(`users`.`id`)"),
        "{insert}"
    );

    // A bulk upsert mixing new and existing keys: one statement per row, each row's own.
    let rows = [
        ("ada", "Ada again"),
        ("new", "Newcomer"),
        ("other", "Other again"),
    ]
    .map(|(key, name)| {
        UserCreate::new()
            .set_name(name)
            .set_email(format!("{key}@example.com"))
            .set_password("password1")
            .on_conflict(user::EMAIL)
            .update_new_values()
    });
    let made = c.user().create_bulk(rows).save().unwrap();
    assert_eq!(names(&made), ["Ada again", "Newcomer", "Other again"]);
    assert_eq!(made[0].id, ada.id);
    assert_eq!(made[2].id, _other.id);
    assert!(made[1].id > ada.id);
    assert_eq!(stored(&db, &made), made);

    // INSERT IGNORE: a skipped row is no row; an inserted one is returned.
    let skipped = UserCreate::new()
        .set_name("skipped")
        .set_email("ada@example.com")
        .set_password("password1")
        .on_conflict(user::EMAIL)
        .do_nothing();
    let e = c.user().create_bulk([skipped]).save().unwrap();
    assert!(e.is_empty());
    let fresh = c
        .user()
        .create()
        .set_name("Fresh")
        .set_email("fresh@example.com")
        .set_password("password1")
        .on_conflict(user::EMAIL)
        .do_nothing()
        .save()
        .unwrap();
    assert_eq!(c.user().get(fresh.id).unwrap(), fresh);
}
