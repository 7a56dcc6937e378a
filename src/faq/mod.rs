//! FAQ: clusters in, entries people can publish, curate and keep.
//!
//! For each cluster, [`FaqBuilder`] writes an entry: the canonical question (the most
//! central well-formed phrasing, tidied), its variants with counts, the consensus of the
//! agent replies with a confidence and the alternatives agents also gave, keywords
//! (class-based TF-IDF), counts, languages, channels, dates, weekly counts and a trend.
//!
//! Ids are derived from content, and a previous `faq.json` given to
//! [`FaqBuilder::previous`] keeps them: its entries keep their ids, curation and status,
//! entries no longer seen are kept as retired, and curated merges and splits are re-applied.
//! An existing help-center FAQ given to [`FaqBuilder::existing`] marks the entries it already
//! answers as covered; the rest are content gaps.
//!
//! The module map: `build` (one cluster → one entry), `answer` (replies and their
//! consensus), `keywords`, `weeks` (weekly counts and trend), `curate` (carry-over from a
//! previous run), `ids`, `coverage`, `render` (Markdown and HTML), `entry` (the data types).
//!
//! Architecture invariant: the result depends only on the set of conversations, not on their
//! order or the number of threads; every choice breaks ties by content.
//!
//! # Example
//!
//! ```
//! use faqmine::faq::{FaqBuilder, FaqSet};
//! use faqmine::{Conversation, Message, Miner, Role};
//!
//! # fn main() -> faqmine::Result<()> {
//! let conversations: Vec<Conversation> = (0..4)
//!     .map(|i| {
//!         Conversation::new(
//!             format!("c{i}"),
//!             vec![
//!                 Message::new(Role::Customer, "How do I reset my password?"),
//!                 Message::new(Role::Agent, "Click 'Forgot password' on the sign-in page."),
//!             ],
//!         )
//!     })
//!     .collect();
//! let first = Miner::builder().build()?.mine(&conversations[..3])?;
//! // The next run, on more conversations, keeps the ids of the first.
//! let second = Miner::builder().previous(first.clone()).build()?.mine(&conversations)?;
//! assert_eq!(second.entries[0].id, first.entries[0].id);
//! assert_eq!(second.entries[0].answer.as_deref(), Some("Click 'Forgot password' on the sign-in page."));
//! # let _ = FaqBuilder::new();
//! # Ok(())
//! # }
//! ```

mod answer;
mod build;
mod coverage;
mod curate;
mod entry;
pub mod gaps;
mod ids;
mod keywords;
mod render;
mod topics;
pub(crate) mod vector;
mod weeks;

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

pub use entry::{
    AlternativeAnswer, Coverage, Curation, FaqEntry, FaqSet, Status, Topic, Trend, Variant, WeekCount,
    SCHEMA_VERSION,
};
pub use ids::content_id;
pub use render::{render_html, render_markdown};

use crate::clean::Cleaned;
use crate::mine::QuestionUnit;
use crate::model::Conversation;
use build::{build_entry, Built, Corpus};
use curate::Group;

/// The agents' reply to message `message_index` of `conv` as evidence of what the message
/// asks (see [`crate::mine`]'s reply step): the reply an entry's answer would be built from,
/// or `None` when there is none or when it only asks back ("Could you send me your order
/// number?"). `cleaned` is the conversation as the cleaner cleaned it, when the caller has it.
pub(crate) fn evidence_reply(
    conv: &Conversation,
    message_index: usize,
    names: &[String],
    cleaned: Option<&[Cleaned]>,
) -> Option<String> {
    answer::reply_to(conv, message_index, names, cleaned).filter(|r| !answer::is_asking_back(r))
}

/// An entry of a help center's existing FAQ (`--existing faq.jsonl`), or of a curated FAQ
/// given to `faqmine index`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ExistingFaq {
    /// The help center's id for it.
    pub id: String,
    /// The question.
    pub question: String,
    /// The answer, if any.
    #[serde(default)]
    pub answer: Option<String>,
}

/// Turns clusters of question units into a [`FaqSet`], with carry-over from a previous run
/// and coverage by an existing FAQ.
#[derive(Debug, Clone, Default)]
pub struct FaqBuilder<'a> {
    previous: Option<&'a FaqSet>,
    existing: &'a [ExistingFaq],
    eligible: Option<&'a [bool]>,
    siblings: Option<&'a [Vec<usize>]>,
    topics: Option<&'a [usize]>,
    cleaned: Option<&'a [Vec<Cleaned>]>,
}

/// The result of [`FaqBuilder::build`].
#[derive(Debug, Clone, PartialEq)]
pub struct FaqBuild {
    /// The entries.
    pub faqs: FaqSet,
    /// For each question unit, the id of the entry it went to, if any.
    pub unit_faq: Vec<Option<String>>,
}

impl<'a> FaqBuilder<'a> {
    /// A builder without previous run or existing FAQ.
    pub fn new() -> Self {
        FaqBuilder::default()
    }

    /// The last run's FAQ: ids, curation and retired entries carry over.
    pub fn previous(mut self, previous: &'a FaqSet) -> Self {
        self.previous = Some(previous);
        self
    }

    /// The help center's existing FAQ: entries it answers are marked covered.
    pub fn existing(mut self, existing: &'a [ExistingFaq]) -> Self {
        self.existing = existing;
        self
    }

    /// Which units mining could take (for example, those in the languages mined), by unit
    /// index; default: all. Carry-over only pulls eligible units left out as noise into
    /// previous entries.
    pub fn eligible(mut self, eligible: &'a [bool]) -> Self {
        self.eligible = Some(eligible);
        self
    }

    /// Cross-language links between clusters: `links[i]` lists the clusters (indices into
    /// the `clusters` given to [`build`](Self::build)) that ask cluster `i`'s question in
    /// other languages. The entries that hold them list each other in `siblings`.
    pub fn siblings(mut self, links: &'a [Vec<usize>]) -> Self {
        self.siblings = Some(links);
        self
    }

    /// The topic of each cluster: `topics[i]` is the topic number of cluster `i` (of the
    /// `clusters` given to [`build`](Self::build)); clusters with the same number share a
    /// subject, and their entries are grouped into one [`Topic`]. Default: every cluster is
    /// its own topic.
    pub fn topics(mut self, topics: &'a [usize]) -> Self {
        self.topics = Some(topics);
        self
    }

    /// Each conversation's messages as [`clean_conversation`](crate::clean::clean_conversation)
    /// cleaned them (`cleaned[i]` for `conversations[i]`), when the caller has them: agent
    /// replies are then taken from them, with their conversation-level cleaning, instead of
    /// being cleaned again one by one.
    pub fn cleaned(mut self, cleaned: &'a [Vec<Cleaned>]) -> Self {
        self.cleaned = Some(cleaned);
        self
    }

    /// Builds the entries of `clusters` (lists of indices into `units`, which point into
    /// `conversations`).
    pub fn build(
        &self,
        conversations: &[Conversation],
        units: &[QuestionUnit],
        clusters: &[Vec<usize>],
    ) -> FaqBuild {
        let units_ok = sanitize(conversations, units, clusters);
        let clusters = &units_ok;
        let mut corpus = Corpus::new(conversations, units, clusters.len());
        // A hand-edited file may repeat an id: the first entry with it counts.
        let deduped = self.previous.map(|p| {
            let mut seen_ids = BTreeSet::new();
            let entries = p.entries.iter().filter(|e| seen_ids.insert(e.id.clone())).cloned().collect();
            FaqSet { entries, search_log: None, ..p.clone() }
        });
        let previous = deduped.as_ref();
        let groups = curate::plan(&corpus, clusters, previous, self.eligible);
        corpus.prepare_replies(groups.iter().map(|g| g.members.as_slice()), self.cleaned);
        let built = build_all(&corpus, &groups);
        let (groups, built) = drop_disagreeing(groups, built);

        let prev_entries = previous.map(|p| p.entries.as_slice()).unwrap_or_default();
        let mut taken: BTreeSet<String> = prev_entries.iter().map(|e| e.id.clone()).collect();
        let mut entries: Vec<(FaqEntry, Vec<(String, f32)>)> = Vec::with_capacity(built.len());
        let mut seen = BTreeSet::new();
        // New entries get ids in the order of their content, so that the ids do not depend
        // on the order of the clusters.
        let mut fresh: Vec<usize> = (0..groups.len()).filter(|&g| groups[g].previous.is_none()).collect();
        fresh.sort_by(|&a, &b| {
            let (x, y) = (&built[a], &built[b]);
            (&x.entry.language, &x.canonical_key, groups[a].members.first()).cmp(&(
                &y.entry.language,
                &y.canonical_key,
                groups[b].members.first(),
            ))
        });
        let mut ids = vec![String::new(); groups.len()];
        for g in fresh {
            let b = &built[g];
            ids[g] = ids::unique_id(&format!("{}\u{1f}{}", b.entry.language, b.canonical_key), &mut taken);
        }
        let mut cluster_of: Vec<Option<usize>> = vec![None; units.len()];
        for (c, members) in clusters.iter().enumerate() {
            for &m in members {
                cluster_of[m] = Some(c);
            }
        }
        let cluster_topic = |c: usize| self.topics.and_then(|t| t.get(c).copied()).unwrap_or(c);
        let mut terms = Vec::with_capacity(built.len());
        for ((group, b), id) in groups.iter().zip(built).zip(ids) {
            let Built { mut entry, centroid, terms: t, .. } = b;
            terms.push((topics::majority_topic(&group.members, &cluster_of, cluster_topic), t));
            entry.id = id;
            if let Some(p) = group.previous {
                curate::carry_over(&mut entry, &prev_entries[p]);
                if self.existing.is_empty() {
                    entry.covered_by = prev_entries[p].covered_by.clone();
                }
                seen.insert(p);
            }
            entries.push((entry, centroid));
        }
        coverage::mark_covered(&corpus, &mut entries, self.existing);

        let mut unit_faq = vec![None; units.len()];
        for (group, (entry, _)) in groups.iter().zip(&entries) {
            for &m in &group.members {
                unit_faq[m] = Some(entry.id.clone());
            }
        }
        let mut entries: Vec<FaqEntry> = entries.into_iter().map(|(e, _)| e).collect();
        if let Some(links) = self.siblings {
            let linked = sibling_ids(clusters, links, &unit_faq);
            for e in &mut entries {
                e.siblings = linked.get(&e.id).map(|s| s.iter().cloned().collect()).unwrap_or_default();
            }
        }
        for e in &mut entries {
            curate::apply_curation(e);
        }
        let of_entry: BTreeMap<String, (Option<usize>, keywords::TermCounts)> =
            entries.iter().map(|e| e.id.clone()).zip(terms).collect();
        entries.extend(curate::unseen(previous, &seen));
        entries.sort_by(|a, b| {
            rank(a).cmp(&rank(b)).then(b.message_count.cmp(&a.message_count)).then(a.id.cmp(&b.id))
        });
        let of_entry: BTreeMap<&str, topics::EntryTopic<'_>> = of_entry
            .iter()
            .map(|(id, (topic, terms))| (id.as_str(), topics::EntryTopic { topic: *topic, terms }))
            .collect();
        let topics = topics::group(&corpus, &entries, &of_entry, previous);
        let coverage = (!self.existing.is_empty()).then(|| coverage::summary(&entries, self.existing.len()));
        FaqBuild { faqs: FaqSet { coverage, topics, ..FaqSet::new(entries) }, unit_faq }
    }
}

/// An entry needs this agreement of its agents' replies when the desk's entries agree at
/// least this much (the median): see [`drop_disagreeing`].
const AGREEMENT_FLOOR: f32 = 0.5;

/// An entry is no answer of its own when its agents' replies disagree (at least 3 of them,
/// agreeing below [`AGREEMENT_FLOOR`]), none of its phrasings was asked twice in the same
/// words, and the desk's entries' replies agree (their median agreement at least the
/// floor): the sentence model drew it by language rather than by question (a language's
/// few one-off questions, each other's only neighbours; on the demo corpus at 0.25–0.29,
/// where every other entry agrees at 0.65 or more). Its members stay unassigned. Entries that continue a previous one are kept, and so is everything on
/// a desk whose replies rarely agree (task dialogues, whose every reply carries its
/// request's details: median agreement about 0.3 on sgd and risawoz).
fn drop_disagreeing(groups: Vec<Group>, built: Vec<Built>) -> (Vec<Group>, Vec<Built>) {
    let judged = |b: &Built| b.entry.answer_count >= 3;
    // One-offs: no phrasing of the entry asked twice in the same words.
    let one_offs = |b: &Built| b.entry.variants.iter().all(|v| v.count <= 1);
    let mut agreement: Vec<f32> =
        built.iter().filter(|b| judged(b)).filter_map(|b| b.entry.answer_confidence).collect();
    agreement.sort_by(f32::total_cmp);
    let agrees = agreement.get(agreement.len() / 2).is_some_and(|&m| m >= AGREEMENT_FLOOR);
    if !agrees {
        return (groups, built);
    }
    groups
        .into_iter()
        .zip(built)
        .filter(|(g, b)| {
            g.previous.is_some()
                || !judged(b)
                || !one_offs(b)
                || b.entry.answer_confidence.is_none_or(|c| c >= AGREEMENT_FLOOR)
        })
        .unzip()
}

/// For each entry id, the ids of its siblings: the entries that hold most of each linked
/// cluster.
fn sibling_ids(
    clusters: &[Vec<usize>],
    links: &[Vec<usize>],
    unit_faq: &[Option<String>],
) -> BTreeMap<String, BTreeSet<String>> {
    let holder: Vec<Option<&String>> = clusters
        .iter()
        .map(|c| {
            let mut votes: BTreeMap<&String, usize> = BTreeMap::new();
            for id in c.iter().filter_map(|&m| unit_faq.get(m).and_then(Option::as_ref)) {
                *votes.entry(id).or_default() += 1;
            }
            votes.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0))).map(|(id, _)| id)
        })
        .collect();
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (c, linked) in links.iter().enumerate() {
        for &s in linked {
            if let (Some(Some(a)), Some(Some(b))) = (holder.get(c), holder.get(s)) {
                if a != b {
                    out.entry((*a).clone()).or_default().insert((*b).clone());
                    out.entry((*b).clone()).or_default().insert((*a).clone());
                }
            }
        }
    }
    out
}

/// The order of entries in a set: pinned, live, suppressed, merged, retired.
fn rank(e: &FaqEntry) -> u8 {
    match e.status {
        s if s.is_live() && e.curation.pinned => 0,
        s if s.is_live() => 1,
        Status::Suppressed => 2,
        Status::Merged => 3,
        _ => 4,
    }
}

/// The clusters with out-of-range unit indices (and units pointing outside the
/// conversations) dropped, so that no input can make the stage panic.
fn sanitize(
    conversations: &[Conversation],
    units: &[QuestionUnit],
    clusters: &[Vec<usize>],
) -> Vec<Vec<usize>> {
    let ok = |m: usize| {
        units.get(m).is_some_and(|u| {
            conversations.get(u.conversation).is_some_and(|c| u.message_index < c.messages.len())
        })
    };
    clusters.iter().map(|c| c.iter().copied().filter(|&m| ok(m)).collect()).collect()
}

fn build_all(corpus: &Corpus<'_>, groups: &[Group]) -> Vec<Built> {
    groups.par_iter().map(|g| build_entry(corpus, &g.members)).collect()
}

/// Builds one entry per cluster; `entries[i]` describes `clusters[i]` (no previous run, no
/// existing FAQ; [`FaqBuilder`] does the whole job).
pub fn build(
    conversations: &[Conversation],
    units: &[QuestionUnit],
    clusters: &[Vec<usize>],
) -> Vec<FaqEntry> {
    let clusters = sanitize(conversations, units, clusters);
    let mut corpus = Corpus::new(conversations, units, clusters.len());
    let groups: Vec<Group> = clusters.iter().map(|c| Group { members: c.clone(), previous: None }).collect();
    corpus.prepare_replies(groups.iter().map(|g| g.members.as_slice()), None);
    let mut taken = BTreeSet::new();
    build_all(&corpus, &groups)
        .into_iter()
        .map(|b| {
            let mut entry = b.entry;
            entry.id = ids::unique_id(&format!("{}\u{1f}{}", entry.language, b.canonical_key), &mut taken);
            entry
        })
        .collect()
}
