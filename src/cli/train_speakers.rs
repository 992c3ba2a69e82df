//! `whosaid train-speakers`: fits the speaker model on PolNeAR train and reports its accuracy
//! and the rules' on train and on the validation folder.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};

use whosaid::eval;
use whosaid::stages::speakers::Ranker;
use whosaid::train::speakers::{accuracy, examples, fit, Accuracy};

use super::args::ModelArgs;

/// Settings of a speaker-model run (the defaults are the shipped model's recipe).
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    model: ModelArgs,
    /// PolNeAR folder to train on (brat files).
    #[arg(long)]
    train: PathBuf,
    /// PolNeAR folder to report on.
    #[arg(long)]
    valid: PathBuf,
    /// Where the model's JSON goes.
    #[arg(long)]
    out: PathBuf,
    /// Full-batch Adam steps.
    #[arg(long, default_value_t = 300)]
    steps: usize,
    /// Adam's learning rate.
    #[arg(long, default_value_t = 0.05)]
    rate: f32,
    /// L2 penalty on the weights.
    #[arg(long, default_value_t = 1e-3)]
    l2: f32,
}

/// Trains, reports and writes the model.
pub fn run(args: Args) -> Result<ExitCode> {
    // The examples are what the speaker model sees at run time: the rules' speakers and raw
    // confidences.
    let mut pipeline = args.model.pipeline()?;
    pipeline.speakers = None;
    pipeline.calibrate = false;
    let train = eval::load_gold(&args.train)?;
    let valid = eval::load_gold(&args.valid)?;
    let train = examples(&pipeline, &train);
    let valid = examples(&pipeline, &valid);
    let ranker = fit(&train, args.steps, args.rate, args.l2);
    // (Written before the report: a closed stderr must not lose the model.)
    let json = serde_json::to_string_pretty(&ranker)?;
    std::fs::write(&args.out, json + "\n").with_context(|| args.out.display().to_string())?;
    let rules = Ranker::rules_only();
    let show = |set: &str, a: Accuracy, r: Accuracy| {
        eprintln!(
            "{set}: {} quotes, {} with a right candidate; rules {:.4}, model {:.4} (loss {:.4} vs {:.4})",
            a.quotes,
            a.reachable,
            r.rules as f64 / r.quotes.max(1) as f64,
            a.model as f64 / a.quotes.max(1) as f64,
            a.loss,
            r.loss,
        )
    };
    show("train", accuracy(&ranker, &train), accuracy(&rules, &train));
    show("valid", accuracy(&ranker, &valid), accuracy(&rules, &valid));
    for (name, w) in ranker.features.iter().zip(&ranker.weights) {
        eprintln!("  {name:28} {w:+.4}");
    }
    Ok(ExitCode::SUCCESS)
}
