//! The picker of a month, season or year for the journal and the progress view: it
//! opens on the period shown (or this month), steps through periods of one length, and
//! Enter shows the journal or the figures of the one chosen.

use super::browser::DateRange;
use super::{Effect, Overlay, State};
use crate::journal::period::{Period, Unit};
use crate::tui::keymap::Action;

/// Opens the picker for the progress view (else the journal), on the period it
/// shows, or on this month.
pub(super) fn open(state: &mut State, progress: bool) {
    let range = if progress {
        state.progress.range
    } else {
        state.browser.range
    };
    let period = match range {
        DateRange::Within(period) => period,
        _ => Period::containing(state.today, Unit::Month),
    };
    state.overlay = Some(Overlay::PickPeriod { period, progress });
}

/// Steps, changes the length, applies (Enter) or leaves (Esc).
pub(super) fn act(
    state: &mut State,
    period: Period,
    progress: bool,
    action: Action,
) -> Vec<Effect> {
    let moved = match action {
        Action::EarlierPeriod => period.step(-1),
        Action::LaterPeriod => period.step(1),
        Action::PeriodUnit => period.as_unit(period.unit().next()),
        Action::Open => {
            state.overlay = None;
            if progress {
                state.progress.range = DateRange::Within(period);
            } else {
                state.browser.range = DateRange::Within(period);
                state.browser.cursor = 0;
            }
            return Vec::new();
        }
        Action::Back => {
            state.overlay = None;
            return Vec::new();
        }
        _ => period,
    };
    state.overlay = Some(Overlay::PickPeriod {
        period: moved,
        progress,
    });
    Vec::new()
}
