//! A fixed analyzer workload for profilers: on a shared machine, instruction counts
//! (`valgrind --tool=callgrind`) compare two versions where timings cannot.
//!
//! ```text
//! cargo build --release --example analyzer_profile
//! valgrind --tool=callgrind target/release/examples/analyzer_profile vi tokenize 3
//! ```
//!
//! Arguments: language (vi, fr, ur, en), what to run (`tokenize`, `tokenize_with`, `analyze`, `detect`) and
//! how many passes over that language's `sib200-*-dev` sentences (../shared/data).

use std::fs;
use std::hint::black_box;
use std::path::Path;

use anyhow::{bail, Context, Result};
use faqmine::analyze::Analyzer;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [lang, what, passes] = &args[..] else {
        bail!("usage: analyzer_profile LANG tokenize|tokenize_with|analyze|detect PASSES");
    };
    let set = match lang.as_str() {
        "vi" => "vie_Latn",
        "fr" => "fra_Latn",
        "ur" => "urd_Arab",
        "en" => "eng_Latn",
        _ => bail!("language must be vi, fr, ur or en"),
    };
    let passes: usize = passes.parse().context("PASSES must be a number")?;
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("../shared/data/sib200-{set}-dev/conversations.jsonl"));
    let data = fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut texts = Vec::new();
    for line in data.lines() {
        let v: serde_json::Value = serde_json::from_str(line)?;
        for m in v["messages"].as_array().into_iter().flatten() {
            texts.push(m["text"].as_str().unwrap_or_default().to_string());
        }
    }
    let analyzer = Analyzer::new();
    let mut total = 0usize;
    for _ in 0..passes {
        for t in &texts {
            total += match what.as_str() {
                "tokenize" => analyzer.tokenize(black_box(t), lang).len(),
                "tokenize_with" => {
                    let mut n = 0;
                    analyzer.tokenize_with(black_box(t), lang, |t| n += t.term.len() + t.folded.len());
                    n
                }
                "analyze" => analyzer.analyze(black_box(t), None).tokens.len(),
                "detect" => analyzer.detect_language(black_box(t), None).len(),
                _ => bail!("what must be tokenize, tokenize_with, analyze or detect"),
            };
        }
    }
    let bytes: usize = texts.iter().map(String::len).sum();
    println!("{} texts, {} bytes per pass, {passes} passes, {total} results", texts.len(), bytes);
    Ok(())
}
