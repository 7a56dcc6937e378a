//! The help desk, Messenger and WhatsApp readers on arbitrary bytes: never a panic, every
//! record read or reported, and no chat or help desk conversation without messages.
#![no_main]

use faqmine::ingest::{read_bytes, IngestOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = IngestOptions::default();
    // `.json`: a whole document (help desk exports, Messenger); `.txt`: detected by content
    // (WhatsApp, or JSON); `.jsonl`: help desk records one a line.
    for name in ["fuzz.json", "fuzz.txt", "fuzz.jsonl"] {
        let got = read_bytes(name, data, &options);
        assert!(got.records_skipped <= got.records_read, "{name}: more skipped than read");
        for c in &got.conversations {
            assert!(!c.id.is_empty(), "{name}: empty id");
            assert!(!c.messages.is_empty(), "{name}: empty conversation `{}`", c.id);
        }
    }
    let business = IngestOptions { support: vec!["Lumen Shop".into()] };
    let _ = read_bytes("_chat.txt", data, &business);
});
