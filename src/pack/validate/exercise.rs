//! One exercise: its area exists, its texts and length, its steps (each checked by
//! [`super::step`]) with ids used once, and the promises it serves exist.

use super::Checker;
use crate::pack::builtin;
use crate::pack::json_path::JsonPath;
use crate::pack::model::{Exercise, Pack, Step};
use crate::pack::promises;

impl Checker {
    pub(super) fn exercise(&mut self, pack: &Pack, at: &JsonPath, exercise: &Exercise) {
        self.id(at.key("id"), &exercise.id);
        let area_known = builtin::AREAS.iter().any(|a| a.id == exercise.area)
            || pack.areas.iter().any(|a| a.id == exercise.area);
        if !area_known {
            self.problem(
                at.key("area"),
                format!(
                    "there is no area `{}`; use one of {} or declare it under `areas`",
                    exercise.area,
                    builtin::AREAS
                        .iter()
                        .chain(&pack.areas)
                        .map(|a| format!("`{}`", a.id))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
        self.text(at.key("title"), &exercise.title);
        self.text(at.key("summary"), &exercise.summary);
        self.text(at.key("technique"), &exercise.technique);
        if !(1..=180).contains(&exercise.minutes) {
            self.problem(
                at.key("minutes"),
                format!("`minutes` must be from 1 to 180, not {}", exercise.minutes),
            );
        }
        if let Some(practice) = &exercise.practice {
            self.text(at.key("practice").key("try"), &practice.attempt);
            self.text(at.key("practice").key("notice"), &practice.notice);
        }
        let steps = at.key("steps");
        if exercise.steps.is_empty() {
            self.problem(steps.clone(), "an exercise needs at least one step");
        }
        for (i, step) in exercise.steps.iter().enumerate() {
            self.step(pack, &steps.index(i), step);
        }
        self.unique(&steps, "id", "step id", exercise.steps.iter().map(Step::id));
        for (i, step) in exercise.steps.iter().enumerate() {
            let Step::Timer(timer) = step else { continue };
            let Some(listed) = &timer.lists else { continue };
            let earlier = exercise.steps[..i].iter().find(|s| s.id() == listed);
            if !matches!(earlier, Some(Step::Checklist(_) | Step::Choice(_))) {
                self.problem(
                    steps.index(i).key("lists"),
                    format!(
                        "`lists` must name an earlier checklist or choice step of this \
                         exercise; `{listed}` is not one"
                    ),
                );
            }
        }
        self.safety_first(at, exercise);
        let serves = at.key("serves");
        for (i, id) in exercise.serves.iter().enumerate() {
            if promises::find(id).is_none() {
                self.problem(
                    serves.index(i),
                    format!(
                        "there is no promise `{id}`; use one of {}",
                        promises::PROMISES
                            .iter()
                            .map(|p| format!("`{}`", p.id))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
            }
        }
        self.unique_at(
            "promise",
            exercise
                .serves
                .iter()
                .enumerate()
                .map(|(i, id)| (serves.index(i), id.as_str())),
        );
    }
}
