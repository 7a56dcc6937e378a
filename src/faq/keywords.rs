//! Keywords: class-based TF-IDF of a cluster's terms against the whole corpus.
//!
//! The weight of term `t` in cluster `c` is `tf(t, c) × ln(1 + A / f(t))`, where `tf` is the
//! term's share of the cluster's terms, `f(t)` its count over every question unit (the
//! noise counts as one more class) and `A` the average number of terms per class
//! (Grootendorst, "BERTopic", 2022). Terms are shown in the surface form customers wrote
//! most often, without stopwords, words with digits or placeholders.

use std::collections::{BTreeMap, HashMap};

/// How many keywords an entry gets.
const KEYWORDS: usize = 8;

/// At most this many keywords name a topic ...
const NAME_WORDS: usize = 3;
/// ... each weighing at least this share of the first one's weight.
const NAME_WEIGHT: f32 = 0.5;

/// Corpus-wide term counts for class-based TF-IDF.
#[derive(Debug, Default)]
pub(crate) struct ClassTfIdf {
    total: HashMap<String, u32>,
    /// Terms over every unit.
    all: u64,
    /// The number of classes the entries' keywords are weighed among (the clusters).
    classes: usize,
}

/// An index term's count in a class and the words customers wrote for it: what keywords are
/// chosen from.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct TermCounts {
    /// Each index term of the class's messages with its count.
    pub terms: BTreeMap<String, u32>,
    /// Each index term with the words (lowercased) customers wrote for it, counted.
    pub surface: BTreeMap<String, BTreeMap<String, u32>>,
}

impl TermCounts {
    /// Adds `other`'s counts to these.
    pub(crate) fn add(&mut self, other: &TermCounts) {
        for (t, n) in &other.terms {
            *self.terms.entry(t.clone()).or_default() += n;
        }
        for (t, forms) in &other.surface {
            let mine = self.surface.entry(t.clone()).or_default();
            for (f, n) in forms {
                *mine.entry(f.clone()).or_default() += n;
            }
        }
    }
}

impl ClassTfIdf {
    /// Counts over every unit's terms; `classes` is the number of clusters.
    pub(crate) fn new<'a>(units: impl IntoIterator<Item = &'a [String]>, classes: usize) -> Self {
        let mut total: HashMap<String, u32> = HashMap::new();
        let mut all = 0u64;
        for terms in units {
            for t in terms {
                *total.entry(t.clone()).or_default() += 1;
                all += 1;
            }
        }
        ClassTfIdf { total, all, classes }
    }

    /// The top keywords of a cluster, among the clusters.
    pub(crate) fn keywords(&self, counts: &TermCounts) -> Vec<String> {
        self.scored(counts, self.classes).into_iter().take(KEYWORDS).map(|(_, d)| d).collect()
    }

    /// The top keywords of a topic, among `classes` topics, and its name: its first one to
    /// three keywords, the later ones only when they weigh at least half as much as the first.
    pub(crate) fn topic_keywords(&self, counts: &TermCounts, classes: usize) -> (Vec<String>, Vec<String>) {
        let scored = self.scored(counts, classes);
        let top = scored.first().map_or(0.0, |s| s.0);
        // A keyword that repeats a word of one already in the name ("loi e" after "loi")
        // says nothing new: the next one is taken.
        let mut name: Vec<String> = Vec::new();
        for (_, word) in scored.iter().take_while(|s| s.0 >= NAME_WEIGHT * top) {
            let repeats =
                name.iter().any(|n| n.split_whitespace().any(|w| word.split_whitespace().any(|x| x == w)));
            if !repeats {
                name.push(word.clone());
            }
            if name.len() == NAME_WORDS {
                break;
            }
        }
        (scored.into_iter().take(KEYWORDS).map(|(_, d)| d).collect(), name)
    }

    /// The keywords of a class with their weights among `classes` classes, best first,
    /// each display form once.
    fn scored(&self, counts: &TermCounts, classes: usize) -> Vec<(f32, String)> {
        let TermCounts { terms, surface } = counts;
        let in_class: u32 = terms.values().sum();
        if in_class == 0 {
            return Vec::new();
        }
        let avg_class_terms = self.all as f32 / (classes + 1) as f32;
        let mut scored: Vec<(f32, String)> = Vec::new();
        for (term, &count) in terms {
            let Some(display) = surface
                .get(term)
                .and_then(|forms| forms.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))))
                .map(|(form, _)| form.clone())
            else {
                continue;
            };
            let display = strip_elision(&display);
            // Only the display form is checked: a stem (`can` for `Canada`) may look like a stopword.
            if !is_keyword(&display) {
                continue;
            }
            let f = self.total.get(term).copied().unwrap_or(count).max(1) as f32;
            let weight = count as f32 / in_class as f32 * (1.0 + avg_class_terms / f).ln();
            scored.push((weight, display));
        }
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut seen = std::collections::BTreeSet::new();
        scored.retain(|(_, d)| seen.insert(d.clone()));
        scored
    }
}

/// `word` without a French or Italian elided article or pronoun (`d'ouverture` → `ouverture`).
fn strip_elision(word: &str) -> String {
    match word.find(['\'', '’']) {
        Some(i) if (1..=3).contains(&word[..i].chars().count()) => {
            word[i..].trim_start_matches(['\'', '’']).to_string()
        }
        _ => word.to_string(),
    }
}

/// `true` when `word` (lowercase) can be shown as a keyword.
fn is_keyword(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    // Words with digits are order numbers, codes and amounts: never topics.
    letters >= 2 && !word.contains(['⟨', '⟩']) && !word.chars().any(|c| c.is_numeric()) && !is_stopword(word)
}

/// `true` for function words of the languages faqmine cares most about.
pub(crate) fn is_stopword(word: &str) -> bool {
    STOPWORDS.binary_search(&word).is_ok()
}

// Function words that carry no topic, hand-picked for English, French, Vietnamese and Urdu
// (the project's main languages) plus common chat filler. Kept sorted (checked by a test).
static STOPWORDS: &[&str] = &[
    "a", "about", "ai", "all", "also", "am", "an", "and", "any", "are", "as", "at", "au", "aux", "avec",
    "avez", "avoir", "be", "been", "bien", "but", "by", "bạn", "bị", "c'est", "ca", "can", "can't", "ce",
    "cela", "ces", "cette", "cho", "comment", "could", "các", "có", "cũng", "của", "d'accord", "dans", "de",
    "des", "did", "do", "does", "don't", "du", "elle", "elles", "else", "en", "est", "est-ce", "et", "find",
    "for", "from", "get", "give", "go", "got", "gì", "had", "has", "have", "hay", "hello", "help", "here",
    "hi", "how", "i", "i'd", "i'll", "i'm", "if", "il", "ils", "in", "into", "is", "it", "it's", "its", "je",
    "just", "khi", "không", "know", "la", "le", "les", "let", "leur", "like", "look", "looking", "là", "làm",
    "make", "many", "me", "merci", "mes", "moi", "mon", "much", "my", "mà", "một", "n'est", "ne", "need",
    "nhé", "những", "no", "non", "nope", "not", "nous", "now", "nào", "này", "of", "ok", "okay", "on", "one",
    "only", "or", "other", "ou", "oui", "out", "par", "pas", "per", "please", "plus", "pour", "pourriez",
    "pouvez", "qu", "quand", "que", "quel", "quelle", "qui", "ra", "right", "rồi", "sa", "sao", "se", "ses",
    "should", "si", "so", "some", "son", "sur", "take", "tell", "than", "thanks", "that", "that's", "the",
    "their", "them", "then", "there", "these", "they", "this", "thì", "thế", "to", "too", "tres", "très",
    "tu", "two", "tôi", "un", "une", "up", "us", "vos", "votre", "vous", "và", "về", "với", "want", "was",
    "we", "were", "what", "when", "where", "which", "who", "why", "will", "with", "would", "y", "yeah",
    "yep", "yes", "you", "your", "à", "ça", "é", "được", "để", "اور", "سے", "میں", "نے", "وہ", "پر", "کا",
    "کر", "کو", "کی", "کیا", "کیسے", "کے", "ہیں", "ہے", "یہ", "ạ", "ở",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopword_table_is_sorted_for_binary_search() {
        let mut sorted = STOPWORDS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(
            STOPWORDS,
            &sorted[..],
            "keep STOPWORDS in src/faq/keywords.rs sorted and without repeats"
        );
    }

    #[test]
    fn distinctive_terms_beat_common_ones() {
        let units: Vec<Vec<String>> = vec![
            vec!["reset".into(), "password".into(), "account".into()],
            vec!["reset".into(), "password".into()],
            vec!["close".into(), "account".into()],
            vec!["account".into(), "balance".into()],
        ];
        let ctfidf = ClassTfIdf::new(units.iter().map(Vec::as_slice), 1);
        let mut counts = TermCounts::default();
        for t in units[0].iter().chain(&units[1]) {
            *counts.terms.entry(t.clone()).or_default() += 1;
            *counts.surface.entry(t.clone()).or_default().entry(t.clone()).or_default() += 1;
        }
        let kw = ctfidf.keywords(&counts);
        assert_eq!(
            kw.last().map(String::as_str),
            Some("account"),
            "a term spread over the corpus ranks last: {kw:?}"
        );
    }
}
