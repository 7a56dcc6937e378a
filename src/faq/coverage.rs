//! Coverage by the help center's existing FAQ (`--existing`): which mined questions it
//! already answers, and which are content gaps.

use super::build::Corpus;
use super::entry::{Coverage, FaqEntry};
use super::vector::{cosine, SVec};
use super::ExistingFaq;

/// An existing entry this close (TF-IDF cosine) to a mined entry answers it. The mined
/// entry is seen as the centroid of its messages and as its canonical question; the existing
/// one as its question, and as its question with its answer (at half weight).
const COVERED: f32 = 0.5;

/// Marks the live `entries` (with their member `centroids`) that `existing` answers, with
/// the existing id in `covered_by`. Without an existing FAQ, nothing changes.
pub(crate) fn mark_covered(corpus: &Corpus<'_>, entries: &mut [(FaqEntry, SVec)], existing: &[ExistingFaq]) {
    if existing.is_empty() {
        return;
    }
    let mut known: Vec<(&str, SVec, SVec)> = existing
        .iter()
        .map(|e| {
            let q = corpus.vector_of(&e.question).0;
            let mut c = super::vector::Centroid::default();
            c.add(&q, 1.0);
            if let Some(a) = &e.answer {
                c.add(&corpus.vector_of(a).0, 0.5);
            }
            (e.id.as_str(), q, c.finish())
        })
        .collect();
    known.sort_by(|a, b| a.0.cmp(b.0));
    for (entry, centroid) in entries.iter_mut() {
        // Single variants are not compared: a short one ("What is COVID?") matches too much.
        let question = corpus.vector_of(&entry.question).0;
        let best = known
            .iter()
            .map(|(id, q, qa)| (*id, cosine(centroid, q).max(cosine(&question, q)).max(cosine(centroid, qa))))
            .filter(|&(_, s)| s >= COVERED)
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(a.0)));
        entry.covered_by = best.map(|(id, _)| id.to_string());
    }
}

/// The coverage summary of `entries` (in their final order) against an existing FAQ of
/// `existing_entries` entries.
pub(crate) fn summary(entries: &[FaqEntry], existing_entries: usize) -> Coverage {
    let live = entries.iter().filter(|e| e.status.is_live());
    let (covered, gaps): (Vec<&FaqEntry>, Vec<&FaqEntry>) = live.partition(|e| e.covered_by.is_some());
    let mut gaps: Vec<&FaqEntry> = gaps;
    gaps.sort_by(|a, b| b.message_count.cmp(&a.message_count).then(a.id.cmp(&b.id)));
    Coverage {
        existing_entries: existing_entries as u32,
        covered: covered.len() as u32,
        gaps: gaps.into_iter().map(|e| e.id.clone()).collect(),
    }
}
