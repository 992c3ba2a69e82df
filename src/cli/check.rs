//! `whosaid check`: extraction against the expected files of sample articles.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Result};

use whosaid::eval::check;

use super::args::ModelArgs;

/// Runs extraction on sample articles and compares it with their expected files.
#[derive(clap::Args)]
pub struct Args {
    dir: PathBuf,
    /// Rewrite the expected files from the current output.
    #[arg(long)]
    bless: bool,
    #[command(flatten)]
    model: ModelArgs,
}

/// Runs the command; exit code 1 on any difference.
pub fn run(args: Args) -> Result<ExitCode> {
    let pipeline = args.model.pipeline()?;
    let samples = check::samples(&args.dir, args.bless)?;
    if samples.is_empty() {
        bail!(
            "no NAME.txt with a NAME.expected.jsonl beside it under {}",
            args.dir.display()
        );
    }
    let diffs = check::run(&pipeline, &samples, args.bless)?;
    if args.bless {
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
