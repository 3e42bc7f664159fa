// Stable selectors for the end-to-end tests. The UI keeps these ids,
// attributes and classes; everything else may change.

// Sign in
/** Staff code field on the sign-in card. */
export const SIGNIN_CODE = "#signin-code";
/** PIN field on the sign-in card. */
export const SIGNIN_PIN = "#signin-pin";
/** Sign-in button (Enter in the PIN field does the same). */
export const SIGNIN_SUBMIT = "#signin-submit";
/** The refusal's message; attribute data-code holds the core's error code. */
export const SIGNIN_ERROR = "#signin-error";

// Shell
/** Shop name in the top bar. */
export const SHOP_NAME = "#shop-name";
/** Name of the signed-in staff member. */
export const STAFF_NAME = "#staff-name";
/** Role of the signed-in staff member ("cashier" or "manager"). */
export const STAFF_ROLE = "#staff-role";
/** Sign out / switch cashier (F11, Ctrl+L). */
export const SIGNOUT_BUTTON = "#signout-button";
/** Back office entry; present only for managers (F10). */
export const BACKOFFICE_BUTTON = "#backoffice-button";
/** Open orders button in the top bar (F9). */
export const OPEN_ORDERS_BUTTON = "#open-orders-button";
/** Number of parked orders, shown when there are any. */
export const PARKED_COUNT = "#parked-count";
/** Text of the last refused command; attribute data-code is its error code ("" when none). */
export const MESSAGE = "#message";
/** Last success notice (e.g. "Order 3 parked"), shown when there is no error. */
export const NOTICE = "#notice";
/** Commands queued or in flight; present only while there are any. */
export const PENDING = "#pending";
/** Footer status line: "Connected · N products · N orders". */
export const STATUS = "#status";
/** Footer key map (one li per key). */
export const KEYMAP = "#keymap";

// Register
/** The register screen; visible whenever the register is shown (also behind the sign-in card). */
export const REGISTER = "#register";
/** The entry field: barcode, SKU or 3*CODE, then Enter. */
export const ENTRY = "#entry";
/** Lines table body; one row per line: tr[data-line="<line id>"], class "removed" when voided, "selected" when selected. */
export const LINES = "#lines";
/** One line's row. */
export const lineRow = (lineId: number): string => `#lines tr[data-line="${lineId}"]`;
/** In a line row: quantity, product name (just the name), unit price, line discount, line total after discount. */
export const LINE_QTY = ".qty";
export const LINE_NAME = ".name";
export const LINE_UNIT = ".unit";
export const LINE_DISCOUNT = ".discount";
export const LINE_NET = ".net";
/** Discounts table body, one row per discount: tr[data-discount="<id>"], class "removed" when removed. */
export const DISCOUNTS = "#discounts";
/** Quick-add favourites; one button[data-sku] each (Alt+1…Alt+9). */
export const FAVOURITES = "#favourites";
/** Order number of the order shown ("—" when none). */
export const ORDER_NUMBER = "#order-number";
/** Status of the order shown: open, confirmed, voided (or "new" when none). */
export const ORDER_STATUS = "#order-status";
/** Totals: amounts only, exactly as the core computed them, two decimals. */
export const SUBTOTAL = "#subtotal";
export const DISCOUNT_TOTAL = "#discount-total";
export const TAX_TOTAL = "#tax-total";
export const TOTAL = "#total";
/** "Last sale: order N · change X" under the order header, shown when no order is open after a sale. */
export const LAST_SALE = "#last-sale";
/** Action buttons (each also has a key). */
export const PAY_BUTTON = "#pay-button";
export const ACTION_SEARCH = "#action-search";
export const ACTION_QUANTITY = "#action-quantity";
export const ACTION_REMOVE_LINE = "#action-remove-line";
export const ACTION_DISCOUNT = "#action-discount";
export const ACTION_REMOVE_DISCOUNT = "#action-remove-discount";
export const ACTION_NEW_ORDER = "#action-new-order";
export const ACTION_OPEN_ORDERS = "#action-open-orders";
export const ACTION_VOID = "#action-void";

// Modals (only one at a time)
/** The open modal's root; absent when none. Attribute data-modal names it (search, quantity, removeLine, discount, removeDiscount, manager, tender, receipt, void, openOrders, help, product, staffAdd, resetPin, import). */
export const MODAL = "#modal";
/** Primary action of the open modal (Enter does the same). On the receipt it is "New order". */
export const MODAL_OK = "#modal-ok";
/** Cancel / back (Escape does the same); absent on the receipt and the key map. */
export const MODAL_CANCEL = "#modal-cancel";
/** The refusal shown inside the modal; attribute data-code is the error code. */
export const MODAL_ERROR = "#modal-error";
/** Search field and results: li[data-sku], the highlighted one has class "active". */
export const SEARCH_INPUT = "#search-input";
export const SEARCH_RESULTS = "#search-results";
/** New quantity for the selected line. */
export const QTY_INPUT = "#qty-input";
/** Reason field (remove line, discount, void); preset buttons are button[data-reason]. */
export const REASON_INPUT = "#reason-input";
/** Discount form. */
export const DISCOUNT_VALUE = "#discount-value";
export const DISCOUNT_KIND_PERCENT = "#discount-kind-percent";
export const DISCOUNT_KIND_AMOUNT = "#discount-kind-amount";
export const DISCOUNT_SCOPE_ORDER = "#discount-scope-order";
export const DISCOUNT_SCOPE_LINE = "#discount-scope-line";
/** Discounts to remove: li[data-discount]. */
export const DISCOUNT_LIST = "#discount-list";
/** Manager code and PIN (approval modal and void modal). */
export const MANAGER_CODE = "#manager-code";
export const MANAGER_PIN = "#manager-pin";
/** What the approval is for (the core's message). */
export const APPROVAL_WHAT = "#approval-what";
/** Void question, "Void order 12 for 23.40 EUR?". */
export const VOID_QUESTION = "#void-question";
/** Tender: method tabs, amounts, quick cash buttons (button[data-amount]), change preview. */
export const TENDER_MODE_CASH = "#tender-mode-cash";
export const TENDER_MODE_CARD = "#tender-mode-card";
export const TENDER_MODE_SPLIT = "#tender-mode-split";
export const TENDER_TOTAL = "#tender-total";
export const CASH_INPUT = "#cash-input";
export const CARD_INPUT = "#card-input";
export const QUICK_CASH = "#quick-cash";
export const CHANGE_DUE = "#change-due";
/** "Still to pay X" while the tender does not cover the total. */
export const TENDER_REMAINING = "#tender-remaining";
/** Why the core would refuse the amounts typed (data-code: card_exceeds_due, invalid_amount…), instead of "Still to pay". */
export const TENDER_REFUSAL = "#tender-refusal";
/** Open orders: li[data-order="<order id>"]. */
export const OPEN_ORDERS = "#open-orders";
/** Receipt of the last sale, from the open orders list. */
export const LAST_RECEIPT = "#last-receipt";
/** Key map overlay table (F1 / ?). */
export const KEYMAP_FULL = "#keymap-full";

// Receipt (inside the receipt modal)
/** The printable receipt. */
export const RECEIPT = "#receipt";
/** Order number, total and change on the receipt. */
export const RECEIPT_NUMBER = "#receipt-number";
export const RECEIPT_TOTAL = "#receipt-total";
export const RECEIPT_CHANGE = "#receipt-change";
/** Print, save and void buttons next to the receipt. */
export const RECEIPT_PRINT = "#receipt-print";
export const RECEIPT_SAVE = "#receipt-save";
export const RECEIPT_VOID = "#receipt-void";
/** "Saved to <path>" / "Not saved" after Save. */
export const RECEIPT_SAVED = "#receipt-saved";

// Back office
/** The back office screen. */
export const BACKOFFICE = "#backoffice";
/** Tabs and the way back. */
export const BO_TAB_CATALOG = "#bo-tab-catalog";
export const BO_TAB_STAFF = "#bo-tab-staff";
export const BO_TAB_SETTINGS = "#bo-tab-settings";
export const BO_BACK = "#bo-back";
/** Catalog: search, archived toggle, rows tr[data-sku] with buttons .edit and .archive. */
export const PRODUCT_SEARCH = "#product-search";
export const PRODUCT_INCLUDE_ARCHIVED = "#product-include-archived";
export const PRODUCTS = "#products";
export const PRODUCT_ADD = "#product-add";
/** Product form (add / edit modal). */
export const PRODUCT_SKU = "#product-sku";
export const PRODUCT_BARCODE = "#product-barcode";
export const PRODUCT_NAME = "#product-name";
export const PRODUCT_PRICE = "#product-price";
export const PRODUCT_TAX = "#product-tax";
export const PRODUCT_FAVOURITE = "#product-favourite";
/** Catalog import: pick a file, preview rows tr[data-line] (bad ones have class bad-row and a td.error), summary. */
export const IMPORT_PICK = "#import-pick";
export const IMPORT_PREVIEW = "#import-preview";
export const IMPORT_SUMMARY = "#import-summary";
/** Staff: rows tr[data-staff="<id>"] with buttons .reset-pin and .toggle-active. */
export const STAFF = "#staff";
export const STAFF_ADD = "#staff-add";
/** Staff form (add modal) and reset PIN modal. */
export const STAFF_CODE = "#staff-code";
export const STAFF_NAME_INPUT = "#staff-name-input";
export const STAFF_ROLE_CASHIER = "#staff-role-cashier";
export const STAFF_ROLE_MANAGER = "#staff-role-manager";
export const STAFF_PIN = "#staff-pin";
export const NEW_PIN = "#new-pin";
/** Settings form. */
export const SETTINGS_SHOP_NAME = "#settings-shop-name";
export const SETTINGS_SHOP_ADDRESS = "#settings-shop-address";
export const SETTINGS_CURRENCY = "#settings-currency";
export const SETTINGS_SAVE = "#settings-save";
/** "Saved" after the settings were stored. */
export const SETTINGS_SAVED = "#settings-saved";
/** The discount and void policy form: the cashier's limits, the hard maximum, the line rule (never/always/when) and its two conditions. */
export const POLICY_CASHIER_PERCENT = "#policy-cashier-percent";
export const POLICY_CASHIER_AMOUNT = "#policy-cashier-amount";
export const POLICY_HARD_MAX = "#policy-hard-max";
export const POLICY_LINE_REDUCTION = "#policy-line-reduction";
export const POLICY_LINE_MINUTES = "#policy-line-minutes";
export const POLICY_LINE_AMOUNT = "#policy-line-amount";
export const POLICY_SAVE = "#policy-save";
/** "Saved" after the policy was stored. */
export const POLICY_SAVED = "#policy-saved";
/** The core's refusal under the field it is about (e.g. cashierDiscountPercentMax), with data-code. */
export const policyError = (field: string) => `#policy-error-${field}`;
/** Back up the database (the native save dialog), then "Backed up to <path>" / "Not backed up (cancelled)" or the core's message in #backup-result (data-code). */
export const BACKUP_BUTTON = "#backup-button";
export const BACKUP_RESULT = "#backup-result";

// Navigation (top bar; each also has a key, listed in the footer and the key map)
/** The register (Alt+T). */
export const NAV_REGISTER = "#nav-register";
/** The timeline of the order on the register, else the last one looked at (Alt+H, Ctrl+H). */
export const NAV_HISTORY = "#nav-history";
/** The orders browser (Alt+O). */
export const NAV_ORDERS = "#nav-orders";
/** The audit trail (Alt+A); present only for managers. */
export const NAV_AUDIT = "#nav-audit";
/** The day report (Alt+R); present only for managers. */
export const NAV_REPORT = "#nav-report";
/** Shown on every screen while the event chain is broken ("… tampered with at position N …"); data-position is N. */
export const INTEGRITY_BANNER = "#integrity-banner";
/** Hides the banner until the next sign-in. */
export const INTEGRITY_DISMISS = "#integrity-dismiss";

// Order timeline (the address is #/order/<id>/v/<version>, or …/v/<a>..<b> when comparing)
/** The timeline screen; data-order is the order id, data-count its number of events. */
export const TIMELINE = "#timeline";
/** The scrubber; up to 200 events it has one mark per event, [data-version] (data-kind is the event kind); longer orders are drawn on a canvas. */
export const SCRUBBER = "#scrubber";
/** One event's mark on the scrubber (click selects it, Shift+click extends a range). */
export const scrubberMark = (version: number): string => `#scrubber .mark[data-version="${version}"]`;
/** The draggable handle (role slider; aria-valuenow is the selected version). */
export const SCRUBBER_HANDLE = "#scrubber-handle";
/**
 * The order as it was at the selected version. data-version is the version
 * selected; data-rendered-version is the version the panel's content shows,
 * set in the same update as the content (equal once the core has answered).
 * Rows tr[data-line] with .qty, .name, .net and class "removed"; what the
 * selected event changed has class mark-added, mark-changed or mark-removed
 * (a quantity change also shows .qty-from "3 →"); discounts tr[data-discount].
 */
export const TIMELINE_PANEL = "#timeline-panel";
/** The panel's totals and status, two decimals as the core sent them. */
export const TL_TOTAL = "#tl-total";
export const TL_SUBTOTAL = "#tl-subtotal";
export const TL_DISCOUNT_TOTAL = "#tl-discount-total";
export const TL_TAX_TOTAL = "#tl-tax-total";
export const TL_STATUS = "#tl-status";
/** The selected event: plain words, who, who authorised it ("" when nobody), its reason ("" when none), local time, "v7 of 12", the total after. */
export const EVENT_CARD = "#event-card";
export const EVENT_SUMMARY = "#event-summary";
export const EVENT_ACTOR = "#event-actor";
export const EVENT_AUTHORISER = "#event-authoriser";
export const EVENT_REASON = "#event-reason";
export const EVENT_TIME = "#event-time";
export const EVENT_VERSION = "#event-version";
export const EVENT_TOTAL_AFTER = "#event-total-after";
/** Replay (Space); aria-pressed is "true" while playing. */
export const PLAY = "#play";
/** "As of" a local time (input type=datetime-local, seconds allowed) and its button; a refusal (e.g. not_yet_opened) shows in #asof-error with data-code. */
export const ASOF_INPUT = "#asof-input";
export const ASOF_GO = "#asof-go";
export const ASOF_ERROR = "#asof-error";
/** Two versions side by side (a range selected with Shift): panels [data-side="left"] (lower version) and [data-side="right"], each with data-version / data-rendered-version and the same rows as the timeline panel; the right side marks what differs. */
export const COMPARE = "#compare";

// Orders browser
/** Rows of the orders list, newest first: tr[data-order="<id>"] with data-status; buttons .open-timeline, .reprint (paid orders), .void. */
export const ORDERS = "#orders";
export const ORDERS_NUMBER = "#orders-number";
/** Status select: "", open, confirmed, voided. */
export const ORDERS_STATUS = "#orders-status";
export const ORDERS_CASHIER = "#orders-cashier";
/** Local dates (input type=date), inclusive. */
export const ORDERS_FROM = "#orders-from";
export const ORDERS_TO = "#orders-to";
export const ORDERS_MIN_TOTAL = "#orders-min-total";
/** Newer / older pages. */
export const ORDERS_NEWER = "#orders-newer";
export const ORDERS_OLDER = "#orders-older";

// Audit trail (managers)
/** Rows, newest first: tr[data-position] (data-order, data-version, data-kind) with cells .kind, .amount, .actor, .authoriser, .reason, .order. A click (or Enter on the selected row) opens the timeline at data-version. */
export const AUDIT = "#audit";
export const AUDIT_ROW_KIND = ".kind";
export const AUDIT_ROW_AMOUNT = ".amount";
export const AUDIT_ROW_ACTOR = ".actor";
export const AUDIT_ROW_AUTHORISER = ".authoriser";
export const AUDIT_ROW_REASON = ".reason";
export const AUDIT_ROW_ORDER = ".order";
/** Kind filter checkboxes: orderVoid, lineVoid, discount, discountRemoval, quantityDecrease (none checked: every kind). */
export const auditKind = (kind: string): string => `#audit-kind-${kind}`;
export const AUDIT_STAFF = "#audit-staff";
export const AUDIT_FROM = "#audit-from";
export const AUDIT_TO = "#audit-to";
export const AUDIT_MIN_AMOUNT = "#audit-min-amount";
/** Export CSV (the native save dialog); "Saved to <path>" / "Not saved" in #audit-exported. */
export const AUDIT_EXPORT = "#audit-export";
export const AUDIT_EXPORTED = "#audit-exported";
/** A refusal of the trail (e.g. manager_only), data-code. */
export const AUDIT_ERROR = "#audit-error";
/** Totals of the filtered trail: data-count, data-amount; bars li[data-key] per kind and per staff id. */
export const AUDIT_TOTALS = "#audit-totals";
/** Checks the event chain; the answer is #verify-result with data-intact "true" ("All N events intact") or "false" (the position and the problem). */
export const VERIFY_RUN = "#verify-run";
export const VERIFY_RESULT = "#verify-result";
/** A chain head typed in from paper (POSITION:HASH), checked by #head-check; the answer is #head-result with
 * data-intact and data-finding (passes, truncated, rewritten, chainBroken) and #head-message (the core's words),
 * or #head-error (data-code bad_head) for a head that is not one. */
export const HEAD_INPUT = "#head-input";
export const HEAD_CHECK = "#head-check";
export const HEAD_RESULT = "#head-result";
export const HEAD_MESSAGE = "#head-message";
export const HEAD_ERROR = "#head-error";

// Day report (managers)
/** The printable report. */
export const REPORT = "#report";
/** Local date (input type=date, today by default) and till ("this" or "all"). */
export const REPORT_DATE = "#report-date";
export const REPORT_TERMINAL = "#report-terminal";
/** Figures for the whole till (two decimals). */
export const REPORT_NET = "#report-net";
export const REPORT_GROSS = "#report-gross";
export const REPORT_DISCOUNTS = "#report-discounts";
export const REPORT_VOIDS = "#report-voids";
export const REPORT_CASH_EXPECTED = "#report-cash-expected";
/** Per cashier rows tr[data-cashier]. */
export const REPORT_CASHIERS = "#report-cashiers";
/** The chain head as of the report, short form (POSITION:12 hex digits); data-position and data-hash hold it whole. */
export const REPORT_HEAD = "#report-head";
/** Export CSV ("Saved to <path>" / "Not saved" in #report-exported) and print. */
export const REPORT_EXPORT = "#report-export";
export const REPORT_EXPORTED = "#report-exported";
export const REPORT_PRINT = "#report-print";
