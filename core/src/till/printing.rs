//! The till's receipt printer: its setup, a test page, and printing a
//! receipt (a reprint says COPY; the first print of a cash sale kicks the
//! drawer open). Every print is logged in `receipt_prints`.

use rust_decimal::Decimal;
use rusqlite::params;

use super::Till;
use crate::back_office::SYSTEM_ACTOR;
use crate::domain::{OrderId, OrderStatus};
use crate::error::Result;
use crate::printer::{self, PrintOutcome, PrinterSetup};
use crate::read;

impl Till {
    pub fn printer_setup(&self) -> Result<PrinterSetup> {
        printer::load(&self.conn)
    }

    /// Checks and keeps this till's printer setup.
    pub fn save_printer_setup(&mut self, setup: &PrinterSetup) -> Result<PrinterSetup> {
        let checked = printer::check(setup)?;
        printer::store(&self.conn, &checked)?;
        Ok(checked)
    }

    /// Prints a test page on the printer set up.
    pub fn test_print(&mut self) -> Result<PrintOutcome> {
        let setup = self.printer_setup()?;
        let bytes = printer::test_page_bytes(&self.settings.shop_name, &setup, self.settings.language)?;
        printer::send(&setup, &bytes)?;
        Ok(PrintOutcome { printer: setup.describe(), copy: false, drawer_opened: false })
    }

    /// Prints order `id`'s receipt: COPY when it was printed before; the
    /// drawer opens on the first print of a paid order that took cash.
    pub fn print_receipt(&mut self, id: OrderId) -> Result<PrintOutcome> {
        let setup = self.printer_setup()?;
        let receipt = read::receipt(&mut self.reader(), id)?;
        let printed: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM receipt_prints WHERE order_id = ?1")?
            .query_row([id], |r| r.get(0))?;
        let copy = printed > 0;
        let took_cash = receipt.order.confirmation.as_ref().is_some_and(|c| c.tenders.cash > Decimal::ZERO);
        let drawer_opened = !copy && took_cash && receipt.order.status == OrderStatus::Confirmed;
        let bytes = printer::receipt_bytes(&receipt, setup.width, copy, drawer_opened)?;
        printer::send(&setup, &bytes)?;
        self.conn
            .prepare_cached("INSERT INTO receipt_prints (order_id, at, actor, copy) VALUES (?1, ?2, ?3, ?4)")?
            .execute(params![id, (self.clock)().timestamp_micros(), self.signed_in.unwrap_or(SYSTEM_ACTOR), copy])?;
        Ok(PrintOutcome { printer: setup.describe(), copy, drawer_opened })
    }

    /// Prints the open shift's X report as `viewer` may read it (blind for a cashier).
    pub fn print_x(&mut self, viewer: crate::domain::StaffId) -> Result<PrintOutcome> {
        let setup = self.printer_setup()?;
        let report = self.shift_report(viewer)?.ok_or(crate::domain::OrderError::NoOpenShift)?;
        let text = read::x_text(&self.settings, &report.shift, &report.opened_by_name, &report.figures, report.drawer.as_ref(), report.as_of, setup.width as usize);
        printer::send(&setup, &printer::report_bytes(&text, setup.width, false, self.settings.language)?)?;
        Ok(PrintOutcome { printer: setup.describe(), copy: false, drawer_opened: false })
    }

    /// Prints Z report `number`; `copy` for a reprint.
    pub fn print_z(&mut self, number: crate::domain::ZNumber, copy: bool) -> Result<PrintOutcome> {
        let setup = self.printer_setup()?;
        let z = self.z_report(number)?;
        let text = read::z_text(&self.settings, &z.close, &z.closed_by_name, z.reopened_by_name.as_deref(), setup.width as usize);
        printer::send(&setup, &printer::report_bytes(&text, setup.width, copy, self.settings.language)?)?;
        Ok(PrintOutcome { printer: setup.describe(), copy, drawer_opened: false })
    }

    /// Prints refund `number`'s slip; `copy` for a reprint. The drawer opens
    /// on the first print of a refund that gave cash back.
    pub fn print_refund(&mut self, number: crate::domain::RefundNumber, copy: bool) -> Result<PrintOutcome> {
        let setup = self.printer_setup()?;
        let refund = self.refund(number)?;
        let cashier = crate::staff::get(&self.conn, refund.cashier).map(|s| s.name).unwrap_or_default();
        let text = read::refund_text(&self.settings, &self.terminal, &cashier, &refund, setup.width as usize);
        let drawer_opened = !copy && refund.tenders.cash > Decimal::ZERO;
        printer::send(&setup, &printer::refund_bytes(&text, &crate::domain::refund_reference(&self.terminal, number), setup.width, copy, self.settings.language, drawer_opened)?)?;
        Ok(PrintOutcome { printer: setup.describe(), copy, drawer_opened })
    }
}
