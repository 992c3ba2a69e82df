//! `whosaid eval`: quotes and speakers against gold, with `score.py`'s rules.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use whosaid::eval;

use super::args::ModelArgs;

/// Scores extraction against gold quotes (score.py's JSON/JSONL, or a PolNeAR brat folder).
#[derive(clap::Args)]
pub struct Args {
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
    /// Also print the reliability table of `confidence` (bins of 0.1: count, mean confidence,
    /// share right) and its expected calibration error.
    #[arg(long)]
    reliability: bool,
    /// Fit the confidence calibration on raw confidences and print it as the source of
    /// `attribution::confidence::CALIBRATION` (run it on PolNeAR dev).
    #[arg(long, conflicts_with = "pred")]
    fit_calibration: bool,
    /// How a predicted quote meets a gold one: overlap (score.py's rule: half of either span)
    /// or exact (the content span after trimming quote marks, edge punctuation and a leading
    /// `that`, with the source mention's exact span for the matched quotes).
    #[arg(long = "match", value_enum, default_value_t = Match::Overlap)]
    matching: Match,
}

/// `--match`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Match {
    /// Half of either span (score.py).
    Overlap,
    /// Equal spans after trimming.
    Exact,
}

/// Runs the command.
pub fn run(args: Args) -> Result<ExitCode> {
    let docs = eval::load_gold(&args.gold)?;
    let preds = match &args.pred {
        Some(p) => {
            let (preds, warnings) = eval::load_pred(p, &docs)?;
            for w in warnings {
                eprintln!("warning: {w}");
            }
            preds
        }
        None => {
            let mut pipeline = args.model.pipeline()?;
            pipeline.calibrate = !args.fit_calibration;
            eval::predict(&pipeline, &docs, args.input.as_deref(), |id, reason| {
                eprintln!("skipped {id}: {reason}")
            })?
        }
    };
    if !docs.is_empty()
        && docs
            .iter()
            .all(|d| preds.get(&d.id).is_none_or(Vec::is_empty))
    {
        eprintln!(
            "warning: no prediction for any of the {} gold articles: are the ids the gold's?",
            docs.len()
        );
    }
    if args.matching == Match::Exact {
        let scores = eval::score_exact(&docs, &preds);
        if args.json {
            println!("{}", serde_json::to_string(&scores)?);
        } else {
            println!("{}", scores.line());
        }
        return Ok(ExitCode::SUCCESS);
    }
    let mut errs = args.errors.then(Vec::new);
    let scores = eval::score(&docs, &preds, &mut errs);
    for e in errs.unwrap_or_default() {
        println!("{e}");
    }
    let table =
        (args.reliability || args.fit_calibration).then(|| eval::reliability(&docs, &preds));
    if let (true, Some(t)) = (args.fit_calibration, &table) {
        println!("pub const CALIBRATION: &[(f32, f32)] = &[");
        for (x, y) in eval::fit_isotonic(&t.points, 30) {
            println!("    ({x:.3}, {y:.3}),");
        }
        println!("];");
    }
    if args.json {
        let mut v = scores.json();
        if let Some(t) = &table {
            v["reliability"] = serde_json::to_value(t)?;
        }
        println!("{v}");
    } else {
        println!("{}", scores.line());
        if let Some(t) = &table {
            println!("{}", t.table());
        }
    }
    Ok(ExitCode::SUCCESS)
}
