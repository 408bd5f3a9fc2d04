//! A report as Markdown: what the client reads before sharing, and what a therapist
//! reads from a JSON report with `between report --open`. Page one says in a few lines
//! what was asked and done, week by week, how each measure went, what became of the
//! strategies and what the client wants to discuss; the entries follow, each
//! exercise's prompts written once.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};

use super::{FlaggedEntry, MeasureSummary, Report, ReportEntry, ReportItem, ReportPlan, Week};
use crate::journal::Kind;
use crate::journal::practice::Decision;
use crate::pack::model::{Concerning, Per};
use crate::practice::homework::describe;
use crate::practice::standing::{against_cutoff, against_reliable_change};
use crate::words::{capitalised, count};

fn day(date: NaiveDate) -> String {
    date.format("%a %-d %b %Y").to_string()
}

pub use crate::journal::prompts::number as prompt_number;
pub use crate::words::{number, short_day};

fn times(n: usize) -> String {
    match n {
        1 => "once".to_owned(),
        n => format!("{n} times"),
    }
}

/// What an entry records, in a few words: "done", "tried, went 4 of 5".
pub fn what(entry: &ReportEntry) -> String {
    match entry.kind {
        Kind::Exercise => "done".to_owned(),
        Kind::Plan => "plan made".to_owned(),
        Kind::Try => match entry.rating {
            Some(rating) => format!("tried, went {rating} of 5"),
            None => "tried".to_owned(),
        },
        Kind::Review => match entry.decision {
            Some(decision) => format!("reviewed: {}", decision.name()),
            None => "reviewed".to_owned(),
        },
        kind => kind.name().to_owned(),
    }
}

/// Text indented to sit under a list item, its line breaks kept.
fn indented(text: &str, by: &str) -> String {
    text.replace('\n', &format!("\n{by}"))
}

/// Several reports (the rounds of one homework) as Markdown, one after another.
pub fn markdown_all(reports: &[Report]) -> String {
    match reports {
        [one] => markdown(one),
        many => many
            .iter()
            .map(|report| render(report, false))
            .collect::<Vec<_>>()
            .join("\n---\n\n"),
    }
}

/// The report as Markdown.
pub fn markdown(report: &Report) -> String {
    render(report, true)
}

/// The report; `alone` when it is not printed with its other rounds, so it says how
/// to reach them.
fn render(report: &Report, alone: bool) -> String {
    let mut out = String::new();
    heading(&mut out, report, alone);
    if let Some(note) = &report.note {
        let _ = writeln!(
            out,
            "## {}\n\n> {}\n",
            note_heading(report),
            note.trim().replace('\n', "\n> ")
        );
    }
    page_one(&mut out, report);
    entries(&mut out, report);
    out
}

fn heading(out: &mut String, report: &Report, alone: bool) {
    let _ = writeln!(out, "# {}\n", title(report));
    for line in heading_lines(report, alone) {
        let _ = writeln!(out, "{line}\n");
    }
}

/// "Homework report: Staying steady in a hard talk".
pub fn title(report: &Report) -> String {
    format!("Homework report: {}", report.pack.title)
}

/// What stands under the title, a paragraph each: who set the homework for whom and
/// when, which round it is, whether the pack is still installed and whether it is
/// counts only. Code (a command, the pack's id) stands between backticks.
pub fn heading_lines(report: &Report, alone: bool) -> Vec<String> {
    let mut lines = Vec::new();
    let about = describe(
        &report.from,
        report.for_whom.as_deref(),
        report.assigned,
        report.due,
    );
    lines.push(format!(
        "{about}. Written {} (pack `{}` version {}).",
        day(report.written),
        report.pack.id,
        report.pack.version
    ));
    if let (Some(number), Some(of)) = (report.round, report.rounds)
        && of > 1
    {
        let mut line = format!(
            "Round {number} of {of} (version {}) of this homework.",
            report.pack.version
        );
        if alone && number == of {
            let id = &report.pack.id;
            let earlier = if of == 2 {
                format!("`between report {id} --round 1`")
            } else {
                format!(
                    "`between report {id} --round N` (N from 1 to {}), or all at once with `--all-rounds`",
                    of - 1
                )
            };
            let _ = write!(line, " Earlier rounds have their own reports: {earlier}.");
        }
        lines.push(line);
    }
    if !report.installed {
        lines.push(
            "The pack is no longer installed: this report is from the homework kept when it was."
                .to_owned(),
        );
    }
    if report.summary_only {
        lines.push("Counts and ratings only: no written answers.".to_owned());
    }
    lines
}

/// "A note from Alex", or from the client when the homework names no one.
pub fn note_heading(report: &Report) -> String {
    format!(
        "A note from {}",
        report.for_whom.as_deref().unwrap_or("the client")
    )
}

/// "week 1: 2 of 3, week 2: 3 of 3", or for a total "week 1: 2, week 2: 3".
pub fn per_week(item: &ReportItem) -> String {
    item.per_week
        .iter()
        .enumerate()
        .map(|(week, done)| format!("week {}: {}", week + 1, week_count(item, *done)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One week's count of an item: "2 of 3" against a weekly ask, else "2".
pub fn week_count(item: &ReportItem, done: u32) -> String {
    match item.per {
        Per::Week => format!("{done} of {}", item.times),
        Per::Total => done.to_string(),
    }
}

/// How often an item was done, in a sentence: "done 6 times (1 kept private)", "done
/// 3 of 4", "not done yet".
pub fn done_sentence(item: &ReportItem) -> String {
    if item.done() == 0 {
        "not done yet".to_owned()
    } else {
        format!("done {}", done(item))
    }
}

/// Whether an item's per-week counts say something: always against a weekly ask;
/// for a total, only over several weeks with something done.
fn worth_weeks(item: &ReportItem) -> bool {
    !item.per_week.is_empty()
        && match item.per {
            Per::Week => true,
            Per::Total => item.per_week.len() > 1 && item.done() > 0,
        }
}

/// How often an item was done, for a table's cell: "6 times (1 kept private, 1 left
/// out)", "3 of 4", "not yet".
pub fn done(item: &ReportItem) -> String {
    let mut hidden = Vec::new();
    if item.private > 0 {
        hidden.push(format!("{} kept private", item.private));
    }
    if item.left_out > 0 {
        hidden.push(format!("{} left out", item.left_out));
    }
    let done = item.done();
    let mut text = match item.per {
        _ if done == 0 => "not yet".to_owned(),
        Per::Total => format!("{done} of {}", item.times),
        Per::Week => times(done),
    };
    if !hidden.is_empty() {
        let _ = write!(text, " ({})", hidden.join(", "));
    }
    text
}

/// "Weeks: week 1 is Wed 18 – Sun 22 Nov, …", saying so when only the last weeks of a
/// round set long ago are listed.
pub fn weeks_sentence(report: &Report) -> String {
    let cut = report
        .weeks
        .first()
        .zip(report.assigned)
        .is_some_and(|(first, assigned)| assigned < first.from);
    let which = if cut {
        format!(" (the last {} weeks of the round)", report.weeks.len())
    } else {
        String::new()
    };
    format!("Weeks{which}: {}.", week_spans(&report.weeks))
}

/// "week 1 is Wed 18 – Sun 22 Nov, week 2 is …".
pub fn week_spans(weeks: &[Week]) -> String {
    weeks
        .iter()
        .enumerate()
        .map(|(i, week)| format!("week {} is {}", i + 1, week_span(week)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The days of one week: "Wed 18 – Sun 22 Nov".
pub fn week_span(week: &Week) -> String {
    if week.from == week.to {
        short_day(week.from)
    } else if week.from.month() == week.to.month() {
        format!("{} – {}", week.from.format("%a %-d"), short_day(week.to))
    } else {
        format!("{} – {}", short_day(week.from), short_day(week.to))
    }
}

fn page_one(out: &mut String, report: &Report) {
    let _ = writeln!(out, "## Summary\n");
    if !report.weeks.is_empty() {
        let _ = writeln!(out, "{}\n", weeks_sentence(report));
    }
    for item in &report.items {
        let _ = writeln!(out, "- **{}**: {}", item.title, asked_and_done(item));
    }
    out.push('\n');
    if !report.measures.is_empty() {
        let _ = writeln!(out, "### Measures\n");
        for measure in &report.measures {
            measure_lines(out, measure);
        }
        out.push('\n');
    }
    strategies(out, report);
    flagged(out, &report.flagged);
    left_out(out, report);
}

/// "asked 3 times a week; done 5 times (1 kept private). Week 1: 2 of 3, week 2: 3 of
/// 3.": what page one says of an item after its title.
pub fn asked_and_done(item: &ReportItem) -> String {
    let mut text = format!(
        "asked {}; {}.",
        item.per.how_often(item.times),
        done_sentence(item)
    );
    if worth_weeks(item) {
        let _ = write!(text, " {}.", capitalised(&per_week(item)));
    }
    text
}

/// What each line of a measure says, for every form of the report.
pub fn measure_sentences(measure: &MeasureSummary) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(within) = measure.within {
        lines.push(format!(
            "Within a sitting: {} before → {} after, on average ({}).",
            number(within.before),
            number(within.after),
            count(within.sittings, "sitting", "sittings")
        ));
    }
    if let Some(((first_week, first), (last_week, last))) = measure.trend() {
        let what = if measure.within.is_some() {
            "Over the round (each sitting's first rating)"
        } else {
            "Over the round"
        };
        lines.push(format!(
            "{what}: week {} {} → week {} {}.",
            first_week + 1,
            number(first),
            last_week + 1,
            number(last)
        ));
    } else if let [only] = measure.sittings.as_slice() {
        lines.push(format!(
            "Rated once, {}: {}.",
            short_day(only.date),
            number(only.first)
        ));
    }
    if let (Some(cutoff), Some(latest)) = (measure.cutoff, measure.sittings.last()) {
        let side = match cutoff.concerning {
            Concerning::AtOrAbove => "at or above",
            Concerning::AtOrBelow => "at or below",
        };
        let concerning = measure
            .sittings
            .iter()
            .filter(|s| cutoff.is_concerning(s.first))
            .count();
        lines.push(format!(
            "{} ({side} is of concern); {concerning} of {} {side} it.",
            capitalised(&against_cutoff(&cutoff, latest.first)),
            count(measure.sittings.len(), "sitting", "sittings"),
        ));
    }
    if let (Some((first, latest)), Some(amount)) =
        (measure.first_to_latest(), measure.reliable_change)
    {
        lines.push(format!(
            "First {} → latest {}: {}.",
            number(first),
            number(latest),
            against_reliable_change(first, latest, amount)
        ));
    }
    lines
}

/// "0–10, lower is better".
pub fn measure_range(measure: &MeasureSummary) -> String {
    format!(
        "{}–{}, {} is better",
        measure.min,
        measure.max,
        if measure.higher_is_better {
            "higher"
        } else {
            "lower"
        }
    )
}

fn measure_lines(out: &mut String, measure: &MeasureSummary) {
    let _ = writeln!(out, "- **{}** ({})", measure.title, measure_range(measure));
    for line in measure_sentences(measure) {
        let _ = writeln!(out, "  - {line}");
    }
}

/// "2 kept, 1 adjusted, 0 dropped, 1 not reviewed yet", or none without plans.
pub fn strategy_counts(report: &Report) -> Option<String> {
    let plans: Vec<_> = report.items.iter().flat_map(|i| &i.plans).collect();
    if plans.is_empty() {
        return None;
    }
    let count = |d: Option<Decision>| plans.iter().filter(|p| p.decision == d).count();
    Some(format!(
        "{} kept, {} adjusted, {} dropped, {} not reviewed yet",
        count(Some(Decision::Keep)),
        count(Some(Decision::Adjust)),
        count(Some(Decision::Drop)),
        count(None)
    ))
}

fn strategies(out: &mut String, report: &Report) {
    if let Some(counts) = strategy_counts(report) {
        let _ = writeln!(out, "### Strategies\n\n{counts}.\n");
    }
}

fn flagged(out: &mut String, flagged: &[FlaggedEntry]) {
    if flagged.is_empty() {
        return;
    }
    let _ = writeln!(out, "### Marked to discuss\n");
    for one in flagged {
        let _ = writeln!(out, "- **{}**: {}", flagged_label(one), what(&one.entry));
        for answer in &one.entry.answers {
            let _ = writeln!(
                out,
                "  - {}\n    {}",
                answer.prompt.replace('\n', " "),
                indented(&answer.answer, "    ")
            );
        }
    }
    out.push('\n');
}

/// "Sun 9 Nov · The Sunday argument": when and what an entry marked to discuss is.
pub fn flagged_label(one: &FlaggedEntry) -> String {
    format!("{} · {}", short_day(one.entry.date), one.title)
}

/// "1 entry marked private is not in this report. 2 entries chosen to leave out are
/// not in this report.", or none.
pub fn left_out_sentence(report: &Report) -> Option<String> {
    let sentences: Vec<String> = [
        (report.private_left_out, "marked private"),
        (report.excluded, "chosen to leave out"),
    ]
    .into_iter()
    .filter(|(count, _)| *count > 0)
    .map(|(count, why)| {
        let (noun, verb) = if count == 1 {
            ("entry", "is")
        } else {
            ("entries", "are")
        };
        format!("{count} {noun} {why} {verb} not in this report.")
    })
    .collect();
    (!sentences.is_empty()).then(|| sentences.join(" "))
}

fn left_out(out: &mut String, report: &Report) {
    if let Some(sentence) = left_out_sentence(report) {
        let _ = writeln!(out, "{sentence}\n");
    }
}

/// The prompts of an item's entries, each once, in the order first asked.
pub fn prompts(item: &ReportItem) -> Vec<&str> {
    crate::journal::prompts::once_each(
        item.entries
            .iter()
            .chain(item.plans.iter().flat_map(|p| &p.entries))
            .flat_map(|entry| &entry.answers)
            .map(|answer| answer.prompt.as_str()),
    )
}

/// Whether an item has entries to show after page one (none of a report cut to its
/// page one, whose plans keep only their decisions).
pub fn has_entries(item: &ReportItem) -> bool {
    !item.entries.is_empty() || item.plans.iter().any(|plan| !plan.entries.is_empty())
}

fn entries(out: &mut String, report: &Report) {
    if !report.items.iter().any(has_entries) {
        return;
    }
    let _ = writeln!(out, "## The entries\n");
    for item in report.items.iter().filter(|item| has_entries(item)) {
        let _ = writeln!(out, "### {}\n", item.title);
        let prompts = prompts(item);
        if !prompts.is_empty() {
            // Numbered "(1)" rather than as a Markdown list "1.", which a renderer
            // would renumber where an entry skips or repeats a prompt.
            let _ = writeln!(out, "The prompts:\n");
            for (i, prompt) in prompts.iter().enumerate() {
                let _ = writeln!(out, "- ({}) {}", i + 1, prompt.replace('\n', " "));
            }
            out.push('\n');
        }
        for done in &item.entries {
            entry(out, done, &prompts);
        }
        if !item.entries.is_empty() {
            out.push('\n');
        }
        for plan in item.plans.iter().filter(|plan| !plan.entries.is_empty()) {
            let _ = writeln!(out, "#### {}\n", plan_heading(plan));
            for step in &plan.entries {
                entry(out, step, &prompts);
            }
            out.push('\n');
        }
    }
}

/// "A plan from this exercise: 2 tries, average 3.5 of 5 (kept)".
pub fn plan_heading(plan: &ReportPlan) -> String {
    let mut heading = "A plan from this exercise".to_owned();
    if let Some(average) = plan.average_rating {
        let _ = write!(
            heading,
            ": {}, average {average:.1} of 5",
            count(plan.tries, "try", "tries")
        );
    }
    if let Some(decision) = plan.decision {
        let _ = write!(heading, " ({})", decision.past());
    }
    heading
}

/// One entry, each answer numbered by its prompt in `prompts`.
fn entry(out: &mut String, entry: &ReportEntry, prompts: &[&str]) {
    let _ = writeln!(out, "- **{}**: {}", short_day(entry.date), what(entry));
    for answer in &entry.answers {
        let number = prompt_number(prompts, &answer.prompt);
        let _ = writeln!(out, "  - ({number}) {}", indented(&answer.answer, "    "));
    }
}
