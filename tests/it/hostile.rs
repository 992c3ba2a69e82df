//! Hostile and huge inputs through the real binary: nothing crashes, every skip is said, and what
//! is written keeps the output invariants (`common::check_records`). The closing note of #13 has
//! the table of what each input gives.

use crate::common;

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::util::{bin, run};
use common::{check_records, parse_csv, parse_jsonl};

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const QUOTE: &str =
    "“We will not back down,” said Senator Maria Lopez. She added that the vote would come soon. ";

/// Texts that web corpora hold, each a stress for one stage.
fn hostile_texts() -> Vec<(&'static str, String)> {
    vec![
        ("straight-quotes-100k", "\"".repeat(100_000)),
        ("curly-pairs-50k", "“”".repeat(50_000)),
        ("unbalanced", "“He said it was fine. ".repeat(2_000)),
        (
            "nested-1000",
            format!(
                "Mayor Ana Ruiz said: {}deep{} she said.",
                "“‘".repeat(500),
                "’”".repeat(500)
            ),
        ),
        ("dashes", "“a” — ".repeat(20_000)),
        (
            "nul-bytes",
            "Mayor Ana Ruiz said \0 “We will\0 win,” she said.\0\0".into(),
        ),
        (
            "crlf",
            "Mayor Ana Ruiz spoke.\r\n\r\n“We will win,” she said.\r\nOfficials said that it was over.\r\n".into(),
        ),
        (
            "lone-cr",
            "Mayor Ana Ruiz spoke.\r\r“We will win,” she said.\rOfficials said that it was over.\r".into(),
        ),
        (
            "arabic",
            "قال الرئيس محمد علي: «سنواصل العمل». “We will win,” said Mayor Ana Ruiz.".into(),
        ),
        (
            "hebrew",
            "אמר ראש העיר „אנחנו ננצח“. “We will win,” said Mayor Ana Ruiz.".into(),
        ),
        (
            "chinese",
            "市长李明说：“我们会赢。” “We will win,” said Mayor Ana Ruiz.".into(),
        ),
        (
            "combining-marks",
            "Mayor Zoe\u{301} Ruiz said: “We will win cafe\u{301}s,” and Jose\u{301} Marti\u{301} said that it was over.".into(),
        ),
        (
            "emoji-zwj",
            "“We 👩‍👩‍👧‍👦 will win 🏳️‍🌈,” said Mayor Ana Ruiz 👍🏽. She said that 🇺🇦 would win.".into(),
        ),
        ("empty", String::new()),
        ("whitespace", "   \n\n  \t \u{2029} ".into()),
        ("one-word", "said".into()),
    ]
}

fn write_jsonl(path: &Path, texts: &[(&str, String)]) -> HashMap<String, String> {
    let mut body = String::new();
    for (id, t) in texts {
        body += &serde_json::json!({"id": id, "text": t}).to_string();
        body.push('\n');
    }
    std::fs::write(path, body).unwrap();
    texts
        .iter()
        .map(|(id, t)| (id.to_string(), t.clone()))
        .collect()
}

#[test]
fn hostile_texts_give_valid_records_in_jsonl_and_csv() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in.jsonl");
    let texts = hostile_texts();
    let articles = write_jsonl(&input, &texts);
    let o = run(&["extract", input.to_str().unwrap(), "--quiet"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stderr.is_empty(), "{}", stderr(&o));
    let recs = parse_jsonl(&o.stdout).unwrap();
    check_records(&articles, &recs).unwrap();
    let of = |id: &str| -> Vec<&serde_json::Value> {
        recs.iter().filter(|r| r["doc_id"] == id).collect()
    };
    // Line breaks of every convention separate paragraphs alike.
    let para = |id| {
        of(id)
            .iter()
            .map(|r| r["paragraph"].clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(para("crlf"), vec![1, 2]);
    assert_eq!(para("lone-cr"), para("crlf"));
    // A NUL inside a quote is text like any other.
    assert_eq!(of("nul-bytes")[0]["text"], "We will\0 win,");
    assert_eq!(of("nul-bytes")[0]["speaker"], "Ana Ruiz");
    for id in ["arabic", "hebrew", "chinese"] {
        assert_eq!(of(id)[0]["speaker"], "Ana Ruiz", "{id}");
    }
    assert!(of("empty").is_empty() && of("whitespace").is_empty());

    let csv = tmp.path().join("out.csv");
    let o = run(&[
        "extract",
        input.to_str().unwrap(),
        "-o",
        csv.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows = parse_csv(&std::fs::read(&csv).unwrap()).unwrap();
    assert_eq!(rows.len(), recs.len());
    check_records(&articles, &rows).unwrap();
}

#[test]
fn a_5mb_article_in_one_paragraph() {
    let tmp = tempfile::tempdir().unwrap();
    let filler = "The committee met again on Tuesday to discuss the budget for the coming year. ";
    let unit = filler.repeat(49) + QUOTE;
    let text = unit.repeat(5_000_000 / unit.len());
    let path = tmp.path().join("book.txt");
    std::fs::write(&path, &text).unwrap();
    let o = run(&["extract", path.to_str().unwrap(), "--quiet"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let recs = parse_jsonl(&o.stdout).unwrap();
    assert_eq!(recs.len(), 2 * (5_000_000 / unit.len()));
    check_records(&HashMap::from([("book".to_string(), text)]), &recs).unwrap();
}

#[test]
fn oversized_records_are_skipped_and_said_and_the_rest_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in.jsonl");
    let big = "word ".repeat(600_000);
    write_jsonl(
        &input,
        &[
            ("a", QUOTE.into()),
            ("big", big.clone()),
            ("b", QUOTE.into()),
        ],
    );
    let folder = tmp.path().join("txt");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("big.txt"), &big).unwrap();
    std::fs::write(folder.join("small.txt"), QUOTE).unwrap();
    let o = run(&[
        "extract",
        input.to_str().unwrap(),
        folder.to_str().unwrap(),
        "--max-article-bytes",
        "1M",
    ]);
    assert_eq!(o.status.code(), Some(2), "skips give exit code 2");
    let err = stderr(&o);
    assert!(
        err.contains("in.jsonl:2: record of 3") && err.contains("--max-article-bytes (1048576)"),
        "{err}"
    );
    assert!(err.contains("article big: record of 3"), "{err}");
    assert!(err.contains("2 skipped"), "{err}");
    let recs = parse_jsonl(&o.stdout).unwrap();
    let docs: Vec<&str> = recs.iter().map(|r| r["doc_id"].as_str().unwrap()).collect();
    assert_eq!(docs, ["a", "a", "b", "b", "small", "small"]);
    // Under the default limit (16 MiB) they are read whole.
    let o = run(&["extract", input.to_str().unwrap(), "--quiet"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn byte_order_marks_and_invalid_utf8() {
    let tmp = tempfile::tempdir().unwrap();
    let text = "“We will win,” said Mayor Ana Ruiz.";
    let jsonl = tmp.path().join("bom.jsonl");
    let line = serde_json::json!({"id": "j", "text": text}).to_string();
    std::fs::write(&jsonl, format!("\u{feff}{line}\n")).unwrap();
    let csv = tmp.path().join("bom.csv");
    std::fs::write(&csv, format!("\u{feff}id,text\nc,\"{text}\"\n")).unwrap();
    let txt = tmp.path().join("bom.txt");
    std::fs::write(&txt, format!("\u{feff}{text}")).unwrap();
    let bad = tmp.path().join("bad.jsonl");
    let mut bytes = b"{\"id\": \"u\", \"text\": \"".to_vec();
    bytes.extend_from_slice(
        b"\xff\xfe \xe2\x80\x9cWe will win,\xe2\x80\x9d said Mayor Ana Ruiz.\"}\n",
    );
    std::fs::write(&bad, bytes).unwrap();
    for f in [&jsonl, &csv, &txt] {
        let o = run(&["extract", f.to_str().unwrap(), "--quiet"]);
        assert_eq!(o.status.code(), Some(0), "{f:?}: {}", stderr(&o));
        let recs = parse_jsonl(&o.stdout).unwrap();
        assert_eq!(recs.len(), 1, "{f:?}");
        assert_eq!(recs[0]["speaker"], "Ana Ruiz");
    }
    // A .txt file's mark is part of its text (as Python's `open(encoding="utf-8")` reads it):
    // offsets count it.
    let o = run(&["extract", txt.to_str().unwrap(), "--quiet"]);
    let recs = parse_jsonl(&o.stdout).unwrap();
    let articles = HashMap::from([("bom".to_string(), format!("\u{feff}{text}"))]);
    check_records(&articles, &recs).unwrap();
    // Invalid UTF-8 is replaced, said, and the article kept.
    let o = run(&["extract", bad.to_str().unwrap(), "--quiet"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("warning: article u: invalid UTF-8 replaced with U+FFFD"),
        "{}",
        stderr(&o)
    );
    assert_eq!(parse_jsonl(&o.stdout).unwrap().len(), 1);
}

/// Runs `cmd` in the repository root, reads one line of its output and closes the pipe, as
/// `| head -1` does; gives the line and how the process ended.
fn first_line_then_close(cmd: &mut Command) -> (String, Output) {
    let mut child = cmd
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    (first, child.wait_with_output().unwrap())
}

#[test]
fn stdout_closed_early_ends_quietly() {
    let (first, o) = first_line_then_close(bin().args(["extract", "corpus"]));
    assert!(first.starts_with("{\"doc_id\""), "{first}");
    let err = stderr(&o);
    assert!(!err.contains("panicked") && !err.contains("error"), "{err}");
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn stdout_closed_early_ends_every_command_quietly() {
    // `eval --errors` prints with `println!`, which panics on a closed pipe; more output than
    // a pipe holds (64 KiB), so a write after the reader goes fails.
    let tmp = tempfile::tempdir().unwrap();
    let gold = tmp.path().join("gold.jsonl");
    let pred = tmp.path().join("pred.jsonl");
    let docs: String = (0..2000)
        .map(|i| {
            format!(
                "{{\"id\":\"d{i}\",\"text\":\"Ana said the ferry line will close in March.\",\
                 \"quotes\":[{{\"content\":\"the ferry line will close in March\",\
                 \"kind\":\"indirect\",\"speaker\":\"Ana\"}}]}}\n"
            )
        })
        .collect();
    std::fs::write(&gold, docs).unwrap();
    std::fs::write(&pred, "").unwrap();
    let (first, o) = first_line_then_close(bin().args([
        "eval",
        "--gold",
        gold.to_str().unwrap(),
        "--pred",
        pred.to_str().unwrap(),
        "--errors",
    ]));
    assert!(first.starts_with("d0: missed"), "{first}");
    let err = stderr(&o);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(o.status.code(), Some(0));
}

/// A temp dir with links to `/dev/null`, `/dev/full` and a regular file.
fn links() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_path_buf();
    std::os::unix::fs::symlink("/dev/null", dir.join("null")).unwrap();
    std::os::unix::fs::symlink("/dev/full", dir.join("full")).unwrap();
    std::os::unix::fs::symlink("real.jsonl", dir.join("link.jsonl")).unwrap();
    std::fs::write(dir.join("real.jsonl"), "old\n").unwrap();
    (tmp, dir)
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn outputs_that_are_not_regular_files() {
    use std::os::unix::fs::FileTypeExt;
    let (_tmp, dir) = links();
    let out = |name: &str| dir.join(name).to_str().unwrap().to_string();
    // A link to a device: the device is written, never replaced.
    let o = run(&["extract", "corpus", "-o", &out("null"), "--quiet"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(std::fs::metadata("/dev/null")
        .unwrap()
        .file_type()
        .is_char_device());
    assert!(std::fs::symlink_metadata(dir.join("null"))
        .unwrap()
        .file_type()
        .is_symlink());
    // A full disk: exit 1, a clear message, no file left behind.
    if Path::new("/dev/full").exists() {
        let o = run(&["extract", "corpus", "-o", &out("full"), "--quiet"]);
        assert_eq!(o.status.code(), Some(1));
        let err = stderr(&o);
        assert!(err.contains("No space left on device"), "{err}");
        assert!(std::fs::metadata("/dev/full")
            .unwrap()
            .file_type()
            .is_char_device());
    } else {
        eprintln!("skipping the full-disk case: this system has no /dev/full");
    }
    // A link to a regular file: the link stays, its target gets the records.
    let o = run(&["extract", "corpus", "-o", &out("link.jsonl"), "--quiet"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(std::fs::symlink_metadata(dir.join("link.jsonl"))
        .unwrap()
        .file_type()
        .is_symlink());
    let written = std::fs::read(dir.join("real.jsonl")).unwrap();
    assert!(parse_jsonl(&written).unwrap().len() > 10);
    // A directory is refused before any work.
    std::fs::create_dir(dir.join("d")).unwrap();
    let o = run(&["extract", "corpus", "-o", &out("d"), "--quiet"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("is a directory"), "{}", stderr(&o));
    // No temporary file is left anywhere.
    assert_eq!(
        names(&dir),
        ["d", "full", "link.jsonl", "null", "real.jsonl"]
    );
}

#[test]
fn a_fifo_is_written_directly() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("fifo");
    match Command::new("mkfifo").arg(&fifo).status() {
        Ok(s) if s.success() => {}
        _ => {
            eprintln!("skipping: mkfifo is not available");
            return;
        }
    }
    let path = fifo.clone();
    let reader = std::thread::spawn(move || std::fs::read(path).unwrap());
    let o = run(&["extract", "corpus", "-o", fifo.to_str().unwrap(), "--quiet"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let got = reader.join().unwrap();
    assert!(parse_jsonl(&got).unwrap().len() > 10);
}
