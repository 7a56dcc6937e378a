//! Vietnamese typed without its marks, given back its marks from the index's own words
//! before the sentence model reads it.
//!
//! Customers often type Vietnamese without tone marks ("lam sao doi mat khau"); the words
//! still match lexically (every term is also indexed folded), but the sentence model reads
//! such a text as another language and its vector lands far from the entry's. So before a
//! complete Vietnamese query without a single mark is embedded, its syllables get the marks
//! the index's own Vietnamese texts give them:
//!
//! - every syllable of the Vietnamese entries' questions and answers is counted under its
//!   folded form ("mat" → mặt 12, mật 9, mát 1), and every pair of neighbouring syllables
//!   too ("mật khẩu" 9);
//! - each syllable of the query may be any accented form of its folded self that the index
//!   knows (or itself when the index knows none); the path through these candidates that a
//!   bigram model of the index's texts finds likeliest wins (Viterbi, with the bigram
//!   probability interpolated with the form's share of its folded syllable, Jelinek-Mercer).
//!
//! A query that carries one mark is left as typed: its author types marks, and a missing
//! one is rather a typo. The restored text is used for the query's vector only; the lexical
//! side searches the words as typed (folded, they match either way).

use std::collections::HashMap;

use crate::analyze::{fold, VIETNAMESE_STOPWORDS, VIETNAMESE_STOPWORD_PAIRS};

/// How many accented forms of one folded syllable are tried (the most frequent).
const MAX_FORMS: usize = 8;

/// The bigram probability's share in the interpolation with the form's own share.
const LAMBDA: f64 = 0.8;

/// At most this many syllables of the entries are counted (the first ones, in index order):
/// a bound on the memory of a very large index.
const MAX_SYLLABLES: usize = 4_000_000;

/// The syllables and syllable pairs of an index's Vietnamese texts (call
/// [`finish`](Self::finish) once they are all added).
#[derive(Debug, Default)]
pub(crate) struct Restorer {
    /// A folded syllable → its forms (lowercase, NFC) with their counts, most frequent first.
    forms: HashMap<String, Vec<(String, u32)>>,
    /// How often a form occurs.
    unigrams: HashMap<String, u32>,
    /// How often two forms are neighbours, as "first second".
    bigrams: HashMap<String, u32>,
    /// How many syllables were counted.
    syllables: usize,
    /// The folded syllables of the index's texts that the index writes with a mark
    /// somewhere (filled by [`finish`](Self::finish)).
    marked: std::collections::HashSet<String>,
}

/// A text without marks reads as Vietnamese when at least this share of its syllables (and
/// three of them) are syllables that the index's Vietnamese texts write with a mark.
const VIETNAMESE_SHARE: f64 = 0.75;

/// The syllables of `text`, lowercased, as runs: a punctuation mark or a digit ends a run
/// (a pair is only counted inside one).
fn runs(text: &str) -> Vec<Vec<(usize, usize, String)>> {
    let mut out: Vec<Vec<(usize, usize, String)>> = vec![Vec::new()];
    let mut start: Option<usize> = None;
    let close = |out: &mut Vec<Vec<(usize, usize, String)>>, s: usize, e: usize| {
        out.last_mut().expect("one run at least").push((s, e, text[s..e].to_lowercase()));
    };
    for (i, c) in text.char_indices() {
        if c.is_alphabetic() || (start.is_some() && is_mark(c)) {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            close(&mut out, s, i);
        }
        if !c.is_whitespace() && out.last().is_some_and(|r| !r.is_empty()) {
            out.push(Vec::new());
        }
    }
    if let Some(s) = start {
        close(&mut out, s, text.len());
    }
    out.retain(|r| !r.is_empty());
    out
}

fn is_mark(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// `true` when `text` has letters and not one of them carries a mark (ASCII letters only):
/// the way Vietnamese is typed without its accents.
pub(crate) fn has_no_marks(text: &str) -> bool {
    text.chars().any(|c| c.is_ascii_alphabetic()) && text.chars().all(|c| !c.is_alphabetic() || c.is_ascii())
}

impl Restorer {
    /// Counts the syllables of `text`, a Vietnamese text of the index.
    pub(crate) fn add(&mut self, text: &str) {
        if self.syllables >= MAX_SYLLABLES {
            return;
        }
        for run in runs(text) {
            self.syllables += run.len();
            for (_, _, s) in &run {
                *self.unigrams.entry(s.clone()).or_default() += 1;
            }
            for pair in run.windows(2) {
                *self.bigrams.entry(format!("{} {}", pair[0].2, pair[1].2)).or_default() += 1;
            }
        }
    }

    /// Ends the counting: the forms of each folded syllable, most frequent first. The
    /// analyzer's Vietnamese function words and their pairs count once each besides the
    /// index's texts, so that an index with few Vietnamese words (or none: Vietnamese
    /// questions to English entries) still gives the commonest words their marks.
    pub(crate) fn finish(&mut self) {
        self.marked = self.unigrams.keys().filter(|f| !f.is_ascii()).map(|f| fold(f)).collect();
        for word in VIETNAMESE_STOPWORDS {
            *self.unigrams.entry(word.to_string()).or_default() += 1;
        }
        for pair in VIETNAMESE_STOPWORD_PAIRS {
            if let Some((a, b)) = pair.split_once('_') {
                for s in [a, b] {
                    *self.unigrams.entry(s.to_string()).or_default() += 1;
                }
                *self.bigrams.entry(format!("{a} {b}")).or_default() += 1;
            }
        }
        let mut forms: HashMap<String, Vec<(String, u32)>> = HashMap::new();
        for (form, &n) in &self.unigrams {
            forms.entry(fold(form)).or_default().push((form.clone(), n));
        }
        for list in forms.values_mut() {
            list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            list.truncate(MAX_FORMS);
        }
        self.forms = forms;
    }

    /// Whether `text`, typed without marks, reads as the index's Vietnamese: at least
    /// [`VIETNAMESE_SHARE`] of its syllables, and three, are syllables that the index's
    /// Vietnamese texts write with a mark. Language detection often takes unaccented
    /// Vietnamese for Javanese or Indonesian ("dai ly dang khuyen mai"); the index's own
    /// words do not (an English question shares one or two syllables with Vietnamese,
    /// "how long does a refund take": "long", "a").
    pub(crate) fn reads_as_vietnamese(&self, text: &str) -> bool {
        let syllables: Vec<String> = runs(text).into_iter().flatten().map(|(_, _, s)| s).collect();
        let known = syllables.iter().filter(|s| self.marked.contains(&fold(s))).count();
        known >= 3 && known as f64 >= VIETNAMESE_SHARE * syllables.len() as f64
    }

    /// `text` with the marks the index's texts give its syllables; `None` when the index
    /// knows no accented form of any of them.
    pub(crate) fn restore(&self, text: &str) -> Option<String> {
        let runs = runs(text);
        let mut out = String::with_capacity(text.len() + text.len() / 2);
        let mut copied = 0;
        let mut changed = false;
        for run in &runs {
            for ((start, end, _), form) in run.iter().zip(self.best_path(run)) {
                out.push_str(&text[copied..*start]);
                let typed = &text[*start..*end];
                if form != typed.to_lowercase() {
                    changed = true;
                    // The first letter's case as typed ("Lam" → "Làm").
                    let mut chars = form.chars();
                    match (typed.chars().next().is_some_and(char::is_uppercase), chars.next()) {
                        (true, Some(first)) => {
                            out.extend(first.to_uppercase());
                            out.push_str(chars.as_str());
                        }
                        _ => out.push_str(&form),
                    }
                } else {
                    out.push_str(typed);
                }
                copied = *end;
            }
        }
        out.push_str(&text[copied..]);
        changed.then_some(out)
    }

    /// The likeliest forms of one run of typed syllables.
    fn best_path(&self, run: &[(usize, usize, String)]) -> Vec<String> {
        let candidates: Vec<Vec<(&str, f64)>> = run
            .iter()
            .map(|(_, _, typed)| match self.forms.get(&fold(typed)) {
                Some(list) => {
                    let total: u32 = list.iter().map(|f| f.1).sum();
                    list.iter().map(|(f, n)| (f.as_str(), f64::from(*n) / f64::from(total))).collect()
                }
                None => vec![(typed.as_str(), 1.0)],
            })
            .collect();
        // score[i][j]: the best log-probability of a path ending in candidate j of syllable i.
        let mut score: Vec<Vec<f64>> = Vec::with_capacity(run.len());
        let mut back: Vec<Vec<usize>> = Vec::with_capacity(run.len());
        for (i, list) in candidates.iter().enumerate() {
            let mut row = Vec::with_capacity(list.len());
            let mut from = Vec::with_capacity(list.len());
            for &(form, share) in list {
                if i == 0 {
                    row.push(share.ln());
                    from.push(0);
                    continue;
                }
                let (best, arg) = candidates[i - 1]
                    .iter()
                    .enumerate()
                    .map(|(k, &(prev, _))| (score[i - 1][k] + self.transition(prev, form, share).ln(), k))
                    .fold((f64::NEG_INFINITY, 0), |a, b| if b.0 > a.0 { b } else { a });
                row.push(best);
                from.push(arg);
            }
            score.push(row);
            back.push(from);
        }
        let Some(last) = score.last() else { return Vec::new() };
        let mut j = last
            .iter()
            .enumerate()
            .fold((0, f64::NEG_INFINITY), |a, (k, &s)| if s > a.1 { (k, s) } else { a })
            .0;
        let mut path = vec![String::new(); run.len()];
        for i in (0..run.len()).rev() {
            path[i] = candidates[i][j].0.to_string();
            j = back[i][j];
        }
        path
    }

    /// P(`form` | `prev`), interpolated with `share`, the form's share of its folded syllable.
    fn transition(&self, prev: &str, form: &str, share: f64) -> f64 {
        let prev_count = self.unigrams.get(prev).copied().unwrap_or(0);
        let pair = self.bigrams.get(&format!("{prev} {form}")).copied().unwrap_or(0);
        let bigram = if prev_count > 0 { f64::from(pair) / f64::from(prev_count) } else { 0.0 };
        LAMBDA * bigram + (1.0 - LAMBDA) * share
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn restorer(texts: &[&str]) -> Restorer {
        let mut r = Restorer::default();
        for t in texts {
            r.add(t);
        }
        r.finish();
        r
    }

    #[test]
    fn pairs_choose_between_the_forms_of_a_syllable() {
        // "mặt" is the commoner form alone, "mật khẩu" the only pair with "khẩu".
        let r = restorer(&[
            "Làm sao để đổi mật khẩu?",
            "Mặt hàng này còn không? Mặt sau hộp bị móp, mặt trước vẫn đẹp.",
            "Tôi quên mật khẩu đăng nhập.",
        ]);
        assert_eq!(r.restore("lam sao doi mat khau").as_deref(), Some("làm sao đổi mật khẩu"));
        assert_eq!(r.restore("Mat hang nay").as_deref(), Some("Mặt hàng này"));
        assert_eq!(r.restore("mat truoc, mat khau!").as_deref(), Some("mặt trước, mật khẩu!"));
    }

    #[test]
    fn unknown_words_stay_as_typed() {
        let r = restorer(&["Tôi quên mật khẩu."]);
        assert_eq!(r.restore("iphone 15 mat khau").as_deref(), Some("iphone 15 mật khẩu"));
        assert_eq!(r.restore("iphone 15"), None, "nothing the index knows");
        assert_eq!(restorer(&[]).restore("mat khau"), None, "no word of the index");
        // The function words are known without the index.
        assert_eq!(restorer(&[]).restore("khong biet").as_deref(), Some("không biết"));
    }

    #[test]
    fn the_index_words_tell_unaccented_vietnamese_from_english() {
        let r = restorer(&[
            "Hãy xem những chuyến du lịch nào mà đại lý đang khuyến mãi: dù là bạn xem trên website.",
            "Bao lâu thì tôi nhận được tiền hoàn lại? Cửa hàng có giao hàng tận nơi không?",
        ]);
        assert!(r.reads_as_vietnamese("dai ly dang khuyen mai: du la ban"));
        assert!(r.reads_as_vietnamese("bao lau thi nhan duoc tien hoan lai"));
        assert!(!r.reads_as_vietnamese("how long does a refund take"));
        assert!(!r.reads_as_vietnamese("dai ly"), "two syllables say too little");
        // The function words known without the index do not count: an English index.
        assert!(!restorer(&["Where is my order?"]).reads_as_vietnamese("khong biet lam sao"));
    }

    #[test]
    fn only_text_without_a_mark_is_restored() {
        assert!(has_no_marks("lam sao doi mat khau?"));
        assert!(!has_no_marks("làm sao doi mat khau"));
        assert!(!has_no_marks("123 ?"));
    }
}
