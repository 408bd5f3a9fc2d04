//! Stretches of time as people name them: a month, a season, a quarter, a year. The
//! command line's `--month`, `--season`, `--year` (and `--since 2025-03`) and the
//! app's period picker read and step through them, so both mean the same days.

use chrono::{Datelike, Month, NaiveDate};

/// The forms a period is written in, for help and messages.
pub const PERIOD_FORMS: &str = "a month YYYY-MM (2025-04) or apr-2025, a season spring-2025 \
     (summer, autumn or fall, winter), a quarter 2025-q2, or a year 2025";

/// The forms of `--month`, for help and messages.
pub const MONTH_FORMS: &str = "YYYY-MM, e.g. 2025-04 (or apr-2025)";

/// The forms of `--season`, for help and messages.
pub const SEASON_FORMS: &str =
    "spring-2025, summer-2025, autumn-2025 (or fall-2025), winter-2025, or a quarter 2025-q2";

/// The form of `--year`, for help and messages.
pub const YEAR_FORMS: &str = "four digits, e.g. 2025";

/// What a season covers, for help.
pub const SEASONS: &str = "Seasons are meteorological, as in the northern hemisphere: spring is \
     March to May, summer June to August, autumn (or fall) September to November, and winter \
     December to February, named by the year of its January: winter-2025 is December 2024 to \
     February 2025.";

/// A meteorological season of the northern hemisphere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Season {
    /// December (of the year before) to February.
    Winter,
    /// March to May.
    Spring,
    /// June to August.
    Summer,
    /// September to November.
    Autumn,
}

impl Season {
    const ALL: [Season; 4] = [
        Season::Winter,
        Season::Spring,
        Season::Summer,
        Season::Autumn,
    ];

    /// The season a month (1–12) falls in.
    fn of_month(month: u32) -> Season {
        Season::ALL[(month % 12 / 3) as usize]
    }

    /// Its name, capitalised.
    fn name(self) -> &'static str {
        match self {
            Season::Winter => "Winter",
            Season::Spring => "Spring",
            Season::Summer => "Summer",
            Season::Autumn => "Autumn",
        }
    }

    fn from_name(name: &str) -> Option<Season> {
        match name {
            "winter" => Some(Season::Winter),
            "spring" => Some(Season::Spring),
            "summer" => Some(Season::Summer),
            "autumn" | "fall" => Some(Season::Autumn),
            _ => None,
        }
    }

    /// Its place in the year, winter first (0–3).
    fn index(self) -> i32 {
        Season::ALL.iter().position(|s| *s == self).unwrap_or(0) as i32
    }
}

/// How long a period is: what the picker steps by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    /// A calendar month.
    Month,
    /// A season.
    Season,
    /// A calendar year.
    Year,
}

impl Unit {
    /// The next unit, for the key that changes it.
    pub fn next(self) -> Unit {
        match self {
            Unit::Month => Unit::Season,
            Unit::Season => Unit::Year,
            Unit::Year => Unit::Month,
        }
    }

    /// Its name, for the picker.
    pub fn name(self) -> &'static str {
        match self {
            Unit::Month => "month",
            Unit::Season => "season",
            Unit::Year => "year",
        }
    }
}

/// A named stretch of whole days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    /// A calendar month (1–12) of a year.
    Month(i32, u32),
    /// A season; winter of year Y begins in December of Y − 1.
    Season(i32, Season),
    /// A quarter (1–4) of a year.
    Quarter(i32, u32),
    /// A calendar year.
    Year(i32),
}

/// The first day of month `month` of `year`, moved by `offset` months; none past
/// chrono's range.
fn month_start(year: i32, month: u32, offset: i32) -> Option<NaiveDate> {
    let index = year.checked_mul(12)? + month as i32 - 1 + offset;
    NaiveDate::from_ymd_opt(index.div_euclid(12), index.rem_euclid(12) as u32 + 1, 1)
}

impl Period {
    /// The period of `unit` that `day` falls in.
    pub fn containing(day: NaiveDate, unit: Unit) -> Period {
        match unit {
            Unit::Month => Period::Month(day.year(), day.month()),
            Unit::Year => Period::Year(day.year()),
            Unit::Season => {
                let year = if day.month() == 12 {
                    day.year() + 1
                } else {
                    day.year()
                };
                Period::Season(year, Season::of_month(day.month()))
            }
        }
    }

    /// The first month of the period and how many months it spans.
    fn months(self) -> (i32, u32, i32) {
        match self {
            Period::Month(y, m) => (y, m, 1),
            Period::Year(y) => (y, 1, 12),
            Period::Quarter(y, q) => (y, 3 * q - 2, 3),
            // Winter starts in the December before: month 12 of year − 1.
            Period::Season(y, Season::Winter) => (y - 1, 12, 3),
            Period::Season(y, s) => (y, 3 * s.index() as u32, 3),
        }
    }

    /// Its first day (none only past chrono's range of years).
    pub fn first(self) -> Option<NaiveDate> {
        let (y, m, _) = self.months();
        month_start(y, m, 0)
    }

    /// Its last day.
    pub fn last(self) -> Option<NaiveDate> {
        let (y, m, span) = self.months();
        month_start(y, m, span)?.pred_opt()
    }

    /// Whether `day` falls in it.
    pub fn contains(self, day: NaiveDate) -> bool {
        self.first().is_some_and(|f| day >= f) && self.last().is_some_and(|l| day <= l)
    }

    /// How long it is.
    pub fn unit(self) -> Unit {
        match self {
            Period::Month(..) => Unit::Month,
            Period::Season(..) | Period::Quarter(..) => Unit::Season,
            Period::Year(_) => Unit::Year,
        }
    }

    /// The period `by` periods of the same length later (earlier when negative).
    pub fn step(self, by: i32) -> Period {
        match self {
            Period::Month(y, m) => {
                let index = y * 12 + m as i32 - 1 + by;
                Period::Month(index.div_euclid(12), index.rem_euclid(12) as u32 + 1)
            }
            Period::Year(y) => Period::Year(y + by),
            Period::Quarter(y, q) => {
                let index = y * 4 + q as i32 - 1 + by;
                Period::Quarter(index.div_euclid(4), index.rem_euclid(4) as u32 + 1)
            }
            Period::Season(y, s) => {
                let index = y * 4 + s.index() + by;
                Period::Season(
                    index.div_euclid(4),
                    Season::ALL[index.rem_euclid(4) as usize],
                )
            }
        }
    }

    /// The period of `unit` that holds this one's last day: what the picker shows
    /// when its unit changes (winter 2025, which ends in February 2025, is in 2025).
    pub fn as_unit(self, unit: Unit) -> Period {
        self.last()
            .map_or(self, |last| Period::containing(last, unit))
    }

    /// Its name as people say it: "April 2025", "Spring 2025", "Q2 2025", "2025".
    pub fn label(self) -> String {
        match self {
            Period::Month(y, m) => month_start(y, m, 0)
                .map_or_else(|| format!("{y}-{m:02}"), |d| d.format("%B %Y").to_string()),
            // A winter spans two years: both are named (the year of its January is
            // the one that names it in `winter-2025`).
            Period::Season(y, Season::Winter) if (y - 1).div_euclid(100) == y.div_euclid(100) => {
                format!("Winter {}–{:02}", y - 1, y.rem_euclid(100))
            }
            Period::Season(y, Season::Winter) => format!("Winter {}–{y}", y - 1),
            Period::Season(y, s) => format!("{} {y}", s.name()),
            Period::Quarter(y, q) => format!("Q{q} {y}"),
            Period::Year(y) => y.to_string(),
        }
    }
}

/// Why a text that names no period in any way is refused.
const NOT_A_PERIOD: &str = "that is not a period";

/// `text` without surrounding spaces, lowercase, with `-` for spaces between words.
fn normalised(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join("-")
        .to_ascii_lowercase()
}

/// A four-digit year.
fn year(text: &str) -> Option<i32> {
    if text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse().ok()
    } else {
        None
    }
}

/// The month `year_text`-`month_text` names, none when these are not numbers of a
/// year and a month, and why not when the month is out of range (a month 13).
fn month_number(year_text: &str, month_text: &str) -> Result<Option<Period>, String> {
    let (Some(y), true) = (
        year(year_text),
        (1..=2).contains(&month_text.len()) && month_text.bytes().all(|b| b.is_ascii_digit()),
    ) else {
        return Ok(None);
    };
    let m: u32 = month_text.parse().map_err(|_| String::new())?;
    if (1..=12).contains(&m) {
        Ok(Some(Period::Month(y, m)))
    } else {
        Err(format!("there is no month {m}"))
    }
}

/// Reads a period in any of [`PERIOD_FORMS`]; the error says what is wrong in plain
/// words (without the forms, which the caller adds).
fn read(text: &str) -> Result<Period, String> {
    let text = normalised(text);
    let unknown = || String::from(NOT_A_PERIOD);
    if let Some(y) = year(&text) {
        return Ok(Period::Year(y));
    }
    let Some((head, tail)) = text.split_once('-') else {
        return Err(unknown());
    };
    if let Some(period) = month_number(head, tail)? {
        return Ok(period);
    }
    // Quarters: 2025-q2 or q2-2025.
    let quarter = |q: &str, y: &str| -> Option<Result<Period, String>> {
        let digit = q.strip_prefix('q')?;
        let y = year(y)?;
        Some(match digit.parse::<u32>() {
            Ok(n @ 1..=4) => Ok(Period::Quarter(y, n)),
            _ => Err(format!("there is no quarter {digit}")),
        })
    };
    if let Some(found) = quarter(tail, head).or_else(|| quarter(head, tail)) {
        return found;
    }
    // Names first, the year last: mar-2025, march-2025, spring-2025.
    let (name, y) = (head, tail);
    let Some(y) = year(y) else {
        return Err(unknown());
    };
    if let Some(season) = Season::from_name(name) {
        return Ok(Period::Season(y, season));
    }
    match name.parse::<Month>() {
        Ok(month) => Ok(Period::Month(y, month.number_from_month())),
        Err(_) => Err(format!("`{name}` is not a month or a season")),
    }
}

/// Parses a period in any of [`PERIOD_FORMS`].
pub fn parse_period(text: &str) -> Result<Period, String> {
    read(text).map_err(|why| refusal(text, &why, PERIOD_FORMS))
}

/// The message for `text` refused because of `why`, with the forms to use.
fn refusal(text: &str, why: &str, forms: &str) -> String {
    format!(
        "`{}`: {why}; use {forms}",
        crate::sanitize::text(text.trim())
    )
}

/// Parses a month for `--month`: YYYY-MM, or a month's name and the year.
pub fn parse_month(text: &str) -> Result<Period, String> {
    match read(text) {
        Ok(period @ Period::Month(..)) => Ok(period),
        Ok(_) => Err(refusal(text, "that is not one month", MONTH_FORMS)),
        Err(why) => Err(refusal(text, &why, MONTH_FORMS)),
    }
}

/// Parses a season for `--season`: spring-2025, or a quarter such as 2025-q2.
pub fn parse_season(text: &str) -> Result<Period, String> {
    match read(text) {
        Ok(period @ (Period::Season(..) | Period::Quarter(..))) => Ok(period),
        Ok(_) => Err(refusal(text, "that is not a season", SEASON_FORMS)),
        Err(why) => Err(refusal(text, &why, SEASON_FORMS)),
    }
}

/// Parses a year for `--year`: four digits.
pub fn parse_year(text: &str) -> Result<Period, String> {
    match year(text.trim()) {
        Some(y) => Ok(Period::Year(y)),
        None => Err(refusal(text, "that is not a year", YEAR_FORMS)),
    }
}

/// The first day of the period, day or relative day `text` names (for `--since`).
pub fn parse_start(text: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    parse_bound(text, today, Period::first)
}

/// The last day of the period, day or relative day `text` names (for `--until`).
pub fn parse_end(text: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    parse_bound(text, today, Period::last)
}

fn parse_bound(
    text: &str,
    today: NaiveDate,
    end: fn(Period) -> Option<NaiveDate>,
) -> Result<NaiveDate, String> {
    use super::dates::{DATE_FORMS, parse_date};
    if let Ok(day) = parse_date(text, today) {
        return Ok(day);
    }
    let both = format!("a day ({DATE_FORMS}) or a period ({PERIOD_FORMS})");
    match read(text) {
        Ok(period) => end(period).ok_or_else(|| refusal(text, "that is out of range", &both)),
        Err(why) if why == NOT_A_PERIOD => Err(format!(
            "`{}` is not a date or a period; use {both}",
            crate::sanitize::text(text.trim())
        )),
        Err(why) => Err(refusal(text, &why, &both)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn span(period: Period) -> (NaiveDate, NaiveDate) {
        (period.first().unwrap(), period.last().unwrap())
    }

    #[test]
    fn every_form_names_its_days() {
        let cases = [
            ("2025-03", day(2025, 3, 1), day(2025, 3, 31)),
            ("2025-4", day(2025, 4, 1), day(2025, 4, 30)),
            ("mar-2025", day(2025, 3, 1), day(2025, 3, 31)),
            ("March 2025", day(2025, 3, 1), day(2025, 3, 31)),
            ("2025", day(2025, 1, 1), day(2025, 12, 31)),
            ("spring-2025", day(2025, 3, 1), day(2025, 5, 31)),
            ("Summer 2025", day(2025, 6, 1), day(2025, 8, 31)),
            ("autumn-2025", day(2025, 9, 1), day(2025, 11, 30)),
            ("fall-2025", day(2025, 9, 1), day(2025, 11, 30)),
            ("2025-q2", day(2025, 4, 1), day(2025, 6, 30)),
            ("Q4-2025", day(2025, 10, 1), day(2025, 12, 31)),
        ];
        for (text, first, last) in cases {
            assert_eq!(span(parse_period(text).unwrap()), (first, last), "{text}");
        }
    }

    #[test]
    fn winter_begins_in_the_december_before() {
        let winter = parse_period("winter-2025").unwrap();
        assert_eq!(span(winter), (day(2024, 12, 1), day(2025, 2, 28)));
        assert_eq!(Period::containing(day(2024, 12, 24), Unit::Season), winter);
        assert_eq!(Period::containing(day(2025, 2, 1), Unit::Season), winter);
        assert_eq!(winter.step(-1), Period::Season(2024, Season::Autumn));
        assert_eq!(winter.step(1), Period::Season(2025, Season::Spring));
        // Named by both its years where it is shown, so that in December it is not
        // called by next year's number alone.
        assert_eq!(winter.label(), "Winter 2024–25");
        assert_eq!(
            Period::Season(2000, Season::Winter).label(),
            "Winter 1999–2000"
        );
        assert_eq!(Period::Season(2025, Season::Spring).label(), "Spring 2025");
        assert_eq!(
            Period::Season(2025, Season::Autumn).step(1),
            Period::Season(2026, Season::Winter)
        );
    }

    #[test]
    fn leap_years_end_february_on_the_29th() {
        assert_eq!(span(parse_period("2024-02").unwrap()).1, day(2024, 2, 29));
        assert_eq!(span(parse_period("2023-02").unwrap()).1, day(2023, 2, 28));
        assert_eq!(
            span(parse_period("winter-2024").unwrap()),
            (day(2023, 12, 1), day(2024, 2, 29))
        );
        assert_eq!(parse_end("2000-02", day(2026, 1, 1)), Ok(day(2000, 2, 29)));
        assert_eq!(parse_end("1900-02", day(2026, 1, 1)), Ok(day(1900, 2, 28)));
    }

    #[test]
    fn since_takes_the_first_day_and_until_the_last() {
        let today = day(2026, 3, 1);
        assert_eq!(parse_start("2025-03", today), Ok(day(2025, 3, 1)));
        assert_eq!(parse_end("2025-03", today), Ok(day(2025, 3, 31)));
        assert_eq!(parse_end("2025-12", today), Ok(day(2025, 12, 31)));
        assert_eq!(parse_start("winter-2025", today), Ok(day(2024, 12, 1)));
        assert_eq!(parse_end("2025", today), Ok(day(2025, 12, 31)));
        // Days and relative days still mean themselves.
        assert_eq!(parse_start("2025-03-14", today), Ok(day(2025, 3, 14)));
        assert_eq!(parse_end("7d", today), Ok(day(2026, 2, 22)));
    }

    #[test]
    fn months_step_across_the_year() {
        assert_eq!(Period::Month(2025, 1).step(-1), Period::Month(2024, 12));
        assert_eq!(Period::Month(2025, 12).step(1), Period::Month(2026, 1));
        assert_eq!(Period::Month(2025, 4).step(-16), Period::Month(2023, 12));
        assert_eq!(Period::Year(2025).step(-1), Period::Year(2024));
        assert_eq!(Period::Quarter(2025, 1).step(-1), Period::Quarter(2024, 4));
    }

    #[test]
    fn changing_the_unit_keeps_the_last_day_inside() {
        let april = Period::Month(2025, 4);
        assert_eq!(
            april.as_unit(Unit::Season),
            Period::Season(2025, Season::Spring)
        );
        assert_eq!(april.as_unit(Unit::Year), Period::Year(2025));
        assert_eq!(
            Period::Month(2024, 12).as_unit(Unit::Season),
            Period::Season(2025, Season::Winter)
        );
        assert_eq!(
            Period::Season(2025, Season::Winter).as_unit(Unit::Year),
            Period::Year(2025)
        );
        assert_eq!(
            Period::Year(2025).as_unit(Unit::Month),
            Period::Month(2025, 12)
        );
    }

    #[test]
    fn labels_are_words() {
        assert_eq!(Period::Month(2025, 4).label(), "April 2025");
        assert_eq!(Period::Season(2025, Season::Spring).label(), "Spring 2025");
        assert_eq!(Period::Quarter(2025, 2).label(), "Q2 2025");
        assert_eq!(Period::Year(2025).label(), "2025");
    }

    #[test]
    fn bad_forms_say_what_is_wrong_and_the_forms() {
        let error = parse_month("2025-13").unwrap_err();
        assert!(error.contains("`2025-13`: there is no month 13"), "{error}");
        assert!(error.contains("use YYYY-MM, e.g. 2025-04"), "{error}");
        assert!(parse_month("2025-00").unwrap_err().contains("no month 0"));
        assert!(parse_month("2025").unwrap_err().contains("not one month"));
        assert!(
            parse_season("2025-q5")
                .unwrap_err()
                .contains("no quarter 5")
        );
        assert!(
            parse_season("2025-04")
                .unwrap_err()
                .contains("not a season")
        );
        assert!(
            parse_season("sprung-2025")
                .unwrap_err()
                .contains("`sprung` is not a month or a season")
        );
        assert!(parse_year("25").unwrap_err().contains("four digits"));
        for bad in [
            "",
            "soon",
            "2025-",
            "-2025",
            "spring",
            "2025-03-40",
            "12025",
        ] {
            let error = parse_period(bad).unwrap_err();
            assert!(error.contains(PERIOD_FORMS), "{bad}: {error}");
        }
        let error = parse_start("someday", day(2026, 1, 1)).unwrap_err();
        assert!(error.starts_with("`someday` is not a date or a period; use"));
        let error = parse_start("2025-13", day(2026, 1, 1)).unwrap_err();
        assert!(error.contains("no month 13"), "{error}");
        assert!(error.contains(PERIOD_FORMS) && error.contains("YYYY-MM-DD"));
    }
}
