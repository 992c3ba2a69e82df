//! Output records and writers (JSONL, CSV, JSON). Offsets are Unicode code points, end exclusive,
//! so `article[start:end] == text` in Python.

mod file;
mod parquet;
pub mod read;

use std::io::Write;

use serde::Serialize;

pub use self::file::{
    check_writable, file_id, refuse_input_as_output, remove_temporaries, OutputFile,
};
pub use self::parquet::{ParquetWriter, SCHEMA as PARQUET_SCHEMA};

use crate::document::{CharIndex, Document};

/// One quote as written out. The schema is documented in the README.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct QuoteRecord {
    /// Article id.
    pub doc_id: String,
    /// `<doc_id>:<n>`, n in text order.
    pub quote_id: String,
    /// direct, indirect or mixed.
    pub kind: &'static str,
    /// The quote's content.
    pub text: String,
    /// Code-point offset of `text`.
    pub start: usize,
    /// Code-point offset one past `text`.
    pub end: usize,
    /// The reporting verb or phrase.
    pub cue: Option<String>,
    /// Its start (code points).
    pub cue_start: Option<usize>,
    /// Its end (code points).
    pub cue_end: Option<usize>,
    /// Canonical name of the speaking entity.
    pub speaker: Option<String>,
    /// Its entity type.
    pub speaker_type: Option<String>,
    /// The mention as written.
    pub speaker_mention: Option<String>,
    /// Its start (code points).
    pub speaker_start: Option<usize>,
    /// Its end (code points).
    pub speaker_end: Option<usize>,
    /// 0..1.
    pub confidence: f64,
    /// 0-based sentence index.
    pub sentence: usize,
    /// 0-based paragraph index.
    pub paragraph: usize,
    /// `female` or `male` where the article states it (pronouns, titles), for a person.
    pub speaker_gender: Option<&'static str>,
    /// The speaker's id in the user's entity list (`--entities`).
    pub speaker_id: Option<String>,
    /// Extra input fields, JSON output only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta: Option<serde_json::Map<String, serde_json::Value>>,
}

/// CSV columns, in order.
pub const CSV_COLUMNS: [&str; 19] = [
    "doc_id",
    "quote_id",
    "kind",
    "text",
    "start",
    "end",
    "cue",
    "cue_start",
    "cue_end",
    "speaker",
    "speaker_type",
    "speaker_mention",
    "speaker_start",
    "speaker_end",
    "confidence",
    "sentence",
    "paragraph",
    "speaker_gender",
    "speaker_id",
];

/// The records of one processed document, in text order.
pub fn records(doc: &Document) -> Vec<QuoteRecord> {
    let ix = CharIndex::new(&doc.text);
    doc.quotes
        .iter()
        .enumerate()
        .map(|(n, q)| QuoteRecord {
            doc_id: doc.id.clone(),
            quote_id: format!("{}:{}", doc.id, n),
            kind: q.kind.as_str(),
            text: doc.slice(q.span).to_string(),
            start: ix.char_of(q.span.start),
            end: ix.char_of(q.span.end),
            cue: q.cue.map(|c| doc.slice(c).to_string()),
            cue_start: q.cue.map(|c| ix.char_of(c.start)),
            cue_end: q.cue.map(|c| ix.char_of(c.end)),
            speaker: q.speaker.name.clone(),
            speaker_type: q.speaker.label.clone(),
            speaker_mention: q.speaker.written().map(|m| doc.slice(m).to_string()),
            speaker_start: q.speaker.written().map(|m| ix.char_of(m.start)),
            speaker_end: q.speaker.written().map(|m| ix.char_of(m.end)),
            confidence: (q.confidence as f64 * 1000.0).round() / 1000.0,
            sentence: q.sentence,
            paragraph: q.paragraph,
            speaker_gender: q.speaker.gender.map(|g| g.as_str()),
            speaker_id: q.speaker.id.clone(),
            meta: doc.meta.clone(),
        })
        .collect()
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One JSON object per line.
    #[value(alias = "ndjson")]
    Jsonl,
    /// RFC 4180 CSV with a header.
    Csv,
    /// One JSON array.
    Json,
    /// Apache Parquet with typed columns (the schema is `PARQUET_SCHEMA`).
    #[value(alias = "pq")]
    Parquet,
}

impl Format {
    /// Its name (`jsonl`, `csv`, `json`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Parquet => "parquet",
        }
    }

    /// From a name or a file extension.
    pub fn parse(s: &str) -> Option<Format> {
        match s.to_ascii_lowercase().as_str() {
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            "parquet" | "pq" => Some(Format::Parquet),
            _ => None,
        }
    }
}

/// Writes records in one format; `begin`/`end` frame the JSON array and the CSV header.
pub struct RecordWriter<W: Write> {
    out: W,
    format: Format,
    written: usize,
    /// Bytes written so far (a resumable run's journal records them).
    bytes: u64,
}

impl<W: Write> RecordWriter<W> {
    /// Starts the output (CSV header, JSON `[`).
    pub fn new(mut out: W, format: Format) -> std::io::Result<Self> {
        let head = match format {
            Format::Csv => {
                let mut w = csv::Writer::from_writer(Vec::new());
                w.write_record(CSV_COLUMNS).map_err(std::io::Error::other)?;
                w.into_inner()
                    .map_err(|e| std::io::Error::other(e.to_string()))?
            }
            Format::Json => b"[".to_vec(),
            Format::Jsonl => Vec::new(),
            Format::Parquet => {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    "Parquet is written by ParquetWriter",
                ))
            }
        };
        out.write_all(&head)?;
        Ok(Self {
            out,
            format,
            written: 0,
            bytes: head.len() as u64,
        })
    }

    /// Goes on after `written` records in `bytes` bytes of an earlier run's output (`out` is
    /// positioned at its end): no header again, the JSON array's commas go on.
    pub fn resume(out: W, format: Format, written: usize, bytes: u64) -> Self {
        Self {
            out,
            format,
            written,
            bytes,
        }
    }

    /// Records and bytes written so far (the earlier run's included).
    pub fn position(&self) -> (usize, u64) {
        (self.written, self.bytes)
    }

    /// The output, to flush or sync it.
    pub fn get_mut(&mut self) -> &mut W {
        &mut self.out
    }

    /// Serialises records into a buffer (done by workers in parallel); `write_buffer` emits it.
    pub fn encode(format: Format, recs: &[QuoteRecord], first_index: usize) -> Vec<u8> {
        let mut buf = Vec::new();
        match format {
            // (A RecordWriter is never made for Parquet: see `new`.)
            Format::Jsonl | Format::Parquet => {
                for r in recs {
                    serde_json::to_writer(&mut buf, r).expect("record serialises");
                    buf.push(b'\n');
                }
            }
            Format::Json => {
                for (i, r) in recs.iter().enumerate() {
                    buf.extend_from_slice(if first_index + i == 0 {
                        b"\n  "
                    } else {
                        b",\n  "
                    });
                    serde_json::to_writer(&mut buf, r).expect("record serialises");
                }
            }
            Format::Csv => {
                let mut w = csv::Writer::from_writer(&mut buf);
                for r in recs {
                    let opt = |v: Option<usize>| v.map(|x| x.to_string()).unwrap_or_default();
                    w.write_record([
                        r.doc_id.clone(),
                        r.quote_id.clone(),
                        r.kind.to_string(),
                        r.text.clone(),
                        r.start.to_string(),
                        r.end.to_string(),
                        r.cue.clone().unwrap_or_default(),
                        opt(r.cue_start),
                        opt(r.cue_end),
                        r.speaker.clone().unwrap_or_default(),
                        r.speaker_type.clone().unwrap_or_default(),
                        r.speaker_mention.clone().unwrap_or_default(),
                        opt(r.speaker_start),
                        opt(r.speaker_end),
                        r.confidence.to_string(),
                        r.sentence.to_string(),
                        r.paragraph.to_string(),
                        r.speaker_gender.unwrap_or_default().to_string(),
                        r.speaker_id.clone().unwrap_or_default(),
                    ])
                    .expect("CSV into memory");
                }
                w.flush().expect("CSV into memory");
            }
        }
        buf
    }

    /// Writes one document's records.
    pub fn write(&mut self, recs: &[QuoteRecord]) -> std::io::Result<()> {
        let buf = Self::encode(self.format, recs, self.written);
        self.out.write_all(&buf)?;
        self.written += recs.len();
        self.bytes += buf.len() as u64;
        Ok(())
    }

    /// Closes the JSON array and flushes.
    pub fn finish(mut self) -> std::io::Result<W> {
        if self.format == Format::Json {
            self.out
                .write_all(if self.written == 0 { b"]\n" } else { b"\n]\n" })?;
        }
        self.out.flush()?;
        Ok(self.out)
    }
}
