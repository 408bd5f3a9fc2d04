//! The command line: clap definitions and dispatch to one module per command group.
//!
//! Everything a command prints leaves through [`output`]: standard output as a
//! [`output::Terminal`], messages on standard error with `say!`.

/// `eprintln!`, made safe: a message on standard error through [`output::say`].
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::cli::output::say(format_args!($($arg)*))
    };
}

mod by_month;
mod catalog;
mod completions;
mod history;
mod journal;
mod linear;
mod look_back;
mod new_pack_file;
pub mod output;
mod pack;
mod pack_assign;
mod paths;
mod period_args;
mod practice;
mod remind;
mod report;
mod report_open;
mod settings;
mod sync;
pub mod unlock;
pub mod vault;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::Error;
use crate::data_dir::DataDir;

/// Guided exercises and a private journal for working on your relationship between
/// therapy sessions. Everything stays on this machine.
#[derive(Debug, Parser)]
#[command(name = "between", version, about, max_term_width = 100)]
pub struct Cli {
    /// Keep data in DIR instead of the default data directory.
    // The value of BETWEEN_HOME is not shown in `--help`: it may be anything.
    #[arg(long, global = true, value_name = "DIR", env = "BETWEEN_HOME", hide_env_values = true, value_parser = non_empty_path)]
    pub data_dir: Option<PathBuf>,

    /// Draw the app without color (also when NO_COLOR is set).
    #[arg(long, global = true)]
    pub no_color: bool,

    /// The app's colours: default, monochrome or high-contrast (instead of the
    /// settings' "theme" and of NO_COLOR, for this run).
    #[arg(long, global = true, value_name = "THEME")]
    pub theme: Option<crate::settings::ThemeName>,

    /// Talk through the exercises as plain text, a step at a time, instead of the
    /// full-screen app (for screen readers, plain terminals and phones; also when
    /// TERM=dumb, when input or output is not a terminal, or with the settings'
    /// "mode": "linear").
    #[arg(long, global = true)]
    pub linear: bool,

    /// Read passphrases from this open file descriptor, one per line, instead of
    /// asking on the terminal (for scripts; e.g. `--passphrase-fd 3 3<file`).
    #[arg(long, global = true, value_name = "FD", value_parser = clap::value_parser!(i32).range(0..))]
    pub passphrase_fd: Option<i32>,

    /// What to do; without a command, the full-screen app opens (or linear mode:
    /// see --linear).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the work areas and how many exercises each has.
    Areas(catalog::AreasArgs),
    /// List exercises, of every area or of one.
    Exercises(catalog::ExercisesArgs),
    /// Show one exercise as readable text.
    Show(catalog::ShowArgs),
    /// Do an exercise as a plain conversation, a step at a time: `do AREA/EXERCISE`,
    /// or `do` alone to choose from numbered lists.
    Do(linear::DoArgs),
    /// Write a note: on a terminal without text, asks for its words, area, tags and
    /// flags; otherwise as `journal add` (the text from the argument or stdin).
    Note(journal::AddArgs),
    /// Your journal: add, list, show, search, edit, delete, compact, verify.
    #[command(subcommand)]
    Journal(journal::JournalCommand),
    /// Export the journal as Markdown, JSON or CSV.
    Export(journal::ExportArgs),
    /// Add the entries of a JSON export that are not in the journal yet.
    Import(journal::ImportArgs),
    /// Make a plan: a strategy to try, how often, when to review it.
    #[command(subcommand)]
    Plan(practice::PlanCommand),
    /// Log one real try of a plan, with how it went.
    Try(practice::TryArgs),
    /// Look back on a plan: keep, adjust or drop it.
    Review(practice::ReviewArgs),
    /// Record a therapy session (notes, homework).
    Session(practice::SessionArgs),
    /// Every strategy with its tries, average rating and latest decision, best first;
    /// `strategies show ID` prints one strategy's history.
    Strategies(practice::StrategiesArgs),
    /// Every therapy session, the latest first, with its notes, homework and the
    /// flagged entries it talked about.
    Sessions,
    /// What is due: plans behind their target, reviews whose day has come, homework
    /// not done yet, in words that name no exercise (prints nothing when nothing is,
    /// so it can sit in a shell start-up file).
    Due,
    /// Write "since my last session" as Markdown, to bring along.
    Prep(practice::PrepArgs),
    /// Progress figures: streaks, measures, before/after changes; or, with `--by
    /// month`, entries per month by area, tag and kind.
    Stats(practice::StatsArgs),
    /// A page on a year (or any period) to re-read or print: entries per month and
    /// area, the tags that came up most, each measure by month, strategies, sessions,
    /// invitations; private entries left out and counted.
    LookBack(look_back::LookBackArgs),
    /// Pack files: check them, print the format's JSON Schema, add, list, show, remove.
    #[command(subcommand)]
    Pack(pack::PackCommand),
    /// Write the report on a therapist's homework (what you did, when, your answers),
    /// or read one you received with --open.
    Report(report::ReportArgs),
    /// A desktop reminder at a time you choose, in neutral words, silent on days you
    /// already did something: `remind on [--at HH:MM] [--days mon,wed,fri]
    /// [--discreet]`, `off`, `status`; alone, the check the timer runs.
    Remind(remind::RemindArgs),
    /// Encrypt the journal, its drafts and reports with a passphrase you choose.
    Encrypt,
    /// Turn encryption off: write everything back as plain files.
    Decrypt(vault::DecryptArgs),
    /// Change the passphrase of an encrypted journal.
    Passwd,
    /// Keep the journal in a folder synced between your devices: `sync init FOLDER`,
    /// `sync join FOLDER`, `sync status`, `sync now` (git).
    #[command(subcommand)]
    Sync(sync::SyncCommand),
    /// Print the settings in effect and where each came from; `settings check` checks
    /// settings.json (exit 65 with each problem's line and column).
    Settings(settings::SettingsArgs),
    /// Print the data directory and the files in use.
    Paths(paths::PathsArgs),
    /// Print a shell completion script (bash, zsh or fish).
    Completions(completions::CompletionsArgs),
}

fn non_empty_path(value: &str) -> Result<PathBuf, String> {
    if value.is_empty() {
        Err("the data directory must not be empty".into())
    } else {
        Ok(PathBuf::from(value))
    }
}

/// Runs a parsed command line, writing its output to standard output (made safe for
/// a terminal, see [`output`]).
pub fn run(cli: Cli) -> Result<(), Error> {
    crate::signals::survive_file_size_limit();
    let mut out = output::stdout();
    let result = dispatch(cli, &mut out);
    out.finish()?;
    result
}

fn dispatch(cli: Cli, out: &mut output::Stdout) -> Result<(), Error> {
    let env = crate::environment::Environment {
        theme: cli.theme,
        ..crate::environment::Environment::read(cli.no_color)
    };
    // Whatever a stopped run left (a plain copy beside an encrypted journal, a
    // half-done switch) is dealt with before any command looks at the data.
    let data_dir = || {
        let dir = DataDir::resolve(cli.data_dir.as_deref())?.in_environment(&env);
        let dir = crate::journal::sync::attach(dir)?;
        for message in crate::journal::leftovers::at_start(&dir) {
            say!("between: {message}");
        }
        Ok::<_, Error>(dir)
    };
    unlock::set_source(match cli.passphrase_fd {
        Some(fd) => crate::vault::passphrase::Source::Fd(fd),
        None => crate::vault::passphrase::Source::Terminal,
    });
    match cli.command {
        None => {
            let dir = data_dir()?;
            let setting = crate::settings::load(&dir).0.mode;
            if linear::mode(cli.linear, setting, &env).0 == crate::mode_name::ModeName::Linear {
                let marked = false;
                linear::talk(
                    &dir,
                    &crate::linear::Asked::Menu,
                    Default::default(),
                    marked,
                    &env,
                    out,
                )
            } else {
                crate::tui::run(&dir, &env)
            }
        }
        Some(Command::Do(args)) => linear::run_do(&data_dir()?, &args, &env, out),
        Some(Command::Note(args)) if args.is_bare() && std::io::stdin().is_terminal() => {
            linear::talk(
                &data_dir()?,
                &crate::linear::Asked::Note,
                Default::default(),
                false,
                &env,
                out,
            )
        }
        Some(Command::Note(args)) => journal::add(&data_dir()?, args, out),
        Some(Command::Areas(args)) => catalog::areas(&data_dir()?, &args, out),
        Some(Command::Exercises(args)) => catalog::exercises(&data_dir()?, &args, out),
        Some(Command::Show(args)) => catalog::show(&data_dir()?, &args, out),
        Some(Command::Journal(command)) => journal::run(&data_dir()?, command, &env, out),
        Some(Command::Export(args)) => journal::export(&data_dir()?, &args, out),
        Some(Command::Import(args)) => journal::import(&data_dir()?, &args, out),
        Some(Command::Plan(command)) => practice::plan(&data_dir()?, command, out),
        Some(Command::Try(args)) => practice::attempt(&data_dir()?, args, out),
        Some(Command::Review(args)) => practice::review(&data_dir()?, args, out),
        Some(Command::Session(args)) => practice::session(&data_dir()?, args, out),
        Some(Command::Strategies(args)) => match args.command {
            Some(practice::StrategiesCommand::Show(show)) => {
                history::strategy(&data_dir()?, &show, out)
            }
            None => practice::strategies(&data_dir()?, &args.json, out),
        },
        Some(Command::Sessions) => history::sessions(&data_dir()?, out),
        Some(Command::Due) => practice::due_now(&data_dir()?, out),
        Some(Command::Prep(args)) => practice::prep_summary(&data_dir()?, &args, out),
        Some(Command::Stats(args)) => practice::figures(&data_dir()?, &args, out),
        Some(Command::LookBack(args)) => look_back::run(&data_dir()?, &args, out),
        Some(Command::Pack(command)) => pack::run(command, data_dir, &env, out),
        Some(Command::Report(args)) => report::run(data_dir, &args, &env, out),
        Some(Command::Remind(args)) => remind::run(&data_dir()?, &args, &env, out),
        Some(Command::Encrypt) => vault::encrypt(&data_dir()?, out),
        Some(Command::Decrypt(args)) => vault::decrypt(&data_dir()?, &args, out),
        Some(Command::Passwd) => vault::passwd(&data_dir()?, out),
        Some(Command::Sync(command)) => sync::run(&data_dir()?, command, out),
        Some(Command::Settings(args)) => {
            let flags = settings::Flags {
                no_color: cli.no_color,
                linear: cli.linear,
            };
            settings::run(&data_dir()?, &args, &env, flags, out)
        }
        Some(Command::Paths(args)) => paths::run(&data_dir()?, &args, out),
        Some(Command::Completions(args)) => completions::run(&args, out),
    }
}

/// Writes `value` as pretty JSON and a newline: the `--json` output of every command.
/// Control and bidi characters in strings are escaped (`\u009b`), so the JSON is
/// safe to print and decodes to the exact text.
fn write_json(out: &mut dyn Write, value: &impl serde::Serialize) -> Result<(), Error> {
    crate::safe_json::to_writer_pretty(&mut *out, value).map_err(std::io::Error::from)?;
    writeln!(out)?;
    Ok(())
}

/// Writes `bytes` to `file` (atomically, readable only by the user, through a
/// temporary file of a unique name so no neighbour is touched) or, without a file,
/// to `out`. `what` names the text in an error ("the export"); returns whether
/// a file was written, so the caller can say where.
fn write_output(
    out: &mut dyn Write,
    file: Option<&std::path::Path>,
    bytes: &[u8],
    what: &'static str,
) -> Result<bool, Error> {
    write_output_with(out, file, what, |to| to.write_all(bytes))
}

/// As [`write_output`], with the bytes written by `fill` as it makes them.
fn write_output_with(
    out: &mut dyn Write,
    file: Option<&std::path::Path>,
    what: &'static str,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<bool, Error> {
    let Some(file) = file else {
        let mut buffered = std::io::BufWriter::new(out);
        fill(&mut buffered)?;
        buffered.flush()?;
        return Ok(false);
    };
    crate::secure_fs::write_out_with(file, fill).map_err(|source| {
        crate::journal::StoreError::Io {
            action: what,
            path: file.to_path_buf(),
            source,
        }
    })?;
    Ok(true)
}

/// Asks a yes/no question on the terminal; anything but a yes (including no answer,
/// as when standard input is not a terminal, or one that is not text) is a no, so
/// nothing is lost by accident.
fn confirm(question: &str) -> Result<bool, Error> {
    use std::io::BufRead;
    output::ask(&format!("{question} [y/N] "));
    let mut answer = Vec::new();
    std::io::stdin()
        .lock()
        .read_until(b'\n', &mut answer)
        .map_err(|source| Error::Input {
            what: "your answer",
            source,
        })?;
    Ok(matches!(
        String::from_utf8_lossy(&answer).trim(),
        "y" | "Y" | "yes" | "Yes" | "YES"
    ))
}
