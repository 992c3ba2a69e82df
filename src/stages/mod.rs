//! The stages that annotate a [`Document`](crate::document::Document), in pipeline order:
//! sentences, quotes, entities, attribution (cues inside), speakers, gender, link.

pub mod attribution;
pub mod entities;
pub mod gender;
pub mod link;
pub mod quotes;
pub mod sentences;
pub mod speakers;
