//! Mining: behaviour that callers rely on, checked through the public API.

use faqmine::analyze::{Analyzer, Utterance};
use faqmine::mine::{
    cluster, cluster_with_links, ClusterConfig, Clusterer, Embedder, Granularity, QuestionUnit,
};

/// Questions in four languages, several wordings each, and one-off questions.
const TEXTS: &[(&str, &str)] = &[
    ("en", "How do I reset my password?"),
    ("en", "how can I reset my password"),
    ("en", "I forgot my password, how do I reset it?"),
    ("en", "reset password please"),
    ("en", "Password reset is not working"),
    ("en", "Where is my parcel?"),
    ("en", "my parcel has not arrived yet"),
    ("en", "When will my parcel arrive?"),
    ("en", "where is my parcel??"),
    ("en", "Has my parcel been shipped?"),
    ("vi", "Làm sao đổi mật khẩu?"),
    ("vi", "lam sao doi mat khau"),
    ("vi", "Tôi muốn đổi mật khẩu"),
    ("vi", "cách đổi mật khẩu tài khoản"),
    ("vi", "đổi mật khẩu như thế nào?"),
    ("vi", "Thanh toán bị lỗi E1234 là sao?"),
    ("vi", "lỗi E1234 khi thanh toán"),
    ("vi", "thanh toan bi loi E1234"),
    ("fr", "Erreur E1234 lors du paiement"),
    ("fr", "j'ai l'erreur E1234 au paiement"),
    ("fr", "paiement refusé avec l'erreur E1234"),
    ("fr", "Comment changer mon mot de passe ?"),
    ("fr", "changer le mot de passe"),
    ("fr", "comment changer mon mot de passe svp"),
    ("ur", "میں اپنا پاس ورڈ کیسے تبدیل کروں؟"),
    ("ur", "پاس ورڈ تبدیل کرنا ہے"),
    ("ur", "پاس ورڈ کیسے تبدیل کریں"),
];

/// Questions asked once.
const ONE_OFFS: &[(&str, &str)] = &[
    ("en", "Do you sell gift cards for birthdays?"),
    ("en", "Is the shop open on national holidays"),
    ("fr", "Livrez-vous en Antarctique ?"),
];

/// Every question of [`TEXTS`] asked several times with small variations, and the one-offs.
fn corpus() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for round in 0..12 {
        for (lang, t) in TEXTS {
            let tail = ["", " please", " thanks", " asap", " :)", " ??"][round % 6];
            out.push((lang.to_string(), format!("{t}{tail}")));
        }
    }
    out.extend(ONE_OFFS.iter().map(|(l, t)| (l.to_string(), t.to_string())));
    out
}

fn corpus_units() -> Vec<QuestionUnit> {
    let c = corpus();
    units(&c.iter().map(|(l, t)| (l.as_str(), t.as_str())).collect::<Vec<_>>())
}

fn units(texts: &[(&str, &str)]) -> Vec<QuestionUnit> {
    let analyzer = Analyzer::new();
    texts
        .iter()
        .enumerate()
        .map(|(i, (lang, text))| QuestionUnit {
            conversation: i,
            message_index: 0,
            text: text.to_string(),
            language: lang.to_string(),
            utterance: Utterance::Question,
            terms: analyzer.analyze(text, Some(lang)).tokens,
            timestamp: None,
        })
        .collect()
}

/// The clusters as sets of texts, sorted, so that results of differently ordered inputs
/// compare equal.
fn as_texts(units: &[QuestionUnit], clusters: &[Vec<usize>]) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> =
        clusters.iter().map(|c| c.iter().map(|&i| units[i].text.clone()).collect::<Vec<_>>()).collect();
    for c in &mut out {
        c.sort();
    }
    out.sort();
    out
}

/// A fixed permutation (a linear congruential shuffle; no dependency on a random crate).
fn shuffled<T: Clone>(items: &[T], seed: u64) -> Vec<T> {
    let mut out = items.to_vec();
    let mut state = seed;
    for i in (1..out.len()).rev() {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        out.swap(i, (state >> 33) as usize % (i + 1));
    }
    out
}

#[test]
fn the_same_question_in_other_words_is_one_cluster_and_one_offs_stay_out() {
    let u = corpus_units();
    // The toy corpus has about 90 distinct texts, fewer than a group's size times the default
    // 20 neighbours; 5 neighbours give it the proportions of real data.
    let config = ClusterConfig { neighbours: 5, ..ClusterConfig::default() };
    let got = as_texts(&u, &cluster(&u, &config));
    let find = |text: &str| got.iter().find(|c| c.iter().any(|t| t.as_str() == text));
    let password = find("How do I reset my password?").expect("the English password question is an FAQ");
    for t in ["how can I reset my password", "reset password please"] {
        assert!(password.iter().any(|x| x == t), "{t:?} must join the password cluster {password:?}");
    }
    let parcel = find("Where is my parcel?").expect("the parcel question is an FAQ");
    assert!(!parcel.iter().any(|t| t.contains("password")), "parcel and password must not merge: {parcel:?}");
    assert!(find("Làm sao đổi mật khẩu?").is_some(), "the Vietnamese password question is an FAQ");
    assert!(
        find("lam sao doi mat khau").is_some(),
        "text typed without diacritics must join its question: {got:?}"
    );
    for loner in ["Do you sell gift cards for birthdays?", "Is the shop open on national holidays"] {
        assert!(find(loner).is_none(), "the one-off {loner:?} must stay out of every FAQ: {got:?}");
    }
}

/// The default configuration and the fine one.
fn configs() -> [ClusterConfig; 2] {
    [ClusterConfig::default(), ClusterConfig { granularity: Granularity::Fine, ..ClusterConfig::default() }]
}

#[test]
fn output_does_not_depend_on_input_order() {
    let u = corpus_units();
    for config in configs() {
        let want = as_texts(&u, &cluster(&u, &config));
        for seed in [1, 7, 42] {
            let v = shuffled(&u, seed);
            assert_eq!(
                as_texts(&v, &cluster(&v, &config)),
                want,
                "shuffle seed {seed} changed the clusters ({:?})",
                config.granularity
            );
        }
    }
}

#[test]
fn output_does_not_depend_on_thread_count() {
    let u = corpus_units();
    for config in configs() {
        let run = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("a rayon pool");
            pool.install(|| cluster_with_links(&u, &config))
        };
        let one = run(1);
        assert!(!one.clusters.is_empty(), "the input has repeated questions");
        assert_eq!(run(2), one, "two threads must give exactly what one thread gives");
        assert_eq!(run(3), one, "three threads must give exactly what one thread gives");
    }
}

#[test]
fn non_questions_and_empty_texts_are_not_mined() {
    let mut u =
        units(&[("en", "ok thanks"), ("en", "ok thanks"), ("en", "ok thanks"), ("en", "?!"), ("en", "")]);
    u[0].utterance = Utterance::Other;
    u[1].utterance = Utterance::Other;
    u[2].utterance = Utterance::Other;
    assert!(cluster(&u, &ClusterConfig::default()).is_empty(), "only minable, non-empty text is clustered");
}

#[test]
fn identical_texts_reach_min_support_on_their_own() {
    let u = units(&[("en", "How do I cancel my order?"); 4]);
    for (min_support, want) in [(3, vec![vec![0, 1, 2, 3]]), (5, vec![])] {
        let config = ClusterConfig { min_support, ..ClusterConfig::default() };
        assert_eq!(cluster(&u, &config), want, "four identical questions with min_support {min_support}");
    }
}

#[test]
fn clusters_in_other_languages_with_a_shared_error_code_are_siblings() {
    let u = corpus_units();
    let c = cluster_with_links(&u, &ClusterConfig::default());
    let of = |text: &str| c.clusters.iter().position(|m| m.iter().any(|&i| u[i].text == text));
    assert!(
        of("lỗi E1234 khi thanh toán").is_some(),
        "{:?}",
        c.clusters
            .iter()
            .map(|m| m.iter().map(|&i| u[i].text.clone()).collect::<Vec<_>>())
            .collect::<Vec<_>>()
    );
    let vi = of("lỗi E1234 khi thanh toán").expect("the Vietnamese E1234 question is an FAQ");
    let fr = of("Erreur E1234 lors du paiement").expect("the French E1234 question is an FAQ");
    assert_ne!(vi, fr, "languages are clustered apart");
    assert_eq!(c.languages[vi], "vi");
    assert_eq!(c.languages[fr], "fr");
    assert!(c.siblings[vi].contains(&fr), "vi cluster must list the fr cluster: {:?}", c.siblings);
    assert!(c.siblings[fr].contains(&vi), "siblings are symmetric: {:?}", c.siblings);
    let en = of("How do I reset my password?").expect("the password question is an FAQ");
    assert!(c.siblings[en].is_empty(), "no shared entity, no sibling: {:?}", c.siblings[en]);
}

/// A toy embedder that knows that two phrasings mean the same.
struct Synonyms;

impl Embedder for Synonyms {
    fn embed(&self, text: &str, _language: &str) -> Option<Vec<f32>> {
        let t = text.to_lowercase();
        let password = ["password", "mật khẩu", "mot de passe", "پاس ورڈ"].iter().any(|k| t.contains(k));
        let parcel = t.contains("parcel");
        Some(vec![f32::from(u8::from(password)), f32::from(u8::from(parcel)), 0.1])
    }
}

#[test]
fn an_embedder_can_bring_languages_together_and_progress_is_reported() {
    let u = corpus_units();
    // Each question is asked twelve times in near-identical words, so five neighbours are
    // all copies in the question's own language; a real desk's paraphrases are looser.
    let config = ClusterConfig { sentence_neighbours: 20, ..ClusterConfig::default() };
    let calls = std::sync::atomic::AtomicU64::new(0);
    let progress = |done: u64, total: u64| {
        assert!(done <= total, "progress {done} of {total}");
        calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    };
    let c = Clusterer::new(&config).embedder(&Synonyms).progress(&progress).run(&u);
    assert!(calls.load(std::sync::atomic::Ordering::Relaxed) >= 2, "progress is reported at start and end");
    // The toy's vectors say nothing but the topic, so the same question in two languages is
    // as far apart as two questions on one topic: it meets at the topic level (the real
    // model's entries across languages: tests/demo.rs).
    let topic = c
        .clusters
        .iter()
        .position(|m| m.iter().any(|&i| u[i].text == "How do I reset my password?"))
        .map(|k| c.topics[k]);
    let langs_with_password: std::collections::BTreeSet<&str> = c
        .clusters
        .iter()
        .zip(&c.topics)
        .filter(|&(_, &t)| Some(t) == topic)
        .flat_map(|(m, _)| m.iter().map(|&i| u[i].language.as_str()))
        .collect();
    assert!(
        langs_with_password.len() >= 2,
        "with the embedder the password topic must gather several languages, got {langs_with_password:?}"
    );
}

/// Conversations asking the password question in four languages, five times each.
fn password_conversations() -> Vec<faqmine::Conversation> {
    use faqmine::{Conversation, Message, Role};
    let asks = [
        "How do I reset my password?",
        "Làm sao để đổi mật khẩu?",
        "Comment changer mon mot de passe ?",
        "پاس ورڈ کیسے تبدیل کروں؟",
    ];
    let mut out = Vec::new();
    for (l, ask) in asks.iter().enumerate() {
        for k in 0..5 {
            out.push(Conversation::new(
                format!("c{l}-{k}"),
                vec![Message::new(Role::Customer, *ask), Message::new(Role::Agent, "Use the reset link.")],
            ));
        }
    }
    out
}

#[test]
fn the_miner_passes_its_embedder_and_progress_to_clustering() {
    use faqmine::{Conversation, Message, Miner, Progress, Role, Stage};
    use std::sync::{Arc, Mutex};
    // With a second question beside it: mining centres each text's sentence vector on the
    // mean of the input's, and one question alone would centre to nothing.
    let mut convs = password_conversations();
    for k in 0..5 {
        convs.push(Conversation::new(
            format!("p{k}"),
            vec![
                Message::new(Role::Customer, "Where is my parcel?"),
                Message::new(Role::Agent, "On its way."),
            ],
        ));
    }
    let seen: Arc<Mutex<Vec<Progress>>> = Arc::default();
    let sink = Arc::clone(&seen);
    let lexical = Miner::builder()
        .progress(Arc::new(move |p| sink.lock().unwrap().push(p)))
        .build()
        .unwrap()
        .mine(&convs)
        .unwrap();
    let cluster_reports = seen.lock().unwrap().iter().filter(|p| p.stage == Stage::Cluster).count();
    assert!(cluster_reports >= 3, "clustering reports its own progress too, got {cluster_reports} reports");
    // Without the embedder the languages are clustered apart (and at best linked as
    // siblings); with it the password question gathers more languages in one entry, or
    // more links between its entries.
    let reach = |set: &faqmine::FaqSet| {
        let languages = set.entries.iter().map(|e| e.languages.len()).max().unwrap_or(0);
        (languages, set.entries.iter().map(|e| e.siblings.len()).sum::<usize>())
    };
    let with_vectors = Miner::builder().embedder(Arc::new(Synonyms)).build().unwrap().mine(&convs).unwrap();
    assert!(
        reach(&with_vectors) > reach(&lexical),
        "the embedder given to the builder must reach the clustering: (languages in one entry, sibling links) {:?} vs {:?}",
        reach(&with_vectors),
        reach(&lexical)
    );
}

/// Units as the pipeline makes them: the analyzer's own verdict, not a forced question.
fn analyzed_units(texts: &[&str]) -> Vec<QuestionUnit> {
    let analyzer = Analyzer::new();
    texts
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let a = analyzer.analyze(text, Some("en"));
            QuestionUnit {
                conversation: i,
                message_index: 0,
                text: text.to_string(),
                language: "en".into(),
                utterance: a.utterance,
                terms: a.tokens,
                timestamp: None,
            }
        })
        .collect()
}

#[test]
fn commands_join_their_questions_and_groups_nobody_asks_about_stay_out() {
    let texts = [
        "How do I set an alarm for seven?",
        "can you set an alarm for seven?",
        "set an alarm for seven",
        "set an alarm for seven am",
        "Set an alarm for seven please",
        "ok thanks",
        "ok thanks",
        "ok thanks!",
        "ok, thanks",
        "my name is John Miller",
        "my name is John Miller",
        "my name is John Miller",
        "⟨order⟩",
        "its ⟨order⟩",
        "⟨order⟩",
        "⟨order⟩",
    ];
    let u = analyzed_units(&texts);
    let commands = u.iter().filter(|x| x.utterance == Utterance::Other).count();
    assert!(commands >= 7, "the test needs commands and small talk the analyzer calls other, got {commands}");
    let got = as_texts(&u, &cluster(&u, &ClusterConfig::default()));
    let alarm: Vec<String> = texts[..5]
        .iter()
        .map(|t| t.to_string())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(
        got,
        vec![alarm],
        "one FAQ: the alarm questions with the alarm commands; thanks, names and masked numbers are nobody's question"
    );
}

/// A labelled set of the shared development data, or `None` (with a message) when it is
/// absent.
fn shared_set(name: &str) -> Option<std::path::PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data").join(name);
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipping: {} is absent", dir.display());
        None
    }
}

/// Clustering scores of a mining run of the labelled set in `dir` at `granularity`.
fn scores_at(dir: &std::path::Path, granularity: faqmine::mine::Granularity) -> faqmine::eval::ClusterScores {
    use faqmine::eval::{read_jsonl, score_clustering, AssignmentRecord, LabelRecord};
    let conversations = faqmine::ingest::read_path(dir.join("conversations.jsonl")).unwrap().conversations;
    let labels: Vec<LabelRecord> = read_jsonl(dir.join("labels.jsonl")).unwrap();
    let run =
        faqmine::Miner::builder().granularity(granularity).build().unwrap().run(&conversations).unwrap();
    let assignments: Vec<AssignmentRecord> = run
        .assignments
        .iter()
        .map(|a| AssignmentRecord::new(a.conversation_id.as_str(), a.message_index, a.faq_id.as_deref()))
        .collect();
    score_clustering(&labels, &assignments, &[])
}

#[test]
fn fine_granularity_keeps_apart_intents_that_differ_in_one_facet() {
    use faqmine::mine::Granularity;
    // BANKING77 tells apart "declined transfer", "declined card payment" and "declined cash
    // withdrawal"; the standard setting merges such neighbours.
    let Some(dir) = shared_set("banking77-test") else { return };
    let standard = scores_at(&dir, Granularity::Standard);
    let fine = scores_at(&dir, Granularity::Fine);
    let (ps, pf) = (standard.purity.unwrap_or(0.0), fine.purity.unwrap_or(0.0));
    assert!(pf >= 0.75, "fine FAQs should be at least 75% pure on BANKING77, got {pf:.3}");
    assert!(pf >= ps + 0.05, "fine ({pf:.3}) should be clearly purer than standard ({ps:.3})");
    // Purity alone rewards tiny clusters: the partition must stay above the peer's ARI
    // (TF-IDF + LSA + k-means given the true number of intents: 0.293).
    assert!(fine.ari >= 0.293, "fine ARI {:.3} fell under the peer's 0.293", fine.ari);
    assert!(fine.faqs > standard.faqs, "finer FAQs are more FAQs: {} vs {}", fine.faqs, standard.faqs);
}
