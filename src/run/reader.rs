//! Reading articles: `.txt` files, folders of them, JSONL, CSV, or JSONL on stdin, streamed one
//! article at a time so memory does not grow with the corpus.

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::run::repair::{repair, Repaired};

/// One input article.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// Article id.
    pub id: String,
    /// Article text.
    pub text: String,
    /// Fields other than `id` and `text`.
    pub meta: Option<serde_json::Map<String, serde_json::Value>>,
    /// A non-fatal problem (invalid UTF-8 decoded lossily).
    pub warning: Option<String>,
}

/// An article, or an input record that could not be read (reported and skipped).
#[derive(Debug)]
pub enum Item {
    /// A readable article.
    Article(Article),
    /// A record that could not be read.
    Bad {
        /// File and line.
        location: String,
        /// What is wrong with it.
        message: String,
    },
}

/// One of `count` disjoint parts of an input (`--shard I/N`), chosen by a hash of each article's
/// id (a bad record's file and line), so every machine and run splits a corpus the same way and the
/// parts together are the whole input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// 1-based, at most `count`.
    pub index: u64,
    /// How many parts.
    pub count: u64,
}

impl Shard {
    /// From `I/N` (1 ≤ I ≤ N).
    pub fn parse(s: &str) -> std::result::Result<Shard, String> {
        let bad = || {
            format!("{s:?}: expected I/N with 1 <= I <= N, e.g. 3/8 (with a Slurm array of 1-N, I is $SLURM_ARRAY_TASK_ID)")
        };
        let (i, n) = s.split_once('/').ok_or_else(bad)?;
        let (index, count) = (
            i.trim().parse::<u64>().map_err(|_| bad())?,
            n.trim().parse::<u64>().map_err(|_| bad())?,
        );
        if index == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }

    /// Whether this part holds `item`.
    pub fn keeps(&self, item: &Item) -> bool {
        let key = match item {
            Item::Article(a) => &a.id,
            Item::Bad { location, .. } => location,
        };
        fnv1a(key.as_bytes()) % self.count == self.index - 1
    }
}

/// FNV-1a, 64 bits: fixed by its definition, so shards never move between versions or machines
/// (std's hasher may change).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// What `-` (standard input) holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum StdinFormat {
    /// One `{"id", "text", ...}` object a line.
    #[default]
    #[value(alias = "ndjson")]
    Jsonl,
    /// One plain-text article, id `stdin`.
    #[value(alias = "text")]
    Txt,
}

impl StdinFormat {
    /// Its name, as `open` takes it.
    pub fn name(self) -> &'static str {
        match self {
            StdinFormat::Jsonl => "jsonl",
            StdinFormat::Txt => "txt",
        }
    }
}

/// Largest input record read by default (a JSONL line, a CSV row, a `.txt` file): 16 MiB, four
/// times the longest novels, and a peak memory well under 1 GiB for such an article.
pub const DEFAULT_MAX_ARTICLE_BYTES: usize = 16 << 20;

/// Streams the articles of one input path (`-` is JSONL on stdin), with the default size limit.
pub fn open(input: &str, format: Option<&str>) -> Result<Box<dyn Iterator<Item = Item> + Send>> {
    open_with(input, format, DEFAULT_MAX_ARTICLE_BYTES)
}

/// Streams the articles of one input path; a record over `max_bytes` is skipped (an [`Item::Bad`]
/// that says so) without being held in memory, where the format allows (JSONL, `.txt`).
pub fn open_with(
    input: &str,
    format: Option<&str>,
    max_bytes: usize,
) -> Result<Box<dyn Iterator<Item = Item> + Send>> {
    Ok(open_counted(
        input,
        format,
        max_bytes,
        &ReadBytes::default(),
        &mut Vec::new(),
    )?
    .0)
}

/// The id of a `.txt` article found under folder `root`: its path below `root` without the
/// extension, `/`-separated on every platform (`world/2024/peace-talks`).
pub fn article_id(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path).with_extension("");
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// A stream of input records.
pub type Articles = Box<dyn Iterator<Item = Item> + Send>;

/// Bytes read so far from files, shared with whoever shows progress.
pub type ReadBytes = Arc<AtomicU64>;

/// Like [`open_with`], adding the bytes it reads from files to `read`; also returns the input's
/// size in bytes where it is known (files and folders, not stdin), for a progress bar with an end.
/// What was left out of a folder on purpose (a link loop, an article reached twice) is added to
/// `notes`.
pub fn open_counted(
    input: &str,
    format: Option<&str>,
    max_bytes: usize,
    read: &ReadBytes,
    notes: &mut Vec<String>,
) -> Result<(Box<dyn Iterator<Item = Item> + Send>, Option<u64>)> {
    let (items, size) = open_raw(input, format, max_bytes, read, notes)?;
    Ok((Box::new(items.map(repaired)), size))
}

/// An article's text checked and repaired (see [`repair`]): binary data becomes a bad record,
/// a repaired text carries a warning that says what was done.
fn repaired(item: Item) -> Item {
    let Item::Article(mut a) = item else {
        return item;
    };
    match repair(std::mem::take(&mut a.text)) {
        Repaired::Unchanged(t) => a.text = t,
        Repaired::Changed(t, what) => {
            a.text = t;
            let note = format!("article {}: {what}; offsets count the repaired text", a.id);
            a.warning = Some(match a.warning.take() {
                Some(w) => format!("{w}; {note}"),
                None => note,
            });
        }
        Repaired::Binary(why) => {
            return Item::Bad {
                location: a.id.clone(),
                message: format!("article {}: {why}", a.id),
            }
        }
    }
    Item::Article(a)
}

fn open_raw(
    input: &str,
    format: Option<&str>,
    max_bytes: usize,
    read: &ReadBytes,
    notes: &mut Vec<String>,
) -> Result<(Box<dyn Iterator<Item = Item> + Send>, Option<u64>)> {
    if input == "-" {
        return Ok((stdin(format, max_bytes)?, None));
    }
    let path = Path::new(input);
    if path.is_dir() {
        let (items, total) = folder(path, max_bytes, read.clone(), notes)?;
        return Ok((Box::new(items), Some(total)));
    }
    let ext = format
        .map(str::to_string)
        .or_else(|| path.extension().map(|e| e.to_string_lossy().to_lowercase()))
        .unwrap_or_default();
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    let total = file.metadata().ok().map(|m| m.len());
    let counted = Counting {
        inner: file,
        read: read.clone(),
    };
    let items: Box<dyn Iterator<Item = Item> + Send> = match ext.as_str() {
        "jsonl" | "ndjson" => {
            Box::new(jsonl(BufReader::new(counted), input.to_string(), max_bytes))
        }
        "csv" => csv_items(counted, input.to_string(), max_bytes)?,
        "txt" | "text" | "" => {
            let id = path
                .file_stem()
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_default();
            let item = read_txt(path, id, max_bytes);
            read.fetch_add(total.unwrap_or(0), Ordering::Relaxed);
            Box::new(std::iter::once(item))
        }
        other => {
            return Err(Error::input(
                input,
                format!("unknown input format {other:?} (use .txt, a folder, .jsonl or .csv)"),
            ))
        }
    };
    Ok((items, total))
}

/// A reader that adds what it reads to a shared count.
struct Counting<R> {
    inner: R,
    read: ReadBytes,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Standard input: JSONL (checked to look like it, so a piped plain article gets a clear error),
/// or with `format` `txt` one article with id `stdin`.
fn stdin(format: Option<&str>, max_bytes: usize) -> Result<Box<dyn Iterator<Item = Item> + Send>> {
    let mut input = BufReader::new(std::io::stdin());
    match format.unwrap_or("jsonl") {
        "txt" | "text" => {
            let item = plain_article(
                Ok(input),
                "<stdin>".into(),
                "stdin".into(),
                max_bytes,
                || None,
            );
            Ok(Box::new(std::iter::once(item)))
        }
        "jsonl" | "ndjson" => {
            let head = input.fill_buf().map_err(|e| Error::io("<stdin>", e))?;
            let head = head.strip_prefix(BOM).unwrap_or(head);
            if let Some(&first) = head.iter().find(|b| !b.is_ascii_whitespace()) {
                if first != b'{' {
                    return Err(Error::input(
                        "<stdin>",
                        "`-` reads JSONL (one {\"id\": ..., \"text\": ...} object a line), and \
                         this does not start with `{`; for a plain-text article use \
                         --stdin-format txt",
                    ));
                }
            }
            Ok(Box::new(jsonl(input, "<stdin>".into(), max_bytes)))
        }
        other => Err(Error::input(
            "<stdin>",
            format!("unknown stdin format {other:?} (jsonl or txt)"),
        )),
    }
}

fn decode(bytes: Vec<u8>, id: &str) -> (String, Option<String>) {
    match String::from_utf8(bytes) {
        Ok(s) => (s, None),
        Err(e) => (
            String::from_utf8_lossy(e.as_bytes()).into_owned(),
            Some(format!("article {id}: invalid UTF-8 replaced with U+FFFD")),
        ),
    }
}

/// What a record over the limit is told.
fn too_long(bytes: u64, max: usize) -> String {
    format!(
        "record of {bytes} bytes is over --max-article-bytes ({max}); raise the limit to read it"
    )
}

fn read_txt(path: &Path, id: String, max_bytes: usize) -> Item {
    let size = || std::fs::metadata(path).ok().map(|m| m.len());
    plain_article(
        File::open(path),
        path.display().to_string(),
        id,
        max_bytes,
        size,
    )
}

/// One plain-text article from `input` (`.txt` file, `--stdin-format txt`). It is read to one
/// byte past `max_bytes`, which tells a text over the limit without reading it all; `size` gives
/// the whole size for the message, where it is known.
fn plain_article(
    input: std::io::Result<impl Read>,
    location: String,
    id: String,
    max_bytes: usize,
    size: impl FnOnce() -> Option<u64>,
) -> Item {
    let mut bytes = Vec::new();
    let read = input.and_then(|r| r.take(max_bytes as u64 + 1).read_to_end(&mut bytes));
    if bytes.len() > max_bytes {
        let size = size().unwrap_or(bytes.len() as u64);
        return Item::Bad {
            location,
            message: format!("article {id}: {}", too_long(size, max_bytes)),
        };
    }
    match read {
        Ok(_) => {
            let (text, warning) = decode(bytes, &id);
            Item::Article(Article {
                id,
                text,
                meta: None,
                warning,
            })
        }
        Err(e) => Item::Bad {
            location,
            message: e.to_string(),
        },
    }
}

/// A folder's `.txt` articles, in path order. Symbolic links are followed once: a folder or file
/// already reached by another path (a link loop, a second link to the same folder) is skipped
/// with a note, real paths winning over links. A `.txt` entry that is not a regular file (a
/// FIFO, a socket, a device) is a bad record, never opened: reading a FIFO would block the run.
fn folder(
    root: &Path,
    max_bytes: usize,
    read: ReadBytes,
    notes: &mut Vec<String>,
) -> Result<(impl Iterator<Item = Item> + Send, u64)> {
    let canonical = |p: &Path| std::fs::canonicalize(p).map_err(|e| Error::io(p, e));
    let mut dirs_seen = HashSet::from([canonical(root)?]);
    // (path, regular, reached through a link)
    let mut found: Vec<(PathBuf, bool, bool)> = Vec::new();
    let mut stack = vec![(root.to_path_buf(), false)];
    // Folders reached through a link wait until every real folder is read, so a real path keeps
    // its articles' ids.
    let mut linked: Vec<PathBuf> = Vec::new();
    loop {
        let (dir, via_link) = if let Some(d) = stack.pop() {
            d
        } else if let Some(l) = linked.pop() {
            let c = canonical(&l)?;
            if !dirs_seen.insert(c.clone()) {
                notes.push(format!(
                    "{}: skipped: a symbolic link to a folder already read ({})",
                    l.display(),
                    c.display()
                ));
                continue;
            }
            (l, true)
        } else {
            break;
        };
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map_err(|e| Error::io(&dir, e))?
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        for p in entries {
            let Ok(meta) = std::fs::metadata(&p) else {
                notes.push(format!("{}: skipped: a broken symbolic link", p.display()));
                continue;
            };
            let is_link = std::fs::symlink_metadata(&p).is_ok_and(|m| m.file_type().is_symlink());
            if meta.is_dir() {
                if is_link {
                    linked.push(p);
                } else if dirs_seen.insert(canonical(&p)?) {
                    stack.push((p, via_link));
                }
            } else if p.extension().is_some_and(|e| e == "txt") {
                found.push((p, meta.is_file(), via_link || is_link));
            }
        }
    }
    // A file reached twice (a link to an article) is read once, by its real path if it has one.
    found.sort_by(|a, b| (a.2, &a.0).cmp(&(b.2, &b.0)));
    let mut files_seen = HashSet::new();
    let mut files: Vec<(PathBuf, bool)> = Vec::new();
    for (p, regular, _) in found {
        if regular && !files_seen.insert(canonical(&p)?) {
            notes.push(format!(
                "{}: skipped: the same file as an article already read",
                p.display()
            ));
            continue;
        }
        files.push((p, regular));
    }
    files.sort();
    let size = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len());
    let total = files.iter().filter(|f| f.1).map(|(p, _)| size(p)).sum();
    let root = root.to_path_buf();
    let items = files.into_iter().map(move |(p, regular)| {
        if !regular {
            return Item::Bad {
                location: p.display().to_string(),
                message: "not a regular file (a FIFO, socket or device)".into(),
            };
        }
        let item = read_txt(&p, article_id(&root, &p), max_bytes);
        read.fetch_add(size(&p), Ordering::Relaxed);
        item
    });
    Ok((items, total))
}

/// One record given as a JSON object (`id`, `text`, other fields as `meta`), read as a JSONL
/// line is: the same checks (a missing or empty id, a missing or non-string text), the same
/// repair; `location` names it in messages. For callers that hold records in memory (the Python
/// API).
pub fn record(v: serde_json::Value, location: &str) -> Item {
    repaired(from_json(v, location))
}

fn from_json(v: serde_json::Value, location: &str) -> Item {
    let bad = |m: &str| Item::Bad {
        location: location.to_string(),
        message: m.to_string(),
    };
    let serde_json::Value::Object(mut obj) = v else {
        return bad("expected a JSON object with \"id\" and \"text\"");
    };
    // shift_remove keeps the other fields in order: meta comes out as it came in.
    let id = match obj.shift_remove("id") {
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        Some(_) => return bad("\"id\" must be a string or a number"),
        None => return bad("missing \"id\""),
    };
    if id.trim().is_empty() {
        return bad("empty \"id\": every article needs one, for its records' quote_id");
    }
    let text = match obj.shift_remove("text") {
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Null) | None => {
            return bad(&format!("article {id}: missing \"text\""))
        }
        Some(_) => return bad(&format!("article {id}: \"text\" must be a string")),
    };
    let meta = if obj.is_empty() { None } else { Some(obj) };
    Item::Article(Article {
        id,
        text,
        meta,
        warning: None,
    })
}

/// One line of a JSONL input, read without holding more than the limit.
enum Line {
    Text(Vec<u8>),
    /// Over the limit: its length in bytes, newline excluded.
    TooLong(u64),
}

/// Lines of `reader` (without their `\n`); a line over `max` bytes is skipped as it streams by.
fn bounded_lines<R: BufRead>(
    mut reader: R,
    max: usize,
) -> impl Iterator<Item = std::io::Result<Line>> {
    std::iter::from_fn(move || {
        let (mut line, mut len, mut over, mut any) = (Vec::new(), 0u64, false, false);
        loop {
            let buf = match reader.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Some(Err(e)),
            };
            if buf.is_empty() {
                break;
            }
            any = true;
            let (chunk, used, end) = match buf.iter().position(|&b| b == b'\n') {
                Some(i) => (&buf[..i], i + 1, true),
                None => (buf, buf.len(), false),
            };
            len += chunk.len() as u64;
            if !over && line.len() + chunk.len() > max {
                over = true;
                line = Vec::new();
            }
            if !over {
                line.extend_from_slice(chunk);
            }
            reader.consume(used);
            if end {
                break;
            }
        }
        any.then_some(Ok(if over {
            Line::TooLong(len)
        } else {
            Line::Text(line)
        }))
    })
}

fn jsonl<R: BufRead + Send>(
    reader: R,
    name: String,
    max_bytes: usize,
) -> impl Iterator<Item = Item> + Send {
    bounded_lines(reader, max_bytes)
        .enumerate()
        .filter_map(move |(n, line)| {
            let location = format!("{name}:{}", n + 1);
            let mut line = match line {
                Ok(Line::Text(l)) => l,
                Ok(Line::TooLong(len)) => {
                    return Some(Item::Bad {
                        location,
                        message: too_long(len, max_bytes),
                    })
                }
                Err(e) => {
                    return Some(Item::Bad {
                        location,
                        message: e.to_string(),
                    })
                }
            };
            // Files saved by some Windows tools start with a byte-order mark: not JSON.
            if n == 0 && line.starts_with(BOM) {
                line.drain(..BOM.len());
            }
            let (line, warning) = decode(line, &location);
            if line.trim().is_empty() {
                return None;
            }
            Some(match serde_json::from_str::<serde_json::Value>(&line) {
                Ok(v) => match from_json(v, &location) {
                    Item::Article(mut a) => {
                        a.warning = warning.map(|_| {
                            format!("article {}: invalid UTF-8 replaced with U+FFFD", a.id)
                        });
                        Item::Article(a)
                    }
                    bad => bad,
                },
                Err(e) => Item::Bad {
                    location,
                    message: format!("malformed JSON: {e}"),
                },
            })
        })
}

/// The UTF-8 byte-order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

fn csv_items(
    file: impl Read + Send + 'static,
    name: String,
    max_bytes: usize,
) -> Result<Box<dyn Iterator<Item = Item> + Send>> {
    let mut file = BufReader::with_capacity(1 << 16, file);
    // The csv reader counts the lines of a file with CRLF endings one short after the header:
    // add the missing line back so a skipped row's location is the line an editor shows.
    let head = file.fill_buf().map_err(|e| Error::io(&name, e))?;
    let crlf = head
        .iter()
        .position(|&b| b == b'\n')
        .is_some_and(|i| i > 0 && head[i - 1] == b'\r');
    let line_of = move |p: Option<&csv::Position>| p.map_or(0, |p| p.line() + crlf as u64);
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(file);
    let headers = rdr
        .byte_headers()
        .map_err(|e| Error::input(&name, format!("CSV header: {e}")))?
        .iter()
        .map(|h| {
            let h = h.strip_prefix(BOM).unwrap_or(h);
            String::from_utf8_lossy(h).trim().to_string()
        })
        .collect::<Vec<_>>();
    if !headers.iter().any(|h| h == "id") || !headers.iter().any(|h| h == "text") {
        return Err(Error::input(&name, "CSV needs \"id\" and \"text\" columns"));
    }
    Ok(Box::new(rdr.into_byte_records().map(move |rec| {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let line = line_of(e.position());
                return Item::Bad {
                    location: format!("{name}:{line}"),
                    message: format!("malformed CSV row: {e}"),
                };
            }
        };
        let location = format!("{name}:{}", line_of(rec.position()));
        // The csv reader holds a row whole: the limit applies once it is read.
        if rec.as_slice().len() > max_bytes {
            return Item::Bad {
                location,
                message: too_long(rec.as_slice().len() as u64, max_bytes),
            };
        }
        let mut obj = serde_json::Map::new();
        let mut lossy = false;
        for (h, v) in headers.iter().zip(rec.iter()) {
            let s = match std::str::from_utf8(v) {
                Ok(s) => s.to_string(),
                Err(_) => {
                    lossy = true;
                    String::from_utf8_lossy(v).into_owned()
                }
            };
            obj.insert(h.clone(), serde_json::Value::String(s));
        }
        match from_json(serde_json::Value::Object(obj), &location) {
            Item::Article(mut a) => {
                if lossy {
                    a.warning = Some(format!(
                        "article {}: invalid UTF-8 replaced with U+FFFD",
                        a.id
                    ));
                }
                Item::Article(a)
            }
            bad => bad,
        }
    })))
}
