//! `between look-back`: a page on a year (or any period) of the journal, to re-read or
//! print.

use std::io::Write;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Args;

use super::unlock::load;
use crate::Error;
use crate::data_dir::DataDir;
use crate::journal::dates::{DATE_FORMS, parse_date, today};
use crate::pack::Catalog;
use crate::practice::Shared;
use crate::practice::look_back::{look_back, year_back};

/// Arguments of `between look-back`.
#[derive(Debug, Args)]
pub struct LookBackArgs {
    /// The calendar year to look back on, e.g. 2025.
    #[arg(long, value_name = "YYYY", conflicts_with_all = ["since", "until"], value_parser = year_arg)]
    year: Option<i32>,
    /// The first day to look back on (DATE: YYYY-MM-DD, today, yesterday, Nd or Nw);
    /// without a period, the twelve months up to today.
    #[arg(long, value_name = "DATE", value_parser = date_arg)]
    since: Option<NaiveDate>,
    /// The last day to look back on (default: today).
    #[arg(long, value_name = "DATE", value_parser = date_arg)]
    until: Option<NaiveDate>,
    /// The format: Markdown, or a self-contained HTML page to print.
    #[arg(long, value_parser = ["md", "html"], default_value = "md")]
    format: String,
    /// Write to FILE (created 0600) instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

fn date_arg(text: &str) -> Result<NaiveDate, String> {
    parse_date(text, today())
}

fn year_arg(text: &str) -> Result<i32, String> {
    text.trim()
        .parse::<i32>()
        .ok()
        .filter(|year| (1900..=9999).contains(year))
        .ok_or_else(|| {
            format!(
                "`{}` is not a year; write it in four digits, e.g. 2025",
                crate::sanitize::text(text)
            )
        })
}

/// The first and last day `args` ask for, on `today`.
fn period(args: &LookBackArgs, today: NaiveDate) -> Result<(NaiveDate, NaiveDate), Error> {
    let (first, last) = match (args.year, args.since, args.until) {
        (Some(year), _, _) => (
            NaiveDate::from_ymd_opt(year, 1, 1).expect("a year has a first day"),
            NaiveDate::from_ymd_opt(year, 12, 31).expect("a year has a last day"),
        ),
        (None, since, until) => {
            let last = until.unwrap_or(today);
            (since.unwrap_or_else(|| year_back(last, 0).0), last)
        }
    };
    if first > last {
        return Err(Error::Usage(format!(
            "the period starts after it ends ({first} is after {last}); dates are {DATE_FORMS}"
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
    if back.entries.is_empty() && back.left_out == 0 {
        say!(
            "Nothing was written from {} to {}.",
            first.format(crate::journal::practice::DAY),
            last.format(crate::journal::practice::DAY)
        );
    }
    Ok(())
}
