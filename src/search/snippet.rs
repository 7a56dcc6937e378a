//! Snippets: the part of a text that best shows why it matched, with the matching words
//! marked.
//!
//! Highlighting re-analyzes the stored text with the analyzer of the entry's language and
//! marks every token whose exact or folded term the query matched, expansions included, so
//! a fuzzy or as-you-type match is highlighted like an exact one.

use std::collections::BTreeSet;
use std::ops::Range;

use unicode_normalization::char::decompose_canonical;

use super::query::MatchTerms;
use super::words::{words_of, WordCache};
use crate::analyze::Analyzer;

/// How many bytes of text a snippet shows at most (about two lines).
pub const SNIPPET_BYTES: usize = 200;

/// A piece of text with the words that matched the query.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Snippet {
    /// The text shown: the whole text when it is short, otherwise a window of it, with `…`
    /// where it was cut.
    pub text: String,
    /// Byte ranges of the matching words in [`text`](Self::text), in order, not
    /// overlapping; each starts and ends on a char boundary.
    pub highlights: Vec<Range<usize>>,
}

impl Snippet {
    /// The snippet as HTML: text escaped, matches wrapped in `<mark>` … `</mark>`.
    ///
    /// # Example
    /// ```
    /// use faqmine::search::Snippet;
    /// let s = Snippet { text: "Reset <your> password".into(), highlights: vec![13..21] };
    /// assert_eq!(s.to_html(), "Reset &lt;your&gt; <mark>password</mark>");
    /// ```
    pub fn to_html(&self) -> String {
        let mut out = String::with_capacity(self.text.len() + 16 * self.highlights.len());
        let mut at = 0;
        for r in &self.highlights {
            escape_into(&mut out, &self.text[at..r.start]);
            out.push_str("<mark>");
            escape_into(&mut out, &self.text[r.clone()]);
            out.push_str("</mark>");
            at = r.end;
        }
        escape_into(&mut out, &self.text[at..]);
        out
    }
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// Finds the words that matched a query in the texts of its hits.
///
/// Running the analyzer over every word of ten long answers would cost more than the search
/// itself, so each text's words are analyzed once per index (`words.rs`), and a word is
/// tested only when its first two letters (lowercased, folded) are those of a matched term;
/// stemming and folding keep a word's first letters in the languages with Latin script.
/// Words in other scripts are always tested.
pub(crate) struct Highlighter<'a> {
    analyzer: &'a Analyzer,
    words: Option<&'a WordCache>,
    terms: &'a MatchTerms,
    /// Per language group: the first two letters of the matched terms, once asked for.
    keys: [Option<BTreeSet<[char; 2]>>; 5],
}

impl<'a> Highlighter<'a> {
    /// A highlighter of the terms `terms` matched with.
    pub(crate) fn new(analyzer: &'a Analyzer, words: Option<&'a WordCache>, terms: &'a MatchTerms) -> Self {
        Highlighter { analyzer, words, terms, keys: Default::default() }
    }

    /// The byte ranges of the words of `text` (in language `lang`, of group `group`) that
    /// matched.
    pub(crate) fn highlights(&mut self, text: &str, lang: &str, group: usize) -> Vec<Range<usize>> {
        let terms = self.terms;
        let keys = self.keys[group].get_or_insert_with(|| {
            let (exact, folded) = &terms.groups[group];
            exact.iter().chain(folded.iter()).filter_map(|t| key(t)).collect()
        });
        let analyzer = self.analyzer;
        words_of(self.words, lang, text)
            .iter()
            .filter(|w| {
                may_match_key(w.key, keys)
                    && w.tokens(analyzer, lang, text).iter().any(|t| terms.matches(group, t))
            })
            .map(|w| w.start..w.end)
            .collect()
    }
}

/// `false` when a word whose [`key`] is `word_key` cannot be one of the query's terms: its
/// first two letters are ASCII and start none of them (`keys`). Other words are always
/// analyzed: folding may change their first letters.
pub(crate) fn may_match_key(word_key: Option<[char; 2]>, keys: &BTreeSet<[char; 2]>) -> bool {
    match word_key {
        Some(k) if k[0].is_ascii() => keys.contains(&k),
        _ => true,
    }
}

/// The first two letters of `word`, lowercased and folded, when it has two: the cheap test
/// of whether a word can be one of a query's terms (highlighting, the second stage).
pub(crate) fn key(word: &str) -> Option<[char; 2]> {
    if let [a, b, ..] = word.as_bytes() {
        if a.is_ascii() && b.is_ascii() {
            return Some([char::from(a.to_ascii_lowercase()), char::from(b.to_ascii_lowercase())]);
        }
    }
    let mut chars = word.chars().flat_map(char::to_lowercase).map(|c| {
        let mut first = c;
        let mut seen = false;
        decompose_canonical(c, |d| {
            if !seen {
                first = d;
                seen = true;
            }
        });
        if first == 'đ' {
            'd'
        } else {
            first
        }
    });
    Some([chars.next()?, chars.next()?])
}

/// A snippet of `text` around its densest run of `highlights` (ranges into `text`).
pub(crate) fn snippet(text: &str, highlights: &[Range<usize>]) -> Snippet {
    if text.len() <= SNIPPET_BYTES {
        return Snippet { text: text.to_string(), highlights: highlights.to_vec() };
    }
    // The window start that covers the most highlights; ties go to the earliest.
    let mut best = (0usize, 0usize);
    for (i, r) in highlights.iter().enumerate() {
        let covered = highlights[i..].iter().take_while(|h| h.end <= r.start + SNIPPET_BYTES).count();
        if covered > best.1 {
            best = (i, covered);
        }
    }
    let mut start = highlights.get(best.0).map_or(0, |r| r.start.saturating_sub(SNIPPET_BYTES / 4));
    // Start at a word boundary, and never cut a char.
    while start > 0 && !text.is_char_boundary(start) {
        start -= 1;
    }
    if start > 0 {
        if let Some(space) = text[..start].rfind(char::is_whitespace) {
            if start - space < 20 {
                start = space + 1;
            }
        }
    }
    let mut end = (start + SNIPPET_BYTES).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    if end < text.len() {
        if let Some(space) = text[start..end].rfind(char::is_whitespace) {
            if end - (start + space) < 20 {
                end = start + space;
            }
        }
    }
    let prefix = if start > 0 { "…" } else { "" };
    let suffix = if end < text.len() { "…" } else { "" };
    let shift = prefix.len();
    let highlights = highlights
        .iter()
        .filter(|r| r.start >= start && r.end <= end)
        .map(|r| r.start - start + shift..r.end - start + shift)
        .collect();
    Snippet { text: format!("{prefix}{}{suffix}", &text[start..end]), highlights }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_texts_are_whole() {
        let s = snippet("reset your password", &[Range { start: 11, end: 19 }]);
        assert_eq!(s.text, "reset your password");
        assert_eq!(&s.text[s.highlights[0].clone()], "password");
    }

    #[test]
    fn long_texts_are_cut_around_the_matches() {
        let text = format!("{} the password is reset here {}", "intro ".repeat(60), "outro ".repeat(60));
        let at = text.find("password").unwrap();
        let s = snippet(&text, &[Range { start: at, end: at + 8 }]);
        assert!(s.text.len() <= SNIPPET_BYTES + 2 * "…".len(), "snippet too long: {}", s.text.len());
        assert!(s.text.starts_with('…') && s.text.ends_with('…'), "cut ends should be marked: {}", s.text);
        assert_eq!(s.highlights.len(), 1, "the match should stay in the window");
        assert_eq!(&s.text[s.highlights[0].clone()], "password");
    }

    #[test]
    fn multibyte_texts_are_cut_on_char_boundaries() {
        let text = "đổi mật khẩu ".repeat(40);
        for at in [0, 7, 100, 300] {
            let start = (at..text.len()).find(|&i| text.is_char_boundary(i)).unwrap();
            let end = (start + 3..text.len()).find(|&i| text.is_char_boundary(i)).unwrap();
            let s = snippet(&text, &[Range { start, end }]);
            for r in &s.highlights {
                assert!(s.text.is_char_boundary(r.start) && s.text.is_char_boundary(r.end));
            }
        }
    }
}
