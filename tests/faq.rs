//! The FAQ stage end to end (issue 6): entries people can publish, curate and keep.
//!
//! Most tests drive [`FaqBuilder`] with clusters given by the test's own labels, so that
//! they check the FAQ stage whatever the clustering does; the determinism and personal-data
//! tests run the whole [`Miner`].

use std::collections::BTreeMap;

use faqmine::analyze::Analyzer;
use faqmine::clean::clean_message;
use faqmine::faq::{
    render_html, render_markdown, Curation, ExistingFaq, FaqBuild, FaqBuilder, FaqEntry, FaqSet, Status,
    Trend, Variant,
};
use faqmine::mine::QuestionUnit;
use faqmine::{Conversation, Message, Miner, Role};
use time::{Duration, OffsetDateTime};

/// One question of the test corpus: how customers ask it and what agents reply.
struct Topic {
    label: &'static str,
    /// Its language (given, so that these tests do not depend on language detection).
    lang: &'static str,
    /// Phrasings, used in turn.
    asks: &'static [&'static str],
    /// Agent replies, used in turn (empty: nobody answers).
    replies: &'static [&'static str],
    /// How many conversations ask it.
    n: usize,
    /// The first day (from the corpus start) it is asked, one conversation a day after.
    from_day: i64,
}

const TOPICS: &[Topic] = &[
    Topic {
        label: "password",
        lang: "en",
        asks: &[
            "How do I reset my password?",
            "how do i reset my password",
            "I forgot my password, how can I reset it?",
            "How do I reset my password?",
            "password reset ⟨email⟩",
            "pw?",
        ],
        replies: &[
            "Click 'Forgot password' on the sign-in page and follow the link we e-mail you.",
            "Click 'Forgot password' on the sign-in page and follow the link we e-mail you.",
            "Click 'Forgot password' on the sign-in page, then follow the link in the e-mail.",
            "Please call our hotline so that an operator can unlock your account today.",
            "Click 'Forgot password' on the sign-in page and follow the link we e-mail you.",
            "Please call our hotline so that an operator can unlock your account today.",
        ],
        n: 18,
        from_day: 0,
    },
    Topic {
        label: "refund",
        lang: "en",
        asks: &["When will I get my refund?", "when do I get my refund", "Where is my refund?"],
        replies: &["Refunds reach your card within 5 to 7 business days after we receive the parcel."],
        n: 9,
        from_day: 40,
    },
    Topic {
        label: "annuler",
        lang: "fr",
        asks: &["Comment annuler ma commande ?", "comment annuler ma commande", "Je veux annuler ma commande."],
        replies: &["Vous pouvez annuler votre commande dans Mon compte, rubrique Commandes, tant qu'elle n'est pas expédiée."],
        n: 6,
        from_day: 3,
    },
    Topic {
        label: "urdu-password",
        lang: "ur",
        asks: &["میں اپنا پاس ورڈ کیسے تبدیل کروں؟", "پاس ورڈ کیسے تبدیل کروں"],
        replies: &["سیٹنگز میں جا کر پاس ورڈ تبدیل کریں پر کلک کریں۔"],
        n: 4,
        from_day: 5,
    },
    Topic {
        label: "card",
        lang: "en",
        asks: &[
            "Hello. Can I pay by card? I have no account yet.",
            "Thanks. Can I pay with my credit card? The order is big.",
            "pay by card",
        ],
        replies: &["Yes, we accept Visa and Mastercard at checkout."],
        n: 6,
        from_day: 2,
    },
    Topic {
        label: "invoice",
        lang: "en",
        asks: &["Can I get an invoice for my order?", "can i get an invoice for my order"],
        replies: &[],
        n: 5,
        from_day: 10,
    },
];

fn start() -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(1_704_067_200).expect("2024-01-01") // a Monday
}

/// The corpus: one conversation per (topic, i), customers named, agents named.
fn corpus(per_topic: impl Fn(&Topic) -> usize) -> Vec<Conversation> {
    let mut out = Vec::new();
    for t in TOPICS {
        for i in 0..per_topic(t) {
            let when = start() + Duration::days(t.from_day + i as i64);
            let mut ask = Message::new(Role::Customer, t.asks[i % t.asks.len()]);
            ask.timestamp = Some(when);
            ask.author = Some(format!("Customer{} {}", i % 7, t.label));
            let mut messages = vec![ask];
            if !t.replies.is_empty() {
                let mut reply = Message::new(Role::Agent, t.replies[i % t.replies.len()]);
                reply.timestamp = Some(when + Duration::minutes(5));
                reply.author = Some("Agent Smith".to_string());
                messages.push(reply);
            }
            let mut c = Conversation::new(format!("{}-{i:02}", t.label), messages);
            c.channel = Some(if i % 3 == 0 { "email" } else { "chat" }.to_string().into());
            out.push(c);
        }
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

fn full() -> Vec<Conversation> {
    corpus(|t| t.n)
}

/// Question units as the pipeline makes them, and clusters by topic label.
fn units_and_clusters(convs: &[Conversation]) -> (Vec<QuestionUnit>, Vec<Vec<usize>>) {
    let analyzer = Analyzer::new();
    let mut units = Vec::new();
    let mut by_label: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (ci, c) in convs.iter().enumerate() {
        for (mi, m) in c.messages.iter().enumerate().filter(|(_, m)| m.role == Role::Customer) {
            let cleaned = clean_message(&m.text, Role::Customer);
            let label = c.id.rsplit_once('-').map(|(l, _)| l).unwrap_or(&c.id);
            let topic = TOPICS.iter().find(|t| t.label == label).expect("a topic");
            let a = analyzer.analyze(&cleaned.question, Some(topic.lang));
            by_label.entry(topic.label).or_default().push(units.len());
            units.push(QuestionUnit {
                conversation: ci,
                message_index: mi,
                text: cleaned.question,
                language: a.language,
                utterance: a.utterance,
                terms: a.tokens,
                timestamp: m.timestamp,
            });
        }
    }
    (units, by_label.into_values().collect())
}

fn build(
    convs: &[Conversation],
    previous: Option<&FaqSet>,
    existing: &[ExistingFaq],
) -> (FaqBuild, Vec<QuestionUnit>) {
    let (units, clusters) = units_and_clusters(convs);
    let mut b = FaqBuilder::new().existing(existing);
    if let Some(p) = previous {
        b = b.previous(p);
    }
    (b.build(convs, &units, &clusters), units)
}

/// The entry whose variants include `text`.
fn entry_asking<'a>(set: &'a FaqSet, text: &str) -> &'a FaqEntry {
    set.entries
        .iter()
        .find(|e| e.variants.iter().any(|v| v.text == text))
        .unwrap_or_else(|| panic!("no entry has the variant {text:?}: {:#?}", set.entries))
}

#[test]
fn answers_are_the_consensus_of_agent_replies() {
    let (run, _) = build(&full(), None, &[]);
    let e = entry_asking(&run.faqs, "How do I reset my password?");
    assert_eq!(
        e.answer.as_deref(),
        Some("Click 'Forgot password' on the sign-in page and follow the link we e-mail you."),
        "the answer must be the most central agent reply"
    );
    assert_eq!(e.answer_count, 18, "every question message here got a reply");
    let conf = e.answer_confidence.expect("an answered entry has a confidence");
    assert!(
        conf > 0.4 && conf < 1.0,
        "a third of the agents disagree, so the confidence is middling: {conf}"
    );
    assert!(
        e.alternative_answers.iter().any(|a| a.text.contains("hotline") && a.count == 6),
        "the hotline answer (6 of 18 replies) must be kept as an alternative: {:?}",
        e.alternative_answers
    );
    let gap = entry_asking(&run.faqs, "Can I get an invoice for my order?");
    assert_eq!((gap.answer.as_deref(), gap.needs_answer), (None, true), "no agent reply: a content gap");
    assert_eq!(gap.answer_confidence, None);
}

#[test]
fn canonical_question_is_central_well_formed_and_tidied() {
    let (run, _) = build(&full(), None, &[]);
    // (a variant of the entry, the acceptable canonical questions): well-formed questions
    // only, never "pw?", "password reset ⟨email⟩" or a statement.
    let table: &[(&str, &[&str])] = &[
        (
            "How do I reset my password?",
            &["How do I reset my password?", "I forgot my password, how can I reset it?"],
        ),
        ("When will I get my refund?", &["When will I get my refund?", "When do I get my refund?"]),
        ("Comment annuler ma commande ?", &["Comment annuler ma commande ?"]),
        (
            "میں اپنا پاس ورڈ کیسے تبدیل کروں؟",
            &["میں اپنا پاس ورڈ کیسے تبدیل کروں؟", "پاس ورڈ کیسے تبدیل کروں؟"],
        ),
    ];
    for (variant, acceptable) in table {
        let e = entry_asking(&run.faqs, variant);
        assert!(
            acceptable.contains(&e.question.as_str()),
            "canonical question of the entry asking {variant:?}: got {:?}, want one of {acceptable:?}",
            e.question
        );
        assert!(!e.question.contains('⟨'), "a canonical question never shows a placeholder");
    }
    assert_eq!(entry_asking(&run.faqs, "Comment annuler ma commande ?").language, "fr");
}

#[test]
fn variants_collapse_near_duplicates_most_frequent_first() {
    let (run, _) = build(&full(), None, &[]);
    let e = entry_asking(&run.faqs, "How do I reset my password?");
    let total: u32 = e.variants.iter().map(|v| v.count).sum();
    assert_eq!(total, e.message_count, "every message counts for exactly one variant");
    assert!(
        e.variants.windows(2).all(|w| w[0].count >= w[1].count),
        "variants most frequent first: {:?}",
        e.variants
    );
    assert_eq!(
        e.variants[0],
        Variant { text: "How do I reset my password?".into(), count: 9 },
        "'how do i reset my password' differs only in case and punctuation, so it is collapsed into the top variant"
    );
}

#[test]
fn counts_people_channels_dates_and_trend() {
    let (run, _) = build(&full(), None, &[]);
    let e = entry_asking(&run.faqs, "How do I reset my password?");
    assert_eq!((e.message_count, e.conversation_count, e.customer_count), (18, 18, 7));
    assert_eq!(e.channels.get("email"), Some(&6));
    assert_eq!(e.channels.get("chat"), Some(&12));
    assert_eq!(e.languages.get("en"), Some(&18));
    assert_eq!(e.first_seen.as_deref(), Some("2024-01-01T00:00:00Z"));
    assert_eq!(e.last_seen.as_deref(), Some("2024-01-18T00:00:00Z"));
    let weeks: Vec<&str> = e.weekly_counts.iter().map(|w| w.week.as_str()).collect();
    assert_eq!(weeks, ["2024-W01", "2024-W02", "2024-W03"]);
    assert_eq!(e.example_conversation_ids.len(), 3);
    // Asked only in the first weeks while refunds are asked late: falling and rising.
    assert_eq!(e.trend, Some(Trend::Falling), "the password question stops after week 3");
    assert_eq!(entry_asking(&run.faqs, "When will I get my refund?").trend, Some(Trend::Rising));
}

#[test]
fn keywords_are_distinctive_words_without_stopwords() {
    let (run, _) = build(&full(), None, &[]);
    let e = entry_asking(&run.faqs, "How do I reset my password?");
    assert!(e.keywords.iter().any(|k| k == "password"), "keywords: {:?}", e.keywords);
    for stop in ["how", "do", "i", "my", "⟨email⟩"] {
        assert!(!e.keywords.iter().any(|k| k == stop), "{stop:?} must not be a keyword: {:?}", e.keywords);
    }
}

#[test]
fn shuffled_input_and_thread_count_change_nothing() {
    let convs = full();
    let miner = Miner::builder().min_support(3).build().expect("settings");
    let reference = miner.run(&convs).expect("mining");
    assert!(
        !reference.faqs.entries.is_empty(),
        "the corpus must give entries for this test to mean anything"
    );
    let mut shuffled = convs.clone();
    for (k, step) in [(0usize, 7usize), (3, 11), (5, 13)] {
        let n = shuffled.len();
        for i in 0..n {
            shuffled.swap(i, (i * step + k) % n);
        }
        let pool = rayon::ThreadPoolBuilder::new().num_threads(1 + k % 3).build().expect("pool");
        let run = pool.install(|| miner.run(&shuffled)).expect("mining");
        assert_eq!(
            run.faqs.to_json(),
            reference.faqs.to_json(),
            "faq.json changed with input order or threads"
        );
        assert_eq!(run.assignments, reference.assignments, "assignments changed with input order or threads");
    }
}

#[test]
fn rerun_over_a_superset_keeps_every_id() {
    let (first, _) = build(&corpus(|t| t.n / 2), None, &[]);
    let (second, _) = build(&full(), Some(&first.faqs), &[]);
    for e in &first.faqs.entries {
        let again =
            second.faqs.get(&e.id).unwrap_or_else(|| panic!("id {} ({:?}) was lost", e.id, e.question));
        assert!(
            again.status.is_live(),
            "{} is still asked, so it must stay live, not {:?}",
            e.id,
            again.status
        );
        assert!(again.message_count >= e.message_count, "more conversations cannot mean fewer messages");
    }
    // And a re-run on the same input with its own previous changes nothing.
    let (third, _) = build(&full(), Some(&second.faqs), &[]);
    assert_eq!(third.faqs.to_json(), second.faqs.to_json(), "a re-run with --previous must be a fixed point");
}

#[test]
fn curation_survives_remining_and_merges_are_reapplied() {
    let convs = full();
    let (first, units) = build(&convs, None, &[]);
    let mut edited = first.faqs.clone();
    let id_of = |t: &str| entry_asking(&first.faqs, t).id.clone();
    let (password, refund, invoice, annuler) = (
        id_of("How do I reset my password?"),
        id_of("When will I get my refund?"),
        id_of("Can I get an invoice for my order?"),
        id_of("Comment annuler ma commande ?"),
    );
    for e in &mut edited.entries {
        if e.id == password {
            e.curation =
                Curation { question: Some("How can I reset my password?".into()), ..Curation::default() };
        } else if e.id == refund {
            e.curation.pinned = true;
        } else if e.id == invoice {
            e.status = Status::Suppressed; // edited by hand, without the curation block
        } else if e.id == annuler {
            e.curation.merged_into = Some(refund.clone()); // a curator's (odd) merge
        }
    }
    let (second, _) = build(&convs, Some(&edited), &[]);
    let get = |id: &str| second.faqs.get(id).unwrap_or_else(|| panic!("{id} lost"));
    assert_eq!(get(&password).question, "How can I reset my password?");
    assert_eq!(get(&password).status, Status::Curated);
    assert_eq!(get(&refund).status, Status::Curated, "pinned is curation");
    assert_eq!(second.faqs.entries[0].id, refund, "pinned entries come first");
    assert_eq!(get(&invoice).status, Status::Suppressed);
    assert_eq!(get(&annuler).status, Status::Merged);
    assert_eq!(get(&refund).message_count, 9 + 6, "the merged entry's messages count for the target");
    for (u, faq) in units.iter().zip(&second.unit_faq) {
        if convs[u.conversation].id.starts_with("annuler") {
            assert_eq!(faq.as_deref(), Some(refund.as_str()), "messages of a merged entry go to its target");
        }
    }
    // And once more: the curation is still there after a second re-run.
    let (third, _) = build(&convs, Some(&second.faqs), &[]);
    assert_eq!(third.faqs.to_json(), second.faqs.to_json(), "curation must be stable across re-runs");
}

#[test]
fn splits_are_reapplied_on_every_run() {
    let convs = full();
    let (first, _) = build(&convs, None, &[]);
    let mut edited = first.faqs.clone();
    let parent = entry_asking(&first.faqs, "How do I reset my password?").id.clone();
    let forgot = "I forgot my password, how can I reset it?";
    let p = edited.entries.iter_mut().find(|e| e.id == parent).expect("parent");
    p.variants.retain(|v| v.text != forgot);
    let mut child = FaqEntry::new("faq-forgot", "I forgot my password, what now?");
    child.variants = vec![Variant { text: forgot.into(), count: 3 }];
    child.split_from = Some(parent.clone());
    child.status = Status::Curated;
    edited.entries.push(child);

    let (second, units) = build(&convs, Some(&edited), &[]);
    let child = second.faqs.get("faq-forgot").expect("the split entry stays");
    assert!(child.status.is_live(), "the split entry is published: {:?}", child.status);
    assert_eq!(child.message_count, 3, "the 3 'I forgot' messages belong to the split entry");
    assert_eq!(child.question, "I forgot my password, what now?", "its hand-written question is kept");
    for (u, faq) in units.iter().zip(&second.unit_faq) {
        if u.text == forgot {
            assert_eq!(faq.as_deref(), Some("faq-forgot"));
        }
    }
    assert_eq!(second.faqs.get(&parent).map(|e| e.message_count), Some(15));
}

#[test]
fn entries_no_longer_asked_are_retired_not_dropped() {
    let (first, _) = build(&full(), None, &[]);
    let without_refunds = corpus(|t| if t.label == "refund" { 0 } else { t.n });
    let (second, _) = build(&without_refunds, Some(&first.faqs), &[]);
    let refund = entry_asking(&first.faqs, "When will I get my refund?");
    let kept = second.faqs.get(&refund.id).expect("a retired entry is kept");
    assert_eq!(kept.status, Status::Retired);
    assert_eq!(kept.question, refund.question);
    assert_eq!(
        second.faqs.entries.last().map(|e| e.id.as_str()),
        Some(refund.id.as_str()),
        "retired entries come last"
    );
}

#[test]
fn existing_faq_marks_covered_entries_and_the_rest_are_gaps() {
    let existing = vec![
        ExistingFaq { id: "hc-12".into(), question: "How can I reset my password?".into(), answer: None },
        ExistingFaq { id: "hc-40".into(), question: "What are your opening hours?".into(), answer: None },
    ];
    let (run, _) = build(&full(), None, &existing);
    let password = entry_asking(&run.faqs, "How do I reset my password?");
    assert_eq!(password.covered_by.as_deref(), Some("hc-12"));
    assert_eq!(password.status, Status::Covered);
    let cov = run.faqs.coverage.as_ref().expect("a coverage summary when an existing FAQ is given");
    assert_eq!((cov.existing_entries, cov.covered), (2, 1));
    assert_eq!(cov.gaps.len(), run.faqs.live().count() - 1);
    assert!(!cov.gaps.contains(&password.id));
    let counts: Vec<u32> =
        cov.gaps.iter().map(|id| run.faqs.get(id).expect("gap entry").message_count).collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "gaps are listed most asked first: {counts:?}");
    let html = render_html(&run.faqs);
    assert!(html.contains("Content gaps (") && html.contains("class=\"gap\""), "the report highlights gaps");
}

#[test]
fn faq_json_round_trips_and_renders() {
    let (run, _) = build(&full(), None, &[]);
    let json = run.faqs.to_json();
    assert_eq!(FaqSet::from_json(&json).expect("faq.json reads back"), run.faqs);
    let md = render_markdown(&run.faqs);
    for heading in ["## English (en)", "## French (fr)", "## Urdu (ur)"] {
        assert!(md.contains(heading), "faq.md is grouped by language: missing {heading}");
    }
    let html = render_html(&run.faqs);
    assert!(!html.contains("http://") && !html.contains("https://"), "faq.html must not reach the network");
    assert_eq!(html.matches("<article").count(), run.faqs.live().count(), "one card per published entry");
    assert!(html.matches("<svg class=\"spark\"").count() >= 4, "dated entries get a weekly sparkline");
}

/// Conversations full of personal data: names in author fields and greetings, e-mail
/// addresses, phone numbers.
fn personal_corpus() -> Vec<Conversation> {
    (0..6)
        .map(|i| {
            let mut ask = Message::new(
                Role::Customer,
                "Hi, I'm Jonathan Whitfield. How do I change my delivery address? \
                 My e-mail is jonathan.whitfield@example.com and my phone is +1 415 555 0123.",
            );
            ask.author = Some("Jonathan Whitfield <jonathan.whitfield@example.com>".into());
            let mut reply = Message::new(
                Role::Agent,
                format!(
                    "Hi Jonathan,\n\nMy name is Rosalind Okafor. You can change the delivery address in \
                     Account > Addresses; we also sent the steps to jonathan.whitfield{i}@example.com.\n\n\
                     Best regards,\nRosalind Okafor\nCall us: +44 20 7946 0{i:03}"
                ),
            );
            reply.author = Some("Rosalind Okafor".into());
            Conversation::new(format!("pii-{i}"), vec![ask, reply])
        })
        .collect()
}

fn all_outputs(convs: &[Conversation]) -> String {
    let run = Miner::builder().min_support(3).build().expect("settings").run(convs).expect("mining");
    assert!(
        !run.faqs.entries.is_empty(),
        "the personal-data corpus must give an entry for this test to mean anything"
    );
    let assignments: Vec<String> =
        run.assignments.iter().map(|a| serde_json::to_string(a).expect("assignment json")).collect();
    format!(
        "{}\n{}\n{}\n{}",
        run.faqs.to_json(),
        render_markdown(&run.faqs),
        render_html(&run.faqs),
        assignments.join("\n")
    )
}

#[test]
fn names_of_customers_and_agents_never_reach_the_faq() {
    let run =
        Miner::builder().min_support(3).build().expect("settings").run(&personal_corpus()).expect("mining");
    let text = format!("{}\n{}\n{}", run.faqs.to_json(), render_markdown(&run.faqs), render_html(&run.faqs));
    for name in ["Jonathan", "Whitfield", "Rosalind", "Okafor"] {
        assert!(!text.contains(name), "the name {name:?} leaked into faq.json, faq.md or faq.html");
    }
}

/// Agents greeting and signing with names the input does not give as authors.
fn unnamed_corpus() -> Vec<Conversation> {
    (0..4)
        .map(|i| {
            let ask = Message::new(
                Role::Customer,
                "Can I change the delivery date of my order? Call me on 0912 345 678.",
            );
            let reply = Message::new(
                Role::Agent,
                "Dear Mr. Oduya,\n\nYes: open the order and pick another date; we will confirm it to \
                 kwame.oduya@mail.example by e-mail.\n\nRegards,\nKwabena\nhelp desk, +84 912 345 678",
            );
            Conversation::new(format!("unnamed-{i}"), vec![ask, reply])
        })
        .collect()
}

#[test]
fn personal_data_never_reaches_any_output() {
    let mut text = all_outputs(&personal_corpus());
    text.push_str(&all_outputs(&unnamed_corpus()));
    for leak in [
        "@example.com",
        "jonathan.whitfield",
        "415 555",
        "7946",
        "Jonathan",
        "Whitfield",
        "Rosalind",
        "Okafor",
        "Oduya",
        "kwame",
        "Kwabena",
        "0912",
        "912 345",
    ] {
        assert!(!text.contains(leak), "{leak:?} leaked into faq.json, faq.md, faq.html or assignments.jsonl");
    }
}

#[test]
fn mining_again_with_its_own_previous_changes_nothing() {
    let convs = full();
    let first = Miner::builder().min_support(3).build().expect("settings").run(&convs).expect("mining");
    assert!(!first.faqs.entries.is_empty(), "the corpus must give entries for this test to mean anything");
    let again = Miner::builder()
        .min_support(3)
        .previous(first.faqs.clone())
        .build()
        .expect("settings")
        .run(&convs)
        .expect("mining");
    assert_eq!(again.faqs.to_json(), first.faqs.to_json(), "faq.json must be a fixed point of --previous");
    assert_eq!(again.assignments, first.assignments, "assignments must be a fixed point of --previous");
}

#[test]
fn cross_language_links_become_siblings() {
    let convs = full();
    let (units, clusters) = units_and_clusters(&convs);
    let label_of =
        |c: &Vec<usize>| convs[units[c[0]].conversation].id.rsplit_once('-').map(|(l, _)| l.to_string());
    let index =
        |label: &str| clusters.iter().position(|c| label_of(c).as_deref() == Some(label)).expect("cluster");
    let (en, ur) = (index("password"), index("urdu-password"));
    let mut links = vec![Vec::new(); clusters.len()];
    links[en].push(ur);
    let run = FaqBuilder::new().siblings(&links).build(&convs, &units, &clusters);
    let en_entry = entry_asking(&run.faqs, "How do I reset my password?");
    let ur_entry = entry_asking(&run.faqs, "میں اپنا پاس ورڈ کیسے تبدیل کروں؟");
    assert_eq!(en_entry.siblings, vec![ur_entry.id.clone()], "a link makes siblings, both ways");
    assert_eq!(ur_entry.siblings, vec![en_entry.id.clone()], "a link makes siblings, both ways");
    assert!(entry_asking(&run.faqs, "When will I get my refund?").siblings.is_empty());
}

#[test]
fn hand_edited_nonsense_in_previous_never_panics() {
    let (first, _) = build(&full(), None, &[]);
    let mut odd = first.faqs.clone();
    let ids: Vec<String> = odd.entries.iter().map(|e| e.id.clone()).collect();
    for (i, e) in odd.entries.iter_mut().enumerate() {
        // A cycle of merges, a split from itself, unknown ids, bad dates and weeks.
        e.curation.merged_into = Some(ids[(i + 1) % ids.len()].clone());
        e.split_from = Some(if i % 2 == 0 { e.id.clone() } else { "faq-nowhere".into() });
        e.first_seen = Some("yesterday ☀".into());
        e.weekly_counts = vec![faqmine::faq::WeekCount { week: "2024-W99".into(), count: 3 }];
        e.variants.push(Variant { text: String::new(), count: 0 });
    }
    odd.entries.push(FaqEntry::new(ids[0].clone(), "")); // a duplicate id
    let (second, _) = build(&full(), Some(&odd), &[]);
    assert!(!second.faqs.entries.is_empty());
    let _ =
        (render_html(&second.faqs), render_markdown(&second.faqs), render_html(&odd), render_markdown(&odd));
}

#[test]
fn a_question_asked_in_new_words_keeps_its_id() {
    let (first, _) = build(&full(), None, &[]);
    let old = entry_asking(&first.faqs, "How do I reset my password?").id.clone();
    // The same conversations, but every password question now phrased differently.
    let reworded: Vec<Conversation> = full()
        .into_iter()
        .map(|mut c| {
            if c.id.starts_with("password-") {
                c.messages[0].text = "Please reset my password".into();
            }
            c
        })
        .collect();
    let (second, _) = build(&reworded, Some(&first.faqs), &[]);
    let e = second.faqs.get(&old).expect("the id is kept");
    assert!(e.status.is_live(), "the reworded question continues the entry: {:?}", e.status);
    assert_eq!(e.variants.first().map(|v| v.text.as_str()), Some("Please reset my password"));
    assert_eq!(second.faqs.live().count(), first.faqs.live().count(), "no entry is added or lost");
}

#[test]
fn the_question_shown_is_one_the_answer_answers() {
    // One cluster that holds two neighbouring questions: four identical "cancel" messages
    // (the most central phrasing) and six differently worded "invoice" ones, whose reply is
    // the consensus. The entry must not pair the cancel question with the invoice answer.
    let cancel = "How do I cancel my order?";
    let invoices = [
        "Where do I download the invoice for my order?",
        "How do I get an invoice for my order?",
        "I need the invoice of my last order",
        "Can you send me the invoice for my order?",
        "Where is the invoice of my order?",
        "How do I download my order invoice?",
    ];
    let (cancel_reply, invoice_reply) = (
        "Go to My orders and press Cancel.",
        "Invoices are in My orders: open the order and press Download invoice.",
    );
    let mut convs = Vec::new();
    for i in 0..4 {
        convs.push(Conversation::new(
            format!("cancel-{i}"),
            vec![Message::new(Role::Customer, cancel), Message::new(Role::Agent, cancel_reply)],
        ));
    }
    for (i, q) in invoices.iter().enumerate() {
        convs.push(Conversation::new(
            format!("invoice-{i}"),
            vec![Message::new(Role::Customer, *q), Message::new(Role::Agent, invoice_reply)],
        ));
    }
    let analyzer = Analyzer::new();
    let units: Vec<QuestionUnit> = convs
        .iter()
        .enumerate()
        .map(|(ci, c)| {
            let a = analyzer.analyze(&c.messages[0].text, Some("en"));
            QuestionUnit {
                conversation: ci,
                message_index: 0,
                text: c.messages[0].text.clone(),
                language: a.language,
                utterance: a.utterance,
                terms: a.tokens,
                timestamp: None,
            }
        })
        .collect();
    let run = FaqBuilder::new().build(&convs, &units, &[(0..units.len()).collect()]);
    let e = &run.faqs.entries[0];
    assert_eq!(e.answer.as_deref(), Some(invoice_reply), "six of ten replies are about invoices");
    assert!(
        invoices.contains(&e.question.as_str()),
        "the question shown must be one the invoice answer answers, got {:?}",
        e.question
    );
}

/// The clusters of `convs` with the orders' questions (refund, card, invoice) in one topic
/// and every other question a topic of its own, as mining's `Clustering::topics` says.
fn with_order_topic(convs: &[Conversation]) -> (Vec<QuestionUnit>, Vec<Vec<usize>>, Vec<usize>) {
    let (units, clusters) = units_and_clusters(convs);
    let label_of =
        |c: &Vec<usize>| convs[units[c[0]].conversation].id.rsplit_once('-').map(|(l, _)| l.to_string());
    let mut numbers: BTreeMap<String, usize> = BTreeMap::new();
    let topics = clusters
        .iter()
        .map(|c| {
            let label = label_of(c).expect("a label");
            let subject =
                if ["refund", "card", "invoice"].contains(&label.as_str()) { "orders".into() } else { label };
            let next = numbers.len();
            *numbers.entry(subject).or_insert(next)
        })
        .collect();
    (units, clusters, topics)
}

fn build_with_topics(convs: &[Conversation], previous: Option<&FaqSet>) -> FaqBuild {
    let (units, clusters, topics) = with_order_topic(convs);
    let mut b = FaqBuilder::new().topics(&topics);
    if let Some(p) = previous {
        b = b.previous(p);
    }
    b.build(convs, &units, &clusters)
}

#[test]
fn topics_group_entries_with_a_name_counts_and_a_trend() {
    let run = build_with_topics(&full(), None);
    let set = &run.faqs;
    assert_eq!(set.topics.len(), 4, "orders, password, annuler, urdu-password: {:#?}", set.topics);
    let mut seen = BTreeMap::new();
    for t in &set.topics {
        assert!(
            t.id.starts_with("topic-") && t.id.len() == 18,
            "topic ids look like topic-<12 hex>: {}",
            t.id
        );
        for id in &t.entry_ids {
            assert!(seen.insert(id.clone(), t.id.clone()).is_none(), "{id} is in two topics");
        }
        let sum: u32 = t.entry_ids.iter().map(|id| set.get(id).expect("entry").message_count).sum();
        assert_eq!(t.message_count, sum, "a topic counts its entries' messages");
        assert_eq!(t.weekly_counts.iter().map(|w| w.count).sum::<u32>(), sum, "every message is in a week");
        assert!(!t.name.is_empty());
    }
    assert_eq!(seen.len(), set.live().count(), "every published entry is in exactly one topic");
    assert!(set.topics.windows(2).all(|w| w[0].message_count >= w[1].message_count), "most asked first");

    let orders = set.topic_of(&entry_asking(set, "When will I get my refund?").id).expect("a topic");
    assert_eq!(orders.entry_ids.len(), 3, "refund, card and invoice share the topic");
    assert_eq!((orders.message_count, orders.language.as_str()), (9 + 6 + 5, "en"));
    assert!(
        orders.entry_ids.contains(&entry_asking(set, "pay by card").id)
            && orders.entry_ids.contains(&entry_asking(set, "Can I get an invoice for my order?").id)
    );
    let words: Vec<String> = orders.name.to_lowercase().split(", ").map(String::from).collect();
    assert!((1..=3).contains(&words.len()), "a name of one to three keywords: {:?}", orders.name);
    assert!(
        words.iter().all(|w| orders.keywords.contains(w)),
        "the name is made of the topic's keywords: {:?} {:?}",
        orders.name,
        orders.keywords
    );
    for stop in ["how", "my", "can", "i", "for"] {
        assert!(!words.iter().any(|w| w == stop), "{stop:?} in the name {:?}", orders.name);
    }
    // The password question is asked in the first weeks only: its topic falls, as it does.
    let password = set.topic_of(&entry_asking(set, "How do I reset my password?").id).expect("a topic");
    assert_eq!(
        password.entry_ids.len(),
        1,
        "a question that shares its subject with none is a topic of its own"
    );
    assert_eq!(password.trend, Some(Trend::Falling));
    let urdu = set.topic_of(&entry_asking(set, "میں اپنا پاس ورڈ کیسے تبدیل کروں؟").id).expect("a topic");
    assert_eq!(urdu.language, "ur");
    assert!(
        urdu.name.contains("پاس") || urdu.name.contains("ورڈ") || urdu.name.contains("تبدیل"),
        "{}",
        urdu.name
    );
}

#[test]
fn topics_are_shown_with_their_entries_and_figures() {
    let run = build_with_topics(&full(), None);
    let set = &run.faqs;
    let orders = set.topic_of(&entry_asking(set, "When will I get my refund?").id).expect("a topic");
    let html = render_html(set);
    let section =
        html.find(&format!("<section class=\"topic\" id=\"{}\"", orders.id)).expect("a topic section");
    let end = section + html[section..].find("</section>").expect("closed");
    assert_eq!(html[section..end].matches("<article").count(), 3, "the topic's entries are inside it");
    assert!(html[section..end].contains(&format!("<b>{}</b> asked", orders.message_count)));
    assert!(
        html.contains("Other questions, most asked first"),
        "entries alone in their topic are listed after"
    );
    assert_eq!(html.matches("<article").count(), set.live().count(), "each published entry once");
    let md = render_markdown(set);
    let heading = md.find(&format!("### {}\n", orders.name)).expect("a topic heading in faq.md");
    let refund_question = &entry_asking(set, "When will I get my refund?").question;
    let refund = md.find(&format!("#### {refund_question}")).expect("the entry under it");
    let others = md[heading..].find("### Other questions").map(|i| i + heading).expect("the other questions");
    assert!(heading < refund && refund < others, "the topic's entries come under its heading");
    assert!(md.contains(&format!("3 questions, asked {} times", orders.message_count)), "{md}");
}

#[test]
fn topic_ids_carry_over_and_old_files_without_topics_still_load() {
    let first = build_with_topics(&corpus(|t| t.n / 2), None);
    let second = build_with_topics(&full(), Some(&first.faqs));
    let ids = |s: &FaqSet| s.topics.iter().map(|t| t.id.clone()).collect::<std::collections::BTreeSet<_>>();
    assert_eq!(ids(&second.faqs), ids(&first.faqs), "the same entries in each topic keep the topic's id");

    // A faq.json written before topics existed reads, and serves as --previous.
    let mut value: serde_json::Value = serde_json::from_str(&first.faqs.to_json()).expect("json");
    value.as_object_mut().expect("an object").remove("topics");
    let old = FaqSet::from_json(&value.to_string()).expect("a file without topics reads");
    assert!(old.topics.is_empty());
    let again = build_with_topics(&full(), Some(&old));
    assert_eq!(again.faqs.topics.len(), second.faqs.topics.len());
    let entry_ids = |s: &FaqSet| s.entries.iter().map(|e| e.id.clone()).collect::<Vec<_>>();
    assert_eq!(entry_ids(&again.faqs), entry_ids(&second.faqs), "entries carry over as before");
}

#[test]
fn assignments_name_the_topic_of_their_entry() {
    let run = Miner::builder().min_support(3).build().expect("settings").run(&full()).expect("mining");
    assert!(run.assignments.iter().any(|a| a.faq_id.is_some()), "the corpus must give entries");
    for a in &run.assignments {
        let want = a.faq_id.as_deref().and_then(|f| run.faqs.topic_of(f)).map(|t| t.id.as_str());
        assert_eq!(a.topic_id.as_deref(), want, "{a:?}");
        assert_eq!(a.faq_id.is_some(), a.topic_id.is_some(), "every published entry has a topic: {a:?}");
    }
}

#[test]
fn the_question_shown_opens_with_the_customers_words_not_a_greeting() {
    let asks = [
        "Dạ em chào chị ạ Em ở Hà Nội thì phí ship là bao nhiêu ạ?",
        "Dạ em chào chị ạ Em ở Hà Nội thì phí ship là bao nhiêu ạ?",
        "Chào shop cho mình hỏi ở Hà Nội thì phí ship là bao nhiêu?",
        "Ok. Chào shop ạ em ở Hà Nội thì phí ship là bao nhiêu ạ?",
        "alo shop ơi phí ship ra Hà Nội là bao nhiêu ạ",
    ];
    let convs: Vec<Conversation> = (0..10)
        .map(|i| {
            Conversation::new(
                format!("ship-{i:02}"),
                vec![
                    Message::new(Role::Customer, asks[i % asks.len()]),
                    Message::new(
                        Role::Agent,
                        "Dạ phí ship nội thành Hà Nội là 20.000đ, miễn phí cho đơn từ 300.000đ ạ.",
                    ),
                ],
            )
        })
        .collect();
    let set = Miner::builder().min_support(3).build().expect("settings").mine(&convs).expect("mining");
    let e = set.live().next().expect("the shipping question is an entry");
    let q = e.question.to_lowercase();
    for greeting in ["dạ", "chào", "alo", "ok"] {
        assert!(!q.starts_with(greeting), "the question shown opens with {greeting:?}: {:?}", e.question);
    }
    assert!(q.contains("phí ship"), "{:?}", e.question);
    for v in &e.variants {
        assert!(
            !v.text.to_lowercase().starts_with("dạ em chào"),
            "a variant keeps its greeting: {:?}",
            v.text
        );
    }
}

#[test]
fn hand_edited_topics_never_panic_and_every_entry_is_shown_once() {
    let run = build_with_topics(&full(), None);
    let mut value: serde_json::Value = serde_json::from_str(&run.faqs.to_json()).expect("json");
    let ids: Vec<serde_json::Value> = run.faqs.live().map(|e| e.id.clone().into()).collect();
    // Every entry in two topics, one listed twice, an unknown id, an odd week label.
    let topics = value["topics"].as_array_mut().expect("topics");
    let mut odd = topics[0].clone();
    odd["id"] = "topic-edited".into();
    odd["entry_ids"] =
        serde_json::Value::Array([ids.clone(), vec![ids[0].clone(), "faq-nowhere".into()]].concat());
    odd["weekly_counts"] = serde_json::json!([{"week": "W-2024", "count": 3}]);
    topics.push(odd);
    let set = FaqSet::from_json(&value.to_string()).expect("a hand-edited file reads");
    let html = render_html(&set);
    assert_eq!(html.matches("<article").count(), set.live().count(), "each published entry shown once");
    let md = render_markdown(&set);
    for e in set.live() {
        assert_eq!(md.matches(&format!("- Id: `{}`.", e.id)).count(), 1, "{} shown once in faq.md", e.id);
    }
    // And as --previous, it carries over without a panic; its ids are not handed out twice.
    let again = build_with_topics(&full(), Some(&set));
    let topic_ids: std::collections::BTreeSet<&str> =
        again.faqs.topics.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(topic_ids.len(), again.faqs.topics.len(), "topic ids are unique");
}
