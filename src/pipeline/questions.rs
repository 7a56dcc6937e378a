//! Stage 3, extract questions: which texts do customers ask?

use rayon::prelude::*;

use super::order::ConversationOrder;
use crate::clean::Cleaned;
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

/// The question texts of conversation `conversation`, taken out of its cleaned messages.
fn take<'a>(
    (conversation, (conv, cleaned)): (usize, (&'a Conversation, &'a mut Vec<Cleaned>)),
) -> impl Iterator<Item = QuestionText> + 'a {
    conv.messages.iter().zip(cleaned.iter_mut()).enumerate().filter_map(move |(message_index, (m, c))| {
        if m.role == Role::Customer {
            c.body = String::new();
            Some(QuestionText { conversation, message_index, text: std::mem::take(&mut c.question) })
        } else {
            c.question = String::new();
            None
        }
    })
}
