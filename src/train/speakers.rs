//! The speaker model's training: the pipeline runs over PolNeAR train (rules and role model,
//! no speaker model), each predicted quote that meets a gold quote gives its candidates
//! (`stages::speakers::ranker`), and a candidate is right when the scorer would count the quote
//! attributed with it (`eval::attributed`: the gold source mention, else its name). A
//! log-linear ranking over candidates is fitted by maximising the likelihood of the right ones
//! (full-batch Adam, L2), deterministic.

use std::collections::HashMap;
use std::ops::ControlFlow;

use crate::document::CharIndex;
use crate::eval::{attributed, best_match, gold_articles, preds_from_records, GoldDoc};
use crate::run::output::records;
use crate::run::pipeline::{Outcome, Pipeline};
use crate::stages::speakers::ranker::{self, best, probabilities};
use crate::stages::speakers::{self, Ranker};

/// One matched quote: its candidates' features and which are right.
#[derive(Debug, Clone)]
pub struct Example {
    /// Features of each candidate (the rules' choice first).
    pub features: Vec<Vec<f32>>,
    /// Whether the scorer counts each candidate right.
    pub right: Vec<bool>,
}

/// The examples of `docs`: every gold quote the pipeline finds.
pub fn examples(pipeline: &Pipeline, docs: &[GoldDoc]) -> Vec<Example> {
    let gold: HashMap<&str, &GoldDoc> = docs.iter().map(|d| (d.id.as_str(), d)).collect();
    let mut out = Vec::new();
    pipeline.stream(gold_articles(docs), 32, 8, |o| {
        let Outcome::Done(doc) = o else {
            return ControlFlow::Continue(());
        };
        let g = gold[doc.id.as_str()];
        let names = speakers::entity_names(&doc);
        let candidates = ranker::candidates(&doc, &names);
        let preds = preds_from_records(&records(&doc));
        let ix = CharIndex::new(&doc.text);
        for q in g.quotes.iter().filter(|q| q.care) {
            let Some(i) = best_match(q, &preds) else {
                continue;
            };
            let right = candidates[i]
                .iter()
                .map(|c| {
                    let mut p = preds[i].clone();
                    p.speaker = c.speaker.name.clone();
                    p.mention = c
                        .speaker
                        .written()
                        .map(|m| (ix.char_of(m.start), ix.char_of(m.end)));
                    attributed(q, &p)
                })
                .collect();
            out.push(Example {
                features: candidates[i].iter().map(|c| c.features.clone()).collect(),
                right,
            });
        }
        ControlFlow::Continue(())
    });
    out
}

/// How a ranking does on examples.
#[derive(Debug, Clone, Copy, Default)]
pub struct Accuracy {
    /// Examples.
    pub quotes: usize,
    /// Examples with some right candidate.
    pub reachable: usize,
    /// Examples whose rules' choice is right.
    pub rules: usize,
    /// Examples whose top-ranked candidate is right.
    pub model: usize,
    /// Mean negative log-likelihood of the right candidates (reachable examples).
    pub loss: f64,
}

/// The accuracy of `ranker` (and of the rules) on `examples`.
pub fn accuracy(ranker: &Ranker, examples: &[Example]) -> Accuracy {
    let mut a = Accuracy::default();
    for e in examples {
        a.quotes += 1;
        a.rules += usize::from(e.right[0]);
        let p = probabilities(&ranker.weights, e.features.iter().map(Vec::as_slice));
        a.model += usize::from(e.right[best(&p)]);
        if e.right.contains(&true) {
            a.reachable += 1;
            let mass: f32 = p.iter().zip(&e.right).filter(|x| *x.1).map(|x| x.0).sum();
            a.loss -= (mass.max(1e-9) as f64).ln();
        }
    }
    a.loss /= a.reachable.max(1) as f64;
    a
}

/// Fits the weights on `examples` (those with a right and a wrong candidate): `steps` of
/// full-batch Adam at rate `rate`, L2 penalty `l2`. Starts from the rules: the rules' choice
/// weighted so that it wins where no other evidence speaks.
pub fn fit(examples: &[Example], steps: usize, rate: f32, l2: f32) -> Ranker {
    let n = ranker::FEATURES.len();
    let mut w = Ranker::rules_only().weights;
    let (mut m, mut v) = (vec![0.0f32; n], vec![0.0f32; n]);
    let (b1, b2, eps) = (0.9f32, 0.999f32, 1e-8f32);
    let informative: Vec<&Example> = examples
        .iter()
        .filter(|e| e.right.contains(&true) && e.right.contains(&false))
        .collect();
    let count = informative.len().max(1) as f32;
    for t in 1..=steps {
        let mut g = vec![0.0f32; n];
        for e in &informative {
            let p = probabilities(&w, e.features.iter().map(Vec::as_slice));
            let mass: f32 = p.iter().zip(&e.right).filter(|x| *x.1).map(|x| x.0).sum();
            for (c, f) in e.features.iter().enumerate() {
                // d(-log mass)/d score_c = p_c - [right_c] p_c / mass.
                let target = if e.right[c] {
                    p[c] / mass.max(1e-9)
                } else {
                    0.0
                };
                let d = p[c] - target;
                for (gk, x) in g.iter_mut().zip(f) {
                    *gk += d * x;
                }
            }
        }
        for k in 0..n {
            let gk = g[k] / count + l2 * w[k];
            m[k] = b1 * m[k] + (1.0 - b1) * gk;
            v[k] = b2 * v[k] + (1.0 - b2) * gk * gk;
            let mh = m[k] / (1.0 - b1.powi(t as i32));
            let vh = v[k] / (1.0 - b2.powi(t as i32));
            w[k] -= rate * mh / (vh.sqrt() + eps);
        }
    }
    Ranker {
        weights: w.iter().map(|x| (x * 1e4).round() / 1e4).collect(),
        ..Ranker::rules_only()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three candidates; the right one is marked by feature `mark` and the rules pick the
    /// first, right one time in three.
    fn toy(n: usize, mark: usize) -> Vec<Example> {
        (0..n)
            .map(|i| {
                let right_at = i % 3;
                let features = (0..3)
                    .map(|c| {
                        let mut f = vec![0.0; ranker::FEATURES.len()];
                        f[1] = f32::from(c == 0);
                        f[mark] = f32::from(c == right_at);
                        f
                    })
                    .collect();
                Example {
                    features,
                    right: (0..3).map(|c| c == right_at).collect(),
                }
            })
            .collect()
    }

    #[test]
    fn fitting_learns_the_feature_that_marks_the_right_candidate() {
        let examples = toy(30, 13);
        let ranker = fit(&examples, 200, 0.05, 1e-3);
        let a = accuracy(&ranker, &examples);
        assert_eq!((a.quotes, a.reachable, a.rules), (30, 30, 10));
        assert_eq!(a.model, 30, "{:?}", ranker.weights);
        assert!(
            ranker.weights[13] > ranker.weights[1],
            "{:?}",
            ranker.weights
        );
    }
}
