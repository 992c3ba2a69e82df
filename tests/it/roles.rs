//! The shipped attribution-role model, run for real: what it tags, how the pipeline merges it
//! with the rules, and what it refuses.

use std::path::{Path, PathBuf};

use whosaid::document::Document;
use whosaid::model::{Backend, TaggerModel};
use whosaid::run::pipeline::Pipeline;
use whosaid::stages::attribution::merge::Decider;
use whosaid::stages::attribution::roles::{Role, RoleTagger};
use whosaid::stages::rule_stages;

fn models() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("models")
}

fn roles() -> RoleTagger {
    RoleTagger::new(TaggerModel::load(&models().join("attribution"), Backend::Candle).unwrap())
        .unwrap()
}

fn pipeline(decider: Decider) -> Pipeline {
    let mut p = Pipeline::load(&models().join("ner"), Backend::Candle).unwrap();
    if decider != Decider::Rules {
        p.roles = Some(roles());
    }
    p.decider = decider;
    p
}

/// (kind, text, speaker mention, speaker) of every quote of `text`.
fn quotes(p: &Pipeline, text: &str) -> Vec<(String, String, String, String)> {
    let d = crate::util::document(p, text);
    d.quotes
        .iter()
        .map(|q| {
            let m = q.speaker.mention.map(|m| d.slice(m).to_string());
            (
                q.kind.as_str().to_string(),
                d.slice(q.span).to_string(),
                m.unwrap_or_default(),
                q.speaker.name.clone().unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn the_model_tags_source_cue_and_a_noun_phrase_content() {
    let mut d = Document::new(
        "t",
        "Senator Maria Lopez criticized the new budget as a “disaster” for rural schools.",
    );
    rule_stages(&mut d);
    let chunks = roles()
        .tag(std::slice::from_ref(&d), true)
        .unwrap()
        .remove(0);
    let of = |role: Role| {
        chunks
            .iter()
            .filter(|c| c.role == role)
            .map(|c| d.slice(c.span))
            .collect::<Vec<_>>()
    };
    assert_eq!(of(Role::Cue), ["criticized"], "{chunks:?}");
    assert!(of(Role::Source)[0].contains("Lopez"), "{chunks:?}");
    assert!(
        of(Role::Content)[0].starts_with("the new budget"),
        "{chunks:?}"
    );
    assert!(chunks.iter().all(|c| c.prob > 0.0 && c.prob <= 1.0));
}

#[test]
fn both_adds_what_the_rules_miss_and_keeps_what_they_find() {
    let text = "Coach Daniel Reyes announced his retirement on Friday after three decades. \
                “It was time,” Reyes said.";
    let rules = quotes(&pipeline(Decider::Rules), text);
    let both = quotes(&pipeline(Decider::Both), text);
    assert_eq!(rules.len(), 1);
    // The direct quote is the rules', unchanged.
    assert!(both.contains(&rules[0]), "{both:?}");
    // The noun-phrase content no rule frame takes, attributed to the named speaker.
    let added: Vec<_> = both.iter().filter(|q| q.0 == "indirect").collect();
    assert_eq!(added.len(), 1, "{both:?}");
    assert_eq!(added[0].1, "his retirement");
    assert_eq!(added[0].3, "Daniel Reyes");
}

#[test]
fn the_entity_model_is_not_taken_for_a_role_model() {
    let ner = TaggerModel::load(&models().join("ner"), Backend::Candle).unwrap();
    let err = RoleTagger::new(ner).err().expect("refused").to_string();
    assert!(err.contains("not a role model"), "{err}");
}

#[test]
fn an_unknown_attribution_is_named_in_the_error() {
    let err = Decider::parse("learned").unwrap_err();
    assert!(
        err.contains("learned") && err.contains("rules, model or both"),
        "{err}"
    );
}
