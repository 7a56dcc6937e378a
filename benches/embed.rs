//! How many support messages a second the built-in sentence model embeds, on one thread and
//! on two: the demo corpus's customer messages (examples/data/conversations.jsonl, the
//! distinct ones of 3 to 40 words), embedded as one batch.
//!
//! Target: at least 60 sentences a second per core. Skips (with a message) when the model
//! has not been fetched (`cargo run --release --example faqmine -- model fetch`).
//!
//! ```text
//! cargo bench --bench embed
//! ```

use std::collections::BTreeSet;
use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use faqmine::embed::E5Model;
use faqmine::Role;

/// The distinct customer messages of the demo corpus, 3 to 40 words long.
fn messages() -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data/conversations.jsonl");
    let read = faqmine::ingest::read_path(&path).expect("the demo corpus");
    let set: BTreeSet<String> = read
        .conversations
        .iter()
        .flat_map(|c| c.messages.iter())
        .filter(|m| m.role == Role::Customer)
        .map(|m| m.text.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| (3..=40).contains(&t.split(' ').count()))
        .collect();
    set.into_iter().collect()
}

fn bench(c: &mut Criterion) {
    let model = match E5Model::load_default() {
        Ok(Some(m)) => m,
        Ok(None) => {
            println!(
                "skipped: no model at {} (get it with `cargo run --release --example faqmine -- model fetch`)",
                E5Model::default_path().display()
            );
            return;
        }
        Err(e) => panic!("the model cannot be loaded: {e}"),
    };
    let texts = messages();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let tokens: usize = refs.iter().map(|t| model.tokenize(t).len()).sum();
    println!(
        "{} messages, {:.1} tokens each on average ({:?})",
        refs.len(),
        tokens as f64 / refs.len() as f64,
        model
    );
    let first = model.embed_batch(&refs);
    assert_eq!(first.len(), refs.len());
    assert!(first
        .iter()
        .all(|v| v.len() == model.dim() && (v.iter().map(|x| x * x).sum::<f32>() - 1.0).abs() < 1e-3));

    let mut g = c.benchmark_group("embed");
    g.sample_size(10);
    g.throughput(Throughput::Elements(refs.len() as u64));
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("thread pool");
        let start = Instant::now();
        let again = pool.install(|| model.embed_batch(&refs));
        let secs = start.elapsed().as_secs_f64();
        assert_eq!(again, first, "vectors depend on the thread count");
        println!("{threads} thread(s): {:.1} sentences/s (one pass)", refs.len() as f64 / secs);
        g.bench_function(format!("demo_customer_messages/{threads}_threads"), |b| {
            b.iter(|| pool.install(|| black_box(model.embed_batch(black_box(&refs)))))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
