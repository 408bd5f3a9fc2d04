//! Recovery: a torn tail (a crash while saving) is copied to `quarantine/` and cut off,
//! only by a writer; damage in the middle makes the journal read-only instead (see
//! the replay).

use super::*;

impl Store {
    /// Copies the torn tail from `good_end` to the end of the log into `quarantine/`,
    /// then cuts the log back to `good_end`.
    pub(super) fn set_aside_from(
        &self,
        log: &mut AppendLog,
        good_end: u64,
    ) -> Result<String, StoreError> {
        let mut tail = vec![0; (log.len - good_end) as usize];
        std::os::unix::fs::FileExt::read_exact_at(&log.file, &mut tail, good_end)
            .map_err(io_error("read the journal", &log.path))?;
        let quarantine = self.dir.quarantine();
        secure_fs::private_dir(&quarantine)
            .map_err(io_error("create the quarantine directory", &quarantine))?;
        let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S%.3f");
        let file = quarantine.join(format!("journal-tail-{stamp}-{}.bin", std::process::id()));
        crate::journal::sealed_files::write(&self.dir, &file, &tail, self.vault.as_ref())
            .map_err(io_error("write", &file))?;
        log.file
            .set_len(good_end)
            .and_then(|()| log.file.sync_all())
            .map_err(io_error("cut the torn tail off", &log.path))?;
        log.len = good_end;
        Ok(format!(
            "the journal ended with an incomplete record (probably a crash while saving); its {} \
             were set aside in {} and every complete entry loaded",
            crate::words::count(tail.len(), "byte", "bytes"),
            shown(&file)
        ))
    }
}
