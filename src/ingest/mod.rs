//! Ingest: files in, [`Conversation`]s out.
//!
//! Readers never abort a run on a bad record: each problem becomes a [`Diagnostic`] naming
//! the file, the line (or byte offset) and the field, and reading goes on.
//!
//! | input | file | reader |
//! |---|---|---|
//! | SPEC format 1, one conversation a line | `*.jsonl`, `*.ndjson` | `jsonl.rs` |
//! | SPEC format 2, one message a line | `*.jsonl`, `*.ndjson` (detected per line) | `flat.rs` |
//! | SPEC format 2 as CSV with a header | `*.csv` | `csv.rs` |
//! | one email | `*.eml` | `email.rs` |
//! | a mailbox | `*.mbox`, `*.mbx`, or any file whose first line starts with `From ` | `mbox.rs` |
//! | a JSON document: an array of records or a wrapper of one (`{"tickets": [...]}`) | `*.json`, or any file starting with `{` or `[` | `json.rs` |
//! | Zendesk tickets with `comments` | JSON or JSONL | `zendesk.rs` |
//! | Freshdesk tickets with `conversations` | JSON or JSONL | `freshdesk.rs` |
//! | Intercom conversations with `conversation_parts` | JSON or JSONL | `intercom.rs` |
//! | Help Scout conversations with `_embedded.threads` | JSON or JSONL | `helpscout.rs` |
//! | Facebook Messenger threads ("Download your information") | JSON | `messenger.rs` |
//! | WhatsApp "Export chat" | any file whose first line is a WhatsApp message (`*.txt`) | `whatsapp.rs` |
//!
//! Help desk records and Messenger threads are told apart by their fields, in a JSON
//! document or a JSONL line alike; chats (WhatsApp, Messenger) are split into conversations
//! and given roles with every other chat of the read (`chat.rs`).
//! | a mailing-list archive (pipermail/mailman) | `*.txt` whose first line starts with `From ` | `mbox.rs` |
//!
//! Email messages from every file of a read are threaded together at the end (`thread.rs`):
//! a thread whose messages sit in several `.eml` files is one [`Conversation`].
//!
//! # Decisions a caller may rely on
//! - Directories are walked recursively in byte order of the paths, so the same tree always
//!   gives the same result. Hidden files and directories (name starting with `.`) and files
//!   of an unsupported type are reported as [`Severity::Skipped`] diagnostics.
//! - A bad *message* (unknown role, missing text) skips neither the message nor its
//!   conversation: it keeps its place as a [`Role::System`](crate::Role::System) message
//!   (never mined, never an answer) with a [`Severity::Warning`], so that message indices
//!   stay those of the file, which labels and `assignments.jsonl` refer to. A format 1
//!   conversation with no usable message at all is skipped. A bad timestamp keeps the
//!   message without a time. A line or row that cannot be parsed, or has no conversation
//!   id, is skipped.
//! - Conversation ids are unique in a read: a later conversation whose id was already seen
//!   (in walking order: path, then line) is skipped with a diagnostic naming the first one.
//! - A record is a line of JSONL, a row of CSV or an email message;
//!   [`Ingested::records_read`] and [`Ingested::records_skipped`] count them.
//! - Memory does not grow with the size of one file beyond one record: JSONL and CSV are
//!   read line by line, mbox message by message, WhatsApp chats line by line (keeping only
//!   what the messages hold), a directory file by file. A single JSON document (a help desk
//!   export, a Messenger thread) is the exception: JSON has no record boundary, so it is read
//!   whole, up to [`MAX_DOCUMENT_BYTES`]; the same records as JSONL are streamed. Each email is
//!   reduced at once to what threading and the conversation need (ids, references,
//!   subject, date, sender, decoded text: no raw bytes, no attachments), so reading grows
//!   with the text people wrote, not with the size of the export (`examples/big_mbox/`
//!   reads a generated 1 GiB mbox in under 80 MB). A single email larger than
//!   [`MAX_MESSAGE_BYTES`] is skipped with a diagnostic.

mod chat;
mod csv;
mod email;
mod flat;
mod freshdesk;
mod helpscout;
mod intercom;
mod json;
mod jsonl;
mod mbox;
mod messenger;
mod thread;
mod timestamp;
mod whatsapp;
mod zendesk;

use std::collections::HashMap;
use std::fmt;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::model::Conversation;
use crate::{Error, Result};

pub use chat::SILENCE;
pub use json::MAX_DOCUMENT_BYTES;
pub use timestamp::parse_timestamp;

/// The largest single email (or mbox message) that is parsed; larger ones are skipped with a
/// diagnostic so that one runaway message cannot exhaust memory.
pub const MAX_MESSAGE_BYTES: usize = 128 * 1024 * 1024;

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

impl Diagnostic {
    /// A diagnostic for a skipped record (or file, with `line` 0).
    pub fn skipped(path: impl Into<PathBuf>, line: u64, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.into(),
            line,
            field: None,
            message: message.into(),
            severity: Severity::Skipped,
        }
    }

    /// A diagnostic for a record kept with something left out or repaired.
    pub fn warning(path: impl Into<PathBuf>, line: u64, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.into(),
            line,
            field: None,
            message: message.into(),
            severity: Severity::Warning,
        }
    }

    /// The same diagnostic, naming the field at fault.
    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }
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
    /// Records read (lines of JSONL, rows of CSV, email messages), skipped ones included.
    pub records_read: u64,
    /// Records skipped.
    pub records_skipped: u64,
}

impl Ingested {
    /// A one-line summary for the end of a run: conversations, records read and skipped,
    /// warnings.
    pub fn summary(&self) -> String {
        let warnings = self.diagnostics.iter().filter(|d| d.severity == Severity::Warning).count();
        format!(
            "{} conversations from {} records ({} skipped, {} warnings)",
            self.conversations.len(),
            self.records_read,
            self.records_skipped,
            warnings
        )
    }
}

/// Settings of a read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IngestOptions {
    /// Email addresses (`help@shop.example`) or domains (`@shop.example`) whose senders are
    /// agents, and names of the business in WhatsApp and Messenger chats (`Lumen Shop`).
    /// Empty: inferred (an address that replies in threads started by several different
    /// correspondents is an agent; in chats, the participant found in most chats, else the
    /// one who opens the fewest conversations).
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
///
/// # Example
/// ```
/// # fn main() -> faqmine::Result<()> {
/// let dir = std::env::temp_dir().join(format!("faqmine-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// std::fs::write(
///     dir.join("chat.csv"),
///     "conversation_id,role,text\nc1,customer,Where is my parcel?\nc1,agent,It ships today.\n",
/// )
/// .unwrap();
/// let read = faqmine::ingest::read_path(&dir)?;
/// assert_eq!(read.conversations.len(), 1);
/// assert_eq!(read.conversations[0].messages.len(), 2);
/// # std::fs::remove_dir_all(&dir).unwrap();
/// # Ok(())
/// # }
/// ```
pub fn read_path_with(path: impl AsRef<Path>, options: &IngestOptions) -> Result<Ingested> {
    read_paths_with(&[path.as_ref()], options)
}

/// Reads several files or directories as one export: email threads may span them, and a
/// conversation id seen in an earlier path makes a later duplicate a diagnostic. Paths are
/// read in the order given.
///
/// # Errors
/// When one of `paths` itself cannot be read; problems inside files are diagnostics.
pub fn read_paths_with<P: AsRef<Path>>(paths: &[P], options: &IngestOptions) -> Result<Ingested> {
    let mut sink = Sink::default();
    for path in paths {
        let path = path.as_ref();
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
        if meta.is_dir() {
            walk(path, &mut sink);
        } else {
            read_file(path, &mut sink);
        }
    }
    Ok(sink.finish(options))
}

/// Reads the content of one file already in memory; `path` names it in diagnostics and its
/// extension, else the content, chooses the format, as in [`read_path_with`].
///
/// This never fails: an unsupported name or unreadable content gives diagnostics.
pub fn read_bytes(path: impl AsRef<Path>, bytes: &[u8], options: &IngestOptions) -> Ingested {
    let mut sink = Sink::default();
    read_reader(path.as_ref(), bytes, &mut sink);
    sink.finish(options)
}

/// The formats a file can be read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Jsonl,
    Json,
    Csv,
    Eml,
    Mbox,
    WhatsApp,
}

/// How many bytes of a file are looked at to tell its format by content.
const PEEK: usize = 4096;

fn format_of(path: &Path, first_bytes: &[u8]) -> Option<Format> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "jsonl" | "ndjson" => return Some(Format::Jsonl),
        "json" => return Some(Format::Json),
        "csv" => return Some(Format::Csv),
        "eml" => return Some(Format::Eml),
        "mbox" | "mbx" => return Some(Format::Mbox),
        _ => {}
    }
    // Any other name: the content says (`.txt` chat exports, files saved without a name).
    let text = String::from_utf8_lossy(first_bytes);
    let text = text.trim_start_matches('\u{feff}');
    let first_line = text.lines().next().unwrap_or("");
    // Pipermail's monthly archives (`2025-January.txt`) are mboxes with obfuscated addresses.
    if (ext.is_empty() || ext == "txt") && text.starts_with("From ") {
        Some(Format::Mbox)
    } else if text.trim_start().starts_with(['{', '[']) {
        Some(Format::Json)
    } else if whatsapp::looks_like(first_line) {
        Some(Format::WhatsApp)
    } else {
        None
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.') && n != "." && n != "..")
}

fn walk(root: &Path, sink: &mut Sink) {
    let mut files: Vec<PathBuf> = Vec::new();
    let mut it = walkdir::WalkDir::new(root).sort_by_file_name().into_iter();
    while let Some(entry) = it.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map(Path::to_path_buf).unwrap_or_else(|| root.to_path_buf());
                sink.diag(Diagnostic::skipped(path, 0, format!("cannot read: {e}")));
                continue;
            }
        };
        if entry.depth() > 0 && is_hidden(entry.file_name()) {
            sink.diag(Diagnostic::skipped(entry.path(), 0, "hidden file or directory"));
            if entry.file_type().is_dir() {
                it.skip_current_dir();
            }
            continue;
        }
        if entry.file_type().is_file() {
            files.push(entry.into_path());
        }
    }
    files.sort();
    for f in files {
        read_file(&f, sink);
    }
}

fn read_file(path: &Path, sink: &mut Sink) {
    match std::fs::File::open(path) {
        Ok(f) => read_reader(path, BufReader::with_capacity(64 * 1024, f), sink),
        Err(e) => sink.diag(Diagnostic::skipped(path, 0, format!("cannot open: {e}"))),
    }
}

fn read_reader<R: BufRead>(path: &Path, mut reader: R, sink: &mut Sink) {
    let first = match reader.fill_buf() {
        Ok(b) => b.get(..PEEK).unwrap_or(b).to_vec(),
        Err(e) => {
            sink.diag(Diagnostic::skipped(path, 0, format!("cannot read: {e}")));
            return;
        }
    };
    match format_of(path, &first) {
        Some(Format::Jsonl) => jsonl::read(path, reader, sink),
        Some(Format::Json) => json::read(path, reader, sink),
        Some(Format::WhatsApp) => whatsapp::read(path, reader, sink),
        Some(Format::Csv) => csv::read(path, reader, sink),
        Some(Format::Eml) => {
            let mut bytes = Vec::new();
            match reader.take(MAX_MESSAGE_BYTES as u64 + 1).read_to_end(&mut bytes) {
                Ok(_) => email::read_one(path, 1, &bytes, sink),
                Err(e) => sink.diag(Diagnostic::skipped(path, 0, format!("cannot read: {e}"))),
            }
        }
        Some(Format::Mbox) => mbox::read(path, reader, sink),
        None => {
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            let what = if ext.is_empty() { "no extension".to_string() } else { format!("`.{ext}`") };
            sink.diag(Diagnostic::skipped(path, 0, format!("unsupported file type ({what})")));
        }
    }
}

/// Where readers put what they read; [`Sink::finish`] turns it into an [`Ingested`].
#[derive(Default)]
pub(crate) struct Sink {
    conversations: Vec<(Conversation, PathBuf, u64)>,
    emails: Vec<email::ParsedEmail>,
    chats: Vec<chat::Chat>,
    diagnostics: Vec<Diagnostic>,
    records_read: u64,
    records_skipped: u64,
}

impl Sink {
    fn diag(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    /// Counts one record read, and skipped when `skipped`.
    fn record(&mut self, skipped: bool) {
        self.records_read += 1;
        if skipped {
            self.records_skipped += 1;
        }
    }

    fn conversation(&mut self, conv: Conversation, path: &Path, line: u64) {
        self.conversations.push((conv, path.to_path_buf(), line));
    }

    fn finish(mut self, options: &IngestOptions) -> Ingested {
        let threads = thread::build(
            std::mem::take(&mut self.emails),
            options,
            &mut self.diagnostics,
            &mut self.records_skipped,
        );
        self.conversations.extend(threads);
        let chats = chat::build(std::mem::take(&mut self.chats), options, &mut self.diagnostics);
        self.conversations.extend(chats);
        // Conversation ids are unique: the first in walking order wins.
        let mut first: HashMap<String, (PathBuf, u64)> = HashMap::new();
        let mut conversations = Vec::with_capacity(self.conversations.len());
        for (conv, path, line) in self.conversations {
            if let Some((p, l)) = first.get(&conv.id) {
                self.diagnostics.push(
                    Diagnostic::skipped(
                        &path,
                        line,
                        format!(
                            "duplicate conversation id `{}` (first read at {}:{l})",
                            conv.id,
                            p.display()
                        ),
                    )
                    .with_field("id"),
                );
                self.records_skipped += 1;
                continue;
            }
            first.insert(conv.id.clone(), (path, line));
            conversations.push(conv);
        }
        conversations.sort_by(|a, b| a.id.cmp(&b.id));
        self.diagnostics.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
        Ingested {
            conversations,
            diagnostics: self.diagnostics,
            records_read: self.records_read,
            records_skipped: self.records_skipped,
        }
    }
}

/// Splits `reader` into lines without loading more than one line, with 1-based numbers.
/// A line longer than `max` bytes is cut to `max` and flagged.
pub(crate) struct Lines<R> {
    reader: R,
    line: u64,
    max: usize,
}

/// One line from [`Lines`].
pub(crate) struct Line {
    pub(crate) number: u64,
    pub(crate) bytes: Vec<u8>,
    pub(crate) truncated: bool,
}

impl<R: BufRead> Lines<R> {
    pub(crate) fn new(reader: R, max: usize) -> Self {
        Lines { reader, line: 0, max }
    }

    /// The next line, or `None` at the end or after an IO error, which is a diagnostic saying
    /// that the rest of the `what` was skipped.
    pub(crate) fn next_or_report(&mut self, path: &Path, what: &str, sink: &mut Sink) -> Option<Line> {
        match self.next_line()? {
            Ok(l) => Some(l),
            Err(e) => {
                let why = format!("read error, rest of {what} skipped: {e}");
                sink.diag(Diagnostic::skipped(path, self.line + 1, why));
                None
            }
        }
    }

    /// The next line, without its `\n` (and `\r`), or `None` at the end; IO errors end the
    /// iteration with an `Err`.
    pub(crate) fn next_line(&mut self) -> Option<std::io::Result<Line>> {
        let mut bytes = Vec::new();
        let n = match (&mut self.reader).take(self.max as u64 + 1).read_until(b'\n', &mut bytes) {
            Ok(n) => n,
            Err(e) => return Some(Err(e)),
        };
        if n == 0 {
            return None;
        }
        self.line += 1;
        let mut truncated = false;
        if bytes.last() != Some(&b'\n') && bytes.len() > self.max {
            truncated = true;
            bytes.truncate(self.max);
            // Discard the rest of the overlong line, in bounded chunks.
            loop {
                let mut rest = Vec::new();
                match (&mut self.reader).take(64 * 1024).read_until(b'\n', &mut rest) {
                    Ok(0) => break,
                    Ok(_) if rest.last() == Some(&b'\n') => break,
                    Ok(_) => {}
                    Err(e) => return Some(Err(e)),
                }
            }
        }
        if bytes.last() == Some(&b'\n') {
            bytes.pop();
            if bytes.last() == Some(&b'\r') {
                bytes.pop();
            }
        }
        Some(Ok(Line { number: self.line, bytes, truncated }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_numbered_and_capped() {
        let input: &[u8] = b"ab\r\ncdefgh\n\nxyz";
        let mut lines = Lines::new(input, 4);
        let mut got = Vec::new();
        while let Some(l) = lines.next_line() {
            let l = l.unwrap();
            got.push((l.number, String::from_utf8(l.bytes).unwrap(), l.truncated));
        }
        assert_eq!(
            got,
            vec![
                (1, "ab".to_string(), false),
                (2, "cdef".to_string(), true),
                (3, String::new(), false),
                (4, "xyz".to_string(), false)
            ]
        );
    }

    #[test]
    fn unsupported_and_empty_inputs_are_diagnostics() {
        let got = read_bytes("notes.txt", b"hello", &IngestOptions::default());
        assert!(got.conversations.is_empty());
        assert_eq!(got.diagnostics.len(), 1, "{:?}", got.diagnostics);
        assert!(got.diagnostics[0].message.contains("unsupported"), "{}", got.diagnostics[0]);
        for name in ["a.jsonl", "a.csv", "a.eml", "a.mbox"] {
            let got = read_bytes(name, b"", &IngestOptions::default());
            assert!(got.conversations.is_empty(), "{name}");
        }
    }
}
