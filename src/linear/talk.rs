//! The conversation: the app's own state and `update` run the exercise, as they do
//! in the full-screen app; this only prints what the state shows and turns each
//! typed line into the messages a key would have sent. No step logic lives here.

use std::collections::VecDeque;
use std::io::{self, Write};
use std::time::Duration;

use super::input::{Heard, Input};
use super::parse::{self, Word};
use super::say;
use crate::journal::entry::CheckedItem;
use crate::journal::{AnswerValue, EntryId};
use crate::pack::model::{QuestionnaireStep, Step};
use crate::tui::app::{Confirm, Effect, Msg, Overlay, Phase, State, Status, update};
use crate::tui::clock::Now;
use crate::tui::effects::Files;
use crate::tui::keymap::Action;
use crate::tui::widgets::BreakState;

/// Where linear mode writes: text, and headings that may be marked (bold) when the
/// user asked for colour (`--color always`); never any other escape.
pub trait Out: Write {
    /// Writes `text` on a line of its own as a heading.
    fn heading(&mut self, text: &str) -> io::Result<()>;
}

/// How an open exercise or form ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// Saved, or left; the user goes on.
    Closed,
    /// The input ended (or the journal locked): whatever was answered is kept as a
    /// draft; nothing more can be asked.
    Stopped,
}

/// What was printed last, so that a step is printed once.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Shown {
    Step { index: usize, safety: bool },
    Review,
    Saved,
}

/// One conversation over the app's state.
pub struct Talk<'a> {
    /// The app's state, which `update` changes.
    pub state: State,
    files: &'a Files,
    input: &'a mut Input,
    out: &'a mut dyn Out,
    /// A break prints only its end, not a line each minute.
    quiet: bool,
    told: Option<Status>,
    shown: Option<Shown>,
    notice: Vec<String>,
}

impl<'a> Talk<'a> {
    /// A conversation on `state`, carrying effects out with `files`.
    pub fn new(
        state: State,
        files: &'a Files,
        input: &'a mut Input,
        out: &'a mut dyn Out,
        quiet: bool,
    ) -> Self {
        Self {
            state,
            files,
            input,
            out,
            quiet,
            told: None,
            shown: None,
            notice: Vec::new(),
        }
    }

    /// Runs `msg` through `update` (after the time, as the app's loop does) and
    /// carries out its effects, and theirs, in order.
    pub fn send(&mut self, msg: Msg) {
        let mut queue = VecDeque::from([Msg::Tick(Now::system()), msg]);
        while let Some(msg) = queue.pop_front() {
            for effect in update(&mut self.state, msg) {
                let reply = match effect {
                    Effect::Edit { text, entry } => {
                        vec![
                            self.files.edit(&text, entry.as_ref()),
                            Msg::Active(Now::system()),
                        ]
                    }
                    // The time up is said in words, and no control byte is printed.
                    Effect::Bell => Vec::new(),
                    other => self.files.perform(other),
                };
                queue.extend(reply);
            }
        }
    }

    /// A line of text.
    pub fn say(&mut self, line: &str) -> io::Result<()> {
        writeln!(self.out, "{line}")
    }

    fn say_all(&mut self, lines: &[String]) -> io::Result<()> {
        lines.iter().try_for_each(|line| self.say(line))
    }

    /// A heading, after an empty line.
    pub fn heading(&mut self, text: &str) -> io::Result<()> {
        writeln!(self.out)?;
        self.out.heading(text)
    }

    /// The next line; the end of the input keeps the answers as a draft.
    pub fn hear(&mut self) -> io::Result<Option<String>> {
        self.out.flush()?;
        match self.input.line() {
            Heard::Line(line) => Ok(Some(line)),
            Heard::End | Heard::Nothing => Ok(None),
        }
    }

    /// Prints what the app would show on its status line, once.
    pub fn say_news(&mut self) -> io::Result<()> {
        if self.state.status != self.told {
            self.told = self.state.status.clone();
            if let Some(status) = self.told.clone() {
                self.say(&status.text)?;
            }
        }
        Ok(())
    }

    /// The safety text, at once, through the app's own safety screen.
    pub fn safety(&mut self) -> io::Result<()> {
        self.send(Msg::Act(Action::Safety));
        self.windows()?;
        Ok(())
    }

    /// Runs the exercise or form open in the state until it is saved and closed, left,
    /// or the input ends.
    pub fn run_open(&mut self) -> io::Result<End> {
        self.shown = None;
        self.notice.clear();
        loop {
            self.say_news()?;
            if self.state.locked {
                self.say(
                    "The journal locked after the idle time set in your settings. Your answers \
                     are kept as a draft: start again to go on.",
                )?;
                return Ok(End::Stopped);
            }
            if self.state.overlay.is_some() {
                if self.windows()? == Some(End::Stopped) {
                    return Ok(End::Stopped);
                }
                continue;
            }
            let Some(runner) = &self.state.runner else {
                return Ok(End::Closed);
            };
            let ended = match runner.phase.clone() {
                Phase::Steps => self.on_step()?,
                Phase::Review => self.on_review()?,
                Phase::Saved(id) => self.on_saved(&id)?,
            };
            if ended {
                return self.stop();
            }
        }
    }

    /// The input ended: what was answered is kept as a draft.
    fn stop(&mut self) -> io::Result<End> {
        let had_answers = self
            .state
            .runner
            .as_ref()
            .is_some_and(|r| r.has_answers(self.state.now));
        self.send(Msg::Terminate);
        if had_answers {
            self.say("")?;
            self.say("Your answers are kept as a draft. Open the exercise again to go on.")?;
        }
        Ok(End::Stopped)
    }

    /// Answers the window the app opened over the screen (safety, a question).
    /// `Some(End::Stopped)` when the input ended.
    fn windows(&mut self) -> io::Result<Option<End>> {
        let Some(overlay) = self.state.overlay.clone() else {
            return Ok(None);
        };
        match overlay {
            Overlay::Safety => {
                self.heading(&self.state.safety.title.clone())?;
                let lines = say::safety(&self.state.safety);
                self.say_all(&lines)?;
                self.send(Msg::Act(Action::Back));
            }
            Overlay::Confirm(Confirm::Resume(_)) => {
                self.say("")?;
                self.say(
                    "You have a draft of this. Go on with it? Type y to go on where you left \
                     it, or n to start afresh (the draft is thrown away).",
                )?;
                let Some(line) = self.hear()? else {
                    return Ok(Some(End::Stopped));
                };
                match line.trim().to_lowercase().as_str() {
                    "y" | "yes" | "" => self.send(Msg::Act(Action::Yes)),
                    "n" | "no" => self.send(Msg::Act(Action::StartAfresh)),
                    _ if Word::of(&line) == Some(Word::Safety) => self.safety()?,
                    _ => self.say("Please type y or n.")?,
                }
            }
            Overlay::Confirm(Confirm::LeaveRunner | Confirm::Quit) => {
                self.say(
                    "Keep your answers as a draft? Type y to keep them, d to throw them \
                     away, or n to go on with the exercise.",
                )?;
                let Some(line) = self.hear()? else {
                    self.send(Msg::Act(Action::Back));
                    return Ok(Some(End::Stopped));
                };
                match line.trim().to_lowercase().as_str() {
                    "y" | "yes" => self.send(Msg::Act(Action::Yes)),
                    "d" => self.send(Msg::Act(Action::Discard)),
                    "n" | "no" => {
                        self.send(Msg::Act(Action::Back));
                        // The step is asked again.
                        self.shown = None;
                    }
                    _ => self.say("Please type y, d or n.")?,
                }
            }
            Overlay::Discussed { entries, .. } => return self.discussed(&entries),
            // Nothing else opens in linear mode; close it rather than hang.
            _ => self.send(Msg::Act(Action::Back)),
        }
        Ok(None)
    }

    /// "Which of the entries flagged to discuss did the session talk about?"
    fn discussed(&mut self, entries: &[EntryId]) -> io::Result<Option<End>> {
        let titles: Vec<String> = entries
            .iter()
            .map(|id| {
                self.state.journal.get(id).map_or_else(
                    || id.to_string(),
                    |e| crate::tui::screens::home::entry_line(e, usize::MAX),
                )
            })
            .collect();
        self.say("")?;
        self.say("Which of these flagged entries did you talk about?")?;
        for (i, title) in titles.iter().enumerate() {
            self.say(&format!("{}. {title}", i + 1))?;
        }
        self.say(
            "Type their numbers (e.g. 1,3) to take their flag off, or press Enter to keep \
             every flag.",
        )?;
        let Some(line) = self.hear()? else {
            self.send(Msg::Act(Action::Back));
            return Ok(Some(End::Stopped));
        };
        match parse::numbers(&line, entries.len(), true) {
            Ok((chosen, _)) if chosen.is_empty() => self.send(Msg::Act(Action::Back)),
            Ok((chosen, _)) => {
                let mut cursor = 0;
                let mut sorted = chosen;
                sorted.sort_unstable();
                for number in sorted {
                    while cursor + 1 < number {
                        self.send(Msg::Act(Action::Down));
                        cursor += 1;
                    }
                    self.send(Msg::Act(Action::Mark));
                }
                self.send(Msg::Act(Action::Yes));
            }
            Err(message) => self.say(&message)?,
        }
        Ok(None)
    }

    /// Prints the step the runner is on, once (again after a safety answer changes
    /// what is skipped).
    fn show_step(&mut self) -> io::Result<()> {
        let Some(runner) = &self.state.runner else {
            return Ok(());
        };
        let shown = Shown::Step {
            index: runner.index,
            safety: runner.safety_mode(),
        };
        if self.shown.as_ref() == Some(&shown) {
            return Ok(());
        }
        let notice = say::notice(runner);
        let heading = say::heading(runner);
        let lines = say::step(runner.step(), &runner.listed());
        let so_far = say::so_far(runner, self.state.now);
        let title = (self.shown.is_none()).then(|| runner.exercise.title.clone());
        self.shown = Some(shown);
        if let Some(title) = title {
            self.heading(&title)?;
        }
        if notice != self.notice {
            self.say_all(&notice)?;
            self.notice = notice;
        }
        self.heading(&heading)?;
        self.say_all(&lines)?;
        if let Some(so_far) = so_far {
            self.say(&so_far)?;
        }
        Ok(())
    }

    /// One turn on a step: a line (or a text's lines) heard and acted on. True when
    /// the input ended.
    fn on_step(&mut self) -> io::Result<bool> {
        self.show_step()?;
        let Some(runner) = &self.state.runner else {
            return Ok(false);
        };
        let step = runner.step().clone();
        let had = runner
            .answers(self.state.now)
            .into_iter()
            .nth(runner.index)
            .flatten();
        if let Step::Timer(_) = step {
            return self.on_break();
        }
        if let Step::Questionnaire(q) = &step {
            return self.on_questionnaire(q);
        }
        let Some(line) = self.hear()? else {
            return Ok(true);
        };
        if let Some(word) = Word::of(&line) {
            self.word(word)?;
            return Ok(false);
        }
        // Enter alone keeps what was answered (or leaves it unanswered).
        if line.trim().is_empty() && !matches!(step, Step::Text(_)) {
            self.next();
            return Ok(false);
        }
        let answer = match &step {
            Step::Read(_) => {
                self.next();
                return Ok(false);
            }
            Step::Text(_) if line.trim().is_empty() => {
                self.next();
                return Ok(false);
            }
            Step::Text(_) => {
                let Some(text) = self.rest_of_text(line)? else {
                    return Ok(true);
                };
                Ok(AnswerValue::Text { text })
            }
            Step::Scale(scale) => parse::scale(&line, scale.min, scale.max)
                .map(|value| AnswerValue::on_scale(scale, value)),
            Step::Choice(choice) => {
                let count = choice.options.len() + usize::from(choice.other.is_some());
                parse::numbers(&line, count, choice.multiple).and_then(|(numbers, words)| {
                    let other_number = choice.other.as_ref().map(|_| count);
                    let chosen = numbers
                        .iter()
                        .filter(|n| Some(**n) != other_number)
                        .map(|n| choice.options[n - 1].label.as_str().into())
                        .collect::<Vec<_>>();
                    let other = (!words.is_empty()
                        || numbers.iter().any(|n| Some(*n) == other_number))
                    .then_some(words);
                    match (&choice.other, &other) {
                        (None, Some(_)) => {
                            Err("Please type only the numbers of the options.".into())
                        }
                        (Some(_), Some(words)) if words.is_empty() => Err(format!(
                            "Please write your own words after {count}, e.g. {count} what it was."
                        )),
                        (_, Some(_)) if !choice.multiple && !chosen.is_empty() => {
                            Err("Please choose one: an option, or your own words.".into())
                        }
                        _ => Ok(AnswerValue::Choice { chosen, other }),
                    }
                })
            }
            Step::Checklist(list) => {
                parse::numbers(&line, list.items.len(), true).and_then(|(numbers, words)| {
                    if !words.is_empty() {
                        return Err("Please type only the numbers of the items.".into());
                    }
                    Ok(AnswerValue::Checklist {
                        items: list
                            .items
                            .iter()
                            .enumerate()
                            .map(|(i, text)| CheckedItem {
                                text: text.as_str().into(),
                                checked: numbers.contains(&(i + 1)),
                            })
                            .collect(),
                    })
                })
            }
            Step::Timer(_) | Step::Questionnaire(_) => return Ok(false),
        };
        match answer {
            Ok(answer) => {
                if had.as_ref() != Some(&answer) {
                    self.send(Msg::Answer(Some(answer)));
                }
                self.next();
            }
            Err(message) => self.say(&message)?,
        }
        Ok(false)
    }

    /// The lines of a written answer after its first, to the empty line that ends
    /// it; None when the input ended first (what was written is kept as the answer,
    /// so the draft holds it).
    fn rest_of_text(&mut self, first: String) -> io::Result<Option<String>> {
        let mut lines = vec![first];
        loop {
            match self.hear()? {
                Some(line) if line.trim().is_empty() => break,
                Some(line) => lines.push(line),
                None => {
                    let text = lines.join("\n");
                    self.send(Msg::Answer(Some(AnswerValue::Text { text })));
                    return Ok(None);
                }
            }
        }
        Ok(Some(lines.join("\n")))
    }

    /// Go on: the app's own rules decide where (or say why not).
    fn next(&mut self) {
        self.send(Msg::Act(Action::Next));
    }

    /// A word typed at a step's prompt.
    fn word(&mut self, word: Word) -> io::Result<()> {
        match word {
            Word::Back => {
                let before = self.state.runner.as_ref().map(|r| r.index);
                self.send(Msg::Act(Action::Previous));
                if self.state.runner.as_ref().map(|r| r.index) == before {
                    self.say("This is the first step.")?;
                }
            }
            Word::Skip => {
                self.send(Msg::Answer(None));
                self.next();
            }
            Word::Help => {
                self.say(say::EVERYWHERE)?;
                self.shown = None;
            }
            Word::Safety => self.safety()?,
            Word::Leave => self.send(Msg::Act(Action::Leave)),
            Word::Edit => {
                let is_text = self
                    .state
                    .runner
                    .as_ref()
                    .is_some_and(|r| matches!(r.step(), Step::Text(_)));
                if is_text {
                    self.send(Msg::Act(Action::EditInEditor));
                    if let Some(so_far) = self
                        .state
                        .runner
                        .as_ref()
                        .and_then(|r| say::so_far(r, self.state.now))
                    {
                        self.say(&so_far)?;
                    }
                } else {
                    self.say("Only a written answer can be written in the editor.")?;
                }
            }
        }
        Ok(())
    }

    /// Where the current step's break is.
    fn break_state(&self) -> Option<BreakState> {
        let runner = self.state.runner.as_ref()?;
        runner.inputs[runner.index].break_state(self.state.now)
    }

    /// A break: started with Enter, a line each minute (unless quiet) while it runs,
    /// paused with Enter, ended early with `end`, skipped with `skip`. True when the
    /// input ended.
    fn on_break(&mut self) -> io::Result<bool> {
        self.send(Msg::Tick(Now::system()));
        let Some(state) = self.break_state() else {
            return Ok(false);
        };
        let heard = match state {
            BreakState::Running { left, back_at } => {
                let wait = if self.quiet {
                    left
                } else {
                    // To the next whole minute left, so the lines say round minutes.
                    let into_minute = Duration::from_secs(left.as_secs() % 60);
                    let wait = if into_minute.is_zero() {
                        Duration::from_secs(60)
                    } else {
                        into_minute
                    };
                    wait.min(left)
                };
                self.out.flush()?;
                match self.input.line_within(wait + Duration::from_millis(50)) {
                    Heard::Line(line) => line,
                    Heard::End => return Ok(true),
                    Heard::Nothing => {
                        self.send(Msg::Tick(Now::system()));
                        match self.break_state() {
                            Some(BreakState::Running { left, .. }) if !self.quiet => {
                                let minutes = left.as_secs().div_ceil(60);
                                self.say(&format!(
                                    "{} left; come back at {}.",
                                    say::minutes_and_seconds(minutes * 60),
                                    back_at.format("%H:%M")
                                ))?;
                            }
                            Some(BreakState::Over { .. }) => {
                                self.say("Time is up. Welcome back. Press Enter to go on.")?;
                            }
                            _ => {}
                        }
                        return Ok(false);
                    }
                }
            }
            _ => match self.hear()? {
                Some(line) => line,
                None => return Ok(true),
            },
        };
        let word = Word::of(&heard);
        let typed = heard.trim().to_lowercase();
        let key = |code| {
            Msg::StepKey(crossterm::event::KeyEvent::new(
                code,
                crossterm::event::KeyModifiers::NONE,
            ))
        };
        match (state, word, typed.as_str()) {
            (_, Some(Word::Safety), _) => self.safety()?,
            (_, Some(Word::Help), _) => {
                self.say(
                    "Press Enter to start or pause the break, type end to end it early, skip \
                     to skip it.",
                )?;
                self.say(say::EVERYWHERE)?;
            }
            (_, Some(Word::Back), _) => self.word(Word::Back)?,
            (_, Some(Word::Leave), _) => self.word(Word::Leave)?,
            (BreakState::Over { .. }, Some(Word::Skip), _) => self.next(),
            (_, Some(Word::Skip), _) => self.send(key(crossterm::event::KeyCode::Char('s'))),
            (BreakState::Ready, _, "") => {
                self.send(key(crossterm::event::KeyCode::Enter));
                if let Some(BreakState::Running { left, back_at }) = self.break_state() {
                    self.say(&format!(
                        "The break has begun: come back at {}, in {}. Press Enter to pause it, \
                         type end to end it early.",
                        back_at.format("%H:%M"),
                        say::minutes_and_seconds(left.as_secs())
                    ))?;
                }
            }
            (BreakState::Running { .. }, _, "" | "pause") => {
                self.send(key(crossterm::event::KeyCode::Char(' ')));
                if let Some(BreakState::Paused { left }) = self.break_state() {
                    self.say(&format!(
                        "Paused, {} left. Press Enter to go on with it, type end to end it, \
                         or skip.",
                        say::minutes_and_seconds(left.as_secs())
                    ))?;
                }
            }
            (BreakState::Paused { .. }, _, "") => {
                self.send(key(crossterm::event::KeyCode::Char(' ')));
                if let Some(BreakState::Running { back_at, .. }) = self.break_state() {
                    self.say(&format!(
                        "Going on: come back at {}.",
                        back_at.format("%H:%M")
                    ))?;
                }
            }
            (BreakState::Running { .. } | BreakState::Paused { .. }, _, "end") => {
                // The app asks again before ending a break; a typed word is not a slip.
                self.send(key(crossterm::event::KeyCode::Char('f')));
                self.send(key(crossterm::event::KeyCode::Char('f')));
            }
            (BreakState::Over { .. }, _, "") => self.send(key(crossterm::event::KeyCode::Enter)),
            _ => self.say(
                "Press Enter to start or pause the break, type end to end it early, or skip.",
            )?,
        }
        if let Some(BreakState::Over { early }) = self.break_state()
            && self
                .state
                .runner
                .as_ref()
                .is_some_and(|r| r.phase == Phase::Steps)
            && matches!(
                state,
                BreakState::Running { .. } | BreakState::Paused { .. }
            )
        {
            self.say(if early {
                "You ended the break early. Welcome back. Press Enter to go on."
            } else {
                "Time is up. Welcome back. Press Enter to go on."
            })?;
        }
        Ok(false)
    }

    /// A questionnaire: each statement in turn, then its result in words before the
    /// steps that talk about it. True when the input ended.
    fn on_questionnaire(&mut self, q: &QuestionnaireStep) -> io::Result<bool> {
        let now = self.state.now;
        let mut answers: Vec<Option<i64>> = match self
            .state
            .runner
            .as_ref()
            .and_then(|r| r.answers(now).into_iter().nth(r.index).flatten())
        {
            Some(AnswerValue::Questionnaire { items, .. }) => q
                .items
                .iter()
                .map(|item| {
                    items
                        .iter()
                        .find(|r| r.text.as_str() == item.text)
                        .map(|r| r.answer)
                })
                .collect(),
            _ => vec![None; q.items.len()],
        };
        let mut at = 0;
        while at < q.items.len() {
            self.say(&say::statement(q, at, answers[at]))?;
            let Some(line) = self.hear()? else {
                return Ok(true);
            };
            match Word::of(&line) {
                Some(Word::Back) if at == 0 => {
                    self.word(Word::Back)?;
                    return Ok(false);
                }
                Some(Word::Back) => at -= 1,
                Some(Word::Skip) => {
                    self.say(
                        "Each statement needs an answer for the result. Type leave to stop here.",
                    )?;
                }
                Some(Word::Help) => {
                    self.say(&format!(
                        "Answer with a number from {} ({}) to {} ({}).",
                        q.scale.min, q.scale.min_label, q.scale.max, q.scale.max_label
                    ))?;
                    self.say(say::EVERYWHERE)?;
                }
                Some(Word::Safety) => self.safety()?,
                Some(Word::Leave) => {
                    self.word(Word::Leave)?;
                    return Ok(false);
                }
                Some(Word::Edit) => self.say("Please answer with a number.")?,
                None if line.trim().is_empty() && answers[at].is_some() => at += 1,
                None => match parse::scale(&line, q.scale.min, q.scale.max) {
                    Ok(value) => {
                        answers[at] = Some(value);
                        at += 1;
                    }
                    Err(message) => self.say(&message)?,
                },
            }
        }
        let Some(answer) = AnswerValue::rated(q, &answers) else {
            self.say("Some statements still need an answer.")?;
            return Ok(false);
        };
        let AnswerValue::Questionnaire { scores, .. } = &answer else {
            return Ok(false);
        };
        let said = scores.in_words();
        self.send(Msg::Answer(Some(answer)));
        // The first go-on shows the result; the app's steps after it talk about it.
        self.next();
        self.heading(crate::pack::questionnaire::RESULTS_HEADING)?;
        for (heading, text) in said {
            self.say(&heading)?;
            self.say(&text)?;
        }
        self.say("Press Enter to go on, or type back to change your answers.")?;
        loop {
            let Some(line) = self.hear()? else {
                return Ok(true);
            };
            match Word::of(&line) {
                Some(Word::Back) => {
                    // Asked again, with the answers given.
                    self.send(Msg::Answer(self.state.runner.as_ref().and_then(|r| {
                        r.answers(self.state.now).into_iter().nth(r.index).flatten()
                    })));
                    self.shown = None;
                    return Ok(false);
                }
                Some(Word::Safety) => self.safety()?,
                Some(Word::Leave) => {
                    self.word(Word::Leave)?;
                    return Ok(false);
                }
                _ if line.trim().is_empty() => {
                    self.next();
                    return Ok(false);
                }
                _ => self.say("Press Enter to go on, or type back.")?,
            }
        }
    }

    /// The review: every answer, then save, change one, or leave. True when the input
    /// ended.
    fn on_review(&mut self) -> io::Result<bool> {
        if self.shown != Some(Shown::Review) {
            self.shown = Some(Shown::Review);
            let lines = self
                .state
                .runner
                .as_ref()
                .map(|r| say::review(r, self.state.now))
                .unwrap_or_default();
            self.heading("Review")?;
            self.say_all(&lines)?;
        }
        let Some(line) = self.hear()? else {
            return Ok(true);
        };
        let typed = line.trim().to_lowercase();
        match (Word::of(&line), typed.as_str()) {
            (_, "" | "save" | "s") => self.send(Msg::Act(Action::Save)),
            (Some(Word::Back), _) => self.send(Msg::Act(Action::BackToSteps)),
            (Some(Word::Safety), _) => self.safety()?,
            (Some(Word::Leave), _) => self.send(Msg::Act(Action::Leave)),
            (Some(Word::Help), _) => self.say(
                "Press Enter to save. Type a step's number to change its answer, back for \
                 the last step, leave to keep a draft, or safety.",
            )?,
            _ => match typed.parse::<usize>() {
                Ok(number) => self.go_to_step(number)?,
                Err(_) => {
                    self.say("Press Enter to save, or type a step's number, back or leave.")?
                }
            },
        }
        Ok(false)
    }

    /// Back to the `number`th step on the path, through the app's own going back.
    fn go_to_step(&mut self, number: usize) -> io::Result<()> {
        let total = self.state.runner.as_ref().map_or(0, |r| r.progress().1);
        if number == 0 || number > total {
            return self.say(&format!(
                "There is no step {number}: type a number from 1 to {total}."
            ));
        }
        self.send(Msg::Act(Action::BackToSteps));
        while let Some(runner) = &self.state.runner
            && runner.progress().0 > number
        {
            let before = runner.index;
            self.send(Msg::Act(Action::Previous));
            if self.state.runner.as_ref().map(|r| r.index) == Some(before) {
                break;
            }
        }
        Ok(())
    }

    /// The end: where it was saved, the safety help after an answer that signals
    /// fear, and the practice suggestion, which can become a plan. True when the input
    /// ended.
    fn on_saved(&mut self, id: &EntryId) -> io::Result<bool> {
        let Some(runner) = &self.state.runner else {
            return Ok(false);
        };
        let safety_mode = runner.safety_mode();
        let practice = runner
            .exercise
            .practice
            .clone()
            .filter(|_| runner.offers_practice());
        if self.shown != Some(Shown::Saved) {
            self.shown = Some(Shown::Saved);
            self.say(&format!("Entry {id}."))?;
            if safety_mode {
                let [heading, why] = crate::tui::app::runner::SAFETY_AT_THE_END;
                self.heading(heading)?;
                self.say(why)?;
                let resources: Vec<String> = self
                    .state
                    .safety
                    .resources
                    .iter()
                    .map(|r| format!("{}: {}", r.name, r.contact))
                    .collect();
                self.say_all(&resources)?;
                self.say("Type safety at any prompt for the safety screen.")?;
            }
            if let Some(practice) = &practice {
                self.heading("Before your next session, try this:")?;
                self.say(&practice.attempt)?;
                self.say(&format!("Notice: {}", practice.notice))?;
            }
        }
        if practice.is_none() {
            self.send(Msg::Act(Action::Open));
            return Ok(false);
        }
        self.say("Make the practice suggestion a plan? [y/N]")?;
        let Some(line) = self.hear()? else {
            self.send(Msg::Act(Action::Open));
            return Ok(false);
        };
        match (Word::of(&line), line.trim().to_lowercase().as_str()) {
            (Some(Word::Safety), _) => self.safety()?,
            (_, "y" | "yes") => {
                self.send(Msg::Act(Action::MakePlan));
                self.shown = None;
                self.notice.clear();
            }
            _ => self.send(Msg::Act(Action::Open)),
        }
        Ok(false)
    }
}
