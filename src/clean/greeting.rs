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
const ADDRESSEE: &str = r"(?:team|all|there|everyone|guys|folks|support|sir|madam|sir/madam|or|and|shop|ad|admin|anh/chị|a/c|anh|chị|em|bạn|ạ|ơi|nha|mọi|người|cả|nhà|quý|khách|hàng|công|ty|bộ|phận|chăm|sóc|cskh|monsieur|madame|mademoiselle|messieurs|mesdames|l'équipe|l’équipe|à|tous|tout|le|monde|service|client|(?-i:\p{Lu}[\p{L}\p{M}'’-]*)|⟨name⟩)";

/// A greeting and its addressee, ended by punctuation or the line: "Hi team,",
/// "Bonjour Madame,", "Dạ em chào shop ạ,", "السلام علیکم،".
static GREETING_PUNCT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^\s*(?:dạ\s+)?(?:(?:em|anh|chị|mình|tôi|cháu|con)\s+)?(?:{GREETINGS})(?:(?:\s+|\s*[,/&]\s*){ADDRESSEE}){{0,6}}\s*(?:[,!.:،۔\-–—]+\s*|$)"
    ))
    .expect("valid regex")
});

/// A Vietnamese vocative that opens a message the way a greeting does: "Shop ơi,",
/// "Ad ơi", "Chị ơi!".
static VOCATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:dạ\s+)?(?:shop|shop mình|ad|admin|chị|anh|em|bạn|cskh|mọi người|(?-i:\p{Lu}[\p{L}\p{M}]*))\s+ơi\s*(?:[,!.~\-–—]+\s*|$)")
        .expect("valid regex")
});

/// A bare greeting word followed by the sentence: "Hello I can't log in".
static GREETING_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:hi|hello|hey|bonjour|bonsoir|salut|madame|monsieur|xin chào|xin chao|chào|chao|السلام علیکم|السلام عليكم|ہیلو)(?:\s+(?:team|there|all|everyone|guys|folks|support|shop|ad|admin|anh|chị|bạn|ạ|ơi|à tous|l'équipe))*\s+")
        .expect("valid regex")
});

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
        let mut rest = line.trim();
        // "hi good morning, …": greetings come in runs.
        for _ in 0..3 {
            let m = GREETING_PUNCT
                .find(rest)
                .or_else(|| GREETING_WORD.find(rest))
                .or_else(|| VOCATIVE.find(rest))
                .or_else(|| PREAMBLE.find(rest));
            match m {
                Some(m) if m.end() > 0 => rest = rest[m.end()..].trim_start(),
                _ => break,
            }
        }
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
