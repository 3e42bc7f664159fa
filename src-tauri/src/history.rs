//! History, audit trail, reports and backup. Reading commands: each checks
//! the session (managers only where the core says so) and calls pos-core.

use pos_core::domain::OrderView;
use pos_core::read::{self, AuditEntry, AuditFilter, AuditTotals, DayReport, OrderFilter, OrderSummary, TimelineMark, TimelineStep};
use pos_core::store::VerifyReport;
use tauri::{AppHandle, State};

use crate::arg::Arg;
use crate::register::{manager, pick_save_path, save_text, DialogAnswers, Session};
use crate::{CommandError, Shell};

fn instant(text: &str, field: &'static str) -> Result<chrono::DateTime<chrono::Utc>, CommandError> {
    chrono::DateTime::parse_from_rfc3339(text.trim())
        .map(|t| t.with_timezone(&chrono::Utc))
        .map_err(|_| CommandError::new("invalid_input", format!("{field} must be a date and time like 2026-11-23T10:15:00Z")))
}

#[tauri::command]
pub async fn orders(shell: State<'_, Shell>, session: State<'_, Session>, filter: Arg<OrderFilter>) -> Result<Vec<OrderSummary>, CommandError> {
    let filter = filter.0;
    session.actor()?;
    shell.with_till(|till| read::orders(&till.reader(), &filter))
}

#[tauri::command]
pub async fn timeline(shell: State<'_, Shell>, session: State<'_, Session>, order_id: Arg<i64>) -> Result<Vec<TimelineMark>, CommandError> {
    let order_id = order_id.0;
    session.actor()?;
    shell.with_till(|till| read::timeline(&mut till.reader(), order_id))
}

/// One step along the timeline: the event at `version` in full and the order
/// then, with at most `rows` of its lines.
#[tauri::command]
pub async fn timeline_at(
    shell: State<'_, Shell>,
    session: State<'_, Session>,
    order_id: Arg<i64>,
    version: Arg<u32>,
    rows: Arg<u32>,
) -> Result<TimelineStep, CommandError> {
    session.actor()?;
    shell.with_till(|till| read::timeline_at(&mut till.reader(), *order_id, *version, *rows))
}

#[tauri::command]
pub async fn order_at(shell: State<'_, Shell>, session: State<'_, Session>, order_id: Arg<i64>, version: Arg<u32>) -> Result<OrderView, CommandError> {
    let (order_id, version) = (order_id.0, version.0);
    session.actor()?;
    shell.with_till(|till| Ok(till.state_at(order_id, version)?.view()))
}

#[tauri::command]
pub async fn version_at(shell: State<'_, Shell>, session: State<'_, Session>, order_id: Arg<i64>, at: Arg<String>) -> Result<u32, CommandError> {
    let (order_id, at) = (order_id.0, at.0);
    session.actor()?;
    let at = instant(&at, "The time")?;
    shell.with_till(|till| till.version_at(order_id, at))
}

#[tauri::command]
pub async fn audit(shell: State<'_, Shell>, session: State<'_, Session>, filter: Arg<AuditFilter>) -> Result<Vec<AuditEntry>, CommandError> {
    let filter = filter.0;
    manager(&shell, &session)?;
    shell.with_till(|till| read::audit(&till.reader(), &filter))
}

#[tauri::command]
pub async fn audit_export(
    app: AppHandle,
    shell: State<'_, Shell>,
    session: State<'_, Session>,
    answers: State<'_, DialogAnswers>,
    filter: Arg<AuditFilter>,
) -> Result<Option<String>, CommandError> {
    let filter = filter.0;
    manager(&shell, &session)?;
    let all = AuditFilter { limit: Some(pos_core::limits::PAGE_ROWS_MAX), offset: None, ..filter };
    let csv = shell.with_till(|till| read::audit_csv(&read::audit(&till.reader(), &all)?))?;
    save_text(&app, &answers, "audit.csv", &csv)
}

#[tauri::command]
pub async fn verify_chain(shell: State<'_, Shell>, session: State<'_, Session>) -> Result<VerifyReport, CommandError> {
    manager(&shell, &session)?;
    shell.with_till(|till| till.verify())
}

#[tauri::command]
pub async fn day_report(
    shell: State<'_, Shell>,
    session: State<'_, Session>,
    from: Arg<String>,
    to: Arg<String>,
    terminal: Arg<Option<String>>,
) -> Result<DayReport, CommandError> {
    let (from, to, terminal) = (from.0, to.0, terminal.0);
    manager(&shell, &session)?;
    let (from, to) = (instant(&from, "From")?, instant(&to, "To")?);
    shell.with_till(|till| read::day_report(&till.reader(), from, to, terminal.as_deref()))
}

#[tauri::command]
pub async fn day_report_export(
    app: AppHandle,
    shell: State<'_, Shell>,
    session: State<'_, Session>,
    answers: State<'_, DialogAnswers>,
    from: Arg<String>,
    to: Arg<String>,
    terminal: Arg<Option<String>>,
) -> Result<Option<String>, CommandError> {
    let (from, to, terminal) = (from.0, to.0, terminal.0);
    manager(&shell, &session)?;
    let (from_t, to_t) = (instant(&from, "From")?, instant(&to, "To")?);
    let csv = shell.with_till(|till| read::day_report_csv(&read::day_report(&till.reader(), from_t, to_t, terminal.as_deref())?))?;
    save_text(&app, &answers, &format!("day-report-{}.csv", from_t.format("%Y-%m-%d")), &csv)
}

#[tauri::command]
pub async fn backup(
    app: AppHandle,
    shell: State<'_, Shell>,
    session: State<'_, Session>,
    answers: State<'_, DialogAnswers>,
) -> Result<Option<String>, CommandError> {
    manager(&shell, &session)?;
    let name = format!("pos-backup-{}.db", chrono::Utc::now().format("%Y%m%d-%H%M"));
    let Some(path) = pick_save_path(&app, &answers, &name) else { return Ok(None) };
    shell.with_till(|till| till.backup(&path))?;
    Ok(Some(path.display().to_string()))
}

#[tauri::command]
pub async fn terminal(shell: State<'_, Shell>) -> Result<String, CommandError> {
    shell.with_till(|till| Ok(till.terminal().to_string()))
}

/// Counts and amounts per kind and per staff member over the whole filtered
/// audit trail (its page, `limit` and `offset`, does not matter).
#[tauri::command]
pub async fn audit_totals(shell: State<'_, Shell>, session: State<'_, Session>, filter: Arg<AuditFilter>) -> Result<AuditTotals, CommandError> {
    let filter = filter.0;
    manager(&shell, &session)?;
    shell.with_till(|till| read::audit_totals(&till.reader(), &filter))
}
