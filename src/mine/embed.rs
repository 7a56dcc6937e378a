//! The optional semantic layer: sentence vectors supplied by the user.
//!
//! The lexical features stand on their own and stay the default. A user who has a sentence
//! embedding model (the built-in [`E5Model`](crate::embed::E5Model) or any other) can
//! implement [`Embedder`] and pass it to [`Clusterer::embedder`](super::Clusterer::embedder).
//!
//! Each text's sentence vector is then appended to its sparse lexical vector as extra
//! feature dimensions: `√(1−w)·lexical ⊕ √w·dense` with `w` = [`DENSE_SHARE`], so that the
//! cosine of two combined vectors is the blend `(1−w)·lexical + w·dense` of both cosines.
//! Every later step (the neighbour graph, the merging of groups by mean cosine, the removal
//! of members unlike their group) works on that blended cosine. The nearest texts by
//! sentence vector are added to the lexical candidates of the neighbour graph, which lets
//! questions without a word in common meet.
//!
//! Before the blend, the sentence vectors are centred: the mean vector of each language is
//! subtracted. Sentence models place all texts of a language in one narrow cone (two
//! unrelated questions still have a cosine of about 0.7), and informal messages group by
//! language before topic; the mean of a language is what its texts share whatever they ask.
//!
//! Only the [`EMBED_LIMIT`] most frequent distinct texts get a sentence vector; the others
//! keep their lexical vector alone.
//!
//! The trait itself lives in [`crate::embed`] (re-exported here as `faqmine::mine::Embedder`).

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::features::{Vectors, SPACE};
use super::graph::{KnnParams, Neighbours};
use super::TextKey;
use crate::embed::vector::{self, unit};

/// At most this many distinct texts get a sentence vector: the most frequent ones (ties to
/// the canonical order of the texts). A sentence model is the slowest step of mining (about
/// 120 sentences a second on two cores for multilingual-e5-small), and the nearest texts by
/// sentence vector are searched exhaustively, which is quadratic; 20,000 texts take about
/// three minutes to embed and seconds to compare, which keeps a million messages within
/// five minutes. The frequent texts are the ones FAQs are made of; the rare ones keep their
/// lexical similarity.
pub const EMBED_LIMIT: usize = 20_000;

/// Share of the combined vector's squared norm given to the sentence vector (the rest goes
/// to the lexical features): the cosine of two texts is `(1 − w)·lexical + w·sentence`.
pub const DENSE_SHARE: f32 = 0.5;

/// A language needs at least this many embedded texts for its own mean vector; the texts
/// of smaller languages are centred on the mean of all texts.
const MIN_LANGUAGE_TEXTS: usize = 50;

pub use crate::embed::Embedder;

/// The centred, normalized sentence vectors of the [`EMBED_LIMIT`] most frequent texts
/// (`copies[r]` units stand for row `r`); `None` for the others and for texts the embedder
/// says nothing about.
fn sentence_vectors(e: &dyn Embedder, keys: &[TextKey], copies: &[usize]) -> Vec<Option<Vec<f32>>> {
    let limit = EMBED_LIMIT;
    let mut chosen: Vec<usize> = (0..keys.len()).collect();
    if chosen.len() > limit {
        chosen.sort_by(|&a, &b| copies[b].cmp(&copies[a]).then(a.cmp(&b)));
        chosen.truncate(limit);
        chosen.sort_unstable();
    }
    let pairs: Vec<(&str, &str)> =
        chosen.iter().map(|&r| (keys[r].text.as_str(), keys[r].language.as_str())).collect();
    let mut got = e.embed_batch(&pairs);
    // an embedder that returns too few or too many vectors loses the ones it owes, not the run
    got.resize(chosen.len(), None);
    let mut vecs: Vec<Option<Vec<f32>>> = vec![None; keys.len()];
    for (&r, v) in chosen.iter().zip(got) {
        vecs[r] = v.and_then(unit);
    }
    let dim = vecs.iter().flatten().map(Vec::len).next().unwrap_or(0);
    for v in &mut vecs {
        if v.as_ref().is_some_and(|v| v.len() != dim) {
            *v = None;
        }
    }
    // Means in row order with f64 sums: the same whatever the order of the input.
    let mut sums: BTreeMap<&str, (Vec<f64>, usize)> = BTreeMap::new();
    let mut all = (vec![0f64; dim], 0usize);
    for (r, v) in vecs.iter().enumerate() {
        if let Some(v) = v {
            let s = sums.entry(keys[r].language.as_str()).or_insert_with(|| (vec![0f64; dim], 0));
            for (i, &x) in v.iter().enumerate() {
                s.0[i] += f64::from(x);
                all.0[i] += f64::from(x);
            }
            s.1 += 1;
            all.1 += 1;
        }
    }
    let mean =
        |s: &(Vec<f64>, usize)| -> Vec<f32> { s.0.iter().map(|&x| (x / s.1.max(1) as f64) as f32).collect() };
    let global = mean(&all);
    let means: BTreeMap<&str, Vec<f32>> = sums
        .iter()
        .map(|(&l, s)| (l, if s.1 >= MIN_LANGUAGE_TEXTS { mean(s) } else { global.clone() }))
        .collect();
    vecs.into_par_iter()
        .enumerate()
        .map(|(r, v)| {
            // Only texts with a vector have a language mean (a language may have none).
            let m = means.get(keys[r].language.as_str())?;
            v.and_then(|v| unit(v.iter().zip(m).map(|(x, y)| x - y).collect()))
        })
        .collect()
}

/// The lexical vectors with the sentence vectors appended (feature ids from [`SPACE`] on),
/// and the neighbour graph by the blended cosine: the lexical candidates and, for texts
/// with a sentence vector, the nearest ones by sentence vector, rescored.
pub(crate) fn combine(
    e: &dyn Embedder,
    keys: &[TextKey],
    copies: &[usize],
    lexical: &Vectors,
    neighbours: Neighbours,
    p: &KnnParams,
) -> (Vectors, Neighbours) {
    let dense = sentence_vectors(e, keys, copies);
    let combined = join(lexical, &dense, DENSE_SHARE);
    // The nearest texts by sentence vector, exhaustively among the embedded ones.
    let embedded: Vec<u32> = (0..dense.len() as u32).filter(|&r| dense[r as usize].is_some()).collect();
    let dim = embedded.first().and_then(|&r| dense[r as usize].as_ref()).map_or(0, Vec::len);
    let matrix: Vec<f32> =
        embedded.iter().filter_map(|&r| dense[r as usize].as_deref()).flatten().copied().collect();
    let mut nearest: Vec<Vec<u32>> = vec![Vec::new(); dense.len()];
    for (&r, near) in embedded.iter().zip(vector::nearest(&matrix, dim, p.k)) {
        nearest[r as usize] = near.into_iter().map(|(q, _)| embedded[q as usize]).collect();
    }
    let neighbours = neighbours
        .into_par_iter()
        .zip(nearest)
        .enumerate()
        .map(|(r, (lex, near))| {
            let mut cand: Vec<u32> = lex.iter().map(|x| x.0).collect();
            cand.extend(near);
            cand.sort_unstable();
            cand.dedup();
            let mut scored: Vec<(u32, f32)> = cand
                .into_iter()
                .map(|q| (q, combined.dot(r, q as usize)))
                .filter(|x| x.1 >= p.min_similarity)
                .collect();
            scored.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            scored.truncate(p.k);
            scored
        })
        .collect();
    (combined, neighbours)
}

/// Appends `dense` to `lexical` with weight `w` of the squared norm.
fn join(lexical: &Vectors, dense: &[Option<Vec<f32>>], w: f32) -> Vectors {
    let (lex_scale, dense_scale) = ((1.0 - w).sqrt(), w.sqrt());
    let mut combined = Vectors { offsets: Vec::with_capacity(lexical.len() + 1), ..Default::default() };
    combined.offsets.push(0);
    for (r, d) in dense.iter().enumerate() {
        let (ids, ws) = lexical.row(r);
        // When one part is empty, the other takes the whole norm.
        let (ls, ds) = match (ids.is_empty(), d.is_some()) {
            (false, true) => (lex_scale, dense_scale),
            _ => (1.0, 1.0),
        };
        combined.ids.extend_from_slice(ids);
        combined.vals.extend(ws.iter().map(|x| x * ls));
        if let Some(d) = d {
            combined.ids.extend((0..d.len() as u32).map(|i| SPACE as u32 + i));
            combined.vals.extend(d.iter().map(|x| x * ds));
        }
        combined.offsets.push(combined.ids.len());
    }
    combined
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One vector per text, the same for all: what matters is which texts get one.
    struct Flat;
    impl Embedder for Flat {
        fn embed(&self, text: &str, _: &str) -> Option<Vec<f32>> {
            Some(vec![1.0, text.len() as f32])
        }
    }

    fn key(text: String, language: &str) -> TextKey {
        TextKey { normalized: text.clone(), language: language.to_string(), terms: Vec::new(), text }
    }

    #[test]
    fn a_language_without_any_embedded_text_is_left_without_vectors() {
        // EMBED_LIMIT frequent English texts, then one rare Vietnamese text that misses the cut.
        let mut keys: Vec<TextKey> = (0..EMBED_LIMIT).map(|i| key(format!("question {i}"), "en")).collect();
        keys.push(key("câu hỏi hiếm".to_string(), "vi"));
        let mut copies = vec![2; EMBED_LIMIT];
        copies.push(1);
        let vecs = sentence_vectors(&Flat, &keys, &copies);
        assert_eq!(vecs.len(), keys.len());
        assert!(vecs[EMBED_LIMIT].is_none(), "the rare text gets no vector");
        assert!(vecs[..EMBED_LIMIT].iter().filter(|v| v.is_some()).count() > EMBED_LIMIT / 2);
    }
}
