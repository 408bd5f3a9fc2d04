//! Home's "To do" pane: what was left unfinished (drafts), the homework of the last
//! session and of each installed assignment, and what is due for the plans. Each row
//! says what Enter does with it (start or go on with an exercise or a form, or read a
//! long note in full), so home's list and its keys cannot disagree.

use chrono::NaiveDate;

use super::source::Source;
use crate::journal::rounds::RoundNumbers;
use crate::journal::{Journal, Kind};
use crate::pack::Catalog;
use crate::practice::due::Due;

/// What Enter does with a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Act {
    /// Start this exercise or form (offering its draft first if it has one).
    Start(Source),
    /// Go on with the draft kept under this name.
    GoOn(String),
    /// Read this text in full.
    Read {
        /// What it is, e.g. "Note from Sam".
        title: String,
        /// The whole text, paragraphs and all.
        text: String,
    },
}

/// How a row looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Look {
    /// A heading of a group: not selectable.
    Heading,
    /// Something to do.
    Item,
    /// Something already done as often as asked.
    Done,
    /// A long text folded to its first line.
    Folded,
}

/// One row of the pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// What it says.
    pub text: String,
    /// How it looks.
    pub look: Look,
    /// What Enter does; `None` for a heading.
    pub act: Option<Act>,
}

impl Row {
    fn heading(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            look: Look::Heading,
            act: None,
        }
    }

    fn item(text: impl Into<String>, look: Look, act: Act) -> Self {
        Self {
            text: text.into(),
            look,
            act: Some(act),
        }
    }

    /// A text shown by its first line; Enter reads all of it.
    fn folded(title: String, text: &str) -> Self {
        let text = crate::sanitize::text(text).into_owned();
        Self::item(first_line(&text), Look::Folded, Act::Read { title, text })
    }
}

/// The first line of `text`, with "…" when there is more.
fn first_line(text: &str) -> String {
    let trimmed = text.trim();
    match trimmed.split_once('\n') {
        Some((first, _)) => format!("{}…", first.trim_end()),
        None => trimmed.to_owned(),
    }
}

/// Everything home offers to do, in order: unfinished work first, then the last
/// session's homework, each assignment, and what is due.
/// `rounds` says which round each pack's homework is in.
pub fn rows(
    catalog: &Catalog,
    rounds: &RoundNumbers,
    journal: &Journal,
    drafts: &[String],
    today: NaiveDate,
) -> Vec<Row> {
    let mut rows = Vec::new();
    let unfinished: Vec<Row> = drafts
        .iter()
        .filter_map(|key| draft_row(catalog, journal, key))
        .collect();
    if !unfinished.is_empty() {
        rows.push(Row::heading("Unfinished"));
        rows.extend(unfinished);
    }
    if let Some(session) = journal.entries().rev().find(|e| e.kind == Kind::Session)
        && let Some(homework) = crate::practice::prep::homework_text_of(session)
    {
        let day = crate::practice::prep::session_day(session);
        let heading = format!(
            "Homework from your session on {}",
            day.format(crate::journal::practice::DAY_SHORT)
        );
        rows.push(Row::heading(heading.clone()));
        rows.push(Row::folded(heading, homework));
    }
    let due = crate::practice::due_today(catalog, journal, today);
    for shown in &due.homework {
        let homework = &shown.homework;
        let heading = crate::sanitize::text(&shown.heading(today, rounds)).into_owned();
        rows.push(Row::heading(heading));
        let from = crate::sanitize::text(&homework.assignment.from);
        if let Some(note) = &homework.assignment.note {
            let title = crate::sanitize::text(&homework.note_from()).into_owned();
            rows.push(Row::folded(title, note));
        }
        for item in &homework.items {
            let look = if item.is_met() {
                Look::Done
            } else {
                Look::Item
            };
            let line = crate::sanitize::text(&item.line()).into_owned();
            let act = match &item.key {
                Some(key) => Act::Start(Source::exercise(&key.pack, &key.exercise)),
                None => Act::Read {
                    title: line.clone(),
                    text: format!(
                        "\"{}\" is not in any installed pack: ask {from} for the pack that has it.",
                        item.item.exercise
                    ),
                },
            };
            rows.push(Row::item(format!("• {line}"), look, act));
            if let Some(note) = &item.item.note {
                rows.push(Row::folded(format!("{from} on {}", item.title), note));
            }
        }
    }
    if !due.plans.is_empty() {
        rows.push(Row::heading("Due"));
        for item in &due.plans {
            let act = match item {
                Due::ThisWeek { plan, .. } | Due::ByDate { plan, .. } => Source::Try {
                    plan: plan.id.clone(),
                },
                Due::Review { plan, .. } => Source::Review {
                    plan: plan.id.clone(),
                },
            };
            rows.push(Row::item(
                format!("• {}", item.line(today)),
                Look::Item,
                Act::Start(act),
            ));
        }
    }
    rows
}

/// The row for a kept draft: what it is and "go on". A draft of something no longer
/// there (a removed pack, a deleted plan) is not offered.
fn draft_row(catalog: &Catalog, journal: &Journal, key: &str) -> Option<Row> {
    let go_on = |what: String| Some(Row::item(what, Look::Item, Act::GoOn(key.to_owned())));
    match key {
        "_note" => return go_on("• A note you began".into()),
        "_session" => return go_on("• Notes on a session".into()),
        _ => {}
    }
    for loaded in catalog.packs() {
        if (Source::ReportNote {
            pack: loaded.pack.id.clone(),
        })
        .draft_key()
            == key
        {
            let title = crate::sanitize::text(&loaded.pack.title);
            return go_on(format!("• A note for the report on {title}"));
        }
    }
    for found in catalog.exercises() {
        let (pack, exercise) = (&found.pack.pack.id, &found.exercise.id);
        let title = crate::sanitize::text(&found.exercise.title);
        if Source::exercise(pack, exercise).draft_key() == key {
            return go_on(format!("• {title}"));
        }
        let plan = Source::Plan {
            pack: pack.clone(),
            exercise: exercise.clone(),
        };
        if plan.draft_key() == key {
            return go_on(format!("• A plan from {title}"));
        }
    }
    let plans = journal.entries().filter(|e| e.kind == Kind::Plan);
    for plan in plans {
        let title = || {
            let words = crate::journal::entry::first_words(&plan.display_title(), 8);
            crate::sanitize::text(&words).into_owned()
        };
        let id = plan.id.clone();
        if (Source::Try { plan: id.clone() }).draft_key() == key {
            return go_on(format!("• A try of \"{}\"", title()));
        }
        if (Source::Review { plan: id }).draft_key() == key {
            return go_on(format!("• A look back at \"{}\"", title()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_text_is_folded_to_its_first_line_and_kept_whole_to_read() {
        let row = Row::folded("A note".into(), "First part.\n\nSecond part.");
        assert_eq!(row.text, "First part.…");
        assert_eq!(
            row.act,
            Some(Act::Read {
                title: "A note".into(),
                text: "First part.\n\nSecond part.".into()
            })
        );
        assert_eq!(Row::folded("A".into(), "  One line. ").text, "One line.");
    }
}
