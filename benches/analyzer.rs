//! Analyzer throughput per language, on the SIB-200 dev sentences (../shared/data) or, when
//! they are absent, on built-in support-style sentences. Target: at least 20 MB/s of input
//! on one core for `tokenize` (what the search index runs).
//!
//! Time is the CPU time of the benchmarking thread, not wall-clock time: the machine is
//! shared, and wall time there measures the load. Throughput is in decimal MB/s (10^6
//! bytes of input per second).
//!
//! ```text
//! cargo bench --bench analyzer
//! ```

use std::fs;
use std::hint::black_box;
use std::path::Path;

use std::time::Duration;

use criterion::measurement::{Measurement, ValueFormatter};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use faqmine::analyze::Analyzer;

const FALLBACK: &[(&str, &str)] = &[
    ("vi", "Cho em hỏi đăng nhập không được thì làm sao ạ, em đã đổi mật khẩu rồi mà vẫn bị lỗi."),
    ("fr", "Bonjour, je n'arrive pas à me connecter à mon compte depuis la mise à jour de l'application."),
    ("ur", "السلام علیکم، میرا آرڈر ابھی تک نہیں ملا، براہ کرم بتائیں کہ یہ کب تک پہنچے گا؟"),
    ("en", "Hi, I was charged twice for my subscription last month, how do I get a refund?"),
];

/// The texts of one language: the SIB-200 dev sentences, or the fallback repeated.
fn corpus(lang: &str, set: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("../shared/data/sib200-{set}-dev/conversations.jsonl"));
    if let Ok(text) = fs::read_to_string(&path) {
        let mut out = String::new();
        for line in text.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap_or_default();
            for m in v["messages"].as_array().into_iter().flatten() {
                out.push_str(m["text"].as_str().unwrap_or_default());
                out.push('\n');
            }
        }
        return out;
    }
    println!("{} absent: benchmarking built-in sentences", path.display());
    let sentence = FALLBACK.iter().find(|(l, _)| *l == lang).map_or("", |(_, s)| s);
    format!("{sentence}\n").repeat(100)
}

/// CPU time of the calling thread.
fn thread_cpu_time() -> Duration {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid, writable timespec; CLOCK_THREAD_CPUTIME_ID is always available
    // on Linux.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// Criterion measurement: CPU time of the benchmarking thread.
struct ThreadCpu;

impl Measurement for ThreadCpu {
    type Intermediate = Duration;
    type Value = Duration;

    fn start(&self) -> Duration {
        thread_cpu_time()
    }
    fn end(&self, start: Duration) -> Duration {
        thread_cpu_time().saturating_sub(start)
    }
    fn add(&self, a: &Duration, b: &Duration) -> Duration {
        *a + *b
    }
    fn zero(&self) -> Duration {
        Duration::ZERO
    }
    fn to_f64(&self, value: &Duration) -> f64 {
        value.as_nanos() as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        &CpuFormatter
    }
}

/// Formats CPU nanoseconds as times, and throughput as decimal MB/s.
struct CpuFormatter;

impl ValueFormatter for CpuFormatter {
    fn scale_values(&self, ns: f64, values: &mut [f64]) -> &'static str {
        let (factor, unit) = if ns < 1e3 {
            (1.0, "ns (cpu)")
        } else if ns < 1e6 {
            (1e-3, "µs (cpu)")
        } else if ns < 1e9 {
            (1e-6, "ms (cpu)")
        } else {
            (1e-9, "s (cpu)")
        };
        values.iter_mut().for_each(|v| *v *= factor);
        unit
    }

    fn scale_throughputs(&self, _typical: f64, throughput: &Throughput, values: &mut [f64]) -> &'static str {
        let (amount, unit) = match *throughput {
            Throughput::Bytes(b) | Throughput::BytesDecimal(b) => (b as f64 / 1e6, "MB/s"),
            Throughput::Elements(e) | Throughput::ElementsAndBytes { elements: e, .. } => {
                (e as f64 / 1e6, "Melem/s")
            }
            Throughput::Bits(b) => (b as f64 / 1e6, "Mb/s"),
        };
        values.iter_mut().for_each(|v| *v = amount * 1e9 / *v);
        unit
    }

    fn scale_for_machines(&self, _values: &mut [f64]) -> &'static str {
        "ns"
    }
}

fn bench(c: &mut Criterion<ThreadCpu>) {
    let analyzer = Analyzer::new();
    for (lang, set) in [("vi", "vie_Latn"), ("fr", "fra_Latn"), ("ur", "urd_Arab"), ("en", "eng_Latn")] {
        let text = corpus(lang, set);
        let lines: Vec<&str> = text.lines().collect();
        // The bench asserts what it measures: every line yields terms in its language.
        for line in &lines {
            assert!(!analyzer.tokenize(line, lang).is_empty(), "no terms for {line:?}");
        }
        let mut group = c.benchmark_group(format!("analyzer/{lang}"));
        group.throughput(Throughput::BytesDecimal(text.len() as u64));
        group.bench_function("tokenize", |b| {
            b.iter(|| lines.iter().map(|l| analyzer.tokenize(black_box(l), lang).len()).sum::<usize>())
        });
        // The same tokens handed out borrowed: no allocation per token.
        group.bench_function("tokenize_with", |b| {
            b.iter(|| {
                let mut n = 0usize;
                for l in &lines {
                    analyzer.tokenize_with(black_box(l), lang, |t| n += t.term.len() + t.folded.len());
                }
                n
            })
        });
        // Stems are remembered per thread; this pass starts with none remembered, as a new
        // thread meeting this text's vocabulary for the first time would.
        group.bench_function("tokenize_cold_stems", |b| {
            b.iter(|| {
                faqmine::analyze::forget_cached_stems();
                lines.iter().map(|l| analyzer.tokenize(black_box(l), lang).len()).sum::<usize>()
            })
        });
        group.bench_function("analyze_detect", |b| {
            b.iter(|| lines.iter().map(|l| analyzer.analyze(black_box(l), None).tokens.len()).sum::<usize>())
        });
        group.bench_function("detect_language", |b| {
            b.iter(|| lines.iter().filter(|l| analyzer.detect_language(black_box(l), None) == lang).count())
        });
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .with_measurement(ThreadCpu)
        .sample_size(20)
        .measurement_time(Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);
