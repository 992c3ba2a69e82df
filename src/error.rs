//! Typed library errors. Only the binary wraps them with `anyhow` context.

use std::path::PathBuf;

/// Everything the library can fail with.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A model directory that cannot be used: a missing file, an unsupported architecture, labels
    /// that are not BIO/IOB.
    #[error("model {dir}: {problem}")]
    Model {
        /// The model directory.
        dir: PathBuf,
        /// What is wrong with it.
        problem: String,
    },
    /// A tensor operation failed (shape mismatch, bad weights file).
    #[error("tensor: {0}")]
    Tensor(#[from] candle_core::Error),
    /// The tokenizer rejected its input or its file.
    #[error("tokenizer: {0}")]
    Tokenizer(String),
    /// Reading or writing a file failed. The OS error is in the message, not a separate
    /// `source`, so `{:#}` chains do not print it twice.
    #[error("{path}: {error}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        error: std::io::Error,
    },
    /// Malformed input data (a JSONL line, a CSV row, a gold file), with where it was found.
    #[error("{location}: {message}")]
    Input {
        /// File and line, or the article id.
        location: String,
        /// What is wrong.
        message: String,
    },
}

impl Error {
    pub(crate) fn model(dir: impl Into<PathBuf>, problem: impl Into<String>) -> Self {
        Error::Model {
            dir: dir.into(),
            problem: problem.into(),
        }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, error: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            error,
        }
    }

    /// Writing `path` failed: the message says so (`OUT: cannot write: No space left on device`).
    pub(crate) fn write(path: impl Into<PathBuf>, error: std::io::Error) -> Self {
        let error = std::io::Error::new(error.kind(), format!("cannot write: {error}"));
        Self::io(path, error)
    }

    pub(crate) fn input(location: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Input {
            location: location.into(),
            message: message.into(),
        }
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
