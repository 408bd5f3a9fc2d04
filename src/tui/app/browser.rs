//! The journal browser and the entry view: filters, incremental search, flags, edit
//! and delete.

use chrono::{Datelike, Days, NaiveDate};
use crossterm::event::KeyEvent;

use super::derived::{Basis, Cached};

use crate::tui::keymap::Action;

use super::{Confirm, Effect, Overlay, Screen, State};
use crate::journal::edit_text;
use crate::journal::period::Period;
use crate::journal::query::{Filter, Search, SearchIndex, find};
use crate::journal::{EntryId, Kind};

/// The date ranges the browser cycles through, or a month, season or year picked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateRange {
    /// Every entry.
    #[default]
    All,
    /// The last 7 days.
    Week,
    /// The last 4 weeks.
    Month,
    /// The last 3 months.
    Quarter,
    /// The last year.
    Year,
    /// A month, season or year chosen in the period picker.
    Within(Period),
}

impl DateRange {
    /// The name shown in the filter bar: "last 7 days", "April 2025".
    pub fn label(self) -> String {
        match self {
            DateRange::All => "any time".to_owned(),
            DateRange::Week => "last 7 days".to_owned(),
            DateRange::Month => "last 4 weeks".to_owned(),
            DateRange::Quarter => "last 3 months".to_owned(),
            DateRange::Year => "last year".to_owned(),
            DateRange::Within(period) => period.label(),
        }
    }

    /// How many days back a recent range reaches.
    fn days(self) -> Option<u64> {
        match self {
            DateRange::All | DateRange::Within(_) => None,
            DateRange::Week => Some(7),
            DateRange::Month => Some(28),
            DateRange::Quarter => Some(91),
            DateRange::Year => Some(365),
        }
    }

    /// The first and last day the range takes as of `today` (none: no limit).
    pub fn bounds(self, today: NaiveDate) -> (Option<NaiveDate>, Option<NaiveDate>) {
        match self {
            DateRange::Within(period) => (period.first(), period.last()),
            range => (
                range
                    .days()
                    .and_then(|d| today.checked_sub_days(Days::new(d))),
                None,
            ),
        }
    }

    /// The next recent range, for the key that cycles through them (a picked period
    /// goes back to every entry).
    pub fn next(self) -> Self {
        match self {
            DateRange::All => DateRange::Week,
            DateRange::Week => DateRange::Month,
            DateRange::Month => DateRange::Quarter,
            DateRange::Quarter => DateRange::Year,
            DateRange::Year | DateRange::Within(_) => DateRange::All,
        }
    }
}

/// The browser's filters, search and selection.
#[derive(Debug, Clone, Default)]
pub struct Browser {
    /// Only this area.
    pub area: Option<String>,
    /// Only this kind.
    pub kind: Option<Kind>,
    /// Only this tag.
    pub tag: Option<String>,
    /// Only this recent range.
    pub range: DateRange,
    /// The search words.
    pub search: String,
    /// Whether the search looks at the person's own words only (not prompts, titles
    /// or pack text).
    pub own_words: bool,
    /// Whether the list reads oldest first (reading a month in order), not newest.
    pub oldest_first: bool,
    /// Whether typed keys go into the search.
    pub typing: bool,
    /// The selected row of the results.
    pub cursor: usize,
    /// The entries that match, newest first (or oldest first), with what they were
    /// found for.
    pub results: Cached<(Basis, Query), Vec<EntryId>>,
    /// Where in the results a month begins (the list's month headings), found with
    /// them: the first is 0 when there are any.
    pub month_starts: Vec<usize>,
    /// Edited text that could not be read back, kept to edit again.
    pub pending_edit: Option<(EntryId, String)>,
    /// The entry whose edit is being saved: only that save is the edit's, not another
    /// change of the same entry (a flag, privacy) made while an edit waits.
    pub edit_saving: Option<EntryId>,
    /// The search index, built when the browser first needs it and again after the
    /// journal changes.
    pub index: Option<SearchIndex>,
    /// The entry the cursor stays on when the results are found again (the journal
    /// was loaded again, with entries written elsewhere), if it is still found.
    pub keep: Option<EntryId>,
}

/// What the browser's results depend on besides the journal: its choices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    area: Option<String>,
    kind: Option<Kind>,
    tag: Option<String>,
    range: DateRange,
    search: String,
    own_words: bool,
    oldest_first: bool,
}

impl Browser {
    /// The choices the results are found for.
    fn query(&self) -> Query {
        Query {
            area: self.area.clone(),
            kind: self.kind,
            tag: self.tag.clone(),
            range: self.range,
            search: self.search.clone(),
            own_words: self.own_words,
            oldest_first: self.oldest_first,
        }
    }

    /// The search as typed, over the texts chosen.
    pub fn search(&self) -> Search {
        Search::new(&self.search).own_words(self.own_words)
    }

    /// Appends typed or pasted text to the search.
    pub fn type_text(&mut self, text: &str) {
        self.search.extend(text.chars().filter(|c| !c.is_control()));
        self.cursor = 0;
    }

    /// The query engine's filter for the current choices, as of `today`.
    pub fn filter(&self, today: NaiveDate) -> Filter {
        let (since, until) = self.range.bounds(today);
        Filter {
            area: self.area.clone(),
            kind: self.kind,
            tag: self.tag.clone(),
            since,
            until,
        }
    }
}

/// Finds the entries matching the browser's filters and search, if they changed or the
/// journal did.
pub(super) fn refresh(state: &mut State, basis: Basis) {
    let key = (basis, state.browser.query());
    if state.browser.results.is_for(&key) {
        return;
    }
    let stale = !state
        .browser
        .index
        .as_ref()
        .is_some_and(|index| index.is_current(&state.journal));
    if stale {
        state.browser.index = Some(SearchIndex::build(&state.journal));
    }
    let filter = state.browser.filter(state.today);
    let search = state.browser.search();
    let mut entries = match &state.browser.index {
        Some(index) => find(&state.journal, index, &filter, &search),
        None => Vec::new(),
    };
    if state.browser.oldest_first {
        entries.reverse();
    }
    let month = |entry: &crate::journal::Entry| (entry.created.year(), entry.created.month());
    state.browser.month_starts = (0..entries.len())
        .filter(|&i| i == 0 || month(entries[i]) != month(entries[i - 1]))
        .collect();
    let found: Vec<EntryId> = entries.into_iter().map(|entry| entry.id.clone()).collect();
    if let Some(at) = state
        .browser
        .keep
        .take()
        .and_then(|kept| found.iter().position(|id| *id == kept))
    {
        state.browser.cursor = at;
    }
    state.browser.cursor = state.browser.cursor.min(found.len().saturating_sub(1));
    state.browser.results.set(key, found);
}

/// Where result `at` stands in its month: the month's first result and how many
/// results the month has.
pub fn month_of(state: &State, at: usize) -> (usize, usize) {
    let starts = &state.browser.month_starts;
    let k = starts
        .partition_point(|&start| start <= at)
        .saturating_sub(1);
    let start = starts.get(k).copied().unwrap_or(0);
    let end = starts.get(k + 1).copied().unwrap_or(results(state).len());
    (start, end - start)
}

/// The entry's place in the results, if the list has it (the selected row's first).
pub fn place(state: &State, id: &EntryId) -> Option<usize> {
    let results = results(state);
    if results.get(state.browser.cursor) == Some(id) {
        return Some(state.browser.cursor);
    }
    results.iter().position(|found| found == id)
}

/// The entries found, newest first (as of the latest update).
pub fn results(state: &State) -> &[EntryId] {
    state
        .browser
        .results
        .get()
        .map(Vec::as_slice)
        .unwrap_or_default()
}

/// The option after `current` (none after the last, the first after none).
pub(super) fn cycle<T: Clone + PartialEq>(options: &[T], current: &Option<T>) -> Option<T> {
    match current {
        None => options.first().cloned(),
        Some(value) => {
            let at = options.iter().position(|o| o == value);
            at.and_then(|i| options.get(i + 1)).cloned()
        }
    }
}

/// The journal: move, open, search, filter, and act on the selected entry; while the
/// search is typed, stop or erase.
pub(super) fn act(state: &mut State, action: Action) -> Vec<Effect> {
    if state.browser.typing {
        match action {
            Action::DoneTyping => state.browser.typing = false,
            Action::ToggleOwnWords => toggle_own_words(&mut state.browser),
            action if super::line::edit(&mut state.browser.search, action) => {
                state.browser.cursor = 0;
            }
            // The mouse wheel while typing.
            Action::Down | Action::Up => {
                state.browser.typing = false;
                return act(state, action);
            }
            _ => {}
        }
        return Vec::new();
    }
    let len = results(state).len();
    let cursor = state.browser.cursor;
    let selected = results(state).get(cursor).cloned();
    let browser = &mut state.browser;
    match action {
        Action::Down => browser.cursor = (browser.cursor + 1).min(len.saturating_sub(1)),
        Action::Up => browser.cursor = browser.cursor.saturating_sub(1),
        Action::PageDown => browser.cursor = (browser.cursor + 10).min(len.saturating_sub(1)),
        Action::PageUp => browser.cursor = browser.cursor.saturating_sub(10),
        Action::First => browser.cursor = 0,
        Action::Last => browser.cursor = len.saturating_sub(1),
        Action::Search => browser.typing = true,
        Action::ToggleOwnWords => toggle_own_words(browser),
        Action::Note => super::runner::start_or_resume(state, super::source::Source::Note),
        Action::FilterArea => {
            let areas = area_ids(state);
            let browser = &mut state.browser;
            browser.area = cycle(&areas, &browser.area);
            browser.cursor = 0;
        }
        Action::FilterKind => {
            const KINDS: [Kind; 6] = [
                Kind::Exercise,
                Kind::Plan,
                Kind::Try,
                Kind::Review,
                Kind::Session,
                Kind::Note,
            ];
            browser.kind = cycle(&KINDS, &browser.kind);
            browser.cursor = 0;
        }
        Action::FilterTag => {
            let mut tags: Vec<String> = state
                .journal
                .entries()
                .flat_map(|e| e.tags.iter().map(|t| t.to_string()))
                .collect();
            tags.sort();
            tags.dedup();
            let browser = &mut state.browser;
            browser.tag = cycle(&tags, &browser.tag);
            browser.cursor = 0;
        }
        Action::FilterRange => {
            browser.range = browser.range.next();
            browser.cursor = 0;
        }
        Action::PickPeriod => super::period_picker::open(state, false),
        Action::OldestFirst => {
            // The same entry stays selected, from the other end; from the top of the
            // list (where it opens), the top of the other order: reading starts there.
            browser.oldest_first = !browser.oldest_first;
            if browser.cursor > 0 {
                browser.cursor = len.saturating_sub(1).saturating_sub(browser.cursor);
            }
        }
        Action::ClearFilters => {
            *browser = Browser {
                oldest_first: browser.oldest_first,
                pending_edit: browser.pending_edit.take(),
                edit_saving: browser.edit_saving.take(),
                index: browser.index.take(),
                ..Browser::default()
            };
        }
        Action::Back if !browser.search.is_empty() => {
            browser.search.clear();
            browser.cursor = 0;
        }
        Action::Back => state.screen = Screen::Home,
        Action::Open => {
            if let Some(id) = selected {
                state.screen = if browser.search().is_empty() {
                    Screen::entry(id)
                } else {
                    Screen::found_entry(id)
                };
            }
        }
        _ => {
            if let Some(id) = selected {
                return entry_action(state, &id, action);
            }
        }
    }
    Vec::new()
}

/// Search the person's own words only, or every text again.
fn toggle_own_words(browser: &mut Browser) {
    browser.own_words = !browser.own_words;
    browser.cursor = 0;
}

/// The ids of every area, in the catalog's order, for the area filters to cycle.
pub(super) fn area_ids(state: &State) -> Vec<String> {
    state
        .catalog
        .areas()
        .into_iter()
        .map(|a| a.decl.id)
        .collect()
}

/// One entry in full: scroll, act on it, back to the list.
pub(super) fn entry_act(state: &mut State, id: &EntryId, action: Action) -> Vec<Effect> {
    if let Screen::Entry { scroll, .. } = &mut state.screen
        && super::input::scroll(scroll, action)
    {
        return Vec::new();
    }
    match action {
        Action::Back => state.screen = Screen::Journal,
        Action::NextEntry => read_on(state, id, 1),
        Action::PreviousEntry => read_on(state, id, -1),
        _ => return entry_action(state, id, action),
    }
    Vec::new()
}

/// Opens the entry `step` rows from `id` in the journal list (its order and
/// filters), and selects it there; at either end, says so and stays.
fn read_on(state: &mut State, id: &EntryId, step: isize) {
    let Some(at) = place(state, id) else {
        state.tell("This entry is not in the journal list as it is filtered now.");
        return;
    };
    let next = at
        .checked_add_signed(step)
        .and_then(|next| results(state).get(next).map(|found| (next, found.clone())));
    match next {
        Some((next, found)) => {
            state.browser.cursor = next;
            // Reading on from a search keeps its matches marked.
            state.screen = if state.browser.search().is_empty() {
                Screen::entry(found)
            } else {
                Screen::found_entry(found)
            };
        }
        None if step > 0 => state.tell("This is the last entry in the list."),
        None => state.tell("This is the first entry in the list."),
    }
}

/// A character typed into the search.
pub(super) fn typed(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    if let (true, Some(c)) = (state.browser.typing, super::line::typed_char(&key)) {
        state.browser.type_text(&c.to_string());
    }
    Vec::new()
}

/// What acts on one entry, from the list or the entry view.
fn entry_action(state: &mut State, id: &EntryId, action: Action) -> Vec<Effect> {
    let Some(entry) = state.journal.get(id) else {
        return Vec::new();
    };
    let read_only = state.journal.read_only().map(str::to_owned);
    let change = |state: &mut State, revised: crate::journal::Entry| {
        if let Some(reason) = &read_only {
            state.warn(format!("Nothing can be changed: {reason}"));
            return Vec::new();
        }
        vec![Effect::Save(revised)]
    };
    match action {
        Action::ToggleDiscuss => {
            let mut revised = entry.revised_at(state.now.wall);
            revised.discuss = !revised.discuss;
            change(state, revised)
        }
        Action::TogglePrivate => {
            let mut revised = entry.revised_at(state.now.wall);
            revised.private = !revised.private;
            change(state, revised)
        }
        Action::Delete => {
            state.overlay = Some(Overlay::Confirm(Confirm::Delete(id.clone())));
            Vec::new()
        }
        Action::Edit => {
            if !edit_text::has_text(entry) {
                state.warn("This entry has no written text to edit.");
                return Vec::new();
            }
            let text = match &state.browser.pending_edit {
                Some((pending, text)) if pending == id => text.clone(),
                _ => edit_text::render(entry),
            };
            state.browser.pending_edit = Some((id.clone(), text.clone()));
            vec![Effect::Edit {
                text,
                entry: Some(id.clone()),
            }]
        }
        _ => Vec::new(),
    }
}

/// An entry was saved: an edit of it waiting for that is done, and its kept file
/// can go.
pub(super) fn saved(state: &mut State, id: &EntryId) -> Option<Effect> {
    if state.browser.edit_saving.as_ref() == Some(id) {
        state.browser.edit_saving = None;
        state.browser.pending_edit = None;
        // The old text is still in the journal's files: offer to erase it now.
        state.overlay = Some(super::Overlay::Confirm(super::Confirm::EraseOld(
            id.clone(),
        )));
        return Some(Effect::ForgetEdit(id.clone()));
    }
    None
}

/// The editor closed on an entry's text: save a new revision if it changed.
pub(super) fn edited(state: &mut State, result: Result<String, String>) -> Vec<Effect> {
    let Some((id, _)) = state.browser.pending_edit.clone() else {
        return Vec::new();
    };
    let text = match result {
        Ok(text) => text,
        Err(message) => {
            state.warn(message);
            return Vec::new();
        }
    };
    let Some(entry) = state.journal.get(&id) else {
        return Vec::new();
    };
    match edit_text::revise(entry, &text, state.now.wall) {
        Err(problem) => {
            state.browser.pending_edit = Some((id, text));
            state.warn(format!(
                "Your changes were not saved: {problem}. Press e to edit them again."
            ));
            Vec::new()
        }
        Ok(None) => {
            state.browser.pending_edit = None;
            state.tell("No changes; nothing was saved.");
            vec![Effect::ForgetEdit(id)]
        }
        Ok(Some(revised)) => {
            if let Some(reason) = state.journal.read_only() {
                let reason = reason.to_owned();
                state.browser.pending_edit = Some((id, text));
                state.warn(format!("Nothing can be changed: {reason}"));
                return Vec::new();
            }
            // The edited text stays until the save is confirmed, so a failed save
            // loses nothing: `e` opens it again.
            state.browser.pending_edit = Some((id.clone(), text));
            state.browser.edit_saving = Some(id);
            vec![Effect::Save(revised)]
        }
    }
}
