//! The token-classification model behind the entity tagger: loading a Hugging Face checkpoint
//! directory and running it.
//!
//! [`TokenClassifier`] is the one seam between the tagger and a backend, so a second backend
//! (rust-bert/libtorch) can sit beside candle without the tagger changing.

pub mod bert;
pub mod builtin;
pub mod config;
pub mod kernels;
#[cfg(feature = "rust-bert")]
pub mod libtorch;
pub mod ops;
pub mod quantized;
pub mod tagging;

use std::path::{Path, PathBuf};

use candle_core::{DType, Device, Tensor};
use candle_nn::var_builder::SimpleBackend;
use candle_nn::VarBuilder;
use tokenizers::Tokenizer;

use crate::error::{Error, Result};
pub use bert::{BertTokenClassifier, Mode};
pub use config::{case_type, BertConfig};
pub use quantized::QuantizedBert;

/// A padded batch of token ids, row-major `(rows, len)`.
pub struct Batch<'a> {
    /// Token ids, `rows * len`.
    pub ids: &'a [u32],
    /// Token-type ids, `rows * len` (word case classes for case-aware models, else zeros).
    pub types: &'a [u32],
    /// 1 for real tokens, 0 for padding.
    pub mask: &'a [u32],
    /// Sequences in the batch.
    pub rows: usize,
    /// Padded length.
    pub len: usize,
}

/// Runs a token classifier over padded batches.
///
/// Implementations must be `Send + Sync`: one model is shared by all rayon workers, since the
/// forward pass only reads the weights (candle tensors are immutable and reference-counted).
pub trait TokenClassifier: Send + Sync {
    /// Label names in class order.
    fn labels(&self) -> &[String];
    /// Longest input, special tokens included, that the position table allows.
    fn max_len(&self) -> usize;
    /// Raw scores for every token, row-major `(rows, len, labels)`. Scores of padding (mask 0)
    /// are unspecified: some backends leave them at zero.
    fn logits(&self, batch: &Batch) -> Result<Vec<f32>>;
    /// Class probabilities for every token, row-major `(rows, len, labels)`.
    fn probabilities(&self, batch: &Batch) -> Result<Vec<f32>> {
        let mut v = self.logits(batch)?;
        for row in v.chunks_mut(self.labels().len().max(1)) {
            let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            let mut sum = 0.0;
            for x in row.iter_mut() {
                *x = (*x - max).exp();
                sum += *x;
            }
            for x in row.iter_mut() {
                *x /= sum;
            }
        }
        Ok(v)
    }
    /// Whether token types must carry word case (see [`config::case_type`]).
    fn case_types(&self) -> bool;
}

/// The default backend: candle on the CPU.
pub struct CandleClassifier {
    model: BertTokenClassifier,
    labels: Vec<String>,
    max_len: usize,
    case_types: bool,
}

impl CandleClassifier {
    /// Loads `model.safetensors` of `dir` with its validated config; f16 weights are upcast to f32.
    pub fn load(dir: &Path, cfg: &BertConfig) -> Result<Self> {
        Self::from_vb(Weights::Dir(dir).var_builder(dir)?, cfg, dir)
    }

    /// From a `VarBuilder` over the weights; `dir` names the model in errors.
    fn from_vb(vb: VarBuilder, cfg: &BertConfig, dir: &Path) -> Result<Self> {
        let model = BertTokenClassifier::load(vb, cfg)
            .map_err(|e| Error::model(dir, format!("weights do not match config.json: {e}")))?;
        let labels = cfg.labels().map_err(|p| Error::model(dir, p))?;
        Ok(Self {
            model,
            labels,
            max_len: cfg.max_position_embeddings,
            case_types: cfg.whosaid_case_types,
        })
    }
}

impl TokenClassifier for CandleClassifier {
    fn labels(&self) -> &[String] {
        &self.labels
    }

    fn max_len(&self) -> usize {
        self.max_len
    }

    fn logits(&self, batch: &Batch) -> Result<Vec<f32>> {
        candle_logits(&self.model, batch, self.case_types)
    }

    fn case_types(&self) -> bool {
        self.case_types
    }
}

/// Where a model's weights are: a checkpoint directory's `model.safetensors`, or its bytes in
/// memory (a [`BuiltIn`] model).
#[derive(Clone, Copy)]
enum Weights<'a> {
    Dir(&'a Path),
    /// A safetensors file's bytes, and another's that holds the tensors it leaves out.
    Bytes(&'a [u8], Option<&'a [u8]>),
}

/// Tensors from one safetensors buffer, else from a second: a built-in model that shares
/// tensors with another (see [`BuiltIn::shared`]).
struct Layered<'a> {
    own: candle_core::safetensors::SliceSafetensors<'a>,
    shared: candle_core::safetensors::SliceSafetensors<'a>,
}

impl SimpleBackend for Layered<'_> {
    fn get(
        &self,
        s: candle_core::Shape,
        name: &str,
        h: candle_nn::Init,
        dtype: DType,
        dev: &Device,
    ) -> candle_core::Result<Tensor> {
        if self.own.contains_tensor(name) {
            SimpleBackend::get(&self.own, s, name, h, dtype, dev)
        } else {
            SimpleBackend::get(&self.shared, s, name, h, dtype, dev)
        }
    }
    fn get_unchecked(&self, name: &str, dtype: DType, dev: &Device) -> candle_core::Result<Tensor> {
        if self.own.contains_tensor(name) {
            self.own.get_unchecked(name, dtype, dev)
        } else {
            self.shared.get_unchecked(name, dtype, dev)
        }
    }
    fn contains_tensor(&self, name: &str) -> bool {
        self.own.contains_tensor(name) || self.shared.contains_tensor(name)
    }
}

impl<'a> Weights<'a> {
    /// An f32 `VarBuilder` over the weights; `dir` names the model in errors.
    fn var_builder(self, dir: &Path) -> Result<VarBuilder<'a>> {
        let vb = match self {
            Weights::Dir(d) => {
                let file = weights_file(d)?;
                // SAFETY: the file is memory-mapped read-only; the models copy every tensor out
                // of it.
                unsafe { VarBuilder::from_mmaped_safetensors(&[&file], DType::F32, &Device::Cpu) }
            }
            Weights::Bytes(b, None) => {
                VarBuilder::from_slice_safetensors(b, DType::F32, &Device::Cpu)
            }
            Weights::Bytes(own, Some(shared)) => (|| {
                let own = candle_core::safetensors::SliceSafetensors::new(own)?;
                let shared = candle_core::safetensors::SliceSafetensors::new(shared)?;
                let layered: Box<dyn SimpleBackend + 'a> = Box::new(Layered { own, shared });
                Ok(VarBuilder::from_backend(layered, DType::F32, Device::Cpu))
            })(),
        };
        vb.map_err(|e| Error::model(dir, format!("model.safetensors: {e}")))
    }
}

/// `model.safetensors` of a checkpoint directory, or an error that says what is there instead.
pub(crate) fn weights_file(dir: &Path) -> Result<PathBuf> {
    let weights = dir.join("model.safetensors");
    if !weights.is_file() {
        let hint = if dir.join("pytorch_model.bin").is_file() {
            " (only pytorch_model.bin found: convert it to safetensors)"
        } else {
            ""
        };
        return Err(Error::model(
            dir,
            format!("missing model.safetensors{hint}"),
        ));
    }
    Ok(weights)
}

/// Loads `tokenizer.json` of a checkpoint, with any padding or truncation it carries turned off
/// (the tagger windows and pads itself).
pub fn load_tokenizer(dir: &Path) -> Result<Tokenizer> {
    let path = dir.join("tokenizer.json");
    if !path.is_file() {
        return Err(Error::model(dir, "missing tokenizer.json"));
    }
    let bytes =
        std::fs::read(&path).map_err(|e| Error::model(dir, format!("tokenizer.json: {e}")))?;
    tokenizer_from_bytes(&bytes, dir)
}

/// Like [`load_tokenizer`], from the bytes of `tokenizer.json`; `dir` names the model in errors.
pub fn tokenizer_from_bytes(bytes: &[u8], dir: &Path) -> Result<Tokenizer> {
    let mut tok = Tokenizer::from_bytes(bytes)
        .map_err(|e| Error::model(dir, format!("tokenizer.json: {e}")))?;
    tok.with_padding(None);
    tok.with_truncation(None)
        .map_err(|e| Error::model(dir, format!("tokenizer.json: {e}")))?;
    Ok(tok)
}

/// The arithmetic of the candle backend's dense layers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Precision {
    /// int8 weights per output channel and activations quantized per row
    /// ([`QuantizedBert`]): several times faster, within a few thousandths of F1 (ARCHITECTURE.md).
    #[default]
    Int8,
    /// f32 throughout, in candle: the reference.
    F32,
}

impl Precision {
    /// From the CLI names (`int8`, `f32`).
    pub fn parse(name: &str) -> std::result::Result<Precision, String> {
        match name {
            "int8" => Ok(Precision::Int8),
            "f32" => Ok(Precision::F32),
            other => Err(format!("unknown precision {other:?} (int8 or f32)")),
        }
    }
}

/// Which implementation runs the transformer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Backend {
    /// Pure Rust, always built.
    #[default]
    Candle,
    /// rust-bert on libtorch (cargo feature `rust-bert`), on the CPU or a CUDA GPU.
    RustBert {
        /// Run on the first CUDA device.
        cuda: bool,
    },
}

impl Backend {
    /// From the CLI names (`candle`, `rust-bert`) and a device (`cpu`, `cuda`).
    pub fn parse(name: &str, device: &str) -> std::result::Result<Backend, String> {
        let cuda = match device {
            "cpu" => false,
            "cuda" | "gpu" => true,
            other => return Err(format!("unknown device {other:?} (cpu or cuda)")),
        };
        match name {
            "candle" if cuda => Err(
                "the candle backend runs on the CPU only; use --backend rust-bert for cuda".into(),
            ),
            "candle" => Ok(Backend::Candle),
            "rust-bert" | "rustbert" | "libtorch" => Ok(Backend::RustBert { cuda }),
            other => Err(format!("unknown backend {other:?} (candle or rust-bert)")),
        }
    }
}

/// A loaded token-classification checkpoint (the entity model or the role model): its tokenizer
/// and a backend running its weights.
pub struct TaggerModel {
    /// Where it was loaded from.
    pub dir: PathBuf,
    /// Its tokenizer, padding and truncation off.
    pub tokenizer: Tokenizer,
    /// The backend running its weights.
    pub classifier: Box<dyn TokenClassifier>,
}

impl TaggerModel {
    /// Loads and validates a Hugging Face `BertForTokenClassification` directory, at the default
    /// precision.
    pub fn load(dir: &Path, backend: Backend) -> Result<Self> {
        Self::load_with(dir, backend, Precision::default())
    }

    /// Like [`TaggerModel::load`], with the precision of the candle backend (rust-bert runs f32).
    pub fn load_with(dir: &Path, backend: Backend, precision: Precision) -> Result<Self> {
        if !dir.is_dir() {
            return Err(Error::model(dir, "not a directory"));
        }
        let cfg = BertConfig::load(dir, true)?;
        let tokenizer = load_tokenizer(dir)?;
        Self::assemble(dir, &cfg, tokenizer, Weights::Dir(dir), backend, precision)
    }

    /// A model built into the program (see [`BuiltIn`]); the rust-bert backend needs a directory.
    pub fn from_built_in(files: &BuiltIn, backend: Backend, precision: Precision) -> Result<Self> {
        let dir = Path::new(BuiltIn::NAME);
        let cfg = BertConfig::parse(files.config, dir, true)?;
        let tokenizer = tokenizer_from_bytes(files.tokenizer, dir)?;
        let weights = Weights::Bytes(files.weights, files.shared);
        Self::assemble(dir, &cfg, tokenizer, weights, backend, precision)
    }

    /// The backend over `weights`, with the checkpoint's config and tokenizer.
    fn assemble(
        dir: &Path,
        cfg: &BertConfig,
        tokenizer: Tokenizer,
        weights: Weights,
        backend: Backend,
        precision: Precision,
    ) -> Result<Self> {
        let classifier: Box<dyn TokenClassifier> =
            match (backend, weights) {
                (Backend::Candle, weights) => {
                    let vb = weights.var_builder(dir)?;
                    match precision {
                        Precision::Int8 => Box::new(QuantizedBert::from_vb(
                            vb,
                            dir,
                            cfg,
                            quantized::DEFAULT_ACT_BITS,
                        )?),
                        Precision::F32 => Box::new(CandleClassifier::from_vb(vb, cfg, dir)?),
                    }
                }
                (Backend::RustBert { .. }, Weights::Bytes(..)) => {
                    return Err(Error::model(
                        dir,
                        "the rust-bert backend loads a model directory: pass --model models/ner \
                     (or set WHOSAID_MODEL)",
                    ))
                }
                #[cfg(feature = "rust-bert")]
                (Backend::RustBert { cuda }, Weights::Dir(_)) => {
                    Box::new(libtorch::RustBertClassifier::load(dir, cfg, cuda)?)
                }
                #[cfg(not(feature = "rust-bert"))]
                (Backend::RustBert { .. }, Weights::Dir(_)) => return Err(Error::model(
                    dir,
                    "this whosaid was built without the rust-bert backend: set up libtorch with \
                 `eval \"$(scripts/libtorch-cpu.sh)\"` and build with `cargo build --release \
                 --features rust-bert` (see README)",
                )),
            };
        Ok(Self {
            dir: dir.to_path_buf(),
            tokenizer,
            classifier,
        })
    }

    /// `$WHOSAID_MODEL` when set, else `models/ner` (relative to the working directory): for
    /// benchmarks and library users. The `whosaid` binary carries its model (see [`BuiltIn`]).
    pub fn default_dir() -> PathBuf {
        std::env::var_os("WHOSAID_MODEL").map_or_else(|| PathBuf::from("models/ner"), PathBuf::from)
    }
}

/// A model's files held in memory, as the `whosaid` binary embeds `models/ner` so that it runs
/// from any directory on a machine without the repository. The weights are read in place (no
/// copy of the file), as from a memory map.
#[derive(Clone, Copy)]
pub struct BuiltIn {
    /// `config.json`.
    pub config: &'static str,
    /// `tokenizer.json`.
    pub tokenizer: &'static [u8],
    /// `model.safetensors`.
    pub weights: &'static [u8],
    /// Another built-in model's `model.safetensors` that holds the tensors `weights` leaves out
    /// (the role model's word embeddings are the entity model's: the binary carries them once).
    pub shared: Option<&'static [u8]>,
}

impl BuiltIn {
    /// How errors and `TaggerModel::dir` name a built-in model.
    pub const NAME: &'static str = "(built-in model)";
}

/// A borrowed candle model as a [`TokenClassifier`], for evaluating while training.
pub struct CandleView<'a> {
    /// The model being trained.
    pub model: &'a BertTokenClassifier,
    /// Its labels.
    pub labels: &'a [String],
    /// Longest input.
    pub max_len: usize,
    /// Whether token types carry word case.
    pub case_types: bool,
}

impl TokenClassifier for CandleView<'_> {
    fn labels(&self) -> &[String] {
        self.labels
    }
    fn max_len(&self) -> usize {
        self.max_len
    }
    fn logits(&self, batch: &Batch) -> Result<Vec<f32>> {
        candle_logits(self.model, batch, self.case_types)
    }
    fn case_types(&self) -> bool {
        self.case_types
    }
}

fn candle_logits(model: &BertTokenClassifier, batch: &Batch, case_types: bool) -> Result<Vec<f32>> {
    let dev = Device::Cpu;
    let ids = Tensor::from_slice(batch.ids, (batch.rows, batch.len), &dev)?;
    let mask = Tensor::from_slice(batch.mask, (batch.rows, batch.len), &dev)?;
    let types = if case_types {
        Some(Tensor::from_slice(
            batch.types,
            (batch.rows, batch.len),
            &dev,
        )?)
    } else {
        None
    };
    let logits = model.forward(&ids, types.as_ref(), &mask, Mode::Infer)?;
    Ok(logits.flatten_all()?.to_vec1::<f32>()?)
}
