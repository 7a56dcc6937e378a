//! Scale benchmark of the whole mining pipeline: up to a million customer messages.
//!
//! ```text
//! cargo build --release --example mine_scale
//! RAYON_NUM_THREADS=2 /usr/bin/time -v target/release/examples/mine_scale 1000000
//! ```
//!
//! The corpus: the conversations of the real sets in `../shared/data` (every set with a
//! `conversations.jsonl`, about 65,000 customer messages, ids prefixed with the set name) up
//! to a fifteenth of the messages asked for, each set contributing the same share of its
//! conversations, and the deterministic synthetic multilingual messages of `benches/synth/`
//! for the rest. `--synthetic-only` leaves the real sets out; without `../shared/data` they
//! are left out with a message.
//!
//! Prints, at the start of each stage, the time, the live heap (counted by this binary's
//! allocator), the highest live heap since the previous stage and the resident memory, then
//! the totals; `/usr/bin/time -v` adds the peak resident memory as the system sees it
//! ("Maximum resident set size"). `RAYON_NUM_THREADS=2` pins the thread count. `--fine`
//! mines at [`Granularity::Fine`](faqmine::mine::Granularity::Fine). `--out DIR`
//! writes `faq.json` and `assignments.jsonl` there, as `faqmine mine` does, to check that a
//! change leaves the output byte for byte the same.

#[path = "../benches/synth/mod.rs"]
mod synth;

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use faqmine::mine::Granularity;
use faqmine::{Conversation, Miner, Progress, Role, Stage};

/// The system allocator, counting the bytes live now and the most live since the last reset.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded to the system allocator unchanged; the counters only
// observe sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grow(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grow(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            grow(new_size);
        }
        p
    }
}

fn grow(bytes: usize) {
    let now = LIVE.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const MB: usize = 1 << 20;

fn main() -> anyhow::Result<()> {
    let mut n: usize = 100_000;
    let mut real = true;
    let mut out: Option<std::path::PathBuf> = None;
    let mut granularity = Granularity::Standard;
    let mut model = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--synthetic-only" => real = false,
            "--fine" => granularity = Granularity::Fine,
            "--model" => model = true,
            "--out" => {
                out = Some(args.next().ok_or_else(|| anyhow::anyhow!("--out needs a directory"))?.into())
            }
            a => n = a.parse().map_err(|e| anyhow::anyhow!("messages {a:?}: {e}"))?,
        }
    }
    eprintln!("load average: {}", std::fs::read_to_string("/proc/loadavg").unwrap_or_default().trim());
    let t = Instant::now();
    let mut convs = if real { real_sets(n / 15)? } else { Vec::new() };
    let from_real = customer_messages(&convs);
    // Synthetic ids ("synth-…") sort after the real ones ("real/…"): the corpus stays in id
    // order, as readers return it, and the miner borrows it instead of sorting a copy.
    convs.extend(synth::corpus(n.saturating_sub(from_real), 42));
    eprintln!(
        "{n} customer messages ({from_real} from the real sets) in {} conversations: {:.1}s",
        convs.len(),
        t.elapsed().as_secs_f64()
    );
    PEAK.store(LIVE.load(Ordering::Relaxed), Ordering::Relaxed);
    let start = Instant::now();
    let cpu_start = cpu_seconds();
    // The last stage reported, and the smallest total of the clustering reports: the
    // number of distinct texts clustered (the miner's own reports count messages).
    let last = Arc::new(Mutex::new((None, u64::MAX)));
    let progress = {
        let last = last.clone();
        Arc::new(move |p: Progress| {
            let mut l = last.lock().expect("progress lock");
            if l.0 != Some(p.stage) {
                l.0 = Some(p.stage);
                eprintln!("  {:>6.1}s  {:?} starts ({})", start.elapsed().as_secs_f64(), p.stage, memory());
            }
            if p.stage == Stage::Cluster {
                l.1 = l.1.min(p.total);
            }
        })
    };
    let mut builder = Miner::builder().granularity(granularity).progress(progress);
    if model {
        // The sentence model, as `faqmine mine` uses it (fetched by `faqmine model fetch`).
        let path = faqmine::embed::E5Model::default_path();
        let m = faqmine::embed::E5Model::load(&path)
            .map_err(|e| anyhow::anyhow!("--model: {e} (fetch it with `faqmine model fetch`)"))?;
        builder = builder.embedder(std::sync::Arc::new(m));
    }
    let run = builder.build()?.run(&convs)?;
    let secs = start.elapsed().as_secs_f64();
    eprintln!("  {secs:>6.1}s  done ({})", memory());
    let in_faq = run.assignments.iter().filter(|a| a.faq_id.is_some()).count();
    println!(
        "messages {n}  distinct texts {}  mining {secs:.1}s  cpu {:.1}s  faqs {}  messages in an FAQ {in_faq} ({:.0}%)  \
         peak resident {} MB",
        last.lock().expect("progress lock").1,
        cpu_seconds() - cpu_start,
        run.faqs.entries.len(),
        100.0 * in_faq as f64 / n as f64,
        status_kb("VmHWM:") / 1024,
    );
    if let Some(dir) = out {
        // The outputs `faqmine mine` writes, to compare runs byte for byte.
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join("faq.json"), run.faqs.to_json() + "\n")?;
        let mut lines = String::new();
        for a in &run.assignments {
            lines.push_str(&serde_json::to_string(a)?);
            lines.push('\n');
        }
        std::fs::write(dir.join("assignments.jsonl"), lines)?;
    }
    Ok(())
}

/// The heap now, the highest heap since the last call and the resident memory.
fn memory() -> String {
    let live = LIVE.load(Ordering::Relaxed);
    let peak = PEAK.swap(live, Ordering::Relaxed);
    format!(
        "cpu {:.1}s, heap {} MB, heap peak since last {} MB, resident {} MB",
        cpu_seconds(),
        live / MB,
        peak / MB,
        status_kb("VmRSS:") / 1024
    )
}

/// User and system CPU time of this process so far: on a shared machine, wall time
/// measures the load as much as the work.
fn cpu_seconds() -> f64 {
    // SAFETY: `getrusage` only fills the zeroed struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    secs(usage.ru_utime) + secs(usage.ru_stime)
}

/// A field of `/proc/self/status` in kB (Linux; 0 elsewhere).
fn status_kb(field: &str) -> usize {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with(field)).and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn customer_messages(convs: &[Conversation]) -> usize {
    convs.iter().map(|c| c.messages.iter().filter(|m| m.role == Role::Customer).count()).sum()
}

/// Conversations of the real sets holding about `budget` customer messages: the same share
/// of every set's conversations (its first ones), ids prefixed `real/<set>/`, in id order.
fn real_sets(budget: usize) -> anyhow::Result<Vec<Conversation>> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    let Ok(dirs) = std::fs::read_dir(&data) else {
        eprintln!("{} not found: synthetic messages only", data.display());
        return Ok(Vec::new());
    };
    let mut sets: Vec<(String, Vec<Conversation>)> = Vec::new();
    for dir in dirs {
        let dir = dir?.path();
        let file = dir.join("conversations.jsonl");
        if file.is_file() {
            let name = dir.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            sets.push((name, faqmine::ingest::read_path(&file)?.conversations));
        }
    }
    sets.sort_by(|a, b| a.0.cmp(&b.0));
    let total: usize = sets.iter().map(|(_, c)| customer_messages(c)).sum();
    let share = if total == 0 { 0.0 } else { (budget as f64 / total as f64).min(1.0) };
    let mut out = Vec::new();
    for (name, convs) in sets {
        let take = (convs.len() as f64 * share).floor() as usize;
        out.extend(convs.into_iter().take(take).map(|mut c| {
            c.id = format!("real/{name}/{}", c.id);
            c
        }));
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}
