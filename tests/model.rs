//! The shipped entity model, really run: labels, offsets, windowing, bad model directories.

use std::path::{Path, PathBuf};

use whosaid::entities::EntityTagger;
use whosaid::model::{Backend, NerModel};

fn shipped() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("models/ner")
}

fn tagger() -> EntityTagger {
    EntityTagger::new(
        NerModel::load(&shipped(), Backend::Candle).expect("shipped model loads"),
        128,
    )
    .expect("tagger")
}

fn entities(t: &EntityTagger, text: &str) -> Vec<(String, String)> {
    t.tag(&[text])
        .unwrap()
        .remove(0)
        .into_iter()
        .map(|e| (text[e.span.start..e.span.end].to_string(), e.label))
        .collect()
}

#[test]
fn finds_people_organisations_and_places() {
    let t = tagger();
    let found = entities(
        &t,
        "US President Donald Trump told the Financial Times that he would not send missiles to Moscow.",
    );
    assert!(
        found.contains(&("Donald Trump".into(), "PER".into())),
        "{found:?}"
    );
    assert!(
        found.contains(&("Financial Times".into(), "ORG".into())),
        "{found:?}"
    );
    assert!(
        found.contains(&("Moscow".into(), "LOC".into())),
        "{found:?}"
    );
}

#[test]
fn offsets_slice_the_original_text() {
    let t = tagger();
    let text = "😀 “Ça va,” dit Élodie Durand à São Paulo. 日本の東京 Angela Merkel visited Zürich’s old town.";
    let ents = t.tag(&[text]).unwrap().remove(0);
    assert!(!ents.is_empty());
    for e in &ents {
        let s = &text[e.span.start..e.span.end];
        assert_eq!(s, s.trim(), "entity span has surrounding space: {s:?}");
        assert!(!s.is_empty());
    }
    let names: Vec<&str> = ents
        .iter()
        .map(|e| &text[e.span.start..e.span.end])
        .collect();
    assert!(names.contains(&"Angela Merkel"), "{names:?}");
    assert!(names.iter().any(|n| n.contains("Durand")), "{names:?}");
}

#[test]
fn long_input_is_windowed_without_losing_edge_entities() {
    let t = tagger();
    // ~3,000 words: the same sentence, each naming a person, so any window edge falls on one.
    let sentence =
        "Yesterday Angela Merkel met Emmanuel Macron in Berlin to talk about trade and energy. ";
    let text = sentence.repeat(3000 / sentence.split_whitespace().count() + 1);
    let ents = t.tag(&[text.as_str()]).unwrap().remove(0);
    let merkel = ents
        .iter()
        .filter(|e| &text[e.span.start..e.span.end] == "Angela Merkel")
        .count();
    let n = text.matches("Angela Merkel").count();
    assert!(
        merkel * 100 >= n * 98,
        "found {merkel} of {n} Angela Merkel mentions"
    );
    for e in &ents {
        assert!(text.is_char_boundary(e.span.start) && text.is_char_boundary(e.span.end));
    }
}

#[test]
fn empty_and_whitespace_input_give_no_entities() {
    let t = tagger();
    let out = t.tag(&["", "   \n\t  "]).unwrap();
    assert!(out.iter().all(Vec::is_empty));
}

fn copy_model(to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for f in ["config.json", "tokenizer.json", "model.safetensors"] {
        std::fs::copy(shipped().join(f), to.join(f)).unwrap();
    }
}

fn load_err(dir: &Path) -> String {
    match NerModel::load(dir, Backend::Candle) {
        Ok(_) => panic!("{} loaded", dir.display()),
        Err(e) => e.to_string(),
    }
}

#[test]
fn bad_model_directories_give_clear_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("m");
    copy_model(&d);
    std::fs::remove_file(d.join("tokenizer.json")).unwrap();
    assert!(load_err(&d).contains("missing tokenizer.json"));

    copy_model(&d);
    std::fs::remove_file(d.join("model.safetensors")).unwrap();
    assert!(load_err(&d).contains("missing model.safetensors"));

    copy_model(&d);
    let cfg = std::fs::read_to_string(d.join("config.json")).unwrap();
    std::fs::write(
        d.join("config.json"),
        cfg.replace(
            "BertForTokenClassification",
            "BertForSequenceClassification",
        ),
    )
    .unwrap();
    assert!(load_err(&d).contains("unsupported architecture"));

    std::fs::write(
        d.join("config.json"),
        cfg.replace("\"B-PER\"", "\"PERSON\""),
    )
    .unwrap();
    assert!(
        load_err(&d).contains("not a BIO/IOB tag"),
        "{}",
        load_err(&d)
    );

    assert!(load_err(&tmp.path().join("nowhere")).contains("not a directory"));
}
