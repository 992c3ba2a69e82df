//! One quotation across articles: groups the output records that quote the same words.
//!
//! Texts are compared as word sequences, normalised (case, accents, punctuation and quote-mark
//! style dropped), so `“We will win.”` and `we will win` are the same. Beyond exact matches:
//! - near-duplicates and partial quotes: word trigrams (shingles) shared with another text cover
//!   at least [`CONTAINMENT`] of the shorter one's trigrams (a word changed, a sentence cut off,
//!   a fragment quoted inside reported speech);
//! - a short text ([`MIN_WORDS`]..[`LONG_WORDS`] words) joins a quotation only when every longer
//!   text it matches belongs to that one quotation, so a common phrase never bridges two;
//! - a mixed quote (reported speech with a quoted fragment) is compared by its quoted words only:
//!   the rest is the reporter's paraphrase;
//! - texts under [`MIN_WORDS`] words (`No comment.`) are generic and never grouped.
//!
//! Cost is near-linear: candidate pairs come from a sorted list of (trigram, text) pairs, where
//! a trigram shared by more than [`RUN_CAP`] distinct texts (boilerplate) pairs only neighbours.

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

use crate::document::marks::closing_double;
use crate::document::text::unaccented;
use crate::error::{Error, Result};
use crate::run::output::read::for_each_record;

/// Shortest text, in words, that can be grouped at all.
pub const MIN_WORDS: usize = 4;
/// Texts this long or longer group with each other directly; shorter ones attach to them.
pub const LONG_WORDS: usize = 8;
/// Share of the shorter text's trigrams that the longer one must have, between long texts
/// (a word or two may differ).
pub const CONTAINMENT: f64 = 0.6;
/// The same for a short text: a partial quote is the other's words, nearly all of them.
pub const SHORT_CONTAINMENT: f64 = 0.8;
/// Distinct texts sharing a trigram beyond which only neighbours are paired.
pub const RUN_CAP: usize = 64;

/// One output record, as clustering needs it.
#[derive(Debug, Clone)]
pub struct Occurrence {
    /// `quote_id` of the record.
    pub quote_id: String,
    /// Its article.
    pub doc_id: String,
    /// The quoted text as written.
    pub text: String,
    /// `direct`, `indirect` or `mixed`.
    pub kind: String,
    /// Canonical speaker, if any.
    pub speaker: Option<String>,
    /// `meta.date` of its article, if any (compared as an instant: see [`instant`]).
    pub date: Option<String>,
}

/// A speaker of a quotation and how many of its occurrences they are credited with.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SpeakerCount {
    /// Canonical name.
    pub name: String,
    /// Occurrences.
    pub quotes: usize,
}

/// Where a quotation was first seen.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FirstSeen {
    /// Earliest `meta.date`, or null when no member has one (then: first in input order).
    pub date: Option<String>,
    /// Its article.
    pub doc_id: String,
    /// Its record.
    pub quote_id: String,
}

/// One quotation and its occurrences.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Cluster {
    /// 0-based, clusters ordered by size (largest first), then by first occurrence in the input.
    pub cluster: usize,
    /// The quotation in its fullest, most repeated form, as first written.
    pub text: String,
    /// Number of occurrences.
    pub size: usize,
    /// Number of distinct articles.
    pub articles: usize,
    /// `quote_id`s of the occurrences, in input order.
    pub members: Vec<String>,
    /// Speakers credited, most frequent first.
    pub speakers: Vec<SpeakerCount>,
    /// The earliest occurrence.
    pub first_seen: FirstSeen,
}

/// The words of a text as compared: accents, case and punctuation dropped; apostrophes inside a
/// word dropped too (`don’t` = `dont`), so quote-mark style never matters.
pub fn normal_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    for c in unaccented(text) {
        if matches!(c, '\'' | '’' | '‘' | 'ʼ') {
            continue;
        }
        if c.is_alphanumeric() {
            cur.extend(c.to_lowercase());
        } else if !cur.is_empty() {
            words.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
}

/// The words inside quote marks (`“...”`, `"..."`, `«...»`, `„...“`), joined; `None` when
/// there are none.
fn quoted_fragments(text: &str) -> Option<String> {
    let mut out = String::new();
    let mut open: Option<(usize, char)> = None;
    for (i, c) in text.char_indices() {
        match open {
            None => {
                let Some(close) = closing_double(c) else {
                    continue;
                };
                open = Some((i + c.len_utf8(), close));
            }
            Some((from, close)) if c == close => {
                out.push_str(&text[from..i]);
                out.push(' ');
                open = None;
            }
            Some(_) => {}
        }
    }
    (!out.trim().is_empty()).then_some(out)
}

/// Union-find over distinct texts.
struct Sets(Vec<u32>);

impl Sets {
    fn find(&mut self, mut x: u32) -> u32 {
        while self.0[x as usize] != x {
            let up = self.0[self.0[x as usize] as usize];
            self.0[x as usize] = up;
            x = up;
        }
        x
    }
    fn union(&mut self, a: u32, b: u32) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            // The smaller index stays the root: deterministic whatever the order of unions.
            let (lo, hi) = (a.min(b), a.max(b));
            self.0[hi as usize] = lo;
        }
    }
}

/// FNV-1a of a word trigram: fixed by definition, so clusters are the same on every machine.
fn trigram_hash(words: &[u32]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for w in words {
        for b in w.to_le_bytes() {
            h ^= b as u32;
            h = h.wrapping_mul(0x0100_0193);
        }
    }
    h
}

/// Groups occurrences into quotations; only groups of at least `min_size` are returned.
pub fn cluster(occurrences: &[Occurrence], min_size: usize) -> Vec<Cluster> {
    // Distinct normalised texts ("nodes"), words interned.
    let mut vocab: HashMap<String, u32> = HashMap::new();
    let mut node_of_text: HashMap<Vec<u32>, u32> = HashMap::new();
    let mut nodes: Vec<Vec<u32>> = Vec::new();
    let mut node_of: Vec<Option<u32>> = Vec::with_capacity(occurrences.len());
    for o in occurrences {
        let compared = match o.kind.as_str() {
            "mixed" => quoted_fragments(&o.text).unwrap_or_else(|| o.text.clone()),
            _ => o.text.clone(),
        };
        let words: Vec<u32> = normal_words(&compared)
            .into_iter()
            .map(|w| {
                let n = vocab.len() as u32;
                *vocab.entry(w).or_insert(n)
            })
            .collect();
        if words.len() < MIN_WORDS {
            node_of.push(None);
            continue;
        }
        let n = nodes.len() as u32;
        let id = *node_of_text.entry(words.clone()).or_insert_with(|| {
            nodes.push(words);
            n
        });
        node_of.push(Some(id));
    }
    drop(node_of_text);
    // Each node's distinct trigrams.
    let shingles: Vec<Vec<u32>> = nodes
        .iter()
        .map(|w| {
            let mut s: Vec<u32> = w.windows(3).map(trigram_hash).collect();
            s.sort_unstable();
            s.dedup();
            s
        })
        .collect();
    let mut pairs: Vec<(u32, u32)> = shingles
        .iter()
        .enumerate()
        .flat_map(|(n, s)| s.iter().map(move |&h| (h, n as u32)))
        .collect();
    pairs.sort_unstable();
    // Shared trigrams per candidate pair (lower node first).
    let mut shared: HashMap<(u32, u32), u32> = HashMap::new();
    for run in pairs.chunk_by(|a, b| a.0 == b.0) {
        if run.len() <= RUN_CAP {
            for (i, a) in run.iter().enumerate() {
                for b in &run[i + 1..] {
                    *shared.entry((a.1, b.1)).or_default() += 1;
                }
            }
        } else {
            for w in run.windows(2) {
                *shared.entry((w[0].1, w[1].1)).or_default() += 1;
            }
        }
    }
    drop(pairs);
    let long = |n: u32| nodes[n as usize].len() >= LONG_WORDS;
    let mut matches: Vec<(u32, u32)> = shared
        .into_iter()
        .filter(|&((a, b), s)| {
            let smaller = shingles[a as usize].len().min(shingles[b as usize].len());
            let share = if long(a) && long(b) {
                CONTAINMENT
            } else {
                SHORT_CONTAINMENT
            };
            s >= 2.min(smaller as u32) && s as f64 >= share * smaller as f64
        })
        .map(|(p, _)| p)
        .collect();
    matches.sort_unstable();
    let mut sets = Sets((0..nodes.len() as u32).collect());
    for &(a, b) in &matches {
        if long(a) && long(b) {
            sets.union(a, b);
        }
    }
    // Short texts: the quotations of the long texts they match; joined when there is one.
    let mut short_to: HashMap<u32, Vec<u32>> = HashMap::new();
    for &(a, b) in &matches {
        match (long(a), long(b)) {
            (false, true) => short_to.entry(a).or_default().push(b),
            (true, false) => short_to.entry(b).or_default().push(a),
            _ => {}
        }
    }
    let mut joins: Vec<(u32, u32)> = Vec::new();
    for (s, longs) in short_to {
        let mut roots: Vec<u32> = longs.into_iter().map(|l| sets.find(l)).collect();
        roots.sort_unstable();
        roots.dedup();
        if let [root] = roots[..] {
            joins.push((s, root));
        }
    }
    // Short texts that match only each other (`a partial quote` twice) group among themselves
    // when neither joined a long quotation.
    let joined: std::collections::HashSet<u32> = joins.iter().map(|j| j.0).collect();
    for &(a, b) in &matches {
        if !long(a) && !long(b) && !joined.contains(&a) && !joined.contains(&b) {
            joins.push((a, b));
        }
    }
    for (a, b) in joins {
        sets.union(a, b);
    }
    gather(occurrences, &node_of, &nodes, &mut sets, min_size)
}

/// Turns the sets of nodes into clusters of occurrences.
fn gather(
    occurrences: &[Occurrence],
    node_of: &[Option<u32>],
    nodes: &[Vec<u32>],
    sets: &mut Sets,
    min_size: usize,
) -> Vec<Cluster> {
    let mut by_root: HashMap<u32, Vec<usize>> = HashMap::new();
    for (i, n) in node_of.iter().enumerate() {
        if let Some(n) = n {
            by_root.entry(sets.find(*n)).or_default().push(i);
        }
    }
    let mut groups: Vec<Vec<usize>> = by_root
        .into_values()
        .filter(|m| m.len() >= min_size.max(1))
        .collect();
    groups.sort_by_key(|m| (std::cmp::Reverse(m.len()), m[0]));
    groups
        .into_iter()
        .enumerate()
        .map(|(cluster, members)| {
            // Canonical: among the fullest forms (≥ 90% of the longest), the most repeated,
            // then the first seen.
            let mut count: HashMap<u32, usize> = HashMap::new();
            for &i in &members {
                *count.entry(node_of[i].expect("grouped")).or_default() += 1;
            }
            let longest = count
                .keys()
                .map(|&n| nodes[n as usize].len())
                .max()
                .unwrap_or(0);
            let canonical = members
                .iter()
                .copied()
                .filter(|&i| nodes[node_of[i].expect("grouped") as usize].len() * 10 >= longest * 9)
                .max_by_key(|&i| (count[&node_of[i].expect("grouped")], std::cmp::Reverse(i)))
                .expect("a member");
            let mut speakers: HashMap<&str, usize> = HashMap::new();
            for &i in &members {
                if let Some(s) = &occurrences[i].speaker {
                    *speakers.entry(s).or_default() += 1;
                }
            }
            let mut speakers: Vec<SpeakerCount> = speakers
                .into_iter()
                .map(|(name, quotes)| SpeakerCount {
                    name: name.to_string(),
                    quotes,
                })
                .collect();
            speakers.sort_by(|a, b| b.quotes.cmp(&a.quotes).then(a.name.cmp(&b.name)));
            // Dates compare as instants (offsets applied); a date that is not ISO 8601
            // (`03/02/2024`: which day?) or is empty takes no part.
            let first = members
                .iter()
                .filter_map(|&i| {
                    occurrences[i]
                        .date
                        .as_deref()
                        .and_then(instant)
                        .map(|t| (t, i))
                })
                .min()
                .map_or(members[0], |(_, i)| i);
            let mut docs: Vec<&str> = members
                .iter()
                .map(|&i| occurrences[i].doc_id.as_str())
                .collect();
            docs.sort_unstable();
            docs.dedup();
            Cluster {
                cluster,
                text: occurrences[canonical].text.trim().to_string(),
                size: members.len(),
                articles: docs.len(),
                members: members
                    .iter()
                    .map(|&i| occurrences[i].quote_id.clone())
                    .collect(),
                speakers,
                first_seen: FirstSeen {
                    date: occurrences[first].date.clone(),
                    doc_id: occurrences[first].doc_id.clone(),
                    quote_id: occurrences[first].quote_id.clone(),
                },
            }
        })
        .collect()
}

/// Reads the records of a prediction file: JSONL (`.jsonl`, or anything else), CSV (`.csv`) or
/// a JSON array (`.json`), as `whosaid extract` writes them.
pub fn read_occurrences(path: &Path, into: &mut Vec<Occurrence>) -> Result<()> {
    #[derive(serde::Deserialize)]
    struct Rec {
        quote_id: String,
        doc_id: String,
        text: String,
        #[serde(default)]
        kind: String,
        speaker: Option<String>,
        #[serde(default)]
        meta: Option<serde_json::Map<String, serde_json::Value>>,
    }
    impl Rec {
        fn occurrence(self) -> Occurrence {
            let date = self
                .meta
                .as_ref()
                .and_then(|m| m.get("date"))
                .and_then(|d| d.as_str())
                .map(String::from);
            Occurrence {
                quote_id: self.quote_id,
                doc_id: self.doc_id,
                text: self.text,
                kind: self.kind,
                speaker: self.speaker.filter(|s| !s.is_empty()),
                date,
            }
        }
    }
    for_each_record(path, |at, m| {
        let rec: Rec = serde_json::from_value(serde_json::Value::Object(m))
            .map_err(|e| Error::input(at, format!("not a whosaid record: {e}")))?;
        into.push(rec.occurrence());
        Ok(())
    })
}

/// An ISO 8601 date or date-time (`2024-03-02`, `2024-03-02T09:30:00+01:00`, `...Z`, a space
/// for the `T`, fractions of a second) as (seconds, nanoseconds) since the Unix epoch, UTC; a
/// date alone is its midnight UTC. `None` for anything else.
pub fn instant(date: &str) -> Option<(i64, u32)> {
    let d = date.trim();
    let num = |s: &str| -> Option<i64> {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
    };
    let (day, rest) = d.split_at(d.len().min(10));
    let mut parts = day.split('-');
    let (y, m, dd) = (
        num(parts.next()?)?,
        num(parts.next()?)?,
        num(parts.next()?)?,
    );
    if day.len() != 10 || !(1..=12).contains(&m) || !(1..=31).contains(&dd) {
        return None;
    }
    // Days from the civil date (Howard Hinnant's algorithm).
    let (yy, mm) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = yy.div_euclid(400);
    let yoe = yy - era * 400;
    let doy = (153 * mm + 2) / 5 + dd - 1;
    let days = era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468;
    let mut secs = days * 86_400;
    let mut nanos = 0u32;
    let rest = rest.strip_prefix(['T', 't', ' ']).unwrap_or(rest);
    if rest.is_empty() {
        return Some((secs, 0));
    }
    let zone_at = rest.find(['Z', 'z', '+', '-']).unwrap_or(rest.len());
    let (time, zone) = rest.split_at(zone_at);
    let (hms, frac) = time.split_once('.').unwrap_or((time, ""));
    let mut t = hms.split(':');
    let h = num(t.next()?)?;
    let mi = num(t.next()?)?;
    let s = t.next().map_or(Some(0), num)?;
    if h > 23 || mi > 59 || s > 60 || t.next().is_some() {
        return None;
    }
    secs += h * 3600 + mi * 60 + s;
    if !frac.is_empty() {
        let digits: String = frac.chars().take(9).collect();
        nanos = (num(&digits)? * 10i64.pow(9 - digits.len() as u32)) as u32;
    }
    match zone {
        "" | "Z" | "z" => {}
        z => {
            let sign = if z.starts_with('-') { 1 } else { -1 };
            let hm = z[1..].replace(':', "");
            if hm.len() != 4 {
                return None;
            }
            let off = num(&hm[..2])? * 3600 + num(&hm[2..])? * 60;
            secs += sign * off;
        }
    }
    Some((secs, nanos))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_compare_as_instants_and_only_iso_dates_count() {
        let t = |d: &str| instant(d);
        assert_eq!(t("1970-01-02"), Some((86_400, 0)));
        assert_eq!(t("2024-03-02T10:00:00+02:00"), t("2024-03-02T08:00:00Z"));
        assert!(t("2024-03-02T09:00:00+02:00") < t("2024-03-02T08:00:00Z"));
        assert_eq!(
            t("2024-03-02 08:00:00.5Z"),
            Some((1_709_366_400, 500_000_000))
        );
        for bad in [
            "",
            "03/02/2024",
            "2024-13-01",
            "yesterday",
            "2024-03-02T25:00",
        ] {
            assert_eq!(t(bad), None, "{bad}");
        }
    }

    fn occ(id: &str, text: &str) -> Occurrence {
        Occurrence {
            quote_id: id.into(),
            doc_id: id.split(':').next().unwrap().into(),
            text: text.into(),
            kind: "direct".into(),
            speaker: None,
            date: None,
        }
    }

    fn groups(cs: &[Cluster]) -> Vec<Vec<&str>> {
        cs.iter()
            .map(|c| c.members.iter().map(String::as_str).collect())
            .collect()
    }

    #[test]
    fn a_mixed_quote_is_compared_by_its_quoted_words() {
        assert_eq!(
            quoted_fragments("she said it was “a crazy system” and «very bad»").as_deref(),
            Some("a crazy system very bad ")
        );
        assert_eq!(quoted_fragments("no marks here"), None);
    }

    #[test]
    fn quote_marks_case_and_accents_do_not_matter() {
        assert_eq!(
            normal_words("“We’ll WIN,” déjà-vu"),
            ["well", "win", "deja", "vu"]
        );
        assert_eq!(normal_words("'We'll win'"), normal_words("‘We’ll win’"));
    }

    #[test]
    fn near_duplicates_and_partial_quotes_group_and_a_phrase_does_not_bridge() {
        let a = "We will not rest until every family in this city has a safe place to live";
        let occs = vec![
            occ("a:0", a),
            occ(
                "b:0",
                "we will not rest until every family in this town has a safe place to live",
            ),
            occ("c:0", "every family in this city has a safe place to live"),
            occ(
                "d:0",
                "Prices will keep rising until the central bank acts on every family in this city",
            ),
            occ("e:0", "every family in this city"),
            occ("f:0", "No comment."),
            occ("g:0", "No comment."),
        ];
        let cs = cluster(&occs, 2);
        assert_eq!(groups(&cs), vec![vec!["a:0", "b:0", "c:0"]]);
        assert_eq!(cs[0].text, a);
        assert_eq!(cs[0].articles, 3);
    }
}
