//! The report back to the therapist: for each assigned exercise, how often it was done
//! and when, its answers, and the tries and reviews of plans made from it. Built from
//! the same progress as home, with private entries (and any the client excludes) left
//! out and counted. The JSON form is a stable, documented shape; the Markdown form is
//! for reading, the HTML form for printing, and `--open` renders a JSON report
//! received from a client.

mod build;
mod chart;
mod html;
mod markdown;
mod opened;
mod summary;
pub mod terminal;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::journal::Kind;
use crate::journal::practice::Decision;
use crate::pack::model::{Cutoff, Per};
use crate::practice::stats::MeasureMove;

/// One sitting's ratings of a measure (the chart's, which the report's JSON keeps).
pub use crate::practice::chart::Sitting;
pub use build::{Options, Place, build, build_round};
pub use chart::svg as chart_svg;
pub(crate) use html::chart_style;
pub use html::{document_start, escape, html, html_all};
pub use markdown::{markdown, markdown_all};
pub use opened::{Opened, open_all, order};

/// The version of the report's JSON shape; fields may be added, never renamed or removed.
pub const REPORT_FORMAT: u32 = 1;

/// A report on one assignment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Always [`REPORT_FORMAT`] for reports this version writes.
    pub report_format: u32,
    /// The day it was written.
    pub written: NaiveDate,
    /// The pack that carried the assignment.
    pub pack: PackInfo,
    /// Which round of the pack's homework this is, from 1 (absent in reports written
    /// before rounds were kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub round: Option<usize>,
    /// How many rounds the pack's homework had when the report was written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rounds: Option<usize>,
    /// Whether the pack was installed when the report was written; a report on a
    /// removed pack is written from its kept rounds.
    #[serde(default = "installed")]
    pub installed: bool,
    /// Who set the homework.
    pub from: String,
    /// Whom it was for.
    #[serde(rename = "for", default, skip_serializing_if = "Option::is_none")]
    pub for_whom: Option<String>,
    /// The day it was set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assigned: Option<NaiveDate>,
    /// The day it is due.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    /// True when the report holds counts and measures only, no written text.
    pub summary_only: bool,
    /// Entries marked private, left out.
    pub private_left_out: usize,
    /// Entries the client chose to leave out of this report.
    pub excluded: usize,
    /// Each assigned exercise, in the assignment's order.
    pub items: Vec<ReportItem>,
    /// The client's message to the therapist, written when the report was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The calendar weeks (Monday to Sunday, cut to the round's days up to the day it
    /// was written) that the per-week counts are for, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub weeks: Vec<Week>,
    /// Each measure the homework's exercises rated, by title.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measures: Vec<MeasureSummary>,
    /// Entries the client marked to discuss, with their text (none with
    /// `summary_only`): those of the homework, and any other the client chose to add.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flagged: Vec<FlaggedEntry>,
}

/// One week of a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Week {
    /// Its first day in the round.
    pub from: NaiveDate,
    /// Its last day in the round.
    pub to: NaiveDate,
}

/// How one measure went over a round: within each sitting (the first rating against
/// the last, when an exercise rates it before and after) and across the round (each
/// sitting's first rating, how the client came in, week by week).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeasureSummary {
    /// The measure's id.
    pub id: String,
    /// Its title, as the pack (or the built-in list) gives it.
    pub title: String,
    /// Its lowest value.
    pub min: i64,
    /// Its highest value.
    pub max: i64,
    /// Whether a higher value is better.
    pub higher_is_better: bool,
    /// The line the pack declares, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cutoff: Option<Cutoff>,
    /// The smallest change the pack counts as real, if it declares one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reliable_change: Option<f64>,
    /// Every sitting that rated it, oldest first.
    pub sittings: Vec<Sitting>,
    /// The means within sittings that rated it twice or more.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub within: Option<Within>,
    /// The mean of the sittings' first ratings in each of the report's weeks (none
    /// for a week without one).
    pub per_week: Vec<Option<f64>>,
}

/// The change within sittings, as means.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Within {
    /// How many sittings rated it twice or more.
    pub sittings: usize,
    /// The mean first rating of those.
    pub before: f64,
    /// The mean last rating of those.
    pub after: f64,
}

impl MeasureSummary {
    /// The first and the last week that have a rating, with their means: the trend
    /// over the round; none unless two different weeks have one.
    pub fn trend(&self) -> Option<((usize, f64), (usize, f64))> {
        let mut rated = self
            .per_week
            .iter()
            .enumerate()
            .filter_map(|(week, mean)| mean.map(|mean| (week, mean)));
        let first = rated.next()?;
        let last = rated.next_back()?;
        Some((first, last))
    }

    /// The first sitting's first rating and the latest's, when there are two sittings
    /// or more: the change the reliable change is weighed against.
    pub fn first_to_latest(&self) -> Option<(f64, f64)> {
        match self.sittings.as_slice() {
            [first, .., latest] => Some((first.first, latest.first)),
            _ => None,
        }
    }
}

/// An entry the client marked to discuss, for page one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlaggedEntry {
    /// What it is about: its title, or what kind of entry it is.
    pub title: String,
    /// The entry, its answers empty when `summary_only`.
    pub entry: ReportEntry,
}

fn installed() -> bool {
    true
}

/// Which pack a report is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PackInfo {
    /// Its id.
    pub id: String,
    /// Its version.
    pub version: u32,
    /// Its title.
    pub title: String,
}

/// One assigned exercise and what was done with it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportItem {
    /// The exercise as the assignment names it.
    pub exercise: String,
    /// Its title.
    pub title: String,
    /// How many times it was asked for…
    pub times: u32,
    /// …each week or in all.
    pub per: Per,
    /// The days it was done in the assignment's window (one per time), oldest first;
    /// not those of private entries or of entries left out.
    pub days: Vec<NaiveDate>,
    /// Times done that are marked private: counted, nothing else of them shown.
    #[serde(default)]
    pub private: usize,
    /// Times done that the client chose to leave out.
    #[serde(default)]
    pub left_out: usize,
    /// Times done in each of the report's weeks, private and left-out ones counted in.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub per_week: Vec<u32>,
    /// How the measures its scales record moved over those times (kept for readers
    /// of format 1; the report's `measures` tell within sittings from across them).
    pub measures: Vec<MeasureMove>,
    /// The entries of those times, oldest first (answers empty when `summary_only`).
    pub entries: Vec<ReportEntry>,
    /// Plans made from the exercise, with their tries and reviews.
    pub plans: Vec<ReportPlan>,
}

/// A plan made from an assigned exercise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportPlan {
    /// The plan, then its tries and reviews, oldest first.
    pub entries: Vec<ReportEntry>,
    /// How many tries are in `entries`.
    pub tries: usize,
    /// The mean rating of those tries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub average_rating: Option<f64>,
    /// The latest review's decision among `entries`: kept, adjusted or dropped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<Decision>,
}

/// One journal entry in a report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportEntry {
    /// The entry's id, to find it in the journal.
    pub id: String,
    /// What it records: exercise, plan, try or review.
    pub kind: Kind,
    /// The day it stands for (the day of a try, else the day it was written).
    pub date: NaiveDate,
    /// A try's rating, 1 (badly) to 5 (well).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<u8>,
    /// A review's decision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<Decision>,
    /// The answers, each with its prompt; empty when `summary_only`.
    pub answers: Vec<ReportAnswer>,
}

/// One answer in a report, as plain text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportAnswer {
    /// The prompt as it was shown.
    pub prompt: String,
    /// The answer in words.
    pub answer: String,
}

/// Why a received report could not be read.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// The file could not be read.
    #[error("cannot read the report {file}: {source}")]
    Unreadable {
        /// The file, made safe to print.
        file: String,
        /// What the system said.
        source: std::io::Error,
    },
    /// The file is not a report of a format this version reads.
    #[error(
        "{file} is not a between report (JSON written by `between report --format json`): {problem}"
    )]
    NotAReport {
        /// The file, made safe to print.
        file: String,
        /// What is wrong, made safe to print.
        problem: String,
    },
}

/// The most a received report may hold: months of homework with every answer is far
/// less, and parsing one takes many times its size in memory.
pub const MAX_BYTES: crate::secure_fs::Cap = crate::secure_fs::Cap {
    what: "a received report",
    bytes: 16 << 20,
};

/// Reads a JSON report, or the list of reports `--all-rounds` writes, sanitising
/// every string: a report comes from someone else. Only a regular file of at most
/// [`MAX_BYTES`] is read.
pub fn open(path: &std::path::Path) -> Result<Vec<Report>, OpenError> {
    let file = crate::sanitize::text(&path.display().to_string()).into_owned();
    let bytes =
        crate::secure_fs::read_capped(path, MAX_BYTES).map_err(|source| OpenError::Unreadable {
            file: file.clone(),
            source,
        })?;
    let not_a_report = |problem: String| OpenError::NotAReport {
        file: file.clone(),
        problem: crate::sanitize::text(&problem).into_owned(),
    };
    let text = String::from_utf8(bytes).map_err(|_| not_a_report("it is not UTF-8 text".into()))?;
    // Parsed into its own shape first, which takes about the memory of its text and
    // stops at the first thing that is not a report; then every string is sanitised.
    let reports: Vec<Report> = if text.trim_start().starts_with('[') {
        serde_json::from_str(&text).map_err(|e| not_a_report(e.to_string()))?
    } else {
        vec![serde_json::from_str(&text).map_err(|e| not_a_report(e.to_string()))?]
    };
    if reports.is_empty() {
        return Err(not_a_report("it is an empty list".into()));
    }
    reports
        .into_iter()
        .map(|report| {
            let mut value =
                serde_json::to_value(&report).map_err(|e| not_a_report(e.to_string()))?;
            crate::sanitize::json(&mut value);
            let report: Report =
                serde_json::from_value(value).map_err(|e| not_a_report(e.to_string()))?;
            if report.report_format > REPORT_FORMAT {
                return Err(not_a_report(format!(
                    "it is report format {}, written by a newer version of between; this one reads format {REPORT_FORMAT}",
                    report.report_format
                )));
            }
            Ok(report)
        })
        .collect()
}

impl Report {
    /// The report cut to its first page, as `--summary-only` asks of a received one:
    /// no entries after it and no written answer (the client's note stays, and
    /// `summary_only` still says what the client sent).
    pub fn page_one(&self) -> Report {
        let mut report = self.clone();
        for item in &mut report.items {
            item.entries.clear();
            for plan in &mut item.plans {
                plan.entries.clear();
            }
        }
        for flagged in &mut report.flagged {
            flagged.entry.answers.clear();
        }
        report
    }
}

impl ReportItem {
    /// Times done in all: those shown, and the private and left-out ones counted in.
    pub fn done(&self) -> usize {
        self.days.len() + self.private + self.left_out
    }
}
