use std::path::PathBuf;

use super::project::Project;
use super::{Printer, exit};
use crate::naming;

#[derive(clap::Args)]
pub struct Args {
    /// Where to write the files (default: `schema` in entgen.toml, else `schema`).
    #[arg(long)]
    target: Option<PathBuf>,
    /// Entity names, UpperCamel.
    #[arg(required = true)]
    names: Vec<String>,
}

/// Writes `<target>/<snake(name)>.schema` for each name; refuses bad names and existing files
/// before writing anything.
pub fn run(args: Args, project: &Project, printer: &Printer) -> i32 {
    let target = project.schema_dir(args.target);
    let mut planned = Vec::new();
    for name in &args.names {
        if !naming::is_upper_camel(name) {
            let hint = naming::to_upper_camel_suggestion(name)
                .map_or(String::new(), |s| format!(" (did you mean `{s}`?)"));
            printer.error(&format!("entity name `{name}` must be UpperCamel{hint}"));
            return exit::INVALID;
        }
        if naming::is_reserved_type_name(name) {
            printer.error(&format!(
                "`{name}` collides with a name the generated code uses; pick another"
            ));
            return exit::INVALID;
        }
        let path = target.join(format!("{}.schema", naming::snake(name)));
        if path.exists() {
            printer.error(&format!(
                "{} already exists; not overwriting it",
                path.display()
            ));
            return exit::INVALID;
        }
        planned.push((path, skeleton(name)));
    }
    if let Err(error) = std::fs::create_dir_all(&target) {
        printer.error(&format!("cannot create {}: {error}", target.display()));
        return exit::FAILURE;
    }
    for (path, text) in planned {
        // `create_new` so that a file appearing meanwhile is still never overwritten.
        let written = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()));
        if let Err(error) = written {
            printer.error(&format!("cannot write {}: {error}", path.display()));
            return exit::FAILURE;
        }
        printer.status(&format!("created {}", path.display()));
    }
    exit::OK
}

/// The file `entgen new` writes: an empty entity with example members in comments. Uncommented,
/// the examples are valid as they are: the edges point at the entity itself, the only one
/// this file can be sure exists.
fn skeleton(name: &str) -> String {
    format!(
        "/// {name} holds the schema definition for the {name} entity.\n\
         entity {name} {{\n    \
         // Fields, edges and indexes, one per line; for example:\n    \
         // title      string @not_empty\n    \
         // created_at time   @default(now) @immutable\n    \
         // edge children to {name}[]\n    \
         // edge parent   from {name}.children?\n    \
         // index (title)\n\
         }}\n"
    )
}
