//! Invariants every output must keep, checked on every record the tests and the fuzz driver see:
//! offsets slice the article in code points (quote, cue, speaker mention), spans lie inside it,
//! `quote_id`s are unique and numbered in order, records come in text order, and the bytes are
//! valid UTF-8 JSON or CSV.

#![allow(dead_code)] // Each test binary uses a part.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

/// Checks records (JSON objects, as written) against the articles' texts, by id.
pub fn check_records(articles: &HashMap<String, String>, recs: &[Value]) -> Result<(), String> {
    let mut ids = HashSet::new();
    let mut chars: HashMap<&str, Vec<char>> = HashMap::new();
    let mut last: Option<(String, u64, usize)> = None;
    let mut finished_docs = HashSet::new();
    for (i, r) in recs.iter().enumerate() {
        let at = |m: &str| format!("record {i} ({}): {m}", r["quote_id"]);
        let doc = r["doc_id"].as_str().ok_or_else(|| at("no doc_id"))?;
        let text = articles
            .get(doc)
            .ok_or_else(|| at(&format!("unknown doc_id {doc:?}")))?;
        let cs = chars
            .entry(doc)
            .or_insert_with(|| text.chars().collect::<Vec<_>>());
        let qid = r["quote_id"].as_str().ok_or_else(|| at("no quote_id"))?;
        if !ids.insert(qid.to_string()) {
            return Err(at("duplicate quote_id"));
        }
        let kind = r["kind"].as_str().unwrap_or("");
        if !["direct", "indirect", "mixed"].contains(&kind) {
            return Err(at(&format!("kind {kind:?}")));
        }
        let conf = r["confidence"]
            .as_f64()
            .ok_or_else(|| at("no confidence"))?;
        if !(0.0..=1.0).contains(&conf) {
            return Err(at(&format!("confidence {conf}")));
        }
        match (r["speaker_gender"].as_str(), r["speaker_type"].as_str()) {
            (None, _) | (Some("female" | "male"), Some("PER")) => {}
            (g, t) => return Err(at(&format!("speaker_gender {g:?} for speaker_type {t:?}"))),
        }
        if r["speaker"]
            .as_str()
            .is_some_and(|n| !n.chars().any(char::is_alphanumeric))
        {
            return Err(at(&format!("speaker {:?} names nobody", r["speaker"])));
        }
        if !r["speaker_id"].is_null() && r["speaker"].is_null() {
            return Err(at("speaker_id without a speaker"));
        }
        for (s, e, t, required) in [
            ("start", "end", "text", true),
            ("cue_start", "cue_end", "cue", false),
            ("speaker_start", "speaker_end", "speaker_mention", false),
        ] {
            match (r[s].as_u64(), r[e].as_u64(), r[t].as_str()) {
                (Some(a), Some(b), Some(want)) => {
                    if a > b || b as usize > cs.len() {
                        return Err(at(&format!("{s}..{e} = {a}..{b} outside 0..{}", cs.len())));
                    }
                    let got: String = cs[a as usize..b as usize].iter().collect();
                    if got != want {
                        return Err(at(&format!("article[{a}:{b}] = {got:?}, {t} = {want:?}")));
                    }
                }
                (None, None, None) if !required => {}
                _ => return Err(at(&format!("{s}, {e} and {t} must be all set or all null"))),
            }
        }
        // Records of one article together, numbered from 0, in text order.
        let start = r["start"].as_u64().unwrap_or(0);
        let n = match &last {
            Some((d, s, n)) if d == doc => {
                if start < *s {
                    return Err(at(&format!("starts at {start}, before the previous {s}")));
                }
                n + 1
            }
            other => {
                if let Some((d, _, _)) = other {
                    finished_docs.insert(d.clone());
                }
                if finished_docs.contains(doc) {
                    return Err(at("records of one article are not together"));
                }
                0
            }
        };
        if qid != format!("{doc}:{n}") {
            return Err(at(&format!("quote_id is not {doc}:{n}")));
        }
        last = Some((doc.to_string(), start, n));
    }
    Ok(())
}

/// JSONL bytes: UTF-8, one JSON object per line; returns the records.
pub fn parse_jsonl(bytes: &[u8]) -> Result<Vec<Value>, String> {
    let s = std::str::from_utf8(bytes).map_err(|e| format!("output is not UTF-8: {e}"))?;
    s.lines()
        .map(|l| serde_json::from_str(l).map_err(|e| format!("bad JSON line {l:?}: {e}")))
        .collect()
}

/// CSV bytes: UTF-8, the README's header, 19 fields a row; returns the records as JSON objects
/// (empty cells as null, offsets as numbers) for [`check_records`].
pub fn parse_csv(bytes: &[u8]) -> Result<Vec<Value>, String> {
    std::str::from_utf8(bytes).map_err(|e| format!("output is not UTF-8: {e}"))?;
    let mut rdr = csv::Reader::from_reader(bytes);
    let header: Vec<String> = rdr
        .headers()
        .map_err(|e| e.to_string())?
        .iter()
        .map(String::from)
        .collect();
    if header.len() != 19 || header[0] != "doc_id" {
        return Err(format!("CSV header {header:?}"));
    }
    let numeric = [
        "start",
        "end",
        "cue_start",
        "cue_end",
        "speaker_start",
        "speaker_end",
        "sentence",
        "paragraph",
    ];
    let mut out = Vec::new();
    for row in rdr.records() {
        let row = row.map_err(|e| format!("bad CSV row: {e}"))?;
        if row.len() != 19 {
            return Err(format!("CSV row of {} fields", row.len()));
        }
        let mut obj = serde_json::Map::new();
        for (h, v) in header.iter().zip(row.iter()) {
            let value = if numeric.contains(&h.as_str()) {
                v.parse::<u64>().map_or(Value::Null, Value::from)
            } else if h == "confidence" {
                v.parse::<f64>().map_or(Value::Null, Value::from)
            } else if v.is_empty() && h != "text" {
                Value::Null
            } else {
                Value::from(v)
            };
            obj.insert(h.clone(), value);
        }
        out.push(Value::Object(obj));
    }
    Ok(out)
}

/// Per (article, speaker) labels, `None` where there is no label.
pub type Labels = std::collections::BTreeMap<(String, String), Option<String>>;

/// Precision and recall of the labels `got` gives against `truth` (a label counts when it is
/// given and equal; a missing key is no label), printing each difference and the figures under
/// `what`. Every key of `got` must have a truth line in `truth_file`.
pub fn label_scores(what: &str, truth: &Labels, got: &Labels, truth_file: &str) -> (f64, f64) {
    for k in got.keys() {
        assert!(truth.contains_key(k), "no truth for {k:?} in {truth_file}");
    }
    let (mut given, mut right, mut labelled) = (0, 0, 0);
    for (k, want) in truth {
        let g = got.get(k).cloned().flatten();
        labelled += want.is_some() as usize;
        given += g.is_some() as usize;
        right += (g.is_some() && g == *want) as usize;
        if g != *want {
            eprintln!("{k:?}: truth {want:?}, got {g:?}");
        }
    }
    let precision = right as f64 / given.max(1) as f64;
    let recall = right as f64 / labelled.max(1) as f64;
    eprintln!(
        "{what} over {} speakers: precision {precision:.3} ({right}/{given}), recall {recall:.3} ({right}/{labelled})",
        truth.len()
    );
    (precision, recall)
}
