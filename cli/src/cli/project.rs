//! `entgen.toml`, the project file (in the spirit of `atlas.hcl` and `diesel.toml`): where the
//! schema and the migrations live, the migration format, the dialect, and the names of the
//! environment variables holding the database URLs (URLs carry passwords, so the file names
//! variables, never URLs). Every command reads it from the current directory or the nearest
//! parent that has one; flags override it. Relative paths in it are relative to its directory.
//!
//! ```toml
//! schema = "schema"
//! dialect = "postgres"
//!
//! [migrations]
//! dir = "migrations"
//! format = "golang-migrate"
//!
//! [database]
//! url_env = "DATABASE_URL"
//! dev_url_env = "DEV_DATABASE_URL"
//! ```

use clap::ValueEnum;
use std::path::{Path, PathBuf};

use super::values::DialectArg;

/// The project file's name.
pub const FILE_NAME: &str = "entgen.toml";

/// What `entgen.toml` says (all optional), and where it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Project {
    /// The file, `None` when there is none.
    pub file: Option<PathBuf>,
    schema: Option<PathBuf>,
    dialect: Option<String>,
    migrations_dir: Option<PathBuf>,
    format: Option<String>,
    url_env: Option<String>,
    dev_url_env: Option<String>,
}

impl Project {
    /// The nearest `entgen.toml` from the current directory up; an empty project without one.
    pub fn find() -> Result<Project, String> {
        let Ok(cwd) = std::env::current_dir() else {
            return Ok(Project::default());
        };
        match cwd
            .ancestors()
            .map(|d| d.join(FILE_NAME))
            .find(|p| p.is_file())
        {
            Some(file) => Project::load(&file),
            None => Ok(Project::default()),
        }
    }

    /// Reads `file`; an error names the file, and the line and column or the key at fault.
    pub fn load(file: &Path) -> Result<Project, String> {
        let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
        let root = file.parent().unwrap_or(Path::new("."));
        Project::parse(&text, root)
            .map(|p| Project {
                file: Some(file.to_path_buf()),
                ..p
            })
            .map_err(|e| {
                // `path:line:col: message` for syntax errors, `path: message` otherwise.
                let sep = if e.starts_with(|c: char| c.is_ascii_digit()) {
                    ":"
                } else {
                    ": "
                };
                format!("{}{sep}{e}", file.display())
            })
    }

    fn parse(text: &str, root: &Path) -> Result<Project, String> {
        let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
            match e.span().map(|s| line_column(text, s.start)) {
                Some((line, col)) => format!("{line}:{col}: {}", e.message()),
                None => e.message().to_string(),
            }
        })?;
        let mut p = Project::default();
        let path = |v: String| root.join(v);
        for (key, value) in &table {
            match key.as_str() {
                "schema" => p.schema = Some(path(string(key, value)?)),
                "dialect" => p.dialect = Some(string(key, value)?),
                "migrations" => {
                    for (k, v) in section(key, value)? {
                        let name = format!("migrations.{k}");
                        match k.as_str() {
                            "dir" => p.migrations_dir = Some(path(string(&name, v)?)),
                            "format" => p.format = Some(string(&name, v)?),
                            _ => return Err(unknown(&name, "dir, format")),
                        }
                    }
                }
                "database" => {
                    for (k, v) in section(key, value)? {
                        let name = format!("database.{k}");
                        match k.as_str() {
                            "url_env" => p.url_env = Some(string(&name, v)?),
                            "dev_url_env" => p.dev_url_env = Some(string(&name, v)?),
                            "url" | "dev_url" => {
                                return Err(format!(
                                    "`{name}`: the file names environment variables, not URLs (they hold passwords): use `{k}_env = \"DATABASE_URL\"` and set that variable"
                                ));
                            }
                            _ => return Err(unknown(&name, "url_env, dev_url_env")),
                        }
                    }
                }
                _ => return Err(unknown(key, "schema, dialect, [migrations], [database]")),
            }
        }
        Ok(p)
    }

    /// The schema directory: the flag, the file's `schema`, or `schema`.
    pub fn schema_dir(&self, flag: Option<PathBuf>) -> PathBuf {
        flag.or_else(|| self.schema.clone())
            .unwrap_or_else(|| PathBuf::from("schema"))
    }

    /// The migration directory: the flag, the file's `migrations.dir`, or `migrations`.
    pub fn migration_dir(&self, flag: Option<PathBuf>) -> PathBuf {
        flag.or_else(|| self.migrations_dir.clone())
            .unwrap_or_else(|| PathBuf::from("migrations"))
    }

    /// The migration format: the flag or the file's `migrations.format` (`None`: the format the
    /// directory's files show).
    pub fn format(&self, flag: Option<String>) -> Option<String> {
        flag.or_else(|| self.format.clone())
    }

    /// The dialect: the flag or the file's `dialect`.
    pub fn dialect(&self, flag: Option<DialectArg>) -> Result<Option<DialectArg>, String> {
        match (flag, &self.dialect) {
            (Some(flag), _) => Ok(Some(flag)),
            (None, Some(name)) => DialectArg::from_str(name, true)
                .map(Some)
                .map_err(|e| format!("`dialect` in entgen.toml: {e}")),
            (None, None) => Ok(None),
        }
    }

    /// The database URL: the flag, or the variable named by `database.url_env`.
    pub fn url(&self, flag: Option<String>) -> Result<Option<String>, String> {
        resolve_url(flag, self.url_env.as_deref(), "url_env")
    }

    /// The dev database URL: the flag, or the variable named by `database.dev_url_env`.
    pub fn dev_url(&self, flag: Option<String>) -> Result<Option<String>, String> {
        resolve_url(flag, self.dev_url_env.as_deref(), "dev_url_env")
    }
}

fn resolve_url(
    flag: Option<String>,
    var: Option<&str>,
    key: &str,
) -> Result<Option<String>, String> {
    if flag.is_some() {
        return Ok(flag);
    }
    let Some(var) = var else {
        return Ok(None);
    };
    match std::env::var(var) {
        Ok(url) if !url.is_empty() => Ok(Some(url)),
        _ => Err(format!(
            "the environment variable {var} (named by database.{key} in {FILE_NAME}) is not set; set it or pass the URL as a flag"
        )),
    }
}

fn string(key: &str, value: &toml::Value) -> Result<String, String> {
    value
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| format!("`{key}` must be a string, found {}", value.type_str()))
}

fn section<'a>(key: &str, value: &'a toml::Value) -> Result<&'a toml::Table, String> {
    value.as_table().ok_or_else(|| {
        format!(
            "`{key}` must be a table ([{key}]), found {}",
            value.type_str()
        )
    })
}

fn unknown(key: &str, known: &str) -> String {
    format!("unknown key `{key}`; expected {known}")
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_key_relative_to_its_directory() {
        let p = Project::parse(
            "schema = \"ent/schema\"\ndialect = \"sqlite\"\n[migrations]\ndir = \"db\"\nformat = \"goose\"\n[database]\nurl_env = \"X_URL\"\n",
            Path::new("/app"),
        )
        .unwrap();
        assert_eq!(p.schema_dir(None), Path::new("/app/ent/schema"));
        assert_eq!(p.schema_dir(Some("s".into())), Path::new("s"));
        assert_eq!(p.migration_dir(None), Path::new("/app/db"));
        assert_eq!(p.format(None).as_deref(), Some("goose"));
        assert_eq!(p.format(Some("atlas".into())).as_deref(), Some("atlas"));
        assert_eq!(p.dialect(None), Ok(Some(DialectArg::Sqlite)));
        assert_eq!(
            Project::default().migration_dir(None),
            Path::new("migrations")
        );
    }

    #[test]
    fn mistakes_are_named() {
        let err = Project::parse("[migrations]\ndri = \"x\"\n", Path::new(".")).unwrap_err();
        assert!(err.contains("migrations.dri"), "{err}");
        let err = Project::parse("schema = 3\n", Path::new(".")).unwrap_err();
        assert!(err.contains("`schema` must be a string"), "{err}");
        let err = Project::parse("schema = \n", Path::new(".")).unwrap_err();
        assert!(err.starts_with("1:"), "{err}");
        let err = Project::parse(
            "[database]\nurl = \"postgres://u:secret@h/db\"\n",
            Path::new("."),
        )
        .unwrap_err();
        assert!(err.contains("url_env") && !err.contains("secret"), "{err}");
    }
}
