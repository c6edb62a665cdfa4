//! The master changelog of a Liquibase directory: the file a user points Liquibase at
//! (`liquibase --changelog-file=db.changelog-master.yaml update`), listing every migration file
//! in the directory's order. Liquibase has no "run the files of this folder" of its own that
//! keeps an order it documents (`includeAll` sorts by path, and would include this file too), so
//! entgen writes the list and rewrites it whenever it adds a file.

/// The master changelog's name: Spring Boot's default (`db/changelog/db.changelog-master.yaml`)
/// without the folders. It is not a migration: `atlas.sum` and the listing skip it (they take
/// only `*.sql`).
pub const MASTER_CHANGELOG: &str = "db.changelog-master.yaml";

/// The master changelog for these migration files (names relative to the directory, in order).
pub fn master_changelog(files: &[String]) -> String {
    let mut out = String::from(
        "# Written by entgen: every migration of this directory, in order. Run\n\
         #   liquibase --changelog-file=db.changelog-master.yaml update\n\
         databaseChangeLog:\n",
    );
    if files.is_empty() {
        out.push_str("  []\n");
    }
    for f in files {
        out.push_str("  - include:\n      file: ");
        out.push_str(&yaml_string(f));
        out.push_str("\n      relativeToChangelogFile: true\n");
    }
    out
}

/// A YAML double-quoted scalar.
fn yaml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_the_files_in_order() {
        let files = vec!["1_a.sql".to_string(), "2_b \"q\".sql".to_string()];
        assert_eq!(
            master_changelog(&files),
            "# Written by entgen: every migration of this directory, in order. Run\n\
             #   liquibase --changelog-file=db.changelog-master.yaml update\n\
             databaseChangeLog:\n  \
               - include:\n      file: \"1_a.sql\"\n      relativeToChangelogFile: true\n  \
               - include:\n      file: \"2_b \\\"q\\\".sql\"\n      relativeToChangelogFile: true\n"
        );
    }
}
