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
    #[serde(rename = "relu")]
    /// ReLU.
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
    #[serde(default = "default_act")]
    /// Feed-forward activation.
    pub hidden_act: Activation,
    /// Rows of the position table: the longest input.
    pub max_position_embeddings: usize,
    #[serde(default = "default_types")]
    /// Rows of the token-type table.
    pub type_vocab_size: usize,
    #[serde(default = "default_eps")]
    /// Layer-norm epsilon.
    pub layer_norm_eps: f64,
    /// Label names by class index (`"0": "O"`); JSON keys are strings.
    #[serde(default)]
    pub id2label: BTreeMap<String, String>,
    #[serde(default)]
    /// Hugging Face architecture names.
    pub architectures: Vec<String>,
    #[serde(default)]
    /// Must be `bert` when present.
    pub model_type: Option<String>,
}

impl BertConfig {
    /// Reads and validates `dir/config.json`. With `need_labels`, the checkpoint must be a BERT token
    /// classifier whose labels are BIO/IOB tags.
    pub fn load(dir: &Path, need_labels: bool) -> Result<Self> {
        let path = dir.join("config.json");
        let raw = std::fs::read_to_string(&path)
            .map_err(|e| Error::model(dir, format!("cannot read config.json: {e}")))?;
        let cfg: BertConfig = serde_json::from_str(&raw)
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
