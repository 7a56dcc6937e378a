//! Stage 1, order: in which order are the conversations taken?

use crate::model::Conversation;

/// The order in which conversations are taken: by id, so that the input order cannot change
/// anything downstream.
///
/// The slice itself is not copied: units point into it by position, and only the order in
/// which they are made follows the ids (readers already return conversations in id order,
/// and then nothing is sorted). The sort is stable, so conversations with the same id keep
/// their input order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum ConversationOrder {
    /// The slice is already in id order.
    AsGiven,
    /// Positions in the slice, in id order.
    ById(Vec<usize>),
}

impl ConversationOrder {
    /// The id order of `conversations`.
    pub(super) fn of(conversations: &[Conversation]) -> Self {
        if conversations.is_sorted_by(|a, b| a.id <= b.id) {
            return ConversationOrder::AsGiven;
        }
        let mut order: Vec<usize> = (0..conversations.len()).collect();
        order.sort_by(|&a, &b| conversations[a].id.cmp(&conversations[b].id));
        ConversationOrder::ById(order)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Message, Role};

    fn conversation(id: &str) -> Conversation {
        Conversation::new(id, vec![Message::new(Role::Customer, id)])
    }

    #[test]
    fn sorted_input_is_taken_as_given_and_ties_keep_their_order() {
        let sorted = [conversation("a"), conversation("b"), conversation("b")];
        assert_eq!(ConversationOrder::of(&sorted), ConversationOrder::AsGiven);
        let shuffled = [conversation("c"), conversation("a"), conversation("b"), conversation("a")];
        assert_eq!(ConversationOrder::of(&shuffled), ConversationOrder::ById(vec![1, 3, 2, 0]));
    }
}
