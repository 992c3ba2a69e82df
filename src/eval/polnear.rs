//! PolNeAR's brat folders: attribution relations (source, cue, content) and the speech
//! attributions among them as gold quotes.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crate::error::{Error, Result};

use super::*;

/// Cue words that make a PolNeAR attribution speech (as `polnear_gold.py`).
pub(super) fn speech_cue(cue: &str) -> bool {
    const SPEECH: &str = "say said says saying tell told tells telling add added adds adding according write wrote writes writing written ask asked asks asking note noted notes noting report reported reports reporting announce announced announces announcing argue argued argues arguing claim claimed claims claiming insist insisted insists insisting explain explained explains explaining declare declared declares declaring acknowledge acknowledged acknowledges acknowledging state stated states stating tweet tweeted tweets tweeting respond responded responds responding reply replied replies warn warned warns warning suggest suggested suggests suggesting stress stressed emphasise emphasised emphasises emphasize emphasized emphasizes recall recalled recalls confirm confirmed confirms deny denied denies admit admitted admits continued concluded urge urged urges urging call called calls calling describe described describes describing testify testified testifies quipped comment commented remark remarked assert asserted contend contended predict predicted promise promised promises vow vowed agree agreed agrees statement interview cited citing quoted posted joked boasted complained pointed";
    let words: Vec<String> = cue
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .map(str::to_lowercase)
        .collect();
    words.iter().any(|w| SPEECH.split(' ').any(|s| s == w))
}

pub(super) fn is_quote_mark(c: char) -> bool {
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
