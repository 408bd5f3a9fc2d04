//! A timer step: a break with a purpose, a countdown, and the time to come back.

use std::time::{Duration, Instant};

use crate::tui::clock::Now;

use chrono::{DateTime, FixedOffset, TimeDelta};
use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;

use super::lines::{draw_focused, list_row, paragraph};
use super::{Handled, Nav, StepWidget};
use crate::journal::entry::AnswerValue;
use crate::pack::model::TimerStep;
use crate::tui::theme::Theme;

/// Digits drawn 3 pixels wide and 5 high, `#` for a lit pixel; two pixel rows make
/// one terminal row with half blocks, so a digit takes 3 × 3 cells.
const FONT: [[&str; 5]; 10] = [
    ["###", "#.#", "#.#", "#.#", "###"],
    [".#.", "##.", ".#.", ".#.", "###"],
    ["###", "..#", "###", "#..", "###"],
    ["###", "..#", "###", "..#", "###"],
    ["#.#", "#.#", "###", "..#", "..#"],
    ["###", "#..", "###", "..#", "###"],
    ["###", "#..", "###", "#.#", "###"],
    ["###", "..#", "..#", "..#", "..#"],
    ["###", "#.#", "###", "#.#", "###"],
    ["###", "#.#", "###", "..#", "###"],
];

/// The colon between minutes and seconds, in the same pixels.
const COLON: [&str; 5] = [".", "#", ".", "#", "."];

/// The fewest rows in which the countdown is drawn big.
const BIG_CLOCK_MIN_ROWS: u16 = 10;

/// How long the break's block is shown in reverse video once the time is up, so that
/// someone who looks back at the screen sees it (with or without color).
pub const FLASH_FOR: Duration = Duration::from_secs(3);

/// Where the break stands.
#[derive(Debug, Clone, Copy)]
enum Phase {
    /// Not started yet.
    Ready,
    /// Counting down since `since`, after `banked` of earlier running; it ends at
    /// `back_at` on the wall clock.
    Running {
        since: Instant,
        banked: Duration,
        back_at: DateTime<FixedOffset>,
    },
    /// Paused after `banked` of running.
    Paused { banked: Duration },
    /// Over after `elapsed`, for the reason `end`.
    Done { elapsed: Duration, end: End },
}

/// How a break ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    TimeUp,
    Early,
    Skipped,
}

/// The state of the break.
#[derive(Debug)]
pub(super) struct TimerInput {
    total: Duration,
    phase: Phase,
    /// The countdown second `tick` last asked to draw, so it asks once a second.
    shown: Option<u64>,
    /// `f` was pressed once: the next `f` ends the break early, any other key keeps it.
    ending: bool,
    /// The time ran out on screen: the block is shown in reverse video until then.
    flash_until: Option<Instant>,
}

/// Where a break is, for a front end that says it in words (linear mode).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakState {
    /// Not started.
    Ready,
    /// Running: this much is left, to end at `back_at` on the wall clock.
    Running {
        /// What is left.
        left: Duration,
        /// When it ends.
        back_at: DateTime<FixedOffset>,
    },
    /// Paused with this much left.
    Paused {
        /// What is left.
        left: Duration,
    },
    /// Over: the time is up, or it was ended early or skipped.
    Over {
        /// It was ended before its time (early or skipped).
        early: bool,
    },
}

impl TimerInput {
    /// Where the break is at `now`.
    pub(super) fn state(&self, now: Now) -> BreakState {
        match self.phase {
            Phase::Ready => BreakState::Ready,
            Phase::Running { back_at, .. } if !self.remaining(now).is_zero() => {
                BreakState::Running {
                    left: self.remaining(now),
                    back_at,
                }
            }
            Phase::Running { .. } => BreakState::Over { early: false },
            Phase::Paused { .. } => BreakState::Paused {
                left: self.remaining(now),
            },
            Phase::Done { end, .. } => BreakState::Over {
                early: end != End::TimeUp,
            },
        }
    }

    /// A break of the step's length, not started; a previous answer comes back
    /// paused where it stopped (or done, if it ran to the end).
    pub(super) fn new(step: &TimerStep, previous: Option<&AnswerValue>) -> Self {
        let total = Duration::from_secs(step.seconds.into());
        let phase = match previous {
            Some(AnswerValue::Timer { elapsed, .. }) => {
                let banked = Duration::from_secs((*elapsed).into()).min(total);
                if banked < total {
                    Phase::Paused { banked }
                } else {
                    Phase::Done {
                        elapsed: total,
                        end: End::TimeUp,
                    }
                }
            }
            _ => Phase::Ready,
        };
        Self {
            total,
            phase,
            shown: None,
            ending: false,
            flash_until: None,
        }
    }

    /// When the running break ends on the wall clock.
    pub(super) fn running_until(&self) -> Option<DateTime<FixedOffset>> {
        match self.phase {
            Phase::Running { back_at, .. } => Some(back_at),
            _ => None,
        }
    }

    /// Runs the break so that it ends at `until`: what is left is the time from `now`
    /// to then; a break whose end has passed is over.
    pub(super) fn run_until(&mut self, until: DateTime<FixedOffset>, now: Now) {
        let left = (until - now.wall)
            .to_std()
            .unwrap_or_default()
            .min(self.total);
        if left.is_zero() {
            self.phase = Phase::Done {
                elapsed: self.total,
                end: End::TimeUp,
            };
            return;
        }
        self.phase = Phase::Running {
            since: now.instant,
            banked: self.total - left,
            back_at: until,
        };
    }

    /// Counts the time: true when a second has passed on the countdown or the
    /// break has just ended.
    pub(super) fn tick(&mut self, now: Now) -> bool {
        if self.settle(now) {
            return true;
        }
        if !matches!(self.phase, Phase::Running { .. }) {
            return false;
        }
        let second = whole_seconds(self.remaining(now));
        self.shown.replace(second) != Some(second)
    }

    /// How long the break has run, at most its length.
    fn elapsed(&self, now: Now) -> Duration {
        let elapsed = match self.phase {
            Phase::Ready => Duration::ZERO,
            Phase::Running { since, banked, .. } => {
                banked + now.instant.saturating_duration_since(since)
            }
            Phase::Paused { banked } => banked,
            Phase::Done { elapsed, .. } => elapsed,
        };
        elapsed.min(self.total)
    }

    fn remaining(&self, now: Now) -> Duration {
        self.total.saturating_sub(self.elapsed(now))
    }

    /// Ends a running break whose time is up; true if it just ended.
    fn settle(&mut self, now: Now) -> bool {
        let up = matches!(self.phase, Phase::Running { .. }) && self.remaining(now).is_zero();
        if up {
            self.stop(now, End::TimeUp);
            self.flash_until = now.instant.checked_add(FLASH_FOR);
        }
        up
    }

    /// Runs the break on from `banked`, noting on the wall clock when it will end.
    fn run(&mut self, now: Now, banked: Duration) -> Handled {
        let left = TimeDelta::from_std(self.total.saturating_sub(banked)).unwrap_or_default();
        self.phase = Phase::Running {
            since: now.instant,
            banked,
            back_at: now.wall + left,
        };
        Handled::Changed
    }

    fn pause(&mut self, now: Now) -> Handled {
        self.phase = Phase::Paused {
            banked: self.elapsed(now),
        };
        Handled::Changed
    }

    fn stop(&mut self, now: Now, end: End) {
        self.phase = Phase::Done {
            elapsed: self.elapsed(now),
            end,
        };
    }

    /// What the break is doing, in words, with the style to show it in.
    fn status(&self, now: Now, theme: &Theme) -> (String, Style) {
        let left = clock(whole_seconds(self.remaining(now)));
        match self.phase {
            Phase::Ready => (format!("{left}. Press Space to start."), theme.text),
            Phase::Running { .. } | Phase::Paused { .. } if self.ending => (
                format!(
                    "{left} left. End the break now? Press f again to end it, any other key to go on with it."
                ),
                theme.warning,
            ),
            Phase::Running { back_at, .. } => (
                format!("{left} left. Come back at {}.", back_at.format("%H:%M")),
                theme.title,
            ),
            Phase::Paused { .. } => (
                format!("Paused, {left} left. Press Space to go on."),
                theme.text,
            ),
            Phase::Done {
                end: End::TimeUp, ..
            } => ("Time is up. Welcome back.".into(), theme.ok),
            Phase::Done {
                end: End::Early, ..
            } => ("You ended the break early. Welcome back.".into(), theme.ok),
            Phase::Done { elapsed, .. } => (
                format!("You skipped the break after {}.", clock(elapsed.as_secs())),
                theme.text,
            ),
        }
    }
}

/// Whole seconds, rounded up, so the countdown shows 20:00 at the start and 00:00
/// only at the end.
fn whole_seconds(duration: Duration) -> u64 {
    duration.as_secs() + u64::from(duration.subsec_nanos() > 0)
}

/// Seconds as minutes and seconds, e.g. `19:05`.
fn clock(seconds: u64) -> String {
    format!("{:02}:{:02}", seconds / 60, seconds % 60)
}

/// `text` (digits and colons) in the big font: three rows of half blocks.
fn big(text: &str) -> [String; 3] {
    let glyphs: Vec<[&str; 5]> = text
        .chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => FONT[d as usize],
            None => COLON,
        })
        .collect();
    std::array::from_fn(|row| {
        glyphs
            .iter()
            .map(|glyph| half_blocks(glyph[row * 2], glyph.get(row * 2 + 1).copied()))
            .collect::<Vec<_>>()
            .join(" ")
    })
}

/// Two pixel rows as one row of half blocks.
fn half_blocks(top: &str, bottom: Option<&str>) -> String {
    let bottom = bottom.unwrap_or("");
    top.chars()
        .zip(bottom.chars().chain(std::iter::repeat('.')))
        .map(|pixels| match pixels {
            ('#', '#') => '█',
            ('#', _) => '▀',
            (_, '#') => '▄',
            _ => ' ',
        })
        .collect()
}

/// The countdown as centred lines: big when the area has room (`rows` of it left for
/// the clock), else one line.
fn clock_lines(seconds: u64, area: Rect, rows: usize, theme: &Theme) -> Vec<Line<'static>> {
    let text = clock(seconds);
    let big_rows = big(&text);
    let fits = textwrap::core::display_width(&big_rows[0]) <= usize::from(area.width)
        && rows >= big_rows.len();
    if fits && area.height >= BIG_CLOCK_MIN_ROWS {
        let rows = big_rows;
        rows.into_iter()
            .map(|row| Line::styled(row, theme.title).centered())
            .collect()
    } else {
        vec![Line::styled(text, theme.title).centered()]
    }
}

impl TimerInput {
    /// Draws the break with `listing` under its prompt: what was ticked or chosen in
    /// the earlier step it `lists`, if it names one (or, when nothing was, that
    /// nothing was and the keys that go back there). For a few seconds after the time
    /// is up, the whole block is in reverse video.
    pub(super) fn render_listing(
        &self,
        step: &TimerStep,
        listing: super::Listing<'_>,
        area: Rect,
        buf: &mut Buffer,
        theme: &Theme,
        now: Now,
    ) {
        let mut lines = paragraph(&step.prompt, area.width, theme.title);
        lines.push(Line::default());
        if step.lists.is_some() {
            if listing.items.is_empty() {
                let back = listing
                    .back_keys
                    .map(|keys| format!(" {keys} goes back to the list."))
                    .unwrap_or_default();
                let said = format!("You ticked nothing for the break.{back}");
                lines.extend(paragraph(&said, area.width, theme.dim));
            }
            for item in listing.items {
                lines.extend(list_row("• ", item, area.width, theme.key));
            }
            // No blank line after the list when the area is tight: the prompt above it
            // stays in sight at 60×20.
            if usize::from(area.height) >= lines.len() + 10 {
                lines.push(Line::default());
            }
        }
        lines.extend(paragraph(&step.purpose, area.width, theme.text));
        lines.push(Line::default());
        let start = lines.len();
        let (status, style) = self.status(now, theme);
        let status = paragraph(&status, area.width, style);
        // The big clock only when the prompt and the list above it still fit with it.
        let rows = usize::from(area.height).saturating_sub(start + 1 + status.len());
        lines.extend(clock_lines(
            whole_seconds(self.remaining(now)),
            area,
            rows,
            theme,
        ));
        lines.push(Line::default());
        lines.extend(status);
        let end = lines.len();
        draw_focused(&lines, start..end, area, buf, theme);
        if self.flash_until.is_some_and(|until| now.instant < until) {
            buf.set_style(
                area,
                Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            );
        }
    }
}

impl StepWidget for TimerInput {
    type Step = TimerStep;

    fn handle_key(&mut self, _step: &TimerStep, key: KeyEvent, now: Now) -> Handled {
        self.settle(now);
        let Some(nav) = Nav::of(&key) else {
            return Handled::Ignored;
        };
        // Ending early asks first: a break ended by a slip cannot be had back.
        let confirmed = std::mem::take(&mut self.ending);
        match (self.phase, nav) {
            (Phase::Running { .. } | Phase::Paused { .. }, Nav::Char('f')) if !confirmed => {
                self.ending = true;
                return Handled::Changed;
            }
            _ if confirmed && nav != Nav::Char('f') => return Handled::Changed,
            _ => {}
        }
        match (self.phase, nav) {
            (Phase::Ready, Nav::Space | Nav::Enter) => self.run(now, Duration::ZERO),
            (Phase::Paused { banked }, Nav::Space | Nav::Enter) => self.run(now, banked),
            (Phase::Running { .. }, Nav::Space) => self.pause(now),
            (Phase::Running { .. }, Nav::Enter) => Handled::Consumed,
            (Phase::Done { .. }, Nav::Enter) => Handled::Next,
            (Phase::Done { .. }, _) => Handled::Ignored,
            (_, Nav::Char('s')) => {
                self.stop(now, End::Skipped);
                Handled::Next
            }
            (Phase::Running { .. } | Phase::Paused { .. }, Nav::Char('f')) => {
                self.stop(now, End::Early);
                Handled::Changed
            }
            _ => Handled::Ignored,
        }
    }

    /// A running break stays on screen until it ends or is ended: moving on is
    /// refused, with what to do instead.
    fn blocked(&self, _step: &TimerStep) -> Option<String> {
        matches!(self.phase, Phase::Running { .. }).then(|| {
            "The break is still running. Space pauses it, f ends it early, s skips it.".into()
        })
    }

    /// None until the break starts (or is skipped); then its length and how long it
    /// has run so far.
    fn answer(&self, step: &TimerStep, now: Now) -> Option<AnswerValue> {
        if matches!(self.phase, Phase::Ready) {
            return None;
        }
        Some(AnswerValue::Timer {
            seconds: step.seconds,
            elapsed: u32::try_from(self.elapsed(now).as_secs()).unwrap_or(u32::MAX),
        })
    }

    fn render(&self, step: &TimerStep, area: Rect, buf: &mut Buffer, theme: &Theme, now: Now) {
        self.render_listing(step, super::Listing::default(), area, buf, theme, now);
    }

    fn keys(&self, _step: &TimerStep) -> Vec<(&'static str, &'static str)> {
        if self.ending {
            return vec![("f", "end the break now"), ("any key", "go on with it")];
        }
        match self.phase {
            Phase::Ready => vec![("Space", "start"), ("s", "skip the break")],
            Phase::Running { .. } => vec![
                ("Space", "pause"),
                ("f", "end early"),
                ("s", "skip the break"),
            ],
            Phase::Paused { .. } => vec![
                ("Space", "go on"),
                ("f", "end early"),
                ("s", "skip the break"),
            ],
            Phase::Done { .. } => vec![("Enter", "next")],
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use crate::tui::clock::Now;

    use chrono::{NaiveTime, Timelike};
    use crossterm::event::KeyCode;

    use super::super::testing::{key, render_at, reversed_at, screen, timer_step};
    use super::super::{Handled, StepInput};
    use super::{big, clock};
    use crate::journal::entry::AnswerValue;
    use crate::pack::model::Step;
    use crate::tui::theme::Theme;

    const SECOND: Duration = Duration::from_secs(1);

    fn elapsed(input: &StepInput, step: &Step, now: Now) -> Option<u32> {
        match input.answer(step, now) {
            Some(AnswerValue::Timer { seconds, elapsed }) => {
                assert_eq!(seconds, 1200);
                Some(elapsed)
            }
            None => None,
            other => panic!("not a timer answer: {other:?}"),
        }
    }

    fn at(input: &mut StepInput, step: &Step, code: KeyCode, now: Now) -> Handled {
        input.handle_key(step, key(code), now)
    }

    fn shown(input: &StepInput, step: &Step, now: Now) -> String {
        screen(&render_at(input, step, 60, 20, &Theme::color(), now))
    }

    /// The "Come back at" time on screen, in minutes after midnight.
    fn come_back_minutes(screen: &str) -> u32 {
        let at = screen.find("Come back at ").expect("a come-back time") + 13;
        let time = NaiveTime::parse_from_str(&screen[at..at + 5], "%H:%M").unwrap();
        time.hour() * 60 + time.minute()
    }

    #[test]
    fn it_starts_when_asked_and_counts_down() {
        let step = timer_step(1200);
        let mut input = StepInput::new(&step, None);
        let t0 = Now::system();
        assert_eq!(elapsed(&input, &step, t0), None);
        let text = shown(&input, &step, t0);
        assert!(text.contains("20:00. Press Space to start."), "{text}");
        assert!(text.contains("Let your body calm down"), "{text}");
        assert!(!input.tick(t0 + SECOND));
        assert_eq!(
            at(&mut input, &step, KeyCode::Char(' '), t0),
            Handled::Changed
        );
        assert_eq!(elapsed(&input, &step, t0), Some(0));
        let text = shown(&input, &step, t0 + 65 * SECOND);
        assert!(text.contains("18:55 left. Come back at "), "{text}");
        assert_eq!(elapsed(&input, &step, t0 + 65 * SECOND), Some(65));
        assert_eq!(
            at(&mut input, &step, KeyCode::Enter, t0 + SECOND),
            Handled::Consumed
        );
    }

    #[test]
    fn the_come_back_time_stays_right_across_a_pause() {
        let step = timer_step(1200);
        let mut input = StepInput::new(&step, None);
        // 14:00 on the wall clock: the message's time, not the system's.
        let t0 = Now {
            instant: std::time::Instant::now(),
            wall: chrono::DateTime::parse_from_rfc3339("2026-11-30T14:00:00+01:00").unwrap(),
        };
        at(&mut input, &step, KeyCode::Enter, t0);
        assert_eq!(come_back_minutes(&shown(&input, &step, t0)), 14 * 60 + 20);
        assert_eq!(
            at(&mut input, &step, KeyCode::Char(' '), t0 + 300 * SECOND),
            Handled::Changed
        );
        let paused = shown(&input, &step, t0 + 900 * SECOND);
        assert!(paused.contains("Paused, 15:00 left."), "{paused}");
        assert_eq!(elapsed(&input, &step, t0 + 900 * SECOND), Some(300));
        // Going on at 14:15 with 15 minutes left: back at 14:30.
        assert_eq!(
            at(&mut input, &step, KeyCode::Char(' '), t0 + 900 * SECOND),
            Handled::Changed
        );
        let shown_later = shown(&input, &step, t0 + 900 * SECOND);
        assert_eq!(come_back_minutes(&shown_later), 14 * 60 + 30);
        assert_eq!(elapsed(&input, &step, t0 + 910 * SECOND), Some(310));
    }

    #[test]
    fn tick_asks_for_a_redraw_once_a_second_and_ends_the_break() {
        let step = timer_step(1200);
        let mut input = StepInput::new(&step, None);
        let t0 = Now::system();
        at(&mut input, &step, KeyCode::Char(' '), t0);
        assert!(input.tick(t0 + SECOND / 2));
        assert!(!input.tick(t0 + SECOND / 2 + SECOND / 4));
        assert!(input.tick(t0 + SECOND + SECOND / 2));
        assert!(!input.tick(t0 + SECOND + SECOND / 2));
        let end = t0 + 1201 * SECOND;
        assert!(input.tick(end));
        assert!(!input.tick(end + SECOND));
        let text = shown(&input, &step, end);
        assert!(text.contains("Time is up. Welcome back."), "{text}");
        assert_eq!(elapsed(&input, &step, end + 60 * SECOND), Some(1200));
        assert_eq!(at(&mut input, &step, KeyCode::Enter, end), Handled::Next);
    }

    #[test]
    fn the_time_up_flashes_in_reverse_video_for_a_few_seconds_without_color_too() {
        let step = timer_step(10);
        let mut input = StepInput::new(&step, None);
        let t0 = Now::system();
        at(&mut input, &step, KeyCode::Char(' '), t0);
        let mono = Theme::monochrome();
        let running = render_at(&input, &step, 60, 20, &mono, t0 + 5 * SECOND);
        assert!(!reversed_at(&running, "Take a break now."));
        let end = t0 + 10 * SECOND + SECOND / 4;
        assert!(input.tick(end));
        for after in [Duration::ZERO, 2 * SECOND] {
            let flash = render_at(&input, &step, 60, 20, &mono, end + after);
            assert!(reversed_at(&flash, "Time is up."), "{after:?}");
            assert!(reversed_at(&flash, "Take a break now."), "the whole block");
        }
        let later = render_at(&input, &step, 60, 20, &mono, end + 4 * SECOND);
        assert!(!reversed_at(&later, "Time is up."));
    }

    #[test]
    fn enter_after_the_time_is_up_goes_on_even_without_a_tick() {
        let step = timer_step(1200);
        let mut input = StepInput::new(&step, None);
        let t0 = Now::system();
        at(&mut input, &step, KeyCode::Char(' '), t0);
        assert_eq!(
            at(&mut input, &step, KeyCode::Enter, t0 + 1300 * SECOND),
            Handled::Next
        );
    }

    #[test]
    fn finishing_early_and_skipping_keep_the_time_so_far() {
        let step = timer_step(1200);
        let t0 = Now::system();
        let mut early = StepInput::new(&step, None);
        at(&mut early, &step, KeyCode::Char(' '), t0);
        // f asks first; any other key keeps the break running.
        assert_eq!(
            at(&mut early, &step, KeyCode::Char('f'), t0 + 500 * SECOND),
            Handled::Changed
        );
        let asked = shown(&early, &step, t0 + 500 * SECOND);
        assert!(
            asked.contains("End the break now? Press f again"),
            "{asked}"
        );
        at(&mut early, &step, KeyCode::Char('x'), t0 + 550 * SECOND);
        assert!(early.running_until().is_some(), "still running");
        at(&mut early, &step, KeyCode::Char('f'), t0 + 600 * SECOND);
        assert!(early.running_until().is_some(), "asked again, not ended");
        assert_eq!(
            at(&mut early, &step, KeyCode::Char('f'), t0 + 600 * SECOND),
            Handled::Changed
        );
        assert_eq!(elapsed(&early, &step, t0 + 900 * SECOND), Some(600));
        let text = shown(&early, &step, t0 + 900 * SECOND);
        assert!(text.contains("Welcome back."), "{text}");
        assert_eq!(at(&mut early, &step, KeyCode::Enter, t0), Handled::Next);

        let mut skipped = StepInput::new(&step, None);
        at(&mut skipped, &step, KeyCode::Char(' '), t0);
        assert_eq!(
            at(&mut skipped, &step, KeyCode::Char('s'), t0 + 75 * SECOND),
            Handled::Next
        );
        assert_eq!(elapsed(&skipped, &step, t0 + 900 * SECOND), Some(75));
        assert!(shown(&skipped, &step, t0).contains("skipped the break after 01:15"));

        let mut unstarted = StepInput::new(&step, None);
        assert_eq!(
            at(&mut unstarted, &step, KeyCode::Char('f'), t0),
            Handled::Ignored
        );
        assert_eq!(
            at(&mut unstarted, &step, KeyCode::Char('s'), t0),
            Handled::Next
        );
        assert_eq!(elapsed(&unstarted, &step, t0), Some(0));
    }

    #[test]
    fn a_previous_break_comes_back_paused() {
        let step = timer_step(1200);
        let previous = AnswerValue::Timer {
            seconds: 1200,
            elapsed: 300,
        };
        let mut input = StepInput::new(&step, Some(&previous));
        let t0 = Now::system();
        assert_eq!(elapsed(&input, &step, t0), Some(300));
        assert_eq!(
            at(&mut input, &step, KeyCode::Char(' '), t0),
            Handled::Changed
        );
        assert_eq!(elapsed(&input, &step, t0 + 10 * SECOND), Some(310));
    }

    #[test]
    fn the_countdown_is_drawn_big() {
        assert_eq!(clock(1199), "19:59");
        assert_eq!(big("10"), ["▄█  █▀█", " █  █ █", "▀▀▀ ▀▀▀"]);
        let step = timer_step(1200);
        let input = StepInput::new(&step, None);
        let text = shown(&input, &step, Now::system());
        assert!(text.contains(&big("20:00")[0]), "{text}");
    }
}
