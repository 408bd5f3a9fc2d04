//! The exercise runner: one step at a time, a review of every answer, then save.
//! Answers survive going back and forth, leaving (as a draft), and a crash (drafts are
//! written a few seconds after each change).

use crossterm::event::{KeyCode, KeyEvent};

pub use super::source::Source;
use super::{Confirm, Effect, Overlay, Screen, State};
use super::{note_form, plan_form, review_form, session_form, try_form};
use crate::journal::Entry;
use crate::journal::mint::Minting;
use crate::journal::practice::PracticeData;
use crate::pack::model::Exercise;
use crate::tui::keymap::Action;
use crate::tui::widgets::{Handled, StepInput};

mod model;

pub use model::{
    AUTOSAVE_AFTER, Notice, Phase, Runner, RunnerDraft, SAFETY_AT_THE_END, SAFETY_NOTICE,
    draft_key, step_title,
};

/// Every area, (id, title), for the note form.
pub(super) fn area_titles(state: &State) -> Vec<(String, String)> {
    state
        .catalog
        .areas()
        .into_iter()
        .map(|a| (a.decl.id, a.decl.title))
        .collect()
}

/// Starts `source` afresh, or offers its draft first when it has one.
pub(super) fn start_or_resume(state: &mut State, source: Source) {
    if state.drafts.contains(&source.draft_key()) {
        state.overlay = Some(Overlay::Confirm(Confirm::Resume(source)));
    } else {
        start(state, source);
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
        Source::Note => Some((note_form::form(&area_titles(state)), 1)),
        Source::ReportNote { pack } => {
            let from = state
                .catalog
                .pack(pack)
                .and_then(|loaded| loaded.pack.assignment.as_ref())
                .map(|a| crate::sanitize::text(&a.from).into_owned());
            let written = super::report::has_note(state, pack);
            Some((super::report::note_form(from.as_deref(), written), 1))
        }
    }
}

fn open(state: &mut State, source: Source, draft: Option<&RunnerDraft>) -> bool {
    let Some((found, pack_version)) = find(state, &source) else {
        state.warn("That exercise is no longer there.");
        return false;
    };
    let steps = &found.steps;
    let defaults = match &source {
        Source::Review { plan } => state
            .journal
            .get(plan)
            .map(review_form::defaults)
            .unwrap_or_default(),
        // The note written before, to change.
        Source::ReportNote { pack } if *pack == state.report.pack => {
            let note = state.report.note.clone();
            vec![note.map(|text| crate::journal::AnswerValue::Text { text })]
        }
        _ => Vec::new(),
    };
    let mut inputs: Vec<StepInput> = steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let previous = draft
                .and_then(|d| d.answers.get(i))
                .and_then(Option::as_ref)
                .or_else(|| defaults.get(i).and_then(Option::as_ref));
            StepInput::new(step, previous)
        })
        .collect();
    let index = draft.map_or(0, |d| d.index.min(steps.len().saturating_sub(1)));
    // A break that was running when the draft was written runs on to the same end.
    if let Some(until) = draft.and_then(|d| d.running_until)
        && let (Some(input), Some(step)) = (inputs.get_mut(index), steps.get(index))
    {
        input.run_until(step, until, state.now);
    }
    let homework_from = match &source {
        Source::Exercise { pack, exercise } => {
            crate::practice::homework::assigned(&state.catalog, pack, exercise, state.today)
                .map(|assignment| assignment.from.clone())
        }
        _ => None,
    };
    let homework_note = match &source {
        Source::Exercise { pack, exercise } => {
            crate::practice::homework::item_note(&state.catalog, pack, exercise, state.today)
                .map(|note| crate::sanitize::text(note).into_owned())
        }
        _ => None,
    };
    // Back to where it was opened from (a note from the journal goes back there); a
    // plan made at the end of an exercise goes home.
    let back_to = match &state.screen {
        _ if matches!(source, Source::Plan { .. }) => Screen::Home,
        Screen::Runner => state
            .runner
            .as_ref()
            .map_or(Screen::Home, |r| r.back_to.clone()),
        screen => screen.clone(),
    };
    // Only a note asks for an area; its choices are the catalog's areas as they are now.
    let areas_offered = if source == Source::Note {
        area_titles(state)
    } else {
        Vec::new()
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
        homework_note,
        back_to,
        areas_offered,
        defaults,
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
            "You last invited your partner {} ago, on {}.",
            crate::words::count(usize::try_from(days).unwrap_or(0), "day", "days"),
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
        state.tell(match draft.source {
            Source::ReportNote { .. } => format!("Here is your note as you left it on {when}."),
            _ => format!("Welcome back. Your answers from {when} are here."),
        });
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
    let mut effects = Vec::new();
    if runner.phase == Phase::Steps {
        let input = &mut runner.inputs[runner.index];
        let was_running = input.running_until().is_some();
        input.tick(now);
        if was_running && input.running_until().is_none() {
            // The time is up: ring, so someone who walked away hears it.
            effects.push(Effect::Bell);
        }
    }
    if let Some(since) = runner.dirty_since
        && now.instant.duration_since(since) >= AUTOSAVE_AFTER
    {
        effects.extend(draft_now(state));
    }
    effects
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

/// The current step's answer given whole (`Msg::Answer`): the step's input is made
/// anew from it, as a draft's answer is restored, so what is saved is what the
/// step's own input makes of it; the draft is written at once.
pub(super) fn answer(
    state: &mut State,
    answer: Option<&crate::journal::AnswerValue>,
) -> Vec<Effect> {
    let Some(runner) = state.runner.as_mut() else {
        return Vec::new();
    };
    if runner.phase != Phase::Steps {
        return Vec::new();
    }
    let step = runner.exercise.steps[runner.index].clone();
    runner.inputs[runner.index] = StepInput::new(&step, answer);
    runner.dirty_since = Some(state.now.instant);
    draft_now(state).into_iter().collect()
}

/// A click on an option, item or point of the step on screen: chosen or ticked as
/// Space would, never moving on.
pub(super) fn click(state: &mut State, spot: crate::tui::widgets::Spot) -> Vec<Effect> {
    let now = state.now;
    if let Some(runner) = state.runner.as_mut()
        && runner.phase == Phase::Steps
    {
        let step = runner.exercise.steps[runner.index].clone();
        if runner.inputs[runner.index].click(&step, spot) == Handled::Changed {
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
            if let Source::ReportNote { pack } = &runner.source {
                let text = runner
                    .answers(now)
                    .into_iter()
                    .flatten()
                    .find_map(|value| value.text().map(str::to_owned))
                    .unwrap_or_default();
                let pack = pack.clone();
                let draft = runner.draft(now);
                state.runner = None;
                return super::report::note_written(state, pack, &text, draft);
            }
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
        running_until: None,
    };
    open(state, source, Some(&prefill));
    Vec::new()
}

/// The entry was saved: if it is the runner's, show where and drop the draft.
pub(super) fn saved(state: &mut State, entry: &Entry) -> Vec<Effect> {
    let path = &state.journal_file;
    let planned = planned(entry);
    match state.runner.as_mut() {
        Some(runner) if runner.saving => {
            runner.saving = false;
            runner.phase = Phase::Saved(entry.id.clone());
            runner.dirty_since = None;
            let key = runner.draft_key();
            state.drafts.retain(|d| d != &key);
            let session = runner.source == Source::Session;
            state.tell(
                planned.unwrap_or_else(|| format!("Saved to your journal ({}).", path.display())),
            );
            if session {
                // Which of the entries flagged to discuss did the session talk about?
                super::overlay::offer_discussed(state, &entry.id);
            }
            vec![Effect::DiscardDraft(key)]
        }
        _ => {
            // A plan made alongside (adjusting one in a review) says when it is due; a
            // flag changed on an existing entry says which, so a key pressed by mistake
            // is seen; another change (an edit) only that it was saved.
            let news = planned
                .filter(|_| entry.revision == 1)
                .or_else(|| flag_changed(state.journal.get(&entry.id), entry));
            state.tell(news.unwrap_or_else(|| "Saved.".into()));
            Vec::new()
        }
    }
}

/// What a new revision `now` changed of `before`'s flags, in words: "Marked private:
/// …", "Flagged to discuss."; none when neither flag changed.
fn flag_changed(before: Option<&Entry>, now: &Entry) -> Option<String> {
    let before = before?;
    let said = match (before.private != now.private, before.discuss != now.discuss) {
        (true, _) if now.private => {
            "Marked private: left out of prep and reports. The same key again undoes it."
        }
        (true, _) => "No longer private: prep and reports may show it.",
        (false, true) if now.discuss => "Flagged to discuss in your next session.",
        (false, true) => "No longer flagged to discuss.",
        (false, false) => return None,
    };
    Some(said.to_owned())
}

/// For a plan, the news that says how often and when to look back; for a plan kept,
/// when it is looked back on again.
fn planned(entry: &Entry) -> Option<String> {
    if let Some(PracticeData::Review {
        next_review_on: Some(on),
        ..
    }) = &entry.practice
    {
        return Some(format!(
            "Kept: look back on it again on {}. Home shows what is due.",
            on.format("%-d %B")
        ));
    }
    let Some(PracticeData::Plan {
        frequency,
        review_on,
    }) = &entry.practice
    else {
        return None;
    };
    let often = frequency.words();
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
    state.screen = state
        .runner
        .take()
        .map_or(Screen::Home, |runner| runner.back_to);
}
