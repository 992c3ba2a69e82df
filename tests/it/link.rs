//! `--entities`: speakers linked to the user's ids, scored against hand-made truth
//! (`tests/data/linking/truth.jsonl`: the right id of every speaker of the sample corpus, and of
//! the seed article when `../shared` is present, or null where the list has no entry or two
//! entries with that name). The list (`entities.csv`) has accents dropped, a leading "The",
//! names in another order, two people sharing an alias, and homonyms.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::util::root;
use serde_json::Value;

fn extract(inputs: &[PathBuf], entities: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_whosaid"))
        .arg("extract")
        .args(inputs)
        .args(["--format", "jsonl", "--quiet", "--entities"])
        .arg(entities)
        .output()
        .expect("binary runs")
}

type Links = common::Labels;

fn links(out: &Output) -> Links {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut got = Links::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let r: Value = serde_json::from_str(line).unwrap();
        let Some(speaker) = r["speaker"].as_str() else {
            continue;
        };
        let key = (
            r["doc_id"].as_str().unwrap().to_string(),
            speaker.to_string(),
        );
        let id = r["speaker_id"].as_str().map(String::from);
        let prev = got.insert(key.clone(), id.clone());
        assert!(
            prev.is_none_or(|p| p == id),
            "{key:?}: two ids in one article"
        );
    }
    got
}

fn inputs() -> (Vec<PathBuf>, bool) {
    let root = root();
    let seed = root.join("../shared/samples/seed-article.txt");
    if seed.is_file() {
        (vec![root.join("corpus"), seed], true)
    } else {
        eprintln!("../shared is absent: scoring the corpus only");
        (vec![root.join("corpus")], false)
    }
}

#[test]
fn speakers_link_to_the_users_ids() {
    let (inputs, with_seed) = inputs();
    let data = root().join("tests/data/linking");
    let got = links(&extract(&inputs, &data.join("entities.csv")));
    let mut truth = Links::new();
    for line in std::fs::read_to_string(data.join("truth.jsonl"))
        .unwrap()
        .lines()
    {
        let t: Value = serde_json::from_str(line).unwrap();
        let doc = t["doc_id"].as_str().unwrap().to_string();
        if doc == "seed-article" && !with_seed {
            continue;
        }
        let speaker = t["speaker"].as_str().unwrap().to_string();
        truth.insert((doc, speaker), t["id"].as_str().map(String::from));
    }
    let (precision, recall) =
        common::label_scores("speaker_id", &truth, &got, "tests/data/linking/truth.jsonl");
    assert_eq!(precision, 1.0, "a wrong link");
    assert!(recall >= 0.9, "recall {recall}");
}

#[test]
fn a_jsonl_list_links_like_the_csv_one() {
    let (inputs, _) = inputs();
    let data = root().join("tests/data/linking");
    let tmp = tempfile::tempdir().unwrap();
    let jsonl = tmp.path().join("entities.jsonl");
    let mut rdr = csv::Reader::from_path(data.join("entities.csv")).unwrap();
    let mut body = String::new();
    for (n, row) in rdr.records().enumerate() {
        let row = row.unwrap();
        let aliases: Vec<&str> = row[2].split('|').filter(|a| !a.is_empty()).collect();
        // Both alias forms: an array, and a `|`-joined string.
        let aliases = if n % 2 == 0 {
            serde_json::json!(aliases)
        } else {
            serde_json::json!(aliases.join("|"))
        };
        let obj = serde_json::json!({"id": &row[0], "name": &row[1], "aliases": aliases});
        body += &format!("{obj}\n");
    }
    std::fs::write(&jsonl, body).unwrap();
    assert_eq!(
        links(&extract(&inputs, &jsonl)),
        links(&extract(&inputs, &data.join("entities.csv")))
    );
}

#[test]
fn a_bad_list_is_refused_before_any_work_naming_file_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = vec![root().join("corpus")];
    for (name, body, says) in [
        (
            "no-header.csv",
            "Q1,Jane Doe\n",
            "needs a header with id,name",
        ),
        (
            "empty-id.csv",
            "id,name\nQ1,Jane\n,John\n",
            "empty-id.csv:3: empty id",
        ),
        (
            "bad.jsonl",
            "{\"id\":\"Q1\",\"name\":\"A\"}\n{\"id\":\"Q2\"}\n",
            "bad.jsonl:2",
        ),
    ] {
        let p = tmp.path().join(name);
        std::fs::write(&p, body).unwrap();
        let o = extract(&corpus, &p);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{name}: {err}");
        assert!(err.contains(says), "{name}: {err}");
        assert!(o.stdout.is_empty(), "{name}: output written");
    }
}
