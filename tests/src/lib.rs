//! Harness for the end-to-end tests: starts the built desktop app under
//! `tauri-driver` (which drives WebKitWebDriver, which drives the app's
//! webview) with a fresh database, and offers small helpers to find, click,
//! type and read like a person at the till would.
//!
//! Each [`App`] gets its own temporary directory holding the database, the
//! driver's and the app's logs, and its own free ports, so tests never share
//! state or collide with leftovers. Everything it started is killed when the
//! `App` is stopped or dropped, also when a test fails; on failure the
//! directory is kept and the tail of the logs is printed.
//!
//! The harness builds nothing: `scripts/test` builds `target/debug/pos-desktop`
//! first. Needs a display (`DISPLAY`), `tauri-driver` and `WebKitWebDriver`.
//!
//! Environment overrides: `POS_APP` (the app binary), `TAURI_DRIVER`,
//! `WEBKIT_WEBDRIVER`, `POS_E2E_TIMEOUT_MS` (default wait, 15000),
//! `POS_E2E_SCREENSHOTS` (a directory that keeps a copy of every
//! [`App::snapshot`], also when the tests pass), `POS_AXE` (axe-core's
//! script, for [`App::check_accessibility`]), `POS_E2E_AXE_REPORT` (print
//! serious accessibility violations without failing).
//!
//! The database is checked through `pos-core` in [`db`].

use std::ffi::OsString;
use std::fs::OpenOptions;
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Map};

pub use fantoccini::key::Key;

pub mod axe;
pub mod catalog;
pub mod db;

/// How often waits poll.
const POLL: Duration = Duration::from_millis(50);
/// How many lines of each log to print when a test fails.
const LOG_TAIL_LINES: usize = 40;
/// The app's identifier (tauri.conf.json): its data directory's name.
pub const APP_IDENTIFIER: &str = "shop.pos.till";

/// The running app, driven over WebDriver.
pub struct App {
    client: Option<Client>,
    driver: Option<Child>,
    dir: Option<tempfile::TempDir>,
    dir_path: PathBuf,
    db_path: PathBuf,
    log_path: PathBuf,
    /// Arguments given to the app after `--db PATH`.
    extra_args: Vec<String>,
    /// `--demo`: a new database gets the demo shop (else the setup screen).
    demo: bool,
    /// The app binary to start; `None`: [`app_binary`].
    application: Option<PathBuf>,
    /// Where the app's data directory lives (`XDG_DATA_HOME`), when the app
    /// is started without `--db` and opens its default database there;
    /// `None`: `--db` is given, and the data home is inside the test's directory.
    data_home: Option<PathBuf>,
    /// Environment for the app's own process (and the webview processes it
    /// starts), not the drivers': see [`App::set_app_env`].
    app_env: Vec<(String, String)>,
    timeout: Duration,
    /// The language the screen is shown in (`en`, `de`): [`default_language`]
    /// unless a test asks for another.
    language: String,
    /// The UI's catalog in [`App::language`].
    words: catalog::Catalog,
}

impl App {
    /// Starts the app on a fresh database (with `--demo`, so the demo shop)
    /// in a new temporary directory and waits until its window's document has loaded.
    pub async fn start() -> App {
        Self::start_with(|_| Vec::new()).await
    }

    /// Starts the app on a fresh database without `--demo`: a new shop,
    /// which opens on the setup screen.
    pub async fn start_new_shop() -> App {
        let dir = new_test_dir();
        let db_path = dir.path().join("pos.db");
        Self::start_in_options(dir, db_path, Vec::new(), false).await
    }

    /// Like [`App::start`] (the demo shop) with the screen in `language`
    /// (`en`, `de`), whatever `POS_E2E_LANGUAGE` says.
    pub async fn start_speaking(language: &str) -> App {
        Self::start_language(language, true).await
    }

    /// Like [`App::start_new_shop`] (the setup screen) with the screen in `language`.
    pub async fn start_new_shop_speaking(language: &str) -> App {
        Self::start_language(language, false).await
    }

    async fn start_language(language: &str, demo: bool) -> App {
        let dir = new_test_dir();
        let db_path = dir.path().join("pos.db");
        let mut app = Self::new(dir, db_path, Vec::new(), demo);
        app.language = language.to_string();
        app.words = catalog::Catalog::of(language);
        app.launch().await;
        app
    }

    /// Like [`App::start`], with more arguments for the app after `--db PATH`,
    /// made from the test's temporary directory; e.g. the test-mode dialog
    /// answers: `App::start_with(|dir| vec!["--answer-save".into(), dir.join("r.txt").into()])`.
    pub async fn start_with(args: impl FnOnce(&Path) -> Vec<OsString>) -> App {
        let dir = new_test_dir();
        let db_path = dir.path().join("pos.db");
        let args = args(dir.path());
        Self::start_in_with(dir, db_path, args).await
    }

    /// Starts the app on `db_path` (which may already exist), keeping logs in `dir`.
    pub async fn start_in(dir: tempfile::TempDir, db_path: PathBuf) -> App {
        Self::start_in_with(dir, db_path, Vec::new()).await
    }

    /// [`App::start_in`] with more arguments for the app after `--db PATH`.
    pub async fn start_in_with(dir: tempfile::TempDir, db_path: PathBuf, args: Vec<OsString>) -> App {
        Self::start_in_options(dir, db_path, args, true).await
    }

    /// Starts `binary` (say, the one a package installed) as a shop owner
    /// would, with `--demo` and without `--db`: it opens its default
    /// database, `pos.db` in its data directory, which is
    /// `<data_home>/shop.pos.till/` (`data_home` is given to the app as
    /// `XDG_DATA_HOME`, and is left in place when the test ends).
    /// [`App::db_path`] is that file.
    pub async fn start_installed(binary: PathBuf, data_home: PathBuf) -> App {
        let dir = new_test_dir();
        let db_path = data_home.join(APP_IDENTIFIER).join("pos.db");
        let mut app = Self::new(dir, db_path, Vec::new(), true);
        app.application = Some(binary);
        app.data_home = Some(data_home);
        app.launch().await;
        app
    }

    async fn start_in_options(dir: tempfile::TempDir, db_path: PathBuf, args: Vec<OsString>, demo: bool) -> App {
        let mut app = Self::new(dir, db_path, args, demo);
        app.launch().await;
        app
    }

    fn new(dir: tempfile::TempDir, db_path: PathBuf, args: Vec<OsString>, demo: bool) -> App {
        let dir_path = dir.path().to_path_buf();
        let log_path = dir_path.join("tauri-driver.log");
        let timeout = default_timeout();
        App {
            client: None,
            driver: None,
            dir: Some(dir),
            dir_path,
            db_path,
            log_path,
            extra_args: args.iter().map(|a| a.to_string_lossy().into_owned()).collect(),
            demo,
            application: None,
            data_home: None,
            app_env: Vec::new(),
            timeout,
            words: catalog::Catalog::of(&default_language()),
            language: default_language(),
        }
    }

    /// Starts the app on a fresh demo database, like [`App::start`], with
    /// `env` set for the app alone (see [`App::set_app_env`]).
    pub async fn start_with_env(env: Vec<(String, String)>) -> App {
        let dir = new_test_dir();
        let db_path = dir.path().join("pos.db");
        let mut app = Self::new(dir, db_path, Vec::new(), true);
        app.app_env = env;
        app.launch().await;
        app
    }

    /// Sets environment variables for the app's process only, from its next
    /// start ([`App::restart`]): e.g. `TZ`, or libfaketime's `LD_PRELOAD` and
    /// `FAKETIME` to run it at another wall-clock time. The drivers keep the
    /// test's environment. WebKitWebDriver starts the app from
    /// `tauri:options`, which has no environment, so the app is started
    /// through a small shell script in the test's directory (`app-env.sh`)
    /// that sets the variables and execs the app's binary.
    pub fn set_app_env(&mut self, env: Vec<(String, String)>) {
        self.app_env = env;
    }

    /// The script that starts `binary` with [`App::set_app_env`]'s variables.
    fn app_env_script(&self, binary: &Path) -> PathBuf {
        use std::os::unix::fs::PermissionsExt;
        let quote = |s: &str| format!("'{}'", s.replace('\'', "'\\''"));
        let vars: Vec<String> = self.app_env.iter().map(|(k, v)| quote(&format!("{k}={v}"))).collect();
        let script = format!("#!/bin/sh\nexec env {} {} \"$@\"\n", vars.join(" "), quote(&binary.to_string_lossy()));
        let path = self.dir_path.join("app-env.sh");
        std::fs::write(&path, script).unwrap_or_else(|e| self.fail(&format!("cannot write {}: {e}", path.display())));
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
            .unwrap_or_else(|e| self.fail(&format!("cannot make {} executable: {e}", path.display())));
        path
    }

    async fn launch(&mut self) {
        let has_display = ["DISPLAY", "WAYLAND_DISPLAY"]
            .iter()
            .any(|name| std::env::var_os(name).is_some_and(|v| !v.is_empty()));
        if !has_display {
            self.fail(
                "the end-to-end tests need a display: run scripts/test (it starts Xvfb), \
                 or start one yourself (Xvfb :99 -screen 0 1280x1024x24 &) and set DISPLAY=:99",
            );
        }
        let mut application = self.application.clone().unwrap_or_else(app_binary);
        if !self.app_env.is_empty() {
            application = self.app_env_script(&application);
        }
        let port = free_port();
        let native_port = free_port();
        // Appended to, so that a restart keeps the first run's output.
        let log = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log_path)
            .expect("open the driver log");
        let data = self.dir_path.join("xdg");
        let mut command = Command::new(tauri_driver());
        command
            .arg("--port")
            .arg(port.to_string())
            .arg("--native-port")
            .arg(native_port.to_string())
            .arg("--native-driver")
            .arg(webkit_webdriver())
            // The app inherits this environment: keep everything it might
            // write (webview caches, the default data dir) inside the test's
            // directory, and make `--db` the only way it finds its database.
            .env("XDG_DATA_HOME", self.data_home.clone().unwrap_or_else(|| data.join("data")))
            .env("XDG_CONFIG_HOME", data.join("config"))
            .env("XDG_CACHE_HOME", data.join("cache"))
            // WebKitGTK takes `navigator.language` from the C library's
            // LC_CTYPE locale, not from LANGUAGE, and falls back to en-US
            // when that locale is C or is not installed (CI has only C.UTF-8):
            // so the screen's language is set as the person at the till sets
            // it, as a display preference (`show_language`, below).
            .env("LANGUAGE", &self.language)
            // The app turns WebKit's compositor off for itself (a faster
            // start, half the memory), but WebKitWebDriver's screenshots
            // then never return: the tests keep it on unless the caller's
            // environment chooses (scripts/measure sets 1, to measure what ships).
            .env(
                "WEBKIT_DISABLE_COMPOSITING_MODE",
                std::env::var("WEBKIT_DISABLE_COMPOSITING_MODE").unwrap_or_else(|_| "0".into()),
            )
            .env_remove("POS_DB")
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("clone the log handle"))
            .stderr(log)
            .process_group(0);
        set_parent_death_signal(&mut command);
        become_subreaper();
        let child = command
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", tauri_driver().display()));
        self.driver = Some(child);

        self.wait_for_port(port, "tauri-driver");
        self.wait_for_port(native_port, "WebKitWebDriver");

        let mut app_args = Vec::new();
        if self.data_home.is_none() {
            app_args.extend(["--db".to_string(), self.db_path.to_string_lossy().into_owned()]);
        }
        if self.demo {
            app_args.push("--demo".to_string());
        }
        app_args.extend(self.extra_args.iter().cloned());
        let mut capabilities = Map::new();
        capabilities.insert("browserName".into(), json!("wry"));
        capabilities.insert(
            "tauri:options".into(),
            json!({
                "application": application,
                "args": app_args,
            }),
        );
        let url = format!("http://127.0.0.1:{port}");
        let client = tokio::time::timeout(
            self.timeout * 2,
            ClientBuilder::new(HttpConnector::new())
                .capabilities(capabilities)
                .connect(&url),
        )
        .await
        .unwrap_or_else(|_| self.fail("timed out starting a WebDriver session with the app"))
        .unwrap_or_else(|e| self.fail(&format!("cannot start a WebDriver session with the app: {e}")));
        self.client = Some(client);

        let this = &*self;
        this.wait_until("the page to finish loading", || async move {
            let state = this.client().execute("return document.readyState", vec![]).await.ok()?;
            (state == json!("complete")).then_some(())
        })
        .await;
        self.show_language().await;
    }

    /// The language the screen is shown in (`en`, `de`).
    pub fn language(&self) -> &str {
        &self.language
    }

    /// The UI's words in the language the screen is shown in.
    pub fn words(&self) -> &catalog::Catalog {
        &self.words
    }

    /// The message `key` as the screen says it, its placeholders filled from `params`.
    pub fn say(&self, key: &str, params: &[(&str, &str)]) -> String {
        self.words.text(key, params)
    }

    /// The message `key` up to its first placeholder, as the screen says it.
    pub fn say_prefix(&self, key: &str) -> &str {
        self.words.prefix(key)
    }

    /// A plain amount from the core ("1234.50") as the screen writes it
    /// ("1.234,50" in German).
    pub fn amount(&self, plain: &str) -> String {
        catalog::written_amount(&self.language, plain)
    }

    /// An amount as the screen wrote it, read back as the core writes it.
    pub fn plain_amount(&self, written: &str) -> String {
        catalog::plain_amount(&self.language, written)
    }

    /// Puts the screen in [`App::language`] before a test sees it: when the
    /// page is in another language (its `<html lang>`), saves the language
    /// in the display preferences the page reads at start (Help's
    /// `#display-language` keeps it in the same place) and reloads the
    /// page. The preference stays in the app's storage for a restart.
    async fn show_language(&self) {
        let language = self.language.clone();
        let shown = self.script("return document.documentElement.lang", vec![]).await;
        if shown == json!(language) {
            return;
        }
        let save = "const prefs = JSON.parse(localStorage.getItem('pos.display') ?? '{}') ?? {}; \
                    prefs.language = arguments[0]; \
                    localStorage.setItem('pos.display', JSON.stringify(prefs)); \
                    location.reload();";
        self.script(save, vec![json!(language)]).await;
        let this = self;
        let wanted = &language;
        this.wait_until(&format!("the page to load in {language:?}"), || async move {
            let state = this
                .client()
                .execute("return [document.readyState, document.documentElement.lang]", vec![])
                .await
                .ok()?;
            (state == json!(["complete", wanted])).then_some(())
        })
        .await;
    }

    /// The database file this app was started with.
    pub fn db_path(&self) -> &Path {
        &self.db_path
    }

    /// The test's temporary directory (database, logs).
    pub fn dir(&self) -> &Path {
        &self.dir_path
    }

    /// The app's processes: the app itself and everything it started (the
    /// webview's web and network processes), not the drivers. The app is
    /// the process started from the app's binary in this test's process group.
    pub fn app_processes(&self) -> Vec<i32> {
        let Some(group) = self.driver.as_ref().map(|d| d.id() as i32) else {
            return Vec::new();
        };
        let binary = self.application.clone().unwrap_or_else(app_binary);
        let binary = std::fs::canonicalize(&binary).unwrap_or(binary);
        let members = process_group_members(group);
        let app = members
            .iter()
            .copied()
            .filter(|pid| std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| exe == binary))
            .min();
        let Some(app) = app else { return Vec::new() };
        let mut found = vec![app];
        let mut next = 0;
        while next < found.len() {
            let parent = found[next];
            found.extend(children_of(parent));
            next += 1;
        }
        found
    }

    /// The WebDriver client, for anything the helpers do not cover.
    pub fn client(&self) -> &Client {
        self.client.as_ref().expect("the app is running")
    }

    /// Changes how long waits last (default 15 s, or `POS_E2E_TIMEOUT_MS`).
    pub fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = timeout;
    }

    /// Waits until an element matching `css` exists and returns it.
    pub async fn find(&self, css: &str) -> Element {
        self.wait_until(&format!("an element matching `{css}`"), || async move {
            self.client().find(Locator::Css(css)).await.ok()
        })
        .await
    }

    /// Every element matching `css` now (possibly none); does not wait.
    pub async fn find_all(&self, css: &str) -> Vec<Element> {
        self.client().find_all(Locator::Css(css)).await.unwrap_or_default()
    }

    /// Waits until an element matching `css` exists and is displayed.
    pub async fn wait_visible(&self, css: &str) -> Element {
        self.wait_until(&format!("`{css}` to be visible"), || async move {
            let element = self.client().find(Locator::Css(css)).await.ok()?;
            element.is_displayed().await.ok()?.then_some(element)
        })
        .await
    }

    /// Whether an element matching `css` exists and is displayed now.
    pub async fn is_visible(&self, css: &str) -> bool {
        match self.client().find(Locator::Css(css)).await {
            Ok(element) => element.is_displayed().await.unwrap_or(false),
            Err(_) => false,
        }
    }

    /// Clicks the element matching `css` once it is visible.
    pub async fn click(&self, css: &str) {
        let element = self.wait_visible(css).await;
        // Into the middle of its scrolled box first, as a person scrolls to
        // what they click: a longer language's words push some controls
        // below the fold, where WebKit's driver would not reach them.
        let centre = "arguments[0].scrollIntoView({ block: 'center', inline: 'nearest' });";
        if let Ok(arg) = serde_json::to_value(&element) {
            let _ = self.client().execute(centre, vec![arg]).await;
        }
        if let Err(e) = element.click().await {
            self.fail(&format!("cannot click `{css}`: {e}"));
        }
    }

    /// Types `text` into the element matching `css` (after focusing it).
    pub async fn type_into(&self, css: &str, text: &str) {
        let element = self.wait_visible(css).await;
        if let Err(e) = element.send_keys(text).await {
            self.fail(&format!("cannot type into `{css}`: {e}"));
        }
    }

    /// Presses a key (e.g. `Key::Enter`, `Key::Escape`) on the focused element.
    pub async fn press(&self, key: Key) {
        let result = async {
            let focused = self.client().active_element().await?;
            focused.send_keys(&String::from(char::from(key))).await
        }
        .await;
        if let Err(e) = result {
            self.fail(&format!("cannot press {key:?}: {e}"));
        }
    }

    /// The visible text of the element matching `css` (waiting for it to exist).
    pub async fn text(&self, css: &str) -> String {
        let element = self.find(css).await;
        element
            .text()
            .await
            .unwrap_or_else(|e| self.fail(&format!("cannot read the text of `{css}`: {e}")))
    }

    /// Waits until the text of the element matching `css` contains `needle`;
    /// returns the whole text.
    pub async fn wait_for_text(&self, css: &str, needle: &str) -> String {
        self.wait_until(&format!("`{css}` to contain {needle:?}"), || async move {
            let element = self.client().find(Locator::Css(css)).await.ok()?;
            let text = element.text().await.ok()?;
            text.contains(needle).then_some(text)
        })
        .await
    }

    /// Polls `probe` until it returns `Some`, failing the test after the timeout.
    pub async fn wait_until<T, F, Fut>(&self, what: &str, mut probe: F) -> T
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Option<T>>,
    {
        self.wait_for(what, || {
            let next = probe();
            async move { next.await.ok_or_else(String::new) }
        })
        .await
    }

    /// Polls `probe` until it returns `Ok`, failing the test after the
    /// timeout; `Err` says what was seen instead, and the last one seen is
    /// part of the failure message.
    pub async fn wait_for<T, F, Fut>(&self, what: &str, mut probe: F) -> T
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<T, String>>,
    {
        let deadline = Instant::now() + self.timeout;
        loop {
            let seen = match probe().await {
                Ok(value) => return value,
                Err(seen) => seen,
            };
            if Instant::now() >= deadline {
                let shot = self.dir_path.join("timeout.png");
                if let Some(client) = self.client.as_ref() {
                    self.wait_for_paint().await;
                    if let Ok(png) = client.screenshot().await {
                        let _ = std::fs::write(&shot, png);
                    }
                }
                let seen = if seen.is_empty() { String::new() } else { format!("; last seen: {seen}") };
                self.fail(&format!(
                    "timed out after {:?} waiting for {what}{seen} (screen at that moment: {})",
                    self.timeout,
                    shot.display()
                ));
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Waits until the element matching `css` has attribute `name` equal to
    /// `value`; returns the element's text.
    pub async fn wait_for_attr(&self, css: &str, name: &str, value: &str) -> String {
        self.wait_for(&format!("`{css}` with {name}={value:?}"), || async move {
            let element = self.client().find(Locator::Css(css)).await.map_err(|_| "no such element".to_string())?;
            let actual = element.attr(name).await.map_err(|e| e.to_string())?;
            let text = element.text().await.unwrap_or_default();
            if actual.as_deref() == Some(value) {
                Ok(text)
            } else {
                Err(format!("{name}={actual:?}, text {text:?}"))
            }
        })
        .await
    }

    /// Waits until exactly `n` elements match `css`.
    pub async fn wait_for_count(&self, css: &str, n: usize) -> Vec<Element> {
        self.wait_for(&format!("{n} element(s) matching `{css}`"), || async move {
            let found = self.find_all(css).await;
            if found.len() == n {
                Ok(found)
            } else {
                Err(format!("{} element(s)", found.len()))
            }
        })
        .await
    }

    /// Waits until nothing matches `css`.
    pub async fn wait_gone(&self, css: &str) {
        self.wait_for_count(css, 0).await;
    }

    /// Waits until no command is queued or in flight (the `#pending` marker is gone).
    pub async fn wait_idle(&self) {
        self.wait_gone("#pending").await;
    }

    /// How many elements match `css` now.
    pub async fn count(&self, css: &str) -> usize {
        self.find_all(css).await.len()
    }

    /// An attribute of the element matching `css` (waiting for it to exist).
    pub async fn attr(&self, css: &str, name: &str) -> Option<String> {
        let element = self.find(css).await;
        element
            .attr(name)
            .await
            .unwrap_or_else(|e| self.fail(&format!("cannot read attribute {name} of `{css}`: {e}")))
    }

    /// The text content of the element matching `css` as the DOM holds it
    /// (`textContent`, trimmed; unlike [`App::text`], not as CSS renders it,
    /// e.g. without `text-transform`).
    pub async fn text_content(&self, css: &str) -> String {
        let element = self.find(css).await;
        element
            .prop("textContent")
            .await
            .unwrap_or_else(|e| self.fail(&format!("cannot read the text content of `{css}`: {e}")))
            .unwrap_or_default()
            .trim()
            .to_string()
    }

    /// What an input matching `css` holds now (its `value` property).
    pub async fn value(&self, css: &str) -> String {
        let element = self.find(css).await;
        element
            .prop("value")
            .await
            .unwrap_or_else(|e| self.fail(&format!("cannot read the value of `{css}`: {e}")))
            .unwrap_or_default()
    }

    /// Replaces what the input matching `css` holds with `text`, keyboard
    /// only: End, one Backspace per character there, then `text`.
    pub async fn replace_text(&self, css: &str, text: &str) {
        let old = self.value(css).await;
        let mut keys = String::from(char::from(Key::End));
        keys.extend(std::iter::repeat_n(char::from(Key::Backspace), old.chars().count()));
        keys.push_str(text);
        self.type_into(css, &keys).await;
    }

    /// Scans `code` into the entry field as a barcode scanner does: the
    /// characters and Enter in one burst of keys.
    pub async fn scan(&self, code: &str) {
        self.type_into("#entry", &format!("{code}{}", char::from(Key::Enter))).await;
    }

    /// Signs in on the sign-in card (code, Enter, PIN, Enter) and waits for
    /// the register with the staff member's name in the top bar.
    pub async fn sign_in(&self, code: &str, pin: &str) -> String {
        let enter = char::from(Key::Enter);
        self.type_into("#signin-code", code).await;
        self.type_into("#signin-pin", &format!("{pin}{enter}")).await;
        self.wait_gone("#signin-code").await;
        let name = self.text_content("#staff-name").await;
        self.wait_visible("#entry").await;
        name
    }

    /// Clicks the element matching `css` twice in quick succession with the
    /// mouse (a double click: the second click has `detail` 2).
    pub async fn double_click(&self, css: &str) {
        use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
        let element = self.wait_visible(css).await;
        let down = PointerAction::Down { button: MOUSE_BUTTON_LEFT };
        let up = PointerAction::Up { button: MOUSE_BUTTON_LEFT };
        let mouse = MouseActions::new("mouse".into())
            .then(PointerAction::MoveToElement { element, duration: None, x: 0.0, y: 0.0 })
            .then(down.clone())
            .then(up.clone())
            .then(down)
            .then(up);
        if let Err(e) = self.client().perform_actions(mouse).await {
            self.fail(&format!("cannot double-click `{css}`: {e}"));
        }
        let _ = self.client().release_actions().await;
    }

    /// Runs `script` in the page (WebDriver Execute Script) and returns its result.
    pub async fn script(&self, script: &str, args: Vec<serde_json::Value>) -> serde_json::Value {
        self.client()
            .execute(script, args)
            .await
            .unwrap_or_else(|e| self.fail(&format!("script failed: {e}\n{script}")))
    }

    /// Calls a backend command from the page exactly as the UI does, through
    /// `window.__TAURI_INTERNALS__.invoke(command, args)`. `args_js` is a
    /// JavaScript expression evaluated in the page (JSON is one), so large
    /// or odd arguments can be built there. `Ok` is what the call resolved
    /// to, `Err` what it rejected with (`{code, message}` for the app's own
    /// refusals; Tauri's own refusals are plain strings).
    pub async fn invoke(&self, command: &str, args_js: &str) -> Result<serde_json::Value, serde_json::Value> {
        let script = format!(
            r#"const done = arguments[arguments.length - 1];
            const command = arguments[0];
            let args;
            try {{ args = ({args_js}); }} catch (e) {{ done({{ badArgs: String(e) }}); return; }}
            let call;
            try {{ call = window.__TAURI_INTERNALS__.invoke(command, args); }} catch (e) {{ done({{ thrown: String(e) }}); return; }}
            Promise.resolve(call).then(
              (value) => done({{ ok: value === undefined ? null : value }}),
              (error) => done({{ err: error instanceof Error ? "Error: " + error.message : (error === undefined ? null : error) }}),
            );"#
        );
        let answer = self
            .client()
            .execute_async(&script, vec![json!(command)])
            .await
            .unwrap_or_else(|e| self.fail(&format!("invoke({command:?}) did not answer: {e}")));
        if let Some(bad) = answer.get("badArgs") {
            self.fail(&format!("the test's arguments for {command:?} are not valid JavaScript ({bad}): {args_js}"));
        }
        if let Some(thrown) = answer.get("thrown") {
            // Refused in the page before reaching the app (e.g. arguments
            // that are not an object): a refusal all the same.
            return Err(json!({ "thrownInPage": thrown }));
        }
        match (answer.get("ok"), answer.get("err")) {
            (Some(ok), None) => Ok(ok.clone()),
            (None, Some(err)) => Err(err.clone()),
            _ => self.fail(&format!("invoke({command:?}) answered neither ok nor err: {answer}")),
        }
    }

    /// Saves a screenshot as `<name>.png` in the test's directory and, when
    /// `POS_E2E_SCREENSHOTS` names a directory, a copy there as well (the
    /// test's directory is removed when the test passes). Returns the first path.
    pub async fn snapshot(&self, name: &str) -> PathBuf {
        let path = self.dir_path.join(format!("{name}.png"));
        self.wait_for_paint().await;
        self.screenshot(&path).await;
        if let Some(keep) = std::env::var_os("POS_E2E_SCREENSHOTS").filter(|d| !d.is_empty()) {
            let keep = PathBuf::from(keep);
            let _ = std::fs::create_dir_all(&keep);
            if let Err(e) = std::fs::copy(&path, keep.join(format!("{name}.png"))) {
                eprintln!("pos-e2e: cannot copy the screenshot {name}.png to {}: {e}", keep.display());
            }
        }
        path
    }

    /// Waits (up to 10 s) until the webview has painted what the DOM holds
    /// now: a WebDriver screenshot shows the last frame painted, which can
    /// lag behind the DOM.
    pub async fn wait_for_paint(&self) {
        let frames = "const done = arguments[arguments.length - 1]; \
                      requestAnimationFrame(() => requestAnimationFrame(() => done(true)));";
        let _ = tokio::time::timeout(Duration::from_secs(10), self.client().execute_async(frames, vec![])).await;
    }

    /// Saves a PNG screenshot of the window to `path`.
    pub async fn screenshot(&self, path: impl AsRef<Path>) {
        let path = path.as_ref();
        let png = self
            .client()
            .screenshot()
            .await
            .unwrap_or_else(|e| self.fail(&format!("cannot take a screenshot: {e}")));
        std::fs::write(path, png)
            .unwrap_or_else(|e| self.fail(&format!("cannot write {}: {e}", path.display())));
    }

    /// Ends the session and makes sure the app and the drivers are gone, so
    /// the database can be inspected. The temporary directory stays until
    /// the `App` is dropped.
    pub async fn stop(&mut self) {
        if let Some(client) = self.client.take() {
            // Closing the session closes the app; whatever does not go kindly
            // is killed below.
            let _ = tokio::time::timeout(Duration::from_secs(5), client.close()).await;
        }
        self.kill_everything();
    }

    /// Stops the app and starts it again on the same database.
    pub async fn restart(&mut self) {
        self.stop().await;
        self.launch().await;
    }

    fn wait_for_port(&mut self, port: u16, what: &str) {
        let deadline = Instant::now() + self.timeout;
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            let exited = match self.driver.as_mut() {
                Some(driver) => driver.try_wait().ok().flatten(),
                None => None,
            };
            if let Some(status) = exited {
                self.fail(&format!("tauri-driver exited ({status}) before {what} listened on port {port}"));
            }
            if Instant::now() >= deadline {
                self.fail(&format!("{what} did not listen on port {port} within {:?}", self.timeout));
            }
            std::thread::sleep(POLL);
        }
    }

    fn kill_everything(&mut self) {
        if let Some(mut driver) = self.driver.take() {
            let group = driver.id() as i32;
            let members = process_group_members(group);
            // SAFETY: signals the process group that tauri-driver leads (it
            // was started with process_group(0)): tauri-driver, WebKitWebDriver
            // and the app they launched.
            unsafe {
                libc::kill(-group, libc::SIGKILL);
            }
            let _ = driver.kill();
            let _ = driver.wait();
            reap(&members);
        }
        // Anything launched with this test's directory on its command line
        // (the app gets `--db <dir>/...`) but outside the group.
        let marker = self.dir_path.to_string_lossy().into_owned();
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let left = processes_mentioning(&marker);
            if left.is_empty() {
                break;
            }
            for pid in &left {
                // SAFETY: plain kill(2) of a process we started.
                unsafe {
                    libc::kill(*pid, libc::SIGKILL);
                }
            }
            if Instant::now() >= deadline {
                eprintln!("pos-e2e: processes {left:?} would not die");
                break;
            }
            std::thread::sleep(POLL);
        }
    }

    /// Fails the test with `message` (the log tail is printed on drop).
    pub fn fail(&self, message: &str) -> ! {
        panic!("{message}\n(logs and database in {})", self.dir_path.display());
    }

    fn print_logs(&self) {
        eprintln!("---- pos-e2e: kept {} ----", self.dir_path.display());
        match std::fs::read_to_string(&self.log_path) {
            Ok(log) => {
                let lines: Vec<&str> = log.lines().collect();
                let start = lines.len().saturating_sub(LOG_TAIL_LINES);
                eprintln!(
                    "---- last {} lines of {} (tauri-driver, WebKitWebDriver and app output) ----",
                    lines.len() - start,
                    self.log_path.display()
                );
                for line in &lines[start..] {
                    eprintln!("{line}");
                }
                eprintln!("---- end of log ----");
            }
            Err(e) => eprintln!("(no log at {}: {e})", self.log_path.display()),
        }
    }
}

impl Drop for App {
    fn drop(&mut self) {
        // The WebDriver session cannot be closed politely without async; the
        // processes are killed instead, which ends it just as well.
        drop(self.client.take());
        self.kill_everything();
        if std::thread::panicking() {
            if let Some(dir) = self.dir.take() {
                let _ = dir.keep();
            }
            self.print_logs();
        }
    }
}

/// A new temporary directory for one test (database, logs, files the app writes).
pub fn new_test_dir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("pos-e2e-")
        .tempdir()
        .expect("create a temporary directory")
}

/// The built desktop app: `$POS_APP`, else `pos-desktop` in the same target
/// profile directory as this test binary (target/debug/deps/.. = target/debug).
pub fn app_binary() -> PathBuf {
    if let Some(path) = std::env::var_os("POS_APP") {
        return PathBuf::from(path);
    }
    let exe = std::env::current_exe().expect("the test binary's path");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("the test binary lives in target/<profile>/deps");
    let app = profile_dir.join("pos-desktop");
    assert!(
        app.is_file(),
        "{} is missing: build it first with `cargo build -p pos-desktop` (scripts/test does)",
        app.display()
    );
    app
}

fn tauri_driver() -> PathBuf {
    if let Some(path) = std::env::var_os("TAURI_DRIVER") {
        return PathBuf::from(path);
    }
    if let Some(found) = find_on_path("tauri-driver") {
        return found;
    }
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")));
    cargo_home
        .map(|home| home.join("bin/tauri-driver"))
        .filter(|path| path.is_file())
        .expect("tauri-driver not found: `cargo install tauri-driver --locked` (scripts/test does)")
}

fn webkit_webdriver() -> PathBuf {
    if let Some(path) = std::env::var_os("WEBKIT_WEBDRIVER") {
        return PathBuf::from(path);
    }
    find_on_path("WebKitWebDriver")
        .or_else(|| Some(PathBuf::from("/usr/bin/WebKitWebDriver")).filter(|p| p.is_file()))
        .expect("WebKitWebDriver not found: install the Debian package webkit2gtk-driver")
}

fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// The language the tests show the screen in: `POS_E2E_LANGUAGE` (e.g.
/// `de`), else English.
pub fn default_language() -> String {
    std::env::var("POS_E2E_LANGUAGE")
        .ok()
        .filter(|language| !language.is_empty())
        .unwrap_or_else(|| "en".into())
}

fn default_timeout() -> Duration {
    let millis = std::env::var("POS_E2E_TIMEOUT_MS")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(15_000);
    Duration::from_millis(millis)
}

/// A TCP port that was free a moment ago.
fn free_port() -> u16 {
    TcpListener::bind(("127.0.0.1", 0))
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("bind a free local port")
}

/// Has the driver killed if the test process dies without unwinding. (Linux
/// sends the signal when the spawning *thread* ends; an `App` lives inside
/// one test, on that test's runtime, so the thread outlives it.)
fn set_parent_death_signal(command: &mut Command) {
    // SAFETY: prctl is async-signal-safe and touches only the child.
    unsafe {
        command.pre_exec(|| {
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
            Ok(())
        });
    }
}

/// Makes this process the one that orphaned descendants (WebKitWebDriver,
/// the app) are re-parented to, so that [`reap`] can collect them instead of
/// leaving zombies behind where PID 1 does not reap.
fn become_subreaper() {
    // SAFETY: sets a flag on the calling process only.
    unsafe {
        libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 1);
    }
}

/// Pids of the processes in process group `group`.
fn process_group_members(group: i32) -> Vec<i32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<i32>().ok())
        .filter(|pid| {
            // /proc/<pid>/stat: "pid (comm) state ppid pgrp ..."; comm may hold spaces.
            std::fs::read_to_string(format!("/proc/{pid}/stat"))
                .ok()
                .and_then(|stat| {
                    let fields: Vec<&str> = stat[stat.rfind(')')? + 1..].split_whitespace().collect();
                    fields.get(2)?.parse::<i32>().ok()
                })
                == Some(group)
        })
        .collect()
}

/// The fields of /proc/<pid>/stat after the command's name: state, ppid, pgrp...
fn stat_fields(pid: i32) -> Option<Vec<String>> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    Some(stat[stat.rfind(')')? + 1..].split_whitespace().map(str::to_string).collect())
}

/// Pids of the direct children of `parent`.
fn children_of(parent: i32) -> Vec<i32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<i32>().ok())
        .filter(|&pid| stat_fields(pid).and_then(|f| f.get(1)?.parse::<i32>().ok()) == Some(parent))
        .collect()
}

/// Waits (briefly) for the killed `pids` once they are re-parented to us.
fn reap(pids: &[i32]) {
    let deadline = Instant::now() + Duration::from_secs(2);
    let mut left: Vec<i32> = pids.to_vec();
    while !left.is_empty() && Instant::now() < deadline {
        left.retain(|&pid| {
            let mut status = 0;
            // SAFETY: waitpid on a specific pid that this harness started.
            let reaped = unsafe { libc::waitpid(pid, &mut status, libc::WNOHANG) } == pid;
            !reaped && Path::new(&format!("/proc/{pid}")).exists()
        });
        if !left.is_empty() {
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

/// Pids of this user's processes whose command line mentions `marker`.
fn processes_mentioning(marker: &str) -> Vec<i32> {
    let me = std::process::id() as i32;
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<i32>().ok())
        .filter(|&pid| pid != me)
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/cmdline"))
                .map(|cmdline| String::from_utf8_lossy(&cmdline).contains(marker))
                .unwrap_or(false)
        })
        .collect()
}
