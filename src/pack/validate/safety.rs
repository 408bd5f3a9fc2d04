//! The safety rule: whatever an exercise prepares to say or do with the partner comes
//! after a safety check. It has a module of its own so that it is easy to find and
//! cannot be lost among the other rules.

use super::Checker;
use crate::pack::json_path::JsonPath;
use crate::pack::model::Exercise;

/// What a safety check is, for the checker's messages.
const SAFETY_CHECK: &str = "a `choice` step with at least one option marked \
     `\"safety\": true`, such as \"Afraid of how my partner might react\"";

impl Checker {
    /// Anything the exercise prepares to say or do with the partner comes after a
    /// safety check, so that an answer that signals fear can change the path first.
    pub(super) fn safety_first(&mut self, at: &JsonPath, exercise: &Exercise) {
        let check = exercise.safety_check();
        let steps = at.key("steps");
        for (i, step) in exercise.steps.iter().enumerate() {
            if !step.with_partner() {
                continue;
            }
            let place = steps.index(i).key("with_partner");
            if step.is_safety_check() {
                self.problem(
                    place,
                    "a safety check cannot itself be marked `with_partner`: it is what \
                     decides whether the steps with your partner are shown",
                );
            } else if check.is_none_or(|check| check > i) {
                self.problem(
                    place,
                    format!(
                        "this step involves your partner, so a safety check must come \
                         before it: {SAFETY_CHECK}"
                    ),
                );
            }
        }
        if exercise.practice.as_ref().is_some_and(|p| p.with_partner) && check.is_none() {
            self.problem(
                at.key("practice").key("with_partner"),
                format!(
                    "the practice suggestion involves your partner, so the exercise needs \
                     a safety check: {SAFETY_CHECK}"
                ),
            );
        }
    }
}
