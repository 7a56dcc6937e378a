//! Stage 8, assign: where did each customer message go?

use serde::{Deserialize, Serialize};

use crate::faq::FaqSet;
use crate::mine::QuestionUnit;
use crate::model::Conversation;

/// Where one customer message went: `assignments.jsonl`, one line each.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    /// The conversation's id.
    pub conversation_id: String,
    /// 0-based position of the message in its conversation.
    pub message_index: usize,
    /// The FAQ entry the message was put in, or `None`.
    pub faq_id: Option<String>,
    /// The topic of that entry, or `None` (no entry, or an entry that is not published).
    pub topic_id: Option<String>,
    /// The question text extracted from the message (cleaned, personal data masked).
    pub question: String,
}

/// One assignment per unit, in unit order: `unit_faq[i]` is the entry of `units[i]`, and
/// `faqs` says which topic each entry is in.
pub(super) fn assign(
    conversations: &[Conversation],
    units: &[QuestionUnit],
    unit_faq: Vec<Option<String>>,
    faqs: &FaqSet,
) -> Vec<Assignment> {
    let topic_of = faqs.topic_ids();
    units
        .iter()
        .zip(unit_faq)
        .map(|(u, faq_id)| Assignment {
            conversation_id: conversations[u.conversation].id.clone(),
            message_index: u.message_index,
            topic_id: faq_id.as_deref().and_then(|f| topic_of.get(f)).map(|t| t.to_string()),
            faq_id,
            question: u.text.clone(),
        })
        .collect()
}
