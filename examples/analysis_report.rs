//! Measures the analyzer on the shared development data and prints the figures.
//!
//! ```text
//! cargo run --release --example analysis_report            # data at ../shared/data
//! cargo run --release --example analysis_report -- DIR     # data somewhere else
//! ```
//!
//! Prints: language-detection accuracy per language on `sib200-<lang>-dev` (whole sentences
//! and their first five words, no hint); the question verdict's precision and recall on the
//! `multidogo-*-dev` sets (labels other than contentonly, openinggreeting, closinggreeting,
//! thankyou, confirmation, rejection and outofdomain are questions or requests); and the
//! languages found in the paragraphs (lines) of `../shared/seeds`.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use faqmine::analyze::Analyzer;
use serde_json::Value;

fn read_jsonl(path: &Path) -> Result<Vec<Value>> {
    let text = fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| {
            serde_json::from_str(l).with_context(|| format!("{}:{}: bad json", path.display(), i + 1))
        })
        .collect()
}

/// Customer texts of a set, keyed by (conversation id, message index).
fn messages(dir: &Path) -> Result<HashMap<(String, usize), String>> {
    let mut out = HashMap::new();
    for conv in read_jsonl(&dir.join("conversations.jsonl"))? {
        let id = conv["id"].as_str().unwrap_or_default().to_string();
        for (i, m) in conv["messages"].as_array().into_iter().flatten().enumerate() {
            out.insert((id.clone(), i), m["text"].as_str().unwrap_or_default().to_string());
        }
    }
    Ok(out)
}

fn first_words(text: &str, n: usize) -> String {
    text.split_whitespace().take(n).collect::<Vec<_>>().join(" ")
}

fn detection(analyzer: &Analyzer, data: &Path) -> Result<()> {
    println!("## Language detection on sib200 dev (no hint)\n");
    println!("| set | expected | n | whole sentence | first five words | confusions (five words) |");
    println!("|---|---|---|---|---|---|");
    for (set, lang) in [("vie_Latn", "vi"), ("fra_Latn", "fr"), ("urd_Arab", "ur"), ("eng_Latn", "en")] {
        let dir = data.join(format!("sib200-{set}-dev"));
        if !dir.exists() {
            println!("| {set} | {lang} | skipped: {} absent | | | |", dir.display());
            continue;
        }
        let texts: Vec<String> = messages(&dir)?.into_values().collect();
        let mut whole = 0;
        let mut five = 0;
        let mut confusions: BTreeMap<String, usize> = BTreeMap::new();
        for t in &texts {
            whole += usize::from(analyzer.detect_language(t, None) == lang);
            let got = analyzer.detect_language(&first_words(t, 5), None);
            if got == lang {
                five += 1;
            } else {
                if std::env::var_os("REPORT_ERRORS").is_some() {
                    println!("DET\t{lang}\t{got}\t{}", first_words(t, 5));
                }
                *confusions.entry(got).or_default() += 1;
            }
        }
        let n = texts.len().max(1) as f64;
        println!(
            "| sib200-{set}-dev | {lang} | {} | {:.3} | {:.3} | {:?} |",
            texts.len(),
            whole as f64 / n,
            five as f64 / n,
            confusions
        );
    }
    Ok(())
}

fn questions(analyzer: &Analyzer, data: &Path) -> Result<()> {
    println!("\n## Question verdict on multidogo dev (customer turns)\n");
    println!("| set | n | positives | minable P | minable R | is_question P | is_question R |");
    println!("|---|---|---|---|---|---|---|");
    let mut totals = [0usize; 6];
    let mut errors: Vec<(String, String, String)> = Vec::new();
    for domain in ["airline", "fastfood", "finance", "insurance", "media", "software"] {
        let dir = data.join(format!("multidogo-{domain}-dev"));
        if !dir.exists() {
            println!("| {domain} | skipped: {} absent | | | | | |", dir.display());
            continue;
        }
        let texts = messages(&dir)?;
        // [tp, fp, fn] for is_minable, then for is_question.
        let mut c = [0usize; 6];
        let mut n = 0;
        let mut positives = 0;
        for label in read_jsonl(&dir.join("labels.jsonl"))? {
            let key = (
                label["conversation_id"].as_str().unwrap_or_default().to_string(),
                label["message_index"].as_u64().unwrap_or(0) as usize,
            );
            let Some(text) = texts.get(&key) else { continue };
            let name = label["label"].as_str().unwrap_or_default();
            let truth = !faqmine::eval::NON_QUESTION_LABELS.contains(&name);
            let a = analyzer.analyze(text, None);
            n += 1;
            positives += usize::from(truth);
            for (k, predicted) in [a.utterance.is_minable(), a.is_question].into_iter().enumerate() {
                match (predicted, truth) {
                    (true, true) => c[3 * k] += 1,
                    (true, false) => c[3 * k + 1] += 1,
                    (false, true) => c[3 * k + 2] += 1,
                    _ => {}
                }
            }
            if a.utterance.is_minable() != truth && errors.len() < 4000 {
                errors.push((name.to_string(), format!("{:?}", a.utterance), text.clone()));
            }
        }
        let p = |tp: usize, fp: usize| tp as f64 / (tp + fp).max(1) as f64;
        let r = |tp: usize, fn_: usize| tp as f64 / (tp + fn_).max(1) as f64;
        println!(
            "| {domain} | {n} | {positives} | {:.3} | {:.3} | {:.3} | {:.3} |",
            p(c[0], c[1]),
            r(c[0], c[2]),
            p(c[3], c[4]),
            r(c[3], c[5])
        );
        for (t, v) in totals.iter_mut().zip(c) {
            *t += v;
        }
    }
    let p = |tp: usize, fp: usize| tp as f64 / (tp + fp).max(1) as f64;
    let r = |tp: usize, fn_: usize| tp as f64 / (tp + fn_).max(1) as f64;
    println!(
        "| all | | | {:.3} | {:.3} | {:.3} | {:.3} |",
        p(totals[0], totals[1]),
        r(totals[0], totals[2]),
        p(totals[3], totals[4]),
        r(totals[3], totals[5])
    );
    if std::env::var_os("REPORT_ERRORS").is_some() {
        for (label, verdict, text) in errors {
            println!("ERR\t{label}\t{verdict}\t{text}");
        }
    }
    Ok(())
}

fn seeds(analyzer: &Analyzer, dir: &Path) -> Result<()> {
    println!("\n## Seeds: languages of paragraphs (the article's language as the hint)\n");
    if !dir.exists() {
        println!("skipped: {} absent", dir.display());
        return Ok(());
    }
    let mut files: Vec<PathBuf> = fs::read_dir(dir)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.sort();
    for file in files {
        let text = fs::read_to_string(&file)?;
        let whole = analyzer.detect_language(&text, None);
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for p in text.lines().map(str::trim).filter(|p| !p.is_empty()) {
            *counts.entry(analyzer.detect_language(p, Some(&whole))).or_default() += 1;
        }
        println!(
            "- {}: file {whole}, paragraphs {counts:?}",
            file.file_name().unwrap_or_default().to_string_lossy()
        );
    }
    Ok(())
}

fn main() -> Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let data = std::env::args().nth(1).map(PathBuf::from).unwrap_or_else(|| root.join("../shared/data"));
    let analyzer = Analyzer::new();
    detection(&analyzer, &data)?;
    questions(&analyzer, &data)?;
    seeds(&analyzer, &root.join("../shared/seeds"))?;
    Ok(())
}
