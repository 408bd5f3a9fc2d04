//! Building a report from the journal.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::summary::{measures, week_of, weeks};
use super::{
    FlaggedEntry, PackInfo, REPORT_FORMAT, Report, ReportAnswer, ReportEntry, ReportItem,
    ReportPlan,
};
use crate::journal::practice::PracticeData;
use crate::journal::{Entry, EntryId, Journal, Kind};
use crate::pack::rounds::Round;
use crate::pack::{Catalog, Pack};
use crate::practice::chains::{chains_of, rating};
use crate::practice::homework::{Homework, in_window, is_of, round_homework, times_done};
use crate::practice::shared::Shared;
use crate::practice::stats::{measure_moves, practice_day};

/// What goes into a report.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Counts and measures only: no answers, no plan or note text.
    pub summary_only: bool,
    /// Entries the client chose to leave out.
    pub exclude: HashSet<EntryId>,
    /// Entries marked to discuss that are not of the homework, which the client chose
    /// to add to page one with their text.
    pub include: HashSet<EntryId>,
    /// The client's message to the therapist.
    pub note: Option<String>,
}

/// Whether an entry the privacy filter let through goes in: not if the client chose to
/// leave it out, counting those.
struct Filter<'o> {
    options: &'o Options,
    excluded: usize,
    /// The entries left out so far, each counted once however often it is met.
    counted: HashSet<EntryId>,
}

impl Filter<'_> {
    fn keep(&mut self, entry: &Entry) -> bool {
        if self.options.exclude.contains(&entry.id) {
            if self.counted.insert(entry.id.clone()) {
                self.excluded += 1;
            }
            false
        } else {
            true
        }
    }
}

fn report_entry(entry: &Entry, summary_only: bool) -> ReportEntry {
    let (rating, decision) = match &entry.practice {
        Some(PracticeData::Try { rating, .. }) => (Some(*rating), None),
        Some(PracticeData::Review { decision, .. }) => (None, Some(*decision)),
        _ => (None, None),
    };
    let answers = if summary_only {
        Vec::new()
    } else {
        entry
            .answers
            .iter()
            .map(|answer| ReportAnswer {
                prompt: answer.prompt.to_string(),
                answer: answer.value.summary(),
            })
            .collect()
    };
    ReportEntry {
        id: entry.id.as_str().to_owned(),
        kind: entry.kind,
        date: practice_day(entry).unwrap_or_else(|| entry.created.date_naive()),
        rating,
        decision,
        answers,
    }
}

/// The report on `pack`'s assignment as of `today`; `None` if it has no assignment.
/// The window is the assignment's, as for progress on home: from the day it was set
/// to the day it is due (or today). Private entries never reach it: it is built only
/// from what the privacy filter ([`Shared`]) lets through, and they are counted.
pub fn build(
    pack: &Pack,
    catalog: &Catalog,
    journal: &Journal,
    today: NaiveDate,
    options: &Options,
) -> Option<Report> {
    let round = Round::of(pack, catalog)?;
    Some(build_round(
        &round, &pack.id, None, catalog, journal, today, options,
    ))
}

/// Where a round stands among its pack's rounds, for its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// Its number, from 1.
    pub number: usize,
    /// How many rounds there are.
    pub of: usize,
    /// Whether the pack is still installed.
    pub installed: bool,
}

/// The report on one round of pack `id`'s homework as of `today`, counted in the
/// round's own window, with its exercises as the round kept them; `place` says which
/// round it is (none: the report says nothing of rounds).
pub fn build_round(
    round: &Round,
    id: &str,
    place: Option<Place>,
    catalog: &Catalog,
    journal: &Journal,
    today: NaiveDate,
    options: &Options,
) -> Report {
    let shared = Shared::new(journal, false);
    let progress = round_homework(round, catalog, journal, today);
    let assignment = progress.assignment;
    let in_window = |day: NaiveDate| in_window(assignment, today, day);
    let mut filter = Filter {
        options,
        excluded: 0,
        counted: HashSet::new(),
    };
    let strategies = chains_of(shared.entries());
    let weeks = round_weeks(&progress, today);
    let mut sittings: Vec<&Entry> = Vec::new();
    let items: Vec<ReportItem> = progress
        .items
        .iter()
        .zip(&round.exercises)
        .map(|(item, exercise)| {
            let key = exercise.key.clone();
            // Every time done, private or not, to count; only the kept ones are shown.
            let all: Vec<&Entry> = key
                .as_ref()
                .map(|key| times_done(journal.entries(), assignment, key, today))
                .unwrap_or_default();
            let private = all.iter().filter(|e| shared.is_hidden(e)).count();
            let before = filter.excluded;
            let kept: Vec<&Entry> = all
                .iter()
                .copied()
                .filter(|e| !shared.is_hidden(e))
                .filter(|e| filter.keep(e))
                .collect();
            let left_out = filter.excluded - before;
            let mut per_week = vec![0u32; weeks.len()];
            for day in all.iter().filter_map(|e| practice_day(e)) {
                if let Some(week) = week_of(&weeks, day) {
                    per_week[week] += 1;
                }
            }
            sittings.extend(kept.iter().copied());
            let days: Vec<NaiveDate> = kept.iter().filter_map(|e| practice_day(e)).collect();
            let plans = key
                .as_ref()
                .map(|key| {
                    strategies
                        .iter()
                        .filter(|chain| chain.plans.iter().any(|p| is_of(p, key)))
                        .filter_map(|chain| {
                            let mut entries: Vec<&Entry> = chain
                                .plans
                                .iter()
                                .chain(&chain.tries)
                                .chain(&chain.reviews)
                                .copied()
                                .filter(|e| {
                                    in_window(e.created.date_naive())
                                        || practice_day(e).is_some_and(in_window)
                                })
                                .filter(|e| filter.keep(e))
                                .collect();
                            entries.sort_by_key(|e| {
                                (
                                    practice_day(e).unwrap_or_else(|| e.created.date_naive()),
                                    e.created,
                                )
                            });
                            let ratings: Vec<f64> = entries
                                .iter()
                                .filter(|e| e.kind == Kind::Try)
                                .filter_map(|e| rating(e))
                                .map(f64::from)
                                .collect();
                            let decision = entries.iter().rev().find_map(|e| match e.practice {
                                Some(PracticeData::Review { decision, .. }) => Some(decision),
                                _ => None,
                            });
                            (!entries.is_empty()).then(|| ReportPlan {
                                decision,
                                tries: ratings.len(),
                                average_rating: (!ratings.is_empty())
                                    .then(|| ratings.iter().sum::<f64>() / ratings.len() as f64),
                                entries: entries
                                    .iter()
                                    .map(|e| report_entry(e, options.summary_only))
                                    .collect(),
                            })
                        })
                        .collect()
                })
                .unwrap_or_default();
            ReportItem {
                exercise: item.item.exercise.clone(),
                title: item.title.clone(),
                times: item.item.times,
                per: item.item.per,
                days,
                private,
                left_out,
                per_week,
                measures: measure_moves(kept.iter().copied()),
                entries: kept
                    .iter()
                    .map(|e| report_entry(e, options.summary_only))
                    .collect(),
                plans,
            }
        })
        .collect();
    sittings.sort_by_key(|e| e.created);
    let measures = measures(&sittings, &weeks, round, catalog);
    let flagged = flagged(&shared, round, &items, today, &mut filter);
    Report {
        report_format: REPORT_FORMAT,
        written: today,
        pack: PackInfo {
            id: id.to_owned(),
            version: round.version,
            title: round.title.clone(),
        },
        round: place.map(|p| p.number),
        rounds: place.map(|p| p.of),
        installed: place.is_none_or(|p| p.installed),
        from: assignment.from.clone(),
        for_whom: assignment.for_whom.clone(),
        assigned: assignment.assigned,
        due: assignment.due,
        summary_only: options.summary_only,
        private_left_out: private_left_out(&shared, round, today),
        excluded: filter.excluded,
        items,
        note: options.note.clone(),
        weeks,
        measures,
        flagged,
    }
}

/// The weeks of the round `progress` counts, up to `today`: from the day it was set (or the Monday of the
/// week it was first done, when it names no day: the day itself may be a private
/// entry's) to the day it is due or today, whichever is first; at most the last
/// [`MAX_WEEKS`].
fn round_weeks(progress: &Homework<'_>, today: NaiveDate) -> Vec<super::Week> {
    let assignment = progress.assignment;
    let end = assignment.due.map_or(today, |due| due.min(today));
    let start = assignment.assigned.or_else(|| {
        progress
            .items
            .iter()
            .filter_map(|item| item.days.first().copied())
            .min()
            .map(crate::practice::due::week_start)
    });
    let Some(start) = start else {
        return Vec::new();
    };
    // A round set years ago (a mistyped year) would make a page of thousands of weeks.
    let earliest = end
        .checked_sub_days(chrono::Days::new(7 * (MAX_WEEKS as u64 - 1)))
        .map_or(start, crate::practice::due::week_start);
    weeks(start.max(earliest), end)
}

/// The most weeks a report lists: two years, far more than homework runs.
pub const MAX_WEEKS: usize = 104;

/// The entries marked to discuss for page one: those of the homework the report
/// holds, then those the client chose to add, dated in the round's window; none that
/// is private or left out.
fn flagged(
    shared: &Shared<'_>,
    round: &Round,
    items: &[ReportItem],
    today: NaiveDate,
    filter: &mut Filter<'_>,
) -> Vec<FlaggedEntry> {
    let of_homework: HashSet<&str> = items
        .iter()
        .flat_map(|item| {
            item.entries
                .iter()
                .chain(item.plans.iter().flat_map(|p| &p.entries))
        })
        .map(|e| e.id.as_str())
        .collect();
    let summary_only = filter.options.summary_only;
    shared
        .entries()
        .filter(|e| e.discuss)
        .filter(|e| {
            of_homework.contains(e.id.as_str())
                || (filter.options.include.contains(&e.id)
                    && in_window(
                        &round.assignment,
                        today,
                        practice_day(e).unwrap_or_else(|| e.created.date_naive()),
                    )
                    && filter.keep(e))
        })
        .map(|e| FlaggedEntry {
            title: flagged_title(e, summary_only),
            entry: report_entry(e, summary_only),
        })
        .collect()
}

/// What a flagged entry is about: its title; but counts only, no written text, so
/// the title of the exercise it came from (a plan's title is the client's own words)
/// or what kind of entry it is.
fn flagged_title(entry: &Entry, summary_only: bool) -> String {
    let exercise = entry
        .exercise
        .as_ref()
        .map(|source| source.title.to_string());
    let title = if summary_only {
        exercise.filter(|_| entry.kind == Kind::Exercise)
    } else {
        entry.title.clone()
    };
    title.unwrap_or_else(|| entry.kind.name().to_owned())
}

/// How many entries the report would have held had they not been private (or of a
/// private plan): exercises of its items done in the window, and the plans, tries and
/// reviews of strategies made from them, dated in the window. Only counted.
fn private_left_out(shared: &Shared<'_>, round: &Round, today: NaiveDate) -> usize {
    let assignment = &round.assignment;
    let keys: Vec<_> = round
        .exercises
        .iter()
        .filter_map(|exercise| exercise.key.clone())
        .collect();
    shared
        .left_out()
        .filter(|e| {
            let day = practice_day(e).unwrap_or_else(|| e.created.date_naive());
            in_window(assignment, today, day)
        })
        .filter(|e| match e.kind {
            Kind::Exercise => keys.iter().any(|key| is_of(e, key)),
            Kind::Plan | Kind::Try | Kind::Review => {
                let plan = shared.root_plan(e);
                plan.kind == Kind::Plan && keys.iter().any(|key| is_of(plan, key))
            }
            _ => false,
        })
        .count()
}
