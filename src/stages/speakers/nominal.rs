//! Nominal mentions (`the spokeswoman`, `the company`, `the report`): the person described
//! with that noun, or the latest organisation.

use std::cell::OnceCell;
use std::collections::HashMap;

use crate::document::text::{floor_boundary, is_capitalized};
use crate::document::{Document, Span, SpanIndex};

use super::lexicon::*;
use super::names::{clean, words, Names};
use super::resolve::Quoted;

/// What resolution has built for the whole article, shared with [`nominal`].
pub(super) struct Lookups<'a> {
    pub(super) names: &'a Names,
    pub(super) entity_index: &'a SpanIndex,
    pub(super) quoted: &'a Quoted,
    /// The text in ASCII lower case (same byte offsets).
    pub(super) lower_text: &'a str,
    /// Groups named for their members, read on first use.
    pub(super) groups: &'a OnceCell<Groups>,
}

/// `the spokeswoman` → the person described as one; `the company`, `the report` → the latest
/// organisation (the one speaking nearby first); an untagged capitalised name → its longest
/// form in the article.
pub(super) fn nominal(
    doc: &Document,
    look: &Lookups,
    m: Span,
    lower: &str,
    speaking: Option<(String, String)>,
) -> Option<(String, String)> {
    let Lookups {
        names,
        entity_index,
        quoted,
        lower_text,
        groups,
    } = *look;
    let ws = head_words(doc, m, lower);
    let head = ws.last()?.to_lowercase();
    // (`a group of employees` is a new one, not the organisation named last.)
    let indefinite = lower.starts_with("a ") || lower.starts_with("an ");
    let definite = ["the ", "a ", "an ", "this ", "that "]
        .iter()
        .any(|d| lower.starts_with(d));
    // (`an officer told the girl`: a new, unnamed person.)
    if UNNAMED_NOUNS.contains(&head.as_str()) {
        return None;
    }
    if PERSON_NOUNS.contains(&head.as_str()) && definite && !indefinite {
        let own_body = lower.contains(" of ") || lower.contains(" for ");
        // The latest person mentioned within a few words of the same noun, before the mention:
        // the last occurrence of the noun that has one (searched backwards).
        // (The last `ROLE_MENTIONS_BACK` mentions of the role: see `role_mentions_before`.)
        return role_mentions_before(lower_text, m.start, &head)
            // (A bare role is not the role of a named body: `the president` is not `John
            // Williams, the president of the Federal Reserve Bank`.)
            .filter(|&i| own_body || !lower_text[i + head.len()..].starts_with(" of "))
            .take(ROLE_MENTIONS_BACK)
            .find_map(|i| {
                // (`man` and `woman` name anyone: only a name right beside them, `the man,
                // John Smith,`, not one of the same sentence, `the man had ... contrary to the
                // Howard Jones song`.)
                let reach = if matches!(head.as_str(), "man" | "woman") {
                    24
                } else {
                    80
                };
                let window = Span::new(
                    i.saturating_sub(reach),
                    (i + head.len() + reach).min(m.start),
                );
                entity_index
                    .meeting(window)
                    .into_iter()
                    .map(|k| &doc.entities[k])
                    // (A name inside a quote is talked about: `“Prince Andrew is not entitled
                    // to immunity,” said one legal expert.` leaves `the expert` unnamed.)
                    .filter(|e| {
                        e.label == "PER" && window.contains(e.span) && !quoted.holds(e.span)
                    })
                    .min_by_key(|e| e.span.start.abs_diff(i))
            })
            .map(|e| (names.canonical(doc.slice(e.span), "PER"), "PER".to_string()));
    }
    // `the doctors` of `Doctors for Camp Closure`: an organisation named with the noun.
    if definite && head.ends_with('s') {
        let named = doc
            .entities
            .iter()
            .rev()
            .filter(|e| e.label == "ORG" && e.span.end <= m.start)
            .find(|e| words(doc.slice(e.span)).contains(&head));
        if let Some(e) = named {
            return Some((names.canonical(doc.slice(e.span), "ORG"), "ORG".to_string()));
        }
        let groups = groups.get_or_init(|| Groups::new(&doc.text));
        if let Some(group) = groups.latest(&head, m.start) {
            return Some((names.canonical(group, "ORG"), "ORG".to_string()));
        }
    }
    if INSTITUTION_NOUNS.contains(&head.as_str()) && definite {
        return doc
            .entities
            .iter()
            .rev()
            .filter(|e| e.label == "ORG" && e.span.end <= m.start)
            .find(|e| words(doc.slice(e.span)).contains(&head))
            .map(|e| (names.canonical(doc.slice(e.span), "ORG"), "ORG".to_string()));
    }
    if ORG_NOUNS.contains(&head.as_str()) && definite && !indefinite {
        // `the ministry` → the latest organisation named with that word, else the latest one.
        let before = || {
            doc.entities
                .iter()
                .rev()
                .filter(|e| e.label == "ORG" && e.span.end <= m.start)
        };
        // Else the organisation that spoke last nearby (`the company said` after its
        // statement), else the latest one named.
        let canonical = |e: &crate::document::Entity| {
            (names.canonical(doc.slice(e.span), "ORG"), "ORG".to_string())
        };
        return before()
            .find(|e| words(doc.slice(e.span)).contains(&head))
            .map(canonical)
            .or(speaking)
            .or_else(|| before().next().map(canonical));
    }
    // A capitalised name the tagger missed: take it only if the article tags it elsewhere.
    // (Its head, not a modifier: `A California transit chief` is no Californian name; the
    // head comes before an apposition or a relative clause: `Scissors, who consults ...`.)
    let np = doc.slice(m).split(',').next().unwrap_or_default();
    let np_head = np
        .split_whitespace()
        .take_while(|w| !HEAD_ENDS.contains(w))
        .last();
    if !np_head.is_some_and(is_capitalized) {
        return None;
    }
    let caps: Vec<&str> = ws.iter().copied().filter(|w| is_capitalized(w)).collect();
    let last = clean(caps.last()?);
    names
        .entries
        .iter()
        .filter(|(n, _)| words(n).last() == words(&last).last())
        .max_by_key(|(n, _)| n.len())
        .map(|(n, l)| (n.clone(), l.clone()))
}

/// The words of mention `m` up to its head, as nominal resolution reads them (`lower` is the
/// mention lower-cased): the head of `a narrator in the Clinton ad` is `narrator`, a name after
/// the preposition is not the speaker (see `in_modifier`); a record's phrase is read whole.
pub(super) fn head_words<'a>(doc: &'a Document, m: Span, lower: &str) -> Vec<&'a str> {
    let ws: Vec<&str> = doc
        .tokens_in(m)
        .iter()
        .filter(|t| t.is_word())
        .map(|t| doc.slice(t.span))
        .collect();
    let record = ws.first().is_some_and(|w| RECORD_NOUNS.contains(w))
        || ws.get(1).is_some_and(|w| RECORD_NOUNS.contains(w));
    if lower.starts_with(|c: char| c.is_lowercase()) && !record {
        ws.into_iter()
            .take_while(|w| !HEAD_ENDS.contains(w))
            .collect()
    } else {
        ws
    }
}

/// Where the role `head` (lower-cased) is written as a whole word before byte `at` of
/// `lower_text`, nearest first, at most `ROLE_BYTES_BACK` bytes back: bounded, so that an
/// article of many such mentions costs linear time.
pub(super) fn role_mentions_before<'a>(
    lower_text: &'a str,
    at: usize,
    head: &'a str,
) -> impl Iterator<Item = usize> + 'a {
    let from = floor_boundary(lower_text, at.saturating_sub(ROLE_BYTES_BACK));
    lower_text[from..at]
        .rmatch_indices(head)
        .map(move |(i, _)| from + i)
        .filter(move |&i| whole_word(lower_text, i, head.len()))
}

/// How far back a role's earlier mentions are looked for (see `nominal`): bytes, and mentions.
pub(super) const ROLE_BYTES_BACK: usize = 30_000;
const ROLE_MENTIONS_BACK: usize = 20;

/// Whether the `len` bytes at `i` of `text` are a whole word (`man`, not `manager` or `woman`;
/// a plural or possessive ending still counts: `the suspect's car`).
fn whole_word(text: &str, i: usize, len: usize) -> bool {
    let before = text[..i].chars().next_back();
    let after = text[i + len..].chars().next();
    !before.is_some_and(char::is_alphanumeric)
        && (!after.is_some_and(char::is_alphanumeric) || after == Some('s'))
}

/// Groups named after their members (`Doctors for Camp Closure` for `the doctors`, `Students
/// for Fair Admissions`, `Mothers Against Drunk Driving`), read from the text in one pass so the
/// entity model need not have read them: every name of three words or more that opens a run of
/// capitalised words (and connectors) and ends with a capitalised word, by its first word.
pub(super) struct Groups(HashMap<String, Vec<(usize, String)>>);

impl Groups {
    pub(super) fn new(text: &str) -> Self {
        let words: Vec<(usize, &str)> = text
            .split_whitespace()
            .map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
            .collect();
        let bare = |w: &str| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string();
        let mut by_first: HashMap<String, Vec<(usize, String)>> = HashMap::new();
        for i in 0..words.len() {
            let first = bare(words[i].1);
            if !is_capitalized(&first) || i > 0 && is_capitalized(&bare(words[i - 1].1)) {
                continue;
            }
            let mut run = vec![first.clone()];
            // The name goes on over capitalised words and connectors, up to a mark.
            let mut j = i;
            while !words[j].1.ends_with(|c: char| !c.is_alphanumeric()) && j + 1 < words.len() {
                j += 1;
                let w = bare(words[j].1);
                let connector = matches!(
                    w.as_str(),
                    "for" | "of" | "against" | "without" | "in" | "on" | "and" | "&"
                );
                if !(is_capitalized(&w) || connector) || run.len() >= 8 {
                    break;
                }
                run.push(w);
            }
            while run.last().is_some_and(|w| !is_capitalized(w)) {
                run.pop();
            }
            if run.len() >= 3 {
                by_first
                    .entry(first)
                    .or_default()
                    .push((words[i].0, run.join(" ")));
            }
        }
        Groups(by_first)
    }

    /// The latest group before byte `before` whose name opens with `plural`, capitalised.
    pub(super) fn latest(&self, plural: &str, before: usize) -> Option<&str> {
        let mut chars = plural.chars();
        let first = chars.next()?;
        let titled: String = first.to_uppercase().chain(chars).collect();
        let at = self.0.get(&titled)?;
        let n = at.partition_point(|(p, _)| *p < before);
        n.checked_sub(1).map(|k| at[k].1.as_str())
    }
}

/// The latest group named for `plural` in `before` (see [`Groups`]).
#[cfg(test)]
pub(super) fn group_named_for(before: &str, plural: &str) -> Option<String> {
    Groups::new(before)
        .latest(plural, before.len())
        .map(str::to_string)
}
