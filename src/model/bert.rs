//! A BERT encoder with a token-classification head (`BertForTokenClassification`), in candle.
//!
//! Written here rather than taken from candle-transformers for one reason: training needs every op
//! to be differentiable, and candle's fast layer norm and softmax are not (`apply_op*_no_bwd`), so
//! gradients would silently stop at the first layer norm. [`Mode`] picks the fast kernels for
//! inference and the differentiable compositions for training; both compute the same function.

use candle_core::{DType, Module, Result, Tensor, D};
use candle_nn::{Embedding, VarBuilder};

use super::config::{Activation, BertConfig};

/// Which kernels the forward pass uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Fused kernels, no gradients.
    Infer,
    /// Differentiable compositions; the word-embedding table is detached (frozen).
    Train,
}

struct LayerNorm {
    weight: Tensor,
    bias: Tensor,
    eps: f64,
}

impl LayerNorm {
    fn load(vb: VarBuilder, size: usize, eps: f64) -> Result<Self> {
        let (w, b) = layer_norm_names(&vb);
        Ok(Self {
            weight: vb.get(size, w)?,
            bias: vb.get(size, b)?,
            eps,
        })
    }

    fn forward(&self, x: &Tensor, mode: Mode) -> Result<Tensor> {
        match mode {
            Mode::Infer => candle_nn::ops::layer_norm(x, &self.weight, &self.bias, self.eps as f32),
            Mode::Train => {
                let mean = x.mean_keepdim(D::Minus1)?;
                let centred = x.broadcast_sub(&mean)?;
                let var = centred.sqr()?.mean_keepdim(D::Minus1)?;
                let normed = centred.broadcast_div(&(var + self.eps)?.sqrt()?)?;
                normed
                    .broadcast_mul(&self.weight)?
                    .broadcast_add(&self.bias)
            }
        }
    }
}

/// Names of a layer norm's scale and shift under `vb`: old TF-converted checkpoints call them
/// gamma/beta.
pub(crate) fn layer_norm_names(vb: &VarBuilder) -> (&'static str, &'static str) {
    if vb.contains_tensor("weight") || !vb.contains_tensor("gamma") {
        ("weight", "bias")
    } else {
        ("gamma", "beta")
    }
}

fn linear(vb: VarBuilder, input: usize, output: usize) -> Result<Linear> {
    let weight = vb.get((output, input), "weight")?;
    let bias = vb.get(output, "bias")?;
    Ok(Linear { weight, bias })
}

/// A dense layer applied as one 2-D GEMM over all positions.
///
/// `candle_nn::Linear` on a 3-D input broadcasts the weight to a batched matmul: one small GEMM per
/// sentence, forward and backward, which is several times slower on CPU than flattening the batch.
struct Linear {
    weight: Tensor,
    bias: Tensor,
}

impl Linear {
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        let dims = x.dims().to_vec();
        let (last, lead) = dims.split_last().expect("rank >= 1");
        let rows = lead.iter().product::<usize>();
        let out = x
            .reshape((rows, *last))?
            .matmul(&self.weight.t()?)?
            .broadcast_add(&self.bias)?;
        let mut shape = lead.to_vec();
        shape.push(out.dim(1)?);
        out.reshape(shape)
    }
}

struct Embeddings {
    word: Embedding,
    position: Embedding,
    token_type: Embedding,
    norm: LayerNorm,
}

impl Embeddings {
    fn load(vb: VarBuilder, cfg: &BertConfig) -> Result<Self> {
        let emb = |name: &str, n: usize| -> Result<Embedding> {
            let table = vb.pp(name).get((n, cfg.hidden_size), "weight")?;
            Ok(Embedding::new(table, cfg.hidden_size))
        };
        Ok(Self {
            word: emb("word_embeddings", cfg.vocab_size)?,
            position: emb("position_embeddings", cfg.max_position_embeddings)?,
            token_type: emb("token_type_embeddings", cfg.type_vocab_size)?,
            norm: LayerNorm::load(vb.pp("LayerNorm"), cfg.hidden_size, cfg.layer_norm_eps)?,
        })
    }

    fn forward(&self, ids: &Tensor, types: Option<&Tensor>, mode: Mode) -> Result<Tensor> {
        let (_batch, len) = ids.dims2()?;
        let words = match mode {
            Mode::Infer => self.word.forward(ids)?,
            Mode::Train => Embedding::new(self.word.embeddings().detach(), self.word.hidden_size())
                .forward(ids)?,
        };
        let positions = Tensor::arange(0u32, len as u32, ids.device())?;
        let positions = self.position.forward(&positions)?;
        let x = words.broadcast_add(&positions)?;
        let x = match types {
            Some(t) => (x + self.token_type.forward(t)?)?,
            // Single-segment input: token type 0 everywhere, i.e. row 0 of the table.
            None => x.broadcast_add(&self.token_type.embeddings().narrow(0, 0, 1)?)?,
        };
        self.norm.forward(&x, mode)
    }
}

struct Layer {
    query: Linear,
    key: Linear,
    value: Linear,
    attn_out: Linear,
    attn_norm: LayerNorm,
    intermediate: Linear,
    output: Linear,
    out_norm: LayerNorm,
    heads: usize,
    activation: Activation,
}

impl Layer {
    fn load(vb: VarBuilder, cfg: &BertConfig) -> Result<Self> {
        let h = cfg.hidden_size;
        let att = vb.pp("attention");
        Ok(Self {
            query: linear(att.pp("self").pp("query"), h, h)?,
            key: linear(att.pp("self").pp("key"), h, h)?,
            value: linear(att.pp("self").pp("value"), h, h)?,
            attn_out: linear(att.pp("output").pp("dense"), h, h)?,
            attn_norm: LayerNorm::load(att.pp("output").pp("LayerNorm"), h, cfg.layer_norm_eps)?,
            intermediate: linear(vb.pp("intermediate").pp("dense"), h, cfg.intermediate_size)?,
            output: linear(vb.pp("output").pp("dense"), cfg.intermediate_size, h)?,
            out_norm: LayerNorm::load(vb.pp("output").pp("LayerNorm"), h, cfg.layer_norm_eps)?,
            heads: cfg.num_attention_heads,
            activation: cfg.hidden_act,
        })
    }

    fn forward(&self, x: &Tensor, mask: &Tensor, mode: Mode) -> Result<Tensor> {
        let (b, s, h) = x.dims3()?;
        let hd = h / self.heads;
        let split = |t: Tensor| -> Result<Tensor> {
            t.reshape((b, s, self.heads, hd))?
                .transpose(1, 2)?
                .contiguous()
        };
        let q = split(self.query.forward(x)?)?;
        let k = split(self.key.forward(x)?)?;
        let v = split(self.value.forward(x)?)?;
        let scores = (q.matmul(&k.t()?)? / (hd as f64).sqrt())?.broadcast_add(mask)?;
        let probs = match mode {
            Mode::Infer => candle_nn::ops::softmax_last_dim(&scores)?,
            Mode::Train => candle_nn::ops::softmax(&scores, D::Minus1)?,
        };
        let ctx = probs.matmul(&v)?.transpose(1, 2)?.reshape((b, s, h))?;
        let x = self
            .attn_norm
            .forward(&(self.attn_out.forward(&ctx)? + x)?, mode)?;
        let inner = self.intermediate.forward(&x)?;
        let inner = match self.activation {
            Activation::Gelu => inner.gelu_erf()?,
            Activation::GeluTanh => super::ops::gelu_tanh(&inner)?,
            Activation::Relu => inner.relu()?,
        };
        self.out_norm
            .forward(&(self.output.forward(&inner)? + x)?, mode)
    }
}

/// `BertForTokenClassification`: encoder tensors under `bert.`, head under `classifier.`.
pub struct BertTokenClassifier {
    embeddings: Embeddings,
    layers: Vec<Layer>,
    classifier: Linear,
}

impl BertTokenClassifier {
    /// Builds the model from `vb`, whose root holds `bert.*` and `classifier.*`.
    pub fn load(vb: VarBuilder, cfg: &BertConfig) -> Result<Self> {
        let bert = vb.pp("bert");
        let embeddings = Embeddings::load(bert.pp("embeddings"), cfg)?;
        let layers = (0..cfg.num_hidden_layers)
            .map(|i| Layer::load(bert.pp("encoder").pp("layer").pp(i), cfg))
            .collect::<Result<Vec<_>>>()?;
        let classifier = linear(vb.pp("classifier"), cfg.hidden_size, cfg.num_labels())?;
        Ok(Self {
            embeddings,
            layers,
            classifier,
        })
    }

    /// Logits `(batch, len, labels)` for token ids `(batch, len)`, optional token-type ids of the
    /// same shape, and a 0/1 attention mask.
    pub fn forward(
        &self,
        ids: &Tensor,
        types: Option<&Tensor>,
        attention_mask: &Tensor,
        mode: Mode,
    ) -> Result<Tensor> {
        let (b, s) = ids.dims2()?;
        // 0 where attended, a large negative number on padding; broadcast over heads and queries.
        let mask =
            ((attention_mask.to_dtype(DType::F32)? - 1.0)? * 10000.0)?.reshape((b, 1, 1, s))?;
        let mut x = self.embeddings.forward(ids, types, mode)?;
        for layer in &self.layers {
            x = layer.forward(&x, &mask, mode)?;
        }
        self.classifier.forward(&x)
    }
}
