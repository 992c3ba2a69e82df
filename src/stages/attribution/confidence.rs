//! Confidence levels of rule attributions, by the strength of the evidence (the role model's
//! contents carry the model's probability), and their calibration: a record's `confidence` is
//! the share of quotes with that raw confidence that are right (a real quote, its speaker
//! named) on PolNeAR dev.

/// A cue in the quote's own sentence frames it (`“...,” she said`).
pub const FRAMED: f32 = 0.9;
/// A colon after a frame introduces the quote, or it continues a quote's first paragraph.
pub const INTRODUCED: f32 = 0.85;
/// A reported clause right after its cue, a dash byline, a transcript label.
pub const STRONG: f32 = 0.8;
/// A reported clause past an object or adverbial, a block quote after `X added:`.
pub const FAIR: f32 = 0.75;
/// A speaker carried on from a nearby quote, or content far from its cue.
pub const CARRIED: f32 = 0.7;
/// A speaker inferred from the sentence before, or content past a weak cue.
pub const INFERRED: f32 = 0.6;
/// Speech with no speaker found.
pub const UNATTRIBUTED: f32 = 0.5;

/// Raw confidence → share right, fitted on PolNeAR dev by
/// `whosaid eval --gold ../shared/eval-data/polnear/dev --fit-calibration` (isotonic, blocks of
/// at least 30 quotes): knots for linear interpolation, flat beyond the ends.
pub const CALIBRATION: &[(f32, f32)] = &[
    (0.337, 0.581),
    (0.511, 0.712),
    (0.562, 0.779),
    (0.586, 0.784),
    (0.628, 0.832),
    (0.713, 0.874),
    (0.782, 0.891),
    (0.798, 0.932),
    (0.866, 0.934),
    (0.884, 0.965),
    (0.896, 0.985),
];

/// The calibrated confidence of a raw one (the identity while [`CALIBRATION`] is empty),
/// rounded to three decimals as records print it.
pub fn calibrated(raw: f32) -> f32 {
    let (Some(first), Some(last)) = (CALIBRATION.first(), CALIBRATION.last()) else {
        return raw;
    };
    if raw <= first.0 {
        return first.1;
    }
    if raw >= last.0 {
        return last.1;
    }
    (interpolate(raw) * 1000.0).round() / 1000.0
}

fn interpolate(raw: f32) -> f32 {
    let i = CALIBRATION.partition_point(|k| k.0 <= raw);
    let ((x0, y0), (x1, y1)) = (CALIBRATION[i - 1], CALIBRATION[i]);
    if x1 <= x0 {
        return y1;
    }
    y0 + (y1 - y0) * (raw - x0) / (x1 - x0)
}
