//! pos-desktop: the desktop till. A thin Tauri shell around `pos-core`: it
//! chooses the database file, opens the [`Till`] once at start-up, keeps it in
//! managed state and exposes a small set of commands to the webview. All
//! business rules live in the core; the webview has no SQL or file access.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Mutex, PoisonError};

use pos_core::Till;
use tauri::{Manager, WebviewWindowBuilder};
use tauri_plugin_dialog::{DialogExt, MessageDialogKind};

mod arg;
mod command_list;
pub mod commands;
mod error;
pub mod history;
pub mod register;
pub mod options;

pub use command_list::COMMANDS;
pub use error::CommandError;
use options::Options;

/// Label of the till's window (and of the capability that grants it commands).
pub const MAIN_WINDOW: &str = "main";

/// Managed state: the one open till, shared by all commands.
pub struct Shell {
    till: Mutex<Till>,
}

impl Shell {
    pub fn new(till: Till) -> Self {
        Self { till: Mutex::new(till) }
    }

    /// Runs `f` with exclusive access to the till and maps its error for the UI.
    pub fn with_till<T>(
        &self,
        f: impl FnOnce(&mut Till) -> Result<T, pos_core::Error>,
    ) -> Result<T, CommandError> {
        let mut till = self.till.lock().map_err(|_: PoisonError<_>| {
            CommandError::new(
                CommandError::TILL_UNAVAILABLE,
                "an earlier operation failed unexpectedly; restart the till",
            )
        })?;
        Ok(f(&mut till)?)
    }
}

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
    run(options);
    ExitCode::SUCCESS
}

fn has_display() -> bool {
    ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|name| std::env::var_os(name).is_some_and(|value| !value.is_empty()))
}

/// Builds and runs the Tauri app. Does not return: the process exits with the
/// app (status 1 if the database could not be opened).
pub fn run(options: Options) {
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(register::Session::default())
        .manage(register::DialogAnswers { save: options.answer_save.clone(), open: options.answer_open.clone() })
        .invoke_handler(tauri::generate_handler![
            commands::app_status,
            register::sign_in,
            register::sign_out,
            register::current_staff,
            register::shop_settings,
            register::open_order,
            register::order_command,
            register::order_view,
            register::open_orders,
            register::find_products,
            register::favourite_products,
            register::receipt,
            register::save_receipt,
            register::products,
            register::product_add,
            register::product_update,
            register::product_archive,
            register::catalog_import_pick,
            register::catalog_import_commit,
            register::staff_list,
            register::staff_add,
            register::staff_reset_pin,
            register::staff_set_active,
            register::settings_save,
            history::orders,
            history::timeline,
            history::timeline_at,
            history::order_at,
            history::version_at,
            history::audit,
            history::audit_export,
            history::audit_totals,
            history::verify_chain,
            history::day_report,
            history::day_report_export,
            history::backup,
            history::terminal
        ])
        .setup(move |app| {
            match open_till(app.handle(), options.db.as_deref()) {
                Ok(till) => {
                    app.manage(Shell::new(till));
                    open_main_window(app.handle())?;
                }
                Err(message) => report_startup_failure(app.handle(), message),
            }
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("error while running the till");
}

fn open_till(app: &tauri::AppHandle, db: Option<&Path>) -> Result<Till, String> {
    let path = database_path(app, db)?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create the folder {}: {e}", dir.display()))?;
    }
    Till::open(&path).map_err(|e| {
        let e = CommandError::from(e);
        format!("cannot open the database {}: {} ({})", path.display(), e.message, e.code)
    })
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
