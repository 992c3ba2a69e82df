//! The learned half of attribution: a token classifier (trained on PolNeAR by `whosaid
//! train-attribution`, see `training`) tags the words of candidate sentences as the source, cue
//! or content of a speech attribution (IOB2). Its output is role chunks with their mean tag
//! probability; `merge` decides with the rules what becomes a quote.

use crate::document::text::Token;
use crate::document::{Document, Span, SpanIndex};
use crate::error::{Error, Result};
use crate::model::tagging::{chunks, predict_scored};
use crate::model::TaggerModel;
use crate::stages::attribution::cues::{self, CueClass};

use super::lexicon::{DETERMINERS, PRONOUNS};
use crate::document::marks::is_double_quote;

/// The role tagger's labels, IOB2, in class order.
pub const ROLE_LABELS: [&str; 7] = ["O", "B-SRC", "I-SRC", "B-CUE", "I-CUE", "B-CON", "I-CON"];

/// An attribution role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Who speaks (`the spokeswoman`, `Trump`).
    Source,
    /// The reporting verb or phrase (`said`, `according to`).
    Cue,
    /// What was said.
    Content,
}

/// A run of words with one role in one sentence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RoleChunk {
    /// Its role.
    pub role: Role,
    /// Byte span in the document, first word's start to last word's end.
    pub span: Span,
    /// Index of its sentence in `Document::sentences`.
    pub sentence: usize,
    /// Mean probability of its words' tags.
    pub prob: f32,
}

/// Tags candidate sentences with a loaded role model. `Sync`: one tagger serves all workers.
pub struct RoleTagger {
    /// The checkpoint that runs.
    pub model: TaggerModel,
    /// Longest input, special tokens included; longer sentences keep `O` past it.
    pub max_len: usize,
}

/// Whether a sentence can hold an attribution the model should read: one of its words is a cue
/// of the lexicon or `according`, or it has a double quote mark (mixed quotes with cues the
/// lexicon lacks, `called the deal “a disaster”`, and the later sentences of a quoted content).
/// On PolNeAR dev this is 66% of the tokens (57% with cue words alone, and mixed-quote recall
/// 0.83 instead of 0.92 with the 6-layer model).
pub fn is_candidate(doc: &Document, sentence: Span) -> bool {
    let toks = doc.tokens_in(sentence);
    (0..toks.len()).any(|i| cue_or_mark(doc, &toks, i))
}

/// Whether a sentence has a cue word or a double quote mark that no rule quote with a speaker
/// claims (inside its content or next to it, or its cue): the rules' quotes with a speaker stand
/// (see `merge`), so the model need only read where something may be left. On PolNeAR dev this
/// is 24% of the tokens against 66% for every candidate sentence, with the same F1 (0.894).
pub fn unclaimed_cue(doc: &Document, sentence: Span, claims: &Claims) -> bool {
    let toks = doc.tokens_in(sentence);
    (0..toks.len()).any(|i| cue_or_mark(doc, &toks, i) && !claims.cover(toks[i].span))
}

/// Sentences (ascending, each once) where a rule quote's speaker mention is followed by a comma
/// or a bracket: the mention may have an apposition the model reads as part of the source (see
/// `merge::source_phrases`).
fn apposition_sentences(doc: &Document) -> Vec<usize> {
    let mut at: Vec<usize> = doc
        .quotes
        .iter()
        .filter_map(|q| q.speaker.mention)
        .filter(|m| {
            doc.text[m.end..]
                .trim_start_matches(['.', ')'])
                .trim_start()
                .starts_with([',', '('])
        })
        .filter_map(|m| doc.sentence_at(m.start))
        .collect();
    at.sort_unstable();
    at.dedup();
    at
}

/// Token `i` of `toks` is a cue word of the lexicon, `according`, or a double quote mark. Cue
/// words that are mostly nouns count where the frame rules would read them as verbs: `state`
/// (`the United States`) only as `stated`/`stating` or before `that`; the other weak cues
/// (`post`, `tweet`, `comment`) in the past tense or as participles, or next to a subject or a
/// complement marker. On PolNeAR dev the model reads about 28% fewer words (17.6k → 12.7k);
/// F1 0.9101 → 0.9094: two of the sentences left out had given the merge a quote.
fn cue_or_mark(doc: &Document, toks: &[Token], i: usize) -> bool {
    let t = &toks[i];
    let w = doc.slice(t.span);
    if !t.is_word() {
        return w.chars().any(is_double_quote);
    }
    let w = w.to_lowercase();
    match cues::lookup(&w) {
        Some((_, "state")) => {
            matches!(w.as_str(), "stated" | "stating")
                || toks
                    .get(i + 1)
                    .is_some_and(|n| doc.slice(n.span).eq_ignore_ascii_case("that"))
        }
        // A word that is also a common noun (`post`, `tweet`, `comment`) is a cue in the past
        // tense or next to a subject or complement: `he noted`, `claims that`, `posted:`.
        Some((CueClass::Weak, _)) => {
            let next = toks.get(i + 1).map(|n| doc.slice(n.span));
            let prev = i.checked_sub(1).map(|p| doc.slice(toks[p].span));
            w.ends_with("ed")
                || w.ends_with("ing")
                || next.is_some_and(|n| {
                    n.eq_ignore_ascii_case("that")
                        || n.starts_with([':', ','])
                        || n.chars().any(is_double_quote)
                })
                || prev.is_some_and(|p| {
                    let p = p.to_lowercase();
                    let name =
                        p != doc.slice(toks[i - 1].span) && !DETERMINERS.contains(&p.as_str());
                    name || PRONOUNS.contains(&p.as_str()) || p == "who"
                })
        }
        Some(_) => true,
        None => w == "according",
    }
}

/// What the rule quotes with a speaker claim: each one's content with its quote marks (just
/// outside the content) and its cue, indexed so that a look-up costs O(log n), keeping the
/// candidate test linear in the article's length.
pub struct Claims {
    spans: Vec<Span>,
    index: SpanIndex,
}

impl Claims {
    /// The claims of a document's rule quotes.
    pub fn of(doc: &Document) -> Self {
        let spans: Vec<Span> = doc
            .quotes
            .iter()
            .filter(|q| q.speaker.mention.is_some())
            .flat_map(|q| {
                let marks = Span::new(q.span.start.saturating_sub(3), q.span.end + 3);
                std::iter::once(marks).chain(q.cue)
            })
            .collect();
        let index = SpanIndex::new(spans.iter().copied());
        Self { spans, index }
    }

    /// Whether a claim contains `span`.
    fn cover(&self, span: Span) -> bool {
        self.index
            .meeting(span)
            .into_iter()
            .any(|i| self.spans[i].contains(span))
    }
}

impl RoleTagger {
    /// A tagger over `model`, which must have the role labels.
    pub fn new(model: TaggerModel) -> Result<Self> {
        let labels = model.classifier.labels();
        if labels.iter().map(String::as_str).ne(ROLE_LABELS) {
            return Err(Error::model(
                &model.dir,
                format!("not a role model: its labels are {labels:?}, not {ROLE_LABELS:?}"),
            ));
        }
        let max_len = model.classifier.max_len().min(128);
        Ok(Self { model, max_len })
    }

    /// The role chunks of each document's candidate sentences, in text order, batching the
    /// sentences of all documents: with `all`, every sentence [`is_candidate`] accepts (the
    /// model alone), else only those with a cue word or quote mark that no rule quote claims
    /// (see [`unclaimed_cue`]). Each sentence is read alone, so a sentence's tags do not depend
    /// on its batch (output identical whatever the batching or thread count).
    pub fn tag(&self, docs: &[Document], all: bool) -> Result<Vec<Vec<RoleChunk>>> {
        // (document, sentence, word spans, sources only) of every sentence read.
        let mut where_: Vec<(usize, usize, Vec<Span>, bool)> = Vec::new();
        let mut words: Vec<Vec<String>> = Vec::new();
        for (d, doc) in docs.iter().enumerate() {
            let claims = Claims::of(doc);
            let appositions = apposition_sentences(doc);
            for (k, s) in doc.sentences.iter().enumerate() {
                let phrase = appositions.binary_search(&k).is_ok();
                let read = if all {
                    is_candidate(doc, s.span)
                } else {
                    unclaimed_cue(doc, s.span, &claims)
                };
                if !read && !phrase {
                    continue;
                }
                let toks = doc.tokens_in(s.span);
                words.push(toks.iter().map(|t| doc.slice(t.span).to_string()).collect());
                where_.push((d, k, toks.iter().map(|t| t.span).collect(), !read));
            }
        }
        let tagged = predict_scored(
            &*self.model.classifier,
            &self.model.tokenizer,
            &words,
            self.max_len,
            32,
        )?;
        let mut out = vec![Vec::new(); docs.len()];
        for ((d, k, spans, sources_only), scored) in where_.into_iter().zip(tagged) {
            let tags: Vec<String> = scored.iter().map(|(t, _)| t.clone()).collect();
            for (a, b, ty) in chunks(&tags) {
                let role = match ty.as_str() {
                    "SRC" => Role::Source,
                    "CUE" => Role::Cue,
                    _ => Role::Content,
                };
                if sources_only && role != Role::Source {
                    continue;
                }
                let prob = scored[a..b].iter().map(|x| x.1).sum::<f32>() / (b - a) as f32;
                out[d].push(RoleChunk {
                    role,
                    span: Span::new(spans[a].start, spans[b - 1].end),
                    sentence: k,
                    prob,
                });
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stages::rule_stages;

    /// Whether the model would read the first sentence of `text` (the model alone).
    fn read(text: &str) -> bool {
        let mut d = Document::new("t", text);
        rule_stages(&mut d);
        is_candidate(&d, d.sentences[0].span)
    }

    #[test]
    fn cue_words_that_are_mostly_nouns_count_only_where_they_can_be_verbs() {
        assert!(!read("The United States will act within the state."));
        assert!(read("The governor stated on Tuesday that she would act."));
        assert!(read("The agency states that it will act."));
        assert!(!read("His comment drew fire from the mayor."));
        assert!(read("He tweeted his support."));
        assert!(read("Critics claim that it will fail."));
        assert!(read("Obama comments on the plan."));
        assert!(read("The plan “will fail” within a year."));
        assert!(read("He said nothing."));
    }
}
