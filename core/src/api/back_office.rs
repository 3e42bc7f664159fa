//! The back office: catalog, staff and settings. Managers only (the table
//! says so, and [`super::Api::call`] checks before any of these runs).

use serde::Deserialize;
use ts_rs::TS;

use super::{instant, Api, Caller, NoArgs, PendingImport};
use crate::catalog::{ImportPick, ImportPreview, Product, ProductInput};
use crate::domain::{Role, StaffId};
use crate::read::{self, Change, RecordKey, RecordStep};
use crate::error::{Error, Result};
use crate::limits::{IMPORT_BYTES_MAX, PAGE_ROWS_MAX};
use crate::policy::PolicyInput;
use crate::settings::{Settings, SettingsInput};
use crate::staff::{StaffInput, StaffMember};

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProductsArgs {
    pub query: String,
    pub include_archived: bool,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProductInputArgs {
    pub input: ProductInput,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProductArchiveArgs {
    pub sku: String,
    pub archived: bool,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CatalogImportCommitArgs {
    pub token: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StaffAddArgs {
    pub input: StaffInput,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StaffResetPinArgs {
    pub id: StaffId,
    pub pin: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StaffSetActiveArgs {
    pub id: StaffId,
    pub active: bool,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StaffSetRoleArgs {
    pub id: StaffId,
    pub role: Role,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SavePrinterSetupArgs {
    pub setup: crate::printer::PrinterSetup,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RecordArgs {
    pub record: RecordKey,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RecordAtArgs {
    pub record: RecordKey,
    pub version: u32,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RecordVersionAtArgs {
    pub record: RecordKey,
    /// RFC 3339, e.g. 2026-03-03T12:00:00Z.
    pub at: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SettingsSaveArgs {
    pub input: SettingsInput,
}

pub(super) fn products(api: &Api, _: &Caller, args: ProductsArgs) -> Result<Vec<Product>> {
    api.till()?.search_products(&args.query, args.include_archived, PAGE_ROWS_MAX)
}

pub(super) fn product_add(api: &Api, _: &Caller, args: ProductInputArgs) -> Result<Product> {
    api.till()?.add_product(&args.input)
}

pub(super) fn product_update(api: &Api, _: &Caller, args: ProductInputArgs) -> Result<Product> {
    api.till()?.update_product(&args.input)
}

pub(super) fn product_archive(api: &Api, _: &Caller, args: ProductArchiveArgs) -> Result<Product> {
    api.till()?.set_product_archived(&args.sku, args.archived)
}

/// Asks for the file before taking the till, so a dialog left open blocks nobody.
pub(super) fn catalog_import_pick(api: &Api, _: &Caller, _: NoArgs) -> Result<Option<ImportPick>> {
    let Some(path) = api.host().open_path("CSV", &["csv", "txt"]) else { return Ok(None) };
    let unreadable = |e: std::io::Error| Error::Import(format!("Cannot read {}: {e}", path.display()));
    if std::fs::metadata(&path).map_err(unreadable)?.len() > IMPORT_BYTES_MAX {
        return Err(Error::Import(format!("{} is larger than 20 MB", path.display())));
    }
    let text = std::fs::read_to_string(&path).map_err(unreadable)?;
    let preview = api.till()?.preview_catalog_import(&text)?;
    let token = uuid::Uuid::new_v4().to_string();
    api.session()?.import = Some(PendingImport { token: token.clone(), text });
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    Ok(Some(ImportPick { token, file_name, preview }))
}

pub(super) fn catalog_import_commit(api: &Api, _: &Caller, args: CatalogImportCommitArgs) -> Result<ImportPreview> {
    let pending = {
        let mut session = api.session()?;
        match session.import.take() {
            Some(p) if p.token == args.token => p,
            other => {
                session.import = other;
                return Err(Error::ImportExpired);
            }
        }
    };
    api.till()?.import_catalog(&pending.text)
}

pub(super) fn staff_list(api: &Api, _: &Caller, _: NoArgs) -> Result<Vec<StaffMember>> {
    api.till()?.staff_list()
}

pub(super) fn staff_add(api: &Api, _: &Caller, args: StaffAddArgs) -> Result<StaffMember> {
    api.till()?.add_staff(&args.input)
}

pub(super) fn staff_reset_pin(api: &Api, _: &Caller, args: StaffResetPinArgs) -> Result<StaffMember> {
    api.till()?.reset_pin(args.id, &args.pin)
}

/// Nobody deactivates themselves: the rule is the till's (its actor is the
/// staff member signed in, the caller).
pub(super) fn staff_set_active(api: &Api, _: &Caller, args: StaffSetActiveArgs) -> Result<StaffMember> {
    api.till()?.set_staff_active(args.id, args.active)
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SavePolicyArgs {
    pub input: PolicyInput,
}

pub(super) fn save_policy(api: &Api, _: &Caller, args: SavePolicyArgs) -> Result<Settings> {
    api.till()?.save_policy(&args.input)
}

pub(super) fn settings_save(api: &Api, _: &Caller, args: SettingsSaveArgs) -> Result<Settings> {
    api.till()?.save_settings(&args.input)
}

pub(super) fn staff_set_role(api: &Api, _: &Caller, args: StaffSetRoleArgs) -> Result<StaffMember> {
    api.till()?.set_staff_role(args.id, args.role)
}

pub(super) fn record_timeline(api: &Api, _: &Caller, args: RecordArgs) -> Result<Vec<Change>> {
    read::record_timeline(&api.till()?.reader(), &args.record)
}

pub(super) fn record_at(api: &Api, _: &Caller, args: RecordAtArgs) -> Result<RecordStep> {
    read::record_at(&api.till()?.reader(), &args.record, args.version)
}

pub(super) fn record_version_at(api: &Api, _: &Caller, args: RecordVersionAtArgs) -> Result<u32> {
    let at = instant(&args.at, "The time")?;
    read::record_version_at(&api.till()?.reader(), &args.record, at)
}

pub(super) fn save_printer_setup(api: &Api, _: &Caller, args: SavePrinterSetupArgs) -> Result<crate::printer::PrinterSetup> {
    api.till()?.save_printer_setup(&args.setup)
}

pub(super) fn test_print(api: &Api, _: &Caller, _: NoArgs) -> Result<crate::printer::PrintOutcome> {
    api.till()?.test_print()
}
