//! Cross-language siblings: clusters in different languages that ask about the same thing.
//!
//! Clusters are kept within a language: a group of the similarity graph that holds a
//! substantial part in another language (at least the minimum support and a quarter of the
//! group) is split by language, and the parts are siblings. Smaller parts stay with the main
//! language, because language detection on short messages is unreliable and a few
//! misdetected members must not become clusters of their own. Clusters of different
//! languages are also tied together by the *entities* both mention in most of their
//! members: error codes (`E1234`,
//! `0x80070005`, `404`), product and brand names written the same way in every language
//! (`MoMo`, `iPhone`), and URL paths (`/account/settings`). An entity that marks more
//! than [`MAX_CLUSTERS_PER_ENTITY`] clusters is too general to tie anything.

use std::collections::{BTreeMap, BTreeSet};

use super::QuestionUnit;
use crate::analyze::fold;

/// An entity shared by more clusters than this does not link them.
const MAX_CLUSTERS_PER_ENTITY: usize = 6;

/// The most frequent language among `members`, ties to the smaller code.
pub(crate) fn main_language(units: &[QuestionUnit], members: &[usize]) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for &m in members {
        *counts.entry(units[m].language.as_str()).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|x| x.0.to_string())
        .unwrap_or_default()
}

/// The entities a text mentions, lowercased and accent-folded.
pub(crate) fn entities(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (pos, raw) in text.split_whitespace().enumerate() {
        let word = raw.trim_matches(|c: char| !(c.is_alphanumeric() || c == '/'));
        if word.chars().count() < 2 {
            continue;
        }
        let digits = word.chars().filter(char::is_ascii_digit).count();
        let letters = word.chars().filter(|c| c.is_alphabetic()).count();
        let is_path = word.starts_with('/') && letters > 0 || word.contains("://");
        let is_code = digits > 0 && (letters > 0 || digits >= 3) && !word.contains('/');
        // Inner capitals (MoMo, iPhone) or a capitalized word that does not open the text.
        let chars: Vec<char> = word.chars().collect();
        let inner_upper =
            chars.iter().skip(1).any(|c| c.is_uppercase()) && chars.iter().any(|c| c.is_lowercase());
        let is_name = letters == chars.len() && (inner_upper || (pos > 0 && chars[0].is_uppercase()));
        if is_path || is_code || is_name {
            out.insert(fold(&word.to_lowercase()));
        }
    }
    out
}

/// A language part must be at least this share of its group to stand on its own.
const MIN_LANGUAGE_SHARE: f64 = 0.25;

/// A language part stands on its own only if the cosine of its centroid with the main
/// part's centroid is below this: another language shares few words and n-grams.
const MAX_PART_SIMILARITY: f32 = 0.3;

/// Splits a group by language: every language with at least `min_support` members and
/// [`MIN_LANGUAGE_SHARE`] of the group becomes its own part; the other members go with the
/// largest part, and so does a part that `similarity` (of two sets of units) finds alike the
/// largest part. The main part comes first, members sorted.
pub(crate) fn split_by_language(
    units: &[QuestionUnit],
    group: Vec<usize>,
    min_support: usize,
    similarity: &dyn Fn(&[usize], &[usize]) -> f32,
) -> Vec<Vec<usize>> {
    let mut by_lang: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for &m in &group {
        by_lang.entry(units[m].language.as_str()).or_default().push(m);
    }
    if by_lang.len() < 2 {
        return vec![group];
    }
    let stands = |n: usize| n >= min_support && n as f64 >= MIN_LANGUAGE_SHARE * group.len() as f64;
    let (mut parts, rest): (Vec<Vec<usize>>, Vec<Vec<usize>>) =
        by_lang.into_values().partition(|p| stands(p.len()));
    if parts.len() < 2 {
        return vec![group];
    }
    let largest =
        (0..parts.len()).max_by(|&a, &b| parts[a].len().cmp(&parts[b].len()).then(b.cmp(&a))).unwrap_or(0);
    let mut main = parts.swap_remove(largest);
    // A part whose words resemble the main part's is the main language, misdetected.
    let (own, alike): (Vec<Vec<usize>>, Vec<Vec<usize>>) =
        parts.into_iter().partition(|p| similarity(&main, p) < MAX_PART_SIMILARITY);
    if own.is_empty() {
        return vec![group];
    }
    main.extend(rest.into_iter().chain(alike).flatten());
    let mut parts = vec![main];
    parts.extend(own);
    for p in &mut parts {
        p.sort_unstable();
    }
    parts
}

/// For each cluster, the clusters of other main languages it shares an entity with, or that
/// come from the same group (`origins[c]` is the group cluster `c` was split from).
pub(crate) fn siblings(
    units: &[QuestionUnit],
    clusters: &[Vec<usize>],
    languages: &[String],
    origins: &[usize],
) -> Vec<Vec<usize>> {
    // The entities a cluster is about: those in at least half of its members.
    let mut by_entity: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (c, members) in clusters.iter().enumerate() {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for &m in members {
            for e in entities(&units[m].text) {
                *counts.entry(e).or_default() += 1;
            }
        }
        for (e, k) in counts {
            if 2 * k >= members.len() {
                by_entity.entry(e).or_default().push(c);
            }
        }
    }
    let mut out: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); clusters.len()];
    let mut by_origin: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (c, &o) in origins.iter().enumerate() {
        by_origin.entry(o).or_default().push(c);
    }
    for list in by_entity.values().filter(|l| l.len() <= MAX_CLUSTERS_PER_ENTITY).chain(by_origin.values()) {
        for &a in list {
            for &b in list {
                if languages[a] != languages[b] {
                    out[a].insert(b);
                }
            }
        }
    }
    out.into_iter().map(|s| s.into_iter().collect()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_are_codes_names_and_paths() {
        for (text, want) in [
            ("Lỗi E1234 khi thanh toán", &["e1234"][..]),
            ("Erreur 0x80070005 avec MoMo", &["0x80070005", "momo"]),
            ("Where is /account/settings on my iPhone?", &["/account/settings", "iphone"]),
            ("Comment payer avec Zalo ?", &["zalo"]),
            ("How do I pay?", &[]),
            ("I paid 20 dollars", &[]),
        ] {
            let got: Vec<String> = entities(text).into_iter().collect();
            assert_eq!(got, want, "entities of {text:?}");
        }
    }
}
