//! Whether `confidence` means what it says: each counted prediction is right when it lies in a
//! gold quote (score.py's half rule) and names that quote's speaker; a reliability table bins
//! predictions by confidence and compares the mean confidence with the share right. The
//! expected calibration error (ECE) is the bins' gap weighted by their size.

use std::collections::HashMap;

use super::score::{attributed, counts, overlap};
use super::*;

/// One bin of the reliability table.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Bin {
    /// Lower edge of the bin's confidence range (the bin is `[low, low + 0.1)`, the last one
    /// closed).
    pub low: f64,
    /// Predictions in the bin.
    pub count: usize,
    /// Their mean confidence.
    pub confidence: f64,
    /// The share of them that are right.
    pub accuracy: f64,
}

/// The reliability table of a prediction set, and its expected calibration error.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Reliability {
    /// Non-empty bins, lowest first.
    pub bins: Vec<Bin>,
    /// Σ count/N × |accuracy − confidence| over the bins.
    pub ece: f64,
    /// Every counted prediction as (confidence, right): what a calibration is fitted on.
    #[serde(skip)]
    pub points: Vec<(f64, bool)>,
}

impl Reliability {
    /// The table as text, one bin a line, then the ECE.
    pub fn table(&self) -> String {
        let mut s = String::from("confidence  count  mean_conf  accuracy\n");
        for b in &self.bins {
            s.push_str(&format!(
                "{:.1}-{:.1}    {:>5}  {:>9.3}  {:>8.3}\n",
                b.low,
                b.low + 0.1,
                b.count,
                b.confidence,
                b.accuracy
            ));
        }
        s.push_str(&format!("ece={:.4}", self.ece));
        s
    }
}

/// Bins the predictions that count (as in [`score`](super::score)) by confidence; a prediction
/// without one is left out.
pub fn reliability(docs: &[GoldDoc], preds: &HashMap<String, Vec<Pred>>) -> Reliability {
    let mut points = Vec::new();
    let empty = Vec::new();
    for d in docs {
        for p in preds.get(&d.id).unwrap_or(&empty) {
            let (Some(c), Some(inside)) = (p.confidence, counts(d, p)) else {
                continue;
            };
            // Right: inside gold, and the gold quote it covers most names its speaker.
            let right = inside
                && d.quotes
                    .iter()
                    .filter(|q| q.care)
                    .max_by_key(|g| overlap(p.span, g.span))
                    .is_some_and(|g| attributed(g, p));
            points.push((c, right));
        }
    }
    let mut sums = [(0usize, 0.0f64, 0usize); 10];
    for &(c, right) in &points {
        let b = ((c * 10.0).floor() as usize).min(9);
        sums[b].0 += 1;
        sums[b].1 += c;
        sums[b].2 += usize::from(right);
    }
    let n = points.len().max(1) as f64;
    let bins: Vec<Bin> = sums
        .iter()
        .enumerate()
        .filter(|(_, s)| s.0 > 0)
        .map(|(i, &(count, total, right))| Bin {
            low: i as f64 / 10.0,
            count,
            confidence: total / count as f64,
            accuracy: right as f64 / count as f64,
        })
        .collect();
    let ece = bins
        .iter()
        .map(|b| b.count as f64 / n * (b.accuracy - b.confidence).abs())
        .sum();
    Reliability { bins, ece, points }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pred(span: (usize, usize), speaker: &str, c: f64) -> Pred {
        Pred {
            span,
            speaker: Some(speaker.into()),
            kind: Some("direct".into()),
            mention: None,
            text: String::new(),
            confidence: Some(c),
        }
    }

    #[test]
    fn bins_compare_confidence_with_the_share_right() {
        let v: serde_json::Value = serde_json::from_str(
            r#"{"id": "a", "text": "Ana said one. Bo said two. Cy said three.",
                "quotes": [{"content": "one", "kind": "direct", "speaker": "Ana"},
                           {"content": "two", "kind": "direct", "speaker": "Bo"}]}"#,
        )
        .unwrap();
        let serde_json::Value::Object(m) = v else {
            unreachable!()
        };
        let gold = vec![gold::gold_doc(m, std::path::Path::new("t")).unwrap()];
        let preds = HashMap::from([(
            "a".to_string(),
            vec![
                pred((9, 12), "Ana", 0.95),
                pred((22, 25), "Ana", 0.95),
                pred((35, 40), "Cy", 0.55),
            ],
        )]);
        let r = reliability(&gold, &preds);
        assert_eq!(r.bins.len(), 2);
        // 0.9 bin: one right of two; 0.5 bin: a false alarm.
        assert_eq!((r.bins[1].count, r.bins[1].accuracy), (2, 0.5));
        assert_eq!((r.bins[0].count, r.bins[0].accuracy), (1, 0.0));
        let ece = 2.0 / 3.0 * 0.45 + 1.0 / 3.0 * 0.55;
        assert!((r.ece - ece).abs() < 1e-9, "{}", r.ece);
    }
}

/// An isotonic (non-decreasing) map from confidence to the share right, fitted by pooling
/// adjacent violators, with blocks of fewer than `min_block` predictions pooled into a
/// neighbour: knots `(mean confidence, share right)`, lowest first, for linear interpolation.
pub fn fit_isotonic(points: &[(f64, bool)], min_block: usize) -> Vec<(f64, f64)> {
    let mut sorted: Vec<(f64, bool)> = points.to_vec();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    // (sum of confidences, number right, count)
    let mut blocks: Vec<(f64, f64, usize)> = Vec::new();
    let mean = |b: &(f64, f64, usize)| b.1 / b.2 as f64;
    let pool = |a: (f64, f64, usize), b: (f64, f64, usize)| (a.0 + b.0, a.1 + b.1, a.2 + b.2);
    // Equal confidences form one group first (a rule level is one value), so a tie is never
    // split between blocks.
    let mut groups: Vec<(f64, (f64, f64, usize))> = Vec::new();
    for (c, right) in sorted {
        let r = f64::from(u8::from(right));
        match groups.last_mut() {
            Some((x, g)) if *x == c => *g = (g.0 + c, g.1 + r, g.2 + 1),
            _ => groups.push((c, (c, r, 1))),
        }
    }
    for (_, mut cur) in groups {
        while let Some(last) = blocks.last() {
            if mean(last) >= mean(&cur) || last.2 < min_block {
                cur = pool(blocks.pop().expect("a last block"), cur);
            } else {
                break;
            }
        }
        blocks.push(cur);
    }
    // A small block left at the top joins the one below.
    while blocks.len() > 1 && blocks.last().is_some_and(|b| b.2 < min_block) {
        let top = blocks.pop().expect("a top block");
        let below = blocks.pop().expect("a block below");
        blocks.push(pool(below, top));
    }
    blocks.iter().map(|b| (b.0 / b.2 as f64, mean(b))).collect()
}

#[cfg(test)]
mod fit_tests {
    use super::*;

    #[test]
    fn the_fitted_map_never_falls_and_pools_small_blocks() {
        let mut pts = Vec::new();
        for i in 0..100 {
            pts.push((0.5, i % 2 == 0)); // 0.5 right
            pts.push((0.7, i % 4 == 0)); // 0.25 right: pooled with 0.5
            pts.push((0.9, i % 10 != 0)); // 0.9 right
        }
        let knots = fit_isotonic(&pts, 30);
        assert_eq!(knots.len(), 2, "{knots:?}");
        assert!((knots[0].0 - 0.6).abs() < 1e-9 && (knots[0].1 - 0.375).abs() < 1e-9);
        assert!((knots[1].0 - 0.9).abs() < 1e-9 && (knots[1].1 - 0.9).abs() < 1e-9);
        assert!(knots.windows(2).all(|w| w[0].1 <= w[1].1));
    }
}
