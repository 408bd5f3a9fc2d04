//! `between remind`: the check a timer runs, and `remind on|off|status`, which manage
//! that timer (see `crate::remind`).

use std::io::Write;

use clap::{Args, Subcommand};

use crate::Error;
use crate::data_dir::DataDir;
use crate::environment::Environment;
use crate::journal::Store;
use crate::journal::log::Form;
use crate::remind::check::{Decision, JournalState, decide};
use crate::remind::install::{self, InstallError, UnitFiles};
use crate::remind::{Reminder, Schedule, TimeOfDay, Timer, Weekdays, job, notify};

/// Arguments of `between remind`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct RemindArgs {
    /// Neutral words only, whatever the settings say (the timer's command line has
    /// it when the reminder was turned on with --discreet).
    #[arg(long)]
    discreet: bool,

    /// Manage the timer; without one, check now and show the reminder if it is due.
    #[command(subcommand)]
    command: Option<RemindCommand>,
}

/// `between remind on|off|status`.
#[derive(Debug, Subcommand)]
pub enum RemindCommand {
    /// Turn the reminder on, or change it (what is not given stays as it was):
    /// installs a systemd user timer, or a crontab line where there is no systemd
    /// user session.
    On(OnArgs),
    /// Turn the reminder off: removes what `on` installed.
    Off,
    /// Say whether a reminder is on, when, how, and when it next fires.
    Status,
}

/// Arguments of `between remind on`.
#[derive(Debug, Args)]
pub struct OnArgs {
    /// The time of day, on a 24-hour clock (20:00 unless set before).
    #[arg(long, value_name = "HH:MM", value_parser = TimeOfDay::parse)]
    at: Option<TimeOfDay>,
    /// The days, e.g. mon,wed,fri, or daily (daily unless set before).
    #[arg(long, value_name = "DAYS", value_parser = Weekdays::parse)]
    days: Option<Weekdays>,
    /// Neutral words: the notification and the timer's description name neither
    /// between nor what it is for.
    #[arg(long, overrides_with = "no_discreet")]
    discreet: bool,
    /// The usual words again ("between", "A few minutes for yourself?").
    #[arg(long, overrides_with = "discreet")]
    no_discreet: bool,
}

/// Runs `between remind …`.
pub fn run(
    dir: &DataDir,
    args: &RemindArgs,
    env: &Environment,
    out: &mut dyn Write,
) -> Result<(), Error> {
    match &args.command {
        None => check(dir, args.discreet),
        Some(RemindCommand::On(on_args)) => on(dir, on_args, env, out),
        Some(RemindCommand::Off) => off(dir, env, out),
        Some(RemindCommand::Status) => status(dir, env, out),
    }
}

/// The timer's run: says nothing on standard output, shows the notification or not,
/// and exits 0 whatever happens (a failed timer job only fills `systemctl --failed`);
/// why it stayed quiet or could not show it goes to standard error, which systemd keeps
/// in the user's journal, in words that name nothing of the journal.
fn check(dir: &DataDir, discreet_flag: bool) -> Result<(), Error> {
    let (settings, _) = crate::settings::load(dir);
    let discreet = discreet_flag || settings.reminder.is_some_and(|r| r.discreet);
    let store = Store::new(dir.clone());
    let journal;
    let state = if !dir.journal().exists() {
        JournalState::Missing
    } else {
        match store.form() {
            Ok(Form::Plain) => match store.load() {
                Ok(loaded) => {
                    journal = loaded;
                    JournalState::Read(&journal)
                }
                Err(_) => JournalState::Unreadable,
            },
            Ok(Form::Encrypted(_)) => JournalState::Encrypted,
            Ok(Form::BadHeader(_)) | Err(_) => JournalState::Unreadable,
        }
    };
    match decide(&state, crate::journal::dates::today()) {
        Decision::Quiet(quiet) => say!("{}", quiet.reason()),
        Decision::Remind => {
            if let Err(why) = notify::show(notify::Words::new(discreet)) {
                say!("cannot show the reminder: {why}");
            }
        }
    }
    Ok(())
}

fn refuse_unsupported() -> Result<(), Error> {
    if cfg!(target_os = "macos") {
        return Err(InstallError::Unsupported.into());
    }
    Ok(())
}

fn load_settings(dir: &DataDir) -> crate::settings::Settings {
    let (settings, warning) = crate::settings::load(dir);
    if let Some(warning) = warning {
        say!("between: {warning}");
    }
    settings
}

fn save_settings(dir: &DataDir, settings: &crate::settings::Settings) -> Result<(), Error> {
    crate::settings::save(dir, settings).map_err(|source| {
        InstallError::Io {
            action: "write the settings to",
            path: crate::settings::path(dir),
            source,
        }
        .into()
    })
}

/// The crontab without our block, when there is a crontab program and a block.
fn crontab_without_block() -> Result<Option<String>, Error> {
    let Some(crontab) = install::crontab_read()? else {
        return Ok(None);
    };
    if !job::has_block(&crontab).map_err(InstallError::Job)? {
        return Ok(None);
    }
    Ok(Some(
        job::replace_block(&crontab, None).map_err(InstallError::Job)?,
    ))
}

fn on(dir: &DataDir, args: &OnArgs, env: &Environment, out: &mut dyn Write) -> Result<(), Error> {
    refuse_unsupported()?;
    let mut settings = load_settings(dir);
    let previous = settings.reminder;
    let discreet = if args.discreet {
        true
    } else if args.no_discreet {
        false
    } else {
        previous.is_some_and(|r| r.discreet)
    };
    let schedule = Schedule {
        at: args
            .at
            .or(previous.map(|r| r.at))
            .unwrap_or(TimeOfDay::DEFAULT),
        days: args
            .days
            .or(previous.map(|r| r.days))
            .unwrap_or(Weekdays::EVERY_DAY),
    };
    let exe = std::env::current_exe().map_err(|e| {
        InstallError::Job(format!("cannot tell where the between program is ({e})"))
    })?;
    let mut command = job::Command::new(&exe, dir.root()).map_err(InstallError::Job)?;
    if discreet {
        command = command.with_discreet();
    }
    let files = UnitFiles::in_environment(env)?;
    let timer = if install::systemd_reachable() {
        install::install_systemd(
            &files,
            &job::service_unit(&command, discreet).map_err(InstallError::Job)?,
            &job::timer_unit(&schedule, discreet),
        )?;
        // A crontab line of an earlier `on` would remind twice. The timer is in place
        // now, so a failure here is said, not the command's.
        if let Err(e) = crontab_without_block()
            .and_then(|rest| rest.map_or(Ok(()), |rest| Ok(install::crontab_write(&rest)?)))
        {
            say!("between: the crontab line of an earlier reminder could not be removed: {e}");
        }
        Timer::Systemd
    } else {
        let Some(crontab) = install::crontab_read()? else {
            return Err(InstallError::NoTimer.into());
        };
        let block = job::cron_block(&schedule, &command);
        let text = job::replace_block(&crontab, Some(&block)).map_err(InstallError::Job)?;
        install::crontab_write(&text)?;
        // Units of an earlier `on` (when systemd was reachable) would remind twice.
        if let Err(e) = install::remove_systemd(&files, false) {
            say!("between: the systemd units of an earlier reminder could not be removed: {e}");
        }
        Timer::Cron
    };
    let reminder = Reminder {
        at: schedule.at,
        days: schedule.days,
        discreet,
        timer,
    };
    settings.reminder = Some(reminder);
    save_settings(dir, &settings)?;
    writeln!(out, "Reminder on: {}.", describe(&reminder))?;
    match timer {
        Timer::Systemd => writeln!(
            out,
            "Installed as a systemd user timer: {}",
            crate::sanitize::text(&files.timer().display().to_string())
        )?,
        Timer::Cron => writeln!(
            out,
            "Installed as a line in your crontab (`systemctl --user` reaches no systemd user session here)."
        )?,
    }
    writeln!(out, "Next: {}.", next(&schedule))?;
    Ok(())
}

fn describe(reminder: &Reminder) -> String {
    format!(
        "{} at {}, {} words",
        reminder.days,
        reminder.at,
        if reminder.discreet {
            "discreet"
        } else {
            "usual"
        }
    )
}

fn next(schedule: &Schedule) -> String {
    schedule
        .next_after(chrono::Local::now().naive_local())
        .format("%a %Y-%m-%d %H:%M")
        .to_string()
}

fn off(dir: &DataDir, env: &Environment, out: &mut dyn Write) -> Result<(), Error> {
    refuse_unsupported()?;
    let mut settings = load_settings(dir);
    let files = UnitFiles::in_environment(env)?;
    let mut removed = Vec::new();
    if install::remove_systemd(&files, install::systemd_reachable())? {
        removed.push("the systemd user timer");
    }
    if let Some(rest) = crontab_without_block()? {
        install::crontab_write(&rest)?;
        removed.push("the line in your crontab");
    }
    if settings.reminder.take().is_some() {
        save_settings(dir, &settings)?;
    }
    if removed.is_empty() {
        writeln!(out, "No reminder was installed; nothing to remove.")?;
    } else {
        writeln!(out, "Reminder off: removed {}.", removed.join(" and "))?;
    }
    Ok(())
}

fn status(dir: &DataDir, env: &Environment, out: &mut dyn Write) -> Result<(), Error> {
    let settings = load_settings(dir);
    let files = UnitFiles::in_environment(env).ok();
    let units = files.as_ref().is_some_and(UnitFiles::present);
    let cron = match install::crontab_read() {
        Ok(Some(crontab)) => job::has_block(&crontab).unwrap_or(true),
        Ok(None) | Err(_) => false,
    };
    match settings.reminder {
        Some(reminder) => {
            writeln!(out, "Reminder on: {}.", describe(&reminder))?;
        }
        None => writeln!(out, "Reminder off.")?,
    }
    if let (true, Some(files)) = (units, &files) {
        writeln!(
            out,
            "Installed: a systemd user timer, {}",
            crate::sanitize::text(&files.timer().display().to_string())
        )?;
    }
    if cron {
        writeln!(out, "Installed: a line in your crontab.")?;
    }
    match (settings.reminder, units || cron) {
        (Some(reminder), true) => {
            writeln!(out, "Next: {}.", next(&reminder.schedule()))?;
        }
        (Some(reminder), false) => writeln!(
            out,
            "But {} is not installed any more: run `between remind on` to install it again.",
            reminder.timer.describe()
        )?,
        (None, true) => writeln!(
            out,
            "The settings have no reminder, but a timer is installed: `between remind off` removes it."
        )?,
        (None, false) => {}
    }
    Ok(())
}
