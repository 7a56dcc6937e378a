//! Carry-over from `--previous`: which new messages belong to which previous entry, and
//! the curation that survives re-mining.
//!
//! The previous file is the authority for the questions it already knows. A message whose
//! phrasing (variant key) is a variant of a previous entry is *anchored* to that entry, even
//! if this run's clustering put it elsewhere or left it as noise; so previous entries never
//! silently merge or vanish while their questions are still asked. The unanchored rest of a
//! cluster follows the entry most of its anchored members belong to (mining found them to
//! ask the same thing; a curator can split them). A cluster with no anchored member keeps the id of a
//! previous entry that is no longer asked in its old words, when their centroids are very
//! close.
//!
//! Curated structure is re-applied on every run: an entry with `split_from` takes the new
//! phrasings of its parent that are closer to it than to the parent, and an entry with
//! `curation.merged_into` hands its messages to the target entry.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::build::Corpus;
use super::entry::{FaqEntry, FaqSet, Status};
use super::vector::{cosine, Centroid, SVec};

/// A cluster with no anchored member takes a previous entry's id at this centroid cosine.
const CENTROID_MATCH: f32 = 0.6;
/// Chains of `merged_into` longer than this are cut (they are cycles or mistakes).
const MAX_MERGE_HOPS: usize = 16;

/// The messages of one entry of this run.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Group {
    /// Unit indices, sorted.
    pub members: Vec<usize>,
    /// The previous entry it continues, as an index into the previous entries.
    pub previous: Option<usize>,
}

/// The groups of this run: `clusters` reconciled with `previous`.
pub(crate) fn plan(
    corpus: &Corpus<'_>,
    clusters: &[Vec<usize>],
    previous: Option<&FaqSet>,
    eligible: Option<&[bool]>,
) -> Vec<Group> {
    let Some(previous) = previous.filter(|p| !p.entries.is_empty()) else {
        return clusters.iter().map(|c| Group { members: sorted(c.clone()), previous: None }).collect();
    };
    let prev = &previous.entries;
    let mut order: Vec<usize> = (0..prev.len()).collect();
    order.sort_by(|&a, &b| prev[a].id.cmp(&prev[b].id));

    // Each previous entry's centroid, and for each variant key the entries that list it,
    // the one listing it most often first.
    let mut owners: HashMap<String, Vec<(usize, u32)>> = HashMap::new();
    let mut centroids: Vec<SVec> = vec![Vec::new(); prev.len()];
    for &p in &order {
        let mut c = Centroid::default();
        for v in &prev[p].variants {
            let (vector, key) = corpus.vector_of_variant(&v.text);
            c.add(&vector, v.count.max(1) as f32);
            let list = owners.entry(key).or_default();
            if !list.iter().any(|&(q, _)| q == p) {
                list.push((p, v.count));
            }
        }
        centroids[p] = c.finish();
    }
    for list in owners.values_mut() {
        list.sort_by(|a, b| b.1.cmp(&a.1).then(prev[a.0].id.cmp(&prev[b.0].id)));
    }
    let owners_of =
        |m: usize| -> &[(usize, u32)] { owners.get(&corpus.keys[m]).map(Vec::as_slice).unwrap_or_default() };

    // Where each anchored unit went, for the splits below.
    let mut anchored_to: Vec<Option<usize>> = vec![None; corpus.units.len()];
    let mut assigned: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut fresh: Vec<Vec<usize>> = Vec::new();
    let mut unknown: Vec<Vec<usize>> = Vec::new();
    let mut clustered = vec![false; corpus.units.len()];
    // Phrasings this run's clustering itself spread over several clusters say nothing about
    // which previous entry they belong to: they stay in their cluster.
    let mut spread: HashMap<&str, (usize, bool)> = HashMap::new();
    for (c, cluster) in clusters.iter().enumerate() {
        for &m in cluster {
            let e = spread.entry(corpus.keys[m].as_str()).or_insert((c, false));
            e.1 |= e.0 != c;
        }
    }
    for cluster in clusters {
        // The cluster's entry: the one most of its phrasings belong to, counting first the
        // phrasings that only one entry lists.
        let mut votes: BTreeMap<usize, u32> = BTreeMap::new();
        for &m in cluster {
            if let [(p, _)] = owners_of(m) {
                *votes.entry(*p).or_default() += 1;
            }
        }
        if votes.is_empty() {
            for &m in cluster {
                if let Some(&(p, _)) = owners_of(m).first() {
                    *votes.entry(p).or_default() += 1;
                }
            }
        }
        let majority =
            votes.iter().max_by(|a, b| a.1.cmp(b.1).then(prev[*b.0].id.cmp(&prev[*a.0].id))).map(|(&p, _)| p);
        let mut rest = Vec::new();
        for &m in cluster {
            clustered[m] = true;
            let owners = owners_of(m);
            // A phrasing listed by several entries stays with the cluster's entry if that is
            // one of them (so that a re-run with its own output changes nothing); a spread
            // phrasing stays with the cluster (as the rest, below).
            let spread_out = spread.get(corpus.keys[m].as_str()).is_some_and(|&(_, s)| s);
            let target = match majority {
                Some(p) if owners.iter().any(|&(q, _)| q == p) => Some(p),
                Some(_) if spread_out => None,
                _ => owners.first().map(|&(p, _)| p),
            };
            match target {
                Some(p) => {
                    anchored_to[m] = Some(p);
                    assigned.entry(p).or_default().push(m);
                }
                None => rest.push(m),
            }
        }
        if rest.is_empty() {
            continue;
        }
        match majority {
            // Mining put the rest with these phrasings: it is the same question.
            Some(p) => assigned.entry(p).or_default().extend(rest),
            None => unknown.push(rest),
        }
    }
    // Messages this run left as noise still belong to the entries that know their phrasing,
    // if mining could have taken them (a question, request or problem, in a mined language).
    for m in 0..corpus.units.len() {
        let minable = corpus.units[m].utterance.is_minable()
            && eligible.is_none_or(|e| e.get(m).copied().unwrap_or(false));
        if let (Some(&(p, _)), false, true) = (owners_of(m).first(), clustered[m], minable) {
            anchored_to[m] = Some(p);
            assigned.entry(p).or_default().push(m);
        }
    }
    // A cluster with no known phrasing keeps the id of a previous entry that would otherwise
    // retire, when their centroids are very close (the question is asked in new words). It
    // never joins an entry that is still asked: mining found them to be different questions.
    let mut pairs: Vec<(f32, usize, usize)> = Vec::new();
    for (k, rest) in unknown.iter().enumerate() {
        let c = corpus.centroid(rest);
        for &p in order.iter().filter(|p| !assigned.contains_key(p)) {
            let s = cosine(&c, &centroids[p]);
            if s >= CENTROID_MATCH {
                pairs.push((s, k, p));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(prev[a.2].id.cmp(&prev[b.2].id)));
    let mut rescued: Vec<Option<usize>> = vec![None; unknown.len()];
    let mut taken = BTreeSet::new();
    for (_, k, p) in pairs {
        if rescued[k].is_none() && taken.insert(p) {
            rescued[k] = Some(p);
        }
    }
    for (rest, p) in unknown.into_iter().zip(rescued) {
        match p {
            Some(p) => {
                assigned.insert(p, rest);
            }
            None => fresh.push(rest),
        }
    }

    // Splits: new phrasings go to the child entry they are closer to.
    let index_of: HashMap<&str, usize> = prev.iter().enumerate().map(|(i, e)| (e.id.as_str(), i)).collect();
    let mut children: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &c in &order {
        if let Some(&parent) = prev[c].split_from.as_deref().and_then(|id| index_of.get(id)) {
            if parent != c {
                children.entry(parent).or_default().push(c);
            }
        }
    }
    for (parent, kids) in &children {
        let Some(members) = assigned.remove(parent) else { continue };
        let mut keep = Vec::new();
        for m in members {
            if anchored_to[m] == Some(*parent) {
                keep.push(m);
                continue;
            }
            let vector = corpus.vector(m);
            let to_parent = cosine(&vector, &centroids[*parent]);
            let best = kids
                .iter()
                .map(|&k| (k, cosine(&vector, &centroids[k])))
                .filter(|&(_, s)| s > to_parent)
                .max_by(|a, b| a.1.total_cmp(&b.1).then(prev[b.0].id.cmp(&prev[a.0].id)));
            match best {
                Some((k, _)) => assigned.entry(k).or_default().push(m),
                None => keep.push(m),
            }
        }
        if !keep.is_empty() {
            assigned.entry(*parent).or_default().extend(keep);
        }
    }

    // Merges: an entry merged into another hands over its messages.
    let sources: Vec<usize> = assigned.keys().copied().collect();
    for p in sources {
        let target = merge_target(prev, &index_of, p);
        if target != p {
            if let Some(members) = assigned.remove(&p) {
                assigned.entry(target).or_default().extend(members);
            }
        }
    }

    let mut groups: Vec<Group> = assigned
        .into_iter()
        .map(|(p, members)| Group { members: sorted(members), previous: Some(p) })
        .collect();
    groups.extend(fresh.into_iter().map(|members| Group { members: sorted(members), previous: None }));
    groups.retain(|g| !g.members.is_empty());
    groups
}

/// Where entry `p`'s messages go: itself, or the end of its `merged_into` chain.
fn merge_target(prev: &[FaqEntry], index_of: &HashMap<&str, usize>, p: usize) -> usize {
    let mut at = p;
    for _ in 0..MAX_MERGE_HOPS {
        match prev[at].curation.merged_into.as_deref().and_then(|id| index_of.get(id)) {
            Some(&next) if next != p => at = next,
            _ => break,
        }
    }
    at
}

fn sorted(mut v: Vec<usize>) -> Vec<usize> {
    v.sort_unstable();
    v.dedup();
    v
}

/// The curation of a previous entry, including edits made by hand in the file: a curator
/// who edits `question` or `answer` and sets `status` to `curated` (without filling the
/// `curation` block) has those texts kept; `status: suppressed` suppresses.
pub(crate) fn curation_of(prev: &FaqEntry) -> super::entry::Curation {
    let mut c = prev.curation.clone();
    if prev.status == Status::Curated && c.is_empty() {
        c.question = Some(prev.question.clone()).filter(|q| !q.trim().is_empty());
        c.answer = prev.answer.clone();
    }
    if prev.status == Status::Suppressed {
        c.suppressed = true;
    }
    c
}

/// `entry`, mined this run, continuing `prev`: its id, curation and history carried over.
pub(crate) fn carry_over(entry: &mut FaqEntry, prev: &FaqEntry) {
    entry.id = prev.id.clone();
    entry.curation = curation_of(prev);
    entry.split_from = prev.split_from.clone();
    entry.first_seen = earliest(entry.first_seen.take(), prev.first_seen.clone());
    if entry.siblings.is_empty() {
        entry.siblings = prev.siblings.clone();
    }
}

/// The earlier of two RFC 3339 times (either may be missing or unreadable).
fn earliest(a: Option<String>, b: Option<String>) -> Option<String> {
    let parse = |s: &Option<String>| s.as_deref().and_then(|s| OffsetDateTime::parse(s, &Rfc3339).ok());
    match (parse(&a), parse(&b)) {
        (Some(x), Some(y)) => {
            if y < x {
                b
            } else {
                a
            }
        }
        (Some(_), None) => a,
        (None, Some(_)) => b,
        (None, None) => a.or(b),
    }
}

/// Applies an entry's curation to its content and sets its status.
pub(crate) fn apply_curation(entry: &mut FaqEntry) {
    if let Some(q) = &entry.curation.question {
        entry.question = q.clone();
    }
    if let Some(a) = &entry.curation.answer {
        entry.answer = Some(a.clone());
    }
    entry.needs_answer = entry.answer.is_none();
    let c = &entry.curation;
    entry.status = if c.suppressed {
        Status::Suppressed
    } else if c.question.is_some() || c.answer.is_some() || c.pinned {
        Status::Curated
    } else if entry.covered_by.is_some() {
        Status::Covered
    } else {
        Status::Mined
    };
}

/// The previous entries no group continues, kept: merged, suppressed, pinned (still
/// published) or retired.
pub(crate) fn unseen(previous: Option<&FaqSet>, seen: &BTreeSet<usize>) -> Vec<FaqEntry> {
    let Some(previous) = previous else { return Vec::new() };
    previous
        .entries
        .iter()
        .enumerate()
        .filter(|(i, _)| !seen.contains(i))
        .map(|(_, prev)| {
            let mut e = prev.clone();
            e.curation = curation_of(prev);
            apply_curation(&mut e);
            e.status = if e.curation.merged_into.is_some() {
                Status::Merged
            } else if e.curation.suppressed {
                Status::Suppressed
            } else if e.curation.pinned {
                Status::Curated
            } else {
                Status::Retired
            };
            e
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_edits_with_status_curated_become_curation() {
        let mut prev = FaqEntry::new("faq-1", "How do I pay by card?");
        prev.answer = Some("Use the Pay button.".into());
        prev.status = Status::Curated;
        let c = curation_of(&prev);
        assert_eq!(c.question.as_deref(), Some("How do I pay by card?"));
        assert_eq!(c.answer.as_deref(), Some("Use the Pay button."));

        prev.curation.pinned = true;
        let c = curation_of(&prev);
        assert_eq!(c.question, None, "with a curation block, only the block counts");
    }

    #[test]
    fn earliest_time_wins() {
        let a = Some("2024-03-01T00:00:00Z".to_string());
        let b = Some("2024-01-01T10:00:00+02:00".to_string());
        assert_eq!(earliest(a.clone(), b.clone()), b);
        assert_eq!(earliest(a.clone(), None), a);
    }
}
