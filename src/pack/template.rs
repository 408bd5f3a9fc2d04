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
