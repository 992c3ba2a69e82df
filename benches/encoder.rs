//! Encoder and tagger throughput on this machine (a benchmark, not a test):
//! `cargo bench --bench encoder` (model: `models/ner`, or `$WHOSAID_MODEL`). Times the f32 candle
//! encoder and the int8 one (with the kernels this CPU selects, then each slower one down to the
//! portable loop) on the same batch; with `--features rust-bert` the libtorch backend too.
//!
//! Prints tokens/s of the encoder on a 32×128 batch and entities/s of the whole tagger
//! (tokenize, window, batch, forward, BIO merge) on a few hundred news-like sentences.

use std::time::Instant;

use whosaid::model::kernels::Isa;
use whosaid::model::{Backend, Batch, Precision, QuantizedBert, TaggerModel};
use whosaid::stages::entities::EntityTagger;

fn main() {
    let dir = TaggerModel::default_dir();
    let model = TaggerModel::load(&dir, Backend::Candle).expect("model loads");
    let f32_model =
        TaggerModel::load_with(&dir, Backend::Candle, Precision::F32).expect("model loads");
    println!("CPU: {}; int8 kernels: {:?}", cpu_name(), Isa::detect());
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
    // `cargo bench --bench encoder -- NAME...` times only the encoders whose name contains one
    // of the NAMEs.
    let only: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let time = |name: &str, m: &dyn whosaid::model::TokenClassifier| {
        if !only.is_empty() && !only.iter().any(|o| name.contains(o.as_str())) {
            return;
        }
        m.logits(&batch).expect("warm-up");
        let runs = 5;
        let t = Instant::now();
        for _ in 0..runs {
            m.logits(&batch).expect("forward");
        }
        let secs = t.elapsed().as_secs_f64() / runs as f64;
        println!(
            "encoder ({name}): batch {rows}x{len}: {:.0} ms/batch, {:.0} tokens/s",
            secs * 1e3,
            (rows * len) as f64 / secs,
        );
    };
    time("f32, candle", &*f32_model.classifier);
    // Every kernel this CPU runs, fastest first, with the default activations (7 bits: bytes on
    // AVX2 and VNNI alike) and with 8 (AVX2 then multiplies 16-bit pairs).
    let cfg = whosaid::model::BertConfig::load(&dir, true).expect("config");
    let default_bits = whosaid::model::quantized::DEFAULT_ACT_BITS;
    let mut widths = vec![default_bits];
    if default_bits != 8 {
        widths.push(8);
    }
    for isa in Isa::supported().into_iter().rev() {
        for &bits in &widths {
            let name = format!("int8, {isa:?} kernels, {bits}-bit activations");
            if isa == Isa::detect() && bits == default_bits {
                time(&format!("{name} (default)"), &*model.classifier);
            } else {
                let other = QuantizedBert::load(&dir, &cfg, bits)
                    .expect("model loads")
                    .with_isa(isa);
                time(&name, &other);
            }
        }
    }
    #[cfg(feature = "rust-bert")]
    time(
        "rust-bert/libtorch cpu",
        &*TaggerModel::load(&dir, Backend::RustBert { cuda: false })
            .expect("rust-bert model loads")
            .classifier,
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

/// `lscpu`'s model name, from /proc/cpuinfo.
fn cpu_name() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into())
}
