//! How fast the FAQ stage turns clusters into entries, alone and with a previous run to
//! carry over, on the SGD dialogues (../shared/data/sgd-test-subset: 640 conversations,
//! 4,021 customer messages, clustered by their intent labels) or, when they are absent, on
//! built-in conversations.
//!
//! Target: both in well under a second (the analysis of the messages, done once before, is
//! not measured: it is the analyzer's bench).
//!
//! ```text
//! cargo bench --bench faq
//! ```

use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use faqmine::analyze::Analyzer;
use faqmine::clean::clean_message;
use faqmine::faq::FaqBuilder;
use faqmine::mine::QuestionUnit;
use faqmine::{Conversation, Message, Role};

/// Conversations and the label of each customer message.
fn corpus() -> (Vec<Conversation>, BTreeMap<(String, usize), String>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/sgd-test-subset");
    if let (Ok(read), Ok(labels)) = (
        faqmine::ingest::read_path(dir.join("conversations.jsonl")),
        std::fs::read_to_string(dir.join("labels.jsonl")),
    ) {
        let labels = labels
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| {
                let id = v["conversation_id"].as_str()?.to_string();
                Some(((id, v["message_index"].as_u64()? as usize), v["label"].as_str()?.to_string()))
            })
            .collect();
        return (read.conversations, labels);
    }
    println!("{} absent: benchmarking built-in conversations", dir.display());
    let topics = ["reset my password", "get a refund", "change my address", "cancel my order", "pay by card"];
    let mut convs = Vec::new();
    let mut labels = BTreeMap::new();
    for i in 0..2_000 {
        let topic = topics[i % topics.len()];
        let id = format!("c{i:05}");
        labels.insert((id.clone(), 0), topic.to_string());
        convs.push(Conversation::new(
            id,
            vec![
                Message::new(Role::Customer, format!("Hello, how can I {topic}? Order {i}.")),
                Message::new(Role::Agent, format!("To {topic}, open your account settings ({}).", i % 7)),
            ],
        ));
    }
    (convs, labels)
}

fn bench(c: &mut Criterion) {
    let (mut convs, labels) = corpus();
    convs.sort_by(|a, b| a.id.cmp(&b.id));
    let analyzer = Analyzer::new();
    let mut units = Vec::new();
    let mut by_label: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (ci, conv) in convs.iter().enumerate() {
        for (mi, m) in conv.messages.iter().enumerate().filter(|(_, m)| m.role == Role::Customer) {
            let cleaned = clean_message(&m.text, Role::Customer);
            let a = analyzer.analyze(&cleaned.question, None);
            if let Some(label) = labels.get(&(conv.id.clone(), mi)).filter(|l| !l.is_empty()) {
                by_label.entry(label.as_str()).or_default().push(units.len());
            }
            units.push(QuestionUnit {
                conversation: ci,
                message_index: mi,
                text: cleaned.question,
                language: a.language,
                utterance: a.utterance,
                terms: a.tokens,
                timestamp: m.timestamp,
            });
        }
    }
    let clusters: Vec<Vec<usize>> = by_label.into_values().filter(|c| c.len() >= 3).collect();
    let first = FaqBuilder::new().build(&convs, &units, &clusters).faqs;
    assert_eq!(first.entries.len(), clusters.len(), "one entry per cluster");
    assert!(first.entries.iter().all(|e| e.answer.is_some()), "every cluster here has agent replies");

    let mut group = c.benchmark_group("faq");
    group.sample_size(10);
    group.bench_function("build", |b| {
        b.iter(|| black_box(FaqBuilder::new().build(&convs, &units, &clusters)));
    });
    group.bench_function("build_with_previous", |b| {
        b.iter(|| {
            let run = FaqBuilder::new().previous(&first).build(&convs, &units, &clusters);
            assert_eq!(run.faqs, first, "a run with its own previous is a fixed point");
            black_box(run)
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
