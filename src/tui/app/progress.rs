//! The progress view's choices: which area, which stretch of time, which measure, and
//! its figures, computed once per change.

use crate::tui::keymap::Action;
use chrono::NaiveDate;

use super::browser::DateRange;
use super::derived::{Basis, Cached};
use super::{Effect, Screen, State};
use crate::practice::by_month::{ByMonth, by_month, months_ending};
use crate::practice::chart::Choices;
use crate::practice::progress::{Progress, Series, progress};

/// The days "By month" counts: the picked period's months, else the last twelve
/// months with this one.
fn by_month_stretch(range: DateRange, today: NaiveDate) -> (NaiveDate, NaiveDate) {
    match range {
        DateRange::Within(period) => (
            period.first().unwrap_or(today),
            period.last().unwrap_or(today),
        ),
        _ => months_ending(today),
    }
}

/// The progress view's filters and figures.
#[derive(Debug, Clone, Default)]
pub struct ProgressView {
    /// Only this area.
    pub area: Option<String>,
    /// Only this recent stretch.
    pub range: DateRange,
    /// The measure chosen with `m`, by id, kept whatever the area and time: when
    /// these have no ratings of it the view says so, and shows it again when they
    /// do. None shows the first measure rated.
    pub measure: Option<String>,
    /// Entries per month in place of the weekly figures.
    pub by_month: bool,
    /// What the measure chart shows: the ratings after exercises too, monthly means.
    pub chart: Choices,
    /// The figures and the entries per month, with the journal and choices they were
    /// computed for.
    pub figures: Cached<(Basis, Option<String>, DateRange), (Progress, ByMonth)>,
}

/// Computes the figures if the choices or the journal changed.
pub(super) fn refresh(state: &mut State, basis: Basis) {
    let view = &state.progress;
    let key = (basis, view.area.clone(), view.range);
    if view.figures.is_for(&key) {
        return;
    }
    let (since, until) = view.range.bounds(state.today);
    let figures = progress(
        &state.journal,
        &state.catalog,
        state.today,
        view.area.as_deref(),
        (since, until),
    );
    let (first, last) = by_month_stretch(view.range, state.today);
    let area = view.area.as_deref();
    let months = by_month(
        state
            .journal
            .entries()
            .filter(|e| area.is_none_or(|a| e.area.as_deref() == Some(a))),
        first,
        last,
    );
    state.progress.figures.set(key, (figures, months));
}

/// What the view shows of the measures rated in `figures`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Shown<'f> {
    /// This measure's ratings.
    Series(&'f Series),
    /// The chosen measure, which has no ratings in this area and time.
    NotRated(&'f str),
    /// Nothing is rated here.
    Nothing,
}

impl ProgressView {
    /// The days the chart of `series` spans as of `today`: the whole chosen stretch,
    /// or from its first rating for all time.
    pub fn stretch(&self, series: &Series, today: NaiveDate) -> (NaiveDate, NaiveDate) {
        let first = series.sittings.first().map_or(today, |s| s.date);
        let last = series.sittings.last().map_or(today, |s| s.date);
        let (since, until) = self.range.bounds(today);
        (
            since.unwrap_or(first).min(first),
            until.unwrap_or_else(|| today.max(last)),
        )
    }

    /// The measure to show among `figures`: the chosen one, or the first rated.
    pub fn shown<'f>(&'f self, figures: &'f Progress) -> Shown<'f> {
        match &self.measure {
            Some(id) => figures
                .series
                .iter()
                .find(|s| &s.measure == id)
                .map_or(Shown::NotRated(id), Shown::Series),
            None => figures.series.first().map_or(Shown::Nothing, Shown::Series),
        }
    }
}

/// The measure after `chosen` among those rated here (the first after the last, and
/// when the chosen one is not among them); none when nothing is rated.
fn next_measure(series: &[Series], chosen: Option<&str>) -> Option<String> {
    // With nothing chosen, the first is the one shown: the next is the second.
    let at = match chosen {
        Some(id) => series.iter().position(|s| s.measure == id),
        None => Some(0),
    };
    let next = at.map_or(0, |i| (i + 1) % series.len().max(1));
    series.get(next).map(|s| s.measure.clone())
}

/// Progress: cycle the area, the time range and the measure; streaks; back.
pub(super) fn act(state: &mut State, action: Action) -> Vec<Effect> {
    let view = &mut state.progress;
    match action {
        Action::FilterArea => {
            let areas = super::browser::area_ids(state);
            let view = &mut state.progress;
            view.area = super::browser::cycle(&areas, &view.area);
        }
        Action::FilterRange => {
            view.range = view.range.next();
        }
        Action::PickPeriod => super::period_picker::open(state, true),
        Action::ToggleByMonth => view.by_month = !view.by_month,
        Action::CycleMeasure => {
            if let Some((figures, _)) = view.figures.get() {
                view.measure = next_measure(&figures.series, view.measure.as_deref());
            }
        }
        Action::ToggleAfterRatings => view.chart.after = !view.chart.after,
        Action::ToggleMonthlyMeans => view.chart.monthly = !view.chart.monthly,
        Action::ToggleStreaks => {
            state.settings.show_streaks = !state.settings.show_streaks;
            return vec![Effect::SaveSettings(state.settings.clone())];
        }
        Action::YearCalendar => {
            state.screen = Screen::YearCalendar {
                year: chrono::Datelike::year(&state.today),
            }
        }
        Action::Back => state.screen = Screen::Home,
        _ => {}
    }
    Vec::new()
}

/// The year calendar: a year back (as far as the journal's first entry) or forward
/// (as far as this year), or back to progress.
pub(super) fn year_act(state: &mut State, year: i32, action: Action) {
    let this_year = chrono::Datelike::year(&state.today);
    let first_year = state
        .journal
        .entries()
        .next()
        .map_or(this_year, |e| chrono::Datelike::year(&e.created))
        .min(this_year);
    state.screen = match action {
        Action::Previous => Screen::YearCalendar {
            year: (year - 1).max(first_year),
        },
        Action::Next => Screen::YearCalendar {
            year: (year + 1).min(this_year),
        },
        Action::Back => Screen::Progress,
        _ => Screen::YearCalendar { year },
    };
}
