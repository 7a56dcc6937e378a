//! Integration tests through the example binary's commands (`examples/faqmine/`).
//!
//! `cargo test` builds the examples next to the test executables; these tests run the
//! binary found there, the way a user runs it, and check files, output and exit status.

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

mod common;

fn run(args: &[&str]) -> Output {
    common::run(args)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs the binary and fails with its stderr unless it exits 0.
fn run_ok(args: &[&str]) -> Output {
    let o = run(args);
    assert_eq!(o.status.code(), Some(0), "faqmine {args:?} failed: {}", stderr(&o));
    o
}

fn p(path: &Path) -> &str {
    path.to_str().expect("temp paths are UTF-8")
}

/// A small corpus: three questions, each asked in several conversations (some with the
/// very same words, so any miner must group them), a greeting before each question, an
/// agent answer after it, and a few one-off questions.
fn fixture_conversations() -> Vec<String> {
    let topics: [(&[&str], &str); 3] = [
        (
            &[
                "How do I reset my password?",
                "how do i reset my password",
                "I forgot my password, how can I reset it?",
            ],
            "Click 'Forgot password' on the sign-in page and follow the link we email you.",
        ),
        (
            &["How long does a refund take?", "how long does a refund take", "When will I get my refund?"],
            "Refunds reach your bank 5 to 10 business days after we receive the return.",
        ),
        (
            &[
                "Où trouver ma facture ?",
                "où trouver ma facture",
                "Je ne trouve pas ma facture, où est-elle ?",
            ],
            "Votre facture est dans Mes commandes, bouton « Télécharger la facture ».",
        ),
    ];
    let mut lines = Vec::new();
    let mut n = 0;
    for round in 0..3 {
        for (questions, answer) in &topics {
            for q in *questions {
                let conv = serde_json::json!({
                    "id": format!("conv-{n:03}"),
                    "channel": "chat",
                    "messages": [
                        {"role": "customer", "text": "Hello"},
                        {"role": "customer", "text": q, "timestamp": format!("2024-06-{:02}T10:00:00Z", 3 + round)},
                        {"role": "agent", "text": answer},
                    ],
                });
                lines.push(conv.to_string());
                n += 1;
            }
        }
    }
    for (i, q) in ["Do you sell gift cards?", "Is the shop open on Sunday?"].iter().enumerate() {
        let conv = serde_json::json!({
            "id": format!("one-off-{i}"),
            "messages": [{"role": "customer", "text": q}],
        });
        lines.push(conv.to_string());
    }
    lines
}

fn write_lines(path: &Path, lines: &[String]) {
    std::fs::write(path, lines.join("\n") + "\n").expect("writing a fixture");
}

fn read_jsonl(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{}: not JSON: {e}: {l}", path.display())))
        .collect()
}

fn assert_mine_outputs(out: &Path) {
    for file in ["faq.json", "faq.md", "assignments.jsonl"] {
        assert!(out.join(file).is_file(), "mine did not write {file} in {}", out.display());
    }
    let index = out.join("index");
    let has_files = std::fs::read_dir(&index).map(|mut d| d.next().is_some()).unwrap_or(false);
    assert!(has_files, "mine did not write an index in {}", index.display());
}

#[test]
fn mine_writes_every_output() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("conversations.jsonl");
    write_lines(&input, &fixture_conversations());
    let out = dir.path().join("out");
    let o = run_ok(&["mine", p(&input), "--out", p(&out)]);
    assert_mine_outputs(&out);
    assert!(out.join("faq.html").is_file(), "mine did not write faq.html");
    assert!(
        stderr(&o).lines().any(|l| l == "read 29 records, skipped 0"),
        "mine should end its diagnostics with the summary line; stderr was: {}",
        stderr(&o)
    );

    let faq: Value = serde_json::from_str(&std::fs::read_to_string(out.join("faq.json")).unwrap()).unwrap();
    assert!(faq["schema_version"].is_u64(), "faq.json lacks schema_version: {faq}");
    let entries = faq["entries"].as_array().expect("faq.json has entries");
    assert!(!entries.is_empty(), "questions asked 3 times with the same words should make an entry: {faq}");

    // One assignment for every customer message: 27 conversations with 2, 2 with 1.
    let assignments = read_jsonl(&out.join("assignments.jsonl"));
    assert_eq!(assignments.len(), 27 * 2 + 2, "assignments.jsonl should have a line per customer message");
    let ids: Vec<&str> = entries.iter().map(|e| e["id"].as_str().unwrap()).collect();
    for a in &assignments {
        for key in ["conversation_id", "message_index", "faq_id", "topic_id", "question"] {
            assert!(a.get(key).is_some(), "assignment lacks `{key}`: {a}");
        }
        if let Some(id) = a["faq_id"].as_str() {
            assert!(ids.contains(&id), "assignment names an FAQ id that faq.json does not have: {a}");
            let topic = faq["topics"].as_array().expect("faq.json has topics").iter().find(|t| {
                t["entry_ids"].as_array().is_some_and(|es| es.iter().any(|e| e.as_str() == Some(id)))
            });
            assert_eq!(a["topic_id"], topic.expect("every entry is in a topic")["id"], "{a}");
        }
    }
}

#[test]
fn shuffled_input_gives_identical_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let lines = fixture_conversations();
    // Two other orders: reversed, and odd lines before even lines.
    let reversed: Vec<String> = lines.iter().rev().cloned().collect();
    let interleaved: Vec<String> =
        lines.iter().skip(1).step_by(2).chain(lines.iter().step_by(2)).cloned().collect();
    let mut outputs = Vec::new();
    for (name, order) in [("original", &lines), ("reversed", &reversed), ("interleaved", &interleaved)] {
        let input = dir.path().join(format!("{name}.jsonl"));
        write_lines(&input, order);
        let out = dir.path().join(format!("out-{name}"));
        run_ok(&["mine", p(&input), "--out", p(&out)]);
        let faq = std::fs::read_to_string(out.join("faq.json")).unwrap();
        let assignments = std::fs::read_to_string(out.join("assignments.jsonl")).unwrap();
        outputs.push((name, faq, assignments));
    }
    // The same conversations split over two inputs, given in the other order.
    let (a, b) = (dir.path().join("part-a.jsonl"), dir.path().join("part-b.jsonl"));
    write_lines(&a, &lines[..10]);
    write_lines(&b, &lines[10..]);
    let out = dir.path().join("out-split");
    run_ok(&["mine", p(&b), p(&a), "--out", p(&out)]);
    let faq = std::fs::read_to_string(out.join("faq.json")).unwrap();
    let assignments = std::fs::read_to_string(out.join("assignments.jsonl")).unwrap();
    outputs.push(("split over two inputs", faq, assignments));
    for (name, faq, assignments) in &outputs[1..] {
        assert!(*faq == outputs[0].1, "faq.json differs between the original and the {name} input order");
        assert!(
            *assignments == outputs[0].2,
            "assignments.jsonl differs between the original and the {name} input order"
        );
    }
}

#[test]
fn mine_replaces_an_index_of_another_layout() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("conversations.jsonl");
    write_lines(&input, &fixture_conversations());
    let out = dir.path().join("out");
    run_ok(&["mine", p(&input), "--out", p(&out)]);
    // Make the index look as if an older build wrote it: drop faqmine's version file (every
    // file of the index but tantivy's own meta.json and segments).
    let index = out.join("index");
    let ours: Vec<PathBuf> = std::fs::read_dir(&index)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|f| f.extension().is_some_and(|x| x == "json") && !f.ends_with("meta.json"))
        .collect();
    assert!(
        !ours.is_empty(),
        "expected faqmine's own version file beside tantivy's meta.json in {}",
        index.display()
    );
    for f in &ours {
        std::fs::remove_file(f).unwrap();
    }
    let o = run_ok(&["mine", p(&input), "--out", p(&out)]);
    assert!(stderr(&o).contains("replacing"), "mine should say it replaces the old index: {}", stderr(&o));
    run_ok(&["search", "--index", p(&index), "refund"]);
}

/// A curated FAQ for `index`, and queries whose ids are deliberately not in sorted order.
fn curated_faq(dir: &Path) -> PathBuf {
    let faq = dir.join("faq.jsonl");
    let lines = [
        r#"{"id": "pw", "question": "How do I reset my password?", "answer": "Use 'Forgot password' on the sign-in page."}"#,
        r#"{"id": "refund", "question": "How long does a refund take?", "answer": "5 to 10 business days."}"#,
        r#"{"id": "invoice", "question": "Où trouver ma facture ?", "answer": "Dans Mes commandes."}"#,
    ];
    write_lines(&faq, &lines.map(String::from));
    faq
}

#[test]
fn batch_search_keeps_the_input_order() {
    let dir = tempfile::tempdir().unwrap();
    let faq = curated_faq(dir.path());
    let index = dir.path().join("index");
    run_ok(&["index", p(&faq), "--out", p(&index)]);

    let queries = dir.path().join("queries.jsonl");
    let input = [
        ("q9", "refund"),
        ("q1", "reset password"),
        ("q5", "facture"),
        ("q0", "zzzz qqqq"),
        ("q3", "refund"),
    ];
    let lines: Vec<String> =
        input.iter().map(|(id, q)| serde_json::json!({"id": id, "query": q}).to_string()).collect();
    write_lines(&queries, &lines);
    let o = run_ok(&["search", "--index", p(&index), "--queries", p(&queries), "--json"]);
    let results: Vec<Value> = stdout(&o).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let ids: Vec<&str> = results.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["q9", "q1", "q5", "q0", "q3"], "batch search must answer in input order");
    let top: Vec<Option<&str>> = results.iter().map(|r| r["hits"][0]["faq_id"].as_str()).collect();
    assert_eq!(
        top,
        [Some("refund"), Some("pw"), Some("invoice"), None, Some("refund")],
        "each query's best hit should be the entry that shares its words"
    );
    let hit = &results[0]["hits"][0];
    for key in ["faq_id", "score", "question"] {
        assert!(hit.get(key).is_some(), "a hit lacks `{key}`: {hit}");
    }
}

#[test]
fn single_search_and_index_from_faq_json() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("conversations.jsonl");
    write_lines(&input, &fixture_conversations());
    let out = dir.path().join("out");
    run_ok(&["mine", p(&input), "--out", p(&out)]);
    // Re-index the mined faq.json elsewhere and search it both ways.
    let index = dir.path().join("index2");
    run_ok(&["index", p(&out.join("faq.json")), "--out", p(&index)]);
    let o =
        run_ok(&["search", "--index", p(&index), "how long does a refund take", "--json", "--limit", "2"]);
    let v: Value = serde_json::from_str(stdout(&o).trim()).expect("search --json prints one JSON object");
    let hits = v["hits"].as_array().expect("hits");
    assert!(!hits.is_empty() && hits.len() <= 2, "--limit 2 should give 1 or 2 hits: {v}");
    assert!(
        hits[0]["question"].as_str().unwrap().to_lowercase().contains("refund"),
        "the refund question should rank first: {v}"
    );
    let o = run_ok(&["search", "--index", p(&index), "reset my password"]);
    assert!(stdout(&o).contains("password"), "the table should show the password entry: {}", stdout(&o));
    // As you type, an unfinished last word still finds its entry.
    let o = run_ok(&["search", "--index", p(&index), "--as-you-type", "--json", "reset my passw"]);
    let v: Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    let first = v["hits"][0]["question"].as_str().unwrap_or_default().to_lowercase();
    assert!(first.contains("password"), "`reset my passw` as you type should find the password entry: {v}");
}

/// Example A of `faqmine::eval`'s unit tests, through the command line. Labels a a a b b b;
/// clusters F F G G H H. By hand: NMI = (4/3) ln 2 / ln 6 = 0.516, ARI = 0.8 / 3.3 = 0.242,
/// purity = (2 + 1 + 2) / 6 = 0.833, coverage 1, 3 FAQs for 2 labels. Two `thanks` messages
/// are ignored, one of which was put in F: 0.5 of the ignored items are in an FAQ.
#[test]
fn eval_prints_hand_computed_scores() {
    let dir = tempfile::tempdir().unwrap();
    let labels = dir.path().join("labels.jsonl");
    let assignments = dir.path().join("assignments.jsonl");
    let rows = [("a", "F"), ("a", "F"), ("a", "G"), ("b", "G"), ("b", "H"), ("b", "H")];
    let mut l: Vec<String> = Vec::new();
    let mut a: Vec<String> = Vec::new();
    for (i, (label, faq)) in rows.iter().enumerate() {
        l.push(
            serde_json::json!({"conversation_id": format!("c{i}"), "message_index": 0, "label": label})
                .to_string(),
        );
        a.push(serde_json::json!({"conversation_id": format!("c{i}"), "message_index": 0, "faq_id": faq, "question": "q"}).to_string());
    }
    l.push(r#"{"conversation_id": "c0", "message_index": 1, "label": "thanks"}"#.into());
    l.push(r#"{"conversation_id": "c1", "message_index": 1, "label": "thanks"}"#.into());
    a.push(r#"{"conversation_id": "c0", "message_index": 1, "faq_id": "F"}"#.into());
    a.push(r#"{"conversation_id": "c1", "message_index": 1, "faq_id": null}"#.into());
    write_lines(&labels, &l);
    write_lines(&assignments, &a);

    let args =
        ["eval", "--labels", p(&labels), "--assignments", p(&assignments), "--ignore-labels", "thanks"];
    let table = stdout(&run_ok(&args));
    assert_rows(
        &table,
        &[
            ("NMI", "0.516"),
            ("ARI", "0.242"),
            ("FAQ purity", "0.833"),
            ("coverage", "1.000"),
            ("FAQs / true labels", "3 / 2"),
            ("ignored items put in an FAQ", "0.500"),
        ],
    );

    let mut json_args = args.to_vec();
    json_args.push("--json");
    let v: Value = serde_json::from_str(stdout(&run_ok(&json_args)).trim()).expect("eval --json prints JSON");
    let c = &v["clustering"];
    let close = |key: &str, want: f64| {
        let got = c[key].as_f64().unwrap_or_else(|| panic!("no `{key}` in {v}"));
        assert!((got - want).abs() < 1e-9, "{key}: got {got}, want {want} (hand-computed)");
    };
    close("nmi", (4.0 / 3.0) * 2f64.ln() / 6f64.ln());
    close("ari", 0.8 / 3.3);
    close("purity", 5.0 / 6.0);
    close("coverage", 1.0);
    close("ignored_in_faq", 0.5);
    assert_eq!((c["items"].as_u64(), c["faqs"].as_u64(), c["labels"].as_u64()), (Some(6), Some(3), Some(2)));

    // --details: F = {a, a}, G = {a, b}, H = {b, b}; label a is spread over F and G.
    json_args.push("--details");
    let v: Value = serde_json::from_str(stdout(&run_ok(&json_args)).trim()).expect("eval --details --json");
    let faqs: Vec<(&str, u64)> = v["faqs"]
        .as_array()
        .expect("faqs")
        .iter()
        .map(|f| (f["faq_id"].as_str().unwrap(), f["labels"].as_u64().unwrap()))
        .collect();
    assert_eq!(faqs, [("F", 1), ("G", 2), ("H", 1)], "per-FAQ details: {v}");
    let a = &v["labels"][0];
    assert_eq!(
        (a["label"].as_str(), a["faqs"].as_u64(), a["main_faq"].as_str()),
        (Some("a"), Some(2), Some("F")),
        "{v}"
    );
}

/// Example A again, scored at the topic level: F and G are one topic, H another, so the
/// topics are T T T T U U for labels a a a b b b. By hand: pairs within cells
/// C(3,2) + C(1,2) + C(2,2) = 4; label pairs 3 + 3 = 6; topic pairs C(4,2) + C(2,2) = 7;
/// expected 6 × 7 / 15 = 2.8; ARI = (4 − 2.8) / (6.5 − 2.8) = 0.324; purity (3 + 2) / 6 = 0.833.
#[test]
fn eval_scores_topics_and_names_a_file_without_them() {
    let dir = tempfile::tempdir().unwrap();
    let labels = dir.path().join("labels.jsonl");
    let assignments = dir.path().join("assignments.jsonl");
    let rows = [
        ("a", "F", "T"),
        ("a", "F", "T"),
        ("a", "G", "T"),
        ("b", "G", "T"),
        ("b", "H", "U"),
        ("b", "H", "U"),
    ];
    let mut l: Vec<String> = Vec::new();
    let mut a: Vec<String> = Vec::new();
    for (i, (label, faq, topic)) in rows.iter().enumerate() {
        l.push(
            serde_json::json!({"conversation_id": format!("c{i}"), "message_index": 0, "label": label})
                .to_string(),
        );
        a.push(
            serde_json::json!({"conversation_id": format!("c{i}"), "message_index": 0, "faq_id": faq, "topic_id": topic})
                .to_string(),
        );
    }
    write_lines(&labels, &l);
    write_lines(&assignments, &a);
    let args = ["eval", "--labels", p(&labels), "--assignments", p(&assignments), "--level", "topic"];
    let table = stdout(&run_ok(&args));
    assert_rows(
        &table,
        &[("level", "topic"), ("ARI", "0.324"), ("FAQ purity", "0.833"), ("topics / true labels", "2 / 2")],
    );
    let entry = stdout(&run_ok(&args[..5]));
    assert_rows(&entry, &[("level", "entry"), ("ARI", "0.242")]);

    // Assignments written before topics existed cannot be scored by topic: the error says
    // which file, record and field.
    a[3] = r#"{"conversation_id": "c3", "message_index": 0, "faq_id": "G"}"#.into();
    write_lines(&assignments, &a);
    let out = run(&args);
    assert!(!out.status.success(), "a record without topic_id fails --level topic");
    let err = stderr(&out);
    assert!(
        err.contains("assignments.jsonl") && err.contains("record 4") && err.contains("topic_id"),
        "{err}"
    );
}

#[test]
fn eval_scores_retrieval() {
    // Three queries: relevant at rank 1, at rank 2, and not found. recall@1 = 1/3,
    // recall@5 = 2/3, MRR@10 = (1 + 1/2) / 3 = 0.5.
    let dir = tempfile::tempdir().unwrap();
    let queries = dir.path().join("queries.jsonl");
    let results = dir.path().join("results.jsonl");
    write_lines(
        &queries,
        &[
            r#"{"id": "1", "query": "x", "relevant": ["a"]}"#.into(),
            r#"{"id": "2", "query": "y", "relevant": ["b"]}"#.into(),
            r#"{"id": "3", "query": "z", "relevant": ["c"]}"#.into(),
        ],
    );
    write_lines(
        &results,
        &[
            r#"{"id": "1", "hits": [{"faq_id": "a", "score": 2.0}]}"#.into(),
            r#"{"id": "2", "hits": [{"faq_id": "a"}, {"faq_id": "b"}]}"#.into(),
            r#"{"id": "3", "hits": []}"#.into(),
        ],
    );
    let o = run_ok(&["eval", "--queries", p(&queries), "--results", p(&results), "--json"]);
    let v: Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    let r = &v["retrieval"];
    for (key, want) in [("recall_at_1", 1.0 / 3.0), ("recall_at_5", 2.0 / 3.0), ("mrr_at_10", 0.5)] {
        let got = r[key].as_f64().unwrap_or_else(|| panic!("no `{key}` in {v}"));
        assert!((got - want).abs() < 1e-9, "{key}: got {got}, want {want}");
    }
}

/// Deflection through the command line: FAQ F holds refund, refund, login (mostly refund),
/// G holds login. Query 1 (refund) hits F first; query 2 (login) has G only third; query 3
/// (card) has no FAQ. By hand: deflection@1 = 1/3, @3 = 2/3, 2 of 3 labels mostly held.
#[test]
fn eval_scores_deflection() {
    let dir = tempfile::tempdir().unwrap();
    let [labels, assignments, queries, results] =
        ["labels", "assignments", "queries", "results"].map(|f| dir.path().join(format!("{f}.jsonl")));
    let mut l = Vec::new();
    let mut a = Vec::new();
    for (i, (label, faq)) in
        [("refund", "F"), ("refund", "F"), ("login", "F"), ("login", "G")].iter().enumerate()
    {
        l.push(
            serde_json::json!({"conversation_id": format!("c{i}"), "message_index": 0, "label": label})
                .to_string(),
        );
        a.push(
            serde_json::json!({"conversation_id": format!("c{i}"), "message_index": 0, "faq_id": faq})
                .to_string(),
        );
    }
    write_lines(&labels, &l);
    write_lines(&assignments, &a);
    write_lines(
        &queries,
        &[
            r#"{"id": "t1", "query": "money back?", "label": "refund"}"#.into(),
            r#"{"id": "t2", "query": "cannot sign in", "label": "login"}"#.into(),
            r#"{"id": "t3", "query": "card lost", "label": "card"}"#.into(),
        ],
    );
    write_lines(
        &results,
        &[
            r#"{"id": "t1", "hits": [{"faq_id": "F"}, {"faq_id": "G"}]}"#.into(),
            r#"{"id": "t2", "hits": [{"faq_id": "F"}, {"faq_id": "X"}, {"faq_id": "G"}]}"#.into(),
            r#"{"id": "t3", "hits": [{"faq_id": "F"}]}"#.into(),
        ],
    );
    let args = [
        "eval",
        "--labels",
        p(&labels),
        "--assignments",
        p(&assignments),
        "--deflection-queries",
        p(&queries),
        "--results",
        p(&results),
    ];
    let table = stdout(&run_ok(&args));
    assert_rows(
        &table,
        &[("deflection@1", "0.333"), ("deflection@3", "0.667"), ("FAQs mostly of one label", "2 / 2")],
    );
    let mut json_args = args.to_vec();
    json_args.push("--json");
    let v: Value = serde_json::from_str(stdout(&run_ok(&json_args)).trim()).expect("eval --json prints JSON");
    let d = &v["deflection"];
    for (key, want) in
        [("deflection_at_1", 1.0 / 3.0), ("deflection_at_3", 2.0 / 3.0), ("reachable", 2.0 / 3.0)]
    {
        let got = d[key].as_f64().unwrap_or_else(|| panic!("no `{key}` in {v}"));
        assert!((got - want).abs() < 1e-9, "{key}: got {got}, want {want}");
    }
    // Results need something to be scored against.
    let o =
        run(&["eval", "--labels", p(&labels), "--assignments", p(&assignments), "--results", p(&results)]);
    assert_ne!(
        o.status.code(),
        Some(0),
        "--results without --queries or --deflection-queries should be refused"
    );
}

#[test]
fn analyze_prints_the_spec_fields() {
    let o = run_ok(&["analyze", "--lang", "vi", "Làm sao để đổi mật khẩu?"]);
    let v: Value = serde_json::from_str(stdout(&o).trim()).expect("analyze prints one JSON object");
    for key in ["language", "script", "is_question", "sentences", "tokens", "folded"] {
        assert!(v.get(key).is_some(), "analyze output lacks `{key}`: {v}");
    }
    assert_eq!(v["language"], "vi", "--lang should force the language: {v}");
    assert_eq!(v["is_question"], true, "a sentence ending in `?` asks something: {v}");
    assert_eq!(
        v["tokens"].as_array().map(Vec::len),
        v["folded"].as_array().map(Vec::len),
        "tokens and folded should pair up: {v}"
    );
}

#[test]
fn bad_usage_exits_2() {
    let cases: &[&[&str]] = &[
        &["no-such-command"],
        &["mine", "x.jsonl"],             // --out missing
        &["mine", "--out", "dir"],        // no input
        &["search", "--index", "dir"],    // neither a query nor --queries
        &["eval"],                        // nothing to score
        &["eval", "--labels", "l.jsonl"], // --assignments missing
        &["mine", "x", "--out", "d", "--min-support", "many"],
        &["mine", "x", "--out", "d", "--min-support", "1"], // rejected by the miner's builder
        &["mine", "x", "--out", "d", "--lang", ","],        // no language at all
    ];
    for args in cases {
        let o = run(args);
        assert_eq!(
            o.status.code(),
            Some(2),
            "faqmine {args:?} is bad usage and should exit 2: {}",
            stderr(&o)
        );
    }
}

#[test]
fn a_missing_input_fails_with_one_line_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-file.jsonl");
    let out = dir.path().join("out");
    let o = run(&["mine", p(&missing), "--out", p(&out)]);
    assert_eq!(o.status.code(), Some(1), "a missing input is a failed run (exit 1): {}", stderr(&o));
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "the error should be one line, got:\n{err}");
    assert!(lines[0].contains(p(&missing)), "the error should name the missing path: {}", lines[0]);

    for args in [
        vec!["search", "--index", p(&out), "anything"],
        vec!["eval", "--labels", p(&missing), "--assignments", p(&missing)],
        vec!["index", p(&missing), "--out", p(&out)],
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(1), "faqmine {args:?} should fail with exit 1: {}", stderr(&o));
        assert_eq!(
            stderr(&o).trim().lines().count(),
            1,
            "faqmine {args:?}: one-line error, got {}",
            stderr(&o)
        );
    }
}

#[test]
fn bad_records_are_diagnostics_and_a_run_with_none_read_fails() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("mixed.jsonl");
    let mut lines = fixture_conversations();
    lines.insert(1, "this is not json".to_string());
    write_lines(&input, &lines);
    let out = dir.path().join("out");
    let o = run_ok(&["mine", p(&input), "--out", p(&out)]);
    let err = stderr(&o);
    let where_ = format!("{}:2", p(&input));
    assert!(
        err.lines().any(|l| l.starts_with(&where_)),
        "the bad line should be reported as `{where_}: ...` on its own line; stderr: {err}"
    );
    // Whether "read" counts the skipped record too is the reader's business; the line's shape
    // and the skipped count are the contract.
    assert!(
        err.lines().any(|l| l.starts_with("read ") && l.ends_with(" records, skipped 1")),
        "summary line `read N records, skipped 1` missing; stderr: {err}"
    );

    let garbage = dir.path().join("garbage.jsonl");
    write_lines(&garbage, &["not json".to_string(), "{\"id\": 1}".to_string()]);
    let o = run(&["mine", p(&garbage), "--out", p(&out)]);
    assert_eq!(o.status.code(), Some(1), "nothing readable is a failed run: {}", stderr(&o));
    let last = stderr(&o).lines().last().unwrap_or_default().to_string();
    assert!(
        last.starts_with("faqmine: error:") && last.contains(p(&garbage)),
        "the error should name the input: {last}"
    );
}

/// The shared development data sits beside the repository; skip when it is absent.
fn shared_data() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipping: {} is absent", dir.display());
        None
    }
}

#[test]
fn mine_real_multidogo_software_chats() {
    let Some(data) = shared_data() else { return };
    let input = data.join("multidogo-software-dev/conversations.jsonl");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = run_ok(&["mine", p(&input), "--out", p(&out)]);
    assert_mine_outputs(&out);
    let assignments = read_jsonl(&out.join("assignments.jsonl"));
    // Every customer message is looked at; the set labels each of them.
    let labels = read_jsonl(&data.join("multidogo-software-dev/labels.jsonl"));
    assert_eq!(
        assignments.len(),
        labels.len(),
        "one assignment per customer message; stderr: {}",
        stderr(&o)
    );
}

/// The bundled demo corpus; skip when it is absent.
fn demo_data() -> Option<PathBuf> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data");
    if data.is_dir() {
        Some(data)
    } else {
        eprintln!("skipping: the demo corpus {} is absent", data.display());
        None
    }
}

#[test]
fn demo_runs_when_its_corpus_is_present() {
    if demo_data().is_none() {
        return;
    }
    let o = run_ok(&[]);
    let out = stdout(&o);
    assert!(out.contains("searches:"), "the demo should run searches:\n{out}");
    assert!(
        out.contains("lam sao doi mat khau"),
        "the demo should search Vietnamese without accents:\n{out}"
    );
}

/// Asserts that each `(row, value)` names a line of `table` that starts with `row` and ends
/// with `value`.
fn assert_rows(table: &str, rows: &[(&str, &str)]) {
    for (row, value) in rows {
        let line = table
            .lines()
            .find(|l| l.starts_with(row))
            .unwrap_or_else(|| panic!("no `{row}` row in:\n{table}"));
        assert!(line.trim_end().ends_with(value), "`{row}` should be {value}, got `{line}`");
    }
}

#[test]
fn granularity_is_checked_and_fine_mines_purer_faqs() {
    let Some(data) = demo_data() else { return };
    let input = data.join("conversations.jsonl");
    let dir = tempfile::tempdir().unwrap();
    let bad = run(&["mine", p(&input), "--out", p(&dir.path().join("bad")), "--granularity", "coarse"]);
    assert_eq!(bad.status.code(), Some(2), "an unknown granularity is bad usage");
    assert!(stderr(&bad).contains("standard") && stderr(&bad).contains("fine"), "{}", stderr(&bad));
    let labels = data.join("labels.jsonl");
    let faqs = |granularity: &str| {
        let out = dir.path().join(granularity);
        run_ok(&["mine", p(&input), "--out", p(&out), "--granularity", granularity]);
        assert_mine_outputs(&out);
        let faq: Value = serde_json::from_slice(&std::fs::read(out.join("faq.json")).unwrap()).unwrap();
        let entries = faq["entries"].as_array().cloned().unwrap_or_default();
        let scores = run_ok(&[
            "eval",
            "--labels",
            p(&labels),
            "--assignments",
            p(&out.join("assignments.jsonl")),
            "--json",
        ]);
        let scores: Value = serde_json::from_slice(&scores.stdout).unwrap();
        (entries.len(), scores["clustering"]["purity"].as_f64().unwrap())
    };
    let ((standard, standard_purity), (fine, fine_purity)) = (faqs("standard"), faqs("fine"));
    assert!(standard > 0 && fine > 0, "the demo has FAQs");
    // On the demo the agents' replies, not the granularity, draw most boundaries, and the
    // standard setting already mines entries of one answer, so the count of FAQs may go
    // either way by one or two; what fine promises is purity before coverage.
    assert!(
        fine_purity >= standard_purity,
        "fine mines purer FAQs: {fine} of purity {fine_purity:.3} against {standard} of {standard_purity:.3}"
    );
}

#[test]
fn user_masks_reach_every_output_and_bad_ones_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("conversations.jsonl");
    let asks = [
        "Why was policy PX-7781 cancelled?",
        "why was my policy PX-7781 cancelled",
        "policy PX-7781 cancelled, why?",
    ];
    let lines: Vec<String> = (0..6)
        .map(|i| {
            serde_json::json!({
                "id": format!("c{i}"),
                "messages": [
                    {"role": "customer", "text": asks[i % 3]},
                    {"role": "agent", "text": "Policy PX-7781 lapsed because the premium was not paid."},
                ],
            })
            .to_string()
        })
        .collect();
    write_lines(&input, &lines);
    let out = dir.path().join("out");
    run_ok(&["mine", p(&input), "--out", p(&out), "--mask", r"policy=\bPX-\d{4}\b"]);
    let mut seen = 0;
    for file in ["faq.json", "faq.md", "faq.html", "assignments.jsonl"] {
        let text = std::fs::read_to_string(out.join(file)).unwrap();
        assert!(!text.contains("PX-7781"), "{file} shows the masked identifier:\n{text}");
        seen += usize::from(text.contains("⟨policy⟩"));
    }
    assert_eq!(seen, 4, "every output shows the placeholder instead");
    let o = run_ok(&["search", "--index", p(&out.join("index")), "policy cancelled", "--json"]);
    assert!(stdout(&o).contains("⟨policy⟩") && !stdout(&o).contains("PX-7781"), "{}", stdout(&o));
    for bad in ["policy", "=PX", "policy=(", "policy=x*"] {
        let o = run(&["mine", p(&input), "--out", p(&dir.path().join("bad")), "--mask", bad]);
        assert_eq!(o.status.code(), Some(2), "--mask {bad:?} is bad usage: {}", stderr(&o));
    }
}
