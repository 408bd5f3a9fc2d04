//! One writer at a time: `journal.lock`, held with `File::try_lock` while writing.
//! A writer waits a little for another to finish; a reader takes the lock only when it
//! is free at once.

use super::*;

/// How long a writer waits for another to finish before giving up.
pub const LOCK_WAIT: Duration = Duration::from_secs(3);

impl Store {
    /// Takes the write lock, waiting up to [`LOCK_WAIT`] for another writer to finish.
    pub(super) fn lock(&self) -> Result<File, StoreError> {
        secure_fs::private_dir(self.dir.root())
            .map_err(io_error("create the data directory", self.dir.root()))?;
        let path = self.dir.lock();
        let file = secure_fs::open_append(&path).map_err(io_error("open the lock", &path))?;
        let deadline = Instant::now() + LOCK_WAIT;
        let mut pause = Duration::from_millis(1);
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(file),
                Err(fs::TryLockError::WouldBlock) if Instant::now() < deadline => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(25));
                }
                Err(fs::TryLockError::WouldBlock) => return Err(StoreError::Locked { path }),
                Err(fs::TryLockError::Error(e)) => return Err(io_error("lock", &path)(e)),
            }
        }
    }

    /// The write lock if it is free this instant; never waits.
    pub(crate) fn try_lock_now(&self) -> io::Result<File> {
        let file = secure_fs::open_append(&self.dir.lock())?;
        file.try_lock().map_err(io::Error::from)?;
        Ok(file)
    }
}
