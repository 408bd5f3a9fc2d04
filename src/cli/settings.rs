//! `between settings`: the settings in effect and where each came from; `between
//! settings check`: the settings file's problems, located, as `pack check` says a
//! pack's.

use std::io::Write;

use clap::{Args, Subcommand};

use crate::Error;
use crate::data_dir::DataDir;
use crate::environment::Environment;
use crate::mode_name::ModeChosenBy;
use crate::settings::{FromFile, Problem, Settings};
use crate::theme_name::ThemeChosenBy;

/// Arguments of `between settings`.
#[derive(Debug, Args)]
pub struct SettingsArgs {
    /// `check`: only check the settings file.
    #[command(subcommand)]
    command: Option<SettingsCommand>,
}

/// What `between settings` can do besides printing the settings.
#[derive(Debug, Subcommand)]
enum SettingsCommand {
    /// Check settings.json: each problem with its line and column; exits 65 when there
    /// is one, 0 when the file is fine or there is none.
    Check,
}

/// Where a setting in effect came from.
struct Source<'a> {
    /// The setting's value, in words.
    value: String,
    /// Where it came from.
    from: &'a str,
}

/// The flags of the command line that choose a setting for the run, so `between
/// settings` can name them.
#[derive(Debug, Clone, Copy)]
pub struct Flags {
    /// `--no-color` (`env` says only that no colour is wanted, not who said so).
    pub no_color: bool,
    /// `--linear`.
    pub linear: bool,
}

/// Runs `between settings` or `between settings check`.
pub fn run(
    dir: &DataDir,
    args: &SettingsArgs,
    env: &Environment,
    flags: Flags,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let file = crate::settings::path(dir);
    let read = crate::settings::read_file(dir).map_err(|e| {
        let problem = Problem {
            field: String::new(),
            place: None,
            what: format!("cannot be read ({e})"),
        };
        vec![problem]
    });
    let (own_keys, key_problems) = match &read {
        Ok(Some(read)) => crate::tui::app::keys::own_keys(&read.settings.keys),
        _ => Default::default(),
    };
    let mut problems: Vec<Problem> = match &read {
        Ok(Some(read)) => read.problems.iter().chain(&key_problems).cloned().collect(),
        Ok(None) => Vec::new(),
        Err(problems) => problems.clone(),
    };
    // In the file's order, as an editor goes through them.
    problems.sort_by_key(|problem| problem.place.map(|p| (p.line, p.column)));
    let shown = crate::sanitize::text(&file.display().to_string()).into_owned();
    if args.command.is_some() {
        return check(
            &file,
            read.as_ref().is_ok_and(Option::is_none),
            &problems,
            out,
        );
    }
    let from_file = read.ok().flatten();
    writeln!(out, "Settings file: {shown}")?;
    for (field, source) in sources(from_file.as_ref(), env, flags) {
        writeln!(out, "  {field:<18} {:<22} {}", source.value, source.from)?;
    }
    let given: Vec<_> = from_file.iter().flat_map(|f| &f.settings.keys).collect();
    let used: Vec<_> = given
        .iter()
        .filter(|choice| {
            crate::tui::key_names::action_named(&choice.action)
                .is_some_and(|action| own_keys.keys_of(action).is_some())
        })
        .collect();
    if used.is_empty() {
        writeln!(out, "  {:<18} {:<22} default", "keys", "the app's own")?;
    }
    for (i, choice) in used.iter().enumerate() {
        let name = if i == 0 { "keys" } else { "" };
        let keys = format!(
            "{}: {}",
            crate::sanitize::text(&choice.action),
            crate::sanitize::text(&choice.keys.join(" "))
        );
        writeln!(
            out,
            "  {name:<18} {keys:<22} {}",
            crate::settings::FILE_NAME
        )?;
    }
    if !problems.is_empty() {
        out.flush()?;
        say!(
            "between: {}: {}, whose settings are at their defaults: `between settings check` \
             lists them",
            shown,
            crate::words::count(problems.len(), "problem", "problems")
        );
    }
    Ok(())
}

/// The settings in effect, each with where it came from.
fn sources<'a>(
    read: Option<&FromFile>,
    env: &Environment,
    flags: Flags,
) -> Vec<(&'static str, Source<'a>)> {
    let default = Settings::default();
    let settings = read.map_or(&default, |read| &read.settings);
    let from = |field: &str| {
        if read.is_some_and(|read| read.given.iter().any(|given| given == field)) {
            crate::settings::FILE_NAME
        } else {
            "default"
        }
    };
    let (theme, chosen_by) = crate::theme_name::chosen(env.theme, env.no_color, settings.theme);
    let theme_from = match chosen_by {
        ThemeChosenBy::Flag => "--theme",
        ThemeChosenBy::NoColor if flags.no_color => "--no-color",
        ThemeChosenBy::NoColor => "NO_COLOR (the environment)",
        ThemeChosenBy::Settings => from("theme"),
    };
    let (mode, mode_chosen_by) = super::linear::mode(flags.linear, settings.mode, env);
    let mode_from = match mode_chosen_by {
        ModeChosenBy::Flag => "--linear",
        ModeChosenBy::Settings => from("mode"),
        ModeChosenBy::DumbTerminal => "TERM=dumb (the environment)",
        ModeChosenBy::InputNotTerminal => "standard input is not a terminal",
        ModeChosenBy::OutputNotTerminal => "standard output is not a terminal",
    };
    vec![
        (
            "show_streaks",
            Source {
                value: settings.show_streaks.to_string(),
                from: from("show_streaks"),
            },
        ),
        (
            "auto_lock_minutes",
            Source {
                value: settings.auto_lock_minutes.to_string(),
                from: from("auto_lock_minutes"),
            },
        ),
        (
            "reminder",
            Source {
                value: settings
                    .reminder
                    .map_or_else(|| "none".to_owned(), |r| super::remind::describe(&r)),
                from: from("reminder"),
            },
        ),
        (
            "theme",
            Source {
                value: name_of(theme),
                from: theme_from,
            },
        ),
        (
            "mode",
            Source {
                value: name_of(mode),
                from: mode_from,
            },
        ),
    ]
}

/// A setting's value by the name the settings file gives it (`high-contrast`).
fn name_of(value: impl serde::Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        _ => String::new(),
    }
}

/// `between settings check`: each problem on standard error, located; "fine" on
/// standard output when there is none.
fn check(
    file: &std::path::Path,
    missing: bool,
    problems: &[Problem],
    out: &mut dyn Write,
) -> Result<(), Error> {
    let shown = crate::sanitize::text(&file.display().to_string()).into_owned();
    if problems.is_empty() {
        if missing {
            writeln!(
                out,
                "ok: there is no settings file ({shown}): every setting is at its default"
            )?;
        } else {
            writeln!(out, "ok: {shown} is fine")?;
        }
        return Ok(());
    }
    out.flush()?;
    for problem in problems {
        say!("{}", problem.located(file));
    }
    Err(Error::SettingsInvalid {
        file: file.to_path_buf(),
        problems: problems.len(),
    })
}
