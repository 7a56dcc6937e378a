//! Whether a hit answers the query at all: a confidence calibrated on labelled queries.
//!
//! With the sentence model, ranking always finds a first hit, even for a query the FAQ has
//! no answer for ("reset password" on a help center without a password entry: every entry
//! is near it in some way). Each hit of a complete query searched with the model gets a
//! confidence from two pieces of evidence:
//!
//! - its **cosine** to the query;
//! - its **margin**: that cosine minus the query's *background*, the median cosine of the
//!   query to every entry. This model's cosines are high for any pair of texts (0.8 for
//!   unrelated ones), and how high depends on the query; what stands out from the query's
//!   own background does not;
//! - its **gap**: that cosine minus the best of any other entry (a query near two entries
//!   alike is less surely answered by either);
//! - its **coverage**: the share of the query's terms, weighed by idf, that the entry's
//!   question or answer holds.
//!
//! The confidence is a logistic function of the four, fitted on labelled queries (see
//! [`ANSWER_CONFIDENCE`] for how); a hit below [`ANSWER_CONFIDENCE`] does not answer, and
//! search leaves it out unless asked to keep it.
//!
//! Without the model (or for a query still being typed) a hit is an entry that shares a
//! word with the query, and it is not judged: its confidence is `None`.

use super::Hit;

/// The confidence below which a hit does not answer its query.
///
/// Fitted by `scripts/search-calibrate.py` on the `clinc150-calibration` set of
/// `scripts/search-sets.py`: clinc150-train alone, 100 of its intents the FAQ, 20 more
/// examples of each as in-scope queries and examples of the other 50 intents as
/// out-of-scope ones. The logistic function is fitted to tell "the first hit is right" from
/// "out of scope", and the threshold is the highest at which at most 1% of the in-scope
/// queries whose first hit is right lose it. clinc150-test (its own 1,000 out-of-scope
/// queries) judges it; docs/quality.md gives the figures.
pub const ANSWER_CONFIDENCE: f32 = 0.5;

/// `true` when the first of `hits` answers the query: the result of a search that has an
/// answer.
pub fn answered(hits: &[Hit]) -> bool {
    hits.first().is_some_and(Hit::answers)
}

/// What a hit's [`confidence`](Hit::confidence) is computed from.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Evidence {
    /// The hit's cosine to the query (the highest of its vectors').
    pub cosine: f32,
    /// [`cosine`](Self::cosine) above the query's background (the median cosine of the
    /// query to every entry).
    pub margin: f32,
    /// [`cosine`](Self::cosine) above the best cosine of any other entry (negative for a
    /// hit that is not the nearest).
    pub gap: f32,
    /// The idf-weighted share of the query's terms the hit holds.
    pub coverage: f32,
}

/// The fitted model: a bias, then the weights of cosine, margin, gap and coverage
/// (`scripts/search-calibrate.py` on clinc150-calibration, see [`ANSWER_CONFIDENCE`]: of
/// its queries, 99.1% of those whose first hit is right keep it, and 19.8% of the
/// out-of-scope ones get no answer).
const FITTED: [f32; 5] = [-10.543, 10.233, 28.564, 30.120, 2.111];

impl Evidence {
    /// The calibrated confidence, from 0 to 1.
    pub fn confidence(&self) -> f32 {
        let [bias, cosine, margin, gap, coverage] = FITTED;
        let z =
            bias + cosine * self.cosine + margin * self.margin + gap * self.gap + coverage * self.coverage;
        1.0 / (1.0 + (-z).exp())
    }
}

/// What the cosines of one query to every entry say about any of them: the background
/// (median) and the two highest.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cosines {
    background: f32,
    best: f32,
    second: f32,
}

impl Cosines {
    /// The summary of `cosines` (non-finite ones ignored).
    pub(crate) fn of(cosines: impl Iterator<Item = f32>) -> Cosines {
        let mut all: Vec<f32> = cosines.filter(|c| c.is_finite()).collect();
        if all.is_empty() {
            return Cosines { background: 0.0, best: 0.0, second: 0.0 };
        }
        let mid = all.len() / 2;
        let background = *all.select_nth_unstable_by(mid, f32::total_cmp).1;
        let (best, second) = all.iter().fold((f32::NEG_INFINITY, f32::NEG_INFINITY), |(b, s), &c| {
            if c > b {
                (c, b)
            } else {
                (b, s.max(c))
            }
        });
        let second = if second.is_finite() { second } else { background };
        Cosines { background, best, second }
    }

    /// The evidence of a hit whose cosine is `cosine` and whose words cover `coverage` of
    /// the query's.
    pub(crate) fn evidence(&self, cosine: f32, coverage: f32) -> Evidence {
        let other = if cosine >= self.best { self.second } else { self.best };
        Evidence { cosine, margin: cosine - self.background, gap: cosine - other, coverage }
    }
}
