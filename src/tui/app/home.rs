//! Home: the areas, recent entries and entries to discuss.

use super::source::Source;
use super::todo::{self, Act, Row};
use super::{Effect, Overlay, Screen, State, area, runner};
use crate::journal::{Entry, EntryId, Kind};
use crate::pack::builtin;
use crate::tui::keymap::Action;

/// How many recent entries home lists.
pub const RECENT: usize = 8;

/// The panes of home, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HomePane {
    /// The work areas.
    #[default]
    Areas,
    /// Unfinished work, homework and what is due.
    Todo,
    /// The newest entries.
    Recent,
    /// Entries flagged to discuss.
    Discuss,
}

/// Home's selection.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Home {
    /// The focused pane.
    pub pane: HomePane,
    /// The selected area.
    pub area: usize,
    /// The selected row of "To do", counting only the rows Enter acts on.
    pub todo: usize,
    /// The selected recent entry.
    pub recent: usize,
    /// The selected entry to discuss.
    pub discuss: usize,
}

/// What home shows from the journal: exercises done per area (in the catalog's
/// order) and what there is to do. Computed once per change of the journal or the
/// drafts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HomeFigures {
    /// Exercises done in each area, by position in `Catalog::areas`.
    pub done: Vec<usize>,
    /// Unfinished work, homework and what is due.
    pub todo: Vec<Row>,
    /// The newest entries, newest first.
    pub recent: Vec<EntryId>,
    /// The entries flagged to discuss, newest first.
    pub discuss: Vec<EntryId>,
}

/// Computes what home shows.
pub fn figures(state: &State) -> HomeFigures {
    let areas = state.catalog.areas();
    let mut done = vec![0; areas.len()];
    for entry in state.journal.entries().filter(|e| e.kind == Kind::Exercise) {
        if let Some(i) = areas
            .iter()
            .position(|a| Some(a.decl.id.as_str()) == entry.area.as_deref())
        {
            done[i] += 1;
        }
    }
    let todo = todo::rows(
        &state.catalog,
        &state.rounds,
        &state.journal,
        &state.drafts,
        state.today,
    );
    let recent = state
        .journal
        .entries()
        .rev()
        .take(RECENT)
        .map(|e| e.id.clone())
        .collect();
    let discuss = state
        .journal
        .entries()
        .rev()
        .filter(|e| e.discuss)
        .map(|e| e.id.clone())
        .collect();
    HomeFigures {
        done,
        todo,
        recent,
        discuss,
    }
}

/// The ids of the newest entries, newest first.
pub fn recent(state: &State) -> &[EntryId] {
    let ids = state.derived.home.get().map(|f| f.recent.as_slice());
    ids.unwrap_or_default()
}

/// Home's "To do" rows.
pub fn todo_rows(state: &State) -> &[Row] {
    let rows = state.derived.home.get().map(|f| f.todo.as_slice());
    rows.unwrap_or_default()
}

/// How many rows of "To do" Enter acts on (the rest are headings).
pub(super) fn todo_len(state: &State) -> usize {
    todo_rows(state)
        .iter()
        .filter(|row| row.act.is_some())
        .count()
}

/// The ids of the entries flagged to discuss, newest first.
pub fn to_discuss(state: &State) -> &[EntryId] {
    let ids = state.derived.home.get().map(|f| f.discuss.as_slice());
    ids.unwrap_or_default()
}

/// The current plans of the strategies still being tried, what has worked best first.
pub fn active_plans(state: &State) -> Vec<&Entry> {
    let rows = state.derived.strategies.get().map(Vec::as_slice);
    rows.unwrap_or_default()
        .iter()
        .filter(|row| row.active)
        .filter_map(|row| state.journal.get(&row.plan))
        .collect()
}

/// The plan picker: move, choose the plan to log a try of (or to review), cancel.
pub(super) fn pick_plan_act(
    state: &mut State,
    cursor: usize,
    review: bool,
    action: Action,
) -> Vec<Effect> {
    let plans: Vec<EntryId> = active_plans(state).iter().map(|p| p.id.clone()).collect();
    let last = plans.len().saturating_sub(1);
    let moved = |cursor| Some(Overlay::PickPlan { cursor, review });
    match action {
        Action::Down => state.overlay = moved((cursor + 1).min(last)),
        Action::Up => state.overlay = moved(cursor.saturating_sub(1)),
        Action::Back => state.overlay = None,
        Action::Open => {
            state.overlay = None;
            if let Some(plan) = plans.get(cursor) {
                let plan = plan.clone();
                let source = if review {
                    Source::Review { plan }
                } else {
                    Source::Try { plan }
                };
                runner::start_or_resume(state, source);
            }
        }
        _ => {}
    }
    Vec::new()
}

/// The strategies list: move, open the current plan, back.
pub(super) fn strategies_act(state: &mut State, action: Action) -> Vec<Effect> {
    let plans: Vec<EntryId> = state
        .derived
        .strategies
        .get()
        .map(|rows| rows.iter().map(|row| row.plan.clone()).collect())
        .unwrap_or_default();
    let last = plans.len().saturating_sub(1);
    let Screen::Strategies { cursor } = &mut state.screen else {
        return Vec::new();
    };
    match action {
        Action::Down => *cursor = (*cursor + 1).min(last),
        Action::Up => *cursor = cursor.saturating_sub(1),
        Action::Open => {
            if let Some(id) = plans.get(*cursor) {
                state.screen = Screen::Strategy {
                    plan: id.clone(),
                    scroll: 0,
                };
            }
        }
        Action::Back => state.screen = Screen::Home,
        _ => {}
    }
    Vec::new()
}

/// Back from a strategy's page to the list, with that strategy selected.
pub(super) fn back_to_strategies(state: &mut State, plan: &EntryId) {
    let cursor = state
        .derived
        .strategies
        .get()
        .and_then(|rows| rows.iter().position(|row| &row.plan == plan))
        .unwrap_or(0);
    state.screen = Screen::Strategies { cursor };
}

/// Home: move within a pane and between panes, open what is selected, and go to
/// every other place.
pub(super) fn act(state: &mut State, action: Action) -> Vec<Effect> {
    let areas = state.catalog.areas().len();
    let recent_len = recent(state).len();
    let discuss_len = to_discuss(state).len();
    let todo_len = todo_len(state);
    let home = &mut state.home;
    let (cursor, len) = match home.pane {
        HomePane::Areas => (&mut home.area, areas),
        HomePane::Todo => (&mut home.todo, todo_len),
        HomePane::Recent => (&mut home.recent, recent_len),
        HomePane::Discuss => (&mut home.discuss, discuss_len),
    };
    match action {
        Action::Down => *cursor = (*cursor + 1).min(len.saturating_sub(1)),
        Action::Up => *cursor = cursor.saturating_sub(1),
        Action::First => *cursor = 0,
        Action::Last => *cursor = len.saturating_sub(1),
        Action::NextPane => home.pane = next_pane(home.pane, true),
        Action::PreviousPane => home.pane = next_pane(home.pane, false),
        Action::Area(number) => {
            let index = usize::from(number).saturating_sub(1);
            if index < areas {
                state.home.area = index;
                return open_area(state);
            }
        }
        Action::Open => return open(state),
        Action::Journal => state.screen = Screen::Journal,
        Action::Session => runner::start_or_resume(state, Source::Session),
        Action::Note => runner::start_or_resume(state, Source::Note),
        Action::Progress => state.screen = Screen::Progress,
        Action::Packs => state.screen = Screen::Packs,
        Action::Strategies => state.screen = Screen::Strategies { cursor: 0 },
        Action::Prep => state.screen = Screen::Prep { scroll: 0 },
        Action::LookBack => state.screen = Screen::LookBack { back: 0, scroll: 0 },
        Action::Sessions => state.screen = Screen::Sessions { scroll: 0 },
        Action::Try | Action::Review => {
            super::derived::ensure_strategies(state);
            if active_plans(state).is_empty() {
                state.tell(
                    "No plans yet: finish an exercise and press p, or use `between plan add`.",
                );
            } else {
                state.overlay = Some(Overlay::PickPlan {
                    cursor: 0,
                    review: action == Action::Review,
                });
            }
        }
        Action::Find => super::find::open(state),
        Action::Quit => state.quit = true,
        _ => {}
    }
    Vec::new()
}

fn next_pane(pane: HomePane, forward: bool) -> HomePane {
    const ORDER: [HomePane; 4] = [
        HomePane::Areas,
        HomePane::Todo,
        HomePane::Recent,
        HomePane::Discuss,
    ];
    let at = ORDER.iter().position(|p| *p == pane).unwrap_or(0);
    let next = if forward {
        at + 1
    } else {
        at + ORDER.len() - 1
    };
    ORDER[next % ORDER.len()]
}

fn open(state: &mut State) -> Vec<Effect> {
    let chosen: Option<EntryId> = match state.home.pane {
        HomePane::Areas => return open_area(state),
        HomePane::Todo => return open_todo(state),
        HomePane::Recent => recent(state).get(state.home.recent).cloned(),
        HomePane::Discuss => to_discuss(state).get(state.home.discuss).cloned(),
    };
    if let Some(id) = chosen {
        state.screen = Screen::entry(id);
    }
    Vec::new()
}

/// Enter on a row of "To do": start it, go on with its draft, or read it in full.
fn open_todo(state: &mut State) -> Vec<Effect> {
    let chosen = todo_rows(state)
        .iter()
        .filter_map(|row| row.act.as_ref())
        .nth(state.home.todo)
        .cloned();
    match chosen {
        Some(Act::Start(source)) => runner::start_or_resume(state, source),
        Some(Act::GoOn(key)) => return vec![Effect::LoadDraft(key)],
        Some(Act::Read { title, text }) => {
            state.safety_scroll = 0;
            state.overlay = Some(Overlay::Read { title, text });
        }
        None => {}
    }
    Vec::new()
}

fn open_area(state: &mut State) -> Vec<Effect> {
    let areas = state.catalog.areas();
    let id = areas
        .get(state.home.area)
        .map(|a| a.decl.id.clone())
        .unwrap_or_else(|| builtin::AREAS[0].id.clone());
    area::open(state, &id);
    Vec::new()
}
