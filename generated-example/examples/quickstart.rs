//! The generated blog client on embedded SQLite (no server): migrate, create, query with
//! predicates, eager-load, traverse, update, and a transaction.
//!
//! `cargo run -p generated-example --example quickstart`

use entgen_runtime::automigrate::Options;
use generated_example::ent::user::{self, Role};
use generated_example::ent::{Client, Error, Predicate, comment, post, tag};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::open("sqlite::memory:")?;
    let report = client.schema().create(&mut Options::default())?;
    println!("migrated: {} statements", report.statements.len());

    // Create: typed setters, defaults (role, api_key, timestamps) filled in.
    let ada = client
        .user()
        .create()
        .set_name("Ada")
        .set_email("ada@example.com")
        .set_age(36)
        .set_role(Role::Admin)
        .set_password("correct horse")
        .save()?;
    let bob = client
        .user()
        .create()
        .set_name("Bob")
        .set_email("bob@example.com")
        .set_password("battery staple")
        .save()?;
    println!("created {ada:?}");
    println!(
        "created {} (role {}, age {:?})",
        bob.name, bob.role, bob.age
    );

    // Validators run before any SQL.
    let bad = client
        .user()
        .create()
        .set_name("")
        .set_email("nobody")
        .set_password("x")
        .save();
    if let Err(e @ Error::Validation { .. }) = &bad {
        println!("refused: {e}");
    }

    let rust = client.tag().create().set_name("rust").save()?;
    let sql = client.tag().create().set_name("sql").save()?;
    let post = client
        .post()
        .create()
        .set_title("Typed clients")
        .set_body("Generated from a schema.")
        .set_slug("typed-clients")
        .set_author(ada.id)
        .add_tags([rust.id, sql.id])
        .save()?;
    client
        .post()
        .create()
        .set_title("Migrations")
        .set_body("Diffs, plans, files.")
        .set_slug("migrations")
        .set_author(bob.id)
        .add_tags([sql.id])
        .save()?;
    for body in ["First!", "Nice post"] {
        client
            .comment()
            .create()
            .set_body(body)
            .set_post(post.id)
            .save()?;
    }
    println!("created posts, tags and comments");

    // Predicates.
    let admins = client
        .user()
        .query()
        .filter(user::ROLE.eq(Role::Admin))
        .filter(user::EMAIL.contains_fold("EXAMPLE"))
        .all()?;
    println!(
        "admins: {:?}",
        admins.iter().map(|u| &u.name).collect::<Vec<_>>()
    );
    let writers = client
        .user()
        .query()
        .filter(Predicate::or([
            user::has_posts_with([post::TITLE.has_prefix("Typed")]),
            user::AGE.is_null(),
        ]))
        .order(user::NAME.asc())
        .all()?;
    println!(
        "typed writers or ageless: {:?}",
        writers.iter().map(|u| &u.name).collect::<Vec<_>>()
    );

    // Eager loading: one query per edge level.
    let users = client
        .user()
        .query()
        .order(user::NAME.asc())
        .with_posts(|q| {
            q.with_tags(|q| q)
                .with_comments(|q| q.order(comment::ID.asc()))
        })
        .all()?;
    for u in &users {
        for p in u.posts()? {
            let tags: Vec<&str> = p.tags()?.iter().map(|t| t.name.as_str()).collect();
            println!(
                "{} wrote {:?} tagged {:?} with {} comments",
                u.name,
                p.title,
                tags,
                p.comments()?.len()
            );
        }
    }

    // Traversal.
    let sql_authors = client
        .tag()
        .query()
        .filter(tag::NAME.eq("sql"))
        .query_posts()
        .query_author()
        .order(user::NAME.asc())
        .all()?;
    println!(
        "authors of sql posts: {:?}",
        sql_authors.iter().map(|u| &u.name).collect::<Vec<_>>()
    );

    // Updates.
    let ada = client
        .user()
        .update_one(&ada)
        .set_nickname("countess")
        .add_age(1)
        .save()?;
    println!(
        "updated {}: nickname {:?}, age {:?}",
        ada.name, ada.nickname, ada.age
    );
    let n = client
        .post()
        .update()
        .filter(post::AUTHOR_ID.eq(bob.id))
        .set_published(true)
        .exec()?;
    println!("published {n} post(s) of Bob");

    // A transaction rolled back leaves nothing behind.
    {
        let tx = client.tx()?;
        tx.tag().create().set_name("temporary").save()?;
        tx.rollback()?;
    }
    println!("tags after rollback: {}", client.tag().query().count()?);

    // Group by with aggregates.
    let by_role = client
        .user()
        .query()
        .group_by(user::ROLE)
        .aggregate(generated_example::ent::count())
        .scan::<i64>()?;
    println!("users by role: {by_role:?}");
    Ok(())
}
