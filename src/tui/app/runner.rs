//! The exercise runner: one step at a time, a review of every answer, then save.
//! Answers survive going back and forth, leaving (as a draft), and a crash (drafts are
//! written a few seconds after each change).

use std::time::{Duration, Instant};

use crate::journal::mint::{Mint, Minting};
use crate::tui::clock::Now;
use crate::tui::keymap::Action;

use chrono::{DateTime, FixedOffset};
use crossterm::event::{KeyCode, KeyEvent};
use serde::{Deserialize, Serialize};

pub use super::source::Source;
use super::{Confirm, Effect, Overlay, Screen, State};
use super::{plan_form, review_form, session_form, try_form};
use crate::journal::entry::ExerciseSource;
use crate::journal::practice::{Frequency, PracticeData};
use crate::journal::shared_text::SharedText;
use crate::journal::{Answer, AnswerValue, Entry, EntryId, Journal, Kind};
use crate::pack::model::{Exercise, Step};
use crate::practice::forms;
use crate::tui::widgets::{Handled, StepInput};

/// How long after a change the draft is written.
pub const AUTOSAVE_AFTER: Duration = Duration::from_secs(3);

/// Where the runner is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    /// Answering the steps.
    Steps,
    /// Looking over every answer before saving.
    Review,
    /// Saved as this entry.
    Saved(EntryId),
}

/// An exercise in progress.
#[derive(Debug)]
pub struct Runner {
    /// The area it was started from.
    pub area: String,
    /// What it runs: an exercise, or one of the app's forms.
    pub source: Source,
    /// The pack's version.
    pub pack_version: u32,
    /// The exercise (a copy, so a pack change cannot pull it away mid-way).
    pub exercise: Exercise,
    /// One input per step.
    pub inputs: Vec<StepInput>,
    /// The current step.
    pub index: usize,
    /// Steps, review or saved.
    pub phase: Phase,
    /// When the answers last changed without being written to a draft.
    pub dirty_since: Option<Instant>,
    /// A save is on its way.
    pub saving: bool,
    /// Scroll offset of the review.
    pub review_scroll: u16,
    /// Who set this exercise as homework, when it counts for an installed assignment
    /// today: its answers then go into the homework report unless left out.
    pub homework_from: Option<String>,
}

/// A draft of an exercise in progress, as written to `drafts/<key>.<window>.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "DraftFile")]
pub struct RunnerDraft {
    /// The area it was started from.
    pub area: String,
    /// What it runs.
    pub source: Source,
    /// The pack's version.
    pub pack_version: u32,
    /// The step the user was on.
    pub index: usize,
    /// The answer of each step so far.
    pub answers: Vec<Option<AnswerValue>>,
    /// When the draft was written.
    pub saved: DateTime<FixedOffset>,
}

/// A draft as read from its file: with its source, or from a version that named only
/// the pack and the exercise (an exercise's draft, then).
#[derive(Deserialize)]
struct DraftFile {
    area: String,
    #[serde(default)]
    source: Option<Source>,
    #[serde(default)]
    pack: String,
    #[serde(default)]
    exercise: String,
    pack_version: u32,
    index: usize,
    answers: Vec<Option<AnswerValue>>,
    saved: DateTime<FixedOffset>,
}

impl From<DraftFile> for RunnerDraft {
    fn from(file: DraftFile) -> Self {
        RunnerDraft {
            area: file.area,
            source: file.source.unwrap_or(Source::Exercise {
                pack: file.pack,
                exercise: file.exercise,
            }),
            pack_version: file.pack_version,
            index: file.index,
            answers: file.answers,
            saved: file.saved,
        }
    }
}

/// The name of the draft of `exercise` of `pack`: both ids, since two packs may
/// have exercises of the same id.
pub fn draft_key(pack: &str, exercise: &str) -> String {
    Source::exercise(pack, exercise).draft_key()
}

impl RunnerDraft {
    /// The name this draft is kept under.
    pub fn key(&self) -> String {
        self.source.draft_key()
    }
}

impl Runner {
    /// The name of this exercise's draft.
    pub fn draft_key(&self) -> String {
        self.source.draft_key()
    }

    /// The current step.
    pub fn step(&self) -> &Step {
        &self.exercise.steps[self.index]
    }

    /// Whether typed letters go into the current step.
    pub fn captures_text(&self) -> bool {
        self.phase == Phase::Steps && self.inputs[self.index].captures_text()
    }

    /// The answer of every step, in order (`None` where there is none).
    pub fn answers(&self, now: Now) -> Vec<Option<AnswerValue>> {
        self.exercise
            .steps
            .iter()
            .zip(&self.inputs)
            .map(|(step, input)| input.answer(step, now))
            .collect()
    }

    /// Whether an answer signals fear or danger, as the answers are now: derived every
    /// time, so changing the answer back restores the normal path.
    pub fn safety_mode(&self) -> bool {
        self.exercise
            .steps
            .iter()
            .zip(&self.inputs)
            .any(|(step, input)| input.wants_safety(step))
    }

    /// Whether step `index` is on the path: every step, except those with the partner
    /// after an answer that signals fear.
    pub fn on_path(&self, index: usize) -> bool {
        self.exercise
            .steps
            .get(index)
            .is_some_and(|step| !step.with_partner() || !self.safety_mode())
    }

    /// The current step's place among the steps on the path, and how many there are,
    /// both counted from 1, for "Step 2 of 7".
    pub fn progress(&self) -> (usize, usize) {
        let on_path: Vec<usize> = (0..self.inputs.len())
            .filter(|i| self.on_path(*i))
            .collect();
        let place = on_path.iter().filter(|i| **i <= self.index).count();
        (place.max(1), on_path.len().max(1))
    }

    /// Whether the practice suggestion may be shown and made a plan: not when it
    /// involves the partner, or the user said they feel afraid.
    pub fn offers_practice(&self) -> bool {
        self.exercise.practice.is_some() && !self.safety_mode()
    }

    /// Whether anything has been answered.
    pub fn has_answers(&self, now: Now) -> bool {
        !matches!(self.phase, Phase::Saved(_)) && self.answers(now).iter().any(Option::is_some)
    }

    fn draft(&self, now: Now) -> RunnerDraft {
        RunnerDraft {
            area: self.area.clone(),
            source: self.source.clone(),
            pack_version: self.pack_version,
            index: self.index,
            answers: self.answers(now),
            saved: now.wall,
        }
    }

    /// The answers given, each with its step's id and question.
    fn given(&self, now: Now) -> Vec<Answer> {
        self.exercise
            .steps
            .iter()
            .zip(self.answers(now))
            .filter_map(|(step, answer)| {
                answer.map(|value| Answer {
                    step: step.id().into(),
                    prompt: step.prompt().into(),
                    value,
                })
            })
            .collect()
    }

    /// The journal entries these answers make: one, or for a look back that adjusts
    /// its plan, the review and the plan that continues it. None when the plan a try
    /// or a review belongs to is gone from `journal`.
    /// New entries get their ids and times from `mint`.
    pub fn entries(
        &self,
        now: Now,
        journal: &Journal,
        today: chrono::NaiveDate,
        mint: &mut dyn Mint,
    ) -> Vec<Entry> {
        let answers = self.given(now);
        let text = |id: &str| {
            answers
                .iter()
                .find(|a| a.step.as_str() == id)
                .and_then(|a| a.value.text())
                .map(str::to_owned)
        };
        match &self.source {
            Source::Exercise { pack, exercise } => {
                let mut entry = mint.entry(Kind::Exercise);
                entry.area = Some(self.area.as_str().into()).filter(|a: &SharedText| !a.is_empty());
                entry.title = Some(self.exercise.title.clone());
                entry.exercise = Some(ExerciseSource {
                    pack: pack.as_str().into(),
                    pack_version: self.pack_version,
                    exercise: exercise.as_str().into(),
                    title: self.exercise.title.as_str().into(),
                });
                entry.answers = answers;
                vec![entry]
            }
            Source::Plan { pack, exercise } => {
                let mut entry = plan_form::entry(&answers, today, mint);
                entry.area = Some(self.area.as_str().into()).filter(|a: &SharedText| !a.is_empty());
                entry.exercise = Some(ExerciseSource {
                    pack: pack.as_str().into(),
                    pack_version: self.pack_version,
                    exercise: exercise.as_str().into(),
                    // The form's summary is the source exercise's title.
                    title: self.exercise.summary.as_str().into(),
                });
                vec![entry]
            }
            Source::Try { plan } => {
                let Some(plan) = journal.get(plan) else {
                    return Vec::new();
                };
                let rating = answers
                    .iter()
                    .find_map(|a| match (&a.value, a.step.as_str()) {
                        (AnswerValue::Scale { value, .. }, try_form::RATING_STEP) => {
                            u8::try_from(*value).ok()
                        }
                        _ => None,
                    });
                let at = mint.at();
                vec![forms::attempt(plan, rating.unwrap_or(3), at, &text, mint)]
            }
            Source::Review { plan } => {
                let Some(plan) = journal.get(plan) else {
                    return Vec::new();
                };
                let (review, next) = review_form::entries(&answers, plan, mint);
                std::iter::once(review).chain(next).collect()
            }
            Source::Session => vec![forms::session(today, &text, mint)],
        }
    }
}

/// Starts `source` afresh.
pub(super) fn start(state: &mut State, source: Source) {
    open(state, source, None);
}

/// What `source` shows, with its pack's version (1 for the app's forms).
fn find(state: &State, source: &Source) -> Option<(Exercise, u32)> {
    let exercise_of = |pack: &str, exercise: &str| {
        state
            .catalog
            .exercises()
            .find(|f| f.pack.pack.id == pack && f.exercise.id == exercise)
    };
    match source {
        Source::Exercise { pack, exercise } => {
            exercise_of(pack, exercise).map(|f| (f.exercise.clone(), f.pack.pack.version))
        }
        Source::Plan { pack, exercise } => {
            let found = exercise_of(pack, exercise)?;
            let (form, _) = plan_form::form(found.exercise)?;
            Some((form, found.pack.pack.version))
        }
        Source::Try { plan } => Some((try_form::form(state.journal.get(plan)?), 1)),
        Source::Review { plan } => Some((review_form::form(state.journal.get(plan)?), 1)),
        Source::Session => Some((session_form::form(), 1)),
    }
}

fn open(state: &mut State, source: Source, draft: Option<&RunnerDraft>) -> bool {
    let Some((found, pack_version)) = find(state, &source) else {
        state.warn("That exercise is no longer there.");
        return false;
    };
    let steps = &found.steps;
    let inputs = steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let previous = draft
                .and_then(|d| d.answers.get(i))
                .and_then(Option::as_ref);
            StepInput::new(step, previous)
        })
        .collect();
    let index = draft.map_or(0, |d| d.index.min(steps.len().saturating_sub(1)));
    let homework_from = match &source {
        Source::Exercise { pack, exercise } => {
            crate::practice::homework::assigned(&state.catalog, pack, exercise, state.today)
                .map(|assignment| assignment.from.clone())
        }
        _ => None,
    };
    state.runner = Some(Runner {
        area: found.area.clone(),
        source,
        pack_version,
        exercise: found,
        inputs,
        index,
        phase: Phase::Steps,
        dirty_since: None,
        saving: false,
        review_scroll: 0,
        homework_from,
    });
    state.screen = Screen::Runner;
    state.status = None;
    // A draft kept on a step that is now off the path goes on to the next one.
    if let Some(runner) = state.runner.as_mut()
        && !runner.on_path(runner.index)
    {
        match (runner.index..runner.inputs.len()).find(|i| runner.on_path(*i)) {
            Some(next) => runner.index = next,
            None => runner.phase = Phase::Review,
        }
    }
    if area_of(state) == Some("inviting-partner")
        && let Some(last) = crate::practice::stats::last_invitation(&state.journal)
    {
        let days = (state.today - last).num_days();
        state.tell(format!(
            "You last invited your partner {days} day(s) ago, on {}.",
            last.format("%-d %B")
        ));
    }
    true
}

fn area_of(state: &State) -> Option<&str> {
    state.runner.as_ref().map(|r| r.area.as_str())
}

/// Opens a loaded draft where the user left it.
pub(super) fn resume(state: &mut State, draft: RunnerDraft) -> Vec<Effect> {
    if open(state, draft.source.clone(), Some(&draft)) {
        let when = draft.saved.format("%-d %B, %H:%M");
        state.tell(format!("Welcome back. Your answers from {when} are here."));
    }
    Vec::new()
}

/// Writes the draft now, if there is anything to keep.
pub(super) fn draft_now(state: &mut State) -> Option<Effect> {
    let now = state.now;
    let runner = state.runner.as_mut()?;
    if !runner.has_answers(now) {
        return None;
    }
    runner.dirty_since = None;
    Some(Effect::SaveDraft(runner.draft(now)))
}

pub(super) fn tick(state: &mut State) -> Vec<Effect> {
    let now = state.now;
    let Some(runner) = state.runner.as_mut() else {
        return Vec::new();
    };
    if runner.phase == Phase::Steps {
        runner.inputs[runner.index].tick(now);
    }
    match runner.dirty_since {
        Some(since) if now.instant.duration_since(since) >= AUTOSAVE_AFTER => {
            draft_now(state).into_iter().collect()
        }
        _ => Vec::new(),
    }
}

pub(super) fn paste(state: &mut State, text: &str) -> Vec<Effect> {
    let now = state.now;
    if let Some(runner) = state.runner.as_mut()
        && runner.phase == Phase::Steps
    {
        let step = runner.exercise.steps[runner.index].clone();
        let handled = runner.inputs[runner.index].handle_paste(&step, text);
        if matches!(handled, Handled::Changed) {
            runner.dirty_since.get_or_insert(now.instant);
        }
    }
    Vec::new()
}

/// The runner: on a step, go on, back, leave or edit the text in the editor; on the
/// review, save, scroll or go back; at the end, done or make the practice a plan.
pub(super) fn act(state: &mut State, action: Action) -> Vec<Effect> {
    let Some(runner) = state.runner.as_mut() else {
        state.screen = Screen::Home;
        return Vec::new();
    };
    match (runner.phase.clone(), action) {
        (Phase::Steps, Action::Next) => next(state),
        (Phase::Steps, Action::Previous) => {
            if let Some(previous) = (0..runner.index).rev().find(|i| runner.on_path(*i)) {
                runner.index = previous;
            }
            Vec::new()
        }
        (Phase::Steps | Phase::Review, Action::Leave) => leave(state),
        (Phase::Steps, Action::EditInEditor) => match runner.inputs[runner.index].text() {
            Some(text) => vec![Effect::Edit { text, entry: None }],
            None => Vec::new(),
        },
        (Phase::Review, action) => review_act(state, action),
        (Phase::Saved(_), Action::Open) => {
            close(state);
            Vec::new()
        }
        (Phase::Saved(_), Action::MakePlan) => plan_from_practice(state),
        _ => Vec::new(),
    }
}

/// A key no table has, on a step: the step's own input takes it (typing, choosing,
/// the timer's keys); Enter that the input does not use moves on.
pub(super) fn input(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let now = state.now;
    let Some(runner) = state.runner.as_mut() else {
        state.screen = Screen::Home;
        return Vec::new();
    };
    if runner.phase != Phase::Steps {
        return Vec::new();
    }
    let step = runner.exercise.steps[runner.index].clone();
    match runner.inputs[runner.index].handle_key(&step, key, now) {
        Handled::Changed => {
            runner.dirty_since.get_or_insert(now.instant);
            Vec::new()
        }
        Handled::Next => next(state),
        Handled::Consumed => Vec::new(),
        Handled::Ignored => {
            if key.code == KeyCode::Enter {
                next(state)
            } else {
                Vec::new()
            }
        }
    }
}

/// Moves on: to the next step on the path, or to the review after the last one. An
/// answer that signals fear opens the safety screen first, and the steps with the
/// partner are skipped from then on.
fn next(state: &mut State) -> Vec<Effect> {
    let Some(runner) = state.runner.as_mut() else {
        return Vec::new();
    };
    let step = runner.step().clone();
    if runner.inputs[runner.index].before_next(&step) {
        return Vec::new();
    }
    let input = &runner.inputs[runner.index];
    if let Some(reason) = input.blocked(&step) {
        state.warn(reason);
        return Vec::new();
    }
    let fear = input.wants_safety(&step);
    let after = runner.index + 1;
    match (after..runner.inputs.len()).find(|i| runner.on_path(*i)) {
        Some(next) => runner.index = next,
        None => {
            runner.phase = Phase::Review;
            runner.review_scroll = 0;
        }
    }
    state.status = None;
    if fear {
        // The runner's notice line says from now on why steps are skipped.
        state.overlay = Some(Overlay::Safety);
    }
    Vec::new()
}

fn review_act(state: &mut State, action: Action) -> Vec<Effect> {
    let now = state.now;
    let read_only = state.journal.read_only().map(str::to_owned);
    let Some(runner) = state.runner.as_mut() else {
        return Vec::new();
    };
    match action {
        Action::Down => runner.review_scroll = runner.review_scroll.saturating_add(1),
        Action::Up => runner.review_scroll = runner.review_scroll.saturating_sub(1),
        Action::PageDown => runner.review_scroll = runner.review_scroll.saturating_add(10),
        Action::PageUp => runner.review_scroll = runner.review_scroll.saturating_sub(10),
        Action::BackToSteps => runner.phase = Phase::Steps,
        Action::Save if !runner.saving => {
            if let Some(reason) = read_only {
                state.warn(format!(
                    "Not saved: {reason}. Your answers are kept; press Esc to keep them as a draft."
                ));
                return Vec::new();
            }
            let mut mint = Minting {
                ids: &mut state.ids,
                at: now.wall,
            };
            let entries = runner.entries(now, &state.journal, state.today, &mut mint);
            if entries.is_empty() {
                state.warn(
                    "The plan this belongs to is gone, so it cannot be saved. Press Esc to \
                     keep your answers as a draft.",
                );
                return Vec::new();
            }
            runner.saving = true;
            return entries.into_iter().map(Effect::Save).collect();
        }
        _ => {}
    }
    Vec::new()
}

/// Opens the plan form, filled in from the exercise's practice suggestion.
fn plan_from_practice(state: &mut State) -> Vec<Effect> {
    let Some(runner) = state.runner.as_mut() else {
        return Vec::new();
    };
    if runner.safety_mode() {
        state.warn("For your safety, no plan is made here. Press ! for help.");
        return Vec::new();
    }
    let Some((_, fill)) = plan_form::form(&runner.exercise) else {
        return Vec::new();
    };
    let Source::Exercise { pack, exercise } = &runner.source else {
        return Vec::new();
    };
    let source = Source::Plan {
        pack: pack.clone(),
        exercise: exercise.clone(),
    };
    let prefill = RunnerDraft {
        area: runner.area.clone(),
        source: source.clone(),
        pack_version: runner.pack_version,
        index: 0,
        answers: fill,
        saved: state.now.wall,
    };
    open(state, source, Some(&prefill));
    Vec::new()
}

/// The entry was saved: if it is the runner's, show where and drop the draft.
pub(super) fn saved(state: &mut State, entry: &Entry) -> Vec<Effect> {
    let path = state.data_dir.join("journal.jsonl");
    let planned = planned(entry);
    match state.runner.as_mut() {
        Some(runner) if runner.saving => {
            runner.saving = false;
            runner.phase = Phase::Saved(entry.id.clone());
            runner.dirty_since = None;
            let key = runner.draft_key();
            state.drafts.retain(|d| d != &key);
            state.tell(
                planned.unwrap_or_else(|| format!("Saved to your journal ({}).", path.display())),
            );
            vec![Effect::DiscardDraft(key)]
        }
        _ => {
            // A plan made alongside (adjusting one in a review) says when it is due; a
            // change to an existing entry (a flag, an edit) only that it was saved.
            let news = planned.filter(|_| entry.revision == 1);
            state.tell(news.unwrap_or_else(|| "Saved.".into()));
            Vec::new()
        }
    }
}

/// For a plan, the news that says how often and when to look back.
fn planned(entry: &Entry) -> Option<String> {
    let Some(PracticeData::Plan {
        frequency,
        review_on,
    }) = &entry.practice
    else {
        return None;
    };
    let often = match frequency {
        Frequency::Week { times: 1 } => "once a week".to_owned(),
        Frequency::Week { times } => format!("{times} times a week"),
        Frequency::Total { times, by } => format!("{times} times by {}", by.format("%-d %B")),
    };
    let review = review_on
        .map(|on| format!(", and look back on {}", on.format("%-d %B")))
        .unwrap_or_default();
    Some(format!(
        "Planned: try it {often}{review}. Home shows what is due."
    ))
}

/// The editor closed on a text step's answer.
pub(super) fn edited(state: &mut State, result: Result<String, String>) -> Vec<Effect> {
    let now = state.now;
    match (result, state.runner.as_mut()) {
        (Ok(text), Some(runner)) => {
            if matches!(
                runner.inputs[runner.index].set_text(&text),
                Handled::Changed
            ) {
                runner.dirty_since.get_or_insert(now.instant);
            }
        }
        (Err(message), _) => state.warn(message),
        (Ok(_), None) => {}
    }
    Vec::new()
}

fn leave(state: &mut State) -> Vec<Effect> {
    let now = state.now;
    if state.runner.as_ref().is_some_and(|r| r.has_answers(now)) {
        state.overlay = Some(Overlay::Confirm(Confirm::LeaveRunner));
        Vec::new()
    } else {
        close(state);
        Vec::new()
    }
}

/// The answer to "keep a draft?": y keeps it, d discards it, Esc or n stays.
pub(super) fn leave_answer(state: &mut State, action: Action) -> Vec<Effect> {
    match action {
        Action::Yes => {
            state.overlay = None;
            let effects: Vec<Effect> = draft_now(state).into_iter().collect();
            close(state);
            state.tell("Your answers are kept as a draft. Open the exercise again to go on.");
            effects
        }
        Action::Discard => {
            state.overlay = None;
            let key = state.runner.as_ref().map(Runner::draft_key);
            close(state);
            state.drafts.retain(|d| Some(d) != key.as_ref());
            key.map(Effect::DiscardDraft).into_iter().collect()
        }
        _ => {
            state.overlay = None;
            Vec::new()
        }
    }
}

fn close(state: &mut State) {
    // What the runner said was about the exercise; it does not follow the user out.
    state.status = None;
    // A form came from home; an exercise goes back to its area.
    let area = state
        .runner
        .take()
        .filter(|r| !r.source.is_form())
        .map(|r| r.area);
    state.screen = if area.is_some() && state.area.is_some() {
        Screen::Area
    } else {
        Screen::Home
    };
}
