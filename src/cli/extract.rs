//! `whosaid extract`: streams articles through the pipeline and writes records in input order,
//! with a progress line on a terminal.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressStyle};

use whosaid::run::extract::{self, Observer, Request};
use whosaid::run::output::Format;
use whosaid::run::reader::{Shard, StdinFormat};

use super::args::{load_entities, parse_size, plural, worker_threads, ModelArgs};

/// Extracts quotes and speakers from articles (.txt, folder, .jsonl, .csv, or - for stdin).
#[derive(clap::Args)]
pub struct Args {
    #[arg(required = true)]
    inputs: Vec<String>,
    /// Output file (default: stdout). Format from its extension unless --format says.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Output format (default: from -o's extension, else jsonl).
    #[arg(long, value_enum)]
    format: Option<Format>,
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
    #[arg(long, value_parser = Shard::parse)]
    shard: Option<Shard>,
    /// What `-` reads: jsonl (one {"id","text"} object a line, the default) or txt (one plain
    /// article).
    #[arg(long, value_enum)]
    stdin_format: Option<StdinFormat>,
    /// Go on from where an interrupted run with the same -o, inputs and settings stopped
    /// (its progress is kept in FILE.whosaid-resume while it runs).
    #[arg(long, requires = "output")]
    resume: bool,
    /// Link speakers to the ids of an entity list: CSV with header id,name,aliases (aliases
    /// separated by |) or JSONL with those fields; fills speaker_id.
    #[arg(long, value_name = "FILE")]
    entities: Option<PathBuf>,
}

/// Runs the command; exit code 2 when any article was skipped.
pub fn run(args: Args) -> Result<ExitCode> {
    let output = args.output.as_deref().filter(|p| *p != Path::new("-"));
    let format = match (args.format, output.and_then(|p| p.extension())) {
        (Some(f), _) => f,
        (None, Some(ext)) => Format::parse(&ext.to_string_lossy()).with_context(|| {
            format!(
                "-o {}: .{} is not a format whosaid writes (jsonl, csv, json, parquet); name \
                 one with --format",
                output.unwrap_or(Path::new("")).display(),
                ext.to_string_lossy()
            )
        })?,
        (None, None) => Format::Jsonl,
    };
    if format == Format::Parquet && output.is_none() && std::io::stdout().is_terminal() {
        bail!("Parquet is binary and standard output is a terminal: write it with -o FILE.parquet");
    }
    if args.stdin_format.is_some() && !args.inputs.iter().any(|i| i == "-") {
        eprintln!("warning: --stdin-format applies to the input `-`, and no input is `-`");
    }
    let threads = worker_threads(args.threads)?;
    let request = Request {
        inputs: &args.inputs,
        output,
        format,
        threads,
        max_article_bytes: args.max_article_bytes,
        shard: args.shard,
        stdin_format: args.stdin_format.unwrap_or_default(),
        resume: args.resume,
        entities: args.entities.as_deref(),
    };
    // Everything that can fail for the whole run fails before any work: the output here, before
    // the model loads; the inputs first thing in `extract::extract`.
    extract::preflight(&request)?;
    let mut pipeline = args.model.pipeline()?;
    if let Some(path) = &args.entities {
        pipeline.entities = Some(load_entities(path, args.quiet)?);
    }
    let progress = Progress {
        bar: ProgressBar::hidden(),
        quiet: args.quiet,
        start: Instant::now(),
    };
    let s = extract::extract(&pipeline, &request, &progress)?;
    progress.bar.finish_and_clear();
    if s.closed_early {
        return Ok(ExitCode::SUCCESS);
    }
    if !args.quiet {
        if s.resumed_after > 0 {
            eprintln!(
                "whosaid: resumed after {} input records done by an earlier run ({} of them skipped)",
                s.resumed_after, s.skipped_before
            );
        }
        let secs = progress.start.elapsed().as_secs_f64();
        eprintln!(
            "whosaid: {}, {}, {} skipped, {secs:.1} s ({:.1} articles/s)",
            plural(s.articles, "article"),
            plural(s.quotes, "quote"),
            s.skipped,
            (s.articles + s.skipped) as f64 / secs.max(1e-9)
        );
    }
    if s.articles + s.skipped == 0 && s.resumed_after == 0 {
        eprintln!(
            "warning: no articles in {} (a folder is read for its *.txt files)",
            args.inputs.join(" ")
        );
    }
    Ok(if s.skipped as u64 + s.skipped_before > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// The progress line and messages of a run.
struct Progress {
    bar: ProgressBar,
    quiet: bool,
    start: Instant,
}

impl Observer for Progress {
    fn start(&self, total: Option<u64>) {
        if !self.quiet && std::io::stderr().is_terminal() {
            self.bar
                .set_draw_target(indicatif::ProgressDrawTarget::stderr());
            self.bar.set_style(progress_style(total));
            if let Some(t) = total {
                self.bar.set_length(t);
            }
            self.bar.enable_steady_tick(Duration::from_millis(200));
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
fn rate(n: usize, elapsed: Duration) -> String {
    let r = n as f64 / elapsed.as_secs_f64().max(1e-3);
    if r >= 100.0 {
        format!("{r:.0} articles/s")
    } else {
        format!("{r:.1} articles/s")
    }
}
