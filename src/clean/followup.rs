//! Follow-ups that close a thread: "Thanks to all, editing the line worked", "Merci, ça
//! marche !", "Very interesting!". A customer's asks nothing: it is no question (and,
//! being the customer's, no answer). An agent's "Thanks, noted." stays the agent's reply.

use std::sync::LazyLock;

use regex::Regex;
use unicode_segmentation::UnicodeSegmentation;

/// Thanks, in the languages of the lists people write to.
static THANKS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:thanks?|thank you|thx|many thanks|merci|obrigad[oa]s?|gracias|danke|vielen dank|grazie|bedankt|dank je|dank u|спасибо|благодарю|cảm ơn|cám ơn|tak|dziękuję)\b|شكرا|شکریہ")
        .expect("valid regex")
});

/// That the suggestion worked.
static DONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:worked|works (?:now|fine|perfectly|great)|working now|solved|fixed it|that did it|did the trick|it works|funcionou|resolvido|resolveu|funcionó|resuelto|ça marche|ça fonctionne|ca marche|résolu|hat funktioniert|funktioniert jetzt|ha funzionato|funziona|werkt|заработало|получилось|đã được)\b|نجح|حل")
        .expect("valid regex")
});

/// A short reaction that says the message was read and liked.
static APPRECIATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[\s\p{P}]*(?:very |really |so |how |most )?(?:interesting|great|cool|nice|awesome|excellent|perfect|brilliant|wonderful|helpful|\+1|me too|same here|intéressant|très intéressant|génial|parfait|super|interessante|muito bom|genial|perfecto|toll|prima|interessant|ottimo)\b")
        .expect("valid regex")
});

/// What says the problem is not gone: such a follow-up is a new question or a report.
static NOT_DONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:but|however|still|although|though|unfortunately|doesn't|does not|didn't|did not|don't|can't|cannot|won't|isn't|not work\w*|error|fails?|failed|mais|toujours|pas|cependant|pero|todavía|sigue|mas|ainda|não|aber|noch|nicht|però|ancora|non|maar|nog|niet|но|ещё|еще|не|nhưng|vẫn)\b")
        .expect("valid regex")
});

/// At most this many words make a closing follow-up.
const MAX_WORDS: usize = 60;
/// A sentence of at most this many words closes a message whatever it says ("Best, Ana").
const MAX_FILLER_WORDS: usize = 3;

/// Whether `text`, a customer's message that is not the first of its thread, only closes
/// it: a sentence thanks, says that what was suggested worked, or reacts ("Very
/// interesting!"), and every other sentence is a few words; nothing asks (no question mark) or says something is still wrong; and
/// it is short.
pub(crate) fn is_closing_follow_up(text: &str) -> bool {
    let words = text.split_whitespace().count();
    if words == 0 || words > MAX_WORDS || text.contains(['?', '؟', '？']) || NOT_DONE.is_match(text) {
        return false;
    }
    let closes = |s: &str| THANKS.is_match(s) || DONE.is_match(s) || APPRECIATION.is_match(s);
    let sentences: Vec<&str> = text.unicode_sentences().map(str::trim).filter(|s| !s.is_empty()).collect();
    // Something must thank or say it worked; a few words beside it ("Best, Ana") are
    // filler, and alone ("LS-4411", "ok") they are a detail, not a closing.
    sentences.iter().any(|s| closes(s))
        && sentences.iter().all(|s| closes(s) || s.split_whitespace().count() <= MAX_FILLER_WORDS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thanks_and_it_worked_are_closings_and_new_problems_are_not() {
        for t in [
            "Thanks to all. Editing the line in the config file worked.",
            "Very interesting!",
            "Merci, ça marche !",
            "Obrigado, funcionou.",
            "Спасибо, заработало.",
        ] {
            assert!(is_closing_follow_up(t), "{t}");
        }
        for t in [
            "Thanks, but it still fails with the same error.",
            "Thanks! How do I do the same for columns?",
            "The option is in the settings menu, under Files.",
            "Merci, mais ça ne marche pas.",
            "Thank you. The file is in the settings folder, under Data.",
            "⟨order⟩",
            "ok",
        ] {
            assert!(!is_closing_follow_up(t), "{t}");
        }
    }
}
