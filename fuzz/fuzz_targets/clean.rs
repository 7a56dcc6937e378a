//! The cleaner on arbitrary text: never a panic, whatever the role or the entry point.
#![no_main]

use faqmine::clean::{clean_message, html_to_text, mask_personal_data};
use faqmine::Role;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let c = clean_message(&text, Role::Customer);
    // Cleaning is idempotent enough not to panic on its own output either.
    let _ = clean_message(&c.body, Role::Agent);
    let _ = html_to_text(&text);
    let _ = mask_personal_data(&text);
});
