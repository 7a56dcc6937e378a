//! The nearest-neighbour graph: for each text, the `k` most similar other texts.
//!
//! An inverted index over the feature ids finds the candidates without comparing every pair.
//! Each text walks the posting lists of its own features from the rarest to the most common
//! and stops after a fixed budget of postings: rare features (the informative ones) are read
//! in full, while the lists of very common features are only sampled. When the budget cut a
//! list short, the best candidates are rescored with the exact cosine. The work per text is
//! therefore bounded, and the whole graph costs O(n · budget) instead of O(n²).
//!
//! Determinism: every text's neighbours are computed independently from read-only data and
//! ties are broken by row number, so the graph does not depend on the thread count.

use rayon::prelude::*;

use super::features::{Vectors, SPACE};

/// Settings of the neighbour search.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct KnnParams {
    /// Neighbours kept per text.
    pub k: usize,
    /// Postings read per text before the search stops.
    pub budget: usize,
    /// Candidates rescored exactly when the budget cut the search short.
    pub candidates: usize,
    /// Neighbours less similar than this are not kept.
    pub min_similarity: f32,
}

impl Default for KnnParams {
    fn default() -> Self {
        KnnParams { k: 10, budget: 4_000, candidates: 60, min_similarity: 0.1 }
    }
}

/// The neighbours of every row: `(row, similarity)`, most similar first.
pub(crate) type Neighbours = Vec<Vec<(u32, f32)>>;

/// An inverted index: for each feature id, the rows that have it with their weights.
struct Postings {
    offsets: Vec<u32>,
    rows: Vec<u32>,
    vals: Vec<f32>,
}

impl Postings {
    fn build(v: &Vectors) -> Postings {
        let mut offsets = vec![0u32; SPACE + 1];
        for (id, &df) in v.df.iter().enumerate() {
            offsets[id + 1] = offsets[id] + df;
        }
        let total = offsets[SPACE] as usize;
        let mut fill = offsets.clone();
        let mut rows = vec![0u32; total];
        let mut vals = vec![0f32; total];
        // Rows are visited in order, so every list is sorted by row.
        for r in 0..v.len() {
            let (ids, ws) = v.row(r);
            for (&id, &w) in ids.iter().zip(ws) {
                let at = fill[id as usize] as usize;
                rows[at] = r as u32;
                vals[at] = w;
                fill[id as usize] += 1;
            }
        }
        Postings { offsets, rows, vals }
    }

    fn list(&self, id: u32) -> (&[u32], &[f32]) {
        let (a, b) = (self.offsets[id as usize] as usize, self.offsets[id as usize + 1] as usize);
        (&self.rows[a..b], &self.vals[a..b])
    }
}

/// Per-thread scratch space of the search.
struct Scratch {
    acc: Vec<f32>,
    touched: Vec<u32>,
    order: Vec<(u32, f32, u32)>,
}

/// The `k` nearest neighbours of every row of `v` by cosine similarity.
///
/// `progress` is called with the number of rows done, from worker threads, every few
/// thousand rows.
pub(crate) fn knn(v: &Vectors, p: &KnnParams, progress: &(dyn Fn(u64) + Sync)) -> Neighbours {
    let n = v.len();
    let index = Postings::build(v);
    let done = std::sync::atomic::AtomicU64::new(0);
    // One scratch space per worker thread: `map_init` would allocate one per rayon job.
    thread_local! {
        static SCRATCH: std::cell::RefCell<Scratch> =
            const { std::cell::RefCell::new(Scratch { acc: Vec::new(), touched: Vec::new(), order: Vec::new() }) };
    }
    (0..n)
        .into_par_iter()
        .map(|r| {
            let out = SCRATCH.with(|cell| {
                let mut s = cell.borrow_mut();
                if s.acc.len() != n {
                    s.acc = vec![0.0; n];
                }
                neighbours_of(r, v, &index, p, &mut s)
            });
            let d = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            if d.is_multiple_of(4096) {
                progress(d);
            }
            out
        })
        .collect()
}

fn neighbours_of(r: usize, v: &Vectors, index: &Postings, p: &KnnParams, s: &mut Scratch) -> Vec<(u32, f32)> {
    let (ids, ws) = v.row(r);
    s.order.clear();
    s.order.extend(ids.iter().zip(ws).map(|(&id, &w)| (v.df[id as usize], w, id)));
    s.order.sort_unstable_by_key(|&(df, _, id)| (df, id));
    let mut read = 0usize;
    let mut cut = false;
    for (f, &(_, w, id)) in s.order.iter().enumerate() {
        let (rows, vals) = index.list(id);
        let take = rows.len().min(p.budget - read);
        cut |= take < rows.len();
        for (&q, &x) in rows[..take].iter().zip(&vals[..take]) {
            if q as usize == r {
                continue;
            }
            let a = &mut s.acc[q as usize];
            if *a == 0.0 {
                s.touched.push(q);
            }
            *a += w * x;
        }
        read += take;
        if read >= p.budget {
            // Features left unread also make the partial scores inexact.
            cut |= f + 1 < s.order.len();
            break;
        }
    }
    let mut scored: Vec<(u32, f32)> = s.touched.iter().map(|&q| (q, s.acc[q as usize])).collect();
    for &q in &s.touched {
        s.acc[q as usize] = 0.0;
    }
    s.touched.clear();
    let by_score = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    if cut {
        // Partial scores miss the common features: rescore the best candidates exactly.
        if scored.len() > p.candidates {
            scored.select_nth_unstable_by(p.candidates, by_score);
            scored.truncate(p.candidates);
        }
        for c in &mut scored {
            c.1 = v.dot(r, c.0 as usize);
        }
    }
    scored.retain(|&(_, x)| x >= p.min_similarity);
    if scored.len() > p.k {
        scored.select_nth_unstable_by(p.k, by_score);
        scored.truncate(p.k);
    }
    scored.sort_unstable_by(by_score);
    // `scored` had room for every candidate touched (up to the budget); the graph keeps
    // only the `k` best, so they move into a list of their own size.
    scored.shrink_to_fit();
    scored
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mine::features::{normalize, vectorize, Doc, FeatureParams};

    fn vectors(texts: &[&str]) -> Vectors {
        let docs: Vec<Doc> = texts
            .iter()
            .map(|t| Doc::new(t, "und", normalize(t).split(' ').map(String::from).collect()))
            .collect();
        vectorize(&docs, &FeatureParams::default())
    }

    #[test]
    fn search_is_exact_without_budget_and_rescored_with_one() {
        let texts = [
            "how do i reset my password",
            "reset my password please",
            "i forgot my password",
            "where is my parcel",
            "my parcel has not arrived",
            "when will my parcel arrive",
            "cancel my order",
            "how to cancel an order",
        ];
        let v = vectors(&texts);
        let exact = |r: usize| {
            let mut all: Vec<(u32, f32)> = (0..texts.len())
                .filter(|&q| q != r)
                .map(|q| (q as u32, v.dot(r, q)))
                .filter(|x| x.1 > 0.0)
                .collect();
            all.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            all.truncate(3);
            all
        };
        let unlimited = KnnParams { k: 3, budget: usize::MAX / 2, candidates: 8, min_similarity: 0.0 };
        let got = knn(&v, &unlimited, &|_| {});
        for r in 0..texts.len() {
            let ids = |l: &[(u32, f32)]| l.iter().map(|x| x.0).collect::<Vec<_>>();
            assert_eq!(ids(&got[r]), ids(&exact(r)), "neighbours of {:?} without a budget", texts[r]);
        }
        // With a tiny budget the lists are shorter or different, but every similarity is exact.
        let tiny = KnnParams { budget: 8, ..unlimited };
        for (r, list) in knn(&v, &tiny, &|_| {}).iter().enumerate() {
            for &(q, s) in list {
                assert!(
                    (s - v.dot(r, q as usize)).abs() < 1e-6,
                    "similarity of {r} and {q} must be rescored"
                );
            }
        }
    }
}
