//! The parts of a generated entity module that do not depend on its fields, as macros: the
//! templates print one line each instead of the same hundred lines per entity, which keeps
//! generation fast and generated files small (`entgen generate` formats every byte it writes).
//! The expansions are ordinary items in the calling module, so generated `impl` blocks add the
//! entity-specific methods (setters, `with_<edge>`, `query_<edge>`) next to them.
//!
//! Every method is `#[inline]`. The ones on concrete types (`UserQuery<&Client>::all`,
//! `UserClient::get`, …) would otherwise be compiled in the client's crate whether or not the
//! application calls them, each pulling in its own copy of the generic runtime code for its
//! entity: half the compile time of a 200-entity client. Inline, each is compiled where it is
//! used.

/// The query type of an entity: `query_type!(User, UserQuery, i64);` declares
/// `pub struct UserQuery<C>` with `filter`, `order`, `limit`, `offset` and, on a client, `all`,
/// `first`, `only`, `ids`, `first_id`, `only_id`, `count`, `exist`, `select`, `group_by`.
#[macro_export]
macro_rules! query_type {
    ($entity:ident, $query:ident, $id:ty) => {
        #[doc = concat!("A query over [`", stringify!($entity), "`] rows.")]
        pub struct $query<C>($crate::typed::Query<$entity, C>);

        impl<C> $query<C> {
            /// Every row, to be narrowed.
            #[inline]
            pub fn new(client: C) -> Self {
                $query($crate::typed::Query::new(client))
            }

            /// The generic query inside.
            #[inline]
            pub fn into_inner(self) -> $crate::typed::Query<$entity, C> {
                self.0
            }

            /// Keeps the rows matching `pred` (several calls are ANDed).
            #[inline]
            pub fn filter(self, pred: $crate::typed::Predicate<$entity>) -> Self {
                $query(self.0.filter(pred))
            }

            /// Orders by `order` (`COLUMN.asc()`, `COLUMN.desc()`).
            #[inline]
            pub fn order(self, order: $crate::typed::Order<$entity>) -> Self {
                $query(self.0.order(order))
            }

            /// At most `n` rows.
            #[inline]
            pub fn limit(self, n: u64) -> Self {
                $query(self.0.limit(n))
            }

            /// Skips the first `n` rows.
            #[inline]
            pub fn offset(self, n: u64) -> Self {
                $query(self.0.offset(n))
            }

            /// Locks the rows read until the transaction ends (`FOR UPDATE`).
            #[inline]
            pub fn for_update(self) -> Self {
                $query(self.0.for_update())
            }

            /// Locks the rows read against changes until the transaction ends (`FOR SHARE`,
            /// `LOCK IN SHARE MODE` on MySQL).
            #[inline]
            pub fn for_share(self) -> Self {
                $query(self.0.for_share())
            }
        }

        // What the generated `with_<edge>` and `query_<edge>` methods call: private, and
        // unused in an entity without edges.
        #[allow(dead_code)]
        impl<C> $query<C> {
            fn eager<T: $crate::typed::Entity, Q>(
                self,
                edge: $crate::typed::EdgeRef<$entity, T>,
                f: impl FnOnce(Q) -> Q,
            ) -> Self
            where
                Q: From<$crate::typed::Query<T, $crate::typed::Detached>>
                    + Into<$crate::typed::Query<T, $crate::typed::Detached>>,
            {
                $query(self.0.with_edge(edge, f))
            }

            fn traverse<T: $crate::typed::Entity, Q: From<$crate::typed::Query<T, C>>>(
                self,
                edge: $crate::typed::EdgeRef<$entity, T>,
            ) -> Q {
                self.0.query_edge(edge).into()
            }
        }

        impl<C> From<$crate::typed::Query<$entity, C>> for $query<C> {
            fn from(q: $crate::typed::Query<$entity, C>) -> Self {
                $query(q)
            }
        }

        impl<C> From<$query<C>> for $crate::typed::Query<$entity, C> {
            fn from(q: $query<C>) -> Self {
                q.0
            }
        }

        impl<'c> $query<&'c $crate::client::Client> {
            /// Every matching row, with the requested edges loaded.
            #[inline]
            pub fn all(self) -> Result<Vec<$entity>, $crate::error::Error> {
                self.0.all()
            }

            /// The first row; `Error::NotFound` when none.
            #[inline]
            pub fn first(self) -> Result<$entity, $crate::error::Error> {
                self.0.first()
            }

            /// The only row; `Error::NotFound` or `Error::NotSingular` otherwise.
            #[inline]
            pub fn only(self) -> Result<$entity, $crate::error::Error> {
                self.0.only()
            }

            /// The ids of the matching rows.
            #[inline]
            pub fn ids(self) -> Result<Vec<$id>, $crate::error::Error> {
                self.0.ids()
            }

            /// The first row's id; `Error::NotFound` when none.
            #[inline]
            pub fn first_id(self) -> Result<$id, $crate::error::Error> {
                self.0.first_id()
            }

            /// The only row's id.
            #[inline]
            pub fn only_id(self) -> Result<$id, $crate::error::Error> {
                self.0.only_id()
            }

            /// The number of matching rows.
            #[inline]
            pub fn count(self) -> Result<u64, $crate::error::Error> {
                self.0.count()
            }

            /// Whether any row matches.
            #[inline]
            pub fn exist(self) -> Result<bool, $crate::error::Error> {
                self.0.exist()
            }

            /// Only some columns: `select((NAME, AGE)).all()` reads `(String, Option<i64>)`s.
            #[inline]
            pub fn select<P: $crate::typed::Projection<$entity>>(
                self,
                columns: P,
            ) -> $crate::typed::Selection<'c, $entity, P> {
                self.0.select(columns)
            }

            /// Groups by columns, for aggregates: `group_by(ROLE).aggregate(count()).scan()`.
            #[inline]
            pub fn group_by<P: $crate::typed::Projection<$entity>>(
                self,
                columns: P,
            ) -> $crate::typed::GroupBy<'c, $entity, P> {
                self.0.group_by(columns)
            }
        }

        $crate::__async_query_type!($entity, $query, $id);
    };
}

/// The private forwarders a create and an update share (`put`, `put_target`, `link`), declared
/// inside their `impl` blocks by `create_type!` and `update_type!`: `$wrapper` is the generated
/// newtype, whose field is the generic builder of `$entity`.
#[doc(hidden)]
#[macro_export]
macro_rules! builder_forwarders {
    ($wrapper:ident, $entity:ident) => {
        fn put<T: Into<$crate::value::Value>, N>(
            self,
            column: $crate::typed::Column<$entity, T, N>,
            value: impl $crate::typed::Arg<T>,
        ) -> Self {
            $wrapper(self.0.put(column, value))
        }

        fn put_target<T: $crate::typed::Entity>(
            self,
            edge: $crate::typed::EdgeRef<$entity, T>,
            target: impl $crate::typed::IdOf<T>,
        ) -> Self {
            $wrapper(self.0.put_target(edge, target))
        }

        fn link<L: $crate::typed::Linkable<$entity>>(
            self,
            edge: L,
            targets: impl IntoIterator<Item = impl $crate::typed::IdOf<L::Target>>,
        ) -> Self {
            $wrapper(self.0.link(edge, targets))
        }
    };
}

/// The create type of an entity: `create_type!(User, UserCreate, i64);` declares
/// `pub struct UserCreate<C = Detached>` with `new` (for bulk rows), `mutation`, the upsert
/// options and, on a client, `save`, `exec`, `id`. Setters are generated next to it.
#[macro_export]
macro_rules! create_type {
    ($entity:ident, $create:ident, $id:ty) => {
        #[doc = concat!("A create of one [`", stringify!($entity), "`]; rows of a bulk create are built with `", stringify!($create), "::new()`.")]
        pub struct $create<C = $crate::typed::Detached>($crate::typed::Create<$entity, C>);

        impl $create<$crate::typed::Detached> {
            /// A create for `create_bulk`.
            #[inline]
            pub fn new() -> Self {
                $create($crate::typed::Create::new($crate::typed::Detached))
            }
        }

        impl Default for $create<$crate::typed::Detached> {
            fn default() -> Self {
                Self::new()
            }
        }

        impl<C> $create<C> {
            /// A create on `client`.
            #[inline]
            pub fn with_client(client: C) -> Self {
                $create($crate::typed::Create::new(client))
            }

            /// The generic create inside.
            #[inline]
            pub fn into_inner(self) -> $crate::typed::Create<$entity, C> {
                self.0
            }

            /// The pending mutation, as hooks will see it.
            #[inline]
            pub fn mutation(&self) -> &$crate::client::Mutation {
                self.0.mutation()
            }

            /// Upsert on a conflict over `columns` (a unique index): then `update_new_values`
            /// (the default) or `do_nothing`.
            #[inline]
            pub fn on_conflict<P: $crate::typed::Projection<$entity>>(self, columns: P) -> Self {
                $create(self.0.on_conflict(columns))
            }

            /// On conflict, overwrite the existing row with the values set here (not its id or
            /// immutable fields).
            #[inline]
            pub fn update_new_values(self) -> Self {
                $create(self.0.update_new_values())
            }

            /// On conflict, leave the existing row alone: `exec` succeeds, `save` and `id` report
            /// not found (there is no row to return).
            #[inline]
            pub fn do_nothing(self) -> Self {
                $create(self.0.do_nothing())
            }
        }

        // What the generated setters call (see `typed::column_methods`): private, and some
        // unused in a given entity.
        #[allow(dead_code)]
        impl<C> $create<C> {
            $crate::builder_forwarders!($create, $entity);

            fn put_some<T: Into<$crate::value::Value>, N>(
                self,
                column: $crate::typed::Column<$entity, T, N>,
                value: Option<impl $crate::typed::Arg<T>>,
            ) -> Self {
                $create(self.0.put_some(column, value))
            }
        }

        impl $create<&$crate::client::Client> {
            /// Creates the row; returns it as stored.
            #[inline]
            pub fn save(self) -> Result<$entity, $crate::error::Error> {
                self.0.save()
            }

            /// Creates the row; a row `do_nothing` skipped is not an error.
            #[inline]
            pub fn exec(self) -> Result<(), $crate::error::Error> {
                self.0.exec()
            }

            /// Creates the row; returns its id.
            #[inline]
            pub fn id(self) -> Result<$id, $crate::error::Error> {
                self.0.id()
            }
        }

        $crate::__async_create_type!($entity, $create, $id);
    };
}

/// The update types of an entity: `update_type!(User, UserUpdate, UserUpdateOne);` declares
/// `pub struct UserUpdate<'c, K = Many, C = &'c Client>` (`filter` + `exec` returning the
/// count) and `UserUpdateOne<'c, C = &'c Client>` (`save` returning the row). Setters are
/// generated next to it, for any client `C` (the async client's terminal methods come from
/// the runtime's `async` feature).
#[macro_export]
macro_rules! update_type {
    ($entity:ident, $update:ident, $update_one:ident) => {
        #[doc = concat!("An update of [`", stringify!($entity), "`] rows: many by predicate, or one by id ([`", stringify!($update_one), "`]).")]
        pub struct $update<'c, K = $crate::typed::Many, C = &'c $crate::client::Client>(
            $crate::typed::Update<$entity, C, K>,
            ::std::marker::PhantomData<&'c ()>,
        );

        #[doc = concat!("An update of one [`", stringify!($entity), "`] by id; `save` returns the row as stored.")]
        pub type $update_one<'c, C = &'c $crate::client::Client> =
            $update<'c, $crate::typed::One, C>;

        impl<K, C> $update<'_, K, C> {
            /// The pending mutation, as hooks will see it.
            #[inline]
            pub fn mutation(&self) -> &$crate::client::Mutation {
                self.0.mutation()
            }

            /// The generic update inside.
            #[inline]
            pub fn into_inner(self) -> $crate::typed::Update<$entity, C, K> {
                self.0
            }
        }

        impl<K, C> From<$crate::typed::Update<$entity, C, K>> for $update<'_, K, C> {
            fn from(u: $crate::typed::Update<$entity, C, K>) -> Self {
                $update(u, ::std::marker::PhantomData)
            }
        }

        // What the generated setters call (see `typed::column_methods`): private, and some
        // unused in a given entity.
        #[allow(dead_code)]
        impl<K, C> $update<'_, K, C> {
            fn put<T: Into<$crate::value::Value>, N>(
                self,
                column: $crate::typed::Column<$entity, T, N>,
                value: impl $crate::typed::Arg<T>,
            ) -> Self {
                self.0.put(column, value).into()
            }

            fn put_target<T: $crate::typed::Entity>(
                self,
                edge: $crate::typed::EdgeRef<$entity, T>,
                target: impl $crate::typed::IdOf<T>,
            ) -> Self {
                self.0.put_target(edge, target).into()
            }

            fn link<L: $crate::typed::Linkable<$entity>>(
                self,
                edge: L,
                targets: impl IntoIterator<Item = impl $crate::typed::IdOf<L::Target>>,
            ) -> Self {
                self.0.link(edge, targets).into()
            }

            fn increment<T: Into<$crate::value::Value>, N>(
                self,
                column: $crate::typed::Column<$entity, T, N>,
                value: T,
            ) -> Self {
                self.0.increment(column, value).into()
            }

            fn put_null<T, N>(self, column: $crate::typed::Column<$entity, T, N>) -> Self {
                self.0.put_null(column).into()
            }

            fn put_no_target<T: $crate::typed::Entity>(
                self,
                edge: $crate::typed::EdgeRef<$entity, T>,
            ) -> Self {
                self.0.put_no_target(edge).into()
            }

            fn unlink<T: $crate::typed::Entity>(
                self,
                edge: $crate::typed::EdgeRef<$entity, T>,
                targets: impl IntoIterator<Item = impl $crate::typed::IdOf<T>>,
            ) -> Self {
                self.0.unlink(edge, targets).into()
            }

            fn unlink_all<T: $crate::typed::Entity>(
                self,
                edge: $crate::typed::EdgeRef<$entity, T>,
            ) -> Self {
                self.0.unlink_all(edge).into()
            }
        }

        impl<C> $update<'_, $crate::typed::Many, C> {
            /// Updates only the rows matching `pred` (several calls are ANDed).
            #[inline]
            pub fn filter(self, pred: $crate::typed::Predicate<$entity>) -> Self {
                self.0.filter(pred).into()
            }
        }

        impl $update<'_, $crate::typed::Many> {
            /// Runs the update; returns the number of rows matched.
            #[inline]
            pub fn exec(self) -> Result<u64, $crate::error::Error> {
                self.0.exec()
            }
        }

        impl $update<'_, $crate::typed::One> {
            /// Runs the update; returns the row as stored.
            #[inline]
            pub fn save(self) -> Result<$entity, $crate::error::Error> {
                self.0.save()
            }

            /// Runs the update.
            #[inline]
            pub fn exec(self) -> Result<(), $crate::error::Error> {
                self.0.exec()
            }
        }

        $crate::__async_update_type!($entity, $update);
    };
}

/// The per-entity client: `entity_client!(User, UserClient, UserQuery, UserCreate, UserUpdate,
/// UserUpdateOne, i64);` declares `pub struct UserClient<'c, C = &'c Client>` with `create`,
/// `create_bulk`, `update`, `update_one(_id)`, `delete`, `delete_one(_id)`, `query`, `of` for
/// any client, and `use_hook` and `get` on each client type. `query_<edge>` methods are
/// generated next to it.
#[macro_export]
macro_rules! entity_client {
    ($entity:ident, $client:ident, $query:ident, $create:ident, $update:ident, $update_one:ident, $id:ty) => {
        #[doc = concat!("[`", stringify!($entity), "`] operations on a client or transaction.")]
        pub struct $client<'c, C = &'c $crate::client::Client> {
            client: C,
            lifetime: ::std::marker::PhantomData<&'c ()>,
        }

        impl<'c, C: Copy> $client<'c, C> {
            /// The operations on `client`.
            #[inline]
            pub fn new(client: C) -> Self {
                $client {
                    client,
                    lifetime: ::std::marker::PhantomData,
                }
            }

            /// A create of one row.
            #[inline]
            pub fn create(self) -> $create<C> {
                $create::with_client(self.client)
            }

            /// Creates many rows with multi-row INSERTs (rows built with `new()`).
            #[inline]
            pub fn create_bulk(
                self,
                rows: impl IntoIterator<Item = $create<$crate::typed::Detached>>,
            ) -> $crate::typed::CreateBulk<$entity, C> {
                $crate::typed::CreateBulk::new(
                    self.client,
                    rows.into_iter().map($create::into_inner),
                )
            }

            /// An update of the rows a predicate selects.
            #[inline]
            pub fn update(self) -> $update<'c, $crate::typed::Many, C> {
                $crate::typed::Update::new(self.client).into()
            }

            /// An update of `entity`'s row.
            #[inline]
            pub fn update_one(self, entity: &$entity) -> $update_one<'c, C> {
                self.update_one_id($crate::typed::Entity::id(entity))
            }

            /// An update of the row whose id is `id`.
            #[inline]
            pub fn update_one_id(self, id: $id) -> $update_one<'c, C> {
                $crate::typed::Update::new_one(self.client, id).into()
            }

            /// A delete of the rows a predicate selects.
            #[inline]
            pub fn delete(self) -> $crate::typed::Delete<$entity, C> {
                $crate::typed::Delete::new(self.client)
            }

            /// A delete of `entity`'s row.
            #[inline]
            pub fn delete_one(self, entity: &$entity) -> $crate::typed::DeleteOne<$entity, C> {
                self.delete_one_id($crate::typed::Entity::id(entity))
            }

            /// A delete of the row whose id is `id`.
            #[inline]
            pub fn delete_one_id(self, id: $id) -> $crate::typed::DeleteOne<$entity, C> {
                $crate::typed::DeleteOne::new(self.client, id)
            }

            /// A query over the rows.
            #[inline]
            pub fn query(self) -> $query<C> {
                $query::new(self.client)
            }

            /// A query over `entity`'s row alone, to traverse from: `c.user().of(&ada)`. (Not
            /// `query_of`: an edge called `of` generates that name.)
            #[inline]
            pub fn of(self, entity: &$entity) -> $query<C> {
                $query::from(
                    $crate::typed::Query::new(self.client)
                        .filter_id($crate::typed::Entity::id(entity)),
                )
            }
        }

        impl<'c> $client<'c> {
            #[doc = concat!("Registers a hook for `", stringify!($entity), "` mutations only.")]
            #[inline]
            pub fn use_hook(self, hook: $crate::client::Hook) {
                let entity = <$entity as $crate::typed::Entity>::NAME;
                self.client.use_hook(hook.on_entity(entity));
            }

            /// The row whose id is `id`; `Error::NotFound` when none.
            #[inline]
            pub fn get(self, id: $id) -> Result<$entity, $crate::error::Error> {
                $query::from($crate::typed::Query::new(self.client).filter_id(id)).only()
            }
        }

        $crate::__async_entity_client!($entity, $client, $query, $id);
    };
}

/// An `enum(...)` field's Rust enum with its stored values: `string_enum!(Role, "User",
/// "role", [Admin = "admin", Reader = "reader"]);` declares `pub enum Role` with `ALL`,
/// `as_str`, `Display`, `FromStr` and the conversions to and from `Value`.
#[macro_export]
macro_rules! string_enum {
    ($name:ident, $entity:literal, $field:literal, [$($variant:ident = $value:literal),+ $(,)?]) => {
        #[doc = concat!("The values of the `", $field, "` field.")]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $(
                #[doc = concat!("Stored as `", $value, "`.")]
                $variant,
            )+
        }

        impl $name {
            /// Every value, in schema order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored value.
            #[inline]
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $value,)+
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::error::Error;
            fn from_str(s: &str) -> Result<Self, $crate::error::Error> {
                match s {
                    $($value => Ok($name::$variant),)+
                    other => Err($crate::error::Error::validation(
                        $entity,
                        $field,
                        format!("invalid enum value {other:?}"),
                    )),
                }
            }
        }

        impl From<$name> for $crate::value::Value {
            fn from(v: $name) -> $crate::value::Value {
                $crate::value::Value::from(v.as_str())
            }
        }

        impl $crate::value::FromValue for $name {
            fn from_value(
                v: $crate::value::Value,
            ) -> Result<Self, $crate::value::ConversionError> {
                match &v {
                    $crate::value::Value::String(s) => s.parse().map_err(|_| {
                        $crate::value::ConversionError::with(
                            &v,
                            stringify!($name),
                            format_args!("{s:?} is not a value"),
                        )
                    }),
                    _ => Err($crate::value::ConversionError::new(&v, stringify!($name))),
                }
            }
        }
    };
}

/// `Serialize`/`Deserialize` for a [`string_enum!`] type (clients generated with
/// `--feature serde`): the schema value, as ent's JSON has it (`"admin"`, not `"Admin"`).
#[cfg(feature = "serde")]
#[macro_export]
macro_rules! string_enum_serde {
    ($name:ident) => {
        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = <String as $crate::serde::Deserialize>::deserialize(d)?;
                text.parse().map_err(|_| {
                    <D::Error as $crate::serde::de::Error>::custom(format_args!(
                        "{text:?} is not a {} value",
                        stringify!($name)
                    ))
                })
            }
        }
    };
}
