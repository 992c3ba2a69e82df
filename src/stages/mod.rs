//! The stages that annotate a [`Document`], in pipeline order:
//! sentences, quotes, entities, attribution (cues inside), speakers, gender, link.

pub mod attribution;
pub mod entities;
pub mod gender;
pub mod link;
pub mod quotes;
pub mod sentences;
pub mod speakers;

use crate::document::Document;

/// Paragraphs, sentences and quotes with their mentions: everything before entities.
pub fn rule_stages(doc: &mut Document) {
    sentences::annotate(doc);
    let marks = quotes::find(doc);
    doc.quotes = attribution::extract(doc, &marks);
}
