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
//! ```
//!
//! Exit status: 0 success, 1 failed run, 2 bad usage. Errors go to stderr on one line.

mod eval_cmd;

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
    /// Score a run: clustering (--labels with --assignments) and/or retrieval (--queries with
    /// --results).
    Eval(eval_cmd::EvalArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Eval(args)) => eval_cmd::run(&args),
        None => Err(anyhow::anyhow!("the demo is not written yet; give a command (see --help)")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("faqmine: error: {}", one_line(&e));
            ExitCode::FAILURE
        }
    }
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
