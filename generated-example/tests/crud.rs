//! Create, read, update, delete through the generated client on PostgreSQL, SQLite and MariaDB.
//!
//! The cases are `suite/crud.rs`, run on the sync `Client` (`sync::crud::…`) and, with the
//! example's `async` feature, on the `AsyncClient` (`async_::crud::…`): see `common/mod.rs`.

mod common;

#[path = "suite"]
mod sync {
    use crate::common::sync::*;
    mod crud;
}

#[cfg(feature = "async")]
#[path = "suite"]
mod async_ {
    use crate::common::async_::*;
    #[allow(clippy::duplicate_mod, reason = "the same cases on the other client")]
    mod crud;
}

/// Sync only: the async client has no constructor over a connection the application owns.
#[test]
fn clients_wrap_connections_the_application_owns() {
    use common::sync::user;
    let sqlite = entgen_runtime::typed::rusqlite::Connection::open_in_memory().unwrap();
    let c = generated_example::ent::Client::from_sqlite(sqlite).unwrap();
    c.schema().create(&mut Default::default()).unwrap();
    user(&c, "Solo", None);
    assert_eq!(c.user().query().count().unwrap(), 1);

    let mut pg_db = entgen_runtime::testing::TestDb::postgres();
    let pg = entgen_runtime::typed::postgres::Client::connect(
        pg_db.url(),
        entgen_runtime::typed::postgres::NoTls,
    )
    .unwrap();
    let _ = pg_db.pg();
    let c = generated_example::ent::Client::from_postgres(pg);
    c.schema().create(&mut Default::default()).unwrap();
    user(&c, "Solo", None);
    assert_eq!(c.user().query().count().unwrap(), 1);
    let again = c.schema().create(&mut Default::default()).unwrap();
    assert!(
        again.statements.is_empty(),
        "second create plans nothing: {:?}",
        again.statements
    );
}
