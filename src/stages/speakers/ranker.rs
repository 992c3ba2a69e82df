//! The learned speaker model: for each quote, a ranking of candidate speakers (the rules'
//! choice, the speakers of nearby quotes, the people and organisations named in the quote's
//! sentence, its paragraph and the three before, and "no named source") by a log-linear score
//! over features of each (quote, candidate) pair, trained on PolNeAR train's source links by
//! `whosaid train-speakers` (`src/train/speakers.rs`). The rules' choice is one feature among
//! them, not the decision.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::document::{Document, QuoteKind, Speaker};
use crate::error::{Error, Result};
use crate::stages::attribution::{confidence, is_turn_label, PRONOUNS};

/// The features of a (quote, candidate) pair, in the order of [`Ranker`]'s weights.
pub const FEATURES: &[&str] = &[
    "none",
    "rules",
    "rules_x_confidence",
    "rules_unnamed_mention",
    "rules_gave_none_x_none",
    "person",
    "organisation",
    "in_sentence_outside_quote",
    "inside_quote",
    "before_same_paragraph",
    "before_1_paragraph",
    "before_2_3_paragraphs",
    "after_in_paragraph",
    "previous_quote_speaker",
    "next_quote_speaker",
    "quotes_by_it",
    "mentions_near",
    "tagger_score",
    "opens_sentence",
    "rules_x_direct",
    "rules_x_indirect",
    "rules_x_cue",
    "no_cue_x_previous_speaker",
    "rules_x_pronoun",
    "rules_x_nominal",
    "direct_x_none",
    "indirect_x_none",
    "mixed_x_none",
    "rules_x_framed",
    "rules_x_introduced",
    "rules_x_carried",
    "rules_x_inferred",
    "distance_before",
    "distance_after",
    "near_cue",
    "cue_x_none",
];

/// Candidates kept per quote, nearest first.
const MAX_CANDIDATES: usize = 12;
/// Paragraphs before the quote's own where candidates are read.
const PARAGRAPHS_BACK: usize = 3;
/// Quotes on either side of a quote whose speakers are candidates, at most.
const QUOTES_AROUND: usize = 32;
/// Entities on either side of a quote read for candidates, at most.
const ENTITIES_AROUND: usize = 64;

/// A candidate speaker of one quote and the features of the pair.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// What the quote's speaker becomes if this candidate wins.
    pub speaker: Speaker,
    /// One value per [`FEATURES`] entry.
    pub features: Vec<f32>,
}

/// The trained weights.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Ranker {
    /// Feature names, as [`FEATURES`] when the model was trained.
    pub features: Vec<String>,
    /// One weight per feature.
    pub weights: Vec<f32>,
}

/// The shipped model, `models/speakers/ranker.json`.
const BUILTIN: &str = include_str!("../../../models/speakers/ranker.json");

impl Ranker {
    /// The model this program ships.
    pub fn builtin() -> Result<Self> {
        Self::from_json(BUILTIN)
    }

    /// A model from its JSON; refused when its features are not this program's.
    pub fn from_json(json: &str) -> Result<Self> {
        let r: Ranker = serde_json::from_str(json).map_err(|e| problem(e.to_string()))?;
        if r.features != FEATURES || r.weights.len() != FEATURES.len() {
            return Err(problem(
                "its features are not this program's: retrain it with `whosaid train-speakers`"
                    .into(),
            ));
        }
        Ok(r)
    }

    /// The model that always picks the rules' choice (weight 1 on `rules`): what training
    /// starts from and compares with.
    pub fn rules_only() -> Self {
        Ranker {
            features: FEATURES.iter().map(|s| s.to_string()).collect(),
            weights: FEATURES.iter().map(|&f| f32::from(f == "rules")).collect(),
        }
    }
}

/// The probability of each candidate, given the features of each, under `weights` (a softmax
/// over their scores).
pub fn probabilities<'a>(
    weights: &[f32],
    features: impl IntoIterator<Item = &'a [f32]>,
) -> Vec<f32> {
    let scores: Vec<f32> = features
        .into_iter()
        .map(|f| f.iter().zip(weights).map(|(x, w)| x * w).sum())
        .collect();
    softmax(&scores)
}

/// The index of the most probable candidate, the first of equals.
pub fn best(probabilities: &[f32]) -> usize {
    probabilities
        .iter()
        .enumerate()
        .fold((0, f32::MIN), |b, (k, &p)| if p > b.1 { (k, p) } else { b })
        .0
}

fn problem(problem: String) -> Error {
    Error::Model {
        dir: "models/speakers/ranker.json".into(),
        problem,
    }
}

/// A softmax, stable for large scores.
pub fn softmax(scores: &[f32]) -> Vec<f32> {
    let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let exp: Vec<f32> = scores.iter().map(|s| (s - max).exp()).collect();
    let sum: f32 = exp.iter().sum();
    exp.into_iter().map(|e| e / sum).collect()
}

/// The candidates of every quote, in quote order. `names` is [`super::entity_names`]'s answer
/// for `doc`. The first candidate is always the rules' choice, then "no named source" (unless
/// that is the rules' choice).
pub fn candidates(doc: &Document, names: &[Option<(String, String)>]) -> Vec<Vec<Candidate>> {
    // How many quotes each name speaks in the article.
    let mut quotes_by: HashMap<&str, usize> = HashMap::new();
    for q in &doc.quotes {
        if let Some(n) = q.speaker.name.as_deref() {
            *quotes_by.entry(n).or_default() += 1;
        }
    }
    (0..doc.quotes.len())
        .map(|i| quote_candidates(doc, names, &quotes_by, i))
        .collect()
}

fn quote_candidates(
    doc: &Document,
    names: &[Option<(String, String)>],
    quotes_by: &HashMap<&str, usize>,
    i: usize,
) -> Vec<Candidate> {
    let q = &doc.quotes[i];
    let p = q.paragraph;
    let sentence = doc.sentences.get(q.sentence).map(|s| s.span);
    let first = p.saturating_sub(PARAGRAPHS_BACK);
    // The speakers of the nearest attributed quotes before and after (the latter in the
    // paragraph).
    let previous = doc.quotes[..i]
        .iter()
        .rev()
        .take(QUOTES_AROUND)
        .take_while(|o| o.paragraph >= first)
        .find_map(|o| o.speaker.name.as_deref());
    let next = doc.quotes[i + 1..]
        .iter()
        .take(QUOTES_AROUND)
        .take_while(|o| o.paragraph == p)
        .find_map(|o| o.speaker.name.as_deref());

    // Candidate speakers by name, the nearest source of each kept.
    let mut order: Vec<String> = Vec::new();
    let mut speakers: HashMap<String, Speaker> = HashMap::new();
    let mut add = |name: &str, s: Speaker| {
        if !speakers.contains_key(name) {
            order.push(name.to_string());
            speakers.insert(name.to_string(), s);
        }
    };
    // The speakers of the quotes of the window, nearest first: before the quote, then after it
    // in its paragraph. (Bounded, so that an article of many quotes costs linear time.)
    let lo = doc
        .quotes
        .partition_point(|o| o.paragraph < first)
        .max(i.saturating_sub(QUOTES_AROUND));
    let hi = doc
        .quotes
        .partition_point(|o| o.paragraph <= p)
        .min(i + 1 + QUOTES_AROUND);
    for k in (lo..i).rev().chain(i + 1..hi.max(i + 1)) {
        if let Some(n) = doc.quotes[k].speaker.name.as_deref() {
            add(n, doc.quotes[k].speaker.clone());
        }
    }
    // People and organisations named in the window, nearest the quote first.
    let starts = |at: usize| doc.entities.partition_point(|e| e.span.start < at);
    let around = starts(q.span.start);
    let from = doc.paragraphs.get(first).map_or(0, |s| s.start);
    let to = doc.paragraphs.get(p).map_or(doc.text.len(), |s| s.end);
    let mut near: Vec<usize> = (starts(from).max(around.saturating_sub(ENTITIES_AROUND))
        ..starts(to).min(around + ENTITIES_AROUND))
        .filter(|&k| matches!(doc.entities[k].label.as_str(), "PER" | "ORG") && names[k].is_some())
        .collect();
    near.sort_by_key(|&k| doc.entities[k].span.start.abs_diff(q.span.start));
    let mut mentions: HashMap<String, Vec<usize>> = HashMap::new();
    for k in near {
        let e = &doc.entities[k];
        let (_, canonical) = names[k].as_ref().expect("named");
        mentions.entry(canonical.clone()).or_default().push(k);
        add(
            canonical,
            Speaker {
                mention: Some(e.span),
                name: Some(canonical.clone()),
                label: Some(e.label.clone()),
                ..Speaker::default()
            },
        );
    }

    let rules = &q.speaker;
    let mut out = vec![rules.clone()];
    if rules.name.is_some() || rules.mention.is_some() {
        out.push(Speaker::default());
    }
    for n in order {
        if rules.name.as_deref() != Some(n.as_str()) && out.len() < MAX_CANDIDATES {
            out.push(speakers.remove(&n).expect("added"));
        }
    }
    let rule_mention = rules.mention.map(|m| doc.slice(m));
    let pronoun = rule_mention.is_some_and(|m| PRONOUNS.contains(&m.to_lowercase().as_str()));
    let nominal = rule_mention.is_some_and(|m| m.starts_with(char::is_lowercase)) && !pronoun;
    let rules_none = rules.name.is_none();

    out.into_iter()
        .enumerate()
        .map(|(c, s)| {
            let mut f = vec![0.0f32; FEATURES.len()];
            let is_rules = c == 0;
            let is_none = s.name.is_none() && s.mention.is_none();
            let b = |x: bool| if x { 1.0 } else { 0.0 };
            f[0] = b(is_none);
            f[3] = b(is_rules && s.name.is_none() && s.mention.is_some());
            f[4] = b(rules_none && is_none);
            f[5] = b(s.label.as_deref() == Some("PER"));
            f[6] = b(s.label.as_deref() == Some("ORG"));
            if let Some(name) = s.name.as_deref() {
                let ms = mentions.get(name).map(Vec::as_slice).unwrap_or(&[]);
                let spans = ms.iter().map(|&k| doc.entities[k].span);
                let mut back = usize::MAX;
                for m in spans.clone() {
                    if m.end <= q.span.start {
                        let para = doc.paragraph_at(m.start).unwrap_or(p);
                        back = back.min(p - para.min(p));
                    }
                }
                f[7] = b(sentence.is_some_and(|st| {
                    spans.clone().any(|m| st.contains(m) && !q.span.contains(m))
                }));
                f[8] = b(spans.clone().any(|m| q.span.contains(m)));
                f[9] = b(back == 0);
                f[10] = b(back == 1);
                f[11] = b((2..=3).contains(&back));
                f[12] = b(spans
                    .clone()
                    .any(|m| m.start >= q.span.end && doc.paragraph_at(m.start) == Some(p)));
                f[13] = b(previous == Some(name));
                f[14] = b(next == Some(name));
                f[15] = (*quotes_by.get(name).unwrap_or(&0) as f32).ln_1p();
                f[16] = (ms.len() as f32).ln_1p();
                f[17] = ms
                    .iter()
                    .map(|&k| doc.entities[k].score)
                    .fold(0.0, f32::max);
                f[18] = b(sentence.is_some_and(|st| spans.clone().any(|m| m.start == st.start)));
                f[22] = b(q.cue.is_none() && previous == Some(name));
                // Distances in bytes to the nearest mention before and after, on a log scale
                // (0 where there is none).
                let before = ms
                    .iter()
                    .map(|&k| doc.entities[k].span)
                    .filter(|m| m.end <= q.span.start)
                    .map(|m| q.span.start - m.end)
                    .min();
                let after = ms
                    .iter()
                    .map(|&k| doc.entities[k].span)
                    .filter(|m| m.start >= q.span.end)
                    .map(|m| m.start - q.span.end)
                    .min();
                f[32] = before.map_or(0.0, |d| 1.0 + (d as f32 + 1.0).ln() / 8.0);
                f[33] = after.map_or(0.0, |d| 1.0 + (d as f32 + 1.0).ln() / 8.0);
                f[34] = b(q.cue.is_some_and(|c| {
                    ms.iter().any(|&k| {
                        let m = doc.entities[k].span;
                        m.end <= c.start && c.start - m.end < 40
                            || m.start >= c.end && m.start - c.end < 40
                    })
                }));
            }
            if is_rules && !is_none {
                f[1] = 1.0;
                f[2] = q.confidence;
                f[19] = b(q.kind == QuoteKind::Direct);
                f[20] = b(q.kind == QuoteKind::Indirect);
                f[21] = b(q.cue.is_some());
                f[23] = b(pronoun);
                f[24] = b(nominal);
                let level = |l: f32| (q.confidence - l).abs() < 0.01;
                f[28] = b(level(confidence::FRAMED));
                f[29] = b(level(confidence::INTRODUCED));
                f[30] = b(level(confidence::CARRIED));
                f[31] = b(level(confidence::INFERRED));
            }
            f[25] = b(is_none && q.kind == QuoteKind::Direct);
            f[26] = b(is_none && q.kind == QuoteKind::Indirect);
            f[27] = b(is_none && q.kind == QuoteKind::Mixed);
            f[35] = b(is_none && q.cue.is_some());
            Candidate {
                speaker: s,
                features: f,
            }
        })
        .collect()
}

/// Gives each quote the candidate the model ranks first, and scales its raw confidence by that
/// candidate's probability (calibrated later, as every raw confidence). `names` is
/// [`super::entity_names`]'s answer for `doc`.
pub fn rerank(doc: &mut Document, ranker: &Ranker, names: &[Option<(String, String)>]) {
    let all = candidates(doc, names);
    for (q, cands) in doc.quotes.iter_mut().zip(all) {
        // An interview's turn label says whose turn it is; the rules read it (`Q:` is the
        // interviewer's, unnamed).
        if q.cue
            .is_some_and(|c| is_turn_label(&doc.text[c.start..c.end]))
        {
            continue;
        }
        let probs = probabilities(&ranker.weights, cands.iter().map(|c| &c.features[..]));
        let k = best(&probs);
        if k != 0 {
            q.speaker = cands[k].speaker.clone();
        }
        // (The rules' level says how sure the quote is speech at all, the model how sure the
        // speaker is right: the record's confidence is about both.)
        q.confidence *= probs[k];
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Entity, Span};

    #[test]
    fn the_shipped_model_has_this_programs_features_and_others_are_refused() {
        let r = Ranker::builtin().unwrap();
        assert_eq!(r.weights.len(), FEATURES.len());
        let mut other = r.clone();
        other.features.pop();
        other.weights.pop();
        let json = serde_json::to_string(&other).unwrap();
        let err = Ranker::from_json(&json).unwrap_err().to_string();
        assert!(err.contains("retrain"), "{err}");
    }

    #[test]
    fn candidates_are_the_rules_choice_then_none_then_the_window_nearest_first() {
        let text = "Old Name spoke.\n\nA.\n\nB.\n\nC.\n\nAna Ruiz met Bo Chen on Monday. \
                    The plan is sound, she said.";
        let mut d = Document::new("t", text);
        crate::stages::rule_stages(&mut d);
        for name in ["Old Name", "Ana Ruiz", "Bo Chen"] {
            let at = text.find(name).unwrap();
            d.entities.push(Entity {
                span: Span::new(at, at + name.len()),
                label: "PER".into(),
                score: 0.9,
            });
        }
        super::super::resolve(&mut d);
        assert_eq!(d.quotes.len(), 1, "{:?}", d.quotes);
        let names = super::super::entity_names(&d);
        let all = candidates(&d, &names);
        let got: Vec<Option<&str>> = all[0].iter().map(|c| c.speaker.name.as_deref()).collect();
        // The rules' choice (whichever of the two), no named source, the other one; `Old Name`
        // is four paragraphs back: out of the window.
        assert_eq!(got[0], d.quotes[0].speaker.name.as_deref());
        assert_eq!(got[1], None);
        let mut named: Vec<_> = [got[0], got[2]].into_iter().flatten().collect();
        named.sort();
        assert_eq!((named, got.len()), (vec!["Ana Ruiz", "Bo Chen"], 3));
        assert!(all[0].iter().all(|c| c.features.len() == FEATURES.len()));
        assert_eq!(all[0][0].features[1], 1.0, "the rules' choice is marked");
        assert_eq!(all[0][1].features[0], 1.0, "no named source is marked");
    }

    #[test]
    fn softmax_sums_to_one_and_keeps_the_order() {
        let p = softmax(&[1000.0, 999.0, -5.0]);
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-6);
        assert!(p[0] > p[1] && p[1] > p[2]);
    }
}
