//! Names as an article writes them: aliases (`Mr. Sato`, `Sato`) merged under the longest form,
//! acronyms (`FT`) under their full name, and each entity's canonical name.

use std::cell::RefCell;
use std::collections::HashMap;

use crate::document::text::is_capitalized;
use crate::document::Document;

use super::lexicon::*;

pub(super) fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '.' | '\'' | '’')))
        .map(|w| w.trim_matches('.').to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

/// An entity's text without leading titles and a trailing possessive.
pub(super) fn clean(text: &str) -> String {
    let t = text
        .trim()
        .trim_end_matches("’s")
        .trim_end_matches("'s")
        .trim_end_matches(['’', '\'', ',', '.', ':', ';']);
    let mut parts: Vec<&str> = t.split_whitespace().collect();
    while parts.len() > 1
        && TITLES.contains(&parts[0].trim_end_matches('.').to_lowercase().as_str())
    {
        parts.remove(0);
    }
    parts.join(" ")
}

pub(super) fn acronym(name: &str) -> String {
    name.split_whitespace()
        .filter(|w| is_capitalized(w))
        .filter_map(|w| w.chars().next())
        .collect()
}

/// Names of the article by type, for alias merging.
pub(super) struct Names {
    /// Every entity's clean name and label.
    pub(super) entries: Vec<(String, String)>,
    /// Where a word follows a courtesy title (`Mr. Smith`): (its byte offset, female), in order.
    titled: Vec<(usize, bool)>,
    /// Gender of each name asked about so far: each answer costs a pass over `titled`.
    genders: RefCell<HashMap<String, Option<bool>>>,
    /// Initialisms the article spells out where the entity model did not read the full form
    /// (`the DEA says` after `by the Drug Enforcement Administration`).
    spelled: HashMap<String, String>,
    /// Company names the article also writes with a legal suffix (`McClatchy` → `McClatchy
    /// Co.`): the full name is the canonical one (ANNOTATION.md: `Consolidated Edison Inc.`).
    suffixed: HashMap<String, String>,
    /// People the article names with a royal or papal title (`King Charles`, `Prince Alwaleed`,
    /// `Pope Francis`): their canonical name → the title, which the canonical name keeps.
    royal: HashMap<String, String>,
}

/// Legal suffixes of company names.
const COMPANY_SUFFIXES: [&str; 8] = [
    "Co.",
    "Inc.",
    "Corp.",
    "Ltd.",
    "LLC",
    "PLC",
    "plc",
    "Corporation",
];

/// Every capitalised name the text writes before a company suffix, mapped to the name with it
/// (`McClatchy` → `McClatchy Co.`, `Walt Disney` → `Walt Disney Co.`).
pub(super) fn suffixed_names(text: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for suffix in COMPANY_SUFFIXES {
        let needle = format!(" {suffix}");
        for (i, _) in text.match_indices(&needle) {
            let end = i + needle.len();
            if text[end..].starts_with(|c: char| c.is_alphanumeric()) {
                continue;
            }
            // (`&` and `of` inside a name; `and` joins a list: `Gannett and McClatchy Co.`)
            let mut run = name_ending(&text[..i], &["&", "of"], &[',', '.', ';', ':', ')']);
            // (`The Walt Disney Co.`: the article's `The` opens the sentence, not the name.)
            if run.first().is_some_and(|w| *w == "The") {
                run.remove(0);
            }
            if run.is_empty() || run.len() > 6 {
                continue;
            }
            let name = run.join(" ");
            out.entry(name.clone())
                .or_insert_with(|| format!("{name} {suffix}"));
        }
    }
    out
}

/// The capitalised words that end `before` (a name written right before something), in text
/// order: back over capitalised words that no mark of `stops` closes, with `joins` between them
/// (never at an edge).
pub(super) fn name_ending<'a>(before: &'a str, joins: &[&str], stops: &[char]) -> Vec<&'a str> {
    let mut run: Vec<&str> = Vec::new();
    for w in before.rsplit(' ') {
        let name_word = is_capitalized(w) && !w.ends_with(stops);
        if !(name_word || joins.contains(&w) && !run.is_empty()) {
            break;
        }
        run.push(w);
    }
    while run.last().is_some_and(|w| joins.contains(w)) {
        run.pop();
    }
    run.reverse();
    run
}

/// Whether `w` may be an initialism: 2 to 6 capital letters.
fn initialism(w: &str) -> bool {
    (2..=6).contains(&w.len()) && w.chars().all(|c| c.is_ascii_uppercase())
}

/// Every run of capitalised words in `text` (with `of`, `for`, `and`, `the` or `&` inside) that
/// is not part of a longer run, under the initialism its capitalised words spell (2 to 6
/// letters; the first run for each): `Drug Enforcement Administration` under `DEA`, `Live
/// Nation` under `LN`. One pass over the text.
pub(super) fn spelled_runs(text: &str) -> HashMap<String, String> {
    let toks: Vec<&str> = text.split_whitespace().collect();
    let bare = |t: &str| t.trim_matches(|c: char| !c.is_alphanumeric()).to_string();
    let titled = |w: &str| {
        w.chars().count() > 1 && is_capitalized(w) && w.chars().skip(1).all(|c| c.is_lowercase())
    };
    let ends_item = |t: &str| t.ends_with(|c: char| !c.is_alphanumeric());
    let connector = |w: &str| matches!(w, "of" | "for" | "and" | "the" | "&");
    let mut out = HashMap::new();
    let mut i = 0;
    while i < toks.len() {
        // A run starts at a capitalised word that does not go on from one before it.
        let continues = i > 0 && titled(&bare(toks[i - 1])) && !ends_item(toks[i - 1]);
        if !titled(&bare(toks[i])) || continues {
            i += 1;
            continue;
        }
        let (mut j, mut words, mut letters) = (i, Vec::new(), String::new());
        while j < toks.len() && letters.chars().count() <= 6 {
            let w = bare(toks[j]);
            if titled(&w) {
                letters.extend(w.chars().next());
            } else if !connector(&w) {
                break;
            }
            words.push(w);
            // Punctuation inside the run ends it (a sentence or a list item).
            let stop = ends_item(toks[j]);
            j += 1;
            if stop {
                break;
            }
        }
        while words.last().is_some_and(|w| connector(w)) {
            words.pop();
        }
        if (2..=6).contains(&letters.chars().count()) {
            out.entry(letters).or_insert_with(|| words.join(" "));
        }
        i = j.max(i + 1);
    }
    // A name defined in brackets right after it (`Centers for Disease Control and Prevention
    // (CDC)`): the article says what it stands for, whatever initials it skips.
    for (j, t) in toks.iter().enumerate() {
        let Some(inner) = t
            .trim_end_matches([',', '.', ';', ':'])
            .strip_prefix('(')
            .and_then(|x| x.strip_suffix(')'))
        else {
            continue;
        };
        let short = (2..=6).contains(&inner.len()) && inner.chars().all(|c| c.is_ascii_uppercase());
        if !short || j == 0 || ends_item(toks[j - 1]) {
            continue;
        }
        // (`Co-operation` is a capitalised word too.)
        let name_word = |w: &str| titled(w) || w.split('-').next().is_some_and(titled);
        let mut a = j;
        while a > 0 && {
            let w = bare(toks[a - 1]);
            (name_word(&w) || connector(&w) && a < j) && (a == j || !ends_item(toks[a - 1]))
        } {
            a -= 1;
        }
        let mut words: Vec<String> = toks[a..j].iter().map(|w| bare(w)).collect();
        while words.first().is_some_and(|w| connector(w) || w == "The") {
            words.remove(0);
        }
        // (Its letters must be the name's capitals, in order: `CDC` in `Centers for Disease
        // Control and Prevention`, `OECD` in `Organisation for Economic Co-operation and
        // Development`.)
        let capitals: String = words
            .iter()
            .flat_map(|w| w.chars().filter(char::is_ascii_uppercase))
            .collect();
        let mut rest = capitals.chars();
        let ordered = inner.chars().all(|c| rest.any(|k| k == c));
        if words.len() > 1 && ordered && capitals.starts_with(&inner[..1]) {
            out.insert(inner.to_string(), words.join(" "));
        }
    }
    out
}

/// The run of capitalised words in `text` that `letters` abbreviates (see [`spelled_runs`]).
#[cfg(test)]
pub(super) fn spelled_out(text: &str, letters: &str) -> Option<String> {
    spelled_runs(text).remove(letters)
}

/// Every word that follows a courtesy title, as (byte offset, female), in text order.
pub(super) fn titled_words(text: &str) -> Vec<(usize, bool)> {
    let mut out = Vec::new();
    let mut pending: Option<bool> = None;
    for (i, w) in text
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
    {
        if let Some(female) = pending.take() {
            out.push((i, female));
        }
        pending = match w {
            "Mr." | "Mr" => Some(false),
            "Mrs." | "Ms." | "Mrs" | "Ms" | "Miss" => Some(true),
            _ => None,
        };
    }
    out
}

impl Names {
    pub(super) fn new(doc: &Document) -> Self {
        let mut entries: Vec<(String, String)> = Vec::new();
        for e in &doc.entities {
            let n = clean(doc.slice(e.span));
            if n.is_empty() || !n.chars().any(char::is_alphabetic) {
                continue;
            }
            if !entries.iter().any(|(x, l)| *x == n && *l == e.label) {
                entries.push((n, e.label.clone()));
            }
        }
        // (The text is read once, and only when some initialism needs it.)
        let unexpanded: Vec<&String> = entries
            .iter()
            .map(|(n, _)| n)
            .filter(|n| {
                initialism(n)
                    && !entries
                        .iter()
                        .any(|(x, l)| l != "PER" && words(x).len() > 1 && acronym(x) == **n)
            })
            .collect();
        let spelled = if unexpanded.is_empty() {
            HashMap::new()
        } else {
            let mut runs = spelled_runs(&doc.text);
            unexpanded
                .into_iter()
                .filter_map(|n| runs.remove(n).map(|full| (n.clone(), full)))
                .collect()
        };
        let mut names = Names {
            entries,
            titled: titled_words(&doc.text),
            genders: RefCell::default(),
            spelled,
            suffixed: suffixed_names(&doc.text),
            royal: HashMap::new(),
        };
        // A title inside the entity or right before it (the tagger may leave it out). (Each
        // name once: an article may repeat one thousands of times.)
        let mut seen = std::collections::HashSet::new();
        for e in doc.entities.iter().filter(|e| e.label == "PER") {
            let text = doc.slice(e.span);
            let inside = text
                .split_whitespace()
                .next()
                .filter(|_| text.contains(' '));
            let before = doc.text[..e.span.start]
                .strip_suffix(' ')
                .and_then(|b| b.rsplit([' ', '\n', '(', '“', '"']).next());
            let Some(title) = inside
                .into_iter()
                .chain(before)
                .find(|w| is_capitalized(w) && name_title(&w.to_lowercase()).is_some())
            else {
                continue;
            };
            if !seen.insert((text, title)) {
                continue;
            }
            let name = names.longest(text, "PER");
            if !name.is_empty() && name_title(&name.to_lowercase()).is_none() {
                names.royal.entry(name).or_insert_with(|| title.to_string());
            }
        }
        names
    }

    /// The longest name of the article that this mention abbreviates; for an organisation,
    /// with the legal suffix the article gives it somewhere.
    pub(super) fn canonical(&self, mention: &str, label: &str) -> String {
        let name = self.longest(mention, label);
        match self.suffixed.get(&name) {
            Some(full) if label != "PER" => full.clone(),
            _ => match self.royal.get(&name) {
                Some(title) if label == "PER" => format!("{title} {name}"),
                _ => name,
            },
        }
    }

    fn longest(&self, mention: &str, label: &str) -> String {
        let m = clean(mention);
        let mw = words(&m);
        let Some(last) = mw.last() else { return m };
        let mut best = m.clone();
        let mut best_len = mw.len();
        for (n, l) in &self.entries {
            let nw = words(n);
            let fits = if label == "PER" {
                l == "PER" && nw.last() == Some(last) && mw.iter().all(|w| nw.contains(w))
            } else {
                l == label
                    && (mw.iter().all(|w| nw.contains(w))
                        || (mw.len() == 1 && m.len() >= 2 && acronym(n) == m))
            };
            if fits && nw.len() > best_len {
                best = n.clone();
                best_len = nw.len();
            }
        }
        if best_len > mw.len() || mw.len() != 1 {
            return best;
        }
        // A single word no longer name ends with: a first name (`Will` for Will Tjernlund) or
        // a surname written first (`Liu` for Liu Xiaming) that opens exactly one longer person
        // name; an acronym of a name the tagger labelled otherwise (`DEA`).
        let mut opened = self.entries.iter().filter(|(n, l)| {
            l == "PER" && label == "PER" && {
                let nw = words(n);
                nw.len() > 1 && nw[0] == *last
            }
        });
        if let (Some((n, _)), None) = (opened.next(), opened.next()) {
            return n.clone();
        }
        let initials = m.len() >= 2 && m.chars().all(|c| c.is_ascii_uppercase());
        self.entries
            .iter()
            .filter(|(n, l)| initials && l != "PER" && words(n).len() > 1 && acronym(n) == m)
            .max_by_key(|(n, _)| n.len())
            .map(|(n, _)| n.clone())
            .or_else(|| {
                (label != "PER")
                    .then(|| self.spelled.get(&m).cloned())
                    .flatten()
            })
            .unwrap_or(best)
    }

    /// Like `canonical`, but a mention whose last word is a person's surname in the article is
    /// that person, whatever the tagger called this mention (all-caps transcript labels).
    /// Whether a speaker resolved as `name` with `label` may be a `want`: its label, or one the
    /// tagger gave the same name elsewhere in the article (it may read `Big Machine` as a person
    /// in one sentence and a company in the next; `the company` and `it` still mean it).
    pub(super) fn may_be(&self, name: &str, label: &str, want: &str) -> bool {
        label == want || self.entries.iter().any(|(n, l)| l == want && n == name)
    }

    pub(super) fn canonical_typed(&self, mention: &str, label: &str) -> (String, String) {
        if label != "PER" {
            let last = words(&clean(mention)).last().cloned();
            let person = self
                .entries
                .iter()
                .any(|(n, l)| l == "PER" && words(n).len() > 1 && words(n).last() == last.as_ref());
            if person && words(&clean(mention)).len() == 1 {
                return (self.canonical(mention, "PER"), "PER".into());
            }
        } else if let Some(full) = self.suffixed.get(&clean(mention)) {
            // One word the tagger read as a surname that the article writes as a company
            // (`McClatchy said` after `McClatchy Co.`), unless a person has that surname.
            let person = self.entries.iter().any(|(n, l)| {
                l == "PER" && words(n).len() > 1 && words(n).last() == words(mention).last()
            });
            if words(mention).len() == 1 && !person {
                return (full.clone(), "ORG".into());
            }
        }
        (self.canonical(mention, label), label.to_string())
    }

    pub(super) fn gender(&self, doc: &Document, name: &str) -> Option<bool> {
        // true = female. From a first name, else from a title anywhere before a mention.
        let first = words(name).first().cloned()?;
        // (A royal or papal title says it: `Queen Elizabeth`, `Pope Francis`.)
        if let Some(female) = name_title(&first) {
            return Some(female);
        }
        if FEMALE_FIRST_NAMES.contains(&first.as_str()) {
            return Some(true);
        }
        if MALE_FIRST_NAMES.contains(&first.as_str()) {
            return Some(false);
        }
        let last = name.split_whitespace().last()?;
        if let Some(&g) = self.genders.borrow().get(last) {
            return g;
        }
        // The first place the surname follows a title.
        let g = self
            .titled
            .iter()
            .find(|&&(i, _)| doc.text[i..].starts_with(last))
            .map(|&(_, female)| female);
        self.genders.borrow_mut().insert(last.to_string(), g);
        g
    }
}

/// Each entity's alias (its text without titles or a possessive) and the canonical name that
/// resolution gives it (`Mr. Sato` → (`Sato`, `Kenji Sato`)), in entity order; `None` for an
/// entity that names nobody (a bare title, digits).
pub fn entity_names(doc: &Document) -> Vec<Option<(String, String)>> {
    let names = Names::new(doc);
    // One answer per distinct (text, label): an article repeats its names many times.
    let mut seen: HashMap<(&str, &str), Option<(String, String)>> = HashMap::new();
    doc.entities
        .iter()
        .map(|e| {
            let text = doc.slice(e.span);
            seen.entry((text, e.label.as_str()))
                .or_insert_with(|| {
                    let alias = clean(text);
                    let named = !alias.is_empty()
                        && alias.chars().any(char::is_alphabetic)
                        && !TITLES.contains(&alias.trim_end_matches('.').to_lowercase().as_str());
                    named.then(|| (alias, names.canonical_typed(text, &e.label).0))
                })
                .clone()
        })
        .collect()
}
