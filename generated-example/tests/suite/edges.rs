//! Edges: setters on create and update, eager loading (one query per level), traversal,
//! M2M from both sides, symmetric and `@through` edges, on PostgreSQL, SQLite and MariaDB.

use super::*;
// The runtime's copy: the example has no chrono dependency of its own.
use entgen_runtime::chrono;
use generated_example::ent::like::{self, Like};
use generated_example::ent::user::{self, User};
use generated_example::ent::{Error, comment, group, post, tag};

#[bisync_test]
#[test]
async fn eager_loading_runs_one_query_per_edge_level() {
    for db in databases().await {
        let c = &db.client;
        let mut tags = Vec::new();
        for t in ["a", "b", "c"] {
            tags.push(c.tag().create().set_name(t).save().await.unwrap().id);
        }
        for i in 0..5 {
            let u = user(c, &format!("user{i}"), Some(i)).await;
            for j in 0..3 {
                let p = c
                    .post()
                    .create()
                    .set_title(format!("p{i}-{j}"))
                    .set_body("b")
                    .set_slug(format!("p{i}-{j}"))
                    .set_author(u.id)
                    .add_tags(tags[..j].to_vec())
                    .save()
                    .await
                    .unwrap();
                for k in 0..2 {
                    c.comment()
                        .create()
                        .set_body(format!("c{k}"))
                        .set_post(p.id)
                        .save()
                        .await
                        .unwrap();
                }
            }
        }
        db.log.clear();
        let users = c
            .user()
            .query()
            .order(user::NAME.asc())
            .with_posts(|q| {
                q.order(post::TITLE.asc())
                    .with_tags(|q| q.order(tag::NAME.asc()))
                    .with_comments(|q| q.with_post(|q| q))
            })
            .with_profile(|q| q)
            .all()
            .await
            .unwrap();
        assert_eq!(
            db.log.selects().len(),
            6,
            "{}: users, posts, tags, comments, comments' post, profile: {:#?}",
            db.name,
            db.log.selects()
        );
        assert_eq!(users.len(), 5);
        for (i, u) in users.iter().enumerate() {
            let posts = u.posts().unwrap();
            let titles: Vec<&str> = posts.iter().map(|p| p.title.as_str()).collect();
            assert_eq!(
                titles,
                [format!("p{i}-0"), format!("p{i}-1"), format!("p{i}-2")],
                "{}",
                db.name
            );
            for (j, p) in posts.iter().enumerate() {
                let tag_names: Vec<&str> =
                    p.tags().unwrap().iter().map(|t| t.name.as_str()).collect();
                assert_eq!(tag_names, ["a", "b", "c"][..j].to_vec(), "{}", db.name);
                assert_eq!(p.comments().unwrap().len(), 2);
                let back = p.comments().unwrap()[0].post().unwrap().unwrap();
                assert_eq!(back.id, p.id, "{}: nested M2O", db.name);
                assert!(matches!(
                    p.author(),
                    Err(Error::NotLoaded { edge: "author" })
                ));
            }
            assert_eq!(u.profile().unwrap(), None, "{}: loaded, absent", db.name);
            let e = u.groups().unwrap_err();
            assert_eq!(e.to_string(), "entgen: groups edge was not loaded");
        }
    }
}

#[bisync_test]
#[test]
async fn traversal_follows_edges_from_queries_and_entities() {
    for db in databases().await {
        let c = &db.client;
        let ada = user(c, "Ada", None).await;
        let bob = user(c, "Bob", None).await;
        let p1 = post(c, ada.id, "One").await;
        post(c, bob.id, "Two").await;
        let sql = c
            .tag()
            .create()
            .set_name("sql")
            .add_posts([p1.id])
            .save()
            .await
            .unwrap();
        let posts = c.user().query_posts(&ada).all().await.unwrap();
        assert_eq!(
            posts.iter().map(|p| p.title.as_str()).collect::<Vec<_>>(),
            ["One"],
            "{}",
            db.name
        );
        let authors = c
            .tag()
            .query_posts(&sql)
            .query_author()
            .all()
            .await
            .unwrap();
        assert_eq!(names(&authors), ["Ada"], "{}", db.name);
        let tagged_authors = c
            .user()
            .query()
            .filter(user::NAME.ne("nobody"))
            .query_posts()
            .filter(post::has_tags())
            .query_author()
            .count()
            .await
            .unwrap();
        assert_eq!(tagged_authors, 1, "{}", db.name);
        let author = c.post().query_author(&p1).only().await.unwrap();
        assert_eq!(author.id, ada.id);
    }
}

#[bisync_test]
#[test]
async fn m2m_edges_work_from_both_sides_and_update_setters_change_links() {
    for db in databases().await {
        let c = &db.client;
        let ada = user(c, "Ada", None).await;
        let bob = user(c, "Bob", None).await;
        let cy = user(c, "Cy", None).await;
        let g = c
            .group()
            .create()
            .set_name("admins")
            .add_members([ada.id, bob.id])
            .save()
            .await
            .unwrap();
        let groups = c.user().query_groups(&ada).all().await.unwrap();
        assert_eq!(
            groups.len(),
            1,
            "{}: inverse side of the join table",
            db.name
        );
        let got = members(c).await;
        assert_eq!(got, ["Ada", "Bob"], "{}", db.name);
        c.group()
            .update_one(&g)
            .remove_members([ada.id])
            .add_members([cy.id])
            .save()
            .await
            .unwrap();
        let got = members(c).await;
        assert_eq!(got, ["Bob", "Cy"], "{}", db.name);
        c.user()
            .update_one(&ada)
            .add_groups([g.id])
            .save()
            .await
            .unwrap();
        let got = members(c).await;
        assert_eq!(
            got,
            ["Ada", "Bob", "Cy"],
            "{}: added from the inverse side",
            db.name
        );
        // An existing link added again is kept as it is, not an error.
        c.group()
            .update_one(&g)
            .add_members([cy.id])
            .save()
            .await
            .unwrap();
        let got = members(c).await;
        assert_eq!(got, ["Ada", "Bob", "Cy"], "{}", db.name);
        c.group()
            .update_one(&g)
            .clear_members()
            .save()
            .await
            .unwrap();
        let got = members(c).await;
        assert!(got.is_empty(), "{}", db.name);
        let in_group = c
            .user()
            .query()
            .filter(user::has_groups_with([group::NAME.eq("admins")]))
            .count()
            .await
            .unwrap();
        assert_eq!(in_group, 0);
    }
}

/// The names of the one group's members, in name order.
#[bisync]
async fn members(c: &Client) -> Vec<String> {
    let g = c
        .group()
        .query()
        .with_members(|q| q.order(user::NAME.asc()))
        .only()
        .await
        .unwrap();
    names(g.members().unwrap())
        .into_iter()
        .map(str::to_owned)
        .collect::<Vec<_>>()
}

#[bisync_test]
#[test]
async fn symmetric_edges_link_both_ways() {
    for db in databases().await {
        let c = &db.client;
        let ada = user(c, "Ada", None).await;
        let bob = user(c, "Bob", None).await;
        c.user()
            .update_one(&ada)
            .add_friends([bob.id])
            .save()
            .await
            .unwrap();
        let bobs_friends = c.user().query_friends(&bob).all().await.unwrap();
        assert_eq!(names(&bobs_friends), ["Ada"], "{}", db.name);
        let ada2 = c
            .user()
            .query()
            .filter(user::ID.eq(ada.id))
            .with_friends(|q| q)
            .only()
            .await
            .unwrap();
        assert_eq!(names(ada2.friends().unwrap()), ["Bob"]);
        // Linking again, from either side or twice in one call, keeps the one link (ent).
        c.user()
            .update_one(&bob)
            .add_friends([ada.id, ada.id])
            .save()
            .await
            .unwrap();
        let friends = c.user().query_friends(&ada).count().await.unwrap();
        assert_eq!(friends, 1);
        c.user()
            .update_one(&bob)
            .remove_friends([ada.id])
            .save()
            .await
            .unwrap();
        let friends = c.user().query_friends(&ada).count().await.unwrap();
        assert_eq!(friends, 0, "{}", db.name);
        // Following is not symmetric: followers is its inverse.
        c.user()
            .update_one(&ada)
            .add_following([bob.id])
            .save()
            .await
            .unwrap();
        let followers = c.user().query_followers(&bob).all().await.unwrap();
        assert_eq!(names(&followers), ["Ada"]);
        let followers = c.user().query_followers(&ada).count().await.unwrap();
        assert_eq!(followers, 0);
    }
}

#[bisync_test]
#[test]
async fn o2o_and_o2m_setters_on_create_and_update() {
    for db in databases().await {
        let c = &db.client;
        let ada = user(c, "Ada", None).await;
        let bob = user(c, "Bob", None).await;
        let profile = c
            .profile()
            .create()
            .set_display_name("Ada L.")
            .set_user(ada.id)
            .save()
            .await
            .unwrap();
        let loaded = c
            .user()
            .query()
            .filter(user::ID.eq(ada.id))
            .with_profile(|q| q)
            .only()
            .await
            .unwrap();
        assert_eq!(
            loaded.profile().unwrap().map(|p| p.id),
            Some(profile.id),
            "{}",
            db.name
        );
        let e = c
            .profile()
            .create()
            .set_display_name("Nobody's")
            .save()
            .await
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "entgen: missing required edge \"Profile.user\"",
            "{}",
            db.name
        );
        // Moving the profile to Bob (the FK side), then back from the user side.
        c.profile()
            .update_one(&profile)
            .set_user(bob.id)
            .save()
            .await
            .unwrap();
        let ada_has_one = c
            .user()
            .query()
            .filter(user::ID.eq(ada.id))
            .filter(user::has_profile())
            .exist()
            .await
            .unwrap();
        assert!(!ada_has_one);
        c.user()
            .update_one(&ada)
            .set_profile(profile.id)
            .save()
            .await
            .unwrap();
        let loaded = c
            .user()
            .query()
            .filter(user::has_profile())
            .with_profile(|q| q)
            .only()
            .await
            .unwrap();
        assert_eq!(loaded.id, ada.id, "{}", db.name);
        assert_eq!(
            loaded.profile().unwrap().unwrap().display_name,
            "Ada L.",
            "{}",
            db.name
        );
        // The FK is NOT NULL: unlinking from the user side is refused by the database.
        let e = c
            .user()
            .update_one(&ada)
            .clear_profile()
            .save()
            .await
            .unwrap_err();
        assert_eq!(
            e.constraint_kind(),
            Some(generated_example::ent::ConstraintKind::NotNull),
            "{}: {e}",
            db.name
        );
        // O2M from the parent: comments under a post, replies under a comment.
        let p = post(c, ada.id, "Post").await;
        let root = c
            .comment()
            .create()
            .set_body("root")
            .set_post(p.id)
            .save()
            .await
            .unwrap();
        let reply = c
            .comment()
            .create()
            .set_body("reply")
            .set_parent(root.id)
            .save()
            .await
            .unwrap();
        let tree = c
            .comment()
            .query()
            .filter(comment::ID.eq(root.id))
            .with_replies(|q| q.with_parent(|q| q))
            .only()
            .await
            .unwrap();
        assert_eq!(tree.replies().unwrap()[0].id, reply.id, "{}", db.name);
        assert_eq!(
            tree.replies().unwrap()[0].parent().unwrap().unwrap().id,
            root.id
        );
        c.comment()
            .update_one(&reply)
            .clear_parent()
            .save()
            .await
            .unwrap();
        let replies = c.comment().query_replies(&root).count().await.unwrap();
        assert_eq!(replies, 0, "{}", db.name);
        c.post()
            .update_one(&p)
            .clear_comments()
            .save()
            .await
            .unwrap();
        let comments = c.post().query_comments(&p).count().await.unwrap();
        assert_eq!(comments, 0);
        let e = c
            .post()
            .create()
            .set_title("t")
            .set_body("b")
            .set_slug("s")
            .save()
            .await
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "entgen: missing required field \"Post.author_id\"",
            "{}",
            db.name
        );
    }
}

#[bisync_test]
#[test]
async fn through_edges_traverse_filter_and_eager_load_the_edge_schema_table() {
    for db in databases().await {
        let c = &db.client;
        let ada = user(c, "Ada", None).await;
        let bob = user(c, "Bob", None).await;
        let p1 = post(c, ada.id, "One").await;
        let p2 = post(c, ada.id, "Two").await;
        for (u, p) in [(ada.id, p1.id), (bob.id, p1.id), (bob.id, p2.id)] {
            let like: Like = c
                .like()
                .create()
                .set_user_id(u)
                .set_post_id(p)
                .save()
                .await
                .unwrap();
            assert!(like.liked_at <= chrono::Utc::now());
        }
        let bobs: Vec<String> = c
            .user()
            .query_liked_posts(&bob)
            .order(post::TITLE.asc())
            .all()
            .await
            .unwrap()
            .into_iter()
            .map(|p| p.title)
            .collect();
        assert_eq!(bobs, ["One", "Two"], "{}", db.name);
        let likers: Vec<User> = c
            .post()
            .query_likers(&p1)
            .order(user::NAME.asc())
            .all()
            .await
            .unwrap();
        assert_eq!(names(&likers), ["Ada", "Bob"], "{}", db.name);
        let u = c
            .user()
            .query()
            .filter(user::has_liked_posts_with([post::TITLE.eq("Two")]))
            .only()
            .await
            .unwrap();
        assert_eq!(u.name, "Bob");
        let users = c
            .user()
            .query()
            .order(user::NAME.asc())
            .with_liked_posts(|q| q)
            .all()
            .await
            .unwrap();
        assert_eq!(users[1].liked_posts().unwrap().len(), 2, "{}", db.name);
        let e = c
            .like()
            .create()
            .set_user_id(ada.id)
            .set_post_id(p1.id)
            .save()
            .await
            .unwrap_err();
        assert!(e.is_unique_violation(), "{}: {e}", db.name);
    }
}

#[bisync_test]
#[test]
async fn a_through_edge_also_reaches_the_edge_schema_rows_themselves() {
    for db in databases().await {
        let c = &db.client;
        let ada = user(c, "Ada", None).await;
        let bob = user(c, "Bob", None).await;
        let p1 = post(c, ada.id, "One").await;
        let p2 = post(c, ada.id, "Two").await;
        c.user()
            .update_one(&bob)
            .add_liked_posts([&p1, &p2])
            .save()
            .await
            .unwrap();
        // ent's `QueryLikes`: the Like rows, with their own fields.
        let rows = c.user().query_likes(&bob).all().await.unwrap();
        let mut posts: Vec<i64> = rows.iter().map(|l| l.post_id).collect();
        posts.sort();
        assert_eq!(posts, [p1.id, p2.id], "{}", db.name);
        assert!(
            rows.iter()
                .all(|l| l.user_id == bob.id && l.liked_at <= chrono::Utc::now())
        );
        // Liking again keeps the first Like row (and its `liked_at`).
        c.user()
            .update_one(&bob)
            .add_liked_posts([&p1])
            .save()
            .await
            .unwrap();
        let again = c.user().query_likes(&bob).all().await.unwrap();
        assert_eq!(again, rows, "{}", db.name);
        // Eager loading, one query for the level, and the `has_` predicates.
        let users = c
            .user()
            .query()
            .order(user::NAME.asc())
            .with_likes(|q| q)
            .all()
            .await
            .unwrap();
        assert_eq!(users[0].likes().unwrap().len(), 0, "{}", db.name);
        assert_eq!(users[1].likes().unwrap().len(), 2, "{}", db.name);
        let likers = c
            .user()
            .query()
            .filter(user::has_likes())
            .all()
            .await
            .unwrap();
        assert_eq!(names(&likers), ["Bob"], "{}", db.name);
        let of_two = c
            .user()
            .query()
            .filter(user::has_likes_with([like::POST_ID.eq(p2.id)]))
            .all()
            .await
            .unwrap();
        assert_eq!(names(&of_two), ["Bob"], "{}", db.name);
        let not_liking = c.user().query().filter(!user::has_likes()).exist().await;
        assert!(not_liking.unwrap());
    }
}

/// Every `Like` row as `(user_id, post_id)`, sorted.
#[bisync]
async fn likes(c: &Client) -> Vec<(i64, i64)> {
    let mut pairs: Vec<(i64, i64)> = c
        .like()
        .query()
        .all()
        .await
        .unwrap()
        .into_iter()
        .map(|l| (l.user_id, l.post_id))
        .collect();
    pairs.sort();
    pairs
}

#[bisync_test]
#[test]
async fn through_edge_setters_insert_and_delete_edge_schema_rows_from_both_sides() {
    for db in databases().await {
        let c = &db.client;
        let bob = user(c, "Bob", None).await;
        let p1 = post(c, bob.id, "One").await;
        let p2 = post(c, bob.id, "Two").await;
        let p3 = post(c, bob.id, "Three").await;
        db.log.clear();
        // On create, by entity and by id.
        let ada = c
            .user()
            .create()
            .set_name("Ada")
            .set_email("ada@example.com")
            .set_password("password1")
            .add_liked_posts([&p1])
            .add_liked_posts([p2.id])
            .save()
            .await
            .unwrap();
        let got = likes(c).await;
        assert_eq!(got, [(ada.id, p1.id), (ada.id, p2.id)], "{}", db.name);
        // The link rows carry Like's creation default (`liked_at`, NOT NULL without a
        // database default): the INSERT names it.
        let insert = db
            .log
            .lines()
            .into_iter()
            // `INSERT IGNORE INTO` on MySQL (DO NOTHING for links that exist).
            .find(|l| l.starts_with("query=INSERT") && l.contains("likes"))
            .unwrap_or_else(|| panic!("{}: no INSERT into likes", db.name));
        assert!(insert.contains("liked_at"), "{}: {insert}", db.name);
        for l in c.like().query().all().await.unwrap() {
            assert!(l.liked_at <= chrono::Utc::now(), "{}", db.name);
        }
        // On update: remove one, add another, in one save.
        c.user()
            .update_one(&ada)
            .remove_liked_posts([&p1])
            .add_liked_posts([&p3])
            .save()
            .await
            .unwrap();
        let got = likes(c).await;
        assert_eq!(got, [(ada.id, p2.id), (ada.id, p3.id)], "{}", db.name);
        // From the inverse side: the same rows, keys the other way round.
        c.post()
            .update_one(&p1)
            .add_likers([&ada, &bob])
            .save()
            .await
            .unwrap();
        c.post()
            .update_one(&p3)
            .remove_likers([ada.id])
            .save()
            .await
            .unwrap();
        let mut expected = vec![(ada.id, p1.id), (ada.id, p2.id), (bob.id, p1.id)];
        expected.sort();
        let got = likes(c).await;
        assert_eq!(got, expected, "{}", db.name);
        let liked: Vec<String> = c
            .user()
            .query_liked_posts(&ada)
            .order(post::TITLE.asc())
            .all()
            .await
            .unwrap()
            .into_iter()
            .map(|p| p.title)
            .collect();
        assert_eq!(liked, ["One", "Two"], "{}", db.name);
        // Clear deletes only the updated rows' links.
        c.user()
            .update_one(&ada)
            .clear_liked_posts()
            .save()
            .await
            .unwrap();
        let got = likes(c).await;
        assert_eq!(got, [(bob.id, p1.id)], "{}", db.name);
        let n = c
            .post()
            .update()
            .filter(post::TITLE.is_in(["One", "Two"]))
            .clear_likers()
            .exec()
            .await
            .unwrap();
        assert_eq!(n, 2, "{}", db.name);
        let got = likes(c).await;
        assert_eq!(got, [], "{}", db.name);
    }
}

#[bisync_test]
#[test]
async fn a_repeated_through_link_is_kept_and_a_failed_one_rolls_back_the_whole_update() {
    for db in databases().await {
        let c = &db.client;
        let ada = user(c, "Ada", None).await;
        let p1 = post(c, ada.id, "One").await;
        let p2 = post(c, ada.id, "Two").await;
        c.user()
            .update_one(&ada)
            .add_liked_posts([&p1])
            .save()
            .await
            .unwrap();
        // `p1` is liked already: that link stays as it is, the rest of the update applies.
        c.user()
            .update_one(&ada)
            .set_nickname("countess")
            .add_liked_posts([&p2, &p1])
            .save()
            .await
            .unwrap();
        let both = [(ada.id, p1.id), (ada.id, p2.id)];
        let got = likes(c).await;
        assert_eq!(got, both, "{}", db.name);
        // A post that does not exist fails on the foreign key, and nothing of the update stays.
        let e = c
            .user()
            .update_one(&ada)
            .set_nickname("lady")
            .add_liked_posts([p2.id + 100])
            .save()
            .await
            .unwrap_err();
        assert!(e.is_foreign_key_violation(), "{}: {e}", db.name);
        let got = likes(c).await;
        assert_eq!(got, both, "{}", db.name);
        let nickname = c.user().get(ada.id).await.unwrap().nickname;
        assert_eq!(nickname.as_deref(), Some("countess"), "{}", db.name);
    }
}

#[bisync_test]
#[test]
async fn edge_setters_take_entities_as_well_as_ids() {
    for db in databases().await {
        let c = &db.client;
        let ada = user(c, "Ada", None).await;
        let bob = user(c, "Bob", None).await;
        let mut tags: Vec<tag::Tag> = Vec::new();
        for t in ["a", "b"] {
            tags.push(c.tag().create().set_name(t).save().await.unwrap());
        }
        // M2O column setter, M2M add (a slice of entities) and O2M add (owned entities).
        let p = c
            .post()
            .create()
            .set_title("One")
            .set_body("b")
            .set_slug("one")
            .set_author(&ada)
            .add_tags(&tags)
            .save()
            .await
            .unwrap();
        assert_eq!(p.author_id, ada.id, "{}", db.name);
        let mut comments: Vec<comment::Comment> = Vec::new();
        for i in 0..2 {
            let made = c.comment().create().set_body(format!("c{i}")).save();
            comments.push(made.await.unwrap());
        }
        c.post()
            .update_one(&p)
            .set_author(&bob)
            .remove_tags([&tags[0]])
            .add_comments(comments)
            .save()
            .await
            .unwrap();
        let p = c
            .post()
            .query()
            .filter(post::ID.eq(p.id))
            .with_tags(|q| q)
            .with_comments(|q| q)
            .only()
            .await
            .unwrap();
        assert_eq!(p.author_id, bob.id, "{}", db.name);
        let tag_names: Vec<&str> = p.tags().unwrap().iter().map(|t| t.name.as_str()).collect();
        assert_eq!(tag_names, ["b"], "{}", db.name);
        assert_eq!(p.comments().unwrap().len(), 2, "{}", db.name);
        // O2O from the side without the column, by entity.
        let profile = c
            .profile()
            .create()
            .set_display_name("Ada L.")
            .set_user(&ada)
            .save()
            .await
            .unwrap();
        c.user()
            .update_one(&bob)
            .set_profile(&profile)
            .save()
            .await
            .unwrap();
        let owner = c.profile().query_user(&profile).only().await.unwrap();
        assert_eq!(owner.id, bob.id, "{}", db.name);
        // Symmetric M2M by entity.
        c.user()
            .update_one(&ada)
            .add_friends([&bob])
            .save()
            .await
            .unwrap();
        let friends = c.user().query_friends(&bob).all().await.unwrap();
        assert_eq!(names(&friends), ["Ada"], "{}", db.name);
    }
}
