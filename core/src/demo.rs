//! The demo shop seeded on first start: a small catalog with barcodes and two
//! tax rates, one cashier and one manager (their PINs are in the README).

use rusqlite::Connection;

use crate::back_office::{self, commands, Stream};
use crate::catalog::{self, ProductInput};
use crate::domain::{Event, PolicyChanged, Role, SettingsChanged};
use crate::error::Result;
use crate::settings::Settings;
use crate::staff::{self, StaffInput};
use crate::store::Metadata;

pub const CASHIER_CODE: &str = "1001";
pub const CASHIER_PIN: &str = "1234";
pub const MANAGER_CODE: &str = "9001";
pub const MANAGER_PIN: &str = "9999";

/// (sku, name, price, tax rate, favourite). Barcodes are made from the SKU's
/// number as valid EAN-13s.
const PRODUCTS: &[(&str, &str, &str, &str, bool)] = &[
    ("COF-ESP", "Espresso", "2.20", "20", true),
    ("COF-CAP", "Cappuccino", "3.10", "20", true),
    ("COF-LAT", "Latte", "3.30", "20", true),
    ("TEA-ENG", "English breakfast tea", "2.00", "20", true),
    ("TEA-GRN", "Green tea", "2.10", "20", false),
    ("BAK-CRO", "Croissant", "1.80", "5", true),
    ("BAK-PAI", "Pain au chocolat", "2.10", "5", true),
    ("BAK-MUF", "Blueberry muffin", "2.40", "5", false),
    ("BAK-BAG", "Bagel", "1.50", "5", false),
    ("BRD-SOU", "Sourdough loaf", "4.50", "5", true),
    ("BRD-RYE", "Rye bread", "3.90", "5", false),
    ("DAI-MLK", "Whole milk 1l", "1.15", "5", true),
    ("DAI-OAT", "Oat milk 1l", "2.05", "5", false),
    ("DAI-BUT", "Butter 250g", "2.60", "5", false),
    ("DAI-CHE", "Cheddar 200g", "3.20", "5", false),
    ("DAI-YOG", "Greek yoghurt 500g", "2.75", "5", false),
    ("FRU-BAN", "Bananas (bunch)", "1.25", "5", true),
    ("FRU-APL", "Apples 6 pack", "2.30", "5", false),
    ("FRU-ORA", "Oranges 4 pack", "2.10", "5", false),
    ("VEG-TOM", "Tomatoes 500g", "1.95", "5", false),
    ("VEG-AVO", "Avocado", "1.10", "5", false),
    ("PAN-PAS", "Spaghetti 500g", "1.40", "5", false),
    ("PAN-RIC", "Basmati rice 1kg", "2.80", "5", false),
    ("PAN-OIL", "Olive oil 500ml", "6.50", "5", false),
    ("PAN-HON", "Honey 340g", "4.20", "5", false),
    ("SNK-CHO", "Dark chocolate 100g", "1.90", "20", true),
    ("SNK-CRI", "Sea salt crisps", "1.20", "20", false),
    ("SNK-NUT", "Mixed nuts 200g", "3.40", "20", false),
    ("DRK-WAT", "Still water 500ml", "0.95", "20", true),
    ("DRK-COL", "Cola 330ml", "1.30", "20", false),
    ("DRK-OJ", "Orange juice 1l", "2.45", "20", false),
    ("HOU-SOA", "Hand soap", "2.15", "20", false),
    ("HOU-TIS", "Tissues", "1.05", "20", false),
    ("HOU-BAT", "AA batteries 4 pack", "4.99", "20", false),
    ("NEW-PAP", "Daily newspaper", "1.80", "0", false),
    ("BAG-REU", "Reusable bag", "0.50", "20", true),
];

/// A valid EAN-13 for the `n`th demo product (prefix 200, in-store range).
pub fn demo_barcode(n: usize) -> String {
    let body = format!("200{:09}", 1000 + n);
    let sum: u32 = body
        .chars()
        .enumerate()
        .map(|(i, c)| c.to_digit(10).unwrap_or(0) * if i % 2 == 0 { 1 } else { 3 })
        .sum();
    format!("{body}{}", (10 - sum % 10) % 10)
}

/// Seeds the demo shop into an empty database, as the events of its
/// products, staff and settings (`meta`: the till itself, now); does
/// nothing if another till seeded it first.
pub fn seed(conn: &Connection, meta: &Metadata) -> Result<()> {
    let tx = crate::store::write_tx(conn)?;
    if staff::count(&tx)? > 0 || catalog::count(&tx)? > 0 {
        return Ok(());
    }
    for (i, (sku, name, price, rate, favourite)) in PRODUCTS.iter().enumerate() {
        let input = ProductInput {
            sku: sku.to_string(),
            barcode: demo_barcode(i),
            name: name.to_string(),
            price: price.to_string(),
            tax_rate: rate.to_string(),
            favourite: *favourite,
        };
        commands::add_product(&tx, meta, &input)?;
    }
    let cashier = StaffInput { code: CASHIER_CODE.into(), name: "Alex Cashier".into(), role: Role::Cashier, pin: CASHIER_PIN.into() };
    commands::add_staff(&tx, meta, &cashier)?;
    let manager = StaffInput { code: MANAGER_CODE.into(), name: "Morgan Manager".into(), role: Role::Manager, pin: MANAGER_PIN.into() };
    commands::add_staff(&tx, meta, &manager)?;
    let shop = [
        Event::SettingsChanged(SettingsChanged {
            shop_name: "Corner Shop".into(),
            shop_address: "1 High Street\nSpringfield".into(),
            currency: Settings::default().currency,
            cash_coin: None,
            time_zone: None,
            language: None,
            imported: false,
        }),
        Event::PolicyChanged(PolicyChanged { policy: Settings::default().policy, imported: false }),
    ];
    back_office::record(&tx, Stream::Shop, &shop, meta)?;
    open_demo_shift(&tx, meta)?;
    tx.commit()?;
    Ok(())
}

/// The demo shop is open for business: shift S-1 on this till, with a float
/// of 100.00 counted by denomination, so a first sale can be rung up at once.
fn open_demo_shift(tx: &Connection, meta: &Metadata) -> Result<()> {
    use crate::domain::shift::{open_shift, Count};
    use crate::domain::{Ctx, DenominationCount, Policy};
    let ctx = Ctx { now: meta.recorded_at, actor: meta.actor, actor_role: Role::Manager, approver: None, policy: Policy::default(), currency: Default::default(), cash_coin: None };
    let pieces = |value: i64, pieces: u32| DenominationCount { value: rust_decimal::Decimal::new(value * 100, 2), pieces };
    let float = Count { amount: None, denominations: vec![pieces(20, 2), pieces(10, 4), pieces(5, 3), pieces(1, 5)] };
    let opened = open_shift(None, 1, &meta.terminal, float, &ctx)?;
    back_office::record(tx, Stream::Shift(1), &[Event::ShiftOpened(opened)], meta)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn demo_barcodes_are_valid_ean13() {
        // 2000000010007 style: recompute the check digit independently.
        for n in 0..40 {
            let b = super::demo_barcode(n);
            assert_eq!(b.len(), 13);
            let digits: Vec<u32> = b.chars().map(|c| c.to_digit(10).unwrap()).collect();
            let sum: u32 = digits.iter().enumerate().map(|(i, d)| d * if i % 2 == 0 { 1 } else { 3 }).sum();
            assert_eq!(sum % 10, 0, "{b}");
        }
    }
}
