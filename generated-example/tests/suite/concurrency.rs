//! What one client shared by many callers guarantees, on either client: it can be shared, and
//! an exhausted pool fails with a typed error.

use super::*;

use std::time::{Duration, Instant};

use entgen_runtime::driver::PoolOptions;
use entgen_runtime::testing::TestDb;
use generated_example::ent::Error;

fn assert_shareable<T: Clone + Send + Sync + 'static>() {}

#[bisync_test]
#[test]
async fn the_client_is_clone_send_and_sync() {
    assert_shareable::<Client>();
    assert_shareable::<RawClient>();
}

#[bisync_test]
#[test]
async fn an_exhausted_pool_times_out_with_a_typed_error() {
    let db = ScratchDb::new(TestDb::sqlite_file);
    let opts = PoolOptions::default()
        .max_size(1)
        .connection_timeout(Duration::from_millis(200));
    let c = Client::open_with(db.url(), &opts).await.unwrap();
    create_schema(&c).await.unwrap();
    let tx = c.tx().await.unwrap();
    let started = Instant::now();
    let e = c.user().query().count().await.unwrap_err();
    assert!(matches!(e, Error::PoolTimeout { max_size: 1, .. }), "{e:?}");
    assert!(started.elapsed() >= Duration::from_millis(200));
    assert!(
        e.to_string().contains("no database connection came free"),
        "{e}"
    );
    tx.rollback().await.unwrap();
    let count = c.user().query().count().await.unwrap();
    assert_eq!(count, 0, "free again");
}
