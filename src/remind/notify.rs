//! The desktop notification: its words, and sending it to the notification server of
//! the session bus (`org.freedesktop.Notifications`, the interface every Linux desktop
//! implements) through zbus, a D-Bus library in pure Rust.

use std::collections::HashMap;
use std::time::Duration;

/// What the notification says. Never journal text, never a count or a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Words {
    /// The application name the server may show beside it.
    pub app_name: &'static str,
    /// The title.
    pub summary: &'static str,
    /// The line under it.
    pub body: &'static str,
}

/// The question both forms ask.
pub const BODY: &str = "A few minutes for yourself?";

impl Words {
    /// The words: with `discreet`, nothing names the app or what it is for.
    pub fn new(discreet: bool) -> Self {
        if discreet {
            Self {
                app_name: "Reminder",
                summary: "Reminder",
                body: BODY,
            }
        } else {
            Self {
                app_name: "between",
                summary: "between",
                body: BODY,
            }
        }
    }
}

/// How long the server may take to answer before the reminder gives up.
const ANSWER_WITHIN: Duration = Duration::from_secs(10);

/// Shows `words` as a notification on the session bus (`DBUS_SESSION_BUS_ADDRESS`,
/// else `$XDG_RUNTIME_DIR/bus`, else `/run/user/UID/bus`, as zbus finds it). The error
/// says in words why it could not be shown.
pub fn show(words: Words) -> Result<(), String> {
    zbus::block_on(async {
        let connection = zbus::connection::Builder::session()
            .method_timeout(ANSWER_WITHIN)
            .build()
            .await
            .map_err(|e| format!("cannot reach the session bus ({e})"))?;
        let hints: HashMap<&str, zbus::Variant<'_>> = HashMap::new();
        let actions: Vec<&str> = Vec::new();
        connection
            .call_method(
                Some("org.freedesktop.Notifications"),
                "/org/freedesktop/Notifications",
                Some("org.freedesktop.Notifications"),
                "Notify",
                &(
                    words.app_name,
                    0u32,
                    "",
                    words.summary,
                    words.body,
                    actions,
                    hints,
                    -1i32,
                ),
            )
            .await
            .map_err(|e| format!("no notification server answered ({e})"))?;
        Ok(())
    })
}

/// The command that shows `words` as a notification on macOS, which has no D-Bus:
/// AppleScript's `display notification`, the words quoted for AppleScript.
pub fn macos_command(words: Words) -> Vec<String> {
    let quoted = |text: &str| format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""));
    vec![
        "osascript".to_owned(),
        "-e".to_owned(),
        format!(
            "display notification {} with title {}",
            quoted(words.body),
            quoted(words.summary)
        ),
    ]
}

/// Shows `words` on macOS through `osascript` (see [`macos_command`]).
pub fn show_on_macos(words: Words) -> Result<(), String> {
    let command = macos_command(words);
    let status = std::process::Command::new(&command[0])
        .args(&command[1..])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .status()
        .map_err(|e| format!("cannot run osascript: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("osascript failed ({status})"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn on_macos_the_words_go_to_display_notification_quoted() {
        let command = macos_command(Words::new(true));
        assert_eq!(
            command,
            [
                "osascript",
                "-e",
                "display notification \"A few minutes for yourself?\" with title \"Reminder\""
            ]
        );
    }

    #[test]
    fn discreet_words_name_nothing() {
        let discreet = Words::new(true);
        for text in [discreet.app_name, discreet.summary, discreet.body] {
            let lower = text.to_lowercase();
            for word in ["between", "relationship", "therapy", "journal", "partner"] {
                assert!(!lower.contains(word), "{text}");
            }
        }
        assert_eq!(Words::new(false).summary, "between");
        assert_eq!(Words::new(false).body, discreet.body);
    }
}
