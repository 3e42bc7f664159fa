//! The rules of the back office, pure: the catalog (a product), the staff (a
//! staff member) and the shop (settings and discount policy). Each command
//! is decided against the state of what it changes and the outside facts it
//! needs (who holds a barcode, whether a staff code is taken), looked up by
//! the caller, and answers the events it causes, or a `Refusal`. `evolve_*`
//! folds those events into the state.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::shop_event::*;
use super::policy::Policy;
use super::{Event, ProductFacts, Role, StaffId};

/// Why a back-office command was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    SkuTaken(String),
    /// The barcode is the barcode or SKU of the product named second.
    BarcodeTaken { barcode: String, by: String },
    NoSuchProduct(String),
    StaffCodeTaken(String),
    NoSuchStaff(StaffId),
    DeactivateSelf,
}

/// A product as its events leave it: the catalog's row (`catalog::Product`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Product {
    pub sku: String,
    pub barcode: Option<String>,
    pub name: String,
    #[ts(type = "string")]
    pub price: Decimal,
    #[ts(type = "string")]
    pub tax_rate: Decimal,
    pub favourite: bool,
    pub archived: bool,
}

impl Product {
    /// What an order needs of the product to ring it up.
    pub fn facts(&self) -> ProductFacts {
        ProductFacts { sku: self.sku.clone(), name: self.name.clone(), unit_price: self.price, tax_rate: self.tax_rate }
    }
}

/// A staff member as their events leave them (the PIN is not an event).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StaffState {
    pub id: StaffId,
    pub code: String,
    pub name: String,
    pub role: Role,
    pub active: bool,
}

/// The shop's details: name, address, currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ShopDetails {
    pub shop_name: String,
    pub shop_address: String,
    pub currency: String,
    /// The smallest coin a cash payment is rounded to; none by default.
    #[ts(type = "string | null")]
    pub cash_coin: Option<rust_decimal::Decimal>,
    /// The shop's time zone (an IANA name); none: the system's.
    pub time_zone: Option<String>,
    /// The language its slips are printed in ("de"); none: English.
    pub language: Option<String>,
}

/// The shop's stream as its events leave it: the details and the discount
/// policy, each none until first recorded.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ShopState {
    pub details: Option<ShopDetails>,
    pub policy: Option<Policy>,
}

fn barcode_free(barcode: &Option<String>, owner: Option<&str>) -> Result<(), Refusal> {
    match (barcode, owner) {
        (Some(b), Some(by)) => Err(Refusal::BarcodeTaken { barcode: b.clone(), by: by.to_string() }),
        _ => Ok(()),
    }
}

/// Adds `new` to the catalog. `barcode_owner`: another product whose barcode
/// or SKU is `new`'s barcode.
pub fn add_product(current: Option<&Product>, barcode_owner: Option<&str>, new: &Product) -> Result<Vec<Event>, Refusal> {
    if current.is_some() {
        return Err(Refusal::SkuTaken(new.sku.clone()));
    }
    barcode_free(&new.barcode, barcode_owner)?;
    Ok(vec![Event::ProductAdded(ProductAdded {
        sku: new.sku.clone(),
        barcode: new.barcode.clone(),
        name: new.name.clone(),
        price: new.price,
        tax_rate: new.tax_rate,
        favourite: new.favourite,
        imported: false,
    })])
}

/// Edits a product (its SKU names it): a `PriceChanged` if the price moved,
/// a `ProductChanged` if anything else did; nothing if nothing did.
pub fn edit_product(current: Option<&Product>, barcode_owner: Option<&str>, new: &Product) -> Result<Vec<Event>, Refusal> {
    let old = current.ok_or_else(|| Refusal::NoSuchProduct(new.sku.clone()))?;
    barcode_free(&new.barcode, barcode_owner)?;
    let mut events = Vec::new();
    if old.price != new.price {
        events.push(Event::PriceChanged(PriceChanged { sku: new.sku.clone(), from: old.price, to: new.price }));
    }
    let details = |p: &Product| (p.barcode.clone(), p.name.clone(), p.tax_rate, p.favourite);
    if details(old) != details(new) {
        events.push(Event::ProductChanged(ProductChanged {
            sku: new.sku.clone(),
            barcode: new.barcode.clone(),
            name: new.name.clone(),
            tax_rate: new.tax_rate,
            favourite: new.favourite,
        }));
    }
    Ok(events)
}

/// Archives or restores a product; nothing if it already is so.
pub fn archive_product(current: Option<&Product>, sku: &str, archived: bool) -> Result<Vec<Event>, Refusal> {
    let old = current.ok_or_else(|| Refusal::NoSuchProduct(sku.to_string()))?;
    Ok(match (old.archived, archived) {
        (false, true) => vec![Event::ProductArchived(ProductArchived { sku: sku.into(), imported: false })],
        (true, false) => vec![Event::ProductRestored(ProductRestored { sku: sku.into() })],
        _ => Vec::new(),
    })
}

/// One row of a catalog import: adds the product, or edits it and restores
/// it if it was archived. The file's barcodes were checked with its preview.
pub fn import_product(current: Option<&Product>, new: &Product) -> Result<Vec<Event>, Refusal> {
    match current {
        None => add_product(None, None, new),
        Some(old) => {
            let mut events = edit_product(Some(old), None, new)?;
            events.extend(archive_product(Some(old), &new.sku, false)?);
            Ok(events)
        }
    }
}

pub fn evolve_product(state: Option<Product>, event: &Event) -> Option<Product> {
    match (state, event) {
        (_, Event::ProductAdded(e)) => Some(Product {
            sku: e.sku.clone(),
            barcode: e.barcode.clone(),
            name: e.name.clone(),
            price: e.price,
            tax_rate: e.tax_rate,
            favourite: e.favourite,
            archived: false,
        }),
        (Some(p), Event::PriceChanged(e)) => Some(Product { price: e.to, ..p }),
        (Some(p), Event::ProductChanged(e)) => Some(Product {
            barcode: e.barcode.clone(),
            name: e.name.clone(),
            tax_rate: e.tax_rate,
            favourite: e.favourite,
            ..p
        }),
        (Some(p), Event::ProductArchived(_)) => Some(Product { archived: true, ..p }),
        (Some(p), Event::ProductRestored(_)) => Some(Product { archived: false, ..p }),
        (state, _) => state,
    }
}

/// Adds a staff member under `id` (the next free one).
pub fn add_staff(code_taken: bool, id: StaffId, code: &str, name: &str, role: Role) -> Result<Vec<Event>, Refusal> {
    if code_taken {
        return Err(Refusal::StaffCodeTaken(code.to_string()));
    }
    Ok(vec![Event::StaffAdded(StaffAdded { id, code: code.into(), name: name.into(), role, imported: false })])
}

pub fn reset_pin(current: Option<&StaffState>, id: StaffId) -> Result<Vec<Event>, Refusal> {
    current.ok_or(Refusal::NoSuchStaff(id))?;
    Ok(vec![Event::PinReset(PinReset { id })])
}

/// Deactivates or reactivates a staff member; `actor` may not deactivate
/// themselves. Nothing if they already are so.
pub fn set_staff_active(current: Option<&StaffState>, id: StaffId, active: bool, actor: StaffId) -> Result<Vec<Event>, Refusal> {
    let member = current.ok_or(Refusal::NoSuchStaff(id))?;
    if !active && actor == id {
        return Err(Refusal::DeactivateSelf);
    }
    Ok(match (member.active, active) {
        (true, false) => vec![Event::StaffDeactivated(StaffDeactivated { id, imported: false })],
        (false, true) => vec![Event::StaffReactivated(StaffReactivated { id })],
        _ => Vec::new(),
    })
}

pub fn change_role(current: Option<&StaffState>, id: StaffId, role: Role) -> Result<Vec<Event>, Refusal> {
    let member = current.ok_or(Refusal::NoSuchStaff(id))?;
    Ok(if member.role == role { Vec::new() } else { vec![Event::RoleChanged(RoleChanged { id, from: member.role, to: role })] })
}

pub fn evolve_staff(state: Option<StaffState>, event: &Event) -> Option<StaffState> {
    match (state, event) {
        (_, Event::StaffAdded(e)) => {
            Some(StaffState { id: e.id, code: e.code.clone(), name: e.name.clone(), role: e.role, active: true })
        }
        (Some(s), Event::RoleChanged(e)) => Some(StaffState { role: e.to, ..s }),
        (Some(s), Event::StaffDeactivated(_)) => Some(StaffState { active: false, ..s }),
        (Some(s), Event::StaffReactivated(_)) => Some(StaffState { active: true, ..s }),
        (state, _) => state,
    }
}

pub fn evolve_shop(state: ShopState, event: &Event) -> ShopState {
    match event {
        Event::SettingsChanged(e) => ShopState {
            details: Some(ShopDetails {
                shop_name: e.shop_name.clone(),
                shop_address: e.shop_address.clone(),
                currency: e.currency.clone(),
                cash_coin: e.cash_coin,
                time_zone: e.time_zone.clone(),
                language: e.language.clone(),
            }),
            ..state
        },
        Event::PolicyChanged(e) => ShopState { policy: Some(e.policy.clone()), ..state },
        _ => state,
    }
}

/// Saves the shop's details and policy: an event for each that changed.
pub fn change_settings(current: (&ShopDetails, &Policy), new: (&ShopDetails, &Policy)) -> Vec<Event> {
    let mut events = Vec::new();
    if current.0 != new.0 {
        let d = new.0.clone();
        events.push(Event::SettingsChanged(SettingsChanged {
            shop_name: d.shop_name,
            shop_address: d.shop_address,
            currency: d.currency,
            cash_coin: d.cash_coin,
            time_zone: d.time_zone,
            language: d.language,
            imported: false,
        }));
    }
    if current.1 != new.1 {
        events.push(Event::PolicyChanged(PolicyChanged { policy: new.1.clone(), imported: false }));
    }
    events
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn espresso() -> Product {
        Product {
            sku: "COF-ESP".into(),
            barcode: Some("2000000010007".into()),
            name: "Espresso".into(),
            price: dec!(2.20),
            tax_rate: dec!(20),
            favourite: true,
            archived: false,
        }
    }

    fn member(active: bool) -> StaffState {
        StaffState { id: 2, code: "1001".into(), name: "Alex".into(), role: Role::Cashier, active }
    }

    /// Given events folded from nothing, the state they leave.
    fn given_product(events: &[Event]) -> Option<Product> {
        events.iter().fold(None, evolve_product)
    }

    #[test]
    fn adding_a_new_sku_records_product_added_and_folds_back_to_it() {
        let events = add_product(None, None, &espresso()).unwrap();
        assert!(matches!(&events[..], [Event::ProductAdded(e)] if e.sku == "COF-ESP" && !e.imported));
        assert_eq!(given_product(&events), Some(espresso()));
    }

    #[test]
    fn adding_an_existing_sku_or_a_taken_barcode_is_refused() {
        assert_eq!(add_product(Some(&espresso()), None, &espresso()), Err(Refusal::SkuTaken("COF-ESP".into())));
        let err = add_product(None, Some("TEA-GRN"), &espresso()).unwrap_err();
        assert_eq!(err, Refusal::BarcodeTaken { barcode: "2000000010007".into(), by: "TEA-GRN".into() });
    }

    #[test]
    fn a_new_price_records_price_changed_from_and_to() {
        let given = given_product(&add_product(None, None, &espresso()).unwrap());
        let events = edit_product(given.as_ref(), None, &Product { price: dec!(2.40), ..espresso() }).unwrap();
        assert_eq!(events, vec![Event::PriceChanged(PriceChanged { sku: "COF-ESP".into(), from: dec!(2.20), to: dec!(2.40) })]);
        assert_eq!(events.iter().fold(given, evolve_product).unwrap().price, dec!(2.40));
    }

    #[test]
    fn other_edits_record_product_changed_and_no_change_records_nothing() {
        let given = espresso();
        let renamed = Product { name: "Ristretto".into(), ..espresso() };
        let events = edit_product(Some(&given), None, &renamed).unwrap();
        assert!(matches!(&events[..], [Event::ProductChanged(e)] if e.name == "Ristretto"));
        assert_eq!(edit_product(Some(&given), None, &espresso()).unwrap(), vec![]);
    }

    #[test]
    fn editing_or_archiving_an_unknown_sku_is_refused() {
        assert_eq!(edit_product(None, None, &espresso()), Err(Refusal::NoSuchProduct("COF-ESP".into())));
        assert_eq!(archive_product(None, "X", true), Err(Refusal::NoSuchProduct("X".into())));
    }

    #[test]
    fn archiving_and_restoring_record_only_a_change() {
        let events = archive_product(Some(&espresso()), "COF-ESP", true).unwrap();
        assert!(matches!(&events[..], [Event::ProductArchived(_)]));
        let archived = events.iter().fold(Some(espresso()), evolve_product).unwrap();
        assert!(archived.archived);
        assert_eq!(archive_product(Some(&archived), "COF-ESP", true).unwrap(), vec![]);
        assert!(matches!(&archive_product(Some(&archived), "COF-ESP", false).unwrap()[..], [Event::ProductRestored(_)]));
    }

    #[test]
    fn importing_an_archived_product_edits_and_restores_it() {
        let archived = Product { archived: true, ..espresso() };
        let events = import_product(Some(&archived), &Product { price: dec!(3), ..espresso() }).unwrap();
        assert!(matches!(&events[..], [Event::PriceChanged(_), Event::ProductRestored(_)]));
    }

    #[test]
    fn a_taken_staff_code_is_refused() {
        assert_eq!(add_staff(true, 3, "1001", "Sam", Role::Cashier), Err(Refusal::StaffCodeTaken("1001".into())));
        let events = add_staff(false, 3, "1002", "Sam", Role::Cashier).unwrap();
        assert_eq!(events.iter().fold(None, evolve_staff).unwrap().id, 3);
    }

    #[test]
    fn nobody_deactivates_themselves_and_others_are_deactivated_once() {
        assert_eq!(set_staff_active(Some(&member(true)), 2, false, 2), Err(Refusal::DeactivateSelf));
        let events = set_staff_active(Some(&member(true)), 2, false, 9).unwrap();
        assert!(matches!(&events[..], [Event::StaffDeactivated(_)]));
        assert!(!events.iter().fold(Some(member(true)), evolve_staff).unwrap().active);
        assert_eq!(set_staff_active(Some(&member(false)), 2, false, 9).unwrap(), vec![]);
        assert!(matches!(&set_staff_active(Some(&member(false)), 2, true, 2).unwrap()[..], [Event::StaffReactivated(_)]));
        assert_eq!(set_staff_active(None, 5, true, 9), Err(Refusal::NoSuchStaff(5)));
    }

    #[test]
    fn a_pin_reset_records_who_and_nothing_else() {
        assert_eq!(reset_pin(Some(&member(true)), 2).unwrap(), vec![Event::PinReset(PinReset { id: 2 })]);
        assert_eq!(reset_pin(None, 7), Err(Refusal::NoSuchStaff(7)));
    }

    #[test]
    fn a_new_role_records_from_and_to() {
        let events = change_role(Some(&member(true)), 2, Role::Manager).unwrap();
        assert_eq!(events, vec![Event::RoleChanged(RoleChanged { id: 2, from: Role::Cashier, to: Role::Manager })]);
        assert_eq!(change_role(Some(&member(true)), 2, Role::Cashier).unwrap(), vec![]);
    }

    #[test]
    fn saving_settings_records_what_changed_details_and_policy_apart() {
        let shop = ShopDetails { shop_name: "A".into(), shop_address: String::new(), currency: "EUR".into(), cash_coin: None, time_zone: None, language: None };
        let policy = Policy::default();
        assert_eq!(change_settings((&shop, &policy), (&shop, &policy)), vec![]);
        let mut stricter = Policy::default();
        stricter.cashier.discount_percent_max = dec!(5);
        let events = change_settings((&shop, &policy), (&shop, &stricter));
        assert!(matches!(&events[..], [Event::PolicyChanged(e)] if e.policy == stricter));
        let renamed = ShopDetails { shop_name: "B".into(), ..shop.clone() };
        assert!(matches!(&change_settings((&shop, &policy), (&renamed, &policy))[..], [Event::SettingsChanged(e)] if e.shop_name == "B"));
    }

    #[test]
    fn the_shop_keeps_its_details_and_policy_apart_as_they_change() {
        let mut stricter = Policy::default();
        stricter.cashier.discount_percent_max = dec!(5);
        let details = SettingsChanged { shop_name: "A".into(), shop_address: "1 Road".into(), currency: "EUR".into(), cash_coin: None, time_zone: None, language: None, imported: false };
        let events = [
            Event::PolicyChanged(PolicyChanged { policy: Policy::default(), imported: true }),
            Event::SettingsChanged(details),
            Event::PolicyChanged(PolicyChanged { policy: stricter.clone(), imported: false }),
            Event::SignedIn(SignedIn { id: 1 }),
        ];
        let states: Vec<ShopState> = events
            .iter()
            .scan(ShopState::default(), |s, e| {
                *s = evolve_shop(s.clone(), e);
                Some(s.clone())
            })
            .collect();
        assert_eq!(states[0], ShopState { details: None, policy: Some(Policy::default()) });
        assert_eq!(states[1].details.as_ref().map(|d| d.shop_name.as_str()), Some("A"));
        assert_eq!(states[1].policy, Some(Policy::default()));
        assert_eq!(states[2].policy, Some(stricter));
        assert_eq!(states[3], states[2]);
    }
}
