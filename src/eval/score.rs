//! The scores, with exactly the rules of `score.py`.

use std::collections::{BTreeMap, HashMap};

use super::*;

pub(super) const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "professor",
    "president",
    "judge",
    "mayor",
    "the",
    "sir",
    "dame",
    "minister",
    "chief",
    "executive",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "councilman",
    "councilwoman",
    "senator",
    "governor",
    "gen",
    "general",
    // Name suffixes: `James P. Kennedy Jr.` is named by `Kennedy`.
    "jr",
    "sr",
    "ii",
    "iii",
    "iv",
];

pub(super) const PRONOUNS: &[&str] = &[
    "he", "she", "they", "it", "we", "i", "you", "his", "her", "their",
];

/// `re.findall(r"[\w’']+", s.lower())` without titles.
pub(super) fn words(s: &str) -> Vec<String> {
    let lower = s.to_lowercase();
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in lower.chars() {
        if c.is_alphanumeric() || c == '_' || c == '’' || c == '\'' {
            cur.push(c);
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out.retain(|w| !TITLES.contains(&w.as_str()));
    out
}

/// True where `pred` names `gold`: a person by surname, an organisation by all its words.
pub fn same_speaker(gold: Option<&str>, pred: Option<&str>) -> bool {
    let pred = pred.filter(|p| !p.is_empty());
    let Some(gold) = gold else {
        return pred.is_none();
    };
    let Some(pred) = pred else { return false };
    let g = words(gold);
    let p: Vec<String> = words(pred);
    let Some(last) = g.last() else { return false };
    let significant = g
        .iter()
        .filter(|w| !["of", "and", "for", "in"].contains(&w.as_str()));
    p.contains(last) || significant.clone().all(|w| p.contains(w))
}

pub(super) fn overlap(a: (usize, usize), b: (usize, usize)) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

/// Whether prediction `p` of gold quote `q` names its speaker: the gold source mention
/// (PolNeAR), else its name.
pub fn attributed(q: &GoldQuote, p: &Pred) -> bool {
    if let Some((source, Some(span))) = &q.source {
        if p.mention.is_some_and(|m| overlap(m, *span) > 0) {
            return true;
        }
        return !PRONOUNS.contains(&source.to_lowercase().as_str())
            && same_speaker(Some(source), p.speaker.as_deref());
    }
    if q.has_care_or_source {
        return p.speaker.as_deref().is_none_or(str::is_empty) && p.mention.is_none();
    }
    if !q.aliases.is_empty() {
        let Some(ps) = p.speaker.as_deref().filter(|s| !s.is_empty()) else {
            return false;
        };
        let pw = words(ps);
        return std::iter::once(q.speaker.as_deref().unwrap_or(""))
            .chain(q.aliases.iter().map(String::as_str))
            .any(|n| words(n) == pw);
    }
    same_speaker(q.speaker.as_deref(), p.speaker.as_deref())
}

/// Whether prediction `p` counts and is inside gold: `Some(true)` when half of it lies in gold
/// quotes that count, `None` when half lies in quotes that do not (left out, as `score.py`
/// does), `Some(false)` for a false alarm.
pub(super) fn counts(d: &GoldDoc, p: &Pred) -> Option<bool> {
    let length = p.span.1 - p.span.0;
    let within = |care: bool| -> usize {
        d.quotes
            .iter()
            .filter(|q| q.care == care)
            .map(|g| overlap(p.span, g.span))
            .sum()
    };
    if within(true) * 2 >= length {
        Some(true)
    } else if within(false) * 2 >= length {
        None
    } else {
        Some(false)
    }
}

/// The prediction that finds gold quote `q`: the one overlapping it most (the first of equals,
/// as Python's `max`), if it covers half of it.
pub fn best_match(q: &GoldQuote, preds: &[Pred]) -> Option<usize> {
    let best = (0..preds.len()).fold(None::<usize>, |b, k| match b {
        Some(b) if overlap(preds[b].span, q.span) >= overlap(preds[k].span, q.span) => Some(b),
        _ => Some(k),
    })?;
    (overlap(preds[best].span, q.span) * 2 >= q.span.1 - q.span.0).then_some(best)
}

/// The scores `score.py` prints.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Scores {
    /// Documents scored.
    pub docs: usize,
    /// Gold quotes that count.
    pub gold: usize,
    /// Predictions that count.
    pub predicted: usize,
    /// Share of predictions inside gold quotes.
    pub precision: f64,
    /// Share of gold quotes found.
    pub recall: f64,
    /// F1 of quote detection.
    pub f1: f64,
    /// Share of found quotes with the right speaker.
    pub attribution_accuracy: f64,
    /// F1 counting a quote only when found and attributed correctly.
    pub end_to_end_f1: f64,
    /// Recall per gold kind.
    pub recall_by_kind: BTreeMap<String, f64>,
}

impl Scores {
    /// One flat JSON object with `score.py --json`'s keys and rounding (4 decimals; recall per
    /// kind as `recall_KIND`).
    pub fn json(&self) -> serde_json::Value {
        let r4 = |x: f64| (x * 1e4).round() / 1e4;
        let mut m = serde_json::Map::new();
        m.insert("docs".into(), self.docs.into());
        m.insert("gold".into(), self.gold.into());
        m.insert("predicted".into(), self.predicted.into());
        m.insert("precision".into(), r4(self.precision).into());
        m.insert("recall".into(), r4(self.recall).into());
        m.insert("f1".into(), r4(self.f1).into());
        m.insert(
            "attribution_accuracy".into(),
            r4(self.attribution_accuracy).into(),
        );
        m.insert("end_to_end_f1".into(), r4(self.end_to_end_f1).into());
        for (k, v) in &self.recall_by_kind {
            m.insert(format!("recall_{k}"), r4(*v).into());
        }
        serde_json::Value::Object(m)
    }

    /// One line, `key=value` with 4 decimals, in `score.py`'s order.
    pub fn line(&self) -> String {
        let mut s = format!(
            "docs={} gold={} predicted={} precision={:.4} recall={:.4} f1={:.4} attribution_accuracy={:.4} end_to_end_f1={:.4}",
            self.docs, self.gold, self.predicted, self.precision, self.recall, self.f1, self.attribution_accuracy, self.end_to_end_f1
        );
        for (k, v) in &self.recall_by_kind {
            s.push_str(&format!(" recall_{k}={v:.4}"));
        }
        s
    }
}

/// Scores predictions against gold; with `errors`, also lists misses, false alarms and wrong
/// speakers.
pub fn score(
    docs: &[GoldDoc],
    preds: &HashMap<String, Vec<Pred>>,
    errors: &mut Option<Vec<String>>,
) -> Scores {
    let (mut tp_pred, mut n_pred, mut found, mut n_gold, mut attr_ok) =
        (0usize, 0usize, 0usize, 0usize, 0usize);
    let mut by_kind: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let empty = Vec::new();
    let short = |s: &str, n: usize| s.chars().take(n).collect::<String>();
    for d in docs {
        let ps = preds.get(&d.id).unwrap_or(&empty);
        for p in ps {
            let Some(inside) = counts(d, p) else { continue };
            if inside {
                tp_pred += 1;
                n_pred += 1;
            } else {
                n_pred += 1;
                if let Some(e) = errors.as_mut() {
                    e.push(format!(
                        "{}: spurious {}: {:?}",
                        d.id,
                        p.kind.as_deref().unwrap_or("None"),
                        short(&p.text, 80)
                    ));
                }
            }
        }
        for q in d.quotes.iter().filter(|q| q.care) {
            n_gold += 1;
            let k = by_kind.entry(q.kind.clone()).or_default();
            k.1 += 1;
            let Some(best) = best_match(q, ps).map(|k| &ps[k]) else {
                if let Some(e) = errors.as_mut() {
                    e.push(format!(
                        "{}: missed {}: {:?}",
                        d.id,
                        q.kind,
                        short(&q.content, 80)
                    ));
                }
                continue;
            };
            found += 1;
            k.0 += 1;
            if attributed(q, best) {
                attr_ok += 1;
            } else if let Some(e) = errors.as_mut() {
                let gold = q
                    .speaker
                    .clone()
                    .or_else(|| q.source.as_ref().map(|s| s.0.clone()));
                let name = |n: Option<&str>| n.map_or("none".to_string(), |n| format!("“{n}”"));
                e.push(format!(
                    "{}: wrong speaker {} (gold {}): {:?}",
                    d.id,
                    name(best.speaker.as_deref()),
                    name(gold.as_deref()),
                    short(&q.content, 60)
                ));
            }
        }
    }
    let p = ratio(tp_pred, n_pred);
    let r = ratio(found, n_gold);
    let attr = ratio(attr_ok, found);
    let e2e = f1(p * attr, ratio(attr_ok, n_gold));
    Scores {
        docs: docs.len(),
        gold: n_gold,
        predicted: n_pred,
        precision: p,
        recall: r,
        f1: f1(p, r),
        attribution_accuracy: attr,
        end_to_end_f1: e2e,
        recall_by_kind: by_kind
            .into_iter()
            .map(|(k, (a, b))| (k, ratio(a, b)))
            .collect(),
    }
}
