//! The `whosaid` binary: parses the command line and hands it to `cli`.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // Ctrl-C, SIGTERM and SIGHUP end the process without running destructors: the temporary
    // output files go first, so an interrupted run leaves the old output and nothing else.
    ctrlc::set_handler(|| {
        whosaid::run::output::remove_temporaries();
        eprintln!("whosaid: interrupted");
        std::process::exit(130);
    })
    .ok();
    // Exit code 2 means "some articles were skipped"; a usage error is 1, like other errors.
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 1 } else { 0 };
            e.print().ok();
            return ExitCode::from(code);
        }
    };
    match cli::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}
