//! [`Config`]: the generator's options, for the CLI and for `build.rs`.
//!
//! From a build script (prost-build style), in `build.rs`'s `main`:
//!
//! ```no_run
//! if let Err(error) = entgen::Config::new().generate("schema") {
//!     panic!("{error}");
//! }
//! ```
//!
//! writes `$OUT_DIR/entgen.rs` (the whole client in one file), which the crate includes with
//! `pub mod ent { include!(concat!(env!("OUT_DIR"), "/entgen.rs")); }`, and prints
//! `cargo:rerun-if-changed` for the schema directory and each `.schema` file in it, so cargo
//! runs the script again exactly when the schema changes.

use std::ffi::OsStr;
use std::fmt;
use std::path::{Path, PathBuf};

use super::format_cache::{FormatCache, fingerprint};
use super::formatting::{FormatError, Rustfmt, find_rustfmt, format_cached};
use super::write::{check_changed_only, write_changed_only};
use super::{
    Features, GeneratedFile, Layout, Module, WriteReport, check_files, render, unformatted_files,
    write_files,
};
use crate::diagnostics::{ColorChoice, Diagnostics, SourceMap, render as render_diagnostic};
use crate::graph::Graph;
use crate::schema_dir::read_schema_dir;

/// The file a build script's client is written to, in `OUT_DIR`.
pub const SINGLE_FILE_NAME: &str = "entgen.rs";

/// Generator options (prost-build style): `Config::new().out_dir("src/ent").generate("schema")`.
#[derive(Debug, Clone, Default)]
pub struct Config {
    out_dir: Option<PathBuf>,
    layout: Option<Layout>,
    features: Features,
    unknown_features: Vec<String>,
    rerun_if_changed: Option<bool>,
    rustfmt: Option<bool>,
    format_cache: Option<bool>,
}

/// What a generation produced.
#[derive(Debug, Clone, Default)]
pub struct Generated {
    /// The directory the files were written to.
    pub out_dir: PathBuf,
    /// Every generated file (joined with `out_dir`), in generation order.
    pub files: Vec<PathBuf>,
    /// What changed on disk (or, for [`Config::check`], what would change).
    pub report: WriteReport,
    /// The `.schema` files read, in the order they were read.
    pub schema_files: Vec<PathBuf>,
    /// How many files were formatted; the others were taken from the format cache.
    pub formatted: usize,
}

/// Why a generation failed.
#[derive(Debug)]
pub enum GenerateError {
    /// The schema has errors; `diagnostics` is what `entgen generate` prints for them
    /// (`error[E0301]: ... --> schema/user.schema:3:5`).
    InvalidSchema {
        schema_dir: PathBuf,
        diagnostics: String,
    },
    /// `.feature(name)` with a name no feature has.
    UnknownFeature(String),
    /// No `.out_dir(...)` and `OUT_DIR` is not set (not running in a build script).
    NoOutDir,
    /// Rendering the templates failed (a generator bug).
    Render(askama::Error),
    /// The generated code does not parse (a generator bug); the message names the module and line.
    Format(syn::Error),
    /// Reading or writing files failed; the message names the file.
    Io(std::io::Error),
}

impl fmt::Display for GenerateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidSchema {
                schema_dir,
                diagnostics,
            } => write!(
                f,
                "the schema in {} is invalid:\n{diagnostics}",
                schema_dir.display()
            ),
            Self::UnknownFeature(name) => write!(
                f,
                "unknown feature `{name}`; expected one of: {}",
                Features::NAMES.join(", ")
            ),
            Self::NoOutDir => f.write_str(
                "no output directory: call `.out_dir(...)`, or run from a build script (OUT_DIR)",
            ),
            Self::Render(error) => write!(f, "entgen bug: a template failed to render: {error}"),
            Self::Format(error) => write!(f, "{error}"),
            Self::Io(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for GenerateError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Render(error) => Some(error),
            Self::Io(error) => Some(error),
            _ => None,
        }
    }
}

impl From<std::io::Error> for GenerateError {
    fn from(error: std::io::Error) -> Self {
        Self::Io(error)
    }
}

impl Config {
    /// Default options: every file under `$OUT_DIR` in one file (`entgen.rs`), no optional
    /// features, `cargo:rerun-if-changed` lines when run from a build script.
    pub fn new() -> Config {
        Config::default()
    }

    /// Where the files go. Without it, `$OUT_DIR` (build scripts). Setting it also switches the
    /// default layout to one file per module (`mod.rs` + `<module>.rs`).
    pub fn out_dir(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.out_dir = Some(path.into());
        self
    }

    /// Turns on an optional part of the client by its ent name (`versioned-migration`); an
    /// unknown name fails [`Config::generate`].
    pub fn feature(&mut self, name: &str) -> &mut Self {
        if !self.features.enable(name) {
            self.unknown_features.push(name.to_owned());
        }
        self
    }

    /// The whole client in one file called `name`, to `include!` (the default under `OUT_DIR`).
    pub fn single_file(&mut self, name: impl Into<PathBuf>) -> &mut Self {
        self.layout = Some(Layout::SingleFile(name.into()));
        self
    }

    /// One file per module: `mod.rs` for the root and `<module>.rs` for the others (the default
    /// with [`Config::out_dir`]).
    pub fn files(&mut self) -> &mut Self {
        self.layout = Some(Layout::Files);
        self
    }

    /// Whether to print `cargo:rerun-if-changed` lines; by default only in a build script
    /// (`CARGO` and `OUT_DIR` set).
    pub fn emit_rerun_if_changed(&mut self, emit: bool) -> &mut Self {
        self.rerun_if_changed = Some(emit);
        self
    }

    /// Whether to pass the files through rustfmt after prettyplease, so that they pass
    /// `cargo fmt --check`. By default: yes for one file per module (code that is checked in)
    /// when rustfmt is installed; no for a single file (`OUT_DIR`, which nobody formats).
    pub fn rustfmt(&mut self, run: bool) -> &mut Self {
        self.rustfmt = Some(run);
        self
    }

    /// Whether to keep a format cache in the output directory (`.entgen-cache/`, ignored by
    /// git) so that the parts of files whose rendered source did not change are taken from disk
    /// instead of being formatted again. On by default.
    pub fn format_cache(&mut self, keep: bool) -> &mut Self {
        self.format_cache = Some(keep);
        self
    }

    /// The features turned on so far.
    pub fn enabled_features(&self) -> &Features {
        &self.features
    }

    /// Reads and validates `schema_dir`, generates the client and writes the files that
    /// changed. With one file per module, generated files that are no longer generated (their
    /// entity was removed) are deleted; a single file leaves its directory's other files alone.
    pub fn generate(&self, schema_dir: impl AsRef<Path>) -> Result<Generated, GenerateError> {
        self.run(schema_dir.as_ref(), Apply::Write)
    }

    /// Like [`Config::generate`] but writes nothing: `report` says which files are stale.
    pub fn check(&self, schema_dir: impl AsRef<Path>) -> Result<Generated, GenerateError> {
        self.run(schema_dir.as_ref(), Apply::Check)
    }

    /// [`Config::generate`] for a graph that is already loaded and validated (the CLI loads it
    /// itself, to print its diagnostics in colour). `schema_files` is left empty.
    pub fn generate_graph(&self, graph: &Graph) -> Result<Generated, GenerateError> {
        self.emit(graph, Apply::Write)
    }

    /// [`Config::check`] for a graph that is already loaded and validated.
    pub fn check_graph(&self, graph: &Graph) -> Result<Generated, GenerateError> {
        self.emit(graph, Apply::Check)
    }

    /// The client's files for an already validated graph (paths relative to the output
    /// directory), formatted, banner first. Formats every file: no cache is read.
    pub fn render_files(&self, graph: &Graph) -> Result<Vec<GeneratedFile>, GenerateError> {
        Ok(self.format(graph, None)?.files)
    }

    /// The directory files are written to.
    pub fn resolved_out_dir(&self) -> Result<PathBuf, GenerateError> {
        match &self.out_dir {
            Some(dir) => Ok(dir.clone()),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or(GenerateError::NoOutDir),
        }
    }

    fn layout(&self) -> Layout {
        match (&self.layout, &self.out_dir) {
            (Some(layout), _) => layout.clone(),
            (None, Some(_)) => Layout::Files,
            (None, None) => Layout::SingleFile(PathBuf::from(SINGLE_FILE_NAME)),
        }
    }

    fn run(&self, schema_dir: &Path, apply: Apply) -> Result<Generated, GenerateError> {
        // Resolved first: without an output directory there is nothing to load the schema for.
        self.resolved_out_dir()?;
        let emit = self.rerun_if_changed.unwrap_or_else(in_build_script);
        let (graph, schema_files) = load(schema_dir, emit)?;
        let generated = self.emit(&graph, apply)?;
        Ok(Generated {
            schema_files,
            ..generated
        })
    }

    /// Formats the client for `graph` and writes it, or compares it with the output directory.
    fn emit(&self, graph: &Graph, apply: Apply) -> Result<Generated, GenerateError> {
        let out_dir = self.resolved_out_dir()?;
        let use_cache = self.format_cache.unwrap_or(true);
        let formatted = self.format(graph, use_cache.then_some(out_dir.as_path()))?;
        let (files, cache) = (formatted.files, formatted.cache);
        let report = match (self.layout(), apply) {
            (Layout::Files, Apply::Write) => write_files(&out_dir, &files)?,
            (Layout::Files, Apply::Check) => check_files(&out_dir, &files)?,
            (Layout::SingleFile(_), Apply::Write) => write_changed_only(&out_dir, &files)?,
            (Layout::SingleFile(_), Apply::Check) => check_changed_only(&out_dir, &files)?,
        };
        if let (Some(cache), Apply::Write) = (cache, apply) {
            // A cache that cannot be written only means formatting everything next time.
            let _ = cache.save();
        }
        Ok(Generated {
            files: files.iter().map(|f| out_dir.join(&f.path)).collect(),
            out_dir,
            report,
            schema_files: Vec::new(),
            formatted: formatted.count,
        })
    }

    /// Renders and formats the client. With `cached_in`, the format cache of that directory
    /// supplies the chunks whose rendered source is unchanged, and is returned updated.
    fn format(&self, graph: &Graph, cached_in: Option<&Path>) -> Result<Formatted, GenerateError> {
        if let Some(name) = self.unknown_features.first() {
            return Err(GenerateError::UnknownFeature(name.clone()));
        }
        let mut modules = render(graph, &self.features).map_err(GenerateError::Render)?;
        let layout = self.layout();
        let parent = match &layout {
            Layout::Files => self.resolved_out_dir()?.file_name().map(OsStr::to_owned),
            Layout::SingleFile(path) => path.file_stem().map(OsStr::to_owned),
        };
        if let Some(parent) = parent.as_ref().and_then(|p| p.to_str()) {
            allow_module_inception(&mut modules, parent);
        }
        let rustfmt = self.rustfmt_for(&layout)?;
        let unformatted = unformatted_files(&modules, &layout);
        let version = rustfmt.as_ref().map(|r| r.version.as_str());
        let index = match &layout {
            Layout::Files => "format".to_owned(),
            // Two clients may share a build script's `OUT_DIR`: one index per file.
            Layout::SingleFile(path) => format!("{}.format", path.display()).replace('/', "-"),
        };
        let mut cache =
            cached_in.map(|target| FormatCache::load(target, &index, fingerprint(version)));
        let (files, count) = format_cached(&unformatted, rustfmt.as_ref(), cache.as_mut())
            .map_err(|error| match error {
                FormatError::Parse(error) => GenerateError::Format(error),
                FormatError::Rustfmt(error) => GenerateError::Io(error),
            })?;
        Ok(Formatted {
            files,
            cache,
            count,
        })
    }

    /// The rustfmt to pass the files through, if any (see [`Config::rustfmt`]).
    fn rustfmt_for(&self, layout: &Layout) -> Result<Option<Rustfmt>, GenerateError> {
        match self.rustfmt {
            Some(false) => Ok(None),
            Some(true) => Ok(Some(find_rustfmt().ok_or_else(|| {
                std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "rustfmt was asked for but is not installed (set RUSTFMT or add it to PATH)",
                )
            })?)),
            None if *layout == Layout::Files => Ok(find_rustfmt()),
            None => Ok(None),
        }
    }
}

/// The formatted client, the updated format cache, and in how many files a chunk was formatted.
struct Formatted {
    files: Vec<GeneratedFile>,
    cache: Option<FormatCache>,
    count: usize,
}

/// Whether a generation writes its files or only compares them with the output directory.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Apply {
    Write,
    Check,
}

fn in_build_script() -> bool {
    std::env::var_os("CARGO").is_some() && std::env::var_os("OUT_DIR").is_some()
}

/// Reads and validates the schema. With `emit`, prints the `cargo:rerun-if-changed` lines first
/// (also when the schema is invalid, so that fixing it runs the build script again): the
/// directory, for files added or removed, and each file read.
fn load(schema_dir: &Path, emit: bool) -> Result<(Graph, Vec<PathBuf>), GenerateError> {
    let mut diagnostics = Diagnostics::new();
    let parsed = read_schema_dir(schema_dir, &mut diagnostics);
    if emit {
        println!("cargo:rerun-if-changed={}", schema_dir.display());
        for path in &parsed.paths {
            println!("cargo:rerun-if-changed={}", path.display());
        }
    }
    let graph = if parsed.files.is_empty() {
        None
    } else {
        crate::graph::build(&parsed.files, &mut diagnostics)
    };
    match graph {
        Some(graph) if diagnostics.error_count() == 0 => Ok((graph, parsed.paths)),
        _ => Err(GenerateError::InvalidSchema {
            schema_dir: schema_dir.to_path_buf(),
            diagnostics: rendered(diagnostics, &parsed.sources),
        }),
    }
}

/// The diagnostics as the CLI prints them without colour, errors and warnings in source order.
fn rendered(diagnostics: Diagnostics, sources: &SourceMap) -> String {
    let errors = diagnostics.error_count();
    let warnings = diagnostics.iter().count() - errors;
    let mut out = String::new();
    for diagnostic in diagnostics.into_sorted() {
        out.push_str(&render_diagnostic(&diagnostic, sources, ColorChoice::Never));
        out.push('\n');
    }
    out.push_str(&crate::diagnostics::summary(
        errors,
        warnings,
        ColorChoice::Never,
    ));
    out
}

/// An entity module named like the module the client lives in (`entity Ent` in `src/ent/`)
/// is `ent::ent`, which clippy's `module_inception` refuses: it is allowed on that one.
fn allow_module_inception(modules: &mut [Module], parent: &str) {
    for module in modules.iter_mut().skip(1) {
        if module.file_stem() == parent {
            module.allow.push("clippy::module_inception");
        }
    }
}
