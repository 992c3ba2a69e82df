//! `config.json` of a Hugging Face BERT checkpoint, validated for token classification.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Result};

/// The feed-forward activation named by `hidden_act`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Activation {
    /// Exact (erf) GELU, Hugging Face's `gelu`.
    #[serde(rename = "gelu")]
    Gelu,
    /// Tanh-approximated GELU; cheaper to differentiate, so our own models are trained with it.
    #[serde(alias = "gelu_new", alias = "gelu_pytorch_tanh", alias = "gelu_fast")]
    GeluTanh,
    /// ReLU.
    #[serde(rename = "relu")]
    Relu,
}

fn default_act() -> Activation {
    Activation::Gelu
}
fn default_types() -> usize {
    2
}
fn default_eps() -> f64 {
    1e-12
}

/// The fields of `config.json` that the encoder and head need.
#[derive(Debug, Clone, Deserialize)]
pub struct BertConfig {
    /// Rows of the word-embedding table.
    pub vocab_size: usize,
    /// Width of every hidden state.
    pub hidden_size: usize,
    /// Transformer layers.
    pub num_hidden_layers: usize,
    /// Attention heads per layer.
    pub num_attention_heads: usize,
    /// Width of the feed-forward layer.
    pub intermediate_size: usize,
    /// Feed-forward activation.
    #[serde(default = "default_act")]
    pub hidden_act: Activation,
    /// Rows of the position table: the longest input.
    pub max_position_embeddings: usize,
    /// Rows of the token-type table.
    #[serde(default = "default_types")]
    pub type_vocab_size: usize,
    /// Layer-norm epsilon.
    #[serde(default = "default_eps")]
    pub layer_norm_eps: f64,
    /// Label names by class index (`"0": "O"`); JSON keys are strings.
    #[serde(default)]
    pub id2label: BTreeMap<String, String>,
    /// Hugging Face architecture names.
    #[serde(default)]
    pub architectures: Vec<String>,
    /// Must be `bert` when present.
    #[serde(default)]
    pub model_type: Option<String>,
    /// Our models only: token-type ids carry each word's case (see [`case_type`]), because
    /// the uncased encoder cannot see it. Other checkpoints get token type 0, as usual.
    #[serde(default)]
    pub whosaid_case_types: bool,
}

impl BertConfig {
    /// Reads and validates `dir/config.json`. With `need_labels`, the checkpoint must be a BERT token
    /// classifier whose labels are BIO/IOB tags.
    pub fn load(dir: &Path, need_labels: bool) -> Result<Self> {
        let path = dir.join("config.json");
        let raw = std::fs::read_to_string(&path)
            .map_err(|e| Error::model(dir, format!("cannot read config.json: {e}")))?;
        Self::parse(&raw, dir, need_labels)
    }

    /// Like [`BertConfig::load`], from the text of `config.json`; `dir` names the model in errors.
    pub fn parse(raw: &str, dir: &Path, need_labels: bool) -> Result<Self> {
        let cfg: BertConfig = serde_json::from_str(raw)
            .map_err(|e| Error::model(dir, format!("config.json: {e}")))?;
        if let Some(t) = &cfg.model_type {
            if t != "bert" {
                return Err(Error::model(
                    dir,
                    format!("unsupported model_type {t:?}: only BERT checkpoints are supported"),
                ));
            }
        }
        if cfg.num_attention_heads == 0 || !cfg.hidden_size.is_multiple_of(cfg.num_attention_heads)
        {
            return Err(Error::model(
                dir,
                "hidden_size is not a multiple of num_attention_heads",
            ));
        }
        if need_labels {
            if !cfg.architectures.is_empty()
                && !cfg
                    .architectures
                    .iter()
                    .any(|a| a == "BertForTokenClassification")
            {
                return Err(Error::model(
                    dir,
                    format!(
                        "unsupported architecture {:?}: expected BertForTokenClassification",
                        cfg.architectures
                    ),
                ));
            }
            cfg.labels().map_err(|p| Error::model(dir, p))?;
        }
        Ok(cfg)
    }

    /// Labels in class order, checked to be `O` or `B-`/`I-` tags with a type.
    pub fn labels(&self) -> std::result::Result<Vec<String>, String> {
        if self.id2label.is_empty() {
            return Err("config.json has no id2label".into());
        }
        let mut out = vec![String::new(); self.id2label.len()];
        for (k, v) in &self.id2label {
            let i: usize = k
                .parse()
                .map_err(|_| format!("id2label key {k:?} is not a number"))?;
            let slot = out
                .get_mut(i)
                .ok_or_else(|| format!("id2label index {i} out of range"))?;
            *slot = v.clone();
        }
        for l in &out {
            let ok = l == "O" || ((l.starts_with("B-") || l.starts_with("I-")) && l.len() > 2);
            if !ok {
                return Err(format!(
                    "label {l:?} is not a BIO/IOB tag (expected O, B-TYPE or I-TYPE)"
                ));
            }
        }
        if !out.iter().any(|l| l == "O") {
            return Err("labels have no O tag".into());
        }
        Ok(out)
    }

    /// Number of output classes of the head.
    pub fn num_labels(&self) -> usize {
        self.id2label.len()
    }
}

/// Case class of a word, the token type our case-aware models read: 0 lower-case or no letter,
/// 1 capitalised (`Trump`), 2 all capitals of two letters or more (`NATO`, `WALLACE`).
pub fn case_type(word: &str) -> u32 {
    let mut letters = word.chars().filter(|c| c.is_alphabetic());
    let Some(first) = letters.next() else {
        return 0;
    };
    if !first.is_uppercase() {
        return 0;
    }
    let rest: Vec<char> = letters.collect();
    if !rest.is_empty() && rest.iter().all(|c| c.is_uppercase()) {
        2
    } else {
        1
    }
}
