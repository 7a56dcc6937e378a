//! Meaning in search: entry vectors stored with the index, and their fusion with BM25.
//!
//! When an index is built with an [`Embedder`], every entry gets one vector: the normalized
//! sum of its question's and its answer's document vectors
//! ([`Embedder::embed_documents`]), stored in the entry's tantivy document as 8-bit values
//! with one scale (384 bytes for multilingual-e5-small instead of 1,536), so that the
//! vectors commit, replace and travel between processes with the entries they describe.
//!
//! A complete query is embedded once ([`Embedder::embed`]); the candidates are the best
//! [`CANDIDATES`] by BM25 and the best [`CANDIDATES`] by cosine; each candidate's score is
//! `LEXICAL_WEIGHT · bm25 / best bm25 + (1 − LEXICAL_WEIGHT) · (cos − lowest cos) / (highest
//! cos − lowest cos)` over the candidates. Scaling each side by its own range makes the
//! blend independent of BM25's scale (which varies with the query's length and its words'
//! rarity) and of the model's narrow cosine range; reciprocal rank fusion, which throws
//! the margins away, ranked worse on every search set (docs/quality.md).
//!
//! The vectors are read once per searcher generation into a [`VectorTable`] (decoded to
//! `f32`, with each entry's language and status for the filters), and a query scans it:
//! 10,000 entries × 384 dimensions is about 4 million multiply-adds, a millisecond.

use std::sync::Arc;

use tantivy::schema::Value;
use tantivy::{DocAddress, Searcher, TantivyDocument};

use super::schema::Fields;
use crate::faq::Status;
use crate::Result;

use crate::embed::Embedder;

/// How many candidates each side contributes to the fusion.
pub(crate) const CANDIDATES: usize = 50;

/// The lexical side's share of a fused score. Measured on the three search sets of
/// `../shared/data` (MRR@10 covidfaq / sib200-xling-dev / xquad-r-en): a share of 0.3 gives
/// 0.737 / 0.997 / 0.866, 0.2 gives 0.747 / 1.000 / 0.861, pure cosine 0.746 / 1.000 / 0.843;
/// reciprocal rank fusion was below both on every set. 0.3 keeps the set where exact words
/// matter most (xquad-r-en) at its best and the others within 0.01 of theirs.
pub(crate) const LEXICAL_WEIGHT: f32 = 0.3;

/// The entry vector stored with an entry: `[scale: f32 LE][one i8 per dimension]`, the
/// value of dimension `i` being `scale · byte[i]`.
pub(crate) fn encode(vector: &[f32]) -> Vec<u8> {
    let max = vector.iter().fold(0f32, |m, x| m.max(x.abs()));
    let scale = if max > 0.0 { max / 127.0 } else { 1.0 };
    let mut out = Vec::with_capacity(4 + vector.len());
    out.extend_from_slice(&scale.to_le_bytes());
    out.extend(vector.iter().map(|x| (x / scale).round().clamp(-127.0, 127.0) as i8 as u8));
    out
}

/// The inverse of [`encode`]; `None` for bytes too short to hold a scale.
pub(crate) fn decode(bytes: &[u8]) -> Option<Vec<f32>> {
    let scale = f32::from_le_bytes(bytes.get(..4)?.try_into().ok()?);
    Some(bytes[4..].iter().map(|&b| b as i8 as f32 * scale).collect())
}

/// `v` scaled to unit length (unchanged when it is all zeros).
pub(crate) fn normalized(mut v: Vec<f32>) -> Vec<f32> {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|x| *x /= norm);
    }
    v
}

/// The vector of every entry of a batch: the normalized sum of its texts' normalized
/// document vectors (`texts[i]` are entry `i`'s question and answer), `None` when the
/// embedder gave nothing for any of them or vectors of unequal lengths.
pub(crate) fn entry_vectors(embedder: &dyn Embedder, texts: &[Vec<(&str, &str)>]) -> Vec<Option<Vec<f32>>> {
    let flat: Vec<(&str, &str)> = texts.iter().flatten().copied().collect();
    let mut vectors = embedder.embed_documents(&flat).into_iter();
    texts
        .iter()
        .map(|parts| {
            let mut sum: Option<Vec<f32>> = None;
            let mut ok = true;
            for _ in parts {
                let Some(v) = vectors.next().flatten() else { continue };
                let v = normalized(v);
                match &mut sum {
                    None => sum = Some(v),
                    Some(s) if s.len() == v.len() => s.iter_mut().zip(&v).for_each(|(a, b)| *a += b),
                    Some(_) => ok = false,
                }
            }
            sum.filter(|_| ok).map(normalized)
        })
        .collect()
}

/// The entry vectors of one searcher generation, decoded, with what the filters need.
#[derive(Debug, Default)]
pub(crate) struct VectorTable {
    /// The searcher generation the table was read from.
    pub generation: u64,
    /// The vectors' length (0 when no entry has one).
    pub dim: usize,
    /// One row per entry that has a vector.
    pub rows: Vec<Row>,
    /// `rows.len() × dim` values.
    pub data: Vec<f32>,
}

/// An entry of a [`VectorTable`].
#[derive(Debug)]
pub(crate) struct Row {
    pub addr: DocAddress,
    pub language: Arc<str>,
    pub status: Status,
}

impl VectorTable {
    /// Reads every live document's vector from `searcher`'s document store.
    pub(crate) fn read(
        searcher: &Searcher,
        fields: &Fields,
        parse_status: fn(&str) -> Status,
    ) -> Result<Self> {
        let mut table =
            VectorTable { generation: searcher.generation().generation_id(), ..Default::default() };
        let mut languages: Vec<Arc<str>> = Vec::new();
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            let store = segment.get_store_reader(64).map_err(|e| crate::Error::Index(e.to_string()))?;
            for doc in segment.doc_ids_alive() {
                let d: TantivyDocument = store.get(doc)?;
                let Some(bytes) = d.get_first(fields.vector).and_then(|v| v.as_bytes()) else { continue };
                let Some(v) = decode(bytes) else { continue };
                if v.is_empty() || (table.dim != 0 && v.len() != table.dim) {
                    continue;
                }
                table.dim = v.len();
                table.data.extend_from_slice(&v);
                let lang = d.get_first(fields.language).and_then(|v| v.as_str()).unwrap_or_default();
                let language = match languages.iter().find(|l| &***l == lang) {
                    Some(l) => l.clone(),
                    None => {
                        let l: Arc<str> = Arc::from(lang);
                        languages.push(l.clone());
                        l
                    }
                };
                let status =
                    parse_status(d.get_first(fields.status).and_then(|v| v.as_str()).unwrap_or_default());
                table.rows.push(Row { addr: DocAddress::new(ord as u32, doc), language, status });
            }
        }
        Ok(table)
    }

    /// The cosine of `query` (unit length) to every row that `keep` accepts, as
    /// `(cosine, row)`, unsorted.
    pub(crate) fn cosines(&self, query: &[f32], keep: impl Fn(&Row) -> bool) -> Vec<(f32, usize)> {
        if self.dim == 0 || query.len() != self.dim {
            return Vec::new();
        }
        self.rows
            .iter()
            .enumerate()
            .filter(|(_, r)| keep(r))
            .map(|(i, _)| {
                let v = &self.data[i * self.dim..(i + 1) * self.dim];
                (dot(query, v), i)
            })
            .collect()
    }
}

/// The dot product, in eight independent lanes so that the compiler vectorizes it.
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0f32; 8];
    let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
    let (ra, rb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        for k in 0..8 {
            acc[k] += x[k] * y[k];
        }
    }
    acc.iter().sum::<f32>() + ra.iter().zip(rb).map(|(x, y)| x * y).sum::<f32>()
}

/// One candidate of the fusion.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Candidate {
    pub addr: DocAddress,
    /// The lexical score (BM25 with the prior and the second stage), 0 when no query word
    /// matched.
    pub lexical: f32,
    pub cosine: f32,
}

/// Fused scores, best first (ties by document address): see the module's documentation.
///
/// No cosine floor drops a candidate that no query word matched: this model's cosines do
/// not tell a gibberish query from a real one (measured on the three search sets: the best
/// cosine of "asdfgh" or "I like turtles" to an entry, 0.81–0.88, is as high as a real
/// query's to its own entry, whose 1st percentile is 0.82–0.86), and a floor high enough
/// to drop the gibberish dropped translations (sib200-xling-dev 0.997 → 0.990 at 0.81).
pub(crate) fn fuse(candidates: &[Candidate]) -> Vec<(f32, DocAddress)> {
    let kept: Vec<&Candidate> = candidates.iter().collect();
    let best_lexical = kept.iter().fold(0f32, |m, c| m.max(c.lexical));
    let (lo, hi) = kept
        .iter()
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), c| (lo.min(c.cosine), hi.max(c.cosine)));
    let range = hi - lo;
    let mut out: Vec<(f32, DocAddress)> = kept
        .iter()
        .map(|c| {
            let lexical = if best_lexical > 0.0 { c.lexical / best_lexical } else { 0.0 };
            let semantic = if range > 1e-6 { (c.cosine - lo) / range } else { 1.0 };
            (LEXICAL_WEIGHT * lexical + (1.0 - LEXICAL_WEIGHT) * semantic, c.addr)
        })
        .collect();
    out.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_keeps_cosines() {
        let v = normalized((0..384).map(|i| ((i * 37 % 101) as f32 - 50.0) / 7.0).collect());
        let back = decode(&encode(&v)).unwrap();
        assert_eq!(back.len(), 384);
        let cos = dot(&v, &back) / dot(&back, &back).sqrt();
        assert!(cos > 0.9999, "8-bit vector drifted: cosine {cos}");
        assert_eq!(decode(&[1, 2]), None);
        assert_eq!(decode(&encode(&[0.0, 0.0])).unwrap(), vec![0.0, 0.0]);
    }

    #[test]
    fn dot_handles_any_length() {
        for n in [0, 1, 7, 8, 9, 17] {
            let a: Vec<f32> = (0..n).map(|i| i as f32).collect();
            let want: f32 = a.iter().map(|x| x * x).sum();
            assert_eq!(dot(&a, &a), want, "length {n}");
        }
    }

    #[test]
    fn fusion_weighs_both_sides() {
        let at = |d| DocAddress::new(0, d);
        let ranked = fuse(&[
            // the best lexical match, semantically middling
            Candidate { addr: at(0), lexical: 10.0, cosine: 0.85 },
            // no shared word, but the closest meaning
            Candidate { addr: at(1), lexical: 0.0, cosine: 0.93 },
            // no shared word and a weak cosine
            Candidate { addr: at(2), lexical: 0.0, cosine: 0.80 },
            // a weak lexical match with the lowest cosine
            Candidate { addr: at(3), lexical: 2.0, cosine: 0.78 },
        ]);
        let order: Vec<u32> = ranked.iter().map(|(_, a)| a.doc_id).collect();
        // 0.7; 0.3 + 0.7 × 0.47; 0.7 × 0.13; 0.3 × 0.2
        assert_eq!(order, vec![1, 0, 2, 3]);
        assert!((ranked[0].0 - 0.7).abs() < 1e-6, "{ranked:?}");
    }
}
