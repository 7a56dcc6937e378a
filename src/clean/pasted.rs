//! The question a message asks, without what it pastes: a mailing-list question often holds
//! a stack trace, a log, code or a table of output after one sentence of prose. Those lines
//! are evidence for whoever answers (they stay in the conversation), but they are not how
//! people ask, and they would make every question unit long and every cluster about
//! `Error in` and `at java.base`.
//!
//! [`question_unit`] keeps the prose lines, and of a long text the sentences that ask (each
//! with the sentence before it, which usually says what went wrong), at most
//! [`MAX_UNIT_CHARS`] characters. A question that names nothing ("How to solve this?", "Do
//! you know why?") gets the message's subject before it, without `Re:`, `[list]` tags and
//! ticket numbers.

use std::sync::LazyLock;

use regex::Regex;
use unicode_segmentation::UnicodeSegmentation;

/// The longest question unit, in characters: a shown question is one of its sentences, or
/// all of it, and stays under 200 characters once tidied.
pub(crate) const MAX_UNIT_CHARS: usize = 196;

/// Lines of logs, stack traces and program output.
static LOG_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"^\s*(?:at\s+[\w.$<>]+\(.*\)|Traceback \(most recent call last\)|File ".*", line \d+"#,
        r"|Caused by:|\.\.\. \d+ more|\[?\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}|\[\d+\]\s|\d+:\s+\S+\(|\d+\s*\|",
        r"|(?:DEBUG|INFO|WARN|WARNING|ERROR|FATAL|TRACE|SEVERE|NOTE)\b[:\s\]]|\[(?:DEBUG|INFO|WARN|ERROR)\]",
        r"|[\w.]*(?:Error|Exception)(?::|\s+in\b)|Error in\b|Warning messages?:|In addition:|Calls:",
        r"|(?:\$|#|%|>>>|\.\.\.|R>|\+)\s|[\w./-]+:\d+(?::\d+)?:)"
    ))
    .expect("valid regex")
});

/// Lines of code: a keyword that opens a statement with the syntax after it, an
/// assignment to one name, or a call alone on its line.
static CODE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^\s*(?:(?:if|for|while|switch)\s*\(|(?:def|fn|function|func)\s+\w+\s*\(|class\s+\w+.*[:{]$",
        r#"|(?:import|library|require|using|#include)\b[\s(]*[\w.<>"']+[)\s;]*$|from\s+\S+\s+import\s"#,
        r"|(?:let|var|const)\s+\w+\s*=|(?:public|private|protected|static)\s.*[;{)]$|return\b.*;$",
        r"|(?:SELECT|INSERT|UPDATE|DELETE)\s.*\b(?:FROM|INTO|SET|WHERE)\b|(?:else|elif|try|catch|except|finally)\b.*[:{]$",
        r"|[\w.$\[\]]+\s*(?:<-|<<-|:=|\+=|==|=)\s*\S.*[;)\]}\w]$|[\w.$]+\([^()]*\)\s*;?$|[{}\[\]();]+$)"
    ))
    .expect("valid regex")
});

/// Whether a line was pasted rather than written: a log or trace line, code, a table row
/// (cells apart by runs of spaces, tabs or `|`), or a line mostly of digits and symbols.
/// A line that asks (it ends with a question mark) is the author's whatever it holds.
pub(crate) fn is_pasted_line(line: &str) -> bool {
    let t = line.trim_end();
    if t.trim().is_empty() || t.ends_with(['?', '؟', '？']) {
        return false;
    }
    if t.starts_with("    ") || t.starts_with('\t') {
        return true;
    }
    if LOG_LINE.is_match(t) || CODE_LINE.is_match(t) {
        return true;
    }
    let t = t.trim();
    let cells = t.split("  ").filter(|c| !c.trim().is_empty()).count() + t.matches('\t').count();
    // Cells apart by runs of spaces, unless the runs follow full stops (two spaces after a
    // sentence, as some people type).
    if (cells >= 3 && !t.contains(".  ")) || t.matches('|').count() >= 2 {
        return true;
    }
    let chars = t.chars().count();
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    let symbols = t.chars().filter(|c| "{}[]();=<>$#\\|*^~".contains(*c)).count();
    chars >= 8 && (letters * 2 < chars || symbols * 8 > chars)
}

/// Words that name nothing a question is about: question words, pronouns, auxiliaries and
/// the verbs and nouns of any request for help, in the languages of the lists (en, fr, es,
/// pt, de, it). A question made only of these needs its subject.
const GENERIC: &[&str] = &[
    // English
    "a",
    "about",
    "advice",
    "again",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "anybody",
    "anyone",
    "anything",
    "approach",
    "are",
    "at",
    "avoid",
    "be",
    "been",
    "being",
    "but",
    "by",
    "can",
    "case",
    "cause",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "done",
    "else",
    "explain",
    "fine",
    "fix",
    "for",
    "from",
    "get",
    "go",
    "goes",
    "going",
    "got",
    "had",
    "happen",
    "happened",
    "happening",
    "happens",
    "has",
    "have",
    "he",
    "help",
    "her",
    "here",
    "hint",
    "hints",
    "how",
    "i",
    "idea",
    "ideas",
    "if",
    "in",
    "is",
    "issue",
    "it",
    "its",
    "just",
    "know",
    "like",
    "made",
    "make",
    "may",
    "me",
    "mean",
    "might",
    "missing",
    "my",
    "no",
    "not",
    "now",
    "of",
    "ok",
    "on",
    "one",
    "or",
    "other",
    "our",
    "please",
    "possible",
    "problem",
    "reason",
    "right",
    "same",
    "say",
    "see",
    "she",
    "should",
    "so",
    "solution",
    "solve",
    "some",
    "someone",
    "something",
    "still",
    "suggest",
    "suggestion",
    "suggestions",
    "sure",
    "tell",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "thing",
    "things",
    "think",
    "this",
    "those",
    "tips",
    "to",
    "too",
    "try",
    "understand",
    "up",
    "us",
    "was",
    "way",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "who",
    "why",
    "will",
    "with",
    "work",
    "working",
    "works",
    "would",
    "wrong",
    "yes",
    "you",
    "your",
    // French
    "aide",
    "avez",
    "ce",
    "cela",
    "ceci",
    "comment",
    "de",
    "des",
    "du",
    "elle",
    "en",
    "est",
    "et",
    "faire",
    "fonctionne",
    "idée",
    "il",
    "je",
    "la",
    "le",
    "les",
    "marche",
    "moyen",
    "ne",
    "on",
    "pas",
    "peut",
    "peux",
    "pourquoi",
    "problème",
    "quel",
    "quelle",
    "quelqu'un",
    "qui",
    "quoi",
    "régler",
    "résoudre",
    "sais",
    "savez",
    "se",
    "un",
    "une",
    "vous",
    "y",
    "ça",
    // Spanish and Portuguese
    "algo",
    "alguien",
    "alguém",
    "ayuda",
    "como",
    "cómo",
    "da",
    "del",
    "el",
    "es",
    "esto",
    "eso",
    "está",
    "fazer",
    "hacer",
    "ideia",
    "isso",
    "isto",
    "lo",
    "me",
    "o",
    "os",
    "para",
    "pode",
    "por",
    "porque",
    "porquê",
    "problema",
    "puede",
    "que",
    "qué",
    "resolver",
    "sabe",
    "sabem",
    "saben",
    "se",
    "solución",
    "solução",
    "um",
    "uma",
    "é",
    // German and Italian
    "das",
    "der",
    "die",
    "ein",
    "eine",
    "es",
    "geht",
    "hilfe",
    "ich",
    "ist",
    "jemand",
    "kann",
    "lösen",
    "warum",
    "was",
    "weiß",
    "wie",
    "che",
    "come",
    "perché",
    "qualcuno",
    "risolvere",
];

/// Whether `sentence` names nothing: none of its words (three letters or more) is outside
/// [`GENERIC`]. "How to solve this?", "Do you know why?", "Is anything going wrong?".
pub(crate) fn names_nothing(sentence: &str) -> bool {
    sentence
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| w.chars().count() >= 3)
        .all(|w| GENERIC.contains(&w.to_lowercase().as_str()))
}

/// Reply and forward prefixes of subjects (`Re:`, `RE :`, `AW:`, `TR:`, `Fwd:` ...), list
/// tags (`[users]`) and ticket numbers (`[#1234]`, `Ticket #1234:`, `(case 00123)`).
static SUBJECT_NOISE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:(?:re|aw|sv|vs|fw|fwd|tr|réf|ref|rif|antw|wg|enc|rv|odp|ynt|رد|trả lời|tl)\s*(?:\[\d+\])?\s*[:：]|\[[^\]]{0,40}\]|\((?:ticket|case|request|ref)?\s*#?\s*\d+\)|(?:ticket|case|request)\s*#?\s*\d+\s*[:-]?|#\d+\s*[:-]?)\s*")
        .expect("valid regex")
});

/// A subject as a question's context: prefixes, list tags and ticket numbers removed;
/// `None` when nothing that names something is left ("Re: Help", "[users] Question").
pub(crate) fn subject_topic(subject: &str) -> Option<String> {
    let mut s = subject.trim();
    while let Some(m) = SUBJECT_NOISE.find(s) {
        if m.end() == 0 {
            break;
        }
        s = s[m.end()..].trim_start();
    }
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!s.is_empty() && !names_nothing(&s)).then_some(s)
}

/// `text` cut to at most `max` characters at a word boundary, with `…` when cut.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let budget: usize = text.char_indices().nth(max.saturating_sub(1)).map_or(text.len(), |(i, _)| i);
    let cut = text[..budget].rfind(char::is_whitespace).filter(|&i| i > budget / 2).unwrap_or(budget);
    format!("{}…", text[..cut].trim_end_matches(|c: char| c.is_whitespace() || c == ','))
}

/// The question unit of a customer's cleaned question text (see the module documentation):
/// pasted lines out, the asking sentences of a long text, the subject (already masked)
/// before a question that names nothing.
pub(crate) fn question_unit(question: &str, subject: Option<&str>) -> String {
    // Prose lines, each paragraph on one line.
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut pasted = false;
    for line in question.split('\n') {
        let is_pasted = is_pasted_line(line);
        pasted |= is_pasted;
        if line.trim().is_empty() || is_pasted {
            if !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
            continue;
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(line.trim());
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    let sentences: Vec<&str> = paragraphs
        .iter()
        .flat_map(|p| p.unicode_sentences())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let asks = |s: &str| s.ends_with(['?', '؟', '？']);
    let topic = subject.and_then(subject_topic);
    // A sentence that asks without naming anything, with the subject before it.
    let with_topic = |s: &str| -> String {
        match &topic {
            Some(t) if names_nothing(s) => {
                let mut chars = s.chars();
                let first = chars.next().map(|c| c.to_lowercase().collect::<String>()).unwrap_or_default();
                format!("{}: {first}{}", t.trim_end_matches(['?', '.', ':', ' ']), chars.as_str())
            }
            _ => s.to_string(),
        }
    };
    let whole: String = sentences.join(" ");
    let needs_topic = |s: &&str| (asks(s) || sentences.len() == 1) && names_nothing(s);
    if !pasted
        && question.trim().chars().count() <= MAX_UNIT_CHARS
        && !(topic.is_some() && sentences.iter().any(needs_topic))
    {
        // Short, all written and naming what it asks: as the customer wrote it, lines kept.
        return question.trim().to_string();
    }
    if whole.chars().count() <= MAX_UNIT_CHARS {
        // Short: all of it, each vague question with the subject.
        let text: Vec<String> = sentences
            .iter()
            .map(|s| if asks(s) || sentences.len() == 1 { with_topic(s) } else { s.to_string() })
            .collect();
        return shorten(&text.join(" "), MAX_UNIT_CHARS);
    }
    // Long: the sentences that ask, each with the one before it while they fit; without
    // any, the first sentences.
    let mut picked: Vec<usize> = Vec::new();
    let questions: Vec<usize> = (0..sentences.len()).filter(|&i| asks(sentences[i])).collect();
    let mut length = 0;
    let mut take = |i: usize, picked: &mut Vec<usize>| {
        let n = with_topic(sentences[i]).chars().count() + 1;
        if picked.contains(&i) || (length + n > MAX_UNIT_CHARS && !picked.is_empty()) {
            return false;
        }
        length += n;
        picked.push(i);
        true
    };
    if questions.is_empty() {
        for i in 0..sentences.len() {
            if !take(i, &mut picked) {
                break;
            }
        }
    } else {
        for &q in &questions {
            if !take(q, &mut picked) {
                break;
            }
        }
        for &q in &questions {
            if q > 0 && !asks(sentences[q - 1]) {
                take(q - 1, &mut picked);
            }
        }
    }
    picked.sort_unstable();
    let text: Vec<String> = picked
        .iter()
        .map(|&i| if asks(sentences[i]) { with_topic(sentences[i]) } else { sentences[i].to_string() })
        .collect();
    shorten(&text.join(" "), MAX_UNIT_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_lines_are_told_from_prose() {
        for l in [
            "Error in model.frame.default(formula = y ~ x) : variable lengths differ",
            "  at org.example.Parser.parse(Parser.java:42)",
            "Traceback (most recent call last):",
            "x <- read.csv(\"data.csv\", sep = \";\")",
            "[1] 0.25 0.50 0.75",
            "2025-01-14 14:23:54,120 ERROR [main] connection refused",
            "id   name    value",
            "| 1 | 2 | 3 |",
            "}",
        ] {
            assert!(is_pasted_line(l), "{l}");
        }
        for l in
            ["When I run the model I get an error.", "Why does read.csv(x) drop the first row?", "Thanks"]
        {
            assert!(!is_pasted_line(l), "{l}");
        }
    }

    #[test]
    fn vague_questions_get_their_subject_and_long_ones_their_asking_sentences() {
        assert_eq!(
            question_unit("How to solve this?", Some("Re: [users] Labels vanish with facet_wrap")),
            "Labels vanish with facet_wrap: how to solve this?"
        );
        assert_eq!(question_unit("Do you know why?", Some("Re: Help")), "Do you know why?");
        let long = format!(
            "I have a data frame with {} columns and read it every morning.\nWhen I merge it the dates are lost.\n\
             Error in as.Date.numeric(x) : 'origin' must be supplied\n  at org.example.Merge.run(Merge.java:3)\nWhy are the dates lost when merging?\n\
             I tried many options.",
            "many ".repeat(40)
        );
        let unit = question_unit(&long, None);
        assert_eq!(unit, "When I merge it the dates are lost. Why are the dates lost when merging?");
        assert!(question_unit(&"word ".repeat(100), None).chars().count() <= MAX_UNIT_CHARS);
        assert_eq!(
            subject_topic("RE : TR: [#1234] Ticket 99: Export fails").as_deref(),
            Some("Export fails")
        );
    }
}
