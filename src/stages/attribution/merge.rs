//! How rules and the role model decide together (ablation in ARCHITECTURE.md).
//!
//! Rules keep their quotes: quote marks make direct contents certain, frames, colons, bylines
//! and transcripts attach them better than the model does, and the rules' reported-speech spans
//! are cleaner (no `that`, no word cut off). The model adds what the rules miss, a long tail of
//! reported speech (noun-phrase and infinitival contents, cues with long subjects): each content
//! chunk that no rule quote overlaps becomes an indirect or mixed quote with its own nearest cue
//! and source chunks (no source: the subject the frame rules find left of that cue), and a rule
//! quote with no speaker takes the source the model reads for it.

use std::collections::BTreeMap;

use crate::document::{Document, Quote, QuoteKind, Span, SpanIndex, Speaker};

use super::cues::{lookup, reports};
use super::roles::{Role, RoleChunk};

/// Who decides what is a quote and who said it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Decider {
    /// The rules alone (no role model runs).
    Rules,
    /// The role model alone: every content chunk, with its own cue and source.
    Model,
    /// Rules for direct quotes, the model for reported speech (the default).
    #[default]
    Both,
}

impl Decider {
    /// From the CLI names (`rules`, `model`, `both`).
    pub fn parse(name: &str) -> std::result::Result<Decider, String> {
        match name {
            "rules" => Ok(Decider::Rules),
            "model" => Ok(Decider::Model),
            "both" => Ok(Decider::Both),
            other => Err(format!(
                "unknown attribution {other:?} (rules, model or both)"
            )),
        }
    }
}

use crate::document::marks::{is_double_quote, is_quote_mark};

/// Overlap of two spans in bytes.
fn overlap(a: Span, b: Span) -> usize {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

/// The chunks of each sentence, in text order.
type BySentence<'a> = BTreeMap<usize, Vec<&'a RoleChunk>>;

/// Indexes of the spans of `index` (built over `spans`) that share a byte with `q`.
fn overlapping<'a>(
    index: &'a SpanIndex,
    spans: &'a [Span],
    q: Span,
) -> impl Iterator<Item = usize> + 'a {
    index
        .meeting(q)
        .into_iter()
        .filter(move |&i| overlap(spans[i], q) > 0)
}

/// The quote a content chunk makes on its own: its kind from its quote marks, the nearest cue
/// chunk of its sentence (else the last of the sentence before), and the source chunk nearest
/// that cue (else nearest the content, in the same way).
fn model_quote(doc: &Document, by_sentence: &BySentence, c: &RoleChunk) -> Quote {
    let of = |k: usize| by_sentence.get(&k).map_or(&[][..], Vec::as_slice);
    let nearest = |role: Role, to: Span| {
        let here = of(c.sentence)
            .iter()
            .filter(|x| x.role == role)
            .min_by_key(|x| {
                x.span
                    .start
                    .abs_diff(to.start)
                    .min(x.span.end.abs_diff(to.end))
            })
            .map(|x| x.span);
        // (The sentence before in the same paragraph, or one ending in a colon: a new
        // paragraph is a new turn unless `Caddell continued:` introduces it.)
        here.or_else(|| {
            let before = c
                .sentence
                .checked_sub(1)
                .filter(|&b| {
                    let prev = &doc.sentences[b];
                    prev.paragraph == doc.sentences[c.sentence].paragraph
                        || doc.slice(prev.span).trim_end().ends_with(':')
                })
                .map_or(&[][..], of);
            before.iter().rev().find(|x| x.role == role).map(|x| x.span)
        })
    };
    let cue = nearest(Role::Cue, c.span);
    let source = nearest(Role::Source, cue.unwrap_or(c.span));
    let text = doc.slice(c.span);
    let kind = if wholly_quoted(doc, c.span) {
        QuoteKind::Direct
    } else if text.chars().any(is_double_quote) {
        QuoteKind::Mixed
    } else {
        QuoteKind::Indirect
    };
    Quote {
        kind,
        span: c.span,
        cue,
        speaker: Speaker {
            mention: source,
            ..Speaker::default()
        },
        confidence: c.prob,
        sentence: c.sentence,
        paragraph: doc.sentences[c.sentence].paragraph,
    }
}

/// A content span without what the rules leave out of reported speech: a leading
/// complementizer (`that`), and trailing punctuation or a dangling conjunction or preposition.
fn trimmed(doc: &Document, span: Span) -> Span {
    let t = doc.slice(span);
    let mut a = 0;
    let mut b = t.len();
    for lead in ["that ", "That "] {
        if t.starts_with(lead) && t.len() > lead.len() {
            a = lead.len();
        }
    }
    // (A bracket closing the writer's aside that holds the report: `... $117.9 million.)`.)
    let stray = |x: &str| x.ends_with(')') && x.matches('(').count() < x.matches(')').count();
    if stray(t[a..b].trim_end()) {
        b = a + t[a..b].trim_end().len() - 1;
    }
    loop {
        let cur = t[a..b].trim_end();
        // A two-layer model sometimes stops a word late: `by` of `a deal by Friday`.
        let cut = [
            ",",
            ";",
            ":",
            ".",
            " and",
            " but",
            " or",
            " by",
            " on",
            " in",
            " at",
            " for",
            " with",
            " to",
            " of",
            " from",
            " after",
            " before",
            " within",
            " about",
            ", though",
            ", however",
        ]
        .iter()
        .find(|end| cur.ends_with(**end) && cur.len() > end.len())
        .map(|end| cur.len() - end.len());
        match cut {
            Some(n) => b = a + n,
            _ => {
                b = a + cur.len();
                break;
            }
        }
    }
    Span::new(span.start + a, span.start + b)
}

/// A model content that stops inside a clause (`having sex` of `having sex with underage girls
/// supplied to him by ...`) runs on to the clause's end: the next punctuation, quote mark, dash
/// or line end in its sentence. A two-layer model trained on PolNeAR stops early out of domain.
fn to_clause_end(doc: &Document, span: Span) -> Span {
    let rest = &doc.text[span.end..];
    let next = rest
        .strip_prefix(' ')
        .and_then(|r| r.split(|c: char| !c.is_alphabetic()).next())
        .unwrap_or("");
    // (Not into a circumstance of the speech: `the allegations in a statement`, `last week`.)
    let mid_clause = next.starts_with(char::is_lowercase)
        && !matches!(
            next,
            "in" | "on"
                | "at"
                | "during"
                | "last"
                | "this"
                | "after"
                | "before"
                | "via"
                | "through"
        );
    let Some(sentence) = doc.sentence_at(span.start).map(|k| doc.sentences[k].span) else {
        return span;
    };
    if !mid_clause || sentence.end <= span.end {
        return span;
    }
    let tail = &doc.text[span.end..sentence.end];
    let stop = tail
        .char_indices()
        .find(|&(i, c)| {
            matches!(c, ',' | ';' | ':' | '.' | '!' | '?' | '(' | '\n')
                || is_double_quote(c)
                || crate::document::marks::is_dash(c) && i > 0
        })
        .map_or(tail.len(), |(i, _)| i);
    let stop = coordinated_report(&tail[..stop]).unwrap_or(stop);
    Span::new(span.start, span.end + tail[..stop].trim_end().len())
}

/// Where `text` goes on with a second report of the same speaker: the byte offset of an `and`
/// or `but` before a past-tense cue (`vast wealth and said it ensured ...`, `and also warned`).
fn coordinated_report(text: &str) -> Option<usize> {
    let words: Vec<(usize, &str)> = text
        .split(' ')
        .scan(0, |at, w| {
            let start = *at;
            *at += w.len() + 1;
            Some((start, w))
        })
        .collect();
    words.iter().enumerate().find_map(|(i, &(at, w))| {
        if !matches!(w, "and" | "but") {
            return None;
        }
        let verb = words[i + 1..]
            .iter()
            .map(|&(_, w)| w)
            .find(|w| !super::lexicon::SKIP_LEFT.contains(w))?;
        let past = verb.ends_with("ed") || matches!(verb, "said" | "told" | "wrote");
        (past && lookup(verb).is_some()).then_some(at)
    })
}

/// Whether a model quote is the object of a commissive cue (`promised future weapons
/// deliveries`, `vowed a response`) rather than something said: a promise's noun-phrase or
/// infinitival object is the thing promised. Its content opens with neither `that` nor a quote
/// mark.
fn commits_to_a_thing(doc: &Document, q: &Quote) -> bool {
    const COMMISSIVE: &[&str] = &[
        "promise",
        "promised",
        "promises",
        "promising",
        "pledge",
        "pledged",
        "pledges",
        "vow",
        "vowed",
        "vows",
        "threaten",
        "threatened",
        "threatens",
        "offer",
        "offered",
        "offers",
    ];
    let Some(cue) = q.cue else { return false };
    let content = doc.slice(q.span);
    q.kind == QuoteKind::Indirect
        && !content.starts_with("that ")
        && doc
            .slice(cue)
            .split_whitespace()
            .any(|w| COMMISSIVE.contains(&w.to_lowercase().as_str()))
}

/// The lower-case word right before `span` inside `sentence`: the verb a content follows.
fn verb_before(doc: &Document, sentence: Span, span: Span) -> Option<Span> {
    let toks = doc.tokens_in(Span::new(sentence.start, span.start.max(sentence.start)));
    let t = toks.last().filter(|t| t.is_word())?;
    let w = doc.slice(t.span);
    w.starts_with(|c: char| c.is_lowercase()).then_some(t.span)
}

/// Reported speech without a cue that opens its sentence: a sentence of the article's own
/// (`My father died 22 years ago.`), since reported speech needs a cue somewhere.
fn uncued_sentence(doc: &Document, q: &Quote) -> bool {
    let start = doc.sentences[q.sentence].span.start;
    q.kind == QuoteKind::Indirect
        && q.cue.is_none()
        && !doc.text[start.min(q.span.start)..q.span.start]
            .chars()
            .any(char::is_alphanumeric)
}

/// Whether a model quote is framed by a word that reports speech or a judgement (`said`,
/// `according to`, `denied`, `blasted`): its cue chunk, or else the verb its content follows.
/// Out of domain the model also reads contents after verbs that report nothing (`showed a
/// “ground glass”`, `used to calculate his “target number,”`) and prepositional objects.
fn speech_cue(doc: &Document, q: &Quote, c: &RoleChunk) -> bool {
    let sentence = doc.sentences[c.sentence].span;
    let Some(cue) = q.cue.or_else(|| verb_before(doc, sentence, c.span)) else {
        return false;
    };
    let text = doc.slice(cue).to_lowercase();
    // (`The stock added more than 2%`: a quantity; `what's called “farmer's lung”`: a name.)
    let mut content = doc.slice(c.span).split_whitespace().map(str::to_lowercase);
    let (first, second) = (
        content.next().unwrap_or_default(),
        content.next().unwrap_or_default(),
    );
    // (`claimed to the outlet`, `added of the continuing spat`: a prepositional object.)
    let np = matches!(
        second.as_str(),
        "the" | "a" | "an" | "his" | "her" | "their" | "its"
    ) || doc
        .slice(c.span)
        .split_whitespace()
        .nth(1)
        .is_some_and(|w| w.starts_with(char::is_uppercase));
    if first == "of" || first == "to" && np {
        return false;
    }
    // (The same with the preposition left out of the chunk: `added of [the continuing spat]`,
    // `a claim in [the same interview]`, `has called in [ESA's Concurrent Design Facility]`.
    // Not `to`, `on`, `with`: PolNeAR counts `called on X to`, `agreed with X`, `commented on
    // X`, `agreed to X`.)
    let lead = doc.text[sentence.start.min(c.span.start)..c.span.start]
        .split_whitespace()
        .next_back()
        .map(str::to_lowercase);
    if lead
        .as_deref()
        .is_some_and(|w| matches!(w, "of" | "in" | "at" | "from" | "by" | "into"))
    {
        return false;
    }
    // (`claimed to [the outlet]`, `explained to [reporters]`: after a verb of saying, `to`
    // names the hearer; `agreed to`, `responded to` take what they report.)
    let says = text.split_whitespace().any(|w| {
        lookup(w).is_some_and(|(_, l)| {
            matches!(
                l,
                "say"
                    | "claim"
                    | "add"
                    | "explain"
                    | "write"
                    | "note"
                    | "insist"
                    | "complain"
                    | "admit"
                    | "confirm"
                    | "reveal"
                    | "announce"
                    | "declare"
                    | "state"
                    | "mention"
                    | "suggest"
                    | "argue"
                    | "stress"
                    | "tweet"
                    | "post"
            )
        })
    });
    if says && lead.as_deref() == Some("to") {
        return false;
    }
    let add = text
        .split_whitespace()
        .any(|w| lookup(w).is_some_and(|(_, l)| l == "add"));
    if add && super::frames::adds_a_quantity("add", &first, &second) {
        return false;
    }
    // (The cue may lie in the sentence before.)
    let before = doc.text[sentence.start.min(cue.start)..cue.start].to_lowercase();
    // (`Which is not to say that`, `What it is to say is`: the writer's, as in the rules.)
    let words: Vec<&str> = before
        .split_whitespace()
        .chain(text.split_whitespace())
        .collect();
    if let [.., w, "to", "say"] = words.as_slice() {
        if matches!(*w, "not" | "is" | "needless" | "it") {
            return false;
        }
    }
    if text.split_whitespace().last() == Some("called")
        && ["what's", "what’s", "what is", "so"]
            .iter()
            .any(|w| before.trim_end().ends_with(w))
    {
        return false;
    }
    text.contains("according") || text.split(|ch: char| !ch.is_alphabetic()).any(reports)
}

/// Whether a content chunk reads as a whole direct quote (`“...”`): the rules have those.
fn wholly_quoted(doc: &Document, span: Span) -> bool {
    let t = doc.slice(span);
    t.starts_with(is_double_quote) && t.ends_with(is_double_quote)
}

/// A content the model read over its own frame (`The meeting was first reported by Politico`,
/// `..., the Sun-Times reported`, `... the most able candidate Viguerie argues`) ends where the
/// frame begins, when nothing but the frame follows the cue: a source never speaks from inside
/// its own content. An active cue's subject starts the frame and speaks where the model's
/// source lies inside what is kept; a passive cue's subject is the content and its `by` agent,
/// or nobody, the source (but a hearer's, `was asked`, is no content). False when no word of
/// the content is left.
fn before_own_frame(doc: &Document, q: &mut Quote, quoted: &[Span]) -> bool {
    let Some(cue) = q
        .cue
        .filter(|c| q.span.start < c.start && c.end <= q.span.end)
    else {
        return true;
    };
    let edge = |c: char| c.is_whitespace() || matches!(c, ',' | '.' | ';') || is_quote_mark(c);
    let after = Span::new(cue.end, q.span.end);
    let agent = q.speaker.mention.filter(|m| after.contains(*m));
    let only_frame = doc.slice(after).trim_matches(edge).is_empty()
        || agent.is_some_and(|m| {
            matches!(doc.slice(Span::new(cue.end, m.start)).trim(), "" | "by")
                && doc
                    .slice(Span::new(m.end, q.span.end))
                    .trim_matches(edge)
                    .is_empty()
        });
    if !only_frame {
        return true;
    }
    let first = doc.slice(cue).split_whitespace().next().unwrap_or("");
    let passive = super::lexicon::BE_FORMS.contains(&first.to_lowercase().as_str());
    let lemma = doc
        .slice(cue)
        .split_whitespace()
        .last()
        .and_then(|w| lookup(&w.to_lowercase()))
        .map(|(_, lemma)| lemma);
    if passive && matches!(lemma, Some("ask" | "tell" | "urge" | "press" | "inform")) {
        // (The subject of `was asked` is the hearer.)
        return false;
    }
    let mut end = cue.start;
    if passive {
        q.speaker = Speaker {
            mention: agent,
            ..Speaker::default()
        };
    } else if let Some(s) = super::subject_of_cue(doc, q.sentence, cue, quoted)
        .filter(|s| s.start > q.span.start && s.end <= cue.start)
    {
        end = s.start;
        if q.speaker
            .mention
            .is_none_or(|m| m.start < end && m.end > q.span.start)
        {
            q.speaker.mention = Some(s);
        }
    }
    let kept = doc
        .slice(Span::new(q.span.start, end))
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '-' | '–' | '—'));
    q.span = Span::new(q.span.start, q.span.start + kept.len());
    kept.chars().any(char::is_alphanumeric)
}

/// Gives each speaker mention the widest source chunk that holds it and more: the model reads
/// a source's apposition as part of it, as PolNeAR annotates (`Elaine Kamarck, a two-decade
/// veteran of the DNC Rules Committee`), where the rules stop at the name; never across a quote
/// mark, never with trailing punctuation. Resolution still reads the mention.
fn source_phrases(doc: &Document, quotes: &mut [Quote], chunks: &[RoleChunk]) {
    let sources: Vec<Span> = chunks
        .iter()
        .filter(|c| c.role == Role::Source)
        .map(|c| c.span)
        .collect();
    let index = SpanIndex::new(sources.iter().copied());
    for q in quotes {
        let Some(m) = q.speaker.mention else { continue };
        q.speaker.phrase = overlapping(&index, &sources, m)
            .map(|i| sources[i])
            .filter(|s| !doc.slice(*s).contains(is_double_quote))
            .map(|s| {
                let kept = doc.slice(s).trim_end_matches(|c: char| {
                    c.is_whitespace() || matches!(c, ',' | ';' | ':' | '-' | '–' | '—')
                });
                Span::new(s.start, s.start + kept.len())
            })
            .filter(|s| s.contains(m) && *s != m)
            .max_by_key(|s| (s.len(), std::cmp::Reverse(s.start)));
    }
}

/// The quotes of a document from the rules' quotes and the role model's chunks (in text
/// order), as `decider` says.
pub fn merge(
    doc: &Document,
    rules: Vec<Quote>,
    chunks: &[RoleChunk],
    decider: Decider,
) -> Vec<Quote> {
    let mut by_sentence: BySentence = BTreeMap::new();
    for c in chunks {
        by_sentence.entry(c.sentence).or_default().push(c);
    }
    let contents = chunks
        .iter()
        .filter(|c| c.role == Role::Content && !wholly_quoted(doc, c.span));
    let mut out: Vec<Quote> = match decider {
        Decider::Rules => return rules,
        Decider::Model => chunks
            .iter()
            .filter(|c| c.role == Role::Content)
            .map(|c| model_quote(doc, &by_sentence, c))
            .collect(),
        Decider::Both => {
            // (The rules' appositions first: they are never content either.)
            let mut rules = rules;
            source_phrases(doc, &mut rules, chunks);
            let (direct, reported): (Vec<Quote>, Vec<Quote>) =
                rules.into_iter().partition(|q| q.kind == QuoteKind::Direct);
            // Every look-up goes through an index, so the merge stays linear in the article's
            // length however many quotes it has.
            let direct_spans: Vec<Span> = direct.iter().map(|q| q.span).collect();
            let direct_index = SpanIndex::new(direct_spans.iter().copied());
            // A speaker's own name and apposition is never content (`“...,” said Jane Hollis,
            // according to ...` read as `said` + content `Jane Hollis`; `says John Petrides,
            // portfolio manager at Tocqueville Asset Management`).
            let mentions: Vec<Span> = direct
                .iter()
                .chain(&reported)
                .filter_map(|q| q.speaker.written())
                .collect();
            let mention_index = SpanIndex::new(mentions.iter().copied());
            // One-word contents are mostly a cue's object read as content (`denied it`).
            let contents: Vec<&RoleChunk> = contents
                .filter(|c| doc.slice(c.span).split_whitespace().nth(1).is_some())
                .filter(|c| {
                    !overlapping(&direct_index, &direct_spans, c.span)
                        .any(|i| overlap(direct_spans[i], c.span) * 2 >= c.span.len())
                })
                .filter(|c| {
                    !overlapping(&mention_index, &mentions, c.span)
                        .any(|i| overlap(mentions[i], c.span) * 2 >= c.span.len())
                })
                .collect();
            let content_spans: Vec<Span> = contents.iter().map(|c| c.span).collect();
            let content_index = SpanIndex::new(content_spans.iter().copied());
            let reported_spans: Vec<Span> = reported.iter().map(|q| q.span).collect();
            let reported_index = SpanIndex::new(reported_spans.iter().copied());
            let mut out = Vec::with_capacity(direct.len() + reported.len() + contents.len());
            for mut r in reported {
                let over = overlapping(&content_index, &content_spans, r.span)
                    .max_by_key(|&i| overlap(r.span, content_spans[i]))
                    .map(|i| contents[i]);
                // A rule quote without a speaker takes the source the model reads for it.
                if let (None, Some(c)) = (r.speaker.mention, over) {
                    let m = model_quote(doc, &by_sentence, c);
                    if m.speaker.mention.is_some() {
                        r.speaker = m.speaker;
                        r.cue = r.cue.or(m.cue);
                        r.confidence = c.prob;
                    }
                }
                out.push(r);
            }
            for c in &contents {
                // (A second report of the same speaker in the chunk is not its content: `vast
                // wealth and said it ensured ...`; the rules usually have that one.)
                let span = coordinated_report(doc.slice(c.span))
                    .map_or(c.span, |at| Span::new(c.span.start, c.span.start + at));
                if overlapping(&reported_index, &reported_spans, span)
                    .next()
                    .is_some()
                {
                    continue;
                }
                let mut q = model_quote(doc, &by_sentence, c);
                if q.kind == QuoteKind::Mixed && !doc.slice(span).chars().any(is_double_quote) {
                    q.kind = QuoteKind::Indirect;
                }
                q.span = span;
                // (A quoted title the rules left out: `“Barack Obama Election Day,”`.)
                let text = doc.slice(c.span);
                let title = text.starts_with(is_double_quote)
                    && super::unattached::is_title(
                        text.trim_matches(|ch| is_double_quote(ch) || ch.is_whitespace()),
                    );
                if commits_to_a_thing(doc, &q)
                    || uncued_sentence(doc, &q)
                    || title
                    || super::only_time(doc, q.span)
                {
                    continue;
                }
                if !speech_cue(doc, &q, c) {
                    continue;
                }
                // No source chunk: the subject the frame rules find left of the model's cue, or
                // with no cue chunk either, left of the verb the content follows (`Osama bin
                // Laden declared war`: the model saw a cue it did not tag).
                if q.speaker.mention.is_none() {
                    let sentence = doc.sentences[c.sentence].span;
                    let quoted: Vec<Span> = overlapping(&direct_index, &direct_spans, sentence)
                        .map(|i| direct_spans[i])
                        .collect();
                    let verb = q.cue.or_else(|| verb_before(doc, sentence, c.span));
                    q.speaker.mention =
                        verb.and_then(|v| super::subject_of_cue(doc, c.sentence, v, &quoted));
                    if q.speaker.mention.is_some() {
                        q.cue = verb;
                    } else {
                        let inside = |t: Span| quoted.iter().any(|q| q.contains(t));
                        q.speaker.mention =
                            super::participle_subject(doc, c.sentence, c.span, inside);
                    }
                }
                let quoted: Vec<Span> =
                    overlapping(&direct_index, &direct_spans, doc.sentences[c.sentence].span)
                        .map(|i| direct_spans[i])
                        .collect();
                q.span = super::past_connective(doc, trimmed(doc, q.span));
                q.span = super::past_hearer(doc, q.cue, q.span);
                q.span = to_clause_end(doc, q.span);
                // (Nor is its own source's name: `Julie Hirschfeld` of `Julie Hirschfeld Davis
                // reported from Midway`.)
                if !before_own_frame(doc, &mut q, &quoted)
                    || q.speaker
                        .mention
                        .is_some_and(|m| overlap(m, q.span) * 2 >= q.span.len())
                {
                    continue;
                }
                out.push(q);
            }
            out.extend(direct);
            source_phrases(doc, &mut out, chunks);
            out
        }
    };
    out.sort_by_key(|q| (q.span.start, q.span.end));
    out.dedup_by(|b, a| a.span == b.span);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stages::rule_stages;

    /// The chunk over the first occurrence of `words` in the document.
    fn chunk(d: &Document, role: Role, words: &str, prob: f32) -> RoleChunk {
        let start = d.text.find(words).expect("words in text");
        let span = Span::new(start, start + words.len());
        RoleChunk {
            role,
            span,
            sentence: d.sentence_at(start).expect("in a sentence"),
            prob,
        }
    }

    fn merged(
        d: &Document,
        chunks: &[RoleChunk],
        decider: Decider,
    ) -> Vec<(String, String, String)> {
        merge(d, d.quotes.clone(), chunks, decider)
            .iter()
            .map(|q| {
                let m = q.speaker.mention.map(|m| d.slice(m).to_string());
                (
                    q.kind.as_str().into(),
                    d.slice(q.span).into(),
                    m.unwrap_or_default(),
                )
            })
            .collect()
    }

    fn t(k: &str, s: &str, m: &str) -> (String, String, String) {
        (k.into(), s.into(), m.into())
    }

    #[test]
    fn rules_keep_direct_quotes_and_the_model_adds_reported_speech() {
        let mut d = Document::new(
            "t",
            "“We will build it,” Okafor said. The senator criticized the law as a “crazy system.”",
        );
        rule_stages(&mut d);
        let chunks = [
            // A content over the direct quote is the rules' business.
            chunk(&d, Role::Content, "“We will build it,”", 0.9),
            chunk(&d, Role::Source, "The senator", 0.8),
            chunk(&d, Role::Cue, "criticized", 0.9),
            chunk(&d, Role::Content, "the law as a “crazy system.”", 0.7),
        ];
        let both = merged(&d, &chunks, Decider::Both);
        assert_eq!(
            both,
            [
                t("direct", "We will build it,", "Okafor"),
                t("mixed", "the law as a “crazy system.”", "The senator"),
            ]
        );
        // Model alone: its own direct quote (marks included) and no rule quote.
        let model = merged(&d, &chunks, Decider::Model);
        assert_eq!(model[0], t("direct", "“We will build it,”", ""));
        assert_eq!(merged(&d, &chunks, Decider::Rules).len(), d.quotes.len());
    }

    #[test]
    fn a_source_chunk_around_the_mention_gives_the_speaker_its_apposition() {
        let mut d = Document::new(
            "t",
            "“The road stays shut,” said Marta Kowalski, who leads the highway service. \
             “Not yet,” said Gareth Evans, “and not soon.”",
        );
        rule_stages(&mut d);
        let chunks = [
            chunk(
                &d,
                Role::Source,
                "Marta Kowalski, who leads the highway service",
                0.8,
            ),
            // Across a quote mark: no phrase.
            chunk(&d, Role::Source, "Gareth Evans, “and", 0.5),
        ];
        let out = merge(&d, d.quotes.clone(), &chunks, Decider::Both);
        let written: Vec<(&str, &str)> = out
            .iter()
            .map(|q| {
                let m = q.speaker.mention.map_or("", |m| d.slice(m));
                (m, q.speaker.written().map_or("", |m| d.slice(m)))
            })
            .collect();
        assert_eq!(
            written,
            [
                (
                    "Marta Kowalski",
                    "Marta Kowalski, who leads the highway service"
                ),
                ("Gareth Evans", "Gareth Evans"),
                ("Gareth Evans", "Gareth Evans"),
            ]
        );
    }

    #[test]
    fn rule_quotes_keep_their_spans_and_take_a_source_only_when_they_have_none() {
        let mut d = Document::new(
            "t",
            "Mayor Linda Okafor said that the ferry would start in May.",
        );
        rule_stages(&mut d);
        assert_eq!(d.quotes.len(), 1);
        // The model reads the content with its `that` and a worse source: the rule quote stays.
        let chunks = [
            chunk(&d, Role::Source, "Okafor", 0.6),
            chunk(&d, Role::Content, "that the ferry would start in May", 0.8),
        ];
        assert_eq!(
            merge(&d, d.quotes.clone(), &chunks, Decider::Both),
            d.quotes
        );
        assert_eq!(merge(&d, d.quotes.clone(), &[], Decider::Both), d.quotes);
        // A rule quote with no speaker takes the model's source, and the model's confidence.
        let mut rules = d.quotes.clone();
        rules[0].speaker.mention = None;
        let q = merge(&d, rules, &chunks, Decider::Both);
        assert_eq!(d.slice(q[0].span), "the ferry would start in May");
        assert_eq!(d.slice(q[0].speaker.mention.unwrap()), "Okafor");
        assert_eq!(q[0].confidence, 0.8);
    }

    #[test]
    fn model_contents_lose_the_complementizer_and_trailing_punctuation() {
        let mut d = Document::new(
            "t",
            "The minister let slip that taxes would rise, and left.",
        );
        rule_stages(&mut d);
        assert!(d.quotes.is_empty(), "no rule cue here");
        let chunks = [
            chunk(&d, Role::Source, "The minister", 0.9),
            chunk(&d, Role::Cue, "let slip", 0.9),
            chunk(&d, Role::Content, "that taxes would rise, and", 0.7),
        ];
        let both = merged(&d, &chunks, Decider::Both);
        assert_eq!(both, [t("indirect", "taxes would rise", "The minister")]);
        // (And a bracket closing the writer's aside.)
        let mut d = Document::new("t", "(The minister let slip that taxes would rise.)");
        rule_stages(&mut d);
        let chunks = [
            chunk(&d, Role::Source, "The minister", 0.9),
            chunk(&d, Role::Cue, "let slip", 0.9),
            chunk(&d, Role::Content, "that taxes would rise.)", 0.7),
        ];
        let both = merged(&d, &chunks, Decider::Both);
        assert_eq!(both, [t("indirect", "taxes would rise", "The minister")]);
    }

    #[test]
    fn a_model_content_stopping_inside_a_clause_runs_on_to_its_end() {
        let mut d = Document::new(
            "t",
            "The minister let slip that taxes would rise for families with children, and left.",
        );
        rule_stages(&mut d);
        let chunks = |content: &str| {
            [
                chunk(&d, Role::Source, "The minister", 0.9),
                chunk(&d, Role::Cue, "let slip", 0.9),
                chunk(&d, Role::Content, content, 0.7),
            ]
        };
        let whole = [t(
            "indirect",
            "taxes would rise for families with children",
            "The minister",
        )];
        assert_eq!(
            merged(
                &d,
                &chunks("that taxes would rise for families"),
                Decider::Both
            ),
            whole
        );
        // Not into a circumstance of the speech.
        let mut d = Document::new("t", "The company let slip the allegations in a statement.");
        rule_stages(&mut d);
        let chunks = [
            chunk(&d, Role::Source, "The company", 0.9),
            chunk(&d, Role::Cue, "let slip", 0.9),
            chunk(&d, Role::Content, "the allegations", 0.7),
        ];
        let got = merged(&d, &chunks, Decider::Both);
        assert_eq!(got, [t("indirect", "the allegations", "The company")]);
        // Nor into a second report of the same speaker.
        let mut d = Document::new(
            "t",
            "Trump claimed vast wealth and also said it freed him from donors.",
        );
        rule_stages(&mut d);
        let chunks = [
            chunk(&d, Role::Source, "Trump", 0.9),
            chunk(&d, Role::Cue, "claimed", 0.9),
            chunk(&d, Role::Content, "vast wealth", 0.7),
        ];
        let got = merged(&d, &chunks, Decider::Both);
        assert!(
            got.contains(&t("indirect", "vast wealth", "Trump")),
            "{got:?}"
        );
        // (The same within the model's chunk.)
        let chunks = [
            chunk(&d, Role::Source, "Trump", 0.9),
            chunk(&d, Role::Cue, "claimed", 0.9),
            chunk(
                &d,
                Role::Content,
                "vast wealth and also said it freed him from donors",
                0.7,
            ),
        ];
        let got = merged(&d, &chunks, Decider::Both);
        assert!(
            got.contains(&t("indirect", "vast wealth", "Trump")),
            "{got:?}"
        );
    }

    #[test]
    fn a_content_of_time_words_alone_is_no_quote() {
        let mut d = Document::new("t", "Then, last week, Taylor Swift posted on Twitter.");
        rule_stages(&mut d);
        let chunks = [
            chunk(&d, Role::Content, "Then, last week", 0.8),
            chunk(&d, Role::Source, "Taylor Swift", 0.9),
            chunk(&d, Role::Cue, "posted", 0.9),
        ];
        let got = merged(&d, &chunks, Decider::Both);
        assert!(got.is_empty(), "{got:?} {:?}", d.quotes);
    }

    #[test]
    fn the_object_of_a_promise_is_not_a_quote_but_what_it_says_is() {
        let mut d = Document::new(
            "t",
            "Trump has also promised future weapons deliveries to Ukraine. \
             Trump promised that deliveries would resume.",
        );
        rule_stages(&mut d);
        d.quotes.clear();
        let chunks = [
            chunk(&d, Role::Cue, "has also promised", 0.9),
            chunk(
                &d,
                Role::Content,
                "future weapons deliveries to Ukraine",
                0.9,
            ),
            chunk(&d, Role::Cue, "promised that", 0.9),
            chunk(&d, Role::Content, "that deliveries would resume", 0.9),
        ];
        let both = merged(&d, &chunks, Decider::Both);
        assert_eq!(both.len(), 1);
        assert_eq!(both[0].1, "deliveries would resume");
    }

    #[test]
    fn a_prepositional_object_after_a_cue_is_not_content_unless_the_verb_takes_it() {
        let mut d = Document::new(
            "t",
            "The insider added of the continuing spat. She made the claim in the same interview. \
             Schiff called on the administration to act. The source further claimed to the \
             outlet. Lynch agreed to a 30-minute interview.",
        );
        rule_stages(&mut d);
        d.quotes.clear();
        let chunks = [
            chunk(&d, Role::Cue, "added of", 0.9),
            chunk(&d, Role::Content, "the continuing spat", 0.5),
            chunk(&d, Role::Cue, "claim in", 0.9),
            chunk(&d, Role::Content, "the same interview", 0.5),
            chunk(&d, Role::Cue, "called on", 0.9),
            chunk(&d, Role::Content, "the administration to act", 0.8),
            chunk(&d, Role::Cue, "further claimed", 0.9),
            chunk(&d, Role::Content, "the outlet", 0.5),
            chunk(&d, Role::Cue, "agreed to", 0.9),
            chunk(&d, Role::Content, "a 30-minute interview", 0.8),
        ];
        let both = merged(&d, &chunks, Decider::Both);
        let texts: Vec<&str> = both.iter().map(|q| q.1.as_str()).collect();
        assert_eq!(
            texts,
            ["the administration to act", "a 30-minute interview"],
            "{both:?}"
        );
    }

    #[test]
    fn a_model_quote_without_a_source_takes_the_subject_of_its_cue() {
        let mut d = Document::new("t", "The finance minister let slip that taxes would rise.");
        rule_stages(&mut d);
        let chunks = [
            chunk(&d, Role::Cue, "let slip", 0.9),
            chunk(&d, Role::Content, "that taxes would rise", 0.8),
        ];
        let both = merged(&d, &chunks, Decider::Both);
        assert_eq!(
            both,
            [t("indirect", "taxes would rise", "The finance minister")]
        );
    }

    #[test]
    fn a_model_content_ends_where_its_own_frame_begins() {
        // Passive: the subject is the content, the `by` agent the source.
        let mut d = Document::new(
            "t",
            "The ferry plan was first reported by The Harbour Tribune.",
        );
        rule_stages(&mut d);
        let chunks = [
            chunk(
                &d,
                Role::Content,
                "The ferry plan was first reported by The Harbour Tribune",
                0.6,
            ),
            chunk(&d, Role::Cue, "was first reported", 0.9),
            chunk(&d, Role::Source, "The Harbour Tribune", 0.8),
        ];
        let both = merged(&d, &chunks, Decider::Both);
        assert_eq!(
            both,
            [t("indirect", "The ferry plan", "The Harbour Tribune")]
        );
        // Active: the cue's subject opens the frame and speaks, not a name inside the content.
        let mut d = Document::new(
            "t",
            "Mr. Okafor, who has led the race, Ms. Lindqvist argues.",
        );
        rule_stages(&mut d);
        let chunks = [
            chunk(
                &d,
                Role::Content,
                "Mr. Okafor, who has led the race, Ms. Lindqvist argues",
                0.6,
            ),
            chunk(&d, Role::Cue, "argues", 0.9),
            chunk(&d, Role::Source, "Mr. Okafor", 0.5),
        ];
        let both = merged(&d, &chunks, Decider::Both);
        assert_eq!(
            both,
            [t(
                "indirect",
                "Mr. Okafor, who has led the race",
                "Ms. Lindqvist"
            )]
        );
        // Nothing left but the frame: no quote. Nor is the source's own name a content.
        let mut d = Document::new(
            "t",
            "The mayor was asked. Julie Hirschfeld Davis reported from Midway Atoll.",
        );
        rule_stages(&mut d);
        let chunks = [
            chunk(&d, Role::Content, "The mayor was asked", 0.6),
            chunk(&d, Role::Cue, "was asked", 0.9),
            chunk(&d, Role::Content, "Julie Hirschfeld", 0.6),
            chunk(&d, Role::Source, "Julie Hirschfeld Davis", 0.8),
            chunk(&d, Role::Cue, "reported", 0.9),
        ];
        assert_eq!(merged(&d, &chunks, Decider::Both), []);
    }

    #[test]
    fn one_word_contents_are_left_out() {
        let mut d = Document::new("t", "The company denied it on Tuesday.");
        rule_stages(&mut d);
        let chunks = [
            chunk(&d, Role::Source, "The company", 0.9),
            chunk(&d, Role::Cue, "denied", 0.9),
            chunk(&d, Role::Content, "it", 0.9),
        ];
        assert!(merge(&d, d.quotes.clone(), &chunks, Decider::Both).is_empty());
    }

    #[test]
    fn model_contents_need_a_reporting_cue_and_words_for_content() {
        let mut d = Document::new(
            "t",
            "A CT of his chest showed a dense shadow. The source further claimed to the outlet \
             that talks had stalled. The stock added more than 2% on Monday.",
        );
        rule_stages(&mut d);
        d.quotes.clear();
        let chunks = [
            chunk(&d, Role::Cue, "showed", 0.9),
            chunk(&d, Role::Content, "a dense shadow", 0.9),
            chunk(&d, Role::Cue, "further claimed", 0.9),
            chunk(&d, Role::Content, "to the outlet", 0.9),
            chunk(&d, Role::Cue, "added", 0.9),
            chunk(&d, Role::Content, "more than 2% on Monday", 0.9),
        ];
        let both = merged(&d, &chunks, Decider::Both);
        assert!(both.is_empty(), "{both:?}");
        // (`Which is not to say that`: the writer's turn of phrase.)
        let mut d = Document::new(
            "t",
            "Which is not to say that the visit was routine for the President.",
        );
        rule_stages(&mut d);
        let chunks = [
            chunk(&d, Role::Cue, "is not to say", 0.9),
            chunk(
                &d,
                Role::Content,
                "the visit was routine for the President",
                0.9,
            ),
        ];
        let both = merged(&d, &chunks, Decider::Both);
        assert!(both.is_empty(), "{both:?}");
    }

    #[test]
    fn a_sentence_of_its_own_without_a_cue_is_not_reported_speech() {
        let mut d = Document::new(
            "t",
            "My father died 22 years ago. She noted his health was poor.",
        );
        rule_stages(&mut d);
        let chunks = [chunk(&d, Role::Content, "My father died 22 years ago", 0.6)];
        let both = merged(&d, &chunks, Decider::Both);
        assert!(
            both.iter().all(|(_, s, _)| !s.contains("father")),
            "{both:?}"
        );
    }

    #[test]
    fn a_model_quote_without_cue_or_source_takes_the_subject_of_the_verb_before_it() {
        let mut d = Document::new("t", "Osama bin Laden declared war on the United States.");
        rule_stages(&mut d);
        let chunks = [chunk(&d, Role::Content, "war on the United States", 0.5)];
        let both = merged(&d, &chunks, Decider::Both);
        assert_eq!(
            both,
            [t("indirect", "war on the United States", "Osama bin Laden")]
        );
    }
}
