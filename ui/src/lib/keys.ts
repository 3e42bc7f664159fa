// The register's keyboard: which key does what. Pure, so the footer, the key
// map overlay and the key handler all read the same table. Labels and help
// are read from the catalog when shown (getters), in the language shown.

import { t, type MessageKey } from "./i18n/locale.svelte";

/** An entry's label and help, looked up in the catalog each time they are read. */
function words<T extends object>(entry: T, label: MessageKey, help: MessageKey): T & { readonly label: string; readonly help: string } {
  return Object.defineProperties(entry, {
    label: { get: () => t(label), enumerable: true },
    help: { get: () => t(help), enumerable: true },
  }) as T & { readonly label: string; readonly help: string };
}

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

const bind = (b: Omit<Binding, "label" | "help">): Binding => words(b, `key.${b.action}` as MessageKey, `key.${b.action}.help` as MessageKey);

export const KEYMAP: readonly Binding[] = [
  bind({ action: "add", keys: ["Enter"] }),
  bind({ action: "lineUp", keys: ["↑", "↓"] }),
  bind({ action: "search", keys: ["F2"] }),
  bind({ action: "quantity", keys: ["F3"] }),
  bind({ action: "removeLine", keys: ["F4", "Del"] }),
  bind({ action: "discount", keys: ["F5"] }),
  bind({ action: "removeDiscount", keys: ["F6"] }),
  bind({ action: "void", keys: ["F7"] }),
  bind({ action: "newOrder", keys: ["F8"] }),
  bind({ action: "openOrders", keys: ["F9"] }),
  bind({ action: "pay", keys: ["F12", "+"] }),
  bind({ action: "backOffice", keys: ["F10"], managerOnly: true }),
  bind({ action: "signOut", keys: ["F11", "Ctrl+L"] }),
  bind({ action: "help", keys: ["F1", "?"] }),
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

const nav = (n: Omit<NavBinding, "label" | "help">): NavBinding => words(n, `nav.${n.target}` as MessageKey, `nav.${n.target}.help` as MessageKey);

export const NAV_KEYS: readonly NavBinding[] = [
  nav({ target: "register", keys: ["Alt+T"], id: "nav-register" }),
  nav({ target: "history", keys: ["Alt+H", "Ctrl+H"], id: "nav-history" }),
  nav({ target: "orders", keys: ["Alt+O"], id: "nav-orders" }),
  nav({ target: "refund", keys: ["Alt+F"], id: "nav-refund" }),
  nav({ target: "drawer", keys: ["Alt+D"], id: "nav-drawer" }),
  nav({ target: "audit", keys: ["Alt+A"], managerOnly: true, id: "nav-audit" }),
  nav({ target: "report", keys: ["Alt+R"], managerOnly: true, id: "nav-report" }),
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

const sk = (keys: string[], label: MessageKey, help: MessageKey): ScreenKey => words({ keys }, label, help);
const BACK = sk(["Esc"], "screenKey.back", "screenKey.backHelp");

export const SCREEN_KEYS: Record<"history" | "record" | "orders" | "refund" | "drawer" | "audit" | "report" | "backoffice", readonly ScreenKey[]> = {
  history: [
    sk(["←", "→"], "screenKey.step", "screenKey.history.step"),
    sk(["Home", "End"], "screenKey.firstLast", "screenKey.history.firstLast"),
    sk(["PgUp", "PgDn"], "screenKey.history.ten", "screenKey.history.tenHelp"),
    sk(["Shift+←", "Shift+→"], "screenKey.history.compare", "screenKey.history.compareHelp"),
    sk(["Space"], "screenKey.history.play", "screenKey.history.playHelp"),
    sk(["Esc"], "screenKey.back", "screenKey.history.backHelp"),
  ],
  record: [
    sk(["←", "→"], "screenKey.step", "screenKey.record.step"),
    sk(["Home", "End"], "screenKey.firstLast", "screenKey.record.firstLast"),
    sk(["PgUp", "PgDn"], "screenKey.record.ten", "screenKey.record.tenHelp"),
    BACK,
  ],
  orders: [
    sk(["↑", "↓"], "screenKey.choose", "screenKey.orders.choose"),
    sk(["Enter"], "screenKey.orders.history", "screenKey.orders.historyHelp"),
    sk(["Ctrl+P"], "screenKey.orders.reprint", "screenKey.orders.reprintHelp"),
    sk(["F7"], "key.void", "key.void.help"),
    sk(["PgUp", "PgDn"], "screenKey.orders.pages", "screenKey.orders.pagesHelp"),
    BACK,
  ],
  audit: [
    sk(["↑", "↓"], "screenKey.choose", "screenKey.audit.choose"),
    sk(["Enter"], "screenKey.audit.open", "screenKey.audit.openHelp"),
    sk(["Ctrl+S"], "screenKey.export", "screenKey.audit.exportHelp"),
    BACK,
  ],
  refund: [sk(["Enter"], "screenKey.refund.find", "screenKey.refund.findHelp"), BACK],
  drawer: [sk(["Enter"], "screenKey.drawer.record", "screenKey.drawer.recordHelp"), BACK],
  report: [
    sk(["Ctrl+P"], "screenKey.print", "screenKey.report.printHelp"),
    sk(["Ctrl+S"], "screenKey.export", "screenKey.report.exportHelp"),
    BACK,
  ],
  backoffice: [
    sk(["Alt+1", "Alt+2", "Alt+3"], "screenKey.backoffice.tabs", "screenKey.backoffice.tabsHelp"),
    sk(["Alt+N"], "key.add", "screenKey.backoffice.addHelp"),
    sk(["Alt+B"], "screenKey.backoffice.backup", "screenKey.backoffice.backupHelp"),
    BACK,
  ],
};
