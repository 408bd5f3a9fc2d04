//! A therapist's assignment: who it is from, its days in order, and items that each
//! name an exercise that exists (of this pack, or a built-in one), once.

use super::Checker;
use crate::pack::assignment::{builtin_exercises, resolve};
use crate::pack::json_path::JsonPath;
use crate::pack::model::{Assignment, Pack};

impl Checker {
    pub(super) fn assignment(&mut self, pack: &Pack, assignment: &Assignment) {
        let at = JsonPath::root().key("assignment");
        self.text(at.key("from"), &assignment.from);
        self.optional_text(at.key("for"), assignment.for_whom.as_deref());
        self.optional_text(at.key("note"), assignment.note.as_deref());
        if let (Some(assigned), Some(due)) = (assignment.assigned, assignment.due)
            && due < assigned
        {
            self.problem(
                at.key("due"),
                format!("the due day {due} is before the day it was assigned, {assigned}"),
            );
        }
        let items = at.key("items");
        if assignment.items.is_empty() {
            self.problem(
                items.clone(),
                "an assignment needs at least one item, e.g. \
                 { \"exercise\": \"communication/gentle-start-up\", \"times\": 3, \"per\": \"week\" }",
            );
        }
        let mut keys = Vec::new();
        for (i, item) in assignment.items.iter().enumerate() {
            let at = items.index(i);
            match resolve(pack, &item.exercise) {
                Some(key) => {
                    keys.push((at.key("exercise"), format!("{}/{}", key.pack, key.exercise)))
                }
                None => {
                    let message = match suggest(pack, &item.exercise) {
                        Some(meant) if !meant.contains('/') || item.exercise.contains('/') => {
                            format!(
                                "there is no exercise `{}`; did you mean `{meant}`?",
                                item.exercise
                            )
                        }
                        Some(meant) => format!(
                            "there is no exercise `{}`; did you mean `{meant}`? A built-in \
                             exercise is named with its area, as area/exercise",
                            item.exercise
                        ),
                        None => format!(
                            "no exercise `{}`: name one of this pack's exercises by its id, or \
                             a built-in one as area/exercise, e.g. \
                             `communication/gentle-start-up` (`between exercises` lists them)",
                            item.exercise
                        ),
                    };
                    self.problem(at.key("exercise"), message);
                }
            }
            if item.times == 0 {
                self.problem(at.key("times"), "`times` must be 1 or more");
            }
            self.optional_text(at.key("note"), item.note.as_deref());
        }
        self.unique_at(
            "assigned exercise",
            keys.iter().map(|(path, key)| (path.clone(), key.as_str())),
        );
    }
}

/// The exercise a `reference` that names none was most likely meant to name, written
/// as a reference: one of `pack`'s own by id, or a built-in one as `area/exercise`.
pub fn suggest(pack: &Pack, reference: &str) -> Option<String> {
    let own = pack.exercises.iter().flat_map(|e| {
        [
            (e.id.clone(), e.id.clone()),
            (format!("{}/{}", e.area, e.id), e.id.clone()),
        ]
    });
    let builtin = builtin_exercises().iter().flat_map(|(area, id)| {
        let full = format!("{area}/{id}");
        [(full.clone(), full.clone()), (id.clone(), full)]
    });
    super::fields::closest(reference, own.chain(builtin))
}
