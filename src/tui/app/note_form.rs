//! Writing a note from the app: the words, and if you like the area it is about, tags,
//! a flag to bring it to the next session, and privacy. Run by the exercise runner
//! like the other forms, so it has drafts and survives a crash or a lock.

use crate::journal::mint::Mint;
use crate::journal::{AnswerValue, Entry};
use crate::pack::model::{
    ChecklistStep, ChoiceOption, ChoiceStep, Exercise, IfLeft, Step, TextStep,
};
use crate::practice::forms;

/// The step ids.
const AREA_STEP: &str = "area";
const TAGS_STEP: &str = "tags";
const FLAGS_STEP: &str = "flags";
/// The flags, in the order of the checklist.
const DISCUSS: &str = "Bring it to my next session";
const PRIVATE: &str = "Keep it private (never in a report or a summary for others)";

/// The note form, offering the areas `areas` (id, title).
pub fn form(areas: &[(String, String)]) -> Exercise {
    Exercise {
        id: "note".into(),
        area: String::new(),
        title: "A note".into(),
        summary: "Write down what happened or what is on your mind.".into(),
        minutes: 2,
        technique: "Journaling".into(),
        steps: vec![
            Step::Text(TextStep {
                id: forms::NOTE.id.into(),
                prompt: "What do you want to write down?".into(),
                hint: None,
                required: true,
                with_partner: false,
            }),
            Step::Choice(ChoiceStep {
                id: AREA_STEP.into(),
                prompt: "Is it about one of the areas?".into(),
                options: areas
                    .iter()
                    .map(|(_, title)| ChoiceOption {
                        label: title.as_str().into(),
                        safety: false,
                    })
                    .collect(),
                multiple: false,
                other: None,
                if_left: Some(IfLeft::Open),
                with_partner: false,
            }),
            Step::optional_text(TAGS_STEP, "Tags, if you like, separated by commas."),
            Step::Checklist(ChecklistStep {
                id: FLAGS_STEP.into(),
                prompt: "Anything else?".into(),
                with_partner: false,
                items: vec![DISCUSS.into(), PRIVATE.into()],
            }),
        ],
        practice: None,
        serves: Vec::new(),
    }
}

/// The note these answers make.
pub fn entry(
    answers: &[crate::journal::Answer],
    areas: &[(String, String)],
    mint: &mut dyn Mint,
) -> Entry {
    let value = |id: &str| {
        answers
            .iter()
            .find(|a| a.step.as_str() == id)
            .map(|a| &a.value)
    };
    let text = value(forms::NOTE.id)
        .and_then(AnswerValue::text)
        .unwrap_or_default()
        .to_owned();
    let area = match value(AREA_STEP) {
        Some(AnswerValue::Choice { chosen, .. }) => chosen.first().and_then(|title| {
            areas
                .iter()
                .find(|(_, t)| t.as_str() == title.as_str())
                .map(|(id, _)| id.clone())
        }),
        _ => None,
    };
    let tags = value(TAGS_STEP)
        .and_then(AnswerValue::text)
        .map(|text| {
            text.split(',')
                .map(|tag| tag.trim().to_owned())
                .filter(|tag| !tag.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let ticked = |item: &str| match value(FLAGS_STEP) {
        Some(AnswerValue::Checklist { items }) => {
            items.iter().any(|i| i.checked && i.text.as_str() == item)
        }
        _ => false,
    };
    forms::note(text, area, tags, ticked(DISCUSS), ticked(PRIVATE), mint)
}
