//! The runner: the exercise title and progress always visible, the current step, the
//! review of every answer, and where the entry was saved.

use std::borrow::Cow;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{LineGauge, Paragraph, Wrap};

use crate::pack::model::Step;
use crate::tui::app::keys::shown_keys;
use crate::tui::app::runner::{Notice, SAFETY_AT_THE_END, step_title};
use crate::tui::app::{Phase, Runner, State, Target};
use crate::tui::draw::pane;
use crate::tui::hits::Hits;
use crate::tui::keymap::Action;
use crate::tui::theme::Theme;
use crate::tui::widgets::Listing;
use crate::tui::widgets::lines::{paragraph, truncate};

/// The step as the app shows it: a question of the app's forms that may be left
/// unanswered says which key leaves it so, the user's own if they set one ("(Tab
/// leaves it open.)"); the step's own text never names a key.
fn as_shown<'s>(step: &'s Step, state: &State) -> Cow<'s, Step> {
    let Step::Choice(choice) = step else {
        return Cow::Borrowed(step);
    };
    let (Some(left), Some(keys)) = (choice.if_left, shown_keys(state, Action::Next)) else {
        return Cow::Borrowed(step);
    };
    let mut choice = choice.clone();
    choice.prompt = format!("{} ({keys} leaves {}.)", choice.prompt, left.leaves());
    Cow::Owned(Step::Choice(choice))
}

/// Draws the exercise in progress.
pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme, hits: &mut Hits) {
    let Some(runner) = &state.runner else {
        return;
    };
    let mut notice = notice(runner, area.width, theme);
    notice.truncate(3);
    let [head, notice_area, body] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(notice.len() as u16),
        Constraint::Min(3),
    ])
    .areas(area);
    let [title, progress] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(head);
    let (label, ratio) = match runner.phase {
        Phase::Steps => {
            let (place, total) = runner.progress();
            (
                format!("Step {place} of {total}"),
                place as f64 / total as f64,
            )
        }
        Phase::Review => ("Review your answers".to_owned(), 1.0),
        Phase::Saved(_) => ("Saved".to_owned(), 1.0),
    };
    // Where the user is always fits: the title is shortened first.
    let label = format!("  ·  {label}");
    let room = usize::from(title.width)
        .saturating_sub(1 + textwrap::core::display_width(&label))
        .max(1);
    let name = truncate(
        &runner.exercise.title,
        u16::try_from(room).unwrap_or(u16::MAX),
    );
    frame.render_widget(
        Line::from(vec![
            Span::styled(format!(" {name}"), theme.title),
            Span::styled(label, theme.dim),
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
    frame.render_widget(Paragraph::new(notice), notice_area);
    match &runner.phase {
        Phase::Steps => {
            let inner = pane(frame, body, step_title(runner.step()), true, theme);
            let input = &runner.inputs[runner.index];
            let step = as_shown(runner.step(), state);
            let back_keys = shown_keys(state, Action::Previous);
            let listing = Listing {
                items: &runner.listed(),
                back_keys: back_keys.as_deref(),
            };
            input.render_listing(&step, listing, inner, frame.buffer_mut(), theme, state.now);
            // Only what is on the screen can be clicked.
            let inner = inner.intersection(frame.area());
            for (rect, spot) in input.spots(&step, inner, theme) {
                hits.add(rect, Target::Step(spot));
            }
        }
        Phase::Review => {
            let inner = pane(frame, body, "Your answers", true, theme);
            let mut lines = Vec::new();
            let mut place = 0;
            for (i, (step, answer)) in runner
                .exercise
                .steps
                .iter()
                .zip(runner.answers(state.now))
                .enumerate()
            {
                // Numbered as the progress counted them: the steps on the path.
                let number = if runner.on_path(i) {
                    place += 1;
                    format!("{place}.")
                } else {
                    "·".to_owned()
                };
                // Off the path, only what the user answered is shown (not a form's
                // preset).
                if step.kind() == "read" || (!runner.on_path(i) && !runner.answered(i, &answer)) {
                    continue;
                }
                lines.push(Line::styled(
                    format!("{number} {}", one_line(step.prompt())),
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
                Span::raw(saves_to(runner, state)),
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
            let path = &state.journal_file;
            let mut lines;
            if runner.safety_mode() {
                // Help comes first; where it was saved is on the status line.
                lines = vec![Line::styled("This is in your journal now.", theme.ok)];
                lines.extend(safety_help(state, theme));
            } else {
                lines = vec![
                    Line::styled("Well done. This is in your journal now.", theme.ok),
                    Line::raw(""),
                    Line::raw(format!(
                        "Saved to {}",
                        crate::sanitize::text(&path.display().to_string())
                    )),
                    Line::styled(format!("Entry {id}"), theme.dim),
                ];
            }
            if let Some(practice) = runner
                .exercise
                .practice
                .as_ref()
                .filter(|_| runner.offers_practice())
            {
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
                lines.push(Line::from(vec![
                    Span::styled("Press p", theme.key),
                    Span::raw(" to make it a plan: how often, and when to look back."),
                ]));
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

/// The line under the progress bar: why steps are skipped, or that the answers go
/// into a homework report.
/// Where Enter on the review puts the answers, in words: the journal, or for the
/// note to the therapist, the report.
fn saves_to(runner: &Runner, state: &State) -> &'static str {
    let empty = runner.answers(state.now).iter().all(Option::is_none);
    match runner.source {
        crate::tui::app::runner::Source::ReportNote { .. } if empty => {
            " to leave the note out of the report."
        }
        crate::tui::app::runner::Source::ReportNote { .. } => {
            " to put this note at the top of the report."
        }
        _ => " to save this to your journal.",
    }
}

fn notice(runner: &Runner, width: u16, theme: &Theme) -> Vec<Line<'static>> {
    let width = width.saturating_sub(1);
    let lines = match runner.notice() {
        Notice::None => Vec::new(),
        Notice::Safety(text) => paragraph(text, width, theme.warning),
        Notice::Homework { note, text } => {
            let mut lines = Vec::new();
            if let Some(note) = note {
                lines.push(Line::styled(truncate(&note, width), theme.key));
            }
            lines.extend(paragraph(&text, width, theme.dim));
            lines
        }
    };
    lines
        .into_iter()
        .map(|line| {
            let style = line.style;
            let mut spans = vec![Span::raw(" ")];
            spans.extend(line.spans);
            Line::from(spans).style(style)
        })
        .collect()
}

/// What the end screen says instead of the practice after an answer that signals
/// fear: where to get help, before raising any of it with the partner.
fn safety_help(state: &State, theme: &Theme) -> Vec<Line<'static>> {
    let [heading, why] = SAFETY_AT_THE_END;
    let mut lines = vec![
        Line::raw(""),
        Line::styled(heading, theme.title),
        Line::raw(why),
    ];
    for resource in &state.safety.resources {
        lines.push(Line::from(vec![
            Span::styled(format!("{}: ", resource.name), theme.text),
            Span::styled(resource.contact.clone(), theme.key),
        ]));
    }
    lines.push(Line::from(vec![
        Span::styled("Press !", theme.key),
        Span::raw(" for the safety screen."),
    ]));
    lines
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
