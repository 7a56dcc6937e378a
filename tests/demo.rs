//! The bundled demo corpus end to end: each entry's answer answers its question, and the
//! searches the demo shows (examples/faqmine/demo.rs, README) find the right entry first.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use faqmine::ingest::{read_paths_with, IngestOptions};
use faqmine::{FaqIndex, Miner, MiningRun, SearchRequest};

fn demo() -> (MiningRun, HashMap<(String, usize), String>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join("data");
    let read = read_paths_with(
        &[dir.join("conversations.jsonl"), dir.join("messages.csv")],
        &IngestOptions::default(),
    )
    .expect("the demo corpus reads");
    let run =
        Miner::builder().build().expect("default settings").run(&read.conversations).expect("mining runs");
    let labels = std::fs::read_to_string(dir.join("labels.jsonl"))
        .expect("labels")
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("a label line");
            (
                (
                    v["conversation_id"].as_str().unwrap().to_string(),
                    v["message_index"].as_u64().unwrap() as usize,
                ),
                v["label"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (run, labels)
}

/// The main label of each entry's messages.
fn topics(run: &MiningRun, labels: &HashMap<(String, usize), String>) -> BTreeMap<String, String> {
    let mut votes: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for a in &run.assignments {
        if let (Some(id), Some(l)) = (&a.faq_id, labels.get(&(a.conversation_id.clone(), a.message_index))) {
            *votes.entry(id.clone()).or_default().entry(l.clone()).or_default() += 1;
        }
    }
    votes
        .into_iter()
        .map(|(id, v)| (id, v.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))).unwrap().0))
        .collect()
}

#[test]
fn each_answer_is_the_reply_its_group_agrees_on() {
    let (run, _) = demo();
    for e in &run.faqs.entries {
        let agreement = e.answer_confidence.unwrap_or(1.0);
        assert!(
            agreement >= 0.5,
            "{:?}: the shown answer has {agreement} reply agreement: {:?}",
            e.question,
            e.answer
        );
    }
}

fn first_hit_topic(query: &str) -> String {
    let (run, labels) = demo();
    let topic = topics(&run, &labels);
    let index = FaqIndex::create_in_ram(&run.faqs).expect("index");
    let hits = index.search(&SearchRequest::new(query).limit(3)).expect("search");
    let first = hits.first().unwrap_or_else(|| panic!("no hit for {query:?}"));
    topic.get(&first.faq_id).cloned().unwrap_or_default()
}

#[test]
fn the_demo_searches_find_the_right_entry_first() {
    for (query, want) in [
        ("how long does a refund take", "refund_timing"),
        ("où trouver ma facture", "invoice_download"),
        ("làm sao để đổi mật khẩu", "reset_password"),
        ("lam sao doi mat khau", "reset_password"),
    ] {
        assert_eq!(first_hit_topic(query), want, "first hit of {query:?}");
    }
}

/// The Urdu search of the demo: no Urdu password entry is mined yet (four Urdu questions,
/// answered with two paraphrases), so the first hit is another Urdu entry.
#[test]
#[ignore = "known failure: no Urdu reset-password entry is mined from the demo yet"]
fn the_urdu_demo_search_finds_the_password_entry_first() {
    assert_eq!(first_hit_topic("پاس ورڈ کیسے تبدیل کروں"), "reset_password");
}
