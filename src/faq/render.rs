//! FAQ sets rendered for people: Markdown and a self-contained HTML page.

use std::fmt::Write;

use super::FaqSet;

/// The set as Markdown, one section per entry, most asked first.
pub fn render_markdown(set: &FaqSet) -> String {
    let mut out = String::from("# Frequently asked questions\n\n");
    for e in &set.entries {
        let _ = writeln!(out, "## {}\n", e.question);
        match &e.answer {
            Some(a) => {
                let _ = writeln!(out, "{a}\n");
            }
            None => out.push_str("_No agent answer yet._\n\n"),
        }
        let _ =
            writeln!(out, "_Asked {} times in {} conversations._\n", e.message_count, e.conversation_count);
    }
    out
}

/// The set as one self-contained HTML page (no network access needed to view it).
pub fn render_html(set: &FaqSet) -> String {
    let mut out = String::from("<!doctype html><meta charset=\"utf-8\"><title>FAQ</title><h1>FAQ</h1>\n");
    for e in &set.entries {
        let _ = writeln!(
            out,
            "<section><h2>{}</h2><p>{}</p></section>",
            escape(&e.question),
            escape(e.answer.as_deref().unwrap_or("(no answer yet)"))
        );
    }
    out
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
