//! Direct quotes no frame claimed: colon-introduced, dash bylines, interview transcripts,
//! continuations of the speaker before them, or unattributed speech; and block quotes.

use std::collections::{BTreeSet, HashMap};

use super::lexicon::*;
use super::subjects::{apposed_name, clause_subject};
use super::{confidence, Ctx, Intro, Sent};
use crate::document::marks::{is_dash, is_quote_mark};
use crate::document::text::{is_capitalized, Token};
use crate::document::{Document, Quote, QuoteKind, Span, Speaker};
use crate::stages::quotes::Marked;

/// The name in a dash byline right after a quote (`” ― Jane Doe, Phoenix`): one to five
/// capitalised words on the rest of the line, up to a comma or a full stop.
pub(super) fn dash_byline(text: &str, at: usize) -> Option<Span> {
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

/// Whether a quoted text reads as a title: one sentence of two to eight words (sixteen with a
/// subtitle), each capitalised
/// but short function words (`Coal Isn't the Villain.`, `Make Your Kid a Millionaire,`).
pub(super) fn is_title(text: &str) -> bool {
    const SMALL: &[&str] = &[
        "a", "an", "the", "of", "in", "on", "and", "or", "to", "for", "at", "by", "with", "from",
    ];
    let words: Vec<&str> = text
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    // (A subtitle after a colon makes a title longer: `Financial Freedom: A Proven Path to All
    // the Money You Will Ever Need`.)
    let most = if text.contains(':') { 16 } else { 8 };
    (2..=most).contains(&words.len())
        && is_capitalized(words[0])
        && words
            .iter()
            .all(|w| is_capitalized(w) || SMALL.contains(w) || w.starts_with(|c: char| c.is_ascii_digit()))
        && !text.trim_end().ends_with(['?', '!'])
        // (`The Donald. Big Daddy.` is two sentences of speech.)
        && !text.trim_end().trim_end_matches(['.', ',']).contains(". ")
}

/// The quotes found so far, indexed for the finders below: the lookups run once per mark, so
/// they must not scan every quote.
#[derive(Default)]
struct Found {
    /// The first quote of each span.
    by_span: HashMap<Span, usize>,
    /// The attributed quotes by (paragraph, end, index).
    attributed: BTreeSet<(usize, usize, usize)>,
}

impl Found {
    fn note(&mut self, i: usize, q: &Quote) {
        self.by_span.entry(q.span).or_insert(i);
        if q.speaker.mention.is_some() {
            self.attributed.insert((q.paragraph, q.span.end, i));
        }
    }
}

/// Where an unframed quote's speaker comes from: the speaker, the cue, the confidence.
type From = (Speaker, Option<Span>, f32);

/// A multi-paragraph quote continues its first segment.
fn continued_segment(ctx: &Ctx, found: &Found, mk: &Marked) -> Option<From> {
    let prev = mk.continues?;
    let &q = found.by_span.get(&ctx.marks[prev].inner)?;
    let q = &ctx.quotes[q];
    Some((q.speaker.clone(), q.cue, confidence::INTRODUCED))
}

/// Colon-introduced: the text right before the quote ends with a colon after a frame.
fn colon_intro(colon: &HashMap<usize, Intro>, before: &str) -> Option<From> {
    let intro = colon.get(&before.len()).filter(|_| before.ends_with(':'))?;
    let speaker = Speaker {
        mention: intro.mention,
        ..Default::default()
    };
    Some((speaker, intro.cue, confidence::INTRODUCED))
}

/// A byline after the quote: `“...” ― Jane Doe` (round-ups, epigraphs).
fn byline(text: &str, mk: &Marked) -> Option<From> {
    let name = dash_byline(text, mk.outer.end)?;
    let speaker = Speaker {
        mention: Some(name),
        ..Default::default()
    };
    Some((speaker, None, confidence::STRONG))
}

/// Continuation: the latest attributed quote before it in the same paragraph.
fn same_paragraph(ctx: &Ctx, found: &Found, mk: &Marked, para: usize) -> Option<From> {
    // Of the latest-ending ones, the last added (as `max_by_key` over the list would).
    let &(p, _, q) = found
        .attributed
        .range(..=(para, mk.outer.start, usize::MAX))
        .next_back()?;
    (p == para).then(|| (ctx.quotes[q].speaker.clone(), None, confidence::CARRIED))
}

/// A long quote opening a sentence after a sentence about someone in the same paragraph
/// (`Cummings called him a master at deals. “He showed again and again ...”`): the subject of
/// that sentence.
fn previous_subject(ctx: &Ctx, mk: &Marked, si: usize, words: usize) -> Option<From> {
    let doc = ctx.doc;
    let para = doc.sentences[si].paragraph;
    if si == 0 || doc.sentences[si - 1].paragraph != para {
        return None;
    }
    if doc.sentences[si].span.start < mk.outer.start || words < 8 {
        return None;
    }
    let prev = doc.sentences[si - 1].span;
    let near = ctx.mark_index.meeting(prev);
    let s = Sent::new(doc, si - 1, prev, |t| {
        near.iter().any(|&k| ctx.marks[k].outer.contains(t))
    });
    // A name or a nominal (`The senator`), not an opening adverbial (`On`) or a possessive cut
    // short (`His former`).
    let named = |(a, b): (usize, usize)| {
        let w = s.word(a);
        s.caps[a]
            && !s.in_quote[a]
            && !PREPOSITIONS.contains(&w)
            && !STOP_LEFT.contains(&w)
            && !matches!(w, "his" | "her" | "their" | "its" | "our" | "my" | "your")
            && (a..=b).all(|k| s.is_word(k) || s.punct(k).is_some_and(|c| c == '.'))
    };
    let (a, b) = clause_subject(doc, &s)
        .filter(|&x| named(x))
        .or_else(|| apposed_name(doc, &s).filter(|&x| named(x)))?;
    let speaker = Speaker {
        mention: Some(s.span(a, b)),
        ..Default::default()
    };
    Some((speaker, None, confidence::INFERRED))
}

/// A paragraph that is one quote, after a paragraph whose latest attributed quote (of any
/// kind) has no other name after it: news carries a speaker on through a run of paragraphs
/// (`“...,” he said.` / `“...”`, `Erekat said it was ...` / `“...”`). Any capitalised word
/// after that quote that is not a function word may introduce someone else, and stops it.
fn carried_paragraph(
    ctx: &Ctx,
    found: &Found,
    mk: &Marked,
    para: usize,
    words: usize,
) -> Option<From> {
    let doc = ctx.doc;
    if para == 0 {
        return None;
    }
    let alone = doc.paragraphs[para].start >= mk.outer.start
        && doc.text[mk.outer.end..doc.paragraphs[para].end]
            .trim()
            .chars()
            .all(|c| !c.is_alphanumeric());
    // (Headings in quote marks are short: `“All Bets Are Off.”`.)
    if !(alone && words >= 8) {
        return None;
    }
    let &(p, _, qi) = found.attributed.range(..(para, 0, 0)).next_back()?;
    let q = &ctx.quotes[qi];
    if p + 1 != para {
        return None;
    }
    // (From the end of the sentence that holds the quote's frame: the speaker's apposition
    // there, `said Michael Sims, CEO of Ceres Robotics`, introduces nobody else.)
    let frame_end = [Some(q.span), q.speaker.mention, q.cue]
        .into_iter()
        .flatten()
        .map(|s| s.end)
        .max()?;
    let from = doc
        .sentence_at(frame_end.saturating_sub(1))
        .map_or(frame_end, |k| doc.sentences[k].span.end.max(frame_end));
    let between = doc.text.get(from..mk.outer.start)?;
    let someone = between
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .filter(|w| is_capitalized(w))
        .any(|w| {
            let l = w.to_lowercase();
            ![PRONOUNS, DETERMINERS, STOP_LEFT, CONNECTIVES, QUANTIFIERS]
                .iter()
                .any(|list| list.contains(&l.as_str()))
        });
    (!someone).then(|| (q.speaker.clone(), None, confidence::CARRIED))
}

/// Direct quotes no frame claimed: each unused mark gets the speaker of the first finder that
/// has one (in order of the evidence's strength), or none if it reads as speech.
pub(super) fn unattached(ctx: &mut Ctx, colon: &HashMap<usize, Intro>) {
    let doc = ctx.doc;
    let mut found = Found::default();
    for (i, q) in ctx.quotes.iter().enumerate() {
        found.note(i, q);
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
        let text = doc.slice(mk.inner);
        let words = text.split_whitespace().count();
        // Whether a colon or the quote's first paragraph introduces it (then even a title-like
        // text is speech).
        let before = doc.text[..mk.outer.start].trim_end();
        let introduced =
            mk.continues.is_some() || before.ends_with(':') && colon.contains_key(&before.len());
        let from = continued_segment(ctx, &found, &mk)
            .or_else(|| colon_intro(colon, before))
            .or_else(|| byline(&doc.text, &mk))
            .or_else(|| same_paragraph(ctx, &found, &mk, para))
            .or_else(|| previous_subject(ctx, &mk, si, words))
            .or_else(|| carried_paragraph(ctx, &found, &mk, para, words));
        // A title in quote marks (`“A Change Is Gonna Come,”`, `“State of the Union.”`) is
        // not speech unless a colon introduces it.
        if is_title(text) && !introduced {
            continue;
        }
        // A name or a word mentioned, not said (`what’s called “feather duvet lung,”`, `the
        // word “rigged”`): a short quote right after a naming word no frame took.
        let named = before
            .rsplit(|c: char| !c.is_alphanumeric() && c != '-')
            .next()
            .is_some_and(|w| {
                matches!(
                    w.to_lowercase().as_str(),
                    "called"
                        | "dubbed"
                        | "termed"
                        | "nicknamed"
                        | "so-called"
                        | "word"
                        | "phrase"
                        | "term"
                )
            });
        // (So is a short phrase after an article that does not read like speech: `a rural area
        // or a “targeted employment area,” which is defined as ...`.)
        let article = before
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .is_some_and(|w| matches!(w, "a" | "an" | "the"));
        let speech_like =
            words >= 8 || (words >= 4 && text.trim_end().ends_with(['.', ',', '!', '?']));
        if (named && words < 8 || article && !speech_like) && !introduced {
            continue;
        }
        let (speaker, cue, conf) = match from {
            Some(f) if words >= 3 || speech_like => f,
            _ if speech_like => (Speaker::default(), None, confidence::UNATTRIBUTED),
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
        found.note(i, &ctx.quotes[i]);
    }
}

/// Who an interview is with: the subject of the first sentence that has a capitalised one (the
/// lede or the introduction names the interviewee: `Jane Hollis, the mayor, spoke to us.`).
fn interviewee(ctx: &Ctx, before: usize) -> Option<Span> {
    let doc = ctx.doc;
    doc.sentences
        .iter()
        .enumerate()
        .take_while(|(_, s)| s.span.end <= before)
        .take(6)
        .find_map(|(si, sent)| {
            let near = ctx.mark_index.meeting(sent.span);
            let s = Sent::new(doc, si, sent.span, |t| {
                near.iter().any(|&k| ctx.marks[k].outer.contains(t))
            });
            let (a, b) = clause_subject(doc, &s)?;
            (s.caps[a] && !s.in_quote[a]).then(|| s.span(a, b))
        })
}

/// Whether a word is an interview's turn label, `Q` or `A` (`Q.`, `A.` where the tokenizer
/// keeps the point): the cue of the quote it opens, which says whose turn it is.
pub fn is_turn_label(word: &str) -> bool {
    matches!(word, "A" | "Q" | "A." | "Q.")
}

/// `Q:`/`A:` (or `Q.`/`A.`, which the tokenizer may keep as one word) opening a paragraph:
/// whether it is an answer, and the token its text starts at.
fn qa_label(doc: &Document, toks: &[Token]) -> Option<(bool, usize)> {
    let w = doc.slice(toks.first()?.span);
    if !is_turn_label(w) {
        return None;
    }
    // (A bare letter needs its colon or point after it.)
    let start = if w.len() == 1 {
        matches!(toks.get(1)?.punct(), Some(':' | '.')).then_some(2)?
    } else {
        1
    };
    (toks.len() > start).then_some((w.starts_with('A'), start))
}

/// Interview transcripts and headlines: a paragraph that opens with a name and a colon
/// (`PENCE: Well, look ...`, `Pence: Trump Was Mocking`) is that person's speech; one that opens
/// with `A:` is the interviewee's (see [`interviewee`]), one with `Q:` the interviewer's, unnamed.
pub(super) fn transcripts(ctx: &mut Ctx) {
    let doc = ctx.doc;
    let mut guest: Option<Option<Span>> = None;
    // Under an all-caps heading (`TIP-INS`, `UP NEXT`), `Thunder: F Hamidou Diallo missed ...`
    // paragraphs are section notes of a wire story, not turns of a transcript.
    let mut notes = false;
    for (p, &para) in doc.paragraphs.iter().enumerate() {
        let text = doc.slice(para).trim();
        let heading = text.split_whitespace().count() <= 4
            && text.chars().any(char::is_alphabetic)
            && text
                .chars()
                .all(|c| c.is_uppercase() || c == ' ' || c == '-' || c == '\'');
        if heading {
            notes = true;
            continue;
        }
        let label_case = text
            .split(':')
            .next()
            .is_some_and(|l| l.len() < 30 && l.chars().any(char::is_lowercase));
        if !(notes && label_case && text.contains(':')) {
            notes = false;
        }
        let toks = crate::stages::quotes::merge_doubled(&doc.tokens_in(para));
        // (An answer that quotes others in marks stays theirs.)
        let framed = |ctx: &Ctx| {
            ctx.quotes
                .iter()
                .any(|q| q.paragraph == p && q.kind != QuoteKind::Indirect)
        };
        if let Some((answer, start)) = qa_label(doc, &toks).filter(|_| !framed(ctx)) {
            let guest = *guest.get_or_insert_with(|| interviewee(ctx, para.start));
            let mut end = toks.len();
            while end > start + 1 && toks[end - 1].punct().is_some_and(is_quote_mark) {
                end -= 1;
            }
            let span = Span::new(toks[start].span.start, toks[end - 1].span.end);
            for m in ctx.mark_index.meeting(span) {
                if span.overlaps(ctx.marks[m].inner) {
                    ctx.used[m] = true;
                }
            }
            let mention = if answer { guest } else { None };
            ctx.quotes.push(Quote {
                kind: QuoteKind::Direct,
                span,
                cue: Some(toks[0].span),
                speaker: Speaker {
                    mention,
                    ..Default::default()
                },
                confidence: if mention.is_some() {
                    confidence::INFERRED
                } else {
                    confidence::UNATTRIBUTED
                },
                sentence: doc.sentence_at(span.start).unwrap_or(0),
                paragraph: p,
            });
            continue;
        }
        let mut i = 0;
        if toks
            .first()
            .and_then(|t| t.punct())
            .is_some_and(is_quote_mark)
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
        if notes
            || n == 0
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
        // `NEW DELHI: Their American dream ...` opening an article is a dateline, unless the
        // next paragraph has a label too (a transcript from its first line) or there is no
        // next paragraph (one labelled line is an excerpt of a transcript).
        let caps = |a: usize, b: usize| {
            doc.text[a..b]
                .chars()
                .all(|c| !c.is_alphabetic() || c.is_uppercase())
        };
        let labelled = |q: usize| {
            doc.paragraphs.get(q).is_some_and(|r| {
                let t = &doc.text[r.start..r.end];
                t.find(':')
                    .is_some_and(|c| c > 1 && c < 30 && caps(r.start, r.start + c))
            })
        };
        if p == 0
            && doc.paragraphs.len() > 1
            && caps(toks[name_start].span.start, toks[i - 1].span.end)
            && !labelled(1)
        {
            continue;
        }
        let mut end = toks.len();
        while end > i + 1
            && toks[end - 1]
                .punct()
                .is_some_and(|c| is_quote_mark(c) || c == '.')
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
            confidence: confidence::STRONG,
            sentence,
            paragraph: p,
        });
    }
}

/// Block quotes: a paragraph with no quote marks after a paragraph that ends with a speech cue
/// and a colon (`The governor added:` / `It’s typical of her. ...`), as web pages set quotes
/// apart without marks. Only the one paragraph: what follows may be the article again.
pub(super) fn block_quotes(ctx: &mut Ctx, colon: &HashMap<usize, Intro>) {
    let doc = ctx.doc;
    let framed: BTreeSet<usize> = ctx.quotes.iter().map(|q| q.paragraph).collect();
    let mut found: Vec<Quote> = Vec::new();
    for (&at, intro) in colon {
        let (Some(cue), Some(p)) = (intro.cue, doc.paragraph_at(at.saturating_sub(1))) else {
            continue;
        };
        let Some(&next) = doc.paragraphs.get(p + 1) else {
            continue;
        };
        if !doc.text[at..doc.paragraphs[p].end].trim().is_empty() {
            continue;
        }
        let span = crate::stages::quotes::trim(&doc.text, next.start, next.end);
        // A paragraph with marks of its own was read by the quote stage; one with frames of its
        // own is the article again (`Trump replied bluntly:` over a video the page dropped, then
        // `Leavitt blasted the article, claiming ...`); a one-liner is a heading or a label.
        let marked = !ctx.mark_index.meeting(span).is_empty() || framed.contains(&(p + 1));
        if marked || span.is_empty() || doc.slice(span).split_whitespace().count() < 4 {
            continue;
        }
        let Some(sentence) = doc.sentence_at(span.start) else {
            continue;
        };
        found.push(Quote {
            kind: QuoteKind::Direct,
            span,
            cue: Some(cue),
            speaker: Speaker {
                mention: intro.mention,
                ..Default::default()
            },
            confidence: confidence::FAIR,
            sentence,
            paragraph: p + 1,
        });
    }
    ctx.quotes.extend(found);
}
