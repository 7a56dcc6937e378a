//! Dumps everything the analyzer says about each text of a file, for regression diffs
//! (for example before and after a speed change: the output must stay byte-identical).
//!
//! ```text
//! cargo run --release --example analyze_dump -- TEXTS.jsonl > dump.txt
//! ```
//!
//! `TEXTS.jsonl` holds one JSON string per line. For each text it prints the analysis with
//! detection (language, script, verdict, sentences, terms, folded terms), then the tokens
//! (term, folded, position, byte offsets) of `tokenize` in the detected language and in
//! each of vi, fr, ur, en and und.

use std::fmt::Write as _;
use std::fs;

use anyhow::{Context, Result};
use faqmine::analyze::Analyzer;

fn main() -> Result<()> {
    let path = std::env::args().nth(1).context("usage: analyze_dump TEXTS.jsonl")?;
    let input = fs::read_to_string(&path).with_context(|| format!("cannot read {path}"))?;
    let analyzer = Analyzer::new();
    let mut out = String::new();
    for (i, line) in input.lines().enumerate() {
        let text: String =
            serde_json::from_str(line).with_context(|| format!("{path}:{}: not a JSON string", i + 1))?;
        let a = analyzer.analyze(&text, None);
        writeln!(out, "#{} {:?}", i + 1, text)?;
        writeln!(
            out,
            "lang={} script={} utterance={:?} q={}",
            a.language, a.script, a.utterance, a.is_question
        )?;
        writeln!(out, "sentences={:?}", a.sentences)?;
        writeln!(out, "tokens={:?}", a.tokens)?;
        writeln!(out, "folded={:?}", a.folded)?;
        let hinted = analyzer.analyze_with_hint(&text, None, Some("vi"));
        writeln!(out, "hint vi: lang={} utterance={:?}", hinted.language, hinted.utterance)?;
        for lang in [a.language.as_str(), "vi", "fr", "ur", "en", "und"] {
            let tokens = analyzer.tokenize(&text, lang);
            write!(out, "tokenize {lang}:")?;
            for t in tokens {
                write!(out, " {}/{}@{}[{}..{}]", t.term, t.folded, t.position, t.start, t.end)?;
            }
            out.push('\n');
        }
    }
    print!("{out}");
    Ok(())
}
