//! FAQ sets rendered for people: Markdown grouped by language, and one self-contained HTML
//! report (inline CSS and SVG, no network access, readable without JavaScript).

use std::collections::BTreeMap;
use std::fmt::Write;

use super::entry::{FaqEntry, FaqSet, Status, Topic, Trend, WeekCount};

/// The English name of a language code, for headings.
fn language_name(code: &str) -> &str {
    match code {
        "en" => "English",
        "fr" => "French",
        "vi" => "Vietnamese",
        "ur" => "Urdu",
        "es" => "Spanish",
        "de" => "German",
        "pt" => "Portuguese",
        "it" => "Italian",
        "nl" => "Dutch",
        "ru" => "Russian",
        "ar" => "Arabic",
        "fa" => "Persian",
        "hi" => "Hindi",
        "id" => "Indonesian",
        "tr" => "Turkish",
        "pl" => "Polish",
        "ja" => "Japanese",
        "zh" => "Chinese",
        "ko" => "Korean",
        "th" => "Thai",
        "sv" => "Swedish",
        "und" => "Undetermined language",
        other => other,
    }
}

/// The live entries as the reports show them: the topics that group at least two of them
/// (most asked first, each with its live entries in set order), and the other entries, each
/// alone in its topic or in none (set order). A topic of one entry is shown as a plain
/// question: its heading would only repeat the question.
struct Layout<'s> {
    topics: Vec<(&'s Topic, Vec<&'s FaqEntry>)>,
    others: Vec<&'s FaqEntry>,
}

impl<'s> Layout<'s> {
    fn of(set: &'s FaqSet) -> Self {
        let live: BTreeMap<&str, &FaqEntry> = set.live().map(|e| (e.id.as_str(), e)).collect();
        let mut grouped = std::collections::BTreeSet::new();
        let mut topics = Vec::new();
        for t in &set.topics {
            // A hand-edited file may list an entry twice: it is shown once, in its first topic.
            let mut es: Vec<&FaqEntry> = Vec::new();
            for e in t.entry_ids.iter().filter_map(|id| live.get(id.as_str()).copied()) {
                if !grouped.contains(e.id.as_str()) && !es.iter().any(|x| x.id == e.id) {
                    es.push(e);
                }
            }
            if es.len() >= 2 {
                grouped.extend(es.iter().map(|e| e.id.as_str()));
                topics.push((t, es));
            }
        }
        let others = set.live().filter(|e| !grouped.contains(e.id.as_str())).collect();
        Layout { topics, others }
    }

    /// The same, one part per language (the topic's main language, or the entry's), most
    /// asked language first.
    fn by_language(self) -> Vec<(&'s str, Layout<'s>)> {
        let mut parts: BTreeMap<&str, (u64, Layout<'s>)> = BTreeMap::new();
        let empty = || (0, Layout { topics: Vec::new(), others: Vec::new() });
        for (t, es) in self.topics {
            let p = parts.entry(t.language.as_str()).or_insert_with(empty);
            p.0 += es.iter().map(|e| u64::from(e.message_count)).sum::<u64>();
            p.1.topics.push((t, es));
        }
        for e in self.others {
            let p = parts.entry(e.language.as_str()).or_insert_with(empty);
            p.0 += u64::from(e.message_count);
            p.1.others.push(e);
        }
        let mut out: Vec<(&str, u64, Layout<'s>)> = parts.into_iter().map(|(l, (n, p))| (l, n, p)).collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        out.into_iter().map(|(l, _, p)| (l, p)).collect()
    }
}

/// A topic's figures in words: "3 questions, asked 20 times, rising".
fn topic_facts(t: &Topic, entries: usize) -> String {
    let mut facts = format!(
        "{}, asked {}",
        plural(entries as u32, "question", "questions"),
        plural(t.message_count, "time", "times")
    );
    if let (Some(first), Some(last)) = (t.weekly_counts.first(), t.weekly_counts.last()) {
        let _ = write!(facts, " from {} to {}", first.week, last.week);
    }
    if let Some(trend) = t.trend {
        let _ = write!(facts, ", {}", trend.as_str());
    }
    facts
}

/// `true` when the entry is a content gap: not answered by the existing FAQ (when one was
/// compared) or, without one, not answered by agents either.
fn is_gap(set: &FaqSet, e: &FaqEntry) -> bool {
    match &set.coverage {
        Some(_) => e.status.is_live() && e.covered_by.is_none(),
        None => e.status.is_live() && e.answer.is_none(),
    }
}

fn plural(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Markdown text with the characters that would start formatting escaped.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The set as Markdown: one section per language (most asked first); in it the topics of
/// that main language, most asked first, each with its entries, then the other questions
/// (entries alone in their topic), most asked first; then the content gaps.
pub fn render_markdown(set: &FaqSet) -> String {
    let mut out = String::from("# Frequently asked questions\n\n");
    let live: Vec<&FaqEntry> = set.live().collect();
    let messages: u32 = live.iter().map(|e| e.message_count).sum();
    let _ = writeln!(
        out,
        "{} asked in {}.\n",
        plural(live.len() as u32, "question", "questions"),
        plural(messages, "customer message", "customer messages")
    );
    for (lang, part) in Layout::of(set).by_language() {
        let _ = writeln!(out, "## {} ({lang})\n", language_name(lang));
        for (t, entries) in &part.topics {
            let _ = writeln!(out, "### {}\n", md(&t.name));
            let _ = writeln!(out, "{}. Topic id: `{}`.\n", md(&topic_facts(t, entries.len())), t.id);
            for e in entries {
                entry_markdown(&mut out, set, e);
            }
        }
        if !part.others.is_empty() {
            let title = if part.topics.is_empty() { "Questions" } else { "Other questions" };
            let _ = writeln!(out, "### {title}\n");
            for e in &part.others {
                entry_markdown(&mut out, set, e);
            }
        }
    }
    if let Some(cov) = &set.coverage {
        let _ = writeln!(
            out,
            "## Content gaps\n\nThe help center's FAQ ({} entries) answers {} of these questions. \
             Not answered there yet, most asked first:\n",
            cov.existing_entries, cov.covered,
        );
        for id in &cov.gaps {
            if let Some(e) = set.get(id) {
                let _ = writeln!(out, "1. {} ({}×, {})", md(&e.question), e.message_count, e.language);
            }
        }
        out.push('\n');
    }
    out
}

/// One entry in Markdown, under a topic's or a language's heading.
fn entry_markdown(out: &mut String, set: &FaqSet, e: &FaqEntry) {
    let _ = writeln!(out, "#### {}\n", md(&e.question));
    match &e.answer {
        Some(a) => {
            // Two trailing spaces keep the answer's own line breaks in Markdown.
            let lines: Vec<String> = a.lines().map(md).collect();
            let _ = writeln!(out, "{}\n", lines.join("  \n"));
        }
        None => out.push_str("**No agent answer yet: this question needs one.**\n\n"),
    }
    let mut facts = format!(
        "Asked {} in {} by {}",
        plural(e.message_count, "time", "times"),
        plural(e.conversation_count, "conversation", "conversations"),
        plural(e.customer_count, "customer", "customers"),
    );
    if let (Some(f), Some(l)) = (&e.first_seen, &e.last_seen) {
        let _ = write!(facts, ", from {} to {}", md(&day(f)), md(&day(l)));
    }
    if let Some(t) = e.trend {
        let _ = write!(facts, ", {}", t.as_str());
    }
    let _ = writeln!(out, "- {facts}.");
    if let Some(c) = e.answer_confidence {
        let _ = writeln!(
            out,
            "- Agents agree: {:.0}% (of {}).",
            c * 100.0,
            plural(e.answer_count, "reply", "replies")
        );
    }
    let others: Vec<String> =
        e.variants.iter().skip(1).take(5).map(|v| format!("\"{}\" ({})", md(&v.text), v.count)).collect();
    if !others.is_empty() {
        let _ = writeln!(out, "- Also asked as: {}.", others.join(", "));
    }
    for alt in &e.alternative_answers {
        let _ = writeln!(out, "- Another answer given ({}×): {}", alt.count, md(&oneline(&alt.text)));
    }
    if !e.keywords.is_empty() {
        let _ = writeln!(out, "- Keywords: {}.", md(&e.keywords.join(", ")));
    }
    if let Some(id) = &e.covered_by {
        let _ = writeln!(out, "- Already in the help center as `{}`.", md(id));
    } else if set.coverage.is_some() {
        out.push_str("- **Not in the help center yet (content gap).**\n");
    }
    let _ = writeln!(out, "- Id: `{}`.\n", e.id);
}

/// The date part of an RFC 3339 time (any text: files may be edited by hand).
fn day(time: &str) -> String {
    time.chars().take(10).collect()
}

fn oneline(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// HTML text escaping (also safe inside attribute values).
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// All week labels from the earliest to the latest week of any entry, in order.
fn week_axis(set: &FaqSet) -> Vec<String> {
    let weeks: Vec<(i32, u8)> = set
        .entries
        .iter()
        .flat_map(|e| e.weekly_counts.iter())
        .filter_map(|w| super::weeks::parse_week_label(&w.week))
        .collect();
    match (weeks.iter().min(), weeks.iter().max()) {
        (Some(&first), Some(&last)) => {
            super::weeks::weeks_between(first, last).into_iter().map(super::weeks::week_label).collect()
        }
        _ => Vec::new(),
    }
}

/// An inline SVG sparkline of weekly counts (an entry's or a topic's) over `axis`.
fn sparkline(weekly: &[WeekCount], axis: &[String]) -> String {
    const W: f32 = 140.0;
    const H: f32 = 32.0;
    if axis.is_empty() {
        return String::new();
    }
    if weekly.is_empty() {
        return "<small>no dated messages</small>".to_string();
    }
    let counts: BTreeMap<&str, u32> = weekly.iter().map(|w| (w.week.as_str(), w.count)).collect();
    let series: Vec<u32> = axis.iter().map(|w| counts.get(w.as_str()).copied().unwrap_or(0)).collect();
    let max = series.iter().copied().max().unwrap_or(0).max(1) as f32;
    let step = if series.len() > 1 { W / (series.len() - 1) as f32 } else { 0.0 };
    let point = |i: usize, c: u32| (i as f32 * step, H - 2.0 - (c as f32 / max) * (H - 6.0));
    let mut line = String::new();
    for (i, &c) in series.iter().enumerate() {
        let (x, y) = point(i, c);
        let _ = write!(line, "{}{x:.1},{y:.1}", if i == 0 { "" } else { " " });
    }
    let area = format!("0,{H:.1} {line} {:.1},{H:.1}", (series.len() - 1) as f32 * step);
    let (lx, ly) = point(series.len() - 1, *series.last().unwrap_or(&0));
    let title = format!(
        "{} weeks, {} to {}; peak {} a week",
        axis.len(),
        axis.first().map(String::as_str).unwrap_or(""),
        axis.last().map(String::as_str).unwrap_or(""),
        max as u32
    );
    format!(
        "<svg class=\"spark\" viewBox=\"-2 0 {w} {H}\" width=\"{w}\" height=\"{H}\" role=\"img\" aria-label=\"{t}\">\
         <title>{t}</title><polygon points=\"{area}\" class=\"area\"/><polyline points=\"{line}\" class=\"line\"/>\
         <circle cx=\"{lx:.1}\" cy=\"{ly:.1}\" r=\"2.2\" class=\"dot\"/></svg>",
        w = W + 4.0,
        t = escape(&title),
    )
}

const STYLE: &str = r#"
:root{--ink:#1d2433;--muted:#5b6475;--line:#e3e6ec;--bg:#f6f7f9;--card:#fff;--accent:#2456d6;--gap:#d9480f;--gapbg:#fff4e6;--ok:#2b8a3e;--okbg:#ebfbee}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Naskh Arabic","Noto Nastaliq Urdu","DejaVu Sans",Tahoma,sans-serif}
main{max-width:980px;margin:0 auto;padding:28px 20px 60px}
h1{font-size:26px;margin:0 0 4px}
.sub{color:var(--muted);margin:0 0 18px}
.stats{display:flex;flex-wrap:wrap;gap:10px;margin:0 0 18px;padding:0;list-style:none}
.stats li{flex:1 1 0;background:var(--card);border:1px solid var(--line);border-radius:8px;padding:8px 14px;min-width:110px}
.stats b{display:block;font-size:20px}
.stats span{color:var(--muted);font-size:13px}
.chips{display:flex;flex-wrap:wrap;gap:6px;margin:0 0 22px}
.chip{display:inline-block;border:1px solid var(--line);background:var(--card);border-radius:999px;padding:2px 10px;font-size:13px;color:var(--muted)}
.chip b{color:var(--ink)}
section.gaps{background:var(--gapbg);border:1px solid #ffd8a8;border-radius:10px;padding:14px 18px;margin:0 0 26px}
section.gaps h2{font-size:17px;margin:0 0 6px;color:var(--gap)}
section.gaps p{margin:0 0 8px;color:var(--muted)}
section.gaps ol{margin:0;padding-left:22px}
section.gaps a{color:var(--ink);text-decoration:none;border-bottom:1px dotted var(--gap)}
h2.list{font-size:18px;margin:0 0 10px}
article{background:var(--card);border:1px solid var(--line);border-left:4px solid var(--line);border-radius:10px;padding:14px 18px;margin:0 0 12px}
article.gap{border-left-color:var(--gap)}
article.covered{border-left-color:var(--ok)}
.head{display:flex;gap:14px;align-items:flex-start}
.rank{color:var(--muted);font-variant-numeric:tabular-nums;min-width:28px;padding-top:2px}
.q{flex:1}
.q h3{margin:0;font-size:17px;line-height:1.35}
.meta{color:var(--muted);font-size:13px;margin-top:3px}
.vol{text-align:right;min-width:150px}
.vol b{font-size:18px}
.vol small{color:var(--muted);display:block;font-size:12px}
.vol svg{display:block;margin:4px 0 0 auto}
.spark .line{fill:none;stroke:var(--accent);stroke-width:1.6}
.spark .area{fill:#2456d61a;stroke:none}
.spark .dot{fill:var(--accent)}
.badge{display:inline-block;font-size:11.5px;font-weight:600;border-radius:4px;padding:1px 7px;margin-right:4px;vertical-align:1px;text-transform:uppercase;letter-spacing:.02em}
.b-lang{background:#e7eefc;color:#1c3f9e}
.b-gap{background:var(--gapbg);color:var(--gap)}
.b-cov{background:var(--okbg);color:var(--ok)}
.b-cur{background:#f3e8fd;color:#7b2cbf}
.b-rising{background:#fff0f0;color:#c92a2a}
.b-falling{background:#eef6ff;color:#1864ab}
.answer{margin:10px 0 0 42px;padding:10px 14px;background:#f8f9fb;border-radius:8px;white-space:pre-line}
.answer.none{background:var(--gapbg);color:var(--gap);font-weight:600}
.conf{margin:6px 0 0 42px;font-size:13px;color:var(--muted);display:flex;align-items:center;gap:8px}
.meter{width:90px;height:6px;background:var(--line);border-radius:3px;overflow:hidden}
.meter i{display:block;height:100%;background:var(--ok)}
details{margin:8px 0 0 42px;font-size:14px}
summary{cursor:pointer;color:var(--accent)}
details ul{margin:6px 0;padding-left:20px}
details .k{color:var(--muted)}
details code{font-size:12.5px;background:#f1f3f5;padding:1px 4px;border-radius:3px}
.alt{white-space:pre-line}
section.topic{border:1px solid var(--line);border-radius:12px;background:#eef1f6;padding:12px 12px 2px;margin:0 0 20px}
.thead{display:flex;gap:14px;align-items:flex-start;padding:0 6px 10px}
.thead h2{margin:0;font-size:19px}
a.chip{text-decoration:none}
section.other{margin-top:30px;color:var(--muted);font-size:14px}
section.other h2{font-size:16px}
"#;

/// The set as one self-contained HTML page (no network access needed to view it): summary
/// figures, languages, content gaps highlighted, then the entries by frequency, each with
/// its weekly-volume sparkline, answer, agreement and details.
pub fn render_html(set: &FaqSet) -> String {
    let live: Vec<&FaqEntry> = set.live().collect();
    let messages: u32 = live.iter().map(|e| e.message_count).sum();
    let unanswered = live.iter().filter(|e| e.answer.is_none()).count() as u32;
    let axis = week_axis(set);
    let mut out = String::new();
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>FAQ report</title><style>{STYLE}</style></head><body><main>\n\
         <h1>Frequently asked questions</h1>\n<p class=\"sub\">Mined from support conversations: \
         what customers ask again and again, and what agents answered.</p>\n"
    );
    let _ = write!(
        out,
        "<ul class=\"stats\"><li><b>{}</b><span>questions</span></li><li><b>{}</b><span>messages</span></li>\
         <li><b>{}</b><span>unanswered</span></li>",
        live.len(),
        messages,
        unanswered
    );
    if let Some(cov) = &set.coverage {
        let _ = write!(
            out,
            "<li><b>{}</b><span>in your FAQ</span></li><li><b>{}</b><span>content gaps</span></li>",
            cov.covered,
            cov.gaps.len()
        );
    }
    if let Some(report) = &set.search_log {
        let _ = write!(
            out,
            "<li title=\"{} searches\"><b>{:.0}%</b><span>searches answered (est.)</span></li>",
            report.searches,
            100.0 * report.estimated_deflection
        );
    }
    if let (Some(first), Some(last)) = (axis.first(), axis.last()) {
        let _ = write!(out, "<li title=\"{first} to {last}\"><b>{}</b><span>weeks</span></li>", axis.len());
    }
    out.push_str("</ul>\n<div class=\"chips\">");
    let mut langs: BTreeMap<&str, u32> = BTreeMap::new();
    for e in &live {
        for (l, n) in &e.languages {
            *langs.entry(l.as_str()).or_default() += n;
        }
    }
    let mut langs: Vec<(&str, u32)> = langs.into_iter().collect();
    langs.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    for (l, n) in &langs {
        let _ = write!(out, "<span class=\"chip\"><b>{}</b> {} messages</span>", escape(language_name(l)), n);
    }
    out.push_str("</div>\n");

    // Content gaps first: they are what the report is for.
    let gaps: Vec<&FaqEntry> = match &set.coverage {
        Some(cov) => cov.gaps.iter().filter_map(|id| set.get(id)).collect(),
        None => live.iter().copied().filter(|e| e.answer.is_none()).collect(),
    };
    if !gaps.is_empty() {
        let (title, intro) = match &set.coverage {
            Some(cov) => (
                "Content gaps",
                format!(
                    "Asked by customers but not answered by your help center's FAQ ({} entries), most asked first.",
                    cov.existing_entries
                ),
            ),
            None => ("Questions without an answer", "Customers asked these but no agent answered them.".to_string()),
        };
        let _ = write!(
            out,
            "<section class=\"gaps\"><h2>{title} ({})</h2><p>{}</p><ol>",
            gaps.len(),
            escape(&intro)
        );
        for e in gaps.iter().take(20) {
            let _ = write!(
                out,
                "<li><a href=\"#{}\" dir=\"auto\">{}</a> <span class=\"k\">· {}× · {}</span></li>",
                escape(&e.id),
                escape(&e.question),
                e.message_count,
                escape(&e.language)
            );
        }
        if gaps.len() > 20 {
            let _ = write!(out, "<li class=\"k\">and {} more, marked below</li>", gaps.len() - 20);
        }
        out.push_str("</ol></section>\n");
    }

    if let Some(report) = &set.search_log {
        search_gaps_html(&mut out, report);
    }

    // Entries keep their rank among all questions wherever they are shown.
    let rank: BTreeMap<&str, usize> = live.iter().enumerate().map(|(i, e)| (e.id.as_str(), i + 1)).collect();
    let layout = Layout::of(set);
    if !layout.topics.is_empty() {
        let _ = write!(
            out,
            "<h2 class=\"list\">Topics, most asked first ({})</h2><nav class=\"chips\">",
            layout.topics.len()
        );
        for (t, es) in &layout.topics {
            let _ = write!(
                out,
                "<a class=\"chip\" href=\"#{}\" dir=\"auto\"><b>{}</b> {} · {}×</a>",
                escape(&t.id),
                escape(&t.name),
                plural(es.len() as u32, "question", "questions"),
                t.message_count
            );
        }
        out.push_str("</nav>\n");
        for (t, es) in &layout.topics {
            topic_html(&mut out, set, t, es, &rank, &axis);
        }
    }
    if !layout.others.is_empty() {
        let title = if layout.topics.is_empty() {
            "All questions, most asked first"
        } else {
            "Other questions, most asked first"
        };
        let _ = writeln!(out, "<h2 class=\"list\">{title}</h2>");
        for e in &layout.others {
            entry_html(&mut out, set, e, rank[e.id.as_str()], &axis);
        }
    }

    let hidden: Vec<&FaqEntry> = set.entries.iter().filter(|e| !e.status.is_live()).collect();
    if !hidden.is_empty() {
        let _ = write!(
            out,
            "<section class=\"other\"><h2>Not published ({})</h2><p>Retired entries are no longer asked; \
             suppressed and merged ones were hidden by curators. They stay in faq.json so that their ids \
             and curation are never lost.</p><ul>",
            hidden.len()
        );
        for e in hidden {
            let target = match (&e.status, &e.curation.merged_into) {
                (Status::Merged, Some(t)) => format!(" into <code>{}</code>", escape(t)),
                _ => String::new(),
            };
            let _ = write!(
                out,
                "<li><span dir=\"auto\">{}</span> <span class=\"k\">· {}{target} · <code>{}</code></span></li>",
                escape(&e.question),
                e.status.as_str(),
                escape(&e.id)
            );
        }
        out.push_str("</ul></section>\n");
    }
    out.push_str("</main></body></html>\n");
    out
}

/// The badge of a rising or falling trend; nothing for a steady or unknown one.
fn trend_badge(trend: Option<Trend>) -> &'static str {
    match trend {
        Some(Trend::Rising) => "<span class=\"badge b-rising\">▲ rising</span>",
        Some(Trend::Falling) => "<span class=\"badge b-falling\">▼ falling</span>",
        _ => "",
    }
}

/// A topic's section: its name, figures and weekly series, then its entries.
fn topic_html(
    out: &mut String,
    set: &FaqSet,
    t: &Topic,
    entries: &[&FaqEntry],
    rank: &BTreeMap<&str, usize>,
    axis: &[String],
) {
    let _ = write!(
        out,
        "<section class=\"topic\" id=\"{}\"><div class=\"thead\"><div class=\"q\"><h2 dir=\"auto\">{}</h2>\
         <div class=\"meta\"><span class=\"badge b-lang\">{}</span>",
        escape(&t.id),
        escape(&t.name),
        escape(&t.language)
    );
    out.push_str(trend_badge(t.trend));
    let _ = write!(
        out,
        "{} · {}</div></div><div class=\"vol\"><b>{}</b> asked{}</div></div>",
        plural(entries.len() as u32, "question", "questions"),
        t.languages.iter().map(|(l, n)| format!("{} {n}", escape(l))).collect::<Vec<_>>().join(", "),
        t.message_count,
        sparkline(&t.weekly_counts, axis)
    );
    for e in entries {
        entry_html(out, set, e, rank[e.id.as_str()], axis);
    }
    out.push_str("</section>\n");
}

fn entry_html(out: &mut String, set: &FaqSet, e: &FaqEntry, rank: usize, axis: &[String]) {
    let gap = is_gap(set, e);
    let class = if gap {
        "gap"
    } else if e.covered_by.is_some() {
        "covered"
    } else {
        ""
    };
    let _ = write!(
        out,
        "<article id=\"{}\" class=\"{class}\"><div class=\"head\"><div class=\"rank\">{rank}</div><div class=\"q\">\
         <h3 dir=\"auto\">{}</h3><div class=\"meta\"><span class=\"badge b-lang\">{}</span>",
        escape(&e.id),
        escape(&e.question),
        escape(&e.language)
    );
    if gap && set.coverage.is_some() {
        out.push_str("<span class=\"badge b-gap\">gap</span>");
    }
    if let Some(id) = &e.covered_by {
        let _ = write!(
            out,
            "<span class=\"badge b-cov\" title=\"existing FAQ {0}\">in FAQ: {0}</span>",
            escape(id)
        );
    }
    if e.status == Status::Curated {
        out.push_str(&format!(
            "<span class=\"badge b-cur\">{}</span>",
            if e.curation.pinned { "pinned" } else { "curated" }
        ));
    }
    out.push_str(trend_badge(e.trend));
    let _ = write!(
        out,
        "{} · {} · {}</div></div><div class=\"vol\"><b>{}</b> asked{}</div></div>",
        plural(e.conversation_count, "conversation", "conversations"),
        plural(e.customer_count, "customer", "customers"),
        e.languages.iter().map(|(l, n)| format!("{} {n}", escape(l))).collect::<Vec<_>>().join(", "),
        e.message_count,
        sparkline(&e.weekly_counts, axis)
    );
    match &e.answer {
        Some(a) => {
            let _ = write!(out, "<div class=\"answer\" dir=\"auto\">{}</div>", escape(a));
            if let Some(c) = e.answer_confidence {
                let _ = write!(
                    out,
                    "<div class=\"conf\"><span class=\"meter\"><i style=\"width:{:.0}%\"></i></span>\
                     agents agree {:.0}% · {}{}</div>",
                    c * 100.0,
                    c * 100.0,
                    plural(e.answer_count, "reply", "replies"),
                    if e.alternative_answers.is_empty() {
                        String::new()
                    } else {
                        format!(
                            " · {}",
                            plural(e.alternative_answers.len() as u32, "other answer", "other answers")
                        )
                    }
                );
            }
        }
        None => {
            out.push_str("<div class=\"answer none\">No agent answer yet: this question needs one.</div>")
        }
    }
    out.push_str("<details><summary>Details</summary><ul>");
    if e.variants.len() > 1 || e.variants.first().is_some_and(|v| v.text != e.question) {
        let vs: Vec<String> = e
            .variants
            .iter()
            .take(12)
            .map(|v| {
                format!(
                    "<span dir=\"auto\">{}</span> <span class=\"k\">({})</span>",
                    escape(&v.text),
                    v.count
                )
            })
            .collect();
        let _ = write!(out, "<li><span class=\"k\">Asked as:</span> {}</li>", vs.join(" · "));
    }
    for alt in &e.alternative_answers {
        let _ = write!(
            out,
            "<li><span class=\"k\">Another answer ({}×):</span> <span class=\"alt\" dir=\"auto\">{}</span></li>",
            alt.count,
            escape(&alt.text)
        );
    }
    if !e.keywords.is_empty() {
        let _ = write!(out, "<li><span class=\"k\">Keywords:</span> {}</li>", escape(&e.keywords.join(", ")));
    }
    if !e.channels.is_empty() {
        let cs: Vec<String> = e.channels.iter().map(|(c, n)| format!("{} {n}", escape(c))).collect();
        let _ = write!(out, "<li><span class=\"k\">Channels:</span> {}</li>", cs.join(", "));
    }
    if let (Some(f), Some(l)) = (&e.first_seen, &e.last_seen) {
        let _ =
            write!(out, "<li><span class=\"k\">Seen:</span> {} to {}</li>", escape(&day(f)), escape(&day(l)));
    }
    if !e.example_conversation_ids.is_empty() {
        let ids: Vec<String> =
            e.example_conversation_ids.iter().map(|c| format!("<code>{}</code>", escape(c))).collect();
        let _ = write!(out, "<li><span class=\"k\">Example conversations:</span> {}</li>", ids.join(" "));
    }
    if !e.siblings.is_empty() {
        let ids: Vec<String> =
            e.siblings.iter().map(|s| format!("<a href=\"#{0}\"><code>{0}</code></a>", escape(s))).collect();
        let _ = write!(out, "<li><span class=\"k\">In other languages:</span> {}</li>", ids.join(" "));
    }
    let _ = writeln!(
        out,
        "<li><span class=\"k\">Id:</span> <code>{}</code></li></ul></details></article>",
        escape(&e.id)
    );
}

/// The section of the help center's search log: searches that found nothing useful, most
/// searched first, and the estimated deflection rate.
fn search_gaps_html(out: &mut String, report: &crate::faq::gaps::SearchGaps) {
    let _ = write!(
        out,
        "<section class=\"gaps\"><h2>Searched, not found ({})</h2><p>Of {} searches in the help center, \
         {} opened an answer that did not fail them: an estimated deflection rate of {:.1}%. \
         {} found nothing, {} showed answers nobody opened, {} opened one marked not helpful. \
         What they searched, most searched first:</p><ol>",
        report.gaps.len(),
        report.searches,
        report.found,
        100.0 * report.estimated_deflection,
        report.zero_result,
        report.no_click,
        report.not_helpful
    );
    for g in report.gaps.iter().take(20) {
        let mut why = Vec::new();
        for (n, what) in [(g.zero_result, "no hit"), (g.no_click, "no click"), (g.not_helpful, "not helpful")]
        {
            if n > 0 {
                why.push(format!("{n} {what}"));
            }
        }
        let shown = match &g.top_hit {
            Some(id) => format!(" · shown <a href=\"#{0}\"><code>{0}</code></a>", escape(id)),
            None => String::new(),
        };
        let _ = write!(
            out,
            "<li><span dir=\"auto\">{}</span> <span class=\"k\">· {}× ({}){shown}</span></li>",
            escape(&g.query),
            g.count,
            why.join(", ")
        );
    }
    if report.gaps.len() > 20 {
        let _ = write!(out, "<li class=\"k\">and {} more in faq.json</li>", report.gaps.len() - 20);
    }
    out.push_str("</ol></section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::faq::entry::{Variant, WeekCount};

    fn sample() -> FaqSet {
        let mut a = FaqEntry::new("faq-a", "How do I <reset> my password?");
        a.answer = Some("Click \"Forgot password\".".into());
        a.needs_answer = false;
        a.language = "en".into();
        a.message_count = 5;
        a.variants = vec![Variant { text: "reset password".into(), count: 5 }];
        a.weekly_counts = vec![
            WeekCount { week: "2024-W01".into(), count: 2 },
            WeekCount { week: "2024-W02".into(), count: 3 },
        ];
        let mut b = FaqEntry::new("faq-b", "Comment annuler ma commande ?");
        b.language = "fr".into();
        b.message_count = 3;
        FaqSet::new(vec![a, b])
    }

    #[test]
    fn html_is_self_contained_and_escaped() {
        let html = render_html(&sample());
        for forbidden in ["http://", "https://", "<script", "<link", "src="] {
            assert!(
                !html.contains(forbidden),
                "the report must not reach the network or run code: found {forbidden}"
            );
        }
        assert!(html.contains("&lt;reset&gt;"), "question text must be HTML-escaped");
        assert!(html.contains("<svg class=\"spark\""), "a dated entry gets a sparkline");
        assert!(html.contains("Questions without an answer (1)"), "unanswered entries are listed as gaps");
    }

    #[test]
    fn markdown_groups_by_language() {
        let md = render_markdown(&sample());
        let en = md.find("## English (en)").expect("an English section");
        let fr = md.find("## French (fr)").expect("a French section");
        assert!(en < fr, "the most asked language comes first");
        assert!(md.contains("No agent answer yet"), "an unanswered entry says so");
    }
}
