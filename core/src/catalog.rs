//! The catalog: the `products` table, a projection of each product's events
//! (`back_office`), and what reads it. Orders copy a product's name, price
//! and tax rate when it is rung up, so editing the catalog never changes
//! history. Outside the core, the catalog is reached through `Till`'s
//! methods (`till/back_office.rs`).

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{check_text, Error, Result};
use crate::limits::{CODE_CHARS_MAX, IMPORT_ROWS_MAX, NAME_CHARS_MAX, PRICE_MAX, QUERY_CHARS_MAX, TAX_RATE_MAX};
use crate::money::{parse_amount, parse_percent};
use crate::problem::Problem;

/// The catalog's row of a product: the domain's product, as its events leave it.
pub use crate::domain::Product;

/// A product as typed into the back office or read from a CSV row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProductInput {
    pub sku: String,
    pub barcode: String,
    pub name: String,
    pub price: String,
    pub tax_rate: String,
    pub favourite: bool,
}

impl ProductInput {
    /// Checks the product as typed; its price in `minor_unit` decimals.
    pub fn validate(&self, minor_unit: u32) -> Result<Product> {
        let sku = check_text(&self.sku, "SKU", CODE_CHARS_MAX, true)?;
        if sku.chars().any(char::is_whitespace) {
            return Err(Error::Invalid { field: "SKU", problem: Problem::NoSpaces });
        }
        let barcode = check_text(&self.barcode, "Barcode", CODE_CHARS_MAX, false)?;
        if !barcode.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(Error::Invalid { field: "Barcode", problem: Problem::LettersAndDigitsOnly });
        }
        let name = check_text(&self.name, "Name", NAME_CHARS_MAX, true)?;
        let price = parse_amount(&self.price, "Price", PRICE_MAX, minor_unit)?;
        let tax_rate = parse_percent(&self.tax_rate, "Tax rate")?;
        if tax_rate > TAX_RATE_MAX {
            return Err(Error::Invalid { field: "Tax rate", problem: Problem::PercentOver { max: TAX_RATE_MAX } });
        }
        Ok(Product {
            sku,
            barcode: (!barcode.is_empty()).then_some(barcode),
            name,
            price,
            tax_rate: tax_rate.normalize(),
            favourite: self.favourite,
            archived: false,
        })
    }
}

const COLUMNS: &str = "sku, barcode, name, price, tax_rate, favourite, archived";

fn row_to_product(r: &rusqlite::Row<'_>) -> rusqlite::Result<Product> {
    let price: String = r.get(3)?;
    let rate: String = r.get(4)?;
    Ok(Product {
        sku: r.get(0)?,
        barcode: r.get(1)?,
        name: r.get(2)?,
        price: price.parse().unwrap_or_default(),
        tax_rate: rate.parse().unwrap_or_default(),
        favourite: r.get(5)?,
        archived: r.get(6)?,
    })
}

/// Finds a live product by SKU or barcode, exactly as scanned or typed.
pub(crate) fn find(conn: &Connection, code: &str) -> Result<Option<Product>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM products WHERE (sku = ?1 OR barcode = ?1) AND archived = 0 LIMIT 1"
        ))?
        .query_row([code], row_to_product)
        .optional()?)
}

pub(crate) fn get(conn: &Connection, sku: &str) -> Result<Product> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM products WHERE sku = ?1"))?
        .query_row([sku], row_to_product)
        .optional()?
        .ok_or_else(|| Error::NotFound { what: "Product", key: sku.to_string() })
}

/// Products whose name, SKU or barcode contains `query` (all when empty).
pub(crate) fn search(conn: &Connection, query: &str, include_archived: bool, limit: u32) -> Result<Vec<Product>> {
    let q = check_text(query, "Search", QUERY_CHARS_MAX, false)?;
    let pattern = format!("%{}%", q.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM products
         WHERE (name LIKE ?1 ESCAPE '\\' OR sku LIKE ?1 ESCAPE '\\' OR barcode LIKE ?1 ESCAPE '\\')
           AND (?2 OR archived = 0)
         ORDER BY name COLLATE NOCASE LIMIT ?3"
    ))?;
    let rows = stmt.query_map(params![pattern, include_archived, limit], row_to_product)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn favourites(conn: &Connection) -> Result<Vec<Product>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM products WHERE favourite = 1 AND archived = 0 ORDER BY name COLLATE NOCASE LIMIT 24"
    ))?;
    let rows = stmt.query_map([], row_to_product)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Another product whose barcode or SKU is `barcode`, if any.
pub(crate) fn barcode_owner(conn: &Connection, barcode: &Option<String>, sku: &str) -> Result<Option<String>> {
    let Some(b) = barcode else { return Ok(None) };
    Ok(conn
        .prepare_cached("SELECT sku FROM products WHERE (barcode = ?1 OR sku = ?1) AND sku <> ?2")?
        .query_row(params![b, sku], |r| r.get(0))
        .optional()?)
}

fn barcode_taken(conn: &Connection, barcode: &Option<String>, sku: &str) -> Result<()> {
    if let (Some(b), Some(other)) = (barcode, barcode_owner(conn, barcode, sku)?) {
        return Err(Error::Duplicate { what: "Barcode", key: format!("{b} (used by {other})") });
    }
    Ok(())
}

pub(crate) fn find_any(conn: &Connection, sku: &str) -> Result<Option<Product>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM products WHERE sku = ?1"))?
        .query_row([sku], row_to_product)
        .optional()?)
}

/// Every product, by SKU.
pub(crate) fn all(conn: &Connection) -> Result<Vec<Product>> {
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM products ORDER BY sku"))?;
    let rows = stmt.query_map([], row_to_product)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Projects a `ProductAdded`.
pub(crate) fn insert(conn: &Connection, p: &Product) -> Result<()> {
    conn.prepare_cached(&format!("INSERT INTO products ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"))?
        .execute(params![p.sku, p.barcode, p.name, p.price.to_string(), p.tax_rate.to_string(), p.favourite, p.archived])?;
    Ok(())
}

/// One row of a catalog CSV as it will be imported, or why it cannot be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportRow {
    /// 1-based line number in the file (the header is line 1).
    pub line: u64,
    pub product: Option<Product>,
    /// True when the SKU exists and the row would update it.
    pub replaces: bool,
    pub error: Option<String>,
}

/// A catalog file picked for import: previewed, held until committed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportPick {
    /// Names the held file content until commit.
    pub token: String,
    pub file_name: String,
    pub preview: ImportPreview,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportPreview {
    pub rows: Vec<ImportRow>,
    pub valid: u64,
    pub invalid: u64,
}

/// Reads a catalog CSV (header: sku,barcode,name,price,tax_rate[,favourite])
/// and reports, row by row, what would be written. Writes nothing.
pub(crate) fn preview_import(conn: &Connection, csv_text: &str) -> Result<ImportPreview> {
    let minor_unit = crate::settings::minor_unit(conn)?;
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).flexible(true).from_reader(csv_text.as_bytes());
    let headers = reader.headers().map_err(|e| Error::Import(format!("Cannot read the header: {e}")))?.clone();
    let col = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
    let (Some(sku), Some(name), Some(price), Some(rate)) = (col("sku"), col("name"), col("price"), col("tax_rate")) else {
        return Err(Error::Import("The header must name the columns sku, barcode, name, price, tax_rate (favourite optional)".into()));
    };
    let (barcode, favourite) = (col("barcode"), col("favourite"));
    let mut rows = Vec::new();
    let mut seen_sku = std::collections::HashSet::new();
    let mut seen_barcode = std::collections::HashSet::new();
    for (i, record) in reader.records().enumerate() {
        if rows.len() >= IMPORT_ROWS_MAX {
            return Err(Error::Import(format!("A catalog file holds at most {IMPORT_ROWS_MAX} rows")));
        }
        let line = i as u64 + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                rows.push(ImportRow { line, product: None, replaces: false, error: Some(format!("unreadable row: {e}")) });
                continue;
            }
        };
        let field = |c: Option<usize>| c.and_then(|c| record.get(c)).unwrap_or("").to_string();
        let input = ProductInput {
            sku: field(Some(sku)),
            barcode: field(barcode),
            name: field(Some(name)),
            price: field(Some(price)),
            tax_rate: field(Some(rate)),
            favourite: matches!(field(favourite).to_ascii_lowercase().as_str(), "1" | "true" | "yes" | "y"),
        };
        let checked = input.validate(minor_unit).and_then(|p| {
            if !seen_sku.insert(p.sku.clone()) {
                return Err(Error::Duplicate { what: "SKU", key: format!("{} (earlier in this file)", p.sku) });
            }
            if let Some(b) = &p.barcode {
                if !seen_barcode.insert(b.clone()) {
                    return Err(Error::Duplicate { what: "Barcode", key: format!("{b} (earlier in this file)") });
                }
                barcode_taken(conn, &p.barcode, &p.sku)?;
            }
            Ok(p)
        });
        match checked {
            Ok(p) => {
                let replaces = find_any(conn, &p.sku)?.is_some();
                rows.push(ImportRow { line, product: Some(p), replaces, error: None });
            }
            Err(e) => rows.push(ImportRow { line, product: None, replaces: false, error: Some(e.to_string()) }),
        }
    }
    let invalid = rows.iter().filter(|r| r.error.is_some()).count() as u64;
    Ok(ImportPreview { valid: rows.len() as u64 - invalid, invalid, rows })
}

/// A preview that may be imported: all rows or none, so a file with any
/// bad row is refused.
pub(crate) fn importable(preview: &ImportPreview) -> Result<()> {
    if preview.invalid > 0 {
        let first = preview.rows.iter().find(|r| r.error.is_some());
        let detail = first.map(|r| format!("line {}: {}", r.line, r.error.clone().unwrap_or_default())).unwrap_or_default();
        return Err(Error::Import(format!("{} rows have errors; nothing was imported (first: {detail})", preview.invalid)));
    }
    Ok(())
}

pub(crate) fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM products WHERE archived = 0", [], |r| r.get(0))?)
}
