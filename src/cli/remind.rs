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
use crate::remind::install::{self, AgentFile, InstallError, Runner, UnitFiles};
use crate::remind::{Reminder, Schedule, TimeOfDay, Timer, Weekdays, job, launchd, notify};

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
    /// user session; on macOS, a launchd agent.
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
    run_with(dir, args, env, &mut install::System, out)
}

/// Runs `between remind …`, with `launchctl` run by `runner`.
fn run_with(
    dir: &DataDir,
    args: &RemindArgs,
    env: &Environment,
    runner: &mut dyn Runner,
    out: &mut dyn Write,
) -> Result<(), Error> {
    match &args.command {
        None => check(dir, args.discreet, env),
        Some(RemindCommand::On(on_args)) => on(dir, on_args, env, runner, out),
        Some(RemindCommand::Off) => off(dir, env, runner, out),
        Some(RemindCommand::Status) => status(dir, env, out),
    }
}

/// What schedules the reminder on a system.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Platform {
    /// macOS: a launchd agent.
    Launchd,
    /// Linux and the other Unix systems: a systemd user timer, else a crontab line.
    SystemdOrCron,
    /// Windows, say: nothing.
    Unsupported,
}

/// The platform of `os` (`std::env::consts::OS`, through [`Environment::os`]).
fn platform(os: &str) -> Platform {
    match os {
        "macos" => Platform::Launchd,
        "windows" => Platform::Unsupported,
        _ => Platform::SystemdOrCron,
    }
}

/// The timer's run: says nothing on standard output, shows the notification or not,
/// and exits 0 whatever happens (a failed timer job only fills `systemctl --failed`);
/// why it stayed quiet or could not show it goes to standard error, which systemd keeps
/// in the user's journal, in words that name nothing of the journal.
fn check(dir: &DataDir, discreet_flag: bool, env: &Environment) -> Result<(), Error> {
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
            let words = notify::Words::new(discreet);
            let shown = match platform(env.os) {
                Platform::Launchd => notify::show_on_macos(words),
                _ => notify::show(words),
            };
            if let Err(why) = shown {
                say!("cannot show the reminder: {why}");
            }
        }
    }
    Ok(())
}

/// The platform of `env`, or the error for a system with no timer.
fn supported(env: &Environment) -> Result<Platform, Error> {
    match platform(env.os) {
        Platform::Unsupported => Err(InstallError::Unsupported {
            os: env.os.to_owned(),
        }
        .into()),
        known => Ok(known),
    }
}

fn load_settings(dir: &DataDir) -> crate::settings::Settings {
    let (settings, warnings) = crate::settings::load(dir);
    for warning in warnings {
        say!("between: {warning}");
    }
    settings
}

/// Writes the reminder of `settings` to the file, and nothing else of it.
fn save_settings(dir: &DataDir, settings: &crate::settings::Settings) -> Result<(), Error> {
    let reminder = serde_json::to_value(settings.reminder).map_err(std::io::Error::other);
    reminder
        .and_then(|reminder| crate::settings::set(dir, "reminder", reminder))
        .map_err(|source| {
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

fn on(
    dir: &DataDir,
    args: &OnArgs,
    env: &Environment,
    runner: &mut dyn Runner,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let platform = supported(env)?;
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
    let (timer, installed) = match platform {
        Platform::Launchd => {
            let agent = AgentFile::in_environment(env)?;
            let text = launchd::agent(&command, &schedule).map_err(InstallError::Job)?;
            install::install_launchd(&agent, &text, &install::gui_domain(), runner)?;
            (
                Timer::Launchd,
                format!(
                    "Installed as a launchd agent: {}",
                    crate::sanitize::text(&agent.path().display().to_string())
                ),
            )
        }
        Platform::SystemdOrCron | Platform::Unsupported => {
            systemd_or_cron(env, &schedule, &command, discreet)?
        }
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
    writeln!(out, "{installed}")?;
    writeln!(out, "Next: {}.", next(&schedule))?;
    Ok(())
}

/// Installs the systemd user timer, or the crontab line where there is no systemd user
/// session, and removes the other; which, and the line that says so.
fn systemd_or_cron(
    env: &Environment,
    schedule: &Schedule,
    command: &job::Command,
    discreet: bool,
) -> Result<(Timer, String), Error> {
    let files = UnitFiles::in_environment(env)?;
    if install::systemd_reachable() {
        install::install_systemd(
            &files,
            &job::service_unit(command, discreet).map_err(InstallError::Job)?,
            &job::timer_unit(schedule, discreet),
        )?;
        // A crontab line of an earlier `on` would remind twice. The timer is in place
        // now, so a failure here is said, not the command's.
        if let Err(e) = crontab_without_block()
            .and_then(|rest| rest.map_or(Ok(()), |rest| Ok(install::crontab_write(&rest)?)))
        {
            say!("between: the crontab line of an earlier reminder could not be removed: {e}");
        }
        Ok((
            Timer::Systemd,
            format!(
                "Installed as a systemd user timer: {}",
                crate::sanitize::text(&files.timer().display().to_string())
            ),
        ))
    } else {
        let Some(crontab) = install::crontab_read()? else {
            return Err(InstallError::NoTimer.into());
        };
        let block = job::cron_block(schedule, command);
        let text = job::replace_block(&crontab, Some(&block)).map_err(InstallError::Job)?;
        install::crontab_write(&text)?;
        // Units of an earlier `on` (when systemd was reachable) would remind twice.
        if let Err(e) = install::remove_systemd(&files, false) {
            say!("between: the systemd units of an earlier reminder could not be removed: {e}");
        }
        Ok((
            Timer::Cron,
            "Installed as a line in your crontab (`systemctl --user` reaches no systemd user session here).".to_owned(),
        ))
    }
}

/// A reminder in words: "every day at 20:00, usual words".
pub(super) fn describe(reminder: &Reminder) -> String {
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

fn off(
    dir: &DataDir,
    env: &Environment,
    runner: &mut dyn Runner,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let platform = supported(env)?;
    let mut settings = load_settings(dir);
    let mut removed = Vec::new();
    match platform {
        Platform::Launchd => {
            let agent = AgentFile::in_environment(env)?;
            if install::remove_launchd(&agent, &install::gui_domain(), runner)? {
                removed.push("the launchd agent");
            }
        }
        Platform::SystemdOrCron | Platform::Unsupported => {
            let files = UnitFiles::in_environment(env)?;
            if install::remove_systemd(&files, install::systemd_reachable())? {
                removed.push("the systemd user timer");
            }
            if let Some(rest) = crontab_without_block()? {
                install::crontab_write(&rest)?;
                removed.push("the line in your crontab");
            }
        }
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

/// What is installed, each as `status` says it after "Installed: ".
fn installed(env: &Environment) -> Vec<String> {
    let shown =
        |path: std::path::PathBuf| crate::sanitize::text(&path.display().to_string()).into_owned();
    match platform(env.os) {
        Platform::Launchd => AgentFile::in_environment(env)
            .ok()
            .filter(AgentFile::present)
            .map(|agent| format!("a launchd agent, {}", shown(agent.path())))
            .into_iter()
            .collect(),
        Platform::SystemdOrCron => {
            let mut installed = Vec::new();
            if let Some(files) = UnitFiles::in_environment(env)
                .ok()
                .filter(UnitFiles::present)
            {
                installed.push(format!("a systemd user timer, {}", shown(files.timer())));
            }
            let cron = match install::crontab_read() {
                Ok(Some(crontab)) => job::has_block(&crontab).unwrap_or(true),
                Ok(None) | Err(_) => false,
            };
            if cron {
                installed.push("a line in your crontab.".to_owned());
            }
            installed
        }
        Platform::Unsupported => Vec::new(),
    }
}

fn status(dir: &DataDir, env: &Environment, out: &mut dyn Write) -> Result<(), Error> {
    let settings = load_settings(dir);
    let installed = installed(env);
    match settings.reminder {
        Some(reminder) => {
            writeln!(out, "Reminder on: {}.", describe(&reminder))?;
        }
        None => writeln!(out, "Reminder off.")?,
    }
    for what in &installed {
        writeln!(out, "Installed: {what}")?;
    }
    match (settings.reminder, !installed.is_empty()) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::remind::install::tests::Launchctl;
    use clap::Parser;

    #[derive(Debug, Parser)]
    struct Line {
        #[command(flatten)]
        remind: RemindArgs,
    }

    /// A data directory and a home, on the system `os`.
    struct Mac {
        data: tempfile::TempDir,
        home: tempfile::TempDir,
        env: Environment,
    }

    impl Mac {
        fn new(os: &'static str) -> Self {
            let home = tempfile::tempdir().unwrap();
            Self {
                data: tempfile::tempdir().unwrap(),
                env: Environment {
                    home: Some(home.path().to_path_buf()),
                    os,
                    ..Environment::empty()
                },
                home,
            }
        }

        fn dir(&self) -> DataDir {
            DataDir::resolve(Some(self.data.path())).unwrap()
        }

        fn run(&self, launchctl: &mut Launchctl, words: &[&str]) -> Result<String, Error> {
            let line = Line::try_parse_from(std::iter::once("remind").chain(words.iter().copied()))
                .unwrap();
            let mut out = Vec::new();
            run_with(&self.dir(), &line.remind, &self.env, launchctl, &mut out)?;
            Ok(String::from_utf8(out).unwrap())
        }

        fn agent(&self) -> std::path::PathBuf {
            self.home
                .path()
                .join("Library/LaunchAgents/org.between.remind.plist")
        }
    }

    #[test]
    fn on_macos_on_installs_a_launchd_agent_status_finds_it_and_off_removes_it() {
        let mac = Mac::new("macos");
        let mut launchctl = Launchctl::default();
        let said = mac
            .run(
                &mut launchctl,
                &["on", "--at", "21:30", "--days", "sun,wed", "--discreet"],
            )
            .unwrap();
        assert!(
            said.starts_with(
                "Reminder on: Wed, Sun at 21:30, discreet words.\nInstalled as a launchd agent: "
            ),
            "{said}"
        );
        assert!(said.contains("org.between.remind.plist\nNext: "), "{said}");
        let domain = install::gui_domain();
        let service = format!("{domain}/org.between.remind");
        assert_eq!(
            launchctl.calls,
            [
                format!("bootout {service}"),
                format!("bootstrap {domain} {}", mac.agent().display())
            ]
        );
        let plist = plist::Value::from_file(mac.agent()).unwrap();
        let plist = plist.as_dictionary().unwrap();
        let words: Vec<&str> = plist
            .get("ProgramArguments")
            .and_then(plist::Value::as_array)
            .unwrap()
            .iter()
            .map(|word| word.as_string().unwrap())
            .collect();
        let exe = std::env::current_exe().unwrap();
        let data = mac.data.path().display().to_string();
        assert_eq!(
            words,
            [
                exe.to_str().unwrap(),
                "--data-dir",
                &data,
                "remind",
                "--discreet"
            ]
        );
        let settings = std::fs::read_to_string(mac.dir().root().join("settings.json")).unwrap();
        assert!(settings.contains(r#""timer": "launchd""#), "{settings}");

        let status = mac.run(&mut launchctl, &["status"]).unwrap();
        assert!(
            status.contains(&format!(
                "Installed: a launchd agent, {}\nNext: ",
                mac.agent().display()
            )),
            "{status}"
        );

        // On again with another time: one agent, the new one.
        mac.run(&mut launchctl, &["on", "--at", "7:00"]).unwrap();
        let text = std::fs::read_to_string(mac.agent()).unwrap();
        assert!(text.contains("<integer>7</integer>"), "{text}");
        assert_eq!(launchctl.loaded.len(), 1);

        let off = mac.run(&mut launchctl, &["off"]).unwrap();
        assert_eq!(off, "Reminder off: removed the launchd agent.\n");
        assert!(launchctl.loaded.is_empty());
        let folder = mac.home.path().join("Library/LaunchAgents");
        assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 0);
        assert_eq!(
            mac.run(&mut launchctl, &["status"]).unwrap(),
            "Reminder off.\n"
        );
        assert_eq!(
            mac.run(&mut launchctl, &["off"]).unwrap(),
            "No reminder was installed; nothing to remove.\n"
        );
    }

    #[test]
    fn on_macos_status_says_when_the_agent_is_gone() {
        let mac = Mac::new("macos");
        let mut launchctl = Launchctl::default();
        mac.run(&mut launchctl, &["on"]).unwrap();
        std::fs::remove_file(mac.agent()).unwrap();
        let status = mac.run(&mut launchctl, &["status"]).unwrap();
        assert!(
            status.contains("But a launchd agent is not installed any more"),
            "{status}"
        );
    }

    #[test]
    fn a_system_without_a_timer_is_refused_and_nothing_changes() {
        let windows = Mac::new("windows");
        let mut launchctl = Launchctl::default();
        for words in [&["on"][..], &["off"]] {
            let error = windows.run(&mut launchctl, words).unwrap_err();
            assert_eq!(
                error.to_string(),
                "reminders are not supported on this system (windows); nothing was changed"
            );
            assert_eq!(error.exit_code(), crate::error::EXIT_USAGE);
        }
        assert!(launchctl.calls.is_empty());
        assert!(!windows.dir().root().join("settings.json").exists());
        assert_eq!(
            windows.run(&mut launchctl, &["status"]).unwrap(),
            "Reminder off.\n"
        );
    }
}
