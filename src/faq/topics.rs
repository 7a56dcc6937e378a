//! Topics: the published entries grouped by subject, above them.
//!
//! Mining says which clusters share a subject ([`Clustering::topics`](crate::mine::Clustering));
//! an entry belongs to the topic of most of its messages' clusters, and an entry with no
//! clustered message (pulled out of the noise by carry-over, or pinned and no longer asked)
//! is a topic of its own. A topic's counts, languages and weekly series are the sums of its
//! entries'; its trend is computed against all traffic as an entry's is; its keywords are
//! class-based TF-IDF among topics, over the messages of its main language, and its name is
//! the first one to three of them.
//!
//! Ids are derived from the ids of the topic's entries. With `--previous`, a topic whose
//! entries are mostly those of a previous topic (weighted by messages, Jaccard at least
//! one half) keeps that topic's id; a previous topic's id is never given to another one.

use std::collections::{BTreeMap, BTreeSet};

use super::answer::capitalize;
use super::build::{main_language, Corpus};
use super::entry::{FaqEntry, FaqSet, Topic};
use super::ids;
use super::keywords::TermCounts;
use super::weeks::{self, Week};

/// A topic keeps a previous topic's id when their entries overlap at least this much
/// (Jaccard, each entry weighing its messages).
const KEEP_ID: f64 = 0.5;

/// What mining says about one entry of this run.
pub(crate) struct EntryTopic<'a> {
    /// The topic number of most of its messages' clusters, if any was clustered.
    pub topic: Option<usize>,
    /// The terms of its messages in its language.
    pub terms: &'a TermCounts,
}

/// Which topic an entry goes to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Key<'a> {
    /// A topic mining found.
    Mined(usize),
    /// The entry alone.
    Alone(&'a str),
}

/// The topic of the entry made of `members`: that of most of their clusters (`cluster_of`
/// gives each unit's cluster, `cluster_topic` each cluster's topic; ties go to the lower
/// topic number). `None` when no member is clustered.
pub(crate) fn majority_topic(
    members: &[usize],
    cluster_of: &[Option<usize>],
    cluster_topic: impl Fn(usize) -> usize,
) -> Option<usize> {
    let mut votes: BTreeMap<usize, u32> = BTreeMap::new();
    for &m in members {
        if let Some(&Some(c)) = cluster_of.get(m) {
            *votes.entry(cluster_topic(c)).or_default() += 1;
        }
    }
    votes.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))).map(|(t, _)| t)
}

/// The topics of the published `entries` (in set order), `of_entry` saying what mining
/// found for the entries of this run, by id.
pub(crate) fn group(
    corpus: &Corpus<'_>,
    entries: &[FaqEntry],
    of_entry: &BTreeMap<&str, EntryTopic<'_>>,
    previous: Option<&FaqSet>,
) -> Vec<Topic> {
    let mut members: BTreeMap<Key<'_>, Vec<&FaqEntry>> = BTreeMap::new();
    for e in entries.iter().filter(|e| e.status.is_live()) {
        let key = match of_entry.get(e.id.as_str()).and_then(|t| t.topic) {
            Some(n) => Key::Mined(n),
            None => Key::Alone(e.id.as_str()),
        };
        members.entry(key).or_default().push(e);
    }
    let classes = members.len();
    let mut topics: Vec<Topic> = members
        .into_values()
        .map(|es| {
            let mut languages: BTreeMap<String, u32> = BTreeMap::new();
            let mut weekly: BTreeMap<Week, u32> = BTreeMap::new();
            for e in &es {
                for (l, n) in &e.languages {
                    *languages.entry(l.clone()).or_default() += n;
                }
                for w in &e.weekly_counts {
                    if let Some(week) = weeks::parse_week_label(&w.week) {
                        *weekly.entry(week).or_default() += w.count;
                    }
                }
            }
            weekly.retain(|_, n| *n > 0);
            let language = main_language(&languages);
            let mut terms = TermCounts::default();
            for e in es.iter().filter(|e| e.language == language) {
                if let Some(t) = of_entry.get(e.id.as_str()) {
                    terms.add(t.terms);
                }
            }
            let (keywords, name) = corpus.ctfidf.topic_keywords(&terms, classes);
            let name = if name.is_empty() {
                es.first().map(|e| e.question.clone()).unwrap_or_default()
            } else {
                capitalize(&name.join(", "))
            };
            Topic {
                id: String::new(),
                name,
                keywords,
                entry_ids: es.iter().map(|e| e.id.clone()).collect(),
                language,
                message_count: es.iter().map(|e| e.message_count).sum(),
                languages,
                weekly_counts: weeks::weekly_counts(&weekly),
                trend: weeks::trend(&weekly, &corpus.week_totals),
            }
        })
        .collect();
    assign_ids(&mut topics, entries, previous);
    topics.sort_by(|a, b| b.message_count.cmp(&a.message_count).then(a.id.cmp(&b.id)));
    topics
}

/// Gives every topic its id: a previous topic's when their entries are mostly the same,
/// else one derived from its entry ids.
fn assign_ids(topics: &mut [Topic], entries: &[FaqEntry], previous: Option<&FaqSet>) {
    let prev_topics = previous.map(|p| p.topics.as_slice()).unwrap_or_default();
    // An entry weighs its messages: this run's count, or the previous file's for an entry
    // no longer published.
    let mut weight: BTreeMap<&str, u64> = BTreeMap::new();
    for e in previous.map(|p| p.entries.as_slice()).unwrap_or_default().iter().chain(entries) {
        weight.insert(e.id.as_str(), u64::from(e.message_count.max(1)));
    }
    let w = |id: &str| weight.get(id).copied().unwrap_or(1);
    let seeds: Vec<String> = topics
        .iter()
        .map(|t| {
            let mut ids: Vec<&str> = t.entry_ids.iter().map(String::as_str).collect();
            ids.sort_unstable();
            ids.join("\u{1f}")
        })
        .collect();
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for (i, t) in topics.iter().enumerate() {
        let mine: BTreeSet<&str> = t.entry_ids.iter().map(String::as_str).collect();
        for (p, prev) in prev_topics.iter().enumerate() {
            let theirs: BTreeSet<&str> = prev.entry_ids.iter().map(String::as_str).collect();
            let both: u64 = mine.intersection(&theirs).map(|id| w(id)).sum();
            if both == 0 {
                continue;
            }
            let either: u64 = mine.union(&theirs).map(|id| w(id)).sum();
            let score = both as f64 / either as f64;
            if score >= KEEP_ID {
                pairs.push((score, i, p));
            }
        }
    }
    pairs.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then(seeds[a.1].cmp(&seeds[b.1]))
            .then(prev_topics[a.2].id.cmp(&prev_topics[b.2].id))
    });
    let mut taken: BTreeSet<String> = prev_topics.iter().map(|t| t.id.clone()).collect();
    let mut kept: BTreeSet<usize> = BTreeSet::new();
    for (_, i, p) in pairs {
        if topics[i].id.is_empty() && kept.insert(p) {
            topics[i].id = prev_topics[p].id.clone();
        }
    }
    let mut fresh: Vec<usize> = (0..topics.len()).filter(|&i| topics[i].id.is_empty()).collect();
    fresh.sort_by(|&a, &b| seeds[a].cmp(&seeds[b]));
    for i in fresh {
        topics[i].id = ids::unique_topic_id(&seeds[i], &mut taken);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn topic(id: &str, entries: &[&str]) -> Topic {
        Topic {
            id: id.into(),
            name: String::new(),
            keywords: Vec::new(),
            entry_ids: entries.iter().map(|e| e.to_string()).collect(),
            language: "en".into(),
            languages: BTreeMap::new(),
            message_count: 0,
            weekly_counts: Vec::new(),
            trend: None,
        }
    }

    fn entry(id: &str, messages: u32) -> FaqEntry {
        FaqEntry { message_count: messages, ..FaqEntry::new(id, id) }
    }

    #[test]
    fn ids_are_kept_while_the_entries_are_mostly_the_same() {
        let entries = [entry("a", 10), entry("b", 8), entry("c", 1), entry("d", 5), entry("e", 5)];
        let mut previous = FaqSet::new(entries.to_vec());
        previous.topics = vec![topic("topic-ab", &["a", "b"]), topic("topic-de", &["d", "e"])];
        // a and b gained a small entry: the same topic. d went elsewhere: e alone is half of
        // what topic-de was, which still keeps the id; d with a new entry does not.
        let mut now =
            vec![topic("", &["a", "b", "c"]), topic("", &["e"]), topic("", &["d", "f"]), topic("", &["g"])];
        assign_ids(&mut now, &entries, Some(&previous));
        assert_eq!(now[0].id, "topic-ab");
        assert_eq!(now[1].id, "topic-de");
        assert!(now[2].id.starts_with("topic-") && now[2].id != "topic-de" && now[2].id != now[3].id);

        // Without a previous file the ids depend on the entry ids only, not on their order.
        let mut a = vec![topic("", &["a", "b"])];
        let mut b = vec![topic("", &["b", "a"])];
        assign_ids(&mut a, &entries, None);
        assign_ids(&mut b, &entries, None);
        assert_eq!(a[0].id, b[0].id);
    }

    #[test]
    fn an_entry_goes_to_the_topic_of_most_of_its_messages() {
        let cluster_of = [Some(0), Some(1), Some(1), None, Some(2)];
        let topic_of = |c: usize| [5, 7, 5][c];
        assert_eq!(
            majority_topic(&[0, 1, 2, 4], &cluster_of, topic_of),
            Some(5),
            "clusters 0 and 2 are topic 5"
        );
        assert_eq!(majority_topic(&[0, 1], &cluster_of, topic_of), Some(5), "ties go to the lower number");
        assert_eq!(majority_topic(&[3], &cluster_of, topic_of), None, "no clustered message");
    }
}
