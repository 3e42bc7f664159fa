//! pos-desktop: the desktop till. A thin Tauri shell around `pos-core`: it
//! chooses the database file, opens the [`Till`] once at start-up, puts the
//! core's API over it in managed state and answers the webview's invokes
//! through one generic adapter (`adapter.rs`). All business rules, and every
//! check of who may do what, live in the core; the webview has no SQL or
//! file access.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use pos_core::api::Api;
use pos_core::{Till, TillOptions};
use tauri::{Manager, WebviewWindowBuilder};
use tauri_plugin_dialog::{DialogExt, MessageDialogKind};

pub mod adapter;
pub mod options;

use adapter::{DialogAnswers, Desk, Dialogs};
use options::Options;

/// Label of the till's window (and of the capability that grants it commands).
pub const MAIN_WINDOW: &str = "main";

/// Entry point of the `pos-desktop` binary.
pub fn main() -> ExitCode {
    let options = match options::parse_args(std::env::args_os().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("pos-desktop: {message}\n\n{}", options::USAGE);
            return ExitCode::from(2);
        }
    };
    if options.help {
        println!("{}", options::USAGE);
        return ExitCode::SUCCESS;
    }
    if cfg!(target_os = "linux") && !has_display() {
        eprintln!(
            "pos-desktop: no display (DISPLAY and WAYLAND_DISPLAY are unset).\n\
             Run it from a desktop session, or start a virtual one with `scripts/run --xvfb`\n\
             (or by hand: `Xvfb :99 & DISPLAY=:99 pos-desktop`)."
        );
        return ExitCode::from(2);
    }
    draw_without_compositing();
    run(options);
    ExitCode::SUCCESS
}

fn has_display() -> bool {
    ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|name| std::env::var_os(name).is_some_and(|value| !value.is_empty()))
}

/// WebKitGTK's compositor draws through OpenGL; on a till without a GPU
/// driver (and on a virtual display) that is Mesa's software renderer,
/// which compiles shaders at every start and keeps its own buffers. Without
/// it the page is drawn straight to the window: on a 2-core machine the
/// sign-in screen came 2.5 to 3.5 times sooner and the web process held
/// 120 MB instead of 255 MB (README, "Size and speed"). Set before any
/// thread starts, and only when the environment does not already choose
/// (`WEBKIT_DISABLE_COMPOSITING_MODE=0` turns the compositor back on).
fn draw_without_compositing() {
    const NAME: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
    if std::env::var_os(NAME).is_none() {
        std::env::set_var(NAME, "1");
    }
}

/// Builds and runs the Tauri app. Does not return: the process exits with the
/// app (status 1 if the database could not be opened).
pub fn run(options: Options) {
    let answers = DialogAnswers { save: options.answer_save.clone(), open: options.answer_open.clone() };
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(adapter::invoke)
        .setup(move |app| {
            match open_till(app.handle(), options.db.as_deref(), options.demo) {
                Ok(till) => {
                    let dialogs = Dialogs { app: app.handle().clone(), answers };
                    let outbox = pos_core::sync::Outbox::start(till.path().to_path_buf(), till.terminal().to_string());
                    app.manage(Desk { api: Arc::new(Api::new(till, Box::new(dialogs)).with_outbox(outbox)) });
                    open_main_window(app.handle())?;
                }
                Err(message) => report_startup_failure(app.handle(), message),
            }
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("error while running the till");
}

fn open_till(app: &tauri::AppHandle, db: Option<&Path>, demo: bool) -> Result<Till, String> {
    let path = database_path(app, db)?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create the folder {}: {e}", dir.display()))?;
    }
    Till::open_with(&path, TillOptions { seed_demo: demo, ..TillOptions::default() })
        .map_err(|e| format!("cannot open the database {}: {} ({})", path.display(), e, e.code()))
}

fn database_path(app: &tauri::AppHandle, db: Option<&Path>) -> Result<PathBuf, String> {
    let cwd = std::env::current_dir().map_err(|e| format!("no working directory: {e}"))?;
    let data_dir = || {
        app.path()
            .app_data_dir()
            .map_err(|e| format!("cannot find the app data directory: {e}"))
    };
    options::choose_db_path(db, std::env::var_os(options::DB_ENV), data_dir, &cwd)
}

/// The window is declared in tauri.conf.json with `create: false` and built
/// here, once the till is open, so the UI never runs without a database.
fn open_main_window(app: &tauri::AppHandle) -> tauri::Result<()> {
    let config = app
        .config()
        .app
        .windows
        .iter()
        .find(|w| w.label == MAIN_WINDOW)
        .expect("tauri.conf.json declares the main window");
    WebviewWindowBuilder::from_config(app, config)?.build()?;
    Ok(())
}

/// Tells the user why the till cannot start, then exits with status 1.
fn report_startup_failure(app: &tauri::AppHandle, message: String) {
    eprintln!("pos-desktop: {message}");
    let handle = app.clone();
    app.dialog()
        .message(message)
        .title("pos cannot start")
        .kind(MessageDialogKind::Error)
        .show(move |_| handle.exit(1));
}
