//! Helpers shared by the tests that run the `entgen` binary. (Each test crate uses a subset.)
#![allow(dead_code)]

use std::process::{Command, Output};

/// Runs the `entgen` binary without colour.
pub fn entgen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_entgen"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run entgen")
}

/// Stdout then stderr, for assertions on whatever the command said.
pub fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}
