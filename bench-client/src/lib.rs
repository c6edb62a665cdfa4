//! The client the benchmarks drive, generated at build time from `schema/` (see build.rs).

/// The typed client for `schema/` (users and their pets).
pub mod ent {
    include!(concat!(env!("OUT_DIR"), "/entgen.rs"));
}
