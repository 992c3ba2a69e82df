//! The shipped entity model, really run: labels, offsets, windowing, bad model directories.

use std::path::{Path, PathBuf};

use whosaid::model::kernels::Isa;
use whosaid::model::quantized::DEFAULT_ACT_BITS;
use whosaid::model::{
    load_tokenizer, Backend, Batch, BertConfig, Precision, QuantizedBert, TaggerModel,
    TokenClassifier,
};
use whosaid::stages::entities::EntityTagger;

fn shipped() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("models/ner")
}

fn tagger() -> EntityTagger {
    EntityTagger::new(
        TaggerModel::load(&shipped(), Backend::Candle).expect("shipped model loads"),
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
    match TaggerModel::load(dir, Backend::Candle) {
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

/// Sentences with names of every type, long and short, for comparing encoders.
fn news_sentences() -> Vec<String> {
    let mut out: Vec<String> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"))
            .unwrap()
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
            .flat_map(|e| {
                std::fs::read_to_string(e.path())
                    .unwrap()
                    .lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(String::from)
                    .collect::<Vec<_>>()
            })
            .collect();
    out.sort();
    out
}

fn spans(t: &EntityTagger, texts: &[String]) -> Vec<Vec<(usize, usize, String)>> {
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    t.tag(&refs)
        .unwrap()
        .into_iter()
        .map(|es| {
            es.into_iter()
                .map(|e| (e.span.start, e.span.end, e.label))
                .collect()
        })
        .collect()
}

#[test]
fn int8_encoder_finds_the_entities_of_the_f32_one() {
    let texts = news_sentences();
    assert!(texts.len() > 30);
    let int8 = spans(&tagger(), &texts);
    let f32 = EntityTagger::new(
        TaggerModel::load_with(&shipped(), Backend::Candle, Precision::F32).unwrap(),
        128,
    )
    .unwrap();
    let f32 = spans(&f32, &texts);
    let total: usize = f32.iter().map(Vec::len).sum();
    let same: usize = int8
        .iter()
        .zip(&f32)
        .map(|(a, b)| a.iter().filter(|e| b.contains(e)).count())
        .sum();
    // Quantization may move a rare borderline entity (CoNLL test: F1 within 0.002), no more.
    assert!(same * 100 >= total * 98, "{same} of {total} entities agree");
}

#[test]
fn every_kernel_gives_the_same_logits() {
    // The fallback path and every kernel this CPU has, forced: integer products are exact and the
    // element-wise code runs the same operations in the same order, so every bit agrees.
    let dir = shipped();
    let cfg = BertConfig::load(&dir, true).unwrap();
    let detected = QuantizedBert::load(&dir, &cfg, DEFAULT_ACT_BITS).unwrap();
    let portable = QuantizedBert::load(&dir, &cfg, DEFAULT_ACT_BITS)
        .unwrap()
        .with_isa(Isa::Portable);
    assert_eq!(portable.isa(), Isa::Portable);
    let tok = load_tokenizer(&dir).unwrap();
    let texts = news_sentences();
    let rows: Vec<Vec<u32>> = texts
        .iter()
        .take(12)
        .map(|t| {
            let ids = tok.encode(t.as_str(), true).unwrap().get_ids().to_vec();
            ids[..ids.len().min(128)].to_vec()
        })
        .collect();
    let len = rows.iter().map(Vec::len).max().unwrap();
    let (ids, mask) = whosaid::model::tagging::pad(rows.iter().map(Vec::as_slice), len);
    let types: Vec<u32> = ids.iter().map(|&i| i % 3).collect();
    let batch = Batch {
        ids: &ids,
        types: &types,
        mask: &mask,
        rows: rows.len(),
        len,
    };
    let a = detected.logits(&batch).unwrap();
    let b = portable.logits(&batch).unwrap();
    assert_eq!(a.len(), b.len());
    for isa in Isa::supported() {
        let model = QuantizedBert::load(&dir, &cfg, DEFAULT_ACT_BITS)
            .unwrap()
            .with_isa(isa);
        let c = model.logits(&batch).unwrap();
        let differ = c
            .iter()
            .zip(&b)
            .filter(|(x, y)| x.to_bits() != y.to_bits())
            .count();
        assert_eq!(differ, 0, "{isa:?}: {differ} of {} logits differ", a.len());
    }
    assert_eq!(a, b);
    // Padding is never encoded: a row's logits do not depend on the batch it is padded into.
    let alone = Batch {
        ids: &ids[..len],
        types: &types[..len],
        mask: &mask[..len],
        rows: 1,
        len,
    };
    let one = detected.logits(&alone).unwrap();
    assert_eq!(one, a[..one.len()].to_vec());
}

#[test]
fn bad_token_ids_are_errors_not_panics() {
    let dir = shipped();
    let cfg = BertConfig::load(&dir, true).unwrap();
    let m = QuantizedBert::load(&dir, &cfg, DEFAULT_ACT_BITS).unwrap();
    let ids = [101, 99_999_999, 102];
    let b = Batch {
        ids: &ids,
        types: &[0, 0, 0],
        mask: &[1, 1, 1],
        rows: 1,
        len: 3,
    };
    assert!(m
        .logits(&b)
        .unwrap_err()
        .to_string()
        .contains("outside the vocabulary"));
}
