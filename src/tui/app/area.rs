//! An area: its explanation and its exercises.

use crossterm::event::{KeyCode, KeyEvent};

use super::{Confirm, Effect, Overlay, Screen, State, runner};
use crate::pack::ExerciseRef;

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
    state.area = Some(AreaView {
        id: id.to_owned(),
        cursor: 0,
        scroll: 0,
    });
    state.screen = Screen::Area;
}

pub(super) fn key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let Some(view) = state.area.clone() else {
        state.screen = Screen::Home;
        return Vec::new();
    };
    let list = exercises(state, &view.id);
    let len = list.len();
    let selected = list
        .get(view.cursor)
        .map(|found| (found.pack.pack.id.clone(), found.exercise.id.clone()));
    let Some(area) = &mut state.area else {
        return Vec::new();
    };
    match key.code {
        KeyCode::Down | KeyCode::Char('j') => {
            area.cursor = (area.cursor + 1).min(len.saturating_sub(1))
        }
        KeyCode::Up | KeyCode::Char('k') => area.cursor = area.cursor.saturating_sub(1),
        KeyCode::PageDown => area.scroll = area.scroll.saturating_add(5),
        KeyCode::PageUp => area.scroll = area.scroll.saturating_sub(5),
        KeyCode::Esc | KeyCode::Char('h' | 'q') | KeyCode::Left => state.screen = Screen::Home,
        KeyCode::Enter | KeyCode::Char('l') | KeyCode::Right => {
            if let Some((pack, exercise)) = selected {
                let source = runner::Source::exercise(&pack, &exercise);
                if state.drafts.contains(&source.draft_key()) {
                    state.overlay = Some(Overlay::Confirm(Confirm::Resume(source)));
                } else {
                    runner::start(state, source);
                }
            }
        }
        _ => {}
    }
    Vec::new()
}
