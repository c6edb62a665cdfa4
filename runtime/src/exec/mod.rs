//! Running migration directories against a live database (Atlas `migrate apply` / `status`):
//! the revisions table with Atlas's columns, the migration lock (PostgreSQL advisory lock with
//! Atlas's key; MySQL's `GET_LOCK` with Atlas's name; a lock file for SQLite), pending-file
//! computation and history checks, and the apply loop with its transaction modes. Shared by the CLI and, later, generated clients.
//!
//! [`db`] (connection through [`crate::driver`], revisions table, lock),
//! [`revision`] (the row), [`pending`] (pure: what to run), [`apply`] (the loop),
//! [`status`], [`error`].

#![warn(missing_docs)]

pub mod apply;
pub mod db;
pub mod error;
pub mod pending;
pub mod revision;
pub mod status;

pub use crate::driver::{DbUrl, mask_password};
pub use apply::{ApplyOptions, ApplySummary, Event, apply};
pub use db::{ConnectOptions, Db};
pub use error::{ExecError, StatementFailure};
pub use pending::ExecOrder;
pub use revision::{REVISIONS_TABLE, Revision};
pub use status::{Status, status};
