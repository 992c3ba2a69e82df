//! The `whosaid` command line: one file per command, each a clap `Args` struct and a `run` that
//! builds the library's request from it. Nothing here decides what a quote is.

mod args;
mod check;
mod cluster;
mod entities;
mod eval;
mod eval_ner;
mod extract;
mod report;
mod train;
mod train_speakers;

use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand};

/// The command line.
#[derive(Parser)]
#[command(
    name = "whosaid",
    version,
    about = "Who said what: quotes and speakers from news text"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Extract(extract::Args),
    Report(report::Args),
    Cluster(cluster::Args),
    Entities(entities::Args),
    Check(check::Args),
    Eval(eval::Args),
    EvalNer(eval_ner::Args),
    /// Trains the attribution-role model on PolNeAR folders (pass --train, --valid, --base and
    /// --out; the recipe is in models/attribution/MODEL_CARD.md).
    TrainAttribution(train::Args),
    /// Fine-tunes the entity model on CoNLL-2003 and writes it in Hugging Face layout.
    TrainNer(train::Args),
    /// Trains the speaker model on a PolNeAR folder's source links and writes its JSON (the
    /// recipe is in models/speakers/MODEL_CARD.md).
    TrainSpeakers(train_speakers::Args),
}

/// Runs the parsed command.
pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Extract(a) => extract::run(a),
        Command::Report(a) => report::run(a),
        Command::Cluster(a) => cluster::run(a),
        Command::Entities(a) => entities::run(a),
        Command::Check(a) => check::run(a),
        Command::Eval(a) => eval::run(a),
        Command::EvalNer(a) => eval_ner::run(a),
        Command::TrainAttribution(a) => train::run(train::Model::Roles, a),
        Command::TrainNer(a) => train::run(train::Model::Ner, a),
        Command::TrainSpeakers(a) => train_speakers::run(a),
    }
}
