//! Numbers unique across the shop without asking anyone. Each till counts
//! its own orders and refunds, and its till id goes in front: order 42 of
//! till T1 is `T1-42`, and its refund 3 is `R-T1-3`. Two tills never print
//! the same number, and a receipt names the till that can find its sale.

use super::RefundNumber;
use crate::limits::TILL_ID_CHARS_MAX;

/// The number a receipt prints for order `number` of till `till`.
pub fn sale_reference(till: &str, number: i64) -> String {
    debug_assert!(number > 0, "orders are numbered from 1");
    format!("{till}-{number}")
}

/// The number a refund slip prints for refund `number` of till `till`.
pub fn refund_reference(till: &str, number: RefundNumber) -> String {
    debug_assert!(number > 0, "refunds are numbered from 1");
    format!("R-{till}-{number}")
}

/// A sale's number as typed or scanned from a receipt: `T1-42`, or a bare
/// `42` (this till's, as receipts printed before the till id was added).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaleReference {
    pub till: Option<String>,
    pub number: i64,
}

impl SaleReference {
    /// Reads `text`; `None` when it is no sale's number. Case and a leading
    /// `#` do not matter.
    pub fn parse(text: &str) -> Option<SaleReference> {
        let t = text.trim().trim_start_matches('#').to_uppercase();
        let (till, digits) = match t.rsplit_once('-') {
            Some((till, digits)) => (Some(till.to_string()), digits),
            None => (None, t.as_str()),
        };
        if till.as_deref().is_some_and(|id| !is_till_id(id)) {
            return None;
        }
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let number = digits.parse::<i64>().ok().filter(|n| *n > 0)?;
        Some(SaleReference { till, number })
    }

    /// Whether this number names a sale of till `terminal`: its own id, or
    /// no id at all.
    pub fn is_of(&self, terminal: &str) -> bool {
        self.till.as_deref().is_none_or(|t| t == terminal)
    }
}

fn is_till_id(id: &str) -> bool {
    !id.is_empty() && id.chars().count() <= TILL_ID_CHARS_MAX && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Option<(Option<String>, i64)> {
        SaleReference::parse(text).map(|r| (r.till, r.number))
    }

    #[test]
    fn a_till_numbers_its_documents_with_its_id() {
        assert_eq!(sale_reference("T1", 42), "T1-42");
        assert_eq!(refund_reference("T1", 3), "R-T1-3");
        assert_eq!(sale_reference("BAR-1", 7), "BAR-1-7");
    }

    #[test]
    fn a_printed_number_reads_back_as_its_till_and_number() {
        for (till, number) in [("T1", 42), ("BAR-1", 7), ("2", 1)] {
            let read = SaleReference::parse(&sale_reference(till, number)).unwrap();
            assert_eq!(read, SaleReference { till: Some(till.to_string()), number });
        }
    }

    #[test]
    fn typing_is_forgiving_of_case_hashes_and_spaces() {
        assert_eq!(parsed(" t2-5 "), Some((Some("T2".to_string()), 5)));
        assert_eq!(parsed("#42"), Some((None, 42)));
        assert_eq!(parsed("42"), Some((None, 42)));
    }

    #[test]
    fn what_is_no_sale_number_is_refused() {
        for text in ["", "-", "T1-", "-42", "T1-0", "0", "T1-4x", "T 1-4", "T1_4", "abc", "99999999999999999999", "T1--"] {
            assert_eq!(SaleReference::parse(text), None, "{text:?}");
        }
    }

    #[test]
    fn a_bare_number_is_this_tills_and_a_named_one_only_its_own() {
        let bare = SaleReference::parse("42").unwrap();
        assert!(bare.is_of("T1") && bare.is_of("T2"));
        let named = SaleReference::parse("T1-42").unwrap();
        assert!(named.is_of("T1") && !named.is_of("T2"));
    }
}
