//! Parquet output: the same records and columns as CSV and JSON, typed (offsets as INT64,
//! `confidence` as DOUBLE), absent values as nulls, and `meta` as a JSON string column. Written in
//! row groups of [`ROW_GROUP`] records, snappy-compressed, so memory stays bounded however many
//! records a run writes.

use std::io::Write;
use std::sync::Arc;

use parquet::basic::Compression;
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::{SerializedColumnWriter, SerializedFileWriter};
use parquet::schema::parser::parse_message_type;

use super::QuoteRecord;

/// Records per row group.
pub const ROW_GROUP: usize = 65_536;

/// The schema, in the README's words: one column per field, in CSV order, then `meta`.
pub const SCHEMA: &str = "message quote {
    REQUIRED BYTE_ARRAY doc_id (UTF8);
    REQUIRED BYTE_ARRAY quote_id (UTF8);
    REQUIRED BYTE_ARRAY kind (UTF8);
    REQUIRED BYTE_ARRAY text (UTF8);
    REQUIRED INT64 start;
    REQUIRED INT64 end;
    OPTIONAL BYTE_ARRAY cue (UTF8);
    OPTIONAL INT64 cue_start;
    OPTIONAL INT64 cue_end;
    OPTIONAL BYTE_ARRAY speaker (UTF8);
    OPTIONAL BYTE_ARRAY speaker_type (UTF8);
    OPTIONAL BYTE_ARRAY speaker_mention (UTF8);
    OPTIONAL INT64 speaker_start;
    OPTIONAL INT64 speaker_end;
    REQUIRED DOUBLE confidence;
    REQUIRED INT64 sentence;
    REQUIRED INT64 paragraph;
    OPTIONAL BYTE_ARRAY speaker_gender (UTF8);
    OPTIONAL BYTE_ARRAY speaker_id (UTF8);
    OPTIONAL BYTE_ARRAY meta (UTF8);
}";

/// One column's values, read off a record.
enum Column {
    Text(fn(&QuoteRecord) -> Option<String>),
    Int(fn(&QuoteRecord) -> Option<i64>),
    Double(fn(&QuoteRecord) -> f64),
}

/// The columns of [`SCHEMA`], in order. Required columns never return `None`.
fn columns() -> [Column; 20] {
    use Column::*;
    [
        Text(|r| Some(r.doc_id.clone())),
        Text(|r| Some(r.quote_id.clone())),
        Text(|r| Some(r.kind.to_string())),
        Text(|r| Some(r.text.clone())),
        Int(|r| Some(r.start as i64)),
        Int(|r| Some(r.end as i64)),
        Text(|r| r.cue.clone()),
        Int(|r| r.cue_start.map(|v| v as i64)),
        Int(|r| r.cue_end.map(|v| v as i64)),
        Text(|r| r.speaker.clone()),
        Text(|r| r.speaker_type.clone()),
        Text(|r| r.speaker_mention.clone()),
        Int(|r| r.speaker_start.map(|v| v as i64)),
        Int(|r| r.speaker_end.map(|v| v as i64)),
        Double(|r| r.confidence),
        Int(|r| Some(r.sentence as i64)),
        Int(|r| Some(r.paragraph as i64)),
        Text(|r| r.speaker_gender.map(str::to_string)),
        Text(|r| r.speaker_id.clone()),
        Text(|r| {
            r.meta
                .as_ref()
                .map(|m| serde_json::Value::Object(m.clone()).to_string())
        }),
    ]
}

fn io(e: parquet::errors::ParquetError) -> std::io::Error {
    std::io::Error::other(e.to_string())
}

/// Writes records as one Parquet file.
pub struct ParquetWriter<W: Write + Send> {
    file: SerializedFileWriter<W>,
    rows: Vec<QuoteRecord>,
}

impl<W: Write + Send> ParquetWriter<W> {
    /// Starts the file.
    pub fn new(out: W) -> std::io::Result<Self> {
        let schema = Arc::new(parse_message_type(SCHEMA).expect("schema parses"));
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_created_by(format!("whosaid {}", env!("CARGO_PKG_VERSION")))
            .build();
        let file = SerializedFileWriter::new(out, schema, Arc::new(props)).map_err(io)?;
        Ok(Self {
            file,
            rows: Vec::new(),
        })
    }

    /// Adds one document's records (written when a row group is full).
    pub fn write(&mut self, recs: &[QuoteRecord]) -> std::io::Result<()> {
        self.rows.extend_from_slice(recs);
        if self.rows.len() >= ROW_GROUP {
            self.flush_group()?;
        }
        Ok(())
    }

    fn flush_group(&mut self) -> std::io::Result<()> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let cols = columns();
        // Required columns (see `SCHEMA`) take no definition levels.
        let descr = self.file.schema_descr();
        let required: Vec<bool> = (0..cols.len())
            .map(|i| descr.column(i).max_def_level() == 0)
            .collect();
        let mut group = self.file.next_row_group().map_err(io)?;
        let mut i = 0;
        while let Some(mut col) = group.next_column().map_err(io)? {
            write_column(&mut col, required[i], &cols[i], &self.rows).map_err(io)?;
            col.close().map_err(io)?;
            i += 1;
        }
        group.close().map_err(io)?;
        self.rows.clear();
        Ok(())
    }

    /// Writes the last row group and the footer; returns the output.
    pub fn finish(mut self) -> std::io::Result<W> {
        self.flush_group()?;
        let mut out = self.file.into_inner().map_err(io)?;
        out.flush()?;
        Ok(out)
    }
}

fn write_column(
    col: &mut SerializedColumnWriter,
    required: bool,
    column: &Column,
    rows: &[QuoteRecord],
) -> parquet::errors::Result<()> {
    // Definition levels: 1 where an optional value is present, 0 for null.
    fn levels<T>(vals: &[Option<T>]) -> Vec<i16> {
        vals.iter().map(|v| v.is_some() as i16).collect()
    }
    match column {
        Column::Text(get) => {
            let vals: Vec<Option<String>> = rows.iter().map(get).collect();
            let present: Vec<ByteArray> = vals
                .iter()
                .flatten()
                .map(|s| ByteArray::from(s.as_str()))
                .collect();
            let defs = (!required).then(|| levels(&vals));
            col.typed::<ByteArrayType>()
                .write_batch(&present, defs.as_deref(), None)?;
        }
        Column::Int(get) => {
            let vals: Vec<Option<i64>> = rows.iter().map(get).collect();
            let present: Vec<i64> = vals.iter().flatten().copied().collect();
            let defs = (!required).then(|| levels(&vals));
            col.typed::<Int64Type>()
                .write_batch(&present, defs.as_deref(), None)?;
        }
        Column::Double(get) => {
            let vals: Vec<f64> = rows.iter().map(get).collect();
            col.typed::<DoubleType>().write_batch(&vals, None, None)?;
        }
    }
    Ok(())
}
