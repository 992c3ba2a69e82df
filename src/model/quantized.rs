//! The encoder for inference on the CPU with the integer kernels of [`super::kernels`]: the same
//! `BertForTokenClassification` function as [`super::bert`], computed over the real tokens only
//! (padding is never encoded), with dense layers as int8 products and their bias, GELU,
//! residual and layer norm applied to each block of rows as it is finished.

use std::path::Path;

use candle_nn::VarBuilder;
use half::slice::HalfFloatSliceExt;
use rayon::prelude::*;

use super::config::{Activation, BertConfig};
use super::kernels::{self, Finish, Isa, LayerNorm, PackedLinear};
use super::{Batch, TokenClassifier};
use crate::error::{Error, Result};

/// Bits of a quantized activation (sign included) by default: see ARCHITECTURE.md for the
/// accuracy and speed of each choice.
pub const DEFAULT_ACT_BITS: u32 = 7;

/// Layer norm of every row, as vectorized work.
struct Rows<'a>(&'a LayerNorm, &'a mut [f32]);

impl kernels::Vectorized for Rows<'_> {
    type Output = ();
    #[inline(always)]
    fn run(self, _: Isa) {
        self.0.rows(self.1)
    }
}

struct Layer {
    /// Query, key and value as one product: `3h` outputs.
    qkv: PackedLinear,
    attn_out: PackedLinear,
    attn_norm: LayerNorm,
    intermediate: PackedLinear,
    output: PackedLinear,
    out_norm: LayerNorm,
}

/// The word-embedding table, the largest tensor (30k rows): kept as f16 when every value is
/// one (the shipped checkpoints store f16), so each loaded model holds half the bytes and a
/// lookup reads the same f32 values.
enum WordTable {
    Half(Vec<half::f16>),
    Full(Vec<f32>),
}

impl WordTable {
    /// The table `name` of `vb`, `rows` × `hidden`, as f16 when no value loses a bit. Read in
    /// place from the loaded tensor: a copy of it in f32 would double the start's peak memory.
    fn load(vb: &VarBuilder, rows: usize, hidden: usize, name: &str) -> candle_core::Result<Self> {
        let t = vb.get(&[rows, hidden][..], name)?.contiguous()?;
        let (storage, layout) = t.storage_and_layout();
        let candle_core::Storage::Cpu(cpu) = &*storage else {
            candle_core::bail!("{name}: not on the CPU");
        };
        let values = &cpu.as_slice::<f32>()?[layout.start_offset()..][..rows * hidden];
        // (The slice conversions use F16C where the CPU has it.)
        let mut half = vec![half::f16::ZERO; values.len()];
        half.convert_from_f32_slice(values);
        let mut back = vec![0f32; hidden];
        let exact = half
            .chunks(hidden)
            .zip(values.chunks(hidden))
            .all(|(h, v)| {
                h.convert_to_f32_slice(&mut back);
                back.iter().zip(v).all(|(a, b)| a.to_bits() == b.to_bits())
            });
        Ok(if exact {
            WordTable::Half(half)
        } else {
            WordTable::Full(values.to_vec())
        })
    }

    fn len(&self) -> usize {
        match self {
            WordTable::Half(t) => t.len(),
            WordTable::Full(t) => t.len(),
        }
    }

    /// Writes the elements `at..at + dst.len()` into `dst`, as f32.
    fn row(&self, at: usize, dst: &mut [f32]) {
        let row = at..at + dst.len();
        match self {
            WordTable::Half(t) => t[row].convert_to_f32_slice(dst),
            WordTable::Full(t) => dst.copy_from_slice(&t[row]),
        }
    }
}

/// A BERT token classifier with quantized dense layers.
pub struct QuantizedBert {
    word: WordTable,
    position: Vec<f32>,
    token_type: Vec<f32>,
    emb_norm: LayerNorm,
    layers: Vec<Layer>,
    classifier_w: Vec<f32>,
    classifier_b: Vec<f32>,
    hidden: usize,
    heads: usize,
    activation: Activation,
    labels: Vec<String>,
    max_len: usize,
    case_types: bool,
    isa: Isa,
}

fn tensor(vb: &VarBuilder, shape: &[usize], name: &str) -> candle_core::Result<Vec<f32>> {
    vb.get(shape, name)?.flatten_all()?.to_vec1::<f32>()
}

fn norm(vb: VarBuilder, size: usize, eps: f64) -> candle_core::Result<LayerNorm> {
    let (g, b) = super::bert::layer_norm_names(&vb);
    Ok(LayerNorm {
        gamma: tensor(&vb, &[size], g)?,
        beta: tensor(&vb, &[size], b)?,
        eps: eps as f32,
    })
}

fn dense(
    vbs: &[VarBuilder],
    input: usize,
    output: usize,
    bits: u32,
) -> candle_core::Result<PackedLinear> {
    let (mut w, mut b) = (Vec::new(), Vec::new());
    for vb in vbs {
        w.extend(tensor(vb, &[output, input], "weight")?);
        b.extend(tensor(vb, &[output], "bias")?);
    }
    Ok(PackedLinear::new(&w, &b, output * vbs.len(), input, bits))
}

impl QuantizedBert {
    /// Loads `model.safetensors` of `dir` and packs its dense layers, activations quantized to
    /// `act_bits` bits.
    pub fn load(dir: &Path, cfg: &BertConfig, act_bits: u32) -> Result<Self> {
        let vb = super::Weights::Dir(dir).var_builder(dir)?;
        Self::from_vb(vb, dir, cfg, act_bits)
    }

    /// From a `VarBuilder` over the weights; `dir` names the model in errors.
    pub(super) fn from_vb(
        vb: VarBuilder,
        dir: &Path,
        cfg: &BertConfig,
        act_bits: u32,
    ) -> Result<Self> {
        let labels = cfg.labels().map_err(|p| Error::model(dir, p))?;
        Self::pack(vb, cfg, labels, act_bits)
            .map_err(|e| Error::model(dir, format!("weights do not match config.json: {e}")))
    }

    fn pack(
        vb: VarBuilder,
        cfg: &BertConfig,
        labels: Vec<String>,
        bits: u32,
    ) -> candle_core::Result<Self> {
        let h = cfg.hidden_size;
        let bert = vb.pp("bert");
        let emb = bert.pp("embeddings");
        let table = |name: &str, n: usize| tensor(&emb.pp(name), &[n, h], "weight");
        let layers = (0..cfg.num_hidden_layers)
            .map(|i| {
                let l = bert.pp("encoder").pp("layer").pp(i);
                let att = l.pp("attention");
                let s = att.pp("self");
                Ok(Layer {
                    qkv: dense(&[s.pp("query"), s.pp("key"), s.pp("value")], h, h, bits)?,
                    attn_out: dense(&[att.pp("output").pp("dense")], h, h, bits)?,
                    attn_norm: norm(att.pp("output").pp("LayerNorm"), h, cfg.layer_norm_eps)?,
                    intermediate: dense(
                        &[l.pp("intermediate").pp("dense")],
                        h,
                        cfg.intermediate_size,
                        bits,
                    )?,
                    output: dense(
                        &[l.pp("output").pp("dense")],
                        cfg.intermediate_size,
                        h,
                        bits,
                    )?,
                    out_norm: norm(l.pp("output").pp("LayerNorm"), h, cfg.layer_norm_eps)?,
                })
            })
            .collect::<candle_core::Result<Vec<_>>>()?;
        let nl = cfg.num_labels();
        let cls = vb.pp("classifier");
        Ok(Self {
            word: WordTable::load(&emb.pp("word_embeddings"), cfg.vocab_size, h, "weight")?,
            position: table("position_embeddings", cfg.max_position_embeddings)?,
            token_type: table("token_type_embeddings", cfg.type_vocab_size)?,
            emb_norm: norm(emb.pp("LayerNorm"), h, cfg.layer_norm_eps)?,
            layers,
            classifier_w: tensor(&cls, &[nl, h], "weight")?,
            classifier_b: tensor(&cls, &[nl], "bias")?,
            hidden: h,
            heads: cfg.num_attention_heads,
            activation: cfg.hidden_act,
            labels,
            max_len: cfg.max_position_embeddings,
            case_types: cfg.whosaid_case_types,
            isa: Isa::detect(),
        })
    }

    /// Runs the integer products with `isa` instead of the detected one (tests).
    pub fn with_isa(mut self, isa: Isa) -> Self {
        self.isa = isa;
        self
    }

    /// The integer-product implementation in use.
    pub fn isa(&self) -> Isa {
        self.isa
    }

    fn check(&self, b: &Batch) -> Result<()> {
        let n = b.rows * b.len;
        if b.ids.len() != n || b.types.len() != n || b.mask.len() != n {
            return Err(Error::Tensor(candle_core::Error::Msg(
                "batch arrays do not match rows × len".into(),
            )));
        }
        if b.len > self.max_len {
            return Err(Error::Tokenizer(format!(
                "input of {} tokens is longer than the model's {} positions",
                b.len, self.max_len
            )));
        }
        let vocab = self.word.len() / self.hidden;
        let types = self.token_type.len() / self.hidden;
        if let Some(&id) = b.ids.iter().find(|&&i| i as usize >= vocab) {
            return Err(Error::Tokenizer(format!(
                "token id {id} is outside the vocabulary"
            )));
        }
        if self.case_types {
            if let Some(&t) = b.types.iter().find(|&&t| t as usize >= types) {
                return Err(Error::Tokenizer(format!(
                    "token type {t} is outside the model's {types}"
                )));
            }
        }
        Ok(())
    }

    /// Hidden states of the real tokens, row by row: `(tokens, hidden)` and each row's
    /// `(first token, positions)`.
    fn encode(&self, b: &Batch) -> (Vec<f32>, Vec<(usize, Vec<usize>)>) {
        let h = self.hidden;
        let mut rows = Vec::with_capacity(b.rows);
        let mut n = 0;
        for r in 0..b.rows {
            let pos: Vec<usize> = (0..b.len).filter(|&t| b.mask[r * b.len + t] != 0).collect();
            let count = pos.len();
            rows.push((n, pos));
            n += count;
        }
        let mut x = vec![0f32; n * h];
        for (r, (first, pos)) in rows.iter().enumerate() {
            for (i, &t) in pos.iter().enumerate() {
                let k = r * b.len + t;
                let ty = if self.case_types {
                    b.types[k] as usize
                } else {
                    0
                };
                let (w, p, y) = (b.ids[k] as usize * h, t * h, ty * h);
                let dst = &mut x[(first + i) * h..(first + i + 1) * h];
                // (`(word + position) + type`, in the order of the f32 reference: same bits.)
                self.word.row(w, dst);
                for (c, d) in dst.iter_mut().enumerate() {
                    *d = *d + self.position[p + c] + self.token_type[y + c];
                }
            }
        }
        x.par_chunks_mut(32 * h)
            .for_each(|c| kernels::with_isa(self.isa, Rows(&self.emb_norm, c)));
        for layer in &self.layers {
            x = self.layer(layer, x, &rows);
        }
        (x, rows)
    }

    fn layer(&self, l: &Layer, x: Vec<f32>, rows: &[(usize, Vec<usize>)]) -> Vec<f32> {
        let h = self.hidden;
        let n = x.len() / h;
        let mut qkv = vec![0f32; n * 3 * h];
        l.qkv.forward(self.isa, &x, n, &mut qkv, Finish::None);
        let mut ctx = vec![0f32; n * h];
        // Each sequence attends within itself: one task per sequence, over its own rows.
        let mut parts: Vec<&mut [f32]> = Vec::with_capacity(rows.len());
        let mut rest = ctx.as_mut_slice();
        for (_, pos) in rows {
            let (head, tail) = rest.split_at_mut(pos.len() * h);
            parts.push(head);
            rest = tail;
        }
        parts
            .into_par_iter()
            .zip(rows.par_iter())
            .for_each(|(out, (first, pos))| {
                let qkv = &qkv[first * 3 * h..(first + pos.len()) * 3 * h];
                kernels::with_isa(
                    self.isa,
                    Attention {
                        model: self,
                        qkv,
                        out,
                    },
                )
            });
        let mut x1 = vec![0f32; n * h];
        let finish = Finish::ResidualNorm(&x, &l.attn_norm);
        l.attn_out.forward(self.isa, &ctx, n, &mut x1, finish);
        drop(ctx);
        let inner_n = l.intermediate.n;
        let mut inner = vec![0f32; n * inner_n];
        let act = match self.activation {
            Activation::GeluTanh => Finish::GeluTanh,
            Activation::Gelu => Finish::GeluErf,
            Activation::Relu => Finish::Relu,
        };
        l.intermediate.forward(self.isa, &x1, n, &mut inner, act);
        let mut x2 = vec![0f32; n * h];
        l.output.forward(
            self.isa,
            &inner,
            n,
            &mut x2,
            Finish::ResidualNorm(&x1, &l.out_norm),
        );
        x2
    }
}

/// Self-attention of one sequence: `qkv` holds its tokens' `[q | k | v]` rows, `out` gets the
/// heads' contexts side by side.
struct Attention<'a> {
    model: &'a QuantizedBert,
    qkv: &'a [f32],
    out: &'a mut [f32],
}

impl kernels::Vectorized for Attention<'_> {
    type Output = ();
    #[inline(always)]
    fn run(self, _: Isa) {
        let (qkv, out) = (self.qkv, self.out);
        let h = self.model.hidden;
        let heads = self.model.heads;
        let hd = h / heads;
        let n = qkv.len() / (3 * h);
        if n == 0 {
            return;
        }
        let scale = 1.0 / (hd as f32).sqrt();
        // Keys transposed, `(hd, np)`, padded with zero keys to whole blocks of scores.
        let np = n.next_multiple_of(BLOCK);
        let mut kt = vec![0f32; hd * np];
        let mut scores = vec![0f32; np];
        let mut acc = vec![0f32; hd.next_multiple_of(BLOCK)];
        for head in 0..heads {
            let (qo, ko, vo) = (head * hd, h + head * hd, 2 * h + head * hd);
            for j in 0..n {
                for c in 0..hd {
                    kt[c * np + j] = qkv[j * 3 * h + ko + c];
                }
            }
            for i in 0..n {
                let q = &qkv[i * 3 * h + qo..i * 3 * h + qo + hd];
                // Scores a block at a time, the block's sums held in registers across `c`.
                for (jb, block) in scores.chunks_exact_mut(BLOCK).enumerate() {
                    let mut sums = [0f32; BLOCK];
                    for (c, &qc) in q.iter().enumerate() {
                        let at = c * np + jb * BLOCK;
                        let k: &[f32; BLOCK] = kt[at..at + BLOCK].try_into().expect("block");
                        for l in 0..BLOCK {
                            sums[l] += qc * k[l];
                        }
                    }
                    for l in 0..BLOCK {
                        block[l] = sums[l] * scale;
                    }
                }
                let scores = &mut scores[..n];
                kernels::softmax(scores);
                // Context a block of features at a time, likewise.
                for (cb, acc) in acc.chunks_exact_mut(BLOCK).enumerate() {
                    let width = BLOCK.min(hd - cb * BLOCK);
                    let mut sums = [0f32; BLOCK];
                    for (j, &p) in scores.iter().enumerate() {
                        let at = j * 3 * h + vo + cb * BLOCK;
                        if width == BLOCK {
                            // An exact-length slice: one bounds check, then vector code.
                            let v: &[f32; BLOCK] = qkv[at..at + BLOCK].try_into().expect("block");
                            for l in 0..BLOCK {
                                sums[l] += p * v[l];
                            }
                        } else {
                            for (s, &v) in sums.iter_mut().zip(&qkv[at..at + width]) {
                                *s += p * v;
                            }
                        }
                    }
                    acc.copy_from_slice(&sums);
                }
                out[i * h + qo..i * h + qo + hd].copy_from_slice(&acc[..hd]);
            }
        }
    }
}

/// Scores or features computed together in attention: four AVX2 registers.
const BLOCK: usize = 32;

impl TokenClassifier for QuantizedBert {
    fn labels(&self) -> &[String] {
        &self.labels
    }

    fn max_len(&self) -> usize {
        self.max_len
    }

    /// Logits of the real tokens; rows of padding (mask 0) are left at zero.
    fn logits(&self, b: &Batch) -> Result<Vec<f32>> {
        self.check(b)?;
        let (x, rows) = self.encode(b);
        let (h, nl) = (self.hidden, self.classifier_b.len());
        let mut out = vec![0f32; b.rows * b.len * nl];
        for (r, (first, pos)) in rows.iter().enumerate() {
            for (i, &t) in pos.iter().enumerate() {
                let xs = &x[(first + i) * h..(first + i + 1) * h];
                let o = &mut out[(r * b.len + t) * nl..(r * b.len + t + 1) * nl];
                for (c, o) in o.iter_mut().enumerate() {
                    let w = &self.classifier_w[c * h..(c + 1) * h];
                    *o = xs.iter().zip(w).map(|(a, b)| a * b).sum::<f32>() + self.classifier_b[c];
                }
            }
        }
        Ok(out)
    }

    fn case_types(&self) -> bool {
        self.case_types
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::{DType, Device, Tensor};
    use std::collections::HashMap;

    fn table_of(values: &[f32]) -> WordTable {
        let t = Tensor::from_slice(values, (values.len() / 4, 4), &Device::Cpu).unwrap();
        let vb = VarBuilder::from_tensors(
            HashMap::from([("weight".to_string(), t)]),
            DType::F32,
            &Device::Cpu,
        );
        WordTable::load(&vb, values.len() / 4, 4, "weight").unwrap()
    }

    #[test]
    fn a_word_table_is_kept_in_f16_only_when_that_loses_nothing() {
        // (The largest f16, the smallest normal and the smallest subnormal among them.)
        let exact = [
            0.5,
            -1.25,
            3.0,
            0.0,
            65504.0,
            -(2f32.powi(-14)),
            2f32.powi(-24),
            2.0,
        ];
        let t = table_of(&exact);
        assert!(matches!(t, WordTable::Half(_)));
        let mut row = [0f32; 4];
        t.row(4, &mut row);
        assert_eq!(row, exact[4..]);
        let inexact = [0.1f32, 0.2, 0.3, 0.4];
        let t = table_of(&inexact);
        assert!(matches!(t, WordTable::Full(_)));
        t.row(0, &mut row);
        assert_eq!(row, inexact);
    }
}
