//! Looking back on a plan: what worked, what did not, and keep, adjust or drop. Run
//! by the exercise runner like the try form; adjusting also makes the new plan, which
//! continues the strategy. Keeping or adjusting asks when to look back again, as many
//! weeks ahead as the plan had unless changed.

use chrono::{Days, NaiveDate};

use crate::journal::mint::Mint;
use crate::journal::practice::Decision;
use crate::journal::{Answer, AnswerValue, Entry};
use crate::pack::model::{ChoiceOption, ChoiceStep, Exercise, ScaleStep, Step};
use crate::practice::forms;

/// The id of the step whose answer is the decision.
pub const DECISION_STEP: &str = "decision";
/// The id of the step with the adjusted plan's words.
pub const NEW_PLAN_STEP: &str = "new-plan";
/// The id of the step that says in how many weeks to look back again.
pub const AGAIN_STEP: &str = "again";

/// The weeks the look back again offers, at most.
const MAX_WEEKS: i64 = 8;

const DECISIONS: [(Decision, &str); 3] = [
    (Decision::Keep, "Keep it as it is"),
    (Decision::Adjust, "Adjust it"),
    (Decision::Drop, "Drop it"),
];

/// The form for reviewing `plan`.
pub fn form(plan: &Entry) -> Exercise {
    let text = Step::optional_text;
    let title = plan.display_title();
    Exercise {
        id: plan.id.as_str().to_ascii_lowercase(),
        area: plan.area.as_deref().unwrap_or_default().to_owned(),
        title: format!(
            "Look back: {}",
            crate::journal::entry::first_words(&title, 10)
        ),
        summary: "What worked, what did not, and what to do next.".into(),
        minutes: 3,
        technique: "Practice between sessions".into(),
        steps: vec![
            text(
                forms::REVIEW[0].id,
                &format!("You planned: {title}\n\n{}", forms::REVIEW[0].asked),
            ),
            text(forms::REVIEW[1].id, forms::REVIEW[1].asked),
            Step::Choice(ChoiceStep {
                id: DECISION_STEP.into(),
                prompt: "What now?".into(),
                options: DECISIONS
                    .iter()
                    .map(|(_, label)| ChoiceOption {
                        label: (*label).into(),
                        safety: false,
                    })
                    .collect(),
                multiple: false,
                other: None,
                if_left: None,
                with_partner: false,
            }),
            Step::Text(crate::pack::model::TextStep {
                id: NEW_PLAN_STEP.into(),
                prompt: "What will you try instead?".into(),
                hint: None,
                required: true,
                with_partner: false,
            }),
            Step::Scale(ScaleStep {
                id: AGAIN_STEP.into(),
                prompt: "Look back on it again in how many weeks?".into(),
                min: 1,
                max: MAX_WEEKS,
                min_label: "one week".into(),
                max_label: "eight weeks".into(),
                measure: None,
                with_partner: false,
            }),
        ],
        practice: None,
        serves: Vec::new(),
    }
}

/// The answers the form starts with: looking back again as many weeks ahead as
/// `plan` was looked back on after it was made (two, if it had no day).
pub fn defaults(plan: &Entry) -> Vec<Option<AnswerValue>> {
    let weeks = forms::review_interval_weeks(plan, super::plan_form::WEEKS as u64);
    form(plan)
        .steps
        .iter()
        .map(|step| match step {
            Step::Scale(scale) if scale.id == AGAIN_STEP => Some(AnswerValue::Scale {
                value: i64::try_from(weeks).unwrap_or(2),
                min: scale.min,
                max: scale.max,
                min_label: scale.min_label.as_str().into(),
                max_label: scale.max_label.as_str().into(),
                measure: None,
            }),
            _ => None,
        })
        .collect()
}

/// Whether the form asks step `id` after the decision `decision`: the new plan only
/// when adjusting, when to look back again unless dropping.
pub fn asks(id: &str, decision: Option<Decision>) -> bool {
    match id {
        NEW_PLAN_STEP => decision == Some(Decision::Adjust),
        AGAIN_STEP => decision != Some(Decision::Drop),
        _ => true,
    }
}

/// The decision an option's label stands for.
pub fn decision_of(label: &str) -> Option<Decision> {
    DECISIONS.iter().find(|(_, l)| *l == label).map(|(d, _)| *d)
}

/// The decision chosen in the form's answers (keep, if none was chosen).
pub fn decision(answers: &[Answer]) -> Decision {
    answers
        .iter()
        .find(|a| a.step.as_str() == DECISION_STEP)
        .and_then(|a| match &a.value {
            AnswerValue::Choice { chosen, .. } => chosen.first().and_then(|label| {
                DECISIONS
                    .iter()
                    .find(|(_, l)| *l == label.as_str())
                    .map(|(d, _)| *d)
            }),
            _ => None,
        })
        .unwrap_or(Decision::Keep)
}

/// The review of `plan` these answers of the form make on `today`, and, when it
/// adjusts the plan with new words, the plan that continues it.
pub fn entries(
    answers: &[Answer],
    plan: &Entry,
    today: NaiveDate,
    mint: &mut dyn Mint,
) -> (Entry, Option<Entry>) {
    let text = |id: &str| {
        answers
            .iter()
            .find(|a| a.step.as_str() == id)
            .and_then(|a| a.value.text())
            .map(str::to_owned)
    };
    let weeks = answers
        .iter()
        .find_map(|a| match (&a.value, a.step.as_str()) {
            (AnswerValue::Scale { value, .. }, AGAIN_STEP) => u64::try_from(*value).ok(),
            _ => None,
        })
        .unwrap_or_else(|| forms::review_interval_weeks(plan, super::plan_form::WEEKS as u64));
    crate::practice::forms::review(
        plan,
        decision(answers),
        &text,
        text(NEW_PLAN_STEP),
        today.checked_add_days(Days::new(7 * weeks)),
        mint,
    )
}
