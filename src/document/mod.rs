//! The `Document`: it owns the article text and carries every stage's annotations as stand-off
//! spans (byte offsets into that text). Offsets become Unicode code points only when written out.

pub mod marks;
pub mod text;

use std::borrow::Cow;

use serde::Serialize;

use crate::document::text::{tokenize, Token};

/// A half-open byte range `[start, end)` into the document text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from byte offsets.
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    /// True when the span covers nothing.
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
    /// True when `other` lies inside this span.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    /// True when the spans share at least one byte.
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// A sentence and the paragraph it belongs to (indexes into `Document::paragraphs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    /// The sentence text.
    pub span: Span,
    /// Index of its paragraph.
    pub paragraph: usize,
}

/// A named entity found by the transformer tagger.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entity {
    /// The entity text.
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
    /// The name used in output.
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
    /// The mention as written (`she`, `the spokeswoman`, `Leavitt`): what resolution reads.
    pub mention: Option<Span>,
    /// The source's whole noun phrase where the role model reads one wider than `mention`,
    /// apposition included (`Rep. Elijah Cummings, the top Democrat on the Oversight Committee`).
    pub phrase: Option<Span>,
    /// Canonical name of the named entity, when one is found; never invented.
    pub name: Option<String>,
    /// Entity type of the named entity.
    pub label: Option<String>,
    /// The person's gender as the article itself states it (pronouns, titles), if it does.
    pub gender: Option<Gender>,
    /// The id of the entity the user's list links the speaker to (`--entities`).
    pub id: Option<String>,
}

impl Speaker {
    /// The source as the article writes it: the whole phrase where one is known, else the
    /// mention. Output gives this span.
    pub fn written(&self) -> Option<Span> {
        self.phrase.or(self.mention)
    }
}

/// A speaker's gender, as the article's own words give it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    /// `she`, `Ms.`, `spokeswoman`...
    Female,
    /// `he`, `Mr.`, `spokesman`...
    Male,
}

impl Gender {
    /// The name used in output.
    pub fn as_str(&self) -> &'static str {
        match self {
            Gender::Female => "female",
            Gender::Male => "male",
        }
    }
}

/// A quote with its cue and speaker.
#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    /// Direct, indirect or mixed.
    pub kind: QuoteKind,
    /// The content (without enclosing quote marks for direct quotes).
    pub span: Span,
    /// The reporting verb or phrase, if any.
    pub cue: Option<Span>,
    /// Who said it.
    pub speaker: Speaker,
    /// How sure the attaching rule is, 0..1.
    pub confidence: f32,
    /// Index into `Document::sentences` of the sentence where the quote starts.
    pub sentence: usize,
    /// Index of the paragraph where the quote starts.
    pub paragraph: usize,
}

/// An article with its annotation layers.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// Article id.
    pub id: String,
    /// The original text; all spans point into it.
    pub text: String,
    /// Extra input fields (title, date, url...), carried into JSON output.
    pub meta: Option<serde_json::Map<String, serde_json::Value>>,
    /// Word and punctuation tokens of the whole text, in order: tokenised once, read by every
    /// rule stage through [`Document::tokens_in`].
    pub tokens: Vec<Token>,
    /// Paragraph spans, in order.
    pub paragraphs: Vec<Span>,
    /// Sentence spans, in order.
    pub sentences: Vec<Sentence>,
    /// Named entities, in order.
    pub entities: Vec<Entity>,
    /// Quotes, in text order.
    pub quotes: Vec<Quote>,
}

impl Document {
    /// A document with no annotations yet.
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

    /// The tokens of `span`: a slice of the token layer, the same tokens `text::tokenize` gives
    /// for that span alone. Tokenises again only where the layer is absent or a token crosses
    /// the span's edge (a span that cuts a word or an abbreviation's period).
    pub fn tokens_in(&self, span: Span) -> Cow<'_, [Token]> {
        if self.tokens.is_empty() {
            return Cow::Owned(tokenize(&self.text, span));
        }
        let lo = self.tokens.partition_point(|t| t.span.end <= span.start);
        let hi = self.tokens.partition_point(|t| t.span.start < span.end);
        let slice = &self.tokens[lo..hi.max(lo)];
        let crosses = |t: &Token| t.span.start < span.start || t.span.end > span.end;
        if slice.first().is_some_and(crosses) || slice.last().is_some_and(crosses) {
            Cow::Owned(tokenize(&self.text, span))
        } else {
            Cow::Borrowed(slice)
        }
    }

    /// Index of the last sentence that starts at or before byte `pos`, in O(log n).
    pub fn sentence_at(&self, pos: usize) -> Option<usize> {
        self.sentences
            .partition_point(|s| s.span.start <= pos)
            .checked_sub(1)
    }

    /// Index of the last paragraph that starts at or before byte `pos`, in O(log n).
    pub fn paragraph_at(&self, pos: usize) -> Option<usize> {
        self.paragraphs
            .partition_point(|p| p.start <= pos)
            .checked_sub(1)
    }
}

/// Finds which of many spans meet a query span in O(log n) plus the answer, so that a stage
/// asking this once per sentence or quote stays linear in the article's length.
pub struct SpanIndex {
    /// Span indexes sorted by start.
    order: Vec<usize>,
    /// Their starts, sorted.
    starts: Vec<usize>,
    /// Running maximum of their ends, in the same order (non-decreasing).
    max_end: Vec<usize>,
    ends: Vec<usize>,
}

impl SpanIndex {
    /// Indexes `spans` (any order; nesting and overlaps allowed).
    pub fn new(spans: impl IntoIterator<Item = Span>) -> Self {
        let spans: Vec<Span> = spans.into_iter().collect();
        let mut order: Vec<usize> = (0..spans.len()).collect();
        order.sort_by_key(|&i| (spans[i].start, i));
        let starts = order.iter().map(|&i| spans[i].start).collect();
        let mut max_end = Vec::with_capacity(order.len());
        let mut top = 0;
        for &i in &order {
            top = top.max(spans[i].end);
            max_end.push(top);
        }
        let ends = spans.iter().map(|s| s.end).collect();
        SpanIndex {
            order,
            starts,
            max_end,
            ends,
        }
    }

    /// Indexes, ascending, of every span that overlaps or touches `query` (shares a byte or a
    /// boundary with it): a superset of those that overlap it, contain it or lie inside it,
    /// which callers then test exactly.
    pub fn meeting(&self, query: Span) -> Vec<usize> {
        let hi = self.starts.partition_point(|&x| x <= query.end);
        let lo = self.max_end[..hi].partition_point(|&e| e < query.start);
        let mut out: Vec<usize> = self.order[lo..hi]
            .iter()
            .copied()
            .filter(|&i| self.ends[i] >= query.start)
            .collect();
        out.sort_unstable();
        out
    }
}

/// Maps byte offsets to Unicode code-point offsets for one text, in O(log n) per lookup.
pub struct CharIndex {
    /// Byte offset of every char boundary, plus the text length.
    bounds: Vec<usize>,
}

impl CharIndex {
    /// Index of one text's char boundaries.
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

    #[test]
    fn span_index_finds_what_a_scan_finds() {
        // Nested, overlapping, empty and unsorted spans.
        let spans: Vec<Span> = [
            (5, 9),
            (0, 30),
            (12, 12),
            (10, 20),
            (2, 4),
            (25, 40),
            (12, 15),
        ]
        .iter()
        .map(|&(a, b)| Span::new(a, b))
        .collect();
        let ix = SpanIndex::new(spans.iter().copied());
        for a in 0..45 {
            for b in a..45 {
                let q = Span::new(a, b);
                let scan: Vec<usize> = (0..spans.len())
                    .filter(|&i| spans[i].start <= q.end && spans[i].end >= q.start)
                    .collect();
                assert_eq!(ix.meeting(q), scan, "query {a}..{b}");
            }
        }
    }
}
