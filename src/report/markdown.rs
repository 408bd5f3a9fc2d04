//! A report as Markdown: what the client reads before sharing, and what a therapist
//! reads from a JSON report with `between report --open`.

use std::fmt::Write as _;

use chrono::NaiveDate;

use super::{Report, ReportEntry};
use crate::journal::Kind;
use crate::practice::homework::describe;

fn day(date: NaiveDate) -> String {
    date.format("%a %-d %b %Y").to_string()
}

fn entry(out: &mut String, entry: &ReportEntry) {
    let what = match entry.kind {
        Kind::Exercise => "Done".to_owned(),
        Kind::Plan => "Plan made".to_owned(),
        Kind::Try => match entry.rating {
            Some(rating) => format!("Tried, went {rating} of 5"),
            None => "Tried".to_owned(),
        },
        Kind::Review => match entry.decision {
            Some(decision) => format!("Reviewed: {}", decision.name()),
            None => "Reviewed".to_owned(),
        },
        kind => kind.name().to_owned(),
    };
    let _ = writeln!(out, "- **{}**: {what}", day(entry.date));
    for answer in &entry.answers {
        let text = answer.answer.replace('\n', "\n    ");
        let _ = writeln!(out, "  - {}\n    {text}", answer.prompt.replace('\n', " "));
    }
}

/// Several reports (the rounds of one homework) as Markdown, one after another.
pub fn markdown_all(reports: &[Report]) -> String {
    reports
        .iter()
        .map(markdown)
        .collect::<Vec<_>>()
        .join("\n---\n\n")
}

/// The report as Markdown.
pub fn markdown(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Homework report: {}\n", report.pack.title);
    let about = describe(
        &report.from,
        report.for_whom.as_deref(),
        report.assigned,
        report.due,
    );
    let _ = writeln!(
        out,
        "{about}. Written {} (pack `{}` version {}).\n",
        day(report.written),
        report.pack.id,
        report.pack.version
    );
    if let (Some(number), Some(of)) = (report.round, report.rounds)
        && of > 1
    {
        let _ = write!(
            out,
            "Round {number} of {of} (version {}) of this homework.",
            report.pack.version
        );
        if number == of {
            let id = &report.pack.id;
            let earlier = if of == 2 {
                format!("`between report {id} --round 1`")
            } else {
                format!(
                    "`between report {id} --round N` (N from 1 to {}), or all at once with `--all-rounds`",
                    of - 1
                )
            };
            let _ = write!(out, " Earlier rounds have their own reports: {earlier}.");
        }
        out.push_str("\n\n");
    }
    if !report.installed {
        let _ = writeln!(
            out,
            "The pack is no longer installed: this report is from the homework kept when it was.\n"
        );
    }
    if report.summary_only {
        let _ = writeln!(out, "Counts and ratings only: no written answers.\n");
    }
    let left_out = [
        (report.private_left_out, "marked private"),
        (report.excluded, "chosen to leave out"),
    ];
    for (count, why) in left_out.into_iter().filter(|(count, _)| *count > 0) {
        let (noun, verb) = if count == 1 {
            ("entry", "is")
        } else {
            ("entries", "are")
        };
        let _ = writeln!(out, "{count} {noun} {why} {verb} not in this report.\n");
    }
    for item in &report.items {
        let _ = writeln!(out, "## {}\n", item.title);
        let done = item.days.len();
        let count = match done {
            0 => "not yet".to_owned(),
            1 => "once".to_owned(),
            n => format!("{n} times"),
        };
        let _ = writeln!(
            out,
            "Asked: {}. Done: {count}{}\n",
            item.per.how_often(item.times),
            if done == 0 {
                String::new()
            } else {
                format!(
                    " ({})",
                    item.days
                        .iter()
                        .map(|d| d.format("%a %-d %b").to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        );
        for measure in &item.measures {
            let _ = writeln!(
                out,
                "Measure `{}`: {} at first, {} at last ({} ratings).\n",
                measure.measure, measure.first, measure.last, measure.count
            );
        }
        for done in &item.entries {
            entry(&mut out, done);
        }
        if !item.entries.is_empty() {
            out.push('\n');
        }
        for plan in &item.plans {
            let mut heading = "### A plan from this exercise".to_owned();
            if let Some(average) = plan.average_rating {
                let _ = write!(
                    heading,
                    ": {} {}, average {average:.1} of 5",
                    plan.tries,
                    if plan.tries == 1 { "try" } else { "tries" }
                );
            }
            let _ = writeln!(out, "{heading}\n");
            for step in &plan.entries {
                entry(&mut out, step);
            }
            out.push('\n');
        }
    }
    out
}
