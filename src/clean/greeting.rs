//! Greetings and pleasantries: left out of the question text, kept in the message body.
//!
//! A greeting is taken off the start of a line ("Hi team, how do I …" → "how do I …");
//! a pleasantry is a whole sentence that only thanks or wishes well ("Thanks in advance!",
//! "Merci d'avance.", "Em cảm ơn ạ", "شکریہ"). Anything else stays.

use std::sync::LazyLock;

use regex::Regex;

/// Greeting words and phrases, English, French, Vietnamese, Urdu (and a few more).
const GREETINGS: &str = r"hi|hello|hey|hiya|dear|good morning|good afternoon|good evening|greetings|bonjour|bonsoir|salut|coucou|bjr|bsr|slt|cher|chère|madame|monsieur|xin chào|chào|xin chao|chao|kính gửi|kính chào|alo|hola|السلام علیکم|السلام عليكم|اسلام علیکم|السلام و علیکم|assalam o alaikum|assalamualaikum|aoa|سلام|آداب|ہیلو|ہائے";

/// Who a greeting is addressed to: a team, a shop, a title, a pronoun, or one capitalized
/// name ("Hi team", "Bonjour Madame", "Chào shop ạ", "Dear Anna").
const ADDRESSEE: &str = r"(?:to you|to all|team|all|there|everyone|guys|folks|support|sir|madam|sir/madam|or|and|shop|ad|admin|anh/chị|a/c|anh|chị|em|bạn|ạ|ơi|nha|mọi|người|cả|nhà|quý|khách|hàng|công|ty|bộ|phận|chăm|sóc|cskh|monsieur|madame|mademoiselle|messieurs|mesdames|l'équipe|l’équipe|à|tous|tout|le|monde|service|client|(?-i:\p{Lu}[\p{L}\p{M}'’-]*)|⟨name⟩)";

/// A greeting and its addressee, ended by punctuation or the line: "Hi team,",
/// "Bonjour Madame,", "Dạ em chào shop ạ,", "السلام علیکم،".
static GREETING_PUNCT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^\s*(?:dạ\s+)?(?:(?:em|anh|chị|mình|tôi|cháu|con)\s+)?(?:{GREETINGS})(?:(?:\s+|\s*[,/&]\s*){ADDRESSEE}){{0,6}}\s*(?:[,!.:،۔\-–—]+\s*|$)"
    ))
    .expect("valid regex")
});

/// A Vietnamese vocative that opens a message the way a greeting does: "Shop ơi,",
/// "Ad ơi", "Chị ơi!", "Shop ơi cho em hỏi" (ơi says it is a call, with or without a
/// comma after it).
static VOCATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:dạ\s+)?(?:shop|shop mình|ad|admin|chị|anh|em|bạn|cskh|mọi người|(?-i:\p{Lu}[\p{L}\p{M}]*))\s+ơi(?:\s*[,!.~\-–—]+\s*|\s+|$)")
        .expect("valid regex")
});

/// A Vietnamese greeting run into the question without punctuation: "Dạ em chào chị ạ Em
/// ở Hà Nội …", "Chào shop cho mình hỏi …", "Xin chào mình muốn …", "Alo shop ơi …". A
/// bare "chào" needs someone greeted or a closing particle after it ("chào shop", "chào
/// chị ạ"); "xin chào" and "alo" are greetings by themselves. The words after the particle
/// (ạ, nha ...) are the question's own, even a pronoun ("Em ở Hà Nội").
static VI_GREETING_RUN: LazyLock<Regex> = LazyLock::new(|| {
    const WHO: &str = r"(?:shop mình|shop|page|ad|admin|anh/chị|a/c|anh chị|anh|chị|bạn|mọi người|cả nhà|quý shop|quý công ty|cskh)";
    const PARTICLE: &str = r"(?:ạ|à|ơi|nha|nhé|nhe)";
    Regex::new(&format!(
        r"(?i)^\s*(?:dạ\s+)?(?:(?:em|anh|chị|mình|tôi|cháu|con)\s+)?(?:(?:xin chào|xin chao|kính chào|alo|a lô)(?:\s+{WHO}){{0,3}}(?:\s+(?:em\s+)?{PARTICLE})?|(?:chào|chao)(?:(?:\s+{WHO}){{1,3}}(?:\s+{PARTICLE})?|\s+(?:em\s+)?{PARTICLE}))\s+"
    ))
    .expect("valid regex")
});

/// A bare greeting word followed by the sentence: "Hello I can't log in", "Bonjour madame
/// je voudrais …", "AoA sir mera order …", "Good morning team, …" without its comma.
static GREETING_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:hi|hello|hey|hiya|good morning|good afternoon|good evening|greetings|bonjour|bonsoir|salut|coucou|madame|monsieur|xin chào|xin chao|السلام علیکم|السلام عليكم|اسلام علیکم|السلام و علیکم|السلام وعلیکم|assalam[ -]?o[ -]?alaikum|assalamu?[ -]?alaikum|asalam[ -]?o[ -]?alaikum|aoa|ہیلو)(?:\s+(?:to you all|to you|to all|team|there|all|everyone|guys|folks|support|sir|madam|madame|monsieur|mademoiselle|messieurs|mesdames|à tous|à toutes|tout le monde|l'équipe|l’équipe|le service client|shop|ad|admin|anh|chị|bạn|ạ|ơi|جناب|سر|بھائی|bhai|ji|جی))*\s+")
        .expect("valid regex")
});

/// Words that start a sentence in English or French: after a greeting word with no
/// punctuation, a capitalized word is the question's start when it is one of these ("Hello
/// I can't log in"); any other capitalized word may be a name ("Hello Kitty backpack in
/// stock?"), and the greeting stays. Compared without apostrophes ("I'm", "I´m" and "Im"
/// are all `im`).
const SENTENCE_STARTS: &[&str] = &[
    "also",
    "am",
    "and",
    "any",
    "are",
    "but",
    "can",
    "cannot",
    "cant",
    "could",
    "did",
    "do",
    "does",
    "est-ce",
    "got",
    "has",
    "have",
    "hope",
    "how",
    "i",
    "id",
    "ill",
    "im",
    "is",
    "it",
    "ive",
    "jai",
    "je",
    "just",
    "kindly",
    "looking",
    "ma",
    "mes",
    "mon",
    "my",
    "need",
    "nous",
    "our",
    "please",
    "pourquoi",
    "pourriez",
    "pouvez",
    "puis-je",
    "quand",
    "quel",
    "quelle",
    "question",
    "quick",
    "should",
    "so",
    "sorry",
    "svp",
    "thanks",
    "this",
    "want",
    "wanted",
    "was",
    "we",
    "what",
    "when",
    "where",
    "which",
    "who",
    "why",
    "will",
    "wondering",
    "would",
    "comment",
    "où",
    "est",
    "il",
    "on",
    "voudrais",
    "aimerais",
    "suis",
];

/// Vietnamese words that "dạ" begins (stomach, evening gown, fluorescent, womb): there it is
/// not the polite particle.
const DA_WORDS: &[&str] = &["dày", "hội", "quang", "con", "yến"];

/// The length of a polite "dạ" that opens `text` before more words ("Dạ cho em hỏi …"), or 0.
fn polite_da(text: &str) -> usize {
    let mut words = text.splitn(3, char::is_whitespace);
    let (Some(first), Some(next)) = (words.next(), words.next()) else { return 0 };
    let is_da = first.to_lowercase() == "dạ";
    if !is_da || next.is_empty() || DA_WORDS.contains(&next.to_lowercase().as_str()) {
        return 0;
    }
    first.len() + 1
}

/// The length of a bare greeting word (and its addressee) that opens `text` and runs into
/// the sentence, or 0 when there is none or when the word after it may be a name.
fn greeting_word(text: &str) -> usize {
    let Some(m) = GREETING_WORD.find(text) else { return 0 };
    let next = text[m.end()..].split_whitespace().next().unwrap_or_default();
    let capitalized = next.chars().next().is_some_and(char::is_uppercase);
    let lower: String = next
        .trim_end_matches([',', '?', '!', '.'])
        .chars()
        .filter(|c| !matches!(c, '\'' | '’' | '´' | '`'))
        .flat_map(char::to_lowercase)
        .collect();
    if capitalized && !SENTENCE_STARTS.contains(&lower.as_str()) {
        return 0;
    }
    m.end()
}

/// `line` without the greetings, calls and announcements that open it ("Hi team, how do I
/// …" → "how do I …"; "Dạ em chào chị ạ Em ở Hà Nội …" → "Em ở Hà Nội …").
pub(crate) fn strip_opening(line: &str) -> &str {
    let mut rest = line.trim();
    // "hi good morning, …": greetings come in runs.
    for _ in 0..3 {
        let end = GREETING_PUNCT
            .find(rest)
            .map(|m| m.end())
            .or_else(|| VI_GREETING_RUN.find(rest).map(|m| m.end()))
            .or_else(|| Some(greeting_word(rest)).filter(|&n| n > 0))
            .or_else(|| VOCATIVE.find(rest).map(|m| m.end()))
            .or_else(|| PREAMBLE.find(rest).map(|m| m.end()))
            .or_else(|| Some(polite_da(rest)).filter(|&n| n > 0));
        match end {
            Some(n) if n > 0 => rest = rest[n..].trim_start(),
            _ => break,
        }
    }
    rest
}

/// A line-opening announcement that a question follows: "I have a question:", "Une
/// question :", "ایک سوال ہے،". It says nothing of what is asked, and every question that
/// opens with it would otherwise share it.
static PREAMBLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:(?:(?:i have|i've got|i got) (?:a |one )?(?:quick |small |another )?question|(?:a |one )?quick question|one more question|another question|j'ai une (?:petite |autre |dernière )?question|j’ai une (?:petite |autre |dernière )?question|une (?:petite |autre |dernière )?question|ایک (?:اور )?سوال)\s*(?:[,!.:،۔\-–—]+\s*|$)|(?:ایک (?:اور )?سوال ہے|ek (?:aur )?sawal hai)(?:\s*[,!.:،۔\-–—]+\s*|\s+|$))")
        .expect("valid regex")
});

/// A sentence that is only thanks or good wishes.
static PLEASANTRY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:(?:ok(?:ay)?|alright|great|d'accord|d’accord|parfait|dạ vâng|vâng|ٹھیک ہے|اچھا|جی)\s*[,،!.]?\s*)?(?:no,? that'?s all|non,? c'est tout|نہیں،? بس|(?:thanks?|thank you|many thanks|thx|ty)(?:\s+(?:so much|very much|a lot|again|in advance|for (?:your|the) (?:help|time|support|reply|answer|quick reply)|team|guys))*|cheers|(?:i\s+)?hope (?:you(?:'re| are)|this (?:email|message) finds you) (?:doing )?well|have a (?:nice|good|great) (?:day|week|weekend)|best regards|kind regards|regards|merci(?:\s+(?:beaucoup|bien|d'avance|d’avance|par avance|encore|pour votre (?:aide|réponse|retour)))*|bonne (?:journée|soirée|fin de journée)|j'espère que vous allez bien|j’espère que vous allez bien|cordialement|bien à vous|(?:dạ\s+)?(?:em|mình|tôi|cháu)?\s*(?:xin\s+)?(?:cảm ơn|cám ơn|cãm ơn|cam on)(?:\s+(?:shop|bạn|anh|chị|em|ad|admin|nhiều|rất nhiều|trước))*(?:\s+(?:ạ|nha|nhé|nhe|ah|a))*|trân trọng|chúc (?:shop|bạn|anh|chị) (?:một ngày )?(?:tốt lành|vui vẻ)|شکریہ|بہت شکریہ|بہت بہت شکریہ|shukriya|shukria|bohat shukriya|jazakallah|جزاک اللہ|جزاک اللہ خیر|مہربانی)(?:\s*,?\s*(?:⟨name⟩|(?-i:\p{Lu}[\p{L}\p{M}'’-]+)))?$",
    )
    .expect("valid regex")
});

/// Characters trimmed around a sentence before it is compared with the pleasantries.
fn trim_sentence(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || ",.!;:~-…،۔😊🙂🙏❤️👍".contains(c) || c == '\u{fe0f}')
}

fn is_closing(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '」')
}

/// Splits a line into sentences, each with its end punctuation.
fn sentences(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if matches!(c, '.' | '!' | '?' | '؟' | '۔') {
            // Keep runs of punctuation ("?!", "...") with their sentence.
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if matches!(d, '.' | '!' | '?' | '؟' | '۔') {
                    end = j + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            // "e.g." or "3.5": a dot followed by a non-space is not an end.
            if c == '.' && line[end..].chars().next().is_some_and(|n| !n.is_whitespace() && !is_closing(n)) {
                continue;
            }
            // A closing quote or bracket belongs to the sentence it closes.
            while let Some(&(j, d)) = chars.peek() {
                if is_closing(d) {
                    end = j + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            out.push(&line[start..end]);
            start = end;
        }
    }
    if start < line.len() {
        out.push(&line[start..]);
    }
    out
}

/// The text with greetings and pleasantries left out. Lines left empty disappear.
pub(crate) fn strip(body: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for line in body.lines() {
        let rest = strip_opening(line);
        let all = sentences(rest);
        let kept: Vec<&str> = all
            .iter()
            .copied()
            .filter(|s| {
                let t = trim_sentence(s);
                !t.is_empty() && !PLEASANTRY.is_match(t)
            })
            .collect();
        if kept.len() == all.len() {
            // Nothing dropped: the line stays as written.
            if !rest.trim().is_empty() {
                out.push(rest.trim().to_string());
            }
        } else if !kept.is_empty() {
            out.push(kept.iter().map(|s| s.trim()).collect::<Vec<_>>().join(" "));
        }
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_keep_their_punctuation() {
        assert_eq!(sentences("Hi. Where is it?! Ok"), vec!["Hi.", " Where is it?!", " Ok"]);
        assert_eq!(sentences("Version 3.5 fails."), vec!["Version 3.5 fails."]);
        assert_eq!(sentences("He said \"stop.\" Then left"), vec!["He said \"stop.\"", " Then left"]);
    }
}
