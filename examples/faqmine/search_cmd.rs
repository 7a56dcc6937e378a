//! `faqmine search`: one query, or a batch from a JSONL file.

use std::io::{BufRead, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{ArgGroup, Args};
use faqmine::search::LastTerm;
use faqmine::{Hit, SearchRequest};
use rayon::prelude::*;

use crate::model_cmd::ModelChoice;
use crate::progress;

/// Queries searched at once by a batch (on every core), then written in order.
const BATCH_CHUNK: usize = 512;

#[derive(Args)]
#[command(group(ArgGroup::new("input").required(true).args(["query", "queries"])))]
pub struct SearchArgs {
    /// The index directory (written by `mine` or `index`).
    #[arg(long)]
    index: PathBuf,
    /// The query text.
    query: Option<String>,
    /// A batch of queries: JSONL of {id, query}; one output line per input line, same order.
    #[arg(long)]
    queries: Option<PathBuf>,
    /// How many hits at most per query.
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// The query language (ISO 639-1); detected when absent.
    #[arg(long)]
    lang: Option<String>,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
    /// Treat the last word as still being typed, as a search box does ("passw" finds
    /// "password"). By default queries are complete.
    #[arg(long)]
    as_you_type: bool,
    #[command(flatten)]
    model: ModelChoice,
}

#[derive(serde::Deserialize)]
struct QueryLine {
    id: serde_json::Value,
    query: String,
}

/// One line of a batch's output: every hit, ranked, and whether the first one answers
/// (`answered: false` when the index has no answer to the query).
#[derive(serde::Serialize)]
struct ResultLine<'a> {
    id: &'a serde_json::Value,
    answered: bool,
    hits: &'a [Hit],
}

/// A batch keeps the hits that do not answer (flagged by their confidence and `answered`),
/// so that its rankings can be scored whatever the threshold; a single query shows only
/// the hits that answer, as a search box does.
fn request(args: &SearchArgs, query: &str) -> SearchRequest {
    let last = if args.as_you_type { LastTerm::Prefix } else { LastTerm::Complete };
    let mut r =
        SearchRequest::new(query).limit(args.limit).last_term(last).keep_unanswered(args.queries.is_some());
    if let Some(l) = &args.lang {
        r = r.language(l.clone());
    }
    r
}

pub fn run(args: &SearchArgs) -> Result<()> {
    // No index there: its error alone, without loading (or a word on) the model.
    let builder =
        if args.index.exists() { args.model.index_builder()? } else { faqmine::FaqIndex::builder() };
    let index =
        builder.open(&args.index).with_context(|| format!("opening index {}", args.index.display()))?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if let Some(q) = &args.query {
        let hits = index.search(&request(args, q)).with_context(|| format!("searching {q:?}"))?;
        if args.json {
            let answered = faqmine::search::answered(&hits);
            writeln!(out, "{}", serde_json::json!({ "query": q, "answered": answered, "hits": hits }))?;
        } else {
            write_table(&mut out, &hits)?;
        }
        return Ok(out.flush()?);
    }
    let path = args.queries.as_ref().expect("clap requires a query or --queries");
    let queries = read_queries(path)?;
    let pb = progress::bar(queries.len() as u64, "searching");
    // The index is shared by every thread: a batch runs on all cores, a chunk at a time
    // (bounded memory), and is written in input order.
    for chunk in queries.chunks(BATCH_CHUNK) {
        let results: Vec<Result<Vec<Hit>>> = chunk
            .par_iter()
            .map(|(line, q)| {
                index
                    .search(&request(args, &q.query))
                    .with_context(|| format!("{}:{line}: searching {:?}", path.display(), q.query))
            })
            .collect();
        for ((_, q), hits) in chunk.iter().zip(results) {
            let hits = hits?;
            if args.json {
                let answered = faqmine::search::answered(&hits);
                writeln!(
                    out,
                    "{}",
                    serde_json::to_string(&ResultLine { id: &q.id, answered, hits: &hits })?
                )?;
            } else {
                writeln!(out, "# {} {}", q.id, q.query)?;
                write_table(&mut out, &hits)?;
                writeln!(out)?;
            }
        }
        pb.inc(chunk.len() as u64);
    }
    pb.finish_and_clear();
    Ok(out.flush()?)
}

fn read_queries(path: &PathBuf) -> Result<Vec<(usize, QueryLine)>> {
    let file = std::fs::File::open(path).with_context(|| format!("reading queries {}", path.display()))?;
    let mut queries = Vec::new();
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("reading queries {}", path.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        let q: QueryLine = serde_json::from_str(&line)
            .with_context(|| format!("{}:{}: expected {{\"id\", \"query\"}}", path.display(), i + 1))?;
        queries.push((i + 1, q));
    }
    Ok(queries)
}

fn write_table(out: &mut impl Write, hits: &[Hit]) -> Result<()> {
    if hits.is_empty() {
        writeln!(out, "(no answer)")?;
    }
    for (rank, h) in hits.iter().enumerate() {
        let flag = if h.answers() { "" } else { "  (does not answer)" };
        writeln!(out, "{:>2}. {:>7.3}  {}  {}{flag}", rank + 1, h.score, h.faq_id, h.question)?;
    }
    Ok(())
}
