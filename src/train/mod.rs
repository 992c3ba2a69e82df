//! Fine-tuning the entity model: a BERT encoder plus a linear head on CoNLL-2003, with candle's
//! autograd and AdamW. Deterministic for a given seed (own RNG: candle's CPU RNG cannot be seeded;
//! no dropout for the same reason).

pub mod conll;
pub mod roles;
pub mod speakers;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use candle_core::{DType, Device, Tensor, Var, D};
use candle_nn::{AdamW, Optimizer, ParamsAdamW, VarBuilder, VarMap};
use tokenizers::Tokenizer;

use self::conll::Sentence;
use crate::error::{Error, Result};
use crate::model::tagging;
use crate::model::{load_tokenizer, BertConfig, BertTokenClassifier, Mode};

/// The label set of the shipped model, in Hugging Face's usual CoNLL order.
pub const LABELS: [&str; 9] = [
    "O", "B-MISC", "I-MISC", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC",
];

/// Name of the frozen word-embedding table: AdamW over 30k×384 rows costs more than it gains.
const WORD_EMBEDDINGS: &str = "bert.embeddings.word_embeddings.weight";

/// Settings of one training run; also the `whosaid train-ner` flags, so the defaults live in one
/// place (they are the recipe of the shipped model).
#[derive(Debug, Clone, clap::Args)]
pub struct TrainOptions {
    /// Base encoder directory (see models/fetch-base.sh).
    #[arg(long, default_value = "models/base")]
    pub base: PathBuf,
    /// CoNLL training file.
    #[arg(long, default_value = "../shared/ner-data/conll2003/train.txt")]
    pub train: PathBuf,
    /// CoNLL file for model selection.
    #[arg(long, default_value = "../shared/ner-data/conll2003/valid.txt")]
    pub valid: PathBuf,
    /// Output directory.
    #[arg(long, default_value = "models/ner")]
    pub out: PathBuf,
    /// Passes over the training data.
    #[arg(long, default_value_t = 4)]
    pub epochs: usize,
    /// Padded tokens per step (about 32 single sentences, or 5 runs of sentences).
    #[arg(long, default_value_t = 640)]
    pub batch_tokens: usize,
    /// Peak learning rate.
    #[arg(long, default_value_t = 1e-4)]
    pub lr: f64,
    /// Share of steps spent warming up.
    #[arg(long, default_value_t = 0.1)]
    pub warmup: f64,
    /// Longest input, special tokens included.
    #[arg(long, default_value_t = 128)]
    pub max_len: usize,
    /// Seed of shuffling and head initialisation.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Share of training documents read as runs of as many consecutive sentences as fit in an
    /// input (the others one sentence at a time), drawn again each epoch.
    #[arg(long, default_value_t = 0.5)]
    pub context: f64,
    /// Use only the first N training sentences (smoke runs).
    #[arg(long)]
    pub limit: Option<usize>,
    /// Keep only the base encoder's first N layers (a smaller, faster model).
    #[arg(long)]
    pub layers: Option<usize>,
    /// A trained model with the same labels whose class probabilities the model also learns
    /// (knowledge distillation; run int8).
    #[arg(long)]
    pub teacher: Option<PathBuf>,
    /// Weight of the teacher's probabilities in the loss (the gold labels get the rest).
    #[arg(long, default_value_t = 0.5)]
    pub distill: f64,
}

/// What one epoch gave.
#[derive(Debug, Clone, serde::Serialize)]
pub struct EpochReport {
    /// 1-based epoch.
    pub epoch: usize,
    /// Mean training loss.
    pub loss: f64,
    /// Entity F1 on the validation file, sentences read in their document's context (selects
    /// the epoch).
    pub valid_f1: f64,
    /// Entity F1 on the validation file, each sentence read alone.
    pub valid_f1_sentences: f64,
    /// Training time.
    pub seconds: f64,
    /// Training throughput (padded tokens).
    pub tokens_per_second: f64,
}

/// SplitMix64: small, seedable, good enough for shuffling and initialisation.
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn normal(&mut self) -> f64 {
        let u1 = self.uniform().max(1e-12);
        let u2 = self.uniform();
        (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    }
    /// Fisher–Yates shuffle.
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// A training example: token ids and per-token targets (`None` for special tokens and
/// non-first sub-tokens, which the loss ignores).
pub struct Example {
    /// Token ids with special tokens.
    pub ids: Vec<u32>,
    /// Case class of each token's word.
    pub types: Vec<u32>,
    /// Label per token; None is ignored by the loss.
    pub targets: Vec<Option<u32>>,
}

/// Turns IOB1 tags into IOB2 (`I-X` that opens an entity becomes `B-X`), so every entity starts
/// with a `B-` the model can learn.
fn to_iob2(tags: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(tags.len());
    for t in tags {
        let fixed = match t.strip_prefix("I-") {
            Some(ty) => {
                let prev_ty = out.last().and_then(|p| p.split_once('-')).map(|(_, ty)| ty);
                if prev_ty == Some(ty) {
                    t.clone()
                } else {
                    format!("B-{ty}")
                }
            }
            None => t.clone(),
        };
        out.push(fixed);
    }
    out
}

/// Encodes sentences into examples with first-sub-token targets.
pub fn examples(
    tok: &Tokenizer,
    sents: &[Sentence],
    max_len: usize,
    labels: &[&str],
) -> Result<Vec<Example>> {
    let index: HashMap<&str, u32> = labels
        .iter()
        .enumerate()
        .map(|(i, l)| (*l, i as u32))
        .collect();
    sents
        .iter()
        .map(|s| {
            let enc = tagging::encode_words(tok, &s.words, max_len)?;
            let mut targets = vec![None; enc.ids.len()];
            for (tag, pos) in to_iob2(&s.tags).iter().zip(enc.first) {
                let label = *index
                    .get(tag.as_str())
                    .ok_or_else(|| Error::input("training data", format!("unknown tag {tag:?}")))?;
                if let Some(p) = pos {
                    targets[p] = Some(label);
                }
            }
            Ok(Example {
                ids: enc.ids,
                types: enc.types,
                targets,
            })
        })
        .collect()
}

/// Mean cross-entropy over the tokens that carry a target.
pub fn loss(model: &BertTokenClassifier, batch: &[&Example]) -> candle_core::Result<Tensor> {
    loss_with(model, batch, None)
}

/// [`loss`], or with a teacher's class probabilities (row-major `(rows, len, labels)`, `len`
/// the batch's longest example) and their weight: `(1 - w)` times the cross-entropy with the
/// gold labels plus `w` times the cross-entropy with the teacher's distribution, on the same
/// tokens (knowledge distillation, temperature 1).
pub fn loss_with(
    model: &BertTokenClassifier,
    batch: &[&Example],
    teacher: Option<(&[f32], f64)>,
) -> candle_core::Result<Tensor> {
    let dev = Device::Cpu;
    let len = batch.iter().map(|e| e.ids.len()).max().unwrap_or(1);
    let (ids, mask) = tagging::pad(batch.iter().map(|e| e.ids.as_slice()), len);
    let (types, _) = tagging::pad(batch.iter().map(|e| e.types.as_slice()), len);
    let mut targets = Vec::with_capacity(batch.len() * len);
    let mut weights = Vec::with_capacity(batch.len() * len);
    for e in batch {
        for i in 0..len {
            let t = e.targets.get(i).copied().flatten();
            targets.push(t.unwrap_or(0));
            weights.push(if t.is_some() { 1f32 } else { 0f32 });
        }
    }
    let count = weights.iter().sum::<f32>().max(1.0);
    let ids = Tensor::from_vec(ids, (batch.len(), len), &dev)?;
    let mask = Tensor::from_vec(mask, (batch.len(), len), &dev)?;
    let types = Tensor::from_vec(types, (batch.len(), len), &dev)?;
    let logits = model.forward(&ids, Some(&types), &mask, Mode::Train)?;
    let labels = logits.dim(D::Minus1)?;
    let logp =
        candle_nn::ops::log_softmax(&logits.reshape((batch.len() * len, labels))?, D::Minus1)?;
    let targets = Tensor::from_vec(targets, (batch.len() * len, 1), &dev)?;
    let picked = logp.gather(&targets, 1)?.squeeze(1)?;
    let weights = Tensor::from_vec(weights, batch.len() * len, &dev)?;
    let hard = ((picked * &weights)?.sum_all()?.neg()? / count as f64)?;
    let Some((probs, w)) = teacher else {
        return Ok(hard);
    };
    let soft = Tensor::from_slice(probs, (batch.len() * len, labels), &dev)?;
    let per_token = (logp * soft)?.sum(1)?;
    let soft_loss = ((per_token * weights)?.sum_all()?.neg()? / count as f64)?;
    (hard * (1.0 - w))? + (soft_loss * w)?
}

/// Builds the model's variables and fills the encoder from the base checkpoint (which has no
/// `bert.` prefix, as sentence-transformers saves it) and the head from a seeded normal(0, 0.02).
pub fn init_model(
    base_weights: &Path,
    cfg: &BertConfig,
    rng: &mut Rng,
) -> Result<(VarMap, BertTokenClassifier)> {
    let varmap = VarMap::new();
    let vb = VarBuilder::from_varmap(&varmap, DType::F32, &Device::Cpu);
    let model = BertTokenClassifier::load(vb, cfg)?;
    let base = unsafe { candle_core::safetensors::MmapedSafetensors::new(base_weights)? };
    let data = varmap.data().lock().expect("varmap lock");
    let mut names: Vec<&String> = data.keys().collect();
    names.sort();
    for name in names {
        let var = &data[name];
        if let Some(rest) = name.strip_prefix("bert.") {
            let key = if base.get(rest).is_ok() {
                rest.to_string()
            } else {
                name.clone()
            };
            let mut t = base
                .load(&key, &Device::Cpu)
                .map_err(|e| Error::model(base_weights, format!("{name}: {e}")))?
                .to_dtype(DType::F32)?;
            // The token-type table grows to one row per case class; new rows start as the
            // base model's last row.
            let want = var.dims()[0];
            while t.rank() == 2 && t.dims()[0] < want {
                let last = t.narrow(0, t.dims()[0] - 1, 1)?;
                t = Tensor::cat(&[&t, &last], 0)?;
            }
            var.set(&t)?;
        } else if name.ends_with("weight") {
            let n = var.elem_count();
            let vals: Vec<f32> = (0..n).map(|_| (rng.normal() * 0.02) as f32).collect();
            var.set(&Tensor::from_vec(vals, var.shape(), &Device::Cpu)?)?;
        } else {
            var.set(&var.zeros_like()?)?;
        }
    }
    drop(data);
    Ok((varmap, model))
}

/// Variables the optimizer updates: everything but the word-embedding table.
pub fn trainable(varmap: &VarMap) -> Vec<(String, Var)> {
    let data = varmap.data().lock().expect("varmap lock");
    let mut v: Vec<(String, Var)> = data
        .iter()
        .filter(|(n, _)| n.as_str() != WORD_EMBEDDINGS)
        .map(|(n, v)| (n.clone(), v.clone()))
        .collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

/// Length-bucketed batches of at most `tokens` padded tokens, in a seeded random order: shuffle,
/// sort pools by length, cut, shuffle the batches. Cuts padding without making epochs identical;
/// a token budget (not a count) keeps the update size the same for one-sentence inputs and
/// inputs that hold a run of sentences.
fn batches(lengths: &[usize], tokens: usize, rng: &mut Rng) -> Vec<Vec<usize>> {
    let mut idx: Vec<usize> = (0..lengths.len()).collect();
    rng.shuffle(&mut idx);
    let mut out = Vec::new();
    for pool in idx.chunks_mut(2000) {
        pool.sort_by_key(|&i| lengths[i]);
        let mut cur: Vec<usize> = Vec::new();
        for &i in pool.iter() {
            // Sorted ascending, so this input is the longest of the batch.
            if !cur.is_empty() && lengths[i] * (cur.len() + 1) > tokens {
                out.push(std::mem::take(&mut cur));
            }
            cur.push(i);
        }
        if !cur.is_empty() {
            out.push(cur);
        }
    }
    rng.shuffle(&mut out);
    out
}

/// The config of the trained model: the base config with the head's labels and architecture.
fn trained_config(
    base_dir: &Path,
    labels: &[&str],
    layers: Option<usize>,
) -> Result<(serde_json::Value, BertConfig)> {
    let raw = std::fs::read_to_string(base_dir.join("config.json"))
        .map_err(|e| Error::io(base_dir.join("config.json"), e))?;
    let mut v: serde_json::Value =
        serde_json::from_str(&raw).map_err(|e| Error::model(base_dir, e.to_string()))?;
    let obj = v
        .as_object_mut()
        .ok_or_else(|| Error::model(base_dir, "config.json is not an object"))?;
    obj.remove("_name_or_path");
    obj.insert(
        "architectures".into(),
        serde_json::json!(["BertForTokenClassification"]),
    );
    // Trained with tanh GELU (its backward is much cheaper than erf's); the config says so.
    obj.insert("hidden_act".into(), "gelu_new".into());
    // Token types carry word case (lower, Capitalised, ALL CAPS): the uncased encoder cannot
    // see case, the strongest clue to a name.
    obj.insert("type_vocab_size".into(), 3.into());
    obj.insert("whosaid_case_types".into(), true.into());
    let id2label: serde_json::Map<String, serde_json::Value> = labels
        .iter()
        .enumerate()
        .map(|(i, l)| (i.to_string(), (*l).into()))
        .collect();
    let label2id: serde_json::Map<String, serde_json::Value> = labels
        .iter()
        .enumerate()
        .map(|(i, l)| ((*l).to_string(), i.into()))
        .collect();
    if let Some(n) = layers {
        obj.insert("num_hidden_layers".into(), n.into());
    }
    obj.insert("id2label".into(), id2label.into());
    obj.insert("label2id".into(), label2id.into());
    let cfg: BertConfig =
        serde_json::from_value(v.clone()).map_err(|e| Error::model(base_dir, e.to_string()))?;
    Ok((v, cfg))
}

/// Writes the model in Hugging Face layout, weights stored as f16.
fn save(out: &Path, varmap: &VarMap, config: &serde_json::Value, tok: &Tokenizer) -> Result<()> {
    std::fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
    let data = varmap.data().lock().expect("varmap lock");
    let mut tensors = HashMap::new();
    for (name, var) in data.iter() {
        tensors.insert(name.clone(), var.as_tensor().to_dtype(DType::F16)?);
    }
    candle_core::safetensors::save(&tensors, out.join("model.safetensors"))?;
    let cfg = serde_json::to_string_pretty(config).expect("config serialises");
    std::fs::write(out.join("config.json"), cfg + "\n").map_err(|e| Error::io(out, e))?;
    tok.save(out.join("tokenizer.json"), false)
        .map_err(|e| Error::Tokenizer(e.to_string()))?;
    Ok(())
}

/// What a training run reports as it goes; every method has a default that ignores it (the CLI
/// shows a progress bar and a line per epoch).
pub trait TrainObserver {
    /// Before the first step: sentences, model inputs they make, and steps an epoch.
    fn planned(&self, _sentences: usize, _inputs: usize, _steps_per_epoch: usize) {}
    /// A step of `epoch` done: steps done in the epoch, mean loss so far, padded tokens/s.
    fn step(&self, _epoch: usize, _done: usize, _loss: f64, _tokens_per_second: f64) {}
    /// An epoch trained and scored.
    fn epoch(&self, _report: &EpochReport) {}
    /// The best epoch so far written to `out`.
    fn saved(&self, _epoch: usize, _out: &Path) {}
}

/// An observer that reports nothing.
pub struct Silent;

impl TrainObserver for Silent {}

/// Trains, evaluates on the validation file after each epoch and keeps the best epoch in `out`.
pub fn train(opts: &TrainOptions, observer: &dyn TrainObserver) -> Result<Vec<EpochReport>> {
    let mut train_sents = conll::read(&opts.train)?;
    for s in &mut train_sents {
        s.tags = to_iob2(&s.tags);
    }
    let valid = conll::read(&opts.valid)?;
    train_on(opts, &LABELS, train_sents, valid, observer)
}

/// `--teacher`, checked to have the model's labels.
fn load_teacher(opts: &TrainOptions, labels: &[&str]) -> Result<Option<crate::model::TaggerModel>> {
    let Some(dir) = &opts.teacher else {
        return Ok(None);
    };
    let t = crate::model::TaggerModel::load(dir, crate::model::Backend::Candle)?;
    if t.classifier
        .labels()
        .iter()
        .map(String::as_str)
        .ne(labels.iter().copied())
    {
        return Err(Error::model(
            dir,
            "the teacher's labels differ from the model's",
        ));
    }
    Ok(Some(t))
}

/// One epoch's examples and their batches. Every epoch regroups the sentences: each document,
/// by a coin toss, is read either as groups of as many consecutive sentences as fit or one
/// sentence at a time, so the model learns both to use context and to do without it (the
/// pipeline tags short regions of single sentences).
fn epoch_plan(
    opts: &TrainOptions,
    tok: &Tokenizer,
    labels: &[&str],
    sents: &[Sentence],
    pieces: &[usize],
    rng: &mut Rng,
) -> Result<(Vec<Example>, Vec<Vec<usize>>)> {
    let docs = sents.last().map_or(0, |s| s.doc + 1);
    let alone: Vec<bool> = (0..docs).map(|_| rng.uniform() >= opts.context).collect();
    let groups = conll::group_in_context(sents, pieces, opts.max_len.saturating_sub(2), |i| {
        alone[sents[i].doc]
    });
    let joined: Vec<Sentence> = groups
        .into_iter()
        .map(|g| Sentence {
            words: conll::joined_words(sents, g.clone()),
            tags: sents[g.clone()]
                .iter()
                .flat_map(|s| s.tags.clone())
                .collect(),
            doc: sents[g.start].doc,
        })
        .collect();
    let examples = examples(tok, &joined, opts.max_len, labels)?;
    let lengths: Vec<usize> = examples.iter().map(|e| e.ids.len()).collect();
    let plan = batches(&lengths, opts.batch_tokens, rng);
    Ok((examples, plan))
}

/// Linear warm-up to the peak rate over `warmup` steps, then linear decay to 0 at `total`.
fn learning_rate(opts: &TrainOptions, step: usize, warmup: usize, total: usize) -> f64 {
    if step <= warmup {
        opts.lr * step as f64 / warmup as f64
    } else {
        opts.lr * total.saturating_sub(step) as f64 / (total - warmup).max(1) as f64
    }
}

/// Trains a token classifier with `labels` (IOB2) on `train_sents` (grouped in context as the
/// options say) and keeps the epoch with the best chunk F1 on `valid`.
pub fn train_on(
    opts: &TrainOptions,
    labels: &[&str],
    mut train_sents: Vec<Sentence>,
    valid: Vec<Sentence>,
    observer: &dyn TrainObserver,
) -> Result<Vec<EpochReport>> {
    let (config_json, cfg) = trained_config(&opts.base, labels, opts.layers)?;
    let tok = load_tokenizer(&opts.base)?;
    if let Some(n) = opts.limit {
        train_sents.truncate(n);
    }
    let pieces = conll::piece_counts(&tok, &train_sents)?;
    let teacher = load_teacher(opts, labels)?;

    let mut rng = Rng::new(opts.seed);
    let (varmap, model) = init_model(&opts.base.join("model.safetensors"), &cfg, &mut rng)?;
    let vars: Vec<Var> = trainable(&varmap).into_iter().map(|(_, v)| v).collect();
    let mut opt = AdamW::new(
        vars,
        ParamsAdamW {
            lr: opts.lr,
            weight_decay: 0.01,
            ..Default::default()
        },
    )?;
    // Steps per epoch vary a little with the grouping; the schedule uses the first epoch's.
    let mut plan = epoch_plan(opts, &tok, labels, &train_sents, &pieces, &mut rng)?;
    let steps_per_epoch = plan.1.len();
    observer.planned(train_sents.len(), plan.0.len(), steps_per_epoch);
    let total = (steps_per_epoch * opts.epochs).max(1);
    let warmup = ((total as f64 * opts.warmup) as usize).max(1);
    let label_names: Vec<String> = labels.iter().map(|s| s.to_string()).collect();
    let view = crate::model::CandleView {
        model: &model,
        labels: &label_names,
        max_len: opts.max_len,
        case_types: cfg.whosaid_case_types,
    };
    let valid_gold: Vec<Vec<String>> = valid.iter().map(|s| s.tags.clone()).collect();

    let mut reports: Vec<EpochReport> = Vec::new();
    let mut step = 0usize;
    for epoch in 1..=opts.epochs {
        let start = Instant::now();
        let (mut sum, mut n, mut tokens) = (0f64, 0usize, 0usize);
        if epoch > 1 {
            plan = epoch_plan(opts, &tok, labels, &train_sents, &pieces, &mut rng)?;
        }
        let (examples, order) = &plan;
        for b in order {
            step += 1;
            opt.set_learning_rate(learning_rate(opts, step, warmup, total));
            let batch: Vec<&Example> = b.iter().map(|&i| &examples[i]).collect();
            tokens += batch.len() * batch.iter().map(|e| e.ids.len()).max().unwrap_or(0);
            let soft = match &teacher {
                Some(t) => {
                    let rows: Vec<(&[u32], &[u32])> = batch
                        .iter()
                        .map(|e| (e.ids.as_slice(), e.types.as_slice()))
                        .collect();
                    Some(tagging::classify_rows(&*t.classifier, &rows)?.0)
                }
                None => None,
            };
            let l = loss_with(&model, &batch, soft.as_deref().map(|p| (p, opts.distill)))?;
            opt.backward_step(&l)?;
            sum += l.to_scalar::<f32>()? as f64;
            n += 1;
            let rate = tokens as f64 / start.elapsed().as_secs_f64();
            observer.step(epoch, n, sum / n as f64, rate);
        }
        let train_secs = start.elapsed().as_secs_f64();
        let valid_f1 = |context: bool| -> Result<f64> {
            let pred = conll::predict_sentences(&view, &tok, &valid, opts.max_len, context)?;
            Ok(conll::score(&valid_gold, &pred).overall.f1())
        };
        let (f1, f1_sentences) = (valid_f1(true)?, valid_f1(false)?);
        let report = EpochReport {
            epoch,
            loss: sum / n.max(1) as f64,
            valid_f1: f1,
            valid_f1_sentences: f1_sentences,
            seconds: train_secs,
            tokens_per_second: tokens as f64 / train_secs,
        };
        observer.epoch(&report);
        let best = reports.iter().all(|r| r.valid_f1 < f1);
        reports.push(report);
        if best {
            save(&opts.out, &varmap, &config_json, &tok)?;
            observer.saved(epoch, &opts.out);
        }
    }
    let log = serde_json::to_string_pretty(&reports).expect("reports serialise");
    std::fs::write(opts.out.join("training-log.json"), log + "\n")
        .map_err(|e| Error::io(&opts.out, e))?;
    Ok(reports)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iob1_becomes_iob2() {
        let t: Vec<String> = ["I-PER", "I-PER", "O", "I-LOC", "B-LOC", "I-ORG"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            to_iob2(&t),
            ["B-PER", "I-PER", "O", "B-LOC", "B-LOC", "B-ORG"]
        );
    }

    #[test]
    fn rng_is_deterministic() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        assert_eq!(
            (0..5).map(|_| a.next_u64()).collect::<Vec<_>>(),
            (0..5).map(|_| b.next_u64()).collect::<Vec<_>>()
        );
    }
}

#[cfg(test)]
mod gradient_tests {
    use super::*;

    /// Every encoder parameter but the frozen word embeddings must receive a gradient: candle's
    /// fused layer norm and softmax have no backward pass, and using them here would silently
    /// train the head alone.
    #[test]
    fn every_encoder_parameter_gets_a_gradient() {
        let cfg: BertConfig = serde_json::from_value(serde_json::json!({
            "vocab_size": 40, "hidden_size": 8, "num_hidden_layers": 2, "num_attention_heads": 2,
            "intermediate_size": 16, "max_position_embeddings": 16, "hidden_act": "gelu_new",
            "type_vocab_size": 3, "whosaid_case_types": true,
            "id2label": {"0": "O", "1": "B-PER", "2": "I-PER"}
        }))
        .unwrap();
        let varmap = VarMap::new();
        let vb = VarBuilder::from_varmap(&varmap, DType::F32, &Device::Cpu);
        let model = BertTokenClassifier::load(vb, &cfg).unwrap();
        let mut rng = Rng::new(3);
        for (_, var) in varmap.data().lock().unwrap().iter() {
            let vals: Vec<f32> = (0..var.elem_count())
                .map(|_| (rng.normal() * 0.5) as f32)
                .collect();
            var.set(&Tensor::from_vec(vals, var.shape(), &Device::Cpu).unwrap())
                .unwrap();
        }
        let ex = [
            Example {
                ids: vec![1, 5, 7, 9, 2],
                types: vec![0, 1, 2, 0, 0],
                targets: vec![None, Some(1), Some(2), Some(0), None],
            },
            Example {
                ids: vec![1, 6, 2],
                types: vec![0, 1, 0],
                targets: vec![None, Some(1), None],
            },
        ];
        let batch: Vec<&Example> = ex.iter().collect();
        let l = loss(&model, &batch).unwrap();
        let grads = l.backward().unwrap();
        let vars = trainable(&varmap);
        assert!(vars.len() > 30, "{} trainable tensors", vars.len());
        for (name, var) in vars {
            let g = grads
                .get(&var)
                .unwrap_or_else(|| panic!("{name} has no gradient"));
            let norm = g
                .abs()
                .unwrap()
                .sum_all()
                .unwrap()
                .to_scalar::<f32>()
                .unwrap();
            assert!(norm > 0.0, "{name} has a zero gradient");
        }
    }
}
