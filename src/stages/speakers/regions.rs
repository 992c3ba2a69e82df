//! Which parts of an article the entity model reads: the sentences around quotes' speaker
//! mentions, with enough context to name the people they refer to.

use crate::document::text::{ceil_boundary, floor_boundary, is_capitalized, MONTHS, WEEKDAYS};
use crate::document::{Document, Span};

use super::lexicon::*;
use super::nominal::{head_words, role_mentions_before};

/// Bytes of context kept on each side of what resolution reads in a sentence.
pub(super) const MENTION_CONTEXT: usize = 80;

/// The text regions whose entities speaker resolution reads, at most one per sentence (`None`:
/// skip the sentence), each a few words around what resolution looks at: a speaker mention;
/// before a pronoun or nominal mention, a name opening its sentence or one of the two before it
/// (an antecedent in subject position); a word of a named mention next to another capitalised word
/// (a longer form of the name, for aliases). Tagging only these saves most of the encoder time:
/// repeated bare surnames, quoted speech and sentences without names are skipped.
pub fn regions_to_tag(doc: &Document) -> Vec<Option<Span>> {
    let mut regions: Vec<Option<Span>> = vec![None; doc.sentences.len()];
    let around = |k: usize, m: Span| mention_window(doc, doc.sentences[k].span, m);
    // Each sentence's words, tokenised once: the antecedent check may visit a sentence for
    // several pronouns, and the alias pass reads every sentence.
    let words: Vec<Vec<(Span, &str)>> = doc
        .sentences
        .iter()
        .map(|s| {
            doc.tokens_in(s.span)
                .iter()
                .filter(|t| t.is_word())
                .map(|t| (t.span, doc.slice(t.span)))
                .collect()
        })
        .collect();
    let name_like = |w: &str| {
        let l = w.trim_end_matches('.').to_lowercase();
        is_capitalized(w)
            && w.chars().count() > 1
            && ![STARTERS, WEEKDAYS, MONTHS]
                .iter()
                .any(|list| list.contains(&l.as_str()))
    };
    let mut names: Vec<String> = Vec::new();
    let mut lower_text: Option<String> = None;
    for q in &doc.quotes {
        let Some(m) = q.speaker.mention else { continue };
        let Some(si) = doc.sentence_at(m.start) else {
            continue;
        };
        widen(&mut regions[si], around(si, m));
        let text = doc.slice(m);
        let capitalised: Vec<&str> = text
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .filter(|w| is_capitalized(w) && w.chars().count() > 1)
            .filter(|w| !TITLES.contains(&w.to_lowercase().as_str()))
            .collect();
        let lower = text.to_lowercase();
        if capitalised.is_empty()
            || PRONOUNS_PERSON.contains(&lower.as_str())
            || ["they", "it", "who", "which", "that"].contains(&lower.as_str())
        {
            // (Its own sentence too: `Sen. Claire McCaskill scolded him: “...,” she said.`)
            // The two sentences before its paragraph as well: a quote of several sentences
            // may stand between the pronoun and the name it refers to.
            let para = doc.sentences[si].paragraph;
            let first = doc.sentences[..si].partition_point(|s| s.paragraph < para);
            let from = si.saturating_sub(2).min(first.saturating_sub(2));
            for k in from..=si {
                // The first words, or the first words after an opening adverbial's comma.
                let sentence = doc.sentences[k].span;
                let comma = doc.text[sentence.start..sentence.end]
                    .find(',')
                    .map(|i| sentence.start + i);
                let after_comma =
                    comma.map_or(0, |c| words[k].partition_point(|(w, _)| w.start < c));
                let opening = words[k].iter().take(5);
                let after = words[k].iter().skip(after_comma).take(4);
                if let Some(&(span, _)) = opening
                    .chain(after)
                    .find(|(w, t)| name_like(t) && w.end <= m.start)
                {
                    widen(&mut regions[k], around(k, span));
                }
            }
        }
        // A person's role (`The suspect said`): where the article last wrote the role, the name
        // beside it (`The suspect, Michael Webb,`), as `nominal` looks for it.
        let head = head_words(doc, m, &lower)
            .last()
            .map(|w| w.to_lowercase())
            .unwrap_or_default();
        let unnamed = capitalised
            .iter()
            .all(|w| matches!(w.to_lowercase().as_str(), "the" | "a" | "an" | "this"));
        if unnamed && PERSON_NOUNS.contains(&head.as_str()) {
            let lower_text = lower_text.get_or_insert_with(|| doc.text.to_ascii_lowercase());
            for i in role_mentions_before(lower_text, m.start, &head).take(3) {
                let span = Span::new(i, i + head.len());
                if let Some(k) = doc.sentence_at(i) {
                    widen(&mut regions[k], around(k, span));
                }
            }
        }
        names.extend(capitalised.iter().map(|w| w.to_lowercase()));
    }
    names.sort_unstable();
    names.dedup();
    for (k, ws) in words.iter().enumerate() {
        for (i, &(span, w)) in ws.iter().enumerate() {
            let alias = names.contains(&w.to_lowercase())
                && (i > 0 && name_like(ws[i - 1].1)
                    || ws.get(i + 1).is_some_and(|n| name_like(n.1)));
            if alias {
                widen(&mut regions[k], around(k, span));
            }
        }
    }
    regions
}

/// Grows `region` to cover `add` as well.
pub(super) fn widen(region: &mut Option<Span>, add: Span) {
    *region = Some(match *region {
        Some(r) => Span::new(r.start.min(add.start), r.end.max(add.end)),
        None => add,
    });
}

/// The mention with up to [`MENTION_CONTEXT`] bytes either side, cut at whitespace inside the
/// sentence so no word is split.
pub(super) fn mention_window(doc: &Document, sentence: Span, m: Span) -> Span {
    let text = &doc.text;
    // A mention the sentence splitter cut through still lies whole inside its window.
    let sentence = Span::new(sentence.start.min(m.start), sentence.end.max(m.end));
    // Sentence edges are char boundaries, so rounding never leaves the sentence.
    let mut start = floor_boundary(
        text,
        m.start.saturating_sub(MENTION_CONTEXT).max(sentence.start),
    );
    if start > sentence.start {
        // Move forward to the start of the next word.
        start = text[start..m.start]
            .find(char::is_whitespace)
            .map_or(m.start, |i| start + i);
    }
    let mut end = ceil_boundary(text, (m.end + MENTION_CONTEXT).min(sentence.end));
    if end < sentence.end {
        end = text[m.end..end]
            .rfind(char::is_whitespace)
            .map_or(m.end, |i| m.end + i);
    }
    let trimmed = text[start..end].trim();
    let lead = text[start..end].len() - text[start..end].trim_start().len();
    Span::new(start + lead, start + lead + trimmed.len())
}
