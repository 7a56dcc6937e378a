//! Graph clustering: groups of the neighbour graph, without being told how many.
//!
//! Three steps, each deterministic:
//!
//! 1. **Over-segmentation by modularity.** Louvain (local moves, then aggregation, repeated
//!    while modularity grows) at a high resolution cuts the symmetrized neighbour graph into
//!    many small, pure communities; each is then split into its connected parts (the
//!    guarantee Leiden adds to Louvain). Modularity alone cannot find the right size: its
//!    null model ties the size of a community to the size of the whole graph, so one
//!    resolution splits the big questions of one data set and merges the small ones of
//!    another.
//! 2. **Merging by relative similarity.** Communities that the graph links are merged, the
//!    most alike pair first (average linkage), while the mean cosine *between* their members
//!    is at least a fixed share of the mean cosine *inside* them (geometric mean of both),
//!    and at least 0.1 whatever the groups (loose text without repeated questions would
//!    otherwise merge into one).
//!    A question split in two halves is as alike between the halves as inside them; two
//!    different questions are not. The means are exact (sums of the members' vectors), so
//!    a big question that the neighbour graph cut into pieces (each piece holding all the
//!    `k` neighbours of its members) still finds its other pieces. Then the same criterion on
//!    the *graph's* edge density (mean edge weight between against inside) merges chains of
//!    paraphrases that share few words with each other, as long as their mean cosines stay
//!    above a lower floor: on a small input the neighbour graph links nearly everything
//!    within a language, and density alone would merge all of it. Neither criterion depends
//!    on the size of the graph, which keeps them valid from a thousand messages to a million.
//! 3. **Noise out.** A member stays only if at least half of its edge weight goes to its own
//!    group, if its mean cosine to the other members is at least half the group's own, and
//!    if it is the *mutual* neighbour of at least one member (a one-off question has
//!    neighbours, but it is nobody's neighbour). Identical texts count as mutual neighbours
//!    of each other.
//!
//! 4. **Left-outs back in.** A text left out joins the group of one of its neighbours when
//!    its mean cosine to that group's members is at least 0.6 of the group's own (the most
//!    alike such group): a question asked in words of its own still finds its entry, while
//!    what is like no group (greetings, one-offs, out of scope) stays out.
//! 5. **Topics.** The same merges continue from the groups of step 2 at the looser ratios
//!    0.55 (mean cosine) and 0.45 (the floor of the density merge): the groups that share a
//!    subject become one topic, the level at which a report reads, while each group stays the
//!    unit of one answer.
//!
//! Determinism: nodes are visited in row order, ties go to the smaller id and groups are
//! numbered by first member, so the result is a function of the graph alone.

use std::collections::{BTreeMap, BTreeSet, BinaryHeap};

use super::features::{add_sparse, Vectors, SPACE};
use super::graph::Neighbours;

/// Settings of the community search.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct CommunityParams {
    /// Modularity resolution of the over-segmentation (above 1: smaller communities).
    pub resolution: f64,
    /// Two groups merge while their density between is at least this share of the
    /// geometric mean of their densities inside.
    pub merge_ratio: f64,
    /// With vectors: two groups merge while the mean cosine between their members is at
    /// least this share of the geometric mean of the mean cosines inside them.
    pub similarity_ratio: f64,
    /// With vectors: the merge by graph density that follows needs at least this ratio of
    /// mean cosines too (on small inputs the neighbour graph links nearly everything).
    pub similarity_floor: f64,
    /// A member must keep at least this share of its edge weight inside its group.
    pub min_inside: f64,
    /// With vectors: a member's mean cosine to the other members must be at least this
    /// share of the group's mean cosine inside.
    pub min_alike: f64,
    /// A member must be a mutual neighbour of at least this many members of its group.
    pub min_mutual: usize,
    /// With vectors: a row left out joins the group of a neighbour when its mean cosine to
    /// the group's members is at least this share of the group's mean cosine inside (0: never).
    pub attach: f64,
    /// With vectors: the `similarity_ratio` of the topic level.
    pub topic_ratio: f64,
    /// With vectors: the `similarity_floor` of the topic level.
    pub topic_floor: f64,
}

impl Default for CommunityParams {
    fn default() -> Self {
        CommunityParams {
            resolution: 10.0,
            merge_ratio: 0.15,
            similarity_ratio: 0.7,
            similarity_floor: 0.7,
            min_inside: 0.5,
            min_alike: 0.5,
            min_mutual: 1,
            attach: 0.6,
            topic_ratio: 0.55,
            topic_floor: 0.45,
        }
    }
}

impl CommunityParams {
    /// The settings of [`Granularity::Fine`](super::Granularity::Fine) at base resolution
    /// `resolution`: a finer first segmentation (twice the resolution) and merges only of
    /// groups whose members are at least 0.75 as alike between the groups as inside them
    /// with sentence vectors (0.7 without),
    /// by mean cosine and by graph density alike (the standard setting merges at 0.7: from
    /// 0.55 to 0.7 the merges that join two intents differing in one facet stop, while the
    /// halves of one paraphrased question, more alike than that, still join; 0.55 is now the
    /// topic level); texts left out stay out (the standard setting takes them back at 0.6):
    /// fine puts purity before coverage.
    pub fn fine(resolution: f64, sentences: bool) -> CommunityParams {
        let ratio = if sentences { 0.75 } else { 0.7 };
        CommunityParams {
            resolution: resolution * 2.0,
            similarity_ratio: ratio,
            similarity_floor: ratio,
            attach: 0.0,
            ..CommunityParams::default()
        }
    }

    /// The settings without sentence vectors, as measured for the words-only path before
    /// the entry-level settings (docs/quality.md): groups merge at 0.55 (floor 0.45) and
    /// texts left out stay out. The default's settings were measured with the model; the
    /// lexical vectors of short questions share too few features for a take-back.
    pub fn lexical(resolution: f64) -> CommunityParams {
        CommunityParams {
            resolution,
            similarity_ratio: 0.55,
            similarity_floor: 0.45,
            attach: 0.0,
            ..CommunityParams::default()
        }
    }
}

/// An undirected weighted graph in compressed sparse rows (self-loops allowed; every other
/// edge is stored in both directions).
#[derive(Debug, Clone)]
struct Graph {
    offsets: Vec<usize>,
    targets: Vec<u32>,
    weights: Vec<f64>,
}

impl Graph {
    fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    fn edges(&self, i: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let (a, b) = (self.offsets[i], self.offsets[i + 1]);
        self.targets[a..b].iter().map(|&t| t as usize).zip(self.weights[a..b].iter().copied())
    }

    /// The union of the directed neighbour lists.
    fn from_neighbours(nb: &Neighbours) -> Graph {
        let n = nb.len();
        let mut pairs: Vec<(u32, u32, f32)> = Vec::with_capacity(nb.iter().map(Vec::len).sum::<usize>() * 2);
        for (i, list) in nb.iter().enumerate() {
            for &(j, s) in list {
                pairs.push((i as u32, j, s));
                pairs.push((j, i as u32, s));
            }
        }
        pairs.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)).then(b.2.total_cmp(&a.2)));
        pairs.dedup_by(|b, a| a.0 == b.0 && a.1 == b.1);
        Graph::from_sorted_edges(n, pairs.into_iter().map(|(i, j, w)| (i, j, f64::from(w))))
    }

    /// The graph of `n` nodes with `edges` `(from, to, weight)`, sorted by `from`.
    fn from_sorted_edges(n: usize, edges: impl Iterator<Item = (u32, u32, f64)>) -> Graph {
        let mut offsets = vec![0usize; n + 1];
        let count = edges.size_hint().0;
        let (mut targets, mut weights) = (Vec::with_capacity(count), Vec::with_capacity(count));
        for (i, j, w) in edges {
            offsets[i as usize + 1] += 1;
            targets.push(j);
            weights.push(w);
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        Graph { offsets, targets, weights }
    }
}

/// The groups of the neighbour graph: for each row, its group id or `None` (noise).
///
/// `copies[i]` is how many units row `i` stands for.
#[cfg(test)]
pub(crate) fn communities(nb: &Neighbours, copies: &[usize], p: &CommunityParams) -> Vec<Option<u32>> {
    communities_with(nb, copies, None, p).groups
}

/// The groups of a graph at two levels.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Communities {
    /// For each row, its group (one question) or `None` (noise).
    pub groups: Vec<Option<u32>>,
    /// For each row, its topic: the groups merged further, on the looser settings
    /// `topic_ratio` and `topic_floor`; every row has one, noise included.
    pub topics: Vec<u32>,
}

/// As [`communities`]; with `vectors` (the rows of the graph's nodes), groups first merge on
/// the mean cosine of their members ([`merge_similar`]), then by graph density only where
/// the mean cosines allow it too. The topics continue the same merges from the groups
/// (before noise is taken out) at the looser ratios of the topic level.
pub(crate) fn communities_with(
    nb: &Neighbours,
    copies: &[usize],
    vectors: Option<&Vectors>,
    p: &CommunityParams,
) -> Communities {
    let graph = Graph::from_neighbours(nb);
    let resolution = p.resolution.min(resolution_cap(&graph));
    let membership = louvain(&graph, resolution);
    let membership = split_disconnected(&graph, &membership);
    let (membership, topics) = match vectors {
        Some(v) => {
            let merge = |m: &[u32], ratio: f64, floor: f64| {
                let merged = merge_similar(&graph, m, &mut Cosines::new(m, v), ratio);
                merge_dense_gated(&graph, &merged, p.merge_ratio, Some((v, floor)))
            };
            let groups = merge(&membership, p.similarity_ratio, p.similarity_floor);
            let topics = merge(&groups, p.topic_ratio, p.topic_floor);
            (groups, topics)
        }
        None => {
            let groups = merge_dense(&graph, &membership, p.merge_ratio);
            (groups.clone(), groups)
        }
    };
    let membership = drop_outward(&graph, membership, p.min_inside);
    let membership = match vectors {
        Some(v) => drop_unalike(v, membership, p.min_alike),
        None => membership,
    };
    let kept = drop_loners(nb, copies, membership, p.min_mutual);
    let groups = match vectors {
        Some(v) if p.attach > 0.0 => attach(nb, v, kept, p.attach),
        _ => kept,
    };
    Communities { groups, topics }
}

/// How many times the mean degree a graph needs in nodes for two texts joined by a typical
/// edge to still join at resolution 1: see [`resolution_cap`].
const JOIN_MARGIN: f64 = 4.0;

/// The highest resolution at which groups can still form on `graph`.
///
/// Louvain moves a single node into a single neighbour when the edge between them outweighs
/// `γ · kᵢ · kⱼ / 2m`. With `d` edges a node on average, all of about the same weight, that
/// is when `γ < n / d`: at a fixed resolution a small graph (a help desk of a few hundred
/// messages) would stay in singletons, and a graph of many neighbours a node needs more
/// nodes for the same. The cap is `n / (JOIN_MARGIN · d)`, never below 1, so that the edges
/// weaker than the mean still join. The symmetrized graph of 20 neighbours a text has about
/// 19 edges a node (cap `n / 77`), that of 5 about 6.5 (cap `n / 26`): a desk of 250
/// questions is cut at resolution about 10 with sentence vectors and 3 without. Before, the cap
/// was `n / 100` whatever the neighbour count, which left the 5-neighbour graph of a small
/// desk at a resolution where a community held several questions (measured in
/// docs/quality.md).
fn resolution_cap(graph: &Graph) -> f64 {
    let n = graph.len() as f64;
    let degree = (graph.targets.len() as f64 / n.max(1.0)).max(1.0);
    (n / (JOIN_MARGIN * degree)).max(1.0)
}

/// Gives the rows left out a group: the group of a neighbour whose members they are, on
/// mean cosine, at least `alpha` times as alike as the group's members are to each other
/// (the most alike such group).
fn attach(nb: &Neighbours, v: &Vectors, kept: Vec<Option<u32>>, alpha: f64) -> Vec<Option<u32>> {
    let noise = kept.iter().flatten().map(|&c| c + 1).max().unwrap_or(0);
    let membership: Vec<u32> = kept.iter().map(|c| c.unwrap_or(noise)).collect();
    let cos = Cosines::new(&membership, v);
    let mut row: Vec<(u32, f32)> = Vec::new();
    kept.iter()
        .enumerate()
        .map(|(r, &c)| {
            if c.is_some() {
                return c;
            }
            let (ids, ws) = v.row(r);
            row.clear();
            row.extend(ids.iter().copied().zip(ws.iter().copied()));
            let mut best: Option<(f64, u32)> = None;
            for &(j, _) in &nb[r] {
                let g = membership[j as usize];
                let gi = g as usize;
                let inner = cos.inner[gi];
                if g == noise || !inner.is_finite() || inner <= 0.0 {
                    continue;
                }
                let mean = dot_pairs(&row, &cos.sums[gi]) / cos.size[gi];
                let ratio = mean / inner;
                if mean >= MIN_MEAN_COSINE
                    && ratio >= alpha
                    && best.is_none_or(|(b, bg)| ratio > b || (ratio == b && g < bg))
                {
                    best = Some((ratio, g));
                }
            }
            best.map(|(_, g)| g)
        })
        .collect()
}

/// Takes out (as singletons) the members whose mean cosine to the other members of their
/// group is below `alpha` times the group's mean cosine inside (groups of three or more).
fn drop_unalike(v: &Vectors, membership: Vec<u32>, alpha: f64) -> Vec<u32> {
    let cos = Cosines::new(&membership, v);
    let mut next = membership.iter().map(|&c| c + 1).max().unwrap_or(0);
    let mut row: Vec<(u32, f32)> = Vec::new();
    membership
        .iter()
        .enumerate()
        .map(|(r, &c)| {
            let c_ = c as usize;
            let n = cos.size[c_];
            if n < 3.0 || !cos.inner[c_].is_finite() {
                return c;
            }
            let (ids, ws) = v.row(r);
            row.clear();
            row.extend(ids.iter().copied().zip(ws.iter().copied()));
            let own: f64 = ws.iter().map(|&w| f64::from(w) * f64::from(w)).sum();
            let mean = (dot_pairs(&row, &cos.sums[c_]) - own) / (n - 1.0);
            if mean >= alpha * cos.inner[c_] {
                c
            } else {
                next += 1;
                next - 1
            }
        })
        .collect()
}

/// Louvain: local moves and aggregation until nothing moves.
fn louvain(graph: &Graph, resolution: f64) -> Vec<u32> {
    let mut membership: Vec<u32> = (0..graph.len() as u32).collect();
    let mut level = graph.clone();
    loop {
        let (local, moved) = local_moves(&level, resolution);
        if !moved {
            break;
        }
        for m in &mut membership {
            *m = local[*m as usize];
        }
        level = aggregate(&level, &local);
    }
    renumber(&membership)
}

/// A merge candidate in the heap: ratio, the two groups and their versions when scored.
#[derive(PartialEq)]
struct Candidate(f64, u32, u32, u32, u32);

impl Eq for Candidate {}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}

impl Ord for Candidate {
    /// Highest ratio first, then the smaller ids.
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&o.0).then(o.1.cmp(&self.1)).then(o.2.cmp(&self.2))
    }
}

/// Merges groups greedily (average linkage on densities), the highest ratio first, while
/// the density between two groups is at least `ratio` times the geometric mean of their
/// inner densities. A single node has no inner density: it joins a group when its mean
/// weight to the group is at least `ratio` times the group's density.
fn merge_dense(g: &Graph, membership: &[u32], ratio: f64) -> Vec<u32> {
    merge_dense_gated(g, membership, ratio, None)
}

fn merge_dense_gated(g: &Graph, membership: &[u32], ratio: f64, gate: Option<(&Vectors, f64)>) -> Vec<u32> {
    let mut cos = gate.map(|(v, floor)| (Cosines::new(membership, v), floor));
    let cg = aggregate(g, membership);
    let m = cg.len();
    let mut size = vec![0f64; m];
    for &c in membership {
        size[c as usize] += 1.0;
    }
    // Self-loops of the aggregate count every inner edge twice.
    let mut inner: Vec<f64> =
        (0..m).map(|i| cg.edges(i).filter(|&(j, _)| j == i).map(|(_, w)| w / 2.0).sum()).collect();
    let density =
        |inner: f64, size: f64| if size > 1.0 { inner / (size * (size - 1.0) / 2.0) } else { f64::INFINITY };
    let mut dens: Vec<f64> = (0..m).map(|i| density(inner[i], size[i])).collect();
    let mut adj: Vec<BTreeMap<u32, f64>> =
        (0..m).map(|i| cg.edges(i).filter(|&(j, _)| j != i).map(|(j, w)| (j as u32, w)).collect()).collect();
    let mut parent: Vec<u32> = (0..m as u32).collect();
    let score = |w: f64, a: usize, b: usize, size: &[f64], dens: &[f64]| {
        let (da, db) = (dens[a], dens[b]);
        let inside = match (da.is_finite(), db.is_finite()) {
            (true, true) => (da * db).sqrt(),
            (true, false) => da,
            (false, true) => db,
            // Two single nodes: nothing to compare with; modularity already decided.
            (false, false) => return 0.0,
        };
        w / (size[a] * size[b]) / inside
    };
    let mut heap = BinaryHeap::new();
    for (a, links) in adj.iter().enumerate() {
        for (&b, &w) in links {
            if (a as u32) < b {
                let s = score(w, a, b as usize, &size, &dens);
                if s >= ratio {
                    heap.push(Candidate(s, a as u32, b, 0, 0));
                }
            }
        }
    }
    // Scores go stale when a group grows; rather than re-pushing every neighbour of a grown
    // group (quadratic in the size of big groups), a popped score is checked against the
    // current one and pushed back when it changed. Only the pairs whose weight changed are
    // pushed after a merge.
    while let Some(Candidate(popped, a, b, _, _)) = heap.pop() {
        let (a, b) = (a as usize, b as usize);
        if parent[a] != a as u32 || parent[b] != b as u32 {
            continue;
        }
        let Some(&w) = adj[a].get(&(b as u32)) else { continue };
        let now = score(w, a, b, &size, &dens);
        if (now - popped).abs() > 1e-12 {
            if now >= ratio {
                heap.push(Candidate(now, a as u32, b as u32, 0, 0));
            }
            continue;
        }
        if let Some((c, floor)) = &mut cos {
            if c.ratio(a, b) < *floor {
                continue;
            }
            c.merge(a, b);
        }
        // Merge b into a.
        parent[b] = a as u32;
        let between = adj[a].remove(&(b as u32)).unwrap_or(0.0);
        inner[a] += inner[b] + between;
        size[a] += size[b];
        dens[a] = density(inner[a], size[a]);
        let mut changed = Vec::new();
        for (c, w) in std::mem::take(&mut adj[b]) {
            if c as usize == a {
                continue;
            }
            *adj[a].entry(c).or_default() += w;
            adj[c as usize].remove(&(b as u32));
            *adj[c as usize].entry(a as u32).or_default() += w;
            changed.push(c);
        }
        for c in changed {
            let s = score(adj[a][&c], a, c as usize, &size, &dens);
            if s >= ratio {
                let (x, y) = if (a as u32) < c { (a as u32, c) } else { (c, a as u32) };
                heap.push(Candidate(s, x, y, 0, 0));
            }
        }
    }
    relabel_merged(membership, &parent)
}

fn dot_pairs(a: &[(u32, f32)], b: &[(u32, f32)]) -> f64 {
    let (mut x, mut y, mut s) = (0, 0, 0.0f64);
    while x < a.len() && y < b.len() {
        match a[x].0.cmp(&b[y].0) {
            std::cmp::Ordering::Less => x += 1,
            std::cmp::Ordering::Greater => y += 1,
            std::cmp::Ordering::Equal => {
                s += f64::from(a[x].1) * f64::from(b[y].1);
                x += 1;
                y += 1;
            }
        }
    }
    s
}

/// Two groups whose members' mean cosine is below this never merge on similarity.
const MIN_MEAN_COSINE: f64 = 0.1;

/// The sums of the members' vectors of every group, for exact mean cosines.
struct Cosines {
    sums: Vec<Vec<(u32, f32)>>,
    size: Vec<f64>,
    ones: Vec<f64>,
    inner: Vec<f64>,
}

impl Cosines {
    fn new(membership: &[u32], v: &Vectors) -> Cosines {
        let m = membership.iter().map(|&c| c as usize + 1).max().unwrap_or(0);
        let mut size = vec![0f64; m];
        let mut ones = vec![0f64; m];
        let mut acc: Vec<std::collections::HashMap<u32, f32>> = vec![Default::default(); m];
        // A row's sentence vector is its last ids, SPACE, SPACE + 1, ... (`embed::join`):
        // summed into an array per group rather than the map, in the same row order, so
        // that every sum has the same bits and costs an addition, not a hash.
        let mut dense: Vec<Vec<f32>> = vec![Vec::new(); m];
        let space = SPACE as u32;
        for (r, &c) in membership.iter().enumerate() {
            let c = c as usize;
            size[c] += 1.0;
            let (ids, ws) = v.row(r);
            if !ids.is_empty() {
                ones[c] += 1.0;
            }
            let dim = ids.last().filter(|&&id| id >= space).map_or(0, |&id| (id - space) as usize + 1);
            let split = ids.len().saturating_sub(dim);
            // Every sentence vector has the same length (`embed::sentence_vectors`).
            let is_block = dim > 0 && ids[split] == space;
            let lexical = if is_block { split } else { ids.len() };
            for (&id, &w) in ids[..lexical].iter().zip(ws) {
                *acc[c].entry(id).or_default() += w;
            }
            if is_block {
                if dense[c].is_empty() {
                    dense[c] = vec![0.0; dim];
                }
                for (d, &w) in dense[c].iter_mut().zip(&ws[split..]) {
                    *d += w;
                }
            }
        }
        let sums: Vec<Vec<(u32, f32)>> = acc
            .into_iter()
            .zip(dense)
            .map(|(h, d)| {
                let mut s: Vec<(u32, f32)> = h.into_iter().collect();
                s.sort_unstable_by_key(|x| x.0);
                s.extend(d.into_iter().enumerate().map(|(i, w)| (space + i as u32, w)));
                s
            })
            .collect();
        let mut c = Cosines { sums, size, ones, inner: vec![0.0; m] };
        for i in 0..m {
            c.inner[i] = c.inner_of(i);
        }
        c
    }

    fn inner_of(&self, a: usize) -> f64 {
        let n = self.size[a];
        if n > 1.0 {
            (dot_pairs(&self.sums[a], &self.sums[a]) - self.ones[a]) / (n * (n - 1.0))
        } else {
            f64::INFINITY
        }
    }

    /// Mean cosine between `a` and `b` over the geometric mean of their mean cosines inside.
    fn ratio(&self, a: usize, b: usize) -> f64 {
        let (ia, ib) = (self.inner[a], self.inner[b]);
        let inside = match (ia.is_finite(), ib.is_finite()) {
            (true, true) => (ia * ib).max(0.0).sqrt(),
            (true, false) => ia,
            (false, true) => ib,
            (false, false) => return 0.0,
        };
        if inside <= 0.0 {
            return 0.0;
        }
        let between = dot_pairs(&self.sums[a], &self.sums[b]) / (self.size[a] * self.size[b]);
        // Groups whose members share next to nothing never merge, however loose they are
        // inside (text without repeated questions, such as news, would merge into one).
        if between < MIN_MEAN_COSINE {
            return 0.0;
        }
        between / inside
    }

    fn merge(&mut self, a: usize, b: usize) {
        let sb = std::mem::take(&mut self.sums[b]);
        self.sums[a] = add_sparse(&self.sums[a], &sb);
        self.size[a] += self.size[b];
        self.ones[a] += self.ones[b];
        self.inner[a] = self.inner_of(a);
    }
}

/// Merges groups greedily (average linkage on the cosine of the vectors), the highest
/// ratio first, while the mean cosine between two groups that the neighbour graph links is
/// at least `ratio` times the geometric mean of their mean cosines inside. A single text
/// has no inner similarity: it joins a group when its mean cosine to the group is at least
/// `ratio` times the group's. The sums of the members' vectors give every mean exactly:
/// between A and B it is `ΣA·ΣB / (|A||B|)`, inside A `(ΣA·ΣA − |A|) / (|A|(|A|−1))`.
fn merge_similar(g: &Graph, membership: &[u32], cos: &mut Cosines, ratio: f64) -> Vec<u32> {
    let cg = aggregate(g, membership);
    let m = cg.len();
    let mut adj: Vec<BTreeSet<u32>> =
        (0..m).map(|i| cg.edges(i).filter(|&(j, _)| j != i).map(|(j, _)| j as u32).collect()).collect();
    let mut parent: Vec<u32> = (0..m as u32).collect();
    let mut heap = BinaryHeap::new();
    for (a, links) in adj.iter().enumerate() {
        for &b in links.range(a as u32 + 1..) {
            let s = cos.ratio(a, b as usize);
            if s >= ratio {
                heap.push(Candidate(s, a as u32, b, 0, 0));
            }
        }
    }
    // Lazy rescoring, as in `merge_dense`: a popped score is checked against the current one.
    while let Some(Candidate(popped, a, b, _, _)) = heap.pop() {
        let (a, b) = (a as usize, b as usize);
        if parent[a] != a as u32 || parent[b] != b as u32 || !adj[a].contains(&(b as u32)) {
            continue;
        }
        let now = cos.ratio(a, b);
        if (now - popped).abs() > 1e-12 {
            if now >= ratio {
                heap.push(Candidate(now, a as u32, b as u32, 0, 0));
            }
            continue;
        }
        parent[b] = a as u32;
        cos.merge(a, b);
        adj[a].remove(&(b as u32));
        for c in std::mem::take(&mut adj[b]) {
            if c as usize == a {
                continue;
            }
            adj[c as usize].remove(&(b as u32));
            adj[c as usize].insert(a as u32);
            adj[a].insert(c);
        }
        let around: Vec<u32> = adj[a].iter().copied().collect();
        for c in around {
            let s = cos.ratio(a, c as usize);
            if s >= ratio {
                let (x, y) = if (a as u32) < c { (a as u32, c) } else { (c, a as u32) };
                heap.push(Candidate(s, x, y, 0, 0));
            }
        }
    }
    relabel_merged(membership, &parent)
}

/// Takes out (as singletons) the members that send less than `min_inside` of their edge
/// weight into their own group.
fn drop_outward(g: &Graph, membership: Vec<u32>, min_inside: f64) -> Vec<u32> {
    let mut next = membership.iter().map(|&c| c + 1).max().unwrap_or(0);
    (0..g.len())
        .map(|i| {
            let (mut inside, mut all) = (0.0, 0.0);
            for (j, w) in g.edges(i) {
                all += w;
                if membership[j] == membership[i] {
                    inside += w;
                }
            }
            // A text without neighbours can only stand for itself (its identical copies).
            if all == 0.0 || inside >= min_inside * all {
                membership[i]
            } else {
                next += 1;
                next - 1
            }
        })
        .collect()
}

/// first node, and whether anything moved.
/// One level of local moves. Returns the community of each node, renumbered densely by
/// first node, and whether anything moved.
fn local_moves(g: &Graph, resolution: f64) -> (Vec<u32>, bool) {
    let n = g.len();
    let degree: Vec<f64> = (0..n).map(|i| g.edges(i).map(|(_, w)| w).sum()).collect();
    let total: f64 = degree.iter().sum();
    if total <= 0.0 {
        return ((0..n as u32).collect(), false);
    }
    let mut comm: Vec<u32> = (0..n as u32).collect();
    let mut tot: Vec<f64> = degree.clone();
    let mut to_comm = vec![0.0f64; n];
    let mut seen: Vec<u32> = Vec::new();
    let mut moved_any = false;
    for _pass in 0..32 {
        let mut moved = 0usize;
        for i in 0..n {
            let ci = comm[i];
            for (j, w) in g.edges(i) {
                if j == i {
                    continue;
                }
                let c = comm[j];
                if to_comm[c as usize] == 0.0 {
                    seen.push(c);
                }
                to_comm[c as usize] += w;
            }
            tot[ci as usize] -= degree[i];
            let k = degree[i] * resolution / total;
            let mut best = ci;
            let mut best_gain = to_comm[ci as usize] - tot[ci as usize] * k;
            for &c in &seen {
                let gain = to_comm[c as usize] - tot[c as usize] * k;
                if gain > best_gain + 1e-12 || ((gain - best_gain).abs() <= 1e-12 && c < best) {
                    best = c;
                    best_gain = gain;
                }
            }
            for &c in &seen {
                to_comm[c as usize] = 0.0;
            }
            seen.clear();
            tot[best as usize] += degree[i];
            if best != ci {
                comm[i] = best;
                moved += 1;
            }
        }
        if moved == 0 {
            break;
        }
        moved_any = true;
    }
    (renumber(&comm), moved_any)
}

/// The final labels after merging: each group's label is the root of its merge tree
/// (`parent` points each merged group at the group it joined), renumbered densely.
fn relabel_merged(membership: &[u32], parent: &[u32]) -> Vec<u32> {
    let root = |mut x: usize| {
        while parent[x] as usize != x {
            x = parent[x] as usize;
        }
        x as u32
    };
    renumber(&membership.iter().map(|&c| root(c as usize)).collect::<Vec<_>>())
}

/// Renumbers labels densely in order of first appearance.
fn renumber(labels: &[u32]) -> Vec<u32> {
    let mut map = std::collections::HashMap::new();
    labels
        .iter()
        .map(|&l| {
            let next = map.len() as u32;
            *map.entry(l).or_insert(next)
        })
        .collect()
}

/// The graph of communities: one node per community, edge weights summed.
fn aggregate(g: &Graph, comm: &[u32]) -> Graph {
    let m = comm.iter().map(|&c| c as usize + 1).max().unwrap_or(0);
    let mut pairs: Vec<(u32, u32, f64)> = Vec::with_capacity(g.targets.len());
    for i in 0..g.len() {
        for (j, w) in g.edges(i) {
            pairs.push((comm[i], comm[j], w));
        }
    }
    pairs.sort_unstable_by_key(|p| (p.0, p.1));
    let mut merged: Vec<(u32, u32, f64)> = Vec::with_capacity(pairs.len());
    for p in pairs {
        match merged.last_mut() {
            Some(last) if last.0 == p.0 && last.1 == p.1 => last.2 += p.2,
            _ => merged.push(p),
        }
    }
    Graph::from_sorted_edges(m, merged.into_iter())
}

/// Splits every community into its connected parts (edges inside the community only).
fn split_disconnected(g: &Graph, membership: &[u32]) -> Vec<u32> {
    let n = g.len();
    let mut out = vec![u32::MAX; n];
    let mut next = 0u32;
    let mut stack = Vec::new();
    for s in 0..n {
        if out[s] != u32::MAX {
            continue;
        }
        out[s] = next;
        stack.push(s);
        while let Some(i) = stack.pop() {
            for (j, _) in g.edges(i) {
                if out[j] == u32::MAX && membership[j] == membership[s] {
                    out[j] = next;
                    stack.push(j);
                }
            }
        }
        next += 1;
    }
    out
}

/// Leaves out the members that are mutual neighbours of fewer than `min_mutual` members
/// of their community.
fn drop_loners(
    nb: &Neighbours,
    copies: &[usize],
    membership: Vec<u32>,
    min_mutual: usize,
) -> Vec<Option<u32>> {
    let is_neighbour = |a: usize, b: u32| nb[a].iter().any(|&(q, _)| q == b);
    (0..nb.len())
        .map(|i| {
            let c = membership[i];
            let mutual = nb[i]
                .iter()
                .filter(|&&(j, _)| membership[j as usize] == c && is_neighbour(j as usize, i as u32))
                .count();
            (mutual + copies[i].saturating_sub(1) >= min_mutual).then_some(c)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two cliques joined by one weak edge, plus a node that points at a clique but that no
    /// clique member points back at.
    fn two_cliques() -> Neighbours {
        let mut nb: Neighbours = vec![Vec::new(); 9];
        for group in [[0u32, 1, 2, 3], [4, 5, 6, 7]] {
            for &a in &group {
                for &b in &group {
                    if a != b {
                        nb[a as usize].push((b, 0.8));
                    }
                }
            }
        }
        nb[3].push((4, 0.2));
        nb[8].push((0, 0.3));
        nb
    }

    /// A small desk: 60 questions asked 4 times each; an asking's 5 neighbours are the 3
    /// other askings and one asking each of the next two questions, less alike.
    fn small_desk() -> Neighbours {
        let (questions, askings) = (60u32, 4u32);
        let node = |q: u32, a: u32| (q % questions) * askings + a;
        let mut nb: Neighbours = vec![Vec::new(); (questions * askings) as usize];
        for q in 0..questions {
            for a in 0..askings {
                let list = &mut nb[node(q, a) as usize];
                list.extend((0..askings).filter(|&b| b != a).map(|b| (node(q, b), 0.9)));
                list.extend([(node(q + 1, a), 0.5), (node(q + 2, a), 0.5)]);
            }
        }
        nb
    }

    #[test]
    fn the_resolution_of_a_small_desk_follows_its_neighbour_count() {
        let graph = Graph::from_neighbours(&small_desk());
        let cap = resolution_cap(&graph);
        // 240 texts with about 7 edges each: n / (4 · 7), not n / 100.
        assert!(cap > 7.0 && cap < 10.0, "cap {cap}");
        let count = |m: &[u32]| m.iter().collect::<BTreeSet<_>>().len();
        assert_eq!(count(&louvain(&graph, cap)), 60, "every question its own community");
        // At the cap of 20 neighbours a text, n / 100, questions merge in pairs or more.
        assert!(count(&louvain(&graph, 2.4)) < 60);
        // A graph of 20 neighbours a text on as many nodes gets a lower cap.
        let dense: Neighbours =
            (0..240u32).map(|i| (1..=20u32).map(|d| ((i + d * 7) % 240, 0.5)).collect()).collect();
        assert!(resolution_cap(&Graph::from_neighbours(&dense)) < cap / 2.0);
    }

    #[test]
    fn halves_of_one_question_merge_on_cosine_and_other_questions_do_not() {
        use crate::mine::features::{vectorize, Doc, FeatureParams};
        let texts = [
            "can i get a quote for pet insurance",
            "i want a quote for pet insurance",
            "can i get a quote for condo insurance",
            "i want a quote for condo insurance",
            "how do i reset my password",
            "i forgot my password how do i reset it",
        ];
        let docs: Vec<Doc> =
            texts.iter().map(|t| Doc::new(t, "en", t.split(' ').map(String::from).collect())).collect();
        let v = vectorize(&docs, &FeatureParams::default());
        // Every pair linked: only the cosines can tell the groups apart.
        let nb: Neighbours = (0..texts.len())
            .map(|i| (0..texts.len()).filter(|&j| j != i).map(|j| (j as u32, v.dot(i, j))).collect())
            .collect();
        let graph = Graph::from_neighbours(&nb);
        let pieces = [0u32, 0, 1, 1, 2, 2];
        let got = merge_similar(&graph, &pieces, &mut Cosines::new(&pieces, &v), 0.55);
        assert_eq!(got[0], got[2], "the pet and condo quotes ask the same thing: {got:?}");
        assert_ne!(got[0], got[4], "a quote and a password reset must stay apart: {got:?}");
    }

    #[test]
    fn cliques_become_communities_and_the_loner_is_left_out() {
        let got = communities(&two_cliques(), &[1; 9], &CommunityParams::default());
        let a = got[0].expect("node 0 is in a clique");
        let b = got[4].expect("node 4 is in a clique");
        assert_ne!(a, b, "the two cliques must not merge: {got:?}");
        for i in 0..4 {
            assert_eq!(got[i], Some(a), "node {i} belongs with node 0: {got:?}");
            assert_eq!(got[i + 4], Some(b), "node {} belongs with node 4: {got:?}", i + 4);
        }
        assert_eq!(got[8], None, "a node nobody points back at is noise: {got:?}");
    }
}
