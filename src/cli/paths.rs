//! `between paths`: where the data lives.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use serde::Serialize;

use super::write_json;
use crate::Error;
use crate::data_dir::DataDir;

/// Arguments of `between paths`.
#[derive(Debug, Args)]
pub struct PathsArgs {
    /// Print JSON: an object of the paths.
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct Paths {
    data_dir: PathBuf,
    journal: PathBuf,
    lock: PathBuf,
    packs: PathBuf,
    rounds: PathBuf,
    drafts: PathBuf,
    reports: PathBuf,
    quarantine: PathBuf,
    encrypted: bool,
}

/// Prints the data directory and each file in it, marking those not created yet.
pub fn run(dir: &DataDir, args: &PathsArgs, out: &mut dyn Write) -> Result<(), Error> {
    let paths = Paths {
        data_dir: dir.root().to_path_buf(),
        journal: dir.journal(),
        lock: dir.lock(),
        packs: dir.packs(),
        rounds: dir.rounds(),
        drafts: dir.drafts(),
        reports: dir.reports(),
        quarantine: dir.quarantine(),
        encrypted: !matches!(
            crate::journal::Store::new(dir.clone()).form(),
            Ok(crate::journal::log::Form::Plain)
        ),
    };
    if args.json {
        return write_json(out, &paths);
    }
    let rows = [
        ("data directory", &paths.data_dir),
        ("journal", &paths.journal),
        ("journal lock", &paths.lock),
        ("installed packs", &paths.packs),
        ("homework rounds", &paths.rounds),
        ("drafts", &paths.drafts),
        ("reports", &paths.reports),
        ("quarantine", &paths.quarantine),
    ];
    for (label, path) in rows {
        let state = if path.exists() {
            ""
        } else {
            "  (not created yet)"
        };
        writeln!(out, "{label:<16} {}{state}", path.display())?;
    }
    let encryption = if paths.encrypted {
        "on (see `between decrypt`, `between passwd`)"
    } else {
        "off (see `between encrypt`)"
    };
    writeln!(out, "{:<16} {encryption}", "encryption")?;
    Ok(())
}
