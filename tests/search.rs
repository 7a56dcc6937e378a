//! Search behaviour (issue 7): accents, typos, as-you-type, filters, popularity, snippets,
//! robustness, concurrency and the on-disk index.

use std::path::Path;

use faqmine::faq::{ExistingFaq, FaqEntry, FaqSet, Status};
use faqmine::search::{faq_set_from_existing, FaqIndex, LastTerm, SearchRequest, INDEX_SCHEMA_VERSION};
use faqmine::Error;

/// An entry from the fields that matter here; everything else defaulted.
fn entry(id: &str, language: &str, question: &str, answer: &str) -> FaqEntry {
    serde_json::from_value(serde_json::json!({
        "id": id, "question": question, "answer": answer, "language": language,
    }))
    .expect("a valid entry")
}

fn with(mut e: FaqEntry, f: impl FnOnce(&mut FaqEntry)) -> FaqEntry {
    f(&mut e);
    e
}

/// A small multilingual help center.
fn help_center() -> FaqSet {
    FaqSet::new(vec![
        entry("vi-password", "vi", "Làm sao đổi mật khẩu?", "Vào Cài đặt, chọn Bảo mật, rồi Đổi mật khẩu."),
        entry("vi-face", "vi", "Mặt khâu bị lỗi", "Liên hệ bộ phận hỗ trợ."),
        entry("vi-refund", "vi", "Khi nào tôi được hoàn tiền?", "Hoàn tiền trong vòng 7 ngày làm việc."),
        entry(
            "fr-password",
            "fr",
            "Comment réinitialiser mon mot de passe ?",
            "Cliquez sur « Mot de passe oublié ».",
        ),
        entry("fr-delivery", "fr", "Où est ma commande ?", "Suivez votre livraison depuis votre compte."),
        entry(
            "en-password",
            "en",
            "How do I reset my password?",
            "Click 'Forgot password' on the sign-in page.",
        ),
        entry("en-shipping", "en", "How long does shipping take?", "Shipping takes 3 to 5 business days."),
        entry("en-refund", "en", "Can I get a refund?", "Refunds are issued within 7 days of the return."),
        entry(
            "en-account",
            "en",
            "How do I delete my account?",
            "Go to Settings, then Privacy, then Delete account.",
        ),
        entry(
            "ur-password",
            "ur",
            "میں اپنا پاس ورڈ کیسے تبدیل کروں؟",
            "ترتیبات میں جا کر پاس ورڈ تبدیل کریں۔",
        ),
    ])
}

fn ids(index: &FaqIndex, request: SearchRequest) -> Vec<String> {
    index.search(&request).expect("search succeeds").into_iter().map(|h| h.faq_id).collect()
}

fn top(index: &FaqIndex, query: &str) -> Option<String> {
    ids(index, SearchRequest::new(query).limit(3)).into_iter().next()
}

#[test]
fn queries_find_their_entry_in_every_language() {
    let index = FaqIndex::create_in_ram(&help_center()).unwrap();
    let table = [
        ("Làm sao đổi mật khẩu", "vi-password"),
        ("lam sao doi mat khau", "vi-password"),
        ("LAM SAO DOI MAT KHAU", "vi-password"),
        ("hoan tien", "vi-refund"),
        ("réinitialiser mot de passe", "fr-password"),
        ("reinitialiser mot de passe", "fr-password"),
        ("où est ma commande", "fr-delivery"),
        ("reset my password", "en-password"),
        ("how long does shipping take?", "en-shipping"),
        ("refund", "en-refund"),
        ("پاس ورڈ تبدیل", "ur-password"),
    ];
    for (query, want) in table {
        assert_eq!(top(&index, query).as_deref(), Some(want), "query {query:?} should find {want} first");
    }
}

#[test]
fn an_exact_diacritic_match_ranks_above_a_folded_one() {
    let index = FaqIndex::create_in_ram(&help_center()).unwrap();
    // "mật khẩu" and "mặt khâu" fold to the same letters.
    let hits = ids(&index, SearchRequest::new("mật khẩu").language("vi"));
    let exact = hits.iter().position(|h| h == "vi-password");
    let folded = hits.iter().position(|h| h == "vi-face");
    assert!(exact.is_some() && folded.is_some(), "both entries should match \"mật khẩu\": {hits:?}");
    assert!(exact < folded, "the exact match should rank first: {hits:?}");
    let hits = ids(&index, SearchRequest::new("mặt khâu").language("vi"));
    assert_eq!(hits.first().map(String::as_str), Some("vi-face"), "and the other way round: {hits:?}");
}

#[test]
fn typos_are_forgiven_and_ranked_by_edit_distance() {
    let set = FaqSet::new(vec![
        entry("exact", "en", "Where is the warehouse?", "In Lyon."),
        entry("one-edit", "en", "Where is the warehose?", "In Lyon."),
        entry("two-edits", "en", "Where is the wrehose?", "In Lyon."),
        entry("unrelated", "en", "How do I pay?", "By card."),
    ]);
    let index = FaqIndex::create_in_ram(&set).unwrap();
    let hits = ids(&index, SearchRequest::new("warehouse").last_term(LastTerm::Complete));
    assert_eq!(hits, ["exact", "one-edit", "two-edits"], "exact, then distance 1, then distance 2");
    let index = FaqIndex::create_in_ram(&help_center()).unwrap();
    for (query, want) in
        [("pasword reset", "en-password"), ("refnud", "en-refund"), ("shiping time", "en-shipping")]
    {
        assert_eq!(top(&index, query).as_deref(), Some(want), "misspelt {query:?} should find {want}");
    }
}

#[test]
fn the_word_being_typed_matches_as_a_prefix() {
    let index = FaqIndex::create_in_ram(&help_center()).unwrap();
    let table = [
        ("how do i reset my passw", "en-password"),
        ("passw", "en-password"),
        ("how long does shippi", "en-shipping"),
        ("delete my acc", "en-account"),
        ("lam sao doi mat kh", "vi-password"),
        ("comment réinitialiser mon mot de pa", "fr-password"),
    ];
    for (query, want) in table {
        assert_eq!(top(&index, query).as_deref(), Some(want), "as-you-type {query:?} should find {want}");
    }
    // A finished word (followed by a space) is not a prefix any more, and a complete query
    // never is.
    assert_eq!(
        ids(&index, SearchRequest::new("accou ")),
        Vec::<String>::new(),
        "\"accou \" is a finished word"
    );
    let complete = SearchRequest::new("accou").last_term(LastTerm::Complete);
    assert_eq!(ids(&index, complete), Vec::<String>::new(), "a complete query has no prefix matches");
}

#[test]
fn short_prefixes_complete_to_the_current_entries() {
    // Completions of prefixes of one to three letters come from a table built once per
    // index version: after a replace they must be those of the new entries.
    let first = FaqSet::new(vec![
        entry("zucchini", "en", "How do I cook zucchini?", "Slice it."),
        entry("other", "en", "Where is my parcel?", "Track it."),
    ]);
    let index = FaqIndex::create_in_ram(&first).unwrap();
    for query in ["zu", "zuc", "how do i cook zu"] {
        assert_eq!(top(&index, query).as_deref(), Some("zucchini"), "as-you-type {query:?} before replace");
    }
    let second = FaqSet::new(vec![
        entry("zulu", "en", "Do you speak Zulu?", "Yes."),
        entry("other", "en", "Where is my parcel?", "Track it."),
    ]);
    index.replace(&second).unwrap();
    for query in ["zu", "zul"] {
        assert_eq!(
            top(&index, query).as_deref(),
            Some("zulu"),
            "as-you-type {query:?} after replace: stale table?"
        );
    }
    assert_eq!(
        ids(&index, SearchRequest::new("zuc")),
        Vec::<String>::new(),
        "\"zuc\" completes nothing any more"
    );
}

#[test]
fn suggest_completes_questions() {
    let index = FaqIndex::create_in_ram(&help_center()).unwrap();
    let s = index.suggest("how do i del", 3).unwrap();
    assert_eq!(s.first().map(|s| s.faq_id.as_str()), Some("en-account"), "suggestions: {s:?}");
    let first = &s[0];
    let marked: Vec<&str> = first.highlights.iter().map(|r| &first.question[r.clone()]).collect();
    assert!(marked.contains(&"delete"), "the completed word should be highlighted: {marked:?}");
    assert!(index.suggest("", 3).unwrap().is_empty(), "nothing typed, nothing suggested");
    assert!(index.suggest("how", 0).unwrap().is_empty(), "limit 0");
}

#[test]
fn status_and_language_filters() {
    let set = FaqSet::new(vec![
        entry("live", "en", "How do I reset my password?", "Use the link."),
        with(entry("old", "en", "Password reset (old way)", "Call us."), |e| e.status = Status::Retired),
        with(entry("hidden", "en", "Password reset hack", "No."), |e| e.status = Status::Suppressed),
        with(entry("merged", "en", "Reset password please", "Use the link."), |e| e.status = Status::Merged),
        entry("fr", "fr", "Réinitialiser le password", "Cliquez."),
    ]);
    let index = FaqIndex::create_in_ram(&set).unwrap();
    let mut default = ids(&index, SearchRequest::new("password reset"));
    default.sort();
    assert_eq!(default, ["fr", "live"], "retired, suppressed and merged entries are hidden by default");
    let merged = ids(&index, SearchRequest::new("password reset").statuses([Status::Merged]));
    assert_eq!(merged, ["merged"], "asking for merged entries finds them");
    let retired = ids(&index, SearchRequest::new("password reset").statuses([Status::Retired]));
    assert_eq!(retired, ["old"], "asking for retired entries finds them");
    let french = ids(&index, SearchRequest::new("password").filter_language("fr"));
    assert_eq!(french, ["fr"], "the language filter keeps French entries only");
}

#[test]
fn popular_entries_rank_first_among_equals() {
    let set = FaqSet::new(vec![
        with(entry("rare", "en", "How do I reset my password?", "Use the link."), |e| e.message_count = 2),
        with(entry("popular", "en", "How do I reset my password?", "Use the link."), |e| {
            e.message_count = 200
        }),
    ]);
    let index = FaqIndex::create_in_ram(&set).unwrap();
    assert_eq!(ids(&index, SearchRequest::new("reset password")), ["popular", "rare"]);
}

#[test]
fn equal_popularity_leaves_the_relevance_order() {
    // A curated FAQ has no counts (all 0), a mined one may have many equal counts: either
    // way the prior must scale every score alike and reorder nothing.
    let rows = [
        ("exact", "How do I reset my password?", "Use the reset link."),
        ("partial", "Password rules", "At least 12 characters."),
        ("answer-only", "Account settings", "You can reset your password here."),
        ("other", "Where is my parcel?", "Track it in your account."),
    ];
    let set = |count: u32| {
        FaqSet::new(
            rows.iter().map(|(id, q, a)| with(entry(id, "en", q, a), |e| e.message_count = count)).collect(),
        )
    };
    let hits = |count: u32| -> Vec<(String, f32)> {
        let index = FaqIndex::create_in_ram(&set(count)).unwrap();
        let request = SearchRequest::new("reset my password").last_term(LastTerm::Complete);
        index.search(&request).unwrap().into_iter().map(|h| (h.faq_id, h.score)).collect()
    };
    let (none, some) = (hits(0), hits(37));
    let order = |h: &[(String, f32)]| h.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>();
    assert_eq!(order(&none), order(&some), "equal counts changed the order");
    assert_eq!(order(&none)[0], "exact", "the entry that asks the query should rank first: {none:?}");
    let ratios: Vec<f32> = none.iter().zip(&some).map(|(a, b)| b.1 / a.1).collect();
    assert!(
        ratios.windows(2).all(|w| (w[0] - w[1]).abs() < 1e-4),
        "equal counts should scale every score by the same factor, got ratios {ratios:?}"
    );
}

#[test]
fn a_shorter_list_is_the_start_of_a_longer_one() {
    // The second stage reorders the first hits; it must not make the first hit depend on
    // how many hits were asked for.
    let index = FaqIndex::create_in_ram(&help_center()).unwrap();
    for query in
        ["how do I reset my password", "refund", "mat khau", "delete account settings", "shipping days?"]
    {
        for last in [LastTerm::Complete, LastTerm::Prefix] {
            let request = |n: usize| SearchRequest::new(query).limit(n).last_term(last);
            let long = ids(&index, request(20));
            for n in [1, 2, 3, 5] {
                let short = ids(&index, request(n));
                assert_eq!(short, long[..n.min(long.len())], "{query:?} ({last:?}): limit {n} vs limit 20");
            }
        }
    }
}

#[test]
fn variants_and_keywords_are_searched() {
    let set = FaqSet::new(vec![
        with(entry("pw", "en", "How do I reset my password?", "Use the link."), |e| {
            e.variants =
                vec![faqmine::faq::Variant { text: "I forgot my login credentials".into(), count: 3 }];
            e.keywords = vec!["passcode".into()];
        }),
        entry("other", "en", "How do I pay?", "By card."),
    ]);
    let index = FaqIndex::create_in_ram(&set).unwrap();
    assert_eq!(top(&index, "forgot credentials").as_deref(), Some("pw"), "a variant's words should match");
    assert_eq!(top(&index, "passcode").as_deref(), Some("pw"), "a keyword should match");
}

#[test]
fn hits_carry_highlights_and_snippets() {
    let long_answer = format!(
        "{} To change it, open Settings and choose Password, then type the new one twice. {}",
        "Our help center covers many topics. ".repeat(8),
        "Thank you for being a customer. ".repeat(8)
    );
    let set = FaqSet::new(vec![entry("pw", "en", "How do I change my password?", &long_answer)]);
    let index = FaqIndex::create_in_ram(&set).unwrap();
    // "pasword" is misspelt: the fuzzy match is highlighted like an exact one.
    let hit = &index.search(&SearchRequest::new("change pasword")).unwrap()[0];
    let marked: Vec<&str> = hit.question_highlights.iter().map(|r| &hit.question[r.clone()]).collect();
    assert_eq!(marked, ["change", "password"], "question highlights");
    let snippet = hit.snippet.as_ref().expect("an answer has a snippet");
    let marked: Vec<&str> = snippet.highlights.iter().map(|r| &snippet.text[r.clone()]).collect();
    assert!(marked.contains(&"Password") && marked.contains(&"change"), "snippet highlights: {marked:?}");
    assert!(snippet.text.len() < long_answer.len(), "a long answer is cut to a snippet");
    assert!(snippet.to_html().contains("<mark>Password</mark>"), "{}", snippet.to_html());
    assert_eq!(hit.language, "en");
    assert_eq!(hit.status, Status::Mined);
}

#[test]
fn any_text_is_a_valid_query() {
    let index = FaqIndex::create_in_ram(&help_center()).unwrap();
    let huge = "reset my password please ".repeat(4_100);
    assert!(huge.len() > 100_000);
    let nothing: &[&str] =
        &["", "   ", "\n\t", "?!.,;:-–—…", "🙂🙂🙂", "\u{0}\u{1}\u{7f}", "\u{200b}\u{feff}", "*", "\\"];
    for q in nothing {
        let hits =
            index.search(&SearchRequest::new(*q)).unwrap_or_else(|e| panic!("query {q:?} failed: {e}"));
        assert!(hits.is_empty(), "query {q:?} has nothing to search, yet found {hits:?}");
    }
    let password: &[&str] = &[
        &huge,
        "\"reset password\"",
        "reset AND password",
        "reset OR password NOT",
        "password:reset",
        "(reset password",
        "reset) password(",
        "+reset -password",
        "reset~2 password^3",
        "title:\"reset\" AND (password OR",
        "reset 🙂 password",
        "reset password mật khẩu پاس ورڈ",
        "RESET PASSWORD",
    ];
    for q in password {
        let shown: String = q.chars().take(60).collect();
        let hits =
            index.search(&SearchRequest::new(*q)).unwrap_or_else(|e| panic!("query {shown:?} failed: {e}"));
        let found: Vec<&str> = hits.iter().map(|h| h.faq_id.as_str()).collect();
        assert!(
            found.contains(&"en-password"),
            "query {shown:?} should still find the password entry: {found:?}"
        );
    }
    assert!(index.search(&SearchRequest::new("reset password").limit(0)).unwrap().is_empty(), "limit 0");
}

#[test]
fn an_empty_set_has_no_hits() {
    let index = FaqIndex::create_in_ram(&FaqSet::default()).unwrap();
    assert!(index.search(&SearchRequest::new("password")).unwrap().is_empty());
    assert!(index.suggest("pass", 5).unwrap().is_empty());
}

#[test]
fn the_same_set_in_another_order_ranks_the_same() {
    let set = help_center();
    let mut reversed = set.clone();
    reversed.entries.reverse();
    let a = FaqIndex::create_in_ram(&set).unwrap();
    let b = FaqIndex::create_in_ram(&reversed).unwrap();
    for q in ["password", "mat khau", "how do i", "refund", "commande"] {
        let ha = a.search(&SearchRequest::new(q)).unwrap();
        let hb = b.search(&SearchRequest::new(q)).unwrap();
        let key = |h: &faqmine::Hit| (h.faq_id.clone(), (h.score * 1e4).round() as i64);
        let mut ka: Vec<_> = ha.iter().map(key).collect();
        let mut kb: Vec<_> = hb.iter().map(key).collect();
        ka.sort();
        kb.sort();
        assert_eq!(ka, kb, "query {q:?}: the same entries with the same scores in either order");
    }
}

#[test]
fn replacing_the_set_is_atomic_for_readers() {
    let generation = |tag: &str, n: usize| {
        FaqSet::new(
            (0..n)
                .map(|i| entry(&format!("{tag}-{i}"), "en", "How do I reset my password?", "Link."))
                .collect(),
        )
    };
    let index = FaqIndex::create_in_ram(&generation("old", 40)).unwrap();
    std::thread::scope(|s| {
        for _ in 0..2 {
            let index = index.clone();
            s.spawn(move || {
                for _ in 0..200 {
                    let hits = index.search(&SearchRequest::new("reset password").limit(100)).unwrap();
                    let old = hits.iter().filter(|h| h.faq_id.starts_with("old-")).count();
                    assert!(old == 0 || old == hits.len(), "a reader saw a mix of two generations");
                    assert!(
                        hits.len() == 40 || hits.len() == 30,
                        "a reader saw a partial set: {}",
                        hits.len()
                    );
                }
            });
        }
        for round in 0..6 {
            let tag = if round % 2 == 0 { "new" } else { "old" };
            index.replace(&generation(tag, if tag == "new" { 30 } else { 40 })).unwrap();
        }
    });
    assert_eq!(index.num_entries(), 40);
}

#[test]
fn an_index_directory_is_shared_and_versioned() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("index");
    let writer = FaqIndex::create_in_dir(&path, &help_center()).unwrap();
    // A second reader, as another process would open it.
    let reader = FaqIndex::open(&path).unwrap();
    assert_eq!(top(&reader, "mat khau").as_deref(), Some("vi-password"));
    // Writing again into the same directory replaces the content.
    let smaller = FaqSet::new(vec![entry("only", "en", "How do I pay?", "By card.")]);
    drop(writer);
    let writer = FaqIndex::create_in_dir(&path, &smaller).unwrap();
    assert_eq!(writer.num_entries(), 1);
    assert_eq!(FaqIndex::open(&path).unwrap().num_entries(), 1);

    // An index of another layout version is refused with a clear error.
    let meta = path.join("faqmine-index.json");
    std::fs::write(&meta, r#"{"schema_version": 1}"#).unwrap();
    match FaqIndex::open(&path) {
        Err(e @ Error::SchemaVersion { found: 1, .. }) => {
            let msg = e.to_string();
            assert!(msg.contains(&INDEX_SCHEMA_VERSION.to_string()) && msg.contains("rebuild"), "{msg}");
        }
        other => panic!("expected a schema version error, got {other:?}"),
    }
    assert!(matches!(FaqIndex::create_in_dir(&path, &smaller), Err(Error::SchemaVersion { .. })));
    std::fs::remove_file(&meta).unwrap();
    let err = FaqIndex::open(&path).unwrap_err().to_string();
    assert!(err.contains("faqmine-index.json") && err.contains("not a faqmine index"), "{err}");
    assert!(FaqIndex::open(dir.path().join("missing")).is_err(), "no directory, no index");
}

#[test]
fn a_curated_faq_is_indexed() {
    let records = [
        ExistingFaq {
            id: "a".into(),
            question: "How do I reset my password?".into(),
            answer: Some("Link.".into()),
        },
        ExistingFaq { id: "b".into(), question: "Où est ma commande ?".into(), answer: None },
    ];
    let set = faq_set_from_existing(&records);
    assert_eq!(set.entries.iter().map(|e| e.status).collect::<Vec<_>>(), [Status::Curated; 2]);
    assert!(set.entries[1].needs_answer);
    let index = FaqIndex::create_in_ram(&set).unwrap();
    assert_eq!(top(&index, "ou est ma commande").as_deref(), Some("b"));
}

/// Quality on the real retrieval sets, against the FTS5 figures of
/// `../shared/data/README.md`. Run by hand: `cargo test --release --test search -- --ignored`.
#[test]
#[ignore]
fn quality_on_real_retrieval_sets() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    if !data.is_dir() {
        println!("SKIPPED: {} is absent", data.display());
        return;
    }
    let mrr = |set: &str, strip: bool| -> f64 {
        let dir = data.join(set);
        let read = |f: &str| std::fs::read_to_string(dir.join(f)).unwrap();
        let faqs: Vec<ExistingFaq> =
            read("faq.jsonl").lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        let index = FaqIndex::create_in_ram(&faq_set_from_existing(&faqs)).unwrap();
        let queries: Vec<serde_json::Value> =
            read("queries.jsonl").lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        let mut total = 0.0;
        for q in &queries {
            let mut text = q["query"].as_str().unwrap().to_string();
            if strip {
                text = faqmine::analyze::fold(&text.to_lowercase());
            }
            let relevant: Vec<&str> =
                q["relevant"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
            let hits =
                index.search(&SearchRequest::new(text).limit(10).last_term(LastTerm::Complete)).unwrap();
            if let Some(rank) = hits.iter().position(|h| relevant.contains(&h.faq_id.as_str())) {
                total += 1.0 / (rank as f64 + 1.0);
            }
        }
        total / queries.len() as f64
    };
    let covid = mrr("covidfaq", false);
    let xquad = mrr("xquad-r-en", false);
    let xquad_stripped = mrr("xquad-r-en", true);
    println!("MRR@10 covidfaq {covid:.3} xquad-r-en {xquad:.3} xquad-r-en stripped {xquad_stripped:.3}");
    assert!(covid >= 0.473 * 1.05, "covidfaq MRR@10 {covid:.3} is not 5% above FTS5's 0.473");
    assert!(
        xquad_stripped >= xquad - 0.01,
        "stripping case and diacritics costs {:.3}",
        xquad - xquad_stripped
    );
}

/// An entry asked in English and French: a French query sees its French phrasing and the
/// French answer agents gave (`answers_by_language`); a language the entry lacks sees the
/// English ones, marked as not in the query's language.
#[test]
fn a_hit_is_shown_in_the_query_language_when_the_entry_has_it() {
    let invoice = with(
        entry("invoice", "en", "Where can I download my invoice?", "Open Billing, then Invoices."),
        |e| {
            e.languages = [("en".to_string(), 5), ("fr".to_string(), 3)].into_iter().collect();
            e.answers_by_language =
                [("fr".to_string(), "Ouvrez Facturation, puis Factures.".to_string())].into_iter().collect();
            e.variants = vec![
                faqmine::faq::Variant { text: "Where can I download my invoice?".into(), count: 5 },
                faqmine::faq::Variant { text: "Où trouver ma facture ?".into(), count: 3 },
            ];
        },
    );
    let refund = entry("refund", "en", "How long does a refund take?", "Refunds take five days.");
    let index = FaqIndex::create_in_ram(&FaqSet::new(vec![invoice, refund])).unwrap();
    let search = |r: SearchRequest| index.search(&r.last_term(LastTerm::Complete)).unwrap();

    let hits = search(SearchRequest::new("où trouver ma facture"));
    assert_eq!(hits[0].faq_id, "invoice");
    assert_eq!((hits[0].shown_language.as_str(), hits[0].in_query_language), ("fr", true));
    assert_eq!(hits[0].question, "Où trouver ma facture ?");
    assert_eq!(hits[0].answer.as_deref(), Some("Ouvrez Facturation, puis Factures."));
    assert_eq!(hits[0].language, "en", "the entry's own language stays");
    let snippet = hits[0].snippet.as_ref().unwrap();
    assert!(snippet.text.contains("Factures"), "the snippet is of the answer shown: {snippet:?}");

    // The request's language decides, whatever the query's words.
    let hits = search(SearchRequest::new("invoice").language("fr"));
    assert_eq!((hits[0].faq_id.as_str(), hits[0].shown_language.as_str()), ("invoice", "fr"));

    // In English, or in a language the entry does not have: its English texts.
    let hits = search(SearchRequest::new("where is my invoice"));
    assert_eq!((hits[0].shown_language.as_str(), hits[0].in_query_language), ("en", true));
    assert_eq!(hits[0].answer.as_deref(), Some("Open Billing, then Invoices."));
    let hits = search(SearchRequest::new("invoice").language("vi"));
    assert_eq!((hits[0].shown_language.as_str(), hits[0].in_query_language), ("en", false));
}

/// Without the sentence model a hit is an entry that shares a word with the query: it is
/// not judged, and a query that shares none has no hit.
#[test]
fn without_the_model_hits_are_not_judged() {
    let index = FaqIndex::create_in_ram(&help_center()).unwrap();
    let hits = index.search(&SearchRequest::new("reset password").last_term(LastTerm::Complete)).unwrap();
    assert_eq!(hits[0].faq_id, "en-password");
    assert!(hits.iter().all(|h| h.confidence.is_none() && h.answers()));
    assert!(faqmine::search::answered(&hits));
    let none = index.search(&SearchRequest::new("zebra giraffe").last_term(LastTerm::Complete)).unwrap();
    assert!(none.is_empty() && !faqmine::search::answered(&none));
}
