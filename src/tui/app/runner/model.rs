//! The runner's state: the exercise or form being answered, each step's input, where
//! the user is (steps, review, saved), and the draft that keeps the answers; and the
//! entries the answers make.

use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::{note_form, plan_form, review_form, try_form};
use crate::journal::entry::ExerciseSource;
use crate::journal::mint::Mint;
use crate::journal::shared_text::SharedText;
use crate::journal::{Answer, AnswerValue, Entry, EntryId, Journal, Kind};
use crate::pack::model::{Exercise, Step};
use crate::practice::forms;
use crate::tui::app::Screen;
use crate::tui::app::source::Source;
use crate::tui::clock::Now;
use crate::tui::widgets::StepInput;

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
    /// The therapist's note on this item of the homework, if any.
    pub homework_note: Option<String>,
    /// Where leaving goes back to: the area (as it was) for an exercise, home for a
    /// form.
    pub back_to: Screen,
    /// The areas (id, title) a note's area question offers, as the catalog had them.
    pub areas_offered: Vec<(String, String)>,
    /// The answers a form starts with (a look back's weeks), which are not the user's
    /// own: leaving with only these keeps no draft.
    pub defaults: Vec<Option<AnswerValue>>,
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
    /// A break running on the step the user was on: when it ends on the wall clock, so
    /// that it is still running when the draft is opened again (after a lock).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub running_until: Option<DateTime<FixedOffset>>,
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
    #[serde(default)]
    running_until: Option<DateTime<FixedOffset>>,
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
            running_until: file.running_until,
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

/// What a step asks of the user, in a word or two: the title of its pane in the app,
/// the heading of the step in linear mode.
pub fn step_title(step: &Step) -> &'static str {
    match step {
        Step::Read(_) => "Read",
        Step::Text(_) => "Write",
        Step::Scale(_) => "Rate",
        Step::Choice(_) => "Choose",
        Step::Checklist(_) => "Tick what fits",
        Step::Timer(_) => "Take a break",
        Step::Questionnaire(_) => "Questions",
    }
}

/// What is said above the steps while they are answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// Nothing.
    None,
    /// An answer signalled fear: why the steps with the partner are skipped.
    Safety(&'static str),
    /// The exercise is homework: the therapist's note on it, if any, and where the
    /// answers go.
    Homework {
        /// "Dr Lee's note: …".
        note: Option<String>,
        /// That the answers go into the report.
        text: String,
    },
}

/// Why the steps with the partner are skipped, after an answer that signals fear.
pub const SAFETY_NOTICE: &str =
    "Safety first: the steps with your partner are skipped. ! for help.";

/// What the end of an exercise says, instead of the practice, after an answer that
/// signals fear: a heading and why to get help before raising any of it.
pub const SAFETY_AT_THE_END: [&str; 2] = [
    "Your safety comes first.",
    "Your answer says it may not be safe to raise this with your partner. Before you do, \
     talk to your therapist or a hotline.",
];

impl Runner {
    /// What is said above the steps now (nothing once saved: the end says it in full).
    pub fn notice(&self) -> Notice {
        if matches!(self.phase, Phase::Saved(_)) {
            Notice::None
        } else if self.safety_mode() {
            Notice::Safety(SAFETY_NOTICE)
        } else if let Some(from) = &self.homework_from {
            Notice::Homework {
                note: self
                    .homework_note
                    .as_ref()
                    .map(|note| format!("{from}'s note: {}", note.replace('\n', " "))),
                text: format!(
                    "Homework from {from}: your answers go into their report, unless you \
                     leave them out."
                ),
            }
        } else {
            Notice::None
        }
    }

    /// Whether a break is running on the current step.
    pub fn break_running(&self) -> bool {
        self.phase == Phase::Steps && self.inputs[self.index].running_until().is_some()
    }

    /// The name of this exercise's draft.
    pub fn draft_key(&self) -> String {
        self.source.draft_key()
    }

    /// The current step.
    pub fn step(&self) -> &Step {
        &self.exercise.steps[self.index]
    }

    /// What the current step lists from an earlier one: for a break that `lists` a
    /// checklist or choice, what was ticked or chosen there.
    pub fn listed(&self) -> Vec<&str> {
        let Step::Timer(timer) = self.step() else {
            return Vec::new();
        };
        let Some(id) = &timer.lists else {
            return Vec::new();
        };
        self.exercise
            .steps
            .iter()
            .zip(&self.inputs)
            .find(|(step, _)| step.id() == id)
            .map(|(step, input)| input.chosen(step))
            .unwrap_or_default()
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
        self.exercise.steps.get(index).is_some_and(|step| {
            (!step.with_partner() || !self.safety_mode()) && self.form_asks(step)
        })
    }

    /// Whether a form asks this step, given the answers so far: a look back asks for
    /// the new plan only when the plan is to be adjusted, and when to look back again
    /// unless it is dropped.
    fn form_asks(&self, step: &Step) -> bool {
        if !matches!(self.source, Source::Review { .. }) {
            return true;
        }
        let decision = self
            .exercise
            .steps
            .iter()
            .zip(&self.inputs)
            .find(|(s, _)| s.id() == review_form::DECISION_STEP)
            .and_then(|(s, input)| {
                input
                    .chosen(s)
                    .first()
                    .and_then(|label| review_form::decision_of(label))
            });
        review_form::asks(step.id(), decision)
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

    /// Whether anything has been answered (an answer the form started with does not
    /// count).
    pub fn has_answers(&self, now: Now) -> bool {
        !matches!(self.phase, Phase::Saved(_))
            && self
                .answers(now)
                .iter()
                .enumerate()
                .any(|(i, answer)| self.answered(i, answer))
    }

    /// Whether `answer`, step `index`'s, is the user's own: given, and not the answer
    /// the form started with.
    pub fn answered(&self, index: usize, answer: &Option<AnswerValue>) -> bool {
        answer.is_some() && answer.as_ref() != self.default(index)
    }

    fn default(&self, index: usize) -> Option<&AnswerValue> {
        self.defaults.get(index).and_then(Option::as_ref)
    }

    pub(super) fn draft(&self, now: Now) -> RunnerDraft {
        RunnerDraft {
            area: self.area.clone(),
            source: self.source.clone(),
            pack_version: self.pack_version,
            index: self.index,
            answers: self.answers(now),
            saved: now.wall,
            running_until: self.inputs[self.index].running_until(),
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
                // Backdated by whole days when it was not today.
                let days = try_form::days_ago(&answers);
                let at = mint.at() - chrono::TimeDelta::days(days as i64);
                vec![forms::attempt(plan, rating.unwrap_or(3), at, &text, mint)]
            }
            Source::Review { plan } => {
                let Some(plan) = journal.get(plan) else {
                    return Vec::new();
                };
                let (review, next) = review_form::entries(&answers, plan, today, mint);
                std::iter::once(review).chain(next).collect()
            }
            Source::Session => {
                let on = today
                    .checked_sub_days(chrono::Days::new(try_form::days_ago(&answers)))
                    .unwrap_or(today);
                vec![forms::session(on, &text, Vec::new(), mint)]
            }
            Source::Note => vec![note_form::entry(&answers, &self.areas_offered, mint)],
            // Goes into the report (see `report::note_written`), never the journal.
            Source::ReportNote { .. } => Vec::new(),
        }
    }
}
