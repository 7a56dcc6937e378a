//! Clustering speed on a synthetic multilingual corpus (see `synth/mod.rs`).
//!
//! `cargo bench --bench mine` measures `mine::cluster` on 10,000 and 50,000 analyzed
//! customer messages and asserts that the frequent questions come out as FAQs, and the
//! whole pipeline (`Miner::run`: cleaning, analysis, clustering, FAQ entries) on 20,000
//! messages in conversations with agent replies. The whole pipeline at up to a million
//! messages, with time and memory per stage, is measured by the `mine_scale` example:
//!
//! ```text
//! cargo build --release --example mine_scale
//! RAYON_NUM_THREADS=2 /usr/bin/time -v target/release/examples/mine_scale 1000000
//! ```

mod synth;

use criterion::{criterion_group, criterion_main, Criterion};
use faqmine::analyze::Analyzer;
use faqmine::mine::{cluster, ClusterConfig, QuestionUnit};
use faqmine::Miner;

fn units(n: usize) -> Vec<QuestionUnit> {
    let analyzer = Analyzer::new();
    let mut rng = synth::Rng::new(7);
    (0..n)
        .map(|i| {
            let (text, _) = synth::message(&mut rng);
            let a = analyzer.analyze(&text, None);
            QuestionUnit {
                conversation: i,
                message_index: 0,
                text,
                language: a.language,
                utterance: a.utterance,
                terms: a.tokens,
                timestamp: None,
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("mine");
    group.sample_size(10);
    for n in [10_000, 50_000] {
        let u = units(n);
        let config = ClusterConfig::default();
        group.bench_function(format!("cluster {n} messages"), |b| {
            b.iter(|| {
                let clusters = cluster(&u, &config);
                let covered: usize = clusters.iter().map(Vec::len).sum();
                assert!(
                    clusters.len() >= 20,
                    "the synthetic corpus has many frequent questions, got {}",
                    clusters.len()
                );
                assert!(
                    covered * 2 >= n,
                    "most synthetic questions are frequent, {covered} of {n} clustered"
                );
                clusters
            })
        });
    }
    let n = 20_000;
    let conversations = synth::corpus(n, 42);
    let miner = Miner::builder().build().expect("default settings are valid");
    group.bench_function(format!("pipeline {n} messages"), |b| {
        b.iter(|| {
            let run = miner.run(&conversations).expect("mining does not fail");
            assert_eq!(run.assignments.len(), n, "every customer message gets an assignment");
            assert!(run.faqs.entries.len() >= 20, "got {} FAQ entries", run.faqs.entries.len());
            run
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
