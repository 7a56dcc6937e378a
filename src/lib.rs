//! faqmine turns a help center's support conversations into an FAQ and a search box.
//!
//! It reads email and chat transcripts in any language (with particular care for
//! Vietnamese, French, Urdu and English), finds the questions customers ask again and again,
//! writes an FAQ entry for each (the question as customers phrase it, the answer agents
//! actually gave, how often and since when) and serves a fast ranked search over those
//! entries that a help center embeds in its own process.
//!
//! The pipeline, one module a stage:
//!
//! | stage | module | in → out |
//! |---|---|---|
//! | ingest | [`ingest`] | files → [`Conversation`]s and [`Diagnostic`](ingest::Diagnostic)s |
//! | clean | [`clean`] | a message → what its author wrote, personal data masked |
//! | analyze | [`analyze`] | text → language, question verdict, index terms |
//! | mine | [`mine`] | question units → clusters of the same question |
//! | faq | [`faq`] | clusters → [`FaqEntry`]s in a [`FaqSet`] |
//! | search | [`search`] | a [`FaqSet`] → a [`FaqIndex`] → ranked [`Hit`]s |
//!
//! Beside them, [`embed`] turns texts into sentence vectors (the [`Embedder`](embed::Embedder)
//! trait and the built-in offline multilingual model [`E5Model`](embed::E5Model)), which
//! mine and search can use.
//!
//! [`Miner`] runs clean → analyze → mine → faq in one call.
//!
//! # Example
//!
//! ```
//! use faqmine::{Conversation, FaqIndex, Message, Miner, Role, SearchRequest};
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
//! let faqs = Miner::builder().min_support(3).build()?.mine(&conversations)?;
//! assert_eq!(faqs.entries.len(), 1);
//! assert_eq!(faqs.entries[0].message_count, 4);
//!
//! let index = FaqIndex::create_in_ram(&faqs)?;
//! let hits = index.search(&SearchRequest::new("reset password").limit(5))?;
//! assert_eq!(hits[0].faq_id, faqs.entries[0].id);
//! # Ok(())
//! # }
//! ```

#![deny(missing_docs)]

pub mod analyze;
pub mod clean;
pub mod embed;
mod error;
pub mod eval;
pub mod faq;
pub mod ingest;
pub mod mine;
pub mod model;
mod pipeline;
pub mod search;

pub use error::{Error, Result};
pub use faq::{FaqEntry, FaqSet};
pub use model::{Channel, Conversation, Message, Role};
pub use pipeline::{Assignment, Miner, MinerBuilder, MiningRun, Progress, ProgressFn, Stage};
pub use search::{FaqIndex, Hit, SearchRequest};

/// The README's library example, compiled as a doctest so that it cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
