//! `whosaid cluster` on a corpus built for it (`tests/data/clusters/articles.jsonl`: ten
//! articles from four outlets, with dates) whose true quotations are known
//! (`truth.jsonl`): the same words with other quote marks, a word changed, a quote split in two,
//! fragments inside reported speech, and distractors that share a phrase (`every family in this
//! city`, `We will not rest until`) or are generic (`No comment`). Scored pairwise over records.

use std::collections::HashMap;
use std::process::Command;

use crate::util::root;
use serde_json::Value;

fn run(args: &[&str]) -> std::process::Output {
    let o = Command::new(env!("CARGO_BIN_EXE_whosaid"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("binary runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    o
}

fn lines(bytes: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(bytes)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn quotations_are_found_across_articles() {
    let tmp = tempfile::tempdir().unwrap();
    let pred = tmp.path().join("pred.jsonl");
    let clusters = tmp.path().join("clusters.jsonl");
    run(&[
        "extract",
        "tests/data/clusters/articles.jsonl",
        "-o",
        pred.to_str().unwrap(),
        "--quiet",
    ]);
    run(&[
        "cluster",
        pred.to_str().unwrap(),
        "-o",
        clusters.to_str().unwrap(),
        "--min-size",
        "1",
    ]);
    let records = lines(&std::fs::read(&pred).unwrap());
    let truth = lines(&std::fs::read(root().join("tests/data/clusters/truth.jsonl")).unwrap());
    // Each record's true quotation: the truth line of its article whose words it holds, else
    // its own.
    let want: Vec<String> = records
        .iter()
        .map(|r| {
            let id = r["quote_id"].as_str().unwrap();
            truth
                .iter()
                .find(|t| {
                    t["doc_id"] == r["doc_id"]
                        && r["text"]
                            .as_str()
                            .unwrap()
                            .contains(t["contains"].as_str().unwrap())
                })
                .map_or(id.to_string(), |t| {
                    t["quotation"].as_str().unwrap().to_string()
                })
        })
        .collect();
    for t in &truth {
        assert!(
            records.iter().any(|r| r["doc_id"] == t["doc_id"]
                && r["text"]
                    .as_str()
                    .unwrap()
                    .contains(t["contains"].as_str().unwrap())),
            "the extraction lost {t}"
        );
    }
    let found = lines(&std::fs::read(&clusters).unwrap());
    let mut got: HashMap<String, usize> = HashMap::new();
    for c in &found {
        for m in c["members"].as_array().unwrap() {
            assert!(got
                .insert(
                    m.as_str().unwrap().to_string(),
                    c["cluster"].as_u64().unwrap() as usize
                )
                .is_none());
        }
    }
    let got: Vec<Option<usize>> = records
        .iter()
        .map(|r| got.get(r["quote_id"].as_str().unwrap()).copied())
        .collect();
    let (mut same_found, mut same_true, mut both) = (0, 0, 0);
    for i in 0..records.len() {
        for j in i + 1..records.len() {
            let t = want[i] == want[j];
            let g = got[i].is_some() && got[i] == got[j];
            same_true += t as usize;
            same_found += g as usize;
            both += (t && g) as usize;
            if t != g {
                eprintln!(
                    "{} / {}: truth {t}, found {g}",
                    records[i]["quote_id"], records[j]["quote_id"]
                );
            }
        }
    }
    let precision = both as f64 / same_found.max(1) as f64;
    let recall = both as f64 / same_true.max(1) as f64;
    eprintln!("cluster: {} records, pairwise precision {precision:.3} ({both}/{same_found}), recall {recall:.3} ({both}/{same_true})", records.len());
    assert!(precision >= 0.95, "precision {precision}");
    assert!(recall >= 0.9, "recall {recall}");
    // First seen: the earliest date, not the first in the input.
    let housing = found
        .iter()
        .find(|c| c["text"].as_str().unwrap().contains("every family"))
        .unwrap();
    assert_eq!(housing["first_seen"]["date"], "2025-03-01");
    assert_eq!(housing["first_seen"]["doc_id"], "north-post-3");
    assert_eq!(housing["articles"], 4);
    // The canonical text is the full quotation, not a fragment.
    let budget = found
        .iter()
        .find(|c| {
            c["members"].as_array().unwrap().len() == 4
                && c["text"].as_str().unwrap().contains("budget protects")
        })
        .unwrap();
    assert!(
        budget["text"].as_str().unwrap().contains("single tax"),
        "{budget}"
    );
    // Default --min-size 2 leaves out quotations seen once.
    let o = run(&["cluster", pred.to_str().unwrap()]);
    let default = lines(&o.stdout);
    assert_eq!(
        default.len(),
        found
            .iter()
            .filter(|c| c["size"].as_u64().unwrap() >= 2)
            .count()
    );
}
