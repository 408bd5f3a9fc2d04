//! Opening the user's editor (`$VISUAL`, else `$EDITOR`, else `vi`) on a file.

use std::path::Path;
use std::process::Command;

/// Why the editor did not finish well.
#[derive(Debug, thiserror::Error)]
pub enum EditorError {
    /// It could not be started.
    #[error("cannot start the editor `{command}`: {source}; set $EDITOR to an editor you have")]
    Start {
        /// The editor command.
        command: String,
        /// What the system said.
        source: std::io::Error,
    },
    /// It exited with an error.
    #[error("the editor `{command}` exited with an error")]
    Failed {
        /// The editor command.
        command: String,
    },
}

/// The editor command line to use.
pub fn command() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|var| std::env::var(var).ok())
        .find(|value| !value.trim().is_empty())
        .unwrap_or_else(|| "vi".to_owned())
}

/// Runs the editor on `path` and waits for it. The command goes through `sh`, so an
/// editor with arguments (`code --wait`) works; the path is passed as an argument,
/// never pasted into the command.
pub fn edit(path: &Path) -> Result<(), EditorError> {
    let command = command();
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{command} \"$1\""))
        .arg("between-editor")
        .arg(path)
        .status()
        .map_err(|source| EditorError::Start {
            command: command.clone(),
            source,
        })?;
    if status.success() {
        Ok(())
    } else {
        Err(EditorError::Failed { command })
    }
}
