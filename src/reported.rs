//! Attributions: every quote (direct, indirect, mixed) with its cue and the speaker mention as
//! written. Names are resolved later, in `speakers`.
//!
//! Works on tokens outside quote marks. Each cue word (see `cues`) becomes a frame with a subject
//! (left of the cue, after `said X`, after `according to`, or the clause subject for a participle)
//! and a direction: forward (`X said (that) ...`, `X said: “...”`), backward (`..., X said.`,
//! `“...,” said X`), or parenthetical (`The plan, he said, is ...`). Direct quotes that no frame
//! claims are attached to a colon-ended sentence before them, continue the speaker of the quote or
//! sentence before them in the same paragraph, or stay unattributed when they read like speech;
//! short ones without a cue are titles or scare quotes and are dropped.

use std::collections::{BTreeSet, HashMap};

use crate::cues::{lookup, CueClass};
use crate::document::{Document, Quote, QuoteKind, Span, SpanIndex, Speaker};
use crate::quotes::Marked;
use crate::text::{is_capitalized, tokenize, Token, MONTHS, WEEKDAYS};

/// Auxiliaries and modals: skipped between a subject and its cue (`has said`), and after `it`
/// they show a clause (`it would`), not an object (`it today`).
const AUXILIARIES: &[&str] = &[
    "has", "have", "had", "was", "were", "is", "are", "will", "would", "could", "should", "might",
    "may", "must", "can", "did", "does", "do",
];

const SKIP_LEFT: &[&str] = &[
    "also",
    "later",
    "then",
    "previously",
    "again",
    "often",
    "repeatedly",
    "once",
    "first",
    "already",
    "still",
    "just",
    "even",
    "further",
    "quoted",
    "as",
    "be",
    "been",
    "being",
    "'s",
    "’s",
    "soon",
    "recently",
    "reportedly",
    "frequently",
    "publicly",
    "privately",
    "simply",
    "flatly",
    "bluntly",
    "quickly",
    "finally",
    "initially",
    "originally",
    "similarly",
    "separately",
    "famously",
    "explicitly",
    "now",
    "today",
    "since",
];

const STOP_LEFT: &[&str] = &[
    "that", "and", "but", "or", "nor", "when", "while", "because", "as", "if", "after", "before",
    "since", "where", "so", "though", "although", "than", "whether", "until", "unless", "what",
    "how", "why", "to", "in", "on", "at", "with", "by", "from", "about", "into",
];

const RELATIVE: &[&str] = &["who", "which", "that"];

const DETERMINERS: &[&str] = &[
    "a", "an", "the", "this", "these", "those", "his", "her", "their", "its", "our", "my", "your",
    "some", "any", "no", "every", "each", "whose",
];

const PRONOUNS: &[&str] = &["he", "she", "they", "it", "we", "i", "you"];

const TIME_WORDS: &[&str] = &[
    "today",
    "yesterday",
    "tonight",
    "earlier",
    "later",
    "also",
    "again",
    "previously",
    "recently",
    "repeatedly",
    "publicly",
    "privately",
    "flatly",
    "bluntly",
    "simply",
    "frankly",
    "openly",
    "then",
    "once",
    "however",
    "too",
    "afterward",
    "afterwards",
    "shortly",
    "late",
    "early",
    "emphatically",
    "firmly",
    "angrily",
    "calmly",
    "quietly",
    "loudly",
    "confidently",
    "morning",
    "afternoon",
    "evening",
    "night",
    "overnight",
    "now",
];

/// Verbs that take a clause without `that` (`said the plan failed`); the others need `that`,
/// a colon or a quote, since their bare object is usually a noun phrase (`promised weapons`).
const ZERO_THAT: &[&str] = &[
    "say",
    "tell",
    "add",
    "argue",
    "claim",
    "insist",
    "write",
    "warn",
    "explain",
    "suggest",
    "predict",
    "acknowledge",
    "admit",
    "concede",
    "note",
    "recall",
    "report",
    "tweet",
    "post",
    "state",
    "stress",
    "emphasize",
    "emphasise",
    "maintain",
    "contend",
    "assert",
    "allege",
    "complain",
    "boast",
    "joke",
    "testify",
    "reiterate",
    "reckon",
    "agree",
    "observe",
    "remark",
];

const PREPOSITIONS: &[&str] = &[
    "in",
    "at",
    "with",
    "to",
    "from",
    "during",
    "on",
    "of",
    "for",
    "by",
    "after",
    "before",
    "about",
    "as",
    "into",
    "over",
    "under",
    "through",
    "via",
    "since",
    "until",
    "while",
    "when",
    "outside",
    "inside",
    "near",
    "behind",
    "across",
    "following",
    "ahead",
    "amid",
    "despite",
];

const MEDIA_NOUNS: &[&str] = &[
    "statement",
    "interview",
    "tweet",
    "post",
    "letter",
    "speech",
    "release",
    "email",
    "video",
    "op-ed",
    "memo",
    "filing",
    "report",
    "briefing",
    "conference",
    "call",
    "message",
    "appearance",
    "column",
    "essay",
    "book",
    "podcast",
    "broadcast",
    "rally",
    "hearing",
    "address",
    "note",
];

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

fn is_dash(c: char) -> bool {
    matches!(c, '—' | '–' | '―' | '-')
}

fn is_quote_char(c: char) -> bool {
    matches!(
        c,
        '“' | '”' | '"' | '‘' | '’' | '\'' | '«' | '»' | '„' | '‹' | '›' | '「' | '」'
    )
}

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

#[derive(Debug, Clone, Copy, PartialEq)]
enum Side {
    Left,
    Right,
    Participle,
}

#[derive(Debug, Clone)]
struct Frame {
    cue: (usize, usize),
    subject: Option<(usize, usize)>,
    side: Side,
    class: CueClass,
}

impl Frame {
    fn start(&self) -> usize {
        match (self.side, self.subject) {
            (Side::Left, Some((s, _))) => s.min(self.cue.0),
            _ => self.cue.0,
        }
    }
    fn end(&self) -> usize {
        match (self.side, self.subject) {
            (Side::Right, Some((_, e))) => e.max(self.cue.1),
            _ => self.cue.1,
        }
    }
}

fn skippable_left(w: &str) -> bool {
    SKIP_LEFT.contains(&w)
        || AUXILIARIES.contains(&w)
        || (w.len() > 4 && w.ends_with("ly") && w.chars().all(char::is_lowercase))
}

fn negated(w: &str) -> bool {
    w == "not" || w == "never" || w.ends_with("n't") || w.ends_with("n’t")
}

/// The subject to the left of the cue at `c`: a pronoun, a relative pronoun, or a noun phrase
/// (with an apposition: `Leavitt, Trump’s press secretary, said`).
fn left_subject(s: &Sent, c: usize) -> Option<(usize, usize)> {
    let mut j = c as isize - 1;
    while j >= 0 && s.is_word(j as usize) && skippable_left(s.word(j as usize)) {
        j -= 1;
    }
    if j < 0 {
        return None;
    }
    let j = j as usize;
    if s.in_quote[j] {
        return None;
    }
    if s.punct(j) == Some(',') {
        // Apposition: NP , APPOSITION , cue
        let mut k = j;
        while k > 0 && s.punct(k - 1) != Some(',') && !s.in_quote[k - 1] {
            k -= 1;
            if j - k > 20 || s.punct(k).is_some_and(|c| is_terminator(c) || c == ';') {
                return None;
            }
        }
        if k == 0 || s.punct(k - 1) != Some(',') || k == j {
            return None;
        }
        let head = collect_np_left(s, k - 1)?;
        return Some((head.0, j - 1));
    }
    if !s.is_word(j) {
        // `Rep. X (D-N.C.) said`
        if s.punct(j) == Some(')') {
            let open = (0..j).rev().find(|&k| s.punct(k) == Some('('))?;
            let head = collect_np_left(s, open)?;
            return Some((head.0, j));
        }
        return None;
    }
    let w = s.word(j);
    if RELATIVE.contains(&w) || PRONOUNS.contains(&w) {
        return Some((j, j));
    }
    collect_np_left(s, j + 1)
}

/// A noun phrase ending just before token `end` (exclusive), collected leftwards.
fn collect_np_left(s: &Sent, end: usize) -> Option<(usize, usize)> {
    let mut k = end;
    while k > 0 {
        let t = k - 1;
        if s.in_quote[t] {
            break;
        }
        let ok = if s.is_word(t) {
            let w = s.word(t);
            !(STOP_LEFT.contains(&w) || lookup(w).is_some() && t + 1 < end) && (end - t) <= 10
        } else {
            matches!(s.punct(t), Some('’' | '\'' | '.' | '&' | '-')) && t + 1 < end
        };
        if !ok {
            break;
        }
        k = t;
    }
    // Trim leading punctuation.
    while k < end && !s.is_word(k) {
        k += 1;
    }
    if k >= end {
        return None;
    }
    // A lone pronoun-like word at the left edge of a longer phrase is not part of it.
    if end - k > 1 && (PRONOUNS.contains(&s.word(k)) || RELATIVE.contains(&s.word(k))) {
        k += 1;
    }
    Some((k, end - 1))
}

/// A subject after the cue (`said Leavitt`, `said the spokeswoman`, `said he`).
fn right_subject(s: &Sent, after: usize) -> Option<(usize, usize)> {
    let first = s.toks.get(after)?;
    if !first.is_word() || s.in_quote[after] {
        return None;
    }
    let w = s.word(after);
    if PRONOUNS.contains(&w) {
        return Some((after, after));
    }
    let mut e = after;
    while e + 1 < s.toks.len() && e - after < 8 {
        let n = e + 1;
        let ok = if s.is_word(n) {
            let w = s.word(n);
            !STOP_LEFT.contains(&w)
        } else {
            matches!(s.punct(n), Some('’' | '\'' | '.' | '&' | '-' | '(' | ')'))
                && !s
                    .punct(n)
                    .is_some_and(|c| c == '.' && n + 1 >= s.toks.len())
        };
        if !ok || s.in_quote[n] {
            break;
        }
        e = n;
    }
    while e > after && !s.is_word(e) {
        e -= 1;
    }
    Some((after, e))
}

/// Skips time and manner adverbials after a cue (`on Tuesday`, `in a statement`, `last week`).
fn skip_adverbials(s: &Sent, mut j: usize, end: usize, tell: bool) -> usize {
    let mut object_done = !tell;
    loop {
        if j >= end || !s.is_word(j) || s.in_quote[j] {
            return j;
        }
        let w = s.word(j);
        let next = s.lower.get(j + 1).map(String::as_str).unwrap_or("");
        if TIME_WORDS.contains(&w)
            || WEEKDAYS.contains(&w)
            || (w.len() > 4 && w.ends_with("ly") && lookup(w).is_none() && w != "only")
        {
            j += 1;
        } else if matches!(w, "last" | "this" | "next" | "earlier" | "late")
            && matches!(
                next,
                "week"
                    | "month"
                    | "year"
                    | "weekend"
                    | "night"
                    | "morning"
                    | "evening"
                    | "afternoon"
                    | "spring"
                    | "summer"
                    | "fall"
                    | "winter"
            )
        {
            j += 2;
        } else if matches!(w, "on" | "in")
            && s.toks.get(j + 1).is_some_and(|t| {
                let raw = s.lower[j + 1].as_str();
                TIME_WORDS.contains(&raw)
                    || raw.starts_with(|c: char| c.is_ascii_digit())
                    || MONTHS.contains(&raw)
                    || (t.is_word() && WEEKDAYS.contains(&raw))
            })
        {
            j += 2;
            while j < end && s.is_word(j) && s.word(j).starts_with(|c: char| c.is_ascii_digit()) {
                j += 1;
            }
        } else if matches!(w, "in" | "during" | "at" | "via" | "through" | "on")
            && (DETERMINERS.contains(&next) || next == "a")
            && (j + 2..(j + 5).min(end)).any(|k| MEDIA_NOUNS.contains(&s.word(k)))
        {
            let k = (j + 2..(j + 5).min(end))
                .find(|&k| MEDIA_NOUNS.contains(&s.word(k)))
                .unwrap_or(j + 2);
            j = k + 1;
        } else if w == "to"
            && matches!(
                next,
                "reporters"
                    | "journalists"
                    | "supporters"
                    | "the"
                    | "a"
                    | "an"
                    | "cnn"
                    | "fox"
                    | "nbc"
                    | "abc"
                    | "cbs"
                    | "msnbc"
            )
            && (!next.starts_with("the")
                || s.lower.get(j + 2).is_some_and(|x| {
                    matches!(
                        x.as_str(),
                        "press" | "crowd" | "audience" | "media" | "committee"
                    )
                }))
        {
            j += if matches!(next, "the" | "a" | "an") {
                3
            } else {
                2
            };
        } else if !object_done {
            object_done = true;
            // The object of `tell`: a pronoun, `reporters`, a name, or `the/a` + noun.
            if matches!(
                w,
                "me" | "us" | "him" | "her" | "them" | "people" | "everyone"
            ) || (w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") && lookup(w).is_none())
            {
                j += 1;
            } else if s.caps[j] {
                while j < end && s.is_word(j) && s.caps[j] {
                    j += 1;
                }
            } else if matches!(w, "the" | "a" | "an") {
                j += 2;
                while j < end && s.is_word(j) && s.caps[j] {
                    j += 1;
                }
            } else {
                return j;
            }
        } else {
            return j;
        }
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

impl Ctx<'_> {
    fn push(&mut self, kind: QuoteKind, span: Span, f: &Frame, s: &Sent, conf: f32) {
        let text = self.doc.slice(span);
        if text.trim().is_empty() {
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
                self.attach_mark(m, f, s, QuoteKind::Direct, 0.9);
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
        let words = (a..b).filter(|&i| s.is_word(i)).count();
        if words < min_words || (min_words > 2 && PREPOSITIONS.contains(&s.word_at(a))) {
            return;
        }
        let inside: Vec<usize> = self
            .mark_index
            .meeting(span)
            .into_iter()
            .filter(|&m| span.contains(self.marks[m].inner) || span.overlaps(self.marks[m].outer))
            .collect();
        let kind = if inside.is_empty() {
            QuoteKind::Indirect
        } else {
            QuoteKind::Mixed
        };
        for m in inside {
            self.used[m] = true;
        }
        self.push(kind, span, f, s, conf);
    }
}

fn find_frames(doc: &Document, s: &Sent) -> Vec<Frame> {
    let mut frames: Vec<Frame> = Vec::new();
    let n = s.toks.len();
    for i in 0..n {
        if !s.is_word(i) || s.in_quote[i] {
            continue;
        }
        let w = s.word(i);
        if w == "according" && s.word_at(i + 1) == "to" {
            let subject = right_subject(s, i + 2);
            if subject.is_some() {
                frames.push(Frame {
                    cue: (i, i + 1),
                    subject,
                    side: Side::Right,
                    class: CueClass::Strong,
                });
            }
            continue;
        }
        let Some((class, lemma)) = lookup(w) else {
            continue;
        };
        if class == CueClass::Object {
            // These verbs report speech only with their complement: `called for`, `called X
            // “...”`, `described X as`, `urged X to`; never in the passive (`was called`).
            let ahead = |pred: &dyn Fn(usize) -> bool, n: usize| {
                (i + 1..(i + 1 + n).min(s.toks.len()))
                    .take_while(|&k| {
                        s.is_word(k)
                            || s.punct(k)
                                .is_some_and(|c| is_quote_char(c) || c == '’' || c == '-')
                    })
                    .any(pred)
            };
            let ok = match lemma {
                "call" => {
                    matches!(s.word_at(i + 1), "for" | "on")
                        || ahead(&|k| s.punct(k).is_some_and(is_quote_char), 8)
                }
                "describe" => ahead(&|k| s.word_at(k) == "as", 8),
                "urge" => ahead(&|k| s.word_at(k) == "to", 6),
                _ => true,
            };
            let passive = i > 0
                && matches!(
                    s.word_at(i - 1),
                    "been" | "was" | "were" | "is" | "are" | "be" | "being"
                );
            if !ok || passive {
                continue;
            }
        }
        if i > 0
            && s.is_word(i - 1)
            && (DETERMINERS.contains(&s.word(i - 1)) || negated(s.word(i - 1)))
        {
            continue;
        }
        if i > 1
            && s.word_at(i - 1) == "to"
            && matches!(
                s.word_at(i - 2),
                "declined"
                    | "refused"
                    | "wouldn't"
                    | "would"
                    | "could"
                    | "will"
                    | "going"
                    | "want"
                    | "wants"
                    | "wanted"
                    | "expected"
                    | "likely"
            )
        {
            continue;
        }
        if i > 1 && negated(s.word_at(i - 1))
            || (i > 2 && negated(s.word_at(i - 2)) && skippable_left(s.word_at(i - 1)))
        {
            continue;
        }
        if s.caps[i] && i > 0 && !s.in_quote.get(i.wrapping_sub(1)).copied().unwrap_or(false) {
            // `Says`, `Post`, `Report` mid-sentence are names.
            continue;
        }
        let next = s.word_at(i + 1);
        let next_punct = s.punct(i + 1);
        let quote_next = next_punct.is_some_and(is_quote_char)
            || (matches!(next_punct, Some(',' | ':')) && s.punct(i + 2).is_some_and(is_quote_char));
        let marker = next == "that" || next_punct == Some(':') || quote_next;
        if class == CueClass::Ask
            && !(matches!(
                next,
                "whether" | "if" | "why" | "how" | "what" | "when" | "who"
            ) || quote_next
                || matches!(next_punct, Some(',' | '.')))
        {
            continue;
        }
        if lemma == "continue"
            && !(next_punct == Some(':') || quote_next || matches!(next_punct, Some(',' | '.')))
        {
            continue;
        }
        let participle = w.ends_with("ing") && i > 0 && {
            let mut j = i - 1;
            while j > 0 && s.is_word(j) && skippable_left(s.word(j)) {
                j -= 1;
            }
            s.punct(j) == Some(',') || s.word(j) == "by" || s.word(j) == "while"
        };
        let frame = if participle {
            let subject = frames
                .last()
                .and_then(|f| f.subject)
                .or_else(|| clause_subject(doc, s));
            Frame {
                cue: (i, i),
                subject,
                side: Side::Participle,
                class,
            }
        } else if let Some(sub) = left_subject(s, i) {
            Frame {
                cue: (i, i),
                subject: Some(sub),
                side: Side::Left,
                class,
            }
        } else if let Some(prev) = frames.last().filter(|_| {
            let mut j = i - 1;
            while j > 0 && s.is_word(j) && skippable_left(s.word(j)) {
                j -= 1;
            }
            i > 0 && matches!(s.word_at(j), "and" | "but")
        }) {
            // `X noted A but acknowledged B`: the second verb shares the subject.
            Frame {
                cue: (i, i),
                subject: prev.subject,
                side: Side::Participle,
                class,
            }
        } else {
            let sub = right_subject(s, i + 1);
            let prev_boundary = i == 0
                || s.punct(i - 1)
                    .is_some_and(|c| c == ',' || is_quote_char(c) || is_dash(c));
            // `“...,” said X` needs a boundary before the cue; a cue with no subject at all is
            // kept only before a complement marker (`said that`, `said:`).
            let headless = marker && class != CueClass::Weak && sub.is_none() && i > 0;
            if (sub.is_none() || !prev_boundary) && !headless {
                continue;
            }
            Frame {
                cue: (i, i),
                subject: sub,
                side: Side::Right,
                class,
            }
        };
        if class == CueClass::Weak && frame.side == Side::Left && !w.ends_with("ed") {
            // `media claims that`, `the reports`: a bare lower-case noun before a weak -s form is
            // a compound noun, unless a determiner opens the phrase (`the company claims`).
            if let Some((a, b)) = frame.subject {
                let noun_like = !s.caps[b]
                    && !PRONOUNS.contains(&s.word(b))
                    && !RELATIVE.contains(&s.word(b))
                    && b + 1 == i
                    && !DETERMINERS.contains(&s.word(a));
                if noun_like {
                    continue;
                }
            }
        }
        if class == CueClass::Weak && !marker && frame.side != Side::Participle {
            // A weak cue needs a pronoun or a name right before it.
            let ok = match (frame.side, frame.subject) {
                (Side::Left, Some((a, b))) => {
                    PRONOUNS.contains(&s.word(b))
                        || RELATIVE.contains(&s.word(b))
                        || (a..=b).any(|k| s.is_word(k) && s.caps[k] && k > 0)
                        || (a == 0 && b == a && s.caps[a])
                }
                (Side::Right, Some(_)) => s
                    .punct(i.wrapping_sub(1))
                    .is_some_and(|c| c == ',' || is_quote_char(c)),
                _ => false,
            };
            if !ok || w.ends_with("ing") && !participle {
                continue;
            }
        }
        frames.push(frame);
    }
    frames
}

impl Sent {
    fn word_at(&self, i: usize) -> &str {
        match self.toks.get(i) {
            Some(t) if t.is_word() => &self.lower[i],
            _ => "",
        }
    }
}

/// The subject of the clause a participle hangs on: the first name or pronoun of the sentence.
fn clause_subject(doc: &Document, s: &Sent) -> Option<(usize, usize)> {
    let mut i = 0;
    while i < s.toks.len() && !s.is_word(i) {
        i += 1;
    }
    if i >= s.toks.len() {
        return None;
    }
    // An opening adverbial (`With Democrats worried about turnout, President Obama ...`) is not
    // the subject: it ends at the first comma, or, with no comma (`After a long silence
    // Yegorushka asked:`), before the first capitalised word.
    if PREPOSITIONS.contains(&s.word_at(i)) || STOP_LEFT.contains(&s.word_at(i)) {
        let clause: Vec<usize> = (i + 1..s.toks.len())
            .take_while(|&k| !s.in_quote[k] && !matches!(s.punct(k), Some(':' | ';')))
            .collect();
        let after_comma = clause
            .iter()
            .position(|&k| s.punct(k) == Some(','))
            .and_then(|c| clause[c + 1..].iter().copied().find(|&k| s.is_word(k)));
        let first_name = || {
            clause
                .iter()
                .copied()
                .find(|&k| s.is_word(k) && is_capitalized(doc.slice(s.toks[k].span)))
        };
        // Where no subject follows the adverbial, the sentence start stands in as before.
        if let Some(found) = after_comma
            .or_else(first_name)
            .and_then(|k| np_at(doc, s, k))
        {
            return Some(found);
        }
    }
    np_at(doc, s, i)
}

/// A pronoun, or a run of capitalised words (with determiners), starting at word `i`.
fn np_at(doc: &Document, s: &Sent, i: usize) -> Option<(usize, usize)> {
    if PRONOUNS.contains(&s.word(i)) {
        return Some((i, i));
    }
    let mut e = i;
    while e + 1 < s.toks.len()
        && s.is_word(e + 1)
        && (is_capitalized(doc.slice(s.toks[e + 1].span)) || DETERMINERS.contains(&s.word(e)))
    {
        e += 1;
    }
    if e == i && !is_capitalized(doc.slice(s.toks[i].span)) {
        return None;
    }
    Some((i, e))
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
        let toks = crate::quotes::merge_doubled(tokenize(&doc.text, sent.span));
        let lower = toks
            .iter()
            .map(|t| doc.slice(t.span).to_lowercase())
            .collect();
        let caps = toks
            .iter()
            .map(|t| is_capitalized(doc.slice(t.span)))
            .collect();
        let near = ctx.mark_index.meeting(sent.span);
        let in_quote = toks
            .iter()
            .map(|t| near.iter().any(|&m| marks[m].outer.contains(t.span)))
            .collect();
        let s = Sent {
            idx: si,
            toks,
            lower,
            caps,
            in_quote,
        };
        let frames = find_frames(doc, &s);
        let end = s.content_end();
        for fi in 0..frames.len() {
            frame_quotes(&mut ctx, &s, &frames, fi, end);
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
    let mut quotes = ctx.quotes;
    quotes.sort_by_key(|q| (q.span.start, q.span.end));
    quotes.dedup_by(|b, a| a.span == b.span);
    quotes
}

/// Quotes of one frame.
fn frame_quotes(ctx: &mut Ctx, s: &Sent, frames: &[Frame], fi: usize, end: usize) {
    let f = &frames[fi];
    let tell = f.class == CueClass::Tell;
    let after = f.end() + 1;
    let j = skip_adverbials(s, after, end, tell);
    // Forward content stops where a coordinated frame starts (`..., adding`, `and added`,
    // `, he said`); a frame with its own subject inside the content is nested speech and stays.
    let is_according = s.word_at(f.cue.0) == "according";
    let stop = frames
        .get(fi + 1)
        .filter(|_| !is_according)
        .filter(|n| {
            let k = n.start();
            n.side == Side::Participle
                || (k > 0
                    && (s.punct(k - 1).is_some_and(|c| c == ',' || is_dash(c))
                        || matches!(s.word_at(k - 1), "and" | "but")))
        })
        .map(|n| {
            let mut k = n.start();
            while k > after
                && (s.punct(k - 1).is_some_and(|c| c == ',' || is_dash(c))
                    || matches!(s.word_at(k - 1), "and" | "but"))
            {
                k -= 1;
            }
            k
        })
        .unwrap_or(end)
        .min(end);

    // 1. A quote that opens right after the cue: `said: “...”`, `said, “...”`, also after a
    // short aside (`said on the other hand, “...”`).
    let mut q = j;
    let after_that = s.word_at(q) == "that";
    if after_that || matches!(s.punct(q), Some(',' | ':')) {
        q += 1;
    } else if let Some(k) = (j..(j + 7).min(s.toks.len().saturating_sub(1)))
        .take_while(|&k| s.is_word(k) || matches!(s.punct(k), Some(',' | ':')))
        .find(|&k| {
            matches!(s.punct(k), Some(',' | ':'))
                && ctx.by_open.contains_key(&s.toks[k + 1].span.start)
        })
    {
        q = k + 1;
    }
    if let Some(t) = s.toks.get(q) {
        if let Some(&m) = ctx.by_open.get(&t.span.start) {
            let mk = ctx.marks[m];
            let whole = mk.outer.end
                >= s.toks
                    .get(stop.max(1) - 1)
                    .map_or(0, |t| t.span.end)
                    .saturating_sub(2)
                || mk.outer.end > s.toks.last().map_or(0, |t| t.span.end);
            if whole && !is_according {
                // Split quote: `“...,” she said, “...”` — the part before the frame is hers too.
                let fs = f.start();
                let close = if fs > 0 && s.punct(fs - 1).is_some_and(is_quote_char) {
                    Some(s.toks[fs - 1].span.end)
                } else if fs > 1
                    && s.punct(fs - 1) == Some(',')
                    && s.punct(fs - 2).is_some_and(is_quote_char)
                {
                    Some(s.toks[fs - 2].span.end)
                } else {
                    None
                };
                if let Some(&b) = close.and_then(|e| ctx.by_close.get(&e)) {
                    ctx.attach_mark(b, f, s, QuoteKind::Direct, 0.9);
                }
                let kind = if after_that {
                    QuoteKind::Mixed
                } else {
                    QuoteKind::Direct
                };
                let conf = if after_that { 0.85 } else { 0.9 };
                ctx.attach_mark(m, f, s, kind, conf);
                return;
            }
        }
    }

    // 2. Forward content after `that`.
    // `that` may follow an aside that opens with a preposition (`says at a stop in Toledo, Ohio,
    // that`); otherwise a comma ends the search (`says A, and that B` keeps A).
    let aside = PREPOSITIONS.contains(&s.word_at(j));
    let that = (j..(j + 16).min(stop))
        .take_while(|&k| {
            !s.in_quote[k]
                && !matches!(s.punct(k), Some(';' | ':'))
                && (aside || s.punct(k) != Some(','))
        })
        // A `that` with no clause after it is a pronoun closing the content
        // (`said the test could change that.`), not the complementizer.
        .find(|&k| s.word_at(k) == "that" && (k + 2..stop).any(|w| s.is_word(w)));
    let start = f.start();
    let after_quote_or_comma = if start == 0 {
        ctx.doc.text[..s.toks[0].span.start]
            .trim_end()
            .ends_with(is_quote_char)
    } else {
        s.punct(start - 1)
            .is_some_and(|c| c == ',' || is_quote_char(c) || is_dash(c))
    };
    // `..., X said before the vote.`: a circumstance after the frame, content before it.
    let backward_ok = j >= stop
        || s.punct(j).is_some_and(|c| {
            // A closing mark ends the frame; an opening one starts its content.
            is_terminator(c)
                || (is_quote_char(c) && !ctx.by_open.contains_key(&s.toks[j].span.start))
        })
        || (after_quote_or_comma
            && j < s.toks.len()
            && !s.in_quote[j]
            && (PREPOSITIONS.contains(&s.word_at(j))
                || matches!(s.word_at(j), "referring" | "adding" | "noting" | "citing")));
    if let Some(t) = that.filter(|_| !is_according && !backward_ok) {
        ctx.content(s, f, t + 1, stop, true, 0.8);
        return;
    }
    // 3. A colon then content.
    if s.punct(j) == Some(':') && !is_according {
        if j + 1 < stop {
            ctx.content(s, f, j + 1, stop, false, 0.75);
        }
        return;
    }
    // `According to X, content.` at the start of the sentence.
    if is_according && f.cue.0 <= 1 {
        if let Some(c) = (after..stop).find(|&k| s.punct(k) == Some(',')) {
            ctx.content(s, f, c + 1, stop, false, 0.8);
        } else if s.punct(j) == Some(',') {
            ctx.content(s, f, j + 1, stop, false, 0.8);
        }
        return;
    }
    // 4. Backward: `..., X said.` / `“...,” she said` / `..., according to X.`
    let parenthetical = s.punct(j) == Some(',') && j + 1 < end;
    if backward_ok || parenthetical || is_according {
        if start == 0 {
            // `“...?” Clinton said.`: the sentence splitter cut after the quote.
            let before = ctx.doc.text[..s.toks[0].span.start].trim_end();
            let para = ctx.doc.sentences[s.idx].paragraph;
            if let Some(&m) = ctx
                .by_close
                .get(&before.len())
                .filter(|&&m| ctx.marks[m].paragraph == para)
            {
                ctx.attach_mark(m, f, s, QuoteKind::Direct, 0.9);
            }
            if parenthetical {
                ctx.attach_opening_at(s, j + 1, f);
            }
            return;
        }
        let b = start - 1;
        let Some(bc) = s.punct(b) else { return };
        // The direct quote that ends right before the frame.
        let close_at = if is_quote_char(bc) {
            Some(s.toks[b].span.end)
        } else if (bc == ',' || is_dash(bc)) && b > 0 && s.punct(b - 1).is_some_and(is_quote_char) {
            Some(s.toks[b - 1].span.end)
        } else {
            None
        };
        let mut attached = false;
        if let Some(&m) = close_at.and_then(|e| ctx.by_close.get(&e)) {
            ctx.attach_mark(m, f, s, QuoteKind::Direct, 0.9);
            attached = true;
        }
        // Split quote: `“...,” she said, “...”`.
        if parenthetical && ctx.attach_opening_at(s, j + 1, f) {
            return;
        }
        if attached {
            return;
        }
        if !(bc == ',' || is_dash(bc) || bc == ':' || is_according) {
            return;
        }
        // Indirect content before the frame, from the end of the previous frame.
        let from = if fi > 0 { frames[fi - 1].end() + 1 } else { 0 };
        let from = if fi > 0 && s.word_at(from) == "that" {
            from + 1
        } else {
            from
        };
        let upto = if is_according && bc != ',' { start } else { b };
        if parenthetical && !is_according {
            // `The plan, he said, is doomed.`: both halves.
            ctx.content(s, f, from, end, false, 0.7);
        } else {
            ctx.content(s, f, from, upto, false, 0.75);
        }
        return;
    }
    if is_according {
        return;
    }
    // 5. Zero-`that` complement: `X said the plan would fail.`
    if f.side == Side::Right && f.subject.is_none() {
        return;
    }
    if f.class == CueClass::Object {
        // `called for X`, `called X “...”`, `described X as Y`, `urged X to Y`, `cited X`.
        let a = if matches!(s.word_at(j), "for" | "on") {
            j + 1
        } else {
            j
        };
        if a < stop {
            let (after_that, conf) = (true, 0.6);
            ctx.content(s, f, a, stop, after_that, conf);
        }
        return;
    }
    // `said after the convention he would ...`: an adverbial phrase, then a clause whose
    // pronoun subject shows where the content starts.
    let j = if PREPOSITIONS.contains(&s.word_at(j)) {
        (j + 2..(j + 7).min(stop))
            .take_while(|&k| s.is_word(k) && !s.in_quote[k])
            .find(|&k| starts_clause(s, k))
            .unwrap_or(j)
    } else {
        j
    };
    // Other strong cues usually take a noun object (`announced a plan`, `denied it`), but a
    // clause with a pronoun subject is their content too (`announced it had reached its goal`).
    let clause_follows = f.class == CueClass::Strong && starts_clause(s, j);
    if !clause_follows && !ZERO_THAT.contains(&lookup(s.word(f.cue.0)).map_or("", |x| x.1)) {
        return;
    }
    if j < stop && s.is_word(j) {
        ctx.content(s, f, j, stop, false, 0.6);
    } else if let Some(t) = s.toks.get(j) {
        if ctx.by_open.contains_key(&t.span.start) {
            ctx.content(s, f, j, stop, false, 0.7);
        }
    }
}

/// Whether token `k` opens a clause with a pronoun subject: a nominative pronoun, or `it`
/// before an auxiliary.
fn starts_clause(s: &Sent, k: usize) -> bool {
    match s.word_at(k) {
        "he" | "she" | "they" | "we" | "i" => true,
        "it" => AUXILIARIES.contains(&s.word_at(k + 1)),
        _ => false,
    }
}

/// The name in a dash byline right after a quote (`” ― Jane Doe, Phoenix`): one to five
/// capitalised words on the rest of the line, up to a comma or a full stop.
fn dash_byline(text: &str, at: usize) -> Option<Span> {
    let rest = &text[at..];
    let lead = rest.len() - rest.trim_start_matches([' ', '\u{a0}', '\t']).len();
    let after = &rest[lead..];
    let dash = after.chars().next().filter(|&c| is_dash(c))?;
    let body = &after[dash.len_utf8()..];
    let pad = body.len() - body.trim_start_matches([' ', '\u{a0}', '\t']).len();
    // The rest of the line, or its first 200 characters: a name is short, and a bound keeps a
    // line of a million dashes linear.
    let rest = &body[pad..];
    let cap = rest.char_indices().nth(200).map_or(rest.len(), |(i, _)| i);
    let line = &rest[..rest[..cap].find(['\n', '\r']).unwrap_or(cap)];
    let name = line
        .split([',', '('])
        .next()?
        .trim_end_matches([' ', '\u{a0}', '.', '\t']);
    let words: Vec<&str> = name.split_whitespace().collect();
    // Lower-case particles may sit inside a name (`Pieter de Vries`, `Ana da Silva`).
    let particle = |w: &&str| {
        matches!(
            *w,
            "de" | "da"
                | "di"
                | "do"
                | "dos"
                | "du"
                | "van"
                | "von"
                | "der"
                | "den"
                | "la"
                | "le"
                | "del"
                | "bin"
                | "al"
                | "ter"
        )
    };
    let name_word =
        |(i, w): (usize, &&str)| is_capitalized(w) || (i > 0 && i + 1 < words.len() && particle(w));
    if words.is_empty() || words.len() > 5 || !words.iter().enumerate().all(name_word) {
        return None;
    }
    let start = at + lead + dash.len_utf8() + pad;
    Some(Span::new(start, start + name.len()))
}

/// Direct quotes no frame claimed: colon-introduced, continued, or unattributed.
fn unattached(ctx: &mut Ctx, colon: &HashMap<usize, Intro>) {
    let doc = ctx.doc;
    // The first quote of each span, and the attributed quotes by (paragraph, end, index): the
    // lookups below run once per mark, so they must not scan every quote.
    let mut by_span: HashMap<Span, usize> = HashMap::new();
    let mut attributed: BTreeSet<(usize, usize, usize)> = BTreeSet::new();
    let note =
        |i: usize, q: &Quote, by_span: &mut HashMap<Span, usize>, attributed: &mut BTreeSet<_>| {
            by_span.entry(q.span).or_insert(i);
            if q.speaker.mention.is_some() {
                attributed.insert((q.paragraph, q.span.end, i));
            }
        };
    for (i, q) in ctx.quotes.iter().enumerate() {
        note(i, q, &mut by_span, &mut attributed);
    }
    for m in 0..ctx.marks.len() {
        if ctx.used[m] {
            continue;
        }
        let mk = ctx.marks[m];
        let Some(si) = doc.sentence_at(mk.inner.start) else {
            continue;
        };
        let para = doc.sentences[si].paragraph;
        let mut from: Option<(Speaker, Option<Span>, f32)> = None;
        // A multi-paragraph quote continues its first segment.
        if let Some(prev) = mk.continues {
            let pspan = ctx.marks[prev].inner;
            if let Some(&q) = by_span.get(&pspan) {
                let q = &ctx.quotes[q];
                from = Some((q.speaker.clone(), q.cue, 0.85));
            }
        }
        // Colon-introduced: the text right before the quote ends with a colon.
        if from.is_none() {
            let before = doc.text[..mk.outer.start].trim_end();
            if let Some(intro) = colon.get(&before.len()).filter(|_| before.ends_with(':')) {
                from = Some((
                    Speaker {
                        mention: intro.mention,
                        ..Default::default()
                    },
                    intro.cue,
                    0.85,
                ));
            }
        }
        // A byline after the quote: `“...” ― Jane Doe` (round-ups, epigraphs).
        if from.is_none() {
            if let Some(name) = dash_byline(&doc.text, mk.outer.end) {
                let speaker = Speaker {
                    mention: Some(name),
                    ..Default::default()
                };
                from = Some((speaker, None, 0.8));
            }
        }
        // Continuation: the latest attributed quote before it in the same paragraph.
        if from.is_none() {
            // Of the latest-ending ones, the last added (as `max_by_key` over the list would).
            if let Some(&(p, _, q)) = attributed
                .range(..=(para, mk.outer.start, usize::MAX))
                .next_back()
            {
                if p == para {
                    from = Some((ctx.quotes[q].speaker.clone(), None, 0.7));
                }
            }
        }
        let text = doc.slice(mk.inner);
        let words = text.split_whitespace().count();
        let speech_like =
            words >= 8 || (words >= 4 && text.trim_end().ends_with(['.', ',', '!', '?']));
        let (speaker, cue, conf) = match from {
            Some(f) if words >= 3 || speech_like => f,
            _ if speech_like => (Speaker::default(), None, 0.5),
            _ => continue,
        };
        ctx.used[m] = true;
        ctx.quotes.push(Quote {
            kind: QuoteKind::Direct,
            span: mk.inner,
            cue,
            speaker,
            confidence: conf,
            sentence: si,
            paragraph: para,
        });
        let i = ctx.quotes.len() - 1;
        note(i, &ctx.quotes[i], &mut by_span, &mut attributed);
    }
}

/// Labels that open a paragraph with a colon but name no speaker.
const NOT_SPEAKERS: &[&str] = &[
    "note",
    "update",
    "updated",
    "editor",
    "editors",
    "correction",
    "photo",
    "photos",
    "source",
    "sources",
    "related",
    "read",
    "watch",
    "see",
    "follow",
    "warning",
    "disclaimer",
    "transcript",
    "video",
    "listen",
    "advertisement",
    "subscribe",
    "share",
    "contact",
    "email",
    "credit",
    "caption",
    "image",
    "file",
    "q",
    "a",
    "question",
    "answer",
    "breaking",
    "exclusive",
    "live",
    "opinion",
    "analysis",
    "poll",
    "report",
    "graphic",
    "map",
    "chart",
    "more",
    "also",
    "plus",
    "interview",
    "review",
    "feature",
    "profile",
    "explainer",
    "factbox",
    "timeline",
    "editorial",
];

/// Interview transcripts and headlines: a paragraph that opens with a name and a colon
/// (`PENCE: Well, look ...`, `Pence: Trump Was Mocking`) is that person's speech.
fn transcripts(ctx: &mut Ctx) {
    let doc = ctx.doc;
    for (p, &para) in doc.paragraphs.iter().enumerate() {
        let toks = crate::quotes::merge_doubled(tokenize(&doc.text, para));
        let mut i = 0;
        if toks
            .first()
            .and_then(|t| t.punct())
            .is_some_and(is_quote_char)
        {
            i = 1;
        }
        let name_start = i;
        while i < toks.len() && toks[i].is_word() && i - name_start < 4 {
            let w = doc.slice(toks[i].span);
            let ok = is_capitalized(w) && !w.starts_with(|c: char| c.is_ascii_digit());
            if !ok {
                break;
            }
            i += 1;
        }
        let n = i - name_start;
        if n == 0
            || n > 3
            || toks.get(i).and_then(|t| t.punct()) != Some(':')
            || i + 1 >= toks.len()
        {
            continue;
        }
        let first = doc.slice(toks[name_start].span).to_lowercase();
        if NOT_SPEAKERS.contains(&first.as_str()) || first.chars().count() < 2 {
            continue;
        }
        let mut end = toks.len();
        while end > i + 1
            && toks[end - 1]
                .punct()
                .is_some_and(|c| is_quote_char(c) || c == '.')
        {
            end -= 1;
        }
        if end <= i + 1 {
            continue;
        }
        let span = Span::new(toks[i + 1].span.start, toks[end - 1].span.end);
        for m in ctx.mark_index.meeting(span) {
            if span.overlaps(ctx.marks[m].inner) {
                ctx.used[m] = true;
            }
        }
        let sentence = doc.sentence_at(span.start).unwrap_or(0);
        ctx.quotes.push(Quote {
            kind: QuoteKind::Direct,
            span,
            cue: Some(toks[i].span),
            speaker: Speaker {
                mention: Some(Span::new(toks[name_start].span.start, toks[i - 1].span.end)),
                ..Default::default()
            },
            confidence: 0.8,
            sentence,
            paragraph: p,
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::document::Document;
    use crate::pipeline::rule_stages;

    /// (kind, text, speaker mention) of every quote, from the rule stages alone.
    fn quotes(t: &str) -> Vec<(String, String, String)> {
        let mut d = Document::new("t", t);
        rule_stages(&mut d);
        d.quotes
            .iter()
            .map(|q| {
                let m = q
                    .speaker
                    .mention
                    .map(|m| d.slice(m).to_string())
                    .unwrap_or_default();
                (q.kind.as_str().to_string(), d.slice(q.span).to_string(), m)
            })
            .collect()
    }

    fn q(k: &str, t: &str, m: &str) -> (String, String, String) {
        (k.into(), t.into(), m.into())
    }

    #[test]
    fn split_quote_has_one_speaker() {
        assert_eq!(
            quotes("“It will cut travel times,” she said, “and bring visitors back.”"),
            [
                q("direct", "It will cut travel times,", "she"),
                q("direct", "and bring visitors back.", "she")
            ]
        );
    }

    #[test]
    fn that_zero_that_and_inverted() {
        assert_eq!(
            quotes("Mayor Linda Okafor said that the ferry would start in May."),
            [q(
                "indirect",
                "the ferry would start in May",
                "Mayor Linda Okafor"
            )]
        );
        assert_eq!(
            quotes("Okafor told reporters the ferry would start in May."),
            [q("indirect", "the ferry would start in May", "Okafor")]
        );
        assert_eq!(
            quotes("The ferry will start in May, said Linda Okafor."),
            [q("indirect", "The ferry will start in May", "Linda Okafor")]
        );
    }

    #[test]
    fn zero_that_after_object_taking_cues_and_before_a_final_that() {
        // `announce` usually takes a noun object; a pronoun-subject clause is still content.
        assert_eq!(
            quotes("The agency announced it had reached its goal."),
            [q("indirect", "it had reached its goal", "The agency")]
        );
        assert!(quotes("The agency announced a new plan on Monday.").is_empty());
        assert_eq!(
            quotes("Trump said after the convention he would not accept it."),
            [q("indirect", "he would not accept it", "Trump")]
        );
        assert_eq!(
            quotes("Jane Roe, director of the Institute for Policy Integrity at the state university’s law school, said the states were wrong."),
            [q(
                "indirect",
                "the states were wrong",
                "Jane Roe, director of the Institute for Policy Integrity at the state university’s law school"
            )]
        );
        // The last word `that` is a pronoun, not a complementizer with nothing after it.
        assert_eq!(
            quotes("Experts said the latest test could change that."),
            [q(
                "indirect",
                "the latest test could change that",
                "Experts"
            )]
        );
    }

    #[test]
    fn dash_byline_names_the_speaker() {
        assert_eq!(
            quotes("“He makes simple blanket statements about people.”― Pamela Padilla\u{a0}\n“I am so ashamed.” ― Jacklyn Ashley, Phoenix.\n“It was worth it.” — Pieter de Vries\n"),
            [
                q("direct", "He makes simple blanket statements about people.", "Pamela Padilla"),
                q("direct", "I am so ashamed.", "Jacklyn Ashley"),
                q("direct", "It was worth it.", "Pieter de Vries")
            ]
        );
    }

    #[test]
    fn colon_intro_subject_skips_an_opening_adverbial() {
        assert_eq!(
            quotes("With party leaders worried about turnout, President Obama has a new message: “It is about me.”"),
            [q("direct", "It is about me.", "President Obama")]
        );
        assert_eq!(
            quotes("After a long silence Yegorushka asked:\n\n“What is your name?”"),
            [q("direct", "What is your name?", "Yegorushka")]
        );
    }

    #[test]
    fn according_to_before_and_after() {
        assert_eq!(
            quotes("According to the regulator, the company lost a fifth of its water."),
            [q(
                "indirect",
                "the company lost a fifth of its water",
                "the regulator"
            )]
        );
        assert_eq!(
            quotes("Bills will rise by 6 percent, according to the company."),
            [q("indirect", "Bills will rise by 6 percent", "the company")]
        );
    }

    #[test]
    fn mixed_quotes() {
        assert_eq!(
            quotes("Lavrov claimed that EU figures are placing “improper pressure” on Trump."),
            [q(
                "mixed",
                "EU figures are placing “improper pressure” on Trump",
                "Lavrov"
            )]
        );
        assert_eq!(
            quotes("He said \"hi there my friend\" today."),
            [q("mixed", "\"hi there my friend\" today", "He")]
        );
    }

    #[test]
    fn colon_introduced_quote_in_the_next_paragraph() {
        let got = quotes(
            "She emphasized that the plan works:\n“Every patient will be seen within the hour.”",
        );
        assert_eq!(
            got[1],
            q(
                "direct",
                "Every patient will be seen within the hour.",
                "She"
            )
        );
    }

    #[test]
    fn titles_and_scare_quotes_are_not_speech_but_long_quotes_are() {
        assert!(quotes("The museum showed the 1927 drama \"Last Curtain\" on Friday.").is_empty());
        assert!(quotes("The season, known as 'Project Reel', has twelve films.").is_empty());
        assert_eq!(
            quotes("\"The audience laughed and cried in the same places as a century ago.\""),
            [q(
                "direct",
                "The audience laughed and cried in the same places as a century ago.",
                ""
            )]
        );
    }

    #[test]
    fn transcript_lines() {
        assert_eq!(
            quotes("OKAFOR: Rents will be capped at a third of the median income."),
            [q(
                "direct",
                "Rents will be capped at a third of the median income",
                "OKAFOR"
            )]
        );
    }
}
