//! The kept rounds of homework: `packs/rounds/<pack-id>.json`, a JSON list of every
//! installed version's assignment ([`Round`]), so a report on an earlier round, or on
//! a pack that was removed, still has its dates, items and titles. Written atomically
//! (0600, in 0700 folders), sealed when the journal is encrypted, like the other files
//! that say what the client did (see [`super::sealed_files`]).

use std::path::PathBuf;

use crate::data_dir::DataDir;
use crate::journal::sealed_files::{self, ReadError};
use crate::pack::Catalog;
use crate::pack::install::Candidate;
use crate::pack::rounds::{Round, merge, upgrade_words, with_installed};
use crate::secure_fs;
use crate::vault::Vault;

/// Why the kept rounds could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum RoundsError {
    /// The system could not read or write the file.
    #[error("cannot {action} the kept rounds of homework {}: {source}", crate::sanitize::text(&.path.display().to_string()))]
    Io {
        /// "read" or "write".
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The file is sealed and this journal's key does not open it, or it is not a
    /// list of rounds.
    #[error("the kept rounds of homework {} cannot be read: {problem}", crate::sanitize::text(&.path.display().to_string()))]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// What is wrong, made safe to print.
        problem: String,
    },
}

/// The file that keeps the rounds of pack `id` (an id is `[a-z0-9][a-z0-9-]*`, checked
/// at load, so the path stays in `packs/rounds/`).
pub fn path(dir: &DataDir, id: &str) -> PathBuf {
    dir.rounds().join(format!("{id}.json"))
}

/// The kept rounds of pack `id`, in order of version; none if there is no file.
pub fn read(dir: &DataDir, id: &str, vault: Option<&Vault>) -> Result<Vec<Round>, RoundsError> {
    let path = path(dir, id);
    let bytes = match sealed_files::read(dir, &path, vault) {
        Ok(bytes) => bytes,
        Err(ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Vec::new());
        }
        Err(ReadError::Io(source)) => {
            return Err(RoundsError::Io {
                action: "read",
                path,
                source,
            });
        }
        Err(e @ ReadError::Sealed) => {
            return Err(RoundsError::Unreadable {
                path,
                problem: e.to_string(),
            });
        }
    };
    let mut rounds: Vec<Round> =
        serde_json::from_slice(&bytes).map_err(|e| RoundsError::Unreadable {
            path: path.clone(),
            problem: crate::sanitize::text(&e.to_string()).into_owned(),
        })?;
    rounds.sort_by_key(|r| r.version);
    Ok(rounds)
}

/// Keeps `new` among the rounds of pack `id`, each in place of a kept round of its
/// version or added, and writes the list if that changed it. Returns the list.
pub fn keep(
    dir: &DataDir,
    id: &str,
    new: Vec<Round>,
    vault: Option<&Vault>,
) -> Result<Vec<Round>, RoundsError> {
    let mut rounds = read(dir, id, vault)?;
    let mut changed = false;
    for round in new {
        changed |= merge(&mut rounds, round);
    }
    if !changed {
        return Ok(rounds);
    }
    let path = path(dir, id);
    let failed = |path: &PathBuf| {
        let path = path.clone();
        move |source| RoundsError::Io {
            action: "write",
            path,
            source,
        }
    };
    let mut bytes = serde_json::to_vec_pretty(&rounds).map_err(|e| RoundsError::Io {
        action: "write",
        path: path.clone(),
        source: std::io::Error::other(e),
    })?;
    bytes.push(b'\n');
    for folder in [dir.root().to_path_buf(), dir.packs(), dir.rounds()] {
        secure_fs::private_dir(&folder).map_err(failed(&folder))?;
    }
    sealed_files::write(dir, &path, &bytes, vault).map_err(failed(&path))?;
    Ok(rounds)
}

/// Where a pack's current round stands among its rounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    /// The installed version's round, from 1.
    pub number: usize,
    /// How many rounds there are.
    pub of: usize,
}

/// Which round each installed pack's homework is in, by pack id.
pub type RoundNumbers = std::collections::BTreeMap<String, Standing>;

/// The round each installed pack with homework is in. A pack whose kept rounds cannot
/// be read is left out: home then names no round for it, and `between report` says why.
pub fn current_numbers(dir: &DataDir, catalog: &Catalog, vault: Option<&Vault>) -> RoundNumbers {
    catalog
        .packs()
        .iter()
        .filter(|loaded| matches!(loaded.origin, crate::pack::catalog::Origin::Installed(_)))
        .filter_map(|loaded| {
            let installed = Round::of(&loaded.pack, catalog)?;
            let kept = read(dir, &loaded.pack.id, vault).ok()?;
            let (rounds, current) = with_installed(kept, Some(installed));
            let standing = Standing {
                number: current? + 1,
                of: rounds.len(),
            };
            Some((loaded.pack.id.clone(), standing))
        })
        .collect()
}

/// What installing a prepared pack does to its rounds: those to keep (the installed
/// version's, which may not have been kept yet, and the new one's), and what to say
/// about them in the question before an upgrade.
#[derive(Debug, Clone, Default)]
pub struct Upgrade {
    /// The rounds to keep before the pack is installed.
    pub keep: Vec<Round>,
    /// The words about the homework for the question before an upgrade.
    pub words: Option<String>,
}

impl Upgrade {
    /// Whether installing `candidate` has rounds to keep or words to say, which is
    /// when the key of an encrypted journal is needed.
    pub fn needed(candidate: &Candidate) -> bool {
        candidate.pack.assignment.is_some()
            || candidate
                .replaces
                .as_ref()
                .is_some_and(|(old, _)| old.assignment.is_some())
    }

    /// Works out the rounds installing `candidate` into `dir` keeps and the words for
    /// its question; `catalog` gives the titles of the exercises of other packs.
    pub fn plan(
        dir: &DataDir,
        candidate: &Candidate,
        catalog: &Catalog,
        vault: Option<&Vault>,
    ) -> Result<Self, RoundsError> {
        if !Self::needed(candidate) {
            return Ok(Self::default());
        }
        let pack = &candidate.pack;
        let old = candidate
            .replaces
            .as_ref()
            .and_then(|(old, _)| Round::of(old, catalog));
        let new = Round::of(pack, catalog);
        let kept = read(dir, &pack.id, vault)?;
        let old_number = {
            let (rounds, current) = with_installed(kept, old.clone());
            current.map_or(rounds.len() + 1, |i| i + 1)
        };
        let words = candidate.replaces.as_ref().and_then(|(old, _)| {
            upgrade_words(
                &pack.id,
                old.assignment.as_ref(),
                pack.assignment.as_ref(),
                old_number,
            )
        });
        Ok(Self {
            keep: old.into_iter().chain(new).collect(),
            words,
        })
    }

    /// Keeps the rounds; done before the pack itself is installed, so the installed
    /// version's round is never lost with the file it was in.
    pub fn keep(self, dir: &DataDir, id: &str, vault: Option<&Vault>) -> Result<(), RoundsError> {
        if self.keep.is_empty() {
            return Ok(());
        }
        keep(dir, id, self.keep, vault).map(|_| ())
    }
}
