//! `between pack`: check pack files, and add, list, show and remove installed packs.

use std::io::Write;
use std::path::PathBuf;

use clap::Subcommand;

use super::{confirm, write_json};
use crate::Error;
use crate::data_dir::DataDir;
use crate::environment::Environment;
use crate::journal::dates::today;
use crate::journal::rounds::Upgrade;
use crate::pack::catalog::{LoadedPack, Origin};
use crate::pack::install;
use crate::pack::model::Assignment;
use crate::pack::template::template;
use crate::pack::{Catalog, load_file, schema};
use crate::practice::homework::describe;
use crate::secure_fs;

/// The `pack` subcommands.
#[derive(Debug, Subcommand)]
pub enum PackCommand {
    /// Check pack files: one `ok` line per good file, every problem of a bad one.
    /// Exits 0 when all are good, 65 otherwise.
    Check {
        /// The pack files to check.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Print the JSON Schema of the pack format.
    Schema,
    /// Write a starting point for homework: a valid pack with a step of every kind
    /// and an assignment, each text an example to rewrite.
    New {
        /// Your name as your client knows it.
        #[arg(long, value_name = "NAME", default_value = "Your name")]
        from: String,
        /// Write to FILE instead of printing; an existing file is never replaced.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Write homework for one client: a pack with its own id, set today and due when
    /// you say, with the exercises you name (built in, or from a library pack of
    /// yours), checked before it is written.
    Assign(super::pack_assign::AssignArgs),
    /// Try a pack as your client will see it: the app opens on a throw-away data
    /// directory with only this pack installed, and everything in it is deleted when
    /// you quit. Your own journal is not touched.
    Preview {
        /// The pack file.
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Install a pack file (from your therapist, say) so its exercises appear in the
    /// app. A higher version of an installed pack replaces it after you confirm.
    Add {
        /// The pack file.
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Replace an installed older version without asking.
        #[arg(long)]
        yes: bool,
    },
    /// List every pack: built in and installed.
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Show a pack: who wrote it, what it is for, its exercises.
    Show {
        /// The pack's id, as `pack list` shows it.
        id: String,
    },
    /// Remove an installed pack. Journal entries made with it are kept.
    Remove {
        /// The pack's id, as `pack list` shows it.
        id: String,
        /// Remove without asking.
        #[arg(long)]
        yes: bool,
    },
}

/// Runs a `pack` subcommand; `dir` is resolved only by those that use the data directory.
pub fn run(
    command: PackCommand,
    dir: impl FnOnce() -> Result<DataDir, Error>,
    env: &Environment,
    out: &mut dyn Write,
) -> Result<(), Error> {
    match command {
        PackCommand::Check { files } => check(&files, out),
        PackCommand::Schema => {
            out.write_all(schema().as_bytes())?;
            Ok(())
        }
        PackCommand::New { from, out: file } => new(&from, file.as_deref(), out),
        PackCommand::Assign(args) => super::pack_assign::assign(args, out),
        PackCommand::Preview { file } => preview(&file, env, out),
        PackCommand::Add { file, yes } => add(&dir()?, &file, yes, out),
        PackCommand::List { json } => list(&dir()?, json, out),
        PackCommand::Show { id } => show(&dir()?, &id, out),
        PackCommand::Remove { id, yes } => remove(&dir()?, &id, yes, out),
    }
}

fn new(from: &str, file: Option<&std::path::Path>, out: &mut dyn Write) -> Result<(), Error> {
    if from.trim().is_empty() {
        return Err(Error::Usage(
            "--from must not be blank: give your name".into(),
        ));
    }
    let text = template(from, today());
    let Some(file) = file else {
        out.write_all(text.as_bytes())?;
        return Ok(());
    };
    let shown = file.display().to_string();
    // Point editors at the schema, written beside the pack.
    let text = text.replacen(
        "{\n",
        &format!("{{\n  \"$schema\": \"./{SCHEMA_FILE}\",\n"),
        1,
    );
    super::new_pack_file::write_new_pack(file, &text)?;
    writeln!(
        out,
        "Wrote {shown}. Rewrite its texts, then `between pack check {shown}` before you send it."
    )?;
    let beside = secure_fs::folder_of(file).join(SCHEMA_FILE);
    let shown_schema = beside.display().to_string();
    let schema = schema();
    match std::fs::read(&beside) {
        Ok(existing) if existing == schema.as_bytes() => {}
        Ok(_) => writeln!(
            out,
            "{shown_schema} is already there and is not this version's schema, so it was left \
             as it is; `between pack schema` prints the schema editors should use."
        )?,
        Err(_) => {
            let written = secure_fs::create_new(&beside).and_then(|mut f| {
                f.write_all(schema.as_bytes())?;
                f.sync_all()
            });
            match written {
                Ok(()) => writeln!(
                    out,
                    "Wrote {shown_schema} beside it: an editor such as VS Code uses it to \
                     complete and check the pack as you type."
                )?,
                Err(e) => writeln!(
                    out,
                    "Could not write {shown_schema} ({e}); the pack works without it."
                )?,
            }
        }
    }
    Ok(())
}

/// The name of the schema file `pack new` writes beside a pack.
const SCHEMA_FILE: &str = "pack.schema.json";

fn preview(file: &std::path::Path, env: &Environment, out: &mut dyn Write) -> Result<(), Error> {
    let sandbox = tempfile::Builder::new()
        .prefix("between-preview-")
        .tempdir_in(&env.temp_dir)
        .map_err(|source| crate::journal::StoreError::Io {
            action: "create a throw-away directory for the preview in",
            path: env.temp_dir.clone(),
            source,
        })?;
    let dir = DataDir::resolve(Some(sandbox.path()))?.in_environment(env);
    install::install(&dir, &install::prepare(&dir, file)?)?;
    crate::tui::run(&dir, env)?;
    let path = sandbox.path().to_path_buf();
    sandbox
        .close()
        .map_err(|source| crate::journal::StoreError::Io {
            action: "delete the preview's throw-away directory",
            path,
            source,
        })?;
    writeln!(out, "The preview is closed and everything in it deleted.")?;
    Ok(())
}

fn add(dir: &DataDir, file: &std::path::Path, yes: bool, out: &mut dyn Write) -> Result<(), Error> {
    let candidate = install::prepare(dir, file)?;
    let pack = &candidate.pack;
    // The rounds of homework are kept sealed with an encrypted journal: the key is
    // asked for only when there is homework to keep.
    let store = if Upgrade::needed(&candidate) {
        Some(super::unlock::store(dir)?)
    } else {
        None
    };
    let vault = store.as_ref().and_then(|store| store.vault());
    let upgrade = Upgrade::plan(dir, &candidate, &Catalog::load(&dir.packs())?, vault)?;
    if let Some((old, diff)) = &candidate.replaces {
        writeln!(
            out,
            "`{}` version {} is installed; this file is version {}. What changes:",
            pack.id, old.version, pack.version
        )?;
        for line in diff.lines() {
            writeln!(out, "  {line}")?;
        }
        if let Some(words) = &upgrade.words {
            writeln!(out, "{words}")?;
        }
        writeln!(
            out,
            "Entries you made with version {} keep their own copy of every prompt.",
            old.version
        )?;
        if !yes && !confirm(&format!("Replace version {}?", old.version))? {
            writeln!(out, "Kept version {}; nothing was installed.", old.version)?;
            return Ok(());
        }
    }
    upgrade.keep(dir, &pack.id, vault)?;
    let path = install::install(dir, &candidate)?;
    let count = pack.exercises.len();
    let noun = if count == 1 { "exercise" } else { "exercises" };
    let homework = match &pack.assignment {
        Some(assignment) => format!(", homework from {}", assignment.from),
        None => String::new(),
    };
    writeln!(
        out,
        "Installed `{}` version {} ({count} {noun}{homework}) as {}.",
        pack.id,
        pack.version,
        path.display()
    )?;
    Ok(())
}

fn catalog(dir: &DataDir) -> Result<Catalog, Error> {
    let catalog = Catalog::load(&dir.packs())?;
    for warning in &catalog.warnings {
        say!("warning: {warning}");
    }
    Ok(catalog)
}

fn origin_text(loaded: &LoadedPack) -> String {
    match &loaded.origin {
        Origin::Builtin => "built in".into(),
        Origin::Installed(path) => path.display().to_string(),
    }
}

fn list(dir: &DataDir, json: bool, out: &mut dyn Write) -> Result<(), Error> {
    let catalog = catalog(dir)?;
    if json {
        let packs: Vec<serde_json::Value> = catalog
            .packs()
            .iter()
            .map(|loaded| {
                let pack = &loaded.pack;
                serde_json::json!({
                    "id": pack.id,
                    "version": pack.version,
                    "title": pack.title,
                    "author": pack.author,
                    "exercises": pack.exercises.len(),
                    "builtin": loaded.origin == Origin::Builtin,
                    "file": match &loaded.origin {
                        Origin::Builtin => None,
                        Origin::Installed(path) => Some(path.display().to_string()),
                    },
                })
            })
            .collect();
        return write_json(out, &packs);
    }
    let width = catalog
        .packs()
        .iter()
        .map(|loaded| loaded.pack.id.chars().count())
        .max()
        .unwrap_or(0);
    for loaded in catalog.packs() {
        let pack = &loaded.pack;
        let kind = match loaded.origin {
            Origin::Builtin => "built in ",
            Origin::Installed(_) => "installed",
        };
        writeln!(
            out,
            "{:width$}  v{:<3} {kind}  {:>2} ex.  {}",
            pack.id,
            pack.version,
            pack.exercises.len(),
            pack.title
        )?;
    }
    Ok(())
}

/// The error for a pack id that names no pack (also used by `between report`).
pub(super) fn no_such_pack(id: &str) -> Error {
    Error::Usage(format!(
        "no pack `{id}`; `between pack list` shows the ones you have"
    ))
}

fn show(dir: &DataDir, id: &str, out: &mut dyn Write) -> Result<(), Error> {
    let catalog = catalog(dir)?;
    let loaded = catalog.pack(id).ok_or_else(|| no_such_pack(id))?;
    let pack = &loaded.pack;
    writeln!(out, "{}", pack.title)?;
    writeln!(
        out,
        "pack `{}`, version {}, {}",
        pack.id,
        pack.version,
        origin_text(loaded)
    )?;
    if let Some(author) = &pack.author {
        writeln!(out, "by {author}")?;
    }
    writeln!(out, "\n{}", pack.description)?;
    if let Some(intro) = &pack.intro {
        writeln!(out, "\n{intro}")?;
    }
    if !pack.exercises.is_empty() {
        writeln!(out, "\nExercises:")?;
        for exercise in &pack.exercises {
            writeln!(
                out,
                "  {}/{}  {}",
                exercise.area, exercise.id, exercise.title
            )?;
        }
    }
    if let Some(assignment) = &pack.assignment {
        write_assignment(assignment, out)?;
    }
    Ok(())
}

fn write_assignment(assignment: &Assignment, out: &mut dyn Write) -> Result<(), Error> {
    let heading = describe(
        &assignment.from,
        assignment.for_whom.as_deref(),
        assignment.assigned,
        assignment.due,
    );
    writeln!(out, "\n{heading}:")?;
    if let Some(note) = &assignment.note {
        writeln!(out, "  {note}")?;
    }
    for item in &assignment.items {
        writeln!(
            out,
            "  - {}: {}",
            item.exercise,
            item.per.how_often(item.times)
        )?;
        if let Some(note) = &item.note {
            writeln!(out, "    {note}")?;
        }
    }
    Ok(())
}

fn remove(dir: &DataDir, id: &str, yes: bool, out: &mut dyn Write) -> Result<(), Error> {
    let catalog = catalog(dir)?;
    let loaded = catalog.pack(id).ok_or_else(|| no_such_pack(id))?;
    if loaded.origin == Origin::Builtin {
        return Err(Error::Usage(format!(
            "`{id}` is built in and cannot be removed"
        )));
    }
    let question = format!(
        "Remove `{}` version {} ({})? Journal entries made with it are kept.",
        loaded.pack.id,
        loaded.pack.version,
        origin_text(loaded)
    );
    if !yes && !confirm(&question)? {
        writeln!(out, "Kept `{id}`; nothing was removed.")?;
        return Ok(());
    }
    match install::remove(dir, id)? {
        Some(pack) => {
            writeln!(
                out,
                "Removed `{}` version {}. Your journal entries made with it are kept.",
                pack.id, pack.version
            )?;
            if crate::journal::rounds::path(dir, &pack.id).is_file() {
                writeln!(
                    out,
                    "Its homework is kept too: `between report {}` still reports it.",
                    pack.id
                )?;
            }
            Ok(())
        }
        None => Err(no_such_pack(id)),
    }
}

fn check(files: &[PathBuf], out: &mut dyn Write) -> Result<(), Error> {
    let mut bad = 0;
    for file in files {
        match load_file(file) {
            Ok(pack) => {
                let shown = file.display();
                let count = pack.exercises.len();
                let noun = if count == 1 { "exercise" } else { "exercises" };
                writeln!(
                    out,
                    "ok: {shown}: pack `{}` version {}, {count} {noun}",
                    pack.id, pack.version
                )?;
                let left = crate::pack::template::example_texts_left(&pack);
                if let Some(first) = left.first() {
                    out.flush()?;
                    say!(
                        "between: warning: {shown}: {} still the example of `pack new` \
                         (first at {first}): rewrite it before you send the pack, or your \
                         client reads the instructions meant for you",
                        crate::words::count(left.len(), "text is", "texts are")
                    );
                }
            }
            Err(error) => {
                bad += 1;
                out.flush()?;
                say!("{error}");
            }
        }
    }
    if bad == 0 {
        Ok(())
    } else {
        Err(Error::PacksInvalid {
            bad,
            total: files.len(),
        })
    }
}
