//! Who may do what at the till: signing in with code and PIN, a manager's
//! approval of one command (`Approval`, made only here), and the manager-only
//! check of the back office and the audit trail.

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
    /// Signs a staff member in with code and PIN.
    pub fn sign_in(&mut self, code: &str, pin: &str) -> Result<StaffMember> {
        let now = self.now();
        staff::verify_pin(&self.conn, code, pin, now)
    }

    /// Checks a staff member's code and PIN for one command.
    pub fn approve(&mut self, code: &str, pin: &str) -> Result<Approval> {
        let member = self.sign_in(code, pin)?;
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
