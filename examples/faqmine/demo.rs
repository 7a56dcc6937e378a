//! The demo (no command): mine the bundled corpus, show the top entries, run a few searches.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use faqmine::eval::{read_jsonl, score_clustering, AssignmentRecord, LabelRecord};
use faqmine::{Miner, SearchRequest};

use crate::{mine_cmd, progress};

/// One search per language, and one Vietnamese query typed without its accents.
const SEARCHES: &[(&str, &str)] = &[
    ("en", "how long does a refund take"),
    ("fr", "où trouver ma facture"),
    ("vi", "làm sao để đổi mật khẩu"),
    ("vi, no accents", "lam sao doi mat khau"),
    ("ur", "پاس ورڈ کیسے تبدیل کروں"),
];

const TOP: usize = 10;

/// Where the bundled demo corpus lives: `examples/data/` of this crate.
pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join("data")
}

pub fn run() -> Result<()> {
    let data = data_dir();
    if !data.is_dir() {
        bail!("the demo corpus is missing: {} is not a directory", data.display());
    }
    // The demo's own folder, emptied first: an index left by an older build must not
    // stand in the way of this run.
    let out = std::env::temp_dir().join("faqmine-demo");
    if out.exists() {
        std::fs::remove_dir_all(&out).with_context(|| format!("clearing {}", out.display()))?;
    }
    println!("faqmine demo: mining {}", data.display());

    let conversations = mine_cmd::read_inputs(&demo_inputs(&data)?, &[])?;
    // The sentence model, fetched once when absent; without it the demo runs on words.
    let model = crate::model_cmd::ensure_model().map(std::sync::Arc::new);
    let pb = progress::bar(0, "mining");
    let mut miner = Miner::builder().progress(progress::miner_callback(pb.clone()));
    let mut index_builder = faqmine::FaqIndex::builder();
    if let Some(model) = &model {
        miner = miner.embedder(model.clone());
        index_builder = index_builder.embedder(model.clone());
    }
    let run = mine_cmd::mine(&miner.build()?, &conversations, &pb)?;
    let index = mine_cmd::write_run(&out, &run, &index_builder)?;

    let in_faq = run.assignments.iter().filter(|a| a.faq_id.is_some()).count();
    println!(
        "\n{} FAQ entries from {} conversations ({} of {} customer messages in an entry)\n",
        run.faqs.entries.len(),
        conversations.len(),
        in_faq,
        run.assignments.len()
    );
    for (i, e) in run.faqs.entries.iter().take(TOP).enumerate() {
        let langs: Vec<String> = e.languages.iter().map(|(l, n)| format!("{l} {n}")).collect();
        println!("{:>2}. {}", i + 1, e.question);
        println!(
            "    asked {} times in {} conversations [{}], {} phrasings",
            e.message_count,
            e.conversation_count,
            langs.join(", "),
            e.variants.len()
        );
        match &e.answer {
            Some(a) => println!("    answer: {}", shorten(a, 100)),
            None => println!("    answer: none yet (needs an answer)"),
        }
    }
    if run.faqs.entries.len() > TOP {
        println!("    ... and {} more", run.faqs.entries.len() - TOP);
    }

    println!("\nsearches:");
    for (lang, query) in SEARCHES {
        println!("\n  [{lang}] {query}");
        let hits = index
            .search(&SearchRequest::new(*query).limit(3).last_term(faqmine::search::LastTerm::Complete))?;
        if hits.is_empty() {
            println!("    (no hits)");
        }
        for (rank, h) in hits.iter().enumerate() {
            println!("    {}. ({:.2}) {}", rank + 1, h.score, h.question);
        }
    }
    let labels = data.join("labels.jsonl");
    if labels.is_file() {
        let labels: Vec<LabelRecord> = read_jsonl(&labels)?;
        let assignments: Vec<AssignmentRecord> = run
            .assignments
            .iter()
            .map(|a| AssignmentRecord::new(&a.conversation_id, a.message_index, a.faq_id.as_deref()))
            .collect();
        let ignore: Vec<String> = faqmine::eval::NON_QUESTION_LABELS.iter().map(|s| s.to_string()).collect();
        let s = score_clustering(&labels, &assignments, &ignore);
        println!(
            "\nagainst the corpus's labels (questions only): NMI {:.3}, ARI {:.3}, purity {}, coverage {:.3}, \
             {} FAQs for {} labels; non-questions put in an FAQ: {}",
            s.nmi,
            s.ari,
            s.purity.map_or("-".to_string(), |p| format!("{p:.3}")),
            s.coverage,
            s.faqs,
            s.labels,
            s.ignored_in_faq.map_or("-".to_string(), |p| format!("{p:.3}")),
        );
    }
    println!("\nwrote faq.json, faq.md, faq.html, assignments.jsonl and index/ to {}", out.display());
    Ok(())
}

/// The conversation files of the demo corpus: everything readable in `data` but the labels.
fn demo_inputs(data: &Path) -> Result<Vec<PathBuf>> {
    let mut inputs = Vec::new();
    for entry in std::fs::read_dir(data).with_context(|| format!("reading {}", data.display()))? {
        let path = entry.with_context(|| format!("reading {}", data.display()))?.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let conversations = matches!(ext.as_str(), "jsonl" | "csv" | "eml" | "mbox") || name == "mbox";
        if path.is_file() && conversations && name != "labels.jsonl" {
            inputs.push(path);
        }
    }
    inputs.sort();
    if inputs.is_empty() {
        bail!("the demo corpus {} holds no conversation files", data.display());
    }
    Ok(inputs)
}

/// `s` cut to at most `max` characters at a word boundary, with an ellipsis when cut.
fn shorten(s: &str, max: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= max {
        return s;
    }
    let cut: String = s.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head).to_string();
    format!("{cut}…")
}
