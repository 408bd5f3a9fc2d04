//! A lab for `between sync now` with a real `git`: a bare repository on local disk
//! stands for the user's private remote, and each "device" is a clone of it with its
//! own data directory whose `sync.json` points at the clone. Git's global and system
//! settings are kept out (`GIT_CONFIG_GLOBAL=/dev/null`, HOME in the temporary folder).

use std::path::{Path, PathBuf};
use std::process::Command;

use between::journal::sync::ReplicaId;

use super::{between, stderr, stdout};

/// A temporary folder holding the remote, the clones and the data directories.
pub struct Lab {
    root: tempfile::TempDir,
}

/// One device: its clone (the synced folder), its data directory and its replica.
pub struct Device {
    pub clone: PathBuf,
    pub data: PathBuf,
    pub replica: ReplicaId,
}

impl Lab {
    pub fn new() -> Self {
        let lab = Self {
            root: tempfile::tempdir().unwrap(),
        };
        std::fs::create_dir_all(lab.home()).unwrap();
        lab
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.root.path().join(name)
    }

    pub fn home(&self) -> PathBuf {
        self.path("home")
    }

    /// `git` isolated from this machine's settings.
    pub fn git(&self, dir: &Path, args: &[&str]) -> String {
        let output = isolate(Command::new("git"), &self.home())
            .arg("-C")
            .arg(dir)
            .args(args)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "git {args:?} failed: {}",
            stderr(&output)
        );
        stdout(&output)
    }

    /// The bare repository that stands for the remote.
    pub fn remote(&self) -> PathBuf {
        let remote = self.path("remote.git");
        if !remote.exists() {
            self.git(
                self.root.path(),
                &["init", "--quiet", "--bare", "-b", "main", "remote.git"],
            );
        }
        remote
    }

    /// A device whose synced folder is a clone of the remote.
    pub fn cloned(&self, name: &str) -> Device {
        let remote = self.remote();
        let clone = self.path(&format!("{name}-clone"));
        self.git(
            self.root.path(),
            &[
                "clone",
                "--quiet",
                remote.to_str().unwrap(),
                clone.to_str().unwrap(),
            ],
        );
        self.device(name, clone)
    }

    /// A device whose synced folder is `folder` (made if missing).
    pub fn device(&self, name: &str, folder: PathBuf) -> Device {
        std::fs::create_dir_all(&folder).unwrap();
        let data = self.path(&format!("{name}-data"));
        std::fs::create_dir_all(&data).unwrap();
        let replica = ReplicaId::generate();
        let config = serde_json::json!({"folder": folder, "replica": replica.as_str()});
        std::fs::write(data.join("sync.json"), config.to_string()).unwrap();
        Device {
            clone: folder,
            data,
            replica,
        }
    }

    /// `between --data-dir D sync now` for `device`.
    pub fn sync_now(&self, device: &Device) -> std::process::Output {
        let mut command = between(&device.data);
        command.env("HOME", self.home());
        command
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .args(["sync", "now"])
            .output()
            .unwrap()
    }
}

/// `command` with git's global and system settings kept out.
pub fn isolate(mut command: Command, home: &Path) -> Command {
    command
        .env("HOME", home)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE");
    command
}

impl Device {
    pub fn own(&self) -> PathBuf {
        self.clone.join("replicas").join(self.replica.as_str())
    }

    /// Writes `lines` into this device's log, as a journal would.
    pub fn write_log(&self, lines: &str) {
        std::fs::create_dir_all(self.own()).unwrap();
        std::fs::write(self.own().join("journal.jsonl"), lines).unwrap();
    }

    pub fn log_of(&self, other: &Device) -> Option<Vec<u8>> {
        std::fs::read(
            self.clone
                .join("replicas")
                .join(other.replica.as_str())
                .join("journal.jsonl"),
        )
        .ok()
    }
}

/// Runs `sync now` and returns its output, failing with what it said if it failed.
pub fn synced(lab: &Lab, device: &Device) -> String {
    let output = lab.sync_now(device);
    assert!(
        output.status.success(),
        "sync now failed: {}{}",
        stdout(&output),
        stderr(&output)
    );
    stdout(&output)
}

/// `between` for `device`, with git kept from this machine's settings.
pub fn run_between(lab: &Lab, device: &Device, args: &[&str], stdin: &str) -> String {
    let output = isolate(
        std::process::Command::new(assert_cmd::cargo::cargo_bin!("between")),
        &lab.home(),
    )
    .arg("--data-dir")
    .arg(&device.data)
    .args(args)
    .stdin(std::process::Stdio::piped())
    .stdout(std::process::Stdio::piped())
    .stderr(std::process::Stdio::piped())
    .spawn()
    .and_then(|mut child| {
        use std::io::Write;
        child.stdin.take().unwrap().write_all(stdin.as_bytes())?;
        child.wait_with_output()
    })
    .unwrap();
    assert!(
        output.status.success(),
        "between {args:?} failed: {}",
        stderr(&output)
    );
    stdout(&output)
}
