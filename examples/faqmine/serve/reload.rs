//! The index in use, and its switch to a new one when a mining run replaces the directory.
//!
//! A watcher thread looks at the directory every poll interval: the identity (inode), size
//! and modification time of the directory and of its `meta.json` (tantivy rewrites it
//! atomically on every commit). When they change, it opens the directory as a new
//! [`FaqIndex`] and swaps it in under a lock held only for the swap. A request takes a
//! clone of the index in use when it starts (a reference count), so a search in flight
//! finishes on the old index while the next one runs on the new; the old index is closed
//! when its last search ends. A directory that cannot be opened (a run still writing it,
//! or one that failed) leaves the old index in use, and is tried again at the next poll.
//!
//! Polling rather than file-system events: the same on every platform and file system
//! (network mounts included), no dependency, and a replacement is seen within one
//! interval (500 ms by default).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

use anyhow::Result;
use faqmine::search::FaqIndexBuilder;
use faqmine::FaqIndex;

/// The index in use.
pub struct Current {
    shared: Arc<Shared>,
}

struct Shared {
    index: RwLock<FaqIndex>,
    /// How many times the index was switched since the server started.
    generation: AtomicU64,
}

/// What tells one state of the index directory from another.
type Fingerprint = Vec<Option<(u64, u64, Option<SystemTime>)>>;

impl Current {
    /// Opens `dir` and starts watching it every `poll`.
    pub fn open(dir: &Path, poll: Duration, opener: FaqIndexBuilder) -> Result<Current> {
        let seen = fingerprint(dir);
        let index = opener.clone().open(dir)?;
        let shared = Arc::new(Shared { index: RwLock::new(index), generation: AtomicU64::new(0) });
        let weak = Arc::downgrade(&shared);
        let dir: PathBuf = dir.to_path_buf();
        std::thread::Builder::new()
            .name("index-watch".into())
            .spawn(move || watch(&dir, poll, seen, &weak, &opener))?;
        Ok(Current { shared })
    }

    /// The index to run one request on.
    pub fn get(&self) -> FaqIndex {
        match self.shared.index.read() {
            Ok(g) => g.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// How many times the index was switched.
    pub fn generation(&self) -> u64 {
        self.shared.generation.load(Ordering::Relaxed)
    }
}

fn watch(
    dir: &Path,
    poll: Duration,
    mut seen: Fingerprint,
    shared: &std::sync::Weak<Shared>,
    opener: &FaqIndexBuilder,
) {
    let mut last_error = String::new();
    loop {
        std::thread::sleep(poll);
        let Some(shared) = shared.upgrade() else { return };
        let now = fingerprint(dir);
        if now == seen {
            continue;
        }
        match opener.clone().open(dir) {
            Ok(index) => {
                let entries = index.num_entries();
                match shared.index.write() {
                    Ok(mut g) => *g = index,
                    Err(poisoned) => *poisoned.into_inner() = index,
                }
                shared.generation.fetch_add(1, Ordering::Relaxed);
                eprintln!(
                    "faqmine serve: switched to the new index in {} ({entries} entries)",
                    dir.display()
                );
                seen = now;
                last_error.clear();
            }
            Err(e) => {
                let text = e.to_string();
                if text != last_error {
                    eprintln!(
                        "faqmine serve: {}: cannot open the new index yet ({text}); still serving the old one",
                        dir.display()
                    );
                    last_error = text;
                }
            }
        }
    }
}

fn fingerprint(dir: &Path) -> Fingerprint {
    [dir.to_path_buf(), dir.join("meta.json")]
        .iter()
        .map(|p| {
            let m = std::fs::metadata(p).ok()?;
            Some((inode(&m), m.len(), m.modified().ok()))
        })
        .collect()
}

#[cfg(unix)]
fn inode(m: &std::fs::Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    m.ino()
}

#[cfg(not(unix))]
fn inode(_: &std::fs::Metadata) -> u64 {
    0
}
