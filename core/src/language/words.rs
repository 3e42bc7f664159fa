//! The words printed on slips, one struct per language: a language lacking
//! a word does not compile. `{name}` in a word is filled by [`SlipWords::fill`].

/// Every word a receipt, a refund slip, an X or a Z report prints.
#[derive(Debug)]
pub struct SlipWords {
    // A receipt.
    pub order: &'static str,
    pub cashier: &'static str,
    pub till: &'static str,
    pub line_discount: &'static str,
    pub subtotal: &'static str,
    pub discounts: &'static str,
    /// "TOTAL EUR": `{currency}`.
    pub total: &'static str,
    /// `{rate}` and `{gross}`.
    pub tax_on: &'static str,
    /// `{refund}`: the refund that paid part of the order.
    pub exchange_credit: &'static str,
    pub cash: &'static str,
    pub card: &'static str,
    pub cash_rounding: &'static str,
    pub change: &'static str,
    pub paid: &'static str,
    /// `{reason}`.
    pub voided: &'static str,
    pub thanks: &'static str,
    /// Over and under a reprint.
    pub copy: &'static str,
    /// The title of the page that tests the printer.
    pub test_print: &'static str,
    // A refund slip.
    /// `{refund}`.
    pub refund: &'static str,
    pub date: &'static str,
    pub sale: &'static str,
    pub no_receipt: &'static str,
    /// `{order}`.
    pub sale_order: &'static str,
    /// "REFUNDED EUR": `{currency}`.
    pub refunded: &'static str,
    pub cash_back: &'static str,
    pub to_card: &'static str,
    /// `{order}`.
    pub credit_to_order: &'static str,
    pub reason: &'static str,
    // The X and Z reports.
    /// `{shift}`.
    pub x_report: &'static str,
    pub opened: &'static str,
    pub by: &'static str,
    pub as_of: &'static str,
    pub cash_moves: &'static str,
    pub no_sales: &'static str,
    pub not_a_closing_report: &'static str,
    /// `{count}`.
    pub sales: &'static str,
    /// `{count}`.
    pub voids: &'static str,
    /// `{count}`.
    pub refunds: &'static str,
    pub net_sales: &'static str,
    pub cash_taken: &'static str,
    pub change_given: &'static str,
    pub cash_refunded: &'static str,
    pub card_taken: &'static str,
    pub card_refunded: &'static str,
    pub float: &'static str,
    pub cash_sales: &'static str,
    pub cash_given_back: &'static str,
    pub pay_ins: &'static str,
    pub pay_outs: &'static str,
    pub drops: &'static str,
    pub expected_in_drawer: &'static str,
    /// `{z}`.
    pub z_report: &'static str,
    pub day: &'static str,
    pub closed: &'static str,
    /// `{shift}`.
    pub shift: &'static str,
    pub drawer: &'static str,
    pub balanced: &'static str,
    /// `{amount}`.
    pub short_by: &'static str,
    /// `{amount}`.
    pub over_by: &'static str,
    pub chain_head: &'static str,
    pub reopened: &'static str,
    pub at: &'static str,
}

impl SlipWords {
    /// `word` with each `{name}` replaced by its value.
    pub fn fill(word: &str, params: &[(&str, &str)]) -> String {
        let mut out = word.to_string();
        for (name, value) in params {
            out = out.replace(&format!("{{{name}}}"), value);
        }
        debug_assert!(!out.contains("{") || params.iter().any(|(_, v)| v.contains('{')), "a placeholder left in {word:?}");
        out
    }
}

pub const ENGLISH: SlipWords = SlipWords {
    order: "Order",
    cashier: "Cashier",
    till: "Till",
    line_discount: "  discount",
    subtotal: "Subtotal",
    discounts: "Discounts",
    total: "TOTAL {currency}",
    tax_on: "  incl. tax {rate} on {gross}",
    exchange_credit: "Exchange credit {refund}",
    cash: "Cash",
    card: "Card",
    cash_rounding: "Cash rounding",
    change: "Change",
    paid: "Paid",
    voided: "*** VOIDED: {reason} ***",
    thanks: "Thank you",
    copy: "COPY",
    test_print: "Test print",
    refund: "REFUND {refund}",
    date: "Date",
    sale: "Sale",
    no_receipt: "no receipt",
    sale_order: "order {order}",
    refunded: "REFUNDED {currency}",
    cash_back: "Cash back",
    to_card: "To card",
    credit_to_order: "Credit to order {order}",
    reason: "Reason",
    x_report: "X REPORT  SHIFT S-{shift}",
    opened: "Opened",
    by: "By",
    as_of: "As of",
    cash_moves: "Cash moves",
    no_sales: "No sales",
    not_a_closing_report: "Not a closing report",
    sales: "Sales ({count})",
    voids: "Voids ({count})",
    refunds: "Refunds ({count})",
    net_sales: "NET SALES",
    cash_taken: "Cash taken",
    change_given: "Change given",
    cash_refunded: "Cash refunded",
    card_taken: "Card taken",
    card_refunded: "Card refunded",
    float: "Float",
    cash_sales: "Cash sales",
    cash_given_back: "Cash given back",
    pay_ins: "Pay-ins",
    pay_outs: "Pay-outs",
    drops: "Drops",
    expected_in_drawer: "EXPECTED IN DRAWER",
    z_report: "Z REPORT  Z-{z}",
    day: "Day",
    closed: "Closed",
    shift: "Shift S-{shift}",
    drawer: "Drawer",
    balanced: "drawer balanced",
    short_by: "short by {amount}",
    over_by: "over by {amount}",
    chain_head: "Chain head",
    reopened: "REOPENED",
    at: "At",
};

pub const GERMAN: SlipWords = SlipWords {
    order: "Bon",
    cashier: "Kassierer",
    till: "Kasse",
    line_discount: "  Rabatt",
    subtotal: "Zwischensumme",
    discounts: "Rabatte",
    total: "SUMME {currency}",
    tax_on: "  inkl. MwSt. {rate} auf {gross}",
    exchange_credit: "Umtauschgutschrift {refund}",
    cash: "Bar",
    card: "Karte",
    cash_rounding: "Rundung Bargeld",
    change: "Rückgeld",
    paid: "Bezahlt",
    voided: "*** STORNIERT: {reason} ***",
    thanks: "Vielen Dank",
    copy: "KOPIE",
    test_print: "Testdruck",
    refund: "RÜCKERSTATTUNG {refund}",
    date: "Datum",
    sale: "Verkauf",
    no_receipt: "ohne Beleg",
    sale_order: "Bon {order}",
    refunded: "ERSTATTET {currency}",
    cash_back: "Bar zurück",
    to_card: "Auf Karte",
    credit_to_order: "Gutschrift auf Bon {order}",
    reason: "Grund",
    x_report: "X-BERICHT  SCHICHT S-{shift}",
    opened: "Geöffnet",
    by: "Von",
    as_of: "Stand",
    cash_moves: "Bargeldbewegungen",
    no_sales: "Öffnungen ohne Verkauf",
    not_a_closing_report: "Kein Abschlussbericht",
    sales: "Umsatz ({count})",
    voids: "Stornos ({count})",
    refunds: "Rückerstattungen ({count})",
    net_sales: "NETTOUMSATZ",
    cash_taken: "Bar eingenommen",
    change_given: "Rückgeld gegeben",
    cash_refunded: "Bar erstattet",
    card_taken: "Karte eingenommen",
    card_refunded: "Auf Karte erstattet",
    float: "Wechselgeld",
    cash_sales: "Barverkäufe",
    cash_given_back: "Bar zurückgegeben",
    pay_ins: "Einzahlungen",
    pay_outs: "Auszahlungen",
    drops: "Abschöpfungen",
    expected_in_drawer: "ERWARTET IN DER LADE",
    z_report: "Z-BERICHT  Z-{z}",
    day: "Tag",
    closed: "Abgeschlossen",
    shift: "Schicht S-{shift}",
    drawer: "Lade",
    balanced: "stimmt",
    short_by: "Fehlbetrag {amount}",
    over_by: "Überschuss {amount}",
    chain_head: "Kettenkopf",
    reopened: "WIEDER GEÖFFNET",
    at: "Am",
};

#[cfg(test)]
mod tests {
    use super::*;

    /// Every word of a language, by its field name (Debug lists them all).
    fn words(w: &SlipWords) -> Vec<(String, String)> {
        let text = format!("{w:#?}");
        text.lines()
            .filter_map(|l| l.trim().trim_end_matches(',').split_once(": "))
            .map(|(k, v)| (k.to_string(), v.trim_matches('"').to_string()))
            .collect()
    }

    fn placeholders(word: &str) -> Vec<&str> {
        let mut found: Vec<&str> = word.split('{').skip(1).filter_map(|s| s.split_once('}')).map(|(name, _)| name).collect();
        found.sort_unstable();
        found
    }

    #[test]
    fn german_fills_the_same_placeholders_as_english_in_every_word() {
        let (en, de) = (words(&ENGLISH), words(&GERMAN));
        assert_eq!(en.len(), de.len());
        assert!(en.len() > 60, "every field is listed: {}", en.len());
        for ((key, e), (_, d)) in en.iter().zip(&de) {
            assert_eq!(placeholders(e), placeholders(d), "{key}");
            assert!(!d.is_empty(), "{key}");
        }
    }

    #[test]
    fn german_words_print_on_a_windows_1252_printer() {
        for (key, word) in words(&GERMAN) {
            let (_, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&word);
            assert!(!unmappable, "{key}: {word}");
        }
    }

    #[test]
    fn fill_puts_each_value_in_its_place() {
        assert_eq!(SlipWords::fill(GERMAN.tax_on, &[("rate", "19 %"), ("gross", "10,00")]), "  inkl. MwSt. 19 % auf 10,00");
    }
}
