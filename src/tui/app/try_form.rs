//! Logging one try of a plan in under a minute: a short form run by the exercise
//! runner (so it has drafts, going back, a review and safe saving like any exercise),
//! built from the plan it belongs to.

use crate::journal::Entry;
use crate::journal::practice::{RATING_MAX, RATING_MIN};
use crate::pack::model::{Exercise, ScaleStep, Step};

/// The id of the rating step, whose answer becomes the try's rating.
pub const RATING_STEP: &str = "rating";

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
        .collect(),
        practice: None,
        serves: Vec::new(),
    }
}
