//! The client the benchmarks drive, generated at build time from `schema/` (see build.rs), and
//! the work they measure ([`workloads`], against hand-written `postgres` code ([`hand_pg`]) or
//! `mysql` code ([`hand_mysql`])): `benches/vs_postgres.rs` runs it under criterion,
//! `examples/alternating.rs` with the two sides taking turns.

/// The typed client for `schema/` (users and their pets).
pub mod ent {
    include!(concat!(env!("OUT_DIR"), "/entgen.rs"));
}

pub mod async_workloads;
pub mod hand_mysql;
pub mod hand_pg;
pub mod workloads;
