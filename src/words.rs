//! Small pieces of English the app and the command line share, so that no message
//! says "1 tries" or "day(s)".

/// `count` and the noun, singular for one: "1 try", "3 tries".
pub fn count(count: usize, one: &str, many: &str) -> String {
    if count == 1 {
        format!("1 {one}")
    } else {
        format!("{count} {many}")
    }
}

/// How many entries a search found: "1 entry matches", "12 entries match".
pub fn entries_match(found: usize) -> String {
    let verb = if found == 1 { "matches" } else { "match" };
    format!("{} {verb}", count(found, "entry", "entries"))
}

/// A measure's value as a person writes it: a whole number without decimals ("12"),
/// anything else to one decimal ("2.5"), as a mean score may be.
pub fn number(value: f64) -> String {
    let tenths = (value * 10.0).round() / 10.0;
    if tenths.fract() == 0.0 {
        format!("{}", tenths as i64)
    } else {
        format!("{tenths:.1}")
    }
}

/// `text` with its first letter a capital.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A day in a few letters, weekday first: "Mon 23 Nov".
pub fn short_day(day: chrono::NaiveDate) -> String {
    day.format("%a %-d %b").to_string()
}

/// A length of time as a person says it: "40 seconds", "1 minute", "20 minutes",
/// "1 min 30 s".
pub fn duration(seconds: u32) -> String {
    match (seconds / 60, seconds % 60) {
        (0, s) => format!("{s} seconds"),
        (1, 0) => "1 minute".into(),
        (m, 0) => format!("{m} minutes"),
        (m, s) => format!("{m} min {s} s"),
    }
}

/// A timed break as it went: "a 20-minute break (12 minutes taken)"; what was taken
/// is to the nearest minute once it is a minute or more (of a break in whole minutes).
pub fn timed_break(planned: u32, taken: u32) -> String {
    let length = match (planned / 60, planned % 60) {
        (0, s) => format!("{s}-second"),
        (m, 0) => format!("{m}-minute"),
        _ => duration(planned),
    };
    let taken = match taken {
        0 => "none of it taken".to_owned(),
        t if t < 60 || !planned.is_multiple_of(60) => format!("{} taken", duration(t)),
        t => format!("{} taken", duration(t.saturating_add(30) / 60 * 60)),
    };
    format!("a {length} break ({taken})")
}

/// Names in a sentence: "a", "a and b", "a, b and c".
pub fn listed(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_break_says_its_length_and_what_was_taken() {
        assert_eq!(
            timed_break(1200, 725),
            "a 20-minute break (12 minutes taken)"
        );
        assert_eq!(
            timed_break(1200, 1200),
            "a 20-minute break (20 minutes taken)"
        );
        assert_eq!(timed_break(1200, 60), "a 20-minute break (1 minute taken)");
        assert_eq!(
            timed_break(1200, 40),
            "a 20-minute break (40 seconds taken)"
        );
        assert_eq!(timed_break(1200, 0), "a 20-minute break (none of it taken)");
        assert_eq!(timed_break(90, 90), "a 1 min 30 s break (1 min 30 s taken)");
        assert_eq!(timed_break(30, 30), "a 30-second break (30 seconds taken)");
    }

    #[test]
    fn numbers_are_whole_or_to_one_decimal() {
        assert_eq!(number(12.0), "12");
        assert_eq!(number(2.5), "2.5");
        assert_eq!(number(2.25), "2.3");
        assert_eq!(number(-0.0), "0");
        assert_eq!(number(-6.0), "-6");
        assert_eq!(number(3.96), "4");
    }

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(count(1, "try", "tries"), "1 try");
        assert_eq!(count(0, "try", "tries"), "0 tries");
        assert_eq!(count(11, "day", "days"), "11 days");
    }

    #[test]
    fn names_are_joined_with_commas_and_the_last_with_and() {
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(listed(&names(&["a.md"])), "a.md");
        assert_eq!(listed(&names(&["a.md", "a.json"])), "a.md and a.json");
        assert_eq!(
            listed(&names(&["a.md", "a.json", "a.html"])),
            "a.md, a.json and a.html"
        );
    }
}
