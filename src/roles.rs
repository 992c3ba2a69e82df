//! Attribution roles learned from PolNeAR (work in progress): every token of a speech
//! attribution tagged as its source, cue or content (IOB2), read as whosaid's own sentences.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crate::conll::Sentence;
use crate::document::{Document, Span};
use crate::error::{Error, Result};
use crate::eval::{is_quote_mark, speech_cue};
use crate::sentences;
use crate::train::{train_on, EpochReport, TrainOptions};

/// Role labels, IOB2.
pub const ROLE_LABELS: [&str; 7] = ["O", "B-SRC", "I-SRC", "B-CUE", "I-CUE", "B-CON", "I-CON"];

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

/// Model-alone predictions (work in progress): every content chunk the role tagger finds becomes
/// a quote, with the nearest cue and source chunks of its sentence (else the sentence before) as
/// cue and speaker mention; JSON records with code-point offsets, as `extract` writes them (no
/// speaker names: the mention is what PolNeAR scores).
pub fn predict_records(
    model: &crate::model::NerModel,
    articles: Vec<(String, String)>,
) -> Result<Vec<serde_json::Value>> {
    use crate::document::CharIndex;
    let mut docs = Vec::new();
    let mut sents: Vec<Sentence> = Vec::new();
    for (d, (id, text)) in articles.into_iter().enumerate() {
        let mut doc = Document::new(id, text);
        sentences::annotate(&mut doc);
        for s in &doc.sentences {
            let toks = doc.tokens_in(s.span);
            if toks.is_empty() {
                continue;
            }
            let words: Vec<String> = toks.iter().map(|t| doc.slice(t.span).to_string()).collect();
            let tags = vec!["O".to_string(); words.len()];
            sents.push(Sentence {
                words,
                tags,
                doc: d,
            });
        }
        docs.push(doc);
    }
    let tagged = crate::conll::predict_sentences_scored(
        &*model.classifier,
        &model.tokenizer,
        &sents,
        128,
        true,
    )?;
    let mut out = Vec::new();
    let mut si = 0;
    for doc in &docs {
        let ix = CharIndex::new(&doc.text);
        // Per sentence: role chunks as (role, byte span).
        let mut per_sentence: Vec<Vec<(String, Span)>> = Vec::new();
        let mut scores: Vec<Vec<f32>> = Vec::new();
        for s in &doc.sentences {
            let toks = doc.tokens_in(s.span);
            if toks.is_empty() {
                per_sentence.push(Vec::new());
                scores.push(Vec::new());
                continue;
            }
            let scored = &tagged[si];
            si += 1;
            let tags: Vec<String> = scored.iter().map(|(t, _)| t.clone()).collect();
            let found = crate::conll::chunks(&tags);
            scores.push(
                found
                    .iter()
                    .map(|&(a, b, _)| {
                        scored[a..b].iter().map(|x| x.1).sum::<f32>() / (b - a).max(1) as f32
                    })
                    .collect(),
            );
            per_sentence.push(
                found
                    .into_iter()
                    .map(|(a, b, ty)| (ty, Span::new(toks[a].span.start, toks[b - 1].span.end)))
                    .collect(),
            );
        }
        let mut n = 0;
        for (k, chunks) in per_sentence.iter().enumerate() {
            for (ci, (ty, span)) in chunks.iter().enumerate() {
                if ty != "CON" {
                    continue;
                }
                let nearest = |role: &str| {
                    let here = chunks
                        .iter()
                        .filter(|(t, _)| t == role)
                        .min_by_key(|(_, sp)| sp.start.abs_diff(span.start))
                        .map(|x| x.1);
                    here.or_else(|| {
                        k.checked_sub(1).and_then(|p| {
                            per_sentence[p]
                                .iter()
                                .rev()
                                .find(|(t, _)| t == role)
                                .map(|x| x.1)
                        })
                    })
                };
                let text = doc.slice(*span);
                let quoted = text.chars().any(is_quote_mark) || text.contains('“');
                let kind = if text.starts_with(['“', '"']) && text.ends_with(['”', '"']) {
                    "direct"
                } else if quoted {
                    "mixed"
                } else {
                    "indirect"
                };
                let cue = nearest("CUE");
                // The source of the cue that introduces this content: the SRC chunk nearest to
                // that cue, in the same sentence; else the nearest one to the content.
                let src = cue
                    .and_then(|c| {
                        chunks
                            .iter()
                            .filter(|(t, _)| t == "SRC")
                            .min_by_key(|(_, sp)| {
                                sp.start.abs_diff(c.start).min(sp.end.abs_diff(c.end))
                            })
                            .map(|x| x.1)
                    })
                    .or_else(|| nearest("SRC"));
                let cp = |b: usize| ix.char_of(b);
                out.push(serde_json::json!({
                    "doc_id": doc.id, "quote_id": format!("{}:{n}", doc.id), "kind": kind,
                    "text": text, "start": cp(span.start), "end": cp(span.end),
                    "cue": cue.map(|c| doc.slice(c)), "cue_start": cue.map(|c| cp(c.start)),
                    "cue_end": cue.map(|c| cp(c.end)), "speaker": null, "speaker_type": null,
                    "speaker_mention": src.map(|c| doc.slice(c)),
                    "speaker_start": src.map(|c| cp(c.start)), "speaker_end": src.map(|c| cp(c.end)),
                    "confidence": (scores[k][ci] * 1000.0).round() / 1000.0, "sentence": k, "paragraph": doc.sentences[k].paragraph,
                }));
                n += 1;
            }
        }
    }
    Ok(out)
}
