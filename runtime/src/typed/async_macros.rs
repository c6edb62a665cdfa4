//! The async halves of the generated types: terminal methods on the async client for the
//! query, create and update types and the entity client (called by `query_type!`,
//! `create_type!`, `update_type!` and `entity_client!`), and the root `AsyncClient` of a
//! client generated with `--feature async` (`async_client!`).
//!
//! In a runtime built without its `async` feature every one of them expands to nothing, so a
//! generated client compiles either way (generated code cannot test the runtime's features),
//! and an application opts in with `entgen-runtime`'s `async` feature alone.

/// Async terminal methods of a query type (see `query_type!`).
#[cfg(feature = "async")]
#[doc(hidden)]
#[macro_export]
macro_rules! __async_query_type {
    ($entity:ident, $query:ident, $id:ty) => {
        impl $query<&$crate::async_client::AsyncClient> {
            /// Every matching row, with the requested edges loaded.
            #[inline]
            pub async fn all(self) -> Result<Vec<$entity>, $crate::error::Error> {
                self.0.all().await
            }

            /// The first row; `Error::NotFound` when none.
            #[inline]
            pub async fn first(self) -> Result<$entity, $crate::error::Error> {
                self.0.first().await
            }

            /// The only row; `Error::NotFound` or `Error::NotSingular` otherwise.
            #[inline]
            pub async fn only(self) -> Result<$entity, $crate::error::Error> {
                self.0.only().await
            }

            /// The ids of the matching rows.
            #[inline]
            pub async fn ids(self) -> Result<Vec<$id>, $crate::error::Error> {
                self.0.ids().await
            }

            /// The first row's id; `Error::NotFound` when none.
            #[inline]
            pub async fn first_id(self) -> Result<$id, $crate::error::Error> {
                self.0.first_id().await
            }

            /// The only row's id.
            #[inline]
            pub async fn only_id(self) -> Result<$id, $crate::error::Error> {
                self.0.only_id().await
            }

            /// The number of matching rows.
            #[inline]
            pub async fn count(self) -> Result<u64, $crate::error::Error> {
                self.0.count().await
            }

            /// Whether any row matches.
            #[inline]
            pub async fn exist(self) -> Result<bool, $crate::error::Error> {
                self.0.exist().await
            }
        }

        impl<'c> $query<&'c $crate::async_client::AsyncClient> {
            /// Only some columns: `select((NAME, AGE)).all().await`.
            #[inline]
            pub fn select<P: $crate::typed::Projection<$entity>>(
                self,
                columns: P,
            ) -> $crate::typed::Selection<'c, $entity, P, &'c $crate::async_client::AsyncClient>
            {
                self.0.select(columns)
            }

            /// Groups by columns, for aggregates: `group_by(ROLE).aggregate(count()).scan().await`.
            #[inline]
            pub fn group_by<P: $crate::typed::Projection<$entity>>(
                self,
                columns: P,
            ) -> $crate::typed::GroupBy<'c, $entity, P, &'c $crate::async_client::AsyncClient> {
                self.0.group_by(columns)
            }
        }
    };
}

#[cfg(not(feature = "async"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __async_query_type {
    ($($t:tt)*) => {};
}

/// Async terminal methods of a create type (see `create_type!`).
#[cfg(feature = "async")]
#[doc(hidden)]
#[macro_export]
macro_rules! __async_create_type {
    ($entity:ident, $create:ident, $id:ty) => {
        impl $create<&$crate::async_client::AsyncClient> {
            /// Creates the row; returns it as stored.
            #[inline]
            pub async fn save(self) -> Result<$entity, $crate::error::Error> {
                self.0.save().await
            }

            /// Creates the row; a row `do_nothing` skipped is not an error.
            #[inline]
            pub async fn exec(self) -> Result<(), $crate::error::Error> {
                self.0.exec().await
            }

            /// Creates the row; returns its id.
            #[inline]
            pub async fn id(self) -> Result<$id, $crate::error::Error> {
                self.0.id().await
            }
        }
    };
}

#[cfg(not(feature = "async"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __async_create_type {
    ($($t:tt)*) => {};
}

/// Async terminal methods of an update type (see `update_type!`).
#[cfg(feature = "async")]
#[doc(hidden)]
#[macro_export]
macro_rules! __async_update_type {
    ($entity:ident, $update:ident) => {
        impl<'c> $update<'c, $crate::typed::Many, &'c $crate::async_client::AsyncClient> {
            /// Runs the update; returns the number of rows matched.
            #[inline]
            pub async fn exec(self) -> Result<u64, $crate::error::Error> {
                self.0.exec().await
            }
        }

        impl<'c> $update<'c, $crate::typed::One, &'c $crate::async_client::AsyncClient> {
            /// Runs the update; returns the row as stored.
            #[inline]
            pub async fn save(self) -> Result<$entity, $crate::error::Error> {
                self.0.save().await
            }

            /// Runs the update.
            #[inline]
            pub async fn exec(self) -> Result<(), $crate::error::Error> {
                self.0.exec().await
            }
        }
    };
}

#[cfg(not(feature = "async"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __async_update_type {
    ($($t:tt)*) => {};
}

/// `use_hook` and `get` of an entity client on the async client (see `entity_client!`).
#[cfg(feature = "async")]
#[doc(hidden)]
#[macro_export]
macro_rules! __async_entity_client {
    ($entity:ident, $client:ident, $query:ident, $id:ty) => {
        impl<'c> $client<'c, &'c $crate::async_client::AsyncClient> {
            #[doc = concat!("Registers a hook for `", stringify!($entity), "` mutations only.")]
            #[inline]
            pub fn use_hook(self, hook: $crate::client::Hook) {
                let entity = <$entity as $crate::typed::Entity>::NAME;
                self.client.use_hook(hook.on_entity(entity));
            }

            /// The row whose id is `id`; `Error::NotFound` when none.
            #[inline]
            pub async fn get(self, id: $id) -> Result<$entity, $crate::error::Error> {
                $query::from($crate::typed::Query::new(self.client).filter_id(id))
                    .only()
                    .await
            }
        }
    };
}

#[cfg(not(feature = "async"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __async_entity_client {
    ($($t:tt)*) => {};
}

/// The root `AsyncClient`, `AsyncTx` and `AsyncSchemaClient` of a client generated with
/// `--feature async`: `async_client!(migrate::schema; comment::CommentClient, ...)` names the
/// function giving the desired schema and each entity's module (also its accessor's name) and
/// client type.
#[cfg(feature = "async")]
#[macro_export]
macro_rules! async_client {
    ($schema:path; $($module:ident :: $entity_client:ident),* $(,)?) => {
        /// The async client: a pool of connections plus hooks, with one accessor per entity;
        /// every terminal method is a `Send` future (`save().await`, `all().await`).
        ///
        /// `Clone + Send + Sync`: clone it into every task; clones share the pool and the hooks.
        ///
        /// ```ignore
        /// let client = AsyncClient::open("postgres://localhost/blog").await?;
        /// client.schema().create(|_| {}).await?;
        /// ```
        #[derive(Debug, Clone)]
        pub struct AsyncClient {
            inner: $crate::async_client::AsyncClient,
        }

        impl AsyncClient {
            /// Opens a pool of up to 10 connections to `postgres://…`, `mysql://…` (the
            /// runtime's feature `async-mysql`), `sqlite://path` or `sqlite::memory:`.
            pub async fn open(url: &str) -> Result<AsyncClient, $crate::error::Error> {
                Ok(AsyncClient::new($crate::async_client::AsyncClient::open(url).await?))
            }

            /// Opens a pool sized and timed by `options`.
            pub async fn open_with(
                url: &str,
                options: &$crate::driver::PoolOptions,
            ) -> Result<AsyncClient, $crate::error::Error> {
                Ok(AsyncClient::new(
                    $crate::async_client::AsyncClient::open_with(url, options).await?,
                ))
            }

            /// A client over a runtime async client.
            pub fn new(inner: $crate::async_client::AsyncClient) -> AsyncClient {
                AsyncClient { inner }
            }

            /// Logs every statement with its arguments to stderr (sensitive values redacted).
            pub fn debug(self) -> AsyncClient {
                AsyncClient::new(self.inner.debug())
            }

            /// Sends every statement to `logger`.
            pub fn with_logger(
                self,
                logger: impl Fn(&$crate::builder::Query) + Send + Sync + 'static,
            ) -> AsyncClient {
                AsyncClient::new(self.inner.with_logger(logger))
            }

            /// The database dialect.
            pub fn dialect(&self) -> $crate::dialect::Dialect {
                self.inner.dialect()
            }

            /// The runtime async client.
            pub fn raw(&self) -> &$crate::async_client::AsyncClient {
                &self.inner
            }

            /// Registers a mutation hook for every entity, on this client and its clones.
            pub fn use_hook(&self, hook: $crate::client::Hook) {
                self.inner.use_hook(hook);
            }

            /// Opens a transaction on one pooled connection; rolled back when dropped
            /// uncommitted (or when a call inside it was cancelled).
            pub async fn tx(&self) -> Result<AsyncTx, $crate::error::Error> {
                Ok(AsyncTx {
                    inner: self.inner.tx().await?,
                })
            }

            /// Schema operations (auto-migration).
            pub fn schema(&self) -> AsyncSchemaClient<'_> {
                AsyncSchemaClient {
                    client: &self.inner,
                }
            }

            $(
                #[doc = concat!("The `", stringify!($module), "` operations.")]
                pub fn $module(
                    &self,
                ) -> $module::$entity_client<'_, &$crate::async_client::AsyncClient> {
                    $module::$entity_client::new(&self.inner)
                }
            )*
        }

        /// An async transaction: the same entity accessors; `commit().await` or
        /// `rollback().await`, rolled back when dropped.
        #[derive(Debug)]
        pub struct AsyncTx {
            inner: $crate::async_client::AsyncTx,
        }

        impl AsyncTx {
            /// Commits.
            pub async fn commit(self) -> Result<(), $crate::error::Error> {
                self.inner.commit().await
            }

            /// Rolls back.
            pub async fn rollback(self) -> Result<(), $crate::error::Error> {
                self.inner.rollback().await
            }

            /// Opens a nested transaction (a savepoint).
            pub async fn tx(&self) -> Result<AsyncTx, $crate::error::Error> {
                Ok(AsyncTx {
                    inner: self.inner.client().tx().await?,
                })
            }

            /// A client whose calls run in this transaction (clones of it too).
            pub fn as_client(&self) -> AsyncClient {
                AsyncClient::new(self.inner.client().clone())
            }

            $(
                #[doc = concat!("The `", stringify!($module), "` operations.")]
                pub fn $module(
                    &self,
                ) -> $module::$entity_client<'_, &$crate::async_client::AsyncClient> {
                    $module::$entity_client::new(self.inner.client())
                }
            )*
        }

        /// Schema operations: `client.schema().create(|opts| ..).await` migrates the database.
        #[derive(Debug)]
        pub struct AsyncSchemaClient<'a> {
            client: &'a $crate::async_client::AsyncClient,
        }

        impl AsyncSchemaClient<'_> {
            /// Creates or updates the tables (ent's `Schema.Create`) with the options
            /// `configure` sets (append-only unless it says otherwise).
            pub async fn create(
                &self,
                configure: impl FnOnce(&mut $crate::automigrate::Options<'_>) + Send + 'static,
            ) -> Result<$crate::automigrate::Report, $crate::automigrate::MigrateError> {
                self.client
                    .migrate($schema(self.client.dialect()), configure)
                    .await
            }

            $crate::__async_schema_diff!($schema);
        }
    };
}

/// `AsyncSchemaClient::diff`, in a runtime with migration directories (`migrate-dir`).
#[cfg(all(feature = "async", feature = "migrate-dir"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __async_schema_diff {
    ($schema:path) => {
        /// Writes a migration file named `name` into `dir` with the statements that take the
        /// database to the schema (ent's `Schema.NamedDiff`; see the sync `SchemaClient::diff`).
        pub async fn diff(
            &self,
            name: &str,
            dir: impl AsRef<::std::path::Path>,
            options: &$crate::versioned::DiffOptions,
        ) -> Result<$crate::versioned::DiffOutcome, $crate::versioned::DiffError> {
            self.client
                .diff_dir(
                    $schema(self.client.dialect()),
                    name.to_owned(),
                    dir.as_ref().to_owned(),
                    options.clone(),
                )
                .await
        }
    };
}

#[cfg(not(all(feature = "async", feature = "migrate-dir")))]
#[doc(hidden)]
#[macro_export]
macro_rules! __async_schema_diff {
    ($($t:tt)*) => {};
}

#[cfg(not(feature = "async"))]
#[macro_export]
macro_rules! async_client {
    ($($t:tt)*) => {};
}
