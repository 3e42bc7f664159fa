//! The manager's views: audit trail, chain check (whole, and through a head
//! written down), day report, backup.

use serde::Deserialize;
use ts_rs::TS;

use super::shop::{shop_tills, Scope};
use super::{instant, save_text, Api, Caller, NoArgs};
use crate::error::{Error, Result};
use crate::read::{self, AuditEntry, AuditFilter, AuditTotals, DayReport};
use crate::store::{HeadRef, HeadReport, VerifyReport};

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AuditArgs {
    pub filter: AuditFilter,
    /// This till's trail (the default) or every till's.
    #[serde(default)]
    #[ts(optional)]
    pub scope: Option<Scope>,
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
    /// The tills of this file (the default) or every till of the shop
    /// (`terminal` is then ignored).
    #[serde(default)]
    #[ts(optional)]
    pub scope: Option<Scope>,
}

pub(super) fn audit(api: &Api, _: &Caller, args: AuditArgs) -> Result<Vec<AuditEntry>> {
    match args.scope.unwrap_or_default() {
        Scope::Till => read::audit(&api.till()?.reader(), &args.filter),
        Scope::Shop => shop_tills(api)?.read(|readers| read::shop_audit(readers, &args.filter)),
    }
}

pub(super) fn audit_totals(api: &Api, _: &Caller, args: AuditArgs) -> Result<AuditTotals> {
    match args.scope.unwrap_or_default() {
        Scope::Till => read::audit_totals(&api.till()?.reader(), &args.filter),
        Scope::Shop => shop_tills(api)?.read(|readers| read::shop_audit_totals(readers, &args.filter)),
    }
}

/// Saves every entry of the filtered trail (no cap), then its totals and the
/// chain head, as CSV, streamed to the file picked. The file appears whole or
/// not at all: it is written beside it first, then renamed.
pub(super) fn audit_export(api: &Api, _: &Caller, args: AuditArgs) -> Result<Option<String>> {
    if args.scope == Some(Scope::Shop) {
        return Err(Error::Invalid { field: "Scope", problem: crate::problem::Problem::ExportPerTill });
    }
    let Some(path) = api.host().save_path("audit.csv") else { return Ok(None) };
    let shown = path.display().to_string();
    let write_error = |e: std::io::Error| Error::Write { path: shown.clone(), message: e.to_string() };
    let mut part = path.clone().into_os_string();
    part.push(".part");
    let part = std::path::PathBuf::from(part);
    let written = (|| {
        let file = std::fs::File::create(&part).map_err(write_error)?;
        let mut out = std::io::BufWriter::new(file);
        read::audit_export(&api.till()?.reader(), &args.filter, &mut out, &shown)?;
        out.into_inner().map_err(|e| write_error(e.into_error()))?.sync_all().map_err(write_error)?;
        std::fs::rename(&part, &path).map_err(write_error)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&part);
    }
    written.map(|()| Some(shown.clone()))
}

pub(super) fn verify_chain(api: &Api, _: &Caller, _: NoArgs) -> Result<VerifyReport> {
    api.till()?.verify()
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VerifyHeadArgs {
    /// `POSITION:HASH` as printed on a report (at least 12 hex digits of the hash).
    pub head: String,
}

/// Checks the chain against a head written down earlier (e.g. printed on a
/// day report): the chain must still pass through it, and verify.
pub(super) fn verify_head(api: &Api, _: &Caller, args: VerifyHeadArgs) -> Result<HeadReport> {
    let head = HeadRef::parse(&args.head)?;
    api.till()?.verify_through(&head)
}

/// The report for `args`, and the instant it starts (the export's file name says the day).
fn report(api: &Api, args: &DayReportArgs) -> Result<(chrono::DateTime<chrono::Utc>, DayReport)> {
    let (from, to) = (instant(&args.from, "From")?, instant(&args.to, "To")?);
    let report = match args.scope.unwrap_or_default() {
        Scope::Till => read::day_report(&api.till()?.reader(), from, to, args.terminal.as_deref())?,
        Scope::Shop => shop_tills(api)?.read(|readers| read::shop_day_report(readers, from, to))?,
    };
    Ok((from, report))
}

pub(super) fn day_report(api: &Api, _: &Caller, args: DayReportArgs) -> Result<DayReport> {
    Ok(report(api, &args)?.1)
}

pub(super) fn day_report_export(api: &Api, _: &Caller, args: DayReportArgs) -> Result<Option<String>> {
    let (from, report) = report(api, &args)?;
    let name = format!("day-report-{}.csv", crate::zone::date(api.till()?.settings().zone(), from));
    save_text(api, &name, &read::day_report_csv(&report)?)
}

pub(super) fn backup(api: &Api, _: &Caller, _: NoArgs) -> Result<Option<String>> {
    let name = format!("pos-backup-{}.db", api.till()?.now().format("%Y%m%d-%H%M"));
    let Some(path) = api.host().save_path(&name) else { return Ok(None) };
    api.till()?.backup(&path)?;
    Ok(Some(path.display().to_string()))
}
