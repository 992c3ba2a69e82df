//! The integration tests, in one binary (one link, shared helpers): one module per area, named
//! as the files were. `tests/fuzz.rs` and `tests/backends.rs` (the rust-bert feature) stay apart.

#[path = "../common/mod.rs"]
mod common;
mod util;

mod cli;
mod cluster;
mod gender;
mod hostile;
mod layers;
mod link;
mod model;
mod regression;
mod resume;
mod roles;
mod speakers;
