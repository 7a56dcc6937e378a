//! The email readers (.eml and mbox) on arbitrary bytes: never a panic.
#![no_main]

use faqmine::ingest::{read_bytes, IngestOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = IngestOptions::default();
    let one = read_bytes("fuzz.eml", data, &options);
    let boxed = read_bytes("fuzz.mbox", data, &options);
    // Every message the readers return has a role and an id; threading must not lose them.
    for c in one.conversations.iter().chain(&boxed.conversations) {
        assert!(!c.id.is_empty());
        assert!(!c.messages.is_empty());
    }
    let support = IngestOptions { support: vec!["@shop.example".into()] };
    let _ = read_bytes("fuzz.mbox", data, &support);
});
