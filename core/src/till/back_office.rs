//! The shop's plain tables (not event-sourced) as the till offers them: the
//! shop settings, and the snapshot interval kept with them.

use crate::error::Result;
use crate::settings::{self, Settings, SettingsInput};

use super::fold::Checkpoints;
use super::Till;

impl Till {
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn save_settings(&mut self, input: &SettingsInput) -> Result<Settings> {
        self.settings = settings::save(&self.conn, input)?;
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
}
