//! A migration directory on disk (Atlas `migrate.LocalDir` and the `sqltool` directory types).

use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use crate::plan::Plan;

use super::detect::{check as check_format, detect};
use super::error::DirError;
use super::format::{Format, SumConvention};
use super::listing::{migration_names, read_file, sum_names};
use super::reader::{MigrationFile, parse_file, set_repeatable_versions};
use super::split::ScanOptions;
use super::sum::{HashFile, SUM_FILE_NAME, SumCheck, SumInput, diff};
use super::version::{NewVersion, check_unique, resolve};
use super::writer::{WriteOptions, render};

/// A migration directory of one format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationDir {
    path: PathBuf,
    format: Format,
    convention: SumConvention,
}

impl MigrationDir {
    /// Opens an existing directory in the format its files show (Atlas's when it has none).
    pub fn open_detected(path: impl AsRef<Path>) -> Result<Self, DirError> {
        let path = path.as_ref();
        let format = match detect(path) {
            Ok(found) => found.map(|(f, _)| f).unwrap_or_default(),
            // `open` says what is wrong with the path.
            Err(_) => Format::Atlas,
        };
        Self::open(path, format)
    }

    /// Opens an existing directory (Atlas `NewLocalDir`), refusing one whose files are in
    /// another format ([`check_format`]). For golang-migrate and flyway, the
    /// `atlas.sum` convention is taken from the existing `atlas.sum` when it lists files only the
    /// pre-v0.33 rule covers (e.g. `.down.sql`), so rehashing keeps the convention in use.
    pub fn open(path: impl AsRef<Path>, format: Format) -> Result<Self, DirError> {
        let path = path.as_ref().to_path_buf();
        let meta = fs::metadata(&path).map_err(|e| match e.kind() {
            ErrorKind::NotFound => DirError::NotFound { path: path.clone() },
            _ => DirError::io(&path, e),
        })?;
        if !meta.is_dir() {
            return Err(DirError::NotADirectory { path });
        }
        fs::read_dir(&path).map_err(|e| DirError::io(&path, e))?;
        if let Some(t) = format.template() {
            t?;
        }
        check_format(&path, &format)?;
        let mut dir = MigrationDir {
            path,
            format,
            convention: SumConvention::Current,
        };
        dir.convention = dir.detect_convention();
        Ok(dir)
    }

    /// Like [`MigrationDir::open`], creating the directory (and its parents) first if needed.
    pub fn create(path: impl AsRef<Path>, format: Format) -> Result<Self, DirError> {
        let path = path.as_ref();
        fs::create_dir_all(path).map_err(|e| DirError::io(path, e))?;
        Self::open(path, format)
    }

    /// Overrides which files `atlas.sum` covers (golang-migrate and flyway only).
    pub fn with_sum_convention(mut self, convention: SumConvention) -> Self {
        self.convention = convention;
        self
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The format.
    pub fn format(&self) -> &Format {
        &self.format
    }

    /// Which files `atlas.sum` covers.
    pub fn sum_convention(&self) -> SumConvention {
        self.convention
    }

    fn detect_convention(&self) -> SumConvention {
        if !matches!(self.format, Format::GolangMigrate | Format::Flyway) {
            return SumConvention::Current;
        }
        let Ok(Some(recorded)) = self.read_sum() else {
            return SumConvention::Current;
        };
        let (Ok(current), Ok(legacy)) = (
            sum_names(&self.path, &self.format, SumConvention::Current),
            sum_names(&self.path, &self.format, SumConvention::AllSqlFiles),
        ) else {
            return SumConvention::Current;
        };
        let legacy_only =
            |name: &str| legacy.iter().any(|n| n == name) && !current.iter().any(|n| n == name);
        let old_style = matches!(self.format, Format::GolangMigrate)
            && recorded
                .entries()
                .iter()
                .any(|e| e.name.ends_with(".down.sql"));
        if old_style || recorded.entries().iter().any(|e| legacy_only(&e.name)) {
            SumConvention::AllSqlFiles
        } else {
            SumConvention::Current
        }
    }

    /// The migration files, relative names in execution order (Atlas `Dir.Files`).
    pub fn migration_names(&self) -> Result<Vec<String>, DirError> {
        migration_names(&self.path, &self.format)
    }

    /// The files `atlas.sum` covers, in hashing order.
    pub fn sum_names(&self) -> Result<Vec<String>, DirError> {
        sum_names(&self.path, &self.format, self.convention)
    }

    /// The migration files with their versions, in execution order (`None` for Flyway's
    /// repeatables, which have none).
    fn versions(&self) -> Result<Vec<(String, Option<String>)>, DirError> {
        Ok(self
            .migration_names()?
            .into_iter()
            .map(|name| {
                let version = self
                    .format
                    .version_and_description(&name)
                    .map(|(v, _)| v)
                    .filter(|v| !(self.format == Format::Flyway && v.is_empty()));
                (name, version)
            })
            .collect())
    }

    /// Refuses a directory in which a migration file has no version, or two share one, naming
    /// the files: they would share one revision row, and the database would be stuck.
    pub fn check_versions(&self) -> Result<(), DirError> {
        let versions = self.versions()?;
        check_unique(
            versions
                .iter()
                .map(|(name, v)| (name.as_str(), v.as_deref())),
        )
    }

    /// Reads every migration file with its up statements, in execution order. `opts` are the
    /// lexical rules of the target database (e.g. [`ScanOptions::POSTGRES`]); Atlas uses its
    /// generic scanner ([`ScanOptions::GENERIC`]) for every format but its own.
    /// A directory whose versions are missing or not unique is refused
    /// ([`MigrationDir::check_versions`]).
    pub fn migrations(&self, opts: &ScanOptions) -> Result<Vec<MigrationFile>, DirError> {
        self.check_versions()?;
        let mut files = Vec::new();
        for name in self.migration_names()? {
            let bytes = read_file(&self.path, &name)?;
            let path = self.path.join(&name);
            files.push(parse_file(&self.format, &name, &bytes, opts, &path)?);
        }
        if self.format == Format::Flyway {
            set_repeatable_versions(&mut files);
        }
        Ok(files)
    }

    fn sum_inputs(&self) -> Result<Vec<(String, Vec<u8>)>, DirError> {
        self.sum_names()?
            .into_iter()
            .map(|name| {
                let bytes = read_file(&self.path, &name)?;
                Ok((name, bytes))
            })
            .collect()
    }

    /// The `atlas.sum` the files call for (Atlas `Dir.Checksum`).
    pub fn compute_sum(&self) -> Result<HashFile, DirError> {
        let files = self.sum_inputs()?;
        Ok(HashFile::compute(
            files.iter().map(|(name, bytes)| SumInput { name, bytes }),
        ))
    }

    fn sum_path(&self) -> PathBuf {
        self.path.join(SUM_FILE_NAME)
    }

    /// The recorded `atlas.sum`, `None` when there is none.
    pub fn read_sum(&self) -> Result<Option<HashFile>, DirError> {
        let path = self.sum_path();
        let bytes = match fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(DirError::io(&path, e)),
        };
        HashFile::parse(&bytes)
            .map(Some)
            .map_err(|source| DirError::MalformedSum { path, source })
    }

    /// Compares the files with `atlas.sum` (Atlas `Validate`), naming every added and removed
    /// file and the first edited one. A malformed `atlas.sum` is an error, and so is a
    /// directory whose versions are missing or not unique ([`MigrationDir::check_versions`]).
    pub fn check_sum(&self) -> Result<SumCheck, DirError> {
        self.check_versions()?;
        let Some(recorded) = self.read_sum()? else {
            return Ok(if self.migration_names()?.is_empty() {
                SumCheck::Valid
            } else {
                SumCheck::NotFound
            });
        };
        let files = self.sum_inputs()?;
        let inputs: Vec<SumInput<'_>> = files
            .iter()
            .map(|(name, bytes)| SumInput { name, bytes })
            .collect();
        if HashFile::compute(inputs.iter().cloned()).entries() == recorded.entries() {
            return Ok(SumCheck::Valid);
        }
        Ok(SumCheck::Mismatch(diff(&recorded, &inputs)))
    }

    /// Writes `atlas.sum` for the current files (Atlas `migrate hash`), only when its bytes
    /// change. Returns whether it was written.
    pub fn write_sum(&self) -> Result<bool, DirError> {
        let text = self.compute_sum()?.render();
        let path = self.sum_path();
        match fs::read(&path) {
            Ok(old) if old == text.as_bytes() => return Ok(false),
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::NotFound => {}
            Err(e) => return Err(DirError::io(&path, e)),
        }
        write_atomic(&path, text.as_bytes())?;
        Ok(true)
    }

    /// The version string a new file gets: never at or below the directory's last version.
    pub fn resolve_version(&self, version: &NewVersion) -> Result<String, DirError> {
        let versions = self.versions()?;
        let versions: Vec<&str> = versions.iter().filter_map(|(_, v)| v.as_deref()).collect();
        let numbered = matches!(self.format.template(), Some(Ok(t)) if t.uses_seq());
        match version {
            NewVersion::Now(_) if numbered => resolve(&NewVersion::NextSequence, &versions),
            _ => resolve(version, &versions),
        }
    }

    /// Writes `plan` as new migration file(s) of the directory's format and updates `atlas.sum`
    /// (Atlas `Planner.WritePlan`). Existing files are never overwritten. Returns the paths
    /// written, `atlas.sum` included when it changed. Validate the directory first
    /// ([`MigrationDir::check_sum`]) as `migrate diff` does.
    pub fn write_plan(
        &self,
        plan: &Plan,
        version: &NewVersion,
        opts: &WriteOptions,
    ) -> Result<Vec<PathBuf>, DirError> {
        let version = self.resolve_version(version)?;
        let files = render(&self.format, plan, &version, opts)?;
        for f in &files {
            let path = self.path.join(&f.name);
            if fs::symlink_metadata(&path).is_ok() {
                return Err(DirError::FileExists { path });
            }
        }
        let mut written = Vec::new();
        for f in &files {
            let path = self.path.join(&f.name);
            write_atomic(&path, f.contents.as_bytes())?;
            written.push(path);
        }
        written.extend(self.write_master_changelog()?);
        if self.write_sum()? {
            written.push(self.sum_path());
        }
        Ok(written)
    }

    /// For a Liquibase directory, (re)writes the master changelog that lists every migration
    /// ([`super::liquibase`]) when its bytes change, and returns its path; `None` otherwise.
    pub fn write_master_changelog(&self) -> Result<Option<PathBuf>, DirError> {
        if self.format != Format::Liquibase {
            return Ok(None);
        }
        let text = super::liquibase::master_changelog(&self.migration_names()?);
        let path = self.path.join(super::liquibase::MASTER_CHANGELOG);
        match fs::read(&path) {
            Ok(old) if old == text.as_bytes() => return Ok(None),
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::NotFound => {}
            Err(e) => return Err(DirError::io(&path, e)),
        }
        write_atomic(&path, text.as_bytes())?;
        Ok(Some(path))
    }
}

/// Writes through a temporary file in the same directory, then renames it into place.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), DirError> {
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{file_name}.{}.tmp", std::process::id()));
    fs::write(&tmp, bytes).map_err(|e| DirError::io(&tmp, e))?;
    fs::rename(&tmp, path).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        DirError::io(path, e)
    })
}
