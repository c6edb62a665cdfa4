//! Code generation: the validated [`Graph`] → the Rust source of a typed client.
//!
//! The path: view structs built off the graph (`views/`) ▶ askama templates (`templates/`, one
//! per output kind) ▶ Rust source per module ([`render`]) ▶ laid out as files or as one file
//! (`layout`) ▶ parsed and formatted with prettyplease (and rustfmt), chunk by chunk, banner
//! added (`formatting`), skipping the chunks the format cache holds (`format_cache`) ▶ written
//! only when changed, stale files removed, or checked ([`write`]). [`Config`] drives the whole path for the CLI and
//! for `build.rs`.

mod config;
mod doc_lines;
mod format_cache;
mod formatting;
mod layout;
mod parallel;
mod render;
mod schema_code;
mod views;
mod write;

pub use config::{Config, GenerateError, Generated};
pub use format_cache::CACHE_DIR as FORMAT_CACHE_DIR;
pub use formatting::format_source;
use layout::unformatted_files;
pub use layout::{BANNER, CHUNK_BREAK, GeneratedFile, Layout, lay_out};
pub use render::render;
pub use schema_code::schema_module_source;
pub use write::{WriteReport, check_files, write_files};

/// One module of the generated client, before layout and formatting.
#[derive(Debug, Clone, PartialEq)]
pub struct Module {
    /// The module's Rust identifier (`user`, `r#type`, `crate_`); empty for the root module.
    /// Its file is the identifier without `r#` (`type.rs`).
    pub name: String,
    /// Lints allowed on the module's declaration (`pub mod`), for names the schema may spell
    /// that a lint dislikes (`non_snake_case` for `a__b`).
    pub allow: Vec<&'static str>,
    /// The module's documentation (from the schema's doc comments), without comment markers.
    /// Sources never hold inner attributes or `//!` lines: in single-file layout the root is
    /// `include!`d, where those are not allowed; the layout places this text.
    pub doc: String,
    /// Unformatted Rust source of the module's items; the root holds no `mod` declarations
    /// (the layout adds them).
    pub source: String,
}

impl Module {
    /// The module's file name without `.rs`: its identifier without `r#` (`mod r#type;` is in
    /// `type.rs`).
    pub fn file_stem(&self) -> &str {
        self.name.strip_prefix("r#").unwrap_or(&self.name)
    }
}

/// Optional parts of the generated client, named as ent names its codegen features.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Features {
    /// `versioned-migration` (ent's `sql/versioned-migration`): `client.schema().diff(...)`
    /// writes migration files from a running program.
    pub versioned_migration: bool,
    /// `serde`: entities derive `Serialize` and `Deserialize` as ent's JSON tags say (schema
    /// names, sensitive fields left out, unset optional ones omitted, enums as their values);
    /// the application enables `entgen-runtime`'s `serde` feature.
    pub serde: bool,
    /// `async`: an `AsyncClient` beside `Client` (tokio-postgres, SQLite on a blocking pool),
    /// whose terminal methods are futures; the application enables `entgen-runtime`'s `async`
    /// feature (without it the async parts expand to nothing).
    pub async_client: bool,
}

impl Features {
    /// The names `--feature` accepts.
    pub const NAMES: [&'static str; 3] = ["versioned-migration", "serde", "async"];

    /// Turns on the feature called `name`; `false` when no feature has that name.
    pub fn enable(&mut self, name: &str) -> bool {
        match name {
            "versioned-migration" | "sql/versioned-migration" => self.versioned_migration = true,
            "serde" => self.serde = true,
            "async" => self.async_client = true,
            _ => return false,
        }
        true
    }
}
