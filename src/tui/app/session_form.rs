//! Recording a therapy session: what was talked about and the homework, so that "since
//! my last session" starts from it. Run by the exercise runner like the other forms.

use crate::pack::model::{Exercise, Step};

/// The session form.
pub fn form() -> Exercise {
    let text = Step::optional_text;
    Exercise {
        id: "session".into(),
        area: String::new(),
        title: "A therapy session".into(),
        summary: "Note a session, so what you bring next time starts from here.".into(),
        minutes: 2,
        technique: "Practice between sessions".into(),
        steps: crate::practice::forms::SESSION
            .iter()
            .map(|q| text(q.id, q.asked))
            .chain(std::iter::once(super::try_form::when_step(
                "When was the session?",
            )))
            .collect(),
        practice: None,
        serves: Vec::new(),
    }
}
