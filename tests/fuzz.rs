//! Fuzzing on the stable toolchain: a mutation fuzzer over the stages that read untrusted text.
//!
//! cargo-fuzz needs nightly, and `cargo afl` builds AFL++ from source with LLVM tools this
//! project's machines lack; this driver needs nothing but `cargo test`. It starts from the sample
//! corpus and hostile seeds, mutates them (splices, repeats, quote marks, cue words, line breaks,
//! NULs, combining marks, invalid bytes), and runs each target on every input, checking its
//! invariants, with a wall-clock limit per input so that a quadratic path counts as a failure.
//! A failure is shrunk, written to `$WHOSAID_FUZZ_OUT` (default: a temp dir) and reported with
//! the input as a Rust string, ready to go into `tests/fuzz-regressions/` (which every run
//! replays first).
//!
//! Each target runs `WHOSAID_FUZZ_SECONDS` (default 10: the short run of `cargo test`);
//! `scripts/fuzz.sh SECONDS` runs them long. `WHOSAID_FUZZ_SEED` replays a run.

mod common;
#[path = "it/util.rs"]
#[allow(dead_code)]
mod util;

use std::cell::Cell;
use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use util::root;
use whosaid::document::{Document, Entity, Span};
use whosaid::run::pipeline::{Outcome, Pipeline};
use whosaid::run::{output, reader};
use whosaid::stages::rule_stages;
use whosaid::stages::{quotes, sentences, speakers};
use whosaid::train::Rng;

/// One of `xs`, drawn with the library's SplitMix64.
fn pick<'a, T: ?Sized>(rng: &mut Rng, xs: &'a [&'a T]) -> &'a T {
    xs[rng.below(xs.len())]
}

/// Pieces that stress the stages: every quote mark, cue forms, names and titles, pronouns,
/// line breaks of every convention, and characters that are not what a tokenizer expects.
const PIECES: &[&str] = &[
    "\"",
    "“",
    "”",
    "‘",
    "’",
    "'",
    "«",
    "»",
    "„",
    "‚",
    "‹",
    "›",
    "「",
    "」",
    "`",
    "``",
    "''",
    " said ",
    " says ",
    " told reporters ",
    " added that ",
    " according to ",
    ": ",
    " — ",
    " – ",
    " - ",
    ", ",
    ". ",
    "? ",
    "! ",
    "…",
    "Mr. ",
    "Ms. ",
    "Dr. ",
    "Sen. ",
    "President ",
    "Maria Lopez",
    "Jean-Pierre Lacroix",
    "O'Brien",
    "de Vries",
    "Lopez",
    " she ",
    " he ",
    " they ",
    " the spokeswoman ",
    " it ",
    "U.S. ",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "\u{2029}",
    "\t",
    "\0",
    "\u{301}",
    "\u{200d}",
    "👩‍👩‍👧",
    "🇺🇦",
    "\u{feff}",
    "\u{200f}",
    "ال",
    "中",
    "(",
    ")",
    "[",
    "]",
    " ",
    "  ",
    "\u{a0}",
    "said",
    "According",
    "We will",
    "not",
];

fn seeds() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(root().join("corpus"))
        .unwrap()
        .filter_map(|e| {
            let p = e.ok()?.path();
            (p.extension()? == "txt")
                .then(|| std::fs::read_to_string(p).ok())
                .flatten()
        })
        .collect();
    v.sort();
    v.extend(regressions().into_iter().map(|(_, t)| t));
    v.extend([
        String::new(),
        "“We will not back down,” said Senator Maria Lopez. She added that the vote would come soon.".into(),
        "Mayor Ana Ruiz said: “‘“‘deep’”’” she said.".into(),
        "According to the report, prices rose. “Yes,” he said, “and more.”\n\n“Again,” she said.".into(),
    ]);
    v
}

/// Inputs kept from earlier failures, replayed by every run.
fn regressions() -> Vec<(String, String)> {
    let dir = root().join("tests/fuzz-regressions");
    let mut v: Vec<(String, String)> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| {
                let p = e.ok()?.path();
                let text = std::fs::read(&p).ok()?;
                Some((
                    p.file_name()?.to_string_lossy().into_owned(),
                    String::from_utf8_lossy(&text).into_owned(),
                ))
            })
            .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// The char boundary at or before `i`.
fn floor(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn boundary(s: &str, rng: &mut Rng) -> usize {
    let mut i = rng.below(s.len() + 1);
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One random edit of `s`; the result stays under `max` bytes.
fn mutate(s: &str, pool: &[String], rng: &mut Rng, max: usize) -> String {
    let mut s = s.to_string();
    for _ in 0..1 + rng.below(8) {
        let i = boundary(&s, rng);
        match rng.below(9) {
            0..=3 => s.insert_str(i, pick(rng, PIECES)),
            4 => {
                let j = boundary(&s, rng);
                let (a, b) = (i.min(j), i.max(j));
                s.replace_range(a..b, "");
            }
            5 => {
                // A span repeated: long runs of one construction.
                let j = boundary(&s, rng);
                let (a, b) = (i.min(j), i.max(j));
                let piece = s[a..floor(&s, b.min(a + 200))].to_string();
                let piece = if piece.is_empty() {
                    pick(rng, PIECES).to_string()
                } else {
                    piece
                };
                let most = if rng.below(10) == 0 { 2000 } else { 10 };
                let times = 1 + rng.below(most);
                s.insert_str(a, &piece.repeat(times));
            }
            6 => {
                // Splice in part of another seed.
                let other = &pool[rng.below(pool.len())];
                let a = boundary(other, rng);
                let b = boundary(other, rng);
                let (a, b) = (a.min(b), a.max(b).min(a.min(b) + 2000));
                let mut b = b;
                while !other.is_char_boundary(b) {
                    b -= 1;
                }
                s.insert_str(i, &other[a..b]);
            }
            7 => {
                let c = char::from_u32(rng.next_u64() as u32 % 0x11_0000).unwrap_or('\u{fffd}');
                s.insert(i, c);
            }
            _ => s.truncate(i),
        }
        if s.len() > max {
            let mut cut = max;
            while !s.is_char_boundary(cut) {
                cut -= 1;
            }
            s.truncate(cut);
        }
    }
    s
}

/// Spans must lie inside the text, on character boundaries.
fn span_ok(text: &str, s: Span, what: &str) {
    assert!(
        s.start <= s.end && s.end <= text.len(),
        "{what} {s:?} outside 0..{}",
        text.len()
    );
    assert!(
        text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
        "{what} {s:?} cuts a character"
    );
}

fn target_sentences(text: &str) {
    let mut doc = Document::new("f", text);
    sentences::annotate(&mut doc);
    let mut last = 0;
    for p in &doc.paragraphs {
        span_ok(text, *p, "paragraph");
        assert!(p.start >= last, "paragraphs overlap or go back");
        last = p.end;
    }
    let mut last = 0;
    for s in &doc.sentences {
        span_ok(text, s.span, "sentence");
        assert!(s.span.start >= last, "sentences overlap or go back");
        last = s.span.end;
        assert!(
            doc.paragraphs[s.paragraph].contains(s.span),
            "sentence outside its paragraph"
        );
    }
}

fn target_quotes(text: &str) {
    let mut doc = Document::new("f", text);
    sentences::annotate(&mut doc);
    let marks = quotes::find(&doc);
    for (i, m) in marks.iter().enumerate() {
        span_ok(text, m.outer, "quote");
        span_ok(text, m.inner, "quote content");
        assert!(m.outer.contains(m.inner), "content outside its marks");
        assert!(m.continues.is_none_or(|c| c < i), "continues a later quote");
    }
}

fn check_doc(doc: &Document) {
    let text = &doc.text;
    for q in &doc.quotes {
        span_ok(text, q.span, "quote");
        if let Some(c) = q.cue {
            span_ok(text, c, "cue");
        }
        if let Some(m) = q.speaker.mention {
            span_ok(text, m, "speaker mention");
        }
        assert!(q.sentence < doc.sentences.len().max(1), "sentence index");
        assert!(q.paragraph < doc.paragraphs.len().max(1), "paragraph index");
    }
    let recs: Vec<serde_json::Value> = output::records(doc)
        .iter()
        .map(|r| serde_json::to_value(r).unwrap())
        .collect();
    let articles = HashMap::from([(doc.id.clone(), doc.text.clone())]);
    common::check_records(&articles, &recs).unwrap();
    let csv =
        output::RecordWriter::<Vec<u8>>::encode(output::Format::Csv, &output::records(doc), 0);
    let mut with_header = (output::CSV_COLUMNS.join(",") + "\n").into_bytes();
    with_header.extend(csv);
    common::parse_csv(&with_header).unwrap();
}

fn target_attribution(text: &str) {
    let mut doc = Document::new("f", text);
    rule_stages(&mut doc);
    check_doc(&doc);
}

/// Speaker resolution over arbitrary entity layers: runs of capitalised words tagged at random,
/// as a tagger might (sorted, not overlapping, on word boundaries).
fn target_speakers(text: &str) {
    let mut doc = Document::new("f", text);
    rule_stages(&mut doc);
    let mut rng = Rng::new(text.len() as u64 ^ 0x5eed);
    let mut words: Vec<Span> = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (c.is_alphanumeric() || c == '-' || c == '\'', start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                words.push(Span::new(s, i));
                start = None;
            }
            _ => {}
        }
    }
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        if text[w.start..].starts_with(char::is_uppercase) && rng.below(3) > 0 {
            let n = 1 + rng.below(3).min(words.len() - i - 1);
            let span = Span::new(w.start, words[i + n - 1].end);
            doc.entities.push(Entity {
                span,
                label: pick(&mut rng, &["PER", "ORG", "LOC", "MISC"]).to_string(),
                score: 0.9,
            });
            i += n;
        } else {
            i += 1;
        }
    }
    speakers::resolve(&mut doc);
    check_doc(&doc);
}

fn target_reader(text: &str) {
    let dir = tempfile::tempdir().unwrap();
    // The text as a JSONL file (raw: often not JSON at all), a CSV and a .txt, with and without a
    // small size limit.
    for (name, body) in [
        ("in.jsonl", text.to_string()),
        ("in.csv", format!("id,text\n{text}")),
        ("in.txt", text.to_string()),
        (
            "ok.jsonl",
            serde_json::json!({"id": "x", "text": text}).to_string(),
        ),
    ] {
        let path = dir.path().join(name);
        let mut bytes = body.into_bytes();
        // Invalid UTF-8 now and then.
        if bytes.len() > 3 && bytes.len() % 7 == 0 {
            let at = bytes.len() / 2;
            bytes[at] = 0xff;
        }
        std::fs::write(&path, &bytes).unwrap();
        for max in [64, 1 << 20] {
            if let Ok(items) = reader::open_with(path.to_str().unwrap(), None, max) {
                for item in items {
                    if let reader::Item::Article(a) = item {
                        // Invalid bytes become U+FFFD (3 bytes): at most 3× the bytes read.
                        assert!(a.text.len() <= 3 * max, "article over the limit was read");
                    }
                }
            }
        }
    }
}

static PIPELINE: OnceLock<Pipeline> = OnceLock::new();

/// The whole pipeline with the real model, on short inputs (the model is the slow part).
fn target_model(text: &str) {
    let pipeline = PIPELINE.get_or_init(|| {
        Pipeline::with_model(
            whosaid::model::TaggerModel::load(
                &root().join("models/ner"),
                whosaid::model::Backend::Candle,
            )
            .unwrap(),
        )
        .unwrap()
    });
    let article = reader::Article {
        id: "f".into(),
        text: text.to_string(),
        meta: None,
        warning: None,
    };
    for o in pipeline.run(vec![article]) {
        match o {
            Outcome::Done(doc) => check_doc(&doc),
            Outcome::Skipped { reason, .. } => panic!("skipped: {reason}"),
        }
    }
}

thread_local! {
    /// Set while the fuzzer runs a target: its panics are expected, so not printed.
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

fn quiet_panics() {
    static HOOK: OnceLock<()> = OnceLock::new();
    HOOK.get_or_init(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                default(info)
            }
        }));
    });
}

/// `Err(why)` if the target panics or takes longer than `limit` on `text`.
fn try_target(f: fn(&str), text: &str, limit: Duration) -> Result<(), String> {
    QUIET.with(|q| q.set(true));
    let t = Instant::now();
    let r = catch_unwind(AssertUnwindSafe(|| f(text)));
    QUIET.with(|q| q.set(false));
    match r {
        Err(p) => Err(p
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "panic".into())),
        Ok(()) if t.elapsed() > limit => Err(format!(
            "{:.1} s on {} bytes (limit {:.1} s): cost not linear?",
            t.elapsed().as_secs_f64(),
            text.len(),
            limit.as_secs_f64()
        )),
        Ok(()) => Ok(()),
    }
}

/// Time allowed for one input: generous, so only a blow-up fails.
fn limit_for(text: &str, per_kb: f64) -> Duration {
    Duration::from_secs_f64(2.0 + per_kb * text.len() as f64 / 1024.0)
}

/// Smaller inputs that still fail: chunks removed while the failure stays.
fn shrink(f: fn(&str), text: &str, per_kb: f64) -> String {
    let mut best = text.to_string();
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut chunk = best.len() / 2;
    while chunk > 0 && Instant::now() < deadline {
        let mut i = 0;
        let mut progressed = false;
        while i < best.len() && Instant::now() < deadline {
            let mut a = i;
            while !best.is_char_boundary(a) {
                a += 1;
            }
            let mut b = (a + chunk).min(best.len());
            while !best.is_char_boundary(b) {
                b += 1;
            }
            let cand = format!("{}{}", &best[..a], &best[b..]);
            if cand.len() < best.len() && try_target(f, &cand, limit_for(&cand, per_kb)).is_err() {
                best = cand;
                progressed = true;
            } else {
                i = b;
            }
        }
        if !progressed {
            chunk /= 2;
        }
    }
    best
}

fn seconds() -> f64 {
    std::env::var("WHOSAID_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10.0)
}

/// `WHOSAID_FUZZ_SEED` (to replay a run), else the clock.
fn seed() -> u64 {
    std::env::var("WHOSAID_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        })
}

/// Runs `f` on the seeds, the regressions and mutants for the configured time.
fn fuzz(name: &str, f: fn(&str), max_len: usize, per_kb: f64) {
    quiet_panics();
    let seed = seed();
    let mut rng = Rng::new(seed ^ name.len() as u64);
    let pool = seeds();
    let until = Instant::now() + Duration::from_secs_f64(seconds());
    let mut inputs = 0u64;
    let mut queue: Vec<String> = pool
        .iter()
        .filter(|s| s.len() <= max_len)
        .cloned()
        .collect();
    loop {
        let text = match queue.pop() {
            Some(t) => t,
            None if Instant::now() < until => {
                let base = pool[rng.below(pool.len())].clone();
                let start = boundary(&base, &mut rng);
                let mut end = (start + max_len).min(base.len());
                while !base.is_char_boundary(end) {
                    end -= 1;
                }
                mutate(&base[start..end], &pool, &mut rng, max_len)
            }
            None => break,
        };
        inputs += 1;
        if let Err(why) = try_target(f, &text, limit_for(&text, per_kb)) {
            let small = shrink(f, &text, per_kb);
            let why = try_target(f, &small, limit_for(&small, per_kb))
                .err()
                .unwrap_or(why);
            let dir = std::env::var_os("WHOSAID_FUZZ_OUT")
                .map(PathBuf::from)
                .unwrap_or_else(std::env::temp_dir);
            std::fs::create_dir_all(&dir).ok();
            let file = dir.join(format!("crash-{name}-{seed}.txt"));
            std::fs::write(&file, &small).ok();
            panic!(
                "fuzz target {name} failed (seed {seed}, input {inputs}): {why}\n\
                 input ({} bytes, saved to {}): {small:?}",
                small.len(),
                file.display()
            );
        }
    }
    eprintln!(
        "fuzz {name}: {inputs} inputs in {:.0} s, seed {seed}",
        seconds()
    );
}

#[test]
fn fuzz_reader() {
    fuzz("reader", target_reader, 4096, 1.0);
}

#[test]
fn fuzz_sentences() {
    fuzz("sentences", target_sentences, 64 * 1024, 0.05);
}

#[test]
fn fuzz_quotes() {
    fuzz("quotes", target_quotes, 64 * 1024, 0.05);
}

#[test]
fn fuzz_attribution() {
    fuzz("attribution", target_attribution, 64 * 1024, 0.1);
}

#[test]
fn fuzz_speakers() {
    fuzz("speakers", target_speakers, 64 * 1024, 0.1);
}

#[test]
fn fuzz_model() {
    fuzz("model", target_model, 400, 2.0);
}

/// The command line as a hostile user drives it: random flag sets over random file kinds (a
/// FIFO, a symbolic-link loop, a folder, a read-only output, the output naming an input, a
/// missing file, binary data). Each run must end in time with exit code 0, 1 or 2 and no panic,
/// never change an input, leave no temporary file, and keep `/dev/null` a device.
#[test]
fn fuzz_cli() {
    use std::os::unix::fs::PermissionsExt;
    use std::process::{Command, Stdio};
    let seed = seed();
    let mut rng = Rng::new(seed ^ 0xc11);
    let until = Instant::now() + Duration::from_secs_f64(seconds());
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let article = std::fs::read_to_string(root().join("corpus/curly-quotes.txt")).unwrap();
    std::fs::create_dir_all(d.join("tree/a")).unwrap();
    std::fs::write(d.join("tree/a/one.txt"), &article).unwrap();
    std::os::unix::fs::symlink("../", d.join("tree/a/loop")).unwrap();
    assert!(Command::new("mkfifo")
        .arg(d.join("tree/fifo.txt"))
        .status()
        .unwrap()
        .success());
    let input_text = |name: &str, article: &str| match name {
        "in.jsonl" => serde_json::json!({"id": "j", "text": article}).to_string() + "\n",
        "in.csv" => format!("id,text\nc,\"{}\"\n", article.replace('"', "\"\"")),
        _ => article.to_string(),
    };
    std::fs::write(d.join("in.jsonl"), input_text("in.jsonl", &article)).unwrap();
    std::fs::write(
        d.join("in.csv"),
        format!("id,text\nc,\"{}\"\n", article.replace('"', "\"\"")),
    )
    .unwrap();
    std::fs::write(
        d.join("bin.txt"),
        (0..3000u32)
            .map(|i| (i * 7919 % 251) as u8)
            .collect::<Vec<_>>(),
    )
    .unwrap();
    std::fs::write(d.join("ro.jsonl"), "kept\n").unwrap();
    std::fs::set_permissions(d.join("ro.jsonl"), std::fs::Permissions::from_mode(0o444)).unwrap();
    // The FIFO is only ever met inside the folder: named on the command line, a FIFO is read
    // as the user asked (`extract <(zcat news.jsonl.gz)` is one), and blocks until written.
    let inputs = [
        "in.jsonl",
        "in.csv",
        "tree",
        "tree/a/one.txt",
        "bin.txt",
        "missing.txt",
    ];
    let outputs = [
        "out.jsonl",
        "out.csv",
        "out.json",
        "out.parquet",
        "in.jsonl",
        "ro.jsonl",
        "tree",
        "out.tsv",
        "/dev/null",
        "-",
    ];
    let flags: &[&[&str]] = &[
        &["--threads", "1"],
        &["--threads", "100000"],
        &["--threads", "0"],
        &["--attribution", "rules"],
        &["--resume"],
        &["--shard", "1/2"],
        &["--shard", "3/2"],
        &["--max-article-bytes", "1K"],
        &["--format", "csv"],
        &["--stdin-format", "txt"],
        &["--quiet"],
        &["--precision", "f32"],
    ];
    let checksum = |p: &Path| {
        std::fs::read(p)
            .map(|b| b.len() as u64 ^ b.iter().map(|&x| x as u64).sum::<u64>())
            .ok()
    };
    // Files that must never change: the read-only one; and each run's own inputs.
    let fixed = ["in.jsonl", "in.csv", "tree/a/one.txt", "ro.jsonl"];
    let originals: Vec<(String, Option<u64>)> = fixed
        .iter()
        .map(|w| (w.to_string(), checksum(&d.join(w))))
        .collect();
    let mut runs = 0;
    while Instant::now() < until {
        runs += 1;
        let mut args: Vec<String> = vec![match rng.below(3) {
            0 => "report".into(),
            1 => "cluster".into(),
            _ => "extract".into(),
        }];
        let mut ins: Vec<&str> = Vec::new();
        for _ in 0..1 + rng.below(2) {
            ins.push(inputs[rng.below(inputs.len())]);
        }
        args.extend(ins.iter().map(|i| i.to_string()));
        let out = outputs[rng.below(outputs.len())];
        if rng.below(4) > 0 {
            args.extend(["-o".into(), out.into()]);
        }
        if args[0] == "extract" {
            for _ in 0..rng.below(3) {
                args.extend(flags[rng.below(flags.len())].iter().map(|s| s.to_string()));
            }
        }
        let mut child = Command::new(env!("CARGO_BIN_EXE_whosaid"))
            .args(&args)
            .current_dir(d)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(60);
        let status = loop {
            if let Some(s) = child.try_wait().unwrap() {
                break s;
            }
            if Instant::now() > deadline {
                child.kill().ok();
                panic!("fuzz cli (seed {seed}): whosaid {args:?} still running after 60 s");
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        let mut err = String::new();
        std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).ok();
        let code = status.code();
        assert!(
            matches!(code, Some(0..=2)) && !err.contains("panicked"),
            "fuzz cli (seed {seed}): whosaid {args:?} gave {code:?}: {err}"
        );
        for (name, sum) in &originals {
            let used = name == "ro.jsonl" || ins.iter().any(|a| name.starts_with(a));
            if used {
                assert_eq!(
                    &checksum(&d.join(name)),
                    sum,
                    "fuzz cli (seed {seed}): whosaid {args:?} changed {name}"
                );
            }
        }
        // Inputs that a run was allowed to replace (another run's output) come back.
        for (name, _) in &originals[..3] {
            let p = d.join(name);
            if !ins.iter().any(|a| name.starts_with(a)) {
                std::fs::write(&p, input_text(name, &article)).unwrap();
            }
        }
        let temps: Vec<_> = std::fs::read_dir(d)
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .map(|e| e.file_name())
            .collect();
        assert!(
            temps.is_empty(),
            "fuzz cli (seed {seed}): {args:?} left {temps:?}"
        );
        assert!(
            !Path::new("/dev/null").is_file(),
            "/dev/null became a file after {args:?}"
        );
        // Outputs go between runs, so every run starts from the same files.
        for o in [
            "out.jsonl",
            "out.csv",
            "out.json",
            "out.parquet",
            "out.jsonl.whosaid-resume",
        ] {
            std::fs::remove_file(d.join(o)).ok();
        }
    }
    eprintln!("fuzz cli: {runs} runs in {:.0} s, seed {seed}", seconds());
}
