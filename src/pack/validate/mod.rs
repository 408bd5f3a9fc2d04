//! Checks of a pack beyond its types: ids, references, ranges, and the consistency of
//! questionnaires. Every problem is collected, so an author sees them all at once.
//!
//! One `Checker` walks the pack; its rules are grouped by what they check, a module
//! each: the rules every field shares (`fields`), the pack as a whole (`pack`), the
//! assignment (`assignment`), an exercise (`exercise`) and its safety rule (`safety`),
//! a step (`step`) and a questionnaire (`questionnaire`), and a measure with its uses
//! (`measure`).

mod assignment;
mod exercise;
mod fields;
mod measure;
mod pack;
mod questionnaire;
mod safety;
mod step;

pub use fields::{MAX_RANGE, closest, is_valid_id};

use super::json_path::JsonPath;
use super::model::Pack;

/// Every problem in `pack`, each with the path of the field it is in.
pub fn check(pack: &Pack) -> Vec<(JsonPath, String)> {
    let mut checker = Checker::default();
    checker.pack(pack);
    checker.problems
}

/// The problems found so far; the rules, in the modules below, add to them.
#[derive(Default)]
struct Checker {
    problems: Vec<(JsonPath, String)>,
}

impl Checker {
    fn problem(&mut self, path: JsonPath, message: impl Into<String>) {
        self.problems.push((path, message.into()));
    }
}
