//! `speaker_gender` against hand-made truth (`corpus/speaker-gender.gold.jsonl`: what each
//! article itself says about each person it quotes), on the sample corpus and, when `../shared`
//! is present, the seed article. Prints precision and recall of the stated genders.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn speaker_gender_matches_what_the_articles_say() {
    let root = root();
    let mut inputs = vec![root.join("corpus")];
    let seed = root.join("../shared/samples/seed-article.txt");
    if seed.is_file() {
        inputs.push(seed);
    } else {
        eprintln!("../shared is absent: scoring the corpus only");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_whosaid"))
        .arg("extract")
        .args(&inputs)
        .args(["--format", "jsonl", "--quiet"])
        .output()
        .expect("binary runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // (article, person) → gender, from every record whose speaker is a person.
    let mut predicted: BTreeMap<(String, String), Option<String>> = BTreeMap::new();
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let r: Value = serde_json::from_str(line).unwrap();
        if r["speaker_type"] != "PER" {
            continue;
        }
        let key = (
            r["doc_id"].as_str().unwrap().to_string(),
            r["speaker"].as_str().unwrap().to_string(),
        );
        let g = r["speaker_gender"].as_str().map(String::from);
        let prev = predicted.insert(key.clone(), g.clone());
        assert!(
            prev.is_none_or(|p| p == g),
            "{key:?}: one person, two genders"
        );
    }
    let gold_text = std::fs::read_to_string(root.join("corpus/speaker-gender.gold.jsonl")).unwrap();
    let mut gold: BTreeMap<(String, String), Option<String>> = BTreeMap::new();
    for line in gold_text.lines() {
        let g: Value = serde_json::from_str(line).unwrap();
        let doc = g["doc_id"].as_str().unwrap().to_string();
        if doc == "seed-article" && inputs.len() == 1 {
            continue;
        }
        gold.insert(
            (doc, g["speaker"].as_str().unwrap().to_string()),
            g["gender"].as_str().map(String::from),
        );
    }
    // Every person quoted has a truth line (a new speaker in the corpus needs one).
    for k in predicted.keys() {
        assert!(
            gold.contains_key(k),
            "no truth for {k:?} in corpus/speaker-gender.gold.jsonl"
        );
    }
    let (mut said, mut right, mut stated) = (0, 0, 0);
    for (k, truth) in &gold {
        let p = predicted.get(k).cloned().flatten();
        stated += truth.is_some() as usize;
        said += p.is_some() as usize;
        right += (p.is_some() && p == *truth) as usize;
        if p != *truth {
            eprintln!("{k:?}: truth {truth:?}, predicted {p:?}");
        }
    }
    let precision = right as f64 / said.max(1) as f64;
    let recall = right as f64 / stated.max(1) as f64;
    eprintln!(
        "speaker_gender over {} people: precision {precision:.3} ({right}/{said}), recall {recall:.3} ({right}/{stated})",
        gold.len()
    );
    assert!(precision >= 0.95, "precision {precision}");
    assert!(recall >= 0.8, "recall {recall}");
}
