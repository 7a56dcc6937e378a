//! The search log: one [`SearchEvent`] a line (JSONL), size-bounded.
//!
//! Queries are masked with the mining masker ([`faqmine::clean::mask_personal_data`]) before
//! anything is written: the log never holds a raw email address or phone number. When a
//! line would take the file past its bound, the file is renamed `FILE.1` (replacing the
//! older one) and a new `FILE` is started, so the log takes at most twice the bound on
//! disk. A log that cannot be written is said once on stderr; searches go on.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context, Result};
use faqmine::faq::gaps::SearchEvent;

pub struct SearchLog {
    path: PathBuf,
    max_bytes: u64,
    file: Mutex<Open>,
}

struct Open {
    file: Option<File>,
    size: u64,
    failed: bool,
}

impl SearchLog {
    /// Opens (appends to) the log at `path`, rotated past `max_bytes`.
    pub fn open(path: &Path, max_bytes: u64) -> Result<SearchLog> {
        let file = append(path).with_context(|| format!("opening the search log {}", path.display()))?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        Ok(SearchLog {
            path: path.to_path_buf(),
            max_bytes: max_bytes.max(1024),
            file: Mutex::new(Open { file: Some(file), size, failed: false }),
        })
    }

    /// Appends `event` as one line.
    pub fn write(&self, event: &SearchEvent) {
        let Ok(mut line) = serde_json::to_vec(event) else { return };
        line.push(b'\n');
        let mut open = match self.file.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        if open.size > 0 && open.size + line.len() as u64 > self.max_bytes {
            open.file = None;
            let rotated = rotated_path(&self.path);
            let result = std::fs::rename(&self.path, &rotated).and_then(|()| append(&self.path));
            match result {
                Ok(f) => {
                    open.file = Some(f);
                    open.size = 0;
                }
                Err(e) => return self.failed(&mut open, &e),
            }
        }
        let Some(file) = open.file.as_mut() else { return };
        // One write per line: lines of concurrent requests never interleave.
        match file.write_all(&line) {
            Ok(()) => open.size += line.len() as u64,
            Err(e) => self.failed(&mut open, &e),
        }
    }

    fn failed(&self, open: &mut Open, e: &std::io::Error) {
        if !open.failed {
            eprintln!("faqmine serve: cannot write the search log {}: {e}", self.path.display());
            open.failed = true;
        }
        if open.file.is_none() {
            open.file = append(&self.path).ok();
        }
    }
}

/// `FILE.1` beside `FILE`.
pub fn rotated_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".1");
    path.with_file_name(name)
}

fn append(path: &Path) -> std::io::Result<File> {
    OpenOptions::new().create(true).append(true).open(path)
}
