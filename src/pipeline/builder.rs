//! [`MinerBuilder`]: the settings of a [`Miner`], validated once.

use std::sync::Arc;

use super::clean::UserMask;
use super::{Miner, ProgressFn};
use crate::analyze::Analyzer;
use crate::faq::{ExistingFaq, FaqSet};
use crate::mine::{ClusterConfig, Embedder, Granularity};
use crate::{Error, Result};

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
        let masks = self
            .masks
            .iter()
            .map(|(name, pattern)| UserMask::new(name, pattern))
            .collect::<Result<Vec<_>>>()?;
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
