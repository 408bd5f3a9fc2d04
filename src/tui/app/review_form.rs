//! Looking back on a plan: what worked, what did not, and keep, adjust or drop. Run
//! by the exercise runner like the try form; adjusting also makes the new plan, which
//! continues the strategy.

use crate::journal::mint::Mint;
use crate::journal::practice::Decision;
use crate::journal::{Answer, AnswerValue, Entry};
use crate::pack::model::{ChoiceOption, ChoiceStep, Exercise, Step};
use crate::practice::forms;

/// The id of the step whose answer is the decision.
pub const DECISION_STEP: &str = "decision";
/// The id of the step with the adjusted plan's words.
pub const NEW_PLAN_STEP: &str = "new-plan";

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
                with_partner: false,
            }),
            Step::Text(crate::pack::model::TextStep {
                id: NEW_PLAN_STEP.into(),
                prompt: "What will you try instead?".into(),
                hint: None,
                required: true,
                with_partner: false,
            }),
        ],
        practice: None,
        serves: Vec::new(),
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

/// The review of `plan` these answers of the form make, and, when it adjusts the plan
/// with new words, the plan that continues it.
pub fn entries(answers: &[Answer], plan: &Entry, mint: &mut dyn Mint) -> (Entry, Option<Entry>) {
    let text = |id: &str| {
        answers
            .iter()
            .find(|a| a.step.as_str() == id)
            .and_then(|a| a.value.text())
            .map(str::to_owned)
    };
    crate::practice::forms::review(
        plan,
        decision(answers),
        &text,
        text(NEW_PLAN_STEP),
        None,
        mint,
    )
}
