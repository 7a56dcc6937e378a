//! The [`Miner`]: the whole pipeline from conversations to a [`FaqSet`], one call.
//!
//! clean → analyze → mine → faq, with progress reported through a callback.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::analyze::{Analysis, Analyzer, Utterance};
use crate::clean::{clean_conversation, Cleaned};
use crate::faq::{self, ExistingFaq, FaqSet};
use crate::mine::{self, ClusterConfig, Embedder, Granularity, QuestionUnit};
use crate::model::{Conversation, Role};
use crate::{Error, Result};

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

/// Where one customer message went: `assignments.jsonl`, one line each.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    /// The conversation's id.
    pub conversation_id: String,
    /// 0-based position of the message in its conversation.
    pub message_index: usize,
    /// The FAQ entry the message was put in, or `None`.
    pub faq_id: Option<String>,
    /// The question text extracted from the message (cleaned, personal data masked).
    pub question: String,
}

/// The result of a mining run.
#[derive(Debug, Clone)]
pub struct MiningRun {
    /// The FAQ entries.
    pub faqs: FaqSet,
    /// One assignment per customer message looked at, sorted by conversation id and index.
    pub assignments: Vec<Assignment>,
}

/// Builds a [`Miner`].
#[derive(Clone, Default)]
pub struct MinerBuilder {
    min_support: Option<usize>,
    granularity: Granularity,
    languages: Option<Vec<String>>,
    progress: Option<ProgressFn>,
    previous: Option<FaqSet>,
    existing: Vec<ExistingFaq>,
    embedder: Option<Arc<dyn Embedder>>,
    masks: Vec<(String, String)>,
}

impl MinerBuilder {
    /// Masks what `pattern` (a regular expression, [`regex`](https://docs.rs/regex) syntax)
    /// matches in every message, as `⟨name⟩`, on top of the built-in personal-data rules:
    /// for identifiers only your organisation knows (policy numbers, member ids). Repeat
    /// for several patterns; they apply in the order given, after the built-in rules.
    ///
    /// ```
    /// use faqmine::{Conversation, Message, Miner, Role};
    ///
    /// let convs: Vec<Conversation> = (0..3)
    ///     .map(|i| {
    ///         Conversation::new(
    ///             format!("c{i}"),
    ///             vec![
    ///                 Message::new(Role::Customer, "Why was policy PX-7781 cancelled?"),
    ///                 Message::new(Role::Agent, "Policy PX-7781 lapsed: the premium was unpaid."),
    ///             ],
    ///         )
    ///     })
    ///     .collect();
    /// let faqs = Miner::builder().mask("policy", r"\bPX-\d{4}\b").build()?.mine(&convs)?;
    /// let e = &faqs.entries[0];
    /// assert_eq!(e.question, "Why was policy ⟨policy⟩ cancelled?");
    /// assert!(e.answer.as_deref().unwrap().starts_with("Policy ⟨policy⟩ lapsed"));
    /// # Ok::<(), faqmine::Error>(())
    /// ```
    pub fn mask(mut self, name: &str, pattern: &str) -> Self {
        self.masks.push((name.to_string(), pattern.to_string()));
        self
    }

    /// Sentence vectors to cluster with, beside the lexical features (for example a static
    /// embedding model loaded from disk, to link paraphrases across languages). Optional:
    /// the lexical default stands on its own.
    pub fn embedder(mut self, embedder: Arc<dyn Embedder>) -> Self {
        self.embedder = Some(embedder);
        self
    }

    /// The last run's FAQ: its ids, curated edits and retired entries carry over.
    pub fn previous(mut self, faqs: FaqSet) -> Self {
        self.previous = Some(faqs);
        self
    }

    /// The help center's existing FAQ: mined entries it already answers are marked covered.
    pub fn existing(mut self, entries: Vec<ExistingFaq>) -> Self {
        self.existing = entries;
        self
    }

    /// The smallest number of customer messages that makes an FAQ entry (default 3).
    pub fn min_support(mut self, n: usize) -> Self {
        self.min_support = Some(n);
        self
    }

    /// How finely questions are told apart (default [`Granularity::Standard`]; see there).
    pub fn granularity(mut self, granularity: Granularity) -> Self {
        self.granularity = granularity;
        self
    }

    /// Mine only messages in these languages (ISO 639-1 codes). Default: all.
    pub fn languages<I: IntoIterator<Item = S>, S: Into<String>>(mut self, langs: I) -> Self {
        self.languages = Some(langs.into_iter().map(Into::into).collect());
        self
    }

    /// A callback for progress reports.
    pub fn progress(mut self, f: ProgressFn) -> Self {
        self.progress = Some(f);
        self
    }

    /// Validates the settings.
    ///
    /// # Errors
    /// [`Error::Config`] when `min_support` is 0, the language list is empty, or a
    /// [`mask`](Self::mask) has an empty name or a pattern that does not compile or matches
    /// the empty string.
    pub fn build(self) -> Result<Miner> {
        let mut masks = Vec::with_capacity(self.masks.len());
        for (name, pattern) in &self.masks {
            if name.trim().is_empty() || name.contains(['⟨', '⟩']) {
                return Err(Error::Config {
                    field: "mask",
                    message: format!("bad name {name:?} for {pattern:?}"),
                });
            }
            let re = regex::Regex::new(pattern)
                .map_err(|e| Error::Config { field: "mask", message: format!("{pattern:?}: {e}") })?;
            if re.is_match("") {
                return Err(Error::Config {
                    field: "mask",
                    message: format!("{pattern:?} matches the empty string"),
                });
            }
            masks.push((re, format!("⟨{}⟩", name.trim())));
        }
        let min_support = self.min_support.unwrap_or(3);
        if min_support < 2 {
            return Err(Error::Config { field: "min_support", message: "must be at least 2".into() });
        }
        if matches!(&self.languages, Some(l) if l.is_empty()) {
            return Err(Error::Config { field: "languages", message: "must not be empty".into() });
        }
        Ok(Miner {
            cluster: ClusterConfig { min_support, granularity: self.granularity, ..ClusterConfig::default() },
            languages: self.languages,
            progress: self.progress,
            previous: self.previous,
            existing: self.existing,
            embedder: self.embedder,
            analyzer: Analyzer::new(),
            masks: Arc::new(masks),
        })
    }
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
    /// The user's extra masks: pattern and placeholder.
    masks: Arc<Vec<(regex::Regex, String)>>,
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
        // Conversations are taken in id order so that the input order cannot change
        // anything downstream. The slice itself is not copied: units point into it by
        // position, and only the order in which they are made follows the ids (readers
        // already return conversations in id order). The sort is stable, so conversations
        // with the same id keep their input order.
        let order: Option<Vec<usize>> = (!conversations.is_sorted_by(|a, b| a.id <= b.id)).then(|| {
            let mut order: Vec<usize> = (0..conversations.len()).collect();
            order.sort_by(|&a, &b| conversations[a].id.cmp(&conversations[b].id));
            order
        });

        self.report(Stage::Analyze, 0, conversations.len() as u64);
        // Each conversation is cleaned once, as a whole (the cleaner masks its participants'
        // names and cuts history repeated without quote marks); the faq stage takes the
        // agent replies from the same result.
        let mut cleaned: Vec<Vec<Cleaned>> = conversations.par_iter().map(clean_conversation).collect();
        if !self.masks.is_empty() {
            // Only what later stages read: customers' questions and agents' replies.
            conversations.par_iter().zip(cleaned.par_iter_mut()).for_each(|(conv, cleaned)| {
                for (m, c) in conv.messages.iter().zip(cleaned.iter_mut()) {
                    let text = match m.role {
                        Role::Customer => &mut c.question,
                        Role::Agent => &mut c.body,
                        Role::Bot | Role::System => continue,
                    };
                    for (re, placeholder) in self.masks.iter() {
                        if let std::borrow::Cow::Owned(masked) =
                            re.replace_all(text, regex::NoExpand(placeholder))
                        {
                            *text = masked;
                        }
                    }
                }
            });
        }
        // The question texts of customer messages move out of the cleaned conversations;
        // what no later stage reads (customers' bodies, agents' question texts) is freed.
        // Only agents' bodies are read again, for the answers.
        fn take<'a>(
            (ci, (conv, cleaned)): (usize, (&'a Conversation, &'a mut Vec<Cleaned>)),
        ) -> impl Iterator<Item = (usize, usize, String)> + 'a {
            conv.messages.iter().zip(cleaned.iter_mut()).enumerate().filter_map(move |(mi, (m, c))| {
                if m.role == Role::Customer {
                    c.body = String::new();
                    Some((ci, mi, std::mem::take(&mut c.question)))
                } else {
                    c.question = String::new();
                    None
                }
            })
        }
        let pairs = conversations.par_iter().zip(cleaned.par_iter_mut()).enumerate();
        let questions: Vec<(usize, usize, String)> = match &order {
            None => pairs.flat_map_iter(take).collect(),
            Some(order) => {
                let mut by_conversation: Vec<Vec<(usize, usize, String)>> =
                    pairs.map(|x| take(x).collect()).collect();
                order.iter().flat_map(|&ci| std::mem::take(&mut by_conversation[ci])).collect()
            }
        };
        // Customers repeat themselves word for word ("where is my order?"): each distinct
        // text is analyzed once. Analysis depends on the text alone, so this changes nothing
        // but the time.
        let mut slot_of: HashMap<&str, u32> = HashMap::with_capacity(questions.len() / 2);
        let mut distinct: Vec<&str> = Vec::new();
        let slots: Vec<u32> = questions
            .iter()
            .map(|(_, _, q)| {
                *slot_of.entry(q.as_str()).or_insert_with(|| {
                    distinct.push(q.as_str());
                    (distinct.len() - 1) as u32
                })
            })
            .collect();
        drop(slot_of);
        let analyses: Vec<(Utterance, String, Vec<String>)> = distinct
            .par_iter()
            .map(|q| {
                let a = self.analyzer.analyze(q, None);
                (a.utterance, a.language, a.tokens)
            })
            .collect();
        drop(distinct);
        let mut units: Vec<QuestionUnit> = questions
            .into_par_iter()
            .zip(slots)
            .map(|((ci, mi, text), slot)| {
                let (utterance, language, terms) = &analyses[slot as usize];
                QuestionUnit {
                    conversation: ci,
                    message_index: mi,
                    utterance: *utterance,
                    language: language.clone(),
                    terms: terms.clone(),
                    text,
                    timestamp: conversations[ci].messages[mi].timestamp,
                }
            })
            .collect();
        drop(analyses);
        self.language_prior(&mut units);
        self.report(Stage::Analyze, conversations.len() as u64, conversations.len() as u64);

        let eligible: Vec<usize> = (0..units.len())
            .filter(|&i| self.languages.as_ref().is_none_or(|l| l.iter().any(|x| *x == units[i].language)))
            .collect();
        self.report(Stage::Cluster, 0, eligible.len() as u64);
        let report = |done: u64, total: u64| self.report(Stage::Cluster, done, total);
        let mut clusterer = mine::Clusterer::new(&self.cluster).progress(&report);
        if let Some(embedder) = &self.embedder {
            clusterer = clusterer.embedder(embedder.as_ref());
        }
        // Without a language filter every unit is eligible: cluster them in place rather
        // than copying them (a copy costs about a gigabyte at a million messages).
        let clustering = if eligible.len() == units.len() {
            clusterer.run(&units)
        } else {
            let subset: Vec<QuestionUnit> = eligible.iter().map(|&i| units[i].clone()).collect();
            let mut c = clusterer.run(&subset);
            for cluster in &mut c.clusters {
                for i in cluster.iter_mut() {
                    *i = eligible[*i];
                }
            }
            c
        };
        let mine::Clustering { clusters, siblings, .. } = clustering;
        self.report(Stage::Cluster, eligible.len() as u64, eligible.len() as u64);

        self.report(Stage::Faq, 0, clusters.len() as u64);
        let mut mask = vec![false; units.len()];
        for &i in &eligible {
            mask[i] = true;
        }
        let mut builder = faq::FaqBuilder::new()
            .cleaned(&cleaned)
            .existing(&self.existing)
            .eligible(&mask)
            .siblings(&siblings);
        if let Some(previous) = &self.previous {
            builder = builder.previous(previous);
        }
        // The faq stage may move messages between entries (carry-over from the previous
        // run, curated merges and splits), so the assignments come from it.
        let faq::FaqBuild { faqs, unit_faq: faq_of } = builder.build(conversations, &units, &clusters);
        self.report(Stage::Faq, clusters.len() as u64, clusters.len() as u64);

        let assignments = units
            .iter()
            .zip(faq_of)
            .map(|(u, faq_id)| Assignment {
                conversation_id: conversations[u.conversation].id.clone(),
                message_index: u.message_index,
                faq_id,
                question: u.text.clone(),
            })
            .collect();
        Ok(MiningRun { faqs, assignments })
    }

    /// Short messages ("Cancel alarm", "ok merci") often have too few letters to tell their
    /// language, and then miss their language's stemmer, stopwords and request forms. Each
    /// short message is analyzed again with a prior (see [`Analyzer::analyze_with_hint`]):
    /// the most frequent language among the customer messages of its conversation, or, in a
    /// conversation without one, of the whole input. Longer texts keep their detection.
    fn language_prior(&self, units: &mut [QuestionUnit]) {
        const SHORT_WORDS: usize = 6;
        let majority = |counts: &BTreeMap<&str, usize>| {
            // Most frequent, ties to the smaller code.
            counts.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))).map(|(l, _)| l.to_string())
        };
        let known = |l: &str| l != crate::analyze::UNDETERMINED;
        let mut corpus: BTreeMap<&str, usize> = BTreeMap::new();
        let mut by_conversation: BTreeMap<usize, BTreeMap<&str, usize>> = BTreeMap::new();
        for u in units.iter().filter(|u| known(&u.language)) {
            *corpus.entry(&u.language).or_default() += 1;
            *by_conversation.entry(u.conversation).or_default().entry(&u.language).or_default() += 1;
        }
        let Some(corpus_language) = majority(&corpus) else { return };
        let hints: HashMap<usize, String> =
            by_conversation.iter().filter_map(|(&c, counts)| Some((c, majority(counts)?))).collect();
        // Each distinct (text, prior) is analyzed once: short messages repeat the most.
        let mut again: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
        for (i, u) in units.iter().enumerate() {
            let hint = hints.get(&u.conversation).unwrap_or(&corpus_language);
            if u.language != *hint && u.text.split_whitespace().count() <= SHORT_WORDS {
                again.entry((u.text.as_str(), hint.as_str())).or_default().push(i);
            }
        }
        let redone: Vec<(Analysis, Vec<usize>)> = again
            .into_par_iter()
            .map(|((text, hint), members)| (self.analyzer.analyze_with_hint(text, None, Some(hint)), members))
            .collect();
        for (analysis, members) in redone {
            if !known(&analysis.language) {
                continue;
            }
            for i in members {
                units[i].language.clone_from(&analysis.language);
                units[i].utterance = analysis.utterance;
                units[i].terms.clone_from(&analysis.tokens);
            }
        }
    }

    fn report(&self, stage: Stage, done: u64, total: u64) {
        if let Some(p) = &self.progress {
            p(Progress { stage, done, total });
        }
    }
}
