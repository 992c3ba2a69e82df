//! Encoder and tagger throughput on this machine (a benchmark, not a test):
//! `cargo bench --bench encoder` (model: `models/ner`, or `$WHOSAID_MODEL`); with
//! `--features rust-bert` the libtorch backend is timed on the same batch.
//!
//! Prints tokens/s of the encoder on a 32×128 batch and entities/s of the whole tagger
//! (tokenize, window, batch, forward, BIO merge) on a few hundred news-like sentences.

use std::time::Instant;

use whosaid::entities::EntityTagger;
use whosaid::model::{Backend, Batch, NerModel};

fn main() {
    let dir = NerModel::default_dir();
    let model = NerModel::load(&dir, Backend::Candle).expect("model loads");
    let (rows, len) = (32usize, 128usize);
    let ids: Vec<u32> = (0..rows * len)
        .map(|i| 1000 + (i as u32 * 7919) % 20000)
        .collect();
    let mask = vec![1u32; rows * len];
    let types = vec![0u32; rows * len];
    let batch = Batch {
        ids: &ids,
        types: &types,
        mask: &mask,
        rows,
        len,
    };
    let time = |name: &str, m: &NerModel| {
        m.classifier.logits(&batch).expect("warm-up");
        let runs = 5;
        let t = Instant::now();
        for _ in 0..runs {
            m.classifier.logits(&batch).expect("forward");
        }
        let secs = t.elapsed().as_secs_f64() / runs as f64;
        println!(
            "encoder ({name}): batch {rows}x{len}: {:.0} ms/batch, {:.0} tokens/s",
            secs * 1e3,
            (rows * len) as f64 / secs,
        );
    };
    time("candle", &model);
    #[cfg(feature = "rust-bert")]
    time(
        "rust-bert/libtorch cpu",
        &NerModel::load(&dir, Backend::RustBert { cuda: false }).expect("rust-bert model loads"),
    );

    let tagger = EntityTagger::new(model, 128).expect("tagger");
    let names = [
        "Karoline Leavitt",
        "Dmitry Peskov",
        "Angela Merkel",
        "Kenji Sato",
        "Ana García",
    ];
    let orgs = [
        "the Financial Times",
        "the Kremlin",
        "Reuters",
        "the European Commission",
        "Toyota",
    ];
    let places = ["Moscow", "Berlin", "Tokyo", "São Paulo", "Chicago"];
    let sentences: Vec<String> = (0..300)
        .map(|i| {
            format!(
                "{} told {} in {} on Tuesday that the talks would resume next week, despite objections from officials.",
                names[i % 5],
                orgs[(i / 5) % 5],
                places[(i / 25) % 5]
            )
        })
        .collect();
    let texts: Vec<&str> = sentences.iter().map(String::as_str).collect();
    tagger.tag(&texts[..32]).expect("warm-up");
    let t = Instant::now();
    let found = tagger.tag(&texts).expect("tag");
    let secs = t.elapsed().as_secs_f64();
    let n: usize = found.iter().map(Vec::len).sum();
    println!(
        "tagger: {} sentences, {n} entities in {:.2} s: {:.0} sentences/s, {:.0} entities/s",
        texts.len(),
        secs,
        texts.len() as f64 / secs,
        n as f64 / secs
    );
}
