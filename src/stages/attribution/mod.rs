//! Attribution: every quote (direct, indirect, mixed) with its cue and the speaker mention as
//! written. Names are resolved later, in `speakers`.
//!
//! Rule frames (`frames`): each cue word (see `cues`) becomes a frame with a subject (left of the
//! cue, after `said X`, after `according to`, or the clause subject for a participle; found by
//! `subjects`) and a direction: forward (`X said (that) ...`, `X said: “...”`), backward
//! (`..., X said.`, `“...,” said X`), or parenthetical (`The plan, he said, is ...`). Direct
//! quotes that no frame claims (`unattached`) are attached to a colon-ended sentence before them,
//! a dash byline after them, an interview transcript's label, continue the speaker of the quote
//! or sentence before them in the same paragraph (or, for a paragraph that is one long quote,
//! the quote ending the paragraph before), or stay unattributed when they read like speech;
//! short ones without a cue are titles or scare quotes and are dropped. A paragraph without
//! marks after a paragraph ending in `X added:` is a block quote. Word lists are in
//! `lexicon`. This module holds what they share: the sentence view (`Sent`) and the context that
//! collects quotes (`Ctx`).
//!
//! The role model (`roles`, trained by `training`) tags source, cue and content words of
//! candidate sentences; `merge` decides with the rules' quotes what is reported speech and who
//! said it.

pub mod confidence;
pub mod cues;
mod frames;
mod lexicon;
pub mod merge;
pub mod roles;
mod subjects;
#[cfg(test)]
mod tests;
mod unattached;

use std::collections::HashMap;

use crate::document::text::{is_capitalized, Token, MONTHS, WEEKDAYS};
use crate::document::{Document, Quote, QuoteKind, Span, SpanIndex, Speaker};
use crate::stages::quotes::Marked;

use self::frames::{find_frames, frame_quotes, Frame};
use self::lexicon::{CONNECTIVES, DETERMINERS, HEARERS, OBJECT_PRONOUNS, PREPOSITIONS, TIME_WORDS};
use self::subjects::clause_subject;
use self::unattached::{block_quotes, transcripts, unattached};
pub(crate) use lexicon::PRONOUNS;
pub use unattached::is_turn_label;

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

use crate::document::marks::{is_dash, is_quote_mark};

/// One sentence's tokens with the facts the frame rules look at.
struct Sent {
    idx: usize,
    toks: Vec<Token>,
    lower: Vec<String>,
    /// Whether each word starts with a capital letter in the original text.
    caps: Vec<bool>,
    in_quote: Vec<bool>,
}

impl Sent {
    /// Sentence `idx` (spanning `span`) of `doc`, its doubled quote marks merged; `quoted` says
    /// whether a token's span is quoted material.
    fn new(doc: &Document, idx: usize, span: Span, quoted: impl Fn(Span) -> bool) -> Self {
        let toks = crate::stages::quotes::merge_doubled(&doc.tokens_in(span));
        Sent {
            idx,
            lower: toks
                .iter()
                .map(|t| doc.slice(t.span).to_lowercase())
                .collect(),
            caps: toks
                .iter()
                .map(|t| is_capitalized(doc.slice(t.span)))
                .collect(),
            in_quote: toks.iter().map(|t| quoted(t.span)).collect(),
            toks,
        }
    }

    fn word(&self, i: usize) -> &str {
        &self.lower[i]
    }
    fn punct(&self, i: usize) -> Option<char> {
        self.toks.get(i).and_then(|t| t.punct())
    }
    fn is_word(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.is_word())
    }
    fn span(&self, a: usize, b: usize) -> Span {
        Span::new(self.toks[a].span.start, self.toks[b].span.end)
    }
    /// Index of the last token that is not a terminator or closing mark.
    fn content_end(&self) -> usize {
        let mut e = self.toks.len();
        while e > 0
            && self
                .punct(e - 1)
                .is_some_and(|c| is_terminator(c) || c == ':')
        {
            e -= 1;
        }
        e
    }
}

/// A sentence ending with a colon: who introduces the next quote, and with which cue.
struct Intro {
    mention: Option<Span>,
    cue: Option<Span>,
}

struct Ctx<'a> {
    doc: &'a Document,
    marks: &'a [Marked],
    by_open: HashMap<usize, usize>,
    by_close: HashMap<usize, usize>,
    /// The marks' outer spans, for finding those near a span without scanning them all.
    mark_index: SpanIndex,
    used: Vec<bool>,
    quotes: Vec<Quote>,
}

/// Reported content without the connective that opens its sentence (`But`, `And`, `However,`,
/// `In sum,`): the writer's link to the sentence before, not the reported clause (the web-news
/// gold leaves it out; PolNeAR keeps it about half the time), or the dateline that opens a
/// story (`WASHINGTON ―`). Two words must remain.
pub(crate) fn past_connective(doc: &Document, span: Span) -> Span {
    let Some(si) = doc.sentence_at(span.start) else {
        return span;
    };
    let sentence = doc.tokens_in(doc.sentences[si].span);
    if sentence.first().map(|t| t.span.start) != Some(span.start) {
        return span;
    }
    let toks = doc.tokens_in(span);
    let word = |i: usize| {
        toks.get(i)
            .filter(|t| t.is_word())
            .map_or(String::new(), |t| doc.slice(t.span).to_lowercase())
    };
    let comma = |i: usize| toks.get(i).and_then(|t| t.punct()) == Some(',');
    let (w0, w1) = (word(0), word(1));
    // A dateline (`WASHINGTON ―`, `MEXICO CITY (Reuters) -`) places the story, nobody says it.
    let upper = |i: usize| {
        toks.get(i).is_some_and(|t| {
            let w = doc.slice(t.span);
            t.is_word() && w.chars().count() > 1 && w.chars().all(|c| c.is_uppercase())
        })
    };
    let mut place = 0;
    while upper(place) {
        place += 1;
    }
    if place > 0 && toks.get(place).is_some_and(|t| doc.slice(t.span) == "(") {
        place = (place..toks.len().min(place + 4))
            .find(|&i| doc.slice(toks[i].span) == ")")
            .map_or(place, |i| i + 1);
    }
    let dash = toks
        .get(place)
        .and_then(|t| t.punct())
        .is_some_and(crate::document::marks::is_dash);
    let skip = if place > 0 && dash {
        place + 1
    } else if matches!(w0.as_str(), "but" | "and" | "plus") {
        if comma(1) {
            2
        } else {
            1
        }
    } else if (CONNECTIVES.contains(&w0.as_str())
        || matches!(w0.as_str(), "however" | "also" | "so" | "besides" | "hence"))
        && comma(1)
    {
        2
    } else if matches!(
        (w0.as_str(), w1.as_str()),
        ("in", "sum" | "short" | "addition") | ("what's" | "what’s", "more") | ("after", "all")
    ) && comma(2)
    {
        3
    } else {
        return span;
    };
    let rest = &toks[skip.min(toks.len())..];
    if rest.iter().filter(|t| t.is_word()).count() < 2 {
        return span;
    }
    Span::new(rest[0].span.start, span.end)
}

/// Reported content without the hearer and setting that open it after its cue (`told host Alex
/// Marlow on Thursday how ...` → `how ...`, `told friends and family that ...` → past `that`):
/// who was told, and where, is no part of what was said. Only where everything between the cue
/// and the clause opener is such words (names, `host`, `reporters`, `on Friday`, ...).
pub(crate) fn past_hearer(doc: &Document, cue: Option<Span>, span: Span) -> Span {
    let Some(cue) = cue.filter(|c| c.end <= span.start) else {
        return span;
    };
    if doc.sentence_at(cue.start) != doc.sentence_at(span.start) {
        return span;
    }
    let toks = doc.tokens_in(Span::new(cue.end, span.end));
    let hearer = |t: &Token| {
        let w = doc.slice(t.span);
        match t.punct() {
            Some(c) => c == ',' || is_quote_mark(c) || c == '.' && t.span.start < span.start,
            None => {
                is_capitalized(w)
                    || w.chars().all(|c| c.is_ascii_digit())
                    || HEARERS.contains(&w.to_lowercase().as_str())
            }
        }
    };
    let Some(k) = toks.iter().take(16).position(|t| !hearer(t)) else {
        return span;
    };
    let opener = |t: &Token| {
        matches!(
            doc.slice(t.span).to_lowercase().as_str(),
            "that" | "how" | "whether" | "why" | "what" | "if"
        )
    };
    // (At least one hearer word inside the content: otherwise there is nothing to take off.)
    if k == 0 || !opener(&toks[k]) || toks[k].span.start <= span.start {
        return span;
    }
    let from = if doc.slice(toks[k].span).eq_ignore_ascii_case("that") {
        k + 1
    } else {
        k
    };
    let rest = &toks[from.min(toks.len())..];
    if rest.iter().filter(|t| t.is_word()).count() < 2 {
        return span;
    }
    Span::new(rest[0].span.start, span.end)
}

/// A lower-cased month name or its abbreviation of three letters or more, without its period
/// (`oct`, `sept`).
pub(crate) fn is_month(w: &str) -> bool {
    MONTHS.contains(&w) || w.len() >= 3 && MONTHS.iter().any(|m| m.len() > 3 && m.starts_with(w))
}

/// A content of time words alone (`Today (Nov. 18`, `Then, last week`): the setting of a
/// sentence that opens with it, never what was said.
pub(crate) fn only_time(doc: &Document, span: Span) -> bool {
    doc.tokens_in(span).iter().filter(|t| t.is_word()).all(|t| {
        let w = doc.slice(t.span).trim_end_matches('.').to_lowercase();
        TIME_WORDS.contains(&w.as_str())
            || WEEKDAYS.contains(&w.as_str())
            || is_month(&w)
            || matches!(
                w.as_str(),
                "last" | "next" | "this" | "that" | "week" | "month" | "year" | "weekend" | "ago"
            )
            || w.chars().all(|c| c.is_ascii_digit())
    })
}

impl Ctx<'_> {
    fn push(&mut self, kind: QuoteKind, span: Span, f: &Frame, s: &Sent, conf: f32) {
        let text = self.doc.slice(span);
        if text.trim().is_empty() || kind != QuoteKind::Direct && only_time(self.doc, span) {
            return;
        }
        let sentence = self.doc.sentence_at(span.start).unwrap_or(s.idx);
        self.quotes.push(Quote {
            kind,
            span,
            cue: Some(s.span(f.cue.0, f.cue.1)),
            speaker: Speaker {
                mention: f.subject.map(|(a, b)| s.span(a, b)),
                ..Default::default()
            },
            confidence: conf,
            sentence,
            paragraph: self.doc.sentences[sentence].paragraph,
        });
    }

    /// Attaches the direct quote that opens at sentence token `k`, if one does.
    fn attach_opening_at(&mut self, s: &Sent, k: usize, f: &Frame) -> bool {
        match s.toks.get(k).and_then(|t| self.by_open.get(&t.span.start)) {
            Some(&m) => {
                self.attach_mark(m, f, s, QuoteKind::Direct, confidence::FRAMED);
                true
            }
            None => false,
        }
    }

    fn attach_mark(&mut self, m: usize, f: &Frame, s: &Sent, kind: QuoteKind, conf: f32) {
        if self.used[m] {
            return;
        }
        self.used[m] = true;
        let inner = self.marks[m].inner;
        self.push(kind, inner, f, s, conf);
    }

    /// Emits the content `[a, b)` of sentence tokens: a whole quote becomes a direct (or, after
    /// `that`, mixed) quote of its inner text; content with a quoted fragment is mixed.
    fn content(&mut self, s: &Sent, f: &Frame, a: usize, b: usize, after_that: bool, conf: f32) {
        // Without `that`, a short or prepositional remainder is a circumstance, not content.
        let min_words = if after_that { 2 } else { 3 };
        let (mut a, mut b) = (a, b);
        // (A closing `, though` or `, however` is the writer's contrast, not the speaker's.)
        let mut end = b;
        while end > a && !s.is_word(end - 1) {
            end -= 1;
        }
        if end > a + 1
            && matches!(s.word_at(end - 1), "though" | "however")
            && s.punct(end - 2) == Some(',')
        {
            b = end - 1;
        }
        // (Nor a bracket closing the writer's aside that holds the report: `(Alden announced
        // that it had ... $117.9 million.)`.)
        let count = |c: char| (a..b).filter(|&k| s.punct(k) == Some(c)).count();
        if b > a && s.punct(b - 1) == Some(')') && count('(') < count(')') {
            b -= 1;
            while b > a && s.punct(b - 1).is_some_and(is_terminator) {
                b -= 1;
            }
        }
        while b > a
            && s.punct(b - 1)
                .is_some_and(|c| matches!(c, ',' | ';' | ':') || is_dash(c))
        {
            b -= 1;
        }
        while a < b
            && s.punct(a)
                .is_some_and(|c| matches!(c, ',' | ':') || is_dash(c))
        {
            a += 1;
        }
        if b <= a {
            return;
        }
        // (Before the checks below: `In sum, the plan is dead` does not open with a preposition.)
        let from = past_connective(self.doc, s.span(a, b - 1)).start;
        while s.toks[a].span.start < from {
            a += 1;
        }
        let span = s.span(a, b - 1);
        if let Some(&m) = self.by_open.get(&span.start) {
            let mk = self.marks[m];
            if mk.outer.end >= span.end.saturating_sub(2) {
                let kind = if after_that {
                    QuoteKind::Mixed
                } else {
                    QuoteKind::Direct
                };
                self.attach_mark(m, f, s, kind, conf);
                return;
            }
        }
        let inside: Vec<usize> = self
            .mark_index
            .meeting(span)
            .into_iter()
            .filter(|&m| span.contains(self.marks[m].inner) || span.overlaps(self.marks[m].outer))
            .collect();
        let words = (a..b).filter(|&i| s.is_word(i)).count();
        // (An infinitive with a quote in it is content: `vowed to punish “those who ...”`.)
        // (`to her, ... that it “was ...”` is a hearer, not an infinitive.)
        let verb_next = s.is_word(a + 1)
            && !s.caps[a + 1]
            && !DETERMINERS.contains(&s.word(a + 1))
            && !OBJECT_PRONOUNS.contains(&s.word(a + 1))
            && !matches!(s.word(a + 1), "you" | "it")
            && !s.word(a + 1).ends_with("self")
            && !s.word(a + 1).ends_with("selves");
        let infinitive = s.word_at(a) == "to" && verb_next && !inside.is_empty();
        if words < min_words
            || (min_words > 2 && PREPOSITIONS.contains(&s.word_at(a)) && !infinitive)
        {
            return;
        }
        let kind = if inside.is_empty() {
            QuoteKind::Indirect
        } else {
            QuoteKind::Mixed
        };
        // A fragment that opens in the content and closes sentences later (`told CNN that Trump
        // "dictated that whole letter. I didn't write that letter."`) is all of it: the report
        // runs to its closing mark.
        let mut span = span;
        let paragraph = self.doc.sentences[s.idx].paragraph;
        for &m in &inside {
            let outer = self.marks[m].outer;
            let closes_in = self
                .doc
                .sentence_at(outer.end.saturating_sub(1))
                .is_some_and(|k| self.doc.sentences[k].paragraph == paragraph);
            if outer.start >= span.start && outer.end > span.end && closes_in {
                span.end = outer.end;
            }
        }
        for m in inside {
            self.used[m] = true;
        }
        // (After the checks above, which read the words as the frame found them.)
        let span = past_hearer(self.doc, Some(s.span(f.cue.0, f.cue.1)), span);
        self.push(kind, span, f, s, conf);
    }
}

impl Sent {
    fn word_at(&self, i: usize) -> &str {
        match self.toks.get(i) {
            Some(t) if t.is_word() => &self.lower[i],
            _ => "",
        }
    }

    /// Whether word `k` reads as a past form, a finite verb more often than not: longer than
    /// four letters, ending in `-ed`, not after a determiner (`the accused`, `his estimated`).
    fn past_form(&self, k: usize) -> bool {
        let w = self.word_at(k);
        w.len() > 4 && w.ends_with("ed") && !(k > 0 && DETERMINERS.contains(&self.word_at(k - 1)))
    }
}

/// The speaker mention the frame rules would give a cue the role model found: the subject left
/// of the cue's first word (`subjects::left_subject`: pronoun, relative, apposition, noun
/// phrase), in the sentence `sentence`; tokens inside `quoted` spans are quoted material.
pub(crate) fn subject_of_cue(
    doc: &Document,
    sentence: usize,
    cue: Span,
    quoted: &[Span],
) -> Option<Span> {
    let read = doc.sentences.get(sentence)?.span;
    let quoted = |t: Span| quoted.iter().any(|q| q.contains(t));
    subject_at(doc, sentence, read, cue.start, quoted, |s, c| {
        subjects::left_subject(s, c).or_else(|| {
            subjects::coordinated(s, c)
                .then(|| clause_subject(doc, s))
                .flatten()
                .filter(|&(_, b)| b < c)
        })
    })
}

/// The subject of the main clause when `span` lies in a sentence-opening participial clause of
/// sentence `sentence` (`Citing “...”, Trump accused`; see
/// `subjects::participle_clause_subject`); `quoted` says whether a token is quoted material.
pub(crate) fn participle_subject(
    doc: &Document,
    sentence: usize,
    span: Span,
    quoted: impl Fn(Span) -> bool,
) -> Option<Span> {
    // An opening clause is short (see `participle_clause_subject`): only the sentence's first
    // 160 tokens are read, so a sentence of many quotes costs each of them a constant.
    let sent = doc.sentences.get(sentence)?.span;
    let toks = doc.tokens_in(sent);
    let head = toks
        .get(160)
        .map_or(sent, |t| Span::new(sent.start, t.span.start));
    if span.start >= head.end {
        return None;
    }
    subject_at(doc, sentence, head, span.start, quoted, |s, k| {
        subjects::participle_clause_subject(doc, s, k)
    })
}

/// The span of the words `find` picks in the part `read` of sentence `sentence`, from its first
/// token at or after byte `at`; `quoted` says whether a token is quoted material.
fn subject_at(
    doc: &Document,
    sentence: usize,
    read: Span,
    at: usize,
    quoted: impl Fn(Span) -> bool,
    find: impl FnOnce(&Sent, usize) -> Option<(usize, usize)>,
) -> Option<Span> {
    let s = Sent::new(doc, sentence, read, quoted);
    let k = s.toks.iter().position(|t| t.span.start >= at)?;
    let (a, b) = find(&s, k)?;
    Some(s.span(a, b))
}

/// Finds every quote of the document with its cue and speaker mention.
pub fn extract(doc: &Document, marks: &[Marked]) -> Vec<Quote> {
    let mut ctx = Ctx {
        doc,
        marks,
        by_open: marks
            .iter()
            .enumerate()
            .map(|(i, m)| (m.outer.start, i))
            .collect(),
        by_close: marks
            .iter()
            .enumerate()
            .map(|(i, m)| (m.outer.end, i))
            .collect(),
        mark_index: SpanIndex::new(marks.iter().map(|m| m.outer)),
        used: vec![false; marks.len()],
        quotes: Vec::new(),
    };
    // Who introduces a quote after each colon, by the colon's end offset.
    let mut colon: HashMap<usize, Intro> = HashMap::new();
    for (si, sent) in doc.sentences.iter().enumerate() {
        let near = ctx.mark_index.meeting(sent.span);
        let s = Sent::new(doc, si, sent.span, |t| {
            near.iter().any(|&m| marks[m].outer.contains(t))
        });
        let mut frames = find_frames(doc, &s);
        let end = s.content_end();
        // Where each frame's content may reach.
        let mut ends = vec![end; frames.len()];
        // `Clinton had told police that she wanted no escort, the source added.`: a frame that
        // closes the sentence after a comma reports all of it; the cues before it are nested.
        if frames.len() > 1 {
            let last = &frames[frames.len() - 1];
            // (The comma may sit inside the closing mark: `The four “loopholes” he cited are
            // “...,” The Hill reported.`)
            // After a colon (`the impact it said X would have: “...,” the union wrote.`) the
            // closing frame reports only the quote, and the frames before report up to the colon.
            let b = last.start().saturating_sub(1);
            let colon = (0..b).rfind(|&k| s.punct(k) == Some(':') && !s.in_quote[k]);
            let quote_comma =
                b > 0 && s.punct(b).is_some_and(is_quote_mark) && s.punct(b - 1) == Some(',');
            let comma_before = last.start() > 0
                && (s.punct(b) == Some(',') && !s.in_quote[b] || quote_comma && colon.is_none());
            let at_end = last.subject.is_some() && last.end() + 1 >= end;
            // `“...,” said Jane Hollis, according to an old report.`: a closing `according
            // to` after a whole frame names where the speech was reported, not who spoke.
            // (Only for a direct quote the frame closes: reported speech before `according to`
            // is PolNeAR's attribution to the outlet.)
            let relayed = s.word_at(last.cue.0) == "according"
                && frames[..frames.len() - 1].iter().any(|p| {
                    p.subject.is_some()
                        && s.word_at(p.cue.0) != "according"
                        && p.start() > 0
                        && s.punct(p.start() - 1).is_some_and(is_quote_mark)
                });
            if at_end && comma_before && relayed {
                frames.pop();
                ends.pop();
            } else if at_end && comma_before {
                frames.drain(..frames.len() - 1);
                ends.drain(..ends.len() - 1);
            } else if let Some(c) = colon.filter(|_| at_end && quote_comma) {
                let n = ends.len();
                ends[..n - 1].iter_mut().for_each(|e| *e = c);
            }
        }
        for (fi, &e) in ends.iter().enumerate() {
            frame_quotes(&mut ctx, &s, &frames, fi, e);
        }
        // A quote after a colon belongs to the last cue before the colon, or, with no cue
        // (`He put it bluntly:`), to the sentence's subject.
        for k in (0..s.toks.len()).filter(|&k| s.punct(k) == Some(':') && !s.in_quote[k]) {
            let entry = match frames.iter().rev().find(|f| f.cue.1 < k) {
                Some(f) => Some(Intro {
                    mention: f.subject.map(|(a, b)| s.span(a, b)),
                    cue: Some(s.span(f.cue.0, f.cue.1)),
                }),
                None => clause_subject(doc, &s)
                    .filter(|&(_, b)| b < k)
                    .map(|(a, b)| Intro {
                        mention: Some(s.span(a, b)),
                        cue: None,
                    }),
            };
            if let Some(e) = entry {
                colon.insert(s.toks[k].span.end, e);
            }
        }
    }
    transcripts(&mut ctx);
    unattached(&mut ctx, &colon);
    block_quotes(&mut ctx, &colon);
    // A quote in an opening participial clause that nothing attributed is the main clause
    // subject's (`After saying her foot was “so swollen ...,” she was ...`).
    // (Each token asks the mark index: a sentence of many quotes costs each quote a constant.)
    let index = &ctx.mark_index;
    for q in ctx
        .quotes
        .iter_mut()
        .filter(|q| q.speaker.mention.is_none())
    {
        let quoted = |t: Span| {
            index
                .meeting(t)
                .into_iter()
                .any(|m| marks[m].outer.contains(t))
        };
        q.speaker.mention = participle_subject(doc, q.sentence, q.span, quoted);
    }
    let mut quotes = ctx.quotes;
    quotes.sort_by_key(|q| (q.span.start, q.span.end));
    quotes.dedup_by(|b, a| a.span == b.span);
    quotes
}
