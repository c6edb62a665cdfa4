//! A throw-away MySQL/MariaDB database, reached through entgen's own [`Driver`].

use crate::driver::Driver;

use super::START_MYSQL_HINT;

/// Default server URL when `ENTGEN_TEST_MYSQL_URL` is not set (any database on the server: it
/// is only used to create and drop the test database).
pub(super) const DEFAULT_URL: &str = "mysql://root@127.0.0.1:3306/mysql";

pub(super) struct MysqlDb {
    name: String,
    admin_url: String,
    driver: Option<Driver>,
}

impl MysqlDb {
    /// Creates database `name` (`utf8mb4_bin`, as ent's tables are) and connects to it.
    pub(super) fn create(admin_url: &str, name: &str) -> Result<(MysqlDb, String), String> {
        let mut admin = Driver::open(admin_url).map_err(|e| {
            format!("MySQL/MariaDB is not reachable at {admin_url} ({e}); {START_MYSQL_HINT}")
        })?;
        admin
            .execute_batch(&format!(
                "CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
            ))
            .map_err(|e| format!("create database {name}: {e}"))?;
        let mut db = MysqlDb {
            name: name.to_owned(),
            admin_url: admin_url.to_owned(),
            driver: None,
        };
        let url = with_database(admin_url, name);
        db.driver = Some(Driver::open(&url).map_err(|e| format!("connect to {name}: {e}"))?);
        Ok((db, url))
    }

    pub(super) fn driver(&mut self) -> &mut Driver {
        self.driver
            .as_mut()
            .unwrap_or_else(|| unreachable!("driver is set until drop"))
    }
}

impl Drop for MysqlDb {
    fn drop(&mut self) {
        drop(self.driver.take());
        let result = Driver::open(&self.admin_url).and_then(|mut admin| {
            admin.execute_batch(&format!("DROP DATABASE IF EXISTS `{}`", self.name))
        });
        if let Err(e) = result {
            eprintln!("warning: could not drop test database {}: {e}", self.name);
        }
    }
}

/// The URL with its database replaced.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.find('?') {
        Some(i) => (&url[..i], &url[i..]),
        None => (url, ""),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let path_start = base[scheme_end..]
        .find('/')
        .map_or(base.len(), |i| scheme_end + i);
    format!("{}/{name}{query}", &base[..path_start])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_database() {
        assert_eq!(
            with_database("mysql://root@h:3306/mysql", "x"),
            "mysql://root@h:3306/x"
        );
        assert_eq!(
            with_database("mysql://root@h:3306/mysql?a=b", "x"),
            "mysql://root@h:3306/x?a=b"
        );
    }
}
