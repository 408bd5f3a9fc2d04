//! A strategy's page: every version of its plan, oldest first, each with its own
//! tries (the day each happened and how it went), its reviews (the day, the decision
//! and the words) and the mean rating of its own tries, never blended across versions.
//! The app's strategy page and `between strategies show` print the same Markdown.

use std::fmt::Write as _;

use super::chains::{Chain, Version, rating};
use crate::journal::Entry;
use crate::journal::export::{one_line, practice_line};
use crate::journal::practice::{DAY, PracticeData};
use crate::words::count;

/// The page of `chain`, as Markdown.
pub fn markdown(chain: &Chain<'_>) -> String {
    let versions = chain.versions();
    let private = if chain.plans.iter().any(|p| p.private) {
        " (private)"
    } else {
        ""
    };
    let mut out = format!(
        "# {}{private}\n\n",
        one_line(&chain.current().display_title())
    );
    let decision = chain
        .decision()
        .map_or("not looked back on yet".to_owned(), |d| {
            format!("latest decision: {}", d.name())
        });
    let _ = writeln!(
        out,
        "{} · {} · {decision}\n",
        count(versions.len(), "version", "versions"),
        count(chain.tries.len(), "try", "tries"),
    );
    for (number, version) in versions.iter().enumerate() {
        version_section(&mut out, number + 1, versions.len(), version);
    }
    out
}

/// One version: its plan, its average, its tries and its reviews.
fn version_section(out: &mut String, number: usize, of: usize, version: &Version<'_>) {
    let plan = version.plan;
    let _ = writeln!(
        out,
        "## Version {number} of {of} · made {}\n",
        plan.created.format(DAY)
    );
    let _ = writeln!(out, "{}\n", one_line(&plan.display_title()));
    if let Some(practice) = &plan.practice {
        let _ = writeln!(out, "{}\n", practice_line(practice));
    }
    let tried = count(version.tries.len(), "try", "tries");
    match version.average_rating() {
        Some(mean) => {
            let _ = writeln!(out, "_Average {mean:.1}/5 over {tried} of this version_\n");
        }
        None => {
            let _ = writeln!(out, "_No rated tries of this version_\n");
        }
    }
    if !version.tries.is_empty() {
        let _ = writeln!(out, "**Tries**\n");
        let mut tries = version.tries.clone();
        tries.sort_by_key(|t| happened(t));
        for attempt in tries {
            let went = rating(attempt).map_or_else(String::new, |r| format!(" · went {r}/5"));
            let said = attempt
                .first_text()
                .map(|t| format!(" · {}", crate::journal::entry::first_words(t, 12)))
                .unwrap_or_default();
            let _ = writeln!(out, "- {}{went}{said}", happened(attempt).format(DAY));
        }
        out.push('\n');
    }
    if !version.reviews.is_empty() {
        let _ = writeln!(out, "**Looked back**\n");
        for review in &version.reviews {
            let decision = match &review.practice {
                Some(PracticeData::Review { decision, .. }) => decision.name(),
                _ => "",
            };
            let _ = writeln!(out, "- {}: {decision}", review.created.format(DAY));
            for answer in &review.answers {
                if let Some(text) = answer.value.text().filter(|t| !t.trim().is_empty()) {
                    let _ = writeln!(out, "  {} {}", answer.prompt, one_line(text));
                }
            }
        }
        out.push('\n');
    }
}

/// When a try happened (the day it says, not the day it was written down).
fn happened(attempt: &Entry) -> chrono::NaiveDate {
    match &attempt.practice {
        Some(PracticeData::Try { at, .. }) => at.date_naive(),
        _ => attempt.created.date_naive(),
    }
}
