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
    // A reader that goes away (`whosaid eval ... | head`) makes `println!` panic: end quietly,
    // as `extract` does when its output closes, instead of with a backtrace.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let msg = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("");
        if msg.starts_with("failed printing to stdout") {
            whosaid::run::output::remove_temporaries();
            std::process::exit(0);
        }
        default_hook(info)
    }));
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
