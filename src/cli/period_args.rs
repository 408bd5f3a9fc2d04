//! The flags that choose a period, shared by every command that takes one: a first
//! and last day, or a month, a season (or quarter) or a year.

use chrono::NaiveDate;
use clap::Args;

use crate::journal::dates::{DATE_FORMS, today};
use crate::journal::period::{
    MONTH_FORMS, PERIOD_FORMS, Period, SEASON_FORMS, SEASONS, YEAR_FORMS, parse_end, parse_month,
    parse_season, parse_start, parse_year,
};

/// `--since`, `--until`, `--month`, `--season`, `--year`.
#[derive(Debug, Args)]
pub struct PeriodArgs {
    /// Only entries from this day on (a month or season: from its first day).
    #[arg(long, value_name = "WHEN", value_parser = start_arg, long_help = format!("Only entries from this day on: {DATE_FORMS}; or from the first day of {PERIOD_FORMS}. {SEASONS}"))]
    since: Option<NaiveDate>,
    /// Only entries up to this day (a month or season: through its last day).
    #[arg(long, value_name = "WHEN", value_parser = end_arg, long_help = format!("Only entries up to this day: {DATE_FORMS}; or through the last day of {PERIOD_FORMS}. {SEASONS}"))]
    until: Option<NaiveDate>,
    /// Only entries of this month: 2025-04.
    #[arg(long, value_name = "MONTH", value_parser = parse_month, conflicts_with_all = ["since", "until", "season", "year"], long_help = format!("Only entries of this month: {MONTH_FORMS}"))]
    month: Option<Period>,
    /// Only entries of this season (spring-2025) or quarter (2025-q2).
    #[arg(long, value_name = "SEASON", value_parser = parse_season, conflicts_with_all = ["since", "until", "year"], long_help = format!("Only entries of this season: {SEASON_FORMS}. {SEASONS}"))]
    season: Option<Period>,
    /// Only entries of this year: 2025.
    #[arg(long, value_name = "YEAR", value_parser = parse_year, conflicts_with_all = ["since", "until"], long_help = format!("Only entries of this year: {YEAR_FORMS}"))]
    year: Option<Period>,
}

impl PeriodArgs {
    /// The first and last day asked for, if any.
    pub fn days(&self) -> (Option<NaiveDate>, Option<NaiveDate>) {
        let period = self.month.or(self.season).or(self.year);
        (
            period.and_then(Period::first).or(self.since),
            period.and_then(Period::last).or(self.until),
        )
    }
}

fn start_arg(text: &str) -> Result<NaiveDate, String> {
    parse_start(text, today())
}

fn end_arg(text: &str) -> Result<NaiveDate, String> {
    parse_end(text, today())
}
