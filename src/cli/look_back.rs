//! `between look-back`: a page on a year (or any period) of the journal, to re-read or
//! print.

use std::io::Write;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Args;

use super::period_args::PeriodArgs;
use super::unlock::load;
use crate::Error;
use crate::data_dir::DataDir;
use crate::journal::dates::today;
use crate::journal::practice::DAY;
use crate::pack::Catalog;
use crate::practice::Shared;
use crate::practice::look_back::{look_back, twelve_months_to};

/// Arguments of `between look-back`.
#[derive(Debug, Args)]
pub struct LookBackArgs {
    /// The period (without one, the twelve months up to today).
    #[command(flatten)]
    period: PeriodArgs,
    /// The format: Markdown, or a self-contained HTML page to print.
    #[arg(long, value_parser = ["md", "html"], default_value = "md")]
    format: String,
    /// Write to FILE (created 0600) instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

/// The first and last day `args` ask for, on `today`: without a first day, the twelve
/// months up to the last.
fn period(args: &LookBackArgs, today: NaiveDate) -> Result<(NaiveDate, NaiveDate), Error> {
    let (since, until) = args.period.days();
    let last = until.unwrap_or(today);
    let first = since.unwrap_or_else(|| twelve_months_to(last));
    if first > last {
        return Err(Error::Usage(format!(
            "the period starts after it ends ({} is after {})",
            first.format(DAY),
            last.format(DAY)
        )));
    }
    Ok((first, last))
}

/// Runs `between look-back`.
pub fn run(dir: &DataDir, args: &LookBackArgs, out: &mut dyn Write) -> Result<(), Error> {
    let today = today();
    let (first, last) = period(args, today)?;
    let journal = load(dir)?;
    let catalog = Catalog::load(&dir.packs())?;
    let shared = Shared::new(&journal, false);
    let back = look_back(&shared, first, last, today);
    let page = crate::look_back::page(&back, &catalog);
    let text = match args.format.as_str() {
        "html" => crate::look_back::html(&page),
        _ => crate::look_back::markdown(&page),
    };
    if super::write_output(
        out,
        args.out.as_deref(),
        text.as_bytes(),
        "write the look back to",
    )? && let Some(file) = &args.out
    {
        say!("Wrote {}", file.display());
    }
    // On a terminal the page itself says so; written to a file, say it here.
    if args.out.is_some() && back.entries.is_empty() && back.left_out == 0 {
        say!(
            "Nothing was written from {} to {}.",
            first.format(DAY),
            last.format(DAY)
        );
    }
    Ok(())
}
