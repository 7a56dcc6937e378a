//! Stage 2, clean and mask: what did each author write, with personal data and the user's
//! own identifiers masked?

use std::borrow::Cow;

use rayon::prelude::*;

use crate::clean::{clean_conversation, Cleaned};
use crate::model::{Conversation, Role};
use crate::{Error, Result};

/// One of the user's masks ([`MinerBuilder::mask`](super::MinerBuilder::mask)): what it
/// matches is replaced by its placeholder.
#[derive(Debug, Clone)]
pub(super) struct UserMask {
    pattern: regex::Regex,
    /// `⟨name⟩`.
    placeholder: String,
}

impl UserMask {
    /// A mask named `name` for what `pattern` matches.
    ///
    /// # Errors
    /// [`Error::Config`] for an empty name or one with `⟨` or `⟩`, a pattern that does not
    /// compile, or one that matches the empty string.
    pub(super) fn new(name: &str, pattern: &str) -> Result<Self> {
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
        Ok(UserMask { pattern: re, placeholder: format!("⟨{}⟩", name.trim()) })
    }

    /// Masks `text` in place.
    fn apply(&self, text: &mut String) {
        if let Cow::Owned(masked) = self.pattern.replace_all(text, regex::NoExpand(&self.placeholder)) {
            *text = masked;
        }
    }
}

/// Cleans each conversation once, as a whole (the cleaner masks its participants' names and
/// cuts history repeated without quote marks), then applies the user's masks, in the order
/// given, to what later stages read: customers' questions and agents' replies. One
/// [`Cleaned`] per message, conversations in slice order; the entries stage takes the agent
/// replies from the same result.
pub(super) fn clean_and_mask(conversations: &[Conversation], masks: &[UserMask]) -> Vec<Vec<Cleaned>> {
    let mut cleaned: Vec<Vec<Cleaned>> = conversations.par_iter().map(clean_conversation).collect();
    if !masks.is_empty() {
        conversations.par_iter().zip(cleaned.par_iter_mut()).for_each(|(conv, cleaned)| {
            for (m, c) in conv.messages.iter().zip(cleaned.iter_mut()) {
                let text = match m.role {
                    Role::Customer => &mut c.question,
                    Role::Agent => &mut c.body,
                    Role::Bot | Role::System => continue,
                };
                for mask in masks {
                    mask.apply(text);
                }
            }
        });
    }
    cleaned
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Message;

    #[test]
    fn masks_apply_in_order_to_questions_and_replies_only() {
        let conv = Conversation::new(
            "c",
            vec![
                Message::new(Role::Customer, "What does the Zorblax plan cover?"),
                Message::new(Role::Agent, "The Zorblax plan covers repairs."),
                Message::new(Role::Bot, "Zorblax is our best plan."),
            ],
        );
        // The second mask sees what the first wrote: they apply in order.
        let masks = [UserMask::new("plan", "Zorblax").unwrap(), UserMask::new("product", "⟨plan⟩").unwrap()];
        let cleaned = clean_and_mask(std::slice::from_ref(&conv), &masks);
        assert!(cleaned[0][0].question.contains("⟨product⟩ plan"), "{:?}", cleaned[0][0].question);
        assert!(cleaned[0][1].body.contains("⟨product⟩ plan"), "{:?}", cleaned[0][1].body);
        assert!(cleaned[0][2].body.contains("Zorblax"), "{:?}", cleaned[0][2].body);
    }

    #[test]
    fn bad_masks_are_refused() {
        for (name, pattern) in [("", "x"), ("a⟩", "x"), ("id", "("), ("id", "x*")] {
            assert!(
                matches!(UserMask::new(name, pattern), Err(Error::Config { field: "mask", .. })),
                "{name:?} {pattern:?}"
            );
        }
    }
}
