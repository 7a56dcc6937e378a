//! `faqmine serve` end to end (issue 15): the example binary is started on 127.0.0.1 port 0
//! and every endpoint and limit is exercised over real HTTP; then `mine --search-log` reads
//! the log the server wrote. The browser test is in `tests/browser.rs`.

mod common;

use std::time::{Duration, Instant};

use common::{get, p, request, Server};
use faqmine::faq::ExistingFaq;
use faqmine::search::faq_set_from_existing;
use faqmine::FaqIndex;
use serde_json::Value;

fn entry(id: &str, question: &str, answer: &str) -> ExistingFaq {
    ExistingFaq { id: id.into(), question: question.into(), answer: Some(answer.into()) }
}

/// A help center in four languages, with an entry whose text is markup.
fn help_center() -> Vec<ExistingFaq> {
    vec![
        entry("pw", "How do I reset my password?", "Click 'Forgot password' on the sign-in page."),
        entry("refund", "How long does a refund take?", "Refunds reach your bank in 5 to 10 business days."),
        entry("facture", "Où trouver ma facture ?", "Dans Mes commandes, bouton « Télécharger la facture »."),
        entry("giao", "Bao lâu thì nhận được hàng?", "Đơn hàng được giao trong 3 đến 5 ngày làm việc."),
        entry("ur", "میں اپنا پاس ورڈ کیسے تبدیل کروں؟", "ترتیبات میں جائیں اور پاس ورڈ تبدیل کریں۔"),
        entry(
            "xss",
            "Why does <img src=x onerror=alert(1)> show up in my profile?",
            "Profiles show <b>your</b> text as typed.",
        ),
    ]
}

fn index_dir(entries: &[ExistingFaq]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    FaqIndex::create_in_dir(dir.path().join("index"), &faq_set_from_existing(entries)).unwrap();
    dir
}

fn json(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"))
}

fn hit_ids(body: &str) -> Vec<String> {
    json(body)["hits"].as_array().unwrap().iter().map(|h| h["faq_id"].as_str().unwrap().to_string()).collect()
}

fn assert_json_error(status: u16, want: u16, headers: &str, body: &str) {
    assert_eq!(status, want, "{body}");
    assert!(headers.to_ascii_lowercase().contains("content-type: application/json"), "{headers}");
    let v = json(body);
    assert_eq!(v["status"], want, "{body}");
    assert!(v["error"].as_str().is_some_and(|e| !e.is_empty()), "{body}");
}

#[test]
fn search_returns_ranked_hits_with_marked_parts() {
    let dir = index_dir(&help_center());
    let server = Server::start(&dir.path().join("index"), &[]);
    let (status, headers, body) = get(server.addr, "/api/search?q=reset%20my%20password");
    assert_eq!(status, 200, "{body}");
    assert!(headers.to_ascii_lowercase().contains("application/json"));
    let v = json(&body);
    assert!(v["query_id"].as_str().is_some_and(|q| q.starts_with('q')), "{body}");
    let hit = &v["hits"][0];
    assert_eq!(hit["faq_id"], "pw");
    assert_eq!(v["answered"], true, "{body}");
    for field in ["question", "answer", "snippet", "score", "language", "shown_language", "in_query_language"]
    {
        assert!(!hit[field].is_null(), "hits carry {field}: {body}");
    }
    let marked: Vec<&str> = hit["question_parts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["mark"] == true)
        .map(|p| p["text"].as_str().unwrap())
        .collect();
    assert!(marked.contains(&"password"), "the matching word is marked: {body}");
    let joined: String =
        hit["question_parts"].as_array().unwrap().iter().map(|p| p["text"].as_str().unwrap()).collect();
    assert_eq!(joined, hit["question"].as_str().unwrap(), "the parts spell the question");

    // As you type, accents left out, other languages.
    assert_eq!(hit_ids(&get(server.addr, "/api/search?q=reset%20my%20passw&as_you_type=1").2)[0], "pw");
    assert_eq!(hit_ids(&get(server.addr, "/api/search?q=bao%20lau%20nhan%20hang").2)[0], "giao");
    assert_eq!(hit_ids(&get(server.addr, "/api/search?q=trouver%20facture&lang=fr").2)[0], "facture");
    let q = common::encode("پاس ورڈ تبدیل");
    assert_eq!(hit_ids(&get(server.addr, &format!("/api/search?q={q}")).2)[0], "ur");
    // limit is obeyed; an empty query has no hits.
    assert!(hit_ids(&get(server.addr, "/api/search?q=how&limit=1").2).len() <= 1);
    assert!(hit_ids(&get(server.addr, "/api/search?q=").2).is_empty());
}

#[test]
fn suggest_completes_what_is_typed() {
    let dir = index_dir(&help_center());
    let server = Server::start(&dir.path().join("index"), &[]);
    let (status, _, body) = get(server.addr, "/api/suggest?q=refu");
    assert_eq!(status, 200, "{body}");
    let v = json(&body);
    assert_eq!(v["suggestions"][0]["faq_id"], "refund", "{body}");
    assert!(v["suggestions"][0]["question_parts"].as_array().unwrap().iter().any(|p| p["mark"] == true));
    let (status, _, _) = get(server.addr, "/api/suggest?q=refu&limit=51");
    assert_eq!(status, 400);
}

#[test]
fn every_limit_answers_with_a_clear_json_error() {
    let dir = index_dir(&help_center());
    let server = Server::start(&dir.path().join("index"), &[]);
    let a = server.addr;
    // Query length: 512 characters pass (multi-byte ones count as one), 513 are refused.
    let ok = "é".repeat(512);
    let (status, _, body) = get(a, &format!("/api/search?q={}", common::encode(&ok)));
    assert_eq!(status, 200, "{body}");
    let (s, h, b) = get(a, &format!("/api/search?q={}", "a".repeat(513)));
    assert_json_error(s, 414, &h, &b);
    let (s, h, b) = get(a, &format!("/api/suggest?q={}", "a".repeat(600)));
    assert_json_error(s, 414, &h, &b);
    // A very long URL is refused, never a crash.
    let (s, _, _) = get(a, &format!("/api/search?q={}", "a".repeat(20_000)));
    assert!(s == 414 || s == 431 || s == 400, "{s}");
    for (path, want) in [
        ("/api/search?q=x&limit=51", 400),
        ("/api/search?q=x&limit=0", 400),
        ("/api/search?q=x&limit=ten", 400),
        ("/api/search", 400),
        ("/api/search?q=x&as_you_type=maybe", 400),
        ("/api/search?q=x&lang=%3Cscript%3E", 400),
        ("/api/search?q=x&prev=nope", 400),
        ("/nope", 404),
    ] {
        let (s, h, b) = get(a, path);
        assert_json_error(s, want, &h, &b);
    }
    assert_eq!(get(a, "/api/search?q=x&limit=50").0, 200);
    // Bytes that are not UTF-8 are read as replacement characters: a search, not a crash.
    assert_eq!(get(a, "/api/search?q=%FF%FE%00").0, 200);
    // The wrong method.
    let (s, h, b) = request(a, "POST", "/api/search?q=x", &[("Content-Type", "application/json")], b"{}");
    assert_json_error(s, 405, &h, &b);
    // Bodies: at most 16 KB, JSON only, the right fields.
    let big = vec![b' '; 16 * 1024 + 1];
    let (s, h, b) = request(a, "POST", "/api/feedback", &[("Content-Type", "application/json")], &big);
    assert_json_error(s, 413, &h, &b);
    let good = br#"{"query_id":"q1-2","faq_id":"pw","helpful":true}"#;
    let (s, h, b) = request(a, "POST", "/api/feedback", &[("Content-Type", "text/plain")], good);
    assert_json_error(s, 415, &h, &b);
    for body in [
        &b"{not json"[..],
        br#"{"query_id":"q1-2","faq_id":"pw"}"#,
        br#"{"query_id":"../../etc","faq_id":"pw","helpful":true}"#,
        br#"{"query_id":"q1-2","faq_id":"","helpful":true}"#,
    ] {
        let (s, h, b) = request(a, "POST", "/api/feedback", &[("Content-Type", "application/json")], body);
        assert_json_error(s, 400, &h, &b);
    }
    let (s, _, b) = request(a, "POST", "/api/feedback", &[("Content-Type", "application/json")], good);
    assert_eq!((s, json(&b)["ok"].clone()), (200, Value::Bool(true)), "{b}");
}

#[test]
fn no_path_reaches_the_file_system() {
    let dir = index_dir(&help_center());
    let server = Server::start(&dir.path().join("index"), &[]);
    for path in [
        "/../Cargo.toml",
        "/widget.js/../../Cargo.toml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2fCargo.toml",
        "/static/../../../etc/passwd",
        "/meta.json",
        "/index/meta.json",
    ] {
        let (s, h, b) = get(server.addr, path);
        assert_json_error(s, 404, &h, &b);
        assert!(!b.contains("[package]") && !b.contains("root:") && !b.contains("segments"), "{path}: {b}");
    }
}

#[test]
fn pages_widget_and_health() {
    let dir = index_dir(&help_center());
    let server = Server::start(&dir.path().join("index"), &[]);
    let (s, h, page) = get(server.addr, "/?q=refund");
    assert_eq!(s, 200);
    assert!(h.to_ascii_lowercase().contains("content-type: text/html"));
    assert!(h
        .to_ascii_lowercase()
        .contains("content-security-policy: default-src 'none'; script-src 'self'"));
    assert!(page.contains("/widget.js") && page.contains("data-faqmine"));
    let (s, h, js) = get(server.addr, "/widget.js");
    assert_eq!(s, 200);
    assert!(h.to_ascii_lowercase().contains("text/javascript"));
    assert!(js.contains("role") && js.contains("combobox") && !js.contains("innerHTML"), "text only");
    let (s, h, _) = get(server.addr, "/widget.css");
    assert_eq!(s, 200);
    assert!(h.to_ascii_lowercase().contains("text/css"));
    let (s, _, b) = get(server.addr, "/healthz");
    assert_eq!(s, 200);
    let v = json(&b);
    assert_eq!((v["status"].as_str(), v["entries"].as_u64()), (Some("ok"), Some(6)), "{b}");
}

#[test]
fn cors_answers_only_the_allowed_origins() {
    let dir = index_dir(&help_center());
    let server = Server::start(&dir.path().join("index"), &["--allow-origin", "https://help.example.com"]);
    let (_, h, _) =
        request(server.addr, "GET", "/api/search?q=refund", &[("Origin", "https://help.example.com")], b"");
    assert!(h.to_ascii_lowercase().contains("access-control-allow-origin: https://help.example.com"), "{h}");
    let (_, h, _) =
        request(server.addr, "GET", "/api/search?q=refund", &[("Origin", "https://evil.example")], b"");
    assert!(!h.to_ascii_lowercase().contains("access-control-allow-origin"), "{h}");
    let (s, h, _) = request(
        server.addr,
        "OPTIONS",
        "/api/feedback",
        &[
            ("Origin", "https://help.example.com"),
            ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "content-type"),
        ],
        b"",
    );
    assert!(s < 300, "preflight {s}");
    assert!(h.to_ascii_lowercase().contains("access-control-allow-methods"), "{h}");
    // Without an allow-list, no cross-origin header at all.
    let plain = Server::start(&dir.path().join("index"), &[]);
    let (_, h, _) = request(plain.addr, "GET", "/healthz", &[("Origin", "https://help.example.com")], b"");
    assert!(!h.to_ascii_lowercase().contains("access-control-allow-origin"), "{h}");
    // A bad origin is refused at start.
    let o = common::run(&[
        "serve",
        "--index",
        p(&dir.path().join("index")),
        "--allow-origin",
        "help.example.com",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn concurrent_requests_beyond_the_bound_wait_their_turn() {
    let dir = index_dir(&help_center());
    let server = Server::start(&dir.path().join("index"), &["--max-concurrent", "1"]);
    let addr = server.addr;
    let threads: Vec<_> = (0..8)
        .map(|_| {
            std::thread::spawn(move || {
                (0..10).map(|_| get(addr, "/api/search?q=refund").0).collect::<Vec<_>>()
            })
        })
        .collect();
    for t in threads {
        assert!(t.join().unwrap().iter().all(|&s| s == 200));
    }
}

#[test]
fn a_new_index_is_switched_to_without_a_restart() {
    let first = &help_center()[..2];
    let dir = index_dir(first);
    let index = dir.path().join("index");
    let server = Server::start(&index, &["--poll-ms", "50"]);
    assert!(hit_ids(&get(server.addr, "/api/search?q=facture").2).is_empty());

    // A mining run rewrites the directory in place...
    FaqIndex::create_in_dir(&index, &faq_set_from_existing(&help_center()[..3])).unwrap();
    wait_for(|| {
        hit_ids(&get(server.addr, "/api/search?q=facture").2).first().map(String::as_str) == Some("facture")
    });

    // ...or a script swaps in a directory written elsewhere.
    let fresh = dir.path().join("fresh");
    FaqIndex::create_in_dir(&fresh, &faq_set_from_existing(&help_center()[3..4])).unwrap();
    std::fs::remove_dir_all(&index).unwrap();
    std::fs::rename(&fresh, &index).unwrap();
    wait_for(|| hit_ids(&get(server.addr, "/api/search?q=bao%20lau%20nhan%20hang").2) == ["giao"]);
    let v = json(&get(server.addr, "/healthz").2);
    assert_eq!(v["entries"], 1, "{v}");
    assert!(v["index_switches"].as_u64().unwrap() >= 2, "{v}");

    // A directory that is not an index (a run that failed half-way) leaves the old one on.
    std::fs::remove_dir_all(&index).unwrap();
    std::fs::create_dir_all(&index).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(hit_ids(&get(server.addr, "/api/search?q=bao%20lau%20nhan%20hang").2), ["giao"]);
}

fn wait_for(mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < Duration::from_secs(20), "the server did not switch to the new index");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn log_lines(path: &std::path::Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn the_search_log_masks_queries_and_records_what_customers_did() {
    let dir = index_dir(&help_center());
    let log = dir.path().join("search.jsonl");
    let server = Server::start(&dir.path().join("index"), &["--log", p(&log)]);
    let q = common::encode("reset password for anna.kowalski@example.com or +33 6 12 34 56 78");
    let v = json(&get(server.addr, &format!("/api/search?q={q}")).2);
    let query_id = v["query_id"].as_str().unwrap().to_string();
    let empty = json(&get(server.addr, "/api/search?q=zzqxv%20wwkjh").2);
    let body = format!(r#"{{"query_id":"{query_id}","faq_id":"pw"}}"#);
    assert_eq!(
        request(server.addr, "POST", "/api/click", &[("Content-Type", "application/json")], body.as_bytes())
            .0,
        200
    );
    let body = format!(r#"{{"query_id":"{query_id}","faq_id":"pw","helpful":false}}"#);
    assert_eq!(
        request(
            server.addr,
            "POST",
            "/api/feedback",
            &[("Content-Type", "application/json")],
            body.as_bytes()
        )
        .0,
        200
    );
    drop(server);

    let raw = std::fs::read_to_string(&log).unwrap();
    assert!(!raw.contains("anna.kowalski") && !raw.contains("12 34 56"), "personal data in the log: {raw}");
    let lines = log_lines(&log);
    assert_eq!(lines.len(), 4, "{raw}");
    assert_eq!(lines[0]["event"], "search");
    assert_eq!(lines[0]["query_id"], query_id.as_str());
    assert!(lines[0]["query"].as_str().unwrap().contains("⟨email⟩"), "{raw}");
    assert_eq!(lines[0]["hits"][0], "pw");
    assert_eq!(lines[0]["zero_result"], false);
    assert_eq!(lines[1]["query_id"], empty["query_id"]);
    assert_eq!(lines[1]["zero_result"], true);
    // The API says whether there is an answer: "no answer" is what the log counts as not
    // found.
    assert_eq!((v["answered"].as_bool(), empty["answered"].as_bool()), (Some(true), Some(false)));
    assert_eq!((lines[2]["event"].as_str(), lines[2]["faq_id"].as_str()), (Some("click"), Some("pw")));
    assert_eq!((lines[3]["event"].as_str(), lines[3]["helpful"].as_bool()), (Some("feedback"), Some(false)));
}

#[test]
fn the_search_log_is_bounded_by_rotation() {
    let dir = index_dir(&help_center());
    let log = dir.path().join("search.jsonl");
    let server = Server::start(&dir.path().join("index"), &["--log", p(&log), "--log-max-bytes", "2048"]);
    for i in 0..60 {
        assert_eq!(get(server.addr, &format!("/api/search?q=refund%20{i}")).0, 200);
    }
    drop(server);
    let rotated = dir.path().join("search.jsonl.1");
    for f in [&log, &rotated] {
        let size = std::fs::metadata(f).unwrap().len();
        assert!(size > 0 && size <= 2048, "{}: {size} bytes", f.display());
    }
    let newest = log_lines(&log);
    assert!(
        newest.last().unwrap()["query"].as_str().unwrap().ends_with("59"),
        "the newest search is in FILE"
    );
}

#[test]
fn mine_turns_the_search_log_into_gaps_and_a_deflection_rate() {
    let dir = index_dir(&help_center());
    let log = dir.path().join("search.jsonl");
    let server = Server::start(&dir.path().join("index"), &["--log", p(&log)]);
    let post = |path: &str, body: String| {
        let (s, _, b) =
            request(server.addr, "POST", path, &[("Content-Type", "application/json")], body.as_bytes());
        assert_eq!(s, 200, "{b}");
    };
    // Found: typed as you type (three searches, one chain), opened, helpful.
    let mut prev = String::new();
    for q in ["ref", "refun", "refund"] {
        let extra = if prev.is_empty() { String::new() } else { format!("&prev={prev}") };
        prev = json(&get(server.addr, &format!("/api/search?q={q}&as_you_type=1{extra}")).2)["query_id"]
            .as_str()
            .unwrap()
            .to_string();
    }
    post("/api/click", format!(r#"{{"query_id":"{prev}","faq_id":"refund"}}"#));
    post("/api/feedback", format!(r#"{{"query_id":"{prev}","faq_id":"refund","helpful":true}}"#));
    // Gaps: nothing found three times (two spellings), shown and not opened once.
    for q in ["gift%20wrapping", "Gift%20wrapping%3F", "gift%20wrapping"] {
        assert!(hit_ids(&get(server.addr, &format!("/api/search?q={q}")).2).is_empty());
    }
    assert!(!hit_ids(&get(server.addr, "/api/search?q=password").2).is_empty());
    drop(server);

    let conversations = dir.path().join("conversations.jsonl");
    std::fs::write(&conversations, small_corpus()).unwrap();
    let out = dir.path().join("out");
    let o = common::run(&["mine", p(&conversations), "--out", p(&out), "--search-log", p(&log)]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let faq: Value = json(&std::fs::read_to_string(out.join("faq.json")).unwrap());
    assert_eq!(faq["schema_version"], 1, "the field is an addition within version 1");
    let report = &faq["search_log"];
    assert_eq!(report["searches"], 5, "{report}");
    assert_eq!(report["found"], 1, "{report}");
    assert_eq!(report["estimated_deflection"], 0.2, "{report}");
    let gaps = report["gaps"].as_array().unwrap();
    assert_eq!(gaps[0]["query"], "gift wrapping", "{report}");
    assert_eq!((gaps[0]["count"].as_u64(), gaps[0]["zero_result"].as_u64()), (Some(3), Some(3)));
    assert_eq!((gaps[1]["count"].as_u64(), gaps[1]["no_click"].as_u64()), (Some(1), Some(1)));
    assert_eq!(gaps[1]["top_hit"], "pw");
    let html = std::fs::read_to_string(out.join("faq.html")).unwrap();
    assert!(
        html.contains("Searched, not found (2)") && html.contains("gift wrapping"),
        "the section is in faq.html"
    );
    assert!(html.contains("20%"), "the deflection rate is shown");

    // Without a log, faq.json has no such field (files of earlier runs stay byte-identical).
    let plain = dir.path().join("plain");
    let o = common::run(&["mine", p(&conversations), "--out", p(&plain)]);
    assert_eq!(o.status.code(), Some(0));
    assert!(!std::fs::read_to_string(plain.join("faq.json")).unwrap().contains("search_log"));
}

/// Three questions, each asked in four conversations and answered.
fn small_corpus() -> String {
    let topics = [
        ("How do I reset my password?", "Click 'Forgot password' on the sign-in page."),
        ("How long does a refund take?", "Refunds take 5 to 10 business days."),
        ("Can I change my delivery address?", "Yes, in My orders before the parcel ships."),
    ];
    let mut lines = String::new();
    for round in 0..4 {
        for (t, (q, a)) in topics.iter().enumerate() {
            let conv = serde_json::json!({
                "id": format!("c{round}-{t}"),
                "messages": [{"role": "customer", "text": q}, {"role": "agent", "text": a}],
            });
            lines.push_str(&format!("{conv}\n"));
        }
    }
    lines
}

#[test]
fn serve_refuses_what_it_cannot_serve() {
    let dir = tempfile::tempdir().unwrap();
    let o = common::run(&["serve", "--index", p(&dir.path().join("missing")), "--addr", "127.0.0.1:0"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("opening index"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}
