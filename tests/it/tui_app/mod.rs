//! The TUI through its public interface: `update` fed with message sequences for
//! every flow, and every screen drawn into ratatui's `TestBackend`. The helpers the
//! screens share are here; the tests are split by screen or journey.

mod chart;
mod history;
mod home;
mod journal;
mod keys;
mod measures;
mod mouse;
mod own_keys;
mod periods;
mod privacy;
mod reading;
mod reviews;
mod runner;
mod screens;
mod search;
mod sessions;
mod themes;
mod timer;

use between::journal::record::Record;
use between::journal::{Entry, EntryId, Journal, Kind};
use between::pack::Catalog;
use between::tui::app::{Effect, Screen, State, update};
use between::tui::theme::Theme;
use chrono::{DateTime, FixedOffset};
use crossterm::event::KeyCode;

use crate::common::tui::{key, screen_text, state_of};

fn at(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).unwrap()
}

/// A note with a fixed id and date, so that screens draw the same every time.
fn note(text: &str, when: &str) -> Entry {
    let mut entry = Entry::note(text.into());
    let created = at(when);
    let millis = created.timestamp_millis() as u64;
    entry.id =
        EntryId::parse(&ulid::Ulid::from_parts(millis, u128::from(millis)).to_string()).unwrap();
    entry.created = created;
    entry.updated = entry.created;
    entry
}

fn journal(entries: Vec<Entry>) -> Journal {
    let mut journal = Journal::default();
    for entry in entries {
        journal.apply(Record::put(entry));
    }
    journal
}

fn state_with(entries: Vec<Entry>, drafts: Vec<String>, first_run: bool) -> State {
    state_of(
        Catalog::builtin().unwrap(),
        journal(entries),
        drafts,
        first_run,
    )
}

fn state() -> State {
    state_with(Vec::new(), Vec::new(), false)
}

fn press(state: &mut State, codes: &[KeyCode]) -> Vec<Effect> {
    codes
        .iter()
        .flat_map(|code| update(state, key(*code)))
        .collect()
}

fn type_text(state: &mut State, text: &str) -> Vec<Effect> {
    text.chars()
        .flat_map(|c| update(state, key(KeyCode::Char(c))))
        .collect()
}

fn screen(state: &State) -> String {
    screen_text(state, 80, 24, &Theme::color())
}

/// Opens the triggers area (3) and starts its first exercise, the thought record.
fn start_thought_record(state: &mut State) {
    press(state, &[KeyCode::Char('3'), KeyCode::Enter]);
    assert_eq!(state.screen, Screen::Runner);
    assert_eq!(state.runner.as_ref().unwrap().exercise.id, "thought-record");
}

fn step_kind(state: &State) -> &'static str {
    state.runner.as_ref().unwrap().step().kind()
}

fn browsing_state() -> State {
    let mut dishes = note(
        "We argued about the dishes again.",
        "2026-11-20T21:00:00+01:00",
    );
    dishes.area = Some("triggers".into());
    dishes.tags = vec!["home".into()];
    let mut plan = note("Start softly: I feel, I need.", "2026-11-21T09:00:00+01:00");
    plan.kind = Kind::Plan;
    plan.title = Some("Gentle start-up".into());
    plan.area = Some("communication".into());
    let walk = note(
        "A long walk together, it was good.",
        "2026-11-22T18:30:00+01:00",
    );
    let mut state = state_with(vec![dishes, plan, walk], Vec::new(), false);
    update(&mut state, key(KeyCode::Char('J')));
    assert_eq!(state.screen, Screen::Journal);
    state
}
