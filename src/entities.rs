//! Named entities from the transformer tagger, as spans of the original text.
//!
//! Inputs of any length are cut into overlapping windows that fit the model; each token takes its
//! prediction from the window where it sits furthest from an edge, so entities at window edges
//! keep their full context. Windows from many texts are sorted by length and batched together to
//! cut padding. Words are the tokenizer's pre-tokens; a word's tag is its first sub-token's (as
//! in training), and BIO tags are merged into entity spans with the mean word probability.

use crate::conll::{classify_rows, decode_iob2};
use crate::document::{Document, Entity, Span};
use crate::error::{Error, Result};
use crate::model::{case_type, NerModel};

/// Tags text with a loaded [`NerModel`]. `Sync`: one tagger serves all rayon workers.
pub struct EntityTagger {
    /// The checkpoint that runs.
    pub model: NerModel,
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
    pub fn new(model: NerModel, max_len: usize) -> Result<Self> {
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
            .map(|(enc, p)| merge_words(enc, p, labels))
            .collect())
    }

    /// Tags the regions of each document that `select` returns (at most one per sentence, in
    /// document offsets), batching across documents, and stores the entities in document
    /// offsets.
    pub fn annotate(
        &self,
        docs: &mut [Document],
        select: impl Fn(&Document) -> Vec<Option<Span>>,
    ) -> Result<()> {
        let mut refs: Vec<(usize, Span)> = Vec::new();
        for (d, doc) in docs.iter().enumerate() {
            refs.extend(select(doc).into_iter().flatten().map(|r| (d, r)));
        }
        let texts: Vec<&str> = refs.iter().map(|(d, s)| docs[*d].slice(*s)).collect();
        let found = self.tag(&texts)?;
        for ((d, span), ents) in refs.into_iter().zip(found) {
            docs[d].entities.extend(ents.into_iter().map(|mut e| {
                e.span = Span::new(e.span.start + span.start, e.span.end + span.start);
                e
            }));
        }
        for doc in docs.iter_mut() {
            doc.entities.sort_by_key(|e| e.span);
        }
        Ok(())
    }
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
