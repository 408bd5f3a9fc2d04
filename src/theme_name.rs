//! The names of the app's themes, as `settings.json` and `--theme` give them: a leaf
//! that the settings, the environment and the app's theme all use.

use serde::{Deserialize, Serialize};

/// The app's themes, by the names `settings.json` and `--theme` give them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum ThemeName {
    /// Calm colours.
    #[default]
    Default,
    /// No colour at all: selection and focus by reverse video, bold and symbols (what
    /// `--no-color` and `NO_COLOR` choose).
    Monochrome,
    /// The terminal's own text colour on its own background, nothing dimmed: selection
    /// in reverse video, headings and keys bold, warnings reversed.
    HighContrast,
}

/// What chose the theme the app draws with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThemeChosenBy {
    /// `--theme`.
    Flag,
    /// No colour asked for: `--no-color`, or `NO_COLOR`.
    NoColor,
    /// The settings (or their default).
    Settings,
}

/// The theme to draw with and what chose it: the one `--theme` asked for, else
/// monochrome when no colour is asked for, else the settings' one.
pub fn chosen(
    asked: Option<ThemeName>,
    no_color: bool,
    setting: ThemeName,
) -> (ThemeName, ThemeChosenBy) {
    match (asked, no_color) {
        (Some(name), _) => (name, ThemeChosenBy::Flag),
        (None, true) => (ThemeName::Monochrome, ThemeChosenBy::NoColor),
        (None, false) => (setting, ThemeChosenBy::Settings),
    }
}
