//! Search gaps: what customers searched in the help center and did not find.
//!
//! A help center's search box (the example binary's `faqmine serve`) writes one
//! [`SearchEvent`] a line to its search log: each search (query masked), the entries it
//! showed, the entries customers opened ([`SearchEvent::Click`]) and their "did this answer
//! your question?" votes ([`SearchEvent::Feedback`]). [`read_search_log`] reads such a log,
//! [`search_gaps`] turns it into a [`SearchGaps`] report: the searches that found nothing
//! useful (no hit, no entry opened, or marked "not helpful"), grouped by what they ask and
//! ranked by count, and an estimated deflection rate.
//!
//! Searches typed in one box one after the other (`prev` names the search a search
//! replaced, as search-as-you-type sends one per keystroke) count once: only the last
//! search of such a chain is a customer's search.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::BufRead;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::analyze::{Analyzer, UNDETERMINED};
use crate::ingest::Diagnostic;
use crate::{Error, Result};

/// At most this many gaps are listed (the most searched).
pub const MAX_GAPS: usize = 200;

/// One line of a search log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
#[non_exhaustive]
pub enum SearchEvent {
    /// A search and what it showed.
    Search {
        /// When, RFC 3339 in UTC.
        ts: String,
        /// The id the server gave this search; clicks and feedback name it.
        query_id: String,
        /// The query, with personal data masked.
        query: String,
        /// The search this one replaced in the same search box, when it did (typing on).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        prev: Option<String>,
        /// The language asked for, when one was.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        lang: Option<String>,
        /// Whether the last word was taken as still being typed.
        #[serde(default)]
        as_you_type: bool,
        /// The ids of the entries shown, best first.
        #[serde(default)]
        hits: Vec<String>,
        /// Whether nothing was found.
        #[serde(default)]
        zero_result: bool,
    },
    /// A customer opened an entry shown by a search.
    Click {
        /// When, RFC 3339 in UTC.
        ts: String,
        /// The search that showed it.
        query_id: String,
        /// The entry opened.
        faq_id: String,
    },
    /// A customer said whether an entry answered the question.
    Feedback {
        /// When, RFC 3339 in UTC.
        ts: String,
        /// The search that showed it.
        query_id: String,
        /// The entry voted on.
        faq_id: String,
        /// `true` for "yes, it answered my question".
        helpful: bool,
    },
}

/// What a search log says about the help center's search: the report of [`search_gaps`],
/// written into `faq.json` as `search_log`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SearchGaps {
    /// Customer searches (the last search of each chain typed in one box).
    pub searches: u32,
    /// Searches after which the customer opened an entry and did not say it failed.
    pub found: u32,
    /// Searches that found nothing.
    pub zero_result: u32,
    /// Searches with hits of which none was opened.
    pub no_click: u32,
    /// Searches with an entry marked "not helpful" and none marked helpful.
    pub not_helpful: u32,
    /// `found / searches` (0 without searches): the share of searches that an FAQ entry
    /// answered, as far as clicks and votes tell. An estimate: a customer may read an
    /// answer in its snippet without opening it, or open one that did not help and say
    /// nothing.
    pub estimated_deflection: f64,
    /// The searches that found nothing useful, grouped by what they ask (the same index
    /// terms), most searched first (ties by query), at most [`MAX_GAPS`].
    pub gaps: Vec<SearchGap>,
}

/// Searches that asked the same thing and found nothing useful.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchGap {
    /// The most frequent spelling of the query (masked; ties by text).
    pub query: String,
    /// How many searches: `zero_result + no_click + not_helpful`.
    pub count: u32,
    /// Of which found nothing.
    pub zero_result: u32,
    /// Of which showed hits, none opened.
    pub no_click: u32,
    /// Of which had an entry marked "not helpful".
    pub not_helpful: u32,
    /// The entry shown first most often by these searches (ties by id), if any: the one
    /// that does not answer them.
    pub top_hit: Option<String>,
}

/// Reads a search log (JSONL of [`SearchEvent`]). A line that is not an event is a
/// diagnostic naming the file and line, and is skipped.
///
/// # Errors
/// [`Error::Io`] when the file cannot be read.
pub fn read_search_log(path: impl AsRef<Path>) -> Result<(Vec<SearchEvent>, Vec<Diagnostic>)> {
    let path = path.as_ref();
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut events = Vec::new();
    let mut diagnostics = Vec::new();
    for (i, line) in std::io::BufReader::new(file).split(b'\n').enumerate() {
        let line = line.map_err(|e| Error::io(path, e))?;
        let Ok(text) = std::str::from_utf8(&line) else {
            diagnostics.push(Diagnostic::skipped(path, i as u64 + 1, "not UTF-8"));
            continue;
        };
        if text.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<SearchEvent>(text) {
            Ok(e) => events.push(e),
            Err(e) => {
                diagnostics.push(Diagnostic::skipped(path, i as u64 + 1, format!("not a search event: {e}")))
            }
        }
    }
    Ok((events, diagnostics))
}

#[derive(Default)]
struct Outcome {
    clicked: BTreeSet<String>,
    helpful: bool,
    not_helpful: bool,
}

#[derive(Default)]
struct Group {
    spellings: BTreeMap<String, u32>,
    top_hits: BTreeMap<String, u32>,
    zero_result: u32,
    no_click: u32,
    not_helpful: u32,
}

/// The report of a search log's `events`, in any order (the same events in another order
/// give the same report). `analyzer` groups queries by their index terms. A search repeated
/// in the log under one `query_id` counts once.
pub fn search_gaps(events: &[SearchEvent], analyzer: &Analyzer) -> SearchGaps {
    // Searches by id; a repeated id keeps the smallest line, so order does not matter.
    let mut searches: BTreeMap<&str, &SearchEvent> = BTreeMap::new();
    let mut replaced: BTreeSet<&str> = BTreeSet::new();
    let mut outcomes: HashMap<&str, Outcome> = HashMap::new();
    for e in events {
        match e {
            SearchEvent::Search { query_id, prev, .. } => {
                let slot = searches.entry(query_id).or_insert(e);
                if search_key(e) < search_key(slot) {
                    *slot = e;
                }
                if let Some(p) = prev {
                    if p != query_id {
                        replaced.insert(p);
                    }
                }
            }
            SearchEvent::Click { query_id, faq_id, .. } => {
                outcomes.entry(query_id).or_default().clicked.insert(faq_id.clone());
            }
            SearchEvent::Feedback { query_id, helpful, .. } => {
                let o = outcomes.entry(query_id).or_default();
                if *helpful {
                    o.helpful = true;
                } else {
                    o.not_helpful = true;
                }
            }
        }
    }
    let mut report = SearchGaps::default();
    // The searches that failed: (spelling, language, first hit, kind).
    let mut failed_searches: Vec<(String, String, Option<&String>, u8)> = Vec::new();
    for (id, e) in &searches {
        if replaced.contains(id) {
            continue;
        }
        let SearchEvent::Search { query, lang, hits, zero_result, .. } = e else { continue };
        report.searches += 1;
        let outcome = outcomes.get(id);
        let empty = *zero_result || hits.is_empty();
        let failed = outcome.is_some_and(|o| o.not_helpful && !o.helpful);
        let opened = outcome.is_some_and(|o| !o.clicked.is_empty() || o.helpful);
        let kind = if empty {
            report.zero_result += 1;
            0
        } else if failed {
            report.not_helpful += 1;
            2
        } else if !opened {
            report.no_click += 1;
            1
        } else {
            report.found += 1;
            continue;
        };
        let spelling = tidy(query);
        if !spelling.is_empty() {
            let language = analyzer.detect_language(&spelling, lang.as_deref());
            failed_searches.push((spelling, language, hits.first(), kind));
        }
    }
    // A query too short to tell its language is analyzed in the log's most common one, so
    // that "cancel subscription?" and "Cancel my subscription" fall in one group.
    let mut languages: BTreeMap<&str, u32> = BTreeMap::new();
    for (_, language, _, _) in &failed_searches {
        if language != UNDETERMINED {
            *languages.entry(language).or_default() += 1;
        }
    }
    let dominant = languages
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map_or(UNDETERMINED, |(l, _)| *l)
        .to_string();
    let mut groups: BTreeMap<String, Group> = BTreeMap::new();
    for (spelling, language, first, kind) in failed_searches {
        let language = if language == UNDETERMINED { dominant.as_str() } else { language.as_str() };
        let g = groups.entry(group_key(analyzer, &spelling, language)).or_default();
        *g.spellings.entry(spelling).or_default() += 1;
        if let Some(first) = first {
            *g.top_hits.entry(first.clone()).or_default() += 1;
        }
        match kind {
            0 => g.zero_result += 1,
            1 => g.no_click += 1,
            _ => g.not_helpful += 1,
        }
    }
    if report.searches > 0 {
        report.estimated_deflection = f64::from(report.found) / f64::from(report.searches);
    }
    let most = |m: &BTreeMap<String, u32>| {
        m.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))).map(|(s, _)| s.clone())
    };
    let mut gaps: Vec<SearchGap> = groups
        .into_values()
        .map(|g| SearchGap {
            query: most(&g.spellings).unwrap_or_default(),
            count: g.zero_result + g.no_click + g.not_helpful,
            zero_result: g.zero_result,
            no_click: g.no_click,
            not_helpful: g.not_helpful,
            top_hit: most(&g.top_hits),
        })
        .collect();
    gaps.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.query.cmp(&b.query)));
    gaps.truncate(MAX_GAPS);
    report.gaps = gaps;
    report
}

/// Orders duplicates of one search id: the line with the smallest content wins.
fn search_key(e: &SearchEvent) -> String {
    serde_json::to_string(e).unwrap_or_default()
}

/// The query with runs of white space made one space, trimmed.
fn tidy(query: &str) -> String {
    query.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What a query asks: its sorted, deduplicated folded index terms (so that case,
/// punctuation, word order and inflection do not split a gap), or the lowercased query when
/// it has no index term (only stopwords).
fn group_key(analyzer: &Analyzer, query: &str, lang: &str) -> String {
    let mut terms = BTreeSet::new();
    analyzer.tokenize_with(query, lang, |t| {
        terms.insert(t.folded.to_string());
    });
    if terms.is_empty() {
        return format!("\u{1f}{}", query.to_lowercase());
    }
    terms.into_iter().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn search(id: &str, query: &str, prev: Option<&str>, hits: &[&str]) -> SearchEvent {
        SearchEvent::Search {
            ts: "2026-01-01T00:00:00Z".into(),
            query_id: id.into(),
            query: query.into(),
            prev: prev.map(str::to_string),
            lang: None,
            as_you_type: prev.is_some(),
            hits: hits.iter().map(|h| h.to_string()).collect(),
            zero_result: hits.is_empty(),
        }
    }

    fn click(id: &str, faq: &str) -> SearchEvent {
        SearchEvent::Click { ts: "2026-01-01T00:00:01Z".into(), query_id: id.into(), faq_id: faq.into() }
    }

    fn feedback(id: &str, faq: &str, helpful: bool) -> SearchEvent {
        SearchEvent::Feedback {
            ts: "2026-01-01T00:00:02Z".into(),
            query_id: id.into(),
            faq_id: faq.into(),
            helpful,
        }
    }

    fn log() -> Vec<SearchEvent> {
        vec![
            // Typed in one box: only "refund policy" counts, and it was clicked.
            search("a1", "ref", None, &["f1"]),
            search("a2", "refund", Some("a1"), &["f1"]),
            search("a3", "refund policy", Some("a2"), &["f1"]),
            click("a3", "f1"),
            // Two spellings of one gap, no hit.
            search("b", "Cancel my subscription", None, &[]),
            search("c", "cancel  subscription?", None, &[]),
            search("c2", "Cancel my subscription", None, &[]),
            // Shown, not opened.
            search("d", "delivery time", None, &["f2"]),
            // Opened, then "not helpful".
            search("e", "change address", None, &["f3", "f4"]),
            click("e", "f3"),
            feedback("e", "f3", false),
            // "Helpful" without a click counts as found.
            search("f", "opening hours", None, &["f5"]),
            feedback("f", "f5", true),
        ]
    }

    #[test]
    fn gaps_are_grouped_ranked_and_counted() {
        let r = search_gaps(&log(), &Analyzer::new());
        assert_eq!((r.searches, r.found, r.zero_result, r.no_click, r.not_helpful), (7, 2, 3, 1, 1));
        assert!((r.estimated_deflection - 2.0 / 7.0).abs() < 1e-12);
        let got: Vec<(&str, u32)> = r.gaps.iter().map(|g| (g.query.as_str(), g.count)).collect();
        assert_eq!(got, [("Cancel my subscription", 3), ("change address", 1), ("delivery time", 1)]);
        assert_eq!(r.gaps[1].not_helpful, 1);
        assert_eq!(r.gaps[1].top_hit.as_deref(), Some("f3"));
        assert_eq!(r.gaps[2].no_click, 1);
    }

    #[test]
    fn the_report_does_not_depend_on_the_order_of_the_log() {
        let analyzer = Analyzer::new();
        let mut events = log();
        let want = search_gaps(&events, &analyzer);
        events.reverse();
        assert_eq!(search_gaps(&events, &analyzer), want);
        events.rotate_left(5);
        assert_eq!(search_gaps(&events, &analyzer), want);
    }

    #[test]
    fn an_empty_log_has_no_searches_and_no_deflection() {
        let r = search_gaps(&[], &Analyzer::new());
        assert_eq!(r, SearchGaps::default());
    }

    #[test]
    fn bad_lines_are_diagnostics_with_their_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("search.jsonl");
        let good = serde_json::to_string(&search("x", "refund", None, &[])).unwrap();
        std::fs::write(&path, format!("{good}\nnot json\n\n{{\"event\":\"other\"}}\n\u{0}\n")).unwrap();
        let (events, diags) = read_search_log(&path).unwrap();
        assert_eq!(events.len(), 1);
        let lines: Vec<u64> = diags.iter().map(|d| d.line).collect();
        assert_eq!(lines, [2, 4, 5]);
    }
}
