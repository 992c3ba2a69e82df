//! Reading whosaid's own records back, in any format `extract` writes (JSONL, CSV, JSON,
//! Parquet) or as JSONL on standard input (`-`): the one reader behind `report --pred`,
//! `cluster`, `eval --pred` and `check`. Every record comes as the JSON object the JSONL output
//! holds: CSV's numbers become numbers and its empty cells nulls; Parquet's `meta` column, a JSON
//! string, becomes the object it encodes.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::run::output::Format;

/// CSV columns that hold whole numbers; `confidence` is the one float.
const INT_COLUMNS: [&str; 8] = [
    "start",
    "end",
    "cue_start",
    "cue_end",
    "speaker_start",
    "speaker_end",
    "sentence",
    "paragraph",
];

/// Calls `each(location, record)` for every record of `path` in file order (`location`:
/// `FILE:LINE` for text formats, `FILE: row N` for Parquet). A record that is not a JSON object
/// is an error naming its location; `each` may refuse a record by returning an error.
pub fn for_each_record(
    path: &Path,
    mut each: impl FnMut(String, Map<String, Value>) -> Result<()>,
) -> Result<()> {
    let shown = if path == Path::new("-") {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    };
    let format = path
        .extension()
        .and_then(|e| Format::parse(&e.to_string_lossy()))
        .unwrap_or(Format::Jsonl);
    let at = |n: usize| format!("{shown}:{n}");
    let object = |loc: String, v: Value| match v {
        Value::Object(m) => Ok((loc, m)),
        _ => Err(Error::input(loc, "not a whosaid record (a JSON object)")),
    };
    if path == Path::new("-") {
        return jsonl(BufReader::new(std::io::stdin().lock()), &shown, &mut each);
    }
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    match format {
        Format::Jsonl => jsonl(BufReader::with_capacity(1 << 20, file), &shown, &mut each),
        Format::Json => {
            let all: Vec<Value> = serde_json::from_reader(BufReader::new(file))
                .map_err(|e| Error::input(&shown, format!("not a JSON array of records: {e}")))?;
            for (i, v) in all.into_iter().enumerate() {
                let (loc, m) = object(format!("{shown}: record {}", i + 1), v)?;
                each(loc, m)?;
            }
            Ok(())
        }
        Format::Csv => {
            let mut rdr = csv::Reader::from_reader(BufReader::new(file));
            let header = rdr
                .headers()
                .map_err(|e| Error::input(at(1), e.to_string()))?
                .clone();
            for (n, row) in rdr.records().enumerate() {
                let loc = row
                    .as_ref()
                    .ok()
                    .and_then(|r| r.position())
                    .map_or_else(|| at(n + 2), |p| at(p.line() as usize));
                let row = row.map_err(|e| Error::input(at(n + 2), e.to_string()))?;
                each(loc, csv_record(&header, &row))?;
            }
            Ok(())
        }
        Format::Parquet => {
            let reader = parquet::file::serialized_reader::SerializedFileReader::new(file)
                .map_err(|e| Error::input(&shown, format!("not a Parquet file: {e}")))?;
            for (i, row) in reader.into_iter().enumerate() {
                let loc = format!("{shown}: row {}", i + 1);
                let row = row.map_err(|e| Error::input(&loc, e.to_string()))?;
                let (loc, mut m) = object(loc, row.to_json_value())?;
                // `meta` is stored as a JSON string.
                if let Some(Value::String(s)) = m.get("meta") {
                    let meta = serde_json::from_str(s)
                        .map_err(|e| Error::input(&loc, format!("meta is not JSON: {e}")))?;
                    m.insert("meta".into(), meta);
                }
                each(loc, m)?;
            }
            Ok(())
        }
    }
}

fn jsonl(
    reader: impl BufRead,
    shown: &str,
    each: &mut impl FnMut(String, Map<String, Value>) -> Result<()>,
) -> Result<()> {
    for (n, line) in reader.lines().enumerate() {
        let loc = format!("{shown}:{}", n + 1);
        let line = line.map_err(|e| Error::input(&loc, e.to_string()))?;
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str(&line) {
            Ok(Value::Object(m)) => each(loc, m)?,
            Ok(_) => return Err(Error::input(loc, "not a whosaid record (a JSON object)")),
            Err(e) => return Err(Error::input(loc, format!("not a JSON record: {e}"))),
        }
    }
    Ok(())
}

/// A CSV row as the JSON record it was written from.
fn csv_record(header: &csv::StringRecord, row: &csv::StringRecord) -> Map<String, Value> {
    header
        .iter()
        .zip(row.iter())
        .map(|(k, v)| {
            let value = if v.is_empty() && k != "text" {
                Value::Null
            } else if INT_COLUMNS.contains(&k) {
                v.parse::<u64>()
                    .map_or_else(|_| Value::String(v.into()), Value::from)
            } else if k == "confidence" {
                v.parse::<f64>()
                    .map_or_else(|_| Value::String(v.into()), Value::from)
            } else {
                Value::String(v.into())
            };
            (k.to_string(), value)
        })
        .collect()
}
