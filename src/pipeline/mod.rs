//! The [`Miner`]: the whole pipeline from conversations to a [`FaqSet`], one call.
//!
//! [`Miner::run`] is a sequence of stages, one function and one file each, every stage with
//! its own input and output:
//!
//! | stage | file | in → out |
//! |---|---|---|
//! | 1. order | `order.rs` | conversations → their id order (`ConversationOrder`) |
//! | 2. clean and mask | `clean.rs` | conversations → `Cleaned` messages, personal data and the user's masks applied |
//! | 3. extract questions | `questions.rs` | cleaned messages → customers' `QuestionText`s, in id order |
//! | 4. analyze | `analyze.rs` | question texts → [`QuestionUnit`]s (each distinct text analyzed once, then the language prior for short ones) |
//! | 5. cluster | `cluster.rs` | units in the chosen languages (`Eligible`) → a [`Clustering`](crate::mine::Clustering) |
//! | 6. replies as evidence | `replies.rs` | clusters, units and agent replies → a [`Clustering`](crate::mine::Clustering) split, merged and completed along the replies |
//! | 7. build entries | `entries.rs` | clusters, units and agent replies → a [`FaqBuild`](crate::faq::FaqBuild) |
//! | 8. assign | `assign.rs` | units and their entries → [`Assignment`]s |
//!
//! Progress goes to a callback ([`MinerBuilder::progress`]) as three [`Stage`]s: stages 1
//! to 4 report as [`Stage::Analyze`], stages 5 and 6 as [`Stage::Cluster`], stages 7 and 8 as
//! [`Stage::Faq`].

mod analyze;
mod assign;
mod builder;
mod clean;
mod cluster;
mod entries;
mod order;
mod questions;
mod replies;

use std::sync::Arc;

pub use assign::Assignment;
pub use builder::MinerBuilder;

use self::analyze::{analyze_distinct, apply_language_prior};
use self::assign::assign;
use self::clean::{clean_and_mask, UserMask};
use self::cluster::{cluster, Eligible};
use self::entries::{build_entries, EntrySources};
use self::order::ConversationOrder;
use self::questions::extract_questions;
use self::replies::{refine_by_replies, reply_evidence};
use crate::analyze::Analyzer;
use crate::faq::{ExistingFaq, FaqSet};
use crate::mine::{self, ClusterConfig, Embedder, QuestionUnit};
use crate::model::Conversation;
use crate::Result;

/// A stage of a mining run, for progress reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Stage {
    /// Cleaning and analyzing customer messages.
    Analyze,
    /// Clustering question units.
    Cluster,
    /// Writing FAQ entries.
    Faq,
}

/// A progress report: `done` of `total` items of `stage`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// The stage.
    pub stage: Stage,
    /// Items done so far.
    pub done: u64,
    /// Items in the stage.
    pub total: u64,
}

/// A progress callback. Called from worker threads; keep it cheap.
pub type ProgressFn = Arc<dyn Fn(Progress) + Send + Sync>;

/// The result of a mining run.
#[derive(Debug, Clone)]
pub struct MiningRun {
    /// The FAQ entries.
    pub faqs: FaqSet,
    /// One assignment per customer message looked at, sorted by conversation id and index.
    pub assignments: Vec<Assignment>,
}

/// Mines FAQ entries from conversations.
#[derive(Clone)]
pub struct Miner {
    cluster: ClusterConfig,
    languages: Option<Vec<String>>,
    progress: Option<ProgressFn>,
    previous: Option<FaqSet>,
    existing: Vec<ExistingFaq>,
    embedder: Option<Arc<dyn Embedder>>,
    analyzer: Analyzer,
    /// The user's extra masks, in the order given.
    masks: Arc<Vec<UserMask>>,
}

impl std::fmt::Debug for Miner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Miner").field("cluster", &self.cluster).field("languages", &self.languages).finish()
    }
}

impl Miner {
    /// A builder with the default settings.
    pub fn builder() -> MinerBuilder {
        MinerBuilder::default()
    }

    /// Mines `conversations` into a [`FaqSet`].
    ///
    /// # Errors
    /// Reserved for failures of later stages; mining itself does not fail on any text.
    pub fn mine(&self, conversations: &[Conversation]) -> Result<FaqSet> {
        Ok(self.run(conversations)?.faqs)
    }

    /// Mines `conversations` and also says where each customer message went.
    ///
    /// # Errors
    /// As [`mine`](Self::mine).
    pub fn run(&self, conversations: &[Conversation]) -> Result<MiningRun> {
        let total = conversations.len() as u64;
        self.report(Stage::Analyze, 0, total);
        let order = ConversationOrder::of(conversations);
        let mut cleaned = clean_and_mask(conversations, &self.masks);
        let questions = extract_questions(conversations, &mut cleaned, &order);
        let mut units = analyze_distinct(&self.analyzer, conversations, questions);
        apply_language_prior(&self.analyzer, &mut units);
        self.report(Stage::Analyze, total, total);

        let eligible = Eligible::select(&units, self.languages.as_deref());
        let clustering = self.cluster(&units, &eligible);
        let replies =
            reply_evidence(&self.analyzer, conversations, &cleaned, &units, self.embedder.as_deref());
        let clustering = refine_by_replies(&units, &eligible, clustering, &replies, self.cluster.min_support);
        drop(replies);

        let clusters = clustering.clusters.len() as u64;
        self.report(Stage::Faq, 0, clusters);
        let build = build_entries(EntrySources {
            conversations,
            cleaned: &cleaned,
            units: &units,
            eligible: &eligible,
            clustering: &clustering,
            previous: self.previous.as_ref(),
            existing: &self.existing,
        });
        self.report(Stage::Faq, clusters, clusters);

        let assignments = assign(conversations, &units, build.unit_faq, &build.faqs);
        Ok(MiningRun { faqs: build.faqs, assignments })
    }

    /// Stage 5 with this miner's settings and progress reports.
    fn cluster(&self, units: &[QuestionUnit], eligible: &Eligible) -> mine::Clustering {
        let total = eligible.len() as u64;
        self.report(Stage::Cluster, 0, total);
        let report = |done: u64, total: u64| self.report(Stage::Cluster, done, total);
        let mut clusterer = mine::Clusterer::new(&self.cluster).progress(&report);
        if let Some(embedder) = &self.embedder {
            clusterer = clusterer.embedder(embedder.as_ref());
        }
        let clustering = cluster(&clusterer, units, eligible);
        self.report(Stage::Cluster, total, total);
        clustering
    }

    fn report(&self, stage: Stage, done: u64, total: u64) {
        if let Some(p) = &self.progress {
            p(Progress { stage, done, total });
        }
    }
}
