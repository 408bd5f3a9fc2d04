//! What the screens show from the journal, computed once per change and never while
//! drawing. Each value is kept with what it was computed from: the [`Basis`] (which
//! journal and catalog, the journal's generation, today's date) and, for a screen with
//! choices, those choices. When either differs, the value is computed again at the end
//! of the next `update`, so nothing is forgotten by hand and a screen draws only what
//! is ready.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, NaiveDate};

use super::home::{self, HomeFigures};
use super::{Overlay, Screen, State, browser, progress, report};
use crate::journal::EntryId;
use crate::journal::practice::Decision;

/// What every derived value depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Basis {
    /// Which journal and catalog: changes when either is replaced (a reload, a pack).
    pub data: u64,
    /// The journal's generation: changes with every record applied.
    pub generation: u64,
    /// Today's date.
    pub today: NaiveDate,
}

/// A value with the key it was computed for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cached<K, V> {
    entry: Option<(K, V)>,
}

impl<K, V> Default for Cached<K, V> {
    fn default() -> Self {
        Self { entry: None }
    }
}

impl<K: PartialEq, V> Cached<K, V> {
    /// The value, whatever it was computed for (a screen draws the latest it has).
    pub fn get(&self) -> Option<&V> {
        self.entry.as_ref().map(|(_, value)| value)
    }

    /// Whether the value was computed for `key`.
    pub fn is_for(&self, key: &K) -> bool {
        self.entry.as_ref().is_some_and(|(k, _)| k == key)
    }

    /// Takes the value out, with what it was computed for.
    pub fn take(&mut self) -> Option<(K, V)> {
        self.entry.take()
    }

    /// Keeps `value`, computed for `key`.
    pub fn set(&mut self, key: K, value: V) {
        self.entry = Some((key, value));
    }
}

/// One strategy as "My strategies" and the plan picker show it.
#[derive(Debug, Clone, PartialEq)]
pub struct StrategyRow {
    /// The current plan of the strategy.
    pub plan: EntryId,
    /// Its title.
    pub title: String,
    /// How many tries.
    pub tries: usize,
    /// The average rating of the tries.
    pub rating: Option<f64>,
    /// The latest decision.
    pub decision: Option<Decision>,
    /// How many versions of the plan.
    pub versions: usize,
    /// Still being tried (not dropped).
    pub active: bool,
}

/// How often an exercise was done, and when last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Done {
    /// How many times.
    pub times: usize,
    /// The last time.
    pub last: DateTime<FixedOffset>,
}

/// The derived values of the screens that have no choices of their own.
#[derive(Debug, Default)]
pub struct Derived {
    /// Home: the areas' counts, what is due, homework, the recent and flagged entries.
    pub home: Cached<(Basis, Vec<String>), HomeFigures>,
    /// Every strategy, what worked best first.
    pub strategies: Cached<Basis, Vec<StrategyRow>>,
    /// Each exercise (pack, exercise) done, for the area screen.
    pub done: Cached<Basis, HashMap<(String, String), Done>>,
    /// For the area screen: who set each exercise (pack, exercise) as homework today.
    pub homework_from: Cached<Basis, HashMap<(String, String), String>>,
    /// "Since my last session", as Markdown.
    pub prep: Cached<Basis, String>,
    /// The look back shown, by which year, as Markdown, with its period in words.
    pub look_back: Cached<(Basis, u16), (String, String)>,
    /// One strategy's page, as Markdown, for the plan it was opened on.
    pub strategy_page: Cached<(Basis, EntryId), String>,
    /// Every session, as Markdown.
    pub sessions: Cached<Basis, String>,
    /// Every day with practice, for the year calendar.
    pub practice_days: Cached<Basis, std::collections::BTreeSet<NaiveDate>>,
}

/// Computes what the screen shown (and the window over it) needs, if it is not ready.
pub fn refresh(state: &mut State) {
    // A locked state is wiped and about to be dropped: nothing is shown from it.
    if state.locked {
        return;
    }
    let basis = state.basis();
    match &state.screen {
        Screen::Home => {
            let key = (basis, state.drafts.clone());
            if !state.derived.home.is_for(&key) {
                let figures = home::figures(state);
                // Fewer rows than before (a draft finished): the cursor stays on one.
                let rows = figures.todo.iter().filter(|r| r.act.is_some()).count();
                state.home.todo = state.home.todo.min(rows.saturating_sub(1));
                state.derived.home.set(key, figures);
            }
        }
        Screen::Strategies { .. } => refresh_strategies(state, basis),
        Screen::Area(_) => {
            if !state.derived.done.is_for(&basis) {
                let done = done(state);
                state.derived.done.set(basis, done);
            }
            if !state.derived.homework_from.is_for(&basis) {
                let from = homework_from(state);
                state.derived.homework_from.set(basis, from);
            }
        }
        Screen::Prep { .. } => {
            if !state.derived.prep.is_for(&basis) {
                let shared = crate::practice::Shared::new(&state.journal, false);
                let summary = crate::practice::prep::since_last_session(&shared);
                let text = crate::practice::prep::markdown(&summary);
                state.derived.prep.set(basis, text);
            }
        }
        Screen::LookBack { back, .. } => {
            let key = (basis, *back);
            if !state.derived.look_back.is_for(&key) {
                let (first, last) = crate::practice::look_back::year_back(state.today, *back);
                let shared = crate::practice::Shared::new(&state.journal, false);
                let figures =
                    crate::practice::look_back::look_back(&shared, first, last, state.today);
                let page = crate::look_back::page(&figures, &state.catalog);
                let text = crate::look_back::markdown(&page);
                state.derived.look_back.set(key, (page.title, text));
            }
        }
        Screen::Strategy { plan, .. } => {
            let key = (basis, plan.clone());
            if !state.derived.strategy_page.is_for(&key) {
                let page = crate::practice::chains(&state.journal)
                    .iter()
                    .find(|chain| chain.plans.iter().any(|p| &p.id == plan))
                    .map(crate::practice::strategy_page::markdown)
                    .unwrap_or_else(|| "This strategy is no longer in the journal.".to_owned());
                state.derived.strategy_page.set(key, page);
            }
        }
        Screen::Sessions { .. } => {
            if !state.derived.sessions.is_for(&basis) {
                let text = crate::practice::sessions::markdown(&state.journal);
                state.derived.sessions.set(basis, text);
            }
        }
        Screen::YearCalendar { .. } => {
            if !state.derived.practice_days.is_for(&basis) {
                let days = crate::practice::stats::practice_days(&state.journal);
                state.derived.practice_days.set(basis, days);
            }
        }
        // The entry view reads on through the list (`n`, `p`) and says its place in it.
        Screen::Journal | Screen::Entry { .. } => browser::refresh(state, basis),
        Screen::Progress => progress::refresh(state, basis),
        Screen::Report => report::refresh(state, basis),
        Screen::Welcome | Screen::Runner | Screen::Packs | Screen::Find(_) => {}
    }
    if matches!(state.overlay, Some(Overlay::PickPlan { .. })) {
        refresh_strategies(state, basis);
    }
}

/// Computes the strategies if they are not current: for home's `t` and `r`, which
/// need to know whether there is a plan before they open the picker.
pub fn ensure_strategies(state: &mut State) {
    let basis = state.basis();
    refresh_strategies(state, basis);
}

fn refresh_strategies(state: &mut State, basis: Basis) {
    if state.derived.strategies.is_for(&basis) {
        return;
    }
    let rows = crate::practice::chains(&state.journal)
        .iter()
        .map(|chain| StrategyRow {
            plan: chain.current().id.clone(),
            title: crate::sanitize::text(&chain.current().display_title()).replace('\n', " "),
            tries: chain.tries.len(),
            rating: chain.average_rating(),
            decision: chain.decision(),
            versions: chain.plans.len(),
            active: chain.is_active(),
        })
        .collect();
    state.derived.strategies.set(basis, rows);
}

/// Who set each exercise of the catalog as homework that counts today.
fn homework_from(state: &State) -> HashMap<(String, String), String> {
    state
        .catalog
        .exercises()
        .filter_map(|f| {
            let (pack, exercise) = (&f.pack.pack.id, &f.exercise.id);
            let assignment =
                crate::practice::homework::assigned(&state.catalog, pack, exercise, state.today)?;
            Some(((pack.clone(), exercise.clone()), assignment.from.clone()))
        })
        .collect()
}

/// Each exercise done, in one pass over the journal. Only exercise entries are
/// times done: a plan (or a try or review of it) made from an exercise names the
/// exercise too, but doing it is not doing the exercise again.
fn done(state: &State) -> HashMap<(String, String), Done> {
    let mut done: HashMap<(String, String), Done> = HashMap::new();
    for entry in state.journal.entries() {
        if let (Some(source), crate::journal::Kind::Exercise) = (&entry.exercise, entry.kind) {
            let key = (source.pack.to_string(), source.exercise.to_string());
            done.entry(key)
                .and_modify(|d| {
                    d.times += 1;
                    d.last = d.last.max(entry.created);
                })
                .or_insert(Done {
                    times: 1,
                    last: entry.created,
                });
        }
    }
    done
}
