//! What linear mode prints: each step as plain text, once, with how to answer it;
//! the review, the end and the safety text. No box drawing, no colour, no cursor
//! movement: lines a screen reader reads in order and a phone's terminal wraps.

use crate::pack::model::{ChoiceStep, QuestionnaireStep, ScaleStep, Step};
use crate::safety::Safety;
use crate::tui::app::Runner;
use crate::tui::app::runner::{Notice, step_title};
use crate::tui::clock::Now;

/// The words that work at every prompt, as the help says them.
pub const EVERYWHERE: &str = "At any prompt you can type: back (the step before), skip \
     (leave this one unanswered), safety or ! (where to get help now), help (this), leave \
     (stop; your answers can be kept as a draft).";

/// How a written answer ends.
pub const TEXT_ENDS: &str = "Write your answer; an empty line ends it. Type edit to write \
     it in your editor instead.";

/// The heading of the current step: "Step 2 of 7: Write".
pub fn heading(runner: &Runner) -> String {
    let (place, total) = runner.progress();
    format!("Step {place} of {total}: {}", step_title(runner.step()))
}

/// What is said above the steps, line by line.
pub fn notice(runner: &Runner) -> Vec<String> {
    match runner.notice() {
        Notice::None => Vec::new(),
        Notice::Safety(text) => vec![text.to_owned()],
        Notice::Homework { note, text } => note.into_iter().chain([text]).collect(),
    }
}

/// The current step: its text, what it offers, and how to answer. `listed` is what
/// a break lists from an earlier step.
pub fn step(step: &Step, listed: &[&str]) -> Vec<String> {
    let mut lines = paragraphs(step.prompt());
    // A question of the app's forms that may be left: Enter leaves it, as the app's
    // front end says its own key does.
    if let (Step::Choice(choice), Some(last)) = (step, lines.last_mut())
        && let Some(left) = choice.if_left
    {
        last.push_str(&format!(" (Press Enter to leave {}.)", left.leaves()));
    }
    match step {
        Step::Read(_) => lines.push("Press Enter to go on.".into()),
        Step::Text(text) => {
            if let Some(hint) = &text.hint {
                lines.push(format!("({hint})"));
            }
            if text.required {
                lines.push("This one needs an answer to go on.".into());
            }
            lines.push(TEXT_ENDS.into());
        }
        Step::Scale(scale) => lines.push(scale_range(scale)),
        Step::Choice(choice) => lines.extend(choice_lines(choice)),
        Step::Checklist(list) => {
            lines.extend(numbered(list.items.iter().map(String::as_str)));
            lines.push(
                "Type the numbers of those that fit (e.g. 1,3 or 1 3), or press Enter for none."
                    .into(),
            );
        }
        Step::Timer(timer) => {
            lines.extend(paragraphs(&timer.purpose));
            if !listed.is_empty() {
                lines.push("What you chose for it:".into());
                lines.extend(listed.iter().map(|item| format!("- {item}")));
            }
            lines.push(format!(
                "The break is {}. Press Enter to start it, or type skip.",
                minutes_and_seconds(u64::from(timer.seconds))
            ));
        }
        Step::Questionnaire(q) => lines.extend(questionnaire_intro(q)),
    }
    lines
}

fn scale_range(scale: &ScaleStep) -> String {
    format!(
        "Type a number from {} ({}) to {} ({}), or press Enter to skip.",
        scale.min, scale.min_label, scale.max, scale.max_label
    )
}

fn choice_lines(choice: &ChoiceStep) -> Vec<String> {
    let mut lines = numbered(choice.options.iter().map(|o| o.label.as_str()));
    let count = choice.options.len();
    if let Some(other) = &choice.other {
        lines.push(format!(
            "{}. {other} (type {} and your own words)",
            count + 1,
            count + 1
        ));
    }
    lines.push(if choice.multiple {
        "Type the numbers of all that fit (e.g. 1,3 or 1 3).".into()
    } else {
        "Type one number.".into()
    });
    lines
}

fn questionnaire_intro(q: &QuestionnaireStep) -> Vec<String> {
    vec![
        format!(
            "{} statements. Answer each with a number from {} ({}) to {} ({}).",
            q.items.len(),
            q.scale.min,
            q.scale.min_label,
            q.scale.max,
            q.scale.max_label
        ),
        "Type back to go to the statement before.".into(),
    ]
}

/// One statement of a questionnaire: "3 of 12. I worry …", with its answer so far.
pub fn statement(q: &QuestionnaireStep, index: usize, answer: Option<i64>) -> String {
    let so_far = answer.map_or_else(String::new, |a| format!(" (now {a}; Enter keeps it)"));
    format!(
        "{} of {}. {}{so_far}",
        index + 1,
        q.items.len(),
        q.items[index].text
    )
}

/// The answer already given to a step (from a draft, or before going back), and how
/// to keep it.
pub fn so_far(runner: &Runner, now: Now) -> Option<String> {
    let answer = runner.answers(now).into_iter().nth(runner.index)??;
    if matches!(runner.step(), Step::Read(_) | Step::Timer(_)) {
        return None;
    }
    Some(format!(
        "Your answer so far: {}. Press Enter to keep it.",
        one_line(&answer.summary())
    ))
}

/// The review: every answer, numbered as the steps were, then what to type.
pub fn review(runner: &Runner, now: Now) -> Vec<String> {
    let mut lines = vec!["Your answers:".to_owned()];
    let mut place = 0;
    for (i, (step, answer)) in runner
        .exercise
        .steps
        .iter()
        .zip(runner.answers(now))
        .enumerate()
    {
        let number = if runner.on_path(i) {
            place += 1;
            format!("{place}.")
        } else {
            "-".to_owned()
        };
        if matches!(step, Step::Read(_)) || (!runner.on_path(i) && !runner.answered(i, &answer)) {
            continue;
        }
        lines.push(format!("{number} {}", one_line(step.prompt())));
        let text = answer.map_or_else(|| "(no answer)".to_owned(), |a| a.summary());
        lines.extend(text.lines().map(|line| format!("   {line}")));
    }
    lines.push(
        "Press Enter to save this to your journal. Type a step's number to change its \
         answer, back for the last step, or leave to keep a draft."
            .into(),
    );
    lines
}

/// The safety text and every resource, as the safety screen shows them under its
/// title.
pub fn safety(safety: &Safety) -> Vec<String> {
    let mut lines = paragraphs(&safety.text);
    for resource in &safety.resources {
        let note = if resource.note.is_empty() {
            String::new()
        } else {
            format!(" ({})", resource.note)
        };
        lines.push(format!("{}: {}{note}", resource.name, resource.contact));
    }
    lines
}

/// "20 minutes", "1 minute 30 seconds", "45 seconds".
pub fn minutes_and_seconds(seconds: u64) -> String {
    let (minutes, seconds) = (seconds / 60, seconds % 60);
    let count = |n: u64, one: &str, many: &str| {
        crate::words::count(usize::try_from(n).unwrap_or(usize::MAX), one, many)
    };
    match (minutes, seconds) {
        (0, s) => count(s, "second", "seconds"),
        (m, 0) => count(m, "minute", "minutes"),
        (m, s) => format!(
            "{} {}",
            count(m, "minute", "minutes"),
            count(s, "second", "seconds")
        ),
    }
}

/// Each item on a line of its own, numbered from 1.
fn numbered<'a>(items: impl Iterator<Item = &'a str>) -> Vec<String> {
    items
        .enumerate()
        .map(|(i, item)| format!("{}. {item}", i + 1))
        .collect()
}

/// A text's paragraphs, each on one line (a screen reader reads a line at a time;
/// the terminal wraps it), with an empty line between them.
pub fn paragraphs(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split("\n\n").map(one_line).filter(|p| !p.is_empty()) {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(paragraph);
    }
    lines
}

/// `text` on one line: its words with one space between them.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_said_in_words() {
        assert_eq!(minutes_and_seconds(1200), "20 minutes");
        assert_eq!(minutes_and_seconds(60), "1 minute");
        assert_eq!(minutes_and_seconds(90), "1 minute 30 seconds");
        assert_eq!(minutes_and_seconds(45), "45 seconds");
    }

    #[test]
    fn paragraphs_become_single_lines_with_a_blank_between() {
        assert_eq!(
            paragraphs("One\nline.\n\n  Two.  \n\n\n"),
            vec!["One line.".to_owned(), String::new(), "Two.".to_owned()]
        );
    }
}
