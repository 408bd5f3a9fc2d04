//! The safety text and crisis resources, from a data file so they can be localised.
//!
//! The built-in file (`data/safety.json`, US resources) can be replaced by putting a
//! `safety.json` of the same shape in the data directory. Its text is sanitised like a
//! pack's, and a file that cannot be read falls back to the built-in one with a warning.

use std::path::Path;

use serde::{Deserialize, Serialize};

/// The built-in safety file.
pub const BUILTIN: &str = include_str!("../data/safety.json");

/// What the safety screen shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Safety {
    /// The heading.
    pub title: String,
    /// Paragraphs separated by blank lines.
    pub text: String,
    /// Where to get help.
    pub resources: Vec<Resource>,
}

/// One place to get help.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resource {
    /// Who they are.
    pub name: String,
    /// How to reach them.
    pub contact: String,
    /// A short note.
    pub note: String,
}

fn parse(text: &str) -> Result<Safety, String> {
    let mut value: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| format!("line {} column {}: not valid JSON", e.line(), e.column()))?;
    crate::sanitize::json(&mut value);
    serde_json::from_value(value).map_err(|e| crate::sanitize::text(&e.to_string()).into_owned())
}

/// The built-in safety text.
pub fn builtin() -> Safety {
    parse(BUILTIN).unwrap_or_else(|_| Safety {
        title: "Your safety comes first".into(),
        text: "If you are in danger, call your local emergency number.".into(),
        resources: Vec::new(),
    })
}

/// The most a local safety file may hold: a page of text and a list of resources.
pub const MAX_BYTES: crate::secure_fs::Cap = crate::secure_fs::Cap {
    what: "a safety file",
    bytes: 1 << 20,
};

/// The safety text for `data_dir`: its `safety.json` if there is one, else the
/// built-in text; the warning says why a local file was not used (it cannot be read,
/// is not valid, is a link, a pipe or a device, or is larger than [`MAX_BYTES`]).
pub fn load(data_dir: &Path) -> (Safety, Option<String>) {
    let path = data_dir.join("safety.json");
    let problem = match crate::secure_fs::read_capped(&path, MAX_BYTES) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (builtin(), None),
        Err(e) => format!("cannot be read ({e})"),
        Ok(bytes) => match String::from_utf8(bytes) {
            Err(_) => "not UTF-8 text".to_owned(),
            Ok(text) => match parse(&text) {
                Ok(safety) => return (safety, None),
                Err(problem) => problem,
            },
        },
    };
    (
        builtin(),
        Some(format!(
            "{}: {problem}; showing the built-in safety text",
            crate::sanitize::text(&path.display().to_string())
        )),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_file_names_the_crisis_lines() {
        let safety = parse(BUILTIN).unwrap();
        let all: String = safety
            .resources
            .iter()
            .map(|r| format!("{} {} ", r.name, r.contact))
            .collect();
        for needed in [
            "988",
            "1-800-799-7233",
            "START to 88788",
            "findahelpline.com",
        ] {
            assert!(all.contains(needed), "{needed}");
        }
        assert!(safety.text.contains("not therapy and not for emergencies"));
    }

    #[test]
    fn a_local_file_replaces_it_and_a_broken_one_falls_back() {
        let dir = tempfile::tempdir().unwrap();
        let local =
            r#"{"title":"Zuerst \u001b[2J Sicherheit","text":"Notruf 112.","resources":[]}"#;
        std::fs::write(dir.path().join("safety.json"), local).unwrap();
        let (safety, warning) = load(dir.path());
        assert_eq!(safety.title, "Zuerst \u{FFFD}[2J Sicherheit");
        assert_eq!(warning, None);
        std::fs::write(dir.path().join("safety.json"), "{").unwrap();
        let (safety, warning) = load(dir.path());
        assert_eq!(safety, builtin());
        assert!(
            warning
                .unwrap()
                .contains("showing the built-in safety text")
        );
    }
}
