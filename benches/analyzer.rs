//! Analyzer throughput per language, on the SIB-200 dev sentences (../shared/data) or, when
//! they are absent, on built-in support-style sentences. Target: at least 20 MB/s of input
//! on one core for `tokenize` (what the search index runs).
//!
//! ```text
//! cargo bench --bench analyzer
//! ```

use std::fs;
use std::hint::black_box;
use std::path::Path;

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

fn bench(c: &mut Criterion) {
    let analyzer = Analyzer::new();
    for (lang, set) in [("vi", "vie_Latn"), ("fr", "fra_Latn"), ("ur", "urd_Arab"), ("en", "eng_Latn")] {
        let text = corpus(lang, set);
        let lines: Vec<&str> = text.lines().collect();
        // The bench asserts what it measures: every line yields terms in its language.
        for line in &lines {
            assert!(!analyzer.tokenize(line, lang).is_empty(), "no terms for {line:?}");
        }
        let mut group = c.benchmark_group(format!("analyzer/{lang}"));
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function("tokenize", |b| {
            b.iter(|| lines.iter().map(|l| analyzer.tokenize(black_box(l), lang).len()).sum::<usize>())
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
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);
