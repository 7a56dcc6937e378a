//! Email threads: messages of every file of a read grouped into conversations, and the
//! agents among the senders.
//!
//! Threading follows the references first: a message joins the thread of every id in its
//! `In-Reply-To` and `References` headers, even when the message those ids name is missing
//! (two replies to a lost message are still one thread). A message with no reference at all
//! whose subject says it is a reply or forward (`Re:`, `RE:`, `TR:`, `Fwd:`, `Réf :`, `Trả
//! lời:` ...) joins the latest earlier thread with the same normalized subject that shares a
//! participant with it. Subjects alone never merge two first messages: two customers who
//! both write "Password reset" are two threads.
//!
//! A thread's conversation id is `email-` and a hash of the `Message-ID` of its first
//! message, so that no address reaches the FAQ through an id.
//!
//! Roles: a sender that matches [`IngestOptions::support`] (an address, or `@domain` for a
//! domain and its subdomains) is an agent. With no support list, an address that replies in
//! threads started by at least two different correspondents is an agent; in a thread where
//! no such address takes part, everyone but the thread's starter is an agent.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

use unicode_normalization::UnicodeNormalization;

use super::email::ParsedEmail;
use super::{Diagnostic, IngestOptions};
use crate::model::{Channel, Conversation, Message, Role};

struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        // The smaller index wins so that the result does not depend on the call order.
        if ra < rb {
            self.parent[rb] = ra;
        } else if rb < ra {
            self.parent[ra] = rb;
        }
    }

    fn add(&mut self) -> usize {
        self.parent.push(self.parent.len());
        self.parent.len() - 1
    }
}

/// Removes reply and forward prefixes and list tags, lowercases, collapses white space.
/// `(normalized, had a reply or forward prefix)`.
pub(super) fn normalize_subject(subject: &str) -> (String, bool) {
    const PREFIXES: &[&str] = &[
        "re",
        "r",
        "aw",
        "sv",
        "vs",
        "fw",
        "fwd",
        "tr",
        "réf",
        "ref",
        "rif",
        "antw",
        "wg",
        "trả lời",
        "tl",
        "chuyển tiếp",
        "jawab",
        "جواب",
        "fw",
        "enc",
        "rv",
    ];
    let mut s: String = subject.nfc().collect::<String>().to_lowercase();
    let mut prefixed = false;
    loop {
        let t = s.trim_start();
        // A list tag such as `[Support]` or `[#1234]`.
        if let Some(rest) = t.strip_prefix('[') {
            if let Some(end) = rest.find(']') {
                s = rest[end + 1..].to_string();
                continue;
            }
        }
        let mut stripped = None;
        for p in PREFIXES {
            if let Some(rest) = t.strip_prefix(p) {
                // `Re[2]:`, `RE :`, `Réf\u{a0}:`
                let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit() || c == '[' || c == ']');
                let rest = rest.trim_start_matches([' ', '\u{a0}', '\u{202f}', '\t']);
                if let Some(rest) = rest.strip_prefix([':', '：']) {
                    stripped = Some(rest.to_string());
                    break;
                }
            }
        }
        match stripped {
            Some(rest) => {
                prefixed = true;
                s = rest;
            }
            None => break,
        }
    }
    (s.split_whitespace().collect::<Vec<_>>().join(" "), prefixed)
}

fn fnv(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for p in parts {
        for b in p.as_bytes().iter().chain([&0u8]) {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x100000001b3);
        }
    }
    format!("email-{h:016x}")
}

/// A thread's conversation id: a hash of its first message's id. Message-IDs often hold a
/// person's address or name (`marie.dupont.1234@orange.fr`), and conversation ids reach the
/// FAQ; the Message-ID itself stays in each message's `message_id` metadata.
pub(super) fn thread_id(root_message_id: &str) -> String {
    fnv(&[root_message_id])
}

/// Which senders are agents according to `support`.
fn matches_support(addr: &str, support: &[String]) -> bool {
    support.iter().any(|s| {
        let s = s.trim().to_lowercase();
        if let Some(domain) = s.strip_prefix('@') {
            addr.rsplit_once('@').is_some_and(|(_, d)| d == domain || d.ends_with(&format!(".{domain}")))
        } else {
            !s.is_empty() && addr == s
        }
    })
}

/// Threads `emails` (in reading order) into conversations, with the file and line of each
/// thread's first message. Duplicate `Message-ID`s are reported and counted in `skipped`.
pub(super) fn build(
    emails: Vec<ParsedEmail>,
    options: &IngestOptions,
    diags: &mut Vec<Diagnostic>,
    skipped: &mut u64,
) -> Vec<(Conversation, PathBuf, u64)> {
    if emails.is_empty() {
        return Vec::new();
    }
    // Ids, with a content hash for messages that have none; the first of a duplicate wins.
    let mut first_at: HashMap<String, usize> = HashMap::new();
    let mut kept: Vec<(String, ParsedEmail)> = Vec::with_capacity(emails.len());
    for e in emails {
        let id = match &e.message_id {
            Some(id) => id.clone(),
            None => {
                let date = e.date.map(|d| d.unix_timestamp().to_string()).unwrap_or_default();
                fnv(&[e.from.as_deref().unwrap_or(""), &date, &e.subject, &e.text])
            }
        };
        if let Some(&k) = first_at.get(&id) {
            let (_, f) = &kept[k];
            diags.push(
                Diagnostic::skipped(
                    &e.path,
                    e.line,
                    format!("duplicate Message-ID <{id}> (first read at {}:{})", f.path.display(), f.line),
                )
                .with_field("Message-ID"),
            );
            *skipped += 1;
            continue;
        }
        first_at.insert(id.clone(), kept.len());
        kept.push((id, e));
    }

    // Union-find over message ids and referenced ids.
    let mut uf = UnionFind { parent: Vec::new() };
    let mut node: HashMap<String, usize> = HashMap::new();
    let mut node_of = |id: &str, uf: &mut UnionFind| -> usize {
        if let Some(&n) = node.get(id) {
            return n;
        }
        let n = uf.add();
        node.insert(id.to_string(), n);
        n
    };
    let own: Vec<usize> = kept.iter().map(|(id, _)| node_of(id, &mut uf)).collect();
    for (i, (_, e)) in kept.iter().enumerate() {
        for p in &e.parents {
            let n = node_of(p, &mut uf);
            uf.union(own[i], n);
        }
    }

    // Subject fallback, in date order so that a reply finds the thread it answers.
    let mut by_date: Vec<usize> = (0..kept.len()).collect();
    let date_key = |i: usize| kept[i].1.date.map_or(i64::MAX, |d| d.unix_timestamp());
    by_date.sort_by_key(|&i| (date_key(i), i));
    let subjects: Vec<(String, bool)> = kept.iter().map(|(_, e)| normalize_subject(&e.subject)).collect();
    let participants =
        |e: &ParsedEmail| -> BTreeSet<String> { e.from.iter().chain(e.recipients.iter()).cloned().collect() };
    // normalized subject → messages seen so far with it.
    let mut seen_subject: HashMap<&str, Vec<usize>> = HashMap::new();
    for &i in &by_date {
        let (subject, prefixed) = &subjects[i];
        let e = &kept[i].1;
        if *prefixed && e.parents.is_empty() && !subject.is_empty() {
            let mine = participants(e);
            let root = uf.find(own[i]);
            let candidate = seen_subject.get(subject.as_str()).and_then(|earlier| {
                earlier
                    .iter()
                    .rev()
                    .copied()
                    .find(|&j| uf.find(own[j]) != root && !participants(&kept[j].1).is_disjoint(&mine))
            });
            if let Some(j) = candidate {
                uf.union(own[i], own[j]);
            }
        }
        seen_subject.entry(subject.as_str()).or_default().push(i);
    }

    // Threads: root → members in date order (ties: reading order).
    let mut threads: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &i in &by_date {
        threads.entry(uf.find(own[i])).or_default().push(i);
    }

    // Roles.
    let agents: BTreeSet<String> = if options.support.is_empty() {
        let mut answered: HashMap<&str, BTreeSet<&str>> = HashMap::new();
        for members in threads.values() {
            let Some(starter) = kept[members[0]].1.from.as_deref() else { continue };
            for &m in members {
                if let Some(f) = kept[m].1.from.as_deref() {
                    if f != starter {
                        answered.entry(f).or_default().insert(starter);
                    }
                }
            }
        }
        answered.into_iter().filter(|(_, s)| s.len() >= 2).map(|(a, _)| a.to_string()).collect()
    } else {
        BTreeSet::new()
    };
    let mut out = Vec::with_capacity(threads.len());
    // Each message is moved into its conversation: the texts are never held twice.
    let mut kept: Vec<Option<(String, ParsedEmail)>> = kept.into_iter().map(Some).collect();
    fn from_of(kept: &[Option<(String, ParsedEmail)>], m: usize) -> Option<&str> {
        kept[m].as_ref().and_then(|(_, e)| e.from.as_deref())
    }
    for members in threads.into_values() {
        // Owned: the messages are moved out of `kept` below.
        let starter = from_of(&kept, members[0]).map(str::to_string);
        let infer_here = options.support.is_empty()
            && !members.iter().any(|&m| from_of(&kept, m).is_some_and(|f| agents.contains(f)));
        let (first_path, first_line) = match &kept[members[0]] {
            Some((_, e)) => (e.path.clone(), e.line),
            None => continue,
        };
        let root_id = kept[members[0]].as_ref().map(|(id, _)| id.clone()).unwrap_or_default();
        let messages = members
            .iter()
            .filter_map(|&m| kept[m].take())
            .map(|(id, e)| {
                let role = match &e.from {
                    None => Role::Customer,
                    Some(f) if !options.support.is_empty() => {
                        if matches_support(f, &options.support) {
                            Role::Agent
                        } else {
                            Role::Customer
                        }
                    }
                    Some(f) if infer_here => {
                        if Some(f) == starter.as_ref() {
                            Role::Customer
                        } else {
                            Role::Agent
                        }
                    }
                    Some(f) => {
                        if agents.contains(f) {
                            Role::Agent
                        } else {
                            Role::Customer
                        }
                    }
                };
                let mut msg = Message::new(role, e.text);
                msg.timestamp = e.date;
                msg.author = match (&e.from_name, &e.from) {
                    (Some(n), Some(a)) => Some(format!("{n} <{a}>")),
                    (None, Some(a)) => Some(a.clone()),
                    (Some(n), None) => Some(n.clone()),
                    (None, None) => None,
                };
                msg.metadata.insert("message_id".into(), id);
                if !e.subject.is_empty() {
                    msg.metadata.insert("subject".into(), e.subject);
                }
                msg.metadata.insert("source".into(), format!("{}:{}", e.path.display(), e.line));
                msg
            })
            .collect();
        out.push((
            Conversation { id: thread_id(&root_id), channel: Some(Channel::Email), messages },
            first_path,
            first_line,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_normalize_in_several_languages() {
        let cases = [
            ("Re: Colis abîmé", "colis abîmé", true),
            ("RE: RE: Colis abîmé", "colis abîmé", true),
            ("TR : Colis abîmé", "colis abîmé", true),
            ("Réf\u{a0}: Colis abîmé", "colis abîmé", true),
            ("Fwd: [Support] Password reset", "password reset", true),
            ("Re[2]: Password reset", "password reset", true),
            ("Trả lời: Đơn hàng chưa nhận", "đơn hàng chưa nhận", true),
            ("Password reset", "password reset", false),
            ("Recette: gâteau", "recette: gâteau", false),
            ("", "", false),
        ];
        for (input, want, prefixed) in cases {
            assert_eq!(normalize_subject(input), (want.to_string(), prefixed), "subject `{input}`");
        }
    }

    #[test]
    fn support_matches_addresses_and_domains() {
        let support = vec!["help@shop.fr".to_string(), "@cskh.vn".to_string()];
        for (addr, want) in [
            ("help@shop.fr", true),
            ("other@shop.fr", false),
            ("an@cskh.vn", true),
            ("an@mail.cskh.vn", true),
            ("an@notcskh.vn", false),
        ] {
            assert_eq!(matches_support(addr, &support), want, "{addr}");
        }
    }
}
