//! The cleaner on arbitrary text: never a panic, whatever the role or the entry point.
#![no_main]

use faqmine::clean::{clean_conversation, clean_message, html_to_text, mask_personal_data, question_unit};
use faqmine::{Conversation, Message, Role};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let c = clean_message(&text, Role::Customer);
    // Cleaning is idempotent enough not to panic on its own output either.
    let _ = clean_message(&c.body, Role::Agent);
    let _ = html_to_text(&text);
    let _ = mask_personal_data(&text);
    // The question unit, with the first line as the subject: pasted lines, sentences, cuts.
    let unit = question_unit(&c.question, text.lines().next(), &[]);
    assert!(unit.chars().count() <= 200, "a question unit stays short: {unit:?}");
    // The same text as a conversation: messages split at NUL bytes, roles alternating, the
    // first line of each message as its author (participant names, repeated history).
    let messages: Vec<Message> = text
        .split('\0')
        .enumerate()
        .map(|(i, part)| {
            let role = if i % 2 == 0 { Role::Customer } else { Role::Agent };
            let mut m = Message::new(role, part);
            m.author = part.lines().next().map(str::to_string);
            m
        })
        .collect();
    let _ = clean_conversation(&Conversation::new("fuzz", messages));
});
