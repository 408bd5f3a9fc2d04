//! Exports of the journal: JSON (lossless, and what `import` reads back), Markdown (for
//! a person, by month, each long prompt written once) and CSV (one row per answer, for
//! a spreadsheet).

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;

use chrono::{DateTime, Datelike, FixedOffset};
use serde::{Deserialize, Serialize};

use super::entry::{AnswerValue, Entry, EntryId};
use super::practice::{DAY, MONTH, PracticeData};
use super::shared_text::join;
use crate::words::capitalised;

/// The `format` marker of a JSON export.
pub const EXPORT_FORMAT: &str = "between-journal";
/// The version of the JSON export's shape.
pub const EXPORT_VERSION: u32 = 1;

/// The most a file given to `import` may hold: an export of a journal far beyond ten
/// years of daily use is smaller.
pub const MAX_IMPORT_BYTES: crate::secure_fs::Cap = crate::secure_fs::Cap {
    what: "a journal export to import",
    bytes: 512 << 20,
};

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Markdown, by month.
    Md,
    /// JSON, lossless; `between import` reads it.
    Json,
    /// CSV, one row per answer.
    Csv,
}

/// A JSON export: every entry, as saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonExport {
    /// Always [`EXPORT_FORMAT`].
    pub format: String,
    /// The shape's version.
    pub version: u32,
    /// When the export was made.
    pub exported: DateTime<FixedOffset>,
    /// The entries, oldest first.
    pub entries: Vec<Entry>,
}

/// What an export writes besides the entries themselves.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Each entry's id in a Markdown export (JSON and CSV always have them).
    pub ids: bool,
}

/// Writes `entries` (oldest first) in `format` to `out`, entry by entry: no copy of
/// the entries and no whole file is held in memory.
pub fn write(
    entries: &[&Entry],
    format: Format,
    options: Options,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    match format {
        Format::Json => json(entries, out),
        Format::Md => markdown(entries, options, out),
        Format::Csv => csv(entries, out),
    }
}

/// A JSON export of borrowed entries: the same bytes as [`JsonExport`]'s.
#[derive(Serialize)]
struct JsonExportOf<'a> {
    format: &'static str,
    version: u32,
    exported: DateTime<FixedOffset>,
    entries: &'a [&'a Entry],
}

fn json(entries: &[&Entry], out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let export = JsonExportOf {
        format: EXPORT_FORMAT,
        version: EXPORT_VERSION,
        exported: super::entry::now(),
        entries,
    };
    crate::safe_json::to_writer_pretty(&mut *out, &export).map_err(std::io::Error::other)?;
    out.write_all(b"\n")
}

/// A prompt this long is written in full once, at the end of a Markdown export, and
/// by its number and first words at each answer.
const LONG_PROMPT_WORDS: usize = 12;

fn markdown(
    entries: &[&Entry],
    options: Options,
    to: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut out = String::from("# Journal\n\n");
    let _ = writeln!(
        out,
        "Exported from between on {}: {}.\n",
        super::entry::now().format(DAY),
        crate::words::count(entries.len(), "entry", "entries")
    );
    let long = super::prompts::once_each(
        entries
            .iter()
            .flat_map(|entry| &entry.answers)
            .map(|answer| answer.prompt.as_str())
            .filter(|prompt| prompt.split_whitespace().count() > LONG_PROMPT_WORDS),
    );
    let mut belonging: HashMap<&EntryId, Vec<&Entry>> = HashMap::new();
    for entry in entries {
        if let Some(plan) = &entry.link {
            belonging.entry(plan).or_default().push(entry);
        }
    }
    let numbers: HashMap<&str, usize> = (1..).zip(&long).map(|(n, p)| (*p, n)).collect();
    let shown = Shown {
        id: options.ids,
        numbers: Some(&numbers),
    };
    let mut month = None;
    for entry in entries {
        let this = (entry.created.year(), entry.created.month());
        if month != Some(this) {
            let _ = write!(out, "## {}\n\n", entry.created.format(MONTH));
            month = Some(this);
        }
        markdown_entry(&mut out, entry, shown);
        let linked = belonging
            .get(&entry.id)
            .map(Vec::as_slice)
            .unwrap_or_default();
        markdown_plan_history(&mut out, entry, linked);
        // Each entry goes out as it is written: the export is never whole in memory.
        to.write_all(out.as_bytes())?;
        out.clear();
    }
    if !long.is_empty() {
        let _ = writeln!(out, "## The prompts in full\n");
        for (i, prompt) in long.iter().enumerate() {
            let _ = writeln!(out, "- ({}) {}", i + 1, one_line(prompt));
        }
    }
    to.write_all(out.as_bytes())
}

/// How one entry is written in Markdown.
#[derive(Debug, Clone, Copy, Default)]
pub struct Shown<'a> {
    /// Whether its line of marks ends with its id, for the commands that take one.
    pub id: bool,
    /// Prompts written in full elsewhere, with their numbers: an answer to one of
    /// them is headed by the number and the prompt's first sentence.
    pub numbers: Option<&'a HashMap<&'a str, usize>>,
}

impl Shown<'_> {
    /// An entry on its own (`journal show`, the app): its id, every prompt in full.
    pub const ALONE: Shown<'static> = Shown {
        id: true,
        numbers: None,
    };
}

/// When the entry was changed on two devices at once (a synced journal): every other
/// version after the one shown, so nothing typed on either device is out of sight.
/// `journal show` and the app's entry view print this after the entry.
pub fn markdown_conflict(out: &mut String, journal: &super::Journal, entry: &Entry) {
    let Some(conflict) = journal.conflict(&entry.id) else {
        return;
    };
    out.push_str(
        "\n---\n\n**Changed on two devices at once.** The version above is shown for now; \
         editing it (`e` in the app, `between journal edit ID`) and saving settles which \
         words stay.\n\n",
    );
    let name = |replica: &crate::journal::sync::ReplicaId| {
        journal.merged().map_or_else(
            || replica.short().to_owned(),
            |merged| merged.name_of(replica),
        )
    };
    for other in &conflict.others {
        let device = other.replica.as_ref().map(name).unwrap_or_default();
        out.push_str(&format!(
            "**The other version** (from {device}, saved {}):\n\n",
            other.updated.format("%a %-d %b %Y, %H:%M")
        ));
        markdown_entry(out, other, Shown::ALONE);
    }
    for (replica, tombstone) in &conflict.deleted {
        out.push_str(&format!(
            "_Deleted on {} on {}, while it was changed here; the change is kept._\n\n",
            name(replica),
            tombstone.at.format("%a %-d %b %Y, %H:%M")
        ));
    }
}

/// One entry in Markdown: a `###` heading (its day and time, kind, area, title), a
/// line of marks (tags, flags, id), what a plan, try, review or session records, then
/// every prompt with its answer. `journal show` and the app's entry view print this
/// too.
pub fn markdown_entry(out: &mut String, entry: &Entry, shown: Shown) {
    let stamp = entry.created.format(&format!("{DAY}, %H:%M")).to_string();
    let mut heading = format!("{stamp} · {}", entry.kind.name());
    if let Some(area) = &entry.area {
        let _ = write!(heading, " · {area}");
    }
    let title = entry.display_title();
    if !title.is_empty() {
        let _ = write!(heading, " · {title}");
    }
    let _ = write!(out, "### {heading}\n\n");
    let mut marks = Vec::new();
    if !entry.tags.is_empty() {
        marks.push(format!("tags: {}", join(&entry.tags, ", ")));
    }
    if entry.discuss {
        marks.push("to discuss".into());
    }
    if entry.private {
        marks.push("private".into());
    }
    if entry.revision > 1 {
        marks.push(format!(
            "edited {}",
            entry.updated.format(&format!("{DAY}, %H:%M"))
        ));
    }
    if shown.id {
        marks.push(format!("id {}", entry.id));
    }
    if !marks.is_empty() {
        let _ = writeln!(out, "_{}_\n", marks.join(" · "));
    }
    if let Some(practice) = &entry.practice {
        let _ = writeln!(out, "{}\n", practice_line(practice));
    }
    for answer in &entry.answers {
        let number = shown
            .numbers
            .and_then(|numbers| numbers.get(answer.prompt.as_str()));
        let prompt = match number {
            None => one_line(&answer.prompt),
            Some(n) => format!("({n}) {}", opening(&answer.prompt)),
        };
        let _ = writeln!(out, "**{prompt}**\n");
        match &answer.value {
            AnswerValue::Text { text } => {
                let _ = writeln!(out, "{}\n", text.trim_end());
            }
            AnswerValue::Checklist { items } => {
                for item in items {
                    let mark = if item.checked { "x" } else { " " };
                    let _ = writeln!(out, "- [{mark}] {}", one_line(&item.text));
                }
                out.push('\n');
            }
            AnswerValue::Questionnaire { items, .. } => {
                for item in items {
                    let _ = writeln!(out, "- {}: {}", one_line(&item.text), item.answer);
                }
                let _ = writeln!(out, "\nResult: {}\n", answer.value.summary());
            }
            AnswerValue::Timer { .. } => {
                let _ = writeln!(out, "{}.\n", capitalised(&answer.value.summary()));
            }
            other => {
                let _ = writeln!(out, "{}\n", other.summary());
            }
        }
    }
}

/// What a plan, try, review or session records, in a line (a strategy's page says
/// its plans' the same way).
pub fn practice_line(practice: &PracticeData) -> String {
    match practice {
        PracticeData::Plan {
            frequency,
            review_on,
        } => {
            let review = review_on
                .map(|on| format!(" · look back by {}", on.format(DAY)))
                .unwrap_or_default();
            format!("Planned: {}{review}", frequency.words())
        }
        PracticeData::Try { at, rating } => format!(
            "How it went: {rating} of 5 · happened {}",
            at.format(&format!("{DAY}, %H:%M"))
        ),
        PracticeData::Review {
            decision,
            next_review_on,
        } => {
            let again = next_review_on
                .map(|on| format!(" · look back again by {}", on.format(DAY)))
                .unwrap_or_default();
            format!("Decision: {}{again}", decision.past())
        }
        PracticeData::Session { on, discussed } if discussed.is_empty() => {
            format!("Session on {}", on.format(DAY))
        }
        PracticeData::Session { on, discussed } => format!(
            "Session on {}, talked about {}",
            on.format(DAY),
            crate::words::count(discussed.len(), "flagged entry", "flagged entries")
        ),
    }
}

/// For a plan: once it has been looked back on, the day of the next look back (its
/// first is on the "Planned" line); its tries among `belonging` (the entries linked
/// to it, oldest first), counted with their average, then listed with their days and
/// ratings; and its looks back with their decisions. Nothing for another kind.
pub fn markdown_plan_history(out: &mut String, plan: &Entry, belonging: &[&Entry]) {
    if plan.kind != super::Kind::Plan {
        return;
    }
    let reviews: Vec<&Entry> = belonging
        .iter()
        .copied()
        .filter(|e| e.kind == super::Kind::Review && e.link.as_ref() == Some(&plan.id))
        .collect();
    if !reviews.is_empty()
        && let Some(on) = plan.next_review(reviews.iter().copied())
    {
        let _ = writeln!(out, "Next look back: {}\n", on.format(DAY));
    }
    markdown_plan_tries(out, plan, belonging);
    if reviews.is_empty() {
        return;
    }
    let _ = writeln!(out, "**Looked back**\n");
    for review in &reviews {
        let decision = match &review.practice {
            Some(PracticeData::Review { decision, .. }) => decision.past(),
            _ => "",
        };
        let _ = writeln!(out, "- {}: {decision}", review.created.format(DAY));
    }
    out.push('\n');
}

/// The entries of `journal` linked to `plan` (its tries and looks back), oldest
/// first; none for an entry that is not a plan.
pub fn belonging_to<'a>(journal: &'a super::Journal, plan: &Entry) -> Vec<&'a Entry> {
    if plan.kind != super::Kind::Plan {
        return Vec::new();
    }
    journal
        .entries()
        .filter(|e| e.link.as_ref() == Some(&plan.id))
        .collect()
}

fn markdown_plan_tries(out: &mut String, plan: &Entry, belonging: &[&Entry]) {
    let tries: Vec<&Entry> = belonging
        .iter()
        .copied()
        .filter(|e| e.kind == super::Kind::Try && e.link.as_ref() == Some(&plan.id))
        .collect();
    let ratings: Vec<u8> = tries
        .iter()
        .filter_map(|attempt| match &attempt.practice {
            Some(PracticeData::Try { rating, .. }) => Some(*rating),
            _ => None,
        })
        .collect();
    let average = (!ratings.is_empty()).then(|| {
        let sum: f64 = ratings.iter().map(|r| f64::from(*r)).sum();
        format!(
            ", average {} of 5",
            crate::words::number(sum / ratings.len() as f64)
        )
    });
    let _ = writeln!(
        out,
        "**Tries: {}{}**\n",
        tries.len(),
        average.unwrap_or_default()
    );
    if tries.is_empty() {
        let _ = writeln!(out, "None yet.\n");
        return;
    }
    for attempt in tries {
        let line = match &attempt.practice {
            Some(PracticeData::Try { at, rating }) => {
                format!("{}: {rating} of 5", at.format(DAY))
            }
            _ => attempt.created.format(DAY).to_string(),
        };
        let said = attempt
            .first_text()
            .map(|t| format!(" · {}", super::entry::first_words(t, 10)))
            .unwrap_or_default();
        let _ = writeln!(out, "- {line}{said}");
    }
    out.push('\n');
}

/// A long prompt in short: its first sentence when that is short, else its first
/// words.
fn opening(prompt: &str) -> String {
    let sentence = prompt
        .find(['.', '?', '!'])
        .map(|end| &prompt[..=end])
        .filter(|sentence| sentence.split_whitespace().count() <= 10);
    match sentence {
        Some(sentence) => one_line(sentence),
        None => super::entry::first_words(prompt, 8),
    }
}

/// `text` on one line: its line breaks and runs of spaces one space each.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Spreadsheets run cells starting with these as formulas; pack text is untrusted.
fn cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

fn csv(entries: &[&Entry], to: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut writer = csv::Writer::from_writer(to);
    let header = [
        "entry_id",
        "created",
        "kind",
        "area",
        "title",
        "tags",
        "discuss",
        "private",
        "step",
        "prompt",
        "answer_kind",
        "answer",
        "value",
        "measure",
        "date",
        "rating",
        "happened",
        "decision",
    ];
    writer.write_record(header)?;
    for entry in entries {
        let common = [
            entry.id.to_string(),
            entry.created.to_rfc3339(),
            entry.kind.name().to_owned(),
            entry.area.as_deref().unwrap_or_default().to_owned(),
            cell(&entry.display_title()),
            cell(&join(&entry.tags, " ")),
            entry.discuss.to_string(),
            entry.private.to_string(),
        ];
        let practice = practice_cells(entry);
        if entry.answers.is_empty() {
            let row = common
                .iter()
                .cloned()
                .chain(std::iter::repeat_n(String::new(), 6))
                .chain(practice.iter().cloned());
            writer.write_record(row)?;
        }
        for answer in &entry.answers {
            let (kind, value, measure) = match &answer.value {
                AnswerValue::Text { .. } => ("text", String::new(), None),
                AnswerValue::Scale { value, measure, .. } => (
                    "scale",
                    value.to_string(),
                    measure.as_deref().map(str::to_owned),
                ),
                AnswerValue::Choice { .. } => ("choice", String::new(), None),
                AnswerValue::Checklist { items } => (
                    "checklist",
                    items.iter().filter(|i| i.checked).count().to_string(),
                    None,
                ),
                AnswerValue::Timer { elapsed, .. } => ("timer", elapsed.to_string(), None),
                AnswerValue::Questionnaire { .. } => ("questionnaire", String::new(), None),
            };
            let row = common
                .iter()
                .cloned()
                .chain([
                    answer.step.to_string(),
                    cell(&answer.prompt),
                    kind.to_owned(),
                    cell(&answer.value.summary()),
                    value,
                    measure.unwrap_or_default(),
                ])
                .chain(practice.iter().cloned());
            writer.write_record(row)?;
        }
    }
    writer.flush()
}

/// The last columns of an entry's rows: the day it was written (ISO, which a
/// spreadsheet reads as a date), and a try's rating and when it happened or a
/// review's decision.
fn practice_cells(entry: &Entry) -> [String; 4] {
    let date = entry.created.format("%Y-%m-%d").to_string();
    match &entry.practice {
        Some(PracticeData::Try { at, rating }) => {
            [date, rating.to_string(), at.to_rfc3339(), String::new()]
        }
        Some(PracticeData::Review { decision, .. }) => [
            date,
            String::new(),
            String::new(),
            decision.past().to_owned(),
        ],
        _ => [date, String::new(), String::new(), String::new()],
    }
}

/// Why an import file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Not a JSON export of this app.
    #[error("this is not a between journal export ({0})")]
    NotAnExport(String),
    /// An export of a newer shape.
    #[error("this export is version {0}, from a newer between; update between to import it")]
    Newer(u32),
    /// An entry's id is not a valid id.
    #[error("entry {index} has an invalid id")]
    BadId {
        /// Position of the entry in the file, from 1.
        index: usize,
    },
}

/// What an import brings, and what it leaves out and why.
#[derive(Debug, Default)]
pub struct Import {
    /// Entries to add.
    pub fresh: Vec<Entry>,
    /// Entries left out because the journal has them already (or the file twice).
    pub already_here: usize,
    /// Entries left out because they were deleted here.
    pub deleted_here: usize,
}

/// Reads a JSON export: the entries whose ids are not in `existing`, leaving out
/// those `deleted` here unless `restore_deleted`.
pub fn parse_import(
    bytes: &[u8],
    existing: &HashSet<&EntryId>,
    deleted: &BTreeSet<EntryId>,
    restore_deleted: bool,
) -> Result<Import, ImportError> {
    #[derive(Deserialize)]
    struct Header {
        format: Option<String>,
        version: Option<u32>,
    }
    let header: Header = serde_json::from_slice(bytes).map_err(|e| {
        ImportError::NotAnExport(format!("line {} column {}", e.line(), e.column()))
    })?;
    if header.format.as_deref() != Some(EXPORT_FORMAT) {
        return Err(ImportError::NotAnExport(
            "no `format: between-journal`".into(),
        ));
    }
    match header.version {
        Some(v) if v > EXPORT_VERSION => return Err(ImportError::Newer(v)),
        _ => {}
    }
    let export: JsonExport = serde_json::from_slice(bytes).map_err(|e| {
        ImportError::NotAnExport(format!("line {} column {}", e.line(), e.column()))
    })?;
    let mut import = Import::default();
    let mut seen = HashSet::new();
    for (index, entry) in export.entries.into_iter().enumerate() {
        if EntryId::parse(entry.id.as_str()).as_ref() != Some(&entry.id) {
            return Err(ImportError::BadId { index: index + 1 });
        }
        if existing.contains(&entry.id) || !seen.insert(entry.id.clone()) {
            import.already_here += 1;
        } else if deleted.contains(&entry.id) && !restore_deleted {
            import.deleted_here += 1;
        } else {
            import.fresh.push(entry);
        }
    }
    Ok(import)
}
