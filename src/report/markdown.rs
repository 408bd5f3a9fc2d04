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

fn day(date: NaiveDate) -> String {
    date.format("%a %-d %b %Y").to_string()
}

/// "Mon 6 Oct".
pub fn short_day(date: NaiveDate) -> String {
    date.format("%a %-d %b").to_string()
}

/// A value as a person writes it: whole numbers bare, others to one decimal.
pub fn number(value: f64) -> String {
    if (value - value.round()).abs() < 0.05 {
        format!("{}", value.round() as i64)
    } else {
        format!("{value:.1}")
    }
}

fn times(n: usize) -> String {
    match n {
        1 => "once".to_owned(),
        n => format!("{n} times"),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
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

/// "A note from Alex": the heading of the client's note.
pub fn note_heading(report: &Report) -> String {
    format!(
        "A note from {}",
        report.for_whom.as_deref().unwrap_or("the client")
    )
}

fn heading(out: &mut String, report: &Report, alone: bool) {
    let _ = writeln!(out, "# {}\n", title(report));
    for sentence in heading_sentences(report, alone) {
        let _ = writeln!(out, "{sentence}\n");
    }
}

/// "Homework report: Staying steady in a hard talk".
pub fn title(report: &Report) -> String {
    format!("Homework report: {}", report.pack.title)
}

/// The paragraphs under the title: who set the homework for whom and when, which
/// round it is (and, `alone`, how to reach the others), whether the pack is still
/// installed and whether the report holds written answers.
pub fn heading_sentences(report: &Report, alone: bool) -> Vec<String> {
    let about = describe(
        &report.from,
        report.for_whom.as_deref(),
        report.assigned,
        report.due,
    );
    let mut sentences = vec![format!(
        "{about}. Written {} (pack `{}` version {}).",
        day(report.written),
        report.pack.id,
        report.pack.version
    )];
    if let (Some(number), Some(of)) = (report.round, report.rounds)
        && of > 1
    {
        let mut round = format!(
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
            let _ = write!(round, " Earlier rounds have their own reports: {earlier}.");
        }
        sentences.push(round);
    }
    if !report.installed {
        sentences.push(
            "The pack is no longer installed: this report is from the homework kept when it was."
                .to_owned(),
        );
    }
    if report.summary_only {
        sentences.push("Counts and ratings only: no written answers.".to_owned());
    }
    sentences
}

/// "week 1: 2 of 3, week 2: 3 of 3", or for a total "week 1: 2, week 2: 3".
pub fn per_week(item: &ReportItem) -> String {
    item.per_week
        .iter()
        .enumerate()
        .map(|(week, done)| match item.per {
            Per::Week => format!("week {}: {done} of {}", week + 1, item.times),
            Per::Total => format!("week {}: {done}", week + 1),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// "6 times (1 kept private, 1 left out)".
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
        Per::Total => format!("{done} of {}", item.times),
        Per::Week if done == 0 => "not yet".to_owned(),
        Per::Week => times(done),
    };
    if !hidden.is_empty() {
        let _ = write!(text, " ({})", hidden.join(", "));
    }
    text
}

/// "week 1 is Wed 18 – Sun 22 Nov, week 2 is …".
pub fn week_spans(weeks: &[Week]) -> String {
    weeks
        .iter()
        .enumerate()
        .map(|(i, week)| {
            let span = if week.from == week.to {
                short_day(week.from)
            } else if week.from.month() == week.to.month() {
                format!("{} – {}", week.from.format("%a %-d"), short_day(week.to))
            } else {
                format!("{} – {}", short_day(week.from), short_day(week.to))
            };
            format!("week {} is {span}", i + 1)
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn page_one(out: &mut String, report: &Report) {
    let _ = writeln!(out, "## Summary\n");
    if !report.weeks.is_empty() {
        let _ = writeln!(out, "Weeks: {}.\n", week_spans(&report.weeks));
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
        "asked {}; done {}.",
        item.per.how_often(item.times),
        done(item)
    );
    let worth_weeks = match item.per {
        Per::Week => true,
        Per::Total => item.per_week.len() > 1 && item.done() > 0,
    };
    if !item.per_week.is_empty() && worth_weeks {
        let weeks = per_week(item);
        let mut chars = weeks.chars();
        let first = chars.next().map(|c| c.to_uppercase().to_string());
        let _ = write!(text, " {}{}.", first.unwrap_or_default(), chars.as_str());
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
            plural(within.sittings, "sitting", "sittings")
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
        let where_latest = if cutoff.is_concerning(latest.first) {
            format!("{side} it")
        } else {
            match cutoff.concerning {
                Concerning::AtOrAbove => "below it".to_owned(),
                Concerning::AtOrBelow => "above it".to_owned(),
            }
        };
        lines.push(format!(
            "Cutoff {} ({side} is of concern): latest {}, {where_latest}; {} of {} at or past the line.",
            number(cutoff.at),
            number(latest.first),
            concerning,
            plural(measure.sittings.len(), "sitting", "sittings"),
        ));
    }
    if let Some((first, latest, reliable)) = measure.first_to_latest()
        && let (Some(reliable), Some(amount)) = (reliable, measure.reliable_change)
    {
        let verdict = if reliable {
            format!("at least the reliable change of {}", number(amount))
        } else {
            format!("less than the reliable change of {}", number(amount))
        };
        lines.push(format!(
            "First {} → latest {}: a change of {}, {verdict}.",
            number(first),
            number(latest),
            number((latest - first).abs())
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

/// "Mon 13 Oct · Calm your body before a hard talk".
pub fn flagged_title(one: &FlaggedEntry) -> String {
    format!("{} · {}", short_day(one.entry.date), one.title)
}

fn flagged(out: &mut String, flagged: &[FlaggedEntry]) {
    if flagged.is_empty() {
        return;
    }
    let _ = writeln!(out, "### Marked to discuss\n");
    for one in flagged {
        let _ = writeln!(out, "- **{}**: {}", flagged_title(one), what(&one.entry));
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
    let mut prompts: Vec<&str> = Vec::new();
    for entry in item
        .entries
        .iter()
        .chain(item.plans.iter().flat_map(|p| &p.entries))
    {
        for answer in &entry.answers {
            if !prompts.contains(&answer.prompt.as_str()) {
                prompts.push(&answer.prompt);
            }
        }
    }
    prompts
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
            let _ = writeln!(out, "The prompts:\n");
            for (i, prompt) in prompts.iter().enumerate() {
                let _ = writeln!(out, "{}. {}", i + 1, prompt.replace('\n', " "));
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
            plural(plan.tries, "try", "tries")
        );
    }
    if let Some(decision) = plan.decision {
        let _ = write!(heading, " ({})", decision_word(decision));
    }
    heading
}

fn decision_word(decision: Decision) -> &'static str {
    match decision {
        Decision::Keep => "kept",
        Decision::Adjust => "adjusted",
        Decision::Drop => "dropped",
    }
}

/// One entry, each answer numbered by its prompt in `prompts`.
fn entry(out: &mut String, entry: &ReportEntry, prompts: &[&str]) {
    let _ = writeln!(out, "- **{}**: {}", short_day(entry.date), what(entry));
    for answer in &entry.answers {
        let number = prompt_number(prompts, &answer.prompt);
        let _ = writeln!(out, "  {number}. {}", indented(&answer.answer, "     "));
    }
}

/// The number `prompt` has among `prompts`, from 1.
pub fn prompt_number(prompts: &[&str], prompt: &str) -> usize {
    prompts
        .iter()
        .position(|p| *p == prompt)
        .map_or(0, |i| i + 1)
}
