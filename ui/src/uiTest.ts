// Helpers for the UI tests: mount the app in happy-dom on a fresh till of the
// real core (`pos serve`, started once by test/posServe.ts), its IPC routed
// there, and drive it as a person would (keys, clicks, typing).

import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { flushSync, mount, unmount } from "svelte";
import { AppState } from "./app.svelte";
import { api } from "./bindings/api";
import App from "./components/App.svelte";
import { ipcCall } from "./lib/ipc";
import { setTimeZone } from "./lib/zone";
import { CoreTill, type TillOptions } from "./test/core";

let app: Record<string, unknown> | null = null;
let current: AppState | null = null;
let currentCore: CoreTill | null = null;

export function cleanup(): void {
  if (app) unmount(app);
  app = null;
  // The app is gone, so nothing waits on this till any more.
  void currentCore?.close().catch(() => undefined);
  currentCore = null;
  // Nothing of this till may touch the next test (a replay, a pending address update).
  current?.history.reset();
  current?.records.reset();
  current = null;
  clearMocks();
  setTimeZone(null);
  document.body.innerHTML = "";
  window.history.replaceState(null, "", "/");
}

export const $ = <T extends Element = HTMLElement>(css: string) => document.querySelector<T>(css);
export const $$ = (css: string) => [...document.querySelectorAll<HTMLElement>(css)];
export const text = (css: string) => $(css)?.textContent?.trim() ?? "";

export async function waitFor<T>(probe: () => T | null | undefined | false, what = "condition", ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    flushSync();
    const v = probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export function type(css: string, value: string): void {
  const el = $<HTMLInputElement>(css);
  if (!el) throw new Error(`no ${css}`);
  el.value = value;
  el.dispatchEvent(new Event("input", { bubbles: true }));
  el.dispatchEvent(new Event("change", { bubbles: true }));
  flushSync();
}

export function submit(css: string): void {
  const el = $<HTMLElement>(css)!;
  const form = el instanceof HTMLFormElement ? el : el.closest("form")!;
  form.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
  flushSync();
}

export function click(css: string): void {
  const el = $<HTMLElement>(css);
  if (!el) throw new Error(`no ${css}`);
  el.click();
  flushSync();
}

/** A key pressed where the focus is (Alt+letter and Ctrl+letter need `code`). */
export function press(key: string, init: KeyboardEventInit = {}): void {
  const target = document.activeElement ?? document.body;
  const event = new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true, ...init });
  target.dispatchEvent(event);
  if (key === "Enter" && !event.defaultPrevented && target instanceof HTMLButtonElement) target.click();
  flushSync();
}

export const alt = (letter: string) => press(letter.toLowerCase(), { altKey: true, code: `Key${letter.toUpperCase()}` });

/** One IPC call the app made, with its arguments as sent. */
export interface Sent {
  command: string;
  args: Record<string, unknown>;
  /** Still waiting for the core's answer. */
  pending: boolean;
}

/** What the app sent over IPC, for tests of UI behaviour (command ids, what a modal sends, requests in flight). */
export class IpcLog {
  readonly sent: Sent[] = [];
  private readonly peaks = new Map<string, number>();

  of(command: string): Sent[] {
    return this.sent.filter((s) => s.command === command);
  }

  /** Most calls of `command` in flight at once since the last `clear()`. */
  peak(command: string): number {
    return this.peaks.get(command) ?? 0;
  }

  clear(): void {
    this.sent.length = 0;
    this.peaks.clear();
  }

  record(command: string, args: Record<string, unknown>): Sent {
    const s: Sent = { command, args: JSON.parse(JSON.stringify(args)) as Record<string, unknown>, pending: true };
    this.sent.push(s);
    const inFlight = this.sent.filter((x) => x.pending && x.command === command).length;
    this.peaks.set(command, Math.max(this.peak(command), inFlight));
    return s;
  }
}

export interface StartOptions extends TillOptions {
  /** Milliseconds the app waits for each answer (a slow core, to see the UI wait), for every command or by command. */
  delayMs?: number | ((command: string) => number);
  /** Done on the core before the app starts (orders of the day, a damaged event…). */
  before?: (core: CoreTill) => Promise<unknown>;
}

/** Mounts the app on a fresh till of the real core; resolves once the sign-in card (or, without the demo, the setup card) shows. */
export async function start(options: StartOptions = {}) {
  const { delayMs, before, ...till } = options;
  const core = await CoreTill.create(till);
  currentCore = core;
  if (before) await before(core);
  const ipc = new IpcLog();
  mockIPC(async (command, args) => {
    const sent = ipc.record(command, (args ?? {}) as Record<string, unknown>);
    try {
      const delay = typeof delayMs === "function" ? delayMs(command) : (delayMs ?? 0);
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      return await core.call(command, sent.args);
    } finally {
      sent.pending = false;
    }
  });
  const state = new AppState(api(ipcCall));
  app = mount(App, { target: document.body, props: { app: state } });
  current = state;
  await waitFor(() => (till.demo === false ? $("#setup-shop-name") : $("#signin-code")), till.demo === false ? "setup" : "sign-in");
  return { app: state, core, ipc };
}

/** Signs in the demo manager and opens the back office on `tab` (Alt+1…3: catalog, staff, settings). */
export async function openBackOffice(tab: 1 | 2 | 3 = 1): Promise<void> {
  await signIn("9001", "9999");
  press("F10");
  await waitFor(() => $$("#products tr[data-sku]").length > 0, "the catalog");
  if (tab !== 1) press(String(tab), { altKey: true, code: `Digit${tab}` });
}

export async function signIn(code = "1001", pin = "1234"): Promise<void> {
  type("#signin-code", code);
  type("#signin-pin", pin);
  submit("#signin-submit");
  await waitFor(() => !$("#signin-code") && $("#staff-name"), "signed in");
}

/** Types a code into the entry and presses Enter, as a scanner does; the test waits for what follows. */
export function enter(code: string): void {
  type("#entry", code);
  submit("#entry");
}

/** Rings up `code` alone and pays it in cash with the exact amount (Alt+1); resolves on the receipt. */
export async function sell(code: string): Promise<void> {
  enter(code);
  await waitFor(() => $('#lines tr[data-line="1"]'), "a line");
  press("F12");
  await waitFor(() => $("#quick-cash button"), "tender");
  press("1", { altKey: true, code: "Digit1" });
  press("Enter");
  await waitFor(() => $("#receipt-total"), "receipt");
}

/** Enters a code and resolves once it has added a line. */
export async function scan(code: string): Promise<void> {
  const before = $$("#lines tr[data-line]").length;
  enter(code);
  await waitFor(() => $$("#lines tr[data-line]").length > before, `line for ${code}`);
}

/** The timeline panel once it shows `version`. */
export const panelAt = (version: number) =>
  waitFor(() => $(`#timeline-panel[data-version="${version}"][data-rendered-version="${version}"]`), `panel at v${version}`);
