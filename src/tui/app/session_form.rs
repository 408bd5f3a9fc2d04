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
        steps: vec![
            text("notes", "What did you talk about in the session?"),
            text("homework", "What homework were you given, if any?"),
        ],
        practice: None,
        serves: Vec::new(),
    }
}
