//! `faqmine analyze`: what the analyzer makes of one text, as JSON.

use anyhow::Result;
use clap::Args;
use faqmine::analyze::Analyzer;

#[derive(Args)]
pub struct AnalyzeArgs {
    /// The language (ISO 639-1); detected when absent.
    #[arg(long)]
    lang: Option<String>,
    /// The text to analyze.
    text: String,
}

pub fn run(args: &AnalyzeArgs) -> Result<()> {
    let analysis = Analyzer::new().analyze(&args.text, args.lang.as_deref());
    println!("{}", serde_json::to_string(&analysis)?);
    Ok(())
}
