//! The `whosaid` command line: a thin layer over the library.

use std::io::{IsTerminal, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

use whosaid::conll;
use whosaid::document::CharIndex;
use whosaid::journal::{Journal, RunKey};
use whosaid::model::{Backend, BuiltIn, NerModel, Precision};
use whosaid::output::{records, Format, OutputFile, ParquetWriter, RecordWriter};
use whosaid::pipeline::{Outcome, Pipeline};
use whosaid::reader;
use whosaid::train::{self, TrainOptions};

#[derive(Parser)]
#[command(
    name = "whosaid",
    version,
    about = "Who said what: quotes and speakers from news text"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extracts quotes and speakers from articles (.txt, folder, .jsonl, .csv, or - for stdin).
    Extract {
        #[arg(required = true)]
        inputs: Vec<String>,
        /// Output file (default: stdout). Format from its extension unless --format says.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// jsonl, csv, json or parquet.
        #[arg(long)]
        format: Option<String>,
        /// Worker threads (default: all cores).
        #[arg(long)]
        threads: Option<usize>,
        #[command(flatten)]
        model: ModelArgs,
        /// No progress bar and no summary line.
        #[arg(long)]
        quiet: bool,
        /// Skip (and report) input records longer than this: bytes, or with K, M or G.
        #[arg(long, default_value = "16M", value_parser = parse_size)]
        max_article_bytes: usize,
        /// Process only part I of N (1 to N) of the input, split by a hash of article ids: the
        /// N parts together give the whole run's records (for array jobs).
        #[arg(long, value_parser = reader::Shard::parse)]
        shard: Option<reader::Shard>,
        /// What `-` reads: jsonl (one {"id","text"} object a line) or txt (one plain article).
        #[arg(long, default_value = "jsonl")]
        stdin_format: String,
        /// Go on from where an interrupted run with the same -o, inputs and settings stopped
        /// (its progress is kept in FILE.whosaid-resume while it runs).
        #[arg(long, requires = "output")]
        resume: bool,
    },
    /// Prints the named entities of articles, one JSON line each.
    Entities {
        #[arg(required = true)]
        inputs: Vec<String>,
        #[command(flatten)]
        model: ModelArgs,
    },
    /// Runs extraction on sample articles and compares it with their expected files.
    Check {
        dir: PathBuf,
        /// Rewrite the expected files from the current output.
        #[arg(long)]
        bless: bool,
        #[command(flatten)]
        model: ModelArgs,
    },
    /// Scores extraction against gold quotes (score.py's JSON/JSONL, or a PolNeAR brat folder).
    Eval {
        #[arg(long)]
        gold: PathBuf,
        /// Articles to extract from (default: the gold documents' own text).
        #[arg(long, conflicts_with = "pred")]
        input: Option<String>,
        /// Score an existing prediction JSONL instead of extracting.
        #[arg(long)]
        pred: Option<PathBuf>,
        #[command(flatten)]
        model: ModelArgs,
        /// List misses, false alarms and wrong speakers.
        #[arg(long)]
        errors: bool,
        /// Print the scores as one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Scores the entity model on a CoNLL file (entity-level, exact match, as conlleval).
    EvalNer {
        file: PathBuf,
        /// Read each sentence alone instead of with its neighbours in the same document.
        #[arg(long)]
        sentences: bool,
        #[command(flatten)]
        model: ModelArgs,
    },
    /// Fine-tunes the entity model on CoNLL-2003 and writes it in Hugging Face layout.
    TrainNer {
        #[command(flatten)]
        opts: TrainOptions,
        /// No progress bar.
        #[arg(long)]
        quiet: bool,
    },
}

fn main() -> ExitCode {
    // Exit code 2 means "some articles were skipped"; a usage error is 1, like other errors.
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 1 } else { 0 };
            e.print().ok();
            return ExitCode::from(code);
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// Which model runs, and how: shared by every command that loads one.
#[derive(clap::Args)]
struct ModelArgs {
    /// Model directory (default: $WHOSAID_MODEL, else the model built into this program, the
    /// repository's models/ner).
    #[arg(long)]
    model: Option<PathBuf>,
    /// candle (pure Rust) or rust-bert (libtorch; build with --features rust-bert).
    #[arg(long, default_value = "candle")]
    backend: String,
    /// cpu, or cuda with the rust-bert backend on a CUDA build of libtorch.
    #[arg(long, default_value = "cpu")]
    device: String,
    /// Arithmetic of the candle backend: int8 (quantized dense layers, our own kernels) or f32
    /// (candle's, the reference).
    #[arg(long, default_value = "int8")]
    precision: String,
}

/// The shipped entity model, built into the binary so that an installed or copied `whosaid`
/// needs no model folder beside it (45 MB of the binary).
const BUILT_IN: BuiltIn = BuiltIn {
    config: include_str!("../models/ner/config.json"),
    tokenizer: include_bytes!("../models/ner/tokenizer.json"),
    weights: include_bytes!("../models/ner/model.safetensors"),
};

impl ModelArgs {
    fn backend(&self) -> Result<Backend> {
        Backend::parse(&self.backend, &self.device).map_err(anyhow::Error::msg)
    }
    fn pipeline(&self) -> Result<Pipeline> {
        Ok(Pipeline::with_model(self.ner()?)?)
    }
    /// `--model`, else `$WHOSAID_MODEL`, else the built-in model.
    fn ner(&self) -> Result<NerModel> {
        let precision = Precision::parse(&self.precision).map_err(anyhow::Error::msg)?;
        let dir = self
            .model
            .clone()
            .or_else(|| std::env::var_os("WHOSAID_MODEL").map(PathBuf::from));
        Ok(match dir {
            Some(dir) => NerModel::load_with(&dir, self.backend()?, precision)?,
            None => NerModel::from_built_in(&BUILT_IN, self.backend()?, precision)?,
        })
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Extract {
            inputs,
            output,
            format,
            threads,
            model,
            quiet,
            max_article_bytes,
            shard,
            stdin_format,
            resume,
        } => extract(
            &inputs,
            output.as_deref(),
            &Options {
                format: format.as_deref(),
                threads,
                quiet,
                max_bytes: max_article_bytes,
                shard,
                stdin_format: &stdin_format,
                resume,
            },
            model,
        ),
        Command::Check { dir, bless, model } => {
            let pipeline = model.pipeline()?;
            let samples = whosaid::check::samples(&dir, bless)?;
            if samples.is_empty() {
                bail!(
                    "no NAME.txt with a NAME.expected.jsonl beside it under {}",
                    dir.display()
                );
            }
            let diffs = whosaid::check::run(&pipeline, &samples, bless)?;
            if bless {
                println!("blessed {} articles", diffs.len());
                return Ok(ExitCode::SUCCESS);
            }
            let bad: Vec<_> = diffs.iter().filter(|d| !d.lines.is_empty()).collect();
            for d in &bad {
                println!("{}:", d.id);
                for l in &d.lines {
                    println!("{l}");
                }
            }
            println!("check: {} articles, {} differ", diffs.len(), bad.len());
            Ok(if bad.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::Eval {
            gold,
            input,
            pred,
            model,
            errors,
            json,
        } => {
            let docs = whosaid::eval::load_gold(&gold)?;
            let preds = match pred {
                Some(p) => whosaid::eval::load_pred(&p, &docs)?,
                None => {
                    let pipeline = model.pipeline()?;
                    let items: Box<dyn Iterator<Item = reader::Item> + Send> = match &input {
                        Some(i) => reader::open(i, None)?,
                        None => Box::new(docs.clone().into_iter().map(|d| {
                            reader::Item::Article(reader::Article {
                                id: d.id,
                                text: d.text,
                                meta: None,
                                warning: None,
                            })
                        })),
                    };
                    let mut preds: std::collections::HashMap<String, Vec<whosaid::eval::Pred>> =
                        docs.iter().map(|d| (d.id.clone(), Vec::new())).collect();
                    pipeline.stream(items, 32, 8, |o| {
                        match o {
                            Outcome::Done(doc) => {
                                if let Some(v) = preds.get_mut(&doc.id) {
                                    *v = whosaid::eval::preds_from_records(&records(&doc));
                                }
                            }
                            Outcome::Skipped { id, reason } => eprintln!("skipped {id}: {reason}"),
                        }
                        ControlFlow::Continue(())
                    });
                    preds
                }
            };
            let mut errs = errors.then(Vec::new);
            let scores = whosaid::eval::score(&docs, &preds, &mut errs);
            for e in errs.unwrap_or_default() {
                println!("{e}");
            }
            if json {
                println!("{}", serde_json::to_string(&scores)?);
            } else {
                println!("{}", scores.line());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Entities { inputs, model } => {
            let model = model.ner()?;
            let tagger = whosaid::entities::EntityTagger::new(model, 128)?;
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            let mut skipped = 0;
            for input in &inputs {
                for item in reader::open(input, None)? {
                    let a = match item {
                        reader::Item::Article(a) => a,
                        reader::Item::Bad { location, message } => {
                            eprintln!("skipped {location}: {message}");
                            skipped += 1;
                            continue;
                        }
                    };
                    let ix = CharIndex::new(&a.text);
                    for e in tagger.tag(&[a.text.as_str()])?.remove(0) {
                        let rec = serde_json::json!({
                            "doc_id": a.id, "text": &a.text[e.span.start..e.span.end], "label": e.label,
                            "start": ix.char_of(e.span.start), "end": ix.char_of(e.span.end),
                            "score": (e.score as f64 * 1e4).round() / 1e4,
                        });
                        if writeln!(out, "{rec}").is_err() {
                            return Ok(ExitCode::SUCCESS);
                        }
                    }
                }
            }
            out.flush().ok();
            Ok(if skipped > 0 {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::EvalNer {
            file,
            sentences,
            model,
        } => {
            let model = model.ner()?;
            let sents = conll::read(&file)?;
            let gold: Vec<Vec<String>> = sents.iter().map(|s| s.tags.clone()).collect();
            let max_len = model.classifier.max_len().min(128);
            let pred = conll::predict_sentences(
                &*model.classifier,
                &model.tokenizer,
                &sents,
                max_len,
                !sentences,
            )?;
            let s = conll::score(&gold, &pred);
            println!(
                "{:<8} {:>9} {:>9} {:>9} {:>7}",
                "type", "precision", "recall", "f1", "gold"
            );
            for (ty, p) in &s.by_type {
                println!(
                    "{ty:<8} {:>9.4} {:>9.4} {:>9.4} {:>7}",
                    p.precision(),
                    p.recall(),
                    p.f1(),
                    p.gold
                );
            }
            let o = s.overall;
            println!(
                "{:<8} {:>9.4} {:>9.4} {:>9.4} {:>7}",
                "overall",
                o.precision(),
                o.recall(),
                o.f1(),
                o.gold
            );
            println!("f1={:.4}", o.f1());
            Ok(ExitCode::SUCCESS)
        }
        Command::TrainNer { mut opts, quiet } => {
            opts.progress = !quiet;
            train::train(&opts).context("training failed")?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// A progress line on a terminal: with a known input size, the share of bytes read and an ETA (as
/// `pv` or `cargo` show); else a spinner with the count. Both show articles and their rate.
fn progress_bar(quiet: bool, total: Option<u64>) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let (bar, template) = match total {
        Some(t) => (
            ProgressBar::new(t),
            "{spinner} [{bar:30}] {percent:>3}% {bytes}/{total_bytes} · {msg} · ETA {eta}",
        ),
        None => (ProgressBar::new_spinner(), "{spinner} {msg} · {elapsed}"),
    };
    bar.set_style(
        ProgressStyle::with_template(template)
            .expect("template")
            .progress_chars("=> "),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}

/// `12.3 articles/s` (three significant digits at most).
fn rate(n: usize, elapsed: std::time::Duration) -> String {
    let r = n as f64 / elapsed.as_secs_f64().max(1e-3);
    if r >= 100.0 {
        format!("{r:.0} articles/s")
    } else {
        format!("{r:.1} articles/s")
    }
}

/// `16M`, `512K`, `1G` or a plain number of bytes.
fn parse_size(s: &str) -> std::result::Result<usize, String> {
    let t = s.trim();
    let (num, unit) = match t.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => t.split_at(i),
        None => (t, ""),
    };
    let shift = match unit.to_ascii_uppercase().trim_end_matches(['B', 'I']) {
        "" => 0,
        "K" => 10,
        "M" => 20,
        "G" => 30,
        _ => {
            return Err(format!(
                "{s:?}: a number of bytes, optionally with K, M or G"
            ))
        }
    };
    let n: usize = num
        .parse()
        .map_err(|_| format!("{s:?}: a number of bytes, optionally with K, M or G"))?;
    n.checked_mul(1 << shift)
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("{s:?}: must be between 1 byte and {} bytes", usize::MAX))
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
    fn write(&mut self, recs: &[whosaid::output::QuoteRecord]) -> std::io::Result<()> {
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
    inputs: &[String],
    format: Format,
    shard: Option<reader::Shard>,
    max_bytes: usize,
) -> Result<(PathBuf, Journal)> {
    if out == Path::new("-") || std::fs::metadata(out).is_ok_and(|m| !m.is_file()) {
        bail!(
            "--resume writes a regular file, and {} is not one",
            out.display()
        );
    }
    if format == Format::Parquet {
        bail!("--resume writes jsonl, csv or json: a Parquet file is readable only once its footer is written");
    }
    let path = Journal::path_for(out);
    let run = RunKey {
        inputs: inputs.to_vec(),
        format: format.name().into(),
        shard: shard.map(|s| format!("{}/{}", s.index, s.count)),
        max_article_bytes: max_bytes,
    };
    let journal = match Journal::load(&path)? {
        Some(j) if j.run == run => j,
        Some(j) => bail!(
            "{} belongs to a run with other inputs or settings ({:?}); remove it and {} to start \
             again",
            path.display(),
            j.run,
            out.display()
        ),
        None if out.exists() => bail!(
            "{} exists and no run is in progress ({} is absent): it is complete; remove it to \
             extract again",
            out.display(),
            path.display()
        ),
        None => Journal {
            run,
            items: 0,
            records: 0,
            bytes: 0,
            skipped: 0,
        },
    };
    journal.save(&path)?;
    Ok((path, journal))
}

/// `whosaid extract`'s settings.
struct Options<'a> {
    format: Option<&'a str>,
    threads: Option<usize>,
    quiet: bool,
    max_bytes: usize,
    shard: Option<reader::Shard>,
    stdin_format: &'a str,
    resume: bool,
}

/// `whosaid extract`: streams articles through the pipeline and writes records in input order.
fn extract(
    inputs: &[String],
    output: Option<&Path>,
    opts: &Options,
    model: ModelArgs,
) -> Result<ExitCode> {
    let Options {
        format,
        threads,
        quiet,
        max_bytes,
        shard,
        stdin_format,
        resume,
    } = *opts;
    let format = match format {
        Some(f) => Format::parse(f)
            .with_context(|| format!("unknown --format {f:?} (jsonl, csv, json, parquet)"))?,
        None => output
            .and_then(|p| p.extension())
            .and_then(|e| Format::parse(&e.to_string_lossy()))
            .unwrap_or(Format::Jsonl),
    };
    let threads =
        threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    if threads == 0 {
        bail!("--threads must be at least 1");
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()?;
    // Everything that can fail for the whole run fails here, before any work.
    let pipeline = model.pipeline()?;
    let read = reader::ReadBytes::default();
    let mut sources = Vec::new();
    let mut total = Some(0u64);
    for input in inputs {
        let forced = (input == "-").then_some(stdin_format);
        let (source, size) = reader::open_counted(input, forced, max_bytes, &read)
            .with_context(|| format!("cannot read {input}"))?;
        total = total.zip(size).map(|(a, b)| a + b);
        sources.push(source);
    }
    let items = sources
        .into_iter()
        .flatten()
        .filter(|item| shard.is_none_or(|s| s.keeps(item)));

    let journal = match output {
        Some(out) if resume => Some(start_journal(out, inputs, format, shard, max_bytes)?),
        _ => None,
    };
    let skip = journal.as_ref().map_or(0, |(_, j)| j.items);
    let skipped_before = journal.as_ref().map_or(0, |(_, j)| j.skipped);
    // The input position when each article was read, taken off as its outcome arrives: the
    // progress bar shows what is done, not what was read ahead.
    let positions = std::sync::Arc::new(std::sync::Mutex::new(std::collections::VecDeque::new()));
    let (queue, counter) = (positions.clone(), read.clone());
    let bar = progress_bar(quiet, total);
    let warn = bar.clone();
    let mut items = items.skip(skip as usize).inspect(move |item| {
        queue
            .lock()
            .expect("queue")
            .push_back(counter.load(Ordering::Relaxed));
        // A problem that does not stop an article (invalid UTF-8 replaced) is said as it is
        // read.
        if let reader::Item::Article(reader::Article {
            warning: Some(w), ..
        }) = item
        {
            warn.suspend(|| eprintln!("warning: {w}"));
        }
    });
    let sink = match (output, &journal) {
        (Some(out), Some((_, j))) => {
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(false)
                .open(out)
                .with_context(|| format!("cannot open {}", out.display()))?;
            let len = f.metadata().map_or(0, |m| m.len());
            if len < j.bytes {
                bail!(
                    "{} holds {len} bytes, fewer than its progress file says were written ({}); \
                     remove both to start again",
                    out.display(),
                    j.bytes
                );
            }
            // What the journal does not vouch for is cut: a record half written when it stopped.
            f.set_len(j.bytes)
                .and_then(|_| std::io::Seek::seek(&mut f, std::io::SeekFrom::End(0)))
                .with_context(|| format!("cannot resume {}", out.display()))?;
            Sink::Resume(std::io::BufWriter::with_capacity(1 << 16, f))
        }
        (Some(p), None) if p != Path::new("-") => Sink::File(OutputFile::create(p)?),
        _ => Sink::Stdout(std::io::BufWriter::new(std::io::stdout())),
    };
    let mut writer = match &journal {
        Some((_, j)) if j.bytes > 0 => Writer::Text(RecordWriter::resume(
            sink,
            format,
            j.records as usize,
            j.bytes,
        )),
        _ if format == Format::Parquet => Writer::Parquet(ParquetWriter::new(sink)?),
        _ => Writer::Text(RecordWriter::new(sink, format)?),
    };
    let mut journal = journal;
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
    let start = Instant::now();
    let (mut done, mut quotes, mut skipped) = (0usize, 0usize, 0usize);
    let mut write_error: Option<std::io::Error> = None;
    let mut items_done = skip;
    if let Err(e) = save(&mut writer, items_done, 0) {
        write_error = Some(e);
    }
    pool.install(|| {
        pipeline.stream(items.by_ref(), window, 8, |outcome| {
            if let Some(p) = positions.lock().expect("queue").pop_front() {
                bar.set_position(p);
            }
            let n = done + skipped + 1;
            bar.set_message(format!("{n} articles, {}", rate(n, start.elapsed())));
            match outcome {
                Outcome::Done(doc) => {
                    done += 1;
                    let recs = records(&doc);
                    quotes += recs.len();
                    if let Err(e) = writer.write(&recs) {
                        write_error = Some(e);
                        return ControlFlow::Break(());
                    }
                }
                Outcome::Skipped { id, reason } => {
                    skipped += 1;
                    bar.suspend(|| eprintln!("skipped {id}: {reason}"));
                }
            }
            items_done += 1;
            if (items_done - skip) % window as u64 == 0 {
                if let Err(e) = save(&mut writer, items_done, 0) {
                    write_error = Some(e);
                    return ControlFlow::Break(());
                }
            }
            ControlFlow::Continue(())
        })
    });
    bar.finish_and_clear();
    let shown = output.map_or("standard output".into(), |p| p.display().to_string());
    let sink = match write_error {
        // A reader that stopped early (`| head`): end quietly, as other Unix tools do.
        Some(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
        // Dropping the writer removes its temporary file: no partial output.
        Some(e) => return Err(e).with_context(|| format!("writing {shown}")),
        None => match writer.finish() {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
            r => r.with_context(|| format!("writing {shown}"))?,
        },
    };
    match sink {
        Sink::File(f) => f.commit().context("writing output")?,
        Sink::Resume(mut f) => {
            f.flush()
                .and_then(|_| f.get_ref().sync_all())
                .with_context(|| format!("writing {shown}"))?;
            if let Some(out) = output {
                let path = Journal::path_for(out);
                std::fs::remove_file(&path)
                    .with_context(|| format!("cannot remove {}", path.display()))?;
            }
        }
        Sink::Stdout(_) => {}
    }
    if skip > 0 && !quiet {
        eprintln!(
            "whosaid: resumed after {skip} input records done by an earlier run \
             ({skipped_before} of them skipped)"
        );
    }
    let secs = start.elapsed().as_secs_f64();
    if !quiet {
        eprintln!(
            "whosaid: {done} articles, {quotes} quotes, {skipped} skipped, {secs:.1} s ({:.1} articles/s)",
            (done + skipped) as f64 / secs.max(1e-9)
        );
    }
    Ok(if skipped as u64 + skipped_before > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}
