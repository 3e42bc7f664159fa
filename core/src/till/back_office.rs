//! The back office as the till offers it: the catalog, the staff, the shop
//! settings (each change recorded as events, see `crate::back_office`; the
//! snapshot interval is kept beside them), and a backup of the whole
//! database. A change's actor is the staff member signed in at this till
//! (`SYSTEM_ACTOR` when nobody is). The desktop shell and
//! the `pos` tool reach them only through these methods; who may call them
//! (a manager, for the back office) is the caller's check, through
//! [`Till::require_manager`].

use std::path::Path;

use crate::back_office::commands;
use crate::catalog::{self, ImportPreview, Product, ProductInput};
use crate::domain::{Role, StaffId};
use crate::error::Result;
use crate::settings::{self, Settings, SettingsInput};
use crate::staff::{self, StaffInput, StaffMember};
use crate::store::{self, Metadata, VerifyReport};

use super::fold::Checkpoints;
use super::Till;

/// The catalog.
impl Till {
    /// The active product with this barcode or SKU, if any.
    pub fn find_product(&self, code: &str) -> Result<Option<Product>> {
        catalog::find(&self.conn, code)
    }

    /// At most `limit` products whose name, SKU or barcode contains `query`
    /// (all when empty); archived ones only when asked.
    pub fn search_products(&self, query: &str, include_archived: bool, limit: u32) -> Result<Vec<Product>> {
        catalog::search(&self.conn, query, include_archived, limit)
    }

    /// The register's quick keys.
    pub fn favourite_products(&self) -> Result<Vec<Product>> {
        catalog::favourites(&self.conn)
    }

    pub fn add_product(&mut self, input: &ProductInput) -> Result<Product> {
        self.back_office(|tx, meta| commands::add_product(tx, meta, input))
    }

    pub fn update_product(&mut self, input: &ProductInput) -> Result<Product> {
        self.back_office(|tx, meta| commands::update_product(tx, meta, input))
    }

    pub fn set_product_archived(&mut self, sku: &str, archived: bool) -> Result<Product> {
        self.back_office(|tx, meta| commands::set_product_archived(tx, meta, sku, archived))
    }

    /// What importing this CSV would do, row by row; nothing is written.
    pub fn preview_catalog_import(&self, csv_text: &str) -> Result<ImportPreview> {
        catalog::preview_import(&self.conn, csv_text)
    }

    /// Imports a catalog CSV: all rows or none (a file with any bad row is refused).
    pub fn import_catalog(&mut self, csv_text: &str) -> Result<ImportPreview> {
        self.back_office(|tx, meta| {
            let preview = catalog::preview_import(tx, csv_text)?;
            catalog::importable(&preview)?;
            commands::import_catalog(tx, meta, &preview)?;
            Ok(preview)
        })
    }
}

/// The staff.
impl Till {
    pub fn staff_list(&self) -> Result<Vec<StaffMember>> {
        staff::list(&self.conn)
    }

    pub fn staff_by_code(&self, code: &str) -> Result<Option<StaffMember>> {
        staff::by_code(&self.conn, code)
    }

    /// Adds a staff member; their PIN must pass the rules for a new PIN.
    pub fn add_staff(&mut self, input: &StaffInput) -> Result<StaffMember> {
        crate::pin::check_new(&input.pin)?;
        self.back_office(|tx, meta| commands::add_staff(tx, meta, input))
    }

    /// Gives a staff member a new PIN, which must pass the rules for a new PIN.
    pub fn reset_pin(&mut self, id: StaffId, pin: &str) -> Result<StaffMember> {
        crate::pin::check_new(pin)?;
        self.back_office(|tx, meta| commands::reset_pin(tx, meta, id, pin))
    }

    /// Deactivates or reactivates a staff member; nobody deactivates themselves.
    pub fn set_staff_active(&mut self, id: StaffId, active: bool) -> Result<StaffMember> {
        self.back_office(|tx, meta| commands::set_staff_active(tx, meta, id, active))
    }

    pub fn set_staff_role(&mut self, id: StaffId, role: Role) -> Result<StaffMember> {
        self.back_office(|tx, meta| commands::set_staff_role(tx, meta, id, role))
    }
}

/// One back-office command: its own command id, the signed-in actor, this
/// till, now; one write transaction.
impl Till {
    pub(crate) fn command_meta(&self) -> Metadata {
        Metadata {
            actor: self.signed_in.unwrap_or(crate::back_office::SYSTEM_ACTOR),
            authorised_by: None,
            terminal: self.terminal.clone(),
            command_id: uuid::Uuid::now_v7(),
            recorded_at: self.now(),
        }
    }

    pub(super) fn back_office<T>(&mut self, run: impl FnOnce(&rusqlite::Connection, &Metadata) -> Result<T>) -> Result<T> {
        let meta = self.command_meta();
        let tx = store::write_tx(&self.conn)?;
        let out = run(&tx, &meta)?;
        tx.commit()?;
        Ok(out)
    }
}

/// The settings, and the backup.
impl Till {
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn save_settings(&mut self, input: &SettingsInput) -> Result<Settings> {
        let current = self.settings.clone();
        self.settings = self.back_office(|tx, meta| commands::save_settings(tx, meta, &current, input))?;
        Ok(self.settings.clone())
    }

    /// Checks the policy as typed and puts it in force for the next command.
    pub fn save_policy(&mut self, input: &crate::policy::PolicyInput) -> Result<Settings> {
        let policy = crate::policy::parse(input, self.settings.minor_unit)?;
        let current = self.settings.clone();
        self.settings = self.back_office(|tx, meta| commands::save_policy(tx, meta, &current, &policy))?;
        Ok(self.settings.clone())
    }

    pub fn snapshot_interval(&self) -> u32 {
        self.orders.checkpoints().interval()
    }

    pub fn set_snapshot_interval(&mut self, interval: u32) -> Result<()> {
        settings::set_snapshot_interval(&self.conn, interval)?;
        self.orders.set_checkpoints(Checkpoints::every(interval));
        Ok(())
    }

    /// Copies the whole database to `target` (a new file) while others may
    /// keep writing, then checks the copy's chain.
    pub fn backup(&self, target: &Path) -> Result<VerifyReport> {
        Ok(store::backup(&self.conn, target)?)
    }
}
