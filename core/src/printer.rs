//! Receipts on an ESC/POS thermal printer. A receipt's bytes are rendered in
//! memory by the `escpos` crate (the receipt's text at the printer's width, a
//! CODE39 barcode of the order number to scan for a refund, "COPY" (in the
//! shop's language) on a reprint, the cut, and the drawer kick when cash was taken) and then sent
//! whole to a network printer (raw port 9100) or a device file such as
//! `/dev/usb/lp0`; any file works, which is how the tests read what a
//! printer would get. Which printer is a setting of this till, not of the
//! shop: it is kept as a plain setting, not an event.

use std::cell::RefCell;
use std::fs::OpenOptions;
use std::io::Write;
use std::net::{TcpStream, ToSocketAddrs};
use std::path::Path;
use std::rc::Rc;
use std::time::Duration;

use escpos::driver::Driver;
use escpos::printer::Printer;
use escpos::printer_options::PrinterOptions;
use escpos::utils::{CashDrawer, Encoder, JustifyMode, Protocol};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::language::Language;
use crate::message::Message;
use crate::problem::Problem;
use crate::read::{receipt_text_width, Receipt};

/// How long a network printer may take to accept the connection or the bytes.
pub const PRINTER_TIMEOUT: Duration = Duration::from_secs(3);
/// The narrowest line a receipt printer has (58 mm paper, font A).
pub const PRINTER_WIDTH_MIN: u8 = 32;
/// The widest line accepted (80 mm paper in a small font).
pub const PRINTER_WIDTH_MAX: u8 = 64;
/// 80 mm paper, font A: the common receipt printer.
pub const PRINTER_WIDTH_DEFAULT: u8 = 42;
/// The raw printing port of network receipt printers, when the address names none.
pub const RAW_PORT: u16 = 9100;
/// Characters an address or a device path may have.
const TARGET_CHARS_MAX: usize = 200;
/// ESC t 16: the printer's character table is Windows-1252 (Western
/// European letters and the euro sign), the encoding the text is sent in.
const SELECT_WINDOWS_1252: [u8; 3] = [0x1b, 0x74, 16];
/// The settings key of this till's printer.
const SETTING: &str = "printer";

/// Where this till's receipt printer is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum PrinterConnection {
    /// No receipt printer: receipts go through the system's print dialog.
    None,
    /// A network printer, "host" or "host:port" (port 9100 when none is given).
    Network { address: String },
    /// A device file (e.g. /dev/usb/lp0), or any file, which the bytes are appended to.
    Device { path: String },
}

/// This till's receipt printer and its line width in characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PrinterSetup {
    pub connection: PrinterConnection,
    pub width: u8,
}

impl Default for PrinterSetup {
    fn default() -> Self {
        PrinterSetup { connection: PrinterConnection::None, width: PRINTER_WIDTH_DEFAULT }
    }
}

impl PrinterSetup {
    /// The printer in words, for messages ("network printer 10.0.0.5:9100").
    pub fn describe(&self) -> String {
        self.place().map_or_else(|| "no printer".to_string(), |p| p.to_string())
    }

    /// Where the printer is, when one is set up.
    pub fn place(&self) -> Option<PrinterPlace> {
        match &self.connection {
            PrinterConnection::None => None,
            PrinterConnection::Network { address } => Some(PrinterPlace::Network { address: with_port(address) }),
            PrinterConnection::Device { path } => Some(PrinterPlace::Device { path: path.clone() }),
        }
    }
}

/// A receipt printer set up on this till, as a refusal names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrinterPlace {
    /// A network printer at `address` ("host:port").
    Network { address: String },
    /// A device file such as /dev/usb/lp0.
    Device { path: String },
}

impl std::fmt::Display for PrinterPlace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PrinterPlace::Network { address } => write!(f, "network printer {address}"),
            PrinterPlace::Device { path } => write!(f, "printer {path}"),
        }
    }
}

impl PrinterPlace {
    /// "This printer did not take the receipt: `detail`", as a message (`detail` the OS's words).
    pub fn not_taking(&self, detail: &str) -> Message {
        match self {
            PrinterPlace::Network { address } => Message::new("printerUnreachableNetwork").text("address", address),
            PrinterPlace::Device { path } => Message::new("printerUnreachableDevice").text("path", path),
        }
        .text("detail", detail)
    }
}

/// What one print did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PrintOutcome {
    /// The printer, in words.
    pub printer: String,
    /// The receipt had been printed before: this one says COPY.
    pub copy: bool,
    /// The drawer was kicked open (cash was taken, first print only).
    pub drawer_opened: bool,
}

/// The address with the raw port added when it names none.
fn with_port(address: &str) -> String {
    let a = address.trim();
    let has_port = a.rsplit_once(':').is_some_and(|(_, p)| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
    if has_port {
        a.to_string()
    } else {
        format!("{a}:{RAW_PORT}")
    }
}

fn field(field: &'static str, error: Error) -> Error {
    Error::Field { field, error: Box::new(error) }
}

/// Checks a setup as typed in the back office; a refusal names its field.
pub fn check(setup: &PrinterSetup) -> Result<PrinterSetup> {
    if !(PRINTER_WIDTH_MIN..=PRINTER_WIDTH_MAX).contains(&setup.width) {
        let problem = Problem::LineWidth { min: PRINTER_WIDTH_MIN, max: PRINTER_WIDTH_MAX };
        return Err(field("width", Error::Invalid { field: "Line width", problem }));
    }
    let target = |text: &str, name: &'static str, key: &'static str| -> Result<String> {
        let t = text.trim();
        if t.is_empty() {
            return Err(field(key, Error::Required { field: name }));
        }
        if t.chars().count() > TARGET_CHARS_MAX {
            return Err(field(key, Error::TooLong { field: name, max: TARGET_CHARS_MAX }));
        }
        if t.chars().any(|c| c.is_control() || c.is_whitespace()) {
            return Err(field(key, Error::Invalid { field: name, problem: Problem::SpacesOrControlCharacters }));
        }
        Ok(t.to_string())
    };
    let connection = match &setup.connection {
        PrinterConnection::None => PrinterConnection::None,
        PrinterConnection::Network { address } => PrinterConnection::Network { address: target(address, "Address", "address")? },
        PrinterConnection::Device { path } => {
            let path = target(path, "Device", "path")?;
            if !Path::new(&path).is_absolute() {
                return Err(field("path", Error::Invalid { field: "Device", problem: Problem::DevicePath }));
            }
            PrinterConnection::Device { path }
        }
    };
    Ok(PrinterSetup { connection, width: setup.width })
}

/// This till's printer setup (none set up: no printer, 42 characters).
pub(crate) fn load(conn: &rusqlite::Connection) -> Result<PrinterSetup> {
    Ok(crate::settings::get(conn, SETTING)?.and_then(|v| serde_json::from_str(&v).ok()).unwrap_or_default())
}

pub(crate) fn store(conn: &rusqlite::Connection, setup: &PrinterSetup) -> Result<()> {
    let json = serde_json::to_string(setup).map_err(|e| Error::Invalid { field: "Printer", problem: Problem::Said(e.to_string()) })?;
    crate::settings::put(conn, SETTING, &json)
}

/// Collects what the printer would be sent.
#[derive(Clone, Default)]
struct Memory(Rc<RefCell<Vec<u8>>>);

impl Driver for Memory {
    fn name(&self) -> String {
        "memory".to_string()
    }
    fn write(&self, data: &[u8]) -> escpos::errors::Result<()> {
        self.0.borrow_mut().extend_from_slice(data);
        Ok(())
    }
    fn read(&self, _buf: &mut [u8]) -> escpos::errors::Result<usize> {
        Ok(0)
    }
    fn flush(&self) -> escpos::errors::Result<()> {
        Ok(())
    }
}

type Body<'a> = dyn FnOnce(&mut Printer<Memory>) -> escpos::errors::Result<()> + 'a;

/// The bytes of one print job: initialise, `body`, then feed and cut.
fn render(width: u8, body: Box<Body<'_>>) -> Result<Vec<u8>> {
    assert!((PRINTER_WIDTH_MIN..=PRINTER_WIDTH_MAX).contains(&width), "a checked width");
    let memory = Memory::default();
    let options = PrinterOptions::new(None, None, width);
    // A character the table lacks prints as its number (&#NNNN;) rather than failing the receipt.
    let encoder = Encoder::new(encoding_rs::WINDOWS_1252).allow_unencodable(true);
    let mut printer = Printer::new(memory.clone(), Protocol::new(encoder), Some(options));
    let job = || -> escpos::errors::Result<()> {
        printer.init()?.custom(&SELECT_WINDOWS_1252)?;
        body(&mut printer)?;
        printer.feeds(4)?.partial_cut()?.print()?;
        Ok(())
    };
    job().map_err(|e| Error::PrinterFailed(e.to_string()))?;
    let bytes = memory.0.borrow().clone();
    Ok(bytes)
}

/// A receipt as the printer gets it. `copy`: a reprint, marked COPY at the
/// top and the bottom. `open_drawer`: kick the drawer after the cut.
pub fn receipt_bytes(receipt: &Receipt, width: u8, copy: bool, open_drawer: bool) -> Result<Vec<u8>> {
    let text = receipt_text_width(receipt, width as usize);
    let copy = copy.then_some(receipt.language.words().copy);
    slip_bytes(&text, &receipt.order.reference, width, copy, open_drawer)
}

/// A refund's slip as the printer gets it (its text from
/// `read::refund_text`), the refund's number (`R-T1-3`) as a barcode; a
/// reprint and the drawer as for a receipt (the drawer opens for cash given back).
pub fn refund_bytes(text: &str, reference: &str, width: u8, copy: bool, language: Language, open_drawer: bool) -> Result<Vec<u8>> {
    slip_bytes(text, reference, width, copy.then_some(language.words().copy), open_drawer)
}

/// A slip (a receipt, a refund): its text, `barcode` in CODE39 under it,
/// `copy` (the word) at the top and the bottom of a reprint, the drawer kick last.
fn slip_bytes(text: &str, barcode: &str, width: u8, copy: Option<&'static str>, open_drawer: bool) -> Result<Vec<u8>> {
    let (text, barcode) = (text.to_string(), barcode.to_string());
    render(
        width,
        Box::new(move |p| {
            if let Some(copy) = copy {
                p.justify(JustifyMode::CENTER)?.bold(true)?.size(2, 2)?.writeln(copy)?.size(1, 1)?.bold(false)?;
            }
            p.justify(JustifyMode::LEFT)?;
            for line in text.lines() {
                p.writeln(line)?;
            }
            p.justify(JustifyMode::CENTER)?.code39(&barcode)?;
            if let Some(copy) = copy {
                p.bold(true)?.writeln(copy)?.bold(false)?;
            }
            p.justify(JustifyMode::LEFT)?;
            if open_drawer {
                p.cash_drawer(CashDrawer::Pin2)?;
            }
            Ok(())
        }),
    )
}

/// A report (an X, a Z) as the printer gets it: its text, COPY at the top
/// and the bottom of a reprint; no barcode, and the drawer stays shut.
pub fn report_bytes(text: &str, width: u8, copy: bool, language: Language) -> Result<Vec<u8>> {
    let text = text.to_string();
    let copy = copy.then_some(language.words().copy);
    render(
        width,
        Box::new(move |p| {
            if let Some(copy) = copy {
                p.justify(JustifyMode::CENTER)?.bold(true)?.size(2, 2)?.writeln(copy)?.size(1, 1)?.bold(false)?;
            }
            p.justify(JustifyMode::LEFT)?;
            for line in text.lines() {
                p.writeln(line)?;
            }
            if let Some(copy) = copy {
                p.justify(JustifyMode::CENTER)?.bold(true)?.writeln(copy)?.bold(false)?.justify(JustifyMode::LEFT)?;
            }
            Ok(())
        }),
    )
}

/// The drawer kicked open and nothing printed (a no-sale): no feed, no cut.
pub fn drawer_kick_bytes(width: u8) -> Result<Vec<u8>> {
    assert!((PRINTER_WIDTH_MIN..=PRINTER_WIDTH_MAX).contains(&width), "a checked width");
    let memory = Memory::default();
    let options = PrinterOptions::new(None, None, width);
    let mut printer = Printer::new(memory.clone(), Protocol::default(), Some(options));
    printer
        .init()
        .and_then(|p| p.cash_drawer(CashDrawer::Pin2))
        .and_then(|p| p.print())
        .map_err(|e| Error::PrinterFailed(e.to_string()))?;
    let bytes = memory.0.borrow().clone();
    Ok(bytes)
}

/// A test page: the shop's name, the printer in words, and a ruler as wide as the line.
pub fn test_page_bytes(shop_name: &str, setup: &PrinterSetup, language: Language) -> Result<Vec<u8>> {
    let title = language.words().test_print;
    let ruler: String = (1..=setup.width as usize).map(|i| char::from(b'0' + (i % 10) as u8)).collect();
    let (name, printer) = (shop_name.to_string(), setup.describe());
    render(
        setup.width,
        Box::new(move |p| {
            p.justify(JustifyMode::CENTER)?.bold(true)?.writeln(title)?.bold(false)?;
            p.writeln(&name)?.writeln(&printer)?.justify(JustifyMode::LEFT)?.writeln(&ruler)?;
            Ok(())
        }),
    )
}

/// Sends a print job whole to the printer.
pub fn send(setup: &PrinterSetup, bytes: &[u8]) -> Result<()> {
    let Some(printer) = setup.place() else { return Err(Error::NoPrinter) };
    let unreachable = |e: std::io::Error| Error::PrinterUnreachable { printer: printer.clone(), message: e.to_string() };
    match &setup.connection {
        PrinterConnection::None => Err(Error::NoPrinter),
        PrinterConnection::Network { address } => {
            let target = with_port(address);
            let addr = target
                .to_socket_addrs()
                .map_err(unreachable)?
                .next()
                .ok_or_else(|| unreachable(std::io::Error::new(std::io::ErrorKind::NotFound, "no such host")))?;
            let mut stream = TcpStream::connect_timeout(&addr, PRINTER_TIMEOUT).map_err(unreachable)?;
            stream.set_write_timeout(Some(PRINTER_TIMEOUT)).map_err(unreachable)?;
            stream.write_all(bytes).and_then(|_| stream.flush()).map_err(unreachable)
        }
        PrinterConnection::Device { path } => {
            let mut file = OpenOptions::new().append(true).create(true).open(path).map_err(unreachable)?;
            file.write_all(bytes).and_then(|_| file.flush()).map_err(unreachable)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::Param;

    #[test]
    fn a_printer_not_taking_a_receipt_is_named_by_its_kind_with_its_address() {
        // Given a network printer set up without a port
        let setup = PrinterSetup { connection: PrinterConnection::Network { address: "192.168.1.50".into() }, width: 42 };
        let printer = setup.place().expect("a printer is set up");
        let e = Error::PrinterUnreachable { printer, message: "connection refused".into() };
        // Then the English names it as before, with the raw port
        assert_eq!(e.to_string(), "The network printer 192.168.1.50:9100 did not take the receipt: connection refused. Check it is on, has paper and is connected");
        // And the screen gets a key for a network printer, the address and the OS's words as text
        let said = e.message();
        assert_eq!(said.key, "printerUnreachableNetwork");
        assert_eq!(said.params_by_name()["address"], Param::Text("192.168.1.50:9100".into()));
        assert_eq!(said.params_by_name()["detail"], Param::Text("connection refused".into()));
    }

    #[test]
    fn no_printer_has_no_place() {
        // Given no printer set up
        let setup = PrinterSetup::default();
        // Then it has no place, and is described as before
        assert_eq!((setup.place(), setup.describe()), (None, "no printer".to_string()));
    }
}
