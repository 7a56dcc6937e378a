//! Stage 3, extract questions: which texts do customers ask?

use rayon::prelude::*;

use super::order::ConversationOrder;
use crate::clean::{participant_names, question_unit, Cleaned};
use crate::model::{Conversation, Role};

/// The question text of one customer message, not yet analyzed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct QuestionText {
    /// Position of the conversation in the slice given to the miner.
    pub(super) conversation: usize,
    /// 0-based position of the message in its conversation.
    pub(super) message_index: usize,
    /// The cleaned, masked question text.
    pub(super) text: String,
}

/// Moves the question texts of customer messages out of `cleaned`, conversations in
/// `order`, messages in conversation order. What no later stage reads (customers' bodies,
/// agents' question texts) is freed; only agents' bodies stay, for the answers.
pub(super) fn extract_questions(
    conversations: &[Conversation],
    cleaned: &mut [Vec<Cleaned>],
    order: &ConversationOrder,
) -> Vec<QuestionText> {
    let pairs = conversations.par_iter().zip(cleaned.par_iter_mut()).enumerate();
    match order {
        ConversationOrder::AsGiven => pairs.flat_map_iter(take).collect(),
        ConversationOrder::ById(order) => {
            let mut by_conversation: Vec<Vec<QuestionText>> = pairs.map(|x| take(x).collect()).collect();
            order.iter().flat_map(|&ci| std::mem::take(&mut by_conversation[ci])).collect()
        }
    }
}

/// The question texts of conversation `conversation`, taken out of its cleaned messages:
/// each customer message's question unit (no pasted material, short, with its subject when
/// the question names nothing; see [`question_unit`]).
fn take<'a>(
    (conversation, (conv, cleaned)): (usize, (&'a Conversation, &'a mut Vec<Cleaned>)),
) -> impl Iterator<Item = QuestionText> + 'a {
    // The participants' names are masked in subjects too; found once, and only for a
    // conversation with a subject.
    let names = std::sync::OnceLock::new();
    conv.messages.iter().zip(cleaned.iter_mut()).enumerate().filter_map(move |(message_index, (m, c))| {
        if m.role == Role::Customer {
            c.body = String::new();
            let subject = m.metadata.get("subject").map(String::as_str).filter(|s| !s.trim().is_empty());
            let question = std::mem::take(&mut c.question);
            let text = if question.trim().is_empty() {
                question
            } else {
                let names: &Vec<String> = names.get_or_init(|| match subject {
                    Some(_) => participant_names(conv),
                    None => Vec::new(),
                });
                question_unit(&question, subject, names)
            };
            Some(QuestionText { conversation, message_index, text })
        } else {
            c.question = String::new();
            None
        }
    })
}
