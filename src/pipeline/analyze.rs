//! Stage 4, analyze: which language is each question in, what kind of utterance is it, and
//! what are its terms?

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use super::questions::QuestionText;
use crate::analyze::{Analysis, Analyzer, Utterance, UNDETERMINED};
use crate::mine::QuestionUnit;
use crate::model::Conversation;

/// Analyzes each question into a [`QuestionUnit`], in the same order.
///
/// Customers repeat themselves word for word ("where is my order?"): each distinct text is
/// analyzed once. Analysis depends on the text alone, so this changes nothing but the time.
pub(super) fn analyze_distinct(
    analyzer: &Analyzer,
    conversations: &[Conversation],
    questions: Vec<QuestionText>,
) -> Vec<QuestionUnit> {
    let mut slot_of: HashMap<&str, u32> = HashMap::with_capacity(questions.len() / 2);
    let mut distinct: Vec<&str> = Vec::new();
    let slots: Vec<u32> = questions
        .iter()
        .map(|q| {
            *slot_of.entry(q.text.as_str()).or_insert_with(|| {
                distinct.push(q.text.as_str());
                (distinct.len() - 1) as u32
            })
        })
        .collect();
    drop(slot_of);
    let analyses: Vec<(Utterance, String, Vec<String>)> = distinct
        .par_iter()
        .map(|q| {
            let a = analyzer.analyze(q, None);
            (a.utterance, a.language, a.tokens)
        })
        .collect();
    drop(distinct);
    questions
        .into_par_iter()
        .zip(slots)
        .map(|(q, slot)| {
            let (utterance, language, terms) = &analyses[slot as usize];
            QuestionUnit {
                conversation: q.conversation,
                message_index: q.message_index,
                utterance: *utterance,
                language: language.clone(),
                terms: terms.clone(),
                timestamp: conversations[q.conversation].messages[q.message_index].timestamp,
                text: q.text,
            }
        })
        .collect()
}

/// Short messages ("Cancel alarm", "ok merci") often have too few letters to tell their
/// language, and then miss their language's stemmer, stopwords and request forms. Each
/// short message is analyzed again with a prior (see [`Analyzer::analyze_with_hint`]): the
/// most frequent language among the customer messages of its conversation, or, in a
/// conversation without one, of the whole input. Longer texts keep their detection.
pub(super) fn apply_language_prior(analyzer: &Analyzer, units: &mut [QuestionUnit]) {
    const SHORT_WORDS: usize = 6;
    let majority = |counts: &BTreeMap<&str, usize>| {
        // Most frequent, ties to the smaller code.
        counts.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))).map(|(l, _)| l.to_string())
    };
    let known = |l: &str| l != UNDETERMINED;
    let mut corpus: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_conversation: BTreeMap<usize, BTreeMap<&str, usize>> = BTreeMap::new();
    for u in units.iter().filter(|u| known(&u.language)) {
        *corpus.entry(&u.language).or_default() += 1;
        *by_conversation.entry(u.conversation).or_default().entry(&u.language).or_default() += 1;
    }
    let Some(corpus_language) = majority(&corpus) else { return };
    let hints: HashMap<usize, String> =
        by_conversation.iter().filter_map(|(&c, counts)| Some((c, majority(counts)?))).collect();
    // Each distinct (text, prior) is analyzed once: short messages repeat the most.
    let mut again: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    for (i, u) in units.iter().enumerate() {
        let hint = hints.get(&u.conversation).unwrap_or(&corpus_language);
        if u.language != *hint && u.text.split_whitespace().count() <= SHORT_WORDS {
            again.entry((u.text.as_str(), hint.as_str())).or_default().push(i);
        }
    }
    let redone: Vec<(Analysis, Vec<usize>)> = again
        .into_par_iter()
        .map(|((text, hint), members)| (analyzer.analyze_with_hint(text, None, Some(hint)), members))
        .collect();
    for (analysis, members) in redone {
        if !known(&analysis.language) {
            continue;
        }
        for i in members {
            units[i].language.clone_from(&analysis.language);
            units[i].utterance = analysis.utterance;
            units[i].terms.clone_from(&analysis.tokens);
        }
    }
}
