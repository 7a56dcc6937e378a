//! `faqmine mine` and `faqmine index`: conversations to an FAQ and its search index.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use clap::Args;
use faqmine::faq::{render_html, render_markdown, ExistingFaq};
use faqmine::ingest::{read_paths_with, IngestOptions};
use faqmine::search::FaqIndexBuilder;
use faqmine::{FaqIndex, FaqSet, Miner, MiningRun};

use crate::model_cmd::ModelChoice;
use crate::progress;

#[derive(Args)]
pub struct MineArgs {
    /// Conversation files or directories (JSONL, CSV, .eml, mbox, Zendesk, Freshdesk,
    /// Intercom and Help Scout JSON, WhatsApp .txt, Messenger JSON).
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// The output directory: faq.json, faq.md, faq.html, assignments.jsonl, index/.
    #[arg(long)]
    out: PathBuf,
    /// The last run's faq.json: its ids and curated edits carry over.
    #[arg(long)]
    previous: Option<PathBuf>,
    /// The help center's current FAQ (JSONL of {id, question, answer}): mined questions it
    /// already answers are marked `covered`.
    #[arg(long)]
    existing: Option<PathBuf>,
    /// An email address or @domain whose senders are agents, or the name of the business in
    /// WhatsApp and Messenger chats, e.g. "Lumen Shop" (repeatable).
    #[arg(long = "support", value_name = "ADDRESS|@DOMAIN|NAME")]
    support: Vec<String>,
    /// The smallest number of customer messages that makes an FAQ entry.
    #[arg(long, value_name = "N")]
    min_support: Option<usize>,
    /// Mine only messages in these languages (ISO 639-1 codes, comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "vi,fr,...")]
    lang: Vec<String>,
    /// How finely questions are told apart: `standard`, or `fine` to keep apart questions
    /// that differ in one facet ("declined transfer" / "declined card payment").
    #[arg(long, default_value = "standard", value_name = "standard|fine")]
    granularity: faqmine::mine::Granularity,
    /// Also mask what REGEX matches, as ⟨NAME⟩ (repeatable): identifiers only your
    /// organisation knows, e.g. `--mask 'policy=\bPX-\d{4}\b'`.
    #[arg(long = "mask", value_name = "NAME=REGEX", value_parser = parse_mask)]
    masks: Vec<(String, String)>,
    /// A help center search log written by `serve --log` (repeatable: a rotated log's older
    /// file too): what customers searched and did not find becomes the "searched, not found"
    /// section of faq.html and `search_log.gaps` in faq.json.
    #[arg(long = "search-log", value_name = "FILE")]
    search_logs: Vec<PathBuf>,
    /// Where the sentence model's vectors are remembered between runs, so that mining the
    /// same export again embeds only the texts it has not seen (default: OUT/.cache).
    #[arg(long, value_name = "DIR", conflicts_with = "no_cache")]
    cache: Option<PathBuf>,
    /// Remember no vectors: embed every text, write no cache.
    #[arg(long)]
    no_cache: bool,
    #[command(flatten)]
    model: ModelChoice,
}

/// `NAME=REGEX` of `--mask`.
fn parse_mask(s: &str) -> std::result::Result<(String, String), String> {
    match s.split_once('=') {
        Some((name, pattern)) if !name.trim().is_empty() && !pattern.is_empty() => {
            Ok((name.trim().to_string(), pattern.to_string()))
        }
        _ => Err(format!("{s:?} is not NAME=REGEX")),
    }
}

#[derive(Args)]
pub struct IndexArgs {
    /// A faq.json, or a curated JSONL of {id, question, answer}.
    faq: PathBuf,
    /// The index directory to write.
    #[arg(long)]
    out: PathBuf,
    /// Remember the sentence model's vectors in DIR (as `mine --cache`): indexing the same
    /// entries again embeds only the texts it has not seen.
    #[arg(long, value_name = "DIR")]
    cache: Option<PathBuf>,
    #[command(flatten)]
    model: ModelChoice,
}

/// Reads every input as one export (email threads may span inputs; a conversation id seen
/// twice is a diagnostic), printing diagnostics and a summary line to stderr.
pub fn read_inputs(inputs: &[PathBuf], support: &[String]) -> Result<Vec<faqmine::Conversation>> {
    let options = IngestOptions { support: support.to_vec() };
    let what = match inputs {
        [one] => one.display().to_string(),
        _ => format!("{} inputs", inputs.len()),
    };
    let pb = progress::spinner(format!("reading {what}"));
    let ingested = read_paths_with(inputs, &options);
    pb.finish_and_clear();
    let ingested = ingested.context("reading the input")?;
    let mut err = std::io::stderr().lock();
    for d in &ingested.diagnostics {
        let _ = writeln!(err, "{d}");
    }
    drop(err);
    let (read, skipped) = (ingested.records_read, ingested.records_skipped);
    let conversations = ingested.conversations;
    eprintln!("read {read} records, skipped {skipped}");
    if conversations.is_empty() {
        let names: Vec<String> = inputs.iter().map(|p| p.display().to_string()).collect();
        bail!("no conversation could be read from {} (see the diagnostics above)", names.join(", "));
    }
    Ok(conversations)
}

pub fn run_mine(args: &MineArgs) -> Result<()> {
    let mut builder = Miner::builder().granularity(args.granularity);
    for (name, pattern) in &args.masks {
        builder = builder.mask(name, pattern);
    }
    if let Some(n) = args.min_support {
        builder = builder.min_support(n);
    }
    if !args.lang.is_empty() {
        let langs = args.lang.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).map(str::to_string);
        builder = builder.languages(langs);
    }
    // Settings are checked before the (possibly long) read, so that a typo fails at once.
    builder.clone().build().context("mining settings")?;
    if let Some(p) = &args.previous {
        builder = builder.previous(read_faq_json(p)?);
    }
    if let Some(p) = &args.existing {
        let existing: Vec<ExistingFaq> = faqmine::eval::read_jsonl(p).context("reading the existing FAQ")?;
        builder = builder.existing(existing);
    }
    let conversations = read_inputs(&args.inputs, &args.support)?;
    // The model after the input: a missing file is one line, without a word on the model.
    let cache_dir = (!args.no_cache).then(|| args.cache.clone().unwrap_or_else(|| args.out.join(".cache")));
    let embedding = args.model.load_cached(cache_dir.as_deref())?;
    if let Some(e) = &embedding {
        builder = builder.embedder(e.embedder.clone());
    }
    let pb = progress::bar(0, "mining");
    let miner = builder.progress(progress::miner_callback(pb.clone())).build().context("mining settings")?;
    let mut run = mine(&miner, &conversations, &pb)?;
    if !args.search_logs.is_empty() {
        run.faqs.search_log = Some(read_search_logs(&args.search_logs)?);
    }
    let index_builder = embedding.as_ref().map_or_else(FaqIndex::builder, |e| e.index_builder());
    write_run(&args.out, &run, &index_builder)?;
    if let Some(e) = &embedding {
        e.save()?;
    }

    let in_faq = run.assignments.iter().filter(|a| a.faq_id.is_some()).count();
    println!(
        "mined {} FAQ entries from {} conversations ({} of {} customer messages in an entry); wrote {}",
        run.faqs.entries.len(),
        conversations.len(),
        in_faq,
        run.assignments.len(),
        args.out.display()
    );
    Ok(())
}

/// The gaps report of the search logs at `paths`, read as one log; bad lines are printed
/// to stderr as diagnostics and skipped.
fn read_search_logs(paths: &[PathBuf]) -> Result<faqmine::faq::gaps::SearchGaps> {
    let mut events = Vec::new();
    for path in paths {
        let (mut read, diagnostics) = faqmine::faq::gaps::read_search_log(path)
            .with_context(|| format!("reading search log {}", path.display()))?;
        for d in &diagnostics {
            eprintln!("{d}");
        }
        events.append(&mut read);
    }
    let report = faqmine::faq::gaps::search_gaps(&events, &faqmine::analyze::Analyzer::new());
    eprintln!(
        "search log: {} searches, {} gaps, estimated deflection {:.1}%",
        report.searches,
        report.gaps.len(),
        100.0 * report.estimated_deflection
    );
    Ok(report)
}

/// Writes a run's outputs into `out`: faq.json, faq.md, faq.html, assignments.jsonl, index/.
pub fn write_run(out: &Path, run: &MiningRun, index: &FaqIndexBuilder) -> Result<FaqIndex> {
    std::fs::create_dir_all(out).with_context(|| format!("creating output directory {}", out.display()))?;
    write(&out.join("faq.json"), run.faqs.to_json() + "\n")?;
    write(&out.join("faq.md"), render_markdown(&run.faqs))?;
    write(&out.join("faq.html"), render_html(&run.faqs))?;
    let mut lines = String::new();
    for a in &run.assignments {
        lines.push_str(&serde_json::to_string(a)?);
        lines.push('\n');
    }
    write(&out.join("assignments.jsonl"), lines)?;
    build_index(&out.join("index"), &run.faqs, index)
}

/// Runs `miner` with its progress bar `pb`, cleared when done.
pub fn mine(
    miner: &Miner,
    conversations: &[faqmine::Conversation],
    pb: &indicatif::ProgressBar,
) -> Result<MiningRun> {
    let run = miner.run(conversations).context("mining");
    pb.finish_and_clear();
    run
}

pub fn run_index(args: &IndexArgs) -> Result<()> {
    let faqs = read_faq_any(&args.faq)?;
    let embedding = args.model.load_cached(args.cache.as_deref())?;
    let builder = embedding.as_ref().map_or_else(FaqIndex::builder, |e| e.index_builder());
    build_index(&args.out, &faqs, &builder)?;
    if let Some(e) = &embedding {
        e.save()?;
    }
    println!("indexed {} FAQ entries into {}", faqs.entries.len(), args.out.display());
    Ok(())
}

fn write(path: &Path, content: impl AsRef<[u8]>) -> Result<()> {
    std::fs::write(path, content).with_context(|| format!("writing {}", path.display()))
}

fn build_index(dir: &Path, faqs: &FaqSet, builder: &FaqIndexBuilder) -> Result<FaqIndex> {
    let pb = progress::spinner(format!("indexing {} entries", faqs.entries.len()));
    let mut index = builder.clone().create_in_dir(dir, faqs);
    if let Some(why) = index.as_ref().err().and_then(|e| outdated_index(dir, e)) {
        // The command's job is to write this run's index there, and what is there is an
        // index of another faqmine build, which cannot be updated in place: replace it.
        pb.suspend(|| eprintln!("{}: replacing {why}", dir.display()));
        std::fs::remove_dir_all(dir).with_context(|| format!("removing the old index {}", dir.display()))?;
        index = builder.clone().create_in_dir(dir, faqs);
    }
    pb.finish_and_clear();
    index.with_context(|| format!("writing index {}", dir.display()))
}

/// Says what `dir` holds when `e` shows it to be a faqmine index of another layout: one of
/// another schema version, or a search index without faqmine's version file (written
/// before index versions existed). `None` for any other error.
fn outdated_index(dir: &Path, e: &faqmine::Error) -> Option<String> {
    match e {
        faqmine::Error::SchemaVersion { found, expected, .. } => {
            Some(format!("an index of schema version {found} with version {expected}"))
        }
        faqmine::Error::Parse { path, .. }
            if path.parent() == Some(dir) && !path.exists() && dir.join("meta.json").is_file() =>
        {
            Some("an index written before index schema versions existed".to_string())
        }
        _ => None,
    }
}

fn read_faq_json(path: &Path) -> Result<FaqSet> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    FaqSet::from_json(&text).with_context(|| format!("{}: not a faq.json", path.display()))
}

/// A faq.json, or a JSONL of curated entries (told apart by content: a faq.json is one JSON
/// object with `schema_version`).
pub fn read_faq_any(path: &Path) -> Result<FaqSet> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) {
        if value.get("schema_version").is_some() {
            return FaqSet::from_json(&text).with_context(|| format!("{}: not a faq.json", path.display()));
        }
    }
    let curated: Vec<ExistingFaq> = faqmine::eval::read_jsonl(path).context("reading a curated FAQ")?;
    Ok(faqmine::search::faq_set_from_existing(&curated))
}
