//! The text of the launchd agent that `between remind on` installs on macOS: a property
//! list for `~/Library/LaunchAgents`, in Apple's XML form. A pure function, so it is
//! checked here, on Linux, without a launchd.

use chrono::Weekday;

use super::Schedule;
use super::job::Command;

/// The agent's label, which `launchctl list` shows, and its file's name
/// (`org.between.remind.plist`). The same in discreet mode: it names the app, as the
/// systemd units' name does, but not what it is for; the file's content names the
/// program's path anyway; and one fixed label lets `off` and `status` find the agent
/// whatever mode wrote it, even when the settings cannot be read, and switching modes
/// never leaves two agents behind.
pub const LABEL: &str = "org.between.remind";

/// The agent's file name in `~/Library/LaunchAgents`.
pub fn file_name() -> String {
    format!("{LABEL}.plist")
}

/// launchd's number for `day` in `StartCalendarInterval`: Sunday is 0, Monday 1, …
/// Saturday 6 (launchd takes 7 for Sunday too; 0 is what `launchd.plist(5)` lists first).
pub fn weekday_number(day: Weekday) -> u32 {
    day.num_days_from_sunday()
}

/// `text` as the content of an XML element: `&`, `<`, `>` and both quotes escaped.
/// The command line has no control characters (`Command::new` refuses them); the two
/// other characters XML 1.0 does not allow, U+FFFE and U+FFFF, are refused here.
fn xml_text(text: &str) -> Result<String, String> {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            '\u{FFFE}' | '\u{FFFF}' => {
                return Err(format!(
                    "the path {} holds a character that a property list cannot (U+FFFE or U+FFFF)",
                    crate::sanitize::text(text)
                ));
            }
            c => escaped.push(c),
        }
    }
    Ok(escaped)
}

/// One `StartCalendarInterval` entry: at the schedule's time, on `day` (every day
/// when `None`).
fn interval(day: Option<Weekday>, schedule: &Schedule) -> String {
    let weekday = day.map_or_else(String::new, |day| {
        format!(
            "\t\t\t<key>Weekday</key>\n\t\t\t<integer>{}</integer>\n",
            weekday_number(day)
        )
    });
    format!(
        "\t\t<dict>\n{weekday}\t\t\t<key>Hour</key>\n\t\t\t<integer>{}</integer>\n\t\t\t<key>Minute</key>\n\t\t\t<integer>{}</integer>\n\t\t</dict>\n",
        schedule.at.hour(),
        schedule.at.minute()
    )
}

/// The agent: runs `command` (each word an element of `ProgramArguments`, so nothing
/// is split or expanded by a shell) at the schedule's time, one
/// `StartCalendarInterval` entry for each chosen day, Sunday first (a single entry
/// without `Weekday` when it is every day). Not `RunAtLoad`: loading it at login or at
/// `remind on` shows nothing. Its output goes to `/dev/null`, as the crontab line's
/// does. Discreet or not, it is the same but for `--discreet` in the command: a
/// property list has no description to word neutrally.
pub fn agent(command: &Command, schedule: &Schedule) -> Result<String, String> {
    let mut arguments = String::new();
    for word in command.words() {
        arguments.push_str(&format!("\t\t<string>{}</string>\n", xml_text(word)?));
    }
    let intervals = if schedule.days.is_every_day() {
        interval(None, schedule)
    } else {
        let mut days: Vec<Weekday> = schedule.days.days().collect();
        days.sort_by_key(|day| weekday_number(*day));
        days.into_iter()
            .map(|day| interval(Some(day), schedule))
            .collect()
    };
    Ok(format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n\
         <!-- Written by `between remind on`; `between remind off` removes it. -->\n\
         <plist version=\"1.0\">\n\
         <dict>\n\
         \t<key>Label</key>\n\
         \t<string>{LABEL}</string>\n\
         \t<key>ProgramArguments</key>\n\
         \t<array>\n\
         {arguments}\
         \t</array>\n\
         \t<key>StartCalendarInterval</key>\n\
         \t<array>\n\
         {intervals}\
         \t</array>\n\
         \t<key>StandardOutPath</key>\n\
         \t<string>/dev/null</string>\n\
         \t<key>StandardErrorPath</key>\n\
         \t<string>/dev/null</string>\n\
         </dict>\n\
         </plist>\n"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::remind::{TimeOfDay, Weekdays};
    use plist::{Dictionary, Value};
    use std::path::Path;

    fn command(exe: &str, data_dir: &str) -> Command {
        Command::new(Path::new(exe), Path::new(data_dir)).unwrap()
    }

    fn schedule(at: &str, days: &str) -> Schedule {
        Schedule {
            at: TimeOfDay::parse(at).unwrap(),
            days: Weekdays::parse(days).unwrap(),
        }
    }

    /// The agent read back by a property-list parser: it must be well-formed.
    fn read(text: &str) -> Dictionary {
        Value::from_reader_xml(text.as_bytes())
            .unwrap_or_else(|e| panic!("not a property list ({e}):\n{text}"))
            .into_dictionary()
            .expect("a dictionary at the top")
    }

    fn strings(value: &Value) -> Vec<&str> {
        value
            .as_array()
            .unwrap()
            .iter()
            .map(|word| word.as_string().unwrap())
            .collect()
    }

    /// `StartCalendarInterval` as (Weekday, Hour, Minute) each.
    fn intervals(agent: &Dictionary) -> Vec<(Option<u64>, u64, u64)> {
        agent["StartCalendarInterval"]
            .as_array()
            .unwrap()
            .iter()
            .map(|entry| {
                let entry = entry.as_dictionary().unwrap();
                let number = |key: &str| entry.get(key).map(|v| v.as_unsigned_integer().unwrap());
                assert!(
                    entry
                        .keys()
                        .all(|key| ["Weekday", "Hour", "Minute"].contains(&key.as_str())),
                    "{entry:?}"
                );
                (
                    number("Weekday"),
                    number("Hour").unwrap(),
                    number("Minute").unwrap(),
                )
            })
            .collect()
    }

    #[test]
    fn the_agent_runs_the_command_at_the_time_on_the_days_and_nothing_else() {
        let text = agent(
            &command("/usr/local/bin/between", "/Users/you/Library/between"),
            &schedule("20:00", "mon,wed,fri"),
        )
        .unwrap();
        let plist = read(&text);
        assert_eq!(
            plist.keys().map(String::as_str).collect::<Vec<_>>(),
            [
                "Label",
                "ProgramArguments",
                "StartCalendarInterval",
                "StandardOutPath",
                "StandardErrorPath"
            ],
            "no RunAtLoad, no KeepAlive"
        );
        assert_eq!(plist["Label"].as_string(), Some("org.between.remind"));
        assert_eq!(
            strings(&plist["ProgramArguments"]),
            [
                "/usr/local/bin/between",
                "--data-dir",
                "/Users/you/Library/between",
                "remind"
            ]
        );
        assert_eq!(
            intervals(&plist),
            [(Some(1), 20, 0), (Some(3), 20, 0), (Some(5), 20, 0)]
        );
        assert_eq!(plist["StandardOutPath"].as_string(), Some("/dev/null"));
        assert_eq!(plist["StandardErrorPath"].as_string(), Some("/dev/null"));
        assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE plist"));
    }

    #[test]
    fn a_discreet_agent_differs_only_by_the_flag() {
        let command = command("/usr/local/bin/between", "/d");
        let usual = agent(&command, &schedule("7:05", "tue")).unwrap();
        let discreet = agent(&command.clone().with_discreet(), &schedule("7:05", "tue")).unwrap();
        let plist = read(&discreet);
        assert_eq!(
            strings(&plist["ProgramArguments"]),
            [
                "/usr/local/bin/between",
                "--data-dir",
                "/d",
                "remind",
                "--discreet"
            ]
        );
        assert_eq!(
            plist["Label"].as_string(),
            Some(LABEL),
            "one label for both"
        );
        assert_eq!(intervals(&plist), [(Some(2), 7, 5)]);
        assert_eq!(
            discreet.replace("\t\t<string>--discreet</string>\n", ""),
            usual
        );
    }

    #[test]
    fn every_weekday_has_launchds_number_sunday_0() {
        for (name, number) in [
            ("sun", 0),
            ("mon", 1),
            ("tue", 2),
            ("wed", 3),
            ("thu", 4),
            ("fri", 5),
            ("sat", 6),
        ] {
            let text = agent(&command("/b", "/d"), &schedule("0:00", name)).unwrap();
            assert_eq!(intervals(&read(&text)), [(Some(number), 0, 0)], "{name}");
        }
        // Sunday first, as the numbers go; every day is one entry without a weekday.
        let weekend = agent(&command("/b", "/d"), &schedule("23:59", "sat,sun")).unwrap();
        assert_eq!(
            intervals(&read(&weekend)),
            [(Some(0), 23, 59), (Some(6), 23, 59)]
        );
        let daily = agent(&command("/b", "/d"), &schedule("8:30", "daily")).unwrap();
        assert_eq!(intervals(&read(&daily)), [(None, 8, 30)]);
        let six = agent(
            &command("/b", "/d"),
            &schedule("8:30", "mon,tue,wed,thu,fri,sat"),
        )
        .unwrap();
        assert_eq!(intervals(&read(&six)).len(), 6);
    }

    #[test]
    fn odd_paths_are_escaped_and_read_back_as_they_are() {
        let exe = "/Applications/Tom & Jerry <1>/between";
        let data = r#"/Users/you/my "data" it's 100% $HOME \ > x"#;
        let text = agent(&command(exe, data), &schedule("20:00", "daily")).unwrap();
        assert!(
            text.contains("<string>/Applications/Tom &amp; Jerry &lt;1&gt;/between</string>"),
            "{text}"
        );
        assert!(
            text.contains(
                "<string>/Users/you/my &quot;data&quot; it&apos;s 100% $HOME \\ &gt; x</string>"
            ),
            "{text}"
        );
        assert_eq!(
            strings(&read(&text)["ProgramArguments"]),
            [exe, "--data-dir", data, "remind"]
        );
        let not_xml = agent(&command("/b", "/d/\u{FFFE}"), &schedule("20:00", "daily"));
        assert!(not_xml.unwrap_err().contains("U+FFFE"));
    }
}
