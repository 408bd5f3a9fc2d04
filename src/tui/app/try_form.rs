//! Logging one try of a plan in under a minute: a short form run by the exercise
//! runner (so it has drafts, going back, a review and safe saving like any exercise),
//! built from the plan it belongs to.

use crate::journal::Entry;
use crate::journal::practice::{RATING_MAX, RATING_MIN};
use crate::pack::model::{Exercise, ScaleStep, Step};

/// The id of the rating step, whose answer becomes the try's rating.
pub const RATING_STEP: &str = "rating";
/// The id of the step that says when it happened, if not today.
pub const WHEN_STEP: &str = "when";

/// The choices of the "when" step, by how many days ago.
const WHEN: [&str; 7] = [
    "Today",
    "Yesterday",
    "2 days ago",
    "3 days ago",
    "4 days ago",
    "5 days ago",
    "6 days ago",
];

/// The step that backdates a try or a session; left unanswered, it is today.
pub fn when_step(prompt: &str) -> Step {
    Step::Choice(crate::pack::model::ChoiceStep {
        id: WHEN_STEP.into(),
        prompt: prompt.into(),
        options: WHEN
            .iter()
            .map(|label| crate::pack::model::ChoiceOption {
                label: (*label).into(),
                safety: false,
            })
            .collect(),
        multiple: false,
        other: None,
        if_left: Some(crate::pack::model::IfLeft::Today),
        with_partner: false,
    })
}

/// How many days ago the answers say it happened (0: today, or not said).
pub fn days_ago(answers: &[crate::journal::Answer]) -> u64 {
    answers
        .iter()
        .find(|a| a.step.as_str() == WHEN_STEP)
        .and_then(|a| match &a.value {
            crate::journal::AnswerValue::Choice { chosen, .. } => chosen
                .first()
                .and_then(|label| WHEN.iter().position(|w| *w == label.as_str())),
            _ => None,
        })
        .map_or(0, |days| days as u64)
}

/// The form for one try of `plan`.
pub fn form(plan: &Entry) -> Exercise {
    let text = Step::optional_text;
    let title = plan.display_title();
    Exercise {
        id: plan.id.as_str().to_ascii_lowercase(),
        area: plan.area.as_deref().unwrap_or_default().to_owned(),
        title: format!("A try: {}", crate::journal::entry::first_words(&title, 10)),
        summary: "One real attempt, noted while you remember it.".into(),
        minutes: 1,
        technique: "Practice between sessions".into(),
        steps: std::iter::once(Step::Scale(ScaleStep {
            id: RATING_STEP.into(),
            prompt: format!("You tried: {title}\n\nHow did it go?"),
            min: i64::from(RATING_MIN),
            max: i64::from(RATING_MAX),
            min_label: "badly".into(),
            max_label: "well".into(),
            measure: None,
            with_partner: false,
        }))
        .chain(
            crate::practice::forms::TRY
                .iter()
                .map(|q| text(q.id, q.asked)),
        )
        .chain(std::iter::once(when_step("When was it?")))
        .collect(),
        practice: None,
        serves: Vec::new(),
    }
}
