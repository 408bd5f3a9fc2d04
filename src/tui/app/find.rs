//! Find an exercise: a search over the title, summary, technique, area and steps of
//! every exercise, built in and installed, that narrows as you type. Enter starts the one
//! selected, Tab shows its steps first.

use crossterm::event::KeyEvent;

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
    /// The words of every exercise.
    pub index: Vec<Searchable>,
    /// The screen to go back to.
    pub from: Box<Screen>,
}

/// Opens the search over `state`'s screen, with every exercise listed.
pub(super) fn open(state: &mut State) {
    let from = Box::new(state.screen.clone());
    let index = index(&state.catalog);
    state.screen = Screen::Find(FindView {
        query: String::new(),
        cursor: 0,
        results: matches(&index, ""),
        index,
        from,
    });
}

/// One exercise's words, in lower case, by how much a match there counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Searchable {
    /// The exercise, as (pack, exercise).
    key: (String, String),
    /// Its title.
    title: String,
    /// Its title, summary, technique and area.
    about: String,
    /// Everything `between show` prints of it, steps and all.
    all: String,
}

/// The words of every exercise in `catalog`, in the catalog's order: made once when
/// the search opens, so typing only compares.
pub fn index(catalog: &Catalog) -> Vec<Searchable> {
    let areas = catalog.areas();
    catalog
        .exercises()
        .map(|f| {
            let area = areas
                .iter()
                .find(|a| a.decl.id == f.exercise.area)
                .map_or(f.exercise.area.as_str(), |a| a.decl.title.as_str());
            let title = f.exercise.title.to_lowercase();
            let about = format!(
                "{title}\n{}\n{}\n{}",
                f.exercise.summary.to_lowercase(),
                f.exercise.technique.to_lowercase(),
                area.to_lowercase()
            );
            Searchable {
                key: (f.pack.pack.id.clone(), f.exercise.id.clone()),
                title,
                about,
                all: crate::pack::describe::exercise_text(f).to_lowercase(),
            }
        })
        .collect()
}

/// The exercises with every word of `query` (ignoring case) somewhere in them: those
/// with the words in the title first, then in the summary, technique or area, then
/// anywhere in their steps (a client looking for "breath" finds the break that says
/// "breathe slowly"); all of them, in the catalog's order, for an empty query.
pub fn matches(index: &[Searchable], query: &str) -> Vec<(String, String)> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    let has_all = |text: &str| words.iter().all(|w| text.contains(w.as_str()));
    let mut found: Vec<(u8, (String, String))> = index
        .iter()
        .filter_map(|exercise| {
            let rank = if has_all(&exercise.title) {
                0
            } else if has_all(&exercise.about) {
                1
            } else if has_all(&exercise.all) {
                2
            } else {
                return None;
            };
            Some((rank, exercise.key.clone()))
        })
        .collect();
    // A stable sort keeps the catalog's order within each group.
    found.sort_by_key(|(rank, _)| *rank);
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
        action if super::line::edit(&mut view.query, action) => refresh(state),
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
    if let Some(c) = super::line::typed_char(&event) {
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
    if let Screen::Find(view) = &mut state.screen {
        view.results = matches(&view.index, &view.query);
        view.cursor = 0;
    }
}
