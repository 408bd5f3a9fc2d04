//! Every exercise the user can do: the built-in packs and those installed in `packs/`,
//! with the areas they fall in. The CLI and (later) the TUI both ask this one place.

use std::path::{Path, PathBuf};

use super::builtin;
use super::load::{LoadError, load_file, load_str};
use super::model::{AreaDecl, Exercise, Measure, Pack};
use crate::sanitize;

/// Where a pack came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Built into the binary.
    Builtin,
    /// Installed as a file in the data directory's `packs/`.
    Installed(PathBuf),
}

/// A pack and where it came from.
#[derive(Debug, Clone)]
pub struct LoadedPack {
    /// The pack itself, checked and sanitised.
    pub pack: Pack,
    /// Where it came from.
    pub origin: Origin,
}

/// A work area, with the pack that declared it (none for the built-in areas).
#[derive(Debug, Clone)]
pub struct Area {
    /// Id, title and summary.
    pub decl: AreaDecl,
    /// The id of the pack that declared the area, or `None` for a built-in area.
    pub declared_by: Option<String>,
    /// How many exercises are in this area, across all packs.
    pub exercises: usize,
}

/// An exercise together with the pack it belongs to.
#[derive(Debug, Clone, Copy)]
pub struct ExerciseRef<'a> {
    /// The pack holding the exercise.
    pub pack: &'a LoadedPack,
    /// The exercise.
    pub exercise: &'a Exercise,
}

impl ExerciseRef<'_> {
    /// The short name users type: `area/exercise`.
    pub fn reference(&self) -> String {
        format!("{}/{}", self.exercise.area, self.exercise.id)
    }
}

/// Why an exercise reference did not name exactly one exercise.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FindError {
    /// Nothing matches.
    #[error(
        "no exercise `{reference}`; `between exercises` lists them (name one as AREA/EXERCISE or by its id)"
    )]
    NotFound {
        /// What the user typed, made safe to print.
        reference: String,
    },
    /// Several exercises match.
    #[error("`{reference}` names more than one exercise: {}; add --pack to choose", .candidates.join(", "))]
    Ambiguous {
        /// What the user typed, made safe to print.
        reference: String,
        /// The matches, as `area/exercise (pack ID)`.
        candidates: Vec<String>,
    },
}

/// All packs the user has: built-in first, then installed ones by file name.
#[derive(Debug, Clone)]
pub struct Catalog {
    packs: Vec<LoadedPack>,
    /// Installed packs that could not be used, each as a message.
    pub warnings: Vec<String>,
}

impl Catalog {
    /// The built-in packs alone.
    ///
    /// They are checked by the test suite, so an error here means a broken build.
    pub fn builtin() -> Result<Self, LoadError> {
        let packs = builtin::PACKS
            .iter()
            .map(|embedded| {
                Ok(LoadedPack {
                    pack: load_str(embedded.source, embedded.text)?,
                    origin: Origin::Builtin,
                })
            })
            .collect::<Result<_, LoadError>>()?;
        Ok(Self {
            packs,
            warnings: Vec::new(),
        })
    }

    /// The built-in packs and every `*.json` pack in `packs_dir` (which may not exist).
    /// A pack that does not load, or whose id is already taken, is left out with a
    /// warning, so one bad file never hides the rest.
    pub fn load(packs_dir: &Path) -> Result<Self, LoadError> {
        let mut catalog = Self::builtin()?;
        // A link in place of `packs/` is refused: between reads no pack through it.
        let mut files: Vec<PathBuf> = match crate::secure_fs::read_folder(packs_dir) {
            Ok(Some(entries)) => entries
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
                .collect(),
            Ok(None) => Vec::new(),
            Err(e) => {
                catalog.warnings.push(format!(
                    "{}: cannot list installed packs: {e}",
                    sanitize::text(&packs_dir.display().to_string())
                ));
                Vec::new()
            }
        };
        files.sort();
        for file in files {
            match load_file(&file) {
                Ok(pack) if catalog.pack(&pack.id).is_some() => catalog.warnings.push(format!(
                    "{}: left out, because a pack with the id `{}` is already loaded",
                    sanitize::text(&file.display().to_string()),
                    pack.id
                )),
                Ok(pack) => catalog.packs.push(LoadedPack {
                    pack,
                    origin: Origin::Installed(file),
                }),
                Err(e) => catalog
                    .warnings
                    .push(format!("left out an installed pack: {e}")),
            }
        }
        Ok(catalog)
    }

    /// Every pack, built-in first.
    pub fn packs(&self) -> &[LoadedPack] {
        &self.packs
    }

    /// The pack with this id.
    pub fn pack(&self, id: &str) -> Option<&LoadedPack> {
        self.packs.iter().find(|p| p.pack.id == id)
    }

    /// The measure `id`: a built-in one, or the first pack's that declares it (a
    /// therapist's questionnaire with its cutoff, say), so every view titles and
    /// weighs a measure the same way.
    pub fn measure(&self, id: &str) -> Option<&Measure> {
        builtin::MEASURES
            .iter()
            .chain(self.packs.iter().flat_map(|p| &p.pack.measures))
            .find(|m| m.id == id)
    }

    /// Every exercise, in pack order.
    pub fn exercises(&self) -> impl Iterator<Item = ExerciseRef<'_>> {
        self.packs.iter().flat_map(|pack| {
            pack.pack
                .exercises
                .iter()
                .map(move |exercise| ExerciseRef { pack, exercise })
        })
    }

    /// The seven built-in areas, then those packs declare (the first declaration of an
    /// id wins), each with its number of exercises.
    pub fn areas(&self) -> Vec<Area> {
        let mut areas: Vec<Area> = builtin::AREAS
            .iter()
            .map(|decl| Area {
                decl: decl.clone(),
                declared_by: None,
                exercises: 0,
            })
            .collect();
        for loaded in &self.packs {
            for decl in &loaded.pack.areas {
                if !areas.iter().any(|a| a.decl.id == decl.id) {
                    areas.push(Area {
                        decl: decl.clone(),
                        declared_by: Some(loaded.pack.id.clone()),
                        exercises: 0,
                    });
                }
            }
        }
        for found in self.exercises() {
            if let Some(area) = areas.iter_mut().find(|a| a.decl.id == found.exercise.area) {
                area.exercises += 1;
            }
        }
        areas
    }

    /// The one exercise that `reference` names: `area/exercise` or a bare exercise id,
    /// optionally only within the pack `pack`.
    pub fn find(&self, reference: &str, pack: Option<&str>) -> Result<ExerciseRef<'_>, FindError> {
        let (area, id) = match reference.split_once('/') {
            Some((area, id)) => (Some(area), id),
            None => (None, reference),
        };
        let matching = |id: &str| -> Vec<ExerciseRef<'_>> {
            self.exercises()
                .filter(|found| found.exercise.id == id)
                .filter(|found| area.is_none_or(|area| found.exercise.area == area))
                .filter(|found| pack.is_none_or(|pack| found.pack.pack.id == pack))
                .collect()
        };
        let mut matches = matching(id);
        // A built-in exercise merged into another is found as the one it went into.
        if matches.is_empty()
            && let Some(new) = area.and_then(|area| builtin::successor(area, id))
        {
            matches = matching(new);
        }
        let reference = sanitize::text(reference).into_owned();
        match matches.as_slice() {
            [one] => Ok(*one),
            [] => Err(FindError::NotFound { reference }),
            many => Err(FindError::Ambiguous {
                reference,
                candidates: many
                    .iter()
                    .map(|found| format!("{} (pack {})", found.reference(), found.pack.pack.id))
                    .collect(),
            }),
        }
    }
}
