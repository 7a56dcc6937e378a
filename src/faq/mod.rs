//! FAQ: clusters in, entries people can publish out.
//!
//! For each cluster: a canonical question, its variants with counts, the answer agents gave,
//! counts and dates. Ids are derived from content so that they survive re-runs.

mod entry;
mod render;

pub use entry::{FaqEntry, FaqSet, Status, Variant, WeekCount, SCHEMA_VERSION};
pub use render::{render_html, render_markdown};

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

use std::collections::{BTreeMap, BTreeSet};

use crate::clean::clean_message;
use crate::mine::QuestionUnit;
use crate::model::{Conversation, Role};

/// Builds one entry per cluster; `entries[i]` describes `clusters[i]`.
pub fn build(
    conversations: &[Conversation],
    units: &[QuestionUnit],
    clusters: &[Vec<usize>],
) -> Vec<FaqEntry> {
    clusters.iter().map(|c| build_entry(conversations, units, c)).collect()
}

fn build_entry(conversations: &[Conversation], units: &[QuestionUnit], members: &[usize]) -> FaqEntry {
    let mut variants: BTreeMap<&str, u32> = BTreeMap::new();
    let mut languages: BTreeMap<String, u32> = BTreeMap::new();
    let mut convs: BTreeSet<&str> = BTreeSet::new();
    let mut answers: BTreeMap<String, u32> = BTreeMap::new();
    for &m in members {
        let u = &units[m];
        *variants.entry(u.text.as_str()).or_default() += 1;
        *languages.entry(u.language.clone()).or_default() += 1;
        let conv = &conversations[u.conversation];
        convs.insert(conv.id.as_str());
        if let Some(reply) = conv.messages[u.message_index + 1..]
            .iter()
            .take_while(|m| m.role != Role::Customer)
            .find(|m| m.role == Role::Agent)
        {
            let body = clean_message(&reply.text, Role::Agent).body;
            if !body.is_empty() {
                *answers.entry(body).or_default() += 1;
            }
        }
    }
    let mut variants: Vec<Variant> =
        variants.into_iter().map(|(t, c)| Variant { text: t.to_string(), count: c }).collect();
    variants.sort_by(|a, b| b.count.cmp(&a.count).then(a.text.cmp(&b.text)));
    let question = variants[0].text.clone();
    let answer = answers.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))).map(|(a, _)| a);
    let language = languages
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(l, _)| l.clone())
        .unwrap_or_else(|| "und".into());
    FaqEntry {
        id: content_id(&question),
        question,
        variants,
        needs_answer: answer.is_none(),
        answer,
        keywords: Vec::new(),
        language,
        languages,
        message_count: members.len() as u32,
        conversation_count: convs.len() as u32,
        first_seen: None,
        last_seen: None,
        weekly_counts: Vec::new(),
        example_conversation_ids: convs.iter().take(3).map(|s| s.to_string()).collect(),
        status: Status::Mined,
    }
}

/// A short id derived from text (FNV-1a, 64 bits, hex), stable across runs and platforms.
pub fn content_id(text: &str) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in text.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("faq-{:012x}", h >> 16)
}
