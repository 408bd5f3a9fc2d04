//! `between pack`: commands for pack files.

use std::io::Write;
use std::path::PathBuf;

use clap::Subcommand;

use crate::Error;
use crate::pack::{load_file, schema};
use crate::sanitize;

/// The `pack` subcommands.
#[derive(Debug, Subcommand)]
pub enum PackCommand {
    /// Check pack files: one `ok` line per good file, every problem of a bad one.
    /// Exits 0 when all are good, 65 otherwise.
    Check {
        /// The pack files to check.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Print the JSON Schema of the pack format.
    Schema,
}

/// Runs a `pack` subcommand.
pub fn run(command: PackCommand, out: &mut dyn Write) -> Result<(), Error> {
    match command {
        PackCommand::Check { files } => check(&files, out),
        PackCommand::Schema => {
            out.write_all(schema().as_bytes())?;
            Ok(())
        }
    }
}

fn check(files: &[PathBuf], out: &mut dyn Write) -> Result<(), Error> {
    let mut bad = 0;
    for file in files {
        match load_file(file) {
            Ok(pack) => {
                let shown = sanitize::text(&file.display().to_string()).into_owned();
                let count = pack.exercises.len();
                let noun = if count == 1 { "exercise" } else { "exercises" };
                writeln!(
                    out,
                    "ok: {shown}: pack `{}` version {}, {count} {noun}",
                    pack.id, pack.version
                )?;
            }
            Err(error) => {
                bad += 1;
                out.flush()?;
                eprintln!("{error}");
            }
        }
    }
    if bad == 0 {
        Ok(())
    } else {
        Err(Error::PacksInvalid {
            bad,
            total: files.len(),
        })
    }
}
