//! Sparse TF-IDF vectors, the common currency of centrality, matching and coverage.
//!
//! Vectors are kept sorted by term so that every sum runs in the same order on every run:
//! floating-point results, and therefore every choice made from them, are reproducible.

use std::collections::{BTreeMap, HashMap};

/// A sparse vector: (term, weight) sorted by term, L2-normalized unless empty.
pub(crate) type SVec = Vec<(String, f32)>;

/// Inverse document frequencies over a set of documents.
#[derive(Debug, Default)]
pub(crate) struct Idf {
    df: HashMap<String, u32>,
    n: u32,
}

impl Idf {
    /// Document frequencies of `docs`, each a list of terms (repeats count once).
    pub(crate) fn new<'a, I, D>(docs: I) -> Idf
    where
        I: IntoIterator<Item = D>,
        D: IntoIterator<Item = &'a String>,
    {
        let mut idf = Idf::default();
        for doc in docs {
            idf.n += 1;
            let mut seen: Vec<&String> = doc.into_iter().collect();
            seen.sort_unstable();
            seen.dedup();
            for t in seen {
                *idf.df.entry(t.clone()).or_default() += 1;
            }
        }
        idf
    }

    /// The smoothed idf of `term`; terms never seen get the highest weight.
    pub(crate) fn get(&self, term: &str) -> f32 {
        let df = self.df.get(term).copied().unwrap_or(0) as f32;
        ((1.0 + self.n as f32) / (1.0 + df)).ln() + 1.0
    }

    /// The L2-normalized TF-IDF vector of `terms`.
    pub(crate) fn vector<S: AsRef<str>>(&self, terms: &[S]) -> SVec {
        let mut tf: BTreeMap<&str, f32> = BTreeMap::new();
        for t in terms {
            *tf.entry(t.as_ref()).or_default() += 1.0;
        }
        let v: SVec = tf.into_iter().map(|(t, c)| (t.to_string(), c * self.get(t))).collect();
        normalize(v)
    }
}

/// `v` scaled to unit length (empty stays empty).
pub(crate) fn normalize(mut v: SVec) -> SVec {
    let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, w) in &mut v {
            *w /= norm;
        }
    }
    v
}

/// The cosine of two normalized vectors (0 when either is empty).
pub(crate) fn cosine(a: &SVec, b: &SVec) -> f32 {
    let (mut i, mut j, mut dot) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    dot
}

/// Accumulates weighted vectors into a centroid.
#[derive(Debug, Default)]
pub(crate) struct Centroid(BTreeMap<String, f32>);

impl Centroid {
    /// Adds `weight × v`.
    pub(crate) fn add(&mut self, v: &SVec, weight: f32) {
        for (t, w) in v {
            *self.0.entry(t.clone()).or_default() += w * weight;
        }
    }

    /// The normalized centroid.
    pub(crate) fn finish(self) -> SVec {
        normalize(self.0.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn cosine_of_a_vector_with_itself_is_one_and_disjoint_is_zero() {
        let idf = Idf::new([terms("a b c"), terms("a d")].iter());
        let v = idf.vector(&terms("a b"));
        assert!((cosine(&v, &v) - 1.0).abs() < 1e-5, "a normalized vector must have cosine 1 with itself");
        assert_eq!(cosine(&v, &idf.vector(&terms("d e"))), 0.0, "disjoint vectors must have cosine 0");
        assert!(cosine(&v, &idf.vector(&Vec::<String>::new())) == 0.0, "an empty vector has cosine 0");
    }

    #[test]
    fn rare_terms_weigh_more() {
        let idf = Idf::new([terms("a b"), terms("a c"), terms("a d")].iter());
        assert!(idf.get("b") > idf.get("a"), "a term in every document must weigh less than a rare one");
    }
}
