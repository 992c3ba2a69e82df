//! `whosaid cluster`: the same quotation across the records of prediction files.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Result;

use whosaid::run::output::refuse_input_as_output;
use whosaid::tools::cluster;

use super::args::write_all_to;

/// Groups the records of prediction files (JSONL, CSV or JSON from `extract`) that are the
/// same quotation, across articles: one JSON line per quotation.
#[derive(clap::Args)]
pub struct Args {
    #[arg(required = true)]
    predictions: Vec<PathBuf>,
    /// Output file (default: stdout).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Smallest group written (1: every quotation, even those seen once).
    #[arg(long, default_value_t = 2)]
    min_size: usize,
}

/// Runs the command.
pub fn run(args: Args) -> Result<ExitCode> {
    let start = Instant::now();
    if let Some(out) = &args.output {
        let inputs: Vec<&Path> = args.predictions.iter().map(PathBuf::as_path).collect();
        refuse_input_as_output(out, &inputs)?;
    }
    let mut occurrences = Vec::new();
    for p in &args.predictions {
        cluster::read_occurrences(p, &mut occurrences)?;
    }
    let clusters = cluster::cluster(&occurrences, args.min_size);
    let mut buf = Vec::new();
    for c in &clusters {
        serde_json::to_writer(&mut buf, c)?;
        buf.push(b'\n');
    }
    write_all_to(args.output.as_deref(), &buf)?;
    eprintln!(
        "whosaid: {} records, {} quotations of {} or more, {:.1} s",
        occurrences.len(),
        clusters.len(),
        args.min_size,
        start.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
