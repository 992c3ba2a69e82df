//! Speaker linking: each quote's canonical speaker to an id of the user's entity list
//! (`--entities FILE`), such as a Wikidata QID, in `speaker_id`.
//!
//! The list is CSV with a header `id,name,aliases` (aliases separated by `|`; the column may be
//! missing) or JSONL objects with the same fields (`aliases` a `|`-separated string or an array).
//! Names match ignoring case, accents, punctuation and a leading "The" (`The Financial Times` =
//! `financial times` = `Financial-Times`). A speaker is looked up by its canonical name first,
//! then by every alias the article uses for it (`Mr. Sato`, `Sato`); a name that two ids share
//! says nothing, and a speaker whose names point to two ids stays unlinked.

use std::collections::{BTreeSet, HashMap};
use std::io::BufRead;
use std::path::Path;

use crate::document::text::unaccented;
use crate::document::Document;
use crate::error::{Error, Result};

/// Marks a name that more than one id carries.
const AMBIGUOUS: u32 = u32::MAX;

/// The user's entities, indexed by normalised name.
#[derive(Debug, Default)]
pub struct EntityList {
    ids: Vec<String>,
    /// Id → its index in `ids`: rows that repeat an id add names to one entity.
    index: HashMap<String, u32>,
    /// Normalised name or alias → index into `ids`, or [`AMBIGUOUS`].
    by_name: HashMap<String, u32>,
}

/// A name as compared: accents and case dropped, runs of anything but letters and digits made
/// one space, a leading "the" dropped.
pub fn name_key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut gap = false;
    let mut push = |c: char| {
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.extend(c.to_lowercase());
        } else {
            gap = true;
        }
    };
    unaccented(name).for_each(&mut push);
    match out.strip_prefix("the ") {
        Some(rest) => rest.to_string(),
        None => out,
    }
}

impl EntityList {
    /// Number of entities.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// True when the list has no entities.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Number of distinct names and aliases.
    pub fn names(&self) -> usize {
        self.by_name.len()
    }

    /// Adds one entity with its name and aliases; an id seen before gets the names as more
    /// aliases (a list with a row per alias).
    pub fn add(&mut self, id: &str, names: impl IntoIterator<Item = impl AsRef<str>>) {
        let next = self.ids.len() as u32;
        let index = *self.index.entry(id.to_string()).or_insert(next);
        if index == next {
            self.ids.push(id.to_string());
        }
        for n in names {
            let key = name_key(n.as_ref());
            if key.is_empty() {
                continue;
            }
            self.by_name
                .entry(key)
                .and_modify(|v| {
                    if *v != index {
                        *v = AMBIGUOUS;
                    }
                })
                .or_insert(index);
        }
    }

    /// Reads a list: JSONL when the file name ends in `.jsonl`/`.ndjson`, else CSV.
    pub fn load(path: &Path) -> Result<Self> {
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        let reader = std::io::BufReader::with_capacity(1 << 20, file);
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        let mut list = EntityList::default();
        if matches!(ext.as_str(), "jsonl" | "ndjson") {
            list.read_jsonl(path, reader)?;
        } else {
            list.read_csv(path, reader)?;
        }
        Ok(list)
    }

    fn read_csv(&mut self, path: &Path, reader: impl std::io::Read) -> Result<()> {
        let at = |line: u64| format!("{}:{line}", path.display());
        let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(reader);
        let header = rdr
            .headers()
            .map_err(|e| Error::input(at(1), e.to_string()))?
            .clone();
        let col = |name: &str| {
            header
                .iter()
                .position(|h| h.trim().trim_start_matches('\u{feff}') == name)
        };
        let (Some(id), Some(name)) = (col("id"), col("name")) else {
            return Err(Error::input(
                at(1),
                format!(
                    "entity list needs a header with id,name[,aliases]; found {}",
                    header.iter().collect::<Vec<_>>().join(",")
                ),
            ));
        };
        let aliases = col("aliases");
        let mut row = csv::StringRecord::new();
        loop {
            match rdr.read_record(&mut row) {
                Ok(false) => return Ok(()),
                Ok(true) => {}
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line());
                    return Err(Error::input(at(line), e.to_string()));
                }
            }
            let line = row.position().map_or(0, |p| p.line());
            let (Some(i), Some(n)) = (row.get(id), row.get(name)) else {
                return Err(Error::input(at(line), "row without an id or a name"));
            };
            if i.is_empty() {
                return Err(Error::input(at(line), "empty id"));
            }
            let extra = aliases.and_then(|a| row.get(a)).unwrap_or("");
            self.add(i, std::iter::once(n).chain(extra.split('|')));
        }
    }

    fn read_jsonl(&mut self, path: &Path, reader: impl BufRead) -> Result<()> {
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum Aliases {
            List(Vec<String>),
            Joined(String),
        }
        #[derive(serde::Deserialize)]
        struct Row {
            id: serde_json::Value,
            name: String,
            aliases: Option<Aliases>,
        }
        for (n, line) in reader.lines().enumerate() {
            let at = || format!("{}:{}", path.display(), n + 1);
            let line = line.map_err(|e| Error::input(at(), e.to_string()))?;
            if line.trim().is_empty() {
                continue;
            }
            let row: Row = serde_json::from_str(&line)
                .map_err(|e| Error::input(at(), format!("entity list line: {e}")))?;
            let id = match row.id {
                serde_json::Value::String(s) if !s.is_empty() => s,
                serde_json::Value::Number(n) => n.to_string(),
                _ => {
                    return Err(Error::input(
                        at(),
                        "id must be a non-empty string or a number",
                    ))
                }
            };
            let aliases: Vec<String> = match row.aliases {
                None => Vec::new(),
                Some(Aliases::List(v)) => v,
                Some(Aliases::Joined(s)) => s.split('|').map(String::from).collect(),
            };
            self.add(&id, std::iter::once(row.name).chain(aliases));
        }
        Ok(())
    }

    /// The id one name points to: `None` when no entity or several carry it.
    fn lookup(&self, name: &str) -> Option<Option<u32>> {
        self.by_name
            .get(&name_key(name))
            .map(|&i| (i != AMBIGUOUS).then_some(i))
    }

    /// The id of a speaker known in the article by `canonical` and `aliases`.
    pub fn link<'a>(
        &self,
        canonical: &str,
        aliases: impl IntoIterator<Item = &'a str>,
    ) -> Option<&str> {
        let id = match self.lookup(canonical) {
            Some(found) => found?,
            None => {
                let ids: BTreeSet<u32> = aliases
                    .into_iter()
                    .filter_map(|a| self.lookup(a).flatten())
                    .collect();
                if ids.len() != 1 {
                    return None;
                }
                *ids.first()?
            }
        };
        Some(&self.ids[id as usize])
    }
}

/// Sets `id` on every quote whose speaker the list knows; `names` is
/// [`crate::stages::speakers::entity_names`] of the document.
pub fn annotate(doc: &mut Document, list: &EntityList, names: &[Option<(String, String)>]) {
    let mut aliases: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    for (alias, canonical) in names.iter().flatten() {
        aliases.entry(canonical).or_default().insert(alias);
    }
    let none = BTreeSet::new();
    for q in &mut doc.quotes {
        if let Some(name) = &q.speaker.name {
            let known = aliases.get(name.as_str()).unwrap_or(&none);
            q.speaker.id = list.link(name, known.iter().copied()).map(String::from);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_case_accents_punctuation_and_a_leading_the() {
        assert_eq!(name_key("The Financial Times"), "financial times");
        assert_eq!(name_key("  financial-times "), "financial times");
        assert_eq!(name_key("Élodie DURAND"), "elodie durand");
        assert_eq!(name_key("Jürgen Müller"), "jurgen muller");
        assert_eq!(name_key("Theresa May"), "theresa may");
        assert_eq!(name_key("O’Brien"), name_key("O'Brien"));
    }

    #[test]
    fn a_name_two_ids_share_links_nobody() {
        let mut l = EntityList::default();
        l.add("Q22686", ["Donald Trump", "Trump", "Donald J. Trump"]);
        l.add("Q239411", ["Ivanka Trump", "Trump"]);
        assert_eq!(l.link("Donald Trump", []), Some("Q22686"));
        assert_eq!(l.link("Donald J Trump", []), Some("Q22686"));
        assert_eq!(l.link("Trump", []), None);
        // An ambiguous alias says nothing; an unambiguous one decides.
        assert_eq!(
            l.link("President Trump", ["Trump", "Donald Trump"]),
            Some("Q22686")
        );
        // Aliases that point to two ids: unlinked.
        assert_eq!(l.link("D. Trump", ["Donald Trump", "Ivanka Trump"]), None);
        // The same id listed under the same name twice stays unambiguous.
        l.add("Q1", ["Acme", "ACME"]);
        assert_eq!(l.link("acme", []), Some("Q1"));
    }
}
