//! Hand-built schemas covering the model: every column type, defaults, identity, composite,
//! partial, descending, expression and GIN indexes, foreign keys with actions, self-references
//! and cycles, checks, comments and hostile identifiers.
//!
//! Expressions (checks, predicates, defaults) are written the way PostgreSQL prints them back
//! (parenthesized sub-expressions), so they round-trip on both dialects.

use crate::dialect::Dialect;
use crate::schema::{
    Check, Column, ColumnType, DefaultValue, ForeignKey, Identity, IdentityGeneration, Index,
    IndexKey, IndexPart, IntWidth, ReferenceAction, Schema, Table,
};

/// Every fixture, by name.
pub fn all(d: Dialect) -> Vec<(&'static str, Schema)> {
    vec![
        ("all_types", all_types(d)),
        ("identity", identity()),
        ("indexes", indexes()),
        ("foreign_keys", foreign_keys()),
        ("cycle", cycle()),
        ("checks", checks()),
        ("comments", comments()),
        ("hostile", hostile(d)),
        ("join_table", join_table()),
    ]
}

fn id() -> Column {
    Column::new("id", ColumnType::int64()).identity()
}

/// One column per type, nullable and not, with literal and expression defaults.
pub fn all_types(d: Dialect) -> Schema {
    let now = match d {
        Dialect::Postgres => "now()",
        Dialect::Sqlite | Dialect::Mysql => "CURRENT_TIMESTAMP",
    };
    let t = Table::new("all_types")
        .column(id())
        .column(Column::new("b", ColumnType::Bool).default(true))
        .column(Column::new("b_null", ColumnType::Bool).nullable())
        .column(Column::new("i8", ColumnType::int(IntWidth::W8)).default(-1))
        .column(Column::new("u8", ColumnType::uint(IntWidth::W8)))
        .column(Column::new("i16", ColumnType::int(IntWidth::W16)))
        .column(Column::new("u16", ColumnType::uint(IntWidth::W16)))
        .column(Column::new("i32", ColumnType::int(IntWidth::W32)).default(42))
        .column(Column::new("u32", ColumnType::uint(IntWidth::W32)))
        .column(Column::new("i64", ColumnType::int64()).nullable())
        .column(Column::new("u64", ColumnType::uint(IntWidth::W64)))
        .column(Column::new("f32", ColumnType::Float32).default(1.5))
        .column(Column::new("f64", ColumnType::Float64).default(-0.25))
        .column(Column::new("s", ColumnType::string()).default("it's"))
        .column(Column::new("s_sized", ColumnType::String { size: Some(191) }).nullable())
        .column(Column::new("txt", ColumnType::Text).default(""))
        .column(Column::new("bin", ColumnType::Bytes).nullable())
        .column(Column::new("created_at", ColumnType::Time).default(DefaultValue::expr(now)))
        .column(
            Column::new("uid", ColumnType::Uuid).default("00000000-0000-0000-0000-000000000000"),
        )
        .column(Column::new("doc", ColumnType::Json).default("{}"))
        .column(
            Column::new(
                "status",
                ColumnType::Enum {
                    values: vec!["on".into(), "off".into()],
                },
            )
            .default("on"),
        )
        .column(
            Column::new(
                "price",
                ColumnType::Decimal {
                    precision: Some(10),
                    scale: Some(2),
                },
            )
            .default(1.5),
        )
        .column(Column::new("raw", ColumnType::Raw("smallint".into())).nullable())
        .column(Column::new("calc", ColumnType::int64()).default(DefaultValue::expr("(1 + 2)")))
        .primary_key(["id"]);
    Schema::new().table(t)
}

/// Identity columns: default settings, a custom start (ent's global-id ranges), `ALWAYS`.
pub fn identity() -> Schema {
    let mut ranged = id();
    ranged.identity = Some(Identity {
        start: 4_294_967_296,
        ..Identity::default()
    });
    let mut always = Column::new("id", ColumnType::int(IntWidth::W32));
    always.identity = Some(Identity {
        generation: IdentityGeneration::Always,
        start: 1,
        increment: 1,
    });
    Schema::new()
        .table(
            Table::new("users")
                .column(id())
                .column(Column::new("name", ColumnType::string()))
                .primary_key(["id"]),
        )
        .table(Table::new("groups").column(ranged).primary_key(["id"]))
        .table(Table::new("events").column(always).primary_key(["id"]))
}

/// Composite, unique, partial, descending, expression and GIN indexes.
pub fn indexes() -> Schema {
    let t = Table::new("posts")
        .column(id())
        .column(Column::new("title", ColumnType::Text))
        .column(Column::new("author", ColumnType::string()))
        .column(Column::new("score", ColumnType::int(IntWidth::W32)))
        .column(Column::new("deleted_at", ColumnType::Time).nullable())
        .column(Column::new("tags", ColumnType::Json).nullable())
        .primary_key(["id"])
        .index(Index::new("posts_author_title", ["author", "title"]).unique())
        .index(Index::new("posts_live", ["title"]).predicate("deleted_at IS NULL"))
        .index(Index::new("posts_score", ["score"]).parts(vec![
            IndexPart::column_desc("score"),
            IndexPart::column("id"),
        ]))
        .index(
            Index::new("posts_lower_title", ["title"]).parts(vec![IndexPart {
                key: IndexKey::Expr("lower(title)".into()),
                desc: false,
            }]),
        )
        .index(Index::new("posts_tags", ["tags"]).method("gin"));
    Schema::new().table(t)
}

/// Foreign keys with every action, and a self-reference.
pub fn foreign_keys() -> Schema {
    let users = Table::new("users")
        .column(id())
        .column(Column::new("parent_id", ColumnType::int64()).nullable())
        .primary_key(["id"])
        .foreign_key(
            ForeignKey::new("users_users_children", "parent_id", "users", "id")
                .on_delete(ReferenceAction::SetNull),
        );
    let mut pets = Table::new("pets")
        .column(id())
        .column(Column::new("owner_id", ColumnType::int64()))
        .column(Column::new("vet_id", ColumnType::int64()).nullable())
        .column(Column::new("breeder_id", ColumnType::int64()).nullable())
        .primary_key(["id"]);
    pets.foreign_keys = vec![
        ForeignKey::new("pets_users_pets", "owner_id", "users", "id")
            .on_delete(ReferenceAction::Cascade)
            .on_update(ReferenceAction::Restrict),
        ForeignKey::new("pets_users_vet", "vet_id", "users", "id")
            .on_delete(ReferenceAction::SetDefault),
        ForeignKey::new("pets_users_breeder", "breeder_id", "users", "id"),
    ];
    // Declared referencing-first to exercise ordering.
    Schema::new().table(pets).table(users)
}

/// Two tables referencing each other.
pub fn cycle() -> Schema {
    let a = Table::new("a")
        .column(id())
        .column(Column::new("b_id", ColumnType::int64()).nullable())
        .primary_key(["id"])
        .foreign_key(ForeignKey::new("a_b", "b_id", "b", "id"));
    let b = Table::new("b")
        .column(id())
        .column(Column::new("a_id", ColumnType::int64()).nullable())
        .primary_key(["id"])
        .foreign_key(ForeignKey::new("b_a", "a_id", "a", "id").on_delete(ReferenceAction::Cascade));
    Schema::new().table(a).table(b)
}

/// Named checks.
pub fn checks() -> Schema {
    let t = Table::new("people")
        .column(id())
        .column(Column::new("age", ColumnType::int(IntWidth::W32)))
        .column(Column::new("lo", ColumnType::int64()))
        .column(Column::new("hi", ColumnType::int64()))
        .primary_key(["id"])
        .check(Check::new("age_positive", "age > 0"))
        .check(Check::new("lo_le_hi", "(lo <= hi) AND (hi < 1000)"));
    Schema::new().table(t)
}

/// Table and column comments (PostgreSQL only; SQLite drops them).
pub fn comments() -> Schema {
    let t = Table::new("notes")
        .column(id().comment("the id"))
        .column(Column::new("body", ColumnType::Text).comment("it's the body\nwith a newline"))
        .primary_key(["id"])
        .comment("user notes");
    Schema::new().table(t)
}

/// Hostile identifiers: quotes of both kinds, spaces, keywords, unicode, and the longest name
/// the dialect keeps (63 bytes on PostgreSQL, 100 characters on SQLite).
pub fn hostile(d: Dialect) -> Schema {
    let long = |c: char| -> String {
        match d.max_identifier_len() {
            Some(max) => std::iter::repeat_n(c, max).collect(),
            None => std::iter::repeat_n(c, 100).collect(),
        }
    };
    let q = "we\"ird `name' x";
    let table = Table::new("select")
        .column(Column::new("from", ColumnType::int64()).identity())
        .column(Column::new(q, ColumnType::string()).default("o'clock"))
        .column(Column::new("üñíçødé 名前", ColumnType::Text).nullable())
        .column(Column::new(long('c'), ColumnType::int(IntWidth::W32)).default(0))
        .primary_key(["from"])
        .index(Index::new("index on \"select\"", [q]).unique())
        .index(Index::new(long('i'), [long('c')]))
        .check(Check::new("check \"it\"", "\"from\" >= 0"));
    let child = Table::new(long('t'))
        .column(Column::new("id", ColumnType::int64()))
        .column(Column::new("order", ColumnType::int64()).nullable())
        .primary_key(["id"])
        .foreign_key(
            ForeignKey::new(long('f'), "order", "select", "from")
                .on_delete(ReferenceAction::Cascade),
        );
    Schema::new().table(table).table(child)
}

/// An ent many-to-many join table: composite primary key, two cascading foreign keys.
pub fn join_table() -> Schema {
    let users = Table::new("users").column(id()).primary_key(["id"]);
    let groups = Table::new("groups").column(id()).primary_key(["id"]);
    let ug = Table::new("user_groups")
        .column(Column::new("user_id", ColumnType::int64()))
        .column(Column::new("group_id", ColumnType::int64()))
        .primary_key(["user_id", "group_id"])
        .foreign_key(
            ForeignKey::new("user_groups_user_id", "user_id", "users", "id")
                .on_delete(ReferenceAction::Cascade),
        )
        .foreign_key(
            ForeignKey::new("user_groups_group_id", "group_id", "groups", "id")
                .on_delete(ReferenceAction::Cascade),
        );
    Schema::new().table(users).table(groups).table(ug)
}
