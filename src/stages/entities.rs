//! Named entities from the transformer tagger, as spans of the original text.
//!
//! Inputs of any length are cut into overlapping windows that fit the model; each token takes its
//! prediction from the window where it sits furthest from an edge, so entities at window edges
//! keep their full context. Windows from many texts are sorted by length and batched together to
//! cut padding. Words are the tokenizer's pre-tokens; a word's tag is its first sub-token's (as
//! in training), and BIO tags are merged into entity spans with the mean word probability.

use crate::document::{Document, Entity, Span};
use crate::error::{Error, Result};
use crate::model::tagging::{classify_rows, decode_iob2};
use crate::model::{case_type, TaggerModel};
use crate::stages::attribution::cues;

/// Tags text with a loaded [`TaggerModel`]. `Sync`: one tagger serves all rayon workers.
pub struct EntityTagger {
    /// The checkpoint that runs.
    pub model: TaggerModel,
    /// Longest window, special tokens included.
    pub max_len: usize,
    /// Tokens shared by consecutive windows.
    pub overlap: usize,
    /// Windows per forward pass.
    pub batch_size: usize,
    cls: u32,
    sep: u32,
}

struct Window {
    text: usize,
    start: usize,
    ids: Vec<u32>,
    types: Vec<u32>,
}

/// Case class of every token's word (0 everywhere for models that do not read case).
fn token_types(text: &str, enc: &tokenizers::Encoding, case_types: bool) -> Vec<u32> {
    let n = enc.get_ids().len();
    if !case_types {
        return vec![0; n];
    }
    let offsets = enc.get_offsets();
    let words = enc.get_word_ids();
    let mut out = vec![0; n];
    let mut i = 0;
    while i < n {
        let mut j = i + 1;
        while j < n && words[j].is_some() && words[j] == words[i] {
            j += 1;
        }
        let word = text.get(offsets[i].0..offsets[j - 1].1).unwrap_or("");
        out[i..j].fill(case_type(word));
        i = j;
    }
    out
}

impl EntityTagger {
    /// A tagger with windows of `max_len` tokens (capped by the model's position table).
    pub fn new(model: TaggerModel, max_len: usize) -> Result<Self> {
        let special = |t: &str| {
            model
                .tokenizer
                .token_to_id(t)
                .ok_or_else(|| Error::model(&model.dir, format!("tokenizer has no {t} token")))
        };
        let (cls, sep) = (special("[CLS]")?, special("[SEP]")?);
        let max_len = max_len.min(model.classifier.max_len()).max(8);
        Ok(Self {
            model,
            max_len,
            overlap: (max_len / 4).max(2),
            batch_size: 32,
            cls,
            sep,
        })
    }

    /// Entities of each text, with byte offsets into that text.
    pub fn tag(&self, texts: &[&str]) -> Result<Vec<Vec<Entity>>> {
        let encodings = texts
            .iter()
            .map(|t| {
                self.model
                    .tokenizer
                    .encode(*t, false)
                    .map_err(|e| Error::Tokenizer(e.to_string()))
            })
            .collect::<Result<Vec<_>>>()?;
        let inner = self.max_len - 2;
        let mut windows = Vec::new();
        let case = self.model.classifier.case_types();
        for (ti, enc) in encodings.iter().enumerate() {
            let n = enc.get_ids().len();
            let all_types = token_types(texts[ti], enc, case);
            let mut s = 0;
            while s < n {
                let e = (s + inner).min(n);
                let mut ids = Vec::with_capacity(e - s + 2);
                ids.push(self.cls);
                ids.extend_from_slice(&enc.get_ids()[s..e]);
                ids.push(self.sep);
                let mut types = Vec::with_capacity(ids.len());
                types.push(0);
                types.extend_from_slice(&all_types[s..e]);
                types.push(0);
                windows.push(Window {
                    text: ti,
                    start: s,
                    ids,
                    types,
                });
                if e == n {
                    break;
                }
                s = e - self.overlap;
            }
        }
        let labels = self.model.classifier.labels();
        let nl = labels.len();
        // probs[text][token] and the distance of that token to its window's edge.
        let mut probs: Vec<Vec<(usize, Vec<f32>)>> = encodings
            .iter()
            .map(|e| vec![(0, Vec::new()); e.get_ids().len()])
            .collect();
        let mut order: Vec<usize> = (0..windows.len()).collect();
        order.sort_by_key(|&i| windows[i].ids.len());
        for chunk in order.chunks(self.batch_size) {
            let rows: Vec<(&[u32], &[u32])> = chunk
                .iter()
                .map(|&i| (windows[i].ids.as_slice(), windows[i].types.as_slice()))
                .collect();
            let (out, len) = classify_rows(&*self.model.classifier, &rows)?;
            for (row, &wi) in chunk.iter().enumerate() {
                let w = &windows[wi];
                let n = w.ids.len() - 2;
                for k in 0..n {
                    let centrality = k.min(n - 1 - k) + 1;
                    let slot = &mut probs[w.text][w.start + k];
                    if centrality > slot.0 {
                        let at = (row * len + k + 1) * nl;
                        *slot = (centrality, out[at..at + nl].to_vec());
                    }
                }
            }
        }
        Ok(encodings
            .iter()
            .zip(&probs)
            .zip(texts)
            .map(|((enc, p), text)| whole_names(text, merge_words(enc, p, labels)))
            .collect())
    }

    /// The entities of the regions of each document that `select` returns (at most one per
    /// sentence, in document offsets), batching across documents: per document, in document
    /// offsets and text order.
    pub fn find(
        &self,
        docs: &[Document],
        select: impl Fn(&Document) -> Vec<Option<Span>>,
    ) -> Result<Vec<Vec<Entity>>> {
        let mut refs: Vec<(usize, Span)> = Vec::new();
        for (d, doc) in docs.iter().enumerate() {
            refs.extend(select(doc).into_iter().flatten().map(|r| (d, r)));
        }
        let texts: Vec<&str> = refs.iter().map(|(d, s)| docs[*d].slice(*s)).collect();
        let found = self.tag(&texts)?;
        let mut out: Vec<Vec<Entity>> = vec![Vec::new(); docs.len()];
        for ((d, span), ents) in refs.into_iter().zip(found) {
            out[d].extend(ents.into_iter().map(|mut e| {
                e.span = Span::new(e.span.start + span.start, e.span.end + span.start);
                e
            }));
        }
        for ents in &mut out {
            ents.sort_by_key(|e| e.span);
        }
        Ok(out)
    }
}

/// Lower-case particles inside names (`Pieter de Vries`, `Ludwig van Beethoven`) that are not
/// English words, so a person's name may start with one (`de Vries said`).
const PARTICLES: &[&str] = &[
    "de", "van", "von", "der", "den", "da", "di", "du", "del", "della", "dos", "das", "ten", "ter",
    "bin", "ibn",
];

/// Hyphens and apostrophes that join the parts of one name (`Ocasio-Cortez`, `O’Brien`).
fn joins_name(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}' | '\'' | '’')
}

/// Whether the text between two person entities makes them one name: nothing, a hyphen or an
/// apostrophe, name particles (`Pieter` + `de` + `Vries`), a space before a second part that
/// took its particle in (`Pieter` + `de Vries`), or an initial's period (`G` + `.` + `K.
/// Butterfield`).
fn joins_across(text: &str, prev: Span, next: Span) -> bool {
    let gap = &text[prev.end..next.start];
    let mut chars = gap.chars();
    let one_joiner = chars.next().is_some_and(joins_name) && chars.next().is_none();
    let particles = gap.starts_with(' ')
        && gap.ends_with(' ')
        && gap
            .split(' ')
            .filter(|w| !w.is_empty())
            .all(|w| PARTICLES.contains(&w))
        && !gap.trim().is_empty();
    let first = text[next.start..].split(' ').next().unwrap_or("");
    let particle_next = gap == " " && PARTICLES.contains(&first);
    let before = &text[..prev.end];
    let initial = gap == "."
        && before.chars().next_back().is_some_and(char::is_uppercase)
        && !before.chars().rev().nth(1).is_some_and(char::is_alphabetic);
    one_joiner || gap.is_empty() || particles || particle_next || initial
}

/// A capitalised word at the start of `s` (letters, with inner apostrophes), as its byte length.
fn capitalised_word(s: &str) -> Option<usize> {
    let first = s.chars().next()?;
    if !first.is_uppercase() {
        return None;
    }
    let n = s
        .char_indices()
        .find(|&(_, c)| !(c.is_alphabetic() || c == '\'' || c == '’'))
        .map_or(s.len(), |(i, _)| i);
    Some(n.min(s.trim_end_matches(['\'', '’']).len()))
}

/// The lower-case second syllable of a hyphenated Korean given name after a family name
/// (`Ban Ki` + `-moon`, `Moon Jae` + `-in`), as its byte length: a short syllable after a name
/// of two or more words whose last part is short too. `Obama-era`, `Smith-led` stay apart.
fn korean_given_name(name: &str, joiner: char, rest: &str) -> Option<usize> {
    let last = name.rsplit(' ').next()?;
    let n = rest
        .char_indices()
        .find(|&(_, c)| !c.is_alphabetic())
        .map_or(rest.len(), |(i, _)| i);
    let syllable = &rest[..n];
    (joiner == '-'
        && name.contains(' ')
        && (2..=4).contains(&last.chars().count())
        && (2..=4).contains(&syllable.chars().count())
        && syllable.chars().all(|c| c.is_ascii_lowercase())
        && ![
            "led", "era", "run", "born", "like", "type", "free", "made", "held", "ish", "old",
        ]
        .contains(&syllable))
    .then_some(n)
}

/// Drops entities of punctuation alone and makes persons' names whole where the tagger cut
/// them: WordPiece splits at hyphens and apostrophes, and the model sometimes tags the parts as
/// two names (`Jean` + `Pierre Lacroix`) or leaves one part out (`Alexandria Ocasio` +
/// `-Cortez`, `O’` + `Brien`), and particles between or before the parts of a person's name
/// (`Pieter` + `de` + `Vries`, `de Vries`).
/// ` Ki-moon` after `Ban`: the byte length of a Korean given name (space, a capitalised syllable
/// of two to four letters, a hyphen, a lower-case syllable of two to four) after a one-word
/// family name of two to four letters.
fn korean_given_name_after(name: &str, after: &str) -> Option<usize> {
    let rest = after.strip_prefix(' ')?;
    let (first, tail) = rest.split_once('-')?;
    let second: String = tail.chars().take_while(|c| c.is_alphabetic()).collect();
    let syllable = |s: &str| (2..=4).contains(&s.chars().count());
    (!name.contains(' ')
        && syllable(name)
        && name.chars().all(char::is_alphabetic)
        && syllable(first)
        && first.starts_with(char::is_uppercase)
        && first.chars().skip(1).all(|c| c.is_ascii_lowercase())
        && syllable(&second)
        && second.chars().all(|c| c.is_ascii_lowercase())
        && ![
            "led", "era", "run", "born", "like", "type", "free", "made", "held", "ish", "old",
        ]
        .contains(&second.as_str()))
    .then(|| 1 + first.len() + 1 + second.len())
}

fn whole_names(text: &str, ents: Vec<Entity>) -> Vec<Entity> {
    let mut out: Vec<Entity> = Vec::with_capacity(ents.len());
    for mut e in ents {
        // A tag on punctuation alone (the `.` of `Mr.`, split off by WordPiece) names nobody:
        // it gave one speaker the empty name.
        if !text[e.span.start..e.span.end]
            .chars()
            .any(char::is_alphanumeric)
        {
            continue;
        }
        if e.label != "PER" {
            out.push(e);
            continue;
        }
        // A reporting verb at either edge is no part of a person's name (`Andrew said`
        // tagged whole gave that speaker the name `Andrew said`).
        let verb = |w: &str| w.starts_with(char::is_lowercase) && cues::lookup(w).is_some();
        while let Some((head, _)) = text[e.span.start..e.span.end]
            .rsplit_once(' ')
            .filter(|(_, w)| verb(w))
        {
            e.span.end = e.span.start + head.trim_end().len();
        }
        while let Some((first, _)) = text[e.span.start..e.span.end]
            .split_once(' ')
            .filter(|(w, _)| verb(w))
        {
            e.span.start += first.len() + 1;
        }
        // Extend backwards over `Word-`, `O’` and a person's particles.
        loop {
            let before = &text[..e.span.start];
            if let Some(h) = before.strip_suffix(joins_name) {
                let word_start = h
                    .char_indices()
                    .rev()
                    .take_while(|&(_, c)| c.is_alphabetic())
                    .last()
                    .map(|(i, _)| i);
                match word_start {
                    Some(ws)
                        if text[ws..].starts_with(char::is_uppercase)
                            && out.last().is_none_or(|p| p.span.end <= ws) =>
                    {
                        e.span.start = ws;
                        continue;
                    }
                    _ => {}
                }
            }
            let trimmed = before.trim_end_matches(' ');
            if trimmed.len() + 1 == before.len() {
                let word_start = trimmed.rfind(|c: char| !c.is_alphabetic()).map_or(0, |i| {
                    i + trimmed[i..].chars().next().map_or(1, char::len_utf8)
                });
                let word = &trimmed[word_start..];
                if PARTICLES.contains(&word) && out.last().is_none_or(|p| p.span.end <= word_start)
                {
                    e.span.start = word_start;
                    continue;
                }
            }
            break;
        }
        // A Korean given name left untagged after the family name (`Ban` + ` Ki-moon`, `Moon` +
        // ` Jae-in`, `Kim` + ` Jong-un`): a one-word name of two to four letters, then a
        // capitalised syllable, a hyphen and a lower-case one.
        if let Some(n) =
            korean_given_name_after(&text[e.span.start..e.span.end], &text[e.span.end..])
        {
            e.span.end += n;
        }
        // Extend forwards over `-Word`.
        loop {
            let after = &text[e.span.end..];
            let Some(c) = after.chars().next() else { break };
            if !joins_name(c) {
                break;
            }
            let rest = &after[c.len_utf8()..];
            match capitalised_word(rest)
                .or_else(|| korean_given_name(&text[e.span.start..e.span.end], c, rest))
            {
                Some(n) if n > 0 => e.span.end += c.len_utf8() + n,
                _ => break,
            }
        }
        // Join with the previous entity when an extension reached into this one (`Jean-` +
        // `Pierre Lacroix`) or the text between them joins them.
        if let Some(prev) = out.last_mut() {
            if prev.label == e.label
                && (prev.span.end > e.span.start || joins_across(text, prev.span, e.span))
            {
                prev.span.end = prev.span.end.max(e.span.end);
                prev.score = prev.score.min(e.score);
                continue;
            }
            if prev.span.end > e.span.start {
                // Extensions never overlap what came before: keep the earlier entity whole.
                e.span.start = prev.span.end;
                if e.span.is_empty() {
                    continue;
                }
            }
        }
        out.push(e);
    }
    out
}

/// Word tags from first sub-tokens (decoded as one valid IOB2 sequence), merged into entity spans.
fn merge_words(
    enc: &tokenizers::Encoding,
    probs: &[(usize, Vec<f32>)],
    labels: &[String],
) -> Vec<Entity> {
    let offsets = enc.get_offsets();
    let mut spans: Vec<Span> = Vec::new();
    let mut rows: Vec<&[f32]> = Vec::new();
    let mut last_word = None;
    for (t, w) in enc.get_word_ids().iter().enumerate() {
        let (s, e) = offsets[t];
        match (w, last_word) {
            (Some(w), Some(lw)) if *w == lw => {
                if let Some(last) = spans.last_mut() {
                    last.end = e;
                }
            }
            _ => {
                let p = &probs[t].1;
                if p.is_empty() {
                    continue;
                }
                spans.push(Span::new(s, e));
                rows.push(p);
            }
        }
        last_word = *w;
    }
    let tags = decode_iob2(labels, &rows);
    let words = spans
        .into_iter()
        .zip(tags)
        .zip(&rows)
        .map(|((span, l), p)| (span, l, p[l]));
    let mut out: Vec<Entity> = Vec::new();
    let mut count = 0usize;
    let mut open = false;
    for (span, l, p) in words {
        let tag = &labels[l];
        let (prefix, ty) = tag.split_once('-').unwrap_or(("O", ""));
        let extend = open && prefix == "I" && out.last().is_some_and(|e| e.label == ty);
        if extend {
            let e = out.last_mut().expect("open entity");
            e.span.end = span.end;
            e.score = (e.score * count as f32 + p) / (count + 1) as f32;
            count += 1;
        } else if prefix == "B" || prefix == "I" {
            out.push(Entity {
                span,
                label: ty.to_string(),
                score: p,
            });
            count = 1;
            open = true;
        } else {
            open = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn korean_given_names_after_the_family_name_are_part_of_it() {
        assert_eq!(
            korean_given_name_after("Ban", " Ki-moon, the"),
            Some(" Ki-moon".len())
        );
        assert_eq!(
            korean_given_name_after("Kim", " Jong-un said"),
            Some(" Jong-un".len())
        );
        assert_eq!(korean_given_name_after("Obama", " Ki-moon"), None);
        assert_eq!(korean_given_name_after("Ban", " Smith-led"), None);
        assert_eq!(korean_given_name_after("Ban Ki", "-moon"), None);
    }

    fn ents(text: &str, parts: &[(&str, &str)]) -> Vec<Entity> {
        let mut from = 0;
        parts
            .iter()
            .map(|(p, l)| {
                let s = from + text[from..].find(p).unwrap();
                from = s + p.len();
                Entity {
                    span: Span::new(s, s + p.len()),
                    label: l.to_string(),
                    score: 0.9,
                }
            })
            .collect()
    }

    fn names(text: &str, parts: &[(&str, &str)]) -> Vec<String> {
        whole_names(text, ents(text, parts))
            .iter()
            .map(|e| text[e.span.start..e.span.end].to_string())
            .collect()
    }

    #[test]
    fn a_reporting_verb_tagged_with_a_name_is_left_out_of_it() {
        let t = "“No indication,” Andrew said. Then said Maitlis: “Why?”";
        assert_eq!(
            names(t, &[("Andrew said", "PER"), ("said Maitlis", "PER")]),
            ["Andrew", "Maitlis"]
        );
        // (Lower-case words that are no verbs stay: particles, broken encodings.)
        let t = "Ludwig van Beethoven and Stefan K rner";
        assert_eq!(
            names(
                t,
                &[("Ludwig van Beethoven", "PER"), ("Stefan K rner", "PER")]
            ),
            ["Ludwig van Beethoven", "Stefan K rner"]
        );
    }

    #[test]
    fn names_are_whole_across_hyphens_apostrophes_and_particles() {
        let t = "Representative Alexandria Ocasio-Cortez said";
        assert_eq!(
            names(t, &[("Alexandria Ocasio", "PER")]),
            ["Alexandria Ocasio-Cortez"]
        );
        assert_eq!(
            names(t, &[("Alexandria Ocasio", "PER"), ("Cortez", "PER")]),
            ["Alexandria Ocasio-Cortez"]
        );
        let t = "Jean-Pierre Lacroix, the chief";
        assert_eq!(
            names(t, &[("Jean", "PER"), ("Pierre Lacroix", "PER")]),
            ["Jean-Pierre Lacroix"]
        );
        assert_eq!(
            names(t, &[("Pierre Lacroix", "PER")]),
            ["Jean-Pierre Lacroix"]
        );
        let t = "said Sean O’Brien.";
        assert_eq!(
            names(t, &[("Sean O", "PER"), ("Brien", "PER")]),
            ["Sean O’Brien"]
        );
        assert_eq!(names(t, &[("Brien", "PER")]), ["O’Brien"]);
        let t = "Pieter de Vries said, and later de Vries added";
        assert_eq!(
            names(t, &[("Pieter", "PER"), ("Vries", "PER"), ("Vries", "PER")]),
            ["Pieter de Vries", "de Vries"]
        );
        let t = "Ludwig van der Berg";
        assert_eq!(
            names(t, &[("Ludwig", "PER"), ("Berg", "PER")]),
            ["Ludwig van der Berg"]
        );
    }

    #[test]
    fn other_hyphens_and_words_stay_apart() {
        // A lower-case word after a hyphen is not a name part; places and organisations are
        // left as tagged.
        let t = "Obama-era rules, the Smith-led team and a Paris-Berlin line";
        assert_eq!(
            names(t, &[("Obama", "PER"), ("Smith", "PER")]),
            ["Obama", "Smith"]
        );
        assert_eq!(
            names(t, &[("Paris", "LOC"), ("Berlin", "LOC")]),
            ["Paris", "Berlin"]
        );
        let t = "Banco de España said";
        assert_eq!(
            names(t, &[("Banco", "ORG"), ("España", "ORG")]),
            ["Banco", "España"]
        );
        let t = "the Ban Ki-moon era and the Tom Cruz-led team";
        assert_eq!(
            names(t, &[("Ban Ki", "PER"), ("Tom Cruz", "PER")]),
            ["Ban Ki-moon", "Tom Cruz"]
        );
        let t = "the pro-Trump crowd";
        assert_eq!(names(t, &[("Trump", "PER")]), ["Trump"]);
        // Punctuation alone is no entity; an initial's period joins.
        let t = "Mr. Stenger said";
        assert_eq!(names(t, &[(".", "PER"), ("Stenger", "PER")]), ["Stenger"]);
        let t = "Rep. G.K. Butterfield said";
        assert_eq!(
            names(t, &[("G", "PER"), (".", "PER"), ("K. Butterfield", "PER")]),
            ["G.K. Butterfield"]
        );
        assert_eq!(
            names(t, &[("G", "PER"), ("K. Butterfield", "PER")]),
            ["G.K. Butterfield"]
        );
    }
}
