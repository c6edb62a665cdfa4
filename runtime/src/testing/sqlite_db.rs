//! A throw-away SQLite database, in memory or in a temporary file.

use std::path::PathBuf;

use rusqlite::Connection;

pub(super) struct SqliteDb {
    conn: Option<Connection>,
    path: Option<PathBuf>,
}

impl SqliteDb {
    pub(super) fn memory() -> rusqlite::Result<SqliteDb> {
        let conn = Connection::open_in_memory()?;
        conn.execute_batch("PRAGMA foreign_keys = on")?;
        Ok(SqliteDb {
            conn: Some(conn),
            path: None,
        })
    }

    pub(super) fn file(name: &str) -> rusqlite::Result<(SqliteDb, PathBuf)> {
        let path = std::env::temp_dir().join(format!("{name}.db"));
        let conn = Connection::open(&path)?;
        conn.execute_batch("PRAGMA foreign_keys = on")?;
        Ok((
            SqliteDb {
                conn: Some(conn),
                path: Some(path.clone()),
            },
            path,
        ))
    }

    /// Lends the connection out (see [`super::TestDb::with_driver`]); [`SqliteDb::put`] gives it
    /// back.
    pub(super) fn take(&mut self) -> Connection {
        self.conn
            .take()
            .unwrap_or_else(|| panic!("the test connection is lent out"))
    }

    pub(super) fn put(&mut self, conn: Connection) {
        self.conn = Some(conn);
    }

    pub(super) fn conn(&self) -> &Connection {
        self.conn
            .as_ref()
            .unwrap_or_else(|| unreachable!("connection is set until drop"))
    }
}

impl Drop for SqliteDb {
    fn drop(&mut self) {
        drop(self.conn.take());
        if let Some(path) = &self.path {
            for suffix in ["", "-journal", "-wal", "-shm"] {
                let mut p = path.clone().into_os_string();
                p.push(suffix);
                let _ = std::fs::remove_file(p);
            }
        }
    }
}
