//! The rust-bert backend: the same Hugging Face checkpoint run by libtorch (CPU or CUDA).
//!
//! rust-bert's models are `Send` but not `Sync` and panic on bad input or configuration, so the
//! model sits behind a mutex (one forward pass at a time; libtorch parallelises inside it) and
//! every call into it is caught, turning panics into errors.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::Mutex;

use rust_bert::bert::BertForTokenClassification;
use tch::{nn, Device, Kind, Tensor};

use super::{Batch, BertConfig, TokenClassifier};
use crate::error::{Error, Result};

struct Inner {
    model: BertForTokenClassification,
    // Owns the weights the model points into.
    _vs: nn::VarStore,
}

/// A `BertForTokenClassification` run by rust-bert.
pub struct RustBertClassifier {
    inner: Mutex<Inner>,
    labels: Vec<String>,
    max_len: usize,
    case_types: bool,
    device: Device,
}

fn panic_text(p: Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".into())
}

impl RustBertClassifier {
    /// Loads `config.json` and `model.safetensors` of `dir` onto the CPU or the first GPU.
    pub fn load(dir: &Path, cfg: &BertConfig, cuda: bool) -> Result<Self> {
        let device = if cuda {
            if !tch::Cuda::is_available() {
                return Err(Error::model(
                    dir,
                    "--device cuda: libtorch sees no CUDA device (is it a CUDA build?)",
                ));
            }
            Device::Cuda(0)
        } else {
            Device::Cpu
        };
        let raw = std::fs::read_to_string(dir.join("config.json"))
            .map_err(|e| Error::io(dir.join("config.json"), e))?;
        let rb_cfg: rust_bert::bert::BertConfig = serde_json::from_str(&raw)
            .map_err(|e| Error::model(dir, format!("config.json for rust-bert: {e}")))?;
        let weights = dir.join("model.safetensors");
        let loaded = catch_unwind(AssertUnwindSafe(
            || -> std::result::Result<Inner, String> {
                let mut vs = nn::VarStore::new(device);
                let model = BertForTokenClassification::new(vs.root(), &rb_cfg)
                    .map_err(|e| e.to_string())?;
                vs.load(&weights).map_err(|e| e.to_string())?;
                // `load` takes the file's dtype (our weights are stored f16): compute in f32, as
                // candle does.
                vs.float();
                Ok(Inner { model, _vs: vs })
            },
        ))
        .map_err(|p| {
            Error::model(
                dir,
                format!("rust-bert panicked while loading: {}", panic_text(p)),
            )
        })?
        .map_err(|e| Error::model(dir, format!("rust-bert: {e}")))?;
        Ok(Self {
            inner: Mutex::new(loaded),
            labels: cfg.labels().map_err(|p| Error::model(dir, p))?,
            max_len: cfg.max_position_embeddings,
            case_types: cfg.whosaid_case_types,
            device,
        })
    }
}

impl TokenClassifier for RustBertClassifier {
    fn labels(&self) -> &[String] {
        &self.labels
    }

    fn max_len(&self) -> usize {
        self.max_len
    }

    fn case_types(&self) -> bool {
        self.case_types
    }

    fn logits(&self, batch: &Batch) -> Result<Vec<f32>> {
        let shape = [batch.rows as i64, batch.len as i64];
        let to_tensor = |v: &[u32]| {
            let v: Vec<i64> = v.iter().map(|&x| x as i64).collect();
            Tensor::from_slice(&v).view(shape).to_device(self.device)
        };
        let inner = self
            .inner
            .lock()
            .map_err(|_| Error::Tokenizer("rust-bert model lock poisoned".into()))?;
        let out = catch_unwind(AssertUnwindSafe(
            || -> std::result::Result<Vec<f32>, String> {
                tch::no_grad(|| {
                    let ids = to_tensor(batch.ids);
                    let mask = to_tensor(batch.mask);
                    let types = self.case_types.then(|| to_tensor(batch.types));
                    let out = inner.model.forward_t(
                        Some(&ids),
                        Some(&mask),
                        types.as_ref(),
                        None,
                        None,
                        false,
                    );
                    let logits = out
                        .logits
                        .to_kind(Kind::Float)
                        .to_device(Device::Cpu)
                        .flatten(0, -1);
                    Vec::<f32>::try_from(&logits).map_err(|e| e.to_string())
                })
            },
        ));
        match out {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(e)) => Err(Error::input("rust-bert forward", e)),
            Err(p) => Err(Error::input(
                "rust-bert forward",
                format!("panicked: {}", panic_text(p)),
            )),
        }
    }
}
