//! The attribution rules on short texts, through the rule stages.

use crate::document::Document;
use crate::stages::rule_stages;

/// (kind, text, speaker mention) of every quote, from the rule stages alone.
fn quotes(t: &str) -> Vec<(String, String, String)> {
    let mut d = Document::new("t", t);
    rule_stages(&mut d);
    d.quotes
        .iter()
        .map(|q| {
            let m = q
                .speaker
                .mention
                .map(|m| d.slice(m).to_string())
                .unwrap_or_default();
            (q.kind.as_str().to_string(), d.slice(q.span).to_string(), m)
        })
        .collect()
}

fn q(k: &str, t: &str, m: &str) -> (String, String, String) {
    (k.into(), t.into(), m.into())
}

/// The speaker mention of the first quote the rules find in `t` (empty when none).
fn first_mention(t: &str) -> String {
    quotes(t).first().map(|q| q.2.clone()).unwrap_or_default()
}

#[test]
fn split_quote_has_one_speaker() {
    assert_eq!(
        quotes("“It will cut travel times,” she said, “and bring visitors back.”"),
        [
            q("direct", "It will cut travel times,", "she"),
            q("direct", "and bring visitors back.", "she")
        ]
    );
}

#[test]
fn that_zero_that_and_inverted() {
    assert_eq!(
        quotes("Mayor Linda Okafor said that the ferry would start in May."),
        [q(
            "indirect",
            "the ferry would start in May",
            "Mayor Linda Okafor"
        )]
    );
    assert_eq!(
        quotes("Okafor told reporters the ferry would start in May."),
        [q("indirect", "the ferry would start in May", "Okafor")]
    );
    assert_eq!(
        quotes("The ferry will start in May, said Linda Okafor."),
        [q("indirect", "The ferry will start in May", "Linda Okafor")]
    );
}

#[test]
fn zero_that_after_object_taking_cues_and_before_a_final_that() {
    // `announce` usually takes a noun object; a pronoun-subject clause is still content.
    assert_eq!(
        quotes("The agency announced it had reached its goal."),
        [q("indirect", "it had reached its goal", "The agency")]
    );
    assert!(quotes("The agency announced a new plan on Monday.").is_empty());
    assert_eq!(
        quotes("Trump said after the convention he would not accept it."),
        [q("indirect", "he would not accept it", "Trump")]
    );
    assert_eq!(
        quotes("Jane Roe, director of the Institute for Policy Integrity at the state university’s law school, said the states were wrong."),
        [q(
            "indirect",
            "the states were wrong",
            "Jane Roe, director of the Institute for Policy Integrity at the state university’s law school"
        )]
    );
    // The last word `that` is a pronoun, not a complementizer with nothing after it.
    assert_eq!(
        quotes("Experts said the latest test could change that."),
        [q(
            "indirect",
            "the latest test could change that",
            "Experts"
        )]
    );
}

#[test]
fn dash_byline_names_the_speaker() {
    assert_eq!(
        quotes("“He makes simple blanket statements about people.”― Pamela Padilla\u{a0}\n“I am so ashamed.” ― Jacklyn Ashley, Phoenix.\n“It was worth it.” — Pieter de Vries\n"),
        [
            q("direct", "He makes simple blanket statements about people.", "Pamela Padilla"),
            q("direct", "I am so ashamed.", "Jacklyn Ashley"),
            q("direct", "It was worth it.", "Pieter de Vries")
        ]
    );
}

#[test]
fn colon_intro_subject_skips_an_opening_adverbial() {
    assert_eq!(
        quotes("With party leaders worried about turnout, President Obama has a new message: “It is about me.”"),
        [q("direct", "It is about me.", "President Obama")]
    );
    assert_eq!(
        quotes("After a long silence Yegorushka asked:\n\n“What is your name?”"),
        [q("direct", "What is your name?", "Yegorushka")]
    );
}

#[test]
fn according_to_before_and_after() {
    assert_eq!(
        quotes("According to the regulator, the company lost a fifth of its water."),
        [q(
            "indirect",
            "the company lost a fifth of its water",
            "the regulator"
        )]
    );
    assert_eq!(
        quotes("Bills will rise by 6 percent, according to the company."),
        [q("indirect", "Bills will rise by 6 percent", "the company")]
    );
}

#[test]
fn mixed_quotes() {
    assert_eq!(
        quotes("Lavrov claimed that EU figures are placing “improper pressure” on Trump."),
        [q(
            "mixed",
            "EU figures are placing “improper pressure” on Trump",
            "Lavrov"
        )]
    );
    assert_eq!(
        quotes("He said \"hi there my friend\" today."),
        [q("mixed", "\"hi there my friend\" today", "He")]
    );
}

#[test]
fn colon_introduced_quote_in_the_next_paragraph() {
    let got = quotes(
        "She emphasized that the plan works:\n“Every patient will be seen within the hour.”",
    );
    assert_eq!(
        got[1],
        q(
            "direct",
            "Every patient will be seen within the hour.",
            "She"
        )
    );
}

#[test]
fn titles_and_scare_quotes_are_not_speech_but_long_quotes_are() {
    assert!(quotes("The museum showed the 1927 drama \"Last Curtain\" on Friday.").is_empty());
    assert!(quotes("The season, known as 'Project Reel', has twelve films.").is_empty());
    assert_eq!(
        quotes("\"The audience laughed and cried in the same places as a century ago.\""),
        [q(
            "direct",
            "The audience laughed and cried in the same places as a century ago.",
            ""
        )]
    );
}

#[test]
fn transcript_lines() {
    assert_eq!(
        quotes("OKAFOR: Rents will be capped at a third of the median income."),
        [q(
            "direct",
            "Rents will be capped at a third of the median income",
            "OKAFOR"
        )]
    );
}

#[test]
fn a_frame_after_an_opening_quote_speaks_it_whatever_follows() {
    assert_eq!(
        quotes("“It never crossed my mind,” she said several months after her release."),
        vec![q("direct", "It never crossed my mind,", "she")]
    );
    assert_eq!(
        quotes("\"I am proud of you,\" Mr. Clarke told some of the miners."),
        vec![q("direct", "I am proud of you,", "Mr. Clarke")]
    );
    // A title inside the sentence is not what the frame speaks.
    let got = quotes("On “Fox News Sunday,” Pence said his running mate would debate.");
    assert!(got.iter().all(|(k, _, _)| k != "direct"), "{got:?}");
}

#[test]
fn subjects_with_party_abbreviations_times_and_slashes() {
    assert_eq!(
        quotes("“The veto will be overridden,” Senate Majority Leader Mitch McConnell, R-Ky., said Tuesday."),
        vec![q("direct", "The veto will be overridden,", "Senate Majority Leader Mitch McConnell, R-Ky.")]
    );
    assert_eq!(
        quotes("“They would just go get them,” Rep. Jim Jordan (R-Ohio), a panel member, said in a phone interview."),
        vec![q("direct", "They would just go get them,", "Rep. Jim Jordan (R-Ohio), a panel member")]
    );
    assert_eq!(
        quotes("The Times on Saturday wrote that the loss was large."),
        vec![q("indirect", "the loss was large", "The Times")]
    );
    assert_eq!(
        quotes("“They are 100 percent wrong,” said 9/11 widow Terry Strada."),
        vec![q(
            "direct",
            "They are 100 percent wrong,",
            "9/11 widow Terry Strada"
        )]
    );
}

#[test]
fn a_quote_paragraph_carries_on_the_speaker_of_the_paragraph_before() {
    let got = quotes(
        "“No one is writing songs for her,” he said.\n\n“Right now, the vote is against Trump. It’s not for Hillary.”\n\n“All Bets Are Off.”",
    );
    assert_eq!(
        got[1],
        q(
            "direct",
            "Right now, the vote is against Trump. It’s not for Hillary.",
            "he"
        )
    );
    // A short quoted heading is not speech carried on.
    assert!(
        got.iter()
            .all(|(_, t, m)| !t.contains("Bets") || m.is_empty()),
        "{got:?}"
    );
}

#[test]
fn a_concession_is_the_speakers_second_statement() {
    assert_eq!(
        quotes("Lynch said the rules erase some barriers, though she noted clients demand more."),
        vec![
            q("indirect", "the rules erase some barriers", "Lynch"),
            q("indirect", "clients demand more", "she")
        ]
    );
}

#[test]
fn a_coordinated_cue_takes_the_clause_subject() {
    assert_eq!(
        quotes("The Security Council on Friday condemned the test and warned that sanctions would follow."),
        vec![q("indirect", "sanctions would follow", "The Security Council")]
    );
    // A weak cue after `and` is a noun or adjective.
    assert!(quotes("Federal and state officials met on Friday to discuss the plan.").is_empty());
}

#[test]
fn nouns_and_connectives_that_look_like_cues() {
    assert!(quotes("Battleground state Florida is nearly 3% Polish American.").is_empty());
    assert!(quotes("Editor’s note: Donald Trump regularly incites political violence.").is_empty());
    assert!(
        quotes("Having said that, there are economists who disagree with the plan.").is_empty()
    );
    assert_eq!(
        quotes("The senator states that the plan will fail."),
        vec![q("indirect", "the plan will fail", "The senator")]
    );
}

#[test]
fn a_that_after_the_content_starts_is_a_relative() {
    assert_eq!(
        quotes("O'Neill said officials have a video that shows the explosion."),
        vec![q(
            "indirect",
            "officials have a video that shows the explosion",
            "O'Neill"
        )]
    );
    assert_eq!(
        quotes("China warned Pyongyang that further tests would worsen the situation."),
        vec![q(
            "indirect",
            "further tests would worsen the situation",
            "China"
        )]
    );
}

#[test]
fn a_block_quote_after_a_colon_cue() {
    let got = quotes("The governor added:\n\nIt’s typical of her. She knows nothing at all.\n\nThe race goes on.");
    assert_eq!(
        got,
        vec![q(
            "direct",
            "It’s typical of her. She knows nothing at all.",
            "The governor"
        )]
    );
    // No cue, no quote: `Among the tidbits in the letter:` introduces a list.
    assert!(
        quotes("Among the tidbits in the letter:\n\nTrump is tall and weighs little.").is_empty()
    );
}

#[test]
fn subjects_past_dates_quantifiers_and_relative_clauses() {
    let got = quotes("In August, several environmental groups granted him an extension, saying his capital was less than expected.");
    assert_eq!(
        got,
        vec![q(
            "indirect",
            "his capital was less than expected",
            "several environmental groups"
        )]
    );
    let got = quotes(
        "On September 27 they published their check, announcing that the statement was true.",
    );
    assert_eq!(got, vec![q("indirect", "the statement was true", "they")]);
    let got = quotes(
        "Obama met McConnell, who in 2010 said the goal was to make him a one-term president.",
    );
    assert_eq!(
        got,
        vec![q(
            "indirect",
            "the goal was to make him a one-term president",
            "who"
        )]
    );
}

#[test]
fn a_long_quote_after_a_sentence_about_someone_is_theirs() {
    let got = quotes("Lawrence Cummings called him a master at deals. “He showed again and again an ability to put deals together.”");
    assert_eq!(
        got,
        vec![q(
            "direct",
            "He showed again and again an ability to put deals together.",
            "Lawrence Cummings"
        )]
    );
    // An opening adverbial is nobody.
    let got = quotes("On Sunday, the crowd grew restless. “The younger people are more than any generation sick and tired of it.”");
    assert_eq!(got[0].2, "");
}

#[test]
fn a_frame_closing_the_sentence_reports_all_of_it() {
    assert_eq!(
        quotes("Clinton had told police officials that she wanted no escort, the source added."),
        vec![q(
            "indirect",
            "Clinton had told police officials that she wanted no escort",
            "the source"
        )]
    );
}

#[test]
fn after_a_possessive_a_cue_word_is_a_noun_unless_that_follows() {
    assert!(
        quotes("Trump has responded with attacks on Machado, including Friday’s tweets.")
            .is_empty()
    );
    assert_eq!(
        quotes("He repeated Trump’s claim that the system is rigged."),
        vec![q("indirect", "the system is rigged", "Trump’s")]
    );
}

#[test]
fn no_block_quote_over_a_paragraph_with_frames_of_its_own() {
    let got = quotes("Trump replied bluntly:\n\nLeavitt, his press secretary, blasted the article, claiming it distorted his words.");
    assert!(got.iter().all(|(k, _, _)| k != "direct"), "{got:?}");
}

#[test]
fn a_written_text_reads_its_quote() {
    assert_eq!(
        quotes("“Our children are thriving in charter schools,” the letter reads."),
        vec![q(
            "direct",
            "Our children are thriving in charter schools,",
            "the letter"
        )]
    );
    assert!(quotes("The senator reads the letter aloud every morning.").is_empty());
}

#[test]
fn participles_after_an_opening_adverb_and_nouns_that_look_like_cues() {
    let got =
        quotes("Meanwhile, it attacked Trump, saying he has offended voters with his insults.");
    assert_eq!(
        got,
        vec![q(
            "indirect",
            "he has offended voters with his insults",
            "it"
        )]
    );
    let got = quotes("Lynch said the nonstop demands that come with the work erase barriers, though she noted clients demand more.");
    assert_eq!(
        got,
        vec![
            q(
                "indirect",
                "the nonstop demands that come with the work erase barriers",
                "Lynch"
            ),
            q("indirect", "clients demand more", "she")
        ]
    );
}

#[test]
fn a_coordinated_cue_takes_the_subject_of_the_verb_before_it() {
    let got = quotes(
        "When my mother mentioned the devil, I laughed and said, \"I don't believe in the devil.\"",
    );
    assert!(
        got.contains(&q("direct", "I don't believe in the devil.", "I")),
        "{got:?}"
    );
}

#[test]
fn a_quote_in_an_opening_participial_clause_is_the_main_subjects() {
    let got = quotes(
        "After saying her right foot was “so swollen I could barely get my shoe on,” she was taken to a hospital for tests.",
    );
    assert_eq!(
        got,
        [q(
            "mixed",
            "her right foot was “so swollen I could barely get my shoe on,”",
            "she"
        )]
    );
    let got = quotes("Bemoaning the “phony system,” Trump accused Holt of being a Democrat.");
    assert!(got.iter().all(|x| x.2 == "Trump"), "{got:?}");
    // `During` and `According` open no participial clause.
    let got = quotes("During the long night, “we never slept,” the guards kept watch.");
    assert!(got.iter().all(|x| x.2.is_empty()), "{got:?}");
}

#[test]
fn branding_and_characterizing_report_what_they_quote() {
    assert_eq!(
        quotes("Japan branded North Korea an “outlaw nation in the neighborhood.”"),
        [q(
            "mixed",
            "North Korea an “outlaw nation in the neighborhood.”",
            "Japan"
        )]
    );
    // A quote right after `labeled` names a thing (`a box labeled “...”`).
    let got = quotes("In a box labeled “medical problem,” a doctor had typed a note.");
    assert!(got.iter().all(|x| x.2.is_empty()), "{got:?}");
    let got = quotes("However, he characterized the senator as, “a little desperate there.”");
    assert!(
        got.contains(&q("direct", "a little desperate there.", "he")),
        "{got:?}"
    );
}

#[test]
fn a_clause_interrupted_by_its_frame_gives_each_half_without_the_frame() {
    assert_eq!(
        quotes("The new museum, Mr. Bush said, celebrated several of his heroes."),
        [
            q("indirect", "The new museum", "Mr. Bush"),
            q("indirect", "celebrated several of his heroes", "Mr. Bush"),
        ]
    );
    // A one-word half is no entry; a preposition may open the other.
    assert_eq!(
        quotes("Lenox, Mr. Clarke said, thrived until it went bankrupt in 1999."),
        [q(
            "indirect",
            "thrived until it went bankrupt in 1999",
            "Mr. Clarke"
        )]
    );
}

#[test]
fn a_parenthetical_frame_after_an_opening_adverbial_reports_the_rest() {
    assert_eq!(
        quotes("During his years in office, Mr. Obama said, a majority of Americans have come to believe that climate change is real."),
        [q(
            "indirect",
            "a majority of Americans have come to believe that climate change is real",
            "Mr. Obama"
        )]
    );
}

#[test]
fn postposed_subjects_keep_their_prepositional_phrase_and_set_off_quotes_are_whole() {
    assert_eq!(
        quotes("“So why didn’t Donald Trump pay his?” a narrator in the Clinton ad asks."),
        [q(
            "direct",
            "So why didn’t Donald Trump pay his?",
            "a narrator in the Clinton ad"
        )]
    );
    assert_eq!(
        quotes("The spot ends with footage of Trump saying last week, “That makes me smart,” when Clinton blasted him."),
        [q("direct", "That makes me smart,", "footage of Trump")]
    );
}

#[test]
fn dash_appositions_hearers_and_participles_after_quotes_and_relatives() {
    let got = quotes("John Dickey, the chief executive of Ora Media -- the company that owns the programming -- told me, ''We're a content provider.''");
    assert_eq!(
        got,
        [q(
            "direct",
            "We're a content provider.",
            "John Dickey, the chief executive of Ora Media -- the company that owns the programming"
        )]
    );
    let got = quotes("In a statement, Peabody said: \"Patriot Coal was highly successful a decade ago,\" adding that its market capitalization quadrupled.");
    assert!(
        got.contains(&q(
            "indirect",
            "its market capitalization quadrupled",
            "Peabody"
        )),
        "{got:?}"
    );
    let got = quotes("Trump was defensive about an architect who said he was stiffed, saying, “Maybe he didn’t do a good job.”");
    assert!(
        got.contains(&q("direct", "Maybe he didn’t do a good job.", "Trump")),
        "{got:?}"
    );
}

#[test]
fn subjects_past_quoted_titles_abbreviations_and_appositions() {
    let got = quotes("On \"Face the Nation,\" Sen. Bernie Sanders (Vt.), who lost the primaries, identified bigotry as a reason. \"The younger people are sick and tired of discrimination and racism in this country.\"");
    assert!(
        got.contains(&q(
            "direct",
            "The younger people are sick and tired of discrimination and racism in this country.",
            "Sen. Bernie Sanders"
        )),
        "{got:?}"
    );
    let got = quotes("His former business partner at Lenox, Lawrence B. Cummings, called him a master at deals. \"He showed again and again an ability to put together deals that other people couldn't.\"");
    assert!(got.iter().any(|x| x.2 == "Lawrence B. Cummings"), "{got:?}");
    let got = quotes("House Speaker Paul Ryan, R-Wis., despite admitting that he had concerns about “trial lawyers,” praised the bill.");
    assert!(
        got.iter().any(|x| x.2 == "House Speaker Paul Ryan"),
        "{got:?}"
    );
    let got = quotes("However, he characterized nominee Sen. Tim Kaine, D-Va., as, “a little desperate there, jumping in all the time.”");
    assert!(got.iter().any(|x| x.0 == "mixed" && x.2 == "he"), "{got:?}");
}

#[test]
fn a_right_mark_opening_a_paragraph_opens_a_quote() {
    let got =
        quotes("” … what I learned from listening to these families is that it matters,” he said.");
    assert_eq!(
        got,
        [q(
            "direct",
            "… what I learned from listening to these families is that it matters,",
            "he"
        )]
    );
}

#[test]
fn compound_nouns_promises_passive_agents_and_closing_frames_after_quotes() {
    // `early-morning tweets` is a noun; the quote is his.
    let got = quotes("He did not address his early-morning tweets in which he called a former Miss Universe “disgusting.”");
    assert_eq!(
        got,
        [q("mixed", "a former Miss Universe “disgusting.”", "he")]
    );
    assert!(quotes("The 70-year-old said that he would stay.")
        .iter()
        .any(|x| x.2 == "The 70-year-old"));
    let got = quotes("The nominee outlined his plan and vowed to harshly punish “those who violate classification rules.”");
    assert!(
        got.iter()
            .any(|x| x.0 == "mixed" && x.1.starts_with("to harshly punish")),
        "{got:?}"
    );
    // A promise's quote that another cue claims stays that cue's.
    let got = quotes(
        "The council pledged to impose sanctions against what it called “a clear threat to peace.”",
    );
    assert!(got.iter().all(|x| !x.1.starts_with("to impose")), "{got:?}");
    let got = quotes("Not that anyone is arguing, since other emails combed through by Vox suggest that Oz places business above science.");
    assert_eq!(
        got,
        [q(
            "indirect",
            "Oz places business above science",
            "other emails combed through by Vox"
        )]
    );
    let got = quotes("The four “loopholes” he cited are “the ability to use real estate losses to offset other income,” The Hill reported.");
    assert!(got.iter().all(|x| x.2 == "The Hill"), "{got:?}");
    // After a colon the closing frame has the quote and the cue before it its clause.
    let got = quotes("The statement also referenced the impact it said Clinton would have on women in the workplace: “Secretary Clinton's fight has opened the door for women,” the union wrote.");
    assert!(
        got.contains(&q(
            "direct",
            "Secretary Clinton's fight has opened the door for women,",
            "the union"
        )),
        "{got:?}"
    );
    assert!(got.iter().any(|x| x.2 == "it"), "{got:?}");
}

#[test]
fn titles_are_not_speech_and_hearers_are_not_speakers() {
    let got = quotes("Pence said on CNN's “State of the Union.” The host of “Make Your Kid a Millionaire,” a book, agreed.");
    assert!(
        got.iter()
            .all(|x| !x.1.contains("State of the Union") && !x.1.contains("Make Your Kid")),
        "{got:?}"
    );
    // Two sentences in title case are speech; so is a colon-introduced slogan.
    let got = quotes("She paused. “The Donald. Big Daddy.”");
    assert!(
        got.iter().any(|x| x.1 == "The Donald. Big Daddy."),
        "{got:?}"
    );
    let got = quotes("The crowd chanted a slogan: “Lock Her Up.”");
    assert!(got.iter().any(|x| x.1 == "Lock Her Up."), "{got:?}");
    // `said her mother` has a speaker; `to her` is a hearer, not an infinitive.
    assert_eq!(
        quotes("\"Another time, Lizzy,\" said her mother, \"I would not dance with him.\""),
        [
            q("direct", "Another time, Lizzy,", "her mother"),
            q("direct", "I would not dance with him.", "her mother")
        ]
    );
    let got = quotes("He observed to her, in a tone of regret, that it \"was a very long time since he had seen her.\"");
    assert!(got.iter().all(|x| !x.1.starts_with("to her")), "{got:?}");
}

#[test]
fn titles_are_not_quotes_even_beside_a_frame() {
    let got = quotes(
        "After hitting “Takin’ It To the Streets,” the singer told the audience, “that’s really \
         good, maybe we should go on the road.”",
    );
    assert_eq!(
        got,
        [q(
            "direct",
            "that’s really good, maybe we should go on the road.",
            "the singer"
        )]
    );
    assert!(quotes(
        "In his book \"Financial Freedom: A Proven Path to All the Money You Will Ever Need,\" \
         he shares the formula."
    )
    .iter()
    .all(|(k, _, _)| k != "direct"));
}

#[test]
fn weak_cues_right_after_a_quote_report_it() {
    assert_eq!(
        quotes("“Flu season has already begun in many parts of the country,” the doctors stated."),
        [q(
            "direct",
            "Flu season has already begun in many parts of the country,",
            "the doctors"
        )]
    );
}

#[test]
fn a_dateline_opening_an_article_is_not_a_speaker() {
    let got = quotes(
        "NEW DELHI: Nearly 150 deportees returned home on Wednesday.\n\nThey said the flight was long.",
    );
    assert!(got.iter().all(|(_, _, m)| m != "NEW DELHI"), "{got:?}");
}

#[test]
fn a_subject_opening_its_clause_keeps_its_prepositional_phrase() {
    for (t, m) in [
        (
            "A professor at Harvard said the plan would fail.",
            "A professor at Harvard",
        ),
        ("Police in Hayward said the man fled.", "Police in Hayward"),
        (
            "China’s envoy to the United Nations said the plan would fail.",
            "China’s envoy to the United Nations",
        ),
        (
            "John Smith at Harvard said the plan would fail.",
            "John Smith at Harvard",
        ),
    ] {
        assert_eq!(first_mention(t), m, "{t}");
    }
    // (Not a place after a verb, nor `to` after a noun that does not take it.)
    assert_eq!(
        first_mention("He moved to Boston and said the plan would fail."),
        "He"
    );
}

#[test]
fn a_weak_cue_as_an_infinitive_before_that_reports() {
    let got = quotes(
        "Abandoning likes allowed Mosseri to claim that Instagram wants to be “a calmer space.”",
    );
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(
        (got[0].0.as_str(), got[0].1.as_str()),
        ("mixed", "Instagram wants to be “a calmer space.”")
    );
}

#[test]
fn a_report_noun_with_a_possessor_frames_its_clause() {
    assert_eq!(
        quotes(
            "The exit came in light of Van Der Beek’s announcement that his wife had been sick."
        ),
        [q("indirect", "his wife had been sick", "Van Der Beek’s")]
    );
    assert_eq!(
        quotes("Despite Mr. Trump’s Oct. 11 announcement that a deal was near, talks stalled."),
        [q("indirect", "a deal was near", "Mr. Trump’s")]
    );
    // Without a possessor, or without `that`, a noun frames nothing.
    assert!(quotes("The announcement that a deal was near came on Monday.").is_empty());
    assert!(quotes("His announcement came on Monday after a long wait.").is_empty());
}

#[test]
fn alleged_before_a_bare_noun_is_an_adjective() {
    let got = quotes(
        "In an interview about his friendship with billionaire pedophile and alleged sex \
         trafficker Jeffrey Epstein, the host pressed Andrew.",
    );
    assert!(got.is_empty(), "{got:?}");
    assert_eq!(
        quotes("Prosecutors alleged that the company lied."),
        [q("indirect", "the company lied", "Prosecutors")]
    );
}

#[test]
fn a_participle_after_the_occasion_reports_for_the_speaker() {
    let got = quotes(
        "We will get there, she said at a news conference announcing that her department was \
         suing the state.",
    );
    assert_eq!(
        got,
        [
            q("indirect", "We will get there", "she"),
            q("indirect", "her department was suing the state", "she")
        ]
    );
    // (`The company issued a statement saying`: the statement's issuer.)
    assert_eq!(
        first_mention("The company issued a statement saying that the deal was off."),
        "The company"
    );
}

#[test]
fn a_concession_after_a_comma_inside_the_closing_mark_is_a_second_report() {
    assert_eq!(
        quotes(
            "Lynch said she speaks about race because “you talk about the issues in front of \
             you,” though she noted she has also pushed for tougher prosecution."
        ),
        [
            q(
                "mixed",
                "she speaks about race because “you talk about the issues in front of you,”",
                "Lynch"
            ),
            q(
                "indirect",
                "she has also pushed for tougher prosecution",
                "she"
            )
        ]
    );
}

#[test]
fn a_quote_after_its_cue_closing_before_the_next_verb_is_whole() {
    assert_eq!(
        quotes("Protesters marching through the streets chanted \"What curfew?\" and kept going."),
        [q(
            "direct",
            "What curfew?",
            "Protesters marching through the streets"
        )]
    );
    assert_eq!(
        quotes("She said \"no\" and left the room."),
        [q("direct", "no", "She")]
    );
}

#[test]
fn a_short_quoted_phrase_after_an_article_is_a_term() {
    let got = quotes(
        "It has grown beyond its intent, they say. It requires an investment in a rural area or \
         a \"targeted employment area,\" which is defined as an urban area.",
    );
    assert!(got.iter().all(|q| q.0 != "direct"), "{got:?}");
    // (Not words that read like speech: `to emulate the “Very true, my love,” which ...`.)
    let got = quotes(
        "He liked praise. She would not emulate the \"Very true, my love,\" which his companion \
         gave him.",
    );
    assert!(got.iter().any(|q| q.0 == "direct"), "{got:?}");
}

#[test]
fn a_clause_coordinated_before_a_postposed_frame_is_content_not_apposition() {
    assert_eq!(
        quotes(
            "His refusal did not go over well with Republicans, and the meeting deteriorated \
             from there, said one GOP source in the room."
        ),
        [q(
            "indirect",
            "His refusal did not go over well with Republicans, and the meeting deteriorated from there",
            "one GOP source"
        )]
    );
    // (Without a subject after the cue the phrase before stays the subject's.)
    let got = quotes(
        "He took the hint, and when Mary had finished her song, said aloud, \"That will do.\"",
    );
    assert!(got.iter().all(|q| q.2 != "aloud"), "{got:?}");
}

#[test]
fn a_closing_though_is_the_writers() {
    assert_eq!(
        quotes("The production company denies that anything has been sorted, though."),
        [q(
            "indirect",
            "anything has been sorted",
            "The production company"
        )]
    );
}

#[test]
fn a_fragment_running_past_the_sentence_keeps_the_mixed_quote_to_its_closing_mark() {
    assert_eq!(
        quotes(
            "Bornstein told CNN that Trump \"dictated that whole letter. I didn't write that \
             letter.\" Then he left."
        ),
        [q(
            "mixed",
            "Trump \"dictated that whole letter. I didn't write that letter.\"",
            "Bornstein"
        )]
    );
}

#[test]
fn a_bracket_closing_the_writers_aside_is_not_content() {
    assert_eq!(
        quotes(
            "(Alden on Tuesday announced that it had become the largest shareholder of Tribune.)"
        ),
        [q(
            "indirect",
            "it had become the largest shareholder of Tribune",
            "Alden"
        )]
    );
}

#[test]
fn a_participle_after_nested_speech_is_the_outer_speakers() {
    assert_eq!(
        quotes(
            "Pompeo said Washington had concluded the settlements were legal, saying he trusted \
             the courts to decide."
        ),
        [
            q(
                "indirect",
                "Washington had concluded the settlements were legal",
                "Pompeo"
            ),
            q("indirect", "he trusted the courts to decide", "Pompeo")
        ]
    );
}

#[test]
fn a_dateline_opening_reported_content_is_not_part_of_it() {
    assert_eq!(
        quotes("WASHINGTON ― The plan is an insult to all voters, top lawmakers said on Friday."),
        [q(
            "indirect",
            "The plan is an insult to all voters",
            "top lawmakers"
        )]
    );
    assert_eq!(
        quotes("MEXICO CITY (Reuters) - The wave will hurt trade, officials said."),
        [q("indirect", "The wave will hurt trade", "officials")]
    );
}

#[test]
fn quantities_added_are_not_speech() {
    let got = quotes("The company’s shares added more than 2% on Monday.");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn things_added_maintained_or_boasted_are_not_speech_but_clauses_are() {
    for t in [
        "NASA also added smaller landers to the lunar contract.",
        "Former Vice President Joe Biden has maintained a significant polling lead for months.",
        "Titan is the only object other than Earth boasting stable liquids on the surface.",
    ] {
        let got = quotes(t);
        assert!(got.is_empty(), "{t}: {got:?}");
    }
    assert_eq!(
        quotes("Okafor added the ferry was ready."),
        [q("indirect", "the ferry was ready", "Okafor")]
    );
    assert_eq!(
        quotes("Okafor added he would run again."),
        [q("indirect", "he would run again", "Okafor")]
    );
    assert_eq!(
        quotes("Biden has maintained that the lead is real."),
        [q("indirect", "the lead is real", "Biden")]
    );
}

#[test]
fn a_second_report_coordinated_with_the_frame_is_the_speakers_own_quote() {
    // The nested `promised` has its own subject; `and said` goes back to the lawyer (PolNeAR's
    // reading), and the first content ends before it.
    assert_eq!(
        quotes("Her lawyer says Machado promised to keep supporting Clinton and said she would stand up to the attacks."),
        [
            q("indirect", "Machado promised to keep supporting Clinton", "Her lawyer"),
            q("indirect", "she would stand up to the attacks", "Her lawyer")
        ]
    );
    assert_eq!(
        quotes("The governor said the plan was ready but also warned that it would cost more."),
        [
            q("indirect", "the plan was ready", "The governor"),
            q("indirect", "it would cost more", "The governor")
        ]
    );
    // A gerund after a preposition is part of the content, not a second report.
    assert_eq!(
        quotes("Officials said developers had defined the areas by adding poor communities to rich ones."),
        [q(
            "indirect",
            "developers had defined the areas by adding poor communities to rich ones",
            "Officials"
        )]
    );
    // One with its own complement reports.
    let mut d = Document::new(
        "t",
        "She had been assured of his absence before she came, and began by observing that his \
         arrival was unexpected.",
    );
    rule_stages(&mut d);
    assert!(
        d.quotes
            .iter()
            .any(|q| q.cue.is_some_and(|c| d.slice(c) == "observing")
                && d.slice(q.span) == "his arrival was unexpected"),
        "{:?}",
        d.quotes
    );
}

#[test]
fn a_clause_before_said_x_is_content_and_x_speaks() {
    assert_eq!(
        quotes(
            "Computers and electronic devices have seen impacts, too, said Mary E. Lovely, a \
             Syracuse University economist."
        ),
        [q(
            "indirect",
            "Computers and electronic devices have seen impacts, too",
            "Mary E. Lovely"
        )]
    );
    let got = quotes(
        "If that holds up, that would work out to a large hit on growth, said Ross Burkhart.",
    );
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].2, "Ross Burkhart");
}

#[test]
fn an_apposition_inside_an_apposition_keeps_the_first_name() {
    let got = quotes(
        "Omar Lamrani, a senior military analyst at Stratfor, the Texas-based intelligence \
         organization, told reporters that the group was secular.",
    );
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].2.starts_with("Omar Lamrani,"), "{got:?}");
    // (A name apposed to the object of `to` names that object: `heir to the throne, Charles`.)
    let got = quotes(
        "Prince Andrew, the younger brother of heir to the British throne, Charles, has \
         reportedly told friends that the interview was a success.",
    );
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].2.starts_with("Prince Andrew,"), "{got:?}");
    // (Not `to` before a verb.)
    let m = first_mention(
        "Perhaps it is a twist of irony, but given the European Union's efforts to collect -- \
         which Apple's chief executive, Tim Cook, called ''total political crap'' -- one \
         question has emerged.",
    );
    assert!(!m.starts_with("Perhaps"), "{m}");
}

#[test]
fn a_coordinated_apposition_keeps_the_name_before_it() {
    let got = quotes(
        "“We got out more than we put in,” Dylan Nelson, a fellow at the institute in Munich, \
         Germany, and co-author of the study, said in a statement.",
    );
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].2.starts_with("Dylan Nelson,"), "{got:?}");
}

#[test]
fn section_notes_under_a_heading_are_not_a_transcript() {
    let got = quotes(
        "The Lakers won again on Monday night.\n\nTIP-INS\n\n\
         Thunder: F Hamidou Diallo missed his third straight game with a knee sprain.\n\n\
         Lakers: Kyle Kuzma left the court in the second quarter with an eye abrasion.",
    );
    assert!(got.is_empty(), "{got:?}");
    // A transcript keeps its turns.
    assert_eq!(
        quotes("The debate went on.\n\nPENCE: We will cut taxes for every family in the state.")
            .len(),
        1
    );
}

#[test]
fn surnames_ending_in_ly_are_names_not_adverbs() {
    assert_eq!(
        quotes("“We will ask again next week,” Megyn Kelly said."),
        [q("direct", "We will ask again next week,", "Megyn Kelly")]
    );
    assert_eq!(
        quotes("“Keep one boat for the islands,” Early told Hale."),
        [q("direct", "Keep one boat for the islands,", "Early")]
    );
}

#[test]
fn a_quoted_title_inside_the_subject_is_not_the_quote() {
    assert_eq!(
        quotes(
            "\"Hearing the heartbeat was something we never take for granted,\" the \"Pose\" \
             actor previously said on Monday."
        ),
        [q(
            "direct",
            "Hearing the heartbeat was something we never take for granted,",
            "the \"Pose\" actor"
        )]
    );
}

#[test]
fn a_name_after_a_relative_clause_is_the_subject_not_the_clauses_object() {
    assert_eq!(
        quotes("The company that runs the AMAs, Dick Clark Productions, denies that anything was sorted."),
        vec![q("indirect", "anything was sorted", "Dick Clark Productions")]
    );
    assert_eq!(
        quotes("The group that owns most of her music, Big Machine, says she may play."),
        vec![q("indirect", "she may play", "Big Machine")]
    );
    // Not a relative clause: the head and its apposition stay one subject.
    assert_eq!(
        quotes("Ban Ki-moon, the former secretary general, said the plan had failed."),
        vec![q(
            "indirect",
            "the plan had failed",
            "Ban Ki-moon, the former secretary general"
        )]
    );
}

#[test]
fn a_joint_source_speaks_through_its_first_named_member() {
    let m = first_mention;
    assert_eq!(
        m("Mr. Grassley and Mr. Leahy said the bill would pass."),
        "Mr. Grassley"
    );
    assert_eq!(
        m("The plan works, he and his wife Kali said on a podcast."),
        "he"
    );
    // One person; named and unnamed people; unnamed people; a name with `and` inside: not
    // the first conjunct (what the mention is then is another rule's).
    assert_eq!(
        m("GOP contender and former neurosurgeon Ben Carson said the plan works."),
        "former neurosurgeon Ben Carson"
    );
    assert_eq!(
        m("Trump and his attorneys said the suit was baseless."),
        "his attorneys"
    );
    assert_eq!(
        m("White House and Pentagon spokesmen said the strike was legal."),
        "Pentagon spokesmen"
    );
    assert_eq!(
        m("A spokesperson for the Parks and Recreation Department said the pool was closed."),
        "Recreation Department"
    );
}

#[test]
fn a_bare_role_after_a_postposed_subject_is_its_apposition_not_content() {
    assert_eq!(
        quotes("Prices will rise, said John Petrides, manager of the fund."),
        vec![q("indirect", "Prices will rise", "John Petrides")]
    );
    assert_eq!(
        quotes("The deal is a trend, says John Petrides, portfolio manager at Tocqueville."),
        vec![q("indirect", "The deal is a trend", "John Petrides")]
    );
    // A clause after the name is the second half of the content.
    assert_eq!(
        quotes("Prices will rise, said John Petrides, and the manager will stay.").len(),
        2
    );
}

#[test]
fn unnamed_sources_described_by_what_they_know_are_whole_subjects() {
    let m = first_mention;
    assert_eq!(
        m("China is wary of concessions, people familiar with Chinese trade policy said."),
        "people familiar with Chinese trade policy"
    );
    assert_eq!(
        m("The deal will close soon, a person close to the company said."),
        "a person close to the company"
    );
    assert_eq!(
        m("The talks stalled, officials briefed on the talks said."),
        "officials briefed on the talks"
    );
}

#[test]
fn a_cue_in_an_opening_subordinate_clause_reports_up_to_its_comma() {
    assert_eq!(
        quotes("While press secretary Stephanie Grisham said the trip was routine, he did not have the exam."),
        vec![q("indirect", "the trip was routine", "press secretary Stephanie Grisham")]
    );
    // Without a subordinator, commas stay inside the content.
    assert_eq!(
        quotes("The mayor said the bridge, which is old, would close.")[0].1,
        "the bridge, which is old, would close"
    );
}

#[test]
fn discourse_idioms_and_telling_the_truth_are_not_speech() {
    assert!(quotes("Which is not to say that the visit was routine.").is_empty());
    assert!(quotes("Needless to say, the plan failed.").is_empty());
    assert!(
        quotes("A White House that lies as easily as it tells the truth creates problems.")
            .is_empty()
    );
    assert_eq!(quotes("He told reporters that the plan failed.").len(), 1);
}

#[test]
fn a_name_keeps_both_its_appositions() {
    let m = first_mention;
    assert_eq!(
        m("Cmdr. Sean Robertson, a spokesperson for Inherent Resolve, the U.S. military operation, said the claims were false."),
        "Cmdr. Sean Robertson, a spokesperson for Inherent Resolve, the U.S. military operation"
    );
    // A fronted place is no name of the speaker.
    assert_eq!(
        m("In Washington, a spokesperson for the agency, the main regulator, said the claims were false."),
        "a spokesperson for the agency, the main regulator"
    );
}

#[test]
fn a_hearer_with_a_role_and_a_date_comes_before_that() {
    assert_eq!(
        quotes(
            "Robertson told VOA correspondent Carla Babb on Nov. 18 that the claims were false."
        )[0]
        .1,
        "the claims were false"
    );
    // Reporters and a date are a hearer too.
    assert_eq!(
        quotes("She told reporters on Monday that the plan would fail.")[0].1,
        "the plan would fail"
    );
    // A hearer with its modifiers, commas included.
    assert_eq!(
        quotes("Sanders told a town hall in Salem, New Hampshire on Monday that he would win.")[0]
            .1,
        "he would win"
    );
    assert_eq!(
        quotes(
            "He told conservative radio host Hugh Hewitt on Wednesday that her tweet was a joke."
        )[0]
        .1,
        "her tweet was a joke"
    );
    // A clause before `that` is the content's own (`told reporters he thinks that ...`).
    assert_eq!(
        quotes("He told reporters he thinks that the plan will fail.")[0].1,
        "he thinks that the plan will fail"
    );
}

#[test]
fn an_ing_form_after_a_degree_word_is_an_adjective() {
    let mut d = Document::new(
        "t",
        "But the most telling contradiction was his claim that he visited Epstein in 2010.",
    );
    rule_stages(&mut d);
    assert!(
        d.quotes
            .iter()
            .all(|q| q.cue.is_none_or(|c| d.slice(c) != "telling")),
        "{:?}",
        d.quotes
    );
}

#[test]
fn asked_after_a_question_that_closed_the_sentence_before_reports_it() {
    assert_eq!(
        quotes("“Can I give it to James?” Brooke tearfully asked before apologizing to the actor."),
        vec![q("direct", "Can I give it to James?", "Brooke")]
    );
    // Without a question before it, `asked before` reports nothing.
    assert!(quotes("Brooke asked before leaving the stage.").is_empty());
}

#[test]
fn a_quote_completing_the_clause_before_a_frame_is_mixed_with_the_clause() {
    assert_eq!(
        quotes("Apple was “pulled into the enterprise,” Cook said."),
        [q(
            "mixed",
            "Apple was “pulled into the enterprise,”",
            "Cook"
        )]
    );
    // A split quote: the first half takes its clause, the second stays direct.
    assert_eq!(
        quotes("Mills “got an immunity agreement,” Jordan said, “and that is strange.”"),
        [
            q("mixed", "Mills “got an immunity agreement,”", "Jordan"),
            q("direct", "and that is strange.", "Jordan")
        ]
    );
    // After a colon or a dash the words before the quote introduce it.
    assert_eq!(
        quotes("He had one answer: “We will rebuild,” Cook said."),
        [q("direct", "We will rebuild,", "Cook")]
    );
    assert_eq!(
        quotes("“We will rebuild,” Cook said."),
        [q("direct", "We will rebuild,", "Cook")]
    );
    // An opening subordinate clause is the narrator's circumstance.
    assert_eq!(
        quotes("As the day drew near, “I begin to be sorry,” said Jane."),
        [q("direct", "I begin to be sorry,", "Jane")]
    );
}

#[test]
fn reported_content_leaves_out_the_connective_opening_its_sentence() {
    assert_eq!(
        quotes("But the bridge will open in May, the mayor said."),
        [q("indirect", "the bridge will open in May", "the mayor")]
    );
    assert_eq!(
        quotes("In sum, the plan is dead, the mayor said."),
        [q("indirect", "the plan is dead", "the mayor")]
    );
    // Inside quote marks the word is the speaker's.
    assert_eq!(
        quotes("“But the bridge will open in May,” the mayor said."),
        [q("direct", "But the bridge will open in May,", "the mayor")]
    );
    // Not a connective: `so` without a comma, `and` inside the sentence.
    assert_eq!(
        quotes("So many people came, the mayor said."),
        [q("indirect", "So many people came", "the mayor")]
    );
}

#[test]
fn a_name_given_in_the_passive_is_not_speech() {
    let t =
        "Mold from hay can lead to what’s called “farmer's lung,” not to be confused with a tan.";
    assert!(quotes(t).is_empty(), "{:?}", quotes(t));
    // Nor a short quote after a naming word that no frame took.
    let t = "“It is rare,” Dr. Owen Dempsey said. The patient was diagnosed with what's called \
             \"feather duvet lung,\" a rare illness.";
    assert_eq!(quotes(t).len(), 1, "{:?}", quotes(t));
    // In the active voice somebody speaks.
    assert_eq!(
        first_mention("Mayor Ana Ruiz called the plan “a disaster” on Tuesday."),
        "Mayor Ana Ruiz"
    );
}

#[test]
fn who_was_told_and_where_is_not_content() {
    assert_eq!(
        quotes("Trump told host Alex Marlow on Thursday how surprised he is."),
        [q("indirect", "how surprised he is", "Trump")]
    );
    assert_eq!(
        quotes("The prince told friends and family that the interview was a success."),
        [q("indirect", "the interview was a success", "The prince")]
    );
    // `what`, `how`, `whether` stay: they open the clause.
    assert_eq!(
        quotes("The mayor told reporters on Friday what the city would do."),
        [q("indirect", "what the city would do", "The mayor")]
    );
}

#[test]
fn a_quote_after_a_named_blog_or_show_is_the_speakers() {
    let got = quotes(
        "As retiree Steve Adcock wrote on his blog Think, Save, Retire, “Sacrifice is necessary.”",
    );
    assert_eq!(
        got,
        [q(
            "direct",
            "Sacrifice is necessary.",
            "retiree Steve Adcock"
        )]
    );
}

#[test]
fn pointed_out_is_one_cue_before_a_clause_or_after_a_quote() {
    assert_eq!(
        quotes("The ferry office then pointed out that one crossing may carry two buses."),
        [q(
            "indirect",
            "one crossing may carry two buses",
            "The ferry office"
        )]
    );
    assert_eq!(
        quotes("“It will not pass,” she pointed out."),
        [q("direct", "It will not pass,", "she")]
    );
    // A thing pointed out is no report; nor is a direction.
    assert_eq!(
        quotes("The senator pointed out the progress he has made."),
        []
    );
    assert_eq!(quotes("The guide pointed at the bridge."), []);
    assert_eq!(
        quotes("She pointed out, with a rapturous air, the fine proportion of the room."),
        []
    );
}

#[test]
fn a_participle_after_a_letter_to_its_recipient_reports_for_the_sender() {
    assert_eq!(
        quotes(
            "The group sent a letter to management earlier this month stating that its \
             members want fair pay."
        ),
        [q("indirect", "its members want fair pay", "The group")]
    );
    // A name set off after a common-noun subject is who it is.
    assert_eq!(
        quotes(
            "The group, Workers United, sent a letter to management this month stating that \
             its members want fair pay."
        ),
        [q("indirect", "its members want fair pay", "Workers United")]
    );
}

#[test]
fn a_possessor_opening_the_clause_is_not_its_subject() {
    // (The subject of a coordinated cue with no subject of its own is the clause's.)
    assert_eq!(
        quotes(
            "China’s ambassador to Britain accused the UK of meddling and warned that the \
             government would act."
        ),
        [q(
            "indirect",
            "the government would act",
            "China’s ambassador to Britain"
        )]
    );
}

#[test]
fn some_verbs_report_speech_only_where_they_close_a_quote() {
    assert_eq!(
        quotes("“Step out of the room,” an officer ordered."),
        [q("direct", "Step out of the room,", "an officer")]
    );
    assert_eq!(
        quotes("“Oh! you are a great deal too apt,” cried Elizabeth, “to like people.”"),
        [
            q("direct", "Oh! you are a great deal too apt,", "Elizabeth"),
            q("direct", "to like people.", "Elizabeth")
        ]
    );
    // Elsewhere they report nothing.
    assert_eq!(
        quotes("The judge ordered that the files be released on Monday."),
        []
    );
}

#[test]
fn a_contrast_with_a_frame_of_its_own_ends_the_content_before_it() {
    assert_eq!(
        quotes(
            "China said it is committed to the formula, while the city’s police deny \
             accusations of brutality and say they show utmost restraint."
        ),
        [
            q("indirect", "it is committed to the formula", "China"),
            q(
                "indirect",
                "they show utmost restraint",
                "the city’s police"
            )
        ]
    );
}

#[test]
fn a_participle_after_an_opening_quote_takes_the_clause_subject_after_it() {
    assert_eq!(
        quotes(
            "“We all miss Steve so much,” Benioff weighed in, telling Cook, “since he passed, \
             you've been so true to him.”"
        ),
        // (The first quote has no cue: the speaker model carries the speaker to it.)
        [
            q("direct", "We all miss Steve so much,", ""),
            q(
                "direct",
                "since he passed, you've been so true to him.",
                "Benioff"
            )
        ]
    );
}

#[test]
fn a_participial_apposition_holds_a_clause_and_an_inverted_subject_does_not() {
    // (`because they were ...` inside the apposition is no reason to read the subject after
    // the cue, and a clause after the cue is no inverted subject.)
    let got = quotes(
        "Two officials, speaking on condition of anonymity because they were not authorized to \
         discuss the matter, said the review would take months.",
    );
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].1, "the review would take months");
    assert!(got[0].2.starts_with("Two officials"), "{got:?}");
    // A name that is also an auxiliary, and a relative clause, still make inverted subjects.
    assert_eq!(
        quotes("“It is late,” said Will Tjernlund."),
        [q("direct", "It is late,", "Will Tjernlund")]
    );
    assert_eq!(
        quotes("The plan is dead, said a Mexican official who was not authorized to speak."),
        [q(
            "indirect",
            "The plan is dead",
            "a Mexican official who was not authorized"
        )]
    );
}
