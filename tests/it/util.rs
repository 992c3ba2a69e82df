//! Helpers every integration test module shares: where the repository is and how to run the
//! binary in it.

use std::path::PathBuf;
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `whosaid` binary cargo built for these tests.
pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_whosaid"))
}

/// Runs the binary with `args` in the repository root; the caller checks the status.
pub fn run(args: &[&str]) -> Output {
    bin()
        .args(args)
        .current_dir(root())
        .output()
        .expect("binary runs")
}

/// One article run through `p`, as a document.
pub fn document(p: &whosaid::run::pipeline::Pipeline, text: &str) -> whosaid::document::Document {
    use whosaid::run::pipeline::Outcome;
    let out = p.run(vec![whosaid::run::reader::Article {
        id: "t".into(),
        text: text.into(),
        meta: None,
        warning: None,
    }]);
    match out.into_iter().next() {
        Some(Outcome::Done(d)) => *d,
        other => panic!("skipped: {other:?}"),
    }
}
