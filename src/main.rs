//! The `whosaid` command line: a thin layer over the library.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

use whosaid::conll;
use whosaid::model::{Backend, NerModel};
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
    /// Scores the entity model on a CoNLL file (entity-level, exact match, as conlleval).
    EvalNer {
        file: PathBuf,
        #[arg(long)]
        model: Option<PathBuf>,
    },
    /// Fine-tunes the entity model on CoNLL-2003 and writes it in Hugging Face layout.
    TrainNer {
        /// Base encoder directory (see models/fetch-base.sh).
        #[arg(long, default_value = "models/base")]
        base: PathBuf,
        #[arg(long, default_value = "../shared/ner-data/conll2003/train.txt")]
        train: PathBuf,
        #[arg(long, default_value = "../shared/ner-data/conll2003/valid.txt")]
        valid: PathBuf,
        #[arg(long, default_value = "models/ner")]
        out: PathBuf,
        #[arg(long, default_value_t = 3)]
        epochs: usize,
        #[arg(long, default_value_t = 32)]
        batch_size: usize,
        #[arg(long, default_value_t = 8e-5)]
        lr: f64,
        #[arg(long, default_value_t = 0.1)]
        warmup: f64,
        #[arg(long, default_value_t = 128)]
        max_len: usize,
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Train on the first N sentences only (smoke runs).
        #[arg(long)]
        limit: Option<usize>,
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

fn model_dir(arg: Option<PathBuf>) -> PathBuf {
    arg.unwrap_or_else(NerModel::default_dir)
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::EvalNer { file, model } => {
            let model = NerModel::load(&model_dir(model), Backend::Candle)?;
            let sents = conll::read(&file)?;
            let words: Vec<Vec<String>> = sents.iter().map(|s| s.words.clone()).collect();
            let gold: Vec<Vec<String>> = sents.iter().map(|s| s.tags.clone()).collect();
            let max_len = model.classifier.max_len().min(256);
            let pred = conll::predict(&*model.classifier, &model.tokenizer, &words, max_len, 64)?;
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
        Command::TrainNer {
            base,
            train,
            valid,
            out,
            epochs,
            batch_size,
            lr,
            warmup,
            max_len,
            seed,
            limit,
            quiet,
        } => {
            let opts = TrainOptions {
                base,
                train,
                valid,
                out,
                epochs,
                batch_size,
                lr,
                warmup,
                max_len,
                seed,
                limit,
                progress: !quiet,
            };
            train::train(&opts).context("training failed")?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
