//! The typed form of an exercise pack, format version 1.
//!
//! These types are the single definition of the format: serde reads packs with them,
//! schemars derives the published JSON Schema from them, and every other part of the
//! app (catalog, runner, journal) works with them. Unknown fields are errors everywhere.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The pack format version this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// A pack: a versioned set of exercises, with the measures and areas they use.
///
/// One format serves the built-in areas and therapists' homework.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "between exercise pack")]
pub struct Pack {
    /// Where an editor finds this schema, e.g. "./pack.schema.json" (`between pack new`
    /// writes it beside the pack). The app ignores it.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Format version of this file; must be 1.
    #[schemars(extend("const" = 1))]
    pub format: u32,
    /// Identifier: lowercase letters, digits and dashes, starting with a letter or digit.
    #[schemars(regex(pattern = r"^[a-z0-9][a-z0-9-]{0,63}$"))]
    pub id: String,
    /// Version of this pack, a whole number; a higher number replaces an installed lower one.
    #[schemars(range(min = 1))]
    pub version: u32,
    /// Title shown to the user.
    pub title: String,
    /// A few sentences on what the pack is for.
    pub description: String,
    /// Who wrote the pack.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// An introduction to read before the exercises: what the area is, why it matters,
    /// what the exercises will ask. Paragraphs separated by blank lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intro: Option<String>,
    /// Measures that scale steps can record, beyond the built-in ones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measures: Vec<Measure>,
    /// Work areas this pack adds, beyond the seven built-in ones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub areas: Vec<AreaDecl>,
    /// The exercises; may be empty when the pack only assigns built-in ones.
    pub exercises: Vec<Exercise>,
    /// Homework a therapist sets with this pack: which exercises, how often, by when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignment: Option<Assignment>,
}

/// Homework: exercises of this pack or built-in ones, each with how often to do it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    /// Who set the homework, as the client knows them, e.g. "Sam Rivera, LMFT".
    pub from: String,
    /// Whom it is for, e.g. "Alex" or "Alex and Jordan".
    #[serde(rename = "for", default, skip_serializing_if = "Option::is_none")]
    pub for_whom: Option<String>,
    /// A note to the client about the homework as a whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The day it was set, as YYYY-MM-DD; progress counts from this day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>", regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    pub assigned: Option<chrono::NaiveDate>,
    /// The day it is due, as YYYY-MM-DD; progress counts up to this day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>", regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    pub due: Option<chrono::NaiveDate>,
    /// What to do.
    pub items: Vec<AssignmentItem>,
}

/// One exercise of an assignment and how often to do it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignmentItem {
    /// The exercise: the id of one in this pack, or `area/exercise` for a built-in one
    /// (`between exercises` lists them).
    pub exercise: String,
    /// How many times to do it…
    #[schemars(range(min = 1))]
    pub times: u32,
    /// …each week, or in all.
    pub per: Per,
    /// A note on this item, e.g. what to pay attention to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Whether an item's `times` is a weekly or an overall count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Per {
    /// Each week (Monday to Sunday).
    Week,
    /// In all, over the whole assignment.
    Total,
}

impl Per {
    /// `times` in words: "once a week", "3 times".
    pub fn how_often(self, times: u32) -> String {
        match (times, self) {
            (1, Per::Week) => "once a week".into(),
            (1, Per::Total) => "once".into(),
            (n, Per::Week) => format!("{n} times a week"),
            (n, Per::Total) => format!("{n} times"),
        }
    }
}

/// A work area declared by a pack, shown beside the built-in areas.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AreaDecl {
    /// Identifier, unique among all areas.
    #[schemars(regex(pattern = r"^[a-z0-9][a-z0-9-]{0,63}$"))]
    pub id: String,
    /// Title shown to the user.
    pub title: String,
    /// One line on what the area is about.
    pub summary: String,
}

/// Something a scale can measure, so answers can be charted across entries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    /// Identifier, referenced by scale steps.
    #[schemars(regex(pattern = r"^[a-z0-9][a-z0-9-]{0,63}$"))]
    pub id: String,
    /// Title shown on charts.
    pub title: String,
    /// Lowest value.
    pub min: i64,
    /// Highest value.
    pub max: i64,
    /// Whether a higher value is the better direction (true for connection, false for intensity).
    pub higher_is_better: bool,
    /// A line the therapist watches, e.g. a validated questionnaire's clinical cutoff:
    /// reports and the progress chart draw it and say which side each value is on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cutoff: Option<Cutoff>,
    /// The smallest change between two values that counts as real rather than noise
    /// (a questionnaire's reliable change index, in the measure's own units): more than
    /// 0 and at most `max` − `min`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("exclusiveMinimum" = 0))]
    pub reliable_change: Option<f64>,
}

/// A measure's cutoff: a value, and which side of it is concerning.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cutoff {
    /// The value of the line, between the measure's `min` and `max`.
    pub at: f64,
    /// Which values are of concern: those at or above the line, or at or below it.
    pub concerning: Concerning,
}

/// Which side of a cutoff is of concern.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Concerning {
    /// Values at or above the cutoff.
    AtOrAbove,
    /// Values at or below the cutoff.
    AtOrBelow,
}

impl Cutoff {
    /// Whether `value` is on the concerning side of the line.
    pub fn is_concerning(&self, value: f64) -> bool {
        match self.concerning {
            Concerning::AtOrAbove => value >= self.at,
            Concerning::AtOrBelow => value <= self.at,
        }
    }
}

/// One guided exercise: a sequence of steps in one work area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    /// Identifier, unique in the pack.
    #[schemars(regex(pattern = r"^[a-z0-9][a-z0-9-]{0,63}$"))]
    pub id: String,
    /// The work area it belongs to: a built-in area or one the pack declares.
    #[schemars(extend("anyOf" = [
        { "enum": ["patterns", "communication", "triggers", "boundaries", "attachment",
                   "past-wounds", "inviting-partner"] },
        { "pattern": "^[a-z0-9][a-z0-9-]{0,63}$" }
    ]))]
    pub area: String,
    /// What you will do, as a short phrase.
    pub title: String,
    /// One or two sentences of why.
    pub summary: String,
    /// Estimated time in minutes, 1 to 180.
    #[schemars(range(min = 1, max = 180))]
    pub minutes: u32,
    /// The method it comes from, e.g. "Gottman Method: gentle start-up".
    pub technique: String,
    /// The steps, in order.
    pub steps: Vec<Step>,
    /// One thing to try before the next session, and what to notice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub practice: Option<Practice>,
    /// The promises of the work this exercise serves, by id (`between exercises
    /// --markdown` and `docs/pack-format.md` list them), e.g. `["see-patterns"]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub serves: Vec<String>,
}

impl Exercise {
    /// Where the first safety check is, if the exercise has one.
    pub fn safety_check(&self) -> Option<usize> {
        self.steps.iter().position(Step::is_safety_check)
    }
}

/// A suggestion to practise between sessions; later it can become a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Practice {
    /// The one small thing to try.
    #[serde(rename = "try")]
    pub attempt: String,
    /// What to notice when you do.
    pub notice: String,
    /// The suggestion involves the partner (saying, asking or doing something with
    /// them): the exercise needs a safety check, and after an answer that signals fear
    /// it is neither shown nor made a plan.
    #[serde(default, skip_serializing_if = "is_false")]
    pub with_partner: bool,
}

/// One step of an exercise; `kind` says which.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Step {
    /// Text to read.
    Read(ReadStep),
    /// A free, multi-line written answer.
    Text(TextStep),
    /// A whole number on a scale with labelled ends.
    Scale(ScaleStep),
    /// One or several options.
    Choice(ChoiceStep),
    /// Items to tick.
    Checklist(ChecklistStep),
    /// A timed break with a stated purpose.
    Timer(TimerStep),
    /// Items on one shared scale, scored per dimension.
    Questionnaire(QuestionnaireStep),
}

/// Every step kind, in the order the format lists them.
pub const STEP_KINDS: [&str; 7] = [
    "read",
    "text",
    "scale",
    "choice",
    "checklist",
    "timer",
    "questionnaire",
];

impl Step {
    /// A text step that may be left empty, as the app's own forms (try, review,
    /// session) ask their questions.
    pub fn optional_text(id: &str, prompt: &str) -> Self {
        Step::Text(TextStep {
            id: id.into(),
            prompt: prompt.into(),
            hint: None,
            required: false,
            with_partner: false,
        })
    }

    /// The step's id, unique in its exercise.
    pub fn id(&self) -> &str {
        self.common().0
    }

    /// The text that asks or tells the user something.
    pub fn prompt(&self) -> &str {
        self.common().1
    }

    /// The kind name as written in pack files.
    pub fn kind(&self) -> &'static str {
        match self {
            Step::Read(_) => "read",
            Step::Text(_) => "text",
            Step::Scale(_) => "scale",
            Step::Choice(_) => "choice",
            Step::Checklist(_) => "checklist",
            Step::Timer(_) => "timer",
            Step::Questionnaire(_) => "questionnaire",
        }
    }

    /// Whether the step prepares or rehearses something to say or do with the partner.
    pub fn with_partner(&self) -> bool {
        self.common().2
    }

    /// Whether the step is a safety check: a choice with at least one option that
    /// signals fear.
    pub fn is_safety_check(&self) -> bool {
        matches!(self, Step::Choice(choice) if choice.options.iter().any(|o| o.safety))
    }

    fn common(&self) -> (&String, &String, bool) {
        match self {
            Step::Read(s) => (&s.id, &s.prompt, s.with_partner),
            Step::Text(s) => (&s.id, &s.prompt, s.with_partner),
            Step::Scale(s) => (&s.id, &s.prompt, s.with_partner),
            Step::Choice(s) => (&s.id, &s.prompt, s.with_partner),
            Step::Checklist(s) => (&s.id, &s.prompt, s.with_partner),
            Step::Timer(s) => (&s.id, &s.prompt, s.with_partner),
            Step::Questionnaire(s) => (&s.id, &s.prompt, s.with_partner),
        }
    }
}

/// Psychoeducation: text to read, paragraphs separated by blank lines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReadStep {
    /// Identifier, unique in the exercise.
    #[schemars(regex(pattern = r"^[a-z0-9][a-z0-9-]{0,63}$"))]
    pub id: String,
    /// The text to read.
    pub prompt: String,
    /// This step prepares or rehearses something to say or do with the partner. A
    /// safety check must come before it; after an answer that signals fear it is
    /// skipped.
    #[serde(default, skip_serializing_if = "is_false")]
    pub with_partner: bool,
}

/// A free written answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TextStep {
    /// Identifier, unique in the exercise.
    #[schemars(regex(pattern = r"^[a-z0-9][a-z0-9-]{0,63}$"))]
    pub id: String,
    /// The question.
    pub prompt: String,
    /// This step prepares or rehearses something to say or do with the partner. A
    /// safety check must come before it; after an answer that signals fear it is
    /// skipped.
    #[serde(default, skip_serializing_if = "is_false")]
    pub with_partner: bool,
    /// A nudge shown under the question, e.g. an example answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// Whether the exercise cannot go on without an answer.
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
}

/// A rating on a whole-number scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScaleStep {
    /// Identifier, unique in the exercise.
    #[schemars(regex(pattern = r"^[a-z0-9][a-z0-9-]{0,63}$"))]
    pub id: String,
    /// The question.
    pub prompt: String,
    /// This step prepares or rehearses something to say or do with the partner. A
    /// safety check must come before it; after an answer that signals fear it is
    /// skipped.
    #[serde(default, skip_serializing_if = "is_false")]
    pub with_partner: bool,
    /// Lowest value.
    pub min: i64,
    /// Highest value.
    pub max: i64,
    /// What the lowest value means.
    pub min_label: String,
    /// What the highest value means.
    pub max_label: String,
    /// The measure this rating records, so it can be charted across entries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measure: Option<String>,
}

/// A choice among options.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChoiceStep {
    /// Identifier, unique in the exercise.
    #[schemars(regex(pattern = r"^[a-z0-9][a-z0-9-]{0,63}$"))]
    pub id: String,
    /// The question.
    pub prompt: String,
    /// This step prepares or rehearses something to say or do with the partner. A
    /// safety check must come before it; after an answer that signals fear it is
    /// skipped.
    #[serde(default, skip_serializing_if = "is_false")]
    pub with_partner: bool,
    /// The options, at least one.
    pub options: Vec<ChoiceOption>,
    /// Whether several options may be chosen.
    #[serde(default, skip_serializing_if = "is_false")]
    pub multiple: bool,
    /// Label of a free-text "other" answer, when one is offered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other: Option<String>,
    /// What leaving it unanswered means, for a question of the app's own forms whose
    /// front end says so with its own key ("Tab leaves it open."); packs do not set it.
    #[serde(skip)]
    #[schemars(skip)]
    pub if_left: Option<IfLeft>,
}

/// What leaving a question of the app's forms unanswered means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IfLeft {
    /// It stays open (a note's area).
    Open,
    /// It stays at today (when a try or a session was).
    Today,
}

impl IfLeft {
    /// What leaving it leaves, as "Tab leaves …" and "Press Enter to leave …" end:
    /// "it open", "it at today".
    pub fn leaves(self) -> &'static str {
        match self {
            IfLeft::Open => "it open",
            IfLeft::Today => "it at today",
        }
    }
}

/// One option of a choice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    /// The option's text.
    pub label: String,
    /// Choosing it signals fear or danger: the app shows the safety screen
    /// instead of going on to anything that involves the partner.
    #[serde(default, skip_serializing_if = "is_false")]
    pub safety: bool,
}

/// Items to tick.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChecklistStep {
    /// Identifier, unique in the exercise.
    #[schemars(regex(pattern = r"^[a-z0-9][a-z0-9-]{0,63}$"))]
    pub id: String,
    /// The question.
    pub prompt: String,
    /// This step prepares or rehearses something to say or do with the partner. A
    /// safety check must come before it; after an answer that signals fear it is
    /// skipped.
    #[serde(default, skip_serializing_if = "is_false")]
    pub with_partner: bool,
    /// The items, at least one.
    pub items: Vec<String>,
}

/// A timed break, such as the 20-minute pause when flooded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TimerStep {
    /// Identifier, unique in the exercise.
    #[schemars(regex(pattern = r"^[a-z0-9][a-z0-9-]{0,63}$"))]
    pub id: String,
    /// What to do now.
    pub prompt: String,
    /// This step prepares or rehearses something to say or do with the partner. A
    /// safety check must come before it; after an answer that signals fear it is
    /// skipped.
    #[serde(default, skip_serializing_if = "is_false")]
    pub with_partner: bool,
    /// Length of the break in seconds, 10 to 7200 (two hours).
    #[schemars(range(min = 10, max = 7200))]
    pub seconds: u32,
    /// Why the break, shown during the countdown with the time to come back.
    pub purpose: String,
    /// The id of an earlier checklist or choice step: what was ticked or chosen there
    /// is listed with the break ("Do the things you ticked").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lists: Option<String>,
}

/// A questionnaire: items on one shared scale, each counting toward a dimension.
///
/// A dimension's score is the mean of its items, or their sum when the dimension says
/// so (reverse-scored items count as `min + max - answer`); bands name ranges of a
/// score, and regions name combinations of bands across dimensions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuestionnaireStep {
    /// Identifier, unique in the exercise.
    #[schemars(regex(pattern = r"^[a-z0-9][a-z0-9-]{0,63}$"))]
    pub id: String,
    /// How to answer, e.g. "How true is each statement for you?".
    pub prompt: String,
    /// This step prepares or rehearses something to say or do with the partner. A
    /// safety check must come before it; after an answer that signals fear it is
    /// skipped.
    #[serde(default, skip_serializing_if = "is_false")]
    pub with_partner: bool,
    /// The scale every item is answered on.
    pub scale: AnswerScale,
    /// What the items measure.
    pub dimensions: Vec<Dimension>,
    /// The statements to rate.
    pub items: Vec<QuestionnaireItem>,
    /// Named combinations of bands, e.g. low anxiety and low avoidance.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<Region>,
}

/// The shared scale of a questionnaire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerScale {
    /// Lowest value.
    pub min: i64,
    /// Highest value.
    pub max: i64,
    /// What the lowest value means.
    pub min_label: String,
    /// What the highest value means.
    pub max_label: String,
}

/// One dimension a questionnaire scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dimension {
    /// Identifier, unique in the questionnaire.
    #[schemars(regex(pattern = r"^[a-z0-9][a-z0-9-]{0,63}$"))]
    pub id: String,
    /// Title shown with the score.
    pub title: String,
    /// How the items make the score: their mean (the default) or their sum, as a
    /// validated questionnaire's total is compared to its cutoff.
    #[serde(default, skip_serializing_if = "Score::is_mean")]
    pub score: Score,
    /// The measure the score records, so it is charted across entries and reported
    /// against the measure's cutoff: one the pack declares under `measures`, or a
    /// built-in one. Its `min` to `max` must hold every score the dimension can have.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measure: Option<String>,
    /// Ranges of the score, from low to high; every band but the last has `up_to`, in
    /// the same unit as the score (a total when the score is a sum).
    pub bands: Vec<Band>,
}

/// How a dimension's items make its score.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Score {
    /// The mean of the items, on the questionnaire's scale.
    #[default]
    Mean,
    /// The sum of the items: from the number of items times the scale's `min` to that
    /// number times its `max`.
    Sum,
}

impl Score {
    fn is_mean(&self) -> bool {
        *self == Score::Mean
    }

    /// The lowest and highest score of `items` items answered on `min`..=`max`.
    pub fn range(self, items: usize, min: i64, max: i64) -> (f64, f64) {
        match self {
            Score::Mean => (min as f64, max as f64),
            Score::Sum => (items as f64 * min as f64, items as f64 * max as f64),
        }
    }
}

/// A range of a dimension's score, with words to reflect on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// Identifier, unique in the dimension.
    #[schemars(regex(pattern = r"^[a-z0-9][a-z0-9-]{0,63}$"))]
    pub id: String,
    /// Short name of the range, e.g. "lower".
    pub title: String,
    /// The highest score in this band (inclusive); absent on the last band.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub up_to: Option<f64>,
    /// What a score here may mean, as reflection, not a label.
    pub text: String,
}

/// One statement of a questionnaire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuestionnaireItem {
    /// Identifier, unique in the questionnaire.
    #[schemars(regex(pattern = r"^[a-z0-9][a-z0-9-]{0,63}$"))]
    pub id: String,
    /// The statement.
    pub text: String,
    /// The dimension the item counts toward.
    pub dimension: String,
    /// Whether agreeing counts toward the low end of the dimension.
    #[serde(default, skip_serializing_if = "is_false")]
    pub reverse: bool,
}

/// A named combination of bands, e.g. secure = low anxiety and low avoidance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Region {
    /// Identifier, unique in the questionnaire.
    #[schemars(regex(pattern = r"^[a-z0-9][a-z0-9-]{0,63}$"))]
    pub id: String,
    /// Name of the region.
    pub title: String,
    /// For each dimension it covers, the band a score must fall in.
    pub when: BTreeMap<String, String>,
    /// What this region may mean, as reflection, not a label.
    pub text: String,
}

fn is_false(value: &bool) -> bool {
    !*value
}
