//! Ingest: files in, [`Conversation`]s out.
//!
//! Readers never abort a run on a bad record: each problem becomes a [`Diagnostic`] naming
//! the file, the line (or byte offset) and the field, and reading goes on.

mod jsonl;

use std::fmt;
use std::path::{Path, PathBuf};

use crate::model::Conversation;
use crate::{Error, Result};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The record was read, with something left out or repaired.
    Warning,
    /// The record (or the whole file) was skipped.
    Skipped,
}

/// A problem with one record or file that did not stop the run.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Diagnostic {
    /// The file.
    pub path: PathBuf,
    /// The 1-based line, when the format has lines; 0 otherwise.
    pub line: u64,
    /// The field at fault, when one is.
    pub field: Option<String>,
    /// What is wrong, in a few words.
    pub message: String,
    /// Whether the record was kept.
    pub severity: Severity,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
        }
        if let Some(field) = &self.field {
            write!(f, ": field `{field}`")?;
        }
        let what = match self.severity {
            Severity::Warning => "warning",
            Severity::Skipped => "skipped",
        };
        write!(f, ": {what}: {}", self.message)
    }
}

/// What a read produced: the conversations and the problems met on the way.
#[derive(Debug, Clone, Default)]
pub struct Ingested {
    /// The conversations read, sorted by id.
    pub conversations: Vec<Conversation>,
    /// The problems, in file then line order.
    pub diagnostics: Vec<Diagnostic>,
    /// Records read (conversations for format 1, messages for format 2).
    pub records_read: u64,
    /// Records skipped.
    pub records_skipped: u64,
}

/// Settings of a read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IngestOptions {
    /// Email addresses (`help@shop.example`) or domains (`@shop.example`) whose senders are
    /// agents. Empty: inferred from the mail.
    pub support: Vec<String>,
}

/// Reads a file or, recursively, a directory of supported files, with default options.
///
/// # Errors
/// Only when `path` itself cannot be read; problems inside files are diagnostics.
pub fn read_path(path: impl AsRef<Path>) -> Result<Ingested> {
    read_path_with(path, &IngestOptions::default())
}

/// Reads a file or, recursively, a directory of supported files.
///
/// # Errors
/// Only when `path` itself cannot be read; problems inside files are diagnostics.
pub fn read_path_with(path: impl AsRef<Path>, options: &IngestOptions) -> Result<Ingested> {
    let _ = options;
    let path = path.as_ref();
    let mut out = Ingested::default();
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.is_dir() {
        let mut files: Vec<PathBuf> = walkdir::WalkDir::new(path)
            .sort_by_file_name()
            .into_iter()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_file())
            .map(|e| e.into_path())
            .collect();
        files.sort();
        for f in files {
            read_file_into(&f, &mut out);
        }
    } else {
        read_file_into(path, &mut out);
    }
    out.conversations.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}

fn read_file_into(path: &Path, out: &mut Ingested) {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "jsonl" | "ndjson" => jsonl::read_conversations(path, out),
        _ => out.diagnostics.push(Diagnostic {
            path: path.to_path_buf(),
            line: 0,
            field: None,
            message: format!("unsupported file type `.{ext}`"),
            severity: Severity::Skipped,
        }),
    }
}
