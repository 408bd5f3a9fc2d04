//! Checks of a pack beyond its types: ids, references, ranges, and the consistency of
//! questionnaires. Every problem is collected, so an author sees them all at once.

use std::collections::HashMap;

use super::assignment::resolve;
use super::builtin;
use super::json_path::JsonPath;
use super::model::{Assignment, Exercise, FORMAT_VERSION, Pack, QuestionnaireStep, Step};
use super::promises;

/// What a safety check is, for the checker's messages.
const SAFETY_CHECK: &str = "a `choice` step with at least one option marked \
     `\"safety\": true`, such as \"Afraid of how my partner might react\"";

/// The widest range a scale or measure may have, so that it can be shown and chosen.
pub const MAX_RANGE: i64 = 100;

/// Whether `id` has the form of an id: 1 to 64 of `a-z`, `0-9` and `-`, not starting
/// with `-`.
pub fn is_valid_id(id: &str) -> bool {
    let bytes = id.as_bytes();
    (1..=64).contains(&bytes.len())
        && bytes[0] != b'-'
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
}

/// Every problem in `pack`, each with the path of the field it is in.
pub fn check(pack: &Pack) -> Vec<(JsonPath, String)> {
    let mut checker = Checker::default();
    checker.pack(pack);
    checker.problems
}

#[derive(Default)]
struct Checker {
    problems: Vec<(JsonPath, String)>,
}

impl Checker {
    fn problem(&mut self, path: JsonPath, message: impl Into<String>) {
        self.problems.push((path, message.into()));
    }

    fn id(&mut self, path: JsonPath, id: &str) {
        if !is_valid_id(id) {
            self.problem(
                path,
                format!(
                    "`{id}` is not a valid id: use 1 to 64 lowercase letters a-z, digits and \
                     dashes, starting with a letter or digit, e.g. `map-your-cycle`"
                ),
            );
        }
    }

    fn text(&mut self, path: JsonPath, text: &str) {
        if text.trim().is_empty() {
            self.problem(path, "this text must not be blank");
        }
    }

    fn optional_text(&mut self, path: JsonPath, text: Option<&str>) {
        if let Some(text) = text {
            self.text(path, text);
        }
    }

    /// Reports ids that occur twice among `ids`, the fields `field` of the elements of
    /// the list at `base`.
    fn unique<'a>(
        &mut self,
        base: &JsonPath,
        field: &str,
        what: &str,
        ids: impl IntoIterator<Item = &'a str>,
    ) {
        let entries = ids
            .into_iter()
            .enumerate()
            .map(|(i, id)| (base.index(i).key(field), id));
        self.unique_at(what, entries);
    }

    /// Reports values that occur twice, naming where each was first used.
    fn unique_at<'a>(
        &mut self,
        what: &str,
        entries: impl IntoIterator<Item = (JsonPath, &'a str)>,
    ) {
        let mut seen: HashMap<&str, JsonPath> = HashMap::new();
        for (path, value) in entries {
            match seen.get(value) {
                Some(first) => {
                    let message =
                        format!("the {what} `{value}` is used twice; the first is at {first}");
                    self.problem(path, message);
                }
                None => {
                    seen.insert(value, path);
                }
            }
        }
    }

    fn range(&mut self, path: &JsonPath, min: i64, max: i64) {
        if min >= max {
            self.problem(
                path.key("max"),
                format!("`max` ({max}) must be greater than `min` ({min})"),
            );
        } else if max.saturating_sub(min) > MAX_RANGE {
            self.problem(
                path.key("max"),
                format!("the range {min} to {max} is too wide; it may span at most {MAX_RANGE}"),
            );
        }
    }

    fn pack(&mut self, pack: &Pack) {
        let root = JsonPath::root();
        if pack.format != FORMAT_VERSION {
            let message = if pack.format > FORMAT_VERSION {
                format!(
                    "this pack is format {}, made for a newer version of between; this version reads format {FORMAT_VERSION}",
                    pack.format
                )
            } else {
                format!("`format` must be {FORMAT_VERSION}")
            };
            self.problem(root.key("format"), message);
        }
        self.id(root.key("id"), &pack.id);
        if pack.version == 0 {
            self.problem(root.key("version"), "`version` must be 1 or more");
        }
        self.text(root.key("title"), &pack.title);
        self.text(root.key("description"), &pack.description);
        self.optional_text(root.key("author"), pack.author.as_deref());
        self.optional_text(root.key("intro"), pack.intro.as_deref());

        let areas = root.key("areas");
        for (i, area) in pack.areas.iter().enumerate() {
            let at = areas.index(i);
            self.id(at.key("id"), &area.id);
            if builtin::AREAS.iter().any(|a| a.id == area.id) {
                self.problem(
                    at.key("id"),
                    format!(
                        "`{}` is a built-in area; use it without declaring it",
                        area.id
                    ),
                );
            }
            self.text(at.key("title"), &area.title);
            self.text(at.key("summary"), &area.summary);
        }
        self.unique(
            &areas,
            "id",
            "area id",
            pack.areas.iter().map(|a| a.id.as_str()),
        );

        let measures = root.key("measures");
        for (i, measure) in pack.measures.iter().enumerate() {
            let at = measures.index(i);
            self.id(at.key("id"), &measure.id);
            if builtin::MEASURES.iter().any(|m| m.id == measure.id) {
                self.problem(
                    at.key("id"),
                    format!(
                        "`{}` is a built-in measure; use it without declaring it",
                        measure.id
                    ),
                );
            }
            self.text(at.key("title"), &measure.title);
            self.range(&at, measure.min, measure.max);
        }
        self.unique(
            &measures,
            "id",
            "measure id",
            pack.measures.iter().map(|m| m.id.as_str()),
        );

        let exercises = root.key("exercises");
        for (i, exercise) in pack.exercises.iter().enumerate() {
            self.exercise(pack, &exercises.index(i), exercise);
        }
        self.unique(
            &exercises,
            "id",
            "exercise id",
            pack.exercises.iter().map(|e| e.id.as_str()),
        );
        match &pack.assignment {
            Some(assignment) => self.assignment(pack, assignment),
            None if pack.exercises.is_empty() => self.problem(
                exercises,
                "a pack needs at least one exercise, or an `assignment` of built-in ones",
            ),
            None => {}
        }
    }

    fn assignment(&mut self, pack: &Pack, assignment: &Assignment) {
        let at = JsonPath::root().key("assignment");
        self.text(at.key("from"), &assignment.from);
        self.optional_text(at.key("for"), assignment.for_whom.as_deref());
        self.optional_text(at.key("note"), assignment.note.as_deref());
        if let (Some(assigned), Some(due)) = (assignment.assigned, assignment.due)
            && due < assigned
        {
            self.problem(
                at.key("due"),
                format!("the due day {due} is before the day it was assigned, {assigned}"),
            );
        }
        let items = at.key("items");
        if assignment.items.is_empty() {
            self.problem(
                items.clone(),
                "an assignment needs at least one item, e.g. \
                 { \"exercise\": \"communication/gentle-start-up\", \"times\": 3, \"per\": \"week\" }",
            );
        }
        let mut keys = Vec::new();
        for (i, item) in assignment.items.iter().enumerate() {
            let at = items.index(i);
            match resolve(pack, &item.exercise) {
                Some(key) => {
                    keys.push((at.key("exercise"), format!("{}/{}", key.pack, key.exercise)))
                }
                None => self.problem(
                    at.key("exercise"),
                    format!(
                        "no exercise `{}`: name one of this pack's exercises by its id, or a \
                         built-in one as area/exercise, e.g. `communication/gentle-start-up` \
                         (`between exercises` lists them)",
                        item.exercise
                    ),
                ),
            }
            if item.times == 0 {
                self.problem(at.key("times"), "`times` must be 1 or more");
            }
            self.optional_text(at.key("note"), item.note.as_deref());
        }
        self.unique_at(
            "assigned exercise",
            keys.iter().map(|(path, key)| (path.clone(), key.as_str())),
        );
    }

    fn exercise(&mut self, pack: &Pack, at: &JsonPath, exercise: &Exercise) {
        self.id(at.key("id"), &exercise.id);
        let area_known = builtin::AREAS.iter().any(|a| a.id == exercise.area)
            || pack.areas.iter().any(|a| a.id == exercise.area);
        if !area_known {
            self.problem(
                at.key("area"),
                format!(
                    "there is no area `{}`; use one of {} or declare it under `areas`",
                    exercise.area,
                    builtin::AREAS
                        .iter()
                        .chain(&pack.areas)
                        .map(|a| format!("`{}`", a.id))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
        self.text(at.key("title"), &exercise.title);
        self.text(at.key("summary"), &exercise.summary);
        self.text(at.key("technique"), &exercise.technique);
        if !(1..=180).contains(&exercise.minutes) {
            self.problem(
                at.key("minutes"),
                format!("`minutes` must be from 1 to 180, not {}", exercise.minutes),
            );
        }
        if let Some(practice) = &exercise.practice {
            self.text(at.key("practice").key("try"), &practice.attempt);
            self.text(at.key("practice").key("notice"), &practice.notice);
        }
        let steps = at.key("steps");
        if exercise.steps.is_empty() {
            self.problem(steps.clone(), "an exercise needs at least one step");
        }
        for (i, step) in exercise.steps.iter().enumerate() {
            self.step(pack, &steps.index(i), step);
        }
        self.unique(&steps, "id", "step id", exercise.steps.iter().map(Step::id));
        self.safety_first(at, exercise);
        let serves = at.key("serves");
        for (i, id) in exercise.serves.iter().enumerate() {
            if promises::find(id).is_none() {
                self.problem(
                    serves.index(i),
                    format!(
                        "there is no promise `{id}`; use one of {}",
                        promises::PROMISES
                            .iter()
                            .map(|p| format!("`{}`", p.id))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
            }
        }
        self.unique_at(
            "promise",
            exercise
                .serves
                .iter()
                .enumerate()
                .map(|(i, id)| (serves.index(i), id.as_str())),
        );
    }

    /// Anything the exercise prepares to say or do with the partner comes after a
    /// safety check, so that an answer that signals fear can change the path first.
    fn safety_first(&mut self, at: &JsonPath, exercise: &Exercise) {
        let check = exercise.safety_check();
        let steps = at.key("steps");
        for (i, step) in exercise.steps.iter().enumerate() {
            if !step.with_partner() {
                continue;
            }
            let place = steps.index(i).key("with_partner");
            if step.is_safety_check() {
                self.problem(
                    place,
                    "a safety check cannot itself be marked `with_partner`: it is what \
                     decides whether the steps with your partner are shown",
                );
            } else if check.is_none_or(|check| check > i) {
                self.problem(
                    place,
                    format!(
                        "this step involves your partner, so a safety check must come \
                         before it: {SAFETY_CHECK}"
                    ),
                );
            }
        }
        if exercise.practice.as_ref().is_some_and(|p| p.with_partner) && check.is_none() {
            self.problem(
                at.key("practice").key("with_partner"),
                format!(
                    "the practice suggestion involves your partner, so the exercise needs \
                     a safety check: {SAFETY_CHECK}"
                ),
            );
        }
    }

    fn step(&mut self, pack: &Pack, at: &JsonPath, step: &Step) {
        self.id(at.key("id"), step.id());
        self.text(at.key("prompt"), step.prompt());
        match step {
            Step::Read(_) => {}
            Step::Text(text) => self.optional_text(at.key("hint"), text.hint.as_deref()),
            Step::Scale(scale) => {
                self.range(at, scale.min, scale.max);
                self.text(at.key("min_label"), &scale.min_label);
                self.text(at.key("max_label"), &scale.max_label);
                if let Some(id) = &scale.measure {
                    self.measure_use(pack, at, id, scale.min, scale.max);
                }
            }
            Step::Choice(choice) => {
                let options = at.key("options");
                if choice.options.is_empty() {
                    self.problem(options.clone(), "a choice needs at least one option");
                }
                for (i, option) in choice.options.iter().enumerate() {
                    self.text(options.index(i).key("label"), &option.label);
                }
                self.unique(
                    &options,
                    "label",
                    "option",
                    choice.options.iter().map(|o| o.label.as_str()),
                );
                self.optional_text(at.key("other"), choice.other.as_deref());
            }
            Step::Checklist(list) => {
                let items = at.key("items");
                if list.items.is_empty() {
                    self.problem(items.clone(), "a checklist needs at least one item");
                }
                for (i, item) in list.items.iter().enumerate() {
                    self.text(items.index(i), item);
                }
                self.unique_at(
                    "item",
                    list.items
                        .iter()
                        .enumerate()
                        .map(|(i, item)| (items.index(i), item.as_str())),
                );
            }
            Step::Timer(timer) => {
                if !(10..=7200).contains(&timer.seconds) {
                    self.problem(
                        at.key("seconds"),
                        format!(
                            "`seconds` must be from 10 to 7200 (two hours), not {}",
                            timer.seconds
                        ),
                    );
                }
                self.text(at.key("purpose"), &timer.purpose);
            }
            Step::Questionnaire(q) => self.questionnaire(at, q),
        }
    }

    fn measure_use(&mut self, pack: &Pack, at: &JsonPath, id: &str, min: i64, max: i64) {
        let measure = builtin::MEASURES
            .iter()
            .chain(&pack.measures)
            .find(|m| m.id == id);
        match measure {
            None => self.problem(
                at.key("measure"),
                format!(
                    "there is no measure `{id}`; use one of {} or declare it under `measures`",
                    builtin::MEASURES
                        .iter()
                        .chain(&pack.measures)
                        .map(|m| format!("`{}`", m.id))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ),
            Some(m) if (m.min, m.max) != (min, max) => self.problem(
                at.key("measure"),
                format!(
                    "the measure `{id}` goes from {} to {}, so this scale must too (it goes from {min} to {max})",
                    m.min, m.max
                ),
            ),
            Some(_) => {}
        }
    }

    fn questionnaire(&mut self, at: &JsonPath, q: &QuestionnaireStep) {
        let scale = at.key("scale");
        self.range(&scale, q.scale.min, q.scale.max);
        self.text(scale.key("min_label"), &q.scale.min_label);
        self.text(scale.key("max_label"), &q.scale.max_label);

        let dimensions = at.key("dimensions");
        if q.dimensions.is_empty() {
            self.problem(
                dimensions.clone(),
                "a questionnaire needs at least one dimension",
            );
        }
        for (d, dimension) in q.dimensions.iter().enumerate() {
            let at_d = dimensions.index(d);
            self.id(at_d.key("id"), &dimension.id);
            self.text(at_d.key("title"), &dimension.title);
            if !q.items.iter().any(|item| item.dimension == dimension.id) {
                self.problem(
                    at_d.key("id"),
                    format!("no item counts toward the dimension `{}`", dimension.id),
                );
            }
            let bands = at_d.key("bands");
            if dimension.bands.is_empty() {
                self.problem(bands.clone(), "a dimension needs at least one band");
            }
            let mut previous: Option<f64> = None;
            let last = dimension.bands.len().saturating_sub(1);
            for (b, band) in dimension.bands.iter().enumerate() {
                let at_b = bands.index(b);
                self.id(at_b.key("id"), &band.id);
                self.text(at_b.key("title"), &band.title);
                self.text(at_b.key("text"), &band.text);
                match (band.up_to, b == last) {
                    (Some(_), true) => self.problem(
                        at_b.key("up_to"),
                        "the last band takes every score above the others, so it has no `up_to`",
                    ),
                    (None, false) => self.problem(
                        at_b.clone(),
                        "every band but the last needs `up_to`, the highest score it includes",
                    ),
                    (Some(up_to), false) => {
                        let (min, max) = (q.scale.min as f64, q.scale.max as f64);
                        if !(min..max).contains(&up_to) {
                            self.problem(
                                at_b.key("up_to"),
                                format!("`up_to` ({up_to}) must be at least {min} and below {max}, inside the scale"),
                            );
                        } else if previous.is_some_and(|p| up_to <= p) {
                            self.problem(
                                at_b.key("up_to"),
                                format!("`up_to` ({up_to}) must be higher than the band before it"),
                            );
                        }
                        previous = Some(up_to);
                    }
                    (None, true) => {}
                }
            }
            self.unique(
                &bands,
                "id",
                "band id",
                dimension.bands.iter().map(|b| b.id.as_str()),
            );
        }
        self.unique(
            &dimensions,
            "id",
            "dimension id",
            q.dimensions.iter().map(|d| d.id.as_str()),
        );

        let items = at.key("items");
        if q.items.is_empty() {
            self.problem(items.clone(), "a questionnaire needs at least one item");
        }
        for (i, item) in q.items.iter().enumerate() {
            let at_i = items.index(i);
            self.id(at_i.key("id"), &item.id);
            self.text(at_i.key("text"), &item.text);
            if !q.dimensions.iter().any(|d| d.id == item.dimension) {
                self.problem(
                    at_i.key("dimension"),
                    format!(
                        "there is no dimension `{}` in this questionnaire",
                        item.dimension
                    ),
                );
            }
        }
        self.unique(
            &items,
            "id",
            "item id",
            q.items.iter().map(|i| i.id.as_str()),
        );

        let regions = at.key("regions");
        for (r, region) in q.regions.iter().enumerate() {
            let at_r = regions.index(r);
            self.id(at_r.key("id"), &region.id);
            self.text(at_r.key("title"), &region.title);
            self.text(at_r.key("text"), &region.text);
            if region.when.is_empty() {
                self.problem(
                    at_r.key("when"),
                    "`when` must name at least one dimension and its band",
                );
            }
            for (dimension_id, band_id) in &region.when {
                let at_w = at_r.key("when").key(dimension_id);
                match q.dimensions.iter().find(|d| &d.id == dimension_id) {
                    None => self.problem(
                        at_w,
                        format!("there is no dimension `{dimension_id}` in this questionnaire"),
                    ),
                    Some(d) if !d.bands.iter().any(|b| &b.id == band_id) => self.problem(
                        at_w,
                        format!("the dimension `{dimension_id}` has no band `{band_id}`"),
                    ),
                    Some(_) => {}
                }
            }
            if let Some(first) = q.regions[..r].iter().position(|o| o.when == region.when) {
                self.problem(
                    at_r.key("when"),
                    format!(
                        "this `when` is the same as that of {}",
                        regions.index(first)
                    ),
                );
            }
        }
        self.unique(
            &regions,
            "id",
            "region id",
            q.regions.iter().map(|r| r.id.as_str()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::is_valid_id;

    #[test]
    fn ids_follow_the_documented_form() {
        for good in ["a", "map-your-cycle", "0", "step-2", &"a".repeat(64)] {
            assert!(is_valid_id(good), "{good}");
        }
        for bad in [
            "",
            "-a",
            "Map",
            "a_b",
            "a b",
            "a/b",
            "..",
            "a\0",
            "ａ",
            "é",
            &"a".repeat(65),
        ] {
            assert!(!is_valid_id(bad), "{bad}");
        }
    }
}
