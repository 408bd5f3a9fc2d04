//! The one loader for packs, built-in or from a file: read safely, parse, sanitise,
//! check, and report every problem with its line, column and field.

use std::fmt;
use std::path::Path;

use serde::de::DeserializeOwned;

use super::json_path::{JsonPath, Segment, line_column};
use super::model::{
    ChecklistStep, ChoiceStep, Pack, QuestionnaireStep, ReadStep, ScaleStep, TextStep, TimerStep,
};
use super::{syntax, validate};
use crate::{sanitize, secure_fs};

/// The largest pack file accepted, in bytes.
pub const MAX_PACK_BYTES: u64 = 4 * 1024 * 1024;

/// One problem in a pack, at a place in its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
    /// The field the problem is in; the root for problems of the whole file.
    pub path: JsonPath,
    /// The parts of the pack the field is in, named by their ids, e.g. "exercise
    /// `bids-log`", "step `rate`"; empty when there are none.
    pub within: Vec<String>,
    /// What is wrong and what was expected, safe to print.
    pub message: String,
}

/// Why a pack could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be opened or read.
    #[error("{file}: cannot read it: {error}")]
    Unreadable {
        /// The file as the user named it.
        file: String,
        /// What the system said.
        error: std::io::Error,
    },
    /// The path names a directory, link, pipe or device, not a regular file.
    #[error("{file}: this is {kind}, not a regular file; give the path of the pack file itself")]
    NotAFile {
        /// The file as the user named it.
        file: String,
        /// What it is instead, e.g. "a symbolic link".
        kind: &'static str,
    },
    /// The file is over [`MAX_PACK_BYTES`].
    #[error("{file}: the file is larger than 4 MiB, the most a pack may be")]
    TooLarge {
        /// The file as the user named it.
        file: String,
    },
    /// The text has problems; all that could be found are listed.
    #[error("{}", DisplayProblems { file, problems })]
    Invalid {
        /// The file as the user named it.
        file: String,
        /// Every problem found, in order of position.
        problems: Vec<Problem>,
    },
}

struct DisplayProblems<'a> {
    file: &'a str,
    problems: &'a [Problem],
}

impl fmt::Display for DisplayProblems<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}:{}:{}: ", self.file, p.line, p.column)?;
            if !p.path.is_root() {
                write!(f, "{}", p.path)?;
                if !p.within.is_empty() {
                    write!(f, " ({})", p.within.join(", "))?;
                }
                write!(f, ": ")?;
            }
            write!(f, "{}", p.message)?;
        }
        Ok(())
    }
}

/// Reads and loads the pack file at `path`.
///
/// Only a regular file of at most [`MAX_PACK_BYTES`] is read; links, pipes and devices
/// are refused without opening them for reading in a way that could block.
pub fn load_file(path: &Path) -> Result<Pack, LoadError> {
    let file = sanitize::text(&path.display().to_string()).into_owned();
    let text = read_text(path)?;
    load_str(&file, &text)
}

/// Loads a pack from its text; `file` names it in messages.
pub fn load_str(file: &str, text: &str) -> Result<Pack, LoadError> {
    parse(text).map_err(|problems| LoadError::Invalid {
        file: file.to_owned(),
        problems,
    })
}

/// The text of the pack file at `path`, read as [`load_file`] reads it.
pub fn read_text(path: &Path) -> Result<String, LoadError> {
    let file = sanitize::text(&path.display().to_string()).into_owned();
    let cap = secure_fs::Cap {
        what: "a pack",
        bytes: MAX_PACK_BYTES,
    };
    let bytes =
        secure_fs::read_capped(path, cap).map_err(|error| match secure_fs::refusal(&error) {
            Some(secure_fs::Refused::NotAFile(kind)) => LoadError::NotAFile {
                file: file.clone(),
                kind,
            },
            Some(secure_fs::Refused::TooLarge { .. }) => LoadError::TooLarge { file: file.clone() },
            _ => LoadError::Unreadable {
                file: file.clone(),
                error,
            },
        })?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
        let (line, column) = line_column(&text, valid);
        LoadError::Invalid {
            file,
            problems: vec![Problem {
                line,
                column,
                path: JsonPath::root(),
                within: Vec::new(),
                message: "the file is not UTF-8 text; save it with the UTF-8 encoding".into(),
            }],
        }
    })
}

/// Parses, sanitises and checks a pack's text, returning every problem found.
fn parse(text: &str) -> Result<Pack, Vec<Problem>> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let scanned = syntax::scan(text);
    let text = scanned.text.as_str();
    let stop_problem = |(offset, message): (usize, String)| {
        let (line, column) = line_column(text, offset);
        vec![Problem {
            line,
            column,
            path: JsonPath::root(),
            within: Vec::new(),
            message,
        }]
    };
    let parsed = serde_json::from_str::<serde_json::Value>(text);
    let mut value = match (parsed, scanned.stop) {
        (Ok(_), Some(stop)) => return Err(stop_problem(stop)),
        (Err(e), Some(stop)) if stop.0 <= serde_offset(text, &e) => {
            return Err(stop_problem(stop));
        }
        (Err(e), _) => {
            let (line, column) = line_column(text, serde_offset(text, &e));
            return Err(vec![Problem {
                line,
                column,
                path: JsonPath::root(),
                within: Vec::new(),
                message: syntax_message(&e),
            }]);
        }
        (Ok(value), None) => value,
    };
    sanitize::json(&mut value);
    // A problem at `(line, column)`, named by its path with the ids of what it is in.
    let problem = |path: JsonPath, (line, column): (usize, usize), message: String| Problem {
        line,
        column,
        within: path.names(&value),
        path,
        message,
    };
    let problem_at = |path: JsonPath, message: String| {
        let at = path.locate(text);
        problem(path, at, message)
    };
    let mut problems: Vec<Problem> = scanned
        .duplicates
        .into_iter()
        .map(|(path, offset, message)| problem(path, line_column(text, offset), message))
        .collect();
    match typed::<Pack>(&value) {
        Err((path, message)) => {
            let (path, message) = refine_step_error(&value, path, message);
            problems.push(problem_at(path, message));
        }
        Ok(pack) => {
            problems.extend(
                validate::check(&pack)
                    .into_iter()
                    .map(|(path, message)| problem_at(path, message)),
            );
            if problems.is_empty() {
                return Ok(pack);
            }
        }
    }
    problems.sort_by_key(|p| (p.line, p.column));
    Err(problems)
}

/// The byte offset in `text` of the character a parse error is at. serde_json counts
/// columns in bytes from 1, and 0 once it has read a line break (which is then where
/// the error is).
fn serde_offset(text: &str, error: &serde_json::Error) -> usize {
    let line_start = if error.line() <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(error.line() - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    match error.column() {
        0 => line_start.saturating_sub(1),
        column => (line_start + column - 1).min(text.len()),
    }
}

/// Deserialises a value, returning the path and a readable message on failure.
fn typed<T: DeserializeOwned>(value: &serde_json::Value) -> Result<T, (JsonPath, String)> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let mut path = JsonPath::root();
        for segment in e.path().iter() {
            match segment {
                serde_path_to_error::Segment::Map { key } => path = path.key(key),
                serde_path_to_error::Segment::Seq { index } => path = path.index(*index),
                serde_path_to_error::Segment::Enum { .. }
                | serde_path_to_error::Segment::Unknown => {}
            }
        }
        let mut message = readable(&e.inner().to_string());
        if let Some(Segment::Key(field)) = path.segments().last()
            && let Some(words) = one_of(field, &message)
        {
            message = words;
        }
        // Point at an unknown field's name rather than at the object holding it.
        match unknown_field(&message) {
            Some(field) if path.segments().last() != Some(&Segment::Key(field.clone())) => {
                (path.key(&field), message)
            }
            _ => (path, message),
        }
    })
}

/// A step's kind decides its type, so serde reads a step whole before it knows its
/// fields and reports problems inside it at the step. This reads a failing step again
/// as its own kind, to find the field the problem is in.
fn refine_step_error(
    document: &serde_json::Value,
    path: JsonPath,
    message: String,
) -> (JsonPath, String) {
    let is_step =
        matches!(path.segments(), [.., Segment::Key(k), Segment::Index(_)] if k == "steps");
    let Some(mut step) = is_step.then(|| path.lookup(document)).flatten().cloned() else {
        return (path, message);
    };
    let Some(fields) = step.as_object_mut() else {
        return (path, message);
    };
    let kind = fields.remove("kind");
    let inner = match kind.as_ref().and_then(|k| k.as_str()) {
        Some("read") => typed::<ReadStep>(&step).err(),
        Some("text") => typed::<TextStep>(&step).err(),
        Some("scale") => typed::<ScaleStep>(&step).err(),
        Some("choice") => typed::<ChoiceStep>(&step).err(),
        Some("checklist") => typed::<ChecklistStep>(&step).err(),
        Some("timer") => typed::<TimerStep>(&step).err(),
        Some("questionnaire") => typed::<QuestionnaireStep>(&step).err(),
        _ => None,
    };
    match inner {
        Some((inner_path, inner_message)) => (path.join(&inner_path), inner_message),
        None => (path, message),
    }
}

/// serde's "unknown variant `weekly`, expected `week` or `total`" as "`per` must be
/// one of: week, total (not `weekly`)".
fn one_of(field: &str, message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown variant `")?;
    let (value, expected) = rest.split_once("`, expected ")?;
    let allowed: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    (!allowed.is_empty()).then(|| {
        format!(
            "`{field}` must be one of: {} (not `{value}`)",
            allowed.join(", ")
        )
    })
}

fn unknown_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    Some(rest[..rest.find('`')?].to_owned())
}

/// serde's words for types, in the words of someone writing a pack by hand.
fn readable(message: &str) -> String {
    const WORDS: [(&str, &str); 11] = [
        ("expected u32", "expected a whole number, 0 or more"),
        ("expected i64", "expected a whole number"),
        ("expected f64", "expected a number"),
        ("expected a sequence", "expected a list: [ ... ]"),
        ("expected a map", "expected an object: { ... }"),
        ("expected a boolean", "expected true or false"),
        ("invalid type: sequence", "invalid type: a list"),
        ("invalid type: map", "invalid type: an object"),
        ("invalid type: integer", "invalid type: the number"),
        ("invalid type: floating point", "invalid type: the number"),
        ("invalid type: string", "invalid type: the text"),
    ];
    let mut text = sanitize::text(message).into_owned();
    for (from, to) in WORDS {
        text = text.replace(from, to);
    }
    if let Some(i) = text.find("expected struct ") {
        text.replace_range(i.., "expected an object: { ... }");
    }
    // chrono's words for a date that does not parse; only dates use them.
    for chrono in [
        "input contains invalid characters",
        "input is out of range",
        "premature end of input",
        "trailing input",
    ] {
        if text.contains(chrono) {
            return "expected a date as YYYY-MM-DD, e.g. 2026-12-04".into();
        }
    }
    if let Some(i) = text.find("expected internally tagged enum") {
        text.replace_range(i.., "expected a step: { \"kind\": ..., ... }");
    }
    if text.ends_with("expected a whole number, 0 or more")
        || text.ends_with("expected a whole number")
    {
        text.push_str(", written without quotes, e.g. 10");
    }
    if text.ends_with("expected a string") {
        text = text.replace(
            "expected a string",
            "expected text in double quotes, e.g. \"Take a slow breath\"",
        );
    }
    if let Some(field) = text
        .strip_prefix("missing field `")
        .and_then(|rest| rest.strip_suffix('`'))
    {
        let example = field_example(field);
        text =
            format!("missing field `{field}`: add it to this object, e.g. \"{field}\": {example}");
    }
    text
}

/// An example value of a pack field, for messages about a missing one.
fn field_example(field: &str) -> &'static str {
    match field {
        "format" | "version" => "1",
        "id" => "\"map-your-cycle\"",
        "area" => "\"communication\"",
        "minutes" => "10",
        "min" => "1",
        "max" => "5",
        "seconds" => "120",
        "times" => "2",
        "per" => "\"week\"",
        "technique" => "\"Gottman Method: gentle start-up\"",
        "from" => "\"Sam Rivera, LMFT\"",
        "exercise" => "\"communication/gentle-start-up\"",
        "kind" => "\"read\"",
        "prompt" => "\"What did you notice?\"",
        "exercises" | "steps" | "items" | "options" | "dimensions" | "bands" => "[ ... ]",
        "scale" => {
            "{ \"min\": 1, \"max\": 5, \"min_label\": \"not true\", \"max_label\": \"very true\" }"
        }
        _ => "\"...\"",
    }
}

fn syntax_message(error: &serde_json::Error) -> String {
    let full = error.to_string();
    // serde_json appends " at line L column C"; the caller prints the position itself.
    let message = full
        .rfind(" at line ")
        .map_or(full.as_str(), |i| &full[..i]);
    if message == "recursion limit exceeded" {
        return "nested too deeply: a pack may nest lists and objects at most 128 levels".into();
    }
    if error.is_eof() {
        return "the file ends too early; look for a missing closing brace, bracket or quote"
            .into();
    }
    let hint = match message {
        "key must be a string" => "; names are in double quotes, e.g. \"title\": \"...\"",
        m if m.starts_with("expected `,` or") => {
            "; look for a missing comma between two fields or list items"
        }
        m if m.starts_with("trailing comma") => "; remove the comma after the last item",
        _ => "",
    };
    format!("not valid JSON: {}{hint}", sanitize::text(message))
}
