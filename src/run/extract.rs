//! A whole extraction run, producing a dataset: inputs read (split into shards, resumed after an
//! interruption), articles through the [`Pipeline`], and records written in input order to
//! standard output, to a file written safely ([`OutputFile`]), or to a resumable file with its
//! [`Journal`]. The CLI draws progress and prints messages through an [`Observer`].

use std::io::Write;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};

use crate::error::{Error, Result};
use crate::run::journal::{InputId, Journal, RunKey};
use crate::run::output::{
    check_writable, file_id, records, refuse_input_as_output, Format, OutputFile, ParquetWriter,
    QuoteRecord, RecordWriter,
};
use crate::run::pipeline::{Outcome, Pipeline};
use crate::run::reader::{self, Item, Shard};

/// What to extract and where to write it.
pub struct Request<'a> {
    /// Input paths (`-`: standard input).
    pub inputs: &'a [String],
    /// Output file; `None` or `-`: standard output.
    pub output: Option<&'a Path>,
    /// Output format.
    pub format: Format,
    /// Worker threads (at least 1).
    pub threads: usize,
    /// Longer input records are skipped.
    pub max_article_bytes: usize,
    /// Only this part of the input.
    pub shard: Option<Shard>,
    /// What `-` reads.
    pub stdin_format: reader::StdinFormat,
    /// Go on from an interrupted run's journal (needs a regular output file).
    pub resume: bool,
    /// The entity list the pipeline links speakers to (part of what a resumed run must share).
    pub entities: Option<&'a Path>,
}

/// What a run reports as it goes; every method has a default that ignores it.
pub trait Observer: Sync {
    /// Before the first article: the input's size in bytes, where it is known.
    fn start(&self, _total_bytes: Option<u64>) {}
    /// An article read with a problem that did not stop it (invalid UTF-8 replaced).
    fn warning(&self, _message: &str) {}
    /// An input record done: the input bytes up to it (where known) and records done so far.
    fn progress(&self, _position: Option<u64>, _records_done: usize) {}
    /// An input record skipped, and why.
    fn skipped(&self, _id: &str, _reason: &str) {}
}

/// How a run went.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// Articles processed by this run.
    pub articles: usize,
    /// Records written by this run.
    pub quotes: usize,
    /// Input records this run skipped.
    pub skipped: usize,
    /// Input records an earlier, interrupted run had done (`--resume`).
    pub resumed_after: u64,
    /// How many of those it skipped.
    pub skipped_before: u64,
    /// The output was closed by its reader (`| head`): the run stopped there.
    pub closed_early: bool,
}

/// Standard output, a file written safely (see [`OutputFile`]), or the file of a resumable run,
/// written in place (its journal says how much of it is done).
enum Sink {
    Stdout(std::io::BufWriter<std::io::Stdout>),
    File(OutputFile),
    Resume(std::io::BufWriter<std::fs::File>),
}

impl Sink {
    /// Flushes, and for a resumable run makes what was written durable before the journal says
    /// it is done.
    fn sync(&mut self) -> std::io::Result<()> {
        self.flush()?;
        match self {
            Sink::Resume(f) => f.get_ref().sync_data(),
            _ => Ok(()),
        }
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Sink::Stdout(w) => w.write(buf),
            Sink::File(w) => w.write(buf),
            Sink::Resume(w) => w.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Sink::Stdout(w) => w.flush(),
            Sink::File(w) => w.flush(),
            Sink::Resume(w) => w.flush(),
        }
    }
}

/// The writer of the chosen format.
enum Writer {
    Text(RecordWriter<Sink>),
    Parquet(ParquetWriter<Sink>),
}

impl Writer {
    fn write(&mut self, recs: &[QuoteRecord]) -> std::io::Result<()> {
        match self {
            Writer::Text(w) => w.write(recs),
            Writer::Parquet(w) => w.write(recs),
        }
    }

    fn finish(self) -> std::io::Result<Sink> {
        match self {
            Writer::Text(w) => w.finish(),
            Writer::Parquet(w) => w.finish(),
        }
    }

    /// Records and bytes written, made durable first (for a resumable run's journal).
    fn synced_position(&mut self) -> std::io::Result<(usize, u64)> {
        match self {
            Writer::Text(w) => {
                w.get_mut().sync()?;
                Ok(w.position())
            }
            Writer::Parquet(_) => Err(std::io::Error::other("Parquet output cannot be resumed")),
        }
    }
}

/// The journal of a resumable run writing `out`: the one an interrupted run left (it must be the
/// same run), or a new one, saved before the output is touched so that a kill at any moment
/// leaves a journal to go on from.
fn start_journal(
    out: &Path,
    req: &Request,
    pipeline: &Pipeline,
    sizes: &[Option<u64>],
) -> Result<(PathBuf, Journal)> {
    let refuse = |m: String| Err(Error::input(out.display().to_string(), m));
    if out == Path::new("-") || std::fs::metadata(out).is_ok_and(|m| !m.is_file()) {
        return refuse("--resume writes a regular file, and this is not one".into());
    }
    if req.format == Format::Parquet {
        return refuse(
            "--resume writes jsonl, csv or json: a Parquet file is readable only once its \
             footer is written"
                .into(),
        );
    }
    let path = Journal::path_for(out);
    let run = RunKey {
        inputs: req.inputs.to_vec(),
        format: req.format.name().into(),
        shard: req.shard.map(|s| format!("{}/{}", s.index, s.count)),
        max_article_bytes: req.max_article_bytes,
        entities: req.entities.map(|p| p.display().to_string()),
        attribution: Some(pipeline.attribution_key()),
        input_ids: req
            .inputs
            .iter()
            .zip(sizes)
            .map(|(i, &size)| InputId::of(Path::new(i), size))
            .collect(),
    };
    let journal = match Journal::load(&path)? {
        Some(j) if j.run == run => {
            if let Some(id) = j.output_id {
                if j.bytes > 0 && file_id(out) != Some(id) {
                    return refuse(format!(
                        "was replaced since the interrupted run that {} belongs to (another \
                         run wrote it?): remove both to start again",
                        path.display()
                    ));
                }
            }
            j
        }
        Some(j) => {
            let mut differs = j.run.differences(&run);
            if differs.is_empty() {
                differs.push("the progress file comes from another version of whosaid".into());
            }
            return refuse(format!(
                "cannot resume: {} belongs to a run with other inputs or settings: {}; remove \
                 it and the output to start again",
                path.display(),
                differs.join("; ")
            ));
        }
        None if out.exists() => {
            return refuse(format!(
                "exists and no run is in progress ({} is absent): it is complete; remove it to \
                 extract again",
                path.display()
            ))
        }
        None => Journal {
            run,
            items: 0,
            records: 0,
            bytes: 0,
            skipped: 0,
            output_id: None,
        },
    };
    journal.save(&path)?;
    Ok((path, journal))
}

/// The output of a resumable run, cut to what its journal vouches for and positioned at its end.
fn resumable_file(out: &Path, j: &Journal) -> Result<Sink> {
    let err = |e| Error::io(out, e);
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(out)
        .map_err(err)?;
    let len = f.metadata().map_err(err)?.len();
    if len < j.bytes {
        return Err(Error::input(
            out.display().to_string(),
            format!(
                "holds {len} bytes, fewer than its progress file says were written ({}); remove \
                 both to start again",
                j.bytes
            ),
        ));
    }
    // What the journal does not vouch for is cut: a record half written when it stopped.
    f.set_len(j.bytes)
        .and_then(|_| std::io::Seek::seek(&mut f, std::io::SeekFrom::End(0)))
        .map_err(err)?;
    Ok(Sink::Resume(std::io::BufWriter::with_capacity(1 << 16, f)))
}

/// Article ids made unique within a run: a second article with an id already seen (twice in a
/// JSONL, or in two inputs) becomes `ID~2`, `~3`, ... with a warning, so every `quote_id` stays
/// unique. Ids are kept as 64-bit hashes, so memory stays small on large corpora.
#[derive(Default)]
pub struct UniqueIds {
    seen: std::collections::HashMap<u64, u32>,
}

impl UniqueIds {
    fn hash(id: &str) -> u64 {
        use std::hash::{BuildHasher, BuildHasherDefault};
        BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default().hash_one(id)
    }

    /// `item` with its id made unique among those seen so far; a renamed article is reported
    /// to `observer`.
    pub fn unique(&mut self, item: Item, observer: &dyn Observer) -> Item {
        let Item::Article(mut a) = item else {
            return item;
        };
        let n = self.seen.entry(Self::hash(&a.id)).or_insert(0);
        *n += 1;
        if *n > 1 {
            let mut k = *n;
            let mut renamed = format!("{}~{k}", a.id);
            while self.seen.contains_key(&Self::hash(&renamed)) {
                k += 1;
                renamed = format!("{}~{k}", a.id);
            }
            self.seen.insert(Self::hash(&renamed), 1);
            observer.warning(&format!(
                "article id {} appears again: this one's records use the id {renamed}",
                a.id
            ));
            a.id = renamed;
        }
        Item::Article(a)
    }
}

/// Opens every input (an unreadable one fails the run before any work); also the input's total
/// size where every part has one.
fn open_inputs(
    req: &Request,
    read: &reader::ReadBytes,
    notes: &mut Vec<String>,
) -> Result<(Vec<reader::Articles>, Vec<Option<u64>>)> {
    let mut sources = Vec::new();
    let mut sizes = Vec::new();
    for input in req.inputs {
        let forced = (input == "-").then_some(req.stdin_format.name());
        let (source, size) =
            reader::open_counted(input, forced, req.max_article_bytes, read, notes)?;
        sizes.push(size);
        sources.push(source);
    }
    Ok((sources, sizes))
}

/// The writer of the run's records: a resumed file positioned after what its journal vouches
/// for, a new file written safely, or standard output.
fn open_writer(
    req: &Request,
    output: Option<&Path>,
    journal: Option<&Journal>,
    shown: &Path,
) -> Result<Writer> {
    let io = |e| Error::write(shown, e);
    let sink = match (output, journal) {
        (Some(out), Some(j)) => resumable_file(out, j)?,
        (Some(p), None) => Sink::File(OutputFile::create(p)?),
        (None, _) => Sink::Stdout(std::io::BufWriter::new(std::io::stdout())),
    };
    Ok(match journal {
        Some(j) if j.bytes > 0 => Writer::Text(RecordWriter::resume(
            sink,
            req.format,
            j.records as usize,
            j.bytes,
        )),
        _ if req.format == Format::Parquet => {
            Writer::Parquet(ParquetWriter::new(sink).map_err(io)?)
        }
        _ => Writer::Text(RecordWriter::new(sink, req.format).map_err(io)?),
    })
}

/// Ends the output after the last record: the file renamed into place, or a resumed file made
/// durable and its journal removed. `Ok(false)`: the reader closed the output early.
fn finish(
    writer: Writer,
    write_error: Option<std::io::Error>,
    journal: Option<&Path>,
    shown: &Path,
) -> Result<bool> {
    let io = |e| Error::write(shown, e);
    let sink = match write_error {
        // A reader that stopped early (`| head`): stop quietly, as other Unix tools do.
        Some(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(false),
        // Dropping the writer removes its temporary file: no partial output.
        Some(e) => return Err(io(e)),
        None => match writer.finish() {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(false),
            r => r.map_err(io)?,
        },
    };
    match sink {
        Sink::File(f) => f.commit()?,
        Sink::Resume(mut f) => {
            f.flush().and_then(|_| f.get_ref().sync_all()).map_err(io)?;
            if let Some(path) = journal {
                std::fs::remove_file(path).map_err(|e| Error::io(path, e))?;
            }
        }
        Sink::Stdout(_) => {}
    }
    Ok(true)
}

/// The checks of `req` that need no model: an output that is an input, or that cannot be
/// replaced, fails here, so a caller can refuse before loading anything.
pub fn preflight(req: &Request) -> Result<()> {
    if let Some(out) = req.output.filter(|p| *p != Path::new("-")) {
        let inputs: Vec<&Path> = req.inputs.iter().map(Path::new).collect();
        refuse_input_as_output(out, &inputs)?;
        check_writable(out)?;
    }
    Ok(())
}

/// Runs `req` through `pipeline` and writes its dataset. Errors that concern the whole run (an
/// unreadable input, an output that cannot be written, a refused resume) come before any work
/// where they can; a bad article is skipped and reported through `observer`.
pub fn extract(pipeline: &Pipeline, req: &Request, observer: &dyn Observer) -> Result<Summary> {
    let threads = req.threads.max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::input("--threads", e.to_string()))?;
    let read = reader::ReadBytes::default();
    let output = req.output.filter(|p| *p != Path::new("-"));
    if let Some(out) = output {
        let inputs: Vec<&Path> = req.inputs.iter().map(Path::new).collect();
        refuse_input_as_output(out, &inputs)?;
    }
    let mut notes = Vec::new();
    let (sources, sizes) = open_inputs(req, &read, &mut notes)?;
    for n in &notes {
        observer.warning(n);
    }
    let total = sizes.iter().try_fold(0u64, |a, s| s.map(|s| a + s));
    let mut journal = match output {
        Some(out) if req.resume => Some(start_journal(out, req, pipeline, &sizes)?),
        None if req.resume => {
            return Err(Error::input(
                "--resume",
                "needs -o FILE: standard output cannot be resumed",
            ))
        }
        _ => None,
    };
    let skip = journal.as_ref().map_or(0, |(_, j)| j.items);
    let skipped_before = journal.as_ref().map_or(0, |(_, j)| j.skipped);
    // The input position when each article was read, taken off as its outcome arrives: progress
    // shows what is done, not what was read ahead.
    let positions = Arc::new(Mutex::new(std::collections::VecDeque::new()));
    let queue = positions.clone();
    let shard = req.shard;
    let mut ids = UniqueIds::default();
    let mut items = sources
        .into_iter()
        .flatten()
        .filter(|item| shard.is_none_or(|s| s.keeps(item)))
        .map(|item| ids.unique(item, observer))
        .skip(skip as usize)
        .inspect(|item| {
            queue
                .lock()
                .expect("queue")
                .push_back(read.load(Ordering::Relaxed));
            if let Item::Article(reader::Article {
                warning: Some(w), ..
            }) = item
            {
                observer.warning(w);
            }
        });
    let shown = output.unwrap_or(Path::new("standard output")).to_path_buf();
    let mut writer = open_writer(req, output, journal.as_ref().map(|(_, j)| j), &shown)?;
    if let (Some(out), Some((_, j))) = (output, journal.as_mut()) {
        j.output_id = file_id(out);
    }
    // Outcomes come a window of input records at a time: the journal is saved at each window's
    // end, so a kill loses at most one window's work.
    let window = 16 * threads;
    let mut save = |writer: &mut Writer, items: u64, skipped: usize| -> std::io::Result<()> {
        let Some((path, j)) = journal.as_mut() else {
            return Ok(());
        };
        let (records, bytes) = writer.synced_position()?;
        (j.items, j.records, j.bytes) = (items, records as u64, bytes);
        j.skipped = skipped_before + skipped as u64;
        j.save(path).map_err(std::io::Error::other)
    };
    observer.start(total);
    let mut s = Summary {
        resumed_after: skip,
        skipped_before,
        ..Summary::default()
    };
    let mut write_error = save(&mut writer, skip, 0).err();
    let mut items_done = skip;
    if write_error.is_none() {
        pool.install(|| {
            pipeline.stream(items.by_ref(), window, 8, |outcome| {
                let position = positions.lock().expect("queue").pop_front();
                observer.progress(
                    position.filter(|_| total.is_some()),
                    s.articles + s.skipped + 1,
                );
                match outcome {
                    Outcome::Done(doc) => {
                        s.articles += 1;
                        let recs = records(&doc);
                        s.quotes += recs.len();
                        if let Err(e) = writer.write(&recs) {
                            write_error = Some(e);
                            return ControlFlow::Break(());
                        }
                    }
                    Outcome::Skipped { id, reason } => {
                        s.skipped += 1;
                        observer.skipped(&id, &reason);
                    }
                }
                items_done += 1;
                if (items_done - skip) % window as u64 == 0 {
                    if let Err(e) = save(&mut writer, items_done, s.skipped) {
                        write_error = Some(e);
                        return ControlFlow::Break(());
                    }
                }
                ControlFlow::Continue(())
            })
        });
    }
    let journal_path = journal.as_ref().map(|(p, _)| p.as_path());
    s.closed_early = !finish(writer, write_error, journal_path, &shown)?;
    if let (Some(out), None, false) = (output, &journal, s.closed_early) {
        // A progress file an interrupted run left is stale once this run has replaced the
        // output: resuming from it later would cut this run's records and append others.
        let stale = Journal::path_for(out);
        if stale.exists() {
            std::fs::remove_file(&stale).map_err(|e| Error::io(&stale, e))?;
            observer.warning(&format!(
                "removed {}: this run replaced the output an interrupted run had begun",
                stale.display()
            ));
        }
    }
    Ok(s)
}
