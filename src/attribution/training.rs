//! The role model's training data and recipe: every token of a PolNeAR speech attribution
//! tagged as its source, cue or content (IOB2) over whosaid's own sentences and tokens, so the
//! model sees at training time exactly the words `roles` gives it.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crate::conll::Sentence;
use crate::document::{Document, Span};
use crate::error::{Error, Result};
use crate::eval::{is_quote_mark, speech_cue};
use crate::sentences;
use crate::train::{train_on, EpochReport, TrainOptions};

use super::roles::ROLE_LABELS;

/// One attribution's role spans, byte offsets.
#[derive(Debug, Default, Clone)]
struct Roles {
    source: Vec<Span>,
    cue: Vec<Span>,
    content: Vec<Span>,
}

/// The speech attributions of a PolNeAR split (first annotator of each article), with the text.
fn read_split(dir: &Path) -> Result<Vec<(String, String, Vec<Roles>)>> {
    let ann_dir = dir.join("attributions");
    let mut files: Vec<_> = std::fs::read_dir(&ann_dir)
        .map_err(|e| Error::io(&ann_dir, e))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "ann"))
        .collect();
    files.sort();
    let mut by_stem: BTreeMap<String, std::path::PathBuf> = BTreeMap::new();
    for f in files {
        let name = f
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let stem = name
            .rsplit_once('_')
            .map_or(name.clone(), |(a, _)| a.to_string());
        by_stem.entry(stem).or_insert(f);
    }
    let mut out = Vec::new();
    for (stem, f) in by_stem {
        let tpath = dir.join("text").join(format!("{stem}.txt"));
        let text = std::fs::read_to_string(&tpath).map_err(|e| Error::io(&tpath, e))?;
        // Brat offsets are code points.
        let mut byte_of: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        byte_of.push(text.len());
        let to_span = |a: usize, b: usize| {
            Span::new(
                byte_of[a.min(byte_of.len() - 1)],
                byte_of[b.min(byte_of.len() - 1)],
            )
        };
        let ann = std::fs::read_to_string(&f).map_err(|e| Error::io(&f, e))?;
        let mut tb: HashMap<String, Vec<Span>> = HashMap::new();
        let mut roles = Vec::new();
        for line in ann.lines() {
            let p: Vec<&str> = line.split('\t').collect();
            if p[0].starts_with('T') && p.len() >= 2 {
                let (_, rng) = p[1].split_once(' ').unwrap_or((p[1], ""));
                let spans = rng
                    .split(';')
                    .filter_map(|x| {
                        let mut it = x.split_whitespace().map(|v| v.parse::<usize>());
                        match (it.next(), it.next()) {
                            (Some(Ok(a)), Some(Ok(b))) => Some(to_span(a, b)),
                            _ => None,
                        }
                    })
                    .collect();
                tb.insert(p[0].to_string(), spans);
            } else if p[0].starts_with('E') && p.len() >= 2 {
                let r: HashMap<&str, &str> = p[1]
                    .split_whitespace()
                    .skip(1)
                    .filter_map(|x| x.split_once(':'))
                    .collect();
                let get = |k: &str| {
                    r.get(k)
                        .and_then(|t| tb.get(*t))
                        .cloned()
                        .unwrap_or_default()
                };
                let roles_here = Roles {
                    source: get("Source"),
                    cue: get("Cue"),
                    content: get("Content"),
                };
                let cue_text: String = roles_here
                    .cue
                    .iter()
                    .map(|s| &text[s.start..s.end])
                    .collect::<Vec<_>>()
                    .join(" ");
                let has_quote = roles_here
                    .content
                    .iter()
                    .any(|s| text[s.start..s.end].chars().any(is_quote_mark));
                // Speech only, as polnear_gold.py decides it.
                if has_quote || cue_text.trim() == ":" || speech_cue(&cue_text) {
                    roles.push(roles_here);
                }
            }
        }
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
pub fn train(opts: &TrainOptions) -> Result<Vec<EpochReport>> {
    let train_sents = tagged_sentences(&opts.train)?;
    let valid = tagged_sentences(&opts.valid)?;
    train_on(opts, &ROLE_LABELS, train_sents, valid)
}
