//! Confidence levels of rule attributions, by the strength of the evidence; a record's
//! `confidence` is one of them (the role model's contents carry the model's probability).

/// A cue in the quote's own sentence frames it (`“...,” she said`).
pub const FRAMED: f32 = 0.9;
/// A colon after a frame introduces the quote, or it continues a quote's first paragraph.
pub const INTRODUCED: f32 = 0.85;
/// A reported clause right after its cue, a dash byline, a transcript label.
pub const STRONG: f32 = 0.8;
/// A reported clause past an object or adverbial, a block quote after `X added:`.
pub const FAIR: f32 = 0.75;
/// A speaker carried on from a nearby quote, or content far from its cue.
pub const CARRIED: f32 = 0.7;
/// A speaker inferred from the sentence before, or content past a weak cue.
pub const INFERRED: f32 = 0.6;
/// Speech with no speaker found.
pub const UNATTRIBUTED: f32 = 0.5;
