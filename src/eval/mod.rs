//! Scoring extracted quotes against gold, with exactly the rules of the project's `score.py`
//! (so both give the same numbers): a gold quote is found when one predicted quote covers at
//! least half of it; a prediction is correct when at least half of it lies inside gold quotes;
//! attribution compares the speaker (or, for PolNeAR, the source mention). Gold comes as the
//! scorer's JSON/JSONL or as a brat directory in PolNeAR's layout. Offsets are code points.

pub mod check;
mod exact;
mod gold;
mod polnear;
mod pred;
mod reliability;
mod score;

pub use exact::{score_exact, ExactScores};
pub use gold::{load_gold, GoldDoc, GoldQuote};
pub use polnear::brat;
pub(crate) use polnear::read_polnear;
pub use pred::{
    gold_articles, load_pred, predict, preds_from_records, Pred, PredReader, Predictions,
};
pub use reliability::{fit_isotonic, reliability, Bin, Reliability};
pub use score::{attributed, best_match, same_speaker, score, Scores};

/// `a / b`, 0 for an empty denominator (as `score.py`).
pub(super) fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// The harmonic mean of a precision and a recall, 0 when both are.
pub(super) fn f1(p: f64, r: f64) -> f64 {
    if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    }
}

pub(super) fn chars_len(s: &str) -> usize {
    s.chars().count()
}

/// Code-point index of the first occurrence of `needle` in `hay`.
pub(super) fn find_chars(hay: &str, needle: &str) -> Option<usize> {
    hay.find(needle).map(|b| hay[..b].chars().count())
}

pub(super) fn slice_chars(text: &str, (s, e): (usize, usize)) -> String {
    text.chars().skip(s).take(e.saturating_sub(s)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_speaker_matches_surnames_and_org_words() {
        assert!(same_speaker(Some("Karoline Leavitt"), Some("Leavitt")));
        assert!(same_speaker(
            Some("Financial Times"),
            Some("the Financial Times")
        ));
        assert!(!same_speaker(Some("Donald Trump"), Some("Melania Knauss")));
        assert!(same_speaker(None, None));
        assert!(!same_speaker(None, Some("X")));
    }
}
