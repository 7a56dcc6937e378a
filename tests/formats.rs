//! Help desk and chat app exports (Zendesk, Freshdesk, Intercom, Help Scout, WhatsApp,
//! Messenger): each fixture in `tests/data/formats/export/` reads into the conversations of
//! its JSONL twin in `tests/data/formats/twins/` (roles, internal notes, order, timestamps,
//! authors), bad records are diagnostics naming file, line and field, and a directory of all
//! of them is one export.

use std::path::{Path, PathBuf};

use faqmine::ingest::{read_bytes, read_path, read_path_with, IngestOptions, Ingested};
use faqmine::{Conversation, Miner, Role};

fn data(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/formats").join(rel)
}

fn read(rel: &str) -> Ingested {
    read_path(data(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn twin(name: &str) -> Vec<Conversation> {
    let got = read(&format!("twins/{name}.jsonl"));
    assert!(got.diagnostics.is_empty(), "twin {name}: {:?}", got.diagnostics);
    got.conversations
}

/// What a conversation says, without its id: (role, text, time, author) per message.
type Said = (Option<String>, Vec<(Role, String, Option<String>, Option<String>)>);

fn said(c: &Conversation) -> Said {
    let messages = c
        .messages
        .iter()
        .map(|m| {
            let time = m.timestamp.map(|t| t.format(&time::format_description::well_known::Rfc3339).unwrap());
            (m.role, m.text.clone(), time, m.author.clone())
        })
        .collect();
    (c.channel.as_ref().map(|ch| ch.as_str().to_string()), messages)
}

/// Help desk conversations: the same ids and the same messages as the twin.
fn assert_same(got: &[Conversation], want: &[Conversation]) {
    let ids: Vec<&str> = got.iter().map(|c| c.id.as_str()).collect();
    let want_ids: Vec<&str> = want.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, want_ids);
    for (g, w) in got.iter().zip(want) {
        assert_eq!(said(g), said(w), "conversation {}", g.id);
    }
}

/// Chat conversations: ids are hashed, so they are compared in time order, and each id is
/// `<app>-<12 hex>#<n>`.
fn assert_same_chats(got: &[Conversation], want: &[Conversation], app: &str) {
    let ordered = |cs: &[Conversation]| {
        let mut v: Vec<Said> = cs.iter().map(said).collect();
        v.sort_by(|a, b| a.1.iter().find_map(|m| m.2.clone()).cmp(&b.1.iter().find_map(|m| m.2.clone())));
        v
    };
    assert_eq!(ordered(got), ordered(want));
    for c in got {
        let (base, n) = c.id.split_once('#').unwrap_or_else(|| panic!("id {}", c.id));
        let hex = base.strip_prefix(&format!("{app}-")).unwrap_or_else(|| panic!("id {}", c.id));
        assert!(hex.len() == 12 && hex.bytes().all(|b| b.is_ascii_hexdigit()), "id {}", c.id);
        assert!(n.parse::<u32>().is_ok_and(|n| n >= 1), "id {}", c.id);
    }
}

fn diagnostics(got: &Ingested) -> Vec<String> {
    got.diagnostics
        .iter()
        .map(|d| {
            let file = d.path.file_name().unwrap().to_string_lossy().into_owned();
            format!("{file}:{}:{}", d.line, d.field.as_deref().unwrap_or("-"))
        })
        .collect()
}

#[test]
fn zendesk_tickets_read_as_their_twin_with_notes_and_bots_kept_out() {
    let json = read("export/zendesk/tickets.json");
    let jsonl = read("export/zendesk/tickets-ur.jsonl");
    let mut got = json.conversations.clone();
    got.extend(jsonl.conversations.clone());
    assert_same(&got, &twin("zendesk"));
    assert_eq!(
        diagnostics(&json),
        ["tickets.json:52:comments[3].body", "tickets.json:52:comments[3].created_at", "tickets.json:92:id"],
        "{:#?}",
        json.diagnostics
    );
    assert_eq!(
        diagnostics(&jsonl),
        ["tickets-ur.jsonl:2:-", "tickets-ur.jsonl:3:-"],
        "{:#?}",
        jsonl.diagnostics
    );
    assert_eq!((json.records_read, json.records_skipped), (3, 1));
    let notes: Vec<&faqmine::Message> =
        got.iter().flat_map(|c| &c.messages).filter(|m| m.metadata.contains_key("note")).collect();
    assert_eq!(notes.len(), 2);
    assert!(notes.iter().all(|m| m.role == Role::System));
}

#[test]
fn freshdesk_intercom_and_help_scout_read_as_their_twins() {
    let fd = read("export/freshdesk/tickets.json");
    assert_same(&fd.conversations, &twin("freshdesk"));
    assert_eq!(diagnostics(&fd), ["tickets.json:43:conversations[1]"], "{:#?}", fd.diagnostics);
    let ic = read("export/intercom/conversations.jsonl");
    assert_same(&ic.conversations, &twin("intercom"));
    assert_eq!(diagnostics(&ic), ["conversations.jsonl:3:-"], "{:#?}", ic.diagnostics);
    // Help Scout lists threads newest first; they come back in time order.
    let hs = read("export/helpscout/conversations.json");
    assert_same(&hs.conversations, &twin("helpscout"));
    assert!(hs.diagnostics.is_empty(), "{:#?}", hs.diagnostics);
}

#[test]
fn whatsapp_chats_split_at_silences_with_the_business_found_across_chats() {
    let got = read("export/whatsapp");
    assert_same_chats(&got.conversations, &twin("whatsapp"), "whatsapp");
    // The business is in every chat: no guess to report.
    assert!(got.diagnostics.is_empty(), "{:#?}", got.diagnostics);
    assert_eq!(got.records_read, 25);
}

#[test]
fn one_chat_alone_names_its_business_by_support_or_by_a_reported_guess() {
    let path = data("export/whatsapp/WhatsApp Chat with Jordan Blake.txt");
    let named = read_path_with(&path, &IngestOptions { support: vec![" lumen shop ".into()] }).unwrap();
    assert!(named.diagnostics.is_empty(), "{:#?}", named.diagnostics);
    let agents: Vec<&str> = named
        .conversations
        .iter()
        .flat_map(|c| &c.messages)
        .filter(|m| m.role == Role::Agent)
        .filter_map(|m| m.author.as_deref())
        .collect();
    assert_eq!(agents, ["Lumen Shop", "Lumen Shop"]);
    let guessed = read_path(&path).unwrap();
    assert_eq!(
        guessed.conversations.iter().map(said).collect::<Vec<_>>(),
        named.conversations.iter().map(said).collect::<Vec<_>>()
    );
    assert_eq!(guessed.diagnostics.len(), 1);
    assert!(guessed.diagnostics[0].message.contains("`Lumen Shop`"), "{}", guessed.diagnostics[0]);
    // Told the other one is the business, the roles follow.
    let other = read_path_with(&path, &IngestOptions { support: vec!["Jordan Blake".into()] }).unwrap();
    assert!(other.conversations[0]
        .messages
        .iter()
        .all(|m| m.author.as_deref() != Some("Jordan Blake") || m.role != Role::Customer));
}

#[test]
fn messenger_threads_are_decoded_and_put_in_time_order() {
    let got = read("export/messenger");
    assert_same_chats(&got.conversations, &twin("messenger"), "messenger");
    assert!(got.conversations.iter().any(|c| c.messages.iter().any(|m| m.text.starts_with("Dạ còn"))));
}

#[test]
fn a_directory_of_every_format_is_one_export() {
    let got = read("export");
    let want: usize = ["zendesk", "freshdesk", "intercom", "helpscout", "whatsapp", "messenger"]
        .iter()
        .map(|n| twin(n).len())
        .sum();
    assert_eq!(got.conversations.len(), want, "{}", got.summary());
    // Internal notes, bots and events are never customer questions or agent answers.
    for c in &got.conversations {
        for m in &c.messages {
            if m.metadata.contains_key("note") || m.metadata.contains_key("event") {
                assert_eq!(m.role, Role::System, "{}: {:?}", c.id, m.text);
            }
            if ["Fin", "Answer Bot"].contains(&m.author.as_deref().unwrap_or("")) {
                assert_eq!(m.role, Role::Bot, "{}: {:?}", c.id, m.text);
            }
        }
    }
    // Mined, nothing personal reaches the FAQ.
    let faqs = Miner::builder().min_support(2).build().unwrap().mine(&got.conversations).unwrap();
    let json = serde_json::to_string(&faqs).unwrap();
    for secret in [
        "thu.ha.nguyen",
        "0903 418 275",
        "010-4477",
        "0300 7654321",
        "06 12 48 93 07",
        "4455667",
        "priya.raman",
        "07 81 22 93 40",
        "sam.okafor",
        "0935 214 876",
        "06 44 18 72 90",
        "5566778",
        "jordan.blake",
        "0912 345 678",
        "LS-77120",
    ] {
        assert!(!json.contains(secret), "{secret} reached faq.json");
    }
}

#[test]
fn formats_are_told_by_content_whatever_the_file_is_called() {
    let options = IngestOptions::default();
    let chat = std::fs::read(data("export/whatsapp/WhatsApp Chat with Jordan Blake.txt")).unwrap();
    let named = read_bytes("Jordan.txt", &chat, &options);
    let bare = read_bytes("export", &chat, &options);
    assert_eq!(named.conversations.len(), 2);
    assert_eq!(
        bare.conversations.iter().map(said).collect::<Vec<_>>(),
        named.conversations.iter().map(said).collect::<Vec<_>>()
    );
    let tickets = std::fs::read(data("export/zendesk/tickets.json")).unwrap();
    assert_eq!(read_bytes("tickets.txt", &tickets, &options).conversations.len(), 2);
    assert_eq!(read_bytes("download", &tickets, &options).conversations.len(), 2);
    // JSON Lines under a .json name.
    let lines = std::fs::read(data("export/intercom/conversations.jsonl")).unwrap();
    assert_eq!(read_bytes("conversations.json", &lines, &options).conversations.len(), 2);
}

#[test]
fn hostile_chat_and_help_desk_inputs_never_panic() {
    let options = IngestOptions::default();
    let inputs: [&[u8]; 9] = [
        b"[",
        b"{\"tickets\": 5}",
        b"{\"comments\": [1, null, {\"public\": \"no\"}]}",
        b"{\"id\": 1, \"conversation_parts\": {\"conversation_parts\": [null, 3]}}",
        b"{\"participants\": [], \"messages\": [{\"sender_name\": \"\\u00e1\", \"timestamp_ms\": -99999999999999999}]}",
        b"99/99/9999, 99:99 - A: x\n",
        b"31/12/2023, 9:41 PM - : \n\n\n",
        "1/1/1, 1:00 - \u{202e}A\u{202c}: x\n0/0/00, 0:00 - B: y\n".as_bytes(),
        b"[1, \"two\", [3], {\"_embedded\": {\"threads\": [{}]}}]",
    ];
    for input in inputs {
        for name in ["x.json", "x.txt", "x.jsonl", "x"] {
            let got = read_bytes(name, input, &options);
            assert!(got.records_skipped <= got.records_read, "{name}");
        }
    }
}

/// Entry id to message count, mined on words only (no sentence model).
fn entries(conversations: &[Conversation]) -> std::collections::BTreeMap<String, u32> {
    let faqs = Miner::builder().build().unwrap().mine(conversations).unwrap();
    faqs.entries.iter().map(|e| (e.id.clone(), e.message_count)).collect()
}

#[test]
fn the_demo_exported_to_zendesk_and_whatsapp_mines_to_the_same_entries() {
    let demo = read_path(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data/conversations.jsonl"))
        .unwrap()
        .conversations;
    let want = entries(&demo);
    assert!(want.len() >= 10, "the demo mines to {} entries", want.len());
    let zendesk = read("demo/zendesk");
    assert!(zendesk.diagnostics.is_empty(), "{:#?}", zendesk.diagnostics);
    assert_eq!(zendesk.conversations.len(), demo.len());
    assert_eq!(entries(&zendesk.conversations), want, "ids and message counts");
    // WhatsApp carries the chats; the email threads are not in that export.
    let chats: Vec<Conversation> =
        demo.into_iter().filter(|c| c.channel == Some(faqmine::Channel::Chat)).collect();
    let whatsapp = read("demo/whatsapp");
    assert!(whatsapp.diagnostics.is_empty(), "{:#?}", whatsapp.diagnostics);
    assert_eq!(whatsapp.conversations.len(), chats.len());
    assert_eq!(entries(&whatsapp.conversations), entries(&chats), "ids and message counts");
}

#[test]
fn the_committed_demo_exports_are_what_the_script_writes() {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/export-demo.py");
    match std::process::Command::new("python3").arg(&script).arg("--check").output() {
        Ok(out) => assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr)),
        Err(e) => eprintln!("skipped: python3 not found ({e})"),
    }
}
