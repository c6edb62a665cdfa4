//! ent's naming rules, byte for byte: pluralization (go-openapi/inflect), `snake`/`pascal`,
//! table, label, column and index names, and the md5 shortening of long symbols; plus the
//! Rust-side rules of the schema language (UpperCamel variants, keyword escaping, reserved
//! entity names). See `reference/ent.md` §2.
//!
//! Everything here is a pure function of its arguments. The graph decides names with these
//! helpers; templates and the SQL layer read them off the graph.

pub mod case;
pub mod inflect;
pub mod rust_ident;
pub mod symbol;

pub use case::{
    ACRONYMS, is_acronym, is_snake, is_upper_camel, pascal, snake, to_snake_suggestion,
    to_upper_camel_suggestion, upper_camel,
};
pub use inflect::{pluralize, singularize};
pub use rust_ident::{
    RESERVED_TYPE_NAMES, RUST_RESERVED_KEYWORDS, RUST_STRICT_KEYWORDS, is_reserved_type_name,
    is_rust_keyword, rust_field_ident,
};
pub use symbol::{HASH_SUFFIX_LEN, shorten_symbol};

/// The database whose naming rules apply (ent's `dialect.Postgres`, `dialect.MySQL`,
/// `dialect.SQLite`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NameDialect {
    /// PostgreSQL: identifiers up to 63 bytes (`NAMEDATALEN - 1`), longer ones silently cut.
    Postgres,
    /// MySQL / MariaDB: identifiers up to 64 characters.
    Mysql,
    /// SQLite: no practical identifier limit.
    Sqlite,
}

impl NameDialect {
    /// The longest identifier the database keeps as written, in bytes: 63 on PostgreSQL, 64 on
    /// MySQL, and `usize::MAX` (no limit) on SQLite. A table or column name longer than this is
    /// a generation error.
    pub const fn max_identifier_len(self) -> usize {
        match self {
            Self::Postgres => 63,
            Self::Mysql => 64,
            Self::Sqlite => usize::MAX,
        }
    }

    /// The length above which ent shortens index names and FK symbols (`(*Atlas).symbol`): 63 on
    /// PostgreSQL and 64 on every other dialect, **SQLite included** (ent's own test vector for
    /// the shortening is a SQLite index).
    pub const fn symbol_max_len(self) -> usize {
        match self {
            Self::Postgres => 63,
            Self::Mysql | Self::Sqlite => 64,
        }
    }

    /// ent's `(*Atlas).symbol` for this dialect: an index name or FK symbol, shortened with
    /// [`shorten_symbol`] when it is longer than [`symbol_max_len`](Self::symbol_max_len).
    pub fn symbol(self, name: &str) -> String {
        shorten_symbol(name, self.symbol_max_len())
    }
}

/// ent's `Type.Table()` default: `snake(Pluralize(type_name))`
/// (`User` → `users`, `PHBOrg` → `phb_orgs`, `Person` → `persons`, `IntSID` → `int_si_ds`).
pub fn table_name(type_name: &str) -> String {
    snake(&pluralize(type_name))
}

/// ent's `Type.Label()`: `snake(type_name)`, singular (`UserInfo` → `user_info`); the prefix of
/// FK columns and M2M join tables.
pub fn label(type_name: &str) -> String {
    snake(type_name)
}

/// ent's `Field.StorageKey()` default: `snake(field_name)` (`SSOCert` → `sso_cert`; a
/// snake_case name is unchanged).
pub fn column_name(field_name: &str) -> String {
    snake(field_name)
}

/// ent's name for an explicit schema index without a storage key: the type name lower-cased
/// (`strings.ToLower`, **not** `snake`), `_`, and the column names joined with `_`
/// (`Pet`, `["name", "user_pets"]` → `pet_name_user_pets`; `UserGroup` → `usergroup_...`).
/// Not shortened: pass the result through [`NameDialect::symbol`] when building tables.
pub fn index_name<S: AsRef<str>>(type_name: &str, columns: &[S]) -> String {
    let mut name = case::go_to_lower(type_name);
    for column in columns {
        name.push('_');
        name.push_str(column.as_ref());
    }
    name
}

/// The implicit unique index ent creates for a `Unique()` field (`atUniqueC`): the column name
/// on MySQL (`nickname`), `<table>_<column>_key` on PostgreSQL and SQLite
/// (`users_nickname_key`). ent does not shorten these names.
pub fn unique_field_index_name(dialect: NameDialect, table: &str, column: &str) -> String {
    match dialect {
        NameDialect::Mysql => column.to_owned(),
        NameDialect::Postgres | NameDialect::Sqlite => format!("{table}_{column}_key"),
    }
}

/// Odd inputs for the no-panic tests of every submodule.
#[cfg(test)]
const ODD_STRINGS: &[&str] = &[
    "",
    " ",
    "_",
    "-",
    "\u{0}",
    "é",
    "É",
    "ÀÉ",
    "aÉb",
    "Éa",
    "量",
    "X量Y",
    "💥",
    "a💥B",
    "ß",
    "İ",
    "ǅ",
    "\u{301}",
    "e\u{301}",
    "\u{FEFF}",
    "\u{FFFF}",
    "  lead",
    "trail  ",
    "A_-_B",
    "ABC",
    "aBC",
    "123",
    "r#type",
    "ΧρηματικόΠοσό",
    "MÆNGDEPenge",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_names_match_ent() {
        // ent.md §2.2 and entc/gen/type_test.go TestType_Table.
        let cases = [
            ("User", "users"),
            ("Group", "groups"),
            ("UserInfo", "user_infos"),
            ("PHBOrg", "phb_orgs"),
            ("HTTPCode", "http_codes"),
            ("Device", "devices"),
            ("GroupInfo", "group_infos"),
            ("FileType", "file_types"),
            ("PC", "pcs"),
            ("Goods", "goods"),
            ("IntSID", "int_si_ds"),
            ("MixinID", "mixin_ids"),
            ("URL", "ur_ls"),
            ("APIKey", "api_keys"),
            ("OAuthToken", "oauth_tokens"),
            ("SSOCert", "sso_certs"),
            ("TweetLike", "tweet_likes"),
            ("CreditCard", "credit_cards"),
            ("Person", "persons"),
            ("Grandchild", "grandchildren"),
            ("Child", "childs"),
            ("Woman", "women"),
            ("Human", "humen"),
            ("Man", "mans"),
            ("Category", "categories"),
            ("Company", "companies"),
            ("Box", "boxes"),
            ("Address", "addresses"),
            ("Status", "status"),
            ("UserStatus", "user_status"),
            ("Bus", "bus"),
            ("Alias", "alias"),
            ("Virus", "virus"),
            ("Octopus", "octopus"),
            ("Quiz", "quizs"),
            ("Index", "indexes"),
            ("Vertex", "vertexes"),
            ("Matrix", "matrixes"),
            ("Datum", "data"),
            ("Medium", "media"),
            ("Stadium", "stadia"),
            ("Media", "media"),
            ("Data", "data"),
            ("Metadata", "metadata"),
            ("Equipment", "equipment"),
            ("Sheep", "sheep"),
            ("Fish", "fish"),
            ("News", "news"),
            ("Series", "series"),
            ("Money", "money"),
            ("Information", "information"),
            ("Cafe", "caves"),
            ("Safe", "saves"),
            ("Knife", "knives"),
            ("Wife", "wives"),
            ("Life", "lives"),
            ("Shelf", "shelves"),
            ("Wolf", "wolves"),
            ("Half", "halves"),
            ("Leaf", "leafs"),
            ("Roof", "roofs"),
            ("Chief", "chiefs"),
            ("Staff", "staffs"),
            ("Hero", "heros"),
            ("Tomato", "tomatos"),
            ("Potato", "potatos"),
            ("Photo", "photos"),
            ("Mouse", "mouses"),
            ("Ox", "oxes"),
            ("Analysis", "analyses"),
            ("Crisis", "crises"),
            ("Criterion", "criterions"),
            ("Curriculum", "curriculums"),
            ("Pet", "pets"),
            ("Car", "cars"),
            ("Card", "cards"),
            ("Spec", "specs"),
            ("Node", "nodes"),
            ("Doc", "docs"),
        ];
        for (input, want) in cases {
            assert_eq!(table_name(input), want, "table_name({input:?})");
        }
    }

    #[test]
    fn labels_and_columns_match_ent() {
        // entc/gen/type_test.go TestType_Label.
        let labels = [
            ("User", "user"),
            ("UserInfo", "user_info"),
            ("PHBOrg", "phb_org"),
            ("UserID", "user_id"),
            ("HTTPCode", "http_code"),
            ("UserIDs", "user_ids"),
            ("CreditCard", "credit_card"),
        ];
        for (input, want) in labels {
            assert_eq!(label(input), want, "label({input:?})");
        }
        assert_eq!(column_name("SSOCert"), "sso_cert");
        assert_eq!(column_name("created_at"), "created_at");
        assert_eq!(column_name("userName"), "user_name");
    }

    #[test]
    fn index_names_lower_case_the_type_name() {
        // ent.md §2.4 golden names.
        assert_eq!(index_name("File", &["name", "size"]), "file_name_size");
        assert_eq!(
            index_name("Pet", &["name", "user_pets"]),
            "pet_name_user_pets"
        );
        assert_eq!(
            index_name("Card", &["id", "name", "number"]),
            "card_id_name_number"
        );
        assert_eq!(index_name("MixinID", &["id"]), "mixinid_id");
        assert_eq!(
            index_name("UserGroup", &["user_id", "group_id"]),
            "usergroup_user_id_group_id"
        );
        assert_eq!(
            index_name("TweetTag", &["tag_id", "tweet_id"]),
            "tweettag_tag_id_tweet_id"
        );
        assert_eq!(
            index_name("AttachedFile", &["proc_id", "f_id"]),
            "attachedfile_proc_id_f_id"
        );
        assert_eq!(
            index_name(
                "SessionDevice",
                &[String::from("ip_address"), String::from("user_agent")]
            ),
            "sessiondevice_ip_address_user_agent"
        );
        assert_eq!(index_name::<&str>("Pet", &[]), "pet");
    }

    #[test]
    fn unique_field_index_names_per_dialect() {
        assert_eq!(
            unique_field_index_name(NameDialect::Mysql, "users", "nickname"),
            "nickname"
        );
        assert_eq!(
            unique_field_index_name(NameDialect::Postgres, "users", "nickname"),
            "users_nickname_key"
        );
        assert_eq!(
            unique_field_index_name(NameDialect::Sqlite, "ent_types", "type"),
            "ent_types_type_key"
        );
    }

    #[test]
    fn dialect_limits() {
        assert_eq!(NameDialect::Postgres.max_identifier_len(), 63);
        assert_eq!(NameDialect::Mysql.max_identifier_len(), 64);
        assert_eq!(NameDialect::Sqlite.max_identifier_len(), usize::MAX);
        assert_eq!(NameDialect::Postgres.symbol_max_len(), 63);
        assert_eq!(NameDialect::Mysql.symbol_max_len(), 64);
        assert_eq!(NameDialect::Sqlite.symbol_max_len(), 64);
        let long = format!("long_{}", "_".repeat(60));
        let want = "long____________________________1cb2e7e47a309191385af4ad320875b1";
        assert_eq!(NameDialect::Sqlite.symbol(&long), want);
        assert_eq!(NameDialect::Mysql.symbol(&long), want);
        assert_eq!(NameDialect::Postgres.symbol(&long).len(), 63);
        assert_eq!(
            NameDialect::Postgres.symbol("pets_users_owner"),
            "pets_users_owner"
        );
    }

    #[test]
    fn odd_input_never_panics() {
        for s in ODD_STRINGS {
            let _ = table_name(s);
            let _ = label(s);
            let _ = column_name(s);
            let _ = index_name(s, &[*s, *s]);
            for dialect in [
                NameDialect::Postgres,
                NameDialect::Mysql,
                NameDialect::Sqlite,
            ] {
                let _ = unique_field_index_name(dialect, s, s);
                let _ = dialect.symbol(&s.repeat(30));
            }
        }
    }
}
