//! The SQL builder's output, exactly, in both dialects.

use entgen_runtime::builder::{
    Assign, ConflictAction, Delete, Edge, EdgeStorage, Expr, Insert, OnConflict, OrderBy, Pred,
    Query, Select, SqlType, UNNEST_ROWS, Update, max_params,
};
use entgen_runtime::dialect::Dialect::{Postgres as Pg, Sqlite};
use entgen_runtime::value::Value;

const PETS: Edge = Edge {
    name: "pets",
    source_table: "users",
    source_key: "id",
    target_table: "pets",
    target_key: "id",
    storage: EdgeStorage::TargetFk("owner_id"),
};

const OWNER: Edge = Edge {
    name: "owner",
    source_table: "pets",
    source_key: "id",
    target_table: "users",
    target_key: "id",
    storage: EdgeStorage::SourceFk("owner_id"),
};

const GROUPS: Edge = Edge {
    name: "groups",
    source_table: "users",
    source_key: "id",
    target_table: "groups",
    target_key: "id",
    storage: EdgeStorage::Join {
        table: "user_groups",
        source_column: "user_id",
        target_column: "group_id",
    },
};

#[test]
fn select_with_every_clause() {
    let s = Select::from("users")
        .columns(["id", "name"])
        .filter(Pred::and([
            Pred::gt("age", 30),
            Pred::or([Pred::eq("name", "a"), Pred::is_null("nickname")]),
            Pred::not(Pred::is_in("id", [1, 2])),
        ]))
        .order_by(OrderBy::desc("age"))
        .order_by(OrderBy::asc("id"))
        .limit(10)
        .offset(20);
    let q = s.build(Pg);
    assert_eq!(
        q.sql,
        r#"SELECT "users"."id", "users"."name" FROM "users" WHERE "users"."age" > $1 AND ("users"."name" = $2 OR "users"."nickname" IS NULL) AND NOT ("users"."id" = ANY($3)) ORDER BY "users"."age" DESC, "users"."id" LIMIT 10 OFFSET 20"#
    );
    assert_eq!(
        q.args,
        vec![
            Value::I32(30),
            Value::String("a".into()),
            Value::Array(vec![Value::I32(1), Value::I32(2)]),
        ]
    );
    let q = s.build(Sqlite);
    assert_eq!(
        q.sql,
        "SELECT `users`.`id`, `users`.`name` FROM `users` WHERE `users`.`age` > ? AND (`users`.`name` = ? OR `users`.`nickname` IS NULL) AND NOT (`users`.`id` IN (?, ?)) ORDER BY `users`.`age` DESC, `users`.`id` LIMIT 10 OFFSET 20"
    );
}

#[test]
fn offset_without_limit() {
    let s = Select::from("t").column("a").offset(5);
    assert_eq!(s.build(Pg).sql, r#"SELECT "t"."a" FROM "t" OFFSET 5"#);
    assert_eq!(
        s.build(Sqlite).sql,
        "SELECT `t`.`a` FROM `t` LIMIT -1 OFFSET 5"
    );
}

#[test]
fn hostile_identifiers_are_quoted() {
    let q = Select::from("we\"ird`")
        .column("co\"l")
        .filter(Pred::eq("x`\"", 1))
        .build(Pg);
    assert_eq!(
        q.sql,
        r#"SELECT "we""ird`"."co""l" FROM "we""ird`" WHERE "we""ird`"."x`""" = $1"#
    );
    let q = Select::from("a`b").column("c").build(Sqlite);
    assert_eq!(q.sql, "SELECT `a``b`.`c` FROM `a``b`");
}

#[test]
fn string_predicates_escape_wildcards() {
    let preds = |d| {
        Select::from("t")
            .column("id")
            .filter(Pred::and([
                Pred::contains("s", "50%_off\\"),
                Pred::has_prefix("s", "a*"),
                Pred::has_suffix("s", "[?]"),
                Pred::contains_fold("s", "MiX%"),
                Pred::equal_fold("s", "ABC"),
            ]))
            .build(d)
    };
    let q = preds(Pg);
    assert_eq!(
        q.sql,
        r#"SELECT "t"."id" FROM "t" WHERE "t"."s" LIKE $1 AND "t"."s" LIKE $2 AND "t"."s" LIKE $3 AND "t"."s" ILIKE $4 AND lower("t"."s") = lower($5)"#
    );
    let strs: Vec<String> = q.args.iter().map(|v| v.to_string()).collect();
    assert_eq!(
        strs,
        [
            r#""%50\\%\\_off\\\\%""#,
            r#""a*%""#,
            r#""%[?]""#,
            r#""%MiX\\%%""#,
            r#""ABC""#
        ]
    );
    let q = preds(Sqlite);
    assert_eq!(
        q.sql,
        "SELECT `t`.`id` FROM `t` WHERE `t`.`s` GLOB ? AND `t`.`s` GLOB ? AND `t`.`s` GLOB ? AND `t`.`s` LIKE ? ESCAPE '\\' AND lower(`t`.`s`) = lower(?)"
    );
    assert_eq!(
        q.args[..4],
        [
            Value::String("*50%_off\\*".into()),
            Value::String("a[*]*".into()),
            Value::String("*[[][?]]".into()),
            Value::String("%MiX\\%%".into()),
        ]
    );
}

#[test]
fn in_lists_are_one_array_parameter_on_postgres() {
    let s = Select::from("t")
        .column("id")
        .filter(Pred::is_in("id", 0..1000i64))
        .filter(Pred::not_in("name", ["a", "b"]));
    let q = s.build(Pg);
    assert_eq!(
        q.sql,
        r#"SELECT "t"."id" FROM "t" WHERE "t"."id" = ANY($1) AND "t"."name" <> ALL($2)"#
    );
    assert_eq!(q.args.len(), 2);
    let q = s.build(Sqlite);
    assert_eq!(q.args.len(), 1002);
    assert!(
        q.sql.ends_with("?, ?) AND `t`.`name` NOT IN (?, ?)"),
        "{}",
        q.sql
    );
}

#[test]
fn empty_lists_and_constants() {
    let q = Select::from("t")
        .column("id")
        .filter(Pred::is_in::<i64>("id", []))
        .filter(Pred::not_in::<i64>("id", []))
        .filter(Pred::and([]))
        .filter(Pred::or([]))
        .build(Pg);
    assert_eq!(
        q.sql,
        r#"SELECT "t"."id" FROM "t" WHERE FALSE AND TRUE AND TRUE AND FALSE"#
    );
}

#[test]
fn has_edge_is_an_exists_subselect() {
    let q = Select::from("users")
        .column("id")
        .filter(Pred::has_edge(PETS))
        .filter(Pred::has_edge_with(
            PETS,
            [Pred::eq("name", "rex"), Pred::has_edge(OWNER)],
        ))
        .build(Pg);
    assert_eq!(
        q.sql,
        r#"SELECT "users"."id" FROM "users" WHERE EXISTS (SELECT 1 FROM "pets" AS "__t1" WHERE "__t1"."owner_id" = "users"."id") AND EXISTS (SELECT 1 FROM "pets" AS "__t2" WHERE "__t2"."owner_id" = "users"."id" AND "__t2"."name" = $1 AND EXISTS (SELECT 1 FROM "users" AS "__t3" WHERE "__t3"."id" = "__t2"."owner_id"))"#
    );
    let q = Select::from("users")
        .column("id")
        .filter(Pred::has_edge(GROUPS))
        .filter(Pred::has_edge_with(GROUPS, [Pred::has_prefix("name", "g")]))
        .build(Sqlite);
    assert_eq!(
        q.sql,
        "SELECT `users`.`id` FROM `users` WHERE EXISTS (SELECT 1 FROM `user_groups` AS `__t1` WHERE `__t1`.`user_id` = `users`.`id`) AND EXISTS (SELECT 1 FROM `user_groups` AS `__t2` JOIN `groups` AS `__t3` ON `__t3`.`id` = `__t2`.`group_id` WHERE `__t2`.`user_id` = `users`.`id` AND `__t3`.`name` GLOB ?)"
    );
}

#[test]
fn traversal_is_an_in_subselect() {
    let users = Select::from("users").filter(Pred::eq("name", "a"));
    let q = Select::from("groups")
        .column("id")
        .filter(GROUPS.traverse(users.clone()))
        .build(Pg);
    assert_eq!(
        q.sql,
        r#"SELECT "groups"."id" FROM "groups" WHERE "groups"."id" IN (SELECT "user_groups"."group_id" FROM "user_groups" WHERE "user_groups"."user_id" IN (SELECT "users"."id" FROM "users" WHERE "users"."name" = $1))"#
    );
    let q = Select::from("pets")
        .column("id")
        .filter(PETS.traverse(users))
        .build(Pg);
    assert_eq!(
        q.sql,
        r#"SELECT "pets"."id" FROM "pets" WHERE "pets"."owner_id" IN (SELECT "users"."id" FROM "users" WHERE "users"."name" = $1)"#
    );
}

#[test]
fn group_by_with_aggregates_and_count() {
    let s = Select::from("users")
        .column("name")
        .expr(Expr::count().alias("count"))
        .expr(Expr::sum("age").alias("sum"))
        .expr(Expr::min("age"))
        .expr(Expr::max("age"))
        .expr(Expr::mean("age"))
        .group_by("name")
        .order_by(OrderBy::alias("count", true));
    assert_eq!(
        s.build(Pg).sql,
        r#"SELECT "users"."name", COUNT(*) AS "count", SUM("users"."age") AS "sum", MIN("users"."age"), MAX("users"."age"), AVG("users"."age") FROM "users" GROUP BY "users"."name" ORDER BY "count" DESC"#
    );
    assert_eq!(
        s.build_count(Pg).sql,
        r#"SELECT COUNT(*) FROM (SELECT "users"."name", COUNT(*) AS "count", SUM("users"."age") AS "sum", MIN("users"."age"), MAX("users"."age"), AVG("users"."age") FROM "users" GROUP BY "users"."name" ORDER BY "count" DESC) AS "__count""#
    );
    let plain = Select::from("users")
        .columns(["id"])
        .filter(Pred::gt("age", 1))
        .order_by(OrderBy::asc("id"));
    assert_eq!(
        plain.build_count(Sqlite).sql,
        "SELECT COUNT(*) FROM `users` WHERE `users`.`age` > ?"
    );
}

#[test]
fn insert_single_multi_returning_and_upserts() {
    let ins = Insert::into("users")
        .set("name", "a")
        .set_sensitive("password", "hunter2")
        .returning(["id"]);
    let q = ins.build(Pg).unwrap();
    assert_eq!(
        q.sql,
        r#"INSERT INTO "users" ("name", "password") VALUES ($1, $2) RETURNING "id""#
    );
    assert_eq!(q.display_args(), r#"["a", <redacted>]"#);
    assert_eq!(
        q.to_string(),
        r#"query=INSERT INTO "users" ("name", "password") VALUES ($1, $2) RETURNING "id" args=["a", <redacted>]"#
    );

    let multi = Insert::into("users")
        .columns(["email", "name", "age"])
        .values(vec!["a@x".into(), "a".into(), 1.into()])
        .values(vec!["b@x".into(), "b".into(), 2.into()]);
    let up = multi.clone().on_conflict(OnConflict::columns(
        ["email"],
        ConflictAction::UpdateNewValues,
    ));
    assert_eq!(
        up.build(Sqlite).unwrap().sql,
        "INSERT INTO `users` (`email`, `name`, `age`) VALUES (?, ?, ?), (?, ?, ?) ON CONFLICT (`email`) DO UPDATE SET `name` = EXCLUDED.`name`, `age` = EXCLUDED.`age`"
    );
    // The id and immutable columns a row sets are not overwritten.
    let keep = Insert::into("docs")
        .columns(["id", "key", "born", "n"])
        .values(vec!["u1".into(), "k".into(), "t".into(), 1.into()])
        .on_conflict(
            OnConflict::columns(["key"], ConflictAction::UpdateNewValues).keep(["id", "born"]),
        );
    assert_eq!(
        keep.build(Pg).unwrap().sql,
        r#"INSERT INTO "docs" ("id", "key", "born", "n") VALUES ($1, $2, $3, $4) ON CONFLICT ("key") DO UPDATE SET "n" = EXCLUDED."n""#
    );
    let nothing = multi
        .clone()
        .on_conflict(OnConflict::columns(["email"], ConflictAction::DoNothing));
    assert_eq!(
        nothing.build(Pg).unwrap().sql,
        r#"INSERT INTO "users" ("email", "name", "age") VALUES ($1, $2, $3), ($4, $5, $6) ON CONFLICT ("email") DO NOTHING"#
    );
    let ignore = multi
        .clone()
        .on_conflict(OnConflict::columns(["email"], ConflictAction::Ignore))
        .returning(["id"]);
    assert_eq!(
        ignore.build(Pg).unwrap().sql,
        r#"INSERT INTO "users" ("email", "name", "age") VALUES ($1, $2, $3), ($4, $5, $6) ON CONFLICT ("email") DO UPDATE SET "email" = "users"."email" RETURNING "id""#
    );
    let custom = multi.on_conflict(OnConflict::columns(
        ["email"],
        ConflictAction::Update(vec![
            ("age".into(), Assign::Add(Value::I64(10))),
            ("name".into(), Assign::Excluded),
        ]),
    ));
    let q = custom.build(Pg).unwrap();
    assert_eq!(
        q.sql,
        r#"INSERT INTO "users" ("email", "name", "age") VALUES ($1, $2, $3), ($4, $5, $6) ON CONFLICT ("email") DO UPDATE SET "age" = COALESCE("users"."age", 0) + $7, "name" = EXCLUDED."name""#
    );
    assert_eq!(q.args.len(), 7);

    assert_eq!(
        Insert::into("t").values(vec![]).build(Pg).unwrap().sql,
        r#"INSERT INTO "t" DEFAULT VALUES"#
    );
}

#[test]
fn insert_batches_respect_the_parameter_limit() {
    let mut ins = Insert::into("t").columns(["a", "b", "c", "d", "e"]);
    for i in 0..10_000i64 {
        ins.push_row(vec![i.into(), i.into(), i.into(), i.into(), i.into()]);
    }
    assert_eq!(max_params(Sqlite), 32_766);
    assert_eq!(ins.rows_per_batch(Sqlite), 6553);
    let batches = ins.build_batches(Sqlite).unwrap();
    assert_eq!(batches.len(), 2);
    assert_eq!(batches[0].args.len(), 6553 * 5);
    assert_eq!(batches[1].args.len(), (10_000 - 6553) * 5);
    assert!(ins.build(Sqlite).is_err(), "too many parameters in one");
    let pg = ins.build_batches(Pg).unwrap();
    assert_eq!(pg.len(), 1);
    assert!(
        pg[0]
            .sql
            .ends_with("($49996, $49997, $49998, $49999, $50000)")
    );
}

#[test]
fn insert_rows_as_column_arrays_on_postgres() {
    let types = vec![
        SqlType::new("pg_catalog", "varchar"),
        SqlType::new("pg_catalog", "text"),
        SqlType::new("public", "my \"mood\""),
    ];
    let mut ins = Insert::into("users")
        .columns(["name", "password", "mood"])
        .sensitive("password")
        .array_types(types)
        .on_conflict(OnConflict::columns(
            ["name"],
            ConflictAction::UpdateNewValues,
        ))
        .returning(["id", "name"]);
    ins.push_row(vec!["a".into(), "secret1".into(), "happy".into()]);
    ins.push_row(vec!["b".into(), Value::Null, Value::Null]);
    assert!(ins.uses_unnest(Pg));
    assert!(!ins.uses_unnest(Sqlite), "SQLite has no arrays");
    let batches = ins.build_batches(Pg).unwrap();
    assert_eq!(batches, ins.clone().into_batches(Pg).unwrap());
    assert_eq!(batches.len(), 1);
    let q = &batches[0];
    assert_eq!(
        q.sql,
        r#"INSERT INTO "users" ("name", "password", "mood") SELECT "c1", "c2", "c3" FROM unnest($1::"pg_catalog"."varchar"[], $2::"pg_catalog"."text"[], $3::"public"."my ""mood"""[]) WITH ORDINALITY AS "__rows"("c1", "c2", "c3", "ord") ORDER BY "ord" ON CONFLICT ("name") DO UPDATE SET "password" = EXCLUDED."password", "mood" = EXCLUDED."mood" RETURNING "id", "name""#
    );
    assert_eq!(
        q.args,
        vec![
            Value::Array(vec!["a".into(), "b".into()]),
            Value::Array(vec!["secret1".into(), Value::Null]),
            Value::Array(vec!["happy".into(), Value::Null]),
        ]
    );
    assert_eq!(
        q.display_args(),
        r#"[["a", "b"], <redacted>, ["happy", NULL]]"#
    );
    // SQLite keeps the VALUES form.
    assert!(
        ins.build_batches(Sqlite).unwrap()[0]
            .sql
            .contains("VALUES (?, ?, ?), (?, ?, ?)")
    );

    // The text is the same for any number of rows; rows split only past UNNEST_ROWS.
    let mut big = Insert::into("t")
        .columns(["a"])
        .array_types(vec![SqlType::new("pg_catalog", "int8")]);
    for i in 0..(UNNEST_ROWS as i64 + 3) {
        big.push_row(vec![i.into()]);
    }
    let batches = big.into_batches(Pg).unwrap();
    assert_eq!(batches.len(), 2);
    assert_eq!(batches[0].sql, batches[1].sql);
    assert!(matches!(&batches[1].args[..], [Value::Array(v)] if v.len() == 3));
    assert!(matches!(&batches[0].args[..], [Value::Array(v)] if v.len() == UNNEST_ROWS));

    // One row, or types that do not cover every column: the VALUES form.
    let one = Insert::into("t")
        .columns(["a"])
        .array_types(vec![SqlType::new("pg_catalog", "int8")])
        .values(vec![1.into()]);
    assert!(!one.uses_unnest(Pg));
    let short = Insert::into("t")
        .columns(["a", "b"])
        .array_types(vec![SqlType::new("pg_catalog", "int8")])
        .values(vec![1.into(), 2.into()])
        .values(vec![3.into(), 4.into()]);
    assert!(!short.uses_unnest(Pg));
    assert!(short.into_batches(Pg).unwrap()[0].sql.contains("VALUES"));
}

#[test]
fn insert_errors() {
    assert!(Insert::into("t").columns(["a"]).build(Pg).is_err());
    let e = Insert::into("t")
        .columns(["a", "b"])
        .values(vec![1.into()])
        .build(Pg)
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "entgen: invalid statement: row 0 of INSERT INTO t has 1 values for 2 columns"
    );
    assert!(
        Insert::into("t")
            .set("a", 1)
            .on_conflict(OnConflict::columns(
                Vec::<&'static str>::new(),
                ConflictAction::DoNothing
            ))
            .build(Pg)
            .is_err()
    );
}

#[test]
fn update_and_delete() {
    let up = Update::table("users")
        .set("name", "b")
        .add("age", 1)
        .clear("nickname")
        .set_sensitive("password", "x")
        .filter(Pred::eq("id", 7))
        .returning(["id", "age"]);
    let q = up.build(Pg).unwrap();
    assert_eq!(
        q.sql,
        r#"UPDATE "users" SET "name" = $1, "age" = COALESCE("users"."age", 0) + $2, "nickname" = NULL, "password" = $3 WHERE "users"."id" = $4 RETURNING "id", "age""#
    );
    assert_eq!(q.redacted, vec![2]);
    assert!(Update::table("t").build(Pg).is_err());
    let d = Delete::from("users")
        .filter(Pred::has_edge(PETS).sensitive())
        .filter(Pred::eq("secret", "s").sensitive());
    let q = d.build(Sqlite);
    assert_eq!(
        q.sql,
        "DELETE FROM `users` WHERE EXISTS (SELECT 1 FROM `pets` AS `__t1` WHERE `__t1`.`owner_id` = `users`.`id`) AND `users`.`secret` = ?"
    );
    assert_eq!(q.display_args(), "[<redacted>]");
    assert_eq!(
        Delete::from("t").build(Pg),
        Query::new(r#"DELETE FROM "t""#, vec![])
    );
}
