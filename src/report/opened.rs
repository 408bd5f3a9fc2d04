//! Several received reports read at once: every file read before anything is shown
//! (so a bad one stops the command with nothing printed), each file and each report
//! once, in the order a therapist looks for them.

use std::path::{Path, PathBuf};

use super::{OpenError, Report, open};

/// The reports of several files, and what was left out as given twice.
#[derive(Debug, Default)]
pub struct Opened {
    /// Every report, once each, in [`order`].
    pub reports: Vec<Report>,
    /// A sentence for each file or report given more than once.
    pub repeated: Vec<String>,
}

/// Reads each of `paths` (a report or a list of them); a file named twice, however
/// spelled, is read once, and a report that two files hold is kept once. Fails with
/// every file that could not be read, in the order given.
pub fn open_all(paths: &[PathBuf]) -> Result<Opened, Vec<OpenError>> {
    let mut opened = Opened::default();
    let mut errors = Vec::new();
    let mut seen: Vec<PathBuf> = Vec::new();
    let mut sources: Vec<(Report, String)> = Vec::new();
    for path in paths {
        let file = shown(path);
        let same = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
        if seen.contains(&same) {
            opened
                .repeated
                .push(format!("{file} was given more than once; it is read once."));
            continue;
        }
        seen.push(same);
        match open(path) {
            Ok(reports) => {
                for report in reports {
                    match sources.iter().find(|(kept, _)| *kept == report) {
                        Some((_, first)) => opened.repeated.push(format!(
                            "{file} holds the same report as {first}; it is shown once."
                        )),
                        None => sources.push((report, file.clone())),
                    }
                }
            }
            Err(error) => errors.push(error),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    opened.reports = sources.into_iter().map(|(report, _)| report).collect();
    order(&mut opened.reports);
    Ok(opened)
}

/// A path made safe to print, as [`open`] names it.
fn shown(path: &Path) -> String {
    crate::sanitize::text(&path.display().to_string()).into_owned()
}

/// Sorts reports by client (those without a name last), then pack, then round (then
/// the day it was set, and the day written), keeping the given order otherwise.
pub fn order(reports: &mut [Report]) {
    fn key(r: &Report) -> impl Ord + '_ {
        (
            r.for_whom.is_none(),
            r.for_whom.as_deref(),
            r.pack.id.as_str(),
            r.round,
            r.assigned,
            r.written,
        )
    }
    reports.sort_by(|a, b| key(a).cmp(&key(b)));
}
