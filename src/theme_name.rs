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
