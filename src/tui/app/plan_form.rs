//! Making a plan from a finished exercise's practice suggestion: what you will try
//! (the suggestion, to change as you like), how many times a week, when to look back,
//! and what to notice. Run by the exercise runner, prefilled.

use chrono::Days;

use crate::journal::mint::Mint;
use crate::journal::practice::Frequency;
use crate::journal::{Answer, AnswerValue, Entry};
use crate::pack::model::{Exercise, ScaleStep, Step, TextStep};
use crate::practice::forms;

/// Tries a week, unless changed.
pub const TIMES: i64 = 2;
/// Weeks until looking back, unless changed.
pub const WEEKS: i64 = 2;

/// The form for a plan from `exercise`, and its answers filled in from the exercise's
/// practice suggestion.
pub fn form(exercise: &Exercise) -> Option<(Exercise, Vec<Option<AnswerValue>>)> {
    let practice = exercise.practice.as_ref()?;
    let text = |id: &str, prompt: &str| {
        Step::Text(TextStep {
            id: id.into(),
            prompt: prompt.into(),
            hint: None,
            required: true,
            with_partner: false,
        })
    };
    let scale = |id: &str, prompt: &str, max: i64, min_label: &str, max_label: &str| {
        Step::Scale(ScaleStep {
            id: id.into(),
            prompt: prompt.into(),
            min: 1,
            max,
            min_label: min_label.into(),
            max_label: max_label.into(),
            measure: None,
            with_partner: false,
        })
    };
    let form = Exercise {
        id: String::new(),
        area: exercise.area.clone(),
        title: "Make it a plan".into(),
        // The source exercise's title, for the plan's reference to it.
        summary: exercise.title.clone(),
        minutes: 2,
        technique: exercise.technique.clone(),
        steps: vec![
            text(
                forms::PLAN[0].id,
                "What will you try? Change the words to fit your life.",
            ),
            scale(
                "times",
                "How many times a week will you try it?",
                7,
                "once",
                "every day",
            ),
            scale(
                "weeks",
                "Look back on how it went in how many weeks?",
                8,
                "one week",
                "eight weeks",
            ),
            text(forms::PLAN[1].id, forms::PLAN[1].asked),
        ],
        practice: None,
        serves: Vec::new(),
    };
    let fill = vec![
        Some(AnswerValue::Text {
            text: practice.attempt.clone(),
        }),
        Some(scale_answer(TIMES, 7, "once", "every day")),
        Some(scale_answer(WEEKS, 8, "one week", "eight weeks")),
        Some(AnswerValue::Text {
            text: practice.notice.clone(),
        }),
    ];
    Some((form, fill))
}

fn scale_answer(value: i64, max: i64, min_label: &str, max_label: &str) -> AnswerValue {
    AnswerValue::Scale {
        value,
        min: 1,
        max,
        min_label: min_label.into(),
        max_label: max_label.into(),
        measure: None,
    }
}

/// The plan these answers of the form make: its words, how often, when to look back
/// (from `day`), and what to notice.
pub fn entry(answers: &[Answer], day: chrono::NaiveDate, mint: &mut dyn Mint) -> Entry {
    let scale = |id: &str| {
        answers
            .iter()
            .find_map(|a| match (&a.value, a.step.as_str() == id) {
                (AnswerValue::Scale { value, .. }, true) => Some(*value),
                _ => None,
            })
    };
    let text = |id: &str| {
        answers
            .iter()
            .find(|a| a.step.as_str() == id)
            .and_then(|a| a.value.text())
            .map(str::to_owned)
    };
    let times = u32::try_from(scale("times").unwrap_or(TIMES)).unwrap_or(2);
    let weeks = u64::try_from(scale("weeks").unwrap_or(WEEKS)).unwrap_or(2);
    crate::practice::forms::plan(
        text(forms::PLAN[0].id).unwrap_or_default(),
        text(forms::PLAN[1].id),
        Frequency::Week { times },
        day.checked_add_days(Days::new(7 * weeks)),
        mint,
    )
}
