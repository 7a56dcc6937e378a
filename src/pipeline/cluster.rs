//! Stage 5, cluster: which of the questions ask the same thing?

use crate::mine::{Clusterer, Clustering, QuestionUnit};

/// The units a run mines: those in the chosen languages, or all of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Eligible {
    /// Unit indices, ascending.
    indices: Vec<usize>,
    /// For each unit, whether it is eligible.
    mask: Vec<bool>,
}

impl Eligible {
    /// The units of `units` in one of `languages` (ISO 639-1 codes), or all of them when
    /// there is no language list.
    pub(super) fn select(units: &[QuestionUnit], languages: Option<&[String]>) -> Self {
        let indices: Vec<usize> = (0..units.len())
            .filter(|&i| languages.is_none_or(|l| l.iter().any(|x| *x == units[i].language)))
            .collect();
        let mut mask = vec![false; units.len()];
        for &i in &indices {
            mask[i] = true;
        }
        Eligible { indices, mask }
    }

    /// How many units are eligible.
    pub(super) fn len(&self) -> usize {
        self.indices.len()
    }

    /// For each unit, whether it is eligible.
    pub(super) fn mask(&self) -> &[bool] {
        &self.mask
    }
}

/// Clusters the eligible units; cluster members are indices into `units`.
pub(super) fn cluster(clusterer: &Clusterer<'_>, units: &[QuestionUnit], eligible: &Eligible) -> Clustering {
    // When every unit is eligible they are clustered in place rather than copied (a copy
    // costs about a gigabyte at a million messages).
    if eligible.len() == units.len() {
        return clusterer.run(units);
    }
    let subset: Vec<QuestionUnit> = eligible.indices.iter().map(|&i| units[i].clone()).collect();
    let mut clustering = clusterer.run(&subset);
    for cluster in &mut clustering.clusters {
        for i in cluster.iter_mut() {
            *i = eligible.indices[*i];
        }
    }
    clustering
}
