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

/// What chose how `between` without a command runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModeChosenBy {
    /// `--linear`.
    Flag,
    /// The settings' `mode` (or its default).
    Settings,
    /// `TERM=dumb`: a terminal that cannot show the app.
    DumbTerminal,
    /// Standard input is not a terminal.
    InputNotTerminal,
    /// Standard output is not a terminal.
    OutputNotTerminal,
}

/// Where `between` runs: what `TERM` says, and whether standard input and output are
/// terminals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Surroundings<'a> {
    /// `$TERM`, if set.
    pub term: Option<&'a str>,
    /// Whether standard input is a terminal.
    pub input_terminal: bool,
    /// Whether standard output is a terminal.
    pub output_terminal: bool,
}

/// How `between` without a command runs and what chose it: linear mode when
/// `--linear` asks (`flag`), else when the settings do, else when the terminal cannot
/// show the app (`TERM=dumb`, or input or output not a terminal); else the settings'
/// mode, the full-screen app. Start-up and `between settings` both ask it.
pub fn chosen(flag: bool, setting: ModeName, around: Surroundings<'_>) -> (ModeName, ModeChosenBy) {
    let linear = |by| (ModeName::Linear, by);
    if flag {
        linear(ModeChosenBy::Flag)
    } else if setting == ModeName::Linear {
        linear(ModeChosenBy::Settings)
    } else if around.term == Some("dumb") {
        linear(ModeChosenBy::DumbTerminal)
    } else if !around.input_terminal {
        linear(ModeChosenBy::InputNotTerminal)
    } else if !around.output_terminal {
        linear(ModeChosenBy::OutputNotTerminal)
    } else {
        (setting, ModeChosenBy::Settings)
    }
}
