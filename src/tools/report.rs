//! The HTML report: one self-contained file (no network, no CDN) to read results by eye: each
//! article with its quotes highlighted by kind, cues and speaker mentions marked, each quote
//! followed by a link to its speaker; a speaker table (quotes, kinds, articles) that filters the
//! articles. Articles are shown a page at a time, so the page stays quick at 10,000 quotes.
//!
//! The page is `report.html` (built into the binary) with the articles and records as JSON in a
//! `<script type="application/json">` element; the page's script renders them.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::run::output::read::for_each_record;
use crate::run::output::records;
use crate::run::pipeline::{Outcome, Pipeline};
use crate::run::reader::{self, Item};

const TEMPLATE: &str = include_str!("report.html");
const SLOT: &str = "__WHOSAID_DATA__";

/// An article as the report shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ReportArticle {
    /// Article id.
    pub id: String,
    /// Its text (record offsets are code points into it).
    pub text: String,
    /// Extra input fields (a `title` is shown as the heading).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta: Option<serde_json::Map<String, Value>>,
}

#[derive(Serialize)]
struct Data<'a> {
    source: &'a str,
    articles: &'a [ReportArticle],
    records: &'a [Value],
}

/// The report page for these articles and their records (output records as JSON objects; a
/// record's `meta` is left out, its article has it). `source` is a line saying where they come
/// from.
pub fn html(articles: &[ReportArticle], records: &[Value], source: &str) -> String {
    let records: Vec<Value> = records
        .iter()
        .map(|r| {
            let mut r = r.clone();
            if let Some(o) = r.as_object_mut() {
                o.remove("meta");
            }
            r
        })
        .collect();
    let json = serde_json::to_string(&Data {
        source,
        articles,
        records: &records,
    })
    .expect("report data serialises");
    // Inside <script>, `</script>` or `<!--` in a quote would end or break the element: `<`
    // never occurs in JSON outside strings, where `\u003c` means the same.
    let json = json.replace('<', "\\u003c");
    TEMPLATE.replacen(SLOT, &json, 1)
}

/// Reads records from an existing prediction JSONL (as `whosaid extract` writes it); every line
/// must be an object with `doc_id`, `quote_id`, `kind`, `start` and `end`.
pub fn read_predictions(path: &Path) -> Result<Vec<Value>> {
    let mut out = Vec::new();
    for_each_record(path, |at, v| {
        for field in ["doc_id", "quote_id", "kind"] {
            if !v.get(field).is_some_and(Value::is_string) {
                return Err(Error::input(at, format!("record without a string {field}")));
            }
        }
        if !v.get("start").is_some_and(Value::is_u64) || !v.get("end").is_some_and(Value::is_u64) {
            return Err(Error::input(at, "record without start and end offsets"));
        }
        out.push(Value::Object(v));
        Ok(())
    })?;
    Ok(out)
}

/// Reads the articles of `inputs` that `records` refer to, in input order; a record whose article
/// is not among them, or whose offsets fall outside it, is an error naming it.
pub fn articles_for(inputs: &[String], records: &[Value]) -> Result<Vec<ReportArticle>> {
    let wanted: HashSet<&str> = records
        .iter()
        .filter_map(|r| r["doc_id"].as_str())
        .collect();
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for input in inputs {
        for item in reader::open(input, None)? {
            if let Item::Article(a) = item {
                if wanted.contains(a.id.as_str()) && seen.insert(a.id.clone()) {
                    out.push(ReportArticle {
                        id: a.id,
                        text: a.text,
                        meta: a.meta,
                    });
                }
            }
        }
    }
    let lengths: HashMap<&str, usize> = out
        .iter()
        .map(|a| (a.id.as_str(), a.text.chars().count()))
        .collect();
    for r in records {
        let id = r["doc_id"].as_str().unwrap_or("");
        let Some(&len) = lengths.get(id) else {
            return Err(Error::input(
                format!("record {}", r["quote_id"]),
                format!("its article {id:?} is not in the inputs"),
            ));
        };
        let ends = ["end", "cue_end", "speaker_end"];
        if ends
            .iter()
            .any(|e| r[e].as_u64().is_some_and(|v| v as usize > len))
        {
            return Err(Error::input(
                format!("record {}", r["quote_id"]),
                format!(
                    "offsets beyond the {len} characters of article {id:?}: another version of it?"
                ),
            ));
        }
    }
    Ok(out)
}

/// What a report run extracted: the articles, their records, and the input records skipped
/// (id, reason).
pub type Extracted = (Vec<ReportArticle>, Vec<Value>, Vec<(String, String)>);

/// Runs the pipeline over `inputs` on `threads` workers and keeps everything the report shows.
pub fn extract(pipeline: &Pipeline, inputs: &[String], threads: usize) -> Result<Extracted> {
    let mut sources = Vec::new();
    for input in inputs {
        sources.push(reader::open(input, None)?);
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .build()
        .map_err(|e| Error::input("--threads", e.to_string()))?;
    let (mut articles, mut recs, mut skipped) = (Vec::new(), Vec::new(), Vec::new());
    pool.install(|| {
        pipeline.stream(sources.into_iter().flatten(), 16 * threads.max(1), 8, |o| {
            match o {
                Outcome::Done(doc) => {
                    for r in records(&doc) {
                        recs.push(serde_json::to_value(r).expect("record serialises"));
                    }
                    articles.push(ReportArticle {
                        id: doc.id,
                        text: doc.text,
                        meta: doc.meta,
                    });
                }
                Outcome::Skipped { id, reason } => skipped.push((id, reason)),
            }
            std::ops::ControlFlow::Continue(())
        })
    });
    Ok((articles, recs, skipped))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_cannot_close_the_script_element() {
        let a = ReportArticle {
            id: "x".into(),
            text: "He said “</script><script>alert(1)</script> <!--”".into(),
            meta: None,
        };
        let page = html(&[a], &[], "test");
        let data = &page[page.find("id=\"whosaid-data\">").unwrap()..];
        let data = &data[..data.find("</script>").unwrap()];
        assert!(data.contains("\\u003c/script>"), "{data}");
        assert!(!data.contains("<!--"));
        assert!(!page.contains(SLOT));
    }
}
