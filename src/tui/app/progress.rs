//! The progress view's choices: which area, which stretch of time, which measure, and
//! its figures, computed once per change.

use crate::tui::keymap::Action;
use chrono::Days;

use super::browser::DateRange;
use super::derived::{Basis, Cached};
use super::{Effect, Screen, State};
use crate::practice::progress::{Progress, progress};

/// The progress view's filters and figures.
#[derive(Debug, Clone, Default)]
pub struct ProgressView {
    /// Only this area.
    pub area: Option<String>,
    /// Only this recent stretch.
    pub range: DateRange,
    /// The measure shown, by position among those rated.
    pub measure: usize,
    /// The figures, with the journal and choices they were computed for.
    pub figures: Cached<(Basis, Option<String>, DateRange), Progress>,
}

/// Computes the figures if the choices or the journal changed.
pub(super) fn refresh(state: &mut State, basis: Basis) {
    let view = &state.progress;
    let key = (basis, view.area.clone(), view.range);
    if view.figures.is_for(&key) {
        return;
    }
    let since = view
        .range
        .days()
        .and_then(|d| state.today.checked_sub_days(Days::new(d)));
    let figures = progress(
        &state.journal,
        &state.catalog,
        state.today,
        view.area.as_deref(),
        since,
    );
    // A measure chosen for other choices may not be among these: the first one is.
    if state.progress.measure >= figures.series.len() {
        state.progress.measure = 0;
    }
    state.progress.figures.set(key, figures);
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
        Action::CycleMeasure => {
            let measures = view.figures.get().map_or(0, |f| f.series.len());
            view.measure = if measures == 0 {
                0
            } else {
                (view.measure + 1) % measures
            };
        }
        Action::ToggleStreaks => {
            state.settings.show_streaks = !state.settings.show_streaks;
            return vec![Effect::SaveSettings(state.settings)];
        }
        Action::Back => state.screen = Screen::Home,
        _ => {}
    }
    Vec::new()
}
