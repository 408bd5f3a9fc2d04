//! The text form of an entry for `journal edit`: every free-text answer under its own
//! heading line, so a person can change it in any editor and we can read it back.
//!
//! A heading is a whole line `=== <step> · <prompt> ===` naming one of the entry's
//! editable steps; everything before the first heading is an explanation and ignored.
//! Text is never dropped: a line is only a heading if it names an editable step.

use chrono::{DateTime, FixedOffset};

use super::entry::Entry;

/// Why an edited text could not be read back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditTextError {
    /// A step's heading is missing.
    #[error("the heading for `{0}` is missing; keep every `=== … ===` line as it was")]
    Missing(String),
    /// A step's heading appears twice.
    #[error("the heading for `{0}` appears twice; keep each `=== … ===` line once")]
    Twice(String),
}

fn editable(entry: &Entry) -> impl Iterator<Item = (usize, &str, &str)> {
    entry
        .answers
        .iter()
        .enumerate()
        .filter_map(|(i, a)| a.value.text().map(|text| (i, a.step.as_str(), text)))
}

/// Whether the entry has any text to edit.
pub fn has_text(entry: &Entry) -> bool {
    editable(entry).next().is_some()
}

fn heading(step: &str, prompt: &str) -> String {
    let prompt: String = prompt.split_whitespace().collect::<Vec<_>>().join(" ");
    let short: String = prompt.chars().take(60).collect();
    let more = if short.len() < prompt.len() {
        "…"
    } else {
        ""
    };
    format!("=== {step} · {short}{more} ===")
}

fn step_of(line: &str) -> Option<&str> {
    let inner = line.strip_prefix("=== ")?.strip_suffix(" ===")?;
    Some(inner.split(" · ").next().unwrap_or(inner))
}

/// The entry's free-text answers as one text document.
pub fn render(entry: &Entry) -> String {
    let mut out = format!(
        "between: editing entry {} ({}, {}).\n\
         Change the text under each === heading; keep the heading lines as they are.\n\
         Save and close the editor to keep your changes. Anything above the first heading\n\
         is ignored.\n",
        entry.id,
        entry.kind.name(),
        entry.display_title()
    );
    for (index, step, text) in editable(entry) {
        out.push('\n');
        out.push_str(&heading(step, &entry.answers[index].prompt));
        out.push('\n');
        out.push_str(text);
        if !text.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// Reads an edited document back: for each editable answer (by index), its new text.
pub fn parse(entry: &Entry, text: &str) -> Result<Vec<(usize, String)>, EditTextError> {
    let steps: Vec<(usize, &str)> = editable(entry).map(|(i, step, _)| (i, step)).collect();
    let mut found: Vec<Option<String>> = vec![None; steps.len()];
    let mut current: Option<usize> = None;
    for line in text.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\n', '\r']);
        if let Some(slot) = step_of(bare).and_then(|s| steps.iter().position(|(_, id)| *id == s)) {
            if found[slot].is_some() {
                return Err(EditTextError::Twice(steps[slot].1.to_owned()));
            }
            found[slot] = Some(String::new());
            current = Some(slot);
        } else if let Some(slot) = current {
            found[slot].get_or_insert_with(String::new).push_str(line);
        }
    }
    steps
        .iter()
        .zip(found)
        .map(|((index, step), text)| {
            let text = text.ok_or_else(|| EditTextError::Missing((*step).to_owned()))?;
            Ok((*index, text.trim_end_matches(['\n', '\r']).to_owned()))
        })
        .collect()
}

/// Reads an edited document back into a new revision of `entry`, stamped `at`; `None`
/// when no text changed, so nothing needs saving.
pub fn revise(
    entry: &Entry,
    text: &str,
    at: DateTime<FixedOffset>,
) -> Result<Option<Entry>, EditTextError> {
    let mut revised = entry.revised_at(at);
    let mut changed = false;
    for (index, new) in parse(entry, text)? {
        // The document cannot carry trailing line breaks, so they are no change.
        let old = revised.answers[index].value.text().unwrap_or_default();
        if old.trim_end_matches(['\n', '\r']) != new {
            changed |= revised.answers[index].value.set_text(new);
        }
    }
    Ok(changed.then_some(revised))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::entry::{Answer, AnswerValue};

    fn entry() -> Entry {
        let mut entry = Entry::note("First line\n# not a heading\n\nlast".into());
        entry.answers.push(Answer {
            step: "rate".into(),
            prompt: "How strong?".into(),
            value: AnswerValue::Scale {
                value: 3,
                min: 0,
                max: 10,
                min_label: "a".into(),
                max_label: "b".into(),
                measure: None,
            },
        });
        entry.answers.push(Answer {
            step: "why".into(),
            prompt: "Why?".into(),
            value: AnswerValue::Text {
                text: String::new(),
            },
        });
        entry
    }

    #[test]
    fn an_unchanged_document_reads_back_the_same_text() {
        let entry = entry();
        let parsed = parse(&entry, &render(&entry)).unwrap();
        assert_eq!(
            parsed,
            vec![
                (0, "First line\n# not a heading\n\nlast".into()),
                (2, String::new())
            ]
        );
    }

    #[test]
    fn edits_are_read_and_heading_lookalikes_stay_text() {
        let entry = entry();
        let edited = render(&entry)
            .replace("last\n", "last\n=== other · not ours ===\nmore\n")
            .replace("=== why · Why? ===\n", "=== why · Why? ===\nBecause.\n");
        let parsed = parse(&entry, &edited).unwrap();
        assert_eq!(
            parsed[0].1,
            "First line\n# not a heading\n\nlast\n=== other · not ours ===\nmore"
        );
        assert_eq!(parsed[1].1, "Because.");
    }

    #[test]
    fn trailing_line_breaks_are_no_change() {
        let entry = Entry::note("first paragraph\n\n".into());
        assert_eq!(
            revise(&entry, &render(&entry), crate::journal::entry::now()),
            Ok(None)
        );
    }

    #[test]
    fn a_removed_or_doubled_heading_is_refused() {
        let entry = entry();
        let text = render(&entry);
        let removed = text.replace("=== why · Why? ===\n", "");
        assert_eq!(
            parse(&entry, &removed),
            Err(EditTextError::Missing("why".into()))
        );
        let doubled = format!("{text}=== why · Why? ===\n");
        assert_eq!(
            parse(&entry, &doubled),
            Err(EditTextError::Twice("why".into()))
        );
    }
}
