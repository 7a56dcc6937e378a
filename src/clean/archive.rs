//! What mailing-list software adds to a message, not its author: mailman's list footer
//! (a line of underscores, then the list's name, `listinfo` address and posting rules),
//! pipermail's `-------------- next part --------------` blocks (an attachment, shown or
//! "scrubbed", with its `Name:`, `Type:`, `Size:`, `URL:` lines), and the markers a content
//! filter leaves where it removed a part (`[[alternative HTML version deleted]]`).
//!
//! Everything after a `next part` line or a list footer is cut: what follows either is the
//! attachment or the footer itself. A marker is removed wherever it stands on a line.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

/// `[[alternative HTML version deleted]]`, `[[alternative text/enriched version deleted]]`,
/// `[[elided Yahoo spam]]`: a content filter's marker, anywhere on a line.
static DELETED_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\[\[(?:[^\[\]\n]{0,80}\b(?:deleted|removed|elided|stripped|scrubbed)\b[^\[\]\n]{0,40})\]\]",
    )
    .expect("valid regex")
});

/// Pipermail's attachment separator.
static NEXT_PART: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^-{3,}\s*next part\s*-{3,}\s*$").expect("valid regex"));

/// Mailman's notice where it removed an attachment (also seen without the separator).
static SCRUBBED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:an? (?:html|non-text|embedded(?: and charset-unspecified)?(?: text)?) (?:attachment|message) was scrubbed\.*|skipped content of type \S+)\s*$")
        .expect("valid regex")
});

/// The lines a scrubbed attachment notice is followed by.
static SCRUBBED_FIELD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:name|type|size|desc|url|filename)\s*:").expect("valid regex"));

/// The separator above a list footer (mailman writes 47 underscores).
static FOOTER_RULE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^_{20,}\s*$").expect("valid regex"));

/// What the lines under a footer rule say about the list.
static FOOTER_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)mailing list|listinfo|/mailman/|unsubscribe|posting[- ]guide|list-(?:leave|request)|to post to this group|googlegroups")
        .expect("valid regex")
});

/// `text` without filter markers; each line that held only a marker becomes empty.
pub(crate) fn remove_markers(text: &str) -> Cow<'_, str> {
    if text.contains("[[") {
        DELETED_MARKER.replace_all(text, "")
    } else {
        Cow::Borrowed(text)
    }
}

/// The index of the first line that the list software added (a `next part` block or a
/// list footer), if there is one.
pub(crate) fn list_additions_start(lines: &[&str]) -> Option<usize> {
    lines.iter().enumerate().position(|(i, line)| {
        let t = line.trim();
        if t.len() > 200 || t.is_empty() {
            return false;
        }
        if NEXT_PART.is_match(t) {
            return true;
        }
        if SCRUBBED.is_match(t) {
            return lines
                .get(i + 1)
                .is_none_or(|next| next.trim().is_empty() || SCRUBBED_FIELD.is_match(next.trim()));
        }
        FOOTER_RULE.is_match(t) && lines[i + 1..].iter().take(4).any(|l| FOOTER_TEXT.is_match(l))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_and_additions_are_found_and_body_text_is_not() {
        assert_eq!(remove_markers("Thanks!\n\t[[alternative HTML version deleted]]\n"), "Thanks!\n\t\n");
        assert_eq!(remove_markers("a [[wiki link]] stays"), "a [[wiki link]] stays");
        let mail = [
            "Question?",
            "",
            "-------------- next part --------------",
            "An HTML attachment was scrubbed...",
        ];
        assert_eq!(list_additions_start(&mail), Some(2));
        let footer = ["Question?", "_______________________________________________", "users mailing list"];
        assert_eq!(list_additions_start(&footer), Some(1));
        let outlook = ["Question?", "________________________________", "From: someone", "Sent: Monday"];
        assert_eq!(list_additions_start(&outlook), None, "Outlook's rule is the quote cutter's");
        assert_eq!(list_additions_start(&["Type: numeric", "Size: 3"]), None);
    }
}
