//! Speakers: each quote's mention resolved to a named entity with a canonical name.
//!
//! A mention that contains an entity takes it (a person before an organisation: in `Kremlin
//! spokesperson Dmitry Peskov` the speaker is Peskov). Pronouns go to the most recent
//! gender-compatible person who spoke or opened a sentence; `who`/`which` to the entity just
//! before them; nominals (`the spokeswoman`, `the company`, `the report`) to the person described
//! with that noun or the latest organisation. Names are merged under the longest form in the
//! article (`Leavitt`, `Ms. Leavitt` → `Karoline Leavitt`; `FT` → `Financial Times`).

mod lexicon;
mod names;
mod nominal;
pub mod ranker;
mod regions;
mod resolve;

pub use names::entity_names;
pub use ranker::Ranker;
pub use regions::regions_to_tag;
pub use resolve::resolve;

#[cfg(test)]
mod tests {
    use super::names::{acronym, clean, spelled_out, suffixed_names};
    use super::nominal::group_named_for;
    use super::regions::{mention_window, MENTION_CONTEXT};
    use super::resolve::in_modifier;
    use super::*;
    use crate::document::{Document, Span};

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
    fn a_role_reads_the_names_beside_its_earlier_mentions() {
        // `nominal` resolves `The suspect` through the role's last mentions with a name: the
        // entity model must read those.
        let text = "The suspect, Michael Webb, was convicted on Monday. Officers found the car. \
                    A friend saw the suspect's car and called police. The video shows officers \
                    at the door. The suspect said he needed to get dressed.";
        let mut d = Document::new("t", text);
        crate::stages::rule_stages(&mut d);
        let regions = regions_to_tag(&d);
        let at = text.find("Michael Webb").unwrap();
        let k = d.sentence_at(at).unwrap();
        assert!(
            regions[k].is_some_and(|r| r.start <= at && at < r.end),
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
    fn a_statement_speaks_for_whoever_issued_it() {
        let speakers = |text: &str| {
            let mut d = Document::new("t", text);
            crate::stages::rule_stages(&mut d);
            resolve(&mut d);
            d.quotes
                .iter()
                .map(|q| q.speaker.name.clone().unwrap_or_default())
                .collect::<Vec<_>>()
        };
        let text = "The feud went on.\n\nOn Monday, Big Machine Records issued a statement \
                    about the awards.\n\nThe statement, which was obtained by Variety, claimed \
                    that the two firms had agreed.\n\n“Artists do not need approval,” the \
                    statement continued.";
        assert_eq!(
            speakers(text),
            ["Big Machine Records", "Big Machine Records"]
        );
        // A sentence's first word alone names nobody; neither does a record issued three
        // paragraphs back.
        assert_eq!(
            speakers("The company issued a statement. The statement said the plan was sound."),
            [""]
        );
        let near = "Acme Industries put out a statement.\n\nThe statement said it was sound.";
        assert_eq!(speakers(near), ["Acme Industries"]);
        let far = "Acme Industries put out a statement.\n\nA.\n\nB.\n\nThe statement said it was \
                   sound.";
        assert_eq!(speakers(far), [""]);
    }

    #[test]
    fn a_group_named_for_its_members_is_what_the_plural_noun_names() {
        let text = "The doctors, members of a recently formed group Doctors for Camp Closure, \
                    D4CC, have offered help. Doctors said so.";
        assert_eq!(
            group_named_for(text, "doctors").as_deref(),
            Some("Doctors for Camp Closure")
        );
        assert_eq!(
            group_named_for("a suit by Students for Fair Admissions.", "students").as_deref(),
            Some("Students for Fair Admissions")
        );
        // Too short, inside a longer name, or not the noun.
        assert_eq!(group_named_for("Farmers Union members", "farmers"), None);
        assert_eq!(
            group_named_for("the United Auto Workers of America", "workers"),
            None
        );
        assert_eq!(
            group_named_for("Doctors Without Borders said", "nurses"),
            None
        );
    }

    #[test]
    fn the_expert_introduced_unnamed_stays_unnamed_whoever_the_quotes_name() {
        let text = "Prince Andrew spoke on Saturday.\n\n“Prince Andrew is not immune,” said \
                    one legal expert.\n\n“His friendship with Epstein is under investigation,” \
                    the expert warned.";
        let mut d = Document::new("t", text);
        crate::stages::rule_stages(&mut d);
        for (i, _) in text.match_indices("Prince Andrew") {
            d.entities.push(crate::document::Entity {
                span: Span::new(i, i + "Prince Andrew".len()),
                label: "PER".into(),
                score: 1.0,
            });
        }
        resolve(&mut d);
        let names: Vec<_> = d.quotes.iter().map(|q| q.speaker.name.clone()).collect();
        assert_eq!(names, [None, None], "{:?}", d.quotes);
    }

    #[test]
    fn a_company_is_named_with_the_legal_suffix_the_article_gives_it() {
        let names = suffixed_names(
            "Public companies such as Gannett and McClatchy Co. can't escape. The Walt Disney \
             Co., Procter & Gamble Co. and Coca-Cola Cos. said so. Mr. Smith, Inc. is not. \
             Company towns.",
        );
        assert_eq!(
            names.get("McClatchy").map(String::as_str),
            Some("McClatchy Co.")
        );
        assert_eq!(
            names.get("Walt Disney").map(String::as_str),
            Some("Walt Disney Co.")
        );
        assert_eq!(
            names.get("Procter & Gamble").map(String::as_str),
            Some("Procter & Gamble Co.")
        );
        assert_eq!(names.get("Gannett"), None);
        assert_eq!(names.get("Smith"), None, "a comma ends the name");
        assert_eq!(names.len(), 3, "{names:?}");
    }

    #[test]
    fn an_author_after_its_report_keeps_the_rest_of_its_name() {
        let text = "Braun is unhappy, according to a new report by E! News.\n\nMore news.";
        let mut d = Document::new("t", text);
        crate::stages::rule_stages(&mut d);
        let at = text.find("E!").unwrap();
        d.entities.push(crate::document::Entity {
            span: Span::new(at, at + 2),
            label: "PER".into(),
            score: 1.0,
        });
        resolve(&mut d);
        assert_eq!(d.quotes[0].speaker.name.as_deref(), Some("E! News"));
    }

    #[test]
    fn a_name_before_a_persons_apposition_speaks_whatever_the_tagger_made_of_it() {
        let speaker = |text: &str, tagged: &[(&str, &str)]| {
            let mut d = Document::new("t", text);
            crate::stages::rule_stages(&mut d);
            for &(words, label) in tagged {
                let at = text.find(words).unwrap();
                d.entities.push(crate::document::Entity {
                    span: Span::new(at, at + words.len()),
                    label: label.into(),
                    score: 0.5,
                });
            }
            d.entities.sort_by_key(|e| e.span);
            resolve(&mut d);
            let sp = &d.quotes[0].speaker;
            (
                sp.name.clone().unwrap_or_default(),
                sp.label.clone().unwrap_or_default(),
            )
        };
        let text = "Ban Ki-moon, the former United Nations secretary general, said on Thursday \
                    that coastal cities must plan for higher seas.";
        // A name cut and typed MISC, an organisation in the apposition.
        let got = speaker(text, &[("Ban Ki", "MISC"), ("United Nations", "ORG")]);
        assert_eq!(got, ("Ban Ki-moon".to_string(), "PER".to_string()));
        // A person the tagger found is taken as always.
        let got = speaker(text, &[("Ban Ki-moon", "PER"), ("United Nations", "ORG")]);
        assert_eq!(got.0, "Ban Ki-moon");
        // An apposition that describes no person leaves the organisation.
        let text = "Acme Corp, the maker of anvils, said that sales rose.";
        let got = speaker(text, &[("Acme Corp", "ORG")]);
        assert_eq!(got, ("Acme Corp".to_string(), "ORG".to_string()));
    }

    #[test]
    fn a_royal_or_papal_title_stays_with_the_name() {
        let names = |text: &str, tagged: &[&str]| {
            let mut d = Document::new("t", text);
            crate::stages::rule_stages(&mut d);
            let mut from = 0;
            for words in tagged {
                let at = from + text[from..].find(words).unwrap();
                from = at + words.len();
                d.entities.push(crate::document::Entity {
                    span: Span::new(at, at + words.len()),
                    label: "PER".into(),
                    score: 0.9,
                });
            }
            resolve(&mut d);
            d.quotes
                .iter()
                .map(|q| q.speaker.name.clone().unwrap_or_default())
                .collect::<Vec<_>>()
        };
        // The title tagged with the name or left out of it; the bare name later; a longer
        // form of the name elsewhere.
        let text = "Pope Francis said the war must end. Francis said peace was possible. King \
                    Charles said he would travel.";
        assert_eq!(
            names(text, &["Pope Francis", "Francis", "Charles"]),
            ["Pope Francis", "Pope Francis", "King Charles"]
        );
        let text = "Prince Alwaleed bin Talal is a Saudi investor. Prince Alwaleed said it was \
                    a disgrace.";
        assert_eq!(
            names(text, &["Alwaleed bin Talal", "Alwaleed"]),
            ["Prince Alwaleed bin Talal"]
        );
        // An office is no part of a name.
        let text = "President Biden said the economy was strong.";
        assert_eq!(names(text, &["President Biden"]), ["Biden"]);
    }

    #[test]
    fn a_the_opening_a_sentence_or_quote_is_no_part_of_a_name_written_without_it() {
        let text = "Trump denied a report by the Financial Times, which said he had asked. \
                    “The Financial Times is notorious for taking words out of context,” she said.";
        let mut d = Document::new("t", text);
        crate::stages::rule_stages(&mut d);
        for (words, at) in [
            ("Financial Times", text.find("Financial").unwrap()),
            ("The Financial Times", text.find("The Financial").unwrap()),
        ] {
            d.entities.push(crate::document::Entity {
                span: Span::new(at, at + words.len()),
                label: "ORG".into(),
                score: 0.7,
            });
        }
        d.entities.sort_by_key(|e| e.span);
        resolve(&mut d);
        let named: Vec<&str> = d.entities.iter().map(|e| d.slice(e.span)).collect();
        assert_eq!(named, ["Financial Times", "Financial Times"]);
        assert!(
            d.quotes
                .iter()
                .filter_map(|q| q.speaker.name.as_deref())
                .all(|n| n == "Financial Times"),
            "{:?}",
            d.quotes
        );
    }

    #[test]
    fn the_company_is_a_name_the_tagger_also_read_as_an_organisation() {
        let text = "Big Machine says she will be allowed to play her old tracks.\n\n\
                    But the company says she didn't need their permission.\n\n\
                    Swift accused Big Machine of blocking her.";
        let mut d = Document::new("t", text);
        crate::stages::rule_stages(&mut d);
        // The tagger reads the speaker as a person, a later mention as a company.
        let first = text.find("Big Machine").unwrap();
        let second = text.rfind("Big Machine").unwrap();
        let swift = text.find("Swift").unwrap();
        for (at, len, label) in [(first, 11, "PER"), (swift, 5, "PER"), (second, 11, "ORG")] {
            d.entities.push(crate::document::Entity {
                span: Span::new(at, at + len),
                label: label.into(),
                score: 0.9,
            });
        }
        d.entities.sort_by_key(|e| e.span);
        resolve(&mut d);
        let q = d
            .quotes
            .iter()
            .find(|q| d.slice(q.span).starts_with("she didn't"))
            .expect("the company's quote");
        assert_eq!(q.speaker.name.as_deref(), Some("Big Machine"));
    }

    #[test]
    fn an_initialism_is_spelled_out_by_the_capitalised_words_it_abbreviates() {
        let text = "data published by the Drug Enforcement Administration and, for marijuana, \
                    the University of Colorado. Live Nation is producing the tour.";
        assert_eq!(
            spelled_out(text, "DEA").as_deref(),
            Some("Drug Enforcement Administration")
        );
        assert_eq!(spelled_out(text, "LN").as_deref(), Some("Live Nation"));
        assert_eq!(
            spelled_out(text, "UC").as_deref(),
            Some("University of Colorado")
        );
        assert_eq!(spelled_out(text, "DU"), None);
        // Never the tail or the head of a longer name, never across a sentence's end.
        let text = "The Big Machine Label Group said so. Big Machine Label said. Big Machine.";
        assert_eq!(spelled_out(text, "MLG"), None);
        assert_eq!(spelled_out(text, "BMLGS"), None);
        assert_eq!(
            spelled_out(text, "BML").as_deref(),
            Some("Big Machine Label")
        );
        assert_eq!(spelled_out(text, "BM").as_deref(), Some("Big Machine"));
        // A name defined in brackets, whatever initials its short form skips; not letters the
        // name does not have in that order.
        let text = "The Centers for Disease Control and Prevention (CDC) said so. The \
                    Organisation for Economic Co-operation and Development (OECD), too. The \
                    Justice Department (FBI) did not.";
        assert_eq!(
            spelled_out(text, "CDC").as_deref(),
            Some("Centers for Disease Control and Prevention")
        );
        assert_eq!(
            spelled_out(text, "OECD").as_deref(),
            Some("Organisation for Economic Co-operation and Development")
        );
        assert_eq!(spelled_out(text, "FBI"), None);
    }

    #[test]
    fn a_name_in_a_common_nouns_prepositional_phrase_is_not_the_speaker() {
        let at = |m: &str, name: &str| in_modifier(m, m.find(name).unwrap());
        assert!(at("a narrator in the Clinton ad", "Clinton"));
        assert!(at("the spokeswoman for Clinton", "Clinton"));
        assert!(!at("the chairman of Ford, Bill Ford", "Bill"));
        assert!(!at("footage of Trump", "Trump"));
        assert!(!at("Secretary of State John Kerry", "John"));
        assert!(at("The envoy to the United Nations", "United"));
        assert!(at("China’s envoy to the United Nations", "United"));
        assert!(!at("China’s Foreign Ministry", "Foreign"));
    }
}
