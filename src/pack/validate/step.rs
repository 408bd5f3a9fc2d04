//! One step, by its kind: a scale's range and the measure it records, a choice's
//! options, a checklist's items, a timer's length. A questionnaire has its own
//! module, [`super::questionnaire`].

use super::Checker;
use crate::pack::json_path::JsonPath;
use crate::pack::model::{Pack, Step};

impl Checker {
    pub(super) fn step(&mut self, pack: &Pack, at: &JsonPath, step: &Step) {
        self.id(at.key("id"), step.id());
        self.text(at.key("prompt"), step.prompt());
        match step {
            Step::Read(_) => {}
            Step::Text(text) => self.optional_text(at.key("hint"), text.hint.as_deref()),
            Step::Scale(scale) => {
                self.range(at, scale.min, scale.max);
                self.text(at.key("min_label"), &scale.min_label);
                self.text(at.key("max_label"), &scale.max_label);
                if let Some(id) = &scale.measure {
                    let (min, max) = (scale.min, scale.max);
                    self.measure_use(pack, at, id, |m| {
                        if (m.min, m.max) == (min, max) {
                            Ok(())
                        } else {
                            Err(format!(
                                "the measure `{id}` goes from {} to {}, so this scale must too (it goes from {min} to {max})",
                                m.min, m.max
                            ))
                        }
                    });
                }
            }
            Step::Choice(choice) => {
                let options = at.key("options");
                if choice.options.is_empty() {
                    self.problem(options.clone(), "a choice needs at least one option");
                }
                for (i, option) in choice.options.iter().enumerate() {
                    self.text(options.index(i).key("label"), &option.label);
                }
                self.unique(
                    &options,
                    "label",
                    "option",
                    choice.options.iter().map(|o| o.label.as_str()),
                );
                self.optional_text(at.key("other"), choice.other.as_deref());
            }
            Step::Checklist(list) => {
                let items = at.key("items");
                if list.items.is_empty() {
                    self.problem(items.clone(), "a checklist needs at least one item");
                }
                for (i, item) in list.items.iter().enumerate() {
                    self.text(items.index(i), item);
                }
                self.unique_at(
                    "item",
                    list.items
                        .iter()
                        .enumerate()
                        .map(|(i, item)| (items.index(i), item.as_str())),
                );
            }
            Step::Timer(timer) => {
                if !(10..=7200).contains(&timer.seconds) {
                    self.problem(
                        at.key("seconds"),
                        format!(
                            "`seconds` must be from 10 to 7200 (two hours), not {}",
                            timer.seconds
                        ),
                    );
                }
                self.text(at.key("purpose"), &timer.purpose);
            }
            Step::Questionnaire(q) => self.questionnaire(pack, at, q),
        }
    }
}
