//! The role model's training data and recipe: every token of a PolNeAR speech attribution
//! tagged as its source, cue or content (IOB2) over whosaid's own sentences and tokens, so the
//! model sees at training time exactly the words `roles` gives it.

use std::path::Path;

use crate::document::{Document, Span};
use crate::error::Result;
use crate::eval::read_polnear;
use crate::stages::sentences;
use crate::train::conll::Sentence;
use crate::train::{train_on, EpochReport, TrainObserver, TrainOptions};

use crate::stages::attribution::roles::ROLE_LABELS;

/// One attribution's role spans, byte offsets.
#[derive(Debug, Default, Clone)]
struct Roles {
    source: Vec<Span>,
    cue: Vec<Span>,
    content: Vec<Span>,
}

/// The speech attributions of a PolNeAR split (first annotator of each article, speech as
/// `polnear_gold.py` keeps it), with the text, in byte spans.
fn read_split(dir: &Path) -> Result<Vec<(String, String, Vec<Roles>)>> {
    let mut out = Vec::new();
    for (stem, text, relations) in read_polnear(dir)? {
        // Brat offsets are code points.
        let mut byte_of: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        byte_of.push(text.len());
        let byte = |c: usize| byte_of[c.min(byte_of.len() - 1)];
        let sub = |a: usize, b: usize| text[byte(a)..byte(b).max(byte(a))].to_string();
        let spans = |list: &[(usize, usize)]| {
            list.iter()
                .map(|&(a, b)| Span::new(byte(a), byte(b)))
                .collect::<Vec<_>>()
        };
        let roles = relations
            .iter()
            .filter(|r| r.is_speech(sub))
            .map(|r| Roles {
                source: spans(&r.source),
                cue: spans(&r.cue),
                content: spans(&r.content),
            })
            .collect();
        out.push((stem, text, roles));
    }
    Ok(out)
}

/// The articles of a PolNeAR split as tagged sentences: whosaid's sentences and tokens, each
/// token tagged with the role of the speech attribution that covers it.
pub fn tagged_sentences(dir: &Path) -> Result<Vec<Sentence>> {
    let mut out = Vec::new();
    for (d, (id, text, roles)) in read_split(dir)?.into_iter().enumerate() {
        let mut doc = Document::new(id, text);
        sentences::annotate(&mut doc);
        // (span, role, attribution) for every role span.
        let mut spans: Vec<(Span, &str, usize)> = Vec::new();
        for (a, r) in roles.iter().enumerate() {
            for (list, role) in [(&r.source, "SRC"), (&r.cue, "CUE"), (&r.content, "CON")] {
                spans.extend(list.iter().map(|&s| (s, role, a)));
            }
        }
        spans.sort_by_key(|x| (x.0.start, x.0.end));
        for s in &doc.sentences {
            let toks = doc.tokens_in(s.span);
            let mut words = Vec::with_capacity(toks.len());
            let mut tags = Vec::with_capacity(toks.len());
            let mut prev: Option<(&str, usize, usize)> = None;
            for t in toks.iter() {
                words.push(doc.slice(t.span).to_string());
                let hit = spans
                    .iter()
                    .enumerate()
                    .find(|(_, (sp, _, _))| sp.start <= t.span.start && t.span.end <= sp.end);
                match hit {
                    Some((k, &(_, role, a))) => {
                        let cont = prev.is_some_and(|(r, pa, pk)| r == role && pa == a && pk == k);
                        tags.push(format!("{}-{role}", if cont { "I" } else { "B" }));
                        prev = Some((role, a, k));
                    }
                    None => {
                        tags.push("O".to_string());
                        prev = None;
                    }
                }
            }
            if !words.is_empty() {
                out.push(Sentence {
                    words,
                    tags,
                    doc: d,
                });
            }
        }
    }
    Ok(out)
}

/// Trains the role tagger on the `--train` split and selects the epoch on `--valid` (PolNeAR
/// folders).
pub fn train(opts: &TrainOptions, observer: &dyn TrainObserver) -> Result<Vec<EpochReport>> {
    let train_sents = tagged_sentences(&opts.train)?;
    let valid = tagged_sentences(&opts.valid)?;
    train_on(opts, &ROLE_LABELS, train_sents, valid, observer)
}
