//! `between areas`, `between exercises`, `between show`: browsing what there is to do.

use std::io::Write;

use clap::Args;
use serde::Serialize;

use super::write_json;
use crate::Error;
use crate::data_dir::DataDir;
use crate::pack::Catalog;
use crate::pack::promises::PROMISES;

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
    out.write_all(crate::pack::describe::exercise_text(found).as_bytes())?;
    Ok(())
}
