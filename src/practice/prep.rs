//! "Since my last session": what to bring to the next one.

use std::fmt::Write as _;

use super::chains::{Chain, chains_of, rating};
use super::shared::Shared;
use super::stats::measure_moves;
use crate::journal::practice::PracticeData;
use crate::journal::{Entry, Kind};

/// What happened since the last session.
#[derive(Debug, Clone)]
pub struct SinceLastSession<'j> {
    /// The last session, if there was one.
    pub session: Option<&'j Entry>,
    /// Exercises done since.
    pub exercises: Vec<&'j Entry>,
    /// Tries since, with their plans.
    pub tries: Vec<(&'j Entry, Option<&'j Entry>)>,
    /// Reviews since, with their plans.
    pub reviews: Vec<(&'j Entry, Option<&'j Entry>)>,
    /// Entries flagged to discuss (any time).
    pub discuss: Vec<&'j Entry>,
    /// How the measures moved since.
    pub measures: Vec<super::stats::MeasureMove>,
    /// The strategies still being tried, what has worked best first.
    pub strategies: Vec<Chain<'j>>,
    /// Private entries left out (and entries of private plans) since the session.
    pub private_left_out: usize,
    /// Entries flagged to discuss that were left out for being private: home lists
    /// them, so the summary says they are not in it.
    pub private_to_discuss: usize,
}

/// The summary since the last `session` entry (everything, if there is none), made
/// only of what `shared` lets through; the entries it left out since are counted.
pub fn since_last_session<'j>(shared: &Shared<'j>) -> SinceLastSession<'j> {
    let session = shared.entries().rev().find(|e| e.kind == Kind::Session);
    let since = |e: &&Entry| session.is_none_or(|s| e.created > s.created);
    let recent: Vec<&Entry> = shared.entries().filter(since).collect();
    let discuss: Vec<&Entry> = shared.entries().filter(|e| e.discuss).collect();
    let plan_of = |entry: &Entry| entry.link.as_ref().and_then(|id| shared.get(id));
    let of_kind = |kind: Kind| recent.iter().copied().filter(move |e| e.kind == kind);
    let mut strategies = chains_of(shared.entries());
    strategies.retain(Chain::is_active);
    SinceLastSession {
        session,
        exercises: of_kind(Kind::Exercise).collect(),
        tries: of_kind(Kind::Try).map(|t| (t, plan_of(t))).collect(),
        reviews: of_kind(Kind::Review).map(|r| (r, plan_of(r))).collect(),
        discuss,
        measures: measure_moves(recent.iter().copied()),
        strategies,
        private_left_out: shared.left_out().filter(since).count(),
        private_to_discuss: shared.left_out().filter(|e| e.discuss).count(),
    }
}

/// The homework a session entry records, if any, in one paragraph.
pub fn homework_of(session: &Entry) -> Option<String> {
    homework_text_of(session).map(|text| text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The homework a session recorded as it was written, paragraphs and all.
pub fn homework_text_of(session: &Entry) -> Option<&str> {
    let homework = crate::practice::forms::SESSION[1].id;
    session
        .answers
        .iter()
        .find(|a| a.step.as_str() == homework)
        .and_then(|a| a.value.text())
        .map(str::trim)
        .filter(|text| !text.is_empty())
}

/// The day a session entry records.
pub fn session_day(session: &Entry) -> chrono::NaiveDate {
    match session.practice {
        Some(PracticeData::Session { on, .. }) => on,
        _ => session.created.date_naive(),
    }
}

/// The summary as Markdown, to print or bring along.
pub fn markdown(summary: &SinceLastSession<'_>) -> String {
    let mut out = String::from("# Since my last session\n\n");
    match summary.session {
        Some(session) => {
            let on = match session.practice {
                Some(PracticeData::Session { on, .. }) => on,
                _ => session.created.date_naive(),
            };
            let _ = writeln!(out, "Last session: {}.\n", on.format("%A, %-d %B %Y"));
            if let Some(homework) = homework_of(session) {
                let _ = writeln!(out, "Homework from it: {homework}\n");
            }
        }
        None => out.push_str("No session is recorded yet, so this covers the whole journal.\n\n"),
    }
    let title = |e: &Entry| e.display_title().replace('\n', " ");
    let none = |out: &mut String, empty: bool| {
        if empty {
            out.push_str("None.\n");
        }
    };
    let _ = writeln!(out, "## Exercises ({})\n", summary.exercises.len());
    none(&mut out, summary.exercises.is_empty());
    for e in &summary.exercises {
        let _ = writeln!(out, "- {} · {}", e.created.format("%-d %b"), title(e));
    }
    let _ = writeln!(out, "\n## What I tried ({})\n", summary.tries.len());
    none(&mut out, summary.tries.is_empty());
    for (t, plan) in &summary.tries {
        let stars = rating(t).map_or_else(String::new, |r| format!(" · went {r}/5"));
        let what = plan.map_or_else(|| "a plan".to_owned(), &title);
        let _ = writeln!(out, "- {} · {what}{stars}", t.created.format("%-d %b"));
        if let Some(text) = t.first_text() {
            let _ = writeln!(out, "  {}", crate::journal::entry::first_words(text, 30));
        }
    }
    let _ = writeln!(out, "\n## Reviews ({})\n", summary.reviews.len());
    none(&mut out, summary.reviews.is_empty());
    for (r, plan) in &summary.reviews {
        let decision = match r.practice {
            Some(PracticeData::Review { decision, .. }) => decision.name(),
            _ => "reviewed",
        };
        let what = plan.map_or_else(|| "a plan".to_owned(), &title);
        let _ = writeln!(out, "- {what}: {decision}");
    }
    let _ = writeln!(out, "\n## My strategies\n");
    for chain in &summary.strategies {
        let average = chain.average_rating().map_or_else(
            || "not tried yet".to_owned(),
            |a| format!("average {a:.1}/5"),
        );
        let _ = writeln!(
            out,
            "- {} · {} · {average}",
            title(chain.current()),
            crate::words::count(chain.tries.len(), "try", "tries")
        );
    }
    let _ = writeln!(out, "\n## To discuss ({})\n", summary.discuss.len());
    none(&mut out, summary.discuss.is_empty());
    for e in &summary.discuss {
        let _ = writeln!(out, "- {} · {}", e.created.format("%-d %b"), title(e));
    }
    if summary.private_to_discuss > 0 {
        let _ = writeln!(
            out,
            "\n{} to discuss {} left out, because you marked {} private.",
            crate::words::count(
                summary.private_to_discuss,
                "private entry",
                "private entries"
            ),
            if summary.private_to_discuss == 1 {
                "was"
            } else {
                "were"
            },
            if summary.private_to_discuss == 1 {
                "it"
            } else {
                "them"
            },
        );
    }
    if !summary.measures.is_empty() {
        let _ = writeln!(out, "\n## How the measures moved\n");
        for m in &summary.measures {
            let _ = writeln!(
                out,
                "- {}: from {} to {} ({} ratings)",
                m.measure, m.first, m.last, m.count
            );
        }
    }
    if summary.private_left_out > 0 {
        let _ = writeln!(
            out,
            "\n{} private {} left out.",
            summary.private_left_out,
            if summary.private_left_out == 1 {
                "entry was"
            } else {
                "entries were"
            }
        );
    }
    out
}
