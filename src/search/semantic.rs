//! Meaning in search: entry vectors stored with the index, and their fusion with BM25.
//!
//! When an index is built with an [`Embedder`], every entry gets its vectors: first the
//! normalized sum of its question's and its answer's document vectors
//! ([`Embedder::embed_documents`]), then one for each of its customers' phrasings (at most
//! [`PHRASINGS`], the most frequent, embedded as queries, [`Embedder::embed_batch`]): an
//! entry mined from several languages is found in the words its customers used in each,
//! even where the model reads them poorly (Vietnamese typed without its accents). An
//! entry's cosine to a query is the highest of its vectors'. They are stored in the entry's
//! tantivy document as 8-bit values with one scale each (384 bytes for multilingual-e5-small
//! instead of 1,536), so that the vectors commit, replace and travel between processes with
//! the entries they describe.
//!
//! A complete query is embedded once ([`Embedder::embed`]); the candidates are the best
//! [`CANDIDATES`] by BM25 and the best [`CANDIDATES`] by cosine; each candidate's score is
//! `w · z(bm25) + (1 − w) · z(cos)`, `w` = [`LEXICAL_WEIGHT`] times the query's lexical
//! trust, where `z` is a side's standard score over the entries (its distance from the
//! side's mean in standard deviations; an entry the lexical search did not return counts
//! as 0). A side whose best score stands far out of the rest says more than one whose
//! scores are level: the query typed without marks whose vector is a poor guess but whose
//! words match one entry exactly, or the paraphrase without a word in common. Standard
//! scores are independent of BM25's scale (which varies with the query's length and its
//! words' rarity) and of the model's narrow cosine range. Scaling each side by its range
//! over the candidates, the earlier fusion, gave the lexical side's best match the same
//! 1.0 whether it held every word of the query or one; reciprocal rank fusion, which throws
//! the margins away, ranked worse on every search set (docs/quality.md).
//!
//! The vectors are read once per searcher generation into a [`VectorTable`] (decoded to
//! `f32`, with each entry's language and status for the filters), and a query scans it:
//! 10,000 entries × 384 dimensions is about 4 million multiply-adds, a millisecond.

use std::sync::Arc;

use tantivy::schema::Value;
use tantivy::{DocAddress, Searcher, TantivyDocument};

use super::accents::Restorer;
use super::schema::Fields;
use crate::faq::Status;
use crate::Result;

use crate::embed::vector::dot;
use crate::embed::Embedder;

/// How many candidates each side contributes to the fusion.
pub(crate) const CANDIDATES: usize = 50;

/// The lexical side's share of a fused score. Measured on the three search sets of
/// `../shared/data` (MRR@10 covidfaq / sib200-xling-dev / xquad-r-en), when each side was
/// scaled by its range over the candidates: a share of 0.3 gave 0.737 / 0.997 / 0.866, 0.2
/// gave 0.747 / 1.000 / 0.861, pure cosine 0.746 / 1.000 / 0.843; reciprocal rank fusion was
/// below both on every set. With the standard scores of today's fusion (Dec 2026, the sets
/// of docs/quality.md "Fusion by standard scores"), 0.3 gives covidfaq 0.739, xquad-r-en
/// 0.866, 0.4 gives 0.736 and 0.868: 0.3 stays.
pub(crate) const LEXICAL_WEIGHT: f32 = 0.3;

/// How many of an entry's phrasings (besides its question) get a vector of their own.
pub(crate) const PHRASINGS: usize = 8;

/// An entry's vectors as stored with it: `[dim: u16 LE]`, then for each vector
/// `[scale: f32 LE][one i8 per dimension]`, the value of dimension `i` being
/// `scale · byte[i]`. All vectors have the length `dim`.
pub(crate) fn encode(vectors: &[Vec<f32>]) -> Vec<u8> {
    // A length that does not fit the header is stored as no vector at all.
    let dim = vectors.first().and_then(|v| u16::try_from(v.len()).ok()).unwrap_or(0);
    let mut out = Vec::with_capacity(2 + vectors.len() * (4 + usize::from(dim)));
    out.extend_from_slice(&dim.to_le_bytes());
    for vector in vectors.iter().filter(|v| dim > 0 && v.len() == usize::from(dim)) {
        let max = vector.iter().fold(0f32, |m, x| m.max(x.abs()));
        let scale = if max > 0.0 { max / 127.0 } else { 1.0 };
        out.extend_from_slice(&scale.to_le_bytes());
        out.extend(vector.iter().map(|x| (x / scale).round().clamp(-127.0, 127.0) as i8 as u8));
    }
    out
}

/// The inverse of [`encode`]: the vectors and their length; `None` for bytes of another
/// shape.
pub(crate) fn decode(bytes: &[u8]) -> Option<(usize, Vec<f32>)> {
    let dim = usize::from(u16::from_le_bytes(bytes.get(..2)?.try_into().ok()?));
    let rest = &bytes[2..];
    if dim == 0 || rest.is_empty() || !rest.len().is_multiple_of(4 + dim) {
        return None;
    }
    let mut out = Vec::with_capacity(rest.len() / (4 + dim) * dim);
    for chunk in rest.chunks_exact(4 + dim) {
        let scale = f32::from_le_bytes(chunk[..4].try_into().ok()?);
        out.extend(chunk[4..].iter().map(|&b| b as i8 as f32 * scale));
    }
    Some((dim, out))
}

/// `v` scaled to unit length (unchanged when it is all zeros).
pub(crate) fn normalized(mut v: Vec<f32>) -> Vec<f32> {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|x| *x /= norm);
    }
    v
}

/// What an entry is embedded from: its question and answer (`documents`, read together as
/// one vector) and its phrasings (one vector each).
pub(crate) struct EntryTexts<'a> {
    pub documents: Vec<(&'a str, &'a str)>,
    pub phrasings: Vec<(&'a str, &'a str)>,
}

/// The vectors of every entry of a batch: first the normalized sum of its documents'
/// normalized vectors, then one per phrasing. Empty when the embedder gave nothing for its
/// documents; vectors of another length than the first are left out.
pub(crate) fn entry_vectors(embedder: &dyn Embedder, texts: &[EntryTexts<'_>]) -> Vec<Vec<Vec<f32>>> {
    let documents: Vec<(&str, &str)> = texts.iter().flat_map(|t| t.documents.iter().copied()).collect();
    let phrasings: Vec<(&str, &str)> = texts.iter().flat_map(|t| t.phrasings.iter().copied()).collect();
    let mut documents = embedder.embed_documents(&documents).into_iter();
    let mut phrasings = embedder.embed_batch(&phrasings).into_iter();
    texts
        .iter()
        .map(|t| {
            let mut sum: Option<Vec<f32>> = None;
            for _ in &t.documents {
                let Some(v) = documents.next().flatten() else { continue };
                let v = normalized(v);
                match &mut sum {
                    None => sum = Some(v),
                    Some(s) if s.len() == v.len() => s.iter_mut().zip(&v).for_each(|(a, b)| *a += b),
                    Some(_) => {}
                }
            }
            let own: Vec<Option<Vec<f32>>> = t.phrasings.iter().map(|_| phrasings.next().flatten()).collect();
            let Some(first) = sum.map(normalized) else { return Vec::new() };
            let dim = first.len();
            std::iter::once(first)
                .chain(own.into_iter().flatten().filter(|v| v.len() == dim).map(normalized))
                .collect()
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
    /// One row per entry that has vectors.
    pub rows: Vec<Row>,
    /// `dim` values a vector, the vectors of each row one after the other.
    pub data: Vec<f32>,
    /// The syllables of the Vietnamese entries' questions and answers: the marks of a
    /// query typed without them (`accents.rs`).
    pub restorer: Restorer,
    /// The languages of the entries.
    pub languages: Vec<Arc<str>>,
}

/// An entry of a [`VectorTable`].
#[derive(Debug)]
pub(crate) struct Row {
    pub addr: DocAddress,
    /// Its vectors: `data[start × dim..(start + count) × dim]`.
    pub start: usize,
    pub count: usize,
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
                let Some((dim, v)) = decode(bytes) else { continue };
                if v.is_empty() || (table.dim != 0 && dim != table.dim) {
                    continue;
                }
                table.dim = dim;
                let (start, count) = (table.data.len() / dim, v.len() / dim);
                table.data.extend_from_slice(&v);
                let lang = d.get_first(fields.language).and_then(|v| v.as_str()).unwrap_or_default();
                if lang == "vi" {
                    for field in [fields.question, fields.answer] {
                        if let Some(text) = d.get_first(field).and_then(|v| v.as_str()) {
                            table.restorer.add(text);
                        }
                    }
                }
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
                table.rows.push(Row {
                    addr: DocAddress::new(ord as u32, doc),
                    start,
                    count,
                    language,
                    status,
                });
            }
        }
        table.restorer.finish();
        table.languages = languages;
        Ok(table)
    }

    /// The cosine of `query` (unit length) to every row that `keep` accepts (the highest of
    /// the row's vectors), as `(cosine, row)`, unsorted.
    pub(crate) fn cosines(&self, query: &[f32], keep: impl Fn(&Row) -> bool) -> Vec<(f32, usize)> {
        if self.dim == 0 || query.len() != self.dim {
            return Vec::new();
        }
        self.rows
            .iter()
            .enumerate()
            .filter(|(_, r)| keep(r))
            .map(|(i, r)| {
                let vectors = &self.data[r.start * self.dim..(r.start + r.count) * self.dim];
                let best =
                    vectors.chunks_exact(self.dim).map(|v| dot(query, v)).fold(f32::NEG_INFINITY, f32::max);
                (best, i)
            })
            .collect()
    }
}

/// Each side's scores over the entries a query is scored against: `(mean, standard
/// deviation)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Spread {
    /// Of the lexical scores; an entry the lexical search did not return counts as 0.
    pub lexical: (f32, f32),
    /// Of the cosines.
    pub cosine: (f32, f32),
}

impl Spread {
    /// The spread of `lexical` (the scores of the entries the lexical search returned) and
    /// `cosines` (of every entry scored), over `n` entries.
    pub(crate) fn of(
        lexical: impl Iterator<Item = f32>,
        cosines: impl Iterator<Item = f32>,
        n: usize,
    ) -> Spread {
        Spread { lexical: moments(lexical.map(|x| x.max(0.0)), n), cosine: moments(cosines, n) }
    }
}

/// The mean and standard deviation of `xs` over `n` values (those `xs` lacks count as 0).
fn moments(xs: impl Iterator<Item = f32>, n: usize) -> (f32, f32) {
    let n = n.max(1) as f64;
    let (s1, s2) = xs.fold((0f64, 0f64), |(a, b), x| (a + f64::from(x), b + f64::from(x) * f64::from(x)));
    let mean = s1 / n;
    (mean as f32, (s2 / n - mean * mean).max(0.0).sqrt() as f32)
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
///
/// `lexical_trust` (0 to 1) scales the lexical share [`LEXICAL_WEIGHT`] for this query (see
/// `FaqIndex::lexical_trust`); `spread` is each side's mean and deviation over the entries.
pub(crate) fn fuse(candidates: &[Candidate], lexical_trust: f32, spread: &Spread) -> Vec<(f32, DocAddress)> {
    let weight = LEXICAL_WEIGHT * lexical_trust.clamp(0.0, 1.0);
    let z = |x: f32, mean: f32, deviation: f32| if deviation > 0.0 { (x - mean) / deviation } else { 0.0 };
    let mut out: Vec<(f32, DocAddress)> = candidates
        .iter()
        .map(|c| {
            let lexical = z(c.lexical, spread.lexical.0, spread.lexical.1);
            let semantic = z(c.cosine, spread.cosine.0, spread.cosine.1);
            (weight * lexical + (1.0 - weight) * semantic, c.addr)
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
        let w: Vec<f32> = v.iter().rev().copied().collect();
        let (dim, back) = decode(&encode(&[v.clone(), w.clone()])).unwrap();
        assert_eq!((dim, back.len()), (384, 768));
        for (orig, back) in [&v, &w].into_iter().zip(back.chunks_exact(dim)) {
            let cos = dot(orig, back) / dot(back, back).sqrt();
            assert!(cos > 0.9999, "8-bit vector drifted: cosine {cos}");
        }
        assert_eq!(decode(&[1, 2]), None);
        assert_eq!(decode(&[3, 0, 1, 2]), None, "a length that is no whole number of vectors");
        assert_eq!(decode(&encode(&[vec![0.0, 0.0]])).unwrap(), (2, vec![0.0, 0.0]));
    }

    #[test]
    fn fusion_weighs_each_side_by_how_far_its_scores_stand_out() {
        let at = |d| DocAddress::new(0, d);
        let candidates = [
            // the only lexical match, semantically middling
            Candidate { addr: at(0), lexical: 10.0, cosine: 0.85 },
            // no shared word, but the closest meaning
            Candidate { addr: at(1), lexical: 0.0, cosine: 0.88 },
            // no shared word and a weak cosine
            Candidate { addr: at(2), lexical: 0.0, cosine: 0.80 },
        ];
        // 20 entries: the cosines of the 17 others are 0.80 to 0.86, no word matches them.
        let mut cosines: Vec<f32> = candidates.iter().map(|c| c.cosine).collect();
        cosines.extend((0..17).map(|i| 0.80 + 0.06 * i as f32 / 16.0));
        let spread = Spread::of(candidates.iter().map(|c| c.lexical), cosines.iter().copied(), cosines.len());
        assert!((spread.lexical.0 - 0.5).abs() < 1e-6, "{spread:?}");
        let order =
            |trust| -> Vec<u32> { fuse(&candidates, trust, &spread).iter().map(|(_, a)| a.doc_id).collect() };
        // A word match that stands out as far as this one outweighs a closer meaning ...
        assert_eq!(order(1.0), vec![0, 1, 2]);
        // ... unless the words are not to be trusted for this query.
        assert_eq!(order(0.0), vec![1, 0, 2]);
        // Whatever the scale of either side.
        let scaled: Vec<Candidate> =
            candidates.iter().map(|c| Candidate { lexical: c.lexical * 7.0, ..*c }).collect();
        let spread7 = Spread::of(scaled.iter().map(|c| c.lexical), cosines.iter().copied(), cosines.len());
        let fused = |c: &[Candidate], s: &Spread| -> Vec<u32> {
            fuse(c, 1.0, s).iter().map(|(_, a)| a.doc_id).collect()
        };
        assert_eq!(fused(&scaled, &spread7), fused(&candidates, &spread));
    }
}
