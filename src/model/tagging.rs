//! Word-level tagging with a token classifier: encoding pre-split words, predicting one tag per
//! word (its first word piece), decoding valid IOB2 and reading entity chunks. The run-time half of
//! what the entity and role taggers share; CoNLL files and their scores are `train::conll`.

use tokenizers::Tokenizer;

use crate::error::{Error, Result};
use crate::model::{case_type, Batch, TokenClassifier};

/// A pre-split sentence encoded for the model.
pub struct Encoded {
    /// Token ids with special tokens, cut to the maximum length.
    pub ids: Vec<u32>,
    /// Case class of each token's word (0 for special tokens).
    pub types: Vec<u32>,
    /// For every word, the index of its first sub-token (None when cut off or empty).
    pub first: Vec<Option<usize>>,
}

/// Encodes a pre-split sentence with special tokens, cut to `max_len`.
pub fn encode_words(tok: &Tokenizer, words: &[String], max_len: usize) -> Result<Encoded> {
    let enc = tok
        .encode(words, true)
        .map_err(|e| Error::Tokenizer(e.to_string()))?;
    let mut ids = enc.get_ids().to_vec();
    let word_ids = enc.get_word_ids();
    let mut first = vec![None; words.len()];
    if ids.len() > max_len {
        // Keep the final [SEP]: the model was trained with it closing every sequence.
        let sep = *ids.last().unwrap_or(&0);
        ids.truncate(max_len - 1);
        ids.push(sep);
    }
    let mut types = vec![0u32; ids.len()];
    for (i, w) in word_ids
        .iter()
        .enumerate()
        .take(ids.len().saturating_sub(1))
    {
        if let Some(w) = w {
            types[i] = case_type(&words[*w as usize]);
            let slot = &mut first[*w as usize];
            if slot.is_none() {
                *slot = Some(i);
            }
        }
    }
    Ok(Encoded { ids, types, first })
}

/// Predicts one tag per word from each word's first sub-token, batching sentences of similar
/// length together.
pub fn predict(
    model: &dyn TokenClassifier,
    tok: &Tokenizer,
    sentences: &[Vec<String>],
    max_len: usize,
    batch_size: usize,
) -> Result<Vec<Vec<String>>> {
    Ok(predict_scored(model, tok, sentences, max_len, batch_size)?
        .into_iter()
        .map(|s| s.into_iter().map(|(t, _)| t).collect())
        .collect())
}

/// Like [`predict`], with the probability of each word's tag.
pub fn predict_scored(
    model: &dyn TokenClassifier,
    tok: &Tokenizer,
    sentences: &[Vec<String>],
    max_len: usize,
    batch_size: usize,
) -> Result<Vec<Vec<(String, f32)>>> {
    let labels = model.labels();
    let encoded = sentences
        .iter()
        .map(|w| encode_words(tok, w, max_len))
        .collect::<Result<Vec<_>>>()?;
    let mut order: Vec<usize> = (0..encoded.len()).collect();
    order.sort_by_key(|&i| encoded[i].ids.len());
    let mut out = vec![Vec::new(); sentences.len()];
    for chunk in order.chunks(batch_size.max(1)) {
        let rows: Vec<(&[u32], &[u32])> = chunk
            .iter()
            .map(|&i| (encoded[i].ids.as_slice(), encoded[i].types.as_slice()))
            .collect();
        let (probs, len) = classify_rows(model, &rows)?;
        let nl = labels.len();
        for (row, &i) in chunk.iter().enumerate() {
            let firsts: Vec<usize> = encoded[i].first.iter().flatten().copied().collect();
            let rows: Vec<&[f32]> = firsts
                .iter()
                .map(|t| &probs[(row * len + t) * nl..(row * len + t + 1) * nl])
                .collect();
            let mut tags = decode_iob2(labels, &rows).into_iter().zip(rows.iter());
            // Words cut off by truncation keep `O`.
            out[i] = encoded[i]
                .first
                .iter()
                .map(|first| match (first, first.and_then(|_| tags.next())) {
                    (Some(_), Some((l, p))) => (labels[l].clone(), p[l]),
                    _ => ("O".to_string(), 1.0),
                })
                .collect();
        }
    }
    Ok(out)
}

/// Pads rows of ids with 0 to `len`; returns ids and the attention mask.
pub fn pad<'a>(rows: impl Iterator<Item = &'a [u32]>, len: usize) -> (Vec<u32>, Vec<u32>) {
    let mut ids = Vec::new();
    let mut mask = Vec::new();
    for r in rows {
        ids.extend_from_slice(r);
        mask.extend(std::iter::repeat_n(1, r.len()));
        ids.extend(std::iter::repeat_n(0, len - r.len()));
        mask.extend(std::iter::repeat_n(0, len - r.len()));
    }
    (ids, mask)
}

/// The most probable tag sequence that is valid IOB2: `I-X` only after `B-X` or `I-X`.
///
/// `words` holds one probability row per word (in `labels` order). Taking the argmax of each word
/// alone yields sequences such as `B-ORG I-LOC` or `O I-PER`, which become a wrong entity either
/// way; Viterbi over the allowed transitions picks the best well-formed sequence instead. Applied
/// to every model, so a checkpoint trained on IOB1 tags (entities opening with `I-`) is decoded as
/// if it were IOB2; the common Hugging Face NER checkpoints are IOB2.
pub fn decode_iob2(labels: &[String], words: &[&[f32]]) -> Vec<usize> {
    let n = labels.len();
    if words.is_empty() || n == 0 {
        return Vec::new();
    }
    // inside[j] = Some(type) for the I-type labels.
    let inside: Vec<Option<&str>> = labels.iter().map(|l| l.strip_prefix("I-")).collect();
    fn ty(l: &str) -> Option<&str> {
        l.split_once('-').map(|(_, t)| t)
    }
    let allowed = |prev: Option<usize>, j: usize| match inside[j] {
        None => true,
        Some(t) => prev.is_some_and(|i| ty(&labels[i]) == Some(t)),
    };
    let ln = |p: f32| (p.max(1e-30) as f64).ln();
    let mut score: Vec<f64> = (0..n)
        .map(|j| {
            if allowed(None, j) {
                ln(words[0][j])
            } else {
                f64::NEG_INFINITY
            }
        })
        .collect();
    let mut back: Vec<Vec<usize>> = Vec::with_capacity(words.len());
    for row in &words[1..] {
        let mut next = vec![f64::NEG_INFINITY; n];
        let mut from = vec![0usize; n];
        for j in 0..n {
            for (i, &s) in score.iter().enumerate() {
                if s > f64::NEG_INFINITY && s > next[j] && allowed(Some(i), j) {
                    next[j] = s;
                    from[j] = i;
                }
            }
            next[j] += ln(row[j]);
        }
        back.push(from);
        score = next;
    }
    let mut best = argmax(&score);
    let mut path = vec![best; words.len()];
    for (k, from) in back.iter().enumerate().rev() {
        best = from[best];
        path[k] = best;
    }
    path
}

/// Index of the largest value (the first of equals; 0 for an empty slice).
pub fn argmax<T: PartialOrd>(v: &[T]) -> usize {
    let mut best = 0;
    for (i, x) in v.iter().enumerate() {
        if *x > v[best] {
            best = i;
        }
    }
    best
}

/// Entity chunks `(start_word, end_word_exclusive, type)` of a tag sequence, read as conlleval does:
/// a chunk starts at `B-X`, or at `I-X` after `O` or another type (IOB1), and ends before any tag
/// that does not continue it.
pub fn chunks(tags: &[String]) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, String)> = None;
    for (i, t) in tags.iter().enumerate() {
        let (prefix, ty) = match t.split_once('-') {
            Some((p, ty)) => (p, ty),
            None => ("O", ""),
        };
        let continues = prefix == "I" && open.as_ref().is_some_and(|(_, o)| o == ty);
        if !continues {
            if let Some((s, ty)) = open.take() {
                out.push((s, i, ty));
            }
            if prefix == "B" || prefix == "I" {
                open = Some((i, ty.to_string()));
            }
        }
    }
    if let Some((s, ty)) = open {
        out.push((s, tags.len(), ty));
    }
    out
}

/// Pads `(ids, types)` rows into one batch and runs the classifier: class probabilities
/// `(rows, len, labels)` and the padded length `len`.
pub fn classify_rows(
    model: &dyn TokenClassifier,
    rows: &[(&[u32], &[u32])],
) -> Result<(Vec<f32>, usize)> {
    let len = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
    let (ids, mask) = pad(rows.iter().map(|r| r.0), len);
    let (types, _) = pad(rows.iter().map(|r| r.1), len);
    let probs = model.probabilities(&Batch {
        ids: &ids,
        types: &types,
        mask: &mask,
        rows: rows.len(),
        len,
    })?;
    Ok((probs, len))
}
#[cfg(test)]
mod tests {
    use super::*;

    fn tags(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn decoding_repairs_tag_sequences_argmax_would_break() {
        let labels = tags("O B-PER I-PER B-ORG I-ORG");
        let decode = |rows: &[[f32; 5]]| -> String {
            let rows: Vec<&[f32]> = rows.iter().map(|r| r.as_slice()).collect();
            let path = decode_iob2(&labels, &rows);
            path.iter()
                .map(|&i| labels[i].as_str())
                .collect::<Vec<_>>()
                .join(" ")
        };
        // Argmax: B-ORG I-PER (two wrong entities); the best valid path keeps one type.
        assert_eq!(
            decode(&[[0.0, 0.1, 0.0, 0.9, 0.0], [0.0, 0.0, 0.6, 0.0, 0.4]]),
            "B-ORG I-ORG"
        );
        // Argmax: O I-PER; an entity cannot open with I-.
        assert_eq!(
            decode(&[[0.6, 0.4, 0.0, 0.0, 0.0], [0.1, 0.1, 0.8, 0.0, 0.0]]),
            "B-PER I-PER"
        );
        assert_eq!(decode(&[[0.2, 0.1, 0.7, 0.0, 0.0]]), "O");
        assert!(decode(&[]).is_empty());
    }

    #[test]
    fn chunks_follow_conlleval_for_iob1_and_iob2() {
        assert_eq!(
            chunks(&tags("B-PER I-PER O I-LOC I-LOC B-LOC I-ORG")),
            vec![
                (0, 2, "PER".into()),
                (3, 5, "LOC".into()),
                (5, 6, "LOC".into()),
                (6, 7, "ORG".into())
            ]
        );
    }
}
