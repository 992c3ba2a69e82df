//! The `whosaid` binary on real files, with the shipped model.

use crate::common;

use crate::util::{root, run};
use std::path::PathBuf;
use std::process::{Command, Output};

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn records(s: &str) -> Vec<serde_json::Value> {
    s.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn chars(s: &str, a: u64, b: u64) -> String {
    s.chars().skip(a as usize).take((b - a) as usize).collect()
}

const ARTICLE: &str = "Mayor Linda Okafor defended the plan on Monday.\n\n“It will cut travel times in half,” she said. Officials said that the ferry would start in May.\n";

#[test]
fn extracts_from_txt_folder_with_exact_offsets() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("sub")).unwrap();
    std::fs::write(tmp.path().join("sub/ferry.txt"), ARTICLE).unwrap();
    let o = run(&["extract", tmp.path().to_str().unwrap(), "--quiet"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let recs = records(&stdout(&o));
    assert_eq!(recs.len(), 2, "{recs:?}");
    for r in &recs {
        assert_eq!(r["doc_id"], "sub/ferry");
        let text = r["text"].as_str().unwrap();
        assert_eq!(
            chars(
                ARTICLE,
                r["start"].as_u64().unwrap(),
                r["end"].as_u64().unwrap()
            ),
            text
        );
        if let (Some(a), Some(b)) = (r["speaker_start"].as_u64(), r["speaker_end"].as_u64()) {
            assert_eq!(chars(ARTICLE, a, b), r["speaker_mention"].as_str().unwrap());
        }
    }
    assert_eq!(recs[0]["kind"], "direct");
    assert_eq!(recs[0]["text"], "It will cut travel times in half,");
    assert_eq!(recs[0]["speaker"], "Linda Okafor");
    assert_eq!(recs[0]["speaker_mention"], "she");
    assert_eq!(recs[0]["quote_id"], "sub/ferry:0");
    assert_eq!(recs[1]["kind"], "indirect");
    assert_eq!(
        recs[1]["speaker"],
        serde_json::Value::Null,
        "officials are not a named entity"
    );
}

#[test]
fn thread_count_does_not_change_output() {
    let one = run(&["extract", "corpus", "--threads", "1", "--quiet"]);
    let two = run(&["extract", "corpus", "--threads", "2", "--quiet"]);
    assert!(one.status.success() && two.status.success());
    assert!(!one.stdout.is_empty());
    assert_eq!(one.stdout, two.stdout);
    // And it keeps the output invariants.
    let mut articles = std::collections::HashMap::new();
    for e in std::fs::read_dir(root().join("corpus")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "txt") {
            let id = p.file_stem().unwrap().to_string_lossy().into_owned();
            articles.insert(id, std::fs::read_to_string(&p).unwrap());
        }
    }
    let recs = common::parse_jsonl(&one.stdout).unwrap();
    common::check_records(&articles, &recs).unwrap();
}

#[test]
fn bad_records_are_reported_and_skipped() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in.jsonl");
    let good = serde_json::json!({"id": "a", "text": ARTICLE, "title": "Ferry"}).to_string();
    let other =
        serde_json::json!({"id": 7, "text": "“We won,” said coach Daniel Reyes."}).to_string();
    std::fs::write(
        &input,
        format!("{good}\n{{not json\n{{\"id\": \"b\"}}\n\n{other}\n"),
    )
    .unwrap();
    let o = run(&["extract", input.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("in.jsonl:2") && err.contains("malformed JSON"),
        "{err}"
    );
    assert!(
        err.contains("in.jsonl:3") && err.contains("article b: missing \"text\""),
        "{err}"
    );
    assert!(err.contains("2 skipped"), "{err}");
    let recs = records(&stdout(&o));
    assert!(recs.iter().any(|r| r["doc_id"] == "a"));
    assert!(recs.iter().any(|r| r["doc_id"] == "7"));
    assert_eq!(recs[0]["meta"]["title"], "Ferry");
}

#[test]
fn writes_csv_and_json_to_files() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in.csv");
    let mut w = csv::Writer::from_path(&input).unwrap();
    w.write_record(["id", "text"]).unwrap();
    w.write_record(["x", ARTICLE]).unwrap();
    w.flush().unwrap();
    let out = tmp.path().join("out.csv");
    let o = run(&[
        "extract",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut rdr = csv::Reader::from_path(&out).unwrap();
    assert_eq!(rdr.headers().unwrap().iter().next(), Some("doc_id"));
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][3], "It will cut travel times in half,");
    // No temporary file is left beside the output.
    let names: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");

    let json = tmp.path().join("out.json");
    let o = run(&[
        "extract",
        input.to_str().unwrap(),
        "-o",
        json.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(o.status.success());
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(json).unwrap()).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2);
}

#[test]
fn usage_and_model_errors_exit_1_before_work() {
    let o = run(&["extract", "corpus", "--model", "/nonexistent/model"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a directory"));
    assert!(o.stdout.is_empty());
}

#[test]
fn check_passes_on_the_corpus() {
    let o = run(&["check", "corpus"]);
    assert!(
        o.status.success(),
        "{}{}",
        stdout(&o),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(stdout(&o).contains(", 0 differ"));
}

#[test]
fn check_reports_a_changed_value_with_article_quote_and_field() {
    let tmp = tempfile::tempdir().unwrap();
    let src = root().join("corpus/curly-quotes");
    std::fs::copy(src.with_extension("txt"), tmp.path().join("a.txt")).unwrap();
    let expected = std::fs::read_to_string(src.with_extension("expected.jsonl")).unwrap();
    let changed = expected.replacen("\"Linda Okafor\"", "\"Somebody Else\"", 1);
    assert_ne!(changed, expected);
    std::fs::write(
        tmp.path().join("a.expected.jsonl"),
        changed.replace("curly-quotes", "a"),
    )
    .unwrap();
    let o = run(&["check", tmp.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("a:\n"), "{out}");
    assert!(out.contains("changed quote \"a:0\""), "{out}");
    assert!(
        out.contains("speaker: expected \"Somebody Else\" got \"Linda Okafor\""),
        "{out}"
    );
    assert!(out.contains("1 differ"), "{out}");
}

fn shared() -> Option<PathBuf> {
    let s = root().join("../shared/samples");
    if s.join("seed-article.gold.json").is_file() {
        Some(s)
    } else {
        eprintln!("skipped: ../shared/samples is absent");
        None
    }
}

/// The seed article's end-to-end F1, which must not fall below the level reached (1.0).
#[test]
fn seed_article_end_to_end_f1_holds() {
    let Some(s) = shared() else { return };
    let gold = s.join("seed-article.gold.json");
    let o = run(&[
        "eval",
        "--gold",
        gold.to_str().unwrap(),
        "--input",
        s.join("seed-article.txt").to_str().unwrap(),
        "--json",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert!(v["end_to_end_f1"].as_f64().unwrap() >= 1.0, "{v}");
}

/// `whosaid eval` and `score.py` give the same numbers on the seed sample.
#[test]
fn eval_agrees_with_score_py() {
    let Some(s) = shared() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let pred = tmp.path().join("p.jsonl");
    let o = run(&[
        "extract",
        s.join("seed-article.txt").to_str().unwrap(),
        "-o",
        pred.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(o.status.success());
    let gold = s.join("seed-article.gold.json");
    let ours = run(&[
        "eval",
        "--gold",
        gold.to_str().unwrap(),
        "--pred",
        pred.to_str().unwrap(),
        "--json",
    ]);
    let script = root().join("../shared/tools/score.py");
    let Ok(theirs) = Command::new("python3")
        .arg(&script)
        .arg(&gold)
        .arg(&pred)
        .arg("--json")
        .output()
    else {
        eprintln!("skipped: python3 not available");
        return;
    };
    let a: serde_json::Value = serde_json::from_str(stdout(&ours).trim()).unwrap();
    let b: serde_json::Value = serde_json::from_str(stdout(&theirs).trim()).unwrap();
    for k in [
        "precision",
        "recall",
        "f1",
        "attribution_accuracy",
        "end_to_end_f1",
    ] {
        let (x, y) = (a[k].as_f64().unwrap(), b[k].as_f64().unwrap());
        assert!((x - y).abs() < 5e-5, "{k}: ours {x}, score.py {y}");
    }
    assert_eq!(a["predicted"], b["predicted"]);
}

#[test]
fn parquet_holds_the_jsonl_records_with_types_and_nulls() {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::Field;
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in.jsonl");
    let mut body = String::new();
    for e in std::fs::read_dir(root().join("corpus")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "txt") {
            let id = p.file_stem().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&p).unwrap();
            body += &serde_json::json!({"id": id, "text": text, "title": "T", "n": 3}).to_string();
            body.push('\n');
        }
    }
    std::fs::write(&input, body).unwrap();
    let pq = tmp.path().join("out.parquet");
    let o = run(&[
        "extract",
        input.to_str().unwrap(),
        "-o",
        pq.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = run(&["extract", input.to_str().unwrap(), "--quiet"]);
    let want = records(&stdout(&o));
    let reader = SerializedFileReader::new(std::fs::File::open(&pq).unwrap()).unwrap();
    let rows: Vec<_> = reader
        .get_row_iter(None)
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(rows.len(), want.len());
    assert!(rows.len() > 10);
    for (row, rec) in rows.iter().zip(&want) {
        let cols: Vec<_> = row.get_column_iter().collect();
        assert_eq!(cols.len(), whosaid::run::output::CSV_COLUMNS.len() + 1); // and meta
        for (name, field) in cols {
            let expected = &rec[name.as_str()];
            let got = match field {
                Field::Null => serde_json::Value::Null,
                Field::Long(v) => serde_json::json!(v),
                Field::Double(v) => serde_json::json!(v),
                Field::Str(s) if name == "meta" => serde_json::from_str(s).unwrap(),
                Field::Str(s) => serde_json::json!(s),
                other => panic!("{name}: unexpected {other:?}"),
            };
            assert_eq!(&got, expected, "{name} of {}", rec["quote_id"]);
        }
    }
}

/// `report` and `cluster` refuse bad inputs with a message naming the problem, before writing.
#[test]
fn report_and_cluster_name_bad_inputs() {
    let tmp = tempfile::tempdir().unwrap();
    let pred = tmp.path().join("p.jsonl");
    let o = run(&["extract", "corpus", "-o", pred.to_str().unwrap(), "--quiet"]);
    assert!(o.status.success());
    // A record whose article is not among the inputs.
    let page = tmp.path().join("r.html");
    let o = run(&[
        "report",
        "corpus/curly-quotes.txt",
        "--pred",
        pred.to_str().unwrap(),
        "-o",
        page.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("is not in the inputs"), "{err}");
    assert!(!page.exists());
    // An output that is a folder, or not an HTML page, fails at once.
    let dir = tmp.path().join("d.html");
    std::fs::create_dir(&dir).unwrap();
    let o = run(&["report", "corpus", "-o", dir.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("is a directory"));
    let o = run(&["report", "corpus", "-o", pred.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("name it FILE.html"));
    // A line that is not a record, with its file and line.
    let bad = tmp.path().join("bad.jsonl");
    std::fs::write(
        &bad,
        "{\"quote_id\":\"a:0\",\"doc_id\":\"a\",\"text\":\"x\"}\n{\"x\":1}\n",
    )
    .unwrap();
    let o = run(&["cluster", bad.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("bad.jsonl:2: not a whosaid record"), "{err}");
}
