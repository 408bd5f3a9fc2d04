//! The report screen: before anything is written, the client sees exactly what the
//! report holds, leaves out single entries, adds entries marked to discuss that are
//! not of the homework, writes a note to the therapist, and chooses counts only if
//! they wish.

use std::collections::{HashMap, HashSet};

use crate::tui::keymap::Action;
use chrono::NaiveDate;

use super::derived::{Basis, Cached};
use super::source::Source;
use super::{Effect, RunnerDraft, Screen, State};
use crate::journal::EntryId;
use crate::report::{self, Options, Report};

/// What the report screen shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportView {
    /// The pack whose homework is reported.
    pub pack: String,
    /// Entries left out by the client.
    pub exclude: HashSet<EntryId>,
    /// Entries marked to discuss, not of the homework, that the client added.
    pub include: HashSet<EntryId>,
    /// The client's note to the therapist, written in the runner's note form.
    pub note: Option<String>,
    /// The selected entry in the list.
    pub cursor: usize,
    /// Counts and ratings only.
    pub summary_only: bool,
    /// Scroll offset of the preview.
    pub scroll: u16,
    /// The entries it can hold and the report as Markdown, computed once per change
    /// (of the journal, or of what is left out) rather than per key or frame.
    pub shown: Cached<ShownFor, Shown>,
    /// What the client chose for the other packs' reports, by pack id, so that
    /// opening one report never loses what was chosen for another.
    pub others: HashMap<String, Choices>,
}

/// What the client chose for one pack's report: left out, added, the note, counts
/// only.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Choices {
    /// Entries left out.
    pub exclude: HashSet<EntryId>,
    /// Entries marked to discuss that were added.
    pub include: HashSet<EntryId>,
    /// The note to the therapist.
    pub note: Option<String>,
    /// Counts and ratings only.
    pub summary_only: bool,
}

/// What the report shown depends on: the journal, the pack, what is left out and
/// added, the note, and whether it is counts only.
pub type ShownFor = (
    Basis,
    String,
    HashSet<EntryId>,
    HashSet<EntryId>,
    Option<String>,
    bool,
);

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
        view.include.clone(),
        view.note.clone(),
        view.summary_only,
    );
    if view.shown.is_for(&key) {
        return;
    }
    let markdown = build(state, state.report.options(state.report.exclude.clone()))
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
    /// Marked to discuss but not of the homework: out until the client adds it.
    pub extra: bool,
}

impl Candidate {
    /// Whether it goes into the report as the view stands.
    pub fn is_in(&self, view: &ReportView) -> bool {
        if self.extra {
            view.include.contains(&self.id)
        } else {
            !view.exclude.contains(&self.id)
        }
    }
}

impl ReportView {
    /// Shows the report on `pack`: what was chosen for the pack shown until now is
    /// kept, and what was chosen for `pack` before comes back.
    fn switch_to(&mut self, pack: String) {
        if self.pack == pack {
            return;
        }
        let choices = Choices {
            exclude: std::mem::take(&mut self.exclude),
            include: std::mem::take(&mut self.include),
            note: self.note.take(),
            summary_only: std::mem::take(&mut self.summary_only),
        };
        let previous = std::mem::replace(&mut self.pack, pack);
        if !previous.is_empty() {
            self.others.insert(previous, choices);
        }
        let Choices {
            exclude,
            include,
            note,
            summary_only,
        } = self.others.remove(&self.pack).unwrap_or_default();
        (self.exclude, self.include, self.note) = (exclude, include, note);
        self.summary_only = summary_only;
        self.cursor = 0;
        self.scroll = 0;
    }

    /// Whether a note is kept for `pack`'s report.
    fn has_note(&self, pack: &str) -> bool {
        if self.pack == pack {
            self.note.is_some()
        } else {
            self.others.get(pack).is_some_and(|c| c.note.is_some())
        }
    }

    /// The note kept for `pack`'s report.
    fn note_of(&mut self, pack: &str) -> &mut Option<String> {
        if self.pack == pack {
            &mut self.note
        } else {
            &mut self.others.entry(pack.to_owned()).or_default().note
        }
    }

    /// Overwrites the notes and the report shown with zeros, when the app locks.
    pub(super) fn wipe(&mut self) {
        use zeroize::Zeroize;
        self.note.zeroize();
        self.others
            .values_mut()
            .for_each(|choices| choices.note.zeroize());
        if let Some(((.., mut note, _), mut shown)) = self.shown.take() {
            note.zeroize();
            shown.markdown.zeroize();
            shown
                .candidates
                .iter_mut()
                .for_each(|candidate| candidate.label.zeroize());
        }
    }

    /// What the report holds as the view stands, with `exclude` left out.
    fn options(&self, exclude: HashSet<EntryId>) -> Options {
        Options {
            summary_only: self.summary_only,
            exclude,
            include: self.include.clone(),
            note: self.note.clone(),
        }
    }
}

/// The report with `options`, as it would be written today.
pub fn build(state: &State, options: Options) -> Option<Report> {
    let loaded = state.catalog.pack(&state.report.pack)?;
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

/// Every entry the report can hold (none left out), in the report's order, then the
/// entries marked to discuss in the homework's days that are not of it.
fn candidates(state: &State) -> Vec<Candidate> {
    let all_in = Options {
        summary_only: true,
        ..Options::default()
    };
    let Some(full) = build(state, all_in) else {
        return Vec::new();
    };
    let label = |date: NaiveDate, what: &str, title: &str| {
        format!("{} · {what} · {title}", date.format("%a %-d %b"))
    };
    let mut candidates: Vec<Candidate> = full
        .items
        .iter()
        .flat_map(|item| {
            item.entries
                .iter()
                .chain(item.plans.iter().flat_map(|plan| &plan.entries))
                .filter_map(|entry| {
                    Some(Candidate {
                        id: EntryId::parse(&entry.id)?,
                        label: label(entry.date, entry.kind.name(), &item.title),
                        extra: false,
                    })
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let of_homework: HashSet<EntryId> = candidates.iter().map(|c| c.id.clone()).collect();
    let shared = crate::practice::shared::Shared::new(&state.journal, false);
    let window = |day: NaiveDate| {
        let after = full.assigned.is_none_or(|from| day >= from);
        after && full.due.is_none_or(|due| day <= due) && day <= state.today
    };
    // The day the report counts an entry on: the day practised, else written.
    let day = |e: &crate::journal::Entry| {
        crate::practice::stats::practice_day(e).unwrap_or_else(|| e.created.date_naive())
    };
    candidates.extend(
        shared
            .entries()
            .filter(|e| e.discuss && !of_homework.contains(&e.id))
            .filter(|e| window(day(e)))
            .map(|e| {
                let words = crate::journal::entry::first_words(&e.display_title(), 8);
                Candidate {
                    id: e.id.clone(),
                    label: label(day(e), "marked to discuss", &crate::sanitize::text(&words)),
                    extra: true,
                }
            }),
    );
    candidates
}

/// The form the client writes their note to the therapist in: one text, which goes
/// at the top of the report, and may be left empty. `from` is who set the homework;
/// `written` says a note was written before, which emptying it takes out.
pub fn note_form(from: Option<&str>, written: bool) -> crate::pack::model::Exercise {
    let whom = from.unwrap_or("your therapist");
    crate::pack::model::Exercise {
        id: "report-note".into(),
        area: String::new(),
        title: format!("A note for {whom}"),
        summary: "It goes at the top of this report, and only into it.".into(),
        minutes: 2,
        technique: "Practice between sessions".into(),
        steps: vec![crate::pack::model::Step::Text(
            crate::pack::model::TextStep {
                id: "note".into(),
                prompt: format!(
                    "What would you like {whom} to read first? It goes at the top of the report, not into your journal."
                ),
                hint: written.then(|| "Empty it to take the note out of the report.".into()),
                required: false,
                with_partner: false,
            },
        )],
        practice: None,
        serves: Vec::new(),
    }
}

/// Whether a note was written for `pack`'s report: in memory, or in its draft.
pub(super) fn has_note(state: &State, pack: &str) -> bool {
    let key = Source::ReportNote {
        pack: pack.to_owned(),
    }
    .draft_key();
    state.report.has_note(pack) || state.drafts.contains(&key)
}

/// The note form was saved: the note goes into the report on `pack`, shown again.
/// Its draft is kept until that report is written, so that leaving, a lock or a quit
/// loses nothing; an empty note takes the note out, and its draft goes.
pub fn note_written(
    state: &mut State,
    pack: String,
    text: &str,
    draft: RunnerDraft,
) -> Vec<Effect> {
    state.report.switch_to(pack);
    state.screen = Screen::Report;
    let text = text.trim();
    if text.is_empty() {
        state.report.note = None;
        let key = draft.key();
        state.drafts.retain(|d| d != &key);
        state.tell("The report goes without a note.");
        return vec![Effect::DiscardDraft(key)];
    }
    state.report.note = Some(text.to_owned());
    state.tell("Your note is at the top of the report. Press w to write it.");
    vec![Effect::SaveDraft(draft)]
}

/// The draft of a note for a report was read (the app started again, or was
/// locked): the note goes back into that report, unless one was written since.
pub fn note_loaded(state: &mut State, draft: &RunnerDraft) {
    let Source::ReportNote { pack } = &draft.source else {
        return;
    };
    let text = draft
        .answers
        .iter()
        .flatten()
        .find_map(|value| value.text())
        .map(str::trim)
        .filter(|text| !text.is_empty());
    let note = state.report.note_of(pack);
    if let (None, Some(text)) = (&note, text) {
        *note = Some(text.to_owned());
        if state.screen == Screen::Report && state.report.pack == *pack {
            state.tell("Your note is back at the top of the report. Press n to change it.");
        }
    }
}

/// The report on `pack` was written: the note in it needs its draft no more.
pub fn written(state: &mut State, pack: String) -> Vec<Effect> {
    let key = Source::ReportNote { pack }.draft_key();
    if !state.drafts.contains(&key) {
        return Vec::new();
    }
    state.drafts.retain(|d| d != &key);
    vec![Effect::DiscardDraft(key)]
}

/// Opens the report on `pack`, with what was chosen for it before; its note comes
/// back from its draft if it is not in memory (after a lock or a restart).
pub fn open(state: &mut State, pack: String) -> Vec<Effect> {
    state.report.switch_to(pack.clone());
    state.report.cursor = 0;
    state.report.scroll = 0;
    state.screen = Screen::Report;
    let key = Source::ReportNote { pack }.draft_key();
    if state.report.note.is_none() && state.drafts.contains(&key) {
        vec![Effect::LoadReportNote(key)]
    } else {
        Vec::new()
    }
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
            if let Some(candidate) = candidates.get(view.cursor) {
                let set = if candidate.extra {
                    &mut view.include
                } else {
                    &mut view.exclude
                };
                if !set.remove(&candidate.id) {
                    set.insert(candidate.id.clone());
                }
            }
        }
        Action::Note => {
            let source = Source::ReportNote {
                pack: view.pack.clone(),
            };
            // Its draft is the note written before (or begun): go on with it.
            let key = source.draft_key();
            if state.drafts.contains(&key) {
                return vec![Effect::LoadDraft(key)];
            }
            super::runner::start(state, source);
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
    let options = state.report.options(state.report.exclude.clone());
    let Some(report) = build(state, options) else {
        return Vec::new();
    };
    let name = format!("{}-{}", report.pack.id, report.written);
    let json = crate::safe_json::to_vec_pretty(&report).unwrap_or_default();
    vec![Effect::WriteReport {
        pack: state.report.pack.clone(),
        files: vec![
            (format!("{name}.md"), report::markdown(&report).into_bytes()),
            (format!("{name}.json"), json),
            (format!("{name}.html"), report::html(&report).into_bytes()),
        ],
    }]
}
