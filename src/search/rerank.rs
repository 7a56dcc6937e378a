//! The second stage: the first hits reordered by what tantivy's BM25 cannot see.
//!
//! tantivy scores every field with BM25 at k1 = 1.2, b = 0.75 and without word order. The
//! first [`CANDIDATES`] hits of a complete query get, in their question and answer, two more
//! signals, added to their score (times their popularity prior, as the first stage's score):
//!
//! - **BM25 without length normalization** (b = 0): a long answer that holds the query's
//!   words is not worth less than a short one that holds them as often;
//! - **bigrams**: the query's neighbouring words found next to each other (one word of
//!   slack, either order), each pair worth the mean idf of its two words.
//!
//! Measured with `scripts/rerank-study.py` (a study of twelve such signals): these two
//! together lift xquad-r-en's MRR@10 by 0.008 ± 0.002 and keep covidfaq's. Only the first
//! [`CANDIDATES`] hits are reordered, so that the first `k` hits of a request for `k` are
//! always the first `k` of a request for more.
//!
//! Cost: the words of each candidate's question and answer are scanned once; only those
//! whose first two letters are a query word's are analyzed (as highlighting does).

use std::collections::{BTreeMap, BTreeSet};

use tantivy::{Searcher, Term};

use super::schema::{Fields, Part, GROUPS};
use super::snippet::{key, may_match_key};
use super::words::{words_of, Word, WordCache};
use crate::analyze::Analyzer;

/// How many of the first hits the second stage reorders.
pub(crate) const CANDIDATES: usize = 10;

/// Weight of the two signals relative to the first stage's score.
const WEIGHT: f32 = 0.25;
/// BM25's term-frequency saturation.
const K1: f32 = 1.2;
/// Weights of the question and the answer (as the first stage's).
const PARTS: [(Part, f32); 2] = [(Part::Question, 2.0), (Part::Answer, 1.0)];

/// The query's words of one language group, with what the second stage needs of them.
pub(crate) struct QueryWords {
    /// Distinct folded terms, each with its idf in the question and in the answer fields.
    idf: BTreeMap<String, [f32; 2]>,
    /// Neighbouring query terms and how many positions apart they are in the query.
    pairs: Vec<(String, String, usize)>,
    /// The first two letters of each term (see [`key`]): words that start otherwise are
    /// not analyzed.
    keys: BTreeSet<[char; 2]>,
}

impl QueryWords {
    /// The words `words` (folded term, position) of group `group`, with their idf.
    pub(crate) fn new(searcher: &Searcher, fields: &Fields, group: usize, words: &[(String, usize)]) -> Self {
        let gf = fields.groups[group];
        let n = searcher.doc_freq(&Term::from_field_text(fields.group, GROUPS[group].0)).unwrap_or(0).max(1);
        let mut idf = BTreeMap::new();
        for (term, _) in words {
            idf.entry(term.clone()).or_insert_with(|| {
                PARTS.map(|(part, _)| {
                    let df =
                        searcher.doc_freq(&Term::from_field_text(gf.part(part).folded, term)).unwrap_or(0);
                    bm25_idf(df.min(n), n)
                })
            });
        }
        let pairs = words
            .windows(2)
            .filter(|w| w[0].0 != w[1].0)
            .map(|w| (w[0].0.clone(), w[1].0.clone(), w[1].1.saturating_sub(w[0].1).max(1)))
            .collect();
        let keys = idf.keys().filter_map(|t| key(t)).collect();
        QueryWords { idf, pairs, keys }
    }

    /// The second stage's addition to the score of an entry with `question` and `answer`,
    /// texts in analyzer language `lang`.
    pub(crate) fn bonus(
        &self,
        analyzer: &Analyzer,
        cache: Option<&WordCache>,
        lang: &str,
        question: &str,
        answer: &str,
    ) -> f32 {
        if self.idf.is_empty() {
            return 0.0;
        }
        let mut total = 0.0;
        for (slot, ((_, weight), text)) in PARTS.iter().zip([question, answer]).enumerate() {
            let positions = self.positions(analyzer, lang, text, &words_of(cache, lang, text));
            if positions.is_empty() {
                continue;
            }
            let bm25: f32 = positions
                .iter()
                .map(|(term, at)| {
                    let tf = at.len() as f32;
                    self.idf[*term][slot] * tf * (K1 + 1.0) / (tf + K1)
                })
                .sum();
            let bigrams: f32 = self
                .pairs
                .iter()
                .filter(|(a, b, gap)| match (positions.get(a.as_str()), positions.get(b.as_str())) {
                    (Some(pa), Some(pb)) => {
                        pa.iter().any(|&x| pb.iter().any(|&y| x != y && x.abs_diff(y) <= gap + 1))
                    }
                    _ => false,
                })
                .map(|(a, b, _)| (self.idf[a][slot] + self.idf[b][slot]) / 2.0)
                .sum();
            total += weight * (bm25 + bigrams);
        }
        WEIGHT * total
    }

    /// The share of the query's terms, each weighed by its idf, that the entry's `question`
    /// or `answer` holds (texts in analyzer language `lang`): 1 when it holds them all, 0
    /// when it holds none or the query has no term.
    pub(crate) fn coverage(
        &self,
        analyzer: &Analyzer,
        cache: Option<&WordCache>,
        lang: &str,
        question: &str,
        answer: &str,
    ) -> f32 {
        let weight = |idf: &[f32; 2]| idf[0].max(idf[1]).max(0.0);
        let total: f32 = self.idf.values().map(weight).sum();
        if total <= 0.0 {
            return 0.0;
        }
        let mut found: BTreeSet<&str> = BTreeSet::new();
        for text in [question, answer] {
            found.extend(self.positions(analyzer, lang, text, &words_of(cache, lang, text)).into_keys());
        }
        found.iter().map(|t| weight(&self.idf[*t])).sum::<f32>() / total
    }

    /// Where the query's terms occur in `text`, by word position.
    fn positions<'a>(
        &'a self,
        analyzer: &Analyzer,
        lang: &str,
        text: &str,
        words: &[Word],
    ) -> BTreeMap<&'a str, Vec<usize>> {
        let mut out: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (position, word) in words.iter().enumerate().filter(|(_, w)| may_match_key(w.key, &self.keys)) {
            for t in word.tokens(analyzer, lang, text) {
                if let Some((term, _)) = self.idf.get_key_value(t.folded.as_str()) {
                    out.entry(term.as_str()).or_default().push(position);
                }
            }
        }
        out
    }
}

fn bm25_idf(df: u64, n: u64) -> f32 {
    let (df, n) = (df as f32, n as f32);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Query words (term, position in the query) with idf 1 in both parts.
    fn words(terms: &[(&str, usize)]) -> QueryWords {
        let terms: Vec<(String, usize)> = terms.iter().map(|(t, p)| (t.to_string(), *p)).collect();
        QueryWords {
            idf: terms.iter().map(|(t, _)| (t.clone(), [1.0, 1.0])).collect(),
            pairs: terms.windows(2).map(|w| (w[0].0.clone(), w[1].0.clone(), w[1].1 - w[0].1)).collect(),
            keys: terms.iter().filter_map(|(t, _)| key(t)).collect(),
        }
    }

    #[test]
    fn the_bonus_rewards_matches_order_and_repetition() {
        let analyzer = Analyzer::new();
        // "Who is the chair of the IPCC?": chair at 3, ipcc at 6.
        let q = words(&[("chair", 3), ("ipcc", 6)]);
        let bonus = |question: &str, answer: &str| {
            q.bonus(&analyzer, Some(&WordCache::default()), "en", question, answer)
        };
        // (better, worse, why)
        let table = [
            (
                ("Hoesung Lee is the chair of the IPCC", ""),
                ("The IPCC met in Geneva and elected a new chair", ""),
                "adjacent (one word of slack) beats apart",
            ),
            (("The IPCC chair", ""), ("The chair of a big committee of the IPCC", ""), "either order counts"),
            (
                ("The chair of the IPCC", ""),
                ("", "The chair of the IPCC"),
                "the question weighs more than the answer",
            ),
            (
                ("The IPCC and the IPCC chair", ""),
                ("The IPCC chair", ""),
                "a repeated word adds (saturating)",
            ),
            (("Chairs of the IPCC", ""), ("Tables of the IPCC", ""), "words are matched by their stems"),
        ];
        for ((bq, ba), (wq, wa), why) in table {
            let (b, w) = (bonus(bq, ba), bonus(wq, wa));
            assert!(b > w, "{why}: {bq:?}/{ba:?} got {b}, {wq:?}/{wa:?} got {w}");
        }
        assert_eq!(bonus("Nothing in common", "at all"), 0.0, "no query word, no bonus");
        assert_eq!(
            words(&[]).bonus(&analyzer, Some(&WordCache::default()), "en", "chair", "ipcc"),
            0.0,
            "an empty query adds nothing"
        );
    }

    #[test]
    fn saturation_bounds_a_repeated_word() {
        let analyzer = Analyzer::new();
        let q = words(&[("refund", 0)]);
        let once = q.bonus(&analyzer, Some(&WordCache::default()), "en", "refund", "");
        let many = q.bonus(&analyzer, Some(&WordCache::default()), "en", &"refund ".repeat(50), "");
        assert!(
            many < once * (K1 + 1.0) + 1e-4,
            "tf saturates below (k1 + 1) times one match: {once} vs {many}"
        );
    }
}
