//! When the reminder fires: a time of day and a set of weekdays, as typed on the
//! command line (`--at 20:00`, `--days mon,wed,fri`), kept in the settings, and written
//! as a systemd `OnCalendar=` value or a crontab's time fields.

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, Weekday};

/// A time of day, to the minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TimeOfDay {
    hour: u8,
    minute: u8,
}

impl TimeOfDay {
    /// 20:00, the time a reminder fires unless told otherwise.
    pub const DEFAULT: Self = Self {
        hour: 20,
        minute: 0,
    };

    /// Reads `HH:MM` (24-hour clock; `8:30` too).
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let shown = crate::sanitize::text(text);
        let form =
            || format!("`{shown}` is not a time of day; use HH:MM on a 24-hour clock, e.g. 20:00");
        let (hour, minute) = text.split_once(':').ok_or_else(form)?;
        let number = |digits: &str| -> Option<u8> {
            (!digits.is_empty() && digits.len() <= 2 && digits.bytes().all(|b| b.is_ascii_digit()))
                .then(|| digits.parse().ok())
                .flatten()
        };
        let (hour, minute) = (
            number(hour).ok_or_else(form)?,
            number(minute).ok_or_else(form)?,
        );
        if hour > 23 {
            return Err(format!(
                "`{shown}` is not a time of day: the hour must be 0 to 23"
            ));
        }
        if minute > 59 {
            return Err(format!(
                "`{shown}` is not a time of day: the minutes must be 0 to 59"
            ));
        }
        Ok(Self { hour, minute })
    }

    /// The hour, 0 to 23.
    pub fn hour(self) -> u8 {
        self.hour
    }

    /// The minute, 0 to 59.
    pub fn minute(self) -> u8 {
        self.minute
    }

    fn time(self) -> NaiveTime {
        NaiveTime::from_hms_opt(self.hour.into(), self.minute.into(), 0).unwrap_or(NaiveTime::MIN)
    }
}

impl std::fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}:{:02}", self.hour, self.minute)
    }
}

impl From<TimeOfDay> for String {
    fn from(time: TimeOfDay) -> Self {
        time.to_string()
    }
}

impl TryFrom<String> for TimeOfDay {
    type Error = String;
    fn try_from(text: String) -> Result<Self, String> {
        Self::parse(&text)
    }
}

/// The days of the week a reminder fires on; never none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "Vec<String>", into = "Vec<String>")]
pub struct Weekdays(u8);

const WEEK: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// The short names, as systemd writes them (and as `--days` and the settings take them).
const SHORT: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const LONG: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

impl Weekdays {
    /// Every day, the days a reminder fires on unless told otherwise.
    pub const EVERY_DAY: Self = Self(0b111_1111);

    /// Reads `mon,wed,fri` (names of three letters or in full, any case), or `daily`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if matches!(
            text.to_ascii_lowercase().as_str(),
            "daily" | "every-day" | "all"
        ) {
            return Ok(Self::EVERY_DAY);
        }
        let mut bits = 0u8;
        for name in text.split(',') {
            let name = name.trim();
            let lower = name.to_ascii_lowercase();
            let index = (0..7)
                .find(|&i| lower == SHORT[i].to_ascii_lowercase() || lower == LONG[i])
                .ok_or_else(|| {
                    if name.is_empty() {
                        format!(
                            "`{}` has an empty day; list days like mon,wed,fri (or daily)",
                            crate::sanitize::text(text)
                        )
                    } else {
                        format!(
                            "`{}` is not a day of the week; use mon, tue, wed, thu, fri, sat or sun, separated by commas (or daily)",
                            crate::sanitize::text(name)
                        )
                    }
                })?;
            bits |= 1 << index;
        }
        Ok(Self(bits))
    }

    /// Whether `day` is one of them.
    pub fn contains(self, day: Weekday) -> bool {
        self.0 & (1 << day.num_days_from_monday()) != 0
    }

    /// Whether they are all seven.
    pub fn is_every_day(self) -> bool {
        self == Self::EVERY_DAY
    }

    /// The days, Monday first.
    pub fn days(self) -> impl Iterator<Item = Weekday> {
        WEEK.into_iter().filter(move |day| self.contains(*day))
    }

    fn names(self) -> Vec<&'static str> {
        self.days()
            .map(|day| SHORT[day.num_days_from_monday() as usize])
            .collect()
    }
}

impl std::fmt::Display for Weekdays {
    /// "every day", or "Mon, Wed, Fri".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.is_every_day() {
            f.write_str("every day")
        } else {
            f.write_str(&self.names().join(", "))
        }
    }
}

impl From<Weekdays> for Vec<String> {
    fn from(days: Weekdays) -> Self {
        days.names()
            .into_iter()
            .map(|name| name.to_ascii_lowercase())
            .collect()
    }
}

impl TryFrom<Vec<String>> for Weekdays {
    type Error = String;
    fn try_from(names: Vec<String>) -> Result<Self, String> {
        Self::parse(&names.join(","))
    }
}

/// When a reminder fires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    /// The time of day.
    pub at: TimeOfDay,
    /// The days.
    pub days: Weekdays,
}

impl Schedule {
    /// The systemd calendar expression: `Mon,Wed,Fri *-*-* 20:00:00`, without the
    /// weekdays when it is every day.
    pub fn on_calendar(&self) -> String {
        let time = format!("*-*-* {}:00", self.at);
        if self.days.is_every_day() {
            time
        } else {
            format!("{} {time}", self.days.names().join(","))
        }
    }

    /// The five time fields of a crontab line: `0 20 * * 1,3,5` (cron counts Sunday
    /// as 0).
    pub fn cron_fields(&self) -> String {
        let days = if self.days.is_every_day() {
            "*".to_owned()
        } else {
            let mut numbers: Vec<u32> = self
                .days
                .days()
                .map(|day| day.num_days_from_sunday())
                .collect();
            numbers.sort_unstable();
            numbers
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(",")
        };
        format!("{} {} * * {days}", self.at.minute, self.at.hour)
    }

    /// The first moment after `now` at which it fires (local wall time).
    pub fn next_after(&self, now: NaiveDateTime) -> NaiveDateTime {
        let time = self.at.time();
        (0..=7)
            .filter_map(|ahead| now.date().checked_add_days(Days::new(ahead)))
            .map(|day: NaiveDate| day.and_time(time))
            .find(|moment| *moment > now && self.days.contains(moment.weekday()))
            .unwrap_or(now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_24_hour_and_bad_ones_say_why() {
        assert_eq!(TimeOfDay::parse("20:00").unwrap().to_string(), "20:00");
        assert_eq!(TimeOfDay::parse(" 8:05 ").unwrap().to_string(), "08:05");
        assert_eq!(TimeOfDay::parse("0:00").unwrap().to_string(), "00:00");
        let hour = TimeOfDay::parse("25:00").unwrap_err();
        assert!(
            hour.contains("`25:00`") && hour.contains("hour must be 0 to 23"),
            "{hour}"
        );
        let minute = TimeOfDay::parse("20:60").unwrap_err();
        assert!(minute.contains("minutes must be 0 to 59"), "{minute}");
        for bad in [
            "", "20", "20:", ":30", "8pm", "20:00:00", "+1:00", "120:00", "٢:٠٠",
        ] {
            let message = TimeOfDay::parse(bad).unwrap_err();
            assert!(message.contains("HH:MM"), "{bad}: {message}");
        }
    }

    #[test]
    fn days_take_short_and_long_names_and_name_the_bad_one() {
        let days = Weekdays::parse("mon,Wed, FRIDAY").unwrap();
        assert_eq!(days.to_string(), "Mon, Wed, Fri");
        assert_eq!(Weekdays::parse("daily").unwrap(), Weekdays::EVERY_DAY);
        assert_eq!(
            Weekdays::parse("sun,mon,tue,wed,thu,fri,sat")
                .unwrap()
                .to_string(),
            "every day"
        );
        let bad = Weekdays::parse("mon,funday").unwrap_err();
        assert!(bad.contains("`funday` is not a day of the week"), "{bad}");
        assert!(Weekdays::parse("").unwrap_err().contains("empty day"));
        assert!(
            Weekdays::parse("mon,,fri")
                .unwrap_err()
                .contains("empty day")
        );
    }

    #[test]
    fn settings_keep_them_as_text() {
        let days = Weekdays::parse("mon,wed,fri").unwrap();
        assert_eq!(
            serde_json::to_string(&days).unwrap(),
            r#"["mon","wed","fri"]"#
        );
        assert_eq!(
            serde_json::from_str::<Weekdays>(r#"["fri","mon"]"#).unwrap(),
            Weekdays::parse("mon,fri").unwrap()
        );
        assert!(serde_json::from_str::<Weekdays>(r#"["funday"]"#).is_err());
        assert_eq!(
            serde_json::to_string(&TimeOfDay::parse("7:30").unwrap()).unwrap(),
            r#""07:30""#
        );
        assert!(serde_json::from_str::<TimeOfDay>(r#""25:00""#).is_err());
    }

    #[test]
    fn calendar_and_cron_forms() {
        let schedule = Schedule {
            at: TimeOfDay::parse("20:00").unwrap(),
            days: Weekdays::parse("mon,wed,fri").unwrap(),
        };
        assert_eq!(schedule.on_calendar(), "Mon,Wed,Fri *-*-* 20:00:00");
        assert_eq!(schedule.cron_fields(), "0 20 * * 1,3,5");
        let daily = Schedule {
            at: TimeOfDay::parse("7:05").unwrap(),
            days: Weekdays::EVERY_DAY,
        };
        assert_eq!(daily.on_calendar(), "*-*-* 07:05:00");
        assert_eq!(daily.cron_fields(), "5 7 * * *");
        let weekend = Schedule {
            at: TimeOfDay::DEFAULT,
            days: Weekdays::parse("sat,sun").unwrap(),
        };
        assert_eq!(weekend.cron_fields(), "0 20 * * 0,6");
    }

    #[test]
    fn the_next_time_is_later_today_or_on_the_next_day_it_fires() {
        let schedule = Schedule {
            at: TimeOfDay::parse("20:00").unwrap(),
            days: Weekdays::parse("mon,wed,fri").unwrap(),
        };
        let at = |text: &str| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap();
        // 2026-03-02 is a Monday.
        assert_eq!(
            schedule.next_after(at("2026-03-02 19:59")),
            at("2026-03-02 20:00")
        );
        assert_eq!(
            schedule.next_after(at("2026-03-02 20:00")),
            at("2026-03-04 20:00")
        );
        assert_eq!(
            schedule.next_after(at("2026-03-06 21:00")),
            at("2026-03-09 20:00")
        );
        let mondays = Schedule {
            days: Weekdays::parse("mon").unwrap(),
            ..schedule
        };
        assert_eq!(
            mondays.next_after(at("2026-03-02 20:30")),
            at("2026-03-09 20:00")
        );
    }
}
