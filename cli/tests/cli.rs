//! The command line as scripts see it: exit codes, files written or refused, messages on bad
//! input (missing, empty or odd directories, non-UTF-8, huge and deeply nested files).

mod common;

use common::entgen;

use std::path::{Path, PathBuf};
use std::process::Output;

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A fresh temporary directory, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let unique = format!(
            "entgen-cli-{name}-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        );
        let path = std::env::temp_dir().join(unique.replace(['(', ')'], ""));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }
    fn path(&self) -> &Path {
        &self.0
    }
    fn str(&self) -> &str {
        self.0.to_str().unwrap()
    }
    fn write(&self, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, content).unwrap();
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn describe_prints_the_blog_example_with_its_storage_names() {
    let out = entgen(&[
        "describe",
        concat!(env!("CARGO_MANIFEST_DIR"), "/../schemas/blog"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("User (table \"users\"):"));
    assert!(
        text.contains(
            "posts.author_id -> users.id (posts_users_posts, NOT NULL, ON DELETE CASCADE)"
        )
    );
    assert!(text.contains("join user_following(user_id, follower_id)"));
    assert!(text.contains("| user_email_role "));
}

#[test]
fn new_writes_skeletons_that_parse_and_refuses_to_overwrite() {
    let dir = TempDir::new("new");
    let target = dir.path().join("schema");
    let target = target.to_str().unwrap();
    let out = entgen(&["new", "--target", target, "User", "BlogPost"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.path().join("schema/user.schema").exists());
    assert!(dir.path().join("schema/blog_post.schema").exists());
    let described = entgen(&["describe", target]);
    assert_eq!(
        described.status.code(),
        Some(0),
        "skeletons must be valid: {}",
        stderr(&described)
    );

    std::fs::write(
        dir.path().join("schema/user.schema"),
        "entity User {\n    name string\n}\n",
    )
    .unwrap();
    let again = entgen(&["new", "--target", target, "Tag", "User"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("already exists"));
    assert!(
        !dir.path().join("schema/tag.schema").exists(),
        "nothing is written when one name is refused"
    );
    let kept = std::fs::read_to_string(dir.path().join("schema/user.schema")).unwrap();
    assert!(
        kept.contains("name string"),
        "the existing file is untouched"
    );

    let bad = entgen(&["new", "--target", target, "user_profile"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(stderr(&bad).contains("UserProfile"));
}

/// The skeleton's examples refer to nothing that does not exist: uncommented, every one of them
/// is valid in a directory that holds only the new files.
#[test]
fn new_skeleton_examples_are_valid_when_uncommented() {
    let dir = TempDir::new("new-examples");
    let target = dir.path().join("schema");
    let target = target.to_str().unwrap();
    let out = entgen(&["new", "--target", target, "Pet", "BlogPost"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut uncommented = 0;
    for file in ["pet.schema", "blog_post.schema"] {
        let path = dir.path().join("schema").join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let (head, examples) = text.split_once("for example:\n").expect("examples");
        let examples: String = examples
            .lines()
            .map(|line| match line.strip_prefix("    // ") {
                Some(member) => {
                    uncommented += 1;
                    format!("    {member}\n")
                }
                None => format!("{line}\n"),
            })
            .collect();
        std::fs::write(&path, format!("{head}for example:\n{examples}")).unwrap();
    }
    assert!(uncommented >= 8, "{uncommented} example lines");
    let described = entgen(&["describe", target]);
    assert_eq!(
        described.status.code(),
        Some(0),
        "uncommented examples must be valid: {}",
        stderr(&described)
    );
    let text = stdout(&described);
    assert!(text.contains("Pet (table \"pets\"):"), "{text}");
    assert!(text.contains("children"), "{text}");
}

/// `entgen migrate --help` and the migrate line of `entgen --help` name every subcommand.
#[test]
fn migrate_help_lists_every_subcommand() {
    let out = entgen(&["migrate", "--help"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let help = stdout(&out);
    let commands: Vec<&str> = help
        .split_once("Commands:\n")
        .expect("a Commands section")
        .1
        .lines()
        .take_while(|line| line.starts_with("  "))
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .collect();
    assert_eq!(
        commands,
        ["diff", "hash", "validate", "new", "apply", "status", "lint"],
        "{help}"
    );
    let top = stdout(&entgen(&["--help"]));
    let summary = top
        .lines()
        .find(|line| line.trim_start().starts_with("migrate "))
        .expect("a migrate line");
    let first = help.lines().next().unwrap();
    for command in &commands {
        assert!(
            summary.contains(command) && first.contains(command),
            "`{command}` missing from the summary: {summary:?} / {first:?}"
        );
        let sub = entgen(&["migrate", command, "--help"]);
        assert_eq!(sub.status.code(), Some(0), "migrate {command} --help");
    }
}

#[test]
fn fmt_check_names_unformatted_files_and_fmt_is_idempotent() {
    let dir = TempDir::new("fmt");
    dir.write(
        "a.schema",
        "// leading comment\nentity  User{\n  name string    @max_len(10) // trailing\n\n\n  age int?\n   /* block */\n  edge pets to Pet[]\n}\nentity Pet {}\n",
    );
    dir.write("b.schema", "entity Tag {\n    name string\n}\n");
    let check = entgen(&["fmt", "--check", dir.str()]);
    assert_eq!(check.status.code(), Some(1));
    assert!(stdout(&check).contains("a.schema"));
    assert!(
        !stdout(&check).contains("b.schema"),
        "formatted files are not listed"
    );

    assert_eq!(entgen(&["fmt", dir.str()]).status.code(), Some(0));
    let once = std::fs::read_to_string(dir.path().join("a.schema")).unwrap();
    for comment in ["// leading comment", "// trailing", "/* block */"] {
        assert!(once.contains(comment), "fmt must keep {comment:?}:\n{once}");
    }
    assert!(
        once.contains("entity User {\n    name string @max_len(10) // trailing\n\n    age int?\n"),
        "{once}"
    );
    assert_eq!(
        entgen(&["fmt", "--check", dir.str()]).status.code(),
        Some(0)
    );
    assert_eq!(entgen(&["fmt", dir.str()]).status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.schema")).unwrap(),
        once
    );
}

/// A lone `\r` ends a line for the grammar; `fmt` used to read the comment before it as running
/// on, and wrote the member after it twice (found by the fuzzer).
#[test]
fn fmt_keeps_a_member_after_a_comment_that_ends_in_a_lone_carriage_return() {
    let dir = TempDir::new("fmt-cr");
    dir.write(
        "a.schema",
        "entity A {\n    name string // one\rage int\n}\n",
    );
    assert_eq!(entgen(&["fmt", dir.str()]).status.code(), Some(0));
    let once = std::fs::read_to_string(dir.path().join("a.schema")).unwrap();
    assert_eq!(once.matches("age").count(), 1, "{once:?}");
    assert!(once.contains("// one\n"), "{once:?}");
    assert_eq!(entgen(&["fmt", dir.str()]).status.code(), Some(0));
    let twice = std::fs::read_to_string(dir.path().join("a.schema")).unwrap();
    assert_eq!(twice, once);
}

/// A block comment inside a member that runs over a blank line: `fmt` moves it after the member,
/// and used to see the blank line as the end of the run on its second pass (found by the fuzzer).
#[test]
fn fmt_is_idempotent_when_a_member_holds_a_block_comment_over_a_blank_line() {
    let dir = TempDir::new("fmt-block");
    dir.write(
        "a.schema",
        "entity A {\n    id uuid @d/* a comment\n\nwith a blank line */ @min_len(1)\n    level int8 @positive\n}\n",
    );
    assert_eq!(entgen(&["fmt", dir.str()]).status.code(), Some(0));
    let once = std::fs::read_to_string(dir.path().join("a.schema")).unwrap();
    assert!(once.contains("with a blank line */\n    level"), "{once}");
    assert_eq!(entgen(&["fmt", dir.str()]).status.code(), Some(0));
    let twice = std::fs::read_to_string(dir.path().join("a.schema")).unwrap();
    assert_eq!(twice, once);
}

#[test]
fn fmt_leaves_files_with_syntax_errors_untouched() {
    let dir = TempDir::new("fmt-broken");
    let text = "entity User {\n  name: string\n}\n";
    let path = dir.write("a.schema", text);
    let out = entgen(&["fmt", dir.str()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("a.schema:2:"));
    assert_eq!(std::fs::read_to_string(path).unwrap(), text);
}

#[test]
fn missing_empty_and_non_directory_inputs_get_clear_messages() {
    let dir = TempDir::new("io");
    let missing = dir.path().join("nope");
    let out = entgen(&["describe", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("does not exist"), "{}", stderr(&out));

    let out = entgen(&["describe", dir.str()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no .schema files"),
        "{}",
        stderr(&out)
    );

    let file = dir.write("x.schema", "entity A {}\n");
    let out = entgen(&["describe", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("is not a directory"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_non_utf8_file_is_named_with_the_position_of_the_bad_byte() {
    let dir = TempDir::new("utf8");
    dir.write("ok.schema", "entity A {}\n");
    dir.write("bad.schema", b"entity B {\n    name string // caf\xe9\n}\n");
    let out = entgen(&["describe", dir.str()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("bad.schema` is not valid UTF-8"), "{err}");
    assert!(err.contains("line 2, column 23"), "{err}");
}

#[test]
fn deep_nesting_is_one_error_not_a_crash() {
    let dir = TempDir::new("deep");
    let deep = format!(
        "entity A {{\n    x enum{}a{}\n}}\n",
        "(".repeat(100_000),
        ")".repeat(100_000)
    );
    dir.write("a.schema", deep);
    let out = entgen(&["describe", dir.str()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("a.schema:2:"),
        "{}",
        &err[..err.len().min(2000)]
    );
    assert!(
        err.len() < 2000,
        "a huge line is shown as a window around the culprit"
    );
    let comments = format!("{}\nentity A {{}}\n", "/* ".repeat(50_000));
    dir.write("a.schema", comments);
    let out = entgen(&["describe", dir.str()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("unterminated block comment"),
        "{}",
        &err[..err.len().min(2000)]
    );
    assert!(
        err.len() < 2000,
        "a huge line is shown as a window around the culprit"
    );
}

#[test]
fn a_ten_megabyte_schema_is_read() {
    let dir = TempDir::new("big");
    let mut text = String::new();
    let mut i = 0;
    while text.len() < 10 << 20 {
        text.push_str(&format!(
            "/// Entity number {i}, padded with a long doc comment so the file grows quickly without too many entities to validate.\nentity E{i} {{\n    name string @max_len(64)\n}}\n"
        ));
        i += 1;
    }
    dir.write("big.schema", &text);
    let out = entgen(&["describe", dir.str()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains(&format!("E{} (table", i - 1)));
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    assert_eq!(entgen(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(entgen(&["describe", "--bogus"]).status.code(), Some(2));
    assert_eq!(entgen(&["--help"]).status.code(), Some(0));
}

#[test]
fn schema_prints_ddl_per_dialect() {
    let blog = concat!(env!("CARGO_MANIFEST_DIR"), "/../schemas/blog");
    let out = entgen(&["schema", blog, "--dialect", "sqlite"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let sql = stdout(&out);
    assert!(
        sql.contains("CREATE TABLE `users` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT"),
        "{sql}"
    );
    assert!(sql.contains("CREATE TABLE `user_following`"), "{sql}");
    // SQLite does not check references when a table is created: tables come in ent's order
    // (entities by name), as Atlas writes them.
    assert!(sql.find("CREATE TABLE `posts`").unwrap() < sql.find("CREATE TABLE `users`").unwrap());
    // PostgreSQL does: referenced tables come first, so the script applies as is.
    let sql = stdout(&entgen(&["schema", blog, "--dialect", "postgres"]));
    assert!(
        sql.find("CREATE TABLE \"users\"").unwrap() < sql.find("CREATE TABLE \"posts\"").unwrap()
    );

    // MySQL as ent writes it: indexes inside CREATE TABLE, every table utf8mb4_bin.
    let out = entgen(&["schema", blog, "--dialect", "mysql"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let sql = stdout(&out);
    assert!(
        sql.contains("CREATE TABLE `users` (`id` bigint NOT NULL AUTO_INCREMENT"),
        "{sql}"
    );
    assert!(sql.contains("UNIQUE INDEX `email` (`email`)"), "{sql}");
    assert!(
        sql.contains(") CHARSET utf8mb4 COLLATE utf8mb4_bin;"),
        "{sql}"
    );
    assert_eq!(
        entgen(&["schema", blog, "--dialect", "oracle"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn a_flag_with_a_fixed_set_of_values_refuses_others_and_lists_them() {
    let blog = concat!(env!("CARGO_MANIFEST_DIR"), "/../schemas/blog");
    let cases: [(&[&str], &str); 4] = [
        (
            &["schema", blog, "--dialect", "oracle"],
            "[possible values: postgres, sqlite, mysql]",
        ),
        (
            &["migrate", "lint", "--dialect", "db2"],
            "[possible values: postgres, sqlite, mysql]",
        ),
        (
            &[
                "migrate",
                "apply",
                "--url",
                "sqlite://x.db",
                "--tx-mode",
                "some",
            ],
            "[possible values: file, all, none]",
        ),
        (
            &["migrate", "hash", "--format", "sqitch"],
            "expected atlas, golang-migrate, goose, flyway, liquibase, dbmate or template:",
        ),
    ];
    for (args, listed) in cases {
        let out = entgen(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(listed), "{args:?}: {}", stderr(&out));
    }
    // Aliases still accepted: `pg` for postgres.
    let out = entgen(&["schema", blog, "--dialect", "pg"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn an_unreachable_database_is_reported_with_its_causes() {
    let blog = concat!(env!("CARGO_MANIFEST_DIR"), "/../schemas/blog");
    let dir = std::env::temp_dir().join(format!("entgen-cause-{}", std::process::id()));
    let out = entgen(&[
        "migrate",
        "diff",
        "init",
        "--schema",
        blog,
        "--dir",
        dir.to_str().unwrap(),
        "--url",
        "postgres://app:secret@127.0.0.1:1/app",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let text = stderr(&out);
    // The command's own words first, the cause named, then what the driver and the OS said, the
    // password masked.
    assert!(
        text.starts_with(
            "error: cannot connect to postgres://app:xxxxx@127.0.0.1:1/app: connection refused"
        ),
        "{text}"
    );
    assert!(text.contains("Connection refused (os error 111)"), "{text}");
    assert!(!text.contains("secret"), "{text}");
    let _ = std::fs::remove_dir_all(dir);
}
