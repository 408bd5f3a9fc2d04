//! Checking every line of the log, for `journal verify`.

use super::*;

/// Every problem in the log file, for `journal verify`: damaged lines anywhere,
/// including a torn tail, and records of a newer format.
pub fn verify(store: &Store) -> Result<Vec<LineProblem>, StoreError> {
    let path = store.dir.journal();
    let file = match secure_fs::open_regular(&path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io_error("read the journal", &path)(e)),
    };
    let key = store.key_for(&file, store.own_replica().as_ref())?;
    let scan = log::scan_reader(&file, key.as_ref().map(|(_, vault)| vault), |_| {})
        .map_err(io_error("read the journal", &path))?;
    let mut problems = scan.problems;
    if let Some((line, version)) = scan.newer {
        problems.push(LineProblem {
            line,
            message: format!("written by a newer version of between (record format {version})"),
        });
    }
    problems.extend(scan.tail_lines.into_iter().map(|p| LineProblem {
        message: format!(
            "{} (an incomplete last record, from a crash while saving)",
            p.message
        ),
        ..p
    }));
    if scan.missing_newline {
        problems.push(LineProblem {
            line: scan.lines,
            message: "the last record has no final newline".into(),
        });
    }
    problems.sort_by_key(|p| p.line);
    Ok(problems)
}
