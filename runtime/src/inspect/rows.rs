//! Catalog rows read through a connection's statement API ([`Io`]: the sync `Driver` or an
//! async client's connection), whole (inspection reads every
//! row of a few queries, then assembles tables), with columns found by name or position and
//! every failure naming its query.

use crate::builder::Query;
use crate::driver::Io;
use crate::error::Error;
use crate::value::{ConversionError, FromValue, Value};

use super::InspectError;

/// The rows of one catalog query.
pub(crate) struct Rows {
    query: &'static str,
    names: Vec<String>,
    values: Vec<Vec<Value>>,
}

/// Runs catalog query `query` (its constant's name, for errors) with `args`.
pub(crate) async fn run<D: Io>(
    driver: &mut D,
    query: &'static str,
    sql: &str,
    args: Vec<Value>,
) -> Result<Rows, InspectError> {
    let mut names = Vec::new();
    let values = driver
        .query(&Query::new(sql, args), |row| {
            if names.is_empty() {
                names = (0..row.len())
                    .map(|i| row.column_name(i).unwrap_or_default().to_owned())
                    .collect();
            }
            (0..row.len()).map(|i| row.value(i)).collect()
        })
        .await
        .map_err(|source| InspectError::Query { query, source })?;
    Ok(Rows {
        query,
        names,
        values,
    })
}

impl Rows {
    /// Each row.
    pub(crate) fn iter(&self) -> impl Iterator<Item = Rec<'_>> {
        self.values.iter().map(|values| Rec { rows: self, values })
    }
}

/// One row of [`Rows`].
#[derive(Clone, Copy)]
pub(crate) struct Rec<'a> {
    rows: &'a Rows,
    values: &'a [Value],
}

impl Rec<'_> {
    /// Column `name` as `T`.
    pub(crate) fn get<T: FromValue>(&self, name: &str) -> Result<T, InspectError> {
        match self.rows.names.iter().position(|n| n == name) {
            Some(i) => self.at(i),
            None => Err(self.error(name, "column", None)),
        }
    }

    /// Column `i` as `T`.
    pub(crate) fn at<T: FromValue>(&self, i: usize) -> Result<T, InspectError> {
        let column = || {
            self.rows
                .names
                .get(i)
                .cloned()
                .unwrap_or_else(|| i.to_string())
        };
        let Some(v) = self.values.get(i) else {
            return Err(self.error(&column(), "column", None));
        };
        T::from_value(v.clone()).map_err(|e| InspectError::Query {
            query: self.rows.query,
            source: Error::Decode {
                column: column(),
                source: e,
            },
        })
    }

    /// Column `name`, an array of text (`name[]`, `text[]`).
    pub(crate) fn strings(&self, name: &str) -> Result<Vec<String>, InspectError> {
        match self.get::<Value>(name)? {
            Value::Array(items) => items
                .into_iter()
                .map(|v| {
                    String::from_value(v).map_err(|e| InspectError::Query {
                        query: self.rows.query,
                        source: Error::Decode {
                            column: name.to_owned(),
                            source: e,
                        },
                    })
                })
                .collect(),
            other => Err(self.error(name, "Vec<String>", Some(&other))),
        }
    }

    /// A column missing (`found` = `None`) or not of the `wanted` shape.
    fn error(&self, column: &str, wanted: &'static str, found: Option<&Value>) -> InspectError {
        InspectError::Query {
            query: self.rows.query,
            source: Error::Decode {
                column: column.to_owned(),
                source: ConversionError {
                    found: found.map_or("no such column", Value::kind),
                    wanted,
                    detail: None,
                },
            },
        }
    }
}
