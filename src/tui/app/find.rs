//! Find an exercise: a search over the title, summary, technique and area of every
//! exercise, built in and installed, that narrows as you type. Enter starts the one
//! selected, Tab shows its steps first.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{Effect, Overlay, Screen, State, runner};
use crate::pack::Catalog;
use crate::tui::keymap::Action;

/// The search, its results and where it was opened from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindView {
    /// What was typed.
    pub query: String,
    /// The selected result.
    pub cursor: usize,
    /// The exercises that match, as (pack, exercise), best first.
    pub results: Vec<(String, String)>,
    /// The screen to go back to.
    pub from: Box<Screen>,
}

/// Opens the search over `state`'s screen, with every exercise listed.
pub(super) fn open(state: &mut State) {
    let from = Box::new(state.screen.clone());
    state.screen = Screen::Find(FindView {
        query: String::new(),
        cursor: 0,
        results: matches(&state.catalog, ""),
        from,
    });
}

/// The exercises whose title, summary, technique or area has every word of `query`
/// (ignoring case), those with the words in the title first; all of them, in the
/// catalog's order, for an empty query.
pub fn matches(catalog: &Catalog, query: &str) -> Vec<(String, String)> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    let areas = catalog.areas();
    let mut found: Vec<(bool, (String, String))> = catalog
        .exercises()
        .filter_map(|f| {
            let area = areas
                .iter()
                .find(|a| a.decl.id == f.exercise.area)
                .map_or(f.exercise.area.as_str(), |a| a.decl.title.as_str());
            let title = f.exercise.title.to_lowercase();
            let all = format!(
                "{title}\n{}\n{}\n{}",
                f.exercise.summary.to_lowercase(),
                f.exercise.technique.to_lowercase(),
                area.to_lowercase()
            );
            words.iter().all(|w| all.contains(w.as_str())).then(|| {
                let in_title = words.iter().all(|w| title.contains(w.as_str()));
                let key = (f.pack.pack.id.clone(), f.exercise.id.clone());
                (in_title, key)
            })
        })
        .collect();
    // A stable sort keeps the catalog's order within each group.
    found.sort_by_key(|(in_title, _)| !in_title);
    found.into_iter().map(|(_, key)| key).collect()
}

/// The search's keys: move, start, see the steps, erase, back.
pub(super) fn act(state: &mut State, action: Action) -> Vec<Effect> {
    let Screen::Find(view) = &mut state.screen else {
        return Vec::new();
    };
    let last = view.results.len().saturating_sub(1);
    let selected = view.results.get(view.cursor).cloned();
    match action {
        Action::Down => view.cursor = (view.cursor + 1).min(last),
        Action::Up => view.cursor = view.cursor.saturating_sub(1),
        Action::Erase => {
            view.query.pop();
            refresh(state);
        }
        Action::Back => state.screen = (*view.from).clone(),
        Action::Preview => {
            if let Some((pack, exercise)) = selected {
                state.safety_scroll = 0;
                state.overlay = Some(Overlay::Preview { pack, exercise });
            }
        }
        Action::Open => {
            if let Some((pack, exercise)) = selected {
                runner::start_or_resume(state, runner::Source::exercise(&pack, &exercise));
            }
        }
        _ => {}
    }
    Vec::new()
}

/// A character typed (or pasted) into the search.
pub(super) fn typed(state: &mut State, event: KeyEvent) -> Vec<Effect> {
    let plain = !event
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
    if let (KeyCode::Char(c), true) = (event.code, plain) {
        type_text(state, &c.to_string());
    }
    Vec::new()
}

/// Text pasted into the search, on one line.
pub(super) fn type_text(state: &mut State, text: &str) {
    if let Screen::Find(view) = &mut state.screen {
        let clean = crate::sanitize::text(text).replace(['\n', '\t'], " ");
        view.query.push_str(&clean);
        refresh(state);
    }
}

fn refresh(state: &mut State) {
    let catalog = &state.catalog;
    if let Screen::Find(view) = &mut state.screen {
        view.results = matches(catalog, &view.query);
        view.cursor = 0;
    }
}
