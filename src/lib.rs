//! whosaid: quotes and their speakers from news text.
//!
//! Stages, in order, each adding stand-off annotations (offsets into the original text) to a
//! [`Document`](document::Document) — see ARCHITECTURE.md.

#![warn(missing_docs)]

pub mod attribution;
pub mod check;
pub mod cluster;
pub mod conll;
pub mod cues;
pub mod dataset;
pub mod document;
pub mod entities;
pub mod error;
pub mod eval;
pub mod gender;
pub mod journal;
pub mod link;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod quotes;
pub mod reader;
pub mod report;
pub mod sentences;
pub mod speakers;
pub mod text;
pub mod train;

pub use error::{Error, Result};
