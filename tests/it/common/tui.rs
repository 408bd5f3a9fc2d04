//! Helpers for the tests that drive the app through `update` and draw it into
//! ratatui's `TestBackend`.

use between::journal::mint::IdMint;
use between::tui::clock::Now;
use std::path::PathBuf;

use between::journal::Journal;
use between::pack::Catalog;
use between::tui::app::{Msg, Start, State, update};
use between::tui::theme::Theme;
use between::tui::view::draw;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The data directory the app is told it has, so that screens draw the same everywhere.
pub const DATA_DIR: &str = "/home/you/.local/share/between";

/// The app on `catalog` and `journal`, past the welcome or on it, after a first tick.
pub fn state_of(catalog: Catalog, journal: Journal, drafts: Vec<String>, first_run: bool) -> State {
    let mut state = State::new(start_of(catalog, journal, drafts, first_run));
    update(&mut state, Msg::Tick(Now::system()));
    state
}

/// What the app starts from in tests: now, with ids from seed 1.
pub fn start_of(catalog: Catalog, journal: Journal, drafts: Vec<String>, first_run: bool) -> Start {
    Start {
        catalog,
        safety: between::safety::builtin(),
        journal,
        data_dir: PathBuf::from(DATA_DIR),
        drafts,
        first_run,
        warnings: Vec::new(),
        settings: between::settings::Settings::default(),
        encrypted: false,
        now: Now::system(),
        ids: IdMint::new(1),
        home_dir: None,
    }
}

/// A key press without modifiers.
pub fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// Ctrl and a letter.
pub fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

/// The screen drawn at `width`×`height`: one line per row, wide characters taking
/// their two cells, trailing blanks trimmed.
pub fn screen_text(state: &State, width: u16, height: u16, theme: &Theme) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| draw(frame, state, theme)).unwrap();
    terminal
        .backend()
        .to_string()
        .lines()
        .map(|line| line.trim_matches('"').trim_end().to_owned() + "\n")
        .collect()
}
