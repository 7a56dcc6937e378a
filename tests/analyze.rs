//! The analyzer against its data tables (`tests/data/analyze/*.txt`, one per language; the
//! format is in that folder's README) and against the seed articles in `../shared/seeds`.

use std::fs;
use std::path::{Path, PathBuf};

use faqmine::analyze::{Analyzer, Utterance};

fn tables() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/analyze");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
}

fn verdict(name: &str) -> Option<Utterance> {
    Some(match name {
        "question" => Utterance::Question,
        "request" => Utterance::Request,
        "problem" => Utterance::Problem,
        "other" => Utterance::Other,
        _ => return None,
    })
}

/// Checks `expected` (space-separated terms, `!term` for an absent one) against `got`.
fn check_terms(column: &str, expected: &str, got: &[String], failures: &mut Vec<String>, at: &str) {
    if expected == "-" {
        return;
    }
    for term in expected.split_whitespace() {
        match term.strip_prefix('!') {
            Some(absent) if got.iter().any(|g| g == absent) => {
                failures.push(format!("{at}: {column} must not contain {absent:?}, got {got:?}"))
            }
            Some(_) => {}
            None if !got.iter().any(|g| g == term) => {
                failures.push(format!("{at}: {column} must contain {term:?}, got {got:?}"))
            }
            None => {}
        }
    }
}

#[test]
fn language_tables() {
    let analyzer = Analyzer::new();
    let mut failures = Vec::new();
    let mut cases_per_file = Vec::new();
    for file in tables() {
        let text = fs::read_to_string(&file).expect("readable table");
        let name = file.file_name().unwrap_or_default().to_string_lossy().to_string();
        let mut cases = 0;
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let at = format!("tests/data/analyze/{name}:{}", i + 1);
            let cols: Vec<&str> = line.split(" | ").map(str::trim).collect();
            let [input, lang, expected_verdict, tokens, folded] = cols[..] else {
                failures.push(format!("{at}: expected 5 columns separated by ' | ', got {}", cols.len()));
                continue;
            };
            cases += 1;
            let (lang, hint) = match lang.split_once('@') {
                Some((l, h)) => (l, Some(h)),
                None => (lang, None),
            };
            let detected = analyzer.detect_language(input, hint);
            if detected != lang {
                failures.push(format!("{at}: {input:?} detected as {detected:?}, expected {lang:?}"));
            }
            let analysis = analyzer.analyze(input, Some(lang));
            match verdict(expected_verdict) {
                Some(v) if v != analysis.utterance => failures.push(format!(
                    "{at}: {input:?} is {:?}, expected {expected_verdict} (sentences {:?})",
                    analysis.utterance, analysis.sentences
                )),
                Some(_) => {}
                None => failures.push(format!("{at}: unknown verdict {expected_verdict:?}")),
            }
            check_terms("tokens", tokens, &analysis.tokens, &mut failures, &at);
            check_terms("folded", folded, &analysis.folded, &mut failures, &at);
            for t in analyzer.tokenize(input, lang) {
                assert!(
                    input.is_char_boundary(t.start) && input.is_char_boundary(t.end) && t.start <= t.end,
                    "{at}: token {t:?} has offsets that do not slice the original text"
                );
            }
        }
        cases_per_file.push((name, cases));
    }
    for (name, cases) in &cases_per_file {
        assert!(*cases >= 40, "tests/data/analyze/{name} has {cases} cases; each language needs at least 40");
    }
    assert!(
        cases_per_file.len() >= 4,
        "expected a table per language (en, fr, ur, vi), got {cases_per_file:?}"
    );
    assert!(failures.is_empty(), "{} analyzer table failures:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn positions_never_decrease_and_bigrams_follow_their_first_syllable() {
    let analyzer = Analyzer::new();
    let text = "Tôi không đăng nhập được vào tài khoản";
    let tokens = analyzer.tokenize(text, "vi");
    assert!(tokens.windows(2).all(|p| p[0].position <= p[1].position), "positions decrease: {tokens:?}");
    let bigram = tokens.iter().find(|t| t.term == "đăng_nhập").expect("bigram đăng_nhập");
    let first = tokens.iter().find(|t| t.term == "đăng").expect("syllable đăng");
    assert_eq!(bigram.position, first.position, "a bigram takes its first syllable's position");
    assert_eq!(&text[bigram.start..bigram.end], "đăng nhập", "a bigram spans both syllables");
}

#[test]
fn query_and_document_phrases_line_up() {
    // A phrase analyzed alone must have the same relative positions as inside a document.
    let analyzer = Analyzer::new();
    let doc = analyzer.tokenize("Làm sao để đổi mật khẩu tài khoản", "vi");
    let query = analyzer.tokenize("đổi mật khẩu", "vi");
    let base_doc = doc.iter().find(|t| t.term == "đổi").expect("đổi in doc").position;
    let base_query = query[0].position;
    for q in &query {
        let d =
            doc.iter().find(|t| t.term == q.term).unwrap_or_else(|| panic!("{} missing from doc", q.term));
        assert_eq!(d.position - base_doc, q.position - base_query, "relative position of {}", q.term);
    }
}

#[test]
fn offsets_slice_the_original_text_for_decomposed_and_mixed_input() {
    let analyzer = Analyzer::new();
    let inputs = [
        ("Đo\u{302}\u{301}i ma\u{323}\u{302}t kha\u{302}\u{309}u", "vi"),
        ("L\u{2019}application ne marche pas aujourd\u{2019}hui", "fr"),
        ("میرا iPhone\u{200C} کام نہیں کر رہا ﻻ", "ur"),
        ("ＦＵＬＬ width Ｔｅｘｔ", "en"),
    ];
    for (text, lang) in inputs {
        for t in analyzer.tokenize(text, lang) {
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end), "{text:?}: {t:?}");
            assert!(!t.term.is_empty(), "{text:?}: empty term {t:?}");
        }
    }
    let decomposed = analyzer.analyze("Đo\u{302}\u{301}i ma\u{323}\u{302}t kha\u{302}\u{309}u", Some("vi"));
    assert!(decomposed.tokens.contains(&"mật_khẩu".to_string()), "NFC first: {:?}", decomposed.tokens);
}

#[test]
fn french_narrow_and_no_break_spaces_separate_words() {
    let analyzer = Analyzer::new();
    for text in ["Livraison sous 48\u{a0}h\u{202f}?", "Livraison sous 48\u{202f}h ?"] {
        let a = analyzer.analyze(text, None);
        assert_eq!(a.language, "fr", "{text:?}");
        assert!(
            a.tokens.contains(&"48".to_string()) && a.tokens.contains(&"h".to_string()),
            "{text:?}: {:?}",
            a.tokens
        );
        assert_eq!(a.utterance, Utterance::Question, "{text:?}");
    }
}

#[test]
fn other_languages_keep_their_code() {
    let analyzer = Analyzer::new();
    let cases = [
        ("¿Cómo puedo cambiar la contraseña de mi cuenta?", "es"),
        ("Wie kann ich mein Passwort ändern? Ich habe es vergessen.", "de"),
        ("مرحبا، كيف يمكنني تغيير كلمة المرور الخاصة بي؟", "ar"),
        ("", "und"),
        ("12345 678", "und"),
    ];
    for (text, expected) in cases {
        assert_eq!(analyzer.detect_language(text, None), expected, "{text:?}");
    }
}

/// Every paragraph of the seed articles: no panic, and the article's language.
#[test]
fn seed_paragraphs_keep_their_language() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let Ok(entries) = fs::read_dir(&dir) else {
        println!("skipping: seeds not found at {}", dir.display());
        return;
    };
    let analyzer = Analyzer::new();
    let mut failures = Vec::new();
    let mut paragraphs = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(text) = fs::read_to_string(&path) else { continue };
        let article = analyzer.detect_language(&text, None);
        assert!(
            ["vi", "fr", "ur"].contains(&article.as_str()),
            "{}: article detected as {article}",
            path.display()
        );
        for (i, paragraph) in text.lines().map(str::trim).enumerate().filter(|(_, p)| !p.is_empty()) {
            paragraphs += 1;
            let analysis = analyzer.analyze_with_hint(paragraph, None, Some(&article));
            let has_letters = paragraph.chars().any(char::is_alphabetic);
            let ok = analysis.language == article || (!has_letters && analysis.language == "und");
            if !ok {
                failures.push(format!(
                    "{}:{}: {:?} is {}, article is {article}",
                    path.display(),
                    i + 1,
                    paragraph,
                    analysis.language
                ));
            }
        }
    }
    println!("{paragraphs} seed paragraphs analyzed");
    assert!(
        failures.is_empty(),
        "{} seed paragraphs in the wrong language:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Random mixes of the characters that trouble tokenizers (combining marks, joiners,
/// apostrophes, narrow spaces, presentation forms, digits of three scripts, URLs) never
/// panic, and every token slices the original text with non-decreasing positions.
#[test]
fn random_mixed_input_never_breaks_offsets() {
    const POOL: &[&str] = &[
        "a",
        "Đ",
        "ư",
        "\u{301}",
        "\u{323}",
        "\u{302}",
        "o",
        "à",
        "'",
        "\u{2019}",
        "l'",
        "qu'",
        " ",
        "\u{a0}",
        "\u{202f}",
        "\u{200c}",
        "\u{200d}",
        "ک",
        "ي",
        "ه",
        "آ",
        "\u{64e}",
        "ﻻ",
        "۱",
        "٢",
        "7",
        "?",
        "؟",
        ".",
        "-",
        "_",
        "https://x.io/a?b=1",
        "k",
        "ko",
        "ntn",
        "🙂",
        "\u{0}",
        "\n",
        "日本",
        "ñ",
        "İ",
    ];
    let analyzer = Analyzer::new();
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..400 {
        let mut text = String::new();
        for _ in 0..(state % 24) {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            text.push_str(POOL[(state >> 33) as usize % POOL.len()]);
        }
        for lang in ["vi", "fr", "ur", "en", "und"] {
            let tokens = analyzer.tokenize(&text, lang);
            for t in &tokens {
                assert!(
                    t.start <= t.end && text.is_char_boundary(t.start) && text.is_char_boundary(t.end),
                    "{lang} {text:?}: {t:?}"
                );
            }
            assert!(tokens.windows(2).all(|p| p[0].position <= p[1].position), "{lang} {text:?}: {tokens:?}");
        }
        let _ = analyzer.analyze(&text, None);
    }
}
