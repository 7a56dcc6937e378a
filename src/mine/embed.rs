//! The optional semantic layer: sentence vectors supplied by the user.
//!
//! The lexical features stand on their own and stay the default. A user who has a sentence
//! embedding model (for example a static multilingual embedding table loaded from disk) can
//! implement [`Embedder`] and pass it to [`Clusterer::embedder`](super::Clusterer::embedder).
//! The similarity of two texts then becomes the mean of the lexical cosine and the
//! embedding cosine, and, for up to [`EXACT_LIMIT`] distinct texts, the nearest texts by
//! embedding are also considered as neighbours, which lets questions without a word in
//! common (for example in two languages) meet. Above that size only the lexical candidates
//! are rescored, to keep the work near-linear.
//!
//! The trait itself lives in [`crate::embed`] (re-exported here as `faqmine::mine::Embedder`).

use rayon::prelude::*;

use super::features::Vectors;
use super::graph::{KnnParams, Neighbours};
use super::TextKey;

/// Up to this many distinct texts, every pair is compared by embedding.
pub const EXACT_LIMIT: usize = 20_000;

pub use crate::embed::Embedder;

/// Rescores the lexical neighbours with the mean of both similarities, adding the nearest
/// texts by embedding as candidates when the input is small enough.
pub(crate) fn blend(
    e: &dyn Embedder,
    keys: &[TextKey],
    lexical: &Vectors,
    neighbours: Neighbours,
    p: &KnnParams,
) -> Neighbours {
    let pairs: Vec<(&str, &str)> = keys.iter().map(|k| (k.text.as_str(), k.language.as_str())).collect();
    let mut vecs: Vec<Option<Vec<f32>>> = e
        .embed_batch(&pairs)
        .into_par_iter()
        .map(|v| {
            let mut v = v?;
            let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
            if norm == 0.0 || !norm.is_finite() {
                return None;
            }
            v.iter_mut().for_each(|x| *x /= norm);
            Some(v)
        })
        .collect();
    // an embedder that returns too few or too many vectors loses the ones it owes, not the run
    vecs.resize(keys.len(), None);
    let dim = vecs.iter().flatten().map(Vec::len).next().unwrap_or(0);
    let cos = |a: usize, b: usize| match (&vecs[a], &vecs[b]) {
        (Some(x), Some(y)) if x.len() == dim && y.len() == dim => x.iter().zip(y).map(|(p, q)| p * q).sum(),
        _ => 0.0,
    };
    let n = keys.len();
    neighbours
        .into_par_iter()
        .enumerate()
        .map(|(r, lex)| {
            let mut cand: Vec<u32> = lex.iter().map(|x| x.0).collect();
            if n <= EXACT_LIMIT && vecs[r].is_some() {
                let mut all: Vec<(u32, f32)> =
                    (0..n).filter(|&q| q != r).map(|q| (q as u32, cos(r, q))).collect();
                let k = p.k.min(all.len());
                if k > 0 {
                    all.select_nth_unstable_by(k - 1, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                    cand.extend(all[..k].iter().map(|x| x.0));
                }
            }
            cand.sort_unstable();
            cand.dedup();
            let mut scored: Vec<(u32, f32)> = cand
                .into_iter()
                .map(|q| (q, 0.5 * lexical.dot(r, q as usize) + 0.5 * cos(r, q as usize)))
                .filter(|x| x.1 >= p.min_similarity)
                .collect();
            scored.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            scored.truncate(p.k);
            scored
        })
        .collect()
}
