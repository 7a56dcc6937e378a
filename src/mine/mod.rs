//! Mining: group the question units that ask the same thing.
//!
//! The number of groups is not given: clusters emerge from the similarity graph, and
//! one-off questions stay out as noise.
//!
//! The stages, one file each:
//!
//! | file | question it answers |
//! |---|---|
//! | `features.rs` | what does a question look like? (words + character n-grams, tf-idf) |
//! | `graph.rs` | which questions are alike? (k nearest neighbours from an inverted index) |
//! | `cluster.rs` | which questions form a group? (modularity communities, noise left out) |
//! | `link.rs` | which groups in other languages ask the same? (shared entities) |
//! | `replies.rs` | where do the agents' replies say one question ends and the next begins? (split, merge, attach) |
//! | [`embed`] | optional sentence vectors supplied by the user |
//!
//! Questions, requests and problems are mined, and so are the other units that carry at
//! least one index term besides masks of personal data ([`Utterance::Other`]: commands without a request form such as "wake
//! me up at seven", bare statements such as "connection problem"; small talk made only of
//! stopwords has no term). A group is an FAQ only if at least [`MIN_ASKING_SHARE`] of its
//! messages ask something (question, request or problem): commands join the questions of
//! their intent, while groups of greetings, thanks, confirmations, names or numbers, which
//! nobody asks about, are left out, and so is a group of nothing but identifiers, masked
//! tokens, greetings or names (it has no question to show). Identical texts are mined once and weigh as many times as they occur, which is both the
//! main saving on real help-center data and what makes the result independent of the order
//! of the units.
//!
//! Architecture invariant: the result depends only on the set of units, not on their order
//! or on the number of threads.
//!
//! # Example
//!
//! ```
//! use faqmine::analyze::{Analyzer, Utterance};
//! use faqmine::mine::{cluster, ClusterConfig, QuestionUnit};
//!
//! let analyzer = Analyzer::new();
//! let texts = [
//!     "How do I reset my password?", "how can I reset my password?", "Reset my password please?",
//!     "Where is my parcel?", "where is my parcel??", "Where's my parcel?",
//!     "Any discount for students?",
//! ];
//! let units: Vec<QuestionUnit> = texts
//!     .iter()
//!     .enumerate()
//!     .map(|(i, t)| QuestionUnit {
//!         conversation: i,
//!         message_index: 0,
//!         text: t.to_string(),
//!         language: "en".into(),
//!         utterance: Utterance::Question,
//!         terms: analyzer.analyze(t, Some("en")).tokens,
//!         timestamp: None,
//!     })
//!     .collect();
//! let clusters = cluster(&units, &ClusterConfig::default());
//! assert_eq!(clusters, vec![vec![0, 1, 2], vec![3, 4, 5]]);
//! ```

use std::collections::{BTreeMap, HashMap};

use time::OffsetDateTime;

use crate::analyze::Utterance;

mod cluster;
pub mod embed;
mod features;
mod graph;
mod link;
pub(crate) mod replies;

pub use embed::Embedder;

/// One customer message prepared for mining.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionUnit {
    /// Index of the conversation in the slice given to the miner.
    pub conversation: usize,
    /// 0-based index of the message in its conversation.
    pub message_index: usize,
    /// The cleaned question text (greetings removed, personal data masked).
    pub text: String,
    /// The detected language (ISO 639-1 or `und`).
    pub language: String,
    /// What kind of utterance it is.
    pub utterance: Utterance,
    /// The analyzer's index terms.
    pub terms: Vec<String>,
    /// When it was sent, if known.
    pub timestamp: Option<OffsetDateTime>,
}

/// With an [`Embedder`], this many neighbours per distinct text by default. A question is
/// asked a handful of times on a small desk; with more neighbours than it has askings,
/// each text's list reaches into the questions next to it, and the communities grow into
/// topics. Measured with the model (deflection@1, docs/quality.md): from 20 to 5 it rose on
/// every labelled set; 10 is better than 5 on hint3 curekart and sofmattress and multidogo
/// software, 5 better on the six others. The words-only path keeps 20: it was not measured
/// at 5, and lexical neighbours are noisier than sentence vectors.
pub const SENTENCE_NEIGHBOURS: usize = 5;

/// The smallest share of questions, requests and problems among the messages of an FAQ.
pub const MIN_ASKING_SHARE: f64 = 0.25;

/// Settings of the clustering. The defaults serve every data set; change them only with a
/// measurement in hand.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterConfig {
    /// The smallest number of messages that makes a cluster an FAQ.
    pub min_support: usize,
    /// Neighbours per distinct text in the similarity graph on words alone (default 20).
    pub neighbours: usize,
    /// Neighbours per distinct text with an [`Embedder`] (default [`SENTENCE_NEIGHBOURS`]).
    pub sentence_neighbours: usize,
    /// Texts less similar than this (cosine of the tf-idf vectors) are never linked
    /// (default 0.1).
    pub min_similarity: f32,
    /// Modularity resolution of the first, fine segmentation (default 10). Groups that this
    /// step splits too finely are merged back by density, so the result is not sensitive
    /// to it; lower it only for data made of a few very broad topics.
    pub resolution: f64,
    /// How finely questions are told apart (default [`Granularity::Standard`]).
    pub granularity: Granularity,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            min_support: 3,
            neighbours: 20,
            sentence_neighbours: SENTENCE_NEIGHBOURS,
            min_similarity: 0.1,
            resolution: 10.0,
            granularity: Granularity::Standard,
        }
    }
}

/// How finely the miner tells questions apart.
///
/// Two questions that differ in one facet ("why was my *transfer* declined?", "why was my
/// *card payment* declined?") are one FAQ for one help center and two for another; the
/// words alone cannot say which. `Standard` merges such groups when their members are
/// nearly as alike between the groups as inside them; `Fine` keeps them apart unless they
/// are clearly one question, and also compares pairs of words anywhere in a question
/// ("declined … transfer" matches "transfer … declined"), so that the facet that differs
/// keeps its weight. `Fine` gives purer, smaller FAQs and splits questions that customers
/// phrase in many ways; docs/quality.md shows both on the labelled data sets. With an
/// [`Embedder`], both settings work the same way on the blended cosine of the lexical and
/// the sentence vectors (see [`embed`]).
///
/// ```
/// use faqmine::mine::{ClusterConfig, Granularity};
///
/// let fine = ClusterConfig { granularity: Granularity::Fine, ..ClusterConfig::default() };
/// assert_ne!(fine, ClusterConfig::default());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Granularity {
    /// The default: near paraphrases and questions that differ in a detail form one FAQ.
    #[default]
    Standard,
    /// Questions that differ in one facet stay apart.
    Fine,
}

impl std::str::FromStr for Granularity {
    type Err = String;

    /// `standard` or `fine`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "standard" => Ok(Granularity::Standard),
            "fine" => Ok(Granularity::Fine),
            _ => Err(format!("unknown granularity {s:?} (expected standard or fine)")),
        }
    }
}

/// The clusters of a run and how they relate across languages.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Clustering {
    /// Clusters of unit indices, largest first, each sorted by unit index.
    pub clusters: Vec<Vec<usize>>,
    /// The main language of each cluster (the most frequent among its members, ties to the
    /// smaller code).
    pub languages: Vec<String>,
    /// For each cluster, the clusters in other languages that ask the same thing (indices
    /// into `clusters`, sorted). The relation is symmetric.
    pub siblings: Vec<Vec<usize>>,
    /// For each cluster, its topic: clusters with the same number share a subject (a product,
    /// an account area) and are shown together; numbers are dense from 0, in order of each
    /// topic's first cluster.
    pub topics: Vec<usize>,
}

/// Groups `units` into clusters of unit indices. Units in no cluster are noise.
///
/// Clusters are returned largest first, each sorted by unit index, ties broken by their
/// first member, so the output is deterministic.
pub fn cluster(units: &[QuestionUnit], config: &ClusterConfig) -> Vec<Vec<usize>> {
    Clusterer::new(config).run(units).clusters
}

/// As [`cluster`], and also links the clusters that ask the same thing in different
/// languages (see [`Clustering::siblings`]).
pub fn cluster_with_links(units: &[QuestionUnit], config: &ClusterConfig) -> Clustering {
    Clusterer::new(config).run(units)
}

/// A progress callback of the clustering: `(done, total)` distinct texts.
pub type ClusterProgress<'a> = &'a (dyn Fn(u64, u64) + Sync);

/// A clustering run with optional extras: a user's [`Embedder`] and a progress callback.
///
/// ```
/// use faqmine::mine::{ClusterConfig, Clusterer};
///
/// let config = ClusterConfig::default();
/// let report = |done: u64, total: u64| assert!(done <= total);
/// let clustering = Clusterer::new(&config).progress(&report).run(&[]);
/// assert!(clustering.clusters.is_empty());
/// ```
#[derive(Clone, Copy)]
pub struct Clusterer<'a> {
    config: &'a ClusterConfig,
    embedder: Option<&'a dyn Embedder>,
    progress: Option<ClusterProgress<'a>>,
}

impl std::fmt::Debug for Clusterer<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Clusterer")
            .field("config", self.config)
            .field("embedder", &self.embedder.is_some())
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

impl<'a> Clusterer<'a> {
    /// A run with `config`, the lexical features only and no progress reports.
    pub fn new(config: &'a ClusterConfig) -> Self {
        Clusterer { config, embedder: None, progress: None }
    }

    /// Blends the similarity of the user's sentence vectors into the lexical one (see
    /// [`embed`]).
    pub fn embedder(mut self, embedder: &'a dyn Embedder) -> Self {
        self.embedder = Some(embedder);
        self
    }

    /// Reports progress of the neighbour search, the longest step, from worker threads.
    pub fn progress(mut self, progress: ClusterProgress<'a>) -> Self {
        self.progress = Some(progress);
        self
    }

    /// Clusters `units`.
    pub fn run(&self, units: &[QuestionUnit]) -> Clustering {
        let docs = Distinct::of(units);
        let total = docs.len() as u64;
        let report = |done: u64| {
            if let Some(p) = self.progress {
                p(done.min(total), total);
            }
        };
        report(0);
        let fine = self.config.granularity == Granularity::Fine;
        let params = features::FeatureParams {
            cooccurrence_window: if fine { features::FINE_COOCCURRENCE_WINDOW } else { 0 },
            ..Default::default()
        };
        let inputs: Vec<features::Doc> = docs
            .keys
            .iter()
            .map(|k| features::Doc {
                normalized: k.normalized.clone(),
                terms: k.terms.clone(),
                function_words: features::function_words(&k.text, &k.language),
            })
            .collect();
        let vectors = features::vectorize(&inputs, &params);
        drop(inputs);
        let knn = graph::KnnParams {
            k: if self.embedder.is_some() { self.config.sentence_neighbours } else { self.config.neighbours }
                .max(1),
            min_similarity: self.config.min_similarity,
            ..Default::default()
        };
        let weights: Vec<usize> = docs.members.iter().map(Vec::len).collect();
        let mut neighbours = graph::knn(&vectors, &knn, &report);
        let mut combined = None;
        if let Some(e) = self.embedder {
            let (v, nb) = embed::combine(e, &docs.keys, &weights, &vectors, neighbours, &knn);
            combined = Some(v);
            neighbours = nb;
        }
        report(total);
        let sentences = self.embedder.is_some();
        let community = match (fine, sentences) {
            (true, _) => cluster::CommunityParams::fine(self.config.resolution, sentences),
            (false, true) => {
                cluster::CommunityParams { resolution: self.config.resolution, ..Default::default() }
            }
            (false, false) => cluster::CommunityParams::lexical(self.config.resolution),
        };
        // With an embedder, groups merge and members drop on the blended cosine.
        let merge_vectors = combined.as_ref().unwrap_or(&vectors);
        let communities = cluster::communities_with(&neighbours, &weights, Some(merge_vectors), &community);
        let membership = &communities.groups;

        let mut groups: HashMap<u32, Vec<usize>> = HashMap::new();
        for (d, c) in membership.iter().enumerate() {
            if let Some(c) = c {
                groups.entry(*c).or_default().extend(&docs.members[d]);
            }
        }
        let min_support = self.config.min_support.max(1);
        // Groups of one language; the parts of a group split by language are siblings.
        let mut parts: Vec<(Vec<usize>, usize)> = Vec::new();
        let mut groups: Vec<Vec<usize>> = groups.into_values().collect();
        for g in &mut groups {
            g.sort_unstable();
        }
        groups.sort_unstable();
        let mut row_of = vec![usize::MAX; units.len()];
        for (r, m) in docs.members.iter().enumerate() {
            for &u in m {
                row_of[u] = r;
            }
        }
        let similarity = |a: &[usize], b: &[usize]| {
            let ca = vectors.centroid(a.iter().map(|&u| row_of[u]));
            let cb = vectors.centroid(b.iter().map(|&u| row_of[u]));
            ca.iter().filter_map(|(id, x)| cb.get(id).map(|y| x * y)).sum::<f32>()
        };
        for (origin, g) in groups.into_iter().enumerate() {
            for part in link::split_by_language(units, g, min_support, &similarity) {
                parts.push((part, origin));
            }
        }
        parts.retain(|(c, _)| {
            c.len() >= min_support
                && asks_enough(units, c)
                && c.iter().any(|&u| !is_bare(&units[u].text, units[u].utterance))
        });
        parts.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0[0].cmp(&b.0[0])));
        let (clusters, origins): (Vec<Vec<usize>>, Vec<usize>) = parts.into_iter().unzip();
        let languages = clusters.iter().map(|c| link::main_language(units, c)).collect::<Vec<_>>();
        let siblings = link::siblings(units, &clusters, &languages, &origins);
        // A cluster's topic is the topic of most of its members' texts (ties to the smaller).
        let topics = renumber_topics(clusters.iter().map(|c| {
            let mut count: BTreeMap<u32, usize> = BTreeMap::new();
            for &u in c {
                *count.entry(communities.topics[row_of[u]]).or_default() += 1;
            }
            count.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))).map_or(0, |t| t.0 as usize)
        }));
        Clustering { clusters, languages, siblings, topics }
    }
}

/// Topic labels renumbered densely from 0 in order of first appearance.
pub(crate) fn renumber_topics(raw: impl IntoIterator<Item = usize>) -> Vec<usize> {
    let mut number: HashMap<usize, usize> = HashMap::new();
    raw.into_iter()
        .map(|t| {
            let next = number.len();
            *number.entry(t).or_insert(next)
        })
        .collect()
}

/// `true` when `text` (of a unit whose verdict is `utterance`) is no question or request
/// to show: nothing but identifiers, numbers and masks of personal data ("⟨order⟩",
/// "LS-119030", "#4417"); a masked token with a label and no question mark ("Order
/// ⟨order⟩", "mã đơn ⟨order⟩"); only greetings and pleasantries; or a name (one to three
/// capitalized words that ask nothing).
pub(crate) fn is_bare(text: &str, utterance: Utterance) -> bool {
    let mut unmasked = String::with_capacity(text.len());
    let mut masked = 0;
    let mut inside = false;
    for c in text.chars() {
        match c {
            '⟨' => {
                inside = true;
                masked += 1;
                unmasked.push(' ');
            }
            '⟩' => inside = false,
            c if !inside => unmasked.push(c),
            _ => {}
        }
    }
    // Words with letters and no digits: "Order" counts, "LS-119030" and "E-401" do not.
    let words: Vec<&str> = unmasked
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ':' | ';' | '/' | '#' | '،'))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.chars().any(char::is_alphabetic) && !w.chars().any(|c| c.is_ascii_digit()))
        .collect();
    let asks = text.trim_end().ends_with(['?', '؟', '？']);
    let name_like = words.len() <= 3
        && words.iter().all(|w| w.chars().next().is_some_and(char::is_uppercase))
        && utterance == Utterance::Other;
    words.is_empty()
        || (masked > 0 && words.len() <= 2 && !asks)
        || (!asks && name_like)
        || crate::clean::is_only_greeting(text)
}

/// True when at least [`MIN_ASKING_SHARE`] of `members` (and at least one) ask something.
pub(crate) fn asks_enough(units: &[QuestionUnit], members: &[usize]) -> bool {
    let asking = members.iter().filter(|&&u| units[u].utterance.is_minable()).count();
    asking > 0 && asking as f64 >= MIN_ASKING_SHARE * members.len() as f64
}

/// True for a unit that goes into the similarity graph: one that asks something, or any
/// other with at least one index term besides the masks of personal data (`⟨order⟩` alone
/// is bare content, not a command).
fn is_mined(u: &QuestionUnit) -> bool {
    u.utterance.is_minable() || u.terms.len() > u.text.matches('⟨').count()
}

/// The key that makes two units the same text for mining.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct TextKey {
    /// The normalized text (see `features::normalize`).
    pub normalized: String,
    /// The language.
    pub language: String,
    /// The analyzer's terms (the smallest list among identical texts, for determinism).
    pub terms: Vec<String>,
    /// One original text (the smallest), for the embedder.
    pub text: String,
}

/// The distinct texts of the minable units, in a canonical order that does not depend on
/// the order of the units: sorted by a hash of the text (so that any prefix of a posting
/// list is a fair sample), then by the text.
struct Distinct {
    keys: Vec<TextKey>,
    /// The units of each distinct text, in unit order.
    members: Vec<Vec<usize>>,
}

impl Distinct {
    fn len(&self) -> usize {
        self.keys.len()
    }

    fn of(units: &[QuestionUnit]) -> Distinct {
        use rayon::prelude::*;
        let normalized: Vec<Option<String>> = units
            .par_iter()
            .map(|u| {
                if !is_mined(u) {
                    return None;
                }
                let n = features::normalize(&u.text);
                (!n.is_empty()).then_some(n)
            })
            .collect();
        let mut by_text: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
        for (i, n) in normalized.iter().enumerate() {
            if let Some(n) = n {
                by_text.entry((n.as_str(), units[i].language.as_str())).or_default().push(i);
            }
        }
        let mut rows: Vec<(u64, TextKey, Vec<usize>)> = by_text
            .into_iter()
            .map(|((n, lang), members)| {
                let terms = members.iter().map(|&i| &units[i].terms).min().cloned().unwrap_or_default();
                let text = members.iter().map(|&i| &units[i].text).min().cloned().unwrap_or_default();
                let h = features::hash(n.as_bytes(), features::hash(lang.as_bytes(), 0));
                (h, TextKey { normalized: n.to_string(), language: lang.to_string(), terms, text }, members)
            })
            .collect();
        rows.par_sort_unstable_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
        let (keys, members) = rows.into_iter().map(|(_, k, m)| (k, m)).unzip();
        Distinct { keys, members }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::Analyzer;

    /// A toy sentence model: one direction per topic, whatever the words.
    struct Topics;

    impl Embedder for Topics {
        fn embed(&self, text: &str, _language: &str) -> Option<Vec<f32>> {
            let login = ["password", "sign", "login", "locked"].iter().any(|w| text.contains(w));
            let noise = text.len() as f32 / 1000.0;
            Some(if login { vec![1.0, noise, 0.0] } else { vec![0.0, noise, 1.0] })
        }
    }

    #[test]
    fn sentence_vectors_join_paraphrases_without_a_shared_word_and_keep_topics_apart() {
        let analyzer = Analyzer::new();
        let texts = [
            "how do i reset my password?",
            "cannot sign in to the website?",
            "why is my login refused?",
            "my account got locked, what now?",
            "where is my parcel?",
            "when will the delivery arrive?",
            "has the order shipped yet?",
            "tracking number for the package?",
        ];
        let units: Vec<QuestionUnit> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| QuestionUnit {
                conversation: i,
                message_index: 0,
                text: t.to_string(),
                language: "en".into(),
                utterance: Utterance::Question,
                terms: analyzer.analyze(t, Some("en")).tokens,
                timestamp: None,
            })
            .collect();
        let config = ClusterConfig::default();
        let lexical = Clusterer::new(&config).run(&units).clusters;
        assert!(
            !lexical.contains(&vec![0, 1, 2, 3]),
            "the words alone should not tell these paraphrases apart: {lexical:?}"
        );
        let semantic = Clusterer::new(&config).embedder(&Topics).run(&units).clusters;
        assert_eq!(semantic, vec![vec![0, 1, 2, 3], vec![4, 5, 6, 7]]);
        // the same clusters whatever the order of the units
        let mut reversed = units.clone();
        reversed.reverse();
        let mut again: Vec<Vec<usize>> = Clusterer::new(&config)
            .embedder(&Topics)
            .run(&reversed)
            .clusters
            .into_iter()
            .map(|c| {
                let mut c: Vec<usize> = c.into_iter().map(|u| units.len() - 1 - u).collect();
                c.sort_unstable();
                c
            })
            .collect();
        again.sort();
        assert_eq!(again, semantic);
    }
}
