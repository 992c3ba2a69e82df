//! Running the stages over a corpus: the pipeline, reading articles, writing records, resuming.

pub mod extract;
pub mod journal;
pub mod output;
pub mod pipeline;
pub mod reader;
pub mod repair;
