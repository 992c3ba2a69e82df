//! Speaker gender from the article's own words, never from a list of first names: the pronoun a
//! quote is attributed through (`she said`), gendered titles and nouns in front of a person's
//! name (`Mr. Sato`, `Congresswoman Ocasio-Cortez`, `his wife Jane`), in an apposition
//! (`Jessica Alvarez, a spokeswoman for ...`) or as the speaker mention (`the spokeswoman`), and,
//! as weaker evidence, reported speech that opens with a pronoun (`Trump said that he ...`).
//!
//! Evidence is gathered over the whole article for each canonical person and counted (each
//! place in the text once); the larger side wins, a tie or no evidence leaves the gender null.

use std::collections::HashMap;

use crate::document::text::{ceil_boundary, floor_boundary};
use crate::document::{Document, Gender, QuoteKind, Span};

/// Gendered nouns and titles, lower-cased, without a final period.
const FEMALE: &[&str] = &[
    "she",
    "mrs",
    "ms",
    "miss",
    "madam",
    "madame",
    "mme",
    "dame",
    "lady",
    "queen",
    "princess",
    "duchess",
    "countess",
    "baroness",
    "empress",
    "sister",
    "mother",
    "wife",
    "daughter",
    "granddaughter",
    "grandmother",
    "aunt",
    "niece",
    "widow",
    "girlfriend",
    "woman",
    "girl",
    "actress",
    "spokeswoman",
    "chairwoman",
    "congresswoman",
    "councilwoman",
    "assemblywoman",
    "businesswoman",
    "sportswoman",
    "policewoman",
    "stateswoman",
    "anchorwoman",
    "headmistress",
    "heiress",
    "nun",
];

const MALE: &[&str] = &[
    "he",
    "mr",
    "sir",
    "lord",
    "king",
    "prince",
    "duke",
    "baron",
    "emperor",
    "brother",
    "father",
    "husband",
    "son",
    "grandson",
    "grandfather",
    "uncle",
    "nephew",
    "widower",
    "boyfriend",
    "man",
    "boy",
    "spokesman",
    "chairman",
    "congressman",
    "councilman",
    "assemblyman",
    "businessman",
    "sportsman",
    "policeman",
    "statesman",
    "anchorman",
    "headmaster",
    "monk",
];

/// Words that open a clause about someone else inside a mention or apposition
/// (`Jane Doe, whose husband ...`): evidence stops there.
const CLAUSE: &[&str] = &["who", "whose", "whom", "which", "that", "and", "with"];

/// Weight of evidence that names the person (pronoun speaker, title, apposition).
const STRONG: u32 = 2;
/// Weight of a pronoun opening the person's reported speech.
const WEAK: u32 = 1;

/// The gender a word states, if any (`Mr.`, `spokeswoman`, `Woman’s`).
fn gender_of(word: &str) -> Option<Gender> {
    let w = word
        .trim_end_matches("’s")
        .trim_end_matches("'s")
        .trim_end_matches('.')
        .to_lowercase();
    if FEMALE.contains(&w.as_str()) {
        Some(Gender::Female)
    } else if MALE.contains(&w.as_str()) {
        Some(Gender::Male)
    } else {
        None
    }
}

/// The gender words of `span` (a mention or an apposition), up to a clause about someone else;
/// pronouns count only as the whole mention (`she`), never inside one (`her husband`).
fn stated_in(doc: &Document, span: Span) -> Vec<(usize, Gender)> {
    let toks = doc.tokens_in(span);
    let words = toks.iter().filter(|t| t.is_word()).count();
    let mut out = Vec::new();
    for t in toks.iter().filter(|t| t.is_word()) {
        let w = doc.slice(t.span);
        let lower = w.to_lowercase();
        if CLAUSE.contains(&lower.as_str()) {
            break;
        }
        if matches!(lower.as_str(), "he" | "she") && words > 1 {
            continue;
        }
        if let Some(g) = gender_of(w) {
            out.push((t.span.start, g));
        }
    }
    out
}

/// Title or noun right in front of a name, on the same line: `Mr. Sato`, `wife Jane Doe`.
fn title_before(doc: &Document, name: Span) -> Option<(usize, Gender)> {
    let from = floor_boundary(&doc.text, name.start.saturating_sub(40));
    let toks = doc.tokens_in(Span::new(from, name.start));
    let last = toks.last().filter(|t| t.is_word())?;
    let gap = &doc.text[last.span.end..name.start];
    if gap.contains(['\n', '\r']) {
        return None;
    }
    let w = doc.slice(last.span);
    if matches!(w.to_lowercase().as_str(), "he" | "she") {
        return None;
    }
    gender_of(w).map(|g| (last.span.start, g))
}

/// An apposition right after a name that describes it: `, a spokeswoman for X`, `, the victim's
/// mother,` (it must open with an article or a possessive, so a list `, his wife and ...` is not
/// one).
fn apposition_after(doc: &Document, name: Span) -> Vec<(usize, Gender)> {
    let to = ceil_boundary(&doc.text, name.end + 120);
    let toks = doc.tokens_in(Span::new(name.end, to));
    if toks.first().and_then(|t| t.punct()) != Some(',') {
        return Vec::new();
    }
    let Some(first) = toks.get(1).filter(|t| t.is_word()) else {
        return Vec::new();
    };
    let fw = doc.slice(first.span).to_lowercase();
    if !(matches!(fw.as_str(), "a" | "an" | "the") || fw.ends_with("'s") || fw.ends_with("’s")) {
        return Vec::new();
    }
    let end = toks[1..]
        .iter()
        .find(|t| matches!(t.punct(), Some(',' | '.' | ';' | ':' | '(' | ')')))
        .map_or(to, |t| t.span.start);
    stated_in(doc, Span::new(first.span.start, end))
}

/// Sets `gender` on every quote whose speaker is a person the article states the gender of;
/// `names` is [`crate::stages::speakers::entity_names`] of the document.
pub fn annotate(doc: &mut Document, names: &[Option<(String, String)>]) {
    // (canonical name) → evidence at distinct places: place → (gender, weight).
    let mut evidence: HashMap<String, HashMap<usize, (Gender, u32)>> = HashMap::new();
    let mut add = |name: &str, at: usize, g: Gender, w: u32| {
        let e = evidence.entry(name.to_string()).or_default();
        let slot = e.entry(at).or_insert((g, w));
        slot.1 = slot.1.max(w);
    };
    for (e, n) in doc.entities.iter().zip(names) {
        let Some((_, canonical)) = n else { continue };
        if e.label != "PER" {
            continue;
        }
        // The entity's own first word may be the title the tagger took in (`Mrs. Smith`).
        let own = doc
            .tokens_in(e.span)
            .iter()
            .find(|t| t.is_word())
            .and_then(|t| gender_of(doc.slice(t.span)).map(|g| (t.span.start, g)));
        for (at, g) in own
            .into_iter()
            .chain(title_before(doc, e.span))
            .chain(apposition_after(doc, e.span))
        {
            add(canonical, at, g, STRONG);
        }
    }
    for q in &doc.quotes {
        let (Some(name), Some(m)) = (q.speaker.name.as_deref(), q.speaker.mention) else {
            continue;
        };
        if q.speaker.label.as_deref() != Some("PER") {
            continue;
        }
        for (at, g) in stated_in(doc, m) {
            add(name, at, g, STRONG);
        }
        if q.kind != QuoteKind::Direct {
            let first = doc.tokens_in(q.span).iter().find(|t| t.is_word()).copied();
            if let Some(t) = first {
                match doc.slice(t.span).to_lowercase().as_str() {
                    "he" => add(name, t.span.start, Gender::Male, WEAK),
                    "she" => add(name, t.span.start, Gender::Female, WEAK),
                    _ => {}
                }
            }
        }
    }
    let decided: HashMap<String, Gender> = evidence
        .into_iter()
        .filter_map(|(name, places)| {
            let (mut f, mut m) = (0, 0);
            for (g, w) in places.into_values() {
                match g {
                    Gender::Female => f += w,
                    Gender::Male => m += w,
                }
            }
            let g = match f.cmp(&m) {
                std::cmp::Ordering::Greater => Gender::Female,
                std::cmp::Ordering::Less => Gender::Male,
                std::cmp::Ordering::Equal => return None,
            };
            Some((name, g))
        })
        .collect();
    for q in &mut doc.quotes {
        if q.speaker.label.as_deref() == Some("PER") {
            q.speaker.gender = q
                .speaker
                .name
                .as_ref()
                .and_then(|n| decided.get(n).copied());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_state_gender_with_titles_and_possessives() {
        assert_eq!(gender_of("Mr."), Some(Gender::Male));
        assert_eq!(gender_of("Spokeswoman"), Some(Gender::Female));
        assert_eq!(gender_of("mother’s"), Some(Gender::Female));
        assert_eq!(gender_of("Sen."), None);
        assert_eq!(gender_of("spokesperson"), None);
    }

    #[test]
    fn a_mention_states_its_head_not_a_clause_about_someone_else() {
        let mut doc = Document::new("d", "Jane Doe, whose husband spoke");
        let all = Span::new(0, doc.text.len());
        assert!(stated_in(&doc, all).is_empty());
        doc.text = "her husband".into();
        let all = Span::new(0, doc.text.len());
        assert_eq!(stated_in(&doc, all), vec![(4, Gender::Male)]);
        doc.text = "she".into();
        assert_eq!(stated_in(&doc, Span::new(0, 3)), vec![(0, Gender::Female)]);
    }

    #[test]
    fn appositions_need_an_article_or_a_possessive() {
        let doc = Document::new("d", "Jessica Alvarez, a spokeswoman for Northwind, said");
        let name = Span::new(0, 15);
        assert_eq!(apposition_after(&doc, name), vec![(19, Gender::Female)]);
        let doc = Document::new("d", "John Smith, his wife and two sons");
        assert!(apposition_after(&doc, Span::new(0, 10)).is_empty());
    }
}
