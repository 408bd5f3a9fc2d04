//! The exercise-pack format: its types, the one loader for built-in and installed
//! packs, validation, questionnaire scoring, the catalog of everything installed,
//! and the published JSON Schema.

pub mod assign;
pub mod assignment;
pub mod builtin;
pub mod catalog;
pub mod describe;
pub mod install;
pub mod json_path;
pub mod load;
pub mod model;
pub mod promises;
pub mod questionnaire;
pub mod readability;
pub mod rounds;
pub mod syntax;
pub mod template;
pub mod validate;

pub use catalog::{Catalog, ExerciseRef, FindError};
pub use load::{LoadError, Problem, load_file, load_str};
pub use model::Pack;

/// The JSON Schema of the pack format, generated from the Rust types, as pretty JSON
/// with a final newline. `docs/pack.schema.json` is kept equal to it by a test.
pub fn schema() -> String {
    let schema = schemars::schema_for!(Pack);
    let mut schema = serde_json::to_value(&schema).unwrap_or_default();
    // serde's tag has no doc comment of its own; say what it is on every kind.
    if let Some(kinds) = schema["$defs"]["Step"]["oneOf"].as_array_mut() {
        for kind in kinds {
            if let Some(tag) = kind["properties"]["kind"].as_object_mut() {
                tag.insert(
                    "description".into(),
                    format!(
                        "What kind of step this is: {}.",
                        model::STEP_KINDS.join(", ")
                    )
                    .into(),
                );
            }
        }
    }
    // The promises an exercise may serve, for an editor to offer.
    if let Some(items) =
        schema["$defs"]["Exercise"]["properties"]["serves"]["items"].as_object_mut()
    {
        let ids: Vec<serde_json::Value> = promises::PROMISES.iter().map(|p| p.id.into()).collect();
        items.insert("enum".into(), ids.into());
    }
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
