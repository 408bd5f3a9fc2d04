//! What between takes from its environment, read once at the start of a run
//! (`cli::run`) and passed down, so that every part follows one rule (`NO_COLOR` means
//! the same to the app and to `journal search`) and a test says what it wants without
//! changing the variables of its process, which other test threads read.

use std::ffi::OsString;
use std::path::PathBuf;

/// The environment variables between uses, as read at start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Environment {
    /// No color: `--no-color`, or `NO_COLOR` present and not empty (no-color.org).
    pub no_color: bool,
    /// The editor command line: `$VISUAL`, else `$EDITOR`, when not blank.
    pub editor: Option<String>,
    /// `$HOME`, for a path typed as `~/…`.
    pub home: Option<PathBuf>,
    /// `$XDG_RUNTIME_DIR`: memory-backed storage for an editor's plain copy.
    pub runtime_dir: Option<PathBuf>,
    /// The temporary folder (`$TMPDIR`, else `/tmp`).
    pub temp_dir: PathBuf,
    /// `$XDG_CONFIG_HOME`, where systemd user units go (`systemd/user/`); only an
    /// absolute path counts, as the XDG base directory rules say.
    pub config_home: Option<PathBuf>,
    /// The operating system, as Rust names it (`std::env::consts::OS`: "linux",
    /// "macos", …), which chooses the reminder's timer. A value, not a `cfg`, so the
    /// code for each system is built and tested on every one.
    pub os: &'static str,
    /// The theme `--theme` asked for, if any: it goes before `NO_COLOR` and the
    /// settings.
    pub theme: Option<crate::theme_name::ThemeName>,
    /// `$TERM`, when set and not blank: `dumb` means a terminal that cannot show the
    /// full-screen app (`mode_name::chosen`).
    pub term: Option<String>,
}

impl Environment {
    /// The process's environment; `no_color_flag` is `--no-color`.
    pub fn read(no_color_flag: bool) -> Self {
        Self::from_vars(no_color_flag, |name| std::env::var_os(name))
    }

    /// The environment that `var` describes (a test's, or the process's), on this
    /// operating system.
    pub fn from_vars(no_color_flag: bool, var: impl Fn(&str) -> Option<OsString>) -> Self {
        let text = |name: &str| {
            var(name)
                .and_then(|value| value.into_string().ok())
                .filter(|value| !value.trim().is_empty())
        };
        Self {
            no_color: no_color_flag || var("NO_COLOR").is_some_and(|value| !value.is_empty()),
            editor: text("VISUAL").or_else(|| text("EDITOR")),
            home: var("HOME").filter(|h| !h.is_empty()).map(PathBuf::from),
            runtime_dir: var("XDG_RUNTIME_DIR")
                .filter(|d| !d.is_empty())
                .map(PathBuf::from),
            temp_dir: var("TMPDIR")
                .filter(|d| !d.is_empty())
                .map_or_else(|| PathBuf::from("/tmp"), PathBuf::from),
            config_home: var("XDG_CONFIG_HOME")
                .map(PathBuf::from)
                .filter(|d| d.is_absolute()),
            os: std::env::consts::OS,
            theme: None,
            term: text("TERM"),
        }
    }

    /// An environment with no variable set, for tests.
    pub fn empty() -> Self {
        Self::from_vars(false, |_| None)
    }

    /// The editor to run: the one set, else `vi`.
    pub fn editor_command(&self) -> &str {
        self.editor.as_deref().unwrap_or("vi")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(vars: &[(&str, &str)], flag: bool) -> Environment {
        Environment::from_vars(flag, |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| OsString::from(v))
        })
    }

    #[test]
    fn no_color_follows_one_rule_set_and_not_empty() {
        assert!(!with(&[], false).no_color);
        assert!(!with(&[("NO_COLOR", "")], false).no_color);
        assert!(with(&[("NO_COLOR", "1")], false).no_color);
        assert!(
            with(&[("NO_COLOR", "0")], false).no_color,
            "any value counts"
        );
        assert!(with(&[], true).no_color, "the flag");
    }

    #[test]
    fn the_editor_is_visual_else_editor_else_vi() {
        assert_eq!(with(&[], false).editor_command(), "vi");
        assert_eq!(with(&[("EDITOR", "nano")], false).editor_command(), "nano");
        let both = with(&[("EDITOR", "nano"), ("VISUAL", "code --wait")], false);
        assert_eq!(both.editor_command(), "code --wait");
        let blank = with(&[("EDITOR", "nano"), ("VISUAL", "  ")], false);
        assert_eq!(
            blank.editor_command(),
            "nano",
            "a blank VISUAL is not an editor"
        );
    }

    #[test]
    fn folders_default_when_unset() {
        let env = with(&[], false);
        assert_eq!((env.home, env.runtime_dir), (None, None));
        assert_eq!(env.temp_dir, PathBuf::from("/tmp"));
        let env = with(&[("HOME", "/home/you"), ("TMPDIR", "/var/tmp")], false);
        assert_eq!(env.home, Some(PathBuf::from("/home/you")));
        assert_eq!(env.temp_dir, PathBuf::from("/var/tmp"));
    }

    #[test]
    fn a_relative_config_home_does_not_count() {
        assert_eq!(
            with(&[("XDG_CONFIG_HOME", "conf")], false).config_home,
            None
        );
        assert_eq!(
            with(&[("XDG_CONFIG_HOME", "/home/you/conf")], false).config_home,
            Some(PathBuf::from("/home/you/conf"))
        );
    }
}
