//! From what the user typed to a tantivy query.
//!
//! Every query term is searched in four ways, each a BM25-scored term query, summed:
//!
//! 1. **exact**: the analyzed term in the exact fields;
//! 2. **folded**: its accent-folded twin in the folded fields, weighted lower, so that
//!    "lam sao doi mat khau" finds "Làm sao đổi mật khẩu" while a query typed with the
//!    right diacritics (which matches both ways) ranks the exact entry first;
//! 3. **fuzzy**: index terms within edit distance 1 (terms of 4+ characters) or 2 (8+),
//!    found by running a Levenshtein automaton over the folded term dictionaries;
//! 4. **prefix**: for the last term when it is still being typed, the index terms it
//!    starts (the most frequent ones), and index terms that are a stem of it.
//!
//! Expanded terms (3 and 4) are scored as Lucene's fuzzy query does: every expansion gets
//! the idf of the most frequent term of its family (so that a rare misspelling cannot
//! outscore the real word), times a factor below 1 that falls with the edit distance. A
//! document containing the exact word also matches its folded twin and the exact word is
//! never an expansion of itself, so for one query term exact > folded > distance 1 >
//! distance 2.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

use unicode_segmentation::UnicodeSegmentation;

use tantivy::query::{BooleanQuery, BoostQuery, DfaWrapper, FuzzyTermQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Searcher, Term};

use super::schema::{group_of, Fields, Part, GROUPS};
use crate::analyze::{fold, Analyzer, Token};

/// How much of a very long query is looked at; the rest is ignored.
const MAX_QUERY_BYTES: usize = 4096;
/// How many distinct terms of a query are searched.
const MAX_TERMS: usize = 32;
/// How many fuzzy expansions of one term, per field.
const MAX_FUZZY: usize = 5;
/// How many dictionary terms a prefix scan reads at most, per field and segment: a short
/// prefix in a big index starts thousands of words, and the first ones in byte order are
/// as good a choice as any among words that rare.
const MAX_PREFIX_SCAN: usize = 2048;
/// A query term found in fewer entries of a group than this gets fuzzy expansions there.
const RARE_DF: u64 = 3;
/// How many prefix completions of the last term, per field.
const MAX_PREFIX: usize = 6;
/// Prefixes of up to this many characters take their completions from a table built once
/// per index version (see [`Cache`]) instead of scanning the term dictionary.
const SHORT_PREFIX: usize = 3;
/// A word being typed of at most this many letters is not completed in the answers.
const SHORT_ANSWER_PREFIX: usize = 2;
/// How many fuzzy automata [`Cache`] keeps (it is emptied when full). An automaton of
/// distance 2 takes a few hundred KB (a 256-entry table per state): a big cache costs
/// memory, and fresh pages for every new automaton made cold queries slower (512 entries
/// raised the 10k whole-query p99 from 0.78 to 1.1 ms). A few serve the words a typist's
/// next keystrokes repeat.
const MAX_CACHED_DFAS: usize = 16;

/// What query planning reuses from one query to the next; lives as long as the index.
///
/// - **Completions of short prefixes.** A prefix of one to three letters starts thousands of
///   index terms: scanning them on every keystroke was a tenth of an as-you-type query's
///   cost, and the scan stopped after [`MAX_PREFIX_SCAN`] terms in byte order. The table
///   holds, for every such prefix of every term of a field, its most frequent completions
///   (over the whole dictionary), built the first time the field is asked for and rebuilt
///   when the index changes (a new searcher generation).
/// - **Levenshtein automata.** Building one costs as much as the rest of the query
///   planning; the words before the one being typed come back on every keystroke.
#[derive(Default)]
pub(crate) struct Cache {
    completions: Mutex<(u64, HashMap<Field, Arc<ShortPrefixes>>)>,
    dfas: Mutex<HashMap<(String, u8), Arc<DfaWrapper>>>,
    /// The near misses found for a word in a field, for the searcher generation in the
    /// first place: a word typed again is not scanned for (nor its automaton built) again.
    near: Mutex<(u64, NearMemory)>,
}

/// Near misses by field and word.
type NearMemory = HashMap<(Field, String), Arc<NearMisses>>;

/// A word's near misses in a field: (term, edit distance, document frequency), by term.
type NearMisses = Vec<(String, u8, u64)>;

/// Words whose near misses are remembered at most; past it the memory starts again empty.
const MAX_CACHED_NEAR: usize = 8192;

/// The most frequent completions of every short prefix of one field's terms.
#[derive(Default)]
struct ShortPrefixes {
    /// Terms with their document frequency (summed over segments).
    terms: Vec<(String, u64)>,
    /// For each prefix of up to [`SHORT_PREFIX`] characters, indices into `terms` of its
    /// most frequent completions, most frequent first (ties in term order).
    by_prefix: HashMap<String, Vec<u32>>,
}

impl ShortPrefixes {
    fn build(searcher: &Searcher, field: Field) -> ShortPrefixes {
        let mut dfs: BTreeMap<String, u64> = BTreeMap::new();
        for segment in searcher.segment_readers() {
            let Ok(inverted) = segment.inverted_index(field) else { continue };
            let Ok(mut stream) = inverted.terms().stream() else { continue };
            while stream.advance() {
                if let Ok(term) = std::str::from_utf8(stream.key()) {
                    *dfs.entry(term.to_string()).or_default() += u64::from(stream.value().doc_freq);
                }
            }
        }
        let terms: Vec<(String, u64)> = dfs.into_iter().collect();
        let mut by_prefix: HashMap<String, Vec<u32>> = HashMap::new();
        // One more than the most ever asked for: the typed word itself is skipped.
        let keep = MAX_PREFIX + 1;
        for (i, (term, df)) in terms.iter().enumerate() {
            for (at, c) in term.char_indices().take(SHORT_PREFIX) {
                let list = by_prefix.entry(term[..at + c.len_utf8()].to_string()).or_default();
                // Terms come in term order, so ties keep it.
                let pos = list.partition_point(|&j| terms[j as usize].1 >= *df);
                if pos < keep {
                    list.insert(pos, i as u32);
                    list.truncate(keep);
                }
            }
        }
        ShortPrefixes { terms, by_prefix }
    }
}

impl Cache {
    /// The short-prefix table of `field` for the index version `searcher` reads.
    fn short_prefixes(&self, searcher: &Searcher, field: Field) -> Arc<ShortPrefixes> {
        let generation = searcher.generation().generation_id();
        let mut guard = self.completions.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if guard.0 != generation {
            *guard = (generation, HashMap::new());
        }
        guard.1.entry(field).or_insert_with(|| Arc::new(ShortPrefixes::build(searcher, field))).clone()
    }

    /// The near misses of `word` in `field` found before in this searcher generation.
    fn near(&self, searcher: &Searcher, field: Field, word: &str) -> Option<Arc<NearMisses>> {
        let generation = searcher.generation().generation_id();
        let guard = self.near.lock().unwrap_or_else(|p| p.into_inner());
        if guard.0 != generation {
            return None;
        }
        guard.1.get(&(field, word.to_string())).cloned()
    }

    fn remember_near(
        &self,
        searcher: &Searcher,
        field: Field,
        word: &str,
        found: Arc<Vec<(String, u8, u64)>>,
    ) {
        let generation = searcher.generation().generation_id();
        let mut guard = self.near.lock().unwrap_or_else(|p| p.into_inner());
        if guard.0 != generation || guard.1.len() >= MAX_CACHED_NEAR {
            *guard = (generation, HashMap::new());
        }
        guard.1.insert((field, word.to_string()), found);
    }

    /// The automaton of the terms within `distance` edits of `term`.
    fn dfa(&self, term: &str, distance: u8, field: Field) -> Option<Arc<DfaWrapper>> {
        let key = (term.to_string(), distance);
        if let Some(dfa) = self.dfas.lock().unwrap_or_else(|p| p.into_inner()).get(&key) {
            return Some(dfa.clone());
        }
        let dfa = Arc::new(
            FuzzyTermQuery::new(Term::from_field_text(field, term), distance, true).automaton().ok()?,
        );
        let mut dfas = self.dfas.lock().unwrap_or_else(|p| p.into_inner());
        if dfas.len() >= MAX_CACHED_DFAS {
            dfas.clear();
        }
        dfas.insert(key, dfa.clone());
        Some(dfa)
    }
}

/// The weights of the ranking function. One set serves every data set; see the module
/// documentation of [`search`](crate::search) for how they were chosen.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Weights {
    pub question: f32,
    pub variants: f32,
    pub answer: f32,
    /// Factor of a folded-field match relative to an exact one.
    pub folded: f32,
    /// Factor of the language groups other than the query's.
    pub other_group: f32,
    /// Factor of a fuzzy match at edit distance 1 and 2.
    pub fuzzy: [f32; 2],
    /// Factor of a prefix completion of the last term.
    pub prefix: f32,
    /// Factor of a stopword match.
    pub stop: f32,
}

pub(crate) const WEIGHTS: Weights = Weights {
    question: 2.0,
    variants: 1.5,
    answer: 1.0,
    folded: 0.5,
    other_group: 0.8,
    fuzzy: [0.4, 0.2],
    prefix: 0.7,
    stop: 1.0,
};

/// Which parts of the entries a query looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// Question, variants and answer.
    Everything,
    /// Question and variants (autocomplete).
    Questions,
}

/// Whether the last word of the query may still be growing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tail {
    Prefix,
    Complete,
}

/// The terms a query matched with, per language group, for highlighting.
#[derive(Debug, Clone, Default)]
pub(crate) struct MatchTerms {
    /// Exact terms and folded terms (including expansions) of each group.
    pub groups: [(BTreeSet<String>, BTreeSet<String>); 5],
}

impl MatchTerms {
    /// `true` when `token`, from a text of group `group`, matched the query.
    pub fn matches(&self, group: usize, token: &Token) -> bool {
        let (exact, folded) = &self.groups[group];
        exact.contains(&token.term) || folded.contains(&token.folded)
    }
}

/// A query ready to run, and what to highlight.
pub(crate) struct Plan {
    /// `None` when the text has no searchable term.
    pub query: Option<Box<dyn Query>>,
    pub terms: MatchTerms,
    /// The query's own folded terms with their positions, in query order, per language
    /// group (empty for groups without entries): what the second stage reranks with.
    pub words: [Vec<(String, usize)>; 5],
    /// `false` while the last word is still being typed: the second stage then leaves the
    /// order alone (a word half typed matches nothing as a whole word).
    pub complete: bool,
}

/// Cuts `text` to at most `max` bytes at a char boundary.
fn truncate(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Builds the query for `text` in language `lang` over the groups that hold entries.
#[allow(clippy::too_many_arguments)]
pub(crate) fn plan(
    searcher: &Searcher,
    cache: &Cache,
    fields: &Fields,
    analyzer: &Analyzer,
    text: &str,
    language: Option<&str>,
    tail: Tail,
    scope: Scope,
) -> Plan {
    let w = WEIGHTS;
    // A colon joins letters into one word in Unicode segmentation ("password:reset"), but in
    // a query it is field syntax or punctuation: it separates words. (Same byte length, so
    // offsets hold.)
    let cut = truncate(text, MAX_QUERY_BYTES).replace(':', " ");
    let cut = cut.as_str();
    // The last word is unfinished when nothing (no space, no punctuation) follows it.
    let open_end = tail == Tail::Prefix
        && cut.len() == text.len()
        && text.chars().last().is_some_and(char::is_alphanumeric);
    let present: Vec<usize> = (0..GROUPS.len())
        .filter(|&g| has_terms(searcher, fields.groups[g].part(Part::Question).folded))
        .collect();
    // The query's language only decides which group weighs most. When the request does
    // not give it, the index tells: the group that knows the most of the query's words
    // (counted below). That is cheaper than detecting the language from the query's
    // letters, and surer on the two or three words people type.
    let given_group = language.map(group_of);
    let parts: &[(Part, f32)] = match scope {
        Scope::Everything => {
            &[(Part::Question, w.question), (Part::Variants, w.variants), (Part::Answer, w.answer)]
        }
        Scope::Questions => &[(Part::Question, w.question), (Part::Variants, w.variants)],
    };
    let num_docs = searcher.num_docs().max(1);
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let mut terms = MatchTerms::default();
    let mut dfas: BTreeMap<String, Option<Arc<DfaWrapper>>> = BTreeMap::new();
    let mut stopwords: BTreeSet<String> = BTreeSet::new();
    let mut words: [Vec<(String, usize)>; 5] = Default::default();
    // The query analyzed for each group, and how many entries hold each query word (by its
    // place in the query) across all groups: a word is a typo candidate only when the
    // whole index barely knows it, whatever its group.
    let analyzed: Vec<(usize, Vec<Token>)> = present
        .iter()
        .map(|&g| {
            let all = analyzer.tokenize(cut, GROUPS[g].1);
            stopwords.extend(dropped_words(cut, &all).into_iter().map(|(_, _, w)| w));
            words[g] = all.iter().take(4 * MAX_TERMS).map(|t| (t.folded.clone(), t.position)).collect();
            (g, distinct(all))
        })
        .collect();
    let mut known: BTreeMap<usize, u64> = BTreeMap::new();
    let mut votes: Vec<(usize, usize)> = Vec::new();
    for (g, tokens) in &analyzed {
        let mut vote = 0;
        for t in tokens {
            let df: u64 = parts
                .iter()
                .map(|(p, _)| doc_freq(searcher, fields.groups[*g].part(*p).folded, &t.folded))
                .sum();
            *known.entry(t.start).or_default() += df;
            vote += usize::from(df > 0);
        }
        votes.push((vote, *g));
    }
    votes.sort_unstable_by(|a, b| b.cmp(a));
    let query_group = given_group.or(match votes.as_slice() {
        [(best, g), (second, _), ..] if best > second => Some(*g),
        _ => None,
    });
    for (g, tokens) in analyzed {
        let gf = fields.groups[g];
        let group_docs = doc_freq(searcher, fields.group, GROUPS[g].0).max(1);
        let scorer = Scorer { searcher, num_docs, group_docs };
        let group_weight = if query_group.is_none_or(|q| q == g) { 1.0 } else { w.other_group };
        let (exact_set, folded_set) = &mut terms.groups[g];
        for t in &tokens {
            let is_last = open_end && t.end == cut.len();
            exact_set.insert(t.term.clone());
            folded_set.insert(t.folded.clone());
            // Near misses are looked for only when the word is rare in the index: a word
            // many entries use is no typo, and its neighbours would only add noise. The word
            // being typed is matched by its completions, and by its near misses only when no
            // index term starts with it.
            let distance = fuzzy_distance(&t.folded);
            let rare = distance > 0
                && known.get(&t.start).copied().unwrap_or(0) < RARE_DF
                && !(is_last
                    && parts.iter().any(|(p, _)| has_prefix(searcher, gf.part(*p).folded, &t.folded)));
            let need_dfa = rare
                && parts.iter().any(|(p, _)| cache.near(searcher, gf.part(*p).folded, &t.folded).is_none());
            let dfa = if need_dfa {
                dfas.entry(t.folded.clone())
                    .or_insert_with(|| cache.dfa(&t.folded, distance, gf.part(Part::Question).folded))
                    .as_deref()
            } else {
                None
            };
            for &(part, part_weight) in parts {
                let pair = gf.part(part);
                let weight = group_weight * part_weight;
                let own_folded_df = if t.term == t.folded {
                    // A term without accents matches the same entries in both fields: one
                    // clause on the folded field carries both weights (fewer clauses, faster
                    // queries; entries with and without the accents rank alike, as they should
                    // for a query typed without them).
                    scorer.push(&mut clauses, pair.folded, &t.folded, weight * (1.0 + w.folded))
                } else {
                    scorer.push(&mut clauses, pair.exact, &t.term, weight);
                    scorer.push(&mut clauses, pair.folded, &t.folded, weight * w.folded)
                };
                // A word of two letters so far completes to the commonest words of the
                // answers, whose long posting lists made such keystrokes the slowest: it is
                // completed in the questions and variants only (what the typist is after).
                let complete_here =
                    is_last && (part != Part::Answer || t.folded.chars().nth(SHORT_ANSWER_PREFIX).is_some());
                let near = rare.then_some(dfa);
                let family = expansions(searcher, cache, pair.folded, t, near, complete_here, cut);
                if family.is_empty() {
                    continue;
                }
                // Lucene-style blending: every expansion scored with the idf of the most
                // frequent member of the family, the query term itself included.
                let max_df = family.iter().map(|e| e.df).max().unwrap_or(0).max(own_folded_df);
                for e in family {
                    let factor = match e.kind {
                        Kind::Fuzzy(1) => w.fuzzy[0],
                        Kind::Fuzzy(_) => w.fuzzy[1],
                        Kind::Prefix => w.prefix,
                    };
                    scorer.push_with_df(&mut clauses, pair.folded, &e.term, e.df, max_df, weight * factor);
                    folded_set.insert(e.term);
                }
            }
        }
    }
    // Stopwords weigh in only beside real terms: a query of stopwords alone finds nothing.
    if !clauses.is_empty() {
        let scorer = Scorer { searcher, num_docs, group_docs: num_docs };
        for word in stopwords.iter().take(MAX_TERMS) {
            for &(part, part_weight) in parts {
                scorer.push(&mut clauses, fields.stop[part.slot()], word, part_weight * w.stop);
            }
        }
    }
    let query = (!clauses.is_empty()).then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>);
    Plan { query, terms, words, complete: !open_end }
}

/// Adds BM25 term clauses whose idf is that of the term's language group.
///
/// tantivy computes idf over the whole index; an entry of a group of three would then get
/// an idf fit for a rare word for any word of its group, and outrank the entries of the big
/// group. Each clause's boost corrects tantivy's idf to the group's.
struct Scorer<'a> {
    searcher: &'a Searcher,
    num_docs: u64,
    group_docs: u64,
}

impl Scorer<'_> {
    /// Adds `text` in `field`, weighted `weight`; returns its document frequency.
    fn push(&self, clauses: &mut Vec<(Occur, Box<dyn Query>)>, field: Field, text: &str, weight: f32) -> u64 {
        let df = doc_freq(self.searcher, field, text);
        if df > 0 {
            self.push_with_df(clauses, field, text, df, df, weight);
        }
        df
    }

    /// Adds `text` (document frequency `df`) scored with the idf of document frequency
    /// `idf_df`.
    fn push_with_df(
        &self,
        clauses: &mut Vec<(Occur, Box<dyn Query>)>,
        field: Field,
        text: &str,
        df: u64,
        idf_df: u64,
        weight: f32,
    ) {
        let wanted = idf(idf_df.min(self.group_docs), self.group_docs);
        let given = idf(df, self.num_docs);
        let boost = if given > 0.0 { weight * wanted / given } else { weight };
        let q = TermQuery::new(Term::from_field_text(field, text), IndexRecordOption::WithFreqs);
        clauses.push((Occur::Should, Box::new(BoostQuery::new(Box::new(q), boost))));
    }
}

/// The words of `text` that no token of `tokens` covers (the stopwords the analyzer
/// dropped), lowercased and folded, with their byte spans.
pub(crate) fn dropped_words(text: &str, tokens: &[Token]) -> Vec<(usize, usize, String)> {
    let mut spans: Vec<(usize, usize)> = tokens.iter().map(|t| (t.start, t.end)).collect();
    spans.sort_unstable();
    let mut out = Vec::new();
    let mut next = 0;
    for (start, word) in text.unicode_word_indices() {
        let end = start + word.len();
        while next < spans.len() && spans[next].1 <= start {
            next += 1;
        }
        let covered = spans[next..].iter().take_while(|s| s.0 < end).any(|s| s.1 > start);
        if !covered && word.chars().any(char::is_alphabetic) {
            out.push((start, end, fold(&word.to_lowercase())));
        }
    }
    out
}

/// The tokens of a query with repeated terms dropped, at most [`MAX_TERMS`] of them; the
/// last occurrence of a term is kept, so that the term being typed keeps its place at the end.
fn distinct(tokens: Vec<Token>) -> Vec<Token> {
    let mut last: BTreeMap<String, usize> = BTreeMap::new();
    for (i, t) in tokens.iter().enumerate() {
        last.insert(t.term.clone(), i);
    }
    let mut keep: Vec<Token> =
        tokens.into_iter().enumerate().filter(|(i, t)| last[&t.term] == *i).map(|(_, t)| t).collect();
    if keep.len() > MAX_TERMS {
        keep.drain(..keep.len() - MAX_TERMS);
    }
    keep
}

/// BM25's idf, as tantivy computes it.
fn idf(df: u64, num_docs: u64) -> f32 {
    let df = df as f32;
    let n = num_docs as f32;
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// `true` when some term of `field` starts with `prefix` (the term itself included).
fn has_prefix(searcher: &Searcher, field: Field, prefix: &str) -> bool {
    let mut found = false;
    for segment in searcher.segment_readers() {
        let Ok(inverted) = segment.inverted_index(field) else { continue };
        let Ok(mut stream) = inverted.terms().range().ge(prefix.as_bytes()).into_stream() else { continue };
        found |= stream.advance() && stream.key().starts_with(prefix.as_bytes());
    }
    found
}

fn has_terms(searcher: &Searcher, field: Field) -> bool {
    searcher
        .segment_readers()
        .iter()
        .any(|s| s.inverted_index(field).map(|ii| ii.terms().num_terms() > 0).unwrap_or(false))
}

fn doc_freq(searcher: &Searcher, field: Field, text: &str) -> u64 {
    searcher.doc_freq(&Term::from_field_text(field, text)).unwrap_or(0)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Fuzzy(u8),
    Prefix,
}

#[derive(Debug)]
struct Expansion {
    term: String,
    kind: Kind,
    df: u64,
}

/// The index terms of `field` that stand in for query token `t`: its near misses (when
/// `near` is given: the automaton to find them with, or `None` when the plan found them
/// remembered), and,
/// when `t` is the word being typed, its completions and its stems.
fn expansions(
    searcher: &Searcher,
    cache: &Cache,
    field: Field,
    t: &Token,
    near: Option<Option<&DfaWrapper>>,
    is_last: bool,
    text: &str,
) -> Vec<Expansion> {
    let mut out: BTreeMap<String, Expansion> = BTreeMap::new();
    let own = t.folded.as_str();
    let found = match near {
        None => None,
        Some(dfa) => cache.near(searcher, field, own).or_else(|| {
            let max_distance = fuzzy_distance(own);
            // Remembered when the plan looked, but forgotten since (the memory started
            // again): build the automaton now, so that the result never depends on it.
            let built;
            let dfa = match dfa {
                Some(d) => d,
                None => {
                    built = cache.dfa(own, max_distance, field)?;
                    &*built
                }
            };
            let mut found = Vec::new();
            scan_fuzzy(searcher, field, dfa, |term, df| {
                let d = edit_distance(own, term);
                if d > 0 && d <= max_distance {
                    found.push((term.to_string(), d, df));
                }
            });
            let found = Arc::new(merge_dfs(found));
            cache.remember_near(searcher, field, own, found.clone());
            Some(found)
        }),
    };
    if let Some(found) = found {
        for (term, d, df) in found.iter().cloned() {
            out.insert(term.clone(), Expansion { term, kind: Kind::Fuzzy(d), df });
        }
        keep_best(&mut out, |e| matches!(e.kind, Kind::Fuzzy(_)), MAX_FUZZY);
    }
    if is_last && own.chars().nth(1).is_some() {
        // Completions of the stem, and of the word as typed (the stemmer may have changed
        // a partial word in a way the full word's stem does not share).
        let surface = fold(&text[t.start..t.end].to_lowercase());
        let prefixes: Vec<&str> = if surface.starts_with(own) {
            vec![own]
        } else if own.starts_with(surface.as_str()) {
            vec![surface.as_str()]
        } else {
            vec![own, surface.as_str()]
        };
        // The most frequent completions; no allocation for the others. A two-letter start
        // says little and its completions are common words that are slow to score: fewer.
        let max =
            MAX_PREFIX.min((2 * own.chars().count().min(surface.chars().count())).saturating_sub(1).max(1));
        let mut found: Vec<(String, u8, u64)> = Vec::with_capacity(max + 1);
        let mut visit = |term: &str, df: u64| {
            if term == own
                || (found.len() == max && df <= found[max - 1].2)
                || found.iter().any(|e| e.0 == term)
            {
                return;
            }
            let at = found.partition_point(|e| e.2 >= df);
            found.insert(at, (term.to_string(), 0, df));
            found.truncate(max);
        };
        for p in prefixes {
            if p.chars().nth(SHORT_PREFIX).is_none() {
                let table = cache.short_prefixes(searcher, field);
                for &i in table.by_prefix.get(p).map_or(&[][..], Vec::as_slice) {
                    let (term, df) = &table.terms[i as usize];
                    visit(term, *df);
                }
            } else {
                scan_prefix(searcher, field, p, &mut visit);
            }
        }
        // Stems of the typed word: "shippin" is on its way to "shipping", stored as "ship".
        let chars: Vec<(usize, char)> = surface.char_indices().collect();
        for keep in chars.len().saturating_sub(3).max(3)..chars.len() {
            let stem = &surface[..chars[keep].0];
            if stem != own {
                let df = doc_freq(searcher, field, stem);
                if df > 0 {
                    found.push((stem.to_string(), 0, df));
                }
            }
        }
        for (term, _, df) in merge_dfs(found) {
            out.entry(term.clone()).or_insert(Expansion { term, kind: Kind::Prefix, df }).kind = Kind::Prefix;
        }
        keep_best(&mut out, |e| e.kind == Kind::Prefix, MAX_PREFIX);
    }
    out.into_values().collect()
}

/// The edit distance a term may be misspelt by: none for short words and numbers, 1 from
/// four characters, 2 from eight.
fn fuzzy_distance(term: &str) -> u8 {
    if term.chars().any(|c| c.is_numeric()) {
        return 0;
    }
    match term.chars().count() {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// Sums the per-segment document frequencies of each term; keeps the smallest distance.
fn merge_dfs(found: Vec<(String, u8, u64)>) -> Vec<(String, u8, u64)> {
    let mut merged: BTreeMap<String, (u8, u64)> = BTreeMap::new();
    for (term, d, df) in found {
        let e = merged.entry(term).or_insert((d, 0));
        e.0 = e.0.min(d);
        e.1 += df;
    }
    merged.into_iter().map(|(t, (d, df))| (t, d, df)).collect()
}

/// Keeps at most `n` of the expansions selected by `select`: the closest, then the most
/// frequent, then in term order (so that the choice does not depend on segment layout).
fn keep_best(out: &mut BTreeMap<String, Expansion>, select: impl Fn(&Expansion) -> bool, n: usize) {
    let mut chosen: Vec<&Expansion> = out.values().filter(|e| select(e)).collect();
    if chosen.len() <= n {
        return;
    }
    chosen.sort_by(|a, b| a.kind.cmp(&b.kind).then(b.df.cmp(&a.df)).then(a.term.cmp(&b.term)));
    let drop: Vec<String> = chosen[n..].iter().map(|e| e.term.clone()).collect();
    for t in drop {
        out.remove(&t);
    }
}

/// Calls `visit` with every term of `field` the automaton accepts, in every segment, with
/// its document frequency in that segment.
fn scan_fuzzy(searcher: &Searcher, field: Field, dfa: &DfaWrapper, mut visit: impl FnMut(&str, u64)) {
    for segment in searcher.segment_readers() {
        let Ok(inverted) = segment.inverted_index(field) else { continue };
        let Ok(mut stream) = inverted.terms().search(dfa).into_stream() else { continue };
        while stream.advance() {
            if let Ok(term) = std::str::from_utf8(stream.key()) {
                visit(term, u64::from(stream.value().doc_freq));
            }
        }
    }
}

/// Calls `visit` with every term of `field` that starts with `prefix`, in every segment,
/// with its document frequency in that segment.
fn scan_prefix(searcher: &Searcher, field: Field, prefix: &str, mut visit: impl FnMut(&str, u64)) {
    for segment in searcher.segment_readers() {
        let Ok(inverted) = segment.inverted_index(field) else { continue };
        let Ok(mut stream) = inverted.terms().range().ge(prefix.as_bytes()).into_stream() else { continue };
        let mut budget = MAX_PREFIX_SCAN;
        while budget > 0 && stream.advance() {
            budget -= 1;
            if !stream.key().starts_with(prefix.as_bytes()) {
                break;
            }
            if let Ok(term) = std::str::from_utf8(stream.key()) {
                visit(term, u64::from(stream.value().doc_freq));
            }
        }
    }
}

/// The optimal-string-alignment distance between `a` and `b` (a transposition counts as
/// one edit, as in the automaton), capped at 3.
pub(crate) fn edit_distance(a: &str, b: &str) -> u8 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > 2 {
        return 3;
    }
    let mut prev2: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()].min(3) as u8
}
