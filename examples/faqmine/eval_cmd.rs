//! `faqmine eval`: the project's own scores, from files.

use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use clap::{ArgGroup, Args, ValueEnum};
use faqmine::eval::{
    clustering_breakdown, read_jsonl, score_clustering, score_deflection, score_retrieval, AssignmentRecord,
    ClusterScores, DeflectionScores, FaqBreakdown, LabelBreakdown, LabelRecord, LabelledQuery, QueryRecord,
    ResultRecord, RetrievalScores,
};

#[derive(Args)]
#[command(group(ArgGroup::new("input").required(true).multiple(true).args(["labels", "queries"])))]
#[command(group(ArgGroup::new("scored").multiple(false).args(["queries", "deflection_queries"])))]
pub struct EvalArgs {
    /// Gold labels: JSONL of {conversation_id, message_index, label}.
    #[arg(long, requires = "assignments")]
    labels: Option<PathBuf>,
    /// A run's assignments.jsonl: {conversation_id, message_index, faq_id (or null)}.
    #[arg(long, requires = "labels")]
    assignments: Option<PathBuf>,
    /// What the clustering scores score: the FAQ entries (`faq_id`) or their topics
    /// (`topic_id`, which assignments.jsonl has since topics exist).
    #[arg(long, value_enum, default_value_t = Level::Entry, requires = "labels", conflicts_with = "deflection_queries")]
    level: Level,
    /// Labels to leave out of the clustering scores (non-questions), comma-separated.
    #[arg(long, value_delimiter = ',', requires = "labels")]
    ignore_labels: Vec<String>,
    /// Queries with their relevant FAQ ids: JSONL of {id, query, relevant: [faq ids]}.
    #[arg(long, requires = "results")]
    queries: Option<PathBuf>,
    /// Search results: JSONL of {id, hits: [{faq_id, ...}]}, as `search --queries --json` writes.
    #[arg(long, requires = "scored")]
    results: Option<PathBuf>,
    /// Deflection: held-out messages searched as queries, JSONL of {id, query, label}. Each
    /// FAQ of the run (`--assignments`) holds the labels of its messages (`--labels`); a
    /// query is deflected at k when one of its first k hits (`--results`) is an FAQ more than
    /// half of whose messages carry the query's label. See scripts/deflection.sh.
    #[arg(long, requires_all = ["results", "labels"])]
    deflection_queries: Option<PathBuf>,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    json: bool,
    /// Also list every FAQ (size, majority label, purity) and every true label (coverage,
    /// how many FAQs it is spread over): what a run gets wrong.
    #[arg(long, requires = "labels")]
    details: bool,
}

/// The grouping of a run that the clustering scores look at.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Level {
    /// The entries: one answer each.
    Entry,
    /// The topics above them.
    Topic,
}

/// The assignments in `path`, at `level`.
fn read_assignments(path: &std::path::Path, level: Level) -> Result<Vec<AssignmentRecord>> {
    let records: Vec<AssignmentRecord> = read_jsonl(path).context("reading assignments")?;
    if level == Level::Entry {
        return Ok(records);
    }
    records
        .iter()
        .enumerate()
        .map(|(i, r)| match r.at_topic_level() {
            Some(r) => Ok(r),
            None => bail!(
                "{}: record {} (conversation {:?}, message {}): field topic_id missing for faq_id {:?}; \
                 the file was written before topics existed, mine again to score topics",
                path.display(),
                i + 1,
                r.conversation_id,
                r.message_index,
                r.faq_id.as_deref().unwrap_or_default()
            ),
        })
        .collect()
}

#[derive(serde::Serialize)]
struct Report {
    /// `entry` or `topic`: what the clustering scores scored.
    #[serde(skip_serializing_if = "Option::is_none")]
    level: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    clustering: Option<ClusterScores>,
    #[serde(skip_serializing_if = "Option::is_none")]
    retrieval: Option<RetrievalScores>,
    #[serde(skip_serializing_if = "Option::is_none")]
    deflection: Option<DeflectionScores>,
    #[serde(skip_serializing_if = "Option::is_none")]
    faqs: Option<Vec<FaqBreakdown>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    labels: Option<Vec<LabelBreakdown>>,
}

pub fn run(args: &EvalArgs) -> Result<()> {
    let mut report =
        Report { level: None, clustering: None, retrieval: None, deflection: None, faqs: None, labels: None };
    if let (Some(l), Some(a)) = (&args.labels, &args.assignments) {
        let labels: Vec<LabelRecord> = read_jsonl(l).context("reading labels")?;
        let assignments = read_assignments(a, args.level)?;
        report.level = Some(match args.level {
            Level::Entry => "entry",
            Level::Topic => "topic",
        });
        report.clustering = Some(score_clustering(&labels, &assignments, &args.ignore_labels));
        if args.details {
            let (faqs, per_label) = clustering_breakdown(&labels, &assignments, &args.ignore_labels);
            report.faqs = Some(faqs);
            report.labels = Some(per_label);
        }
    }
    if let (Some(q), Some(r)) = (&args.queries, &args.results) {
        let queries: Vec<QueryRecord> = read_jsonl(q).context("reading queries")?;
        let results: Vec<ResultRecord> = read_jsonl(r).context("reading results")?;
        report.retrieval = Some(score_retrieval(&queries, &results));
    }
    if let (Some(q), Some(r), Some(l), Some(a)) =
        (&args.deflection_queries, &args.results, &args.labels, &args.assignments)
    {
        let queries: Vec<LabelledQuery> = read_jsonl(q).context("reading deflection queries")?;
        let results: Vec<ResultRecord> = read_jsonl(r).context("reading results")?;
        let labels: Vec<LabelRecord> = read_jsonl(l).context("reading labels")?;
        let assignments: Vec<AssignmentRecord> = read_jsonl(a).context("reading assignments")?;
        report.deflection = Some(score_deflection(&labels, &assignments, &queries, &results));
    }
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        print!("{}", table(&report, &args.ignore_labels));
        print!("{}", details(&report));
    }
    Ok(())
}

fn opt(x: Option<f64>) -> String {
    x.map_or_else(|| "-".to_string(), |v| format!("{v:.3}"))
}

fn table(report: &Report, ignored: &[String]) -> String {
    let mut rows: Vec<(String, String)> = Vec::new();
    if let Some(c) = &report.clustering {
        rows.push(("level".into(), report.level.unwrap_or("entry").to_string()));
        rows.push(("clustering items".into(), c.items.to_string()));
        rows.push(("NMI".into(), format!("{:.3}", c.nmi)));
        rows.push(("NMI if nothing clustered".into(), format!("{:.3}", c.nmi_nothing_clustered)));
        rows.push(("ARI".into(), format!("{:.3}", c.ari)));
        rows.push(("homogeneity".into(), format!("{:.3}", c.homogeneity)));
        rows.push(("completeness".into(), format!("{:.3}", c.completeness)));
        rows.push(("FAQ purity".into(), opt(c.purity)));
        rows.push(("coverage".into(), format!("{:.3}", c.coverage)));
        let groups = if report.level == Some("topic") { "topics" } else { "FAQs" };
        rows.push((format!("{groups} / true labels"), format!("{} / {}", c.faqs, c.labels)));
        if c.unassigned > 0 {
            rows.push(("labelled, not in assignments".into(), c.unassigned.to_string()));
        }
        if !ignored.is_empty() {
            rows.push(("ignored labels".into(), ignored.join(",")));
            rows.push(("ignored items".into(), c.ignored_items.to_string()));
            rows.push(("ignored items put in an FAQ".into(), opt(c.ignored_in_faq)));
        }
    }
    if let Some(r) = &report.retrieval {
        rows.push(("queries".into(), r.queries.to_string()));
        rows.push(("recall@1".into(), format!("{:.3}", r.recall_at_1)));
        rows.push(("recall@5".into(), format!("{:.3}", r.recall_at_5)));
        rows.push(("MRR@10".into(), format!("{:.3}", r.mrr_at_10)));
        if r.missing_results > 0 {
            rows.push(("queries without results".into(), r.missing_results.to_string()));
        }
    }
    if let Some(d) = &report.deflection {
        rows.push(("deflection queries".into(), d.queries.to_string()));
        rows.push(("deflection@1".into(), format!("{:.3}", d.deflection_at_1)));
        rows.push(("deflection@3".into(), format!("{:.3}", d.deflection_at_3)));
        rows.push(("label mostly held by an FAQ".into(), format!("{:.3}", d.reachable)));
        rows.push(("FAQs mostly of one label".into(), format!("{} / {}", d.majority_faqs, d.labelled_faqs)));
        if d.no_hits > 0 {
            rows.push(("queries without hits".into(), d.no_hits.to_string()));
        }
    }
    let width = rows.iter().map(|(k, _)| k.chars().count()).max().unwrap_or(0);
    rows.iter().map(|(k, v)| format!("{k:<width$}  {v}\n")).collect()
}

fn details(report: &Report) -> String {
    let mut out = String::new();
    if let Some(faqs) = &report.faqs {
        out.push_str("\nFAQs (largest first)\n  items  purity  labels  faq id: majority label\n");
        for f in faqs {
            out.push_str(&format!(
                "  {:>5}  {:>6.3}  {:>6}  {}: {}\n",
                f.items, f.purity, f.labels, f.faq_id, f.majority_label
            ));
        }
    }
    if let Some(labels) = &report.labels {
        out.push_str(
            "\ntrue labels (largest first)\n  items  coverage  FAQs  in main FAQ  label / main faq id\n",
        );
        for l in labels {
            out.push_str(&format!(
                "  {:>5}  {:>8.3}  {:>4}  {:>11.3}  {}: {}\n",
                l.items,
                l.coverage,
                l.faqs,
                l.main_faq_share,
                l.label,
                l.main_faq.as_deref().unwrap_or("-")
            ));
        }
    }
    out
}
