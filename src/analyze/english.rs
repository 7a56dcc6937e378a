//! English: marker words for detection and the question, request and problem forms
//! (wh-words, leading auxiliaries, "is there a way", "please help me", "I can't log in").

use rust_stemmers::Algorithm;

use super::language::Language;
use super::sentence::{has_phrase, Sentence, Utterance};

/// The registry row for English.
pub(crate) static ENGLISH: Language = Language {
    code: "en",
    stemmer: Some(Algorithm::English),
    stopwords: super::stopwords_data::ENGLISH,
    lexicon: &LEXICON,
    chat: CHAT,
    normalize_word: None,
    markers: MARKERS,
    classify,
};

/// Stopwords and chat spellings as one hashed table.
static LEXICON: std::sync::LazyLock<super::stopwords::Lexicon> =
    std::sync::LazyLock::new(|| super::stopwords::Lexicon::new(&[super::stopwords_data::ENGLISH], CHAT, &[]));

/// Chat spellings. Sorted by key.
const CHAT: &[(&str, &str)] = &[
    ("cant", "can't"),
    ("didnt", "didn't"),
    ("doesnt", "doesn't"),
    ("dont", "don't"),
    ("im", "i'm"),
    ("isnt", "isn't"),
    ("pls", "please"),
    ("plz", "please"),
    ("thx", "thanks"),
    ("u", "you"),
    ("ur", "your"),
    ("wont", "won't"),
];

/// Words frequent in English and rare in French, Vietnamese typed without accents and Roman
/// Urdu. Sorted.
const MARKERS: &[&str] = &[
    "about", "account", "and", "any", "are", "be", "been", "but", "can", "can't", "could", "did", "didn't",
    "do", "does", "doesn't", "don't", "from", "get", "has", "have", "hello", "help", "hi", "how", "i", "i'm",
    "i've", "if", "in", "is", "it", "it's", "know", "money", "my", "need", "not", "of", "off", "on", "or",
    "please", "received", "should", "thank", "thanks", "that", "the", "there", "this", "to", "want", "was",
    "what", "when", "where", "which", "who", "why", "will", "with", "would", "yes", "you", "your",
];

const WH: &[&str] = &[
    "how", "how's", "hows", "what", "what's", "whats", "when", "when's", "where", "where's", "wheres",
    "which", "who", "who's", "whom", "whose", "why", "why's",
];

const AUXILIARIES: &[&str] = &[
    "am",
    "are",
    "aren't",
    "can",
    "can't",
    "could",
    "couldn't",
    "did",
    "didn't",
    "do",
    "does",
    "doesn't",
    "don't",
    "has",
    "hasn't",
    "have",
    "haven't",
    "is",
    "isn't",
    "may",
    "might",
    "shall",
    "should",
    "shouldn't",
    "was",
    "wasn't",
    "were",
    "will",
    "won't",
    "would",
    "wouldn't",
];

const SUBJECTS: &[&str] = &[
    "a", "an", "anybody", "anyone", "he", "her", "his", "i", "it", "its", "me", "my", "our", "she",
    "somebody", "someone", "that", "the", "their", "there", "these", "they", "this", "those", "we", "you",
    "your",
];

/// Words that open a sentence without carrying its meaning ("hi, how do I ...").
const OPENERS: &[&str] = &[
    "also", "and", "but", "excuse", "hello", "hey", "hi", "hmm", "oh", "ok", "okay", "so", "sorry", "um",
    "well", "yes",
];

/// Verbs that, opening a sentence, make it an instruction ("check my seat").
const IMPERATIVES: &[&str] = &[
    "activate",
    "add",
    "book",
    "buy",
    "cancel",
    "change",
    "check",
    "close",
    "confirm",
    "delete",
    "explain",
    "find",
    "fix",
    "give",
    "help",
    "let",
    "look",
    "make",
    "modify",
    "move",
    "open",
    "order",
    "pay",
    "refund",
    "remove",
    "renew",
    "replace",
    "report",
    "reschedule",
    "reserve",
    "reset",
    "resend",
    "schedule",
    "send",
    "set",
    "show",
    "switch",
    "tell",
    "transfer",
    "unblock",
    "unlock",
    "update",
    "upgrade",
    "verify",
];

fn classify(s: &Sentence) -> Utterance {
    let all = &s.words;
    let start = all.iter().take(3).take_while(|x| OPENERS.contains(&x.as_str())).count();
    let w = &all[start..];
    if w.is_empty() {
        return Utterance::Other;
    }
    const QUESTION_PHRASES: &[&[&str]] = &[
        &["i", "was", "wondering"],
        &["i", "wonder"],
        &["is", "there", "a", "way"],
        &["is", "there", "any", "way"],
        &["is", "it", "possible"],
        &["do", "you", "know"],
        &["does", "anyone", "know"],
        &["any", "idea"],
        &["like", "to", "know"],
        &["want", "to", "know"],
        &["need", "to", "know"],
        &["wanna", "know"],
        &["tell", "me"],
        &["let", "me", "know"],
        &["how", "to"],
        &["how", "do"],
        &["how", "can"],
        &["how", "much"],
        &["how", "many"],
        &["how", "long"],
        &["can", "i"],
        &["could", "i"],
        &["may", "i"],
    ];
    // Phatic questions ask nothing worth answering in an FAQ.
    const PHATIC: &[&[&str]] = &[
        &["how", "are", "you"],
        &["are", "you", "there"],
        &["are", "you", "here"],
        &["are", "you", "ok"],
        &["are", "we", "connected"],
        &["have", "a"],
        &["have", "a", "nice"],
    ];
    if PHATIC.iter().any(|p| w.starts_with(&p.iter().map(|x| x.to_string()).collect::<Vec<_>>())) {
        return Utterance::Other;
    }
    if QUESTION_PHRASES.iter().any(|p| has_phrase(w, p)) {
        return Utterance::Question;
    }
    let first = w[0].as_str();
    let second = w.get(1).map_or("", String::as_str);
    if WH.contains(&first) {
        // "When I log in, the app crashes": a clause about when, not a question.
        let clause = matches!(first, "when" | "where") && SUBJECTS.contains(&second) && s.lower.contains(',');
        if !clause && w.len() > 1 {
            return Utterance::Question;
        }
    }
    if AUXILIARIES.contains(&first) && (SUBJECTS.contains(&second) || second == "not") {
        if matches!(first, "can" | "could" | "would" | "will") && second == "you" {
            return Utterance::Request;
        }
        return Utterance::Question;
    }
    const REQUEST_PHRASES: &[&[&str]] = &[
        &["i", "need"],
        &["i", "want"],
        &["i", "wants"],
        &["i", "wanted"],
        &["i", "like", "to"],
        &["looking", "to"],
        &["can", "you"],
        &["could", "you"],
        &["would", "you"],
        &["i", "wanna"],
        &["i'd", "like"],
        &["i", "would", "like"],
        &["i", "wish", "to"],
        &["i'm", "trying"],
        &["i", "am", "trying"],
        &["looking", "for"],
        &["i", "have", "to"],
        &["i", "must"],
        &["need", "to"],
        &["want", "to"],
        &["help", "me"],
        &["need", "help"],
        &["i'd", "love"],
        &["i", "would", "love"],
        &["can", "i", "get"],
        &["i'm", "calling"],
        &["i", "am", "calling"],
    ];
    const PROBLEM_WORDS: &[&str] = &[
        "broke",
        "broken",
        "bug",
        "cracked",
        "damaged",
        "experiencing",
        "freezing",
        "frozen",
        "hacked",
        "issue",
        "issues",
        "overcharged",
        "stolen",
        "can't",
        "cannot",
        "couldn't",
        "crash",
        "crashed",
        "crashes",
        "crashing",
        "declined",
        "didn't",
        "doesn't",
        "error",
        "fail",
        "failed",
        "failing",
        "fails",
        "hasn't",
        "haven't",
        "isn't",
        "locked",
        "lost",
        "missing",
        "problem",
        "problems",
        "stuck",
        "trouble",
        "unable",
        "won't",
        "wrong",
    ];
    let please = w.iter().any(|x| x == "please") && w.len() > 1;
    if please
        || REQUEST_PHRASES.iter().any(|p| has_phrase(w, p))
        || (IMPERATIVES.contains(&first) && w.len() > 1)
    {
        return Utterance::Request;
    }
    if w.iter().any(|x| PROBLEM_WORDS.contains(&x.as_str()))
        || has_phrase(w, &["not", "working"])
        || has_phrase(w, &["not", "able"])
        || has_phrase(w, &["not", "received"])
        || has_phrase(w, &["never", "received"])
        || has_phrase(w, &["charged", "twice"])
        || (w.len() >= 3 && w.iter().any(|x| x == "not" || x == "never") && !has_phrase(w, &["not", "sure"]))
    {
        return Utterance::Problem;
    }
    Utterance::Other
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_for_binary_search() {
        assert!(MARKERS.windows(2).all(|p| p[0] < p[1]), "sort and dedup english::MARKERS");
        assert!(CHAT.windows(2).all(|p| p[0].0 < p[1].0), "sort and dedup english::CHAT by key");
    }
}
