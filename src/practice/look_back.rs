//! A look back over a period (a year, a season, any days): what a person re-reads to
//! see how their year went. Entries per month and per area, the tags that came up most
//! and how they moved, each measure month by month, the strategies with each version's
//! tries, the sessions with their homework and what was brought to them, the
//! invitations and what happened, what was marked to discuss, and this day of the
//! year. Built from the privacy filter's entries only, so nothing private is shown;
//! what it left out is counted.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use super::chains::{Chain, chains_of, rating};
use super::chart::{Sitting, sittings_of};
use super::prep::{homework_of, session_day};
use super::sessions::discussed_in;
use super::shared::Shared;
use super::stats::practice_day;
use crate::journal::practice::{Decision, PracticeData};
use crate::journal::{Entry, Kind};

/// The area the invitations belong to.
pub const INVITING: &str = "inviting-partner";

/// How many tags the look back follows.
const TOP_TAGS: usize = 5;

/// A look back over `first..=last`.
#[derive(Debug)]
pub struct LookBack<'j> {
    /// The first day looked back on.
    pub first: NaiveDate,
    /// The last day.
    pub last: NaiveDate,
    /// The months of the period, each by its first day, oldest first.
    pub months: Vec<NaiveDate>,
    /// The entries of the period that may be shown, oldest first.
    pub entries: Vec<&'j Entry>,
    /// How many of the period's entries were left out (private, or of a private plan).
    pub left_out: usize,
    /// Entries per month, in the order of `months`.
    pub per_month: Vec<usize>,
    /// Entries per area, most first (ties by name); entries without an area are not
    /// counted here.
    pub per_area: Vec<(String, usize)>,
    /// The areas' counts per month, in the order of `per_area` and then `months`.
    pub area_months: Vec<Vec<usize>>,
    /// The tags that came up most, most first, with their counts per month.
    pub tags: Vec<TagCounts>,
    /// Each measure rated in the period, with its monthly means, the most rated first.
    pub measures: Vec<MeasureMonths>,
    /// The strategies with a plan, try or review in the period.
    pub strategies: Vec<Strategy<'j>>,
    /// The sessions of the period, oldest first.
    pub sessions: Vec<Session<'j>>,
    /// The period's entries about inviting the partner, oldest first.
    pub invitations: Vec<&'j Entry>,
    /// The period's entries marked to discuss, oldest first: those brought to a
    /// session of the period, and those still marked.
    pub flagged: Vec<&'j Entry>,
    /// How many of `flagged` are still marked (not brought to a session yet).
    pub still_flagged: usize,
    /// The day of the year that "on this day" looks at (today's month and day).
    pub this_day: (u32, u32),
    /// The period's entries written on that day of the year, oldest first.
    pub on_this_day: Vec<&'j Entry>,
}

/// One tag's counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagCounts {
    /// The tag.
    pub tag: String,
    /// Entries with it in the period.
    pub total: usize,
    /// Per month, in the order of [`LookBack::months`].
    pub per_month: Vec<usize>,
}

/// One measure, month by month: the mean of each sitting's first rating of it (the
/// "before" of an exercise that rates it before and after, the one rating of others).
#[derive(Debug, Clone, PartialEq)]
pub struct MeasureMonths {
    /// The measure's id.
    pub measure: String,
    /// The mean per month, none for a month without a rating.
    pub means: Vec<Option<f64>>,
    /// Each sitting's ratings, oldest first, for its chart.
    pub sittings: Vec<Sitting>,
}

/// A strategy's history within the period: each version with its tries.
#[derive(Debug, Clone)]
pub struct Strategy<'j> {
    /// The whole chain (every version, try and review, also outside the period).
    pub chain: Chain<'j>,
    /// Per version, oldest first: the plan and its tries in the period.
    pub versions: Vec<Version<'j>>,
    /// The reviews in the period, oldest first.
    pub reviews: Vec<&'j Entry>,
}

/// One version of a plan.
#[derive(Debug, Clone)]
pub struct Version<'j> {
    /// The plan.
    pub plan: &'j Entry,
    /// Its tries in the period, oldest first.
    pub tries: Vec<&'j Entry>,
}

impl Version<'_> {
    /// The mean rating of this version's tries (never blended with another version's).
    pub fn average(&self) -> Option<f64> {
        let ratings: Vec<f64> = self
            .tries
            .iter()
            .filter_map(|t| rating(t))
            .map(f64::from)
            .collect();
        (!ratings.is_empty()).then(|| ratings.iter().sum::<f64>() / ratings.len() as f64)
    }
}

/// A session with what it set and what was brought to it.
#[derive(Debug, Clone)]
pub struct Session<'j> {
    /// The session's entry.
    pub entry: &'j Entry,
    /// Its day.
    pub on: NaiveDate,
    /// The homework it set, in one paragraph.
    pub homework: Option<String>,
    /// The entries brought to it: those it kept as discussed, oldest first.
    pub brought: Vec<&'j Entry>,
}

/// The decision of a review entry.
pub fn decision(review: &Entry) -> Option<Decision> {
    match review.practice {
        Some(PracticeData::Review { decision, .. }) => Some(decision),
        _ => None,
    }
}

/// The day an entry counts on: the day a try happened or a session was held, else
/// the day it was written.
pub fn day_of(entry: &Entry) -> NaiveDate {
    match entry.kind {
        Kind::Session => session_day(entry),
        _ => practice_day(entry).unwrap_or_else(|| entry.created.date_naive()),
    }
}

/// The year a look back shows on `today`: `back` 0 is the twelve months up to today,
/// 1 this calendar year up to today, 2 the year before, and so on.
pub fn year_back(today: NaiveDate, back: u16) -> (NaiveDate, NaiveDate) {
    if back == 0 {
        return (twelve_months_to(today), today);
    }
    let year = today.year() - i32::from(back - 1);
    let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(today);
    let last = NaiveDate::from_ymd_opt(year, 12, 31)
        .unwrap_or(today)
        .min(today);
    (first, last)
}

/// The first day of the twelve months up to `last`: whole months when `last` ends
/// one (February 2025 gives March 2024 on), else the day after `last` a year before.
pub fn twelve_months_to(last: NaiveDate) -> NaiveDate {
    let month_ends = last.succ_opt().is_none_or(|next| next.day() == 1);
    if month_ends {
        let (first, _) = super::by_month::months_ending(last);
        return first;
    }
    last.checked_sub_months(chrono::Months::new(12))
        .and_then(|day| day.succ_opt())
        .unwrap_or(last)
}

/// Looks back over `first..=last` of what `shared` may show; `today` gives "on this
/// day" its month and day.
pub fn look_back<'j>(
    shared: &Shared<'j>,
    first: NaiveDate,
    last: NaiveDate,
    today: NaiveDate,
) -> LookBack<'j> {
    let within = |entry: &Entry| (first..=last).contains(&day_of(entry));
    let entries: Vec<&'j Entry> = shared.entries().filter(|e| within(e)).collect();
    let left_out = shared.left_out().filter(|e| within(e)).count();
    let months = months_of(first, last);
    let month_index = |day: NaiveDate| {
        months
            .iter()
            .rposition(|m| *m <= day)
            .expect("a day of the period is in one of its months")
    };

    let mut per_month = vec![0; months.len()];
    let mut areas: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut tags: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut measures: BTreeMap<&str, (Vec<Vec<f64>>, Vec<Sitting>)> = BTreeMap::new();
    for entry in &entries {
        let month = month_index(day_of(entry));
        per_month[month] += 1;
        if let Some(area) = entry.area.as_deref() {
            areas.entry(area).or_insert_with(|| vec![0; months.len()])[month] += 1;
        }
        for tag in &entry.tags {
            tags.entry(tag.as_str())
                .or_insert_with(|| vec![0; months.len()])[month] += 1;
        }
        for (measure, sitting) in sittings_of(entry, day_of(entry)) {
            let (means, sittings) = measures
                .entry(measure)
                .or_insert_with(|| (vec![Vec::new(); months.len()], Vec::new()));
            means[month].push(sitting.first);
            sittings.push(sitting);
        }
    }

    let mut per_area: Vec<(String, Vec<usize>)> = areas
        .into_iter()
        .map(|(area, counts)| (area.to_owned(), counts))
        .collect();
    per_area.sort_by(|a, b| total(&b.1).cmp(&total(&a.1)).then(a.0.cmp(&b.0)));
    let mut tags: Vec<TagCounts> = tags
        .into_iter()
        .map(|(tag, per_month)| TagCounts {
            tag: tag.to_owned(),
            total: total(&per_month),
            per_month,
        })
        .collect();
    tags.sort_by(|a, b| b.total.cmp(&a.total).then(a.tag.cmp(&b.tag)));
    tags.truncate(TOP_TAGS);
    let mut measures: Vec<MeasureMonths> = measures
        .into_iter()
        .map(|(measure, (values, sittings))| MeasureMonths {
            measure: measure.to_owned(),
            means: values
                .iter()
                .map(|v| (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64))
                .collect(),
            sittings,
        })
        .collect();
    measures
        .sort_by(|a, b| (b.sittings.len().cmp(&a.sittings.len())).then(a.measure.cmp(&b.measure)));

    let this_day = (today.month(), today.day());
    let sessions = sessions(shared, &entries);
    let mut flagged: Vec<&'j Entry> = sessions
        .iter()
        .flat_map(|s| s.brought.iter().copied())
        .chain(entries.iter().copied().filter(|e| e.discuss))
        .collect();
    flagged.sort_by(|a, b| a.id.cmp(&b.id));
    flagged.dedup_by(|a, b| a.id == b.id);
    let still_flagged = flagged.iter().filter(|e| e.discuss).count();
    LookBack {
        first,
        last,
        strategies: strategies(shared, &within),
        sessions,
        invitations: entries
            .iter()
            .copied()
            .filter(|e| e.area.as_deref() == Some(INVITING))
            .collect(),
        flagged,
        still_flagged,
        on_this_day: entries
            .iter()
            .copied()
            .filter(|e| {
                let day = e.created.date_naive();
                (day.month(), day.day()) == this_day
            })
            .collect(),
        this_day,
        area_months: per_area.iter().map(|(_, c)| c.clone()).collect(),
        per_area: per_area
            .into_iter()
            .map(|(area, counts)| (area, total(&counts)))
            .collect(),
        per_month,
        months,
        tags,
        measures,
        left_out,
        entries,
    }
}

fn total(counts: &[usize]) -> usize {
    counts.iter().sum()
}

/// The first day of each month that `first..=last` touches; the first is `first`'s.
fn months_of(first: NaiveDate, last: NaiveDate) -> Vec<NaiveDate> {
    let mut months = Vec::new();
    let mut month = first.with_day(1).expect("every month has a first day");
    while month <= last {
        months.push(month);
        match month.checked_add_months(chrono::Months::new(1)) {
            Some(next) => month = next,
            None => break,
        }
    }
    months
}

/// The strategies that something in the period belongs to, in the order of their
/// first plan, each with its versions' tries and its reviews in the period.
fn strategies<'j>(shared: &Shared<'j>, within: &dyn Fn(&Entry) -> bool) -> Vec<Strategy<'j>> {
    let mut all = chains_of(shared.entries());
    all.sort_by(|a, b| a.plans[0].id.cmp(&b.plans[0].id));
    all.into_iter()
        .filter(|chain| {
            chain
                .plans
                .iter()
                .chain(&chain.tries)
                .chain(&chain.reviews)
                .any(|e| within(e))
        })
        .map(|chain| {
            let versions = chain
                .plans
                .iter()
                .map(|&plan| Version {
                    plan,
                    tries: chain
                        .tries
                        .iter()
                        .copied()
                        .filter(|t| t.link.as_ref() == Some(&plan.id) && within(t))
                        .collect(),
                })
                .collect();
            let reviews = chain
                .reviews
                .iter()
                .copied()
                .filter(|r| within(r))
                .collect();
            Strategy {
                chain,
                versions,
                reviews,
            }
        })
        .collect()
}

/// The sessions among `entries`, each with what was brought to it: the entries it
/// kept as discussed, those `shared` may show. (An entry still marked was not
/// discussed: it waits for the next session.)
fn sessions<'j>(shared: &Shared<'j>, entries: &[&'j Entry]) -> Vec<Session<'j>> {
    let mut sessions: Vec<Session<'j>> = entries
        .iter()
        .filter(|e| e.kind == Kind::Session)
        .map(|entry| {
            let mut brought: Vec<&'j Entry> = discussed_in(entry)
                .iter()
                .filter_map(|id| shared.get(id))
                .collect();
            brought.sort_by(|a, b| a.id.cmp(&b.id));
            Session {
                entry,
                on: session_day(entry),
                homework: homework_of(entry),
                brought,
            }
        })
        .collect();
    sessions.sort_by_key(|s| s.on);
    sessions
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::Journal;
    use crate::journal::mint::{IdMint, Minting};
    use crate::journal::record::Record;
    use crate::practice::forms;
    use chrono::{DateTime, FixedOffset};

    fn at(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).unwrap()
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn note(ids: &mut IdMint, when: &str, tags: &[&str], private: bool) -> Entry {
        let mut mint = Minting { ids, at: at(when) };
        let tags = tags.iter().map(|t| (*t).to_owned()).collect();
        forms::note("words".into(), None, tags, false, private, &mut mint)
    }

    #[test]
    fn months_count_what_may_be_shown_and_count_what_was_left_out() {
        let mut ids = IdMint::new(1);
        let mut journal = Journal::default();
        for entry in [
            note(&mut ids, "2025-03-31T23:00:00+02:00", &["chores"], false),
            note(&mut ids, "2025-04-02T10:00:00+02:00", &["chores"], false),
            note(
                &mut ids,
                "2025-04-03T10:00:00+02:00",
                &["chores", "money"],
                false,
            ),
            note(&mut ids, "2025-04-04T10:00:00+02:00", &["chores"], true),
            note(&mut ids, "2025-06-01T10:00:00+02:00", &["money"], false),
        ] {
            journal.apply(Record::put(entry));
        }
        let shared = Shared::new(&journal, false);
        let back = look_back(&shared, day(2025, 4, 1), day(2025, 6, 30), day(2025, 12, 1));
        assert_eq!(
            back.months,
            vec![day(2025, 4, 1), day(2025, 5, 1), day(2025, 6, 1)]
        );
        assert_eq!(
            back.per_month,
            vec![2, 0, 1],
            "March's and the private one not"
        );
        assert_eq!(back.left_out, 1);
        assert_eq!(
            back.tags,
            vec![
                TagCounts {
                    tag: "chores".into(),
                    total: 2,
                    per_month: vec![2, 0, 0]
                },
                TagCounts {
                    tag: "money".into(),
                    total: 2,
                    per_month: vec![1, 0, 1]
                },
            ]
        );
    }

    #[test]
    fn a_session_was_brought_what_it_kept_not_what_is_still_marked() {
        let mut ids = IdMint::new(2);
        let mut kept = note(&mut ids, "2025-04-01T10:00:00+02:00", &[], false);
        let mut waiting = note(&mut ids, "2025-04-02T10:00:00+02:00", &[], false);
        waiting.discuss = true;
        let mut mint = Minting {
            ids: &mut ids,
            at: at("2025-04-05T10:00:00+02:00"),
        };
        // Recorded on the 5th, held on the 3rd.
        let session = forms::session(
            day(2025, 4, 3),
            &|_: &str| None,
            vec![kept.id.clone()],
            &mut mint,
        );
        kept.discuss = false;
        let mut journal = Journal::default();
        for entry in [kept.clone(), waiting.clone(), session] {
            journal.apply(Record::put(entry));
        }
        let shared = Shared::new(&journal, false);
        let back = look_back(&shared, day(2025, 4, 1), day(2025, 4, 30), day(2025, 12, 1));
        let brought: Vec<_> = back.sessions[0].brought.iter().map(|e| &e.id).collect();
        assert_eq!(brought, vec![&kept.id]);
        assert_eq!(back.sessions[0].on, day(2025, 4, 3));
        assert_eq!((back.flagged.len(), back.still_flagged), (2, 1));
        // Held on the 3rd, recorded on the 5th: not in a look back from the 4th.
        let later = look_back(&shared, day(2025, 4, 4), day(2025, 4, 30), day(2025, 12, 1));
        assert!(later.sessions.is_empty());
    }

    #[test]
    fn twelve_months_to_a_month_end_are_whole_months() {
        assert_eq!(twelve_months_to(day(2025, 2, 28)), day(2024, 3, 1));
        assert_eq!(twelve_months_to(day(2025, 11, 30)), day(2024, 12, 1));
        assert_eq!(twelve_months_to(day(2025, 12, 1)), day(2024, 12, 2));
    }

    #[test]
    fn a_period_inside_a_month_has_that_month() {
        assert_eq!(
            months_of(day(2025, 4, 15), day(2025, 4, 20)),
            vec![day(2025, 4, 1)]
        );
        assert_eq!(
            months_of(day(2024, 12, 1), day(2025, 11, 30)).len(),
            12,
            "December to November"
        );
    }
}
