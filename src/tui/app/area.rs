//! An area: its explanation and its exercises.

use super::{Effect, Screen, State, runner};
use crate::pack::ExerciseRef;
use crate::tui::keymap::Action;

/// The open area and the selected exercise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaView {
    /// The area's id.
    pub id: String,
    /// The selected exercise.
    pub cursor: usize,
    /// Scroll offset of the explanation.
    pub scroll: u16,
}

/// The exercises of an area, in pack order.
pub fn exercises<'c>(state: &'c State, area: &str) -> Vec<ExerciseRef<'c>> {
    state
        .catalog
        .exercises()
        .filter(|found| found.exercise.area == area)
        .collect()
}

pub(super) fn open(state: &mut State, id: &str) {
    state.screen = Screen::Area(AreaView {
        id: id.to_owned(),
        cursor: 0,
        scroll: 0,
    });
}

/// An area: move, scroll its explanation, start the selected exercise, back.
pub(super) fn act(state: &mut State, action: Action) -> Vec<Effect> {
    let Screen::Area(view) = &state.screen else {
        return Vec::new();
    };
    let view = view.clone();
    let list = exercises(state, &view.id);
    let len = list.len();
    let selected = list
        .get(view.cursor)
        .map(|found| (found.pack.pack.id.clone(), found.exercise.id.clone()));
    let Screen::Area(area) = &mut state.screen else {
        return Vec::new();
    };
    match action {
        Action::Down => area.cursor = (area.cursor + 1).min(len.saturating_sub(1)),
        Action::Up => area.cursor = area.cursor.saturating_sub(1),
        Action::PageDown => area.scroll = area.scroll.saturating_add(5),
        Action::PageUp => area.scroll = area.scroll.saturating_sub(5),
        Action::Back => state.screen = Screen::Home,
        Action::Find => super::find::open(state),
        Action::Preview => {
            if let Some((pack, exercise)) = selected {
                state.safety_scroll = 0;
                state.overlay = Some(super::Overlay::Preview { pack, exercise });
            }
        }
        Action::Open => {
            if let Some((pack, exercise)) = selected {
                let source = runner::Source::exercise(&pack, &exercise);
                runner::start_or_resume(state, source);
            }
        }
        _ => {}
    }
    Vec::new()
}
