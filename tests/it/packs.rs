//! The pack format through the library: built-in packs, serde round trips, the
//! published schema and example, hostile text, and questionnaire scoring.

use crate::common;

use std::collections::BTreeMap;

use between::pack::assignment::resolve;
use between::pack::builtin;
use between::pack::model::{Per, QuestionnaireStep, STEP_KINDS, Step};
use between::pack::{Catalog, Pack, load_str};
use between::sanitize::{PLACEHOLDER, is_forbidden};
use serde_json::Value;

fn every_kind_text() -> String {
    std::fs::read_to_string(common::fixture("packs/good/every-kind.json")).unwrap()
}

fn every_kind() -> Pack {
    load_str("every-kind.json", &every_kind_text()).unwrap()
}

#[test]
fn built_in_packs_load_one_per_area_and_use_every_step_kind() {
    let catalog = Catalog::builtin().unwrap();
    let ids: Vec<&str> = catalog.packs().iter().map(|p| p.pack.id.as_str()).collect();
    let areas: Vec<&str> = builtin::AREAS.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, areas);
    for loaded in catalog.packs() {
        assert!(!loaded.pack.exercises.is_empty(), "{}", loaded.pack.id);
        for exercise in &loaded.pack.exercises {
            assert_eq!(exercise.area, loaded.pack.id, "{}", exercise.id);
            assert!(
                exercise.practice.is_some(),
                "{} has no practice",
                exercise.id
            );
        }
    }
    let mut kinds: Vec<&str> = catalog
        .exercises()
        .flat_map(|found| found.exercise.steps.iter().map(Step::kind))
        .collect();
    kinds.sort();
    kinds.dedup();
    let mut all = STEP_KINDS.to_vec();
    all.sort();
    assert_eq!(kinds, all);
    let questionnaire = catalog
        .find("attachment/attachment-questionnaire", None)
        .unwrap();
    assert!(
        questionnaire
            .exercise
            .steps
            .iter()
            .any(|s| s.kind() == "questionnaire")
    );
}

#[test]
fn built_in_exercise_ids_are_unique_across_packs() {
    let catalog = Catalog::builtin().unwrap();
    let mut ids: Vec<&str> = catalog
        .exercises()
        .map(|f| f.exercise.id.as_str())
        .collect();
    let count = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), count);
}

#[test]
fn every_step_kind_round_trips_through_serde() {
    let pack = every_kind();
    let steps: Vec<&Step> = pack.exercises.iter().flat_map(|e| &e.steps).collect();
    for kind in STEP_KINDS {
        assert!(
            steps.iter().any(|s| s.kind() == kind),
            "fixture lacks {kind}"
        );
    }
    for step in steps {
        let json = serde_json::to_string(step).unwrap();
        let back: Step = serde_json::from_str(&json).unwrap();
        assert_eq!(&back, step);
        let value: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["kind"], step.kind());
    }
    let json = serde_json::to_string(&pack).unwrap();
    assert_eq!(load_str("again.json", &json).unwrap(), pack);
}

#[test]
fn the_examples_in_the_format_docs_are_valid_and_are_the_fixtures() {
    let doc = std::fs::read_to_string(common::root().join("docs/pack-format.md")).unwrap();
    let examples: Vec<&str> = doc
        .split("```json\n")
        .skip(1)
        .map(|block| &block[..block.find("```").unwrap()])
        .collect();
    let fixtures = [
        std::fs::read_to_string(common::fixture("packs/good/safety-path.json")).unwrap(),
        every_kind_text(),
        std::fs::read_to_string(common::fixture("packs/good/assignment-only.json")).unwrap(),
        std::fs::read_to_string(common::fixture("packs/good/weekly-strain.json")).unwrap(),
    ];
    assert_eq!(examples.len(), fixtures.len());
    for (example, fixture) in examples.into_iter().zip(fixtures) {
        load_str("docs/pack-format.md", example).unwrap();
        assert_eq!(example, fixture);
    }
}

#[test]
fn assignment_items_name_this_packs_or_built_in_exercises() {
    let text = std::fs::read_to_string(common::fixture("packs/good/assignment-only.json")).unwrap();
    let pack = load_str("assignment-only.json", &text).unwrap();
    let assignment = pack.assignment.as_ref().unwrap();
    assert_eq!(assignment.due, chrono::NaiveDate::from_ymd_opt(2026, 12, 6));
    assert_eq!(assignment.items[0].per, Per::Week);
    let key = resolve(&pack, &assignment.items[0].exercise).unwrap();
    assert_eq!(
        (key.pack.as_str(), key.exercise.as_str()),
        ("communication", "gentle-start-up")
    );
    let json = serde_json::to_string(&pack).unwrap();
    assert_eq!(load_str("again.json", &json).unwrap(), pack);

    let own = every_kind();
    for reference in ["before-a-hard-talk", "hard-talks/before-a-hard-talk"] {
        let key = resolve(&own, reference).unwrap();
        assert_eq!(
            (key.pack.as_str(), key.exercise.as_str()),
            ("example-steady", "before-a-hard-talk")
        );
    }
    for missing in [
        "gentle-start-up",
        "patterns/before-a-hard-talk",
        "../x",
        "",
        "/",
    ] {
        assert_eq!(resolve(&own, missing), None, "{missing:?}");
    }
}

#[test]
fn the_schema_carries_what_the_checker_knows() {
    let schema: Value = serde_json::from_str(&between::pack::schema()).unwrap();
    let props = &schema["properties"];
    assert!(props["$schema"].is_object(), "$schema is allowed");
    assert_eq!(props["format"]["const"], 1);
    assert_eq!(props["version"]["minimum"], 1);
    let id_pattern = "^[a-z0-9][a-z0-9-]{0,63}$";
    assert_eq!(props["id"]["pattern"], id_pattern);
    let defs = &schema["$defs"];
    let exercise = &defs["Exercise"]["properties"];
    assert_eq!(exercise["id"]["pattern"], id_pattern);
    assert_eq!(exercise["minutes"]["minimum"], 1);
    assert_eq!(exercise["minutes"]["maximum"], 180);
    let areas = exercise["area"].to_string();
    for area in between::pack::builtin::AREAS.iter() {
        assert!(areas.contains(&format!("\"{}\"", area.id)), "{areas}");
    }
    let timer = defs["Step"]["oneOf"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["properties"]["kind"]["const"] == "timer")
        .unwrap();
    assert_eq!(timer["properties"]["seconds"]["minimum"], 10);
    assert_eq!(timer["properties"]["seconds"]["maximum"], 7200);
    assert_eq!(defs["AssignmentItem"]["properties"]["times"]["minimum"], 1);
    // Every field says what it is, for an editor to show as the author types.
    fn described(at: &str, schema: &Value) {
        if let Some(props) = schema.get("properties").and_then(Value::as_object) {
            for (name, field) in props {
                assert!(
                    field.get("description").is_some(),
                    "{at}.{name} has no description"
                );
            }
        }
        for key in ["oneOf", "anyOf"] {
            for sub in schema
                .get(key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                described(at, sub);
            }
        }
    }
    described("pack", &schema);
    for (name, def) in defs.as_object().unwrap() {
        described(name, def);
    }
}

#[test]
fn the_published_schema_is_the_generated_one() {
    let published = std::fs::read_to_string(common::root().join("docs/pack.schema.json")).unwrap();
    assert!(
        published == between::pack::schema(),
        "docs/pack.schema.json is stale: run `cargo run -- pack schema > docs/pack.schema.json`"
    );
    let schema: Value = serde_json::from_str(&published).unwrap();
    assert_eq!(schema["additionalProperties"], false);
    assert_eq!(
        schema["$defs"]["Step"]["oneOf"].as_array().unwrap().len(),
        STEP_KINDS.len()
    );
}

const HOSTILE: [&str; 10] = [
    "\u{1b}]52;c;SGVsbG8=\u{7}", // OSC 52: write the clipboard
    "\u{1b}]8;;https://example.invalid\u{1b}\\link\u{1b}]8;;\u{1b}\\", // OSC 8: a hidden link
    "\u{1b}]0;title\u{7}",       // OSC 0: window title
    "\u{1b}]2;title\u{1b}\\",    // OSC 2: window title
    "\u{1b}[2J",                 // CSI: clear the screen
    "\u{9b}2J",                  // 8-bit CSI
    "\u{202E}gnp.exe",           // right-to-left override
    "\u{2066}isolate\u{2069}",   // bidi isolate
    "\u{7f}\u{85}\u{0}",         // DEL, C1 next line, NUL
    "\r",                        // a lone carriage return
];

/// Keys whose string values are identifiers or references, not free text.
const ID_KEYS: [&str; 6] = ["id", "kind", "area", "measure", "dimension", "when"];

/// Appends every hostile string to every free-text string; returns how many.
fn poison(value: &mut Value, key: Option<&str>) -> usize {
    match value {
        Value::String(s) if !key.is_some_and(|k| ID_KEYS.contains(&k)) => {
            s.push_str(&HOSTILE.concat());
            1
        }
        Value::Array(items) => items.iter_mut().map(|v| poison(v, key)).sum(),
        Value::Object(map) if key != Some("when") => {
            map.iter_mut().map(|(k, v)| poison(v, Some(k))).sum()
        }
        _ => 0,
    }
}

fn strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        Value::Object(map) => map.iter().for_each(|(k, v)| {
            out.push(k.clone());
            strings(v, out);
        }),
        _ => {}
    }
}

#[test]
fn hostile_text_in_every_field_is_neutralised_at_load() {
    let mut raw: Value = serde_json::from_str(&every_kind_text()).unwrap();
    let poisoned = poison(&mut raw, None);
    assert!(poisoned > 60, "only {poisoned} fields poisoned");
    let pack = load_str("hostile.json", &serde_json::to_string_pretty(&raw).unwrap()).unwrap();

    let mut all = Vec::new();
    strings(&serde_json::to_value(&pack).unwrap(), &mut all);
    for s in &all {
        assert!(
            !s.chars().any(is_forbidden),
            "forbidden character left in {s:?}"
        );
    }
    // Each poisoned field is still there, with the attack visibly replaced.
    let marked = all.iter().filter(|s| s.contains(PLACEHOLDER)).count();
    assert_eq!(marked, poisoned);
    assert!(
        all.iter()
            .any(|s| s.contains("\u{FFFD}]52;c;SGVsbG8=\u{FFFD}"))
    );
}

fn first_questionnaire<'a>(steps: impl IntoIterator<Item = &'a Step>) -> &'a QuestionnaireStep {
    steps
        .into_iter()
        .find_map(|s| match s {
            Step::Questionnaire(q) => Some(q),
            _ => None,
        })
        .expect("a questionnaire step")
}

fn lean() -> QuestionnaireStep {
    let pack = every_kind();
    first_questionnaire(pack.exercises.iter().flat_map(|e| &e.steps)).clone()
}

fn answers(pairs: &[(&str, i64)]) -> BTreeMap<String, i64> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

#[test]
fn questionnaire_scores_match_hand_computation() {
    let q = lean();
    // Scale 1..5. w2 and d2 are reverse-scored: value = 6 - answer.
    let cases = [
        // worry (5 + 5)/2 = 5 higher; distance (1 + 1)/2 = 1 lower
        (
            [("w1", 5), ("w2", 1), ("d1", 1), ("d2", 5)],
            (5.0, "higher"),
            (1.0, "lower"),
            "reaching",
        ),
        // worry (3 + 3)/2 = 3, lower (up_to is inclusive); distance (4 + 5)/2 = 4.5 higher
        (
            [("w1", 3), ("w2", 3), ("d1", 4), ("d2", 1)],
            (3.0, "lower"),
            (4.5, "higher"),
            "guarding",
        ),
        // worry (4 + 2)/2 = 3 lower; distance (2 + 2)/2 = 2 lower
        (
            [("w1", 4), ("w2", 4), ("d1", 2), ("d2", 4)],
            (3.0, "lower"),
            (2.0, "lower"),
            "steady",
        ),
        // worry (4 + 3)/2 = 3.5 higher; distance (5 + 3)/2 = 4 higher
        (
            [("w1", 4), ("w2", 3), ("d1", 5), ("d2", 3)],
            (3.5, "higher"),
            (4.0, "higher"),
            "torn",
        ),
    ];
    for (given, worry, distance, region) in cases {
        let scores = q.score(&answers(&given)).unwrap();
        let got: Vec<(f64, &str)> = scores
            .dimensions
            .iter()
            .map(|d| (d.score, d.band.as_str()))
            .collect();
        assert_eq!(got, vec![worry, distance], "{given:?}");
        assert_eq!(scores.region.unwrap().id, region, "{given:?}");
    }
}

#[test]
fn questionnaire_refuses_missing_and_out_of_scale_answers() {
    let q = lean();
    let missing = q.score(&answers(&[("w1", 1), ("d1", 2)])).unwrap_err();
    assert_eq!(missing.to_string(), "2 item(s) have no answer yet: w2, d2");
    let outside = q
        .score(&answers(&[("w1", 1), ("w2", 9), ("d1", 2), ("d2", 2)]))
        .unwrap_err();
    assert_eq!(
        outside.to_string(),
        "the answer 9 to item `w2` is outside the scale"
    );
}

#[test]
fn a_dimension_that_sums_its_items_records_the_total_as_its_measure() {
    let text = std::fs::read_to_string(common::fixture("packs/good/weekly-strain.json")).unwrap();
    let pack = load_str("weekly-strain.json", &text).unwrap();
    let q = first_questionnaire(pack.exercises.iter().flat_map(|e| &e.steps)).clone();
    let ids = ["tense", "sparks", "held-back", "awake", "alone"];
    // Bands are in totals: up to 7 is lighter, 8 and over heavier.
    for (given, total, band) in [
        ([1, 1, 2, 2, 1], 7.0, "lighter"),
        ([3, 3, 2, 2, 2], 12.0, "heavier"),
    ] {
        let pairs: Vec<(&str, i64)> = ids.iter().copied().zip(given).collect();
        let scores = q.score(&answers(&pairs)).unwrap();
        let [strain] = scores.dimensions.as_slice() else {
            panic!("{scores:?}");
        };
        assert_eq!(
            (
                strain.score,
                strain.band.as_str(),
                strain.measure.as_deref()
            ),
            (total, band, Some("weekly-strain"))
        );
    }
    // A dimension without `score` keeps the mean, and records no measure.
    let worry = &lean().score(&answers(&[("w1", 5), ("w2", 1), ("d1", 1), ("d2", 5)]));
    assert_eq!(worry.as_ref().unwrap().dimensions[0].score, 5.0);
    assert_eq!(worry.as_ref().unwrap().dimensions[0].measure, None);
}

#[test]
fn questionnaire_scores_saved_before_dimensions_had_measures_still_read() {
    use between::journal::AnswerValue;
    // As an earlier version wrote a questionnaire's answer in the journal.
    let old = r#"{"kind":"questionnaire","items":[{"text":"I worry.","answer":4}],
        "scores":{"dimensions":[{"id":"worry","title":"Worry","score":3.5,"band":"higher",
        "band_title":"higher","band_text":"Words."}],"region":null}}"#;
    let AnswerValue::Questionnaire { scores, .. } = serde_json::from_str(old).unwrap() else {
        panic!("not a questionnaire");
    };
    assert_eq!(scores.dimensions[0].measure, None);
    assert_eq!(scores.dimensions[0].score, 3.5);
}

#[test]
fn every_region_of_the_built_in_attachment_questionnaire_can_be_reached() {
    let catalog = Catalog::builtin().unwrap();
    let exercise = catalog
        .find("attachment-questionnaire", None)
        .unwrap()
        .exercise;
    let q = first_questionnaire(&exercise.steps);
    let mut reached = Vec::new();
    // Per dimension, answer every item toward its high or its low end.
    for high in [[false, false], [true, false], [false, true], [true, true]] {
        let given: BTreeMap<String, i64> = q
            .items
            .iter()
            .map(|item| {
                let d = q
                    .dimensions
                    .iter()
                    .position(|d| d.id == item.dimension)
                    .unwrap();
                let toward_high = high[d] != item.reverse;
                (
                    item.id.clone(),
                    if toward_high {
                        q.scale.max
                    } else {
                        q.scale.min
                    },
                )
            })
            .collect();
        let scores = q.score(&given).unwrap();
        reached.push(scores.region.expect("a region").id);
    }
    reached.sort();
    let mut all: Vec<String> = q.regions.iter().map(|r| r.id.clone()).collect();
    all.sort();
    assert_eq!(reached, all);
}

#[test]
fn a_merged_built_in_exercise_is_still_found_by_its_old_id() {
    let catalog = Catalog::builtin().unwrap();
    for (area, old, new) in builtin::RETIRED {
        let old_ref = format!("{area}/{old}");
        assert!(
            !catalog.exercises().any(|f| f.reference() == old_ref),
            "{old_ref} is retired but still there"
        );
        // `between show`, `plan add --from` and the runner find it as the new one.
        let found = catalog.find(&old_ref, None).unwrap();
        assert_eq!(found.reference(), format!("{area}/{new}"));
    }
    // A therapist's homework that names an old id keeps loading and counts the new one.
    let pack = load_str(
        "old-homework.json",
        r#"{ "format": 1, "id": "old-homework", "version": 1, "title": "Homework",
             "description": "Set before the merge.", "exercises": [],
             "assignment": { "from": "Sam", "items": [
               { "exercise": "boundaries/boundaries-dear-man", "times": 2, "per": "week" } ] } }"#,
    )
    .unwrap();
    let key = resolve(&pack, &pack.assignment.as_ref().unwrap().items[0].exercise).unwrap();
    assert_eq!(
        (key.pack.as_str(), key.exercise.as_str()),
        ("boundaries", "boundary-from-a-value")
    );
    // An id that never existed is still refused.
    let unknown = load_str(
        "unknown.json",
        r#"{ "format": 1, "id": "unknown", "version": 1, "title": "Homework",
             "description": "A typo.", "exercises": [],
             "assignment": { "from": "Sam", "items": [
               { "exercise": "boundaries/boundaries-dear-woman", "times": 2, "per": "week" } ] } }"#,
    );
    assert!(unknown.is_err());
}
