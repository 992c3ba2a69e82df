//! whosaid: quotes and their speakers from news text.
//!
//! Stages, in order, each adding stand-off annotations (offsets into the original text) to a
//! [`Document`] — see ARCHITECTURE.md.
//!
//! The modules are layers; each uses only those listed before it (`tests/it/layers.rs` checks):
//! [`document`] (the data model) ← [`model`] (the encoder and tagging) ← [`stages`] (what writes
//! annotations) ← [`run`] (pipeline, input, output) ← [`eval`], [`tools`] ← [`train`].

#![warn(missing_docs)]

pub mod error;

pub mod document;
pub mod eval;
pub mod model;
pub mod run;
pub mod stages;
pub mod tools;
pub mod train;

pub use document::{Document, Quote, QuoteKind, Span, Speaker};
pub use error::{Error, Result};
pub use run::extract::{extract, Observer, Request, Summary};
pub use run::output::{Format, QuoteRecord};
pub use run::pipeline::{Outcome, Pipeline};
