//! Replies as evidence: the agents' answers say where one question ends and the next begins.
//!
//! A help center has already decided which questions are one FAQ: it answers them with the
//! same reply (a macro, a template, the same facts in the same words). This step reads that
//! decision lexically, from TF-IDF vectors of the replies, after the questions are clustered:
//!
//! 1. **Answers.** The distinct replies of each language are grouped into *answers*, most
//!    given first: a reply joins the answer whose first reply it is most alike, at least
//!    [`SAME_REPLY`], or starts one. An answer given at least twice is a *macro*.
//! 2. **Split.** In a cluster whose replies are mostly macros ([`CONSISTENT_SHARE`]), the
//!    members split along their macros; a member whose reply is no macro leaves as noise,
//!    and one without a reply goes to the part whose questions are most like its own.
//!    Clusters whose replies mostly vary (free-form replies, system turns) stay as they are:
//!    their replies say nothing.
//! 3. **Merge.** Parts answered with the same macro merge, whichever cluster they come from.
//! 4. **Attach.** A unit left out of every cluster, which asks something and whose reply is
//!    a group's macro, joins that group.
//!
//! A reply that asks back ("could you send me the order number?") is no evidence: the
//! caller leaves it out. Without any reply nothing changes, byte for byte.
//!
//! Architecture invariant: the result depends only on the units, their replies and the
//! clusters given, not on their order; every choice breaks ties by index, and units and
//! replies are in a canonical order.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::{asks_enough, is_bare, link, Clustering, QuestionUnit};
use crate::embed::vector::{dot, unit};
use crate::faq::vector::{cosine, Centroid, Idf, SVec};

/// Two replies this alike (cosine of their TF-IDF vectors) give the same answer.
pub(crate) const SAME_REPLY: f32 = 0.5;
/// Two answers in different languages whose sentence vectors are this alike (cosine of
/// the mean of their replies' vectors), and each the other's nearest in its language, are
/// the same answer. Measured on the demo corpus (mining with the model): any value from 0.80
/// to 0.87 gives the same entries, mutual nearness doing most of the work; 0.90 leaves
/// translations apart (ARI 0.618 at 0.85, 0.569 at 0.90, 0.474 at 0.92). Centring each
/// language's answers on their mean, as mining does for questions, was tried: no better
/// (ARI 0.617 at its best threshold) and less stable.
pub(crate) const CROSS_SAME: f32 = 0.85;
/// A cross-language pair of answers must also stand out from each side's background: its
/// cosine at least this many times the mean of both sides' [`MARGIN_K`] nearest answers in
/// the other's language (the ratio margin of bitext mining, Artetxe and Schwenk 2019). With
/// multilingual-e5-small, replies of two languages that give different answers are 0.87
/// alike at the median and 0.94 at most (demo corpus), so that a fixed cosine and mutual
/// nearness join an answer to the only answer of another language whatever it says. Measured
/// on the demo corpus with the model (ARI / purity): 0.709 / 0.917 without a margin and at
/// 1.01, 0.715 / 0.967 at 1.02.
pub(crate) const CROSS_MARGIN: f32 = 1.02;
/// How many nearest answers of another language make an answer's background there, for
/// the margin of a cross-language pair (the ratio margin of bitext mining).
const MARGIN_K: usize = 4;
/// The cosine assumed for the answers a language lacks when it has fewer than
/// [`MARGIN_K`]: that of two unrelated answers in two languages (the median for
/// multilingual-e5-small on the demo corpus), so that a language of one answer gives no
/// easy margin.
const UNRELATED_COSINE: f32 = 0.87;
/// A member without a reply joins the part of its split cluster whose questions are most
/// like its own only when its cosine (TF-IDF) to their centroid is at least this; below it,
/// it leaves as noise. Measured with the model (ARI / purity): demo 0.618 / 0.870 without a
/// floor, 0.659 / 0.912 at 0.1 (no entry under 50% reply agreement), 0.684 / 0.937 at 0.2;
/// risawoz-en-fewshot, whose short task questions share few words, pays: 0.235, 0.211, 0.157
/// (sgd-test-subset 0.095, 0.093, 0.082; risawoz-fr 0.149, 0.145, 0.144). 0.1 is the middle.
pub(crate) const UNREPLIED_FLOOR: f32 = 0.1;
/// A cluster's replies are evidence when at least this share of them are macros.
pub(crate) const CONSISTENT_SHARE: f64 = 0.5;

/// The agents' replies to the units, as evidence.
#[derive(Debug, Default)]
pub(crate) struct Replies {
    /// For each unit, its reply (an index into `vectors`), or `None`: no reply, or one
    /// that only asks back.
    of_unit: Vec<Option<u32>>,
    /// The distinct replies' TF-IDF vectors.
    vectors: Vec<SVec>,
    /// The language of each distinct reply.
    languages: Vec<String>,
    /// The distinct replies' sentence vectors (unit length), when a model gave them.
    dense: Vec<Option<Vec<f32>>>,
}

impl Replies {
    /// Evidence from `of_unit[i]`, the reply to unit `i` as an index into `distinct`, the
    /// distinct replies' terms and languages. The idf counts each reply given.
    pub(crate) fn new(of_unit: Vec<Option<u32>>, distinct: Vec<(Vec<String>, String)>) -> Replies {
        let idf = Idf::new(of_unit.iter().flatten().map(|&r| &distinct[r as usize].0));
        let (vectors, languages) = distinct.into_iter().map(|(t, l)| (idf.vector(&t), l)).unzip();
        Replies { of_unit, vectors, languages, dense: Vec::new() }
    }

    /// The same evidence with `dense[r]`, the sentence vector of distinct reply `r`: the
    /// same answer written in other languages is then recognised (see [`CROSS_SAME`]).
    pub(crate) fn with_sentence_vectors(mut self, dense: Vec<Option<Vec<f32>>>) -> Replies {
        self.dense = dense;
        self
    }

    /// Whether no unit has a reply.
    pub(crate) fn is_empty(&self) -> bool {
        self.of_unit.iter().all(Option::is_none)
    }

    fn of(&self, unit: usize) -> Option<usize> {
        self.of_unit.get(unit).copied().flatten().map(|r| r as usize)
    }
}

/// The answers of a corpus: distinct replies grouped by likeness, within a language.
struct Answers {
    /// For each distinct reply, its answer.
    of_reply: Vec<usize>,
    /// How many units got each answer.
    given: Vec<usize>,
}

impl Answers {
    /// The answers among the replies of the units `counted` marks.
    fn of(replies: &Replies, counted: &[bool]) -> Answers {
        let mut counts = vec![0usize; replies.vectors.len()];
        for (u, r) in replies.of_unit.iter().enumerate() {
            if let (Some(r), true) = (r, counted.get(u).copied().unwrap_or(false)) {
                counts[*r as usize] += 1;
            }
        }
        let mut order: Vec<usize> = (0..counts.len()).collect();
        order.sort_by(|&a, &b| counts[b].cmp(&counts[a]).then(a.cmp(&b)));
        let mut of_reply = vec![usize::MAX; counts.len()];
        let mut given: Vec<usize> = Vec::new();
        // The first reply of each answer, indexed by term, per language.
        let mut postings: HashMap<(&str, &str), Vec<(usize, f32)>> = HashMap::new();
        for r in order {
            let language = replies.languages[r].as_str();
            let mut dots: BTreeMap<usize, f32> = BTreeMap::new();
            for (t, w) in &replies.vectors[r] {
                for &(a, x) in postings.get(&(language, t.as_str())).map(Vec::as_slice).unwrap_or_default() {
                    *dots.entry(a).or_default() += w * x;
                }
            }
            let best = dots
                .into_iter()
                .filter(|&(_, s)| s >= SAME_REPLY)
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
                .map(|(a, _)| a);
            let a = match best {
                Some(a) => a,
                None => {
                    given.push(0);
                    for (t, w) in &replies.vectors[r] {
                        postings.entry((language, t.as_str())).or_default().push((given.len() - 1, *w));
                    }
                    given.len() - 1
                }
            };
            of_reply[r] = a;
            given[a] += counts[r];
        }
        let mut answers = Answers { of_reply, given };
        answers.join_languages(replies);
        answers
    }

    /// Joins the answers that say the same in two languages: with sentence vectors, an
    /// answer given at least twice joins the answer of another language that is its
    /// nearest there when it is also that answer's nearest in its own language, and their
    /// cosine is at least [`CROSS_SAME`]. Mutual nearness, language pair by language pair,
    /// keeps one answer from gathering every answer of a language.
    fn join_languages(&mut self, replies: &Replies) {
        if replies.dense.iter().all(Option::is_none) {
            return;
        }
        let n = self.given.len();
        // Each answer's vector: the normalized sum of its replies' vectors.
        let mut sums: Vec<Option<Vec<f32>>> = vec![None; n];
        let mut language: Vec<&str> = vec![""; n];
        for (r, &a) in self.of_reply.iter().enumerate() {
            if a == usize::MAX {
                continue;
            }
            language[a] = replies.languages[r].as_str();
            if let Some(Some(v)) = replies.dense.get(r) {
                let s = sums[a].get_or_insert_with(|| vec![0.0; v.len()]);
                if s.len() == v.len() {
                    s.iter_mut().zip(v).for_each(|(s, x)| *s += x);
                }
            }
        }
        let vecs: Vec<Option<Vec<f32>>> = sums
            .into_iter()
            .enumerate()
            .map(|(a, v)| v.filter(|_| self.given[a] >= 2).and_then(unit))
            .collect();
        // For each answer and each other language: its nearest answer there (answer, cosine;
        // ties to the smaller index) and its background, the mean cosine to its MARGIN_K
        // nearest answers there, the nearest included; one pass over the pairs for both.
        let mut nearest: Vec<BTreeMap<&str, (usize, f32)>> = vec![BTreeMap::new(); n];
        let mut background: Vec<BTreeMap<&str, f32>> = vec![BTreeMap::new(); n];
        for a in 0..n {
            let Some(va) = &vecs[a] else { continue };
            let mut by_language: BTreeMap<&str, Vec<(f32, usize)>> = BTreeMap::new();
            for b in 0..n {
                if let (Some(vb), true) = (&vecs[b], language[a] != language[b]) {
                    by_language.entry(language[b]).or_default().push((dot(va, vb), b));
                }
            }
            for (l, mut cs) in by_language {
                let top = MARGIN_K.min(cs.len());
                cs.select_nth_unstable_by(top - 1, |x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
                cs.truncate(top);
                cs.sort_unstable_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
                nearest[a].insert(l, (cs[0].1, cs[0].0));
                // Fewer answers than MARGIN_K there: the missing ones count as unrelated.
                let sum: f32 =
                    cs.iter().map(|x| x.0).sum::<f32>() + (MARGIN_K - top) as f32 * UNRELATED_COSINE;
                background[a].insert(l, sum / MARGIN_K as f32);
            }
        }
        // The pairs, most alike first; two groups of answers join only when their answers
        // in different languages are CROSS_SAME alike on average (average linkage), so that
        // one pair of near neighbours does not chain two topics (cash on delivery in Urdu
        // nearest to promo codes in English) into one.
        let mut pairs: Vec<(f32, usize, usize)> = Vec::new();
        for a in 0..n {
            for &(b, c) in nearest[a].values() {
                let mutual = nearest[b].get(language[a]).is_some_and(|&(back, _)| back == a);
                let bg = |x: usize, l: &str| background[x].get(l).copied().unwrap_or(UNRELATED_COSINE);
                let margin = c / ((bg(a, language[b]) + bg(b, language[a])) / 2.0);
                if a < b && mutual && c >= CROSS_SAME && margin >= CROSS_MARGIN {
                    pairs.push((c, a, b));
                }
            }
        }
        pairs.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
        let mut group: Vec<usize> = (0..n).collect();
        let mut members: Vec<Vec<usize>> = (0..n).map(|a| vec![a]).collect();
        for (_, a, b) in pairs {
            let (ga, gb) = (group[a], group[b]);
            if ga == gb {
                continue;
            }
            let (mut sum, mut count) = (0f32, 0usize);
            for &x in &members[ga] {
                for &y in &members[gb] {
                    if let (Some(vx), Some(vy), true) = (&vecs[x], &vecs[y], language[x] != language[y]) {
                        sum += dot(vx, vy);
                        count += 1;
                    }
                }
            }
            if count == 0 || sum / (count as f32) < CROSS_SAME {
                continue;
            }
            // the older (more given) answer's number stands for both
            let (keep, gone) = (ga.min(gb), ga.max(gb));
            let moved = std::mem::take(&mut members[gone]);
            for &x in &moved {
                group[x] = keep;
            }
            members[keep].extend(moved);
        }
        let mut given = vec![0; n];
        for a in 0..n {
            given[group[a]] += self.given[a];
        }
        for a in &mut self.of_reply {
            if *a != usize::MAX {
                *a = group[*a];
            }
        }
        self.given = given;
    }
}

/// Splits, merges and completes `clustering` along the units' replies (see the module
/// documentation); `mineable[u]` says whether unit `u` may be mined at all. Clusters keep
/// the invariants of [`Clustering`]: largest first, members sorted, at least `min_support`
/// members that ask enough.
pub(crate) fn refine(
    units: &[QuestionUnit],
    clustering: Clustering,
    replies: &Replies,
    mineable: &[bool],
    min_support: usize,
) -> Clustering {
    if replies.is_empty() || clustering.clusters.is_empty() {
        return clustering;
    }
    let min_support = min_support.max(1);
    let answers = Answers::of(replies, mineable);
    // The macro each unit was answered with.
    let macro_of = |m: usize| replies.of(m).map(|r| answers.of_reply[r]).filter(|&a| answers.given[a] >= 2);
    let idf = Idf::new(units.iter().map(|u| &u.terms));
    let question = |m: usize| idf.vector(&units[m].terms);

    // Split: (members, origin, macro) parts.
    let mut parts: Vec<(Vec<usize>, usize, Option<usize>)> = Vec::new();
    for (origin, members) in clustering.clusters.iter().enumerate() {
        let replied = members.iter().filter(|&&m| replies.of(m).is_some()).count();
        let macros = members.iter().filter(|&&m| macro_of(m).is_some()).count();
        if replied == 0 || (macros as f64) < CONSISTENT_SHARE * replied as f64 {
            parts.push((members.clone(), origin, None));
            continue;
        }
        let mut by_macro: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        let mut unreplied = Vec::new();
        for &m in members {
            match (replies.of(m), macro_of(m)) {
                (_, Some(a)) => by_macro.entry(a).or_default().push(m),
                (None, None) => unreplied.push(m),
                // Answered with a reply no one else got: not this group's question.
                (Some(_), None) => {}
            }
        }
        let split: Vec<(usize, Vec<usize>)> = by_macro.into_iter().collect();
        let centroids: Vec<SVec> = split
            .iter()
            .map(|(_, p)| {
                let mut c = Centroid::default();
                for &m in p {
                    c.add(&question(m), 1.0);
                }
                c.finish()
            })
            .collect();
        let mut split: Vec<(usize, Vec<usize>)> = split;
        for m in unreplied {
            let v = question(m);
            let best = (0..centroids.len())
                .map(|k| (k, cosine(&v, &centroids[k]) * split[k].1.len() as f32))
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
                .map(|(k, _)| k);
            // A question with next to nothing in common with the part is not its question
            // (an unanswered one-off in a cluster the sentence model drew by language).
            if let Some(k) = best.filter(|&k| cosine(&v, &centroids[k]) >= UNREPLIED_FLOOR) {
                split[k].1.push(m);
            }
        }
        for (a, p) in split {
            parts.push((p, origin, Some(a)));
        }
    }

    // Merge the parts answered with the same macro.
    let mut groups: Vec<(Vec<usize>, usize, Option<usize>)> = Vec::new();
    let mut of_macro: HashMap<usize, usize> = HashMap::new();
    for (members, origin, a) in parts {
        match a.and_then(|a| of_macro.get(&a).copied()) {
            Some(g) => groups[g].0.extend(members),
            None => {
                if let Some(a) = a {
                    of_macro.insert(a, groups.len());
                }
                groups.push((members, origin, a));
            }
        }
    }

    // Attach units left out whose reply is a group's macro.
    let mut taken = vec![false; units.len()];
    for (g, _, _) in &groups {
        for &m in g {
            taken[m] = true;
        }
    }
    for (m, u) in units.iter().enumerate() {
        if taken[m] || !mineable[m] || !u.utterance.is_minable() || is_bare(&u.text, u.utterance) {
            continue;
        }
        if let Some(&g) = macro_of(m).and_then(|a| of_macro.get(&a)) {
            groups[g].0.push(m);
        }
    }

    // The clusters, as the clustering stage leaves them.
    let mut out: Vec<(Vec<usize>, usize)> = groups
        .into_iter()
        .map(|(mut g, o, _)| {
            g.sort_unstable();
            g.dedup();
            (g, o)
        })
        .filter(|(g, _)| {
            g.len() >= min_support
                && asks_enough(units, g)
                && g.iter().any(|&u| !is_bare(&units[u].text, units[u].utterance))
        })
        .collect();
    out.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0[0].cmp(&b.0[0])));
    let (clusters, origins): (Vec<Vec<usize>>, Vec<usize>) = out.into_iter().unzip();
    let languages: Vec<String> = clusters.iter().map(|c| link::main_language(units, c)).collect();
    let siblings = carry_siblings(units, &clustering, &clusters, &languages, &origins);
    let topics =
        super::renumber_topics(origins.iter().map(|&o| clustering.topics.get(o).copied().unwrap_or(o)));
    Clustering { clusters, languages, siblings, topics }
}

/// The siblings of the refined clusters: those the entities give, and those of the
/// clusters they came from, carried over to the clusters that now hold most of their members.
fn carry_siblings(
    units: &[QuestionUnit],
    before: &Clustering,
    clusters: &[Vec<usize>],
    languages: &[String],
    origins: &[usize],
) -> Vec<Vec<usize>> {
    let mut new_of_unit: HashMap<usize, usize> = HashMap::new();
    for (c, members) in clusters.iter().enumerate() {
        for &m in members {
            new_of_unit.insert(m, c);
        }
    }
    let holder: Vec<Option<usize>> = before
        .clusters
        .iter()
        .map(|members| {
            let mut votes: BTreeMap<usize, usize> = BTreeMap::new();
            for m in members {
                if let Some(&c) = new_of_unit.get(m) {
                    *votes.entry(c).or_default() += 1;
                }
            }
            votes.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))).map(|x| x.0)
        })
        .collect();
    let mut out: Vec<BTreeSet<usize>> = link::siblings(units, clusters, languages, origins)
        .into_iter()
        .map(|s| s.into_iter().collect())
        .collect();
    for (a, linked) in before.siblings.iter().enumerate() {
        for &b in linked {
            if let (Some(Some(x)), Some(Some(y))) = (holder.get(a), holder.get(b)) {
                if x != y && languages[*x] != languages[*y] {
                    out[*x].insert(*y);
                    out[*y].insert(*x);
                }
            }
        }
    }
    out.into_iter().map(|s| s.into_iter().collect()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::Utterance;

    fn unit(i: usize, text: &str) -> QuestionUnit {
        QuestionUnit {
            conversation: i,
            message_index: 0,
            text: text.to_string(),
            language: "en".into(),
            utterance: Utterance::Question,
            terms: text.split_whitespace().map(String::from).collect(),
            timestamp: None,
        }
    }

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn clusters_split_along_different_macros_and_merge_on_the_same_one() {
        // Cluster 0 mixes refund and password questions; cluster 1 is more refund questions.
        let texts = [
            "my refund",
            "my refund when",
            "my refund late",
            "my password",
            "my password reset",
            "my password lost",
            "refund status",
            "refund status please",
            "refund status now",
        ];
        let units: Vec<QuestionUnit> = texts.iter().enumerate().map(|(i, t)| unit(i, t)).collect();
        let refund = 0u32;
        let password = 1u32;
        let of_unit = vec![
            Some(refund),
            Some(refund),
            Some(refund),
            Some(password),
            Some(password),
            Some(password),
            Some(refund),
            Some(refund),
            Some(refund),
        ];
        let distinct = vec![
            (words("refunds reach your bank within ten business days"), "en".to_string()),
            (words("click forgot password on the sign in page"), "en".to_string()),
        ];
        let replies = Replies::new(of_unit, distinct);
        let before = Clustering {
            clusters: vec![vec![0, 1, 2, 3, 4, 5], vec![6, 7, 8]],
            languages: vec!["en".into(), "en".into()],
            siblings: vec![vec![], vec![]],
            topics: vec![0, 1],
        };
        let after = refine(&units, before.clone(), &replies, &[true; 9], 3);
        assert_eq!(after.clusters, vec![vec![0, 1, 2, 6, 7, 8], vec![3, 4, 5]]);
        // Without replies nothing changes.
        let none = Replies::new(vec![None; 9], Vec::new());
        assert_eq!(refine(&units, before.clone(), &none, &[true; 9], 3), before);
    }

    #[test]
    fn the_same_answer_in_two_languages_is_one_answer_with_sentence_vectors() {
        // Refund questions in English and French, each group its own cluster, answered with
        // the same macro written in each language, and a French password group.
        let mut units: Vec<QuestionUnit> =
            ["my refund", "my refund when", "mon remboursement", "mon remboursement quand"]
                .iter()
                .chain(&["mot de passe", "mot de passe perdu"])
                .enumerate()
                .map(|(i, t)| unit(i, t))
                .collect();
        for u in &mut units[2..] {
            u.language = "fr".into();
        }
        let of_unit = vec![Some(0), Some(0), Some(1), Some(1), Some(2), Some(2)];
        let distinct = vec![
            (words("refunds reach your bank within ten business days"), "en".to_string()),
            (words("le remboursement arrive sous dix jours ouvrés"), "fr".to_string()),
            (words("cliquez sur mot de passe oublié"), "fr".to_string()),
        ];
        let before = Clustering {
            clusters: vec![vec![0, 1], vec![2, 3], vec![4, 5]],
            languages: vec!["en".into(), "fr".into(), "fr".into()],
            siblings: vec![vec![], vec![], vec![]],
            topics: vec![0, 1, 2],
        };
        // Words alone cannot tell that the two refund replies say the same.
        let lexical = Replies::new(of_unit.clone(), distinct.clone());
        assert_eq!(refine(&units, before.clone(), &lexical, &[true; 6], 2).clusters.len(), 3);
        // Sentence vectors: the refund replies 0.95 alike, the password reply apart.
        let v = |x: f32, y: f32| Some(vec![x, y, 0.0]);
        let dense = vec![v(1.0, 0.0), v(0.95, (1.0f32 - 0.95 * 0.95).sqrt()), Some(vec![0.0, 0.0, 1.0])];
        let semantic = Replies::new(of_unit.clone(), distinct.clone()).with_sentence_vectors(dense);
        let after = refine(&units, before.clone(), &semantic, &[true; 6], 2);
        assert_eq!(after.clusters, vec![vec![0, 1, 2, 3], vec![4, 5]]);
        // Below CROSS_SAME they stay apart, even as each other's nearest.
        let far = vec![v(1.0, 0.0), v(0.6, 0.8), Some(vec![0.0, 0.0, 1.0])];
        let semantic = Replies::new(of_unit, distinct).with_sentence_vectors(far);
        assert_eq!(refine(&units, before, &semantic, &[true; 6], 2).clusters.len(), 3);
    }
}
