//! One test per problem reported against a release (issue #25), named after the problem, as
//! ripgrep's `regression.rs` does: each runs the real binary on the input that showed it.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use crate::common::parse_jsonl;
use crate::util::{bin, run};

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

const ARTICLE: &str = "“We will not back down,” said Senator Maria Lopez. She added that the vote \
                       would come soon.";

fn jsonl(path: &Path, articles: &[(&str, &str)]) {
    let body: String = articles
        .iter()
        .map(|(id, text)| serde_json::json!({"id": id, "text": text}).to_string() + "\n")
        .collect();
    std::fs::write(path, body).unwrap();
}

/// The record whose text contains `t` (panics naming all records if none does).
fn quote_with<'a>(recs: &'a [serde_json::Value], t: &str) -> &'a serde_json::Value {
    recs.iter()
        .find(|r| r["text"].as_str().is_some_and(|x| x.contains(t)))
        .unwrap_or_else(|| panic!("{t}: {recs:?}"))
}

/// The records `extract` writes for these articles (id, text), run from a temp JSONL file.
fn extract_articles(articles: &[(&str, &str)]) -> Vec<serde_json::Value> {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in.jsonl");
    jsonl(&input, articles);
    quotes(&run(&["extract", s(&input), "--quiet"]))
}

fn quotes(o: &Output) -> Vec<serde_json::Value> {
    parse_jsonl(&o.stdout).unwrap()
}

#[test]
fn output_naming_an_input_is_refused_by_extract_report_and_cluster() {
    let tmp = tempfile::tempdir().unwrap();
    let v = tmp.path().join("v.jsonl");
    jsonl(&v, &[("a", ARTICLE)]);
    let before = std::fs::read(&v).unwrap();
    let link = tmp.path().join("link.jsonl");
    std::os::unix::fs::symlink(&v, &link).unwrap();
    let recs = tmp.path().join("r.jsonl");
    assert!(run(&["extract", s(&v), "-o", s(&recs), "--quiet"])
        .status
        .success());
    let recs_before = std::fs::read(&recs).unwrap();
    for args in [
        vec!["extract", s(&v), "-o", s(&v)],
        vec!["extract", s(&link), "-o", s(&v)],
        vec!["report", s(&v), "--pred", s(&recs), "-o", s(&v)],
        vec!["cluster", s(&recs), "-o", s(&recs)],
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("would destroy"), "{}", stderr(&o));
    }
    assert_eq!(std::fs::read(&v).unwrap(), before);
    assert_eq!(std::fs::read(&recs).unwrap(), recs_before);
    // A .txt output inside an input folder would be read as an article.
    let dir = tmp.path().join("tree");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("a.txt"), ARTICLE).unwrap();
    let o = run(&[
        "extract",
        s(&dir),
        "-o",
        s(&dir.join("out.txt")),
        "--format",
        "jsonl",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
}

#[test]
fn stale_resume_file_never_mixes_runs_and_an_edited_input_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let (big, other, out) = (
        tmp.path().join("big.jsonl"),
        tmp.path().join("other.jsonl"),
        tmp.path().join("st.jsonl"),
    );
    let many: Vec<(String, &str)> = (0..40).map(|i| (format!("b{i}"), ARTICLE)).collect();
    let many: Vec<(&str, &str)> = many.iter().map(|(i, t)| (i.as_str(), *t)).collect();
    jsonl(&big, &many);
    jsonl(&other, &[("o1", ARTICLE), ("o2", ARTICLE)]);
    // The progress file an interrupted run leaves (written by hand: the run's own format).
    let journal = tmp.path().join("st.jsonl.whosaid-resume");
    let o = run(&["extract", s(&big), "-o", s(&out), "--resume", "--quiet"]);
    assert!(o.status.success(), "{}", stderr(&o));
    std::fs::write(&out, b"").unwrap();
    let size = std::fs::metadata(&big).unwrap().len();
    let modified = std::fs::metadata(&big)
        .unwrap()
        .modified()
        .unwrap()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    let stale = serde_json::json!({"run": {"inputs": [s(&big)], "format": "jsonl", "shard": null,
        "max_article_bytes": 16777216, "entities": null, "attribution": "both (built-in model)",
        "input_ids": [{"size": size, "modified_ns": modified}]},
        "items": 0, "records": 0, "bytes": 0, "skipped": 0});
    std::fs::write(&journal, stale.to_string()).unwrap();
    // A plain run replaces the output: the stale progress file goes, with a warning.
    let o = run(&["extract", s(&other), "-o", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("removed"), "{}", stderr(&o));
    assert!(!journal.exists());
    // Resuming then refuses: the output is complete, not another run's to extend.
    let o = run(&["extract", s(&big), "-o", s(&out), "--resume", "--quiet"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("it is complete"), "{}", stderr(&o));
    // An input edited since the interrupted run is named, in words.
    std::fs::remove_file(&out).unwrap();
    std::fs::write(&journal, stale.to_string()).unwrap();
    std::fs::write(&out, b"").unwrap();
    let mut more = std::fs::read(&big).unwrap();
    more.extend_from_slice(b"{\"id\":\"x\",\"text\":\"y\"}\n");
    std::fs::write(&big, more).unwrap();
    let o = run(&["extract", s(&big), "-o", s(&out), "--resume", "--quiet"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("changed since the interrupted run") && !err.contains("RunKey"),
        "{err}"
    );
}

#[test]
fn symlink_loops_and_linked_folders_are_read_once() {
    let tmp = tempfile::tempdir().unwrap();
    let tree = tmp.path().join("tree");
    std::fs::create_dir_all(tree.join("a")).unwrap();
    std::fs::create_dir_all(tree.join("b")).unwrap();
    std::fs::write(tree.join("a/one.txt"), ARTICLE).unwrap();
    std::fs::write(tree.join("b/two.txt"), ARTICLE).unwrap();
    std::os::unix::fs::symlink("../", tree.join("a/loop")).unwrap();
    std::os::unix::fs::symlink("b", tree.join("c")).unwrap();
    let o = run(&["extract", s(&tree), "--quiet"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut ids: Vec<String> = quotes(&o)
        .iter()
        .map(|r| r["doc_id"].as_str().unwrap().to_string())
        .collect();
    ids.dedup();
    assert_eq!(ids, ["a/one", "b/two"]);
    assert!(stderr(&o).contains("a/loop: skipped"), "{}", stderr(&o));
    assert!(stderr(&o).contains("c: skipped"), "{}", stderr(&o));
}

#[test]
fn rewritten_output_keeps_its_mode_and_read_only_files_are_refused() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("a.txt");
    std::fs::write(&input, ARTICLE).unwrap();
    let out = tmp.path().join("o.jsonl");
    std::fs::write(&out, "old\n").unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o600)).unwrap();
    assert!(run(&["extract", s(&input), "-o", s(&out), "--quiet"])
        .status
        .success());
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = std::fs::read(&out).unwrap();
    let o = run(&["extract", s(&input), "-o", s(&out), "--quiet"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("is read-only"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&out).unwrap(), before);
}

#[test]
fn signals_remove_the_temporary_output_and_keep_the_old_one() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in.jsonl");
    // Enough articles for the run to be under way when the signal comes.
    let ids: Vec<String> = (0..3000).map(|i| format!("a{i}")).collect();
    let arts: Vec<(&str, &str)> = ids.iter().map(|i| (i.as_str(), ARTICLE)).collect();
    jsonl(&input, &arts);
    for sig in ["INT", "TERM", "HUP"] {
        let out = tmp.path().join(format!("o-{sig}.jsonl"));
        std::fs::write(&out, "old\n").unwrap();
        let mut child = bin()
            .args([
                "extract",
                s(&input),
                "-o",
                s(&out),
                "--quiet",
                "--threads",
                "1",
            ])
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Wait until the temporary file exists, then signal.
        let tmp_name = format!(".o-{sig}.jsonl.{}.tmp", child.id());
        let started = std::time::Instant::now();
        while !tmp.path().join(&tmp_name).exists()
            && started.elapsed() < std::time::Duration::from_secs(60)
        {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        Command::new("kill")
            .args([format!("-{sig}"), child.id().to_string()])
            .status()
            .unwrap();
        let status = child.wait().unwrap();
        if status.success() {
            continue; // finished before the signal: nothing to clean
        }
        assert!(
            !tmp.path().join(&tmp_name).exists(),
            "{sig} left {tmp_name}"
        );
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "old\n", "{sig}");
    }
}

#[test]
fn too_many_threads_are_capped_with_a_warning() {
    let o = run(&[
        "extract",
        "corpus/curly-quotes.txt",
        "--threads",
        "100000",
        "--quiet",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("more than four per core"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_fifo_in_an_input_folder_is_skipped_not_read() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("a.txt"), ARTICLE).unwrap();
    let fifo = tmp.path().join("pipe.txt");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let o = run(&["extract", s(tmp.path()), "--quiet"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("not a regular file"), "{}", stderr(&o));
    assert_eq!(quotes(&o)[0]["doc_id"], "a");
}

#[test]
fn a_quote_with_marks_of_the_other_style_is_kept_whole() {
    let recs = extract_articles(&[
        (
            "a",
            "“The sign said \"closed\" all week,” said shop owner Carla Gomez.",
        ),
        (
            "b",
            "Carla Gomez said: “The sign said \"closed\" all week and nobody came.”",
        ),
    ]);
    assert_eq!(recs.len(), 2, "{recs:?}");
    for r in &recs {
        assert_eq!(r["kind"], "direct");
        assert_eq!(r["speaker"], "Carla Gomez");
        assert!(r["text"].as_str().unwrap().contains("\"closed\" all week"));
    }
}

#[test]
fn scraped_html_and_mojibake_are_repaired_with_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in.jsonl");
    jsonl(
        &input,
        &[
            (
                "html",
                "<p>&quot;We will win,&#8221; said Mayor Ana Ruiz.</p>",
            ),
            ("moji", "â€œWe will win,â€ said Mayor Ana Ruiz."),
        ],
    );
    let o = run(&["extract", s(&input)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let recs = quotes(&o);
    assert_eq!(recs.len(), 2, "{recs:?}");
    for r in &recs {
        assert_eq!(r["text"], "We will win,");
        assert_eq!(r["speaker"], "Ana Ruiz");
    }
    assert!(stderr(&o).contains("offsets count the repaired text"));
    assert!(!o.stdout.windows(3).any(|w| w == "â€".as_bytes()));
}

#[test]
fn binary_garbage_is_skipped_with_a_message() {
    let tmp = tempfile::tempdir().unwrap();
    let junk = tmp.path().join("junk.txt");
    let bytes: Vec<u8> = (0..8000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&junk, bytes).unwrap();
    let o = run(&["extract", s(&junk), "--quiet"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("not text"), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
}

#[test]
fn duplicate_and_empty_article_ids_keep_quote_ids_unique() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in.jsonl");
    std::fs::write(
        &input,
        format!(
            "{}\n{}\n{}\n{}\n",
            serde_json::json!({"id": "x", "text": ARTICLE}),
            serde_json::json!({"id": "x", "text": ARTICLE}),
            serde_json::json!({"id": "", "text": ARTICLE}),
            serde_json::json!({"id": 4.5, "text": ARTICLE}),
        ),
    )
    .unwrap();
    let o = run(&["extract", s(&input), s(&input)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let recs = quotes(&o);
    let mut qids: Vec<&str> = recs
        .iter()
        .map(|r| r["quote_id"].as_str().unwrap())
        .collect();
    let n = qids.len();
    qids.sort();
    qids.dedup();
    assert_eq!(qids.len(), n, "{qids:?}");
    assert!(stderr(&o).contains("appears again"), "{}", stderr(&o));
    assert!(stderr(&o).contains("empty \"id\""), "{}", stderr(&o));
}

#[test]
fn an_entity_id_on_two_rows_links_its_speaker() {
    let tmp = tempfile::tempdir().unwrap();
    let list = tmp.path().join("people.csv");
    std::fs::write(&list, "id,name\nQ1,Maria Lopez\nQ1,Senator Lopez\n").unwrap();
    let input = tmp.path().join("a.txt");
    std::fs::write(&input, ARTICLE).unwrap();
    let o = run(&["extract", s(&input), "--entities", s(&list), "--quiet"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(quotes(&o)[0]["speaker_id"], "Q1");
}

#[test]
fn cluster_takes_the_earliest_instant_not_the_smallest_text() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in.jsonl");
    let rows = [
        ("late", "2024-03-02T10:00:00+00:00"),
        ("empty", ""),
        ("us", "03/02/2024"),
        ("early", "2024-03-02T11:00:00+05:00"),
    ];
    let body: String = rows
        .iter()
        .map(|(id, date)| {
            serde_json::json!({"id": id, "text": ARTICLE, "date": date}).to_string() + "\n"
        })
        .collect();
    std::fs::write(&input, body).unwrap();
    let recs = tmp.path().join("r.jsonl");
    assert!(run(&["extract", s(&input), "-o", s(&recs), "--quiet"])
        .status
        .success());
    let o = run(&["cluster", s(&recs)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let clusters = quotes(&o);
    assert!(!clusters.is_empty());
    assert_eq!(clusters[0]["first_seen"]["doc_id"], "early", "{clusters:?}");
}

#[test]
fn report_and_cluster_read_every_format_extract_writes_and_stdin() {
    let tmp = tempfile::tempdir().unwrap();
    let mut outputs = Vec::new();
    for ext in ["jsonl", "csv", "json", "parquet"] {
        let out = tmp.path().join(format!("r.{ext}"));
        assert!(run(&["extract", "corpus", "-o", s(&out), "--quiet"])
            .status
            .success());
        let o = run(&["cluster", s(&out), "--min-size", "1"]);
        assert!(o.status.success(), "{ext}: {}", stderr(&o));
        outputs.push(o.stdout);
        let page = tmp.path().join(format!("{ext}.html"));
        let o = run(&["report", "corpus", "--pred", s(&out), "-o", s(&page)]);
        assert!(o.status.success(), "{ext}: {}", stderr(&o));
    }
    assert!(outputs.windows(2).all(|w| w[0] == w[1]));
    let mut child = bin()
        .args(["cluster", "-", "--min-size", "1"])
        .current_dir(crate::util::root())
        .stdin(Stdio::from(
            std::fs::File::open(tmp.path().join("r.jsonl")).unwrap(),
        ))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut piped = Vec::new();
    std::io::Read::read_to_end(child.stdout.as_mut().unwrap(), &mut piped).unwrap();
    assert!(child.wait().unwrap().success());
    assert_eq!(piped, outputs[0]);
}

#[test]
fn silent_mistakes_now_say_so() {
    let tmp = tempfile::tempdir().unwrap();
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let o = run(&["extract", s(&empty), "--quiet"]);
    assert!(stderr(&o).contains("no articles"), "{}", stderr(&o));
    let o = run(&[
        "extract",
        "corpus/curly-quotes.txt",
        "-o",
        s(&tmp.path().join("o.tsv")),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("not a format whosaid writes"),
        "{}",
        stderr(&o)
    );
    let o = run(&["report", "corpus", "-o", s(&tmp.path().join("x.jsonl"))]);
    assert_eq!(o.status.code(), Some(1));
    let o = run(&["eval-ner", "README.md"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("not a CoNLL tag"), "{}", stderr(&o));
    let o = run(&[
        "extract",
        "corpus/curly-quotes.txt",
        "--stdin-format",
        "txt",
        "--quiet",
    ]);
    assert!(stderr(&o).contains("no input is `-`"), "{}", stderr(&o));
    let o = bin()
        .args(["extract", "corpus/curly-quotes.txt", "--quiet"])
        .current_dir(crate::util::root())
        .env("WHOSAID_MODEL", "")
        .output()
        .unwrap();
    assert!(o.status.success());
    assert!(stderr(&o).contains("WHOSAID_MODEL is set but empty"));
    let o = run(&["extract", "corpus/curly-quotes.txt"]);
    assert!(stderr(&o).contains("1 article,"), "{}", stderr(&o));
    // eval --json is score.py's flat object; no prediction for any gold article is said.
    let gold = tmp.path().join("gold.jsonl");
    let doc = serde_json::json!({"id": "g", "text": ARTICLE, "quotes": [{"content":
        "We will not back down,", "kind": "direct", "speaker": "Maria Lopez", "cue": "said"}]});
    std::fs::write(&gold, doc.to_string() + "\n").unwrap();
    let o = run(&["eval", "--gold", s(&gold), "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["recall_direct"], 1.0, "{v}");
    assert!(v.get("recall_by_kind").is_none(), "{v}");
    let none = tmp.path().join("none.jsonl");
    std::fs::write(&none, "").unwrap();
    let o = run(&["eval", "--gold", s(&gold), "--pred", s(&none)]);
    assert!(
        stderr(&o).contains("no prediction for any"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn crlf_csv_rows_are_located_at_their_line() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = tmp.path().join("in.csv");
    std::fs::write(&csv, "id,text\r\na,\"x\r\ny\"\r\nb\r\n").unwrap();
    let o = run(&["extract", s(&csv), "--quiet"]);
    assert!(stderr(&o).contains("in.csv:4"), "{}", stderr(&o));
}

#[test]
fn check_corpus_passes_with_f32_too() {
    let o = run(&["check", "corpus", "--precision", "f32"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
}

#[test]
fn meta_keeps_the_input_key_order() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in.jsonl");
    std::fs::write(
        &input,
        "{\"zeta\":1,\"id\":\"m\",\"alpha\":2,\"text\":\"“Hi there, all,” said Ana Ruiz.\",\"mid\":3}\n",
    )
    .unwrap();
    let o = run(&["extract", s(&input), "--quiet"]);
    let line = String::from_utf8_lossy(&o.stdout);
    assert!(
        line.contains("\"meta\":{\"zeta\":1,\"alpha\":2,\"mid\":3}"),
        "{line}"
    );
}

#[test]
fn according_to_after_a_quote_frame_names_the_relay_not_the_speaker() {
    let recs = extract_articles(&[(
        "c",
        "“We will not raise taxes,” said Jane Hollis, according to an old report.",
    )]);
    assert_eq!(recs.len(), 1, "{recs:?}");
    assert_eq!(recs[0]["kind"], "direct");
    assert_eq!(recs[0]["text"], "We will not raise taxes,");
    assert_eq!(recs[0]["speaker"], "Jane Hollis");
}

#[test]
fn interview_answers_are_the_interviewees_and_questions_unnamed() {
    let recs = extract_articles(&[(
        "qa",
        "Jane Hollis, the mayor, spoke to us on Monday.\n\nQ: Will you run again next year?\n\n\
             A: Ten years is enough for anyone in this job.\n\nQ. Why not?\n\nA. It is time.",
    )]);
    let by = |t: &str| quote_with(&recs, t);
    assert_eq!(
        by("Ten years is enough for anyone in this job.")["speaker"],
        "Jane Hollis"
    );
    assert_eq!(by("It is time.")["speaker"], "Jane Hollis");
    assert!(by("Will you run again next year?")["speaker"].is_null());
    assert!(by("Why not?")["speaker"].is_null());
}

#[test]
fn names_as_newsrooms_write_them_and_quote_runs() {
    let recs = extract_articles(&[(
        "n",
        "OSLO: The ferry line will close in March, officials said on Monday.\n\n\
             Maria Jensen, who has run the line since 2009, said the decision came too late.\n\n\
             “We asked for help for three years and nobody listened to a single word of it.”\n\n\
             “The harbour will be empty by the summer,” the captain stated.\n\n\
             The Norwegian transport ministry said it “regrets the closure of a historic line”.\n\n\
             “Nothing has been decided about the boats,” a Norwegian ministry spokesman said.",
    )]);
    let by = |t: &str| quote_with(&recs, t);
    // A dateline is not a transcript label.
    assert!(recs.iter().all(|r| r["speaker"] != "OSLO"), "{recs:?}");
    // A quote paragraph carries the speaker of the indirect quote before it.
    assert_eq!(by("We asked for help")["speaker"], "Maria Jensen");
    // `stated` after a quote reports it; `the captain` is the person in focus.
    assert_eq!(by("The harbour will be empty")["cue"], "stated");
    assert_eq!(by("The harbour will be empty")["speaker"], "Maria Jensen");
    // An institution named by its country speaks under that name, not as the country.
    assert_eq!(
        by("regrets the closure")["speaker"],
        "Norwegian transport ministry"
    );
    // An unnamed spokesman is nobody's name.
    assert!(
        by("Nothing has been decided")["speaker"].is_null(),
        "{recs:?}"
    );
}

#[test]
fn speakers_across_an_article_resolve_as_a_reader_would() {
    let text = "Harbor Freight Lines said on Monday that it would sell its two oldest ferries.\n\n\
         The statement, which was first reported by the Daily Courier, said the sale would close \
         in June.\n\n\
         “We have carried people across this bay for ninety years,” the company said.\n\n\
         Chris Early, who has captained the night ferry since 2001, was less sure. \
         “Nobody has asked the crews what they think about any of this,” says Early.\n\n\
         Anna Lindqvist runs the harbour café.\n\n\
         “I love the way the Courier keeps the whole town talking about these boats,” she told \
         reporters.\n\n\
         “The last ferry leaves at nine and nobody knows when the next one will come,” said \
         harbour historian and museum curator Tom Hale.\n\n\
         The company’s shares added more than 2% on the news.\n\n\
         “The crews asked us to keep one boat for the islands,” Early told Hale.\n\n\
         “We will keep the oldest one running until the spring at the very least,” he said.";
    let recs = extract_articles(&[("s", text)]);
    let by = |t: &str| quote_with(&recs, t);
    // A name in the subject's relative clause does not speak; `the company` is the
    // organisation that spoke last.
    assert_eq!(
        by("the sale would close")["speaker"],
        "Harbor Freight Lines"
    );
    assert_eq!(by("ninety years")["speaker"], "Harbor Freight Lines");
    // A capitalised time word after the cue is the surname of a person named before.
    assert_eq!(by("Nobody has asked")["speaker"], "Chris Early");
    // A name inside the quote is not the pronoun's antecedent.
    assert_eq!(by("I love the way")["speaker"], "Anna Lindqvist");
    // Titles joined by `and` before the name right after a quote.
    assert_eq!(by("The last ferry leaves")["speaker"], "Tom Hale");
    // The hearer of `told` does not take the speaker's next quote.
    assert_eq!(by("until the spring")["speaker"], "Chris Early");
    // Shares that add a quantity say nothing.
    assert!(
        recs.iter()
            .all(|r| !r["text"].as_str().unwrap().contains("2%")),
        "{recs:?}"
    );
}
