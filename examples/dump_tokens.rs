//! Prints the analyzer's tokens of JSONL texts, for studies of the search ranking outside
//! Rust (scripts/rerank-study.py).
//!
//! Input on stdin: `{"id", "text", "lang"?}` a line (language `en` when absent). Output:
//! `{"id", "tokens": [[term, folded, surface (lowercase), position, byte start], ...],
//! "stopwords": [word, ...]}` a line.

use std::io::{BufRead, Write};

use faqmine::analyze::Analyzer;
use unicode_segmentation::UnicodeSegmentation;

fn main() -> std::io::Result<()> {
    let analyzer = Analyzer::new();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else { continue };
        let text = v["text"].as_str().unwrap_or_default();
        let lang = v["lang"].as_str().unwrap_or("en");
        let tokens = analyzer.tokenize(text, lang);
        let tokens_json: Vec<serde_json::Value> = tokens
            .iter()
            .map(|t| {
                serde_json::json!([
                    t.term,
                    t.folded,
                    text[t.start..t.end].to_lowercase(),
                    t.position,
                    t.start
                ])
            })
            .collect();
        // The words no token covers: the stopwords the analyzer dropped.
        let stop: Vec<String> = text
            .unicode_word_indices()
            .filter(|(start, word)| {
                let end = start + word.len();
                word.chars().any(char::is_alphabetic)
                    && !tokens.iter().any(|t| t.start < end && t.end > *start)
            })
            .map(|(_, word)| word.to_lowercase())
            .collect();
        writeln!(out, "{}", serde_json::json!({ "id": v["id"], "tokens": tokens_json, "stopwords": stop }))?;
    }
    out.flush()
}
