//! The `whosaid` command line: a thin layer over the library.

use std::io::{IsTerminal, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

use whosaid::document::CharIndex;
use whosaid::model::{Backend, BuiltIn, NerModel, Precision};
use whosaid::run::extract as dataset;
use whosaid::run::output::{records, Format};
use whosaid::run::pipeline::{Outcome, Pipeline};
use whosaid::run::reader;
use whosaid::stages::attribution::merge::Decider;
use whosaid::stages::attribution::roles::RoleTagger;
use whosaid::train::conll;
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
        /// Link speakers to the ids of an entity list: CSV with header id,name,aliases (aliases
        /// separated by |) or JSONL with those fields; fills speaker_id.
        #[arg(long, value_name = "FILE")]
        entities: Option<PathBuf>,
    },
    /// Writes a self-contained HTML report to read the quotes of articles by eye: quotes
    /// highlighted by kind, cues, speaker mentions, a speaker table that filters the articles.
    Report {
        /// Articles (as for extract); with --pred, where the predictions' articles are read.
        #[arg(required = true)]
        inputs: Vec<String>,
        /// The HTML file to write.
        #[arg(short, long, required = true)]
        output: PathBuf,
        /// Show the records of an existing prediction JSONL instead of extracting.
        #[arg(long, value_name = "JSONL")]
        pred: Option<PathBuf>,
        /// Link speakers to an entity list (as for extract).
        #[arg(long, value_name = "FILE", conflicts_with = "pred")]
        entities: Option<PathBuf>,
        /// Worker threads (default: all cores).
        #[arg(long)]
        threads: Option<usize>,
        #[command(flatten)]
        model: ModelArgs,
    },
    /// Groups the records of prediction files (JSONL, CSV or JSON from `extract`) that are the
    /// same quotation, across articles: one JSON line per quotation.
    Cluster {
        #[arg(required = true)]
        predictions: Vec<PathBuf>,
        /// Output file (default: stdout).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Smallest group written (1: every quotation, even those seen once).
        #[arg(long, default_value_t = 2)]
        min_size: usize,
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
    /// Trains the attribution-role model on PolNeAR folders (pass --train, --valid, --base and
    /// --out; the recipe is in models/attribution/MODEL_CARD.md).
    TrainAttribution {
        #[command(flatten)]
        opts: TrainOptions,
        /// No progress bar.
        #[arg(long)]
        quiet: bool,
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
    /// Who decides attribution: both (rules for direct quotes, the role model for reported
    /// speech), rules (no role model runs) or model (the role model alone).
    #[arg(long, default_value = "both")]
    attribution: String,
    /// Attribution-role model directory (default: the one built into this program, the
    /// repository's models/attribution); it runs on candle with any --backend.
    #[arg(long)]
    roles_model: Option<PathBuf>,
}

/// The shipped entity model, built into the binary so that an installed or copied `whosaid`
/// needs no model folder beside it (45 MB of the binary).
const BUILT_IN: BuiltIn = BuiltIn {
    config: include_str!("../models/ner/config.json"),
    tokenizer: include_bytes!("../models/ner/tokenizer.json"),
    weights: include_bytes!("../models/ner/model.safetensors"),
};

/// The shipped attribution-role model, built in as the entity model is.
const BUILT_IN_ROLES: BuiltIn = BuiltIn {
    config: include_str!("../models/attribution/config.json"),
    tokenizer: include_bytes!("../models/attribution/tokenizer.json"),
    weights: include_bytes!("../models/attribution/model.safetensors"),
};

impl ModelArgs {
    fn backend(&self) -> Result<Backend> {
        Backend::parse(&self.backend, &self.device).map_err(anyhow::Error::msg)
    }
    fn pipeline(&self) -> Result<Pipeline> {
        let decider = Decider::parse(&self.attribution).map_err(anyhow::Error::msg)?;
        // The two models load side by side (unpacking weights is single-threaded work): the
        // start costs the longer load, not the sum.
        let (ner, roles) = std::thread::scope(|s| {
            let roles = (decider != Decider::Rules).then(|| s.spawn(|| self.roles()));
            let ner = self.ner();
            let roles = roles.map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
            (ner, roles)
        });
        let mut p = Pipeline::with_model(ner?)?;
        p.decider = decider;
        if let Some(model) = roles {
            p.roles = Some(RoleTagger::new(model?)?);
        }
        Ok(p)
    }
    /// `--roles-model`, else the built-in role model. It is small: it runs on candle whatever
    /// `--backend` says.
    fn roles(&self) -> Result<NerModel> {
        let precision = Precision::parse(&self.precision).map_err(anyhow::Error::msg)?;
        Ok(match &self.roles_model {
            Some(dir) => NerModel::load_with(dir, Backend::Candle, precision)?,
            None => NerModel::from_built_in(&BUILT_IN_ROLES, Backend::Candle, precision)?,
        })
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
            entities,
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
                entities: entities.as_deref(),
            },
            model,
        ),
        Command::Report {
            inputs,
            output,
            pred,
            entities,
            threads,
            model,
        } => report(
            &inputs,
            &output,
            pred.as_deref(),
            entities.as_deref(),
            threads,
            model,
        ),
        Command::Cluster {
            predictions,
            output,
            min_size,
        } => cluster(&predictions, output.as_deref(), min_size),
        Command::Check { dir, bless, model } => {
            let pipeline = model.pipeline()?;
            let samples = whosaid::eval::check::samples(&dir, bless)?;
            if samples.is_empty() {
                bail!(
                    "no NAME.txt with a NAME.expected.jsonl beside it under {}",
                    dir.display()
                );
            }
            let diffs = whosaid::eval::check::run(&pipeline, &samples, bless)?;
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
            let tagger = whosaid::stages::entities::EntityTagger::new(model, 128)?;
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
        Command::TrainAttribution { mut opts, quiet } => {
            opts.progress = !quiet;
            whosaid::train::roles::train(&opts).context("training failed")?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The progress line's look: with a known input size, the share of bytes done and an ETA (as `pv`
/// or `cargo` show); else a spinner with the count. Both show articles and their rate.
fn progress_style(total: Option<u64>) -> ProgressStyle {
    let template = match total {
        Some(_) => "{spinner} [{bar:30}] {percent:>3}% {bytes}/{total_bytes} · {msg} · ETA {eta}",
        None => "{spinner} {msg} · {elapsed}",
    };
    ProgressStyle::with_template(template)
        .expect("template")
        .progress_chars("=> ")
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

/// `whosaid extract`'s settings.
struct Options<'a> {
    format: Option<&'a str>,
    threads: Option<usize>,
    quiet: bool,
    max_bytes: usize,
    shard: Option<reader::Shard>,
    stdin_format: &'a str,
    resume: bool,
    entities: Option<&'a Path>,
}

/// The progress line and messages of `whosaid extract`.
struct Report {
    bar: ProgressBar,
    quiet: bool,
    start: Instant,
}

impl dataset::Observer for Report {
    fn start(&self, total: Option<u64>) {
        if !self.quiet && std::io::stderr().is_terminal() {
            self.bar
                .set_draw_target(indicatif::ProgressDrawTarget::stderr());
            self.bar.set_style(progress_style(total));
            if let Some(t) = total {
                self.bar.set_length(t);
            }
            self.bar
                .enable_steady_tick(std::time::Duration::from_millis(200));
        }
    }
    fn warning(&self, message: &str) {
        self.bar.suspend(|| eprintln!("warning: {message}"));
    }
    fn progress(&self, position: Option<u64>, done: usize) {
        if let Some(p) = position {
            self.bar.set_position(p);
        }
        self.bar.set_message(format!(
            "{done} articles, {}",
            rate(done, self.start.elapsed())
        ));
    }
    fn skipped(&self, id: &str, reason: &str) {
        self.bar.suspend(|| eprintln!("skipped {id}: {reason}"));
    }
}

/// `whosaid report`: the HTML page of extracted or existing records.
fn report(
    inputs: &[String],
    output: &Path,
    pred: Option<&Path>,
    entities: Option<&Path>,
    threads: Option<usize>,
    model: ModelArgs,
) -> Result<ExitCode> {
    let start = Instant::now();
    // A bad output path fails before any work.
    let out = whosaid::run::output::OutputFile::create(output)?;
    let (articles, recs, skipped, source) = match pred {
        Some(p) => {
            let recs = whosaid::tools::report::read_predictions(p)?;
            let articles = whosaid::tools::report::articles_for(inputs, &recs)?;
            (
                articles,
                recs,
                Vec::new(),
                format!("records of {}", p.display()),
            )
        }
        None => {
            let mut pipeline = model.pipeline()?;
            if let Some(path) = entities {
                pipeline.entities = Some(load_entities(path, false)?);
            }
            let (a, r, s) =
                whosaid::tools::report::extract(&pipeline, inputs, worker_threads(threads)?)?;
            (a, r, s, format!("whosaid {}", env!("CARGO_PKG_VERSION")))
        }
    };
    for (id, reason) in &skipped {
        eprintln!("skipped {id}: {reason}");
    }
    let page = whosaid::tools::report::html(&articles, &recs, &source);
    out.commit_with(page.as_bytes())?;
    eprintln!(
        "whosaid: report of {} articles, {} quotes, {} skipped in {} ({:.1} s)",
        articles.len(),
        recs.len(),
        skipped.len(),
        output.display(),
        start.elapsed().as_secs_f64()
    );
    Ok(if skipped.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

/// `whosaid cluster`: quotations across the records of prediction files.
fn cluster(predictions: &[PathBuf], output: Option<&Path>, min_size: usize) -> Result<ExitCode> {
    let start = Instant::now();
    let mut occurrences = Vec::new();
    for p in predictions {
        whosaid::tools::cluster::read_occurrences(p, &mut occurrences)?;
    }
    let clusters = whosaid::tools::cluster::cluster(&occurrences, min_size);
    let mut buf = Vec::new();
    for c in &clusters {
        serde_json::to_writer(&mut buf, c)?;
        buf.push(b'\n');
    }
    write_all_to(output, &buf)?;
    eprintln!(
        "whosaid: {} records, {} quotations of {min_size} or more, {:.1} s",
        occurrences.len(),
        clusters.len(),
        start.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// Writes a whole output: to stdout (`None` or `-`), else safely to the file (see `OutputFile`).
fn write_all_to(output: Option<&Path>, bytes: &[u8]) -> Result<()> {
    match output.filter(|p| *p != Path::new("-")) {
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(bytes).and_then(|_| out.flush()) {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                other => Ok(other?),
            }
        }
        Some(path) => Ok(whosaid::run::output::OutputFile::create(path)?.commit_with(bytes)?),
    }
}

/// `--threads`: at least 1, all cores when not given.
fn worker_threads(flag: Option<usize>) -> Result<usize> {
    match flag.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())) {
        0 => bail!("--threads must be at least 1"),
        n => Ok(n),
    }
}

/// Reads `--entities`, saying how many it holds.
fn load_entities(path: &Path, quiet: bool) -> Result<whosaid::stages::link::EntityList> {
    let start = Instant::now();
    let list = whosaid::stages::link::EntityList::load(path)
        .with_context(|| format!("cannot use --entities {}", path.display()))?;
    if !quiet {
        eprintln!(
            "whosaid: {} entities, {} names from {} in {:.1} s",
            list.len(),
            list.names(),
            path.display(),
            start.elapsed().as_secs_f64()
        );
    }
    Ok(list)
}

/// `whosaid extract`: streams articles through the pipeline and writes records in input order.
fn extract(
    inputs: &[String],
    output: Option<&Path>,
    opts: &Options,
    model: ModelArgs,
) -> Result<ExitCode> {
    let format = match opts.format {
        Some(f) => Format::parse(f)
            .with_context(|| format!("unknown --format {f:?} (jsonl, csv, json, parquet)"))?,
        None => output
            .and_then(|p| p.extension())
            .and_then(|e| Format::parse(&e.to_string_lossy()))
            .unwrap_or(Format::Jsonl),
    };
    let threads = worker_threads(opts.threads)?;
    // Everything that can fail for the whole run fails before any work: the model here, the
    // inputs and the output first thing in `dataset::extract`.
    let mut pipeline = model.pipeline()?;
    if let Some(path) = opts.entities {
        pipeline.entities = Some(load_entities(path, opts.quiet)?);
    }
    let request = dataset::Request {
        inputs,
        output,
        format,
        threads,
        max_article_bytes: opts.max_bytes,
        shard: opts.shard,
        stdin_format: opts.stdin_format,
        resume: opts.resume,
        entities: opts.entities,
    };
    let report = Report {
        bar: ProgressBar::hidden(),
        quiet: opts.quiet,
        start: Instant::now(),
    };
    let s = dataset::extract(&pipeline, &request, &report)?;
    report.bar.finish_and_clear();
    if s.closed_early {
        return Ok(ExitCode::SUCCESS);
    }
    if !opts.quiet {
        if s.resumed_after > 0 {
            eprintln!(
                "whosaid: resumed after {} input records done by an earlier run ({} of them skipped)",
                s.resumed_after, s.skipped_before
            );
        }
        let secs = report.start.elapsed().as_secs_f64();
        eprintln!(
            "whosaid: {} articles, {} quotes, {} skipped, {secs:.1} s ({:.1} articles/s)",
            s.articles,
            s.quotes,
            s.skipped,
            (s.articles + s.skipped) as f64 / secs.max(1e-9)
        );
    }
    Ok(if s.skipped as u64 + s.skipped_before > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}
