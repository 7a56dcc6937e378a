//! The email readers (.eml, mbox and pipermail's `.txt` archives, whose obfuscated address
//! headers are rewritten before parsing) on arbitrary bytes: never a panic.
#![no_main]

use faqmine::ingest::{read_bytes, IngestOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = IngestOptions::default();
    let one = read_bytes("fuzz.eml", data, &options);
    let boxed = read_bytes("fuzz.mbox", data, &options);
    // As a pipermail archive: the same reader once the first line is a `From ` line, with
    // the `From: name at host (Name)` headers rewritten.
    let mut archived = b"From jane at example.com  Tue Jan 14 14:23:54 2025\nFrom: jane at example.com (J)\n".to_vec();
    archived.extend_from_slice(data);
    let _ = read_bytes("fuzz.txt", &archived, &options);
    // Every message the readers return has a role and an id; threading must not lose them.
    for c in one.conversations.iter().chain(&boxed.conversations) {
        assert!(!c.id.is_empty());
        assert!(!c.messages.is_empty());
    }
    let support = IngestOptions { support: vec!["@shop.example".into()] };
    let _ = read_bytes("fuzz.mbox", data, &support);
});
