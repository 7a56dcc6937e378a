//! The two operations every user of sentence vectors needs: the dot product and scaling to
//! unit length. Mining (texts and replies) and search (entries and queries) share them, so
//! that a cosine means the same number everywhere. [`nearest`] finds each vector's nearest
//! ones among many with the same dot product, tile by tile.

use rayon::prelude::*;

/// The dot product, in eight independent lanes so that the compiler vectorizes it.
pub(crate) fn dot(a: &[f32], b: &[f32]) -> f32 {
    let [acc] = lanes::<1, 1>([a], [b]);
    let [acc] = acc;
    finish(acc, a, b)
}

/// The eight lane sums of the products of each of `a`'s rows with each of `b`'s, over the
/// whole eights of their common length (the first `len / 8 · 8` values). Each lane adds its
/// products in order, so a pair's lanes are the same whatever the tile it is computed in.
#[inline(always)]
fn lanes<const R: usize, const C: usize>(a: [&[f32]; R], b: [&[f32]; C]) -> [[[f32; 8]; C]; R] {
    let mut acc = [[[0f32; 8]; C]; R];
    let a = a.map(|x| x.as_chunks::<8>().0);
    let b = b.map(|y| y.as_chunks::<8>().0);
    let n = a.iter().chain(&b).map(|x| x.len()).min().unwrap_or(0);
    for c in 0..n {
        for i in 0..R {
            let x = &a[i][c];
            for j in 0..C {
                let y = &b[j][c];
                for l in 0..8 {
                    acc[i][j][l] += x[l] * y[l];
                }
            }
        }
    }
    acc
}

/// The dot product of `a` and `b` from their [`lanes`]: the lanes summed in order, then the
/// values past the last whole eight.
#[inline(always)]
fn finish(acc: [f32; 8], a: &[f32], b: &[f32]) -> f32 {
    let (ra, rb) = (a.as_chunks::<8>().1, b.as_chunks::<8>().1);
    acc.iter().sum::<f32>() + ra.iter().zip(rb).map(|(x, y)| x * y).sum::<f32>()
}

/// `v` scaled to unit length, or `None` when its length is zero or not finite.
pub(crate) fn unit(mut v: Vec<f32>) -> Option<Vec<f32>> {
    let norm = dot(&v, &v).sqrt();
    if norm == 0.0 || !norm.is_finite() {
        return None;
    }
    v.iter_mut().for_each(|x| *x /= norm);
    Some(v)
}

/// Rows of a block of [`nearest`]: two blocks of 384-dimensional vectors (2 × 72 KB) stay in
/// a core's second-level cache; a multiple of the tile's sides.
const BLOCK: usize = 48;
/// Rows and columns of the tile of dot products computed together (8 lane sums in
/// registers, each row and column read once per tile).
const TILE_ROWS: usize = 4;
/// See [`TILE_ROWS`].
const TILE_COLS: usize = 2;

/// For each of the `rows.len() / dim` vectors stored one after the other in `rows`, its `k`
/// nearest others by [`dot`] (the same number, bit for bit), best first, ties to the smaller
/// index: `(index, dot)`. Exhaustive, each pair's product computed once (the dot product is
/// symmetric to the bit: the products are the same and added in the same order), in blocks
/// of rows against blocks of rows, in parallel by stripes of blocks.
pub(crate) fn nearest(rows: &[f32], dim: usize, k: usize) -> Vec<Vec<(u32, f32)>> {
    nearest_in_stripes(rows, dim, k, (4 * rayon::current_num_threads()).clamp(8, 64))
}

/// [`nearest`], the rows split into `stripes` parts (the result does not depend on it).
fn nearest_in_stripes(rows: &[f32], dim: usize, k: usize, stripes: usize) -> Vec<Vec<(u32, f32)>> {
    let n = rows.len().checked_div(dim).unwrap_or(0);
    if k == 0 || n == 0 {
        return vec![Vec::new(); n];
    }
    // Padded with zero rows to whole blocks; their products are never kept.
    let padded = n.div_ceil(BLOCK) * BLOCK;
    let mut m = rows[..n * dim].to_vec();
    m.resize(padded * dim, 0.0);
    let blocks = padded / BLOCK;
    let stripes = stripes.clamp(1, blocks);
    let rows = Padded { m: &m, dim, n };
    let bounds: Vec<usize> = (0..=stripes).map(|s| s * blocks / stripes * BLOCK).collect();
    // Each stripe's rows against themselves and every later row: the tops of its own rows,
    // and the later rows' tops among its rows.
    let parts: Vec<(Vec<Top>, Vec<Top>)> = bounds
        .windows(2)
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|w| {
            let (start, end) = (w[0], w[1]);
            let mut tops = StripeTops {
                start,
                end,
                own: (start..end).map(|_| Top::new(k)).collect(),
                later: (end..padded).map(|_| Top::new(k)).collect(),
            };
            for i0 in (start..end).step_by(BLOCK) {
                for j0 in (i0..padded).step_by(BLOCK) {
                    block_pair(&rows, (i0, j0), &mut tops);
                }
            }
            (tops.own, tops.later)
        })
        .collect();
    let mut tops: Vec<Top> = Vec::with_capacity(padded);
    let mut laters: Vec<(usize, Vec<Top>)> = Vec::with_capacity(parts.len());
    for (own, later) in parts {
        tops.extend(own);
        laters.push((tops.len(), later));
    }
    for (end, later) in laters {
        for (top, more) in tops[end..].iter_mut().zip(later) {
            top.merge(more);
        }
    }
    tops.into_iter().take(n).map(|t| t.items).collect()
}

/// Rows of `dim` values one after the other in `m`, whole blocks of them; rows from `n` on
/// are padding.
struct Padded<'a> {
    m: &'a [f32],
    dim: usize,
    n: usize,
}

/// The tops of a stripe's rows (from `start` to `end`) and of the rows after it (from `end`).
struct StripeTops {
    start: usize,
    end: usize,
    own: Vec<Top>,
    later: Vec<Top>,
}

impl StripeTops {
    /// Rows `p < q` (`p` in the stripe) are `score` alike.
    #[inline(always)]
    fn keep(&mut self, p: usize, q: usize, score: f32) {
        self.own[p - self.start].push(q as u32, score);
        let top = if q < self.end { &mut self.own[q - self.start] } else { &mut self.later[q - self.end] };
        top.push(p as u32, score);
    }
}

/// The dot products of the rows in the block from `i0` with those in the block from `j0`
/// (each pair once when they are the same block), given to `keep`.
fn block_pair(rows: &Padded, (i0, j0): (usize, usize), keep: &mut StripeTops) {
    #[cfg(target_arch = "x86_64")]
    if is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2; the body is the same code compiled for it (the same
        // operations in the same order, so the same results)
        unsafe { block_pair_avx2(rows, (i0, j0), keep) };
        return;
    }
    block_pair_body(rows, (i0, j0), keep);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn block_pair_avx2(rows: &Padded, blocks: (usize, usize), keep: &mut StripeTops) {
    block_pair_body(rows, blocks, keep)
}

#[inline(always)]
fn block_pair_body(rows: &Padded, (i0, j0): (usize, usize), keep: &mut StripeTops) {
    let Padded { m, dim, n } = *rows;
    let row = |i: usize| &m[i * dim..(i + 1) * dim];
    for i in (i0..(i0 + BLOCK).min(n)).step_by(TILE_ROWS) {
        let a: [&[f32]; TILE_ROWS] = std::array::from_fn(|r| row(i + r));
        // in the same block, the tiles from the diagonal on
        let from = if i0 == j0 { i - i % TILE_COLS } else { j0 };
        for j in (from..(j0 + BLOCK).min(n)).step_by(TILE_COLS) {
            let b: [&[f32]; TILE_COLS] = std::array::from_fn(|c| row(j + c));
            let acc = lanes(a, b);
            for (r, acc) in acc.into_iter().enumerate() {
                for (c, acc) in acc.into_iter().enumerate() {
                    let (p, q) = (i + r, j + c);
                    if p < q && q < n {
                        keep.keep(p, q, finish(acc, a[r], b[c]));
                    }
                }
            }
        }
    }
}

/// The best `k` of the `(index, score)` pairs pushed, best first: higher score, then
/// smaller index (one order, so the same `k` whatever the order they come in).
struct Top {
    k: usize,
    items: Vec<(u32, f32)>,
    /// The last item's score once there are `k`, minus infinity before: a lower score is
    /// out at one comparison.
    floor: f32,
}

impl Top {
    fn new(k: usize) -> Top {
        Top { k, items: Vec::with_capacity(k + 1), floor: f32::NEG_INFINITY }
    }

    #[inline(always)]
    fn push(&mut self, index: u32, score: f32) {
        if score < self.floor {
            return;
        }
        let before = |x: &(u32, f32)| score.total_cmp(&x.1).then(x.0.cmp(&index)).is_gt();
        if self.items.len() == self.k && !self.items.last().is_some_and(before) {
            return;
        }
        let at = self.items.iter().position(before).unwrap_or(self.items.len());
        self.items.insert(at, (index, score));
        self.items.truncate(self.k);
        if self.items.len() == self.k {
            self.floor = self.items[self.k - 1].1;
        }
    }

    /// Adds the pairs of `other`.
    fn merge(&mut self, other: Top) {
        for (index, score) in other.items {
            self.push(index, score);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_handles_any_length() {
        for n in [0, 1, 7, 8, 9, 17] {
            let a: Vec<f32> = (0..n).map(|i| i as f32).collect();
            let want: f32 = a.iter().map(|x| x * x).sum();
            assert_eq!(dot(&a, &a), want, "length {n}");
        }
    }

    #[test]
    fn unit_scales_or_refuses() {
        assert_eq!(unit(vec![3.0, 4.0]), Some(vec![0.6, 0.8]));
        assert_eq!(unit(vec![0.0, 0.0]), None);
        assert_eq!(unit(vec![f32::INFINITY, 1.0]), None);
    }

    /// Each row's `k` nearest the plain way: every other row's [`dot`], sorted.
    fn brute(rows: &[f32], dim: usize, k: usize) -> Vec<Vec<(u32, f32)>> {
        let n = rows.len() / dim;
        let row = |i: usize| &rows[i * dim..(i + 1) * dim];
        (0..n)
            .map(|i| {
                let mut all: Vec<(u32, f32)> =
                    (0..n).filter(|&j| j != i).map(|j| (j as u32, dot(row(i), row(j)))).collect();
                all.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                all.truncate(k);
                all
            })
            .collect()
    }

    #[test]
    fn nearest_is_the_exhaustive_search_bit_for_bit_ties_included() {
        // A pseudo-random generator, and rows repeated so that scores tie.
        let mut s = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            (s >> 40) as f32 / (1u64 << 24) as f32 - 0.5
        };
        for (n, dim, k) in
            [(0, 8, 3), (1, 8, 3), (5, 3, 10), (130, 37, 5), (101, 384, 4), (300, 24, 7), (60, 16, 0)]
        {
            let mut rows: Vec<f32> = (0..n * dim).map(|_| next()).collect();
            if n > 10 {
                let copy = rows[..dim].to_vec();
                rows[5 * dim..6 * dim].copy_from_slice(&copy);
                rows[9 * dim..10 * dim].copy_from_slice(&copy);
            }
            let want = brute(&rows, dim, k);
            for stripes in [1, 2, 3, 64] {
                let got = nearest_in_stripes(&rows, dim, k, stripes);
                assert_eq!(got.len(), n);
                for (g, w) in got.iter().zip(&want) {
                    let bits = |v: &[(u32, f32)]| v.iter().map(|x| (x.0, x.1.to_bits())).collect::<Vec<_>>();
                    assert_eq!(bits(g), bits(w), "n {n}, dim {dim}, k {k}, {stripes} stripes");
                }
            }
        }
    }
}
