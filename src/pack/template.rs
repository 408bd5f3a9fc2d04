//! The starting point `between pack new` writes for a therapist: a valid pack with a
//! step of every kind and an assignment, each text saying what to write there.

use chrono::{Days, NaiveDate};

/// The template, with `{from}`, `{assigned}` and `{due}` to fill in.
const TEMPLATE: &str = include_str!("template.json");

/// How long the template's homework runs, in days.
pub const TEMPLATE_DAYS: u64 = 14;

/// The template for homework from `from`, set `today` and due two weeks later.
pub fn template(from: &str, today: NaiveDate) -> String {
    // The name as the inside of a JSON string: quoted by serde, without the quotes.
    let quoted = serde_json::Value::from(from).to_string();
    let from = &quoted[1..quoted.len() - 1];
    let due = today
        .checked_add_days(Days::new(TEMPLATE_DAYS))
        .unwrap_or(today);
    TEMPLATE
        .replace("{from}", from)
        .replace("{assigned}", &today.to_string())
        .replace("{due}", &due.to_string())
}

/// Where `pack` still has an example text of the template, as places such as
/// `exercises[0].summary`: a pack sent with them would show the client instructions
/// meant for the therapist. Only texts of eight words or more count, so a short label
/// the therapist kept on purpose ("Safe", "Fast heartbeat") is not one; nor do the
/// template's texts that read as real content and may well be kept: a questionnaire's
/// reflections (`bands`) and the safety question.
pub fn example_texts_left(pack: &super::Pack) -> Vec<String> {
    let template: serde_json::Value = serde_json::from_str(TEMPLATE).unwrap_or_default();
    let mut examples = Vec::new();
    strings(&template, String::new(), &mut |place, text| {
        let content = place.contains(".bands[") || text.starts_with("Before we start");
        if text.split_whitespace().count() >= 8 && !content {
            examples.push(text.to_owned());
        }
    });
    let value = serde_json::to_value(pack).unwrap_or_default();
    let mut left = Vec::new();
    strings(&value, String::new(), &mut |place, text| {
        if examples.iter().any(|example| example == text) {
            left.push(place.to_owned());
        }
    });
    left
}

/// Calls `found` with the place and text of every string under `value`.
fn strings(value: &serde_json::Value, place: String, found: &mut dyn FnMut(&str, &str)) {
    match value {
        serde_json::Value::String(text) => found(&place, text),
        serde_json::Value::Array(values) => {
            for (i, value) in values.iter().enumerate() {
                strings(value, format!("{place}[{i}]"), found);
            }
        }
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                let place = if place.is_empty() {
                    key.clone()
                } else {
                    format!("{place}.{key}")
                };
                strings(value, place, found);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_as_written_is_all_examples_and_a_rewritten_one_has_none() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let text = template("Sam", today);
        let pack = crate::pack::load_str("template", &text).unwrap();
        let left = example_texts_left(&pack);
        assert!(left.contains(&"description".to_owned()), "{left:?}");
        assert!(left.len() > 5, "{left:?}");
        let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let rewrite = |value: &mut serde_json::Value| {
            fn walk(value: &mut serde_json::Value, n: &mut usize) {
                match value {
                    serde_json::Value::String(text) if text.split_whitespace().count() >= 8 => {
                        *n += 1;
                        *text = format!("My own words for this, number {n}, written out.");
                    }
                    serde_json::Value::Array(values) => {
                        values.iter_mut().for_each(|v| walk(v, n));
                    }
                    serde_json::Value::Object(map) => {
                        map.values_mut().for_each(|v| walk(v, n));
                    }
                    _ => {}
                }
            }
            walk(value, &mut 0);
        };
        rewrite(&mut value);
        let pack = crate::pack::load_str("mine", &value.to_string()).unwrap();
        assert_eq!(example_texts_left(&pack), Vec::<String>::new());
    }
}
