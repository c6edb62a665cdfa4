//! The client `entgen generate schemas/blog --feature versioned-migration --feature async`
//! writes, checked in (`src/ent/`, written only by the generator), with an example program
//! (`cargo run -p generated-example --example quickstart`) and live tests against PostgreSQL
//! and SQLite.
//!
//! With this crate's cargo feature `async` (the runtime's `async`), `ent::AsyncClient` is there
//! too: the same builders, with futures as terminal methods
//! (`cargo test -p generated-example --features async --test async_client`):
//!
//! ```ignore
//! let client = ent::AsyncClient::open("sqlite::memory:").await?;
//! client.schema().create(|_| {}).await?;
//! let ada = client.user().create().set_name("Ada").set_email("ada@example.com")
//!     .set_password("secret12").save().await?;
//! let tx = client.tx().await?;
//! tx.user().update_one(&ada).set_age(37).exec().await?;
//! tx.commit().await?;
//! ```

#![deny(missing_docs)]

pub mod ent;
