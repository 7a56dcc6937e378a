//! SPEC format 2, shared by the JSONL and CSV readers: flat messages grouped into
//! conversations.
//!
//! Messages are grouped by `conversation_id` in file order: a conversation's messages keep
//! the order of their lines, even when other conversations' lines come between them.

use std::collections::HashMap;
use std::path::Path;

use super::Sink;
use crate::model::{Channel, Conversation, Message};

/// Conversations being assembled from one file.
#[derive(Default)]
pub(super) struct FlatGroups {
    index: HashMap<String, usize>,
    groups: Vec<Group>,
}

struct Group {
    id: String,
    first_line: u64,
    channel: Option<Channel>,
    messages: Vec<Message>,
}

impl FlatGroups {
    /// Adds a message read at `line` to conversation `id`.
    pub(super) fn push(&mut self, id: String, message: Message, channel: Option<Channel>, line: u64) {
        let i = match self.index.get(&id) {
            Some(&i) => i,
            None => {
                self.index.insert(id.clone(), self.groups.len());
                self.groups.push(Group { id, first_line: line, channel: None, messages: Vec::new() });
                self.groups.len() - 1
            }
        };
        let g = &mut self.groups[i];
        if g.channel.is_none() {
            g.channel = channel;
        }
        g.messages.push(message);
    }

    /// Hands the conversations to `sink`, in order of first appearance.
    pub(super) fn flush(self, path: &Path, sink: &mut Sink) {
        for g in self.groups {
            sink.conversation(
                Conversation { id: g.id, channel: g.channel, messages: g.messages },
                path,
                g.first_line,
            );
        }
    }
}
