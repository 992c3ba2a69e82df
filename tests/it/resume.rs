//! `extract --resume`: a real run killed with SIGKILL at several moments, then resumed (and once
//! killed again), writes exactly the bytes of an uninterrupted run; `--shard` parts together are
//! the whole run.

use crate::util::bin;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// Short news-like articles, each with quotes.
fn corpus(path: &Path, n: usize) {
    let names = [
        "Maria Lopez",
        "John Smith",
        "Aisha Khan",
        "Kenji Sato",
        "Olga Petrova",
    ];
    let mut body = String::new();
    for i in 0..n {
        let name = names[i % names.len()];
        let text = format!(
            "Senator {name} spoke on Monday.\n\n“We will not back down on item {i},” {name} said. \
             She added that the vote would come soon.\n\nOfficials said that talks would go on."
        );
        body += &serde_json::json!({"id": format!("a{i:04}"), "text": text}).to_string();
        body.push('\n');
        if i % 37 == 5 {
            body += "{not json\n";
        }
    }
    std::fs::write(path, body).unwrap();
}

fn extract(input: &Path, out: &Path, extra: &[&str]) -> Command {
    let mut c = bin();
    c.args([
        "extract",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--quiet",
    ])
    .args(extra);
    c
}

/// When to kill a run.
#[derive(Debug, Clone, Copy)]
enum Kill {
    /// After this many milliseconds.
    AfterMs(u64),
    /// Once its progress file says this many input records are done.
    AtItems(u64),
}

/// Starts a resumable run and kills it with SIGKILL at `when` (if it is still running).
fn killed(input: &Path, out: &Path, when: Kill) {
    let mut child = extract(input, out, &["--resume", "--threads", "2"])
        .spawn()
        .unwrap();
    let journal = out.with_file_name(format!(
        "{}.whosaid-resume",
        out.file_name().unwrap().to_string_lossy()
    ));
    let start = std::time::Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return;
        }
        let due = match when {
            Kill::AfterMs(ms) => start.elapsed() >= Duration::from_millis(ms),
            Kill::AtItems(n) => std::fs::read_to_string(&journal)
                .ok()
                .and_then(|s| serde_json::from_str::<serde_json::Value>(&s).ok())
                .is_some_and(|j| j["items"].as_u64().unwrap_or(0) >= n),
        };
        if due {
            child.kill().ok();
            child.wait().unwrap();
            return;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

#[test]
fn a_killed_run_resumed_gives_the_uninterrupted_output() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in.jsonl");
    corpus(&input, 240);
    let mut resumed = 0;
    for ext in ["jsonl", "csv", "json"] {
        let full = tmp.path().join(format!("full.{ext}"));
        let o = extract(&input, &full, &[]).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "bad lines are skipped");
        let want = std::fs::read(&full).unwrap();
        use Kill::*;
        let kills: &[&[Kill]] = if ext == "jsonl" {
            &[
                &[AfterMs(100)],
                &[AtItems(1)],
                &[AtItems(60)],
                &[AtItems(40), AtItems(150)],
                &[AtItems(235)],
            ]
        } else {
            &[&[AtItems(120)]]
        };
        for (k, times) in kills.iter().enumerate() {
            let out = tmp.path().join(format!("out{k}.{ext}"));
            let journal = tmp.path().join(format!("out{k}.{ext}.whosaid-resume"));
            for &when in *times {
                killed(&input, &out, when);
            }
            // A run can finish between two saves of its progress file before the kill comes, or
            // be killed before it wrote anything (then `--resume` starts afresh).
            resumed += journal.exists() as usize;
            if journal.exists() || !out.exists() {
                let o = extract(&input, &out, &["--resume"]).output().unwrap();
                assert_eq!(
                    o.status.code(),
                    Some(2),
                    "{}",
                    String::from_utf8_lossy(&o.stderr)
                );
            }
            let got = std::fs::read(&out).unwrap();
            assert!(got == want, "{ext}, killed at {times:?}: output differs");
            assert!(!journal.exists(), "the progress file is removed at the end");
        }
    }
    assert!(
        resumed >= 4,
        "only {resumed} of 7 runs were killed before the end"
    );
}

#[test]
fn resume_refuses_a_finished_output_and_other_settings() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in.jsonl");
    corpus(&input, 20);
    let out = tmp.path().join("out.jsonl");
    extract(&input, &out, &["--resume"]).status().unwrap();
    let o = extract(&input, &out, &["--resume"]).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("it is complete"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // A progress file of another run is not taken for this one.
    std::fs::remove_file(&out).unwrap();
    killed(&input, &out, Kill::AtItems(0));
    let o = extract(&input, &out, &["--resume", "--shard", "1/2"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("other inputs or settings"));
    // Nor one whose attribution was decided otherwise: its records would mix two extractions.
    let o = extract(&input, &out, &["--resume", "--attribution", "rules"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("other inputs or settings"));
}

#[test]
fn shards_together_are_the_whole_run() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in.jsonl");
    corpus(&input, 60);
    let whole = tmp.path().join("whole.jsonl");
    extract(&input, &whole, &[]).status().unwrap();
    let lines = |p: &Path| -> Vec<String> {
        std::fs::read_to_string(p)
            .unwrap()
            .lines()
            .map(String::from)
            .collect()
    };
    let mut parts: Vec<String> = Vec::new();
    let mut sizes = Vec::new();
    for i in 1..=3 {
        let out = tmp.path().join(format!("part{i}.jsonl"));
        extract(&input, &out, &["--shard", &format!("{i}/3")])
            .status()
            .unwrap();
        let l = lines(&out);
        sizes.push(l.len());
        parts.extend(l);
    }
    assert!(
        sizes.iter().all(|&n| n > 0),
        "every shard gets articles: {sizes:?}"
    );
    let mut want = lines(&whole);
    want.sort();
    parts.sort();
    assert_eq!(
        parts, want,
        "shards together equal the whole run, record for record"
    );
    let bad = bin()
        .args(["extract", "corpus", "--shard", "0/3"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1), "a usage error");
    assert!(String::from_utf8_lossy(&bad.stderr).contains("1 <= I <= N"));
}
