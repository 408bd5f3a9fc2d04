//! The user's few settings, in `settings.json` in the data directory.

use serde::{Deserialize, Serialize};

use crate::data_dir::DataDir;
pub use crate::theme_name::ThemeName;

/// The settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Show practice streaks (some people find them pressuring).
    pub show_streaks: bool,
    /// With an encrypted journal, lock the app after this many idle minutes
    /// (0: never).
    pub auto_lock_minutes: u32,
    /// The reminder `between remind on` installed, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reminder: Option<crate::remind::Reminder>,
    /// The app's colours (`--theme` chooses for one run).
    pub theme: ThemeName,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            show_streaks: true,
            auto_lock_minutes: 5,
            reminder: None,
            theme: ThemeName::Default,
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

/// The most a settings file may hold; it has a few short fields.
pub const MAX_BYTES: crate::secure_fs::Cap = crate::secure_fs::Cap {
    what: "a settings file",
    bytes: 64 << 10,
};

/// Where the settings live in `dir`.
pub fn path(dir: &DataDir) -> std::path::PathBuf {
    dir.root().join("settings.json")
}

/// The settings of `dir`; the defaults when there are none, and a warning with the
/// defaults when the file cannot be read (it is left as it is): also when it is a
/// link, a pipe or a device, or larger than [`MAX_BYTES`].
pub fn load(dir: &DataDir) -> (Settings, Option<String>) {
    let file = path(dir);
    match crate::secure_fs::read_capped(&file, MAX_BYTES) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Settings::default(), None),
        Err(e) => (
            Settings::default(),
            Some(format!(
                "{}: cannot be read ({e}); using the default settings",
                crate::sanitize::text(&file.display().to_string()),
            )),
        ),
        Ok(bytes) => match serde_json::from_slice(&bytes) {
            Ok(settings) => (settings, None),
            Err(e) => (
                Settings::default(),
                Some(format!(
                    "{}: cannot be read (line {} column {}); using the default settings",
                    crate::sanitize::text(&file.display().to_string()),
                    e.line(),
                    e.column()
                )),
            ),
        },
    }
}

/// Writes the settings the app changes (`settings` as the app holds them), keeping the
/// reminder as the file has it now: `between remind on` may have changed it while the
/// app was open.
pub fn save_from_app(dir: &DataDir, settings: &Settings) -> std::io::Result<()> {
    let reminder = load(dir).0.reminder;
    save(
        dir,
        &Settings {
            reminder,
            ..*settings
        },
    )
}

/// Writes the settings of `dir`, atomically, 0600.
pub fn save(dir: &DataDir, settings: &Settings) -> std::io::Result<()> {
    let bytes = serde_json::to_vec_pretty(settings).map_err(std::io::Error::other)?;
    crate::secure_fs::private_dir(dir.root())?;
    crate::secure_fs::write_atomic(&path(dir), &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_and_bad_files_fall_back() {
        let root = tempfile::tempdir().unwrap();
        let dir = DataDir::resolve(Some(root.path())).unwrap();
        assert_eq!(load(&dir), (Settings::default(), None));
        save(
            &dir,
            &Settings {
                show_streaks: false,
                auto_lock_minutes: 2,
                reminder: None,
                theme: ThemeName::HighContrast,
            },
        )
        .unwrap();
        assert_eq!(
            load(&dir).0,
            Settings {
                show_streaks: false,
                auto_lock_minutes: 2,
                reminder: None,
                theme: ThemeName::HighContrast,
            }
        );
        assert!(
            std::fs::read_to_string(path(&dir))
                .unwrap()
                .contains("\"theme\": \"high-contrast\"")
        );
        // A theme of no known name: the defaults, and the warning names the place.
        std::fs::write(path(&dir), b"{\n  \"theme\": \"neon\"\n}").unwrap();
        let (settings, warning) = load(&dir);
        assert_eq!(settings, Settings::default());
        assert!(warning.unwrap().contains("line 2"));
        std::fs::write(path(&dir), b"{ nope").unwrap();
        let (settings, warning) = load(&dir);
        assert_eq!(settings, Settings::default());
        assert!(warning.unwrap().contains("using the default settings"));
    }

    #[test]
    fn the_app_saving_its_settings_keeps_a_reminder_set_meanwhile() {
        use crate::remind::{Reminder, TimeOfDay, Timer, Weekdays};
        let root = tempfile::tempdir().unwrap();
        let dir = DataDir::resolve(Some(root.path())).unwrap();
        let app_holds = load(&dir).0;
        let reminder = Reminder {
            at: TimeOfDay::DEFAULT,
            days: Weekdays::EVERY_DAY,
            discreet: true,
            timer: Timer::Systemd,
        };
        save(
            &dir,
            &Settings {
                reminder: Some(reminder),
                ..Settings::default()
            },
        )
        .unwrap();
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
