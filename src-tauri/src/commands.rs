//! The commands the webview may invoke. Each one is a thin wrapper: take the
//! till from managed state, call pos-core, map the error. Every command must
//! also be listed in src/command_list.rs and granted in capabilities/default.json.
//!
//! Commands are `async` so that they run off the main (GTK) thread.

use pos_core::AppStatus;
use tauri::State;

use crate::{CommandError, Shell};

/// Where the database is and what it holds; the UI's connection check.
#[tauri::command]
pub async fn app_status(shell: State<'_, Shell>) -> Result<AppStatus, CommandError> {
    shell.with_till(|till| till.status())
}
