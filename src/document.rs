//! The `Document`: it owns the article text and carries every stage's annotations as stand-off
//! spans (byte offsets into that text). Offsets become Unicode code points only when written out.

use serde::Serialize;

/// A half-open byte range `[start, end)` into the document text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// A sentence and the paragraph it belongs to (indexes into `Document::paragraphs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub span: Span,
    pub paragraph: usize,
}

/// A named entity found by the transformer tagger.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entity {
    pub span: Span,
    /// Entity type: PER, ORG, LOC, MISC (whatever the model's labels say).
    pub label: String,
    /// Mean probability of the entity's word tags.
    pub score: f32,
}

/// The form of a quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// Inside quote marks.
    Direct,
    /// Reported speech without quote marks.
    Indirect,
    /// Reported speech that contains a quoted fragment.
    Mixed,
}

impl QuoteKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Indirect => "indirect",
            QuoteKind::Mixed => "mixed",
        }
    }
}

/// A speaker as attributed: the mention the quote attaches to and the entity it resolves to.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Speaker {
    /// The mention as written (`she`, `the spokeswoman`, `Leavitt`).
    pub mention: Option<Span>,
    /// Canonical name of the named entity, when one is found; never invented.
    pub name: Option<String>,
    /// Entity type of the named entity.
    pub label: Option<String>,
}

/// A quote with its cue and speaker.
#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    pub kind: QuoteKind,
    /// The content (without enclosing quote marks for direct quotes).
    pub span: Span,
    pub cue: Option<Span>,
    pub speaker: Speaker,
    pub confidence: f32,
    /// Index into `Document::sentences` of the sentence where the quote starts.
    pub sentence: usize,
    pub paragraph: usize,
}

/// An article with its annotation layers.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub id: String,
    pub text: String,
    /// Extra input fields (title, date, url...), carried into JSON output.
    pub meta: Option<serde_json::Map<String, serde_json::Value>>,
    pub paragraphs: Vec<Span>,
    pub sentences: Vec<Sentence>,
    pub entities: Vec<Entity>,
    pub quotes: Vec<Quote>,
}

impl Document {
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Document {
            id: id.into(),
            text: text.into(),
            ..Default::default()
        }
    }

    /// The text of a span.
    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.start..span.end]
    }
}

/// Maps byte offsets to Unicode code-point offsets for one text, in O(log n) per lookup.
pub struct CharIndex {
    /// Byte offset of every char boundary, plus the text length.
    bounds: Vec<usize>,
}

impl CharIndex {
    pub fn new(text: &str) -> Self {
        let mut bounds: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        bounds.push(text.len());
        CharIndex { bounds }
    }

    /// Code-point offset of a byte offset that lies on a char boundary.
    pub fn char_of(&self, byte: usize) -> usize {
        match self.bounds.binary_search(&byte) {
            Ok(i) => i,
            Err(i) => i, // inside a char: round up, never produced by our own spans
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_index_counts_code_points() {
        let t = "Zürich “hi” 日本 😀x";
        let ix = CharIndex::new(t);
        let b = t.find('x').unwrap();
        assert_eq!(ix.char_of(b), t[..b].chars().count());
        assert_eq!(ix.char_of(t.len()), t.chars().count());
    }
}
