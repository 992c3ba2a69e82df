//! The progress journal of a resumable run (`extract -o FILE --resume`): how many input records
//! are done and how many bytes of the output hold their records, saved beside the output while it
//! is written. A run killed at any moment and resumed truncates the output to the journal's bytes,
//! skips the journal's records and goes on, so the output is the uninterrupted run's, byte for
//! byte: records in input order, none twice, none missing.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// What a run reads and writes: a resumed run must be the same run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunKey {
    /// Input paths as given.
    pub inputs: Vec<String>,
    /// Output format name.
    pub format: String,
    /// `--shard`, as `I/N`.
    pub shard: Option<String>,
    /// `--max-article-bytes`.
    pub max_article_bytes: usize,
    /// `--entities`, as given.
    #[serde(default)]
    pub entities: Option<String>,
    /// Who decided attribution (`rules`, or `model`/`both` with the role model's folder or
    /// built-in name: `Pipeline::attribution_key`); absent in journals written before the role
    /// model.
    #[serde(default)]
    pub attribution: Option<String>,
}

/// How far a run got.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Journal {
    /// The run.
    pub run: RunKey,
    /// Input records done (articles and unreadable records), from the start of the input.
    pub items: u64,
    /// Output records written for them.
    pub records: u64,
    /// Output bytes that hold those records (with the CSV header or the JSON `[`).
    pub bytes: u64,
    /// Input records skipped among the done ones, so that a resumed run's exit code covers the
    /// whole run.
    #[serde(default)]
    pub skipped: u64,
}

impl Journal {
    /// Where the journal of `output` lives: beside it.
    pub fn path_for(output: &Path) -> PathBuf {
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        output.with_file_name(format!("{name}.whosaid-resume"))
    }

    /// The journal at `path`, if there is one.
    pub fn load(path: &Path) -> Result<Option<Journal>> {
        match std::fs::read_to_string(path) {
            Ok(s) => serde_json::from_str(&s).map(Some).map_err(|e| {
                Error::input(
                    path.display().to_string(),
                    format!("not a whosaid progress file: {e}"),
                )
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::io(path, e)),
        }
    }

    /// Saves to `path` atomically (a temporary file renamed over it): a kill leaves the old
    /// journal or the new one.
    pub fn save(&self, path: &Path) -> Result<()> {
        let tmp = path.with_extension("whosaid-resume.tmp");
        let body = serde_json::to_string(self).expect("journal serialises");
        std::fs::write(&tmp, body)
            .and_then(|_| std::fs::rename(&tmp, path))
            .map_err(|e| Error::io(path, e))
    }
}
