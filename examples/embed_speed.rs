//! Embeds the demo corpus's customer messages with the built-in sentence model and prints
//! sentences per second: a small program to measure the model's speed and resident memory
//! (`/usr/bin/time -v`) or to profile it (`valgrind --tool=callgrind`).
//!
//! ```text
//! cargo run --release --example embed_speed -- [ROUNDS] [THREADS]
//! ```

use std::collections::BTreeSet;
use std::time::Instant;

use faqmine::embed::E5Model;
use faqmine::Role;

fn main() {
    let mut args = std::env::args().skip(1);
    let rounds: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(3);
    let threads: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    let model = match E5Model::load_default() {
        Ok(Some(m)) => m,
        Ok(None) => {
            eprintln!("no model at {}: run `faqmine model fetch` first", E5Model::default_path().display());
            std::process::exit(1);
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/conversations.jsonl");
    let read = faqmine::ingest::read_path(path).expect("the demo corpus");
    let texts: Vec<String> = read
        .conversations
        .iter()
        .flat_map(|c| c.messages.iter())
        .filter(|m| m.role == Role::Customer)
        .map(|m| m.text.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| (3..=40).contains(&t.split(' ').count()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("thread pool");
    let start = Instant::now();
    let mut n = 0;
    for _ in 0..rounds {
        n += pool.install(|| model.embed_batch(&refs)).len();
    }
    let secs = start.elapsed().as_secs_f64();
    println!("{n} sentences in {secs:.2} s on {threads} thread(s): {:.1} sentences/s", n as f64 / secs);
}
