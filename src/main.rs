//! The `between` binary: parse arguments, run the command, map errors to exit codes.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = between::cli::Cli::parse();
    match between::cli::run(cli) {
        Ok(()) => ExitCode::from(between::error::EXIT_OK),
        Err(error) if error.is_closed_pipe() => ExitCode::from(between::error::EXIT_OK),
        Err(error) => {
            eprintln!("between: {error}");
            ExitCode::from(error.exit_code())
        }
    }
}
