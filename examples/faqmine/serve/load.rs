//! `faqmine serve-bench`: the server's load benchmark, on loopback only.
//!
//! Builds an index of `--entries` synthetic entries (a fixed-seed generator over a
//! Zipf-like vocabulary, so that runs compare) in a temporary directory, starts the server
//! on 127.0.0.1 (an ephemeral port; no other address can be given), and fires searches
//! from `--clients` threads, each on one keep-alive HTTP/1.1 connection: first whole
//! queries (3 to 5 words of an entry's question), then their as-you-type forms (cut inside
//! the last word, `as_you_type=1`). Each phase stops after `--requests` searches or
//! `--seconds`, whichever comes first. Prints searches per second and latency percentiles
//! as the clients saw them (request written to response read), server and clients sharing
//! the machine's cores.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use clap::Args;
use faqmine::faq::{FaqEntry, FaqSet};
use faqmine::FaqIndex;

#[derive(Args)]
pub struct BenchArgs {
    /// Entries in the index.
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u32).range(1..=200_000))]
    entries: u32,
    /// Searches per phase (whole queries, then as-you-type).
    #[arg(long, default_value_t = 20_000, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    requests: u32,
    /// Client threads, one connection each.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=64))]
    clients: u32,
    /// Server worker threads (default: one per core).
    #[arg(long)]
    threads: Option<usize>,
    /// Longest time per phase, in seconds.
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=600))]
    seconds: u64,
}

pub fn run(args: &BenchArgs) -> Result<()> {
    let dir = tempfile::tempdir().context("creating a temporary directory")?;
    let faqs = entries(args.entries as usize);
    let started = Instant::now();
    FaqIndex::create_in_dir(dir.path(), &faqs).context("building the index")?;
    eprintln!("indexed {} entries in {:.1} s", faqs.entries.len(), started.elapsed().as_secs_f64());
    let (whole, typing) = queries(&faqs, 2_000);

    let index = super::reload::Current::open(dir.path(), Duration::from_secs(3600), FaqIndex::builder())?;
    let state = Arc::new(super::AppState {
        index,
        log: None,
        ids: super::api::QueryIds::new(),
        limits: super::Limits::default(),
    });
    let mut runtime = tokio::runtime::Builder::new_multi_thread();
    if let Some(n) = args.threads {
        runtime.worker_threads(n.max(1));
    }
    let runtime = runtime.enable_all().build()?;
    let listener = runtime.block_on(tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))))?;
    let addr = listener.local_addr()?;
    let app = super::router(state, Vec::new(), 256);
    runtime.spawn(async move { axum::serve(listener, app).await });

    println!(
        "serve-bench: {} entries, {} clients, server threads {}, loopback {addr}",
        args.entries,
        args.clients,
        args.threads.map_or("= cores".to_string(), |n| n.to_string())
    );
    println!(
        "{:<12} {:>9} {:>12} {:>9} {:>9} {:>9} {:>8}",
        "phase", "searches", "searches/s", "p50 ms", "p99 ms", "max ms", "hits %"
    );
    for (name, list, typing) in [("whole", &whole, false), ("as-you-type", &typing, true)] {
        let r = phase(addr, list, typing, args)?;
        println!(
            "{:<12} {:>9} {:>12.0} {:>9.2} {:>9.2} {:>9.2} {:>8.1}",
            name,
            r.count,
            r.count as f64 / r.elapsed.as_secs_f64(),
            r.p(0.50),
            r.p(0.99),
            r.p(1.0),
            100.0 * r.with_hits as f64 / r.count.max(1) as f64
        );
    }
    runtime.shutdown_timeout(Duration::from_secs(1));
    Ok(())
}

struct PhaseResult {
    count: usize,
    with_hits: usize,
    elapsed: Duration,
    /// Sorted latencies, in milliseconds.
    latencies: Vec<f64>,
}

impl PhaseResult {
    fn p(&self, q: f64) -> f64 {
        if self.latencies.is_empty() {
            return 0.0;
        }
        let i = ((self.latencies.len() as f64 * q).ceil() as usize).clamp(1, self.latencies.len()) - 1;
        self.latencies[i]
    }
}

fn phase(addr: SocketAddr, queries: &[String], typing: bool, args: &BenchArgs) -> Result<PhaseResult> {
    let next = Arc::new(AtomicUsize::new(0));
    let total = args.requests as usize;
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let started = Instant::now();
    let handles: Vec<_> = (0..args.clients)
        .map(|_| {
            let next = next.clone();
            let queries = queries.to_vec();
            std::thread::spawn(move || -> Result<(Vec<f64>, usize)> {
                let mut conn = Connection::open(addr)?;
                let mut lat = Vec::new();
                let mut with_hits = 0;
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= total || Instant::now() >= deadline {
                        break;
                    }
                    let q = &queries[i % queries.len()];
                    let path = format!(
                        "/api/search?q={}&limit=10{}",
                        encode(q),
                        if typing { "&as_you_type=1" } else { "" }
                    );
                    let t = Instant::now();
                    let body = conn.get(&path)?;
                    lat.push(t.elapsed().as_secs_f64() * 1e3);
                    if !body.contains("\"hits\":[]") {
                        with_hits += 1;
                    }
                }
                Ok((lat, with_hits))
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut with_hits = 0;
    for h in handles {
        let (lat, hits) = h.join().map_err(|_| anyhow::anyhow!("a client thread panicked"))??;
        latencies.extend(lat);
        with_hits += hits;
    }
    let elapsed = started.elapsed();
    latencies.sort_by(f64::total_cmp);
    Ok(PhaseResult { count: latencies.len(), with_hits, elapsed, latencies })
}

/// One keep-alive HTTP/1.1 connection, enough for this server's responses.
struct Connection {
    reader: BufReader<TcpStream>,
}

impl Connection {
    fn open(addr: SocketAddr) -> Result<Connection> {
        let stream = TcpStream::connect(addr)?;
        stream.set_nodelay(true)?;
        stream.set_read_timeout(Some(Duration::from_secs(30)))?;
        Ok(Connection { reader: BufReader::new(stream) })
    }

    fn get(&mut self, path: &str) -> Result<String> {
        let request = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n");
        self.reader.get_mut().write_all(request.as_bytes())?;
        let mut line = String::new();
        self.reader.read_line(&mut line)?;
        if !line.starts_with("HTTP/1.1 200") {
            bail!("{path}: {}", line.trim());
        }
        let mut length = None;
        loop {
            line.clear();
            self.reader.read_line(&mut line)?;
            if line == "\r\n" || line.is_empty() {
                break;
            }
            if let Some((k, v)) = line.split_once(':') {
                if k.eq_ignore_ascii_case("content-length") {
                    length = v.trim().parse::<usize>().ok();
                }
            }
        }
        let length = length.context("a response without Content-Length")?;
        let mut body = vec![0; length];
        self.reader.read_exact(&mut body)?;
        Ok(String::from_utf8_lossy(&body).into_owned())
    }
}

/// Percent-encodes everything but letters and digits.
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// xorshift64*: a small deterministic generator.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n.max(1)
    }

    /// A Zipf-like draw in `0..n`: low indices are far more frequent.
    fn skewed(&mut self, n: usize) -> usize {
        let u = self.below(1 << 20) as f64 / f64::from(1u32 << 20);
        ((n as f64).powf(u) as usize).saturating_sub(1).min(n - 1)
    }
}

/// `n` entries with questions of 6 to 12 words and answers of 20 to 40, over a vocabulary of
/// 12,000 made-up words.
fn entries(n: usize) -> FaqSet {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    const CONSONANTS: &[u8] = b"bcdfglmnprstvz";
    const VOWELS: &[u8] = b"aeiou";
    let vocabulary: Vec<String> = (0..12_000)
        .map(|_| {
            let len = 2 + rng.below(3);
            let mut w = String::new();
            for _ in 0..len {
                w.push(CONSONANTS[rng.below(CONSONANTS.len())] as char);
                w.push(VOWELS[rng.below(VOWELS.len())] as char);
            }
            w
        })
        .collect();
    let sentence = |rng: &mut Rng, words: usize| -> String {
        (0..words).map(|_| vocabulary[rng.skewed(vocabulary.len())].as_str()).collect::<Vec<_>>().join(" ")
    };
    let entries = (0..n)
        .map(|i| {
            let (q_words, a_words) = (6 + rng.below(7), 20 + rng.below(21));
            let question = format!("{}?", sentence(&mut rng, q_words));
            let answer = format!("{}.", sentence(&mut rng, a_words));
            let count = 1 + rng.below(300);
            let e: FaqEntry = serde_json::from_value(serde_json::json!({
                "id": format!("faq-{i:06}"), "question": question, "answer": answer,
                "language": "en", "message_count": count,
            }))
            .expect("a valid entry");
            e
        })
        .collect();
    FaqSet::new(entries)
}

/// `n` whole queries (3 to 5 consecutive words of an entry's question) and their
/// as-you-type forms (cut inside the last word).
fn queries(set: &FaqSet, n: usize) -> (Vec<String>, Vec<String>) {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut whole = Vec::with_capacity(n);
    let mut typing = Vec::with_capacity(n);
    for _ in 0..n {
        let e = &set.entries[rng.below(set.entries.len())];
        let words: Vec<&str> = e.question.trim_end_matches('?').split(' ').collect();
        let k = (3 + rng.below(3)).min(words.len());
        let start = rng.below(words.len() - k + 1);
        let q = &words[start..start + k];
        let last = q[k - 1];
        let cut = 1 + rng.below(last.len().max(1));
        whole.push(q.join(" "));
        typing.push(format!("{} {}", q[..k - 1].join(" "), &last[..cut.min(last.len())]));
    }
    (whole, typing)
}
