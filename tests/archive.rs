//! A mailing-list archive as pipermail writes it, mined end to end: the archive is generated
//! by `examples/big_mbox/` (`--pipermail`: obfuscated addresses, attributions in many
//! languages and clients and damaged ones, pasted code and logs, thank-you follow-ups,
//! list footers, scrubbed attachments), mined by the example binary on words, and every
//! output is checked: no address in any form, no person's name, no archive artifact or
//! attribution line, no pasted log, shown questions under 200 characters.

use std::path::{Path, PathBuf};
use std::process::Command;

use regex::Regex;
use serde_json::Value;

mod common;

/// The generator, built next to the faqmine binary.
fn generator() -> PathBuf {
    let faqmine = common::binary();
    let bin = faqmine.with_file_name(format!("big_mbox{}", std::env::consts::EXE_SUFFIX));
    assert!(bin.is_file(), "the big_mbox example is missing at {}", bin.display());
    bin
}

fn p(path: &Path) -> &str {
    path.to_str().expect("temp paths are UTF-8")
}

/// What must never be in anything published: addresses in every form, the made-up people's
/// names, what the list software adds, attribution and header lines, pasted logs.
fn forbidden() -> Vec<(&'static str, Regex)> {
    let re = |s: &str| Regex::new(s).expect("valid regex");
    vec![
        (
            "address",
            re(r"(?i)[\w.+-]+@[\w-]+\.\w|\bat\s+(?:mail\.)?example\.(?:com|org|net)|\[at\]|\(at\)|@end\|ng"),
        ),
        (
            "name",
            re(r"Roe|Doe\b|Exemple|Modelo|Ficticio|Muster\b|Sample|Testa|Placeholder|Fakename|Nomen|Petrov"),
        ),
        ("artifact", re(r"(?i)next part|scrubbed|\[\[|mailing list|listinfo|posting guide|_{10}")),
        (
            "attribution",
            re(
                r"(?i)wrote:|a (?:é|\?)crit|escreveu|escribió|schrieb|ha scritto|geschreven|\?{3,}:|كتب|original message|\bsent:|^from:",
            ),
        ),
        ("pasted", re(r"Error in|Warning message|at org\.example|data\.frame'|<- (?:merge|read)")),
    ]
}

fn check_text(what: &str, text: &str, problems: &mut Vec<String>) {
    for (kind, re) in forbidden() {
        if let Some(m) = re.find(text) {
            problems.push(format!("{kind} `{}` in {what}: {text:?}", m.as_str()));
        }
    }
}

#[test]
fn a_pipermail_archive_is_mined_clean() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("2025-January.txt");
    let out = dir.path().join("faq");
    let g =
        Command::new(generator()).args(["--pipermail", p(&archive), "--threads", "160"]).output().unwrap();
    assert!(g.status.success(), "{}", String::from_utf8_lossy(&g.stderr));
    let o = common::run(&["mine", p(&archive), "--out", p(&out), "--lexical"]);
    assert!(o.status.success(), "mine failed: {}", String::from_utf8_lossy(&o.stderr));

    let faq: Value = serde_json::from_str(&std::fs::read_to_string(out.join("faq.json")).unwrap()).unwrap();
    let entries = faq["entries"].as_array().expect("entries");
    assert!(entries.len() >= 3, "the archive's topics make entries: {}", entries.len());
    let vague = Regex::new(r"(?i)^(?:how to solve this|do you know why|is anything going wrong|any idea)\?$")
        .unwrap();
    let thanks = Regex::new(r"(?i)thank|interesting|merci|obrigad|funcionou").unwrap();
    let mut problems = Vec::new();
    for e in entries {
        let question = e["question"].as_str().unwrap_or("");
        check_text("a question", question, &mut problems);
        if question.chars().count() >= 200 {
            problems.push(format!("question of {} characters: {question:?}", question.chars().count()));
        }
        if vague.is_match(question) {
            problems.push(format!("a question that names nothing: {question:?}"));
        }
        if thanks.is_match(question) {
            problems.push(format!("a thank-you as a question: {question:?}"));
        }
        for v in e["variants"].as_array().into_iter().flatten() {
            check_text("a variant", v["text"].as_str().unwrap_or(""), &mut problems);
        }
        for key in ["answer"] {
            if let Some(a) = e[key].as_str() {
                check_text("an answer", a, &mut problems);
            }
        }
        for a in e["alternative_answers"].as_array().into_iter().flatten() {
            check_text("an alternative answer", a["text"].as_str().unwrap_or(""), &mut problems);
        }
    }
    for file in ["faq.md", "faq.html"] {
        let text = std::fs::read_to_string(out.join(file)).unwrap();
        for line in text.lines() {
            check_text(file, line, &mut problems);
        }
    }
    // The index: what a search for the people, their addresses and the artifacts finds.
    let index = out.join("index");
    for query in [
        "jane roe example com",
        "wrote",
        "next part scrubbed attachment",
        "mailing list listinfo",
        "Error in origin",
    ] {
        let o = common::run(&["search", "--index", p(&index), query, "--json"]);
        assert!(o.status.success(), "search failed: {}", String::from_utf8_lossy(&o.stderr));
        let v: Value = serde_json::from_slice(&o.stdout).expect("search --json prints one JSON object");
        check_text(&format!("the index's hits for {query:?}"), &v["hits"].to_string(), &mut problems);
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}
