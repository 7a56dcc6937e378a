//! Stage 6, replies as evidence: where do the agents' replies say one question ends and the
//! next begins?

use std::collections::HashMap;

use rayon::prelude::*;

use super::cluster::Eligible;
use crate::analyze::Analyzer;
use crate::clean::Cleaned;
use crate::embed::vector::unit;
use crate::embed::Embedder;
use crate::mine::replies::{refine, Replies};
use crate::mine::{Clustering, QuestionUnit};
use crate::model::{Conversation, Role};

/// A reply shorter than this many words is no evidence: acknowledgements, confirmations and
/// the dialogue acts of task bots ("Your reservation has been made.") say little of which
/// question was asked, while a help center's answer states its facts. Measured: at 12 words
/// the task-dialogue sets (sgd, risawoz) lose more than at 20.
const MIN_EVIDENCE_WORDS: usize = 20;

/// With a sentence model, at most this many distinct replies (the most used) are embedded:
/// at about 120 replies a second on two cores, 5,000 cost some 40 seconds, whatever the
/// size of the input.
const REPLY_EMBED_LIMIT: usize = 5_000;

/// The reply each unit got, as evidence (replies that only ask back left out), each
/// distinct reply analyzed once in the language of the first unit it answered. Empty,
/// without any work, when no conversation has an agent message.
pub(super) fn reply_evidence(
    analyzer: &Analyzer,
    conversations: &[Conversation],
    cleaned: &[Vec<Cleaned>],
    units: &[QuestionUnit],
    embedder: Option<&dyn Embedder>,
) -> Replies {
    let answered: Vec<bool> =
        conversations.par_iter().map(|c| c.messages.iter().any(|m| m.role == Role::Agent)).collect();
    if !answered.iter().any(|&a| a) {
        return Replies::default();
    }
    let names: Vec<Vec<String>> = conversations
        .par_iter()
        .zip(&answered)
        .map(|(c, &a)| if a { crate::clean::participant_names(c) } else { Vec::new() })
        .collect();
    let found: Vec<Option<String>> = units
        .par_iter()
        .map(|u| {
            if !answered[u.conversation] {
                return None;
            }
            let conv = &conversations[u.conversation];
            let done = cleaned.get(u.conversation).map(Vec::as_slice);
            crate::faq::evidence_reply(conv, u.message_index, &names[u.conversation], done)
                .filter(|r| r.split_whitespace().count() >= MIN_EVIDENCE_WORDS)
        })
        .collect();
    // Distinct replies numbered in unit order: units are in a canonical order.
    let mut pool: HashMap<(&str, &str), u32> = HashMap::new();
    let mut distinct: Vec<(&str, &str)> = Vec::new();
    let of_unit: Vec<Option<u32>> = found
        .iter()
        .zip(units)
        .map(|(r, u)| {
            let r = r.as_deref()?;
            let key = (r, u.language.as_str());
            Some(*pool.entry(key).or_insert_with(|| {
                distinct.push(key);
                distinct.len() as u32 - 1
            }))
        })
        .collect();
    // With a sentence model, each distinct reply's vector: the same answer in other
    // languages is then one answer.
    // Only the REPLY_EMBED_LIMIT most used replies get one, which bounds the model's cost
    // on large inputs (a reply used once cannot stand for an answer given twice anyway).
    let dense: Vec<Option<Vec<f32>>> = match embedder {
        Some(e) => {
            let mut uses = vec![0u32; distinct.len()];
            for r in of_unit.iter().flatten() {
                uses[*r as usize] += 1;
            }
            // every distinct reply is some unit's: each is used at least once
            let mut chosen: Vec<usize> = (0..distinct.len()).collect();
            chosen.sort_by(|&a, &b| uses[b].cmp(&uses[a]).then(a.cmp(&b)));
            chosen.truncate(REPLY_EMBED_LIMIT);
            chosen.sort_unstable();
            let texts: Vec<(&str, &str)> = chosen.iter().map(|&r| distinct[r]).collect();
            let mut dense = vec![None; distinct.len()];
            for (r, v) in chosen.into_iter().zip(e.embed_batch(&texts)) {
                dense[r] = v.and_then(unit);
            }
            dense
        }
        None => Vec::new(),
    };
    let distinct: Vec<(Vec<String>, String)> = distinct
        .par_iter()
        .map(|(text, language)| {
            (analyzer.tokenize(text, language).into_iter().map(|t| t.term).collect(), language.to_string())
        })
        .collect();
    Replies::new(of_unit, distinct).with_sentence_vectors(dense)
}

/// The clusters split, merged and completed along the replies (see `crate::mine`'s reply
/// step); unchanged when there is no reply.
pub(super) fn refine_by_replies(
    units: &[QuestionUnit],
    eligible: &Eligible,
    clustering: Clustering,
    replies: &Replies,
    min_support: usize,
) -> Clustering {
    refine(units, clustering, replies, eligible.mask(), min_support)
}
