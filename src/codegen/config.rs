//! [`Config`]: the generator's options, for the CLI and for `build.rs`.

/// Generator options (prost-build style).
#[derive(Debug, Clone, Default)]
pub struct Config {}

/// What a generation produced.
#[derive(Debug, Clone, Default)]
pub struct Generated {}

/// Why a generation failed.
#[derive(Debug)]
pub struct GenerateError {}
