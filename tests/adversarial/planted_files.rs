//! (filled in by the work on issue 14)

// The editor's plain copies: folders in memory-backed storage that between takes
// back into drafts/ at an unlock. Planted ones are left alone and followed nowhere.
mod editor_copies {
    use std::fs;
    use std::os::unix::fs::MetadataExt;
    use std::path::Path;
    use std::time::Duration;

    use crate::common::{assert_nowhere, between, stderr};

    const PASSPHRASE: &str = "a long walk by the river";
    const SECRET: &str = "outside-secret-words";
    const TYPED: &str = "typed-in-the-editor";

    /// A marker of ours for `root`'s data directory, sending the text to `kept`.
    fn marker(root: &Path, kept: &str) -> String {
        let meta = fs::metadata(root).unwrap();
        serde_json::json!({
            "between": "between-edit",
            "data_dir": root.display().to_string(),
            "data_dir_id": [meta.dev(), meta.ino()],
            "kept": kept,
        })
        .to_string()
    }

    fn folder(runtime: &Path, name: &str, marker: &str, text: &str) -> std::path::PathBuf {
        let path = runtime.join(name);
        fs::create_dir(&path).unwrap();
        fs::write(path.join("between-edit.json"), marker).unwrap();
        fs::write(path.join("text.txt"), text).unwrap();
        path
    }

    #[test]
    fn planted_editor_folders_are_neither_followed_nor_taken() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let runtime = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        between(root)
            .args(["journal", "add", "hello"])
            .assert()
            .success();
        between(root)
            .args(["--passphrase-fd", "0", "encrypt"])
            .write_stdin(format!("{PASSPHRASE}\n"))
            .assert()
            .success();
        let id = "01m8rb7z7n4ybtcew247x1j7s0";
        let kept = format!("drafts/edit-{id}.txt");
        let journal = fs::read(root.join("journal.jsonl")).unwrap();

        // A symlink to a folder that looks like ours.
        let target = folder(outside.path(), "target", &marker(root, &kept), SECRET);
        std::os::unix::fs::symlink(&target, runtime.path().join("between-link")).unwrap();
        // A marker sending the text out of drafts/.
        folder(
            runtime.path(),
            "between-escape",
            &marker(root, "drafts/../journal.jsonl"),
            SECRET,
        );
        // A marker that is a FIFO, which would hang a blocking open.
        let fifo = runtime.path().join("between-fifo");
        fs::create_dir(&fifo).unwrap();
        let name = std::ffi::CString::new(
            fifo.join("between-edit.json")
                .into_os_string()
                .into_encoded_bytes(),
        )
        .unwrap();
        // SAFETY: a plain system call with a valid path.
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
        // The text a symlink to a file outside.
        let linked = runtime.path().join("between-linked-text");
        fs::create_dir(&linked).unwrap();
        fs::write(linked.join("between-edit.json"), marker(root, &kept)).unwrap();
        fs::write(outside.path().join("secret.txt"), SECRET).unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.txt"), linked.join("text.txt"))
            .unwrap();
        // And one real leftover, to show the others are refused, not overlooked.
        let real = folder(runtime.path(), "between-real", &marker(root, &kept), TYPED);

        let output = between(root)
            .env("XDG_RUNTIME_DIR", runtime.path())
            .args(["--passphrase-fd", "0", "journal", "list"])
            .write_stdin(format!("{PASSPHRASE}\n"))
            .timeout(Duration::from_secs(20))
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
        // The real one is taken, sealed; nothing else is.
        assert!(!real.exists());
        let sealed = fs::read(root.join(&kept)).unwrap();
        assert!(between::vault::files::is_sealed(&sealed));
        assert_nowhere(root, TYPED);
        assert_nowhere(root, SECRET);
        assert_eq!(fs::read(root.join("journal.jsonl")).unwrap(), journal);
        // The planted ones stay as they were, and what they point at too.
        assert_eq!(fs::read_to_string(target.join("text.txt")).unwrap(), SECRET);
        assert!(runtime.path().join("between-link").exists());
        assert!(runtime.path().join("between-escape/text.txt").exists());
        assert!(fifo.join("between-edit.json").exists());
        assert_eq!(
            fs::read_to_string(outside.path().join("secret.txt")).unwrap(),
            SECRET
        );
        assert!(linked.join("between-edit.json").exists());
    }
}
