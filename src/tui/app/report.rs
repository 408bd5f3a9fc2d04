//! The report screen: before anything is written, the client sees exactly what the
//! report holds, leaves out single entries, and chooses counts only if they wish.

use std::collections::HashSet;

use crate::tui::keymap::Action;
use chrono::NaiveDate;

use super::derived::{Basis, Cached};
use super::{Effect, Screen, State};
use crate::journal::EntryId;
use crate::report::{self, Options, Report};

/// What the report screen shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportView {
    /// The pack whose homework is reported.
    pub pack: String,
    /// Entries left out by the client.
    pub exclude: HashSet<EntryId>,
    /// The selected entry in the list.
    pub cursor: usize,
    /// Counts and ratings only.
    pub summary_only: bool,
    /// Scroll offset of the preview.
    pub scroll: u16,
    /// The entries it can hold and the report as Markdown, computed once per change
    /// (of the journal, or of what is left out) rather than per key or frame.
    pub shown: Cached<ShownFor, Shown>,
}

/// What the report shown depends on: the journal, the pack, what is left out, and
/// whether it is counts only.
pub type ShownFor = (Basis, String, HashSet<EntryId>, bool);

/// What the report screen draws.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    /// Every entry the report can hold.
    pub candidates: Vec<Candidate>,
    /// The report as it will be written, as Markdown.
    pub markdown: String,
}

/// Computes what the report screen shows, if it is not current.
pub fn refresh(state: &mut State, basis: Basis) {
    let view = &state.report;
    let key = (
        basis,
        view.pack.clone(),
        view.exclude.clone(),
        view.summary_only,
    );
    if view.shown.is_for(&key) {
        return;
    }
    let markdown = build(
        state,
        state.report.exclude.clone(),
        state.report.summary_only,
    )
    .map(|report| report::markdown(&report))
    .unwrap_or_default();
    let shown = Shown {
        candidates: candidates(state),
        markdown,
    };
    state.report.shown.set(key, shown);
}

/// One entry that can go into the report, as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The entry.
    pub id: EntryId,
    /// When and what, e.g. "Mon 23 Nov · done · Calm your body before a hard talk".
    pub label: String,
}

/// The report with `exclude` left out, as it would be written today.
pub fn build(state: &State, exclude: HashSet<EntryId>, summary_only: bool) -> Option<Report> {
    let loaded = state.catalog.pack(&state.report.pack)?;
    let options = Options {
        summary_only,
        exclude,
        ..Options::default()
    };
    // The installed version's round, numbered as `between report` numbers it.
    let round = crate::pack::rounds::Round::of(&loaded.pack, &state.catalog)?;
    let place = state
        .rounds
        .get(&loaded.pack.id)
        .map(|standing| report::Place {
            number: standing.number,
            of: standing.of,
            installed: true,
        });
    Some(report::build_round(
        &round,
        &loaded.pack.id,
        place,
        &state.catalog,
        &state.journal,
        state.today,
        &options,
    ))
}

/// Every entry the report can hold (none left out), in the report's order.
fn candidates(state: &State) -> Vec<Candidate> {
    let Some(full) = build(state, HashSet::new(), true) else {
        return Vec::new();
    };
    let label = |date: NaiveDate, what: &str, title: &str| {
        format!("{} · {what} · {title}", date.format("%a %-d %b"))
    };
    full.items
        .iter()
        .flat_map(|item| {
            item.entries
                .iter()
                .chain(item.plans.iter().flat_map(|plan| &plan.entries))
                .filter_map(|entry| {
                    Some(Candidate {
                        id: EntryId::parse(&entry.id)?,
                        label: label(entry.date, entry.kind.name(), &item.title),
                    })
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Opens the report on `pack`.
pub fn open(state: &mut State, pack: String) {
    state.report = ReportView {
        pack,
        ..ReportView::default()
    };
    state.screen = Screen::Report;
}

/// The report: move, leave entries out, counts only, write, back.
pub fn act(state: &mut State, action: Action) -> Vec<Effect> {
    let view = &mut state.report;
    let candidates = view
        .shown
        .get()
        .map(|s| s.candidates.as_slice())
        .unwrap_or_default();
    let count = candidates.len();
    match action {
        Action::Down => {
            view.cursor = (view.cursor + 1).min(count.saturating_sub(1));
        }
        Action::Up => view.cursor = view.cursor.saturating_sub(1),
        Action::PageDown => view.scroll = view.scroll.saturating_add(10),
        Action::PageUp => view.scroll = view.scroll.saturating_sub(10),
        Action::LeaveOut => {
            if let Some(id) = candidates.get(view.cursor).map(|c| c.id.clone())
                && !view.exclude.remove(&id)
            {
                view.exclude.insert(id);
            }
        }
        Action::CountsOnly => {
            view.summary_only = !view.summary_only;
        }
        Action::Write => return write(state),
        Action::Back => state.screen = Screen::Packs,
        _ => {}
    }
    Vec::new()
}

/// Writes the report as shown, as Markdown to read, JSON for the therapist's copy
/// of between and HTML to print.
fn write(state: &mut State) -> Vec<Effect> {
    let view = state.report.clone();
    let Some(report) = build(state, view.exclude, view.summary_only) else {
        return Vec::new();
    };
    let name = format!("{}-{}", report.pack.id, report.written);
    let json = crate::safe_json::to_vec_pretty(&report).unwrap_or_default();
    vec![Effect::WriteReport(vec![
        (format!("{name}.md"), report::markdown(&report).into_bytes()),
        (format!("{name}.json"), json),
        (format!("{name}.html"), report::html(&report).into_bytes()),
    ])]
}
