//! Sessions as history: every therapy session, newest first, with what was talked
//! about, the homework, and the entries flagged to discuss that it covered (the ids
//! the session keeps); above them, what is flagged for the next one. The app's
//! sessions screen and `between sessions` print the same Markdown.

use std::fmt::Write as _;

use super::prep::{homework_text_of, session_day};
use crate::journal::export::one_line;
use crate::journal::practice::{DAY, PracticeData};
use crate::journal::{Entry, EntryId, Journal, Kind};
use crate::words::count;

/// The sessions of `journal`, newest first (by the day each was held).
pub fn sessions(journal: &Journal) -> Vec<&Entry> {
    let mut all: Vec<&Entry> = journal
        .entries()
        .filter(|e| e.kind == Kind::Session)
        .collect();
    all.sort_by_key(|s| std::cmp::Reverse((session_day(s), s.id.clone())));
    all
}

/// The entries flagged to discuss that `session` covered.
pub fn discussed_in(session: &Entry) -> &[EntryId] {
    match &session.practice {
        Some(PracticeData::Session { discussed, .. }) => discussed,
        _ => &[],
    }
}

/// Every session of `journal` and what is flagged for the next, as Markdown.
pub fn markdown(journal: &Journal) -> String {
    let all = sessions(journal);
    let flagged: Vec<&Entry> = journal.entries().filter(|e| e.discuss).rev().collect();
    let mut out = String::from("# Sessions\n\n");
    if all.is_empty() {
        out.push_str("No session is recorded yet: press s on home, or `between session`.\n\n");
    } else {
        let _ = writeln!(
            out,
            "{}, the latest first.\n",
            count(all.len(), "session", "sessions")
        );
    }
    let _ = writeln!(out, "## To discuss next time ({})\n", flagged.len());
    if flagged.is_empty() {
        out.push_str("Nothing is flagged.\n");
    }
    for entry in &flagged {
        let _ = writeln!(out, "- {}", entry_item(entry));
    }
    out.push('\n');
    for session in all {
        let private = if session.private { " (private)" } else { "" };
        let _ = writeln!(
            out,
            "## Session on {}{private}\n",
            session_day(session).format(DAY)
        );
        let notes = crate::practice::forms::SESSION[0].id;
        let notes = session
            .answers
            .iter()
            .find(|a| a.step.as_str() == notes)
            .and_then(|a| a.value.text())
            .filter(|t| !t.trim().is_empty());
        if let Some(notes) = notes {
            let _ = writeln!(out, "**Talked about**\n\n{}\n", one_line(notes));
        }
        if let Some(homework) = homework_text_of(session) {
            let _ = writeln!(out, "**Homework**\n\n{}\n", one_line(homework));
        }
        let covered = discussed_in(session);
        if !covered.is_empty() {
            let _ = writeln!(out, "**Brought to it (flagged before it)**\n");
            for id in covered {
                let item = journal
                    .get(id)
                    .map_or_else(|| "(no longer in the journal)".to_owned(), entry_item);
                let _ = writeln!(out, "- {item}");
            }
            out.push('\n');
        }
        if notes.is_none() && homework_text_of(session).is_none() && covered.is_empty() {
            out.push_str("_Nothing noted._\n\n");
        }
    }
    out
}

/// An entry in a list: its day, kind and title.
fn entry_item(entry: &Entry) -> String {
    format!(
        "{} · {}: {}{}",
        entry.created.format(DAY),
        entry.kind.name(),
        one_line(&entry.display_title()),
        if entry.private { " (private)" } else { "" }
    )
}
