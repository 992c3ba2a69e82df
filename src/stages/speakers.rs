//! Speakers: each quote's mention resolved to a named entity with a canonical name.
//!
//! A mention that contains an entity takes it (a person before an organisation: in `Kremlin
//! spokesperson Dmitry Peskov` the speaker is Peskov). Pronouns go to the most recent
//! gender-compatible person who spoke or opened a sentence; `who`/`which` to the entity just
//! before them; nominals (`the spokeswoman`, `the company`, `the report`) to the person described
//! with that noun or the latest organisation. Names are merged under the longest form in the
//! article (`Leavitt`, `Ms. Leavitt` → `Karoline Leavitt`; `FT` → `Financial Times`).

use std::cell::RefCell;
use std::collections::HashMap;

use crate::document::text::{ceil_boundary, floor_boundary, is_capitalized, MONTHS, WEEKDAYS};
use crate::document::{Document, Entity, Span, SpanIndex};

const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "professor",
    "president",
    "sen",
    "senator",
    "rep",
    "representative",
    "gov",
    "governor",
    "gen",
    "general",
    "judge",
    "mayor",
    "sir",
    "dame",
    "lord",
    "lady",
    "minister",
    "secretary",
    "chancellor",
    "premier",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "rev",
    "reverend",
    "father",
    "sister",
    "brother",
    "col",
    "colonel",
    "lt",
    "capt",
    "captain",
    "sgt",
    "officer",
    "chief",
    "coach",
    "justice",
    "ambassador",
    "commissioner",
    "councilman",
    "councilwoman",
    "councillor",
    "councilor",
    "councilmember",
    "alderman",
    "assemblyman",
    "assemblywoman",
    "congressman",
    "congresswoman",
    "chairman",
    "chairwoman",
    "sheriff",
    "detective",
    "inspector",
    "lieutenant",
    "sergeant",
    "admiral",
    "bishop",
    "archbishop",
    "cardinal",
    "rabbi",
    "imam",
];

const PERSON_NOUNS: &[&str] = &[
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "official",
    "president",
    "secretary",
    "minister",
    "senator",
    "governor",
    "candidate",
    "nominee",
    "aide",
    "lawyer",
    "attorney",
    "director",
    "chairman",
    "chairwoman",
    "chair",
    "ceo",
    "executive",
    "founder",
    "leader",
    "mayor",
    "adviser",
    "advisor",
    "analyst",
    "economist",
    "professor",
    "researcher",
    "scientist",
    "expert",
    "congressman",
    "congresswoman",
    "lawmaker",
    "representative",
    "judge",
    "prosecutor",
    "ambassador",
    "diplomat",
    "commissioner",
    "manager",
    "coach",
    "chief",
    "officer",
    "author",
    "writer",
    "reporter",
    "activist",
    "organizer",
    "pastor",
    "priest",
    "doctor",
    "physician",
    "man",
    "woman",
    "businessman",
    "businesswoman",
    "billionaire",
    "actor",
    "actress",
    "star",
    "strategist",
    "pollster",
    "consultant",
    "veteran",
    "witness",
    "resident",
    "owner",
    "mother",
    "father",
    "son",
    "daughter",
    "wife",
    "husband",
    "premier",
    "chancellor",
    "king",
    "queen",
];

/// Nouns that refer back to the organisation last named (`the company`, `the report`).
const ORG_NOUNS: &[&str] = &[
    "company",
    "group",
    "campaign",
    "agency",
    "authority",
    "government",
    "administration",
    "newspaper",
    "paper",
    "report",
    "poll",
    "study",
    "survey",
    "article",
    "story",
    "magazine",
    "network",
    "firm",
    "bank",
    "party",
    "organization",
    "organisation",
    "union",
    "team",
    "club",
    "website",
    "outlet",
    "publication",
    "statement",
    "channel",
    "broadcaster",
    "daily",
    "foundation",
    "center",
    "centre",
    "association",
    "coalition",
    "alliance",
    "federation",
    "institute",
    "university",
    "airline",
    "carrier",
    "manufacturer",
    "maker",
    "retailer",
    "insurer",
];

/// Nouns that name a kind of institution (`the ministry`, `the regulator`): they refer only to
/// an organisation whose name contains the noun, never to whichever organisation came last.
const INSTITUTION_NOUNS: &[&str] = &[
    "ministry",
    "department",
    "committee",
    "council",
    "court",
    "office",
    "board",
    "commission",
    "police",
    "army",
    "military",
    "embassy",
    "regulator",
    "parliament",
    "senate",
    "congress",
    "navy",
    "cabinet",
    "tribunal",
    "bureau",
    "secretariat",
    "kremlin",
    "pentagon",
];

const FEMALE: &[&str] = &[
    "mary",
    "patricia",
    "jennifer",
    "linda",
    "elizabeth",
    "barbara",
    "susan",
    "jessica",
    "sarah",
    "karen",
    "nancy",
    "lisa",
    "betty",
    "margaret",
    "sandra",
    "ashley",
    "kimberly",
    "emily",
    "donna",
    "michelle",
    "dorothy",
    "carol",
    "amanda",
    "melissa",
    "deborah",
    "stephanie",
    "rebecca",
    "laura",
    "sharon",
    "cynthia",
    "kathleen",
    "amy",
    "shirley",
    "angela",
    "helen",
    "anna",
    "brenda",
    "pamela",
    "nicole",
    "emma",
    "samantha",
    "katherine",
    "christine",
    "debra",
    "rachel",
    "catherine",
    "carolyn",
    "janet",
    "ruth",
    "maria",
    "heather",
    "diane",
    "virginia",
    "julie",
    "joyce",
    "victoria",
    "olivia",
    "kelly",
    "christina",
    "lauren",
    "joan",
    "evelyn",
    "judith",
    "megan",
    "cheryl",
    "andrea",
    "hannah",
    "martha",
    "jacqueline",
    "frances",
    "gloria",
    "ann",
    "teresa",
    "kathryn",
    "sara",
    "janice",
    "jean",
    "alice",
    "madison",
    "doris",
    "abigail",
    "julia",
    "judy",
    "grace",
    "denise",
    "amber",
    "marilyn",
    "beverly",
    "danielle",
    "theresa",
    "sophia",
    "marie",
    "diana",
    "brittany",
    "natalie",
    "isabella",
    "charlotte",
    "rose",
    "alexis",
    "kayla",
    "hillary",
    "karoline",
    "nikki",
    "kamala",
    "elena",
    "sonia",
    "angela",
    "theresa",
    "ursula",
    "christine",
    "marine",
    "giorgia",
    "ava",
    "mia",
    "chloe",
    "ella",
    "sofia",
    "yuki",
    "aiko",
    "fatima",
    "aisha",
    "priya",
    "ana",
    "lucia",
    "ingrid",
    "astrid",
    "greta",
    "nadia",
    "olga",
    "irina",
    "svetlana",
    "ayşe",
    "zeynep",
    "mei",
    "ling",
    "nora",
    "claire",
    "louise",
    "camille",
    "chantal",
    "agnès",
    "amélie",
    "élise",
    "inès",
    "chiara",
    "francesca",
    "giulia",
    "carmen",
    "pilar",
    "lourdes",
    "condoleezza",
    "madeleine",
    "nancy",
    "elise",
    "kirsten",
    "tulsi",
    "kellyanne",
    "melania",
    "ivanka",
    "michelle",
    "huma",
    "loretta",
    "debbie",
    "dianne",
    "lindsey",
    "marsha",
    "susan",
];

const MALE: &[&str] = &[
    "james",
    "robert",
    "john",
    "michael",
    "william",
    "david",
    "richard",
    "joseph",
    "thomas",
    "charles",
    "christopher",
    "daniel",
    "matthew",
    "anthony",
    "mark",
    "donald",
    "steven",
    "paul",
    "andrew",
    "joshua",
    "kenneth",
    "kevin",
    "brian",
    "george",
    "timothy",
    "ronald",
    "edward",
    "jason",
    "jeffrey",
    "ryan",
    "jacob",
    "gary",
    "nicholas",
    "eric",
    "jonathan",
    "stephen",
    "larry",
    "justin",
    "scott",
    "brandon",
    "benjamin",
    "samuel",
    "gregory",
    "alexander",
    "frank",
    "patrick",
    "raymond",
    "jack",
    "dennis",
    "jerry",
    "tyler",
    "aaron",
    "jose",
    "adam",
    "nathan",
    "henry",
    "douglas",
    "zachary",
    "peter",
    "kyle",
    "ethan",
    "walter",
    "noah",
    "jeremy",
    "christian",
    "keith",
    "roger",
    "terry",
    "gerald",
    "harold",
    "sean",
    "austin",
    "carl",
    "arthur",
    "lawrence",
    "dylan",
    "jesse",
    "jordan",
    "bryan",
    "billy",
    "joe",
    "bruce",
    "gabriel",
    "logan",
    "albert",
    "willie",
    "alan",
    "juan",
    "wayne",
    "elijah",
    "randy",
    "roy",
    "vincent",
    "ralph",
    "eugene",
    "russell",
    "bobby",
    "mason",
    "philip",
    "louis",
    "barack",
    "bernie",
    "ted",
    "marco",
    "mike",
    "mitt",
    "jeb",
    "chris",
    "rand",
    "ben",
    "bill",
    "vladimir",
    "dmitry",
    "sergey",
    "sergei",
    "volodymyr",
    "emmanuel",
    "boris",
    "xi",
    "narendra",
    "recep",
    "benjamin",
    "olaf",
    "friedrich",
    "keir",
    "rishi",
    "justin",
    "mohammed",
    "muhammad",
    "ahmed",
    "ali",
    "omar",
    "hassan",
    "ivan",
    "igor",
    "alexei",
    "mikhail",
    "nikolai",
    "yuri",
    "kenji",
    "hiroshi",
    "takeshi",
    "wei",
    "jin",
    "hans",
    "jürgen",
    "klaus",
    "françois",
    "jean",
    "pierre",
    "jacques",
    "luigi",
    "giuseppe",
    "carlos",
    "luis",
    "miguel",
    "pedro",
    "javier",
    "jorge",
    "andrés",
    "josé",
    "reince",
    "mitch",
    "newt",
    "rudy",
    "rex",
    "jared",
    "steve",
    "sean",
    "lindsey",
    "tim",
    "jim",
    "tom",
    "dan",
    "bob",
];

const PRONOUNS_PERSON: &[&str] = &["he", "she"];

/// A resolved speaker.
#[derive(Debug, Clone)]
struct Resolved {
    name: String,
    label: String,
    at: usize,
    paragraph: usize,
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '.' | '\'' | '’')))
        .map(|w| w.trim_matches('.').to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

/// An entity's text without leading titles and a trailing possessive.
fn clean(text: &str) -> String {
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

fn acronym(name: &str) -> String {
    name.split_whitespace()
        .filter(|w| is_capitalized(w))
        .filter_map(|w| w.chars().next())
        .collect()
}

/// Names of the article by type, for alias merging.
struct Names {
    entries: Vec<(String, String)>, // (clean name, label)
    /// Where a word follows a courtesy title (`Mr. Smith`): (its byte offset, female), in order.
    titled: Vec<(usize, bool)>,
    /// Gender of each name asked about so far: each answer costs a pass over `titled`.
    genders: RefCell<HashMap<String, Option<bool>>>,
}

/// Every word that follows a courtesy title, as (byte offset, female), in text order.
fn titled_words(text: &str) -> Vec<(usize, bool)> {
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
    fn new(doc: &Document) -> Self {
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
        Names {
            entries,
            titled: titled_words(&doc.text),
            genders: RefCell::default(),
        }
    }

    /// The longest name of the article that this mention abbreviates.
    fn canonical(&self, mention: &str, label: &str) -> String {
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
        best
    }

    /// Like `canonical`, but a mention whose last word is a person's surname in the article is
    /// that person, whatever the tagger called this mention (all-caps transcript labels).
    fn canonical_typed(&self, mention: &str, label: &str) -> (String, String) {
        if label != "PER" {
            let last = words(&clean(mention)).last().cloned();
            let person = self
                .entries
                .iter()
                .any(|(n, l)| l == "PER" && words(n).len() > 1 && words(n).last() == last.as_ref());
            if person && words(&clean(mention)).len() == 1 {
                return (self.canonical(mention, "PER"), "PER".into());
            }
        }
        (self.canonical(mention, label), label.to_string())
    }

    fn gender(&self, doc: &Document, name: &str) -> Option<bool> {
        // true = female. From a first name, else from a title anywhere before a mention.
        let first = words(name).first().cloned()?;
        if FEMALE.contains(&first.as_str()) {
            return Some(true);
        }
        if MALE.contains(&first.as_str()) {
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

/// Prepositions that end the head of a common-noun mention (`a narrator in the Clinton ad`).
const HEAD_ENDS: &[&str] = &["in", "at", "on", "with", "from", "for", "of", "by"];

/// Nouns for a record of someone's words: the name in their prepositional phrase speaks.
const RECORD_NOUNS: &[&str] = &[
    "footage",
    "video",
    "clip",
    "recording",
    "statement",
    "letter",
    "tweet",
    "tweets",
    "post",
    "email",
    "emails",
    "memo",
    "speech",
    "remarks",
    "interview",
    "transcript",
    "message",
];

/// Whether byte `at` of a mention lies in the prepositional phrase of a common-noun head (`a
/// narrator in the Clinton ad`, `the spokeswoman for Clinton`): the name there is not who
/// speaks. An apposition after a comma names the head again (`the chairman of Ford, Bill Ford`).
fn in_modifier(mention: &str, at: usize) -> bool {
    if !mention.starts_with(|c: char| c.is_lowercase()) {
        return false;
    }
    let mut pos = 0;
    let mut inside = false;
    let mut head = "";
    for w in mention.split_inclusive(' ') {
        if pos >= at {
            break;
        }
        let word = w.trim_end();
        // (`footage of Trump`, `a statement from Clinton`: a record of the name's words.)
        if HEAD_ENDS.contains(&word) && !RECORD_NOUNS.contains(&head) {
            inside = true;
        }
        head = word;
        if word.ends_with(',') {
            inside = false;
        }
        pos += w.len();
    }
    inside
}

fn pick_entity<'a>(doc: &Document, ents: &[&'a Entity]) -> Option<&'a Entity> {
    // A bare title (`Mr.`) tagged on its own names nobody.
    let named: Vec<&Entity> = ents
        .iter()
        .copied()
        .filter(|e| {
            let t = doc.slice(e.span).trim_end_matches('.').to_lowercase();
            !TITLES.contains(&t.as_str())
        })
        .collect();
    named
        .iter()
        .find(|e| e.label == "PER")
        .or_else(|| named.iter().find(|e| e.label == "ORG"))
        .or_else(|| named.iter().find(|e| e.label != "MISC"))
        .copied()
}

/// Fills `name` and `label` of every quote's speaker.
pub fn resolve(doc: &mut Document) {
    // Every lookup below is a binary search or a walk back that stops at the first distant
    // candidate, so an article costs in proportion to its length however many quotes it has.
    // The entity stage leaves them sorted (the walks back below rely on it).
    debug_assert!(doc.entities.is_sorted_by_key(|e| e.span));
    let names = Names::new(doc);
    let entity_index = SpanIndex::new(doc.entities.iter().map(|e| e.span));
    let lower_text = doc.text.to_ascii_lowercase();
    let para_of = |pos: usize, doc: &Document| doc.paragraph_at(pos).unwrap_or(0);
    let sentence_start = |pos: usize, doc: &Document| {
        doc.sentence_at(pos)
            .map_or(0, |i| doc.sentences[i].span.start)
    };
    let mut history: Vec<Resolved> = Vec::new();
    let mut order: Vec<usize> = (0..doc.quotes.len()).collect();
    order.sort_by_key(|&i| {
        doc.quotes[i]
            .speaker
            .mention
            .map_or(doc.quotes[i].span.start, |m| m.start)
    });
    for qi in order {
        let Some(m) = doc.quotes[qi].speaker.mention else {
            continue;
        };
        let mtext = doc.slice(m).to_string();
        let lower = mtext.to_lowercase();
        let here = para_of(m.start, doc);
        let inside: Vec<&Entity> = entity_index
            .meeting(m)
            .into_iter()
            .map(|i| &doc.entities[i])
            .filter(|e| {
                m.overlaps(e.span) && !in_modifier(&mtext, e.span.start.saturating_sub(m.start))
            })
            .collect();
        // Entities that start before the mention, nearest first.
        let before = doc.entities[..doc.entities.partition_point(|e| e.span.start < m.start)]
            .iter()
            .rev();
        let result: Option<(String, String)> = if let Some(e) = pick_entity(doc, &inside) {
            Some(names.canonical_typed(doc.slice(e.span), &e.label))
        } else if PRONOUNS_PERSON.contains(&lower.as_str()) {
            let female = lower == "she";
            let compatible = |name: &str| names.gender(doc, name).is_none_or(|g| g == female);
            // History is in text order, so paragraphs only fall walking back.
            let last_speaker = history
                .iter()
                .rev()
                .take_while(|r| here - r.paragraph.min(here) <= 2)
                .find(|r| r.label == "PER" && r.at < m.start && compatible(&r.name));
            let subject = before
                .clone()
                .take_while(|e| here - para_of(e.span.start, doc).min(here) <= 2)
                .filter(|e| e.label == "PER" && e.span.end <= m.start)
                .filter(|e| {
                    let s = sentence_start(e.span.start, doc);
                    // Sentence-initial person mentions, also after an opening adverbial (`In a
                    // statement Tuesday, presidential nominee Hillary Clinton was`): subjects
                    // that pronouns prefer.
                    let lead = &doc.text[s..e.span.start];
                    lead.split_whitespace().count() <= 4
                        || lead
                            .split_once(',')
                            .is_some_and(|(_, after)| after.split_whitespace().count() <= 3)
                        || doc.sentence_at(e.span.start) == doc.sentence_at(m.start)
                })
                .map(|e| (e.span.start, names.canonical(doc.slice(e.span), "PER")))
                .find(|(_, n)| compatible(n));
            match (last_speaker, subject) {
                (Some(r), Some((at, n))) => Some(if at > r.at {
                    (n, "PER".into())
                } else {
                    (r.name.clone(), "PER".into())
                }),
                (Some(r), None) => Some((r.name.clone(), "PER".into())),
                (None, Some((_, n))) => Some((n, "PER".into())),
                (None, None) => None,
            }
        } else if matches!(lower.as_str(), "who" | "which" | "that") {
            // The gap only grows walking back (entities do not overlap).
            before
                .filter(|e| e.span.end <= m.start)
                .take_while(|e| {
                    doc.text[e.span.end..m.start]
                        .trim_matches(|c: char| c.is_whitespace() || c == ',')
                        .len()
                        <= 3
                })
                .find(|e| e.label != "MISC")
                .map(|e| {
                    (
                        names.canonical(doc.slice(e.span), &e.label),
                        e.label.clone(),
                    )
                })
        } else if matches!(lower.as_str(), "they" | "it") {
            history
                .iter()
                .rev()
                .take_while(|r| here - r.paragraph.min(here) <= 1)
                .find(|r| r.label == "ORG" && r.at < m.start)
                .map(|r| (r.name.clone(), r.label.clone()))
        } else {
            nominal(doc, &names, &entity_index, &lower_text, m, &lower)
        };
        // A name without a letter or digit (`-` left of `Mayor -` once the title goes) names
        // nobody, whatever tagged it.
        let result = result.filter(|(name, _)| name.chars().any(char::is_alphanumeric));
        if let Some((name, label)) = result {
            history.push(Resolved {
                name: name.clone(),
                label: label.clone(),
                at: m.start,
                paragraph: here,
            });
            let sp = &mut doc.quotes[qi].speaker;
            sp.name = Some(name);
            sp.label = Some(label);
        }
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

/// `the spokeswoman` → the person described as one; `the company`, `the report` → the latest
/// organisation; an untagged capitalised name → its longest form in the article.
fn nominal(
    doc: &Document,
    names: &Names,
    entity_index: &SpanIndex,
    lower_text: &str,
    m: Span,
    lower: &str,
) -> Option<(String, String)> {
    let toks = doc.tokens_in(m);
    let ws: Vec<&str> = toks
        .iter()
        .filter(|t| t.is_word())
        .map(|t| doc.slice(t.span))
        .collect();
    // The head of `a narrator in the Clinton ad` is `narrator`; a name after the preposition
    // is not the speaker (see `in_modifier`).
    let record = ws.first().is_some_and(|w| RECORD_NOUNS.contains(w))
        || ws.get(1).is_some_and(|w| RECORD_NOUNS.contains(w));
    let ws: Vec<&str> = if lower.starts_with(|c: char| c.is_lowercase()) && !record {
        ws.into_iter()
            .take_while(|w| !HEAD_ENDS.contains(w))
            .collect()
    } else {
        ws
    };
    let head = ws.last()?.to_lowercase();
    let definite = ["the ", "a ", "an ", "this ", "that "]
        .iter()
        .any(|d| lower.starts_with(d));
    if PERSON_NOUNS.contains(&head.as_str()) && definite {
        // The latest person mentioned within a few words of the same noun, before the mention:
        // the last occurrence of the noun that has one (searched backwards).
        return lower_text[..m.start]
            .rmatch_indices(head.as_str())
            .find_map(|(i, _)| {
                let window = Span::new(i.saturating_sub(80), (i + head.len() + 80).min(m.start));
                entity_index
                    .meeting(window)
                    .into_iter()
                    .map(|k| &doc.entities[k])
                    .filter(|e| e.label == "PER" && window.contains(e.span))
                    .min_by_key(|e| e.span.start.abs_diff(i))
            })
            .map(|e| (names.canonical(doc.slice(e.span), "PER"), "PER".to_string()));
    }
    if INSTITUTION_NOUNS.contains(&head.as_str()) && definite {
        return doc
            .entities
            .iter()
            .rev()
            .filter(|e| e.label == "ORG" && e.span.end <= m.start)
            .find(|e| words(doc.slice(e.span)).contains(&head))
            .map(|e| (names.canonical(doc.slice(e.span), "ORG"), "ORG".to_string()));
    }
    if ORG_NOUNS.contains(&head.as_str()) && definite {
        // `the ministry` → the latest organisation named with that word, else the latest one.
        let before = || {
            doc.entities
                .iter()
                .rev()
                .filter(|e| e.label == "ORG" && e.span.end <= m.start)
        };
        return before()
            .find(|e| words(doc.slice(e.span)).contains(&head))
            .or_else(|| before().next())
            .map(|e| (names.canonical(doc.slice(e.span), "ORG"), "ORG".to_string()));
    }
    // A capitalised name the tagger missed: take it only if the article tags it elsewhere.
    let caps: Vec<&str> = ws.iter().copied().filter(|w| is_capitalized(w)).collect();
    let last = clean(caps.last()?);
    names
        .entries
        .iter()
        .filter(|(n, _)| words(n).last() == words(&last).last())
        .max_by_key(|(n, _)| n.len())
        .map(|(n, l)| (n.clone(), l.clone()))
}

/// Capitalised words that open sentences without naming anyone.
const STARTERS: &[&str] = &[
    "the",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "but",
    "and",
    "or",
    "in",
    "on",
    "at",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "his",
    "her",
    "their",
    "its",
    "our",
    "there",
    "if",
    "when",
    "while",
    "as",
    "after",
    "before",
    "for",
    "some",
    "many",
    "most",
    "according",
    "yet",
    "so",
    "still",
    "meanwhile",
    "however",
    "also",
    "last",
    "next",
    "then",
    "now",
    "today",
    "with",
    "by",
    "from",
    "to",
    "of",
    "despite",
    "since",
    "although",
    "though",
    "because",
    "what",
    "who",
    "why",
    "how",
    "where",
    "mr",
    "mrs",
    "ms",
    "dr",
];

/// Bytes of context kept on each side of what resolution reads in a sentence.
const MENTION_CONTEXT: usize = 80;

/// The text regions whose entities speaker resolution reads, at most one per sentence (`None`:
/// skip the sentence), each a few words around what resolution looks at: a speaker mention;
/// before a pronoun or nominal mention, a name opening its sentence or one of the two before it
/// (an antecedent in subject position); a word of a named mention next to another capitalised word
/// (a longer form of the name, for aliases). Tagging only these saves most of the encoder time:
/// repeated bare surnames, quoted speech and sentences without names are skipped.
pub fn regions_to_tag(doc: &Document) -> Vec<Option<Span>> {
    let mut regions: Vec<Option<Span>> = vec![None; doc.sentences.len()];
    let around = |k: usize, m: Span| mention_window(doc, doc.sentences[k].span, m);
    // Each sentence's words, tokenised once: the antecedent check may visit a sentence for
    // several pronouns, and the alias pass reads every sentence.
    let words: Vec<Vec<(Span, &str)>> = doc
        .sentences
        .iter()
        .map(|s| {
            doc.tokens_in(s.span)
                .iter()
                .filter(|t| t.is_word())
                .map(|t| (t.span, doc.slice(t.span)))
                .collect()
        })
        .collect();
    let name_like = |w: &str| {
        let l = w.trim_end_matches('.').to_lowercase();
        is_capitalized(w)
            && w.chars().count() > 1
            && ![STARTERS, WEEKDAYS, MONTHS]
                .iter()
                .any(|list| list.contains(&l.as_str()))
    };
    let mut names: Vec<String> = Vec::new();
    for q in &doc.quotes {
        let Some(m) = q.speaker.mention else { continue };
        let Some(si) = doc.sentence_at(m.start) else {
            continue;
        };
        widen(&mut regions[si], around(si, m));
        let text = doc.slice(m);
        let capitalised: Vec<&str> = text
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .filter(|w| is_capitalized(w) && w.chars().count() > 1)
            .filter(|w| !TITLES.contains(&w.to_lowercase().as_str()))
            .collect();
        let lower = text.to_lowercase();
        if capitalised.is_empty()
            || PRONOUNS_PERSON.contains(&lower.as_str())
            || ["they", "it", "who", "which", "that"].contains(&lower.as_str())
        {
            // (Its own sentence too: `Sen. Claire McCaskill scolded him: “...,” she said.`)
            let from = si.saturating_sub(2);
            for k in from..=si {
                // The first words, or the first words after an opening adverbial's comma.
                let sentence = doc.sentences[k].span;
                let comma = doc.text[sentence.start..sentence.end]
                    .find(',')
                    .map(|i| sentence.start + i);
                let after_comma =
                    comma.map_or(0, |c| words[k].partition_point(|(w, _)| w.start < c));
                let opening = words[k].iter().take(5);
                let after = words[k].iter().skip(after_comma).take(4);
                if let Some(&(span, _)) = opening
                    .chain(after)
                    .find(|(w, t)| name_like(t) && w.end <= m.start)
                {
                    widen(&mut regions[k], around(k, span));
                }
            }
        }
        names.extend(capitalised.iter().map(|w| w.to_lowercase()));
    }
    names.sort_unstable();
    names.dedup();
    for (k, ws) in words.iter().enumerate() {
        for (i, &(span, w)) in ws.iter().enumerate() {
            let alias = names.contains(&w.to_lowercase())
                && (i > 0 && name_like(ws[i - 1].1)
                    || ws.get(i + 1).is_some_and(|n| name_like(n.1)));
            if alias {
                widen(&mut regions[k], around(k, span));
            }
        }
    }
    regions
}

/// Grows `region` to cover `add` as well.
fn widen(region: &mut Option<Span>, add: Span) {
    *region = Some(match *region {
        Some(r) => Span::new(r.start.min(add.start), r.end.max(add.end)),
        None => add,
    });
}

/// The mention with up to [`MENTION_CONTEXT`] bytes either side, cut at whitespace inside the
/// sentence so no word is split.
fn mention_window(doc: &Document, sentence: Span, m: Span) -> Span {
    let text = &doc.text;
    // A mention the sentence splitter cut through still lies whole inside its window.
    let sentence = Span::new(sentence.start.min(m.start), sentence.end.max(m.end));
    // Sentence edges are char boundaries, so rounding never leaves the sentence.
    let mut start = floor_boundary(
        text,
        m.start.saturating_sub(MENTION_CONTEXT).max(sentence.start),
    );
    if start > sentence.start {
        // Move forward to the start of the next word.
        start = text[start..m.start]
            .find(char::is_whitespace)
            .map_or(m.start, |i| start + i);
    }
    let mut end = ceil_boundary(text, (m.end + MENTION_CONTEXT).min(sentence.end));
    if end < sentence.end {
        end = text[m.end..end]
            .rfind(char::is_whitespace)
            .map_or(m.end, |i| m.end + i);
    }
    let trimmed = text[start..end].trim();
    let lead = text[start..end].len() - text[start..end].trim_start().len();
    Span::new(start + lead, start + lead + trimmed.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pronoun_far_into_its_sentence_reads_the_name_that_opens_it() {
        let quote = "the scientific community is almost monolithic against you in terms of the \
                     efficacy of the three products you called miracles";
        let text = format!("Sen. Claire McCaskill scolded him: “{quote},” she said.");
        let mut d = Document::new("t", &text);
        crate::stages::rule_stages(&mut d);
        let regions = regions_to_tag(&d);
        let at = text.find("McCaskill").unwrap();
        assert!(
            regions[0].is_some_and(|r| r.start <= at && at < r.end),
            "{regions:?}"
        );
    }

    #[test]
    fn mention_windows_keep_whole_words_inside_the_sentence() {
        let long = "word ".repeat(40);
        let text = format!("{long}— “Ça”, Müller said in Zürich {long}end.");
        let d = Document::new("t", &text);
        let sentence = Span::new(0, text.len());
        let at = text.find("Müller").unwrap();
        let m = Span::new(at, at + "Müller".len());
        let w = mention_window(&d, sentence, m);
        let got = d.slice(w);
        assert!(got.contains("Müller said in Zürich"), "{got}");
        assert!(w.end - w.start <= m.end - m.start + 2 * MENTION_CONTEXT);
        assert!(got.starts_with("word") && got.ends_with("word"), "{got}");
        // A mention running past the sentence's end.
        let w = mention_window(&d, Span::new(0, 10), Span::new(at, at + "Müller".len()));
        assert!(d.slice(w).contains("Müller"));
        // A short sentence is kept whole.
        let d = Document::new("t", "Müller said so.");
        let w = mention_window(&d, Span::new(0, d.text.len()), Span::new(0, "Müller".len()));
        assert_eq!(d.slice(w), "Müller said so.");
    }

    #[test]
    fn clean_strips_titles_and_possessives() {
        assert_eq!(clean("Mr. Sato’s"), "Sato");
        assert_eq!(clean("President Donald Trump"), "Donald Trump");
        assert_eq!(acronym("Financial Times"), "FT");
    }

    #[test]
    fn a_name_in_a_common_nouns_prepositional_phrase_is_not_the_speaker() {
        let at = |m: &str, name: &str| in_modifier(m, m.find(name).unwrap());
        assert!(at("a narrator in the Clinton ad", "Clinton"));
        assert!(at("the spokeswoman for Clinton", "Clinton"));
        assert!(!at("the chairman of Ford, Bill Ford", "Bill"));
        assert!(!at("footage of Trump", "Trump"));
        assert!(!at("Secretary of State John Kerry", "John"));
    }
}
