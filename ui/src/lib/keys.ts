// The register's keyboard: which key does what. Pure, so the footer, the key
// map overlay and the key handler all read the same table.

export type Action =
  | "add"
  | "lineUp"
  | "lineDown"
  | "search"
  | "quantity"
  | "removeLine"
  | "discount"
  | "removeDiscount"
  | "void"
  | "newOrder"
  | "openOrders"
  | "pay"
  | "backOffice"
  | "signOut"
  | "help";

export interface KeyLike {
  key: string;
  /** The physical key ("KeyH"), so Alt+letter works whatever the layout makes of it. */
  code?: string;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
  shiftKey?: boolean;
}

export interface Binding {
  action: Action;
  /** Keys as shown to people, first one is the main key. */
  keys: string[];
  /** Short label for the footer and buttons. */
  label: string;
  /** What it does, for the key map overlay. */
  help: string;
  /** Only for managers. */
  managerOnly?: boolean;
}

export const KEYMAP: readonly Binding[] = [
  { action: "add", keys: ["Enter"], label: "Add", help: "Ring up the code or barcode in the entry (3*CODE rings three)" },
  { action: "lineUp", keys: ["↑", "↓"], label: "Select line", help: "Select the line above / below" },
  { action: "search", keys: ["F2"], label: "Search", help: "Search the catalog by name" },
  { action: "quantity", keys: ["F3"], label: "Quantity", help: "Change the selected line's quantity" },
  { action: "removeLine", keys: ["F4", "Del"], label: "Remove", help: "Remove the selected line (with a reason)" },
  { action: "discount", keys: ["F5"], label: "Discount", help: "Discount the selected line or the whole order" },
  { action: "removeDiscount", keys: ["F6"], label: "Undo discount", help: "Remove a discount" },
  { action: "void", keys: ["F7"], label: "Void", help: "Void the order (needs a manager)" },
  { action: "newOrder", keys: ["F8"], label: "New order", help: "Start a new order; the current one stays open (parked)" },
  { action: "openOrders", keys: ["F9"], label: "Open orders", help: "List open orders and switch to one" },
  { action: "pay", keys: ["F12", "+"], label: "Pay", help: "Take payment (+ on an empty entry)" },
  { action: "backOffice", keys: ["F10"], label: "Back office", help: "Catalog, staff and settings", managerOnly: true },
  { action: "signOut", keys: ["F11", "Ctrl+L"], label: "Sign out", help: "Sign out or switch cashier" },
  { action: "help", keys: ["F1", "?"], label: "Keys", help: "Show all keys and the display settings (? on an empty entry)" },
];

const FUNCTION_KEYS: Record<string, Action> = {
  F1: "help",
  F2: "search",
  F3: "quantity",
  F4: "removeLine",
  F5: "discount",
  F6: "removeDiscount",
  F7: "void",
  F8: "newOrder",
  F9: "openOrders",
  F10: "backOffice",
  F11: "signOut",
  F12: "pay",
};

/** Function keys always belong to the till (never reload, find, full screen or dev tools). */
export function isFunctionKey(e: KeyLike): boolean {
  return /^F([1-9]|1[0-2])$/.test(e.key);
}

/**
 * The register action for a key pressed while the entry field has focus and no
 * modal is open. Keys that type into the entry (digits, letters, `*`) are never
 * actions, except `+` and `?` on an empty entry.
 */
export function actionForKey(e: KeyLike, ctx: { entryEmpty: boolean }): Action | null {
  if (e.metaKey) return null;
  if (e.ctrlKey && !e.altKey) return e.key.toLowerCase() === "l" ? "signOut" : null;
  if (e.altKey || e.ctrlKey) return null;
  const fn = FUNCTION_KEYS[e.key];
  if (fn) return fn;
  switch (e.key) {
    case "ArrowUp":
      return "lineUp";
    case "ArrowDown":
      return "lineDown";
    case "Delete":
      return ctx.entryEmpty ? "removeLine" : null;
    case "+":
      return ctx.entryEmpty ? "pay" : null;
    case "?":
      return ctx.entryEmpty ? "help" : null;
    default:
      return null;
  }
}

/** The keys shown for an action, e.g. "F4 / Del". */
export function keysFor(action: Action): string {
  return KEYMAP.find((b) => b.action === action)?.keys.join(" / ") ?? "";
}

/** The main key for an action, for a button's badge. */
export function keyFor(action: Action): string {
  return KEYMAP.find((b) => b.action === action)?.keys[0] ?? "";
}

// ── Screens (from anywhere, when no window is open) ──────────────────────

export type NavTarget = "register" | "history" | "orders" | "refund" | "drawer" | "audit" | "report";

export interface NavBinding {
  target: NavTarget;
  keys: string[];
  label: string;
  help: string;
  managerOnly?: boolean;
  /** The selector of its button in the top bar. */
  id: string;
}

export const NAV_KEYS: readonly NavBinding[] = [
  { target: "register", keys: ["Alt+T"], label: "Till", help: "Back to the register", id: "nav-register" },
  { target: "history", keys: ["Alt+H", "Ctrl+H"], label: "History", help: "The order's timeline: the one on the register, else the last one", id: "nav-history" },
  { target: "orders", keys: ["Alt+O"], label: "Orders", help: "Find any order; open its timeline, reprint, void, refund", id: "nav-orders" },
  { target: "refund", keys: ["Alt+F"], label: "Refund", help: "Give money back for goods returned: scan the receipt, pick the items", id: "nav-refund" },
  { target: "drawer", keys: ["Alt+D"], label: "Drawer", help: "The shift: open it with a float, drops and pay-outs, no sale, the X report, the blind close; then the day's Z report", id: "nav-drawer" },
  { target: "audit", keys: ["Alt+A"], label: "Audit", help: "Voids, discounts and decreases: who, who authorised, why", managerOnly: true, id: "nav-audit" },
  { target: "report", keys: ["Alt+R"], label: "Report", help: "A day's takings and the cash expected in the drawer", managerOnly: true, id: "nav-report" },
];

const NAV_LETTERS: Record<string, NavTarget> = { KeyT: "register", KeyH: "history", KeyO: "orders", KeyF: "refund", KeyD: "drawer", KeyA: "audit", KeyR: "report" };

/** The screen a key opens (Alt+letter, or Ctrl+H for the history), or null. */
export function navForKey(e: KeyLike): NavTarget | null {
  if (e.metaKey || e.shiftKey) return null;
  const code = e.code || (e.key.length === 1 ? `Key${e.key.toUpperCase()}` : "");
  if (e.ctrlKey && !e.altKey) return code === "KeyH" ? "history" : null;
  if (e.altKey && !e.ctrlKey) return NAV_LETTERS[code] ?? null;
  return null;
}

/** The keys shown for a screen, e.g. "Alt+O". */
export function navKeyFor(target: NavTarget): string {
  return NAV_KEYS.find((b) => b.target === target)?.keys[0] ?? "";
}

// ── Keys on each screen (footer and key map) ─────────────────────────────

export interface ScreenKey {
  keys: string[];
  label: string;
  help: string;
}

export const SCREEN_KEYS: Record<"history" | "record" | "orders" | "refund" | "drawer" | "audit" | "report" | "backoffice", readonly ScreenKey[]> = {
  history: [
    { keys: ["←", "→"], label: "Step", help: "One event earlier / later" },
    { keys: ["Home", "End"], label: "First / last", help: "The first / the last event" },
    { keys: ["PgUp", "PgDn"], label: "10 events", help: "Ten events earlier / later" },
    { keys: ["Shift+←", "Shift+→"], label: "Compare", help: "Select a range (also Shift+click): both versions side by side" },
    { keys: ["Space"], label: "Play", help: "Replay the order event by event; any key stops" },
    { keys: ["Esc"], label: "Back", help: "Back to one version, then to where you came from" },
  ],
  record: [
    { keys: ["←", "→"], label: "Step", help: "One change earlier / later" },
    { keys: ["Home", "End"], label: "First / last", help: "The first / the last change" },
    { keys: ["PgUp", "PgDn"], label: "10 changes", help: "Ten changes earlier / later" },
    { keys: ["Esc"], label: "Back", help: "Back to where you came from" },
  ],
  orders: [
    { keys: ["↑", "↓"], label: "Choose", help: "Choose an order" },
    { keys: ["Enter"], label: "History", help: "Open the order's timeline" },
    { keys: ["Ctrl+P"], label: "Reprint", help: "Reprint a paid order's receipt" },
    { keys: ["F7"], label: "Void", help: "Void the order (needs a manager)" },
    { keys: ["PgUp", "PgDn"], label: "Pages", help: "Newer / older orders" },
    { keys: ["Esc"], label: "Back", help: "Back to where you came from" },
  ],
  audit: [
    { keys: ["↑", "↓"], label: "Choose", help: "Choose an entry" },
    { keys: ["Enter"], label: "Open", help: "Open the order, or the product, policy or staff member changed, at exactly that moment" },
    { keys: ["Ctrl+S"], label: "Export", help: "Save the filtered trail as CSV" },
    { keys: ["Esc"], label: "Back", help: "Back to where you came from" },
  ],
  refund: [
    { keys: ["Enter"], label: "Find / add", help: "Find the sale by its receipt's number, or add goods brought back" },
    { keys: ["Esc"], label: "Back", help: "Back to where you came from" },
  ],
  drawer: [
    { keys: ["Enter"], label: "Record", help: "Open the shift, record a cash move or a no-sale, or close the shift (the form you are in)" },
    { keys: ["Esc"], label: "Back", help: "Back to where you came from" },
  ],
  report: [
    { keys: ["Ctrl+P"], label: "Print", help: "Print the report" },
    { keys: ["Ctrl+S"], label: "Export", help: "Save the report as CSV" },
    { keys: ["Esc"], label: "Back", help: "Back to where you came from" },
  ],
  backoffice: [
    { keys: ["Alt+1", "Alt+2", "Alt+3"], label: "Catalog · Staff · Settings", help: "Switch tab" },
    { keys: ["Alt+N"], label: "Add", help: "Add a product or a staff member" },
    { keys: ["Alt+B"], label: "Back up", help: "Back up the database" },
    { keys: ["Esc"], label: "Back", help: "Back to where you came from" },
  ],
};
