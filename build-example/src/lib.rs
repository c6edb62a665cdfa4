//! A client generated at build time by `entgen::Config` (see build.rs): the schema in `schema/`
//! becomes `$OUT_DIR/entgen.rs`, included here as the module `ent`.

/// The typed client for `schema/` (authors, books, shelves).
pub mod ent {
    include!(concat!(env!("OUT_DIR"), "/entgen.rs"));
}

/// The blog example's desired tables (`migrate::schema`), kept for the round-trip test that
/// compares them with what entgen computes.
#[doc(hidden)]
pub mod blog_migrate {
    include!(concat!(env!("OUT_DIR"), "/blog_migrate.rs"));
}
