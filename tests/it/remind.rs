//! `between remind`: the units and the crontab line that `remind on` installs (checked
//! with `systemd-analyze` where it exists), `off` and `status`, bad input, and the
//! notification itself, sent over a real D-Bus session bus (`dbus-daemon --session`)
//! to a small notification server here that records what it is asked to show.
//!
//! `systemctl` and `crontab` are stand-ins on PATH (shell scripts that log what they
//! are asked and keep the crontab in a file): the real ones would change this user's
//! own timers. Tests that need `systemd-analyze` or `dbus-daemon` fail when it is
//! missing in CI (`CI=true`; `.ci/run` installs them) and are skipped elsewhere.

use std::collections::HashMap;
use std::io::BufRead;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::common::{stderr, stdout};

/// A program the test needs, looked up where Debian puts it; `None` (the test then
/// returns) outside CI, a failure in CI.
fn need(program: &str, package: &str) -> Option<PathBuf> {
    let found = ["/usr/bin", "/bin", "/usr/sbin", "/usr/local/bin"]
        .iter()
        .map(|dir| Path::new(dir).join(program))
        .find(|path| path.exists());
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none_or(|ci| ci != "true"),
            "{program} is needed (Debian package {package}; .ci/run installs it)"
        );
        eprintln!("skipped: {program} is not installed (Debian package {package})");
    }
    found
}

/// A data directory, a config home, and a folder of stand-in programs that is the
/// whole PATH.
struct Sandbox {
    root: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Self {
        let sandbox = Self {
            root: tempfile::tempdir().unwrap(),
        };
        std::fs::create_dir_all(sandbox.bin()).unwrap();
        sandbox
    }

    fn path(&self, name: &str) -> PathBuf {
        self.root.path().join(name)
    }

    fn data(&self) -> PathBuf {
        self.path("data")
    }

    fn bin(&self) -> PathBuf {
        self.path("bin")
    }

    fn units(&self) -> PathBuf {
        self.path("config/systemd/user")
    }

    fn script(&self, name: &str, body: &str) {
        let path = self.bin().join(name);
        std::fs::write(&path, format!("#!/bin/sh\n{body}")).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }

    /// A `systemctl` that logs its arguments and reaches a user session, or not.
    fn systemctl(&self, reachable: bool) {
        let log = self.path("systemctl.log");
        let answer = if reachable {
            "exit 0"
        } else {
            "echo 'Failed to connect to bus: No medium found' >&2; exit 1"
        };
        self.script(
            "systemctl",
            &format!("echo \"$*\" >> '{}'\n{answer}\n", log.display()),
        );
    }

    fn systemctl_log(&self) -> String {
        std::fs::read_to_string(self.path("systemctl.log")).unwrap_or_default()
    }

    /// A `crontab` that keeps the crontab in a file, starting with `initial` (none:
    /// "no crontab for …").
    fn crontab(&self, initial: Option<&str>) {
        let file = self.path("crontab");
        if let Some(text) = initial {
            std::fs::write(&file, text).unwrap();
        }
        let file = file.display();
        self.script(
            "crontab",
            &format!(
                "case \"$1\" in\n\
                 -l) if [ -f '{file}' ]; then /bin/cat '{file}'; else echo 'no crontab for you' >&2; exit 1; fi ;;\n\
                 -) /bin/cat > '{file}' ;;\n\
                 *) exit 2 ;;\n\
                 esac\n"
            ),
        );
    }

    fn crontab_text(&self) -> String {
        std::fs::read_to_string(self.path("crontab")).unwrap_or_default()
    }

    /// `between` on this sandbox, with no session bus unless `bus` is given.
    fn between(&self) -> assert_cmd::Command {
        self.between_at(None, None)
    }

    /// `between` at `exe` (else the one built) on the data directory `data` (else the
    /// sandbox's).
    fn between_at(&self, exe: Option<&Path>, data: Option<&Path>) -> assert_cmd::Command {
        let mut command = match exe {
            Some(exe) => assert_cmd::Command::new(exe),
            None => assert_cmd::cargo::cargo_bin_cmd!("between"),
        };
        command
            .env_remove("BETWEEN_HOME")
            .env("HOME", self.data())
            .arg("--data-dir")
            .arg(data.map_or_else(|| self.data(), Path::to_path_buf));
        command
            .env("PATH", self.bin())
            .env("XDG_CONFIG_HOME", self.path("config"))
            .env_remove("XDG_RUNTIME_DIR")
            .env(
                "DBUS_SESSION_BUS_ADDRESS",
                format!("unix:path={}", self.path("no-bus").display()),
            );
        command
    }
}

fn unit_line<'t>(text: &'t str, key: &str) -> &'t str {
    text.lines()
        .find_map(|line| line.strip_prefix(key))
        .unwrap_or_else(|| panic!("no {key} in\n{text}"))
}

#[test]
fn remind_on_writes_units_systemd_accepts_and_off_removes_them() {
    let Some(analyze) = need("systemd-analyze", "systemd") else {
        return;
    };
    let sandbox = Sandbox::new();
    sandbox.systemctl(true);
    sandbox.crontab(None);
    let output = sandbox
        .between()
        .args(["remind", "on", "--at", "20:00", "--days", "mon,wed,fri"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let said = stdout(&output);
    assert!(
        said.contains("Reminder on: Mon, Wed, Fri at 20:00, usual words."),
        "{said}"
    );
    assert!(said.contains("systemd user timer"), "{said}");
    assert!(said.contains("Next: "), "{said}");
    assert_eq!(
        sandbox.systemctl_log(),
        "--user show-environment\n--user daemon-reload\n--user enable between-remind.timer\n--user restart between-remind.timer\n"
    );

    let timer_path = sandbox.units().join("between-remind.timer");
    let service_path = sandbox.units().join("between-remind.service");
    let timer = std::fs::read_to_string(&timer_path).unwrap();
    let service = std::fs::read_to_string(&service_path).unwrap();
    let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!((mode(&timer_path), mode(&service_path)), (0o600, 0o600));
    assert_eq!(unit_line(&timer, "Persistent="), "false");
    let exe = assert_cmd::cargo::cargo_bin!("between");
    assert_eq!(
        unit_line(&service, "ExecStart="),
        format!(
            "{} --data-dir {} remind",
            exe.display(),
            sandbox.data().display()
        ),
        "the temporary folders' names need no quotes"
    );

    let verify = std::process::Command::new(&analyze)
        .arg("verify")
        .args([&timer_path, &service_path])
        .output()
        .unwrap();
    assert!(
        verify.status.success() && verify.stderr.is_empty(),
        "systemd-analyze verify: {}",
        stderr(&verify)
    );
    let on_calendar = unit_line(&timer, "OnCalendar=");
    let calendar = std::process::Command::new(&analyze)
        .args(["calendar", on_calendar])
        .output()
        .unwrap();
    assert!(calendar.status.success(), "{}", stderr(&calendar));
    assert!(
        stdout(&calendar).contains("Normalized form: Mon,Wed,Fri *-*-* 20:00:00"),
        "{}",
        stdout(&calendar)
    );

    let status = sandbox
        .between()
        .args(["remind", "status"])
        .output()
        .unwrap();
    let said = stdout(&status);
    assert!(
        said.contains("Reminder on: Mon, Wed, Fri at 20:00"),
        "{said}"
    );
    assert!(said.contains("Installed: a systemd user timer"), "{said}");
    assert!(said.contains("Next: "), "{said}");

    let off = sandbox.between().args(["remind", "off"]).output().unwrap();
    assert!(off.status.success(), "{}", stderr(&off));
    assert!(
        stdout(&off).contains("Reminder off: removed the systemd user timer."),
        "{}",
        stdout(&off)
    );
    assert!(
        sandbox
            .systemctl_log()
            .ends_with("--user disable --now between-remind.timer\n--user daemon-reload\n"),
        "{}",
        sandbox.systemctl_log()
    );
    assert!(!timer_path.exists() && !service_path.exists());
    let status = sandbox
        .between()
        .args(["remind", "status"])
        .output()
        .unwrap();
    assert_eq!(stdout(&status), "Reminder off.\n");
}

#[test]
fn odd_paths_are_quoted_so_that_systemd_finds_the_program() {
    let Some(analyze) = need("systemd-analyze", "systemd") else {
        return;
    };
    let sandbox = Sandbox::new();
    sandbox.systemctl(true);
    sandbox.crontab(None);
    // The program itself in a folder whose name needs quoting and escaping: verify
    // checks that the program ExecStart= names exists, so it reads the quoting back.
    let place = |folder: &str| {
        let folder = sandbox.path(folder);
        std::fs::create_dir_all(&folder).unwrap();
        let exe = folder.join("between");
        let built = assert_cmd::cargo::cargo_bin!("between");
        if std::fs::hard_link(built, &exe).is_err() {
            std::fs::copy(built, &exe).unwrap();
        }
        exe
    };
    let exe = place("odd dir 100% $HOME");
    let data = sandbox.path(r#"data "x" it's \ 50% $HOME"#);
    let output = sandbox
        .between_at(Some(&exe), Some(&data))
        .args(["remind", "on"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let service_path = sandbox.units().join("between-remind.service");
    let service = std::fs::read_to_string(&service_path).unwrap();
    let root = sandbox.root.path().display();
    assert_eq!(
        unit_line(&service, "ExecStart="),
        format!(
            r#""{root}/odd dir 100%% $HOME/between" --data-dir "{root}/data \"x\" it's \\ 50%% $$HOME" remind"#
        ),
    );
    let verify = std::process::Command::new(&analyze)
        .arg("verify")
        .arg(&service_path)
        .output()
        .unwrap();
    assert!(
        verify.status.success() && verify.stderr.is_empty(),
        "systemd-analyze verify: {}\n{service}",
        stderr(&verify)
    );

    // systemd allows no quote or backslash in a program's path: said, and nothing changes.
    let quoted = place("it's here");
    let output = sandbox
        .between_at(Some(&quoted), Some(&data))
        .args(["remind", "on", "--at", "6:00"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("systemd does not allow in a program's name"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        std::fs::read_to_string(&service_path).unwrap(),
        service,
        "unchanged"
    );
}

#[test]
fn without_a_systemd_user_session_a_crontab_line_is_kept_between_markers() {
    let sandbox = Sandbox::new();
    sandbox.systemctl(false);
    let theirs = "MAILTO=\"\"\n0 3 * * * /usr/bin/backup\n";
    sandbox.crontab(Some(theirs));
    let output = sandbox
        .between()
        .args(["remind", "on", "--at", "7:05", "--days", "sat,sun"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("Installed as a line in your crontab"),
        "{}",
        stdout(&output)
    );
    let exe = assert_cmd::cargo::cargo_bin!("between");
    let line = format!(
        "5 7 * * 0,6 {} --data-dir {} remind >/dev/null 2>&1\n",
        exe.display(),
        sandbox.data().display()
    );
    let crontab = sandbox.crontab_text();
    assert!(crontab.starts_with(theirs), "{crontab}");
    assert!(crontab.contains(&line), "{crontab}");
    assert!(!sandbox.units().exists(), "no units without systemd");

    // Again, with another time: still one line, the new one.
    let again = sandbox
        .between()
        .args(["remind", "on", "--at", "21:00"])
        .output()
        .unwrap();
    assert!(again.status.success(), "{}", stderr(&again));
    let crontab = sandbox.crontab_text();
    assert_eq!(crontab.matches("remind >/dev/null").count(), 1, "{crontab}");
    assert!(crontab.contains("0 21 * * 0,6 "), "days kept: {crontab}");

    let status = sandbox
        .between()
        .args(["remind", "status"])
        .output()
        .unwrap();
    let said = stdout(&status);
    assert!(said.contains("Reminder on: Sat, Sun at 21:00"), "{said}");
    assert!(
        said.contains("Installed: a line in your crontab."),
        "{said}"
    );

    let off = sandbox.between().args(["remind", "off"]).output().unwrap();
    assert!(
        stdout(&off).contains("removed the line in your crontab"),
        "{}",
        stdout(&off)
    );
    assert_eq!(sandbox.crontab_text(), theirs, "their lines, exactly");
    let off = sandbox.between().args(["remind", "off"]).output().unwrap();
    assert!(off.status.success());
    assert_eq!(
        stdout(&off),
        "No reminder was installed; nothing to remove.\n"
    );
}

#[test]
fn with_neither_systemd_nor_crontab_nothing_is_installed() {
    let sandbox = Sandbox::new();
    sandbox.systemctl(false);
    let output = sandbox.between().args(["remind", "on"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("no reminder can be scheduled here"),
        "{}",
        stderr(&output)
    );
    assert!(!sandbox.data().join("settings.json").exists());
    assert!(!sandbox.units().exists());
}

#[test]
fn bad_times_and_days_are_refused_in_words_and_change_nothing() {
    let sandbox = Sandbox::new();
    sandbox.systemctl(true);
    sandbox.crontab(None);
    for (args, words) in [
        (
            ["--at", "25:00"],
            ["--at", "`25:00`", "the hour must be 0 to 23"],
        ),
        (["--at", "8pm"], ["--at", "`8pm`", "HH:MM"]),
        (
            ["--days", "mon,funday"],
            ["--days", "`funday`", "not a day of the week"],
        ),
    ] {
        let output = sandbox
            .between()
            .args(["remind", "on"])
            .args(args)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let said = stderr(&output);
        for word in words {
            assert!(said.contains(word), "{args:?}: {said}");
        }
    }
    assert_eq!(sandbox.systemctl_log(), "", "systemd was not even asked");
    assert!(!sandbox.units().exists());
    assert!(!sandbox.data().join("settings.json").exists());
}

#[test]
fn on_again_keeps_what_is_not_given_and_discreet_units_name_nothing() {
    let sandbox = Sandbox::new();
    sandbox.systemctl(true);
    sandbox.crontab(None);
    let run = |args: &[&str]| {
        let output = sandbox
            .between()
            .args(["remind", "on"])
            .args(args)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
        stdout(&output)
    };
    run(&["--discreet", "--days", "tue"]);
    let said = run(&["--at", "9:15"]);
    assert!(
        said.contains("Reminder on: Tue at 09:15, discreet words."),
        "{said}"
    );
    let service = std::fs::read_to_string(sandbox.units().join("between-remind.service")).unwrap();
    let timer = std::fs::read_to_string(sandbox.units().join("between-remind.timer")).unwrap();
    assert_eq!(unit_line(&service, "Description="), "Reminder");
    assert_eq!(unit_line(&timer, "Description="), "Reminder");
    assert!(unit_line(&service, "ExecStart=").ends_with(" remind --discreet"));
    assert_eq!(unit_line(&timer, "OnCalendar="), "Tue *-*-* 09:15:00");
    let settings = std::fs::read_to_string(sandbox.data().join("settings.json")).unwrap();
    assert!(settings.contains(r#""discreet": true"#), "{settings}");

    let said = run(&["--no-discreet"]);
    assert!(said.contains("Tue at 09:15, usual words."), "{said}");
    let service = std::fs::read_to_string(sandbox.units().join("between-remind.service")).unwrap();
    assert!(unit_line(&service, "Description=").starts_with("between"));
    assert!(unit_line(&service, "ExecStart=").ends_with(" remind"));
}

/// What the notification server was asked to show.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Shown {
    app_name: String,
    summary: String,
    body: String,
    icon: String,
}

struct Server {
    shown: Arc<Mutex<Vec<Shown>>>,
}

#[zbus::interface(name = "org.freedesktop.Notifications")]
impl Server {
    #[allow(clippy::too_many_arguments)]
    fn notify(
        &self,
        app_name: String,
        _replaces_id: u32,
        app_icon: String,
        summary: String,
        body: String,
        _actions: Vec<String>,
        _hints: HashMap<String, zbus::OwnedVariant>,
        _expire_timeout: i32,
    ) -> u32 {
        let mut shown = self.shown.lock().unwrap();
        shown.push(Shown {
            app_name,
            summary,
            body,
            icon: app_icon,
        });
        u32::try_from(shown.len()).unwrap()
    }

    fn get_capabilities(&self) -> Vec<String> {
        vec!["body".into()]
    }

    fn get_server_information(&self) -> (String, String, String, String) {
        ("test".into(), "between".into(), "1".into(), "1.2".into())
    }
}

/// A session bus of its own (`dbus-daemon --session`), stopped when dropped.
struct Bus {
    daemon: std::process::Child,
    address: String,
    _folder: tempfile::TempDir,
}

impl Bus {
    fn start(daemon: &Path) -> Self {
        let folder = tempfile::tempdir().unwrap();
        let mut child = std::process::Command::new(daemon)
            .args(["--session", "--nofork", "--print-address=1"])
            .arg(format!(
                "--address=unix:path={}",
                folder.path().join("bus").display()
            ))
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let mut address = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut address)
            .unwrap();
        assert!(address.starts_with("unix:"), "dbus-daemon said {address:?}");
        Self {
            daemon: child,
            address: address.trim().to_owned(),
            _folder: folder,
        }
    }

    /// A notification server on the bus; what it was asked to show.
    fn serve(&self) -> (zbus::Connection, Arc<Mutex<Vec<Shown>>>) {
        let shown = Arc::new(Mutex::new(Vec::new()));
        let server = Server {
            shown: Arc::clone(&shown),
        };
        let connection = zbus::block_on(
            zbus::connection::Builder::address(self.address.as_str())
                .name("org.freedesktop.Notifications")
                .serve_at("/org/freedesktop/Notifications", server)
                .build(),
        )
        .unwrap();
        (connection, shown)
    }
}

impl Drop for Bus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

fn remind(sandbox: &Sandbox, bus: &Bus, args: &[&str]) -> std::process::Output {
    let output = sandbox
        .between()
        .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
        .arg("remind")
        .args(args)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout(&output), "", "a timer's run prints nothing");
    output
}

#[test]
fn the_reminder_reaches_a_notification_server_in_neutral_words() {
    let Some(daemon) = need("dbus-daemon", "dbus-daemon") else {
        return;
    };
    let bus = Bus::start(&daemon);
    let (_server, shown) = bus.serve();
    let sandbox = Sandbox::new();

    remind(&sandbox, &bus, &[]);
    let usual = Shown {
        app_name: "between".into(),
        summary: "between".into(),
        body: "A few minutes for yourself?".into(),
        icon: String::new(),
    };
    assert_eq!(*shown.lock().unwrap(), vec![usual]);

    // Discreet from the settings, as `remind on --discreet` keeps it…
    sandbox.systemctl(true);
    sandbox.crontab(None);
    sandbox
        .between()
        .args(["remind", "on", "--discreet"])
        .assert()
        .success();
    remind(&sandbox, &bus, &[]);
    // …and from the timer's command line alone, whatever the settings file says.
    std::fs::write(sandbox.data().join("settings.json"), "{ damaged").unwrap();
    remind(&sandbox, &bus, &["--discreet"]);
    let shown = shown.lock().unwrap();
    assert_eq!(shown.len(), 3);
    for discreet in &shown[1..] {
        assert_eq!(
            discreet,
            &Shown {
                app_name: "Reminder".into(),
                summary: "Reminder".into(),
                body: "A few minutes for yourself?".into(),
                icon: String::new(),
            }
        );
    }
}

#[test]
fn the_reminder_is_quiet_when_something_was_done_today() {
    let Some(daemon) = need("dbus-daemon", "dbus-daemon") else {
        return;
    };
    let bus = Bus::start(&daemon);
    let (_server, shown) = bus.serve();
    let sandbox = Sandbox::new();
    sandbox
        .between()
        .args(["journal", "add", "we talked about the move"])
        .assert()
        .success();
    let output = remind(&sandbox, &bus, &[]);
    assert!(shown.lock().unwrap().is_empty());
    let said = stderr(&output);
    assert!(
        said.contains("no reminder: something was done today"),
        "{said}"
    );
    assert!(!said.contains("move"), "never journal text: {said}");
}

#[test]
fn the_reminder_is_quiet_when_the_journal_is_encrypted() {
    let Some(daemon) = need("dbus-daemon", "dbus-daemon") else {
        return;
    };
    let bus = Bus::start(&daemon);
    let (_server, shown) = bus.serve();
    let sandbox = Sandbox::new();
    // Written today, but locked away: the run cannot know, and says nothing.
    sandbox
        .between()
        .args(["journal", "add", "hello"])
        .assert()
        .success();
    let encrypt = sandbox
        .between()
        .args(["--passphrase-fd", "0", "encrypt"])
        .write_stdin("a long walk by the river\n")
        .output()
        .unwrap();
    assert!(encrypt.status.success(), "{}", stderr(&encrypt));
    let output = remind(&sandbox, &bus, &[]);
    assert!(shown.lock().unwrap().is_empty());
    assert!(
        stderr(&output).contains("no reminder: the journal is locked"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn without_a_notification_server_the_run_says_why_and_still_exits_0() {
    let Some(daemon) = need("dbus-daemon", "dbus-daemon") else {
        return;
    };
    let bus = Bus::start(&daemon);
    let sandbox = Sandbox::new();
    let output = remind(&sandbox, &bus, &[]);
    assert!(
        stderr(&output).contains("cannot show the reminder: no notification server answered"),
        "{}",
        stderr(&output)
    );
    // No bus at all: the same.
    let output = sandbox.between().arg("remind").output().unwrap();
    assert!(output.status.success());
    assert!(
        stderr(&output).contains("cannot show the reminder: cannot reach the session bus"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn moving_between_systemd_and_cron_leaves_one_timer() {
    let sandbox = Sandbox::new();
    sandbox.crontab(Some("0 3 * * * /usr/bin/backup\n"));
    let on = || {
        let output = sandbox.between().args(["remind", "on"]).output().unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
        assert_eq!(stderr(&output), "");
    };
    let unit = sandbox.units().join("between-remind.timer");
    sandbox.systemctl(true);
    on();
    assert!(unit.exists());
    sandbox.systemctl(false);
    on();
    assert!(!unit.exists(), "the units went when cron took over");
    assert!(sandbox.crontab_text().contains(" remind >/dev/null"));
    sandbox.systemctl(true);
    on();
    assert!(unit.exists());
    assert_eq!(sandbox.crontab_text(), "0 3 * * * /usr/bin/backup\n");
    let status = sandbox
        .between()
        .args(["remind", "status"])
        .output()
        .unwrap();
    let said = stdout(&status);
    assert!(said.contains("Installed: a systemd user timer"), "{said}");
    assert!(!said.contains("crontab"), "{said}");
}
