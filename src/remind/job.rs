//! The text of what `between remind on` installs: the command the timer runs, the
//! systemd service and timer units, and the crontab block. Pure functions, so each
//! can be checked without a systemd or a cron.

use std::path::Path;

use super::Schedule;

/// The name of both units (`.service`, `.timer`).
pub const UNIT: &str = "between-remind";

/// The comment lines around the crontab block; everything between them is ours.
pub const CRON_BEGIN: &str =
    "# between remind: begin (written by `between remind on`; `between remind off` removes it)";
/// The line after the block.
pub const CRON_END: &str = "# between remind: end";

/// The command line the timer runs: this executable, the data directory, `remind`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    words: Vec<String>,
}

impl Command {
    /// `EXE --data-dir DIR remind`. Both paths must be absolute, UTF-8 and free of
    /// control characters (a unit file and a crontab are lines of text); the error
    /// says which is not.
    pub fn new(exe: &Path, data_dir: &Path) -> Result<Self, String> {
        let word = |path: &Path, what: &str| -> Result<String, String> {
            let lossy = path.to_string_lossy();
            let shown = crate::sanitize::text(&lossy);
            let text = path.to_str().ok_or_else(|| {
                format!("the path of {what}, {shown}, is not UTF-8 text, which a timer's command line must be")
            })?;
            if text.chars().any(char::is_control) {
                return Err(format!(
                    "the path of {what}, {shown}, holds a control character (a line break?), which a timer's command line cannot"
                ));
            }
            if !path.is_absolute() {
                return Err(format!("the path of {what}, {shown}, is not absolute"));
            }
            Ok(text.to_owned())
        };
        Ok(Self {
            words: vec![
                word(exe, "the between program")?,
                "--data-dir".to_owned(),
                word(data_dir, "the data directory")?,
                "remind".to_owned(),
            ],
        })
    }

    /// The same with `--discreet` after `remind`, so the job's words do not depend on
    /// the settings file being readable when it runs.
    pub fn with_discreet(mut self) -> Self {
        self.words.push("--discreet".to_owned());
        self
    }

    /// The words, unquoted.
    pub fn words(&self) -> &[String] {
        &self.words
    }

    /// As systemd's `ExecStart=` reads it: each word that needs it in double quotes,
    /// with `\` and `"` escaped and `%` doubled (specifiers are expanded even inside
    /// quotes), and in the arguments `$` doubled too (variables are expanded in them,
    /// but not in the program's name, where `$$` would stay two). systemd refuses a
    /// program whose path holds a quote or a backslash, and so does this.
    pub fn for_systemd(&self) -> Result<String, String> {
        if let Some(program) = self.words.first()
            && program.contains(['"', '\'', '\\'])
        {
            return Err(format!(
                "the path of the between program, {}, holds a quote or a backslash, which systemd does not allow in a program's name; install between elsewhere",
                crate::sanitize::text(program)
            ));
        }
        Ok(self
            .words
            .iter()
            .enumerate()
            .map(|(index, word)| systemd_word(word, index > 0))
            .collect::<Vec<_>>()
            .join(" "))
    }

    /// As a crontab line's command: each word in single quotes for `/bin/sh` where it
    /// needs them, and every `%` escaped (cron turns a bare one into a line break).
    pub fn for_cron(&self) -> String {
        self.words
            .iter()
            .map(|word| shell_word(word).replace('%', "\\%"))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn plain(word: &str) -> bool {
    !word.is_empty()
        && word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/._-+,:=".contains(&b))
}

fn systemd_word(word: &str, argument: bool) -> String {
    if plain(word) {
        return word.to_owned();
    }
    let mut quoted = String::from('"');
    for c in word.chars() {
        match c {
            '\\' => quoted.push_str("\\\\"),
            '"' => quoted.push_str("\\\""),
            '%' => quoted.push_str("%%"),
            '$' if argument => quoted.push_str("$$"),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

fn shell_word(word: &str) -> String {
    if plain(word) {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// The description both units carry, which `systemctl --user list-timers` shows.
fn description(discreet: bool) -> &'static str {
    if discreet {
        "Reminder"
    } else {
        "between: a reminder to take a few minutes for yourself"
    }
}

const HEADER: &str = "# Written by `between remind on`; `between remind off` removes it.\n";

/// The service unit: runs the check once.
pub fn service_unit(command: &Command, discreet: bool) -> Result<String, String> {
    Ok(format!(
        "{HEADER}[Unit]\nDescription={}\n\n[Service]\nType=oneshot\nExecStart={}\n",
        description(discreet),
        command.for_systemd()?
    ))
}

/// The timer unit. Not persistent: a reminder missed while the computer was off or
/// logged out is dropped, not shown late at the next login (when someone else may be
/// looking at the screen, and the moment has passed anyway).
pub fn timer_unit(schedule: &Schedule, discreet: bool) -> String {
    format!(
        "{HEADER}[Unit]\nDescription={}\n\n[Timer]\nOnCalendar={}\nPersistent=false\nUnit={UNIT}.service\n\n[Install]\nWantedBy=timers.target\n",
        description(discreet),
        schedule.on_calendar()
    )
}

/// The crontab block: the markers and one line. Its output goes nowhere: cron would
/// otherwise mail it to the user, where others may read it.
pub fn cron_block(schedule: &Schedule, command: &Command) -> String {
    format!(
        "{CRON_BEGIN}\n{} {} >/dev/null 2>&1\n{CRON_END}\n",
        schedule.cron_fields(),
        command.for_cron()
    )
}

/// Where a crontab's block is, if it has one.
fn block_lines(crontab: &str) -> Result<Option<(usize, usize)>, String> {
    let lines: Vec<&str> = crontab.lines().collect();
    let Some(begin) = lines.iter().position(|line| line.trim_end() == CRON_BEGIN) else {
        return Ok(None);
    };
    match lines[begin..]
        .iter()
        .position(|line| line.trim_end() == CRON_END)
    {
        Some(length) => Ok(Some((begin, begin + length))),
        None => Err(format!(
            "your crontab has the line `{CRON_BEGIN}` but not `{CRON_END}` after it; mend it with `crontab -e`"
        )),
    }
}

/// Whether the crontab holds a block of ours.
pub fn has_block(crontab: &str) -> Result<bool, String> {
    Ok(block_lines(crontab)?.is_some())
}

/// `crontab` with its block of ours (if any) removed and `block` (if any) added at the
/// end; every other line is kept as it was. A begin marker without its end is an
/// error, rather than a guess at which lines are ours.
pub fn replace_block(crontab: &str, block: Option<&str>) -> Result<String, String> {
    let mut lines: Vec<&str> = crontab.lines().collect();
    if let Some((begin, end)) = block_lines(crontab)? {
        lines.drain(begin..=end);
    }
    let mut text = lines.join("\n");
    if !text.is_empty() {
        text.push('\n');
    }
    if let Some(block) = block {
        text.push_str(block);
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::remind::{TimeOfDay, Weekdays};

    fn command(data_dir: &str) -> Command {
        Command::new(Path::new("/usr/local/bin/between"), Path::new(data_dir)).unwrap()
    }

    fn schedule() -> Schedule {
        Schedule {
            at: TimeOfDay::parse("20:00").unwrap(),
            days: Weekdays::parse("mon,wed,fri").unwrap(),
        }
    }

    #[test]
    fn plain_paths_are_written_as_they_are() {
        let command = command("/home/you/.local/share/between");
        assert_eq!(
            command.for_systemd().unwrap(),
            "/usr/local/bin/between --data-dir /home/you/.local/share/between remind"
        );
        assert_eq!(command.for_systemd().unwrap(), command.for_cron());
    }

    #[test]
    fn odd_paths_are_quoted_for_systemd_and_for_cron() {
        let odd_program =
            Command::new(Path::new("/opt/$x 1%/between"), Path::new("/d/$x")).unwrap();
        assert_eq!(
            odd_program.for_systemd().unwrap(),
            r#""/opt/$x 1%%/between" --data-dir "/d/$$x" remind"#
        );
        let command = command(r#"/home/you/my "data" 100% $HOME\x's"#);
        assert_eq!(
            command.for_systemd().unwrap(),
            r#"/usr/local/bin/between --data-dir "/home/you/my \"data\" 100%% $$HOME\\x's" remind"#
        );
        assert_eq!(
            command.for_cron(),
            r#"/usr/local/bin/between --data-dir '/home/you/my "data" 100\% $HOME\x'\''s' remind"#
        );
    }

    #[test]
    fn paths_that_cannot_be_a_command_line_are_refused_in_words() {
        let exe = Path::new("/usr/bin/between");
        let newline = Command::new(exe, Path::new("/home/you/a\nb")).unwrap_err();
        assert!(
            newline.contains("the data directory") && newline.contains("control character"),
            "{newline}"
        );
        let quoted = Command::new(Path::new("/opt/it's/between"), Path::new("/d")).unwrap();
        assert!(
            quoted
                .for_systemd()
                .unwrap_err()
                .contains("quote or a backslash")
        );
        assert!(quoted.for_cron().contains(r"'/opt/it'\''s/between'"));
        let relative = Command::new(exe, Path::new("data")).unwrap_err();
        assert!(relative.contains("not absolute"), "{relative}");
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let bytes = std::ffi::OsStr::from_bytes(b"/home/\xff");
            let not_utf8 = Command::new(exe, Path::new(bytes)).unwrap_err();
            assert!(not_utf8.contains("not UTF-8"), "{not_utf8}");
        }
    }

    #[test]
    fn units_say_when_and_what_and_discreet_ones_name_nothing() {
        let service = service_unit(&command("/d"), false).unwrap();
        assert!(service.contains("\nExecStart=/usr/local/bin/between --data-dir /d remind\n"));
        assert!(service.contains("\nType=oneshot\n"));
        let timer = timer_unit(&schedule(), false);
        assert!(timer.contains("\nOnCalendar=Mon,Wed,Fri *-*-* 20:00:00\n"));
        assert!(timer.contains("\nPersistent=false\n"));
        assert!(timer.contains("\nUnit=between-remind.service\n"));
        assert!(timer.contains("\nWantedBy=timers.target\n"));
        for text in [
            service_unit(&command("/d"), true).unwrap(),
            timer_unit(&schedule(), true),
        ] {
            let description = text
                .lines()
                .find_map(|line| line.strip_prefix("Description="))
                .unwrap();
            assert_eq!(description, "Reminder");
        }
    }

    #[test]
    fn the_crontab_block_replaces_only_itself() {
        let block = cron_block(&schedule(), &command("/d"));
        assert_eq!(
            block,
            format!(
                "{CRON_BEGIN}\n0 20 * * 1,3,5 /usr/local/bin/between --data-dir /d remind >/dev/null 2>&1\n{CRON_END}\n"
            )
        );
        let theirs = "MAILTO=\"\"\n# backups\n0 3 * * * /usr/bin/backup\n";
        let with = replace_block(theirs, Some(&block)).unwrap();
        assert_eq!(with, format!("{theirs}{block}"));
        assert!(has_block(&with).unwrap());
        let changed = cron_block(
            &Schedule {
                at: TimeOfDay::parse("7:00").unwrap(),
                ..schedule()
            },
            &command("/d"),
        );
        let again = replace_block(&with, Some(&changed)).unwrap();
        assert_eq!(
            again,
            format!("{theirs}{changed}"),
            "one block, the new one"
        );
        assert_eq!(replace_block(&again, None).unwrap(), theirs);
        assert_eq!(replace_block("", None).unwrap(), "");
        assert_eq!(replace_block("", Some(&block)).unwrap(), block);
        assert!(!has_block(theirs).unwrap());
        let broken = format!("{theirs}{CRON_BEGIN}\n* * * * * rm -rf ~\n");
        assert!(
            replace_block(&broken, None)
                .unwrap_err()
                .contains("crontab -e")
        );
    }
}
