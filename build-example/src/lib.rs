//! A client generated at build time by `entgen::Config` (see build.rs).
