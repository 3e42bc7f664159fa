// Generated from pos-core's API table (core/src/api/mod.rs); do not edit.
// `UPDATE_BINDINGS=1 cargo test -p pos-core --test bindings` rewrites it.

import type { AppStatus } from "./AppStatus";
import type { AuditArgs } from "./AuditArgs";
import type { AuditEntry } from "./AuditEntry";
import type { AuditTotals } from "./AuditTotals";
import type { CashMoved } from "./CashMoved";
import type { CatalogImportCommitArgs } from "./CatalogImportCommitArgs";
import type { Change } from "./Change";
import type { CloseDayArgs } from "./CloseDayArgs";
import type { CloseShiftArgs } from "./CloseShiftArgs";
import type { DayClosed } from "./DayClosed";
import type { DayReopened } from "./DayReopened";
import type { DayReport } from "./DayReport";
import type { DayReportArgs } from "./DayReportArgs";
import type { DayStatus } from "./DayStatus";
import type { EnrolTillArgs } from "./EnrolTillArgs";
import type { Enrolment } from "./Enrolment";
import type { ExchangeGoodsArgs } from "./ExchangeGoodsArgs";
import type { ExchangePreview } from "./ExchangePreview";
import type { ExchangePreviewArgs } from "./ExchangePreviewArgs";
import type { Exchanged } from "./Exchanged";
import type { FindProductsArgs } from "./FindProductsArgs";
import type { HeadReport } from "./HeadReport";
import type { ImportPick } from "./ImportPick";
import type { ImportPreview } from "./ImportPreview";
import type { IssueRefundArgs } from "./IssueRefundArgs";
import type { IssuedRefund } from "./IssuedRefund";
import type { MoveCashArgs } from "./MoveCashArgs";
import type { NoSale } from "./NoSale";
import type { NoSaleArgs } from "./NoSaleArgs";
import type { OpenOrderArgs } from "./OpenOrderArgs";
import type { OpenShiftArgs } from "./OpenShiftArgs";
import type { OrderArgs } from "./OrderArgs";
import type { OrderAtArgs } from "./OrderAtArgs";
import type { OrderCommandArgs } from "./OrderCommandArgs";
import type { OrderSummary } from "./OrderSummary";
import type { OrderView } from "./OrderView";
import type { OrdersArgs } from "./OrdersArgs";
import type { Outcome } from "./Outcome";
import type { PrintOutcome } from "./PrintOutcome";
import type { PrintRefundArgs } from "./PrintRefundArgs";
import type { PrintZArgs } from "./PrintZArgs";
import type { PrinterSetup } from "./PrinterSetup";
import type { Product } from "./Product";
import type { ProductArchiveArgs } from "./ProductArchiveArgs";
import type { ProductInputArgs } from "./ProductInputArgs";
import type { ProductsArgs } from "./ProductsArgs";
import type { Receipt } from "./Receipt";
import type { RecordArgs } from "./RecordArgs";
import type { RecordAtArgs } from "./RecordAtArgs";
import type { RecordStep } from "./RecordStep";
import type { RecordVersionAtArgs } from "./RecordVersionAtArgs";
import type { RefundPreview } from "./RefundPreview";
import type { RefundPreviewArgs } from "./RefundPreviewArgs";
import type { RefundableSale } from "./RefundableSale";
import type { RefundableSaleArgs } from "./RefundableSaleArgs";
import type { ReopenDayArgs } from "./ReopenDayArgs";
import type { SavePolicyArgs } from "./SavePolicyArgs";
import type { SavePrinterSetupArgs } from "./SavePrinterSetupArgs";
import type { ScreenLanguageArgs } from "./ScreenLanguageArgs";
import type { Settings } from "./Settings";
import type { SettingsSaveArgs } from "./SettingsSaveArgs";
import type { SetupInput } from "./SetupInput";
import type { Shift } from "./Shift";
import type { ShiftClosed } from "./ShiftClosed";
import type { ShiftReport } from "./ShiftReport";
import type { SignInArgs } from "./SignInArgs";
import type { StaffAddArgs } from "./StaffAddArgs";
import type { StaffMember } from "./StaffMember";
import type { StaffResetPinArgs } from "./StaffResetPinArgs";
import type { StaffSetActiveArgs } from "./StaffSetActiveArgs";
import type { StaffSetRoleArgs } from "./StaffSetRoleArgs";
import type { SyncStatus } from "./SyncStatus";
import type { TenderPreview } from "./TenderPreview";
import type { TenderPreviewArgs } from "./TenderPreviewArgs";
import type { TillIdentity } from "./TillIdentity";
import type { TimelineArgs } from "./TimelineArgs";
import type { TimelineAtArgs } from "./TimelineAtArgs";
import type { TimelineMark } from "./TimelineMark";
import type { TimelineStep } from "./TimelineStep";
import type { VerifyHeadArgs } from "./VerifyHeadArgs";
import type { VerifyReport } from "./VerifyReport";
import type { VersionAtArgs } from "./VersionAtArgs";
import type { ZReport } from "./ZReport";
import type { ZReportArgs } from "./ZReportArgs";

/** Sends one command by its snake_case name; rejects with an ErrorBody `{ code, message }`. */
export type Call = <T>(command: string, args: Record<string, unknown>) => Promise<T>;

/** Every command of the till, as one method each. */
export interface Api {
  /** Where the database is, what it holds, and the chain as checked at start. */
  appStatus(): Promise<AppStatus>;
  /** Signs a staff member in with code and PIN (five wrong PINs lock it). */
  signIn(args: SignInArgs): Promise<StaffMember>;
  /** Signs out whoever is signed in. */
  signOut(): Promise<null>;
  /** Who is signed in at this till, if anyone. */
  currentStaff(): Promise<StaffMember | null>;
  /** The shop's name, address, currency and discount and void policy. */
  shopSettings(): Promise<Settings>;
  /** This till's terminal id, as recorded on its events. */
  terminal(): Promise<string>;
  /** How far this till's events got to the shop server: synced, how many wait, or since when the server is out of reach ("off" when the till is not enrolled). */
  syncStatus(): Promise<SyncStatus>;
  /** Where this till is enrolled with the shop server (its address, shop and till; never the token); null when it is not. */
  shopServer(): Promise<Enrolment | null>;
  /** Enrols this till with the shop server by a one-time code (`pos-server enrol-code`); the till keeps its token and starts pushing. */
  enrolTill(args: EnrolTillArgs): Promise<Enrolment>;
  /** Tells the web engine the language the screen is in, for what it writes itself: the date fields' day, month and year (a preference of the screen; nothing is recorded). */
  screenLanguage(args: ScreenLanguageArgs): Promise<null>;
  /** Whether this database still needs its first-run setup, and which till it is. */
  tillIdentity(): Promise<TillIdentity>;
  /** First run: names the shop and this till and adds the first manager, who is then signed in. Refused once any staff exist. */
  setUpShop(args: SetupInput): Promise<StaffMember>;
  /** Opens a new order. `commandId` is a fresh UUID per action; resending it returns the first outcome. */
  openOrder(args: OpenOrderArgs): Promise<Outcome>;
  /** Runs one command on an order, with a manager's code and PIN when the policy asks for one. */
  orderCommand(args: OrderCommandArgs): Promise<Outcome>;
  /** An order as it now is. */
  orderView(args: OrderArgs): Promise<OrderView>;
  /** Open (parked or current) orders on this till, newest first. */
  openOrders(): Promise<Array<OrderSummary>>;
  /** Products whose name, SKU or barcode matches, for the register's search. */
  findProducts(args: FindProductsArgs): Promise<Array<Product>>;
  /** The products marked as favourites, for the register's buttons. */
  favouriteProducts(): Promise<Array<Product>>;
  /** What paying with this cash and card would give: change, what is missing, or why it would be refused. */
  tenderPreview(args: TenderPreviewArgs): Promise<TenderPreview>;
  /** An order's receipt. */
  receipt(args: OrderArgs): Promise<Receipt>;
  /** Asks where to save and writes the receipt as text; the path, or null when cancelled. */
  saveReceipt(args: OrderArgs): Promise<string | null>;
  /** This till's receipt printer (none: receipts go through the system's print dialog). */
  printerSetup(): Promise<PrinterSetup>;
  /** Prints a receipt on the receipt printer: COPY on a reprint; the first print of a cash sale opens the drawer. */
  printReceipt(args: OrderArgs): Promise<PrintOutcome>;
  /** A paid sale found by its receipt's number, with what each line can still give back. */
  refundableSale(args: RefundableSaleArgs): Promise<RefundableSale>;
  /** What a refund would give back, and why issuing it now would be refused (nothing is written). */
  refundPreview(args: RefundPreviewArgs): Promise<RefundPreview>;
  /** Gives money back for goods returned, with or without the receipt (`manager_required` over the policy's limit and without a receipt). */
  issueRefund(args: IssueRefundArgs): Promise<IssuedRefund>;
  /** Prints a refund's slip on this till's printer (`copy`: a reprint); the drawer opens on the first print of cash given back. */
  printRefund(args: PrintRefundArgs): Promise<PrintOutcome>;
  /** What an exchange of a sale's goods for the order on the register would credit, and what is paid or given back (nothing is written). */
  exchangePreview(args: ExchangePreviewArgs): Promise<ExchangePreview>;
  /** Takes a sale's goods back for the order open on this till: their refund pays it as a credit, the difference in cash or by card. */
  exchangeGoods(args: ExchangeGoodsArgs): Promise<Exchanged>;
  /** The notes and coins of the shop's currency, largest first, for a drawer counted piece by piece. */
  denominations(): Promise<Array<string>>;
  /** This till's open shift so far (the X report); null when none is open. What the drawer should hold is shown to managers only: the cashier counts blind. */
  shiftReport(): Promise<ShiftReport | null>;
  /** Opens a shift on this till with its float counted (`shift_already_open` while one is). */
  openShift(args: OpenShiftArgs): Promise<Shift>;
  /** A drop to the safe, a pay-out or a pay-in, with its reason (`manager_required` over the policy's limit, `drawer_short` past what the drawer holds). */
  moveCash(args: MoveCashArgs): Promise<CashMoved>;
  /** Opens the drawer without a sale, saying why (the printer's kick opens it). */
  noSale(args: NoSaleArgs): Promise<NoSale>;
  /** Closes the open shift with the drawer counted blind; a variance past the policy's limit needs a manager and a reason. */
  closeShift(args: CloseShiftArgs): Promise<ShiftClosed>;
  /** Prints the open shift's X report on this till's printer (blind for a cashier). */
  printX(): Promise<PrintOutcome>;
  /** Where this till's day stands: today, whether a shift is open, the newest Z and whether today is closed. */
  dayStatus(): Promise<DayStatus>;
  /** Closes today on this till: the numbered Z report with the chain's head (`shift_still_open` while a shift is; `day_closed` when it is already). Nothing more is taken into the day. */
  closeDay(args: CloseDayArgs): Promise<DayClosed>;
  /** Reopens the day closed by a Z report: a manager approves, with a reason. */
  reopenDay(args: ReopenDayArgs): Promise<DayReopened>;
  /** A Z report as its events leave it, with who closed and who reopened the day. */
  zReport(args: ZReportArgs): Promise<ZReport>;
  /** Prints a Z report on this till's printer (`copy`: a reprint). */
  printZ(args: PrintZArgs): Promise<PrintOutcome>;
  /** The catalog, for the back office (archived products too, when asked). */
  products(args: ProductsArgs): Promise<Array<Product>>;
  /** Adds a product. */
  productAdd(args: ProductInputArgs): Promise<Product>;
  /** Changes a product (found by its SKU). */
  productUpdate(args: ProductInputArgs): Promise<Product>;
  /** Archives a product, or brings it back. */
  productArchive(args: ProductArchiveArgs): Promise<Product>;
  /** Asks for a catalog CSV and previews it; null when cancelled. Writes nothing. */
  catalogImportPick(): Promise<ImportPick | null>;
  /** Imports the file picked last, by the token its preview gave. */
  catalogImportCommit(args: CatalogImportCommitArgs): Promise<ImportPreview>;
  /** Every staff member. */
  staffList(): Promise<Array<StaffMember>>;
  /** Adds a staff member with a PIN. */
  staffAdd(args: StaffAddArgs): Promise<StaffMember>;
  /** Sets a staff member's PIN (and unlocks it). */
  staffResetPin(args: StaffResetPinArgs): Promise<StaffMember>;
  /** Deactivates a staff member, or makes them active again (never yourself). */
  staffSetActive(args: StaffSetActiveArgs): Promise<StaffMember>;
  /** Saves the shop's name, address and currency. */
  settingsSave(args: SettingsSaveArgs): Promise<Settings>;
  /** Checks and saves the discount and void policy (a refusal names its field); in force from the next command. */
  savePolicy(args: SavePolicyArgs): Promise<Settings>;
  /** Makes a staff member a cashier or a manager (a `RoleChanged` event). */
  staffSetRole(args: StaffSetRoleArgs): Promise<StaffMember>;
  /** Sets up this till's receipt printer (a network address or a device file) and its line width. */
  savePrinterSetup(args: SavePrinterSetupArgs): Promise<PrinterSetup>;
  /** Prints a test page on the receipt printer. */
  testPrint(): Promise<PrintOutcome>;
  /** A record's changes (a product, the shop's settings and policy, a staff member): its timeline's marks. */
  recordTimeline(args: RecordArgs): Promise<Array<Change>>;
  /** A record as it stood at a version, with the change recorded there and the record before it. */
  recordAt(args: RecordAtArgs): Promise<RecordStep>;
  /** The record's version in force at an instant (what was the price on 3 March). */
  recordVersionAt(args: RecordVersionAtArgs): Promise<number>;
  /** Orders, newest first, filtered: this till's, or the whole shop's (`shop_unavailable` when the shop server cannot be reached). */
  orders(args: OrdersArgs): Promise<Array<OrderSummary>>;
  /** An order's events, light enough for 10,000 of them: kind, version, summary, who and when. */
  timeline(args: TimelineArgs): Promise<Array<TimelineMark>>;
  /** One step along the timeline: the event at `version` in full and the order then, with at most `rows` lines. */
  timelineAt(args: TimelineAtArgs): Promise<TimelineStep>;
  /** The order exactly as it was after its first `version` events. */
  orderAt(args: OrderAtArgs): Promise<OrderView>;
  /** The version in force at an instant (RFC 3339): the last event at or before it. */
  versionAt(args: VersionAtArgs): Promise<number>;
  /** The audit trail, filtered and paged: this till's, or the whole shop's (each entry naming its till). */
  audit(args: AuditArgs): Promise<Array<AuditEntry>>;
  /** Counts and amounts per kind and per staff member over the whole filtered trail (its page does not matter). */
  auditTotals(args: AuditArgs): Promise<AuditTotals>;
  /**
   * Asks where to save and writes the whole filtered trail as CSV (every
   * entry, then its totals and the chain head); the path, or null when cancelled.
   */
  auditExport(args: AuditArgs): Promise<string | null>;
  /** Walks the event hash chain and names the first bad event. */
  verifyChain(): Promise<VerifyReport>;
  /**
   * Checks that the chain still passes through a head written down earlier
   * (`POSITION:HASH` from a printed report), and verifies; `bad_head` if it is not one.
   */
  verifyHead(args: VerifyHeadArgs): Promise<HeadReport>;
  /** A day's figures for [from, to) on one till, or all tills when `terminal` is null, or the whole shop's. */
  dayReport(args: DayReportArgs): Promise<DayReport>;
  /** Asks where to save and writes the day report as CSV; the path, or null when cancelled. */
  dayReportExport(args: DayReportArgs): Promise<string | null>;
  /** Asks where to save and writes a verified copy of the database (online backup); the path, or null. */
  backup(): Promise<string | null>;
}

/** The commands' names, as the shell grants them. */
export const COMMANDS = [
  "app_status",
  "sign_in",
  "sign_out",
  "current_staff",
  "shop_settings",
  "terminal",
  "sync_status",
  "shop_server",
  "enrol_till",
  "screen_language",
  "till_identity",
  "set_up_shop",
  "open_order",
  "order_command",
  "order_view",
  "open_orders",
  "find_products",
  "favourite_products",
  "tender_preview",
  "receipt",
  "save_receipt",
  "printer_setup",
  "print_receipt",
  "refundable_sale",
  "refund_preview",
  "issue_refund",
  "print_refund",
  "exchange_preview",
  "exchange_goods",
  "denominations",
  "shift_report",
  "open_shift",
  "move_cash",
  "no_sale",
  "close_shift",
  "print_x",
  "day_status",
  "close_day",
  "reopen_day",
  "z_report",
  "print_z",
  "products",
  "product_add",
  "product_update",
  "product_archive",
  "catalog_import_pick",
  "catalog_import_commit",
  "staff_list",
  "staff_add",
  "staff_reset_pin",
  "staff_set_active",
  "settings_save",
  "save_policy",
  "staff_set_role",
  "save_printer_setup",
  "test_print",
  "record_timeline",
  "record_at",
  "record_version_at",
  "orders",
  "timeline",
  "timeline_at",
  "order_at",
  "version_at",
  "audit",
  "audit_totals",
  "audit_export",
  "verify_chain",
  "verify_head",
  "day_report",
  "day_report_export",
  "backup",
] as const;

/** The client over one way of sending commands. */
export function api(call: Call): Api {
  return {
    appStatus: () => call<AppStatus>("app_status", {}),
    signIn: (args) => call<StaffMember>("sign_in", args),
    signOut: () => call<null>("sign_out", {}),
    currentStaff: () => call<StaffMember | null>("current_staff", {}),
    shopSettings: () => call<Settings>("shop_settings", {}),
    terminal: () => call<string>("terminal", {}),
    syncStatus: () => call<SyncStatus>("sync_status", {}),
    shopServer: () => call<Enrolment | null>("shop_server", {}),
    enrolTill: (args) => call<Enrolment>("enrol_till", args),
    screenLanguage: (args) => call<null>("screen_language", args),
    tillIdentity: () => call<TillIdentity>("till_identity", {}),
    setUpShop: (args) => call<StaffMember>("set_up_shop", args),
    openOrder: (args) => call<Outcome>("open_order", args),
    orderCommand: (args) => call<Outcome>("order_command", args),
    orderView: (args) => call<OrderView>("order_view", args),
    openOrders: () => call<Array<OrderSummary>>("open_orders", {}),
    findProducts: (args) => call<Array<Product>>("find_products", args),
    favouriteProducts: () => call<Array<Product>>("favourite_products", {}),
    tenderPreview: (args) => call<TenderPreview>("tender_preview", args),
    receipt: (args) => call<Receipt>("receipt", args),
    saveReceipt: (args) => call<string | null>("save_receipt", args),
    printerSetup: () => call<PrinterSetup>("printer_setup", {}),
    printReceipt: (args) => call<PrintOutcome>("print_receipt", args),
    refundableSale: (args) => call<RefundableSale>("refundable_sale", args),
    refundPreview: (args) => call<RefundPreview>("refund_preview", args),
    issueRefund: (args) => call<IssuedRefund>("issue_refund", args),
    printRefund: (args) => call<PrintOutcome>("print_refund", args),
    exchangePreview: (args) => call<ExchangePreview>("exchange_preview", args),
    exchangeGoods: (args) => call<Exchanged>("exchange_goods", args),
    denominations: () => call<Array<string>>("denominations", {}),
    shiftReport: () => call<ShiftReport | null>("shift_report", {}),
    openShift: (args) => call<Shift>("open_shift", args),
    moveCash: (args) => call<CashMoved>("move_cash", args),
    noSale: (args) => call<NoSale>("no_sale", args),
    closeShift: (args) => call<ShiftClosed>("close_shift", args),
    printX: () => call<PrintOutcome>("print_x", {}),
    dayStatus: () => call<DayStatus>("day_status", {}),
    closeDay: (args) => call<DayClosed>("close_day", args),
    reopenDay: (args) => call<DayReopened>("reopen_day", args),
    zReport: (args) => call<ZReport>("z_report", args),
    printZ: (args) => call<PrintOutcome>("print_z", args),
    products: (args) => call<Array<Product>>("products", args),
    productAdd: (args) => call<Product>("product_add", args),
    productUpdate: (args) => call<Product>("product_update", args),
    productArchive: (args) => call<Product>("product_archive", args),
    catalogImportPick: () => call<ImportPick | null>("catalog_import_pick", {}),
    catalogImportCommit: (args) => call<ImportPreview>("catalog_import_commit", args),
    staffList: () => call<Array<StaffMember>>("staff_list", {}),
    staffAdd: (args) => call<StaffMember>("staff_add", args),
    staffResetPin: (args) => call<StaffMember>("staff_reset_pin", args),
    staffSetActive: (args) => call<StaffMember>("staff_set_active", args),
    settingsSave: (args) => call<Settings>("settings_save", args),
    savePolicy: (args) => call<Settings>("save_policy", args),
    staffSetRole: (args) => call<StaffMember>("staff_set_role", args),
    savePrinterSetup: (args) => call<PrinterSetup>("save_printer_setup", args),
    testPrint: () => call<PrintOutcome>("test_print", {}),
    recordTimeline: (args) => call<Array<Change>>("record_timeline", args),
    recordAt: (args) => call<RecordStep>("record_at", args),
    recordVersionAt: (args) => call<number>("record_version_at", args),
    orders: (args) => call<Array<OrderSummary>>("orders", args),
    timeline: (args) => call<Array<TimelineMark>>("timeline", args),
    timelineAt: (args) => call<TimelineStep>("timeline_at", args),
    orderAt: (args) => call<OrderView>("order_at", args),
    versionAt: (args) => call<number>("version_at", args),
    audit: (args) => call<Array<AuditEntry>>("audit", args),
    auditTotals: (args) => call<AuditTotals>("audit_totals", args),
    auditExport: (args) => call<string | null>("audit_export", args),
    verifyChain: () => call<VerifyReport>("verify_chain", {}),
    verifyHead: (args) => call<HeadReport>("verify_head", args),
    dayReport: (args) => call<DayReport>("day_report", args),
    dayReportExport: (args) => call<string | null>("day_report_export", args),
    backup: () => call<string | null>("backup", {}),
  };
}
