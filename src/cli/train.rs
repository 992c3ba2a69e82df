//! `whosaid train-ner` and `whosaid train-attribution`: the trainers, with a progress bar.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};

use whosaid::train::{self, EpochReport, TrainObserver, TrainOptions};

/// Settings of a training run.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    opts: TrainOptions,
    /// No progress bar.
    #[arg(long)]
    quiet: bool,
}

/// Which model a run trains.
pub enum Model {
    /// The entity model on CoNLL-2003.
    Ner,
    /// The attribution-role model on PolNeAR.
    Roles,
}

/// Runs the trainer.
pub fn run(model: Model, args: Args) -> Result<ExitCode> {
    let shown = Shown {
        bar: if args.quiet {
            ProgressBar::hidden()
        } else {
            ProgressBar::new(0)
        },
    };
    shown.bar.set_style(
        ProgressStyle::with_template("epoch {prefix} [{bar:30}] {pos}/{len} {msg} eta {eta}")
            .expect("template")
            .progress_chars("=> "),
    );
    match model {
        Model::Ner => train::train(&args.opts, &shown),
        Model::Roles => train::roles::train(&args.opts, &shown),
    }
    .context("training failed")?;
    Ok(ExitCode::SUCCESS)
}

/// A progress bar per epoch and a line per epoch on stderr.
struct Shown {
    bar: ProgressBar,
}

impl TrainObserver for Shown {
    fn planned(&self, sentences: usize, inputs: usize, steps: usize) {
        self.bar.set_length(steps as u64);
        self.bar.suspend(|| {
            eprintln!("{sentences} training sentences in {inputs} inputs, {steps} steps an epoch")
        });
    }
    fn step(&self, epoch: usize, done: usize, loss: f64, tokens_per_second: f64) {
        if done == 1 {
            self.bar.reset();
            self.bar.set_prefix(epoch.to_string());
        }
        self.bar.set_position(done as u64);
        if done.is_multiple_of(10) {
            self.bar
                .set_message(format!("loss {loss:.4} {tokens_per_second:.0} tok/s"));
        }
    }
    fn epoch(&self, r: &EpochReport) {
        self.bar.suspend(|| {
            eprintln!(
                "epoch {}: loss {:.4} valid F1 {:.4} in context, {:.4} sentences alone \
                 ({:.0} s, {:.0} tokens/s)",
                r.epoch, r.loss, r.valid_f1, r.valid_f1_sentences, r.seconds, r.tokens_per_second
            )
        });
    }
    fn saved(&self, epoch: usize, out: &Path) {
        self.bar
            .suspend(|| eprintln!("saved epoch {epoch} to {}", out.display()));
    }
}
