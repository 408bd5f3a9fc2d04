//! Installing packs into the data directory's `packs/`, one `<pack-id>.json` each:
//! checked like any pack first, written atomically (0600), an installed pack replaced
//! only by a higher version, and never a built-in one. Journal entries keep their own
//! copy of every prompt, so installing, upgrading or removing a pack changes no history.

use std::path::PathBuf;

use super::builtin;
use super::catalog::{Catalog, Origin};
use super::load::{LoadError, load_str, read_text};
use super::model::{Exercise, Pack};
use crate::data_dir::DataDir;
use crate::secure_fs;

/// What an upgrade changes, by exercise id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PackDiff {
    /// Exercises only in the new version.
    pub added: Vec<String>,
    /// Exercises only in the old version.
    pub removed: Vec<String>,
    /// Exercises in both whose content differs.
    pub changed: Vec<String>,
}

impl PackDiff {
    /// The changes from `old` to `new`.
    pub fn between(old: &Pack, new: &Pack) -> Self {
        let find = |pack: &Pack, id: &str| -> Option<Exercise> {
            pack.exercises.iter().find(|e| e.id == id).cloned()
        };
        let mut diff = Self::default();
        for exercise in &new.exercises {
            match find(old, &exercise.id) {
                None => diff.added.push(exercise.id.clone()),
                Some(before) if before != *exercise => diff.changed.push(exercise.id.clone()),
                Some(_) => {}
            }
        }
        for exercise in &old.exercises {
            if find(new, &exercise.id).is_none() {
                diff.removed.push(exercise.id.clone());
            }
        }
        diff
    }

    /// The changes in words, one line each kind.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        for (label, ids) in [
            ("added", &self.added),
            ("removed", &self.removed),
            ("changed", &self.changed),
        ] {
            if !ids.is_empty() {
                lines.push(format!("{label}: {}", ids.join(", ")));
            }
        }
        if lines.is_empty() {
            lines.push("no exercise changed (the pack's other text may have)".into());
        }
        lines
    }
}

/// Why a pack was not installed; the installed packs are as they were.
#[derive(Debug, thiserror::Error)]
pub enum InstallError {
    /// The file is not a valid pack.
    #[error(transparent)]
    Invalid(#[from] LoadError),
    /// Its id is a built-in pack's.
    #[error("`{0}` is the id of a built-in pack; give your pack another id")]
    Builtin(String),
    /// The same or a newer version is installed.
    #[error(
        "version {installed} of `{id}` is installed, and this file is version {offered}; only a higher version replaces it"
    )]
    NotNewer {
        /// The pack's id.
        id: String,
        /// The installed version.
        installed: u32,
        /// The version offered.
        offered: u32,
    },
    /// The installed version has the same number but other contents: the author
    /// changed the pack and forgot to raise its version.
    #[error(
        "version {version} of `{id}` is installed, and this file is version {version} too, but its contents differ: ask whoever sent it (your therapist) for a file with a higher version, {} or more",
        .version.saturating_add(1)
    )]
    SameVersionDiffers {
        /// The pack's id.
        id: String,
        /// The version both have.
        version: u32,
    },
    /// Writing failed.
    #[error("cannot install into {}: {source}", crate::sanitize::text(&.path.display().to_string()))]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
}

/// Where a new pack `id` is installed in `dir`. The id has been checked to be
/// `[a-z0-9][a-z0-9-]*`, so the path cannot leave `packs/`.
fn new_path(dir: &DataDir, id: &str) -> PathBuf {
    dir.packs().join(format!("{id}.json"))
}

/// The installed pack `id` and its file, if there is one. Found through the catalog,
/// so a pack copied into `packs/` by hand under another file name is found too.
pub fn installed(dir: &DataDir, id: &str) -> Result<Option<(PathBuf, Pack)>, InstallError> {
    let catalog = Catalog::load(&dir.packs())?;
    Ok(catalog.pack(id).and_then(|loaded| match &loaded.origin {
        Origin::Installed(path) => Some((path.clone(), loaded.pack.clone())),
        Origin::Builtin => None,
    }))
}

/// A pack ready to install: checked, with what it would replace.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// The new pack.
    pub pack: Pack,
    /// Its file's text, installed as it is.
    text: String,
    /// Where it will be written: over the installed version, or a new file.
    path: PathBuf,
    /// The installed version it replaces, and what changes.
    pub replaces: Option<(Pack, PackDiff)>,
}

/// Checks the pack file `file` for installing into `dir`.
pub fn prepare(dir: &DataDir, file: &std::path::Path) -> Result<Candidate, InstallError> {
    // Read once, so that what is installed is exactly what was checked.
    let text = read_text(file)?;
    let pack = load_str(&crate::sanitize::text(&file.display().to_string()), &text)?;
    if builtin::AREAS.iter().any(|a| a.id == pack.id) {
        return Err(InstallError::Builtin(pack.id));
    }
    let (path, replaces) = match installed(dir, &pack.id)? {
        Some((_, old)) if old.version == pack.version && !same_contents(&old, &pack) => {
            return Err(InstallError::SameVersionDiffers {
                id: pack.id,
                version: old.version,
            });
        }
        Some((_, old)) if old.version >= pack.version => {
            return Err(InstallError::NotNewer {
                id: pack.id,
                installed: old.version,
                offered: pack.version,
            });
        }
        Some((path, old)) => {
            let diff = PackDiff::between(&old, &pack);
            (path, Some((old, diff)))
        }
        None => (new_path(dir, &pack.id), None),
    };
    Ok(Candidate {
        pack,
        text,
        path,
        replaces,
    })
}

/// Whether two packs say the same, whatever editor hint (`$schema`) each carries.
fn same_contents(a: &Pack, b: &Pack) -> bool {
    let unhinted = |p: &Pack| Pack {
        schema: None,
        ..p.clone()
    };
    unhinted(a) == unhinted(b)
}

/// Installs a prepared pack: `packs/<id>.json`, written atomically.
pub fn install(dir: &DataDir, candidate: &Candidate) -> Result<PathBuf, InstallError> {
    let packs = dir.packs();
    let io = |path: &PathBuf| {
        let path = path.clone();
        move |source| InstallError::Io { path, source }
    };
    secure_fs::private_dir(dir.root()).map_err(io(&dir.root().to_path_buf()))?;
    secure_fs::private_dir(&packs).map_err(io(&packs))?;
    let path = &candidate.path;
    secure_fs::write_atomic(path, candidate.text.as_bytes()).map_err(io(path))?;
    Ok(path.clone())
}

/// Removes the installed pack `id` and returns it; `None` if no such pack is
/// installed (a built-in id is never installed).
pub fn remove(dir: &DataDir, id: &str) -> Result<Option<Pack>, InstallError> {
    let Some((path, pack)) = installed(dir, id)? else {
        return Ok(None);
    };
    secure_fs::remove_file(&path).map_err(|source| InstallError::Io {
        path: path.clone(),
        source,
    })?;
    let packs = dir.packs();
    secure_fs::sync_dir(&packs).map_err(|source| InstallError::Io {
        path: packs,
        source,
    })?;
    Ok(Some(pack))
}
