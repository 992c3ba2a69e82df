//! Resolution proper: each quote's mention to an entity, a pronoun's antecedent, a nominal's
//! referent, in text order with a history of recent speakers.

use crate::document::text::{floor_boundary, is_capitalized, MONTHS, WEEKDAYS};
use crate::document::{Document, Entity, QuoteKind, Span, SpanIndex};

use super::lexicon::*;
use super::names::{name_ending, Names};
use super::nominal::{nominal, Lookups, ROLE_BYTES_BACK};

/// The spans of an article's direct quotes, to ask whether a name lies in quoted speech.
pub(super) struct Quoted {
    spans: Vec<Span>,
    index: SpanIndex,
}

impl Quoted {
    pub(super) fn new(doc: &Document) -> Self {
        let spans: Vec<Span> = doc
            .quotes
            .iter()
            .filter(|q| q.kind == QuoteKind::Direct)
            .map(|q| q.span)
            .collect();
        let index = SpanIndex::new(spans.iter().copied());
        Quoted { spans, index }
    }

    /// Whether `span` lies inside a direct quote.
    pub(super) fn holds(&self, span: Span) -> bool {
        self.index
            .meeting(span)
            .into_iter()
            .any(|k| self.spans[k].contains(span))
    }
}

/// A resolved speaker.
#[derive(Debug, Clone)]
pub(super) struct Resolved {
    name: String,
    label: String,
    at: usize,
    paragraph: usize,
}

/// Whether byte `at` of a mention lies in the prepositional phrase of a common-noun head (`a
/// narrator in the Clinton ad`, `the spokeswoman for Clinton`): the name there is not who
/// speaks. An apposition after a comma names the head again (`the chairman of Ford, Bill Ford`).
pub(super) fn in_modifier(mention: &str, at: usize) -> bool {
    // (A sentence may open with the determiner: `A spokesperson for the Foreign Office`; or
    // with a possessor: `China’s envoy to the United Nations`.)
    let determiner = ["A ", "An ", "The "].iter().any(|d| mention.starts_with(d));
    let mut words = mention.split_whitespace();
    let possessor = words
        .next()
        .is_some_and(|w| w.ends_with("’s") || w.ends_with("'s"))
        && words
            .next()
            .is_some_and(|w| w.starts_with(|c: char| c.is_lowercase()));
    if !mention.starts_with(|c: char| c.is_lowercase()) && !determiner && !possessor {
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

/// The head noun of a mention: its last word before a prepositional phrase (`spokesman` in
/// `a spokesman for the embassy`), possessive and punctuation trimmed.
fn head_word(mention: &str) -> Option<&str> {
    // (Before an apposition: `Nisan Ahmado's source inside the camp, a Syrian refugee who ...`.)
    let np = mention.split(',').next().unwrap_or(mention);
    np.split_whitespace()
        .take_while(|w| !HEAD_ENDS.contains(w))
        .last()
        .map(|w| {
            w.trim_end_matches(|c: char| !c.is_alphanumeric())
                .trim_end_matches("’s")
                .trim_end_matches("'s")
        })
}

/// `the US military`, `Russia’s foreign ministry`, `the French foreign ministry`: an
/// institution named by its country (no person or organisation inside) speaks under that
/// phrase, not as the country.
fn institution(mention: &str, inside: &[&Entity]) -> Option<(String, String)> {
    let head = head_word(mention)?;
    let institution =
        INSTITUTION_NOUNS.contains(&head) || matches!(head, "government" | "administration");
    if !institution
        || inside
            .iter()
            .any(|e| matches!(e.label.as_str(), "PER" | "ORG"))
    {
        return None;
    }
    let words: Vec<&str> = mention
        .split_whitespace()
        .take_while(|w| !HEAD_ENDS.contains(w))
        .collect();
    let body = match words.first().map(|w| w.to_lowercase()) {
        Some(d) if matches!(d.as_str(), "the" | "a" | "an") => &words[1..],
        _ => &words[..],
    };
    // (A capitalised modifier names whose it is; `the ministry` alone is left to nominals.)
    let named = body.len() > 1 && body[..body.len() - 1].iter().any(|w| is_capitalized(w));
    named.then(|| {
        let phrase = body.join(" ");
        let phrase = phrase
            .trim_end_matches(|c: char| !c.is_alphanumeric())
            .to_string();
        (phrase, "ORG".to_string())
    })
}

/// Whether byte `at` of a mention lies in a relative clause (`The statement, which was obtained
/// by Variety,`, `The company that runs the AMAs, Dick Clark Productions`): a name there is
/// not who speaks; the clause ends at the next comma.
pub(super) fn in_relative(mention: &str, at: usize) -> bool {
    let before = &mention[..at.min(mention.len())];
    [" which ", " who ", " whom ", " whose ", " that "]
        .iter()
        .filter_map(|r| before.rfind(r))
        .max()
        .is_some_and(|i| !before[i..].contains(','))
}

/// The entity a mention names: a person before an organisation before any other but MISC.
pub(super) fn pick_entity<'a>(doc: &Document, ents: &[&'a Entity]) -> Option<&'a Entity> {
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
    drop_opening_articles(doc);
    let names = Names::new(doc);
    let entity_index = SpanIndex::new(doc.entities.iter().map(|e| e.span));
    let lower_text = doc.text.to_ascii_lowercase();
    // A name inside quoted speech (`“... whether its Siri shortcuts,” he told Benioff`) is
    // talked about, not the one talking: never a pronoun's antecedent.
    let quoted = Quoted::new(doc);
    let groups = std::cell::OnceCell::new();
    let look = Lookups {
        names: &names,
        entity_index: &entity_index,
        quoted: &quoted,
        lower_text: &lower_text,
        groups: &groups,
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
        let here = para_of(doc, m.start);
        let inside = named_inside(doc, &entity_index, m, &mtext, &lower);
        // Entities that start before the mention, nearest first.
        let before = doc.entities[..doc.entities.partition_point(|e| e.span.start < m.start)]
            .iter()
            .rev();
        let result: Option<(String, String)> = if let Some(named) = institution(&mtext, &inside) {
            Some(named)
        } else if let Some(named) = name_before_apposition(doc, &names, &entity_index, m, &mtext) {
            Some(named)
        } else if let Some(e) = pick_entity(doc, &inside) {
            let name = whole_name(doc, e, m);
            Some(names.canonical_typed(&name, &e.label))
        } else if PRONOUNS_PERSON.contains(&lower.as_str()) {
            personal_pronoun(doc, &names, &quoted, &history, m, Some(lower == "she"))
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
                .find(|r| names.may_be(&r.name, &r.label, "ORG") && r.at < m.start)
                .map(|r| (r.name.clone(), r.label.clone()))
                .or_else(|| organisation_subject(doc, &names, m))
        } else if let Some(named) = record(&lower)
            .then(|| {
                // `the statement said`: whoever issued one just before, else whoever last
                // spoke nearby.
                issuer(doc, &names, &lower_text, m, &lower).or_else(|| {
                    history
                        .iter()
                        .rev()
                        .take_while(|r| here - r.paragraph.min(here) <= 2)
                        .find(|r| r.at < m.start)
                        .map(|r| (r.name.clone(), r.label.clone()))
                })
            })
            .flatten()
        {
            Some(named)
        } else {
            let speaking = history
                .iter()
                .rev()
                .take_while(|r| here - r.paragraph.min(here) <= 3)
                .find(|r| names.may_be(&r.name, &r.label, "ORG") && r.at < m.start)
                .map(|r| (r.name.clone(), r.label.clone()));
            nominal(doc, &look, m, &lower, speaking)
                .or_else(|| person_in_focus(doc, &lower_text, &names, &quoted, &history, m, &lower))
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

/// Entities that open a sentence or a quote with `The` lose it where the article also names
/// them without it (`“The Financial Times is notorious ...”` after `a report by the Financial
/// Times`): a capital there says nothing about the name, and one name must have one form.
fn drop_opening_articles(doc: &mut Document) {
    let bare: std::collections::HashSet<&str> = doc
        .entities
        .iter()
        .map(|e| doc.text[e.span.start..e.span.end].trim())
        .filter(|t| !t.starts_with("The "))
        .collect();
    let opening: Vec<usize> = (0..doc.entities.len())
        .filter(|&i| {
            let e = &doc.entities[i];
            let t = &doc.text[e.span.start..e.span.end];
            let before = doc.text[..e.span.start].trim_end();
            t.strip_prefix("The ")
                .is_some_and(|rest| bare.contains(rest.trim()))
                && (before.is_empty()
                    || before.ends_with(['.', '!', '?', ':'])
                    || before.ends_with(crate::document::marks::is_quote_mark))
        })
        .collect();
    for i in opening {
        doc.entities[i].span.start += "The ".len();
    }
}

/// A name before a person's apposition (`Ban Ki-moon, the former United Nations secretary
/// general`): that person, whatever the tagger made of a name it does not know (cut, or typed
/// MISC) and whatever organisation the apposition names. `None` where the tagger found a person
/// in the name, which the usual path takes.
fn name_before_apposition(
    doc: &Document,
    names: &Names,
    entity_index: &SpanIndex,
    m: Span,
    mtext: &str,
) -> Option<(String, String)> {
    let (head, apposition) = mtext.split_once(", ")?;
    let role = head_word(apposition.trim_end_matches(','))?.to_lowercase();
    if !(PERSON_NOUNS.contains(&role.as_str()) || TITLES.contains(&role.as_str())) {
        return None;
    }
    let words: Vec<&str> = head.split_whitespace().collect();
    let name_like = |w: &&str| {
        let l = w.trim_end_matches('.').to_lowercase();
        is_capitalized(w)
            && !WEEKDAYS.contains(&l.as_str())
            && !MONTHS.contains(&l.as_str())
            && w.chars()
                .all(|c| c.is_alphabetic() || matches!(c, '-' | '.' | '\'' | '’'))
    };
    if words.is_empty()
        || words.len() > 4
        || !words.iter().all(name_like)
        || matches!(
            words[0].to_lowercase().as_str(),
            "the" | "a" | "an" | "this" | "that"
        )
    {
        return None;
    }
    let head_span = Span::new(m.start, m.start + head.len());
    let person = entity_index
        .meeting(head_span)
        .into_iter()
        .any(|i| doc.entities[i].label == "PER");
    (!person).then(|| names.canonical_typed(head, "PER"))
}

/// The entities inside mention `m` that may name its speaker: not those in a prepositional
/// phrase or a relative clause of a common-noun head, not a place before such a head, not an
/// organisation or a possessive name before a person noun (`a Taliban representative`); a
/// record's author right after it (`a report from Kotak ...`).
fn named_inside<'a>(
    doc: &'a Document,
    entity_index: &SpanIndex,
    m: Span,
    mtext: &str,
    lower: &str,
) -> Vec<&'a Entity> {
    let inside: Vec<&Entity> = entity_index
        .meeting(m)
        .into_iter()
        .map(|i| &doc.entities[i])
        .filter(|e| {
            let at = e.span.start.saturating_sub(m.start);
            // (A person's name closing the mention names its head: `China’s ambassador to
            // Britain Liu Xiaoming`.)
            let closing_person = e.label == "PER" && e.span.end >= m.end;
            m.overlaps(e.span)
                && (closing_person || !in_modifier(mtext, at))
                && !in_relative(mtext, at)
        })
        .collect();
    // `A California transit chief`: a place before a common noun only modifies it.
    // `a Taliban representative`, `White House officials`: an organisation before a person
    // noun only says whose; the person is unnamed unless a name stands in the phrase.
    let head = head_word(mtext).unwrap_or_default();
    let head_common = head.chars().all(|c| c.is_lowercase());
    let person_noun = |h: &str| PERSON_NOUNS.contains(&h) || UNNAMED_NOUNS.contains(&h);
    let person_head =
        head_common && (person_noun(head) || head.strip_suffix('s').is_some_and(person_noun));
    // (`Clinton's spokesman`, `Nisan Ahmado's source`: a possessive name says whose too.)
    let possessive = |e: &Entity| {
        let after = &doc.text[e.span.end.min(m.end)..m.end];
        after.starts_with("'s ") || after.starts_with("’s ")
    };
    let inside: Vec<&Entity> = if head_common {
        inside
            .into_iter()
            .filter(|e| match e.label.as_str() {
                "PER" => !(person_head && possessive(e)),
                "ORG" => !person_head,
                _ => false,
            })
            .collect()
    } else {
        // (A place in the apposition of a name is where the person is from: `Marley Anderson,
        // 21, a junior from Las Vegas`.)
        let apposition = mtext.find(',').map_or(m.end, |c| m.start + c);
        inside
            .into_iter()
            .filter(|e| matches!(e.label.as_str(), "PER" | "ORG") || e.span.start < apposition)
            .collect()
    };
    // `a report from Kotak Institutional Equities said`: a record speaks for its author.
    if inside.is_empty() && record_head(lower) {
        author_after(doc, entity_index, m).into_iter().collect()
    } else {
        inside
    }
}

/// The paragraph holding byte `pos` (0 outside any).
fn para_of(doc: &Document, pos: usize) -> usize {
    doc.paragraph_at(pos).unwrap_or(0)
}

/// An entity's name as the mention writes it: a one-word person with the capitalised words
/// after it (the tagger may cut a name it does not know: `Will` of `Will Tjernlund`), an
/// organisation whole (see [`whole_organisation`]).
fn whole_name(doc: &Document, e: &Entity, m: Span) -> String {
    let name = doc.slice(e.span);
    if e.label == "ORG" && e.span.end <= m.end {
        return whole_organisation(doc, e, m);
    }
    if e.span.end > m.end && !name.contains(' ') {
        // An author after the mention (`a new report by E! News.`): its capitalised words up
        // to the end of the name, a mark included.
        // (Not up to the sentence's end: the splitter may end one at `E!`.)
        let mut more = Vec::new();
        for w in doc.text[e.span.end..].split(' ').skip(1).take(2) {
            let line_ends = w.contains(['\n', '\r']);
            let w = w.split(['\n', '\r']).next().unwrap_or_default();
            let bare = w.trim_end_matches(['.', ',', ';', ':']);
            if !is_capitalized(bare) || !bare.chars().all(|c| c.is_alphabetic() || c == '-') {
                break;
            }
            more.push(bare);
            if bare.len() < w.len() || line_ends {
                break;
            }
        }
        return if more.is_empty() {
            name.to_string()
        } else {
            format!("{name} {}", more.join(" "))
        };
    }
    if e.label != "PER" || name.contains(' ') || e.span.end > m.end {
        return name.to_string();
    }
    let rest = &doc.text[e.span.end..m.end];
    let more: Vec<&str> = rest
        .strip_prefix(' ')
        .unwrap_or("")
        .split(' ')
        .take_while(|w| {
            is_capitalized(w)
                && w.chars()
                    .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
                && !TITLES.contains(&w.to_lowercase().as_str())
        })
        .take(2)
        .collect();
    if more.is_empty() {
        return name.to_string();
    }
    format!("{name} {}", more.join(" "))
}

/// An organisation entity with the capitalised words after it in the mention, across `for`,
/// `of` and `and` (`United Nations High` of `United Nations High Commissioner for Human
/// Rights`): the tagger may stop inside a long name.
fn whole_organisation(doc: &Document, e: &Entity, m: Span) -> String {
    let name = doc.slice(e.span);
    let rest = doc.text[e.span.end..m.end].strip_prefix(' ').unwrap_or("");
    let words: Vec<&str> = rest.split(' ').take(8).collect();
    let cap = |w: &str| is_capitalized(w) && w.chars().all(|c| c.is_alphabetic() || c == '-');
    let mut taken = 0;
    let mut i = 0;
    while i < words.len() {
        if cap(words[i]) {
            i += 1;
            taken = i;
        } else if matches!(words[i], "for" | "of" | "and")
            && words.get(i + 1).is_some_and(|w| cap(w))
        {
            i += 1;
        } else {
            break;
        }
    }
    if taken == 0 {
        return name.to_string();
    }
    format!("{name} {}", words[..taken].join(" "))
}

/// Whether a mention is a report or study (`a report`, `the new study`) that may be followed by
/// its author (`from X`, `by X`).
fn record_head(lower: &str) -> bool {
    lower.split_whitespace().last().is_some_and(|h| {
        RECORD_NOUNS.contains(&h)
            || matches!(h, "report" | "study" | "analysis" | "survey" | "note")
    })
}

/// The organisation or person right after a mention and `from`/`by`/`of` (`a report from
/// Kotak`, `a new report by E! News`).
fn author_after<'a>(doc: &'a Document, index: &SpanIndex, m: Span) -> Option<&'a Entity> {
    let rest = doc.text.get(m.end..)?;
    let skip = ["from ", "by ", "of "]
        .iter()
        .find_map(|p| rest.trim_start().strip_prefix(p))
        .map(|after| doc.text.len() - after.len())?;
    index
        .meeting(Span::new(skip, skip + 1))
        .into_iter()
        .map(|k| &doc.entities[k])
        .find(|e| e.span.start == skip && matches!(e.label.as_str(), "ORG" | "PER"))
}

/// Whether a mention is a written record (`the statement`, `their letter`) that speaks for
/// whoever issued it.
fn record(lower: &str) -> bool {
    // (Up to an apposition or a relative clause: `the statement, which was ...`.)
    let np = lower.split(',').next().unwrap_or_default();
    let mut ws = np.split_whitespace();
    let (Some(det), Some(noun), None) = (ws.next(), ws.next(), ws.next()) else {
        return false;
    };
    matches!(det, "the" | "a" | "its" | "their" | "his" | "her" | "this")
        && (RECORD_NOUNS.contains(&noun) || matches!(noun, "release" | "notice"))
}

/// Who issued the record a mention names (`the statement`, `the letter`): the name right before
/// `issued`, `released`, `published`, `posted`, `sent`, `shared` or `put out` and a record of
/// that noun, in the mention's paragraph or the two before (`On Monday, Big Machine Records
/// issued a statement ...` — `The statement, which was obtained by Variety, claimed`), the
/// latest such. The name is read from the text, so it need not be in a tagged region.
fn issuer(
    doc: &Document,
    names: &Names,
    lower_text: &str,
    m: Span,
    lower: &str,
) -> Option<(String, String)> {
    let noun = lower.split(',').next()?.split_whitespace().nth(1)?;
    let here = para_of(doc, m.start);
    // (At most 4,000 bytes back, so a huge paragraph costs no more than a long one.)
    let from = doc
        .paragraphs
        .get(here.saturating_sub(2))
        .map_or(0, |p| p.start)
        .max(floor_boundary(&doc.text, m.start.saturating_sub(4000)));
    let window = lower_text.get(from..m.start)?;
    window.rmatch_indices(noun).find_map(|(i, _)| {
        let before = &window[..i];
        let mut ws = before.split_whitespace().rev();
        // Words between the name and the noun: [adjective] determiner verb [put].
        let mut used = 1;
        let mut w = ws.next()?;
        if matches!(
            w,
            "new" | "separate" | "brief" | "joint" | "written" | "short" | "lengthy"
        ) {
            w = ws.next()?;
            used += 1;
        }
        if !matches!(w, "a" | "an" | "its" | "their" | "his" | "her") {
            return None;
        }
        let verb = ws.next()?;
        used += 1;
        let issued = matches!(
            verb,
            "issued" | "released" | "published" | "posted" | "sent" | "shared"
        );
        if verb == "out" && ws.next() == Some("put") {
            used += 1;
        } else if !issued {
            return None;
        }
        let mut cut = before;
        for _ in 0..used {
            let t = cut.trim_end();
            let at = t.char_indices().rev().find(|(_, c)| c.is_whitespace());
            cut = &t[..at.map_or(0, |(k, c)| k + c.len_utf8())];
        }
        // The capitalised words right before the verb, in the original text.
        let head = doc.text[from..from + cut.len()].trim_end();
        let run = name_ending(head, &["of", "&", "and"], &[',', '.', ';', ':']);
        // (`The company issued a statement`: a sentence's first word alone names nobody.)
        let first = run.first()?;
        if run.len() == 1 && STARTERS.contains(&first.to_lowercase().as_str()) {
            return None;
        }
        Some(names.canonical_typed(&run.join(" "), "ORG"))
    })
}

/// `it said`, `they said` with no organisation speaking just before: the nearest organisation
/// opening a sentence in this paragraph or the one before (`Big Machine ... . It says`).
fn organisation_subject(doc: &Document, names: &Names, m: Span) -> Option<(String, String)> {
    let here = para_of(doc, m.start);
    doc.entities[..doc.entities.partition_point(|e| e.span.start < m.start)]
        .iter()
        .rev()
        .take_while(|e| here - para_of(doc, e.span.start).min(here) <= 1)
        .filter(|e| e.label == "ORG" && e.span.end <= m.start)
        .find(|e| {
            let s = doc
                .sentence_at(e.span.start)
                .map_or(0, |i| doc.sentences[i].span.start);
            doc.text[s..e.span.start].split_whitespace().count() <= 1
        })
        .map(|e| names.canonical_typed(doc.slice(e.span), "ORG"))
}

/// `the actor`, `the singer and guitarist` that no earlier use of the noun ties to a name: the
/// person in focus, as for a pronoun of either gender (a definite person noun refers back).
fn person_in_focus(
    doc: &Document,
    lower_text: &str,
    names: &Names,
    quoted: &Quoted,
    history: &[Resolved],
    m: Span,
    lower: &str,
) -> Option<(String, String)> {
    let rest = lower.strip_prefix("the ")?;
    let head = rest.split_whitespace().last()?;
    let plain = rest
        .split_whitespace()
        .all(|w| w.chars().all(|c| c.is_alphabetic() || c == '-'));
    // (`the expert` after `a royal expert said` or `one legal expert said`: the unnamed one
    // introduced before.)
    // (Read only after the cheap tests, and only `ROLE_BYTES_BACK` bytes back, so that an
    // article of many such mentions costs linear time.)
    let before = &doc.text[..m.start];
    let from = floor_boundary(&doc.text, m.start.saturating_sub(ROLE_BYTES_BACK));
    let introduced = || {
        lower_text[from..m.start].match_indices(head).any(|(i, _)| {
            let lead: Vec<&str> = before[..from + i]
                .split_whitespace()
                .rev()
                .take(3)
                .collect();
            lead.iter()
                .any(|w| matches!(w.to_lowercase().as_str(), "a" | "an" | "one" | "another"))
                && !lead.iter().any(|w| w.eq_ignore_ascii_case("the"))
        })
    };
    (plain && PERSON_NOUNS.contains(&head) && !UNNAMED_NOUNS.contains(&head) && !introduced())
        .then(|| personal_pronoun(doc, names, quoted, history, m, None))
        .flatten()
}

/// Whether the name at `span` is the object of `told` or `asked` (`Cook told Benioff`): who
/// was spoken to, not the subject a pronoun refers back to while the speaker goes on.
fn hearer(doc: &Document, span: Span) -> bool {
    let before = doc.text[..span.start].trim_end();
    ["told", "tells", "telling", "asked", "asks", "asking"]
        .iter()
        .any(|cue| {
            before.ends_with(cue)
                && !before[..before.len() - cue.len()].ends_with(char::is_alphanumeric)
        })
}

/// `he` or `she` (`female`; `None`: either) at mention `m`: the later of the last
/// gender-compatible person who spoke within two paragraphs and the nearest compatible person
/// in subject position before the mention (never one inside quoted speech).
fn personal_pronoun(
    doc: &Document,
    names: &Names,
    quoted: &Quoted,
    history: &[Resolved],
    m: Span,
    female: Option<bool>,
) -> Option<(String, String)> {
    let here = para_of(doc, m.start);
    let compatible = |name: &str| {
        female.is_none_or(|female| names.gender(doc, name).is_none_or(|g| g == female))
    };
    // History is in text order, so paragraphs only fall walking back.
    let last_speaker = history
        .iter()
        .rev()
        .take_while(|r| here - r.paragraph.min(here) <= 2)
        .find(|r| r.label == "PER" && r.at < m.start && compatible(&r.name));
    // Entities that start before the mention, nearest first.
    let subject = doc.entities[..doc.entities.partition_point(|e| e.span.start < m.start)]
        .iter()
        .rev()
        .take_while(|e| here - para_of(doc, e.span.start).min(here) <= 2)
        .filter(|e| e.label == "PER" && e.span.end <= m.start)
        .filter(|e| !quoted.holds(e.span))
        // (A hearer never displaces the speaker who spoke to them.)
        .filter(|e| last_speaker.is_none() || !hearer(doc, e.span))
        .filter(|e| {
            let s = doc
                .sentence_at(e.span.start)
                .map_or(0, |i| doc.sentences[i].span.start);
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
}
