//! Regression checks: extraction on sample articles compared with expected output files.
//!
//! Every `NAME.txt` in a folder (recursively) that has a `NAME.expected.jsonl` beside it is
//! extracted and compared record by record: quotes are matched by span, then field by field.
//! `confidence` is left out of the comparison: it moves with every model retraining while the
//! extraction itself stays the same.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::{Error, Result};
use crate::run::output::read::for_each_record;
use crate::run::output::{records, QuoteRecord, CSV_COLUMNS};
use crate::run::pipeline::{Outcome, Pipeline};
use crate::run::reader::{article_id, Article};

/// Fields compared: every output column but the article id (same for all) and `confidence`.
fn compared() -> impl Iterator<Item = &'static str> {
    CSV_COLUMNS
        .into_iter()
        .filter(|f| !matches!(*f, "doc_id" | "confidence"))
}

/// A sample article and its expected-output file.
#[derive(Debug, Clone)]
pub struct Sample {
    /// Article id (path below the folder, without extension).
    pub id: String,
    /// The article file.
    pub text: PathBuf,
    /// Its expected-output file.
    pub expected: PathBuf,
}

/// The differences found in one article.
#[derive(Debug, Clone, Default)]
pub struct ArticleDiff {
    /// Article id.
    pub id: String,
    /// Readable difference lines; empty when the article matches.
    pub lines: Vec<String>,
}

/// Samples under `dir`, sorted; `with_missing` also lists articles without an expected file.
pub fn samples(dir: &Path, with_missing: bool) -> Result<Vec<Sample>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d)
            .map_err(|e| Error::io(&d, e))?
            .flatten()
        {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "txt") {
                let expected = p.with_extension("expected.jsonl");
                if expected.is_file() || with_missing {
                    out.push(Sample {
                        id: article_id(dir, &p),
                        text: p,
                        expected,
                    });
                }
            }
        }
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}

fn to_values(recs: &[QuoteRecord]) -> Vec<Value> {
    recs.iter()
        .map(|r| serde_json::to_value(r).expect("record serialises"))
        .collect()
}

fn show(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => "null".into(),
        Some(Value::String(s)) => format!("{s:?}"),
        Some(v) => v.to_string(),
    }
}

/// Compares actual records with expected ones (both as JSON objects).
pub fn diff(id: &str, expected: &[Value], actual: &[Value]) -> ArticleDiff {
    let span = |v: &Value| {
        (
            v.get("start").and_then(Value::as_u64),
            v.get("end").and_then(Value::as_u64),
        )
    };
    let mut lines = Vec::new();
    let short = |v: &Value| show(v.get("text")).chars().take(70).collect::<String>();
    for e in expected {
        match actual.iter().find(|a| span(a) == span(e)) {
            None => lines.push(format!(
                "  missing quote {} {}",
                show(e.get("quote_id")),
                short(e)
            )),
            Some(a) => {
                let changed: Vec<String> = compared()
                    .filter(|f| e.get(f) != a.get(f))
                    .map(|f| format!("{f}: expected {} got {}", show(e.get(f)), show(a.get(f))))
                    .collect();
                if !changed.is_empty() {
                    lines.push(format!(
                        "  changed quote {} {}",
                        show(e.get("quote_id")),
                        short(e)
                    ));
                    lines.extend(changed.into_iter().map(|c| format!("      {c}")));
                }
            }
        }
    }
    for a in actual {
        if !expected.iter().any(|e| span(e) == span(a)) {
            lines.push(format!(
                "  extra quote {} {}",
                show(a.get("quote_id")),
                short(a)
            ));
        }
    }
    ArticleDiff {
        id: id.to_string(),
        lines,
    }
}

fn read_expected(path: &Path) -> Result<Vec<Value>> {
    let mut out = Vec::new();
    for_each_record(path, |_, r| {
        out.push(Value::Object(r));
        Ok(())
    })?;
    Ok(out)
}

/// Runs the check over `samples`; with `bless`, rewrites the expected files instead.
/// Returns one diff per article (empty when it matches).
pub fn run(pipeline: &Pipeline, samples: &[Sample], bless: bool) -> Result<Vec<ArticleDiff>> {
    let mut articles = Vec::new();
    for s in samples {
        let text = std::fs::read_to_string(&s.text).map_err(|e| Error::io(&s.text, e))?;
        articles.push(Article {
            id: s.id.clone(),
            text,
            meta: None,
            warning: None,
        });
    }
    let outcomes = pipeline.run(articles);
    let mut diffs = Vec::new();
    for (s, o) in samples.iter().zip(outcomes) {
        let recs = match o {
            Outcome::Done(doc) => records(&doc),
            Outcome::Skipped { reason, .. } => {
                diffs.push(ArticleDiff {
                    id: s.id.clone(),
                    lines: vec![format!("  article skipped: {reason}")],
                });
                continue;
            }
        };
        if bless {
            let mut buf = Vec::new();
            for r in &recs {
                serde_json::to_writer(&mut buf, r).expect("record serialises");
                buf.push(b'\n');
            }
            std::fs::write(&s.expected, buf).map_err(|e| Error::io(&s.expected, e))?;
            diffs.push(ArticleDiff {
                id: s.id.clone(),
                lines: Vec::new(),
            });
        } else {
            let expected = read_expected(&s.expected)?;
            diffs.push(diff(&s.id, &expected, &to_values(&recs)));
        }
    }
    Ok(diffs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn diff_names_missing_extra_and_changed_fields() {
        let e = vec![
            json!({"quote_id": "a:0", "text": "x", "start": 0, "end": 1, "speaker": "A"}),
            json!({"quote_id": "a:1", "text": "y", "start": 5, "end": 6}),
        ];
        let a = vec![
            json!({"quote_id": "a:0", "text": "x", "start": 0, "end": 1, "speaker": "B"}),
            json!({"quote_id": "a:1", "text": "z", "start": 8, "end": 9}),
        ];
        let d = diff("a", &e, &a);
        let all = d.lines.join("\n");
        assert!(all.contains("changed quote \"a:0\""), "{all}");
        assert!(all.contains("speaker: expected \"A\" got \"B\""), "{all}");
        assert!(all.contains("missing quote \"a:1\""), "{all}");
        assert!(all.contains("extra quote \"a:1\""), "{all}");
        assert!(diff("a", &e, &e).lines.is_empty());
    }
}
