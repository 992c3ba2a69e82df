//! `whosaid entities`: the entity model's mentions, one JSON line each.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;

use whosaid::document::CharIndex;
use whosaid::run::reader::{self, Item};
use whosaid::stages::entities::EntityTagger;

use super::args::ModelArgs;

/// Prints the named entities of articles, one JSON line each.
#[derive(clap::Args)]
pub struct Args {
    #[arg(required = true)]
    inputs: Vec<String>,
    #[command(flatten)]
    model: ModelArgs,
}

/// Runs the command; exit code 2 when any article was skipped.
pub fn run(args: Args) -> Result<ExitCode> {
    let tagger = EntityTagger::new(args.model.ner()?, 128)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut skipped = 0;
    for input in &args.inputs {
        for item in reader::open(input, None)? {
            let a = match item {
                Item::Article(a) => a,
                Item::Bad { location, message } => {
                    eprintln!("skipped {location}: {message}");
                    skipped += 1;
                    continue;
                }
            };
            let ix = CharIndex::new(&a.text);
            for e in tagger.tag(&[a.text.as_str()])?.remove(0) {
                let rec = serde_json::json!({
                    "doc_id": a.id, "text": &a.text[e.span.start..e.span.end], "label": e.label,
                    "start": ix.char_of(e.span.start), "end": ix.char_of(e.span.end),
                    "score": (e.score as f64 * 1e4).round() / 1e4,
                });
                if writeln!(out, "{rec}").is_err() {
                    return Ok(ExitCode::SUCCESS);
                }
            }
        }
    }
    out.flush().ok();
    Ok(if skipped > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}
