//! Directory formats (Atlas's `?format=` of `--dir`, `sql/sqltool/tool.go`) and the file-name
//! conventions of each: which names are migrations, and their version and description.

use std::fmt;
use std::str::FromStr;

use super::error::DirError;

/// The layout of a migration directory (Atlas's own by default, as `--format` is).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum Format {
    /// Atlas's own format (`migrate.LocalDir`, `DefaultFormatter`): `<version>_<name>.sql`.
    #[default]
    Atlas,
    /// golang-migrate (`sqltool.GolangMigrateDir`): `<version>_<name>.up.sql` + `.down.sql`.
    GolangMigrate,
    /// pressly/goose (`sqltool.GooseDir`): `<version>_<name>.sql` with `-- +goose Up/Down`.
    Goose,
    /// Flyway (`sqltool.FlywayDir`): `V<version>__<name>.sql` + `U…` undo, `B…` baselines,
    /// `R__…` repeatables, in subdirectories too.
    Flyway,
    /// Liquibase formatted SQL (`sqltool.LiquibaseDir`): `<version>_<name>.sql` changesets.
    Liquibase,
    /// dbmate (`sqltool.DBMateDir`): `<version>_<name>.sql` with `-- migrate:up/down`.
    Dbmate,
    /// rubenv/sql-migrate (no Atlas counterpart): `<version>_<name>.sql` with
    /// `-- +migrate Up` / `-- +migrate Down`.
    SqlMigrate,
    /// A file-name template with `{{version}}` or `{{seq}}` and optionally `{{name}}`, e.g.
    /// Encore's `{{seq}}_{{name}}.up.sql`; the files hold bare statements.
    Template(String),
}

impl Format {
    /// The names accepted by [`Format::from_str`], template aside.
    pub const NAMES: [&'static str; 7] = [
        "atlas",
        "golang-migrate",
        "goose",
        "flyway",
        "liquibase",
        "dbmate",
        "sql-migrate",
    ];

    /// The tables the format's own tool keeps its bookkeeping in, besides entgen's (and
    /// Atlas's) `atlas_schema_revisions`: they belong to the tool, not to the schema, so a diff
    /// against a database the tool migrated leaves them alone. Flyway's table is its default
    /// name; a template names no tool.
    pub fn tool_tables(&self) -> &'static [&'static str] {
        match self {
            Format::Atlas | Format::Template(_) => &[],
            Format::GolangMigrate | Format::Dbmate => &["schema_migrations"],
            Format::Goose => &["goose_db_version"],
            Format::Flyway => &["flyway_schema_history"],
            Format::Liquibase => &["databasechangelog", "databasechangeloglock"],
            Format::SqlMigrate => &["gorp_migrations"],
        }
    }

    /// Parses and checks the template of a [`Format::Template`]; `None` for other formats.
    pub fn template(&self) -> Option<Result<Template, DirError>> {
        match self {
            Format::Template(t) => Some(Template::parse(t)),
            _ => None,
        }
    }

    /// Version and description of a migration file of this format, from its name (Atlas
    /// `LocalFile.Version/Desc`, `GolangMigrateFile.Desc`, `FlywayFile.Version/Desc`).
    /// `None` when the name is not a migration of a template format.
    pub fn version_and_description(&self, name: &str) -> Option<(String, String)> {
        match self {
            Format::Flyway => Some((flyway_version(name), flyway_description(name))),
            Format::Template(t) => {
                let t = Template::parse(t).ok()?;
                let (v, n) = t.match_name(name)?;
                Some((v.to_string(), n.to_string()))
            }
            Format::GolangMigrate => {
                let (v, d) = local_version_and_description(name);
                let d = d.strip_suffix(".up").map(str::to_string).unwrap_or(d);
                Some((v, d))
            }
            _ => Some(local_version_and_description(name)),
        }
    }
}

impl fmt::Display for Format {
    /// The CLI spelling: `atlas`, `golang-migrate`, …, `template:"<template>"`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Format::Atlas => f.write_str("atlas"),
            Format::GolangMigrate => f.write_str("golang-migrate"),
            Format::Goose => f.write_str("goose"),
            Format::Flyway => f.write_str("flyway"),
            Format::Liquibase => f.write_str("liquibase"),
            Format::Dbmate => f.write_str("dbmate"),
            Format::SqlMigrate => f.write_str("sql-migrate"),
            Format::Template(t) => write!(f, "template:\"{t}\""),
        }
    }
}

impl FromStr for Format {
    type Err = DirError;

    /// Parses the `--format` value: `atlas`, `golang-migrate`, `goose`, `flyway`, `liquibase`,
    /// `dbmate`, `sql-migrate`, or `template:"<template>"` (quotes optional). Templates are checked here.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let format = match s {
            "atlas" => Format::Atlas,
            "golang-migrate" => Format::GolangMigrate,
            "goose" => Format::Goose,
            "flyway" => Format::Flyway,
            "liquibase" => Format::Liquibase,
            "dbmate" => Format::Dbmate,
            "sql-migrate" => Format::SqlMigrate,
            _ => {
                let Some(t) = s.strip_prefix("template:") else {
                    return Err(DirError::UnknownFormat(s.to_string()));
                };
                let t = t
                    .strip_prefix('"')
                    .and_then(|t| t.strip_suffix('"'))
                    .unwrap_or(t);
                Template::parse(t)?;
                Format::Template(t.to_string())
            }
        };
        Ok(format)
    }
}

/// Which files `atlas.sum` covers for formats whose rule changed in Atlas v0.33.0
/// (commit `d4ca2ff1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SumConvention {
    /// Atlas ≥ v0.33: golang-migrate sums only `*.up.sql`; flyway sums `B`/`V`/`R` files in
    /// flyway order, subdirectories included.
    #[default]
    Current,
    /// Atlas < v0.33, and ent's `NewLocalDir` with a golang-migrate formatter: every top-level
    /// `*.sql` in byte order (`.down.sql` and flyway `U…` files included).
    AllSqlFiles,
}

/// Atlas `LocalFile.Version` and `LocalFile.Desc`: the version is what comes before the first
/// `_` (of the name without `.sql`), the description what follows it (without `.sql`).
pub fn local_version_and_description(name: &str) -> (String, String) {
    let stem = name.strip_suffix(".sql").unwrap_or(name);
    let version = stem.split_once('_').map_or(stem, |(v, _)| v);
    let description = name.split_once('_').map_or("", |(_, d)| d);
    let description = description.strip_suffix(".sql").unwrap_or(description);
    (version.to_string(), description.to_string())
}

fn base_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Atlas `flywayVersion`: the base name without its prefix letter, up to `__`; `""` for
/// repeatable (`R`) files.
pub fn flyway_version(path: &str) -> String {
    let base = base_name(path);
    if base.starts_with('R') {
        return String::new();
    }
    let stem = base.strip_suffix(".sql").unwrap_or(base);
    let version = stem.split_once("__").map_or(stem, |(v, _)| v);
    version.get(1..).unwrap_or("").to_string()
}

/// Atlas `flywayDesc`: what follows the first `__` of the path, without `.sql`.
pub fn flyway_description(path: &str) -> String {
    let d = path.split_once("__").map_or("", |(_, d)| d);
    d.strip_suffix(".sql").unwrap_or(d).to_string()
}

/// One piece of a file-name template.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Literal(String),
    Version,
    Seq,
    Name,
}

/// A checked file-name template for [`Format::Template`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    source: String,
    parts: Vec<Part>,
}

impl Template {
    /// Checks a template: it must end with `.sql`, hold exactly one `{{version}}` or `{{seq}}`,
    /// at most one `{{name}}`, text between placeholders, and no `/`.
    pub fn parse(source: &str) -> Result<Template, DirError> {
        let bad = |reason: &str| DirError::InvalidTemplate {
            template: source.to_string(),
            reason: reason.to_string(),
        };
        let mut parts = Vec::new();
        let mut rest = source;
        while !rest.is_empty() {
            match rest.find("{{") {
                Some(0) => {
                    let close = rest.find("}}").ok_or_else(|| bad("`{{` without `}}`"))?;
                    let part = match rest[2..close].trim() {
                        "version" => Part::Version,
                        "seq" => Part::Seq,
                        "name" => Part::Name,
                        other => {
                            return Err(bad(&format!(
                                "unknown placeholder {{{{{other}}}}}; use {{{{version}}}}, {{{{seq}}}} or {{{{name}}}}"
                            )));
                        }
                    };
                    if !matches!(parts.last(), None | Some(Part::Literal(_))) {
                        return Err(bad("placeholders must be separated by text"));
                    }
                    parts.push(part);
                    rest = &rest[close + 2..];
                }
                found => {
                    let end = found.unwrap_or(rest.len());
                    parts.push(Part::Literal(rest[..end].to_string()));
                    rest = &rest[end..];
                }
            }
        }
        let count = |p: &Part| parts.iter().filter(|q| *q == p).count();
        match (count(&Part::Version), count(&Part::Seq)) {
            (1, 0) | (0, 1) => {}
            (0, 0) => return Err(bad("needs {{version}} or {{seq}}")),
            _ => return Err(bad("needs exactly one {{version}} or {{seq}}")),
        }
        if count(&Part::Name) > 1 {
            return Err(bad("{{name}} may appear only once"));
        }
        if source.contains(['/', '\\']) {
            return Err(bad("must not contain a path separator"));
        }
        if !matches!(parts.last(), Some(Part::Literal(l)) if l.ends_with(".sql")) {
            return Err(bad("must end with .sql"));
        }
        Ok(Template {
            source: source.to_string(),
            parts,
        })
    }

    /// The template text.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Whether versions are sequence numbers (`{{seq}}`).
    pub fn uses_seq(&self) -> bool {
        self.parts.contains(&Part::Seq)
    }

    /// The file name for a version and migration name.
    pub fn render(&self, version: &str, name: &str) -> String {
        self.parts
            .iter()
            .map(|p| match p {
                Part::Literal(l) => l.as_str(),
                Part::Version | Part::Seq => version,
                Part::Name => name,
            })
            .collect()
    }

    /// Splits a file name made by this template into (version, name). A `{{seq}}` is digits;
    /// a `{{version}}` is ASCII letters, digits, `.` and `-`.
    pub fn match_name<'n>(&self, file: &'n str) -> Option<(&'n str, &'n str)> {
        let mut rest = file;
        let mut version = None;
        let mut name = "";
        let mut i = 0;
        while i < self.parts.len() {
            match &self.parts[i] {
                Part::Literal(l) => rest = rest.strip_prefix(l.as_str())?,
                p => {
                    // The text up to the next literal (placeholders never touch).
                    let (value, after) = match self.parts.get(i + 1) {
                        Some(Part::Literal(next)) => {
                            let at = if matches!(p, Part::Name) {
                                // Names may hold the separator; versions may not.
                                let last_is_tail = i + 2 == self.parts.len();
                                if last_is_tail {
                                    rest.strip_suffix(next.as_str()).map(|v| v.len())?
                                } else {
                                    rest.rfind(next.as_str())?
                                }
                            } else {
                                rest.find(next.as_str())?
                            };
                            (&rest[..at], &rest[at..])
                        }
                        _ => (rest, ""),
                    };
                    match p {
                        Part::Seq
                            if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {}
                        Part::Version if is_version(value) => {}
                        Part::Name => {}
                        _ => return None,
                    }
                    if matches!(p, Part::Name) {
                        name = value;
                    } else {
                        version = Some(value);
                    }
                    rest = after;
                }
            }
            i += 1;
        }
        if !rest.is_empty() {
            return None;
        }
        Some((version?, name))
    }
}

/// Whether `v` can be a migration version in a file name: non-empty ASCII letters, digits, `.`
/// and `-` (no `_`, which separates the version from the name).
pub fn is_version(v: &str) -> bool {
    !v.is_empty()
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_names() {
        let vd = |n: &str| local_version_and_description(n);
        assert_eq!(
            vd("20240101000000_add_users.sql"),
            ("20240101000000".into(), "add_users".into())
        );
        assert_eq!(
            vd("20240101000000.sql"),
            ("20240101000000".into(), String::new())
        );
        assert_eq!(vd("1_init.up.sql"), ("1".into(), "init.up".into()));
        assert_eq!(
            vd("2.10.x-20_description.sql"),
            ("2.10.x-20".into(), "description".into())
        );
        assert_eq!(
            Format::GolangMigrate.version_and_description("1_init.up.sql"),
            Some(("1".into(), "init".into()))
        );
    }

    #[test]
    fn flyway_names() {
        assert_eq!(flyway_version("V1__init.sql"), "1");
        assert_eq!(flyway_version("v3/V3_1__sub.sql"), "3_1");
        assert_eq!(flyway_version("R__views.sql"), "");
        assert_eq!(flyway_version("B2__baseline.sql"), "2");
        assert_eq!(
            flyway_description("v3/V3_1__fourth_migration.sql"),
            "fourth_migration"
        );
    }

    #[test]
    fn templates() {
        let t = Template::parse("{{seq}}_{{name}}.up.sql").unwrap();
        assert!(t.uses_seq());
        assert_eq!(t.render("7", "add_pets"), "7_add_pets.up.sql");
        assert_eq!(t.match_name("7_add_pets.up.sql"), Some(("7", "add_pets")));
        assert_eq!(t.match_name("7_add_pets.down.sql"), None);
        assert_eq!(t.match_name("x_add_pets.up.sql"), None);
        let t = Template::parse("V{{ version }}.sql").unwrap();
        assert_eq!(
            t.match_name("V20240101000000.sql"),
            Some(("20240101000000", ""))
        );
        assert!(Template::parse("{{name}}.sql").is_err());
        assert!(Template::parse("{{seq}}{{name}}.sql").is_err());
        assert!(Template::parse("{{seq}}_{{nom}}.sql").is_err());
        assert!(Template::parse("{{seq}}.txt").is_err());
        assert!(Template::parse("a/{{seq}}.sql").is_err());
        assert!(Template::parse("{{seq}.sql").is_err());
    }

    #[test]
    fn cli_spelling_round_trips() {
        for s in Format::NAMES {
            assert_eq!(s.parse::<Format>().unwrap().to_string(), s);
        }
        let f: Format = "template:\"{{seq}}_{{name}}.up.sql\"".parse().unwrap();
        assert_eq!(f, Format::Template("{{seq}}_{{name}}.up.sql".into()));
        assert_eq!(f.to_string(), "template:\"{{seq}}_{{name}}.up.sql\"");
        assert!("mysql".parse::<Format>().is_err());
    }
}
