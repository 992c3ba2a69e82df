//! Scoring extracted quotes against gold, with exactly the rules of the project's `score.py`
//! (so both give the same numbers): a gold quote is found when one predicted quote covers at
//! least half of it; a prediction is correct when at least half of it lies inside gold quotes;
//! attribution compares the speaker (or, for PolNeAR, the source mention). Gold comes as the
//! scorer's JSON/JSONL or as a brat directory in PolNeAR's layout. Offsets are code points.

pub mod check;

use std::collections::{BTreeMap, HashMap};
use std::ops::ControlFlow;
use std::path::Path;

use serde_json::Value;

use crate::error::{Error, Result};
use crate::run::output::read::for_each_record;
use crate::run::output::{records, QuoteRecord};
use crate::run::pipeline::{Outcome, Pipeline};
use crate::run::reader::{self, Article, Item};

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
}

const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "professor",
    "president",
    "judge",
    "mayor",
    "the",
    "sir",
    "dame",
    "minister",
    "chief",
    "executive",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "councilman",
    "councilwoman",
    "senator",
    "governor",
    "gen",
    "general",
];

const PRONOUNS: &[&str] = &[
    "he", "she", "they", "it", "we", "i", "you", "his", "her", "their",
];

fn chars_len(s: &str) -> usize {
    s.chars().count()
}

/// Code-point index of the first occurrence of `needle` in `hay`.
fn find_chars(hay: &str, needle: &str) -> Option<usize> {
    hay.find(needle).map(|b| hay[..b].chars().count())
}

fn slice_chars(text: &str, (s, e): (usize, usize)) -> String {
    text.chars().skip(s).take(e.saturating_sub(s)).collect()
}

/// `re.findall(r"[\w’']+", s.lower())` without titles.
fn words(s: &str) -> Vec<String> {
    let lower = s.to_lowercase();
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in lower.chars() {
        if c.is_alphanumeric() || c == '_' || c == '’' || c == '\'' {
            cur.push(c);
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out.retain(|w| !TITLES.contains(&w.as_str()));
    out
}

/// True where `pred` names `gold`: a person by surname, an organisation by all its words.
pub fn same_speaker(gold: Option<&str>, pred: Option<&str>) -> bool {
    let pred = pred.filter(|p| !p.is_empty());
    let Some(gold) = gold else {
        return pred.is_none();
    };
    let Some(pred) = pred else { return false };
    let g = words(gold);
    let p: Vec<String> = words(pred);
    let Some(last) = g.last() else { return false };
    let significant = g
        .iter()
        .filter(|w| !["of", "and", "for", "in"].contains(&w.as_str()));
    p.contains(last) || significant.clone().all(|w| p.contains(w))
}

fn overlap(a: (usize, usize), b: (usize, usize)) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

fn attributed(q: &GoldQuote, p: &Pred) -> bool {
    if let Some((source, Some(span))) = &q.source {
        if p.mention.is_some_and(|m| overlap(m, *span) > 0) {
            return true;
        }
        return !PRONOUNS.contains(&source.to_lowercase().as_str())
            && same_speaker(Some(source), p.speaker.as_deref());
    }
    if q.has_care_or_source {
        return p.speaker.as_deref().is_none_or(str::is_empty) && p.mention.is_none();
    }
    if !q.aliases.is_empty() {
        let Some(ps) = p.speaker.as_deref().filter(|s| !s.is_empty()) else {
            return false;
        };
        let pw = words(ps);
        return std::iter::once(q.speaker.as_deref().unwrap_or(""))
            .chain(q.aliases.iter().map(String::as_str))
            .any(|n| words(n) == pw);
    }
    same_speaker(q.speaker.as_deref(), p.speaker.as_deref())
}

fn gold_doc(mut d: serde_json::Map<String, Value>, path: &Path) -> Result<GoldDoc> {
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

/// Cue words that make a PolNeAR attribution speech (as `polnear_gold.py`).
fn speech_cue(cue: &str) -> bool {
    const SPEECH: &str = "say said says saying tell told tells telling add added adds adding according write wrote writes writing written ask asked asks asking note noted notes noting report reported reports reporting announce announced announces announcing argue argued argues arguing claim claimed claims claiming insist insisted insists insisting explain explained explains explaining declare declared declares declaring acknowledge acknowledged acknowledges acknowledging state stated states stating tweet tweeted tweets tweeting respond responded responds responding reply replied replies warn warned warns warning suggest suggested suggests suggesting stress stressed emphasise emphasised emphasises emphasize emphasized emphasizes recall recalled recalls confirm confirmed confirms deny denied denies admit admitted admits continued concluded urge urged urges urging call called calls calling describe described describes describing testify testified testifies quipped comment commented remark remarked assert asserted contend contended predict predicted promise promised promises vow vowed agree agreed agrees statement interview cited citing quoted posted joked boasted complained pointed";
    let words: Vec<String> = cue
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .map(str::to_lowercase)
        .collect();
    words.iter().any(|w| SPEECH.split(' ').any(|s| s == w))
}

fn is_quote_mark(c: char) -> bool {
    matches!(c, '"' | '“' | '”')
}

/// One attribution relation of a PolNeAR `.ann` file: each role's spans, in code points (brat
/// offsets); a role may be missing (no span) or discontinuous (several).
#[derive(Debug, Clone, Default)]
pub(crate) struct Relation {
    pub source: Vec<(usize, usize)>,
    pub cue: Vec<(usize, usize)>,
    pub content: Vec<(usize, usize)>,
}

impl Relation {
    /// Whether `polnear_gold.py` counts it as speech: a content with a quote mark, a `:` cue,
    /// or a speech cue word. `sub` slices the text in code points.
    pub(crate) fn is_speech(&self, sub: impl Fn(usize, usize) -> String) -> bool {
        let join = |spans: &[(usize, usize)]| {
            spans
                .iter()
                .map(|&(a, b)| sub(a, b))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let cue = join(&self.cue);
        join(&self.content).chars().any(is_quote_mark) || cue.trim() == ":" || speech_cue(&cue)
    }
}

/// The articles of a PolNeAR split (`text/*.txt`, `attributions/*.ann`) with the relations of
/// each article's first annotator (the `.ann` whose name sorts first), in name order.
pub(crate) fn read_polnear(dir: &Path) -> Result<Vec<(String, String, Vec<Relation>)>> {
    let ann_dir = dir.join("attributions");
    let mut files: Vec<_> = std::fs::read_dir(&ann_dir)
        .map_err(|e| Error::io(&ann_dir, e))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "ann"))
        .collect();
    files.sort();
    let mut by_stem: BTreeMap<String, std::path::PathBuf> = BTreeMap::new();
    for f in files {
        let name = f
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let stem = name
            .rsplit_once('_')
            .map_or(name.clone(), |(a, _)| a.to_string());
        by_stem.entry(stem).or_insert(f);
    }
    let spans = |field: &str| -> Vec<(usize, usize)> {
        field
            .split(';')
            .filter_map(|p| {
                let mut it = p.split_whitespace().map(|x| x.parse::<usize>());
                match (it.next(), it.next()) {
                    (Some(Ok(a)), Some(Ok(b))) => Some((a, b)),
                    _ => None,
                }
            })
            .collect()
    };
    let mut out = Vec::new();
    for (stem, f) in by_stem {
        let tpath = dir.join("text").join(format!("{stem}.txt"));
        let text = std::fs::read_to_string(&tpath).map_err(|e| Error::io(&tpath, e))?;
        let ann = std::fs::read_to_string(&f).map_err(|e| Error::io(&f, e))?;
        let mut tb: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        let mut relations = Vec::new();
        for line in ann.lines() {
            let p: Vec<&str> = line.split('\t').collect();
            if p[0].starts_with('T') && p.len() >= 2 {
                let (_, rng) = p[1].split_once(' ').unwrap_or((p[1], ""));
                tb.insert(p[0].to_string(), spans(rng));
            } else if p[0].starts_with('E') && p.len() >= 2 {
                let roles: HashMap<&str, &str> = p[1]
                    .split_whitespace()
                    .skip(1)
                    .filter_map(|r| r.split_once(':'))
                    .collect();
                let get = |k: &str| {
                    roles
                        .get(k)
                        .and_then(|t| tb.get(*t))
                        .cloned()
                        .unwrap_or_default()
                };
                relations.push(Relation {
                    source: get("Source"),
                    cue: get("Cue"),
                    content: get("Content"),
                });
            }
        }
        out.push((stem, text, relations));
    }
    Ok(out)
}

/// A PolNeAR split (`text/*.txt`, `attributions/*.ann`), converted as `polnear_gold.py` does:
/// first annotator per article, one gold quote per content piece, non-speech marked `care=false`.
pub fn brat(dir: &Path) -> Result<Vec<GoldDoc>> {
    let mut out = Vec::new();
    for (stem, text, relations) in read_polnear(dir)? {
        let chars: Vec<char> = text.chars().collect();
        let sub = |a: usize, b: usize| {
            chars[a.min(chars.len())..b.min(chars.len())]
                .iter()
                .collect::<String>()
        };
        let mut quotes = Vec::new();
        for r in &relations {
            let (content, src) = (&r.content, &r.source);
            if content.is_empty() {
                continue;
            }
            let has_quote = content
                .iter()
                .any(|&(a, b)| sub(a, b).chars().any(is_quote_mark));
            let care = r.is_speech(sub);
            for &(s, e) in content {
                let c = sub(s, e);
                let trimmed = c.trim();
                if trimmed.is_empty() {
                    continue;
                }
                let tail: String = trimmed.chars().rev().take(2).collect();
                let kind = if trimmed.starts_with(is_quote_mark) && tail.chars().any(is_quote_mark)
                {
                    "direct"
                } else if has_quote {
                    "mixed"
                } else {
                    "indirect"
                };
                let source = (!src.is_empty()).then(|| {
                    (
                        src.iter()
                            .map(|&(a, b)| sub(a, b))
                            .collect::<Vec<_>>()
                            .join(" "),
                        Some((src[0].0, src[src.len() - 1].1)),
                    )
                });
                quotes.push(GoldQuote {
                    span: (s, s + chars_len(&c)),
                    content: c,
                    kind: kind.into(),
                    speaker: None,
                    care,
                    has_care_or_source: true,
                    source,
                    aliases: Vec::new(),
                });
            }
        }
        out.push(GoldDoc {
            id: stem,
            text,
            quotes,
        });
    }
    Ok(out)
}

/// Predictions grouped by gold document id.
pub type Predictions = HashMap<String, Vec<Pred>>;

/// Predictions from a file `extract` wrote (any format), grouped by gold document (others
/// ignored), and a warning per record whose quote is not found in its article.
pub fn load_pred(path: &Path, docs: &[GoldDoc]) -> Result<(Predictions, Vec<String>)> {
    let mut out: Predictions = docs.iter().map(|d| (d.id.clone(), Vec::new())).collect();
    let mut warnings = Vec::new();
    let lens: HashMap<&str, (usize, &str)> = docs
        .iter()
        .map(|d| (d.id.as_str(), (chars_len(&d.text), d.text.as_str())))
        .collect();
    for_each_record(path, |at, r| {
        let id = match r.get("doc_id") {
            Some(Value::String(s)) => s.clone(),
            Some(v) => v.to_string(),
            None => return Ok(()),
        };
        let Some(&(len, text)) = lens.get(id.as_str()) else {
            return Ok(());
        };
        let int = |k: &str| r.get(k).and_then(Value::as_u64).map(|x| x as usize);
        let ptext = r.get("text").and_then(Value::as_str).unwrap_or("");
        let span = match (int("start"), int("end")) {
            (Some(s), Some(e)) if s < e && e <= len => (s, e),
            _ => match find_chars(text, if ptext.is_empty() { "\0" } else { ptext }) {
                Some(i) => (i, i + chars_len(ptext)),
                None => {
                    warnings.push(format!("{at}: quote not located in article {id}"));
                    return Ok(());
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
        out.get_mut(&id).expect("known id").push(Pred {
            span,
            speaker,
            kind: r.get("kind").and_then(Value::as_str).map(str::to_string),
            mention,
            text: slice_chars(text, span),
        });
        Ok(())
    })?;
    Ok((out, warnings))
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
        None => Box::new(docs.iter().cloned().map(|d| {
            Item::Article(Article {
                id: d.id,
                text: d.text,
                meta: None,
                warning: None,
            })
        })),
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

/// Predictions from records the pipeline produced in memory.
pub fn preds_from_records(recs: &[QuoteRecord]) -> Vec<Pred> {
    recs.iter()
        .map(|r| Pred {
            span: (r.start, r.end),
            speaker: r.speaker.clone(),
            kind: Some(r.kind.to_string()),
            mention: r.speaker_start.zip(r.speaker_end),
            text: r.text.clone(),
        })
        .collect()
}

/// The scores `score.py` prints.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Scores {
    /// Documents scored.
    pub docs: usize,
    /// Gold quotes that count.
    pub gold: usize,
    /// Predictions that count.
    pub predicted: usize,
    /// Share of predictions inside gold quotes.
    pub precision: f64,
    /// Share of gold quotes found.
    pub recall: f64,
    /// F1 of quote detection.
    pub f1: f64,
    /// Share of found quotes with the right speaker.
    pub attribution_accuracy: f64,
    /// F1 counting a quote only when found and attributed correctly.
    pub end_to_end_f1: f64,
    /// Recall per gold kind.
    pub recall_by_kind: BTreeMap<String, f64>,
}

impl Scores {
    /// One line, `key=value` with 4 decimals, in `score.py`'s order.
    pub fn line(&self) -> String {
        let mut s = format!(
            "docs={} gold={} predicted={} precision={:.4} recall={:.4} f1={:.4} attribution_accuracy={:.4} end_to_end_f1={:.4}",
            self.docs, self.gold, self.predicted, self.precision, self.recall, self.f1, self.attribution_accuracy, self.end_to_end_f1
        );
        for (k, v) in &self.recall_by_kind {
            s.push_str(&format!(" recall_{k}={v:.4}"));
        }
        s
    }
}

/// Scores predictions against gold; with `errors`, also lists misses, false alarms and wrong
/// speakers.
pub fn score(
    docs: &[GoldDoc],
    preds: &HashMap<String, Vec<Pred>>,
    errors: &mut Option<Vec<String>>,
) -> Scores {
    let (mut tp_pred, mut n_pred, mut found, mut n_gold, mut attr_ok) =
        (0usize, 0usize, 0usize, 0usize, 0usize);
    let mut by_kind: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let empty = Vec::new();
    let short = |s: &str, n: usize| s.chars().take(n).collect::<String>();
    for d in docs {
        let ps = preds.get(&d.id).unwrap_or(&empty);
        let care: Vec<(usize, usize)> =
            d.quotes.iter().filter(|q| q.care).map(|q| q.span).collect();
        let ignore: Vec<(usize, usize)> = d
            .quotes
            .iter()
            .filter(|q| !q.care)
            .map(|q| q.span)
            .collect();
        for p in ps {
            let length = p.span.1 - p.span.0;
            let inside: usize = care.iter().map(|g| overlap(p.span, *g)).sum();
            if inside * 2 >= length {
                tp_pred += 1;
                n_pred += 1;
            } else if ignore.iter().map(|g| overlap(p.span, *g)).sum::<usize>() * 2 >= length {
                continue;
            } else {
                n_pred += 1;
                if let Some(e) = errors.as_mut() {
                    e.push(format!(
                        "{}: spurious {}: {:?}",
                        d.id,
                        p.kind.as_deref().unwrap_or("None"),
                        short(&p.text, 80)
                    ));
                }
            }
        }
        for q in d.quotes.iter().filter(|q| q.care) {
            n_gold += 1;
            let k = by_kind.entry(q.kind.clone()).or_default();
            k.1 += 1;
            // max() keeps the first of equal overlaps, as Python's max does.
            let best = ps.iter().fold(None::<&Pred>, |b, p| match b {
                Some(b) if overlap(b.span, q.span) >= overlap(p.span, q.span) => Some(b),
                _ => Some(p),
            });
            let Some(best) = best.filter(|b| overlap(b.span, q.span) * 2 >= q.span.1 - q.span.0)
            else {
                if let Some(e) = errors.as_mut() {
                    e.push(format!(
                        "{}: missed {}: {:?}",
                        d.id,
                        q.kind,
                        short(&q.content, 80)
                    ));
                }
                continue;
            };
            found += 1;
            k.0 += 1;
            if attributed(q, best) {
                attr_ok += 1;
            } else if let Some(e) = errors.as_mut() {
                let gold = q
                    .speaker
                    .clone()
                    .or_else(|| q.source.as_ref().map(|s| s.0.clone()));
                e.push(format!(
                    "{}: wrong speaker {:?} (gold {:?}): {:?}",
                    d.id,
                    best.speaker,
                    gold,
                    short(&q.content, 60)
                ));
            }
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let p = ratio(tp_pred, n_pred);
    let r = ratio(found, n_gold);
    let f1 = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    let attr = ratio(attr_ok, found);
    let e2e_r = ratio(attr_ok, n_gold);
    let e2e_p = p * attr;
    let e2e = if e2e_p + e2e_r > 0.0 {
        2.0 * e2e_p * e2e_r / (e2e_p + e2e_r)
    } else {
        0.0
    };
    Scores {
        docs: docs.len(),
        gold: n_gold,
        predicted: n_pred,
        precision: p,
        recall: r,
        f1,
        attribution_accuracy: attr,
        end_to_end_f1: e2e,
        recall_by_kind: by_kind
            .into_iter()
            .map(|(k, (a, b))| (k, ratio(a, b)))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_speaker_matches_surnames_and_org_words() {
        assert!(same_speaker(Some("Karoline Leavitt"), Some("Leavitt")));
        assert!(same_speaker(
            Some("Financial Times"),
            Some("the Financial Times")
        ));
        assert!(!same_speaker(Some("Donald Trump"), Some("Melania Knauss")));
        assert!(same_speaker(None, None));
        assert!(!same_speaker(None, Some("X")));
    }
}
