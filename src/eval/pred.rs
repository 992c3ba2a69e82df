//! Predictions to score: an existing output of `extract`, or the pipeline run on the gold
//! documents.

use std::collections::HashMap;
use std::ops::ControlFlow;
use std::path::Path;

use serde_json::Value;

use crate::error::Result;
use crate::run::output::read::for_each_record;
use crate::run::output::{records, QuoteRecord};
use crate::run::pipeline::{Outcome, Pipeline};
use crate::run::reader::{self, Article, Item};

use super::*;

/// A prediction as the scorer reads it.
#[derive(Debug, Clone)]
pub struct Pred {
    /// Code-point span.
    pub span: (usize, usize),
    /// Predicted speaker name.
    pub speaker: Option<String>,
    /// Predicted kind.
    pub kind: Option<String>,
    /// Code-point span of the speaker mention.
    pub mention: Option<(usize, usize)>,
    /// The predicted text.
    pub text: String,
    /// The record's `confidence`, if it has one.
    pub confidence: Option<f64>,
}

/// Predictions grouped by gold document id.
pub type Predictions = HashMap<String, Vec<Pred>>;

/// Predictions from a file `extract` wrote (any format), grouped by gold document (others
/// ignored), and a warning per record whose quote is not found in its article.
pub fn load_pred(path: &Path, docs: &[GoldDoc]) -> Result<(Predictions, Vec<String>)> {
    let mut preds = PredReader::new(docs);
    for_each_record(path, |at, r| {
        preds.add(&at, &r);
        Ok(())
    })?;
    Ok(preds.finish())
}

/// Records (as `extract` writes them, read as JSON objects) gathered into predictions for the
/// gold documents: records of other documents are ignored, and a record whose quote is not in
/// its article gets a warning.
pub struct PredReader<'a> {
    out: Predictions,
    warnings: Vec<String>,
    lens: HashMap<&'a str, (usize, &'a str)>,
}

impl<'a> PredReader<'a> {
    /// Gathers records for `docs`.
    pub fn new(docs: &'a [GoldDoc]) -> Self {
        Self {
            out: docs.iter().map(|d| (d.id.clone(), Vec::new())).collect(),
            warnings: Vec::new(),
            lens: docs
                .iter()
                .map(|d| (d.id.as_str(), (chars_len(&d.text), d.text.as_str())))
                .collect(),
        }
    }

    /// Adds one record; `at` names it in warnings.
    pub fn add(&mut self, at: &str, r: &serde_json::Map<String, Value>) {
        let id = match r.get("doc_id") {
            Some(Value::String(s)) => s.clone(),
            Some(v) => v.to_string(),
            None => return,
        };
        let Some(&(len, text)) = self.lens.get(id.as_str()) else {
            return;
        };
        let int = |k: &str| r.get(k).and_then(Value::as_u64).map(|x| x as usize);
        let ptext = r.get("text").and_then(Value::as_str).unwrap_or("");
        let span = match (int("start"), int("end")) {
            (Some(s), Some(e)) if s < e && e <= len => (s, e),
            _ => match find_chars(text, if ptext.is_empty() { "\0" } else { ptext }) {
                Some(i) => (i, i + chars_len(ptext)),
                None => {
                    self.warnings
                        .push(format!("{at}: quote not located in article {id}"));
                    return;
                }
            },
        };
        let mention = match (int("speaker_start"), int("speaker_end")) {
            (Some(a), Some(b)) => Some((a, b)),
            _ => None,
        };
        let speaker = match r.get("speaker") {
            Some(Value::String(s)) => Some(s.clone()),
            _ => None,
        };
        self.out.get_mut(&id).expect("known id").push(Pred {
            span,
            speaker,
            kind: r.get("kind").and_then(Value::as_str).map(str::to_string),
            mention,
            text: slice_chars(text, span),
            confidence: r.get("confidence").and_then(Value::as_f64),
        });
    }

    /// The predictions by document, and the warnings.
    pub fn finish(self) -> (Predictions, Vec<String>) {
        (self.out, self.warnings)
    }
}

/// Runs the pipeline over `input` (default: the gold documents' own text) and keeps the
/// predictions for the gold documents; `skipped(id, reason)` hears of each article skipped.
pub fn predict(
    pipeline: &Pipeline,
    docs: &[GoldDoc],
    input: Option<&str>,
    mut skipped: impl FnMut(&str, &str),
) -> Result<Predictions> {
    let items: Box<dyn Iterator<Item = Item> + Send> = match input {
        Some(i) => reader::open(i, None)?,
        None => Box::new(gold_articles(docs)),
    };
    let mut preds: Predictions = docs.iter().map(|d| (d.id.clone(), Vec::new())).collect();
    pipeline.stream(items, 32, 8, |o| {
        match o {
            Outcome::Done(doc) => {
                if let Some(v) = preds.get_mut(&doc.id) {
                    *v = preds_from_records(&records(&doc));
                }
            }
            Outcome::Skipped { id, reason } => skipped(&id, &reason),
        }
        ControlFlow::Continue(())
    });
    Ok(preds)
}

/// The gold documents as the pipeline's input items.
pub fn gold_articles(docs: &[GoldDoc]) -> impl Iterator<Item = Item> + Send + '_ {
    docs.iter().map(|d| {
        Item::Article(Article {
            id: d.id.clone(),
            text: d.text.clone(),
            meta: None,
            warning: None,
        })
    })
}

/// Predictions from records the pipeline produced in memory.
pub fn preds_from_records(recs: &[QuoteRecord]) -> Vec<Pred> {
    recs.iter()
        .map(|r| Pred {
            span: (r.start, r.end),
            speaker: r.speaker.clone(),
            kind: Some(r.kind.to_string()),
            mention: r.speaker_start.zip(r.speaker_end),
            text: r.text.clone(),
            confidence: Some(r.confidence),
        })
        .collect()
}
