//! Reports for a terminal (`between report --open`): what the Markdown form says, in
//! the same words (the sentences are [`super::markdown`]'s), laid out as text to read
//! where it is printed: headings ruled, bold where Markdown has `**`, bulleted lists,
//! wrapped to the width. Several reports are first set side by side in one table.

mod layout;
mod table;

pub use layout::{Line, Span, Style};

use layout::{Page, bold, plain};

use super::markdown::{
    asked_and_done, flagged_label, has_entries, heading_lines, left_out_sentence, measure_range,
    measure_sentences, note_heading, plan_heading, prompt_number, prompts, short_day,
    strategy_counts, title, weeks_sentence, what,
};
use super::{Report, ReportEntry};

/// `reports` laid out `width` columns wide: the table of them all when there are
/// several, then each in turn (see [`super::order`] for the order a reader expects).
pub fn render(reports: &[Report], width: usize) -> Vec<Line> {
    let mut page = Page::new(width);
    if reports.len() > 1 {
        table::side_by_side(&mut page, reports);
    }
    for report in reports {
        one(&mut page, report, reports.len() == 1);
    }
    page.finish()
}

/// One report; `alone` when it is not shown with others, so it says how to reach its
/// other rounds.
fn one(page: &mut Page, report: &Report, alone: bool) {
    page.heading(1, &title(report));
    for sentence in heading_lines(report, alone) {
        page.paragraph(&[plain(sentence)]);
    }
    if let Some(note) = &report.note {
        page.heading(2, &note_heading(report));
        page.quote(note.trim());
    }
    page_one(page, report);
    entries(page, report);
}

fn page_one(page: &mut Page, report: &Report) {
    page.heading(2, "Summary");
    if !report.weeks.is_empty() {
        page.paragraph(&[plain(weeks_sentence(report))]);
    }
    page.blank();
    for item in &report.items {
        page.item(
            0,
            "•",
            &[
                bold(&item.title),
                plain(format!(": {}", asked_and_done(item))),
            ],
        );
    }
    if !report.measures.is_empty() {
        page.heading(3, "Measures");
        for measure in &report.measures {
            let range = format!(" ({})", measure_range(measure));
            page.item(0, "•", &[bold(&measure.title), plain(range)]);
            for sentence in measure_sentences(measure) {
                page.item(2, "–", &[plain(sentence)]);
            }
        }
    }
    if let Some(counts) = strategy_counts(report) {
        page.heading(3, "Strategies");
        page.paragraph(&[plain(format!("{counts}."))]);
    }
    if !report.flagged.is_empty() {
        page.heading(3, "Marked to discuss");
        for one in &report.flagged {
            let what = format!(": {}", what(&one.entry));
            page.item(0, "•", &[bold(flagged_label(one)), plain(what)]);
            for answer in &one.entry.answers {
                page.item(2, "–", &[plain(answer.prompt.replace('\n', " "))]);
                page.item(4, "", &[plain(&answer.answer)]);
            }
        }
    }
    if let Some(sentence) = left_out_sentence(report) {
        page.paragraph(&[plain(sentence)]);
    }
}

fn entries(page: &mut Page, report: &Report) {
    if !report.items.iter().any(has_entries) {
        return;
    }
    page.heading(2, "The entries");
    for item in report.items.iter().filter(|item| has_entries(item)) {
        page.heading(3, &item.title);
        let prompts = prompts(item);
        if !prompts.is_empty() {
            page.paragraph(&[plain("The prompts:")]);
            for (i, prompt) in prompts.iter().enumerate() {
                page.item(
                    0,
                    &format!("{}.", i + 1),
                    &[plain(prompt.replace('\n', " "))],
                );
            }
            page.blank();
        }
        for done in &item.entries {
            entry(page, done, &prompts);
        }
        for plan in item.plans.iter().filter(|plan| !plan.entries.is_empty()) {
            page.heading(4, &plan_heading(plan));
            for step in &plan.entries {
                entry(page, step, &prompts);
            }
        }
    }
}

/// One entry, each answer numbered by its prompt in `prompts`.
fn entry(page: &mut Page, entry: &ReportEntry, prompts: &[&str]) {
    let what = format!(": {}", what(entry));
    page.item(0, "•", &[bold(short_day(entry.date)), plain(what)]);
    for answer in &entry.answers {
        let number = format!("{}.", prompt_number(prompts, &answer.prompt));
        page.item(2, &number, &[plain(&answer.answer)]);
    }
}
