//! `between report`: the report back to the therapist, and reading one received.

use std::collections::HashSet;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::output::{ColorChoice, Stdout};
use super::{write_json, write_output};
use crate::Error;
use crate::data_dir::DataDir;
use crate::environment::Environment;
use crate::journal::dates::today;
use crate::journal::query::find_by_prefix;
use crate::pack::Catalog;
use crate::pack::rounds::{Round, listed, with_installed};
use crate::report::{self, Options, Place};

/// The forms a report is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Markdown, to read or print.
    Md,
    /// JSON, for the therapist's `between report --open`.
    Json,
    /// One self-contained HTML page to print or save as PDF: the summary on page
    /// one, the entries after it.
    Html,
}

/// Arguments of `between report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The pack whose homework to report on (`between pack list` shows the ids).
    #[arg(required_unless_present = "open", conflicts_with = "open")]
    pack: Option<String>,
    /// Markdown to read, JSON for your therapist's copy of between, or HTML to print.
    #[arg(long, value_enum, default_value = "md")]
    format: ReportFormat,
    /// Write to FILE (private to you) instead of printing.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Counts and ratings only: no written answers (with --open: each report's first
    /// page, without its entries or any answer).
    #[arg(long)]
    summary_only: bool,
    /// Leave out this entry (its id, or the start of it); repeat for several.
    #[arg(long = "exclude", value_name = "ID")]
    exclude: Vec<String>,
    /// Add an entry marked to discuss that is not of this homework to the report's
    /// first page, with its text (its id, or the start of it); repeat for several.
    #[arg(long = "include", value_name = "ID", conflicts_with = "open")]
    include: Vec<String>,
    /// A message to your therapist, at the top of the report.
    #[arg(long, value_name = "TEXT", conflicts_with = "open")]
    note: Option<String>,
    /// Report on round N of the homework (1 is the first version installed; the
    /// current round is reported when this is not given).
    #[arg(long, value_name = "N", conflicts_with = "open")]
    round: Option<usize>,
    /// Report on every round of the homework, each in its own window (JSON: a list).
    #[arg(long, conflicts_with_all = ["round", "open"])]
    all_rounds: bool,
    /// Read JSON reports you received (each file one report or a list of rounds) and
    /// print them for the terminal; several are first set side by side in one table.
    /// With --out, they are written as Markdown instead.
    #[arg(long, value_name = "FILE", num_args = 1.., conflicts_with_all = ["exclude", "format"])]
    open: Vec<PathBuf>,
    /// With --open: when to print in bold and underlined.
    #[arg(long, value_enum, default_value = "auto", requires = "open")]
    color: ColorChoice,
}

/// Runs `between report`.
pub fn run(
    dir: impl FnOnce() -> Result<DataDir, Error>,
    args: &ReportArgs,
    env: &Environment,
    out: &mut Stdout,
) -> Result<(), Error> {
    if !args.open.is_empty() {
        let open = super::report_open::Open {
            files: &args.open,
            summary_only: args.summary_only,
            out: args.out.as_deref(),
            color: args.color,
        };
        return super::report_open::run(&open, env, out);
    }
    let dir = dir()?;
    let id = args.pack.as_deref().unwrap_or_default();
    let catalog = Catalog::load(&dir.packs())?;
    let loaded = catalog.pack(id);
    // Only an id of the form ids have names a file of kept rounds, so the path cannot
    // leave `packs/rounds/`.
    let kept_there = crate::pack::validate::is_valid_id(id)
        && std::fs::symlink_metadata(crate::journal::rounds::path(&dir, id)).is_ok();
    if loaded.is_none() && !kept_there {
        return Err(super::pack::no_such_pack(id));
    }
    let store = super::unlock::store(&dir)?;
    let journal = super::unlock::load(&dir)?;
    let kept = if kept_there {
        crate::journal::rounds::read(&dir, id, store.vault())?
    } else {
        Vec::new()
    };
    let installed = loaded.and_then(|loaded| Round::of(&loaded.pack, &catalog));
    let (rounds, current) = with_installed(kept, installed);
    let Some(current) = current else {
        return Err(Error::Usage(format!(
            "pack `{id}` sets no homework, so there is nothing to report; `between pack show {id}` shows what it holds"
        )));
    };
    let chosen: Vec<usize> = match (args.all_rounds, args.round) {
        (true, _) => (0..rounds.len()).collect(),
        (false, Some(number)) if (1..=rounds.len()).contains(&number) => vec![number - 1],
        (false, Some(number)) => {
            return Err(Error::Usage(format!(
                "pack `{id}` has no round {number} of homework; its rounds are {}",
                listed(&rounds)
            )));
        }
        (false, None) => vec![current],
    };
    let exclude = args
        .exclude
        .iter()
        .map(|prefix| find_by_prefix(&journal, prefix).map(|e| e.id.clone()))
        .collect::<Result<HashSet<_>, _>>()?;
    let shared = crate::practice::shared::Shared::new(&journal, false);
    let include = args
        .include
        .iter()
        .map(|prefix| {
            let entry = find_by_prefix(&journal, prefix)?;
            let id = entry.id.as_str();
            let day = crate::practice::stats::practice_day(entry)
                .unwrap_or_else(|| entry.created.date_naive());
            let in_days = chosen.iter().any(|&i| {
                crate::practice::homework::in_window(&rounds[i].assignment, today(), day)
            });
            if entry.private {
                Err(Error::Usage(format!(
                    "entry {id} is private, and private entries never go in a report"
                )))
            } else if shared.is_hidden(entry) {
                Err(Error::Usage(format!(
                    "entry {id} belongs to a private plan, and nothing of a private plan goes in a report"
                )))
            } else if !in_days {
                Err(Error::Usage(format!(
                    "entry {id} is from {}, outside the days of this homework ({}), so it cannot be added to its report",
                    day.format("%a %-d %b %Y"),
                    chosen
                        .iter()
                        .map(|&i| rounds[i].label())
                        .collect::<Vec<_>>()
                        .join("; ")
                )))
            } else if !entry.discuss {
                Err(Error::Usage(format!(
                    "entry {id} is not marked to discuss; only entries marked to discuss (to bring to your next session) can be added to a report"
                )))
            } else {
                Ok(entry.id.clone())
            }
        })
        .collect::<Result<HashSet<_>, _>>()?;
    let note = args
        .note
        .as_deref()
        .map(str::trim)
        .filter(|note| !note.is_empty())
        .map(str::to_owned);
    let options = Options {
        summary_only: args.summary_only,
        exclude,
        include,
        note,
    };
    let reports: Vec<report::Report> = chosen
        .into_iter()
        .map(|i| {
            let place = Place {
                number: i + 1,
                of: rounds.len(),
                installed: loaded.is_some(),
            };
            report::build_round(
                &rounds[i],
                id,
                Some(place),
                &catalog,
                &journal,
                today(),
                &options,
            )
        })
        .collect();
    let bytes = match (args.format, args.all_rounds) {
        (ReportFormat::Md, _) => report::markdown_all(&reports).into_bytes(),
        (ReportFormat::Html, _) => report::html_all(&reports).into_bytes(),
        (ReportFormat::Json, true) => {
            let mut bytes = Vec::new();
            write_json(&mut bytes, &reports)?;
            bytes
        }
        (ReportFormat::Json, false) => {
            let mut bytes = Vec::new();
            for one in &reports {
                write_json(&mut bytes, one)?;
            }
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
