//! The entries of the app's own forms (a plan, a try of a plan, a look back on one, a
//! therapy session), built one way for the full-screen app and the command line: the
//! same questions, kept with each answer in the same words, and the same kinds, links
//! and practice data. The app shows a question with more around it ("You planned: …");
//! what is kept is the question.

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::journal::mint::Mint;
use crate::journal::practice::{Decision, Frequency, PracticeData};
use crate::journal::{Answer, AnswerValue, Entry, Kind};

/// One question of a form: the id of its answer, and the words kept with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Question {
    /// The answer's step id.
    pub id: &'static str,
    /// The question, as kept with the answer.
    pub asked: &'static str,
}

const fn question(id: &'static str, asked: &'static str) -> Question {
    Question { id, asked }
}

/// What a plan asks: what you will try, and what to notice.
pub const PLAN: [Question; 2] = [
    question("strategy", "What will you try?"),
    question("notice", "What will you notice when you try it?"),
];

/// What a try asks, after its rating.
pub const TRY: [Question; 5] = [
    question("situation", "What was the situation?"),
    question("did", "What did you do?"),
    question("happened", "What happened?"),
    question("partner", "How did your partner respond?"),
    question("differently", "What would you do differently next time?"),
];

/// What a look back on a plan asks, besides the decision.
pub const REVIEW: [Question; 2] = [
    question("worked", "What worked?"),
    question("didnt", "What did not work, or was hard?"),
];

/// What a session asks.
pub const SESSION: [Question; 2] = [
    question("notes", "What did you talk about in the session?"),
    question("homework", "What homework were you given, if any?"),
];

/// What a note asks: the words (kept as `journal add` keeps them, "Note").
pub const NOTE: Question = question("note", "Note");

/// A free note: `text`, in `area` if given, with `tags`, flagged to discuss or private.
pub fn note(
    text: String,
    area: Option<String>,
    tags: Vec<String>,
    discuss: bool,
    private: bool,
    mint: &mut dyn Mint,
) -> Entry {
    let mut entry = mint.entry(Kind::Note);
    entry.answers.push(Answer {
        step: NOTE.id.into(),
        prompt: NOTE.asked.into(),
        value: AnswerValue::Text { text },
    });
    entry.area = area.map(Into::into);
    entry.tags = tags.into_iter().map(Into::into).collect();
    entry.discuss = discuss;
    entry.private = private;
    entry
}

/// The answers to `questions` that `given` has (by question id); blank ones are left
/// out.
fn answers(questions: &[Question], given: &dyn Fn(&str) -> Option<String>) -> Vec<Answer> {
    questions
        .iter()
        .filter_map(|q| {
            let text = given(q.id).filter(|t| !t.trim().is_empty())?;
            Some(Answer {
                step: q.id.into(),
                prompt: q.asked.into(),
                value: AnswerValue::Text { text },
            })
        })
        .collect()
}

/// A new entry of `kind` that belongs to `plan`: linked to it, in its area, under its
/// title.
fn belonging_to(plan: &Entry, kind: Kind, mint: &mut dyn Mint) -> Entry {
    let mut entry = mint.entry(kind);
    entry.link = Some(plan.id.clone());
    entry.area = plan.area.clone();
    entry.title = plan.title.clone();
    entry
}

/// A plan: what you will try (its title too), what to notice, how often, and when to
/// look back. The caller adds the area and the exercise it comes from, if any.
pub fn plan(
    strategy: String,
    notice: Option<String>,
    frequency: Frequency,
    review_on: Option<NaiveDate>,
    mint: &mut dyn Mint,
) -> Entry {
    let mut entry = mint.entry(Kind::Plan);
    entry.title = Some(strategy.clone());
    let given = |id: &str| match id {
        "strategy" => Some(strategy.clone()),
        "notice" => notice.clone(),
        _ => None,
    };
    entry.answers = answers(&PLAN, &given);
    entry.practice = Some(PracticeData::Plan {
        frequency,
        review_on,
    });
    entry
}

/// The plan that adjusts `plan` with new words: it continues the strategy (linked to
/// `plan`), keeps its area, exercise, what to notice and how often, and is looked back
/// on by `review_on`.
pub fn adjusted_plan(
    plan: &Entry,
    words: String,
    review_on: Option<NaiveDate>,
    mint: &mut dyn Mint,
) -> Entry {
    let notice = plan
        .answers
        .iter()
        .find(|a| a.step.as_str() == PLAN[1].id)
        .and_then(|a| a.value.text())
        .map(str::to_owned);
    let frequency = match &plan.practice {
        Some(PracticeData::Plan { frequency, .. }) => *frequency,
        _ => Frequency::Week { times: 1 },
    };
    let mut next = self::plan(words, notice, frequency, review_on, mint);
    next.link = Some(plan.id.clone());
    next.area = plan.area.clone();
    next.exercise = plan.exercise.clone();
    next
}

/// One try of `plan` at `at`, rated 1 to 5, with the answers `given` has.
pub fn attempt(
    plan: &Entry,
    rating: u8,
    at: DateTime<FixedOffset>,
    given: &dyn Fn(&str) -> Option<String>,
    mint: &mut dyn Mint,
) -> Entry {
    let mut entry = belonging_to(plan, Kind::Try, mint);
    entry.answers = answers(&TRY, given);
    entry.practice = Some(PracticeData::Try { at, rating });
    entry
}

/// A look back on `plan`, with its decision, and the plan that continues it when the
/// decision is to adjust it with `new_words`. `look_again` is the day of the next look
/// back: on the plan kept, or on the plan that adjusts it (a dropped plan has none).
pub fn review(
    plan: &Entry,
    decision: Decision,
    given: &dyn Fn(&str) -> Option<String>,
    new_words: Option<String>,
    look_again: Option<NaiveDate>,
    mint: &mut dyn Mint,
) -> (Entry, Option<Entry>) {
    let mut entry = belonging_to(plan, Kind::Review, mint);
    entry.answers = answers(&REVIEW, given);
    entry.practice = Some(PracticeData::Review {
        decision,
        next_review_on: look_again.filter(|_| decision == Decision::Keep),
    });
    let next = new_words
        .filter(|words| decision == Decision::Adjust && !words.trim().is_empty())
        .map(|words| adjusted_plan(plan, words, look_again, mint));
    (entry, next)
}

/// How many weeks `plan` was to be tried before its look back (from the day it was
/// made to its review day, to the nearest week, 1 to 8), or `default_weeks` when it
/// has no review day: how far off a look back again is, unless changed.
pub fn review_interval_weeks(plan: &Entry, default_weeks: u64) -> u64 {
    let Some(PracticeData::Plan {
        review_on: Some(on),
        ..
    }) = &plan.practice
    else {
        return default_weeks;
    };
    let days = (*on - plan.created.date_naive()).num_days();
    let weeks = (days + 3).div_euclid(7);
    u64::try_from(weeks.clamp(1, 8)).unwrap_or(default_weeks)
}

/// A therapy session on `on` that talked about the flagged entries `discussed`.
pub fn session(
    on: NaiveDate,
    given: &dyn Fn(&str) -> Option<String>,
    discussed: Vec<crate::journal::EntryId>,
    mint: &mut dyn Mint,
) -> Entry {
    let mut entry = mint.entry(Kind::Session);
    entry.title = Some(format!("Session on {}", on.format("%-d %B %Y")));
    entry.answers = answers(&SESSION, given);
    entry.practice = Some(PracticeData::Session { on, discussed });
    entry
}

/// The next revision of `session` (stamped `at`), keeping `discussed` (with what it
/// kept before) as the flagged entries it talked about; none when there is nothing
/// new to keep or `session` is no session.
pub fn with_discussed(
    session: &Entry,
    discussed: Vec<crate::journal::EntryId>,
    at: DateTime<FixedOffset>,
) -> Option<Entry> {
    let Some(PracticeData::Session { on, discussed: had }) = &session.practice else {
        return None;
    };
    let mut all = had.clone();
    all.extend(discussed.into_iter().filter(|id| !had.contains(id)));
    if all.len() == had.len() {
        return None;
    }
    let mut revised = session.revised_at(at);
    revised.practice = Some(PracticeData::Session {
        on: *on,
        discussed: all,
    });
    Some(revised)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::mint::SystemMint;

    #[test]
    fn a_try_belongs_to_its_plan_and_keeps_only_what_was_said() {
        let plan = plan(
            "Start softly".into(),
            None,
            Frequency::Week { times: 2 },
            None,
            &mut SystemMint,
        );
        let at = crate::journal::entry::now();
        let given = |id: &str| match id {
            "situation" => Some("Sunday dinner".to_owned()),
            "did" => Some("   ".to_owned()),
            _ => None,
        };
        let entry = attempt(&plan, 4, at, &given, &mut SystemMint);
        assert_eq!(entry.kind, Kind::Try);
        assert_eq!(entry.link.as_ref(), Some(&plan.id));
        assert_eq!(entry.title.as_deref(), Some("Start softly"));
        assert_eq!(entry.answers.len(), 1);
        assert_eq!(entry.answers[0].prompt.as_str(), "What was the situation?");
        assert_eq!(entry.practice, Some(PracticeData::Try { at, rating: 4 }));
        let (_, next) = review(
            &plan,
            Decision::Keep,
            &given,
            Some("Other".into()),
            None,
            &mut SystemMint,
        );
        assert!(next.is_none(), "only adjusting makes a new plan");
        let (_, next) = review(
            &plan,
            Decision::Adjust,
            &given,
            Some("Other".into()),
            None,
            &mut SystemMint,
        );
        assert_eq!(next.unwrap().link.as_ref(), Some(&plan.id));
    }
}
