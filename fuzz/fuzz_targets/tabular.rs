//! The JSONL (formats 1 and 2) and CSV readers on arbitrary bytes: never a panic, and every
//! record is either read or reported.
#![no_main]

use faqmine::ingest::{read_bytes, IngestOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = IngestOptions::default();
    for name in ["fuzz.jsonl", "fuzz.csv"] {
        let got = read_bytes(name, data, &options);
        assert!(got.records_skipped <= got.records_read, "{name}: more skipped than read");
        for c in &got.conversations {
            assert!(!c.messages.is_empty(), "{name}: empty conversation `{}`", c.id);
        }
    }
});
