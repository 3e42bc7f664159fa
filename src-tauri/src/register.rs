//! The register's and back office's commands. Each parses its arguments,
//! takes the signed-in staff member from the session, and calls pos-core;
//! the core decides (rules, permissions, PIN checks).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;

use pos_core::catalog::{ImportPick, ImportPreview, Product, ProductInput};
use pos_core::domain::{OrderStatus, OrderView, StaffId};
use pos_core::read::{self, OrderSummary, Receipt};
use pos_core::settings::{Settings, SettingsInput};
use pos_core::staff::{StaffInput, StaffMember};
use pos_core::{CommandMeta, Credentials, OrderRequest, Outcome};
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

use crate::arg::Arg;
use crate::{CommandError, Shell};

/// Most products a catalog search returns to the register.
const SEARCH_ROWS_MAX: u32 = 50;
/// Largest catalog CSV the import reads, in bytes.
const IMPORT_BYTES_MAX: u64 = 20 * 1024 * 1024;

/// Who is signed in at this till, and files picked for import awaiting commit.
#[derive(Default)]
pub struct Session {
    staff: Mutex<Option<StaffMember>>,
    imports: Mutex<HashMap<String, String>>,
}

/// Answers for the native dialogs, given on the command line in test mode
/// (`--answer-save PATH`, `--answer-open PATH`), so end-to-end tests can
/// drive saving and importing without a person at the dialog.
#[derive(Default, Clone)]
pub struct DialogAnswers {
    pub save: Option<PathBuf>,
    pub open: Option<PathBuf>,
}

fn not_signed_in() -> CommandError {
    CommandError::new("not_signed_in", "Sign in first")
}

impl Session {
    pub(crate) fn actor(&self) -> Result<StaffMember, CommandError> {
        self.staff.lock().ok().and_then(|s| s.clone()).ok_or_else(not_signed_in)
    }
}

fn command_id(text: &str) -> Result<uuid::Uuid, CommandError> {
    uuid::Uuid::parse_str(text.trim())
        .map_err(|_| CommandError::new("invalid_input", "The command id must be a UUID"))
}


#[tauri::command]
pub async fn sign_in(shell: State<'_, Shell>, session: State<'_, Session>, code: Arg<String>, pin: Arg<String>) -> Result<StaffMember, CommandError> {
    let (code, pin) = (code.0, pin.0);
    let member = shell.with_till(|till| till.sign_in(&code, &pin))?;
    if let Ok(mut s) = session.staff.lock() {
        *s = Some(member.clone());
    }
    Ok(member)
}

#[tauri::command]
pub async fn sign_out(session: State<'_, Session>) -> Result<(), CommandError> {
    if let Ok(mut s) = session.staff.lock() {
        *s = None;
    }
    Ok(())
}

#[tauri::command]
pub async fn current_staff(session: State<'_, Session>) -> Result<Option<StaffMember>, CommandError> {
    Ok(session.staff.lock().ok().and_then(|s| s.clone()))
}

#[tauri::command]
pub async fn shop_settings(shell: State<'_, Shell>) -> Result<Settings, CommandError> {
    shell.with_till(|till| Ok(till.settings().clone()))
}

#[tauri::command]
pub async fn open_order(shell: State<'_, Shell>, session: State<'_, Session>, command_id: Arg<String>) -> Result<Outcome, CommandError> {
    let command_id = command_id.0;
    let actor = session.actor()?;
    let meta = CommandMeta { command_id: self::command_id(&command_id)?, ..CommandMeta::new(actor.id) };
    shell.with_till(|till| till.open_order(&meta))
}

#[tauri::command]
pub async fn order_command(
    shell: State<'_, Shell>,
    session: State<'_, Session>,
    order_id: Arg<i64>,
    command_id: Arg<String>,
    request: Arg<OrderRequest>,
    approval: Arg<Option<Credentials>>,
    expected_version: Arg<Option<u32>>,
) -> Result<Outcome, CommandError> {
    let (order_id, command_id, request, approval, expected_version) = (order_id.0, command_id.0, request.0, approval.0, expected_version.0);
    let actor = session.actor()?;
    let command_id = self::command_id(&command_id)?;
    shell.with_till(|till| {
        let approval = match approval {
            Some(c) => Some(till.approve(&c.code, &c.pin)?),
            None => None,
        };
        let meta = CommandMeta { command_id, actor: actor.id, approval, expected_version };
        till.execute(order_id, request, &meta)
    })
}

#[tauri::command]
pub async fn order_view(shell: State<'_, Shell>, session: State<'_, Session>, order_id: Arg<i64>) -> Result<OrderView, CommandError> {
    let order_id = order_id.0;
    session.actor()?;
    shell.with_till(|till| {
        let order = till.load(order_id)?;
        if order.status == OrderStatus::New {
            return Err(pos_core::domain::OrderError::OrderNotFound(order_id).into());
        }
        Ok(order.view())
    })
}

#[tauri::command]
pub async fn open_orders(shell: State<'_, Shell>, session: State<'_, Session>) -> Result<Vec<OrderSummary>, CommandError> {
    session.actor()?;
    shell.with_till(|till| read::open_orders(&till.reader()))
}

#[tauri::command]
pub async fn find_products(shell: State<'_, Shell>, session: State<'_, Session>, query: Arg<String>) -> Result<Vec<Product>, CommandError> {
    let query = query.0;
    session.actor()?;
    shell.with_till(|till| till.search_products(&query, false, SEARCH_ROWS_MAX))
}

#[tauri::command]
pub async fn favourite_products(shell: State<'_, Shell>, session: State<'_, Session>) -> Result<Vec<Product>, CommandError> {
    session.actor()?;
    shell.with_till(|till| till.favourite_products())
}

#[tauri::command]
pub async fn receipt(shell: State<'_, Shell>, session: State<'_, Session>, order_id: Arg<i64>) -> Result<Receipt, CommandError> {
    let order_id = order_id.0;
    session.actor()?;
    shell.with_till(|till| read::receipt(&mut till.reader(), order_id))
}

/// Asks where to save (the native save dialog, or the test-mode answer).
pub(crate) fn pick_save_path(app: &AppHandle, answers: &DialogAnswers, suggested: &str) -> Option<PathBuf> {
    if let Some(p) = &answers.save {
        return Some(p.clone());
    }
    app.dialog().file().set_file_name(suggested).blocking_save_file().and_then(|p| p.into_path().ok())
}

/// Asks where to save `text` (suggesting `name`) and writes it there: the
/// path written, or None when the person cancelled the dialog.
pub(crate) fn save_text(app: &AppHandle, answers: &DialogAnswers, name: &str, text: &str) -> Result<Option<String>, CommandError> {
    let Some(path) = pick_save_path(app, answers, name) else { return Ok(None) };
    std::fs::write(&path, text)
        .map_err(|e| CommandError::new("write_failed", format!("Could not write {}: {e}", path.display())))?;
    Ok(Some(path.display().to_string()))
}

#[tauri::command]
pub async fn save_receipt(
    app: AppHandle,
    shell: State<'_, Shell>,
    session: State<'_, Session>,
    answers: State<'_, DialogAnswers>,
    order_id: Arg<i64>,
) -> Result<Option<String>, CommandError> {
    let order_id = order_id.0;
    session.actor()?;
    let receipt = shell.with_till(|till| read::receipt(&mut till.reader(), order_id))?;
    save_text(&app, &answers, &format!("receipt-{order_id}.txt"), &read::receipt_text(&receipt))
}

// Back office: the core refuses anyone but an active manager.

pub(crate) fn manager(shell: &Shell, session: &Session) -> Result<StaffId, CommandError> {
    let actor = session.actor()?;
    shell.with_till(|till| till.require_manager(actor.id).map(|m| m.id))
}

#[tauri::command]
pub async fn products(shell: State<'_, Shell>, session: State<'_, Session>, query: Arg<String>, include_archived: Arg<bool>) -> Result<Vec<Product>, CommandError> {
    let (query, include_archived) = (query.0, include_archived.0);
    manager(&shell, &session)?;
    shell.with_till(|till| till.search_products(&query, include_archived, pos_core::limits::PAGE_ROWS_MAX))
}

#[tauri::command]
pub async fn product_add(shell: State<'_, Shell>, session: State<'_, Session>, input: Arg<ProductInput>) -> Result<Product, CommandError> {
    let input = input.0;
    manager(&shell, &session)?;
    shell.with_till(|till| till.add_product(&input))
}

#[tauri::command]
pub async fn product_update(shell: State<'_, Shell>, session: State<'_, Session>, input: Arg<ProductInput>) -> Result<Product, CommandError> {
    let input = input.0;
    manager(&shell, &session)?;
    shell.with_till(|till| till.update_product(&input))
}

#[tauri::command]
pub async fn product_archive(shell: State<'_, Shell>, session: State<'_, Session>, sku: Arg<String>, archived: Arg<bool>) -> Result<Product, CommandError> {
    let (sku, archived) = (sku.0, archived.0);
    manager(&shell, &session)?;
    shell.with_till(|till| till.set_product_archived(&sku, archived))
}

#[tauri::command]
pub async fn catalog_import_pick(
    app: AppHandle,
    shell: State<'_, Shell>,
    session: State<'_, Session>,
    answers: State<'_, DialogAnswers>,
) -> Result<Option<ImportPick>, CommandError> {
    manager(&shell, &session)?;
    let path = match &answers.open {
        Some(p) => Some(p.clone()),
        None => app
            .dialog()
            .file()
            .add_filter("CSV", &["csv", "txt"])
            .blocking_pick_file()
            .and_then(|p| p.into_path().ok()),
    };
    let Some(path) = path else { return Ok(None) };
    let unreadable = |e: std::io::Error| CommandError::new("import_failed", format!("Cannot read {}: {e}", path.display()));
    if std::fs::metadata(&path).map_err(unreadable)?.len() > IMPORT_BYTES_MAX {
        return Err(CommandError::new("import_failed", format!("{} is larger than 20 MB", path.display())));
    }
    let text = std::fs::read_to_string(&path).map_err(unreadable)?;
    let preview = shell.with_till(|till| till.preview_catalog_import(&text))?;
    let token = uuid::Uuid::new_v4().to_string();
    if let Ok(mut imports) = session.imports.lock() {
        imports.clear();
        imports.insert(token.clone(), text);
    }
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    Ok(Some(ImportPick { token, file_name, preview }))
}

#[tauri::command]
pub async fn catalog_import_commit(shell: State<'_, Shell>, session: State<'_, Session>, token: Arg<String>) -> Result<ImportPreview, CommandError> {
    let token = token.0;
    manager(&shell, &session)?;
    let text = session
        .imports
        .lock()
        .ok()
        .and_then(|mut i| i.remove(&token))
        .ok_or_else(|| CommandError::new("import_expired", "Pick the file again: this import is no longer pending"))?;
    shell.with_till(|till| till.import_catalog(&text))
}

#[tauri::command]
pub async fn staff_list(shell: State<'_, Shell>, session: State<'_, Session>) -> Result<Vec<StaffMember>, CommandError> {
    manager(&shell, &session)?;
    shell.with_till(|till| till.staff_list())
}

#[tauri::command]
pub async fn staff_add(shell: State<'_, Shell>, session: State<'_, Session>, input: Arg<StaffInput>) -> Result<StaffMember, CommandError> {
    let input = input.0;
    manager(&shell, &session)?;
    shell.with_till(|till| till.add_staff(&input))
}

#[tauri::command]
pub async fn staff_reset_pin(shell: State<'_, Shell>, session: State<'_, Session>, id: Arg<StaffId>, pin: Arg<String>) -> Result<StaffMember, CommandError> {
    let (id, pin) = (id.0, pin.0);
    manager(&shell, &session)?;
    shell.with_till(|till| till.reset_pin(id, &pin))
}

#[tauri::command]
pub async fn staff_set_active(shell: State<'_, Shell>, session: State<'_, Session>, id: Arg<StaffId>, active: Arg<bool>) -> Result<StaffMember, CommandError> {
    let (id, active) = (id.0, active.0);
    let me = manager(&shell, &session)?;
    if me == id && !active {
        return Err(CommandError::new("invalid_input", "You cannot deactivate yourself while signed in"));
    }
    shell.with_till(|till| till.set_staff_active(id, active))
}

#[tauri::command]
pub async fn settings_save(shell: State<'_, Shell>, session: State<'_, Session>, input: Arg<SettingsInput>) -> Result<Settings, CommandError> {
    let input = input.0;
    manager(&shell, &session)?;
    shell.with_till(|till| till.save_settings(&input))
}
