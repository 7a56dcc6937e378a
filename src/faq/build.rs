//! Clusters in, entries out: canonical question, variants, answer, keywords, counts, dates.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::OnceLock;

use super::answer::{self, Consensus};
use super::entry::{FaqEntry, Status, Variant};
use super::keywords::{ClassTfIdf, TermCounts};
use super::vector::{cosine, Centroid, Idf, SVec};
use super::weeks::{self, Week};
use unicode_segmentation::UnicodeSegmentation;

use rayon::prelude::*;

use crate::analyze::{Analyzer, Utterance, UNDETERMINED};
use crate::clean::{mask_personal_data, Cleaned};
use crate::mine::QuestionUnit;
use crate::model::Conversation;

/// At most this many variants are listed per entry (the most frequent).
const MAX_VARIANTS: usize = 200;
/// At most this many example conversations per entry.
const MAX_EXAMPLES: usize = 3;
/// A language's replies get an answer of their own in an entry asked in several languages
/// from this many on; fewer are too little to tell an answer from a one-off.
const MIN_LANGUAGE_REPLIES: usize = 2;
/// A canonical question has at least this many words ...
const MIN_QUESTION_WORDS: usize = 3;
/// ... and at most this many.
const MAX_QUESTION_WORDS: usize = 30;

/// Everything about the corpus that entries are built from, computed once.
pub(crate) struct Corpus<'a> {
    pub conversations: &'a [Conversation],
    pub units: &'a [QuestionUnit],
    pub analyzer: Analyzer,
    /// Idf over the question units.
    pub idf: Idf,
    /// Each unit's variant key: its set of index terms.
    pub keys: Vec<String>,
    /// The names of the people in each conversation, for masking.
    names: Vec<Vec<String>>,
    /// Each unit's text as shown (personal data and the conversation's names masked) when
    /// masking changed it; `None` when it is the unit's text, trimmed (nearly always: the
    /// cleaner already masked it), so that the corpus does not hold every text twice.
    texts: Vec<Option<String>>,
    /// The first unit with each shown text, made when a previous run's variants are matched.
    by_text: OnceLock<HashMap<String, usize>>,
    /// Class-based TF-IDF over the units' terms, for keywords.
    pub ctfidf: ClassTfIdf,
    /// Dated units per ISO week, for trends.
    pub week_totals: BTreeMap<Week, u32>,
    /// Each unit's cleaned reply (an index into `reply_pool`), once
    /// [`prepare_replies`](Self::prepare_replies) ran.
    replies: Vec<Option<u32>>,
    /// The distinct cleaned replies with their terms: agents answer the same question with
    /// the same words (macros, templates), and a reply is stored once however often it
    /// was given.
    reply_pool: Vec<(String, Vec<String>)>,
    reply_idf: Idf,
}

/// The variant key of a text with index terms `terms`: the sorted set of its terms, so that
/// phrasings differing only in case, punctuation, accents of stems or word order collapse.
pub(crate) fn variant_key(terms: &[String], text: &str) -> String {
    if terms.is_empty() {
        return format!("#{}", text.trim().to_lowercase());
    }
    let set: BTreeSet<&str> = terms.iter().map(String::as_str).collect();
    set.into_iter().collect::<Vec<_>>().join(" ")
}

impl<'a> Corpus<'a> {
    /// Prepares `units` of `conversations`, with `classes` clusters.
    pub(crate) fn new(conversations: &'a [Conversation], units: &'a [QuestionUnit], classes: usize) -> Self {
        let idf = Idf::new(units.iter().map(|u| &u.terms));
        let keys = units.par_iter().map(|u| variant_key(&u.terms, &u.text)).collect();
        let names: Vec<Vec<String>> = conversations.par_iter().map(answer::names_in).collect();
        let texts: Vec<Option<String>> = units
            .par_iter()
            .map(|u| {
                let names = names.get(u.conversation).map(Vec::as_slice).unwrap_or_default();
                let trimmed = u.text.trim();
                let shown = answer::mask_names(&mask_personal_data(trimmed), names);
                (shown != trimmed).then_some(shown)
            })
            .collect();
        let mut week_totals = BTreeMap::new();
        for u in units {
            if let Some(t) = u.timestamp {
                *week_totals.entry(weeks::week_of(t)).or_default() += 1;
            }
        }
        Corpus {
            conversations,
            units,
            analyzer: Analyzer::new(),
            idf,
            keys,
            texts,
            by_text: OnceLock::new(),
            names,
            ctfidf: ClassTfIdf::new(units.iter().map(|u| u.terms.as_slice()), classes),
            week_totals,
            replies: vec![None; units.len()],
            reply_pool: Vec::new(),
            reply_idf: Idf::default(),
        }
    }

    /// Finds and cleans the agent reply of every unit in `groups`. `cleaned` holds each
    /// conversation's messages as the cleaner already cleaned them, when the caller has them.
    pub(crate) fn prepare_replies<'g>(
        &mut self,
        groups: impl IntoIterator<Item = &'g [usize]>,
        cleaned: Option<&[Vec<Cleaned>]>,
    ) {
        let mut members: Vec<usize> = groups.into_iter().flatten().copied().collect();
        members.sort_unstable();
        members.dedup();
        let this = &*self;
        let found: Vec<Option<String>> = members
            .par_iter()
            .map(|&m| {
                let u = &this.units[m];
                let conv = this.conversations.get(u.conversation)?;
                let names = &this.names[u.conversation];
                let done = cleaned.and_then(|c| c.get(u.conversation)).map(Vec::as_slice);
                answer::reply_to(conv, u.message_index, names, done)
            })
            .collect();
        // The terms of a reply depend on its text and on the language it is analyzed in.
        let mut pool: HashMap<(String, &str), u32> = HashMap::new();
        for (&m, text) in members.iter().zip(found) {
            if let Some(text) = text {
                let next = pool.len() as u32;
                self.replies[m] = Some(*pool.entry((text, self.units[m].language.as_str())).or_insert(next));
            }
        }
        let mut distinct: Vec<((String, &str), u32)> = pool.into_iter().collect();
        distinct.sort_unstable_by_key(|d| d.1);
        let analyzer = &self.analyzer;
        self.reply_pool = distinct
            .into_par_iter()
            .map(|((text, language), _)| {
                let terms = analyzer.tokenize(&text, language).into_iter().map(|t| t.term).collect();
                (text, terms)
            })
            .collect();
        self.reply_idf = Idf::new(self.replies.iter().flatten().map(|&r| &self.reply_pool[r as usize].1));
    }

    /// The cleaned reply to unit `m` with its terms, if it got one (and
    /// [`prepare_replies`](Self::prepare_replies) looked at it).
    fn reply(&self, m: usize) -> Option<&(String, Vec<String>)> {
        self.replies[m].map(|r| &self.reply_pool[r as usize])
    }

    /// Unit `m`'s TF-IDF vector (made when asked: the corpus does not keep one per unit).
    pub(crate) fn vector(&self, m: usize) -> SVec {
        self.idf.vector(&self.units[m].terms)
    }

    /// Unit `m`'s text as shown: personal data and the conversation's names masked.
    pub(crate) fn text(&self, m: usize) -> &str {
        self.texts[m].as_deref().unwrap_or_else(|| self.units[m].text.trim())
    }

    /// The centroid of `members`' vectors.
    pub(crate) fn centroid(&self, members: &[usize]) -> SVec {
        let mut c = Centroid::default();
        for &m in members {
            c.add(&self.vector(m), 1.0);
        }
        c.finish()
    }

    /// The TF-IDF vector and variant key of `text` (a variant from another run): those of a
    /// unit of this run with exactly that text when there is one, so that both runs analyze
    /// it the same way, else of the text analyzed afresh.
    pub(crate) fn vector_of_variant(&self, text: &str) -> (SVec, String) {
        let by_text = self.by_text.get_or_init(|| {
            let mut by_text = HashMap::new();
            for m in 0..self.units.len() {
                by_text.entry(self.text(m).to_string()).or_insert(m);
            }
            by_text
        });
        match by_text.get(text) {
            Some(&m) => (self.vector(m), self.keys[m].clone()),
            None => self.vector_of(text),
        }
    }

    /// The TF-IDF vector and variant key of `text` analyzed afresh (for texts from files).
    pub(crate) fn vector_of(&self, text: &str) -> (SVec, String) {
        let a = self.analyzer.analyze(text, None);
        (self.idf.vector(&a.tokens), variant_key(&a.tokens, text))
    }
}

/// What building an entry learned beside the entry itself.
pub(crate) struct Built {
    pub entry: FaqEntry,
    /// The centroid of the members' vectors.
    pub centroid: SVec,
    /// The variant key of the canonical question, the seed of a new entry's id.
    pub canonical_key: String,
    /// The terms of the members in the entry's language, for its topic's keywords.
    pub terms: TermCounts,
}

/// One distinct phrasing inside a cluster.
struct Phrasing<'c> {
    key: &'c str,
    spellings: BTreeMap<&'c str, u32>,
    count: u32,
    /// A member with this phrasing (the first).
    member: usize,
    centrality: f32,
}

impl Phrasing<'_> {
    /// The most common spelling; on ties the best-formed (capitalized, with a question
    /// mark), then the shorter, then the first in order.
    fn text(&self) -> &str {
        let form = |t: &str| {
            (t.trim_end().ends_with(['?', '؟', '？']), t.chars().next().is_some_and(|c| !c.is_lowercase()))
        };
        self.spellings
            .iter()
            .max_by(|a, b| {
                a.1.cmp(b.1)
                    .then(form(a.0).cmp(&form(b.0)))
                    .then(b.0.len().cmp(&a.0.len()))
                    .then(b.0.cmp(a.0))
            })
            .map(|(t, _)| *t)
            .unwrap_or_default()
    }
}

/// Builds the entry of the cluster `members` (unit indices, sorted). The id is left empty.
pub(crate) fn build_entry(corpus: &Corpus<'_>, members: &[usize]) -> Built {
    let units = corpus.units;
    let centroid = corpus.centroid(members);

    // Variants, near-duplicates (same set of terms) collapsed.
    let mut by_key: BTreeMap<&str, Phrasing<'_>> = BTreeMap::new();
    for &m in members {
        let key = corpus.keys[m].as_str();
        let p = by_key.entry(key).or_insert_with(|| Phrasing {
            key,
            spellings: BTreeMap::new(),
            count: 0,
            member: m,
            centrality: cosine(&corpus.vector(m), &centroid),
        });
        p.count += 1;
        *p.spellings.entry(corpus.text(m)).or_default() += 1;
    }
    let mut phrasings: Vec<Phrasing<'_>> = by_key.into_values().filter(|p| !p.text().is_empty()).collect();
    phrasings.sort_by(|a, b| b.count.cmp(&a.count).then(a.text().cmp(b.text())));

    let mut languages: BTreeMap<String, u32> = BTreeMap::new();
    for &m in members {
        *languages.entry(units[m].language.clone()).or_default() += 1;
    }
    let language = main_language(&languages);

    // The answer. A group asked in several languages (joined by translated replies) shows
    // the answer given in its own language, and keeps one answer for each other language
    // that has at least MIN_LANGUAGE_REPLIES replies: replies in two languages share no
    // words, so one consensus over all of them would agree with none.
    let with_reply: Vec<(usize, &(String, Vec<String>))> =
        members.iter().filter_map(|&m| corpus.reply(m).map(|r| (m, r))).collect();
    let mut by_language: BTreeMap<&str, Vec<&(String, Vec<String>)>> = BTreeMap::new();
    for &(m, r) in &with_reply {
        by_language.entry(units[m].language.as_str()).or_default().push(r);
    }
    let several = |l: &str| by_language.get(l).is_some_and(|r| r.len() >= MIN_LANGUAGE_REPLIES);
    let others: Vec<&str> = if several(&language) {
        by_language.keys().copied().filter(|&l| l != language && l != UNDETERMINED && several(l)).collect()
    } else {
        Vec::new()
    };
    let per_language = !others.is_empty();
    let (answered, replies): (Vec<usize>, Vec<&(String, Vec<String>)>) =
        with_reply.iter().filter(|&&(m, _)| !per_language || units[m].language == language).copied().unzip();
    let Consensus { answer, confidence, count: answer_count, alternatives, agrees } =
        answer::consensus(&replies, &corpus.reply_idf);
    let answers_by_language: BTreeMap<String, String> = others
        .iter()
        .filter_map(|&l| Some((l.to_string(), answer::consensus(&by_language[l], &corpus.reply_idf).answer?)))
        .collect();

    // The canonical question: the most central candidate of the best tier, among the
    // phrasings that the chosen answer answered (a reply like it followed one of their
    // messages) when there are such: in a cluster that holds two neighbouring questions,
    // the question shown must be the one the answer is for.
    let answered_keys: BTreeSet<&str> =
        answered.iter().zip(&agrees).filter(|&(_, &a)| a).map(|(&m, _)| corpus.keys[m].as_str()).collect();
    // A bare identifier, a masked token, a greeting or a name is never shown while the
    // group has a real question or request: it goes last.
    let canonical = phrasings.iter().map(|p| candidate(corpus, p, &language, &centroid)).min_by(|a, b| {
        let unanswered = |c: &Candidate<'_>| !answered_keys.is_empty() && !answered_keys.contains(c.key);
        a.bare
            .cmp(&b.bare)
            .then(unanswered(a).cmp(&unanswered(b)))
            .then(a.tier.cmp(&b.tier))
            .then(b.centrality.total_cmp(&a.centrality))
            .then(b.count.cmp(&a.count))
            .then(a.text.cmp(&b.text))
    });
    let (question, canonical_key) = match canonical {
        Some(c) if c.tier == 0 => (tidy_question(&c.text, &language), c.key.to_string()),
        Some(c) => (tidy_statement(&c.text, &language), c.key.to_string()),
        None => (String::new(), String::new()),
    };
    let variants: Vec<Variant> = phrasings
        .iter()
        .take(MAX_VARIANTS)
        .map(|p| Variant { text: p.text().to_string(), count: p.count })
        .collect();

    // Keywords: class-based TF-IDF, shown in the words customers used. The terms of the
    // main language's members are kept for the topic's keywords.
    let mut by_language: BTreeMap<&str, TermCounts> = BTreeMap::new();
    for &m in members {
        let u = &units[m];
        let counts = by_language.entry(u.language.as_str()).or_default();
        let text = corpus.text(m);
        for t in corpus.analyzer.tokenize(text, &u.language) {
            let Some(word) = text.get(t.start..t.end).map(str::to_lowercase) else { continue };
            *counts.surface.entry(t.term.clone()).or_default().entry(word).or_default() += 1;
        }
        for t in &u.terms {
            *counts.terms.entry(t.clone()).or_default() += 1;
        }
    }
    let terms = by_language.remove(language.as_str()).unwrap_or_default();
    let keywords = if by_language.is_empty() {
        corpus.ctfidf.keywords(&terms)
    } else {
        let mut all = terms.clone();
        for other in by_language.values() {
            all.add(other);
        }
        corpus.ctfidf.keywords(&all)
    };

    // Counts, people, channels, dates.
    let mut conversations: BTreeSet<&str> = BTreeSet::new();
    let mut customers: BTreeSet<String> = BTreeSet::new();
    let mut channels: BTreeMap<String, u32> = BTreeMap::new();
    let mut weekly: BTreeMap<Week, u32> = BTreeMap::new();
    let (mut first, mut last) = (None, None);
    for &m in members {
        let u = &units[m];
        let conv = &corpus.conversations[u.conversation];
        conversations.insert(conv.id.as_str());
        let author = conv.messages.get(u.message_index).and_then(|msg| msg.author.as_deref());
        customers.insert(match author.map(str::trim).filter(|a| !a.is_empty()) {
            Some(a) => format!("author:{}", a.to_lowercase()),
            None => format!("conversation:{}", conv.id),
        });
        if let Some(c) = &conv.channel {
            *channels.entry(c.as_str().to_string()).or_default() += 1;
        }
        if let Some(t) = u.timestamp {
            *weekly.entry(weeks::week_of(t)).or_default() += 1;
            first = Some(first.map_or(t, |f: time::OffsetDateTime| f.min(t)));
            last = Some(last.map_or(t, |l: time::OffsetDateTime| l.max(t)));
        }
    }
    let rfc3339 = |t: time::OffsetDateTime| {
        t.to_offset(time::UtcOffset::UTC).format(&time::format_description::well_known::Rfc3339).ok()
    };

    // Examples: conversations of the most central members, answered ones first.
    let centrality_of: BTreeMap<&str, f32> = phrasings.iter().map(|p| (p.key, p.centrality)).collect();
    let mut ranked: Vec<(bool, f32, &str)> = members
        .iter()
        .map(|&m| {
            (
                corpus.replies[m].is_some(),
                centrality_of.get(corpus.keys[m].as_str()).copied().unwrap_or(0.0),
                corpus.conversations[units[m].conversation].id.as_str(),
            )
        })
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.total_cmp(&a.1)).then(a.2.cmp(b.2)));
    let mut examples: Vec<String> = Vec::new();
    for (_, _, id) in ranked {
        if !examples.iter().any(|e| e == id) {
            examples.push(id.to_string());
        }
        if examples.len() == MAX_EXAMPLES {
            break;
        }
    }

    let entry = FaqEntry {
        question,
        variants,
        needs_answer: answer.is_none(),
        answer,
        answer_confidence: confidence,
        answer_count,
        alternative_answers: alternatives,
        answers_by_language,
        keywords,
        language,
        languages,
        message_count: members.len() as u32,
        conversation_count: conversations.len() as u32,
        customer_count: customers.len() as u32,
        channels,
        first_seen: first.and_then(rfc3339),
        last_seen: last.and_then(rfc3339),
        weekly_counts: weeks::weekly_counts(&weekly),
        trend: weeks::trend(&weekly, &corpus.week_totals),
        example_conversation_ids: examples,
        status: Status::Mined,
        ..FaqEntry::default()
    };
    Built { entry, centroid, canonical_key, terms }
}

/// The language of most messages in `languages` (a determined one when there is any; ties
/// by code), `und` when there is none.
pub(crate) fn main_language(languages: &BTreeMap<String, u32>) -> String {
    languages
        .iter()
        .filter(|(l, _)| l.as_str() != UNDETERMINED)
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .or_else(|| languages.iter().next())
        .map(|(l, _)| l.clone())
        .unwrap_or_else(|| UNDETERMINED.to_string())
}

/// A phrasing considered as the canonical question.
struct Candidate<'c> {
    /// The text: the phrasing, or its first real question sentence when it has several
    /// sentences ("Hello. Can I pay by card? I have no account." → "Can I pay by card?").
    text: String,
    /// How well-formed it is: 0 (a real question of a sensible length in the dominant
    /// language, without placeholders) is best.
    tier: u8,
    /// Not a question at all: a bare identifier or masked token ("Order ⟨order⟩",
    /// "LS-119030"), a greeting or a name ([`is_bare`](crate::mine::is_bare)).
    bare: bool,
    centrality: f32,
    count: u32,
    key: &'c str,
}

fn candidate<'c>(corpus: &Corpus<'_>, p: &Phrasing<'c>, language: &str, centroid: &SVec) -> Candidate<'c> {
    let u = &corpus.units[p.member];
    let full = p.text();
    let sentences: Vec<&str> = full.unicode_sentences().map(str::trim).filter(|s| !s.is_empty()).collect();
    let question_sentence = sentences
        .iter()
        .find(|s| ends_with_question_mark(s) && s.split_whitespace().count() >= MIN_QUESTION_WORDS)
        .filter(|_| sentences.len() > 1);
    let (text, centrality) = match question_sentence {
        Some(q) => {
            // A sentence taken out of a message may open with a greeting the cleaner only
            // strips at the start of a line ("Ok. Chào shop cho em hỏi …?").
            let q = match crate::clean::strip_opening_greeting(q) {
                rest if rest.split_whitespace().count() >= MIN_QUESTION_WORDS => rest,
                _ => q,
            };
            let terms: Vec<String> =
                corpus.analyzer.tokenize(q, &u.language).into_iter().map(|t| t.term).collect();
            (q.to_string(), cosine(&corpus.idf.vector(&terms), centroid))
        }
        None => (full.to_string(), p.centrality),
    };
    let words = text.split_whitespace().count();
    let placeholder = text.contains(['⟨', '⟩']);
    let sized = (MIN_QUESTION_WORDS..=MAX_QUESTION_WORDS).contains(&words) && text.chars().count() <= 240;
    let asks = ends_with_question_mark(&text) || (sentences.len() <= 1 && u.utterance == Utterance::Question);
    let in_language = u.language == language;
    let tier = match (in_language, placeholder, sized, asks) {
        (true, false, true, true) => 0,
        (true, false, true, false) if u.utterance.is_minable() => 1,
        (true, false, _, _) => 2,
        (true, true, _, _) => 3,
        (false, false, _, _) => 4,
        (false, true, _, _) => 5,
    };
    let bare = crate::mine::is_bare(&text, u.utterance);
    Candidate { text, tier, bare, centrality, count: p.count, key: p.key }
}

fn ends_with_question_mark(text: &str) -> bool {
    text.trim_end().ends_with(['?', '؟', '？'])
}

/// A statement or request tidied for publishing: spaces collapsed, first letter
/// capitalized, punctuation kept.
pub(crate) fn tidy_statement(text: &str, language: &str) -> String {
    answer::capitalize(&english_i(&answer::collapse_spaces(text), language))
}

/// English text with the pronoun `i` (and `i'm`, `i'll` ...) written `I`.
fn english_i(text: &str, language: &str) -> String {
    if language != "en" {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut prev: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let starts_word = !prev.is_some_and(|p| p.is_alphanumeric() || p == '\'');
        let ends_word = !chars.peek().is_some_and(|n| n.is_alphanumeric());
        out.push(if c == 'i' && starts_word && ends_word { 'I' } else { c });
        prev = Some(c);
    }
    out
}

/// A question tidied for publishing: spaces collapsed, first letter capitalized, ending
/// with a question mark (`؟` in Arabic-script languages, ` ?` in French).
pub(crate) fn tidy_question(text: &str, language: &str) -> String {
    let collapsed = english_i(&answer::collapse_spaces(text), language);
    let trimmed = collapsed.trim_end_matches(['.', '!', ',', ';', ':', '…', ' ', '\u{a0}', '\u{202f}', '。']);
    let mut q = answer::capitalize(trimmed);
    if q.is_empty() || q.ends_with(['?', '؟', '？']) {
        return q;
    }
    let arabic_script = matches!(language, "ur" | "ar" | "fa" | "ps" | "sd") || q.chars().any(is_arabic);
    q.push_str(if arabic_script {
        "؟"
    } else if language == "fr" {
        " ?"
    } else {
        "?"
    });
    q
}

fn is_arabic(c: char) -> bool {
    ('\u{0600}'..='\u{06FF}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_are_tidied_per_language() {
        let table: &[(&str, &str, &str)] = &[
            ("how do i reset my password", "en", "How do I reset my password?"),
            ("can i pay? i'm abroad, it's my iphone", "en", "Can I pay? I'm abroad, it's my iphone?"),
            ("où suis-je, i", "fr", "Où suis-je, i ?"),
            ("how do I reset   my password.", "en", "How do I reset my password?"),
            ("Can I pay by card?", "en", "Can I pay by card?"),
            ("comment annuler ma commande", "fr", "Comment annuler ma commande ?"),
            ("Comment annuler ma commande\u{a0}?", "fr", "Comment annuler ma commande\u{a0}?"),
            ("làm sao đổi mật khẩu", "vi", "Làm sao đổi mật khẩu?"),
            ("میں پاس ورڈ کیسے بدلوں", "ur", "میں پاس ورڈ کیسے بدلوں؟"),
            ("", "en", ""),
        ];
        for (input, lang, want) in table {
            assert_eq!(tidy_question(input, lang), *want, "tidy_question({input:?}, {lang})");
        }
    }

    #[test]
    fn variant_keys_ignore_order_and_repeats() {
        let t = |s: &str| s.split(' ').map(String::from).collect::<Vec<_>>();
        assert_eq!(variant_key(&t("reset password reset"), "x"), variant_key(&t("password reset"), "y"));
        assert_ne!(variant_key(&[], "Hi"), variant_key(&[], "Yes"), "texts without terms keep their own key");
    }

    #[test]
    fn bare_identifiers_masks_greetings_and_names_are_not_questions() {
        let bare = [
            "Order ⟨order⟩",
            "⟨order⟩",
            "LS-119030",
            "#4417 ",
            "mã đơn ⟨order⟩",
            "Hi team!",
            "Merci beaucoup",
            "شکریہ",
            "⟨name⟩",
            "Marie Dupont",
        ];
        for t in bare {
            assert!(crate::mine::is_bare(t, Utterance::Other), "{t:?} is not a question");
        }
        let real = [
            "Where is my order?",
            "Where is ⟨order⟩?",
            "cancel my order ⟨order⟩ please",
            "E-401 when I log in",
            "Refund status",
            "میرا آرڈر کب پہنچے گا؟",
        ];
        for t in real {
            assert!(!crate::mine::is_bare(t, Utterance::Question), "{t:?} is a question");
        }
    }

    #[test]
    fn the_question_shown_is_a_real_question_of_the_group() {
        use crate::model::{Message, Role};
        let analyzer = Analyzer::new();
        // The masked order number is the most frequent and most central text of the group.
        let texts = [
            "Order ⟨order⟩",
            "Order ⟨order⟩",
            "Order ⟨order⟩",
            "Order ⟨order⟩ refund",
            "when do I get my refund for order ⟨order⟩",
        ];
        let conversations: Vec<Conversation> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| Conversation::new(format!("c{i}"), vec![Message::new(Role::Customer, *t)]))
            .collect();
        let units: Vec<QuestionUnit> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let a = analyzer.analyze(t, Some("en"));
                QuestionUnit {
                    conversation: i,
                    message_index: 0,
                    text: t.to_string(),
                    language: "en".into(),
                    utterance: a.utterance,
                    terms: a.tokens,
                    timestamp: None,
                }
            })
            .collect();
        let entries = super::super::build(&conversations, &units, &[vec![0, 1, 2, 3, 4]]);
        assert_eq!(entries[0].question, "When do I get my refund for order ⟨order⟩");
    }
}
