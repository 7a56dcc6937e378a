//! The hot path: 4-bit weights × 8-bit activations, and the activation quantizer.
//!
//! Activations are quantized per block of 32 values to int8 (scale `amax / 127`, rounding
//! half to even); weights keep their 4-bit codes `q` in 0..=15 with an f16 scale per block of
//! 32. A block's contribution to an output is then an integer dot product:
//! `dw * da * (Σ q·a − 8·Σ a)`.
//!
//! Weights are repacked once at load into panels of 16 output rows: for every group of 4
//! inputs, 64 bytes hold the 4 codes of each of the 16 rows. One SIMD register then holds
//! 16 rows × 4 inputs, and a broadcast of 4 activation bytes multiplies all of them at once
//! (AVX-512 VNNI `vpdpbusd`, or AVX2 `vpmaddubsw` + `vpmaddwd`). A panel is read once per
//! block of tokens and reused for all of them.
//!
//! Every kernel does the same float operations in the same order for each output
//! (`acc += (isum − 8·Σa) as f32 * (dw * da)` block after block, then `+ bias`), so the
//! SIMD kernels give bit-identical results to the scalar one: the vectors do not depend on
//! the machine, the batch or the thread count.

use super::file::{f16_to_f32, BLOCK_BYTES, QK};

/// Output rows per panel.
pub(crate) const PANEL: usize = 16;
/// Tokens per block: a panel is reused for this many tokens before the next is read.
const TOKEN_BLOCK: usize = 64;

/// A weight matrix `[nout, nin]` with bias, repacked for the kernels.
pub(crate) struct Packed {
    pub nout: usize,
    pub nin: usize,
    /// Panel-major codes: `((panel * nin/4 + group) * 64 + row * 4 + j)`.
    codes: Vec<u8>,
    /// Scales: `(panel * nin/32 + block) * 16 + row`.
    scales: Vec<f32>,
    bias: Vec<f32>,
}

impl Packed {
    /// Repacks row-major 4-bit blocks (`nout * nin / 32` blocks of 18 bytes).
    /// `nout` must be a multiple of 16 and `nin` of 32 (the caller checks).
    pub(crate) fn from_q4(blocks: &[u8], nout: usize, nin: usize, bias: Vec<f32>) -> Self {
        debug_assert!(nout.is_multiple_of(PANEL) && nin.is_multiple_of(QK));
        debug_assert_eq!(blocks.len(), nout * nin / QK * BLOCK_BYTES);
        let nb = nin / QK;
        let mut codes = vec![0u8; nout * nin];
        let mut scales = vec![0f32; nout * nb];
        for o in 0..nout {
            let (p, r) = (o / PANEL, o % PANEL);
            for b in 0..nb {
                let blk = &blocks[(o * nb + b) * BLOCK_BYTES..][..BLOCK_BYTES];
                scales[(p * nb + b) * PANEL + r] = f16_to_f32(u16::from_le_bytes([blk[0], blk[1]]));
                for j in 0..QK {
                    let byte = blk[2 + j % 16];
                    let q = if j < 16 { byte & 0x0f } else { byte >> 4 };
                    let k = b * QK + j;
                    codes[(p * (nin / 4) + k / 4) * 64 + r * 4 + k % 4] = q;
                }
            }
        }
        Packed { nout, nin, codes, scales, bias }
    }

    /// Bytes held.
    pub(crate) fn bytes(&self) -> usize {
        self.codes.len() + 4 * (self.scales.len() + self.bias.len())
    }
}

/// Activations quantized per block of 32: `T` rows of `nin` int8 values.
#[derive(Default)]
pub(crate) struct QActs {
    nin: usize,
    q: Vec<i8>,
    /// Scale per (row, block).
    d: Vec<f32>,
    /// 8 × the block's sum of codes, per (row, block): the offset of the 4-bit codes.
    s8: Vec<i32>,
}

impl QActs {
    /// Quantizes `x` (`rows * nin` values) into this buffer.
    pub(crate) fn quantize(&mut self, x: &[f32], nin: usize) {
        let rows = x.len() / nin;
        let nb = nin / QK;
        self.nin = nin;
        self.q.resize(rows * nin, 0);
        self.d.resize(rows * nb, 0.0);
        self.s8.resize(rows * nb, 0);
        #[cfg(target_arch = "x86_64")]
        if is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU has AVX2; the body is the same code, compiled for it (the same
            // operations in the same order, so the same results)
            unsafe { self.quantize_avx2(x) };
            return;
        }
        self.quantize_blocks(x);
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn quantize_avx2(&mut self, x: &[f32]) {
        self.quantize_blocks(x)
    }

    #[inline(always)]
    fn quantize_blocks(&mut self, x: &[f32]) {
        for ((xb, qb), (d, s8)) in
            x.chunks_exact(QK).zip(self.q.chunks_exact_mut(QK)).zip(self.d.iter_mut().zip(self.s8.iter_mut()))
        {
            let amax = xb.iter().fold(0f32, |m, v| if v.abs() > m { v.abs() } else { m });
            let dd = amax / 127.0;
            let id = if dd > 0.0 { 1.0 / dd } else { 0.0 };
            let mut sum = 0i32;
            for (q, &v) in qb.iter_mut().zip(xb) {
                let r = round_half_even(v * id).clamp(-128.0, 127.0) as i32;
                *q = r as i8;
                sum += r;
            }
            *d = dd;
            *s8 = 8 * sum;
        }
    }

    fn rows(&self) -> usize {
        self.q.len().checked_div(self.nin).unwrap_or(0)
    }
}

/// Rounds to the nearest integer, ties to even (as C's `lrintf`), for `|x| < 2^22`; larger
/// values come back unrounded but are clamped by the caller. Adding and subtracting 1.5·2^23
/// makes the FPU's default rounding do the work, which vectorizes on every x86_64 CPU.
#[inline(always)]
fn round_half_even(x: f32) -> f32 {
    const MAGIC: f32 = 12_582_912.0;
    if x.abs() < 4_194_304.0 {
        (x + MAGIC) - MAGIC
    } else {
        x
    }
}

/// Which implementation of the matrix product runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kernel {
    /// Portable Rust.
    Scalar,
    /// x86_64 AVX2 (`vpmaddubsw`).
    #[cfg(target_arch = "x86_64")]
    Avx2,
    /// x86_64 AVX-512 with VNNI (`vpdpbusd`).
    #[cfg(target_arch = "x86_64")]
    Avx512Vnni,
}

impl Kernel {
    /// The fastest kernel this CPU runs.
    pub(crate) fn detect() -> Kernel {
        #[cfg(target_arch = "x86_64")]
        {
            if is_x86_feature_detected!("avx512f")
                && is_x86_feature_detected!("avx512bw")
                && is_x86_feature_detected!("avx512vnni")
            {
                return Kernel::Avx512Vnni;
            }
            if is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma") {
                return Kernel::Avx2;
            }
        }
        Kernel::Scalar
    }

    /// Every kernel this CPU can run (the scalar one first).
    #[cfg(test)]
    pub(crate) fn available() -> Vec<Kernel> {
        let mut v = vec![Kernel::Scalar];
        #[cfg(target_arch = "x86_64")]
        {
            if is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma") {
                v.push(Kernel::Avx2);
            }
            if Kernel::detect() == Kernel::Avx512Vnni {
                v.push(Kernel::Avx512Vnni);
            }
        }
        v
    }

    /// `y[t, o] = Σ_i w[o, i] · a[t, i] + bias[o]` for every row `t` of `a`; `y` holds
    /// `rows * w.nout` values.
    pub(crate) fn matmul(self, w: &Packed, a: &QActs, y: &mut [f32]) {
        assert_eq!(a.nin, w.nin, "activation width");
        let rows = a.rows();
        assert_eq!(y.len(), rows * w.nout, "output size");
        let nb = w.nin / QK;
        let panel_codes = w.nin / 4 * 64;
        for t0 in (0..rows).step_by(TOKEN_BLOCK) {
            let t1 = (t0 + TOKEN_BLOCK).min(rows);
            for p in 0..w.nout / PANEL {
                let panel = PanelRef {
                    codes: &w.codes[p * panel_codes..][..panel_codes],
                    scales: &w.scales[p * nb * PANEL..][..nb * PANEL],
                    bias: &w.bias[p * PANEL..][..PANEL],
                };
                match self {
                    Kernel::Scalar => scalar_panel(&panel, a, t0, t1, y, w.nout, p),
                    #[cfg(target_arch = "x86_64")]
                    // SAFETY: `detect` chose this kernel only where the CPU has these features.
                    Kernel::Avx2 => unsafe { x86::avx2_panel(&panel, a, t0, t1, y, w.nout, p) },
                    #[cfg(target_arch = "x86_64")]
                    // SAFETY: as above.
                    Kernel::Avx512Vnni => unsafe { x86::vnni_panel(&panel, a, t0, t1, y, w.nout, p) },
                }
            }
        }
    }
}

/// One panel of 16 output rows.
struct PanelRef<'a> {
    codes: &'a [u8],
    scales: &'a [f32],
    bias: &'a [f32],
}

fn scalar_panel(w: &PanelRef, a: &QActs, t0: usize, t1: usize, y: &mut [f32], nout: usize, p: usize) {
    let nin = a.nin;
    let nb = nin / QK;
    for t in t0..t1 {
        let at = &a.q[t * nin..][..nin];
        let mut acc = [0f32; PANEL];
        for b in 0..nb {
            let mut isum = [0i32; PANEL];
            for g in 0..QK / 4 {
                let k = b * QK + g * 4;
                let wg = &w.codes[(k / 4) * 64..][..64];
                for (r, s) in isum.iter_mut().enumerate() {
                    for j in 0..4 {
                        *s += wg[r * 4 + j] as i32 * at[k + j] as i32;
                    }
                }
            }
            let da = a.d[t * nb + b];
            let s8 = a.s8[t * nb + b];
            for r in 0..PANEL {
                let scale = w.scales[b * PANEL + r] * da;
                acc[r] += (isum[r] - s8) as f32 * scale;
            }
        }
        let out = &mut y[t * nout + p * PANEL..][..PANEL];
        for r in 0..PANEL {
            out[r] = acc[r] + w.bias[r];
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod x86 {
    use super::{PanelRef, QActs, PANEL, QK};
    use std::arch::x86_64::*;

    /// Tokens computed together by the AVX-512 kernel (accumulators in registers).
    const TV: usize = 8;
    /// Tokens computed together by the AVX2 kernel.
    const TA: usize = 4;

    /// The row indices of a tile: `n` real ones, padded by repeating the first, so that
    /// every token goes through exactly the same instructions.
    fn tile<const N: usize>(t: usize, t1: usize) -> ([usize; N], usize) {
        let n = (t1 - t).min(N);
        let mut idx = [t; N];
        for (i, v) in idx.iter_mut().enumerate().take(n) {
            *v = t + i;
        }
        (idx, n)
    }

    #[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
    pub(super) unsafe fn vnni_panel(
        w: &PanelRef,
        a: &QActs,
        t0: usize,
        t1: usize,
        y: &mut [f32],
        nout: usize,
        p: usize,
    ) {
        let nin = a.nin;
        let nb = nin / QK;
        let mut t = t0;
        while t < t1 {
            let (idx, n) = tile::<TV>(t, t1);
            let mut acc = [_mm512_setzero_ps(); TV];
            for b in 0..nb {
                let mut isum = [_mm512_setzero_si512(); TV];
                for g in 0..QK / 4 {
                    let k = b * QK + g * 4;
                    let wv = _mm512_loadu_si512(w.codes.as_ptr().add(k * 16) as *const _);
                    for i in 0..TV {
                        let av = (a.q.as_ptr().add(idx[i] * nin + k) as *const i32).read_unaligned();
                        isum[i] = _mm512_dpbusd_epi32(isum[i], wv, _mm512_set1_epi32(av));
                    }
                }
                let dw = _mm512_loadu_ps(w.scales.as_ptr().add(b * PANEL));
                for i in 0..TV {
                    let j = idx[i] * nb + b;
                    let f = _mm512_cvtepi32_ps(_mm512_sub_epi32(isum[i], _mm512_set1_epi32(a.s8[j])));
                    let scale = _mm512_mul_ps(dw, _mm512_set1_ps(a.d[j]));
                    acc[i] = _mm512_add_ps(acc[i], _mm512_mul_ps(f, scale));
                }
            }
            let bias = _mm512_loadu_ps(w.bias.as_ptr());
            for i in 0..n {
                let out = y.as_mut_ptr().add(idx[i] * nout + p * PANEL);
                _mm512_storeu_ps(out, _mm512_add_ps(acc[i], bias));
            }
            t += n;
        }
    }

    #[target_feature(enable = "avx2,fma")]
    pub(super) unsafe fn avx2_panel(
        w: &PanelRef,
        a: &QActs,
        t0: usize,
        t1: usize,
        y: &mut [f32],
        nout: usize,
        p: usize,
    ) {
        let nin = a.nin;
        let nb = nin / QK;
        let ones = _mm256_set1_epi16(1);
        let mut t = t0;
        while t < t1 {
            let (idx, n) = tile::<TA>(t, t1);
            for half in 0..2 {
                let mut acc = [_mm256_setzero_ps(); TA];
                for b in 0..nb {
                    // 16-bit partial sums: at most 8 groups × 2 × 15 × 128 = 30720, no overflow
                    let mut s16 = [_mm256_setzero_si256(); TA];
                    for g in 0..QK / 4 {
                        let k = b * QK + g * 4;
                        let wv = _mm256_loadu_si256(w.codes.as_ptr().add(k * 16 + half * 32) as *const _);
                        for i in 0..TA {
                            let av = (a.q.as_ptr().add(idx[i] * nin + k) as *const i32).read_unaligned();
                            let prod = _mm256_maddubs_epi16(wv, _mm256_set1_epi32(av));
                            s16[i] = _mm256_add_epi16(s16[i], prod);
                        }
                    }
                    let dw = _mm256_loadu_ps(w.scales.as_ptr().add(b * PANEL + half * 8));
                    for i in 0..TA {
                        let j = idx[i] * nb + b;
                        let isum = _mm256_madd_epi16(s16[i], ones);
                        let f = _mm256_cvtepi32_ps(_mm256_sub_epi32(isum, _mm256_set1_epi32(a.s8[j])));
                        let scale = _mm256_mul_ps(dw, _mm256_set1_ps(a.d[j]));
                        acc[i] = _mm256_add_ps(acc[i], _mm256_mul_ps(f, scale));
                    }
                }
                let bias = _mm256_loadu_ps(w.bias.as_ptr().add(half * 8));
                for i in 0..n {
                    let out = y.as_mut_ptr().add(idx[i] * nout + p * PANEL + half * 8);
                    _mm256_storeu_ps(out, _mm256_add_ps(acc[i], bias));
                }
            }
            t += n;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deterministic pseudo-random stream (xorshift).
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn f32(&mut self) -> f32 {
            (self.next() % 20001) as f32 / 10000.0 - 1.0
        }
    }

    fn random_q4(rng: &mut Rng, nout: usize, nin: usize) -> Vec<u8> {
        let mut v = Vec::new();
        for _ in 0..nout * nin / QK {
            // scales between 2^-8 and 2^-4 (f16 exponent 7..11), random sign
            let exp = 7 + rng.next() % 5;
            let h = ((rng.next() % 2) << 15) | (exp << 10) | (rng.next() % 1024);
            v.extend_from_slice(&(h as u16).to_le_bytes());
            for _ in 0..16 {
                v.push(rng.next() as u8);
            }
        }
        v
    }

    /// The product computed the slow way from the row-major blocks, in f64.
    fn reference(blocks: &[u8], bias: &[f32], a: &QActs, nout: usize, nin: usize) -> Vec<f64> {
        let nb = nin / QK;
        let rows = a.rows();
        let mut y = vec![0f64; rows * nout];
        for t in 0..rows {
            for o in 0..nout {
                let mut acc = bias[o] as f64;
                for b in 0..nb {
                    let blk = &blocks[(o * nb + b) * BLOCK_BYTES..][..BLOCK_BYTES];
                    let d = f16_to_f32(u16::from_le_bytes([blk[0], blk[1]])) as f64;
                    for j in 0..QK {
                        let byte = blk[2 + j % 16];
                        let q = if j < 16 { byte & 15 } else { byte >> 4 } as f64 - 8.0;
                        let x = a.q[t * nin + b * QK + j] as f64 * a.d[t * nb + b] as f64;
                        acc += q * d * x;
                    }
                }
                y[t * nout + o] = acc;
            }
        }
        y
    }

    #[test]
    fn rounding_matches_ties_even() {
        let mut rng = Rng(7);
        for _ in 0..100_000 {
            let x = rng.f32() * 300.0;
            assert_eq!(round_half_even(x), x.round_ties_even(), "{x}");
        }
        for x in [0.5f32, 1.5, 2.5, -0.5, -1.5, -2.5, 126.5, -127.5, 1e9, -1e9, 0.49999997] {
            assert_eq!(round_half_even(x), x.round_ties_even(), "{x}");
        }
    }

    #[test]
    fn quantize_rounds_half_to_even_and_keeps_sums() {
        let mut x = vec![0f32; 64];
        x[0] = 127.0;
        x[1] = 0.5;
        x[2] = 1.5;
        x[3] = -2.5;
        x[4] = -127.0;
        let mut a = QActs::default();
        a.quantize(&x, 32);
        assert_eq!(a.rows(), 2);
        assert_eq!(&a.q[..5], &[127, 0, 2, -2, -127]);
        assert_eq!(a.d[0], 1.0);
        // 127 + 0 + 2 - 2 - 127
        assert_eq!(a.s8[0], 0);
        x[5] = 3.2;
        a.quantize(&x, 32);
        assert_eq!(a.s8[0], 8 * 3);
        // an all-zero block has scale 0 and codes 0
        assert_eq!(a.d[1], 0.0);
        assert!(a.q[32..].iter().all(|&q| q == 0));
    }

    #[test]
    fn every_kernel_matches_the_reference_and_the_scalar_bit_for_bit() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for &(nout, nin, rows) in &[(16, 32, 1), (32, 64, 7), (48, 384, 9), (16, 1536, 70), (64, 96, 133)] {
            let blocks = random_q4(&mut rng, nout, nin);
            let bias: Vec<f32> = (0..nout).map(|_| rng.f32()).collect();
            let w = Packed::from_q4(&blocks, nout, nin, bias.clone());
            let x: Vec<f32> = (0..rows * nin).map(|i| rng.f32() * (1 + i % 7) as f32).collect();
            let mut a = QActs::default();
            a.quantize(&x, nin);
            let want = reference(&blocks, &bias, &a, nout, nin);
            let mut scalar = vec![0f32; rows * nout];
            Kernel::Scalar.matmul(&w, &a, &mut scalar);
            for (g, r) in scalar.iter().zip(&want) {
                assert!((*g as f64 - r).abs() <= 1e-4 * (1.0 + r.abs()), "scalar {g} vs {r}");
            }
            for k in Kernel::available() {
                let mut y = vec![0f32; rows * nout];
                k.matmul(&w, &a, &mut y);
                assert!(
                    y.iter().zip(&scalar).all(|(p, q)| p.to_bits() == q.to_bits()),
                    "{k:?} differs from the scalar kernel ({nout}x{nin}, {rows} rows)"
                );
            }
        }
    }

    #[test]
    fn extreme_codes_do_not_overflow() {
        // all codes 15 against all activations -128: the 16-bit partial sums' worst case
        let nin = 64;
        let mut blocks = Vec::new();
        for _ in 0..16 * nin / QK {
            blocks.extend_from_slice(&0x3c00u16.to_le_bytes());
            blocks.extend_from_slice(&[0xff; 16]);
        }
        let w = Packed::from_q4(&blocks, 16, nin, vec![0.0; 16]);
        let mut a = QActs::default();
        a.quantize(&vec![-1.0; nin], nin);
        assert!(a.q.iter().all(|&q| q == -127));
        a.q.iter_mut().for_each(|q| *q = -128);
        a.s8.iter_mut().for_each(|s| *s = 8 * -128 * QK as i32);
        for k in Kernel::available() {
            let mut y = vec![0f32; 16];
            k.matmul(&w, &a, &mut y);
            // each weight is (15 - 8) = 7, each activation -128 * (1/127)
            let want = 7.0 * -128.0 / 127.0 * nin as f32;
            assert!(y.iter().all(|v| (v - want).abs() < 1e-3), "{k:?}: {y:?}");
        }
    }
}
