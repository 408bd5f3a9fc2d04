//! The progress view's choices: which area, which stretch of time, which measure, and
//! its figures, computed once per change.

use chrono::Days;
use crossterm::event::{KeyCode, KeyEvent};

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

pub(super) fn key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let view = &mut state.progress;
    match key.code {
        KeyCode::Char('a') => {
            let areas = super::browser::area_ids(state);
            let view = &mut state.progress;
            view.area = super::browser::cycle(&areas, &view.area);
            view.figures = None;
        }
        KeyCode::Char('r') => {
            view.range = view.range.next();
            view.figures = None;
        }
        KeyCode::Char('m') => {
            let measures = view.figures.as_ref().map_or(0, |f| f.series.len());
            view.measure = if measures == 0 {
                0
            } else {
                (view.measure + 1) % measures
            };
        }
        KeyCode::Char('S') => {
            state.settings.show_streaks = !state.settings.show_streaks;
            return vec![Effect::SaveSettings(state.settings)];
        }
        KeyCode::Esc | KeyCode::Char('q' | 'h') | KeyCode::Left => state.screen = Screen::Home,
        _ => {}
    }
    Vec::new()
}
