//! ent's relation table (reference/ent.md §1.4) and naming rules (§2), row by row: the kind of
//! each edge, which table holds the foreign key, and every storage name, as ent computes them.

mod common;

use common::{errors, graph};

use entgen::graph::{Dialect, Graph, RefAction, RelationKind, Storage};

/// What one edge looks like from the outside: its kind and where the relation is stored.
#[derive(Debug, PartialEq)]
enum Stored {
    /// holder table, column, referenced table, symbol, nullable, unique, on delete
    Fk(
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        bool,
        bool,
        RefAction,
    ),
    /// join table, columns, symbols
    Join(&'static str, [&'static str; 2], [&'static str; 2]),
}

fn edge(graph: &Graph, entity: &str, edge: &str) -> (RelationKind, Stored) {
    let e = graph.entity(entity).unwrap().edge(edge).unwrap();
    let leak = |s: &str| -> &'static str { Box::leak(s.to_string().into_boxed_str()) };
    let stored = match &graph.relations[e.relation].storage {
        Storage::ForeignKey(fk) => Stored::Fk(
            leak(&graph.entities[fk.holder].table),
            leak(&fk.column),
            leak(&graph.entities[fk.references].table),
            leak(&fk.symbol),
            fk.nullable,
            fk.unique,
            fk.on_delete,
        ),
        Storage::JoinTable(j) => Stored::Join(
            leak(&j.table),
            [leak(&j.columns[0]), leak(&j.columns[1])],
            [leak(&j.symbols[0]), leak(&j.symbols[1])],
        ),
    };
    (e.kind, stored)
}

use RefAction::*;
use RelationKind::*;

#[test]
fn unique_assoc_with_unique_inverse_is_o2o_with_the_fk_on_the_inverse_side() {
    let g = graph(
        "entity User {\n edge card to Card?\n}\nentity Card {\n edge owner from User.card?\n}\n",
    );
    let fk = Stored::Fk(
        "cards",
        "user_card",
        "users",
        "cards_users_card",
        true,
        true,
        SetNull,
    );
    assert_eq!(edge(&g, "User", "card"), (O2O, fk));
    let fk = Stored::Fk(
        "cards",
        "user_card",
        "users",
        "cards_users_card",
        true,
        true,
        SetNull,
    );
    assert_eq!(edge(&g, "Card", "owner"), (O2O, fk));
}

#[test]
fn many_assoc_with_unique_inverse_is_o2m_with_the_fk_in_the_target() {
    let g = graph(
        "entity User {\n edge pets to Pet[]\n}\nentity Pet {\n edge owner from User.pets?\n}\n",
    );
    let fk = || {
        Stored::Fk(
            "pets",
            "user_pets",
            "users",
            "pets_users_pets",
            true,
            false,
            SetNull,
        )
    };
    assert_eq!(edge(&g, "User", "pets"), (O2M, fk()));
    assert_eq!(edge(&g, "Pet", "owner"), (M2O, fk()));
}

#[test]
fn unique_assoc_with_many_inverse_is_m2o_with_the_fk_in_the_owner() {
    let g = graph(
        "entity Pet {\n edge owner to User?\n}\nentity User {\n edge pets from Pet.owner[]\n}\n",
    );
    let fk = || {
        Stored::Fk(
            "pets",
            "pet_owner",
            "users",
            "pets_users_owner",
            true,
            false,
            SetNull,
        )
    };
    assert_eq!(edge(&g, "Pet", "owner"), (M2O, fk()));
    assert_eq!(edge(&g, "User", "pets"), (O2M, fk()));
}

#[test]
fn many_on_both_sides_is_m2m_in_a_join_table_named_after_the_assoc_owner() {
    let g = graph(
        "entity Group {\n edge users to User[]\n}\nentity User {\n edge groups from Group.users[]\n}\n",
    );
    let join = || {
        Stored::Join(
            "group_users",
            ["group_id", "user_id"],
            ["group_users_group_id", "group_users_user_id"],
        )
    };
    assert_eq!(edge(&g, "Group", "users"), (M2M, join()));
    assert_eq!(edge(&g, "User", "groups"), (M2M, join()));
    let g = graph(
        "entity Spec {\n edge card to Card[]\n}\nentity Card {\n edge spec from Spec.card[]\n}\n",
    );
    let join = Stored::Join(
        "spec_card",
        ["spec_id", "card_id"],
        ["spec_card_spec_id", "spec_card_card_id"],
    );
    assert_eq!(edge(&g, "Spec", "card"), (M2M, join));
}

#[test]
fn unique_assoc_without_inverse_is_m2o_and_required_makes_it_not_null() {
    let g =
        graph("entity Group {\n edge info to GroupInfo\n}\nentity GroupInfo {\n name string\n}\n");
    let fk = Stored::Fk(
        "groups",
        "group_info",
        "group_infos",
        "groups_group_infos_info",
        false,
        false,
        NoAction,
    );
    assert_eq!(edge(&g, "Group", "info"), (M2O, fk));
}

#[test]
fn many_assoc_without_inverse_is_o2m_with_a_nullable_fk_in_the_target() {
    let g = graph("entity User {\n edge cars to Car[]\n}\nentity Car {\n model string\n}\n");
    let fk = Stored::Fk(
        "cars",
        "user_cars",
        "users",
        "cars_users_cars",
        true,
        false,
        SetNull,
    );
    assert_eq!(edge(&g, "User", "cars"), (O2M, fk));
    let g = graph("entity Group {\n edge blocked to User[]\n}\nentity User {\n name string\n}\n");
    let fk = Stored::Fk(
        "users",
        "group_blocked",
        "groups",
        "users_groups_blocked",
        true,
        false,
        SetNull,
    );
    assert_eq!(edge(&g, "Group", "blocked"), (O2M, fk));
}

#[test]
fn unique_self_edge_without_inverse_is_a_bidirectional_o2o() {
    let g = graph("entity User {\n edge spouse to User?\n}\n");
    let fk = Stored::Fk(
        "users",
        "user_spouse",
        "users",
        "users_users_spouse",
        true,
        true,
        SetNull,
    );
    assert_eq!(edge(&g, "User", "spouse"), (O2O, fk));
    assert!(g.entity("User").unwrap().edge("spouse").unwrap().bidi);
}

#[test]
fn many_self_edge_without_inverse_is_a_symmetric_m2m() {
    let g = graph("entity User {\n edge friends to User[]\n}\n");
    let join = Stored::Join(
        "user_friends",
        ["user_id", "friend_id"],
        ["user_friends_user_id", "user_friends_friend_id"],
    );
    assert_eq!(edge(&g, "User", "friends"), (M2M, join));
    assert!(g.entity("User").unwrap().edge("friends").unwrap().bidi);
}

#[test]
fn self_m2m_with_inverse_is_directional_and_names_the_second_column_after_the_inverse() {
    let g = graph(
        "entity User {\n edge following to User[]\n edge followers from User.following[]\n}\n",
    );
    let join = || {
        Stored::Join(
            "user_following",
            ["user_id", "follower_id"],
            ["user_following_user_id", "user_following_follower_id"],
        )
    };
    assert_eq!(edge(&g, "User", "following"), (M2M, join()));
    assert_eq!(edge(&g, "User", "followers"), (M2M, join()));
    assert!(!g.entity("User").unwrap().edge("following").unwrap().bidi);
}

#[test]
fn self_o2o_with_inverse_keeps_the_fk_in_its_own_table() {
    let g = graph("entity Node {\n edge next to Node?\n edge prev from Node.next?\n}\n");
    let fk = || {
        Stored::Fk(
            "nodes",
            "node_next",
            "nodes",
            "nodes_nodes_next",
            true,
            true,
            SetNull,
        )
    };
    assert_eq!(edge(&g, "Node", "next"), (O2O, fk()));
    assert_eq!(edge(&g, "Node", "prev"), (O2O, fk()));
}

#[test]
fn tree_of_one_type_is_o2m_and_m2o_in_its_own_table() {
    let g = graph("entity Doc {\n edge children to Doc[]\n edge parent from Doc.children?\n}\n");
    let fk = || {
        Stored::Fk(
            "docs",
            "doc_children",
            "docs",
            "docs_docs_children",
            true,
            false,
            SetNull,
        )
    };
    assert_eq!(edge(&g, "Doc", "children"), (O2M, fk()));
    assert_eq!(edge(&g, "Doc", "parent"), (M2O, fk()));
}

#[test]
fn self_references_stay_nullable_even_when_required() {
    let g = graph(
        "entity Pet {\n best_friend_id int\n edge best_friend to Pet @field(best_friend_id)\n}\n",
    );
    let (kind, stored) = edge(&g, "Pet", "best_friend");
    assert_eq!(kind, O2O);
    assert_eq!(
        stored,
        Stored::Fk(
            "pets",
            "best_friend_id",
            "pets",
            "pets_pets_best_friend",
            true,
            true,
            SetNull
        )
    );
}

#[test]
fn edge_field_names_the_fk_column_and_required_makes_it_not_null() {
    let g = graph(
        "entity Pet {\n owner_id int\n edge owner to User @field(owner_id)\n}\nentity User {\n name string\n}\n",
    );
    let fk = Stored::Fk(
        "pets",
        "owner_id",
        "users",
        "pets_users_owner",
        false,
        false,
        NoAction,
    );
    assert_eq!(edge(&g, "Pet", "owner"), (M2O, fk));
    assert_eq!(
        g.entity("Pet")
            .unwrap()
            .field("owner_id")
            .unwrap()
            .edge
            .as_deref(),
        Some("owner")
    );
}

#[test]
fn storage_keys_and_on_delete_override_the_defaults() {
    let g = graph(
        "entity User {\n edge pets to Pet[] @column(\"owner_id\") @symbol(\"cars_owner_id\") @on_delete(cascade)\n edge friends to User[] @table(\"friends\") @columns(\"user_id\", \"friend_id\") @symbols(\"a\", \"b\")\n}\nentity Pet {\n name string\n}\n",
    );
    let fk = Stored::Fk(
        "pets",
        "owner_id",
        "users",
        "cars_owner_id",
        true,
        false,
        Cascade,
    );
    assert_eq!(edge(&g, "User", "pets"), (O2M, fk));
    let join = Stored::Join("friends", ["user_id", "friend_id"], ["a", "b"]);
    assert_eq!(edge(&g, "User", "friends"), (M2M, join));
}

#[test]
fn the_fk_column_is_named_after_the_assoc_owner_even_when_it_moves() {
    // Adding a unique back-reference turns M2O into O2O and moves the column, keeping its name.
    let lone = graph("entity User {\n edge card to Card?\n}\nentity Card {\n number string\n}\n");
    assert_eq!(
        edge(&lone, "User", "card").1,
        Stored::Fk(
            "users",
            "user_card",
            "cards",
            "users_cards_card",
            true,
            false,
            SetNull
        )
    );
    let paired = graph(
        "entity User {\n edge card to Card?\n}\nentity Card {\n edge owner from User.card?\n}\n",
    );
    assert!(matches!(
        edge(&paired, "User", "card").1,
        Stored::Fk("cards", "user_card", ..)
    ));
}

#[test]
fn table_names_follow_ents_pluralization_quirks() {
    let cases = [
        ("User", "users"),
        ("Person", "persons"),
        ("Child", "childs"),
        ("Status", "status"),
        ("UserStatus", "user_status"),
        ("Cafe", "caves"),
        ("IntSID", "int_si_ds"),
        ("URL", "ur_ls"),
        ("HTTPCode", "http_codes"),
        ("PC", "pcs"),
        ("Quiz", "quizs"),
        ("Index", "indexes"),
        ("Datum", "data"),
        ("Medium", "media"),
        ("Equipment", "equipment"),
        ("Mouse", "mouses"),
        ("Analysis", "analyses"),
        ("TweetLike", "tweet_likes"),
        ("OAuthToken", "oauth_tokens"),
    ];
    for (name, table) in cases {
        let g = graph(&format!("entity {name} {{}}\n"));
        assert_eq!(g.entities[0].table, table, "table of {name}");
    }
}

#[test]
fn index_names_are_the_lowercased_type_and_columns() {
    let g = graph(
        "entity User {\n edge pets to Pet[]\n}\nentity Pet {\n name string\n edge owner from User.pets?\n index (name) @edges(owner)\n}\nentity AttachedFile {\n proc_id int\n f_id int\n index (proc_id, f_id) @unique\n}\n",
    );
    assert_eq!(
        g.entity("Pet").unwrap().indexes[0].name,
        "pet_name_user_pets"
    );
    let attached = &g.entity("AttachedFile").unwrap().indexes[0];
    assert_eq!(attached.name, "attachedfile_proc_id_f_id");
    assert!(attached.unique);
}

#[test]
fn long_symbols_are_shortened_per_dialect_with_md5() {
    let long = format!("long_{}", "_".repeat(60));
    assert_eq!(
        Graph::symbol(&long, Dialect::Sqlite),
        "long____________________________1cb2e7e47a309191385af4ad320875b1"
    );
    assert_eq!(Graph::symbol(&long, Dialect::Postgres).len(), 63);
    assert_eq!(Graph::symbol("short", Dialect::Postgres), "short");
}

#[test]
fn unique_fields_get_dialect_specific_index_names() {
    assert_eq!(
        Graph::unique_column_index_name("users", "nickname", Dialect::Postgres),
        "users_nickname_key"
    );
    assert_eq!(
        Graph::unique_column_index_name("users", "nickname", Dialect::Sqlite),
        "users_nickname_key"
    );
    assert_eq!(
        Graph::unique_column_index_name("users", "nickname", Dialect::Mysql),
        "nickname"
    );
}

#[test]
fn mixin_members_come_first_and_id_can_come_from_a_mixin() {
    let g = graph(
        "mixin Ids {\n id uuid @default(uuid_v4)\n}\nmixin Stamps {\n created_at time @default(now)\n}\nentity Doc {\n title string\n use Stamps\n use Ids\n}\n",
    );
    let doc = g.entity("Doc").unwrap();
    let names: Vec<&str> = doc.fields.values().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["created_at", "title"]);
    assert_eq!(doc.id.ty.base_name(), "uuid");
    assert!(!doc.id.auto_increment);
}

#[test]
fn edge_schema_stores_the_m2m_in_its_own_table() {
    let g = graph(
        "entity User {\n edge friends to User[] @through(friendships, Friendship)\n}\nentity Friendship {\n user_id int\n friend_id int\n edge user to User @field(user_id)\n edge friend to User @field(friend_id)\n}\n",
    );
    let (kind, stored) = edge(&g, "User", "friends");
    assert_eq!(kind, M2M);
    assert_eq!(
        stored,
        Stored::Join(
            "friendships",
            ["user_id", "friend_id"],
            ["friendships_users_user", "friendships_users_friend"]
        )
    );
}

#[test]
fn an_edge_schema_gets_the_unique_index_on_its_join_columns_unless_it_declares_one() {
    let unique_indexes = |g: &Graph| -> Vec<(String, Vec<String>)> {
        let friendship = g.entity("Friendship").unwrap();
        let unique = friendship.indexes.iter().filter(|i| i.unique);
        unique
            .map(|i| {
                (
                    i.name.clone(),
                    i.columns.iter().map(|c| c.column.clone()).collect(),
                )
            })
            .collect()
    };
    let schema = "entity User {\n edge friends to User[] @through(friendships, Friendship)\n}\n\
                  entity Friendship {\n user_id int\n friend_id int\n edge user to User @field(user_id)\n \
                  edge friend to User @field(friend_id)\n";
    let added = graph(&format!("{schema}}}\n"));
    assert_eq!(
        unique_indexes(&added),
        [(
            "friendship_user_id_friend_id".to_owned(),
            vec!["user_id".to_owned(), "friend_id".to_owned()]
        )]
    );
    // Declared, in either order: not added again.
    let declared = graph(&format!(
        "{schema} index (friend_id, user_id) @unique\n}}\n"
    ));
    assert_eq!(
        unique_indexes(&declared),
        [(
            "friendship_friend_id_user_id".to_owned(),
            vec!["friend_id".to_owned(), "user_id".to_owned()]
        )]
    );
}

#[test]
fn an_index_may_take_an_o2o_edge_between_rows_of_one_entity() {
    let g =
        graph("entity U {\n name string\n edge spouse to U?\n index (name) @edges(spouse)\n}\n");
    let index = &g.entity("U").unwrap().indexes[0];
    let columns: Vec<&str> = index.columns.iter().map(|c| c.column.as_str()).collect();
    assert_eq!(columns, ["name", "u_spouse"], "the FK is in U's own table");
}

#[test]
fn a_foreign_key_in_the_primary_key_is_the_id() {
    // ent's edgefield Info: the O2O key is Info's id, and so is the M2O key of Note.
    let g = graph(
        "entity User {\n name string\n edge info to Info? @column(\"id\")\n}\n\
         entity Info {\n id int\n edge user from User.info\n}\n\
         entity Note {\n id int\n edge author to User? @column(\"id\")\n}\n",
    );
    for (entity, name) in [("Info", "user"), ("Note", "author")] {
        let e = g.entity(entity).unwrap().edge(name).unwrap();
        let Storage::ForeignKey(fk) = &g.relations[e.relation].storage else {
            panic!("{entity}.{name} is stored in a foreign key");
        };
        assert_eq!(
            (fk.column.as_str(), fk.field.as_deref()),
            ("id", Some("id"))
        );
        assert!(
            e.immutable,
            "{entity}.{name} changes only with the id, which cannot"
        );
    }
    assert!(!g.entity("User").unwrap().edge("info").unwrap().immutable);
    // Of another type than the referenced id, the key cannot be the id: the columns collide.
    let text = errors(
        "entity User {\n name string\n}\n\
         entity Note {\n id string\n edge author to User? @column(\"id\")\n}\n",
    );
    assert!(
        text.contains("two columns of `notes` are named `id`"),
        "{text}"
    );
}
