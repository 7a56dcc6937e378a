//! Search speed (issue 7): index build time, and per-query latency (p50, p99) for whole
//! queries and as-you-type prefixes, on one thread and on two, at 10k and 100k entries.
//!
//! Targets: p99 under 1 ms at 10k entries and under 5 ms at 100k; a 100k-entry build under
//! 10 s. The entries are generated deterministically (a fixed-seed generator over a Zipf
//! vocabulary, 90% English-like, 10% Vietnamese-like with diacritics), so runs compare.
//!
//! `cargo bench --bench search` prints a latency table, then runs the criterion benchmarks
//! (mean times). `FAQMINE_BENCH_SIZES=10000` limits the sizes.
//!
//! `FAQMINE_BENCH_MODEL=1` instead builds the first size's index with the sentence model (the
//! file `faqmine model fetch` installs; every entry embedded, which takes minutes at 10k) and
//! prints the latency of whole queries, each embedded and fused with BM25 (target: p99 under
//! 30 ms at 10k entries), then exits.
//!
//! `FAQMINE_BENCH_PROFILE=whole` (or `as-you-type`) instead builds the first size's index
//! and runs that query list once, in `profile_queries`, then exits: a fixed workload for
//! comparing versions by instruction count, which a shared machine does not disturb:
//! `valgrind --tool=callgrind --toggle-collect='*profile_queries*' target/release/deps/search-*`.

use std::time::{Duration, Instant};

use criterion::Criterion;
use faqmine::faq::{FaqEntry, FaqSet};
use faqmine::search::{FaqIndex, LastTerm, SearchRequest};

/// SplitMix64: a small deterministic generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e3779b97f4a7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58476d1ce4e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d049bb133111eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// An index in `0..n` drawn from a Zipf-like law (a few words are very common).
    fn zipf(&mut self, n: usize) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((n as f64).powf(u) as usize).saturating_sub(1).min(n - 1)
    }
}

struct Vocabulary {
    en: Vec<String>,
    vi: Vec<String>,
}

impl Vocabulary {
    fn new(rng: &mut Rng) -> Self {
        const ONSETS: [&str; 16] =
            ["b", "c", "d", "f", "g", "l", "m", "n", "p", "r", "s", "t", "v", "st", "pr", "ch"];
        const VOWELS: [&str; 6] = ["a", "e", "i", "o", "u", "ou"];
        const VI: [&str; 24] = [
            "làm", "sao", "đổi", "mật", "khẩu", "tài", "khoản", "hoàn", "tiền", "giao", "hàng", "đơn", "thẻ",
            "ngân", "phí", "chuyển", "khoản", "mở", "khóa", "điện", "thoại", "địa", "chỉ", "bảo",
        ];
        let mut en = Vec::new();
        while en.len() < 20_000 {
            let syllables = 1 + rng.below(3);
            let w: String = (0..syllables)
                .map(|_| format!("{}{}", ONSETS[rng.below(16)], VOWELS[rng.below(6)]))
                .collect();
            en.push(w + ["", "s", "ing", "ed", "er"][rng.below(5)]);
        }
        let vi = (0..2_000)
            .map(|i| {
                format!(
                    "{}{}",
                    VI[i % VI.len()],
                    if i < VI.len() { String::new() } else { (i / VI.len()).to_string() }
                )
            })
            .collect();
        Vocabulary { en, vi }
    }

    fn sentence(&self, rng: &mut Rng, vi: bool, words: usize) -> String {
        let list = if vi { &self.vi } else { &self.en };
        let words: Vec<&str> = (0..words).map(|_| list[rng.zipf(list.len())].as_str()).collect();
        words.join(" ")
    }
}

fn entries(n: usize) -> FaqSet {
    let mut rng = Rng(7);
    let vocab = Vocabulary::new(&mut rng);
    let entries = (0..n)
        .map(|i| {
            let vi = i % 10 == 9;
            let (q_words, a_words) = (6 + rng.below(7), 20 + rng.below(21));
            let question = format!("{}?", vocab.sentence(&mut rng, vi, q_words));
            let answer = format!("{}.", vocab.sentence(&mut rng, vi, a_words));
            let e: FaqEntry = serde_json::from_value(serde_json::json!({
                "id": format!("faq-{i:06}"), "question": question, "answer": answer,
                "language": if vi { "vi" } else { "en" }, "message_count": 1 + rng.below(500),
            }))
            .expect("a valid entry");
            e
        })
        .collect();
    FaqSet::new(entries)
}

/// Whole queries (3 to 5 words of an entry's question, one in five with a typo) and their
/// as-you-type forms (cut inside the last word).
fn queries(set: &FaqSet, n: usize) -> (Vec<String>, Vec<String>) {
    let mut rng = Rng(11);
    let mut whole = Vec::new();
    let mut typing = Vec::new();
    for _ in 0..n {
        let e = &set.entries[rng.below(set.entries.len())];
        let words: Vec<&str> = e.question.trim_end_matches('?').split(' ').collect();
        let k = (3 + rng.below(3)).min(words.len());
        let start = rng.below(words.len() - k + 1);
        let mut q: Vec<String> = words[start..start + k].iter().map(|w| w.to_string()).collect();
        if rng.below(5) == 0 {
            let i = rng.below(q.len());
            let chars: Vec<char> = q[i].chars().collect();
            if chars.len() >= 5 {
                let mut c = chars.clone();
                c.swap(2, 3);
                q[i] = c.into_iter().collect();
            }
        }
        let text = q.join(" ");
        let last: Vec<char> = q[q.len() - 1].chars().collect();
        let keep = 1 + rng.below(last.len());
        let prefix = format!("{} {}", q[..q.len() - 1].join(" "), last[..keep].iter().collect::<String>());
        whole.push(format!("{text}?"));
        typing.push(prefix);
    }
    (whole, typing)
}

/// CPU time this thread has used: on a machine shared with other work, wall-clock
/// percentiles measure the scheduler as much as the search.
fn thread_cpu_time() -> Duration {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid, writable timespec; the clock id is a constant the kernel knows.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// CPU time the whole process (every thread) has used.
fn process_cpu_time() -> Duration {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: as in `thread_cpu_time`.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_PROCESS_CPUTIME_ID) failed");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1]
}

/// Per-query latencies of running every query once on each of `threads` threads at once.
struct Latencies {
    wall: (Duration, Duration),
    cpu: (Duration, Duration),
    found_percent: usize,
}

/// Runs every query once on each of `threads` threads at once.
/// `last` says how the queries' last word is read (as-you-type or complete).
fn latencies(index: &FaqIndex, queries: &[String], threads: usize, last: LastTerm) -> Latencies {
    let mut all: Vec<(Duration, Duration)> = Vec::new();
    let mut found = 0;
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let index = index.clone();
                s.spawn(move || {
                    let mut times = Vec::with_capacity(queries.len());
                    let mut found = 0;
                    // Each thread walks the list from a different place.
                    for i in 0..queries.len() {
                        let q = &queries[(i + t * queries.len() / threads.max(1)) % queries.len()];
                        let (start, cpu) = (Instant::now(), thread_cpu_time());
                        let hits = index
                            .search(&SearchRequest::new(q.as_str()).limit(10).last_term(last))
                            .expect("search succeeds");
                        times.push((start.elapsed(), thread_cpu_time() - cpu));
                        found += usize::from(!hits.is_empty());
                    }
                    (times, found)
                })
            })
            .collect();
        for h in handles {
            let (times, f) = h.join().expect("a bench thread panicked");
            all.extend(times);
            found += f;
        }
    });
    let mut wall: Vec<Duration> = all.iter().map(|t| t.0).collect();
    let mut cpu: Vec<Duration> = all.iter().map(|t| t.1).collect();
    wall.sort();
    cpu.sort();
    Latencies {
        wall: (percentile(&wall, 0.50), percentile(&wall, 0.99)),
        cpu: (percentile(&cpu, 0.50), percentile(&cpu, 0.99)),
        found_percent: found * 100 / (queries.len() * threads),
    }
}

const HEADER: &str =
    "entries | build wall (cpu, all threads) | kind | threads | p50 cpu | p99 cpu | p50 wall | p99 wall | queries with hits";

/// One line of the latency table, times written by `time`.
fn print_row(
    n: usize,
    build: (Duration, Duration),
    kind: &str,
    threads: usize,
    l: &Latencies,
    time: fn(Duration) -> String,
) {
    println!(
        "{n} | {:.2} s ({:.2} s) | {kind} | {threads} | {} | {} | {} | {} | {}%",
        build.0.as_secs_f64(),
        build.1.as_secs_f64(),
        time(l.cpu.0),
        time(l.cpu.1),
        time(l.wall.0),
        time(l.wall.1),
        l.found_percent
    );
}

/// Runs every query of `list` once (the profiling workload); returns how many found hits.
#[inline(never)]
fn profile_queries(index: &FaqIndex, list: &[String]) -> usize {
    list.iter()
        .map(|q| index.search(&SearchRequest::new(q.as_str()).limit(10)).expect("search succeeds"))
        .filter(|hits| !hits.is_empty())
        .count()
}

fn main() {
    let sizes: Vec<usize> = std::env::var("FAQMINE_BENCH_SIZES")
        .ok()
        .map(|v| v.split(',').filter_map(|s| s.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10_000, 100_000]);
    if let Ok(kind) = std::env::var("FAQMINE_BENCH_PROFILE") {
        let n = sizes.first().copied().unwrap_or(10_000);
        let set = entries(n);
        let index = FaqIndex::create_in_ram(&set).expect("index builds");
        let (whole, typing) = queries(&set, 2_000);
        let list = if kind == "whole" { &whole } else { &typing };
        let found = profile_queries(&index, list);
        println!("{n} entries, {kind}: {found} of {} queries found hits", list.len());
        if std::env::var_os("FAQMINE_BENCH_SLOWEST").is_some() {
            let mut times: Vec<(Duration, &String)> = list
                .iter()
                .map(|q| {
                    let cpu = thread_cpu_time();
                    let _ = index.search(&SearchRequest::new(q.as_str()).limit(10));
                    (thread_cpu_time() - cpu, q)
                })
                .collect();
            times.sort();
            for (t, q) in times.iter().rev().take(25) {
                println!("{:>6.0} µs  {q}", t.as_secs_f64() * 1e6);
            }
        }
        return;
    }
    if std::env::var_os("FAQMINE_BENCH_MODEL").is_some() {
        let path = faqmine::embed::E5Model::default_path();
        let Ok(model) = faqmine::embed::E5Model::load(&path) else {
            println!("no sentence model at {}: `faqmine model fetch` installs it; skipped", path.display());
            return;
        };
        let n = sizes.first().copied().unwrap_or(10_000);
        let set = entries(n);
        let (start, cpu) = (Instant::now(), process_cpu_time());
        let index = FaqIndex::builder()
            .embedder(std::sync::Arc::new(model))
            .create_in_ram(&set)
            .expect("index builds");
        let (build, build_cpu) = (start.elapsed(), process_cpu_time() - cpu);
        let (whole, _) = queries(&set, 1_000);
        let _ = latencies(&index, &whole[..50], 1, LastTerm::Complete);
        println!("{HEADER}");
        for threads in [1, 2] {
            let l = latencies(&index, &whole, threads, LastTerm::Complete);
            let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1e3);
            print_row(n, (build, build_cpu), "whole, with the model", threads, &l, ms);
        }
        return;
    }
    let mut criterion = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    println!("{HEADER}");
    for n in sizes {
        let set = entries(n);
        let (start, cpu) = (Instant::now(), process_cpu_time());
        let index = FaqIndex::create_in_ram(&set).expect("index builds");
        let (build, build_cpu) = (start.elapsed(), process_cpu_time() - cpu);
        assert_eq!(index.num_entries(), n as u64, "every entry is indexed");
        let (whole, typing) = queries(&set, 2_000);
        for (kind, list) in [("whole", &whole), ("as-you-type", &typing)] {
            // Warm up caches and lazily built automata.
            let _ = latencies(&index, &list[..200], 1, LastTerm::Prefix);
            for threads in [1, 2] {
                let l = latencies(&index, list, threads, LastTerm::Prefix);
                let found = l.found_percent;
                assert!(found >= 90, "{kind} queries at {n}: only {found}% found anything");
                let us = |d: Duration| format!("{:.0} µs", d.as_secs_f64() * 1e6);
                print_row(n, (build, build_cpu), kind, threads, &l, us);
            }
        }
        let mut i = 0;
        criterion.bench_function(&format!("search/{n}/whole"), |b| {
            b.iter(|| {
                i = (i + 1) % whole.len();
                index.search(&SearchRequest::new(whole[i].as_str())).expect("search succeeds")
            })
        });
        criterion.bench_function(&format!("search/{n}/as-you-type"), |b| {
            b.iter(|| {
                i = (i + 1) % typing.len();
                index.search(&SearchRequest::new(typing[i].as_str())).expect("search succeeds")
            })
        });
    }
    criterion.final_summary();
}
