//! A throw-away PostgreSQL database.

use std::str::FromStr;

use postgres::{Client, Config, NoTls};

use super::START_POSTGRES_HINT;

/// Default server URL when `ENTGEN_TEST_POSTGRES_URL` is not set.
pub(super) const DEFAULT_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

pub(super) struct PgDb {
    name: String,
    admin: Config,
    client: Option<Client>,
}

impl PgDb {
    /// Creates database `name` (and schema `schema` in it) and connects to it.
    pub(super) fn create(
        admin_url: &str,
        name: &str,
        schema: Option<&str>,
    ) -> Result<(PgDb, String), String> {
        let admin = Config::from_str(admin_url)
            .map_err(|e| format!("bad PostgreSQL URL {admin_url:?}: {e}"))?;
        let mut admin_client = admin.connect(NoTls).map_err(|e| {
            format!("PostgreSQL is not reachable at {admin_url} ({e}); {START_POSTGRES_HINT}")
        })?;
        admin_client
            .batch_execute(&format!("CREATE DATABASE \"{name}\""))
            .map_err(|e| format!("create database {name}: {}", pg_error(&e)))?;
        drop(admin_client);
        let mut db = PgDb {
            name: name.to_owned(),
            admin: admin.clone(),
            client: None,
        };

        let mut config = admin.clone();
        config.dbname(name);
        let mut url = with_dbname(admin_url, name);
        if let Some(schema) = schema {
            let mut c = config
                .connect(NoTls)
                .map_err(|e| format!("connect to {name}: {}", pg_error(&e)))?;
            c.batch_execute(&format!(
                "CREATE SCHEMA \"{}\"",
                schema.replace('"', "\"\"")
            ))
            .map_err(|e| format!("create schema {schema:?}: {}", pg_error(&e)))?;
            let ident = format!("\"{}\"", schema.replace('"', "\"\""));
            let option = format!("-c search_path={}", escape_option(&ident));
            config.options(&option);
            url.push(if url.contains('?') { '&' } else { '?' });
            url.push_str("options=");
            url.push_str(&percent_encode(&option));
        }
        db.client = Some(
            config
                .connect(NoTls)
                .map_err(|e| format!("connect to {name}: {}", pg_error(&e)))?,
        );
        Ok((db, url))
    }

    /// Lends the client out (see [`super::TestDb::with_driver`]); [`PgDb::put`] gives it back.
    pub(super) fn take(&mut self) -> Client {
        self.client
            .take()
            .unwrap_or_else(|| panic!("the test client of {} is lent out", self.name))
    }

    pub(super) fn put(&mut self, client: Client) {
        self.client = Some(client);
    }

    pub(super) fn client(&mut self) -> &mut Client {
        // Present from creation until drop.
        self.client
            .as_mut()
            .unwrap_or_else(|| unreachable!("client is set until drop"))
    }
}

impl Drop for PgDb {
    fn drop(&mut self) {
        drop(self.client.take());
        let result = self.admin.connect(NoTls).and_then(|mut c| {
            c.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
                &[&self.name],
            )?;
            c.batch_execute(&format!("DROP DATABASE IF EXISTS \"{}\"", self.name))
        });
        if let Err(e) = result {
            eprintln!("warning: could not drop test database {}: {e}", self.name);
        }
    }
}

/// The error with the server's message, which `Display` leaves out.
pub(super) fn pg_error(e: &postgres::Error) -> String {
    crate::driver::describe_postgres(e)
}

/// The URL with its database name replaced.
fn with_dbname(url: &str, name: &str) -> String {
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

/// Escapes a value for libpq's `options` (backslash before spaces and backslashes).
fn escape_option(v: &str) -> String {
    v.replace('\\', "\\\\").replace(' ', "\\ ")
}

fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_dbname() {
        assert_eq!(
            with_dbname("postgres://u@h:1/postgres", "x"),
            "postgres://u@h:1/x"
        );
        assert_eq!(
            with_dbname("postgres://u@h:1/postgres?a=b", "x"),
            "postgres://u@h:1/x?a=b"
        );
        assert_eq!(with_dbname("postgres://u@h:1", "x"), "postgres://u@h:1/x");
        assert_eq!(percent_encode("-c a=b"), "-c%20a%3Db");
    }
}
