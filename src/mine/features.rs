//! Features: what a question unit looks like to the miner.
//!
//! Each distinct text becomes one sparse, L2-normalized vector with two blocks:
//! - **words**: the analyzer's index terms, accent-folded, and pairs of consecutive terms;
//!   then the text's *function words* (the stopwords the analyzer leaves out) in order, with
//!   their pairs. Function words alone say little, but their sequence is the frame of the
//!   request ("can i get a … for …" against "how do i … my …"): without it, two texts
//!   that ask the same thing about two different objects ("a quote for pet insurance", "a
//!   quote for condo insurance") share too little to stay together;
//! - **character n-grams** (3 to 5 characters, inside word boundaries) of the lowercased,
//!   accent-folded text, which survive typos, missing diacritics and inflections that the
//!   word block misses, and need no stemmer or segmenter for the language.
//!
//! Weights are sublinear term frequency times smoothed inverse document frequency, counted
//! over the distinct texts. Features are hashed into a fixed space of 2^23 ids, so memory
//! does not grow with the vocabulary; the rare collisions only blur two rare features.
//!
//! Features that occur in one text only cannot make two texts similar; they are dropped
//! before normalization, as a `min_df = 2` vectorizer does.

use std::sync::atomic::{AtomicU32, Ordering};

use rayon::prelude::*;

use crate::analyze::fold;

/// log2 of the size of the hashed feature space.
const SPACE_BITS: u32 = 23;
/// Number of feature ids.
pub(crate) const SPACE: usize = 1 << SPACE_BITS;

/// Salts that keep the blocks apart in the hashed space.
const WORD_SALT: u64 = 0x9e37_79b9_7f4a_7c15;
const PAIR_SALT: u64 = 0xc2b2_ae3d_27d4_eb4f;
const CHAR_SALT: u64 = 0x1656_67b1_9e37_79f9;
const COOC_SALT: u64 = 0x27d4_eb2f_1656_67c5;

/// How the vectors are built.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct FeatureParams {
    /// Shortest character n-gram.
    pub ngram_min: usize,
    /// Longest character n-gram.
    pub ngram_max: usize,
    /// Share of the squared norm given to the word block (the rest goes to n-grams).
    pub word_share: f32,
    /// Keep at most this many features per text (the heaviest); 0 keeps all.
    pub max_features: usize,
    /// Also count unordered pairs of index terms at most this many terms apart (0: none).
    pub cooccurrence_window: usize,
}

impl Default for FeatureParams {
    fn default() -> Self {
        FeatureParams { ngram_min: 3, ngram_max: 5, word_share: 0.5, max_features: 0, cooccurrence_window: 0 }
    }
}

/// The co-occurrence window of [`Granularity::Fine`](super::Granularity::Fine): a question's
/// facets ("declined", "transfer") are rarely more than six terms apart.
pub(crate) const FINE_COOCCURRENCE_WINDOW: usize = 6;

/// The sparse vectors of all distinct texts, row by row (compressed sparse rows).
#[derive(Debug, Clone, Default)]
pub(crate) struct Vectors {
    /// Row `r` is `ids[offsets[r]..offsets[r + 1]]`, sorted by id.
    pub offsets: Vec<usize>,
    /// Feature ids.
    pub ids: Vec<u32>,
    /// Weights, parallel to `ids`; each row has unit norm (or is empty).
    pub vals: Vec<f32>,
    /// In how many rows each feature id occurs.
    pub df: Vec<u32>,
}

impl Vectors {
    /// Number of rows.
    pub fn len(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// Row `r` as (ids, weights).
    pub fn row(&self, r: usize) -> (&[u32], &[f32]) {
        let (a, b) = (self.offsets[r], self.offsets[r + 1]);
        (&self.ids[a..b], &self.vals[a..b])
    }

    /// The normalized mean of `rows` (rows may repeat: they weigh as often as they occur).
    pub fn centroid(&self, rows: impl Iterator<Item = usize>) -> std::collections::BTreeMap<u32, f32> {
        let mut sum: std::collections::BTreeMap<u32, f32> = Default::default();
        for r in rows {
            let (ids, ws) = self.row(r);
            for (&id, &w) in ids.iter().zip(ws) {
                *sum.entry(id).or_default() += w;
            }
        }
        let norm = sum.values().map(|x| x * x).sum::<f32>().sqrt();
        if norm > 0.0 {
            sum.values_mut().for_each(|x| *x /= norm);
        }
        sum
    }

    /// Cosine similarity of rows `a` and `b` (both are unit vectors).
    pub fn dot(&self, a: usize, b: usize) -> f32 {
        let (ia, va) = self.row(a);
        let (ib, vb) = self.row(b);
        sparse_dot(ia, va, ib, vb)
    }
}

/// Dot product of two sparse vectors sorted by id.
pub(crate) fn sparse_dot(ia: &[u32], va: &[f32], ib: &[u32], vb: &[f32]) -> f32 {
    let (mut x, mut y, mut s) = (0, 0, 0.0f32);
    while x < ia.len() && y < ib.len() {
        match ia[x].cmp(&ib[y]) {
            std::cmp::Ordering::Less => x += 1,
            std::cmp::Ordering::Greater => y += 1,
            std::cmp::Ordering::Equal => {
                s += va[x] * vb[y];
                x += 1;
                y += 1;
            }
        }
    }
    s
}

/// The text the character n-grams are taken from: lowercased, accents and đ folded, every
/// run of characters that are neither letters nor digits turned into one space.
pub(crate) fn normalize(text: &str) -> String {
    let folded = fold(&text.to_lowercase());
    let mut out = String::with_capacity(folded.len());
    let mut space = true;
    for c in folded.chars() {
        if c.is_alphanumeric() {
            out.push(c);
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// A fast, seeded, platform-independent 64-bit hash (FNV-1a folded with a final mix).
pub(crate) fn hash(bytes: &[u8], salt: u64) -> u64 {
    hash_pieces(&[bytes], salt)
}

/// [`hash`] of the concatenation of `pieces`, without building it.
fn hash_pieces(pieces: &[&[u8]], salt: u64) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ salt;
    for &b in pieces.iter().flat_map(|p| p.iter()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    // SplitMix64 finalizer: spreads the low bits FNV leaves weak.
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

fn feature_id(bytes: &[u8], salt: u64) -> u32 {
    (hash(bytes, salt) >> (64 - SPACE_BITS)) as u32
}

/// The feature id of the pair "`a` `b`" (the two words joined by a space).
fn pair_id(a: &str, b: &str, salt: u64) -> u32 {
    (hash_pieces(&[a.as_bytes(), b" ", b.as_bytes()], salt) >> (64 - SPACE_BITS)) as u32
}

/// One distinct text as the vectorizer sees it.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Doc {
    /// The normalized text (see [`normalize`]), source of the character n-grams.
    pub normalized: String,
    /// The analyzer's index terms.
    pub terms: Vec<String>,
    /// The function words of the text, in order (see [`function_words`]).
    pub function_words: Vec<String>,
}

impl Doc {
    /// A document of `text` in `language` with the analyzer's `terms`.
    #[cfg(test)]
    pub fn new(text: &str, language: &str, terms: Vec<String>) -> Doc {
        Doc { normalized: normalize(text), terms, function_words: function_words(text, language) }
    }
}

/// The stopwords of `language` in `text`, lowercased, in order: the frame of a request,
/// which the analyzer's terms leave out. Empty for a language without a stopword list.
pub(crate) fn function_words(text: &str, language: &str) -> Vec<String> {
    let Some(spec) = crate::analyze::language(language) else { return Vec::new() };
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| spec.lexicon.get(w).stop)
        .collect()
}

/// A sparse vector: (feature id, weight) sorted by id.
type Sparse = Vec<(u32, f32)>;

/// Pushes the ids of `words` (accent-folded) and of their consecutive pairs.
fn push_words(words: &[String], out: &mut Vec<u32>) {
    let folded: Vec<String> = words.iter().map(|t| fold(t)).collect();
    for t in &folded {
        out.push(feature_id(t.as_bytes(), WORD_SALT));
    }
    for w in folded.windows(2) {
        out.push(pair_id(&w[0], &w[1], PAIR_SALT));
    }
}

/// Pushes the ids of the unordered pairs of distinct `terms` (accent-folded) at most
/// `window` terms apart: "transfer … declined" and "declined … transfer" give one feature.
fn push_cooccurrences(terms: &[String], window: usize, out: &mut Vec<u32>) {
    if window == 0 {
        return;
    }
    let folded: Vec<String> = terms.iter().map(|t| fold(t)).collect();
    for (i, a) in folded.iter().enumerate() {
        for b in folded.iter().skip(i + 1).take(window).filter(|&b| b != a) {
            let (x, y) = if a < b { (a, b) } else { (b, a) };
            out.push(pair_id(x, y, COOC_SALT));
        }
    }
}

/// Raw term counts of one text, per block (words, character n-grams).
fn raw_counts(doc: &Doc, p: &FeatureParams) -> (Sparse, Sparse) {
    let (normalized, terms) = (doc.normalized.as_str(), &doc.terms);
    let mut words: Vec<u32> = Vec::with_capacity((terms.len() + doc.function_words.len()) * 2);
    push_words(terms, &mut words);
    push_words(&doc.function_words, &mut words);
    push_cooccurrences(terms, p.cooccurrence_window, &mut words);
    let mut chars: Vec<u32> = Vec::with_capacity(normalized.len() * 3);
    let mut buf: Vec<char> = Vec::new();
    let mut s = String::new();
    for word in normalized.split(' ').filter(|w| !w.is_empty()) {
        buf.clear();
        buf.push(' ');
        buf.extend(word.chars());
        buf.push(' ');
        if buf.len() <= p.ngram_min {
            s.clear();
            s.extend(buf.iter());
            chars.push(feature_id(s.as_bytes(), CHAR_SALT));
            continue;
        }
        for n in p.ngram_min..=p.ngram_max {
            if n > buf.len() {
                break;
            }
            for g in buf.windows(n) {
                s.clear();
                s.extend(g.iter());
                chars.push(feature_id(s.as_bytes(), CHAR_SALT));
            }
        }
    }
    (count(words), count(chars))
}

fn count(mut ids: Vec<u32>) -> Vec<(u32, f32)> {
    ids.sort_unstable();
    // Exact capacity: these vectors live until every text is counted.
    let distinct = ids.windows(2).filter(|w| w[0] != w[1]).count() + usize::from(!ids.is_empty());
    let mut out: Vec<(u32, f32)> = Vec::with_capacity(distinct);
    for id in ids {
        match out.last_mut() {
            Some((last, c)) if *last == id => *c += 1.0,
            _ => out.push((id, 1.0)),
        }
    }
    out
}

/// Builds the vectors of `docs`.
pub(crate) fn vectorize(docs: &[Doc], p: &FeatureParams) -> Vectors {
    let raw: Vec<(Sparse, Sparse)> = docs.par_iter().map(|d| raw_counts(d, p)).collect();

    // Document frequencies. Additions commute, so the counts do not depend on scheduling.
    let df: Vec<AtomicU32> = (0..SPACE).map(|_| AtomicU32::new(0)).collect();
    raw.par_iter().for_each(|(w, c)| {
        for &(id, _) in w.iter().chain(c) {
            df[id as usize].fetch_add(1, Ordering::Relaxed);
        }
    });
    let df: Vec<u32> = df.into_iter().map(AtomicU32::into_inner).collect();
    let n = docs.len() as f32;
    let idf = |id: u32| ((1.0 + n) / (1.0 + df[id as usize] as f32)).ln() + 1.0;

    let word_scale = p.word_share.sqrt();
    let char_scale = (1.0 - p.word_share).sqrt();
    let rows: Vec<Vec<(u32, f32)>> = raw
        .into_par_iter()
        .map(|(w, c)| {
            let weigh = |block: Vec<(u32, f32)>, scale: f32| -> Vec<(u32, f32)> {
                let mut v: Vec<(u32, f32)> = block
                    .into_iter()
                    .filter(|&(id, _)| df[id as usize] >= 2)
                    .map(|(id, tf)| (id, (1.0 + tf.ln()) * idf(id)))
                    .collect();
                let norm = v.iter().map(|&(_, x)| x * x).sum::<f32>().sqrt();
                if norm > 0.0 {
                    for (_, x) in &mut v {
                        *x *= scale / norm;
                    }
                }
                v
            };
            let (w, c) = (weigh(w, word_scale), weigh(c, char_scale));
            // When one block is empty, the other takes the whole norm.
            let mut row = add_sparse(&w, &c);
            let norm = row.iter().map(|&(_, x)| x * x).sum::<f32>().sqrt();
            if norm > 0.0 {
                for (_, x) in &mut row {
                    *x /= norm;
                }
            }
            if p.max_features > 0 && row.len() > p.max_features {
                row.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                row.truncate(p.max_features);
                row.sort_unstable_by_key(|&(id, _)| id);
                row.shrink_to_fit();
                let norm = row.iter().map(|&(_, x)| x * x).sum::<f32>().sqrt();
                for (_, x) in &mut row {
                    *x /= norm;
                }
            }
            row
        })
        .collect();

    let mut out = Vectors { offsets: Vec::with_capacity(rows.len() + 1), ..Default::default() };
    let total: usize = rows.iter().map(Vec::len).sum();
    out.ids.reserve_exact(total);
    out.vals.reserve_exact(total);
    out.offsets.push(0);
    for row in rows {
        for (id, x) in row {
            out.ids.push(id);
            out.vals.push(x);
        }
        out.offsets.push(out.ids.len());
    }
    // Frequencies of the features kept, for the neighbour search's rarest-first order.
    let mut kept = vec![0u32; SPACE];
    for &id in &out.ids {
        kept[id as usize] += 1;
    }
    out.df = kept;
    out
}

/// The sum of two sparse vectors sorted by id (ids can collide across blocks: weights
/// add); the result is sorted by id too.
pub(crate) fn add_sparse(a: &[(u32, f32)], b: &[(u32, f32)]) -> Vec<(u32, f32)> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut x, mut y) = (0, 0);
    while x < a.len() || y < b.len() {
        if y == b.len() || (x < a.len() && a[x].0 < b[y].0) {
            out.push(a[x]);
            x += 1;
        } else if x == a.len() || b[y].0 < a[x].0 {
            out.push(b[y]);
            y += 1;
        } else {
            out.push((a[x].0, a[x].1 + b[y].1));
            x += 1;
            y += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cooccurring_terms_match_in_any_order_within_the_window() {
        let ids = |terms: &[&str], window: usize| {
            let terms: Vec<String> = terms.iter().map(|t| t.to_string()).collect();
            let mut out = Vec::new();
            push_cooccurrences(&terms, window, &mut out);
            out.sort_unstable();
            out
        };
        assert_eq!(ids(&["transfer", "declin"], 6), ids(&["declin", "transfer"], 6), "pairs are unordered");
        assert_eq!(
            ids(&["transfer", "declin"], 6),
            ids(&["transfér", "declin"], 6),
            "pairs are accent-folded"
        );
        assert_ne!(ids(&["card", "declin"], 6), ids(&["transfer", "declin"], 6));
        assert_eq!(ids(&["a", "b", "c", "d"], 6).len(), 6, "every pair within the window");
        assert_eq!(ids(&["a", "b", "c", "d"], 1).len(), 3, "only neighbours at window 1");
        assert!(ids(&["a", "b"], 0).is_empty(), "window 0 adds nothing");
        assert!(ids(&["card", "card"], 6).is_empty(), "a term does not pair with itself");
    }

    #[test]
    fn normalization_folds_case_accents_and_punctuation() {
        for (input, want) in [
            ("Làm sao ĐỔI mật khẩu???", "lam sao doi mat khau"),
            ("  Where's my card?! ", "where s my card"),
            ("Erreur E-404 à l'ouverture", "erreur e 404 a l ouverture"),
            ("", ""),
            ("?!", ""),
        ] {
            assert_eq!(normalize(input), want, "normalize({input:?})");
        }
    }

    #[test]
    fn typos_and_missing_accents_stay_similar() {
        let docs: Vec<Doc> = [
            "làm sao đổi mật khẩu",
            "lam sao doi mat khau",
            "làm sao đổi mât khẩu",
            "cách hủy đơn hàng",
            "hủy đơn hàng thế nào",
        ]
        .iter()
        .map(|t| Doc::new(t, "und", t.split(' ').map(String::from).collect()))
        .collect();
        let v = vectorize(&docs, &FeatureParams::default());
        assert!(v.dot(0, 1) > 0.9, "folded duplicates must be near 1, got {}", v.dot(0, 1));
        assert!(v.dot(0, 2) > v.dot(0, 3), "a typo must stay closer than another question");
        assert!(v.dot(3, 4) > v.dot(0, 3), "the same question reworded must be closer than another one");
    }

    #[test]
    fn rows_are_unit_vectors_or_empty() {
        let docs: Vec<Doc> =
            ["a b c", "a b d", "zzz", ""].iter().map(|t| Doc::new(t, "en", vec![t.to_string()])).collect();
        let v = vectorize(&docs, &FeatureParams::default());
        for r in 0..v.len() {
            let n = v.dot(r, r);
            assert!(n == 0.0 || (n - 1.0).abs() < 1e-4, "row {r} has squared norm {n}");
        }
    }
}
