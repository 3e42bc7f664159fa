//! The manager's views: audit trail, chain check, day report, backup.

use serde::Deserialize;
use ts_rs::TS;

use super::{instant, save_text, Api, Caller, NoArgs};
use crate::error::Result;
use crate::limits::PAGE_ROWS_MAX;
use crate::read::{self, AuditEntry, AuditFilter, AuditTotals, DayReport};
use crate::store::VerifyReport;

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AuditArgs {
    pub filter: AuditFilter,
}

pub type AuditExportArgs = AuditArgs;

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DayReportArgs {
    /// RFC 3339; the report covers [from, to).
    pub from: String,
    pub to: String,
    /// One till's id, or null for every till.
    #[serde(default)]
    pub terminal: Option<String>,
}

pub(super) fn audit(api: &Api, _: &Caller, args: AuditArgs) -> Result<Vec<AuditEntry>> {
    read::audit(&api.till()?.reader(), &args.filter)
}

pub(super) fn audit_totals(api: &Api, _: &Caller, args: AuditArgs) -> Result<AuditTotals> {
    read::audit_totals(&api.till()?.reader(), &args.filter)
}

pub(super) fn audit_export(api: &Api, _: &Caller, args: AuditArgs) -> Result<Option<String>> {
    let all = AuditFilter { limit: Some(PAGE_ROWS_MAX), offset: None, ..args.filter };
    let csv = read::audit_csv(&read::audit(&api.till()?.reader(), &all)?)?;
    save_text(api, "audit.csv", &csv)
}

pub(super) fn verify_chain(api: &Api, _: &Caller, _: NoArgs) -> Result<VerifyReport> {
    api.till()?.verify()
}

/// The report for `args`, and the instant it starts (the export's file name says the day).
fn report(api: &Api, args: &DayReportArgs) -> Result<(chrono::DateTime<chrono::Utc>, DayReport)> {
    let (from, to) = (instant(&args.from, "From")?, instant(&args.to, "To")?);
    Ok((from, read::day_report(&api.till()?.reader(), from, to, args.terminal.as_deref())?))
}

pub(super) fn day_report(api: &Api, _: &Caller, args: DayReportArgs) -> Result<DayReport> {
    Ok(report(api, &args)?.1)
}

pub(super) fn day_report_export(api: &Api, _: &Caller, args: DayReportArgs) -> Result<Option<String>> {
    let (from, report) = report(api, &args)?;
    let name = format!("day-report-{}.csv", from.format("%Y-%m-%d"));
    save_text(api, &name, &read::day_report_csv(&report)?)
}

pub(super) fn backup(api: &Api, _: &Caller, _: NoArgs) -> Result<Option<String>> {
    let name = format!("pos-backup-{}.db", api.till()?.now().format("%Y%m%d-%H%M"));
    let Some(path) = api.host().save_path(&name) else { return Ok(None) };
    api.till()?.backup(&path)?;
    Ok(Some(path.display().to_string()))
}
