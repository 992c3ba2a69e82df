//! Exact-span scores, the measure CofeNet and the PolNeAR literature report: a quote counts when
//! its content span equals the gold's once both are trimmed of spaces, quote marks, edge `, . ;
//! :` and a leading `that`; for the quotes so matched, the source mention counts when its span
//! equals the gold source span (trimmed the same way).

use std::collections::HashSet;

use crate::document::marks::is_quote_mark;

use super::{f1, ratio, GoldDoc, Pred, Predictions};

/// Exact-match scores.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ExactScores {
    /// Documents scored.
    pub docs: usize,
    /// Gold quotes that count.
    pub gold: usize,
    /// Predictions (those exactly on a gold quote that does not count are left out).
    pub predicted: usize,
    /// Share of predictions whose span is a gold quote's.
    pub precision: f64,
    /// Share of gold quotes predicted with their exact span.
    pub recall: f64,
    /// F1 of the two.
    pub f1: f64,
    /// Of the exactly matched quotes with a gold source span, the share whose predicted source
    /// mention has exactly that span.
    pub source_exact: f64,
    /// How many matched quotes have a gold source span (the denominator of `source_exact`).
    pub sources: usize,
}

impl ExactScores {
    /// One line, `key=value` with 4 decimals.
    pub fn line(&self) -> String {
        format!(
            "docs={} gold={} predicted={} exact_precision={:.4} exact_recall={:.4} exact_f1={:.4} source_exact={:.4} sources={}",
            self.docs, self.gold, self.predicted, self.precision, self.recall, self.f1, self.source_exact, self.sources
        )
    }
}

/// `(s, e)` in code points of `chars`, trimmed as the measure says.
fn trimmed(chars: &[char], (mut s, mut e): (usize, usize)) -> (usize, usize) {
    e = e.min(chars.len());
    let edge =
        |c: char| c.is_whitespace() || is_quote_mark(c) || matches!(c, ',' | '.' | ';' | ':');
    loop {
        let before = (s, e);
        while s < e && edge(chars[s]) {
            s += 1;
        }
        while e > s && edge(chars[e - 1]) {
            e -= 1;
        }
        // The complementizer, however it is followed: `that the`, `that, if elected,`, `that`
        // and a no-break space (never `that’s`).
        let word: String = chars[s..e.min(s + 4)].iter().collect();
        if word.eq_ignore_ascii_case("that")
            && chars[s..e]
                .get(4)
                .is_some_and(|&c| c.is_whitespace() || c == ',')
        {
            s += 4;
        }
        if (s, e) == before {
            return (s, e);
        }
    }
}

/// Scores `preds` against `docs` by exact spans.
pub fn score_exact(docs: &[GoldDoc], preds: &Predictions) -> ExactScores {
    let mut out = ExactScores {
        docs: docs.len(),
        ..Default::default()
    };
    let (mut correct, mut found, mut source_ok) = (0usize, 0usize, 0usize);
    let none: Vec<Pred> = Vec::new();
    for d in docs {
        let chars: Vec<char> = d.text.chars().collect();
        let ps = preds.get(&d.id).unwrap_or(&none);
        let care: HashSet<(usize, usize)> = d
            .quotes
            .iter()
            .filter(|q| q.care)
            .map(|q| trimmed(&chars, q.span))
            .collect();
        let ignored: HashSet<(usize, usize)> = d
            .quotes
            .iter()
            .filter(|q| !q.care)
            .map(|q| trimmed(&chars, q.span))
            .collect();
        let mut by_span = std::collections::HashMap::new();
        for p in ps {
            let span = trimmed(&chars, p.span);
            if care.contains(&span) {
                correct += 1;
                out.predicted += 1;
                by_span.entry(span).or_insert(p);
            } else if !ignored.contains(&span) {
                out.predicted += 1;
            }
        }
        for q in d.quotes.iter().filter(|q| q.care) {
            out.gold += 1;
            let Some(p) = by_span.get(&trimmed(&chars, q.span)) else {
                continue;
            };
            found += 1;
            if let Some((_, Some(src))) = &q.source {
                out.sources += 1;
                let got = p.mention.map(|m| trimmed(&chars, m));
                if got == Some(trimmed(&chars, *src)) {
                    source_ok += 1;
                }
            }
        }
    }
    out.precision = ratio(correct, out.predicted);
    out.recall = ratio(found, out.gold);
    out.f1 = f1(out.precision, out.recall);
    out.source_exact = ratio(source_ok, out.sources);
    out
}

#[cfg(test)]
mod tests {
    use super::trimmed;

    fn trim(text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        let (s, e) = trimmed(&chars, (0, chars.len()));
        chars[s..e].iter().collect()
    }

    #[test]
    fn the_complementizer_goes_however_it_is_followed() {
        assert_eq!(trim(" that the plan is dead."), "the plan is dead");
        assert_eq!(trim("that, if elected, he would"), "if elected, he would");
        assert_eq!(trim("that\u{a0}“we will win,”"), "we will win");
        assert_eq!(trim("that’s a lie"), "that’s a lie");
        assert_eq!(trim("thatcherism failed"), "thatcherism failed");
    }
}
