//! French: elision, marker words for detection, and the question, request and problem
//! forms (est-ce que, inversion, interrogative words, "je voudrais savoir" ...).

use std::sync::LazyLock;

use regex::Regex;
use rust_stemmers::Algorithm;

use super::language::Language;
use super::sentence::{has_phrase, Sentence, Utterance};

/// The registry row for French.
pub(crate) static FRENCH: Language = Language {
    code: "fr",
    stemmer: Some(Algorithm::French),
    stopwords: super::stopwords_data::FRENCH,
    lexicon: &LEXICON,
    chat: CHAT,
    normalize_word: None,
    markers: MARKERS,
    classify,
};

/// Stopwords and chat spellings as one hashed table.
static LEXICON: std::sync::LazyLock<super::stopwords::Lexicon> =
    std::sync::LazyLock::new(|| super::stopwords::Lexicon::new(&[super::stopwords_data::FRENCH], CHAT, &[]));

/// Chat spellings of French support messages. Sorted by key.
const CHAT: &[(&str, &str)] =
    &[("bjr", "bonjour"), ("cmt", "comment"), ("pk", "pourquoi"), ("pq", "pourquoi"), ("slt", "salut")];

/// Elided articles, pronouns and conjunctions ("l'", "qu'", ...), with the full word they
/// stand for. The longest prefixes come first.
pub(crate) const ELISIONS: &[(&str, &str)] = &[
    ("jusqu'", "jusque"),
    ("lorsqu'", "lorsque"),
    ("puisqu'", "puisque"),
    ("qu'", "que"),
    ("c'", "ce"),
    ("d'", "de"),
    ("j'", "je"),
    ("l'", "le"),
    ("m'", "me"),
    ("n'", "ne"),
    ("s'", "se"),
    ("t'", "te"),
];

/// Words that contain an apostrophe but are not elided ("aujourd'hui" is one word).
const UNELIDED: &[&str] = &["aujourd'hui", "prud'homme", "prud'hommes"];

/// Splits an elided prefix off a lowercase word with `'` apostrophes: returns the prefix's
/// full word and the byte length of the prefix in `word`. `None` when there is no elision.
pub(crate) fn elision(lower: &str) -> Option<(&'static str, usize)> {
    if UNELIDED.iter().any(|w| lower.starts_with(w)) {
        return None;
    }
    ELISIONS
        .iter()
        .find(|(prefix, _)| lower.starts_with(prefix) && lower.len() > prefix.len())
        .map(|(prefix, full)| (*full, prefix.len()))
}

/// Accent-folded words frequent in French and rare in English, Vietnamese typed without
/// accents, or Roman Urdu. Sorted.
const MARKERS: &[&str] = &[
    "ai", "aide", "au", "aux", "avec", "avez", "besoin", "bonjour", "bonne", "bonsoir", "ce", "ces", "cette",
    "chez", "combien", "commande", "comment", "compte", "dans", "depuis", "des", "du", "elle", "encore",
    "est", "etait", "etre", "faire", "fait", "il", "ils", "je", "journee", "les", "leur", "madame", "mais",
    "merci", "mes", "moi", "mon", "monsieur", "nous", "ou", "oui", "par", "pas", "peut", "peux", "pour",
    "pourquoi", "puis", "quand", "quel", "quelle", "qui", "recu", "salut", "soiree", "sont", "sous", "sur",
    "toujours", "tres", "une", "vais", "veuillez", "veux", "vos", "votre", "voudrais", "vous",
];

/// Inversion of verb and subject pronoun ("peut-on", "vais-je", "a-t-il").
static INVERSION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\w+)-(?:t-)?(je|tu|il|elle|on|nous|vous|ils|elles)\b").expect("static regex")
});

/// Substrings every match of [`INVERSION`] contains ("-ils" and "-elles" hold "-il" and
/// "-elle").
const INVERSION_HINTS: &[&str] = &["-je", "-tu", "-il", "-elle", "-on", "-nous", "-vous"];

/// Verbs whose inversion with a second-person subject asks someone to do something.
const REQUEST_INVERSIONS: &[&str] = &["pourriez", "pouvez", "peux", "pourrais", "voudriez", "voulez", "veux"];

const SUBJECTS: &[&str] = &[
    "je", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles", "le", "la", "les", "mon", "ma", "mes",
    "ce", "ça", "ca",
];

fn classify(s: &Sentence) -> Utterance {
    let w = &s.folded;
    if w.is_empty() {
        return Utterance::Other;
    }
    // The regex only matches where a hyphen precedes a subject pronoun ("-t-il" holds "-il"):
    // most sentences have none, and skip it.
    let inverted = INVERSION_HINTS.iter().any(|h| s.lower.contains(h));
    for caps in inverted.then(|| INVERSION.captures_iter(&s.lower)).into_iter().flatten() {
        let verb = caps.get(1).map_or("", |m| m.as_str());
        if verb == "rendez" {
            continue; // "rendez-vous" is an appointment.
        }
        if REQUEST_INVERSIONS.contains(&verb)
            && matches!(caps.get(2).map(|m| m.as_str()), Some("vous" | "tu"))
        {
            return Utterance::Request;
        }
        return Utterance::Question;
    }
    const QUESTION_PHRASES: &[&[&str]] = &[
        &["est", "ce", "que"],
        &["que", "est", "ce"],
        &["voudrais", "savoir"],
        &["veux", "savoir"],
        &["aimerais", "savoir"],
        &["souhaite", "savoir"],
        &["souhaiterais", "savoir"],
        &["comment"],
        &["pourquoi"],
        &["combien"],
        &["quel"],
        &["quelle"],
        &["quels"],
        &["quelles"],
        &["lequel"],
        &["laquelle"],
        &["est", "il", "possible"],
        &["y", "a", "t", "il"],
    ];
    if QUESTION_PHRASES.iter().any(|p| has_phrase(w, p)) {
        return Utterance::Question;
    }
    // "Quand"/"où" opening a sentence ask, unless a subject follows ("Quand je me connecte,
    // l'appli plante" is a statement about when something happens).
    if matches!(w[0].as_str(), "quand" | "ou" | "qui" | "quoi")
        && w.len() > 1
        && !SUBJECTS.contains(&w[1].as_str())
    {
        return Utterance::Question;
    }
    const REQUEST_PHRASES: &[&[&str]] = &[
        &["je", "voudrais"],
        &["je", "veux"],
        &["je", "souhaite"],
        &["je", "souhaiterais"],
        &["je", "aimerais"],
        &["je", "cherche"],
        &["je", "dois"],
        &["besoin"],
        &["aidez", "moi"],
        &["aide", "moi"],
        &["veuillez"],
        &["svp"],
        &["stp"],
        &["se", "il", "vous", "plait"],
        &["se", "il", "te", "plait"],
        &["merci", "de", "me"],
        &["merci", "de", "bien", "vouloir"],
    ];
    const PROBLEM_PHRASES: &[&[&str]] = &[
        &["arrive", "pas"],
        &["peux", "pas"],
        &["peut", "pas"],
        &["impossible"],
        &["fonctionne", "pas"],
        &["fonctionne", "plus"],
        &["marche", "pas"],
        &["marche", "plus"],
        &["plante"],
        &["bloque"],
        &["bloquee"],
        &["erreur"],
        &["probleme"],
        &["souci"],
        &["bug"],
        &["pas", "recu"],
        &["toujours", "pas"],
        &["recois", "pas"],
        &["refuse"],
        &["refusee"],
        &["perdu"],
        &["oublie"],
    ];
    if REQUEST_PHRASES.iter().any(|p| has_phrase(w, p)) {
        return Utterance::Request;
    }
    if PROBLEM_PHRASES.iter().any(|p| has_phrase(w, p)) {
        return Utterance::Problem;
    }
    Utterance::Other
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elisions_split_but_aujourdhui_stays() {
        assert_eq!(elision("l'application"), Some(("le", 2)));
        assert_eq!(elision("qu'il"), Some(("que", 3)));
        assert_eq!(elision("jusqu'à"), Some(("jusque", 6)));
        assert_eq!(elision("aujourd'hui"), None);
        assert_eq!(elision("l'"), None);
    }

    #[test]
    fn tables_are_sorted_for_binary_search() {
        assert!(MARKERS.windows(2).all(|p| p[0] < p[1]), "sort and dedup french::MARKERS");
        assert!(CHAT.windows(2).all(|p| p[0].0 < p[1].0), "sort and dedup french::CHAT by key");
    }
}
