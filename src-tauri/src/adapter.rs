//! The webview's one door to the core: every invoke is looked up in
//! `pos_core::api::COMMANDS` and answered by `Api::call`, off the main
//! thread. Nothing here knows a command by name.
//!
//! Least privilege is Tauri's ACL, checked before a call reaches this
//! adapter: build.rs declares each command of the table (listed in
//! `api-commands.json`) as an app command with an `allow-<name>`
//! permission, and `capabilities/default.json` grants each one by name.
//! `tests/permissions.rs` fails when the table, the list and the grants disagree.

use std::path::PathBuf;
use std::sync::Arc;

use pos_core::api::{self, Api, Host};
use pos_core::error::ErrorBody;
use pos_core::language::Language;
use tauri::ipc::{Invoke, InvokeBody, InvokeError};
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_dialog::DialogExt;

/// Managed state: the API over the one open till.
pub struct Desk {
    pub api: Arc<Api>,
}

/// Answers for the native dialogs, given on the command line in test mode
/// (`--answer-save PATH`, `--answer-open PATH`), so end-to-end tests can
/// drive saving and importing without a person at the dialog.
#[derive(Default, Clone)]
pub struct DialogAnswers {
    pub save: Option<PathBuf>,
    pub open: Option<PathBuf>,
}

/// The native dialogs, lent to the core's API.
pub struct Dialogs<R: Runtime> {
    pub app: AppHandle<R>,
    pub answers: DialogAnswers,
}

impl<R: Runtime> Host for Dialogs<R> {
    fn save_path(&self, name: &str) -> Option<PathBuf> {
        if let Some(p) = &self.answers.save {
            return Some(p.clone());
        }
        self.app.dialog().file().set_file_name(name).blocking_save_file().and_then(|p| p.into_path().ok())
    }

    fn open_path(&self, kind: &str, extensions: &[&str]) -> Option<PathBuf> {
        if let Some(p) = &self.answers.open {
            return Some(p.clone());
        }
        self.app.dialog().file().add_filter(kind, extensions).blocking_pick_file().and_then(|p| p.into_path().ok())
    }

    fn speak(&self, language: Language) {
        if let Some(window) = self.app.get_webview_window(crate::MAIN_WINDOW) {
            // A window already closing has no engine to tell: nothing is lost.
            let _ = window.with_webview(move |webview| prefer_language(webview, language));
        }
    }
}

/// WebKitGTK writes date fields in its preferred language, which otherwise
/// follows the system's locale (often C on a till): set it to the screen's.
#[cfg(target_os = "linux")]
fn prefer_language(webview: tauri::webview::PlatformWebview, language: Language) {
    use webkit2gtk::{WebContextExt, WebViewExt};
    let system = ["LC_ALL", "LC_TIME", "LANG"].iter().find_map(|name| std::env::var(name).ok().filter(|v| !v.is_empty()));
    let preferred = engine_language(language, system.as_deref());
    if let Some(context) = webview.inner().context() {
        context.set_preferred_languages(&[preferred.as_str()]);
    }
}

#[cfg(not(target_os = "linux"))]
fn prefer_language(_webview: tauri::webview::PlatformWebview, _language: Language) {}

/// The language the web engine is to prefer for a screen in `language`: the
/// system's own locale when it speaks that language (`en_GB.UTF-8` keeps a
/// British shop's day before month, `de_AT` an Austrian one's), else the
/// language's bare tag.
pub fn engine_language(language: Language, system: Option<&str>) -> String {
    let tag = language.tag();
    let locale = system.and_then(|s| s.split(['.', '@']).next()).unwrap_or_default();
    let speaks = locale.split(['_', '-']).next() == Some(tag);
    if speaks { locale.replace('_', "-") } else { tag.to_string() }
}

fn refusal(code: &str, message: impl Into<String>) -> InvokeError {
    InvokeError::from(ErrorBody::untranslated(code, message))
}

/// The invoke handler: false for a name the table does not have (Tauri
/// then answers that the command is not found).
pub fn invoke<R: Runtime>(invoke: Invoke<R>) -> bool {
    let Invoke { message, resolver, .. } = invoke;
    let command = message.command().to_string();
    if api::command(&command).is_none() {
        return false;
    }
    let args = match message.payload() {
        InvokeBody::Json(v) => v.clone(),
        InvokeBody::Raw(_) => {
            resolver.reject(ErrorBody::untranslated("invalid_input", format!("`{command}` takes JSON arguments")));
            return true;
        }
    };
    let Some(desk) = message.webview().try_state::<Desk>().map(|d| d.api.clone()) else {
        resolver.reject(ErrorBody::untranslated("till_unavailable", "The till is not open"));
        return true;
    };
    resolver.respond_async(async move {
        // Commands block (SQLite, PIN hashing, dialogs): never on the main thread.
        match tauri::async_runtime::spawn_blocking(move || desk.call(&command, args)).await {
            Ok(Ok(reply)) => Ok(reply),
            Ok(Err(body)) => Err(InvokeError::from(body)),
            Err(e) => Err(refusal("till_unavailable", format!("The command failed unexpectedly: {e}"))),
        }
    });
    true
}
