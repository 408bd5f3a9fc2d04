//! Measures: one a pack declares (its range, and the cutoff and reliable change a
//! therapist watches inside it), and every use of one (a scale's rating, a
//! questionnaire dimension's score), which must name a measure that exists and fit
//! inside its range.

use super::Checker;
use crate::pack::builtin;
use crate::pack::json_path::JsonPath;
use crate::pack::model::{Measure, Pack};
use crate::words::number;

impl Checker {
    /// A measure the pack declares, at `at`.
    pub(super) fn measure(&mut self, at: &JsonPath, measure: &Measure) {
        self.id(at.key("id"), &measure.id);
        if builtin::MEASURES.iter().any(|m| m.id == measure.id) {
            self.problem(
                at.key("id"),
                format!(
                    "`{}` is a built-in measure; use it without declaring it",
                    measure.id
                ),
            );
        }
        self.text(at.key("title"), &measure.title);
        self.range(at, measure.min, measure.max);
        let (id, min, max) = (&measure.id, measure.min, measure.max);
        if let Some(cutoff) = &measure.cutoff
            && !(min as f64..=max as f64).contains(&cutoff.at)
        {
            self.problem(
                at.key("cutoff").key("at"),
                format!(
                    "the cutoff ({}) is outside the range of the measure `{id}`, {min} to \
                     {max}; put it from {min} to {max}",
                    number(cutoff.at)
                ),
            );
        }
        let span = max.saturating_sub(min) as f64;
        match measure.reliable_change {
            Some(change) if change <= 0.0 => self.problem(
                at.key("reliable_change"),
                format!(
                    "`reliable_change` ({}) must be more than 0: it is the smallest change \
                     of the measure `{id}` that counts as real, not noise",
                    number(change)
                ),
            ),
            Some(change) if min < max && change > span => self.problem(
                at.key("reliable_change"),
                format!(
                    "`reliable_change` ({}) is more than the whole range of the measure \
                     `{id}`, {min} to {max}, so no change could reach it; it may be at most {}",
                    number(change),
                    number(span)
                ),
            ),
            _ => {}
        }
    }

    /// A use of the measure `id` at `at` (the field naming it is `measure`), whose
    /// values go from `low` to `high`: the measure exists, and `fits` says whether its
    /// range suits those values, or else what is wrong.
    pub(super) fn measure_use(
        &mut self,
        pack: &Pack,
        at: &JsonPath,
        id: &str,
        fits: impl FnOnce(&Measure) -> Result<(), String>,
    ) {
        let mut known = builtin::MEASURES.iter().chain(&pack.measures);
        match known.clone().find(|m| m.id == id) {
            Some(measure) => {
                if let Err(message) = fits(measure) {
                    self.problem(at.key("measure"), message);
                }
            }
            None => {
                let ids = known.clone().map(|m| (m.id.clone(), m.id.clone()));
                let message = match super::closest(id, ids) {
                    Some(meant) => format!("there is no measure `{id}`; did you mean `{meant}`?"),
                    None => format!(
                        "there is no measure `{id}`; use one of {} or declare it under \
                         `measures`",
                        known
                            .by_ref()
                            .map(|m| format!("`{}`", m.id))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                self.problem(at.key("measure"), message);
            }
        }
    }
}
