//! `between pack assign`: a homework pack for one client, made from built-in exercises
//! and, if given, a therapist's library pack, so the ids and dates a therapist would
//! otherwise edit by hand for each client are made for them: a unique id from the
//! client's name and the day, the day it is set, and the day it is due.

use chrono::{Days, NaiveDate};

use super::Pack;
use super::assignment::resolve;
use super::model::{Assignment, AssignmentItem, Per};

/// One item asked for on the command line: `REF[:TIMES[/week|/total]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemSpec {
    /// The exercise: `area/exercise` for a built-in one, or an exercise id of the
    /// library pack.
    pub exercise: String,
    /// How many times.
    pub times: u32,
    /// Each week or in all.
    pub per: Per,
}

/// Reads `REF[:TIMES[/week|/total]]`, e.g. `communication/gentle-start-up:3/week`,
/// `bids-log:2` (twice in all) or `bids-log` (once).
pub fn parse_item(text: &str) -> Result<ItemSpec, String> {
    let (exercise, how) = match text.split_once(':') {
        Some((exercise, how)) => (exercise.trim(), Some(how.trim())),
        None => (text.trim(), None),
    };
    if exercise.is_empty() {
        return Err(format!(
            "`{text}` names no exercise: write e.g. communication/gentle-start-up:3/week"
        ));
    }
    let (times, per) = match how {
        None => ("1", "total"),
        Some(how) => how.split_once('/').unwrap_or((how, "total")),
    };
    let times: u32 = times
        .trim()
        .parse()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| {
            format!("`{text}`: how many times must be a whole number from 1, e.g. `:3/week`")
        })?;
    let per = match per.trim() {
        "week" | "w" => Per::Week,
        "total" | "all" => Per::Total,
        other => {
            return Err(format!(
                "`{text}`: `{other}` must be `week` (times each week) or `total` (times in all)"
            ));
        }
    };
    Ok(ItemSpec {
        exercise: exercise.to_owned(),
        times,
        per,
    })
}

/// Reads when homework is due: a date (`2026-12-14`) or a time from `today` (`2w`
/// for two weeks, `10d` for ten days).
pub fn parse_due(text: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let text = text.trim();
    if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return if day < today {
            Err(format!("--due {text} is before today"))
        } else {
            Ok(day)
        };
    }
    let (number, unit) = text.split_at(text.len().saturating_sub(1));
    let days_per = match unit {
        "w" => 7,
        "d" => 1,
        _ => 0,
    };
    match number.parse::<u64>() {
        Ok(n) if days_per > 0 && n > 0 && n <= 52 * 7 => today
            .checked_add_days(Days::new(n * days_per))
            .ok_or_else(|| format!("--due {text} is too far away")),
        _ => Err(format!(
            "--due {text}: write a date (2026-12-14) or a time from today: 2w for two \
             weeks, 10d for ten days"
        )),
    }
}

/// What a therapist asks for one client.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    /// The client, as the therapist calls them.
    pub for_whom: &'a str,
    /// The therapist, as the client knows them.
    pub from: &'a str,
    /// A note to the client on the homework as a whole.
    pub note: Option<&'a str>,
    /// The day it is set.
    pub today: NaiveDate,
    /// The day it is due.
    pub due: NaiveDate,
    /// What to do.
    pub items: Vec<ItemSpec>,
}

/// The homework pack for `request`, with the exercises of `library` that its items
/// name (and the areas and measures they use); built-in exercises are named, not
/// copied. Every item must name an exercise that exists: the message says which not.
pub fn homework_pack(request: &Request, library: Option<&Pack>) -> Result<Pack, String> {
    if request.for_whom.trim().is_empty() || request.from.trim().is_empty() {
        return Err("--for and --from must not be blank".into());
    }
    if request.items.is_empty() {
        return Err(
            "no --item given: name at least one exercise, e.g. --item communication/gentle-start-up:3/week"
                .into(),
        );
    }
    let id = pack_id(request.for_whom, request.today);
    let mut pack = Pack {
        schema: None,
        format: 1,
        id: id.clone(),
        version: 1,
        title: format!("Homework for {}", request.for_whom.trim()),
        description: format!(
            "What {} asked you to practise until {}.",
            request.from.trim(),
            request.due.format("%A %-d %B")
        ),
        author: Some(request.from.trim().to_owned()),
        intro: None,
        measures: Vec::new(),
        areas: Vec::new(),
        exercises: Vec::new(),
        assignment: None,
    };
    let mut items = Vec::new();
    for spec in &request.items {
        let own = library.and_then(|library| {
            library
                .exercises
                .iter()
                .find(|e| e.id == spec.exercise || format!("{}/{}", e.area, e.id) == spec.exercise)
        });
        let reference = match own {
            Some(exercise) => {
                if !pack.exercises.iter().any(|e| e.id == exercise.id) {
                    pack.exercises.push(exercise.clone());
                }
                exercise.id.clone()
            }
            None if spec.exercise.contains('/') && resolve(&pack, &spec.exercise).is_some() => {
                spec.exercise.clone()
            }
            None => {
                let where_ = if library.is_some() {
                    "in the library pack or among the built-in exercises"
                } else {
                    "among the built-in exercises (give a library pack for your own)"
                };
                return Err(format!(
                    "no exercise `{}` {where_}; `between exercises` lists the built-in ones",
                    spec.exercise
                ));
            }
        };
        items.push(AssignmentItem {
            exercise: reference,
            times: spec.times,
            per: spec.per,
            note: None,
        });
    }
    if let Some(library) = library {
        copy_what_the_exercises_use(&mut pack, library);
        pack.intro = library.intro.clone();
    }
    pack.assignment = Some(Assignment {
        from: request.from.trim().to_owned(),
        for_whom: Some(request.for_whom.trim().to_owned()),
        note: request.note.map(str::to_owned),
        assigned: Some(request.today),
        due: Some(request.due),
        items,
    });
    Ok(pack)
}

/// A pack id for homework for `name` set on `day`: `homework-alex-2026-12-01`.
pub fn pack_id(name: &str, day: NaiveDate) -> String {
    let mut slug = String::new();
    for c in name.trim().chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    let slug: String = slug.chars().take(30).collect();
    let slug = slug.trim_end_matches('-');
    // A name that lost letters on the way ("Zoë", "李明") gets a short mark of the
    // whole name, so two such names set homework on one day never share an id.
    let lost = !name.trim().is_ascii();
    let mark = if lost {
        format!("-{:04x}", crc32fast::hash(name.trim().as_bytes()) & 0xffff)
    } else {
        String::new()
    };
    if slug.is_empty() {
        format!("homework{mark}-{day}")
    } else {
        format!("homework-{slug}{mark}-{day}")
    }
}

/// The library's areas and measures that the copied exercises use.
fn copy_what_the_exercises_use(pack: &mut Pack, library: &Pack) {
    for exercise in &pack.exercises {
        if let Some(area) = library.areas.iter().find(|a| a.id == exercise.area)
            && !pack.areas.iter().any(|a| a.id == area.id)
        {
            pack.areas.push(area.clone());
        }
    }
    let used = serde_json::to_value(&pack.exercises).unwrap_or_default();
    let mut measures = Vec::new();
    collect_measures(&used, &mut measures);
    for measure in &library.measures {
        if measures.contains(&measure.id) && !pack.measures.iter().any(|m| m.id == measure.id) {
            pack.measures.push(measure.clone());
        }
    }
}

/// Every `"measure": "<id>"` under `value`.
fn collect_measures(value: &serde_json::Value, found: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("measure", serde_json::Value::String(id)) => found.push(id.clone()),
                    _ => collect_measures(value, found),
                }
            }
        }
        serde_json::Value::Array(values) => {
            for value in values {
                collect_measures(value, found);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn items_read_as_times_per_week_or_in_all() {
        let item = parse_item("communication/gentle-start-up:3/week").unwrap();
        assert_eq!((item.times, item.per), (3, Per::Week));
        let item = parse_item("bids-log:2").unwrap();
        assert_eq!(
            (item.exercise.as_str(), item.times, item.per),
            ("bids-log", 2, Per::Total)
        );
        assert_eq!(parse_item("bids-log").unwrap().times, 1);
        for bad in ["", ":3/week", "x:0", "x:three", "x:3/weekly"] {
            assert!(parse_item(bad).is_err(), "{bad}");
        }
        assert!(parse_item("x:3/weekly").unwrap_err().contains("`week`"));
    }

    #[test]
    fn due_is_a_date_or_a_time_from_today() {
        let today = day("2026-12-01");
        assert_eq!(parse_due("2w", today), Ok(day("2026-12-15")));
        assert_eq!(parse_due("10d", today), Ok(day("2026-12-11")));
        assert_eq!(parse_due("2026-12-20", today), Ok(day("2026-12-20")));
        for bad in ["2026-11-20", "2x", "w", "0w", "soon"] {
            assert!(parse_due(bad, today).is_err(), "{bad}");
        }
    }

    #[test]
    fn ids_come_from_the_name_and_the_day() {
        let today = day("2026-12-01");
        assert_eq!(pack_id("Alex", today), "homework-alex-2026-12-01");
        assert_eq!(
            pack_id("Alex & Jordan", today),
            "homework-alex-jordan-2026-12-01"
        );
        // Names with letters outside ASCII keep apart by a mark of the whole name.
        let zoe = pack_id("  Zoë  ", today);
        assert!(
            zoe.starts_with("homework-zo-") && zoe.ends_with("-2026-12-01"),
            "{zoe}"
        );
        assert_ne!(pack_id("李明", today), pack_id("王芳", today));
        assert!(pack_id("李明", today).starts_with("homework-"));
    }
}
