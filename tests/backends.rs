//! candle and rust-bert run the same checkpoint to the same result (feature `rust-bert` only).
#![cfg(feature = "rust-bert")]

use std::path::{Path, PathBuf};

use whosaid::model::{Backend, Batch, Precision, TaggerModel};
use whosaid::stages::entities::EntityTagger;
use whosaid::train::conll;

fn shipped() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("models/ner")
}

/// Both backends in f32: the same function, computed two ways.
fn load(b: Backend) -> TaggerModel {
    TaggerModel::load_with(&shipped(), b, Precision::F32).expect("model loads")
}

/// Sentences to compare on: the seed sample and 200 CoNLL-2003 validation sentences when
/// `../shared` is present, else the sample corpus.
fn texts() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    let seed = root.join("../shared/samples/seed-article.txt");
    let valid = root.join("../shared/ner-data/conll2003/valid.txt");
    if seed.is_file() && valid.is_file() {
        out.extend(
            std::fs::read_to_string(seed)
                .unwrap()
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(String::from),
        );
        let sents = conll::read(&valid).unwrap();
        out.extend(sents.iter().take(200).map(|s| s.words.join(" ")));
    } else {
        eprintln!("../shared is absent: comparing on corpus/ only");
        for e in std::fs::read_dir(root.join("corpus")).unwrap().flatten() {
            if e.path().extension().is_some_and(|x| x == "txt") {
                out.extend(
                    std::fs::read_to_string(e.path())
                        .unwrap()
                        .lines()
                        .filter(|l| !l.trim().is_empty())
                        .map(String::from),
                );
            }
        }
    }
    out
}

#[test]
fn same_logits_and_entities_as_candle() {
    let candle = load(Backend::Candle);
    let torch = load(Backend::RustBert { cuda: false });
    let texts = texts();
    assert!(texts.len() >= 50);
    // Logits on every text, one padded batch of 16 at a time.
    let mut worst = 0f32;
    let (mut sum, mut count) = (0f64, 0usize);
    for chunk in texts.chunks(16) {
        let enc: Vec<_> = chunk
            .iter()
            .map(|t| candle.tokenizer.encode(t.as_str(), true).unwrap())
            .collect();
        let len = enc.iter().map(|e| e.len().min(128)).max().unwrap();
        let rows: Vec<Vec<u32>> = enc
            .iter()
            .map(|e| e.get_ids()[..e.len().min(128)].to_vec())
            .collect();
        let (ids, mask) = whosaid::model::tagging::pad(rows.iter().map(Vec::as_slice), len);
        let types: Vec<u32> = ids.iter().map(|&i| (i % 3 == 0) as u32).collect();
        let b = Batch {
            ids: &ids,
            types: &types,
            mask: &mask,
            rows: rows.len(),
            len,
        };
        let a = candle.classifier.logits(&b).unwrap();
        let t = torch.classifier.logits(&b).unwrap();
        assert_eq!(a.len(), t.len());
        let nl = candle.classifier.labels().len();
        for (k, (x, y)) in a.iter().zip(&t).enumerate() {
            let pos = (k / nl) % len;
            let row = k / nl / len;
            if mask[row * len + pos] == 1 {
                let d = (x - y).abs();
                if d > 2e-3 {
                    eprintln!("row {row} pos {pos} len {len} candle {x} torch {y}");
                }
                worst = worst.max(d);
                sum += d as f64;
                count += 1;
            }
        }
    }
    eprintln!(
        "mean logit difference {:.2e}, largest {worst:.2e}",
        sum / count as f64
    );
    assert!(worst < 1e-3, "largest logit difference {worst}");
    // Entities through the whole tagger.
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let a = EntityTagger::new(candle, 128).unwrap().tag(&refs).unwrap();
    let b = EntityTagger::new(torch, 128).unwrap().tag(&refs).unwrap();
    for ((x, y), t) in a.iter().zip(&b).zip(&texts) {
        let sx: Vec<_> = x.iter().map(|e| (e.span, e.label.clone())).collect();
        let sy: Vec<_> = y.iter().map(|e| (e.span, e.label.clone())).collect();
        assert_eq!(sx, sy, "entities differ on {t:?}");
    }
}
