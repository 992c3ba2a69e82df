//! `speaker_gender` against hand-made truth (`corpus/speaker-gender.gold.jsonl`: what each
//! article itself says about each person it quotes), on the sample corpus and, when `../shared`
//! is present, the seed article. Prints precision and recall of the stated genders.

use crate::common;

use std::process::Command;

use crate::util::root;
use serde_json::Value;

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
    let mut predicted = common::Labels::new();
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
    let mut gold = common::Labels::new();
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
    let (precision, recall) = common::label_scores(
        "speaker_gender",
        &gold,
        &predicted,
        "corpus/speaker-gender.gold.jsonl",
    );
    assert!(precision >= 0.95, "precision {precision}");
    assert!(recall >= 0.8, "recall {recall}");
}
