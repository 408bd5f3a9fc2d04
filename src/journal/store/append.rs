//! The open end of the log: appending one record at a time, sealed when encrypted,
//! holding the write lock.

use super::*;

/// How an encrypted log seals what is appended.
#[derive(Debug, Clone)]
pub(super) struct Sealing {
    pub(super) header: Header,
    pub(super) key: RecordKey,
    /// The number of the next record.
    pub(super) next: u64,
}

impl Sealing {
    pub(super) fn after(key: Option<(Header, RecordKey)>, last_number: u64) -> Option<Self> {
        key.map(|(header, key)| Self {
            header,
            key,
            next: last_number + 1,
        })
    }
}

/// The open end of the log, holding the write lock for as long as it lives.
#[derive(Debug)]
pub struct AppendLog {
    pub(super) file: File,
    pub(super) path: PathBuf,
    pub(super) len: u64,
    pub(super) read_only: Option<String>,
    pub(super) sealing: Option<Sealing>,
    pub(super) store: Store,
    /// What the user should know about how it opened (a torn tail set aside).
    pub(super) warnings: Vec<String>,
    /// Whether opening changed the file itself (a header written into an emptied log,
    /// a torn tail set aside, a missing newline added, the device moved to a new id).
    pub(super) repaired: bool,
    pub(super) _lock: File,
}

impl AppendLog {
    /// What the user should know about how the log opened, such as a torn tail that
    /// was set aside.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Whether opening changed the log itself, so that a change seen in its file
    /// since may be this log's own doing, not another program's.
    pub fn repaired(&self) -> bool {
        self.repaired
    }

    /// Appends one record and syncs it. On failure the file is cut back to its old
    /// length, so a failed save changes nothing.
    pub fn append(&mut self, record: &Record) -> Result<(), StoreError> {
        if let Some(reason) = &self.read_only {
            return Err(StoreError::ReadOnly {
                reason: reason.clone(),
            });
        }
        let line = match &self.sealing {
            Some(sealing) => record.to_sealed_line(&sealing.key, sealing.next),
            None => record.to_line(),
        };
        self.write(&line)?;
        if let Some(sealing) = &mut self.sealing {
            sealing.next += 1;
        }
        Ok(())
    }

    pub(super) fn write(&mut self, bytes: &[u8]) -> Result<(), StoreError> {
        let result = self
            .file
            .write_all(bytes)
            .and_then(|()| self.file.sync_data());
        match result {
            Ok(()) => {
                self.len += bytes.len() as u64;
                Ok(())
            }
            Err(error) => {
                // Undo a partial write; if even that fails, the torn tail rule recovers.
                let _ = self.file.set_len(self.len);
                let _ = self.file.sync_data();
                if is_size_limit(&error) {
                    Err(StoreError::SizeLimit {
                        path: self.path.clone(),
                    })
                } else if is_disk_full(&error) {
                    Err(StoreError::DiskFull {
                        path: self.path.clone(),
                    })
                } else {
                    Err(io_error("write the journal", &self.path)(error))
                }
            }
        }
    }
}
