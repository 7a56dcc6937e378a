//! The BERT encoder (post layer norm, GELU) over a batch of token sequences at once.
//!
//! The sequences of a batch are concatenated into one `[T, H]` matrix, so every matrix
//! product reads each weight panel once for all the batch's tokens; attention runs within
//! each sequence. Every token's numbers depend only on its own sequence, never on the
//! others in the batch.

use super::file::{FormatError, ModelFile, QK};
use super::kernels::{Kernel, Packed, QActs};

/// One encoder layer.
struct Layer {
    /// Query, key and value stacked: `[3H, H]`.
    qkv: Packed,
    attn_out: Packed,
    attn_ln: (Vec<f32>, Vec<f32>),
    ff_in: Packed,
    ff_out: Packed,
    out_ln: (Vec<f32>, Vec<f32>),
}

/// The encoder's weights.
pub(crate) struct Encoder {
    pub hidden: usize,
    heads: usize,
    ff: usize,
    eps: f32,
    pub max_positions: usize,
    vocab: usize,
    /// Word embeddings as stored: `vocab` rows of `H / 32` 4-bit blocks.
    word: Vec<u8>,
    /// Position embeddings plus the token-type-0 embedding: `[max_positions, H]`.
    pos_type: Vec<f32>,
    emb_ln: (Vec<f32>, Vec<f32>),
    layers: Vec<Layer>,
    pub kernel: Kernel,
}

/// Reusable buffers for one forward pass.
#[derive(Default)]
struct Work {
    x: Vec<f32>,
    qkv: Vec<f32>,
    ctx: Vec<f32>,
    tmp: Vec<f32>,
    mid: Vec<f32>,
    acts: QActs,
    heads: HeadWork,
}

fn packed(f: &ModelFile, name: &str, nout: usize, nin: usize) -> Result<Packed, FormatError> {
    let w = f.tensor(&format!("{name}.w"), true, nout * nin)?;
    let b = f.f32s(&format!("{name}.b"), nout)?;
    Ok(Packed::from_q4(w.bytes, nout, nin, b))
}

fn ln(f: &ModelFile, name: &str, n: usize) -> Result<(Vec<f32>, Vec<f32>), FormatError> {
    Ok((f.f32s(&format!("{name}.w"), n)?, f.f32s(&format!("{name}.b"), n)?))
}

/// Query, key and value of layer `l` stacked into one `[3H, H]` matrix.
fn qkv(f: &ModelFile, l: usize, h: usize) -> Result<Packed, FormatError> {
    let mut blocks = Vec::new();
    let mut bias = Vec::new();
    for part in ["q", "k", "v"] {
        blocks.extend_from_slice(f.tensor(&format!("l{l}.{part}.w"), true, h * h)?.bytes);
        bias.extend(f.f32s(&format!("l{l}.{part}.b"), h)?);
    }
    Ok(Packed::from_q4(&blocks, 3 * h, h, bias))
}

impl Encoder {
    pub(crate) fn load(f: &ModelFile, kernel: Kernel) -> Result<Self, FormatError> {
        let h = f.header;
        let (hd, ff) = (h.hidden, h.ff);
        let word = f.tensor("emb.word", true, h.vocab * hd)?.bytes.to_vec();
        let pos = f.f32s("emb.pos", h.max_positions * hd)?;
        let typ = f.f32s("emb.type", h.type_vocab * hd)?;
        let pos_type =
            pos.chunks_exact(hd).flat_map(|p| p.iter().zip(&typ[..hd]).map(|(a, b)| a + b)).collect();
        let emb_ln = ln(f, "emb.ln", hd)?;
        let mut layers = Vec::with_capacity(h.layers);
        for l in 0..h.layers {
            layers.push(Layer {
                qkv: qkv(f, l, hd)?,
                attn_out: packed(f, &format!("l{l}.ao"), hd, hd)?,
                attn_ln: ln(f, &format!("l{l}.aln"), hd)?,
                ff_in: packed(f, &format!("l{l}.fi"), ff, hd)?,
                ff_out: packed(f, &format!("l{l}.fo"), hd, ff)?,
                out_ln: ln(f, &format!("l{l}.oln"), hd)?,
            });
        }
        Ok(Encoder {
            hidden: hd,
            heads: h.heads,
            ff,
            eps: h.eps,
            max_positions: h.max_positions,
            vocab: h.vocab,
            word,
            pos_type,
            emb_ln,
            layers,
            kernel,
        })
    }

    /// Bytes of weights held in memory.
    pub(crate) fn weight_bytes(&self) -> usize {
        let l: usize = self
            .layers
            .iter()
            .map(|l| l.qkv.bytes() + l.attn_out.bytes() + l.ff_in.bytes() + l.ff_out.bytes())
            .sum();
        l + self.word.len() + 4 * self.pos_type.len()
    }

    /// The mean over its tokens of each sequence's last hidden states (not normalised).
    /// Every sequence holds 1 to `max_positions` token ids below the vocabulary size.
    ///
    /// The float work around the matrix products (embeddings, attention, layer norms,
    /// GELU, pooling) is one body of code compiled three times: for the CPU's baseline, for
    /// AVX2 and for AVX-512, chosen with the matrix kernel. The compiler vectorizes it
    /// without reordering any float operation (every sum is written with fixed lanes), so
    /// the three give the same bits.
    pub(crate) fn forward(&self, seqs: &[&[u32]]) -> Vec<Vec<f32>> {
        match self.kernel {
            Kernel::Scalar => self.forward_body(seqs),
            #[cfg(target_arch = "x86_64")]
            // SAFETY: `Kernel::detect` chose this kernel only where the CPU has AVX2 and FMA.
            Kernel::Avx2 => unsafe { self.forward_avx2(seqs) },
            #[cfg(target_arch = "x86_64")]
            // SAFETY: as above, with AVX-512 F and BW.
            Kernel::Avx512Vnni => unsafe { self.forward_avx512(seqs) },
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    unsafe fn forward_avx2(&self, seqs: &[&[u32]]) -> Vec<Vec<f32>> {
        self.forward_body(seqs)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma,avx512f,avx512bw")]
    unsafe fn forward_avx512(&self, seqs: &[&[u32]]) -> Vec<Vec<f32>> {
        self.forward_body(seqs)
    }

    #[inline(always)]
    fn forward_body(&self, seqs: &[&[u32]]) -> Vec<Vec<f32>> {
        let h = self.hidden;
        let total: usize = seqs.iter().map(|s| s.len()).sum();
        let mut w = Work::default();
        w.x.resize(total * h, 0.0);
        self.embed_tokens(seqs, &mut w.x);
        for l in &self.layers {
            self.layer(l, seqs, total, &mut w);
        }
        let mut out = Vec::with_capacity(seqs.len());
        let mut t0 = 0;
        for s in seqs {
            let mut m = vec![0f32; h];
            for row in w.x[t0 * h..(t0 + s.len()) * h].chunks_exact(h) {
                m.iter_mut().zip(row).for_each(|(a, b)| *a += b);
            }
            let inv = 1.0 / s.len().max(1) as f32;
            m.iter_mut().for_each(|v| *v *= inv);
            out.push(m);
            t0 += s.len();
        }
        out
    }

    #[inline(always)]
    fn embed_tokens(&self, seqs: &[&[u32]], x: &mut [f32]) {
        let h = self.hidden;
        let nb = h / QK;
        let row_bytes = nb * super::file::BLOCK_BYTES;
        let mut rows = x.chunks_exact_mut(h);
        for s in seqs {
            for (p, &id) in s.iter().enumerate() {
                let Some(r) = rows.next() else { return };
                let id = (id as usize).min(self.vocab - 1);
                let p = p.min(self.max_positions - 1);
                let blocks = &self.word[id * row_bytes..][..row_bytes];
                for (b, blk) in blocks.chunks_exact(super::file::BLOCK_BYTES).enumerate() {
                    let d = super::file::f16_to_f32(u16::from_le_bytes([blk[0], blk[1]]));
                    for j in 0..16 {
                        r[b * QK + j] = ((blk[2 + j] & 0x0f) as i32 - 8) as f32 * d;
                        r[b * QK + j + 16] = ((blk[2 + j] >> 4) as i32 - 8) as f32 * d;
                    }
                }
                let pt = &self.pos_type[p * h..][..h];
                r.iter_mut().zip(pt).for_each(|(a, b)| *a += b);
            }
        }
        layer_norm(x, None, &self.emb_ln, h, self.eps);
    }

    #[inline(always)]
    fn layer(&self, l: &Layer, seqs: &[&[u32]], total: usize, w: &mut Work) {
        let (h, ff) = (self.hidden, self.ff);
        let k = self.kernel;
        w.acts.quantize(&w.x, h);
        w.qkv.resize(total * 3 * h, 0.0);
        k.matmul(&l.qkv, &w.acts, &mut w.qkv);
        w.ctx.resize(total * h, 0.0);
        self.attention(seqs, &w.qkv, &mut w.ctx, &mut w.heads);
        w.acts.quantize(&w.ctx, h);
        w.tmp.resize(total * h, 0.0);
        k.matmul(&l.attn_out, &w.acts, &mut w.tmp);
        layer_norm(&mut w.x, Some(&w.tmp), &l.attn_ln, h, self.eps);
        w.acts.quantize(&w.x, h);
        w.mid.resize(total * ff, 0.0);
        k.matmul(&l.ff_in, &w.acts, &mut w.mid);
        w.mid.iter_mut().for_each(|v| *v = gelu(*v));
        w.acts.quantize(&w.mid, ff);
        k.matmul(&l.ff_out, &w.acts, &mut w.tmp);
        layer_norm(&mut w.x, Some(&w.tmp), &l.out_ln, h, self.eps);
    }

    /// Scaled dot-product attention of every head, each sequence attending to itself.
    ///
    /// Per sequence and head, the keys are laid out transposed (`[head dim, n]`, padded to
    /// [`LANES`]) and the values contiguously, so that a query's scores are computed
    /// [`LANES`] keys at a time and its context one head-dimension row at a time: every
    /// loop runs over independent outputs, each summed in a fixed order.
    #[inline(always)]
    fn attention(&self, seqs: &[&[u32]], qkv: &[f32], ctx: &mut [f32], w: &mut HeadWork) {
        let h = self.hidden;
        let hd = h / self.heads;
        let scale = 1.0 / (hd as f32).sqrt();
        let mut t0 = 0;
        for s in seqs {
            let n = s.len();
            let np = n.div_ceil(LANES) * LANES;
            w.kt.clear();
            w.kt.resize(hd * np, 0.0);
            w.v.resize(n * hd, 0.0);
            w.q.resize(hd, 0.0);
            w.scores.resize(np, 0.0);
            for head in 0..self.heads {
                for j in 0..n {
                    let row = &qkv[(t0 + j) * 3 * h + head * hd..];
                    for (d, &k) in row[h..h + hd].iter().enumerate() {
                        w.kt[d * np + j] = k;
                    }
                    w.v[j * hd..][..hd].copy_from_slice(&row[2 * h..2 * h + hd]);
                }
                for t in t0..t0 + n {
                    let q = &qkv[t * 3 * h + head * hd..][..hd];
                    w.q.iter_mut().zip(q).for_each(|(a, &b)| *a = b * scale);
                    scores(&w.q, &w.kt, np, &mut w.scores);
                    let p = &mut w.scores[..n];
                    let sum = softmax_numerators(p);
                    let c = &mut ctx[t * h + head * hd..][..hd];
                    weighted_rows(p, &w.v, hd, c);
                    let inv = 1.0 / sum;
                    c.iter_mut().for_each(|v| *v *= inv);
                }
            }
            t0 += n;
        }
    }
}

/// Lanes of the fixed-order sums: a multiple of every vector width used (8 for AVX2, 16
/// for AVX-512).
const LANES: usize = 16;

/// Buffers of one head's attention over one sequence.
#[derive(Default)]
struct HeadWork {
    /// Keys transposed: `[head dim, n padded to LANES]`, zeros in the padding.
    kt: Vec<f32>,
    /// Values: `[n, head dim]`.
    v: Vec<f32>,
    /// The scaled query.
    q: Vec<f32>,
    scores: Vec<f32>,
}

/// `out[j] = Σ_d q[d] · kt[d, j]` for the `np` (a multiple of [`LANES`]) columns of `kt`,
/// the sum over `d` in order.
#[inline(always)]
fn scores(q: &[f32], kt: &[f32], np: usize, out: &mut [f32]) {
    for (j0, o) in (0..np).step_by(LANES).zip(out.chunks_exact_mut(LANES)) {
        let mut acc = [0f32; LANES];
        for (d, &qd) in q.iter().enumerate() {
            let k = &kt[d * np + j0..][..LANES];
            for l in 0..LANES {
                acc[l] += qd * k[l];
            }
        }
        o.copy_from_slice(&acc);
    }
}

/// Replaces each score by `exp(score − max)` and returns their sum (in [`LANES`] fixed
/// lanes, then a fixed tree).
#[inline(always)]
fn softmax_numerators(p: &mut [f32]) -> f32 {
    let mut mx = [f32::NEG_INFINITY; LANES];
    let mut chunks = p.chunks_exact(LANES);
    for c in &mut chunks {
        for l in 0..LANES {
            mx[l] = if c[l] > mx[l] { c[l] } else { mx[l] };
        }
    }
    for (l, &v) in chunks.remainder().iter().enumerate() {
        mx[l] = if v > mx[l] { v } else { mx[l] };
    }
    let max = mx.iter().fold(f32::NEG_INFINITY, |m, &v| if v > m { v } else { m });
    let mut sum = [0f32; LANES];
    let mut chunks = p.chunks_exact_mut(LANES);
    for c in &mut chunks {
        for l in 0..LANES {
            c[l] = exp(c[l] - max);
            sum[l] += c[l];
        }
    }
    for (l, v) in chunks.into_remainder().iter_mut().enumerate() {
        *v = exp(*v - max);
        sum[l] += *v;
    }
    lane_sum(&sum)
}

/// `out[d] = Σ_j p[j] · v[j, d]`, the sum over `j` in order.
#[inline(always)]
fn weighted_rows(p: &[f32], v: &[f32], hd: usize, out: &mut [f32]) {
    out.iter_mut().for_each(|o| *o = 0.0);
    for (&pj, row) in p.iter().zip(v.chunks_exact(hd)) {
        out.iter_mut().zip(row).for_each(|(o, &x)| *o += pj * x);
    }
}

/// The sum of [`LANES`] partial sums, as a fixed tree of halvings.
#[inline(always)]
fn lane_sum(s: &[f32; LANES]) -> f32 {
    let mut a = *s;
    let mut w = LANES / 2;
    while w > 0 {
        for l in 0..w {
            a[l] += a[l + w];
        }
        w /= 2;
    }
    a[0]
}

/// `Σ x` in [`LANES`] fixed lanes (element `i` in lane `i mod LANES`), then [`lane_sum`].
#[inline(always)]
fn fixed_sum(x: &[f32], f: impl Fn(f32) -> f32) -> f32 {
    let mut acc = [0f32; LANES];
    let mut chunks = x.chunks_exact(LANES);
    for c in &mut chunks {
        for l in 0..LANES {
            acc[l] += f(c[l]);
        }
    }
    for (l, &v) in chunks.remainder().iter().enumerate() {
        acc[l] += f(v);
    }
    lane_sum(&acc)
}

/// `x = layernorm(x + y)` row by row (`y` absent: `layernorm(x)`).
#[inline(always)]
fn layer_norm(x: &mut [f32], y: Option<&[f32]>, (g, b): &(Vec<f32>, Vec<f32>), h: usize, eps: f32) {
    for (t, r) in x.chunks_exact_mut(h).enumerate() {
        if let Some(y) = y {
            r.iter_mut().zip(&y[t * h..][..h]).for_each(|(a, b)| *a += b);
        }
        let mean = fixed_sum(r, |v| v) / h as f32;
        let var = fixed_sum(r, |v| (v - mean) * (v - mean)) / h as f32;
        let inv = 1.0 / (var + eps).sqrt();
        for ((v, g), b) in r.iter_mut().zip(g).zip(b) {
            *v = (*v - mean) * inv * g + b;
        }
    }
}

/// `e^x` for `x ≤ 0` (the softmax's numerators), branch-free so that it vectorizes:
/// `2^n · e^r` with `n = round(x · log2 e)`, `r = x − n · ln 2` in two parts (Cody and
/// Waite), and `e^r` by Cephes' polynomial of degree 7. Within 2 ulp of libm's `expf` (see
/// the test); below −87 it gives about 1e-38 rather than a subnormal or zero.
#[inline(always)]
fn exp(x: f32) -> f32 {
    const MAGIC: f32 = 12_582_912.0;
    let x = x.clamp(-87.0, 88.0);
    let n = (x * std::f32::consts::LOG2_E + MAGIC) - MAGIC;
    let r = x - n * 0.693_359_4 - n * -2.121_944_4e-4;
    let mut p = 1.987_569_1e-4f32;
    p = p * r + 1.398_199_9e-3;
    p = p * r + 8.333_452e-3;
    p = p * r + 4.166_579_6e-2;
    p = p * r + 1.666_666_5e-1;
    p = p * r + 0.5;
    let e = p * (r * r) + r + 1.0;
    e * f32::from_bits(((n as i32 + 127) << 23) as u32)
}

/// GELU with the error function: `0.5 · x · (1 + erf(x / √2))`.
#[inline(always)]
fn gelu(x: f32) -> f32 {
    0.5 * x * (1.0 + erf(x * std::f32::consts::FRAC_1_SQRT_2))
}

/// The error function as a rational function of odd degree 13 over even degree 8 on
/// [-4, 4] (beyond, erf is ±1 in f32): the minimax approximation that Eigen and XLA use for
/// f32. Branch-free, so the GELU loop vectorizes; within 5e-7 of libm's `erff` everywhere
/// (see the test; the largest gaps are near ±1, a few ulp), far below the 8-bit quantization of the activations that follows.
#[inline(always)]
fn erf(x: f32) -> f32 {
    let x = x.clamp(-4.0, 4.0);
    let x2 = x * x;
    let mut p = x2 * -2.726_142_3e-10 + 2.770_681_4e-8;
    p = x2 * p + -2.101_024e-6;
    p = x2 * p + -5.692_506_4e-5;
    p = x2 * p + -7.349_906_3e-4;
    p = x2 * p + -2.954_600_1e-3;
    p = x2 * p + -1.609_603_3e-2;
    let mut q = x2 * -1.456_607_2e-5 + -2.133_740_6e-4;
    q = x2 * q + -1.682_827e-3;
    q = x2 * q + -7.373_329_3e-3;
    q = x2 * q + -1.426_474e-2;
    x * p / q
}

#[cfg(test)]
mod tests {
    #[test]
    fn erf_agrees_with_libm() {
        let mut worst = (0f32, 0f32);
        for i in -2_000_000..=2_000_000 {
            let x = i as f32 * 5e-6;
            let d = (super::erf(x) - libm::erff(x)).abs();
            if d > worst.0 {
                worst = (d, x);
            }
        }
        for x in [-1e30f32, -100.0, -4.5, 4.5, 100.0, 1e30, 0.0, -0.0, f32::MIN_POSITIVE] {
            let d = (super::erf(x) - libm::erff(x)).abs();
            if d > worst.0 {
                worst = (d, x);
            }
        }
        assert!(worst.0 <= 5e-7, "erf differs from libm's by {} at {}", worst.0, worst.1);
        // GELU itself: relative to its size, the difference stays near f32 precision
        for i in -400_000..=400_000 {
            let x = i as f32 * 5e-5;
            let exact = 0.5 * x * (1.0 + libm::erff(x * std::f32::consts::FRAC_1_SQRT_2));
            assert!((super::gelu(x) - exact).abs() <= 1e-6 * x.abs().max(1.0), "gelu({x})");
        }
        assert_eq!(super::erf(0.0), 0.0);
        assert_eq!(super::gelu(0.0), 0.0);
    }

    #[test]
    fn exp_agrees_with_libm() {
        for i in 0..=4_000_000 {
            let x = -(i as f32) * 2.175e-5;
            let (got, want) = (super::exp(x), libm::expf(x));
            assert!((got - want).abs() <= 2.0 * f32::EPSILON * want, "exp({x}) = {got}, libm {want}");
        }
        assert_eq!(super::exp(0.0), 1.0);
        assert!(super::exp(f32::NEG_INFINITY) < 1e-37 && super::exp(-1e30) >= 0.0);
    }

    #[test]
    fn fixed_lane_sums_add_every_element_once() {
        for n in [0usize, 1, 15, 16, 17, 100, 384] {
            let x: Vec<f32> = (0..n).map(|i| (i % 7) as f32).collect();
            assert_eq!(super::fixed_sum(&x, |v| v), x.iter().sum::<f32>(), "{n}");
            assert_eq!(super::fixed_sum(&x, |v| v * v), x.iter().map(|v| v * v).sum::<f32>(), "{n}");
        }
    }
}
