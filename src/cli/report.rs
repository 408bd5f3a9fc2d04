//! `between report`: the report back to the therapist, and reading one received.

use std::collections::HashSet;
use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{write_json, write_output};
use crate::Error;
use crate::data_dir::DataDir;
use crate::journal::dates::today;
use crate::journal::query::find_by_prefix;
use crate::pack::Catalog;
use crate::report::{self, Options};

/// The forms a report is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Markdown, to read or print.
    Md,
    /// JSON, for the therapist's `between report --open`.
    Json,
}

/// Arguments of `between report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The pack whose homework to report on (`between pack list` shows the ids).
    #[arg(required_unless_present = "open", conflicts_with = "open")]
    pack: Option<String>,
    /// Markdown to read, or JSON for your therapist's copy of between.
    #[arg(long, value_enum, default_value = "md")]
    format: ReportFormat,
    /// Write to FILE (private to you) instead of printing.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Counts and ratings only: no written answers.
    #[arg(long)]
    summary_only: bool,
    /// Leave out this entry (its id, or the start of it); repeat for several.
    #[arg(long = "exclude", value_name = "ID")]
    exclude: Vec<String>,
    /// Read a JSON report you received and print it as text.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["summary_only", "exclude", "format"])]
    open: Option<PathBuf>,
}

/// Runs `between report`.
pub fn run(
    dir: impl FnOnce() -> Result<DataDir, crate::data_dir::NoDataDir>,
    args: &ReportArgs,
    out: &mut dyn Write,
) -> Result<(), Error> {
    if let Some(file) = &args.open {
        let report = report::open(file)?;
        let text = report::markdown(&report);
        write_output(
            out,
            args.out.as_deref(),
            text.as_bytes(),
            "write the report to",
        )?;
        return Ok(());
    }
    let dir = dir()?;
    let id = args.pack.as_deref().unwrap_or_default();
    let catalog = Catalog::load(&dir.packs())?;
    let loaded = catalog
        .pack(id)
        .ok_or_else(|| super::pack::no_such_pack(id))?;
    let journal = super::unlock::load(&dir)?;
    let exclude = args
        .exclude
        .iter()
        .map(|prefix| find_by_prefix(&journal, prefix).map(|e| e.id.clone()))
        .collect::<Result<HashSet<_>, _>>()?;
    let options = Options {
        summary_only: args.summary_only,
        exclude,
    };
    let report = report::build(&loaded.pack, &catalog, &journal, today(), &options)
        .ok_or_else(|| {
            Error::Usage(format!(
                "pack `{id}` sets no homework, so there is nothing to report; `between pack show {id}` shows what it holds"
            ))
        })?;
    let bytes = match args.format {
        ReportFormat::Md => report::markdown(&report).into_bytes(),
        ReportFormat::Json => {
            let mut bytes = Vec::new();
            write_json(&mut bytes, &report)?;
            bytes
        }
    };
    if write_output(out, args.out.as_deref(), &bytes, "write the report to")?
        && let Some(file) = &args.out
    {
        say!(
            "Wrote the report on `{id}` to {}. Read it before you share it.",
            file.display()
        );
    }
    Ok(())
}
