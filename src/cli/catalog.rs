//! `between areas`, `between exercises`, `between show`: browsing what there is to do.

use std::io::Write;

use clap::Args;
use serde::Serialize;

use super::write_json;
use crate::Error;
use crate::data_dir::DataDir;
use crate::pack::catalog::Origin;
use crate::pack::model::Step;
use crate::pack::promises::PROMISES;
use crate::pack::{Catalog, ExerciseRef};

/// Arguments of `between areas`.
#[derive(Debug, Args)]
pub struct AreasArgs {
    /// Print JSON: a list of areas.
    #[arg(long)]
    json: bool,
}

/// Arguments of `between exercises`.
#[derive(Debug, Args)]
pub struct ExercisesArgs {
    /// Only exercises of this area.
    #[arg(long, value_name = "AREA")]
    area: Option<String>,
    /// Print JSON: a list of exercises.
    #[arg(long, conflicts_with = "markdown")]
    json: bool,
    /// Print the catalogue as Markdown, by area, for a therapist to read (this is
    /// `docs/exercises.md`).
    #[arg(long)]
    markdown: bool,
}

/// Arguments of `between show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The exercise, as AREA/EXERCISE or its id alone when that is unique.
    #[arg(value_name = "AREA/EXERCISE")]
    exercise: String,
    /// Only look in the pack with this id.
    #[arg(long, value_name = "PACK")]
    pack: Option<String>,
    /// Print the exercise as JSON, in the pack format.
    #[arg(long)]
    json: bool,
}

/// Loads the catalog and reports installed packs that were left out.
fn load_catalog(dir: &DataDir) -> Result<Catalog, Error> {
    let catalog = Catalog::load(&dir.packs())?;
    for warning in &catalog.warnings {
        say!("between: warning: {warning}");
    }
    Ok(catalog)
}

#[derive(Serialize)]
struct AreaRow<'a> {
    id: &'a str,
    title: &'a str,
    summary: &'a str,
    builtin: bool,
    pack: Option<&'a str>,
    exercises: usize,
}

/// Prints the areas with their exercise counts.
pub fn areas(dir: &DataDir, args: &AreasArgs, out: &mut dyn Write) -> Result<(), Error> {
    let catalog = load_catalog(dir)?;
    let areas = catalog.areas();
    let rows: Vec<AreaRow<'_>> = areas
        .iter()
        .map(|area| AreaRow {
            id: &area.decl.id,
            title: &area.decl.title,
            summary: &area.decl.summary,
            builtin: area.declared_by.is_none(),
            pack: area.declared_by.as_deref(),
            exercises: area.exercises,
        })
        .collect();
    if args.json {
        return write_json(out, &rows);
    }
    let width = rows.iter().map(|r| r.id.len()).max().unwrap_or(0);
    for row in &rows {
        let noun = if row.exercises == 1 {
            "exercise"
        } else {
            "exercises"
        };
        writeln!(
            out,
            "{:<width$}  {}  ({} {noun})",
            row.id, row.title, row.exercises
        )?;
        writeln!(out, "{:<width$}  {}", "", row.summary)?;
    }
    Ok(())
}

#[derive(Serialize)]
struct ExerciseRow<'a> {
    reference: String,
    pack: &'a str,
    pack_version: u32,
    area: &'a str,
    id: &'a str,
    title: &'a str,
    summary: &'a str,
    minutes: u32,
    technique: &'a str,
    steps: usize,
    /// Whether the exercise asks about safety before anything with the partner.
    safety_check: bool,
    /// The promises of the work it serves, by id.
    serves: &'a [String],
}

/// Prints the exercises, optionally of one area.
pub fn exercises(dir: &DataDir, args: &ExercisesArgs, out: &mut dyn Write) -> Result<(), Error> {
    let catalog = load_catalog(dir)?;
    if let Some(area) = &args.area
        && !catalog.areas().iter().any(|a| &a.decl.id == area)
    {
        return Err(crate::pack::FindError::NotFound {
            reference: crate::sanitize::text(area).into_owned(),
        }
        .into());
    }
    let rows: Vec<ExerciseRow<'_>> = catalog
        .exercises()
        .filter(|found| args.area.as_ref().is_none_or(|a| &found.exercise.area == a))
        .map(|found| ExerciseRow {
            reference: found.reference(),
            pack: &found.pack.pack.id,
            pack_version: found.pack.pack.version,
            area: &found.exercise.area,
            id: &found.exercise.id,
            title: &found.exercise.title,
            summary: &found.exercise.summary,
            minutes: found.exercise.minutes,
            technique: &found.exercise.technique,
            steps: found.exercise.steps.len(),
            safety_check: found.exercise.safety_check().is_some(),
            serves: &found.exercise.serves,
        })
        .collect();
    if args.json {
        return write_json(out, &rows);
    }
    if args.markdown {
        out.write_all(markdown_catalogue(&catalog, args.area.as_deref()).as_bytes())?;
        return Ok(());
    }
    let width = rows.iter().map(|r| r.reference.len()).max().unwrap_or(0);
    for row in &rows {
        writeln!(
            out,
            "{:<width$}  {:>3} min  {}  ({})",
            row.reference, row.minutes, row.title, row.technique
        )?;
    }
    Ok(())
}

/// The catalogue as Markdown: per area its exercises with time, technique, steps and
/// the reading level (Flesch–Kincaid grade of its prompts and texts).
fn markdown_catalogue(catalog: &Catalog, only: Option<&str>) -> String {
    use crate::pack::readability::Counts;
    use std::fmt::Write as _;

    let mut text = String::from(
        "# The exercises\n\n\
         Every exercise in between, by area: how long it takes, the method it comes from, \
         how many steps it has, whether it asks how safe you feel before anything with \
         your partner, and its reading level (the Flesch–Kincaid grade of its prompts and \
         texts; the aim is about grade 7–8). Run any of them with \
         `between show AREA/EXERCISE`, or assign one in a pack as `area/exercise`. The \
         last table shows which exercises serve each promise of the work.\n\n\
         This file is made by `between exercises --markdown`; a test keeps it current.\n",
    );
    for area in catalog.areas() {
        if only.is_some_and(|a| a != area.decl.id) {
            continue;
        }
        let exercises: Vec<_> = catalog
            .exercises()
            .filter(|found| found.exercise.area == area.decl.id)
            .collect();
        if exercises.is_empty() {
            continue;
        }
        let _ = write!(
            text,
            "\n## {} (`{}`)\n\n{}\n\n",
            area.decl.title, area.decl.id, area.decl.summary
        );
        text.push_str(
            "| exercise | minutes | technique | steps | safety check | grade |\n\
             |---|---|---|---|---|---|\n",
        );
        for found in exercises {
            let exercise = found.exercise;
            let grade = exercise
                .steps
                .iter()
                .map(|step| Counts::of(step.prompt()))
                .fold(Counts::default(), |a, b| a + b)
                .grade()
                .map_or_else(|| "–".to_owned(), |g| format!("{g:.1}"));
            let safety = if exercise.safety_check().is_some() {
                "yes"
            } else {
                "–"
            };
            let _ = writeln!(
                text,
                "| **{}**<br>`{}` | {} | {} | {} | {safety} | {grade} |",
                exercise.title.replace('|', "\\|"),
                found.reference(),
                exercise.minutes,
                exercise.technique.replace('|', "\\|"),
                exercise.steps.len(),
            );
        }
    }
    text.push_str(
        "\n## What the work promises, and the exercises that serve it\n\n\
         | promise | exercises |\n|---|---|\n",
    );
    for promise in &PROMISES {
        let serving: Vec<String> = catalog
            .exercises()
            .filter(|found| only.is_none_or(|a| a == found.exercise.area))
            .filter(|found| found.exercise.serves.iter().any(|id| id == promise.id))
            .map(|found| format!("`{}`", found.reference()))
            .collect();
        let serving = if serving.is_empty() {
            "–".to_owned()
        } else {
            serving.join(", ")
        };
        let _ = writeln!(
            text,
            "| {} (`{}`) | {serving} |",
            promise.text.replace('|', "\\|"),
            promise.id
        );
    }
    text
}

/// Prints one exercise, as text or as JSON.
pub fn show(dir: &DataDir, args: &ShowArgs, out: &mut dyn Write) -> Result<(), Error> {
    let catalog = load_catalog(dir)?;
    let found = catalog.find(&args.exercise, args.pack.as_deref())?;
    if args.json {
        return write_json(out, found.exercise);
    }
    out.write_all(render_exercise(found).as_bytes())?;
    Ok(())
}

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
fn render_exercise(found: ExerciseRef<'_>) -> String {
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

fn duration(seconds: u32) -> String {
    match (seconds / 60, seconds % 60) {
        (0, s) => format!("{s} seconds"),
        (1, 0) => "1 minute".into(),
        (m, 0) => format!("{m} minutes"),
        (m, s) => format!("{m} min {s} s"),
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
