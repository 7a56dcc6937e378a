//! Evaluation: clustering and retrieval scores from labelled data.
//!
//! This is how the project measures itself. Two families of scores:
//!
//! - **Clustering** ([`score_clustering`]): gold [`LabelRecord`]s (one intent label per
//!   customer message) against a run's [`AssignmentRecord`]s (`assignments.jsonl`: the FAQ
//!   each message was put in, or none). Reported: NMI (arithmetic-mean normalization, as
//!   scikit-learn's default), ARI, homogeneity, completeness, FAQ purity, coverage and the
//!   number of FAQs next to the number of true labels. A labelled message that the run left
//!   out of every FAQ (or did not look at) counts as a cluster of its own, so leaving
//!   everything out is never rewarded by the partition scores.
//! - **Retrieval** ([`score_retrieval`]): [`QueryRecord`]s (a query and the FAQ ids that
//!   answer it) against [`ResultRecord`]s (the ranked hits of a search): recall@1,
//!   recall@5 and MRR@10.
//! - **Deflection** ([`score_deflection`]): how often search over a mined FAQ would have
//!   answered a new customer's question. The mined FAQs get the majority gold label of the
//!   messages put in them (from the training set's [`LabelRecord`]s and the run's
//!   [`AssignmentRecord`]s); a held-out [`LabelledQuery`] counts as deflected at `k` when one
//!   of its first `k` hits is an FAQ more than half of whose messages carry the query's label.
//!
//! The scores are pure functions of their inputs, unit-tested against values computed by
//! hand; [`read_jsonl`] reads the files they come from.
//!
//! # Example
//!
//! ```
//! use faqmine::eval::{score_clustering, AssignmentRecord, LabelRecord};
//!
//! let labels = vec![
//!     LabelRecord::new("c1", 0, "refund"),
//!     LabelRecord::new("c2", 0, "refund"),
//!     LabelRecord::new("c3", 0, "login"),
//! ];
//! let assignments = vec![
//!     AssignmentRecord::new("c1", 0, Some("faq-a")),
//!     AssignmentRecord::new("c2", 0, Some("faq-a")),
//!     AssignmentRecord::new("c3", 0, None),
//! ];
//! let s = score_clustering(&labels, &assignments, &[]);
//! assert_eq!(s.nmi, 1.0);
//! assert_eq!(s.purity, Some(1.0));
//! assert!((s.coverage - 2.0 / 3.0).abs() < 1e-12);
//! ```

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::BufRead;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// The MultiDoGO dialogue-act labels of customer turns that ask nothing: greetings, thanks,
/// confirmations, rejections, bare content (names, numbers) and out-of-domain chatter. The
/// shared MultiDoGO sets and the demo corpus use them; scores leave them out
/// (`--ignore-labels`) and report how many were put into an FAQ.
pub const NON_QUESTION_LABELS: &[&str] = &[
    "contentonly",
    "openinggreeting",
    "closinggreeting",
    "thankyou",
    "confirmation",
    "rejection",
    "outofdomain",
];

/// A gold label of one customer message: a line of `labels.jsonl`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelRecord {
    /// The conversation's id.
    pub conversation_id: String,
    /// 0-based position of the message in its conversation (every role counts).
    pub message_index: usize,
    /// The true intent (or a non-question label such as `thankyou`).
    pub label: String,
}

impl LabelRecord {
    /// A label record.
    pub fn new(conversation_id: impl Into<String>, message_index: usize, label: impl Into<String>) -> Self {
        LabelRecord { conversation_id: conversation_id.into(), message_index, label: label.into() }
    }
}

/// Where a run put one message: the fields of an `assignments.jsonl` line that scoring
/// needs (other fields, such as `question`, are ignored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignmentRecord {
    /// The conversation's id.
    pub conversation_id: String,
    /// 0-based position of the message in its conversation.
    pub message_index: usize,
    /// The FAQ (cluster) the message was put in, or `None`.
    #[serde(default)]
    pub faq_id: Option<String>,
    /// The topic of that FAQ, or `None`; absent from files written before topics existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic_id: Option<String>,
}

impl AssignmentRecord {
    /// An assignment record (without a topic).
    pub fn new(conversation_id: impl Into<String>, message_index: usize, faq_id: Option<&str>) -> Self {
        AssignmentRecord {
            conversation_id: conversation_id.into(),
            message_index,
            faq_id: faq_id.map(str::to_string),
            topic_id: None,
        }
    }

    /// The record with its topic in place of its FAQ, so that the clustering scores score
    /// the topics. `None` when the record has an FAQ but no topic (a file written before
    /// topics existed).
    pub fn at_topic_level(&self) -> Option<AssignmentRecord> {
        if self.faq_id.is_some() && self.topic_id.is_none() {
            return None;
        }
        Some(AssignmentRecord { faq_id: self.topic_id.clone(), ..self.clone() })
    }
}

/// A query with the FAQ entries that answer it: a line of `queries.jsonl`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueryRecord {
    /// The query's id.
    pub id: String,
    /// The text a user typed.
    pub query: String,
    /// Ids of the FAQ entries that answer it.
    #[serde(default)]
    pub relevant: Vec<String>,
}

/// One hit of a search result, as far as scoring is concerned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultHit {
    /// The FAQ entry's id.
    pub faq_id: String,
}

/// The ranked hits for one query: a line of the batch search output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultRecord {
    /// The query's id.
    pub id: String,
    /// The hits, best first.
    #[serde(default)]
    pub hits: Vec<ResultHit>,
}

/// Clustering scores of one run against gold labels.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClusterScores {
    /// Labelled messages scored (those whose label is not ignored).
    pub items: usize,
    /// Normalized mutual information, arithmetic-mean normalization, in `[0, 1]`.
    ///
    /// Beware: NMI rewards singletons. A run that puts nothing in an FAQ scores well above 0
    /// (see [`nmi_nothing_clustered`](Self::nmi_nothing_clustered)); read it with ARI and
    /// coverage.
    pub nmi: f64,
    /// For reference: the NMI of a run that puts no message in an FAQ (all singletons) on
    /// the same items. An NMI at or below this says nothing good about a run.
    pub nmi_nothing_clustered: f64,
    /// Adjusted Rand index, in `[-0.5, 1]`; 0 is chance.
    pub ari: f64,
    /// Homogeneity: each cluster holds one label, in `[0, 1]`.
    pub homogeneity: f64,
    /// Completeness: each label sits in one cluster, in `[0, 1]`.
    pub completeness: f64,
    /// Over the messages put in an FAQ: the share that carries its FAQ's majority label.
    /// `None` when no scored message was put in an FAQ.
    pub purity: Option<f64>,
    /// Share of scored messages put in an FAQ.
    pub coverage: f64,
    /// Distinct FAQs among the scored messages.
    pub faqs: usize,
    /// Distinct true labels among the scored messages.
    pub labels: usize,
    /// Labelled messages left out because their label is ignored.
    pub ignored_items: usize,
    /// Share of the ignored messages that the run nevertheless put in an FAQ (lower is
    /// better when the ignored labels are non-questions). `None` when nothing was ignored.
    pub ignored_in_faq: Option<f64>,
    /// Labelled messages that the assignments do not mention at all (scored as singletons).
    pub unassigned: usize,
}

/// Retrieval scores of search results against relevance judgements.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RetrievalScores {
    /// Queries scored.
    pub queries: usize,
    /// Mean recall among the first hit.
    pub recall_at_1: f64,
    /// Mean recall among the first 5 hits.
    pub recall_at_5: f64,
    /// Mean reciprocal rank of the first relevant hit among the first 10 (0 when none).
    pub mrr_at_10: f64,
    /// Queries with no result line at all (scored 0).
    pub missing_results: usize,
}

/// A held-out customer message with its gold label, searched as a query: a line of the
/// deflection queries file (`{"id", "query", "label"}`; `search --queries` reads the same
/// file and ignores the label).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelledQuery {
    /// The query's id (the id of its result line).
    pub id: String,
    /// The text the customer wrote (not needed for scoring).
    #[serde(default)]
    pub query: String,
    /// Its gold intent label.
    pub label: String,
}

/// Deflection scores: how often the first hits of a search over a mined FAQ answer a new
/// question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeflectionScores {
    /// Queries scored.
    pub queries: usize,
    /// Share of queries whose first hit is an FAQ that mostly holds their label.
    pub deflection_at_1: f64,
    /// Share of queries with such an FAQ among the first 3 hits.
    pub deflection_at_3: f64,
    /// Share of queries whose label is mostly held by at least one FAQ (the most deflection
    /// could reach with a perfect search over these FAQs).
    pub reachable: f64,
    /// FAQs with at least one labelled message.
    pub labelled_faqs: usize,
    /// FAQs more than half of whose labelled messages carry one label (those that can
    /// deflect).
    pub majority_faqs: usize,
    /// Queries with no hit, or no result line at all (scored as not deflected).
    pub no_hits: usize,
}

/// Scores deflection: `labels` and `assignments` say which labels each mined FAQ's messages
/// carry; an FAQ *mostly holds* a label when more than half of its labelled messages carry
/// it. A query of `queries` is deflected at `k` when one of its first `k` hits in `results`
/// is an FAQ that mostly holds the query's label. FAQs without such a label (mixed ones,
/// and those without labelled messages) never deflect; results for unknown query ids are
/// ignored.
///
/// # Example
/// ```
/// use faqmine::eval::{score_deflection, AssignmentRecord, LabelRecord, LabelledQuery, ResultHit, ResultRecord};
///
/// let labels = vec![LabelRecord::new("t1", 0, "refund"), LabelRecord::new("t2", 0, "login")];
/// let assignments = vec![AssignmentRecord::new("t1", 0, Some("faq-a")), AssignmentRecord::new("t2", 0, Some("faq-b"))];
/// let query = |id: &str, label: &str| LabelledQuery { id: id.into(), query: String::new(), label: label.into() };
/// let hits = |ids: &[&str]| ids.iter().map(|f| ResultHit { faq_id: f.to_string() }).collect();
/// let results = vec![
///     ResultRecord { id: "q1".into(), hits: hits(&["faq-a"]) },
///     ResultRecord { id: "q2".into(), hits: hits(&["faq-a", "faq-b"]) },
/// ];
/// let s = score_deflection(&labels, &assignments, &[query("q1", "refund"), query("q2", "login")], &results);
/// assert_eq!((s.deflection_at_1, s.deflection_at_3), (0.5, 1.0));
/// ```
pub fn score_deflection(
    labels: &[LabelRecord],
    assignments: &[AssignmentRecord],
    queries: &[LabelledQuery],
    results: &[ResultRecord],
) -> DeflectionScores {
    let (faqs, _) = clustering_breakdown(labels, assignments, &[]);
    let label_of: HashMap<&str, &str> = faqs
        .iter()
        .filter(|f| f.purity > 0.5)
        .map(|f| (f.faq_id.as_str(), f.majority_label.as_str()))
        .collect();
    let majority: BTreeSet<&str> = label_of.values().copied().collect();
    let by_id: HashMap<&str, &ResultRecord> = results.iter().map(|r| (r.id.as_str(), r)).collect();
    let (mut at1, mut at3, mut reachable, mut no_hits) = (0usize, 0usize, 0usize, 0usize);
    for q in queries {
        reachable += usize::from(majority.contains(q.label.as_str()));
        let hits = by_id.get(q.id.as_str()).map_or(&[][..], |r| r.hits.as_slice());
        if hits.is_empty() {
            no_hits += 1;
            continue;
        }
        let answers = |h: &ResultHit| label_of.get(h.faq_id.as_str()) == Some(&q.label.as_str());
        at1 += usize::from(hits.iter().take(1).any(answers));
        at3 += usize::from(hits.iter().take(3).any(answers));
    }
    DeflectionScores {
        queries: queries.len(),
        deflection_at_1: ratio(at1, queries.len()),
        deflection_at_3: ratio(at3, queries.len()),
        reachable: ratio(reachable, queries.len()),
        labelled_faqs: faqs.len(),
        majority_faqs: label_of.len(),
        no_hits,
    }
}

/// The entropy (natural log) of a distribution given by counts.
fn entropy(counts: impl IntoIterator<Item = usize>) -> f64 {
    let counts: Vec<f64> = counts.into_iter().filter(|&c| c > 0).map(|c| c as f64).collect();
    let n: f64 = counts.iter().sum();
    if n == 0.0 {
        return 0.0;
    }
    -counts.iter().map(|&c| (c / n) * (c / n).ln()).sum::<f64>()
}

/// The contingency table of two labelings of the same items.
struct Contingency {
    n: usize,
    /// Count of items per (truth, prediction) pair.
    cells: HashMap<(usize, usize), usize>,
    truth_sizes: Vec<usize>,
    pred_sizes: Vec<usize>,
}

impl Contingency {
    fn new(truth: &[usize], pred: &[usize]) -> Self {
        assert_eq!(truth.len(), pred.len(), "both labelings must cover the same items");
        let dense = |xs: &[usize]| {
            let mut ids: HashMap<usize, usize> = HashMap::new();
            let mapped: Vec<usize> = xs
                .iter()
                .map(|x| {
                    let next = ids.len();
                    *ids.entry(*x).or_insert(next)
                })
                .collect();
            (mapped, ids.len())
        };
        let (t, nt) = dense(truth);
        let (p, np) = dense(pred);
        let mut cells = HashMap::new();
        let mut truth_sizes = vec![0; nt];
        let mut pred_sizes = vec![0; np];
        for (&a, &b) in t.iter().zip(&p) {
            *cells.entry((a, b)).or_insert(0) += 1;
            truth_sizes[a] += 1;
            pred_sizes[b] += 1;
        }
        Contingency { n: truth.len(), cells, truth_sizes, pred_sizes }
    }

    fn mutual_information(&self) -> f64 {
        let n = self.n as f64;
        self.cells
            .iter()
            .map(|(&(a, b), &c)| {
                let c = c as f64;
                let (ta, pb) = (self.truth_sizes[a] as f64, self.pred_sizes[b] as f64);
                (c / n) * ((c * n) / (ta * pb)).ln()
            })
            .sum::<f64>()
            .max(0.0)
    }
}

/// Normalized mutual information with arithmetic-mean normalization
/// (`MI / ((H(truth) + H(pred)) / 2)`), as scikit-learn's `normalized_mutual_info_score`.
///
/// Labelings are given as one class number per item; the numbers themselves do not matter.
/// Two labelings that each put everything in one class (or are empty) score 1.
///
/// # Panics
/// When the two slices differ in length (a caller bug).
pub fn nmi(truth: &[usize], pred: &[usize]) -> f64 {
    let c = Contingency::new(truth, pred);
    let (kt, kp) = (c.truth_sizes.len(), c.pred_sizes.len());
    if (kt == 1 && kp == 1) || (kt == 0 && kp == 0) {
        return 1.0;
    }
    let mi = c.mutual_information();
    if mi <= 0.0 {
        return 0.0;
    }
    let norm = (entropy(c.truth_sizes.iter().copied()) + entropy(c.pred_sizes.iter().copied())) / 2.0;
    (mi / norm.max(f64::EPSILON)).min(1.0)
}

fn pairs(n: usize) -> f64 {
    let n = n as f64;
    n * (n - 1.0) / 2.0
}

/// The adjusted Rand index, as scikit-learn's `adjusted_rand_score`.
///
/// # Panics
/// When the two slices differ in length (a caller bug).
pub fn ari(truth: &[usize], pred: &[usize]) -> f64 {
    let c = Contingency::new(truth, pred);
    let (kt, kp) = (c.truth_sizes.len(), c.pred_sizes.len());
    // Identical trivial partitions: all in one class, nothing at all, or all singletons.
    if (kt == kp) && (kt == 0 || kt == 1 || kt == c.n) {
        return 1.0;
    }
    let index: f64 = c.cells.values().map(|&x| pairs(x)).sum();
    let a: f64 = c.truth_sizes.iter().map(|&x| pairs(x)).sum();
    let b: f64 = c.pred_sizes.iter().map(|&x| pairs(x)).sum();
    let expected = a * b / pairs(c.n);
    let max = (a + b) / 2.0;
    if (max - expected).abs() < f64::EPSILON {
        return 1.0;
    }
    (index - expected) / (max - expected)
}

/// Homogeneity and completeness, as scikit-learn's `homogeneity_completeness_v_measure`:
/// `1 - H(truth | pred) / H(truth)` and `1 - H(pred | truth) / H(pred)`, each 1 when the
/// entropy it divides by is 0.
///
/// # Panics
/// When the two slices differ in length (a caller bug).
pub fn homogeneity_completeness(truth: &[usize], pred: &[usize]) -> (f64, f64) {
    if truth.is_empty() {
        return (1.0, 1.0);
    }
    let c = Contingency::new(truth, pred);
    let mi = c.mutual_information();
    let ht = entropy(c.truth_sizes.iter().copied());
    let hp = entropy(c.pred_sizes.iter().copied());
    let h = if ht > 0.0 { (mi / ht).min(1.0) } else { 1.0 };
    let k = if hp > 0.0 { (mi / hp).min(1.0) } else { 1.0 };
    (h, k)
}

/// Purity of the items that were put in a cluster: for each cluster, the count of its most
/// common true label; summed, over the number of clustered items. `pred[i] == None` means
/// item `i` is in no cluster and does not count. `None` when no item is in a cluster.
///
/// # Panics
/// When the two slices differ in length (a caller bug).
pub fn purity(truth: &[usize], pred: &[Option<usize>]) -> Option<f64> {
    assert_eq!(truth.len(), pred.len(), "both labelings must cover the same items");
    let mut per_cluster: HashMap<usize, HashMap<usize, usize>> = HashMap::new();
    for (&t, p) in truth.iter().zip(pred) {
        if let Some(p) = p {
            *per_cluster.entry(*p).or_default().entry(t).or_insert(0) += 1;
        }
    }
    let clustered: usize = per_cluster.values().flat_map(|m| m.values()).sum();
    if clustered == 0 {
        return None;
    }
    let majority: usize = per_cluster.values().map(|m| m.values().copied().max().unwrap_or(0)).sum();
    Some(majority as f64 / clustered as f64)
}

/// Scores a run's assignments against gold labels.
///
/// Only labelled messages are scored; assignments of unlabelled messages are ignored.
/// A labelled message whose assignment is missing or has no `faq_id` is a singleton
/// cluster for NMI, ARI, homogeneity and completeness, and counts against coverage; purity
/// looks only at messages put in an FAQ. Messages whose label is in `ignore` are left out of
/// every score; [`ClusterScores::ignored_in_faq`] says how many of them were put in an FAQ.
/// When an assignment line appears twice for the same message, the last one counts.
pub fn score_clustering(
    labels: &[LabelRecord],
    assignments: &[AssignmentRecord],
    ignore: &[String],
) -> ClusterScores {
    let faq_of: HashMap<(&str, usize), Option<&str>> = assignments
        .iter()
        .map(|a| ((a.conversation_id.as_str(), a.message_index), a.faq_id.as_deref()))
        .collect();
    let ignore: BTreeSet<&str> = ignore.iter().map(String::as_str).collect();

    let mut label_ids: BTreeMap<&str, usize> = BTreeMap::new();
    let mut faq_ids: BTreeMap<&str, usize> = BTreeMap::new();
    let mut truth = Vec::new();
    let mut clustered: Vec<Option<usize>> = Vec::new();
    let (mut ignored_items, mut ignored_in_faq, mut unassigned) = (0usize, 0usize, 0usize);
    for l in labels {
        let assigned = faq_of.get(&(l.conversation_id.as_str(), l.message_index));
        if assigned.is_none() {
            unassigned += 1;
        }
        let faq = assigned.copied().flatten();
        if ignore.contains(l.label.as_str()) {
            ignored_items += 1;
            ignored_in_faq += usize::from(faq.is_some());
            continue;
        }
        let next = label_ids.len();
        truth.push(*label_ids.entry(l.label.as_str()).or_insert(next));
        clustered.push(faq.map(|f| {
            let next = faq_ids.len();
            *faq_ids.entry(f).or_insert(next)
        }));
    }
    // Singletons get cluster numbers after every real FAQ, one each.
    let mut next_singleton = faq_ids.len();
    let pred: Vec<usize> = clustered
        .iter()
        .map(|p| {
            p.unwrap_or_else(|| {
                next_singleton += 1;
                next_singleton - 1
            })
        })
        .collect();
    let (homogeneity, completeness) = homogeneity_completeness(&truth, &pred);
    let singletons: Vec<usize> = (0..truth.len()).collect();
    let covered = clustered.iter().filter(|p| p.is_some()).count();
    ClusterScores {
        items: truth.len(),
        nmi: nmi(&truth, &pred),
        nmi_nothing_clustered: nmi(&truth, &singletons),
        ari: ari(&truth, &pred),
        homogeneity,
        completeness,
        purity: purity(&truth, &clustered),
        coverage: ratio(covered, truth.len()),
        faqs: faq_ids.len(),
        labels: label_ids.len(),
        ignored_items,
        ignored_in_faq: (ignored_items > 0).then(|| ratio(ignored_in_faq, ignored_items)),
        unassigned,
    }
}

/// One FAQ (cluster) of a run, as the gold labels see it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FaqBreakdown {
    /// The FAQ's id.
    pub faq_id: String,
    /// Scored messages in it.
    pub items: usize,
    /// Its most common true label (ties: the first in name order).
    pub majority_label: String,
    /// Share of its messages that carry the majority label.
    pub purity: f64,
    /// Distinct true labels in it.
    pub labels: usize,
}

/// One true label, as a run treated it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LabelBreakdown {
    /// The label.
    pub label: String,
    /// Scored messages that carry it.
    pub items: usize,
    /// Share of them put in some FAQ.
    pub coverage: f64,
    /// Distinct FAQs its messages were spread over.
    pub faqs: usize,
    /// The FAQ holding most of its messages, if any was put in one.
    pub main_faq: Option<String>,
    /// Share of its messages in that FAQ.
    pub main_faq_share: f64,
}

/// Per-FAQ and per-label details behind [`score_clustering`], for finding what a run gets
/// wrong: FAQs sorted by size (largest first), labels by size (largest first), ties by name.
/// Same conventions as [`score_clustering`] (ignored labels left out, last assignment wins).
pub fn clustering_breakdown(
    labels: &[LabelRecord],
    assignments: &[AssignmentRecord],
    ignore: &[String],
) -> (Vec<FaqBreakdown>, Vec<LabelBreakdown>) {
    let faq_of: HashMap<(&str, usize), Option<&str>> = assignments
        .iter()
        .map(|a| ((a.conversation_id.as_str(), a.message_index), a.faq_id.as_deref()))
        .collect();
    // faq -> label -> count, and label -> faq (None: no FAQ) -> count.
    let mut by_faq: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
    let mut by_label: BTreeMap<&str, BTreeMap<Option<&str>, usize>> = BTreeMap::new();
    for l in labels.iter().filter(|l| !ignore.contains(&l.label)) {
        let faq = faq_of.get(&(l.conversation_id.as_str(), l.message_index)).copied().flatten();
        if let Some(f) = faq {
            *by_faq.entry(f).or_default().entry(l.label.as_str()).or_insert(0) += 1;
        }
        *by_label.entry(l.label.as_str()).or_default().entry(faq).or_insert(0) += 1;
    }
    // The largest count, the first key among equals (maps iterate in key order).
    fn top<K: Copy>(m: &BTreeMap<K, usize>) -> Option<(K, usize)> {
        m.iter().fold(None, |best, (&k, &n)| match best {
            Some((_, b)) if b >= n => best,
            _ => Some((k, n)),
        })
    }
    let mut faqs: Vec<FaqBreakdown> = by_faq
        .iter()
        .map(|(&faq, counts)| {
            let items: usize = counts.values().sum();
            let (label, n) = top(counts).unwrap_or(("", 0));
            FaqBreakdown {
                faq_id: faq.to_string(),
                items,
                majority_label: label.to_string(),
                purity: ratio(n, items),
                labels: counts.len(),
            }
        })
        .collect();
    faqs.sort_by(|a, b| b.items.cmp(&a.items).then_with(|| a.faq_id.cmp(&b.faq_id)));
    let mut per_label: Vec<LabelBreakdown> = by_label
        .iter()
        .map(|(&label, counts)| {
            let items: usize = counts.values().sum();
            let in_faqs: BTreeMap<&str, usize> =
                counts.iter().filter_map(|(f, &n)| f.map(|f| (f, n))).collect();
            let covered: usize = in_faqs.values().sum();
            let main = top(&in_faqs);
            LabelBreakdown {
                label: label.to_string(),
                items,
                coverage: ratio(covered, items),
                faqs: in_faqs.len(),
                main_faq: main.map(|(f, _)| f.to_string()),
                main_faq_share: ratio(main.map_or(0, |(_, n)| n), items),
            }
        })
        .collect();
    per_label.sort_by(|a, b| b.items.cmp(&a.items).then_with(|| a.label.cmp(&b.label)));
    (faqs, per_label)
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// The share of `relevant` found among the first `k` of `ranked`. 0 when `relevant` is empty.
/// With one relevant entry per query (the usual FAQ case) this is 1 when it is in the top
/// `k` and 0 otherwise.
pub fn recall_at(k: usize, relevant: &[String], ranked: &[String]) -> f64 {
    let relevant: BTreeSet<&str> = relevant.iter().map(String::as_str).collect();
    if relevant.is_empty() {
        return 0.0;
    }
    let found: BTreeSet<&str> =
        ranked.iter().take(k).map(String::as_str).filter(|id| relevant.contains(id)).collect();
    found.len() as f64 / relevant.len() as f64
}

/// The reciprocal rank (1 / position, counting from 1) of the first relevant entry among the
/// first `k` of `ranked`; 0 when there is none.
pub fn reciprocal_rank_at(k: usize, relevant: &[String], ranked: &[String]) -> f64 {
    ranked.iter().take(k).position(|id| relevant.contains(id)).map_or(0.0, |p| 1.0 / (p as f64 + 1.0))
}

/// Scores search results against relevance judgements: recall@1, recall@5 and MRR@10,
/// averaged over every query. A query without a result line scores 0 (and is counted in
/// [`RetrievalScores::missing_results`]); results for unknown query ids are ignored.
pub fn score_retrieval(queries: &[QueryRecord], results: &[ResultRecord]) -> RetrievalScores {
    let by_id: HashMap<&str, &ResultRecord> = results.iter().map(|r| (r.id.as_str(), r)).collect();
    let (mut r1, mut r5, mut mrr, mut missing) = (0.0, 0.0, 0.0, 0usize);
    for q in queries {
        let Some(r) = by_id.get(q.id.as_str()) else {
            missing += 1;
            continue;
        };
        let ranked: Vec<String> = r.hits.iter().map(|h| h.faq_id.clone()).collect();
        r1 += recall_at(1, &q.relevant, &ranked);
        r5 += recall_at(5, &q.relevant, &ranked);
        mrr += reciprocal_rank_at(10, &q.relevant, &ranked);
    }
    let n = queries.len().max(1) as f64;
    RetrievalScores {
        queries: queries.len(),
        recall_at_1: r1 / n,
        recall_at_5: r5 / n,
        mrr_at_10: mrr / n,
        missing_results: missing,
    }
}

/// Reads a JSONL file of `T`, one object a line; blank lines are skipped.
///
/// # Errors
/// [`Error::Io`] when the file cannot be read; [`Error::Parse`] naming the file and line of
/// the first line that is not a `T`.
pub fn read_jsonl<T: DeserializeOwned>(path: impl AsRef<Path>) -> Result<Vec<T>> {
    let path = path.as_ref();
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut out = Vec::new();
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| Error::io(path, e))?;
        if line.trim().is_empty() {
            continue;
        }
        let value = serde_json::from_str(&line).map_err(|e| Error::Parse {
            path: path.to_path_buf(),
            line: i as u64 + 1,
            message: e.to_string(),
        })?;
        out.push(value);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(got: f64, want: f64, what: &str) {
        assert!((got - want).abs() < 1e-9, "{what}: got {got}, want {want} (hand-computed)");
    }

    // Example A. truth = [0,0,0,1,1,1], pred = [0,0,1,1,2,2].
    // Contingency (truth rows, pred columns): row0 = [2,1,0], row1 = [0,1,2]; n = 6.
    // H(truth) = ln 2. H(pred) = ln 3.
    // MI = 2 * (2/6) ln((2*6)/(3*2)) + 2 * (1/6) ln((1*6)/(3*2)) = (2/3) ln 2.
    // NMI = (2/3) ln2 / ((ln2 + ln3)/2) = (4/3) ln2 / ln6 = 0.515963...
    // homogeneity = MI / H(truth) = 2/3; completeness = MI / H(pred) = (2/3) ln2 / ln3.
    // ARI: sum C(nij,2) = 1 + 0 + 0 + 1 = 2 (cells 2,1,1,2); a = 3 + 3 = 6;
    // b = 1 + 1 + 1 = 3; C(6,2) = 15; expected = 6*3/15 = 1.2; max = 4.5;
    // ARI = (2 - 1.2) / (4.5 - 1.2) = 0.8 / 3.3 = 0.242424...
    // (scikit-learn 1.x agrees: normalized_mutual_info_score -> 0.5158037,
    // adjusted_rand_score -> 0.2424242.)
    const A_TRUTH: [usize; 6] = [0, 0, 0, 1, 1, 1];
    const A_PRED: [usize; 6] = [0, 0, 1, 1, 2, 2];

    #[test]
    fn nmi_matches_hand_computed_values() {
        let ln = f64::ln;
        close(nmi(&A_TRUTH, &A_PRED), (4.0 / 3.0) * ln(2.0) / ln(6.0), "example A");
        // Relabelled identical partitions.
        close(nmi(&[0, 0, 1, 1], &[5, 5, 3, 3]), 1.0, "identical up to names");
        // Independent: truth [0,0,1,1], pred [0,1,0,1]: every cell is 1, MI = 0.
        close(nmi(&[0, 0, 1, 1], &[0, 1, 0, 1]), 0.0, "independent");
        // Everything in one cluster versus two classes: MI = 0.
        close(nmi(&[0, 0, 1, 1], &[0, 0, 0, 0]), 0.0, "one cluster");
        // Trivial: both a single class.
        close(nmi(&[3, 3, 3], &[1, 1, 1]), 1.0, "both one class");
        close(nmi(&[], &[]), 1.0, "empty");
    }

    #[test]
    fn ari_matches_hand_computed_values() {
        close(ari(&A_TRUTH, &A_PRED), 0.8 / 3.3, "example A");
        close(ari(&[0, 0, 1, 1], &[1, 1, 0, 0]), 1.0, "identical up to names");
        // truth [0,0,1,1], pred [0,1,0,1]: index = 0, a = 2, b = 2, C(4,2) = 6,
        // expected = 4/6, max = 2; ARI = (0 - 2/3) / (2 - 2/3) = -0.5.
        close(ari(&[0, 0, 1, 1], &[0, 1, 0, 1]), -0.5, "anti-correlated");
        // All singletons on both sides: identical partitions.
        close(ari(&[0, 1, 2], &[2, 1, 0]), 1.0, "all singletons");
        // truth [0,0,0], pred all singletons: index = 0, a = 3, b = 0, expected = 0,
        // max = 1.5; ARI = 0.
        close(ari(&[0, 0, 0], &[0, 1, 2]), 0.0, "singletons against one class");
    }

    #[test]
    fn homogeneity_and_completeness_match_hand_computed_values() {
        let ln = f64::ln;
        let (h, c) = homogeneity_completeness(&A_TRUTH, &A_PRED);
        close(h, 2.0 / 3.0, "homogeneity, example A");
        close(c, (2.0 / 3.0) * ln(2.0) / ln(3.0), "completeness, example A");
        // Splitting a class keeps clusters pure: homogeneity 1; completeness
        // = MI / H(pred): pred sizes [1,1,2] -> H = 1.5 ln2 (in nats: -(2*(1/4)ln(1/4)
        // + (1/2)ln(1/2)) = 1.5 ln 2); MI = H(truth) = ln 2; completeness = 2/3.
        let (h, c) = homogeneity_completeness(&[0, 0, 1, 1], &[0, 1, 2, 2]);
        close(h, 1.0, "homogeneity, split class");
        close(c, 2.0 / 3.0, "completeness, split class");
        let (h, c) = homogeneity_completeness(&[], &[]);
        close(h, 1.0, "homogeneity, empty");
        close(c, 1.0, "completeness, empty");
    }

    #[test]
    fn partition_scores_agree_with_scikit_learn() {
        // 20 items, 4 labels, 5 clusters; the references are scikit-learn 1.x's
        // normalized_mutual_info_score, adjusted_rand_score and
        // homogeneity_completeness_v_measure on these very lists.
        let truth = [0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3];
        let pred = [0, 0, 0, 1, 4, 1, 1, 1, 2, 2, 2, 2, 3, 3, 0, 3, 3, 3, 3, 4];
        close(nmi(&truth, &pred), 0.5308328581181658, "nmi");
        close(ari(&truth, &pred), 0.28720991101029486, "ari");
        let (h, c) = homogeneity_completeness(&truth, &pred);
        close(h, 0.565718281110853, "homogeneity");
        close(c, 0.5, "completeness");
    }

    #[test]
    fn purity_counts_only_clustered_items() {
        // Clusters: 0 -> truth [0,0,1] (majority 2), 1 -> truth [1] (majority 1); the two
        // unclustered items do not count: purity = 3 / 4.
        let truth = [0, 0, 1, 1, 2, 2];
        let pred = [Some(0), Some(0), Some(0), Some(1), None, None];
        assert_eq!(purity(&truth, &pred), Some(0.75), "purity over clustered items");
        assert_eq!(purity(&[0, 1], &[None, None]), None, "nothing clustered has no purity");
    }

    fn labels(rows: &[(&str, usize, &str)]) -> Vec<LabelRecord> {
        rows.iter().map(|&(c, i, l)| LabelRecord::new(c, i, l)).collect()
    }

    fn assignments(rows: &[(&str, usize, Option<&str>)]) -> Vec<AssignmentRecord> {
        rows.iter().map(|&(c, i, f)| AssignmentRecord::new(c, i, f)).collect()
    }

    /// Labels a a a b b b; the run puts the first two `a` in F, the third `a` and one `b`
    /// in G, one `b` with a null faq_id, and leaves the last `b` out of the assignments.
    fn six_items() -> (Vec<LabelRecord>, Vec<AssignmentRecord>) {
        let l = labels(&[
            ("c", 0, "a"),
            ("c", 1, "a"),
            ("c", 2, "a"),
            ("d", 0, "b"),
            ("d", 1, "b"),
            ("d", 2, "b"),
        ]);
        let a = assignments(&[
            ("c", 0, Some("F")),
            ("c", 1, Some("F")),
            ("c", 2, Some("G")),
            ("d", 0, Some("G")),
            ("d", 1, None),
        ]);
        (l, a)
    }

    #[test]
    fn unassigned_and_null_items_are_singletons() {
        // Labels: a a a b b b. The run puts the first two `a` in F, the `b`s: one in G, one
        // with null faq_id, one missing from the assignments. An extra unlabelled assignment
        // must be ignored.
        let (l, mut a) = six_items();
        a.push(AssignmentRecord::new("z", 9, Some("F")));
        let s = score_clustering(&l, &a, &[]);
        // pred = [F, F, G, G, s1, s2]: the same partition as example A's pred up to names
        // ([0,0,1,1,2,2] vs [F,F,G,G,s1,s2]) except the last two are split; compare against
        // the generic functions on the expected encoding.
        let truth = [0, 0, 0, 1, 1, 1];
        let pred = [0, 0, 1, 1, 2, 3];
        close(s.nmi, nmi(&truth, &pred), "nmi with singletons");
        // By hand: cells (0,0)=2 (0,1)=1 (1,1)=1 (1,2)=1 (1,3)=1 -> index = 1; a = 3 + 3 = 6;
        // b = 1 + 1 = 2; expected = 6*2/15 = 0.8; max = 4; ARI = 0.2 / 3.2 = 0.0625.
        // scikit-learn: adjusted_rand_score -> 0.0625, normalized_mutual_info_score ->
        // 0.4568877.
        close(s.ari, 0.0625, "ari with singletons");
        assert!((s.nmi - 0.4568877).abs() < 1e-6, "nmi with singletons: got {}, sklearn 0.4568877", s.nmi);
        // Purity over the 4 clustered items: F = {a,a} -> 2, G = {a,b} -> 1; 3/4.
        assert_eq!(s.purity, Some(0.75));
        close(s.coverage, 4.0 / 6.0, "coverage");
        assert_eq!((s.items, s.faqs, s.labels, s.unassigned), (6, 2, 2, 1));
        assert_eq!((s.ignored_items, s.ignored_in_faq), (0, None));
    }

    #[test]
    fn ignored_labels_are_left_out_and_reported() {
        // Two `thanks` messages: one put in F, one left out. The scored items are the two
        // `a`s, both in F: a perfect score.
        let l = labels(&[("c", 0, "a"), ("c", 1, "thanks"), ("d", 0, "a"), ("d", 1, "thanks")]);
        let a = assignments(&[("c", 0, Some("F")), ("c", 1, Some("F")), ("d", 0, Some("F")), ("d", 1, None)]);
        let s = score_clustering(&l, &a, &["thanks".to_string()]);
        assert_eq!((s.items, s.ignored_items, s.ignored_in_faq), (2, 2, Some(0.5)));
        close(s.nmi, 1.0, "nmi");
        // Two items of one label as singletons: MI = 0, so the reference NMI is 0.
        close(s.nmi_nothing_clustered, 0.0, "nmi reference");
        close(s.ari, 1.0, "ari");
        assert_eq!(s.purity, Some(1.0));
        close(s.coverage, 1.0, "coverage");
    }

    #[test]
    fn leaving_everything_out_scores_low() {
        // Three labels of two items each, nothing clustered: all singletons. NMI: MI =
        // H(truth) = ln 3, H(pred) = ln 6; NMI = ln3 / ((ln3 + ln6)/2). ARI: index = 0,
        // b = 0, expected = 0, max = a/2 = 1.5 -> 0.
        let l = labels(&[
            ("a", 0, "x"),
            ("b", 0, "x"),
            ("c", 0, "y"),
            ("d", 0, "y"),
            ("e", 0, "z"),
            ("f", 0, "z"),
        ]);
        let s = score_clustering(&l, &[], &[]);
        let ln = f64::ln;
        close(s.nmi, ln(3.0) / ((ln(3.0) + ln(6.0)) / 2.0), "nmi");
        close(s.ari, 0.0, "ari");
        close(s.nmi_nothing_clustered, s.nmi, "the reference is this very run");
        assert_eq!((s.purity, s.coverage, s.faqs, s.unassigned), (None, 0.0, 0, 6));
    }

    #[test]
    fn breakdown_lists_faqs_and_labels() {
        // Labels a a a b b b; FAQs F F G G, one b with null, one b missing.
        let (l, a) = six_items();
        let (faqs, per_label) = clustering_breakdown(&l, &a, &[]);
        let f: Vec<(&str, usize, &str, f64, usize)> = faqs
            .iter()
            .map(|f| (f.faq_id.as_str(), f.items, f.majority_label.as_str(), f.purity, f.labels))
            .collect();
        // G has one a and one b: the tie goes to the first label by name.
        assert_eq!(f, [("F", 2, "a", 1.0, 1), ("G", 2, "a", 0.5, 2)]);
        let l: Vec<(&str, usize, usize, Option<&str>)> =
            per_label.iter().map(|l| (l.label.as_str(), l.items, l.faqs, l.main_faq.as_deref())).collect();
        assert_eq!(l, [("a", 3, 2, Some("F")), ("b", 3, 1, Some("G"))]);
        close(per_label[0].coverage, 1.0, "coverage of a");
        close(per_label[0].main_faq_share, 2.0 / 3.0, "share of a in F");
        close(per_label[1].coverage, 1.0 / 3.0, "coverage of b");
    }

    fn ids(xs: &[&str]) -> Vec<String> {
        xs.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn retrieval_metrics_match_hand_computed_values() {
        let q =
            |id: &str, rel: &[&str]| QueryRecord { id: id.into(), query: String::new(), relevant: ids(rel) };
        let r = |id: &str, hits: &[&str]| ResultRecord {
            id: id.into(),
            hits: hits.iter().map(|h| ResultHit { faq_id: h.to_string() }).collect(),
        };
        let queries = [q("1", &["a"]), q("2", &["b"]), q("3", &["c"]), q("4", &["d"]), q("5", &["e"])];
        let results = [
            r("1", &["a", "x"]),                          // rank 1
            r("2", &["x", "y", "b"]),                     // rank 3
            r("3", &["1", "2", "3", "4", "5", "6", "c"]), // rank 7
            r("4", &[]),                                  // no hits
            r("9", &["e"]),                               // unknown query id
        ];
        // Query 5 has no result line. recall@1 = 1/5; recall@5 = 2/5;
        // MRR@10 = (1 + 1/3 + 1/7 + 0 + 0) / 5.
        let s = score_retrieval(&queries, &results);
        close(s.recall_at_1, 0.2, "recall@1");
        close(s.recall_at_5, 0.4, "recall@5");
        close(s.mrr_at_10, (1.0 + 1.0 / 3.0 + 1.0 / 7.0) / 5.0, "mrr@10");
        assert_eq!((s.queries, s.missing_results), (5, 1));
    }

    #[test]
    fn deflection_counts_hits_whose_faq_holds_the_query_label() {
        // faq-a: refund, refund, login (mostly refund); faq-b: login; faq-c: only an
        // unlabelled message; faq-d: card, login (half and half: mostly nothing).
        let labels = labels(&[
            ("t1", 0, "refund"),
            ("t2", 0, "refund"),
            ("t3", 0, "login"),
            ("t4", 0, "login"),
            ("t6", 0, "card"),
            ("t7", 0, "login"),
        ]);
        let assignments = assignments(&[
            ("t1", 0, Some("faq-a")),
            ("t2", 0, Some("faq-a")),
            ("t3", 0, Some("faq-a")),
            ("t4", 0, Some("faq-b")),
            ("t5", 0, Some("faq-c")),
            ("t6", 0, Some("faq-d")),
            ("t7", 0, Some("faq-d")),
        ]);
        let q = |id: &str, label: &str| LabelledQuery {
            id: id.into(),
            query: String::new(),
            label: label.into(),
        };
        let r = |id: &str, hits: &[&str]| ResultRecord {
            id: id.into(),
            hits: hits.iter().map(|f| ResultHit { faq_id: f.to_string() }).collect(),
        };
        let queries =
            [q("q1", "refund"), q("q2", "login"), q("q3", "login"), q("q4", "card"), q("q5", "refund")];
        let results = [
            r("q1", &["faq-a", "faq-b"]),                   // deflected at 1
            r("q2", &["faq-c", "faq-a", "faq-x", "faq-b"]), // faq-b only 4th: not at 3
            r("q3", &["faq-a", "faq-b"]),                   // at 3 only
            r("q4", &["faq-d", "faq-a"]),                   // no FAQ mostly holds "card"
            r("q9", &["faq-a"]),                            // unknown id: ignored; q5 has no line
        ];
        let s = score_deflection(&labels, &assignments, &queries, &results);
        close(s.deflection_at_1, 1.0 / 5.0, "deflection@1: only q1");
        close(s.deflection_at_3, 2.0 / 5.0, "deflection@3: q1 and q3");
        close(s.reachable, 4.0 / 5.0, "refund and login are mostly held by an FAQ, card by none");
        assert_eq!(
            (s.queries, s.labelled_faqs, s.majority_faqs, s.no_hits),
            (5, 3, 2, 1),
            "queries, labelled FAQs (a, b, d), FAQs with a majority (a, b), q5 without hits"
        );
    }

    #[test]
    fn rank_cutoffs_are_respected() {
        let ranked = ids(&["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "a"]);
        close(reciprocal_rank_at(10, &ids(&["a"]), &ranked), 0.0, "rank 11 is outside MRR@10");
        close(reciprocal_rank_at(10, &ids(&["10"]), &ranked), 0.1, "rank 10 is inside");
        // Two relevant, one in the top 5: recall@5 = 1/2.
        close(recall_at(5, &ids(&["2", "a"]), &ranked), 0.5, "partial recall");
        close(recall_at(1, &[], &ranked), 0.0, "no relevant entries");
    }

    #[test]
    fn read_jsonl_names_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("labels.jsonl");
        std::fs::write(&p, "{\"conversation_id\":\"c\",\"message_index\":0,\"label\":\"a\"}\n\nnot json\n")
            .unwrap();
        let e = read_jsonl::<LabelRecord>(&p).unwrap_err().to_string();
        assert!(e.starts_with(&format!("{}:3:", p.display())), "error should name file:line, got {e}");
    }
}
