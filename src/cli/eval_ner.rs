//! `whosaid eval-ner`: the entity model on a CoNLL file, scored as conlleval does.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use whosaid::train::conll;

use super::args::ModelArgs;

/// Scores the entity model on a CoNLL file (entity-level, exact match, as conlleval).
#[derive(clap::Args)]
pub struct Args {
    file: PathBuf,
    /// Read each sentence alone instead of with its neighbours in the same document.
    #[arg(long)]
    sentences: bool,
    #[command(flatten)]
    model: ModelArgs,
}

/// Runs the command: a table per type, then `f1=0.xxxx`.
pub fn run(args: Args) -> Result<ExitCode> {
    let model = args.model.ner()?;
    let sents = conll::read(&args.file)?;
    let gold: Vec<Vec<String>> = sents.iter().map(|s| s.tags.clone()).collect();
    let max_len = model.classifier.max_len().min(128);
    let pred = conll::predict_sentences(
        &*model.classifier,
        &model.tokenizer,
        &sents,
        max_len,
        !args.sentences,
    )?;
    let s = conll::score(&gold, &pred);
    println!(
        "{:<8} {:>9} {:>9} {:>9} {:>7}",
        "type", "precision", "recall", "f1", "gold"
    );
    let row = |name: &str, p: &conll::Prf| {
        println!(
            "{name:<8} {:>9.4} {:>9.4} {:>9.4} {:>7}",
            p.precision(),
            p.recall(),
            p.f1(),
            p.gold
        )
    };
    for (ty, p) in &s.by_type {
        row(ty, p);
    }
    row("overall", &s.overall);
    println!("f1={:.4}", s.overall.f1());
    Ok(ExitCode::SUCCESS)
}
