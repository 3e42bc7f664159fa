//! Reading events of older shapes. An upcaster turns a stored payload of an
//! old schema version into the current shape; stored rows are never rewritten.

use serde_json::Value;

use crate::domain::{Event, EventKind};

/// The tax rate tills applied before events recorded one (schema v1 of
/// `ItemAdded`): every product was sold at the standard rate.
pub const V1_TAX_RATE: &str = "20";

/// Decodes a stored payload of any known shape into the current `Event`.
/// An unknown kind or a payload that no longer decodes is an error that names
/// the problem; the caller adds the position.
pub fn decode(kind: i64, schema_version: i64, payload: &[u8]) -> Result<Event, String> {
    let kind = EventKind::from_code(kind).ok_or_else(|| format!("unknown event type {kind}"))?;
    let current = i64::from(kind.schema_version());
    if schema_version == current {
        return Event::from_payload(kind, payload).map_err(|e| format!("{} payload does not decode: {e}", kind.as_str()));
    }
    if schema_version > current || schema_version < 1 {
        return Err(format!("{} has schema version {schema_version}, which this version does not know", kind.as_str()));
    }
    let mut value: Value =
        serde_json::from_slice(payload).map_err(|e| format!("{} payload is not JSON: {e}", kind.as_str()))?;
    for from in schema_version..current {
        value = step(kind, from, value)?;
    }
    let bytes = serde_json::to_vec(&value).map_err(|e| e.to_string())?;
    Event::from_payload(kind, &bytes).map_err(|e| format!("{} v{schema_version} payload does not upcast: {e}", kind.as_str()))
}

/// One upcasting step: shape `from` to shape `from + 1`.
fn step(kind: EventKind, from: i64, mut value: Value) -> Result<Value, String> {
    match (kind, from) {
        // v1 → v2: prices were JSON numbers, quantity was `quantity`, and
        // there was no tax rate.
        (EventKind::ItemAdded, 1) => {
            let obj = value.as_object_mut().ok_or("ItemAdded v1 payload is not an object")?;
            let price = obj.remove("price").ok_or("ItemAdded v1 payload has no price")?;
            let price = match price {
                // Keep the number's exact decimal text.
                Value::Number(n) => Value::String(n.to_string()),
                other => other,
            };
            obj.insert("price".into(), price);
            let qty = obj.remove("quantity").ok_or("ItemAdded v1 payload has no quantity")?;
            obj.insert("qty".into(), qty);
            obj.entry("tax").or_insert(Value::String(V1_TAX_RATE.into()));
            Ok(value)
        }
        _ => Err(format!("no upcaster for {} v{from}", kind.as_str())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    /// A payload exactly as version 0.0.x of the app stored it.
    const ITEM_ADDED_V1: &str = include_str!("../../fixtures/item_added_v1.json");

    #[test]
    fn a_stored_v1_item_added_still_loads() {
        let Event::ItemAdded(e) = decode(EventKind::ItemAdded.code(), 1, ITEM_ADDED_V1.as_bytes()).unwrap() else { panic!() };
        assert_eq!(e.unit_price, dec!(4.20));
        assert_eq!(e.tax_rate, dec!(20));
        assert_eq!(e.quantity, 2);
        assert_eq!(e.name, "Oat milk 1l");
    }

    #[test]
    fn unknown_kinds_and_versions_are_named_not_skipped() {
        assert!(decode(99, 1, b"{}").unwrap_err().contains("unknown event type"));
        assert!(decode(EventKind::ItemAdded.code(), 9, b"{}").unwrap_err().contains("schema version 9"));
        assert!(decode(EventKind::OrderOpened.code(), 1, b"{\"number\":\"x\"}").unwrap_err().contains("does not decode"));
    }
}
