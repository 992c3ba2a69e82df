//! CPU kernels of the quantized encoder: an integer matrix product over weights packed once at
//! load, and the element-wise work (quantizing, exp, GELU, softmax, layer norm) written so the
//! compiler vectorizes it.
//!
//! The product multiplies integers and adds them into 32-bit ones: weights are int8 per output
//! channel, activations are quantized per row on the fly. Integer sums are exact, so every
//! implementation of `matmul` returns the same bits: the AVX-512 VNNI kernel (`vpdpbusd`, four
//! byte products per 32-bit lane), the AVX-VNNI one (the same on 256 bits, for CPUs without
//! AVX-512), the AVX2 kernels (`vpmaddwd`, two 16-bit products per lane;
//! with 7-bit activations `vpmaddubsw` over the VNNI byte layout), each chosen at run time where
//! the CPU has it, and the portable loop that any CPU runs (and that tests force). The
//! element-wise code is plain Rust in a fixed order of operations (no fused multiply-add, no
//! reassociation), so it too gives the same bits whatever vector width the compiler picks.

use rayon::prelude::*;

/// Largest weight after quantization: int8, symmetric.
pub const WEIGHT_MAX: i32 = 127;

/// Columns per packed panel: two AVX2 registers of eight 32-bit sums.
const NR: usize = 16;
/// Rows per kernel call: 6 rows × 2 registers of sums, 2 of weights and 1 broadcast fit the
/// 16 AVX2 registers.
const MR: usize = 6;
/// Rows per parallel task: large enough that a weight panel read once serves many rows.
const ROWS_PER_TASK: usize = 8 * MR;

/// Which implementation of the integer product runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Isa {
    /// Plain Rust, any CPU.
    Portable,
    /// x86-64 AVX2 (`vpmaddwd`), detected at run time.
    Avx2,
    /// x86-64 AVX-512 BW without VNNI (Skylake-SP and -X Xeons and Core X): the AVX2 byte
    /// kernel's `vpmaddubsw` on 512 bits, detected at run time.
    Avx512Bw,
    /// x86-64 AVX2 with AVX-VNNI (`vpdpbusd` on 256 bits, VEX-encoded: Intel client CPUs
    /// from Alder Lake, E-core Xeons, AMD from Zen 5), detected at run time; for CPUs without
    /// AVX-512 VNNI.
    AvxVnni,
    /// x86-64 AVX-512 with VNNI (`vpdpbusd`), detected at run time; layers whose activations
    /// need more than 8 bits use the AVX2 kernel.
    Avx512,
}

impl Isa {
    /// The fastest implementation this CPU runs, unless `WHOSAID_KERNELS` (`portable`, `avx2`,
    /// `avx512bw`, `avxvnni`) asks for a slower one.
    pub fn detect() -> Isa {
        let best = Isa::supported().into_iter().max().unwrap_or(Isa::Portable);
        match std::env::var("WHOSAID_KERNELS").as_deref() {
            Ok("portable") => Isa::Portable,
            Ok("avx2") => best.min(Isa::Avx2),
            Ok("avx512bw") if Isa::Avx512Bw.runs_here() => best.min(Isa::Avx512Bw),
            Ok("avxvnni") if Isa::AvxVnni.runs_here() => best.min(Isa::AvxVnni),
            Ok("avx512bw" | "avxvnni") => best.min(Isa::Avx2),
            _ => best,
        }
    }

    /// Every implementation this CPU runs, slowest first (tests and benchmarks compare them).
    pub fn supported() -> Vec<Isa> {
        let mut isas = vec![Isa::Portable];
        if Isa::Avx2.runs_here() {
            isas.push(Isa::Avx2);
        }
        if Isa::Avx512Bw.runs_here() {
            isas.push(Isa::Avx512Bw);
        }
        if Isa::AvxVnni.runs_here() {
            isas.push(Isa::AvxVnni);
        }
        if Isa::Avx512.runs_here() {
            isas.push(Isa::Avx512);
        }
        isas
    }

    /// Whether this CPU has the instructions of `self`.
    fn runs_here(self) -> bool {
        #[cfg(target_arch = "x86_64")]
        {
            use std::arch::is_x86_feature_detected as has;
            match self {
                Isa::Portable => true,
                Isa::Avx2 => has!("avx2") && has!("fma"),
                Isa::Avx512Bw => Isa::Avx2.runs_here() && has!("avx512f") && has!("avx512bw"),
                Isa::AvxVnni => Isa::Avx2.runs_here() && has!("avxvnni"),
                Isa::Avx512 => {
                    Isa::Avx2.runs_here()
                        && has!("avx512f")
                        && has!("avx512bw")
                        && has!("avx512vl")
                        && has!("avx512vnni")
                }
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            self == Isa::Portable
        }
    }
}

/// A dense layer `y = x·Wᵀ + b` with `W` quantized per output channel and packed in panels of
/// `NR` columns, each panel holding, for every pair of inputs `k, k+1`, the 16 columns' two
/// weights side by side (the operand layout of `vpmaddwd`); where the CPU has a byte kernel
/// for the layer's activations (7 bits: AVX2; 8: either VNNI), also as bytes, four inputs side
/// by side (the layout of `vpdpbusd`).
pub struct PackedLinear {
    /// Outputs.
    pub n: usize,
    /// Inputs.
    pub k: usize,
    /// Inputs rounded up to even.
    kp: usize,
    /// Largest quantized activation: the sums of `k` products must fit 32 bits.
    act_max: f32,
    packed: Vec<i16>,
    /// The byte layout for `vpdpbusd`, when it is used.
    quads: Option<Quads>,
    /// Per output column: the weight scale.
    scale: Vec<f32>,
    bias: Vec<f32>,
}

impl PackedLinear {
    /// Quantizes and packs `weight` (`n` rows of `k`, PyTorch's `Linear` layout) and keeps `bias`.
    /// Activations get `act_bits` bits (sign included), fewer if `k` is so large that the sums
    /// could overflow.
    pub fn new(weight: &[f32], bias: &[f32], n: usize, k: usize, act_bits: u32) -> Self {
        assert_eq!(weight.len(), n * k, "weight shape");
        assert_eq!(bias.len(), n, "bias shape");
        let kp = k.next_multiple_of(2);
        let panels = n.div_ceil(NR);
        let mut scale = vec![1f32; n];
        let mut q = vec![0i16; n * kp];
        for c in 0..n {
            let row = &weight[c * k..(c + 1) * k];
            let amax = lane_max(row, 0.0, f32::abs);
            if amax > 0.0 {
                scale[c] = amax / WEIGHT_MAX as f32;
            }
            let inv = 1.0 / scale[c];
            for (i, &w) in row.iter().enumerate() {
                // |w·inv| ≤ WEIGHT_MAX: the same integer as `round_ties_even`, without a libm
                // call per weight (2% of a PolNeAR dev run went to loading).
                q[c * kp + i] = round_to_int(w * inv) as i16;
            }
        }
        let mut packed = vec![0i16; panels * kp * NR];
        for p in 0..panels {
            for kk in 0..kp / 2 {
                let base = (p * (kp / 2) + kk) * 2 * NR;
                for j in 0..NR {
                    let c = p * NR + j;
                    if c < n {
                        packed[base + 2 * j] = q[c * kp + 2 * kk];
                        packed[base + 2 * j + 1] = q[c * kp + 2 * kk + 1];
                    }
                }
            }
        }
        let limit = (i32::MAX as f64 / (WEIGHT_MAX as f64 * kp.max(1) as f64)).floor();
        let act_max = ((1u32 << (act_bits.clamp(2, 16) - 1)) - 1).min(limit as u32);
        // Activations of 7 bits: bytes for AVX2 and VNNI alike; of 8: for `vpdpbusd` only.
        let quads = if act_max <= Quads::ACT_MAX as u32 && Isa::Avx2.runs_here() {
            Some(Quads::new(&q, n, k, kp, Quads::SHIFT))
        } else if act_max <= 127 && (Isa::Avx512.runs_here() || Isa::AvxVnni.runs_here()) {
            Some(Quads::new(&q, n, k, kp, 128))
        } else {
            None
        };
        PackedLinear {
            n,
            k,
            kp,
            act_max: act_max.max(1) as f32,
            packed,
            quads,
            scale,
            bias: bias.to_vec(),
        }
    }

    /// `out = x·Wᵀ + b` for `rows` rows of `x`, then `finish` on each block of rows while it is
    /// still in cache, all in parallel over blocks of rows.
    pub fn forward(&self, isa: Isa, x: &[f32], rows: usize, out: &mut [f32], finish: Finish) {
        assert_eq!(x.len(), rows * self.k, "input shape");
        assert_eq!(out.len(), rows * self.n, "output shape");
        if self.n == 0 {
            return;
        }
        out.par_chunks_mut(ROWS_PER_TASK * self.n)
            .enumerate()
            .for_each(|(t, out)| {
                let first = t * ROWS_PER_TASK;
                let task = Task {
                    w: self,
                    x: &x[first * self.k..],
                    out,
                    first,
                    finish,
                };
                with_isa(isa, task)
            });
    }
}

/// Weights as bytes for `vpdpbusd` (AVX-512 VNNI) and `vpmaddubsw` (AVX2), which multiply
/// unsigned bytes by signed ones: activations are stored plus `shift`, and `shift·Σw` per column
/// is taken off the sums. Activations of at most 63 in magnitude are stored plus 64 (so 1..=127):
/// `vpmaddubsw` adds two products into 16 bits with saturation, which 127·127·2 = 32,258 never
/// reaches, so both instructions give exact sums. Activations of 8 bits are stored plus 128, for
/// `vpdpbusd` only. The sums wrap modulo 2³², and the true sum fits 32 bits (see `act_max`), so
/// the result is the same integers as the other kernels.
struct Quads {
    /// Inputs rounded up to a multiple of four.
    kq: usize,
    /// Panel `p`, quad `g`: 64 bytes, column `j`'s weights `4g..4g+4` at `4j`.
    packed: Vec<i8>,
    /// Per output column: `shift·Σ_k w[c][k]`.
    offset: Vec<i32>,
    /// Added to each stored activation: 64 (AVX2 and VNNI) or 128 (VNNI only).
    shift: i32,
}

impl Quads {
    /// Largest activation magnitude for the AVX2 byte kernel (`a + 64` times a weight, twice,
    /// must fit 16 bits for `vpmaddubsw`).
    const ACT_MAX: i32 = 63;
    /// The shift of activations that `ACT_MAX` bounds.
    const SHIFT: i32 = 64;

    /// From the quantized weights `q` (`n` rows of `kp`, zero past `k`).
    fn new(q: &[i16], n: usize, k: usize, kp: usize, shift: i32) -> Self {
        let kq = k.next_multiple_of(4);
        let groups = kq / 4;
        let panels = n.div_ceil(NR);
        let mut packed = vec![0i8; panels * groups * 4 * NR];
        let mut offset = vec![0i32; n];
        for c in 0..n {
            let (p, j) = (c / NR, c % NR);
            for i in 0..k {
                let w = q[c * kp + i];
                packed[(p * groups + i / 4) * 4 * NR + 4 * j + i % 4] = w as i8;
                offset[c] += shift * w as i32;
            }
        }
        Quads {
            kq,
            packed,
            offset,
            shift,
        }
    }
}

/// What [`PackedLinear::forward`] does to its output rows after the product.
#[derive(Clone, Copy)]
pub enum Finish<'a> {
    /// Nothing.
    None,
    /// Tanh-form GELU.
    GeluTanh,
    /// Exact (erf) GELU.
    GeluErf,
    /// ReLU.
    Relu,
    /// Add the same rows of `residual` (rows × outputs), then layer-normalize each row.
    ResidualNorm(&'a [f32], &'a LayerNorm),
}

/// Layer-norm parameters.
pub struct LayerNorm {
    /// Scale per feature.
    pub gamma: Vec<f32>,
    /// Shift per feature.
    pub beta: Vec<f32>,
    /// Added to the variance.
    pub eps: f32,
}

impl LayerNorm {
    /// Normalizes every row of `x` (rows of `gamma.len()`), in place.
    #[inline(always)]
    pub fn rows(&self, x: &mut [f32]) {
        for row in x.chunks_mut(self.gamma.len()) {
            layer_norm(row, &self.gamma, &self.beta, self.eps);
        }
    }
}

thread_local! {
    /// Each worker's quantized activations for the byte kernels, kept between calls: every
    /// element is written before it is read, so nothing is zeroed (allocating and filling them
    /// per call was 3% of a run in `memset`).
    static SCRATCH_BYTES: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    /// The same for the 16-bit kernels.
    static SCRATCH_PAIRS: std::cell::RefCell<Vec<i16>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The first `len` elements of a worker's scratch buffer, grown (once) if it is shorter.
#[inline(always)]
fn scratch<T: Copy + Default>(buf: &mut Vec<T>, len: usize) -> &mut [T] {
    if buf.len() < len {
        buf.resize(len, T::default());
    }
    &mut buf[..len]
}

/// One block of rows of [`PackedLinear::forward`]: quantize, multiply, finish.
struct Task<'a> {
    w: &'a PackedLinear,
    x: &'a [f32],
    out: &'a mut [f32],
    first: usize,
    finish: Finish<'a>,
}

impl Vectorized for Task<'_> {
    type Output = ();
    #[inline(always)]
    fn run(self, isa: Isa) {
        let w = self.w;
        let m = self.out.len() / w.n;
        let mut sa = vec![0f32; m];
        #[cfg(target_arch = "x86_64")]
        let vnni = isa == Isa::Avx512 && Isa::Avx512.runs_here();
        #[cfg(target_arch = "x86_64")]
        let vnni256 = isa == Isa::AvxVnni && Isa::AvxVnni.runs_here();
        #[cfg(target_arch = "x86_64")]
        let bw = isa == Isa::Avx512Bw && Isa::Avx512Bw.runs_here();
        match &w.quads {
            #[cfg(target_arch = "x86_64")]
            Some(quads)
                if vnni
                    || vnni256
                    || (quads.shift == Quads::SHIFT
                        && (bw || (isa == Isa::Avx2 && Isa::Avx2.runs_here()))) =>
            {
                // (Taken out and put back, not used in a closure: a closure would not inherit
                // this function's target features, and the quantizing loop would lose them.)
                let mut buf = SCRATCH_BYTES.take();
                let qa = scratch(&mut buf, m * quads.kq);
                for (r, row) in qa.chunks_exact_mut(quads.kq).enumerate() {
                    let src = &self.x[r * w.k..(r + 1) * w.k];
                    let (dst, pad) = row.split_at_mut(w.k);
                    sa[r] = quantize_row(src, dst, w.act_max, quads.shift);
                    pad.fill(quads.shift as u8);
                }
                if vnni {
                    // SAFETY: the CPU has AVX-512 F, BW, VL and VNNI (checked above); `qa`, `sa`
                    // and `out` hold `m` rows.
                    unsafe { avx512::matmul(w, quads, qa, &sa, m, self.out) }
                } else if vnni256 {
                    // SAFETY: the CPU has AVX2 and AVX-VNNI (checked above); `qa`, `sa` and
                    // `out` hold `m` rows.
                    unsafe { avx2::matmul_vnni(w, quads, qa, &sa, m, self.out) }
                } else if bw {
                    // SAFETY: the CPU has AVX-512 F and BW (checked above); `qa`, `sa` and `out`
                    // hold `m` rows.
                    unsafe { avx512::matmul_bw(w, quads, qa, &sa, m, self.out) }
                } else {
                    // SAFETY: the CPU has AVX2 (checked above); `qa`, `sa` and `out` hold `m`
                    // rows.
                    unsafe { avx2::matmul_bytes(w, quads, qa, &sa, m, self.out) }
                }
                SCRATCH_BYTES.set(buf);
            }
            _ => {
                let mut buf = SCRATCH_PAIRS.take();
                let qa = scratch(&mut buf, m * w.kp);
                for (r, row) in qa.chunks_exact_mut(w.kp).enumerate() {
                    let src = &self.x[r * w.k..(r + 1) * w.k];
                    let (dst, pad) = row.split_at_mut(w.k);
                    sa[r] = quantize_row(src, dst, w.act_max, 0);
                    pad.fill(0);
                }
                matmul(isa, w, qa, &sa, m, self.out);
                SCRATCH_PAIRS.set(buf);
            }
        }
        let out = self.out;
        match self.finish {
            Finish::None => {}
            Finish::GeluTanh => gelu_tanh(out),
            Finish::GeluErf => gelu_erf(out),
            Finish::Relu => out.iter_mut().for_each(|v| *v = v.max(0.0)),
            Finish::ResidualNorm(residual, norm) => {
                for (o, &r) in out.iter_mut().zip(&residual[self.first * w.n..]) {
                    *o += r;
                }
                norm.rows(out);
            }
        }
    }
}

/// Element-wise work that the compiler vectorizes: [`with_isa`] compiles it once more with AVX2
/// enabled and runs that copy where the CPU has it. Same operations, same order: same bits.
pub trait Vectorized {
    /// What the work returns.
    type Output;
    /// Does the work; `isa` says which integer product to call.
    fn run(self, isa: Isa) -> Self::Output;
}

/// Runs `work` compiled for `isa` (see [`Vectorized`]).
#[inline]
pub fn with_isa<V: Vectorized>(isa: Isa, work: V) -> V::Output {
    match isa {
        #[cfg(target_arch = "x86_64")]
        Isa::Avx512 if Isa::Avx512.runs_here() => {
            // SAFETY: the CPU has these features (checked here).
            unsafe { run_avx512(work) }
        }
        #[cfg(target_arch = "x86_64")]
        Isa::AvxVnni | Isa::Avx512 if Isa::AvxVnni.runs_here() => {
            // SAFETY: the CPU has AVX2, FMA and AVX-VNNI (checked here).
            unsafe { run_avxvnni(work) }
        }
        #[cfg(target_arch = "x86_64")]
        Isa::Avx512Bw if Isa::Avx512Bw.runs_here() => {
            // SAFETY: the CPU has AVX2, FMA, AVX-512 F and BW (checked here).
            unsafe { run_avx512bw(work) }
        }
        #[cfg(target_arch = "x86_64")]
        Isa::Avx2 | Isa::Avx512Bw | Isa::AvxVnni | Isa::Avx512 if Isa::Avx2.runs_here() => {
            // SAFETY: the CPU has AVX2 and FMA (checked here).
            unsafe { run_avx2(work) }
        }
        _ => work.run(Isa::Portable),
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn run_avx2<V: Vectorized>(work: V) -> V::Output {
    work.run(Isa::Avx2)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma,avx512f,avx512bw")]
unsafe fn run_avx512bw<V: Vectorized>(work: V) -> V::Output {
    work.run(Isa::Avx512Bw)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma,avxvnni")]
unsafe fn run_avxvnni<V: Vectorized>(work: V) -> V::Output {
    work.run(Isa::AvxVnni)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma,avx512f,avx512bw,avx512vl,avx512vnni")]
unsafe fn run_avx512<V: Vectorized>(work: V) -> V::Output {
    work.run(Isa::Avx512)
}

/// How a kernel stores a quantized activation `q`.
trait Quantized: Copy {
    fn store(q: i32, shift: i32) -> Self;
}

impl Quantized for i16 {
    #[inline(always)]
    fn store(q: i32, _: i32) -> Self {
        q as i16
    }
}

/// Plus the shift, for `vpdpbusd` and `vpmaddubsw` (see [`Quads`]).
impl Quantized for u8 {
    #[inline(always)]
    fn store(q: i32, shift: i32) -> Self {
        (q + shift) as u8
    }
}

/// Quantizes one row to integers of at most `max` in magnitude; returns the scale that maps
/// them back.
#[inline(always)]
fn quantize_row<T: Quantized>(src: &[f32], dst: &mut [T], max: f32, shift: i32) -> f32 {
    let amax = lane_max(src, 0.0, f32::abs);
    if amax == 0.0 || !amax.is_finite() {
        dst.fill(T::store(0, shift));
        return if amax == 0.0 { 0.0 } else { f32::NAN };
    }
    let inv = max / amax;
    for (d, &v) in dst.iter_mut().zip(src) {
        *d = T::store(round_to_int(v * inv), shift);
    }
    amax / max
}

/// `out[r][c] = (Σ_k qa[r][k]·w[c][k]) · sa[r] · scale[c] + bias[c]` for `m` rows of `qa`
/// (`kp` integers each, zero past `k`).
fn matmul(isa: Isa, w: &PackedLinear, qa: &[i16], sa: &[f32], m: usize, out: &mut [f32]) {
    assert!(qa.len() >= m * w.kp && sa.len() >= m && out.len() >= m * w.n);
    match isa {
        #[cfg(target_arch = "x86_64")]
        Isa::Avx2 | Isa::Avx512Bw | Isa::AvxVnni | Isa::Avx512 if Isa::Avx2.runs_here() => {
            // SAFETY: the CPU has AVX2 (checked above); shapes are checked above and in the kernel.
            unsafe { avx2::matmul(w, qa, sa, m, out) }
        }
        _ => portable_matmul(w, qa, sa, m, out),
    }
}

fn portable_matmul(w: &PackedLinear, qa: &[i16], sa: &[f32], m: usize, out: &mut [f32]) {
    let pairs = w.kp / 2;
    for p in 0..w.n.div_ceil(NR) {
        let panel = &w.packed[p * pairs * 2 * NR..(p + 1) * pairs * 2 * NR];
        for r in 0..m {
            let a = &qa[r * w.kp..(r + 1) * w.kp];
            let mut acc = [0i32; NR];
            for kk in 0..pairs {
                let (a0, a1) = (a[2 * kk] as i32, a[2 * kk + 1] as i32);
                let b = &panel[kk * 2 * NR..(kk + 1) * 2 * NR];
                for j in 0..NR {
                    acc[j] += a0 * b[2 * j] as i32 + a1 * b[2 * j + 1] as i32;
                }
            }
            for (j, &s) in acc.iter().enumerate() {
                let c = p * NR + j;
                if c < w.n {
                    out[r * w.n + c] = s as f32 * (sa[r] * w.scale[c]) + w.bias[c];
                }
            }
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod avx2 {
    use super::{PackedLinear, Quads, MR, NR};
    use std::arch::x86_64::*;

    /// Rows per block of the byte kernel: 4 rows × 2 registers of sums, 2 of weights, the
    /// broadcast, the products and the ones fit the 16 AVX2 registers.
    const MR_BYTES: usize = 4;

    /// The product of [`super::matmul`] with `vpmaddubsw` over [`Quads`] (four byte products
    /// per 32-bit lane, as `vpdpbusd`: `vpmaddubsw` then `vpmaddwd` by ones); `qa` holds the
    /// activations plus the shift, `kq` bytes a row.
    ///
    /// # Safety
    /// The CPU must have AVX2; `qa`, `sa` and `out` must hold `m` rows.
    #[target_feature(enable = "avx2")]
    pub unsafe fn matmul_bytes(
        w: &PackedLinear,
        quads: &Quads,
        qa: &[u8],
        sa: &[f32],
        m: usize,
        out: &mut [f32],
    ) {
        byte_blocks::<Maddubs>(w, quads, qa, sa, m, out, MR_BYTES);
    }

    /// Rows per block of the AVX-VNNI kernel: 6 rows × 2 registers of sums, 2 of weights and
    /// the broadcast fit the 16 registers.
    const MR_VNNI: usize = 6;

    /// [`matmul_bytes`] with `vpdpbusd` on 256 bits (AVX-VNNI): one instruction for the three
    /// of `vpmaddubsw`, `vpmaddwd` by ones and the add, on the same layout, the same integers
    /// (it does not saturate, so 8-bit activations stored plus 128 work too).
    ///
    /// # Safety
    /// The CPU must have AVX2 and AVX-VNNI; `qa`, `sa` and `out` must hold `m` rows.
    #[target_feature(enable = "avx2,avxvnni")]
    pub unsafe fn matmul_vnni(
        w: &PackedLinear,
        quads: &Quads,
        qa: &[u8],
        sa: &[f32],
        m: usize,
        out: &mut [f32],
    ) {
        byte_blocks::<Dpbusd>(w, quads, qa, sa, m, out, MR_VNNI);
    }

    /// Four byte products per 32-bit lane added into `acc`: the one step the byte kernels
    /// differ in. Inlined into callers compiled with the instructions it needs.
    trait QuadProduct {
        unsafe fn add(acc: __m256i, a: __m256i, b: __m256i) -> __m256i;
    }

    /// `vpmaddubsw`, `vpmaddwd` by ones, add (AVX2).
    struct Maddubs;

    impl QuadProduct for Maddubs {
        #[inline(always)]
        unsafe fn add(acc: __m256i, a: __m256i, b: __m256i) -> __m256i {
            let pairs = _mm256_maddubs_epi16(a, b);
            _mm256_add_epi32(acc, _mm256_madd_epi16(pairs, _mm256_set1_epi16(1)))
        }
    }

    /// `vpdpbusd` (AVX-VNNI).
    struct Dpbusd;

    impl QuadProduct for Dpbusd {
        #[inline(always)]
        unsafe fn add(acc: __m256i, a: __m256i, b: __m256i) -> __m256i {
            _mm256_dpbusd_avx_epi32(acc, a, b)
        }
    }

    /// Every block of up to `mr` rows (at most 6) by one panel, panels outside.
    #[inline(always)]
    unsafe fn byte_blocks<P: QuadProduct>(
        w: &PackedLinear,
        quads: &Quads,
        qa: &[u8],
        sa: &[f32],
        m: usize,
        out: &mut [f32],
        mr: usize,
    ) {
        assert!(qa.len() >= m * quads.kq && sa.len() >= m && out.len() >= m * w.n);
        for p in 0..w.n.div_ceil(NR) {
            let mut r = 0;
            while r < m {
                let rows = (m - r).min(mr);
                match rows {
                    6 => bytes::<P, 6>(w, quads, qa, sa, r, p, out),
                    5 => bytes::<P, 5>(w, quads, qa, sa, r, p, out),
                    4 => bytes::<P, 4>(w, quads, qa, sa, r, p, out),
                    3 => bytes::<P, 3>(w, quads, qa, sa, r, p, out),
                    2 => bytes::<P, 2>(w, quads, qa, sa, r, p, out),
                    _ => bytes::<P, 1>(w, quads, qa, sa, r, p, out),
                }
                r += rows;
            }
        }
    }

    /// Rows `r..r+R` by panel `p`, bytes.
    #[inline(always)]
    unsafe fn bytes<P: QuadProduct, const R: usize>(
        w: &PackedLinear,
        q: &Quads,
        qa: &[u8],
        sa: &[f32],
        r: usize,
        p: usize,
        out: &mut [f32],
    ) {
        let groups = q.kq / 4;
        let stride = groups * 4 * NR;
        let panel = &q.packed[p * stride..(p + 1) * stride];
        let a = &qa[r * q.kq..(r + R) * q.kq];
        let mut acc = [[_mm256_setzero_si256(); 2]; R];
        let (bp, ap) = (panel.as_ptr(), a.as_ptr());
        for g in 0..groups {
            // SAFETY: `panel` holds `groups` quads of 4·NR bytes; `a` holds R rows of
            // kq = 4·groups bytes.
            let b0 = _mm256_loadu_si256(bp.add(g * 4 * NR) as *const __m256i);
            let b1 = _mm256_loadu_si256(bp.add(g * 4 * NR + 32) as *const __m256i);
            for (i, acc) in acc.iter_mut().enumerate() {
                let quad = (ap.add(i * q.kq + 4 * g) as *const i32).read_unaligned();
                let av = _mm256_set1_epi32(quad);
                acc[0] = P::add(acc[0], av, b0);
                acc[1] = P::add(acc[1], av, b1);
            }
        }
        finish(w, &acc, Some(&q.offset), sa, r, p, out);
    }

    /// Rows `r..` of panel `p` from their sums `acc`, less `offset` per column where given:
    /// the same operations, in the same order, as the portable loop.
    #[target_feature(enable = "avx2")]
    #[inline]
    unsafe fn finish(
        w: &PackedLinear,
        acc: &[[__m256i; 2]],
        offset: Option<&[i32]>,
        sa: &[f32],
        r: usize,
        p: usize,
        out: &mut [f32],
    ) {
        let c0 = p * NR;
        let cols = (w.n - c0).min(NR);
        for (i, acc) in acc.iter().enumerate() {
            let row = &mut out[(r + i) * w.n + c0..(r + i) * w.n + c0 + cols];
            let s = sa[r + i];
            // A whole panel in vector registers: the same operations as the element loop.
            if cols == NR {
                let vs = _mm256_set1_ps(s);
                for (h, &acc) in acc.iter().enumerate() {
                    let half = c0 + 8 * h..c0 + 8 * h + 8;
                    let sum = match offset {
                        Some(o) => _mm256_sub_epi32(
                            acc,
                            _mm256_loadu_si256(o[half.clone()].as_ptr() as *const __m256i),
                        ),
                        None => acc,
                    };
                    let scale = _mm256_mul_ps(vs, _mm256_loadu_ps(w.scale[half.clone()].as_ptr()));
                    let bias = _mm256_loadu_ps(w.bias[half].as_ptr());
                    let v = _mm256_add_ps(_mm256_mul_ps(_mm256_cvtepi32_ps(sum), scale), bias);
                    _mm256_storeu_ps(row[8 * h..8 * h + 8].as_mut_ptr(), v);
                }
                continue;
            }
            let mut sums = [0i32; NR];
            _mm256_storeu_si256(sums.as_mut_ptr() as *mut __m256i, acc[0]);
            _mm256_storeu_si256(sums.as_mut_ptr().add(8) as *mut __m256i, acc[1]);
            for (j, o) in row.iter_mut().enumerate() {
                let sum = sums[j].wrapping_sub(offset.map_or(0, |o| o[c0 + j]));
                *o = sum as f32 * (s * w.scale[c0 + j]) + w.bias[c0 + j];
            }
        }
    }

    /// See [`super::matmul`].
    ///
    /// # Safety
    /// The CPU must have AVX2; `qa`, `sa` and `out` must hold `m` rows.
    #[target_feature(enable = "avx2")]
    pub unsafe fn matmul(w: &PackedLinear, qa: &[i16], sa: &[f32], m: usize, out: &mut [f32]) {
        let panels = w.n.div_ceil(NR);
        for p in 0..panels {
            let mut r = 0;
            while r < m {
                let rows = (m - r).min(MR);
                match rows {
                    6 => block::<6>(w, qa, sa, r, p, out),
                    5 => block::<5>(w, qa, sa, r, p, out),
                    4 => block::<4>(w, qa, sa, r, p, out),
                    3 => block::<3>(w, qa, sa, r, p, out),
                    2 => block::<2>(w, qa, sa, r, p, out),
                    _ => block::<1>(w, qa, sa, r, p, out),
                }
                r += rows;
            }
        }
    }

    /// Rows `r..r+R` by panel `p`.
    #[target_feature(enable = "avx2")]
    #[inline]
    unsafe fn block<const R: usize>(
        w: &PackedLinear,
        qa: &[i16],
        sa: &[f32],
        r: usize,
        p: usize,
        out: &mut [f32],
    ) {
        let pairs = w.kp / 2;
        let panel = &w.packed[p * pairs * 2 * NR..(p + 1) * pairs * 2 * NR];
        let a = &qa[r * w.kp..(r + R) * w.kp];
        let mut acc = [[_mm256_setzero_si256(); 2]; R];
        let bp = panel.as_ptr();
        let ap = a.as_ptr();
        for kk in 0..pairs {
            // SAFETY: `panel` holds `pairs` groups of 2·NR values; `a` holds R rows of kp = 2·pairs.
            let b0 = _mm256_loadu_si256(bp.add(kk * 2 * NR) as *const __m256i);
            let b1 = _mm256_loadu_si256(bp.add(kk * 2 * NR + NR) as *const __m256i);
            for (i, acc) in acc.iter_mut().enumerate() {
                let pair = (ap.add(i * w.kp + 2 * kk) as *const i32).read_unaligned();
                let av = _mm256_set1_epi32(pair);
                acc[0] = _mm256_add_epi32(acc[0], _mm256_madd_epi16(av, b0));
                acc[1] = _mm256_add_epi32(acc[1], _mm256_madd_epi16(av, b1));
            }
        }
        finish(w, &acc, None, sa, r, p, out);
    }
}

#[cfg(target_arch = "x86_64")]
mod avx512 {
    use super::{PackedLinear, Quads, NR};
    use std::arch::x86_64::*;

    /// Rows per block: 6 rows × 4 panels of sums, 4 of weights and a broadcast fit the 32
    /// AVX-512 registers.
    const MR: usize = 6;
    /// Panels per block.
    const PR: usize = 4;

    /// The product of [`super::matmul`] with `vpdpbusd` over [`Quads`]; `qa` holds the
    /// activations plus the shift, `kq` bytes a row.
    ///
    /// # Safety
    /// The CPU must have AVX-512 F, BW, VL and VNNI; `qa`, `sa` and `out` must hold `m` rows.
    #[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512vnni")]
    pub unsafe fn matmul(
        w: &PackedLinear,
        quads: &Quads,
        qa: &[u8],
        sa: &[f32],
        m: usize,
        out: &mut [f32],
    ) {
        blocks::<Dpbusd>(w, quads, qa, sa, m, out);
    }

    /// [`matmul`] without VNNI: `vpmaddubsw`, then `vpmaddwd` by ones, then the add (the AVX2
    /// byte kernel on 512 bits; 7-bit activations only, see [`Quads`]).
    ///
    /// # Safety
    /// The CPU must have AVX-512 F and BW; `qa`, `sa` and `out` must hold `m` rows.
    #[target_feature(enable = "avx512f,avx512bw")]
    pub unsafe fn matmul_bw(
        w: &PackedLinear,
        quads: &Quads,
        qa: &[u8],
        sa: &[f32],
        m: usize,
        out: &mut [f32],
    ) {
        assert_eq!(
            quads.shift,
            Quads::SHIFT,
            "vpmaddubsw needs 7-bit activations"
        );
        blocks::<Maddubs>(w, quads, qa, sa, m, out);
    }

    /// Four byte products per 32-bit lane added into `acc`: the one step the two kernels
    /// differ in. Inlined into callers compiled with the instructions it needs.
    trait QuadProduct {
        unsafe fn add(acc: __m512i, a: __m512i, b: __m512i) -> __m512i;
    }

    /// `vpdpbusd` (AVX-512 VNNI).
    struct Dpbusd;

    impl QuadProduct for Dpbusd {
        #[inline(always)]
        unsafe fn add(acc: __m512i, a: __m512i, b: __m512i) -> __m512i {
            _mm512_dpbusd_epi32(acc, a, b)
        }
    }

    /// `vpmaddubsw`, `vpmaddwd` by ones, add (AVX-512 BW).
    struct Maddubs;

    impl QuadProduct for Maddubs {
        #[inline(always)]
        unsafe fn add(acc: __m512i, a: __m512i, b: __m512i) -> __m512i {
            let pairs = _mm512_maddubs_epi16(a, b);
            _mm512_add_epi32(acc, _mm512_madd_epi16(pairs, _mm512_set1_epi16(1)))
        }
    }

    /// Every block of up to `MR` rows by up to `PR` panels, panels outside.
    #[inline(always)]
    unsafe fn blocks<Q: QuadProduct>(
        w: &PackedLinear,
        quads: &Quads,
        qa: &[u8],
        sa: &[f32],
        m: usize,
        out: &mut [f32],
    ) {
        assert!(qa.len() >= m * quads.kq && sa.len() >= m && out.len() >= m * w.n);
        let panels = w.n.div_ceil(NR);
        let mut p = 0;
        while p < panels {
            let ps = (panels - p).min(PR);
            let mut r = 0;
            while r < m {
                let rows = (m - r).min(MR);
                let b = Block {
                    w,
                    quads,
                    qa,
                    sa,
                    r,
                    p,
                };
                match ps {
                    4 => b.rows::<Q, 4>(rows, out),
                    3 => b.rows::<Q, 3>(rows, out),
                    2 => b.rows::<Q, 2>(rows, out),
                    _ => b.rows::<Q, 1>(rows, out),
                }
                r += rows;
            }
            p += ps;
        }
    }

    /// Rows from `r` by panels from `p`.
    struct Block<'a> {
        w: &'a PackedLinear,
        quads: &'a Quads,
        qa: &'a [u8],
        sa: &'a [f32],
        r: usize,
        p: usize,
    }

    impl Block<'_> {
        #[inline(always)]
        unsafe fn rows<Q: QuadProduct, const P: usize>(&self, rows: usize, out: &mut [f32]) {
            match rows {
                6 => self.run::<Q, 6, P>(out),
                5 => self.run::<Q, 5, P>(out),
                4 => self.run::<Q, 4, P>(out),
                3 => self.run::<Q, 3, P>(out),
                2 => self.run::<Q, 2, P>(out),
                _ => self.run::<Q, 1, P>(out),
            }
        }

        #[inline(always)]
        unsafe fn run<Q: QuadProduct, const R: usize, const P: usize>(&self, out: &mut [f32]) {
            let q = self.quads;
            let groups = q.kq / 4;
            let stride = groups * 4 * NR;
            let panels = &q.packed[self.p * stride..(self.p + P) * stride];
            let a = &self.qa[self.r * q.kq..(self.r + R) * q.kq];
            let mut acc = [[_mm512_setzero_si512(); P]; R];
            let (bp, ap) = (panels.as_ptr(), a.as_ptr());
            for g in 0..groups {
                // SAFETY: `panels` holds P panels of `groups` quads of 4·NR bytes; `a` holds R
                // rows of kq = 4·groups bytes.
                let mut b = [_mm512_setzero_si512(); P];
                for (j, b) in b.iter_mut().enumerate() {
                    *b = _mm512_loadu_si512(bp.add(j * stride + g * 4 * NR) as *const _);
                }
                for (i, acc) in acc.iter_mut().enumerate() {
                    let quad = (ap.add(i * q.kq + 4 * g) as *const i32).read_unaligned();
                    let av = _mm512_set1_epi32(quad);
                    for (acc, &b) in acc.iter_mut().zip(&b) {
                        *acc = Q::add(*acc, av, b);
                    }
                }
            }
            self.store(&acc, out);
        }

        /// Rows `r..r+R` of panels `p..p+P` from their sums `acc`.
        #[target_feature(enable = "avx512f")]
        #[inline]
        unsafe fn store<const R: usize, const P: usize>(
            &self,
            acc: &[[__m512i; P]; R],
            out: &mut [f32],
        ) {
            let (w, q) = (self.w, self.quads);
            for (i, acc) in acc.iter().enumerate() {
                let s = self.sa[self.r + i];
                for (j, &acc) in acc.iter().enumerate() {
                    let c0 = (self.p + j) * NR;
                    if c0 >= w.n {
                        break;
                    }
                    let cols = (w.n - c0).min(NR);
                    let row = &mut out[(self.r + i) * w.n + c0..(self.r + i) * w.n + c0 + cols];
                    // The same operations, in the same order, as the portable loop: a whole
                    // panel in vector registers (the element loop was 8% of a forward pass).
                    if cols == NR {
                        let at = c0..c0 + NR;
                        let off = _mm512_loadu_si512(q.offset[at.clone()].as_ptr() as *const _);
                        let sum = _mm512_cvtepi32_ps(_mm512_sub_epi32(acc, off));
                        let scale = _mm512_mul_ps(
                            _mm512_set1_ps(s),
                            _mm512_loadu_ps(w.scale[at.clone()].as_ptr()),
                        );
                        let bias = _mm512_loadu_ps(w.bias[at].as_ptr());
                        let v = _mm512_add_ps(_mm512_mul_ps(sum, scale), bias);
                        _mm512_storeu_ps(row.as_mut_ptr(), v);
                        continue;
                    }
                    let mut sums = [0i32; NR];
                    _mm512_storeu_si512(sums.as_mut_ptr() as *mut _, acc);
                    for (jj, o) in row.iter_mut().enumerate() {
                        let c = c0 + jj;
                        let sum = sums[jj].wrapping_sub(q.offset[c]);
                        *o = sum as f32 * (s * w.scale[c]) + w.bias[c];
                    }
                }
            }
        }
    }
}

/// 1.5·2²³: added to |x| < 2²², it leaves no fraction bits (the sum is `x` rounded to the
/// nearest integer, ties to even) and the integer in the low mantissa bits.
const MAGIC: f32 = 12_582_912.0;

/// `x` rounded to the nearest integer, ties to even, for |x| < 2²², as an integer. Unlike
/// `round_ties_even` (sent to libm's `rintf` on x86-64 without SSE4.1) and `as i32` (which
/// saturates), it is integer and float adds only, which vectorize everywhere.
#[inline(always)]
fn round_to_int(x: f32) -> i32 {
    (x + MAGIC).to_bits() as i32 - MAGIC.to_bits() as i32
}

/// `e^x` to about 2 ulp, in operations the compiler vectorizes (libm's `expf` is a call per
/// element). Inputs are clamped to [-87.3, 88], where `e^x` is a normal f32.
#[inline(always)]
pub fn exp(x: f32) -> f32 {
    let x = x.clamp(-87.3, 88.0);
    // e^x = 2^n · e^r with n = round(x / ln 2), |r| ≤ ln 2 / 2.
    let k = round_to_int(x * std::f32::consts::LOG2_E);
    let n = k as f32;
    let r = x - n * 0.693_145_75 - n * 1.428_606_8e-6;
    // Minimax polynomial for e^r on [-ln2/2, ln2/2] (Cephes expf).
    let mut p = 1.987_569_1e-4f32;
    p = p * r + 1.398_199_9e-3;
    p = p * r + 8.333_452e-3;
    p = p * r + 4.166_579_6e-2;
    p = p * r + 1.666_666_5e-1;
    p = p * r + 5e-1;
    let e = p * (r * r) + r + 1.0;
    e * f32::from_bits(((k + 127) as u32) << 23)
}

/// Tanh-form GELU, `x·σ(2u)` with `u = √(2/π)(x + 0.044715x³)`, in place.
#[inline(always)]
pub fn gelu_tanh(xs: &mut [f32]) {
    for x in xs {
        let v = *x;
        let u = 0.797_884_6 * v * (1.0 + 0.044_715 * v * v);
        *x = v / (1.0 + exp(-2.0 * u));
    }
}

/// Exact GELU, `x·Φ(x)`, with `erf` to 1.5e-7 (Abramowitz & Stegun 7.1.26), in place.
#[inline(always)]
pub fn gelu_erf(xs: &mut [f32]) {
    for x in xs {
        let v = *x;
        let z = v.abs() * std::f32::consts::FRAC_1_SQRT_2;
        let t = 1.0 / (1.0 + 0.327_591_1 * z);
        let poly = t
            * (0.254_829_6
                + t * (-0.284_496_74 + t * (1.421_413_7 + t * (-1.453_152_1 + t * 1.061_405_4))));
        let erf = 1.0 - poly * exp(-z * z);
        let erf = if v < 0.0 { -erf } else { erf };
        *x = 0.5 * v * (1.0 + erf);
    }
}

/// Sum in eight interleaved lanes, then the lanes in a fixed order: vectorizable and the same
/// bits at any vector width.
#[inline(always)]
fn lane_sum(xs: &[f32], f: impl Fn(f32) -> f32) -> f32 {
    let mut lanes = [0f32; 8];
    let chunks = xs.chunks_exact(8);
    let tail = chunks.remainder();
    for c in chunks {
        for l in 0..8 {
            lanes[l] += f(c[l]);
        }
    }
    for (l, &v) in tail.iter().enumerate() {
        lanes[l] += f(v);
    }
    ((lanes[0] + lanes[4]) + (lanes[1] + lanes[5]))
        + ((lanes[2] + lanes[6]) + (lanes[3] + lanes[7]))
}

/// Maximum of `init` and every `f(x)` (a NaN never wins), in sixteen lanes: vectorizable, and
/// the same value as a fold in order (the maximum of a set has no order).
#[inline(always)]
fn lane_max(xs: &[f32], init: f32, f: impl Fn(f32) -> f32) -> f32 {
    let mut lanes = [init; 16];
    let chunks = xs.chunks_exact(16);
    let tail = chunks.remainder();
    for c in chunks {
        for l in 0..16 {
            lanes[l] = lanes[l].max(f(c[l]));
        }
    }
    for (l, &v) in tail.iter().enumerate() {
        lanes[l] = lanes[l].max(f(v));
    }
    lanes.iter().fold(init, |m, &v| m.max(v))
}

/// Layer norm of one row, in place.
#[inline(always)]
pub fn layer_norm(x: &mut [f32], gamma: &[f32], beta: &[f32], eps: f32) {
    let n = x.len() as f32;
    let mean = lane_sum(x, |v| v) / n;
    let var = lane_sum(x, |v| (v - mean) * (v - mean)) / n;
    let inv = 1.0 / (var + eps).sqrt();
    for ((v, &g), &b) in x.iter_mut().zip(gamma).zip(beta) {
        *v = (*v - mean) * inv * g + b;
    }
}

/// Softmax of one row, in place.
#[inline(always)]
pub fn softmax(x: &mut [f32]) {
    let max = lane_max(x, f32::NEG_INFINITY, |v| v);
    for v in x.iter_mut() {
        *v = exp(*v - max);
    }
    let inv = 1.0 / lane_sum(x, |v| v);
    for v in x.iter_mut() {
        *v *= inv;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deterministic pseudo-random sequence in [-1, 1).
    fn noise(n: usize, seed: u64) -> Vec<f32> {
        let mut s = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (0..n)
            .map(|_| {
                s = s
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                ((s >> 40) as f32 / (1u64 << 24) as f32) * 2.0 - 1.0
            })
            .collect()
    }

    /// The product in f32 from the quantized operands, computed the obvious way.
    fn reference(w: &[f32], b: &[f32], x: &[f32], m: usize, n: usize, k: usize) -> Vec<f32> {
        let mut out = vec![0f32; m * n];
        for r in 0..m {
            for c in 0..n {
                let dot: f64 = (0..k)
                    .map(|i| x[r * k + i] as f64 * w[c * k + i] as f64)
                    .sum();
                out[r * n + c] = dot as f32 + b[c];
            }
        }
        out
    }

    fn run(isa: Isa, lin: &PackedLinear, x: &[f32], m: usize) -> Vec<f32> {
        let mut out = vec![0f32; m * lin.n];
        lin.forward(isa, x, m, &mut out, Finish::None);
        out
    }

    fn isas() -> Vec<Isa> {
        Isa::supported()
    }

    #[test]
    fn every_kernel_gives_the_same_bits_on_odd_shapes() {
        // Sizes that are not multiples of the panel or block, one row, one column, odd inputs,
        // and more rows than one parallel task takes.
        for &(m, n, k) in &[
            (1, 1, 1),
            (1, 17, 3),
            (7, 16, 384),
            (5, 33, 17),
            (13, 9, 384),
            (100, 50, 65),
            (49, 1536, 384),
        ] {
            let w = noise(n * k, 1);
            let b = noise(n, 2);
            let x = noise(m * k, 3);
            // 7 bits: the byte kernels; 8: the 16-bit pairs.
            for bits in [7, 8] {
                let lin = PackedLinear::new(&w, &b, n, k, bits);
                let outs: Vec<Vec<f32>> = isas().iter().map(|&i| run(i, &lin, &x, m)).collect();
                for o in &outs[1..] {
                    assert!(
                        o.iter()
                            .zip(&outs[0])
                            .all(|(a, b)| a.to_bits() == b.to_bits()),
                        "kernels differ at {m}x{n}x{k}, {bits} bits"
                    );
                }
                // Within quantization error of the f32 product.
                let exact = reference(&w, &b, &x, m, n, k);
                // (7-bit activations round twice as coarsely.)
                let bound = if bits == 7 { 0.04 } else { 0.02 } * (k as f32).sqrt();
                for (a, e) in outs[0].iter().zip(&exact) {
                    assert!((a - e).abs() < bound, "{a} vs {e} at {m}x{n}x{k}");
                }
            }
        }
    }

    /// Activations and weights at their largest magnitudes, every sign: the byte kernels'
    /// 16-bit pair sums (`vpmaddubsw` saturates) must not clip.
    #[test]
    fn byte_kernels_are_exact_at_the_extremes() {
        let (m, n, k) = (6, 32, 64);
        // Weights ±1 per row (all quantize to ±127); activations ±1 (to ±63).
        let sign = |i: usize, salt: usize| {
            if (i * 7 + salt).is_multiple_of(3) {
                -1.0
            } else {
                1.0
            }
        };
        let w: Vec<f32> = (0..n * k).map(|i| sign(i, i / k)).collect();
        let x: Vec<f32> = (0..m * k).map(|i| sign(i, 2 * (i / k))).collect();
        let lin = PackedLinear::new(&w, &vec![0.0; n], n, k, 7);
        let exact = reference(&w, &vec![0.0; n], &x, m, n, k);
        for isa in isas() {
            let out = run(isa, &lin, &x, m);
            for (a, e) in out.iter().zip(&exact) {
                assert!((a - e).abs() < 1e-3, "{isa:?}: {a} vs {e}");
            }
        }
    }

    /// The byte layout and its offset give the same integer sums as the 16-bit one: `vpdpbusd`
    /// emulated lane by lane (wrapping) and `vpmaddubsw` pair by pair (saturating to 16 bits),
    /// so this runs on any CPU.
    #[test]
    fn byte_layout_gives_the_same_sums() {
        for &(m, n, k) in &[(1, 1, 1), (3, 17, 5), (4, 40, 384), (2, 33, 1538)] {
            let w = noise(n * k, 8);
            let x = noise(m * k, 9);
            let lin = PackedLinear::new(&w, &vec![0.0; n], n, k, 7);
            let mut q = vec![0i16; n * lin.kp];
            for c in 0..n {
                for i in 0..k {
                    let (p, j, kk) = (c / NR, c % NR, i / 2);
                    q[c * lin.kp + i] =
                        lin.packed[(p * (lin.kp / 2) + kk) * 2 * NR + 2 * j + i % 2];
                }
            }
            let quads = Quads::new(&q, n, k, lin.kp, Quads::SHIFT);
            let groups = quads.kq / 4;
            for r in 0..m {
                let mut a16 = vec![0i16; k];
                let mut a8 = vec![Quads::SHIFT as u8; quads.kq];
                quantize_row(&x[r * k..(r + 1) * k], &mut a16, lin.act_max, 0);
                quantize_row(
                    &x[r * k..(r + 1) * k],
                    &mut a8[..k],
                    lin.act_max,
                    Quads::SHIFT,
                );
                for c in 0..n {
                    let (p, j) = (c / NR, c % NR);
                    let (mut lane, mut pairs) = (0i32, 0i32);
                    for g in 0..groups {
                        for t in 0..4 {
                            let b = quads.packed[(p * groups + g) * 4 * NR + 4 * j + t];
                            lane = lane.wrapping_add(a8[4 * g + t] as i32 * b as i32);
                        }
                        for t in [0, 2] {
                            let at = (p * groups + g) * 4 * NR + 4 * j + t;
                            let (b0, b1) = (quads.packed[at] as i32, quads.packed[at + 1] as i32);
                            let pair = a8[4 * g + t] as i32 * b0 + a8[4 * g + t + 1] as i32 * b1;
                            let saturated = pair.clamp(i16::MIN as i32, i16::MAX as i32);
                            pairs = pairs.wrapping_add(saturated);
                        }
                    }
                    assert_eq!(lane, pairs, "vpmaddubsw would saturate");
                    let exact: i32 = (0..k)
                        .map(|i| a16[i] as i32 * q[c * lin.kp + i] as i32)
                        .sum();
                    assert_eq!(
                        lane.wrapping_sub(quads.offset[c]),
                        exact,
                        "{m}x{n}x{k} at {r},{c}"
                    );
                }
            }
        }
    }

    #[test]
    fn more_activation_bits_are_more_exact() {
        let (m, n, k) = (8, 40, 384);
        let (w, b, x) = (noise(n * k, 4), noise(n, 5), noise(m * k, 6));
        let exact = reference(&w, &b, &x, m, n, k);
        let err = |bits| {
            let out = run(Isa::detect(), &PackedLinear::new(&w, &b, n, k, bits), &x, m);
            out.iter()
                .zip(&exact)
                .map(|(a, e)| (a - e).abs())
                .fold(0f32, f32::max)
        };
        assert!(err(12) < err(8), "{} vs {}", err(12), err(8));
    }

    #[test]
    fn empty_and_zero_inputs() {
        let lin = PackedLinear::new(&noise(4 * 3, 7), &[0.5; 4], 4, 3, 8);
        assert!(run(Isa::detect(), &lin, &[], 0).is_empty());
        let out = run(Isa::detect(), &lin, &[0.0; 6], 2);
        assert_eq!(out, vec![0.5; 8]);
        let none = PackedLinear::new(&[], &[], 0, 3, 8);
        assert!(run(Isa::detect(), &none, &[1.0; 3], 1).is_empty());
    }

    #[test]
    fn sums_cannot_overflow_with_long_inputs() {
        // k = 40,000 inputs all at the extremes: activations get fewer bits instead.
        let k = 40_000;
        let lin = PackedLinear::new(&vec![1.0; k], &[0.0], 1, k, 16);
        let out = run(Isa::detect(), &lin, &vec![1.0; k], 1);
        assert!((out[0] - k as f32).abs() < 1.0, "{}", out[0]);
    }

    #[test]
    fn exp_matches_std() {
        for i in -8700..8800 {
            let x = i as f32 / 100.0;
            let (a, b) = (exp(x), x.exp());
            assert!((a - b).abs() <= 4.0 * f32::EPSILON * b, "{x}: {a} vs {b}");
        }
        assert_eq!(exp(-1000.0), exp(-87.3));
    }

    #[test]
    fn gelus_match_their_definitions() {
        let xs: Vec<f32> = (-600..600).map(|i| i as f32 / 100.0).collect();
        let mut t = xs.clone();
        gelu_tanh(&mut t);
        let mut e = xs.clone();
        gelu_erf(&mut e);
        for ((&x, &t), &e) in xs.iter().zip(&t).zip(&e) {
            let x64 = x as f64;
            let tanh = 0.5
                * x64
                * (1.0
                    + ((2.0 / std::f64::consts::PI).sqrt() * (x64 + 0.044715 * x64.powi(3)))
                        .tanh());
            assert!((t as f64 - tanh).abs() < 1e-5, "tanh gelu at {x}");
            // Φ via the tanh form is only approximate; compare erf-GELU with a series instead.
            let erf = libm_erf(x64 / std::f64::consts::SQRT_2);
            assert!(
                (e as f64 - 0.5 * x64 * (1.0 + erf)).abs() < 1e-5,
                "erf gelu at {x}"
            );
        }
    }

    /// erf by its Maclaurin series (converges fast for |z| < 5).
    fn libm_erf(z: f64) -> f64 {
        let mut sum = 0.0;
        let mut term = z;
        let mut n = 0.0;
        while term.abs() > 1e-17 || n < 5.0 {
            sum += term / (2.0 * n + 1.0);
            n += 1.0;
            term *= -z * z / n;
            if n > 400.0 {
                break;
            }
        }
        sum * 2.0 / std::f64::consts::PI.sqrt()
    }

    #[test]
    fn softmax_and_layer_norm() {
        let mut x = vec![1.0, 2.0, 3.0, -1e4];
        softmax(&mut x);
        let e: Vec<f32> = [1f32, 2.0, 3.0].iter().map(|v| (v - 3.0).exp()).collect();
        let s: f32 = e.iter().sum();
        for i in 0..3 {
            assert!((x[i] - e[i] / s).abs() < 1e-6);
        }
        assert!(x[3] < 1e-30, "{}", x[3]);
        let mut y: Vec<f32> = (0..19).map(|i| i as f32).collect();
        layer_norm(&mut y, &[1.0; 19], &[0.0; 19], 1e-12);
        let mean: f32 = y.iter().sum::<f32>() / 19.0;
        let var: f32 = y.iter().map(|v| v * v).sum::<f32>() / 19.0;
        assert!(
            mean.abs() < 1e-5 && (var - 1.0).abs() < 1e-4,
            "{mean} {var}"
        );
    }
}
