//! The runner: the exercise title and progress always visible, the current step, the
//! review of every answer, and where the entry was saved.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{LineGauge, Paragraph, Wrap};

use crate::tui::app::{Phase, State};
use crate::tui::theme::Theme;
use crate::tui::view::pane;

/// Draws the exercise in progress.
pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let Some(runner) = &state.runner else {
        return;
    };
    let total = runner.exercise.steps.len();
    let [head, body] = Layout::vertical([Constraint::Length(2), Constraint::Min(3)]).areas(area);
    let [title, progress] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(head);
    let (label, ratio) = match runner.phase {
        Phase::Steps => (
            format!("Step {} of {total}", runner.index + 1),
            (runner.index + 1) as f64 / total.max(1) as f64,
        ),
        Phase::Review => ("Review your answers".to_owned(), 1.0),
        Phase::Saved(_) => ("Saved".to_owned(), 1.0),
    };
    frame.render_widget(
        Line::from(vec![
            Span::styled(format!(" {}", runner.exercise.title), theme.title),
            Span::styled(format!("  ·  {label}"), theme.dim),
        ]),
        title,
    );
    frame.render_widget(
        LineGauge::default()
            .filled_style(theme.focus)
            .unfilled_style(theme.border)
            .filled_symbol("━")
            .unfilled_symbol("─")
            .ratio(ratio.clamp(0.0, 1.0))
            .label(""),
        progress,
    );
    match &runner.phase {
        Phase::Steps => {
            let inner = pane(frame, body, step_title(runner.step().kind()), true, theme);
            runner.inputs[runner.index].render(
                runner.step(),
                inner,
                frame.buffer_mut(),
                theme,
                state.now,
            );
        }
        Phase::Review => {
            let inner = pane(frame, body, "Your answers", true, theme);
            let mut lines = Vec::new();
            for (i, (step, answer)) in runner
                .exercise
                .steps
                .iter()
                .zip(runner.answers(state.now))
                .enumerate()
            {
                if step.kind() == "read" {
                    continue;
                }
                lines.push(Line::styled(
                    format!("{}. {}", i + 1, one_line(step.prompt())),
                    theme.title,
                ));
                let text = answer.map_or_else(|| "(no answer)".to_owned(), |a| a.summary());
                for line in text.lines() {
                    lines.push(Line::styled(format!("   {line}"), theme.text));
                }
                lines.push(Line::raw(""));
            }
            lines.push(Line::from(vec![
                Span::styled("Press Enter", theme.key),
                Span::raw(" to save this to your journal."),
            ]));
            frame.render_widget(
                Paragraph::new(lines)
                    .wrap(Wrap { trim: false })
                    .scroll((runner.review_scroll, 0)),
                inner,
            );
        }
        Phase::Saved(id) => {
            let inner = pane(frame, body, "Saved", true, theme);
            let path = state.data_dir.join("journal.jsonl");
            let mut lines = vec![
                Line::styled("Well done. This is in your journal now.", theme.ok),
                Line::raw(""),
                Line::raw(format!(
                    "Saved to {}",
                    crate::sanitize::text(&path.display().to_string())
                )),
                Line::styled(format!("Entry {id}"), theme.dim),
            ];
            if let Some(practice) = &runner.exercise.practice {
                lines.push(Line::raw(""));
                lines.push(Line::styled(
                    "Before your next session, try this:",
                    theme.title,
                ));
                lines.push(Line::raw(practice.attempt.clone()));
                lines.push(Line::styled(
                    format!("Notice: {}", practice.notice),
                    theme.dim,
                ));
                if !runner.safety_flagged {
                    lines.push(Line::from(vec![
                        Span::styled("Press p", theme.key),
                        Span::raw(" to make it a plan: how often, and when to look back."),
                    ]));
                }
            }
            lines.push(Line::raw(""));
            lines.push(Line::from(vec![
                Span::styled("Press Enter", theme.key),
                Span::raw(" to go back."),
            ]));
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
        }
    }
}

/// What a step asks of the user, as the title of its pane.
fn step_title(kind: &str) -> &'static str {
    match kind {
        "read" => "Read",
        "text" => "Write",
        "scale" => "Rate",
        "choice" => "Choose",
        "checklist" => "Tick what fits",
        "timer" => "Take a break",
        "questionnaire" => "Questions",
        _ => "Step",
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
