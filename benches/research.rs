//! Timings of the research tools (a benchmark, not a test): `cargo bench --bench research`.
//!
//! - `--entities`: loading a generated list of 10⁵ and 10⁶ entities (CSV, two aliases each,
//!   accented names), as `whosaid extract --entities` does before any work.
//! - `whosaid cluster`: grouping 10⁵, 3·10⁵ and 10⁶ generated quotes (a fifth of them
//!   occurrences of shared quotations, with words changed, cut or lower-cased; the rest distinct
//!   sentences from a 5,000-word vocabulary), to show the cost per quote stays flat.

use std::io::Write;
use std::time::Instant;

use whosaid::stages::link::EntityList;
use whosaid::tools::cluster::{cluster, Occurrence};
use whosaid::train::Rng;

fn word(rng: &mut Rng, vocab: &[String]) -> String {
    // Skewed towards frequent words, like text.
    let r = rng.below(vocab.len());
    vocab[r * rng.below(vocab.len()) / vocab.len()].clone()
}

fn main() {
    let mut rng = Rng::new(0x9e37_79b9_7f4a_7c15);
    let syllables = [
        "ka", "lo", "mé", "ri", "sa", "tö", "vi", "an", "el", "or", "ul", "ny",
    ];
    let vocab: Vec<String> = (0..5000)
        .map(|_| {
            (0..2 + rng.below(3))
                .map(|_| syllables[rng.below(12)])
                .collect()
        })
        .collect();
    let tmp = tempfile::tempdir().expect("temp dir");
    for n in [100_000usize, 1_000_000] {
        let path = tmp.path().join(format!("entities-{n}.csv"));
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        writeln!(f, "id,name,aliases").unwrap();
        for i in 0..n {
            let (a, b) = (word(&mut rng, &vocab), word(&mut rng, &vocab));
            writeln!(f, "Q{i},{a} {b} {i},{b} {i}|The {a} {i}").unwrap();
        }
        f.flush().unwrap();
        drop(f);
        let t = Instant::now();
        let list = EntityList::load(&path).unwrap();
        let s = t.elapsed().as_secs_f64();
        println!(
            "entities: {n} rows ({} names) loaded in {s:.2} s ({:.0} rows/s)",
            list.names(),
            n as f64 / s
        );
    }
    for n in [100_000usize, 300_000, 1_000_000] {
        let occs = quotes(&mut rng, &vocab, n);
        let t = Instant::now();
        let clusters = cluster(&occs, 2);
        let s = t.elapsed().as_secs_f64();
        let grouped: usize = clusters.iter().map(|c| c.size).sum();
        println!(
            "cluster: {n} quotes in {s:.2} s ({:.2} µs a quote): {} quotations of 2+, {grouped} quotes in them",
            s * 1e6 / n as f64,
            clusters.len()
        );
    }
}

/// `n` quotes: every fifth an occurrence of one of n/50 shared quotations, varied.
fn quotes(rng: &mut Rng, vocab: &[String], n: usize) -> Vec<Occurrence> {
    let shared: Vec<Vec<String>> = (0..n / 50)
        .map(|_| (0..8 + rng.below(25)).map(|_| word(rng, vocab)).collect())
        .collect();
    (0..n)
        .map(|i| {
            let words: Vec<String> = if i % 5 == 0 {
                let mut w = shared[rng.below(shared.len())].clone();
                match rng.below(4) {
                    0 => {
                        let k = rng.below(w.len());
                        w[k] = word(rng, vocab);
                    }
                    1 => w.truncate(w.len() * 3 / 4),
                    2 => w[0] = w[0].to_uppercase(),
                    _ => {}
                }
                w
            } else {
                (0..5 + rng.below(30)).map(|_| word(rng, vocab)).collect()
            };
            Occurrence {
                quote_id: format!("d{}:{}", i / 4, i % 4),
                doc_id: format!("d{}", i / 4),
                text: words.join(" "),
                kind: "direct".into(),
                speaker: Some(format!("S{}", rng.below(1000))),
                date: Some(format!("2025-01-{:02}", 1 + rng.below(28))),
            }
        })
        .collect()
}
