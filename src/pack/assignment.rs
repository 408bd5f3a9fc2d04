//! What an assignment item's `exercise` names. One place resolves it, so the check at
//! load time and the progress counted later agree on which exercise is meant.

use std::sync::LazyLock;

use super::builtin;
use super::model::Pack;

/// An exercise as journal entries record it: the pack that holds it and its id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ExerciseKey {
    /// The pack's id (for a built-in exercise, its area's id).
    pub pack: String,
    /// The exercise's id.
    pub exercise: String,
}

/// Every built-in exercise as (area, id). Read from the embedded JSON directly, so
/// checking a pack never has to load (and check) the built-in packs.
static BUILTIN: LazyLock<Vec<(String, String)>> = LazyLock::new(|| {
    builtin::PACKS
        .iter()
        .flat_map(|embedded| {
            let value: serde_json::Value = serde_json::from_str(embedded.text).unwrap_or_default();
            let field = |exercise: &serde_json::Value, name: &str| {
                exercise[name].as_str().unwrap_or_default().to_owned()
            };
            value["exercises"]
                .as_array()
                .map(|exercises| {
                    exercises
                        .iter()
                        .map(|e| (field(e, "area"), field(e, "id")))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
        .collect()
});

/// The exercise `reference` names from within `pack`: an exercise id of `pack`, or
/// `area/exercise` for one of `pack`'s or a built-in one. `None` if there is none.
pub fn resolve(pack: &Pack, reference: &str) -> Option<ExerciseKey> {
    let own = |id: &str, area: Option<&str>| {
        pack.exercises
            .iter()
            .any(|e| e.id == id && area.is_none_or(|area| e.area == area))
            .then(|| ExerciseKey {
                pack: pack.id.clone(),
                exercise: id.to_owned(),
            })
    };
    match reference.split_once('/') {
        None => own(reference, None),
        Some((area, id)) => own(id, Some(area)).or_else(|| {
            let id = builtin::successor(area, id).unwrap_or(id);
            BUILTIN
                .iter()
                .any(|(a, e)| a == area && e == id)
                .then(|| ExerciseKey {
                    pack: area.to_owned(),
                    exercise: id.to_owned(),
                })
        }),
    }
}

/// Every built-in exercise as (area, id), for the checker's suggestions.
pub fn builtin_exercises() -> &'static [(String, String)] {
    &BUILTIN
}
