//! Reading whole exports: a mixed directory (eml, mbox, JSONL in both formats, CSV, broken
//! and unsupported files), email threading, roles, and inputs that must not crash.

use std::path::{Path, PathBuf};

use faqmine::clean::clean_message;
use faqmine::ingest::{read_bytes, read_path, read_path_with, Diagnostic, IngestOptions, Ingested, Severity};
use faqmine::{Channel, Conversation, Role};
use unicode_normalization::UnicodeNormalization;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ingest").join(name)
}

/// The conversation with id `id`, or, for email, the thread whose first message has the
/// Message-ID `id`.
fn conv<'a>(got: &'a Ingested, id: &str) -> &'a Conversation {
    let first_message_id = |c: &Conversation| c.messages[0].metadata.get("message_id").cloned();
    got.conversations
        .iter()
        .find(|c| c.id == id || first_message_id(c).as_deref() == Some(id))
        .unwrap_or_else(|| {
            let ids: Vec<&str> = got.conversations.iter().map(|c| c.id.as_str()).collect();
            panic!("no conversation `{id}`; have {ids:?}")
        })
}

fn roles(c: &Conversation) -> Vec<Role> {
    c.messages.iter().map(|m| m.role).collect()
}

/// The diagnostic for `file` (a path suffix) at `line`, or a failure that lists them all.
fn diag<'a>(got: &'a Ingested, file: &str, line: u64) -> &'a Diagnostic {
    got.diagnostics.iter().find(|d| d.path.ends_with(file) && d.line == line).unwrap_or_else(|| {
        let all: Vec<String> = got.diagnostics.iter().map(ToString::to_string).collect();
        panic!("no diagnostic for {file}:{line}; have:\n{}", all.join("\n"))
    })
}

fn support() -> IngestOptions {
    IngestOptions {
        support: vec!["@boutique.fr".into(), "cskh@shopabc.vn".into(), "support@acme-shop.com".into()],
    }
}

#[test]
fn mixed_directory_reads_all_good_data_and_names_every_problem() {
    let got = read_path_with(fixture("mixed"), &support()).unwrap();

    let mut ids: Vec<String> = got
        .conversations
        .iter()
        .map(|c| match c.channel {
            Some(Channel::Email) => {
                assert!(c.id.starts_with("email-") && !c.id.contains('@'), "email thread id `{}`", c.id);
                c.messages[0].metadata["message_id"].clone()
            }
            _ => c.id.clone(),
        })
        .collect();
    ids.sort();
    assert_eq!(
        ids,
        [
            "CAFr01.marie@mail.orange.fr",
            "chat-en-1",
            "chat-fr-1",
            "chat-vi-1",
            "cut@example.com",
            "en-q1@example.org",
            "en-q2@example.net",
            "flat-en-1",
            "flat-fr-1",
            "flat-ur-1",
            "vi-q1@mail.gmail.com",
        ],
        "every good conversation arrives; diagnostics: {:#?}",
        got.diagnostics
    );

    // Every problem names its file, and its line where the format has lines.
    assert!(diag(&got, "chat/conversations.jsonl", 3).message.contains("invalid JSON"));
    let role = got
        .diagnostics
        .iter()
        .find(|d| {
            d.path.ends_with("chat/conversations.jsonl") && d.field.as_deref() == Some("messages[1].role")
        })
        .expect("unknown role reported with its field");
    assert_eq!((role.line, role.severity), (4, Severity::Warning));
    assert!(role.to_string().contains("conversations.jsonl:4: field `messages[1].role`"), "{role}");
    assert_eq!(diag(&got, "chat/conversations.jsonl", 4).severity, Severity::Warning);
    assert!(diag(&got, "broken/garbage.eml", 1).message.contains("not an email"), "binary .eml");
    assert!(diag(&got, "broken/empty.csv", 0).message.contains("empty"));
    assert!(diag(&got, "notes.txt", 0).message.contains("unsupported"));
    assert!(diag(&got, ".hidden", 0).message.contains("hidden"));
    assert!(!got.conversations.iter().any(|c| c.id == "hidden"), "hidden files are not read");

    // 4 + 2 JSONL lines, 4 CSV rows, 3 + 1 .eml files, 7 mbox messages; the broken JSON
    // line and the binary .eml are skipped.
    assert_eq!((got.records_read, got.records_skipped), (21, 2), "{}", got.summary());

    // A bad message keeps its place as a system message; a bad timestamp keeps the message.
    let fr = conv(&got, "chat-fr-1");
    assert_eq!(roles(fr), [Role::Customer, Role::System, Role::Agent]);
    assert!(fr.messages[2].timestamp.is_none());

    // Format 2: grouped in file order, extra columns kept.
    let flat = conv(&got, "flat-fr-1");
    assert_eq!(roles(flat), [Role::Customer, Role::Agent]);
    assert_eq!(flat.messages[0].metadata.get("queue").map(String::as_str), Some("paiement"));
    assert_eq!(conv(&got, "flat-en-1").messages[0].metadata.get("locale").map(String::as_str), Some("en-GB"));
}

#[test]
fn email_thread_over_three_files_is_one_conversation_in_date_order() {
    let got = read_path_with(fixture("mixed/mail/fr"), &support()).unwrap();
    assert!(got.diagnostics.is_empty(), "{:#?}", got.diagnostics);
    assert_eq!(got.conversations.len(), 1);
    let t = &got.conversations[0];
    assert_eq!(t.channel, Some(Channel::Email));
    assert_eq!(roles(t), [Role::Customer, Role::Agent, Role::Customer]);
    let times: Vec<_> = t.messages.iter().map(|m| m.timestamp.expect("dated")).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "messages ordered by date: {times:?}");
    assert_eq!(
        t.messages[0].metadata.get("subject").map(String::as_str),
        Some("Colis abîmé"),
        "RFC 2047 subject"
    );

    // windows-1252 quoted-printable, then cleaning: the question whole, nothing signed.
    let first = clean_message(&t.messages[0].text, Role::Customer);
    assert_eq!(
        first.question,
        "J'ai reçu mon colis ce matin mais le carton était abîmé et le vase est cassé.\n\
         Peut-on avoir un remboursement ou un renvoi ?"
    );
    // HTML-only agent reply: no tag, no entity, no Outlook header block, no name.
    let answer = clean_message(&t.messages[1].text, Role::Agent);
    assert_eq!(
        answer.body,
        "Bonjour Madame ⟨name⟩,\n\nNous sommes désolés. Envoyez-nous une photo du colis et nous vous renverrons un vase sous 48\u{a0}h."
    );
    // base64 part of a multipart with an attachment; the quoted reply is cut.
    let last = clean_message(&t.messages[2].text, Role::Customer);
    assert_eq!(last.question, "Voici la photo. Combien de temps faut-il pour le renvoi ?");
}

#[test]
fn mbox_threads_by_references_and_by_reply_subject() {
    let got = read_path_with(fixture("mixed/mail/support.mbox"), &support()).unwrap();
    let vi = conv(&got, "vi-q1@mail.gmail.com");
    assert_eq!(roles(vi), [Role::Customer, Role::Agent]);
    // Decomposed Vietnamese in the mail; the cleaner composes it before matching.
    let q = clean_message(&vi.messages[0].text, Role::Customer);
    assert_eq!(q.question, "Cho em hỏi đơn hàng ⟨order⟩ của em bao giờ được giao ạ?");
    let a = clean_message(&vi.messages[1].text, Role::Agent);
    assert_eq!(a.body, "Dạ chào chị ⟨name⟩,\n\nĐơn hàng của chị sẽ được giao trong 2-3 ngày ạ.");

    // "Re: Password reset" without references joins Tom's thread (shared participant),
    // not Priya's, which has the same subject.
    let tom = conv(&got, "en-q1@example.org");
    assert_eq!(roles(tom), [Role::Customer, Role::Agent]);
    assert!(tom.messages[0].text.contains("\nFrom then on"), "a body `From ` line is body");
    assert_eq!(
        clean_message(&tom.messages[0].text, Role::Customer).question,
        "The password reset email never arrives. Could you send it again?\nFrom then on I will check my spam folder."
    );
    let priya = conv(&got, "en-q2@example.net");
    assert_eq!(roles(priya), [Role::Customer, Role::Agent]);
    // The truncated MIME message is read as far as it goes.
    assert!(conv(&got, "cut@example.com").messages[0].text.contains("Where is my refund?"));
}

#[test]
fn roles_are_inferred_when_no_support_address_is_given() {
    let with = read_path_with(fixture("mixed/mail"), &support()).unwrap();
    let without = read_path(fixture("mixed/mail")).unwrap();
    for (a, b) in with.conversations.iter().zip(&without.conversations) {
        assert_eq!(a.id, b.id);
        assert_eq!(roles(a), roles(b), "thread `{}`: inferred roles differ from configured ones", a.id);
    }
}

fn mail(id: &str, from: &str, subject: &str, date: &str, extra: &str, body: &str) -> String {
    format!(
        "From {from} Mon Jun  3 10:00:00 2024\nFrom: {from}\nTo: help@shop.example\nSubject: {subject}\n\
         Date: {date}\nMessage-ID: <{id}>\n{extra}\n{body}\n\n"
    )
}

#[test]
fn threading_table() {
    struct Case {
        name: &'static str,
        mbox: String,
        /// Expected threads: the message ids of each, in order.
        threads: &'static [&'static [&'static str]],
    }
    let d = |h: u32| format!("Mon, 3 Jun 2024 {h:02}:00:00 +0000");
    let cases = [
        Case {
            name: "replies to a missing message are still one thread",
            mbox: [
                mail("r1@x", "a@x.com", "Re: lost", &d(10), "In-Reply-To: <gone@x>\n", "one"),
                mail("r2@x", "help@shop.example", "Re: lost", &d(11), "References: <gone@x>\n", "two"),
            ]
            .concat(),
            threads: &[&["r1@x", "r2@x"]],
        },
        Case {
            name: "same subject without reply prefix: two threads",
            mbox: [
                mail("a@x", "a@x.com", "Refund", &d(10), "", "mine?"),
                mail("b@y", "b@y.com", "Refund", &d(11), "", "mine too?"),
            ]
            .concat(),
            threads: &[&["a@x"], &["b@y"]],
        },
        Case {
            name: "messages ordered by date, not by position in the mailbox",
            mbox: [
                mail("m3@x", "a@x.com", "Re: Late", &d(12), "References: <m1@x> <m2@x>\n", "third"),
                mail("m1@x", "a@x.com", "Late", &d(10), "", "first"),
                mail("m2@x", "help@shop.example", "Re: Late", &d(11), "In-Reply-To: <m1@x>\n", "second"),
            ]
            .concat(),
            threads: &[&["m1@x", "m2@x", "m3@x"]],
        },
        Case {
            name: "French TR: prefix joins by subject when participants overlap",
            mbox: [
                mail("f1@x", "a@x.com", "Facture", &d(10), "", "où ?"),
                mail("f2@x", "help@shop.example", "TR : Facture", &d(11), "", "ici"),
            ]
            .concat(),
            threads: &[&["f1@x", "f2@x"]],
        },
    ];
    for c in cases {
        let got = read_bytes("case.mbox", c.mbox.as_bytes(), &IngestOptions::default());
        let mut threads: Vec<Vec<String>> = got
            .conversations
            .iter()
            .map(|t| t.messages.iter().map(|m| m.metadata["message_id"].clone()).collect())
            .collect();
        threads.sort();
        let want: Vec<Vec<String>> =
            c.threads.iter().map(|t| t.iter().map(|s| s.to_string()).collect()).collect();
        assert_eq!(threads, want, "case `{}`; diagnostics {:?}", c.name, got.diagnostics);
    }
}

#[test]
fn duplicate_ids_keep_the_first_and_say_where_it_was() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.jsonl"),
        r#"{"id":"c1","messages":[{"role":"customer","text":"first"}]}"#,
    )
    .unwrap();
    std::fs::write(dir.path().join("b.csv"), "conversation_id,role,text\nc1,customer,second\n").unwrap();
    let m = mail("same@x", "a@x.com", "Hi", "Mon, 3 Jun 2024 10:00:00 +0000", "", "body");
    std::fs::write(dir.path().join("c.mbox"), format!("{m}{m}")).unwrap();
    let got = read_path(dir.path()).unwrap();
    assert_eq!(got.conversations.len(), 2);
    assert_eq!(conv(&got, "c1").messages[0].text, "first");
    let d = diag(&got, "b.csv", 2);
    assert!(d.message.contains("duplicate conversation id `c1`") && d.message.contains("a.jsonl:1"), "{d}");
    let d = diag(&got, "c.mbox", 11);
    assert!(d.message.contains("duplicate Message-ID"), "{d}");
    assert_eq!(got.records_skipped, 2);
}

#[test]
fn hostile_inputs_never_panic() {
    let inputs: &[&[u8]] = &[
        b"",
        b"\n\n\n",
        b"\xff\xfe\x00\x00garbage\xc3\x28",
        b"From \n",
        b"From x\nContent-Type: multipart/mixed; boundary=\"\"\n\n--\n--\n",
        b"Content-Type: text/html\n\n<blockquote><blockquote><div class=gmail_quote>",
        b"{\"id\":1,\"messages\":[{\"role\":\"customer\",\"text\":\"\\ud800\"}]}",
        b"conversation_id,role,text\n\"unterminated,customer,x\n",
        b"\xef\xbb\xbfconversation_id,role,text\nc,customer,\xff\n",
    ];
    for input in inputs {
        for name in ["x.eml", "x.mbox", "x.jsonl", "x.csv", "mbox"] {
            let got = read_bytes(name, input, &IngestOptions::default());
            assert!(got.records_skipped <= got.records_read, "{name} {input:?}");
        }
    }
}

#[test]
#[ignore = "writes and reads a 100 MB message; run by hand: cargo test --release -- --ignored"]
fn a_100_mb_message_is_read_without_panic() {
    let dir = tempfile::tempdir().unwrap();
    let mut body = String::from("From: a@x.com\nSubject: huge\nMessage-ID: <big@x>\n\nWhere is my order?\n");
    let line = "lorem ipsum dolor sit amet ".repeat(3) + "\n";
    while body.len() < 100 * 1024 * 1024 {
        body.push_str(&line);
    }
    std::fs::write(dir.path().join("big.eml"), &body).unwrap();
    let got = read_path(dir.path()).unwrap();
    assert_eq!(got.conversations.len(), 1);
    let cleaned = clean_message(&got.conversations[0].messages[0].text, Role::Customer);
    assert!(cleaned.body.starts_with("Where is my order?"));
}

#[test]
fn mined_questions_hold_what_customers_wrote_and_no_personal_data() {
    let read = read_path_with(fixture("mixed"), &support()).unwrap();
    // Each conversation three times, so that every question is frequent enough to become an
    // FAQ entry whose answer comes from the agent's (HTML, Outlook-quoted) reply.
    let mut conversations = read.conversations.clone();
    for k in 1..3 {
        conversations.extend(
            read.conversations.iter().map(|c| Conversation { id: format!("{}#{k}", c.id), ..c.clone() }),
        );
    }
    let run = faqmine::Miner::builder().min_support(2).build().unwrap().run(&conversations).unwrap();
    // Personal data present in the fixtures: never in a question, an answer or an id.
    let personal = [
        "marie.dupont",
        "Marie",
        "Dupont",
        "06 12 34 56 78",
        "DH2024061234",
        "lan.tran",
        "Lan,",
        "Priya",
        "Tom",
        "Nina",
        "@",
    ];
    // Quoted and signed text: never in a customer's question.
    let not_written_by_customer = [
        "Sent from my iPhone",
        "Cordialement",
        "Nous sommes désolés", // the agent's words, quoted in the customer's reply
        "a écrit",
        "đã viết",
    ];
    let forbidden: Vec<&str> = personal.iter().chain(&not_written_by_customer).copied().collect();
    assert_no_question_holds(&run.assignments, &forbidden);
    let by_key = |id: &str, i: usize| {
        run.assignments
            .iter()
            .find(|a| a.conversation_id == id && a.message_index == i)
            .unwrap_or_else(|| panic!("no assignment for {id}#{i}"))
            .question
            .clone()
    };
    // Whole questions, agents' messages never assigned.
    let fr_thread = conv(&read, "CAFr01.marie@mail.orange.fr").id.clone();
    assert_eq!(
        by_key(&fr_thread, 0),
        "J'ai reçu mon colis ce matin mais le carton était abîmé et le vase est cassé.\n\
         Peut-on avoir un remboursement ou un renvoi ?"
    );
    assert!(!run.assignments.iter().any(|a| a.conversation_id == fr_thread && a.message_index == 1));
    assert!(run.faqs.entries.len() >= 3, "{} FAQ entries", run.faqs.entries.len());
    assert!(run.faqs.entries.iter().any(|e| e.answer.as_deref().is_some_and(|a| a.contains("48\u{a0}h"))));
    let faq_json = serde_json::to_string(&run.faqs).unwrap();
    for f in personal {
        assert!(!faq_json.contains(f), "faq.json holds `{f}`: {faq_json}");
    }
}

#[test]
fn several_paths_read_as_one_export_join_threads() {
    let dir = fixture("mixed/mail/fr");
    let files: Vec<PathBuf> =
        ["1-photo.eml", "2-premier-message.eml", "3-reponse-sav.eml"].iter().map(|f| dir.join(f)).collect();
    let got = faqmine::ingest::read_paths_with(&files, &support()).unwrap();
    assert_eq!(got.conversations.len(), 1, "one thread from three paths");
    assert_eq!(got.conversations[0].messages.len(), 3);
    assert!(faqmine::ingest::read_paths_with(&[dir.join("missing.eml")], &support()).is_err());
}

/// Whether `needle` occurs in `hay` as a whole word (not inside a longer word).
/// Asserts that no assignment's question text contains any of `forbidden`.
fn assert_no_question_holds(assignments: &[faqmine::Assignment], forbidden: &[&str]) {
    for a in assignments {
        for f in forbidden {
            assert!(
                !a.question.contains(f),
                "assignment {}#{} holds `{f}`: {:?}",
                a.conversation_id,
                a.message_index,
                a.question
            );
        }
    }
}

fn contains_word(hay: &str, needle: &str) -> bool {
    hay.match_indices(needle).any(|(i, _)| {
        let before = hay[..i].chars().next_back().is_some_and(char::is_alphanumeric);
        let after = hay[i + needle.len()..].chars().next().is_some_and(char::is_alphanumeric);
        !before && !after
    })
}

/// The issue's "done when", end to end: a help center's export (French, Vietnamese and
/// English mail threads as `.eml` files and an mbox, with quoted replies, signatures,
/// Outlook blocks, HTML and legacy charsets; chat as JSONL and CSV; broken files) through
/// the reader and the `Miner`, then the FAQ rendered and indexed.
#[test]
fn help_center_export_gives_whole_customer_questions_agent_answers_and_no_personal_data() {
    let options = IngestOptions {
        support: vec!["@boutique.fr".into(), "cskh@shopabc.vn".into(), "support@acme-shop.com".into()],
    };
    let read = read_path_with(fixture("helpcenter"), &options).unwrap();

    // Every broken file or record is named, with its line, and the run goes on.
    assert!(diag(&read, "broken/export.mbox", 1).message.contains("not an mbox"));
    assert_eq!(diag(&read, "broken/truncated.eml", 1).severity, Severity::Warning);
    assert!(diag(&read, "chat/conversations.jsonl", 6).message.contains("invalid JSON"));
    assert_eq!(read.diagnostics.len(), 3, "{}", read.summary());

    let run = faqmine::Miner::builder().min_support(2).build().unwrap().run(&read.conversations).unwrap();

    // Each customer message's question, whole, with nothing quoted, signed or written by an
    // agent, and personal data masked. Keys: the email's Message-ID or `conversation#index`.
    let expected: &[(&str, &str)] = &[
        ("CAGmail-fr-a1@mail.gmail.com", "J'ai reçu ma commande n° ⟨order⟩ hier, le carton était abîmé et le vase est arrivé cassé.\nEst-ce que je peux être remboursée ?"),
        ("CAGmail-fr-a3@mail.gmail.com", "Voici la photo du carton. Le remboursement se fera-t-il sur ma carte bancaire ?"),
        ("PR3P192-fr-b1@outlook.fr", "Le vase de ma commande ⟨order⟩ est arrivé cassé, le carton était abîmé.\nComment obtenir un remboursement ?"),
        ("PR3P192-fr-b3@outlook.fr", "C'est envoyé. Combien de jours faut-il pour recevoir le remboursement ?"),
        ("3f1c2a9e-fr-c1@free.fr", "Mon colis est arrivé abîmé et le vase à l'intérieur est cassé. Puis-je avoir un remboursement ?\nJ'ai parlé avec ⟨name⟩ au téléphone mais je n'ai pas eu de nouvelles."),
        ("vi-e1@mail.gmail.com", "Cho em hỏi đơn hàng ⟨order⟩ của em bao giờ được giao ạ? Em đặt từ thứ hai rồi mà chưa thấy."),
        ("vi-f1@yahoo.com.vn", "Đơn hàng ⟨order⟩ của em bao giờ được giao vậy ạ? Em chờ cả tuần rồi.\nSĐT em ⟨phone⟩, shop gọi em nhé."),
        ("vi-g1@mail.gmail.com", "Đơn hàng của em đặt hôm thứ hai bao giờ được giao ạ? Em cần gấp trước cuối tuần."),
        ("vi-g3@mail.gmail.com", "Shop có giao vào thứ bảy không ạ?"),
        ("en-d1@example.org", "The password reset email never arrives. Could you send it again?\nMy account is under ⟨email⟩, order ⟨order⟩."),
        ("en-h1@example.net", "I asked for a password reset twice but the email never arrived. Can you resend it?\nFrom what I can see it is not in my spam folder either."),
        // Longer than a question unit (196 characters): the sentence that asks and the one before.
        ("en-i1@example.co.uk", "I requested a password reset but the email never arrives. Could you send a new link?"),
        ("en-i3@example.co.uk", "It worked, thanks. Can I also update the card on file? The old one, ⟨card⟩, has expired."),
        ("chat-1001#0", "my name is ⟨name⟩. I returned a jacket two weeks ago (⟨order⟩) and still no refund, how long do refunds take?"),
        ("chat-1002#0", "how long does a refund take once you get my return? Order ⟨order⟩"),
        ("chat-1003#0", "How long do refunds take after a return? You can reach me at ⟨phone⟩."),
        ("chat-1004#0", "I get error E1234 when I pay with my card, what does it mean?"),
        ("csv-fr-2#0", "Est-ce possible de payer en 3 fois ? Mon numéro client est ⟨account⟩."),
    ];
    let key_of = |c: &Conversation, i: usize| match c.messages[i].metadata.get("message_id") {
        Some(id) if c.channel == Some(Channel::Email) => id.clone(),
        _ => format!("{}#{i}", c.id),
    };
    let by_conversation: std::collections::HashMap<&str, &Conversation> =
        read.conversations.iter().map(|c| (c.id.as_str(), c)).collect();
    let mut assigned = std::collections::HashMap::new();
    for a in &run.assignments {
        let c = by_conversation[a.conversation_id.as_str()];
        assert_eq!(
            c.messages[a.message_index].role,
            Role::Customer,
            "{}#{} is assigned but was not written by the customer",
            a.conversation_id,
            a.message_index
        );
        assigned.insert(key_of(c, a.message_index), a);
    }
    let mut failures = Vec::new();
    for (key, want) in expected {
        match assigned.get(*key) {
            Some(a) if a.question == *want => {}
            Some(a) => failures.push(format!("{key}\n  want: {want:?}\n  got:  {:?}", a.question)),
            None => failures.push(format!("{key}: no assignment")),
        }
    }
    assert!(failures.is_empty(), "assignments.jsonl questions:\n{}", failures.join("\n"));

    // Nothing quoted, signed or written by an agent in any customer question.
    let not_the_customers = [
        "Nous sommes désolés",
        "a écrit",
        "đã viết",
        "wrote:",
        "Original Message",
        "De :",
        "Envoyé",
        "Được gửi từ",
        "Sent from",
        "regards",
        "Cordialement",
        "Bien à vous",
        "Trân trọng",
        "Responsable achats",
        "Consulting",
        "Operations Manager",
        "Refunds are issued",
        "valid for one hour",
        "2-3 ngày",
        "48\u{a0}h",
    ];
    assert_no_question_holds(&run.assignments, &not_the_customers);

    // FAQ answers come from the agents' replies: every line of an answer is in what an agent
    // wrote (cleaned), and in no customer's message.
    let mut agent_bodies = Vec::new();
    let mut customer_texts = Vec::new();
    for c in &read.conversations {
        for (m, cleaned) in c.messages.iter().zip(faqmine::clean::clean_conversation(c)) {
            match m.role {
                Role::Agent => agent_bodies.push(cleaned.body),
                _ => customer_texts.push(m.text.clone()),
            }
        }
    }
    let mut languages_answered = std::collections::BTreeSet::new();
    for e in &run.faqs.entries {
        let Some(answer) = &e.answer else { continue };
        languages_answered.insert(e.language.clone());
        for line in answer.lines().filter(|l| !l.trim().is_empty()) {
            assert!(
                agent_bodies.iter().any(|b| b.contains(line.trim())),
                "answer of `{}` has a line no agent wrote: {line:?}",
                e.question
            );
            assert!(
                !customer_texts.iter().any(|t| t.contains(line.trim()) && !t.contains("> ")),
                "answer of `{}` has a line a customer wrote: {line:?}",
                e.question
            );
        }
    }
    for lang in ["en", "fr", "vi"] {
        assert!(
            languages_answered.contains(lang),
            "no answered FAQ entry in `{lang}`: {:?}",
            languages_answered
        );
    }

    // No personal data in faq.json, faq.md, faq.html, assignments.jsonl or the index.
    let personal = [
        // addresses and names from the headers, the signatures and the text
        "camille.bernard",
        "Camille",
        "Bernard",
        "julien.moreau",
        "Julien",
        "Moreau",
        "Élodie",
        "elodie.petit",
        "Sophie",
        "Lambert",
        "lan.tran",
        "Trần",
        "Lan",
        "Nguyễn",
        "Minh",
        "Phạm",
        "Hà",
        "Tom",
        "Baker",
        "tom.baker",
        "Priya",
        "Shah",
        "Daniel",
        "Okafor",
        "Kevin",
        "Nina",
        "Kowalski",
        "Sarah",
        "Connor",
        "@",
        // phones, orders, accounts, cards
        "07 81 22 33 44",
        "45 12 98 70",
        "0912 345 678",
        "07700 900123",
        "555-0132",
        "020 7946 0958",
        "01 42 68 53 00",
        "FR-2024-00118",
        "A7731902",
        "DH2024061234",
        "SPX0099812",
        "ORD-2024-99812",
        "ORD-2024-77120",
        "B5520917",
        "4455667",
        "4111 1111 1111 1111",
    ];
    // Each value is really in the export (in a text or a sender), so each check can fail.
    let raw: String = read
        .conversations
        .iter()
        .flat_map(|c| &c.messages)
        .map(|m| format!("{}\n{}\n", m.author.as_deref().unwrap_or(""), m.text.nfc().collect::<String>()))
        .collect();
    for p in personal {
        assert!(raw.contains(p), "`{p}` is not in the fixture; the check for it proves nothing");
    }
    let faq_json = serde_json::to_string_pretty(&run.faqs).unwrap();
    let faq_md = faqmine::faq::render_markdown(&run.faqs);
    let faq_html = faqmine::faq::render_html(&run.faqs);
    let assignments_jsonl: String =
        run.assignments.iter().map(|a| serde_json::to_string(a).unwrap() + "\n").collect();
    for (what, text) in [
        ("faq.json", &faq_json),
        ("faq.md", &faq_md),
        ("faq.html", &faq_html),
        ("assignments.jsonl", &assignments_jsonl),
    ] {
        for p in personal {
            assert!(!contains_word(text, p), "{what} holds `{p}`:\n{text}");
        }
    }
    // What FAQs group on survives masking.
    assert!(faq_json.contains("E1234"), "the error code customers ask about was masked:\n{faq_json}");

    let index = faqmine::FaqIndex::create_in_ram(&run.faqs).unwrap();
    assert_eq!(index.num_entries(), run.faqs.entries.len() as u64);
    for p in personal.iter().filter(|p| **p != "@") {
        for hit in index.search(&faqmine::SearchRequest::new(*p)).unwrap() {
            let snippet = hit.snippet.as_ref().map(|s| format!("{s:?}")).unwrap_or_default();
            for text in [&hit.question, hit.answer.as_deref().unwrap_or(""), &snippet] {
                assert!(
                    !contains_word(text, p),
                    "searching the index for `{p}` finds it in {:?}",
                    hit.question
                );
            }
        }
        for s in index.suggest(p, 10).unwrap() {
            let s = format!("{s:?}");
            assert!(!contains_word(&s, p), "suggestions for `{p}` hold it: {s}");
        }
    }
}

/// A pipermail monthly archive as downloaded (`tests/data/ingest/pipermail/`): `From name
/// at host  date` separators, obfuscated `From:` headers, a list footer, a filtered HTML
/// part, a scrubbed attachment, attributions in Portuguese and damaged to `?`, a
/// thank-you follow-up.
#[test]
fn a_pipermail_archive_is_read_as_mail_and_cleaned_of_the_archive() {
    let got = read_path(fixture("pipermail/2025-January.txt")).unwrap();
    assert!(got.diagnostics.is_empty(), "{:?}", got.diagnostics);
    assert_eq!(got.conversations.len(), 1, "one thread by its references");
    let t = &got.conversations[0];
    assert_eq!(roles(t), [Role::Customer, Role::Agent, Role::Customer]);
    assert_eq!(t.messages[0].author.as_deref(), Some("Jane Roe <jane.roe@example.com>"));
    assert_eq!(t.messages[1].author.as_deref(), Some("Rui Placeholder <rui.ph@example.org>"));
    assert_eq!(t.messages[0].metadata["subject"], "[users] Labels vanish with facets");
    let cleaned = faqmine::clean::clean_conversation(t);
    let question = &cleaned[0].question;
    assert!(question.starts_with("When I add facets the axis labels vanish."), "{question:?}");
    assert!(question.ends_with("How to solve this?"), "no signature, marker or footer: {question:?}");
    assert_eq!(
        cleaned[1].body,
        "The font is missing from the device. Install the font package, or use a device that ships\n\
         with its own fonts, such as the PNG device of the grid package."
    );
    assert_eq!(cleaned[2].question, "", "a thank-you is no question");
}
