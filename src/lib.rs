//! whosaid: quotes and their speakers from news text.
//!
//! Stages, in order, each adding stand-off annotations (offsets into the original text) to a
//! [`Document`](document::Document) — see ARCHITECTURE.md.

pub mod conll;
pub mod error;
pub mod model;
pub mod train;

pub use error::{Error, Result};
