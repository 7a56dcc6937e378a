//! Scale benchmark of the whole mining pipeline on a synthetic multilingual corpus.
//!
//! ```text
//! cargo build --release --example mine_scale
//! /usr/bin/time -v target/release/examples/mine_scale 1000000
//! ```
//!
//! Prints the time of each stage and the number of FAQ entries; `/usr/bin/time -v` adds the
//! peak memory ("Maximum resident set size"). Use `RAYON_NUM_THREADS=2` to pin the thread
//! count.

#[path = "../benches/synth/mod.rs"]
mod synth;

use std::sync::Arc;
use std::time::Instant;

use faqmine::{Miner, Progress};

fn main() -> anyhow::Result<()> {
    let n: usize = std::env::args().nth(1).map(|a| a.parse()).transpose()?.unwrap_or(100_000);
    let t = Instant::now();
    let convs = synth::corpus(n, 42);
    eprintln!("generated {n} messages in {} conversations: {:.1}s", convs.len(), t.elapsed().as_secs_f64());
    let start = Instant::now();
    let last = Arc::new(std::sync::Mutex::new((None, Instant::now())));
    let progress = {
        let last = last.clone();
        Arc::new(move |p: Progress| {
            let mut l = last.lock().expect("progress lock");
            if l.0 != Some(p.stage) {
                eprintln!(
                    "  {:>6.1}s  {:?} starts (resident {} MB)",
                    start.elapsed().as_secs_f64(),
                    p.stage,
                    resident_mb()
                );
                *l = (Some(p.stage), Instant::now());
            }
        })
    };
    let run = Miner::builder().progress(progress).build()?.run(&convs)?;
    let secs = start.elapsed().as_secs_f64();
    let in_faq = run.assignments.iter().filter(|a| a.faq_id.is_some()).count();
    println!(
        "messages {n}  mining {secs:.1}s  faqs {}  messages in an FAQ {in_faq} ({:.0}%)",
        run.faqs.entries.len(),
        100.0 * in_faq as f64 / n as f64
    );
    Ok(())
}

/// The resident memory of this process in MB (Linux; 0 elsewhere).
fn resident_mb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .map(|l| l.split_whitespace().nth(1).unwrap_or("0").to_string())
        })
        .and_then(|kb| kb.parse::<u64>().ok())
        .map_or(0, |kb| kb / 1024)
}
