//! Installing and removing the reminder's timer: the systemd user units (and telling
//! the user's systemd through `systemctl --user`), or the block in the user's crontab
//! (through `crontab -l` and `crontab -`). The text itself comes from [`super::job`].

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::job::UNIT;
use crate::environment::Environment;

/// Why the reminder's timer could not be installed, removed or looked at.
#[derive(Debug, thiserror::Error)]
pub enum InstallError {
    /// macOS has launchd, which is not written for yet.
    #[error(
        "reminders are not supported on macOS yet (a launchd agent is planned); nothing was changed"
    )]
    Unsupported,
    /// Neither XDG_CONFIG_HOME nor HOME says where user units go.
    #[error(
        "cannot tell where systemd user units go: neither XDG_CONFIG_HOME nor HOME is set; nothing was changed"
    )]
    NoConfigDir,
    /// No systemd user session and no crontab.
    #[error(
        "no reminder can be scheduled here: `systemctl --user` reaches no systemd user session, and there is no `crontab` program; nothing was changed"
    )]
    NoTimer,
    /// What would be installed cannot be written (a path), or the crontab's block is
    /// not whole.
    #[error("{0}; nothing was changed")]
    Job(String),
    /// A file could not be written, read or removed.
    #[error("cannot {action} {}: {source}", crate::sanitize::text(&.path.display().to_string()))]
    Io {
        /// What was being done ("write").
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// Why not.
        source: std::io::Error,
    },
    /// `systemctl` or `crontab` failed.
    #[error("`{command}` failed: {message}")]
    Program {
        /// The command line.
        command: String,
        /// What it said, or why it could not run.
        message: String,
    },
}

fn io(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> InstallError {
    let path = path.to_path_buf();
    move |source| InstallError::Io {
        action,
        path,
        source,
    }
}

/// Where the systemd user units are: `$XDG_CONFIG_HOME/systemd/user`, else
/// `~/.config/systemd/user`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitFiles {
    dir: PathBuf,
}

impl UnitFiles {
    /// The units' folder in `env`.
    pub fn in_environment(env: &Environment) -> Result<Self, InstallError> {
        let config = env
            .config_home
            .clone()
            .or_else(|| env.home.as_ref().map(|home| home.join(".config")))
            .ok_or(InstallError::NoConfigDir)?;
        Ok(Self {
            dir: config.join("systemd").join("user"),
        })
    }

    /// The service unit's file.
    pub fn service(&self) -> PathBuf {
        self.dir.join(format!("{UNIT}.service"))
    }

    /// The timer unit's file.
    pub fn timer(&self) -> PathBuf {
        self.dir.join(format!("{UNIT}.timer"))
    }

    /// Whether either unit's file is there.
    pub fn present(&self) -> bool {
        self.service().exists() || self.timer().exists()
    }
}

/// Whether `systemctl --user` reaches a systemd user session.
pub fn systemd_reachable() -> bool {
    Command::new("systemctl")
        .args(["--user", "show-environment"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// Runs `program args`, with `input` on its standard input; its standard output on
/// success, else what it said on standard error.
fn run(program: &str, args: &[&str], input: Option<&[u8]>) -> Result<Vec<u8>, InstallError> {
    let command_line = std::iter::once(program)
        .chain(args.iter().copied())
        .collect::<Vec<_>>()
        .join(" ");
    let failed = |message: String| InstallError::Program {
        command: command_line.clone(),
        message,
    };
    let mut child = Command::new(program)
        .args(args)
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| failed(e.to_string()))?;
    if let (Some(input), Some(mut stdin)) = (input, child.stdin.take()) {
        stdin.write_all(input).map_err(|e| failed(e.to_string()))?;
    }
    let output = child
        .wait_with_output()
        .map_err(|e| failed(e.to_string()))?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        let said = String::from_utf8_lossy(&output.stderr);
        let said = crate::sanitize::text(said.trim()).into_owned();
        Err(failed(if said.is_empty() {
            output.status.to_string()
        } else {
            said
        }))
    }
}

fn systemctl(args: &[&str]) -> Result<(), InstallError> {
    let mut all = vec!["--user"];
    all.extend_from_slice(args);
    run("systemctl", &all, None).map(drop)
}

fn read_if_there(path: &Path) -> Result<Option<Vec<u8>>, InstallError> {
    match crate::secure_fs::read_capped(
        path,
        crate::secure_fs::Cap {
            what: "a unit file",
            bytes: 64 << 10,
        },
    ) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io("read", path)(e)),
    }
}

fn put_back(path: &Path, old: Option<&[u8]>) {
    let _ = match old {
        Some(bytes) => crate::secure_fs::write_atomic(path, bytes),
        None => crate::secure_fs::remove_file(path),
    };
}

/// Writes the two units and has the user's systemd start the timer (`daemon-reload`,
/// `enable`, `restart`, so a changed time takes effect at once). If systemd refuses,
/// the files are put back as they were.
pub fn install_systemd(files: &UnitFiles, service: &str, timer: &str) -> Result<(), InstallError> {
    let old_service = read_if_there(&files.service())?;
    let old_timer = read_if_there(&files.timer())?;
    {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(crate::secure_fs::DIR_MODE)
            .create(&files.dir)
            .map_err(io("create the folder", &files.dir))?;
    }
    let written = crate::secure_fs::write_atomic(&files.service(), service.as_bytes())
        .map_err(io("write", &files.service()))
        .and_then(|()| {
            crate::secure_fs::write_atomic(&files.timer(), timer.as_bytes())
                .map_err(io("write", &files.timer()))
        });
    let timer_unit = format!("{UNIT}.timer");
    let result = written
        .and_then(|()| systemctl(&["daemon-reload"]))
        .and_then(|()| systemctl(&["enable", &timer_unit]))
        .and_then(|()| systemctl(&["restart", &timer_unit]));
    if result.is_err() {
        put_back(&files.service(), old_service.as_deref());
        put_back(&files.timer(), old_timer.as_deref());
        let _ = systemctl(&["daemon-reload"]);
    }
    result
}

/// Stops and disables the timer (when the user's systemd is reachable) and removes
/// both units; whether there was anything to remove.
pub fn remove_systemd(files: &UnitFiles, reachable: bool) -> Result<bool, InstallError> {
    if !files.present() {
        return Ok(false);
    }
    if reachable {
        systemctl(&["disable", "--now", &format!("{UNIT}.timer")])?;
    }
    for path in [files.timer(), files.service()] {
        crate::secure_fs::remove_file(&path).map_err(io("remove", &path))?;
    }
    if reachable {
        systemctl(&["daemon-reload"])?;
    }
    Ok(true)
}

/// The user's crontab (empty when they have none), or `None` when there is no
/// `crontab` program.
pub fn crontab_read() -> Result<Option<String>, InstallError> {
    let output = match Command::new("crontab")
        .arg("-l")
        .stdin(Stdio::null())
        .output()
    {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(InstallError::Program {
                command: "crontab -l".into(),
                message: e.to_string(),
            });
        }
        Ok(output) => output,
    };
    let said = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        // "no crontab for you": an empty one. Anything else (not allowed to use cron,
        // say) is an error: writing would replace what could not be read.
        if said.to_ascii_lowercase().contains("no crontab") {
            return Ok(Some(String::new()));
        }
        return Err(InstallError::Program {
            command: "crontab -l".into(),
            message: crate::sanitize::text(said.trim()).into_owned(),
        });
    }
    String::from_utf8(output.stdout).map(Some).map_err(|_| {
        InstallError::Job("your crontab is not UTF-8 text, so between leaves it alone".into())
    })
}

/// Replaces the user's crontab with `text`.
pub fn crontab_write(text: &str) -> Result<(), InstallError> {
    run("crontab", &["-"], Some(text.as_bytes())).map(drop)
}
