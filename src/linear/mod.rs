//! Linear mode: every exercise as a plain conversation on standard input and output,
//! for screen readers, plain terminals, phones and slow links. Each step is printed
//! once as plain text, then its prompt; nothing is redrawn and nothing moves the
//! cursor.
//!
//! One engine: the full-screen app's state and `update` (`tui::app`) run the
//! exercise, its drafts and its safety rules, and `tui::effects::Files` saves; this
//! module only formats what the state shows (`say`) and parses typed lines (`parse`)
//! into the messages a key would send (`talk`).

mod input;
pub mod parse;
pub mod say;
mod talk;

use std::io::BufRead;

use crate::Error;
use crate::data_dir::DataDir;
use crate::environment::Environment;
use crate::tui::app::runner::Source;
use crate::tui::app::{Msg, Start, State};
use crate::tui::effects::Files;
use crate::vault::Vault;
pub use input::Input;
pub use talk::{End, Out, Talk};

/// What linear mode is asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Asked {
    /// The menu of everything (`between` in linear mode).
    Menu,
    /// Choose an area and an exercise from numbered lists (`between do`).
    Choose,
    /// This exercise: `AREA/EXERCISE`, or an exercise's id alone when only one has it.
    Exercise(String),
    /// A note (`between note` on a terminal).
    Note,
}

/// How linear mode talks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Manner {
    /// A break prints only when it ends, not a line each minute.
    pub quiet: bool,
}

/// Runs linear mode on the data directory `dir` (unlocked with `vault` when
/// encrypted), reading lines from `reader` and writing to `out`.
pub fn run(
    dir: &DataDir,
    vault: Option<Vault>,
    env: &Environment,
    asked: &Asked,
    manner: Manner,
    reader: impl BufRead + Send + 'static,
    out: &mut dyn Out,
) -> Result<(), Error> {
    let start = Start {
        home_dir: env.home.clone(),
        ..crate::tui::load(dir, vault.clone())?
    };
    for warning in &start.warnings {
        writeln!(out, "between: {warning}")?;
    }
    let files = Files::new(dir, vault, env);
    let mut input = Input::spawn(reader);
    let mut talk = Talk::new(State::new(start), &files, &mut input, out, manner.quiet);
    match asked {
        Asked::Menu => menu(&mut talk)?,
        Asked::Choose => {
            if let Some(source) = choose_exercise(&mut talk)? {
                open(&mut talk, source)?;
            }
        }
        Asked::Exercise(name) => {
            let source = find_exercise(&talk.state, name)?;
            open(&mut talk, source)?;
        }
        Asked::Note => {
            open(&mut talk, Source::Note)?;
        }
    }
    Ok(())
}

/// Opens `source` (its draft offered first) and talks it through.
fn open(talk: &mut Talk<'_>, source: Source) -> Result<End, Error> {
    talk.send(Msg::Start(source));
    Ok(talk.run_open()?)
}

/// The exercise `name` names: `AREA/EXERCISE`, or an exercise id that only one
/// exercise has.
fn find_exercise(state: &State, name: &str) -> Result<Source, Error> {
    let (area, id) = match name.split_once('/') {
        Some((area, id)) => (Some(area), id),
        None => (None, name),
    };
    let found: Vec<_> = state
        .catalog
        .exercises()
        .filter(|f| f.exercise.id == id && area.is_none_or(|a| f.exercise.area == a))
        .collect();
    match found.as_slice() {
        [one] => Ok(Source::exercise(&one.pack.pack.id, &one.exercise.id)),
        [] => Err(Error::Usage(format!(
            "there is no exercise {} (`between exercises` lists them, as AREA/EXERCISE)",
            crate::sanitize::text(name)
        ))),
        several => Err(Error::Usage(format!(
            "{} names {} exercises; say which with its area: {}",
            crate::sanitize::text(name),
            several.len(),
            several
                .iter()
                .map(|f| format!("{}/{}", f.exercise.area, f.exercise.id))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// Asks for a number from 1 to `count`; None when the user types `q`, `back` or the
/// input ends. `safety` works here too.
fn pick(talk: &mut Talk<'_>, count: usize) -> Result<Option<usize>, Error> {
    loop {
        let Some(line) = talk.hear()? else {
            return Ok(None);
        };
        let typed = line.trim().to_lowercase();
        match (parse::Word::of(&line), typed.as_str()) {
            (Some(parse::Word::Safety), _) => talk.safety()?,
            (Some(parse::Word::Back | parse::Word::Leave), _) | (_, "q") => return Ok(None),
            (Some(parse::Word::Help), _) | (_, "") => talk.say(&format!(
                "Type a number from 1 to {count}, back to go back, or safety."
            ))?,
            _ => match parse::numbers(&typed, count, false) {
                Ok((numbers, words)) if numbers.len() == 1 && words.is_empty() => {
                    return Ok(Some(numbers[0]));
                }
                Ok(_) => talk.say(&format!("Please type a number from 1 to {count}."))?,
                Err(message) => talk.say(&message)?,
            },
        }
    }
}

/// An area, then one of its exercises, from numbered lists.
fn choose_exercise(talk: &mut Talk<'_>) -> Result<Option<Source>, Error> {
    loop {
        let areas: Vec<_> = talk
            .state
            .catalog
            .areas()
            .into_iter()
            .filter(|a| a.exercises > 0)
            .collect();
        talk.heading("Which area?")?;
        for (i, area) in areas.iter().enumerate() {
            let count = crate::words::count(area.exercises, "exercise", "exercises");
            talk.say(&format!(
                "{}. {} ({count}): {}",
                i + 1,
                area.decl.title,
                area.decl.summary
            ))?;
        }
        talk.say("Type a number, or back.")?;
        let Some(number) = pick(talk, areas.len())? else {
            return Ok(None);
        };
        let area = &areas[number - 1];
        let exercises: Vec<(Source, String)> =
            crate::tui::app::area::exercises(&talk.state, &area.decl.id)
                .into_iter()
                .map(|f| {
                    let homework = crate::practice::homework::assigned(
                        &talk.state.catalog,
                        &f.pack.pack.id,
                        &f.exercise.id,
                        talk.state.today,
                    )
                    .map(|a| format!(" Homework from {}.", crate::sanitize::text(&a.from)))
                    .unwrap_or_default();
                    let draft = Source::exercise(&f.pack.pack.id, &f.exercise.id);
                    let kept = if talk.state.drafts.contains(&draft.draft_key()) {
                        " You have a draft of it."
                    } else {
                        ""
                    };
                    (
                        draft,
                        format!(
                            "{} ({} min): {}{homework}{kept}",
                            f.exercise.title, f.exercise.minutes, f.exercise.summary
                        ),
                    )
                })
                .collect();
        talk.heading(&format!("{}: which exercise?", area.decl.title))?;
        for (i, (_, line)) in exercises.iter().enumerate() {
            talk.say(&format!("{}. {line}", i + 1))?;
        }
        talk.say("Type a number, or back for the areas.")?;
        if let Some(number) = pick(talk, exercises.len())? {
            return Ok(Some(exercises[number - 1].0.clone()));
        }
    }
}

/// The menu of linear mode: an exercise, a note, a session, what is due, safety.
fn menu(talk: &mut Talk<'_>) -> Result<(), Error> {
    const CHOICES: [&str; 5] = [
        "Do an exercise",
        "Write a note",
        "Record a therapy session",
        "What is due",
        "Safety: where to get help now",
    ];
    talk.say("between: exercises and a private journal, as a conversation.")?;
    talk.say(
        "This is not therapy and not for emergencies. Type safety at any prompt for where \
         to get help now.",
    )?;
    loop {
        talk.heading("What would you like to do?")?;
        for (i, choice) in CHOICES.iter().enumerate() {
            talk.say(&format!("{}. {choice}", i + 1))?;
        }
        talk.say("Type a number, or q to leave.")?;
        let Some(number) = pick(talk, CHOICES.len())? else {
            return Ok(());
        };
        let end = match number {
            1 => match choose_exercise(talk)? {
                Some(source) => open(talk, source)?,
                None => End::Closed,
            },
            2 => open(talk, Source::Note)?,
            3 => open(talk, Source::Session)?,
            4 => {
                due(talk)?;
                End::Closed
            }
            _ => {
                talk.safety()?;
                End::Closed
            }
        };
        if end == End::Stopped {
            return Ok(());
        }
    }
}

/// What is due: plans behind their target, reviews whose day has come, and the
/// homework left, with its exercises, as home words them.
fn due(talk: &mut Talk<'_>) -> Result<(), Error> {
    let today = talk.state.today;
    let state = &talk.state;
    let due = crate::practice::due_today(&state.catalog, &state.journal, today);
    let mut lines: Vec<String> = due.plans.iter().map(|item| item.line(today)).collect();
    for left in due.homework_left() {
        let homework = &left.homework;
        let note_from = homework.note_from();
        let noted = |note: &str| format!("{note_from}: {}", say::one_line(note));
        lines.push(left.heading(today, &state.rounds));
        lines.extend(homework.assignment.note.as_deref().map(noted));
        for item in &homework.items {
            lines.push(format!("- {}", item.line()));
            lines.extend(
                item.item
                    .note
                    .as_deref()
                    .map(|note| format!("  {}", noted(note))),
            );
        }
    }
    talk.heading("What is due")?;
    if lines.is_empty() {
        talk.say("Nothing is due.")?;
    }
    for line in lines {
        talk.say(&line)?;
    }
    Ok(())
}
