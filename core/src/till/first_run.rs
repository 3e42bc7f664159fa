//! The shop's first run through the till: is it set up, and setting it up.

use crate::error::{Error, Result};
use crate::pin;
use crate::settings::SettingsInput;
use crate::setup::{self, SetupInput, TillIdentity};
use crate::staff::{self, StaffInput, StaffMember};
use crate::domain::Role;

use super::Till;

impl Till {
    /// No staff yet: nobody can sign in until the setup screen is done.
    pub fn needs_setup(&self) -> Result<bool> {
        Ok(staff::count(&self.conn)? == 0)
    }

    pub fn identity(&self) -> Result<TillIdentity> {
        Ok(TillIdentity { needs_setup: self.needs_setup()?, till_id: self.terminal.clone() })
    }

    /// Names the shop and this till and adds the first manager; only while
    /// the database has no staff. The manager is written last: setup refused
    /// or cut short before it leaves the database still needing setup, and
    /// running it again replaces what the first try wrote. The new manager
    /// is signed in.
    pub fn set_up(&mut self, input: &SetupInput) -> Result<StaffMember> {
        if !self.needs_setup()? {
            return Err(Error::AlreadySetUp);
        }
        let till_id = setup::check_till_id(&input.till_id)?;
        pin::check_new(&input.manager_pin)?;
        if input.manager_pin != input.manager_pin_again {
            return Err(Error::Invalid { field: "PIN again", problem: crate::problem::Problem::PinsDiffer });
        }
        let now = self.settings();
        let settings = SettingsInput {
            shop_name: input.shop_name.clone(),
            shop_address: now.shop_address.clone(),
            currency: input.currency.clone(),
            cash_coin: input.cash_coin.clone(),
            time_zone: if input.time_zone.trim().is_empty() { crate::zone::system().name().to_string() } else { input.time_zone.clone() },
            language: input.language.clone(),
        };
        let manager = StaffInput {
            code: input.manager_code.clone(),
            name: input.manager_name.clone(),
            role: Role::Manager,
            pin: input.manager_pin.clone(),
        };
        self.save_settings(&settings)?;
        setup::store_till_id(&self.conn, &till_id)?;
        self.terminal = till_id;
        self.add_staff(&manager)?;
        // The new manager is this till's actor from now on (a `SignedIn`).
        self.sign_in(&manager.code, &manager.pin)
    }
}

#[cfg(test)]
mod tests {
    //! given(a new database).when(set up).then(what it holds).
    use super::*;
    use crate::till::{CommandMeta, TillOptions};

    fn new_shop(dir: &tempfile::TempDir) -> Till {
        Till::open_with(&dir.path().join("pos.db"), TillOptions { seed_demo: false, ..TillOptions::default() }).unwrap()
    }

    fn input(till_id: &str, pin: &str) -> SetupInput {
        SetupInput {
            shop_name: "Corner Bakery".into(),
            currency: "chf".into(),
            till_id: till_id.into(),
            manager_name: "Sam Owner".into(),
            manager_code: "4242".into(),
            manager_pin: pin.into(),
            manager_pin_again: pin.into(),
            cash_coin: String::new(),
            time_zone: String::new(),
            language: String::new(),
        }
    }

    #[test]
    fn a_new_database_without_the_demo_needs_setup_and_has_nobody_to_sign_in() {
        let dir = tempfile::tempdir().unwrap();
        let mut till = new_shop(&dir);
        assert!(till.needs_setup().unwrap());
        assert_eq!(till.sign_in("9001", "9999").unwrap_err().code(), "wrong_pin");
        assert_eq!(till.search_products("", true, 10).unwrap().len(), 0);
    }

    #[test]
    fn setup_names_the_till_whose_id_goes_on_its_events_and_survives_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let mut till = new_shop(&dir);
        let manager = till.set_up(&input(" t2 ", "2580")).unwrap();
        assert_eq!((manager.role, manager.name.as_str()), (Role::Manager, "Sam Owner"));
        assert_eq!(till.terminal(), "T2");
        assert_eq!(till.settings().currency, "CHF");
        let no_shift = till.open_order(&CommandMeta::new(manager.id)).unwrap_err();
        assert_eq!(no_shift.code(), "no_open_shift", "a new shop opens its first shift before its first sale");
        let float = crate::till::CountRequest { amount: "100".into(), denominations: Vec::new() };
        assert_eq!(till.open_shift(&float, &CommandMeta::new(manager.id)).unwrap().terminal, "T2");
        let order = till.open_order(&CommandMeta::new(manager.id)).unwrap().order;
        assert_eq!(order.terminal, "T2");
        drop(till);
        let mut again = new_shop(&dir);
        assert_eq!(again.identity().unwrap(), TillIdentity { needs_setup: false, till_id: "T2".into() });
        assert_eq!(again.sign_in("4242", "2580").unwrap().id, manager.id);
    }

    #[test]
    fn setup_is_refused_once_anyone_can_sign_in() {
        let dir = tempfile::tempdir().unwrap();
        let mut till = new_shop(&dir);
        till.set_up(&input("T1", "2580")).unwrap();
        assert_eq!(till.set_up(&input("T9", "3691")).unwrap_err().code(), "already_set_up");
        assert_eq!(till.terminal(), "T1");
        let demo = tempfile::tempdir().unwrap();
        let mut demo = Till::open(&demo.path().join("pos.db")).unwrap();
        assert_eq!(demo.set_up(&input("T9", "3691")).unwrap_err().code(), "already_set_up");
    }

    #[test]
    fn a_refused_setup_writes_no_manager_and_can_be_tried_again() {
        let dir = tempfile::tempdir().unwrap();
        let mut till = new_shop(&dir);
        for (bad, why) in [
            (input("T1", "1234"), "not a run"),
            (input("T1", "0000"), "not all one digit"),
            (SetupInput { manager_pin_again: "2581".into(), ..input("T1", "2580") }, "differ"),
            (input("T 1", "2580"), "letters, digits and dashes"),
            (SetupInput { currency: "EU".into(), ..input("T1", "2580") }, "three-letter"),
            (SetupInput { manager_code: "".into(), ..input("T1", "2580") }, "required"),
        ] {
            let refusal = till.set_up(&bad).unwrap_err().to_string();
            assert!(refusal.contains(why), "{refusal:?} should say {why:?}");
            assert!(till.needs_setup().unwrap(), "nobody was added by a refused setup");
        }
        till.set_up(&input("T3", "2580")).unwrap();
        assert_eq!(till.terminal(), "T3");
    }

    #[test]
    fn a_pin_chosen_later_follows_the_same_rule() {
        let dir = tempfile::tempdir().unwrap();
        let mut till = new_shop(&dir);
        let manager = till.set_up(&input("T1", "2580")).unwrap();
        let weak = StaffInput { code: "7".into(), name: "Pat".into(), role: Role::Cashier, pin: "4321".into() };
        assert!(till.add_staff(&weak).unwrap_err().to_string().contains("not a run"));
        assert!(till.reset_pin(manager.id, "5555").unwrap_err().to_string().contains("not all one digit"));
        till.add_staff(&StaffInput { pin: "4312".into(), ..weak }).unwrap();
    }
}
