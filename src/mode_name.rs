//! The names of the app's two ways in, as `settings.json` gives them: a leaf that the
//! settings and the command line use, like `theme_name`.

use serde::{Deserialize, Serialize};

/// How `between` without a command runs: the full-screen app, or the linear mode of
/// plain lines (for screen readers, plain terminals and phones).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum ModeName {
    /// The full-screen app.
    #[default]
    FullScreen,
    /// Plain lines, one step after another: no redraws, no box drawing.
    Linear,
}
