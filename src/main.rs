//! The `whosaid` command line: a thin layer over the library.

use std::io::{IsTerminal, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

use whosaid::conll;
use whosaid::document::CharIndex;
use whosaid::model::{Backend, NerModel, Precision};
use whosaid::output::{records, Format, OutputFile, RecordWriter};
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
        /// jsonl, csv or json.
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
    match run(Cli::parse()) {
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
    /// Model directory (default: the shipped models/ner, or $WHOSAID_MODEL).
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

impl ModelArgs {
    fn dir(&self) -> PathBuf {
        self.model.clone().unwrap_or_else(NerModel::default_dir)
    }
    fn backend(&self) -> Result<Backend> {
        Backend::parse(&self.backend, &self.device).map_err(anyhow::Error::msg)
    }
    fn pipeline(&self) -> Result<Pipeline> {
        Ok(Pipeline::with_model(self.ner()?)?)
    }
    fn ner(&self) -> Result<NerModel> {
        let precision = Precision::parse(&self.precision).map_err(anyhow::Error::msg)?;
        Ok(NerModel::load_with(
            &self.dir(),
            self.backend()?,
            precision,
        )?)
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
        } => extract(
            &inputs,
            output.as_deref(),
            format.as_deref(),
            threads,
            model,
            quiet,
            max_article_bytes,
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

/// Standard output, or a file written safely (see [`OutputFile`]).
enum Sink {
    Stdout(std::io::BufWriter<std::io::Stdout>),
    File(OutputFile),
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Sink::Stdout(w) => w.write(buf),
            Sink::File(w) => w.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Sink::Stdout(w) => w.flush(),
            Sink::File(w) => w.flush(),
        }
    }
}

/// `whosaid extract`: streams articles through the pipeline and writes records in input order.
fn extract(
    inputs: &[String],
    output: Option<&Path>,
    format: Option<&str>,
    threads: Option<usize>,
    model: ModelArgs,
    quiet: bool,
    max_bytes: usize,
) -> Result<ExitCode> {
    let format = match format {
        Some(f) => Format::parse(f)
            .with_context(|| format!("unknown --format {f:?} (jsonl, csv, json)"))?,
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
    let mut sources = Vec::new();
    for input in inputs {
        let source = reader::open_with(input, None, max_bytes);
        sources.push(source.with_context(|| format!("cannot read {input}"))?);
    }
    let items = sources.into_iter().flatten();

    let sink = match output {
        Some(p) if p != Path::new("-") => Sink::File(OutputFile::create(p)?),
        _ => Sink::Stdout(std::io::BufWriter::new(std::io::stdout())),
    };
    let mut writer = RecordWriter::new(sink, format)?;
    let bar = if quiet || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        let b = ProgressBar::new_spinner();
        b.set_style(
            ProgressStyle::with_template(
                "{spinner} {pos} articles {per_sec} {elapsed_precise} {msg}",
            )
            .expect("template"),
        );
        b
    };
    let start = Instant::now();
    let (mut done, mut quotes, mut skipped) = (0usize, 0usize, 0usize);
    let mut write_error: Option<std::io::Error> = None;
    pool.install(|| {
        pipeline.stream(items, 16 * threads, 8, |outcome| {
            bar.inc(1);
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
    if let Sink::File(f) = sink {
        f.commit().context("writing output")?;
    }
    let secs = start.elapsed().as_secs_f64();
    if !quiet {
        eprintln!(
            "whosaid: {done} articles, {quotes} quotes, {skipped} skipped, {secs:.1} s ({:.1} articles/s)",
            (done + skipped) as f64 / secs.max(1e-9)
        );
    }
    Ok(if skipped > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}
