//! The `between` binary: parse arguments, run the command, map errors to exit codes.
//! Whatever it prints goes through `between::cli::output`, made safe for a terminal.

#![deny(clippy::print_stdout, clippy::print_stderr)]

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match between::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return ExitCode::from(between::cli::output::parse_failure(error)),
    };
    match between::cli::run(cli) {
        Ok(()) => ExitCode::from(between::error::EXIT_OK),
        Err(error) if error.is_closed_pipe() => ExitCode::from(between::error::EXIT_OK),
        Err(error) => {
            between::cli::output::say(format_args!("between: {error}"));
            ExitCode::from(error.exit_code())
        }
    }
}
