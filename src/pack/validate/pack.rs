//! The pack as a whole: its format and version, its own texts, the areas and
//! measures it declares (never a built-in one again), and its list of exercises or
//! its assignment.

use super::Checker;
use crate::pack::builtin;
use crate::pack::json_path::JsonPath;
use crate::pack::model::{FORMAT_VERSION, Pack};

impl Checker {
    pub(super) fn pack(&mut self, pack: &Pack) {
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
            self.measure(&measures.index(i), measure);
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
}
