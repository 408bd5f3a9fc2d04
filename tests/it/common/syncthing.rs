//! Two real Syncthing instances on the loopback, sharing one folder, so tests can check
//! that what one device writes reaches the other. Nothing leaves 127.0.0.1: discovery,
//! relays, NAT traversal, usage and crash reporting and upgrades are all off, and the
//! harness reads the running config back to prove it.

use std::fs;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The id of the folder the two instances share.
pub const FOLDER_ID: &str = "between-sync";

/// A port on 127.0.0.1 that was free a moment ago.
fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free loopback port");
    listener.local_addr().unwrap().port()
}

/// One running `syncthing serve`, with its own home directory.
struct Instance {
    name: &'static str,
    home: tempfile::TempDir,
    child: Option<Child>,
    device_id: String,
    gui_port: u16,
    sync_port: u16,
    api_key: String,
    /// The folder it shares (set with its config).
    folder: PathBuf,
}

impl Instance {
    /// Generates keys in a fresh home and reads the device id.
    fn generate(name: &'static str) -> Result<Instance, String> {
        let home = tempfile::tempdir().map_err(|e| format!("temporary home for {name}: {e}"))?;
        let output = Command::new("syncthing")
            .arg("generate")
            .arg("--home")
            .arg(home.path())
            .arg("--no-default-folder")
            .env("STNOUPGRADE", "1")
            .output()
            .map_err(|e| format!("running `syncthing generate` for {name}: {e}"))?;
        if !output.status.success() {
            return Err(format!("`syncthing generate` for {name} failed"));
        }
        let output = Command::new("syncthing")
            .arg("serve")
            .arg("--home")
            .arg(home.path())
            .arg("--device-id")
            .output()
            .map_err(|e| format!("reading the device id of {name}: {e}"))?;
        let device_id = String::from_utf8_lossy(&output.stdout).trim().to_string();
        if device_id.len() < 50 {
            return Err(format!("no device id for {name} (got {device_id:?})"));
        }
        Ok(Instance {
            name,
            home,
            child: None,
            device_id,
            gui_port: free_port(),
            sync_port: free_port(),
            api_key: format!("between-test-{name}-{}", std::process::id()),
            folder: PathBuf::new(),
        })
    }

    fn log_path(&self) -> PathBuf {
        self.home.path().join("syncthing.log")
    }

    /// Writes config.xml: this device and `peer`, the folder at `folder` shared between
    /// them, everything bound to 127.0.0.1 and every outside service off. The folder keeps
    /// conflict copies as Syncthing's own default config does (`maxConflicts` 10): left
    /// out of the file it is 0, and the losing side of a conflict is deleted.
    fn write_config(&mut self, folder: &Path, peer: &Instance) -> Result<(), String> {
        self.folder = folder.to_path_buf();
        let device = |instance: &Instance| {
            format!(
                r#"    <device id="{id}" name="{name}" compression="metadata" introducer="false" autoAcceptFolders="false">
        <address>tcp://127.0.0.1:{port}</address>
    </device>
"#,
                id = instance.device_id,
                name = instance.name,
                port = instance.sync_port
            )
        };
        let config = format!(
            r#"<configuration version="36">
    <folder id="{FOLDER_ID}" label="{FOLDER_ID}" path="{path}" type="sendreceive" rescanIntervalS="5" fsWatcherEnabled="true" fsWatcherDelayS="1" ignorePerms="false" autoNormalize="true">
        <device id="{me}"></device>
        <device id="{peer}"></device>
        <markerName>.stfolder</markerName>
        <maxConflicts>10</maxConflicts>
    </folder>
{device_me}{device_peer}    <gui enabled="true" tls="false">
        <address>127.0.0.1:{gui}</address>
        <apikey>{key}</apikey>
    </gui>
    <options>
        <listenAddress>tcp://127.0.0.1:{sync}</listenAddress>
        <globalAnnounceEnabled>false</globalAnnounceEnabled>
        <localAnnounceEnabled>false</localAnnounceEnabled>
        <relaysEnabled>false</relaysEnabled>
        <natEnabled>false</natEnabled>
        <urAccepted>-1</urAccepted>
        <urSeen>3</urSeen>
        <crashReportingEnabled>false</crashReportingEnabled>
        <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
        <startBrowser>false</startBrowser>
        <announceLANAddresses>false</announceLANAddresses>
    </options>
</configuration>
"#,
            path = folder.display(),
            me = self.device_id,
            peer = peer.device_id,
            device_me = device(self),
            device_peer = device(peer),
            gui = self.gui_port,
            key = self.api_key,
            sync = self.sync_port,
        );
        fs::write(self.home.path().join("config.xml"), config)
            .map_err(|e| format!("writing the config of {}: {e}", self.name))
    }

    fn start(&mut self) -> Result<(), String> {
        let log = fs::File::create(self.log_path())
            .map_err(|e| format!("log file of {}: {e}", self.name))?;
        let child = Command::new("syncthing")
            .arg("serve")
            .arg("--home")
            .arg(self.home.path())
            .args(["--no-browser", "--no-restart", "--no-upgrade"])
            .env("STNOUPGRADE", "1")
            .env("STNORESTART", "1")
            .env("STNODEFAULTFOLDER", "1")
            .stdin(Stdio::null())
            .stdout(log.try_clone().map_err(|e| e.to_string())?)
            .stderr(log)
            .spawn()
            .map_err(|e| format!("starting syncthing for {}: {e}", self.name))?;
        self.child = Some(child);
        Ok(())
    }

    /// A GET on the REST API; the body as JSON, or None while it does not answer.
    fn get(&self, path: &str) -> Option<serde_json::Value> {
        serde_json::from_str(&self.request("GET", path, "")?).ok()
    }

    /// A request of `method` with the JSON `body` on the REST API; the body of the
    /// answer, or None unless it answered 200.
    fn request(&self, method: &str, path: &str, body: &str) -> Option<String> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.gui_port)).ok()?;
        stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
        // HTTP/1.0 so the answer is never chunked.
        write!(
            stream,
            "{method} {path} HTTP/1.0\r\nHost: 127.0.0.1\r\nX-API-Key: {}\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            self.api_key,
            body.len()
        )
        .ok()?;
        let mut response = Vec::new();
        stream.read_to_end(&mut response).ok()?;
        let text = String::from_utf8_lossy(&response);
        let (head, body) = text.split_once("\r\n\r\n")?;
        if !head.starts_with("HTTP/1.") || head.split(' ').nth(1).is_none_or(|c| c != "200") {
            return None;
        }
        Some(body.to_owned())
    }

    /// Pauses (or resumes) the folder on this instance, through its config: paused,
    /// it neither scans, nor sends, nor takes in changes.
    fn set_paused(&self, paused: bool) -> bool {
        let path = format!("/rest/config/folders/{FOLDER_ID}");
        self.request("PATCH", &path, &format!("{{\"paused\": {paused}}}"))
            .is_some()
            && self
                .get(&path)
                .is_some_and(|folder| folder["paused"] == paused)
    }

    /// Whether this instance's index holds the file `relative` of its folder (a path
    /// that needs no URL encoding) at the size it has on disk now: it has scanned the
    /// file's last change (an append always changes the size).
    fn indexed(&self, relative: &str) -> bool {
        let Ok(on_disk) = fs::metadata(self.folder.join(relative)) else {
            return false;
        };
        self.get(&format!("/rest/db/file?folder={FOLDER_ID}&file={relative}"))
            .is_some_and(|file| file["local"]["size"].as_u64() == Some(on_disk.len()))
    }

    fn log_text(&self) -> String {
        fs::read_to_string(self.log_path()).unwrap_or_default()
    }

    /// Whether this instance has the folder idle, needs nothing and has the peer at 100%.
    fn in_sync(&self, peer: &Instance) -> bool {
        let Some(status) = self.get(&format!("/rest/db/status?folder={FOLDER_ID}")) else {
            return false;
        };
        let Some(completion) = self.get(&format!(
            "/rest/db/completion?folder={FOLDER_ID}&device={}",
            peer.device_id
        )) else {
            return false;
        };
        status["state"] == "idle"
            && status["needFiles"] == 0
            && status["needDeletes"] == 0
            && status["pullErrors"] == 0
            && completion["completion"].as_f64() == Some(100.0)
            && completion["needItems"] == 0
    }

    fn connected_to(&self, peer: &Instance) -> bool {
        self.get("/rest/system/connections")
            .is_some_and(|connections| {
                connections["connections"][&peer.device_id]["connected"] == true
            })
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Two Syncthing instances sharing one folder (`a` on one, `b` on the other). Dropping
/// the pair kills both processes and removes their homes, also when a test panics.
pub struct SyncthingPair {
    a: Instance,
    b: Instance,
}

impl SyncthingPair {
    /// Starts both instances on the (existing) folders `a` and `b`, waits until they are
    /// connected to each other, and checks that no outside service is enabled.
    pub fn start(a: &Path, b: &Path) -> Result<SyncthingPair, String> {
        let mut first = Instance::generate("a")?;
        let mut second = Instance::generate("b")?;
        for folder in [a, b] {
            fs::create_dir_all(folder.join(".stfolder"))
                .map_err(|e| format!("folder marker in {}: {e}", folder.display()))?;
        }
        let a = fs::canonicalize(a).map_err(|e| format!("{}: {e}", a.display()))?;
        let b = fs::canonicalize(b).map_err(|e| format!("{}: {e}", b.display()))?;
        first.write_config(&a, &second)?;
        second.write_config(&b, &first)?;
        first.start()?;
        second.start()?;
        let pair = SyncthingPair {
            a: first,
            b: second,
        };
        pair.wait(
            |pair| {
                pair.a.get("/rest/system/ping").is_some()
                    && pair.b.get("/rest/system/ping").is_some()
            },
            Duration::from_secs(30),
            "both Syncthing REST APIs answering",
        );
        for instance in [&pair.a, &pair.b] {
            pair.assert_loopback_only(instance);
        }
        // A first TLS handshake that is reset (seen under load in CI) is tried again
        // only after Syncthing's reconnect interval, about 20 s or more: room for two.
        pair.wait(
            |pair| pair.a.connected_to(&pair.b) && pair.b.connected_to(&pair.a),
            Duration::from_secs(90),
            "the two Syncthing instances connected to each other",
        );
        Ok(pair)
    }

    /// Reads the running config back and panics if anything could talk beyond 127.0.0.1.
    fn assert_loopback_only(&self, instance: &Instance) {
        let config = instance
            .get("/rest/config")
            .unwrap_or_else(|| self.fail(&format!("the running config of {}", instance.name)));
        let options = &config["options"];
        for key in [
            "globalAnnounceEnabled",
            "localAnnounceEnabled",
            "relaysEnabled",
            "natEnabled",
            "crashReportingEnabled",
        ] {
            if options[key] != false {
                self.fail(&format!(
                    "{key} off in {} (it is {})",
                    instance.name, options[key]
                ));
            }
        }
        if options["urAccepted"]
            .as_i64()
            .is_none_or(|accepted| accepted > 0)
            || options["autoUpgradeIntervalH"] != 0
        {
            self.fail(&format!(
                "usage reporting and upgrades off in {}",
                instance.name
            ));
        }
        let loopback = |address: &serde_json::Value| {
            address
                .as_str()
                .is_some_and(|a| a.starts_with("tcp://127.0.0.1:") || a.starts_with("127.0.0.1:"))
        };
        let listen = options["listenAddresses"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        if listen.is_empty() || !listen.iter().all(loopback) || !loopback(&config["gui"]["address"])
        {
            self.fail(&format!("only loopback addresses in {}", instance.name));
        }
        for device in config["devices"].as_array().cloned().unwrap_or_default() {
            let addresses = device["addresses"].as_array().cloned().unwrap_or_default();
            if !addresses.iter().all(loopback) {
                self.fail(&format!(
                    "only loopback device addresses in {}",
                    instance.name
                ));
            }
        }
    }

    /// Polls until `condition` holds; on timeout prints both logs and panics naming `what`.
    fn wait(&self, mut condition: impl FnMut(&Self) -> bool, deadline: Duration, what: &str) {
        let start = Instant::now();
        while !condition(self) {
            if start.elapsed() > deadline {
                self.fail(&format!("{what} (waited {deadline:?})"));
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// Waits until `condition` holds; on timeout prints both Syncthing logs and panics
    /// with a message naming `what` was missing.
    pub fn wait_until(&self, mut condition: impl FnMut() -> bool, deadline: Duration, what: &str) {
        self.wait(|_| condition(), deadline, what);
    }

    /// Waits until both instances report the folder idle, needing nothing, and the other
    /// device complete.
    pub fn wait_converged(&self, deadline: Duration) {
        self.wait(
            |pair| pair.a.in_sync(&pair.b) && pair.b.in_sync(&pair.a),
            deadline,
            "both Syncthing instances idle and in sync on the folder",
        );
    }

    /// Pauses the folder on both instances, so that a file changed on both meanwhile is,
    /// once they go on, changed on two devices at once as Syncthing sees it.
    pub fn pause(&self, deadline: Duration) {
        self.wait(
            |pair| pair.a.set_paused(true) && pair.b.set_paused(true),
            deadline,
            "the folder paused on both Syncthing instances",
        );
    }

    /// Resumes the folder on both instances after [`Self::pause`].
    pub fn resume(&self, deadline: Duration) {
        self.wait(
            |pair| pair.a.set_paused(false) && pair.b.set_paused(false),
            deadline,
            "the folder resumed on both Syncthing instances",
        );
    }

    /// Waits until both instances have scanned the file `relative` of their folder as
    /// it is on their disk now.
    pub fn wait_indexed(&self, relative: &str, deadline: Duration) {
        self.wait(
            |pair| pair.a.indexed(relative) && pair.b.indexed(relative),
            deadline,
            &format!("both Syncthing instances having scanned {relative}"),
        );
    }

    fn fail(&self, what: &str) -> ! {
        for instance in [&self.a, &self.b] {
            eprintln!(
                "--- syncthing log of {} ---\n{}",
                instance.name,
                instance.log_text()
            );
        }
        panic!("still missing: {what}");
    }
}
