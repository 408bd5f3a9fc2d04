//! What a left click does. Drawing records where each clickable row or option landed
//! as a [`Target`] (see `tui::hits`); the shell sends the one under the mouse as
//! `Msg::Click`. A click selects what it is on, and a click on what is already
//! selected opens it, as Enter would; in an exercise a click on an option chooses or
//! ticks it, as Space would. In a window over the screen only the window's own rows
//! take clicks: a plan of the picker as a row, and a question's answer lines each as
//! its key, at once.

use std::time::Duration;

use super::{
    Effect, HomePane, Overlay, Screen, State, area, browser, home, input, keys, overlay, runner,
};
use crate::tui::keymap::Action;
use crate::tui::widgets::Spot;

/// How soon after a click on the screen a click on a window is still the rest of a
/// double click: a window that the first press opened ignores the second.
pub const DOUBLE_CLICK: Duration = Duration::from_millis(500);

/// Something on screen a click acts on; the index is the row's place in its list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A row of one of home's panes ("To do" counts only the rows Enter acts on).
    Home {
        /// The pane.
        pane: HomePane,
        /// The row.
        row: usize,
    },
    /// An exercise of the open area.
    Exercise(usize),
    /// An entry of the journal's list.
    Entry(usize),
    /// A strategy on "My strategies".
    Strategy(usize),
    /// A pack on the Packs screen.
    Pack(usize),
    /// An option, an item or a point of the exercise step on screen.
    Step(Spot),
    /// A result of Find an exercise.
    Found(usize),
    /// A plan in the plan picker.
    Plan(usize),
    /// A key's line in a question (a dialog): what that key of the question's table
    /// does.
    Answer(Action),
}

/// A click on `target`. A target of another screen than the one shown (the screen
/// changed since the frame it was drawn in) does nothing, and so does a click on the
/// screen while a window is open over it.
pub(super) fn click(state: &mut State, target: Target) -> Vec<Effect> {
    if state.hidden {
        return Vec::new();
    }
    if let Some(overlay) = state.overlay.clone() {
        return window_click(state, overlay, target);
    }
    state.screen_click = Some(state.now.instant);
    if !in_list(state, target) {
        return Vec::new();
    }
    let again = match (&mut state.screen, target) {
        (Screen::Home, Target::Home { pane, row }) => {
            let home = &mut state.home;
            let cursor = match pane {
                HomePane::Areas => &mut home.area,
                HomePane::Todo => &mut home.todo,
                HomePane::Recent => &mut home.recent,
                HomePane::Discuss => &mut home.discuss,
            };
            let again = home.pane == pane && *cursor == row;
            *cursor = row;
            home.pane = pane;
            again
        }
        (Screen::Area(view), Target::Exercise(row)) => select(&mut view.cursor, row),
        (Screen::Journal, Target::Entry(row)) => {
            // A click on the list ends typing the search, as the arrows do.
            let typing = std::mem::take(&mut state.browser.typing);
            select(&mut state.browser.cursor, row) && !typing
        }
        (Screen::Strategies { cursor }, Target::Strategy(row)) => select(cursor, row),
        (Screen::Packs, Target::Pack(row)) if state.packs.typing.is_none() => {
            select(&mut state.packs.cursor, row)
        }
        (Screen::Find(view), Target::Found(row)) => select(&mut view.cursor, row),
        (Screen::Runner, Target::Step(spot)) => return runner::click(state, spot),
        _ => false,
    };
    if again {
        input::act(state, Action::Open)
    } else {
        Vec::new()
    }
}

/// Whether the row is one of its list's now (a click comes from the frame drawn
/// before it, and a message may say anything).
fn in_list(state: &State, target: Target) -> bool {
    let (row, len) = match target {
        Target::Home { pane, row } => (
            row,
            match pane {
                HomePane::Areas => state.catalog.areas().len(),
                HomePane::Todo => home::todo_len(state),
                HomePane::Recent => home::recent(state).len(),
                HomePane::Discuss => home::to_discuss(state).len(),
            },
        ),
        Target::Exercise(row) => match &state.screen {
            Screen::Area(view) => (row, area::exercises(state, &view.id).len()),
            _ => return false,
        },
        Target::Entry(row) => (row, browser::results(state).len()),
        Target::Strategy(row) => (row, state.derived.strategies.get().map_or(0, Vec::len)),
        Target::Pack(row) => (row, state.catalog.packs().len()),
        Target::Found(row) => match &state.screen {
            Screen::Find(view) => (row, view.results.len()),
            _ => return false,
        },
        Target::Step(_) => return true,
        Target::Plan(_) | Target::Answer(_) => return false,
    };
    row < len
}

/// A click on the window over the screen: a plan of the picker is selected, and chosen
/// when it was; a question's answer line is that answer, as its key is. Only targets
/// of the window open now count, and none while a double click that opened it is
/// still going on: a question asks for a deliberate answer.
fn window_click(state: &mut State, window: Overlay, target: Target) -> Vec<Effect> {
    let opened_by_this_click = state
        .screen_click
        .is_some_and(|at| state.now.instant.saturating_duration_since(at) < DOUBLE_CLICK);
    if opened_by_this_click {
        return Vec::new();
    }
    match (&window, target) {
        (Overlay::PickPlan { cursor, review }, Target::Plan(row))
            if row < home::active_plans(state).len() =>
        {
            if *cursor == row {
                overlay::act(state, window, Action::Open)
            } else {
                state.overlay = Some(Overlay::PickPlan {
                    cursor: row,
                    review: *review,
                });
                Vec::new()
            }
        }
        (Overlay::Confirm(_), Target::Answer(action)) if answers(state, &window, action) => {
            overlay::act(state, window, action)
        }
        _ => Vec::new(),
    }
}

/// Whether `action` is one of the answers `window` shows: a line of its key table.
fn answers(state: &State, window: &Overlay, action: Action) -> bool {
    keys::overlay_bindings(&state.own_keys, window)
        .iter()
        .any(|binding| binding.shown.is_some() && binding.action == Some(action))
}

/// Moves `cursor` to `row`; true when it was there already.
fn select(cursor: &mut usize, row: usize) -> bool {
    let again = *cursor == row;
    *cursor = row;
    again
}
