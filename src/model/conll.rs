//! CoNLL-2003 files: reading them, predicting word-level tags, and scoring entities as conlleval
//! does (entity-level exact match, micro-averaged, per type).

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use tokenizers::Tokenizer;

use crate::error::{Error, Result};
use crate::model::{case_type, Batch, TokenClassifier};

/// One sentence: words and their gold tags.
#[derive(Debug, Clone, Default)]
pub struct Sentence {
    /// Tokens as in the file.
    pub words: Vec<String>,
    /// One tag per word (last column).
    pub tags: Vec<String>,
    /// Index of the document (`-DOCSTART-` section) the sentence belongs to.
    pub doc: usize,
}

/// Reads a CoNLL file (`WORD ... TAG` per line, blank lines between sentences, `-DOCSTART-` lines
/// between documents). The tag is the last column.
pub fn read(path: &Path) -> Result<Vec<Sentence>> {
    let raw = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    let mut doc = 0;
    for (n, line) in raw.lines().enumerate() {
        let line = line.trim_end();
        if line.is_empty() || line.starts_with("-DOCSTART-") {
            if !cur.words.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            if line.starts_with("-DOCSTART-") && !out.is_empty() {
                doc += 1;
            }
            cur.doc = doc;
            continue;
        }
        let cols: Vec<&str> = line.split_whitespace().collect();
        if cols.len() < 2 {
            return Err(Error::input(
                format!("{}:{}", path.display(), n + 1),
                "expected at least a word and a tag",
            ));
        }
        cur.words.push(cols[0].to_string());
        cur.tags.push(cols[cols.len() - 1].to_string());
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

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

/// Word pieces of each sentence, special tokens excluded.
pub fn piece_counts(tok: &Tokenizer, sents: &[Sentence]) -> Result<Vec<usize>> {
    sents
        .iter()
        .map(|s| {
            tok.encode(s.words.as_slice(), false)
                .map(|e| e.len())
                .map_err(|e| Error::Tokenizer(e.to_string()))
        })
        .collect()
}

/// Groups consecutive sentences of one document into model inputs of at most `budget` word
/// pieces, so each sentence is read with its neighbours as context (a team name in a results
/// table is an organisation because of the lines around it). `alone(i)` asks whether the group
/// starting at sentence `i` should hold that sentence only; a sentence longer than the budget
/// is a group of its own.
pub fn group_in_context(
    sents: &[Sentence],
    pieces: &[usize],
    budget: usize,
    mut alone: impl FnMut(usize) -> bool,
) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < sents.len() {
        let single = alone(i);
        let mut end = i + 1;
        let mut used = pieces[i];
        while !single
            && end < sents.len()
            && sents[end].doc == sents[i].doc
            && used + pieces[end] <= budget
        {
            used += pieces[end];
            end += 1;
        }
        out.push(i..end);
        i = end;
    }
    out
}

/// Words of the sentences in `range`, one sequence.
pub fn joined_words(sents: &[Sentence], range: Range<usize>) -> Vec<String> {
    sents[range].iter().flat_map(|s| s.words.clone()).collect()
}

/// [`predict`] over sentences read in their document's context (`context`) or one at a time;
/// one tag sequence per sentence either way.
pub fn predict_sentences(
    model: &dyn TokenClassifier,
    tok: &Tokenizer,
    sents: &[Sentence],
    max_len: usize,
    context: bool,
) -> Result<Vec<Vec<String>>> {
    let pieces = piece_counts(tok, sents)?;
    let groups = group_in_context(sents, &pieces, max_len.saturating_sub(2), |_| !context);
    let inputs: Vec<Vec<String>> = groups
        .iter()
        .map(|g| joined_words(sents, g.clone()))
        .collect();
    let tagged = predict(model, tok, &inputs, max_len, 64)?;
    let mut out = Vec::with_capacity(sents.len());
    for (g, tags) in groups.into_iter().zip(tagged) {
        let mut rest = tags.as_slice();
        for s in &sents[g] {
            let (head, tail) = rest.split_at(s.words.len());
            out.push(head.to_vec());
            rest = tail;
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
    let mut best = argmax_f64(&score);
    let mut path = vec![best; words.len()];
    for (k, from) in back.iter().enumerate().rev() {
        best = from[best];
        path[k] = best;
    }
    path
}

fn argmax_f64(v: &[f64]) -> usize {
    let mut best = 0;
    for (i, x) in v.iter().enumerate() {
        if *x > v[best] {
            best = i;
        }
    }
    best
}

/// Index of the largest value.
pub fn argmax(p: &[f32]) -> usize {
    let mut best = 0;
    for (i, v) in p.iter().enumerate() {
        if *v > p[best] {
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

/// Precision, recall and F1 for one entity type or overall.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Prf {
    /// Entities predicted and correct.
    pub tp: usize,
    /// Entities predicted.
    pub predicted: usize,
    /// Entities in the gold.
    pub gold: usize,
}

impl Prf {
    /// tp / predicted (0 when nothing predicted).
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.predicted)
    }
    /// tp / gold (0 when no gold).
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.gold)
    }
    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Entity-level scores: overall and per type.
#[derive(Debug, Clone, Default)]
pub struct NerScores {
    /// Micro-averaged over all types.
    pub overall: Prf,
    /// Per entity type.
    pub by_type: BTreeMap<String, Prf>,
}

/// Scores predicted tag sequences against gold ones, exact chunk match.
pub fn score(gold: &[Vec<String>], pred: &[Vec<String>]) -> NerScores {
    let mut s = NerScores::default();
    for (g, p) in gold.iter().zip(pred) {
        let gc = chunks(g);
        let pc = chunks(p);
        for c in &gc {
            s.by_type.entry(c.2.clone()).or_default().gold += 1;
            s.overall.gold += 1;
        }
        for c in &pc {
            let e = s.by_type.entry(c.2.clone()).or_default();
            e.predicted += 1;
            s.overall.predicted += 1;
            if gc.contains(c) {
                e.tp += 1;
                s.overall.tp += 1;
            }
        }
    }
    s
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
    fn context_groups_stay_inside_a_document_and_the_budget() {
        let sent = |doc: usize| Sentence {
            words: vec!["w".into()],
            tags: vec!["O".into()],
            doc,
        };
        let sents = [sent(0), sent(0), sent(0), sent(1), sent(1), sent(1)];
        let pieces = [3, 4, 2, 9, 1, 1];
        let groups = group_in_context(&sents, &pieces, 8, |_| false);
        assert_eq!(groups, vec![0..2, 2..3, 3..4, 4..6]);
        let alone = group_in_context(&sents, &pieces, 8, |_| true);
        assert_eq!(alone, (0..6).map(|i| i..i + 1).collect::<Vec<_>>());
        // A choice per group: the group at sentence 0 is alone, the next one fills up.
        let mixed = group_in_context(&sents, &pieces, 8, |i| i == 0);
        assert_eq!(mixed, vec![0..1, 1..3, 3..4, 4..6]);
    }

    #[test]
    fn documents_are_numbered_from_docstart_lines() {
        let dir = std::env::temp_dir().join(format!("whosaid-conll-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("docs.conll");
        let text = "-DOCSTART- -X- O\n\nA x B-PER\n\nB x O\n\n-DOCSTART- -X- O\n\nC x O\n";
        std::fs::write(&path, text).unwrap();
        let docs: Vec<usize> = read(&path).unwrap().iter().map(|s| s.doc).collect();
        std::fs::remove_dir_all(&dir).ok();
        assert_eq!(docs, vec![0, 0, 1]);
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

    #[test]
    fn score_counts_exact_matches_only() {
        let gold = vec![tags("B-PER I-PER O B-LOC")];
        let pred = vec![tags("B-PER O O B-LOC")];
        let s = score(&gold, &pred);
        assert_eq!(
            s.overall,
            Prf {
                tp: 1,
                predicted: 2,
                gold: 2
            }
        );
        assert_eq!(s.by_type["PER"].tp, 0);
        assert!((s.overall.f1() - 0.5).abs() < 1e-9);
    }
}
