//! The one API every front end calls: the desktop shell, `pos serve` (and
//! through it the UI's tests) and anything later.
//!
//! A command is defined once, in [`COMMANDS`]: its snake_case name, its
//! arguments (one struct, deserialized from a JSON object with camelCase
//! keys), its reply, who may call it, and its handler. Everything else is
//! derived from that table:
//! - [`Api::call`] dispatches by name, checks who is calling (signed in,
//!   manager) before the handler runs, and answers JSON or an [`ErrorBody`];
//! - the TypeScript client `ui/src/bindings/api.ts` ([`client::typescript`]);
//! - the desktop shell's permissions (one `allow-<command>` per name, granted
//!   in its capability; `src-tauri/tests/permissions.rs` fails when they and
//!   this table disagree).
//!
//! Handlers are small: they check what only the API knows (the session, a
//! picked file) and call the till; every business rule stays in the domain
//! and the till's command path.

pub mod client;
mod audit;
mod back_office;
mod history;
mod refunds;
mod register;
mod session;
mod shifts;
mod shop;
mod closes;
mod enrolment;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::error::{Error, ErrorBody, Result};
use crate::language::Language;
use crate::staff::StaffMember;
use crate::till::Till;

pub use audit::{AuditExportArgs, AuditArgs, DayReportArgs, VerifyHeadArgs};
pub use back_office::{
    CatalogImportCommitArgs, ProductArchiveArgs, ProductInputArgs, ProductsArgs, RecordArgs, RecordAtArgs,
    RecordVersionAtArgs, SavePolicyArgs, SavePrinterSetupArgs,
    SettingsSaveArgs, StaffAddArgs, StaffResetPinArgs, StaffSetActiveArgs, StaffSetRoleArgs,
};
pub use history::{OrderAtArgs, OrdersArgs, TimelineArgs, TimelineAtArgs, VersionAtArgs};
pub use shop::Scope;
pub use refunds::{ExchangeGoodsArgs, ExchangePreviewArgs, IssueRefundArgs, PrintRefundArgs, RefundPreviewArgs, RefundableSaleArgs};
pub use register::{FindProductsArgs, OpenOrderArgs, OrderArgs, OrderCommandArgs, QuickCash, TenderPreview, TenderPreviewArgs};
pub use session::{ScreenLanguageArgs, SignInArgs};
pub use closes::{CloseDayArgs, PrintZArgs, ReopenDayArgs, ZReportArgs};
pub use shifts::{CloseShiftArgs, MoveCashArgs, NoSaleArgs, OpenShiftArgs};

/// What a front end lends the API: the native file dialogs, and its web
/// engine's language. The desktop shell opens real dialogs; `pos serve`
/// answers from its configuration.
pub trait Host: Send + Sync {
    /// Asks where to save a file, suggesting `name`; `None` when cancelled.
    fn save_path(&self, name: &str) -> Option<PathBuf>;
    /// Asks for a file to open (`kind`, e.g. "CSV", with its extensions);
    /// `None` when cancelled.
    fn open_path(&self, kind: &str, extensions: &[&str]) -> Option<PathBuf>;
    /// Tells the web engine the language the screen is in, for what it
    /// writes itself (the date fields' day, month and year). A host without a
    /// web engine of its own has nothing to tell.
    fn speak(&self, _language: Language) {}
}

/// A host without dialogs: every dialog is cancelled.
pub struct NoDialogs;

impl Host for NoDialogs {
    fn save_path(&self, _name: &str) -> Option<PathBuf> {
        None
    }
    fn open_path(&self, _kind: &str, _extensions: &[&str]) -> Option<PathBuf> {
        None
    }
}

/// Who may call a command. Checked by [`Api::call`] before the handler runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Access {
    /// Anyone at the till, signed in or not (status, signing in).
    Anyone,
    /// A signed-in staff member.
    Staff,
    /// A signed-in, active manager (checked against the staff table on every call).
    Manager,
}

/// The arguments of a command that takes none: `{}`.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct NoArgs {}

/// Who is calling: the staff member signed in at this till, if any.
#[derive(Debug, Clone, Default)]
pub struct Caller {
    staff: Option<StaffMember>,
}

impl Caller {
    /// The signed-in staff member; [`Access::Staff`] and [`Access::Manager`]
    /// commands always have one.
    pub fn staff(&self) -> Result<&StaffMember> {
        self.staff.as_ref().ok_or(Error::NotSignedIn)
    }
}

/// The state of one till's session: who is signed in, and a catalog file
/// picked for import, awaiting its commit.
#[derive(Default)]
struct Session {
    staff: Option<StaffMember>,
    import: Option<PendingImport>,
}

struct PendingImport {
    token: String,
    text: String,
}

/// One entry of the table: everything known about a command.
pub struct CommandSpec {
    /// snake_case, as the webview invokes it and the permission names it.
    pub name: &'static str,
    pub access: Access,
    /// The handler's doc comment, copied into the TypeScript client.
    pub doc: &'static str,
    run: fn(&Api, &Caller, Value) -> Result<Value>,
    /// TypeScript names of the arguments and the reply.
    pub(crate) args_ts: fn() -> String,
    pub(crate) reply_ts: fn() -> String,
    /// The TypeScript types the client imports for this command.
    pub(crate) imports: fn() -> Vec<ts_rs::Dependency>,
    /// Writes the arguments' and reply's TypeScript types (and theirs) into a folder.
    pub export: fn(&Path) -> std::result::Result<(), ts_rs::ExportError>,
}

fn parse_args<T: DeserializeOwned>(command: &str, args: Value) -> Result<T> {
    // A command without arguments may be invoked with nothing at all.
    let args = if args.is_null() { Value::Object(Default::default()) } else { args };
    if !args.is_object() {
        return Err(Error::BadArguments { message: format!("`{command}` takes its arguments as an object") });
    }
    serde_path_to_error::deserialize(args).map_err(|e| {
        let path = e.path().to_string();
        let problem: String = e.inner().to_string().chars().take(PROBLEM_CHARS_SHOWN).collect();
        let at = if path == "." { String::new() } else { format!("`{path}` of ") };
        Error::BadArguments { message: format!("{at}`{command}` is not valid: {problem}") }
    })
}

/// A rejected argument's text is cut here: it can quote what was sent.
const PROBLEM_CHARS_SHOWN: usize = 200;

fn reply_json<T: Serialize>(reply: &T) -> Result<Value> {
    serde_json::to_value(reply).map_err(|e| Error::Reply(e.to_string()))
}

/// The named TypeScript types a command's client signature mentions: the
/// arguments, and the reply or, for a wrapper like `Vec<T>`, what it wraps.
fn imports<A: TS + 'static, R: TS + 'static>() -> Vec<ts_rs::Dependency> {
    let mut named = Named(Vec::new());
    ts_rs::TypeVisitor::visit::<A>(&mut named);
    ts_rs::TypeVisitor::visit::<R>(&mut named);
    named.0
}

/// Collects the named types visited, looking inside wrappers (`Vec<T>`, `Option<T>`).
struct Named(Vec<ts_rs::Dependency>);

impl ts_rs::TypeVisitor for Named {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        match ts_rs::Dependency::from_ty::<T>() {
            Some(d) => self.0.push(d),
            None => T::visit_generics(self),
        }
    }
}

fn export<A: TS + 'static, R: TS + 'static>(dir: &Path) -> std::result::Result<(), ts_rs::ExportError> {
    let mut exporter = Exporter { dir, result: Ok(()) };
    ts_rs::TypeVisitor::visit::<A>(&mut exporter);
    ts_rs::TypeVisitor::visit::<R>(&mut exporter);
    exporter.result
}

/// Exports each visited type that has a file of its own, with its
/// dependencies, looking inside wrappers as [`Named`] does.
struct Exporter<'a> {
    dir: &'a Path,
    result: std::result::Result<(), ts_rs::ExportError>,
}

impl ts_rs::TypeVisitor for Exporter<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        if self.result.is_err() {
            return;
        }
        match T::output_path() {
            Some(_) => self.result = T::export_all_to(self.dir),
            None => T::visit_generics(self),
        }
    }
}

/// Declares the table. Each entry: doc comment, `name(Args) -> Reply`, who
/// may call it, and the handler `fn(&Api, &Caller, Args) -> Result<Reply>`.
macro_rules! commands {
    ($( $(#[doc = $doc:literal])+ $name:ident($args:ty) -> $reply:ty, $access:ident => $handler:path; )+) => {
        /// Every command the API answers, in the order the client lists them.
        pub static COMMANDS: &[CommandSpec] = &[$(
            CommandSpec {
                name: stringify!($name),
                access: Access::$access,
                doc: concat!($($doc, "\n"),+),
                run: |api, caller, args| {
                    let args: $args = parse_args(stringify!($name), args)?;
                    let reply: $reply = $handler(api, caller, args)?;
                    reply_json(&reply)
                },
                args_ts: <$args as TS>::name,
                reply_ts: <$reply as TS>::name,
                imports: imports::<$args, $reply>,
                export: export::<$args, $reply>,
            },
        )+];
    };
}

commands! {
    /// Where the database is, what it holds, and the chain as checked at start.
    app_status(NoArgs) -> crate::till::AppStatus, Anyone => session::app_status;
    /// Signs a staff member in with code and PIN (five wrong PINs lock it).
    sign_in(SignInArgs) -> StaffMember, Anyone => session::sign_in;
    /// Signs out whoever is signed in.
    sign_out(NoArgs) -> (), Anyone => session::sign_out;
    /// Who is signed in at this till, if anyone.
    current_staff(NoArgs) -> Option<StaffMember>, Anyone => session::current_staff;
    /// The shop's name, address, currency and discount and void policy.
    shop_settings(NoArgs) -> crate::settings::Settings, Anyone => session::shop_settings;
    /// This till's terminal id, as recorded on its events.
    terminal(NoArgs) -> String, Anyone => session::terminal;
    /// How far this till's events got to the shop server: synced, how many wait, or since when the server is out of reach ("off" when the till is not enrolled).
    sync_status(NoArgs) -> crate::sync::SyncStatus, Staff => session::sync_status;
    /// Where this till is enrolled with the shop server (its address, shop and till; never the token); null when it is not.
    shop_server(NoArgs) -> Option<enrolment::Enrolment>, Manager => enrolment::shop_server;
    /// Enrols this till with the shop server by a one-time code (`pos-server enrol-code`); the till keeps its token and starts pushing.
    enrol_till(enrolment::EnrolTillArgs) -> enrolment::Enrolment, Manager => enrolment::enrol_till;
    /// Tells the web engine the language the screen is in, for what it writes itself: the date fields' day, month and year (a preference of the screen; nothing is recorded).
    screen_language(ScreenLanguageArgs) -> (), Anyone => session::screen_language;
    /// Whether this database still needs its first-run setup, and which till it is.
    till_identity(NoArgs) -> crate::setup::TillIdentity, Anyone => session::till_identity;
    /// First run: names the shop and this till and adds the first manager, who is then signed in. Refused once any staff exist.
    set_up_shop(crate::setup::SetupInput) -> StaffMember, Anyone => session::set_up_shop;

    /// Opens a new order. `commandId` is a fresh UUID per action; resending it returns the first outcome.
    open_order(OpenOrderArgs) -> crate::till::Outcome, Staff => register::open_order;
    /// Runs one command on an order, with a manager's code and PIN when the policy asks for one.
    order_command(OrderCommandArgs) -> crate::till::Outcome, Staff => register::order_command;
    /// An order as it now is.
    order_view(OrderArgs) -> crate::domain::OrderView, Staff => register::order_view;
    /// Open (parked or current) orders on this till, newest first.
    open_orders(NoArgs) -> Vec<crate::read::OrderSummary>, Staff => register::open_orders;
    /// Products whose name, SKU or barcode matches, for the register's search.
    find_products(FindProductsArgs) -> Vec<crate::catalog::Product>, Staff => register::find_products;
    /// The products marked as favourites, for the register's buttons.
    favourite_products(NoArgs) -> Vec<crate::catalog::Product>, Staff => register::favourite_products;
    /// What paying with this cash and card would give: change, what is missing, or why it would be refused.
    tender_preview(TenderPreviewArgs) -> TenderPreview, Staff => register::tender_preview;
    /// An order's receipt.
    receipt(OrderArgs) -> crate::read::Receipt, Staff => register::receipt;
    /// Asks where to save and writes the receipt as text; the path, or null when cancelled.
    save_receipt(OrderArgs) -> Option<String>, Staff => register::save_receipt;
    /// This till's receipt printer (none: receipts go through the system's print dialog).
    printer_setup(NoArgs) -> crate::printer::PrinterSetup, Staff => register::printer_setup;
    /// Prints a receipt on the receipt printer: COPY on a reprint; the first print of a cash sale opens the drawer.
    print_receipt(OrderArgs) -> crate::printer::PrintOutcome, Staff => register::print_receipt;
    /// A paid sale found by its receipt's number, with what each line can still give back.
    refundable_sale(RefundableSaleArgs) -> crate::till::RefundableSale, Staff => refunds::refundable_sale;
    /// What a refund would give back, and why issuing it now would be refused (nothing is written).
    refund_preview(RefundPreviewArgs) -> crate::till::RefundPreview, Staff => refunds::refund_preview;
    /// Gives money back for goods returned, with or without the receipt (`manager_required` over the policy's limit and without a receipt).
    issue_refund(IssueRefundArgs) -> crate::till::IssuedRefund, Staff => refunds::issue_refund;
    /// Prints a refund's slip on this till's printer (`copy`: a reprint); the drawer opens on the first print of cash given back.
    print_refund(PrintRefundArgs) -> crate::printer::PrintOutcome, Staff => refunds::print_refund;
    /// What an exchange of a sale's goods for the order on the register would credit, and what is paid or given back (nothing is written).
    exchange_preview(ExchangePreviewArgs) -> crate::till::ExchangePreview, Staff => refunds::exchange_preview;
    /// Takes a sale's goods back for the order open on this till: their refund pays it as a credit, the difference in cash or by card.
    exchange_goods(ExchangeGoodsArgs) -> crate::till::Exchanged, Staff => refunds::exchange_goods;
    /// The notes and coins of the shop's currency, largest first, for a drawer counted piece by piece.
    denominations(NoArgs) -> Vec<String>, Staff => shifts::denominations;
    /// This till's open shift so far (the X report); null when none is open. What the drawer should hold is shown to managers only: the cashier counts blind.
    shift_report(NoArgs) -> Option<crate::till::ShiftReport>, Staff => shifts::shift_report;
    /// Opens a shift on this till with its float counted (`shift_already_open` while one is).
    open_shift(OpenShiftArgs) -> crate::domain::Shift, Staff => shifts::open_shift;
    /// A drop to the safe, a pay-out or a pay-in, with its reason (`manager_required` over the policy's limit, `drawer_short` past what the drawer holds).
    move_cash(MoveCashArgs) -> crate::domain::CashMoved, Staff => shifts::move_cash;
    /// Opens the drawer without a sale, saying why (the printer's kick opens it).
    no_sale(NoSaleArgs) -> crate::till::NoSale, Staff => shifts::no_sale;
    /// Closes the open shift with the drawer counted blind; a variance past the policy's limit needs a manager and a reason.
    close_shift(CloseShiftArgs) -> crate::domain::ShiftClosed, Staff => shifts::close_shift;
    /// Prints the open shift's X report on this till's printer (blind for a cashier).
    print_x(NoArgs) -> crate::printer::PrintOutcome, Staff => closes::print_x;
    /// Where this till's day stands: today, whether a shift is open, the newest Z and whether today is closed.
    day_status(NoArgs) -> crate::till::DayStatus, Staff => closes::day_status;
    /// Closes today on this till: the numbered Z report with the chain's head (`shift_still_open` while a shift is; `day_closed` when it is already). Nothing more is taken into the day.
    close_day(CloseDayArgs) -> crate::domain::DayClosed, Staff => closes::close_day;
    /// Reopens the day closed by a Z report: a manager approves, with a reason.
    reopen_day(ReopenDayArgs) -> crate::domain::DayReopened, Staff => closes::reopen_day;
    /// A Z report as its events leave it, with who closed and who reopened the day.
    z_report(ZReportArgs) -> crate::till::ZReport, Staff => closes::z_report;
    /// Prints a Z report on this till's printer (`copy`: a reprint).
    print_z(PrintZArgs) -> crate::printer::PrintOutcome, Staff => closes::print_z;

    /// The catalog, for the back office (archived products too, when asked).
    products(ProductsArgs) -> Vec<crate::catalog::Product>, Manager => back_office::products;
    /// Adds a product.
    product_add(ProductInputArgs) -> crate::catalog::Product, Manager => back_office::product_add;
    /// Changes a product (found by its SKU).
    product_update(ProductInputArgs) -> crate::catalog::Product, Manager => back_office::product_update;
    /// Archives a product, or brings it back.
    product_archive(ProductArchiveArgs) -> crate::catalog::Product, Manager => back_office::product_archive;
    /// Asks for a catalog CSV and previews it; null when cancelled. Writes nothing.
    catalog_import_pick(NoArgs) -> Option<crate::catalog::ImportPick>, Manager => back_office::catalog_import_pick;
    /// Imports the file picked last, by the token its preview gave.
    catalog_import_commit(CatalogImportCommitArgs) -> crate::catalog::ImportPreview, Manager => back_office::catalog_import_commit;
    /// Every staff member.
    staff_list(NoArgs) -> Vec<StaffMember>, Manager => back_office::staff_list;
    /// Adds a staff member with a PIN.
    staff_add(StaffAddArgs) -> StaffMember, Manager => back_office::staff_add;
    /// Sets a staff member's PIN (and unlocks it).
    staff_reset_pin(StaffResetPinArgs) -> StaffMember, Manager => back_office::staff_reset_pin;
    /// Deactivates a staff member, or makes them active again (never yourself).
    staff_set_active(StaffSetActiveArgs) -> StaffMember, Manager => back_office::staff_set_active;
    /// Saves the shop's name, address and currency.
    settings_save(SettingsSaveArgs) -> crate::settings::Settings, Manager => back_office::settings_save;
    /// Checks and saves the discount and void policy (a refusal names its field); in force from the next command.
    save_policy(SavePolicyArgs) -> crate::settings::Settings, Manager => back_office::save_policy;
    /// Makes a staff member a cashier or a manager (a `RoleChanged` event).
    staff_set_role(StaffSetRoleArgs) -> StaffMember, Manager => back_office::staff_set_role;
    /// Sets up this till's receipt printer (a network address or a device file) and its line width.
    save_printer_setup(SavePrinterSetupArgs) -> crate::printer::PrinterSetup, Manager => back_office::save_printer_setup;
    /// Prints a test page on the receipt printer.
    test_print(NoArgs) -> crate::printer::PrintOutcome, Manager => back_office::test_print;
    /// A record's changes (a product, the shop's settings and policy, a staff member): its timeline's marks.
    record_timeline(RecordArgs) -> Vec<crate::read::Change>, Manager => back_office::record_timeline;
    /// A record as it stood at a version, with the change recorded there and the record before it.
    record_at(RecordAtArgs) -> crate::read::RecordStep, Manager => back_office::record_at;
    /// The record's version in force at an instant (what was the price on 3 March).
    record_version_at(RecordVersionAtArgs) -> u32, Manager => back_office::record_version_at;

    /// Orders, newest first, filtered: this till's, or the whole shop's (`shop_unavailable` when the shop server cannot be reached).
    orders(OrdersArgs) -> Vec<crate::read::OrderSummary>, Staff => history::orders;
    /// An order's events, light enough for 10,000 of them: kind, version, summary, who and when.
    timeline(TimelineArgs) -> Vec<crate::read::TimelineMark>, Staff => history::timeline;
    /// One step along the timeline: the event at `version` in full and the order then, with at most `rows` lines.
    timeline_at(TimelineAtArgs) -> crate::read::TimelineStep, Staff => history::timeline_at;
    /// The order exactly as it was after its first `version` events.
    order_at(OrderAtArgs) -> crate::domain::OrderView, Staff => history::order_at;
    /// The version in force at an instant (RFC 3339): the last event at or before it.
    version_at(VersionAtArgs) -> u32, Staff => history::version_at;

    /// The audit trail, filtered and paged: this till's, or the whole shop's (each entry naming its till).
    audit(AuditArgs) -> Vec<crate::read::AuditEntry>, Manager => audit::audit;
    /// Counts and amounts per kind and per staff member over the whole filtered trail (its page does not matter).
    audit_totals(AuditArgs) -> crate::read::AuditTotals, Manager => audit::audit_totals;
    /// Asks where to save and writes the whole filtered trail as CSV (every
    /// entry, then its totals and the chain head); the path, or null when cancelled.
    audit_export(AuditExportArgs) -> Option<String>, Manager => audit::audit_export;
    /// Walks the event hash chain and names the first bad event.
    verify_chain(NoArgs) -> crate::store::VerifyReport, Manager => audit::verify_chain;
    /// Checks that the chain still passes through a head written down earlier
    /// (`POSITION:HASH` from a printed report), and verifies; `bad_head` if it is not one.
    verify_head(VerifyHeadArgs) -> crate::store::HeadReport, Manager => audit::verify_head;
    /// A day's figures for [from, to) on one till, or all tills when `terminal` is null, or the whole shop's.
    day_report(DayReportArgs) -> crate::read::DayReport, Manager => audit::day_report;
    /// Asks where to save and writes the day report as CSV; the path, or null when cancelled.
    day_report_export(DayReportArgs) -> Option<String>, Manager => audit::day_report_export;
    /// Asks where to save and writes a verified copy of the database (online backup); the path, or null.
    backup(NoArgs) -> Option<String>, Manager => audit::backup;
}

/// The command named `name`, if the API has one.
pub fn command(name: &str) -> Option<&'static CommandSpec> {
    COMMANDS.iter().find(|c| c.name == name)
}

/// One till behind the API: the open [`Till`], its session and its host.
pub struct Api {
    till: Mutex<Till>,
    session: Mutex<Session>,
    host: Box<dyn Host>,
    /// The background push to the shop server, where the front end runs one.
    outbox: Option<crate::sync::Outbox>,
}

impl Api {
    pub fn new(till: Till, host: Box<dyn Host>) -> Api {
        Api { till: Mutex::new(till), session: Mutex::new(Session::default()), host, outbox: None }
    }

    /// The API with this till's events pushed to its shop server in the background.
    pub fn with_outbox(mut self, outbox: crate::sync::Outbox) -> Api {
        self.outbox = Some(outbox);
        self
    }

    pub(crate) fn outbox(&self) -> Option<&crate::sync::Outbox> {
        self.outbox.as_ref()
    }

    /// Runs the command `name` with its arguments (a JSON object) for whoever
    /// is signed in, and answers its reply as JSON or a typed refusal.
    pub fn call(&self, name: &str, args: Value) -> std::result::Result<Value, ErrorBody> {
        self.call_typed(name, args).map_err(|e| ErrorBody::from(&e))
    }

    fn call_typed(&self, name: &str, args: Value) -> Result<Value> {
        let spec = command(name).ok_or_else(|| Error::UnknownCommand(name.chars().take(PROBLEM_CHARS_SHOWN).collect()))?;
        let caller = self.caller(spec.access)?;
        (spec.run)(self, &caller, args)
    }

    /// Checks `access` against the session; a manager is looked up afresh,
    /// so one deactivated or demoted since signing in is refused.
    fn caller(&self, access: Access) -> Result<Caller> {
        let staff = self.session()?.staff.clone();
        match access {
            Access::Anyone => Ok(Caller { staff }),
            Access::Staff => {
                staff.as_ref().ok_or(Error::NotSignedIn)?;
                Ok(Caller { staff })
            }
            Access::Manager => {
                let id = staff.as_ref().ok_or(Error::NotSignedIn)?.id;
                let member = self.till()?.require_manager(id)?;
                Ok(Caller { staff: Some(member) })
            }
        }
    }

    /// The till, locked for one command. A panic in an earlier command
    /// poisons it: its in-memory state can no longer be trusted.
    pub(crate) fn till(&self) -> Result<MutexGuard<'_, Till>> {
        self.till.lock().map_err(|_| Error::TillUnavailable)
    }

    fn session(&self) -> Result<MutexGuard<'_, Session>> {
        self.session.lock().map_err(|_| Error::TillUnavailable)
    }

    pub(crate) fn host(&self) -> &dyn Host {
        self.host.as_ref()
    }

    /// Runs `f` on the till outside any command (start-up checks, tests).
    pub fn with_till<T>(&self, f: impl FnOnce(&mut Till) -> T) -> Result<T> {
        Ok(f(&mut *self.till()?))
    }
}

/// Parses an instant typed or sent as RFC 3339.
fn instant(text: &str, field: &'static str) -> Result<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc3339(text.trim())
        .map(|t| t.with_timezone(&chrono::Utc))
        .map_err(|_| Error::Invalid { field, problem: crate::problem::Problem::DateTime })
}

/// Asks the host where to save `text` (suggesting `name`) and writes it: the
/// path written, or `None` when the person cancelled.
fn save_text(api: &Api, name: &str, text: &str) -> Result<Option<String>> {
    let Some(path) = api.host().save_path(name) else { return Ok(None) };
    std::fs::write(&path, text)
        .map_err(|e| Error::Write { path: path.display().to_string(), message: e.to_string() })?;
    Ok(Some(path.display().to_string()))
}

#[cfg(test)]
mod tests;
