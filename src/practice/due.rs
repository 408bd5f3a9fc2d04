//! What is due: plans behind their target, and reviews whose day has come.

use chrono::{Datelike, Days, NaiveDate};

use super::chains::{Chain, chains};
use crate::journal::practice::{Frequency, PracticeData};
use crate::journal::{Entry, Journal};

/// Something to do for a strategy.
#[derive(Debug, Clone, PartialEq)]
pub enum Due<'j> {
    /// A weekly plan with fewer tries this week than it aims for.
    ThisWeek {
        /// The plan.
        plan: &'j Entry,
        /// Tries this week.
        done: u32,
        /// Tries it aims for each week.
        target: u32,
    },
    /// A plan with fewer tries than it aims for by a date.
    ByDate {
        /// The plan.
        plan: &'j Entry,
        /// Tries so far.
        done: u32,
        /// Tries it aims for.
        target: u32,
        /// The day to reach them.
        by: NaiveDate,
    },
    /// A plan whose review day has come: the day it was made with and no review since,
    /// or the day the review that kept it set for looking back again.
    Review {
        /// The plan.
        plan: &'j Entry,
        /// The review day.
        on: NaiveDate,
    },
}

impl Due<'_> {
    /// One short line for home, as of `today`.
    pub fn line(&self, today: NaiveDate) -> String {
        self.line_showing(today, true)
    }

    /// One short line for `between due`, which may print in a shell's start-up where
    /// others see the screen: a private plan is only "a private plan".
    pub fn public_line(&self, today: NaiveDate) -> String {
        self.line_showing(today, false)
    }

    fn line_showing(&self, today: NaiveDate, private_titles: bool) -> String {
        let what = |plan: &Entry| {
            if plan.private && !private_titles {
                return "a private plan".to_owned();
            }
            let text = crate::journal::entry::first_words(&plan.display_title(), 8);
            format!("\"{}\"", crate::sanitize::text(&text))
        };
        match self {
            Due::ThisWeek { plan, done, target } => {
                format!("try {}: {done} of {target} this week", what(plan))
            }
            Due::ByDate {
                plan,
                done,
                target,
                by,
            } if *by < today => {
                format!("try {}: {done} of {target}, due {by} (passed)", what(plan))
            }
            Due::ByDate {
                plan,
                done,
                target,
                by,
            } => {
                format!("try {}: {done} of {target} by {by}", what(plan))
            }
            Due::Review { plan, on } => format!(
                "review {} (due {})",
                what(plan),
                on.format(crate::journal::practice::DAY)
            ),
        }
    }
}

/// The Monday of the week of `day`.
pub fn week_start(day: NaiveDate) -> NaiveDate {
    let back = u64::from(day.weekday().num_days_from_monday());
    day.checked_sub_days(Days::new(back)).unwrap_or(day)
}

/// The day a try happened, in the time zone it happened in.
fn try_day(entry: &Entry) -> NaiveDate {
    match &entry.practice {
        Some(PracticeData::Try { at, .. }) => at.date_naive(),
        _ => entry.created.date_naive(),
    }
}

/// Everything due as of `today`, for active strategies, in the order of `chains`.
pub fn due(journal: &Journal, today: NaiveDate) -> Vec<Due<'_>> {
    let mut items = Vec::new();
    for chain in chains(journal).iter().filter(|c| c.is_active()) {
        items.extend(due_of(chain, today));
    }
    items
}

fn due_of<'j>(chain: &Chain<'j>, today: NaiveDate) -> Vec<Due<'j>> {
    let plan = chain.current();
    let Some(PracticeData::Plan { frequency, .. }) = &plan.practice else {
        return Vec::new();
    };
    let mut items = Vec::new();
    let tries: Vec<NaiveDate> = chain.current_tries().map(try_day).collect();
    match *frequency {
        Frequency::Week { times } => {
            let monday = week_start(today);
            let done = tries
                .iter()
                .filter(|d| **d >= monday && **d <= today)
                .count() as u32;
            if done < times {
                items.push(Due::ThisWeek {
                    plan,
                    done,
                    target: times,
                });
            }
        }
        Frequency::Total { times, by } => {
            let done = tries.len() as u32;
            if done < times {
                items.push(Due::ByDate {
                    plan,
                    done,
                    target: times,
                    by,
                });
            }
        }
    }
    // Its review day, until it is looked back on; then the day a review that kept it
    // set for the next look back.
    if let Some(on) = plan.next_review(chain.reviews.iter().copied())
        && on <= today
    {
        items.push(Due::Review { plan, on });
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::Kind;
    use crate::journal::practice::Decision;
    use crate::journal::record::Record;
    use chrono::DateTime;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn plan(frequency: Frequency, review_on: Option<&str>) -> Entry {
        let mut entry = Entry::note("Soft start-up".into());
        entry.kind = Kind::Plan;
        entry.practice = Some(PracticeData::Plan {
            frequency,
            review_on: review_on.map(day),
        });
        entry
    }

    fn attempt(of: &Entry, at: &str) -> Entry {
        let mut entry = Entry::note("tried".into());
        entry.kind = Kind::Try;
        entry.link = Some(of.id.clone());
        entry.practice = Some(PracticeData::Try {
            at: DateTime::parse_from_rfc3339(at).unwrap(),
            rating: 3,
        });
        entry
    }

    fn journal(entries: Vec<Entry>) -> Journal {
        let mut journal = Journal::default();
        for entry in entries {
            journal.apply(Record::put(entry));
        }
        journal
    }

    #[test]
    fn weekly_targets_count_only_this_week_monday_to_sunday() {
        let weekly = plan(Frequency::Week { times: 2 }, None);
        let entries = vec![
            weekly.clone(),
            // Sunday of the week before, late at night in UTC+2: still that Sunday.
            attempt(&weekly, "2026-11-22T23:30:00+02:00"),
            // Monday early morning local time (Sunday in UTC): this week.
            attempt(&weekly, "2026-11-23T00:30:00+02:00"),
        ];
        let journal = journal(entries);
        // Wednesday 25 November 2026: one try this week.
        let items = due(&journal, day("2026-11-25"));
        assert_eq!(items.len(), 1);
        assert!(
            matches!(
                items[0],
                Due::ThisWeek {
                    done: 1,
                    target: 2,
                    ..
                }
            ),
            "{items:?}"
        );
        assert_eq!(
            items[0].line(day("2026-11-25")),
            "try \"Soft start-up\": 1 of 2 this week"
        );
        // The next Monday starts afresh.
        let items = due(&journal, day("2026-11-30"));
        assert!(
            matches!(items[0], Due::ThisWeek { done: 0, .. }),
            "{items:?}"
        );
    }

    #[test]
    fn totals_by_a_date_and_reviews_come_due_and_go() {
        let total = plan(
            Frequency::Total {
                times: 2,
                by: day("2026-12-01"),
            },
            Some("2026-11-28"),
        );
        let first = attempt(&total, "2026-11-24T20:00:00+01:00");
        let journal_one = journal(vec![total.clone(), first.clone()]);
        let items = due(&journal_one, day("2026-11-27"));
        assert_eq!(items.len(), 1, "no review before its day: {items:?}");
        assert_eq!(
            items[0].line(day("2026-11-27")),
            "try \"Soft start-up\": 1 of 2 by 2026-12-01"
        );
        let items = due(&journal_one, day("2026-12-02"));
        assert_eq!(
            items[0].line(day("2026-12-02")),
            "try \"Soft start-up\": 1 of 2, due 2026-12-01 (passed)"
        );
        assert!(matches!(items[1], Due::Review { .. }));

        let second = attempt(&total, "2026-11-26T20:00:00+01:00");
        let mut review = Entry::note("It helped.".into());
        review.kind = Kind::Review;
        review.link = Some(total.id.clone());
        review.practice = Some(PracticeData::Review {
            decision: Decision::Keep,
            next_review_on: None,
        });
        let done = journal(vec![total, first, second, review]);
        assert_eq!(due(&done, day("2026-12-02")), vec![]);
    }

    fn looked_back(of: &Entry, decision: Decision, again: Option<&str>) -> Entry {
        let mut entry = Entry::note("looked back".into());
        entry.kind = Kind::Review;
        entry.link = Some(of.id.clone());
        entry.practice = Some(PracticeData::Review {
            decision,
            next_review_on: again.map(day),
        });
        entry
    }

    #[test]
    fn a_kept_plan_is_due_again_on_the_day_its_review_set_until_a_later_review() {
        let weekly = plan(Frequency::Week { times: 1 }, Some("2026-11-20"));
        let tried = attempt(&weekly, "2026-11-24T20:00:00+01:00");
        let kept = looked_back(&weekly, Decision::Keep, Some("2026-12-08"));
        let reviews = |items: &[Due<'_>]| {
            items
                .iter()
                .filter_map(|d| match d {
                    Due::Review { on, .. } => Some(*on),
                    _ => None,
                })
                .collect::<Vec<_>>()
        };
        let one = journal(vec![weekly.clone(), tried.clone(), kept.clone()]);
        assert_eq!(reviews(&due(&one, day("2026-12-07"))), vec![]);
        assert_eq!(
            reviews(&due(&one, day("2026-12-08"))),
            vec![day("2026-12-08")]
        );
        assert_eq!(
            due(&one, day("2026-12-08"))
                .last()
                .unwrap()
                .line(day("2026-12-08")),
            "review \"Soft start-up\" (due Tue Dec 8 2026)"
        );
        // Looked back on again: kept with no new day, it is not due any more.
        let again = looked_back(&weekly, Decision::Keep, None);
        let two = journal(vec![weekly.clone(), tried.clone(), kept.clone(), again]);
        assert_eq!(reviews(&due(&two, day("2026-12-20"))), vec![]);
        // A kept plan with no day for the next look back is not due again either.
        let plain = looked_back(&weekly, Decision::Keep, None);
        let three = journal(vec![weekly, tried, plain]);
        assert_eq!(reviews(&due(&three, day("2027-01-20"))), vec![]);
    }

    #[test]
    fn dropped_strategies_are_never_due() {
        let weekly = plan(Frequency::Week { times: 3 }, Some("2026-11-01"));
        let mut dropped = Entry::note("Not for us.".into());
        dropped.kind = Kind::Review;
        dropped.link = Some(weekly.id.clone());
        dropped.practice = Some(PracticeData::Review {
            decision: Decision::Drop,
            next_review_on: None,
        });
        assert_eq!(
            due(&journal(vec![weekly, dropped]), day("2026-11-25")),
            vec![]
        );
    }
}
