//! An exercise as plain text: a header (area, time, technique, where it comes from),
//! then every step numbered with what it asks. `between show` prints it and the app's
//! area screen shows it before an exercise is started.

use super::ExerciseRef;
use super::catalog::Origin;
use super::model::Step;
use crate::words::duration;

const WIDTH: usize = 78;

fn paragraph(text: &str, indent: &str) -> String {
    hanging(text, indent, indent)
}

/// Wraps `text` with `first` before its first line and `rest` before the others.
fn hanging(text: &str, first: &str, rest: &str) -> String {
    let options = textwrap::Options::new(WIDTH)
        .initial_indent(first)
        .subsequent_indent(rest);
    let mut out = String::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            out.push('\n');
        } else {
            out.push_str(&textwrap::fill(line, &options));
            out.push('\n');
        }
    }
    out
}

/// The exercise as plain text: a header, then every step numbered with what it asks.
pub fn exercise_text(found: ExerciseRef<'_>) -> String {
    let exercise = found.exercise;
    let pack = &found.pack.pack;
    let origin = match &found.pack.origin {
        Origin::Builtin => "built in".to_owned(),
        Origin::Installed(_) => "installed".to_owned(),
    };
    let mut text = format!(
        "{}\n{} · {} · about {} minutes · pack {} version {} ({origin})\n\n",
        exercise.title,
        found.reference(),
        exercise.technique,
        exercise.minutes,
        pack.id,
        pack.version
    );
    text.push_str(&paragraph(&exercise.summary, ""));
    if exercise.safety_check().is_some() {
        text.push('\n');
        text.push_str(&paragraph(
            "An answer marked [safety] opens the safety screen; then the steps \
             \"with your partner\" are skipped and no practice or plan is offered.",
            "",
        ));
    }
    let total = exercise.steps.len();
    for (i, step) in exercise.steps.iter().enumerate() {
        // Marked so a therapist sees what is skipped after a fear answer.
        let partner = if step.with_partner() {
            " · with your partner"
        } else {
            ""
        };
        text.push_str(&format!(
            "\n{} of {total} · {}{partner}\n",
            i + 1,
            describe_kind(step)
        ));
        text.push_str(&paragraph(step.prompt(), "  "));
        text.push_str(&step_details(step));
    }
    if let Some(practice) = &exercise.practice {
        text.push_str(if practice.with_partner {
            "\nPractice before your next session (with your partner)\n"
        } else {
            "\nPractice before your next session\n"
        });
        text.push_str(&paragraph(&format!("Try: {}", practice.attempt), "  "));
        text.push_str(&paragraph(&format!("Notice: {}", practice.notice), "  "));
    }
    text
}

fn describe_kind(step: &Step) -> String {
    match step {
        Step::Read(_) => "read".into(),
        Step::Text(s) if s.required => "write (required)".into(),
        Step::Text(_) => "write".into(),
        Step::Scale(s) => match &s.measure {
            Some(measure) => format!("rate {} to {} (measure: {measure})", s.min, s.max),
            None => format!("rate {} to {}", s.min, s.max),
        },
        Step::Choice(s) if s.multiple => "choose one or more".into(),
        Step::Choice(_) => "choose one".into(),
        Step::Checklist(_) => "tick what applies".into(),
        Step::Timer(s) => format!("timer, {}", duration(s.seconds)),
        Step::Questionnaire(s) => format!(
            "questionnaire, {} statements rated {} to {}",
            s.items.len(),
            s.scale.min,
            s.scale.max
        ),
    }
}

fn step_details(step: &Step) -> String {
    let list = |items: &mut dyn Iterator<Item = String>| -> String {
        // Every item starts with a four-character marker: "( ) ", "[ ] " or " 1. ".
        items
            .map(|item| hanging(&item, "    ", "        "))
            .collect()
    };
    match step {
        Step::Read(_) => String::new(),
        Step::Text(s) => s
            .hint
            .as_ref()
            .map(|hint| paragraph(&format!("Hint: {hint}"), "  "))
            .unwrap_or_default(),
        Step::Scale(s) => paragraph(
            &format!("{} = {}, {} = {}", s.min, s.min_label, s.max, s.max_label),
            "  ",
        ),
        Step::Choice(s) => {
            // A box for a choice of several, a round mark for a choice of one.
            let mark = if s.multiple { "[ ]" } else { "( )" };
            let mut items = s
                .options
                .iter()
                .map(|o| {
                    let safety = if o.safety { " [safety]" } else { "" };
                    format!("{mark} {}{safety}", o.label)
                })
                .chain(s.other.iter().map(|other| format!("{mark} {other}: …")));
            list(&mut items)
        }
        Step::Checklist(s) => list(&mut s.items.iter().map(|item| format!("[ ] {item}"))),
        Step::Timer(s) => paragraph(&s.purpose, "  "),
        Step::Questionnaire(s) => {
            let scale = paragraph(
                &format!(
                    "{} = {}, {} = {}",
                    s.scale.min, s.scale.min_label, s.scale.max, s.scale.max_label
                ),
                "  ",
            );
            let mut items = s
                .items
                .iter()
                .enumerate()
                .map(|(i, item)| format!("{:>2}. {}", i + 1, item.text));
            scale + &list(&mut items)
        }
    }
}
