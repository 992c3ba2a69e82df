//! CoNLL-2003 files: reading them, predicting their sentences' tags in document context, and
//! scoring entities as conlleval does (entity-level exact match, micro-averaged, per type).

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use tokenizers::Tokenizer;

use crate::error::{Error, Result};
use crate::model::tagging::{chunks, predict};
use crate::model::TokenClassifier;

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
        let tag = cols[cols.len() - 1];
        let entity_tag = tag
            .split_once('-')
            .is_some_and(|(p, ty)| matches!(p, "B" | "I" | "E" | "S") && !ty.is_empty());
        if tag != "O" && !entity_tag {
            return Err(Error::input(
                format!("{}:{}", path.display(), n + 1),
                format!("the last column, {tag}, is not a CoNLL tag (O, B-TYPE, I-TYPE)"),
            ));
        }
        cur.words.push(cols[0].to_string());
        cur.tags.push(tag.to_string());
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    if out.is_empty() {
        return Err(Error::input(
            path.display().to_string(),
            "no tagged words: not a CoNLL file",
        ));
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
