//! Helpers for the tests that drive the app through `update` and draw it into
//! ratatui's `TestBackend`.

use between::journal::mint::IdMint;
use between::tui::clock::Now;
use std::path::PathBuf;

use between::journal::Journal;
use between::pack::Catalog;
use between::tui::app::{Effect, Msg, Start, State, update};
use between::tui::hits::Hits;
use between::tui::theme::Theme;
use between::tui::view::draw;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
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
        rounds: Default::default(),
        safety: between::safety::builtin(),
        journal,
        data_dir: PathBuf::from(DATA_DIR),
        journal_file: PathBuf::from(DATA_DIR).join("journal.jsonl"),
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
    terminal
        .draw(|frame| {
            draw(frame, state, theme);
        })
        .unwrap();
    terminal
        .backend()
        .to_string()
        .lines()
        .map(|line| line.trim_matches('"').trim_end().to_owned() + "\n")
        .collect()
}

/// The app drawn at `width`×`height`: the buffer, and where a click acts.
pub fn drawn(state: &State, width: u16, height: u16) -> (ratatui::buffer::Buffer, Hits) {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    let mut hits = Hits::default();
    terminal
        .draw(|frame| hits = draw(frame, state, &Theme::color()))
        .unwrap();
    (terminal.backend().buffer().clone(), hits)
}

/// The first cell (column, row) where `text` is drawn in `buffer`.
pub fn cell_of(buffer: &ratatui::buffer::Buffer, text: &str) -> Option<(u16, u16)> {
    let area = buffer.area;
    (area.top()..area.bottom()).find_map(|y| {
        let mut line = String::new();
        let mut columns = Vec::new();
        for x in area.left()..area.right() {
            let symbol = buffer[(x, y)].symbol();
            columns.extend(std::iter::repeat_n(x, symbol.len()));
            line.push_str(symbol);
        }
        line.find(text).map(|at| (columns[at], y))
    })
}

/// Presses the left button on the first cell that shows `text` at 80×24, as the shell
/// does: the frame's hits turn the mouse event into a message, which `update` takes.
/// Panics when the text is not on screen; nothing happens where nothing can be
/// clicked.
pub fn click_on(state: &mut State, text: &str) -> Vec<Effect> {
    let (buffer, hits) = drawn(state, 80, 24);
    let (column, row) = cell_of(&buffer, text).unwrap_or_else(|| panic!("{text:?} not drawn"));
    click_at(state, &hits, column, row)
}

/// Presses the left button at (`column`, `row`) of the frame that made `hits`.
pub fn click_at(state: &mut State, hits: &Hits, column: u16, row: u16) -> Vec<Effect> {
    let event = MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column,
        row,
        modifiers: KeyModifiers::NONE,
    };
    match hits.msg(event) {
        Some(msg) => update(state, msg),
        None => Vec::new(),
    }
}

/// Makes the (empty) journal of `data` encrypted; returns its key.
pub fn encrypted(data: &between::data_dir::DataDir) -> between::vault::Vault {
    use between::vault::{Header, Vault};
    let vault = Vault::generate();
    let header = Header::with_kdf(&vault, "words", Header::test_kdf());
    between::journal::Store::new(data.clone())
        .open()
        .unwrap()
        .rewrite_with(Some((header, vault.clone())), |_| Ok(()))
        .unwrap();
    vault
}
