//! Gold quotes: the scorer's JSON/JSONL documents, or a PolNeAR brat folder turned into them.

use std::path::Path;

use serde_json::Value;

use crate::error::{Error, Result};

use super::*;

/// One gold quote.
#[derive(Debug, Clone)]
pub struct GoldQuote {
    /// The quoted content, as in the gold file.
    pub content: String,
    /// direct, indirect or mixed.
    pub kind: String,
    /// Canonical speaker name, if the gold names one.
    pub speaker: Option<String>,
    /// Code-point span in the text.
    pub span: (usize, usize),
    /// False for non-speech attributions that count neither way.
    pub care: bool,
    /// PolNeAR: the source mention and its span.
    pub source: Option<(String, Option<(usize, usize)>)>,
    /// Other names of the speaker (QuoteLi3).
    pub aliases: Vec<String>,
    /// The gold record has a `care` field or a `source` without span.
    pub has_care_or_source: bool,
}

/// A gold document.
#[derive(Debug, Clone)]
pub struct GoldDoc {
    /// Document id.
    pub id: String,
    /// Its text.
    pub text: String,
    /// Its gold quotes.
    pub quotes: Vec<GoldQuote>,
}

pub(super) fn gold_doc(mut d: serde_json::Map<String, Value>, path: &Path) -> Result<GoldDoc> {
    let id = match d.remove("id") {
        Some(Value::String(s)) => s,
        Some(v) => v.to_string(),
        None => {
            return Err(Error::input(
                path.display().to_string(),
                "gold document without \"id\"",
            ))
        }
    };
    let text = match d.remove("text") {
        Some(Value::String(s)) => s,
        _ => {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().replace(".gold.json", ".txt"))
                .unwrap_or_default();
            let txt = path.with_file_name(name);
            std::fs::read_to_string(&txt).map_err(|e| Error::io(&txt, e))?
        }
    };
    let mut quotes = Vec::new();
    for q in d
        .remove("quotes")
        .and_then(|v| v.as_array().cloned())
        .unwrap_or_default()
    {
        let content = q
            .get("content")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let start = match q.get("start").and_then(Value::as_u64) {
            Some(s) => s as usize,
            None => find_chars(&text, &content).ok_or_else(|| {
                Error::input(
                    path.display().to_string(),
                    format!(
                        "gold content not in text of {id}: {}",
                        content.chars().take(60).collect::<String>()
                    ),
                )
            })?,
        };
        let str_field = |k: &str| q.get(k).and_then(Value::as_str).map(str::to_string);
        let source = str_field("source").map(|s| {
            let span = match (
                q.get("source_start").and_then(Value::as_u64),
                q.get("source_end").and_then(Value::as_u64),
            ) {
                (Some(a), Some(b)) => Some((a as usize, b as usize)),
                _ => None,
            };
            (s, span)
        });
        quotes.push(GoldQuote {
            span: (start, start + chars_len(&content)),
            kind: str_field("kind").unwrap_or_default(),
            speaker: str_field("speaker"),
            care: q.get("care").and_then(Value::as_bool).unwrap_or(true),
            has_care_or_source: q.get("source").is_some()
                || q.get("care").is_some_and(|c| !c.is_null()),
            aliases: q
                .get("speaker_aliases")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|x| x.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default(),
            source,
            content,
        });
    }
    Ok(GoldDoc { id, text, quotes })
}

/// Reads gold: a `.jsonl` of documents, a `.json` document or list, or a brat directory.
pub fn load_gold(path: &Path) -> Result<Vec<GoldDoc>> {
    if path.is_dir() {
        return brat(path);
    }
    let raw = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let docs: Vec<Value> = if path.extension().is_some_and(|e| e == "jsonl") {
        raw.lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(n, l)| {
                serde_json::from_str(l).map_err(|e| {
                    Error::input(format!("{}:{}", path.display(), n + 1), e.to_string())
                })
            })
            .collect::<Result<_>>()?
    } else {
        match serde_json::from_str(&raw)
            .map_err(|e| Error::input(path.display().to_string(), e.to_string()))?
        {
            Value::Array(a) => a,
            v => vec![v],
        }
    };
    docs.into_iter()
        .map(|d| match d {
            Value::Object(m) => gold_doc(m, path),
            _ => Err(Error::input(
                path.display().to_string(),
                "gold document is not an object",
            )),
        })
        .collect()
}
