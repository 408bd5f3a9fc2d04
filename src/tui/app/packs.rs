//! The Packs screen: every pack the app knows, and adding one by typing or pasting
//! the path of a file a therapist sent.

use std::path::{Path, PathBuf};

use crossterm::event::KeyEvent;

use super::{Confirm, Effect, Overlay, Screen, State};
use crate::tui::keymap::Action;

/// The Packs screen's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PacksView {
    /// The selected pack, by position in the catalog.
    pub cursor: usize,
    /// The path being typed, while adding a pack.
    pub typing: Option<String>,
}

/// The path in what was typed or pasted: surrounding blanks and quotes (which file
/// managers add when a file is dragged into a terminal) removed, a `file://` prefix
/// and a leading `~/` understood.
pub fn path_from(text: &str, home: Option<&Path>) -> PathBuf {
    let mut text = text.trim();
    for quote in ['\'', '"'] {
        if text.len() >= 2 && text.starts_with(quote) && text.ends_with(quote) {
            text = &text[1..text.len() - 1];
        }
    }
    let text = text.strip_prefix("file://").unwrap_or(text);
    match (text.strip_prefix("~/"), home) {
        (Some(rest), Some(home)) => home.join(rest),
        _ => PathBuf::from(text),
    }
}

/// The Packs screen: move, add a pack (type its path), report on its homework, back;
/// while a path is typed, add it or cancel.
pub fn act(state: &mut State, action: Action) -> Vec<Effect> {
    if let Some(typed) = &mut state.packs.typing {
        match action {
            action if super::line::edit(typed, action) => {}
            Action::DoneTyping => state.packs.typing = None,
            Action::Open if typed.trim().is_empty() => state.packs.typing = None,
            Action::Open => {
                let path = path_from(typed, state.home_dir.as_deref());
                state.packs.typing = None;
                return vec![Effect::AddPack {
                    path,
                    replace: false,
                }];
            }
            _ => {}
        }
        return Vec::new();
    }
    let count = state.catalog.packs().len();
    match action {
        Action::Down => {
            state.packs.cursor = (state.packs.cursor + 1).min(count.saturating_sub(1));
        }
        Action::Up => {
            state.packs.cursor = state.packs.cursor.saturating_sub(1);
        }
        Action::AddPack => state.packs.typing = Some(String::new()),
        Action::ReportPack => {
            let selected = state.catalog.packs().get(state.packs.cursor);
            match selected.filter(|loaded| loaded.pack.assignment.is_some()) {
                Some(loaded) => {
                    let id = loaded.pack.id.clone();
                    return super::report::open(state, id);
                }
                None => state.tell("This pack sets no homework, so there is no report."),
            }
        }
        Action::Back => state.screen = Screen::Home,
        _ => {}
    }
    Vec::new()
}

/// A character typed into the path.
pub fn typed(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    if let (Some(typed), Some(c)) = (&mut state.packs.typing, super::line::typed_char(&key)) {
        typed.push(c);
    }
    Vec::new()
}

/// Pasted text goes into the path being typed.
pub fn paste(state: &mut State, text: &str) {
    if let Some(typed) = &mut state.packs.typing {
        typed.push_str(&text.replace(['\n', '\r'], ""));
    }
}

/// A pack would replace an installed version: ask first, showing what changes.
pub fn confirm_replace(state: &mut State, path: PathBuf, changes: String) {
    state.overlay = Some(Overlay::Confirm(Confirm::ReplacePack { path, changes }));
}

/// The answer to "replace the installed version?".
pub fn replace_answer(state: &mut State, path: PathBuf, action: Action) -> Vec<Effect> {
    match action {
        Action::Yes => {
            state.overlay = None;
            vec![Effect::AddPack {
                path,
                replace: true,
            }]
        }
        _ => {
            state.overlay = None;
            state.tell("Kept the installed version; nothing was added.");
            Vec::new()
        }
    }
}
