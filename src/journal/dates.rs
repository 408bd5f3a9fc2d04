//! Dates as people type them on the command line and in filters.

use chrono::{Days, NaiveDate};

/// The forms accepted, for messages and help.
pub const DATE_FORMS: &str = "YYYY-MM-DD, today, yesterday, Nd (N days ago) or Nw (N weeks ago)";

/// Parses `YYYY-MM-DD`, `today`, `yesterday`, `7d` or `4w` relative to `today`.
pub fn parse_date(text: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let text = text.trim();
    let invalid = || {
        format!(
            "`{}` is not a date; use {DATE_FORMS}",
            crate::sanitize::text(text)
        )
    };
    match text.to_ascii_lowercase().as_str() {
        "today" => return Ok(today),
        "yesterday" => return today.checked_sub_days(Days::new(1)).ok_or_else(invalid),
        _ => {}
    }
    let ago = |digits: &str, per: u64| -> Result<NaiveDate, String> {
        let n: u64 = digits.parse().map_err(|_| invalid())?;
        n.checked_mul(per)
            .and_then(|days| today.checked_sub_days(Days::new(days)))
            .ok_or_else(invalid)
    };
    if let Some(digits) = text.strip_suffix(['d', 'D']) {
        return ago(digits, 1);
    }
    if let Some(digits) = text.strip_suffix(['w', 'W']) {
        return ago(digits, 7);
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| invalid())
}

/// Today in the local time zone.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn every_documented_form() {
        let today = day(2026, 3, 1);
        assert_eq!(parse_date("2025-12-31", today), Ok(day(2025, 12, 31)));
        assert_eq!(parse_date("today", today), Ok(today));
        assert_eq!(parse_date("Yesterday", today), Ok(day(2026, 2, 28)));
        assert_eq!(parse_date("7d", today), Ok(day(2026, 2, 22)));
        assert_eq!(parse_date("4w", today), Ok(day(2026, 2, 1)));
        assert_eq!(parse_date("0d", today), Ok(today));
    }

    #[test]
    fn nonsense_is_refused_with_the_forms() {
        let today = day(2026, 3, 1);
        for bad in [
            "",
            "2026-02-30",
            "soon",
            "-3d",
            "3y",
            "99999999999999999999d",
            "d",
        ] {
            let error = parse_date(bad, today).unwrap_err();
            assert!(error.contains(DATE_FORMS), "{bad}: {error}");
        }
    }
}
