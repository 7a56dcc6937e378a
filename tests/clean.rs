//! Cleaner cases as mail clients and chat tools write them, one data file per language
//! (`tests/data/clean/*.txt`, format in its README), plus robustness checks.

use std::path::{Path, PathBuf};

use faqmine::clean::{clean_conversation, clean_message, mask_personal_data};
use faqmine::{Conversation, Message, Role};
use unicode_normalization::UnicodeNormalization;

struct Case {
    file: PathBuf,
    name: String,
    role: Role,
    input: String,
    body: String,
    question: String,
}

fn unescape(s: &str) -> String {
    s.replace("{NBSP}", "\u{a0}").replace("{NNBSP}", "\u{202f}")
}

fn load(file: &Path) -> Vec<Case> {
    let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let mut cases = Vec::new();
    for chunk in text.split("\n### ").map(|c| c.trim_start_matches("### ")) {
        if chunk.trim().is_empty() {
            continue;
        }
        let (name, rest) = chunk.split_once('\n').unwrap_or((chunk, ""));
        // A section starts at a line that is exactly `--- KEY` for a known key, so that
        // content such as Gmail's "---------- Forwarded message ---------" stays content.
        let mut sections = std::collections::HashMap::new();
        let mut key: Option<&str> = None;
        let mut value: Vec<&str> = Vec::new();
        for line in rest.lines().chain(["--- end"]) {
            let header = line
                .strip_prefix("--- ")
                .filter(|k| ["input", "body", "question", "role", "end"].contains(k));
            if let Some(k) = header {
                if let Some(prev) = key.take() {
                    sections.insert(prev.to_string(), unescape(&value.join("\n")));
                }
                key = Some(k);
                value.clear();
            } else {
                value.push(line);
            }
        }
        let get = |k: &str| {
            sections
                .get(k)
                .cloned()
                .unwrap_or_else(|| panic!("{}: case `{name}` has no `--- {k}` section", file.display()))
        };
        let role = match sections.get("role").map(|r| r.trim()) {
            None | Some("customer") => Role::Customer,
            Some("agent") => Role::Agent,
            Some(other) => panic!("{}: case `{name}`: unknown role `{other}`", file.display()),
        };
        cases.push(Case {
            file: file.to_path_buf(),
            name: name.trim().to_string(),
            role,
            input: get("input"),
            body: get("body").trim_end().to_string(),
            question: get("question").trim_end().to_string(),
        });
    }
    cases
}

/// Runs every case of one language file; the failure message names the file and the case.
fn check(lang: &str) -> usize {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/clean").join(format!("{lang}.txt"));
    let cases = load(&file);
    assert!(
        cases.len() >= 8,
        "{}: only {} cases; each language keeps at least 8",
        file.display(),
        cases.len()
    );
    let mut failures = Vec::new();
    for c in &cases {
        for (form, input) in [("as written", c.input.clone()), ("decomposed (NFD)", c.input.nfd().collect())]
        {
            let got = clean_message(&input, c.role);
            if got.body != c.body {
                failures.push(format!(
                    "{} case `{}` ({form}): body\n  want: {:?}\n  got:  {:?}",
                    c.file.display(),
                    c.name,
                    c.body,
                    got.body
                ));
            }
            if got.question != c.question {
                failures.push(format!(
                    "{} case `{}` ({form}): question\n  want: {:?}\n  got:  {:?}",
                    c.file.display(),
                    c.name,
                    c.question,
                    got.question
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{} failing:\n{}", failures.len(), failures.join("\n"));
    println!("{lang}: {} cases passed", cases.len());
    cases.len()
}

#[test]
fn english_cases() {
    check("en");
}

#[test]
fn french_cases() {
    check("fr");
}

#[test]
fn vietnamese_cases() {
    check("vi");
}

#[test]
fn urdu_cases() {
    check("ur");
}

#[test]
fn personal_data_table() {
    let cases: &[(&str, &str)] = &[
        ("write to anna.b+shop@example.co.uk today", "write to ⟨email⟩ today"),
        ("FR mobile 06 12 34 56 78", "FR mobile ⟨phone⟩"),
        ("FR landline 01.42.68.53.00", "FR landline ⟨phone⟩"),
        ("VN 0912345678 or +84 912 345 678", "VN ⟨phone⟩ or ⟨phone⟩"),
        ("PK 0300 1234567", "PK ⟨phone⟩"),
        ("US +1 (415) 555-0132", "US ⟨phone⟩"),
        ("UK 020 7946 0958", "UK ⟨phone⟩"),
        ("card 5500-0000-0000-0004 expired", "card ⟨card⟩ expired"),
        ("IBAN GB29 NWBK 6016 1331 9268 19", "IBAN ⟨iban⟩"),
        ("order number: A7X-99812", "order number: ⟨order⟩"),
        ("ticket #48213 is open", "ticket ⟨order⟩ is open"),
        ("account no. 00123456", "account no. ⟨account⟩"),
        ("tracking 1Z999AA10123456784", "tracking ⟨order⟩"),
        ("reference 998877665544 please", "reference ⟨order⟩ please"),
        ("stray long number 123456789012", "stray long number ⟨number⟩"),
        ("https://shop.example/account/orders?id=55&sig=9f8e7d", "⟨url⟩"),
        ("see https://shop.example/faq/returns", "see https://shop.example/faq/returns"),
        ("hi my name is george smith and i want a quote", "hi my name is ⟨name⟩ and i want a quote"),
        ("my name is wrong on the invoice", "my name is wrong on the invoice"),
        ("em tên là lan, cho em hỏi", "em tên là ⟨name⟩, cho em hỏi"),
        // What must survive: dates, times, prices, quantities, years.
        (
            "on 2024-06-03 at 10:30, 3 items for 1 250 000 đ",
            "on 2024-06-03 at 10:30, 3 items for 1 250 000 đ",
        ),
        ("le 03/06/2024 pour 49,90 €", "le 03/06/2024 pour 49,90 €"),
        ("order status", "order status"),
    ];
    let mut failures = Vec::new();
    for (input, want) in cases {
        let got = mask_personal_data(input);
        if got != *want {
            failures.push(format!("mask_personal_data({input:?})\n  want: {want:?}\n  got:  {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn conversation_cleaning_masks_participant_names() {
    let mut customer = Message::new(Role::Customer, "Geraldine here again: where is my parcel?\n\nGeraldine");
    customer.author = Some("Geraldine Okafor <g.okafor@example.com>".into());
    let mut agent = Message::new(Role::Agent, "Hello Geraldine, it left our warehouse today.");
    agent.author = Some("Acme Support <support@acme-shop.com>".into());
    let mut customer2 = Message::new(Role::Customer, "Thanks Nina! Is Acme open on Sunday?");
    customer2.author = Some("Geraldine Okafor <g.okafor@example.com>".into());
    let mut agent2 = Message::new(Role::Agent, "Yes, Acme stores open at 10.");
    agent2.author = Some("Nina Kowalski <nina@acme-shop.com>".into());
    let conv = Conversation::new("t1", vec![customer, agent, customer2, agent2]);
    let cleaned = clean_conversation(&conv);
    assert_eq!(
        cleaned[0].body, "⟨name⟩ here again: where is my parcel?",
        "bare name signature cut, name masked"
    );
    assert_eq!(cleaned[1].body, "Hello ⟨name⟩, it left our warehouse today.");
    // The agent's name is personal; the shop's name (in the team's name and the agent's
    // domain) is not.
    assert_eq!(cleaned[2].body, "Thanks ⟨name⟩! Is Acme open on Sunday?");
    assert_eq!(cleaned[2].question, "Is Acme open on Sunday?");
    assert_eq!(cleaned[3].body, "Yes, Acme stores open at 10.");
}

#[test]
fn long_and_hostile_input_is_cleaned_quickly_and_without_panic() {
    // An unanchored reply-header pattern takes minutes on this; anchored patterns take
    // milliseconds. No timing is asserted here (benches do that); a regression shows as a
    // test that hangs.
    let line = "On Mon wrote on on on Le Le a écrit Vào đã viết ".repeat(200);
    let text = format!("{line}\n").repeat(100);
    let got = clean_message(&text, Role::Customer);
    assert!(!got.body.is_empty());
    let garbage: String = (0..20_000u32).filter_map(|i| char::from_u32((i * 7919) % 0x2FFFF)).collect();
    let _ = clean_message(&garbage, Role::Agent);
    for s in ["", "\n\n\n", ">", "-- ", "<", "&", "&#xFFFFFFFF;", "<blockquote>", "</div></div>"] {
        let _ = clean_message(s, Role::Customer);
    }
}

#[test]
fn history_quoted_without_any_marker_is_cut_with_conversation_context() {
    let agent = "Votre colis a été remis au transporteur ce matin.\n\
                 Le numéro de suivi vous sera envoyé par SMS dans la journée.\n\
                 Vous pourrez suivre la livraison depuis votre espace client.";
    // A client that quotes with a header in a language the rules do not know.
    let customer = format!(
        "Je n'ai toujours reçu aucun SMS, est-ce normal ?\n\nAm Montag schrieb die Boutique folgendes\n{agent}"
    );
    let conv = Conversation::new(
        "h1",
        vec![
            Message::new(Role::Customer, "Où en est ma commande ?"),
            Message::new(Role::Agent, agent),
            Message::new(Role::Customer, customer.clone()),
        ],
    );
    let cleaned = clean_conversation(&conv);
    assert_eq!(
        cleaned[2].body,
        "Je n'ai toujours reçu aucun SMS, est-ce normal ?\n\nAm Montag schrieb die Boutique folgendes"
    );
    // Message by message, the same text keeps the repeated history (no context).
    assert!(clean_message(&customer, Role::Customer).body.contains("remis au transporteur"));
}

/// `tests/data/clean/personal.txt`: personal data as clients write it in each language, and
/// what must survive (error codes, dates, prices, sizes).
#[test]
fn personal_data_by_language() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/clean/personal.txt");
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let mut per_language: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
    let mut failures = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let parts: Vec<&str> = line.split(" | ").collect();
        assert_eq!(parts.len(), 3, "{}:{}: want `lang | input | expected`", file.display(), n + 1);
        let (lang, input, want) = (parts[0].trim(), parts[1], parts[2]);
        let want = if want == "=" { input } else { want };
        let counts = per_language.entry(lang).or_default();
        if want == input {
            counts.1 += 1;
        } else {
            counts.0 += 1;
        }
        let got = mask_personal_data(input);
        if got != want {
            failures.push(format!(
                "{}:{} [{lang}]\n  input: {input}\n  want:  {want}\n  got:   {got}",
                file.display(),
                n + 1
            ));
        }
    }
    for lang in ["en", "fr", "vi", "ur"] {
        let (masked, kept) = per_language.get(lang).copied().unwrap_or_default();
        assert!(
            masked >= 4 && kept >= 2,
            "{}: [{lang}] has {masked} cases to mask and {kept} to keep; keep at least 4 and 2",
            file.display()
        );
    }
    assert!(failures.is_empty(), "{} failing:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn a_line_with_only_a_participants_name_starts_a_signature() {
    let mut customer = Message::new(
        Role::Customer,
        "C'est envoyé. Combien de jours faut-il pour recevoir le remboursement ?\n\n\
         Julien Moreau\nResponsable achats - Moreau & Fils\nTél. : +33 6 45 12 98 70",
    );
    customer.author = Some("\"Moreau, Julien\" <julien.moreau@outlook.fr>".into());
    // A name inside the text, followed by more questions, is not a signature.
    let mut customer2 = Message::new(Role::Customer, "Bonjour,\n\nJulien\n\nOù en est le remboursement ?");
    customer2.author = customer.author.clone();
    let cleaned = clean_conversation(&Conversation::new("s1", vec![customer, customer2]));
    assert_eq!(cleaned[0].body, "C'est envoyé. Combien de jours faut-il pour recevoir le remboursement ?");
    assert_eq!(cleaned[1].body, "Bonjour,\n\n⟨name⟩\n\nOù en est le remboursement ?");
}

#[test]
fn participant_names_are_masked_as_typed_in_capitals_and_without_diacritics() {
    let mut customer = Message::new(
        Role::Customer,
        "chao shop, Tran Thi Lan day, don hang cua em bao gio giao a?\n\nTRẦN THỊ LAN\nĐà Nẵng",
    );
    customer.author = Some("Trần Thị Lan <lan.tran@gmail.com>".into());
    let cleaned = clean_conversation(&Conversation::new("v1", vec![customer]));
    assert_eq!(cleaned[0].body, "chao shop, ⟨name⟩ day, don hang cua em bao gio giao a?");
}

#[test]
fn mailing_list_cases() {
    check("mail");
}

#[test]
fn customers_mails_that_only_thank_are_no_questions() {
    let mut messages = vec![
        Message::new(Role::Customer, "How do I keep the row names when I write the table to a file?"),
        Message::new(Role::Agent, "Pass row.names = TRUE to write.table; it is the default."),
        Message::new(
            Role::Customer,
            "Thanks to all. Editing the line as you said worked.\n\n\t[[alternative HTML version deleted]]",
        ),
        Message::new(Role::Customer, "Very interesting!"),
        Message::new(Role::Customer, "Thanks, but it still drops them when I append. Why?"),
    ];
    messages[0].author = Some("Ana Lima <ana at example.org>".into());
    let mut thread = Conversation::new("t", messages);
    thread.channel = Some(faqmine::Channel::Email);
    let cleaned = clean_conversation(&thread);
    assert!(!cleaned[0].question.is_empty() && !cleaned[1].body.is_empty());
    assert_eq!((cleaned[2].body.as_str(), cleaned[2].question.as_str()), ("", ""), "a thank-you");
    assert_eq!(cleaned[3].question, "", "a reaction is no question");
    assert!(cleaned[4].question.contains("still drops"), "a new problem stays: {:?}", cleaned[4]);
}
