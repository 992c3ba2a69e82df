//! The shipped speaker model, run for real over the real entity tagger: what it changes in the
//! rules' choices, and that it can be switched off.

use std::path::Path;

use whosaid::model::Backend;
use whosaid::run::pipeline::Pipeline;

fn pipeline() -> Pipeline {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("models");
    Pipeline::load(&dir.join("ner"), Backend::Candle).unwrap()
}

/// (quote text, speaker, confidence) of every quote of `text`.
fn speakers(p: &Pipeline, text: &str) -> Vec<(String, Option<String>, f32)> {
    let d = crate::util::document(p, text);
    d.quotes
        .iter()
        .map(|q| {
            (
                d.slice(q.span).to_string(),
                q.speaker.name.clone(),
                q.confidence,
            )
        })
        .collect()
}

const RUN: &str = "The mayor, Ed Alvarez, spoke to reporters outside City Hall on Monday.\n\n\
                   A man has been stabbed to death on a train, he said.\n\n\
                   “We are working with the police.”";

#[test]
fn a_quote_with_no_frame_goes_on_with_the_speaker_before_it() {
    let mut p = pipeline();
    assert!(p.speakers.is_some(), "the speaker model is on by default");
    let learned = speakers(&p, RUN);
    assert_eq!(learned.len(), 2, "{learned:?}");
    assert_eq!(learned[0].1.as_deref(), Some("Ed Alvarez"), "{learned:?}");
    assert_eq!(learned[1].1.as_deref(), Some("Ed Alvarez"), "{learned:?}");
    // Less sure of the carried speaker than of the framed one.
    assert!(learned[1].2 < learned[0].2, "{learned:?}");

    // The rules alone leave it unattributed.
    p.speakers = None;
    let rules = speakers(&p, RUN);
    assert_eq!(rules[1].1, None, "{rules:?}");
    assert_eq!(rules[0].1.as_deref(), Some("Ed Alvarez"));
}

#[test]
fn the_framed_speaker_stands() {
    let text = "“Prices will fall,” said Maria Lopez, the bank’s chief economist. \
                John Smith, her deputy, disagreed.";
    let got = speakers(&pipeline(), text);
    assert_eq!(got[0].1.as_deref(), Some("Maria Lopez"), "{got:?}");
}

#[test]
fn a_man_is_the_name_beside_the_word_not_any_name_near_it() {
    let p = pipeline();
    let names = |text: &str| -> Vec<Option<String>> {
        speakers(&p, text).into_iter().map(|(_, s, _)| s).collect()
    };
    // Not a name in the same sentence, nor one beside a word that holds `man`.
    let far = "His doctor thought the man had flu, but unlike in the Howard Jones song, it got \
               worse. Julia Hart, a human rights lawyer, was there.\n\nThe man said he felt \
               better.";
    assert_eq!(names(far), [None]);
    let beside = "The man, Chris Okafor, was there on Monday.\n\nThe man said he felt better.";
    assert_eq!(names(beside), [Some("Chris Okafor".to_string())]);
}

#[test]
fn a_bare_role_is_not_the_role_of_a_named_body() {
    let p = pipeline();
    let text = "President Maria Okafor met the bank's leaders on Monday. John Williams, the \
                president of the Federal Reserve Bank of New York, spoke too.\n\nThe president \
                says her approach has created leverage.";
    let got = speakers(&p, text);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].1.as_deref(), Some("Maria Okafor"), "{got:?}");
}

#[test]
fn a_role_with_a_name_set_off_after_it_is_that_name_and_a_place_in_an_apposition_is_none() {
    let p = pipeline();
    let got = speakers(
        &p,
        "Defense Secretary Ash Carter travelled to Brussels. Carter’s press secretary, Peter \
         Cook, said the trip was planned months ago.",
    );
    assert_eq!(got[0].1.as_deref(), Some("Peter Cook"), "{got:?}");
    let got = speakers(
        &p,
        "Marley Anderson, 21, a junior from Las Vegas, said she would vote in March.",
    );
    assert_ne!(got[0].1.as_deref(), Some("Las Vegas"), "{got:?}");
}
