//! The exercise runner: one step at a time, a review of every answer, then save.
//! Answers survive going back and forth, leaving (as a draft), and a crash (drafts are
//! written a few seconds after each change).

use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::{Deserialize, Serialize};

use super::{Confirm, Effect, Overlay, Screen, State};
use super::{plan_form, review_form, session_form, try_form};
use crate::journal::entry::ExerciseSource;
use crate::journal::practice::{Frequency, PracticeData};
use crate::journal::shared_text::SharedText;
use crate::journal::{Answer, AnswerValue, Entry, EntryId, Kind};
use crate::pack::model::{Exercise, Step};
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
    /// The pack's id.
    pub pack: String,
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

/// A draft of an exercise in progress, as written to `drafts/<exercise>.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunnerDraft {
    /// The area it was started from.
    pub area: String,
    /// The pack's id.
    pub pack: String,
    /// The pack's version.
    pub pack_version: u32,
    /// The exercise's id.
    pub exercise: String,
    /// The step the user was on.
    pub index: usize,
    /// The answer of each step so far.
    pub answers: Vec<Option<AnswerValue>>,
    /// When the draft was written.
    pub saved: DateTime<FixedOffset>,
}

/// The name of the draft of `exercise` of `pack`: both ids, since two packs may
/// have exercises of the same id.
pub fn draft_key(pack: &str, exercise: &str) -> String {
    format!("{pack}--{exercise}")
}

impl RunnerDraft {
    /// The name this draft is kept under.
    pub fn key(&self) -> String {
        draft_key(&self.pack, &self.exercise)
    }
}

impl Runner {
    /// The name of this exercise's draft.
    pub fn draft_key(&self) -> String {
        draft_key(&self.pack, &self.exercise.id)
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
    pub fn answers(&self, now: Instant) -> Vec<Option<AnswerValue>> {
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
    pub fn has_answers(&self, now: Instant) -> bool {
        !matches!(self.phase, Phase::Saved(_)) && self.answers(now).iter().any(Option::is_some)
    }

    fn draft(&self, now: Instant) -> RunnerDraft {
        RunnerDraft {
            area: self.area.clone(),
            pack: self.pack.clone(),
            pack_version: self.pack_version,
            exercise: self.exercise.id.clone(),
            index: self.index,
            answers: self.answers(now),
            saved: crate::journal::entry::now(),
        }
    }

    /// The journal entry these answers make.
    pub fn entry(&self, now: Instant) -> Entry {
        let mut entry = Entry::new(Kind::Exercise);
        entry.area = Some(self.area.as_str().into()).filter(|a: &SharedText| !a.is_empty());
        entry.title = Some(self.exercise.title.clone());
        entry.exercise = Some(ExerciseSource {
            pack: self.pack.as_str().into(),
            pack_version: self.pack_version,
            exercise: self.exercise.id.as_str().into(),
            title: self.exercise.title.as_str().into(),
        });
        if self.pack == try_form::PACK {
            // A try of a plan, not an exercise.
            entry.kind = Kind::Try;
            entry.exercise = None;
            entry.link = try_form::plan_id(&self.exercise.id);
            let rating = self.exercise.steps.iter().zip(self.answers(now)).find_map(
                |(step, answer)| match (step.id(), answer) {
                    (try_form::RATING_STEP, Some(AnswerValue::Scale { value, .. })) => {
                        u8::try_from(value).ok()
                    }
                    _ => None,
                },
            );
            entry.practice = Some(PracticeData::Try {
                at: entry.created,
                rating: rating.unwrap_or(3),
            });
        }
        if self.pack == plan_form::PACK {
            entry.exercise =
                plan_form::source(&self.exercise.id).map(|(pack, exercise)| ExerciseSource {
                    pack: pack.into(),
                    pack_version: self.pack_version,
                    exercise: exercise.into(),
                    title: self.exercise.summary.as_str().into(),
                });
        }
        if self.pack == session_form::PACK {
            let on = entry.created.date_naive();
            entry.kind = Kind::Session;
            entry.exercise = None;
            entry.title = Some(format!("Session on {}", on.format("%-d %B %Y")));
            entry.practice = Some(PracticeData::Session { on });
        }
        entry.answers = self
            .exercise
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
            .collect();
        if self.pack == plan_form::PACK {
            plan_form::finish(&mut entry);
        }
        entry
    }
}

/// Starts the exercise `exercise` of `pack` afresh.
pub(super) fn start(state: &mut State, pack: &str, exercise: &str) {
    open(state, pack, exercise, None);
}

/// The exercise `exercise` of `pack` (or the try form of a plan), with its pack's
/// version.
fn find(state: &State, pack: &str, exercise: &str) -> Option<(Exercise, u32)> {
    if pack == try_form::PACK {
        let plan = state.journal.get(&try_form::plan_id(exercise)?)?;
        return Some((try_form::form(plan), 1));
    }
    if pack == review_form::PACK {
        let plan = state.journal.get(&review_form::plan_id(exercise)?)?;
        return Some((review_form::form(plan), 1));
    }
    if pack == session_form::PACK {
        return Some((session_form::form(), 1));
    }
    if pack == plan_form::PACK {
        let (source_pack, source) = plan_form::source(exercise)?;
        let found = state
            .catalog
            .exercises()
            .find(|f| f.pack.pack.id == source_pack && f.exercise.id == source)?;
        let (mut form, _) = plan_form::form(found.exercise)?;
        form.id = exercise.to_owned();
        return Some((form, found.pack.pack.version));
    }
    state
        .catalog
        .exercises()
        .find(|f| f.pack.pack.id == pack && f.exercise.id == exercise)
        .map(|f| (f.exercise.clone(), f.pack.pack.version))
}

fn open(state: &mut State, pack: &str, exercise: &str, draft: Option<&RunnerDraft>) -> bool {
    let Some((found, pack_version)) = find(state, pack, exercise) else {
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
    let homework_from =
        crate::practice::homework::assigned(&state.catalog, pack, &found.id, state.today)
            .map(|assignment| assignment.from.clone());
    state.runner = Some(Runner {
        area: found.area.clone(),
        pack: pack.to_owned(),
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
    if open(state, &draft.pack, &draft.exercise, Some(&draft)) {
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
        Some(since) if now.duration_since(since) >= AUTOSAVE_AFTER => {
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
            runner.dirty_since.get_or_insert(now);
        }
    }
    Vec::new()
}

pub(super) fn key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let Some(runner) = state.runner.as_ref() else {
        state.screen = Screen::Home;
        return Vec::new();
    };
    match runner.phase.clone() {
        Phase::Steps => step_key(state, key),
        Phase::Review => review_key(state, key),
        Phase::Saved(_) => match key.code {
            KeyCode::Enter | KeyCode::Esc | KeyCode::Char('q' | 'h') => {
                close(state);
                Vec::new()
            }
            KeyCode::Char('p') => plan_from_practice(state),
            _ => Vec::new(),
        },
    }
}

fn step_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let now = state.now;
    let Some(runner) = state.runner.as_mut() else {
        return Vec::new();
    };
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Tab => return next(state),
        KeyCode::BackTab => {
            if let Some(previous) = (0..runner.index).rev().find(|i| runner.on_path(*i)) {
                runner.index = previous;
            }
            return Vec::new();
        }
        KeyCode::Esc => return leave(state),
        KeyCode::Char('e') if ctrl => {
            return match runner.inputs[runner.index].text() {
                Some(text) => vec![Effect::Edit { text, entry: None }],
                None => Vec::new(),
            };
        }
        _ => {}
    }
    let step = runner.exercise.steps[runner.index].clone();
    match runner.inputs[runner.index].handle_key(&step, key, now) {
        Handled::Changed => {
            runner.dirty_since.get_or_insert(now);
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

fn review_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let now = state.now;
    let read_only = state.journal.read_only().map(str::to_owned);
    let Some(runner) = state.runner.as_mut() else {
        return Vec::new();
    };
    match key.code {
        KeyCode::Down | KeyCode::Char('j') => {
            runner.review_scroll = runner.review_scroll.saturating_add(1)
        }
        KeyCode::Up | KeyCode::Char('k') => {
            runner.review_scroll = runner.review_scroll.saturating_sub(1)
        }
        KeyCode::PageDown => runner.review_scroll = runner.review_scroll.saturating_add(10),
        KeyCode::PageUp => runner.review_scroll = runner.review_scroll.saturating_sub(10),
        KeyCode::BackTab | KeyCode::Left | KeyCode::Char('b') => runner.phase = Phase::Steps,
        KeyCode::Esc => return leave(state),
        KeyCode::Enter | KeyCode::Char('s') if !runner.saving => {
            if let Some(reason) = read_only {
                state.warn(format!(
                    "Not saved: {reason}. Your answers are kept; press Esc to keep them as a draft."
                ));
                return Vec::new();
            }
            runner.saving = true;
            let mut entry = runner.entry(now);
            let plan = (runner.pack == review_form::PACK)
                .then(|| review_form::plan_id(&runner.exercise.id))
                .flatten()
                .and_then(|id| state.journal.get(&id));
            let adjusted = plan.and_then(|plan| review_form::finish(&mut entry, plan));
            return std::iter::once(entry)
                .chain(adjusted)
                .map(Effect::Save)
                .collect();
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
    let id = plan_form::form_id(&runner.pack, &runner.exercise.id);
    let prefill = RunnerDraft {
        area: runner.area.clone(),
        pack: plan_form::PACK.into(),
        pack_version: runner.pack_version,
        exercise: id.clone(),
        index: 0,
        answers: fill,
        saved: crate::journal::entry::now(),
    };
    open(state, plan_form::PACK, &id, Some(&prefill));
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
                runner.dirty_since.get_or_insert(now);
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
pub(super) fn leave_answer(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    match key.code {
        KeyCode::Char('y' | 'Y' | 'k') | KeyCode::Enter => {
            state.overlay = None;
            let effects: Vec<Effect> = draft_now(state).into_iter().collect();
            close(state);
            state.tell("Your answers are kept as a draft. Open the exercise again to go on.");
            effects
        }
        KeyCode::Char('d' | 'D') => {
            state.overlay = None;
            let key = state.runner.as_ref().map(Runner::draft_key);
            close(state);
            state.drafts.retain(|d| Some(d) != key.as_ref());
            key.map(Effect::DiscardDraft).into_iter().collect()
        }
        KeyCode::Char('n' | 'N') | KeyCode::Esc => {
            state.overlay = None;
            Vec::new()
        }
        _ => Vec::new(),
    }
}

fn close(state: &mut State) {
    // What the runner said was about the exercise; it does not follow the user out.
    state.status = None;
    let area = state
        .runner
        .take()
        .filter(|r| {
            ![
                try_form::PACK,
                review_form::PACK,
                session_form::PACK,
                plan_form::PACK,
            ]
            .contains(&r.pack.as_str())
        })
        .map(|r| r.area);
    state.screen = if area.is_some() && state.area.is_some() {
        Screen::Area
    } else {
        Screen::Home
    };
}
