//! The UI's words, read from its message catalogs (`ui/src/lib/i18n/en.ts`,
//! `de.ts`), so that a test in another language asserts what the screen
//! says without keeping its own copy of the translations.
//!
//! A catalog is a TypeScript object with one `"key": "text",` per line; a
//! counted message (`{ one: …, other: … }`) is read by its forms.

use std::collections::HashMap;
use std::path::PathBuf;

/// One language's catalog.
pub struct Catalog {
    language: String,
    messages: HashMap<String, String>,
}

impl Catalog {
    /// The catalog of `language` (`en`, `de`).
    pub fn of(language: &str) -> Catalog {
        let path = catalog_dir().join(format!("{language}.ts"));
        let source = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read the catalog {}: {e}", path.display()));
        Catalog { language: language.to_string(), messages: parse(&source) }
    }

    /// The message `key` as written (placeholders such as `{amount}` left in).
    pub fn raw(&self, key: &str) -> &str {
        self.messages
            .get(key)
            .unwrap_or_else(|| panic!("the {} catalog has no message {key:?}", self.language))
    }

    /// The message `key` with its placeholders filled from `params`.
    pub fn text(&self, key: &str, params: &[(&str, &str)]) -> String {
        let mut text = self.raw(key).to_string();
        for (name, value) in params {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }

    /// The message `key` up to its first placeholder: the words that stay
    /// whatever is filled in.
    pub fn prefix(&self, key: &str) -> &str {
        let raw = self.raw(key);
        raw.split('{').next().unwrap_or(raw)
    }

    /// A counted message's `form` (`one`, `other`), as `key.form`.
    pub fn form(&self, key: &str, form: &str) -> &str {
        self.raw(&format!("{key}.{form}"))
    }
}

/// A plain amount from the core ("1234.50", "-3.5") as the screen writes it
/// in `language`: as it is in English; in German with a comma for the
/// decimals and a point every three digits ("1.234,50").
pub fn written_amount(language: &str, plain: &str) -> String {
    if language == "en" {
        return plain.to_string();
    }
    assert_eq!(language, "de", "amounts are written in en or de, not {language}");
    let (sign, digits) = plain.strip_prefix('-').map_or(("", plain), |rest| ("-", rest));
    let (whole, fraction) = digits.split_once('.').map_or((digits, None), |(w, f)| (w, Some(f)));
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(digit);
    }
    match fraction {
        Some(fraction) => format!("{sign}{grouped},{fraction}"),
        None => format!("{sign}{grouped}"),
    }
}

/// An amount as the screen wrote it in `language`, read back as the core
/// writes it ("1.234,50" → "1234.50").
pub fn plain_amount(language: &str, written: &str) -> String {
    if language == "en" {
        return written.to_string();
    }
    written.replace('.', "").replace(',', ".")
}

/// `ui/src/lib/i18n`, from this crate's directory.
fn catalog_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/i18n")
}

/// Every `"key": "text"` line of a catalog; a counted message's forms as `key.one`, `key.other`…
fn parse(source: &str) -> HashMap<String, String> {
    let mut messages = HashMap::new();
    for line in source.lines() {
        let line = line.trim();
        let Some(rest) = line.strip_prefix('"') else { continue };
        let Some((key, value)) = rest.split_once("\":") else { continue };
        let value = value.trim().trim_end_matches(',');
        if let Some(forms) = value.strip_prefix('{').and_then(|v| v.strip_suffix('}')) {
            for form in split_forms(forms) {
                if let Some((name, text)) = form.split_once(':') {
                    if let Some(text) = string_literal(text.trim()) {
                        messages.insert(format!("{key}.{}", name.trim()), text);
                    }
                }
            }
        } else if let Some(text) = string_literal(value) {
            messages.insert(key.to_string(), text);
        }
    }
    messages
}

/// `one: "…", other: "…"` split at the commas between forms (not those inside the texts).
fn split_forms(forms: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut quoted = false;
    for c in forms.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => {
                parts.push(String::new());
                continue;
            }
            _ => {}
        }
        parts.last_mut().expect("one part at least").push(c);
    }
    parts
}

/// A double-quoted JavaScript string's text (`\"`, `\\`, `\n` and `\uXXXX` escapes).
fn string_literal(literal: &str) -> Option<String> {
    let inner = literal.strip_prefix('"')?.strip_suffix('"')?;
    let mut text = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            text.push(c);
            continue;
        }
        match chars.next()? {
            'n' => text.push('\n'),
            'u' => {
                let hex: String = chars.by_ref().take(4).collect();
                text.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
            }
            other => text.push(other),
        }
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_plain_and_counted_messages_and_escapes() {
        let source = r#"export const de: Messages = {
  "header.signOut": "Abmelden",
  "status.products": { one: "{count} Artikel", other: "{count} Artikel, viele" },
  "refund.refundedBefore": "\u00a0· bereits \"erstattet\": {refunds}",
};"#;
        let messages = parse(source);
        assert_eq!(messages["header.signOut"], "Abmelden");
        assert_eq!(messages["status.products.other"], "{count} Artikel, viele");
        assert_eq!(messages["refund.refundedBefore"], "\u{a0}· bereits \"erstattet\": {refunds}");
    }

    #[test]
    fn amounts_are_written_as_each_language_writes_them() {
        assert_eq!(written_amount("en", "1234.50"), "1234.50");
        assert_eq!(written_amount("de", "1234.50"), "1.234,50");
        assert_eq!(written_amount("de", "-3.5"), "-3,5");
        assert_eq!(written_amount("de", "123"), "123");
        assert_eq!(plain_amount("de", "1.234,50"), "1234.50");
        assert_eq!(plain_amount("en", "1234.50"), "1234.50");
    }

    #[test]
    fn both_catalogs_read_whole() {
        for language in ["en", "de"] {
            let catalog = Catalog::of(language);
            assert!(catalog.messages.len() > 900, "{language}: {} messages", catalog.messages.len());
            assert!(!catalog.raw("header.signOut").is_empty());
        }
    }
}
