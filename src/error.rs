//! The crate-wide error type.
//!
//! Errors abort an operation: a file that cannot be opened, an index written with another
//! schema, a configuration that makes no sense. Bad *records* are not errors: readers return
//! them as [`Diagnostic`](crate::ingest::Diagnostic)s beside the data they could read.

use std::path::PathBuf;

/// The result type of every fallible function in this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What went wrong, and where.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file or directory could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A file could be read but its content is not what it should be (a whole-file problem,
    /// such as a faq.json that is not JSON).
    #[error("{path}:{line}: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// The 1-based line, or 0 when the problem is not tied to a line.
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// A builder was given a value it cannot work with.
    #[error("invalid configuration: {field}: {message}")]
    Config {
        /// The setting.
        field: &'static str,
        /// Why it is rejected.
        message: String,
    },
    /// An index directory was written with a schema this version cannot read.
    #[error(
        "{path}: index schema version {found} is not supported (expected {expected}); rebuild the index"
    )]
    SchemaVersion {
        /// The index directory.
        path: PathBuf,
        /// The version found on disk.
        found: u32,
        /// The version this build writes and reads.
        expected: u32,
    },
    /// The search engine reported an error.
    #[error("search index: {0}")]
    Index(String),
    /// JSON (de)serialization failed outside of a file context.
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
}

impl Error {
    /// An [`Error::Io`] for `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io { path: path.into(), source }
    }
}

impl From<tantivy::TantivyError> for Error {
    fn from(e: tantivy::TantivyError) -> Self {
        Error::Index(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync + 'static>() {}

    #[test]
    fn error_is_send_sync() {
        assert_send_sync::<Error>();
    }

    #[test]
    fn messages_say_what_and_where() {
        let e = Error::Parse { path: "a/b.jsonl".into(), line: 7, message: "missing field `role`".into() };
        assert_eq!(e.to_string(), "a/b.jsonl:7: missing field `role`");
    }
}
