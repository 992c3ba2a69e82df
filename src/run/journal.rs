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
    /// What each input was when the run started (same order as `inputs`): a resumed run whose
    /// inputs changed would mix old and new records.
    #[serde(default)]
    pub input_ids: Vec<InputId>,
}

/// An input's identity: its size and modification time (for a folder, the bytes of its
/// articles and the folder's own time, which changes when a file is added or removed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InputId {
    /// Bytes.
    pub size: u64,
    /// Modification time, nanoseconds since the Unix epoch (0 where unknown).
    pub modified_ns: u64,
}

impl InputId {
    /// The identity of `path` now; `size` as the reader counted it (a folder's articles).
    pub fn of(path: &Path, size: Option<u64>) -> InputId {
        let meta = std::fs::metadata(path).ok();
        let modified_ns = meta
            .as_ref()
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as u64);
        InputId {
            size: size.or(meta.map(|m| m.len())).unwrap_or(0),
            modified_ns,
        }
    }
}

impl RunKey {
    /// What differs between the run that wrote a journal (`self`) and this one, in words, one
    /// item a setting; empty when they are the same run.
    pub fn differences(&self, now: &RunKey) -> Vec<String> {
        let mut out = Vec::new();
        let opt = |o: &Option<String>| o.clone().unwrap_or_else(|| "none".into());
        if self.inputs != now.inputs {
            out.push(format!(
                "the inputs (then {}, now {})",
                self.inputs.join(" "),
                now.inputs.join(" ")
            ));
        } else if self.input_ids.len() == now.input_ids.len() {
            for ((input, a), b) in self.inputs.iter().zip(&self.input_ids).zip(&now.input_ids) {
                if a != b {
                    out.push(format!(
                        "input {input} changed since the interrupted run (then {} bytes, now {}{})",
                        a.size,
                        b.size,
                        if a.size == b.size {
                            ", modified again"
                        } else {
                            ""
                        }
                    ));
                }
            }
        }
        if self.format != now.format {
            out.push(format!(
                "--format (then {}, now {})",
                self.format, now.format
            ));
        }
        if self.shard != now.shard {
            out.push(format!(
                "--shard (then {}, now {})",
                opt(&self.shard),
                opt(&now.shard)
            ));
        }
        if self.max_article_bytes != now.max_article_bytes {
            out.push(format!(
                "--max-article-bytes (then {}, now {})",
                self.max_article_bytes, now.max_article_bytes
            ));
        }
        if self.entities != now.entities {
            out.push(format!(
                "--entities (then {}, now {})",
                opt(&self.entities),
                opt(&now.entities)
            ));
        }
        if self.attribution != now.attribution {
            out.push(format!(
                "--attribution or its model (then {}, now {})",
                opt(&self.attribution),
                opt(&now.attribution)
            ));
        }
        out
    }
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
    /// The output file's identity (device, inode) once the run opened it: a file put in its
    /// place since (another run's output) is not resumed.
    #[serde(default)]
    pub output_id: Option<(u64, u64)>,
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
