//! Writing a new pack file for `pack new` and `pack assign`: its own module, so neither
//! command's module depends on the other's.

use std::io::Write;

use crate::Error;
use crate::secure_fs;

/// Writes a new pack file (0600), never replacing one that is there.
pub(super) fn write_new_pack(file: &std::path::Path, text: &str) -> Result<(), Error> {
    let failed = |source: std::io::Error| -> Error {
        if source.kind() == std::io::ErrorKind::AlreadyExists {
            Error::Usage(format!(
                "{} already exists; choose another name",
                file.display()
            ))
        } else {
            crate::journal::StoreError::Io {
                action: "write the new pack to",
                path: file.to_path_buf(),
                source,
            }
            .into()
        }
    };
    let mut created = secure_fs::create_new(file).map_err(failed)?;
    created
        .write_all(text.as_bytes())
        .and_then(|()| created.sync_all())
        .map_err(failed)
}
