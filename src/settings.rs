//! The user's few settings, in `settings.json` in the data directory.
//!
//! The file is read field by field: a field that cannot be used keeps its default
//! alone, with a problem that names it and where it is (line and column), so one
//! mistake never resets the other settings. The app and `between remind` change one
//! field at a time in the file as it is ([`set`]), so what they do not change, a
//! mistake included, is kept for the user to mend.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::data_dir::DataDir;
pub use crate::mode_name::ModeName;
pub use crate::theme_name::ThemeName;

/// The settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Show practice streaks (some people find them pressuring).
    pub show_streaks: bool,
    /// With an encrypted journal, lock the app after this many idle minutes
    /// (0: never).
    pub auto_lock_minutes: u32,
    /// The reminder `between remind on` installed, if any.
    pub reminder: Option<crate::remind::Reminder>,
    /// The app's colours (`--theme` chooses for one run).
    pub theme: ThemeName,
    /// The full-screen app or the linear mode, for `between` without a command.
    pub mode: ModeName,
    /// Keys of one's own: the app's actions the user gave keys to, in the file's
    /// order, as written (the app checks them against its key tables).
    pub keys: Vec<OwnKey>,
}

/// One action's keys as `settings.json` gives them: `"down": ["j", "ctrl-n"]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnKey {
    /// The action's name, as the README lists them.
    pub action: String,
    /// The keys, as written (`"ctrl-n"`).
    pub keys: Vec<String>,
    /// Where the entry is in the file.
    pub place: Option<Place>,
}

/// A place in the file: line and column, from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// The line.
    pub line: usize,
    /// The column, in characters.
    pub column: usize,
}

/// A setting that cannot be used, and why, in plain words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The field (`theme`, `keys.down`); empty for the file as a whole.
    pub field: String,
    /// Where it is in the file.
    pub place: Option<Place>,
    /// What is wrong.
    pub what: String,
}

impl Problem {
    /// The problem as a line: `FILE:LINE:COLUMN: FIELD: WHAT`, as `pack check` says
    /// its problems; the file's name and the field are made safe to print.
    pub fn located(&self, file: &Path) -> String {
        let mut line = crate::sanitize::text(&file.display().to_string()).into_owned();
        if let Some(place) = self.place {
            line.push_str(&format!(":{}:{}", place.line, place.column));
        }
        if !self.field.is_empty() {
            line.push_str(&format!(": {}", crate::sanitize::text(&self.field)));
        }
        line.push_str(&format!(": {}", crate::sanitize::text(&self.what)));
        line
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            show_streaks: true,
            auto_lock_minutes: 5,
            reminder: None,
            theme: ThemeName::Default,
            mode: ModeName::FullScreen,
            keys: Vec::new(),
        }
    }
}

impl Settings {
    /// How long the app may sit idle before it locks an encrypted journal.
    pub fn auto_lock(&self) -> Option<std::time::Duration> {
        (self.auto_lock_minutes > 0)
            .then(|| std::time::Duration::from_secs(u64::from(self.auto_lock_minutes) * 60))
    }
}

/// The fields a settings file may have, in the order `between settings` lists them.
pub const FIELDS: [&str; 6] = [
    "show_streaks",
    "auto_lock_minutes",
    "reminder",
    "theme",
    "mode",
    "keys",
];

/// The most a settings file may hold; it has a few short fields.
pub const MAX_BYTES: crate::secure_fs::Cap = crate::secure_fs::Cap {
    what: "a settings file",
    bytes: 64 << 10,
};

/// The settings file's name in the data directory.
pub const FILE_NAME: &str = "settings.json";

/// Where the settings live in `dir`.
pub fn path(dir: &DataDir) -> std::path::PathBuf {
    dir.root().join(FILE_NAME)
}

/// What a settings file gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FromFile {
    /// The settings: each field the file does not give, or gives but cannot be used,
    /// at its default.
    pub settings: Settings,
    /// The fields the file gives and that are used (`keys` when any entry is).
    pub given: Vec<String>,
    /// What cannot be used, in the file's order.
    pub problems: Vec<Problem>,
}

/// The settings `text` gives, each field that cannot be used at its default, and the
/// problems found, in the file's order.
pub fn read(text: &str) -> FromFile {
    let places = places(text);
    let (settings, problems) = read_fields(text, &places);
    let given = FIELDS
        .iter()
        .filter(|field| match **field {
            "keys" => !settings.keys.is_empty(),
            field => {
                places.iter().any(|(name, _)| name == field)
                    && !problems.iter().any(|p| p.field == field)
            }
        })
        .map(|field| (*field).to_owned())
        .collect();
    FromFile {
        settings,
        given,
        problems,
    }
}

/// The settings `text` gives and its problems; `places` are where its fields are.
fn read_fields(text: &str, places: &[(String, Place)]) -> (Settings, Vec<Problem>) {
    let mut settings = Settings::default();
    let object = match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(object)) => object,
        Ok(other) => {
            let problem = whole(format!(
                "it holds {}, not the settings: write them as an object, {{ \"theme\": \
                 \"high-contrast\" }}",
                kind_of(&other)
            ));
            return (settings, vec![problem]);
        }
        Err(e) => {
            let problem = Problem {
                field: String::new(),
                place: Some(Place {
                    line: e.line(),
                    column: e.column(),
                }),
                what: format!("it is not JSON: {}", plain_error(&e)),
            };
            return (settings, vec![problem]);
        }
    };
    let place_of = |field: &str| {
        places
            .iter()
            .find(|(name, _)| name == field)
            .map(|(_, place)| *place)
    };
    let mut problems = Vec::new();
    let mut problem = |field: &str, what: String| {
        problems.push(Problem {
            field: field.to_owned(),
            place: place_of(field),
            what,
        })
    };
    for (name, value) in object {
        let field = name.as_str();
        let done = match field {
            "show_streaks" => take(value, &mut settings.show_streaks),
            "auto_lock_minutes" => take(value, &mut settings.auto_lock_minutes),
            "reminder" => take(value, &mut settings.reminder),
            "theme" => take(value, &mut settings.theme),
            "mode" => take(value, &mut settings.mode),
            "keys" => match value {
                Value::Object(entries) => {
                    for (action, keys) in entries {
                        let field = format!("keys.{action}");
                        match key_list(keys) {
                            Ok(keys) => settings.keys.push(OwnKey {
                                place: place_of(&field),
                                action,
                                keys,
                            }),
                            Err(what) => problem(&field, what),
                        }
                    }
                    Ok(())
                }
                other => Err(format!(
                    "give the keys as an object of actions and their keys, {{ \"down\": \
                     [\"j\", \"ctrl-n\"] }}, not {}",
                    kind_of(&other)
                )),
            },
            _ => Err(format!(
                "not a setting (the settings are {})",
                FIELDS.map(|f| format!("`{f}`")).join(", ")
            )),
        };
        if let Err(what) = done {
            problem(field, what);
        }
    }
    (settings, problems)
}

/// Sets `field` from `value`, or says why not (and leaves it).
fn take<T: DeserializeOwned>(value: Value, field: &mut T) -> Result<(), String> {
    *field = serde_json::from_value(value).map_err(|e| plain_error(&e))?;
    Ok(())
}

/// An action's keys: one key as a string, or several as a list of strings.
fn key_list(value: Value) -> Result<Vec<String>, String> {
    let wrong = |value: &Value| {
        format!(
            "give a key as a string, \"ctrl-n\", or several as a list, [\"j\", \"ctrl-n\"], \
             not {}",
            kind_of(value)
        )
    };
    match value {
        Value::String(key) => Ok(vec![key]),
        Value::Array(items) => items
            .into_iter()
            .map(|item| match item {
                Value::String(key) => Ok(key),
                other => Err(wrong(&other)),
            })
            .collect(),
        other => Err(wrong(&other)),
    }
}

/// A problem of the whole file.
fn whole(what: String) -> Problem {
    Problem {
        field: String::new(),
        place: None,
        what,
    }
}

/// What a JSON value is, in words.
fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// serde's message without its " at line L column C" (the place is said before).
fn plain_error(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let text = match text.rfind(" at line ") {
        Some(at) if e.line() > 0 => text[..at].to_owned(),
        _ => text,
    };
    text.replace("expected a boolean", "expected true or false")
        .replace("expected u32", "expected a whole number, 0 or more")
}

/// Where each field's value starts in `text`, a JSON object: the top level's fields
/// by name, and those of an object within by `outer.inner` (`keys.down`).
fn places(text: &str) -> Vec<(String, Place)> {
    let bytes = text.as_bytes();
    // The open objects and lists, each with the name it has when it is an object.
    let mut open: Vec<Option<String>> = Vec::new();
    let mut found = Vec::new();
    let mut value_of: Option<String> = None;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let end = string_end(bytes, i);
                let after = skip_space(bytes, end);
                let in_object = matches!(open.last(), Some(Some(_)));
                if in_object && bytes.get(after) == Some(&b':') && open.len() <= 2 {
                    let name: String = serde_json::from_str(&text[i..end]).unwrap_or_default();
                    let outer = open.last().cloned().flatten().unwrap_or_default();
                    let path = if outer.is_empty() {
                        name
                    } else {
                        format!("{outer}.{name}")
                    };
                    let start = skip_space(bytes, after + 1);
                    found.push((path.clone(), place_at(text, start)));
                    value_of = Some(path);
                    i = start;
                    continue;
                }
                i = end;
                continue;
            }
            b'{' => open.push(Some(value_of.take().unwrap_or_default())),
            b'[' => open.push(None),
            b'}' | b']' => {
                open.pop();
            }
            _ => {}
        }
        value_of = None;
        i += 1;
    }
    found
}

/// The index just past the string that starts at `start` (a `"`).
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

fn skip_space(bytes: &[u8], mut i: usize) -> usize {
    while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    i
}

/// The line and column (in characters) of byte `at` of `text`.
fn place_at(text: &str, at: usize) -> Place {
    let before = &text[..at.min(text.len())];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Place {
        line: before.matches('\n').count() + 1,
        column: before[line_start..].chars().count() + 1,
    }
}

/// What reading the settings file of `dir` found: `None` when there is none.
pub fn read_file(dir: &DataDir) -> std::io::Result<Option<FromFile>> {
    match crate::secure_fs::read_capped(&path(dir), MAX_BYTES) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
        Ok(bytes) => Ok(Some(match String::from_utf8(bytes) {
            Ok(text) => read(&text),
            Err(_) => FromFile {
                settings: Settings::default(),
                given: Vec::new(),
                problems: vec![whole("it is not UTF-8 text (save it as UTF-8)".into())],
            },
        })),
    }
}

/// The settings of `dir`, and a warning for each field that keeps its default because
/// it cannot be used; the defaults when there is no file, and with a warning when the
/// file cannot be read (it is left as it is): also when it is a link, a pipe or a
/// device, or larger than [`MAX_BYTES`].
pub fn load(dir: &DataDir) -> (Settings, Vec<String>) {
    let file = path(dir);
    match read_file(dir) {
        Ok(None) => (Settings::default(), Vec::new()),
        Err(e) => (
            Settings::default(),
            vec![format!(
                "{}: cannot be read ({e}); using the default settings",
                crate::sanitize::text(&file.display().to_string()),
            )],
        ),
        Ok(Some(read)) => {
            let warnings = read.problems.iter().map(|p| warning(p, &file)).collect();
            (read.settings, warnings)
        }
    }
}

/// A problem as the warning the app and the commands give: where, what, and that the
/// setting keeps its default.
pub fn warning(problem: &Problem, file: &Path) -> String {
    let kept = if problem.field.is_empty() {
        "using the default settings".to_owned()
    } else if problem.field.starts_with("keys.") {
        "the entry is left out, and the app's own keys stand".to_owned()
    } else {
        format!(
            "{} keeps its default",
            crate::sanitize::text(&problem.field)
        )
    };
    format!(
        "{}; {kept} (`between settings check` lists every problem)",
        problem.located(file)
    )
}

/// Writes the one setting the app changes (whether streaks are shown), leaving the
/// rest of the file as it is: `between remind on` may have changed it while the app
/// was open.
pub fn save_from_app(dir: &DataDir, settings: &Settings) -> std::io::Result<()> {
    set(dir, "show_streaks", Value::Bool(settings.show_streaks))
}

/// Sets `field` to `value` in the settings file of `dir`, atomically, 0600, and
/// keeps every other field as the file has it, even one that cannot be used. A file
/// that is not a JSON object is not changed: that is an error, so nothing the user
/// wrote is lost.
pub fn set(dir: &DataDir, field: &str, value: Value) -> std::io::Result<()> {
    let file = path(dir);
    let mut object = match crate::secure_fs::read_capped(&file, MAX_BYTES) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Map::new(),
        Err(e) => return Err(e),
        Ok(bytes) => match serde_json::from_slice::<Value>(&bytes) {
            Ok(Value::Object(object)) => object,
            _ => {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    "the file is not a JSON object of settings, so it was left as it is: \
                     mend it (`between settings check` says where) or remove it",
                ));
            }
        },
    };
    if value.is_null() {
        object.remove(field);
    } else {
        object.insert(field.to_owned(), value);
    }
    let bytes = serde_json::to_vec_pretty(&object).map_err(std::io::Error::other)?;
    crate::secure_fs::private_dir(dir.root())?;
    crate::secure_fs::write_atomic(&file, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir_in(root: &tempfile::TempDir) -> DataDir {
        DataDir::resolve(Some(root.path())).unwrap()
    }

    #[test]
    fn settings_round_trip_and_a_bad_field_falls_back_alone() {
        let root = tempfile::tempdir().unwrap();
        let dir = dir_in(&root);
        assert_eq!(load(&dir), (Settings::default(), Vec::new()));
        set(&dir, "theme", Value::from("high-contrast")).unwrap();
        set(&dir, "show_streaks", Value::Bool(false)).unwrap();
        let (settings, warnings) = load(&dir);
        assert_eq!(
            (settings.theme, settings.show_streaks, warnings),
            (ThemeName::HighContrast, false, Vec::new())
        );
        // A theme of no known name keeps its default alone, and the warning says where.
        std::fs::write(
            path(&dir),
            "{\n  \"show_streaks\": false,\n  \"theme\": \"neon\",\n  \"mode\": \"linear\"\n}",
        )
        .unwrap();
        let (settings, warnings) = load(&dir);
        assert_eq!(
            (settings.show_streaks, settings.theme, settings.mode),
            (false, ThemeName::Default, ModeName::Linear)
        );
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].contains("settings.json:3:12: theme: unknown variant `neon`"),
            "{warnings:?}"
        );
        assert!(
            warnings[0].contains("theme keeps its default"),
            "{warnings:?}"
        );
        std::fs::write(path(&dir), b"{ nope").unwrap();
        let (settings, warnings) = load(&dir);
        assert_eq!(settings, Settings::default());
        assert!(
            warnings[0].contains("settings.json:1:3: it is not JSON"),
            "{warnings:?}"
        );
        assert!(warnings[0].contains("using the default settings"));
    }

    #[test]
    fn keys_are_read_in_order_with_their_places() {
        let text = "{\n  \"keys\": {\n    \"down\": [\"j\", \"ctrl-n\"],\n    \"quit\": \
                    \"ctrl-q\",\n    \"up\": 5\n  }\n}";
        let FromFile {
            settings,
            given,
            problems,
        } = read(text);
        assert_eq!(given, ["keys"]);
        assert_eq!(
            settings.keys,
            vec![
                OwnKey {
                    action: "down".into(),
                    keys: vec!["j".into(), "ctrl-n".into()],
                    place: Some(Place {
                        line: 3,
                        column: 13
                    }),
                },
                OwnKey {
                    action: "quit".into(),
                    keys: vec!["ctrl-q".into()],
                    place: Some(Place {
                        line: 4,
                        column: 13
                    }),
                },
            ]
        );
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field, "keys.up");
        assert_eq!(
            problems[0].place,
            Some(Place {
                line: 5,
                column: 11
            })
        );
    }

    #[test]
    fn setting_one_field_keeps_the_others_and_a_mistake_and_refuses_a_broken_file() {
        let root = tempfile::tempdir().unwrap();
        let dir = dir_in(&root);
        std::fs::create_dir_all(dir.root()).unwrap();
        std::fs::write(
            path(&dir),
            r#"{ "theme": "neon", "keys": { "down": "j" } }"#,
        )
        .unwrap();
        save_from_app(
            &dir,
            &Settings {
                show_streaks: false,
                ..Settings::default()
            },
        )
        .unwrap();
        let text = std::fs::read_to_string(path(&dir)).unwrap();
        assert!(
            text.contains(r#""theme": "neon""#) && text.contains(r#""down": "j""#),
            "{text}"
        );
        assert!(!load(&dir).0.show_streaks);
        std::fs::write(path(&dir), "{ damaged").unwrap();
        assert!(save_from_app(&dir, &Settings::default()).is_err());
        assert_eq!(std::fs::read_to_string(path(&dir)).unwrap(), "{ damaged");
    }

    #[test]
    fn the_app_saving_its_settings_keeps_a_reminder_set_meanwhile() {
        use crate::remind::{Reminder, TimeOfDay, Timer, Weekdays};
        let root = tempfile::tempdir().unwrap();
        let dir = dir_in(&root);
        let app_holds = load(&dir).0;
        let reminder = Reminder {
            at: TimeOfDay::DEFAULT,
            days: Weekdays::EVERY_DAY,
            discreet: true,
            timer: Timer::Systemd,
        };
        set(&dir, "reminder", serde_json::to_value(reminder).unwrap()).unwrap();
        save_from_app(
            &dir,
            &Settings {
                show_streaks: false,
                ..app_holds
            },
        )
        .unwrap();
        let now = load(&dir).0;
        assert_eq!((now.show_streaks, now.reminder), (false, Some(reminder)));
        let text = std::fs::read_to_string(path(&dir)).unwrap();
        assert!(
            text.contains(r#""at": "20:00""#) && text.contains(r#""timer": "systemd""#),
            "{text}"
        );
    }
}
