//! A faq.json as curators may leave it, read and shown: never a panic, whatever the text
//! (entries listed by no topic or by two, topics naming unknown entries, odd week labels).
#![no_main]

use faqmine::faq::{render_html, render_markdown, FaqSet};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(set) = FaqSet::from_json(&text) {
        let _ = render_markdown(&set);
        let _ = render_html(&set);
        let _ = set.topic_ids();
        let _ = FaqSet::from_json(&set.to_json());
    }
});
