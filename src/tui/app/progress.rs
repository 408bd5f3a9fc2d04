//! The progress view's choices: which area, which stretch of time, which measure, and
//! its figures, computed once per change.

use crate::tui::keymap::Action;
use chrono::Days;

use super::browser::DateRange;
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
    /// The figures for the choices above; recomputed when they or the journal change.
    pub figures: Option<Progress>,
}

/// Computes the figures if they are missing.
pub(super) fn refresh(state: &mut State) {
    if state.progress.figures.is_none() {
        let view = &state.progress;
        let since = view
            .range
            .days()
            .and_then(|d| state.today.checked_sub_days(Days::new(d)));
        state.progress.figures = Some(progress(
            &state.journal,
            state.today,
            view.area.as_deref(),
            since,
        ));
    }
}

/// Progress: cycle the area, the time range and the measure; streaks; back.
pub(super) fn act(state: &mut State, action: Action) -> Vec<Effect> {
    let view = &mut state.progress;
    match action {
        Action::FilterArea => {
            let areas = super::browser::area_ids(state);
            let view = &mut state.progress;
            view.area = super::browser::cycle(&areas, &view.area);
            view.figures = None;
        }
        Action::FilterRange => {
            view.range = view.range.next();
            view.figures = None;
        }
        Action::CycleMeasure => {
            let measures = view.figures.as_ref().map_or(0, |f| f.series.len());
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
