//! Installing and removing the reminder's timer: the systemd user units (and telling
//! the user's systemd through `systemctl --user`), or the block in the user's crontab
//! (through `crontab -l` and `crontab -`), or on macOS the launchd agent (through
//! `launchctl`). The text itself comes from [`super::job`] and [`super::launchd`].

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::job::UNIT;
use super::launchd::LABEL;
use crate::environment::Environment;

/// Why the reminder's timer could not be installed, removed or looked at.
#[derive(Debug, thiserror::Error)]
pub enum InstallError {
    /// A system between has no timer for (Windows, say).
    #[error("reminders are not supported on this system ({os}); nothing was changed")]
    Unsupported {
        /// The system, as Rust names it (`std::env::consts::OS`).
        os: String,
    },
    /// HOME is not set, or not an absolute UTF-8 path, so there is no
    /// `~/Library/LaunchAgents` to write to.
    #[error(
        "cannot tell where launchd agents go: HOME is not set to an absolute path in UTF-8; nothing was changed"
    )]
    NoHome,
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
    /// `systemctl`, `crontab` or `launchctl` failed.
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

/// Runs a program, as [`System`] does; tests stand in for it.
pub trait Runner {
    /// Runs `program args`; its standard output on success, else what it said on
    /// standard error.
    fn run(&mut self, program: &str, args: &[&str]) -> Result<Vec<u8>, InstallError>;
}

/// The programs themselves.
#[derive(Debug, Default)]
pub struct System;

impl Runner for System {
    fn run(&mut self, program: &str, args: &[&str]) -> Result<Vec<u8>, InstallError> {
        run(program, args, None)
    }
}

/// Where the launchd agent is: `~/Library/LaunchAgents/org.between.remind.plist`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentFile {
    dir: PathBuf,
}

impl AgentFile {
    /// The agent's folder in `env` (`$HOME/Library/LaunchAgents`); its path is given to
    /// `launchctl`, so it must be absolute and UTF-8.
    pub fn in_environment(env: &Environment) -> Result<Self, InstallError> {
        let home = env
            .home
            .as_ref()
            .filter(|home| home.is_absolute() && home.to_str().is_some())
            .ok_or(InstallError::NoHome)?;
        Ok(Self {
            dir: home.join("Library").join("LaunchAgents"),
        })
    }

    /// The agent's file.
    pub fn path(&self) -> PathBuf {
        self.dir.join(super::launchd::file_name())
    }

    /// Whether the agent's file is there.
    pub fn present(&self) -> bool {
        self.path().exists()
    }

    fn path_text(&self) -> Result<String, InstallError> {
        self.path()
            .to_str()
            .map(str::to_owned)
            .ok_or(InstallError::NoHome)
    }
}

/// The user's launchd domain, `gui/UID`, where agents of the logged-in user run.
pub fn gui_domain() -> String {
    // SAFETY: getuid cannot fail.
    let uid = unsafe { libc::getuid() };
    format!("gui/{uid}")
}

/// The agent in `domain`, as `launchctl bootout` and `print` name it.
fn service(domain: &str) -> String {
    format!("{domain}/{LABEL}")
}

/// Writes the agent (0600: launchd refuses one that others may write) and loads it
/// into `domain`: `launchctl bootout` first, its failure ignored (there may be none
/// loaded), so that running `on` again replaces it, then `launchctl bootstrap`. If
/// launchd refuses it, the file is put back as it was and the old agent, if there was
/// one, loaded again.
pub fn install_launchd(
    agent: &AgentFile,
    plist: &str,
    domain: &str,
    runner: &mut dyn Runner,
) -> Result<(), InstallError> {
    let path = agent.path();
    let path_text = agent.path_text()?;
    let old = read_if_there(&path)?;
    {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(crate::secure_fs::DIR_MODE)
            .create(&agent.dir)
            .map_err(io("create the folder", &agent.dir))?;
    }
    crate::secure_fs::write_atomic(&path, plist.as_bytes()).map_err(io("write", &path))?;
    let _ = runner.run("launchctl", &["bootout", &service(domain)]);
    let result = runner
        .run("launchctl", &["bootstrap", domain, &path_text])
        .map(drop);
    if result.is_err() {
        put_back(&path, old.as_deref());
        if old.is_some() {
            let _ = runner.run("launchctl", &["bootstrap", domain, &path_text]);
        }
    }
    result
}

/// Unloads the agent from `domain` when launchd has it (`launchctl print` says whether)
/// and removes its file; whether there was anything to unload or remove.
pub fn remove_launchd(
    agent: &AgentFile,
    domain: &str,
    runner: &mut dyn Runner,
) -> Result<bool, InstallError> {
    let loaded = runner
        .run("launchctl", &["print", &service(domain)])
        .is_ok();
    if loaded {
        runner.run("launchctl", &["bootout", &service(domain)])?;
    }
    let present = agent.present();
    if present {
        let path = agent.path();
        crate::secure_fs::remove_file(&path).map_err(io("remove", &path))?;
    }
    Ok(loaded || present)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::os::unix::fs::PermissionsExt;

    /// A stand-in for `launchctl`: logs each call and keeps which services are loaded,
    /// failing as launchd does (bootstrap of a loaded one, bootout or print of one that
    /// is not, bootstrap of a file others may write).
    #[derive(Debug, Default)]
    pub(crate) struct Launchctl {
        pub(crate) calls: Vec<String>,
        pub(crate) loaded: BTreeSet<String>,
        /// Refuse every bootstrap (a damaged agent, say).
        pub(crate) refuse_bootstrap: bool,
    }

    impl Runner for Launchctl {
        fn run(&mut self, program: &str, args: &[&str]) -> Result<Vec<u8>, InstallError> {
            assert_eq!(program, "launchctl");
            let line = args.join(" ");
            self.calls.push(line.clone());
            let fail = |message: &str| {
                Err(InstallError::Program {
                    command: format!("launchctl {line}"),
                    message: message.to_owned(),
                })
            };
            match args {
                ["bootstrap", domain, path] => {
                    let mode = std::fs::metadata(path).unwrap().permissions().mode();
                    assert_eq!(mode & 0o022, 0, "launchd refuses a writable agent");
                    let service = format!("{domain}/{}", LABEL);
                    if self.refuse_bootstrap || self.loaded.contains(&service) {
                        return fail("Bootstrap failed: 5: Input/output error");
                    }
                    self.loaded.insert(service);
                    Ok(Vec::new())
                }
                ["bootout", service] => {
                    if self.loaded.remove(*service) {
                        Ok(Vec::new())
                    } else {
                        fail("Boot-out failed: 3: No such process")
                    }
                }
                ["print", service] => {
                    if self.loaded.contains(*service) {
                        Ok(format!("{service} = {{\n}}\n").into_bytes())
                    } else {
                        fail("Could not find service")
                    }
                }
                _ => panic!("unexpected launchctl {line}"),
            }
        }
    }

    fn agent_in(home: &Path) -> AgentFile {
        let env = Environment {
            home: Some(home.to_path_buf()),
            ..Environment::empty()
        };
        AgentFile::in_environment(&env).unwrap()
    }

    const DOMAIN: &str = "gui/501";
    const SERVICE: &str = "gui/501/org.between.remind";

    #[test]
    fn the_agent_goes_in_library_launch_agents_of_an_absolute_home() {
        let agent = agent_in(Path::new("/Users/you"));
        assert_eq!(
            agent.path(),
            Path::new("/Users/you/Library/LaunchAgents/org.between.remind.plist")
        );
        for home in [None, Some(PathBuf::from("relative"))] {
            let env = Environment {
                home,
                ..Environment::empty()
            };
            assert!(matches!(
                AgentFile::in_environment(&env),
                Err(InstallError::NoHome)
            ));
        }
        assert!(gui_domain().starts_with("gui/"));
    }

    #[test]
    fn on_writes_a_private_file_and_bootstraps_it_and_again_replaces_it() {
        let home = tempfile::tempdir().unwrap();
        let agent = agent_in(home.path());
        let mut launchctl = Launchctl::default();
        install_launchd(&agent, "<plist one/>", DOMAIN, &mut launchctl).unwrap();
        let path = agent.path();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "<plist one/>");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let shown = path.display().to_string();
        assert_eq!(
            launchctl.calls,
            [
                format!("bootout {SERVICE}"),
                format!("bootstrap {DOMAIN} {shown}")
            ],
            "bootout first, its failure ignored"
        );
        assert!(launchctl.loaded.contains(SERVICE));

        launchctl.calls.clear();
        install_launchd(&agent, "<plist two/>", DOMAIN, &mut launchctl).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "<plist two/>");
        assert_eq!(
            launchctl.calls,
            [
                format!("bootout {SERVICE}"),
                format!("bootstrap {DOMAIN} {shown}")
            ]
        );
        assert_eq!(launchctl.loaded.len(), 1);
    }

    #[test]
    fn a_refused_agent_puts_back_what_was_there() {
        let home = tempfile::tempdir().unwrap();
        let agent = agent_in(home.path());
        let mut refusing = Launchctl {
            refuse_bootstrap: true,
            ..Launchctl::default()
        };
        let error = install_launchd(&agent, "<new/>", DOMAIN, &mut refusing).unwrap_err();
        assert!(error.to_string().contains("Bootstrap failed"), "{error}");
        assert!(!agent.present(), "no agent left behind");

        let mut launchctl = Launchctl::default();
        install_launchd(&agent, "<old/>", DOMAIN, &mut launchctl).unwrap();
        launchctl.calls.clear();
        launchctl.refuse_bootstrap = true;
        install_launchd(&agent, "<new/>", DOMAIN, &mut launchctl).unwrap_err();
        assert_eq!(std::fs::read_to_string(agent.path()).unwrap(), "<old/>");
        let bootstrap = format!("bootstrap {DOMAIN} {}", agent.path().display());
        assert_eq!(
            launchctl.calls,
            [format!("bootout {SERVICE}"), bootstrap.clone(), bootstrap],
            "the old one is loaded again"
        );
    }

    #[test]
    fn off_unloads_and_removes_exactly_what_on_wrote() {
        let home = tempfile::tempdir().unwrap();
        let agent = agent_in(home.path());
        let folder = home.path().join("Library/LaunchAgents");
        std::fs::create_dir_all(&folder).unwrap();
        let theirs = folder.join("com.example.other.plist");
        std::fs::write(&theirs, "theirs").unwrap();
        let mut launchctl = Launchctl::default();
        launchctl.loaded.insert("gui/501/com.example.other".into());
        install_launchd(&agent, "<plist/>", DOMAIN, &mut launchctl).unwrap();
        launchctl.calls.clear();

        assert!(remove_launchd(&agent, DOMAIN, &mut launchctl).unwrap());
        assert_eq!(
            launchctl.calls,
            [format!("print {SERVICE}"), format!("bootout {SERVICE}")]
        );
        assert!(!agent.present());
        assert_eq!(std::fs::read_to_string(&theirs).unwrap(), "theirs");
        assert_eq!(
            std::fs::read_dir(&folder).unwrap().count(),
            1,
            "only theirs is left"
        );
        assert_eq!(
            launchctl.loaded.iter().collect::<Vec<_>>(),
            ["gui/501/com.example.other"]
        );

        // Nothing left: nothing to do, and said so.
        launchctl.calls.clear();
        assert!(!remove_launchd(&agent, DOMAIN, &mut launchctl).unwrap());
        assert_eq!(launchctl.calls, [format!("print {SERVICE}")]);

        // Loaded, though its file was deleted by hand: still unloaded.
        launchctl.loaded.insert(SERVICE.into());
        assert!(remove_launchd(&agent, DOMAIN, &mut launchctl).unwrap());
        assert!(!launchctl.loaded.contains(SERVICE));
    }
}
