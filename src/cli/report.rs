//! `whosaid report`: one self-contained HTML page of extracted or existing records.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Result};

use whosaid::run::output::{refuse_input_as_output, OutputFile};
use whosaid::tools::report;

use super::args::{load_entities, plural, worker_threads, ModelArgs};

/// Writes a self-contained HTML report to read the quotes of articles by eye: quotes
/// highlighted by kind, cues, speaker mentions, a speaker table that filters the articles.
#[derive(clap::Args)]
pub struct Args {
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
}

/// Runs the command; exit code 2 when any article was skipped.
pub fn run(args: Args) -> Result<ExitCode> {
    let start = Instant::now();
    // A bad output path fails before any work.
    let mut inputs: Vec<&Path> = args.inputs.iter().map(Path::new).collect();
    inputs.extend(args.pred.as_deref());
    refuse_input_as_output(&args.output, &inputs)?;
    let ext = args
        .output
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase());
    if !matches!(ext.as_deref(), Some("html" | "htm")) {
        bail!(
            "-o {}: the report is an HTML page; name it FILE.html",
            args.output.display()
        );
    }
    let out = OutputFile::create(&args.output)?;
    let (articles, recs, skipped, source) = match &args.pred {
        Some(p) => {
            let recs = report::read_predictions(p)?;
            let articles = report::articles_for(&args.inputs, &recs)?;
            let source = format!("records of {}", p.display());
            (articles, recs, Vec::new(), source)
        }
        None => {
            let mut pipeline = args.model.pipeline()?;
            if let Some(path) = &args.entities {
                pipeline.entities = Some(load_entities(path, false)?);
            }
            let threads = worker_threads(args.threads)?;
            let (a, r, s) = report::extract(&pipeline, &args.inputs, threads)?;
            (a, r, s, format!("whosaid {}", env!("CARGO_PKG_VERSION")))
        }
    };
    for (id, reason) in &skipped {
        eprintln!("skipped {id}: {reason}");
    }
    let page = report::html(&articles, &recs, &source);
    out.commit_with(page.as_bytes())?;
    eprintln!(
        "whosaid: report of {}, {}, {} skipped in {} ({:.1} s)",
        plural(articles.len(), "article"),
        plural(recs.len(), "quote"),
        skipped.len(),
        args.output.display(),
        start.elapsed().as_secs_f64()
    );
    Ok(if skipped.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}
