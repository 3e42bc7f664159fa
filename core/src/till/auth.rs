//! Who may do what at the till: signing in with code and PIN, a manager's
//! approval of one command (`Approval`, made only here), and the manager-only
//! check of the back office and the audit trail.

use crate::back_office::commands;
use crate::domain::{Approver, Role, StaffId};
use crate::error::{Error, Result};
use crate::staff::{self, StaffMember};

use super::Till;

/// A staff member's PIN, checked just now, standing behind one command.
/// Only `Till::approve` makes one, so a forged call cannot claim a manager.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Approval(pub(super) Approver);

impl Approval {
    pub fn staff(&self) -> StaffId {
        self.0.staff
    }
}

impl Till {
    /// Signs a staff member in with code and PIN (a `SignedIn` event on
    /// their stream); they are this till's actor until they sign out.
    pub fn sign_in(&mut self, code: &str, pin: &str) -> Result<StaffMember> {
        let now = self.now();
        let member = staff::verify_pin(&self.conn, code, pin, now)?;
        self.signed_in = Some(member.id);
        self.back_office(|tx, meta| commands::record_sign(tx, meta, member.id, true))?;
        Ok(member)
    }

    /// Signs out whoever is signed in at this till (a `SignedOut` event).
    pub fn sign_out(&mut self) -> Result<()> {
        if let Some(id) = self.signed_in {
            self.back_office(|tx, meta| commands::record_sign(tx, meta, id, false))?;
        }
        self.signed_in = None;
        Ok(())
    }

    /// Checks a staff member's code and PIN for one command.
    pub fn approve(&mut self, code: &str, pin: &str) -> Result<Approval> {
        let now = self.now();
        let member = staff::verify_pin(&self.conn, code, pin, now)?;
        Ok(Approval(Approver { staff: member.id, role: member.role }))
    }

    /// Checks that `actor` is an active manager (back office, audit trail).
    pub fn require_manager(&self, actor: StaffId) -> Result<StaffMember> {
        let member = staff::get(&self.conn, actor)?;
        if member.role != Role::Manager || !member.active {
            return Err(Error::ManagerOnly);
        }
        Ok(member)
    }
}
